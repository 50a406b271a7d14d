"""Every script in examples/ runs (small sizes via ZOO_EXAMPLES_QUICK=1) and saves its figure.

Each example saves ``<script name>.png`` into ``ZOO_EXAMPLES_OUTPUT``; a new example is picked up
without editing this file. They run in-process (runpy) to spare an interpreter start per script.
"""

import runpy
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.py"))

pytestmark = [
    pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning"),
    pytest.mark.numerics,
]


def test_there_are_examples():
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs_and_saves_its_figure(script, tmp_path, monkeypatch, capsys):
    import matplotlib.image
    import matplotlib.pyplot as plt

    monkeypatch.setenv("ZOO_EXAMPLES_QUICK", "1")
    monkeypatch.setenv("ZOO_EXAMPLES_OUTPUT", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    try:
        runpy.run_path(str(script), run_name="__main__")
    finally:
        plt.close("all")
    figure = tmp_path / f"{script.stem}.png"
    assert figure.exists(), f"{script.name} did not save {figure.name}"
    pixels = matplotlib.image.imread(figure)
    assert min(pixels.shape[:2]) >= 200
    assert pixels[..., :3].std() > 0.01, "blank figure"
    out = capsys.readouterr().out
    assert out.strip(), "an example prints what it measured"
    assert f"saved {figure}" in out, "an example prints where it saved its figure"
