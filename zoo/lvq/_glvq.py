"""Generalized LVQ (Sato & Yamada 1996), :class:`GLVQClassifier`."""

from sklearn.base import ClassifierMixin

from .._core.docstrings import fill_doc, shared_doc
from ._base import _GLVQ_PARAMETERS, _SHARED_PARAMETERS, _BaseGLVQ

_GLVQ_BETA = r"""    beta : float or "auto", default=10.0
        Slope :math:`\beta` of the sigmoid. :math:`\mu \in [-1, 1]`, so with :math:`\beta = 1`
        (sklvq's default) :math:`f` is nearly linear over the whole range and every sample pulls
        alike; a steeper sigmoid puts the weight on samples near the class borders and makes the
        cost closer to counting errors (Sato & Yamada let the slope grow during training).
        :math:`\beta = 10` scores higher than :math:`\beta = 1` on iris, wine, breast_cancer
        and digits, and higher than ``"auto"`` (:math:`2/\operatorname{median}|\mu|` at the
        initial prototypes, :func:`zoo._core.lvq.auto_slope`; GMLVQ's default) on breast_cancer;
        ``benchmarks/bench_lvq.py`` prints the accuracies at each slope (``slopes``).
"""


@shared_doc(shared=_SHARED_PARAMETERS, glvq=fill_doc(_GLVQ_PARAMETERS, beta=_GLVQ_BETA))
class GLVQClassifier(ClassifierMixin, _BaseGLVQ):
    r"""Generalized learning vector quantization (Sato & Yamada 1996).

    Minimises the differentiable cost

    .. math:: E = \frac{1}{\sum_i s_i}\sum_i s_i\, f\!\left(\beta\,
              \frac{d^+_i - d^-_i}{d^+_i + d^-_i}\right),

    where :math:`d^+_i` (:math:`d^-_i`) is the squared Euclidean distance of :math:`x_i` to the
    nearest prototype of its own class (of another class) and :math:`f` the logistic function:
    the relative margin :math:`\mu_i \in [-1, 1]` is negative exactly when :math:`x_i` is
    classified correctly. Unlike Kohonen's LVQ2.1, the prototypes provably move to a minimum of a
    cost; the cost and its gradient (checked by central differences in the tests) are in
    :mod:`zoo._core.lvq`. Trained by L-BFGS (default) or minibatch Adam.

    Parameters
    ----------
    {shared}
    {glvq}

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    prototypes_ : ndarray of shape (n_prototypes, n_features)
    prototype_labels_ : ndarray of shape (n_prototypes,)
    beta_ : float
        The slope used: ``beta``, or its value for ``"auto"``.
    n_iter_ : int
        L-BFGS iterations or Adam epochs run by the last ``fit`` (every epoch so far after
        ``partial_fit``).
    loss_curve_ : list of float
        The cost :math:`E` after each iteration (epoch).
    n_features_in_ : int
    feature_names_in_ : ndarray

    References
    ----------
    .. [1] A. Sato and K. Yamada, "Generalized learning vector quantization", NIPS 8, 1996.

    Examples
    --------
    >>> from sklearn.datasets import load_wine
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from zoo.lvq import GLVQClassifier
    >>> X, y = load_wine(return_X_y=True)
    >>> model = make_pipeline(StandardScaler(), GLVQClassifier(random_state=0)).fit(X, y)
    >>> model.score(X, y) > 0.95
    True
    """

    def __init__(
        self,
        prototypes_per_class=1,
        *,
        init="kmeans",
        activation="sigmoid",
        beta=10.0,
        solver="lbfgs",
        learning_rate_init=0.01,
        batch_size="auto",
        max_iter=1000,
        tol=1e-3,
        n_iter_no_change=10,
        shuffle=True,
        random_state=None,
        verbose=False,
        warm_start=False,
    ):
        self.prototypes_per_class = prototypes_per_class
        self.init = init
        self.activation = activation
        self.beta = beta
        self.solver = solver
        self.learning_rate_init = learning_rate_init
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.shuffle = shuffle
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start
