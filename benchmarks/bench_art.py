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

4. Gaussian, Ellipsoid and Bayesian ART on 3,000 blobs in [0, 1]^2 (where
   artlib follows the paper: zoo's partition equals both the paper's loop in
   tests/test_art_gaussian.py and artlib's) and on the 784-dimensional digits, where artlib departs
   from the paper: it divides the likelihood by alpha + prod(sigma), and prod(sigma) = 0.3^784
   underflows to 0, so its choice loses the paper's 1 / prod(sigma) factor. Ellipsoid ART with
   mu=1 (no axis: artlib follows the paper, equal partitions) and mu=0.5, where artlib departs:
   it leaves a category's axis unset at its second point and resets it at every later update (the
   paper fixes it at the second point), so the partitions differ. Bayesian ART on the blobs only
   (full covariances: 784 x 784 per category would not fit the digits), with the volume after
   learning in its vigilance, as artlib's. Printed: categories,
   ARI between zoo and artlib, times and the ratio zoo / artlib.

5. SimpleARTMAP over each module (Fuzzy ART, Hypersphere ART, ART 2-A) against artlib's
   SimpleARTMAP over the same module, on iris and on 2,000 blobs (4 centres in 6-D, scaled to
   [0, 1]), one pass, MT+ with epsilon=1e-10, and SMART (Fuzzy ART, three levels) against
   artlib's SMART: categories, ARI between the two partitions (1.0: the same), training accuracy,
   times and the ratio zoo / artlib. Where artlib departs from the papers the settings are those
   where it does not: Hypersphere ART with a negligible alpha (artlib adds alpha to the distance
   in its centroid update), ART 2-A with fast learning on the paper's prepared input of
   all-positive data (the data shifted to start at 1: artlib's learning has no psi, the paper's
   "I_i where z_Ji > theta", so a zero component would part them).

6. Binary Fuzzy ART on the same images binarised at 0.5 (3,000 x 784 bits, complement coded),
   rho=0.7, alpha=1e-10 (artlib's fixed value), one pass: zoo.BinaryFuzzyART (packed bits and
   popcount) against artlib's BinaryFuzzyART (numba, one bit per byte) and zoo.FuzzyART on the same
   binary data, whose partition it must equal (tests/test_art_binary_fuzzy.py). Printed:
   categories, ARI to artlib, equality with zoo.FuzzyART, times and ratios.

7. Quadratic Neuron ART on 3,000 of scikit-learn's 8x8 digits (64 features in [0, 1], drawn with
   replacement; a neuron holds a 64 x 64 matrix, 784 x 784 would be 4.7 MB a category), rho=0.5,
   s_init=0.7, lr_b=lr_w=lr_s=0.1, one pass, against artlib's QuadraticNeuronART (the same rules;
   the same partition, tests/test_art_quadratic.py). Printed: categories, ARI, times and ratio.

8. CVI ART (Calinski-Harabasz, offline and online) on 200 of the 784-dimensional images (artlib
   needs minutes for a few hundred: it recomputes the index's cluster sums in Python for every
   candidate category), rho=0.7, alpha=1e-7, one pass, MT+ with epsilon=1e-10, against artlib's
   iCVIFuzzyART (the same partitions, tests/test_art_cvi.py). Printed: categories, ARI, times
   and ratio.

