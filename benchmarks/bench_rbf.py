"""RBF network benchmark: zoo's RBFClassifier vs a k-means + ridge pipeline of scikit-learn parts.

The task is LeCun et al.'s (1998) "1000 RBF units + linear output" on MNIST (3.6% test error), on
a digit-like set built here with no download: scikit-learn's 8×8 ``load_digits`` images upsampled
to 20×20, placed in a 28×28 frame as MNIST's are, then randomly rotated, scaled, sheared and
shifted, with a little pixel noise. The 1797 source images are split first (3/4 train, 1/4 test)
so that test digits come from source images never seen in training.

Both sides get the same float32 data and do the same three steps: k-means centres (zoo with its
default ``centers="auto"``, at this scale ``MiniBatchKMeans`` with the peer's seed and batch size;
the goal: zoo's fit at most 1.5x the peer's at <= 3.6% test error), per-centre widths from the 2
nearest centres, ridge output layer on one-hot targets (same ``alpha``). The peer computes the
design matrix with ``sklearn.metrics.pairwise.euclidean_distances`` and fits
``sklearn.linear_model.Ridge``; zoo accumulates the normal equations over chunks of rows. The
script prints fit time, predict time and test error of each, and the time ratios zoo / peer and
peer / zoo.

Run:  python benchmarks/bench_rbf.py [--n-train 60000] [--n-test 10000] [--n-centers 1000]
      [--repeats 2]
      python benchmarks/bench_rbf.py --mnist DIR   # the real MNIST IDX files, if you have them

On a shared, oversubscribed machine set ``OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1``: scikit-learn's
OpenMP k-means otherwise spends most of its time waiting for threads (here, with a load of 10-16
on 2 cores, one threaded end-to-end fit took 725 s against about 110 s single-threaded).
"""

import argparse
import time

import numpy as np
from scipy import ndimage
from sklearn.cluster import MiniBatchKMeans
from sklearn.datasets import load_digits
from sklearn.linear_model import Ridge
from sklearn.metrics.pairwise import euclidean_distances
from sklearn.model_selection import train_test_split

from zoo.datasets import load_mnist
from zoo.rbf import RBFClassifier
from zoo.rbf._centers import AUTO_MINIBATCH_THRESHOLD


def make_digit_like(n_samples, images, labels, rng, chunk=5000):
    """Jittered 28×28 versions of 8×8 digit images, float32 in [0, 1], shape (n, 784)."""
    # 8x8 -> 20x20 (bilinear), centred in a 28x28 frame, as MNIST digits are
    big = ndimage.zoom(images, (1, 2.5, 2.5), order=1).clip(0, 1)
    framed = np.zeros((len(images), 28, 28))
    framed[:, 4:24, 4:24] = big
    X = np.empty((n_samples, 784), dtype=np.float32)
    y = np.empty(n_samples, dtype=int)
    grid = np.stack(np.meshgrid(np.arange(28.0), np.arange(28.0), indexing="ij")).reshape(2, -1)
    grid -= 13.5
    for start in range(0, n_samples, chunk):
        m = min(chunk, n_samples - start)
        source = rng.integers(len(images), size=m)
        angle = rng.uniform(-0.2, 0.2, m)  # radians, about +-11 degrees
        scale = rng.uniform(0.85, 1.15, (m, 2))
        shear = rng.uniform(-0.2, 0.2, m)
        shift = rng.uniform(-2.0, 2.0, (m, 2))
        cos, sin = np.cos(angle), np.sin(angle)
        # inverse map output pixel -> source pixel: rotation @ shear @ scale
        A = np.empty((m, 2, 2))
        A[:, 0, 0] = cos * scale[:, 0]
        A[:, 0, 1] = (-sin + cos * shear) * scale[:, 1]
        A[:, 1, 0] = sin * scale[:, 0]
        A[:, 1, 1] = (cos + sin * shear) * scale[:, 1]
        coords = A @ grid + 13.5 + shift[:, :, None]  # (m, 2, 784)
        index = np.broadcast_to(source[:, None], (m, 784)).astype(float)
        warped = ndimage.map_coordinates(
            framed, [index.ravel(), coords[:, 0].ravel(), coords[:, 1].ravel()], order=1
        ).reshape(m, 784)
        warped += rng.normal(0, 0.05, warped.shape)
        X[start : start + m] = warped.clip(0, 1)
        y[start : start + m] = labels[source]
    return X, y


def digit_like_split(n_train, n_test, seed=0):
    digits = load_digits()
    images = digits.images / 16.0
    train_idx, test_idx = train_test_split(
        np.arange(len(images)), test_size=0.25, stratify=digits.target, random_state=seed
    )
    rng = np.random.default_rng(seed)
    X_train, y_train = make_digit_like(n_train, images[train_idx], digits.target[train_idx], rng)
    X_test, y_test = make_digit_like(n_test, images[test_idx], digits.target[test_idx], rng)
    return X_train, y_train, X_test, y_test


