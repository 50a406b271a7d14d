r"""Neural gas and growing neural gas: prototypes that compete without a grid and learn the topology
of the data as a graph.

Both keep a codebook of units :math:`w_i` in input space, move them towards the signals they win,
and link the nearest and second-nearest unit of each signal by competitive Hebbian learning (see
:mod:`zoo._core.competitive`), so that the edges they keep trace the shape of the data. The neural
gas has a fixed number of units that share each update by their distance *rank*; the growing neural
gas starts from two units and inserts new ones where the accumulated error is largest.
"""

import math
from numbers import Integral, Real

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    ClusterMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.utils import check_array, check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.blas import single_threaded_blas
from .._core.clustering import ward_on_units
from .._core.competitive import (
    NO_EDGE,
    age_edges,
    connect,
    disconnect,
    edge_list,
    empty_graph,
    graph_components,
    induced_delaunay,
    nearest_first,
    prune_edges,
    rank_neighborhood,
    rank_reach,
)
from .._core.distances import nearest_centers, row_chunks, squared_euclidean, squared_norms
from .._core.schedules import decay
from .._core.training import Criterion, History, Monitor, fit_epochs
from .._core.validation import check_input_scale

#: Units whose rank-neighbourhood share is below this are not updated online.
NEGLIGIBLE_INFLUENCE = 1e-4


