r"""Phase 1 of the RBF networks: the hidden units' centres and widths.

Centres by k-means (Moody & Darken 1989; full or mini-batch), a random subset of the samples, or
every sample (Powell 1987); widths by Moody & Darken's p-nearest-centre rule or Haykin's global
:math:`d_{\max}/\sqrt{2k}`. Or both at once, supervised: :func:`ols_centers`, Chen, Cowan &
Grant's (1991) orthogonal least squares forward selection of training points as centres (MATLAB's
``newrb``). :class:`~zoo.rbf.RBFClassifier` and :class:`~zoo.rbf.RBFRegressor` call
:func:`select_centers` and :func:`center_widths`, or :func:`ols_centers`.
"""

import warnings

import numpy as np
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.exceptions import ConvergenceWarning

from .._core.distances import row_chunks, squared_euclidean, squared_norms
from .._core.ols import ols_select
from .._core.radial import radial_layer
from .._core.validation import check_width

#: ``centers="auto"`` switches from full to mini-batch k-means above this n_samples x n_centers.
AUTO_MINIBATCH_THRESHOLD = 1_000_000


#: Lloyd iterations of the full k-means at most. The iterations to convergence grow with n, which
#: made the fit's cost grow faster than n (benchmarks/scaling.py prints the slope; README "Cost at
#: scale" records it before and after this cap); the last of them move a few points between
#: neighbouring clusters, which changes the centres' cover of the data, all an RBF network needs
#: of them, very little.
KMEANS_MAX_ITER = 20

#: ``centers="ols"`` takes its candidate centres from at most this many training points (all of
#: them up to there; above, a random subset): the selection holds their Gram matrix, M x M, and
#: forming it costs n M^2 multiply-adds, linear in n.
OLS_MAX_CANDIDATES = 2000


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


def _farthest_points(X, k, mean):
    """k rows of X by farthest-point traversal (Gonzalez 1985): the row nearest ``mean`` first,
    then each time the row farthest from those taken (ties to the lowest index). Repeated rows
    change nothing: a copy of a taken row is at distance 0."""
    X_sq = squared_norms(X)
    taken = [int(np.argmin(squared_euclidean(mean[np.newaxis], X, C_sq=X_sq)[0]))]
    nearest = squared_euclidean(X[taken], X, C_sq=X_sq)[0]
    for _ in range(k - 1):
        taken.append(int(np.argmax(nearest)))
        np.minimum(nearest, squared_euclidean(X[taken[-1:]], X, C_sq=X_sq)[0], out=nearest)
    return X[taken]


#: ``centers="ols"`` with a width rule (``"nearest"``, ``"global"``): the rule's width times each
#: of these factors is tried, and the one whose units predict held-out training points best kept.
OLS_WIDTH_FACTORS = 2.0 ** np.arange(-2.0, 1.01, 0.5)

#: The held-out points of that choice: one distinct training point in this many (in
#: lexicographic order, so repeated rows fall on the same side and the rows' order is irrelevant).
OLS_VALIDATION_FOLD = 5

#: With fewer distinct (positively weighted) training points than this, no width is held out
#: for: the rule's width is used as it is.
OLS_MIN_VALIDATION = 20


def _ols_units(X, T, w, candidates, sigma, kernel, budget, goal, alpha, dtype):
    """The selection of :func:`ols_centers` with the width ``sigma`` for every candidate:
    ``(selected, ratios, widths)``, the candidates' indices and their error reduction ratios.
    ``alpha`` is added to the Gram matrix's diagonal: the selection's residual is then the ridge
    objective of the output layer (see :func:`ols_centers`)."""
    M, n_samples = candidates.shape[0], X.shape[0]
    widths = np.full(M, sigma).astype(dtype)
    C_sq = squared_norms(candidates)
    total_weight = float(w.sum())
    # pass 1: the weighted means of the regressors and the targets (the intercept, taken out)
    mean_h = np.zeros(M)
    for rows in row_chunks(n_samples, M):
        H = radial_layer(X[rows], candidates, widths, kernel, C_sq)
        mean_h += w[rows] @ H.astype(np.float64, copy=False)
    mean_h /= total_weight
    mean_t = (w @ T.astype(np.float64, copy=False)) / total_weight
    # pass 2: G = Pc^T S Pc, B = Pc^T S Dc, tr(Dc^T S Dc) with the centred Pc, Dc
    gram = np.zeros((M, M))
    cross = np.zeros((M, T.shape[1]))
    total = 0.0
    for rows in row_chunks(n_samples, M):
        root = np.sqrt(w[rows])[:, np.newaxis]
        H = radial_layer(X[rows], candidates, widths, kernel, C_sq).astype(np.float64)
        H -= mean_h
        H *= root  # sqrt(w_i) (h_i - mean h)
        D = (T[rows] - mean_t) * root  # sqrt(w_i) (t_i - mean t)
        gram += H.T @ H
        cross += H.T @ D
        total += float(np.square(D).sum())
    gram[np.diag_indices(M)] += alpha  # [p_i; sqrt(alpha) e_i]: ridge as least squares
    # ties go to the lexicographically smallest point: the selection ignores the rows' order
    rank = np.empty(M, dtype=np.intp)
    rank[np.lexsort(candidates.T[::-1])] = np.arange(M)
    selected, ratios, _ = ols_select(
        gram, cross, total, budget, goal=goal * total_weight * T.shape[1], rank=rank
    )
    return selected, ratios, widths


