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

4. The composites (one pass, row order, Fuzzy ART modules, fast learning), zoo against artlib's
   class of the same name on the same (complement-coded) input: Dual Vigilance ART (rho=0.8,
   rho_lower_bound=0.78) and Fusion ART (the 784 pixels as two channels of 392, gamma 0.5/0.5,
   rho 0.7/0.6; artlib's fit with match_tracking="MT~", as its default MT+ raises the channels'
   vigilance after every reset, which the paper's unsupervised network does not) on the digits;
   TopoART with phi=1 and tau beyond n (no pruning), where artlib's single component is zoo's
   component a (zoo also trains component b: its time covers both); BARTMAP on a 40 x 40 matrix
   with planted 3 x 2 biclusters (artlib's correlation test runs only on square matrices and
   departs from the paper, see BARTMAP's Notes: its partition is not expected to agree; the ARIs
   printed are against the planted row groups). zoo's partitions equal the papers' algorithms
   written as loops (tests/test_art_<name>.py); printed: clusters or categories, ARI between zoo
   and artlib (TopoART: component a's weights compared), times and the ratio zoo / artlib.

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
    BARTMAP,
    DualVigilanceART,
    FusionART,
    FuzzyART,
    FuzzyARTMAP,
    HypersphereART,
    TopoART,
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


def _row(name, zoo_time, peer_time, zoo_count, peer_count, ari):
    print(
        f"  {name:16s} zoo {zoo_time:7.3f} s {zoo_count:5d} | artlib {peer_time:8.3f} s "
        f"{peer_count:5d} | ARI={ari:.4f}  time ratio zoo/artlib = {zoo_time / peer_time:.3f}"
    )


def planted_biclusters(n_rows=300, n_columns=300, noise=0.03, seed=0):
    """3 row groups x 2 column groups: a level per column group, a random profile per row group."""
    rng = np.random.default_rng(seed)
    row_groups = rng.integers(0, 3, n_rows)
    levels = np.array([0.3, 0.7])[np.repeat([0, 1], n_columns // 2)]
    profiles = rng.uniform(-0.15, 0.15, (3, n_columns))
    X = levels + profiles[row_groups] + rng.normal(0, noise, (n_rows, n_columns))
    return np.clip(X, 0, 1), row_groups


def bench_composites(n_samples):
    import artlib

    X = upsampled_digits(n_samples)
    coded = complement_code(X)
    half = X.shape[1] // 2
    fused = np.hstack([complement_code(X[:, :half]), complement_code(X[:, half:])])
    print(
        f"\nART composites, {X.shape[0]} x {X.shape[1]}, one pass in row order, Fuzzy ART modules"
    )
    print("  (counts: zoo's clusters or categories | artlib's)")

    def fuzzy(rho):
        return artlib.FuzzyART(rho=rho, alpha=0.001, beta=1.0)

    def run(name, zoo_model, peer_model, peer_input, zoo_input, count, compare, fit_kwargs=None):
        fit_kwargs = fit_kwargs or {}
        peer_model().fit(peer_input[:20], **fit_kwargs)  # numba compilation
        zoo_model().fit(zoo_input[:20])  # first-call costs, as artlib's warm-up
        peer = peer_model()
        _, peer_time = timed(lambda: peer.fit(peer_input, **fit_kwargs))
        model, zoo_time = timed(lambda: zoo_model().fit(zoo_input))
        _row(name, zoo_time, peer_time, *count(model, peer), compare(model, peer))

    run(
        "DualVigilanceART",
        lambda: DualVigilanceART(FuzzyART(rho=0.8), rho_lower_bound=0.78, n_epochs=1),
        lambda: artlib.DualVigilanceART(fuzzy(0.8), 0.78),
        coded,
        X,
        lambda m, p: (m.n_clusters_, p.n_clusters),
        lambda m, p: adjusted_rand_score(p.labels_, m.labels_),
    )
    run(
        "FusionART",
        lambda: FusionART(
            [FuzzyART(rho=0.7), FuzzyART(rho=0.6)], channel_dims=[half, half], n_epochs=1
        ),
        lambda: artlib.FusionART(
            [fuzzy(0.7), fuzzy(0.6)], gamma_values=np.array([0.5, 0.5]), channel_dims=[2 * half] * 2
        ),
        fused,
        X,
        lambda m, p: (m.n_categories_, p.n_clusters),
        lambda m, p: adjusted_rand_score(p.labels_, m.labels_),
        fit_kwargs={"match_tracking": "MT~"},  # artlib's default MT+ tracks without a map field
    )

    def topo_agreement(model, peer):
        same = len(model.weights_a_) == len(peer.W)
        gap = np.max(np.abs(model.weights_a_ - np.asarray(peer.W))) if same else np.inf
        print(f"  TopoART component a: max|w - w_artlib| = {gap:.2e}")
        return 1.0 if gap == 0 else float("nan")

    n = len(X)
    run(
        "TopoART",
        lambda: TopoART(FuzzyART(rho=0.7), beta_sbm=0.3, phi=1, tau=10 * n),
        lambda: artlib.TopoART(fuzzy(0.7), 0.3, 10 * n, 1),
        coded,
        X,
        lambda m, p: (len(m.weights_a_), len(p.W)),
        topo_agreement,
    )
    # artlib's BARTMAP computes each correlation with scipy in Python loops: minutes at 60 x 60
    B, row_groups = planted_biclusters(40, 40)
    print(
        f"  BARTMAP on {B.shape[0]} x {B.shape[1]} planted biclusters, "
        "rho_a=0.3, rho_b=0.5, eta=0.6"
    )
    peer = artlib.BARTMAP(fuzzy(0.3), fuzzy(0.5), eta=0.6)
    _, peer_time = timed(lambda: peer.fit(B))  # FuzzyART's numba functions compiled above
    BARTMAP(FuzzyART(rho=0.3), FuzzyART(rho=0.5), eta=0.6).fit(B[:10])  # first-call costs
    model, zoo_time = timed(lambda: BARTMAP(FuzzyART(rho=0.3), FuzzyART(rho=0.5), eta=0.6).fit(B))
    print(
        f"  BARTMAP          zoo {zoo_time:7.3f} s {model.n_row_clusters_:5d} row clusters, "
        f"ARI to the planted rows {adjusted_rand_score(row_groups, model.row_labels_):.4f} | "
        f"artlib {peer_time:8.3f} s {peer.n_row_clusters:5d} row clusters, ARI to the planted "
        f"rows {adjusted_rand_score(row_groups, peer.row_labels_):.4f} | "
        f"time ratio zoo/artlib = {zoo_time / peer_time:.4f}"
    )


if __name__ == "__main__":
    warnings.simplefilter("ignore", UserWarning)
    n_samples = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    n_seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    bench_fuzzy_art(n_samples)
    bench_circle_in_square(n_seeds)
    bench_modules(n_samples)
    bench_composites(n_samples)
