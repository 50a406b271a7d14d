"""The extreme learning machine regressor, :class:`ELMRegressor`."""

from sklearn.base import RegressorMixin, _fit_context
from sklearn.utils.validation import validate_data

from .._core.docstrings import shared_doc
from ._base import _ATTRIBUTES_DOC, _FLOATS, _PARAMETERS_DOC, _BaseELM


@shared_doc(parameters=_PARAMETERS_DOC, attributes=_ATTRIBUTES_DOC)
class ELMRegressor(RegressorMixin, _BaseELM):
    r"""Extreme learning machine regressor (Huang, Zhu & Siew 2006): random hidden layer, output
    layer by ridge regression in closed form.

    .. math::

        H = g(X W + b), \qquad \hat y = H\beta + c, \qquad
        \min_{\beta, c} \sum_i s_i \lVert y_i - h_i\beta - c\rVert^2 + \alpha\lVert\beta\rVert^2,

    :math:`W, b` random and fixed (see ``weight_distribution``), :math:`s_i` the sample weights
    (1 by default; integer weights are repetitions), solved from the normal equations
    :math:`(H^\top S H + \alpha I)\beta = H^\top S Y` (with the unpenalised intercept) summed in
    float64 over blocks of rows and over calls: :meth:`partial_fit` on the parts of a data set
    gives the :meth:`fit` on the whole, to rounding (the online sequential ELM, Liang et al.
    2006). ``alpha="bayes"`` picks :math:`\alpha` by maximising the evidence (MacKay 1992:
    :math:`\alpha = \frac{\gamma}{\lVert\beta\rVert^2}\frac{\sum_i s_i e_i^2}{N - \gamma - 1}`,
    :math:`\gamma = \sum_j \lambda_j/(\lambda_j + \alpha)` over the eigenvalues of the centred
    :math:`H^\top S H`). ``kernel="rbf"`` is the kernel ELM (Huang et al. 2012),
    :math:`f(x) = K(x, X)(I/C + \Omega)^{-1}Y` with :math:`C = 1/\alpha`: with weights,
    :math:`S^{1/2}(S^{1/2}\Omega S^{1/2} + I/C)^{-1}S^{1/2}Y`, the same weighted objective in the
    kernel's feature space.

    The fit is one pass with no iterations (no callbacks, no ``warm_start``: :meth:`partial_fit`
    adds data to the output layer's normal equations instead).

    Parameters
    ----------
    {parameters}

    Attributes
    ----------
    {attributes}

    See Also
    --------
    ELMClassifier : The same network on one-of-K codes.
    zoo.dynamic.EchoStateRegressor : A random recurrent reservoir with the same ridge readout.

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
    .. [4] MacKay, D. J. C. (1992). Bayesian interpolation. Neural Computation, 4(3), 415-447.

    Examples
    --------
    Huang's sinc regression (``alpha`` near 0: his Moore-Penrose solution):

    >>> import numpy as np
    >>> from zoo import ELMRegressor
    >>> rng = np.random.RandomState(0)
    >>> X = rng.uniform(-10, 10, (2000, 1))
    >>> y = np.sinc(X[:, 0] / np.pi) + rng.uniform(-0.2, 0.2, 2000)
    >>> elm = ELMRegressor(n_hidden=20, alpha=1e-6, random_state=0).fit(X, y)
    >>> X_test = np.linspace(-10, 10, 1000)[:, None]
    >>> rmse = np.sqrt(np.mean((elm.predict(X_test) - np.sinc(X_test[:, 0] / np.pi)) ** 2))
    >>> bool(rmse < 0.02)
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
        X, y = validate_data(
            self, X, y, reset=reset, dtype=_FLOATS, multi_output=True, y_numeric=True
        )
        return X, y

    def _encode_targets(self, y, first_pass, incremental):
        if first_pass:
            self._y_ndim = y.ndim
        return y.reshape(len(y), -1)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        r"""Draw the hidden layer and solve the output layer.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        sample_weight : array-like of shape (n_samples,), default=None
            The weight :math:`s_i` of each sample's squared error in
            :math:`\sum_i s_i\lVert y_i - \hat y_i\rVert^2 + \alpha\lVert\beta\rVert^2`;
            integer weights are repetitions of the samples, weight 0 leaves a sample out.

        Returns
        -------
        self : object
        """
        return self._fit(X, y, sample_weight=sample_weight, incremental=False)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """Add samples to the output layer's normal equations and solve them again.

        The hidden layer is drawn on the first call. After calls on the parts of a data set, the
        model is the one :meth:`fit` computes on the whole (to rounding). Not for the kernel ELM.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        sample_weight : array-like of shape (n_samples,), default=None
            The samples' weights (see :meth:`fit`).

        Returns
        -------
        self : object
        """
        return self._fit(X, y, sample_weight=sample_weight, incremental=True)

    def predict(self, X):
        """The network's output.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            In X's float dtype (float32 stays float32).
        """
        outputs = self._predict_outputs(X)
        return outputs[:, 0] if self._y_ndim == 1 else outputs

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        tags.regressor_tags.poor_score = False
        return tags
