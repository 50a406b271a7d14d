"""Refactorings keep results: every estimator reproduces the outputs stored before them.

``tests/snapshots/unchanged.npz`` holds, for fixed data and seeds, what each estimator in
``zoo.__all__`` (and one fit per training path: MLP solvers, early stopping, partial_fit, SOM
online/batch, ...) predicted, transformed, scored and recorded (``loss_curve_``, ``n_iter_``),
once per arithmetic the reference machine offers (``make_snapshots.py``: OpenBLAS core types,
thread counts, numpy's SIMD loops). A change meant to alter results regenerates it in the same
commit, saying why. An estimator added to ``zoo.__all__`` later has no stored entry and is
skipped.

Where this process's arithmetic is one of the stored ones (its :func:`arithmetic.fingerprint`
matches), every output must be bit-identical to that arithmetic's: the check a refactoring must
pass. On any other machine last-bit differences are expected, and training amplifies them, so an
output only has to stay within ``SAFETY`` times the largest deviation the stored arithmetics
showed for it (the case's own measured sensitivity to rounding; at least ``FLOOR``), and a label
may change only where it is that sensitive: a share of labels no larger than the stored
arithmetics changed, besides samples whose stored class margin is within the tolerance of the
probabilities or decision values. ``score`` (accuracy or R^2) is among the outputs compared.
"""

import ast
import functools
import os
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "snapshots"))

from arithmetic import fingerprint  # noqa: E402
from make_snapshots import HERE, cases, deviation, digest, is_labels, run  # noqa: E402

#: How far beyond the stored arithmetics' largest deviation an unknown arithmetic may go: the
#: 20 stored ones sample the spread of rounding, they do not bound it. make_snapshots.py prints
#: the check: leaving one core type out, its deviations reach a few times those of the others.
SAFETY = 10.0
#: The least relative tolerance of a value, a few hundred ulps: a deviation the stored arithmetics
#: happened not to show can still be a reordered sum.
FLOOR = 1e-13

STORED = dict(np.load(HERE / "unchanged.npz"))
ENVIRONMENTS = dict(str(line).split(" ", 1) for line in STORED.pop("__environments__"))
SPREADS = dict(zip(STORED.pop("__spread_keys__").tolist(), STORED.pop("__spreads__").tolist()))
DIGESTS = {
    (arithmetic_key, output): bits
    for arithmetic_key, output, bits in (str(line).split() for line in STORED.pop("__digests__"))
}
CASES = cases()
pytestmark = pytest.mark.numerics


@functools.cache
def arithmetic():
    """This process's fingerprint, taken inside a test: under the session's BLAS thread limit."""
    return fingerprint()


def stored(case):
    """``{key: array}``: the reference outputs stored for ``case`` (and its ``params``)."""
    start = f"{case}::"
    return {k[len(start) :]: v for k, v in STORED.items() if k.startswith(start)}


def margins(values):
    """Each sample's distance from a tie between its two best classes."""
    if values.ndim == 1:
        return np.abs(values)
    top = np.sort(values, axis=1)
    return top[:, -1] - top[:, -2]


def assert_within_rounding(name, expected, spreads, actual, case):
    tolerance = {key: max(SAFETY * spreads[key], FLOOR) for key in expected}
    for key, value in expected.items():
        if is_labels(name, key, value):
            changed = np.asarray(actual[key]) != value
            fragile = np.zeros(value.shape, dtype=bool)
            for scores in ("predict_proba", "decision_function"):
                if scores in expected and len(expected[scores]) == len(value):
                    scale = np.max(np.abs(expected[scores]))
                    fragile |= margins(expected[scores]) <= 2 * tolerance[scores] * scale
            share = np.mean(changed & ~fragile) if value.size else 0.0
            assert share <= SAFETY * spreads[key], (
                f"{case} {key}: {share:.3f} of the labels changed, not near a tie "
                f"(the stored arithmetics changed at most {spreads[key]:.3f})"
            )
            continue
        moved = deviation(name, key, actual[key], value)
        assert moved <= tolerance[key], (
            f"{case} {key}: moved {moved:.3g} (relative), more than {tolerance[key]:.3g} = "
            f"{SAFETY:g} x the {spreads[key]:.3g} the stored arithmetics moved it"
        )


@pytest.mark.parametrize("case", sorted(CASES))
def test_results_unchanged(case):
    expected = stored(case)
    if not expected:
        pytest.skip(f"{case} has no stored snapshot (added after it was taken)")
    name, _, n_partial = CASES[case]
    params = ast.literal_eval(str(expected.pop("params")))
    actual = run(name, params, n_partial)
    assert set(actual) == set(expected), case
    # within the measured tolerances everywhere (in a stored arithmetic other than the
    # reference's too, where the tolerance path meets real deviations) ...
    spreads = {key: SPREADS[f"{case}::{key}"] for key in expected}
    assert_within_rounding(name, expected, spreads, actual, case)
    if arithmetic() not in ENVIRONMENTS:
        return
    # ... and bit for bit where this arithmetic is a stored one
    for key, value in expected.items():
        bits = DIGESTS.get((arithmetic(), f"{case}::{key}"))
        if bits is not None:
            assert digest(actual[key]) == bits, (
                f"{case} {key} differs from this arithmetic's stored bits, by "
                f"{deviation(name, key, actual[key], value):.3g} from the reference"
            )
        else:
            np.testing.assert_array_equal(actual[key], value, err_msg=f"{case} {key}")


def test_results_moved_beyond_their_tolerance_fail():
    for case, (name, _, _) in CASES.items():
        expected = stored(case)
        expected.pop("params", None)
        for key, value in expected.items():
            if value.dtype.kind != "f" or not value.size or is_labels(name, key, value):
                continue
            spread = SPREADS[f"{case}::{key}"]
            shift = 2 * max(SAFETY * spread, FLOOR) * (np.max(np.abs(value)) + 1)
            with pytest.raises(AssertionError, match="moved"):
                assert_within_rounding(
                    name, {key: value}, {key: spread}, {key: value + shift}, case
                )


@pytest.mark.skipif(
    not os.environ.get("ZOO_EXACT_SNAPSHOTS"), reason="ZOO_EXACT_SNAPSHOTS unset (.ci/run sets it)"
)
def test_arithmetic_is_a_stored_one():
    # CI compares exactly: on a machine whose arithmetic the snapshot lacks, regenerate it there
    assert arithmetic() in ENVIRONMENTS, (
        f"this arithmetic ({arithmetic()}) is none of the {len(ENVIRONMENTS)} in unchanged.npz; "
        "run python tests/snapshots/make_snapshots.py on this machine"
    )
