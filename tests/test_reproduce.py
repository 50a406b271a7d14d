"""``zoo reproduce``: discovery of the declared experiments, the verdict, the table, the errors,
and a ``--quick`` run end to end on a subset."""

import base64
import json
import re
import shutil
import struct
import subprocess
import sys

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


def test_the_whole_quick_run(capsys):
    """``zoo reproduce --quick`` with every discovered row (issue 33: a test runs it): the table
    has each row once, sorted by family, no recipe fails, each runnable row ran its quick seeds,
    and there is one progress line per finished seed."""
    experiments = discover_experiments()
    assert main(["reproduce", "--quick"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].split() == " ".join(HEADERS).split()
    body = lines[2 : lines.index("")]
    assert [line.split()[:2] for line in body] == [[e.family, e.name] for e in experiments]
    assert "--quick: fewer seeds and epochs than the default run" in captured.out
    assert not [line for line in body if " failed " in line]
    runnable = [e for e in experiments if e.needs is None]
    for experiment, line in zip(experiments, body):
        if experiment.needs is None:
            assert f"(n={experiment.quick_seeds})" in line, line
        else:
            assert "needs --mnist DIR" in line and "skipped" in line, line
    # the convergence theorem and the XOR bound hold on every seed, quick or not
    separable = next(line for line in body if "perceptron-separable" in line)
    assert "1 ± 0" in separable and "reproduced" in separable
    assert "0.75" in next(line for line in body if "perceptron-xor" in line)
    progress = [line for line in captured.err.splitlines() if line.startswith("[")]
    total = sum(e.quick_seeds for e in runnable)
    assert len(progress) == total and progress[-1].startswith(f"[{total}/{total}]")


@pytest.mark.slow
def test_the_whole_quick_run_draws_every_rows_figure(tmp_path):
    """The report of the whole ``--quick`` run: every row has its section, and every row that
    ran and declares a figure hook has its figure embedded (none failed)."""
    experiments = discover_experiments()
    assert main(["reproduce", "--quick", "--quiet", "--report", str(tmp_path)]) == 0
    page = (tmp_path / "report.html").read_text()
    assert _sections(page) == [e.key for e in experiments]
    assert "The figure failed" not in page
    drawn = [e.key for e in experiments if e.figure is not None and e.needs is None]
    assert list(_images(page)) == drawn
    for png in _images(page).values():
        width, height = _png_size(png)
        assert width >= 400 and height >= 200


def test_json_has_the_figures_and_the_protocol(capsys):
    assert main(["reproduce", "--quick", "--only", "mlp", "--json", "--quiet"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["quick"] is True
    quick_seeds = {e.name: e.quick_seeds for e in discover_experiments() if e.needs is None}
    for row in out["results"]:
        assert {"paper", "source", "protocol", "published", "tolerance", "verdict"} <= set(row)
        assert len(row["values"]) == quick_seeds.get(row["experiment"], 0)


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
    ],
)
def test_errors(argv, message, capsys):
    assert main(["reproduce", *argv]) == 2
    assert message in capsys.readouterr().err


# ----------------------------------------------------------------------------- --report


def _line_figure(seed, quick, fig):
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [seed, 1, 0])
    return "a test line"


def _broken_figure(seed, quick, fig):
    raise RuntimeError("cannot draw")


@pytest.fixture
def report_rows():
    rows = [
        _row(name="drawn", seeds=2, quick_seeds=2, figure=_line_figure),
        _row(name="broken-figure", seeds=1, quick_seeds=1, figure=_broken_figure),
        _row(name="no-figure", seeds=1, quick_seeds=1),
        _row(name="mnist-row", needs="mnist", recipe=lambda seed, quick, mnist: 1.0),
    ]
    for row in rows:
        register(row)
    yield rows
    for row in rows:
        unregister(row)


def _images(page):
    """``{row: PNG bytes}`` of the figures embedded in a reproduce report."""
    found = re.findall(r"<figure><img alt='([^']*)' src='data:image/png;base64,([^']*)'>", page)
    return {name: base64.b64decode(data) for name, data in found}


def _png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def _sections(page):
    return re.findall(r"<section class='row' id='[^']*'><h2>([^<]*)</h2>", page)


def test_report_has_every_row_its_protocol_source_and_figure(report_rows, tmp_path):
    assert (
        main(
            ["reproduce", "--quick", "--only", "testfamily", "--quiet"]
            + ["--report", str(tmp_path)]
        )
        == 0
    )
    page = (tmp_path / "report.html").read_text()
    names = [f"testfamily/{row.name}" for row in report_rows]
    assert _sections(page) == names
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in body.split("</tr>")[:-1]]
    assert [(c[0], re.sub("<[^>]+>", "", c[1])) for c in cells] == [
        ("testfamily", row.name) for row in report_rows
    ]
    assert page.count("a test protocol") == 4 and page.count("table 1") == 4
    # the drawn row's figure is a real PNG of the hook's 6.4 x 3.6 in at 100 dpi
    images = _images(page)
    assert list(images) == ["testfamily/drawn"] and _png_size(images["testfamily/drawn"]) == (
        640,
        360,
    )
    assert "testfamily/drawn, seed 0: a test line" in page
    assert "The figure failed: RuntimeError: cannot draw" in page  # the other rows still drawn
    assert "This row declares no figure." in page
    assert "needs --mnist DIR" in page and "Not run: no figure." in page
    # self-contained: nothing fetched from elsewhere
    assert not re.search(r"(src|href)=['\"](?!data:|#)", page) and "<link" not in page
    saved = json.loads((tmp_path / "results.json").read_text())
    assert [r["experiment"] for r in saved["results"]] == [row.name for row in report_rows]
    assert saved["quick"] is True


