r"""``zoo compare SERIES.csv --target COL --horizon H``: forecasters compared on one time series.

Each fold of ``TimeSeriesSplit(n_splits=cv)`` trains every model on the steps before its test
stretch, then forecasts **closed loop** over the next ``H`` steps from up to
:data:`MAX_ORIGINS` origins spread over the stretch (rolling origin: at origin :math:`t` the
model is given the true history :math:`y(0..t-1)` and is not refitted; its own forecasts are fed
back over :math:`t..t+H-1`). The error of each horizon step :math:`h` is pooled over the origins
of every fold,

.. math::

    \mathrm{NRMSE}_h = \sqrt{\operatorname{mean}_{\text{origins}} \big(\hat y(t+h-1) -
    y(t+h-1)\big)^2} \,/\, \sigma_y,

with :math:`\sigma_y` the standard deviation of the target over the test stretches (a forecast
of the mean scores about 1), and overall over every step. The series is standardised by the
training stretch's mean and standard deviation in each fold (no statistic of the future is
used), and forecasts are read back in the target's units.

The other numeric columns are **exogenous inputs**, taken as known over the horizon (a planned
input, or a forecast of it, as MATLAB runs a closed-loop NARX network): a date column is the
time axis and a row number is left out. ``--drop`` the exogenous columns to forecast from the
target alone.

The rows (discovered from ``zoo.__all__``, never named here):

* every zoo regressor with ``_input_domain = "sequences"`` that can forecast, by the form of its
  ``forecast`` method (:func:`forecast_protocol`): ``forecast(n_steps, X_future, y_past,
  X_past)`` (exogenous inputs and output feedback: NARX), ``forecast(n_steps, y_past)`` (the
  target alone: NAR), ``forecast(X, n_steps)`` (generative: the output fed back as the only
  input, the echo state network; the target alone; with ``forecast(X, n_steps, X_future, y)``
  and exogenous columns, fitted on them with ``output_feedback=True`` and run over their known
  future instead), or no ``forecast`` but ``input_delays``
  (input taps only, the focused time-delay networks: ``predict`` over the known future inputs).
  Their ``input_delays`` are :math:`0..L` and their ``feedback_delays`` :math:`1..L`
  (``--lags L``); sequence models with neither (the simple recurrent networks) are no
  forecasters and are named in the footer;
* lag-feature rows, a regressor on the lags :math:`y(t-1..t-L)` of the target and
  :math:`u(t..t-L)` of every exogenous column (the same taps as the NARX row: the open-loop rows
  of :func:`zoo._core.delays.delay_rows`), forecast recursively (its forecasts fed back as lags,
  by :func:`zoo._core.delays.simulate`, as skforecast's ``ForecasterRecursive`` does):
  scikit-learn's ``Ridge`` and the zoo regressors the command names (``lag_models``, the
  command line's default); ``--models`` selects among every zoo regressor of real features;
* ``(persistence)``: the last observed value, repeated, as the reference line.
"""

import csv
import dataclasses
import inspect
import os
import time
import warnings

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.exceptions import ConvergenceWarning

from .._core.delays import delay_rows, pad_front, simulate, trainable_steps
from ._errors import CLIError
from .datasets import _cell, _parse_dates, _parse_number, _row_number
from .discovery import discover_estimators

__all__ = [
    "MAX_ORIGINS",
    "Series",
    "SeriesModel",
    "build_series_models",
    "compare_series",
    "forecast_protocol",
    "load_series",
]

#: Forecast origins per fold at most, evenly spread over its test stretch.
MAX_ORIGINS = 20


@dataclasses.dataclass
class Series:
    """One series: the target ``y`` ``(T,)`` and the exogenous inputs ``U`` ``(T, F)`` (None
    without any), in time order."""

    name: str
    target: str
    y: np.ndarray
    U: np.ndarray = None
    inputs: list = dataclasses.field(default_factory=list)  # names of U's columns
    notes: list = dataclasses.field(default_factory=list)  # columns left out, and why
    warnings: list = dataclasses.field(default_factory=list)

    @property
    def n_steps(self):
        return len(self.y)


