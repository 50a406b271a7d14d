"""The layer-recurrent network classifier, :class:`LayerRecurrentClassifier` (MATLAB's
``layrecnet``): a label per sequence or per step."""

from .._core.docstrings import shared_doc
from ..elman._elman_classifier import _RecurrentClassifier
from ._layer_recurrent_base import _ATTRIBUTES_DOC, _PARAMETERS_DOC, _LayerRecurrentMixin


@shared_doc(
    parameters=_PARAMETERS_DOC,
    attributes=_ATTRIBUTES_DOC,
)
class LayerRecurrentClassifier(_LayerRecurrentMixin, _RecurrentClassifier):
    r"""Layer-recurrent network classifier (MATLAB's ``layrecnet``): per sequence, or per step.

    The hidden layer sees the input and its own states of ``layer_delays`` steps ago, each
    through its own matrix, :math:`h_t = f(x_t W_{in} + \sum_{d} h_{t-d} W_d + b_h)`; the output
    :math:`p = g(h W_{out} + b_{out})` is a softmax (multiclass) or logistic (binary, multilabel),
    read from the final state or at every step, trained by back-propagation through time as
    :class:`~zoo.elman.ElmanClassifier`, which is the case ``layer_delays=(1,)`` (bit for bit).

    Parameters
    ----------
    {parameters}
    loss : {"log_loss", "squared_error"}, default="log_loss"

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
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
    Label each step by the sign of the input two steps before, with two hidden units:

    >>> import numpy as np
    >>> from zoo.dynamic import LayerRecurrentClassifier
    >>> X = np.random.default_rng(0).normal(size=(300, 15))
    >>> y = np.zeros(X.shape, dtype=int)
    >>> y[:, 2:] = X[:, :-2] > 0
    >>> clf = LayerRecurrentClassifier(layer_delays=(1, 2), n_hidden=2, solver="lbfgs",
    ...                                max_iter=300, random_state=0).fit(X[:200], y[:200])
    >>> bool(clf.score(X[200:], y[200:]) > 0.95)
    True"""

    _parameter_constraints: dict = {
        **_RecurrentClassifier._parameter_constraints,
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
        loss="log_loss",
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
