"""``zoo compare SERIES.csv --target COL --horizon H``: forecasters on one series by rolling
origin (:mod:`zoo.compare.series`). Run in-process on a noisy sine driven by an exogenous input,
as a user would; the leak tests check that no fold learns from its future."""

import json

import numpy as np
import pytest
from sklearn.base import BaseEstimator, RegressorMixin

import zoo
from zoo.cli import main
from zoo.compare.series import (
    _fit_and_forecast,
    build_series_models,
    folds_and_origins,
    forecast_protocol,
    load_series,
)
from zoo.compare.table import render_series_table

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

HORIZON = 4


def sine_series(n=300, seed=0):
    """y(t) = sin(2πt/25) + 0.5 u(t-1) + noise: a sine the exogenous input u pushes about."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    u = rng.normal(size=n)
    y = np.sin(2 * np.pi * t / 25) + 0.5 * np.r_[0.0, u[:-1]] + 0.05 * rng.normal(size=n)
    return u, y


def write_csv(path, columns):
    names = list(columns)
    with open(path, "w") as handle:
        handle.write(",".join(names) + "\n")
        for values in zip(*columns.values()):
            handle.write(",".join(str(v) for v in values) + "\n")
    return str(path)


@pytest.fixture(scope="module")
def sine_csv(tmp_path_factory):
    u, y = sine_series()
    path = tmp_path_factory.mktemp("series") / "sine.csv"
    return write_csv(path, {"step": np.arange(len(y)), "u": u.round(6), "y": y.round(6)})


def run(capsys, *args):
    code = main(["compare", *args, "--n-jobs", "1"])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def summary(sine_csv):
    """One default comparison (JSON), shared by the tests that read it."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        argv = [sine_csv, "--target", "y", "--horizon", str(HORIZON), "--lags", "3"]
        code = main(["compare", *argv, "--n-jobs", "1", "--json", "--quiet"])
    assert code == 0
    return json.loads(out.getvalue())


def test_default_rows_are_the_forecasters_and_the_lag_baselines(summary):
    rows = {r["model"]: r for r in summary["results"]}
    assert {
        "NARXRegressor",
        "NARRegressor",
        "TimeDelayRegressor",
        "EchoStateRegressor",
        "MLPRegressor on lags",
        "RBFRegressor on lags",
        "sklearn.Ridge on lags",
    } <= set(rows)
    # who reads the exogenous column: NARX, the focused TDNN, the lag rows and the ESN (driven
    # by it over the horizon, its output fed back); NAR the target alone
    assert rows["NARXRegressor"]["exogenous"] and rows["TimeDelayRegressor"]["exogenous"]
    assert rows["MLPRegressor on lags"]["exogenous"] and rows["EchoStateRegressor"]["exogenous"]
    assert not rows["NARRegressor"]["exogenous"]
    # sequence models without a forecast are named with the reason, not silently dropped
    assert "no forecast method" in summary["left_out"]["ElmanRegressor"]
    assert summary["notes"] == ["step (consecutive integers 0 to 299 in file order: a row number)"]
    for r in summary["results"]:
        assert r["error"] is None, r
        assert len(r["nrmse_by_step"]) == HORIZON and r["fit_time"] >= 0
    # rows best first
    assert [r["nrmse"] for r in summary["results"]] == sorted(
        r["nrmse"] for r in summary["results"]
    )


def test_forecasters_beat_persistence_on_the_driven_sine(summary):
    """The task NARX is known for: with the exogenous input's lags, its closed-loop forecast
    is far better than repeating the last value (measured: NARX 0.350, Ridge on lags 0.419,
    persistence 0.976 on this series)."""
    rows = {r["model"]: r for r in summary["results"]}
    persistence = summary["persistence"]["nrmse"]
    assert persistence > 0.9
    assert rows["NARXRegressor"]["nrmse"] < 0.6 * persistence
    assert rows["sklearn.Ridge on lags"]["nrmse"] < 0.6 * persistence
    # a closed loop compounds its errors: step 1 is the easiest
    narx = rows["NARXRegressor"]["nrmse_by_step"]
    assert narx[0] < narx[-1]


