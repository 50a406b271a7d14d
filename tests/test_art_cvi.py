"""Cluster validity indices (zoo._core.cvi) against scikit-learn on fixed partitions, the
incremental Calinski-Harabasz index against the batch one after every move, and CVI ART against
its algorithm written straight (Fuzzy ART's search, one category at a time, the index recomputed
by scikit-learn for every candidate) and against artlib's iCVIFuzzyART."""

import pickle

import numpy as np
import pytest
from sklearn.datasets import make_blobs
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score
from sklearn.preprocessing import MinMaxScaler

from zoo._core.cvi import (
    IncrementalCalinskiHarabasz,
    calinski_harabasz,
    davies_bouldin,
    silhouette,
)
from zoo.art import CVIART


def _partitions():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    yield X, rng.integers(0, 2, 60)
    yield X, rng.integers(0, 7, 60)
    yield X, np.r_[np.zeros(30, int), np.arange(1, 31)]  # singletons
    blobs, labels = make_blobs(90, centers=4, random_state=1)
    yield blobs, labels
    yield blobs, labels * 10 + 3  # label names need not be 0..k-1


@pytest.mark.parametrize("case", range(5))
def test_batch_indices_are_scikit_learns(case):
    X, labels = list(_partitions())[case]
    assert calinski_harabasz(X, labels) == pytest.approx(
        calinski_harabasz_score(X, labels), rel=1e-12
    )
    # scikit-learn's distances expand |x - y|^2: a sample's distance to itself (the centroid of
    # a singleton) comes out near 1e-8, not 0
    assert davies_bouldin(X, labels) == pytest.approx(davies_bouldin_score(X, labels), rel=1e-7)
    assert silhouette(X, labels) == pytest.approx(silhouette_score(X, labels), rel=1e-12, abs=1e-15)


def test_where_scikit_learn_raises_the_indices_are_undefined():
    X = np.random.default_rng(1).normal(size=(5, 2))
    one = np.zeros(5, int)
    assert calinski_harabasz(X, one) == 0.0 and np.isnan(davies_bouldin(X, one))
    assert np.isnan(silhouette(X, one)) and np.isnan(silhouette(X, np.arange(5)))
    # W = 0 (every cluster a point): scikit-learn says 1, the incremental CVIs 0
    assert calinski_harabasz(np.repeat(X[:2], 3, axis=0), np.repeat([0, 1], 3)) == 0.0


@pytest.mark.parametrize("offline", [True, False])
def test_the_incremental_index_is_the_batch_index_after_every_move(offline):
    rng = np.random.default_rng(2)
    X, _ = make_blobs(40, centers=3, random_state=2)
    weights = rng.integers(1, 4, len(X)).astype(float)
    statistics = IncrementalCalinskiHarabasz(2, capacity=2)  # growth on the way
    partition = np.full(len(X), -1)
    if offline:
        for x, w in zip(X, weights):
            statistics.enter(x, w)
            statistics.add(x, 0, w)
        partition[:] = 0

    def batch(partition):  # a sample of weight w counts as w copies
        seen = partition >= 0
        counts = weights[seen].astype(int)
        return calinski_harabasz(np.repeat(X[seen], counts, axis=0), partition[seen].repeat(counts))

    for step in range(120):
        i, target = step % len(X), int(rng.integers(0, 6))
        old = int(partition[i])
        moved = statistics.moved(X[i], old, 6, weights[i])
        for c in range(6):
            trial = partition.copy()
            trial[i] = c
            assert moved[c] == pytest.approx(batch(trial), rel=1e-9, abs=1e-12)
        if old < 0:
            statistics.enter(X[i], weights[i])
        else:
            statistics.remove(X[i], old, weights[i])
        statistics.add(X[i], target, weights[i])
        partition[i] = target
        assert statistics.value() == pytest.approx(batch(partition), rel=1e-9, abs=1e-12)


def _index(name, X, labels):
    """scikit-learn's index; undefined (nan) where it raises, CH 0 there and when W = 0."""
    k = len(np.unique(labels))
    if name == "calinski_harabasz":
        if not 2 <= k < len(X):
            return 0.0
        value = calinski_harabasz_score(X, labels)
        return 0.0 if value == 1.0 and np.allclose(X, X.mean(axis=0)) else value
    if name == "davies_bouldin":
        return davies_bouldin_score(X, labels) if 2 <= k < len(X) else np.nan
    return silhouette_score(X, labels) if 2 <= k < len(X) else np.nan


