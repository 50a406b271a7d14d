r"""BARTMAP's inter-ART test (Xu & Wunsch 2011): the average Pearson correlation of a row with the
rows of a row cluster, over the columns of each column cluster.

With the columns of cluster :math:`c` centred and scaled within each row,
:math:`u_k^c = (x_k^c - \bar x_k^c) / \|x_k^c - \bar x_k^c\|`, Pearson's correlation of rows
:math:`k` and :math:`l` over those columns is :math:`u_k^c \cdot u_l^c`, so the average over the
members :math:`l` of row cluster :math:`J` is :math:`u_k^c \cdot S_J^c / |J|` with the running
sum :math:`S_J = \sum_{l \in J} u_l`: O(n_features) a test, whatever the cluster size. A row
that is constant over a column cluster (or a cluster of one column) has no defined correlation
there; it counts as 0.
"""

import numpy as np


def standardized_rows(X, column_labels):
    """``u``: every row centred and scaled to unit norm within each column cluster (float64).

    Columns with label -1 (not clustered) are 0."""
    U = np.zeros(X.shape, dtype=np.float64)
    for c in np.unique(column_labels[column_labels >= 0]):
        columns = column_labels == c
        block = X[:, columns].astype(np.float64)
        block -= block.mean(axis=1, keepdims=True)
        norms = np.sqrt(np.einsum("ij,ij->i", block, block))[:, None]
        U[:, columns] = np.divide(block, norms, out=np.zeros_like(block), where=norms > 0)
    return U


class RowClusterSums:
    """The running sums :math:`S_J = \\sum_{l \\in J} u_l` and sizes of the row clusters."""

    def __init__(self, U, column_labels):
        self.U = U
        # column cluster of each column, -1 -> an extra bin the test ignores
        self.bins = np.where(column_labels >= 0, column_labels, column_labels.max(initial=0) + 1)
        self.n_column_clusters = int(column_labels.max(initial=-1)) + 1
        self.sums = np.zeros((16, U.shape[1]))
        self.sizes = np.zeros(16, dtype=np.int64)

    def move(self, k, old, new):
        """Row k leaves cluster ``old`` (-1: none) for ``new`` (-1: none)."""
        if old >= 0:
            self.sums[old] -= self.U[k]
            self.sizes[old] -= 1
        if new >= 0:
            if new >= len(self.sizes):  # double the buffers
                sums, sizes = (
                    np.zeros((2 * len(self.sizes), self.U.shape[1])),
                    np.zeros(2 * len(self.sizes), dtype=np.int64),
                )
                sums[: len(self.sizes)], sizes[: len(self.sizes)] = self.sums, self.sizes
                self.sums, self.sizes = sums, sizes
            self.sums[new] += self.U[k]
            self.sizes[new] += 1

    def correlations(self, u, J, leave_out=None):
        """Average correlation of the standardized row ``u`` with the rows of cluster J, per
        column cluster; ``leave_out``: a member row not to count (the row itself, in a later
        pass). None: J has no other row."""
        total, size = self.sums[J], int(self.sizes[J])
        if leave_out is not None:
            total, size = total - self.U[leave_out], size - 1
        if size == 0:
            return None
        dots = np.bincount(self.bins, weights=total * u)[: self.n_column_clusters]
        return dots / size
