"""The hardened contract (issue 14), on every estimator in ``zoo.__all__``.

- Divergence is never silent: a gradient-trained estimator given an absurd step size rejects it,
  raises zoo's divergence error (which names the step-size parameter) or trains to a loss that
  stays within a factor of its start, also in runs of 2 to 4 epochs (shorter than the growth
  rule's window).
- Negative ``sample_weight`` and negative, NaN or all-zero ``class_weight`` are rejected.
- Extreme magnitudes of X (1e300, 1e120, single outliers, float32 at 1e30, 1e-300) and every
  real-valued hyper-parameter at either end of its allowed range give finite outputs without a
  numpy warning, or a ValueError naming the scale of X or the parameter.
- Models of [0, 1]-valued units warn once when X leaves [0, 1].
"""

import re
import warnings
from inspect import signature

import numpy as np
import pytest
from sklearn.utils._param_validation import InvalidParameterError
from test_common import ESTIMATOR_CLASSES, _fit, _outputs, _task_data, make_estimator

#: the hyper-parameters that set a step size, by the names zoo's estimators give them
STEP_SIZES = ("learning_rate_init", "output_learning_rate", "learning_rate", "eta0")

DIVERGING = [
    (cls, name)
    for cls in ESTIMATOR_CLASSES
    for name in STEP_SIZES
    if name in cls().get_params() and not isinstance(cls().get_params()[name], str)
]


#: the hyper-parameters that set the number of epochs
EPOCH_BUDGETS = ("max_iter", "n_iter")


def _epoch_budget(cls):
    return next((name for name in EPOCH_BUDGETS if name in cls().get_params()), None)


#: Runs shorter than the growth rule's window of 5 epochs (issue 26): a blown-up criterion is
#: caught at the run's end. From 2 epochs on: a single full-batch step (max_iter=1) is judged by
#: the overflow guard only, its loss after the step being never measured.
SHORT_RUNS = [(cls, name, n) for cls, name in DIVERGING if _epoch_budget(cls) for n in (2, 3, 4)]


@pytest.mark.parametrize(
    "cls, step_size, n_epochs",
    [(cls, name, None) for cls, name in DIVERGING] + SHORT_RUNS,
    ids=[f"{c.__name__}-{n}" for c, n in DIVERGING]
    + [f"{c.__name__}-{n}-{k}epochs" for c, n, k in SHORT_RUNS],
)
def test_divergence_is_never_silent(cls, step_size, n_epochs):
    extra = {} if n_epochs is None else {_epoch_budget(cls): n_epochs}
    estimator = make_estimator(cls, **{step_size: 1e6}, **extra)
    X, y = _task_data(estimator)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        warnings.simplefilter("ignore", UserWarning)
        try:
            _fit(estimator, X, y)
        except InvalidParameterError:
            return  # the step size is outside the parameter's range: rejected before training
        except ValueError as error:
            assert "diverged" in str(error) and step_size in str(error)
            return
    for method, output in _outputs(estimator, X).items():
        if output.dtype.kind == "f":
            assert np.isfinite(output).all(), method
    curve = np.asarray(getattr(estimator, "loss_curve_", []), dtype=float)
    if curve.size and curve[0] > 0:
        assert curve[-1] <= 1e3 * curve[0], f"{cls.__name__} diverged silently: {curve[:5]}"


WEIGHTED = [c for c in ESTIMATOR_CLASSES if "sample_weight" in signature(c.fit).parameters]


@pytest.mark.parametrize("cls", WEIGHTED, ids=[c.__name__ for c in WEIGHTED])
def test_negative_sample_weight_is_rejected(cls):
    estimator = make_estimator(cls)
    X, y = _task_data(estimator)
    weights = np.ones(X.shape[0])
    weights[3] = -1.0
    with pytest.raises(ValueError, match="Negative values in data passed to `sample_weight`"):
        estimator.fit(X, y, sample_weight=weights)


def test_messages_name_what_the_user_knows():
    from zoo import BoltzmannMachine, DBNClassifier, MLPClassifier

    X = np.random.default_rng(0).random((30, 4))
    # the DBN's fine-tuning network is named as the user's estimator, not an internal class
    with pytest.raises(ValueError, match="^DBNClassifier fine-tuning needs samples of at least 2"):
        DBNClassifier(hidden_layer_sizes=(4,), rbm_n_iter=1).fit(X, np.zeros(30))
    # a continuous target is called continuous, not printed as an array
    for model in (MLPClassifier(), DBNClassifier(hidden_layer_sizes=(4,), rbm_n_iter=1)):
        with pytest.raises(ValueError, match="Unknown label type: 'continuous'"):
            model.fit(X, X[:, 0])
    with pytest.raises(ValueError, match="clamp_noise must be two probabilities"):
        BoltzmannMachine(clamp_noise=(2.0, 0.0)).fit((X > 0.5).astype(float))


