"""zoo.io: skops persistence that round-trips every exported estimator and refuses foreign types."""

import numpy as np
import pytest
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from test_common import ESTIMATOR_CLASSES, _fit, _outputs, _task_data, make_estimator

from zoo.io import UntrustedTypeError, get_untrusted_types, load, save
from zoo.mlp import MLPClassifier

pytestmark = [
    pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning"),
    pytest.mark.numerics,
]


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


def test_a_function_inside_a_trusted_package_is_refused(tmp_path):
    """Issue 21: trusting every ``numpy.*`` name let a FunctionTransformer(func=numpy.save) load
    silently; skops lists numpy.save as untrusted, and so does zoo now."""
    from sklearn.preprocessing import FunctionTransformer

    X, y = _task_data(MLPClassifier())
    model = Pipeline(
        [("save", FunctionTransformer(func=np.save)), ("mlp", MLPClassifier(max_iter=5))]
    )
    path = tmp_path / "writes_files.skops"
    save(model, path)
    assert get_untrusted_types(path) == ["numpy.save"]
    with pytest.raises(UntrustedTypeError, match=r"\['numpy\.save'\]"):
        load(path)
    assert isinstance(load(path, trusted=["numpy.save"])[0], FunctionTransformer)


def test_only_zoos_own_classes_are_trusted_beyond_skops():
    from zoo.io import ESTIMATOR_STATE_TYPES, zoo_types

    names = zoo_types()
    assert "zoo.mlp._mlp_classifier.MLPClassifier" in names
    assert "zoo._core.training.History" in names
    assert all(name.startswith("zoo.") for name in names)  # classes, and only zoo's
    assert not any(name.startswith(("zoo.compare", "zoo.cli")) for name in names)
    # numpy dtypes (ART) and CSR arrays (echo state reservoirs), which skops rebuilds from arrays
    assert ESTIMATOR_STATE_TYPES == ("numpy.dtype", "scipy.sparse._csr.csr_array")


def test_a_pickle_file_gets_a_clear_message(tmp_path):
    import pickle

    path = tmp_path / "model.pkl"
    path.write_bytes(pickle.dumps(StandardScaler()))
    with pytest.raises(ValueError, match=r"is a pickle file: zoo.io reads skops' zip format only"):
        load(path)
    with pytest.raises(ValueError, match="is a pickle file"):
        get_untrusted_types(path)
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ValueError, match="not a file written by zoo.io.save"):
        load(tmp_path / "notes.txt")


def test_a_zoo_class_this_version_lacks_is_named_as_another_versions(tmp_path):
    # a file saved before a class moved between zoo's private modules names its old path
    import zipfile

    X, y = _task_data(MLPClassifier())
    path = tmp_path / "old.skops"
    save(MLPClassifier(max_iter=5, random_state=0).fit(X, y), path)
    moved = tmp_path / "moved.skops"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(moved, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "schema.json":
                data = data.replace(b"zoo.mlp._mlp_classifier", b"zoo.mlp._mlp")
            target.writestr(item, data)
    with pytest.raises(
        UntrustedTypeError, match=r"zoo\.mlp\._mlp\.MLPClassifier.*another version of zoo"
    ):
        load(moved)
