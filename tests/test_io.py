"""zoo.io: skops persistence that round-trips every exported estimator and refuses foreign types."""

import numpy as np
import pytest
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from test_common import ESTIMATOR_CLASSES, _fit, _outputs, _task_data, make_estimator

from zoo.io import UntrustedTypeError, get_untrusted_types, load, save
from zoo.mlp import MLPClassifier

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.mark.parametrize("cls", ESTIMATOR_CLASSES, ids=[c.__name__ for c in ESTIMATOR_CLASSES])
def test_round_trip_gives_identical_outputs(cls, tmp_path):
    estimator = make_estimator(cls)
    X, y = _task_data(estimator)
    _fit(estimator, X, y)
    path = tmp_path / f"{cls.__name__}.skops"
    save(estimator, path)
    assert get_untrusted_types(path) == []  # nothing outside zoo / sklearn / numpy
    restored = load(path)
    assert type(restored) is cls
    assert restored.get_params() == estimator.get_params()
    before, after = _outputs(estimator, X), _outputs(restored, X)
    for method in before:
        np.testing.assert_array_equal(before[method], after[method], err_msg=method)


def test_pipeline_round_trip_and_training_continues(tmp_path):
    X, y = _task_data(MLPClassifier())
    model = Pipeline(
        [
            ("scale", StandardScaler()),
            ("mlp", MLPClassifier(hidden_layer_sizes=(8,), max_iter=30, random_state=0)),
        ]
    )
    model.fit(X, y)
    save(model, tmp_path / "pipe.skops")
    restored = load(tmp_path / "pipe.skops")
    np.testing.assert_array_equal(model.predict_proba(X), restored.predict_proba(X))
    # the optimiser state travels too: one more partial_fit step agrees bit for bit
    model[-1].partial_fit(model[0].transform(X), y)
    restored[-1].partial_fit(restored[0].transform(X), y)
    np.testing.assert_array_equal(model.predict_proba(X), restored.predict_proba(X))


class Shady(TransformerMixin, BaseEstimator):
    """A type from outside zoo, scikit-learn and numpy (it lives in this test module)."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return X


def test_untrusted_type_is_refused_with_its_name(tmp_path):
    X, y = _task_data(MLPClassifier())
    model = Pipeline([("shady", Shady()), ("mlp", MLPClassifier(max_iter=5, random_state=0))])
    model.fit(X, y)
    path = tmp_path / "shady.skops"
    save(model, path)
    name = f"{Shady.__module__}.Shady"
    assert get_untrusted_types(path) == [name]
    with pytest.raises(UntrustedTypeError, match=r"Refusing to load.*test_io\.Shady.*trusted="):
        load(path)
    # the caller may trust it explicitly
    restored = load(path, trusted=[name])
    np.testing.assert_array_equal(model.predict(X), restored.predict(X))


def test_untrusted_error_is_a_value_error_and_missing_file_is_clear(tmp_path):
    assert issubclass(UntrustedTypeError, ValueError)
    with pytest.raises(FileNotFoundError, match="No such model file"):
        load(tmp_path / "nothing.skops")
