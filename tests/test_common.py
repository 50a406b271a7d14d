"""The estimator contract, checked for every public estimator exported from ``zoo``.

An estimator added to ``zoo.__all__`` is checked here without editing this file; only estimators
that need faster hyper-parameters for the checks, or that have a documented expected failure,
appear in the dictionaries below. Two layers:

1. scikit-learn's own ``check_estimator`` suite, through ``parametrize_with_checks``, run twice:
   with the fast settings of ``FAST_PARAMS`` and with the DEFAULT constructor (what users run
   first; only ``random_state=0`` added). An estimator without ``FAST_PARAMS`` is checked once,
   its fast settings being its defaults;
2. zoo's contract (docs/architecture.md): clear errors for bad input, no numpy RuntimeWarning, no
   NaN output, float32 kept float32 where declared, fitted arrays owned by the model (none shares
   memory with the caller's X or y, so changing them after ``fit`` changes nothing), fit and
   prediction memory growing no faster than the data, and "identical" as README states it: in
   one arithmetic (one machine, the same numpy, BLAS library, BLAS kernel and thread count), the
   same ``random_state`` gives bit-identical results, and a ``pickle`` or ``zoo.io`` round trip
   gives bit-identical outputs; across arithmetics, results agree to rounding, as far as training
   amplifies it (``tests/test_unchanged.py``). The tests here compare with
   ``assert_array_equal``, also with the model's arrays and ``X`` moved in memory.
"""

import inspect
import pickle
import tracemalloc
import warnings

import numpy as np
import pytest
from sklearn.base import clone, is_classifier, is_regressor
from sklearn.datasets import make_blobs
from sklearn.utils import get_tags
from sklearn.utils.estimator_checks import parametrize_with_checks

import zoo

#: Hyper-parameters that keep the checks fast (as scikit-learn's own test_common does).
FAST_PARAMS = {
    "MLPClassifier": dict(hidden_layer_sizes=(16,), max_iter=100, learning_rate_init=0.01),
    "MLPRegressor": dict(hidden_layer_sizes=(16,), max_iter=100, learning_rate_init=0.01),
    "Perceptron": dict(max_iter=50),
    "BernoulliRBM": dict(n_components=8, n_iter=5),
    "BoltzmannMachine": dict(n_hidden=2, n_iter=5, n_chains=2, n_sample_sweeps=2),
    "GaussianBernoulliRBM": dict(n_components=8, n_iter=5),
    "DBNTransformer": dict(hidden_layer_sizes=(8, 4), n_iter=5),
    "DBNClassifier": dict(
        hidden_layer_sizes=(16,), rbm_n_iter=2, max_iter=100, learning_rate_init=0.01
    ),
    "CascadeCorrelationClassifier": dict(max_hidden_units=4),
    "CascadeCorrelationRegressor": dict(max_hidden_units=4),
    "ElmanClassifier": dict(n_hidden=8, max_iter=50, learning_rate_init=0.02),
    "ElmanRegressor": dict(n_hidden=8, max_iter=50, learning_rate_init=0.02),
    "SOMClassifier": dict(n_rows=3, n_cols=3, max_iter=10),
    "ConvNetClassifier": dict(
        conv_filters=(4,), hidden_layer_sizes=(16,), max_iter=50, learning_rate_init=0.02
    ),
    "ConvNetRegressor": dict(
        conv_filters=(4,), hidden_layer_sizes=(16,), max_iter=50, learning_rate_init=0.02
    ),
    # lbfgs: the defaults' lm is checked too; lm takes only the squared error of the shared losses
    "NARRegressor": dict(solver="lbfgs", max_iter=100),
    "NARXRegressor": dict(solver="lbfgs", max_iter=100),
    "TimeDelayRegressor": dict(solver="lbfgs", max_iter=100),
}

