r"""Ward's agglomerative clustering of weighted points, merging only neighbours on a graph.

Used to cut a trained self-organising map into ``k`` clusters: the points are the codebook vectors,
the weights the numbers of samples each unit wins, the graph the map's grid adjacency, so each
cluster is a contiguous region of the map (Vesanto & Alhoniemi 2000 cluster the codebook).

Each step merges the two *adjacent* clusters :math:`A, B` whose union raises the weighted
within-cluster sum of squares least (Ward 1963):

.. math:: \Delta(A, B) = \frac{n_A\, n_B}{n_A + n_B}\ \lVert \mu_A - \mu_B \rVert^2 ,

with :math:`n` the total weight and :math:`\mu` the weighted mean. With the hit counts as weights
this is Ward's criterion on the data quantized to the codebook (every sample replaced by its
unit's vector). A unit that wins no sample has weight 0 and merges at cost 0, so every unit without
hits is absorbed by a neighbour before any merge that costs something: each final cluster wins at
least one sample whenever at least ``k`` units do.
"""

import heapq

import numpy as np
import scipy.sparse
from scipy.sparse.csgraph import connected_components

from .distances import nearest_centers


def ward_on_graph(points, weights, adjacent, n_clusters):
    """Cluster label (0 .. n_clusters - 1) of each point, merging only adjacent clusters.

    Parameters
    ----------
    points : ndarray of shape (n_points, n_features)
    weights : ndarray of shape (n_points,)
        Non-negative weights :math:`n`; a zero-weight point merges at no cost.
    adjacent : ndarray of bool, shape (n_points, n_points)
        Symmetric adjacency: only clusters that contain adjacent points may merge.
    n_clusters : int

    Returns
    -------
    labels : ndarray of shape (n_points,)
        Clusters numbered in the order of their first point. If the graph has more connected
        components than ``n_clusters``, each component stays at least one cluster.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo._core.clustering import ward_on_graph
    >>> chain = np.eye(5, k=1, dtype=bool) | np.eye(5, k=-1, dtype=bool)
    >>> ward_on_graph(np.array([[0.0], [0.1], [5.0], [5.1], [5.2]]), np.ones(5), chain, 2).tolist()
    [0, 0, 1, 1, 1]
    """
    n_points = len(points)
    mean = np.asarray(points, dtype=np.float64).copy()
    weight = np.asarray(weights, dtype=np.float64).copy()
    count = np.ones(n_points)  # points per cluster: the mean of a weightless cluster
    parent = np.arange(n_points)
    alive = np.ones(n_points, dtype=bool)
    version = np.zeros(n_points, dtype=np.intp)
    neighbours = [set(np.flatnonzero(adjacent[i]).tolist()) - {i} for i in range(n_points)]

    def cost(a, b):
        total = weight[a] + weight[b]
        if total == 0:
            return 0.0
        # Delta = n_A n_B / (n_A + n_B) ||mu_A - mu_B||^2
        difference = mean[a] - mean[b]
        return float(weight[a] * weight[b] / total * (difference @ difference))

    heap = [(cost(a, b), a, b, 0, 0) for a in range(n_points) for b in neighbours[a] if a < b]
    heapq.heapify(heap)
    n_alive = n_points
    while n_alive > n_clusters and heap:
        _, a, b, version_a, version_b = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or version[a] != version_a or version[b] != version_b:
            continue  # a stale entry: one of the two has merged since
        total = weight[a] + weight[b]
        if total > 0:
            mean[a] = (weight[a] * mean[a] + weight[b] * mean[b]) / total
        else:
            mean[a] = (count[a] * mean[a] + count[b] * mean[b]) / (count[a] + count[b])
        weight[a], count[a] = total, count[a] + count[b]
        alive[b] = False
        parent[b] = a
        version[a] += 1
        neighbours[a] = (neighbours[a] | neighbours[b]) - {a, b}
        for c in neighbours[b] - {a}:
            neighbours[c].discard(b)
            neighbours[c].add(a)
        neighbours[b] = set()
        for c in neighbours[a]:
            first, second = min(a, c), max(a, c)
            heapq.heappush(heap, (cost(a, c), first, second, version[first], version[second]))
        n_alive -= 1
    # follow the merges to each point's surviving cluster
    root = parent.copy()
    while True:
        following = root[root]
        if np.array_equal(following, root):
            break
        root = following
    _, first_seen, labels = np.unique(root, return_index=True, return_inverse=True)
    # renumber in the order of each cluster's first point
    order = np.argsort(np.argsort(first_seen, kind="stable"), kind="stable")
    return order[labels].astype(np.intp)


