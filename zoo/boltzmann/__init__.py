"""Boltzmann machines: restricted (binary and Gaussian visible units), general, and deep belief nets."""

from ._bm import BoltzmannMachine, encoder_connectivity
from ._dbn import DBNClassifier, DBNTransformer
from ._rbm import BernoulliRBM

__all__ = ["BernoulliRBM", "BoltzmannMachine", "DBNClassifier", "DBNTransformer",
           "encoder_connectivity"]
