"""The dynamic benchmarks follow their equations step by step and keep their known invariants."""

import warnings

import numpy as np
import pytest

from zoo.datasets import make_henon, make_lorenz, make_mackey_glass, make_narendra, make_narma

# ---------------------------------------------------------------- Narendra & Parthasarathy (1990)


def _plant_step(example, y0, y1, y2, u0, u1):
    """The paper's y(k+1) from y(k), y(k-1), y(k-2), u(k), u(k-1), evaluated on whole arrays."""
    if example == 1:
        f = 0.6 * np.sin(np.pi * u0) + 0.3 * np.sin(3 * np.pi * u0) + 0.1 * np.sin(5 * np.pi * u0)
        return 0.3 * y0 + 0.6 * y1 + f
    if example == 2:
        return y0 * y1 * (y0 + 2.5) / (1 + y0**2 + y1**2) + u0
    if example == 3:
        return y0 / (1 + y0**2) + u0**3
    x1, x2, x3, x4, x5 = y0, y1, y2, u0, u1
    return (x1 * x2 * x3 * x5 * (x3 - 1) + x4) / (1 + x2**2 + x3**2)


@pytest.mark.parametrize("example", [1, 2, 3, 4])
@pytest.mark.parametrize("kind", ["random", "test"])
def test_narendra_series_follow_the_plant_equation_at_every_step(example, kind):
    u, y = make_narendra(example, 800, input=kind, random_state=0)
    assert u.shape == y.shape == (800,) and y[0] == 0.0
    ypad, upad = np.r_[0.0, 0.0, y], np.r_[0.0, u]  # at rest before k = 0
    expected = _plant_step(example, ypad[2:-1], ypad[1:-2], ypad[:-3], upad[1:-1], upad[:-2])
    np.testing.assert_allclose(y[1:], expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("example, interval", [(1, 1.0), (2, 2.0), (3, 2.0), (4, 1.0)])
def test_narendra_training_input_is_uniform_on_the_papers_interval(example, interval):
    u, _ = make_narendra(example, 5000, random_state=1)
    assert -interval <= u.min() < -0.99 * interval and 0.99 * interval < u.max() <= interval
    # i.i.d. uniform: variance (2a)^2/12, no correlation between neighbours
    assert u.var() == pytest.approx(interval**2 / 3, rel=0.05)
    assert abs(np.corrcoef(u[:-1], u[1:])[0, 1]) < 0.05


def test_narendra_test_inputs_are_the_papers_sinusoids():
    k = np.arange(1000.0)
    expected = {
        1: np.sin(2 * np.pi * k / 250),
        2: np.sin(2 * np.pi * k / 25),
        3: np.sin(2 * np.pi * k / 25) + np.sin(2 * np.pi * k / 10),
        4: np.where(
            k <= 500,
            np.sin(2 * np.pi * k / 250),
            0.8 * np.sin(2 * np.pi * k / 250) + 0.2 * np.sin(2 * np.pi * k / 25),
        ),
    }
    for example, u_expected in expected.items():
        u, _ = make_narendra(example, 1000, input="test")
        np.testing.assert_allclose(u, u_expected, atol=1e-15)


@pytest.mark.parametrize("example, period", [(1, 250), (2, 25), (3, 50)])
def test_narendra_plants_are_stable_their_test_responses_become_periodic(example, period):
    # a fading-memory plant driven by a periodic input settles on the input's period
    _, y = make_narendra(example, 2000, input="test")
    np.testing.assert_allclose(y[1500 : 2000 - period], y[1500 + period :], atol=1e-9)
    assert np.ptp(y[1500:]) > 0.5


def test_narendra_takes_a_users_input_and_keeps_no_reference_to_it():
    rng = np.random.default_rng(0)
    mine = rng.uniform(-1, 1, 300)
    u, y = make_narendra(4, input=mine)  # the array's length, not n_samples, sets the length
    assert u.shape == y.shape == (300,) and not np.shares_memory(u, mine)
    np.testing.assert_array_equal(u, mine)
    mine[:] = 0.0
    assert np.abs(u).max() > 0.9
    np.testing.assert_array_equal(y, make_narendra(4, input=u)[1])


def test_narendra_is_deterministic_for_a_random_state():
    first, again = make_narendra(2, 300, random_state=3), make_narendra(2, 300, random_state=3)
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[1], again[1])
    assert not np.array_equal(first[0], make_narendra(2, 300, random_state=4)[0])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"example": 5}, "example must be 1, 2, 3 or 4"),
        ({"example": True}, "example must be 1, 2, 3 or 4"),
        ({"example": 2, "input": "sine"}, "input must be 'random', 'test'"),
        ({"example": 2, "input": [0.1, np.nan]}, "finite"),
        ({"example": 2, "input": np.ones((3, 2))}, "1-D"),
        ({"example": 2, "input": []}, "non-empty"),
        ({"example": 2, "n_samples": 0}, "n_samples must be an integer >= 1"),
        ({"example": 3, "input": [1e120, 0.0, 0.0]}, "overflowed"),
    ],
)
def test_narendra_rejects_bad_arguments_clearly(kwargs, message):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning on the way to the error
        with pytest.raises(ValueError, match=message):
            make_narendra(**kwargs)


