r"""Pairwise distances, computed the BLAS way.

The squared Euclidean distance between every row :math:`x_i` of ``X`` and every row :math:`c_j` of
``C`` expands into one matrix product and two vectors of squared norms,

.. math:: d_{ij} = \lVert x_i - c_j\rVert^2 = \lVert x_i\rVert^2 - 2\,x_i\cdot c_j + \lVert
c_j\rVert^2 ,

so the cost is one GEMM ``X @ C.T`` and no ``n × k × d`` array is ever formed. Rounding can make the
expansion slightly negative for (nearly) coincident points, hence the clip at 0. Used by the RBF
family (hidden-unit activations, PNN/GRNN kernels) and the SOM (best-matching units).

:func:`activation_distances` adds the other distances a codebook can be matched with (cosine,
Manhattan, Chebyshev, a callable) and :func:`nearest_centers` is the one best-matching-unit search
built on them, in bounded memory.
"""

import numpy as np
from scipy.spatial.distance import cdist

#: The named distances of :func:`activation_distances`.
ACTIVATION_DISTANCES = ("euclidean", "cosine", "manhattan", "chebyshev")


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


def unit_directions(X):
    r"""Rows scaled to unit length, :math:`x / \lVert x\rVert`: what the cosine distance sees.

    A map matched by the cosine distance learns from the directions of the samples, so that a
    sample's scale (a document's length, a spectrum's intensity) changes nothing.
    """
    norms = np.sqrt(squared_norms(np.where(np.isnan(X), 0, X)))  # of the observed components
    if not (norms > 0).all():
        raise ValueError(
            "The cosine distance needs rows of non-zero length: rows "
            f"{np.flatnonzero(norms == 0)[:5].tolist()} are all zero."
        )
    return X / norms[:, np.newaxis]


