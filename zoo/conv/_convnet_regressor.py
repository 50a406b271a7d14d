"""The convolutional network regressor, :class:`ConvNetRegressor`."""

import numpy as np
from sklearn.base import RegressorMixin, _fit_context
from sklearn.metrics import r2_score
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted, column_or_1d

from .._core.docstrings import shared_doc
from .._core.losses import (
    REGRESSION_LOSSES,
    check_loss_targets,
    make_loss,
    regression_loss_constraints,
    regression_loss_doc,
)
from ._base import _SHARED_ATTRIBUTES, _SHARED_PARAMETERS, _BaseConvNet


@shared_doc(
    loss_parameters=regression_loss_doc(
        (*REGRESSION_LOSSES, "poisson"),
        more=r""""poisson" is the half Poisson deviance :math:`y\log(y/p) - y + p` of an
        exponential output :math:`p = e^{z}` (counts or rates; y must be non-negative), as
        :class:`~zoo.mlp.MLPRegressor`'s; every solver takes every loss.""",
    ),
    parameters=_SHARED_PARAMETERS,
    attributes=_SHARED_ATTRIBUTES,
)
class ConvNetRegressor(RegressorMixin, _BaseConvNet):
    r"""Convolutional neural network regressor: :class:`ConvNetClassifier`'s layers with
    a linear output and the squared error :math:`E_k = \frac12\lVert y_k - p_k\rVert^2` (or the
    absolute error, Huber's loss or a callable pair; or an exponential output with the Poisson
    deviance, see ``loss``).

    Parameters
    ----------
    {parameters}
    {loss_parameters}

    Attributes
    ----------
    {attributes}

    References
    ----------
    LeCun, Y., Bottou, L., Bengio, Y. & Haffner, P. (1998). Gradient-based learning applied to
    document recognition. Proceedings of the IEEE 86, 2278-2324.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.conv import ConvNetRegressor
    >>> rng = np.random.default_rng(0)
    >>> X = rng.uniform(size=(300, 6, 6)).astype("float32")  # images; the target: their sum
    >>> reg = ConvNetRegressor(conv_filters=(4,), hidden_layer_sizes=(16,), pooling="average",
    ...                        batch_size=32, learning_rate_init=0.01, tol=1e-2,
    ...                        n_iter_no_change=2, random_state=0)
    >>> bool(reg.fit(X, X.sum(axis=(1, 2))).score(X, X.sum(axis=(1, 2))) > 0.85)
    True
    """

    _parameter_constraints: dict = {
        **_BaseConvNet._parameter_constraints,
        **regression_loss_constraints((*REGRESSION_LOSSES, "poisson")),
    }

    def __init__(
        self,
        conv_filters=(6, 16),
        kernel_size=5,
        strides=1,
        padding="same",
        pool_size=2,
        pooling="max",
        hidden_layer_sizes=(120, 84),
        activation="relu",
        *,
        image_shape=None,
        solver="adam",
        alpha=0.0001,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.001,
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
        self.conv_filters = conv_filters
        self.kernel_size = kernel_size
        self.strides = strides
        self.padding = padding
        self.pool_size = pool_size
        self.pooling = pooling
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.image_shape = image_shape
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

    def _loss_name(self):
        return make_loss(self.loss, self.huber_delta)

    def _output_activation(self):
        return "exp" if self.loss == "poisson" else "identity"

    def _is_classifier_output(self):
        return False

    def _validate_input(self, X, y, incremental, reset):
        X, y, shape = self._validate_images(X, reset, y, multi_output=True, y_numeric=True)
        if reset:
            self.image_shape_ = self._resolve_image_shape(X.shape[1], shape)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        check_loss_targets(self.loss, y)
        return X, y, y

    def _apply_class_weight(self, y, sample_weight):
        return sample_weight

    def _score_output(self, output, Y, sample_weight):
        if not np.isfinite(output).all():
            return -np.inf
        return r2_score(Y, output, sample_weight=sample_weight)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # the Poisson deviance is defined for y >= 0 only (scikit-learn's checks then draw such y)
        tags.target_tags.positive_only = isinstance(self.loss, str) and self.loss == "poisson"
        return tags

    def predict(self, X):
        """Predict targets.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), (n_samples, H, W) or (n_samples, H, W, C)

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        """
        check_is_fitted(self)
        X, _ = self._validate_images(X, reset=False)
        output = self._forward(X)
        return output.ravel() if output.shape[1] == 1 else output

    @available_if(lambda est: est._check_solver())
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """One epoch over ``X, y`` (solver "sgd" or "adam" only).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), (n_samples, H, W) or (n_samples, H, W, C)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : object
        """
        return self._fit(X, y, sample_weight=sample_weight, incremental=True)
