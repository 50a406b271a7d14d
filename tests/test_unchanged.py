"""Refactorings keep results: every estimator reproduces the outputs stored before them.

``tests/snapshots/unchanged.npz`` holds, for fixed data and seeds, what each estimator in
``zoo.__all__`` (and one fit per training path: MLP solvers, early stopping, partial_fit, SOM
online/batch, ...) predicted, transformed and recorded (``loss_curve_``, ``n_iter_``). It was
written by ``tests/snapshots/make_snapshots.py`` on the code before the refactoring of issue 13. A
change meant to alter results regenerates it in the same commit, saying why. An estimator added to
``zoo.__all__`` later has no stored entry and is skipped.
"""

import ast
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "snapshots"))

from make_snapshots import HERE, cases, run  # noqa: E402

STORED = dict(np.load(HERE / "unchanged.npz"))
CASES = cases()


@pytest.mark.parametrize("case", sorted(CASES))
def test_results_unchanged(case):
    prefix = f"{case}::"
    expected = {k[len(prefix) :]: v for k, v in STORED.items() if k.startswith(prefix)}
    if not expected:
        pytest.skip(f"{case} has no stored snapshot (added after it was taken)")
    name, _, n_partial = CASES[case]
    params = ast.literal_eval(str(expected.pop("params")))
    actual = run(name, params, n_partial)
    assert set(actual) == set(expected), case
    for key, value in expected.items():
        np.testing.assert_allclose(actual[key], value, rtol=1e-12, atol=0, err_msg=f"{case} {key}")
