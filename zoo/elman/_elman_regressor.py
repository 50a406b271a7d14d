"""The Elman network regressor, :class:`ElmanRegressor`: a target per sequence or per step."""

from sklearn.base import RegressorMixin, _fit_context
from sklearn.metrics import r2_score
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import _assert_all_finite, check_array

from .._core.docstrings import shared_doc
from .._core.losses import (
    REGRESSION_LOSSES,
    check_loss_targets,
    make_loss,
    regression_loss_constraints,
    regression_loss_doc,
)
from ._base import _ATTRIBUTES_DOC, _PARAMETERS_DOC, _BaseElman


class _RecurrentRegressor(RegressorMixin, _BaseElman):
    """What the recurrent-network regressors share (Elman, layer-recurrent, Jordan): the shared
    regression losses, targets, prediction, score and partial_fit; a subclass adds its
    constructor and docstring (not public)."""

    _parameter_constraints: dict = {
        **_BaseElman._parameter_constraints,
        **regression_loss_constraints((*REGRESSION_LOSSES, "poisson")),
    }

    def _loss_name(self):
        return make_loss(self.loss, self.huber_delta)

    def _output_activation(self):
        return "exp" if self.loss == "poisson" else "identity"

    def _is_single_label_classifier(self):
        return False

    @staticmethod
    def _as_target_array(y):
        if y is None:
            return None
        return check_array(
            y,
            ensure_2d=False,
            allow_nd=True,
            dtype="numeric",
            ensure_all_finite=False,
            input_name="y",
        )

    def _encode_targets(self, y_rows, first_pass, incremental):
        _assert_all_finite(y_rows, input_name="y")
        check_loss_targets(self.loss, y_rows)
        return y_rows

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # the Poisson deviance is defined for y >= 0 only (scikit-learn's checks then draw such y)
        tags.target_tags.positive_only = isinstance(self.loss, str) and self.loss == "poisson"
        return tags

    @staticmethod
    def _metric(y_true, y_pred, sample_weight=None):
        return r2_score(y_true, y_pred, sample_weight=sample_weight)

    def _decode(self, output):
        return output

    def predict(self, X):
        """Predicted targets per sequence ``(n_sequences[, n_outputs])`` or per step
        ``(n_sequences, n_timesteps[, n_outputs])``.

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_timesteps, n_features) or (n_sequences, n_timesteps)

        Returns
        -------
        y : ndarray
        """
        output = self._predict_outputs(X)[0]
        return output[..., 0] if self.n_outputs_ == 1 else output

    def score(self, X, y, sample_weight=None):
        """R² over sequences, or over the real (unpadded) steps for per-step targets.

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_timesteps, n_features) or (n_sequences, n_timesteps)
        y : array-like
        sample_weight : array-like of shape (n_sequences,), default=None

        Returns
        -------
        score : float
        """
        return self._score_real_targets(X, y, sample_weight)

    @available_if(lambda est: est._check_solver())
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """One epoch over ``X, y`` (solver "sgd" or "adam" only).

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_timesteps, n_features) or (n_sequences, n_timesteps)
        y : array-like
        sample_weight : array-like of shape (n_sequences,), default=None
            A weight per sequence (see :meth:`fit`).

        Returns
        -------
        self : object
        """
        return self._fit(X, y, sample_weight=sample_weight, incremental=True)


@shared_doc(
    loss_parameters=regression_loss_doc(
        (*REGRESSION_LOSSES, "poisson"),
        more=r""""poisson" is the half Poisson deviance :math:`y\log(y/p) - y + p` of an
        exponential output :math:`p = e^{h W_{out} + b_{out}}` (counts or rates; y must be
        non-negative), as :class:`~zoo.mlp.MLPRegressor`'s; every solver takes every loss.""",
    ),
    parameters=_PARAMETERS_DOC,
    attributes=_ATTRIBUTES_DOC,
)
class ElmanRegressor(_RecurrentRegressor):
    r"""Elman simple recurrent network regressor: per sequence, or per step.

    As :class:`ElmanClassifier` with a linear output :math:`p = h W_{out} + b_{out}` and the squared
    error :math:`\frac12\lVert y - p\rVert^2` (summed over outputs, averaged over targets; or the
    absolute error, Huber's loss or a callable pair; or an exponential output with the Poisson
    deviance, see ``loss``): sequence
    regression, forecasting (see :func:`zoo.datasets.sliding_windows`) and per-step prediction such
    as Elman's (1990) temporal XOR.

    Parameters
    ----------
    {parameters}
    {loss_parameters}

    Attributes
    ----------
    {attributes}

    References
    ----------
    .. [1] Elman, J. L. (1990). Finding structure in time. Cognitive Science, 14(2), 179-211.
    .. [2] Williams, R. J. & Peng, J. (1990). An efficient gradient-based algorithm for on-line
       training of recurrent network trajectories. Neural Computation, 2(4), 490-501.

    Examples
    --------
    Forecast a sine wave from windows of 10 steps:

    >>> import numpy as np
    >>> from zoo.datasets import sliding_windows
    >>> from zoo.elman import ElmanRegressor
    >>> X, y = sliding_windows(np.sin(np.arange(300) * 0.2), n_timesteps=10)
    >>> reg = ElmanRegressor(n_hidden=8, max_iter=40, random_state=0).fit(X[:200], y[:200])
    >>> bool(reg.score(X[200:], y[200:]) > 0.99)
    True
    """

    def __init__(
        self,
        n_hidden=20,
        activation="tanh",
        *,
        output="auto",
        bptt_steps=None,
        max_grad_norm=None,
        solver="adam",
        alpha=1e-4,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.01,
        power_t=0.5,
        max_iter=200,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=10,
        n_init=1,
        loss="squared_error",
        huber_delta=1.0,
    ):
        self.n_hidden = n_hidden
        self.activation = activation
        self.output = output
        self.bptt_steps = bptt_steps
        self.max_grad_norm = max_grad_norm
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.n_init = n_init
        self.loss = loss
        self.huber_delta = huber_delta