# ------------------------------------------------------------------------------ NARMA


def _narma_next(u, y, order):
    """The NARMA recurrence evaluated directly, for t = order - 1 .. n - 2."""
    t = np.arange(order - 1, len(y) - 1)
    sums = np.array([y[s - order + 1 : s + 1].sum() for s in t])
    return 0.3 * y[t] + 0.05 * y[t] * sums + 1.5 * u[t - order + 1] * u[t] + 0.1


@pytest.mark.parametrize("order", [1, 2, 5, 10])
def test_narma_follows_its_recurrence_at_every_step(order):
    u, y = make_narma(1500, order, random_state=0)
    assert ((0 <= u) & (u <= 0.5)).all() and (y[:order] == 0).all()
    np.testing.assert_allclose(y[order:], _narma_next(u, y, order), rtol=1e-12, atol=1e-14)
    assert 0.0 < y[200:].min() and y.max() < 14


def test_narma_throws_a_diverging_draw_away_and_uses_the_next_one():
    n = 10_000
    for seed in range(200):
        rng = np.random.RandomState(seed)
        first = rng.uniform(0.0, 0.5, n)
        y = np.zeros(n)
        for t in range(9, n - 1):
            y[t + 1] = 0.3 * y[t] + 0.05 * y[t] * y[t - 9 : t + 1].sum()
            y[t + 1] += 1.5 * first[t - 9] * first[t] + 0.1
            if y[t + 1] > 14:
                break
        if y.max() > 14:
            break
    else:  # pragma: no cover - 5 % of the draws diverge
        pytest.fail("no diverging NARMA-10 draw in 200 seeds")
    u, y = make_narma(n, random_state=seed)
    np.testing.assert_array_equal(u, rng.uniform(0.0, 0.5, n))  # the same generator's next draw
    assert y.max() < 14
    np.testing.assert_allclose(y[10:], _narma_next(u, y, 10), rtol=1e-12, atol=1e-14)


def test_narma_is_deterministic_and_refuses_orders_that_always_diverge():
    np.testing.assert_array_equal(
        make_narma(500, random_state=2)[1], make_narma(500, random_state=2)[1]
    )
    with pytest.raises(ValueError, match="NARMA-20 diverged .* on each of 100 input draws"):
        make_narma(1000, order=20, random_state=0)
    with pytest.raises(ValueError, match="n_samples must be an integer >= 11"):
        make_narma(10, order=10)
    with pytest.raises(ValueError, match="order must be an integer >= 1"):
        make_narma(100, order=0)


# ------------------------------------------------------------------------------ Mackey-Glass


def _mackey_glass_rhs(x, delayed, beta=0.2, gamma=0.1, n=10):
    return beta * delayed / (1 + delayed**n) - gamma * x


def test_mackey_glass_solves_its_delay_equation():
    # every grid point returned: the central difference of the solution is its right-hand side
    dt, m = 0.1, 170
    x = make_mackey_glass(3000, dt=dt, sample_step=dt, washout=0, x0=1.2)
    slope = (x[m + 2 :] - x[m:-2]) / (2 * dt)
    rhs = _mackey_glass_rhs(x[m + 1 : -1], x[1 : -m - 1])
    np.testing.assert_allclose(slope, rhs, atol=1e-4)  # the central difference's O(dt^2)
    assert x[0] == 1.2


def test_mackey_glass_integration_is_fourth_order():
    # errors against dt/4: (1 - 4^-4) / (2^-4 - 4^-4) = 17 for a fourth-order method (5 for a
    # second-order one, e.g. with linearly interpolated delayed midpoints)
    for horizon in (100, 300):
        x = [make_mackey_glass(1, dt=h, washout=horizon, x0=1.2)[0] for h in (0.1, 0.05, 0.025)]
        assert 14 < abs(x[0] - x[2]) / abs(x[1] - x[2]) < 20


@pytest.mark.parametrize("tau, low, high", [(17, 0.4, 1.35), (30, 0.2, 1.4)])
def test_mackey_glass_is_chaotic_in_its_known_range_for_tau_17_and_30(tau, low, high):
    x = make_mackey_glass(3000, tau=tau, random_state=0)
    assert low - 0.03 < x.min() < low + 0.1 and high - 0.1 < x.max() < high + 0.03
    # aperiodic: the series does not repeat at any lag up to 500 samples
    lags = np.arange(1, 501)
    gaps = [np.abs(x[lag:] - x[:-lag]).max() for lag in lags]
    assert min(gaps) > 0.05


def test_mackey_glass_short_delay_settles_on_the_fixed_point():
    # x* = (beta/gamma - 1)^(1/n) = 1 is stable for small tau
    np.testing.assert_allclose(make_mackey_glass(5, tau=2, random_state=0), 1.0, atol=1e-9)
    x = make_mackey_glass(5, tau=2, beta=0.3, gamma=0.1, n=4, x0=0.7)
    np.testing.assert_allclose(x, 2.0**0.25, atol=1e-9)