#: ``{estimator name: {check name: reason}}`` — each an owed debt, with its reason written here.
EXPECTED_FAILED_CHECKS = {}
# ART takes input in [0, 1] (docs/architecture.md); the check's standardized blobs lie mostly
# outside and are clipped, which piles points of different classes onto the box's edges and corners:
# training accuracy 0.80 < 0.83 on the 3-class problem (0.95 on 2 classes). The same data through
# MinMaxScaler score 0.93 after the single pass (tests/test_art.py::test_pipeline_with_scaler).
EXPECTED_FAILED_CHECKS["FuzzyARTMAP"] = {
    check: "input outside [0, 1] is clipped (see above)"
    for check in (
        "check_classifiers_train",
        "check_classifiers_train(readonly_memmap=True)",
        "check_classifiers_train(readonly_memmap=True,X_dtype=float32)",
    )
}
# SimpleARTMAP's default module is Fuzzy ART at rho=0: SimpleARTMAP() is FuzzyARTMAP() (the same).
EXPECTED_FAILED_CHECKS["SimpleARTMAP"] = dict(EXPECTED_FAILED_CHECKS["FuzzyARTMAP"])

# Fuzzy ART learns online, in the order of presentation: a sample of integer weight s teaches its
# category what s consecutive presentations teach (equal to rounding, see
# tests/test_art_conventions.py), but the check shuffles the weighted rows, so its repetitions are
# presented in another order and the categories differ. ART1 passes (its binarised check data are
# one pattern).
for name in ("FuzzyART", "FuzzyARTMAP"):
    EXPECTED_FAILED_CHECKS.setdefault(name, {})["check_sample_weight_equivalence_on_dense_data"] = (
        "online, order-dependent: weight = consecutive repetition, the check shuffles (see above)"
    )
# ART 2-A, Hypersphere, Gaussian and Ellipsoid ART: the same (Hypersphere's, Gaussian's and
# Ellipsoid's weight is exactly consecutive repetition, ART 2-A's approximately: it renormalises
# after each step; see their Notes). Bayesian ART passes the check: on its data, with the default
# s_max, the weighted and the shuffled repeated fits end with the same categories.
# SimpleARTMAP, ARTMAP, SMART and DeepARTMAP present the samples online to their modules: the same.
for name in (
    "ART2A",
    "HypersphereART",
    "GaussianART",
    "EllipsoidART",
    "SimpleARTMAP",
    "ARTMAP",
    "SMART",
    "DeepARTMAP",
):
    EXPECTED_FAILED_CHECKS.setdefault(name, {})["check_sample_weight_equivalence_on_dense_data"] = (
        "online, order-dependent: weight = consecutive repetition, the check shuffles (see above)"
    )

# CVI ART is Fuzzy ART with one more reset, online and order-dependent as Fuzzy ART is; besides, a
# sample of weight s moves between clusters as s copies at once; s repetitions move one by one.
EXPECTED_FAILED_CHECKS["CVIART"] = {
    "check_sample_weight_equivalence_on_dense_data": "online, order-dependent; a weighted sample "
    "moves as one (see above)"
}

# Quadratic Neuron ART climbs the gradient of the winner's response one input at a time; its rules
# are not closed under repetition, so a positive weight presents the sample once (zoo.art's Notes).
EXPECTED_FAILED_CHECKS["QuadraticNeuronART"] = {
    "check_sample_weight_equivalence_on_dense_data": "online gradient steps: a weight is not "
    "repetition (see above)"
}

# BernoulliRBM.score_samples is scikit-learn's stochastic pseudo-likelihood: one randomly chosen
# unit of each row is flipped, drawn from a generator seeded per call, so a row's score depends on
# its position in X. Equal to scikit-learn's on the same weights by design
# (tests/test_boltzmann.py);
# scikit-learn marks the same two checks as expected failures for its own BernoulliRBM.
EXPECTED_FAILED_CHECKS["BernoulliRBM"] = {
    check: "score_samples flips one random unit per row (scikit-learn's pseudo-likelihood)"
    for check in ("check_methods_sample_order_invariance", "check_methods_subset_invariance")
}

