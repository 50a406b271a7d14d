"""zoo MLPClassifier vs scikit-learn MLPClassifier on the same data, in one process.

A 784-300-10 network, adam, batch 128, a few epochs on a 20,000 x 784 digit-like set (scikit-learn's
8x8 digits upsampled to 28x28 with random shifts and noise: no download), at float64 and float32.
Prints both times, the ratio zoo/sklearn and both test accuracies, and the floor both share: the
time of the batch's matrix products alone (forward, weight gradients, back-propagated delta), run
with the same shapes, dtype and threads. What a library spends above that floor is its own
overhead: the optimizer's elementwise passes, activations, loss, minibatch gathering.

    python benchmarks/bench_mlp.py [--n-samples 20000] [--epochs 5] [--repeats 2]
"""

import argparse
import time
import warnings

import numpy as np
from scipy.ndimage import shift as nd_shift
from scipy.ndimage import zoom
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier as SkMLPClassifier

from zoo.mlp import MLPClassifier


def digit_like(n_samples, random_state=0):
    """28x28 digits: load_digits upsampled, jittered by up to 2 pixels, plus pixel noise."""
    rng = np.random.default_rng(random_state)
    digits = load_digits()
    images = zoom(digits.images / 16.0, (1, 3.5, 3.5), order=1)  # (1797, 28, 28)
    picks = rng.integers(0, len(images), n_samples)
    X = np.empty((n_samples, 784))
    for row, index in enumerate(picks):
        dy, dx = rng.integers(-2, 3, 2)
        X[row] = nd_shift(images[index], (dy, dx), order=0).ravel()
    X += rng.normal(0.0, 0.1, X.shape)
    return np.clip(X, 0.0, 1.0), digits.target[picks]


def fit_once(cls, X_train, y_train, epochs):
    model = cls(
        hidden_layer_sizes=(300,),
        solver="adam",
        batch_size=128,
        max_iter=epochs,
        random_state=0,
        tol=0.0,
        n_iter_no_change=epochs + 1,
    )
    wall, cpu = time.perf_counter(), time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X_train, y_train)
    return model, time.perf_counter() - wall, time.process_time() - cpu


def compare(X_train, y_train, X_test, y_test, epochs, repeats, dtype):
    """Best-of-``repeats`` wall and CPU seconds of zoo and sklearn, runs interleaved so that a
    busy machine slows both alike; and both test accuracies."""
    results = {}
    X_train, X_test = X_train.astype(dtype), X_test.astype(dtype)
    for _ in range(repeats):
        for name, cls in (("sklearn", SkMLPClassifier), ("zoo", MLPClassifier)):
            model, wall, cpu = fit_once(cls, X_train, y_train, epochs)
            best = results.get(name, (np.inf, np.inf, None))
            results[name] = (min(best[0], wall), min(best[1], cpu), model.score(X_test, y_test))
    return results


def gemm_floor(n_samples, n_features, n_hidden, n_classes, batch_size, epochs, dtype, repeats):
    """Seconds of the matrix products of ``epochs`` epochs of a one-hidden-layer MLP, nothing else:
    per batch X W1, A W2, A^T D2, D2 W2^T and X^T D1 (best of ``repeats``)."""
    rng = np.random.default_rng(0)
    X = rng.random((batch_size, n_features)).astype(dtype)
    W1 = rng.random((n_features, n_hidden)).astype(dtype)
    W2 = rng.random((n_hidden, n_classes)).astype(dtype)
    A, D1 = np.empty((batch_size, n_hidden), dtype), np.empty((batch_size, n_hidden), dtype)
    D2 = rng.random((batch_size, n_classes)).astype(dtype)
    G1, G2 = np.empty_like(W1), np.empty_like(W2)
    out = np.empty((batch_size, n_classes), dtype)
    n_batches = epochs * -(-n_samples // batch_size)
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(n_batches):
            np.matmul(X, W1, out=A)
            np.matmul(A, W2, out=out)
            np.matmul(A.T, D2, out=G2)
            np.matmul(D2, W2.T, out=D1)
            np.matmul(X.T, D1, out=G1)
        best = min(best, time.perf_counter() - start)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-samples", type=int, default=20000)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()

    X, y = digit_like(args.n_samples + 5000)
    X_train, y_train, X_test, y_test = (
        X[: args.n_samples],
        y[: args.n_samples],
        X[-5000:],
        y[-5000:],
    )
    print(
        f"784-300-10, adam, batch 128, {args.epochs} epochs, {args.n_samples} training samples,"
        f" best of {args.repeats} interleaved runs"
    )
    table = {
        np.dtype(d).name: compare(X_train, y_train, X_test, y_test, args.epochs, args.repeats, d)
        for d in (np.float64, np.float32)
    }
    sk_wall, sk_cpu, _ = table["float64"]["sklearn"]
    for dtype, results in table.items():
        for name, (wall, cpu, accuracy) in results.items():
            print(
                f"{name:8s}{dtype}: wall {wall:7.2f} s  cpu {cpu:7.2f} s  accuracy {accuracy:.4f}"
                f"  vs sklearn float64: wall x{wall / sk_wall:.2f}  cpu x{cpu / sk_cpu:.2f}"
            )
        floor = gemm_floor(
            args.n_samples, 784, 300, 10, 128, args.epochs, np.dtype(dtype), args.repeats
        )
        print(
            f"GEMMs   {dtype}: wall {floor:7.2f} s  (the matrix products alone: "
            f"x{floor / sk_wall:.2f} of sklearn float64)"
        )


if __name__ == "__main__":
    main()
