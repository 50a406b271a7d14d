"""The weight-sharing family: convolutional networks (LeNet) for images."""

from ._conv import ConvNetClassifier, ConvNetRegressor

__all__ = ["ConvNetClassifier", "ConvNetRegressor"]
