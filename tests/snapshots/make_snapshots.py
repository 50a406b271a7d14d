"""Store what every estimator computes for fixed data and seeds (see tests/test_unchanged.py).

Run from the repository root on the code whose results are the reference:
``python tests/snapshots/make_snapshots.py``. It writes ``tests/snapshots/unchanged.npz``; a
refactoring that must not change results is checked against it by ``tests/test_unchanged.py``.

Results depend on the arithmetic as well as on the code: another BLAS kernel or thread count sums in
another order, and training amplifies the last bits (cascade-correlation's predictions move by 10%).
So every case is run once per arithmetic this machine can offer (:data:`ENVIRONMENTS`: OpenBLAS
core types, one thread or the default, numpy's AVX-512 loops or not; each in a process of its own,
told apart by :func:`arithmetic.fingerprint`). The file keeps

* ``{case}::{key}``: the outputs in this machine's default arithmetic, the reference;
* ``__digests__``: lines ``fingerprint case::key digest``, the :func:`digest` of an output in
  another arithmetic where it differs (the bits, not the values: 20 arithmetics' arrays would
  weigh 6 MB);
* ``__spreads__`` (by ``__spread_keys__``, ``case::key``): how far the other arithmetics moved
  the output (:func:`deviation`),
  the case's own sensitivity to rounding, from which ``tests/test_unchanged.py`` derives its
  tolerance on a machine whose arithmetic is none of these.
"""

import hashlib
import inspect
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE.parent))

from arithmetic import fingerprint  # noqa: E402
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
    "RBFRegressor[fine_tune-lbfgs]": (
        "RBFRegressor",
        dict(fine_tune=True, solver="lbfgs", max_iter=30),
        0,
    ),
    "ElmanRegressor[lbfgs]": ("ElmanRegressor", dict(solver="lbfgs", max_iter=20), 0),
    "ConvNetClassifier[lbfgs]": ("ConvNetClassifier", dict(solver="lbfgs", max_iter=15), 0),
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
    if name not in UNSUPERVISED and hasattr(estimator, "score"):
        outputs["score"] = np.asarray(estimator.score(X, y), dtype=float)  # what the user reads
    return outputs


def cases():
    """Every case: ``{case name: (estimator name, extra parameters, n_partial)}``."""
    all_cases = {name: (name, {}, 0) for name in zoo.__all__}
    all_cases.update(VARIANTS)
    return all_cases


# ----------------------------------------------------------------------------- arithmetics

#: numpy's SIMD targets above AVX2: disabling them runs numpy's AVX2 loops (exp, tanh, sums).
AVX512_TARGETS = "AVX512_SPR AVX512_ICL AVX512_CNL AVX512_CLX AVX512_SKX X86_V4"
#: The arithmetics a snapshot is taken in: (OpenBLAS core type, thread count, numpy targets off);
#: None keeps the machine's default. Those the machine cannot run are left out.
ENVIRONMENTS = [
    (coretype, threads, numpy_off)
    for coretype in (None, "Prescott", "Nehalem", "Sandybridge", "Haswell", "SkylakeX")
    for threads in (None, "1")
    for numpy_off in (None, AVX512_TARGETS)
]
#: Outputs that are labels: compared by the share of samples that changed.
LABELS = "predict"


def is_labels(name, key, reference):
    """Whether ``reference`` (output ``key`` of estimator ``name``) holds labels, not values."""
    integers = np.array_equal(reference, np.round(reference))
    return key == LABELS and name not in REGRESSORS and integers


def deviation(name, key, actual, reference):
    """How far ``actual`` is from ``reference``: the share of changed labels, or, for values, the
    largest absolute difference relative to the reference's largest magnitude (curves of another
    length are compared over the epochs both have; ``n_iter_`` tells the lengths apart)."""
    actual, reference = np.asarray(actual, dtype=float), np.asarray(reference, dtype=float)
    if key in FITTED and actual.ndim == reference.ndim == 1:
        n = min(actual.size, reference.size)
        actual, reference = actual[:n], reference[:n]
    if actual.shape != reference.shape:
        return np.inf
    if is_labels(name, key, reference):
        return float(np.mean(actual != reference)) if actual.size else 0.0
    if not np.isfinite(actual).all():
        return np.inf
    scale = max(float(np.max(np.abs(reference), initial=0.0)), np.finfo(float).tiny)
    return float(np.max(np.abs(actual - reference), initial=0.0)) / scale


def digest(output):
    """A hex digest of an output's shape and float64 bits: equal digests, identical outputs."""
    output = np.ascontiguousarray(output, dtype=np.float64)
    return hashlib.sha256(repr(output.shape).encode() + output.tobytes()).hexdigest()[:16]


