r"""Kohonen's self-organising map: a grid of units whose codebook vectors fold onto the data.

Each unit :math:`u` of an ``n_rows × n_cols`` grid has a position :math:`r_u` on the map (see
:mod:`zoo._core.grid`) and a codebook vector :math:`w_u` in input space. The best-matching unit
(BMU)
of a sample is the unit with the nearest codebook vector,

.. math:: c(x) = \arg\min_u \lVert x - w_u \rVert^2
                = \arg\min_u \left(\lVert w_u\rVert^2 - 2\, w_u\cdot x\right),

and training pulls the BMU *and its grid neighbours* towards the samples it wins, weighted by a
neighbourhood function :math:`h(\lVert r_c - r_u\rVert;\ \sigma)` (see
:mod:`zoo._core.neighborhoods`)
whose radius :math:`\sigma` shrinks during training, so that nearby units end up with nearby
codebook
vectors: the map preserves the topology of the data.
"""

import math
from numbers import Integral, Real

import numpy as np
import scipy.linalg
import scipy.sparse
from scipy.linalg.blas import get_blas_funcs
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    ClassNamePrefixFeaturesOutMixin,
    ClusterMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.utils import check_array, check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import _check_partial_fit_first_call
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.blas import single_threaded_blas
from .._core.distances import row_chunks, squared_euclidean, squared_norms
from .._core.grid import adjacency, grid_coordinates, grid_period, grid_squared_distances
from .._core.neighborhoods import NEIGHBORHOODS, influence_radius
from .._core.training import History, Monitor
from .._core.validation import (
    check_at_least_two_classes,
    check_classification_target_kind,
    encode_class_labels,
    known_class_index,
)

#: Units whose neighbourhood weight is below this share of the winner's are not updated online.
NEGLIGIBLE_INFLUENCE = 1e-3


def decay(start, final, progress, schedule):
    r"""Value of a parameter (learning rate or radius) at ``progress`` :math:`p \in [0, 1]`.

    * ``"exponential"``: :math:`v(p) = v_0\,(v_1 / v_0)^{p}` (Ritter, Martinetz & Schulten 1992);
    * ``"linear"``: :math:`v(p) = v_0 + (v_1 - v_0)\,p`;
    * ``"asymptotic"``: :math:`v(p) = v_0 / (1 + 2p)`, MiniSom's default (ends at :math:`v_0/3`,
      ignoring :math:`v_1`).
    """
    if schedule == "exponential":
        return start * (final / start) ** progress
    if schedule == "linear":
        return start + (final - start) * progress
    return start / (1.0 + 2.0 * progress)


