"""ART 2-A and Hypersphere ART against their papers' algorithms written straight (one sample at a
time, one category at a time), against artlib where artlib follows the paper, and their contract
(sample weights, warm start, float32, errors)."""

import math

import numpy as np
import pytest
from sklearn.datasets import load_iris, make_blobs
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import MinMaxScaler

from zoo._core.art import art2a_preprocess
from zoo.art import ART2A, HypersphereART

# two passes of slow learning are not a stable state; the tests compare those two passes
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _data(name):
    if name == "iris":
        return load_iris().data  # positive, 150 x 4
    X, _ = make_blobs(n_samples=300, centers=5, cluster_std=1.0, random_state=0)
    return MinMaxScaler().fit_transform(X)


def _norm(v):
    return math.sqrt(sum(a * a for a in v))


def art2a_by_the_paper(X, rho, alpha, beta, theta, n_epochs=1):
    """Carpenter, Grossberg & Rosen (1991), eqs. 3-13, with Python lists and floats."""
    prototypes, labels = [], []
    for _ in range(n_epochs):
        labels = []
        for x in X.tolist():
            n = _norm(x)
            v = [a / n if n > 0 else 0.0 for a in x]
            v = [a if a > theta else 0.0 for a in v]  # contrast enhancement F0
            n = _norm(v)
            inp = [a / n if n > 0 else 0.0 for a in v]
            if n == 0:
                labels.append(-1)
                continue
            uncommitted = alpha * sum(inp)
            best, J = -math.inf, -1
            for j, z in enumerate(prototypes):  # T_j = I . z_j; first index wins ties
                t = sum(a * b for a, b in zip(inp, z))
                if t > best:
                    best, J = t, j
            if J < 0 or best < uncommitted or best < rho:  # uncommitted node wins, or reset
                prototypes.append(inp)
                labels.append(len(prototypes) - 1)
                continue
            z = prototypes[J]
            psi = [a if w > theta else 0.0 for a, w in zip(inp, z)]
            npsi = _norm(psi)
            if npsi > 0:
                new = [beta * p / npsi + (1 - beta) * w for p, w in zip(psi, z)]
                nn = _norm(new)
                prototypes[J] = [a / nn for a in new]
            labels.append(J)
    return np.array(labels), np.array(prototypes)


def hypersphere_by_the_paper(X, rho, r_hat, alpha, beta, n_epochs=1):
    """Anagnostopoulos & Georgiopoulos (2000): categories visited in decreasing choice."""
    centroids, radii, labels = [], [], []
    for _ in range(n_epochs):
        labels = []
        for x in X.tolist():
            scores = []
            for j, (m, R) in enumerate(zip(centroids, radii)):
                d = _norm([a - b for a, b in zip(x, m)])
                D = max(R, d)
                scores.append(((r_hat - D) / (r_hat - R + alpha), -j, 1 - D / r_hat, d))
            J = -1
            for _, minus_j, M, _ in sorted(scores, reverse=True):  # search: reset until match
                if M >= rho:
                    J = -minus_j
                    break
            if J < 0:
                centroids.append(list(x))
                radii.append(0.0)
                labels.append(len(centroids) - 1)
                continue
            m, R = centroids[J], radii[J]
            d = _norm([a - b for a, b in zip(x, m)])
            if d > R:
                radii[J] = R + beta / 2 * (max(R, d) - R)
                centroids[J] = [b + beta / 2 * (a - b) * (1 - min(R, d) / d) for a, b in zip(x, m)]
            labels.append(J)
    return np.array(labels), np.array(centroids), np.array(radii)


@pytest.mark.parametrize("data", ["blobs", "iris"])
@pytest.mark.parametrize("beta, theta", [(1.0, 0.0), (0.1, 0.0), (0.3, 0.3)])
def test_art2a_is_the_paper(data, beta, theta):
    X = _data(data)
    rho = 0.995 if data == "iris" else 0.98
    alpha = 0.1
    expected, prototypes = art2a_by_the_paper(X, rho, alpha, beta, theta, n_epochs=2)
    art = ART2A(rho=rho, alpha=alpha, beta=beta, theta=theta, n_epochs=2).fit(X)
    np.testing.assert_array_equal(art.labels_, expected)
    np.testing.assert_allclose(art.weights_, prototypes, atol=1e-12)
    assert art.n_clusters_ == len(prototypes) > 2
    np.testing.assert_allclose(np.linalg.norm(art.weights_, axis=1), 1.0)


@pytest.mark.parametrize("data", ["blobs", "iris"])
@pytest.mark.parametrize("beta", [1.0, 0.4])
def test_hypersphere_is_the_paper(data, beta):
    X = _data(data)
    rho, alpha = 0.8, 0.001
    r_hat = 0.5 * float(np.linalg.norm(X.max(axis=0) - X.min(axis=0)))
    expected, centroids, radii = hypersphere_by_the_paper(X, rho, r_hat, alpha, beta, n_epochs=2)
    art = HypersphereART(rho=rho, alpha=alpha, beta=beta, n_epochs=2).fit(X)
    assert art.r_hat_ == pytest.approx(r_hat)
    np.testing.assert_array_equal(art.labels_, expected)
    np.testing.assert_allclose(art.centroids_, centroids, atol=1e-12)
    np.testing.assert_allclose(art.radii_, radii, atol=1e-12)
    assert 2 < art.n_clusters_ < len(X) // 3
    # fast learning: no radius beyond r_hat (1 - rho)
    assert np.all(art.radii_ <= r_hat * (1 - rho) + 1e-12)


