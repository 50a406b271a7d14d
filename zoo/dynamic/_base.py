r"""What the tapped-delay networks share (NARX, NAR, the focused time-delay networks): reading
series, the open-loop network (a :class:`zoo.mlp.MLPRegressor` or :class:`~zoo.mlp.MLPClassifier`
trained on the delay rows of :func:`zoo._core.delays.delay_rows` by the MLP's own solvers), the
closed-loop fine-tuning and simulation, and the docstring fragments.

Series layout (one convention for the family's fit, predict and score):

* a 2-D ``X`` of shape ``(n_timesteps, n_inputs)`` with ``y`` of shape ``(n_timesteps,)`` or
  ``(n_timesteps, n_outputs)`` is **one series**, its rows the time steps: scikit-learn's table,
  which ``TimeSeriesSplit`` cuts into consecutive training and test stretches (the test stretch
  always after its training one, so no fold sees its future);
* a 3-D ``X`` of shape ``(n_sequences, n_timesteps, n_inputs)`` with ``y`` of shape
  ``(n_sequences, n_timesteps[, n_outputs])`` holds **several sequences** (the Elman networks'
  layout), shorter ones NaN-padded at the end.
"""

from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin, _fit_context
from sklearn.callback import CallbackSupportMixin
from sklearn.metrics import r2_score
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_array, validate_data

from .._core.callbacks import close_callbacks, open_callbacks, train_under
from .._core.delays import (
    ClosedLoopProblem,
    check_delays,
    delay_rows,
    pad_front,
    simulate,
    trainable_steps,
)
from .._core.recurrent import sequence_lengths
from .._core.solvers import FULL_BATCH_SOLVERS
from .._core.training import History, Monitor
from .._core.validation import check_finite_parameters, check_input_scale, check_sample_weight

_FLOATS = (np.float64, np.float32)

#: The MLP hyper-parameters the networks pass to their open-loop MLP unchanged.
MLP_PARAMS = (
    "hidden_layer_sizes",
    "activation",
    "solver",
    "alpha",
    "batch_size",
    "learning_rate_init",
    "max_iter",
    "shuffle",
    "tol",
    "verbose",
    "early_stopping",
    "validation_fraction",
    "n_iter_no_change",
    "max_fun",
    "n_init",
    "lm_damping",
)

#: Documented as the MLP documents them (activation and hidden_layer_sizes have their own text).
MLP_DOCUMENTED = [n for n in MLP_PARAMS if n not in ("hidden_layer_sizes", "activation", "solver")]


#: Documented by the NARX and NAR networks themselves (their defaults and meaning differ).
CONVERGENCE_PARAMS = ("max_iter", "tol", "validation_fraction")


def _constraints(mlp_class):
    return {name: mlp_class._parameter_constraints[name] for name in MLP_PARAMS}