class _BaseSOM(BaseEstimator):
    """Training and the quality measures shared by :class:`SOM` and :class:`SOMClassifier`."""

    _parameter_constraints: dict = {
        "n_rows": [Interval(Integral, 1, None, closed="left")],
        "n_cols": [Interval(Integral, 1, None, closed="left")],
        "topology": [StrOptions({"rectangular", "hexagonal"})],
        "toroidal": ["boolean"],
        "neighborhood": [StrOptions(set(NEIGHBORHOODS))],
        "sigma": [None, Interval(Real, 0, None, closed="neither")],
        "sigma_final": [Interval(Real, 0, None, closed="neither")],
        "learning_rate": [Interval(Real, 0, 1, closed="right")],
        "learning_rate_final": [Interval(Real, 0, 1, closed="right")],
        "decay": [StrOptions({"exponential", "linear", "asymptotic"})],
        "algorithm": [StrOptions({"batch", "online"})],
        "init": [StrOptions({"pca", "random", "sample"}), "array-like"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
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
        sigma=None,
        sigma_final=1.0,
        learning_rate=0.5,
        learning_rate_final=0.01,
        decay="exponential",
        algorithm="batch",
        init="pca",
        max_iter=20,
        random_state=None,
        verbose=False,
    ):
        self.n_rows = n_rows
        self.n_cols = n_cols
        self.topology = topology
        self.toroidal = toroidal
        self.neighborhood = neighborhood
        self.sigma = sigma
        self.sigma_final = sigma_final
        self.learning_rate = learning_rate
        self.learning_rate_final = learning_rate_final
        self.decay = decay
        self.algorithm = algorithm
        self.init = init
        self.max_iter = max_iter
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

    def _initial_codebook(self, X, rng):
        """Codebook before training: PCA plane, random samples, uniform in the data's box, given."""
        n_units, n_features = self.n_units, X.shape[1]
        if not isinstance(self.init, str):
            W = check_array(self.init, dtype=X.dtype, copy=True, input_name="init")
            if W.shape != (n_units, n_features):
                raise ValueError(
                    f"init has shape {W.shape}, expected (n_rows * n_cols, n_features) = "
                    f"{(n_units, n_features)}."
                )
            return W
        if self.init == "sample":
            picks = rng.choice(X.shape[0], n_units, replace=X.shape[0] < n_units)
            return X[picks].copy()
        if self.init == "random":
            low, high = X.min(axis=0), X.max(axis=0)
            return rng.uniform(low, high, (n_units, n_features)).astype(X.dtype)
        return self._pca_codebook(X)

    def _pca_codebook(self, X):
        r"""Units spread over the plane of the two leading principal components (Kohonen 2001, 3.7).

        :math:`w_u = \bar x + a_u \sqrt{\lambda_1}\, v_1 + b_u \sqrt{\lambda_2}\, v_2` with the grid
        coordinates :math:`(a_u, b_u)` scaled to :math:`[-1, 1]`, the longer side of the map along
        the
        first component.
        """
        Xc = X - X.mean(axis=0)
        n_samples, n_features = Xc.shape
        n_components = min(2, n_features)
        if n_features <= n_samples:
            covariance = Xc.T @ Xc / max(n_samples - 1, 1)
            eigenvalues, eigenvectors = scipy.linalg.eigh(
                covariance, subset_by_index=[n_features - n_components, n_features - 1]
            )
            eigenvalues, components = eigenvalues[::-1], eigenvectors[:, ::-1].T
        else:
            _, singular_values, Vt = np.linalg.svd(Xc, full_matrices=False)
            n_components = min(n_components, Vt.shape[0])
            eigenvalues = singular_values[:n_components] ** 2 / max(n_samples - 1, 1)
            components = Vt[:n_components]
        # a principal axis has no sign: fix it so the largest coordinate is positive
        signs = np.sign(components[np.arange(n_components), np.abs(components).argmax(axis=1)])
        components = components * signs[:, np.newaxis]
        scaled = components * np.sqrt(np.maximum(eigenvalues, 0))[:, np.newaxis]
        coords = self.unit_coordinates_.astype(np.float64)
        extent = np.ptp(coords, axis=0)
        unit_box = np.divide(
            2 * (coords - coords.min(axis=0)), extent, where=extent > 0, out=np.zeros_like(coords)
        ) - (extent > 0)
        # the longer side of the map follows the first principal component
        order = [0, 1] if extent[0] >= extent[1] else [1, 0]
        W = X.mean(axis=0) + unit_box[:, order[:n_components]] @ scaled
        return W.astype(X.dtype)

    # ------------------------------------------------------------------------------ training

    def _train(self, X, incremental):
        """Initialise on the first pass, then run ``max_iter`` epochs (one when incremental)."""
        first_pass = not incremental or not hasattr(self, "cluster_centers_")
        if first_pass:
            if self.algorithm == "batch" and self.neighborhood == "mexican_hat":
                raise ValueError(
                    "The batch map averages samples with weights h >= 0, but the Mexican hat is "
                    "negative beyond sigma; use algorithm='online' with neighborhood='mexican_hat'."
                )
            self._build_grid(X.dtype)
            self._rng = check_random_state(self.random_state)
            self.cluster_centers_ = np.ascontiguousarray(self._initial_codebook(X, self._rng))
            self._history = History()
        elif X.dtype != self.cluster_centers_.dtype:
            X = X.astype(self.cluster_centers_.dtype)
        # the map is trained for a fixed number of epochs: its schedule, not a patience rule,
        # ends training; each epoch records its mean quantization error (loss_curve_)
        monitor = Monitor(
            self._history, name=type(self).__name__, n_iter_no_change=None, verbose=self.verbose
        )
        n_epochs = 1 if incremental else self.max_iter
        if self.algorithm == "online":
            # per-sample GEMV and ger are too small to share between threads
            single_threaded_blas(self._online_epochs)(X, n_epochs, monitor)
        else:
            for _ in range(n_epochs):
                monitor.record(self._batch_epoch(X))
        self.n_iter_ = self._history.n_iter
        self.loss_curve_ = self._history.criterion
        return X

    def _online_epochs(self, X, n_epochs, monitor):
        """``n_epochs`` epochs of :meth:`_online_epoch`, each recorded into ``monitor``."""
        for _ in range(n_epochs):
            monitor.record(self._online_epoch(X))

    def _online_epoch(self, X):
        r"""One epoch of Kohonen's online rule, samples in a fresh random order; returns the
        mean distance of each sample to its BMU when presented.

        For sample :math:`x` presented at progress :math:`p` of the schedule, with
        :math:`\eta = \eta(p)`, :math:`\sigma = \sigma(p)` from :func:`decay`:

        .. math:: w_u \leftarrow w_u + \eta\, h(\lVert r_c - r_u\rVert; \sigma)\,(x - w_u) ,

        only for units with :math:`h \ge` ``NEGLIGIBLE_INFLUENCE`` (the rest barely move). The BMU
        costs one GEMV :math:`W x` against cached :math:`\lVert w_u\rVert^2`, which are updated in
        O(1) per unit from the same product; the update is a row scaling plus one rank-1 BLAS
        ``ger``
        in place on the contiguous band of grid rows within reach.
        """
        W = self.cluster_centers_
        n_samples, n_units = X.shape[0], W.shape[0]
        h_of = NEIGHBORHOODS[self.neighborhood]
        ger = get_blas_funcs("ger", dtype=W.dtype)
        radius_per_sigma2 = influence_radius(self.neighborhood, 1.0, NEGLIGIBLE_INFLUENCE) ** 2
        grid_d2, farthest2 = self._grid_d2, self._grid_d2.max(axis=1)
        sigma0, eta0 = self._initial_radius(), self.learning_rate
        x_sq = squared_norms(X)
        w_sq = squared_norms(W)
        scores = np.empty(n_units, dtype=W.dtype)
        distances = np.empty(n_units, dtype=W.dtype)
        # the schedule of this epoch, one value per presentation t: p = (epochs + t / n) / max_iter
        progress = np.minimum(
            1.0, (self._history.n_iter + np.arange(n_samples) / n_samples) / self.max_iter
        )
        etas = decay(eta0, self.learning_rate_final, progress, self.decay).tolist()
        sigmas = decay(sigma0, self.sigma_final, progress, self.decay).tolist()
        # fresh norms cost n_units * n_features: cheaper than the O(1) update's few small vector
        # operations when there are few features
        exact_norms = X.shape[1] <= 32
        total = 0.0
        for t, i in enumerate(self._rng.permutation(n_samples)):
            x = X[i]
            eta, sigma = etas[t], sigmas[t]
            # ||x - w_u||^2 - ||x||^2 = ||w_u||^2 - 2 w_u . x   (one GEMV)
            np.matmul(W, x, out=scores)
            np.multiply(scores, -2.0, out=distances)
            np.add(distances, w_sq, out=distances)
            c = distances.argmin()
            bmu_d2 = max(float(distances[c] + x_sq[i]), 0.0)
            d2 = grid_d2[c]
            reach2 = radius_per_sigma2 * sigma * sigma
            if reach2 >= farthest2[c]:
                units = slice(None)
                # g_u = eta h(d_cu; sigma)
                g = (eta * h_of(d2, sigma)).astype(W.dtype, copy=False)
            else:
                # the units within reach lie in a band of grid rows: a contiguous block of W,
                # updated
                # in place (units of the band beyond the reach get g = 0 and do not change)
                near = d2 <= reach2
                first, last = near.argmax(), n_units - near[::-1].argmax()
                units = slice(first, last)
                g = (eta * h_of(d2[units], sigma) * near[units]).astype(W.dtype, copy=False)
            rows = W[units]
            keep = 1 - g
            # w_u <- (1 - g_u) w_u + g_u x : scale the rows, then the rank-1 update g x^T
            rows *= keep[:, np.newaxis]
            ger(1.0, x, g, a=rows.T, overwrite_a=True)
            if exact_norms:
                np.einsum("ij,ij->i", rows, rows, out=w_sq[units])
            else:
                # ||w_u'||^2 = (1-g)^2 ||w_u||^2 + 2 g (1-g) w_u.x + g^2 ||x||^2
                w_sq[units] = keep * (keep * w_sq[units] + 2 * g * scores[units]) + g * g * x_sq[i]
            total += math.sqrt(bmu_d2)
        return total / n_samples

    def _batch_epoch(self, X):
        r"""One step of Kohonen's batch map: all BMUs at once, then neighbourhood-weighted means.

        .. math:: w_u \leftarrow \frac{\sum_i h(\lVert r_{c(x_i)} - r_u\rVert;\sigma)\, x_i}
                                      {\sum_i h(\lVert r_{c(x_i)} - r_u\rVert;\sigma)}
                  = \frac{\sum_j h_{uj}\, S_j}{\sum_j h_{uj}\, n_j} ,

        with :math:`S_j` the sum and :math:`n_j` the number of samples won by unit :math:`j`: one
        distance GEMM for the BMUs, one sparse pass for :math:`S`, one ``n_units²·d`` GEMM. The
        radius
        goes from ``sigma`` at the first epoch to ``sigma_final`` at the last; units no sample
        reaches (zero denominator) keep their vector. No learning rate: deterministic.
        """
        W = self.cluster_centers_
        n_samples, n_units = X.shape[0], W.shape[0]
        epochs_done = self._history.n_iter
        steps = max(self.max_iter - 1, 1)
        sigma = decay(
            self._initial_radius(), self.sigma_final, min(1.0, epochs_done / steps), self.decay
        )

        bmu, bmu_d2 = self._nearest_units(X)
        bmu = bmu[:, 0]
        won = scipy.sparse.csr_matrix(
            (np.ones(n_samples, dtype=W.dtype), (bmu, np.arange(n_samples))),
            shape=(n_units, n_samples),
        )
        sums = won @ X  # S_j = sum of the samples unit j wins
        counts = np.bincount(bmu, minlength=n_units).astype(W.dtype)
        h = NEIGHBORHOODS[self.neighborhood](self._grid_d2.astype(W.dtype), sigma)
        numerator = h @ sums
        denominator = h @ counts
        reached = denominator > 0
        W[reached] = numerator[reached] / denominator[reached, np.newaxis]
        return float(np.mean(np.sqrt(bmu_d2)))

    # ------------------------------------------------------------------------ mapping data

    def _validate_for_mapping(self, X):
        check_is_fitted(self)
        return validate_data(self, X, dtype=(np.float64, np.float32), reset=False)

    def _nearest_units(self, X, n_nearest=1):
        """Indices and squared distances of the ``n_nearest`` closest units, in bounded memory."""
        W = self.cluster_centers_
        if X.dtype != W.dtype:
            X = X.astype(W.dtype)
        w_sq = squared_norms(W)
        nearest = np.empty((X.shape[0], n_nearest), dtype=np.intp)
        nearest_d2 = np.empty((X.shape[0], n_nearest), dtype=W.dtype)
        for rows in row_chunks(X.shape[0], W.shape[0]):
            d2 = squared_euclidean(X[rows], W, C_sq=w_sq)
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

    def quantization_error(self, X):
        r"""Mean distance of the samples to their BMU,
        :math:`\frac1n\sum_i \lVert x_i - w_{c(x_i)}\rVert`.

        Computed in row chunks: memory is bounded whatever the number of samples.
        """
        X = self._validate_for_mapping(X)
        _, d2 = self._nearest_units(X)
        return float(np.mean(np.sqrt(d2, dtype=np.float64)))

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

    def umatrix(self):
        """Mean distance of each unit's vector to those of its adjacent units, ``(n_rows, n_cols)``.

        The U-matrix of Ultsch & Siemon (1990): high ridges separate clusters.
        """
        check_is_fitted(self)
        W = self.cluster_centers_
        adjacent = adjacency(self._grid_d2, self.topology, diagonal=True)
        distances = np.sqrt(squared_euclidean(W, W))
        n_adjacent = np.maximum(adjacent.sum(axis=1), 1)
        mean = np.where(adjacent, distances, 0).sum(axis=1) / n_adjacent
        return mean.reshape(self.n_rows, self.n_cols)

    def hit_map(self, X):
        """Number of samples of ``X`` each unit wins, shape ``(n_rows, n_cols)``."""
        X = self._validate_for_mapping(X)
        nearest, _ = self._nearest_units(X)
        return np.bincount(nearest[:, 0], minlength=self.n_units).reshape(self.n_rows, self.n_cols)


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
    init : {"pca", "random", "sample"} or array-like of shape (n_rows * n_cols, n_features), \
default="pca"
        Codebook at the start: the plane of the two leading principal components, uniform in the
        bounding box of the data, randomly drawn samples, or the given vectors.
    max_iter : int, default=20
        Epochs (passes over the data); the schedule runs over exactly this many. A SOM's training
        length is set by its annealing schedule, so no ConvergenceWarning is raised.
    random_state : int, RandomState instance or None, default=None
        Random initialisations and the online presentation order.
    verbose : bool, default=False
        One line per epoch with its mean distance to the BMU.
"""


class SOM(ClassNamePrefixFeaturesOutMixin, TransformerMixin, ClusterMixin, _BaseSOM):
    __doc__ = r"""Kohonen's self-organising map (1982, 1990) with online and batch training.

    A grid of units (rectangular or hexagonal, optionally toroidal) whose codebook vectors
    :math:`w_u` learn to cover the data while neighbouring units stay similar. Online training
    applies Kohonen's rule to one sample at a time,

    .. math:: w_u \leftarrow w_u + \eta(t)\, h(\lVert r_{c(x)} - r_u \rVert;\ \sigma(t))\,(x - w_u),

    and the batch map replaces each vector by the neighbourhood-weighted mean of the samples won
    around it, :math:`w_u = \sum_i h_{u c(x_i)} x_i / \sum_i h_{u c(x_i)}` (Kohonen 2013).

    ``predict`` gives the best-matching unit :math:`c(x) = \arg\min_u \lVert x - w_u\rVert`,
    ``transform`` the distances to all units (a feature map for a Pipeline), and the map's quality
    is
    measured by :meth:`quantization_error` and :meth:`topographic_error`; :meth:`umatrix` and
    :meth:`hit_map` (and the plots in :mod:`zoo.som.plot`) show it.

    Parameters
    ----------{shared}
    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_rows * n_cols, n_features)
        The codebook :math:`w_u`, one row per unit.
    unit_coordinates_ : ndarray of shape (n_rows * n_cols, 2)
        Position :math:`r_u` of each unit on the map.
    labels_ : ndarray of shape (n_samples,)
        BMU of each training sample (of the last ``partial_fit`` batch).
    n_iter_ : int
        Epochs run.
    loss_curve_ : list of float
        Mean distance to the BMU in each epoch: online, of each sample when it was presented; batch,
        of the codebook the epoch started from (so ``loss_curve_[1:]`` are the QEs after each
        epoch).
    n_features_in_ : int
    feature_names_in_ : ndarray

    Notes
    -----
    The grid distances between all pairs of units are kept as one ``n_units²`` table (and the batch
    map multiplies by the ``n_units²`` neighbourhood matrix), which suits maps of up to a few
    thousand units. Online training uses one BLAS thread: its per-sample products are too small to
    share. The training length is fixed by the annealing schedule (``max_iter`` epochs), so no
    ConvergenceWarning is raised.

    References
    ----------
    .. [1] T. Kohonen, "Self-organized formation of topologically correct feature maps",
       Biological Cybernetics 43, 59-69, 1982.
    .. [2] T. Kohonen, "Essentials of the self-organizing map", Neural Networks 37, 52-65, 2013
       (the batch map).
    .. [3] K. Kiviluoto, "Topology preservation in self-organizing maps", ICNN 1996 (topographic
       error).

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.som import SOM
    >>> X = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 5.0], [5.1, 5.0]])
    >>> som = SOM(1, 2, random_state=0).fit(X)
    >>> som.predict(X).tolist()
    [0, 0, 1, 1]
    >>> som.transform(X).shape
    (4, 2)
    """.replace("{shared}", _SHARED_PARAMETERS)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Train the map for ``max_iter`` epochs.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self : SOM
        """
        return self._fit(X, incremental=False)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y=None):
        """One epoch over ``X``, continuing the schedule (it stays at its final values after
        ``max_iter`` calls); the first call initialises the codebook from ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self : SOM
        """
        return self._fit(X, incremental=True)

    def _fit(self, X, incremental):
        first_pass = not incremental or not hasattr(self, "cluster_centers_")
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=first_pass)
        X = self._train(X, incremental)
        self.labels_ = self._nearest_units(X)[0][:, 0]
        return self

    def predict(self, X):
        """Index of the best-matching unit of each sample, ``row * n_cols + col``."""
        X = self._validate_for_mapping(X)
        return self._nearest_units(X)[0][:, 0]

    def transform(self, X):
        r"""Euclidean distances :math:`\lVert x - w_u\rVert` to every unit, (n_samples, n_units)."""
        X = self._validate_for_mapping(X)
        W = self.cluster_centers_
        return np.sqrt(squared_euclidean(X.astype(W.dtype, copy=False), W))

    def score(self, X, y=None):
        """Minus the quantization error (higher is better, for model selection)."""
        return -self.quantization_error(X)

    @property
    def _n_features_out(self):
        return self.cluster_centers_.shape[0]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