# The perceptron rule is stochastic gradient descent: a sample weight scales that sample's step,
# which is not the same as presenting the sample that many times in a shuffled order. scikit-learn
# marks the same two checks as expected failures for its own Perceptron and SGDClassifier.
EXPECTED_FAILED_CHECKS["Perceptron"] = {
    check: "sample_weight scales a stochastic step; it is not repetition (as scikit-learn's)"
    for check in (
        "check_sample_weight_equivalence_on_dense_data",
        "check_sample_weight_equivalence_on_sparse_data",
    )
}

# Kohonen's LVQ rules move the prototypes one sample at a time, so the result depends on the order
# of the presentations: a sample of weight k (one step of k times the rate) is not k presentations
# of it spread through the epoch. scikit-learn marks the same check as an expected failure for its
# own per-sample learners (SGDClassifier, Perceptron). GLVQ and GMLVQ (a weighted cost) pass it.
EXPECTED_FAILED_CHECKS["LVQClassifier"] = {
    "check_sample_weight_equivalence_on_dense_data": "online rule: order-dependent (see above)"
}

# The ADALINE's Widrow-Hoff rule is stochastic gradient descent on the mean squared error: a sample
# weight scales that sample's step, which is not k presentations of it in a shuffled epoch (as
# scikit-learn's SGDRegressor, which marks the same check).
for _name in ("ADALINERegressor", "ADALINEClassifier"):
    EXPECTED_FAILED_CHECKS[_name] = {
        "check_sample_weight_equivalence_on_dense_data": "online LMS: a weight scales a step"
    }

# The Jordan network's state is its own fed-back outputs: one state unit for the check's one
# target. The check's table is read as a sequence of 10 steps of one feature (the Elman networks'
# convention) with y from the last state, and a time-invariant map of (x_t, c_t) to one number
# cannot weigh each step by its own coefficient: training R^2 0.02-0.15 (defaults, 0.003 learning
# rate), where the Elman network's 20-unit state scores 0.84 and the layer-recurrent one 0.96.
# On what it is made for it learns (tests/test_dynamic_recurrent.py: accumulator R^2 0.9999).
EXPECTED_FAILED_CHECKS["JordanRegressor"] = {
    check: "a state of one fed-back output cannot weigh 10 steps separately (see above)"
    for check in (
        "check_regressors_train",
        "check_regressors_train(readonly_memmap=True)",
        "check_regressors_train(readonly_memmap=True,X_dtype=float32)",
    )
}

# Integer weights equal repeated sequences only to rounding: the weighted loss and the repeated
# rows sum in other orders, and 200 epochs of training amplify the difference. With two layer
# delays (twice the recurrent products of an Elman network) one output of the check's 15 sequences
# moved by 4.7e-9 (relative 4.4e-7) under OpenBLAS Prescott on one thread, past the check's 1e-9
# atol and 1e-7 rtol; the default kernels (SkylakeX, AMD Zen) pass it. A debt: an equivalence test
# at a tolerance set by the training's own rounding amplification would hold everywhere.
EXPECTED_FAILED_CHECKS["LayerRecurrentClassifier"] = {
    "check_sample_weight_equivalence_on_dense_data": "equal to rounding, amplified by training "
    "past the check's tolerance under some BLAS kernels (see above)"
}

# The Boltzmann family's weighted CD statistics (and the DBN classifier's fine-tuning) are averaged
# per minibatch and estimated from Gibbs chains: a sample of weight k is not k samples drawn into
# other minibatches, with chains and draws of their own (scikit-learn's SGD likewise). Zero weight
# is dropping the sample, and integer weights repetition for the Boltzmann machine's exact method
# on one batch (tests/test_boltzmann_conventions.py).
_GIBBS_WEIGHTS = "weights enter per-minibatch Gibbs-sampled statistics; not repetition (see above)"
for _name, _checks in {
    "BernoulliRBM": ("dense", "sparse"),
    "GaussianBernoulliRBM": ("dense", "sparse"),
    "BoltzmannMachine": ("dense",),
    "DBNTransformer": ("dense", "sparse"),
    "DBNClassifier": ("dense", "sparse"),
}.items():
    EXPECTED_FAILED_CHECKS.setdefault(_name, {}).update(
        {f"check_sample_weight_equivalence_on_{kind}_data": _GIBBS_WEIGHTS for kind in _checks}
    )

