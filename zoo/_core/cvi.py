r"""Cluster validity indices (CVIs): batch formulas and the incremental Calinski-Harabasz index.

For a partition of :math:`n` samples into :math:`k` clusters with (weighted) sizes :math:`n_c`,
centroids :math:`v_c` and the data mean :math:`\mu`:

* Calinski-Harabasz (larger is better):
  :math:`CH = \frac{B / (k - 1)}{W / (n - k)}`, :math:`B = \sum_c n_c \|v_c - \mu\|^2`,
  :math:`W = \sum_c \sum_{i \in c} \|x_i - v_c\|^2`; with :math:`T = \sum_i \|x_i - \mu\|^2`,
  :math:`B = T - W` (Huygens);
* Davies-Bouldin (smaller is better): :math:`DB = \frac1k \sum_c \max_{d \ne c}
  \frac{S_c + S_d}{\|v_c - v_d\|}`, :math:`S_c` the mean distance of cluster :math:`c`'s samples
  to :math:`v_c`;
* silhouette (larger is better): the mean over samples of :math:`(b_i - a_i) / \max(a_i, b_i)`,
  :math:`a_i` the mean distance to the other samples of its cluster, :math:`b_i` the smallest mean
  distance to another cluster's samples (0 for a sample alone in its cluster).

These are scikit-learn's ``calinski_harabasz_score``, ``davies_bouldin_score`` and
``silhouette_score`` (tests/test_art_cvi.py; distances here are exact differences, not
scikit-learn's :math:`|x|^2 - 2 x \cdot y + |y|^2`), except where those raise: unless
:math:`2 \le k < n` an index is undefined (``nan``), and Calinski-Harabasz is 0 then and when
:math:`W = 0` (as in the incremental CVIs of da Silva et al.; scikit-learn returns 1 for
:math:`W = 0`).

The incremental Calinski-Harabasz index (Brito da Silva, Rayapati & Wunsch 2022) keeps
:math:`n_c`, :math:`v_c`, :math:`W` and :math:`T`: moving a sample of weight :math:`w` into
cluster :math:`c` adds :math:`\frac{n_c w}{n_c + w}\|x - v_c\|^2` to :math:`W` and moves
:math:`v_c` by :math:`\frac{w}{n_c + w}(x - v_c)`; taking it out subtracts
:math:`\frac{n_c w}{n_c - w}\|x - v_c\|^2`. So the index after every possible move of one sample
is one vectorised expression over the clusters (:meth:`IncrementalCalinskiHarabasz.moved`).
"""

import numpy as np
from scipy.spatial.distance import cdist


def calinski_harabasz_index(between, within, n_samples, n_clusters):
    """CH = (B / (k - 1)) / (W / (n - k)); 0 unless 2 <= k < n and W > 0 (elementwise)."""
    between, within = np.asarray(between, dtype=np.float64), np.asarray(within, dtype=np.float64)
    k = np.asarray(n_clusters, dtype=np.float64)
    defined = (k >= 2) & (k < n_samples) & (within > 0)
    numerator = between * (n_samples - k)
    denominator = within * (k - 1.0)
    return np.divide(numerator, denominator, out=np.zeros(defined.shape), where=defined)


def _clusters(labels):
    """The distinct labels and each sample's index among them."""
    return np.unique(labels, return_inverse=True)


def calinski_harabasz(X, labels):
    """The Calinski-Harabasz index of a partition (0 where undefined, see the module)."""
    X = np.asarray(X, dtype=np.float64)
    names, index = _clusters(labels)
    counts = np.bincount(index).astype(np.float64)
    centroids = np.zeros((len(names), X.shape[1]))
    np.add.at(centroids, index, X)
    centroids /= counts[:, None]
    mean = X.mean(axis=0)
    between = float(counts @ np.sum((centroids - mean) ** 2, axis=1))
    within = float(np.sum((X - centroids[index]) ** 2))
    return float(calinski_harabasz_index(between, within, X.shape[0], len(names)))


def davies_bouldin(X, labels):
    """The Davies-Bouldin index of a partition (nan unless 2 <= k < n)."""
    X = np.asarray(X, dtype=np.float64)
    names, index = _clusters(labels)
    if not 2 <= len(names) < len(index):
        return np.nan
    counts = np.bincount(index).astype(np.float64)
    centroids = np.zeros((len(names), X.shape[1]))
    np.add.at(centroids, index, X)
    centroids /= counts[:, None]
    spread = np.bincount(index, weights=np.linalg.norm(X - centroids[index], axis=1)) / counts
    separation = cdist(centroids, centroids)  # |v_c - v_d|
    if np.allclose(spread, 0.0) or np.allclose(separation, 0.0):
        return 0.0  # scikit-learn's convention for degenerate partitions
    separation[separation == 0] = np.inf  # the cluster itself (and coinciding centroids)
    return float(np.mean(np.max((spread[:, None] + spread) / separation, axis=1)))


