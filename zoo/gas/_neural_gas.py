"""The neural gas (Martinetz, Berkovich & Schulten 1993), :class:`NeuralGas`."""

import math
from numbers import Integral, Real

import numpy as np
from sklearn.base import _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions

from .._core.clustering import ward_on_units
from .._core.competitive import (
    NO_EDGE,
    age_edges,
    connect,
    empty_graph,
    induced_delaunay,
    nearest_first,
    prune_edges,
    rank_neighborhood,
    rank_reach,
)
from .._core.distances import nearest_centers, row_chunks, squared_euclidean, squared_norms
from .._core.initializers import initial_prototypes
from .._core.schedules import decay
from .._core.training import History
from ._base import NEGLIGIBLE_INFLUENCE, _BaseGas


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

    **Sample weights** (``fit(X, sample_weight=s)``) weigh each sample's term of the neural gas
    cost, :math:`\sum_i s_i \sum_j h_\lambda(k_j(x_i))\, \lVert x_i - w_j\rVert^2`. The batch
    gas minimises it exactly: :math:`w_j = \sum_i s_i h_\lambda(k_j(x_i))\, x_i / \sum_i s_i
    h_\lambda(k_j(x_i))`, so integer weights give the units of the repeated samples (up to
    rounding) and a zero weight those of the data without the sample. Online, the step for
    :math:`x_i` scales by its weight, :math:`\epsilon\, s_i\, h_\lambda(k)`, clipped at 1 (a
    unit moves at most onto the signal): one step of :math:`s_i` times the rate is not
    :math:`s_i` presentations spread through a shuffled epoch, so online weights only
    approximate repetition (as scikit-learn's SGD's do); the edges are learned from the signals
    as presented. ``init="sample"`` draws samples with probability :math:`s_i / \sum_j s_j`;
    ``"random"`` (the bounding box) sees the samples of positive weight. ``loss_curve_`` is the
    weighted mean distance; ``n_clusters``' Ward clustering weighs each unit by the total weight
    it wins.

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
    warm_start : bool, default=False
        When fitted, ``fit`` trains the fitted units (and edges) on instead of initialising them;
        the schedules of :math:`\epsilon`, :math:`\lambda` and :math:`T` run again over
        ``max_iter`` epochs (from ``learning_rate``: set it to ``learning_rate_final`` to only
        refine). ``n_iter_`` and ``loss_curve_`` are the new fit's. Same width and ``n_units``.
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
        "warm_start": ["boolean"],
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
        warm_start=False,
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
        self.warm_start = warm_start
        self.random_state = random_state
        self.verbose = verbose

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        """Train the gas for ``max_iter`` epochs (from the fitted units with ``warm_start``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored
        sample_weight : array-like of shape (n_samples,), default=None
            Weight :math:`s_i` of each sample (see "Sample weights" above): the batch gas's
            weighted means, integer weights equal to repetition; online, the step scales by it.
            Zero: as if the sample were absent. None: all 1.

        Returns
        -------
        self : NeuralGas
        """
        return self._fit(X, incremental=False, sample_weight=sample_weight)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y=None, sample_weight=None):
        """One epoch over ``X``, continuing the annealing schedule (which stays at its final values
        after ``max_iter`` calls); the first call initialises the units from ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored
        sample_weight : array-like of shape (n_samples,), default=None
            As in :meth:`fit`.

        Returns
        -------
        self : NeuralGas
        """
        return self._fit(X, incremental=True, sample_weight=sample_weight)

    def _fit(self, X, incremental, sample_weight=None):
        given = dict(X=X, sample_weight=sample_weight)  # what the callbacks see: the user's
        first_pass = not self._continues(incremental)
        X, all_weights, X_train, weights = self._validate_for_fit(X, incremental, sample_weight)
        if self.n_clusters is not None and self.n_clusters > self.n_units:
            raise ValueError(
                f"n_clusters={self.n_clusters} is more than the gas's n_units={self.n_units}."
            )
        if not first_pass and self.cluster_centers_.shape[0] != self.n_units:
            raise ValueError(
                f"warm_start needs the fitted gas's size: it has {self.cluster_centers_.shape[0]} "
                f"units, n_units={self.n_units}; set warm_start=False to start anew."
            )
        if first_pass or not incremental:
            self._rng = check_random_state(self.random_state)
            self._history = History()  # the schedules run over max_iter epochs again
        if first_pass:
            initial = initial_prototypes(self.init, X_train, self.n_units, self._rng, weights)
            self.cluster_centers_ = np.ascontiguousarray(initial)
            self._edge_age = empty_graph(self.n_units)
        options = dict(given=given, sample_weight=weights)
        if self.algorithm == "online":
            start_epoch, step = self._online_training(X_train, weights)
            rate = f"learning_rate={self.learning_rate}"
            self._train(X_train, step, incremental, start_epoch, step_parameter=rate, **options)
        else:
            step = self._batch_step(X_train, weights)
            self._train(X_train, step, incremental, batch_size=X_train.shape[0], **options)
        if self.algorithm == "batch" and self.n_units > 1:
            # competitive Hebbian learning on the final units: the induced Delaunay graph (of the
            # samples that train)
            nearest, _ = nearest_centers(X_train, self.cluster_centers_, n_nearest=2)
            self._edge_age = induced_delaunay(nearest[:, 0], nearest[:, 1], self.n_units)
            self._publish(X, nearest[:, 0] if X_train is X else None, all_weights)
        else:
            self._publish(X, weights=all_weights)
        return self

    def _publish(self, X, nearest_unit=None, weights=None):
        if nearest_unit is None:
            nearest_unit = nearest_centers(X, self.cluster_centers_)[0][:, 0]
        if self.n_clusters is None:
            self.__dict__.pop("unit_labels_", None)  # of an earlier fit with n_clusters
        else:
            adjacent = self._edge_age != NO_EDGE
            self.unit_labels_ = ward_on_units(
                X, nearest_unit, self.cluster_centers_, adjacent, self.n_clusters, weights
            )
        super()._publish(X, nearest_unit)

    def _labels_of(self, nearest_unit):
        # as fitted (a later set_params(n_clusters=...) takes effect at the next fit)
        if not hasattr(self, "unit_labels_"):
            return nearest_unit
        return self.unit_labels_[nearest_unit]

    def _progress(self, n_samples):
        """Schedule position :math:`p = t / t_{\\max}` of each signal of the coming epoch."""
        presented = self._history.n_iter + np.arange(n_samples) / n_samples
        return np.minimum(1.0, presented / self.max_iter)

    def _online_training(self, X, weights=None):
        """``(start_epoch, step)`` of the online rule: ``start_epoch`` sets the coming epoch's
        rates, ranges and edge ages, one per signal, from the epochs recorded so far; ``step``
        presents one signal (of weight ``weights[i]``: the rate times it, clipped at 1)."""
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
            if weights is None:
                g = epsilons[t] * rank_neighborhood(ranks[:reach], lambdas[t])
            else:  # eps s_i h_lambda(k), at most 1: a unit moves at most onto the signal
                g = epsilons[t] * weights[i] * rank_neighborhood(ranks[:reach], lambdas[t])
                np.minimum(g, 1, out=g)
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

    def _batch_step(self, X, weights=None):
        r"""``step(batch)``: one epoch of the batch neural gas, every unit becomes the
        rank-weighted mean of the data, :math:`w_i = \sum_x h_\lambda(k_i(x))\, x / \sum_x
        h_\lambda(k_i(x))`, with :math:`\lambda` at :math:`p = e / (\text{max\_iter} - 1)` of its
        schedule (``batch`` is all of ``X``); with ``weights``, each term times :math:`s_x` (and
        the returned mean distance weighted)."""
        W = self.cluster_centers_
        n_samples, n_units = X.shape[0], W.shape[0]
        steps = max(self.max_iter - 1, 1)
        total_weight = n_samples if weights is None else float(weights.sum())

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
                winner = np.sqrt(np.take_along_axis(d2, order[:, :1], axis=1), dtype=np.float64)
                if weights is not None:
                    h *= weights[rows, np.newaxis]  # s_x h_lambda(k_i(x))
                    winner *= weights[rows, np.newaxis]
                # sum_x h x and sum_x h, one GEMM per chunk
                numerator += h.T @ X[rows]
                denominator += h.sum(axis=0)
                winner_distance += float(winner.sum())
            # h_lambda(0) = 1 for every sample's winner, so only units winning nothing and far
            # down every ranking can reach a zero denominator: they keep their place
            reached = denominator > 0
            W[reached] = numerator[reached] / denominator[reached, np.newaxis]
            return winner_distance / total_weight

        return step
