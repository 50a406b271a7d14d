r"""Hopfield's (1982) network: a content-addressable memory of binary patterns."""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils import Bunch, check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.associative import hebb_weights, pseudoinverse_weights, storkey_weights
from .._core.diagnostics import warn_at_caller
from .._core.energy import quadratic_energy
from .._core.feature_names import RecalledFeaturesOutMixin
from .._core.sampling import generator_from
from ._base import detect_encoding, from_bipolar, recall, to_bipolar, warn_unsettled

LEARNING_RULES = {
    "hebb": hebb_weights,
    "storkey": storkey_weights,
    "pseudoinverse": pseudoinverse_weights,
}


class HopfieldNetwork(RecalledFeaturesOutMixin, TransformerMixin, BaseEstimator):
    r"""Hopfield network: stores binary patterns, recalls the nearest one from a corrupted cue.

    :math:`N` fully connected bipolar units :math:`s_i \in \{-1, 1\}` with symmetric weights
    :math:`W` store the rows of X (Hopfield 1982). Recall starts from a cue and updates units by

    .. math:: s_i \leftarrow \operatorname{sgn}\Big(\sum_j W_{ij} s_j\Big)

    (a unit whose input is exactly 0 keeps its state) until no unit changes. Each asynchronous
    update (one unit at a time, in a random order per sweep) never raises the energy

    .. math:: E(s) = -\tfrac12 s^\top W s,

    so recall ends in a fixed point, a local minimum of :math:`E`; the synchronous (all units at
    once) update may instead end in a 2-cycle, which is detected and warned about. This is the
    Boltzmann machine at temperature 0, and zoo runs it with the same sweep
    (:func:`zoo._core.sampling.gibbs_sweep`).

    The learning rules (:mod:`zoo._core.associative`) differ in how many patterns become fixed
    points. For :math:`N` units and random patterns:

    * ``"hebb"``, :math:`W = \frac1N \sum_k \xi_k \xi_k^\top` with zero diagonal: recall from
      noisy cues works up to :math:`P \approx 0.138 N` (Amit, Gutfreund & Sompolinsky 1985) and
      collapses beyond; correlated patterns (such as images) interfere much earlier: of five
      binarised digit images (0-4 of scikit-learn's digits, 64 units) it stores none.
    * ``"storkey"`` (Storkey 1997): a local, incremental rule that subtracts each pattern's
      crosstalk; capacity about :math:`N / \sqrt{2 \ln N}`.
    * ``"pseudoinverse"``, :math:`W = X^+ X` with zero diagonal (Personnaz, Guyon & Dreyfus 1985;
      Kanter & Sompolinsky 1987): every set of linearly independent patterns (so up to
      :math:`P < N`) is stored as fixed points, correlated or not; the basins of attraction shrink
      as :math:`P` grows (``benchmarks/bench_memory.py`` prints the recall curve), and
      patterns spanning all :math:`N` units are not stored at all (fit warns). The
      default, since the patterns a user stores (images, codes) are rarely uncorrelated: it
      stores all five digit images, and recalls each from a cue with 5% of its bits flipped
      (``tests/test_memory.py`` checks both).

    Patterns are binary (0/1) or bipolar (-1/1); :meth:`transform` answers in the encoding the
    network was fitted on. Real-valued input is binarised at ``binarize``.

    Parameters
    ----------
    learning_rule : {"hebb", "storkey", "pseudoinverse"}, default="pseudoinverse"
        How the weights are computed from the patterns; ``"hebb"`` is Hopfield's own rule, for
        random patterns far below the capacity.
    update : {"async", "sync"}, default="async"
        ``"async"``: one unit at a time, in a random order drawn anew for every sweep (seeded by
        ``random_state``); ``"sync"``: all units at once from the previous state (Little 1974).
    max_iter : int, default=100
        Maximum number of sweeps (every unit updated once) per cue.
    binarize : float or None, default=0.0
        Threshold for binarising real-valued input (:math:`x > \text{binarize}` is on), as in
        scikit-learn's ``BernoulliNB``; binary and bipolar patterns are unchanged by the default.
        None requires binary or bipolar input and raises a ValueError otherwise.
    random_state : int, RandomState instance or None, default=None
        Seeds the order of the asynchronous updates. Sweep t of every cue uses the same order, the
        t-th drawn from the seed; with an int seed each call of :meth:`transform` draws the same
        orders, so recall is reproducible and a cue's recall does not depend on the other rows.
    verbose : bool, default=False
        Print what :meth:`fit` stored (rule, patterns, fixed points) and how each recall went
        (cues, sweeps, fixed points reached).

    Attributes
    ----------
    coef_ : ndarray of shape (n_features_in_, n_features_in_)
        The symmetric weight matrix :math:`W` (bipolar units, no thresholds).
    encoding_ : {"binary", "bipolar"}
        The encoding of the training patterns, which :meth:`transform` answers in. A training set
        of only ones counts as binary; real-valued input (binarised) as bipolar.
    fixed_points_ : ndarray of bool, shape (n_patterns,)
        Whether each stored pattern is a fixed point of the network: the capacity in one line.
    n_iter_ : int
        Sweeps that recalling the stored patterns took (1 when all are fixed points).
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Defined only when X has feature names that are all strings.

    See Also
    --------
    ModernHopfield : continuous patterns, exponential capacity.
    BAM : hetero-association of pattern pairs.

    Notes
    -----
    Storage is one step, so there are no training iterations for callbacks or ``warm_start``
    to follow (a refit stores the new patterns), and ``fit`` takes no ``sample_weight`` (a
    ``TypeError`` names it): each stored pattern is one memory, and no storage rule weighs one
    against another.

    References
    ----------
    .. [1] Hopfield, J. J. (1982). Neural networks and physical systems with emergent collective
       computational abilities. PNAS, 79(8), 2554-2558.
    .. [2] Amit, D. J., Gutfreund, H., & Sompolinsky, H. (1985). Storing infinite numbers of
       patterns in a spin-glass model of neural networks. Physical Review Letters, 55, 1530.
    .. [3] Storkey, A. (1997). Increasing the capacity of a Hopfield network without sacrificing
       functionality. ICANN'97, 451-456.
    .. [4] Personnaz, L., Guyon, I., & Dreyfus, G. (1985). Information storage and retrieval in
       spin-glass like neural networks. Journal de Physique Lettres, 46(8), 359-365.
    .. [5] Kanter, I., & Sompolinsky, H. (1987). Associative recall of memory without errors.
       Physical Review A, 35(1), 380-392.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.memory import HopfieldNetwork
    >>> patterns = np.array([[1, 1, 1, 1, -1, -1, -1, -1],
    ...                      [1, -1, 1, -1, 1, -1, 1, -1]])
    >>> net = HopfieldNetwork(random_state=0).fit(patterns)
    >>> cue = patterns[:1].copy()
    >>> cue[0, 0] = -1  # one bit flipped
    >>> net.transform(cue).astype(int).tolist()
    [[1, 1, 1, 1, -1, -1, -1, -1]]
    >>> bool(net.energy(cue)[0] > net.energy(patterns[:1])[0])
    True
    """

    _parameter_constraints: dict = {
        "learning_rule": [StrOptions(set(LEARNING_RULES))],
        "update": [StrOptions({"async", "sync"})],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "binarize": [None, Interval(Real, None, None, closed="neither")],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    _input_domain = "binary"
    _compare_params = {}
    # recall returns a stored training pattern, which a read-out cannot classify (0.117 on
    # digits with LogisticRegression, chance 0.101)
    _compare_excluded = (
        "an associative memory: its recall returns stored patterns, not features for a classifier"
    )

    def __init__(
        self,
        *,
        learning_rule="pseudoinverse",
        update="async",
        max_iter=100,
        binarize=0.0,
        random_state=None,
        verbose=False,
    ):
        self.learning_rule = learning_rule
        self.update = update
        self.max_iter = max_iter
        self.binarize = binarize
        self.random_state = random_state
        self.verbose = verbose

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Store the rows of X as patterns.

        Parameters
        ----------
        X : array-like of shape (n_patterns, n_features)
            Binary (0/1) or bipolar (-1/1) patterns, or real values to binarise.
        y : None
            Ignored.

        Returns
        -------
        self : HopfieldNetwork
        """
        X = validate_data(self, X, dtype=(np.float64, np.float32))
        self.encoding_ = detect_encoding(X, self.binarize, type(self).__name__)
        patterns = to_bipolar(X, self.encoding_, self.binarize, type(self).__name__)
        self.coef_ = LEARNING_RULES[self.learning_rule](patterns)
        if self.learning_rule == "pseudoinverse" and not self.coef_.any():
            warn_at_caller(
                f"{type(self).__name__}: the {len(patterns)} patterns span all "
                f"{patterns.shape[1]} units, so the pseudoinverse rule stores none of them (its "
                "weights are zero and every state is a fixed point); store fewer patterns than "
                "units, or use learning_rule='storkey' or 'hebb'.",
                UserWarning,
            )
        # a stored pattern is a fixed point when sgn(W xi) = xi (a zero input keeps the state)
        field = patterns @ self.coef_
        self.fixed_points_ = (field * patterns >= 0).all(axis=1)
        self.n_iter_ = int(self._recall(patterns).n_iter.max())
        if self.verbose:
            print(
                f"[{type(self).__name__}] stored {len(patterns)} patterns of "
                f"{patterns.shape[1]} units by the {self.learning_rule} rule, fixed points = "
                f"{int(self.fixed_points_.sum())} of {len(patterns)}, sweeps = {self.n_iter_}"
            )
        return self

    def _recall(self, S):
        n_units = S.shape[1]
        if self.update == "sync":

            def groups(t):
                return [slice(None)]  # every unit at once from the previous state
        else:
            rng = generator_from(check_random_state(self.random_state))

            def groups(t):
                return [slice(i, i + 1) for i in rng.permutation(n_units)]

        S, (n_iter, converged, cycled) = recall(S, self.coef_, groups, self.max_iter)
        return Bunch(states=S, n_iter=n_iter, converged=converged, cycled=cycled)

    def _validate_cues(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        S = to_bipolar(X, self.encoding_, self.binarize, type(self).__name__)
        return S.astype(self.coef_.dtype, copy=False)

    def recall(self, X):
        """Recall from each cue, with how the recall went.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Cues, in the encoding of the stored patterns.

        Returns
        -------
        result : Bunch
            ``states`` (the recalled patterns, in the fitted encoding), ``n_iter`` (sweeps per
            cue, the last, unchanged one included), ``converged`` (reached a fixed point) and
            ``cycled`` (ended in a 2-cycle, synchronous update only), one entry per cue.
        """
        result = self._recall(self._validate_cues(X))
        if self.verbose:
            print(
                f"[{type(self).__name__}] recalled {len(result.n_iter)} cues, sweeps = "
                f"{int(result.n_iter.max(initial=0))} at most, fixed points reached = "
                f"{int(result.converged.sum())} of {len(result.n_iter)}"
            )
        warn_unsettled(type(self).__name__, result.converged, result.cycled, self.max_iter)
        result.states = from_bipolar(result.states, self.encoding_)
        return result

    def transform(self, X):
        """The patterns recalled from the cues X (in the encoding of the stored patterns).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        X_recalled : ndarray of shape (n_samples, n_features)
        """
        return self.recall(X).states

    def predict(self, X):
        """The patterns recalled from the cues X: as :meth:`transform`, always as an array."""
        return self.recall(X).states

    def score(self, X, y=None):
        """The mean fraction of units that recall leaves as the cues X set them.

        1.0 when every row of X is a fixed point (a stored memory, or a spurious one); lower
        when recall moves rows towards other patterns. On held-out patterns it measures how
        well the network keeps patterns like those it stored, which is what ``GridSearchCV``
        maximises without a scorer.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Cues, in the encoding of the stored patterns.
        y : None
            Ignored.

        Returns
        -------
        score : float
        """
        S = self._validate_cues(X)
        result = self._recall(S)
        warn_unsettled(type(self).__name__, result.converged, result.cycled, self.max_iter)
        return float(np.mean(result.states == S))

    def energy(self, X):
        r"""Energy :math:`E(s) = -\tfrac12 s^\top W s` of each row of X (as bipolar states).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        energy : ndarray of shape (n_samples,)
        """
        S = self._validate_cues(X)
        return quadratic_energy(S, self.coef_, np.zeros(S.shape[1], dtype=S.dtype))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
