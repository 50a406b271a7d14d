"""scikit-learn 1.9's conventions (issue 29), held for every estimator in ``zoo.__all__``.

The five conventions, each enumerated over the exports, so that an estimator added later is held
to them without editing this file:

1. callbacks (``set_callbacks``): every estimator that trains by iterations takes scikit-learn's
   callbacks; their behaviour (ProgressBar, ScoringMonitor, a callback that stops training) is
   checked in ``tests/test_callbacks.py``;
2. ``sample_weight``: every estimator whose objective has a weighted form takes it in ``fit``, and
   scikit-learn's metadata routing hands it through ``GridSearchCV`` to the estimator (the refit
   model is the model fitted directly with the weights, and the weights change it); the others
   refuse it by name. Weighted versus repeated samples: ``check_estimator``, in
   ``tests/test_common.py``;
3. feature names and output containers: ``tests/test_feature_names.py``;
4. ``warm_start``: every estimator that trains by iterations, with scikit-learn's semantics,
   checked here as the common contract;
5. losses: every regressor with a ``loss`` parameter takes the regression losses of the shared
   table (``zoo._core.losses.REGRESSION_LOSSES``).

An estimator that does not follow one of them is listed in ``EXEMPT`` with its reason, and the
README's support table (between its ``conventions`` markers) must say the same as the code.
"""

import re
import warnings
from pathlib import Path

import numpy as np
import pytest
import sklearn
from sklearn.base import clone, is_classifier, is_regressor
from sklearn.model_selection import GridSearchCV
from sklearn.utils.validation import has_fit_parameter
from test_common import (
    ESTIMATOR_CLASSES,
    EXPECTED_FAILED_CHECKS,
    _arrays_in,
    _outputs,
    _supervised,
    _task_data,
    make_estimator,
)

from zoo._core.losses import REGRESSION_LOSSES

_CODING = "a fixed coding [x, 1 - x] of each row: nothing is learned"
_STORED = "stores the patterns in one step: no iterations"
_RIDGE = "closed-form ridge readout of a fixed random reservoir (Jaeger 2001): no iterations"
_RIDGE_WARM = _RIDGE + "; partial_fit adds data to the readout's normal equations"
_ELM = "closed-form ridge output layer of a fixed random hidden layer (Huang 2006): no iterations"
_ELM_WARM = _ELM + "; partial_fit adds data to the normal equations (OS-ELM)"

#: ``{convention: {estimator name: reason}}``: the estimators a convention does not apply to.
EXEMPT = {
    "callbacks": {
        "ComplementCoder": _CODING,
        "HopfieldNetwork": _STORED + " (Hebb's or the pseudo-inverse rule)",
        "ModernHopfield": _STORED + " (the stored patterns are the weights)",
        "BAM": _STORED + " (Kosko's correlation matrix)",
        "GRNNRegressor": "one pass: the training set is the model (Specht 1991)",
        "PNNClassifier": "one pass: the training set is the model (Specht 1990)",
        "EchoStateClassifier": _RIDGE,
        "EchoStateRegressor": _RIDGE,
        "ELMClassifier": _ELM,
        "ELMRegressor": _ELM,
    },
    "sample_weight": {
        "ComplementCoder": _CODING,
        "HopfieldNetwork": "each stored pattern is a memory; storage rules have no weights",
        "ModernHopfield": "each stored pattern is a memory; storage has no weights",
        "BAM": "each stored pair is a memory; storage has no weights",
        "TopoART": "its counters n_i count presentations: phi and tau are numbers of inputs",
        "FusionART": "each channel learns at its own module's rate: no one weighted rate",
        "BARTMAP": "biclustering: a row's weight has no place in the correlation test",
    },
    "warm_start": {
        "ComplementCoder": _CODING,
        "HopfieldNetwork": _STORED + ": a refit stores the new patterns",
        "ModernHopfield": _STORED + ": a refit stores the new patterns",
        "BAM": _STORED + ": a refit stores the new pairs",
        "GRNNRegressor": "one pass: nothing to continue",
        "PNNClassifier": "one pass: nothing to continue",
        "EchoStateClassifier": _RIDGE_WARM,
        "EchoStateRegressor": _RIDGE_WARM,
        "ELMClassifier": _ELM_WARM,
        "ELMRegressor": _ELM_WARM,
        "BARTMAP": "the column clusters are learned from the whole matrix: a new one is refit",
    },
}

SUPPORTS = {
    "callbacks": lambda cls: hasattr(cls, "set_callbacks"),
    "sample_weight": lambda cls: has_fit_parameter(cls, "sample_weight"),
    "warm_start": lambda cls: "warm_start" in cls().get_params(),
}


BY_NAME = {cls.__name__: cls for cls in ESTIMATOR_CLASSES}


def _names(convention, supported):
    return [
        cls for cls in ESTIMATOR_CLASSES if (cls.__name__ not in EXEMPT[convention]) == supported
    ]


