"""The nonlinear autoregressive network, :class:`NARRegressor`."""

from numbers import Integral

import numpy as np
from sklearn.base import _fit_context
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

from .._core.delays import simulate
from .._core.docstrings import doc_entries, shared_doc
from ..mlp import MLPRegressor
from ._base import (
    _CONVERGENCE_DOC,
    _FLOATS,
    _SHARED_PARAMETERS_DOC,
    CONVERGENCE_PARAMS,
    MLP_DOCUMENTED,
    _constraints,
    check_n_steps,
)
from ._narx import _REGRESSOR_EXTRA, _DelayRegressor


@shared_doc(
    shared=_SHARED_PARAMETERS_DOC,
    mlp=doc_entries(
        MLPRegressor,
        "Parameters",
        [n for n in MLP_DOCUMENTED if n not in CONVERGENCE_PARAMS] + list(_REGRESSOR_EXTRA),
    ),
    convergence=_CONVERGENCE_DOC,
)
class NARRegressor(_DelayRegressor):
    r"""Nonlinear autoregressive network (NAR, MATLAB's ``narnet``): a series from its own past.

    .. math::

        \hat y(t) = f\big(y(t-d)_{d \in D_y}\big)

    trained open loop (the true past fed back) by a :class:`zoo.mlp.MLPRegressor` (``mlp_``)
    on the rows of :func:`zoo.dynamic.prepare_delays`, and run closed loop to forecast.
    ``fit(y)`` takes the series alone: ``(n_timesteps,)``, ``(n_timesteps, n_outputs)`` or
    NaN-padded sequences ``(n_sequences, n_timesteps, n_outputs)``. ``fit(X, y)`` (as
    scikit-learn's tools call it) takes ``y`` as the series and ``X``'s rows as its time steps
    (its values are not used, as :class:`sklearn.dummy.DummyRegressor`'s). ``predict(X)``
    forecasts ``len(X)`` steps after the end of the (last) training series — so under
    ``TimeSeriesSplit``, whose test stretch follows its training stretch, ``score`` is the
    closed-loop forecast's R² over the test stretch; ``forecast(n_steps, y_past)`` continues any
    series.

    Parameters
    ----------
    feedback_delays : tuple of int, default=(1, 2)
        :math:`D_y`, the feedback taps (each at least 1).
    {shared}
    solver : str, default="lm"
        Any of :class:`zoo.mlp.MLPRegressor`'s solvers.
    random_state : int, RandomState instance or None, default=None
        Seeds the MLP's initialisation.
    warm_start : bool, default=False
        Continue from the fitted network instead of starting afresh.
    {convergence}
    {mlp}

    Attributes
    ----------
    mlp_ : MLPRegressor
        The network :math:`f`, fed ``[y(t-d) for d in feedback_delays_]``.
    coefs_, intercepts_ : list of ndarray
        ``mlp_``'s weights and biases.
    feedback_delays_ : tuple of int
    input_delays_ : tuple
        Empty: no exogenous input.
    n_features_in_ : int
        Columns of the ``X`` given with ``y`` (outputs per step when the series is given alone).
    feature_names_in_ : ndarray
    input_ndim_ : int
    n_outputs_ : int
    n_iter_ : int
    loss_ : float
    loss_curve_ : list of float
        The open-loop training criterion per iteration (the MLP's).

    References
    ----------
    Connor, J. T., Martin, R. D. & Atlas, L. E. (1994). Recurrent neural networks and robust time
    series prediction. IEEE Transactions on Neural Networks 5(2), 240-254.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.dynamic import NARRegressor
    >>> y = np.sin(2 * np.pi * np.arange(200) / 20)
    >>> nar = NARRegressor(hidden_layer_sizes=(5,), random_state=0).fit(y[:180])
    >>> bool(np.abs(nar.forecast(20) - y[180:]).max() < 0.05)
    True
    """

    _has_inputs = False

    _parameter_constraints: dict = {
        **_constraints(MLPRegressor),
        **{name: MLPRegressor._parameter_constraints[name] for name in _REGRESSOR_EXTRA},
        "feedback_delays": ["array-like", Interval(Integral, 1, None, closed="left")],
        "standardize": ["boolean"],
        "random_state": ["random_state"],
        "warm_start": ["boolean"],
    }

    def __init__(
        self,
        feedback_delays=(1, 2),
        hidden_layer_sizes=(10,),
        activation="tanh",
        *,
        solver="lm",
        loss="squared_error",
        alpha=1e-4,
        standardize=True,
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
        self.feedback_delays = feedback_delays
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.loss = loss
        self.alpha = alpha
        self.standardize = standardize
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

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        """Train open loop on the series.

        Parameters
        ----------
        X : array-like of shape (n_timesteps[, n_outputs]) or (n_sequences, n_timesteps,
        n_outputs), or (n_timesteps, n_features) with ``y``
            The series when ``y`` is None; otherwise rows marking ``y``'s time steps.
        y : array-like of shape (n_timesteps[, n_outputs]), default=None
            The series, when ``X`` marks its steps.
        sample_weight : array-like of shape (n_timesteps,) or (n_sequences,), default=None
            One weight per time step of one series, or per sequence.

        Returns
        -------
        self : object
        """
        return self._fit(X, y, sample_weight)

    def _series_for_fit(self, X, y, reset=True):
        if y is not None:
            U, Y, lengths, table, squeeze = super()._series_for_fit(X, y, reset)
            self._series_only = False
            return None, np.asarray(Y, dtype=U.dtype), lengths, table, squeeze
        Y = check_array(
            X, ensure_2d=False, allow_nd=True, ensure_all_finite="allow-nan", dtype=_FLOATS,
            input_name="y",
        )  # fmt: skip
        squeeze, table = Y.ndim == 1, Y.ndim < 3
        if Y.ndim == 1:
            Y = Y[:, np.newaxis]
        if table:
            if np.isnan(Y).any():
                raise ValueError("Input y contains NaN: NaN pads only 3-D sequences.")
            Y = Y[np.newaxis]
        self._series_only = True
        self.n_features_in_, self.input_ndim_ = Y.shape[2], Y.ndim if not table else 2
        return None, Y, self._lengths(Y), table, squeeze

    def predict(self, X):
        """Forecast ``len(X)`` steps after the end of the training series.

        Parameters
        ----------
        X : array-like of shape (n_steps, n_features)
            Marks the forecast steps (its values are not used).

        Returns
        -------
        y_forecast : ndarray of shape (n_steps,) or (n_steps, n_outputs)
        """
        check_is_fitted(self)
        if self._series_only:
            X = check_array(X, ensure_2d=False, allow_nd=True, dtype=_FLOATS)
        else:
            X = validate_data(self, X, reset=False, dtype=_FLOATS)
        return self.forecast(X.shape[0])

    def forecast(self, n_steps, y_past=None):
        """Continue a series closed loop for ``n_steps``.

        Parameters
        ----------
        n_steps : int
        y_past : array-like of shape (n_past[, n_outputs]), default=None
            The series so far (its last ``max(feedback_delays)`` steps are used). None: the end
            of the (last) training series.

        Returns
        -------
        y_forecast : ndarray of shape (n_steps,) or (n_steps, n_outputs)
        """
        check_is_fitted(self)
        n_steps = check_n_steps(n_steps)
        D = max(self.feedback_delays_)
        Y_past = self._last_series[1]
        if y_past is not None:
            Y_past = self._as_initial(y_past, 1, self.n_outputs_, Y_past.dtype)[0][-D:]
        n_past = len(Y_past)
        Yp = np.zeros((1, D + n_past + n_steps, self.n_outputs_), dtype=Y_past.dtype)
        Yp[0, D : D + n_past] = Y_past
        with np.errstate(over="ignore"):
            simulate(self._forward, None, Yp, D, n_past, (), self.feedback_delays_)
        out = Yp[:, D + n_past :]
        self._check_finite_output(out, None)
        return out[0, :, 0] if self._squeeze else out[0]
