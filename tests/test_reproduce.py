"""``zoo reproduce``: discovery of the declared experiments, the verdict, the table, the errors,
and a ``--quick`` run end to end on a subset."""

import json

import pytest

from zoo.cli import main
from zoo.reproduce import Experiment, discover_experiments, register, unregister, verdict
from zoo.reproduce.command import HEADERS, run_experiments


def _row(published=1.0, tolerance=0.1, direction=None, recipe=None, **kwargs):
    return Experiment(
        name=kwargs.pop("name", "row"),
        family=kwargs.pop("family", "testfamily"),
        paper="Doe 1990",
        source="table 1",
        protocol="a test protocol",
        metric="rate",
        published=published,
        tolerance=tolerance,
        direction=direction,
        recipe=recipe or (lambda seed, quick: published),
        **kwargs,
    )


@pytest.fixture
def test_experiment():
    """A row registered from this test module, as a family's ``_experiments.py`` does."""
    calls = []

    def recipe(seed, quick):
        calls.append((seed, quick))
        return 0.5 + 0.1 * seed

    experiment = register(_row(published=0.6, tolerance=0.05, recipe=recipe, seeds=3))
    yield experiment, calls
    unregister(experiment)


def test_families_declare_the_first_rows_and_discovery_finds_them():
    keys = {e.key for e in discover_experiments()}
    assert {
        "mlp/perceptron-separable",
        "mlp/perceptron-xor",
        "mlp/backprop-xor",
        "mlp/backprop-8-3-8-encoder",
        "cascor/two-spirals-solved",
        "cascor/two-spirals-units",
        "memory/hebb-capacity",
        "boltzmann/4-2-4-encoder",
    } <= keys
    families = [e.family for e in discover_experiments()]
    assert families == sorted(families)


def test_an_experiment_registered_from_a_test_module_joins(test_experiment, capsys):
    experiment, calls = test_experiment
    assert experiment in discover_experiments()
    assert main(["reproduce", "--only", "testfamily", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    (row,) = out["results"]
    assert calls == [(0, False), (1, False), (2, False)]
    assert row["values"] == pytest.approx([0.5, 0.6, 0.7])
    assert row["mean"] == pytest.approx(0.6) and row["verdict"] == "reproduced"
    unregister(experiment)
    assert experiment not in discover_experiments()


def test_a_row_is_declared_once(test_experiment):
    with pytest.raises(ValueError, match="registered twice"):
        register(_row())
    with pytest.raises(ValueError, match="direction"):
        _row(direction="up")
    with pytest.raises(TypeError, match="figure must be callable"):
        _row(figure="curves.png")


@pytest.mark.parametrize(
    "direction, values, expected",
    [
        ("higher", [1.0, 1.0], "reproduced"),  # at least as good
        ("higher", [1.0, 0.8, 1.0, 1.0, 1.0], "reproduced"),  # mean 0.96: 0.04 < 2 SE (0.07)
        ("higher", [0.92, 0.92], "within tolerance"),
        ("higher", [0.5, 0.7], "not reproduced"),
        ("lower", [0.9, 0.95], "reproduced"),
        ("lower", [1.05, 1.05], "within tolerance"),
        (None, [1.05, 1.05], "within tolerance"),  # zero spread: no standard error to hide in
        (None, [0.98, 1.02], "reproduced"),  # the paper's figure within 2 SE and the tolerance
        (None, [1.2, 1.3], "not reproduced"),
    ],
)
def test_verdict(direction, values, expected):
    label, reason = verdict(_row(direction=direction), values)
    assert label == expected
    assert "paper's 1" in reason
    if expected != "reproduced":
        assert ("within" if expected == "within tolerance" else "beyond") in reason
        assert "tolerance 0.1" in reason


def test_a_large_spread_does_not_turn_a_miss_into_a_reproduction():
    # 2 of 3 seeds solved: within 2 standard errors of 1.0, but 0.33 off, beyond the tolerance
    assert verdict(_row(direction=None), [0.0, 1.0, 1.0])[0] == "not reproduced"


def test_a_failing_recipe_is_a_row_with_its_error():
    def recipe(seed, quick):
        raise RuntimeError("no luck")

    (row,) = run_experiments([_row(recipe=recipe)])
    assert row["verdict"] == "failed" and "RuntimeError: no luck" in row["reason"]


def test_quick_end_to_end_on_a_subset(capsys):
    assert main(["reproduce", "--quick", "--only", "cascor,mlp"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].split() == " ".join(HEADERS).split()
    body = lines[2 : lines.index("")]
    assert [line.split()[0] for line in body] == ["cascor"] * 2 + ["mlp"] * 5
    assert "--quick: fewer seeds and epochs than the default run" in captured.out
    assert "(n=5)" in captured.out and "(n=3)" in captured.out
    # the convergence theorem and the XOR bound hold on every seed, quick or not
    separable = next(line for line in body if "perceptron-separable" in line)
    assert "1 ± 0" in separable and "reproduced" in separable
    assert "0.75" in next(line for line in body if "perceptron-xor" in line)
    # one progress line per finished seed on stderr
    progress = [line for line in captured.err.splitlines() if line.startswith("[")]
    assert len(progress) == 2 * 5 + 5 * 3
    assert progress[-1].startswith("[25/25]")


def test_json_has_the_figures_and_the_protocol(capsys):
    assert main(["reproduce", "--quick", "--only", "mlp", "--json", "--quiet"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["quick"] is True
    for row in out["results"]:
        assert {"paper", "source", "protocol", "published", "tolerance", "verdict"} <= set(row)
        assert len(row["values"]) == 3


def test_mnist_rows_are_skipped_without_the_files(capsys, tmp_path):
    seen = []
    experiment = register(
        _row(
            name="mnist-row",
            needs="mnist",
            recipe=lambda seed, quick, mnist: seen.append(mnist) or 1.0,
            seeds=1,
        )
    )
    try:
        assert main(["reproduce", "--only", "testfamily", "--quiet"]) == 0
        out = capsys.readouterr().out
        assert "skipped" in out and "--mnist DIR" in out and "nothing is downloaded" in out
        assert seen == []
        assert main(["reproduce", "--only", "testfamily", "--mnist", str(tmp_path)]) == 0
        assert seen == [str(tmp_path)] and "reproduced" in capsys.readouterr().out
    finally:
        unregister(experiment)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--only", "nosuchfamily"], "no experiments for nosuchfamily; families with"),
        (["--mnist", "/nonexistent/mnist"], "is no folder"),
        (["--report", "out"], "not yet implemented (issue 33)"),
    ],
)
def test_errors(argv, message, capsys):
    assert main(["reproduce", *argv]) == 2
    assert message in capsys.readouterr().err