def cvi_art_by_the_paper(X, rho, alpha, validity, offline, epsilon=1e-10):
    """Fuzzy ART's search with the iCVI reset and MT+ (Brito da Silva et al. 2022), one pass."""
    larger = validity != "davies_bouldin"
    coded = np.hstack([X, 1 - X]).tolist()
    prototypes, partition = [], np.full(len(X), 0 if offline else -1)

    def index_of(partition):
        seen = partition >= 0
        return _index(validity, X[seen], partition[seen])

    for i, inp in enumerate(coded):
        norm = sum(inp)
        order = []
        for j, w in enumerate(prototypes):
            overlap = sum(min(a, b) for a, b in zip(inp, w))
            order.append((-overlap / (alpha + sum(w)), j, overlap / norm))
        vigilance, J = rho, -1
        current = index_of(partition)
        for _, j, match in sorted(order):  # decreasing choice, then lower index
            if match < vigilance:
                continue
            trial = partition.copy()
            trial[i] = j
            value = index_of(trial)
            if j != partition[i] and not np.isnan(value):
                if np.isnan(current) or (value > current if larger else value < current):
                    J = j
                    break
            vigilance = match + epsilon  # reset by the index: match tracking
        if J < 0:
            prototypes.append(inp)
            J = len(prototypes) - 1
        else:
            prototypes[J] = [min(a, b) for a, b in zip(inp, prototypes[J])]
        partition[i] = J
    return partition


def _blobs(n_samples=60):
    X, _ = make_blobs(n_samples, centers=4, cluster_std=1.2, random_state=0)
    return MinMaxScaler().fit_transform(X)


@pytest.mark.parametrize(
    "validity, offline",
    [
        ("calinski_harabasz", True),
        ("calinski_harabasz", False),
        ("silhouette", True),
        ("silhouette", False),
        ("davies_bouldin", False),
        pytest.param("davies_bouldin", True, marks=pytest.mark.slow),
    ],
)
def test_cvi_art_is_the_paper(validity, offline):
    X = _blobs(30 if validity == "davies_bouldin" else 60)  # scikit-learn's DB is slow to call
    expected = cvi_art_by_the_paper(X, 0.6, 0.001, validity, offline)
    art = CVIART(rho=0.6, validity=validity, offline=offline).fit(X)
    np.testing.assert_array_equal(art.labels_, expected)
    assert 2 < art.n_clusters_ < len(X)
    assert art.validity_ == pytest.approx(_index(validity, X, art.labels_), rel=1e-7)


@pytest.mark.parametrize("offline", [True, False])
def test_artlib_agrees(offline):
    artlib = pytest.importorskip("artlib")
    X = _blobs(200)
    peer = artlib.iCVIFuzzyART(rho=0.7, alpha=1e-7, beta=1.0, validity=1, offline=offline)
    peer.fit(np.hstack([X, 1 - X]), epsilon=1e-10)
    art = CVIART(rho=0.7, alpha=1e-7, offline=offline).fit(X)
    np.testing.assert_array_equal(art.labels_, peer.labels_)
    np.testing.assert_allclose(art.weights_, np.asarray(peer.W), atol=1e-15)


def test_the_index_resets_where_fuzzy_art_would_not():
    # with no vigilance to speak of, Fuzzy ART puts everything in one box; the index refuses
    X = _blobs()
    art = CVIART(rho=0.0, offline=False).fit(X)
    assert art.n_clusters_ > 2
    assert art.validity_ > calinski_harabasz(X, np.zeros(len(X)) + np.arange(len(X)) % 2)


def test_no_partition_is_kept_and_weights_count_as_copies():
    X = _blobs()
    art = CVIART(rho=0.6).fit(X)
    assert not any(name.startswith(("_partition", "_points", "_statistics")) for name in vars(art))
    assert len(pickle.dumps(art)) < 20 * X.nbytes
    np.testing.assert_array_equal(art.predict(X[:5]), CVIART(rho=0.6).fit(X).predict(X[:5]))
    weights = np.ones(len(X))
    weights[::4] = 0
    zeroed = CVIART(rho=0.6).fit(X, sample_weight=weights)
    dropped = CVIART(rho=0.6).fit(X[weights > 0])
    np.testing.assert_array_equal(zeroed.weights_, dropped.weights_)
    np.testing.assert_array_equal(zeroed.labels_[weights > 0], dropped.labels_)
