"""zoo.som.SOM against MiniSom 2.3.6 on the same data, map, iterations and initial weights.

Run: ``python benchmarks/bench_som.py [n_samples] [batch_epochs] [n_seeds] [sigma_final]``
(defaults 10000, 6, 3, 0.7).

* Online: a 20×20 map, 10,000 samples × 784 features (scikit-learn's digits upsampled to 28×28 and
  resampled with noise), 10,000 iterations (one epoch), Gaussian neighbourhood, MiniSom's asymptotic
  decay of the learning rate and radius on both sides; the same initial codebook (random samples).
* Batch: MiniSom's ``train_batch`` over 10,000 iterations (despite its name, the online rule
  presenting the samples in order) from the PCA start with σ₀ = 3, against zoo's batch map
  (``algorithm="batch"``, PCA init computed inside the timed fit, σ from 3 to ``sigma_final``)
  run for 1, 2, ... epochs until its quantization error reaches MiniSom's: the time ratio and the
  epochs it took. Then MiniSom's ``train_batch_offline`` (Kohonen's batch algorithm mixed with a
  learning rate, one iteration = one epoch; slow, so 2 epochs each).
* Iris, z-scored, 10×10 map, σ=1.5, lr=0.5, PCA initialisation, 10,000 iterations: QE and TE beside
  MiniSom's (the ANCHORS figures: QE 0.189, TE 0.045).
* SOMRegressor's ``sigma_final`` (0.7, its default, against SOM's 1.0): 10×10 map on diabetes, R²
  of five shuffled 5-fold CVs (zoo only; a few seconds).

Times are measured in one process, one after the other; the ratio is what to quote.
"""

import sys
import time

import numpy as np
from minisom import MiniSom
from scipy.ndimage import zoom
from sklearn.datasets import load_diabetes, load_digits, load_iris
from sklearn.model_selection import KFold, cross_val_score
from sklearn.preprocessing import StandardScaler

from zoo.som import SOM, SOMRegressor


def digits_784(n_samples, seed=0):
    """Digits upsampled to 28×28 (784 features), resampled with small noise to ``n_samples``."""
    images = load_digits().images / 16.0
    big = np.stack([zoom(image, 3.5, order=1) for image in images]).reshape(len(images), -1)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(big), n_samples)
    return big[picks] + 0.05 * rng.standard_normal((n_samples, big.shape[1]))


def minisom_with(weights, n_rows, n_cols, sigma, learning_rate, seed=0):
    som = MiniSom(
        n_rows,
        n_cols,
        weights.shape[1],
        sigma=sigma,
        learning_rate=learning_rate,
        neighborhood_function="gaussian",
        decay_function="asymptotic_decay",
        sigma_decay_function="asymptotic_decay",
        random_seed=seed,
    )
    som._weights = weights.reshape(n_rows, n_cols, -1).copy()
    return som


def timed(fit):
    start = time.perf_counter()
    result = fit()
    return result, time.perf_counter() - start


def report(label, zoo_seconds, peer_seconds, zoo_quality, peer_quality):
    print(
        f"{label}: zoo {zoo_seconds:.2f} s, MiniSom {peer_seconds:.2f} s, "
        f"time ratio zoo/MiniSom = {zoo_seconds / peer_seconds:.3f} "
        f"(speed-up {peer_seconds / zoo_seconds:.1f}x); "
        f"QE zoo {zoo_quality[0]:.4f} vs MiniSom {peer_quality[0]:.4f}, "
        f"TE zoo {zoo_quality[1]:.4f} vs MiniSom {peer_quality[1]:.4f}"
    )


def quality_of(weights, X, n_rows, n_cols):
    """QE and TE of a codebook, measured by zoo's chunked methods (one yardstick for both)."""
    probe = SOM(n_rows, n_cols, init=weights, max_iter=1, algorithm="batch").fit(X[:2])
    probe.cluster_centers_[...] = weights
    return probe.quantization_error(X), probe.topographic_error(X)


