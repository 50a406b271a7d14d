"""The regressors' ``loss``: absolute error, Huber and a ``(loss, gradient)`` pair, on every
solver whose math allows them (issue 29, item 5). Their math is tested in tests/core/test_losses.py,
whose basename this file cannot share (pytest imports both as top-level modules)."""

import pickle
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


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        yield


@pytest.mark.parametrize("solver", ["lbfgs", "adam", "sgd", "rprop", "quickprop"])
def test_robust_losses_ignore_outliers_that_pull_squared_error(solver):
    """Fitted to y with 10% gross outliers, absolute error and Huber (medians, nearly) fit the
    clean points better than squared error (a mean, dragged by the outliers)."""
    X, y, y_noisy, clean = _outlier_data()
    rate = {"learning_rate_init": 0.01} if solver in ("adam", "sgd") else {}
    scores = {
        loss: _mlp(loss=loss, solver=solver, **rate).fit(X, y_noisy).score(X[clean], y[clean])
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


@pytest.mark.parametrize("solver", ["lbfgs", "adam"])
def test_huber_with_a_huge_delta_fits_as_squared_error_bit_for_bit(solver):
    X, y, _, _ = _outlier_data()
    squared = _mlp(solver=solver, max_iter=30).fit(X, y)
    huber = _mlp(solver=solver, max_iter=30, loss="huber", huber_delta=1e300).fit(X, y)
    for a, b in zip(squared.coefs_ + squared.intercepts_, huber.coefs_ + huber.intercepts_):
        np.testing.assert_array_equal(a, b)
    assert squared.loss_curve_ == huber.loss_curve_


@pytest.mark.parametrize("solver", ["lbfgs", "adam", "rprop"])
def test_callable_pair_fits_as_the_builtin_with_the_same_math(solver):
    X, _, y_noisy, _ = _outlier_data()
    sample_weight = np.random.default_rng(1).uniform(0.5, 2, len(y_noisy))
    builtin = _mlp(solver=solver, max_iter=30, loss="huber")
    pair = _mlp(solver=solver, max_iter=30, loss=(huber_per_sample, huber_gradient))
    builtin.fit(X, y_noisy, sample_weight=sample_weight)
    pair.fit(X, y_noisy, sample_weight=sample_weight)
    for a, b in zip(builtin.coefs_ + builtin.intercepts_, pair.coefs_ + pair.intercepts_):
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
def test_a_malformed_pair_fails_at_fit_naming_the_contract(loss, message):
    X, y, _, _ = _outlier_data()
    with pytest.raises(ValueError, match=message):
        _mlp(solver="adam", loss=loss, max_iter=2).fit(X, y)


def test_a_pair_of_module_functions_pickles_and_saves(tmp_path):
    from zoo.io import load, save

    X, y, _, _ = _outlier_data()
    reg = _mlp(loss=(huber_per_sample, huber_gradient), max_iter=5).fit(X, y)
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(reg)).predict(X), reg.predict(X))
    path = tmp_path / "huber.skops"
    save(reg, path)
    names = [f"{__name__}.huber_per_sample", f"{__name__}.huber_gradient"]
    np.testing.assert_array_equal(load(path, trusted=names).predict(X), reg.predict(X))


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


@parametrize_with_checks(
    [
        MLPRegressor(loss="huber"),
        MLPRegressor(loss="absolute_error"),
        MLPRegressor(loss=(huber_per_sample, huber_gradient), solver="lbfgs", max_iter=50),
    ]
)
def test_sklearn_contract(estimator, check):
    check(estimator)
