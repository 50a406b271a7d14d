r"""Kohonen's self-organising map: a grid of units whose codebook vectors fold onto the data.

Each unit :math:`u` of an ``n_rows × n_cols`` grid has a position :math:`r_u` on the map (see
:mod:`zoo._core.grid`) and a codebook vector :math:`w_u` in input space. The best-matching unit
(BMU) of a sample is the unit with the nearest codebook vector,

.. math:: c(x) = \arg\min_u \lVert x - w_u \rVert^2
                = \arg\min_u \left(\lVert w_u\rVert^2 - 2\, w_u\cdot x\right),

and training pulls the BMU *and its grid neighbours* towards the samples it wins, weighted by a
neighbourhood function :math:`h(\lVert r_c - r_u\rVert;\ \sigma)` (see
:mod:`zoo._core.neighborhoods`) whose radius :math:`\sigma` shrinks during training, so that
nearby units end up with nearby codebook vectors: the map preserves the topology of the data.

The Euclidean distance above is the default; ``activation_distance`` swaps in the cosine,
Manhattan or Chebyshev distance or any callable, and the one search
:func:`zoo._core.distances.nearest_centers` (one row at a time online:
:func:`zoo._core.distances.activation_distances`) then picks the BMU in training, ``predict``,
``transform`` and both quality measures.
"""

import math
from numbers import Integral, Real

import numpy as np
from scipy.linalg.blas import get_blas_funcs
from sklearn.base import BaseEstimator
from sklearn.callback import CallbackSupportMixin
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.blas import single_threaded_blas
from .._core.callbacks import close_callbacks, epoch_callbacks, open_callbacks
from .._core.clustering import membership
from .._core.distances import (
    ACTIVATION_DISTANCES,
    activation_distances,
    nearest_centers,
    squared_norms,
    unit_directions,
)
from .._core.grid import adjacency, grid_coordinates, grid_period, grid_squared_distances
from .._core.initializers import initial_prototypes, principal_axes
from .._core.neighborhoods import NEIGHBORHOODS, influence_radius
from .._core.schedules import decay
from .._core.training import Criterion, History, Monitor
from .._core.validation import (
    check_input_scale,
    check_rows_observed,
    drop_zero_weights,
)

#: Above this many features the PCA initialisation iterates on a subspace (no covariance matrix).
PCA_EXACT_MAX_FEATURES = 256


#: The training curves (quantization_errors_, topographic_errors_) are measured after each epoch
#: on at most about this many training samples, evenly spaced (every k-th): a constant cost per
#: epoch, a tenth of a batch epoch's BMU search at 10,000 samples.
MONITORED_SAMPLES = 1000


#: Units whose neighbourhood weight is below this share of the winner's are not updated online.
NEGLIGIBLE_INFLUENCE = 1e-3


def _sum_by_unit(X, bmu, n_units, weights=None):
    """S_j = (weighted) sum of the samples unit j wins, (n_units, n_features), in float64."""
    return np.asarray(membership(bmu, n_units, weights) @ X, dtype=np.float64)


