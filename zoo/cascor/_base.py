r"""Cascade-Correlation (Fahlman & Lebiere 1990): a network that builds its own hidden units.

Training starts with no hidden unit: the inputs (and a constant 1, the bias) connect straight to the
outputs. It then alternates two phases, each an epoch loop over the whole training set.

**Output phase.** Only the output weights :math:`W` learn. Row :math:`p` of the *cascade input*
matrix :math:`A` is :math:`a_p = [1, x_p, v_{p1}, \dots, v_{pm}]`, the bias, the inputs and the
outputs of the :math:`m` hidden units installed so far; the network's output is
:math:`o_p = g(a_p W)`. Quickprop minimises

.. math:: E = \frac1n\sum_p E_p(o_p, y_p) + \frac{\alpha}{2n}\lVert W\rVert^2
    \qquad \nabla_W E = \frac1n A^\top\delta + \frac{\alpha}{n}W,
    \quad \delta_{po} = \frac{\partial E_p}{\partial z_{po}}

(the bias row is not penalised) until the stopping criterion is met, or :math:`E` has not fallen
by ``output_change_threshold`` of itself for ``output_patience`` epochs, or ``max_output_epochs``.

**Candidate phase.** A pool of candidate units, each connected to every column of :math:`A`, is
trained to maximise the magnitude of the covariance between its output :math:`V_p = f(a_p w)` and
the residual error :math:`\delta_{po}` that the output phase left, normalised as in Fahlman's code:

.. math:: S = \frac{\sum_o \left|\sum_p (V_p - \bar V)(\delta_{po} - \bar\delta_o)\right|}
    {\sum_{p,o}\delta_{po}^2}
    \qquad \frac{\partial S}{\partial w_i} = \frac{\sum_{p,o}\sigma_o(\delta_{po}-\bar\delta_o)
    f'(z_p)\,a_{pi}}{\sum_{p,o}\delta_{po}^2}

with :math:`\sigma_o` the sign of the covariance with output :math:`o`. All candidates are the
columns of one weight matrix, so an epoch is one GEMM forward and one GEMM back. The best candidate
is installed: its input weights are frozen, its outputs over the training set become one more
column of :math:`A` (so a new unit costs one column, never a pass through the cascade), and its
output weights start at :math:`-S_o` (minus its correlation with each output's error). The two
phases alternate until the criterion is met or ``max_hidden_units`` are installed.

Both phases use :class:`zoo._core.optimizers.Quickprop` and :func:`zoo._core.training.fit_epochs`
(full-batch epochs, the patience rule with a relative change threshold).

**Sample weights** :math:`w_p` weigh both objectives (:mod:`zoo._core.cascade`): the output phase's
mean loss becomes :math:`\sum_p w_p E_p / \sum_p w_p` and the candidates' covariance
:math:`\sum_p w_p (V_p - \bar V)(\delta_{po} - \bar\delta_o)` with weighted means. Both phases
are full-batch, so an integer weight is exactly a repeated sample (up to rounding).

**Callbacks** (:mod:`sklearn.callback`) see the fit's structure: under the fit's task, one task
per phase (``"output"``, then ``"candidates"`` and ``"output"`` for every unit installed), each
with its epochs (``"epoch"``) under it. An output epoch's task carries the network as it
predicts then (``ScoringMonitor`` scores it); a candidate epoch leaves the network unchanged, so
it carries none. A callback that asks to stop ends the whole fit after that epoch: in an output
phase with the output weights of that epoch, in a candidate phase with the network of the last
output phase (the pool is discarded, no unit installed).
"""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, _fit_context
from sklearn.callback import CallbackSupportMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions

from .._core.activations import ACTIVATIONS, get_derivative_with_z
from .._core.blas import single_threaded_blas
from .._core.callbacks import close_callbacks, epoch_callbacks, open_callbacks
from .._core.cascade import (
    candidate_scores,
    candidate_slope,
    centred_residual,
    output_loss,
    output_slope,
)
from .._core.diagnostics import warn_at_caller
from .._core.losses import output_delta, resolve_loss
from .._core.optimizers import Quickprop
from .._core.training import Criterion, History, Monitor, fit_epochs, step_parameter
from .._core.validation import check_finite_parameters, check_sample_weight

