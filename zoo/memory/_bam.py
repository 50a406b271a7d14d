r"""Kosko's (1988) bidirectional associative memory: stores pattern pairs, recalls either side."""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, MultiOutputMixin, _fit_context
from sklearn.utils import Bunch, check_array
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.associative import hebb_weights
from .._core.energy import bipartite_energy
from ._base import detect_encoding, from_bipolar, recall, to_bipolar, warn_unsettled


class BAM(MultiOutputMixin, BaseEstimator):
    r"""Bidirectional associative memory: recalls the stored partner of a (noisy) pattern.

    Two layers of bipolar units, :math:`x \in \{-1, 1\}^{N_x}` and :math:`y \in \{-1, 1\}^{N_y}`,
    are connected by the correlation matrix of the stored pairs :math:`(x_k, y_k)` (Kosko 1988):

    .. math:: W = \sum_k x_k y_k^\top \quad (N_x \times N_y).

    :meth:`predict` clamps nothing: it starts from the cue :math:`x` and updates the layers in
    turn,

    .. math:: y \leftarrow \operatorname{sgn}(W^\top x), \qquad x \leftarrow \operatorname{sgn}(W y)

    (a unit whose input is exactly 0 keeps its state; the recalled layer starts off), until the
    pair :math:`(x, y)` no longer changes. Every layer update lowers or keeps the energy
    :math:`E(x, y) = -x^\top W y` (:func:`zoo._core.energy.bipartite_energy`, an RBM's energy
    without biases), so recall always ends in a stable pair. :meth:`inverse_predict` runs the same
    from :math:`y`. This is a two-layer Hopfield network, run by the same zero-temperature sweep
    (:func:`zoo._core.sampling.gibbs_sweep`), one layer per group.

    The stored pairs are stable while their crosstalk is small, so the capacity is of the order of
    :math:`\min(N_x, N_y)` (``benchmarks/bench_memory.py`` prints the share of pairs recalled
    without error against :math:`P / \min(N_x, N_y)`).

    Patterns are binary (0/1) or bipolar (-1/1), each side with its own encoding, which
    :meth:`predict` and :meth:`inverse_predict` answer in. Real-valued input is binarised at
    ``binarize``.

    Parameters
    ----------
    max_iter : int, default=100
        Maximum number of bidirectional sweeps (both layers updated once) per cue.
    binarize : float or None, default=0.0
        Threshold for binarising real-valued X and Y (:math:`x > \text{binarize}` is on);
        binary and bipolar patterns are unchanged by the default. None requires binary or bipolar
        input and raises a ValueError otherwise.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features_in_, n_outputs_)
        The correlation matrix :math:`W`.
    encoding_, target_encoding_ : {"binary", "bipolar"}
        The encodings of X and Y.
    n_outputs_ : int
        :math:`N_y`.
    n_iter_ : int
        Sweeps that recalling the stored pairs from their X took (1 when all are stable).
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Defined only when X has feature names that are all strings.

    See Also
    --------
    HopfieldNetwork : auto-association in one layer.

    Notes
    -----
    Storage is one step, so there are no training iterations for callbacks or ``warm_start``
    to follow (a refit stores the new patterns), and ``fit`` takes no ``sample_weight`` (a
    ``TypeError`` names it): each stored pair is one memory, and Kosko's correlation matrix
    weighs none against another.

    References
    ----------
    .. [1] Kosko, B. (1988). Bidirectional associative memories. IEEE Transactions on Systems,
       Man, and Cybernetics, 18(1), 49-60.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.memory import BAM
    >>> X = np.array([[1, 0, 1, 0, 1, 0], [1, 1, 1, 0, 0, 0]])
    >>> Y = np.array([[1, 1, 0, 0], [1, 0, 1, 0]])
    >>> bam = BAM().fit(X, Y)
    >>> bam.predict(X).astype(int).tolist()
    [[1, 1, 0, 0], [1, 0, 1, 0]]
    >>> bam.inverse_predict(Y).astype(int).tolist()
    [[1, 0, 1, 0, 1, 0], [1, 1, 1, 0, 0, 0]]
    """

    _parameter_constraints: dict = {
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "binarize": [None, Interval(Real, None, None, closed="neither")],
    }

    _input_domain = "binary"
    _compare_params = {}

    def __init__(self, *, max_iter=100, binarize=0.0):
        self.max_iter = max_iter
        self.binarize = binarize

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, Y):
        """Store the pairs (X[k], Y[k]).

        Parameters
        ----------
        X : array-like of shape (n_pairs, n_features)
        Y : array-like of shape (n_pairs,) or (n_pairs, n_outputs)

        Returns
        -------
        self : BAM
        """
        X, Y = validate_data(
            self, X, Y, multi_output=True, y_numeric=True, dtype=(np.float64, np.float32)
        )
        name = type(self).__name__
        Y = np.asarray(Y, dtype=X.dtype)
        self._y_1d = Y.ndim == 1
        Y = Y.reshape(Y.shape[0], -1)
        self.encoding_ = detect_encoding(X, self.binarize, name)
        self.target_encoding_ = detect_encoding(Y, self.binarize, name, "Y")
        patterns_x = to_bipolar(X, self.encoding_, self.binarize, name)
        patterns_y = to_bipolar(Y, self.target_encoding_, self.binarize, name, "Y")
        self.n_outputs_ = Y.shape[1]
        self.coef_ = hebb_weights(patterns_x, patterns_y)
        self.n_iter_ = int(self._recall(patterns_x, forward=True).n_iter.max())
        return self

    def _recall(self, cue, forward):
        """Bidirectional recall from X (forward) or from Y, on the joint network of both layers."""
        n_x, n_y = self.coef_.shape
        # one symmetric network over (x, y): W_joint = [[0, W], [W^T, 0]]
        W_joint = np.zeros((n_x + n_y, n_x + n_y), dtype=self.coef_.dtype)
        W_joint[:n_x, n_x:] = self.coef_
        W_joint[n_x:, :n_x] = self.coef_.T
        x_units, y_units = slice(0, n_x), slice(n_x, None)
        S = -np.ones((cue.shape[0], n_x + n_y), dtype=self.coef_.dtype)  # the recalled side off
        S[:, x_units if forward else y_units] = cue
        order = [y_units, x_units] if forward else [x_units, y_units]
        S, (n_iter, converged, cycled) = recall(S, W_joint, lambda t: order, self.max_iter)
        return Bunch(x=S[:, x_units], y=S[:, y_units], n_iter=n_iter, converged=converged)

    def _x_cues(self, X):
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        cue = to_bipolar(X, self.encoding_, self.binarize, type(self).__name__)
        return cue.astype(self.coef_.dtype, copy=False)

    def _y_cues(self, Y):
        Y = check_array(Y, dtype=(np.float64, np.float32), ensure_2d=self.n_outputs_ > 1)
        Y = Y.reshape(Y.shape[0], -1)
        if Y.shape[1] != self.n_outputs_:
            raise ValueError(
                f"Y has {Y.shape[1]} features (outputs), but BAM was fitted with "
                f"{self.n_outputs_} outputs."
            )
        cue = to_bipolar(Y, self.target_encoding_, self.binarize, type(self).__name__, "Y")
        return cue.astype(self.coef_.dtype, copy=False)

    def _answer(self, cue, forward):
        result = self._recall(cue, forward)
        no_cycle = np.zeros_like(result.converged)  # a BAM always ends in a stable pair
        warn_unsettled(type(self).__name__, result.converged, no_cycle, self.max_iter)
        return result

    def predict(self, X):
        """The Y recalled from the cues X (in Y's encoding).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        Y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        """
        check_is_fitted(self)
        Y = from_bipolar(self._answer(self._x_cues(X), forward=True).y, self.target_encoding_)
        return Y.ravel() if self._y_1d else Y

    def inverse_predict(self, Y):
        """The X recalled from the cues Y (in X's encoding).

        Parameters
        ----------
        Y : array-like of shape (n_samples, n_outputs)

        Returns
        -------
        X : ndarray of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        return from_bipolar(self._answer(self._y_cues(Y), forward=False).x, self.encoding_)

    def energy(self, X, Y):
        """Energy :math:`E(x, y) = -x^\\top W y` of each pair of rows (as bipolar states).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        Y : array-like of shape (n_samples, n_outputs)

        Returns
        -------
        energy : ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        x, y = self._x_cues(X), self._y_cues(Y)
        if x.shape[0] != y.shape[0]:
            raise ValueError(
                f"X and Y have inconsistent numbers of samples: {x.shape[0]} and {y.shape[0]}."
            )
        return bipartite_energy(x, y, self.coef_, np.zeros(x.shape[1]), np.zeros(y.shape[1]))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = True
        return tags
