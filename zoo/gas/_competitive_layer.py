r"""The competitive layer (MATLAB ``competlayer``): Kohonen's winner-take-all instar rule with
DeSieno's conscience.

It lives with the gases because hard competition is the neural gas's limit of a vanishing
neighbourhood range (:mod:`zoo._core.competitive`): the same codebook, distances, presentation
loop and clustering API, without the graph.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.base import _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions

from .._core.distances import nearest_centers
from .._core.initializers import initial_prototypes
from .._core.training import History
from ._base import _BaseGas


class CompetitiveLayer(_BaseGas):
    r"""Competitive layer (Kohonen 1982; DeSieno 1988), MATLAB's ``competlayer``.

    ``n_clusters`` units :math:`w_i` compete for each presented sample :math:`x`. With DeSieno's
    conscience, each unit keeps an estimate :math:`p_i` of how often it wins and a bias
    :math:`b_i = \gamma(1/K - p_i)`; the winner is

    .. math:: c = \arg\min_i \; \lVert x - w_i\rVert - b_i,

    and only it learns, by Kohonen's instar rule (MATLAB's ``learnk``), while every frequency is
    updated (``learncon``):

    .. math:: w_c \leftarrow w_c + \eta\, s\, (x - w_c), \qquad
              p_i \leftarrow p_i + \beta\,(y_i - p_i), \quad y_i = [i = c].

    A unit that wins more than its share :math:`1/K` gets a negative bias and loses to its
    neighbours, one that never wins a growing positive one, until it wins too: no dead units, and
    win frequencies that tend to :math:`1/K` (DeSieno 1988); ``conscience_rate=0`` keeps every
    :math:`p_i = 1/K` (no bias: the plain winner-take-all layer, whose units at a small rate settle
    at the k-means centres of the samples they win). The biases act in training only:
    ``predict`` and ``transform`` read the nearest unit and the plain distances (MATLAB's ``sim``
    keeps adding the biases). A sample weight :math:`s` scales its step (clipped at 1), which is
    not the same as presenting it :math:`s` times; zero weight is absence.

    ``transform`` gives the distances to the units in the units of ``X``, far from unit scale on
    raw data: before a linear read-out, standardise them as ``zoo compare`` does::

        make_pipeline(StandardScaler(), CompetitiveLayer(), StandardScaler(), LogisticRegression())

    Parameters
    ----------
    n_clusters : int, default=8
        Number of units :math:`K`.
    learning_rate : float, default=0.01
        Kohonen's rate :math:`\eta` (MATLAB's ``kohonenLR``).
    conscience_rate : float, default=0.001
        :math:`\beta` of the frequency estimate (MATLAB's ``conscienceLR``); 0: no conscience.
    bias_factor : float, default=10.0
        :math:`\gamma` (DeSieno's C), in the units of the distances.
    init : {"sample", "random", "midpoint"} or ndarray, default="sample"
        Starting units: rows of ``X``, uniform in its bounding box, or all at the middle of the
        input ranges (MATLAB's ``midpoint``; only a conscience separates them).
    max_iter : int, default=100
        Epochs (each a random order of the samples), MATLAB's ``trainru`` default.
    warm_start : bool, default=False
        ``fit`` continues from the fitted units and frequencies.
    random_state : int, RandomState instance or None, default=None
    verbose : bool, default=False

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
    win_frequencies_ : ndarray of shape (n_clusters,)
        The conscience's estimates :math:`p_i`.
    labels_ : ndarray of shape (n_samples,)
        Nearest unit of each training sample.
    n_iter_ : int
    loss_curve_ : list of float
        Mean distance of each epoch's samples to their winner, measured while presenting them.
    n_features_in_ : int
    feature_names_in_ : ndarray

    References
    ----------
    Kohonen, T. (1982). Self-organized formation of topologically correct feature maps.
    Biological Cybernetics 43, 59-69.

    DeSieno, D. (1988). Adding a conscience to competitive learning. IEEE International
    Conference on Neural Networks, vol. 1, 117-124.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.gas import CompetitiveLayer
    >>> X = np.array([[0.0, 0], [0.1, 0], [5, 5], [5.1, 5]])
    >>> layer = CompetitiveLayer(n_clusters=2, random_state=0).fit(X)
    >>> len(set(layer.labels_[:2])), len(set(layer.labels_))
    (1, 2)
    """

    _loss_curve_quantity = "mean distance to the winner"
    _feature_names_prefix = "competitive_distance"

    _parameter_constraints: dict = {
        "n_clusters": [Interval(Integral, 1, None, closed="left")],
        "learning_rate": [Interval(Real, 0, 1, closed="right")],
        "conscience_rate": [Interval(Real, 0, 1, closed="both")],
        "bias_factor": [Interval(Real, 0, None, closed="left")],
        "init": [StrOptions({"sample", "random", "midpoint"}), "array-like"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "warm_start": ["boolean"],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        n_clusters=8,
        *,
        learning_rate=0.01,
        conscience_rate=0.001,
        bias_factor=10.0,
        init="sample",
        max_iter=100,
        warm_start=False,
        random_state=None,
        verbose=False,
    ):
        self.n_clusters = n_clusters
        self.learning_rate = learning_rate
        self.conscience_rate = conscience_rate
        self.bias_factor = bias_factor
        self.init = init
        self.max_iter = max_iter
        self.warm_start = warm_start
        self.random_state = random_state
        self.verbose = verbose

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        """Train the layer for ``max_iter`` epochs (from the fitted units with ``warm_start``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored
        sample_weight : array-like of shape (n_samples,), default=None
            Scales each sample's step :math:`\\eta s` (clipped at 1); zero: as if absent.

        Returns
        -------
        self : CompetitiveLayer
        """
        return self._fit(X, incremental=False, sample_weight=sample_weight)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y=None, sample_weight=None):
        """One epoch over ``X``; the first call initialises the units from ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored
        sample_weight : array-like of shape (n_samples,), default=None
            As in :meth:`fit`.

        Returns
        -------
        self : CompetitiveLayer
        """
        return self._fit(X, incremental=True, sample_weight=sample_weight)

    def _fit(self, X, incremental, sample_weight=None):
        given = dict(X=X, sample_weight=sample_weight)
        first_pass = not self._continues(incremental)
        X, all_weights, X_train, weights = self._validate_for_fit(X, incremental, sample_weight)
        if not first_pass and self.cluster_centers_.shape[0] != self.n_clusters:
            raise ValueError(
                f"warm_start needs the fitted layer's size: it has "
                f"{self.cluster_centers_.shape[0]} units, n_clusters={self.n_clusters}; set "
                "warm_start=False to start anew."
            )
        if first_pass or not incremental:
            self._rng = check_random_state(self.random_state)
            self._history = History()
        if first_pass:
            if isinstance(self.init, str) and self.init == "midpoint":
                middle = (X_train.min(axis=0) + X_train.max(axis=0)) / 2
                initial = np.tile(middle, (self.n_clusters, 1))
            else:
                initial = initial_prototypes(
                    self.init, X_train, self.n_clusters, self._rng, weights, "n_clusters"
                )
            self.cluster_centers_ = np.ascontiguousarray(initial, dtype=X.dtype)
            self.win_frequencies_ = np.full(self.n_clusters, 1.0 / self.n_clusters, dtype=X.dtype)
        step = self._online_step(X_train, weights)
        rate = f"learning_rate={self.learning_rate}"
        self._train(
            X_train, step, incremental, step_parameter=rate, given=given, sample_weight=weights
        )
        self._publish(X)
        return self

    def _online_step(self, X, weights):
        """``step(batch)``: present the one signal of ``batch``; its distance to the winner."""
        W, p = self.cluster_centers_, self.win_frequencies_
        K = W.shape[0]
        eta, beta, gamma = self.learning_rate, self.conscience_rate, self.bias_factor
        diff = np.empty_like(W)

        def step(batch):
            i = int(np.asarray(batch).ravel()[0]) if not isinstance(batch, slice) else batch.start
            x = X[i]
            np.subtract(x, W, out=diff)  # x - w_i
            distances = np.sqrt(np.einsum("ij,ij->i", diff, diff))
            c = int(np.argmin(distances - gamma * (1.0 / K - p)))  # ties: the lowest index
            rate = eta if weights is None else min(1.0, eta * float(weights[i]))
            W[c] += rate * diff[c]  # w_c += eta s (x - w_c)
            np.multiply(p, 1.0 - beta, out=p)  # p_i += beta (y_i - p_i)
            p[c] += beta
            return float(distances[c])

        return step

    def _publish(self, X):
        self.n_iter_ = self._history.n_iter
        self.loss_curve_ = self._history.criterion
        self.labels_ = nearest_centers(X, self.cluster_centers_)[0][:, 0]

    def _labels_of(self, nearest_unit):
        return nearest_unit
