"""The extreme learning machine classifier, :class:`ELMClassifier`: ridge scores of a random hidden
layer on :math:`\\pm 1` class codes."""

import numpy as np
from scipy.special import log_softmax, softmax
from sklearn.base import ClassifierMixin, _fit_context
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils.multiclass import _check_partial_fit_first_call, check_classification_targets
from sklearn.utils.validation import validate_data

from .._core.docstrings import shared_doc
from .._core.ridge import class_scores
from .._core.validation import (
    check_at_least_two_classes,
    check_classification_target_kind,
    known_class_index,
)
from ._base import _ATTRIBUTES_DOC, _FLOATS, _PARAMETERS_DOC, _BaseELM


@shared_doc(parameters=_PARAMETERS_DOC, attributes=_ATTRIBUTES_DOC)
class ELMClassifier(ClassifierMixin, _BaseELM):
    r"""Extreme learning machine classifier (Huang, Zhu & Siew 2006; Huang et al. 2012).

    The classes are coded as Huang et al. (2012) do, :math:`t_{ik} = 1` for the sample's class and
    :math:`-1` for the others (one column for two classes), and the network of
    :class:`ELMRegressor`,

    .. math::

        H = g(X W + b), \qquad S(X) = H\beta + c, \qquad
        \min_{\beta, c} \sum_i s_i \lVert t_i - h_i\beta - c\rVert^2 + \alpha\lVert\beta\rVert^2,

    is fitted to the codes in closed form (``alpha="bayes"``: the evidence's penalty; ``kernel=
    "rbf"``: the kernel ELM, :math:`S(x) = K(x, X)(I/C + \Omega)^{-1}T`). The predicted class is
    the highest score (for two classes, its sign). :meth:`predict_proba` is the softmax of the
    scores (for two classes, of :math:`(-s, s)`): a monotone map of the scores, not a fitted
    probability model; calibrate it (``CalibratedClassifierCV``) where probabilities matter.

    The fit is one pass with no iterations (no callbacks, no ``warm_start``: :meth:`partial_fit`
    adds data to the output layer's normal equations instead, the online sequential ELM of
    Liang et al. 2006).

    Parameters
    ----------
    {parameters}

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    {attributes}

    See Also
    --------
    ELMRegressor : The same network on real targets, with the equations.

    References
    ----------
    .. [1] Huang, G.-B., Zhu, Q.-Y. & Siew, C.-K. (2006). Extreme learning machine: theory and
       applications. Neurocomputing, 70(1-3), 489-501.
    .. [2] Huang, G.-B., Zhou, H., Ding, X. & Zhang, R. (2012). Extreme learning machine for
       regression and multiclass classification. IEEE Trans. Systems, Man, and Cybernetics B,
       42(2), 513-529.
    .. [3] Liang, N.-Y., Huang, G.-B., Saratchandran, P. & Sundararajan, N. (2006). A fast and
       accurate online sequential learning algorithm for feedforward networks. IEEE Trans.
       Neural Networks, 17(6), 1411-1423.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.model_selection import train_test_split
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from zoo import ELMClassifier
    >>> X, y = load_digits(return_X_y=True)
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    >>> elm = make_pipeline(
    ...     StandardScaler(),
    ...     ELMClassifier(n_hidden=1000, input_scaling=0.3, alpha="bayes", random_state=0),
    ... ).fit(X_train, y_train)
    >>> bool(elm.score(X_test, y_test) > 0.95)
    True
    """

    def __init__(
        self,
        n_hidden=100,
        *,
        activation="logistic",
        weight_distribution="uniform",
        input_scaling=1.0,
        alpha=1e-4,
        kernel=None,
        gamma=None,
        random_state=None,
    ):
        self.n_hidden = n_hidden
        self.activation = activation
        self.weight_distribution = weight_distribution
        self.input_scaling = input_scaling
        self.alpha = alpha
        self.kernel = kernel
        self.gamma = gamma
        self.random_state = random_state

    def _validate_training_data(self, X, y, reset):
        X, y = validate_data(self, X, y, reset=reset, dtype=_FLOATS)
        check_classification_targets(y)
        return X, y

    def _encode_targets(self, y, first_pass, incremental):
        """Labels -> rows of :math:`\\pm 1` codes."""
        check_classification_target_kind(y, ("binary", "multiclass"))
        if first_pass and not incremental:  # partial_fit took its classes from `classes`
            self._label_binarizer = LabelBinarizer(neg_label=-1).fit(y)
            self.classes_ = self._label_binarizer.classes_
            check_at_least_two_classes(self.classes_, type(self).__name__)
        else:
            known_class_index(y, self.classes_)  # ValueError for a class outside classes_
        return self._label_binarizer.transform(y).astype(np.float64)

    def decision_function(self, X):
        """The scores ``(n_samples, n_classes)``; one column (dropped) for two classes, positive
        for ``classes_[1]``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
        """
        scores = self._predict_outputs(X)
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict(self, X):
        """The class of the highest score (for two classes, of its sign).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        scores = self._predict_outputs(X)
        if scores.shape[1] == 1:
            index = (scores[:, 0] > 0).astype(np.intp)
        else:
            index = scores.argmax(axis=1)
        return self.classes_[index]

    def _two_sided(self, X):
        return class_scores(self._predict_outputs(X))

    def predict_proba(self, X):
        """Softmax of the scores (two classes: of ``(-s, s)``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        return softmax(self._two_sided(X), axis=1)

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba` (the log-softmax of the scores).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        return log_softmax(self._two_sided(X), axis=1)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        r"""Draw the hidden layer and solve the output layer on the class codes.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            The weight :math:`s_i` of each sample's squared error in
            :math:`\sum_i s_i\lVert t_i - S(x_i)\rVert^2 + \alpha\lVert\beta\rVert^2`; integer
            weights are repetitions of the samples, weight 0 leaves a sample out.

        Returns
        -------
        self : object
        """
        return self._fit(X, y, sample_weight=sample_weight, incremental=False)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Add samples to the output layer's normal equations and solve them again.

        After calls on the parts of a data set the model is the one :meth:`fit` computes on the
        whole (to rounding). Not for the kernel ELM.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        classes : array of shape (n_classes,), default=None
            Every class of the whole stream; required on the first call.
        sample_weight : array-like of shape (n_samples,), default=None
            The samples' weights (see :meth:`fit`).

        Returns
        -------
        self : object
        """
        if _check_partial_fit_first_call(self, classes):
            self._label_binarizer = LabelBinarizer(neg_label=-1).fit(classes)
            check_at_least_two_classes(self.classes_, type(self).__name__)
        return self._fit(X, y, sample_weight=sample_weight, incremental=True)
