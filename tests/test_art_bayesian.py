"""Bayesian ART against Vigdor & Lerner's (2007) algorithm written straight (one sample at a
time, one category at a time), against artlib where artlib follows it, and its contract (sample
weights as consecutive repetitions, warm start, cov_init, errors)."""

import math

import numpy as np
import pytest
from sklearn.datasets import load_iris, make_blobs
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import MinMaxScaler

from zoo.art import BayesianART

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _data(name):
    X = load_iris().data if name == "iris" else make_blobs(300, centers=5, random_state=0)[0]
    return MinMaxScaler().fit_transform(X)


def _learned(mean, cov, n, x):
    n = n + 1
    mean = (1 - 1 / n) * mean + (1 / n) * x
    return mean, (1 - 1 / n) * cov + (1 / n) * np.outer(x - mean, x - mean), n


def bayesian_art_by_the_paper(X, s_max, cov_init, learned=True, n_epochs=1):
    """The posterior choice, the hyper-volume vigilance (of the covariance after learning x, or
    of the current one), the incremental mean and covariance; one category at a time."""
    means, covs, counts, labels = [], [], [], []
    for _ in range(n_epochs):
        labels = []
        for x in X:
            J, best = -1, -math.inf
            for j, (mean, cov, n) in enumerate(zip(means, covs, counts)):
                d = x - mean
                density = math.exp(-0.5 * d @ np.linalg.inv(cov) @ d)
                posterior = n * density / math.sqrt(np.linalg.det(cov))
                volume = np.linalg.det(_learned(mean, cov, n, x)[1] if learned else cov)
                if volume <= s_max and posterior > best:
                    J, best = j, posterior
            if J < 0:
                means.append(x.copy())
                covs.append(cov_init.copy())
                counts.append(1.0)
                labels.append(len(means) - 1)
                continue
            means[J], covs[J], counts[J] = _learned(means[J], covs[J], counts[J], x)
            labels.append(J)
    return np.array(labels), np.array(means), np.array(covs), np.array(counts)