#: issue 14 §1: inputs whose squares or products overflow (1e300, one 1e300 outlier, float32 at
#: 1e30) and inputs near the bottom of float64's range (1e-300), each made from the task data
EXTREME_INPUTS = {
    "1e300": lambda X: X * 1e300,
    "one_1e300_outlier": lambda X: np.where(np.arange(X.size).reshape(X.shape) == 13, 1e300, X),
    # below check_input_scale's limit (~1e153): squares are finite, but squares of squares, exp
    # and products with large weights are not
    "1e120": lambda X: X * 1e120,
    "one_1e120_outlier": lambda X: np.where(np.arange(X.size).reshape(X.shape) == 13, 1e120, X),
    "float32_1e30": lambda X: (X * 1e30).astype(np.float32),
    "1e-300": lambda X: X * 1e-300,
}
SCALE_MESSAGE = "X has values as large as .* Scale the input, e.g. with StandardScaler"


def _finite_outputs_or_scale_error(estimator, X, y=None):
    """Fit (when ``y`` is given) and compute every output on X, with RuntimeWarning as an error:
    either every float output is finite or a ValueError names the scale of X and the fix."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        warnings.simplefilter("ignore", UserWarning)
        try:
            if y is not None:
                _fit(estimator, X, y)
            outputs = _outputs(estimator, X)
        except ValueError as error:
            assert re.search(SCALE_MESSAGE, str(error)), str(error)
            return
    for method, output in outputs.items():
        if output.dtype.kind == "f":
            assert np.isfinite(output).all(), method


@pytest.mark.parametrize("case", list(EXTREME_INPUTS))
@pytest.mark.parametrize("cls", ESTIMATOR_CLASSES, ids=[c.__name__ for c in ESTIMATOR_CLASSES])
def test_extreme_magnitudes_train_finite_or_are_rejected(cls, case):
    estimator = make_estimator(cls)
    X, y = _task_data(estimator)
    _finite_outputs_or_scale_error(estimator, EXTREME_INPUTS[case](X), y)


@pytest.mark.parametrize("case", list(EXTREME_INPUTS))
@pytest.mark.parametrize("cls", ESTIMATOR_CLASSES, ids=[c.__name__ for c in ESTIMATOR_CLASSES])
def test_model_fitted_on_normal_data_never_returns_inf_for_extreme_input(cls, case):
    estimator = make_estimator(cls)
    X, y = _task_data(estimator)
    _fit(estimator, X, y)
    _finite_outputs_or_scale_error(estimator, EXTREME_INPUTS[case](X))


# --------------------------------------------------------- hyper-parameters at numeric extremes


def _extreme_values(interval):
    """The two ends of a real-valued ``Interval`` constraint, as close as float64 gets: a closed
    bound itself, an open one moved inwards by one step (0 -> 1e-300, 1 -> the float below 1), and
    1e300 (or -1e300) for an unbounded side."""
    left, right = interval.left, interval.right
    if left is None:
        low = -1e300
    elif interval.closed in ("left", "both"):
        low = float(left)
    else:
        low = 1e-300 if left == 0 else float(np.nextafter(left, np.inf))
    if right is None:
        high = 1e300
    elif interval.closed in ("right", "both"):
        high = float(right)
    else:
        high = float(np.nextafter(right, -np.inf))
    return low, high


def _real_parameter_extremes(cls):
    from numbers import Integral

    from sklearn.utils._param_validation import Interval

    cases = []
    for name, constraints in cls._parameter_constraints.items():
        for constraint in constraints:
            if isinstance(constraint, Interval) and constraint.type is not Integral:
                for value in _extreme_values(constraint):
                    cases.append((cls, name, value))
    return cases


EXTREME_PARAMETERS = [
    (cls, name, value, {})
    for estimator_class in ESTIMATOR_CLASSES
    for cls, name, value in _real_parameter_extremes(estimator_class)
]
# again with early stopping on, where it is an option: the held-out split and its scoring pass
EXTREME_PARAMETERS += [
    (cls, name, value, {"early_stopping": True})
    for estimator_class in ESTIMATOR_CLASSES
    if "early_stopping" in signature(estimator_class).parameters
    for cls, name, value in _real_parameter_extremes(estimator_class)
]
# and with the options whose formulas differ most from the defaults'
_OPTIONS = {
    "MLPClassifier": [{"solver": "sgd"}, {"solver": "lbfgs"}],
    "MLPRegressor": [{"solver": "lm"}, {"solver": "anneal"}],
    "GLVQClassifier": [{"activation": "identity"}, {"activation": "identity", "solver": "adam"}],
    "RBFRegressor": [{"fine_tune": True}, {"kernel": "multiquadric"}],
    "SOM": [{"neighborhood": "mexican_hat", "algorithm": "online"}],
    "Perceptron": [{"penalty": "elasticnet"}],
}
EXTREME_PARAMETERS += [
    (cls, name, value, options)
    for estimator_class in ESTIMATOR_CLASSES
    for options in _OPTIONS.get(estimator_class.__name__, [])
    for cls, name, value in _real_parameter_extremes(estimator_class)
]


@pytest.mark.parametrize(
    "cls, name, value, options",
    EXTREME_PARAMETERS,
    ids=[
        f"{c.__name__}-{n}={v:.17g}" + "".join(f"-{k}={w}" for k, w in o.items())
        for c, n, v, o in EXTREME_PARAMETERS
    ],
)
def test_hyper_parameters_at_numeric_extremes(cls, name, value, options):
    """Every real-valued hyper-parameter at either end of the range its constraint allows: the
    estimator trains and returns finite outputs without a numpy warning, or raises a ValueError
    naming the parameter (issue 14 §1)."""
    estimator = make_estimator(cls, **options, **{name: value})
    X, y = _task_data(estimator, n_samples=30)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        warnings.simplefilter("ignore", UserWarning)  # ConvergenceWarning among them
        try:
            _fit(estimator, X, y)
            outputs = _outputs(estimator, X)
        except ValueError as error:
            assert name in str(error), f"{type(error).__name__}: {error}"
            return
    for method, output in outputs.items():
        if output.dtype.kind == "f":
            assert np.isfinite(output).all(), method


# ------------------------------------------------------------------ invalid class_weight values

CLASS_WEIGHTED = [c for c in ESTIMATOR_CLASSES if "class_weight" in signature(c).parameters]


@pytest.mark.parametrize(
    "weights, match",
    [
        ({0: 1.0, 1: -1.0, 2: 1.0}, "non-negative, finite weight"),
        ({0: 1.0, 1: np.nan, 2: 1.0}, "non-negative, finite weight"),
        ({0: 0.0, 1: 0.0, 2: 0.0}, "every class the weight 0"),
    ],
    ids=["negative", "nan", "all_zero"],
)
@pytest.mark.parametrize("cls", CLASS_WEIGHTED, ids=[c.__name__ for c in CLASS_WEIGHTED])
def test_invalid_class_weight_is_rejected(cls, weights, match):
    """A negative class weight would make training climb that class's loss, all zero leaves
    nothing to learn (issue 14 §3): every estimator with class_weight rejects them alike."""
    estimator = make_estimator(cls, class_weight=weights)
    X, y = _task_data(estimator, n_samples=30)
    with pytest.raises(ValueError, match=match):
        estimator.fit(X, y)


def test_valid_class_weight_is_still_accepted():
    assert len(CLASS_WEIGHTED) >= 4  # MLPClassifier, DBNClassifier, ConvNetClassifier, Perceptron
    for cls in CLASS_WEIGHTED:
        estimator = make_estimator(cls, class_weight={0: 0.0, 1: 2.0, 2: 1.0})
        X, y = _task_data(estimator, n_samples=30)
        _fit(estimator, X, y)


# ------------------------------------------------------------- input outside the units' range

#: Estimators of [0, 1]-valued or binary units, except those that binarise real input by design
#: (a ``binarize`` threshold, as scikit-learn's BernoulliNB: Hopfield, BAM, ART1).
UNIT_INPUT = [
    c
    for c in ESTIMATOR_CLASSES
    if getattr(c, "_input_domain", "real") in ("unit_interval", "binary")
    and "binarize" not in signature(c).parameters
]


@pytest.mark.parametrize("cls", UNIT_INPUT, ids=[c.__name__ for c in UNIT_INPUT])
def test_input_outside_unit_interval_warns_once(cls):
    """Standardised X given to units that read it as probabilities (issue 14 §3): one
    UnitIntervalWarning per fit, in the same words for ART and the Boltzmann family, naming the
    range found and the fix; none for X in [0, 1]."""
    from zoo._core.validation import UnitIntervalWarning

    estimator = make_estimator(cls)
    X, y = _task_data(estimator, n_samples=30)
    standardised = (X - X.mean(axis=0)) / X.std(axis=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _fit(estimator, standardised, y)
        learned = [a for a in vars(estimator) if a.endswith("_") and not a.startswith("_")]
        if learned == ["n_features_in_"]:  # fit reads no values (ComplementCoder): transform
            estimator.transform(standardised)
    messages = [str(w.message) for w in caught if issubclass(w.category, UnitIntervalWarning)]
    assert len(messages) == 1, messages
    low, high = standardised.min(), standardised.max()
    assert (
        f"{cls.__name__} takes input in [0, 1], but X has values in [{low:.6g}, {high:.6g}]"
        in (messages[0])
    )
    assert "MinMaxScaler" in messages[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnitIntervalWarning)
        _fit(make_estimator(cls), X, y)
