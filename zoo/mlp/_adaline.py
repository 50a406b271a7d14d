r"""What the ADALINE regressor and classifier share: the Widrow-Hoff (LMS) rule, its learning
rate, the input tap delay line of the adaptive filter, and the docstring fragments.

The ADALINE (Widrow & Hoff 1960) is the perceptron's linear sibling: one layer of units with net
input :math:`z = W\tilde x + b`, trained on the *linear* output by the least-mean-squares rule
instead of on the thresholded one. It lives beside :class:`~zoo.mlp.Perceptron` because it is the
same single-layer network with the same online presentation through the shared loop; only the
error it learns from differs (MATLAB documents ``linearlayer`` in the same chapter as
``perceptron``).
"""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.callback import CallbackSupportMixin
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.callbacks import close_callbacks, epoch_callbacks, open_callbacks
from .._core.delays import check_delays, delay_rows
from .._core.training import Criterion, History, Monitor, fit_epochs
from .._core.validation import check_input_scale, check_sample_weight

_FLOATS = (np.float64, np.float32)
#: Samples the training loop hands the online rule at a time (it still updates per sample).
_ONLINE_BATCH = 512
#: ``learning_rate="auto"``: the misadjustment :math:`M = \mu\,\mathrm{tr}\,R` it aims at.
AUTO_MISADJUSTMENT = 0.1


def maxlinlr(X, bias=True, sample_weight=None):
    r"""The largest stable LMS learning rate of the inputs ``X``, MATLAB's ``maxlinlr``.

    With the rule :math:`w \leftarrow w + 2\mu e \tilde x` the mean weight vector converges when
    :math:`0 < \mu < 1/\lambda_{\max}(R)`, :math:`R = \sum_i s_i \tilde x_i \tilde x_i^\top /
    \sum_i s_i` the input correlation matrix (:math:`\tilde x = [x, 1]` with ``bias``; Widrow &
    Stearns 1985, ch. 6). This returns :math:`0.9999/\lambda_{\max}(R)`: MATLAB's formula,
    ``maxlinlr(P, 'bias')`` :math:`= 0.9999/\lambda_{\max}(P P^\top)`, on the mean correlation
    :math:`R = P P^\top / Q` of the :math:`Q` columns of ``P`` rather than their sum (MATLAB's
    value times :math:`Q`), since zoo's rate is that of one sample's step.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The inputs the filter sees (its tap rows, with input delays).
    bias : bool, default=True
        Whether the unit has a bias (a constant input of 1).
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    mu : float
        The bound on :math:`\mu`; ``inf`` for all-zero inputs without a bias.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.mlp import maxlinlr
    >>> round(maxlinlr(np.eye(2) * 2, bias=False), 4)  # R = diag(2, 2)
    0.5
    """
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, np.newaxis]
    if bias:
        X = np.hstack([X, np.ones((X.shape[0], 1))])
    w = np.ones(X.shape[0]) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    R = (X * (w / w.sum())[:, np.newaxis]).T @ X
    largest = float(np.linalg.eigvalsh(R)[-1])
    return 0.9999 / largest if largest > 0 else float("inf")