9. The composites (one pass, row order, Fuzzy ART modules, fast learning), zoo against artlib's
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
before timing. Fits of a few milliseconds (iris, 100 circle-in-the-square points) are timed as
the best of several runs, as fixed costs and a shared machine's noise would otherwise decide
their ratios. Run: ``python benchmarks/bench_art.py [n_samples] [n_seeds] [--clock cpu]
[--only circle,simple_artmap,...]`` (``--clock cpu``: process time instead of wall time;
``--only``: the named sections, the functions below without ``bench_``).
"""

import argparse
import time
import warnings

import numpy as np
from scipy.ndimage import zoom
from sklearn.datasets import load_digits, make_blobs
from sklearn.metrics import adjusted_rand_score

from zoo._core.art import art2a_preprocess, complement_code
from zoo.art import (
    ART2A,
    BARTMAP,
    CVIART,
    SMART,
    BayesianART,
    BinaryFuzzyART,
    DualVigilanceART,
    EllipsoidART,
    FusionART,
    FuzzyART,
    FuzzyARTMAP,
    GaussianART,
    HypersphereART,
    QuadraticNeuronART,
    SimpleARTMAP,
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


#: The clock of every timing: wall time, or process time with ``--clock cpu``.
CLOCK = time.perf_counter


def timed(fit):
    start = CLOCK()
    result = fit()
    return result, CLOCK() - start


def best_time(fit, repeats):
    """The fit's result and its best time over ``repeats`` runs."""
    times = []
    for _ in range(repeats):
        result, seconds = timed(fit)
        times.append(seconds)
    return result, min(times)


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
            X,
            art2a_preprocess(X, 0.0),  # artlib takes ART 2-A's preprocessed input
        ),
        (
            "HypersphereART rho=0.6, beta=1",
            lambda: HypersphereART(rho=0.6, alpha=1e-9, beta=1.0, r_hat=r_hat, n_epochs=1),
            lambda: artlib.HypersphereART(rho=0.6, alpha=1e-9, beta=1.0, r_hat=r_hat),
            X,
        ),
    ]
    compare_rows(f"ART modules, {X.shape[0]} x {X.shape[1]}, one pass in row order", rows)


def unit_blobs(n_samples, seed=0):
    """n_samples points of 5 Gaussian blobs, scaled to [0, 1]^2."""
    X, _ = make_blobs(n_samples=n_samples, centers=5, random_state=seed)
    return (X - X.min(axis=0)) / np.ptp(X, axis=0)


def compare_rows(title, rows):
    """One line per (row, dtype): zoo's and artlib's time, categories, ARI and the time ratio.
    A row is ``(name, zoo_model, peer_model, X)``, or with a fifth item, artlib's own input of
    the same rows (X preprocessed as artlib expects)."""
    print(f"\n{title}")
    for name, zoo_model, peer_model, X, *peer_input in rows:
        peer_X = peer_input[0] if peer_input else X
        peer_model().fit(peer_X[:20])  # numba compilation
        zoo_model().fit(X[:20])  # first-call costs (imports, BLAS threads), as artlib's warm-up
        peer = peer_model()
        _, peer_time = timed(lambda: peer.fit(peer_X))
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


