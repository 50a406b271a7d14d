"""Radial basis function networks and Specht's kernel networks.

* :class:`RBFClassifier`, :class:`RBFRegressor` — radial hidden units, linear output layer solved by
  ridge least squares, optional gradient fine-tuning of every parameter (Schwenker et al. 2001);
* :class:`RBFDDAClassifier` — constructive RBF classifier by dynamic decay adjustment (Berthold &
  Diamond 1995);
* :class:`PNNClassifier` — probabilistic neural network (Specht 1990);
* :class:`GRNNRegressor` — general regression neural network (Specht 1991).
"""

from ._grnn import GRNNRegressor
from ._pnn import PNNClassifier
from ._rbf_classifier import RBFClassifier
from ._rbf_dda import RBFDDAClassifier
from ._rbf_regressor import RBFRegressor

__all__ = ["GRNNRegressor", "PNNClassifier", "RBFClassifier", "RBFDDAClassifier", "RBFRegressor"]
