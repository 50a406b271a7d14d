"""The multi-layer perceptron classifier, :class:`MLPClassifier`."""

import numpy as np
from sklearn.base import ClassifierMixin, _fit_context
from sklearn.metrics import accuracy_score
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import _check_partial_fit_first_call, type_of_target, unique_labels
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data

from .._core.validation import (
    NONFINITE_WEIGHTS,
    check_at_least_two_classes,
    check_class_weight,
    check_classification_target_kind,
    check_input_scale,
    check_warm_start_classes,
)
from ._base import _BaseMLP, _mlp_doc


@_mlp_doc(lm_regularization="alpha")
class MLPClassifier(ClassifierMixin, _BaseMLP):
    r"""Multi-layer perceptron classifier trained by back-propagation.

    A drop-in superset of :class:`sklearn.neural_network.MLPClassifier` (same parameters, defaults,
    attributes and methods). Hidden layers compute :math:`a_l = f(a_{l-1}W_l + b_l)`; the output is
    softmax (multiclass) or logistic (binary, multilabel). Training minimises

    .. math:: E = \frac{1}{m}\sum_k E_k + \frac{\alpha}{2m}\sum_l\lVert W_l\rVert^2

    where :math:`E_k` is the log loss, or with ``loss="squared_error"`` the squared error
    :math:`\frac12\lVert y_k - p_k\rVert^2` of the original back-propagation paper (Rumelhart,
    Hinton
    & Williams 1986). With the textbook form :math:`\lambda\frac1m\sum E_k + (1-\lambda)\sum w^2`,
    :math:`\alpha = 2m(1-\lambda)/\lambda`.

    Parameters
    ----------
    {parameters}
    loss : {"log_loss", "squared_error"}, default="log_loss"
    class_weight : dict, "balanced" or None, default=None
        Multiplies each sample's weight by its class's weight.
    {training_parameters}

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    {attributes}

    References
    ----------
    Rumelhart, D. E., Hinton, G. E. & Williams, R. J. (1986). Learning representations by
    back-propagating errors. Nature 323, 533-536.

    Glorot, X. & Bengio, Y. (2010). Understanding the difficulty of training deep feedforward
    neural networks. AISTATS.

    Kingma, D. P. & Ba, J. (2015). Adam: a method for stochastic optimization. ICLR.

    Kirkpatrick, S., Gelatt, C. D. & Vecchi, M. P. (1983). Optimization by simulated annealing.
    Science 220, 671-680.

    Hagan, M. T. & Menhaj, M. B. (1994). Training feedforward networks with the Marquardt
    algorithm. IEEE Transactions on Neural Networks 5(6), 989-993.

    MacKay, D. J. C. (1992). Bayesian interpolation. Neural Computation 4(3), 415-447.

    Foresee, F. D. & Hagan, M. T. (1997). Gauss-Newton approximation to Bayesian learning.
    Proceedings of the International Conference on Neural Networks, 1930-1935.

    Igel, C. & Hüsken, M. (2000). Improving the Rprop learning algorithm. NC 2000, 115-121.

    Srivastava, N., Hinton, G., Krizhevsky, A., Sutskever, I. & Salakhutdinov, R. (2014).
    Dropout: a simple way to prevent neural networks from overfitting. JMLR 15, 1929-1958.

    Examples
    --------
    >>> from zoo.datasets import make_xor
    >>> from zoo.mlp import MLPClassifier
    >>> X, y = make_xor()
    >>> clf = MLPClassifier(hidden_layer_sizes=(4,), activation="tanh", solver="lbfgs",
    ...                     random_state=1).fit(X, y)
    >>> clf.predict(X).tolist()
    [0, 1, 1, 0]
    """

    _parameter_constraints: dict = {
        **_BaseMLP._parameter_constraints,
        "loss": [StrOptions({"log_loss", "squared_error"})],
        "class_weight": [dict, StrOptions({"balanced"}), None],
    }

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
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
        max_fun=15000,
        loss="log_loss",
        class_weight=None,
        n_init=1,
        temperature_init=1.0,
        cooling_rate=0.995,
        dropout=0.0,
        lm_damping=1e-3,
        lm_regularization="alpha",
        rprop_step_sizes=(0.1, 1e-6, 50.0),
        cg_update="powell-beale",
        connectivity="layered",
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
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
        self.max_fun = max_fun
        self.loss = loss
        self.class_weight = class_weight
        self.n_init = n_init
        self.temperature_init = temperature_init
        self.cooling_rate = cooling_rate
        self.dropout = dropout
        self.lm_damping = lm_damping
        self.lm_regularization = lm_regularization
        self.rprop_step_sizes = rprop_step_sizes
        self.cg_update = cg_update
        self.connectivity = connectivity

    def _loss_name(self):
        return self.loss

    def _output_activation(self):
        return "softmax" if self._label_binarizer.y_type_ == "multiclass" else "logistic"

    def _is_single_label_classifier(self):
        return self.n_outputs_ == 1 or self._label_binarizer.y_type_ == "multiclass"

    def _validate_input(self, X, y, incremental, reset):
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse=["csr", "csc"],
            multi_output=True,
            dtype=(np.float64, np.float32),
            reset=reset,
        )
        check_input_scale(X, type(self).__name__, prefix=NONFINITE_WEIGHTS, power=4)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        # a continuous target is named as such ('continuous'), not printed as an array
        check_classification_target_kind(y, ("binary", "multiclass", "multilabel-indicator"))
        if (not hasattr(self, "classes_")) or (not self.warm_start and not incremental):
            self._label_binarizer = LabelBinarizer()
            self._label_binarizer.fit(y)
            self.classes_ = self._label_binarizer.classes_
            if self._label_binarizer.y_type_ in ("binary", "multiclass"):
                check_at_least_two_classes(self.classes_, self._display_name())
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
        if self._label_binarizer.y_type_.startswith("multilabel"):
            raise ValueError("class_weight is not supported for multilabel targets.")
        weights = compute_sample_weight(check_class_weight(self.class_weight), y).astype(
            np.float64 if sample_weight is None else sample_weight.dtype
        )
        return weights if sample_weight is None else sample_weight * weights

    def _score_output(self, output, Y, sample_weight):
        if not np.isfinite(output).all():
            return -np.inf
        binarizer = self._label_binarizer
        return accuracy_score(
            binarizer.inverse_transform(Y), self._decode(output), sample_weight=sample_weight
        )

    def _decode(self, output):
        if self.n_outputs_ == 1:
            output = output.ravel()
        return self._label_binarizer.inverse_transform(output)

    def predict(self, X):
        """Predict class labels (or label indicators for multilabel y).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_classes)
        """
        check_is_fitted(self)
        X = validate_data(
            self, X, accept_sparse=["csr", "csc"], reset=False, dtype=(np.float64, np.float32)
        )
        check_input_scale(X, type(self).__name__, prefix=NONFINITE_WEIGHTS, power=4)
        return self._decode(self._forward(X))

    def predict_proba(self, X):
        """Class probabilities: the softmax (or logistic) output layer.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        check_is_fitted(self)
        X = validate_data(
            self, X, accept_sparse=["csr", "csc"], reset=False, dtype=(np.float64, np.float32)
        )
        check_input_scale(X, type(self).__name__, prefix=NONFINITE_WEIGHTS, power=4)
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
        """One epoch over ``X, y`` (stochastic solvers only).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
        classes : array of shape (n_classes,), default=None
            Every class of the whole stream; required on the first call.

        Returns
        -------
        self : object
        """
        if _check_partial_fit_first_call(self, classes):
            self._label_binarizer = LabelBinarizer()
            if type_of_target(y).startswith("multilabel"):
                self._label_binarizer.fit(y)
            else:
                self._label_binarizer.fit(classes)
        return self._fit(X, y, sample_weight=sample_weight, incremental=True)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags
