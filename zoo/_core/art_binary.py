r"""Fuzzy ART's categories for binary input, as packed bits.

On binary input the fuzzy AND is the logical AND and the L1 norm counts ones, so Fuzzy ART's
choice :math:`T_j = |I \wedge w_j| / (\alpha + |w_j|)` and match :math:`|I \wedge w_j| / |I|`
(:mod:`zoo._core.art`) need only the population count of ``I & w_j``. With fast learning the
prototypes stay binary (:math:`w_J \leftarrow I \wedge w_J`), so they are stored 64 components to
a machine word: one AND and one popcount per word instead of a ``min`` and an add per component.
The counts are exact integers, so choice and match are the very float64 values Fuzzy ART computes
from the same binary input, and the search picks the same categories.
"""

import numpy as np

from .art import choice_function, match_function

#: ones in each byte value: the popcount of numpy < 2, which has no ``np.bitwise_count``
_BYTE_ONES = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1).sum(axis=1)


def popcount(words, out=None):
    """The number of ones of each uint64 word (``out``: uint8 array of the same shape)."""
    if hasattr(np, "bitwise_count"):  # numpy >= 2
        return np.bitwise_count(words, out=out)
    ones = _BYTE_ONES[words.view(np.uint8)].reshape(*words.shape, 8).sum(axis=-1, dtype=np.uint8)
    if out is None:
        return ones
    out[...] = ones
    return out


def pack_bits(bits):
    """Rows of booleans -> rows of uint64 words (zero padded: padding never counts)."""
    bytes_ = np.packbits(bits, axis=1)
    n_words = -(-bytes_.shape[1] // 8)
    packed = np.zeros((bits.shape[0], 8 * n_words), dtype=np.uint8)
    packed[:, : bytes_.shape[1]] = bytes_
    return packed.view(np.uint64)


def unpack_bits(words, n_bits, dtype):
    """The inverse of :func:`pack_bits`: the first ``n_bits`` components of each row."""
    bits = np.unpackbits(np.ascontiguousarray(words).view(np.uint8), axis=1, count=n_bits)
    return bits.astype(dtype)


def binarize(X, threshold, estimator_name):
    """Boolean X: ``x > threshold``, or, when ``threshold`` is None, X itself if it is 0/1 (else a
    ValueError)."""
    if threshold is None:
        if not np.isin(X, (0, 1)).all():
            raise ValueError(
                f"{estimator_name} takes binary input (0/1) and X has other values; set binarize "
                "to a threshold, or use FuzzyART for analog input."
            )
        return X == 1
    return X > threshold


class BinaryCategoryMemory:
    """Binary Fuzzy ART prototypes: packed rows in a buffer that doubles when full.

    The interface of :class:`zoo._core.art.CategoryMemory`; ``prototypes`` are the packed words
    (uint64), ``learn`` is fast learning (``w <- I & w``; its rate argument is ignored).
    """

    _BLOCK_BYTES = 2**20  # of ANDed words per block in batch_activations

    def __init__(self, n_words, dtype=np.uint64, capacity=16):
        capacity = max(1, capacity)
        self.n_categories = 0
        self._W = np.empty((capacity, n_words), dtype=np.uint64)
        self._norms = np.empty(capacity, dtype=np.float64)  # |w_j|, counted exactly
        self._labels = np.empty(capacity, dtype=np.intp)
        self._and = np.empty((capacity, n_words), dtype=np.uint64)  # scratch: I & w_j
        self._ones = np.empty((capacity, n_words), dtype=np.uint8)  # scratch: their popcounts

    @property
    def prototypes(self):
        return self._W[: self.n_categories]

    @property
    def prototype_norms(self):
        return self._norms[: self.n_categories]

    @property
    def labels(self):
        return self._labels[: self.n_categories]

    def _grow(self):
        n, (capacity, n_words) = self.n_categories, (2 * self._W.shape[0], self._W.shape[1])
        W = np.empty((capacity, n_words), dtype=np.uint64)
        W[:n] = self.prototypes
        norms, labels = np.empty(capacity), np.empty(capacity, dtype=np.intp)
        norms[:n], labels[:n] = self.prototype_norms, self.labels
        self._W, self._norms, self._labels = W, norms, labels
        self._and = np.empty((capacity, n_words), dtype=np.uint64)
        self._ones = np.empty((capacity, n_words), dtype=np.uint8)

    def add(self, x, label=-1):
        """Commit a new category with prototype ``x`` (fast commitment); return its index."""
        if self.n_categories == self._W.shape[0]:
            self._grow()
        J = self.n_categories
        self._W[J] = x
        self._norms[J] = float(popcount(x).sum())
        self._labels[J] = label
        self.n_categories += 1
        return J

    def overlaps(self, x):
        """``|I & w_j|`` of one packed input with every category, as float64."""
        n = self.n_categories
        both = np.bitwise_and(self._W[:n], x, out=self._and[:n])
        return popcount(both, out=self._ones[:n]).sum(axis=1, dtype=np.intp).astype(np.float64)

    def activations(self, x, input_norm, alpha):
        """Fuzzy ART's choice T_j and match M_j of every category, from exact bit counts."""
        overlap = self.overlaps(x)
        return (
            choice_function(overlap, self.prototype_norms, alpha),
            match_function(overlap, input_norm),
        )

    def batch_activations(self, X, input_norms, alpha):
        """Choice and match of every packed input of X against every category."""
        n_samples, n = X.shape[0], self.n_categories
        choice, match = np.empty((n_samples, n)), np.empty((n_samples, n))
        if n == 0:
            return choice, match
        W = self.prototypes
        rows = max(1, self._BLOCK_BYTES // (8 * max(1, n * X.shape[1])))
        for start in range(0, n_samples, rows):
            block = slice(start, start + rows)
            both = np.bitwise_and(X[block, None, :], W[None])
            overlap = popcount(both).sum(axis=2, dtype=np.intp).astype(np.float64)
            choice[block] = choice_function(overlap, self.prototype_norms, alpha)
            match[block] = match_function(overlap, input_norms[block, None])
        return choice, match

    def learn(self, J, x, beta):
        """Fast learning ``w_J <- I & w_J``; returns 1.0 if a bit was cleared, else 0.0 (the
        largest change of a component)."""
        w = self._W[J]
        cleared = bool(np.any(w & ~x))
        if cleared:
            w &= x
            self._norms[J] = float(popcount(w).sum())
        return float(cleared)

    def __getstate__(self):
        return {"prototypes": self.prototypes.copy(), "labels": self.labels.copy()}

    def __setstate__(self, state):
        prototypes = state["prototypes"]
        self.__init__(prototypes.shape[1], capacity=max(16, len(prototypes)))
        for w, label in zip(prototypes, state["labels"]):
            self.add(w, label)
