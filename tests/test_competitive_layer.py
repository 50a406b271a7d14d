"""The competitive layer (MATLAB competlayer): DeSieno's conscience equalises the units' wins on
skewed data; on blobs the units settle at the k-means centres."""

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs

from zoo.gas import CompetitiveLayer


def test_units_settle_at_the_k_means_centres_on_blobs():
    # measured: largest distance 0.05 between matched centres (blob spread 1.0)
    X, _ = make_blobs(300, centers=3, random_state=0)
    layer = CompetitiveLayer(3, random_state=0).fit(X)
    centres = KMeans(3, random_state=0, n_init=10).fit(X).cluster_centers_
    nearest = np.linalg.norm(layer.cluster_centers_[:, None] - centres[None], axis=2)
    assert sorted(nearest.argmin(axis=1)) == [0, 1, 2]
    assert nearest.min(axis=1).max() < 0.15
    np.testing.assert_array_equal(layer.labels_, layer.predict(X))
    np.testing.assert_allclose(
        layer.transform(X).min(axis=1) ** 2,
        ((X - layer.cluster_centers_[layer.labels_]) ** 2).sum(axis=1),
    )


def test_conscience_equalises_the_win_frequencies_on_skewed_data():
    # exponential 1-D data, 5 units: without a conscience the shares of the samples are
    # 0.019 .. 0.464 (one unit nearly dead), with DeSieno's conscience 0.107 .. 0.228
    X = np.random.default_rng(0).exponential(size=(2000, 1))
    share = {}
    for beta in (0.0, 0.001):
        layer = CompetitiveLayer(5, conscience_rate=beta, max_iter=30, random_state=0).fit(X)
        share[beta] = np.bincount(layer.predict(X), minlength=5) / len(X)
    assert share[0.0].min() < 0.05 and share[0.0].max() > 0.4
    assert share[0.001].min() > 0.1 and share[0.001].max() < 0.25
    assert share[0.001].max() / share[0.001].min() < share[0.0].max() / share[0.0].min() / 5


def test_midpoint_start_separates_the_units():
    # MATLAB's midpoint initialisation puts every unit at one point; training pulls one unit to
    # each of the four blobs
    X, y = make_blobs(200, centers=4, random_state=1)
    layer = CompetitiveLayer(4, init="midpoint", max_iter=30, random_state=0).fit(X)
    assert len(np.unique(layer.labels_)) == 4
    np.testing.assert_allclose(layer.win_frequencies_.sum(), 1.0, rtol=1e-6)


def test_warm_start_and_sizes():
    X, _ = make_blobs(100, centers=2, random_state=0)
    layer = CompetitiveLayer(2, max_iter=2, warm_start=True, random_state=0).fit(X)
    before = layer.cluster_centers_.copy()
    layer.fit(X)
    assert not np.array_equal(before, layer.cluster_centers_)
    with pytest.raises(ValueError, match="n_clusters"):
        layer.set_params(n_clusters=3).fit(X)
    with pytest.raises(ValueError, match="features"):
        CompetitiveLayer(2, warm_start=True).fit(X).fit(X[:, :1])
