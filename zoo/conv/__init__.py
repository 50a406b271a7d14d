"""The weight-sharing family: convolutional networks (LeNet) for images."""

from ._convnet_classifier import ConvNetClassifier
from ._convnet_regressor import ConvNetRegressor

__all__ = ["ConvNetClassifier", "ConvNetRegressor"]
