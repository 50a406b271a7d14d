"""NARX networks (zoo.dynamic): the delay rows, open- and closed-loop identification of
Narendra & Parthasarathy's (1990) Example 2 plant, the closed-loop gradient, the layouts, errors."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from zoo._core.activations import resolve_activation
from zoo._core.delays import ClosedLoopProblem, delay_rows, pad_front, trainable_steps
from zoo._core.initializers import glorot_uniform
from zoo._core.network import FeedForwardNetwork
from zoo.dynamic import NARRegressor, NARXRegressor


def narendra_example_2(u):
    """y(k+1) = y(k) y(k-1) (y(k) + 2.5) / (1 + y(k)^2 + y(k-1)^2) + u(k), from rest."""
    y = np.zeros(len(u) + 1)
    for k in range(1, len(u)):
        y[k + 1] = y[k] * y[k - 1] * (y[k] + 2.5) / (1 + y[k] ** 2 + y[k - 1] ** 2) + u[k]
    return y[:-1]


def nrmse(predicted, true):
    return float(np.sqrt(np.mean((predicted - true) ** 2)) / np.std(true))


@pytest.fixture(scope="module")
def narendra():
    rng = np.random.default_rng(0)
    u = rng.uniform(-2, 2, 1000)
    k = np.arange(1000)
    u_test = np.sin(2 * np.pi * k / 25)
    return u[:, None], narendra_example_2(u), u_test[:, None], narendra_example_2(u_test)


def test_narx_identifies_narendra_example_2(narendra):
    """Trained open loop on u ~ U[-2, 2], run closed loop on u(k) = sin(2 pi k / 25) from rest:
    measured NRMSE 0.029 one step ahead and 0.063 over the 1000 free-run steps."""
    X, y, X_test, y_test = narendra
    narx = NARXRegressor(input_delays=(1,), feedback_delays=(1, 2), random_state=0).fit(X, y)
    assert nrmse(narx.predict(X_test, y_test)[2:], y_test[2:]) < 0.05
    assert nrmse(narx.predict(X_test), y_test) < 0.1
    # the same closed loop, started from the true first outputs
    simulated = narx.simulate(X_test, y_test[:2])
    np.testing.assert_array_equal(simulated[:2], y_test[:2])
    assert nrmse(simulated, y_test) < 0.1


def test_delay_rows_are_the_taps():
    U = np.arange(12.0).reshape(1, 6, 2)
    Y = 100 + np.arange(6.0).reshape(1, 6, 1)
    seqs, steps = trainable_steps(np.array([6]), 6, 2)
    rows = delay_rows(pad_front(U, 2), pad_front(Y, 2), 2, seqs, steps, (0, 2), (1,))
    t = 3
    assert list(rows[t - 2]) == [*U[0, t], *U[0, t - 2], Y[0, t - 1, 0]]
    assert len(rows) == 4


def test_padded_sequences_give_rows_inside_each_sequence_only():
    X = np.random.default_rng(0).normal(size=(2, 8, 1))
    y = X[..., 0] * 0.5
    X[1, 5:] = np.nan
    y[1, 5:] = np.nan
    seqs, steps = trainable_steps(np.array([8, 5]), 8, 2)
    assert np.bincount(seqs).tolist() == [6, 3]
    narx = NARXRegressor(input_delays=(0, 1), feedback_delays=(1, 2), random_state=0).fit(X, y)
    predicted = narx.predict(X, y)
    assert predicted.shape == (2, 8)
    assert np.isnan(predicted[1, 5:]).all() and np.isfinite(predicted[0]).all()


@pytest.mark.parametrize("activation", ["tanh", "logistic", "relu"])
def test_closed_loop_gradient_matches_central_differences(activation):
    rng = np.random.default_rng(1)
    input_delays, feedback_delays = (0, 2), (1, 3)
    n, T, F, K = 3, 9, 2, 2
    width = len(input_delays) * F + len(feedback_delays) * K
    coefs, intercepts = [], []
    for fan_in, fan_out in ((width, 5), (5, K)):
        W, b = glorot_uniform(fan_in, fan_out, rng, 6.0, np.float64)
        coefs.append(W)
        intercepts.append(b + rng.normal(scale=0.1, size=b.shape))
    network = FeedForwardNetwork(
        coefs, intercepts, [resolve_activation(activation), "identity"], "squared_error"
    )
    U = pad_front(rng.normal(size=(n, T, F)), 3)
    Y = pad_front(rng.normal(size=(n, T, K)), 3)
    lengths = np.array([9, 7, 9])
    problem = ClosedLoopProblem(
        network, U, Y, 3, lengths, input_delays, feedback_delays, np.array([1.0, 2.0, 0.5]), 0.1
    )
    loss, gradient = problem.loss_and_gradient()
    gradient = gradient.copy()
    assert loss == pytest.approx(problem.loss())
    numeric = np.empty_like(gradient)
    h = 1e-6
    for i in range(len(numeric)):
        saved = network.flat[i]
        network.flat[i] = saved + h
        up = problem.loss()
        network.flat[i] = saved - h
        down = problem.loss()
        network.flat[i] = saved
        numeric[i] = (up - down) / (2 * h)
    np.testing.assert_allclose(gradient, numeric, rtol=1e-5, atol=1e-8)


def test_closed_loop_fit_lowers_the_free_run_error_it_trains(narendra):
    X, y, _, _ = narendra
    X, y = X[:300], y[:300]
    open_loop = NARXRegressor(input_delays=(1,), feedback_delays=(1, 2), random_state=0)
    closed = NARXRegressor(
        input_delays=(1,), feedback_delays=(1, 2), random_state=0, closed_loop_fit=True,
        closed_loop_max_iter=30,
    )  # fmt: skip
    closed.fit(X, y)  # early stopping on the free-run error of the series' last 10 %
    open_loop.fit(X, y)
    error = {
        name: nrmse(model.simulate(X, y[:2]), y)
        for name, model in (("open", open_loop), ("closed", closed))
    }
    assert error["closed"] < error["open"]
    assert closed.closed_loop_loss_curve_[-1] < closed.closed_loop_loss_curve_[0]


@pytest.mark.parametrize("solver", ["lbfgs", "adam", "rprop"])
def test_every_mlp_solver_trains_the_open_loop(narendra, solver):
    X, y, X_test, y_test = narendra
    narx = NARXRegressor(
        input_delays=(1,), feedback_delays=(1, 2), solver=solver, max_iter=300,
        learning_rate_init=0.01, random_state=0,
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        narx.fit(X, y)
    assert narx.mlp_.solver == solver
    assert nrmse(narx.predict(X_test, y_test)[2:], y_test[2:]) < 0.3


def test_multi_output_sequences_and_per_sequence_weights():
    rng = np.random.default_rng(0)
    U = rng.uniform(-1, 1, size=(4, 60, 2))
    Y = np.zeros((4, 60, 2))
    for t in range(1, 60):
        Y[:, t, 0] = 0.6 * Y[:, t - 1, 0] + U[:, t - 1, 0]
        Y[:, t, 1] = 0.3 * Y[:, t - 1, 1] - U[:, t - 1, 1] * U[:, t - 1, 0]
    narx = NARXRegressor(input_delays=(1,), feedback_delays=(1,), random_state=0).fit(U, Y)
    assert narx.n_outputs_ == 2 and narx.predict(U).shape == (4, 60, 2)
    assert nrmse(narx.predict(U, Y)[:, 1:], Y[:, 1:]) < 0.1
    # a zero weight drops a sequence: the fit equals the fit without it
    weighted = NARXRegressor(input_delays=(1,), feedback_delays=(1,), random_state=0)
    weighted.fit(U, Y, sample_weight=[1.0, 1.0, 1.0, 0.0])
    dropped = NARXRegressor(input_delays=(1,), feedback_delays=(1,), random_state=0)
    dropped.fit(U[:3], Y[:3])
    np.testing.assert_allclose(weighted.predict(U), dropped.predict(U), rtol=1e-6, atol=1e-8)


def test_forecast_continues_the_training_series():
    k = np.arange(300)
    u = np.sin(2 * np.pi * k / 40)
    y = np.zeros(300)
    for t in range(1, 300):
        y[t] = 0.8 * y[t - 1] + 0.5 * u[t - 1]
    narx = NARXRegressor(input_delays=(1,), feedback_delays=(1,), random_state=0)
    narx.fit(u[:250, None], y[:250])
    forecast = narx.forecast(50, X_future=u[250:, None])
    assert forecast.shape == (50,)
    assert nrmse(forecast, y[250:]) < 0.05
    # from a given past instead of the training series' end
    again = narx.forecast(50, X_future=u[250:, None], y_past=y[:250], X_past=u[:250, None])
    np.testing.assert_allclose(again, forecast)


def test_warm_start_continues_the_fitted_network(narendra):
    X, y, _, _ = narendra
    narx = NARXRegressor(solver="adam", max_iter=5, warm_start=True, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        narx.fit(X, y)
        first = narx.mlp_
        loss = narx.loss_
        narx.fit(X, y)
    assert narx.mlp_ is first and narx.loss_ < loss


@pytest.mark.parametrize(
    "params, match",
    [
        (dict(input_delays=(-1, 2)), "input_delays must be ints >= 0"),
        (dict(feedback_delays=(0, 1)), "feedback_delays must be ints >= 1"),
        (dict(feedback_delays=(1, 1)), "repeated"),
        (dict(input_delays=(1, 2.5)), "input_delays"),
    ],
)
def test_bad_delays_are_refused(params, match):
    with pytest.raises(ValueError, match=match):
        NARXRegressor(**params).fit(np.zeros((20, 1)), np.zeros(20))


def test_sequences_shorter_than_the_largest_delay_are_refused():
    with pytest.raises(ValueError, match="largest delay is 5"):
        NARXRegressor(feedback_delays=(1, 5)).fit(np.zeros((5, 1)), np.zeros(5))


def test_targets_of_another_shape_are_refused():
    with pytest.raises(ValueError, match="one target per step"):
        NARXRegressor().fit(np.zeros((3, 10, 1)), np.zeros(3))


def test_forecast_needs_the_future_inputs():
    narx = NARXRegressor(random_state=0).fit(np.random.default_rng(0).normal(size=(30, 1)),
                                             np.zeros(30))  # fmt: skip
    with pytest.raises(ValueError, match="X_future"):
        narx.forecast(3)


def test_nar_forecasts_a_noiseless_sine():
    """20 closed-loop steps after 180 of sin(2 pi t / 20): measured largest error 0.015."""
    y = np.sin(2 * np.pi * np.arange(200) / 20)
    nar = NARRegressor(hidden_layer_sizes=(5,), random_state=0).fit(y[:180])
    assert np.abs(nar.forecast(20) - y[180:]).max() < 0.05
    # predict(X) is the forecast of len(X) steps: TimeSeriesSplit's test stretch follows its fit
    np.testing.assert_array_equal(nar.predict(np.zeros((20, 1))), nar.forecast(20))


def test_nar_learns_the_logistic_map_one_step_ahead():
    y = np.empty(400)
    y[0] = 0.3
    for t in range(1, 400):
        y[t] = 3.9 * y[t - 1] * (1 - y[t - 1])
    nar = NARRegressor(feedback_delays=(1,), hidden_layer_sizes=(6,), random_state=0).fit(y[:300])
    # chaos forbids a long forecast; from the true state every next step is right
    steps = np.array([nar.forecast(1, y_past=y[t - 1 : t])[0] for t in range(300, 320)])
    assert np.abs(steps - y[300:320]).max() < 0.01


def test_nar_takes_fit_x_y_as_scikit_learn_calls_it():
    y = np.sin(2 * np.pi * np.arange(200) / 20)
    alone = NARRegressor(random_state=0).fit(y)
    with_rows = NARRegressor(random_state=0).fit(np.zeros((200, 3)), y)
    np.testing.assert_array_equal(alone.forecast(5), with_rows.forecast(5))
    with pytest.raises(ValueError, match="features"):
        with_rows.predict(np.zeros((5, 2)))


def test_narx_identifies_narma_10_to_near_zero_error():
    """NARMA-10 is a deterministic function of 10 past inputs and outputs: with standardised
    series and lm run to convergence the free run over 1000 test steps is exact to 1e-3
    (measured 0.0001-0.0002 NRMSE for seeds 0-2; 0.035-0.33 when lm stopped on the absolute
    1e-4 patience of the unscaled loss)."""
    from zoo.datasets import make_narma

    u, y = make_narma(1600, random_state=0)
    ten = tuple(range(1, 11))
    narx = NARXRegressor(ten, ten, (5,), random_state=0, max_iter=300)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        narx.fit(u[:1000, None], y[:1000])
    simulated = narx.simulate(u[1000:, None], y[1000:1010])
    assert nrmse(simulated[10:], y[1010:]) < 0.01


def test_standardize_makes_the_fit_independent_of_the_units(narendra):
    """Inputs and targets in other units (times 1000, shifted) give the same network in the
    user's units: the network sees standardised series, undone on output."""
    X, y, X_test, y_test = narendra
    X, y = X[:300], y[:300]
    params = dict(input_delays=(1,), feedback_delays=(1, 2), random_state=0, max_iter=30)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        base = NARXRegressor(**params).fit(X, y)
        scaled = NARXRegressor(**params).fit(X * 1000 + 5, y * 1000 - 3)
    in_new_units = scaled.simulate(X_test * 1000 + 5, y_test[:2] * 1000 - 3)
    np.testing.assert_allclose(
        (in_new_units + 3) / 1000, base.simulate(X_test, y_test[:2]), atol=1e-6
    )
    assert scaled._scaling[3][0] == pytest.approx(y.std() * 1000)


