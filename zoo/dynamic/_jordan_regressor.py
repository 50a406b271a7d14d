"""The Jordan network regressor, :class:`JordanRegressor`: output feedback, a target per sequence
or per step."""

from .._core.docstrings import shared_doc
from .._core.losses import REGRESSION_LOSSES, regression_loss_doc
from ..elman._elman_regressor import _RecurrentRegressor
from ._jordan_base import _ATTRIBUTES_DOC, _PARAMETERS_DOC, _JordanMixin


@shared_doc(
    loss_parameters=regression_loss_doc(
        (*REGRESSION_LOSSES, "poisson"),
        more=r""""poisson" is the half Poisson deviance of an exponential output, as
        :class:`~zoo.elman.ElmanRegressor`'s; every solver takes every loss.""",
    ),
    parameters=_PARAMETERS_DOC,
    attributes=_ATTRIBUTES_DOC,
)
class JordanRegressor(_JordanMixin, _RecurrentRegressor):
    r"""Jordan network regressor: the output fed back to decaying state units.

    :math:`c_t = \mu c_{t-1} + p_{t-1}`, :math:`h_t = f(x_t W_{in} + c_t W_{ctx} + b_h)`,
    :math:`p_t = h_t W_{out} + b_{out}` (or exponential for the Poisson loss): the network's state
    is its own output history (Jordan 1986). Training feeds back the network's own outputs, not
    the targets, and back-propagates through time through them (see :mod:`zoo.dynamic`'s Jordan
    base); everything else (input convention, output rule, solvers, weights, losses) is
    :class:`~zoo.elman.ElmanRegressor`'s. A running sum, :math:`y_t = y_{t-1} + x_t`, is one
    output fed back: test R² 0.9999, against 0.11 from the current input alone.

    Parameters
    ----------
    {parameters}
    {loss_parameters}

    Attributes
    ----------
    {attributes}

    References
    ----------
    .. [1] Jordan, M. I. (1986). Serial order: a parallel distributed processing approach.
       ICS Report 8604, Institute for Cognitive Science, University of California, San Diego.
    .. [2] Williams, R. J. & Zipser, D. (1989). A learning algorithm for continually running fully
       recurrent neural networks. Neural Computation, 1(2), 270-280.

    Examples
    --------
    An accumulator: each output is the previous one plus the input.

    >>> import numpy as np
    >>> from zoo.dynamic import JordanRegressor
    >>> X = np.random.default_rng(0).uniform(-0.3, 0.3, (300, 15))
    >>> y = np.cumsum(X, axis=1)
    >>> reg = JordanRegressor(n_hidden=8, context_decay=0.0, solver="lbfgs", max_iter=200,
    ...                       random_state=0).fit(X[:200], y[:200])
    >>> bool(reg.score(X[200:], y[200:]) > 0.99)
    True"""

    _parameter_constraints: dict = {
        **_RecurrentRegressor._parameter_constraints,
        **_JordanMixin._parameter_constraints,
    }

    def __init__(
        self,
        n_hidden=20,
        context_decay=0.5,
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
        self.n_hidden = n_hidden
        self.context_decay = context_decay
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