#: Docstring fragments the two ADALINEs splice (``shared_doc``).
DOC = {
    name: text.strip("\n")
    for name, text in dict(
        rule=r"""
The Widrow-Hoff (LMS, least-mean-squares) rule, in Widrow & Hoff's scaling: each presented
sample :math:`(x, y)` with weight :math:`s` moves every unit by its own a-priori error
:math:`e = y - (W\tilde x + b)`,

.. math:: W \leftarrow W + 2\mu\, s\, e\, \tilde x^\top, \qquad b \leftarrow b + 2\mu\, s\, e,

a stochastic gradient step on the weighted mean squared error
:math:`\xi = \sum_i s_i \lVert y_i - W\tilde x_i - b\rVert^2 / \sum_i s_i` (MATLAB's ``learnwh``
is :math:`\Delta W = \eta\, e\, \tilde x^\top` with :math:`\eta = 2\mu`). A sample weight
:math:`s` scales that sample's step, which is not the same as presenting the sample :math:`s`
times (the rule is online, as scikit-learn's ``SGDRegressor``); weights of the order of 1 keep
``learning_rate="auto"`` meaningful. The mean weights converge for
:math:`0 < \mu < 1/\lambda_{\max}(R)`, :math:`R` the input correlation matrix
(:func:`~zoo.mlp.maxlinlr`, MATLAB's ``maxlinlr``); at a small :math:`\mu` they settle near the
least-squares solution, with an excess mean squared error of :math:`M \approx \mu\,\mathrm{tr}R`
times the minimum (Widrow's misadjustment).""",
        delays=r"""
With ``input_delays`` the units are an adaptive FIR filter (MATLAB ``linearlayer(inputDelays)``,
the adaptive noise canceller of Widrow et al. 1975): the rows of a table ``X`` are the time steps
of one series, and the unit sees the tap row
:math:`\tilde x_t = [u(t-d)]_{d \in D}` (:func:`zoo._core.delays.delay_rows`), the inputs before
the series' start being zero (``fit``, ``predict``) or, in ``partial_fit``, the last inputs of the
previous call (the delay line's state, MATLAB's ``adapt`` with its final input states), so that
consecutive calls filter one stream. ``partial_fit`` presents the samples in their order, one
update each: the adaptive filter, whose a-priori errors :math:`e(t)` are ``errors_``.""",
        parameters=r"""
learning_rate : float or "auto", default="auto"
    :math:`\mu` of the rule. ``"auto"`` sets :math:`\mu = 0.1 / \mathrm{tr}R`, with
    :math:`\mathrm{tr}R = \sum_i s_i\lVert\tilde x_i\rVert^2/n` (bias input included) measured on
    the data of ``fit`` (or of the first ``partial_fit``): a misadjustment of about 10 %, always
    inside the stability bound :math:`1/\lambda_{\max}(R) \ge 1/\mathrm{tr}R`; and at most
    :math:`0.5 / \max_i s_i\lVert\tilde x_i\rVert^2`, so that no single step more than
    corrects its own sample's error (a rare sample far from the mean, such as a standardised
    pixel that is nearly always 0, would otherwise throw the online rule off).
input_delays : int, sequence of int or None, default=None
    Tap delays :math:`D` of an adaptive filter (0 is the current input); None treats the rows
    as independent samples.
fit_intercept : bool, default=True
    Learn the bias :math:`b`; False fixes it at 0.
max_iter : int, default=200
    Maximum number of epochs of ``fit``.
tol : float or None, default=1e-4
    Stop when the epoch's mean squared error has not fallen below ``best - tol`` for
    ``n_iter_no_change`` epochs; None runs ``max_iter`` epochs.
n_iter_no_change : int, default=5
shuffle : bool, default=True
    Present the samples of ``fit`` in a new random order each epoch (``partial_fit`` keeps
    their order).
random_state : int, RandomState instance or None, default=None
    Seeds the presentation order.
verbose : int, default=0
    Print one line per epoch.
warm_start : bool, default=False
    ``fit`` continues from the fitted weights (another number of features raises ValueError).""",
        attributes=r"""
coef_ : ndarray of shape (n_units, n_taps * n_features_in_)
    :math:`W`; with ``input_delays``, column :math:`j F + f` weighs feature :math:`f` at the
    :math:`j`-th delay.
intercept_ : ndarray of shape (n_units,)
learning_rate_ : float
    The :math:`\mu` used.
errors_ : ndarray of shape (n_samples, n_units)
    The a-priori errors :math:`e` of the last epoch presented, in the samples' order (the
    adaptive filter's output in ``partial_fit``).
n_iter_ : int
    Epochs run.
loss_curve_ : list of float
    The weighted mean of the squared a-priori errors :math:`\lVert e\rVert^2` (summed over
    units) of each epoch, measured while presenting it.
n_features_in_ : int
feature_names_in_ : ndarray""",
        references=r"""
Widrow, B. & Hoff, M. E. (1960). Adaptive switching circuits. IRE WESCON Convention Record 4,
96-104.

Widrow, B., Glover, J. R., McCool, J. M. et al. (1975). Adaptive noise cancelling: principles
and applications. Proceedings of the IEEE 63(12), 1692-1716.

Widrow, B. & Stearns, S. D. (1985). Adaptive Signal Processing. Prentice-Hall.""",
    ).items()
}


