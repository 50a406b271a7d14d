r"""Binary Fuzzy ART: Fuzzy ART (Carpenter, Grossberg & Rosen 1991) on binary input, in bits."""

from numbers import Real

import numpy as np
from sklearn.utils._param_validation import Interval

from .._core.art_binary import BinaryCategoryMemory, binarize, pack_bits, unpack_bits
from .._core.docstrings import shared_doc
from ._base import _SHARED_ATTRIBUTES, NOVELTY, _ARTClusterer, _BaseART, _shared_parameters


@shared_doc(shared=_shared_parameters(100), attributes=_SHARED_ATTRIBUTES)
class BinaryFuzzyART(_ARTClusterer):
    r"""Binary Fuzzy ART: Fuzzy ART's clustering of binary patterns, computed on packed bits.

    Each input :math:`x \in \{0, 1\}^M` is complement coded, :math:`I = (x, 1 - x)`
    (:math:`|I| = M`). On binary vectors the fuzzy AND is the logical AND and :math:`|\cdot|`
    counts ones, so Fuzzy ART's choice and vigilance test,

    .. math:: T_j = \frac{|I \wedge w_j|}{\alpha + |w_j|}, \qquad
              \frac{|I \wedge w_J|}{|I|} \ge \rho,

    are population counts of ``I & w_j``, and fast learning,
    :math:`w_J \leftarrow I \wedge w_J`, keeps every prototype binary. zoo stores inputs and
    prototypes as bits packed 64 to a word: one AND and one popcount per word instead of a
    ``min`` and an add per component. The counts are exact, so every choice and match value is
    the one :class:`FuzzyART` computes from the same binary input and the partition is
    :class:`FuzzyART`'s (``FuzzyART(beta=1)`` with the same ``rho`` and ``alpha``), only faster.
    The categories are visited in order of decreasing :math:`T_j`; the first that passes the
    vigilance test resonates and learns; when none does a new category is committed with
    :math:`w = I`. As in :class:`FuzzyART` (and artlib), the uncommitted node is not placed in
    the choice order, and X is presented row by row, in order. An all-zero pattern without
    complement coding activates no F1 node: label -1.

    Parameters
    ----------
    rho : float, default=0.75
        Vigilance :math:`\rho \in [0, 1]`: higher gives more, smaller categories.
    alpha : float, default=0.001
        Choice parameter :math:`\alpha > 0`.
    binarize : float or None, default=0.0
        Threshold for binarising the input (:math:`x_i > \text{binarize}` is 1), as in
        :class:`ART1` and scikit-learn's ``BernoulliNB``; binary input is unchanged. None requires
        X to be binary and raises a ValueError otherwise.
    complement_coding : bool, default=True
        Complement code the binary input, :math:`I = (x, 1 - x)`. False clusters :math:`x`
        itself (ART1's choice with :math:`\alpha = L - 1`).
    novelty : {"best", "reject"}, default="best"
        What :meth:`predict` says about an input that resonates with no category: the category
        with the largest choice value, or -1.
    {shared}

    Attributes
    ----------
    weights_ : ndarray of shape (n_categories_, 2 n_features_in_) (without complement coding: M)
        The binary prototypes :math:`w_j` (0/1, in the dtype of the first fit's X); with
        complement coding, category ``j`` holds the inputs with ``x >= weights_[j, :M]`` and
        ``x <= 1 - weights_[j, M:]``.
    n_categories_ : int
        Number of committed categories (also ``n_clusters_``).
    labels_ : ndarray of shape (n_samples,)
        Category of each training sample in the last pass (-1: not learned).
    {attributes}

    Notes
    -----
    artlib's ``BinaryFuzzyART`` fixes :math:`\alpha = 0` (it divides by :math:`\max(1, |w_j|)`);
    zoo keeps Fuzzy ART's :math:`\alpha > 0`, so that an empty prototype has a finite choice.
    Learning is fast (:math:`\beta = 1`), the only rate that keeps prototypes binary, so a
    positive ``sample_weight`` changes nothing but the stability measure and weight 0 skips the
    sample.

    See Also
    --------
    FuzzyART : the same partition on binary data, for analog data too.
    ART1 : binary ART without complement coding.

    References
    ----------
    .. [1] Carpenter, G. A., Grossberg, S., & Rosen, D. B. (1991). Fuzzy ART: Fast stable learning
       and categorization of analog patterns by an adaptive resonance system. Neural Networks,
       4(6), 759-771.

    Examples
    --------
    >>> from zoo.art import BinaryFuzzyART
    >>> X = [[1, 1, 0, 0], [1, 1, 1, 0], [0, 0, 1, 1], [0, 1, 1, 1]]
    >>> art = BinaryFuzzyART(rho=0.7).fit(X)
    >>> art.labels_.tolist()
    [0, 0, 1, 1]
    >>> art.weights_.astype(int).tolist()  # (u, 1 - v): ones that every member has, then zeros
    [[1, 1, 0, 0, 0, 0, 0, 1], [0, 0, 1, 1, 1, 0, 0, 0]]
    """

    _input_domain = "binary"

    _parameter_constraints: dict = {
        **_BaseART._parameter_constraints,
        "alpha": [Interval(Real, 0, None, closed="neither")],
        "binarize": [None, Interval(Real, None, None, closed="neither")],
        "complement_coding": ["boolean"],
        "novelty": [NOVELTY],
    }

    def __init__(
        self,
        *,
        rho=0.75,
        alpha=0.001,
        binarize=0.0,
        complement_coding=True,
        novelty="best",
        n_epochs=100,
        tol=0.0,
        max_categories=None,
        warm_start=False,
    ):
        self.rho = rho
        self.alpha = alpha
        self.binarize = binarize
        self.complement_coding = complement_coding
        self.novelty = novelty
        self.n_epochs = n_epochs
        self.tol = tol
        self.max_categories = max_categories
        self.warm_start = warm_start

    def _learning_rate(self):
        return 1.0  # fast learning: the only rate that keeps prototypes binary

    def _patterns(self, X):
        # the packed bits lose X's precision; _train reports weights_ in the first fit's (an
        # ARTMAP or composite calls this, not _input, before training the module)
        self._input_dtype = X.dtype
        bits = binarize(X, self.binarize, type(self).__name__)
        if self.complement_coding:
            bits = np.hstack([bits, ~bits])
            norms = np.full(bits.shape[0], float(X.shape[1]))  # |I| = M
        else:
            norms = bits.sum(axis=1, dtype=np.float64)
        self._n_bits = bits.shape[1]
        return pack_bits(bits), norms

    def _new_memory(self, n_features, dtype, capacity):
        return BinaryCategoryMemory(n_features, capacity=capacity)

    def _train(self, patterns, norms, targets, incremental, sample_weight=None):
        keep = (incremental or self.warm_start) and hasattr(self, "_memory")
        if keep and self.weights_.shape[1] != self._n_bits:  # packed words may hide the change
            raise ValueError(
                f"{type(self).__name__}: the categories were learned from patterns of "
                f"{self.weights_.shape[1]} bits and these have {self._n_bits} (was "
                "complement_coding changed?); warm_start and partial_fit continue with the same "
                "encoding."
            )
        if not keep:
            self._weights_dtype = self._input_dtype
        labels = super()._train(patterns, norms, targets, incremental, sample_weight)
        self.weights_ = unpack_bits(self.weights_, self._n_bits, self._weights_dtype)
        return labels