class SOMClassifier(ClassifierMixin, _BaseSOM):
    __doc__ = r"""A self-organising map whose units vote: each unit takes the majority class of the
    training samples it wins, and a sample gets the class of its best-matching unit.

    The map is trained without the labels, exactly as :class:`SOM` (Kohonen's "labelled map",
    Kohonen 1990, section III). Then unit :math:`u` counts the classes of the samples it wins,
    :math:`n_{uk}`. A unit with a unique majority is labelled with it; a tied unit takes the label
    of
    the nearest (on the grid) unit whose unique majority is one of its tied classes, and an empty
    unit that of the nearest unit with a unique majority. ``predict_proba`` is the BMU's normalised
    counts :math:`n_{uk} / \sum_k n_{uk}` (for an empty unit, those of the unit it copies; for a
    tie,
    averaged with them), so ``predict`` is always its argmax.

    Parameters
    ----------{shared}
    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    cluster_centers_ : ndarray of shape (n_rows * n_cols, n_features)
        The codebook :math:`w_u`.
    unit_coordinates_ : ndarray of shape (n_rows * n_cols, 2)
    unit_class_counts_ : ndarray of shape (n_rows * n_cols, n_classes)
        :math:`n_{uk}`: training samples of class :math:`k` won by unit :math:`u`.
    unit_proba_ : ndarray of shape (n_rows * n_cols, n_classes)
        Class probabilities of each unit, as returned by ``predict_proba``.
    unit_labels_ : ndarray of shape (n_rows * n_cols,)
        The class each unit predicts.
    n_iter_ : int
    loss_curve_ : list of float
        As :class:`SOM`: the mean distance to the BMU per epoch.
    n_features_in_ : int
    feature_names_in_ : ndarray

    References
    ----------
    .. [1] T. Kohonen, "The self-organizing map", Proceedings of the IEEE 78(9), 1464-1480, 1990.
    .. [2] T. Kohonen, "Essentials of the self-organizing map", Neural Networks 37, 52-65, 2013.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from zoo.som import SOMClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> model = make_pipeline(StandardScaler(), SOMClassifier(6, 6, random_state=0)).fit(X, y)
    >>> model.score(X, y) > 0.9
    True
    """.replace("{shared}", _SHARED_PARAMETERS)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Train the map on ``X`` (unsupervised), then label its units by majority vote.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self : SOMClassifier
        """
        X, y = validate_data(self, X, y, dtype=(np.float64, np.float32), reset=True)
        self.classes_, y_index = encode_class_labels(y, type(self).__name__)
        X = self._train(X, incremental=False)
        self.unit_class_counts_ = np.zeros((self.n_units, len(self.classes_)), dtype=np.intp)
        return self._label_units(X, y_index)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None):
        """One epoch of map training on ``X`` (the schedule continues as in
        :meth:`SOM.partial_fit`),
        then the votes of ``X`` are added to the units' class counts.

        The counts accumulate over the stream, each batch voting with the map as it is after its
        epoch; the unit labels and probabilities are recomputed from all counts so far.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        classes : array-like of shape (n_classes,), default=None
            Every class of the stream; required on the first call.

        Returns
        -------
        self : SOMClassifier
        """
        first_call = _check_partial_fit_first_call(self, classes)
        X, y = validate_data(self, X, y, dtype=(np.float64, np.float32), reset=first_call)
        if first_call:
            check_at_least_two_classes(self.classes_, type(self).__name__)
        check_classification_target_kind(y)
        y_index = known_class_index(y, self.classes_)
        X = self._train(X, incremental=True)
        if first_call:
            self.unit_class_counts_ = np.zeros((self.n_units, len(self.classes_)), dtype=np.intp)
        return self._label_units(X, y_index)

    def _label_units(self, X, y_index):
        """Add the votes n_uk of X (class index y_index) and relabel the units."""
        bmu = self._nearest_units(X)[0][:, 0]
        np.add.at(self.unit_class_counts_, (bmu, y_index), 1)
        self.unit_proba_ = self._unit_probabilities(self.unit_class_counts_).astype(X.dtype)
        self.unit_labels_ = self.classes_[self.unit_proba_.argmax(axis=1)]
        return self

    def _unit_probabilities(self, counts):
        """Normalised class counts per unit; ties and empty units resolved by the nearest unit."""
        totals = counts.sum(axis=1)
        proba = counts / np.maximum(totals, 1)[:, np.newaxis]
        top = counts.max(axis=1)
        n_top = (counts == top[:, np.newaxis]).sum(axis=1)
        decided = (totals > 0) & (n_top == 1)
        if not decided.any():
            # no unit has a unique majority: every unit predicts the class frequencies
            return np.tile(counts.sum(axis=0) / counts.sum(), (self.n_units, 1))
        decided_units = np.flatnonzero(decided)
        decided_labels = counts[decided_units].argmax(axis=1)
        resolved = proba.copy()
        for u in np.flatnonzero(~decided):
            candidates = decided_units
            if totals[u] > 0:
                # a tie: only units whose majority is one of the tied classes may break it
                tied = counts[u] == top[u]
                candidates = decided_units[tied[decided_labels]]
                if candidates.size == 0:
                    continue  # argmax of its own counts: the first tied class
            nearest = candidates[np.argmin(self._grid_d2[u, candidates])]
            if totals[u] == 0:
                resolved[u] = proba[nearest]
            else:
                resolved[u] = 0.5 * (proba[u] + proba[nearest])
        return resolved

    def predict_proba(self, X):
        """Class probabilities of each sample's best-matching unit, ``(n_samples, n_classes)``."""
        X = self._validate_for_mapping(X)
        return self.unit_proba_[self._nearest_units(X)[0][:, 0]]

    def predict(self, X):
        """Class of each sample's best-matching unit."""
        X = self._validate_for_mapping(X)
        return self.unit_labels_[self._nearest_units(X)[0][:, 0]]
