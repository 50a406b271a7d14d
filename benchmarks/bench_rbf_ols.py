"""RBF centres by orthogonal least squares vs k-means, and RBF-DDA vs the k-means RBF classifier.

1. Regression (issue 31's goal: the same test error with fewer centres): ``RBFRegressor`` with
   ``centers="ols"`` (Chen, Cowan & Grant 1991; MATLAB newrb) and with ``centers="kmeans"``, both
   with their default widths, on friedman1 (10 features, noise 1) and a noisy sinc
   (``sin(pi x)/(pi x)`` on [-5, 5], noise 0.1): test MSE against the number of centres, fit
   time, and the fewest k-means centres and OLS centres that reach each test error.
2. Classification: ``RBFDDAClassifier`` (Berthold & Diamond 1995; RSNNS rbfDDA, which is R and
   not run here) against ``RBFClassifier`` with k-means centres, on iris and digits (3/4 train,
   stratified): test accuracy, number of prototypes / centres, fit time.

Run:  python benchmarks/bench_rbf_ols.py [--n-train 1000] [--repeats 1]
"""

import argparse
import time

import numpy as np
from sklearn.datasets import load_digits, load_iris, make_friedman1
from sklearn.model_selection import train_test_split

from zoo.rbf import RBFClassifier, RBFDDAClassifier, RBFRegressor

CENTERS = (5, 10, 20, 40, 80, 160)


def _sinc(n, rng):
    X = rng.uniform(-5, 5, (n, 1))
    return X, np.sinc(X[:, 0]) + rng.normal(0, 0.1, n)


def _timed(fit, repeats):
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        model = fit()
        best = min(best, time.perf_counter() - start)
    return model, best


def regression(name, X, y, X_test, y_test, repeats):
    print(f"\n{name}: n_train={len(y)}, n_test={len(y_test)}; test MSE (fit s)")
    print(f"{'centres':>8} {'OLS':>16} {'k-means':>16}")
    errors = {"ols": {}, "kmeans": {}}
    for k in CENTERS:
        row = []
        for centers in ("ols", "kmeans"):
            model, seconds = _timed(
                lambda: RBFRegressor(n_centers=k, centers=centers, random_state=0).fit(X, y),
                repeats,
            )
            mse = float(np.mean((model.predict(X_test) - y_test) ** 2))
            errors[centers][k] = mse
            row.append(f"{mse:9.4f} ({seconds:4.2f})")
        print(f"{k:>8} {row[0]:>16} {row[1]:>16}")
    for k in CENTERS:
        target = errors["kmeans"][k]
        fewest = min((j for j in CENTERS if errors["ols"][j] <= target), default=None)
        print(f"  k-means error with {k:>3} centres ({target:.4f}): OLS reaches it with {fewest}")


def classification(name, X, y, repeats):
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0, stratify=y)
    print(f"\n{name}: n_train={len(y_train)}")
    dda, t_dda = _timed(lambda: RBFDDAClassifier().fit(X_train, y_train), repeats)
    k = len(dda.centers_)
    print(
        f"  RBF-DDA: accuracy {dda.score(X_test, y_test):.4f}, {k} prototypes, "
        f"{dda.n_iter_} epochs, fit {t_dda:.3f} s"
    )
    for n_centers in sorted({k, 100}):
        km, t_km = _timed(
            lambda: RBFClassifier(n_centers=n_centers, random_state=0).fit(X_train, y_train),
            repeats,
        )
        print(
            f"  k-means RBF: accuracy {km.score(X_test, y_test):.4f}, {len(km.centers_)} "
            f"centres, fit {t_km:.3f} s (time DDA / k-means {t_dda / t_km:.2f})"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-train", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    X, y = make_friedman1(args.n_train + 2000, noise=1.0, random_state=0)
    regression(
        "friedman1", X[: args.n_train], y[: args.n_train], X[-2000:], y[-2000:], args.repeats
    )
    rng = np.random.default_rng(0)
    X, y = _sinc(args.n_train, rng)
    X_test = np.linspace(-5, 5, 2000)[:, None]
    regression(
        "noisy sinc (test on the noiseless sinc)", X, y, X_test, np.sinc(X_test[:, 0]), args.repeats
    )
    classification("iris", *load_iris(return_X_y=True), args.repeats)
    classification("digits", *load_digits(return_X_y=True), args.repeats)


if __name__ == "__main__":
    main()
