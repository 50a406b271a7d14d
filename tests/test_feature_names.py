"""Feature names and output containers (issue 29 §3), for every estimator in ``zoo.__all__``.

* every transformer names its output columns (``get_feature_names_out``: unique strings, one per
  column ``transform`` returns) and ``set_output(transform="pandas")`` / ``"polars"`` wrap the
  same values in a DataFrame with those columns, on data of the estimator's input domain;
* scikit-learn's feature-name and set_output checks, which ``check_estimator`` does not run
  (scikit-learn runs them on its own estimators only): ``feature_names_in_`` is kept when fitting
  on a DataFrame, and renamed, reordered or missing names at predict/transform warn or raise as
  scikit-learn's estimators do; the global ``set_output`` config works too.

Elman networks take 2-D tables (one feature per step) as well as 3-D sequences: the tables are
checked as every other transformer; the 3-D case, which no DataFrame holds, names the last axis.
"""

import re
import warnings

import numpy as np
import pytest
from sklearn.datasets import make_blobs
from sklearn.utils import estimator_checks
from test_common import ESTIMATOR_CLASSES, _fit, make_estimator

import zoo

pd = pytest.importorskip("pandas")

TRANSFORMERS = [cls for cls in ESTIMATOR_CLASSES if hasattr(cls, "transform")]

#: scikit-learn's checks of feature names and output containers, not part of check_estimator.
ESTIMATOR_CHECKS = ["check_dataframe_column_names_consistency"]
TRANSFORMER_CHECKS = [
    "check_transformer_get_feature_names_out",
    "check_transformer_get_feature_names_out_pandas",
    "check_set_output_transform",
    "check_set_output_transform_pandas",
    "check_global_output_transform_pandas",
    "check_set_output_transform_polars",
    "check_global_set_output_transform_polars",
]


def _domain_data(cls):
    """A DataFrame (string column names, a non-default index) in the estimator's input domain.

    Binary patterns for the binary memories (three stored, all 40 used as cues), [0, 1] for the
    Boltzmann and ART models and for Elman's table of 6 steps of one feature, standardised for
    the rest; a class label per row as target.
    """
    X, y = make_blobs(n_samples=40, centers=3, n_features=6, cluster_std=0.6, random_state=0)
    X = (X - X.min(axis=0)) / (X.max(axis=0) - X.min(axis=0))
    domain = getattr(cls, "_input_domain", "real")
    if domain == "binary":
        X = (X > 0.5).astype(float)
    elif domain == "real":
        X = (X - X.mean(axis=0)) / X.std(axis=0)
    columns = [f"feature {j}" for j in range(X.shape[1])]
    return pd.DataFrame(X, columns=columns, index=[f"row {i}" for i in range(len(X))]), y


def _fitted(cls, X, y):
    estimator = make_estimator(cls)
    rows = slice(0, 3) if getattr(cls, "_input_domain", None) == "binary" else slice(None)
    with warnings.catch_warnings():  # convergence on 40 rows is not the subject here
        warnings.simplefilter("ignore")
        return _fit(estimator, X.iloc[rows], y[rows])


def _transform(estimator, X):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # recall that does not settle in max_iter, say
        return estimator.transform(X)


@pytest.mark.parametrize("cls", TRANSFORMERS, ids=lambda cls: cls.__name__)
def test_every_transformer_names_its_columns(cls):
    X, y = _domain_data(cls)
    estimator = _fitted(cls, X, y)
    names = estimator.get_feature_names_out()
    assert list(estimator.feature_names_in_) == list(X.columns)
    assert all(isinstance(name, str) for name in names)
    assert len(set(names)) == len(names) == np.asarray(_transform(estimator, X)).shape[1]
    # what the column is, not scikit-learn's "<classname><k>" (issue 29: "rbm_hidden_12"), but
    # for the drop-in BernoulliRBM, whose names scikit-learn's own tests assert
    sklearn_style = [re.fullmatch(rf"{cls.__name__.lower()}\d+", name) for name in names]
    assert all(sklearn_style) if cls.__name__ == "BernoulliRBM" else not any(sklearn_style)


@pytest.mark.parametrize("container", ["pandas", "polars"])
@pytest.mark.parametrize("cls", TRANSFORMERS, ids=lambda cls: cls.__name__)
def test_set_output_wraps_the_same_values(cls, container):
    X, y = _domain_data(cls)
    if container == "polars":
        pl = pytest.importorskip("polars")
        X_in = pl.from_pandas(X)
    else:
        X_in = X
    estimator = _fitted(cls, X, y)
    expected = np.asarray(_transform(estimator, X))
    out = _transform(estimator.set_output(transform=container), X_in)
    assert type(out).__module__.split(".")[0] == container
    assert list(out.columns) == list(estimator.get_feature_names_out())
    np.testing.assert_array_equal(out.to_numpy(), expected)
    if container == "pandas":
        assert list(out.index) == list(X.index)


SKLEARN_CASES = [
    (cls, check)
    for cls in ESTIMATOR_CLASSES
    for check in ESTIMATOR_CHECKS + (TRANSFORMER_CHECKS if cls in TRANSFORMERS else [])
]


@pytest.mark.parametrize(
    "cls, check", SKLEARN_CASES, ids=[f"{cls.__name__}-{check}" for cls, check in SKLEARN_CASES]
)
def test_sklearn_feature_name_checks(cls, check):
    if "polars" in check:
        pytest.importorskip("polars")
    with warnings.catch_warnings():
        if check in TRANSFORMER_CHECKS:  # they fit and transform with and without names at will
            warnings.filterwarnings("ignore", "X (has|does not have valid) feature names")
        getattr(estimator_checks, check)(cls.__name__, make_estimator(cls))


@pytest.mark.parametrize("cls", [zoo.ElmanClassifier, zoo.ElmanRegressor])
def test_elman_names_say_last_state_or_every_step(cls):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((12, 5, 2))  # 3-D sequences: no DataFrame holds them
    y_last, y_steps = rng.integers(0, 2, 12), rng.integers(0, 2, (12, 5))
    for output, y, prefix in [("last", y_last, "last"), ("sequence", y_steps, "step")]:
        estimator = make_estimator(cls, output=output, max_iter=3)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            estimator.fit(X, y.astype(float) if cls is zoo.ElmanRegressor else y)
        names = estimator.get_feature_names_out()
        assert names.tolist() == [f"elman_{prefix}_hidden_{k}" for k in range(8)]
        assert estimator.transform(X).shape[-1] == len(names)
    with pytest.raises(ValueError, match="3-D states .* which no DataFrame holds"):
        estimator.set_output(transform="pandas").transform(X)


@pytest.mark.parametrize("cls", [zoo.HopfieldNetwork, zoo.ModernHopfield])
def test_a_memory_recalls_into_the_input_columns(cls):
    X, y = _domain_data(cls)
    assert _fitted(cls, X, y).get_feature_names_out().tolist() == list(X.columns)
    unnamed = _fitted(cls, pd.DataFrame(X.to_numpy()), y)
    assert unnamed.get_feature_names_out().tolist() == [f"x{j}" for j in range(X.shape[1])]
