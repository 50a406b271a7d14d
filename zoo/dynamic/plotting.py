r"""MATLAB's diagnostic figures for dynamic networks: error autocorrelation, input–error
cross-correlation and the response plot.

After training a dynamic network, MATLAB's users check that its errors carry no information left
to model: ``ploterrcorr`` (the errors' autocorrelation should be within the confidence limits at
every lag but zero), ``plotinerrcorr`` (the errors should not correlate with the input at any
lag) and ``plotresponse`` (targets, outputs and errors over time). The numbers are functions
here, :func:`error_autocorrelation` and :func:`input_error_crosscorrelation`, and the figures
:func:`plot_error_autocorrelation`, :func:`plot_input_error_crosscorrelation` and
:func:`plot_response` draw them. matplotlib is imported only when a figure is drawn (``pip
install zoo-nn[plot]``).

Series follow zoo's sequence convention: a 1-D array is one series; a 2-D array is
``(n_sequences, n_timesteps)``, sequences padded at the end with NaN; a 3-D array
``(n_sequences, n_timesteps, n_outputs)`` needs ``output=`` (or ``feature=`` for an input) when it
has several columns. Sums over time run within each sequence (no pair of steps straddles two
sequences) and skip the NaN-padded steps; :math:`N` is the number of steps counted.

With errors :math:`e(t)` and lags :math:`k = -K, \ldots, K`:

.. math:: R_{ee}(k) = \frac1N \sum_t e(t)\,e(t+k), \qquad
          R_{ue}(k) = \frac1N \sum_t \tilde u(t)\,e(t+k),
          \quad \tilde u = u - \bar u ,

so :math:`R_{ee}(0)` is the mean squared error, as in MATLAB's ``ploterrcorr``; the errors are
not centred (a bias is a correlation at every lag, which the figure should show), the input is
(its level carries no information about the errors). Normalised (the default), the correlations
are divided by :math:`R_{ee}(0)` and by :math:`\sqrt{\overline{\tilde u^2}\,R_{ee}(0)}`, and the
approximate 95 % confidence limits of a white error sequence are :math:`\pm 2/\sqrt N`
(Box & Jenkins 1970); unnormalised, the limits scale the same way.

Examples
--------
>>> import numpy as np
>>> from zoo.dynamic import error_autocorrelation
>>> errors = np.random.default_rng(0).normal(size=1000)
>>> lags, correlations, bound = error_autocorrelation(errors, max_lag=5)
>>> lags.tolist(), float(correlations[5]), round(bound, 4)
([-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5], 1.0, 0.0632)
>>> bool(np.all(np.abs(np.delete(correlations, 5)) < bound))
True
"""

import numbers

import numpy as np

from ..plotting import _pyplot as _zoo_pyplot

#: Blue bars, as MATLAB draws the correlations; red dashed confidence limits.
_BAR_COLOR, _LIMIT_COLOR = "#1f5fbf", "#d62728"


def _pyplot():
    return _zoo_pyplot("zoo.dynamic.plotting")


def _series(values, name, column=None, column_name="output"):
    """A float64 (n_sequences, n_timesteps) array, NaN where a step is missing."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be numbers, got {values!r:.60}.") from error
    if array.ndim == 3:
        if column is None:
            if array.shape[2] != 1:
                raise ValueError(
                    f"{name} has {array.shape[2]} columns: choose one with {column_name}=."
                )
            column = 0
        if not 0 <= column < array.shape[2]:
            raise ValueError(f"{column_name}={column} is not a column of {name}.")
        array = array[:, :, column]
    elif array.ndim == 1:
        array = array[np.newaxis, :]
    elif array.ndim != 2:
        raise ValueError(
            f"{name} must be 1-D, 2-D (n_sequences, n_timesteps) or 3-D, got {array.ndim}-D."
        )
    if np.isinf(array).any():
        raise ValueError(f"{name} contains infinity.")
    if array.size == 0 or np.isnan(array).all():
        raise ValueError(f"{name} is empty (or only NaN padding).")
    return array


def _check_max_lag(max_lag, n_timesteps):
    if isinstance(max_lag, bool) or not isinstance(max_lag, numbers.Integral) or max_lag < 0:
        raise ValueError(f"max_lag must be an integer >= 0, got {max_lag!r}.")
    if max_lag >= n_timesteps:
        raise ValueError(f"max_lag={max_lag} must be below the series' {n_timesteps} steps.")
    return int(max_lag)


def _lagged_sums(a, b, max_lag):
    """S(k) = Σ_sequences Σ_t a(t) b(t+k) for k = -max_lag..max_lag (NaN already zeroed)."""
    T = a.shape[1]
    sums = np.empty(2 * max_lag + 1)
    for k in range(-max_lag, max_lag + 1):
        if k >= 0:
            sums[k + max_lag] = np.einsum("ij,ij->", a[:, : T - k], b[:, k:])
        else:
            sums[k + max_lag] = np.einsum("ij,ij->", a[:, -k:], b[:, : T + k])
    return sums


def error_autocorrelation(errors, max_lag=20, *, normalize=True, output=None):
    r"""The errors' autocorrelation over lags ``-max_lag..max_lag``, with its confidence bound.

    :math:`R_{ee}(k) = \frac1N \sum_t e(t)\,e(t+k)` (module docstring), the numbers of MATLAB's
    ``ploterrcorr``. For a model that left nothing to learn the errors are white: every lag but
    zero lies within the approximate 95 % confidence limits.

    Parameters
    ----------
    errors : array-like of shape (n_timesteps,), (n_sequences, n_timesteps) or \
