"""Rank neighbourhood and competitive Hebbian learning: the equations and the graph bookkeeping."""

import numpy as np
import pytest

from zoo._core.competitive import (
    NO_EDGE,
    age_edges,
    connect,
    edge_list,
    empty_graph,
    graph_components,
    induced_delaunay,
    nearest_first,
    prune_edges,
    rank_neighborhood,
    rank_reach,
)
from zoo._core.schedules import decay


def test_the_rank_neighbourhood_is_exp_of_minus_rank_over_lambda():
    k = np.arange(6.0)
    np.testing.assert_allclose(rank_neighborhood(k, 2.5), np.exp(-k / 2.5))
    assert rank_neighborhood(np.arange(3, dtype=np.float32), 1.0).dtype == np.float32


@pytest.mark.parametrize("lam", [0.01, 0.7, 10.0])
def test_the_reach_holds_exactly_the_ranks_above_the_threshold(lam):
    reach = rank_reach(lam, 1e-4)
    k = np.arange(reach + 5, dtype=np.float64)
    np.testing.assert_array_equal(rank_neighborhood(k, lam) >= 1e-4, k < reach)


def test_nearest_first_is_a_partial_argsort():
    d = np.random.default_rng(0).normal(size=50)
    for n in (1, 2, 7, 50, 60):
        np.testing.assert_array_equal(nearest_first(d, n), np.argsort(d)[: min(n, 50)])


def test_edges_age_from_their_winner_and_die_beyond_the_maximum_age():
    age = empty_graph(4)
    connect(age, 0, 1)
    connect(age, 0, 2)
    for _ in range(3):
        neighbours = age_edges(age, 0)
    np.testing.assert_array_equal(neighbours, [1, 2])
    assert age[0, 1] == age[1, 0] == 3
    connect(age, 0, 2)  # refreshed
    assert age[2, 0] == 0
    np.testing.assert_array_equal(prune_edges(age, 0, 2), [1])
    assert age[0, 1] == age[1, 0] == NO_EDGE and age[0, 2] == 0
    assert np.array_equal(age, age.T)


def test_components_of_the_induced_delaunay_graph():
    age = induced_delaunay(np.array([0, 1, 3, 4]), np.array([1, 2, 4, 3]), 6)
    np.testing.assert_array_equal(edge_list(age), [[0, 1], [1, 2], [3, 4]])
    n_components, labels = graph_components(age)
    assert n_components == 3  # {0, 1, 2}, {3, 4} and the lone unit 5
    np.testing.assert_array_equal(labels, [0, 0, 0, 1, 1, 2])


def test_schedules_start_and_end_where_they_say():
    assert decay(10.0, 0.01, 0.0) == 10.0
    assert decay(10.0, 0.01, 1.0) == pytest.approx(0.01)
    assert decay(1.0, 3.0, 0.5, "linear") == 2.0
    assert decay(0.5, 0.0, 1.0, "asymptotic") == pytest.approx(0.5 / 3)
    with pytest.raises(ValueError, match="exponential"):
        decay(1.0, 0.1, 0.5, "cosine")
