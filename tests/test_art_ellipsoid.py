"""Ellipsoid ART against Anagnostopoulos & Georgiopoulos's (2001) algorithm written straight (one
sample at a time, one category at a time), against artlib where artlib follows the paper, and its
contract (sample weights, warm start, errors)."""

import math

import numpy as np
import pytest
from sklearn.datasets import load_iris, make_blobs
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import MinMaxScaler

from zoo.art import EllipsoidART, HypersphereART

# two passes of slow learning are not a stable state; the tests compare those two passes
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _data(name):
    if name == "iris":
        return load_iris().data  # 150 x 4
    X, _ = make_blobs(n_samples=300, centers=5, cluster_std=1.0, random_state=0)
    return MinMaxScaler().fit_transform(X)


def _norm(v):
    return math.sqrt(sum(a * a for a in v))


def ellipsoid_by_the_paper(X, rho, mu, r_hat, alpha, beta, n_epochs=1):
    """Categories (m, d, R), visited in decreasing choice; the second point fixes d."""
    centres, axes, radii, labels = [], [], [], []

    def distance(x, j):
        delta = [a - b for a, b in zip(x, centres[j])]
        if radii[j] == 0:  # a point: no axis yet
            return _norm(delta)
        along = sum(a * b for a, b in zip(axes[j], delta))
        return math.sqrt(max(_norm(delta) ** 2 - (1 - mu * mu) * along * along, 0.0)) / mu

    for _ in range(n_epochs):
        labels = []
        for x in X.tolist():
            scores = []
            for j, R in enumerate(radii):
                D = max(R, distance(x, j))
                T = (r_hat - R - D) / (r_hat - 2 * R + alpha)
                scores.append((T, -j, 1 - (R + D) / r_hat))
            J = -1
            for _, minus_j, M in sorted(scores, reverse=True):  # search: reset until match
                if M >= rho:
                    J = -minus_j
                    break
            if J < 0:
                centres.append(list(x))
                axes.append([0.0] * len(x))
                radii.append(0.0)
                labels.append(len(centres) - 1)
                continue
            m, R, dis = centres[J], radii[J], distance(x, J)
            if dis > R * (1 + 1e-12):
                if R == 0:
                    axes[J] = [(a - b) / dis for a, b in zip(x, m)]
                radii[J] = R + beta / 2 * (max(R, dis) - R)
                centres[J] = [
                    b + beta / 2 * (a - b) * (1 - min(R, dis) / dis) for a, b in zip(x, m)
                ]
            labels.append(J)
    return np.array(labels), np.array(centres), np.array(axes), np.array(radii)


@pytest.mark.parametrize("data", ["blobs", "iris"])
@pytest.mark.parametrize("mu, beta", [(0.5, 1.0), (0.8, 0.4), (0.2, 1.0)])
def test_ellipsoid_is_the_paper(data, mu, beta):
    X = _data(data)
    rho, alpha = 0.8, 0.001
    r_hat = float(np.linalg.norm(X.max(axis=0) - X.min(axis=0)))
    expected, centres, axes, radii = ellipsoid_by_the_paper(X, rho, mu, r_hat, alpha, beta, 2)
    art = EllipsoidART(rho=rho, mu=mu, alpha=alpha, beta=beta, n_epochs=2).fit(X)
    assert art.r_hat_ == pytest.approx(r_hat)
    np.testing.assert_array_equal(art.labels_, expected)
    np.testing.assert_allclose(art.centroids_, centres, atol=1e-12)
    np.testing.assert_allclose(art.axes_, axes, atol=1e-12)
    np.testing.assert_allclose(art.radii_, radii, atol=1e-12)
    assert 2 < art.n_clusters_ < len(X) // 2
    # fast learning: no major axis beyond r_hat (1 - rho); every axis a unit vector or zero
    assert np.all(2 * art.radii_ <= r_hat * (1 - rho) + 1e-12)
    lengths = np.linalg.norm(art.axes_, axis=1)
    np.testing.assert_allclose(lengths[art.radii_ > 0], 1.0)