def load_series(path, target, sep=",", drop=()):
    """The series of a CSV file with a header row, its rows the time steps in order.

    Every column but ``target`` and ``drop`` is an exogenous input and must hold a number in
    every cell (a series cannot skip a step): a text column or an empty cell is an error naming
    it. A date column is the time axis (left out; the rows must be in its order) and a row
    number is left out, each said in ``Series.notes``.

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "s.csv")
    >>> _ = open(path, "w").write("day,u,y\\n2024-01-01,1,2\\n2024-01-02,3,4\\n2024-01-03,5,7\\n")
    >>> s = load_series(path, "y")
    >>> s.y.tolist(), s.inputs, s.notes
    ([2.0, 4.0, 7.0], ['u'], ['day (dates: the time axis)'])
    """
    if not os.path.isfile(path):
        raise CLIError(f"dataset file not found: {path!r}")
    with open(path, newline="") as handle:
        rows = [row for row in csv.reader(handle, delimiter=sep) if row]
    if not rows:
        raise CLIError(f"{path!r} is empty.")
    header, rows = [c.strip() for c in rows[0]], rows[1:]
    if target is None:
        raise CLIError(
            f"a series needs --target COLUMN; the columns of {path!r} are: {', '.join(header)}."
        )
    for name, what in [(target, "target column")] + [(d, "--drop column") for d in drop]:
        if name not in header:
            raise CLIError(
                f"{what} {name!r} is not in {path!r}; its columns are: {', '.join(header)}"
                + ("." if len(header) > 1 else f" (is the separator {sep!r} right? see --sep).")
            )
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise CLIError(
                f"{path!r} line {number} has {len(row)} fields; the header has {len(header)}."
            )
    columns, inputs, notes = {}, [], []
    for i, name in enumerate(header):
        if name in drop:
            continue
        cells = [_cell(row[i]) for row in rows]
        numbers = [_parse_number(c) for c in cells]
        bad = next((k for k, v in enumerate(numbers) if v is None or not np.isfinite(v)), None)
        if bad is not None and name != target:
            days = _parse_dates(cells)
            if days is not None and not np.isnan(days).any():
                if np.any(np.diff(days) < 0):
                    raise CLIError(
                        f"the rows of {path!r} are not in the order of its dates "
                        f"{name!r}; sort the file by them."
                    )
                notes.append(f"{name} (dates: the time axis)")
                continue
        if bad is not None:
            what = "target column" if name == target else "column"
            found = "an empty cell" if not cells[bad] else f"{cells[bad]!r}"
            raise CLIError(
                f"{what} {name!r} is not numeric: line {bad + 2} is {found}; a series compares "
                "numbers at every step"
                + ("." if name == target else f"; fix the cell or --drop {name}.")
            )
        column = np.array(numbers, dtype=float)
        if name != target and _row_number(column) is not None:
            notes.append(f"{name} ({_row_number(column)})")
            continue
        columns[name] = column
        if name != target:
            inputs.append(name)
    name = os.path.splitext(os.path.basename(path))[0]
    U = np.column_stack([columns[c] for c in inputs]) if inputs else None
    return Series(name, target, columns[target], U, inputs, notes)


def forecast_protocol(cls):
    """``(protocol, None)`` for a class that can forecast a series, ``(None, why)`` otherwise.

    The protocol is read from the form of its ``forecast`` method: ``"exogenous"``
    (``forecast(n_steps, X_future, y_past, X_past)``), ``"autonomous"`` (``forecast(n_steps,
    y_past)``: fitted on the series alone), ``"generative"`` (``forecast(X, n_steps)``: fitted
    one step ahead on one sequence of one feature, ``X = y[:-1]``, ``y = y[1:]``); without
    one, ``"input_taps"`` for a network with ``input_delays`` (its ``predict`` runs over known
    inputs).

    >>> class Autoregression:
    ...     def forecast(self, n_steps, y_past=None): ...
    >>> class Focused:
    ...     def __init__(self, input_delays=(0, 1)): ...
    >>> forecast_protocol(Autoregression), forecast_protocol(Focused)
    (('autonomous', None), ('input_taps', None))
    >>> forecast_protocol(object)[1]
    'no forecast method and no input_delays: a sequence model, not a forecaster'
    """
    forecast = getattr(cls, "forecast", None)
    if forecast is not None:
        names = list(inspect.signature(forecast).parameters)[1:]
        if "X_future" in names and "y_past" in names:
            return "exogenous", None
        if names[:1] == ["n_steps"] and "y_past" in names:
            return "autonomous", None
        if names[:2] == ["X", "n_steps"]:
            return "generative", None
        return None, f"its forecast{inspect.signature(forecast)} is no form zoo compare knows"
    if "input_delays" in inspect.signature(cls).parameters:
        return "input_taps", None
    return None, "no forecast method and no input_delays: a sequence model, not a forecaster"