class _DelayNetwork(CallbackSupportMixin, BaseEstimator):
    """Shared machinery (not public). Subclasses set ``_mlp_class`` and which taps they have."""

    _input_domain = "sequences"
    # a table's rows are the time steps of one series: shuffled cross-validation on independent
    # rows (digits) would feed the taps neighbouring, unrelated samples
    _compare_excluded = (
        "a series model: a table's rows are the time steps of one series, not independent "
        "samples (zoo compare SERIES.csv --target COL --horizon H compares it)"
    )
    _has_inputs = True
    _has_feedback = True

    # ------------------------------------------------------------------ input
    def _delays(self):
        inputs = check_delays(self.input_delays, "input_delays", True) if self._has_inputs else ()
        feedback = ()
        if self._has_feedback:
            feedback = check_delays(self.feedback_delays, "feedback_delays", False)
        if not inputs and not feedback:
            raise ValueError(f"{type(self).__name__} needs at least one delay tap; got none.")
        return inputs, feedback

    def _check_length(self, lengths, first):
        if lengths.min() <= first:
            raise ValueError(
                f"{type(self).__name__}: a sequence has {int(lengths.min())} time step(s) "
                f"(n_samples = {int(lengths.min())}), but the largest delay is {first}: at least "
                f"{first + 1} steps are needed for one step whose taps all lie inside it."
            )

    def _read_inputs(self, X, reset, y=None):
        """``X`` as 3-D ``(n, T, F)`` floats (NaN padding kept), ``y`` validated beside a table
        ``X``; returns ``(X3, y, table)``."""
        name = type(self).__name__
        X_arr = X if hasattr(X, "ndim") else np.asarray(X, dtype=object)
        if getattr(X_arr, "ndim", 2) == 3:
            if reset:
                X3 = validate_data(
                    self, X, reset=True, allow_nd=True, ensure_all_finite="allow-nan", dtype=_FLOATS
                )
            else:
                X3 = check_array(
                    X, allow_nd=True, ensure_all_finite="allow-nan", dtype=_FLOATS, input_name="X"
                )
            if 0 in X3.shape[1:]:
                raise ValueError(f"{name} got X of shape {X3.shape}: no time step or no feature.")
            if reset:
                self.n_features_in_ = X3.shape[2]
                self.input_ndim_ = 3
            elif X3.shape[2] != self.n_features_in_:
                raise ValueError(
                    f"X has {X3.shape[2]} features per step, but {name} is expecting "
                    f"{self.n_features_in_} features per step as input."
                )
            return X3, y, False
        if y is not None:
            X2, y = validate_data(
                self, X, y, reset=reset, multi_output=True, y_numeric=self._y_numeric,
                dtype=_FLOATS,
            )  # fmt: skip
        else:
            X2 = validate_data(self, X, reset=reset, dtype=_FLOATS)
        if reset:
            self.input_ndim_ = 2
        return X2[np.newaxis], y, True

    def _lengths(self, X3):
        if np.isnan(X3).any():
            return sequence_lengths(X3)
        return np.full(X3.shape[0], X3.shape[1])

    def _targets(self, y, X3, table, lengths):
        """y as ``(n, T, K)`` (K outputs, or one-hot for the classifier done by the MLP)."""
        name = type(self).__name__
        if y is None:
            raise ValueError(f"{name} requires y to be passed, but the target y is None.")
        if table:
            y = np.asarray(y)
            return (y[:, np.newaxis] if y.ndim == 1 else y)[np.newaxis], y.ndim == 1
        y = np.asarray(y)
        if y.ndim not in (2, 3) or y.shape[:2] != X3.shape[:2]:
            raise ValueError(
                f"{name} expects one target per step: y of shape (n_sequences, n_timesteps"
                f"[, n_outputs]) = ({X3.shape[0]}, {X3.shape[1]}[, n_outputs]); got y of shape "
                f"{y.shape}."
            )
        return (y[:, :, np.newaxis] if y.ndim == 2 else y), y.ndim == 2

    # ------------------------------------------------------------------ training
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        """Train open loop (then closed loop with ``closed_loop_fit``).

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_inputs) or (n_sequences, n_timesteps, n_inputs)
            One series (rows are time steps) or NaN-padded sequences.
        y : array-like of shape (n_timesteps[, n_outputs]) or (n_sequences, n_timesteps[,
        n_outputs])
            The output at every step.
        sample_weight : array-like of shape (n_timesteps,) or (n_sequences,), default=None
            One weight per row of X: per time step of one series, per sequence of several
            (on each of its steps). The weighted objective of the MLP (and of closed-loop
            training).

        Returns
        -------
        self : object
        """
        return self._fit(X, y, sample_weight)

    def _series_for_fit(self, X, y, reset=True):
        """``(U, Y, lengths, table, squeeze)``: inputs ``(n, T, F)`` or None, targets."""
        X3, y, table = self._read_inputs(X, reset=reset, y=y)
        lengths = self._lengths(X3)
        Y, squeeze = self._targets(y, X3, table, lengths)
        return X3, Y, lengths, table, squeeze

    def _fit(self, X, y, sample_weight):
        given = dict(X=X, y=y, sample_weight=sample_weight)
        inputs, feedback = self._delays()
        continuing = self.warm_start and hasattr(self, "mlp_")
        U, Y, lengths, table, squeeze = self._series_for_fit(X, y, reset=not continuing)
        first = max(inputs + feedback)
        self._check_length(lengths, first)
        if self._is_regressor:
            Y = np.asarray(Y, dtype=U.dtype if U is not None else Y.dtype)
            if not np.isfinite(Y[np.arange(Y.shape[1]) < lengths[:, None]]).all():
                raise ValueError("Input y contains NaN or infinity on a real (unpadded) step.")
        # the inputs, and the targets fed back as inputs, reach the MLP's 4th powers (its
        # gradient's curvature): scaled first, their variance alone would overflow
        name = type(self).__name__
        if U is not None:
            check_input_scale(U, name, power=4)
        if self._is_regressor:
            check_input_scale(Y, name, what="y", power=4)
        n = Y.shape[0]
        weights = None
        if sample_weight is not None:
            rows_of_X = Y.shape[1] if table else n  # one per time step, or per sequence
            dtype = U.dtype if U is not None else Y.dtype
            weights = check_sample_weight(sample_weight, np.empty((rows_of_X, 0), dtype=dtype))
        self.input_delays_, self.feedback_delays_ = inputs, feedback
        self.n_outputs_ = 1 if not self._is_regressor else Y.shape[2]
        self._squeeze, self._table = squeeze, table
        offset = first
        Up = None if U is None or not inputs else pad_front(U, offset)
        # the classifier's labels are not fed back: only the regressors pad y
        Yp = pad_front(Y, offset) if self._is_regressor else None
        seqs, steps = trainable_steps(lengths, Y.shape[1], first)
        if self._is_regressor:  # where forecast continues by default (in the user's units)
            end = offset + lengths[-1]
            self._last_series = (
                None if Up is None else Up[-1, end - first : end].copy(),
                Yp[-1, end - first : end].copy(),
            )
        if not continuing:
            self._fit_scaling(U if inputs else None, Y, lengths, weights, table)
        if self._scaling is not None:  # the network sees standardised series
            in_mean, in_scale, out_mean, out_scale = self._scaling[:4]
            if Up is not None:
                Up -= in_mean
                Up /= in_scale
            Yp -= out_mean
            Yp /= out_scale
            targets = Yp[seqs, offset + steps]
        else:
            targets = Y[seqs, steps]
        rows = delay_rows(Up, Yp, offset, seqs, steps, inputs, feedback)
        if self._is_regressor and squeeze:
            targets = targets[:, 0]
        elif not self._is_regressor:
            targets = targets[..., 0] if targets.ndim == 2 else targets
        row_weights = None
        if weights is not None:
            row_weights = weights[steps] if table else weights[seqs]

        callbacks = open_callbacks(self, **given, max_epochs=2 if self._closed_loop() else 1)
        params = {name: getattr(self, name) for name in MLP_PARAMS}
        params.update(self._extra_mlp_params())
        if continuing:
            mlp = self.mlp_.set_params(warm_start=True, **params)
        else:
            seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
            mlp = self._mlp_class(random_state=seed, **params)
        task = None
        if callbacks is not None:
            # a copy fitted "so far" predicts with the MLP being trained (ScoringMonitor)
            task = callbacks.subtask(
                "open-loop", max_subtasks=self.max_iter, reconstruction=lambda: self._fitted(mlp)
            )
        # the MLP's warnings and errors name this estimator (an instance attribute: not pickled)
        mlp._display_name = lambda: f"{type(self).__name__} open-loop"
        try:
            with train_under(mlp, task):
                mlp.fit(rows, targets, sample_weight=row_weights)
        finally:
            del mlp._display_name
        if task is not None:
            task.end()
        for name, value in self._fitted(mlp).items():  # mlp_ (and the classifier's classes_)
            setattr(self, name, value)
        self.n_iter_, self.loss_curve_, self.loss_ = mlp.n_iter_, mlp.loss_curve_, mlp.loss_
        if self._closed_loop():
            self._fit_closed_loop(Up, Yp, offset, lengths, weights, table, callbacks)
        self.coefs_, self.intercepts_ = mlp.coefs_, mlp.intercepts_
        check_finite_parameters(mlp.coefs_ + mlp.intercepts_, type(self).__name__)
        close_callbacks(self)
        return self

    def _extra_mlp_params(self):
        return {}

    def _fit_scaling(self, U, Y, lengths, weights, table):
        """With ``standardize``: each input and output's (weighted) mean and standard deviation
        over the real steps (1 for a constant one, as MATLAB's ``removeconstantrows``), kept for
        prediction; the network then maps standardised taps to standardised outputs. A step of
        weight 0 is left out, as it is of the objective."""
        self._scaling = None
        if not getattr(self, "standardize", False):
            return
        real = np.arange(Y.shape[1]) < lengths[:, np.newaxis]
        step_weights = None
        if weights is not None:
            step_weights = np.broadcast_to(
                weights[np.newaxis, :] if table else weights[:, np.newaxis], real.shape
            )[real].astype(np.float64)

        def moments(series):
            values = np.asarray(series[real], dtype=np.float64)
            mean = np.average(values, axis=0, weights=step_weights)
            scale = np.sqrt(np.average((values - mean) ** 2, axis=0, weights=step_weights))
            scale[~(scale > np.finfo(series.dtype).eps * np.maximum(np.abs(mean), 1))] = 1.0
            return mean.astype(series.dtype), scale.astype(series.dtype)

        in_mean, in_scale = (None, None) if U is None else moments(U)
        out_mean, out_scale = moments(Y)
        n_in, n_fb = len(self.input_delays_), len(self.feedback_delays_)
        row_mean = np.concatenate([np.tile(in_mean, n_in)] * bool(n_in) + [np.tile(out_mean, n_fb)])
        row_scale = np.concatenate(
            [np.tile(in_scale, n_in)] * bool(n_in) + [np.tile(out_scale, n_fb)]
        )
        self._scaling = (in_mean, in_scale, out_mean, out_scale, row_mean, row_scale)

    def _fitted(self, mlp):
        """The attributes a copy fitted "so far" needs, ``mlp`` being the network in training."""
        return {"mlp_": mlp}

    def _closed_loop(self):
        return False

    def _fit_closed_loop(self, Up, Yp, offset, lengths, weights, table, callbacks):
        """Back-propagation through time over the closed loop, by L-BFGS, stopped early on the
        free-run error of each sequence's held-out end (:meth:`_closed_loop_split`)."""
        name = type(self).__name__
        if table and weights is not None:
            raise ValueError(
                f"{name}: closed_loop_fit takes one weight per sequence (3-D X); one series "
                "has one sequence, whose per-step weights the closed loop does not take."
            )
        mlp = self.mlp_
        network = mlp._network()  # the MLP's arrays become views of the trained vector
        alpha = 0.0 if isinstance(self.alpha, str) else float(self.alpha)
        delays = (self.input_delays_, self.feedback_delays_)
        train, held_out = self._closed_loop_split(Up, Yp, offset, lengths)
        problem = ClosedLoopProblem(network, *train, *delays, weights, alpha)
        validate = None
        if held_out is not None:
            validation = ClosedLoopProblem(network, *held_out, *delays, weights, 0.0)

            def validate():
                error = validation.data_loss()
                return -error, error

        task = None
        if callbacks is not None:
            task = callbacks.subtask("closed-loop", max_subtasks=self.closed_loop_max_iter)
        history = History(early_stopping=validate is not None)
        monitor = Monitor(
            history,
            name=f"{name} closed-loop (solver='lbfgs')",
            n_iter_no_change=self.n_iter_no_change,
            tol=self.tol,
            verbose=self.verbose,
            params=[network.flat],
            validate=validate,
            callbacks=task,
        )
        result = FULL_BATCH_SOLVERS["lbfgs"](
            problem, monitor, max_iter=self.closed_loop_max_iter, tol=self.tol
        )
        if task is not None:
            task.end()
        self.closed_loop_loss_curve_ = history.criterion
        self.closed_loop_loss_ = result.loss
        self.closed_loop_validation_scores_ = history.validation_scores if validate else None

    def _closed_loop_split(self, Up, Yp, offset, lengths):
        """``(train, held_out)``: each as ``(U, Y, offset, lengths)`` for a
        :class:`ClosedLoopProblem`. The last ``validation_fraction`` of every sequence's steps
        is held out (MATLAB's closed-loop training on its data division) and simulated from
        its own true initial states; ``held_out`` is None when a stretch would be too short to
        hold one step after the largest delay."""
        first = max(self.input_delays_ + self.feedback_delays_)
        cut = lengths - np.floor(self.validation_fraction * lengths).astype(lengths.dtype)
        if cut.min() <= first or (lengths - cut).min() < 1:
            return (Up, Yp, offset, lengths), None
        held = lengths - cut + first  # the held-out steps and the initial states before them
        width = offset + int(held.max())
        arrays = []
        for series in (Up, Yp):
            if series is None:
                arrays.append(None)
                continue
            part = np.zeros((series.shape[0], width, series.shape[2]), dtype=series.dtype)
            for s, (c, h) in enumerate(zip(cut, held)):  # per sequence, never per step
                part[s, : offset + h] = series[s, c - first : c - first + offset + h]
            arrays.append(part)
        T = offset + int(cut.max())
        train = (None if Up is None else Up[:, :T], Yp[:, :T], offset, cut)
        return train, (arrays[0], arrays[1], offset, held)

    # ------------------------------------------------------------------ prediction
    def _forward(self, rows):
        """The network on rows of taps in the user's units (standardised and back when the
        network was trained on standardised series)."""
        scaling = getattr(self, "_scaling", None)
        if scaling is None:
            return self.mlp_._forward(rows)
        _, _, out_mean, out_scale, row_mean, row_scale = scaling
        out = self.mlp_._forward((rows - row_mean) / row_scale)
        out *= out_scale
        out += out_mean
        return out

    def _input_rows(self, X):
        """The input-tap rows of every real step of ``X`` (zero before a sequence's start), for
        networks without feedback: ``(rows, sequences, steps, lengths, shape, table)``."""
        U, _, table = self._read_inputs(X, reset=False)
        lengths = self._lengths(U)
        offset = max(self.input_delays_)
        n, T = U.shape[:2]
        seqs, steps = np.nonzero(np.arange(T) < lengths[:, np.newaxis])
        rows = delay_rows(pad_front(U, offset), None, offset, seqs, steps, self.input_delays_, ())
        return rows, seqs, steps, lengths, (n, T), table

    def _real_steps(self, X, y, y_pred, sample_weight):
        """``(y_true, y_pred, weights)`` over the real steps: unchanged for one series, the
        unpadded steps of sequences (each with its sequence's weight) for 3-D ``X``."""
        if np.ndim(X) != 3:
            return y, y_pred, sample_weight
        n, T = y_pred.shape[:2]
        real = np.arange(T) < self._lengths(check_array(
            X, allow_nd=True, ensure_all_finite="allow-nan", dtype=_FLOATS, input_name="X"
        ))[:, np.newaxis]  # fmt: skip
        y = np.asarray(y)
        if y.shape[:2] != (n, T):
            raise ValueError(f"y of shape {y.shape} has not one target per step of X {(n, T)}.")
        if sample_weight is not None:
            sample_weight = np.broadcast_to(np.asarray(sample_weight)[:, np.newaxis], (n, T))[real]
        return y[real], y_pred[real], sample_weight

    @staticmethod
    def _step_index(lengths, T):
        """``(n, T)`` index of each step's row in the real steps' rows (sequence after sequence);
        a padded step points at its sequence's last real step."""
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        return starts[:, np.newaxis] + np.minimum(np.arange(T), lengths[:, np.newaxis] - 1)

    def _shape_output(self, Y, table):
        """(n, T, K) network outputs in the layout the user gave y in."""
        if self._squeeze:
            Y = Y[..., 0]
        return Y[0] if table else Y

    def _run(self, X, y_init, n_start):
        """Closed loop over the inputs of X from the first ``n_start`` outputs ``y_init``."""
        inputs, feedback = self.input_delays_, self.feedback_delays_
        U, _, table = self._read_inputs(X, reset=False) if X is not None else (None, None, True)
        offset = max(inputs + feedback)
        lengths = None if U is None else self._lengths(U)
        n = 1 if U is None else U.shape[0]
        T = U.shape[1]
        dtype = U.dtype
        Yp = np.zeros((n, offset + T, self.n_outputs_), dtype=dtype)
        if n_start:
            Yp[:, offset : offset + n_start] = y_init
        Up = None if U is None or not inputs else pad_front(U, offset)
        with np.errstate(over="ignore"):
            simulate(self._forward, Up, Yp, offset, n_start, inputs, feedback, lengths)
        out = Yp[:, offset:]
        if lengths is not None and lengths.min() < T:
            out[np.arange(T) >= lengths[:, None]] = np.nan
        self._check_finite_output(out, lengths)
        return self._shape_output(out, table)

    def _check_finite_output(self, out, lengths):
        real = out if lengths is None else out[~np.isnan(out)]
        if not np.isfinite(real).all():
            raise ValueError(
                f"{type(self).__name__}: the closed loop diverged (outputs beyond the float "
                "range); the network is unstable under feedback, try closed_loop_fit=True."
            )

    def _as_initial(self, y_init, n, K, dtype):
        y_init = np.asarray(y_init, dtype=dtype)
        if y_init.ndim == 1:
            y_init = y_init[:, None] if K == 1 else y_init[None]
        if y_init.ndim == 2:
            y_init = y_init[None]
        if y_init.shape[0] != n or y_init.shape[2] != K:
            raise ValueError(
                f"y_init must hold {K} output(s) per step for each of the {n} sequence(s); got "
                f"shape {y_init.shape}."
            )
        if not np.isfinite(y_init).all():
            raise ValueError("y_init contains NaN or infinity.")
        return y_init

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        return tags


