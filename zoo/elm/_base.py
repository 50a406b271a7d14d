r"""What the extreme learning machines share: :class:`_BaseELM` (the random hidden layer, the output
layer's ridge solution accumulated over calls, the evidence, the kernel ELM).

An extreme learning machine (Huang, Zhu & Siew 2006) is a one-hidden-layer network whose hidden
weights are drawn at random and never trained; only the output layer is fitted, by least squares
in closed form:

.. math::

    H = g(X W + b), \qquad \hat Y = H \beta + c, \qquad
    \min_{\beta, c} \sum_i s_i \lVert y_i - h_i \beta - c\rVert^2 + \alpha \lVert\beta\rVert^2,

with :math:`W` and :math:`b` uniform in :math:`[-s, s]` (Huang's experiments; ``input_scaling``
:math:`s`) or normal of standard deviation :math:`s`, :math:`g` an activation of zoo's one table
(:mod:`zoo._core.activations`), and :math:`\alpha` the ridge penalty (Huang 2006 takes the
Moore-Penrose solution, the limit :math:`\alpha \to 0`; the default :math:`10^{-4}` is the same
model on most data, and keeps the system's condition number, hence the solution's rounding error,
bounded when there are more hidden units than samples). ``alpha="bayes"`` chooses :math:`\alpha`
by maximising the evidence (MacKay 1992, :mod:`zoo._core.ridge`). The normal equations are
summed in float64 over blocks of rows and over calls, so :meth:`partial_fit` on the parts of a
data set solves the system :meth:`fit` solves on the whole: the online sequential ELM (Liang et
al. 2006) without its recursive inverse. float32 input stays float32 through :math:`XW`,
:math:`g` and, where the rounding moves the system by less than the penalty :math:`\alpha`
(:mod:`zoo._core.ridge`), the products :math:`H^\top H` and :math:`H^\top Y` of each block, at
twice float64's speed; the Cholesky solve is float64's.

The kernel ELM (Huang et al. 2012) replaces the random features by a kernel:
:math:`f(x) = K(x, X)\,(I/C + \Omega)^{-1}\,T` with :math:`\Omega_{ij} = K(x_i, x_j)`,
:math:`K(x, x') = \exp(-\gamma\lVert x - x'\rVert^2)` (zoo's Gaussian radial basis function,
:func:`zoo._core.kernels.gaussian` at :math:`q = 2\gamma\lVert x - x'\rVert^2`) and
:math:`C = 1/\alpha`: kernel ridge regression without intercept.

References
----------
Huang, G.-B., Zhu, Q.-Y. & Siew, C.-K. (2006). Extreme learning machine: theory and applications.
Neurocomputing, 70(1-3), 489-501.

Huang, G.-B., Zhou, H., Ding, X. & Zhang, R. (2012). Extreme learning machine for regression and
multiclass classification. IEEE Trans. Systems, Man, and Cybernetics B, 42(2), 513-529.

Liang, N.-Y., Huang, G.-B., Saratchandran, P. & Sundararajan, N. (2006). A fast and accurate
online sequential learning algorithm for feedforward networks. IEEE Trans. Neural Networks,
17(6), 1411-1423.

MacKay, D. J. C. (1992). Bayesian interpolation. Neural Computation, 4(3), 415-447.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.activations import ACTIVATIONS, activation_function, resolve_activation
from .._core.distances import row_chunks, squared_euclidean
from .._core.kernels import gaussian
from .._core.ridge import RidgeAccumulator, kernel_ridge
from .._core.validation import check_finite_parameters, check_input_scale, check_sample_weight

_FLOATS = (np.float64, np.float32)

#: Activations a random hidden layer takes (the table's, less softmax's row coupling and exp's
#: overflow).
_ACTIVATIONS = sorted(set(ACTIVATIONS) - {"softmax", "exp"})

#: Numbers held at once by a block of hidden outputs or of kernel values: about 32 MB.
_BLOCK_BUDGET = 2**22


class _BaseELM(BaseEstimator):
    """Shared machinery of the ELM regressor and classifier (not public)."""

    _input_domain = "real"

    _parameter_constraints: dict = {
        "n_hidden": [Interval(Integral, 1, None, closed="left")],
        "activation": [StrOptions(set(_ACTIVATIONS))],
        "weight_distribution": [StrOptions({"uniform", "normal"})],
        "input_scaling": [Interval(Real, 0, None, closed="left")],
        "alpha": [Interval(Real, 0, None, closed="left"), StrOptions({"bayes"})],
        "kernel": [None, StrOptions({"rbf"})],
        "gamma": [None, Interval(Real, 0, None, closed="neither")],
        "random_state": ["random_state"],
    }

    # ------------------------------------------------------------------ the model
    def _initialize(self, n_features, n_outputs, dtype):
        """Draw the hidden layer :math:`W, b` and open the normal equations."""
        rng = check_random_state(self.random_state)
        shape, s = (n_features + 1, self.n_hidden), self.input_scaling
        if self.weight_distribution == "uniform":
            drawn = rng.uniform(-s, s, shape)
        else:
            drawn = rng.normal(0.0, s, shape)
        drawn = drawn.astype(dtype)
        self.input_weights_ = np.ascontiguousarray(drawn[:n_features])
        self.hidden_bias_ = drawn[n_features].copy()
        self.n_outputs_ = n_outputs
        self._normal_equations = RidgeAccumulator(self.n_hidden, n_outputs)

    def _hidden(self, X):
        """:math:`H = g(X W + b)` of a block of rows."""
        H = X @ self.input_weights_
        H += self.hidden_bias_
        return activation_function(resolve_activation(self.activation))(H, out=H)

    def _kernel(self, X):
        r""":math:`K(X, X_{fit}) = \exp(-\gamma\lVert x - x'\rVert^2)`."""
        q = squared_euclidean(X, self.X_fit_)
        q *= 2.0 * self._gamma  # gaussian(q) = exp(-q / 2)
        return gaussian(q, out=q)

    def _outputs(self, X):
        """The network's outputs ``(n, K)`` in X's dtype, block by block."""
        n = X.shape[0]
        outputs = np.empty((n, self.n_outputs_), dtype=X.dtype)
        width = self.X_fit_.shape[0] if self.kernel is not None else self.n_hidden
        for rows in row_chunks(n, width, _BLOCK_BUDGET):
            if self.kernel is not None:
                outputs[rows] = self._kernel(X[rows]) @ self.dual_coef_
            else:
                np.matmul(self._hidden(X[rows]), self.output_weights_, out=outputs[rows])
                outputs[rows] += self.output_intercept_
        return outputs

    def _predict_outputs(self, X):
        check_is_fitted(self, "n_outputs_")
        X = validate_data(self, X, reset=False, dtype=_FLOATS)
        dtype = (self.dual_coef_ if self.kernel is not None else self.output_weights_).dtype
        X = X.astype(dtype, copy=False)
        if self.kernel is not None:
            check_input_scale(X, type(self).__name__)
        return self._outputs(X)

    # ------------------------------------------------------------------ training
    def _fit(self, X, y, sample_weight=None, incremental=False):
        name = type(self).__name__
        if self.kernel is not None and incremental:
            raise ValueError(
                f"{name}: partial_fit needs the random hidden layer (kernel=None): the kernel "
                "ELM's model is its training set, solved as a whole."
            )
        if self.kernel is not None and self.alpha == "bayes":
            raise ValueError(
                f"{name}: alpha='bayes' chooses the random hidden layer's penalty; the kernel ELM "
                "takes a number, alpha = 1/C."
            )
        first_pass = not incremental or not hasattr(self, "n_outputs_")
        X, y = self._validate_training_data(X, y, reset=first_pass)
        if not first_pass and X.dtype != self.input_weights_.dtype:
            X = X.astype(self.input_weights_.dtype)
        Y = self._encode_targets(y, first_pass, incremental)
        if not first_pass and Y.shape[1] != self.n_outputs_:
            raise ValueError(
                f"partial_fit needs the same number of outputs: the model has {self.n_outputs_}, "
                f"y gives {Y.shape[1]}."
            )
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X)
        if self.kernel is not None:
            return self._fit_kernel(X, Y, sample_weight)
        if first_pass:
            self._initialize(X.shape[1], Y.shape[1], X.dtype)
        accumulator = self._normal_equations
        # float32 rows' products in float32 while their rounding moves the system by less than
        # the penalty this call solves with (zoo._core.ridge); the evidence's penalty is not
        # known in advance: float64 products
        accumulator.float32_tolerance = 0.0 if self.alpha == "bayes" else float(self.alpha)
        for rows in row_chunks(X.shape[0], self.n_hidden, _BLOCK_BUDGET):
            weights = None if sample_weight is None else sample_weight[rows]
            accumulator.add(self._hidden(X[rows]), Y[rows], weights)
        if self.alpha == "bayes":
            solution = accumulator.solve_evidence(dtype=X.dtype, name=name)
            self.output_weights_, self.output_intercept_, self.alpha_ = solution[:3]
            self.effective_parameters_ = solution[3]
        else:
            self.output_weights_, self.output_intercept_ = accumulator.solve(self.alpha, X.dtype)
            self.alpha_ = float(self.alpha)
        check_finite_parameters([self.output_weights_, self.output_intercept_], name)
        return self

    def _fit_kernel(self, X, Y, sample_weight):
        check_input_scale(X, type(self).__name__)
        if sample_weight is not None:  # a row of weight 0 has coefficient 0: leave it out
            keep = sample_weight > 0
            X, Y, sample_weight = X[keep], Y[keep], sample_weight[keep]
        self.X_fit_ = X.copy()
        self._gamma = 1.0 / X.shape[1] if self.gamma is None else float(self.gamma)
        self.n_outputs_ = Y.shape[1]
        dual = kernel_ridge(self._kernel(X), Y, float(self.alpha), sample_weight)
        self.dual_coef_ = dual.astype(X.dtype)
        self.alpha_ = float(self.alpha)
        check_finite_parameters([self.dual_coef_], type(self).__name__)
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        return tags


_PARAMETERS_DOC = r"""
    n_hidden : int, default=100
        Number of random hidden units :math:`L` (ignored by the kernel ELM).
    activation : str, default="logistic"
        The hidden units' :math:`g`, a name of zoo's activation table
        (:mod:`zoo._core.activations`): ``"logistic"`` (Huang's sigmoid, alias ``"sigmoid"``),
        ``"tanh"``, ``"relu"``, ``"heaviside"`` (hard limit), ``"gaussian"``, ``"identity"``, ...
    weight_distribution : {"uniform", "normal"}, default="uniform"
        How :math:`W` and :math:`b` are drawn: uniform in :math:`[-s, s]` (Huang 2006) or normal
        with standard deviation :math:`s`.
    input_scaling : float, default=1.0
        :math:`s`. Scale the input first (StandardScaler); with many features a smaller
        :math:`s` keeps the hidden units out of saturation.
    alpha : float or "bayes", default=1e-4
        Ridge penalty :math:`\alpha\lVert\beta\rVert^2` on the output weights (the intercept is
        not penalised; the squared errors are summed, not averaged). ``"bayes"``: the penalty
        that maximises the evidence (MacKay 1992, :mod:`zoo._core.ridge`), reported in
        ``alpha_``. For the kernel ELM, :math:`1/C`.
    kernel : {None, "rbf"}, default=None
        ``"rbf"``: the kernel ELM (Huang et al. 2012), :math:`K(x, x') =
        \exp(-\gamma\lVert x - x'\rVert^2)` in place of the random hidden layer.
    gamma : float, default=None
        The kernel's :math:`\gamma`; None is ``1 / n_features`` (scikit-learn's ``KernelRidge``).
    random_state : int, RandomState instance or None, default=None
        Draws the hidden layer."""


_ATTRIBUTES_DOC = r"""
    input_weights_ : ndarray of shape (n_features, n_hidden)
        :math:`W` (random hidden layer only, as the next three).
    hidden_bias_ : ndarray of shape (n_hidden,)
        :math:`b`.
    output_weights_ : ndarray of shape (n_hidden, n_outputs)
        :math:`\beta`.
    output_intercept_ : ndarray of shape (n_outputs,)
        :math:`c`.
    X_fit_ : ndarray of shape (n_samples, n_features)
        The kernel ELM's training rows (of positive weight).
    dual_coef_ : ndarray of shape (n_samples, n_outputs)
        The kernel ELM's :math:`(I/C + \Omega)^{-1} T`.
    alpha_ : float
        The penalty used: ``alpha``, or the evidence's choice with ``alpha="bayes"``.
    effective_parameters_ : float
        With ``alpha="bayes"``: the number of parameters the data determine, :math:`\gamma`
        plus the intercept (the MLP's ``gamma_``).
    n_outputs_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Defined when X has feature names that are all strings."""
