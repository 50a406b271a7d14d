r"""Pairwise distances, computed the BLAS way.

The squared Euclidean distance between every row :math:`x_i` of ``X`` and every row :math:`c_j` of
``C`` expands into one matrix product and two vectors of squared norms,

.. math:: d_{ij} = \lVert x_i - c_j\rVert^2 = \lVert x_i\rVert^2 - 2\,x_i\cdot c_j + \lVert
c_j\rVert^2 ,

so the cost is one GEMM ``X @ C.T`` and no ``n × k × d`` array is ever formed. Rounding can make the
expansion slightly negative for (nearly) coincident points, hence the clip at 0. Used by the RBF
family (hidden-unit activations, PNN/GRNN kernels) and the SOM (best-matching units).
"""

import numpy as np


def squared_norms(X):
    """Row-wise squared norms :math:`\\lVert x_i\\rVert^2`, in the dtype of ``X``."""
    return np.einsum("ij,ij->i", X, X)


def squared_euclidean(X, C, X_sq=None, C_sq=None, out=None):
    """Squared Euclidean distances :math:`d_{ij} = \\lVert x_i - c_j \\rVert^2`, clipped at 0.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    C : ndarray of shape (n_centers, n_features)
    X_sq : ndarray of shape (n_samples,), default=None
        Precomputed ``squared_norms(X)`` (computed when None).
    C_sq : ndarray of shape (n_centers,), default=None
        Precomputed ``squared_norms(C)``; pass it when ``C`` is reused across many calls.
    out : ndarray of shape (n_samples, n_centers), default=None
        Buffer to write into (of the result dtype); allocated when None.

    Returns
    -------
    D : ndarray of shape (n_samples, n_centers)

    Examples
    --------
    >>> import numpy as np
    >>> from zoo._core.distances import squared_euclidean
    >>> X = np.array([[0.0, 0.0], [3.0, 4.0]])
    >>> squared_euclidean(X, np.array([[0.0, 0.0]])).ravel().tolist()
    [0.0, 25.0]
    """
    if X_sq is None:
        X_sq = squared_norms(X)
    if C_sq is None:
        C_sq = squared_norms(C)
    # d_ij = -2 x_i . c_j
    out = np.matmul(X, C.T, out=out)
    out *= -2
    # d_ij += ||x_i||^2 + ||c_j||^2
    out += X_sq[:, np.newaxis]
    out += C_sq[np.newaxis, :]
    # rounding can leave tiny negatives for coincident points
    np.maximum(out, 0, out=out)
    return out


def row_chunks(n_rows, n_columns, budget=2**22):
    """Slices of rows such that a ``(rows, n_columns)`` block holds at most ``budget`` entries.

    Kernel methods process test points in these chunks so memory stays bounded by
    ``budget`` entries whatever the size of the training set (at least one row per chunk).
    """
    step = max(1, budget // max(1, n_columns))
    for start in range(0, n_rows, step):
        yield slice(start, min(start + step, n_rows))


def nearest_centers(X, C, n_nearest=1, C_sq=None):
    """Indices and squared distances of the ``n_nearest`` rows of ``C`` closest to each row of
    ``X``, nearest first (the best-matching units), computed in row chunks of bounded memory.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    C : ndarray of shape (n_centers, n_features), of the dtype of ``X``
    n_nearest : int, default=1
    C_sq : ndarray of shape (n_centers,), default=None
        Precomputed ``squared_norms(C)``.

    Returns
    -------
    nearest : ndarray of shape (n_samples, n_nearest), int
    nearest_d2 : ndarray of shape (n_samples, n_nearest)

    Examples
    --------
    >>> import numpy as np
    >>> from zoo._core.distances import nearest_centers
    >>> C = np.array([[0.0], [1.0], [5.0]])
    >>> nearest_centers(np.array([[0.9], [4.0]]), C, n_nearest=2)[0].tolist()
    [[1, 0], [2, 1]]
    """
    if C_sq is None:
        C_sq = squared_norms(C)
    nearest = np.empty((X.shape[0], n_nearest), dtype=np.intp)
    nearest_d2 = np.empty((X.shape[0], n_nearest), dtype=np.result_type(X, C))
    for rows in row_chunks(X.shape[0], C.shape[0]):
        d2 = squared_euclidean(X[rows], C, C_sq=C_sq)
        if n_nearest == 1:
            idx = d2.argmin(axis=1)[:, np.newaxis]
        else:
            idx = np.argpartition(d2, n_nearest - 1, axis=1)[:, :n_nearest]
            idx = np.take_along_axis(
                idx,
                np.argsort(np.take_along_axis(d2, idx, axis=1), axis=1, kind="stable"),
                axis=1,
            )
        nearest[rows] = idx
        nearest_d2[rows] = np.take_along_axis(d2, idx, axis=1)
    return nearest, nearest_d2
