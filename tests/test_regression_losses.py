"""The regressors' ``loss``: absolute error, Huber, Poisson and a ``(loss, gradient)`` pair, on
every solver whose math allows them (issue 29, item 5). MLPRegressor, ElmanRegressor and
ConvNetRegressor share the loss table of ``zoo._core.losses`` and are held to one contract here:
the same table of two features is the MLP's input, two steps of one feature for the Elman network
and a 1x2 image (1x1 kernels) for the convnet. The losses' math is tested in
tests/core/test_losses.py, whose basename this file cannot share (pytest imports both as top-level
modules)."""

import pickle
import re
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.estimator_checks import parametrize_with_checks

from zoo import ConvNetRegressor, ElmanRegressor, MLPRegressor
from zoo._core.losses import LOSS_GRADIENTS, _huber_per_sample
from zoo.datasets import sliding_windows


def huber_per_sample(y_true, y_pred):
    """Huber's per-sample loss with delta=1, as a user would pass it (module level: picklable)."""
    return _huber_per_sample(y_true, y_pred, 1.0)


def huber_gradient(y_true, y_pred):
    return LOSS_GRADIENTS["huber"](y_true, y_pred, 1.0)


def _outlier_data(seed=0):
    """A smooth target with 10% of its samples shifted by +-20: the outliers and the clean mask."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (300, 2))
    y = np.sin(2 * X[:, 0]) + X[:, 1]
    outliers = rng.random(300) < 0.1
    y_noisy = y.copy()
    y_noisy[outliers] += rng.choice([-1, 1], outliers.sum()) * 20
    return X, y, y_noisy, ~outliers


def _mlp(**params):
    defaults = dict(hidden_layer_sizes=(20,), activation="tanh", max_iter=300, random_state=0)
    return MLPRegressor(**{**defaults, **params})


def _elman(**params):
    """An Elman network reading a row of two features as two steps of one."""
    defaults = dict(n_hidden=20, activation="tanh", max_iter=300, random_state=0)
    return ElmanRegressor(**{**defaults, **params})


def _convnet(**params):
    """A convnet reading a row of two features as a 1x2 image, through 1x1 kernels."""
    defaults = dict(
        conv_filters=(4,),
        kernel_size=1,
        pool_size=1,
        image_shape=(1, 2, 1),
        hidden_layer_sizes=(20,),
        activation="tanh",
        max_iter=300,
        random_state=0,
    )
    return ConvNetRegressor(**{**defaults, **params})


#: the regressors held to the loss contract, by name (the ids of the parametrisations)
REGRESSORS = {"MLPRegressor": _mlp, "ElmanRegressor": _elman, "ConvNetRegressor": _convnet}
each_regressor = pytest.mark.parametrize("make", list(REGRESSORS.values()), ids=list(REGRESSORS))


def _weights(reg):
    """The arrays a fitted regressor trains, in a fixed order."""
    if isinstance(reg, ElmanRegressor):
        return reg._weights()
    if isinstance(reg, ConvNetRegressor):
        return reg._weights()
    return reg.coefs_ + reg.intercepts_


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        yield


@pytest.mark.parametrize(
    "make, solver",
    [(_mlp, solver) for solver in ("lbfgs", "adam", "sgd", "rprop", "quickprop")]
    + [(make, solver) for make in (_elman, _convnet) for solver in ("lbfgs", "adam")],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_robust_losses_ignore_outliers_that_pull_squared_error(make, solver):
    """Fitted to y with 10% gross outliers, absolute error and Huber (medians, nearly) fit the
    clean points better than squared error (a mean, dragged by the outliers)."""
    X, y, y_noisy, clean = _outlier_data()
    rate = {"learning_rate_init": 0.01} if solver in ("adam", "sgd") else {}
    scores = {
        loss: make(loss=loss, solver=solver, **rate).fit(X, y_noisy).score(X[clean], y[clean])
        for loss in ("squared_error", "absolute_error", "huber")
    }
    assert scores["absolute_error"] > 0.95, scores
    assert scores["huber"] > 0.95, scores
    assert scores["absolute_error"] > scores["squared_error"] + 0.05, scores
    assert scores["huber"] > scores["squared_error"] + 0.05, scores


def test_anneal_trains_on_the_robust_losses():
    X, y, _, _ = _outlier_data()
    for loss in ("absolute_error", "huber", (huber_per_sample, huber_gradient)):
        reg = _mlp(loss=loss, solver="anneal", max_iter=50).fit(X, y)
        assert min(reg.loss_curve_) < reg.loss_curve_[0]  # it may accept a worse step


@each_regressor
@pytest.mark.parametrize("solver", ["lbfgs", "adam"])
def test_huber_with_a_huge_delta_fits_as_squared_error_bit_for_bit(make, solver):
    X, y, _, _ = _outlier_data()
    squared = make(solver=solver, max_iter=30).fit(X, y)
    huber = make(solver=solver, max_iter=30, loss="huber", huber_delta=1e300).fit(X, y)
    for a, b in zip(_weights(squared), _weights(huber)):
        np.testing.assert_array_equal(a, b)
    assert squared.loss_curve_ == huber.loss_curve_


@pytest.mark.parametrize(
    "make, solver",
    [(make, solver) for make in REGRESSORS.values() for solver in ("lbfgs", "adam")]
    + [(_mlp, "rprop")],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_callable_pair_fits_as_the_builtin_with_the_same_math(make, solver):
    X, _, y_noisy, _ = _outlier_data()
    sample_weight = np.random.default_rng(1).uniform(0.5, 2, len(y_noisy))
    builtin = make(solver=solver, max_iter=30, loss="huber")
    pair = make(solver=solver, max_iter=30, loss=(huber_per_sample, huber_gradient))
    builtin.fit(X, y_noisy, sample_weight=sample_weight)
    pair.fit(X, y_noisy, sample_weight=sample_weight)
    for a, b in zip(_weights(builtin), _weights(pair)):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("loss", ["absolute_error", "huber", (huber_per_sample, huber_gradient)])
@pytest.mark.parametrize("alpha", [1e-4, "bayes"])
def test_levenberg_marquardt_rejects_losses_without_gauss_newton_curvature(loss, alpha):
    X, y, _, _ = _outlier_data()
    with pytest.raises(ValueError, match=r"solver='lm' .*Bayesian regularisation.* only"):
        _mlp(solver="lm", loss=loss, alpha=alpha).fit(X, y)


@pytest.mark.parametrize(
    "loss, message",
    [
        ((huber_per_sample,), "pair"),
        ((huber_per_sample, 3), "pair"),
        (
            (lambda y, p: float(np.sum(p - y)), huber_gradient),
            r"loss function .*shape \(\); expected \(\d+,\)",
        ),
        (
            (huber_per_sample, lambda y, p: np.ones(len(y))),
            r"gradient function .*shape \(\d+,\); expected \(\d+, 1\)",
        ),
        ((huber_per_sample, lambda y, p: np.full(y.shape, np.inf)), "non-finite"),
    ],
)
@each_regressor
def test_a_malformed_pair_fails_at_fit_naming_the_contract(make, loss, message):
    X, y, _, _ = _outlier_data()
    with pytest.raises(ValueError, match=message):
        make(solver="adam", loss=loss, max_iter=2).fit(X, y)


@each_regressor
def test_a_pair_of_module_functions_pickles_and_saves(make, tmp_path):
    from zoo.io import load, save

    X, y, _, _ = _outlier_data()
    reg = make(loss=(huber_per_sample, huber_gradient), max_iter=5).fit(X, y)
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(reg)).predict(X), reg.predict(X))
    path = tmp_path / "huber.skops"
    save(reg, path)
    names = [f"{__name__}.huber_per_sample", f"{__name__}.huber_gradient"]
    np.testing.assert_array_equal(load(path, trusted=names).predict(X), reg.predict(X))


def _counts(seed=0):
    """Counts y ~ Poisson(exp(1 + x_0 - x_1)) of two uniform features."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (400, 2))
    return X, rng.poisson(np.exp(1 + X[:, 0] - X[:, 1])).astype(float)