def _takes_future_inputs(cls):
    """Whether a generative forecaster also runs over known future inputs, ``forecast(X,
    n_steps, X_future, y)``: then it reads the exogenous columns, its output fed back."""
    names = inspect.signature(cls.forecast).parameters
    return "X_future" in names and "y" in names


class _LagForecaster(BaseEstimator):
    """A regressor on the open-loop rows of a delay network, forecast recursively: the
    ``"exogenous"`` protocol for any regressor (without inputs, ``X`` is None).

    >>> from sklearn.linear_model import LinearRegression
    >>> y = 0.9 ** np.arange(10.0)  # y(t) = 0.9 y(t-1)
    >>> lag = _LagForecaster(LinearRegression(), (), (1,)).fit(None, y[:8])
    >>> lag.forecast(2, y_past=y[:8]).round(6).tolist() == y[8:].round(6).tolist()
    True
    """

    def __init__(self, estimator, input_delays=(), feedback_delays=(1,)):
        self.estimator = estimator
        self.input_delays = input_delays
        self.feedback_delays = feedback_delays

    def fit(self, X, y):
        D = max(self.input_delays + self.feedback_delays)
        Y = np.asarray(y, dtype=float).reshape(1, -1, 1)
        U = np.asarray(X, dtype=float)[np.newaxis] if self.input_delays else None
        seqs, steps = trainable_steps([Y.shape[1]], Y.shape[1], D)
        rows = delay_rows(
            None if U is None else pad_front(U, D),
            pad_front(Y, D),
            D,
            seqs,
            steps,
            self.input_delays,
            self.feedback_delays,
        )
        self.estimator_ = clone(self.estimator).fit(rows, Y[0, steps, 0])
        return self

    def forecast(self, n_steps, X_future=None, y_past=None, X_past=None):
        D = max(self.input_delays + self.feedback_delays)
        Y = np.zeros((1, D + n_steps, 1))
        Y[0, :D, 0] = y_past[-D:]
        U = None
        if self.input_delays:
            U = np.concatenate([X_past[-D:], X_future])[np.newaxis]
        forward = lambda rows: np.asarray(self.estimator_.predict(rows)).reshape(len(rows), 1)  # noqa: E731
        simulate(forward, U, Y, 0, D, self.input_delays, self.feedback_delays)
        return Y[0, D:, 0]


@dataclasses.dataclass
class SeriesModel:
    """One row: an unfitted estimator and how it is fitted and asked to forecast."""

    name: str
    family: str
    estimator: object
    protocol: str  # "exogenous", "autonomous", "generative" or "input_taps"
    exogenous: bool  # whether it reads the exogenous columns
    lag_features: bool = False  # a regressor on lag rows, forecast recursively

    @property
    def keys(self):
        """Lower-case names ``--models`` selects it by: the row, the class, the family."""
        inner = getattr(self.estimator, "estimator", self.estimator)
        return {self.name.lower(), type(inner).__name__.lower(), self.family.lower()}


def _settings(estimator, lags, random_state, exogenous=False):
    params = estimator.get_params()
    settings = {}
    if "input_delays" in params:
        settings["input_delays"] = tuple(range(0, lags + 1))
    if "feedback_delays" in params:
        settings["feedback_delays"] = tuple(range(1, lags + 1))
    if "output_feedback" in params and exogenous:  # the exogenous inputs, its output fed back
        settings["output_feedback"] = True
    if "random_state" in params:
        settings["random_state"] = random_state
    return estimator.set_params(**settings)


