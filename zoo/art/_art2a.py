r"""ART 2-A (Carpenter, Grossberg & Rosen 1991): fast algorithmic ART 2 for analog patterns."""

from numbers import Real

from sklearn.utils._param_validation import Interval

from .._core.art import ART2AMemory, art2a_preprocess
from .._core.docstrings import shared_doc
from .._core.validation import check_input_scale
from ._base import _SHARED_ATTRIBUTES, NOVELTY, _ARTClusterer, _BaseART, _shared_parameters


@shared_doc(shared=_shared_parameters(1), attributes=_SHARED_ATTRIBUTES)
class ART2A(_ARTClusterer):
    r"""ART 2-A: unsupervised, incremental clustering of analog patterns by direction.

    Each input is normalised, contrast enhanced and normalised again,
    :math:`I = \mathcal{N}(F_\theta(\mathcal{N}(x)))` with :math:`\mathcal{N}(v) = v / \|v\|` and
    :math:`F_\theta(v)_i = v_i` if :math:`v_i > \theta`, else 0 (small and negative components are
    suppressed). Committed categories are unit prototypes :math:`z_j` and compete with the cosine

    .. math:: T_j = I \cdot z_j,

    against the uncommitted node's :math:`\alpha \sum_i I_i`. Since choice and match are the same
    value, the search is one step: the winner :math:`J = \arg\max_j T_j` resonates when
    :math:`T_J \ge \rho` and :math:`T_J \ge \alpha \sum_i I_i`; otherwise (every other category
    has a lower :math:`T` and would fail too) a new category is committed with :math:`z = I`
    (fast commitment). A resonating category learns slowly,

    .. math:: z_J \leftarrow \mathcal{N}\big(\beta\,\mathcal{N}(\psi) + (1 - \beta)\,z_J\big),
              \qquad \psi_i = I_i \text{ if } z_{Ji} > \theta \text{ else } 0,

    (:math:`\beta = 1` is fast learning, :math:`z_J = \mathcal{N}(\psi)`). A prototype keeps
    following its inputs, so ART 2-A is run online: one pass by default. There is no match
    tracking in the unsupervised module (the paper defines none). ART's categories depend on the
    order of presentation: X is presented row by row, in order. An input that the contrast
    enhancement leaves all-zero (e.g. all components :math:`\le 0`) selects no category (label -1).

    Parameters
    ----------
    rho : float, default=0.9
        Vigilance :math:`\rho^* \in [0, 1]`, a bound on the cosine between an input and the
        prototype it joins: higher gives more, narrower categories.
    alpha : float, default=0.0
        Choice parameter of the uncommitted node, :math:`0 \le \alpha \le 1/\sqrt{M}` in the paper.
    beta : float, default=0.1
        Learning rate :math:`\beta \in (0, 1]`: the paper's slow recoding for small values
        (categories still commit fast, at :math:`z = I`); 1 makes :math:`z_J` the last input's
        (thresholded) direction.
    theta : float, default=0.0
        Contrast-enhancement threshold :math:`\theta \ge 0` (the paper: :math:`\le 1/\sqrt{M}`).
    novelty : {"best", "reject"}, default="best"
        What :meth:`predict` says about an input that resonates with no category: the category
        with the largest cosine, or -1.
    {shared}

    Attributes
    ----------
    weights_ : ndarray of shape (n_categories_, n_features_in_)
        The unit prototypes :math:`z_j`.
    n_categories_ : int
        Number of committed categories (also ``n_clusters_``).
    labels_ : ndarray of shape (n_samples,)
        Category of each training sample in the last pass (-1: no F1 activity or not learned).
    {attributes}

    Notes
    -----
    ``sample_weight`` uses :math:`\beta_s = 1 - (1 - \beta)^s`, the rate of :math:`s` consecutive
    presentations of a linear rule; ART 2-A renormalises after every step, so for slow learning
    a weight approximates repetition (exact for :math:`\beta = 1`).

    See Also
    --------
    FuzzyART : hyper-box categories of inputs in [0, 1].

    References
    ----------
    .. [1] Carpenter, G. A., Grossberg, S., & Rosen, D. B. (1991). ART 2-A: An adaptive resonance
       algorithm for rapid category learning and recognition. Neural Networks, 4(4), 493-504.

    Examples
    --------
    >>> from zoo.art import ART2A
    >>> X = [[1.0, 0.1], [0.9, 0.2], [0.1, 1.0], [0.2, 0.8]]
    >>> art = ART2A(rho=0.9).fit(X)
    >>> art.labels_.tolist()
    [0, 0, 1, 1]
    """

    _input_domain = "real"
    _choice_is_activation = True  # T_j = I . z_j >= 0 (I, z_j >= 0)

    _parameter_constraints: dict = {
        **_BaseART._parameter_constraints,
        "alpha": [Interval(Real, 0, None, closed="left")],
        "beta": [Interval(Real, 0, 1, closed="right")],
        "theta": [Interval(Real, 0, None, closed="left")],
        "novelty": [NOVELTY],
    }

    def __init__(
        self,
        *,
        rho=0.9,
        alpha=0.0,
        beta=0.1,
        theta=0.0,
        novelty="best",
        n_epochs=1,
        tol=0.0,
        max_categories=None,
        warm_start=False,
    ):
        self.rho = rho
        self.alpha = alpha
        self.beta = beta
        self.theta = theta
        self.novelty = novelty
        self.n_epochs = n_epochs
        self.tol = tol
        self.max_categories = max_categories
        self.warm_start = warm_start

    def _encode(self, X):
        check_input_scale(X, type(self).__name__)  # normalising sums the squares of a row
        return art2a_preprocess(X, self.theta)

    def _new_memory(self, n_features, dtype, capacity):
        return ART2AMemory(n_features, dtype, capacity, theta=self.theta)
