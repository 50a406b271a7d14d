"""The radial basis function network classifier, :class:`RBFClassifier`."""

import numpy as np
from sklearn.base import ClassifierMixin, _fit_context
from sklearn.metrics import accuracy_score
from sklearn.utils.validation import validate_data

from .._core.docstrings import shared_doc
from .._core.validation import (
    check_input_scale,
    check_warm_start_classes,
    encode_class_labels,
    positive_weight_rows,
)
from ._base import (
    _ATTRIBUTES_DOC,
    _PARAMETERS_DOC,
    _REFERENCES_DOC,
    _SAMPLE_WEIGHT_DOC,
    _BaseRBF,
)


@shared_doc(parameters=_PARAMETERS_DOC, attributes=_ATTRIBUTES_DOC, references=_REFERENCES_DOC)
class RBFClassifier(ClassifierMixin, _BaseRBF):
    r"""Radial basis function network classifier (Broomhead & Lowe 1988).

    Hidden units :math:`h_j(x) = \varphi(\lVert x - c_j\rVert^2/\sigma_j^2)`, Gaussian by default:
    :math:`\varphi(r) = \exp(-r^2/2\sigma^2)`. The linear output layer :math:`o = hW + b` is fitted
    by ridge least squares to one-hot targets :math:`t_{ik} = [y_i = k]` through the normal
    equations

    .. math:: \begin{pmatrix} H^\top H + \alpha I & H^\top\mathbf 1 \\ \mathbf 1^\top H & n
              \end{pmatrix}\begin{pmatrix} W \\ b\end{pmatrix}
              = \begin{pmatrix} H^\top T \\ \mathbf 1^\top T \end{pmatrix}

    (see the module docstring for the phases and the fine-tuning gradients). ``predict`` takes the
    class of the largest output.

    ``predict_proba`` uses the least-squares rule, not a softmax: least squares on one-hot targets
    estimates the class posteriors (the outputs of an intercept model sum to exactly 1 for every
    input), so the probabilities are the outputs clipped at 0 and renormalised,
    :math:`p_k = \max(o_k, 0)/\sum_l \max(o_l, 0)` (uniform if every output is :math:`\le 0`).
    A softmax of such scores would be nearly uniform.

    Parameters
    ----------
    {parameters}

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    {attributes}

    References
    ----------
    {references}

    Examples
    --------
    >>> from zoo.datasets import make_two_spirals
    >>> from zoo.rbf import RBFClassifier
    >>> X, y = make_two_spirals()
    >>> clf = RBFClassifier(n_centers=120, random_state=0).fit(X, y)
    >>> clf.score(X, y)
    1.0
    """

    @_fit_context(prefer_skip_nested_validation=True)
    @shared_doc(sample_weight=_SAMPLE_WEIGHT_DOC)
    def fit(self, X, y, sample_weight=None):
        """Fit centres, widths and the output layer (then fine-tune if asked).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        {sample_weight}

        Returns
        -------
        self : RBFClassifier
        """
        # what the callbacks see and score on: the user's
        given = dict(X=X, y=y, sample_weight=sample_weight)
        warm = self._warm()
        X, y = validate_data(self, X, y, dtype=(np.float64, np.float32), reset=not warm)
        check_input_scale(X, type(self).__name__)
        sample_weight, X, y = positive_weight_rows(sample_weight, X, y)
        classes, y_index = encode_class_labels(y, type(self).__name__)
        if warm:
            check_warm_start_classes(classes, self.classes_)
        self.classes_ = classes
        T = np.zeros((X.shape[0], len(self.classes_)), dtype=X.dtype)
        T[np.arange(X.shape[0]), y_index] = 1  # one-hot targets
        self._fit_network(X, T, given, sample_weight, warm)
        return self

    def _score_output(self, O, T, sample_weight=None):
        return accuracy_score(T.argmax(axis=1), O.argmax(axis=1), sample_weight=sample_weight)

    def decision_function(self, X):
        """Network outputs :math:`o_k(x)`; for two classes :math:`o_1 - o_0` (1-D).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
        """
        O = self._output(self._validate_X(X))
        return O[:, 1] - O[:, 0] if O.shape[1] == 2 else O

    def predict(self, X):
        """Class of the largest network output.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        O = self._output(self._validate_X(X))
        return self.classes_[O.argmax(axis=1)]

    def predict_proba(self, X):
        """Outputs clipped at 0 and renormalised: :math:`p_k = \\max(o_k,0)/\\sum_l \\max(o_l,0)`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        proba = self._output(self._validate_X(X))
        np.maximum(proba, 0, out=proba)
        total = proba.sum(axis=1, keepdims=True)
        none_positive = total[:, 0] <= 0
        proba[none_positive] = 1.0
        total[none_positive] = proba.shape[1]
        proba /= total
        return proba