def membership(winners, n_units, weights=None, dtype=np.float64):
    """Sparse ``(n_units, n_samples)`` matrix with a 1 (the sample's weight) where unit ``j`` wins
    sample ``i``: ``membership(...) @ X`` sums the (weighted) samples each unit wins."""
    n_samples = len(winners)
    data = np.ones(n_samples, dtype=dtype) if weights is None else weights.astype(dtype)
    return scipy.sparse.csr_matrix(
        (data, (winners, np.arange(n_samples))), shape=(n_units, n_samples)
    )


def ward_on_units(X, winners, centers, adjacent, n_clusters, weights=None):
    """Ward's clustering of prototypes (units) by the samples they win, along a learned graph.

    Each unit enters with the mean of the samples ``X`` it wins and their number as weight (their
    total ``weights`` and weighted mean, when given; a unit that wins nothing: its vector, weight
    0), and :func:`ward_on_graph` merges adjacent units
    first. A learned graph (a gas's edges) may have more connected components than
    ``n_clusters``: the components whose units win samples are then merged by the same criterion
    without the graph (the exact Ward cost of their union, from their weighted means), and a
    component that wins no sample joins the cluster of the unit nearest to its units. So every
    cluster wins samples and there are ``min(n_clusters, units winning samples)`` of them.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    winners : ndarray of int, shape (n_samples,)
        Unit of each sample.
    centers : ndarray of shape (n_units, n_features)
    adjacent : ndarray of bool, shape (n_units, n_units)
    n_clusters : int

    Returns
    -------
    labels : ndarray of shape (n_units,)
        Cluster of each unit, numbered in the order of their first unit.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo._core.clustering import ward_on_units
    >>> X = np.array([[0.0], [0.2], [5.0], [5.2], [9.0]])
    >>> centers = np.array([[0.1], [5.1], [9.0], [20.0]])
    >>> no_edges = np.zeros((4, 4), dtype=bool)
    >>> ward_on_units(X, np.array([0, 0, 1, 1, 2]), centers, no_edges, 2).tolist()
    [0, 1, 1, 1]
    """
    n_units = len(centers)
    hits = np.bincount(winners, weights, minlength=n_units).astype(np.float64)
    # mu_j = sum of the samples unit j wins / their number
    sums = np.asarray(membership(winners, n_units, weights) @ X, dtype=np.float64)
    means = np.asarray(centers, dtype=np.float64).copy()
    won = hits > 0
    means[won] = sums[won] / hits[won, np.newaxis]
    # components that win nothing take no part (they would count as clusters)
    _, component = connected_components(scipy.sparse.csr_matrix(adjacent), directed=False)
    kept = np.flatnonzero(np.bincount(component, weights=hits)[component] > 0)
    labels = np.full(n_units, -1, dtype=np.intp)
    labels[kept] = ward_on_graph(means[kept], hits[kept], adjacent[np.ix_(kept, kept)], n_clusters)
    weight = np.bincount(labels[kept], weights=hits[kept])
    live = np.flatnonzero(weight > 0)
    merged = np.arange(live.size)
    if live.size > n_clusters:
        # more components than clusters: Ward's merges of their weighted means, every pair allowed
        # (the exact cost of each union, as within the graph)
        cluster_means = np.stack([hits[labels == c] @ means[labels == c] for c in live])
        cluster_means /= weight[live, np.newaxis]
        everywhere = ~np.eye(live.size, dtype=bool)
        merged = ward_on_graph(cluster_means, weight[live], everywhere, n_clusters)
    relabel = np.full(weight.size + 1, -1, dtype=np.intp)  # the last entry: labels of -1
    relabel[live] = merged
    labels = relabel[labels]
    dead = labels < 0
    if dead.any():
        # units of clusters that win nothing join the cluster of the nearest unit in one that does
        placed = np.flatnonzero(~dead)
        nearest = nearest_centers(means[dead], means[placed])[0][:, 0]
        labels[dead] = labels[placed[nearest]]
    # renumber in the order of each cluster's first unit
    _, first_seen, inverse = np.unique(labels, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first_seen, kind="stable"), kind="stable")
    return order[inverse].astype(np.intp)
