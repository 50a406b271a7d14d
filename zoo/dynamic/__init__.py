"""Dynamic networks for time series (issue 30), and their diagnostics.

The diagnostics of a trained dynamic network, as MATLAB draws them (:mod:`zoo.dynamic.plotting`):
the errors' autocorrelation and their cross-correlation with the input, as numbers and as
figures, and the response plot.
"""

from .plotting import (
    error_autocorrelation,
    input_error_crosscorrelation,
    plot_error_autocorrelation,
    plot_input_error_crosscorrelation,
    plot_response,
)

__all__ = [
    "error_autocorrelation",
    "input_error_crosscorrelation",
    "plot_error_autocorrelation",
    "plot_input_error_crosscorrelation",
    "plot_response",
]
