r"""What the echo state networks share: :class:`_BaseEchoState` (the reservoir, the ridge readout
accumulated over calls, prediction and generative forecasting). The reservoir's math is
:mod:`zoo._core.reservoir`.

Echo state networks (Jaeger 2001; Lukoševičius 2012) drive a fixed random recurrent network, the
*reservoir*, with the input and train only a linear readout of its states:

.. math::

    x_t = (1 - a)\,x_{t-1} + a \tanh(u_t W_{in} + b + x_{t-1} W), \qquad x_{-1} = 0, \qquad
    y_t = [u_t, x_t]\, W_{out} + c,

with :math:`W` sparse, random and scaled to a spectral radius :math:`\rho` (below 1 for the
echo-state property: the state forgets its initial value, so it is a function of the input's
history), :math:`W_{in}, b` random and scaled, :math:`a` the leak rate. The readout is ridge
regression in closed form, from the normal equations summed over sequences and calls, so that
``partial_fit`` on the parts of a data set gives the fit on the whole (to rounding).

The input convention is the Elman networks' (:mod:`zoo.elman`): ``X`` of shape ``(n_sequences,
n_timesteps, n_features)`` (2-D: one feature per step), NaN padding at the end of shorter
sequences; ``y`` one target per sequence or one per step. The sequence validation and target
layout are the Elman networks' own methods, used here unchanged.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, _fit_context
from sklearn.utils import check_random_state, gen_batches
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .._core.blas import single_threaded_blas
from .._core.docstrings import fill_doc
from .._core.reservoir import Reservoir, input_matrix, reservoir_matrix, time_blocks
from .._core.ridge import RidgeAccumulator
from .._core.validation import check_finite_parameters, check_input_scale, check_sample_weight
from ..elman._base import _BaseElman

_FLOATS = (np.float64, np.float32)

#: Numbers of states held at once (a block of steps of a chunk of sequences): about 32 MB.
_STATE_BUDGET = 2**22


class _BaseEchoState(BaseEstimator):
    """Shared machinery of the echo state regressor and classifier (not public)."""

    _input_domain = "sequences"

    _parameter_constraints: dict = {
        "n_reservoir": [Interval(Integral, 1, None, closed="left")],
        "spectral_radius": [Interval(Real, 0, None, closed="left")],
        "density": [Interval(Real, 0, 1, closed="right")],
        "input_scaling": [Interval(Real, 0, None, closed="left")],
        "bias_scaling": [Interval(Real, 0, None, closed="left")],
        "leak_rate": [Interval(Real, 0, 1, closed="right")],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "washout": [Interval(Integral, 0, None, closed="left")],
        "output": [StrOptions({"auto", "last", "sequence"})],
        "state_summary": [StrOptions({"last", "mean"})],
        "random_state": ["random_state"],
    }

    # the Elman networks' sequence convention, one implementation (zoo/elman/_base.py)
    _validate_sequences = _BaseElman._validate_sequences
    _time_major = staticmethod(_BaseElman._time_major)
    _resolve_output = _BaseElman._resolve_output
    _check_target_shape = _BaseElman._check_target_shape
    _target_rows = _BaseElman._target_rows
    _layout_targets = staticmethod(_BaseElman._layout_targets)
    _score_real_targets = _BaseElman._score_real_targets

    # ------------------------------------------------------------------ reservoir
    def _initialize(self, n_features, n_outputs, dtype):
        rng = check_random_state(self.random_state)
        N = self.n_reservoir
        self.reservoir_weights_ = reservoir_matrix(
            N, self.density, self.spectral_radius, rng, dtype
        )
        self.input_weights_, self.reservoir_bias_ = input_matrix(
            N, n_features, self.input_scaling, self.bias_scaling, rng, dtype
        )
        self.n_outputs_ = n_outputs
        if self._feedback:  # drawn after the rest: the same reservoir with or without it
            self.feedback_weights_ = (
                rng.uniform(-1.0, 1.0, (n_outputs, N)) * self.feedback_scaling
            ).astype(dtype)
        self._normal_equations = RidgeAccumulator(n_features + N, n_outputs)

    @property
    def _feedback(self):
        return getattr(self, "output_feedback", False)

    def _reservoir(self):
        return Reservoir(
            self.reservoir_weights_,
            self.input_weights_,
            self.reservoir_bias_,
            self.leak_rate,
            self.feedback_weights_ if self._feedback else None,
        )

    def _split_readout(self, F):
        """The readout as a function of ``(u, x)``, for the closed loop."""
        W_u, W_x = self.output_weights_[:F], self.output_weights_[F:]
        c = self.output_intercept_
        return lambda u, x: u @ W_u + x @ W_x + c

    def _chunks(self, n_sequences, n_timesteps):
        """Chunks of sequences, then blocks of steps, whose states fit the budget."""
        N = self.n_reservoir
        per_chunk = max(1, _STATE_BUDGET // (N * min(n_timesteps, 256)))
        for chunk in gen_batches(n_sequences, per_chunk):
            size = chunk.stop - chunk.start
            yield chunk, time_blocks(n_timesteps, size, N, _STATE_BUDGET)

    def _readout_inputs(self, X_tm, lengths, per_step, targets=None):
        r"""The readout's inputs :math:`z = [u, x]`, chunk by chunk.

        Yields ``(chunk, steps, Z, outputs)``: per step, ``Z (len(steps), len(chunk), D)`` for
        the steps ``steps`` of the sequences ``chunk`` (padded steps included, their input zero);
        per sequence, ``steps`` None and ``Z (len(chunk), D)``: the last real step's, or with
        ``state_summary="mean"`` the mean over the real steps from ``washout`` on (at least the
        last one). With output feedback, the previous step's true target of the time-major
        ``targets (T, n, K)`` is fed back (teacher forcing; ``outputs`` None), or without
        ``targets`` the network's own output (closed loop; ``outputs`` the readout's
        ``(len(steps), len(chunk), K)``, fed back as they were computed).
        """
        T, _, F = X_tm.shape
        reservoir = self._reservoir()
        dtype, D = X_tm.dtype, F + self.n_reservoir
        mean = self.state_summary == "mean"
        closed_loop = self._feedback and targets is None
        readout = self._split_readout(F) if closed_loop else None
        for chunk, blocks in self._chunks(X_tm.shape[1], T):
            c = chunk.stop - chunk.start
            chunk_lengths = lengths[chunk]
            state, outputs = None, None
            y_previous = np.zeros((c, self.n_outputs_), dtype=dtype) if self._feedback else None
            if not per_step:
                summary = np.zeros((c, D))  # float64 sums for the mean
                start = np.minimum(self.washout, chunk_lengths - 1)
            Z = np.empty((blocks[0].stop, c, D), dtype=dtype)
            for steps in blocks:
                tb = steps.stop - steps.start
                Zb = Z[:tb]
                S = Zb[..., F:]  # the states straight into z = [u, x]: no copy of them
                U = X_tm[steps, chunk]
                if closed_loop:
                    _, outputs = reservoir.run_closed_loop(U, readout, y_previous, state, out=S)
                    y_previous = outputs[-1]
                elif self._feedback:  # teacher forcing: y_{t-1}, zero before the first step
                    Y_block = targets[max(steps.start - 1, 0) : steps.stop - 1, chunk]
                    fed = np.concatenate([y_previous[np.newaxis], Y_block])[-tb:]
                    y_previous = targets[steps.stop - 1, chunk]
                    reservoir.run(U, state, out=S, feedback=fed)
                else:
                    reservoir.run(U, state, out=S)
                Zb[..., :F] = U
                state = S[-1].copy()  # Z is overwritten by the next block
                if per_step:
                    yield chunk, steps, Zb, outputs
                    continue
                t = np.arange(steps.start, steps.stop)[:, np.newaxis]
                if mean:
                    counted = (t >= start) & (t < chunk_lengths)
                    summary += np.einsum("tc,tcd->cd", counted.astype(np.float64), Zb)
                else:
                    step, seq = np.nonzero(t == chunk_lengths - 1)
                    summary[seq] = Zb[step, seq]
            if not per_step:
                if mean:
                    summary /= (chunk_lengths - start)[:, np.newaxis]
                yield chunk, None, summary.astype(dtype), None

    # ------------------------------------------------------------------ training
    def _accumulate(self, X_tm, lengths, Y, output, weights):
        """Add the data's rows to the readout's normal equations."""
        accumulator = self._normal_equations
        per_step = output == "sequence"
        fed = Y if per_step and self._feedback else None
        for chunk, steps, Z, _ in self._readout_inputs(X_tm, lengths, per_step, fed):
            w = None if weights is None else weights[chunk]
            if steps is None:
                accumulator.add(Z, Y[chunk], w)
                continue
            t = np.arange(steps.start, steps.stop)[:, np.newaxis]
            counted = (t >= self.washout) & (t < lengths[chunk])  # (steps, chunk)
            if w is not None:  # a weight per sequence (c,) or per step (c, T)
                w = w.T[steps] if w.ndim == 2 else np.broadcast_to(w, counted.shape)
            rows_w = None if w is None else w[counted]
            first = min(max(self.washout - steps.start, 0), len(t))
            last = first + int(counted[first:].all(axis=1).cumprod().sum())
            if counted.sum() == (last - first) * counted.shape[1]:
                # every sequence counts the same steps: those rows are a view of Z, same order
                D = Z.shape[-1]
                rows, targets = Z[first:last].reshape(-1, D), Y[steps, chunk][first:last]
                accumulator.add(rows, targets.reshape(-1, targets.shape[-1]), rows_w)
            else:
                accumulator.add(Z[counted], Y[steps, chunk][counted], rows_w)

    @single_threaded_blas
    def _fit(self, X, y, sample_weight=None, incremental=False):
        name = type(self).__name__
        if y is None:
            raise ValueError(f"{name} requires y to be passed, but the target y is None.")
        first_pass = not incremental or not hasattr(self, "output_weights_")
        X, lengths = self._validate_sequences(X, reset=first_pass)
        check_input_scale(X, name)  # the readout's normal equations sum squares of the inputs
        y = self._as_target_array(y)
        output = self._resolve_output(y, X.shape[1]) if first_pass else self.output_
        self._check_target_shape(y, X, output)
        Y_rows = self._encode_targets(
            self._target_rows(y, X, lengths, output), first_pass, incremental
        )
        Y = self._layout_targets(Y_rows, lengths, X.shape[1], output, X.dtype)
        if not first_pass:
            if Y.shape[-1] != self.n_outputs_:
                raise ValueError(
                    f"partial_fit needs the same number of outputs: the readout has "
                    f"{self.n_outputs_}, y gives {Y.shape[-1]}."
                )
            if X.dtype != self.input_weights_.dtype:
                X = X.astype(self.input_weights_.dtype)
        if sample_weight is not None:
            sample_weight = self._check_step_weights(sample_weight, X, output)
        if self._feedback and output != "sequence":
            raise ValueError(
                f"{name} with output_feedback=True feeds the previous step's target back, so it "
                f"needs one target per step (y of shape (n_sequences, n_timesteps[, "
                f"n_outputs])); y has one per sequence."
            )
        if output == "sequence" and not (lengths > self.washout).any():
            raise ValueError(
                f"{name}: washout={self.washout} discards every step: the longest sequence has "
                f"{lengths.max()} steps. Use a shorter washout or longer sequences."
            )
        self.output_ = output
        if first_pass:
            self._initialize(X.shape[2], Y.shape[-1], X.dtype)
        self._accumulate(self._time_major(X), lengths, Y, output, sample_weight)
        self.output_weights_, self.output_intercept_ = self._normal_equations.solve(
            self.alpha, X.dtype
        )
        check_finite_parameters([self.output_weights_, self.output_intercept_], name)
        return self

    @staticmethod
    def _check_step_weights(sample_weight, X, output):
        """A weight per sequence ``(n,)``, on each of its targets, or per step ``(n, T)`` for
        per-step targets, checked as :func:`~zoo._core.validation.check_sample_weight` does."""
        n, T = X.shape[:2]
        if getattr(sample_weight, "ndim", 1) != 2 and not (
            isinstance(sample_weight, (list, tuple)) and np.asarray(sample_weight).ndim == 2
        ):
            return check_sample_weight(sample_weight, X)
        sample_weight = np.asarray(sample_weight)
        shape = sample_weight.shape
        if output != "sequence" or shape != (n, T):
            raise ValueError(
                f"a 2-D sample_weight is a weight per step, of shape (n_sequences, n_timesteps) "
                f"= {(n, T)} with one target per step; got shape {shape}"
                + ("." if output == "sequence" else " and one target per sequence.")
            )
        rows = check_sample_weight(np.ravel(sample_weight), np.empty((n * T, 0), X.dtype))
        return rows.reshape(n, T)

    # ------------------------------------------------------------------ prediction
    def _readout(self, Z):
        return Z @ self.output_weights_ + self.output_intercept_

    @single_threaded_blas
    def _outputs(self, X, lengths):
        """Readout outputs ``(n, K)`` per sequence or ``(n, T, K)`` per step (padded steps repeat
        the last real step's)."""
        n, T, _ = X.shape
        K = self.n_outputs_
        per_step = self.output_ == "sequence"
        outputs = np.empty((n, T, K) if per_step else (n, K), dtype=X.dtype)
        for chunk, steps, Z, fed in self._readout_inputs(self._time_major(X), lengths, per_step):
            if steps is None:
                outputs[chunk] = self._readout(Z)
            elif fed is not None:  # the closed loop's own outputs
                outputs[chunk, steps] = fed.transpose(1, 0, 2)
            else:
                block = self._readout(Z.reshape(-1, Z.shape[-1])).reshape(Z.shape[:2] + (K,))
                outputs[chunk, steps] = block.transpose(1, 0, 2)
        if per_step and lengths.min() < T:
            padded = np.arange(T) >= lengths[:, np.newaxis]
            last = outputs[np.arange(n), lengths - 1]
            outputs[padded] = np.repeat(last, T - lengths, axis=0)
        return outputs

    def _predict_outputs(self, X):
        check_is_fitted(self)
        X, lengths = self._validate_sequences(X, reset=False)
        X = X.astype(self.input_weights_.dtype, copy=False)
        return self._outputs(X, lengths)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        return tags

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        r"""Draw the reservoir, run it over the sequences and solve the ridge readout.

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_timesteps, n_features) or (n_sequences, n_timesteps)
            NaN-padded at the end for variable lengths.
        y : array-like of shape (n_sequences[, n_outputs]) or (n_sequences, n_timesteps[,
        n_outputs])
            One target per sequence or per step (the output rule of :mod:`zoo.elman`).
        sample_weight : array-like of shape (n_sequences[, n_timesteps]), default=None
            A weight per sequence, on each of its targets, or per step for per-step targets
            (:math:`s_t` of the step's target): the readout minimises
            :math:`\sum_t s_t\lVert y_t - \hat y_t\rVert^2 + \alpha\lVert W_{out}\rVert^2`;
            integer weights are repetitions of the sequences.

        Returns
        -------
        self : object
        """
        return self._fit(X, y, sample_weight=sample_weight, incremental=False)


_PARAMETERS_TEMPLATE = r"""
    n_reservoir : int, default=100
        Number of reservoir units :math:`N`.
    spectral_radius : float, default=0.9
        The largest absolute eigenvalue :math:`\rho` of the reservoir matrix, set exactly
        (LAPACK's eigenvalues up to 100 units, ARPACK's largest above). Below 1 for the
        echo-state property on most inputs; close to 1 for tasks that need a long memory.
    density : float in (0, 1], default=0.1
        Fraction of the units each unit receives a connection from (a fixed in-degree
        :math:`\max(1, \mathrm{round}(\text{density}\cdot N))`). Reservoirs at most 25% dense
        run on a sparse matrix above 256 units for one sequence, above 512 for several.
    input_scaling : float, default=1.0
        :math:`W_{in}` is uniform in :math:`[-s, s]` for ``input_scaling`` :math:`s` (scale the
        input to unit range first, e.g. with a StandardScaler).
    bias_scaling : float, default=0.2
        :math:`b` is uniform in :math:`[-s_b, s_b]`.
    leak_rate : float in (0, 1], default=1.0
        :math:`a`: 1 is Jaeger's standard ESN; smaller values slow the dynamics down.
    {alpha_washout}
    output : {"auto", "last", "sequence"}, default="auto"
        One target per sequence (``"last"``) or per step (``"sequence"``); ``"auto"`` decides from
        y's shape as the Elman networks do.
    state_summary : {"last", "mean"}, default="last"
        With one target per sequence, what the readout reads: ``"last"`` the final
        :math:`[u_T, x_T]`, ``"mean"`` the mean of :math:`[u_t, x_t]` over the steps from
        ``washout`` on (Lukoševičius 2012, §4.6).
    random_state : int, RandomState instance or None, default=None
        Draws the reservoir and the input weights."""


_ATTRIBUTES_DOC = """
    reservoir_weights_ : scipy.sparse.csr_array of shape (n_reservoir, n_reservoir)
        :math:`W` in the row convention (unit ``j`` receives ``x[i] * W[i, j]``): the transpose of
        the papers' matrix, with the same spectral radius.
    input_weights_ : ndarray of shape (n_features, n_reservoir)
    reservoir_bias_ : ndarray of shape (n_reservoir,)
    output_weights_ : ndarray of shape (n_features + n_reservoir, n_outputs)
        The readout's weights on :math:`[u_t, x_t]`.
    output_intercept_ : ndarray of shape (n_outputs,)
    output_ : {"last", "sequence"}
        The output mode used.
    n_outputs_ : int
    input_ndim_ : int
        2 or 3: the dimensionality of the X given to the first fit.
    n_features_in_ : int
        Columns of a 2-D X; features per step of a 3-D X.
    feature_names_in_ : ndarray"""


#: The regressor's ``alpha`` and ``washout`` (defaults chosen for forecasting short noisy series).
_REGRESSOR_ALPHA_WASHOUT_DOC = r"""    alpha : float, default=0.1
        Ridge penalty :math:`\alpha\lVert W_{out}\rVert^2` on the readout (the intercept is not
        penalised); the squared errors are summed, not averaged, so its effect shrinks as the
        number of targets grows. The default keeps a readout of ~100 weights from fitting the
        noise of short stretches (a noisy sine, trained on 50 to 250 steps: a 6-step generative
        forecast's NRMSE 234 with 1e-4, 0.86 with 0.1) and costs little on long series; lower it
        (1e-6) for long noiseless ones (Mackey-Glass, a pure sine).
    washout : int, default=10
        Steps at the start of each sequence whose per-step targets are left out of the readout's
        fit (the initial transient, while the state still remembers :math:`x_{-1} = 0`); with
        ``state_summary="mean"``, the steps left out of the mean. Per-step targets need sequences
        longer than it."""

#: The classifier's ``alpha`` and ``washout``.
_CLASSIFIER_ALPHA_WASHOUT_DOC = r"""    alpha : float, default=1e-4
        Ridge penalty :math:`\alpha\lVert W_{out}\rVert^2` on the readout (the intercept is not
        penalised); the squared errors are summed, not averaged, so its effect shrinks as the
        number of targets grows.
    washout : int, default=0
        Steps at the start of each sequence whose per-step targets are left out of the readout's
        fit (the initial transient, while the state still remembers :math:`x_{-1} = 0`); with
        ``state_summary="mean"``, the steps left out of the mean."""


def _parameters_doc(alpha_washout):
    """The shared parameters' documentation with a model's own ``alpha`` and ``washout``."""
    return fill_doc(_PARAMETERS_TEMPLATE, alpha_washout=alpha_washout)