def test_the_table_columns(summary, sine_csv, capsys):
    table = render_series_table(summary)
    header = table.splitlines()[0].split()
    assert header[:4] == ["model", "family", "inputs", "nrmse"]
    assert header[4 : 4 + HORIZON] == [f"h={h}" for h in range(1, HORIZON + 1)]
    assert " ".join(header[4 + HORIZON :]) == "fit (s) forecast (s)"
    assert "(persistence)" in table and "Rolling origin: 5 TimeSeriesSplit folds" in table
    # as printed by the command, with progress lines naming the figure
    code, out, err = run(
        capsys, sine_csv, "--target", "y", "--horizon", "2", "--models", "ridge,NARRegressor"
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:6] == ["model", "family", "inputs", "nrmse", "h=1", "h=2"]
    assert {line.split()[0] for line in lines[2:5]} == {
        "sklearn.Ridge",
        "NARRegressor",
        "(persistence)",
    }
    assert "2 forecasters on sine (300 steps, target y, 1 exogenous)" in err
    assert "nrmse" in err.splitlines()[1]


class Memoriser(RegressorMixin, BaseEstimator):
    """Remembers every training row's target and looks the forecast steps' inputs up: perfect
    when the future was in its training data, the mean (0, standardised) when it was not."""

    _input_domain = "sequences"

    def fit(self, X, y):
        self.table_ = {row.tobytes(): value for row, value in zip(np.asarray(X), y)}
        return self

    def predict(self, X):
        return np.array([self.table_.get(row.tobytes(), 0.0) for row in np.asarray(X)])

    def forecast(self, n_steps, X_future=None, y_past=None, X_past=None):
        return self.predict(X_future)


def test_a_memoriser_cannot_see_the_future(sine_csv, capsys, monkeypatch):
    """Folds train on the past only: a model that memorises its training steps forecasts
    the mean (NRMSE about 1), though it is perfect on steps it was trained on."""
    assert forecast_protocol(Memoriser) == ("exogenous", None)  # it joins without an edit
    u, y = sine_series()
    monkeypatch.setattr(zoo, "Memoriser", Memoriser, raising=False)
    monkeypatch.setattr(zoo, "__all__", [*zoo.__all__, "Memoriser"])
    series = load_series(sine_csv, "y")
    (model,) = build_series_models(series, select=["Memoriser"])[0]
    # leaky on purpose: trained on every step, it forecasts the last steps exactly
    everything = np.arange(len(y))
    leak = _fit_and_forecast({}, model, y, u[:, None], everything, [280], 5)
    assert np.abs(leak["errors"]).max() < 1e-9
    # through the command: trained on the past, it knows nothing of the future
    code, out, _ = run(capsys, sine_csv, "--target", "y", "--horizon", "5", "--models",
                       "Memoriser", "--json", "--quiet")  # fmt: skip
    assert code == 0
    (row,) = json.loads(out)["results"]
    assert row["model"] == "Memoriser" and row["error"] is None
    assert row["nrmse"] > 0.8


def test_a_fold_reads_nothing_after_its_forecasts(sine_csv):
    """Changing every step after a fold's last forecast step leaves its errors unchanged: the
    standardisation, the fit and the forecasts read the past (and the known inputs of the
    forecast steps) only."""
    u, y = sine_series()
    series = load_series(sine_csv, "y")
    models, _ = build_series_models(series, lags=2, select=["NARXRegressor", "ridge"])
    train, origins = folds_and_origins(len(y), 5, 5, 2)[0]
    end = origins[-1] + 5
    y2, u2 = y.copy(), u.copy()
    y2[end:] = 100.0
    u2[end:] = -100.0
    for model in models:
        first = _fit_and_forecast({}, model, y, u[:, None], train, origins, 5)
        second = _fit_and_forecast({}, model, y2, u2[:, None], train, origins, 5)
        assert first["errors"] == second["errors"], model.name


