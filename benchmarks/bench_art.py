"""zoo.art against artlib 0.1.12 on the same data, parameters and presentation order, in one run.

1. Fuzzy ART on 3,000 x 784 inputs in [0, 1] (scikit-learn's 8x8 digits upsampled to 28x28 with
   a little noise; nothing is downloaded), rho=0.7, alpha=0.001, beta=1, one pass in row order.
   Both get the same complement-coded input (artlib's ``fit`` expects prepared data; zoo codes it
   itself). Printed: categories, adjusted Rand index of the two partitions, largest prototype
   difference, times and the ratio zoo / artlib.
2. Fuzzy ARTMAP on circle-in-the-square (Carpenter et al. 1992), one epoch of fast learning,
   baseline vigilance 0, MT+ with epsilon=1e-10: test accuracy on 10,000 points for 100 / 1,000 /
   10,000 training points, averaged over seeds, for zoo.FuzzyARTMAP and artlib's
   SimpleARTMAP(FuzzyART).

3. ART 2-A and Hypersphere ART on the same 784-dimensional inputs, one pass, fast learning (the
   settings where artlib follows the papers: ART 2-A given the paper's normalised input, Hypersphere
   ART with a negligible alpha, which artlib also adds in its centroid update). zoo's partitions
   equal the papers' algorithms written as loops (tests/test_art_modules.py); printed: categories,
   ARI between zoo and artlib, times and the ratio zoo / artlib. On these images (many exact 0s)
   artlib's ART 2-A partition differs: its learning has no psi (the paper's "I_i where
   z_Ji > theta"), so its prototypes regain components the paper's lose; on all-positive data
   (iris) the two agree exactly (tests/test_art_modules.py).

4. Binary Fuzzy ART on the same images binarised at 0.5 (3,000 x 784 bits, complement coded),
   rho=0.7, alpha=1e-10 (artlib's fixed value), one pass: zoo.BinaryFuzzyART (packed bits and
   popcount) against artlib's BinaryFuzzyART (numba, one bit per byte) and zoo.FuzzyART on the same
   binary data, whose partition it must equal (tests/test_art_binary_fuzzy.py). Printed:
   categories, ARI to artlib, equality with zoo.FuzzyART, times and ratios.

5. Quadratic Neuron ART on 3,000 of scikit-learn's 8x8 digits (64 features in [0, 1], drawn with
   replacement; a neuron holds a 64 x 64 matrix, 784 x 784 would be 4.7 MB a category), rho=0.5,
   s_init=0.7, lr_b=lr_w=lr_s=0.1, one pass, against artlib's QuadraticNeuronART (the same rules;
   the same partition, tests/test_art_quadratic.py). Printed: categories, ARI, times and ratio.

6. CVI ART (Calinski-Harabasz, offline and online) on 200 of the 784-dimensional images (artlib
   needs minutes for a few hundred: it recomputes the index's cluster sums in Python for every
   candidate category), rho=0.7, alpha=1e-7, one pass, MT+ with epsilon=1e-10, against artlib's
   iCVIFuzzyART (the same partitions, tests/test_art_cvi.py). Printed: categories, ARI, times
   and ratio.

artlib is a benchmark-only dependency (``pip install artlib==0.1.12``; it adds numba and does not
change numpy, scipy or scikit-learn here). Its numba functions are compiled on a small warm-up fit
before timing. Run: ``python benchmarks/bench_art.py [n_samples] [n_seeds]``.
"""

import sys
import time
import warnings

import numpy as np
from scipy.ndimage import zoom
from sklearn.datasets import load_digits
from sklearn.metrics import adjusted_rand_score

from zoo._core.art import art2a_preprocess, complement_code
from zoo.art import (
    ART2A,
    CVIART,
    BinaryFuzzyART,
    FuzzyART,
    FuzzyARTMAP,
    HypersphereART,
    QuadraticNeuronART,
)
from zoo.datasets import make_circle_in_square


def upsampled_digits(n_samples=3000, noise=0.05, seed=0):
    """n_samples 28x28 images in [0, 1]: digits drawn with replacement, zoomed 3.5x, plus noise."""
    rng = np.random.default_rng(seed)
    images = load_digits().images / 16.0
    picks = rng.integers(0, len(images), n_samples)
    X = np.stack([zoom(images[i], 3.5, order=1) for i in picks]).reshape(n_samples, -1)
    return np.clip(X + rng.normal(0.0, noise, X.shape), 0.0, 1.0)


def timed(fit):
    start = time.perf_counter()
    result = fit()
    return result, time.perf_counter() - start