@each_regressor
@pytest.mark.parametrize("solver", ["lbfgs", "adam"])
def test_poisson_regression_predicts_positive_counts(make, solver):
    """loss="poisson": an exponential output, fitted to counts (R^2 0.66-0.79 measured, a
    constant scores 0), and y < 0 rejected as outside the deviance's domain."""
    X, y = _counts()
    reg = make(loss="poisson", solver=solver, hidden_layer_sizes=(8,)) if make is _mlp else None
    if reg is None:
        reg = make(loss="poisson", solver=solver, max_iter=200, learning_rate_init=0.01)
    reg.fit(X, y)
    assert reg.out_activation_ == "exp"
    assert (reg.predict(X) > 0).all() and reg.score(X, y) > 0.6
    with pytest.raises(ValueError, match="non-negative"):
        make(loss="poisson", solver=solver).fit(X, -y - 1.0)


@pytest.mark.parametrize(
    "make", [_mlp, _elman, _convnet], ids=["MLPRegressor", "ElmanRegressor", "ConvNetRegressor"]
)
def test_a_warm_fit_keeps_the_output_layer_its_loss_was_fitted_with(make):
    """A warm fit continues the fitted network: with the same loss it goes on; a loss that needs
    another output layer (Poisson's exponential, the others' identity) is refused, not trained
    on the wrong link."""
    X, y = _counts()
    reg = make(loss="poisson", solver="lbfgs", max_iter=5, warm_start=True).fit(X, y)
    curve = list(reg.loss_curve_)
    reg.fit(X, y)
    assert reg.loss_curve_[: len(curve)] == curve and reg.loss_curve_[-1] < curve[-1]
    with pytest.raises(ValueError, match="fitted output layer: the network's is 'exp'"):
        reg.set_params(loss="huber").fit(X, y)
    other = make(solver="lbfgs", max_iter=5, warm_start=True).fit(X, y)
    with pytest.raises(ValueError, match="'identity', the loss needs 'exp'"):
        other.set_params(loss="poisson").fit(X, y)


