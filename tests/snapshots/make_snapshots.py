"""Store what every estimator computes for fixed data and seeds (see tests/test_unchanged.py).

Run from the repository root on the code whose results are the reference:
``python tests/snapshots/make_snapshots.py``. It writes ``tests/snapshots/unchanged.npz``; a
refactoring that must not change results is checked against it by ``tests/test_unchanged.py``.
"""

import inspect
import sys
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE.parent))

from test_common import FAST_PARAMS  # noqa: E402

import zoo  # noqa: E402

OUTPUT_METHODS = ("predict", "predict_proba", "decision_function", "transform", "score_samples")
FITTED = ("loss_curve_", "n_iter_", "validation_scores_")

#: Estimators whose input is 0/1 patterns.
BINARY = {"ART1", "BernoulliRBM", "BoltzmannMachine", "DBNTransformer", "DBNClassifier"}
#: Estimators whose input is sequences (n_sequences, n_timesteps, n_features).
SEQUENCES = {"ElmanClassifier", "ElmanRegressor"}
#: Estimators fitted without y.
UNSUPERVISED = {
    "BernoulliRBM",
    "BoltzmannMachine",
    "DBNTransformer",
    "GaussianBernoulliRBM",
    "ART1",
    "ComplementCoder",
    "FuzzyART",
    "SOM",
}
REGRESSORS = {
    "MLPRegressor",
    "CascadeCorrelationRegressor",
    "ElmanRegressor",
    "GRNNRegressor",
    "RBFRegressor",
}

#: Extra fits, one per training path a refactoring of the loop could change:
#: ``name: (estimator name, extra parameters, how many partial_fit calls or 0 for fit)``.
VARIANTS = {
    "MLPClassifier[sgd]": ("MLPClassifier", dict(solver="sgd", momentum=0.9), 0),
    "MLPClassifier[sgd-adaptive]": (
        "MLPClassifier",
        dict(solver="sgd", learning_rate="adaptive", nesterovs_momentum=False),
        0,
    ),
    "MLPClassifier[adam]": ("MLPClassifier", dict(solver="adam"), 0),
    "MLPClassifier[lbfgs]": ("MLPClassifier", dict(solver="lbfgs"), 0),
    "MLPClassifier[lbfgs-early]": ("MLPClassifier", dict(solver="lbfgs", early_stopping=True), 0),
    "MLPClassifier[adam-early]": ("MLPClassifier", dict(solver="adam", early_stopping=True), 0),
    "MLPClassifier[sgd-early]": ("MLPClassifier", dict(solver="sgd", early_stopping=True), 0),
    "MLPClassifier[anneal]": ("MLPClassifier", dict(solver="anneal", max_iter=20), 0),
    "MLPClassifier[n_init]": ("MLPClassifier", dict(n_init=2, max_iter=30), 0),
    "MLPClassifier[partial_fit]": ("MLPClassifier", dict(solver="sgd"), 3),
    "MLPRegressor[lbfgs]": ("MLPRegressor", dict(solver="lbfgs"), 0),
    "MLPRegressor[sgd-early]": ("MLPRegressor", dict(solver="sgd", early_stopping=True), 0),
    "MLPRegressor[partial_fit]": ("MLPRegressor", dict(solver="adam"), 3),
    "Perceptron[pocket]": ("Perceptron", dict(pocket=True), 0),
    "Perceptron[partial_fit]": ("Perceptron", dict(), 3),
    "BernoulliRBM[partial_fit]": ("BernoulliRBM", dict(), 3),
    "BernoulliRBM[persistent]": ("BernoulliRBM", dict(persistent=True, momentum=0.5), 0),
    "GaussianBernoulliRBM[learn_variance]": ("GaussianBernoulliRBM", dict(learn_variance=True), 0),
    "BoltzmannMachine[keep_best]": ("BoltzmannMachine", dict(keep_best=True, momentum=0.5), 0),
    "BoltzmannMachine[mean_field]": ("BoltzmannMachine", dict(method="mean_field"), 0),
    "ElmanClassifier[sgd-early]": (
        "ElmanClassifier",
        dict(solver="sgd", early_stopping=True, momentum=0.9),
        0,
    ),
    "ElmanClassifier[partial_fit]": ("ElmanClassifier", dict(), 3),
    "ElmanRegressor[n_init]": ("ElmanRegressor", dict(n_init=2, max_iter=20), 0),
    "RBFClassifier[fine_tune]": ("RBFClassifier", dict(fine_tune=True, max_iter=30), 0),
    "RBFRegressor[fine_tune-early]": (
        "RBFRegressor",
        dict(fine_tune=True, early_stopping=True, solver="sgd", max_iter=30),
        0,
    ),
    "SOM[online]": ("SOM", dict(algorithm="online"), 0),
    "SOM[batch]": ("SOM", dict(algorithm="batch"), 0),
    "SOM[partial_fit]": ("SOM", dict(), 3),
    "SOMClassifier[online]": ("SOMClassifier", dict(algorithm="online"), 0),
    "FuzzyART[partial_fit]": ("FuzzyART", dict(n_epochs=3), 3),
    "FuzzyARTMAP[epochs]": ("FuzzyARTMAP", dict(n_epochs=5), 0),
    "ART1[epochs]": ("ART1", dict(n_epochs=5), 0),
    "CascadeCorrelationClassifier[alpha]": ("CascadeCorrelationClassifier", dict(alpha=0.01), 0),
    "CascadeCorrelationRegressor[alpha]": ("CascadeCorrelationRegressor", dict(alpha=0.01), 0),
}