def _held_out_error(X, T, w, held, in_train, candidates, sigma, kernel, budget, alpha, dtype):
    """Weighted squared error summed over the held-out rows of the ridge output layer (with
    unpenalised intercept) over the units OLS selects, with width ``sigma``, from the others."""
    fit = ~held
    X_fit, T_fit, w_fit = X[fit], T[fit].astype(np.float64), w[fit]
    pool = candidates[in_train]
    selected, _, widths = _ols_units(
        X_fit, T_fit, w_fit, pool, sigma, kernel, budget, 0.0, alpha, dtype
    )
    if len(selected) == 0:
        return np.inf
    units, widths = pool[selected], widths[: len(selected)]
    H = radial_layer(X_fit, units, widths, kernel).astype(np.float64)
    mean_h, mean_t = np.average(H, axis=0, weights=w_fit), np.average(T_fit, axis=0, weights=w_fit)
    H -= mean_h
    gram = H.T @ (H * w_fit[:, np.newaxis])
    gram[np.diag_indices(len(units))] += alpha
    coef = np.linalg.lstsq(gram, H.T @ ((T_fit - mean_t) * w_fit[:, np.newaxis]), rcond=None)[0]
    H_held = radial_layer(X[held], units, widths, kernel).astype(np.float64)
    residual = np.square((H_held - mean_h) @ coef + mean_t - T[held]).sum(axis=1)
    return float(w[held] @ residual)


