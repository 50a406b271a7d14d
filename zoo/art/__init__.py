"""Adaptive Resonance Theory: ART1, Fuzzy ART, Fuzzy ARTMAP and complement coding."""

from ._art1 import ART1
from ._artmap import FuzzyARTMAP
from ._complement import ComplementCoder
from ._fuzzy import FuzzyART

__all__ = ["ART1", "ComplementCoder", "FuzzyART", "FuzzyARTMAP"]