def main(n_samples=10_000, batch_epochs=6, n_seeds=3, sigma_final=0.7):
    n_rows = n_cols = 20
    sigma, learning_rate = 4.0, 0.5
    X = digits_784(n_samples)
    W0 = X[np.random.default_rng(1).choice(len(X), n_rows * n_cols, replace=False)].copy()
    print(f"data {X.shape}, map {n_rows}x{n_cols}, sigma={sigma}, lr={learning_rate}")

    # --- online, same iterations (one epoch = n_samples iterations); time of the first seed,
    # quality
    # over n_seeds presentation orders (one seed's QE differs from another's by about 0.5%)
    zoo_quality, peer_quality = [], []
    for seed in range(n_seeds):
        zoo_online = SOM(
            n_rows,
            n_cols,
            sigma=sigma,
            learning_rate=learning_rate,
            decay="asymptotic",
            algorithm="online",
            init=W0,
            max_iter=1,
            random_state=seed,
        )
        _, seconds = timed(lambda: zoo_online.fit(X))
        if seed == 0:
            zoo_seconds = seconds
        zoo_quality.append(quality_of(zoo_online.cluster_centers_, X, n_rows, n_cols))
        peer = minisom_with(W0, n_rows, n_cols, sigma, learning_rate, seed=seed)
        _, seconds = timed(lambda: peer.train(X, n_samples, random_order=True))
        if seed == 0:
            peer_seconds = seconds
        peer_quality.append(
            quality_of(peer.get_weights().reshape(n_rows * n_cols, -1), X, n_rows, n_cols)
        )
    report(
        f"online, {n_samples} iterations (QE/TE: mean of {n_seeds} seeds)",
        zoo_seconds,
        peer_seconds,
        np.mean(zoo_quality, axis=0),
        np.mean(peer_quality, axis=0),
    )
    print(
        f"  per seed QE zoo {np.round(np.array(zoo_quality)[:, 0], 4).tolist()}, MiniSom "
        f"{np.round(np.array(peer_quality)[:, 0], 4).tolist()}; MiniSom's own QE of the last: "
        f"{peer.quantization_error(X):.4f}; "
        f"{1e3 * peer_seconds / n_samples:.3f} ms/iteration vs zoo "
        f"{1e3 * zoo_seconds / n_samples:.3f}"
    )

    # --- batch map against train_batch, the recipe: PCA start, sigma0 = 3, float64. zoo's
    # time includes its PCA initialisation (MiniSom is handed the same start for free); the
    # batch map runs for 1, 2, ... epochs until its QE reaches MiniSom's
    sigma0 = 3.0
    W_pca = SOM(n_rows, n_cols, max_iter=1).fit(X[:2])._pca_codebook(X)
    peer = minisom_with(W_pca, n_rows, n_cols, sigma0, learning_rate)
    _, peer_seconds = timed(lambda: peer.train_batch(X, n_samples))
    peer_quality = quality_of(peer.get_weights().reshape(n_rows * n_cols, -1), X, n_rows, n_cols)
    print(
        f"MiniSom train_batch, PCA start, sigma={sigma0}, {n_samples} iterations: "
        f"{peer_seconds:.2f} s, QE {peer_quality[0]:.4f}, TE {peer_quality[1]:.4f}"
    )
    for epochs in range(1, batch_epochs + 1):
        zoo_batch = SOM(
            n_rows, n_cols, sigma=sigma0, sigma_final=sigma_final, init="pca", max_iter=epochs
        )
        _, zoo_seconds = timed(lambda: zoo_batch.fit(X))
        zoo_quality = quality_of(zoo_batch.cluster_centers_, X, n_rows, n_cols)
        reached = zoo_quality[0] <= peer_quality[0]
        report(
            f"batch map, PCA init, sigma {sigma0} -> {sigma_final}, {epochs} epochs"
            + (" (reaches MiniSom's QE)" if reached else ""),
            zoo_seconds,
            peer_seconds,
            zoo_quality,
            peer_quality,
        )
        if reached:
            break
    offline_epochs = min(batch_epochs, 2)
    zoo_short = SOM(
        n_rows, n_cols, sigma=sigma, algorithm="batch", init=W0, max_iter=offline_epochs
    )
    _, zoo_seconds = timed(lambda: zoo_short.fit(X))
    peer = minisom_with(W0, n_rows, n_cols, sigma, learning_rate)
    _, peer_seconds = timed(lambda: peer.train_batch_offline(X, offline_epochs))
    report(
        f"batch map vs MiniSom train_batch_offline, {offline_epochs} epochs each",
        zoo_seconds,
        peer_seconds,
        quality_of(zoo_short.cluster_centers_, X, n_rows, n_cols),
        quality_of(peer.get_weights().reshape(n_rows * n_cols, -1), X, n_rows, n_cols),
    )

    # --- Iris, the ANCHORS recipe
    iris = StandardScaler().fit_transform(load_iris().data)
    pca_start = SOM(10, 10, init="pca", max_iter=1).fit(iris[:2])
    W_iris = SOM(10, 10, init="pca")._pca_codebook.__func__(pca_start, iris)
    epochs = int(np.ceil(10_000 / len(iris)))
    iterations = epochs * len(iris)
    zoo_iris = SOM(
        10,
        10,
        sigma=1.5,
        learning_rate=0.5,
        decay="asymptotic",
        algorithm="online",
        init=W_iris,
        max_iter=epochs,
        random_state=0,
    )
    _, zoo_seconds = timed(lambda: zoo_iris.fit(iris))
    peer = minisom_with(W_iris, 10, 10, 1.5, 0.5)
    _, peer_seconds = timed(lambda: peer.train(iris, iterations, random_order=True))
    report(
        f"Iris z-scored 10x10, PCA init, {iterations} iterations",
        zoo_seconds,
        peer_seconds,
        (zoo_iris.quantization_error(iris), zoo_iris.topographic_error(iris)),
        (peer.quantization_error(iris), peer.topographic_error(iris)),
    )
    zoo_iris_batch = SOM(10, 10, algorithm="batch", random_state=0).fit(iris)
    print(
        f"  zoo batch map with its defaults on Iris: QE "
        f"{zoo_iris_batch.quantization_error(iris):.4f}, "
        f"TE {zoo_iris_batch.topographic_error(iris):.4f}"
    )
    regressor_smoothing()


def regressor_smoothing(sigmas=(0.7, 1.0), n_shuffles=5):
    """SOMRegressor on diabetes, 10x10 map: mean R² of shuffled 5-fold CVs per ``sigma_final``."""
    X, y = load_diabetes(return_X_y=True)
    print(f"\nSOMRegressor 10x10 on diabetes, mean R² of {n_shuffles} shuffled 5-fold CVs:")
    for sigma in sigmas:
        scores = [
            cross_val_score(
                SOMRegressor(10, 10, sigma_final=sigma, random_state=0),
                X,
                y,
                cv=KFold(5, shuffle=True, random_state=seed),
            ).mean()
            for seed in range(n_shuffles)
        ]
        print(f"  sigma_final={sigma}: R² {np.mean(scores):.3f}")


if __name__ == "__main__":
    args = [float(a) if "." in a else int(a) for a in sys.argv[1:]]
    main(*args)