def ols_centers(
    X,
    T,
    n_centers,
    goal,
    width,
    n_neighbors,
    scale,
    kernel,
    rng,
    sample_weight=None,
    name="RBF",
    alpha=0.0,
):
    r"""Phase 1 by orthogonal least squares (Chen, Cowan & Grant 1991; MATLAB's ``newrb``).

    Returns ``(centers, widths, ratios)``: the selected training points, shape (k, n_features),
    their common width, shape (k,), and the error reduction ratios of the selection, shape (k,).

    Candidates: every training point (of positive weight) while there are at most
    :data:`OLS_MAX_CANDIDATES`, else
    that many drawn without replacement (with probability :math:`\propto w_i` under
    ``sample_weight``); each candidate is a unit of width :math:`\sigma` on it, ``width`` times
    ``scale`` when ``width`` is a number (newrb's ``spread``, the user's). The p-nearest-centre
    rule needs the centres before they are chosen, so with :math:`k` the budget
    ``min(n_centers, M)`` (at most the number of distinct candidates): ``"nearest"`` starts from
    the mean of its widths over :math:`k` candidates spread over the data by farthest-point
    traversal (:func:`_farthest_points`: the spacing of :math:`k` units covering the data),
    ``"global"`` from Haykin's :math:`d_{\max}/\sqrt{2k}` over the candidates. That width is
    right for :math:`k` units spread evenly, but OLS crowds its units where the targets vary
    (on a noisy sinc, 10 units: the rule's 1.25 gives test MSE 0.0073, 0.44 gives 0.0003): so
    with a rule and at least :data:`OLS_MIN_VALIDATION` distinct training points, the rule's
    width times each of :data:`OLS_WIDTH_FACTORS` (1/4 to 2) is tried -- units selected on the
    training points less one distinct point in :data:`OLS_VALIDATION_FOLD` (in lexicographic
    order), their least-squares output layer's weighted squared error measured on those held
    out -- and the factor of least held-out error is kept (ties: the one nearest 1), for the
    whole budget (``goal`` does not enter the choice). The final selection is then made on all
    the training points with that width. It costs the selection about 7 times over.

    The regressors are the candidates' outputs with the intercept taken out first (columns and
    targets centred on their weighted means: the output layer's bias is never a choice); inner
    products are weighted by ``sample_weight``. Selection (:func:`~zoo._core.ols.ols_select`)
    stops at ``n_centers`` units or when the weighted mean squared error of the least-squares
    fit, :math:`\sum_i w_i\lVert t_i - \hat t_i\rVert^2 / (\sum_i w_i \cdot n_\text{outputs})`,
    is at most ``goal``; at least one unit is kept. Tied candidates go to the lexicographically
    smallest point, so the selection does not depend on the rows' order. The Gram matrix is
    formed in float64 from chunks of rows (memory :math:`M^2` plus a chunk).
    """
    n_samples = X.shape[0]
    if n_samples > OLS_MAX_CANDIDATES:
        p = None
        if sample_weight is not None and np.ptp(sample_weight) > 0:
            p = np.asarray(sample_weight, dtype=np.float64)
            p = p / p.sum()
        index = np.sort(rng.choice(n_samples, OLS_MAX_CANDIDATES, replace=False, p=p))
        candidates = X[index]
    else:  # every training point of positive weight (a zero weight is an absent row)
        index = np.arange(n_samples)
        if sample_weight is not None and not np.all(sample_weight > 0):
            index = np.flatnonzero(np.asarray(sample_weight) > 0)
        candidates = X[index]
    # a repeated row is one place: with alpha > 0 two units there would halve the penalty
    candidates = np.unique(candidates, axis=0)
    M = candidates.shape[0]
    budget = min(n_centers, M)
    w = np.ones(n_samples) if sample_weight is None else np.asarray(sample_weight, np.float64)
    weights = None if sample_weight is None else w
    # the units the budget can place on distinct points (a repeated row is one place)
    k = budget
    if width == "global":
        # sigma = d_max / sqrt(2 k) over the candidates
        sigma = float(center_widths(candidates, "global", 1, 1.0)[0]) * np.sqrt(M / k)
    elif width == "nearest":
        # the p-nearest-centre rule on k candidates spread over the data, averaged
        spread = _farthest_points(candidates, k, mean=np.average(X, axis=0, weights=weights))
        sigma = float(center_widths(spread, "nearest", n_neighbors, 1.0).mean())
    else:
        sigma = float(width)
    sigma *= scale
    check_width([sigma], X.dtype, name, f"centers='ols', width={width!r}, width_scale={scale!r}")
    if isinstance(width, str):
        sigma *= _width_factor(X, T, w, candidates, sigma, kernel, budget, alpha)
    selected, ratios, widths = _ols_units(
        X, T, w, candidates, sigma, kernel, budget, goal, alpha, X.dtype
    )
    if len(selected) == 0:  # nothing to explain (constant targets): one unit all the same
        selected = np.zeros(1, dtype=np.intp)
        ratios = np.zeros(1)
    return candidates[selected].copy(), widths[: len(selected)].copy(), ratios


def _rows(A):
    """Each row of A as one opaque scalar (to compare rows as wholes)."""
    A = np.ascontiguousarray(A)
    return A.view(np.dtype((np.void, A.dtype.itemsize * A.shape[1]))).ravel()


def _width_factor(X, T, w, candidates, sigma, kernel, budget, alpha):
    """The factor of :data:`OLS_WIDTH_FACTORS` of least held-out error (see :func:`ols_centers`),
    1 when there are too few distinct training points or no width of them is usable."""
    positive = np.flatnonzero(w > 0)
    points, inverse = np.unique(X[positive], axis=0, return_inverse=True)
    inverse = inverse.ravel()
    if inverse.max(initial=-1) + 1 < OLS_MIN_VALIDATION:
        return 1.0
    held = np.zeros(X.shape[0], dtype=bool)
    held[positive] = inverse % OLS_VALIDATION_FOLD == OLS_VALIDATION_FOLD - 1
    # the candidates (distinct points of positive weight) outside the held-out points
    held_points = points[np.arange(len(points)) % OLS_VALIDATION_FOLD == OLS_VALIDATION_FOLD - 1]
    in_train = ~np.isin(_rows(candidates), _rows(held_points))
    info = np.finfo(X.dtype)
    low, high = np.sqrt(info.tiny), np.sqrt(info.max)
    errors = np.full(len(OLS_WIDTH_FACTORS), np.inf)
    for i, factor in enumerate(OLS_WIDTH_FACTORS):
        if low <= sigma * factor < high:
            errors[i] = _held_out_error(
                X, T, w, held, in_train, candidates, sigma * factor, kernel, budget, alpha, X.dtype
            )
    if not np.isfinite(errors).any():
        return 1.0
    # near-ties (rounding differences of the rows' order) go to the factor nearest 1
    tied = np.flatnonzero(errors <= errors.min() * (1 + 1e-9))
    return float(OLS_WIDTH_FACTORS[tied[np.argmin(np.abs(np.log(OLS_WIDTH_FACTORS[tied])))]])
