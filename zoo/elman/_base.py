"""What the Elman networks share: :class:`_BaseElman` (fitting, prediction, the hidden-state
transform). The family's overview, with the recurrence and the input convention, is in
:mod:`zoo.elman`; the sequence batches in :mod:`zoo.elman._sequences`."""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.callback import CallbackSupportMixin
from sklearn.utils import check_random_state, gen_batches
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils._set_output import _get_output_config
from sklearn.utils.validation import (
    check_array,
    check_consistent_length,
    check_is_fitted,
    column_or_1d,
    validate_data,
)

from .._core.activations import HIDDEN_ACTIVATIONS
from .._core.blas import single_threaded_blas
from .._core.callbacks import close_callbacks, epoch_callbacks, open_callbacks
from .._core.feature_names import PrefixedFeaturesOutMixin
from .._core.initializers import glorot_uniform
from .._core.losses import check_fitted_output_layer, loss_function, resolve_loss
from .._core.optimizers import MINIBATCH_TRAINING_CONSTRAINTS, make_optimizer, optimizer_keywords
from .._core.problems import FlatProblem
from .._core.recurrent import (
    SimpleRecurrentNetwork,
    clip_gradient_norm,
    sequence_lengths,
)
from .._core.solvers import (
    FLAT_SOLVERS,
    FULL_BATCH_SOLVERS,
    monitor_step_parameter,
    solver_options,
)
from .._core.training import (
    History,
    Monitor,
    best_of_restarts,
    clip_batch_size,
    fit_epochs,
    partial_fit_available,
    validation_split,
)
from .._core.validation import check_finite_parameters, check_sample_weight
from ._sequences import _SequenceData, _take_sequences

_FLOATS = (np.float64, np.float32)

#: The solvers that train by minibatch epochs (``partial_fit`` runs one).
_STOCHASTIC_SOLVERS = ("sgd", "adam")


#: Sequences per chunk at prediction time: keeps the per-step state buffer near 32 MB.
_STATE_BUDGET = 2**22


