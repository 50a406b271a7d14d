"""Gaussian ART against Williamson's (1996) algorithm written straight (one sample at a time, one
category at a time), against artlib where artlib follows the paper, and its contract (sample
weights as consecutive repetitions, warm start, parameters, errors)."""

import math
import re

import numpy as np
import pytest
from sklearn.datasets import load_iris, make_blobs
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import MinMaxScaler

from zoo.art import GaussianART

# two passes of online learning are not a stable state; the tests compare those two passes
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _data(name):
    if name == "iris":
        return load_iris().data  # 150 x 4
    X, _ = make_blobs(n_samples=300, centers=5, cluster_std=1.0, random_state=0)
    return MinMaxScaler().fit_transform(X)


def gaussian_art_by_the_paper(X, rho, sigma_init, n_epochs=1):
    """Williamson (1996), Gaussian ARTMAP's ART_a module: choice g_j, match exp(-D^2/2), the
    incremental mean and variance; Python lists and floats."""
    means, sigmas, counts, labels = [], [], [], []
    for _ in range(n_epochs):
        labels = []
        for x in X.tolist():
            J, best = -1, -math.inf
            for j, (mu, sigma, n) in enumerate(zip(means, sigmas, counts)):
                d2 = sum(((a - m) / s) ** 2 for a, m, s in zip(x, mu, sigma))
                match = math.exp(-0.5 * d2)
                g = n / math.prod(sigma) * match
                if match >= rho and g > best:  # the largest choice among the matching ones
                    J, best = j, g
            if J < 0:
                means.append(list(x))
                sigmas.append(list(sigma_init))
                counts.append(1.0)
                labels.append(len(means) - 1)
                continue
            n = counts[J] = counts[J] + 1
            means[J] = [(1 - 1 / n) * m + (1 / n) * a for m, a in zip(means[J], x)]
            sigmas[J] = [
                math.sqrt((1 - 1 / n) * s * s + (1 / n) * (m - a) ** 2)
                for s, m, a in zip(sigmas[J], means[J], x)
            ]
            labels.append(J)
    return np.array(labels), np.array(means), np.array(sigmas), np.array(counts)


