r"""ART1 (Carpenter & Grossberg 1987): stable self-organised categories of binary patterns."""

from numbers import Real

import numpy as np
from sklearn.utils._param_validation import Interval

from .._core.docstrings import shared_doc
from ._base import _SHARED_ATTRIBUTES, NOVELTY, _ARTClusterer, _BaseART, _shared_parameters


@shared_doc(shared=_shared_parameters(100), attributes=_SHARED_ATTRIBUTES)
class ART1(_ARTClusterer):
    r"""ART1: unsupervised, incremental clustering of binary patterns.

    An input :math:`x \in \{0, 1\}^M` activates the comparison layer F1; the recognition layer F2
    competes through the bottom-up weights :math:`b_j = L\,w_j / (L - 1 + |w_j|)`, so category
    :math:`j` receives

    .. math:: T_j = \frac{L\,|x \wedge w_j|}{L - 1 + |w_j|}

    (:math:`\wedge` is the logical AND, :math:`|\cdot|` counts ones; computed for all categories at
    once). The categories are visited in order of decreasing :math:`T_j`; the top-down template
    :math:`w_J` of the first whose match passes the vigilance test

    .. math:: \frac{|x \wedge w_J|}{|x|} \ge \rho

    resonates and learns fast, :math:`w_J \leftarrow x \wedge w_J`; every category that fails is
    reset for this input. When none resonates, a new category is committed with :math:`w = x`.
    Templates only lose ones, so a learned category is never overwritten by a different pattern.
    These are Fuzzy ART's equations for binary input with :math:`\alpha = L - 1` (the factor
    :math:`L` does not change the order), and zoo computes them with the same code.

    ART's categories depend on the order of presentation: X is presented row by row, in order.
    An all-zero pattern activates no F1 node, so it selects no category (label -1) and teaches
    nothing.

    Parameters
    ----------
    rho : float, default=0.75
        Vigilance :math:`\rho \in [0, 1]`.
    L : float, default=2.0
        Choice parameter :math:`L > 1` of the bottom-up weights (Fuzzy ART's
        :math:`\alpha = L - 1`); large L favours categories with more ones.
    binarize : float or None, default=0.0
        Threshold for binarising the input (:math:`x_i > \text{binarize}` is 1), as in
        scikit-learn's ``BernoulliNB``; binary input is unchanged. None requires X to be binary
        and raises a ValueError otherwise.
    novelty : {"best", "reject"}, default="best"
        What :meth:`predict` says about a pattern that resonates with no category: the category
        with the largest choice value, or -1.
    {shared}

    Attributes
    ----------
    weights_ : ndarray of shape (n_categories_, n_features_in_)
        The binary top-down templates :math:`w_j`.
    n_categories_ : int
        Number of committed categories (also ``n_clusters_``).
    labels_ : ndarray of shape (n_samples,)
        Category of each training pattern in the last pass (-1: all-zero or not learned).
    {attributes}

    See Also
    --------
    FuzzyART : the analog generalisation.

    References
    ----------
    .. [1] Carpenter, G. A., & Grossberg, S. (1987). A massively parallel architecture for a
       self-organizing neural pattern recognition machine. Computer Vision, Graphics, and Image
       Processing, 37, 54-115.
    .. [2] Fausett, L. (1994). Fundamentals of Neural Networks, chapter 5 (ART1 algorithm and
       worked examples). Prentice Hall.

    Examples
    --------
    >>> from zoo.art import ART1
    >>> X = [[1, 1, 0, 0], [0, 0, 0, 1], [1, 0, 0, 0], [0, 0, 1, 1]]
    >>> art = ART1(rho=0.4, L=2).fit(X)
    >>> art.labels_.tolist()
    [0, 1, 0, 1]
    >>> art.weights_.astype(int).tolist()
    [[1, 0, 0, 0], [0, 0, 0, 1]]
    """

    _input_domain = "binary"
    _choice_is_activation = True  # T_j = L |x ^ w_j| / (L - 1 + |w_j|) >= 0

    _parameter_constraints: dict = {
        **_BaseART._parameter_constraints,
        "L": [Interval(Real, 1, None, closed="neither")],
        "binarize": [None, Interval(Real, None, None, closed="neither")],
        "novelty": [NOVELTY],
    }

    def __init__(
        self,
        *,
        rho=0.75,
        L=2.0,
        binarize=0.0,
        novelty="best",
        n_epochs=100,
        tol=0.0,
        max_categories=None,
        warm_start=False,
    ):
        self.rho = rho
        self.L = L
        self.binarize = binarize
        self.novelty = novelty
        self.n_epochs = n_epochs
        self.tol = tol
        self.max_categories = max_categories
        self.warm_start = warm_start

    def _choice_parameter(self):
        return self.L - 1.0  # T_j = L |x ^ w| / (L - 1 + |w|): the order of alpha = L - 1

    def _learning_rate(self):
        return 1.0  # ART1 learns fast: w <- x ^ w

    def _encode(self, X):
        if self.binarize is None:
            if not np.isin(X, (0, 1)).all():
                raise ValueError(
                    "ART1 takes binary input (0/1) and X has other values; set binarize to a "
                    "threshold, or use FuzzyART for analog input."
                )
            return X
        return (X > self.binarize).astype(X.dtype)
