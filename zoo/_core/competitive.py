r"""Soft competition by rank and competitive Hebbian learning: the math of the neural gases.

**Rank-based neighbourhood** (Martinetz, Berkovich & Schulten 1993). For a signal :math:`x`, the
units are ranked by their distance to it, :math:`k_i(x) = |\{j : \lVert x - w_j\rVert <
\lVert x - w_i\rVert\}|` (0 for the winner), and unit :math:`i` takes the share

.. math:: h_\lambda(k) = e^{-k / \lambda}

of the update: a neighbourhood in input space, not on a grid, whose range :math:`\lambda` shrinks
during training (:math:`\lambda \to 0` is hard competition, k-means).

**Competitive Hebbian learning** (Martinetz & Schulten 1991, 1994). Each signal connects its nearest
unit :math:`s_1` to its second nearest :math:`s_2` (a new edge, or a refreshed one, of age 0); the
other edges of :math:`s_1` grow one step older and die beyond a maximum age. The surviving edges are
the induced Delaunay triangulation: units are linked exactly where the data lie between them. The
graph is kept as a dense ``(n_units, n_units)`` integer matrix of edge ages, ``NO_EDGE`` (-1) where
there is none: symmetric, with an empty diagonal.
"""

import numpy as np
import scipy.sparse
from scipy.sparse.csgraph import connected_components

from .distances import smallest

#: Age marking the absence of an edge in an age matrix.
NO_EDGE = -1


def rank_neighborhood(ranks, lam):
    r"""Neural gas's share of the update of the unit of rank :math:`k`, :math:`e^{-k/\lambda}`.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo._core.competitive import rank_neighborhood
    >>> rank_neighborhood(np.arange(3.0), 1.0).round(4).tolist()
    [1.0, 0.3679, 0.1353]
    """
    # h_lambda(k) = exp(-k / lambda)
    return np.exp(ranks * (-1.0 / lam))


def rank_reach(lam, threshold):
    r"""Number of ranks whose share :math:`e^{-k/\lambda}` is at least ``threshold``:
    :math:`k \le \lambda \ln(1/\text{threshold})`, so :math:`\lfloor\lambda\ln(1/\text{threshold})
    \rfloor + 1` units (the winner at least)."""
    return int(lam * np.log(1.0 / threshold)) + 1


def nearest_first(distances, n):
    """Indices of the ``n`` smallest entries of a 1-D array, nearest first (ties in index order).

    A partial sort, O(len + n log n) (:func:`zoo._core.distances.smallest`).

    Examples
    --------
    >>> import numpy as np
    >>> from zoo._core.competitive import nearest_first
    >>> nearest_first(np.array([3.0, 0.5, 2.0, 0.1]), 2).tolist()
    [3, 1]
    """
    if n >= distances.shape[0]:
        return np.argsort(distances, kind="stable")
    return smallest(distances[np.newaxis], n)[0]


def empty_graph(n_units):
    """Age matrix of ``n_units`` units without edges."""
    return np.full((n_units, n_units), NO_EDGE, dtype=np.int32)


def age_edges(age, unit):
    r"""Every edge of ``unit`` grows one step older, :math:`a_{un} \leftarrow a_{un} + 1`; returns
    the units ``n`` it is linked to (its topological neighbours)."""
    row = age[unit]
    linked = np.flatnonzero(row != NO_EDGE)
    row[linked] += 1
    age[linked, unit] = row[linked]
    return linked


def connect(age, a, b):
    """Competitive Hebbian learning: link the two nearest units of a signal, :math:`a_{ab} = 0`
    (a new edge, or an existing one refreshed)."""
    age[a, b] = 0
    age[b, a] = 0


def prune_edges(age, unit, max_age):
    """Remove the edges of ``unit`` older than ``max_age``; return the units it was linked to by
    them."""
    row = age[unit]
    old = row > max_age
    if not old.any():
        return np.empty(0, dtype=np.intp)
    row[old] = NO_EDGE
    age[old, unit] = NO_EDGE
    return np.flatnonzero(old)


def disconnect(age, a, b):
    """Remove the edge between ``a`` and ``b``."""
    age[a, b] = NO_EDGE
    age[b, a] = NO_EDGE


def induced_delaunay(first, second, n_units):
    """Age matrix whose edges link the nearest and second-nearest unit of every sample (all of age
    0): competitive Hebbian learning on a fixed codebook, the induced Delaunay triangulation
    (Martinetz & Schulten 1994).

    Examples
    --------
    >>> import numpy as np
    >>> from zoo._core.competitive import edge_list, induced_delaunay
    >>> edge_list(induced_delaunay(np.array([0, 2, 1]), np.array([1, 1, 0]), 3)).tolist()
    [[0, 1], [1, 2]]
    """
    age = empty_graph(n_units)
    age[first, second] = 0
    age[second, first] = 0
    np.fill_diagonal(age, NO_EDGE)
    return age


def edge_list(age):
    """The edges of an age matrix as rows ``(i, j)`` with ``i < j``, shape ``(n_edges, 2)``."""
    return np.argwhere(np.triu(age != NO_EDGE, k=1)).astype(np.intp)


def graph_components(age):
    """Number of connected components of the graph and the component of each unit, numbered in
    order of their lowest unit."""
    adjacency = scipy.sparse.csr_matrix(age != NO_EDGE)
    return connected_components(adjacency, directed=False)