@pytest.mark.parametrize("data", ["blobs", "iris"])
def test_artlib_agrees_on_ellipsoid_with_mu_one(data):
    # artlib sets the axis from the third point on, again at every update (the paper: once, at
    # the second point); with mu = 1 the axis plays no part and the two agree
    artlib = pytest.importorskip("artlib")
    X = MinMaxScaler().fit_transform(_data(data))  # artlib requires [0, 1]
    r_hat = float(np.linalg.norm(X.max(axis=0) - X.min(axis=0)))
    expected, _, _, _ = ellipsoid_by_the_paper(X, 0.8, 1.0, r_hat, 1e-7, 1.0)
    peer = artlib.EllipsoidART(rho=0.8, alpha=1e-7, beta=1.0, mu=1.0, r_hat=r_hat)
    peer.fit(X)
    np.testing.assert_array_equal(peer.labels_, expected)
    art = EllipsoidART(rho=0.8, mu=1.0, alpha=1e-7, r_hat=r_hat, n_epochs=1).fit(X)
    np.testing.assert_array_equal(art.labels_, expected)


def test_ellipsoid_categories_hold_their_points_and_follow_elongated_clusters():
    rng = np.random.default_rng(0)
    # two long thin clusters along the diagonal and the anti-diagonal
    t = rng.uniform(-1, 1, (2, 100))
    along = np.stack([t[0], t[0]], axis=1) + rng.normal(0, 0.02, (100, 2))
    across = np.stack([t[1], -t[1]], axis=1) + [3.0, 0.0] + rng.normal(0, 0.02, (100, 2))
    X = np.concatenate([along, across])[rng.permutation(200)]
    art = EllipsoidART(rho=0.3, mu=0.1).fit(X)
    assert art.change_curve_[-1] == 0
    # every training point lies inside (or on) the ellipsoid of its category after fast learning
    memory = art._memory
    for x, label in zip(X, art.labels_):
        distance = memory._distances(x, np.empty(memory.n_categories))[label]
        assert distance <= art.radii_[label] * (1 + 1e-9) + 1e-12
    np.testing.assert_array_equal(art.predict(X), art.labels_)
    spheres = HypersphereART(rho=0.3**0.5, r_hat=art.r_hat_ / 2).fit(X)
    assert art.n_clusters_ < spheres.n_clusters_  # thin ellipsoids cover a line with fewer


def test_ellipsoid_weight_zero_one_repetition_and_warm_start():
    X = _data("blobs")[:80]
    weights = np.random.default_rng(0).integers(1, 4, len(X))
    weighted = EllipsoidART(rho=0.7, beta=0.3, n_epochs=1).fit(X, sample_weight=weights)
    repeated = EllipsoidART(rho=0.7, beta=0.3, n_epochs=1, r_hat=weighted.r_hat_)
    repeated.fit(np.repeat(X, weights, axis=0))
    np.testing.assert_allclose(weighted.centroids_, repeated.centroids_, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(weighted.radii_, repeated.radii_, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(weighted.labels_, repeated.labels_[np.cumsum(weights) - 1])
    plain = EllipsoidART(beta=0.5, n_epochs=1).fit(X)
    ones = EllipsoidART(beta=0.5, n_epochs=1).fit(X, sample_weight=np.ones(len(X)))
    np.testing.assert_array_equal(plain.weights_, ones.weights_)
    warm = EllipsoidART(n_epochs=1, warm_start=True).fit(X[:40]).fit(X[40:])
    online = EllipsoidART(n_epochs=1).fit(X[:40]).partial_fit(X[40:])
    np.testing.assert_array_equal(warm.weights_, online.weights_)
    np.testing.assert_array_equal(warm.axes_, online.axes_)
    with pytest.raises(ValueError):
        warm.fit(X[:, :1])
    with pytest.raises(ValueError):
        EllipsoidART(mu=0.0).fit(X)
    blobs_y = make_blobs(n_samples=300, centers=5, cluster_std=1.0, random_state=0)[1]
    assert adjusted_rand_score(blobs_y, EllipsoidART(rho=0.7).fit(_data("blobs")).labels_) > 0.6