# The online neural gas and the growing neural gas move their units one signal at a time, so a
# sample of weight k (one step of k times the rate, clipped at 1) is not k presentations spread
# through a shuffled epoch. The batch neural gas is the weighted mean and equals repetition (to
# rounding; tests/test_som_gas_conventions.py), but the check fits 100 units on 15 samples, where
# units settle on the same samples within one ulp of each other and predict's nearest unit among
# them is a rounding tie.
# The competitive layer (zoo.gas) moves its winner one signal at a time, and its conscience
# counts wins per presentation: the same reason.
for _name in ("NeuralGas", "GrowingNeuralGas", "CompetitiveLayer"):
    EXPECTED_FAILED_CHECKS[_name] = {
        "check_sample_weight_equivalence_on_dense_data": "online rule: order-dependent (see above)"
    }

# The delay networks (zoo.dynamic) read a table X as one series whose rows are the time steps: a
# step's prediction depends on the steps before it (its taps; closed loop, on every earlier
# output), so reordering rows, predicting a subset of them, or repeating a row as its integer
# weight makes another series, with other predictions.
_SERIES = (
    "rows are the time steps of one series: reordering, subsetting or repeating them changes it"
)
for _name in ("NARRegressor", "NARXRegressor", "TimeDelayClassifier", "TimeDelayRegressor"):
    EXPECTED_FAILED_CHECKS[_name] = {
        check: _SERIES
        for check in (
            "check_methods_sample_order_invariance",
            "check_methods_subset_invariance",
            "check_sample_weight_equivalence_on_dense_data",
        )
    }

# The distributed-delay network reads a table X as one series too (its hidden layers' taps look
# back over the rows as its input's do).
EXPECTED_FAILED_CHECKS["DistributedDelayRegressor"] = dict(
    EXPECTED_FAILED_CHECKS["TimeDelayRegressor"]
)

#: Estimators whose fitted parameters and outputs stay float32 for float32 input.
FLOAT32_ESTIMATORS = {
    "MLPClassifier",
    "MLPRegressor",
    "Perceptron",
    "SOM",
    "SOMClassifier",
    "SOMRegressor",
}
FLOAT32_ESTIMATORS |= {"BernoulliRBM", "GaussianBernoulliRBM", "DBNTransformer", "DBNClassifier"}
FLOAT32_ESTIMATORS |= {"ElmanClassifier", "ElmanRegressor"}
FLOAT32_ESTIMATORS |= {"JordanClassifier", "JordanRegressor"}
FLOAT32_ESTIMATORS |= {"LayerRecurrentClassifier", "LayerRecurrentRegressor"}
FLOAT32_ESTIMATORS |= {"CascadeCorrelationClassifier", "CascadeCorrelationRegressor"}
FLOAT32_ESTIMATORS |= {"RBFClassifier", "RBFRegressor", "PNNClassifier", "GRNNRegressor"}
FLOAT32_ESTIMATORS |= {"ConvNetClassifier", "ConvNetRegressor"}
FLOAT32_ESTIMATORS |= {"LVQClassifier", "GLVQClassifier", "GMLVQClassifier"}
FLOAT32_ESTIMATORS |= {"ART1", "FuzzyART", "FuzzyARTMAP"}  # ComplementCoder: preserves_dtype tag
FLOAT32_ESTIMATORS |= {"ART2A", "HypersphereART", "SimpleARTMAP", "ARTMAP", "SMART", "DeepARTMAP"}
FLOAT32_ESTIMATORS |= {"GaussianART", "EllipsoidART", "BayesianART"}
FLOAT32_ESTIMATORS |= {"BinaryFuzzyART", "QuadraticNeuronART", "CVIART"}
FLOAT32_ESTIMATORS |= {"DualVigilanceART", "TopoART", "FusionART", "BARTMAP"}
FLOAT32_ESTIMATORS |= {"HopfieldNetwork", "ModernHopfield", "BAM"}
FLOAT32_ESTIMATORS |= {"NeuralGas", "GrowingNeuralGas", "CompetitiveLayer"}
FLOAT32_ESTIMATORS |= {"ADALINEClassifier", "ADALINERegressor"}
FLOAT32_ESTIMATORS |= {"NARRegressor", "NARXRegressor"}
FLOAT32_ESTIMATORS |= {"EchoStateClassifier", "EchoStateRegressor"}
FLOAT32_ESTIMATORS |= {"TimeDelayClassifier", "TimeDelayRegressor"}
FLOAT32_ESTIMATORS |= {"DistributedDelayRegressor"}
FLOAT32_ESTIMATORS |= {"ELMClassifier", "ELMRegressor"}


