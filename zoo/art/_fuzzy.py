r"""Fuzzy ART (Carpenter, Grossberg & Rosen 1991): stable categories of analog patterns."""

from .._core.docstrings import shared_doc
from ._base import (
    _SHARED_ATTRIBUTES,
    NOVELTY,
    _ARTClusterer,
    _BaseART,
    _FuzzyInputMixin,
    _shared_parameters,
)


@shared_doc(shared=_shared_parameters(100), attributes=_SHARED_ATTRIBUTES)
class FuzzyART(_FuzzyInputMixin, _ARTClusterer):
    r"""Fuzzy ART: unsupervised, incremental clustering into hyper-box categories.

    Each input :math:`x \in [0, 1]^M` is complement coded, :math:`I = (x, 1 - x)`, so that
    :math:`|I| = M` and a prototype :math:`w_j = (u_j, 1 - v_j)` is the box :math:`[u_j, v_j]`.
    The recognition layer F2 competes with the choice function

    .. math:: T_j = \frac{|I \wedge w_j|}{\alpha + |w_j|}, \qquad (I \wedge w)_i = \min(I_i, w_i),

    computed for all categories at once. The categories are visited in order of decreasing
    :math:`T_j`; the first whose match passes the vigilance test

    .. math:: \frac{|I \wedge w_J|}{|I|} \ge \rho

    resonates and learns, :math:`w_J \leftarrow \beta (I \wedge w_J) + (1 - \beta) w_J`; every
    category that fails is reset for this input. When none resonates a new category is committed
    with :math:`w = I` (fast commitment). With fast learning (:math:`\beta = 1`) a prototype can
    only shrink (its box only grows, up to size :math:`M (1 - \rho)`), so new data never erase
    what a category has learned: the stability of ART.

    ART's categories depend on the order of presentation: X is presented row by row, in order
    (shuffle it yourself for another order). ``labels_`` are the categories the samples joined
    during the last pass; after a stable pass they equal ``predict(X)``. As in artlib and most
    implementations, a new category is committed only when no committed category resonates (the
    paper's uncommitted nodes, :math:`T = |I| / (\alpha + 2M)`, are not placed in the choice
    order; with complement coding and vigilance above about 1/2 this changes nothing).

    Parameters
    ----------
    rho : float, default=0.75
        Vigilance :math:`\rho \in [0, 1]`: higher gives more, smaller categories.
    alpha : float, default=0.001
        Choice parameter :math:`\alpha > 0` (small: the "conservative limit").
    beta : float, default=1.0
        Learning rate :math:`\beta \in (0, 1]`; 1 is fast learning.
    complement_coding : bool, default=True
        Complement code the input here. Set False when X already is complement coded (after a
        :class:`ComplementCoder` in a Pipeline).
    clip : bool, default=True
        Input outside [0, 1] is clipped with a warning; False raises a ValueError instead.
    novelty : {"best", "reject"}, default="best"
        What :meth:`predict` says about an input that resonates with no category: the category
        with the largest choice value, or -1.
    {shared}

    Attributes
    ----------
    weights_ : ndarray of shape (n_categories_, n_features) (2 n_features_in_ when complement coded)
        The prototypes :math:`w_j`; with complement coding, box ``j`` is
        ``[weights_[j, :M], 1 - weights_[j, M:]]``.
    n_categories_ : int
        Number of committed categories (also ``n_clusters_``).
    labels_ : ndarray of shape (n_samples,)
        Category of each training sample in the last pass (-1: not learned, see max_categories).
    {attributes}

    See Also
    --------
    ART1 : the binary-input original.
    FuzzyARTMAP : the supervised version.
    ComplementCoder : complement coding as a Pipeline step.

    References
    ----------
    .. [1] Carpenter, G. A., Grossberg, S., & Rosen, D. B. (1991). Fuzzy ART: Fast stable learning
       and categorization of analog patterns by an adaptive resonance system. Neural Networks,
       4(6), 759-771.
    .. [2] Carpenter, G. A., & Grossberg, S. (1987). A massively parallel architecture for a
       self-organizing neural pattern recognition machine. Computer Vision, Graphics, and Image
       Processing, 37, 54-115.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.art import FuzzyART
    >>> X = np.array([[0.1, 0.1], [0.15, 0.12], [0.9, 0.85], [0.88, 0.9]])
    >>> art = FuzzyART(rho=0.8).fit(X)
    >>> art.n_categories_, art.labels_.tolist()
    (2, [0, 0, 1, 1])
    >>> art.partial_fit([[0.5, 0.5]]).n_categories_  # a new input, a new category; the old stay
    3
    """

    _input_domain = "unit_interval"

    _parameter_constraints: dict = {
        **_BaseART._parameter_constraints,
        **_FuzzyInputMixin._fuzzy_parameter_constraints,
        "novelty": [NOVELTY],
    }

    def __init__(
        self,
        *,
        rho=0.75,
        alpha=0.001,
        beta=1.0,
        complement_coding=True,
        clip=True,
        novelty="best",
        n_epochs=100,
        tol=0.0,
        max_categories=None,
        warm_start=False,
    ):
        self.rho = rho
        self.alpha = alpha
        self.beta = beta
        self.complement_coding = complement_coding
        self.clip = clip
        self.novelty = novelty
        self.n_epochs = n_epochs
        self.tol = tol
        self.max_categories = max_categories
        self.warm_start = warm_start
