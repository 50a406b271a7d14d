"""zoo.boltzmann.BernoulliRBM against scikit-learn's BernoulliRBM on the same data, in one run.

Data: 20,000 x 784 binary images (scikit-learn's 8x8 digits zoomed to 28x28, shifted by up to
+-3 pixels, thresholded at 0.5; nothing is downloaded). Both models: PCD-1 (scikit-learn's only
algorithm), the same n_components, batch_size, learning_rate, epochs and seed (so the same initial
weights). Printed per dtype: time, time ratio zoo / scikit-learn, and the mean pseudo-log-likelihood
of both models on the training set (scikit-learn's ``score_samples``, same flipped units).

BLAS threads: "default" lets each library use its thread pool as configured (2 threads on this
machine; zoo trains minibatches under 32 on one thread, see zoo/boltzmann/_base.py); "1 thread"
pins both to one thread with threadpoolctl, the like-for-like comparison of the implementations
and the sane setting on a busy machine, where thread pools make both libraries much slower.

Each row also prints the floor both libraries share: the five matrix products of a PCD-1 step
(h|v of the data and of the chains, v|h of the chains, the two halves of the weight gradient) run
alone with the same shapes, dtype and threads.

Run: ``python benchmarks/bench_rbm.py [n_samples] [batch_size] [n_iter]``
(defaults 20000 100 3).
"""

import sys
import time

import numpy as np
from scipy.ndimage import zoom
from sklearn.datasets import load_digits
from sklearn.neural_network import BernoulliRBM as SklearnRBM
from threadpoolctl import threadpool_limits

from zoo.boltzmann import BernoulliRBM


def binary_digits(n_samples=20000, max_shift=3, seed=0):
    """n_samples binary 28x28 digits: zoomed 3.5x, shifted by up to max_shift pixels, > 0.5."""
    rng = np.random.default_rng(seed)
    base = np.stack([zoom(image / 16.0, 3.5, order=1) for image in load_digits().images])
    picks = rng.integers(0, len(base), n_samples)
    shifts = rng.integers(-max_shift, max_shift + 1, (n_samples, 2))
    X = np.empty((n_samples, 28, 28))
    for row, (pick, (dy, dx)) in enumerate(zip(picks, shifts)):
        X[row] = np.roll(base[pick], (dy, dx), axis=(0, 1))
    return (X.reshape(n_samples, -1) > 0.5).astype(np.float64)


def timed(fit):
    start = time.perf_counter()
    model = fit()
    return model, time.perf_counter() - start


def gemm_floor(n_samples, n_features, n_components, batch_size, n_iter, dtype):
    """Seconds of the matrix products of ``n_iter`` PCD-1 epochs and nothing else."""
    rng = np.random.default_rng(0)
    V, V_chain = (rng.random((batch_size, n_features)).astype(dtype) for _ in range(2))
    H, H_chain = (rng.random((batch_size, n_components)).astype(dtype) for _ in range(2))
    W = rng.random((n_features, n_components)).astype(dtype)
    V_out, H_out = np.empty_like(V), np.empty_like(H)
    G = np.empty((n_components, n_features), dtype)
    start = time.perf_counter()
    for _ in range(n_iter * -(-n_samples // batch_size)):
        np.matmul(H_chain, W.T, out=V_out)  # p(v | h) of the chains
        np.matmul(V, W, out=H_out)  # p(h | v) of the data
        np.matmul(V_chain, W, out=H_out)  # p(h | v) of the chains
        np.matmul(H.T, V, out=G)  # positive statistics
        np.matmul(H_chain.T, V_chain, out=G)  # negative statistics
    return time.perf_counter() - start


def main(
    n_samples=20000, batch_size=100, n_iter=3, n_components=256, learning_rate=0.05, repeats=2
):
    X = binary_digits(n_samples)
    print(
        f"BernoulliRBM PCD-1, {X.shape[0]} x {X.shape[1]} binary digits, n_components="
        f"{n_components}, batch_size={batch_size}, learning_rate={learning_rate}, "
        f"n_iter={n_iter}; best of {repeats} interleaved runs"
    )
    params = dict(
        n_components=n_components,
        batch_size=batch_size,
        learning_rate=learning_rate,
        n_iter=n_iter,
        random_state=0,
    )
    for threads in ("default", "1 thread"):
        sklearn_float64 = None
        for dtype in (np.float64, np.float32):
            Xd = X.astype(dtype)
            limit = threadpool_limits(limits=1, user_api="blas") if threads == "1 thread" else None
            try:
                peer_time = zoo_time = floor = np.inf
                for _ in range(repeats):
                    peer, seconds = timed(lambda: SklearnRBM(**params).fit(Xd))
                    peer_time = min(peer_time, seconds)
                    ours, seconds = timed(lambda: BernoulliRBM(**params).fit(Xd))
                    zoo_time = min(zoo_time, seconds)
                    floor = min(
                        floor,
                        gemm_floor(n_samples, X.shape[1], n_components, batch_size, n_iter, dtype),
                    )
            finally:
                if limit is not None:
                    limit.restore_original_limits()
            sklearn_float64 = sklearn_float64 or peer_time
            peer_pl = peer.score_samples(X).mean()
            zoo_pl = ours.score_samples(X).mean()
            print(
                f"  {threads:8s} {np.dtype(dtype).name:7s}  sklearn {peer_time:6.2f} s "
                f"(PL {peer_pl:8.2f})  zoo {zoo_time:6.2f} s (PL {zoo_pl:8.2f})  "
                f"zoo/sklearn {zoo_time / peer_time:4.2f}  zoo/sklearn float64 "
                f"{zoo_time / sklearn_float64:4.2f}  GEMMs alone {floor:5.2f} s"
            )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*args)