def _public_estimator_classes():
    classes = []
    for name in zoo.__all__:
        obj = getattr(zoo, name)
        if inspect.isclass(obj) and hasattr(obj, "fit") and hasattr(obj, "get_params"):
            classes.append(obj)
    return classes


ESTIMATOR_CLASSES = _public_estimator_classes()


def make_estimator(cls, **extra):
    params = dict(FAST_PARAMS.get(cls.__name__, {}))
    if "random_state" in inspect.signature(cls).parameters:
        params.setdefault("random_state", 0)
    params.update(extra)
    return cls(**params)


def make_default_estimator(cls):
    """``cls`` as a user first constructs it: default parameters, only ``random_state=0`` set."""
    if "random_state" in inspect.signature(cls).parameters:
        return cls(random_state=0)
    return cls()


def _expected_failures(estimator):
    return EXPECTED_FAILED_CHECKS.get(type(estimator).__name__, {})


#: Estimators whose default-parameter checks are too heavy for the default run, with the reason
#: and the measured time; they run with ``-m slow``. A debt, like an expected failure.
#: BoltzmannMachine's defaults anneal every pattern's chains through 5 temperatures for 300
#: full-batch epochs (12,000 Gibbs sweeps a fit, Python-bound on small data: 1.4 s on 30 x 3);
#: its ~60 fits in check_estimator take 84 s. Its fast settings run in the default suite.
SLOW_DEFAULTS = {"BoltzmannMachine": "12,000 Gibbs sweeps a fit; 84 s of checks"}

#: The default run covers the estimators whose fast run is not already their default construction.
DEFAULT_CLASSES = [
    cls
    for cls in ESTIMATOR_CLASSES
    if make_estimator(cls).get_params() != make_default_estimator(cls).get_params()
]


def test_every_export_is_checked():
    assert ESTIMATOR_CLASSES, "zoo exports no estimator"
    names = {cls.__name__ for cls in ESTIMATOR_CLASSES}
    assert {"MLPClassifier", "MLPRegressor", "Perceptron"} <= names
    # every name in the tables is an exported estimator (a renamed one would drop out silently)
    for table in (FAST_PARAMS, EXPECTED_FAILED_CHECKS, SLOW_DEFAULTS):
        assert set(table) <= names, set(table) - names


@parametrize_with_checks(
    [make_estimator(cls) for cls in ESTIMATOR_CLASSES],
    expected_failed_checks=_expected_failures,
)
def test_sklearn_check_estimator(estimator, check):
    check(estimator)


@parametrize_with_checks(
    [make_default_estimator(c) for c in DEFAULT_CLASSES if c.__name__ not in SLOW_DEFAULTS],
    expected_failed_checks=_expected_failures,
)
def test_sklearn_check_estimator_with_defaults(estimator, check):
    check(estimator)


@pytest.mark.slow
@parametrize_with_checks(
    [make_default_estimator(c) for c in DEFAULT_CLASSES if c.__name__ in SLOW_DEFAULTS],
    expected_failed_checks=_expected_failures,
)
def test_sklearn_check_estimator_with_heavy_defaults(estimator, check):
    check(estimator)


# ----------------------------------------------------------------------------- zoo's contract