def test_artlib_agrees_on_art2a_where_it_follows_the_paper():
    # artlib's ART2A takes prepared input and neither renormalises nor thresholds in learning;
    # with fast learning on positive data (psi = I, z = I) that is the paper's algorithm
    artlib = pytest.importorskip("artlib")
    X = _data("iris")
    expected, _ = art2a_by_the_paper(X, 0.995, 0.1, 1.0, 0.0)
    peer = artlib.ART2A(rho=0.995, alpha=0.1, beta=1.0)
    peer.fit(art2a_preprocess(X, 0.0))
    np.testing.assert_array_equal(peer.labels_, expected)
    zoo_labels = ART2A(rho=0.995, alpha=0.1, beta=1.0).fit(X).labels_
    np.testing.assert_array_equal(zoo_labels, expected)


@pytest.mark.parametrize("data", ["blobs", "iris"])
@pytest.mark.parametrize("beta", [1.0, 0.4])
def test_artlib_agrees_on_hypersphere(data, beta):
    # artlib adds alpha to the distance in the centroid update (the paper does not); with a
    # negligible alpha its partition is the paper's (with alpha=1e-3 one of 300 blobs differs)
    artlib = pytest.importorskip("artlib")
    X = MinMaxScaler().fit_transform(_data(data))  # artlib requires [0, 1]
    r_hat = 0.5 * float(np.linalg.norm(X.max(axis=0) - X.min(axis=0)))
    expected, _, _ = hypersphere_by_the_paper(X, 0.8, r_hat, 1e-9, beta)
    peer = artlib.HypersphereART(rho=0.8, alpha=1e-9, beta=beta, r_hat=r_hat)
    peer.fit(X)
    np.testing.assert_array_equal(peer.labels_, expected)
    art = HypersphereART(rho=0.8, alpha=1e-9, beta=beta, r_hat=r_hat, n_epochs=1).fit(X)
    np.testing.assert_array_equal(art.labels_, expected)


def test_hypersphere_weight_is_consecutive_repetition():
    X = _data("blobs")[:60]
    weights = np.random.default_rng(0).integers(1, 4, len(X))
    weighted = HypersphereART(rho=0.7, beta=0.3, n_epochs=1).fit(X, sample_weight=weights)
    repeated = HypersphereART(rho=0.7, beta=0.3, n_epochs=1, r_hat=weighted.r_hat_)
    repeated.fit(np.repeat(X, weights, axis=0))
    np.testing.assert_allclose(weighted.centroids_, repeated.centroids_, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(weighted.radii_, repeated.radii_, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(weighted.labels_, repeated.labels_[np.cumsum(weights) - 1])


@pytest.mark.parametrize("Estimator", [ART2A, HypersphereART])
def test_weights_zero_and_one(Estimator):
    X = _data("iris")
    plain = Estimator(beta=0.5, n_epochs=1).fit(X)
    ones = Estimator(beta=0.5, n_epochs=1).fit(X, sample_weight=np.ones(len(X)))
    np.testing.assert_array_equal(plain.weights_, ones.weights_)
    weights = np.ones(len(X))
    weights[::3] = 0
    kwargs = {} if Estimator is ART2A else {"r_hat": plain.r_hat_}
    dropped = Estimator(beta=0.5, n_epochs=1, **kwargs).fit(X[weights > 0])
    zeroed = Estimator(beta=0.5, n_epochs=1, **kwargs).fit(X, sample_weight=weights)
    np.testing.assert_array_equal(zeroed.weights_, dropped.weights_)
    assert np.all(zeroed.labels_[::3] == -1)
    with pytest.raises(ValueError):
        Estimator().fit(X, sample_weight=np.zeros(len(X)))


@pytest.mark.parametrize("Estimator", [ART2A, HypersphereART])
def test_warm_start_continues_and_checks_features(Estimator):
    X = _data("blobs")
    first, second = X[:150], X[150:]
    cold = Estimator(n_epochs=1).fit(first)
    warm = Estimator(n_epochs=1, warm_start=True).fit(first)
    np.testing.assert_array_equal(warm.weights_, cold.weights_)  # unfitted: a cold fit
    n_before = warm.n_clusters_
    warm.fit(second)
    online = Estimator(n_epochs=1).fit(first).partial_fit(second)
    np.testing.assert_array_equal(warm.weights_, online.weights_)
    assert warm.n_clusters_ >= n_before
    with pytest.raises(ValueError):
        warm.fit(second[:, :1])


def test_predict_is_the_training_search_after_a_stable_pass():
    X = _data("blobs")
    art = HypersphereART(rho=0.7).fit(X)  # 6 spheres for the 5 blobs, ARI 0.83
    assert art.change_curve_[-1] == 0
    np.testing.assert_array_equal(art.predict(X), art.labels_)
    assert adjusted_rand_score(art.labels_, make_blobs(300, centers=5, random_state=0)[1]) > 0.8


def test_art2a_clusters_by_direction_and_suppresses_small_components():
    # scaling an input changes nothing; with theta, a component below it does not count
    X = _data("iris")
    art = ART2A(rho=0.99).fit(X)
    np.testing.assert_array_equal(art.predict(7.0 * X), art.predict(X))
    theta = ART2A(theta=0.2).fit([[1.0, 0.1, 0.0]])
    np.testing.assert_allclose(theta.weights_, [[1.0, 0.0, 0.0]])
    assert ART2A().fit([[-1.0, -2.0], [1.0, 0.0]]).labels_.tolist() == [-1, 0]
