"""Dynamic networks for time series (issue 30): echo state networks (:class:`EchoStateRegressor`,
:class:`EchoStateClassifier`), on the Elman networks' sequence convention (:mod:`zoo.elman`)."""

from ._echo_state_classifier import EchoStateClassifier
from ._echo_state_regressor import EchoStateRegressor

__all__ = ["EchoStateClassifier", "EchoStateRegressor"]