def _ids(cls):
    return cls.__name__


@pytest.mark.parametrize("convention", list(EXEMPT))
def test_every_estimator_follows_the_convention_or_says_why_not(convention):
    names = {cls.__name__ for cls in ESTIMATOR_CLASSES}
    assert set(EXEMPT[convention]) <= names, set(EXEMPT[convention]) - names
    missing = [
        cls.__name__
        for cls in ESTIMATOR_CLASSES
        if not SUPPORTS[convention](cls) and cls.__name__ not in EXEMPT[convention]
    ]
    assert not missing, f"no {convention} and no reason in EXEMPT: {missing}"
    needless = [name for name in EXEMPT[convention] if SUPPORTS[convention](BY_NAME[name])]
    assert not needless, f"{convention} is supported, yet listed as exempt: {needless}"


def _weights(n_samples):
    """Unequal weights, every fourth zero (a weight that changes even a fast-learning ART, which
    a positive weight does not): a model they do not change has not seen them."""
    weights = np.random.default_rng(0).uniform(0.2, 3.0, size=n_samples)
    weights[::4] = 0.0
    return weights


@pytest.mark.parametrize("cls", _names("sample_weight", supported=False), ids=_ids)
def test_weights_where_they_mean_nothing_are_refused_by_name(cls):
    estimator = make_estimator(cls)
    X, y = _task_data(estimator)
    if getattr(cls, "_input_domain", None) == "binary":
        X = np.where(X > 0.5, 1.0, -1.0)[:4]
        y = y[:4]
    args = (X, y) if _supervised(estimator) else (X,)
    with pytest.raises(TypeError, match="sample_weight"):
        estimator.fit(*args, sample_weight=np.ones(len(X)))


@pytest.mark.parametrize("cls", _names("sample_weight", supported=True), ids=_ids)
def test_weights_too_large_to_sum_get_a_clear_error(cls):
    estimator = make_estimator(cls)
    X, y = _task_data(estimator)
    args = (X, y) if _supervised(estimator) else (X,)
    with pytest.raises(ValueError, match="sample_weight sums to"):
        estimator.fit(*args, sample_weight=np.full(len(X), 1e300))


def _first_parameter(estimator):
    """A grid of one point: the estimator's own first parameter (the search is not the subject)."""
    name, value = next(iter(estimator.get_params(deep=False).items()))
    return {name: [value]}


