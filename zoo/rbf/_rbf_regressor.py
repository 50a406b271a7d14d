"""The radial basis function network regressor, :class:`RBFRegressor`."""

import numpy as np
from sklearn.base import RegressorMixin, _fit_context
from sklearn.metrics import r2_score
from sklearn.utils.validation import validate_data

from .._core.docstrings import shared_doc
from .._core.validation import check_input_scale, positive_weight_rows
from ._base import (
    _ATTRIBUTES_DOC,
    _PARAMETERS_DOC,
    _REFERENCES_DOC,
    _SAMPLE_WEIGHT_DOC,
    _BaseRBF,
)


@shared_doc(parameters=_PARAMETERS_DOC, attributes=_ATTRIBUTES_DOC, references=_REFERENCES_DOC)
class RBFRegressor(RegressorMixin, _BaseRBF):
    r"""Radial basis function network regressor (Broomhead & Lowe 1988).

    Hidden units :math:`h_j(x) = \varphi(\lVert x - c_j\rVert^2/\sigma_j^2)`, Gaussian by default:
    :math:`\varphi(r) = \exp(-r^2/2\sigma^2)`; the output :math:`o = hW + b` is fitted by ridge
    least squares through the normal equations

    .. math:: \begin{pmatrix} H^\top H + \alpha I & H^\top\mathbf 1 \\ \mathbf 1^\top H & n
              \end{pmatrix}\begin{pmatrix} W \\ b\end{pmatrix}
              = \begin{pmatrix} H^\top Y \\ \mathbf 1^\top Y \end{pmatrix}.

    With ``centers="all"`` and ``alpha=0`` it is Powell's (1987) exact interpolation: the network
    passes through every training target. See the module docstring for the phases and the
    fine-tuning gradients. Multi-output ``y`` is supported.

    Parameters
    ----------
    {parameters}

    Attributes
    ----------
    {attributes}

    References
    ----------
    {references}

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.rbf import RBFRegressor
    >>> X = np.linspace(0, 2 * np.pi, 20).reshape(-1, 1)
    >>> y = np.sin(X).ravel()
    >>> reg = RBFRegressor(centers="all", alpha=0.0).fit(X, y)
    >>> bool(np.abs(reg.predict(X) - y).max() < 1e-6)  # exact interpolation
    True
    """

    @_fit_context(prefer_skip_nested_validation=True)
    @shared_doc(sample_weight=_SAMPLE_WEIGHT_DOC)
    def fit(self, X, y, sample_weight=None):
        """Fit centres, widths and the output layer (then fine-tune if asked).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        {sample_weight}

        Returns
        -------
        self : RBFRegressor
        """
        # what the callbacks see and score on: the user's
        given = dict(X=X, y=y, sample_weight=sample_weight)
        warm = self._warm()
        X, y = validate_data(
            self,
            X,
            y,
            dtype=(np.float64, np.float32),
            multi_output=True,
            y_numeric=True,
            reset=not warm,
        )
        check_input_scale(X, type(self).__name__)
        sample_weight, X, y = positive_weight_rows(sample_weight, X, y)
        self._y_1d = y.ndim == 1
        T = y.reshape(X.shape[0], -1).astype(X.dtype)
        self._fit_network(X, T, given, sample_weight, warm)
        return self

    def _score_output(self, O, T, sample_weight=None):
        return r2_score(T, O, sample_weight=sample_weight)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    def predict(self, X):
        """Network output :math:`o(x) = h(x)W + b`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        """
        O = self._output(self._validate_X(X))
        return O[:, 0] if self._y_1d else O
