r"""Geometry of a self-organising map's grid of units: positions, (toroidal) distances, adjacency.

Unit ``u = row * n_cols + col`` sits at a point :math:`r_u` of the plane:

* ``"rectangular"``: :math:`r_u = (col,\ row)`; the 4 axis neighbours are at distance 1, the 4
  diagonal ones at :math:`\sqrt 2`;
* ``"hexagonal"``: odd rows are shifted right by half a unit and rows are :math:`\sqrt3/2` apart,
  :math:`r_u = (col + \tfrac12 (row \bmod 2),\ \tfrac{\sqrt3}{2} row)`, so that all 6 neighbours of
  an
  inner unit are at distance exactly 1 (the lattice of equilateral triangles).

On a torus (``toroidal=True``) the map wraps around: the plane is tiled by the period
:math:`P = (n_{cols},\ n_{rows})` (times :math:`\sqrt3/2` vertically for hexagons, which needs an
even
number of rows so that the row shifts line up), and the distance between two units is the shortest
over the periodic images, computed per axis as

.. math:: \Delta = |a - b|, \qquad \Delta \leftarrow \min(\Delta,\ P - \Delta) .

For hexagons the two axes are not independent (a row wrap shifts the columns by half a unit when the
rows have different parity), which the even number of rows rules out: every image is a translation
by a multiple of :math:`P` along one axis, and the per-axis minimum is exact.
"""

import numpy as np

TOPOLOGIES = ("rectangular", "hexagonal")

#: Height of a row of hexagons whose centres are 1 apart.
HEX_ROW_HEIGHT = np.sqrt(3.0) / 2.0


def grid_coordinates(n_rows, n_cols, topology="rectangular"):
    """Positions :math:`r_u` of the ``n_rows * n_cols`` units, shape ``(n_units, 2)`` as (x, y).

    Examples
    --------
    >>> from zoo._core.grid import grid_coordinates
    >>> grid_coordinates(2, 2, "hexagonal").round(3).tolist()
    [[0.0, 0.0], [1.0, 0.0], [0.5, 0.866], [1.5, 0.866]]
    """
    if topology not in TOPOLOGIES:
        raise ValueError(f"Unknown topology {topology!r}; expected one of {list(TOPOLOGIES)}.")
    rows, cols = np.divmod(np.arange(n_rows * n_cols), n_cols)
    x = cols.astype(np.float64)
    y = rows.astype(np.float64)
    if topology == "hexagonal":
        # odd rows shifted by half a unit, rows sqrt(3)/2 apart: all 6 neighbours at distance 1
        x += 0.5 * (rows % 2)
        y *= HEX_ROW_HEIGHT
    return np.column_stack([x, y])


def grid_period(n_rows, n_cols, topology="rectangular", toroidal=False):
    """Period :math:`P` of the torus along (x, y), or None for a flat map."""
    if not toroidal:
        return None
    if topology == "hexagonal":
        if n_rows % 2:
            raise ValueError(
                f"A toroidal hexagonal map needs an even number of rows (got n_rows={n_rows}): "
                "with an odd number the half-unit row shifts do not line up across the wrap."
            )
        return np.array([n_cols, n_rows * HEX_ROW_HEIGHT])
    return np.array([float(n_cols), float(n_rows)])


def grid_squared_distances(coords_a, coords_b, period=None):
    """Squared grid distances :math:`\\lVert r_a - r_b \\rVert^2`, shape ``(len(a), len(b))``.

    With a ``period`` each axis takes the shorter way round the torus.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo._core.grid import grid_coordinates, grid_squared_distances
    >>> r = grid_coordinates(1, 5)
    >>> grid_squared_distances(r[:1], r).tolist()
    [[0.0, 1.0, 4.0, 9.0, 16.0]]
    >>> grid_squared_distances(r[:1], r, period=np.array([5.0, 1.0])).tolist()  # wraps round
    [[0.0, 1.0, 4.0, 4.0, 1.0]]
    """
    delta = np.abs(coords_a[:, np.newaxis, :] - coords_b[np.newaxis, :, :])
    if period is not None:
        # shortest way round: min(|a - b|, P - |a - b|) per axis
        np.minimum(delta, period - delta, out=delta)
    return np.einsum("ijk,ijk->ij", delta, delta)


def adjacency(squared_distances, topology="rectangular", diagonal=True):
    """Boolean matrix of adjacent units (a unit is not adjacent to itself).

    Hexagonal units are adjacent at distance 1 (6 neighbours inside the map). Rectangular units are
    adjacent at distance 1 (4 neighbours), or also across the diagonal, distance :math:`\\sqrt 2`,
    when
    ``diagonal`` (8 neighbours; the convention of MiniSom's topographic error and U-matrix).
    """
    limit = 2.0 if (topology == "rectangular" and diagonal) else 1.0
    tolerance = 1e-9
    adjacent = squared_distances <= limit + tolerance
    np.fill_diagonal(adjacent, False)
    # a torus narrower than 3 units reaches the same neighbour both ways: still one neighbour
    adjacent &= squared_distances > tolerance
    return adjacent
