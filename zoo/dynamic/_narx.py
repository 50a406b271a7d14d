"""The nonlinear autoregressive network with exogenous inputs, :class:`NARXRegressor`."""

from numbers import Integral

import numpy as np
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted

from .._core.delays import delay_rows, pad_front
from .._core.docstrings import doc_entries, shared_doc
from .._core.losses import REGRESSION_LOSSES
from ..mlp import MLPRegressor
from ._base import (
    _CONVERGENCE_DOC,
    _LAYOUT_DOC,
    _SHARED_PARAMETERS_DOC,
    CONVERGENCE_PARAMS,
    MLP_DOCUMENTED,
    _constraints,
    _DelayNetwork,
    _SeriesRegressorMixin,
    check_n_steps,
)

_REGRESSOR_EXTRA = ("loss", "lm_regularization", "huber_delta")


class _DelayRegressor(_SeriesRegressorMixin, _DelayNetwork):
    """The regressors' shared prediction (not public)."""

    _mlp_class = MLPRegressor
    _is_regressor = True
    _y_numeric = True

    def _extra_mlp_params(self):
        return {name: getattr(self, name) for name in _REGRESSOR_EXTRA}

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = True
        tags.transformer_tags = None
        # the checks' tables are independent rows, not a dynamic system: a network that sees
        # only past inputs cannot score on them (see EXPECTED_FAILED_CHECKS in test_common)
        tags.regressor_tags.poor_score = True
        return tags


