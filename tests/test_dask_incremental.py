"""Streaming with Dask: dask-ml's ``Incremental`` drives every zoo estimator that has
``partial_fit`` through a Dask array block by block, and the model it returns is bit for bit the
model of an in-memory ``partial_fit`` loop over the same blocks.

The estimators are discovered from ``zoo.__all__`` (any with ``partial_fit``), so a new streaming
estimator is tested here without editing this file. The input is chosen by the estimator's
declared ``_input_domain``. The blocks are small (100 blocks of 6 rows) and the scheduler is
synchronous, so the whole file runs in seconds.
"""

import inspect
import pickle
import warnings

import numpy as np
import pytest
from sklearn.base import clone, is_classifier, is_regressor

import zoo

da = pytest.importorskip("dask.array")
dask = pytest.importorskip("dask")
Incremental = pytest.importorskip("dask_ml.wrappers").Incremental

N_BLOCKS, BLOCK_ROWS, N_FEATURES, N_STEPS = 100, 6, 5, 4


def _streaming_estimators():
    return [name for name in zoo.__all__ if hasattr(getattr(zoo, name)(), "partial_fit")]


def _domain(name):
    return getattr(getattr(zoo, name), "_input_domain", "real")


def _data(domain, n_samples, seed=0):
    """X for the domain, 3 class labels and a regression target, all deterministic.

    Sequences are 2-D, ``(n_sequences, n_timesteps)`` with one feature per step (zoo's reading of
    a 2-D sequence input): dask-ml's ``Incremental`` hands ``partial_fit`` blocks of 2-D arrays
    only (it indexes a block as ``(i, 0)``), so a 3-D array cannot be streamed through it.
    """
    rng = np.random.default_rng(seed)
    width = N_STEPS if domain == "sequences" else N_FEATURES
    X = rng.normal(size=(n_samples, width))
    score = X[:, 0] + 0.5 * X[:, 1] - 0.3 * X[:, -1]
    y = np.digitize(score, [-0.5, 0.5])  # three classes
    if domain == "unit_interval":
        X = 1 / (1 + np.exp(-X))
    elif domain == "binary":
        X = (X > 0).astype(float)
    return X, y, score


def _no_score(estimator, X, y=None):
    """A scorer for estimators without ``score``: ``Incremental`` insists on one but does not
    call it in ``fit``."""
    return 0.0


def _make(name):
    estimator = getattr(zoo, name)()
    if "random_state" in estimator.get_params():
        estimator.set_params(random_state=0)
    return estimator


def test_the_streaming_estimators_are_discovered():
    # the estimators the issue names, at least; any later one with partial_fit joins the list
    expected = {"MLPClassifier", "MLPRegressor", "Perceptron", "SOM", "SOMClassifier"}
    expected |= {"ART1", "FuzzyART", "FuzzyARTMAP", "BernoulliRBM"}
    expected |= {"ElmanClassifier", "ElmanRegressor"}
    assert expected <= set(_streaming_estimators())


@pytest.mark.parametrize("name", _streaming_estimators())
def test_incremental_over_a_dask_array_is_partial_fit_over_its_blocks(name):
    estimator = _make(name)
    n_samples = N_BLOCKS * BLOCK_ROWS
    X, labels, score = _data(_domain(name), n_samples + 50)
    X, X_test = X[:n_samples], X[n_samples:]
    if is_classifier(estimator):
        y = labels[:n_samples]
    elif is_regressor(estimator):
        y = score[:n_samples]
    else:
        y = None
    kwargs = {}
    if "classes" in inspect.signature(estimator.partial_fit).parameters:
        kwargs["classes"] = np.unique(labels)

    X_dask = da.from_array(X, chunks=(BLOCK_ROWS, X.shape[1]))
    y_dask = None if y is None else da.from_array(y, chunks=BLOCK_ROWS)
    assert X_dask.numblocks[0] >= 100

    with warnings.catch_warnings():
        # one epoch per small block: convergence is not the point here
        warnings.simplefilter("ignore", UserWarning)
        in_memory = clone(estimator)
        for start in range(0, n_samples, BLOCK_ROWS):
            block = slice(start, start + BLOCK_ROWS)
            in_memory.partial_fit(X[block], None if y is None else y[block], **kwargs)
        with dask.config.set(scheduler="synchronous"):
            scoring = None if hasattr(estimator, "score") else _no_score
            streamed = Incremental(estimator, scoring=scoring, shuffle_blocks=False)
            streamed.fit(X_dask, y_dask, **kwargs)

    model = streamed.estimator_
    assert type(model) is type(estimator)
    fitted = sorted(k for k in vars(in_memory) if k.endswith("_") and not k.startswith("_"))
    assert fitted and fitted == sorted(
        k for k in vars(model) if k.endswith("_") and not k.startswith("_")
    )
    for key in fitted:
        expected, got = getattr(in_memory, key), getattr(model, key)
        if isinstance(expected, np.ndarray):
            np.testing.assert_array_equal(got, expected, err_msg=key, strict=True)
    # bit for bit: the whole state, every private buffer and generator included
    assert pickle.dumps(model) == pickle.dumps(in_memory)
    for method in ("predict", "transform"):
        if hasattr(model, method):
            np.testing.assert_array_equal(
                getattr(model, method)(X_test), getattr(in_memory, method)(X_test)
            )
