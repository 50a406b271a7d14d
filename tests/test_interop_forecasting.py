"""zoo's regressors as the regressor of skforecast's and sktime's lag-feature forecasters
(where those libraries are installed): both clone the estimator, fit it on lag rows and call
``predict`` recursively, which is all a scikit-learn regressor must support."""

import inspect
import warnings

import numpy as np
import pytest

import zoo

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

H = 20


def series():
    pd = pytest.importorskip("pandas")
    return pd.Series(np.sin(2 * np.pi * np.arange(200) / 20), name="y")


def regressors():
    return [
        zoo.MLPRegressor(hidden_layer_sizes=(20,), solver="lbfgs", max_iter=500, random_state=0),
        zoo.RBFRegressor(n_centers=30, random_state=0),
    ]


@pytest.mark.parametrize("regressor", regressors(), ids=lambda r: type(r).__name__)
def test_skforecast_forecaster_recursive(regressor):
    pytest.importorskip("skforecast")
    from skforecast.recursive import ForecasterRecursive

    y = series()
    # skforecast 0.26 calls it ``estimator``; earlier versions ``regressor``
    name = (
        "estimator"
        if "estimator" in inspect.signature(ForecasterRecursive).parameters
        else ("regressor")
    )
    forecaster = ForecasterRecursive(**{name: regressor}, lags=4)
    forecaster.fit(y=y[:-H])
    forecast = forecaster.predict(steps=H)
    # a sine is an exact AR(2): 20 steps fed back stay on it
    assert np.abs(forecast.to_numpy() - y[-H:].to_numpy()).max() < 0.05
    assert list(forecast.index) == list(y.index[-H:])


def test_skforecast_with_exogenous_input():
    pytest.importorskip("skforecast")
    from skforecast.recursive import ForecasterRecursive

    y = series()
    exog = y.shift(-1).fillna(0).rename("next")  # tomorrow's value, known: a perfect input
    name = (
        "estimator"
        if "estimator" in inspect.signature(ForecasterRecursive).parameters
        else ("regressor")
    )
    forecaster = ForecasterRecursive(**{name: regressors()[0]}, lags=2)
    forecaster.fit(y=y[: -H - 1], exog=exog[: -H - 1])
    forecast = forecaster.predict(steps=H, exog=exog[-H - 1 : -1])
    assert np.abs(forecast.to_numpy() - y[-H - 1 : -1].to_numpy()).max() < 0.05


@pytest.mark.parametrize("regressor", regressors(), ids=lambda r: type(r).__name__)
def test_sktime_make_reduction(regressor):
    pytest.importorskip("sktime")
    from sktime.forecasting.compose import make_reduction

    y = series()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # sktime's own deprecations
        forecaster = make_reduction(regressor, window_length=4, strategy="recursive")
        forecaster.fit(y[:-H])
        forecast = forecaster.predict(fh=np.arange(1, H + 1))
    assert np.abs(forecast.to_numpy() - y[-H:].to_numpy()).max() < 0.05
    # sktime cloned the regressor: the caller's stays unfitted
    assert not hasattr(regressor, "n_features_in_")