def _objective(reg, X, y, sample_weight, alpha):
    """The fitted regressor's network as training sees it: its flat parameter vector, and
    ``loss_and_gradient()`` / ``loss()`` over (X, y) at the vector's current value."""
    Y = y.reshape(len(y), -1)
    if isinstance(reg, ElmanRegressor):
        network = reg._network()
        X_tm = reg._time_major(X[:, :, np.newaxis])  # two steps of one feature
        network.allocate(X_tm.shape[0], X_tm.shape[1])
        args = (X_tm, Y, None, "last", alpha)
        return (
            network.flat,
            lambda: (network.loss_and_gradient(*args, None, sample_weight), network.flat_grad),
            lambda: network.loss_value(*args, sample_weight),
        )
    if isinstance(reg, ConvNetRegressor):
        network = reg._network()
        images = reg._images(X)
        network.allocate(len(X))
        return (
            network.parameters,
            lambda: (
                network.loss_and_gradient(images, Y, sample_weight, alpha),
                network.parameters_grad,
            ),
            lambda: network.loss_value(images, Y, sample_weight, alpha),
        )
    network = reg._network()
    network.allocate(len(X))
    return (
        network.flat,
        lambda: (network.loss_and_gradient(X, Y, sample_weight, alpha), network.flat_grad),
        lambda: network.loss_value(X, Y, sample_weight, alpha),
    )


