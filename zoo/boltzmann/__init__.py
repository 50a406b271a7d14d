"""Boltzmann machines: restricted (binary and Gaussian visible units), general, deep belief nets."""

from ._bm import BoltzmannMachine, encoder_connectivity
from ._dbn import DBNTransformer
from ._dbn_classifier import DBNClassifier
from ._gbrbm import GaussianBernoulliRBM
from ._rbm import BernoulliRBM

__all__ = [
    "BernoulliRBM",
    "BoltzmannMachine",
    "DBNClassifier",
    "DBNTransformer",
    "GaussianBernoulliRBM",
    "encoder_connectivity",
]