def test_closed_loop_training_stops_on_held_out_free_run_error(narendra):
    """closed_loop_fit holds out each sequence's last validation_fraction and keeps the weights
    of its best free-run error, so the held-out error never ends above its best."""
    X, y, _, _ = narendra
    narx = NARXRegressor(
        input_delays=(1,), feedback_delays=(1, 2), random_state=0, max_iter=20,
        closed_loop_fit=True, closed_loop_max_iter=15, validation_fraction=0.2,
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        narx.fit(X[:400], y[:400])
    scores = narx.closed_loop_validation_scores_
    assert scores is not None and len(scores) == len(narx.closed_loop_loss_curve_)
    # the held-out criterion: half the mean squared free-run error in standardised units
    rmse = np.sqrt(-2 * max(scores)) * narx._scaling[3][0]
    simulated = narx.simulate(X[318:400], y[318:320])[2:]  # steps 320-399 from 318-319
    assert np.sqrt(np.mean((simulated - y[320:400]) ** 2)) == pytest.approx(rmse, rel=1e-4)


def test_score_runs_over_the_real_steps_of_padded_sequences():
    rng = np.random.default_rng(0)
    U = rng.uniform(-1, 1, size=(3, 40, 1))
    Y = np.zeros((3, 40))
    for t in range(1, 40):
        Y[:, t] = 0.5 * Y[:, t - 1] + U[:, t - 1, 0]
    U[2, 30:] = np.nan  # the third sequence is 30 steps long
    Y[2, 30:] = np.nan
    narx = NARXRegressor(input_delays=(1,), feedback_delays=(1,), random_state=0, max_iter=50)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        narx.fit(U, Y)
    real = ~np.isnan(Y)
    expected = (
        1 - ((narx.predict(U)[real] - Y[real]) ** 2).sum() / ((Y[real] - Y[real].mean()) ** 2).sum()
    )
    assert narx.score(U, Y) == pytest.approx(expected)
    assert narx.score(U, Y) > 0.9
