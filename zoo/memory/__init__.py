"""Associative memories: Hopfield networks (classical and modern) and the bidirectional
associative memory."""

from ._bam import BAM
from ._hopfield import HopfieldNetwork
from ._modern import ModernHopfield

__all__ = ["BAM", "HopfieldNetwork", "ModernHopfield"]