class _BaseSOM(CallbackSupportMixin, BaseEstimator):
    """Training and the quality measures shared by :class:`SOM` and :class:`SOMClassifier`."""

    #: What ``loss_curve_`` records, as ``verbose`` lines and ``zoo compare``'s report name it.
    _loss_curve_quantity = "mean distance to the BMU"

    _parameter_constraints: dict = {
        "n_rows": [Interval(Integral, 1, None, closed="left")],
        "n_cols": [Interval(Integral, 1, None, closed="left")],
        "topology": [StrOptions({"rectangular", "hexagonal"})],
        "toroidal": ["boolean"],
        "neighborhood": [StrOptions(set(NEIGHBORHOODS))],
        "activation_distance": [StrOptions(set(ACTIVATION_DISTANCES)), callable],
        "sigma": [None, Interval(Real, 0, None, closed="neither")],
        "sigma_final": [Interval(Real, 0, None, closed="neither")],
        "learning_rate": [Interval(Real, 0, 1, closed="right")],
        "learning_rate_final": [Interval(Real, 0, 1, closed="right")],
        "decay": [StrOptions({"exponential", "linear", "asymptotic"})],
        "algorithm": [StrOptions({"batch", "online"})],
        "init": [StrOptions({"pca", "random", "sample"}), "array-like"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "n_iter_no_change": [None, Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "warm_start": ["boolean"],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        n_rows=10,
        n_cols=10,
        *,
        topology="rectangular",
        toroidal=False,
        neighborhood="gaussian",
        activation_distance="euclidean",
        sigma=None,
        sigma_final=1.0,
        learning_rate=0.5,
        learning_rate_final=0.01,
        decay="exponential",
        algorithm="batch",
        init="pca",
        max_iter=20,
        n_iter_no_change=None,
        tol=1e-4,
        warm_start=False,
        random_state=None,
        verbose=False,
    ):
        self.n_rows = n_rows
        self.n_cols = n_cols
        self.topology = topology
        self.toroidal = toroidal
        self.neighborhood = neighborhood
        self.activation_distance = activation_distance
        self.sigma = sigma
        self.sigma_final = sigma_final
        self.learning_rate = learning_rate
        self.learning_rate_final = learning_rate_final
        self.decay = decay
        self.algorithm = algorithm
        self.init = init
        self.max_iter = max_iter
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.warm_start = warm_start
        self.random_state = random_state
        self.verbose = verbose

    # ------------------------------------------------------------------------------ the grid

    @property
    def n_units(self):
        return self.n_rows * self.n_cols

    def _build_grid(self, dtype):
        coordinates = grid_coordinates(self.n_rows, self.n_cols, self.topology)
        period = grid_period(self.n_rows, self.n_cols, self.topology, self.toroidal)
        self._grid_d2 = grid_squared_distances(coordinates, coordinates, period)
        self.unit_coordinates_ = coordinates.astype(dtype)

    def _initial_radius(self):
        if self.sigma is not None:
            return float(self.sigma)
        return max(max(self.n_rows, self.n_cols) / 2.0, self.sigma_final)

    # ------------------------------------------------------------------------ initialisation

    def _initial_codebook(self, X, rng, weights=None):
        """Codebook before training: PCA plane, random samples, uniform in the data's box, given.

        Missing values are filled with their column's mean for the initialisation only. With
        ``weights`` (all positive): the weighted mean and the weighted PCA plane, samples drawn
        with probability proportional to their weight; the data's box needs none.
        """
        if not isinstance(self.init, str):
            return initial_prototypes(self.init, X, self.n_units, rng, size_name="n_rows * n_cols")
        missing = np.isnan(X)
        if missing.any():
            unobserved = missing.all(axis=0)
            if unobserved.any():
                raise ValueError(
                    f"Features {np.flatnonzero(unobserved)[:5].tolist()} of X have no observed "
                    "value (all NaN): the map cannot place its units along them."
                )
            if weights is None:
                means = np.nanmean(X, axis=0)
            else:
                means = (weights @ np.where(missing, 0, X)) / (weights @ ~missing)
            X = np.where(missing, means, X).astype(X.dtype, copy=False)
        if self.init == "pca":
            return self._pca_codebook(X, weights)
        return initial_prototypes(self.init, X, self.n_units, rng, weights)

    def _pca_codebook(self, X, weights=None):
        r"""Units spread over the plane of the two leading principal components (Kohonen 2001, 3.7).

        :math:`w_u = \bar x + a_u \sqrt{\lambda_1}\, v_1 + b_u \sqrt{\lambda_2}\, v_2` with the grid
        coordinates :math:`(a_u, b_u)` scaled to :math:`[-1, 1]`, the longer side of the map along
        the first component; weighted, those of the samples repeated :math:`w_i` times
        (:func:`zoo._core.initializers.principal_axes`).
        """
        mean, eigenvalues, components = principal_axes(
            X, min(2, X.shape[1]), weights, exact_max_features=PCA_EXACT_MAX_FEATURES
        )
        n_components = len(eigenvalues)
        scaled = components * np.sqrt(np.maximum(eigenvalues, 0))[:, np.newaxis]
        coords = self.unit_coordinates_.astype(np.float64)
        extent = np.ptp(coords, axis=0)
        unit_box = np.divide(
            2 * (coords - coords.min(axis=0)), extent, where=extent > 0, out=np.zeros_like(coords)
        ) - (extent > 0)
        # the longer side of the map follows the first principal component
        order = [0, 1] if extent[0] >= extent[1] else [1, 0]
        W = mean + unit_box[:, order[:n_components]] @ scaled
        return W.astype(X.dtype)

    # ------------------------------------------------------------------------------ training

    def _continues(self, incremental):
        """True when this call trains the fitted map on (``partial_fit``, ``warm_start``)."""
        return hasattr(self, "cluster_centers_") and (incremental or self.warm_start)

    def _train(self, X, incremental, given=None, reconstruct=lambda X: {}, weights=None):
        """Initialise on the first pass, then run ``max_iter`` epochs (one when incremental); the
        callbacks of ``fit`` see ``given`` and a copy with ``reconstruct(X)``, the map as of now.
        Samples of weight zero take no part (as if dropped); returns all of ``X`` as trained on
        (cosine: the directions)."""
        first_pass = not self._continues(incremental)
        if self.activation_distance == "cosine":
            X = unit_directions(X)
        if not first_pass:
            X = X.astype(self.cluster_centers_.dtype, copy=False)
        if not first_pass and not incremental and self.cluster_centers_.shape[0] != self.n_units:
            raise ValueError(
                f"warm_start needs the fitted map's size: it has {self.cluster_centers_.shape[0]} "
                f"units, n_rows * n_cols = {self.n_units}; set warm_start=False to start anew."
            )
        if first_pass or not incremental:
            if self.algorithm == "batch" and self.neighborhood == "mexican_hat":
                raise ValueError(
                    "The batch map averages samples with weights h >= 0, but the Mexican hat is "
                    "negative beyond sigma; use algorithm='online' with neighborhood='mexican_hat'."
                )
            self._rng = check_random_state(self.random_state)
            self._history = History()  # the schedule runs over max_iter epochs again
            self.quantization_errors_, self.topographic_errors_ = [], []
            self._build_grid(X.dtype)
        all_X = X
        weights, X = drop_zero_weights(weights, X)
        if first_pass:
            initial = self._initial_codebook(X, self._rng, weights)
            self.cluster_centers_ = np.ascontiguousarray(initial)
        if not incremental and given is not None:
            open_callbacks(
                self, **given, max_epochs=self.max_iter, reconstruction=lambda: reconstruct(all_X)
            )
        missing = np.isnan(X)
        if not missing.any():
            missing = None
        # the schedule ends training after max_iter epochs, unless the patience rule stops it
        # first (n_iter_no_change): each epoch records its mean distance to the BMU (loss_curve_)
        # the training curves are measured on every k-th sample, k = ceil(n / MONITORED_SAMPLES)
        every = -(-X.shape[0] // MONITORED_SAMPLES)
        probe, probe_weights = X[::every], None if weights is None else weights[::every]
        # the growth rule's yardstick when larger than the start: the quantization error of a
        # one-unit map at the mean, mean_i ||x_i - mean(x)||; a map whose units start on the
        # samples (init="sample", as many units as samples) starts near 0 and has not diverged
        # when its units move between them
        centred = probe - np.nanmean(probe, axis=0)
        trivial = np.sqrt(np.nansum(np.square(centred), axis=1)).mean(dtype=np.float64)
        monitor = Monitor(
            self._history,
            name=type(self).__name__,
            n_iter_no_change=self.n_iter_no_change,
            tol=self.tol,
            verbose=self.verbose,
            criterion=Criterion(self._loss_curve_quantity, reference=trivial),
            callbacks=epoch_callbacks(self),
        )
        adjacent = adjacency(self._grid_d2, self.topology, diagonal=True)

        def end_epoch(criterion):
            """Measure the map after an epoch and record it; True when patience ran out."""
            qe, te = self._errors(probe, adjacent, probe_weights)
            self.quantization_errors_.append(qe)
            self.topographic_errors_.append(te)
            return (
                monitor.record(criterion, quantization_error_after_epoch=qe, topographic_error=te)
                or monitor.stopped_by_callback
            )

        n_epochs = 1 if incremental else self.max_iter
        if self.algorithm == "online":
            # per-sample GEMV and ger are too small to share between threads
            online_epochs = single_threaded_blas(self._online_epochs)
            stopped = online_epochs(X, missing, weights, n_epochs, monitor.begin_epoch, end_epoch)
        else:
            observed = None if missing is None else (~missing).astype(X.dtype)
            X_observed = X if missing is None else np.where(missing, 0, X)
            stopped = False
            for _ in range(n_epochs):
                monitor.begin_epoch()
                if end_epoch(self._batch_epoch(X, X_observed, observed, weights)):
                    stopped = True
                    break
        monitor.finish()
        if stopped and self.verbose and not monitor.stopped_by_callback:
            print(monitor.stop_message() + " Stopping.")
        close_callbacks(self)
        self.n_iter_ = self._history.n_iter
        self.loss_curve_ = self._history.criterion
        return all_X

    def _online_epochs(self, X, missing, weights, n_epochs, begin_epoch, end_epoch):
        """Up to ``n_epochs`` epochs of :meth:`_online_epoch`, each opened by ``begin_epoch`` and
        recorded by ``end_epoch``; True when it stopped them (patience ran out, or a callback)."""
        for _ in range(n_epochs):
            begin_epoch()
            if end_epoch(self._online_epoch(X, missing, weights)):
                return True
        return False

    def _online_epoch(self, X, missing=None, weights=None):
        r"""One epoch of Kohonen's online rule, samples in a fresh random order; returns the
        mean distance of each sample to its BMU when presented.

        For sample :math:`x` presented at progress :math:`p` of the schedule, with
        :math:`\eta = \eta(p)`, :math:`\sigma = \sigma(p)` from :func:`decay`:

        .. math:: w_u \leftarrow w_u + \eta\, h(\lVert r_c - r_u\rVert; \sigma)\,(x - w_u) ,

        only for units with :math:`h \ge` ``NEGLIGIBLE_INFLUENCE`` (the rest barely move). A sample
        of weight :math:`s` takes the step :math:`g_u = \eta\, s\, h`, clipped to
        :math:`[-1, 1]`: a unit moves at most onto the sample (a Mexican hat pushes it at most its
        distance away); the returned mean is weighted. The BMU
        costs one GEMV :math:`W x` against cached :math:`\lVert w_u\rVert^2`, which are updated in
        O(1) per unit from the same product; the update is a row scaling plus one rank-1 BLAS
        ``ger``
        in place on the contiguous band of grid rows within reach.

        A sample with missing values (``missing[i]``, NaN) finds its BMU over its observed
        components (see :func:`zoo._core.distances.activation_distances`) and moves only those
        components of the codebook.
        """
        W = self.cluster_centers_
        n_samples, n_units = X.shape[0], W.shape[0]
        h_of = NEIGHBORHOODS[self.neighborhood]
        ger = get_blas_funcs("ger", dtype=W.dtype)
        radius_per_sigma2 = influence_radius(self.neighborhood, 1.0, NEGLIGIBLE_INFLUENCE) ** 2
        grid_d2, farthest2 = self._grid_d2, self._grid_d2.max(axis=1)
        sigma0, eta0 = self._initial_radius(), self.learning_rate
        metric = self.activation_distance
        euclidean = metric == "euclidean"
        x_sq = squared_norms(X)
        # ||w_u||^2, kept up to date for the distances that use it
        w_sq = squared_norms(W)
        keep_norms = metric in ("euclidean", "cosine")
        distances = np.empty((1, n_units), dtype=W.dtype)
        # the schedule of this epoch, one value per presentation t: p = (epochs + t / n) / max_iter
        progress = np.minimum(
            1.0, (self._history.n_iter + np.arange(n_samples) / n_samples) / self.max_iter
        )
        etas = decay(eta0, self.learning_rate_final, progress, self.decay).tolist()
        sigmas = decay(sigma0, self.sigma_final, progress, self.decay).tolist()
        # fresh norms cost n_units * n_features: cheaper than the O(1) update's few small vector
        # operations when there are few features
        exact_norms = X.shape[1] <= 32 or not euclidean
        incomplete = np.zeros(n_samples, dtype=bool) if missing is None else missing.any(axis=1)
        total, weight = 0.0, 1.0
        for t, i in enumerate(self._rng.permutation(n_samples)):
            x = X[i]
            eta, sigma = etas[t], sigmas[t]
            if weights is not None:
                weight = float(weights[i])
                eta *= weight  # g_u = eta s h, clipped to [-1, 1] below
            # the BMU under the activation distance (euclidean: squared, one GEMV)
            complete = not incomplete[i]
            # complete rows, euclidean: ||w_u||^2 - 2 w_u . x, the squared distances less ||x||^2
            shifted = euclidean and complete
            row = activation_distances(
                X[i : i + 1],
                W,
                metric,
                C_sq=w_sq,
                squared=True,
                out=distances,
                complete=complete,
                shifted=shifted,
            )[0]
            c = row.argmin()
            if shifted:
                bmu_distance = math.sqrt(max(float(row[c] + x_sq[i]), 0.0))
            else:
                bmu_distance = math.sqrt(row[c]) if euclidean else float(row[c])
            d2 = grid_d2[c]
            reach2 = radius_per_sigma2 * sigma * sigma
            if reach2 >= farthest2[c]:
                units = slice(None)
                # g_u = eta h(d_cu; sigma)
                g = (eta * h_of(d2, sigma)).astype(W.dtype, copy=False)
            else:
                # the units within reach lie in a band of grid rows: a contiguous block of W,
                # updated in place (units of the band beyond the reach get g = 0 and do not
                # change)
                near = d2 <= reach2
                first, last = near.argmax(), n_units - near[::-1].argmax()
                units = slice(first, last)
                g = (eta * h_of(d2[units], sigma) * near[units]).astype(W.dtype, copy=False)
            if eta > 1:
                np.clip(g, -1, 1, out=g)  # a weighted step never overshoots the sample
            rows = W[units]
            keep = 1 - g
            if incomplete[i]:
                # only the observed components O move: w_uO <- (1 - g_u) w_uO + g_u x_O
                observed = ~missing[i]
                rows[:, observed] = rows[:, observed] * keep[:, np.newaxis] + np.outer(
                    g, x[observed]
                )
                if keep_norms:
                    np.einsum("ij,ij->i", rows, rows, out=w_sq[units])
                total += weight * bmu_distance
                continue
            if not exact_norms:
                # w_u . x = (||w_u||^2 - (||w_u||^2 - 2 w_u . x)) / 2, from the shifted distances
                scores = 0.5 * (w_sq[units] - row[units])
            # w_u <- (1 - g_u) w_u + g_u x : scale the rows, then the rank-1 update g x^T
            rows *= keep[:, np.newaxis]
            ger(1.0, x, g, a=rows.T, overwrite_a=True)
            if keep_norms and exact_norms:
                np.einsum("ij,ij->i", rows, rows, out=w_sq[units])
            elif keep_norms:
                # ||w_u'||^2 = (1-g)^2 ||w_u||^2 + 2 g (1-g) w_u.x + g^2 ||x||^2
                w_sq[units] = keep * (keep * w_sq[units] + 2 * g * scores) + g * g * x_sq[i]
            total += weight * bmu_distance
        return total / (n_samples if weights is None else float(weights.sum()))

    def _batch_epoch(self, X, X_observed=None, observed=None, weights=None):
        r"""One step of Kohonen's batch map: all BMUs at once, then neighbourhood-weighted means.

        .. math:: w_u \leftarrow \frac{\sum_i h(\lVert r_{c(x_i)} - r_u\rVert;\sigma)\, x_i}
                                      {\sum_i h(\lVert r_{c(x_i)} - r_u\rVert;\sigma)}
                  = \frac{\sum_j h_{uj}\, S_j}{\sum_j h_{uj}\, n_j} ,

        with :math:`S_j` the sum and :math:`n_j` the number of samples won by unit :math:`j`: one
        distance GEMM for the BMUs, one sparse pass for :math:`S`, one ``n_units²·d`` GEMM. The
        radius goes from ``sigma`` at the first epoch to ``sigma_final`` at the last; units no
        sample reaches (zero denominator) keep their vector. No learning rate: deterministic.
        Weighted, :math:`x_i` counts :math:`s_i` times: :math:`S_j = \sum_{c(x_i)=j} s_i x_i`,
        :math:`n_j = \sum_{c(x_i)=j} s_i` (integer weights: exactly repetition).

        With missing values, each component is averaged over the samples that observe it:
        :math:`S_j` sums ``X_observed`` (NaN as 0) and :math:`n_j` becomes the per-component count
        of observed values, ``won @ observed``.
        """
        W = self.cluster_centers_
        n_units = W.shape[0]
        epochs_done = self._history.n_iter
        steps = max(self.max_iter - 1, 1)
        sigma = decay(
            self._initial_radius(), self.sigma_final, min(1.0, epochs_done / steps), self.decay
        )

        bmu, bmu_distance = self._nearest_units(X)
        bmu = bmu[:, 0]
        won = membership(bmu, n_units, weights, W.dtype)
        h = NEIGHBORHOODS[self.neighborhood](self._grid_d2.astype(W.dtype), sigma)
        if observed is None:
            sums = won @ X  # S_j = sum of the samples unit j wins
            counts = np.bincount(bmu, weights, minlength=n_units).astype(W.dtype)
            numerator = h @ sums
            denominator = h @ counts
            reached = denominator > 0
            W[reached] = numerator[reached] / denominator[reached, np.newaxis]
        else:
            # per component: sum_j h_uj S_jk / sum_j h_uj n_jk over the observed values
            numerator = h @ (won @ X_observed)
            denominator = h @ (won @ observed)
            reached = denominator > 0
            W[reached] = numerator[reached] / denominator[reached]
        if weights is not None:
            return float(np.average(bmu_distance[:, 0], weights=weights.astype(np.float64)))
        return float(np.mean(bmu_distance, dtype=np.float64))

    # ------------------------------------------------------------------------ mapping data

    def _validate_for_mapping(self, X):
        check_is_fitted(self)
        X = validate_data(
            self, X, dtype=(np.float64, np.float32), ensure_all_finite="allow-nan", reset=False
        )
        check_input_scale(X, type(self).__name__)
        return self._check_missing(X)

    def _check_missing(self, X):
        """NaN marks a missing value; a row needs one observed value, a callable distance none."""
        if np.isnan(X).any():
            check_rows_observed(X, type(self).__name__)
            if callable(self.activation_distance):
                raise ValueError(
                    "X has missing values (NaN), which a callable activation_distance does not "
                    "handle: impute them first, or use a named distance."
                )
        return X

    def impute(self, X):
        """``X`` with each missing value (NaN) filled from the codebook vector of the sample's BMU.

        The BMU is found over the observed components (distances rescaled by the share observed,
        :func:`zoo._core.distances.activation_distances`), so the filled values are those of the
        map's nearest prototype to what was seen.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        X_filled : ndarray of shape (n_samples, n_features)
        """
        X = self._validate_for_mapping(X)
        missing = np.isnan(X)
        if not missing.any():
            return X.copy()
        bmu = self._nearest_units(X)[0][:, 0]
        return np.where(missing, self.cluster_centers_[bmu], X)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags

    def _nearest_units(self, X, n_nearest=1):
        """Indices and distances of the ``n_nearest`` closest units under the activation
        distance, in bounded memory (:func:`zoo._core.distances.nearest_centers`)."""
        nearest, distances = nearest_centers(
            X, self.cluster_centers_, n_nearest, metric=self.activation_distance
        )
        if self.activation_distance == "euclidean":
            np.sqrt(distances, out=distances)  # nearest_centers gives them squared
        return nearest, distances

    def quantization_error(self, X):
        r"""Mean distance of the samples to their BMU,
        :math:`\frac1n\sum_i \lVert x_i - w_{c(x_i)}\rVert`.

        Computed in row chunks: memory is bounded whatever the number of samples.
        """
        X = self._validate_for_mapping(X)
        _, distances = self._nearest_units(X)
        return float(np.mean(distances, dtype=np.float64))

    def _errors(self, X, adjacent, weights=None):
        """Quantization and topographic errors of ``X`` (weighted means with ``weights``) from one
        two-nearest-units search (the topographic error is 0 on a one-unit map)."""
        nearest, distances = self._nearest_units(X, n_nearest=min(2, self.n_units))
        if weights is None:
            qe = float(np.mean(distances[:, 0], dtype=np.float64))
        else:
            weights = weights.astype(np.float64)
            qe = float(np.average(distances[:, 0], weights=weights))
        if self.n_units < 2:
            return qe, 0.0
        far = ~adjacent[nearest[:, 0], nearest[:, 1]]
        return qe, float(np.mean(far) if weights is None else np.average(far, weights=weights))

    def topographic_error(self, X):
        """Share of samples whose first and second BMUs are not adjacent (Kiviluoto 1996).

        Adjacent: the 6 neighbours of a hexagonal unit, the 8 (with diagonals) of a rectangular one,
        across the wrap on a torus. Computed in row chunks.
        """
        X = self._validate_for_mapping(X)
        if self.n_units < 2:
            raise ValueError("The topographic error needs a map of at least 2 units.")
        nearest, _ = self._nearest_units(X, n_nearest=2)
        adjacent = adjacency(self._grid_d2, self.topology, diagonal=True)
        return float(np.mean(~adjacent[nearest[:, 0], nearest[:, 1]]))

    def umatrix(self, reduce="mean"):
        """Distance of each unit's vector to those of its adjacent units, ``(n_rows, n_cols)``.

        The U-matrix of Ultsch & Siemon (1990): high ridges separate clusters. Distances are the
        activation distance; adjacency as in :meth:`topographic_error`.

        Parameters
        ----------
        reduce : {"mean", "sum"}, default="mean"
            Mean or sum over the adjacent units (MiniSom's ``distance_map(scaling=...)``, which
            also divides by the largest value: ``umatrix() / umatrix().max()``).
        """
        check_is_fitted(self)
        if reduce not in ("mean", "sum"):
            raise ValueError(f"reduce must be 'mean' or 'sum', got {reduce!r}.")
        W = self.cluster_centers_
        adjacent = adjacency(self._grid_d2, self.topology, diagonal=True)
        distances = activation_distances(W, W, self.activation_distance)
        total = np.where(adjacent, distances, 0).sum(axis=1)
        if reduce == "mean":
            total /= np.maximum(adjacent.sum(axis=1), 1)
        return total.reshape(self.n_rows, self.n_cols)

    def hit_map(self, X):
        """Number of samples of ``X`` each unit wins, shape ``(n_rows, n_cols)`` (MiniSom's
        ``activation_response``)."""
        X = self._validate_for_mapping(X)
        nearest, _ = self._nearest_units(X)
        return np.bincount(nearest[:, 0], minlength=self.n_units).reshape(self.n_rows, self.n_cols)

    def quantize(self, X):
        """Each sample replaced by its BMU's codebook vector, ``(n_samples, n_features)``
        (MiniSom's ``quantization``)."""
        X = self._validate_for_mapping(X)
        return self.cluster_centers_[self._nearest_units(X)[0][:, 0]]

    def unit_members(self, X):
        """Indices of the samples of ``X`` each unit wins: a list of ``n_rows * n_cols`` arrays,
        unit ``row * n_cols + col`` first to last (MiniSom's ``win_map``, as indices into ``X``:
        ``X[members[u]]`` are the samples).
        """
        X = self._validate_for_mapping(X)
        bmu = self._nearest_units(X)[0][:, 0]
        order = np.argsort(bmu, kind="stable")
        bounds = np.cumsum(np.bincount(bmu, minlength=self.n_units))[:-1]
        return np.split(order, bounds)

    def unit_label_counts(self, X, y):
        """How many samples of each label every unit wins, ``(n_rows * n_cols, n_labels)``,
        labels in the order of ``np.unique(y)`` (MiniSom's ``labels_map``)."""
        X = self._validate_for_mapping(X)
        labels, y_index = np.unique(np.asarray(y), return_inverse=True)
        if len(y_index) != len(X):
            raise ValueError(f"X has {len(X)} samples but y has {len(y_index)}.")
        counts = np.zeros((self.n_units, len(labels)), dtype=np.intp)
        np.add.at(counts, (self._nearest_units(X)[0][:, 0], y_index.ravel()), 1)
        return counts


_SHARED_PARAMETERS = r"""
    n_rows, n_cols : int, default=10
        Size of the grid; unit ``u = row * n_cols + col``.
    topology : {"rectangular", "hexagonal"}, default="rectangular"
        Hexagonal units have 6 neighbours, all at grid distance 1.
    toroidal : bool, default=False
        Wrap the map around both edges (a hexagonal torus needs an even ``n_rows``).
    neighborhood : {"gaussian", "bubble", "mexican_hat", "triangle"}, default="gaussian"
        :math:`h(d;\sigma)`, see :mod:`zoo._core.neighborhoods`. ``"mexican_hat"`` needs
        ``algorithm="online"``.
    activation_distance : {"euclidean", "cosine", "manhattan", "chebyshev"} or callable
        Default ``"euclidean"``.
        The distance :math:`d(x, w_u)` that picks the best-matching unit, everywhere: online and
        batch training, ``predict``, ``transform``, the quantization and topographic errors, the
        U-matrix (see :func:`zoo._core.distances.activation_distances`). A callable takes
        ``(X, W)`` and returns the ``(n_samples, n_units)`` distances. With ``"cosine"`` the map
        is trained on the directions :math:`x / \lVert x\rVert` (a row's scale changes nothing;
        all-zero rows are refused). The update rules stay Kohonen's (they move :math:`w_u`
        towards :math:`x`). The batch map keeps its convergence guarantee only with
        ``"euclidean"``: the neighbourhood-weighted mean minimises the neighbourhood-weighted
        *squared Euclidean* distortion that the BMU step also lowers, so the map settles in
        finitely many steps at a fixed radius, as k-means does (Cheng 1997); cosine on the
        directions is close to it (on unit vectors :math:`\lVert x - w\rVert^2 = 2 - 2\cos`
        when :math:`\lVert w\rVert = 1`). With Manhattan, Chebyshev or a callable, the mean is not
        the minimiser of the distance that assigns the samples (the median would be, for
        Manhattan): the batch map may oscillate, and ``algorithm="online"`` is the safe choice.
    sigma : float, default=None
        Initial radius :math:`\sigma_0` in grid units; None: half the longer side of the map.
    sigma_final : float, default=1.0
        Radius at the end of the schedule.
    learning_rate, learning_rate_final : float, default=0.5, 0.01
        :math:`\eta_0` and final :math:`\eta` of the online rule (the batch map has none).
    decay : {"exponential", "linear", "asymptotic"}, default="exponential"
        Schedule of :math:`\eta` and :math:`\sigma` over training, see :func:`decay`: online, as a
        function of the samples presented, :math:`p = t / (\text{max\_iter}\cdot n)`; batch, of the
        epoch, :math:`p = e / (\text{max\_iter} - 1)`.
    algorithm : {"batch", "online"}, default="batch"
        ``"online"``: Kohonen's per-sample rule. ``"batch"``: Kohonen's batch map (deterministic).
    init : {"pca", "random", "sample"} or array-like, default="pca"
        Codebook at the start: the plane of the two leading principal components, uniform in the
        bounding box of the data, randomly drawn samples, or the given vectors (an array of shape
        ``(n_rows * n_cols, n_features)``).
    max_iter : int, default=20
        Epochs (passes over the data); the schedule runs over exactly this many. A SOM's training
        length is set by its annealing schedule, so no ConvergenceWarning is raised.
    n_iter_no_change : int, default=None
        Stop before ``max_iter`` when the training criterion (``loss_curve_``, the mean distance to
        the BMU: the quantization error) has not fallen by ``tol`` for more than this many
        epochs: zoo's one patience rule (:class:`zoo._core.training.Monitor`). The radius (and
        learning rate) then stop where the schedule had reached. None: run the whole schedule.
    tol : float, default=1e-4
        The fall of the criterion that counts as progress for ``n_iter_no_change``.
    warm_start : bool, default=False
        When fitted, ``fit`` trains the fitted map on (its codebook; no initialisation), and the
        schedule of :math:`\sigma` and :math:`\eta` runs again over ``max_iter`` epochs;
        ``n_iter_``, ``loss_curve_`` and the curves are the new fit's. Same width, same map size.
    random_state : int, RandomState instance or None, default=None
        Random initialisations and the online presentation order.
    verbose : bool, default=False
        One line per epoch with its mean distance to the BMU, quantization and topographic errors.
"""