def _task_data(estimator, n_samples=60, dtype=np.float64):
    """Small data the estimator can fit: blobs in [0, 1] (ART needs the unit box)."""
    X, y = make_blobs(n_samples=n_samples, centers=3, n_features=4, cluster_std=0.6, random_state=0)
    X = (X - X.min(axis=0)) / (X.max(axis=0) - X.min(axis=0))
    X = X.astype(dtype)
    if is_regressor(estimator):
        y = X @ np.array([1.0, -2.0, 0.5, 3.0]) + 0.1 * y
    return X, y


def _supervised(estimator):
    """Fit takes y: classifiers, regressors, and other estimators that require a target (BAM)."""
    return (
        is_classifier(estimator)
        or is_regressor(estimator)
        or get_tags(estimator).target_tags.required
    )


def _fit(estimator, X, y):
    if _supervised(estimator):
        return estimator.fit(X, y)
    return estimator.fit(X)


def _outputs(estimator, X):
    """Everything an estimator says about X, by method name."""
    outputs = {}
    for method in ("predict", "predict_proba", "decision_function", "transform", "score_samples"):
        if hasattr(estimator, method):
            try:
                outputs[method] = np.asarray(getattr(estimator, method)(X))
            except (AttributeError, NotImplementedError):
                continue
    assert outputs, f"{type(estimator).__name__} has no output method"
    return outputs


@pytest.fixture(autouse=True)
def _runtime_warnings_are_errors():
    # A numpy RuntimeWarning (overflow, invalid value, divide by zero) is a bug in zoo's math.
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        warnings.simplefilter("ignore", UserWarning)
        yield


ids = [cls.__name__ for cls in ESTIMATOR_CLASSES]


@pytest.mark.parametrize("cls", ESTIMATOR_CLASSES, ids=ids)
@pytest.mark.parametrize(
    "defect, match",
    [
        ("nan", "NaN"),
        ("inf", "infinity|inf"),
        ("empty", "0 sample"),
        ("strings", "convert|string|numeric|dtype"),
        ("three_d", "dim 3|3D|2D|2-D|3-D|dimension"),
        ("length_mismatch", "inconsistent|number of samples|length"),
    ],
)
def test_bad_fit_input_gets_a_clear_error(cls, defect, match):
    estimator = make_estimator(cls)
    if defect == "length_mismatch" and not _supervised(estimator):
        pytest.skip("unsupervised: there is no y to mismatch")
    if defect == "nan" and get_tags(estimator).input_tags.allow_nan:
        pytest.skip("this estimator takes missing values (NaN) by design")
    if defect == "three_d" and get_tags(estimator).input_tags.three_d_array:
        pytest.skip("this estimator takes 3-D (sequence) input by design")
    X, y = _task_data(estimator)
    X = X.astype(object) if defect == "strings" else X.copy()
    if defect == "nan":
        X[3, 1] = np.nan
    elif defect == "inf":
        X[3, 1] = np.inf
    elif defect == "empty":
        X, y = X[:0], y[:0]
    elif defect == "strings":
        X[:, 0] = "a"
    elif defect == "three_d":
        X = X.reshape(X.shape[0], 2, 2)
    elif defect == "length_mismatch":
        y = y[:-5]
    with pytest.raises((ValueError, TypeError), match=match):
        _fit(estimator, X, y)


@pytest.mark.parametrize("cls", ESTIMATOR_CLASSES, ids=ids)
def test_wrong_width_at_predict_gets_a_clear_error(cls):
    estimator = make_estimator(cls)
    X, y = _task_data(estimator)
    _fit(estimator, X, y)
    method = next(iter(_outputs(estimator, X)))
    with pytest.raises(ValueError, match="features"):
        getattr(estimator, method)(X[:, :3])


@pytest.mark.parametrize(
    "cls",
    [c for c in ESTIMATOR_CLASSES if is_classifier(c())],
    ids=[c.__name__ for c in ESTIMATOR_CLASSES if is_classifier(c())],
)
def test_single_class_gets_a_clear_error(cls):
    estimator = make_estimator(cls)
    X, _ = _task_data(estimator)
    with pytest.raises(ValueError, match="class"):
        estimator.fit(X, np.zeros(X.shape[0], dtype=int))