(n_sequences, n_timesteps, n_outputs)
        Targets minus outputs; NaN marks padding.
    max_lag : int, default=20
    normalize : bool, default=True
        Divide by :math:`R_{ee}(0)`, so lag 0 is 1 and the limits are :math:`\pm 2/\sqrt N`;
        False keeps MATLAB's scale (lag 0 is the mean squared error, limits
        :math:`\pm 2 R_{ee}(0)/\sqrt N`).
    output : int or None, default=None
        The column of 3-D errors to use (needed when there are several).

    Returns
    -------
    lags : ndarray of int of shape (2 * max_lag + 1,)
    correlations : ndarray of shape (2 * max_lag + 1,)
        Symmetric about lag 0. All zero when every error is zero.
    bound : float
        The confidence limit: correlations outside ``±bound`` are significant.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.dynamic import error_autocorrelation
    >>> e = np.random.default_rng(1).normal(size=2000)
    >>> e = e[1:] + 0.9 * e[:-1]  # moving-average errors: correlated at lag 1
    >>> lags, r, bound = error_autocorrelation(e, max_lag=3)
    >>> round(float(r[4]), 1), bool(r[4] > bound and abs(r[5]) < bound)  # 0.9 / (1 + 0.81)
    (0.5, True)
    """
    e = _series(errors, "errors", output, "output")
    max_lag = _check_max_lag(max_lag, e.shape[1])
    counted = ~np.isnan(e)
    n = int(counted.sum())
    e = np.where(counted, e, 0.0)
    correlations = _lagged_sums(e, e, max_lag) / n
    zero = correlations[max_lag]
    scale = zero if normalize else 1.0
    if scale > 0:
        correlations /= scale
    bound = 2.0 * (1.0 if normalize else zero) / np.sqrt(n)
    return np.arange(-max_lag, max_lag + 1), correlations, float(bound)


def input_error_crosscorrelation(
    u, errors, max_lag=20, *, normalize=True, feature=None, output=None
):
    r"""The cross-correlation of the (centred) input with the errors, with its confidence bound.

    :math:`R_{ue}(k) = \frac1N \sum_t \tilde u(t)\,e(t+k)` for :math:`k = -K..K`: a positive lag
    pairs an input with a later error (the input at :math:`t` still explains the error :math:`k`
    steps on: a missing input delay). The numbers of MATLAB's ``plotinerrcorr``; for a model that
    used its input fully, every lag lies within the confidence limits.

    Parameters
    ----------
    u : array-like of shape (n_timesteps,), (n_sequences, n_timesteps) or \