def silhouette(X, labels, distances=None):
    """The mean silhouette of a partition (nan unless 2 <= k < n).

    ``distances``: the samples' pairwise Euclidean distances, when the caller keeps them.
    """
    names, index = _clusters(labels)
    n_samples = len(index)
    if not 2 <= len(names) < n_samples:
        return np.nan
    if distances is None:
        X = np.asarray(X, dtype=np.float64)
        distances = cdist(X, X)
    members = np.zeros((n_samples, len(names)))
    members[np.arange(n_samples), index] = 1.0
    counts = members.sum(axis=0)
    totals = distances @ members  # sum of distances of sample i to cluster c
    own = counts[index] - 1.0  # the other members of each sample's cluster
    a = totals[np.arange(n_samples), index] / np.where(own > 0, own, 1.0)
    mean_to = totals / counts
    mean_to[np.arange(n_samples), index] = np.inf
    b = mean_to.min(axis=1)
    scores = (b - a) / np.maximum(np.maximum(a, b), np.finfo(np.float64).tiny)
    return float(np.mean(np.where(own > 0, scores, 0.0)))


class IncrementalCalinskiHarabasz:
    """The statistics of a weighted partition from which the Calinski-Harabasz index follows.

    ``n_members[c]`` counts the samples of cluster ``c``, ``mass[c]`` their weights,
    ``centroids[c]`` their weighted mean; ``within`` is :math:`W`, ``total`` is :math:`T` about the
    mean of the ``n`` (weight) samples in the partition.
    """

    def __init__(self, n_features, capacity=16):
        self.n_clusters = 0  # clusters ever used (some may be empty)
        self.n_members = np.zeros(capacity, dtype=np.intp)
        self.mass = np.zeros(capacity)
        self.centroids = np.zeros((capacity, n_features))
        self.within = self.total = self.n = 0.0
        self.mean = np.zeros(n_features)

    def _ensure(self, c):
        while c >= len(self.mass):
            grown = 2 * len(self.mass)
            self.n_members = np.concatenate([self.n_members, np.zeros(grown // 2, np.intp)])
            self.mass = np.concatenate([self.mass, np.zeros(grown // 2)])
            self.centroids = np.vstack([self.centroids, np.zeros(self.centroids.shape)])
        self.n_clusters = max(self.n_clusters, c + 1)

    def value(self):
        """The index of the current partition."""
        k = int(np.count_nonzero(self.n_members[: self.n_clusters]))
        return float(calinski_harabasz_index(self.total - self.within, self.within, self.n, k))

    def enter(self, x, weight=1.0):
        """A sample joins the partition (its data mean and total scatter), in no cluster yet."""
        gap = x - self.mean
        self.total += self.n * weight / (self.n + weight) * float(gap @ gap)
        self.mean += weight / (self.n + weight) * gap
        self.n += weight

    def add(self, x, c, weight=1.0):
        """Sample x (already entered) joins cluster c."""
        self._ensure(c)
        mass = self.mass[c]
        if self.n_members[c] == 0:
            self.centroids[c] = x
        else:
            gap = x - self.centroids[c]
            self.within += mass * weight / (mass + weight) * float(gap @ gap)
            self.centroids[c] += weight / (mass + weight) * gap
        self.mass[c] = mass + weight
        self.n_members[c] += 1

    def remove(self, x, c, weight=1.0):
        """Sample x leaves cluster c (it stays in the partition)."""
        mass = self.mass[c]
        if self.n_members[c] == 1:  # the cluster empties; a lone sample adds nothing to W
            self.mass[c], self.n_members[c] = 0.0, 0
            return
        gap = x - self.centroids[c]
        self.within -= mass * weight / (mass - weight) * float(gap @ gap)
        self.centroids[c] -= weight / (mass - weight) * gap
        self.mass[c] = mass - weight
        self.n_members[c] -= 1

    def moved(self, x, old, n_candidates, weight=1.0):
        """The index after moving sample x from cluster ``old`` (-1: not yet in the partition)
        into each cluster 0 .. n_candidates - 1 (a cluster never used is a new one); the entry of
        ``old`` itself is the current value, exactly."""
        self._ensure(max(n_candidates - 1, 0))
        n_members, mass = self.n_members[:n_candidates], self.mass[:n_candidates]
        k = np.count_nonzero(self.n_members[: self.n_clusters])
        n, total, within = self.n, self.total, self.within
        if old < 0:  # x enters the partition: the data mean and total scatter change
            gap = x - self.mean
            total += n * weight / (n + weight) * float(gap @ gap)
            n += weight
        elif self.n_members[old] == 1:
            k -= 1
        else:
            gap = x - self.centroids[old]
            within -= self.mass[old] * weight / (self.mass[old] - weight) * float(gap @ gap)
        gaps = self.centroids[:n_candidates] - x
        squared = np.einsum("ij,ij->i", gaps, gaps)
        # + n_c w / (n_c + w) |x - v_c|^2, 0 for an empty cluster
        added = np.where(n_members > 0, mass * weight / (mass + weight) * squared, 0.0)
        new_within = within + added
        new_k = k + (n_members == 0)
        values = calinski_harabasz_index(total - new_within, new_within, n, new_k)
        if 0 <= old < n_candidates:
            values[old] = self.value()
        return values
