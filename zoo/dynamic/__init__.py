r"""Dynamic networks for time series (issue 30): layer-recurrent and Jordan networks.

:class:`LayerRecurrentRegressor` / :class:`LayerRecurrentClassifier` (MATLAB's ``layrecnet``: the
hidden layer's states fed back through ``layer_delays``; the Elman network is ``layer_delays=(1,)``)
and :class:`JordanRegressor` / :class:`JordanClassifier` (Jordan 1986: the output fed back to
state units with ``context_decay``). They take the Elman networks' input convention
(:mod:`zoo.elman`): ``X`` of shape ``(n_sequences, n_timesteps, n_features)``, a 2-D ``X`` one
feature per step, NaN padding at the end; ``y`` one target per sequence or per step.
"""

from ._jordan_classifier import JordanClassifier
from ._jordan_regressor import JordanRegressor
from ._layer_recurrent_classifier import LayerRecurrentClassifier
from ._layer_recurrent_regressor import LayerRecurrentRegressor

__all__ = [
    "JordanClassifier",
    "JordanRegressor",
    "LayerRecurrentClassifier",
    "LayerRecurrentRegressor",
]
