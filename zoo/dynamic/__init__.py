"""Dynamic networks for time series (issue 30), and their diagnostics.

Tapped-delay networks trained open loop and run closed loop: :class:`NARXRegressor` (nonlinear
autoregression with exogenous inputs, MATLAB's ``narxnet``) and :class:`NARRegressor` (MATLAB's
``narnet``), and the focused time-delay networks :class:`TimeDelayRegressor` /
:class:`TimeDelayClassifier` (MATLAB's ``timedelaynet``: input taps only);
:func:`prepare_delays` (MATLAB's ``preparets``) gives their open-loop rows. They take a series as
a table whose rows are the time steps (so that ``TimeSeriesSplit`` cuts it without leaking the
future), or NaN-padded 3-D sequences; see :class:`NARXRegressor`.

Recurrent networks on the Elman networks' code and input convention (:mod:`zoo.elman`: ``X`` of
shape ``(n_sequences, n_timesteps, n_features)``, a 2-D ``X`` one feature per step, NaN padding
at the end; ``y`` one target per sequence or per step): :class:`LayerRecurrentRegressor` /
:class:`LayerRecurrentClassifier` (MATLAB's ``layrecnet``: the hidden layer's states fed back
through ``layer_delays``; the Elman network is ``layer_delays=(1,)``) and
:class:`JordanRegressor` / :class:`JordanClassifier` (Jordan 1986: the output fed back to state
units with ``context_decay``). Echo state networks (Jaeger 2001) on the same convention:
:class:`EchoStateRegressor` / :class:`EchoStateClassifier`, a fixed random reservoir and a ridge
readout in closed form.

The diagnostics of a trained dynamic network, as MATLAB draws them (:mod:`zoo.dynamic.plotting`):
the errors' autocorrelation and their cross-correlation with the input, as numbers and as
figures, and the response plot.
"""

from ._distributed_delay import DistributedDelayRegressor
from ._echo_state_classifier import EchoStateClassifier
from ._echo_state_regressor import EchoStateRegressor
from ._jordan_classifier import JordanClassifier
from ._jordan_regressor import JordanRegressor
from ._layer_recurrent_classifier import LayerRecurrentClassifier
from ._layer_recurrent_regressor import LayerRecurrentRegressor
from ._nar import NARRegressor
from ._narx import NARXRegressor
from ._prepare import prepare_delays
from ._time_delay import TimeDelayRegressor
from ._time_delay_classifier import TimeDelayClassifier
from .plotting import (
    error_autocorrelation,
    input_error_crosscorrelation,
    plot_error_autocorrelation,
    plot_input_error_crosscorrelation,
    plot_response,
)

__all__ = [
    "DistributedDelayRegressor",
    "EchoStateClassifier",
    "EchoStateRegressor",
    "JordanClassifier",
    "JordanRegressor",
    "LayerRecurrentClassifier",
    "LayerRecurrentRegressor",
    "NARRegressor",
    "NARXRegressor",
    "TimeDelayClassifier",
    "TimeDelayRegressor",
    "error_autocorrelation",
    "input_error_crosscorrelation",
    "plot_error_autocorrelation",
    "plot_input_error_crosscorrelation",
    "plot_response",
    "prepare_delays",
]
