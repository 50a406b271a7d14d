"""The ``zoo`` command line and its engine :mod:`zoo.compare`: tables, JSON and reports,
``zoo list``, the rules that turn a discovered estimator into a row, Dask scale-out.

The subprocess tests run the CLI as a user does; the rest call :func:`zoo.cli.main` in-process to
keep the suite fast.
"""

import inspect
import json
import pathlib
import re
import struct
import subprocess
import sys

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.preprocessing import Binarizer, MinMaxScaler, StandardScaler

import zoo
import zoo.compare
from zoo.cli import main
from zoo.compare import (
    DATASETS,
    INPUT_DOMAINS,
    CLIError,
    build_models,
    compare,
    discover_estimators,
    first_reference,
    load_csv,
    load_dataset,
    parse_param,
    render_table,
    subsample,
)

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def run_zoo(*args, timeout=300):
    """``python -m zoo ARGS`` in a subprocess: (exit status, stdout, stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "zoo", *args], capture_output=True, text=True, timeout=timeout
    )
    return done.returncode, done.stdout, done.stderr


def png_size(data):
    """(width, height) from the IHDR chunk of PNG bytes, after checking the signature."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def assert_real_image(data, size, name=""):
    import io

    import matplotlib.image

    assert png_size(data) == size, name
    pixels = matplotlib.image.imread(io.BytesIO(data), format="png")
    assert pixels.shape[:2] == (size[1], size[0])
    assert pixels[..., :3].std() > 0.01, f"{name} is blank"


def embedded_images(page):
    """``{heading: PNG bytes}`` of the images embedded in a report page."""
    import base64

    found = re.findall(
        r"<h2>([^<]*)</h2><img alt='[^']*' src='data:image/png;base64,([^']*)'", page
    )
    return {title: base64.b64decode(data) for title, data in found}


# ----------------------------------------------------------------------------- as a user runs it


def test_compare_subprocess_prints_a_sorted_table_and_progress():
    status, out, err = run_zoo(
        "compare",
        "--dataset",
        "iris",
        "--cv",
        "2",
        "--n-jobs",
        "1",
        "--models",
        "Perceptron,sklearn.LogisticRegression",
    )
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["model", "family", "accuracy", "fit", "(s)", "predict", "(s)"]
    rows = lines[2 : lines.index("")]  # the table ends at the blank line before its notes
    rows = [line for line in rows if not line.startswith("(chance level)")]
    assert [r.split()[0].rstrip("*") for r in rows] == ["sklearn.LogisticRegression", "Perceptron"]
    means = [float(r.split()[2]) for r in rows]
    assert means == sorted(means, reverse=True)
    assert means[0] > 0.9  # a linear model separates iris well
    # one progress line per finished fit (2 models x 2 folds), on stderr only
    assert len([line for line in err.splitlines() if line.startswith("[")]) == 4
    assert not any(line.startswith("[") for line in lines)


def test_compare_json(capsys):
    assert (
        main(
            [
                "compare",
                "--n-jobs",
                "1",
                "--dataset",
                "wine",
                "--cv",
                "2",
                "--json",
                "--quiet",
                "--models",
                "MLPClassifier,sklearn.LogisticRegression",
            ]
        )
        == 0
    )
    out, err = capsys.readouterr()
    assert err == ""
    summary = json.loads(out)
    assert summary["dataset"] == "wine" and summary["cv"] == 2
    assert summary["scoring"] == "accuracy" and summary["n_samples"] == 178
    rows = {r["model"]: r for r in summary["results"]}
    assert set(rows) == {"MLPClassifier", "sklearn.LogisticRegression"}
    for row in rows.values():
        assert row["error"] is None
        assert len(row["scores"]) == 2
        assert row["mean"] == pytest.approx(np.mean(row["scores"]))
        assert row["mean"] > 0.85
        assert row["fit_time"] > 0 and row["predict_time"] > 0
        assert np.sum(row["confusion"]) == 178  # every sample held out exactly once
    assert rows["MLPClassifier"]["family"] == "mlp"
    assert len(rows["MLPClassifier"]["loss_curve"]) > 1  # iterative model: a loss curve


def test_list_subprocess_names_every_export():
    status, out, err = run_zoo("list", "--json")
    assert status == 0, err
    listed = {entry["name"]: entry for entry in json.loads(out)}
    exported = [n for n in zoo.__all__ if isinstance(getattr(zoo, n), type)]
    assert set(listed) == set(exported)
    assert listed["MLPClassifier"] == {
        "name": "MLPClassifier",
        "family": "mlp",
        "task": "classifier",
        "paper": listed["MLPClassifier"]["paper"],
        "partial_fit": True,
    }
    assert listed["MLPRegressor"]["task"] == "regressor"
    for entry in listed.values():
        assert entry["task"] in {"classifier", "regressor", "clusterer", "transformer", "other"}


# ----------------------------------------------------------------------------- report


