"""The convolutional network classifier (LeNet), :class:`ConvNetClassifier`."""

import numpy as np
from sklearn.base import ClassifierMixin, _fit_context
from sklearn.metrics import accuracy_score
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import _check_partial_fit_first_call, unique_labels
from sklearn.utils.validation import check_is_fitted, column_or_1d

from .._core.docstrings import shared_doc
from .._core.validation import (
    check_at_least_two_classes,
    check_class_weight,
    check_classification_target_kind,
    check_warm_start_classes,
)
from ._base import _SHARED_ATTRIBUTES, _SHARED_PARAMETERS, _BaseConvNet


@shared_doc(parameters=_SHARED_PARAMETERS, attributes=_SHARED_ATTRIBUTES)
class ConvNetClassifier(ClassifierMixin, _BaseConvNet):
    r"""Convolutional neural network classifier (LeNet), trained by back-propagation.

    Each convolution layer computes feature maps with shared kernels, then pools them:

    .. math::

        z_{n,i,j,f} = b_f + \sum_{u,v,c} x_{n,\,si+u,\,sj+v,\,c}\,K_{u,v,c,f}, \qquad
        a = g(z), \qquad y = \mathrm{pool}(a),

    and the flattened last map feeds dense layers ending in softmax (logistic for two classes).
    Training minimises the mean log loss plus
    :math:`\frac{\alpha}{2m}\sum\lVert W\rVert^2` by minibatch back-propagation through the
    shared training loop; every training parameter is :class:`zoo.MLPClassifier`'s.

    The defaults are LeNet-5's layers (LeCun et al. 1998) for 28x28 digits: 6 kernels 5x5 ("same"
    padding) -> 2x2 pooling -> 16 kernels 5x5 -> 2x2 pooling -> 120 -> 84 -> classes, with ReLU
    and max pooling. "same" padding in both layers lets the same network read 8x8 digits
    (16x2x2 maps into the dense layers: 21,386 parameters); on 28x28 the maps are 16x7x7 and the
    network has 107,786 parameters. LeNet-5 itself pads only the first layer:
    ``padding=(2, 0)`` gives its 16x5x5 maps and 61,706 parameters (28x28 input only).
    A 784-16-10 MLP (``MLPClassifier(hidden_layer_sizes=(16,))``) has 12,730. On the 8x8 digits,
    ``conv_filters=(16, 32), kernel_size=3, batch_size=32, learning_rate_init=0.005, max_iter=30``
    (31,294 parameters) is the recipe ``zoo compare`` runs, and prints the stratified 5-fold CV
    accuracy of; README's "parameters against accuracy" table sets it beside the defaults and
    the MLP.

    Parameters
    ----------
    {parameters}
    class_weight : dict, "balanced" or None, default=None
        Multiplies each sample's weight by its class's weight.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    {attributes}

    See Also
    --------
    zoo.MLPClassifier : the same training on fully connected layers.

    References
    ----------
    LeCun, Y., Boser, B., Denker, J. S., Henderson, D., Howard, R. E., Hubbard, W. & Jackel, L. D.
    (1989). Backpropagation applied to handwritten zip code recognition. Neural Computation 1,
    541-551.

    LeCun, Y., Bottou, L., Bengio, Y. & Haffner, P. (1998). Gradient-based learning applied to
    document recognition. Proceedings of the IEEE 86, 2278-2324.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from zoo.conv import ConvNetClassifier
    >>> X, y = load_digits(return_X_y=True)
    >>> X = (X / 16).astype("float32")  # 64 features: 8x8 images
    >>> clf = ConvNetClassifier(conv_filters=(8,), hidden_layer_sizes=(32,), batch_size=32,
    ...                         learning_rate_init=0.005, tol=1e-2, n_iter_no_change=2,
    ...                         random_state=0)
    >>> clf = clf.fit(X[:1000], y[:1000])  # stops after 18 epochs: the loss gains < tol twice
    >>> clf.image_shape_, clf.n_parameters_, clf.n_iter_
    ((8, 8, 1), 4666, 18)
    >>> bool(clf.score(X[1000:], y[1000:]) > 0.9)
    True
    """

    _parameter_constraints: dict = {
        **_BaseConvNet._parameter_constraints,
        "class_weight": [dict, StrOptions({"balanced"}), None],
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
        class_weight=None,
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
        self.class_weight = class_weight

    def _loss_name(self):
        return "log_loss"

    def _output_activation(self):
        return "softmax" if len(self.classes_) > 2 else "logistic"

    def _is_classifier_output(self):
        return True

    def _validate_input(self, X, y, incremental, reset):
        X, y, shape = self._validate_images(X, reset, y)
        if reset:
            self.image_shape_ = self._resolve_image_shape(X.shape[1], shape)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        check_classification_target_kind(y)
        if (not hasattr(self, "classes_")) or (not self.warm_start and not incremental):
            self._label_binarizer = LabelBinarizer().fit(y)
            self.classes_ = self._label_binarizer.classes_
            check_at_least_two_classes(self.classes_, type(self).__name__)
        else:
            classes = unique_labels(y)
            if self.warm_start and not incremental:
                check_warm_start_classes(classes, self.classes_)
            elif len(np.setdiff1d(classes, self.classes_, assume_unique=True)):
                raise ValueError(
                    f"`y` has classes not in `self.classes_`. `self.classes_` has {self.classes_}."
                    f" 'y' has {classes}."
                )
        return X, self._label_binarizer.transform(y), y

    def _apply_class_weight(self, y, sample_weight):
        if self.class_weight is None:
            return sample_weight
        weights = compute_sample_weight(check_class_weight(self.class_weight), y).astype(
            np.float64 if sample_weight is None else sample_weight.dtype
        )
        return weights if sample_weight is None else sample_weight * weights

    def _score_output(self, output, Y, sample_weight):
        if not np.isfinite(output).all():
            return -np.inf
        truth = self._label_binarizer.inverse_transform(Y)
        return accuracy_score(truth, self._decode(output), sample_weight=sample_weight)

    def _decode(self, output):
        if self.n_outputs_ == 1:
            output = output.ravel()
        return self._label_binarizer.inverse_transform(output)

    def predict(self, X):
        """Predict class labels.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), (n_samples, H, W) or (n_samples, H, W, C)

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X, _ = self._validate_images(X, reset=False)
        return self._decode(self._forward(X))

    def predict_proba(self, X):
        """Class probabilities: the softmax (or logistic) output layer.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), (n_samples, H, W) or (n_samples, H, W, C)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        check_is_fitted(self)
        X, _ = self._validate_images(X, reset=False)
        output = self._forward(X)
        if self.n_outputs_ == 1:
            output = output.ravel()
            return np.vstack([1 - output, output]).T
        return output

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`."""
        proba = self.predict_proba(X)
        return np.log(proba, out=proba)

    @available_if(lambda est: est._check_solver())
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """One epoch over ``X, y`` (solver "sgd" or "adam" only).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), (n_samples, H, W) or (n_samples, H, W, C)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
        classes : array of shape (n_classes,), default=None
            Every class of the whole stream; required on the first call.

        Returns
        -------
        self : object
        """
        if _check_partial_fit_first_call(self, classes):
            self._label_binarizer = LabelBinarizer().fit(classes)
            check_at_least_two_classes(self.classes_, type(self).__name__)
        return self._fit(X, y, sample_weight=sample_weight, incremental=True)