def data(name):
    """Small fixed data suited to the estimator ``name``: (X, y)."""
    rng = np.random.default_rng(0)
    if name in SEQUENCES:
        X = rng.normal(size=(40, 5, 2))
        if name in REGRESSORS:
            y = X[:, :, 0].cumsum(axis=1)[:, -1] + 0.5 * X[:, -1, 1]
        else:
            y = (X[:, :, 0].sum(axis=1) > 0).astype(int) + (X[:, -1, 1] > 1)
        return X, y
    centers = rng.uniform(size=(3, 6))
    labels = rng.integers(0, 3, size=60)
    X = np.clip(centers[labels] + 0.15 * rng.normal(size=(60, 6)), 0.0, 1.0)
    if name in BINARY:
        X = (X > 0.5).astype(float)
    if name in REGRESSORS:
        return X, X @ np.array([1.0, -2.0, 0.5, 3.0, 0.0, 1.0]) + 0.1 * labels
    return X, labels


def parameters(name, extra=None):
    """The hyper-parameters of a case: FAST_PARAMS, ``random_state=0``, then ``extra``."""
    params = dict(FAST_PARAMS.get(name, {}))
    if "random_state" in getattr(zoo, name)().get_params():
        params["random_state"] = 0
    params.update(extra or {})
    return params


def run(name, params, n_partial=0):
    """Fit (or partial_fit ``n_partial`` times) and return every output, by key."""
    X, y = data(name)
    estimator = getattr(zoo, name)(**params)
    args = (X,) if name in UNSUPERVISED else (X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if n_partial:
            kwargs = {}
            if "classes" in inspect.signature(estimator.partial_fit).parameters:
                kwargs["classes"] = np.unique(y)
            for _ in range(n_partial):
                estimator.partial_fit(*args, **kwargs)
        else:
            estimator.fit(*args)
        outputs = {}
        for method in OUTPUT_METHODS:
            if hasattr(estimator, method):
                try:
                    outputs[method] = np.asarray(getattr(estimator, method)(X), dtype=float)
                except (AttributeError, NotImplementedError):
                    continue
    for attribute in FITTED:
        value = getattr(estimator, attribute, None)
        if value is not None:
            outputs[attribute] = np.asarray(value, dtype=float)
    return outputs


def cases():
    """Every case: ``{case name: (estimator name, extra parameters, n_partial)}``."""
    all_cases = {name: (name, {}, 0) for name in zoo.__all__}
    all_cases.update(VARIANTS)
    return all_cases


def main():
    arrays = {}
    for case, (name, extra, n_partial) in cases().items():
        params = parameters(name, extra)
        # the parameters are stored too: later edits of FAST_PARAMS do not move the reference
        arrays[f"{case}::params"] = np.array(repr(params))
        for key, value in run(name, params, n_partial).items():
            arrays[f"{case}::{key}"] = value
        print(case, "ok")
    np.savez_compressed(HERE / "unchanged.npz", **arrays)


if __name__ == "__main__":
    main()
