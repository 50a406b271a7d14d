"""What the binary memories share: the two pattern encodings, binarisation, and recall.

Patterns are rows of X, either binary (0/1) or bipolar (-1/+1) (docs/architecture.md); the network
computes in bipolar states and answers in the encoding it was fitted on. Real input is binarised at
the ``binarize`` threshold (``x > binarize`` is on), as scikit-learn's ``BernoulliNB`` and zoo's
``ART1`` do; ``binarize=None`` requires binary or bipolar input and rejects anything else.
"""

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from .._core.associative import binary_network, threshold_recall

BINARY, BIPOLAR = "binary", "bipolar"
_VALUES = {BINARY: (0, 1), BIPOLAR: (-1, 1)}


def detect_encoding(X, binarize, name, what="X"):
    """The encoding of training patterns: binary if every value is 0 or 1, bipolar if every value
    is -1 or 1 (a set of only ones counts as binary); real input is binarised to bipolar states
    unless ``binarize`` is None."""
    for encoding in (BINARY, BIPOLAR):
        if np.isin(X, _VALUES[encoding]).all():
            return encoding
    if binarize is None:
        raise ValueError(
            f"{name} stores binary (0/1) or bipolar (-1/1) patterns and {what} has other values; "
            f"set binarize to a threshold to binarise real-valued input."
        )
    return BIPOLAR


def to_bipolar(X, encoding, binarize, name, what="X"):
    """Patterns in ``encoding`` (or real values, thresholded) -> bipolar states in X's dtype."""
    if binarize is None:
        if not np.isin(X, _VALUES[encoding]).all():
            low, high = _VALUES[encoding]
            raise ValueError(
                f"{name} was fitted on {encoding} patterns ({low}/{high}) and {what} has other "
                f"values; set binarize to a threshold to binarise real-valued input."
            )
        threshold = 0.5 * sum(_VALUES[encoding])
    else:
        threshold = binarize
    # s = +1 if x > threshold else -1
    return np.where(X > threshold, 1, -1).astype(X.dtype)


def from_bipolar(S, encoding):
    """Bipolar states -> the fitted encoding: u = (s + 1) / 2 for binary patterns."""
    return (S + 1) / 2 if encoding == BINARY else S


def recall(S, W, groups, max_iter):
    """Run the bipolar network ``W`` (no thresholds) from the states ``S`` to fixed points.

    Recall works on the equivalent 0/1 network (:mod:`zoo._core.associative`); returns the
    recalled bipolar states and :func:`~zoo._core.associative.threshold_recall`'s
    ``(n_iter, converged, cycled)``.
    """
    W_binary, b_binary = binary_network(W, np.zeros(W.shape[0], dtype=W.dtype))
    U = (S + 1) / 2
    report = threshold_recall(U, W_binary, b_binary, groups, max_iter)
    return 2 * U - 1, report


def warn_unsettled(name, converged, cycled, max_iter):
    """ConvergenceWarning for cues that ended in a 2-cycle or were still changing at max_iter."""
    n_cycled, n_running = int(cycled.sum()), int((~converged & ~cycled).sum())
    if n_cycled:
        warnings.warn(
            f"{name}: {n_cycled} of {converged.size} cues ended in a 2-cycle of the synchronous "
            f"update; their last state is returned (asynchronous recall always reaches a fixed "
            f"point).",
            ConvergenceWarning,
            stacklevel=3,
        )
    if n_running:
        warnings.warn(
            f"{name}: {n_running} of {converged.size} cues were still changing after "
            f"max_iter={max_iter} sweeps; increase max_iter.",
            ConvergenceWarning,
            stacklevel=3,
        )