def bench_fuzzy_art(n_samples, rho=0.7, alpha=0.001, beta=1.0):
    from artlib import FuzzyART as ArtlibFuzzyART

    X = upsampled_digits(n_samples)
    coded = complement_code(X)
    ArtlibFuzzyART(rho=rho, alpha=alpha, beta=beta).fit(coded[:20])  # numba compilation
    print(
        f"Fuzzy ART, {X.shape[0]} x {X.shape[1]}, rho={rho}, alpha={alpha}, beta={beta}, "
        "one pass in row order"
    )
    peer, peer_time = timed(lambda: ArtlibFuzzyART(rho=rho, alpha=alpha, beta=beta).fit(coded))
    print(f"  artlib FuzzyART          {peer_time:8.2f} s  {peer.n_clusters} categories")
    for dtype in (np.float64, np.float32):
        Xd = X.astype(dtype)
        model, zoo_time = timed(
            lambda: FuzzyART(rho=rho, alpha=alpha, beta=beta, n_epochs=1).fit(Xd)
        )
        ari = adjusted_rand_score(peer.labels_, model.labels_)
        same_shape = model.n_categories_ == peer.n_clusters
        gap = (
            float(np.max(np.abs(model.weights_ - np.asarray(peer.W))))
            if same_shape
            else float("nan")
        )
        print(
            f"  zoo FuzzyART {np.dtype(dtype).name:9s}   {zoo_time:8.2f} s  "
            f"{model.n_categories_} categories  ARI={ari:.4f}  max|w - w_artlib|={gap:.2e}  "
            f"time ratio zoo/artlib = {zoo_time / peer_time:.3f}"
        )


def bench_modules(n_samples):
    import artlib

    X = upsampled_digits(n_samples)
    r_hat = 0.5 * float(np.linalg.norm(X.max(axis=0) - X.min(axis=0)))
    rows = [
        (
            "ART2A          rho=0.85, beta=1",
            lambda: ART2A(rho=0.85, beta=1.0),
            lambda: artlib.ART2A(rho=0.85, alpha=0.0, beta=1.0),
            art2a_preprocess(X, 0.0),
        ),
        (
            "HypersphereART rho=0.6, beta=1",
            lambda: HypersphereART(rho=0.6, alpha=1e-9, beta=1.0, r_hat=r_hat, n_epochs=1),
            lambda: artlib.HypersphereART(rho=0.6, alpha=1e-9, beta=1.0, r_hat=r_hat),
            X,
        ),
    ]
    print(f"\nART modules, {X.shape[0]} x {X.shape[1]}, one pass in row order")
    for name, zoo_model, peer_model, peer_input in rows:
        peer_model().fit(peer_input[:20])  # numba compilation
        zoo_model().fit(X[:20])  # first-call costs (imports, BLAS threads), as artlib's warm-up
        peer = peer_model()
        _, peer_time = timed(lambda: peer.fit(peer_input))
        for dtype in (np.float64, np.float32):
            Xd = X.astype(dtype)
            model, zoo_time = timed(lambda: zoo_model().fit(Xd))
            print(
                f"  {name} {np.dtype(dtype).name:8s} zoo {zoo_time:7.3f} s "
                f"{model.n_categories_:4d} categories | artlib {peer_time:7.3f} s "
                f"{peer.n_clusters:4d} categories | "
                f"ARI={adjusted_rand_score(peer.labels_, model.labels_):.4f}"
                f"  time ratio zoo/artlib = {zoo_time / peer_time:.3f}"
            )


def bench_binary_fuzzy(n_samples, rho=0.7, alpha=1e-10):
    import artlib

    X = (upsampled_digits(n_samples) > 0.5).astype(np.float64)
    coded = complement_code(X).astype(bool)
    artlib.BinaryFuzzyART(rho=rho).fit(coded[:20])  # numba compilation
    BinaryFuzzyART(rho=rho, n_epochs=1).fit(X[:20])
    print(f"\nBinary Fuzzy ART, {X.shape[0]} x {X.shape[1]} bits, rho={rho}, one pass")
    peer = artlib.BinaryFuzzyART(rho=rho)
    _, peer_time = timed(lambda: peer.fit(coded))
    fuzzy, fuzzy_time = timed(lambda: FuzzyART(rho=rho, alpha=alpha, n_epochs=1).fit(X))
    for dtype in (np.float64, np.float32):
        Xd = X.astype(dtype)
        model, zoo_time = timed(lambda: BinaryFuzzyART(rho=rho, alpha=alpha, n_epochs=1).fit(Xd))
        print(
            f"  {np.dtype(dtype).name:8s} zoo {zoo_time:7.3f} s {model.n_categories_:4d} categories"
            f" | artlib {peer_time:7.3f} s {peer.n_clusters:4d} categories"
            f" | ARI={adjusted_rand_score(peer.labels_, model.labels_):.4f}"
            f"  time ratio zoo/artlib = {zoo_time / peer_time:.3f}"
            f" | zoo FuzzyART {fuzzy_time:7.3f} s, same labels: "
            f"{np.array_equal(fuzzy.labels_, model.labels_)}, ratio {zoo_time / fuzzy_time:.3f}"
        )