def _candidates(series, lags, random_state):
    """Every row this series allows and ``{name: reason}`` of the estimators left out."""
    from sklearn.linear_model import Ridge

    exogenous = series.U is not None
    models, left_out, lag_rows = [], {}, []
    for info in discover_estimators():
        if info.task != "regressor" or info.compare_params is None:
            continue
        if info.input_domain != "sequences":
            if info.input_domain == "real":
                lag_rows.append((info.name, info.family, info.cls(**info.compare_params)))
            continue
        protocol, why = forecast_protocol(info.cls)
        if protocol is None:
            left_out[info.name] = why
            continue
        if protocol in ("exogenous", "input_taps") and not exogenous:
            left_out[info.name] = "it needs exogenous inputs and the series has none"
            continue
        reads_inputs = protocol in ("exogenous", "input_taps") or (
            protocol == "generative" and exogenous and _takes_future_inputs(info.cls)
        )
        estimator = _settings(info.cls(**info.compare_params), lags, random_state, reads_inputs)
        models.append(SeriesModel(info.name, info.family, estimator, protocol, reads_inputs))
    lag_rows.append(("sklearn.Ridge", "sklearn", Ridge()))
    inputs = tuple(range(0, lags + 1)) if exogenous else ()
    feedback = tuple(range(1, lags + 1))
    for name, family, estimator in lag_rows:
        if "random_state" in estimator.get_params():
            estimator.set_params(random_state=random_state)
        lag = _LagForecaster(estimator, inputs, feedback)
        models.append(SeriesModel(f"{name} on lags", family, lag, "exogenous", exogenous, True))
    return models, left_out


def build_series_models(series, lags=2, random_state=0, select=None, lag_models=()):
    """The rows of a series comparison, and ``{name: reason}`` of the estimators left out.

    Without ``select``: every forecaster the series allows, scikit-learn's ``Ridge`` on lags and
    the zoo regressors of real features that ``lag_models`` names (class names) on lags.
    ``select`` names rows, classes or families (any zoo regressor of real features joins as a
    lag-feature row); an unknown name is an error listing the valid ones.
    """
    models, left_out = _candidates(series, lags, random_state)
    lag_names = {m.name[: -len(" on lags")].lower() for m in models if m.lag_features}
    unknown = sorted({n.lower() for n in lag_models} - lag_names)
    if unknown:
        raise CLIError(
            f"--lag-models: no zoo regressor of real features named {', '.join(unknown)}; "
            f"choose from {', '.join(sorted(n for n in lag_names if '.' not in n))}."
        )
    if not select:
        defaults = {f"{n} on lags".lower() for n in (*lag_models, "sklearn.Ridge")}
        return [m for m in models if not m.lag_features or m.name.lower() in defaults], left_out
    keys = {s.strip().lower() for s in select if s.strip()}
    known = set().union(*(m.keys for m in models)) | {name.lower() for name in left_out}
    unknown = sorted(keys - known)
    if unknown:
        names = sorted({m.name for m in models} | {m.family for m in models})
        raise CLIError(
            f"--models: no forecaster, lag-feature regressor or family named "
            f"{', '.join(unknown)} for this series; choose from {', '.join(names)}."
        )
    return [m for m in models if m.keys & keys], {
        name: why for name, why in left_out.items() if name.lower() in keys
    }


def folds_and_origins(n_steps, cv, horizon, lags, max_origins=MAX_ORIGINS):
    """``[(train, origins)]``: each ``TimeSeriesSplit`` fold's training steps and its forecast
    origins (the first forecast step of each, ``horizon`` steps inside the test stretch).

    >>> [(len(tr), o.tolist()) for tr, o in folds_and_origins(40, 3, 5, 1, max_origins=3)]
    [(10, [10, 12, 15]), (20, [20, 22, 25]), (30, [30, 32, 35])]
    """
    from sklearn.model_selection import TimeSeriesSplit

    if cv < 2:
        raise CLIError("--cv must be at least 2.")
    if horizon < 1:
        raise CLIError(f"--horizon must be a positive number of steps; got {horizon}.")
    if lags < 1:
        raise CLIError(f"--lags must be at least 1; got {lags}.")
    fold = n_steps // (cv + 1)
    if horizon > fold:
        raise CLIError(
            f"--horizon {horizon} is longer than a fold: {cv} folds of the {n_steps} steps test "
            f"{fold} steps each; lower --horizon or --cv."
        )
    first_train = n_steps - cv * fold
    if first_train < 4 * (lags + 1):
        raise CLIError(
            f"the first fold trains on {first_train} steps, too few for {lags} lags; lower --cv "
            "or --lags, or give a longer series."
        )
    out = []
    for train, test in TimeSeriesSplit(n_splits=cv).split(np.zeros(n_steps)):
        last = test[-1] + 1 - horizon
        origins = np.unique(np.linspace(test[0], last, min(max_origins, last - test[0] + 1)))
        out.append((train, origins.round().astype(int)))
    return out


