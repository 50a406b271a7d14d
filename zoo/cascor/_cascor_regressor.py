"""The Cascade-Correlation regressor, :class:`CascadeCorrelationRegressor`."""

from numbers import Real

import numpy as np
from sklearn.base import RegressorMixin
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data

from .._core.docstrings import doc_entries, shared_doc
from .._core.losses import LOSSES
from .._core.validation import check_input_scale
from ._base import _PARAMETERS_DOC, _BaseCascadeCorrelation
from ._cascor_classifier import CascadeCorrelationClassifier


@shared_doc(
    parameters=_PARAMETERS_DOC,
    attributes=doc_entries(
        CascadeCorrelationClassifier,
        "Attributes",
        ["n_hidden_units_", "hidden_weights_", "output_weights_", "loss_curve_", "loss_"]
        + ["growth_history_", "n_iter_", "n_features_in_", "feature_names_in_"],
    ),
)
class CascadeCorrelationRegressor(RegressorMixin, _BaseCascadeCorrelation):
    r"""Cascade-Correlation regressor (Fahlman & Lebiere 1990).

    The growth algorithm of :class:`CascadeCorrelationClassifier` (see :mod:`zoo.cascor._base`)
    with linear output units and the squared error
    :math:`E = \frac{1}{2n}\sum_p\lVert o_p - y_p\rVert^2`. Growing stops when the *error index*
    (root-mean-square error over the standard deviation of the targets, the measure Fahlman's code
    uses for continuous outputs) is at most ``error_index_threshold``, or by ``target_loss``.

    Parameters
    ----------
    {parameters}
    output_activation : {"identity", "tanh", "logistic"}, default="identity"
    output_learning_rate : float, default=0.02
        Overrides the classifier's 1.0: a linear output has no sigmoid slope (at most 1/4) to damp
        the step, and hidden units that correlate with each other make the output weights an
        ill-conditioned problem on which Quickprop's per-weight parabolas overshoot.
    max_output_epochs : int, default=1000
        Overrides the classifier's 100: the smaller steps need more epochs (the patience rule
        usually ends the phase after 30-200).
    error_index_threshold : float or None, default=0.05
        Stop when RMSE / std(y) is at most this. None: grow until ``target_loss`` or
        ``max_hidden_units``.
    alpha : float, default=1e-4
        L2 penalty on the output weights.
    weight_range : float, default=1.0
    warm_start : bool, default=False
        When True and the network is fitted, the next ``fit`` continues growing it (no
        re-initialisation) up to ``max_hidden_units`` in total; on an unfitted network it is a
        cold fit. The data must have the same features and outputs.
    random_state : int, RandomState instance or None, default=None
    verbose : int, default=0

    Attributes
    ----------
    {attributes}

    References
    ----------
    .. [1] Fahlman, S. E. & Lebiere, C. (1990). The Cascade-Correlation Learning Architecture.
       Advances in Neural Information Processing Systems 2, 524-532.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.cascor import CascadeCorrelationRegressor
    >>> X = np.linspace(-2, 2, 80).reshape(-1, 1)
    >>> reg = CascadeCorrelationRegressor(random_state=0).fit(X, np.sin(2 * X.ravel()))
    >>> bool(reg.score(X, np.sin(2 * X.ravel())) > 0.99)
    True
    """

    _parameter_constraints: dict = {
        **_BaseCascadeCorrelation._parameter_constraints,
        "output_activation": [StrOptions({"identity", "tanh", "logistic"})],
        "error_index_threshold": [Interval(Real, 0, None, closed="left"), None],
    }

    def __init__(
        self,
        *,
        max_hidden_units=50,
        candidate_pool_size=8,
        candidate_activation="tanh",
        output_activation="identity",
        output_learning_rate=0.02,
        candidate_learning_rate=0.2,
        mu=1.75,
        output_patience=12,
        candidate_patience=12,
        output_change_threshold=0.01,
        candidate_change_threshold=0.01,
        max_output_epochs=1000,
        max_candidate_epochs=100,
        error_index_threshold=0.05,
        target_loss=None,
        alpha=1e-4,
        weight_range=1.0,
        warm_start=False,
        random_state=None,
        verbose=0,
    ):
        self.max_hidden_units = max_hidden_units
        self.candidate_pool_size = candidate_pool_size
        self.candidate_activation = candidate_activation
        self.output_activation = output_activation
        self.output_learning_rate = output_learning_rate
        self.candidate_learning_rate = candidate_learning_rate
        self.mu = mu
        self.output_patience = output_patience
        self.candidate_patience = candidate_patience
        self.output_change_threshold = output_change_threshold
        self.candidate_change_threshold = candidate_change_threshold
        self.max_output_epochs = max_output_epochs
        self.max_candidate_epochs = max_candidate_epochs
        self.error_index_threshold = error_index_threshold
        self.target_loss = target_loss
        self.alpha = alpha
        self.weight_range = weight_range
        self.warm_start = warm_start
        self.random_state = random_state
        self.verbose = verbose

    def _loss_name(self):
        return "squared_error"

    def _validate_training_data(self, X, y, reset):
        X, y = validate_data(
            self,
            X,
            y,
            dtype=(np.float64, np.float32),
            multi_output=True,
            y_numeric=True,
            reset=reset,
        )
        check_input_scale(X, type(self).__name__, power=4)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        Y = y.reshape(len(y), -1).astype(X.dtype)
        return X, Y

    def _set_target_scale(self, Y, sample_weight):
        """std(y) over every target (weighted by ``sample_weight``), the error index's scale."""
        if sample_weight is None:
            spread = float(np.std(Y))
        else:
            weights = np.broadcast_to(sample_weight[:, None], Y.shape)
            mean = np.average(Y, weights=weights)
            spread = float(np.sqrt(np.average(np.square(Y - mean), weights=weights)))
        self._target_scale = spread if spread > 0 else 1.0

    def _criterion_met(self, output, Y, loss, sample_weight=None):
        if self.error_index_threshold is not None:
            # error index = RMSE / std(y), with squared_error = sum over outputs of MSE / 2
            mean_squares = LOSSES["squared_error"](Y, output, sample_weight)
            rmse = np.sqrt(2.0 * mean_squares / Y.shape[1])
            if rmse / self._target_scale <= self.error_index_threshold:
                return True
        return self.target_loss is not None and loss <= self.target_loss

    def _has_criterion(self):
        return self.error_index_threshold is not None or self.target_loss is not None

    def predict(self, X):
        """Predict targets.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        check_input_scale(X, type(self).__name__, power=4)
        output = self._forward(X)
        return output.ravel() if output.shape[1] == 1 else output

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags
