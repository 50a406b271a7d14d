"""The growing neural gas (Fritzke 1995), :class:`GrowingNeuralGas`."""

import math
from numbers import Integral, Real

import numpy as np
from sklearn.base import _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval

from .._core.competitive import (
    NO_EDGE,
    age_edges,
    connect,
    disconnect,
    empty_graph,
    graph_components,
    nearest_first,
    prune_edges,
)
from .._core.distances import squared_norms
from .._core.training import History
from ._base import _BaseGas


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

    **Sample weights** (``fit(X, sample_weight=s)``) weigh the signals: a signal of weight
    :math:`s_i` adds :math:`s_i \lVert x - w_{s_1}\rVert^2` to the winner's error, so insertions
    follow the weighted error, and moves with the rates :math:`\min(\epsilon_b s_i, 1)` and
    :math:`\min(\epsilon_n s_i, 1)` (clipped so that a unit moves at most onto the signal); the
    ages, the insertion interval and the error decay still count presentations. One step of
    :math:`s_i` times the rate is not :math:`s_i` presentations spread through a shuffled epoch:
    weights approximate repetition, as scikit-learn's SGD's do. A zero weight drops the sample;
    the two initial units are drawn with probability :math:`s_i / \sum_j s_j`; ``loss_curve_``
    is the weighted mean distance.

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
    warm_start : bool, default=False
        When fitted, ``fit`` grows the fitted graph on (its units, edges, errors and signal
        count) for ``max_iter`` more epochs instead of starting from two units; ``n_iter_`` and
        ``loss_curve_`` are the new fit's. Same width.
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
        "warm_start": ["boolean"],
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
        warm_start=False,
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
        self.warm_start = warm_start
        self.random_state = random_state
        self.verbose = verbose

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        """Grow the gas over ``max_iter`` epochs of ``X`` (from the fitted graph with
        ``warm_start``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored
        sample_weight : array-like of shape (n_samples,), default=None
            Weight :math:`s_i` of each sample (see "Sample weights" above): it scales the
            sample's error and steps. Zero: as if the sample were absent. None: all 1.

        Returns
        -------
        self : GrowingNeuralGas
        """
        return self._fit(X, incremental=False, sample_weight=sample_weight)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y=None, sample_weight=None):
        """One epoch over ``X``, continuing from the current graph, errors and signal count (a
        stream); the first call places the two initial units on samples of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored
        sample_weight : array-like of shape (n_samples,), default=None
            As in :meth:`fit`.

        Returns
        -------
        self : GrowingNeuralGas
        """
        return self._fit(X, incremental=True, sample_weight=sample_weight)

    def _fit(self, X, incremental, sample_weight=None):
        given = dict(X=X, sample_weight=sample_weight)  # what the callbacks see: the user's
        first_pass = not self._continues(incremental)
        X, _, X_train, weights = self._validate_for_fit(X, incremental, sample_weight)
        if first_pass or not incremental:
            self._rng = check_random_state(self.random_state)
            self._history = History()
        if first_pass:
            if X_train.shape[0] < 2:
                raise ValueError(
                    "GrowingNeuralGas starts from two samples (of positive weight); got "
                    f"n_samples = {X_train.shape[0]}."
                )
            p = None if weights is None or np.ptp(weights) == 0 else weights / weights.sum()
            picks = self._rng.choice(X_train.shape[0], 2, replace=False, p=p)
            self.cluster_centers_ = X_train[picks].copy()
            self._edge_age = empty_graph(2)
            self._errors = np.zeros(2)
            self._n_signals = 0
        start_epoch, step = self._training(X_train, weights)
        rate = f"learning_rate_winner={self.learning_rate_winner}"
        options = dict(step_parameter=rate, given=given, sample_weight=weights)
        self._train(X_train, step, incremental, start_epoch, **options)
        self._publish(X)
        return self

    def _publish(self, X, nearest_unit=None):
        self.n_clusters_, self.unit_labels_ = graph_components(self._edge_age)
        super()._publish(X, nearest_unit)

    def _labels_of(self, nearest_unit):
        return self.unit_labels_[nearest_unit]

    def _training(self, X, weights=None):
        """``(start_epoch, step)``: ``start_epoch`` takes the units' squared norms afresh each
        epoch, ``step`` presents one signal (of weight ``weights[i]``)."""
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
            # w_s1 += eps_b (x - w_s1);  w_n += eps_n (x - w_n) for the neighbours n of s1
            moved = np.append(neighbours, s1)
            if weights is None:
                errors[s1] += winner_d2
                rates[: neighbours.size] = eps_n
                rates[neighbours.size] = eps_b
            else:  # s E and min(s eps, 1): a unit moves at most onto the signal
                s = float(weights[i])
                errors[s1] += s * winner_d2
                rates[: neighbours.size] = min(s * eps_n, 1.0)
                rates[neighbours.size] = min(s * eps_b, 1.0)
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
