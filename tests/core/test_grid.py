"""SOM grid geometry: hexagonal neighbours at distance exactly 1, neighbour counts, torus wrap."""

import numpy as np
import pytest

from zoo._core.grid import adjacency, grid_coordinates, grid_period, grid_squared_distances


def _adjacency(n_rows, n_cols, topology, toroidal=False, diagonal=True):
    coords = grid_coordinates(n_rows, n_cols, topology)
    period = grid_period(n_rows, n_cols, topology, toroidal)
    return adjacency(grid_squared_distances(coords, coords, period), topology, diagonal)


def test_inner_hexagonal_unit_has_six_neighbours_all_at_distance_one():
    coords = grid_coordinates(6, 7, "hexagonal")
    d2 = grid_squared_distances(coords, coords)
    inner = 3 * 7 + 3
    at_one = np.isclose(d2[inner], 1.0)
    assert at_one.sum() == 6
    # and nothing else is closer than 1 (the triangular lattice)
    others = np.delete(d2[inner], inner)
    assert others.min() == pytest.approx(1.0)
    assert _adjacency(6, 7, "hexagonal")[inner].sum() == 6


@pytest.mark.parametrize("diagonal, expected", [(False, 4), (True, 8)])
def test_inner_rectangular_unit_has_four_or_eight_neighbours(diagonal, expected):
    adjacent = _adjacency(5, 5, "rectangular", diagonal=diagonal)
    assert adjacent[2 * 5 + 2].sum() == expected
    # a corner has 2 (or 3) neighbours on a flat map
    assert adjacent[0].sum() == (3 if diagonal else 2)


@pytest.mark.parametrize("topology, expected", [("rectangular", 8), ("hexagonal", 6)])
def test_on_a_torus_every_unit_has_the_full_set_of_neighbours(topology, expected):
    adjacent = _adjacency(6, 8, topology, toroidal=True)
    assert (adjacent.sum(axis=1) == expected).all()
    assert (adjacent == adjacent.T).all()


def test_torus_distances_take_the_short_way_round():
    coords = grid_coordinates(4, 10, "rectangular")
    period = grid_period(4, 10, "rectangular", toroidal=True)
    d2 = grid_squared_distances(coords, coords, period)
    # unit (row 0, col 0) to (row 0, col 9): 1 step round the edge, not 9
    assert d2[0, 9] == 1.0
    # (0, 0) to (3, 8): rows 1 round, cols 2 round -> 1 + 4
    assert d2[0, 3 * 10 + 8] == 5.0
    # flat map: the long way
    assert grid_squared_distances(coords, coords)[0, 9] == 81.0


def test_hexagonal_torus_wraps_rows_and_columns_at_distance_one():
    coords = grid_coordinates(4, 5, "hexagonal")
    period = grid_period(4, 5, "hexagonal", toroidal=True)
    d2 = grid_squared_distances(coords, coords, period)
    # unit (row 3, col 4) sits diagonally before (row 0, col 0) across both wraps
    assert d2[3 * 5 + 4, 0] == pytest.approx(1.0)
    assert d2[0, 4] == pytest.approx(1.0)  # same row, across the column wrap


def test_odd_rows_on_a_hexagonal_torus_are_refused_with_the_reason():
    with pytest.raises(ValueError, match="even number of rows"):
        grid_period(5, 4, "hexagonal", toroidal=True)


def test_unknown_topology_lists_the_valid_ones():
    with pytest.raises(ValueError, match="rectangular"):
        grid_coordinates(2, 2, "triangular")