class KMeansRidgePeer:
    """The peer: k-means centres, p-nearest-centre widths, Gaussian design matrix, sklearn Ridge.

    ``centers`` given: skip k-means and use them (to compare everything after the clustering).
    """

    def __init__(self, n_centers, alpha, n_neighbors=2, random_state=0, centers=None):
        self.n_centers, self.alpha, self.n_neighbors = n_centers, alpha, n_neighbors
        self.random_state, self.centers = random_state, centers

    def _design(self, X):
        D = euclidean_distances(X, self.centers_, squared=True)
        return np.exp(-D / (2 * self.widths_**2))

    def fit(self, X, y):
        if self.centers is None:
            # the seed zoo derives from random_state, so both sides cluster identically
            seed = np.random.RandomState(self.random_state).randint(np.iinfo(np.int32).max)
            kmeans = MiniBatchKMeans(
                self.n_centers,
                n_init=1,
                random_state=seed,
                batch_size=max(1024, 3 * self.n_centers),
            ).fit(X)
            self.centers_ = kmeans.cluster_centers_
        else:
            self.centers_ = self.centers
        D = euclidean_distances(self.centers_, squared=True)
        np.fill_diagonal(D, np.inf)
        nearest = np.partition(D, self.n_neighbors - 1, axis=1)[:, : self.n_neighbors]
        self.widths_ = np.sqrt(nearest).mean(axis=1)
        self.classes_ = np.unique(y)
        T = (y[:, None] == self.classes_).astype(X.dtype)
        self.ridge_ = Ridge(alpha=self.alpha).fit(self._design(X), T)
        return self

    def predict(self, X):
        return self.classes_[self.ridge_.predict(self._design(X)).argmax(axis=1)]


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def compare(title, models, X_train, y_train, X_test, y_test, repeats=1):
    """Fit and test each model; print the figures and the peer/zoo ratios.

    With ``repeats`` > 1 the models take turns (zoo, peer, peer, zoo, ...) and each keeps its
    fastest fit and predict: on a shared machine the load changes while one fit runs.
    """
    print(title)
    names = list(models)
    times = {name: ([], []) for name in names}
    errors = {}
    for repeat in range(repeats):
        for name in names if repeat % 2 == 0 else names[::-1]:
            model = models[name]
            _, t_fit = timed(lambda: model.fit(X_train, y_train))
            predicted, t_predict = timed(lambda: model.predict(X_test))
            errors[name] = float(np.mean(predicted != y_test))
            times[name][0].append(t_fit)
            times[name][1].append(t_predict)
            print(
                f"  {name:32s} fit {t_fit:7.2f} s   predict {t_predict:6.2f} s   "
                f"test error {100 * errors[name]:5.2f}%",
                flush=True,
            )
    (zoo_fit, zoo_predict), (peer_fit, peer_predict) = (
        (min(times[name][0]), min(times[name][1])) for name in names
    )
    zoo_error, peer_error = (errors[name] for name in names)
    best = f" (fastest of {repeats})" if repeats > 1 else ""
    print(
        f"  time ratio zoo/peer{best}: fit {zoo_fit / peer_fit:.2f}x\n"
        f"  time ratio peer/zoo{best}: fit {peer_fit / zoo_fit:.2f}x, predict "
        f"{peer_predict / zoo_predict:.2f}x; test error zoo {100 * zoo_error:.2f}% vs peer "
        f"{100 * peer_error:.2f}%",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-train", type=int, default=60000)
    parser.add_argument("--n-test", type=int, default=10000)
    parser.add_argument("--n-centers", type=int, default=1000)
    parser.add_argument("--alpha", type=float, default=1e-2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--repeats", type=int, default=1, help="fits per model, taking turns; the fastest counts"
    )
    parser.add_argument(
        "--skip-kmeans",
        action="store_true",
        help="only the comparison on given centres (no clustering)",
    )
    parser.add_argument(
        "--mnist",
        metavar="DIR",
        help="read MNIST's IDX files from DIR (zoo.datasets.load_mnist) instead",
    )
    args = parser.parse_args()

    if args.mnist:

        def mnist_split():
            X_train, y_train = load_mnist(args.mnist, "train")
            X_test, y_test = load_mnist(args.mnist, "test")
            return (
                X_train[: args.n_train].astype(np.float32),
                y_train[: args.n_train],
                X_test[: args.n_test].astype(np.float32),
                y_test[: args.n_test],
            )

        (X_train, y_train, X_test, y_test), t_data = timed(mnist_split)
    else:
        (X_train, y_train, X_test, y_test), t_data = timed(
            lambda: digit_like_split(args.n_train, args.n_test, args.seed)
        )
    print(
        f"{'MNIST' if args.mnist else 'digit-like'} data: train {X_train.shape}, "
        f"test {X_test.shape}, {X_train.dtype}, "
        f"built in {t_data:.1f} s; {args.n_centers} centres, alpha={args.alpha}",
        flush=True,
    )
    print("LeCun et al. 1998, 1000 RBF units + linear output on MNIST: 3.6% test error")
    if not args.skip_kmeans:
        compare(
            "1. end to end: zoo's default centers='auto' (mini-batch k-means above n_samples x "
            f"n_centers = {AUTO_MINIBATCH_THRESHOLD:.0e}) vs MiniBatchKMeans, same seed "
            "(goal: zoo/peer fit <= 1.5x):",
            {
                "zoo RBFClassifier (defaults)": RBFClassifier(
                    n_centers=args.n_centers, alpha=args.alpha, random_state=args.seed
                ),
                "sklearn MiniBatchKMeans+Ridge": KMeansRidgePeer(
                    args.n_centers, args.alpha, random_state=args.seed
                ),
            },
            X_train,
            y_train,
            X_test,
            y_test,
            args.repeats,
        )
    # the part zoo implements itself: widths, design matrix, output layer (same centres)
    rng = np.random.default_rng(args.seed)
    centers = X_train[rng.choice(len(X_train), args.n_centers, replace=False)]
    compare(
        "2. given the same centres (a random subset): widths + hidden layer + output layer:",
        {
            "zoo RBFClassifier": RBFClassifier(centers=centers, alpha=args.alpha),
            "sklearn euclidean_distances+Ridge": KMeansRidgePeer(
                args.n_centers, args.alpha, centers=centers
            ),
        },
        X_train,
        y_train,
        X_test,
        y_test,
        args.repeats,
    )


if __name__ == "__main__":
    main()