def test_report_is_one_self_contained_page(tmp_path):
    report = tmp_path / "report"
    report.mkdir()
    (report / "confusion_Old.png").write_bytes(b"an earlier run's picture")
    (report / "notes.txt").write_text("the user's own file")
    # two worker processes (joblib's loky backend, the command's default of all cores)
    status = main(
        [
            "compare",
            "--n-jobs",
            "2",
            "--dataset",
            "xor",
            "--cv",
            "2",
            "--quiet",
            "--report",
            str(report),
            "--models",
            "Perceptron,MLPClassifier",
        ]
    )
    assert status == 0
    assert sorted(p.name for p in report.iterdir()) == ["notes.txt", "report.html", "results.json"]
    page = (report / "report.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "<title>zoo compare: xor</title>" in page
    assert "<th title='click to sort'>accuracy</th>" in page and "<script>" in page
    assert "(chance level)" in page and "scikit-learn" in page and zoo.__version__ in page
    assert not re.search(r"(src|href)=['\"]?(http|//|[a-z_]+\.png)", page)  # nothing outside
    images = embedded_images(page)
    assert list(images) == [
        "Score of each model",
        "Fit time against score",
        "Training criterion of the iterative models",
        "Confusion matrices",
        "Decision regions (each model refitted on all the data)",
    ]
    assert_real_image(images["Score of each model"], (720, 300))  # one panel: one scorer
    assert_real_image(images["Fit time against score"], (1000, 450))
    # one panel per class: the perceptron's error rate is not the MLP's log loss
    assert_real_image(images["Training criterion of the iterative models"], (700, 350))
    assert_real_image(images["Confusion matrices"], (640, 320))  # two panels of 3.2 in
    assert_real_image(images["Decision regions (each model refitted on all the data)"], (600, 300))
    summary = json.loads((report / "results.json").read_text())
    assert [r["model"] for r in summary["results"]][0] == "MLPClassifier"  # XOR needs hidden units
    assert summary["labels"] == [0, 1]  # the classes of the confusion matrices' rows


def test_every_model_gets_its_own_colour_and_marker():
    from zoo.compare.report import _styles

    names = [f"model{k}" for k in range(40)]
    styles = _styles(names)
    assert len(set(styles.values())) == 40
    assert len({colour for colour, _ in styles.values()}) == 40
    # the 26 rows of a digits comparison: no colour within a near shade of another
    colours = np.array([colour for colour, _ in _styles(names[:26]).values()])
    distances = np.linalg.norm(colours[:, None] - colours[None], axis=2)[np.triu_indices(26, 1)]
    assert distances.min() > 0.15
    luminance = colours @ [0.299, 0.587, 0.114]
    assert luminance.max() < 0.75  # no yellow or pastel lost on the white page


def test_report_renders_in_a_headless_browser(tmp_path):
    """Where Debian's chromium is installed, the page is rendered and screenshotted."""
    import shutil

    browser = next(
        (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
    )
    if browser is None:
        pytest.skip("no headless browser on this machine")
    status = main(
        ["compare", "--n-jobs", "1", "--dataset", "iris", "--cv", "2", "--quiet"]
        + ["--models", "Perceptron,PNNClassifier", "--report", str(tmp_path)]
    )
    assert status == 0
    shot = tmp_path / "page.png"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}"]
        + ["--window-size=1200,1600", (tmp_path / "report.html").as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert_real_image(shot.read_bytes(), (1200, 1600), "screenshot")


# ----------------------------------------------------------------------------- the comparison


def test_regression_standardises_the_target_of_every_regressor(capsys, tmp_path):
    """Issue 21: fed diabetes' raw targets (25-346), the MLPs scored R² -1.03; a standardised
    target gives them the R² a scikit-learn user gets with TransformedTargetRegressor."""
    status = main(
        [
            "compare",
            "--n-jobs",
            "1",
            "--dataset",
            "diabetes",
            "--cv",
            "2",
            "--json",
            "--quiet",
            "--models",
            "sklearn.Ridge,sklearn.MLPRegressor,MLPRegressor",
            "--report",
            str(tmp_path),
        ]
    )
    assert status == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["task"] == "regression" and summary["scoring"] == "r2"
    assert summary["target_scaling"] == "standard"
    rows = {r["model"]: r for r in summary["results"]}
    assert 0.3 < rows["sklearn.Ridge"]["mean"] < 0.6  # Ridge on diabetes: R² ≈ 0.48
    assert 45 < rows["sklearn.Ridge"]["rmse"] < 65  # in the target's units
    for name in ("MLPRegressor", "sklearn.MLPRegressor"):
        assert rows[name]["mean"] > 0.3, name
    assert "confusion" not in rows["sklearn.Ridge"]
    # out-of-fold predictions, in the target's units, and their plots
    predictions = np.asarray(rows["sklearn.Ridge"]["predictions"])
    assert predictions.shape == (442,) and 50 < predictions.mean() < 250
    assert abs(summary["chance"]["r2"]) < 0.05
    page = (tmp_path / "report.html").read_text()
    images = embedded_images(page)
    assert_real_image(images["Out-of-fold predictions against the true target"], (900, 300))
    assert_real_image(images["Residuals of the out-of-fold predictions"], (900, 300))
    assert "learns the target standardised" in page


def test_rmse_column_has_one_number_format():
    summary = {
        "dataset": "d",
        "task": "regression",
        "scoring": "r2",
        "cv": 2,
        "n_samples": 4,
        "n_features": 1,
        "param_grid": {},
        "results": [
            {
                "model": m,
                "family": "f",
                "mean": 0.5,
                "std": 0.1,
                "rmse": v,
                "fit_time": 1.0,
                "predict_time": 0.1,
                "converged": True,
                "error": None,
            }
            for m, v in (("a", 55.23), ("b", 61.0), ("c", 150.31))
        ],
    }
    column = [line.split()[5] for line in render_table(summary).splitlines()[2:5]]
    assert column == ["55.2", "61.0", "150.3"]


def test_every_exported_model_of_the_task_is_compared():
    digits = load_dataset("digits")
    names = {m.name.split(" + ")[0] for m in build_models(digits)}
    for info in discover_estimators():
        if info.task == "classifier":
            # a classifier that declares why it is no row (a series model) runs only by name
            assert (info.name in names) == (info.compare_exclusion is None), info.name
        if info.task == "regressor":
            assert info.name not in names
    assert {"sklearn.LogisticRegression", "sklearn.MLPClassifier"} <= names


def test_param_cross_validates_each_model_that_has_it(capsys):
    assert (
        main(
            [
                "compare",
                "--n-jobs",
                "1",
                "--dataset",
                "iris",
                "--cv",
                "2",
                "--json",
                "--quiet",
                "--models",
                "MLPClassifier,PNNClassifier",
                "--param",
                "alpha=1e-4,30",
            ]
        )
        == 0
    )
    summary = json.loads(capsys.readouterr().out)
    rows = {r["model"]: r for r in summary["results"]}
    mlp = rows["MLPClassifier"]
    assert [c["params"] for c in mlp["candidates"]] == [{"alpha": 1e-4}, {"alpha": 30}]
    # a huge weight decay shrinks the net towards a constant: the small alpha wins
    assert mlp["best_params"] == {"alpha": 1e-4}
    assert mlp["candidates"][0]["mean"] > mlp["candidates"][1]["mean"]
    assert rows["PNNClassifier"]["best_params"] == {}  # has no alpha: compared once


def test_scoring_takes_any_sklearn_scorer(capsys):
    assert (
        main(
            [
                "compare",
                "--n-jobs",
                "1",
                "--dataset",
                "iris",
                "--cv",
                "3",
                "--json",
                "--quiet",
                "--models",
                "sklearn.LogisticRegression",
                "--scoring",
                "neg_log_loss",
            ]
        )
        == 0
    )
    summary = json.loads(capsys.readouterr().out)
    (row,) = summary["results"]
    assert summary["scoring"] == "neg_log_loss"
    assert -0.3 < row["mean"] < 0  # scored from predict_proba: a log loss, not an accuracy


def test_parse_param():
    assert parse_param("alpha=1e-4, 1e-2") == ("alpha", [1e-4, 1e-2])
    assert parse_param("hidden_layer_sizes=[(16,), (8, 8)]") == (
        "hidden_layer_sizes",
        [(16,), (8, 8)],
    )
    with pytest.raises(CLIError, match="NAME=VALUE"):
        parse_param("alpha")


def test_unknown_model_and_dataset_are_clear_errors(capsys):
    assert main(["compare", "--dataset", "iris", "--models", "Hopfield"]) == 2
    err = capsys.readouterr().err
    assert "zoo: error: --models: no classification model or family named hopfield" in err
    assert "MLPClassifier" in err
    assert main(["compare", "--dataset", "mnist"]) == 2
    assert "unknown dataset 'mnist'" in capsys.readouterr().err
    assert main(["compare", "--dataset", "iris", "--scoring", "acuracy"]) == 2
    assert "--scoring 'acuracy' is not a scikit-learn scorer" in capsys.readouterr().err


def test_a_failing_model_is_reported_not_fatal(monkeypatch, capsys):
    class Broken(ClassifierMixin, BaseEstimator):
        def fit(self, X, y):
            raise ValueError("cannot learn this")

    Broken.__module__ = "zoo.broken._broken"
    monkeypatch.setattr(zoo, "Broken", Broken, raising=False)
    monkeypatch.setattr(zoo, "__all__", [*zoo.__all__, "Broken"])
    assert (
        main(
            [
                "compare",
                "--n-jobs",
                "1",
                "--dataset",
                "iris",
                "--cv",
                "2",
                "--quiet",
                "--models",
                "Broken,sklearn.LogisticRegression",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert out.splitlines()[2].startswith("sklearn.LogisticRegression")
    assert "Broken" in out and "failed" in out and "cannot learn this" in out


# ----------------------------------------------------------------------------- honest tuning (#21)


def run_main(capsys, *args):
    """``main(["compare", "--n-jobs", "1", "--quiet", *args])``: (status, stdout, stderr)."""
    status = main(["compare", "--n-jobs", "1", "--quiet", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_param_takes_tuples_as_written_in_python():
    assert parse_param("hidden_layer_sizes=(20,),(50,)") == ("hidden_layer_sizes", [(20,), (50,)])
    assert parse_param("hidden_layer_sizes=(20, 10), (5,)") == (
        "hidden_layer_sizes",
        [(20, 10), (5,)],
    )
    assert parse_param("MLPClassifier.alpha=1e-3") == ("MLPClassifier.alpha", [1e-3])
    with pytest.raises(CLIError, match="unbalanced brackets"):
        parse_param("hidden_layer_sizes=(20,,(50,)")


def test_bad_param_values_and_names_stop_before_any_fit(capsys):
    status, out, err = run_main(
        capsys, "--dataset", "iris", "--models", "MLPClassifier", "--param", "alpha=abc"
    )
    assert status == 2 and out == ""
    assert err.splitlines() == [
        "zoo: error: --param alpha='abc': MLPClassifier: The 'alpha' parameter of "
        "MLPClassifier must be a float in the range [0.0, inf) or a str among {'bayes'}. Got 'abc' "
        "instead."
    ]
    status, out, err = run_main(capsys, "--dataset", "iris", "--param", "nosuchparam=1,2")
    assert status == 2 and out == ""
    assert "--param nosuchparam: no model in this comparison has a parameter" in err
    status, _, err = run_main(capsys, "--dataset", "iris", "--param", "Hopfield.alpha=1")
    assert status == 2 and "no model or family 'Hopfield' in this comparison" in err
    status, _, err = run_main(capsys, "--dataset", "iris", "--param", "som.alpha=1")
    assert status == 2 and "no model of 'som' has a parameter 'alpha'" in err


def test_param_scoped_to_a_model_or_family_and_warned_when_bare(capsys):
    models = ["--dataset", "iris", "--cv", "2", "--json", "--models", "MLPClassifier,FuzzyARTMAP"]
    # bare: reaches the MLP's L2 penalty and ART's choice parameter, and says so
    status, out, err = run_main(capsys, *models, "--param", "alpha=1e-4,1e-2")
    assert status == 0
    assert (
        "zoo: warning: --param alpha reaches 2 families (art: FuzzyARTMAP; mlp: MLPClassifier)"
        in err
    )
    rows = {r["model"]: r for r in json.loads(out)["results"]}
    assert len(rows["FuzzyARTMAP"]["candidates"]) == len(rows["MLPClassifier"]["candidates"]) == 2
    # scoped by class, and a family scope overriding the bare name for its models
    status, out, err = run_main(
        capsys, *models, "--param", "alpha=1e-4", "--param", "art.alpha=0.5,2.0"
    )
    assert status == 0 and "warning" not in err
    rows = {r["model"]: r for r in json.loads(out)["results"]}
    assert [c["params"] for c in rows["FuzzyARTMAP"]["candidates"]] == [
        {"alpha": 0.5},
        {"alpha": 2.0},
    ]
    assert [c["params"] for c in rows["MLPClassifier"]["candidates"]] == [{"alpha": 1e-4}]
    status, out, err = run_main(
        capsys, *models, "--param", "MLPClassifier.hidden_layer_sizes=(3,),(30,)"
    )
    rows = {r["model"]: r for r in json.loads(out)["results"]}
    assert [c["params"] for c in rows["MLPClassifier"]["candidates"]] == [
        {"hidden_layer_sizes": [3]},
        {"hidden_layer_sizes": [30]},
    ]
    assert rows["FuzzyARTMAP"]["candidates"] == [
        {"params": {}, "mean": rows["FuzzyARTMAP"]["mean"], "error": None}
    ]


def test_nested_cv_scores_the_inner_choice_on_unseen_folds():
    """--nested equals scikit-learn's cross_val_score of a GridSearchCV with the same splits."""
    from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score

    iris = load_dataset("iris")
    (model,) = build_models(iris, select=["PNNClassifier"])
    grid = {"sigma": [0.05, 0.5, 5.0]}
    summary = compare(iris, [model], cv=4, param_grid=grid, nested=True, inner_cv=3)
    (row,) = summary["results"]
    assert summary["nested"] and len(row["chosen_params"]) == 4
    search = GridSearchCV(
        model.pipeline,
        {"model__sigma": grid["sigma"]},
        cv=StratifiedKFold(3, shuffle=True, random_state=0),
    )
    expected = cross_val_score(
        search, iris.X, iris.y, cv=StratifiedKFold(4, shuffle=True, random_state=0)
    )
    np.testing.assert_allclose(row["scores"], expected)
    plain = compare(iris, [model], cv=4, param_grid=grid)["results"][0]
    # the non-nested best is chosen on the folds it is scored on: never below the nested score
    assert plain["mean"] >= row["mean"]
    assert "optimistic" in render_table(compare(iris, [model], cv=2, param_grid=grid))


def test_several_scorers_and_the_chance_level(capsys):
    status, out, _ = run_main(
        capsys,
        "--dataset",
        "parity",
        "--cv",
        "4",
        "--models",
        "PNNClassifier,sklearn.LogisticRegression",
        "--scoring",
        "accuracy,f1_macro",
    )
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["model", "family", "accuracy", "f1_macro"]
    names = [line.split()[0] for line in lines[2:5]]
    # every pattern's neighbours at Hamming distance 1 have the other parity: PNN scores 0,
    # below a model that predicts the majority class (0.5 on balanced parity)
    assert names == ["sklearn.LogisticRegression†", "(chance", "PNNClassifier†"] or names == [
        "(chance",
        "sklearn.LogisticRegression†",
        "PNNClassifier†",
    ]
    assert "† scored at or below it" in out
    summary = compare(
        load_dataset("parity"),
        build_models(load_dataset("parity"), select=["PNNClassifier"]),
        cv=4,
        scoring="accuracy,f1_macro",
    )
    assert summary["chance"]["accuracy"] == 0.5 and summary["scorings"] == ["accuracy", "f1_macro"]
    (row,) = summary["results"]
    assert row["mean"] == 0.0 and row["below_chance"]
    assert set(row["metrics"]) == {"accuracy", "f1_macro"}


def test_exit_status_when_every_model_fails(monkeypatch, capsys):
    class Broken(ClassifierMixin, BaseEstimator):
        def fit(self, X, y):
            raise ValueError("cannot learn this")

    Broken.__module__ = "zoo.broken._broken"
    monkeypatch.setattr(zoo, "Broken", Broken, raising=False)
    monkeypatch.setattr(zoo, "__all__", [*zoo.__all__, "Broken"])
    status, out, err = run_main(capsys, "--dataset", "iris", "--cv", "2", "--models", "Broken")
    assert status == 1
    assert "failed: Broken: ValueError: cannot learn this" in out  # the whole message, below
    assert err.strip() == "zoo: error: no model succeeded (see the table)."


def test_n_jobs_zero_is_one_clear_line(capsys):
    status, out, err = run_main(capsys, "--dataset", "iris", "--n-jobs", "0")
    assert status == 2 and out == ""
    assert err.splitlines() == [
        "zoo: error: --n-jobs 0 runs nothing: give 1 (one fit at a time), N, or -1 (all cores)."
    ]


def test_ctrl_c_prints_the_table_of_what_finished(monkeypatch, capsys):
    import zoo.compare.command

    def interrupt_after_three(stream):
        def report(done, total, model, params, out, n_folds):
            if done == 3:
                raise KeyboardInterrupt

        return report

    monkeypatch.setattr(zoo.compare.command, "progress_printer", interrupt_after_three)
    status = main(
        [
            "compare",
            "--n-jobs",
            "1",
            "--dataset",
            "iris",
            "--cv",
            "3",
            "--models",
            "Perceptron,PNNClassifier",
        ]
    )
    out, err = capsys.readouterr()
    assert status == 130
    rows = {line.split()[0]: line for line in out.splitlines()[2:] if line.strip()}
    assert "Perceptron" in rows and "interrupted" not in rows["Perceptron"]  # its 3 folds ran
    assert "interrupted" in rows["PNNClassifier"]
    assert "Interrupted (Ctrl-C) after 3 of 6 fits" in out
    assert "Traceback" not in err


# ----------------------------------------------------------------------------- discovery rules


class _Centroids(ClassifierMixin, BaseEstimator):
    """A tiny nearest-centroid classifier standing in for a family that lands later."""

    def __init__(self, shrink=0.0, n_epochs=10):
        self.shrink = shrink
        self.n_epochs = n_epochs

    def fit(self, X, y):
        self.seen_ = (np.min(X), np.max(X), np.ndim(X), np.unique(X).size)
        X = np.asarray(X).reshape(len(X), -1)
        self.classes_ = np.unique(y)
        self.centroids_ = np.array([X[y == c].mean(axis=0) for c in self.classes_])
        return self

    def predict(self, X):
        X = np.asarray(X).reshape(len(X), -1)
        distances = ((X[:, None, :] - self.centroids_[None]) ** 2).sum(axis=2)
        return self.classes_[distances.argmin(axis=1)]


class _Sequences(_Centroids):
    """References
    ----------
    .. [1] Elman, J. L. (1990). Finding structure in time.
       Cognitive Science 14, 179-211.
    """

    _input_domain = "sequences"

    def fit(self, X, y):
        assert np.asarray(X).ndim == 3, "expected sequences"
        return super().fit(X, y)

    def predict(self, X):
        assert np.asarray(X).ndim == 3
        return super().predict(X)


class _Features(TransformerMixin, BaseEstimator):
    def fit(self, X, y=None):
        self.mean_ = np.mean(X, axis=0)
        return self

    def transform(self, X):
        return np.asarray(X) - self.mean_


@pytest.fixture
def late_families(monkeypatch):
    """Estimators of families that land after the compare engine, exported from zoo at run time;
    each declares only the class attributes the engine reads."""
    classes = {
        "LateART": (_Centroids, "zoo.art._late", {"_input_domain": "unit_interval"}),
        "LateElman": (_Sequences, "zoo.elman._late", {}),
        "LateSOM": (_Features, "zoo.som._late", {}),
        "LateMemory": (_Centroids, "zoo.memory._late", {"_input_domain": "binary"}),
        "LateSlow": (_Centroids, "zoo.slow._late", {"_compare_params": {"n_epochs": 2}}),
        "LateEncoding": (_Features, "zoo.slow._encoding", {"_compare_params": None}),
    }
    for name, (base, module, attributes) in classes.items():
        cls = type(name, (base,), {"__module__": module, **attributes})
        monkeypatch.setattr(zoo, name, cls, raising=False)
    monkeypatch.setattr(zoo, "__all__", [*zoo.__all__, *classes])
    return classes


def test_late_families_appear_with_the_preprocessing_they_declare(late_families):
    infos = {i.name: i for i in discover_estimators()}
    assert (infos["LateART"].family, infos["LateART"].task) == ("art", "classifier")
    assert infos["LateSOM"].task == "transformer"
    assert infos["LateElman"].paper == (
        "Elman, J. L. (1990). Finding structure in time. Cognitive Science 14, 179-211."
    )
    assert [infos[n].input_domain for n in ("LateART", "LateElman", "LateSOM", "LateMemory")] == [
        "unit_interval",
        "sequences",
        "real",
        "binary",
    ]
    digits = load_dataset("digits")
    # the encoding (``_compare_params = None``) is a preprocessing step, not a row
    assert "LateEncoding" not in {m.name.split(" + ")[0] for m in build_models(digits)}
    rows = [name for name in late_families if name != "LateEncoding"]
    models = {m.name: m for m in build_models(digits, select=rows)}
    assert set(models) == {
        "LateART",
        "LateElman",
        "LateMemory",
        "LateSlow",
        "LateSOM + LogisticRegression",
    }
    assert isinstance(models["LateART"].pipeline[0], MinMaxScaler)  # declared [0, 1]
    assert isinstance(models["LateElman"].pipeline[0], StandardScaler)
    assert isinstance(models["LateMemory"].pipeline["binarize"], Binarizer)
    assert [s for s, _ in models["LateSOM + LogisticRegression"].pipeline.steps] == [
        "scale",
        "features",
        "rescale",
        "readout",
    ]
    summary = compare(digits, list(models.values()), cv=2)
    rows = {r["model"]: r for r in summary["results"]}
    assert all(r["error"] is None for r in rows.values()), rows
    assert rows["LateART"]["mean"] > 0.85  # nearest centroid on digits ≈ 0.9
    assert models["LateART"].pipeline.fit(digits.X, digits.y)[-1].seen_[:2] == (0.0, 1.0)
    # 0/1 patterns for the binary model
    assert models["LateMemory"].pipeline.fit(digits.X, digits.y)[-1].seen_[3] == 2
    # the Elman stand-in received sequences (8 time steps of 8 pixels); it asserts 3-D input
    assert models["LateElman"].pipeline.fit(digits.X, digits.y)[-1].seen_[2] == 3
    # on a dataset without a sequence shape it reads one feature per step: 2-D, and fails here
    (iris_elman,) = build_models(load_dataset("iris"), select=["LateElman"])
    assert [s for s, _ in iris_elman.pipeline.steps] == ["scale", "model"]


def test_compare_params_set_the_declared_hyper_parameters_only(late_families):
    (slow,) = build_models(load_dataset("iris"), select=["LateSlow"])
    assert slow.pipeline.named_steps["model"].get_params() == {"shrink": 0.0, "n_epochs": 2}
    (plain,) = build_models(load_dataset("iris"), select=["LateART"])
    assert plain.pipeline.named_steps["model"].get_params() == {"shrink": 0.0, "n_epochs": 10}


def test_a_wrong_declaration_is_a_clear_error(monkeypatch):
    cls = type("Misdeclared", (_Centroids,), {"__module__": "zoo.x._x", "_input_domain": "images"})
    monkeypatch.setattr(zoo, "Misdeclared", cls, raising=False)
    monkeypatch.setattr(zoo, "__all__", [*zoo.__all__, "Misdeclared"])
    with pytest.raises(ValueError, match="Misdeclared._input_domain is 'images'; it must be one"):
        build_models(load_dataset("iris"))


def test_every_exported_estimator_declares_a_valid_domain_and_settings():
    for info in discover_estimators():
        assert info.input_domain in INPUT_DOMAINS, info.name
        params = info.compare_params
        if params is not None:  # hyper-parameters the estimator really has
            info.cls(**params)
            assert set(params) <= set(info.cls().get_params()), info.name
        assert info.compare_exclusion is None or info.compare_exclusion.strip(), info.name
    domains = {i.name: i.input_domain for i in discover_estimators()}
    # what the families' papers say their input is, declared on the classes
    assert domains["FuzzyARTMAP"] == domains["BernoulliRBM"] == "unit_interval"
    assert domains["ART1"] == "binary" and domains["ElmanClassifier"] == "sequences"
    assert domains["GaussianBernoulliRBM"] == domains["MLPClassifier"] == "real"


def _source_words(module):
    """The source of every module of ``module``'s package, with scikit-learn's own classes
    (written ``<sklearn module>.<Name>``, e.g. ``neural_network.<Name>``) taken out."""
    folder = pathlib.Path(inspect.getfile(module)).parent
    text = "\n".join(p.read_text() for p in sorted(folder.glob("*.py")))
    return re.sub(r"\b(sklearn|linear_model|neural_network)\.\w+", "", text)


def test_the_compare_engine_names_no_family_and_no_estimator():
    """Issue 13: a new family needs no edit in zoo/compare/; it learns everything from
    ``zoo.__all__`` and the two class attributes."""
    text = _source_words(zoo.compare)
    families = {i.family for i in discover_estimators()} | {
        p.name for p in pathlib.Path(zoo.__file__).parent.iterdir() if (p / "__init__.py").exists()
    }
    families -= {"compare", "datasets", "_core"}
    assert {"mlp", "art", "som", "boltzmann"} <= families
    for family in families:
        hits = re.findall(rf"(?i)\b{family}\b", text)
        assert not hits, f"zoo/compare/ names the family {family!r}"
    for name in zoo.__all__:
        assert not re.search(rf"\b{name}\b", text), f"zoo/compare/ names {name}"
    cli = pathlib.Path(inspect.getfile(main)).read_text()
    assert len(cli.splitlines()) <= 200  # the command line only parses arguments


def test_first_reference_of_exported_estimators_reads_the_docstring():
    for info in discover_estimators():
        doc = info.cls.__doc__ or ""
        if "References\n" in doc:
            assert info.paper and not info.paper.startswith(".."), info.name
            assert info.paper.split()[0].rstrip(",.") in doc
        assert info.paper == first_reference(info.cls)


# ----------------------------------------------------------------------------- CSV datasets


@pytest.fixture
def csv_file(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    labels = np.where(X[:, 0] + X[:, 1] > 0, "yes", "no")
    path = tmp_path / "data.csv"
    lines = ["a,b,c,label"] + [f"{x[0]:.4f},{x[1]:.4f},{x[2]:.4f},{t}" for x, t in zip(X, labels)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_csv_dataset_compares(csv_file, capsys):
    assert (
        main(
            [
                "compare",
                "--n-jobs",
                "1",
                "--dataset",
                str(csv_file),
                "--target",
                "label",
                "--cv",
                "3",
                "--json",
                "--quiet",
                "--models",
                "sklearn.LogisticRegression",
            ]
        )
        == 0
    )
    summary = json.loads(capsys.readouterr().out)
    assert summary["dataset"] == "data" and summary["n_features"] == 3
    assert summary["results"][0]["mean"] > 0.85  # a linear boundary


def test_csv_errors_name_the_problem(csv_file, tmp_path, capsys):
    assert main(["compare", "--dataset", str(tmp_path / "missing.csv"), "--target", "y"]) == 2
    assert "dataset file not found" in capsys.readouterr().err
    with pytest.raises(CLIError, match="target column 'y' is not in .*columns are: a, b, c, label"):
        load_csv(str(csv_file), "y")
    with pytest.raises(CLIError, match="needs --target COLUMN"):
        load_csv(str(csv_file), None)
    with pytest.raises(CLIError, match="--drop column 'z' is not in"):
        load_csv(str(csv_file), "label", drop=["z"])
    with pytest.raises(CLIError, match="is the separator ';' right"):
        load_csv(str(csv_file), "label", sep=";")
    text = csv_file.read_text().splitlines()
    text[5] = "1.0,red,0.5,yes"  # one word in a column of numbers: a typo, not a category
    csv_file.write_text("\n".join(text))
    with pytest.raises(CLIError, match="column 'b' is numeric but line 6 is 'red'; fix the cell"):
        load_csv(str(csv_file), "label")
    text[5] = "1.0,2.0,0.5,"
    csv_file.write_text("\n".join(text))
    with pytest.raises(CLIError, match="target column 'label' is empty on line.* 6"):
        load_csv(str(csv_file), "label")


@pytest.fixture
def messy_csv(tmp_path):
    """Columns as they come: an id, a number with empty and NA cells, a text column with a gap,
    ';' between fields. The label follows income and the city."""
    rng = np.random.default_rng(0)
    lines = ["id;income;city;age;label"]
    for i in range(90):
        city = ["Paris", "Lyon", "Nice"][i % 3]
        income = rng.normal(50, 10) + (15 if city == "Paris" else 0)
        label = "rich" if income > 55 else "poor"
        cells = [str(i), f"{income:.1f}", city, f"{rng.integers(20, 60)}", label]
        if i % 11 == 0:
            cells[1] = ""
        if i % 13 == 0:
            cells[3] = "NA"
        if i % 17 == 0:
            cells[2] = ""
        lines.append(";".join(cells))
    path = tmp_path / "people.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_csv_as_it_comes_is_imputed_and_one_hot_encoded(messy_csv, capsys):
    dataset = load_csv(str(messy_csv), "label", sep=";", drop=["id"])
    assert dataset.feature_names == ["income", "city", "age"] and dataset.categorical == (1,)
    assert np.isnan(dataset.X[:, 0]).sum() == 9 and np.isnan(dataset.X[:, 2]).sum() == 7
    (model,) = build_models(dataset, select=["sklearn.LogisticRegression"])
    columns = model.pipeline.named_steps["columns"]
    assert [name for name, _, _ in columns.transformers] == ["numeric", "text"]
    # the imputed, one-hot columns then get the model's own scaling: 2 numbers + 3 cities
    assert model.pipeline[:-1].fit_transform(dataset.X).shape == (90, 5)
    status, out, err = run_main(
        capsys,
        "--dataset",
        str(messy_csv),
        "--sep",
        ";",
        "--target",
        "label",
        "--drop",
        "id",
        "--cv",
        "3",
        "--models",
        "sklearn.LogisticRegression,FuzzyARTMAP",
    )
    assert status == 0, err
    assert "income, age with empty cells imputed by the training median" in out
    assert "1 text column(s) one-hot encoded (city: 3 values" in out and "dropped id" in out
    rows = {line.split()[0]: line for line in out.splitlines()[2:] if line.strip()}
    assert float(rows["sklearn.LogisticRegression"].split()[2]) > 0.8


def test_a_model_that_takes_nan_gets_the_numbers_raw(messy_csv, monkeypatch):
    class NaNTolerant(_Centroids):
        def __sklearn_tags__(self):
            tags = super().__sklearn_tags__()
            tags.input_tags.allow_nan = True
            return tags

    cls = type("LateNaN", (NaNTolerant,), {"__module__": "zoo.late._late"})
    monkeypatch.setattr(zoo, "LateNaN", cls, raising=False)
    monkeypatch.setattr(zoo, "__all__", [*zoo.__all__, "LateNaN"])
    dataset = load_csv(str(messy_csv), "label", sep=";", drop=["id"])
    (model,) = build_models(dataset, select=["LateNaN"])
    numeric = model.pipeline.named_steps["columns"].transformers[0]
    assert numeric[1] == "passthrough"  # no imputer: the NaN reach the model
    (reference,) = build_models(dataset, select=["sklearn.LogisticRegression"])
    assert reference.pipeline.named_steps["columns"].transformers[0][1] != "passthrough"


def test_a_folder_of_idx_files_is_compared_as_mnist(tmp_path, capsys):
    """zoo compare --dataset DIR reads MNIST-style IDX files (here 8x8 digits written as IDX)."""
    digits = load_dataset("digits")
    images = (digits.X[:300] * 255 / 16).round().astype(np.uint8).reshape(300, 8, 8)
    for name, array in (
        ("train-images-idx3-ubyte", images),
        ("train-labels-idx1-ubyte", digits.y[:300].astype(np.uint8)),
    ):
        header = bytes([0, 0, 0x08, array.ndim]) + b"".join(
            int(n).to_bytes(4, "big") for n in array.shape
        )
        (tmp_path / name).write_bytes(header + array.tobytes())
    dataset = load_dataset(str(tmp_path))
    assert dataset.X.shape == (300, 64) and dataset.sequence_shape == (8, 8)
    assert dataset.X.max() <= 1.0 and dataset.task == "classification"
    assert (
        main(
            [
                "compare",
                "--n-jobs",
                "1",
                "--dataset",
                str(tmp_path),
                "--cv",
                "3",
                "--json",
                "--quiet",
                "--models",
                "sklearn.LogisticRegression",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["results"][0]["mean"] > 0.85
    # a stratified random subset for a quick look at a large set
    assert (
        main(
            [
                "compare",
                "--n-jobs",
                "1",
                "--dataset",
                str(tmp_path),
                "--max-samples",
                "150",
                "--cv",
                "3",
                "--json",
                "--quiet",
                "--models",
                "sklearn.LogisticRegression",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["n_samples"] == 150
    small = subsample(dataset, 100, random_state=0)
    assert small.X.shape == (100, 64) and np.bincount(small.y).min() >= 9
    assert subsample(dataset, 10**6) is dataset
    (tmp_path / "train-labels-idx1-ubyte").unlink()
    assert main(["compare", "--dataset", str(tmp_path)]) == 2
    assert "train-labels-idx1-ubyte" in capsys.readouterr().err


def test_builtin_datasets_load():
    assert len(DATASETS) == 9
    for name in DATASETS:
        dataset = load_dataset(name)
        assert dataset.X.shape[0] == dataset.y.shape[0] > 0
        assert np.isfinite(dataset.X).all()
    assert load_dataset("diabetes").task == "regression"
    assert load_dataset("two_spirals").X.shape == (194, 2)
    assert load_dataset("digits").sequence_shape == (8, 8)


# ----------------------------------------------------------------------------- scale-out


def test_dask_cluster_gives_the_local_results(capsys):
    distributed = pytest.importorskip("distributed")
    args = [
        "compare",
        "--dataset",
        "iris",
        "--cv",
        "2",
        "--json",
        "--quiet",
        "--n-jobs",
        "1",
        "--models",
        "Perceptron,MLPClassifier",
        "--param",
        "alpha=1e-4,1e-1",
    ]
    assert main(args) == 0
    local = json.loads(capsys.readouterr().out)
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        assert main([*args, "--backend", "dask", "--scheduler", cluster.scheduler_address]) == 0
        # the fits ran as tasks on the cluster's workers, not in this process
        assert any("fit_and_score" in prefix for prefix in cluster.scheduler.task_prefixes)
    remote = json.loads(capsys.readouterr().out)
    for a, b in zip(local["results"], remote["results"]):
        assert (a["model"], a["scores"], a["best_params"]) == (
            b["model"],
            b["scores"],
            b["best_params"],
        )
        assert a["confusion"] == b["confusion"]


def test_streaming_partial_fit_on_chunks_equals_the_in_memory_loop():
    da = pytest.importorskip("dask.array")
    wrappers = pytest.importorskip("dask_ml.wrappers")
    from zoo.mlp import MLPClassifier

    dataset = load_dataset("digits")
    X, y = dataset.X / 16.0, dataset.y
    classes = np.unique(y)
    X_chunks, y_chunks = da.from_array(X, chunks=(300, 64)), da.from_array(y, chunks=300)
    mlp = dict(hidden_layer_sizes=(32,), learning_rate_init=0.01, random_state=0)
    streamed = wrappers.Incremental(MLPClassifier(**mlp), shuffle_blocks=False)
    for _ in range(5):  # five passes over the chunks, one chunk in memory at a time
        streamed.partial_fit(X_chunks, y_chunks, classes=classes)
    in_memory = MLPClassifier(**mlp)
    for _ in range(5):
        for start in range(0, len(X), 300):
            in_memory.partial_fit(X[start : start + 300], y[start : start + 300], classes=classes)
    for a, b in zip(streamed.estimator_.coefs_, in_memory.coefs_):
        np.testing.assert_array_equal(a, b)
    assert (streamed.predict(X_chunks).compute() == y).mean() > 0.8


# ----------------------------------------------------------------------------- the command itself


def test_zoo_alone_prints_help_and_version(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: zoo") and "compare" in out and "list" in out
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"zoo {zoo.__version__}"


def test_help_states_each_default_once():
    import zoo.cli

    parser = zoo.cli.build_parser()
    compare_parser = parser._subparsers._group_actions[0].choices["compare"]
    text = " ".join(compare_parser.format_help().split())
    assert "(default: None)" not in text and "(default: False)" not in text
    formatter = compare_parser._get_formatter()
    for action in compare_parser._actions:
        help_text = (formatter._get_help_string(action) or "").replace("%(default)s", "")
        assert help_text.count("default") <= 1, help_text
    assert "seed of folds and models (default: 0)" in text
    assert "model or family names (default: all)" in text


def test_task_is_said_to_be_ignored_for_builtin_datasets(capsys):
    status, out, err = run_main(
        capsys, "--dataset", "iris", "--task", "regression", "--cv", "2", "--models", "sklearn"
    )
    assert status == 0 and "accuracy" in out
    assert "--task is read for CSV files only; iris is a classification dataset" in err


# ----------------------------------------------------------------------------- issue 28


@pytest.fixture
def diabetes_csv(tmp_path):
    """scikit-learn's diabetes exported as a user would: whole-number progressions (214 values)."""
    from sklearn.datasets import load_diabetes

    data = load_diabetes(scaled=False)
    path = tmp_path / "diabetes.csv"
    lines = [",".join(data.feature_names) + ",progression"]
    lines += [",".join(f"{v:g}" for v in x) + f",{int(t)}" for x, t in zip(data.data, data.target)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_an_integer_target_with_many_values_is_a_regression(diabetes_csv, capsys):
    status = main(
        ["compare", "--n-jobs", "1", "--dataset", str(diabetes_csv), "--target", "progression"]
        + ["--models", "sklearn.Ridge"]
    )
    out, err = capsys.readouterr()
    assert status == 0, err
    assert (
        "(442×10, regression: 214 distinct integer target values in 442 rows; "
        "--task classification to override)" in err
    )
    assert "r2" in out.splitlines()[0] and "rmse" in out.splitlines()[0]
    ridge = next(line for line in out.splitlines() if line.startswith("sklearn.Ridge"))
    assert 0.4 < float(ridge.split()[2]) < 0.6


def test_infer_task_reads_integers_with_common_sense():
    from zoo.compare.datasets import infer_task

    assert infer_task(np.repeat([3, 4, 5, 6, 7], 30))[0] == "classification"  # wine quality
    assert infer_task(np.array([0, 1] * 40))[0] == "classification"
    task, reason = infer_task(np.array([1, 1, 2, 2, 3, 3, 9]))
    assert task == "regression" and reason == "1 of 4 integer target values occur only once"
    assert infer_task(np.array(["a", "b", "c"]))[0] == "classification"


def test_task_override_is_named_in_the_banner(diabetes_csv, capsys):
    text = diabetes_csv.read_text().splitlines()
    # three classes by progression, each many times: classification as the banner says
    classes = [str(int(line.rsplit(",", 1)[1]) // 100) for line in text[1:]]
    diabetes_csv.write_text(
        "\n".join(
            [text[0]] + [line.rsplit(",", 1)[0] + "," + c for line, c in zip(text[1:], classes)]
        )
    )
    base = ["compare", "--n-jobs", "1", "--dataset", str(diabetes_csv), "--target", "progression"]
    assert main([*base, "--models", "sklearn.LogisticRegression", "--cv", "2"]) == 0
    err = capsys.readouterr().err
    assert "(442×10, classification: 4 distinct integer target values, each at least" in err
    assert "--task regression to override)" in err
    assert main([*base, "--models", "sklearn.Ridge", "--cv", "2", "--task", "regression"]) == 0
    assert "(442×10, regression: as --task says)" in capsys.readouterr().err


@pytest.fixture
def fraud_csv(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(150, 3))
    labels = np.where(X[:, 0] + 0.5 * X[:, 1] > 1.0, "fraud", "ok")  # 30 frauds
    path = tmp_path / "fraud.csv"
    lines = ["amount,hour,score,label"]
    lines += [f"{x[0]:.3f},{x[1]:.3f},{x[2]:.3f},{t}" for x, t in zip(X, labels)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_binary_scorers_on_text_labels_score_the_rarer_class(fraud_csv, capsys):
    args = ["--dataset", str(fraud_csv), "--target", "label", "--cv", "3", "--models"]
    args += ["sklearn.LogisticRegression,Perceptron", "--scoring"]
    status = main(
        ["compare", "--n-jobs", "1", *args, "f1,f1_macro,roc_auc,average_precision", "--json"]
    )
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "f1, average_precision score 'fraud' as the positive class (the rarer class" in err
    summary = json.loads(out)
    assert all(r["error"] is None for r in summary["results"])
    logistic = next(r for r in summary["results"] if r["model"] == "sklearn.LogisticRegression")
    assert logistic["metrics"]["f1"]["mean"] > 0.7
    assert logistic["metrics"]["average_precision"]["mean"] > 0.9
    assert summary["chance"]["average_precision"] == pytest.approx(0.2, abs=0.01)
    # the other class as positive: its F1 is the frequent class's, higher
    main(["compare", "--n-jobs", "1", *args, "f1", "--pos-label", "ok", "--json"])
    out, err = capsys.readouterr()
    assert "'ok' as the positive class (as --pos-label says)" in err
    ok = next(r for r in json.loads(out)["results"] if r["model"] == "sklearn.LogisticRegression")
    assert ok["mean"] > logistic["metrics"]["f1"]["mean"]


def test_scorers_are_checked_against_the_target_before_any_fit(fraud_csv, capsys):
    status = main(["compare", "--dataset", "iris", "--scoring", "accuracy,f1"])
    out, err = capsys.readouterr()
    assert status == 2 and not out
    assert err.startswith("zoo: error: --scoring f1 cannot score iris's target: Target is multi")
    assert err.endswith("; for 3 classes try f1_macro, f1_micro, f1_weighted.\n")
    assert len(err.strip().splitlines()) == 1
    status = main(
        ["compare", "--dataset", str(fraud_csv), "--target", "label", "--task", "regression"]
    )
    err = capsys.readouterr().err
    assert status == 2 and "--task regression needs a numeric target; 'label' holds text" in err
    status = main(
        ["compare", "--dataset", str(fraud_csv), "--target", "label", "--pos-label", "spam"]
    )
    err = capsys.readouterr().err
    assert (
        status == 2 and "--pos-label 'spam' is not a class of the target; its classes are " in err
    )


def test_usage_errors_come_before_the_banner(capsys):
    for args, message in [
        (["--scoring", "acuracy"], "did you mean accuracy"),
        (["--cv", "1"], "--cv must be at least 2."),
        (["--param", "alpha=1e-4", "--param", "alpha=1e-2"], "--param alpha is given twice"),
    ]:
        assert main(["compare", "--dataset", "iris", *args]) == 2
        out, err = capsys.readouterr()
        assert not out and err.count("\n") == 1 and "zoo compare:" not in err, err
        assert message in err


def test_one_model_is_one_model(capsys):
    main(["compare", "--dataset", "iris", "--cv", "2", "--models", "sklearn.LogisticRegression"])
    assert "zoo compare: 1 model on iris" in capsys.readouterr().err


def test_an_unknown_model_name_suggests_the_near_ones(capsys):
    assert main(["compare", "--dataset", "iris", "--models", "GLVQ"]) == 2
    err = capsys.readouterr().err
    assert "named glvq; did you mean GLVQClassifier or lvq? choose from" in err
    assert main(["compare", "--dataset", "iris", "--models", "MLPClasifier"]) == 2
    assert "did you mean MLPClassifier" in capsys.readouterr().err


def test_best_parameters_print_as_written(capsys):
    args = "--dataset iris --cv 2 --models sklearn.MLPClassifier --param max_iter=50".split()
    status, out, err = run_main(capsys, *args, "--param", "hidden_layer_sizes=(5,),(20,)")
    assert status == 0, err
    best = out.splitlines()[2].split("  ")[-1]
    assert re.fullmatch(r"max_iter=50, hidden_layer_sizes=\((5|20),\)", best), best


def test_the_report_without_matplotlib_names_both_installs(monkeypatch, tmp_path, capsys):
    import builtins

    real_import = builtins.__import__

    def no_matplotlib(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    args = "--dataset iris --cv 2 --models sklearn.LogisticRegression --report".split()
    status, _, err = run_main(capsys, *args, str(tmp_path))
    assert status == 2
    assert (
        "pip install 'zoo-nn[plot]', or in a clone of the repository pip install -e '.[plot]'"
        in err
    )


def test_models_that_cannot_do_the_task_are_left_out_and_named(capsys):
    status, out, err = run_main(
        capsys, "--dataset", "iris", "--cv", "2", "--models", "sklearn.LogisticRegression"
    )
    assert status == 0, err
    left_out = next(line for line in out.splitlines() if line.startswith("Not in the default"))
    assert left_out.startswith("Not in the default comparison (--models NAME runs them): ")
    assert "HopfieldNetwork + LogisticRegression: an associative memory" in left_out
    assert "its recall returns stored patterns, not features for a classifier" in out
    default = {m.name for m in build_models(load_dataset("digits"))}
    assert "HopfieldNetwork + LogisticRegression" not in default
    assert "ModernHopfield + LogisticRegression" not in default
    # still there for who asks, and then not named as left out
    status, out, err = run_main(capsys, "--dataset", "iris", "--cv", "2", "--models", "memory")
    assert status == 0, err
    assert "HopfieldNetwork + LogisticRegression" in out
    left_out = [line for line in out.splitlines() if line.startswith("Not in the default")]
    assert not any("HopfieldNetwork" in line for line in left_out)


@pytest.fixture
def signup_csv(tmp_path):
    """300 customers as a CRM exports them: a row number, the signup date, a plan, a count, a
    comment different on every row; who churns follows the signup year, the plan and the visits."""
    import datetime

    rng = np.random.default_rng(0)
    lines = ["row,signup,plan,visits,comment,label"]
    for i in range(300):
        day = datetime.date(2022, 1, 1) + datetime.timedelta(days=int(rng.integers(0, 700)))
        plan, visits = ["free", "pro", "team"][i % 3], rng.poisson(5)
        churn = (day.year == 2022 and visits < 6) or (plan == "free" and visits < 3)
        comment = f"customer {i} says {rng.choice(['hi', 'ok', 'meh'])} {rng.integers(1e6)}"
        lines.append(
            f"{i + 1},{day.isoformat()},{plan},{visits},{comment},{'churn' if churn else 'stay'}"
        )
    path = tmp_path / "signup.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_dates_become_numbers_and_free_text_is_left_out_with_a_warning(signup_csv, capsys):
    args = ["--dataset", str(signup_csv), "--target", "label", "--models", "RBFClassifier"]
    status, out, err = run_main(capsys, *args)
    assert status == 0, err
    assert err == (
        "zoo: warning: left out row (consecutive integers 1 to 300 in file order: a row number), "
        "comment (a different text in every row: an identifier or free text); --keep "
        "row,comment to use them anyway.\n"
    )
    assert "(signup: dates, as days since 1970-01-01)" in out
    assert "1 text column(s) one-hot encoded (plan: 3 values" in out
    rbf = next(line for line in out.splitlines() if line.startswith("RBFClassifier"))
    assert float(rbf.split()[2]) > 0.9  # the signup year is the signal
    dataset = load_csv(str(signup_csv), "label")
    assert dataset.feature_names == ["signup", "plan", "visits"]
    assert 18993 <= dataset.X[:, 0].min() < dataset.X[:, 0].max() < 18993 + 700  # 2022-01-01 on
    # --keep: the user's call, one-hot encoded as before, and the score tells why not to
    status, out, err = run_main(capsys, *args, "--keep", "comment")
    assert status == 0 and "--keep row to use it anyway" in err
    assert "comment: 300 values" in out
    rbf = next(line for line in out.splitlines() if line.startswith("RBFClassifier"))
    assert float(rbf.split()[2].rstrip("†")) < 0.8 or "†" in rbf


def test_date_layouts_are_read_day_or_month_first_as_the_cells_say():
    from zoo.compare.datasets import _parse_dates

    assert _parse_dates(["12/31/2024", "01/02/2025"]).tolist() == [20088.0, 20090.0]
    assert _parse_dates(["31.12.2024", ""]).tolist()[0] == 20088.0
    assert _parse_dates(["2024-12-31T06:00:00+00:00"]).tolist() == [20088.25]
    assert _parse_dates(["yes", "no"]) is None


def _digits_like_summary(n_models=24, n_classes=10):
    """The summary of a comparison of ``n_models`` models on ten classes, two scorers, as
    :func:`compare` returns it (no fit needed to draw its report)."""
    rng = np.random.default_rng(0)
    means = np.sort(rng.uniform(0.85, 0.98, n_models))[::-1]
    results = []
    for k, mean in enumerate(means):
        confusion = np.diag(rng.integers(150, 180, n_classes)) + rng.integers(0, 3, (10, 10))
        results.append(
            {
                "model": f"Model{k}Classifier",
                "family": f"family{k % 7}",
                "mean": float(mean),
                "std": 0.01,
                "scores": [float(mean)] * 5,
                "metrics": {
                    "accuracy": {"mean": float(mean), "std": 0.01},
                    "f1_macro": {"mean": float(mean) - 0.01, "std": 0.012},
                },
                "fit_time": 0.1 * (k + 1),
                "fit_cpu_time": 0.1,
                "predict_time": 0.001,
                "best_params": {},
                "converged": True,
                "error": None,
                "below_chance": False,
                "confusion": confusion.tolist(),
            }
        )
    return {
        "dataset": "digits",
        "task": "classification",
        "scoring": "accuracy",
        "scorings": ["accuracy", "f1_macro"],
        "cv": 5,
        "nested": False,
        "n_samples": 1797,
        "n_features": 64,
        "random_state": 0,
        "param_grid": {},
        "labels": list(range(n_classes)),
        "chance": {"accuracy": 0.101, "f1_macro": 0.018},
        "interrupted": False,
        "results": results,
    }


def test_report_figures_stay_readable_with_two_dozen_models(tmp_path):
    from zoo.compare import write_report

    summary = _digits_like_summary()
    page = pathlib.Path(write_report(summary, tmp_path)).read_text()
    images = embedded_images(page)
    title = "Confusion matrices of the 6 best models (every model&#x27;s in results.json)"
    assert list(images) == ["Score of each model", "Fit time against score", title]
    # a panel per scorer, 24 rows; the axis zoomed to the scores, the chance level named off it
    assert_real_image(images["Score of each model"], (1040, 860))
    # six readable matrices, three to a row: 5 inches each (48 px a cell), not 24 tiny ones
    assert_real_image(images[title], (1500, 1000))
    from zoo.compare.report import _scores_plot, _styles

    class Recorder:
        """A Figure that keeps its axes, to read their limits and titles."""

        def __init__(self, *args, **kwargs):
            from matplotlib.figure import Figure

            self.figure = Figure(*args, **kwargs)
            Recorder.last = self.figure

        def __getattr__(self, name):
            return getattr(self.figure, name)

    ok = summary["results"]
    _scores_plot(summary, ok, _styles([r["model"] for r in ok]), Recorder)
    accuracy, f1 = Recorder.last.axes
    low, high = accuracy.get_xlim()
    assert 0.8 < low < min(r["mean"] for r in ok) and high < 1.0  # not from 0: 24 equal bars
    assert "chance 0.101, left of the axis" in accuracy.get_title()
    assert f1.get_title().startswith("f1_macro")


def test_readme_table_is_one_run_of_the_default_comparison():
    """README's headline block comes from ``benchmarks/readme_compare.py``: its rows are the
    default comparison's, its marks are explained and used, and it says when and where it ran."""
    readme = (pathlib.Path(__file__).parents[1] / "README.md").read_text()
    block = readme.split("<!-- zoo compare: start -->")[1].split("<!-- zoo compare: end -->")[0]
    table = block.split("```text\n")[1].split("```")[0].splitlines()
    rows = table[3 : table.index("")]
    names = {row.split("  ")[0].rstrip("*†") for row in rows} - {"(chance level)"}
    assert names == {m.name for m in build_models(load_dataset("digits"))}
    notes = "\n".join(table[table.index("") :])
    for mark, note in [("*", "* hit max_iter"), ("†", "† scored at or below it")]:
        assert any(row.split("  ")[0].endswith(mark) for row in rows) == (note in notes), mark
    assert re.search(
        r"Generated by `python benchmarks/readme_compare.py` on \d{4}-\d\d-\d\d", block
    )
    assert re.search(r"The \d+ rows \(\d+ fits\) took \d+ s of wall time", block)


def test_a_model_without_the_method_a_scorer_reads_is_not_fitted(capsys):
    args = "--dataset iris --cv 2 --scoring accuracy,neg_log_loss --models".split()
    args.append("Perceptron,sklearn.LogisticRegression")
    status, out, err = run_main(capsys, *args, "--json")
    assert status == 0, err
    summary = json.loads(out)
    perceptron = next(r for r in summary["results"] if r["model"] == "Perceptron")
    assert perceptron["error"] == (
        "--scoring neg_log_loss needs predict_proba, which Perceptron does not have."
    )
    assert summary["n_fits"] == 2  # the logistic regression's two folds only
    status, out, err = run_main(capsys, *args)
    widths = {len(line) for line in out.splitlines()[:5]}
    assert max(widths) < 100  # the reason is below the table, not in a column of numbers
    assert "failed: Perceptron: --scoring neg_log_loss needs predict_proba" in out