CANDIDATE_ACTIVATIONS = ("logistic", "sigmoid", "tanh", "gaussian")


class _BaseCascadeCorrelation(CallbackSupportMixin, BaseEstimator):
    """The growth algorithm shared by the classifier and the regressor (not public)."""

    _parameter_constraints: dict = {
        "max_hidden_units": [Interval(Integral, 0, None, closed="left")],
        "candidate_pool_size": [Interval(Integral, 1, None, closed="left")],
        "candidate_activation": [StrOptions(set(CANDIDATE_ACTIVATIONS))],
        "output_learning_rate": [Interval(Real, 0, None, closed="neither")],
        "candidate_learning_rate": [Interval(Real, 0, None, closed="neither")],
        "mu": [Interval(Real, 0, None, closed="neither")],
        "output_patience": [Interval(Integral, 1, None, closed="left")],
        "candidate_patience": [Interval(Integral, 1, None, closed="left")],
        "output_change_threshold": [Interval(Real, 0, 1, closed="left")],
        "candidate_change_threshold": [Interval(Real, 0, None, closed="left")],
        "max_output_epochs": [Interval(Integral, 1, None, closed="left")],
        "max_candidate_epochs": [Interval(Integral, 1, None, closed="left")],
        "target_loss": [Interval(Real, 0, None, closed="left"), None],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "weight_range": [Interval(Real, 0, None, closed="neither")],
        "warm_start": ["boolean"],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    # ------------------------------------------------------------------ the cascade
    def _cascade_inputs(self, X, n_columns):
        """A = [1, X, v_1 .. v_m] with room for ``n_columns`` columns; each installed unit fills
        its column from the columns before it: v_j = f(A[:, :c_j] w_j)."""
        n_samples, n_features = X.shape
        A = np.empty((n_samples, n_columns), dtype=X.dtype)
        A[:, 0] = 1.0
        A[:, 1 : 1 + n_features] = X
        activation = ACTIVATIONS[self.candidate_activation]
        for j, w in enumerate(self.hidden_weights_):
            column = 1 + n_features + j
            activation(A[:, :column] @ w, out=A[:, column])
        return A

    def _forward(self, X):
        """Network output g(A W) for validated X."""
        n_hidden = len(self.hidden_weights_)
        A = self._cascade_inputs(X, 1 + X.shape[1] + n_hidden)
        return ACTIVATIONS[self.output_activation](A @ self.output_weights_)

    # ------------------------------------------------------------------ training
    # The GEMMs here are skinny (n x fan-in x a pool of 8): BLAS threads cost more than they give
    # on them (a synchronisation per product, see zoo._core.blas).
    @single_threaded_blas
    def _fit(self, X, y, sample_weight=None):
        # what the callbacks see and ScoringMonitor scores on: the user's data and weights
        given = dict(X=X, y=y, sample_weight=sample_weight)
        first_pass = not (self.warm_start and hasattr(self, "output_weights_"))
        X, Y = self._validate_training_data(X, y, reset=first_pass)
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X)
        if first_pass:
            self._set_target_scale(Y, sample_weight)
        n_samples, n_features = X.shape
        name = type(self).__name__
        if first_pass:
            self._rng = check_random_state(self.random_state)
            self.hidden_weights_ = []
            self.output_weights_ = np.zeros((1 + n_features, Y.shape[1]), dtype=X.dtype)
            self.loss_curve_ = []
            self.growth_history_ = []
        elif self.output_weights_.shape[1] != Y.shape[1]:
            raise ValueError(
                "warm_start needs the same outputs: the network has "
                f"{self.output_weights_.shape[1]}"
                f" but y asks for {Y.shape[1]}."
            )
        self.hidden_weights_ = [w.astype(X.dtype, copy=False) for w in self.hidden_weights_]
        n_hidden = len(self.hidden_weights_)
        n_columns = 1 + n_features + max(self.max_hidden_units, n_hidden)
        A = self._cascade_inputs(X, n_columns)
        # W and its slope have room for every unit that may be installed; rows not yet in use
        # stay 0 (their slope is 0, so Quickprop leaves them at 0).
        W = np.zeros((n_columns, Y.shape[1]), dtype=X.dtype)
        W[: self.output_weights_.shape[0]] = self.output_weights_
        self._loss = resolve_loss(self._loss_name(), self.output_activation)
        output_optimizer = Quickprop([W], self.output_learning_rate, self.mu, decay=0.0)
        self.n_iter_ = 0

        k = 1 + n_features + n_hidden
        # one callback task per phase (an output phase, then a candidate and an output phase
        # per unit to install), the phase's epochs under it
        open_callbacks(self, **given, max_epochs=1 + 2 * (n_columns - k))
        callbacks = epoch_callbacks(self)

        def network():  # what a copy predicts with as if training stopped now
            return dict(
                hidden_weights_=list(self.hidden_weights_),
                output_weights_=W[: 1 + n_features + len(self.hidden_weights_)].copy(),
                n_hidden_units_=len(self.hidden_weights_),
            )

        def phase(name, max_epochs, train, *args):
            """Train one phase (under its callback task): its results, and whether a callback
            asked training to stop."""
            if callbacks is None:
                return train(*args)
            # a candidate epoch leaves the network as it was: no model of its own to score
            callbacks.reconstruction = network if name == "output" else None
            callbacks.begin_phase(name, max_epochs)
            result, stopped = train(*args)
            return result, callbacks.end_phase() or stopped

        def output_phase():  # train W[:k] for the network of the k columns so far
            return phase(
                "output", self.max_output_epochs, self._train_outputs, A, k, W, Y,
                output_optimizer, sample_weight,
            )  # fmt: skip

        (solved, loss, residual, n_epochs), stopped = output_phase()
        self.n_iter_ += n_epochs
        while not solved and not stopped and k < n_columns:
            (weights, column, correlation, n_candidate_epochs), stopped = phase(
                "candidates", self.max_candidate_epochs, self._train_candidates, A[:, :k],
                residual, sample_weight,
            )  # fmt: skip
            self.n_iter_ += n_candidate_epochs
            if stopped:  # the candidates are not installed: the network stays as it predicts
                break
            if weights is None:  # the residual error is exactly 0: nothing left to correlate
                break
            A[:, k] = column
            W[k] = -correlation  # the reference code's first guess for the new output weights
            self.hidden_weights_.append(weights)
            k += 1
            (solved, loss, residual, n_epochs), stopped = output_phase()
            self.n_iter_ += n_epochs
            self.growth_history_.append(
                {
                    "candidate_epochs": n_candidate_epochs,
                    "output_epochs": n_epochs,
                    "epochs": n_candidate_epochs + n_epochs,
                    "correlation": float(np.abs(correlation).sum()),
                    "loss": loss,
                }
            )
            if self.verbose:
                print(
                    f"[{name}] Unit {len(self.hidden_weights_)} installed, correlation = "
                    f"{np.abs(correlation).sum():.6f}, loss = {loss:.8f}, epochs so far = "
                    f"{self.n_iter_}"
                )
        self.output_weights_ = W[:k].copy()
        self.n_hidden_units_ = len(self.hidden_weights_)
        self.loss_ = loss
        check_finite_parameters(self.hidden_weights_ + [self.output_weights_], name)
        if callbacks is not None:
            callbacks.reconstruction = lambda: {}  # the fitted attributes are set
            close_callbacks(self)
        if not solved and not stopped and self._has_criterion():
            warn_at_caller(
                f"{name}: max_hidden_units ({self.max_hidden_units}) installed and the stopping "
                "criterion is not met yet. Increase max_hidden_units.",
                ConvergenceWarning,
            )
        return self

    def _train_outputs(self, A, k, W, Y, optimizer, sample_weight=None):
        """Quickprop the output weights W[:k]; return (solved, loss, residual delta, epochs)."""
        n_samples = A.shape[0]
        inputs, weights = A[:, :k], W[:k]
        output = np.empty_like(Y)
        delta = np.empty_like(Y)
        slope = np.zeros_like(W)
        alpha = self.alpha
        state = {"solved": False}
        if self.output_activation == "identity":
            # E = 1/(2n) ||A W - Y||^2 is a quadratic whose Hessian A^T A / n has its largest
            # eigenvalue at most trace(A^T A) / n = mean_p ||a_p||^2; gradient descent converges
            # for eps < 2 / lambda_max, so eps is capped at 1 / mean_p ||a_p||^2. Inputs of unit
            # scale never reach the cap; unscaled ones (features near 100) would otherwise make
            # every output phase diverge, or not, as the BLAS kernel's rounding tips it.
            if sample_weight is None:
                mean_square = float(np.einsum("ij,ij->", inputs, inputs)) / n_samples
            else:
                mean_square = float(np.einsum("ij,ij,i->", inputs, inputs, sample_weight))
                mean_square /= float(sample_weight.sum())
            optimizer.learning_rate = min(self.output_learning_rate, 1.0 / mean_square)

        def objective():
            return output_loss(
                inputs,
                weights,
                Y,
                self._loss,
                self.output_activation,
                alpha,
                output,
                sample_weight,
            )

        def step(batch):
            loss = objective()
            state["solved"] = self._criterion_met(output, Y, loss, sample_weight)
            if state["solved"]:
                return loss  # as the reference code: a network that has won is not changed
            output_slope(
                inputs,
                weights,
                Y,
                self._loss,
                self.output_activation,
                alpha,
                output,
                delta,
                slope[:k],
                sample_weight,
            )
            optimizer.update([W], [slope])
            return loss

        history = History()
        monitor = Monitor(
            history,
            name=type(self).__name__,
            step_parameter=step_parameter(
                "output_learning_rate", self.output_learning_rate, "alpha", self.alpha
            ),
            n_iter_no_change=self.output_patience,
            tol=self.output_change_threshold,
            verbose=self.verbose > 1,
            criterion=Criterion(relative=True),
            label=f"{type(self).__name__} output phase",
            callbacks=epoch_callbacks(self),
        )
        n_epochs = fit_epochs(
            step,
            n_samples,
            monitor,
            batch_size=n_samples,
            max_iter=self.max_output_epochs,
            rng=None,
            shuffle=False,
            sample_weight=sample_weight,
            stop_when=lambda loss: state["solved"],
            warn_at_max_iter=False,
        )
        self.loss_curve_.extend(history.criterion)
        loss = history.criterion[-1]
        if not state["solved"]:  # the last epoch updated the weights: evaluate them
            loss = objective()
            state["solved"] = self._criterion_met(output, Y, loss, sample_weight)
        output_delta(self._loss, self.output_activation, Y, output, out=delta)
        return (state["solved"], float(loss), delta, n_epochs), monitor.stopped_by_callback

    def _train_candidates(self, inputs, residual, sample_weight=None):
        """Train the pool; return the best unit's (weights, outputs, correlations, epochs)."""
        n_samples, fan_in = inputs.shape
        n_candidates = self.candidate_pool_size
        dtype = inputs.dtype
        centred, sum_squares = centred_residual(residual, sample_weight)
        if not sum_squares > 0:
            return (None, None, None, 0), False
        scale = 1.0 / sum_squares
        rng = self._rng
        weights = rng.uniform(-self.weight_range, self.weight_range, (fan_in, n_candidates))
        weights = weights.astype(dtype, copy=False)
        derivative = get_derivative_with_z(self.candidate_activation)
        z = np.empty((n_samples, n_candidates), dtype=dtype)
        values = np.empty_like(z)
        back = np.empty_like(z)
        correlation = np.empty((n_candidates, residual.shape[1]), dtype=dtype)
        sign = np.empty_like(correlation)
        slope = np.empty_like(weights)
        # S and its slope do not change when the data are repeated (both sums grow alike), so
        # epsilon is not divided by the number of samples
        optimizer = Quickprop([weights], self.candidate_learning_rate, self.mu, decay=0.0)

        def correlate():
            return candidate_scores(
                inputs, weights, centred, scale, self.candidate_activation, z, values, correlation
            )

        def step(batch):
            scores = correlate()
            candidate_slope(
                inputs, centred, scale, derivative, z, values, correlation, sign, back, slope
            )
            optimizer.update([weights], [slope])
            return -float(scores.max())

        monitor = Monitor(
            History(),
            name=type(self).__name__,
            step_parameter=f"candidate_learning_rate={self.candidate_learning_rate}",
            n_iter_no_change=self.candidate_patience,
            tol=self.candidate_change_threshold,
            verbose=self.verbose > 1,
            criterion=Criterion("minus the best candidate's correlation", relative=True),
            label=f"{type(self).__name__} candidate phase",
            callbacks=epoch_callbacks(self),
        )
        n_epochs = fit_epochs(
            step,
            n_samples,
            monitor,
            batch_size=n_samples,
            max_iter=self.max_candidate_epochs,
            rng=None,
            shuffle=False,
            warn_at_max_iter=False,
        )
        best = int(np.argmax(correlate()))
        unit = weights[:, best].copy(), values[:, best].copy(), correlation[best].copy(), n_epochs
        return unit, monitor.stopped_by_callback

    def _has_criterion(self):
        return self.target_loss is not None

    def _set_target_scale(self, Y, sample_weight):
        """Measure what the stopping criterion compares with, on a first fit (none here)."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags = None
        return tags

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        r"""Grow and train the network.

        With ``warm_start=True`` and a fitted network, growing continues from the current hidden
        units (their weights stay frozen) up to ``max_hidden_units`` in total.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        sample_weight : array-like of shape (n_samples,), default=None
            Weights :math:`w_p \ge 0` of the samples in both objectives (None: all 1): the output
            phase minimises :math:`E = \sum_p w_p E_p / \sum_p w_p` (plus the penalty over
            :math:`\sum_p w_p`), and the candidates maximise the weighted covariance
            :math:`S = \sum_o |\sum_p w_p (V_p - \bar V)(e_{po} - \bar e_o)| /
            \sum_p w_p \sum_o e_{po}^2` with weighted means :math:`\bar V`,
            :math:`\bar e_o`; samples of weight 0 do not count in the stopping criterion either.
            Both phases train on the full batch, so an integer weight is the sample repeated and a
            zero weight the sample dropped (to rounding).

        Returns
        -------
        self : object
        """
        return self._fit(X, y, sample_weight)


_PARAMETERS_DOC = """
    max_hidden_units : int, default=50
        Hidden units to install at most (in total, across ``warm_start`` calls).
    candidate_pool_size : int, default=8
        Candidate units trained in parallel per installed unit (8 in the paper).
    candidate_activation : {"logistic", "sigmoid", "tanh", "gaussian"}, default="tanh"
        Activation of the hidden units; "gaussian" is :math:`e^{-z^2/2}`. The paper's symmetric
        sigmoid :math:`1/(1+e^{-z}) - 1/2` is :math:`\\tanh(z/2)/2`: tanh is the same unit with
        its weights and output scaled.
    output_learning_rate, candidate_learning_rate : float, default=1.0, 0.2
        Quickprop's :math:`\\epsilon` for the output weights (on the mean slope, as the reference
        code's epsilon / n) and for the candidates' weights (on the slope of the normalised
        score :math:`S`, which does not grow with the number of samples).
    mu : float, default=1.75
        Quickprop's maximum growth factor (Fahlman 1988; his cascade-correlation code uses 2.0).
    output_patience, candidate_patience : int, default=12, 12
        Epochs without a significant change before a phase stops.
    output_change_threshold, candidate_change_threshold : float, default=0.01, 0.01
        A change is significant when the loss falls (the best correlation rises) by this fraction.
    max_output_epochs, max_candidate_epochs : int, default=100, 100
        Epoch caps per phase.
    target_loss : float or None, default=None
        Stop growing once the training loss is at or below it (the loss tolerance criterion)."""
