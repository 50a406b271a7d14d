"""The ``zoo reproduce`` rows of the Elman, ART, memory, SOM, gas, LVQ and dynamic families: each
runs under ``--quick`` to a sane figure, and the measures the rows rely on (the Reber recogniser,
the gas graph's topology) say what their protocols say."""

import math

import numpy as np
import pytest

from zoo.datasets import make_reber
from zoo.reproduce import discover_experiments
from zoo.reproduce.command import run_experiments

#: Where each row's --quick figure must land (seeds, epochs and sizes cut down, so these are
#: looser than the rows' tolerances): a range a working recipe reaches, a broken one misses.
QUICK_RANGES = {
    "art/circle-in-square-100": (0.80, 0.95),  # measured 0.865 (3 seeds)
    "art/circle-in-square-100-categories": (4, 14),  # 8.7
    "art/circle-in-square-100k": (0.94, 1.0),  # 10,000 points under --quick: 0.962
    "dynamic/mackey-glass-84-esn": (0.0, 0.02),  # 1.9e-3
    "dynamic/narendra-example-2": (0.0, 0.1),  # 0.028
    "dynamic/narma10-esn": (0.0, 0.35),  # 0.26
    "elman/reber-grammar": (0.9, 1.0),  # 1.0
    "elman/reber-rejects-ungrammatical": (0.9, 1.0),  # 1.0
    "gas/fritzke-shapes-topology": (1.0, 1.0),
    "lvq/glvq-breast-cancer": (0.93, 1.0),
    "lvq/glvq-iris": (0.9, 1.0),
    "lvq/glvq-wine": (0.93, 1.0),
    "lvq/gmlvq-breast-cancer": (0.93, 1.0),
    "lvq/gmlvq-iris": (0.9, 1.0),
    "lvq/gmlvq-wine": (0.93, 1.0),
    "memory/hebb-capacity": (0.11, 0.17),  # N = 200: 0.14
    "memory/hebb-exact-capacity": (0.07, 0.12),  # N = 200: 0.09
    "memory/modern-hopfield-retrieval": (0.99, 1.0),
    "memory/storkey-capacity": (0.25, 0.40),  # N = 100: 0.325
    "som/iris-quantization-error": (0.1, 0.3),  # 0.19
    "som/iris-topographic-error": (0.0, 0.15),  # 0.04
}


def _rows():
    return [e for e in discover_experiments() if e.key in QUICK_RANGES]


def test_every_row_is_discovered_with_its_figure_where_the_brief_asks():
    rows = {e.key: e for e in _rows()}
    assert set(rows) == set(QUICK_RANGES)
    for key in (
        "elman/reber-grammar",
        "art/circle-in-square-100",
        "memory/hebb-capacity",
        "memory/modern-hopfield-retrieval",
        "som/iris-quantization-error",
        "gas/fritzke-shapes-topology",
        "dynamic/narendra-example-2",
    ):
        assert callable(rows[key].figure), key
    for row in rows.values():
        assert row.source and row.protocol and row.quick_seeds <= 3


@pytest.mark.parametrize("family", ["elman", "art", "memory", "som", "gas", "lvq", "dynamic"])
def test_quick_rows_give_sane_figures(family):
    rows = [e for e in _rows() if e.family == family]
    for result, row in zip(run_experiments(rows, quick=True), rows):
        assert result["verdict"] in ("reproduced", "within tolerance", "not reproduced"), result
        assert len(result["values"]) == row.quick_seeds
        assert all(math.isfinite(v) for v in result["values"])
        low, high = QUICK_RANGES[row.key]
        assert low <= result["mean"] <= high, (row.key, result["values"])