@pytest.mark.parametrize("cls", ESTIMATOR_CLASSES, ids=ids)
def test_outputs_are_finite(cls):
    estimator = make_estimator(cls)
    X, y = _task_data(estimator)
    _fit(estimator, X, y)
    for method, output in _outputs(estimator, X).items():
        if output.dtype.kind == "f":
            assert np.isfinite(output).all(), f"{method} returned non-finite values"


@pytest.mark.numerics
@pytest.mark.parametrize("cls", ESTIMATOR_CLASSES, ids=ids)
def test_same_random_state_gives_identical_results(cls):
    X, y = _task_data(make_estimator(cls))
    first = _outputs(_fit(make_estimator(cls), X, y), X)
    second = _outputs(_fit(make_estimator(cls), X, y), X)
    for method in first:
        np.testing.assert_array_equal(first[method], second[method], err_msg=method)


def _placed(array, offset):
    """A copy of ``array``, in its memory order, starting ``offset`` bytes past a 64-byte line."""
    if array.flags.f_contiguous and not array.flags.c_contiguous:
        return _placed(array.T, offset).T
    buffer = np.empty(array.nbytes + 64 + offset, dtype=np.uint8)
    start = -buffer.ctypes.data % 64 + offset
    placed = buffer[start : start + array.nbytes].view(array.dtype).reshape(array.shape)
    placed[...] = array
    return placed


def _move_arrays(obj, offset, seen):
    """Every contiguous float array reachable from ``obj`` (attributes of zoo objects, lists,
    tuples, dicts), replaced by a copy at ``offset``: where an unpickled array may land."""
    if isinstance(obj, np.ndarray):
        contiguous = obj.flags.c_contiguous or obj.flags.f_contiguous
        return _placed(obj, offset) if obj.dtype.kind == "f" and contiguous else obj
    if id(obj) in seen:
        return obj
    seen.add(id(obj))
    if isinstance(obj, list):
        obj[:] = [_move_arrays(item, offset, seen) for item in obj]
    elif isinstance(obj, tuple) and not hasattr(obj, "_fields"):
        return tuple(_move_arrays(item, offset, seen) for item in obj)
    elif isinstance(obj, dict):
        for key in obj:
            obj[key] = _move_arrays(obj[key], offset, seen)
    elif type(obj).__module__.startswith("zoo") and hasattr(obj, "__dict__"):
        for key, value in vars(obj).items():
            setattr(obj, key, _move_arrays(value, offset, seen))
    return obj


@pytest.mark.numerics
@pytest.mark.parametrize("cls", ESTIMATOR_CLASSES, ids=ids)
def test_pickle_round_trip_gives_identical_predictions(cls):
    # wherever the restored arrays, and the caller's X, land in memory: a kernel whose sums
    # depended on alignment would make "identical after a round trip" a matter of luck
    estimator = make_estimator(cls)
    X, y = _task_data(estimator)
    _fit(estimator, X, y)
    before = _outputs(estimator, X)
    for offset in (None, *range(8, 64, 8)):
        restored = pickle.loads(pickle.dumps(estimator))
        if offset is not None:
            restored = _move_arrays(restored, offset, set())
        after = _outputs(restored, X if offset is None else _placed(X, offset))
        for method in before:
            np.testing.assert_array_equal(
                before[method], after[method], err_msg=f"{method} at {offset}"
            )