class _ADALINE(CallbackSupportMixin, BaseEstimator):
    """The shared training (not public); subclasses give the targets and the outputs."""

    _input_domain = "real"
    #: What ``loss_curve_`` records, as ``verbose`` lines and ``zoo compare``'s report name it.
    _loss_curve_quantity = "mean squared error"

    _parameter_constraints: dict = {
        "learning_rate": [Interval(Real, 0, None, closed="neither"), StrOptions({"auto"})],
        "input_delays": [Integral, "array-like", None],
        "fit_intercept": ["boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left"), None],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
    }

    def __init__(
        self,
        *,
        learning_rate="auto",
        input_delays=None,
        fit_intercept=True,
        max_iter=200,
        tol=1e-4,
        n_iter_no_change=5,
        shuffle=True,
        random_state=None,
        verbose=0,
        warm_start=False,
    ):
        self.learning_rate = learning_rate
        self.input_delays = input_delays
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.shuffle = shuffle
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start

    # ------------------------------------------------------------------ the tap delay line
    def _delays(self):
        if self.input_delays is None:
            return None
        return check_delays(self.input_delays, "input_delays", True)

    def _taps(self, X, state):
        """The tap rows :math:`[u(t-d)]_{d\\in D}` of the series ``X`` whose earlier inputs are
        ``state`` (``max(D)`` rows; zeros: a new series), and the state after ``X``."""
        delays = self._delays()
        if delays is None:
            return X, None
        offset = delays[-1]
        if state is None:
            state = np.zeros((offset, X.shape[1]), dtype=X.dtype)
        U = np.concatenate([state.astype(X.dtype, copy=False), X])
        n = X.shape[0]
        sequences, steps = np.zeros(n, np.intp), np.arange(n)
        rows = delay_rows(U[np.newaxis], None, offset, sequences, steps, delays, ())
        return rows, U[U.shape[0] - offset :].copy()

    # ------------------------------------------------------------------ training
    def _auto_rate(self, rows, sample_weight):
        r""":math:`\mu = M / \mathrm{tr}R` with :math:`\mathrm{tr}R = \sum_i s_i \lVert\tilde
        x_i\rVert^2 / n`."""
        if self.learning_rate != "auto":
            return float(self.learning_rate)
        norms = np.einsum("ij,ij->i", rows, rows, dtype=np.float64) + float(self.fit_intercept)
        trace = float(np.dot(sample_weight, norms)) / rows.shape[0]
        rate = AUTO_MISADJUSTMENT / trace if trace > 0 else AUTO_MISADJUSTMENT
        # one step scales its sample's error by 1 - 2 mu s_i ||x_i||^2: past mu = 1 / (s_i
        # ||x_i||^2) it overshoots, and a rare sample far from the mean (a standardised pixel
        # that is almost always 0) makes the online rule diverge; half that bound keeps every
        # step from more than correcting its own error (normalised LMS's step of 1)
        largest = float(np.max(sample_weight * norms))
        return min(rate, 0.5 / largest) if largest > 0 else rate

    def _fit(self, X, y, incremental, sample_weight=None, classes=None):
        given = dict(X=X, y=y, sample_weight=sample_weight)
        first_pass = not hasattr(self, "coef_") or (not self.warm_start and not incremental)
        X, y = validate_data(self, X, y, dtype=_FLOATS, reset=first_pass, **self._y_options)
        check_input_scale(X, type(self).__name__, power=4)
        self._delays()  # named errors before anything is fitted
        Y = self._encode_targets(y, first_pass, classes).astype(X.dtype, copy=False)
        sample_weight = check_sample_weight(sample_weight, X)
        state = getattr(self, "_delay_state", None) if incremental and not first_pass else None
        rows, end_state = self._taps(X, state)
        if first_pass:
            self.coef_ = np.zeros((Y.shape[1], rows.shape[1]), dtype=X.dtype)
            self.intercept_ = np.zeros(Y.shape[1], dtype=X.dtype)
            self._history = History()
        elif Y.shape[1] != self.coef_.shape[0]:
            raise ValueError(
                f"y has {Y.shape[1]} outputs, but {type(self).__name__} was fitted with "
                f"{self.coef_.shape[0]}."
            )
        else:
            self.coef_ = self.coef_.astype(X.dtype, copy=False)
            self.intercept_ = self.intercept_.astype(X.dtype, copy=False)
        if not incremental:
            self._history = History()
        if first_pass or not incremental:
            self.learning_rate_ = self._auto_rate(rows, sample_weight)
        self.errors_ = np.zeros_like(Y)
        monitor = Monitor(
            self._history,
            name=type(self).__name__,
            step_parameter=f"learning_rate={self.learning_rate_:.4g}",
            n_iter_no_change=None if self.tol is None else self.n_iter_no_change,
            tol=self.tol,
            verbose=self.verbose,
            params=[self.coef_, self.intercept_],
            criterion=Criterion(self._loss_curve_quantity),
            callbacks=None,
        )
        if not incremental:
            open_callbacks(self, **given, max_epochs=self.max_iter)
        monitor.callbacks = epoch_callbacks(self)
        rng = check_random_state(self.random_state)
        n_epochs = fit_epochs(
            lambda batch: self._lms(rows, Y, sample_weight, batch),
            rows.shape[0],
            monitor,
            batch_size=_ONLINE_BATCH,
            max_iter=self.max_iter,
            rng=rng,
            shuffle=self.shuffle and not incremental,
            incremental=incremental,
            sample_weight=sample_weight,
            warn_at_max_iter=self.tol is not None,
        )
        close_callbacks(self)
        self.n_iter_ = n_epochs
        self._history.publish(self)
        self._delay_state = end_state
        return self

    def _lms(self, rows, Y, sample_weight, batch):
        """The Widrow-Hoff rule over the samples of ``batch``, one at a time, in its order; the
        batch's weighted mean squared a-priori error."""
        W, b = self.coef_, self.intercept_
        two_mu = 2.0 * self.learning_rate_
        Xb, Yb, sb = rows[batch], Y[batch], sample_weight[batch]
        E = np.empty_like(Yb)
        intercept = self.fit_intercept
        for i in range(Xb.shape[0]):
            x = Xb[i]
            e = Yb[i] - (W @ x + b)  # the a-priori error
            E[i] = e
            if sb[i] != 0:
                g = (two_mu * sb[i]) * e
                W += np.outer(g, x)  # W += 2 mu s e x^T
                if intercept:
                    b += g  # b += 2 mu s e
        self.errors_[batch] = E
        squared = np.einsum("ij,ij->i", E, E)
        total = float(sb.sum())
        return float(np.dot(sb, squared)) / total if total > 0 else 0.0

    # ------------------------------------------------------------------ outputs
    def _net_input(self, X):
        """:math:`W\\tilde x + b` of a new series (zero initial conditions) or rows."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=_FLOATS, reset=False)
        check_input_scale(X, type(self).__name__, power=4)
        rows, _ = self._taps(X, None)
        return rows @ self.coef_.T.astype(rows.dtype, copy=False) + self.intercept_