class _BaseElman(CallbackSupportMixin, PrefixedFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Shared machinery of the Elman classifier and regressor (not public)."""

    _input_domain = "sequences"

    _parameter_constraints: dict = {
        **MINIBATCH_TRAINING_CONSTRAINTS,
        "n_hidden": [Interval(Integral, 1, None, closed="left")],
        "activation": [StrOptions(set(HIDDEN_ACTIVATIONS))],
        "output": [StrOptions({"auto", "last", "sequence"})],
        "bptt_steps": [Interval(Integral, 1, None, closed="left"), None],
        "max_grad_norm": [Interval(Real, 0, None, closed="neither"), None],
        "solver": [StrOptions({"sgd", "adam", *FLAT_SOLVERS})],
    }

    # ------------------------------------------------------------------ input
    def _validate_sequences(self, X, reset):
        """``X`` as 3-D ``(n, T, F)`` floats (NaN padding kept) and the sequence lengths."""
        name = type(self).__name__
        if reset:
            X = validate_data(
                self, X, reset=True, allow_nd=True, ensure_all_finite="allow-nan", dtype=_FLOATS
            )
        else:
            raw = X
            X = check_array(
                X, allow_nd=True, ensure_all_finite="allow-nan", dtype=_FLOATS, input_name="X"
            )
            if X.ndim == 2 and self.input_ndim_ == 2:
                # a model fitted on a table checks feature names and width as scikit-learn does
                validate_data(self, raw, reset=False, skip_check_array=True)
        table = X.ndim == 2
        if X.ndim not in (2, 3):
            raise ValueError(
                f"{name} expects X of shape (n_sequences, n_timesteps, n_features), or 2-D "
                f"(n_sequences, n_timesteps) for one feature per step; got a {X.ndim}-D array of "
                f"shape {X.shape}."
            )
        if X.ndim == 2:
            X = X[:, :, np.newaxis]
        elif 0 in X.shape[1:]:
            raise ValueError(
                f"{name} got X of shape {X.shape}: found 0 timestep(s) or 0 feature(s) per step; "
                "at least one of each is required."
            )
        if reset:
            self.input_ndim_ = 2 if table else 3
            if not table:
                self.n_features_in_ = X.shape[2]
        else:
            expected = 1 if self.input_ndim_ == 2 else self.n_features_in_
            if X.shape[2] != expected:
                raise ValueError(
                    f"X has {X.shape[2]} features per step, but {name} is expecting {expected} "
                    "features per step as input."
                )
        missing = np.isnan(X)
        lengths = sequence_lengths(X) if missing.any() else np.full(X.shape[0], X.shape[1])
        return X, lengths

    @staticmethod
    def _time_major(X):
        """One contiguous ``(T, n, F)`` copy with the NaN padding zeroed (its value is unused)."""
        X_tm = np.array(X.transpose(1, 0, 2), order="C")  # a copy: never write the user's X
        np.nan_to_num(X_tm, copy=False, nan=0.0)
        return X_tm

    def _resolve_output(self, y, n_timesteps):
        if self.output != "auto":
            return self.output
        if y.ndim == 1:
            return "last"
        if y.ndim == 3 or (y.ndim == 2 and y.shape[1] == n_timesteps > 1):
            return "sequence"
        return "last"

    def _check_target_shape(self, y, X, output):
        name = type(self).__name__
        check_consistent_length(X, y)
        if output == "sequence":
            if y.ndim not in (2, 3) or y.shape[1] != X.shape[1]:
                raise ValueError(
                    f"{name} with output='sequence' expects one target per step: y of shape "
                    f"(n_sequences, n_timesteps[, n_outputs]) = ({X.shape[0]}, {X.shape[1]}"
                    f"[, n_outputs]); got y of shape {y.shape}."
                )
        elif y.ndim not in (1, 2):
            raise ValueError(
                f"{name} with output='last' expects one target per sequence: y of shape "
                f"(n_sequences,) or (n_sequences, n_outputs); got y of shape {y.shape}. Per-step "
                "targets need output='sequence' (or 'auto')."
            )

    def _target_rows(self, y, X, lengths, output):
        """The targets that count, one row per sequence or per real step (row-major)."""
        if output == "last":
            if y.ndim == 2 and y.shape[1] == 1:
                return column_or_1d(y, warn=True)
            return y
        real = np.arange(X.shape[1]) < lengths[:, np.newaxis]
        return y[real]

    @staticmethod
    def _layout_targets(Y_rows, lengths, n_timesteps, output, dtype):
        """Rows of binarised targets -> ``(n, K)`` or time-major ``(T, n, K)``."""
        Y_rows = np.asarray(Y_rows, dtype=dtype)
        if Y_rows.ndim == 1:
            Y_rows = Y_rows[:, np.newaxis]
        if output == "last":
            return Y_rows
        Y = np.zeros((n_timesteps, len(lengths), Y_rows.shape[1]), dtype=dtype)
        real = np.arange(n_timesteps) < lengths[:, np.newaxis]
        Y.transpose(1, 0, 2)[real] = Y_rows
        return Y

    # ------------------------------------------------------------------ network
    #: What the transform's columns are called: ``<prefix>_last_hidden_<k>``, ...
    _state_name = "elman"

    def _recurrent_shape(self, n_outputs):
        """Shape of ``recurrent_weights_``: the context units (rows) to the hidden units."""
        return (self.n_hidden, self.n_hidden)

    def _make_network(self, *arrays):
        """The core network over the given weights (and the activations and loss)."""
        return SimpleRecurrentNetwork(*arrays)

    def _initialize(self, n_features, n_outputs, dtype, rng):
        H = self.n_hidden
        gain = 2.0 if self.activation in ("logistic", "sigmoid") else 6.0
        shape = self._recurrent_shape(n_outputs)
        n_context = int(np.prod(shape[:-1]))
        # the context units are extra inputs of the hidden layer: one Glorot draw over [x, context]
        W, self.hidden_intercept_ = glorot_uniform(n_features + n_context, H, rng, gain, dtype)
        self.input_weights_ = W[:n_features].copy()
        self.recurrent_weights_ = W[n_features:].reshape(shape).copy()
        self.output_weights_, self.output_intercept_ = glorot_uniform(
            H, n_outputs, rng, gain, dtype
        )
        self.n_outputs_ = n_outputs
        self.n_iter_ = 0
        self._history = History(early_stopping=self.early_stopping)
        self._optimizer = None
        self._history.publish(self)

    def _hidden_activation(self):
        return "logistic" if self.activation == "sigmoid" else self.activation

    def _predictor(self):
        """The core network holding a copy of the fitted weights."""
        return self._make_network(
            self.input_weights_,
            self.recurrent_weights_,
            self.hidden_intercept_,
            self.output_weights_,
            self.output_intercept_,
            self._hidden_activation(),
            self.out_activation_,
            resolve_loss(self._loss_name(), self.out_activation_),
        )

    def _network(self):
        """The core network over the fitted weights (which become views of its vector)."""
        network = self._predictor()
        self.input_weights_, self.recurrent_weights_, self.output_weights_ = network.weights
        self.hidden_intercept_, self.output_intercept_ = network.hidden_bias, network.output_bias
        return network

    # ------------------------------------------------------------------ training
    def _check_solver_options(self):
        """Combinations the parameter constraints cannot express: a full-batch solver's line
        search compares objective values and gradients, so it needs the exact gradient."""
        if self.solver not in FULL_BATCH_SOLVERS:
            return
        for name, meaning in (
            ("bptt_steps", "truncates back-propagation through time, a biased gradient"),
            ("max_grad_norm", "clips the gradient, no longer the objective's"),
        ):
            if getattr(self, name) is not None:
                raise ValueError(
                    f"{name}={getattr(self, name)!r} {meaning}, which breaks the line search of "
                    f"solver={self.solver!r}; leave it None or use solver='adam' or 'sgd'."
                )

    def _check_solver(self):
        return partial_fit_available(self.solver, _STOCHASTIC_SOLVERS)

    @single_threaded_blas  # once for the whole fit: no thread-pool switch per minibatch
    def _fit(self, X, y, sample_weight=None, incremental=False):
        # what ScoringMonitor's scorers predict on and weigh by: the user's, not class-weighted
        given = dict(X=X, y=y, sample_weight=sample_weight)
        self._check_solver_options()
        first_pass = not hasattr(self, "output_weights_") or (
            not self.warm_start and not incremental
        )
        if y is None:
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target y is None."
            )
        X, lengths = self._validate_sequences(X, reset=first_pass)
        y = self._as_target_array(y)
        output = self._resolve_output(y, X.shape[1]) if first_pass else self.output_
        self._check_target_shape(y, X, output)
        Y_rows = self._encode_targets(
            self._target_rows(y, X, lengths, output), first_pass, incremental
        )
        Y = self._layout_targets(Y_rows, lengths, X.shape[1], output, X.dtype)
        if not first_pass and Y.shape[-1] != self.n_outputs_:
            raise ValueError(
                f"warm_start/partial_fit needs the same number of outputs: the network has "
                f"{self.n_outputs_}, y gives {Y.shape[-1]}."
            )
        if not first_pass:
            check_fitted_output_layer(self.out_activation_, self._output_activation())
        if self.early_stopping and incremental:
            raise ValueError("partial_fit does not support early_stopping=True")
        if sample_weight is not None:
            # one weight per sequence, on each of its targets
            sample_weight = check_sample_weight(sample_weight, X)
        data = _SequenceData(self._time_major(X), lengths, Y, output, sample_weight)
        self._rng = check_random_state(self.random_state)
        self.output_ = output

        def initialize():
            self.out_activation_ = self._output_activation()
            self._initialize(X.shape[2], Y.shape[-1], X.dtype, self._rng)

        n_init = 1 if (incremental or not first_pass) else self.n_init
        if not incremental:
            # one callback task per epoch (per full-batch iteration), over every restart
            open_callbacks(self, **given, max_epochs=self.max_iter * n_init)
        best_of_restarts(
            self,
            n_init=n_init,
            initialize=initialize if first_pass else None,
            train=lambda: self._train(data, incremental),
            weight_attributes=(
                "input_weights_",
                "recurrent_weights_",
                "hidden_intercept_",
                "output_weights_",
                "output_intercept_",
            ),
        )
        check_finite_parameters(self._weights(), type(self).__name__)
        close_callbacks(self)
        return self

    def _weights(self):
        return [
            self.input_weights_,
            self.recurrent_weights_,
            self.hidden_intercept_,
            self.output_weights_,
            self.output_intercept_,
        ]

    def _split_validation(self, data):
        stratify = None
        if self._is_single_label_classifier() and data.output == "last":
            stratify = data.Y.argmax(axis=1) if data.Y.shape[1] > 1 else data.Y[:, 0]
        train, val = validation_split(len(data), self.validation_fraction, self._rng, stratify)
        return data.subset(train), data.subset(val)

    def _train(self, data, incremental):
        """Train the current network; return a score to rank initialisations (higher is better)."""
        network = self._network()
        validate = None
        if self.early_stopping:
            data, validation = self._split_validation(data)
            Y_val, weights_val = validation.flat_targets()

            def validate():
                # the held-out sequences' score and loss (the training loss without its penalty,
                # weighted as in training: 0 on padded steps), recorded as validation_loss_curve_
                prediction = network.forward(validation.X, validation.lengths, data.output)
                loss = loss_function(network.loss)(Y_val, prediction, weights_val)
                return self._score_rows(prediction, Y_val, weights_val), loss

        full_batch = self.solver in FULL_BATCH_SOLVERS
        monitor = Monitor(
            self._history,
            # the full-batch solvers' warnings name the solver, as MLP's do
            name=f"{type(self).__name__} (solver={self.solver!r})"
            if full_batch
            else type(self).__name__,
            step_parameter=monitor_step_parameter(self),
            n_iter_no_change=self.n_iter_no_change,
            tol=self.tol,
            verbose=self.verbose,
            params=[network.flat],
            validate=validate,
            callbacks=epoch_callbacks(self),
        )
        if full_batch:
            self._train_full_batch(network, data, monitor)
        else:
            self._train_epochs(network, data, monitor, incremental)
        self._history.publish(self)
        return self.best_validation_score_ if self.early_stopping else -self.loss_

    def _train_full_batch(self, network, data, monitor):
        """A solver of :data:`~zoo._core.solvers.FULL_BATCH_SOLVERS` on every sequence at once:
        full back-propagation through time (no ``bptt_steps``, no clipping: see
        ``_check_solver_options``), one Monitor record per iteration."""
        X = np.ascontiguousarray(data.X)
        lengths, output, weights = data.lengths, data.output, data.weights
        T = X.shape[0]
        Y = data.Y.reshape(-1, data.Y.shape[-1])  # time-major rows for "sequence"
        padded = lengths if lengths.min() < T else None
        network.allocate(T, len(data))
        alpha = self.alpha
        problem = FlatProblem(
            network.flat,
            lambda: (
                network.loss_and_gradient(X, Y, padded, output, alpha, None, weights),
                network.flat_grad,
            ),
            loss=lambda: network.loss_value(X, Y, padded, output, alpha, weights),
        )
        result = FULL_BATCH_SOLVERS[self.solver](
            problem, monitor, max_iter=self.max_iter, tol=self.tol, **solver_options(self)
        )
        self.n_iter_, self.loss_ = result.n_iter, result.loss

    def _train_epochs(self, network, data, monitor, incremental):
        """Minibatch epochs of ``solver`` ("sgd", "adam") through
        :func:`~zoo._core.training.fit_epochs`."""
        n_sequences = len(data)
        if self.batch_size == "auto":
            batch_size = min(32, n_sequences)
        else:
            batch_size = clip_batch_size(self.batch_size, n_sequences, "the number of sequences")
        params, grads = monitor.params, [network.flat_grad]
        if not incremental or self._optimizer is None:
            self._optimizer = make_optimizer(
                self.solver,
                params,
                **optimizer_keywords(self.get_params(deep=False)),
            )
        optimizer = self._optimizer
        X, lengths, Y, output = data.X, data.lengths, data.Y, data.output
        sequence_weights = data.weights
        T, _, F = X.shape
        K = Y.shape[-1]
        network.allocate(T, batch_size)
        X_buffer = np.empty(T * batch_size * F, dtype=X.dtype)
        Y_buffer = np.empty(T * batch_size * K, dtype=X.dtype)
        alpha, bptt_steps, max_grad_norm = self.alpha, self.bptt_steps, self.max_grad_norm

        def step(batch):
            batch_lengths = lengths[batch]
            B, T_batch = len(batch_lengths), int(batch_lengths.max())
            Xb = _take_sequences(X, batch, X_buffer)
            if output == "sequence":
                Yb = _take_sequences(Y, batch, Y_buffer)[:T_batch].reshape(T_batch * B, K)
            else:
                Yb = Y[batch]
            # the batch runs only to its longest sequence
            loss = network.loss_and_gradient(
                Xb[:T_batch],
                Yb,
                batch_lengths if batch_lengths.min() < T_batch else None,
                output,
                alpha,
                bptt_steps,
                None if sequence_weights is None else sequence_weights[batch],
            )
            if max_grad_norm is not None:
                clip_gradient_norm(network.flat_grad, max_grad_norm)
            optimizer.update(params, grads)
            return loss

        self.n_iter_ = fit_epochs(
            step,
            n_sequences,
            monitor,
            batch_size=batch_size,
            max_iter=self.max_iter,
            rng=self._rng,
            shuffle=self.shuffle,
            optimizer=optimizer,
            incremental=incremental,
            sample_weight=sequence_weights,
        )
        self.loss_ = self._history.criterion[-1]

    # ------------------------------------------------------------------ prediction
    @single_threaded_blas
    def _states_and_outputs(self, X, lengths, want_outputs=True, want_states="all"):
        """States (``want_states``: ``"all"`` per step ``(n, T, H)``, ``"last"`` the final one
        ``(n, H)``, None none) and outputs (``(n, K)`` or ``(n, T, K)``), in chunks of sequences
        so that memory beyond what is returned stays bounded."""
        network = self._predictor()
        n, T, _ = X.shape
        H, K = self.n_hidden, self.n_outputs_
        states = None
        if want_states == "all":
            states = np.empty((n, T, H), dtype=X.dtype)
        elif want_states == "last":
            states = np.empty((n, H), dtype=X.dtype)
        outputs = None
        if want_outputs:
            shape = (n, K) if self.output_ == "last" else (n, T, K)
            outputs = np.empty(shape, dtype=X.dtype)
        X_tm = self._time_major(X)
        for chunk in gen_batches(n, max(1, _STATE_BUDGET // ((T + 1) * H))):
            chunk_states = network.hidden_states(
                np.ascontiguousarray(X_tm[:, chunk]), lengths[chunk]
            )
            if want_states == "all":
                states[chunk] = chunk_states[1:].transpose(1, 0, 2)
            elif want_states == "last":
                states[chunk] = chunk_states[T]  # padded steps keep the last real state
            if want_outputs and self.output_ == "last":
                outputs[chunk] = network.output_layer(chunk_states[T])
            elif want_outputs:
                flat = network.output_layer(chunk_states[1:].reshape(-1, H))
                outputs[chunk] = flat.reshape(T, -1, K).transpose(1, 0, 2)
        return states, outputs

    def _predict_outputs(self, X):
        check_is_fitted(self)
        X, lengths = self._validate_sequences(X, reset=False)
        return self._states_and_outputs(X, lengths, want_states=None)[1], X, lengths

    def hidden_states(self, X):
        """The hidden-state trajectory :math:`h_0, \\dots, h_{T-1}` of every sequence.

        Elman's analysis of the learned representation (e.g. clustering the states) starts here.
        At padded steps the state stays the last real step's.

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_timesteps, n_features) or (n_sequences, n_timesteps)

        Returns
        -------
        states : ndarray of shape (n_sequences, n_timesteps, n_hidden)
        """
        check_is_fitted(self)
        X, lengths = self._validate_sequences(X, reset=False)
        return self._states_and_outputs(X, lengths, want_outputs=False)[0]

    def transform(self, X):
        """Hidden states: the final state of each sequence (``output_ == "last"``), or the state
        at every step (``output_ == "sequence"``).

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_timesteps, n_features) or (n_sequences, n_timesteps)

        Returns
        -------
        states : ndarray of shape (n_sequences, n_hidden) or (n_sequences, n_timesteps, n_hidden)
            Columns named by :meth:`get_feature_names_out`: ``elman_last_hidden_<k>`` (the final
            state of hidden unit k) or, along the last axis, ``elman_step_hidden_<k>`` (its state
            at each step). ``set_output(transform="pandas")`` (or "polars") wraps the 2-D
            states; the 3-D ones fit no table and raise a ValueError saying so.
        """
        check_is_fitted(self)
        X, lengths = self._validate_sequences(X, reset=False)
        container = _get_output_config("transform", self)["dense"]
        if self.output_ == "sequence" and container != "default":
            raise ValueError(
                f"{type(self).__name__} with output='sequence' transforms to 3-D states "
                "(n_sequences, n_timesteps, n_hidden), which no DataFrame holds; use "
                'set_output(transform="default"), or output="last" for one state per sequence.'
            )
        want = "last" if self.output_ == "last" else "all"
        return self._states_and_outputs(X, lengths, want_outputs=False, want_states=want)[0]

    @property
    def _feature_names_prefix(self):
        return f"{self._state_name}_{'last' if self.output_ == 'last' else 'step'}_hidden"

    @property
    def _n_features_out(self):
        return self.n_hidden

    def _score_real_targets(self, X, y, sample_weight):
        """The metric (accuracy or R²) over sequences, or over the real steps of per-step y."""
        check_is_fitted(self)
        X, lengths = self._validate_sequences(X, reset=False)
        y = self._as_target_array(y)
        self._check_target_shape(y, X, self.output_)
        predicted = self.predict(X)
        if self.output_ == "sequence":
            real = np.arange(X.shape[1]) < lengths[:, np.newaxis]
            y, predicted = y[real], predicted[real]
            if sample_weight is not None:  # a sequence's weight on each of its steps
                sample_weight = np.broadcast_to(
                    np.asarray(sample_weight)[:, np.newaxis], real.shape
                )[real]
        return float(self._metric(y, predicted, sample_weight=sample_weight))

    def _score_rows(self, output, Y, weights):
        """Validation score of network outputs against binarised targets (-inf if not finite)."""
        if not np.isfinite(output).all():
            return -np.inf
        if weights is None:
            return self._metric(self._decode(Y), self._decode(output))
        counted = weights > 0
        return self._metric(
            self._decode(Y[counted]), self._decode(output[counted]), sample_weight=weights[counted]
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        r"""Train by back-propagation through time.

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_timesteps, n_features) or (n_sequences, n_timesteps)
            NaN-padded at the end for variable lengths.
        y : array-like of shape (n_sequences[, n_outputs]) or (n_sequences, n_timesteps[,
        n_outputs])
            One target per sequence or per step (see the output rule in :mod:`zoo.elman`).
        sample_weight : array-like of shape (n_sequences,), default=None
            A weight per sequence, on each of its targets: the loss is the weighted mean over
            targets, :math:`E = \sum_t s_t E_t / \sum_t s_t`; a validation split is scored with
            the same weights.

        Returns
        -------
        self : object
        """
        return self._fit(X, y, sample_weight=sample_weight, incremental=False)


_PARAMETERS_DOC = r"""
    n_hidden : int, default=20
        Number of hidden units (and of context units, their copy).
    activation : {"tanh", "logistic", "sigmoid", "relu", "identity"}, default="tanh"
        Hidden activation :math:`f`.
    output : {"auto", "last", "sequence"}, default="auto"
        Read the output from the final state only (one target per sequence) or at every step;
        "auto" decides from y's shape (see :mod:`zoo.elman`).
    bptt_steps : int or None, default=None
        Truncate back-propagation through time: sequences are cut into chunks of ``bptt_steps``
        steps; the state crosses chunk boundaries but the error does not (chunks start at step 0
        for ``output="sequence"`` and end at the last step for ``"last"``). ``1`` is Elman's
        original copy-back training; None is full BPTT.
    max_grad_norm : float or None, default=None
        Rescale each minibatch gradient to at most this Euclidean norm (Pascanu et al. 2013).
    solver : {"adam", "sgd", "lbfgs", "scg", "cg", "oss", "gdx", "gda"}, default="adam"
        "adam" and "sgd" take minibatch epochs. "lbfgs" is L-BFGS
        (:data:`zoo._core.solvers.FULL_BATCH_SOLVERS`) on every sequence at once with the exact
        gradient of full back-propagation through time: on a small training set it reaches a
        lower loss in fewer passes and needs no learning rate, but its memory holds every
        sequence's states (:math:`T \times n \times` ``n_hidden``), ``bptt_steps`` and
        ``max_grad_norm`` would break its line search (a ValueError), and ``partial_fit`` is not
        available. It stops when the largest gradient component is at most ``tol``, or by the
        validation patience with ``early_stopping``. No Levenberg-Marquardt: the Jacobian's cost
        grows with the sequence length. "scg", "cg", "oss", "gdx" and "gda" are the table's other
        full-batch solvers (MATLAB's ``trainscg``, ``traincgb``, ``trainoss``, ``traingdx``,
        ``traingda``; see :class:`zoo.MLPClassifier`'s ``solver``), under the same conditions.
    alpha : float, default=1e-4
        L2 penalty: :math:`E + \frac{\alpha}{2m}(\lVert W_{in}\rVert^2 + \lVert W_{rec}\rVert^2 +
        \lVert W_{out}\rVert^2)` with :math:`m` the number of targets in the minibatch.
    batch_size : int or "auto", default="auto"
        Sequences per minibatch; "auto" is ``min(32, n_sequences)``.
    learning_rate : {"constant", "invscaling", "adaptive"}, default="constant"
        Schedule of ``solver="sgd"``.
    learning_rate_init : float, default=0.01
    power_t : float, default=0.5
    max_iter : int, default=200
        Epochs ("adam", "sgd") or iterations (the full-batch solvers).
    shuffle : bool, default=True
    random_state : int, RandomState instance or None, default=None
    tol : float, default=1e-4
    verbose : bool, default=False
    warm_start : bool, default=False
    momentum : float, default=0.9
    nesterovs_momentum : bool, default=True
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the sequences, stop when the validation score has not
        improved by ``tol`` for ``n_iter_no_change`` epochs, restore the best weights.
    validation_fraction : float, default=0.1
    beta_1, beta_2, epsilon : float, default=0.9, 0.999, 1e-8
        Adam's parameters.
    n_iter_no_change : int, default=10
    n_init : int, default=1
        Random restarts; keeps the network with the best validation score (``early_stopping``)
        or the lowest final training loss."""


_ATTRIBUTES_DOC = """
    input_weights_ : ndarray of shape (n_features, n_hidden)
    recurrent_weights_ : ndarray of shape (n_hidden, n_hidden)
        Context units to hidden units.
    hidden_intercept_ : ndarray of shape (n_hidden,)
    output_weights_ : ndarray of shape (n_hidden, n_outputs)
    output_intercept_ : ndarray of shape (n_outputs,)
    output_ : {"last", "sequence"}
        The output mode used.
    out_activation_ : str
    n_outputs_ : int
    input_ndim_ : int
        2 or 3: the dimensionality of the X given to the first fit.
    n_features_in_ : int
        Columns of a 2-D X; features per step of a 3-D X.
    feature_names_in_ : ndarray
    loss_ : float
    loss_curve_ : list of float
        The training criterion per epoch (per iteration for "lbfgs"): the loss (over the scored
        time steps) with its L2 penalty.
    best_loss_ : float or None
    validation_scores_ : list of float or None
    validation_loss_curve_ : list of float
        With ``early_stopping``: the loss of the held-out sequences after each epoch (iteration),
        without the L2 penalty.
    gradient_curve_ : list of float
        The norm of the objective's gradient per iteration of the full-batch solvers (``lm``:
        at the start of the iteration; ``scg``, ``cg``, ``oss``, ``gdx``, ``gda``: at its end),
        MATLAB's ``tr.gradient`` (:func:`zoo.plotting.plot_train_state`).
    mu_curve_ : list of float
        Levenberg-Marquardt's damping μ per ``lm`` iteration (MATLAB's ``tr.mu``).
    best_validation_score_ : float or None
    n_iter_ : int
    t_ : int
        Sequences seen during training."""
