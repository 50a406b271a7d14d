"""Adaptive Resonance Theory: ART1, ART 2-A, Fuzzy ART, Hypersphere ART, Fuzzy ARTMAP, complement
coding; composites over those modules: Dual Vigilance ART, TopoART, Fusion ART, BARTMAP."""

from ._art1 import ART1
from ._art2a import ART2A
from ._artmap import FuzzyARTMAP
from ._bartmap import BARTMAP
from ._complement import ComplementCoder
from ._dual_vigilance import DualVigilanceART
from ._fusion import FusionART
from ._fuzzy import FuzzyART
from ._hypersphere import HypersphereART
from ._topo import TopoART

__all__ = [
    "ART1",
    "ART2A",
    "BARTMAP",
    "ComplementCoder",
    "DualVigilanceART",
    "FusionART",
    "FuzzyART",
    "FuzzyARTMAP",
    "HypersphereART",
    "TopoART",
]
