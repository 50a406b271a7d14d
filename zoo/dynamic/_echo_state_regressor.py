"""The echo state network regressor, :class:`EchoStateRegressor`: a target per sequence or per
step, and generative forecasting."""

from numbers import Integral, Real

import numpy as np
from sklearn.base import RegressorMixin, _fit_context
from sklearn.metrics import r2_score
from sklearn.utils._param_validation import Interval, validate_params
from sklearn.utils.validation import _assert_all_finite, check_array, check_is_fitted

from .._core.blas import single_threaded_blas
from .._core.docstrings import shared_doc
from ._echo_state import (
    _ATTRIBUTES_DOC,
    _REGRESSOR_ALPHA_WASHOUT_DOC,
    _BaseEchoState,
    _parameters_doc,
)


@shared_doc(parameters=_parameters_doc(_REGRESSOR_ALPHA_WASHOUT_DOC), attributes=_ATTRIBUTES_DOC)
class EchoStateRegressor(RegressorMixin, _BaseEchoState):
    r"""Echo state network regressor (Jaeger 2001): a random reservoir, a ridge readout.

    A fixed sparse random reservoir of leaky tanh units, scaled to a spectral radius, is driven by
    the input sequence,

    .. math::

        x_t = (1 - a)\,x_{t-1} + a \tanh(u_t W_{in} + b + x_{t-1} W), \qquad x_{-1} = 0,

    and only the linear readout :math:`\hat y_t = [u_t, x_t] W_{out} + c` is trained: ridge
    regression in closed form on the states after ``washout`` (or on one summary state per
    sequence), from normal equations summed over the data, so that :meth:`partial_fit` on the
    parts of a data set solves the system :meth:`fit` solves on the whole. Every sequence starts
    from the zero state.

    Trained as a one-step predictor of a series, :math:`u_t = s_t` and :math:`y_t = s_{t+1}`, the
    network runs *generatively* in :meth:`forecast`: its output is fed back as its next input,
    :math:`u_{t+1} = \hat y_t` (Jaeger & Haas 2004's Mackey-Glass prediction).

    The fit is one pass with no iterations (no callbacks, no ``warm_start``: ``partial_fit``
    adds data to the readout's system instead).

    With ``output_feedback=True`` (Jaeger 2001) the previous output also drives the reservoir,
    through fixed random weights :math:`W_{fb}` uniform in :math:`[-s_{fb}, s_{fb}]`,

    .. math::

        x_t = (1 - a)\,x_{t-1} + a \tanh(u_t W_{in} + y_{t-1} W_{fb} + b + x_{t-1} W),
        \qquad y_{-1} = 0:

    the true :math:`y_{t-1}` in training (teacher forcing: the readout stays a ridge
    regression), the network's own :math:`\hat y_{t-1}` in :meth:`predict` and
    :meth:`forecast` (closed loop). It needs one target per step.

    Parameters
    ----------
    {parameters}
    output_feedback : bool, default=False
        Feed the previous output back into the reservoir (see above).
    feedback_scaling : float, default=1.0
        :math:`s_{fb}`: :math:`W_{fb}` is uniform in :math:`[-s_{fb}, s_{fb}]` (scale the
        targets to unit range first).

    Attributes
    ----------
    {attributes}
    feedback_weights_ : ndarray of shape (n_outputs, n_reservoir)
        :math:`W_{fb}`, with ``output_feedback`` only.

    References
    ----------
    .. [1] Jaeger, H. (2001). The "echo state" approach to analysing and training recurrent
       neural networks. GMD Report 148, German National Research Center for Information
       Technology.
    .. [2] Jaeger, H. & Haas, H. (2004). Harnessing nonlinearity: predicting chaotic systems and
       saving energy in wireless communication. Science, 304(5667), 78-80.
    .. [3] Lukoševičius, M. (2012). A practical guide to applying echo state networks. In Neural
       Networks: Tricks of the Trade, 2nd ed., LNCS 7700, 659-686.

    Examples
    --------
    Learn a sine wave one step ahead, then let the network continue it on its own:

    >>> import numpy as np
    >>> from zoo.dynamic import EchoStateRegressor
    >>> s = np.sin(np.arange(1001) * 2 * np.pi / 50)
    >>> esn = EchoStateRegressor(n_reservoir=50, washout=100, alpha=1e-6, random_state=0)
    >>> esn = esn.fit(s[np.newaxis, :-1], s[np.newaxis, 1:])
    >>> future = esn.forecast(s[np.newaxis, :-1], n_steps=100)  # s[1000], s[1001], ...
    >>> truth = np.sin(np.arange(1000, 1100) * 2 * np.pi / 50)
    >>> bool(np.abs(future[0] - truth).max() < 0.01)
    True
    """

    def __init__(
        self,
        n_reservoir=100,
        *,
        spectral_radius=0.9,
        density=0.1,
        input_scaling=1.0,
        bias_scaling=0.2,
        leak_rate=1.0,
        alpha=0.1,
        washout=10,
        output="auto",
        state_summary="last",
        random_state=None,
        output_feedback=False,
        feedback_scaling=1.0,
    ):
        self.n_reservoir = n_reservoir
        self.spectral_radius = spectral_radius
        self.density = density
        self.input_scaling = input_scaling
        self.bias_scaling = bias_scaling
        self.leak_rate = leak_rate
        self.alpha = alpha
        self.washout = washout
        self.output = output
        self.state_summary = state_summary
        self.random_state = random_state
        self.output_feedback = output_feedback
        self.feedback_scaling = feedback_scaling

    _parameter_constraints: dict = {
        **_BaseEchoState._parameter_constraints,
        "output_feedback": ["boolean"],
        "feedback_scaling": [Interval(Real, 0, None, closed="left")],
    }

    @staticmethod
    def _as_target_array(y):
        if y is None:
            return None
        return check_array(
            y, ensure_2d=False, allow_nd=True, dtype="numeric", ensure_all_finite=False,
            input_name="y",
        )  # fmt: skip

    def _encode_targets(self, y_rows, first_pass, incremental):
        _assert_all_finite(y_rows, input_name="y")
        return y_rows

    @staticmethod
    def _metric(y_true, y_pred, sample_weight=None):
        return r2_score(y_true, y_pred, sample_weight=sample_weight)

    def predict(self, X):
        """Predicted targets per sequence ``(n_sequences[, n_outputs])`` or per step
        ``(n_sequences, n_timesteps[, n_outputs])`` (at padded steps, the last real step's).

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_timesteps, n_features) or (n_sequences, n_timesteps)

        Returns
        -------
        y : ndarray
        """
        output = self._predict_outputs(X)
        return output[..., 0] if self.n_outputs_ == 1 else output

    @validate_params(
        {
            "n_steps": [Interval(Integral, 1, None, closed="left")],
            "X_future": ["array-like", None],
            "y": ["array-like", None],
        },
        prefer_skip_nested_validation=True,
    )
    @single_threaded_blas
    def forecast(self, X, n_steps, X_future=None, y=None):
        r"""Continue each sequence for ``n_steps`` steps.

        The reservoir is driven by the history ``X``, then runs on:

        * generatively, without ``X_future``: the output is fed back as the next input,
          :math:`u_{t+1} = \hat y_t`. The first value is the one-step prediction after the last
          real step of ``X``; each later one is generated. Needs a model trained per step with
          as many outputs as input features (a series predicting its own next value);
        * over the known future inputs ``X_future`` (exogenous inputs, e.g. a planned input):
          the values are the outputs at those steps, :math:`\hat y_{T}, \dots,
          \hat y_{T+H-1}` after the history's :math:`T` steps. With ``output_feedback`` the
          network's own previous output is fed back (closed loop).

        With ``output_feedback``, the past targets ``y`` of the history prime the feedback
        (teacher forcing, as in training: the true :math:`y_{t-1}` fed back); without them the
        history runs closed loop too.

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_timesteps, n_features) or (n_sequences, n_timesteps)
            The history that primes the reservoir (its length should exceed ``washout``).
        n_steps : int
            Steps to forecast.
        X_future : array-like of shape (n_sequences, n_steps[, n_features]), default=None
            The inputs of the forecast steps (finite; no padding). None: generative.
        y : array-like of shape (n_sequences, n_timesteps[, n_outputs]), default=None
            The history's true targets, fed back while priming (only with ``output_feedback``).

        Returns
        -------
        y : ndarray of shape (n_sequences, n_steps[, n_outputs])
        """
        check_is_fitted(self)
        name = type(self).__name__
        X, lengths = self._validate_sequences(X, reset=False)
        n, _, F = X.shape
        K, N = self.n_outputs_, self.n_reservoir
        if self.output_ != "sequence" or (X_future is None and K != F):
            raise ValueError(
                f"{name}.forecast needs a model fitted with one target per step and, without "
                f"X_future (feeding each output back as the next input), as many outputs as "
                f"input features; this one has output_={self.output_!r}, {K} output(s) and X "
                f"has {F} feature(s) per step."
            )
        dtype = self.input_weights_.dtype
        X = X.astype(dtype, copy=False)
        targets = None
        if y is not None:
            if not self._feedback:
                raise ValueError(
                    f"{name}.forecast: y primes the output feedback, and this model has none "
                    "(output_feedback=False); forecast from X alone."
                )
            y = self._as_target_array(y)
            self._check_target_shape(y, X, "sequence")
            rows = self._encode_targets(self._target_rows(y, X, lengths, "sequence"), False, False)
            targets = self._layout_targets(rows, lengths, X.shape[1], "sequence", dtype)
        if X_future is not None:
            X_future = check_array(X_future, allow_nd=True, dtype=dtype, input_name="X_future")
            if X_future.ndim == 2:
                X_future = X_future[:, :, np.newaxis]
            if X_future.shape != (n, n_steps, F):
                raise ValueError(
                    f"X_future holds the inputs of the {n_steps} forecast steps of the {n} "
                    f"sequence(s), shape {(n, n_steps, F)}; got {X_future.shape}."
                )
        # the state, readout input and output (or true target) at each history's last step
        last = np.empty((n, F + N), dtype=dtype)
        last_output = np.empty((n, K), dtype=dtype)
        for chunk, steps, Z, outputs in self._readout_inputs(
            self._time_major(X), lengths, True, targets
        ):
            t = np.arange(steps.start, steps.stop)[:, np.newaxis]
            step, seq = np.nonzero(t == lengths[chunk] - 1)
            last[chunk][seq] = Z[step, seq]
            if outputs is not None:
                last_output[chunk][seq] = outputs[step, seq]
        if targets is not None:
            last_output = targets[lengths - 1, np.arange(n)]
        elif not self._feedback:
            last_output = self._readout(last)
        reservoir = self._reservoir()
        state = np.ascontiguousarray(last[:, F:])
        if X_future is not None:
            U = self._time_major(X_future)
            if self._feedback:
                _, outputs = reservoir.run_closed_loop(
                    U, self._split_readout(F), last_output, state
                )
            else:
                states = reservoir.run(U, state)
                outputs = self._readout(np.concatenate([U, states], axis=2))
            forecasts = outputs.transpose(1, 0, 2)
            return forecasts[..., 0] if K == 1 else forecasts
        forecasts = np.empty((n, n_steps, F), dtype=dtype)
        z, scratch = last, np.empty((n, N), dtype=dtype)
        drive = np.empty_like(state)
        for k in range(n_steps):
            y_hat = self._readout(z)  # y_t = [u_t, x_t] W_out + c
            forecasts[:, k] = y_hat
            if k + 1 == n_steps:
                break
            # u_{t+1} = y_t (and y_t fed back)
            reservoir.drive(y_hat, drive, y_hat if self._feedback else None)
            state = reservoir.step(drive, state, scratch).copy()
            z = np.concatenate([y_hat, state], axis=1)
        return forecasts[..., 0] if F == 1 else forecasts

    def score(self, X, y, sample_weight=None):
        """R² over sequences, or over the real (unpadded) steps for per-step targets.

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_timesteps, n_features) or (n_sequences, n_timesteps)
        y : array-like
        sample_weight : array-like of shape (n_sequences[, n_timesteps]), default=None
            A weight per sequence, or per step for per-step targets.

        Returns
        -------
        score : float
        """
        if sample_weight is None or not (
            getattr(sample_weight, "ndim", None) == 2
            or (isinstance(sample_weight, (list, tuple)) and np.asarray(sample_weight).ndim == 2)
        ):
            return self._score_real_targets(X, y, sample_weight)
        check_is_fitted(self)
        X, lengths = self._validate_sequences(X, reset=False)
        weights = self._check_step_weights(sample_weight, X, self.output_)
        y = self._as_target_array(y)
        self._check_target_shape(y, X, self.output_)
        real = np.arange(X.shape[1]) < lengths[:, np.newaxis]
        return float(self._metric(y[real], self.predict(X)[real], sample_weight=weights[real]))

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """Add sequences to the readout's normal equations and solve them again.

        The reservoir is drawn on the first call; every call's sequences start from the zero
        state. After calls on the parts of a data set, the readout is the one :meth:`fit`
        computes on the whole (to rounding).

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_timesteps, n_features) or (n_sequences, n_timesteps)
        y : array-like
        sample_weight : array-like of shape (n_sequences[, n_timesteps]), default=None
            A weight per sequence or per step (see :meth:`fit`).

        Returns
        -------
        self : object
        """
        return self._fit(X, y, sample_weight=sample_weight, incremental=True)
