"""The layer-recurrent network regressor, :class:`LayerRecurrentRegressor` (MATLAB's
``layrecnet``): a target per sequence or per step."""

from .._core.docstrings import shared_doc
from .._core.losses import REGRESSION_LOSSES, regression_loss_doc
from ..elman._elman_regressor import _RecurrentRegressor
from ._layer_recurrent_base import _ATTRIBUTES_DOC, _PARAMETERS_DOC, _LayerRecurrentMixin


@shared_doc(
    loss_parameters=regression_loss_doc(
        (*REGRESSION_LOSSES, "poisson"),
        more=r""""poisson" is the half Poisson deviance of an exponential output, as
        :class:`~zoo.elman.ElmanRegressor`'s; every solver takes every loss.""",
    ),
    parameters=_PARAMETERS_DOC,
    attributes=_ATTRIBUTES_DOC,
)
class LayerRecurrentRegressor(_LayerRecurrentMixin, _RecurrentRegressor):
    r"""Layer-recurrent network regressor (MATLAB's ``layrecnet``): per sequence, or per step.

    The hidden layer sees the input and its own states of ``layer_delays`` steps ago, each
    through its own matrix, :math:`h_t = f(x_t W_{in} + \sum_{d} h_{t-d} W_d + b_h)`; the output
    is linear, :math:`p_t = h_t W_{out} + b_{out}` (or exponential for the Poisson loss), trained
    by back-propagation through time as :class:`~zoo.elman.ElmanRegressor`, which is the case
    ``layer_delays=(1,)`` (bit for bit). A delay of two steps hands the layer the state it had
    before the last one: two hidden units recall the input of two steps ago, which the Elman
    network of two units cannot (test R² 1.00 against 0.44, ``tests/test_dynamic_recurrent.py``).

    Parameters
    ----------
    {parameters}
    {loss_parameters}

    Attributes
    ----------
    {attributes}

    References
    ----------
    .. [1] Elman, J. L. (1990). Finding structure in time. Cognitive Science, 14(2), 179-211.
    .. [2] Beale, M. H., Hagan, M. T. & Demuth, H. B. Deep Learning Toolbox User's Guide
       (MathWorks): "Design Layer-Recurrent Neural Networks", ``layrecnet``.
    .. [3] Williams, R. J. & Peng, J. (1990). An efficient gradient-based algorithm for on-line
       training of recurrent network trajectories. Neural Computation, 2(4), 490-501.

    Examples
    --------
    Recall the input of two steps ago with two hidden units:

    >>> import numpy as np
    >>> from zoo.dynamic import LayerRecurrentRegressor
    >>> X = np.random.default_rng(0).uniform(-1, 1, (200, 20))
    >>> y = np.zeros_like(X)
    >>> y[:, 2:] = X[:, :-2]
    >>> reg = LayerRecurrentRegressor(layer_delays=(1, 2), n_hidden=2, solver="lbfgs",
    ...                               max_iter=300, random_state=0).fit(X[:150], y[:150])
    >>> bool(reg.score(X[150:], y[150:]) > 0.99)
    True"""

    _parameter_constraints: dict = {
        **_RecurrentRegressor._parameter_constraints,
        **_LayerRecurrentMixin._parameter_constraints,
    }

    def __init__(
        self,
        layer_delays=(1, 2),
        n_hidden=10,
        activation="tanh",
        *,
        output="auto",
        bptt_steps=None,
        max_grad_norm=None,
        solver="adam",
        alpha=1e-4,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.01,
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
        self.layer_delays = layer_delays
        self.n_hidden = n_hidden
        self.activation = activation
        self.output = output
        self.bptt_steps = bptt_steps
        self.max_grad_norm = max_grad_norm
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