def _fit(model, y, U):
    """Fit a clone of ``model.estimator`` on the standardised training stretch."""
    estimator = clone(model.estimator)
    if model.protocol == "autonomous":
        return estimator.fit(y)
    if model.protocol == "generative" and model.exogenous:
        return estimator.fit(U[np.newaxis], y[np.newaxis])
    if model.protocol == "generative":
        return estimator.fit(y[np.newaxis, :-1, np.newaxis], y[np.newaxis, 1:])
    return estimator.fit(U if model.exogenous else None, y)


def _forecast(model, estimator, y, U, origin, horizon):
    """The ``horizon`` forecasts from ``origin`` given the (standardised) true history."""
    if model.protocol == "autonomous":
        return estimator.forecast(horizon, y_past=y[:origin])
    if model.protocol == "generative" and model.exogenous:
        X_future = U[np.newaxis, origin : origin + horizon]
        return estimator.forecast(
            U[np.newaxis, :origin], horizon, X_future, y[np.newaxis, :origin]
        )[0]
    if model.protocol == "generative":
        return estimator.forecast(y[np.newaxis, :origin, np.newaxis], n_steps=horizon)[0]
    X_future = U[origin : origin + horizon] if model.exogenous else None
    if model.protocol == "input_taps":
        return estimator.predict(U[: origin + horizon])[origin:]
    X_past = U[:origin] if model.exogenous else None
    return estimator.forecast(horizon, X_future=X_future, y_past=y[:origin], X_past=X_past)


def _fit_and_forecast(job, model, y, U, train, origins, horizon):
    """One fold: standardise by the training stretch, fit, forecast from every origin; the
    errors ``(n_origins, horizon)`` in the target's units. Runs in a worker."""
    out = dict(job)
    try:
        mean, std = y[train].mean(), y[train].std() or 1.0
        ys = (y - mean) / std
        Us = None
        if U is not None:
            u_std = U[train].std(axis=0)
            Us = (U - U[train].mean(axis=0)) / np.where(u_std > 0, u_std, 1.0)
        n = len(train)  # the fit sees steps 0..n-1 only
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            start, start_cpu = time.perf_counter(), time.process_time()
            estimator = _fit(model, ys[:n], None if Us is None else Us[:n])
            out["fit_time"] = time.perf_counter() - start
            out["fit_cpu_time"] = time.process_time() - start_cpu
            start = time.perf_counter()
            errors = np.empty((len(origins), horizon))
            for k, origin in enumerate(origins):
                forecast = np.asarray(_forecast(model, estimator, ys, Us, origin, horizon))
                forecast = forecast.reshape(-1)[:horizon] * std + mean
                if forecast.shape != (horizon,) or not np.isfinite(forecast).all():
                    raise ValueError(f"the forecast from step {origin} is not {horizon} numbers")
                errors[k] = forecast - y[origin : origin + horizon]
            out["forecast_time"] = time.perf_counter() - start
        out["errors"] = errors.tolist()
        out["converged"] = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    except Exception as error:  # one failing model must not end the comparison
        out["error"] = f"{type(error).__name__}: {error}"
    return out


def _nrmse(errors, scale):
    """Per-step and overall NRMSE of ``errors`` ``(n, horizon)``."""
    errors = np.asarray(errors)
    return np.sqrt(np.mean(errors**2, axis=0)) / scale, float(np.sqrt(np.mean(errors**2)) / scale)


