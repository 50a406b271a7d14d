"""Associative memories: Hopfield networks (classical and modern) and the bidirectional
associative memory.

They store patterns rather than learn a mapping, and scikit-learn's tags say so:

* ``HopfieldNetwork`` and ``ModernHopfield`` are unsupervised transformers: ``fit(X)`` stores the
  rows of X, ``transform`` returns the pattern recalled from each cue (same width, so they work as
  a Pipeline stage, e.g. a denoiser). They are not classifiers (no labels) nor clusterers (a
  recalled state is a pattern, not a label, and spurious states are not stored ones).
* ``BAM`` is a supervised multi-output predictor (``MultiOutputMixin``, target required): it
  stores (X, Y) pairs and ``predict`` returns the whole Y pattern. It is neither a classifier nor
  a regressor: it fits no decision function and has no meaningful ``score``, so scikit-learn's
  accuracy and R² checks would judge it on a task it does not do.

``HopfieldNetwork`` and ``BAM`` declare ``_input_domain = "binary"`` (0/1 or ±1 patterns; real
input is binarised at ``binarize``, or rejected with ``binarize=None``); ``ModernHopfield`` stores
continuous vectors, ``_input_domain = "real"``.
"""

from ._bam import BAM
from ._hopfield import HopfieldNetwork
from ._modern import ModernHopfield

__all__ = ["BAM", "HopfieldNetwork", "ModernHopfield"]