def row_chunks(n_rows, n_columns, budget=2**22):
    """Slices of rows such that a ``(rows, n_columns)`` block holds at most ``budget`` entries.

    Kernel methods process test points in these chunks so memory stays bounded by
    ``budget`` entries whatever the size of the training set (at least one row per chunk).
    """
    step = max(1, budget // max(1, n_columns))
    for start in range(0, n_rows, step):
        yield slice(start, min(start + step, n_rows))


def activation_distances(
    X,
    C,
    metric="euclidean",
    *,
    X_sq=None,
    C_sq=None,
    squared=False,
    out=None,
    complete=False,
    shifted=False,
):
    r"""Distances :math:`d(x_i, c_j)` between the rows of ``X`` and those of ``C``, shape (n, k).

    * ``"euclidean"``: :math:`\lVert x - c\rVert_2` (squared when ``squared``: same ordering, no
      square root), by the GEMM expansion of :func:`squared_euclidean`;
    * ``"cosine"``: :math:`1 - \frac{x\cdot c}{\lVert x\rVert\,\lVert c\rVert}` in [0, 2], one
      GEMM (a zero vector has no direction: its distance to anything is 1);
    * ``"manhattan"``: :math:`\sum_j |x_j - c_j|`; ``"chebyshev"``: :math:`\max_j |x_j - c_j|`
      (scipy's ``cdist``: no ``n × k × d`` array, but no BLAS either);
    * a callable ``metric(X, C) -> (n, k) distances``, used as it is.

    Rows of ``X`` may have missing values (NaN): the distance is then taken over the observed
    components :math:`O` of the row and, for the sums, rescaled by the share observed,
    :math:`\lVert x - c\rVert_2^2 = \frac{d}{|O|}\sum_{j\in O}(x_j - c_j)^2` and
    :math:`\lVert x - c\rVert_1 = \frac{d}{|O|}\sum_{j\in O}|x_j - c_j|` (a row half observed
    is not twice as close); the cosine is that of the observed parts, the Chebyshev distance the
    largest observed difference. A callable gets no NaN (impute first).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    C : ndarray of shape (n_centers, n_features)
    metric : str or callable, default="euclidean"
    X_sq, C_sq : ndarray of shape (n_samples,) and (n_centers,), default=None
        ``squared_norms`` of ``X`` and ``C`` when already known (euclidean and cosine).
    squared : bool, default=False
        Euclidean only: return the squared distances.
    out : ndarray of shape (n_samples, n_centers), default=None
        Buffer for the result (euclidean and cosine).
    complete : bool, default=False
        The caller knows ``X`` has no NaN: skip the check (a per-sample loop's saving).
    shifted : bool, default=False
        Euclidean on complete rows only: return :math:`\lVert c\rVert^2 - 2\,x\cdot c =
        \lVert x - c\rVert^2 - \lVert x\rVert^2`, each row's squared distances less a constant
        (the same best-matching unit, two passes fewer; not clipped).

    Returns
    -------
    D : ndarray of shape (n_samples, n_centers), in the dtype of ``C``.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo._core.distances import activation_distances
    >>> X, C = np.array([[3.0, 4.0]]), np.array([[0.0, 0.0], [6.0, 8.0]])
    >>> [activation_distances(X, C, m).round(3).tolist()[0] for m in ("euclidean", "manhattan")]
    [[5.0, 5.0], [7.0, 7.0]]
    >>> activation_distances(X, C, "cosine").round(3).tolist()
    [[1.0, 0.0]]
    """
    dtype = C.dtype
    if X.dtype != dtype:
        X = X.astype(dtype)
    if shifted and metric == "euclidean" and complete:
        if C_sq is None:
            C_sq = squared_norms(C)
        if out is None:
            out = np.empty((X.shape[0], C.shape[0]), dtype=dtype)
        if X.shape[0] == 1:
            # one sample (online training): a GEMV, cheaper than a 1-row GEMM at small sizes
            np.matmul(C, X[0], out=out[0])
        else:
            np.matmul(X, C.T, out=out)
        # ||c||^2 - 2 x . c
        np.multiply(out, -2.0, out=out)
        np.add(out, C_sq, out=out)
        return out
    if not (complete or callable(metric)):
        missing = np.isnan(X)
        if missing.any():
            return _distances_with_missing(X, C, metric, missing, squared)
    if callable(metric):
        D = np.asarray(metric(X, C))
        if D.shape != (X.shape[0], C.shape[0]):
            raise ValueError(
                f"The activation distance returned shape {D.shape}, expected (n_samples, "
                f"n_units) = {(X.shape[0], C.shape[0])}."
            )
        return D.astype(dtype, copy=False)
    if metric == "euclidean":
        D = squared_euclidean(X, C, X_sq=X_sq, C_sq=C_sq, out=out)
        return D if squared else np.sqrt(D, out=D)
    if metric == "cosine":
        if C_sq is None:
            C_sq = squared_norms(C)
        D = np.matmul(X, C.T, out=out)
        if X_sq is None:
            X_sq = squared_norms(X)
        x_norm, c_norm = np.sqrt(X_sq), np.sqrt(C_sq)
        # d = 1 - x.c / (|x| |c|); a zero vector has cos = 0
        D /= np.where(x_norm > 0, x_norm, 1)[:, np.newaxis]
        D /= np.where(c_norm > 0, c_norm, 1)[np.newaxis, :]
        np.subtract(1, D, out=D)
        return np.clip(D, 0, 2, out=D)
    if metric in ("manhattan", "chebyshev"):
        name = "cityblock" if metric == "manhattan" else "chebyshev"
        return cdist(X, C, name).astype(dtype, copy=False)
    raise ValueError(
        f"Unknown activation distance {metric!r}; expected one of {list(ACTIVATION_DISTANCES)} "
        "or a callable (X, C) -> distances."
    )


def smallest(D, k):
    """Column indices of the ``k`` smallest entries of each row of ``D``, smallest first, ties in
    index order: the same on every machine.

    A partial sort, O(columns + k log k) a row. ``np.argpartition`` alone picks among entries tied
    at the k-th value, and orders ties, as its SIMD implementation happens to (AVX-512 and AVX2
    differ), so the k-th value is found first and the tied entries are taken by index.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo._core.distances import smallest
    >>> smallest(np.array([[3.0, 1.0, 1.0, 0.5, 1.0]]), 3).tolist()
    [[3, 1, 2]]
    """
    kth = np.partition(D, k - 1, axis=1)[:, k - 1 : k]
    below = D < kth
    tied = D == kth
    # every entry below the k-th value, then the first (k - #below) tied ones: k a row
    room = k - below.sum(axis=1, keepdims=True)
    picked = below | (tied & (np.cumsum(tied, axis=1) <= room))
    idx = np.nonzero(picked)[1].reshape(D.shape[0], k)
    order = np.argsort(np.take_along_axis(D, idx, axis=1), axis=1, kind="stable")
    return np.take_along_axis(idx, order, axis=1)


def nearest_centers(X, C, n_nearest=1, C_sq=None, *, metric="euclidean"):
    """Indices and distances of the ``n_nearest`` rows of ``C`` closest to each row of ``X``,
    nearest first (the best-matching units), computed in row chunks of bounded memory.

    The one best-matching-unit search of zoo: one call of :func:`activation_distances` per chunk
    of rows (:func:`row_chunks`), so memory stays bounded whatever the number of samples.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        May hold NaN (missing values) for the named distances.
    C : ndarray of shape (n_centers, n_features)
    n_nearest : int, default=1
    C_sq : ndarray of shape (n_centers,), default=None
        Precomputed ``squared_norms(C)`` (euclidean and cosine).
    metric : str or callable, default="euclidean"
        See :func:`activation_distances`.

    Returns
    -------
    nearest : ndarray of shape (n_samples, n_nearest), int
    distances : ndarray of shape (n_samples, n_nearest), in the dtype of ``C``
        *Squared* for the Euclidean distance (the ordering key its callers use; take the square
        root for the distance), the distance itself for the others.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo._core.distances import nearest_centers
    >>> C = np.array([[0.0], [1.0], [5.0]])
    >>> nearest_centers(np.array([[0.9], [4.0]]), C, n_nearest=2)[0].tolist()
    [[1, 0], [2, 1]]
    >>> nearest_centers(np.array([[0.9]]), C, metric="manhattan")[1].round(2).tolist()
    [[0.1]]
    """
    if C_sq is None and metric in ("euclidean", "cosine"):
        C_sq = squared_norms(C)
    nearest = np.empty((X.shape[0], n_nearest), dtype=np.intp)
    distances = np.empty((X.shape[0], n_nearest), dtype=C.dtype)
    for rows in row_chunks(X.shape[0], C.shape[0]):
        D = activation_distances(X[rows], C, metric, C_sq=C_sq, squared=True)
        idx = D.argmin(axis=1)[:, np.newaxis] if n_nearest == 1 else smallest(D, n_nearest)
        nearest[rows] = idx
        distances[rows] = np.take_along_axis(D, idx, axis=1)
    return nearest, distances


def _distances_with_missing(X, C, metric, missing, squared):
    """activation_distances for rows with NaN: observed components only, sums rescaled by d/|O|."""
    if metric not in ACTIVATION_DISTANCES:
        raise ValueError(
            f"Unknown activation distance {metric!r}; expected one of "
            f"{list(ACTIVATION_DISTANCES)} or a callable (X, C) -> distances."
        )
    observed = (~missing).astype(C.dtype)
    X0 = np.where(missing, 0, X)
    n_observed = observed.sum(axis=1)
    if not (n_observed > 0).all():
        raise ValueError("A row of X has no observed value (all NaN): it has no distance.")
    # d / |O|: the share of the components a row leaves out, made up
    scale = (X.shape[1] / n_observed).astype(C.dtype)
    if X.shape[0] == 1:
        # one row (online training): the observed columns of C directly, no d-wide products
        keep = ~missing[0]
        difference = C[:, keep] - X[0, keep]
        if metric == "euclidean":
            D = np.einsum("ij,ij->i", difference, difference) * scale[0]
            D = D if squared else np.sqrt(D)
        elif metric == "manhattan":
            D = np.abs(difference).sum(axis=1) * scale[0]
        elif metric == "chebyshev":
            D = np.abs(difference).max(axis=1)
        else:
            x, C_observed = X[0, keep], C[:, keep]
            c_norm, x_norm = np.sqrt(squared_norms(C_observed)), float(np.sqrt(x @ x))
            cosine = C_observed @ x / (np.where(c_norm > 0, c_norm, 1) * (x_norm or 1.0))
            D = np.clip(1 - cosine, 0, 2)
        return D[np.newaxis, :].astype(C.dtype, copy=False)
    if metric == "euclidean":
        # sum_{j in O} (x_j - c_j)^2 = ||x_O||^2 - 2 x_O . c + sum_{j in O} c_j^2
        D = X0 @ C.T
        D *= -2
        D += squared_norms(X0)[:, np.newaxis]
        D += observed @ (C * C).T
        np.maximum(D, 0, out=D)
        D *= scale[:, np.newaxis]
        return D if squared else np.sqrt(D, out=D)
    if metric == "cosine":
        # cos over the observed components: x_O . c_O / (|x_O| |c_O|)
        D = X0 @ C.T
        x_norm = np.sqrt(squared_norms(X0))
        c_norm = np.sqrt(observed @ (C * C).T)
        D /= np.where(x_norm > 0, x_norm, 1)[:, np.newaxis]
        D /= np.where(c_norm > 0, c_norm, 1)
        np.subtract(1, D, out=D)
        return np.clip(D, 0, 2, out=D)
    D = np.empty((X.shape[0], C.shape[0]), dtype=C.dtype)
    for j, c in enumerate(C):
        difference = np.abs(X0 - c) * observed
        if metric == "manhattan":
            D[:, j] = difference.sum(axis=1) * scale
        else:
            D[:, j] = difference.max(axis=1)
    return D
