"""The multi-layer perceptron regressor, :class:`MLPRegressor`."""

import numpy as np
from sklearn.base import RegressorMixin, _fit_context
from sklearn.metrics import r2_score
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data

from .._core.losses import (
    REGRESSION_LOSSES,
    check_loss_targets,
    make_loss,
    regression_loss_constraints,
    regression_loss_doc,
)
from .._core.validation import NONFINITE_WEIGHTS, check_input_scale
from ._base import _BaseMLP, _mlp_doc

#: The losses solver="lm" (and its Bayesian regularisation) trains on: those with a Gauss-Newton
#: curvature (:func:`zoo._core.losses.gauss_newton_factor`).
_LM_LOSSES = ("squared_error", "poisson")


@_mlp_doc(
    lm_regularization="bayes",
    loss_parameters=regression_loss_doc(
        (*REGRESSION_LOSSES, "poisson"),
        more=""""poisson" is the half Poisson deviance of an exponential output (y must be
        non-negative). solver="lm" (with or without Bayesian regularisation) takes
        "squared_error" and "poisson" only: its Gauss-Newton matrix needs the loss's curvature,
        which absolute error lacks (zero almost everywhere), Huber's drops on the outliers and
        a callable pair does not give; every other solver takes every loss.""",
    ),
)
class MLPRegressor(RegressorMixin, _BaseMLP):
    r"""Multi-layer perceptron regressor trained by back-propagation.

    A drop-in superset of :class:`sklearn.neural_network.MLPRegressor`. The output layer is linear
    (``loss="squared_error"``, :math:`E_k=\frac12\lVert y_k - p_k\rVert^2` summed over outputs;
    or the robust "absolute_error" and "huber", or a callable pair) or exponential
    (``loss="poisson"``, half Poisson deviance). See :class:`MLPClassifier` for the
    objective, the parameters and zoo's additions (``solver`` "lm", "rprop", "quickprop" and
    "anneal", ``alpha="bayes"``, ``dropout``, ``n_init``, more activations and callable pairs,
    ``validation_loss_curve_``, early stopping for lbfgs).

    Parameters
    ----------
    {loss_parameters}
    {parameters}
    {training_parameters}

    Attributes
    ----------
    {attributes}

    References
    ----------
    Rumelhart, D. E., Hinton, G. E. & Williams, R. J. (1986). Learning representations by
    back-propagating errors. Nature 323, 533-536.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.mlp import MLPRegressor
    >>> X = np.linspace(-1, 1, 50).reshape(-1, 1)
    >>> reg = MLPRegressor(hidden_layer_sizes=(10,), activation="tanh", solver="lbfgs",
    ...                    random_state=0).fit(X, X.ravel() ** 2)
    >>> bool(reg.score(X, X.ravel() ** 2) > 0.99)
    True

    Levenberg-Marquardt chooses its own weight decays, one per layer (Bayesian regularisation):

    >>> from sklearn.datasets import make_friedman1
    >>> X, y = make_friedman1(n_samples=200, noise=1.0, random_state=0)
    >>> reg = MLPRegressor(hidden_layer_sizes=(8,), activation="tanh", solver="lm",
    ...                    random_state=0).fit(X, (y - y.mean()) / y.std())
    >>> reg.alpha_.shape, bool(reg.gamma_ < 97)  # fewer effective than actual parameters
    ((2,), True)
    """

    _parameter_constraints: dict = {
        **_BaseMLP._parameter_constraints,
        **regression_loss_constraints((*REGRESSION_LOSSES, "poisson")),
    }

    def __init__(
        self,
        loss="squared_error",
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
        n_init=1,
        temperature_init=1.0,
        cooling_rate=0.995,
        dropout=0.0,
        lm_damping=1e-3,
        lm_regularization="bayes",
        rprop_step_sizes=(0.1, 1e-6, 50.0),
        cg_update="powell-beale",
        huber_delta=1.0,
        connectivity="layered",
    ):
        self.loss = loss
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
        self.n_init = n_init
        self.temperature_init = temperature_init
        self.cooling_rate = cooling_rate
        self.dropout = dropout
        self.lm_damping = lm_damping
        self.lm_regularization = lm_regularization
        self.rprop_step_sizes = rprop_step_sizes
        self.cg_update = cg_update
        self.connectivity = connectivity
        self.huber_delta = huber_delta

    def _loss_name(self):
        return make_loss(self.loss, self.huber_delta)

    def _check_solver_options(self, n_hidden):
        super()._check_solver_options(n_hidden)
        self._loss_name()  # a malformed callable pair fails before training
        if self.solver == "lm" and not (isinstance(self.loss, str) and self.loss in _LM_LOSSES):
            raise ValueError(
                f"solver='lm' (Levenberg-Marquardt, and its Bayesian regularisation) trains on "
                f"loss={list(_LM_LOSSES)} only: its Gauss-Newton matrix needs the loss's "
                f"curvature, which loss={self.loss!r} does not give. Use solver='lbfgs' or a "
                "gradient solver ('adam', 'sgd', 'rprop', 'quickprop')."
            )

    def _output_activation(self):
        return "exp" if self.loss == "poisson" else "identity"

    def _is_single_label_classifier(self):
        return False

    def _validate_input(self, X, y, incremental, reset):
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse=["csr", "csc"],
            multi_output=True,
            y_numeric=True,
            dtype=(np.float64, np.float32),
            reset=reset,
        )
        check_input_scale(X, type(self).__name__, prefix=NONFINITE_WEIGHTS, power=4)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        check_loss_targets(self.loss, y)
        return X, y, y

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # the Poisson deviance is defined for y >= 0 only (scikit-learn's checks then draw such y)
        tags.target_tags.positive_only = isinstance(self.loss, str) and self.loss == "poisson"
        return tags

    def _apply_class_weight(self, y, sample_weight):
        return sample_weight

    def _score_output(self, output, Y, sample_weight):
        if not np.isfinite(output).all():
            return -np.inf
        return r2_score(Y, output, sample_weight=sample_weight)

    def predict(self, X):
        """Predict targets.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        """
        check_is_fitted(self)
        X = validate_data(
            self, X, accept_sparse=["csr", "csc"], reset=False, dtype=(np.float64, np.float32)
        )
        check_input_scale(X, type(self).__name__, prefix=NONFINITE_WEIGHTS, power=4)
        output = self._forward(X)
        return output.ravel() if output.shape[1] == 1 else output

    @available_if(lambda est: est._check_solver())
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """One epoch over ``X, y`` (stochastic solvers only).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : object
        """
        return self._fit(X, y, sample_weight=sample_weight, incremental=True)
