"""Dynamic networks for time series (issue 30), and their diagnostics.

Tapped-delay networks trained open loop and run closed loop: :class:`NARXRegressor` (nonlinear
autoregression with exogenous inputs, MATLAB's ``narxnet``) and :class:`NARRegressor` (MATLAB's
``narnet``); :func:`prepare_delays` (MATLAB's ``preparets``) gives their open-loop rows. The
layout of series (one series as a table whose rows are the time steps, or NaN-padded 3-D
sequences) is described in :class:`NARXRegressor`.

The diagnostics of a trained dynamic network, as MATLAB draws them (:mod:`zoo.dynamic.plotting`):
the errors' autocorrelation and their cross-correlation with the input, as numbers and as
figures, and the response plot.
"""

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