def test_the_reber_measure_accepts_the_legal_sets_and_nothing_else():
    from zoo.elman._experiments import _recognised

    X, y = make_reber(20, random_state=0)
    legal = np.nan_to_num(y)
    # a predictor that outputs exactly the legal successors recognises every string
    assert _recognised(np.where(legal > 0.5, 0.9, 0.1), X, y).all()
    # one illegal symbol predicted at one step of string 3 loses that string alone
    wrong = np.where(legal > 0.5, 0.9, 0.1)
    wrong[3, 0, 0] = 0.5  # after B, B itself is not legal
    assert _recognised(wrong, X, y).tolist() == [i != 3 for i in range(20)]
    # a legal successor left under the threshold 0.3 loses the string too
    low = np.where(legal > 0.5, 0.9, 0.1)
    low[5, 0, np.flatnonzero(legal[5, 0])[0]] = 0.25  # T or P after B
    assert _recognised(low, X, y).tolist() == [i != 5 for i in range(20)]
    # padded steps (NaN inputs) never count against a string
    padded = np.where(legal > 0.5, 0.9, 0.1)
    padded[np.isnan(X[..., 0])] = 0.5
    assert _recognised(padded, X, y).all()


def test_the_corrupted_reber_strings_leave_the_grammar_and_legal_ones_are_accepted():
    from zoo.datasets import is_reber
    from zoo.elman._experiments import _accepted, _corrupted, _fit_reber

    corrupted = _corrupted(0, 200)
    assert len(corrupted) == 200 and not any(is_reber(s) for s in corrupted)
    model = _fit_reber(0, True)  # the quick fit, cached from the quick run
    _, _, legal = make_reber(200, random_state=7, return_strings=True)
    assert _accepted(model, legal).all()
    assert _accepted(model, corrupted).mean() < 0.05


def test_the_gas_topology_check_rejects_a_chord_across_the_ring_and_a_bridge():
    from zoo.gas._experiments import _CENTRE, _INNER, _OUTER, _matches, _shapes

    class Graph:  # the attributes _matches reads from a fitted GrowingNeuralGas
        def __init__(self, units, edges):
            self.cluster_centers_, self.edges_ = np.asarray(units), np.asarray(edges)
            n = len(units)
            parent = list(range(n))

            def root(i):
                while parent[i] != i:
                    i = parent[i]
                return i

            for i, j in edges:
                parent[root(i)] = root(j)
            roots = sorted({root(i) for i in range(n)}, key=lambda r: min(
                i for i in range(n) if root(i) == r))  # fmt: skip
            self.unit_labels_ = np.array([roots.index(root(i)) for i in range(n)])
            self.n_clusters_ = len(roots)

    X, shape = _shapes(0)
    angle = np.linspace(0, 2 * np.pi, 12, endpoint=False)
    radius = (_INNER + _OUTER) / 2
    ring = _CENTRE + radius * np.c_[np.cos(angle), np.sin(angle)]
    square = np.array([[0.6, 0.6], [0.9, 0.6], [0.9, 0.85], [0.6, 0.85]])
    line = np.array([[0.1, 0.11], [0.5, 0.18], [0.9, 0.25]])
    units = np.vstack([ring, square, line])
    ring_edges = [(i, (i + 1) % 12) for i in range(12)]
    square_edges = [(12, 13), (13, 14), (14, 15), (12, 15)]
    line_edges = [(16, 17), (17, 18)]
    good = ring_edges + square_edges + line_edges
    assert _matches(Graph(units, good), X, shape)
    # a chord through the hole (opposite ring units), a bridge between shapes, a split shape
    assert not _matches(Graph(units, good + [(0, 6)]), X, shape)
    assert not _matches(Graph(units, good + [(3, 12)]), X, shape)
    assert not _matches(Graph(units, ring_edges + square_edges + [(16, 17)]), X, shape)


@pytest.mark.slow
def test_every_figure_draws():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    for row in _rows():
        if row.figure is not None:
            fig = Figure(figsize=(6.4, 3.6))
            caption = row.figure(0, True, fig)
            assert fig.axes and isinstance(caption, str) and caption, row.key
