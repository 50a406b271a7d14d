"""Sequence batches of the Elman networks: time-major padded sequences with their lengths,
targets, output rule and weights, and the gather of a minibatch into reused buffers."""

import numpy as np

from .._core.recurrent import target_weights


def _take_sequences(array, batch, buffer):
    """``array[:, batch]`` of a time-major ``(T, n, d)`` array, copied to the front of buffer."""
    T, _, d = array.shape
    n_batch = len(range(*batch.indices(array.shape[1]))) if isinstance(batch, slice) else len(batch)
    out = buffer[: T * n_batch * d].reshape(T, n_batch, d)
    if isinstance(batch, slice):
        np.copyto(out, array[:, batch])
    else:
        np.take(array, batch, axis=1, out=out)
    return out


class _SequenceData:
    """Training sequences, time-major: ``X (T, n, F)`` with padding zeroed, ``lengths (n,)`` and
    ``Y`` — ``(T, n, K)`` per step or ``(n, K)`` per sequence."""

    def __init__(self, X, lengths, Y, output, weights=None):
        self.X, self.lengths, self.Y, self.output = X, lengths, Y, output
        self.weights = weights  # one per sequence, or None

    def __len__(self):
        return len(self.lengths)

    def subset(self, index):
        Y = self.Y[:, index] if self.output == "sequence" else self.Y[index]
        return _SequenceData(
            np.ascontiguousarray(self.X[:, index]),
            self.lengths[index],
            np.ascontiguousarray(Y),
            self.output,
            None if self.weights is None else self.weights[index],
        )

    def flat_targets(self):
        """Targets as the network's flat rows, and their weights (0 on padding; None: all 1)."""
        T = self.Y.shape[0] if self.output == "sequence" else 1
        weights = target_weights(self.lengths, T, self.output, np.float64, self.weights)
        return self.Y.reshape(-1, self.Y.shape[-1]), weights