def check_n_steps(n_steps):
    if not isinstance(n_steps, Integral) or n_steps < 1:
        raise ValueError(f"n_steps must be a positive int; got {n_steps!r}.")
    return int(n_steps)


_LAYOUT_DOC = r"""
    **Series layout.** A 2-D ``X`` ``(n_timesteps, n_inputs)`` with ``y`` ``(n_timesteps[,
    n_outputs])`` is one series whose rows are the time steps: scikit-learn's table, so
    ``TimeSeriesSplit`` cuts it into a training stretch and the stretch that follows it, and no
    fold sees its future. A 3-D ``X`` ``(n_sequences, n_timesteps, n_inputs)`` with ``y``
    ``(n_sequences, n_timesteps[, n_outputs])`` holds several sequences (the Elman networks'
    layout), shorter ones padded with NaN at the end. Unlike the Elman networks, a 2-D ``X`` is
    not read as sequences of one feature: a delay network needs one target per step, and the
    rows of a table are the steps scikit-learn's tools cut; give one-input sequences as
    ``X[..., None]``. Steps before the largest delay only serve as taps; every later step
    whose taps all lie inside its sequence is a training row."""


_SHARED_PARAMETERS_DOC = r"""
    hidden_layer_sizes : array-like of shape (n_layers - 2,), default=(10,)
        Hidden units of the network :math:`f` (MATLAB's ``hiddenSizes``, 10 by default).
    activation : str, default="tanh"
        Hidden activation, any of :class:`zoo.mlp.MLPRegressor`'s (MATLAB's ``tansig``)."""