def test_mackey_glass_is_deterministic_and_checks_its_grid():
    first = make_mackey_glass(200, random_state=5)
    np.testing.assert_array_equal(first, make_mackey_glass(200, random_state=5))
    assert not np.array_equal(first, make_mackey_glass(200, random_state=6))
    np.testing.assert_array_equal(
        make_mackey_glass(50, x0=1.2, random_state=1), make_mackey_glass(50, x0=1.2)
    )
    with pytest.raises(ValueError, match="dt must divide tau"):
        make_mackey_glass(10, tau=17, dt=0.3)
    with pytest.raises(ValueError, match="sample_step=0.25 must be a multiple of dt=0.1"):
        make_mackey_glass(10, sample_step=0.25)
    with pytest.raises(ValueError, match="x0 must be > 0"):
        make_mackey_glass(10, x0=0.0)
    with pytest.raises(ValueError, match="lower dt"):
        make_mackey_glass(10, tau=17, gamma=40.0, dt=0.1)


# ------------------------------------------------------------------------------ Lorenz


def test_lorenz_solves_its_equations():
    dt = 0.001
    X = make_lorenz(3000, dt=dt, washout=0, initial=[1.0, 1.0, 1.0])
    slope = (X[2:] - X[:-2]) / (2 * dt)
    x, y, z = X[1:-1].T
    field = np.column_stack([10 * (y - x), x * (28 - z) - y, x * y - 8 / 3 * z])
    np.testing.assert_allclose(slope, field, atol=0.1)  # |field| up to ~400; O(dt^2) differences
    np.testing.assert_array_equal(X[0], [1.0, 1.0, 1.0])


def test_lorenz_integration_is_fourth_order():
    ends = [
        make_lorenz(1, dt=h, washout=round(0.5 / h), initial=[1, 1, 1])[0]
        for h in (5e-3, 2.5e-3, 1.25e-3)
    ]
    ratio = np.abs(ends[0] - ends[2]).max() / np.abs(ends[1] - ends[2]).max()
    assert 14 < ratio < 20


def test_lorenz_trajectory_stays_on_the_butterfly_and_visits_both_wings():
    X = make_lorenz(50_000, random_state=0)
    x, y, z = X.T
    assert np.abs(x).max() < 20 and np.abs(y).max() < 28 and 0 < z.min() and z.max() < 50
    assert 22.5 < z.mean() < 24.5  # the attractor's time average of z, about 23.5
    assert (np.diff(np.sign(x)) != 0).sum() > 100  # many switches between the wings


def test_lorenz_below_the_hopf_point_settles_on_a_fixed_point():
    # rho = 10 < 24.74: C± = (±sqrt(beta (rho - 1)), ±sqrt(beta (rho - 1)), rho - 1) are stable
    x, y, z = make_lorenz(1, rho=10, washout=5000, random_state=0)[0]
    c = np.sqrt(8 / 3 * 9)
    np.testing.assert_allclose([abs(x), abs(y), z], [c, c, 9], atol=1e-6)


def test_lorenz_is_deterministic_and_refuses_bad_starts():
    np.testing.assert_array_equal(
        make_lorenz(100, random_state=1), make_lorenz(100, random_state=1)
    )
    with pytest.raises(ValueError, match="initial must be 3 finite numbers"):
        make_lorenz(10, initial=[1.0, 2.0])
    with pytest.raises(ValueError, match="lower dt"):
        make_lorenz(10, dt=0.5, random_state=0)


# ------------------------------------------------------------------------------ Hénon


def test_henon_follows_its_map_and_stays_on_the_attractor():
    X = make_henon(100_000, random_state=0)
    x, y = X.T
    np.testing.assert_allclose(x[1:], 1 - 1.4 * x[:-1] ** 2 + y[:-1], rtol=0, atol=1e-15)
    np.testing.assert_allclose(y[1:], 0.3 * x[:-1], rtol=0, atol=1e-15)
    assert -1.29 < x.min() < -1.28 and 1.27 < x.max() < 1.28
    assert -0.39 < y.min() < -0.38 and 0.38 < y.max() < 0.39


def test_henon_with_small_a_settles_on_its_fixed_point():
    a, b = 0.2, 0.3
    fixed = (-(1 - b) + np.sqrt((1 - b) ** 2 + 4 * a)) / (2 * a)
    np.testing.assert_allclose(
        make_henon(1, a=a, b=b, washout=500, random_state=0)[0], [fixed, b * fixed]
    )


def test_henon_is_deterministic_and_reports_an_escaping_orbit():
    np.testing.assert_array_equal(make_henon(50, random_state=4), make_henon(50, random_state=4))
    with pytest.raises(ValueError, match="escaped to infinity"):
        make_henon(10, initial=[2.0, 2.0])