def bench_quadratic(n_samples, rho=0.5, s_init=0.7, rate=0.1):
    import artlib

    images = load_digits().data / 16.0
    X = images[np.random.default_rng(0).integers(0, len(images), n_samples)]

    def peer_model():
        return artlib.QuadraticNeuronART(rho=rho, s_init=s_init, lr_b=rate, lr_w=rate, lr_s=rate)

    def zoo_model():
        return QuadraticNeuronART(rho=rho, s_init=s_init, lr_b=rate, lr_w=rate, lr_s=rate)

    peer_model().fit(X[:20])
    zoo_model().fit(X[:20])
    print(f"\nQuadratic Neuron ART, {X.shape[0]} x {X.shape[1]} digits, rho={rho}, s_init={s_init}")
    peer = peer_model()
    _, peer_time = timed(lambda: peer.fit(X))
    for dtype in (np.float64, np.float32):
        Xd = X.astype(dtype)
        model, zoo_time = timed(lambda: zoo_model().fit(Xd))
        print(
            f"  {np.dtype(dtype).name:8s} zoo {zoo_time:7.3f} s {model.n_categories_:4d} categories"
            f" | artlib {peer_time:7.3f} s {peer.n_clusters:4d} categories"
            f" | ARI={adjusted_rand_score(peer.labels_, model.labels_):.4f}"
            f"  time ratio zoo/artlib = {zoo_time / peer_time:.3f}"
        )


def bench_cvi(n_samples, rho=0.7, alpha=1e-7):
    import artlib

    X = upsampled_digits(n_samples)
    coded = complement_code(X)
    print(f"\nCVI ART (Calinski-Harabasz), {X.shape[0]} x {X.shape[1]}, rho={rho}, one pass")
    for offline in (True, False):

        def peer_model():
            return artlib.iCVIFuzzyART(rho=rho, alpha=alpha, beta=1.0, validity=1, offline=offline)

        peer_model().fit(coded[:20], epsilon=1e-10)  # numba compilation
        CVIART(rho=rho, alpha=alpha, offline=offline).fit(X[:20])
        peer = peer_model()
        _, peer_time = timed(lambda: peer.fit(coded, epsilon=1e-10))
        for dtype in (np.float64, np.float32):
            Xd = X.astype(dtype)
            model, zoo_time = timed(lambda: CVIART(rho=rho, alpha=alpha, offline=offline).fit(Xd))
            print(
                f"  offline={offline!s:5s} {np.dtype(dtype).name:8s} zoo {zoo_time:7.3f} s "
                f"{model.n_categories_:4d} categories | artlib {peer_time:7.3f} s "
                f"{peer.n_clusters:4d} categories"
                f" | ARI={adjusted_rand_score(peer.labels_, model.labels_):.4f}"
                f"  time ratio zoo/artlib = {zoo_time / peer_time:.4f}"
            )


def bench_circle_in_square(n_seeds, sizes=(100, 1000, 10000), n_test=10000):
    from artlib import FuzzyART as ArtlibFuzzyART
    from artlib import SimpleARTMAP

    print(
        f"\nFuzzy ARTMAP, circle-in-the-square, one epoch, fast learning, rho=0, alpha=0.001, "
        f"MT+ eps=1e-10; test accuracy on {n_test} points, mean over {n_seeds} seeds"
    )
    print("  (paper: ~88% at 100 points, rising to ~98% at 100,000)")
    X_test, y_test = make_circle_in_square(n_test, random_state=12345)
    SimpleARTMAP(ArtlibFuzzyART(rho=0.0, alpha=0.001, beta=1.0)).fit(
        complement_code(X_test[:20]), y_test[:20]
    )  # numba compilation
    for n_train in sizes:
        zoo_acc, peer_acc, zoo_cats, peer_cats, zoo_time, peer_time = [], [], [], [], 0.0, 0.0
        for seed in range(n_seeds):
            X, y = make_circle_in_square(n_train, random_state=seed)
            model, seconds = timed(lambda: FuzzyARTMAP(rho=0.0, alpha=0.001).fit(X, y))
            zoo_time += seconds
            zoo_acc.append(model.score(X_test, y_test))
            zoo_cats.append(model.n_categories_)
            peer = SimpleARTMAP(ArtlibFuzzyART(rho=0.0, alpha=0.001, beta=1.0))
            _, seconds = timed(lambda: peer.fit(complement_code(X), y, epsilon=1e-10))
            peer_time += seconds
            peer_acc.append(np.mean(peer.predict(complement_code(X_test)) == y_test))
            peer_cats.append(peer.module_a.n_clusters)
        print(
            f"  {n_train:6d} points: zoo {100 * np.mean(zoo_acc):5.1f}% "
            f"({np.mean(zoo_cats):6.1f} categories, {zoo_time / n_seeds:7.3f} s)   "
            f"artlib {100 * np.mean(peer_acc):5.1f}% ({np.mean(peer_cats):6.1f} categories, "
            f"{peer_time / n_seeds:7.3f} s)   same accuracy in "
            f"{sum(a == b for a, b in zip(zoo_acc, peer_acc))}/{n_seeds} seeds"
        )


if __name__ == "__main__":
    warnings.simplefilter("ignore", UserWarning)
    n_samples = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    n_seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    bench_fuzzy_art(n_samples)
    bench_circle_in_square(n_seeds)
    bench_modules(n_samples)
    bench_binary_fuzzy(n_samples)
    bench_quadratic(n_samples)
    bench_cvi(min(n_samples, 200))