class _BaseGas(ClassNamePrefixFeaturesOutMixin, TransformerMixin, ClusterMixin, BaseEstimator):
    """What both gases share: validation, the distances to the units, the quality measure."""

    _input_domain = "real"
    #: What ``loss_curve_`` records, as ``verbose`` lines and ``zoo compare``'s report name it.
    _loss_curve_quantity = "mean distance to the winner"
    _compare_params: dict = {}

    def _validate_for_mapping(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        check_input_scale(X, type(self).__name__)
        return X.astype(self.cluster_centers_.dtype, copy=False)

    def _train(self, X, step, incremental, start_epoch=None, batch_size=1, step_parameter=None):
        r"""The epochs of this call (``max_iter``, one for ``partial_fit``) through the shared loop,
        :func:`~zoo._core.training.fit_epochs`, under one monitor, so that its divergence rule
        and verbose timing see the whole run: ``step`` presents one signal at a time in a fresh
        random order (``batch_size=1``) or all at once, returning the distance to the winner;
        ``start_epoch`` sets each epoch's annealing schedule.

        The growth rule's yardstick is also the quantization error of a one-unit codebook at the
        data's mean, :math:`\frac1n\sum_i \lVert x_i - \bar x\rVert` (as the SOM's): the start
        it compares with is the first signal's distance, ~0 when that signal lies on a unit
        (``init="sample"``), while the rules move every unit towards the signals (rates of at
        most 1), so a gas far above that yardstick has diverged, never one moving its units
        between the samples.
        """
        trivial = np.sqrt(squared_norms(X - X.mean(axis=0))).mean(dtype=np.float64)
        monitor = Monitor(
            self._history,
            name=type(self).__name__,
            n_iter_no_change=None,
            verbose=self.verbose,
            step_parameter=step_parameter,
            criterion=Criterion(self._loss_curve_quantity, reference=trivial),
        )
        # per-signal GEMVs are too small to share between threads
        train = single_threaded_blas(fit_epochs) if batch_size == 1 else fit_epochs
        train(
            step,
            X.shape[0],
            monitor,
            batch_size=batch_size,
            max_iter=self.max_iter,
            rng=self._rng,
            shuffle=batch_size == 1,
            incremental=incremental,
            warn_at_max_iter=False,  # the annealing schedule's length is the budget
            start_epoch=start_epoch,
        )

    def _publish(self, X, nearest_unit=None):
        """Fitted attributes derived from the codebook and the graph after training on ``X``."""
        self.n_iter_ = self._history.n_iter
        self.loss_curve_ = self._history.criterion
        self.edges_ = edge_list(self._edge_age)
        if nearest_unit is None:
            nearest_unit = nearest_centers(X, self.cluster_centers_)[0][:, 0]
        self.labels_ = self._labels_of(nearest_unit)

    def transform(self, X):
        r"""Euclidean distances :math:`\lVert x - w_i\rVert` to every unit, (n_samples, n_units).

        In the units of X: standardise them before a linear read-out (see the class docstring).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        distances : ndarray of shape (n_samples, n_units)
        """
        X = self._validate_for_mapping(X)
        return np.sqrt(squared_euclidean(X, self.cluster_centers_))

    def predict(self, X):
        """Cluster of each sample (see ``labels_``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        labels : ndarray of shape (n_samples,)
        """
        X = self._validate_for_mapping(X)
        return self._labels_of(nearest_centers(X, self.cluster_centers_)[0][:, 0])

    def quantization_error(self, X):
        r"""Mean distance of the samples to their nearest unit,
        :math:`\frac1n\sum_i \min_j \lVert x_i - w_j\rVert` (in row chunks of bounded memory)."""
        X = self._validate_for_mapping(X)
        _, d2 = nearest_centers(X, self.cluster_centers_)
        return float(np.mean(np.sqrt(d2, dtype=np.float64)))

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


class NeuralGas(_BaseGas):
    r"""Neural gas (Martinetz & Schulten 1991; Martinetz, Berkovich & Schulten 1993): vector
    quantization by soft competition over distance ranks, with the induced Delaunay graph.

    For each signal :math:`x` the units are ranked by distance, :math:`k_i = 0` for the nearest,
    and every unit moves towards it by its rank's share (see :mod:`zoo._core.competitive`):

    .. math:: w_i \leftarrow w_i + \epsilon(t)\, e^{-k_i(x, W) / \lambda(t)}\, (x - w_i) ,

    with :math:`\epsilon` and :math:`\lambda` decaying exponentially, :math:`v(t) = v_0 (v_f /
    v_0)^{t/t_{\max}}` over :math:`t_{\max}` = ``max_iter`` epochs of signals. Large :math:`\lambda`
    pulls all units to the data's centre; :math:`\lambda \to 0` is k-means' online rule. The
    dynamics is a stochastic gradient descent on a cost without the local minima of k-means, and,
    lacking a SOM's fixed grid, it reaches lower distortion than a SOM with the same units.

    Along with it, competitive Hebbian learning links the nearest unit :math:`s_1` of each signal
    to the second nearest :math:`s_2` (age 0), ages the other edges of :math:`s_1` and removes those
    older than :math:`T(t)`, annealed from ``max_edge_age`` to ``max_edge_age_final`` (the
    topology-representing network of Martinetz & Schulten 1994). ``edges_`` then holds the induced
    Delaunay triangulation of the units: a graph of the shape of the data.

    ``algorithm="batch"`` is the batch neural gas of Cottrell et al. (2006): each epoch replaces
    every unit by the rank-weighted mean of all samples, :math:`w_i = \sum_x e^{-k_i(x)/\lambda} x /
    \sum_x e^{-k_i(x)/\lambda}`, with :math:`\lambda` annealed over the epochs (no learning rate,
    deterministic, a few epochs suffice); its edges are the induced Delaunay graph of the final
    units on the data.

    Each unit is a cluster (``labels_`` = nearest unit, as k-means'), unless ``n_clusters`` is
    given: the units are then grouped by Ward's agglomeration (Ward 1963) along the learned graph,
    each unit standing for the samples it wins (their mean, weighted by their number), so that a
    merge's cost is the exact rise of the samples' within-cluster sum of squares and only linked
    units merge (:func:`zoo._core.clustering.ward_on_units`). Components of the graph left over
    are merged by the same cost without the graph, and units that win no sample join the cluster
    nearest to them, so the ``n_clusters`` clusters each win training samples.

    As features for a classifier, rescale the distances ``transform`` returns: in the units of
    X and all large, they leave ``LogisticRegression`` unconverged after its 1000 iterations,
    where standardised it converges well within them. Use, as
    ``zoo compare`` does::

        make_pipeline(StandardScaler(), NeuralGas(), StandardScaler(), LogisticRegression())

    Parameters
    ----------
    n_units : int, default=100
        Number of units (prototypes).
    neighborhood_range, neighborhood_range_final : float, default=10.0, 0.01
        :math:`\lambda_i` and :math:`\lambda_f`, in ranks.
    learning_rate, learning_rate_final : float, default=0.5, 0.005
        :math:`\epsilon_i` and :math:`\epsilon_f` of the online rule.
    max_edge_age, max_edge_age_final : float, default=20.0, 200.0
        :math:`T_i` and :math:`T_f`: an edge of the winner older than :math:`T(t)` steps is
        removed (online only).
    algorithm : {"online", "batch"}, default="online"
        The per-signal rule of Martinetz et al. (1993) or the batch neural gas (Cottrell et al.
        2006).
    init : {"sample", "random"} or array-like of shape (n_units, n_features), default="sample"
        Initial units: randomly drawn samples, uniform in the data's bounding box, or given.
    max_iter : int, default=20
        Epochs; the annealing schedule runs over exactly this many (its length is the budget, so
        no ConvergenceWarning is raised).
    n_clusters : int, default=None
        Group the trained units into this many clusters (at most ``n_units``) by Ward's criterion
        along the learned edges; ``labels_`` and ``predict`` then give the cluster of each
        sample's nearest unit. None: every unit is a cluster.
    random_state : int, RandomState instance or None, default=None
        Initialisation and the order of the signals.
    verbose : bool, default=False
        One line per epoch with its mean distance to the winner.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_units, n_features)
        The units :math:`w_i`.
    labels_ : ndarray of shape (n_samples,)
        Nearest unit of each training sample (of the last ``fit`` or ``partial_fit`` batch), or
        its cluster when ``n_clusters`` is set.
    unit_labels_ : ndarray of shape (n_units,)
        Cluster of each unit, numbered in order of their first unit (only when ``n_clusters`` is
        set), from the samples of the last ``fit`` or ``partial_fit`` batch.
    edges_ : ndarray of shape (n_edges, 2)
        The learned graph: pairs ``(i, j)``, ``i < j``, of linked units.
    n_iter_ : int
        Epochs run.
    loss_curve_ : list of float
        Mean distance to the winner in each epoch: online, of each signal when it was presented;
        batch, of the units the epoch started from.
    n_features_in_ : int
    feature_names_in_ : ndarray

    Notes
    -----
    Online, a signal costs one GEMV against all units for the ranks, one partial sort (only the
    :math:`\lambda \ln(1/10^{-4})` nearest units have a share worth applying) and one
    outer-product-shaped update of those units; one BLAS thread is used. The batch rule costs a
    distance GEMM, a sort of each sample's distances and a ``units × samples × features`` GEMM per
    epoch. The graph is a dense ``n_units²`` matrix of edge ages.

    References
    ----------
    .. [1] T. M. Martinetz, S. G. Berkovich and K. J. Schulten, "'Neural-gas' network for vector
       quantization and its application to time-series prediction", IEEE Transactions on Neural
       Networks 4(4), 558-569, 1993.
    .. [2] T. Martinetz and K. Schulten, "A 'neural-gas' network learns topologies", Artificial
       Neural Networks, 397-402, 1991.
    .. [3] T. Martinetz and K. Schulten, "Topology representing networks", Neural Networks 7(3),
       507-522, 1994.
    .. [4] M. Cottrell, B. Hammer, A. Hasenfuss and T. Villmann, "Batch and median neural gas",
       Neural Networks 19(6-7), 762-771, 2006.
    .. [5] J. H. Ward, "Hierarchical grouping to optimize an objective function", Journal of the
       American Statistical Association 58(301), 236-244, 1963 (``n_clusters``).

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.gas import NeuralGas
    >>> X = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 5.0], [5.1, 5.0]])
    >>> ng = NeuralGas(n_units=2, random_state=0).fit(X)
    >>> ng.predict(X).tolist() in ([0, 0, 1, 1], [1, 1, 0, 0])
    True
    >>> ng.transform(X).shape
    (4, 2)
    >>> NeuralGas(n_units=4, n_clusters=2, random_state=0).fit(X).labels_.tolist()
    [1, 1, 0, 0]
    """

    _parameter_constraints: dict = {
        "n_units": [Interval(Integral, 1, None, closed="left")],
        "neighborhood_range": [Interval(Real, 0, None, closed="neither")],
        "neighborhood_range_final": [Interval(Real, 0, None, closed="neither")],
        "learning_rate": [Interval(Real, 0, 1, closed="right")],
        "learning_rate_final": [Interval(Real, 0, 1, closed="right")],
        "max_edge_age": [Interval(Real, 0, None, closed="left")],
        "max_edge_age_final": [Interval(Real, 0, None, closed="left")],
        "algorithm": [StrOptions({"online", "batch"})],
        "init": [StrOptions({"sample", "random"}), "array-like"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "n_clusters": [None, Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        n_units=100,
        *,
        neighborhood_range=10.0,
        neighborhood_range_final=0.01,
        learning_rate=0.5,
        learning_rate_final=0.005,
        max_edge_age=20.0,
        max_edge_age_final=200.0,
        algorithm="online",
        init="sample",
        max_iter=20,
        n_clusters=None,
        random_state=None,
        verbose=False,
    ):
        self.n_units = n_units
        self.neighborhood_range = neighborhood_range
        self.neighborhood_range_final = neighborhood_range_final
        self.learning_rate = learning_rate
        self.learning_rate_final = learning_rate_final
        self.max_edge_age = max_edge_age
        self.max_edge_age_final = max_edge_age_final
        self.algorithm = algorithm
        self.init = init
        self.max_iter = max_iter
        self.n_clusters = n_clusters
        self.random_state = random_state
        self.verbose = verbose

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Train the gas for ``max_iter`` epochs.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self : NeuralGas
        """
        return self._fit(X, incremental=False)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y=None):
        """One epoch over ``X``, continuing the annealing schedule (which stays at its final values
        after ``max_iter`` calls); the first call initialises the units from ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self : NeuralGas
        """
        return self._fit(X, incremental=True)

    def _fit(self, X, incremental):
        first_pass = not incremental or not hasattr(self, "cluster_centers_")
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=first_pass)
        check_input_scale(X, type(self).__name__)
        if self.n_clusters is not None and self.n_clusters > self.n_units:
            raise ValueError(
                f"n_clusters={self.n_clusters} is more than the gas's n_units={self.n_units}."
            )
        if first_pass:
            self._rng = check_random_state(self.random_state)
            self.cluster_centers_ = np.ascontiguousarray(self._initial_units(X))
            self._edge_age = empty_graph(self.n_units)
            self._history = History()
        X = X.astype(self.cluster_centers_.dtype, copy=False)
        if self.algorithm == "online":
            start_epoch, step = self._online_training(X)
            rate = f"learning_rate={self.learning_rate}"
            self._train(X, step, incremental, start_epoch, step_parameter=rate)
        else:
            self._train(X, self._batch_step(X), incremental, batch_size=X.shape[0])
        if self.algorithm == "batch" and self.n_units > 1:
            # competitive Hebbian learning on the final units: the induced Delaunay graph
            nearest, _ = nearest_centers(X, self.cluster_centers_, n_nearest=2)
            self._edge_age = induced_delaunay(nearest[:, 0], nearest[:, 1], self.n_units)
            self._publish(X, nearest[:, 0])
        else:
            self._publish(X)
        return self

    def _publish(self, X, nearest_unit=None):
        if nearest_unit is None:
            nearest_unit = nearest_centers(X, self.cluster_centers_)[0][:, 0]
        if self.n_clusters is None:
            self.__dict__.pop("unit_labels_", None)  # of an earlier fit with n_clusters
        else:
            adjacent = self._edge_age != NO_EDGE
            self.unit_labels_ = ward_on_units(
                X, nearest_unit, self.cluster_centers_, adjacent, self.n_clusters
            )
        super()._publish(X, nearest_unit)

    def _labels_of(self, nearest_unit):
        # as fitted (a later set_params(n_clusters=...) takes effect at the next fit)
        if not hasattr(self, "unit_labels_"):
            return nearest_unit
        return self.unit_labels_[nearest_unit]

    def _initial_units(self, X):
        if not isinstance(self.init, str):
            W = check_array(self.init, dtype=X.dtype, copy=True, input_name="init")
            if W.shape != (self.n_units, X.shape[1]):
                raise ValueError(
                    f"init has shape {W.shape}, expected (n_units, n_features) = "
                    f"{(self.n_units, X.shape[1])}."
                )
            return W
        if self.init == "random":
            low, high = X.min(axis=0), X.max(axis=0)
            return self._rng.uniform(low, high, (self.n_units, X.shape[1])).astype(X.dtype)
        picks = self._rng.choice(X.shape[0], self.n_units, replace=X.shape[0] < self.n_units)
        return X[picks].copy()

    def _progress(self, n_samples):
        """Schedule position :math:`p = t / t_{\\max}` of each signal of the coming epoch."""
        presented = self._history.n_iter + np.arange(n_samples) / n_samples
        return np.minimum(1.0, presented / self.max_iter)

    def _online_training(self, X):
        """``(start_epoch, step)`` of the online rule: ``start_epoch`` sets the coming epoch's
        rates, ranges and edge ages, one per signal, from the epochs recorded so far; ``step``
        presents one signal."""
        W = self.cluster_centers_
        age = self._edge_age
        n_samples, n_units = X.shape[0], W.shape[0]
        ranks = np.arange(n_units, dtype=W.dtype)
        x_sq = squared_norms(X)
        scores = np.empty(n_units, dtype=W.dtype)
        distances = np.empty(n_units, dtype=W.dtype)
        epsilons = lambdas = reaches = max_ages = w_sq = None
        presented = 0

        def start_epoch():
            nonlocal epsilons, lambdas, reaches, max_ages, w_sq, presented
            progress = self._progress(n_samples)
            epsilons = decay(self.learning_rate, self.learning_rate_final, progress).tolist()
            lambdas = decay(self.neighborhood_range, self.neighborhood_range_final, progress)
            # the units worth updating: h(k) >= NEGLIGIBLE_INFLUENCE for k < reach (2 at least,
            # for the edge between the two nearest)
            reaches = [
                min(n_units, max(2, rank_reach(lam, NEGLIGIBLE_INFLUENCE))) for lam in lambdas
            ]
            lambdas = lambdas.tolist()
            max_ages = decay(self.max_edge_age, self.max_edge_age_final, progress).tolist()
            w_sq = squared_norms(W)
            presented = 0

        def step(batch):
            nonlocal presented
            i = batch[0]
            x = X[i]
            t = presented
            presented += 1
            # ||x - w_i||^2 - ||x||^2 = ||w_i||^2 - 2 w_i . x   (one GEMV)
            np.matmul(W, x, out=scores)
            np.multiply(scores, -2.0, out=distances)
            np.add(distances, w_sq, out=distances)
            reach = reaches[t]
            units = nearest_first(distances, reach)  # units[k] has rank k
            winner_d2 = max(float(distances[units[0]] + x_sq[i]), 0.0)
            # g_k = eps h_lambda(k) = eps exp(-k / lambda)
            g = epsilons[t] * rank_neighborhood(ranks[:reach], lambdas[t])
            rows = W[units]
            # w_i <- w_i + eps h_lambda(k_i) (x - w_i), for all units within reach at once
            rows += g[:, np.newaxis] * (x - rows)
            W[units] = rows
            w_sq[units] = np.einsum("ij,ij->i", rows, rows)
            if n_units > 1:
                s1, s2 = units[0], units[1]
                age_edges(age, s1)
                connect(age, s1, s2)
                prune_edges(age, s1, max_ages[t])
            return math.sqrt(winner_d2)

        return start_epoch, step

    def _batch_step(self, X):
        r"""``step(batch)``: one epoch of the batch neural gas, every unit becomes the
        rank-weighted mean of the data, :math:`w_i = \sum_x h_\lambda(k_i(x))\, x / \sum_x
        h_\lambda(k_i(x))`, with :math:`\lambda` at :math:`p = e / (\text{max\_iter} - 1)` of its
        schedule (``batch`` is all of ``X``)."""
        W = self.cluster_centers_
        n_samples, n_units = X.shape[0], W.shape[0]
        steps = max(self.max_iter - 1, 1)

        def step(batch):
            lam = decay(
                self.neighborhood_range,
                self.neighborhood_range_final,
                min(1.0, self._history.n_iter / steps),
            )
            w_sq = squared_norms(W)
            numerator = np.zeros_like(W)
            denominator = np.zeros(n_units, dtype=W.dtype)
            winner_distance = 0.0
            for rows in row_chunks(n_samples, n_units):
                d2 = squared_euclidean(X[rows], W, C_sq=w_sq)
                # k_ij: rank of unit j among the distances of sample i
                order = np.argsort(d2, axis=1, kind="stable")
                k = np.empty_like(order)
                np.put_along_axis(k, order, np.arange(n_units)[np.newaxis, :], axis=1)
                h = rank_neighborhood(k.astype(W.dtype), lam)
                # sum_x h x and sum_x h, one GEMM per chunk
                numerator += h.T @ X[rows]
                denominator += h.sum(axis=0)
                winner = np.take_along_axis(d2, order[:, :1], axis=1)
                winner_distance += float(np.sqrt(winner, dtype=np.float64).sum())
            # h_lambda(0) = 1 for every sample's winner, so only units winning nothing and far
            # down every ranking can reach a zero denominator: they keep their place
            reached = denominator > 0
            W[reached] = numerator[reached] / denominator[reached, np.newaxis]
            return winner_distance / n_samples

        return step


class GrowingNeuralGas(_BaseGas):
    r"""Growing neural gas (Fritzke 1995): a graph of units that grows where the error is largest
    and learns the topology of the data by competitive Hebbian learning.

    Starting from two units (two random samples, unlinked), each signal :math:`x`

    1. finds its nearest unit :math:`s_1` and second nearest :math:`s_2`;
    2. ages every edge of :math:`s_1` by one and adds the squared error,
       :math:`E_{s_1} \leftarrow E_{s_1} + \lVert x - w_{s_1}\rVert^2`;
    3. moves :math:`s_1` and its graph neighbours :math:`n` towards it:
       :math:`w_{s_1} \leftarrow w_{s_1} + \epsilon_b (x - w_{s_1})`,
       :math:`w_n \leftarrow w_n + \epsilon_n (x - w_n)`;
    4. links :math:`s_1` and :math:`s_2` (age 0), removes the edges of :math:`s_1` older than
       :math:`a_{\max}` and the units left without any edge;
    5. every :math:`\lambda` signals (while fewer than ``max_nodes`` units), inserts a unit
       :math:`r` halfway between the unit :math:`q` of largest error and its neighbour :math:`f` of
       largest error, :math:`w_r = (w_q + w_f)/2`, replacing the edge :math:`q`-:math:`f` by
       :math:`q`-:math:`r`-:math:`f`; :math:`E_q \leftarrow \alpha E_q`,
       :math:`E_f \leftarrow \alpha E_f`, :math:`E_r = E_q`;
    6. decays every error, :math:`E \leftarrow d\, E`.

    The graph's connected components are the clusters: ``n_clusters_`` is their number (two
    separated blobs give 2, a ring gives 1, with no number of clusters given), ``labels_`` and
    ``predict`` give the component of each sample's nearest unit; ``transform`` gives the
    distances to the units, a feature map for a Pipeline.

    As features for a classifier, rescale the distances: they are in the units of X and all
    large, and ``LogisticRegression`` on them runs out of its 1000 iterations unconverged
    where, standardised, it converges well within them. The pipeline to use, as ``zoo compare``
    builds it::

        make_pipeline(StandardScaler(), GrowingNeuralGas(), StandardScaler(), LogisticRegression())

    Parameters
    ----------
    max_nodes : int, default=100
        Insertion stops at this many units.
    insertion_interval : int, default=100
        :math:`\lambda`: signals between two insertions.
    learning_rate_winner, learning_rate_neighbor : float, default=0.2, 0.006
        :math:`\epsilon_b` and :math:`\epsilon_n`.
    max_age : int, default=50
        :math:`a_{\max}`: an edge of the winner older than this is removed.
    insertion_error_decay : float, default=0.5
        :math:`\alpha`: the errors of :math:`q` and :math:`f` are multiplied by it at an insertion.
    error_decay : float, default=0.995
        :math:`d`: every error is multiplied by it after each signal.
    max_iter : int, default=30
        Epochs (passes over the data in a fresh random order). The training length is this
        budget, so no ConvergenceWarning is raised. Edges across a gap die only after
        :math:`a_{\max}` wins of their ends, so the graph needs some epochs after it has
        stopped growing (at ``max_nodes``) to separate the clusters.
    random_state : int, RandomState instance or None, default=None
        The two initial units and the order of the signals.
    verbose : bool, default=False
        One line per epoch with its mean distance to the winner.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_units, n_features)
        The units :math:`w_i`.
    edges_ : ndarray of shape (n_edges, 2)
        The learned graph: pairs ``(i, j)``, ``i < j``, of linked units.
    n_clusters_ : int
        Number of connected components of the graph.
    unit_labels_ : ndarray of shape (n_units,)
        Connected component of each unit, numbered in order of their lowest unit.
    labels_ : ndarray of shape (n_samples,)
        Component of the nearest unit of each training sample (of the last ``partial_fit``
        batch).
    n_iter_ : int
        Epochs run.
    loss_curve_ : list of float
        Mean distance of each epoch's signals to their winner when they were presented.
    n_features_in_ : int
    feature_names_in_ : ndarray

    Notes
    -----
    A signal costs one GEMV against the units, a partial sort for the two nearest and an update
    of the winner's neighbourhood; one BLAS thread is used. Units are appended and removed by
    copying the codebook (at most once per :math:`\lambda` signals); the graph is a dense
    ``n_units²`` matrix of edge ages.

    References
    ----------
    .. [1] B. Fritzke, "A growing neural gas network learns topologies", Advances in Neural
       Information Processing Systems 7, 625-632, 1995.
    .. [2] T. Martinetz and K. Schulten, "Topology representing networks", Neural Networks 7(3),
       507-522, 1994.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.gas import GrowingNeuralGas
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(0, 0.3, (200, 2)), rng.normal(5, 0.3, (200, 2))])
    >>> gng = GrowingNeuralGas(max_nodes=20, random_state=0).fit(X)
    >>> gng.n_clusters_
    2
    >>> len(set(gng.labels_[:200]) & set(gng.labels_[200:]))
    0
    """

    _parameter_constraints: dict = {
        "max_nodes": [Interval(Integral, 2, None, closed="left")],
        "insertion_interval": [Interval(Integral, 1, None, closed="left")],
        "learning_rate_winner": [Interval(Real, 0, 1, closed="right")],
        "learning_rate_neighbor": [Interval(Real, 0, 1, closed="both")],
        "max_age": [Interval(Integral, 1, None, closed="left")],
        "insertion_error_decay": [Interval(Real, 0, 1, closed="both")],
        "error_decay": [Interval(Real, 0, 1, closed="both")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        max_nodes=100,
        *,
        insertion_interval=100,
        learning_rate_winner=0.2,
        learning_rate_neighbor=0.006,
        max_age=50,
        insertion_error_decay=0.5,
        error_decay=0.995,
        max_iter=30,
        random_state=None,
        verbose=False,
    ):
        self.max_nodes = max_nodes
        self.insertion_interval = insertion_interval
        self.learning_rate_winner = learning_rate_winner
        self.learning_rate_neighbor = learning_rate_neighbor
        self.max_age = max_age
        self.insertion_error_decay = insertion_error_decay
        self.error_decay = error_decay
        self.max_iter = max_iter
        self.random_state = random_state
        self.verbose = verbose

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Grow the gas over ``max_iter`` epochs of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self : GrowingNeuralGas
        """
        return self._fit(X, incremental=False)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y=None):
        """One epoch over ``X``, continuing from the current graph, errors and signal count (a
        stream); the first call places the two initial units on samples of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self : GrowingNeuralGas
        """
        return self._fit(X, incremental=True)

    def _fit(self, X, incremental):
        first_pass = not incremental or not hasattr(self, "cluster_centers_")
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=first_pass)
        check_input_scale(X, type(self).__name__)
        if first_pass:
            if X.shape[0] < 2:
                raise ValueError(
                    f"GrowingNeuralGas starts from two samples; got n_samples = {X.shape[0]}."
                )
            self._rng = check_random_state(self.random_state)
            picks = self._rng.choice(X.shape[0], 2, replace=False)
            self.cluster_centers_ = X[picks].copy()
            self._edge_age = empty_graph(2)
            self._errors = np.zeros(2)
            self._n_signals = 0
            self._history = History()
        X = X.astype(self.cluster_centers_.dtype, copy=False)
        start_epoch, step = self._training(X)
        rate = f"learning_rate_winner={self.learning_rate_winner}"
        self._train(X, step, incremental, start_epoch, step_parameter=rate)
        self._publish(X)
        return self

    def _publish(self, X, nearest_unit=None):
        self.n_clusters_, self.unit_labels_ = graph_components(self._edge_age)
        super()._publish(X, nearest_unit)

    def _labels_of(self, nearest_unit):
        return self.unit_labels_[nearest_unit]

    def _training(self, X):
        """``(start_epoch, step)``: ``start_epoch`` takes the units' squared norms afresh each
        epoch, ``step`` presents one signal."""
        x_sq = squared_norms(X)
        w_sq = [None]  # replaced when units come and go
        eps_b, eps_n = self.learning_rate_winner, self.learning_rate_neighbor
        # eps_n for the neighbours, eps_b last (a unit has fewer neighbours than there are units;
        # insertion stops at max_nodes)
        rates = np.empty(max(self.max_nodes, self.cluster_centers_.shape[0]), dtype=X.dtype)

        def start_epoch():
            w_sq[0] = squared_norms(self.cluster_centers_)

        def step(batch):
            i = batch[0]
            x = X[i]
            W, age, errors = self.cluster_centers_, self._edge_age, self._errors
            # ||x - w_i||^2 - ||x||^2 = ||w_i||^2 - 2 w_i . x   (one GEMV)
            distances = w_sq[0] - 2.0 * (W @ x)
            s1, s2 = nearest_first(distances, 2)
            winner_d2 = max(float(distances[s1] + x_sq[i]), 0.0)
            neighbours = age_edges(age, s1)  # a_{s1 n} += 1
            # E_s1 += ||x - w_s1||^2
            errors[s1] += winner_d2
            # w_s1 += eps_b (x - w_s1);  w_n += eps_n (x - w_n) for the neighbours n of s1
            moved = np.append(neighbours, s1)
            rates[: neighbours.size] = eps_n
            rates[neighbours.size] = eps_b
            rows = W[moved]
            rows += rates[: moved.size, np.newaxis] * (x - rows)
            W[moved] = rows
            w_sq[0][moved] = np.einsum("ij,ij->i", rows, rows)
            connect(age, s1, s2)
            if prune_edges(age, s1, self.max_age).size:
                self._remove_isolated_units()
                w_sq[0] = squared_norms(self.cluster_centers_)
            self._n_signals += 1
            if (
                self._n_signals % self.insertion_interval == 0
                and self.cluster_centers_.shape[0] < self.max_nodes
                and self._insert_unit()
            ):
                w_sq[0] = squared_norms(self.cluster_centers_)
            # E <- d E
            self._errors *= self.error_decay
            return math.sqrt(winner_d2)

        return start_epoch, step

    def _remove_isolated_units(self):
        """Remove the units left without edges (the winner just linked to its runner-up stays)."""
        keep = (self._edge_age != NO_EDGE).any(axis=1)
        if keep.all():
            return
        self.cluster_centers_ = np.ascontiguousarray(self.cluster_centers_[keep])
        self._edge_age = np.ascontiguousarray(self._edge_age[np.ix_(keep, keep)])
        self._errors = self._errors[keep]

    def _insert_unit(self):
        """Fritzke's insertion between the unit of largest error and its worst neighbour."""
        errors, age = self._errors, self._edge_age
        q = int(np.argmax(errors))
        neighbours = np.flatnonzero(age[q] != NO_EDGE)
        if neighbours.size == 0:
            return False
        f = int(neighbours[np.argmax(errors[neighbours])])
        W = self.cluster_centers_
        r = W.shape[0]
        # w_r = (w_q + w_f) / 2
        self.cluster_centers_ = np.vstack([W, 0.5 * (W[q] + W[f])[np.newaxis, :]])
        grown = empty_graph(r + 1)
        grown[:r, :r] = age
        disconnect(grown, q, f)
        connect(grown, q, r)
        connect(grown, r, f)
        self._edge_age = grown
        # E_q <- alpha E_q, E_f <- alpha E_f, E_r = E_q
        errors[q] *= self.insertion_error_decay
        errors[f] *= self.insertion_error_decay
        self._errors = np.append(errors, errors[q])
        return True