(n_sequences, n_timesteps, n_inputs)
        The input series (a network's ``X``).
    errors : array-like of the same steps, shape (n_timesteps,), (n_sequences, n_timesteps) or \
(n_sequences, n_timesteps, n_outputs)
    max_lag : int, default=20
    normalize : bool, default=True
        Divide by :math:`\sqrt{\overline{\tilde u^2}\,R_{ee}(0)}` (correlation coefficients,
        limits :math:`\pm 2/\sqrt N`); False keeps the covariances (limits scaled alike).
    feature : int or None, default=None
        The input column of a 3-D ``u`` (needed when there are several).
    output : int or None, default=None
        The column of 3-D errors (needed when there are several).

    Returns
    -------
    lags : ndarray of int of shape (2 * max_lag + 1,)
    correlations : ndarray of shape (2 * max_lag + 1,)
    bound : float

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.dynamic import input_error_crosscorrelation
    >>> u = np.random.default_rng(0).uniform(-1, 1, 1000)
    >>> errors = np.r_[0.0, 0.0, 0.3 * u[:-2]]  # the model missed the input at delay 2
    >>> lags, c, bound = input_error_crosscorrelation(u, errors, max_lag=4)
    >>> int(lags[np.argmax(c)]), bool(c.max() > 0.99)
    (2, True)
    """
    x = _series(u, "u", feature, "feature")
    e = _series(errors, "errors", output, "output")
    if x.shape != e.shape:
        raise ValueError(
            f"u and errors must cover the same steps: {x.shape} (n_sequences, n_timesteps) "
            f"against {e.shape}."
        )
    max_lag = _check_max_lag(max_lag, e.shape[1])
    counted = ~(np.isnan(x) | np.isnan(e))
    n = int(counted.sum())
    if n == 0:
        raise ValueError("u and errors have no step where both are given.")
    x = np.where(counted, x - x[counted].mean(), 0.0)
    e = np.where(counted, e, 0.0)
    correlations = _lagged_sums(x, e, max_lag) / n
    spread = np.sqrt(np.einsum("ij,ij->", x, x) / n * (np.einsum("ij,ij->", e, e) / n))
    if normalize and spread > 0:
        correlations /= spread
    bound = 2.0 * (1.0 if normalize else spread) / np.sqrt(n)
    return np.arange(-max_lag, max_lag + 1), correlations, float(bound)


def _correlation_figure(lags, correlations, bound, ax, title):
    if ax is None:
        ax = _pyplot().subplots(figsize=(7, 4))[1]
    bars = ax.bar(lags, correlations, width=0.6, color=_BAR_COLOR, label="Correlations")
    zero = ax.axhline(0.0, color="black", linewidth=0.8, label="Zero Correlation")
    span = [lags[0] - 0.5, lags[-1] + 0.5]
    limit = ax.plot(span, [bound, bound], "--", color=_LIMIT_COLOR, label="Confidence Limit")[0]
    ax.plot(span, [-bound, -bound], "--", color=_LIMIT_COLOR)
    ax.set_xlim(*span)
    ax.set_xlabel("Lag")
    ax.set_ylabel("Correlation")
    ax.set_title(title)
    ax.legend(handles=[bars, zero, limit], loc="upper right", fontsize="small")  # MATLAB's order
    return ax


def plot_error_autocorrelation(errors, max_lag=20, *, normalize=True, output=None, ax=None):
    """Draw the errors' autocorrelation with its confidence limits (MATLAB's ``ploterrcorr``).

    Bars at lags ``-max_lag..max_lag`` (:func:`error_autocorrelation`), a line at zero and the
    confidence limits as red dashed lines; a model that left nothing to learn keeps every bar but
    lag 0's within them.

    Parameters
    ----------
    errors : array-like
        Targets minus outputs (see :func:`error_autocorrelation`).
    max_lag : int, default=20
    normalize : bool, default=True
        False draws MATLAB's scale (lag 0 = the mean squared error).
    output : int or None, default=None
    ax : matplotlib Axes or None, default=None
        Where to draw; a new figure when None.

    Returns
    -------
    ax : matplotlib Axes
        The bars are ``ax.patches``; ``ax.lines`` holds the zero line and the two limits.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from zoo.dynamic import plot_error_autocorrelation
    >>> ax = plot_error_autocorrelation(np.random.default_rng(0).normal(size=500), max_lag=10)
    >>> len(ax.patches), ax.get_title()
    (21, 'Autocorrelation of Error 1')
    """
    lags, correlations, bound = error_autocorrelation(
        errors, max_lag, normalize=normalize, output=output
    )
    title = f"Autocorrelation of Error {1 if output is None else output + 1}"
    return _correlation_figure(lags, correlations, bound, ax, title)


def plot_input_error_crosscorrelation(
    u, errors, max_lag=20, *, normalize=True, feature=None, output=None, ax=None
):
    """Draw the input–error cross-correlation with its confidence limits (``plotinerrcorr``).

    Bars at lags ``-max_lag..max_lag`` (:func:`input_error_crosscorrelation`), a line at zero and
    the confidence limits; a model that used its input fully keeps every bar within them.

    Parameters
    ----------
    u : array-like
        The input series.
    errors : array-like
        Targets minus outputs, over the same steps.
    max_lag : int, default=20
    normalize : bool, default=True
    feature, output : int or None, default=None
        The input and error columns of 3-D arrays.
    ax : matplotlib Axes or None, default=None

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from zoo.dynamic import plot_input_error_crosscorrelation
    >>> rng = np.random.default_rng(0)
    >>> ax = plot_input_error_crosscorrelation(rng.normal(size=300), rng.normal(size=300))
    >>> len(ax.patches), ax.get_title()
    (41, 'Correlation between Input 1 and Error 1')
    """
    lags, correlations, bound = input_error_crosscorrelation(
        u, errors, max_lag, normalize=normalize, feature=feature, output=output
    )
    title = (
        f"Correlation between Input {1 if feature is None else feature + 1} "
        f"and Error {1 if output is None else output + 1}"
    )
    return _correlation_figure(lags, correlations, bound, ax, title)


def _joined(series):
    """The sequences one after another, padding dropped, a NaN between two (a gap in a line)."""
    pieces = []
    for row in series:
        pieces.extend([row[~np.isnan(row)], [np.nan]])
    return np.concatenate(pieces[:-1])


def plot_response(y_true, y_pred, *, output=None, sets=None, ax=None):
    """Draw targets, outputs and errors over time (MATLAB's ``plotresponse``).

    The upper panel shows the targets (dots) and the network's outputs (a line), the lower one
    the errors, targets minus outputs. Sequences (2-D or 3-D arrays in zoo's convention) are
    drawn one after another, their NaN padding left out and a gap between two.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_timesteps,), (n_sequences, n_timesteps) or \
(n_sequences, n_timesteps, n_outputs)
        Targets and outputs over the same steps.
    output : int or None, default=None
        The column of 3-D arrays to draw (needed when there are several).
    sets : dict of str to array-like of int, or None, default=None
        Steps of the drawn series (positions along the time axis) to draw in their own colour
        and legend, e.g. ``{"Training": range(0, 700), "Test": range(700, 1000)}``, as MATLAB
        separates training, validation and test targets; None draws one set.
    ax : pair of matplotlib Axes or None, default=None
        The response and error panels; a new figure with both when None.

    Returns
    -------
    axes : ndarray of two matplotlib Axes
        The response panel (its first line: the targets, then the outputs, per set) and the
        error panel (its first line: the errors).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from zoo.dynamic import plot_response
    >>> t = np.arange(100)
    >>> response, error = plot_response(np.sin(t / 5), 0.9 * np.sin(t / 5))
    >>> response.get_title(), error.get_ylabel()
    ('Response of Output Element 1', 'Error')
    """
    target = _series(y_true, "y_true", output, "output")
    predicted = _series(y_pred, "y_pred", output, "output")
    if target.shape != predicted.shape:
        raise ValueError(
            f"y_true and y_pred must cover the same steps: {target.shape} against "
            f"{predicted.shape}."
        )
    target, predicted = _joined(target), _joined(predicted)
    time = np.arange(len(target))
    if ax is None:
        ax = _pyplot().subplots(
            2, 1, sharex=True, figsize=(8, 5), gridspec_kw={"height_ratios": [3, 1]}
        )[1]
    response, error = ax
    groups = {"": time} if sets is None else sets
    for name, steps in groups.items():
        steps = np.asarray(steps, dtype=int)
        if steps.size and (steps.min() < 0 or steps.max() >= len(time)):
            raise ValueError(f"sets[{name!r}] names steps outside 0..{len(time) - 1}.")
        shown = np.full(len(time), np.nan)
        label = f"{name} " if name else ""
        shown[steps] = target[steps]
        line = response.plot(time, shown, ".", markersize=4, label=f"{label}Targets")[0]
        shown[steps] = predicted[steps]
        response.plot(time, shown, "-", color=line.get_color(), alpha=0.7, label=f"{label}Outputs")
    response.set_ylabel("Output and Target")
    response.set_title(f"Response of Output Element {1 if output is None else output + 1}")
    response.legend(loc="upper right", fontsize="small")
    error.plot(time, target - predicted, "-", color=_LIMIT_COLOR, linewidth=1.0, label="Errors")
    error.axhline(0.0, color="black", linewidth=0.8)
    error.set_xlabel("Time")
    error.set_ylabel("Error")
    return np.array([response, error], dtype=object)
