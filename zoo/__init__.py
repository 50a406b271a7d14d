"""zoo: the classical neural-network architectures as scikit-learn estimators.

Every public estimator is importable from here and from its family subpackage.
"""

from .art import (
    ART1,
    ART2A,
    ARTMAP,
    BARTMAP,
    CVIART,
    SMART,
    BayesianART,
    BinaryFuzzyART,
    ComplementCoder,
    DeepARTMAP,
    DualVigilanceART,
    EllipsoidART,
    FusionART,
    FuzzyART,
    FuzzyARTMAP,
    GaussianART,
    HypersphereART,
    QuadraticNeuronART,
    SimpleARTMAP,
    TopoART,
)
from .boltzmann import (
    BernoulliRBM,
    BoltzmannMachine,
    DBNClassifier,
    DBNTransformer,
    GaussianBernoulliRBM,
)
from .cascor import CascadeCorrelationClassifier, CascadeCorrelationRegressor
from .conv import ConvNetClassifier, ConvNetRegressor
from .dynamic import (
    DistributedDelayRegressor,
    EchoStateClassifier,
    EchoStateRegressor,
    JordanClassifier,
    JordanRegressor,
    LayerRecurrentClassifier,
    LayerRecurrentRegressor,
    NARRegressor,
    NARXRegressor,
    TimeDelayClassifier,
    TimeDelayRegressor,
)
from .elm import ELMClassifier, ELMRegressor
from .elman import ElmanClassifier, ElmanRegressor
from .gas import CompetitiveLayer, GrowingNeuralGas, NeuralGas
from .lvq import GLVQClassifier, GMLVQClassifier, LVQClassifier
from .memory import BAM, HopfieldNetwork, ModernHopfield
from .mlp import ADALINEClassifier, ADALINERegressor, MLPClassifier, MLPRegressor, Perceptron
from .rbf import GRNNRegressor, PNNClassifier, RBFClassifier, RBFDDAClassifier, RBFRegressor
from .som import SOM, SOMClassifier, SOMRegressor

__version__ = "0.1.0"

__all__ = [
    "BernoulliRBM",
    "BoltzmannMachine",
    "DBNClassifier",
    "DBNTransformer",
    "GaussianBernoulliRBM",
    "ART1",
    "ART2A",
    "ARTMAP",
    "BARTMAP",
    "BinaryFuzzyART",
    "ComplementCoder",
    "CVIART",
    "DeepARTMAP",
    "DualVigilanceART",
    "FusionART",
    "FuzzyART",
    "FuzzyARTMAP",
    "GaussianART",
    "EllipsoidART",
    "BayesianART",
    "HypersphereART",
    "QuadraticNeuronART",
    "SimpleARTMAP",
    "SMART",
    "TopoART",
    "BAM",
    "HopfieldNetwork",
    "ModernHopfield",
    "ADALINEClassifier",
    "ADALINERegressor",
    "MLPClassifier",
    "MLPRegressor",
    "Perceptron",
    "CascadeCorrelationClassifier",
    "CascadeCorrelationRegressor",
    "ConvNetClassifier",
    "ConvNetRegressor",
    "NARRegressor",
    "NARXRegressor",
    "TimeDelayClassifier",
    "TimeDelayRegressor",
    "DistributedDelayRegressor",
    "ELMClassifier",
    "ELMRegressor",
    "ElmanClassifier",
    "ElmanRegressor",
    "JordanClassifier",
    "JordanRegressor",
    "LayerRecurrentClassifier",
    "LayerRecurrentRegressor",
    "GRNNRegressor",
    "PNNClassifier",
    "RBFClassifier",
    "RBFDDAClassifier",
    "RBFRegressor",
    "GLVQClassifier",
    "GMLVQClassifier",
    "LVQClassifier",
    "SOM",
    "SOMClassifier",
    "NeuralGas",
    "CompetitiveLayer",
    "GrowingNeuralGas",
    "SOMRegressor",
    "EchoStateClassifier",
    "EchoStateRegressor",
]