@shared_doc(
    layout=_LAYOUT_DOC,
    shared=_SHARED_PARAMETERS_DOC,
    mlp=doc_entries(
        MLPRegressor,
        "Parameters",
        [n for n in MLP_DOCUMENTED if n not in CONVERGENCE_PARAMS] + list(_REGRESSOR_EXTRA),
    ),
    convergence=_CONVERGENCE_DOC,
)
class NARXRegressor(_DelayRegressor):
    r"""Nonlinear autoregressive network with exogenous inputs (NARX, MATLAB's ``narxnet``).

    .. math::

        \hat y(t) = f\big(u(t-d)_{d \in D_u},\ y(t-d)_{d \in D_y}\big)

    with :math:`f` a multi-layer perceptron. ``fit`` trains it **open loop** (series-parallel:
    the true past outputs are fed back, Narendra & Parthasarathy 1990): every step whose taps lie
    inside its sequence is a row of :func:`zoo.dynamic.prepare_delays`, and a
    :class:`zoo.mlp.MLPRegressor` (``mlp_``) learns them with any of its solvers —
    Levenberg-Marquardt with Bayesian regularisation (MATLAB's ``trainbr``) by default.
    ``closed_loop_fit=True`` then trains **closed loop** (parallel: the network's own outputs
    fed back, MATLAB's ``closeloop`` followed by ``train``): the gradient of the free-run error
    flows back through the feedback taps (back-propagation through time,
    :class:`zoo._core.delays.ClosedLoopProblem`), minimised by L-BFGS on all but the last
    ``validation_fraction`` of every sequence and stopped early on the free-run error of that
    held-out end (the best weights kept). Both run on standardised series (``standardize``).

    Prediction:

    - ``predict(X, y)``: one step ahead given the true past outputs ``y`` (open loop), at every
      step of ``X``; values before a sequence's start are taken as zero;
    - ``predict(X)`` (no ``y``, as scikit-learn's tools call it): the closed-loop simulation from
      zero initial conditions (``simulate(X)``), what a model of the system predicts from the
      inputs alone; ``score(X, y)`` is its R²;
    - ``simulate(X, y_init)``: closed loop from the true first outputs ``y_init``;
    - ``forecast(n_steps, X_future, y_past, X_past)``: continues a series (by default the end of
      the training series) closed loop over the future inputs.
    {layout}

    Parameters
    ----------
    input_delays : tuple of int, default=(1, 2)
        :math:`D_u`, the input taps (0 is the current input :math:`u(t)`).
    feedback_delays : tuple of int, default=(1, 2)
        :math:`D_y`, the output feedback taps (each at least 1).
    {shared}
    solver : str, default="lm"
        The open-loop solver, any of :class:`zoo.mlp.MLPRegressor`'s ("lm", "lbfgs", "adam",
        "sgd", "rprop", "quickprop", "anneal"). Closed-loop training always uses L-BFGS.
    closed_loop_fit : bool, default=False
        After the open-loop fit, train closed loop by back-propagation through time.
    closed_loop_max_iter : int, default=100
        L-BFGS iterations of the closed-loop training.
    random_state : int, RandomState instance or None, default=None
        Seeds the MLP's initialisation.
    warm_start : bool, default=False
        Continue from the fitted network (same delays and widths) instead of starting afresh.
    {convergence}
    {mlp}

    Attributes
    ----------
    mlp_ : MLPRegressor
        The network :math:`f`, fed ``[u(t-d) for d in input_delays_, y(t-d) for d in
        feedback_delays_]`` (each ``u`` ``n_features_in_`` wide, each ``y`` ``n_outputs_``).
    coefs_, intercepts_ : list of ndarray
        ``mlp_``'s weights and biases.
    input_delays_, feedback_delays_ : tuple of int
        The sorted taps.
    n_features_in_ : int
        Inputs per step.
    feature_names_in_ : ndarray
        Column names of a table X.
    input_ndim_ : int
        2 (one series) or 3 (sequences), as ``X`` was given to ``fit``.
    n_outputs_ : int
    n_iter_ : int
        Open-loop iterations (epochs) of the MLP.
    loss_ : float
    loss_curve_ : list of float
        The open-loop training criterion per iteration (the MLP's ``loss_curve_``).
    closed_loop_loss_ : float
        With ``closed_loop_fit``: the closed-loop objective reached.
    closed_loop_loss_curve_ : list of float
        With ``closed_loop_fit``: the closed-loop objective per L-BFGS iteration.
    closed_loop_validation_scores_ : list of float or None
        With ``closed_loop_fit``: minus the held-out free-run error (half the mean squared
        error, standardised scale) per iteration; None when no sequence was long enough to
        hold out a stretch.

    References
    ----------
    Narendra, K. S. & Parthasarathy, K. (1990). Identification and control of dynamical systems
    using neural networks. IEEE Transactions on Neural Networks 1(1), 4-27.

    Leontaritis, I. J. & Billings, S. A. (1985). Input-output parametric models for non-linear
    systems. International Journal of Control 41(2), 303-344.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.dynamic import NARXRegressor
    >>> rng = np.random.default_rng(0)
    >>> u = rng.uniform(-1, 1, 400)
    >>> y = np.zeros(400)
    >>> for k in range(2, 400):
    ...     y[k] = 0.5 * y[k - 1] - 0.2 * y[k - 2] + np.tanh(u[k - 1])
    >>> narx = NARXRegressor(hidden_layer_sizes=(5,), random_state=0).fit(u[:, None], y)
    >>> bool(narx.score(u[:, None], y) > 0.99)  # closed loop, from zero initial conditions
    True
    >>> narx.forecast(3, X_future=np.zeros((3, 1))).shape
    (3,)
    """

    _parameter_constraints: dict = {
        **_constraints(MLPRegressor),
        **{name: MLPRegressor._parameter_constraints[name] for name in _REGRESSOR_EXTRA},
        "input_delays": ["array-like", Interval(Integral, 0, None, closed="left")],
        "feedback_delays": ["array-like", Interval(Integral, 1, None, closed="left")],
        "closed_loop_fit": ["boolean"],
        "closed_loop_max_iter": [Interval(Integral, 1, None, closed="left")],
        "standardize": ["boolean"],
        "random_state": ["random_state"],
        "warm_start": ["boolean"],
    }

    def __init__(
        self,
        input_delays=(1, 2),
        feedback_delays=(1, 2),
        hidden_layer_sizes=(10,),
        activation="tanh",
        *,
        solver="lm",
        loss="squared_error",
        alpha=1e-4,
        standardize=True,
        closed_loop_fit=False,
        closed_loop_max_iter=100,
        batch_size="auto",
        learning_rate_init=0.001,
        max_iter=1000,
        shuffle=True,
        random_state=None,
        tol=0.0,
        verbose=False,
        warm_start=False,
        early_stopping=False,
        validation_fraction=0.1,
        n_iter_no_change=10,
        max_fun=15000,
        n_init=1,
        lm_damping=1e-3,
        lm_regularization="bayes",
        huber_delta=1.0,
    ):
        self.input_delays = input_delays
        self.feedback_delays = feedback_delays
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.loss = loss
        self.alpha = alpha
        self.standardize = standardize
        self.closed_loop_fit = closed_loop_fit
        self.closed_loop_max_iter = closed_loop_max_iter
        self.batch_size = batch_size
        self.learning_rate_init = learning_rate_init
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun
        self.n_init = n_init
        self.lm_damping = lm_damping
        self.lm_regularization = lm_regularization
        self.huber_delta = huber_delta

    def _closed_loop(self):
        if self.closed_loop_fit and self.loss not in REGRESSION_LOSSES[:1]:
            raise ValueError(
                f"closed_loop_fit trains the squared error only; got loss={self.loss!r}."
            )
        return self.closed_loop_fit

    def predict(self, X, y=None):
        """One-step-ahead (open loop, given ``y``) or closed-loop (without ``y``) prediction.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_inputs) or (n_sequences, n_timesteps, n_inputs)
        y : array-like of shape of the fitted targets, default=None
            The true outputs, fed back at every step (open loop). None: closed loop from zero
            initial conditions (:meth:`simulate`).

        Returns
        -------
        y_pred : ndarray of y's shape
            NaN at padded steps.
        """
        check_is_fitted(self)
        if y is None:
            return self._run(X, None, 0)
        U, _, table = self._read_inputs(X, reset=False)
        Y, _ = self._targets(y, U, table, None)
        Y = np.asarray(Y, dtype=U.dtype)
        lengths = self._lengths(U)
        inputs, feedback = self.input_delays_, self.feedback_delays_
        offset = max(inputs + feedback)
        n, T = U.shape[:2]
        Yp = pad_front(Y, offset)
        if not np.isfinite(Yp[:, offset:][np.arange(T) < lengths[:, None]]).all():
            raise ValueError("Input y contains NaN or infinity on a real (unpadded) step.")
        seqs, steps = np.nonzero(np.arange(T) < lengths[:, None])
        Up = pad_front(U, offset) if inputs else None
        rows = delay_rows(Up, Yp, offset, seqs, steps, inputs, feedback)
        out = np.full((n, T, self.n_outputs_), np.nan, dtype=U.dtype)
        out[seqs, steps] = self._forward(rows)
        return self._shape_output(out, table)

    def simulate(self, X, y_init=None):
        """Closed loop over the inputs ``X`` (MATLAB's ``closeloop`` network).

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_inputs) or (n_sequences, n_timesteps, n_inputs)
        y_init : array-like of shape (n_init[, n_outputs]) or (n_sequences, n_init, n_outputs)
            The true outputs of the first ``n_init`` steps (the initial conditions; returned
            unchanged). None: zero initial conditions.

        Returns
        -------
        y_sim : ndarray of the fitted targets' layout, ``n_timesteps`` long
        """
        check_is_fitted(self)
        if y_init is None:
            return self._run(X, None, 0)
        U, _, _ = self._read_inputs(X, reset=False)
        y_init = self._as_initial(y_init, U.shape[0], self.n_outputs_, U.dtype)
        if y_init.shape[1] > U.shape[1]:
            raise ValueError(
                f"y_init has {y_init.shape[1]} steps, more than X's {U.shape[1]} time steps."
            )
        return self._run(X, y_init, y_init.shape[1])

    def forecast(self, n_steps, X_future=None, y_past=None, X_past=None):
        """Continue one series closed loop for ``n_steps``.

        Parameters
        ----------
        n_steps : int
        X_future : array-like of shape (n_steps, n_inputs)
            The inputs of the forecast steps (required: the network has input taps).
        y_past, X_past : array-like of shape (n_past[, n_outputs]) and (n_past, n_inputs)
            The series so far (its last ``max(delays)`` steps are used). None: the end of the
            (last) training series.

        Returns
        -------
        y_forecast : ndarray of shape (n_steps,) or (n_steps, n_outputs)
        """
        check_is_fitted(self)
        n_steps = check_n_steps(n_steps)
        if X_future is None:
            raise ValueError(
                "NARXRegressor.forecast needs X_future, the inputs of the forecast steps."
            )
        D = max(self.input_delays_ + self.feedback_delays_)
        U_past, Y_past = self._last_series
        dtype = Y_past.dtype
        if y_past is not None:
            Y_past = self._as_initial(y_past, 1, self.n_outputs_, dtype)[0]
        if X_past is not None:
            U_past = np.asarray(X_past, dtype=dtype)
        elif y_past is not None:
            U_past = None
        F = self.n_features_in_
        X_future = np.asarray(X_future, dtype=dtype).reshape(-1, F)
        if len(X_future) != n_steps:
            raise ValueError(f"X_future has {len(X_future)} rows; n_steps={n_steps} are needed.")
        Y_past = Y_past[-D:]
        n_past = len(Y_past)
        if U_past is None:
            U_past = np.zeros((n_past, F), dtype=dtype)
        U_past = U_past.reshape(-1, F)[-n_past:]
        if len(U_past) < n_past:  # fewer past inputs than outputs: zeros before them
            U_past = np.vstack([np.zeros((n_past - len(U_past), F), dtype=dtype), U_past])
        X_all = np.vstack([U_past, X_future])
        if self.input_ndim_ == 3:
            X_all = X_all[np.newaxis]
        out = self.simulate(X_all, Y_past[np.newaxis] if self.input_ndim_ == 3 else Y_past)
        if self.input_ndim_ == 3:
            out = out[0]
        return out[n_past:]