@pytest.mark.parametrize(
    "args, message",
    [
        (["--target", "nope", "--horizon", "3"], "target column 'nope' is not in"),
        (["--target", "y", "--horizon", "60"], "--horizon 60 is longer than a fold: 5 folds"),
        (["--target", "y", "--horizon", "0"], "--horizon must be a positive number"),
        (["--target", "y", "--horizon", "3", "--lags", "0"], "--lags must be at least 1"),
        (["--target", "y", "--horizon", "3", "--cv", "40", "--lags", "5"], "20 steps, too few"),
        (["--target", "y", "--horizon", "3", "--param", "alpha=1"], "--param is for a table"),
        (["--target", "y", "--horizon", "3", "--models", "Nope"], "no forecaster, lag-feature"),
        (["--target", "y", "--lags", "3"], "--lags is for a series: give --horizon"),
    ],
)
def test_errors(sine_csv, capsys, args, message):
    code, _, err = run(capsys, sine_csv, *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_unknown_column_lists_the_columns(sine_csv, capsys):
    code, _, err = run(capsys, sine_csv, "--target", "y", "--horizon", "3", "--drop", "v")
    assert code == 2
    assert "--drop column 'v' is not in" in err and "its columns are: step, u, y" in err


def test_non_numeric_columns(tmp_path, capsys):
    u, y = sine_series(60)
    text = ["a" if k % 2 else "b" for k in range(60)]
    path = write_csv(tmp_path / "text.csv", {"u": u, "kind": text, "y": y})
    code, _, err = run(capsys, path, "--target", "y", "--horizon", "3")
    assert code == 2
    assert "column 'kind' is not numeric: line 2 is 'b'" in err and "--drop kind" in err
    # dropped, the series compares
    assert load_series(path, "y", drop=["kind"]).inputs == ["u"]
    # an empty cell in the target: a series cannot skip a step
    gap = [str(v) for v in y]
    gap[10] = ""
    path = write_csv(tmp_path / "gap.csv", {"u": u, "y": gap})
    code, _, err = run(capsys, path, "--target", "y", "--horizon", "3")
    assert code == 2 and "target column 'y' is not numeric: line 12 is an empty cell" in err


def test_dates_are_the_time_axis_and_must_be_in_order(tmp_path):
    days = [f"2024-01-{d:02d}" for d in range(1, 29)]
    u, y = sine_series(28)
    path = write_csv(tmp_path / "dated.csv", {"date": days, "u": u, "y": y})
    series = load_series(path, "y")
    assert series.inputs == ["u"] and series.notes == ["date (dates: the time axis)"]
    path = write_csv(tmp_path / "shuffled.csv", {"date": days[::-1], "u": u, "y": y})
    from zoo.compare import CLIError

    with pytest.raises(CLIError, match="not in the order of its dates 'date'"):
        load_series(path, "y")


def test_target_alone(tmp_path, capsys):
    """Without exogenous columns the networks that need them are left out with the reason,
    and the lag rows use the target's lags only."""
    _, y = sine_series(200)
    path = write_csv(tmp_path / "alone.csv", {"y": y})
    code, out, _ = run(capsys, path, "--target", "y", "--horizon", "3", "--json", "--quiet",
                       "--models", "NARXRegressor,NARRegressor,ridge")  # fmt: skip
    assert code == 0
    summary = json.loads(out)
    assert summary["inputs"] == []
    assert {r["model"] for r in summary["results"]} == {"NARRegressor", "sklearn.Ridge on lags"}
    assert summary["left_out"] == {
        "NARXRegressor": "it needs exogenous inputs and the series has none"
    }
    assert all(not r["exogenous"] for r in summary["results"])
