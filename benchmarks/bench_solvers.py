"""Training algorithms for a small regression net: zoo's lm (Levenberg-Marquardt), lm with
alpha="bayes", rprop and quickprop against lbfgs and adam (zoo's, and scikit-learn's as the peer).

Two small regression problems, as in MATLAB's toolbox examples where ``trainlm`` is the default:
scikit-learn's diabetes (442 x 10) and ``make_friedman1`` (1,000 x 10, noise 1), inputs and
target standardised on the training half, a 10-hidden-unit tanh net, five seeds. Prints per
solver the median test MSE, epochs (iterations) and seconds, and the ratios of lm to adam and
lbfgs; ``--out`` saves the training-loss curves (median seed) as a plot.

    python benchmarks/bench_solvers.py [--seeds 5] [--hidden 10] [--out docs/solvers.png]
"""

import argparse
import time
import warnings

import numpy as np
from sklearn.datasets import load_diabetes, make_friedman1
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import mean_squared_error
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPRegressor as SkMLPRegressor
from sklearn.preprocessing import StandardScaler

from zoo.mlp import MLPRegressor

SOLVERS = {
    "lm": (MLPRegressor, dict(solver="lm")),
    "lm bayes": (MLPRegressor, dict(solver="lm", alpha="bayes")),
    "lbfgs": (MLPRegressor, dict(solver="lbfgs", max_iter=2000)),
    "adam": (MLPRegressor, dict(solver="adam", learning_rate_init=0.01, max_iter=2000)),
    "rprop": (MLPRegressor, dict(solver="rprop", max_iter=2000)),
    "quickprop": (MLPRegressor, dict(solver="quickprop", learning_rate_init=0.1, max_iter=2000)),
    "sklearn lbfgs": (SkMLPRegressor, dict(solver="lbfgs", max_iter=2000)),
    "sklearn adam": (SkMLPRegressor, dict(solver="adam", learning_rate_init=0.01, max_iter=2000)),
}


def problems():
    X, y = load_diabetes(return_X_y=True)
    yield "diabetes", X, y
    X, y = make_friedman1(n_samples=1000, noise=1.0, random_state=0)
    yield "friedman1", X, y


def split(X, y, seed):
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=seed)
    scaler = StandardScaler().fit(X_train)
    mean, std = y_train.mean(), y_train.std()
    return (
        scaler.transform(X_train),
        scaler.transform(X_test),
        (y_train - mean) / std,
        (y_test - mean) / std,
    )


def run(seeds, hidden):
    results = {}
    for name, X, y in problems():
        for seed in range(seeds):
            X_train, X_test, y_train, y_test = split(X, y, seed)
            for solver, (cls, params) in SOLVERS.items():
                model = cls(hidden_layer_sizes=(hidden,), activation="tanh", random_state=seed)
                model.set_params(**params)
                start = time.perf_counter()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    model.fit(X_train, y_train)
                seconds = time.perf_counter() - start
                mse = mean_squared_error(y_test, model.predict(X_test))
                results.setdefault((name, solver), []).append(
                    (mse, model.n_iter_, seconds, list(getattr(model, "loss_curve_", [])))
                )
    return results


def report(results, seeds, hidden):
    print(f"median over {seeds} seeds, {hidden} tanh hidden units, target standardised (var 1)")
    for name in dict.fromkeys(key[0] for key in results):
        print(f"\n{name}")
        print(f"  {'solver':<14}{'test MSE':>10}{'epochs':>8}{'seconds':>9}")
        medians = {}
        for (problem, solver), runs in results.items():
            if problem != name:
                continue
            mse, epochs, seconds = np.median(np.array([r[:3] for r in runs]), axis=0)
            medians[solver] = (mse, epochs, seconds)
            print(f"  {solver:<14}{mse:>10.4f}{epochs:>8.0f}{seconds:>9.3f}")
        lm = medians["lm"]
        for other in ["adam", "lbfgs", "sklearn adam", "sklearn lbfgs"]:
            mse, epochs, seconds = medians[other]
            print(
                f"  lm / {other:<14} MSE {lm[0] / mse:.2f}, epochs {lm[1] / epochs:.3f}, "
                f"time {lm[2] / seconds:.2f}"
            )


def plot(results, out):
    import matplotlib  # noqa: PLC0415 (an extra)

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    names = list(dict.fromkeys(key[0] for key in results))
    fig, axes = plt.subplots(1, len(names), figsize=(6 * len(names), 4.2))
    for axis, name in zip(np.atleast_1d(axes), names):
        for (problem, solver), runs in results.items():
            if problem != name or solver.startswith("sklearn"):
                continue
            order = np.argsort([r[0] for r in runs])
            curve = runs[order[len(runs) // 2]][3]  # the median seed's curve
            axis.plot(np.arange(1, len(curve) + 1), curve, label=solver)
        axis.set(xscale="log", yscale="log", xlabel="epoch (iteration)", title=name)
        axis.set_ylabel("training loss (1/2 MSE + penalty)")
        axis.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print(f"\nloss curves saved to {out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--hidden", type=int, default=10)
    parser.add_argument("--out", default=None, help="save the loss curves to this image")
    args = parser.parse_args()
    results = run(args.seeds, args.hidden)
    report(results, args.seeds, args.hidden)
    if args.out:
        plot(results, args.out)


if __name__ == "__main__":
    main()
