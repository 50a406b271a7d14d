"""ward_on_graph: Ward's merge cost, the graph constraint, weightless points; ward_on_units:
the units stand for the samples they win, and a learned graph's leftover components."""

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.metrics import adjusted_rand_score

from zoo._core.clustering import ward_on_graph, ward_on_units


def chain(n):
    return np.eye(n, k=1, dtype=bool) | np.eye(n, k=-1, dtype=bool)


def test_unit_weights_on_a_complete_graph_is_scikit_learns_ward():
    rng = np.random.default_rng(0)
    points = np.concatenate([rng.normal(c, 0.5, size=(15, 3)) for c in (0, 4, 9)])
    complete = ~np.eye(len(points), dtype=bool)
    for k in (2, 3, 5):
        ours = ward_on_graph(points, np.ones(len(points)), complete, k)
        theirs = AgglomerativeClustering(k, linkage="ward").fit(points).labels_
        assert adjusted_rand_score(ours, theirs) == 1.0


def test_a_weight_counts_as_that_many_coincident_points():
    # point 1 weighs 10: Ward puts the middle point 2 with the light end (cost 0.5 * 1) rather
    # than with the heavy point (10/11 * 1)
    points = np.array([[0.0], [1.0], [2.0], [3.0]])
    labels = ward_on_graph(points, np.array([1.0, 10.0, 1.0, 1.0]), chain(4), 2)
    assert labels.tolist() == [0, 0, 1, 1]
    duplicated = np.repeat(points, [1, 10, 1, 1], axis=0)
    expanded = ward_on_graph(duplicated, np.ones(13), chain(13), 2)
    assert expanded[[0, 1, 11, 12]].tolist() == labels.tolist()


def test_only_neighbours_merge_and_weightless_points_join_for_free():
    # 0 and 4 are identical but far apart on the chain: Ward keeps the two runs of the chain
    points = np.array([[0.0], [1.0], [10.0], [11.0], [0.0]])
    labels = ward_on_graph(points, np.ones(5), chain(5), 3)
    assert labels.tolist() == [0, 0, 1, 1, 2]
    # the far point 2 weighs nothing: it joins a neighbour (first in order) at no cost and never
    # forms a cluster of its own, however far it lies
    points = np.array([[0.0], [0.0], [50.0], [10.0], [11.0]])
    weights = np.array([1.0, 1.0, 0.0, 1.0, 1.0])
    assert ward_on_graph(points, weights, chain(5), 2).tolist() == [0, 0, 0, 1, 1]


def test_disconnected_components_stay_apart():
    adjacent = np.zeros((4, 4), dtype=bool)
    adjacent[0, 1] = adjacent[1, 0] = True
    labels = ward_on_graph(np.arange(4.0)[:, None], np.ones(4), adjacent, 1)
    assert labels.tolist() == [0, 0, 1, 2]


def test_units_stand_for_the_mean_and_number_of_the_samples_they_win():
    # on a complete graph, clustering the units is Ward's clustering of the samples moved onto
    # their unit's mean: the data quantized to the codebook
    rng = np.random.default_rng(0)
    X = np.concatenate([rng.normal(c, 0.5, size=(30, 2)) for c in (0, 4, 9)])
    centers = X[rng.choice(len(X), 12, replace=False)]
    winners = np.argmin(((X[:, None] - centers[None]) ** 2).sum(axis=2), axis=1)
    complete = ~np.eye(12, dtype=bool)
    labels = ward_on_units(X, winners, centers, complete, 3)
    used = np.unique(winners)
    means = np.stack([X[winners == j].mean(axis=0) for j in used])
    hits = np.bincount(winners)[used]
    expected = ward_on_graph(means, hits, ~np.eye(len(used), dtype=bool), 3)
    assert adjusted_rand_score(labels[used], expected) == 1.0


def test_leftover_components_merge_by_ward_and_unwon_components_join_the_nearest():
    # units 0-1 and 2-3 are linked, 4 and 5 are alone; unit 5 (far out) wins nothing
    X = np.array([[0.0], [0.2], [1.0], [1.2], [10.0], [10.2], [12.0]])
    winners = np.array([0, 1, 2, 3, 4, 4, 4])
    centers = np.array([[0.1], [0.2], [1.0], [1.2], [10.7], [30.0]])
    adjacent = np.zeros((6, 6), dtype=bool)
    adjacent[0, 1] = adjacent[1, 0] = adjacent[2, 3] = adjacent[3, 2] = True
    # three won components for two clusters: {0,1} and {2,3} are the cheaper union; the unwon
    # unit 5 is not a cluster of its own but joins its nearest unit's, 4
    assert ward_on_units(X, winners, centers, adjacent, 2).tolist() == [0, 0, 0, 0, 1, 1]
    # as many clusters as won components: the components stay apart, none without samples
    assert ward_on_units(X, winners, centers, adjacent, 3).tolist() == [0, 0, 1, 1, 2, 2]
    # more: the units of a component part by Ward's criterion along its edges
    assert ward_on_units(X, winners, centers, adjacent, 5).tolist() == [0, 1, 2, 3, 4, 4]
