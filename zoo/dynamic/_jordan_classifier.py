"""The Jordan network classifier, :class:`JordanClassifier`: output feedback, a label per sequence
or per step."""

from .._core.docstrings import shared_doc
from ..elman._elman_classifier import _RecurrentClassifier
from ._jordan_base import _ATTRIBUTES_DOC, _PARAMETERS_DOC, _JordanMixin


@shared_doc(
    parameters=_PARAMETERS_DOC,
    attributes=_ATTRIBUTES_DOC,
)
class JordanClassifier(_JordanMixin, _RecurrentClassifier):
    r"""Jordan network classifier: the output fed back to decaying state units.

    :math:`c_t = \mu c_{t-1} + p_{t-1}`, :math:`h_t = f(x_t W_{in} + c_t W_{ctx} + b_h)`,
    :math:`p_t = g(h_t W_{out} + b_{out})`, a softmax (multiclass) or logistic (binary,
    multilabel): the class probabilities of the previous steps are the network's state (Jordan
    1986). Training feeds back the network's own outputs, not the targets, and back-propagates
    through time through them; everything else is :class:`~zoo.elman.ElmanClassifier`'s.

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
    .. [1] Jordan, M. I. (1986). Serial order: a parallel distributed processing approach.
       ICS Report 8604, Institute for Cognitive Science, University of California, San Diego.
    .. [2] Williams, R. J. & Zipser, D. (1989). A learning algorithm for continually running fully
       recurrent neural networks. Neural Computation, 1(2), 270-280.

    Examples
    --------
    The running parity of a bit stream: each label is the previous label XOR the input bit, so
    the network only needs its own last output. Trained on 12 steps, it reads 30.

    >>> import numpy as np
    >>> from zoo.dynamic import JordanClassifier
    >>> rng = np.random.default_rng(0)
    >>> X = rng.integers(0, 2, (200, 12)).astype(float)
    >>> clf = JordanClassifier(n_hidden=4, context_decay=0.0, max_iter=200,
    ...                        random_state=0).fit(X, np.cumsum(X, axis=1) % 2)
    >>> X_long = rng.integers(0, 2, (200, 30)).astype(float)
    >>> bool(clf.score(X_long[:, :, np.newaxis], np.cumsum(X_long, axis=1) % 2) > 0.95)
    True"""

    _parameter_constraints: dict = {
        **_RecurrentClassifier._parameter_constraints,
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
        loss="log_loss",
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