@each_regressor
@pytest.mark.parametrize(
    "loss",
    ["squared_error", "absolute_error", "huber", "poisson", (huber_per_sample, huber_gradient)],
    ids=["squared_error", "absolute_error", "huber", "poisson", "pair"],
)
def test_each_loss_gradient_matches_central_differences(make, loss):
    """The gradient each regressor trains on (its output layer's delta for the loss, through its
    own back-propagation: layers, BPTT, convolution) is the loss's, weighted and penalised."""
    X, y = _counts(seed=1)
    X, y = X[:40], y[:40]
    if loss != "poisson":
        y = np.log1p(y)  # residuals of either sign, a few beyond Huber's delta
    sample_weight = np.random.default_rng(2).uniform(0.5, 2.0, len(y))
    reg = make(loss=loss, solver="adam", max_iter=2, huber_delta=0.3)
    reg.fit(X, y)
    flat, loss_and_gradient, loss_value = _objective(reg, X, y, sample_weight, alpha=0.1)
    analytic = loss_and_gradient()[1].copy()
    assert loss_and_gradient()[0] == pytest.approx(loss_value(), rel=1e-12)
    numeric = np.empty_like(flat)
    h = 1e-6
    for i in range(flat.size):
        saved = flat[i]
        flat[i] = saved + h
        plus = loss_value()
        flat[i] = saved - h
        minus = loss_value()
        flat[i] = saved
        numeric[i] = (plus - minus) / (2 * h)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


def test_elman_regressor_accepts_the_same_losses():
    X, y = sliding_windows(np.sin(np.arange(300) * 0.2), n_timesteps=10)
    for loss in ("absolute_error", "huber", (huber_per_sample, huber_gradient)):
        for solver in ("adam", "lbfgs"):
            reg = ElmanRegressor(n_hidden=8, max_iter=40, random_state=0, loss=loss, solver=solver)
            assert reg.fit(X[:200], y[:200]).score(X[200:], y[200:]) > 0.99, (loss, solver)


def test_convnet_regressor_accepts_the_same_losses():
    rng = np.random.default_rng(0)
    X = rng.uniform(size=(300, 6, 6)).astype("float32")
    y = X.sum(axis=(1, 2))
    y = (y - y.mean()) / y.std()
    for loss in ("absolute_error", "huber", (huber_per_sample, huber_gradient)):
        reg = ConvNetRegressor(
            conv_filters=(4,),
            hidden_layer_sizes=(16,),
            pooling="average",
            batch_size=32,
            learning_rate_init=0.01,
            tol=1e-2,
            n_iter_no_change=2,
            random_state=0,
            loss=loss,
        )
        assert reg.fit(X, y).score(X, y) > 0.85, loss


#: ElmanRegressor's and ConvNetRegressor's fast settings (tests/test_common.py's FAST_PARAMS)
_FAST_ELMAN = dict(n_hidden=8, max_iter=50, learning_rate_init=0.02)
_FAST_CONVNET = dict(
    conv_filters=(4,), hidden_layer_sizes=(16,), max_iter=50, learning_rate_init=0.02
)


_CHECKS = parametrize_with_checks(
    [
        MLPRegressor(loss="huber"),
        MLPRegressor(loss="absolute_error"),
        MLPRegressor(loss=(huber_per_sample, huber_gradient), solver="lbfgs", max_iter=50),
        # the positive_only tag draws y >= 0; adam's 200 epochs at its default rate leave the
        # exponential output short of check_regressors_train's R^2 on the check's data
        MLPRegressor(loss="poisson", solver="lbfgs", random_state=0),
    ]
    + [
        cls(loss=loss, **params)
        for cls, params in ((ElmanRegressor, _FAST_ELMAN), (ConvNetRegressor, _FAST_CONVNET))
        for loss in ("huber", "absolute_error", "poisson")
    ]
)


def _stable_id(obj):
    """scikit-learn's test id without the functions' addresses (``<function f at 0x7f...>``):
    the ids must be the same in every process that collects them (pytest-xdist's workers)."""
    return re.sub(r"at0x[0-9a-fA-F]+", "", _CHECKS.kwargs["ids"](obj))


@pytest.mark.parametrize(*_CHECKS.args, ids=_stable_id)
def test_sklearn_contract(estimator, check):
    check(estimator)
