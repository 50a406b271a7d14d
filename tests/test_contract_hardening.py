"""The hardened contract, on every estimator in ``zoo.__all__``: divergence is never silent.

A gradient-trained estimator given an absurd step size rejects it, raises zoo's divergence error
(which names the step-size parameter) or trains to a loss that stays within a factor of its start;
it never returns normally with a loss a thousand times worse than the untrained network's.
"""

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


@pytest.mark.parametrize(
    "cls, step_size", DIVERGING, ids=[f"{c.__name__}-{n}" for c, n in DIVERGING]
)
def test_divergence_is_never_silent(cls, step_size):
    estimator = make_estimator(cls, **{step_size: 1e6})
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
