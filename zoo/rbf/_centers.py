r"""Phase 1 of the RBF networks: the hidden units' centres and widths.

Centres by k-means (Moody & Darken 1989; full or mini-batch), a random subset of the samples, or
every sample (Powell 1987); widths by Moody & Darken's p-nearest-centre rule or Haykin's global
:math:`d_{\max}/\sqrt{2k}`. :class:`~zoo.rbf.RBFClassifier` and :class:`~zoo.rbf.RBFRegressor`
call :func:`select_centers` and :func:`center_widths`.
"""

import warnings

import numpy as np
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.exceptions import ConvergenceWarning

from .._core.distances import row_chunks, squared_euclidean, squared_norms
from .._core.validation import check_width

#: ``centers="auto"`` switches from full to mini-batch k-means above this n_samples x n_centers.
AUTO_MINIBATCH_THRESHOLD = 1_000_000


#: Lloyd iterations of the full k-means at most. The iterations to convergence grow with n, which
#: made the fit's cost grow faster than n (benchmarks/scaling.py prints the slope; README "Cost at
#: scale" records it before and after this cap); the last of them move a few points between
#: neighbouring clusters, which changes the centres' cover of the data, all an RBF network needs
#: of them, very little.
KMEANS_MAX_ITER = 20


def _kmeans(X, method, n_centers, seed, sample_weight):
    """The fitted (weighted) k-means of ``select_centers``: ``"kmeans"`` or
    ``"minibatch_kmeans"``, without scikit-learn's warning that fewer distinct clusters than
    ``n_centers`` were found (``select_centers`` then asks for fewer)."""
    if method == "kmeans":
        clustering = KMeans(
            n_clusters=n_centers, n_init=1, max_iter=KMEANS_MAX_ITER, random_state=seed
        )
    else:  # "minibatch_kmeans"
        clustering = MiniBatchKMeans(
            n_clusters=n_centers, n_init=1, random_state=seed, batch_size=max(1024, 3 * n_centers)
        )
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="Number of distinct clusters", category=ConvergenceWarning
        )
        return clustering.fit(X, sample_weight=sample_weight)


def select_centers(X, method, n_centers, rng, sample_weight=None):
    r"""Phase 1a: the hidden units' centres, an array of shape (n_centers, n_features).

    ``n_centers`` is capped at the number of samples. ``"auto"`` is ``"kmeans"`` while
    ``n_samples * n_centers <= AUTO_MINIBATCH_THRESHOLD`` and ``"minibatch_kmeans"`` above it;
    both draw the clustering's seed from ``rng`` the same way (one ``randint``), so a fit below
    the threshold is the ``"kmeans"`` fit.

    ``sample_weight`` (positive, or None): weighted k-means; ``"random"`` draws samples with
    probability :math:`\propto w_i` (uniformly when the weights are all equal). When k-means ends
    with empty clusters and X has fewer distinct rows than ``n_centers``, it runs again with one
    cluster per distinct row: more would put units on top of others (to rounding), which only
    split their output weights; so repeated rows give the units their integer weights give.
    """
    n_centers = min(n_centers, X.shape[0])
    if method == "auto":
        large = X.shape[0] * n_centers > AUTO_MINIBATCH_THRESHOLD
        method = "minibatch_kmeans" if large else "kmeans"
    if method == "all":
        return X.copy()
    if method == "random":
        p = None
        if sample_weight is not None and np.ptp(sample_weight) > 0:
            p = np.asarray(sample_weight, dtype=np.float64)
            p = p / p.sum()  # P(i) = w_i / sum w
        return X[np.sort(rng.choice(X.shape[0], n_centers, replace=False, p=p))].copy()
    seed = rng.randint(np.iinfo(np.int32).max)
    clustering = _kmeans(X, method, n_centers, seed, sample_weight)
    if len(np.unique(clustering.labels_)) < n_centers:
        # clusters left empty, or duplicates split between coinciding centres: X may have fewer
        # distinct rows than n_centers, and then gets one centre on each of them
        n_distinct = len(np.unique(X, axis=0))
        if n_distinct < n_centers:
            clustering = _kmeans(X, method, n_distinct, seed, sample_weight)
    centers = clustering.cluster_centers_
    return centers.astype(X.dtype, copy=False)


def center_widths(C, method, n_neighbors, scale, estimator_name="RBF network"):
    """Phase 1b: one width per centre, shape (n_centers,), all > 0.

    ``"nearest"``: :math:`\\sigma_j = \\frac1p\\sum_{l \\in N_p(j)} \\lVert c_j - c_l\\rVert` over
    the
    ``p = n_neighbors`` nearest other centres; ``"global"``: :math:`\\sigma = d_{\\max}/\\sqrt{2k}`;
    a number: that width for every centre. A width that comes out 0 (duplicate centres, a single
    centre) is replaced by the mean of the positive ones, or 1 when there is none.
    """
    k = C.shape[0]
    if not isinstance(method, str):
        widths = np.full(k, float(method))
    elif k == 1:
        widths = np.zeros(1)
    else:
        C_sq = squared_norms(C)
        widths = np.empty(k)
        d_max = 0.0
        p = min(n_neighbors, k - 1)
        for rows in row_chunks(k, k):
            D = squared_euclidean(C[rows], C, C_sq[rows], C_sq).astype(np.float64, copy=False)
            if method == "global":
                d_max = max(d_max, float(D.max()))
                continue
            # exclude each centre itself, then the p smallest distances of each row
            D[np.arange(D.shape[0]), np.arange(rows.start, rows.stop)] = np.inf
            nearest = np.partition(D, p - 1, axis=1)[:, :p]
            widths[rows] = np.sqrt(nearest).mean(axis=1)
        if method == "global":
            # sigma = d_max / sqrt(2 k)
            widths[:] = np.sqrt(d_max) / np.sqrt(2 * k)
    positive = widths > 0
    if not positive.all():
        widths[~positive] = widths[positive].mean() if positive.any() else 1.0
    widths = widths * scale
    check_width(widths, C.dtype, estimator_name, f"width={method!r} and width_scale={scale!r}")
    return widths.astype(C.dtype)