def _arrays_in(value, seen=None):
    """Every ndarray reachable from ``value`` through lists, tuples, dicts and object attributes."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, np.ndarray):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _arrays_in(item, seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _arrays_in(item, seen)
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        for item in vars(value).values():
            yield from _arrays_in(item, seen)


@pytest.mark.parametrize("cls", ESTIMATOR_CLASSES, ids=ids)
def test_fitted_model_owns_its_arrays(cls):
    # A model that keeps a reference to the caller's X or y changes when the caller reuses the
    # buffer, and predicting on that same object takes other BLAS kernels (X @ X.T on one buffer
    # is a symmetric product) than the model restored from a pickle.
    estimator = make_estimator(cls)
    X, y = _task_data(estimator)
    X_test = X.copy()
    _fit(estimator, X, y)
    parameters = set(estimator.get_params(deep=False))
    for name, value in vars(estimator).items():
        if name in parameters:
            continue
        for array in _arrays_in(value):
            assert not np.shares_memory(array, X), f"{name} shares memory with X"
            assert not np.shares_memory(array, y), f"{name} shares memory with y"
    before = _outputs(estimator, X_test)
    same_object = _outputs(estimator, X)
    X[:] = np.roll(X, 1, axis=0)
    y[:] = y[::-1].copy()
    after = _outputs(estimator, X_test)
    restored = pickle.loads(pickle.dumps(estimator))
    for method in before:
        np.testing.assert_array_equal(before[method], after[method], err_msg=method)
        np.testing.assert_array_equal(same_object[method], before[method], err_msg=method)
    for method, output in _outputs(restored, X_test).items():
        np.testing.assert_array_equal(before[method], output, err_msg=method)


def _peak_bytes(call):
    """Peak bytes allocated while ``call()`` runs (numpy reports its buffers to tracemalloc)."""
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _make_measured_estimator(cls):
    """``make_estimator(cls)`` for the memory measurement: two epochs where the estimator takes
    ``max_iter`` (a fit's peak is reached within its first epochs, whose buffers the later ones
    reuse, and a second epoch shows any that do not; the later epochs only cost traced time)."""
    if "max_iter" in inspect.signature(cls).parameters:
        return make_estimator(cls, max_iter=2)
    return make_estimator(cls)


@pytest.mark.parametrize("cls", ESTIMATOR_CLASSES, ids=ids)
def test_memory_grows_no_faster_than_the_data(cls):
    # 4x the rows may cost at most 6x the memory (linear, with room for what does not scale):
    # an n x n matrix in fit, or an n_test x n_test one in prediction, costs 16x. Kernel methods
    # (PNN, GRNN, the modern Hopfield network) hold n_test x n_train blocks of a fixed budget
    # (zoo._core.distances.row_chunks), linear in n_test for one model.
    small, large = 300, 1200
    peaks = []
    for n in (small, large):
        estimator = _make_measured_estimator(cls)
        X, y = _task_data(estimator, n_samples=n)
        peaks.append(_peak_bytes(lambda: _fit(estimator, X, y)))
    assert peaks[1] <= 6 * peaks[0], f"fit: {peaks[0]} bytes at n={small}, {peaks[1]} at {large}"
    estimator = _make_measured_estimator(cls)
    X, y = _task_data(estimator, n_samples=large)
    _fit(estimator, X[:small], y[:small])
    outputs = [_peak_bytes(lambda: _outputs(estimator, X[:n])) for n in (small, large)]
    assert outputs[1] <= 6 * outputs[0], f"outputs: {outputs[0]} bytes, then {outputs[1]}"


@pytest.mark.parametrize(
    "cls",
    [c for c in ESTIMATOR_CLASSES if c.__name__ in FLOAT32_ESTIMATORS],
    ids=[c.__name__ for c in ESTIMATOR_CLASSES if c.__name__ in FLOAT32_ESTIMATORS],
)
def test_float32_stays_float32(cls):
    estimator = make_estimator(cls)
    X, y = _task_data(estimator, dtype=np.float32)
    _fit(estimator, X, y)
    fitted = [v for k, v in vars(estimator).items() if k.endswith("_") and not k.startswith("_")]
    arrays = [
        a
        for v in fitted
        for a in (v if isinstance(v, list) else [v])
        if isinstance(a, np.ndarray) and a.dtype.kind == "f"
    ]
    assert arrays, "no fitted float parameters found"
    for array in arrays:
        assert array.dtype == np.float32
    for method, output in _outputs(estimator, X).items():
        if output.dtype.kind == "f":
            assert output.dtype == np.float32, method


def test_clone_keeps_parameters_unchanged():
    for cls in ESTIMATOR_CLASSES:
        estimator = make_estimator(cls)
        assert clone(estimator).get_params() == estimator.get_params()