def bench_gaussian_modules(n_samples):
    import artlib

    blobs, digits = unit_blobs(n_samples), upsampled_digits(n_samples)
    sigma_blobs = 0.2 * np.ptp(blobs, axis=0)  # GaussianART's default sigma_init
    rows = [
        (
            "GaussianART    blobs  rho=0.1",
            lambda: GaussianART(rho=0.1),
            lambda: artlib.GaussianART(rho=0.1, sigma_init=sigma_blobs),
            blobs,
        ),
        (
            "GaussianART    digits rho=1e-150, sigma_init=0.3",
            lambda: GaussianART(rho=1e-150, sigma_init=0.3),
            lambda: artlib.GaussianART(rho=1e-150, sigma_init=np.full(digits.shape[1], 0.3)),
            digits,
        ),
    ]
    cov_blobs = np.diag(np.square(0.1 * np.ptp(blobs, axis=0)))  # BayesianART's default cov_init
    rows.append(
        (
            "BayesianART    blobs  s_max=|cov_init|",
            lambda: BayesianART(),
            lambda: artlib.BayesianART(rho=float(np.linalg.det(cov_blobs)), cov_init=cov_blobs),
            blobs,
        )
    )
    diagonal = [float(np.linalg.norm(np.ptp(X, axis=0))) for X in (blobs, digits)]
    for X, r_hat, data in zip((blobs, digits), diagonal, ("blobs ", "digits")):
        for mu in (1.0, 0.5):
            rows.append(
                (
                    f"EllipsoidART   {data} rho=0.6, mu={mu}, beta=1",
                    lambda r_hat=r_hat, mu=mu: EllipsoidART(
                        rho=0.6, mu=mu, alpha=1e-7, r_hat=r_hat, n_epochs=1
                    ),
                    lambda r_hat=r_hat, mu=mu: artlib.EllipsoidART(
                        rho=0.6, alpha=1e-7, beta=1.0, mu=mu, r_hat=r_hat
                    ),
                    X,
                )
            )
    compare_rows(
        f"Gaussian and ellipsoid ART modules, {n_samples} rows, one pass in row order", rows
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
        repeats = max(1, 1000 // n_train)  # best of 10 for the 100-point fits (milliseconds)
        for seed in range(n_seeds):
            X, y = make_circle_in_square(n_train, random_state=seed)
            model, seconds = best_time(lambda: FuzzyARTMAP(rho=0.0, alpha=0.001).fit(X, y), repeats)
            zoo_time += seconds
            zoo_acc.append(model.score(X_test, y_test))
            zoo_cats.append(model.n_categories_)
            peer, seconds = best_time(
                lambda: SimpleARTMAP(ArtlibFuzzyART(rho=0.0, alpha=0.001, beta=1.0)).fit(
                    complement_code(X), y, epsilon=1e-10
                ),
                repeats,
            )
            peer_time += seconds
            peer_acc.append(np.mean(peer.predict(complement_code(X_test)) == y_test))
            peer_cats.append(peer.module_a.n_clusters)
        print(
            f"  {n_train:6d} points: zoo {100 * np.mean(zoo_acc):5.1f}% "
            f"({np.mean(zoo_cats):6.1f} categories, {zoo_time / n_seeds:8.4f} s)   "
            f"artlib {100 * np.mean(peer_acc):5.1f}% ({np.mean(peer_cats):6.1f} categories, "
            f"{peer_time / n_seeds:8.4f} s)   same accuracy in "
            f"{sum(a == b for a, b in zip(zoo_acc, peer_acc))}/{n_seeds} seeds  "
            f"time ratio zoo/artlib = {zoo_time / peer_time:.3f}"
        )


def bench_simple_artmap(n_blobs=2000):
    import artlib
    from sklearn.datasets import load_iris, make_blobs
    from sklearn.preprocessing import MinMaxScaler

    iris_X, iris_y = load_iris(return_X_y=True)
    blobs_X, blobs_y = make_blobs(n_blobs, n_features=6, centers=4, cluster_std=3.0, random_state=0)
    sets = {  # (X, y, timed runs of which the best counts)
        "iris": (iris_X, iris_y, 20),
        f"blobs {n_blobs}": (blobs_X, blobs_y, 3),
    }
    print(
        "\nSimpleARTMAP over each module vs artlib's SimpleARTMAP, one pass, MT+ eps=1e-10 "
        f"(best of {sets['iris'][2]} on iris, of {sets[f'blobs {n_blobs}'][2]} on the blobs)"
    )
    for data_name, (raw, y, repeats) in sets.items():
        scaled = MinMaxScaler().fit_transform(raw)
        positive = raw - raw.min(axis=0) + 1.0  # ART 2-A: every component kept (see above)
        r_hat = 0.5 * float(np.linalg.norm(scaled.max(axis=0) - scaled.min(axis=0)))
        rows = [
            (
                "FuzzyART rho=0.5",
                lambda: FuzzyART(rho=0.5),
                lambda: artlib.FuzzyART(rho=0.5, alpha=0.001, beta=1.0),
                scaled,
                complement_code(scaled),
            ),
            (
                "HypersphereART rho=0.5",
                lambda: HypersphereART(rho=0.5, alpha=1e-9, r_hat=r_hat),
                lambda: artlib.HypersphereART(rho=0.5, alpha=1e-9, beta=1.0, r_hat=r_hat),
                scaled,
                scaled,
            ),
            (
                "ART2A rho=0.98 beta=1",
                lambda: ART2A(rho=0.98, beta=1.0),
                lambda: artlib.ART2A(rho=0.98, alpha=0.0, beta=1.0),
                positive,
                art2a_preprocess(positive, 0.0),
            ),
        ]
        for name, module, peer_module, X, peer_X in rows:
            warm = slice(None, None, max(1, len(y) // 20))  # 20 rows of every class
            artlib.SimpleARTMAP(peer_module()).fit(peer_X[warm], y[warm])  # numba compilation
            SimpleARTMAP(module()).fit(X[warm], y[warm])  # first-call costs
            peer, peer_time = best_time(
                lambda: artlib.SimpleARTMAP(peer_module()).fit(peer_X, y), repeats
            )
            model, zoo_time = best_time(lambda: SimpleARTMAP(module()).fit(X, y), repeats)
            ari = adjusted_rand_score(peer.module_a.labels_, model.module_.labels_)
            print(
                f"  {data_name:11s} {name:23s} zoo {zoo_time:7.3f} s {model.n_categories_:4d} "
                f"categories acc {model.score(X, y):.3f} | artlib {peer_time:7.3f} s "
                f"{peer.module_a.n_clusters:4d} categories | ARI={ari:.4f}  "
                f"time ratio zoo/artlib = {zoo_time / peer_time:.3f}"
            )
        rho_values = (0.4, 0.7, 0.85)
        base = dict(alpha=0.001, beta=1.0)
        artlib.SMART(artlib.FuzzyART, list(rho_values), base).fit(complement_code(scaled[:20]))
        peer, peer_time = best_time(
            lambda: artlib.SMART(artlib.FuzzyART, list(rho_values), base).fit(
                complement_code(scaled), epsilon=1e-10
            ),
            repeats,
        )
        model, zoo_time = best_time(lambda: SMART(rho_values=rho_values).fit(scaled), repeats)
        same = np.array_equal(peer.labels_deep_, model.labels_deep_)
        print(
            f"  {data_name:11s} {'SMART FuzzyART x3':23s} zoo {zoo_time:7.3f} s "
            f"{[len(np.unique(c)) for c in model.labels_deep_.T]} | artlib {peer_time:7.3f} s | "
            f"same labels_deep_: {same}  time ratio zoo/artlib = {zoo_time / peer_time:.3f}"
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
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n_samples", nargs="?", type=int, default=3000)
    parser.add_argument("n_seeds", nargs="?", type=int, default=5)
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    parser.add_argument("--only", default=None, help="comma-separated sections, e.g. circle")
    args = parser.parse_args()
    if args.clock == "cpu":
        CLOCK = time.process_time
    n_samples = args.n_samples
    sections = {
        "fuzzy_art": lambda: bench_fuzzy_art(n_samples),
        "circle": lambda: bench_circle_in_square(args.n_seeds),
        "modules": lambda: bench_modules(n_samples),
        "gaussian_modules": lambda: bench_gaussian_modules(n_samples),
        "simple_artmap": bench_simple_artmap,
        "binary_fuzzy": lambda: bench_binary_fuzzy(n_samples),
        "quadratic": lambda: bench_quadratic(n_samples),
        "cvi": lambda: bench_cvi(min(n_samples, 200)),
        "composites": lambda: bench_composites(n_samples),
    }
    chosen = list(sections) if args.only is None else args.only.split(",")
    unknown = set(chosen) - set(sections)
    if unknown:
        parser.error(f"unknown sections {sorted(unknown)}; choose from {list(sections)}")
    for name in chosen:
        sections[name]()
