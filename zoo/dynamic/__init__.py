"""Dynamic networks for time series: tapped-delay networks trained open loop and run closed loop.

:class:`NARXRegressor` (nonlinear autoregression with exogenous inputs, MATLAB's ``narxnet``).
:func:`prepare_delays` lays a series out as the open-loop network's rows (MATLAB's
``preparets``). The layout of series (one series as a table whose rows are the time steps, or
NaN-padded 3-D sequences) is described in :class:`NARXRegressor`.
"""

from ._nar import NARRegressor
from ._narx import NARXRegressor

__all__ = [
    "NARRegressor",
    "NARXRegressor",
]
