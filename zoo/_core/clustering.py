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
