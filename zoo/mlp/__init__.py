"""The back-propagation family: Rosenblatt's perceptron and multi-layer perceptrons."""

from ._mlp import MLPClassifier, MLPRegressor
from ._perceptron import Perceptron

__all__ = ["MLPClassifier", "MLPRegressor", "Perceptron"]