_CONVERGENCE_DOC = r"""
    standardize : bool, default=True
        Train the network on standardised series: each input and output shifted to zero mean
        and scaled to unit variance over the training steps (weighted; a constant one is only
        shifted), undone on every output, as MATLAB's ``narxnet`` does with ``mapminmax``. The
        objective, ``tol`` and Bayesian regularisation's prior are then the same whatever the
        units; ``mlp_``, ``coefs_``, ``loss_`` and the loss curves are on that scale.
    max_iter : int, default=1000
        Open-loop iterations (epochs of the stochastic solvers), MATLAB's ``epochs``.
    tol : float, default=0.0
        The improvement that counts (of the objective, on the standardised scale). With
        ``solver="lm"`` training stops when the damping passes its maximum (converged), after
        three iterations without a ``tol`` improvement, or at ``max_iter``: with 0, as
        MATLAB's ``trainbr``, it runs until the objective stops falling (Bayesian
        regularisation's evidence then balances it). The closed-loop training stops on
        ``n_iter_no_change`` iterations without a ``tol`` improvement of its held-out error.
    validation_fraction : float, default=0.1
        The open-loop MLP's held-out rows with ``early_stopping``; and, with closed-loop
        training, the last fraction of every sequence's steps, simulated from its own true
        initial states, whose free-run error stops the training early and chooses the
        weights kept (MATLAB's closed-loop training on its data division)."""


class _SeriesRegressorMixin(RegressorMixin):
    """The series regressors' ``score`` (not public): R² over the real steps."""

    def score(self, X, y, sample_weight=None):
        """R² of :meth:`predict` over the real (unpadded) steps (for 3-D ``X``, the steps of
        every sequence up to its length, each with its sequence's weight).

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_inputs) or (n_sequences, n_timesteps, n_inputs)
        y : array-like of the fitted targets' layout
        sample_weight : array-like of shape (n_timesteps,) or (n_sequences,), default=None

        Returns
        -------
        score : float
        """
        y, y_pred, weights = self._real_steps(X, y, self.predict(X), sample_weight)
        return float(r2_score(y, y_pred, sample_weight=weights))