@pytest.mark.parametrize("data", ["blobs", "iris"])
@pytest.mark.parametrize("learned", [True, False])
def test_bayesian_art_is_the_paper(data, learned):
    X = _data(data)
    cov_init = np.diag(np.square(0.1 * np.ptp(X, axis=0)))
    # the default s_max is |cov_init|; the current volume needs more room to cluster at all
    s_max = np.linalg.det(cov_init) * (1.0 if learned else 3.0)
    volume, n_epochs = ("learned", 2) if learned else ("current", 1)
    expected, means, covs, counts = bayesian_art_by_the_paper(X, s_max, cov_init, learned, n_epochs)
    art = BayesianART(s_max=None if learned else s_max, vigilance_volume=volume)
    art.set_params(n_epochs=n_epochs).fit(X)
    np.testing.assert_allclose(art.cov_init_, cov_init)  # the default: a tenth of the range
    assert art.s_max_ == pytest.approx(s_max)
    np.testing.assert_array_equal(art.labels_, expected)
    np.testing.assert_allclose(art.means_, means, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(art.covariances_, covs, rtol=1e-8, atol=1e-14)
    np.testing.assert_array_equal(art.counts_, counts)
    assert 1 < art.n_clusters_ < len(X) // 2


@pytest.mark.parametrize("data", ["blobs", "iris"])
def test_artlib_agrees_on_bayesian_art(data):
    artlib = pytest.importorskip("artlib")
    X = _data(data)
    cov_init = np.diag(np.square(0.1 * np.ptp(X, axis=0)))
    s_max = float(2.0 ** X.shape[1] * np.linalg.det(cov_init))
    expected, _, _, _ = bayesian_art_by_the_paper(X, s_max, cov_init)
    peer = artlib.BayesianART(rho=s_max, cov_init=cov_init)
    peer.fit(X)
    np.testing.assert_array_equal(peer.labels_, expected)
    np.testing.assert_array_equal(BayesianART(s_max=s_max).fit(X).labels_, expected)


def test_bayesian_art_finds_the_blobs_and_follows_correlations():
    X = _data("blobs")
    y = make_blobs(300, centers=5, random_state=0)[1]
    art = BayesianART().fit(X)
    assert art.s_max_ == pytest.approx(np.linalg.det(art.cov_init_))
    assert adjusted_rand_score(y, art.labels_) > 0.35
    assert np.mean(art.predict(X) == art.labels_) >= 0.85
    # one elongated, correlated cloud: a full covariance learns the correlation
    rng = np.random.default_rng(0)
    t = rng.normal(size=400)
    cloud = np.stack([t, t + 0.1 * rng.normal(size=400)], axis=1)
    art = BayesianART(s_max=1.0, cov_init=0.5).fit(cloud)
    assert art.n_clusters_ == 1
    covariance = art.covariances_[0]
    assert covariance[0, 1] / math.sqrt(covariance[0, 0] * covariance[1, 1]) > 0.9


def test_bayesian_weight_is_consecutive_repetition():
    # in one category (a bound no covariance reaches) a weight is exactly its repetitions; the
    # search of a weighted presentation is that of one presentation, so with several categories
    # the repetitions may split
    X = _data("blobs")[:80]
    weights = np.random.default_rng(0).integers(1, 4, len(X))
    weighted = BayesianART(s_max=1.0).fit(X, sample_weight=weights)
    repeated = BayesianART(s_max=1.0, cov_init=np.diag(weighted.cov_init_))
    repeated.fit(np.repeat(X, weights, axis=0))
    assert weighted.n_clusters_ == repeated.n_clusters_ == 1
    np.testing.assert_array_equal(weighted.counts_, repeated.counts_)
    np.testing.assert_allclose(weighted.means_, repeated.means_, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(weighted.covariances_, repeated.covariances_, rtol=1e-9, atol=1e-15)


def test_bayesian_cov_init_warm_start_and_errors():
    X = _data("iris")
    diagonal = BayesianART(cov_init=[0.01, 0.02, 0.03, 0.04]).fit(X)
    np.testing.assert_allclose(diagonal.cov_init_, np.diag([0.01, 0.02, 0.03, 0.04]))
    full = BayesianART(cov_init=np.diag([0.01, 0.02, 0.03, 0.04])).fit(X)
    np.testing.assert_array_equal(full.labels_, diagonal.labels_)
    np.testing.assert_allclose(BayesianART(cov_init=0.01).fit(X).cov_init_, 0.01 * np.eye(4))
    warm = BayesianART(warm_start=True).fit(X[:75]).fit(X[75:])
    online = BayesianART().fit(X[:75]).partial_fit(X[75:])
    np.testing.assert_array_equal(warm.covariances_, online.covariances_)
    with pytest.raises(ValueError, match="not positive definite"):
        BayesianART(cov_init=-np.eye(4)).fit(X)
    with pytest.raises(ValueError, match="not symmetric"):
        BayesianART(cov_init=np.eye(4) + np.triu(np.ones((4, 4)), 1) * 0.1).fit(X)
    with pytest.raises(ValueError, match="cov_init"):
        BayesianART(cov_init=np.eye(3)).fit(X)
    with pytest.raises(ValueError, match="cov_init"):
        BayesianART(cov_init=[0.1, -0.1, 0.1, 0.1]).fit(X)
    with pytest.raises(ValueError):
        warm.fit(X[:, :2])


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_bayesian_volumes_beyond_float_range_are_rejected():
    X = _data("iris")
    # s_max_ defaults to |cov_init|, a product of variances: it must be a float64 number
    with pytest.raises(ValueError, match=r"cov_init=1e\+300 gives a new category the volume"):
        BayesianART(cov_init=1e300).fit(X)
    with pytest.raises(ValueError, match="X has values as large as .* or give s_max"):
        BayesianART().fit(X * 1e120)
    # choice and match use log-volumes: with s_max given, the same data trains (a category per
    # distinct point: every volume is beyond 1e300) and predicts its partition
    distinct = np.unique(X, axis=0) * 1e120
    scaled = BayesianART(s_max=1e300).fit(distinct)
    assert scaled.n_clusters_ == len(distinct) and np.isfinite(scaled.covariances_).all()
    np.testing.assert_array_equal(scaled.predict(distinct), scaled.labels_)
    # variances that square to 0 (cov_init near 1e-320, data near 1e-300) are rejected
    with pytest.raises(ValueError, match="cov_init=1e-320 give widths"):
        BayesianART(cov_init=1e-320).fit(X)
    with pytest.raises(ValueError, match="X has values as large as .* with StandardScaler"):
        BayesianART().fit(X * 1e-300)
    # a cov_init far below the data's spread: the first update leaves Sigma with a condition
    # number beyond 1/eps, Sherman-Morrison's inverse loses its positive definiteness (math's
    # "domain error" in log|Sigma'| before, or log1p of a negative q): named, not a crash
    with pytest.raises(ValueError, match="numerically singular.*larger cov_init"):
        BayesianART(cov_init=1e-30, s_max=1e-3).fit(X)
    assert BayesianART(cov_init=1e-10, s_max=1e-3).fit(X).n_clusters_ == 1
