"""Adaptive Resonance Theory: ART1, ART 2-A, Fuzzy ART, Hypersphere ART, Fuzzy ARTMAP,
SimpleARTMAP and ARTMAP over any module, DeepARTMAP and SMART hierarchies, complement coding."""

from ._art1 import ART1
from ._art2a import ART2A
from ._artmap import FuzzyARTMAP, SimpleARTMAP
from ._artmap_ab import ARTMAP
from ._complement import ComplementCoder
from ._fuzzy import FuzzyART
from ._hypersphere import HypersphereART
from ._smart import SMART, DeepARTMAP

__all__ = [
    "ART1",
    "ART2A",
    "ARTMAP",
    "ComplementCoder",
    "DeepARTMAP",
    "FuzzyART",
    "FuzzyARTMAP",
    "HypersphereART",
    "SMART",
    "SimpleARTMAP",
]