def environment_variables(coretype, threads, numpy_off):
    env = dict(os.environ)
    for variable, value in [
        ("OPENBLAS_CORETYPE", coretype),
        ("OPENBLAS_NUM_THREADS", threads),
        ("NPY_DISABLE_CPU_FEATURES", numpy_off),
    ]:
        if value is not None:
            env[variable] = value
    return env


def describe(coretype, threads, numpy_off):
    return (
        f"OpenBLAS {coretype or 'default core type'}, {threads or 'default'} thread(s), "
        f"numpy {'AVX2' if numpy_off else 'default'} loops"
    )


def run_all(path):
    """Worker: every case's outputs and this process's fingerprint, saved to ``path``."""
    arrays = {"__fingerprint__": np.array(fingerprint())}
    for case, (name, extra, n_partial) in cases().items():
        params = parameters(name, extra)
        arrays[f"{case}::params"] = np.array(repr(params))
        for key, value in run(name, params, n_partial).items():
            arrays[f"{case}::{key}"] = value
    np.savez(path, **arrays)


def main():
    runs = {}  # fingerprint -> (description, outputs)
    with tempfile.TemporaryDirectory() as tmp:
        for i, environment in enumerate(ENVIRONMENTS):
            path = Path(tmp) / f"{i}.npz"
            done = subprocess.run(
                [sys.executable, __file__, "--worker", str(path)],
                env=environment_variables(*environment),
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:  # a core type or numpy target this CPU lacks
                print(f"skipped: {describe(*environment)}: {done.stderr.strip()[-200:]}")
                continue
            outputs = dict(np.load(path))
            key = str(outputs.pop("__fingerprint__"))
            print(f"{key}  {describe(*environment)}{'  (same)' if key in runs else ''}")
            runs.setdefault(key, (describe(*environment), outputs))
    reference_key = next(iter(runs))  # ENVIRONMENTS starts with the machine's default
    reference = runs[reference_key][1]
    arrays = dict(reference)
    arrays["__environments__"] = np.array([f"{key} {text}" for key, (text, _) in runs.items()])
    spreads, digests, deviations = {}, [], {}
    for case, (name, _, _) in cases().items():
        prefix = f"{case}::"
        for key in [k[len(prefix) :] for k in reference if k.startswith(prefix)]:
            if key == "params":
                continue
            moved = []
            for fingerprint_key, (_, outputs) in runs.items():
                other = outputs[prefix + key]
                if not np.array_equal(other, reference[prefix + key]):
                    digests.append(f"{fingerprint_key} {prefix}{key} {digest(other)}")
                moved.append(deviation(name, key, other, reference[prefix + key]))
            spreads[prefix + key] = max(moved)
            deviations[prefix + key] = moved
    arrays["__spread_keys__"] = np.array(list(spreads))
    arrays["__spreads__"] = np.array(list(spreads.values()))
    arrays["__digests__"] = np.array(digests)
    np.savez_compressed(HERE / "unchanged.npz", **arrays)
    print(f"{len(runs)} arithmetics; reference {reference_key}")
    moved = sorted(((v, k) for k, v in spreads.items() if v > 0), reverse=True)
    print(f"{len(moved)} of {len(spreads)} outputs move across arithmetics; the most:")
    for spread, output in moved[:12]:
        print(f"  {spread:9.2g}  {output}")
    leave_one_out(deviations, [text.split(",")[0] for text, _ in runs.values()])


def leave_one_out(deviations, kernels, floor=1e-13):
    """How far one OpenBLAS core type's arithmetics go beyond the spread of all the others: the
    check that ``tests/test_unchanged.py``'s SAFETY factor is wide enough for a kernel not stored.
    ``kernels[i]`` names the core type of the i-th arithmetic of each list in ``deviations``."""
    worst, alone = (0.0, ""), set()
    for output, moved in deviations.items():
        moved = np.array(moved)
        for kernel in set(kernels):
            mine = np.array([k == kernel for k in kernels])
            value, others = moved[mine].max(), moved[~mine].max(initial=0.0)
            if value <= floor:
                continue
            if others == 0.0:
                alone.add(output)
            elif value / others > worst[0]:
                worst = (value / others, f"{output} under {kernel}")
    print(
        f"leave one core type out: its deviation was at most {worst[0]:.2g}x the largest of the "
        f"others ({worst[1]}); {len(alone)} outputs moved (beyond {floor:g}) under one core type "
        f"alone{': ' + ', '.join(sorted(alone)) if alone else ''}"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        run_all(sys.argv[2])
    else:
        main()
