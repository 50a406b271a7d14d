"""Boltzmann machines: restricted (binary and Gaussian visible units), general, and deep belief nets."""

from ._dbn import DBNClassifier, DBNTransformer
from ._rbm import BernoulliRBM

__all__ = ["BernoulliRBM", "DBNClassifier", "DBNTransformer"]
