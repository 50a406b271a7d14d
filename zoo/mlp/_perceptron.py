r"""Rosenblatt's perceptron: McCulloch-Pitts threshold units trained by the perceptron rule."""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval
from sklearn.utils.multiclass import _check_partial_fit_first_call
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.activations import step as heaviside
from .._core.training import History, Monitor, fit_epochs
from .._core.validation import (
    check_at_least_two_classes,
    check_classification_target_kind,
    known_class_index,
)

#: Samples the online rule is handed at a time by the training loop (it still updates per sample).
_ONLINE_BATCH = 512


class Perceptron(ClassifierMixin, BaseEstimator):
    r"""Rosenblatt's perceptron (1958) with McCulloch-Pitts neurons and the perceptron rule.

    Each output unit is an M-P neuron :math:`o = H(x \cdot w - \theta)` with the Heaviside step
    :math:`H`; zoo stores the bias :math:`b = -\theta` in ``intercept_``. On every presented sample
    the perceptron learning rule moves each unit towards its target :math:`t \in \{0, 1\}`:

    .. math:: w \leftarrow w + \eta\,(t - o)\,x, \qquad b \leftarrow b + \eta\,(t - o)

    (with ``batch_size > 1`` the updates of a minibatch are summed: the batch perceptron rule).
    Binary problems use one unit; with K classes there is one unit per class, each trained on
    "its class vs the rest", and the prediction is the class whose unit has the largest net input
    :math:`x \cdot w_k + b_k`. By the perceptron convergence theorem (Novikoff 1962) training stops
    with zero errors on linearly separable data; on non-separable data (XOR, Minsky & Papert 1969)
    it never settles, and ``pocket=True`` (Gallant 1990) keeps the weights that made the fewest
    training errors at the end of any epoch.

    Parameters
    ----------
    eta0 : float, default=1.0
        Learning rate :math:`\eta`.
    max_iter : int, default=1000
        Maximum number of epochs.
    tol : float, default=1e-3
        An epoch "improves" when its error rate falls by more than ``tol``.
    n_iter_no_change : int, default=5
        Stop after this many epochs without improvement.
    batch_size : int, default=1
        1 is Rosenblatt's online rule.
    shuffle : bool, default=True
        Present the samples in a new random order each epoch.
    pocket : bool, default=False
        Keep the weights with the fewest training errors (Gallant's pocket algorithm).
    fit_intercept : bool, default=True
        Learn the threshold; False fixes :math:`\theta = 0`.
    warm_start : bool, default=False
    random_state : int, RandomState instance or None, default=None
    verbose : bool, default=False

    Attributes
    ----------
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
    intercept_ : ndarray of shape (1,) or (n_classes,)
        :math:`b = -\theta`.
    classes_ : ndarray of shape (n_classes,)
    n_iter_ : int
    loss_curve_ : list of float
        Error rate of each epoch (mistakes made while presenting it).
    n_features_in_ : int
    feature_names_in_ : ndarray

    References
    ----------
    Rosenblatt, F. (1958). The perceptron: a probabilistic model for information storage and
    organization in the brain. Psychological Review 65(6), 386-408.

    McCulloch, W. S. & Pitts, W. (1943). A logical calculus of the ideas immanent in nervous
    activity. Bulletin of Mathematical Biophysics 5, 115-133.

    Gallant, S. I. (1990). Perceptron-based learning algorithms. IEEE Transactions on Neural
    Networks 1(2), 179-191.

    Minsky, M. & Papert, S. (1969). Perceptrons. MIT Press.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.mlp import Perceptron
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> Perceptron(random_state=0).fit(X, [0, 0, 0, 1]).predict(X).tolist()  # AND is separable
    [0, 0, 0, 1]
    """

    _parameter_constraints: dict = {
        "eta0": [Interval(Real, 0, None, closed="neither")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "pocket": ["boolean"],
        "fit_intercept": ["boolean"],
        "warm_start": ["boolean"],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        *,
        eta0=1.0,
        max_iter=1000,
        tol=1e-3,
        n_iter_no_change=5,
        batch_size=1,
        shuffle=True,
        pocket=False,
        fit_intercept=True,
        warm_start=False,
        random_state=None,
        verbose=False,
    ):
        self.eta0 = eta0
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.pocket = pocket
        self.fit_intercept = fit_intercept
        self.warm_start = warm_start
        self.random_state = random_state
        self.verbose = verbose

    def _net_input(self, X):
        # z = x . w + b  (b = -theta)
        return X @ self.coef_.T + self.intercept_

    @staticmethod
    def _count_mistakes(scores, T):
        """Samples whose predicted class (sign, or the unit with the largest net input) is wrong."""
        if T.shape[1] == 1:
            return int(np.count_nonzero((scores[:, 0] >= 0) != (T[:, 0] > 0)))
        return int(np.count_nonzero(scores.argmax(axis=1) != T.argmax(axis=1)))

    def _errors(self, X, T):
        """Fraction of samples whose predicted class differs from the target's."""
        return self._count_mistakes(self._net_input(X), T) / X.shape[0]

    def _fit(self, X, y, incremental, classes=None):
        first_pass = not hasattr(self, "coef_") or (not self.warm_start and not incremental)
        X, y = validate_data(self, X, y, dtype=(np.float64, np.float32), reset=first_pass)
        check_classification_target_kind(y)
        if first_pass:
            self._binarizer = LabelBinarizer().fit(classes if classes is not None else y)
            self.classes_ = self._binarizer.classes_
            check_at_least_two_classes(self.classes_, type(self).__name__)
            n_units = self._binarizer.transform(self.classes_[:1]).shape[1]
            self.coef_ = np.zeros((n_units, X.shape[1]), dtype=X.dtype)
            self.intercept_ = np.zeros(n_units, dtype=X.dtype)
            self._history = History()
            self._rng = check_random_state(self.random_state)
        else:
            known_class_index(y, self.classes_)
        T = self._binarizer.transform(y).astype(X.dtype)
        W, b, eta = self.coef_, self.intercept_, self.eta0
        n_units = W.shape[0]
        buffer = np.empty((min(self.batch_size, X.shape[0]), n_units), dtype=X.dtype)

        def online_step(batch):
            """Rosenblatt's rule one sample at a time, in the order of ``batch``, exactly.

            The weights change only on a sample that some unit gets wrong, so the net inputs of a
            run of samples come from one product with the current weights; the rule is applied at
            the first sample of the run that needs it and the run restarts after it. The run
            grows while samples pass and shrinks after an update. Same weights as one product per
            sample, 4.6x faster on standardised digits (0.40 s vs 1.86 s for 18 epochs).
            """
            Xb, Tb = X[batch], T[batch]
            n_rows, start, run, mistakes = Xb.shape[0], 0, 8, 0
            while start < n_rows:
                Z = Xb[start : start + run] @ W.T
                Z += b  # z = x . w + b
                O = heaviside(Z)  # o = H(z)
                needs_update = (O != Tb[start : start + run]).any(axis=1)
                first = int(needs_update.argmax()) if needs_update.any() else None
                seen = len(Z) if first is None else first + 1
                mistakes += self._count_mistakes(Z[:seen], Tb[start : start + seen])
                if first is None:
                    start, run = start + seen, min(2 * run, 512)
                    continue
                row = start + first
                error = Tb[row] - O[first]  # t - o
                W[...] += eta * (error[:, np.newaxis] * Xb[row][np.newaxis, :])  # w += eta (t-o) x
                if self.fit_intercept:
                    b[...] += eta * error  # b += eta (t - o)
                start, run = row + 1, max(8, run // 2)
            return mistakes / n_rows

        def step(batch):
            Xb, Tb = X[batch], T[batch]
            out = buffer[: Xb.shape[0]]
            np.matmul(Xb, W.T, out=out)
            out += b
            mistakes = self._count_mistakes(out, Tb)
            heaviside(out, out=out)  # o = H(z)
            np.subtract(Tb, out, out=out)  # t - o
            W[...] += eta * (out.T @ Xb)  # w += eta (t - o) x
            if self.fit_intercept:
                b[...] += eta * out.sum(axis=0)  # b += eta (t - o)
            return mistakes / Xb.shape[0]

        validate = None
        if self.pocket:
            # Gallant's pocket: the "validation score" is minus the training error rate, so the
            # shared monitor keeps (and restores) the weights with the fewest training errors.
            def validate():
                return -self._errors(X, T), None

            if incremental:
                self._history.start_validation()
            elif first_pass or self._history.validation_scores is None:
                self._history = History(early_stopping=True)
        monitor = Monitor(
            self._history,
            name="Perceptron",
            n_iter_no_change=self.n_iter_no_change,
            tol=self.tol,
            verbose=self.verbose,
            params=[W, b],
            validate=validate,
        )
        online = self.batch_size == 1
        self.n_iter_ = fit_epochs(
            online_step if online else step,
            X.shape[0],
            monitor,
            batch_size=_ONLINE_BATCH if online else self.batch_size,
            max_iter=self.max_iter,
            rng=self._rng,
            shuffle=self.shuffle,
            incremental=incremental,
            stop_when=lambda error_rate: error_rate <= 0.0,  # every training sample right
        )
        self.loss_curve_ = self._history.loss_curve
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Train with the perceptron rule until an epoch makes no error, or patience runs out.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self : Perceptron
        """
        return self._fit(X, y, incremental=False)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None):
        """One epoch of the perceptron rule over ``X, y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        classes : array-like, default=None
            All classes of the stream; required on the first call.

        Returns
        -------
        self : Perceptron
        """
        first = _check_partial_fit_first_call(self, classes)
        if first:
            for attribute in ("coef_", "intercept_"):
                self.__dict__.pop(attribute, None)
        return self._fit(X, y, incremental=True, classes=self.classes_ if first else None)

    def decision_function(self, X):
        """Net input :math:`x \\cdot w + b` of each unit (1-D for binary problems)."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        scores = self._net_input(X)
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict(self, X):
        """Class of the unit with the largest net input (binary: ``H(z)``)."""
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self.classes_[(scores >= 0).astype(int)]
        return self.classes_[scores.argmax(axis=1)]