@pytest.mark.parametrize("data, rho", [("blobs", 0.2), ("blobs", 0.05), ("iris", 0.05)])
def test_gaussian_art_is_the_paper(data, rho):
    X = _data(data)
    sigma_init = 0.2 * np.ptp(X, axis=0)
    expected, means, sigmas, counts = gaussian_art_by_the_paper(X, rho, sigma_init, n_epochs=2)
    art = GaussianART(rho=rho, n_epochs=2).fit(X)  # the default sigma_init: a fifth of the range
    np.testing.assert_allclose(art.sigma_init_, sigma_init)
    np.testing.assert_array_equal(art.labels_, expected)
    np.testing.assert_allclose(art.means_, means, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(art.sigmas_, sigmas, rtol=1e-10)
    np.testing.assert_array_equal(art.counts_, counts)
    assert 2 < art.n_clusters_ < len(X) // 5


@pytest.mark.parametrize("data", ["blobs", "iris"])
def test_artlib_agrees_on_gaussian_art(data):
    # artlib divides by alpha + prod(sigma) (alpha = 1e-10): with a few features that is the paper
    artlib = pytest.importorskip("artlib")
    X = MinMaxScaler().fit_transform(_data(data))  # artlib requires [0, 1]
    sigma_init = 0.2 * np.ptp(X, axis=0)
    expected, _, _, _ = gaussian_art_by_the_paper(X, 0.1, sigma_init)
    peer = artlib.GaussianART(rho=0.1, sigma_init=sigma_init)
    peer.fit(X)
    np.testing.assert_array_equal(peer.labels_, expected)
    np.testing.assert_array_equal(GaussianART(rho=0.1).fit(X).labels_, expected)


def test_gaussian_art_finds_the_blobs_and_predicts_its_partition():
    X = _data("blobs")
    y = make_blobs(n_samples=300, centers=5, cluster_std=1.0, random_state=0)[1]
    art = GaussianART(rho=0.05, sigma_init=0.1).fit(X)
    assert adjusted_rand_score(y, art.labels_) > 0.5
    # predict is the training search with the final categories: most samples keep their label
    assert np.mean(art.predict(X) == art.labels_) > 0.9
    # a far input matches no category: -1 with novelty="reject", a category with "best"
    far = [[5.0, 5.0]]
    assert art.set_params(novelty="reject").predict(far).tolist() == [-1]
    assert art.set_params(novelty="best").predict(far)[0] >= 0


def test_gaussian_weight_is_consecutive_repetition():
    X = _data("blobs")[:80]
    weights = np.random.default_rng(0).integers(1, 4, len(X))
    weighted = GaussianART(rho=0.1, sigma_init=0.1).fit(X, sample_weight=weights)
    repeated = GaussianART(rho=0.1, sigma_init=0.1).fit(np.repeat(X, weights, axis=0))
    np.testing.assert_array_equal(weighted.labels_, repeated.labels_[np.cumsum(weights) - 1])
    np.testing.assert_array_equal(weighted.counts_, repeated.counts_)
    np.testing.assert_allclose(weighted.means_, repeated.means_, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(weighted.sigmas_, repeated.sigmas_, rtol=1e-10)
    assert weighted.counts_.sum() == weights.sum()
    # a real weight interpolates: half a presentation moves a mean half as far as a whole one
    half = GaussianART(rho=0.1, sigma_init=0.1).fit(X[:2], sample_weight=[1.0, 0.5])
    if half.n_clusters_ == 1:
        np.testing.assert_allclose(half.means_[0], X[0] + (X[1] - X[0]) / 3)


def test_gaussian_weights_zero_and_one_warm_start_and_errors():
    X = _data("blobs")
    plain = GaussianART().fit(X)
    ones = GaussianART().fit(X, sample_weight=np.ones(len(X)))
    np.testing.assert_array_equal(plain.means_, ones.means_)
    np.testing.assert_array_equal(plain.sigmas_, ones.sigmas_)
    weights = np.ones(len(X))
    weights[::3] = 0
    dropped = GaussianART(sigma_init=plain.sigma_init_).fit(X[weights > 0])
    zeroed = GaussianART(sigma_init=plain.sigma_init_).fit(X, sample_weight=weights)
    np.testing.assert_array_equal(zeroed.means_, dropped.means_)
    assert np.all(zeroed.labels_[::3] == -1)
    # warm start = partial_fit from the first fit's categories (and its sigma_init)
    warm = GaussianART(warm_start=True).fit(X[:150]).fit(X[150:])
    online = GaussianART().fit(X[:150]).partial_fit(X[150:])
    np.testing.assert_array_equal(warm.means_, online.means_)
    np.testing.assert_array_equal(warm.sigma_init_, online.sigma_init_)
    assert np.all(warm.sigma_init_ == 0.2 * np.ptp(X[:150], axis=0))
    with pytest.raises(ValueError, match="sigma_init must be a positive number or 2"):
        GaussianART(sigma_init=[0.1, 0.0]).fit(X)
    with pytest.raises(ValueError, match="sigma_init"):
        GaussianART(sigma_init=[0.1, 0.1, 0.1]).fit(X)
    with pytest.raises(ValueError):
        GaussianART(sigma_init=-1.0).fit(X)
    with pytest.raises(ValueError):
        warm.fit(X[:, :1])


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_gaussian_spreads_beyond_float_range_are_rejected_or_floored():
    X = _data("blobs")
    # sigma^2 must be a positive normal float of X's dtype: the parameter is named
    for sigma_init, dtype in [(1e-300, np.float64), (1e300, np.float64), (1e30, np.float32)]:
        with pytest.raises(ValueError, match=re.escape(f"sigma_init={sigma_init:g} give widths")):
            GaussianART(sigma_init=sigma_init).fit(X.astype(dtype))
    # the default spread of data near 1e-300 would square to 0: the scale of X and the fix
    with pytest.raises(ValueError, match="X has values as large as .* with StandardScaler"):
        GaussianART().fit(X * 1e-300)
    # n identical inputs shrink sigma^2 to sigma_init^2 / n: it stops at the smallest normal
    # float, where 1 / sigma^2 is still finite, and the category keeps its inputs
    art = GaussianART(sigma_init=2e-154).fit(np.zeros((50, 2)))
    assert art.counts_.tolist() == [50.0]
    np.testing.assert_array_equal(art.sigmas_, np.sqrt(np.finfo(np.float64).tiny))
    assert art.predict(np.zeros((1, 2))).tolist() == [0]
