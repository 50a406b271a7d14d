"""Adaptive Resonance Theory: ART1, ART 2-A, Fuzzy ART, Binary Fuzzy ART, Hypersphere ART, Gaussian
ART, Ellipsoid ART, Bayesian ART, Quadratic Neuron ART, CVI ART, Fuzzy ARTMAP, SimpleARTMAP and
ARTMAP over any module, DeepARTMAP and SMART hierarchies, complement coding; composites over the
modules: Dual Vigilance ART, TopoART, Fusion ART, BARTMAP; their categories drawn in
``zoo.art.plot``."""

from ._art1 import ART1
from ._art2a import ART2A
from ._artmap import FuzzyARTMAP, SimpleARTMAP
from ._artmap_ab import ARTMAP
from ._bartmap import BARTMAP
from ._bayesian import BayesianART
from ._binary_fuzzy import BinaryFuzzyART
from ._complement import ComplementCoder
from ._cvi import CVIART
from ._dual_vigilance import DualVigilanceART
from ._ellipsoid import EllipsoidART
from ._fusion import FusionART
from ._fuzzy import FuzzyART
from ._gaussian import GaussianART
from ._hypersphere import HypersphereART
from ._quadratic import QuadraticNeuronART
from ._smart import SMART, DeepARTMAP
from ._topo import TopoART

__all__ = [
    "ART1",
    "ART2A",
    "ARTMAP",
    "BARTMAP",
    "BayesianART",
    "BinaryFuzzyART",
    "CVIART",
    "ComplementCoder",
    "DeepARTMAP",
    "DualVigilanceART",
    "EllipsoidART",
    "FusionART",
    "FuzzyART",
    "FuzzyARTMAP",
    "GaussianART",
    "HypersphereART",
    "QuadraticNeuronART",
    "SMART",
    "SimpleARTMAP",
    "TopoART",
]