def _quiet_fit(estimator, X, y, **fit_params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence on 60 rows is not the subject here
        if _supervised(estimator):
            return estimator.fit(X, y, **fit_params)
        return estimator.fit(X, **fit_params)


@pytest.mark.parametrize("cls", _names("sample_weight", supported=True), ids=_ids)
def test_metadata_routing_hands_the_weights_through_a_grid_search(cls):
    X, y = _task_data(make_estimator(cls))
    weights = _weights(len(X))
    with sklearn.config_context(enable_metadata_routing=True):
        estimator = make_estimator(cls).set_fit_request(sample_weight=True)
        scoring = None
        if hasattr(estimator, "set_score_request"):
            estimator.set_score_request(sample_weight=True)
        elif not hasattr(estimator, "score"):
            scoring = _no_score
        search = GridSearchCV(estimator, _first_parameter(estimator), cv=2, scoring=scoring)
        _quiet_fit(search, X, y, sample_weight=weights)
        direct = _quiet_fit(clone(estimator), X, y, sample_weight=weights)
        plain = _quiet_fit(clone(estimator), X, y)
    routed, weighted, unweighted = (_outputs(m, X) for m in (search.best_estimator_, direct, plain))
    for method in weighted:
        np.testing.assert_array_equal(routed[method], weighted[method], err_msg=method)
    assert _fitted_arrays(direct) != _fitted_arrays(plain), "the weights did not change the model"


def _fitted_arrays(estimator):
    """The arrays the fit learned (reachable from attributes ending in ``_``), to compare models."""
    fitted = {name: value for name, value in vars(estimator).items() if name.endswith("_")}
    return [array.tobytes() for array in _arrays_in(fitted)]


def _no_score(estimator, X, y=None):
    """A scorer for the estimators without ``score`` (the grid has one point)."""
    return 0.0


def _half(X, y, part):
    rows = slice(0, len(X) // 2) if part == 0 else slice(len(X) // 2, None)
    return X[rows], y[rows]


@pytest.mark.parametrize("cls", _names("warm_start", supported=True), ids=_ids)
def test_warm_start_on_an_unfitted_estimator_is_a_cold_fit(cls):
    estimator = make_estimator(cls)
    X, y = _task_data(estimator)
    cold = _quiet_fit(clone(estimator), X, y)
    warm = _quiet_fit(clone(estimator).set_params(warm_start=True), X, y)
    expected, got = _outputs(cold, X), _outputs(warm, X)
    for method in expected:
        np.testing.assert_array_equal(got[method], expected[method], err_msg=method)


@pytest.mark.parametrize("cls", _names("warm_start", supported=True), ids=_ids)
def test_a_warm_fit_continues_from_the_fitted_model(cls):
    """A warm fit on new data starts from the model the first data trained, so it is not the
    cold fit on the new data; a cold refit forgets the first data."""
    estimator = make_estimator(cls)
    X, y = _task_data(estimator, n_samples=120)
    first, second = _half(X, y, 0), _half(X, y, 1)
    warm = _quiet_fit(clone(estimator).set_params(warm_start=True), *first)
    _quiet_fit(warm, *second)
    cold = _quiet_fit(clone(estimator), *second)
    refit = _quiet_fit(_quiet_fit(clone(estimator), *first), *second)
    fresh, forgot = _outputs(cold, X), _outputs(refit, X)
    for method in fresh:
        np.testing.assert_array_equal(forgot[method], fresh[method], err_msg=method)
    assert _fitted_arrays(warm) != _fitted_arrays(cold), "the warm fit re-initialised"


@pytest.mark.parametrize("cls", _names("warm_start", supported=True), ids=_ids)
def test_a_warm_fit_on_other_data_shapes_is_refused(cls):
    estimator = make_estimator(cls, warm_start=True)
    X, y = _task_data(estimator)
    _quiet_fit(estimator, X, y)
    with pytest.raises(ValueError, match="features"):
        _quiet_fit(estimator, X[:, :3], y)
    if is_classifier(estimator):
        with pytest.raises(ValueError, match="classes"):
            _quiet_fit(estimator, X, np.where(y == 0, 7, y))


REGRESSORS_WITH_LOSS = [
    cls for cls in ESTIMATOR_CLASSES if is_regressor(cls()) and "loss" in cls().get_params()
]


def _loss_names(cls):
    """The named losses a regressor takes (its ``loss`` constraint), in the table's order."""
    (names,) = [c for c in cls._parameter_constraints["loss"] if hasattr(c, "options")]
    return [name for name in (*REGRESSION_LOSSES, "poisson") if name in names.options]


@pytest.mark.parametrize("loss", REGRESSION_LOSSES)
@pytest.mark.parametrize("cls", REGRESSORS_WITH_LOSS, ids=_ids)
def test_every_regressor_with_a_loss_takes_the_shared_losses(cls, loss):
    estimator = make_estimator(cls, loss=loss)
    X, y = _task_data(estimator)
    fitted = _quiet_fit(estimator, X, y)
    assert np.isfinite(fitted.predict(X)).all()


EQUIVALENCE_CHECK = "check_sample_weight_equivalence_on_dense_data"
README = Path(__file__).resolve().parents[1] / "README.md"


def _readme_table():
    text = README.read_text()
    block = re.search(r"<!-- conventions -->\n(.*?)<!-- /conventions -->", text, re.S)
    assert block, "README has no conventions table"
    rows = {}
    lines = [line for line in block.group(1).splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[cells[0].strip("`")] = dict(zip(header[1:], cells[1:], strict=True))
    return header[1:], rows


def _weight_cell(cls):
    """✓ where integer weights equal repetition (scikit-learn's equivalence check passes), ✓* where
    an online or sampled rule makes a weight scale a step instead (an expected failure)."""
    if not SUPPORTS["sample_weight"](cls):
        return "–"
    online = EQUIVALENCE_CHECK in EXPECTED_FAILED_CHECKS.get(cls.__name__, {})
    return "✓*" if online else "✓"


def _support_row(cls):
    estimator = cls()
    return {
        "callbacks": "✓" if SUPPORTS["callbacks"](cls) else "–",
        "sample_weight": _weight_cell(cls),
        "warm_start": "✓" if SUPPORTS["warm_start"](cls) else "–",
        "partial_fit": "✓" if hasattr(cls, "partial_fit") else "–",
        "feature names out": "✓" if hasattr(estimator, "get_feature_names_out") else "–",
        "losses": ", ".join(_loss_names(cls)) if cls in REGRESSORS_WITH_LOSS else "–",
    }


def test_the_readme_table_says_what_each_estimator_supports():
    header, rows = _readme_table()
    assert set(rows) == {cls.__name__ for cls in ESTIMATOR_CLASSES}
    for cls in ESTIMATOR_CLASSES:
        expected = _support_row(cls)
        assert header == list(expected)
        assert rows[cls.__name__] == expected, cls.__name__


def readme_table():
    """The README's support table, as ``python tests/test_conventions.py`` prints it."""
    header = ["estimator", *_support_row(ESTIMATOR_CLASSES[0])]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for cls in ESTIMATOR_CLASSES:
        lines.append(f"| `{cls.__name__}` | " + " | ".join(_support_row(cls).values()) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(readme_table())
