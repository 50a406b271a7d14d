r"""ADALINE classifier: LMS-trained linear units read through a sign (MATLAB's ``hardlims``)."""

import numpy as np
from sklearn.base import ClassifierMixin, _fit_context
from sklearn.utils.multiclass import _check_partial_fit_first_call

from .._core.docstrings import shared_doc
from .._core.validation import (
    check_at_least_two_classes,
    check_classification_target_kind,
    known_class_index,
)
from ._adaline import _ADALINE, DOC


@shared_doc(**DOC)
class ADALINEClassifier(ClassifierMixin, _ADALINE):
    r"""ADALINE classifier (Widrow & Hoff 1960), MATLAB's ``linearlayer`` read by ``hardlims``.

    Linear units :math:`z = W\tilde x + b` trained on targets :math:`\pm 1` (Widrow & Hoff's
    bipolar coding): one unit for two classes (+1 for ``classes_[1]``), one unit per class
    otherwise ("its class vs the rest"). The prediction is the sign of the one unit's output
    (``hardlims``; :math:`z = 0` exactly reads as the first class, as scikit-learn's linear
    classifiers read it) or the class whose unit outputs most. Unlike the perceptron, the units
    learn from the linear output's error even on samples they classify right, so training settles
    at the least-squares separating plane rather than at the first plane that separates.

    {rule}

    {delays}

    Parameters
    ----------
    {parameters}

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    {attributes}

    See Also
    --------
    ADALINERegressor : the linear output itself.
    Perceptron : the rule on the thresholded output.

    References
    ----------
    {references}

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.mlp import ADALINEClassifier
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> ADALINEClassifier(random_state=0).fit(X, [0, 0, 0, 1]).predict(X).tolist()  # AND
    [0, 0, 0, 1]
    """

    _y_options = dict()

    def _encode_targets(self, y, first_pass, classes):
        check_classification_target_kind(y)
        if first_pass:
            self.classes_ = np.unique(classes if classes is not None else y)
            check_at_least_two_classes(self.classes_, type(self).__name__)
        elif classes is None and not np.isin(np.unique(y), self.classes_).all():
            raise ValueError(
                f"y has classes {np.setdiff1d(y, self.classes_).tolist()} not in the fitted "
                f"classes_ {self.classes_.tolist()}: a warm start keeps the classes."
            )
        index = known_class_index(y, self.classes_)
        if len(self.classes_) == 2:
            return np.where(index == 1, 1.0, -1.0)[:, np.newaxis]
        return np.where(index[:, np.newaxis] == np.arange(len(self.classes_)), 1.0, -1.0)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Train by the LMS rule on the :math:`\\pm 1` targets for up to ``max_iter`` epochs.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples, or with ``input_delays`` the time steps of one series.
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Scales each sample's LMS step (the weighted mean squared error's stochastic
            gradient); zero weight leaves the weights untouched.

        Returns
        -------
        self : ADALINEClassifier
        """
        return self._fit(X, y, incremental=False, sample_weight=sample_weight)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """One pass of the LMS rule over ``X, y`` in their order.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        classes : array-like, default=None
            All classes of the stream; required on the first call.
        sample_weight : array-like of shape (n_samples,), default=None
            Scales each sample's step.

        Returns
        -------
        self : ADALINEClassifier
        """
        first = _check_partial_fit_first_call(self, classes)
        if first:
            for attribute in ("coef_", "intercept_"):
                self.__dict__.pop(attribute, None)
        return self._fit(
            X,
            y,
            incremental=True,
            sample_weight=sample_weight,
            classes=self.classes_ if first else None,
        )

    def decision_function(self, X):
        """The linear outputs :math:`W\\tilde x + b` (1-D for two classes).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
        """
        scores = self._net_input(X)
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict(self, X):
        """The sign of the output (two classes) or the unit with the largest output.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self.classes_[(scores > 0).astype(int)]
        return self.classes_[scores.argmax(axis=1)]