def compare_series(
    series,
    models,
    horizon,
    cv=5,
    lags=2,
    n_jobs=1,
    backend="loky",
    scheduler=None,
    progress=None,
    left_out=None,
    max_origins=MAX_ORIGINS,
):
    """Rolling-origin evaluation of every model on ``series``; one dict per row, best first.

    Returns
    -------
    dict
        ``{"dataset", "task": "forecasting", "target", "inputs", "horizon", "cv", "lags",
        "n_steps", "n_origins", "scale", "persistence", "results": [...]}``; each result has
        ``model``, ``family``, ``exogenous``, ``protocol``, ``nrmse`` (overall), ``nrmse_std``
        (of the folds' overall NRMSE), ``nrmse_by_step`` (``horizon`` values), ``fit_time``,
        ``fit_cpu_time`` (per fit), ``forecast_time`` (all origins of a fold), ``converged``,
        ``error``.
    """
    from joblib import Parallel, delayed

    from .run import _parallel_config

    folds = folds_and_origins(series.n_steps, cv, horizon, lags, max_origins)
    y, U = series.y, series.U
    tested = np.concatenate([np.arange(o[0], o[-1] + horizon) for _, o in folds])
    scale = float(y[np.unique(tested)].std()) or 1.0
    jobs = [
        ({"model": i, "fold": f, "n_folds": cv}, train, origins)
        for i in range(len(models))
        for f, (train, origins) in enumerate(folds)
    ]
    outputs, interrupted = [], False
    if backend == "dask":
        n_jobs = -1
    with _parallel_config(backend, scheduler):
        parallel = Parallel(n_jobs=n_jobs, return_as="generator_unordered")
        try:
            for out in parallel(
                delayed(_fit_and_forecast)(job, models[job["model"]], y, U, tr, o, horizon)
                for job, tr, o in jobs
            ):
                if "errors" in out:
                    out["score"] = _nrmse(out["errors"], scale)[1]
                outputs.append(out)
                if progress is not None:
                    progress(len(outputs), len(jobs), models[out["model"]], {}, out, cv)
        except KeyboardInterrupt:
            interrupted = True
    persistence = [
        y[o : o + horizon] - y[o - 1] for _, origins in folds for o in origins
    ]  # the last observed value, repeated
    results = [
        _summarise(m, [o for o in outputs if o["model"] == i], cv, scale)
        for i, m in enumerate(models)
    ]
    results.sort(key=lambda r: (r["error"] is not None, r["nrmse"] or 0.0))
    by_step, overall = _nrmse(persistence, scale)
    return {
        "dataset": series.name,
        "task": "forecasting",
        "target": series.target,
        "inputs": list(series.inputs),
        "notes": list(series.notes),
        "horizon": horizon,
        "cv": cv,
        "lags": lags,
        "n_steps": series.n_steps,
        "n_origins": int(sum(len(o) for _, o in folds)),
        "train_sizes": [len(train) for train, _ in folds],
        "scale": scale,
        "persistence": {"nrmse": overall, "nrmse_by_step": by_step.tolist()},
        "left_out": dict(left_out or {}),
        "interrupted": interrupted,
        "n_fits": len(jobs),
        "n_fits_done": len(outputs),
        "results": results,
    }


def _summarise(model, outputs, n_folds, scale):
    row = {
        "model": model.name,
        "family": model.family,
        "exogenous": model.exogenous,
        "protocol": model.protocol,
        "nrmse": None,
        "nrmse_std": None,
        "nrmse_by_step": [],
        "fit_time": None,
        "fit_cpu_time": None,
        "forecast_time": None,
        "converged": True,
        "error": None,
    }
    errors = [o["error"] for o in outputs if "error" in o]
    if errors or len(outputs) < n_folds:
        row["error"] = errors[0] if errors else "interrupted"
        return row
    outputs = sorted(outputs, key=lambda o: o["fold"])
    by_step, overall = _nrmse(np.concatenate([o["errors"] for o in outputs]), scale)
    row.update(
        nrmse=overall,
        nrmse_std=float(np.std([o["score"] for o in outputs])),
        nrmse_by_step=by_step.tolist(),
        fit_time=float(np.mean([o["fit_time"] for o in outputs])),
        fit_cpu_time=float(np.mean([o["fit_cpu_time"] for o in outputs])),
        forecast_time=float(np.mean([o["forecast_time"] for o in outputs])),
        converged=all(o["converged"] for o in outputs),
    )
    return row