def test_report_without_matplotlib_is_a_clear_error(report_rows, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib raises ImportError
    assert main(["reproduce", "--only", "testfamily", "--report", str(tmp_path)]) == 2
    assert "--report needs matplotlib: pip install 'zoo-nn[plot]'" in capsys.readouterr().err
    assert not (tmp_path / "report.html").exists()


def test_report_renders_in_a_headless_browser(report_rows, tmp_path):
    """Where Debian's chromium is installed, the page is rendered and screenshotted."""
    browser = next(
        (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
    )
    if browser is None:
        pytest.skip("no headless browser on this machine")
    import io

    import matplotlib.image

    assert (
        main(
            ["reproduce", "--quick", "--only", "testfamily", "--quiet"]
            + ["--report", str(tmp_path)]
        )
        == 0
    )
    shot = tmp_path / "page.png"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}"]
        + ["--window-size=1200,1600", (tmp_path / "report.html").as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
    )
    data = shot.read_bytes()
    assert _png_size(data) == (1200, 1600)
    pixels = matplotlib.image.imread(io.BytesIO(data), format="png")
    assert pixels[..., :3].std() > 0.01, "the screenshot is blank"


# ----------------------------------------------------------------------------- MNIST rows

MNIST_ROWS = {
    "boltzmann/mnist-dbn-greedy",
    "boltzmann/mnist-dbn-fine-tuned",
    "conv/mnist-lenet-5",
    "mlp/mnist-784-300-10",
    "mlp/mnist-784-1000-10",
    "mlp/mnist-784-300-100-10",
    "mlp/mnist-784-800-10",
    "mlp/mnist-784-16-10",
    "rbf/mnist-rbf-1000",
}


def _write_idx(path, array):
    """An IDX file of unsigned bytes (type 0x08), as MNIST's."""
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(
        int(size).to_bytes(4, "big") for size in array.shape
    )
    path.write_bytes(header + array.astype("uint8").tobytes())


@pytest.fixture(scope="module")
def mnist_dir(tmp_path_factory):
    """Synthetic 28x28 'digits' in MNIST's four IDX files: class c is a bright 8x4 bar at its
    own place on faint noise, so a network that reads the files right learns it at once."""
    import numpy as np

    directory = tmp_path_factory.mktemp("mnist")
    rng = np.random.default_rng(0)
    for prefix, n in (("train", 60), ("t10k", 30)):
        y = np.arange(n) % 10
        X = rng.integers(0, 40, size=(n, 28, 28))
        for i, c in enumerate(y):
            row, column = divmod(c, 5)
            X[i, 4 + 10 * row : 12 + 10 * row, 2 + 5 * column : 6 + 5 * column] = 255
        _write_idx(directory / f"{prefix}-images-idx3-ubyte", X)
        _write_idx(directory / f"{prefix}-labels-idx1-ubyte", y)
    return directory


@pytest.mark.filterwarnings("ignore:Got `batch_size`:UserWarning")  # 60 images, batches of 128
def test_mnist_rows_read_the_files_and_run_end_to_end(mnist_dir):
    """--quick on tiny synthetic IDX files: the reader, each row's protocol and its table row
    work (the figures are judged on real MNIST, not here)."""
    rows = [e for e in discover_experiments() if e.needs == "mnist"]
    assert {e.key for e in rows} == MNIST_ROWS
    results = run_experiments(rows, quick=True, mnist=str(mnist_dir))
    by_key = {f"{r['family']}/{r['experiment']}": r for r in results}
    assert all(r["verdict"] != "failed" for r in results), [r["reason"] for r in results]
    assert all(len(r["values"]) == 1 for r in results)
    for key in MNIST_ROWS - {"mlp/mnist-784-16-10"}:
        assert by_key[key]["metric"] == "test error (%)"
        assert 0 <= by_key[key]["mean"] <= 100
    # the images and labels line up: the MLPs learn the bars (chance would be 90% error)
    for key in ("mlp/mnist-784-300-100-10", "mlp/mnist-784-800-10", "rbf/mnist-rbf-1000"):
        assert by_key[key]["mean"] <= 20, key
    assert by_key["mlp/mnist-784-16-10"]["values"] == [12730.0]


def test_mnist_rows_without_the_files_show_their_protocol_and_the_papers_figure(capsys):
    assert main(["reproduce", "--quick", "--only", "conv,rbf", "--quiet"]) == 0
    out = capsys.readouterr().out
    for line in out.splitlines()[2:4]:
        assert "needs --mnist DIR" in line and "skipped" in line
    assert "0.95" in out and "3.6" in out  # LeNet-5's and the RBF network's published errors
    assert "protocol: MNIST's 60,000 training and 10,000 test images" in out
