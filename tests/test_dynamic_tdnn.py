"""prepare_delays (MATLAB's preparets) and the focused time-delay networks (zoo.dynamic):
the shifted rows against the taps written out, the rows the NARX network trains on, an FIR-like
system identified, a step-labelling task, layouts, errors."""

import numpy as np
import pytest

from zoo.dynamic import NARRegressor, NARXRegressor, prepare_delays


def test_prepare_delays_rows_are_the_taps_written_out():
    rng = np.random.default_rng(0)
    U = rng.normal(size=(7, 2))
    y = rng.normal(size=(7, 3))
    Xs, Xi, yi, Ts = prepare_delays(U, y, input_delays=(0, 2), feedback_delays=(1, 3))
    assert Xs.shape == (4, 2 * 2 + 2 * 3)
    for row, t in zip(Xs, range(3, 7)):
        np.testing.assert_array_equal(row, np.r_[U[t], U[t - 2], y[t - 1], y[t - 3]])
    np.testing.assert_array_equal(Ts, y[3:])
    np.testing.assert_array_equal(Xi, U[:3])
    np.testing.assert_array_equal(yi, y[:3])
    # the caller's arrays are not referenced
    assert not np.shares_memory(Xi, U) and not np.shares_memory(yi, y)


def test_prepare_delays_on_padded_sequences_keeps_rows_inside_each():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(2, 6, 1))
    y = rng.normal(size=(2, 6))
    X[1, 4:], y[1, 4:] = np.nan, np.nan
    Xs, Xi, yi, Ts = prepare_delays(X, y, input_delays=(1,), feedback_delays=(1, 2))
    assert len(Xs) == 4 + 2 and Ts.shape == (6,) and yi.shape == (2, 2) and Xi.shape == (2, 2, 1)
    np.testing.assert_array_equal(Xs[-1], [X[1, 2, 0], y[1, 2], y[1, 1]])
    np.testing.assert_array_equal(Ts[-1], y[1, 3])
    assert np.isfinite(Xs).all()


def test_prepare_delays_for_nar_and_tdnn_and_float32():
    y = np.arange(6.0, dtype=np.float32)
    Xs, Xi, yi, Ts = prepare_delays(y=y, input_delays=(), feedback_delays=(1, 2))
    assert Xi is None and Xs.dtype == np.float32
    np.testing.assert_array_equal(Xs, [[1, 0], [2, 1], [3, 2], [4, 3]])
    np.testing.assert_array_equal(Ts, [2, 3, 4, 5])
    Xs, Xi, yi, Ts = prepare_delays(y[:, None], input_delays=(0, 1), feedback_delays=())
    assert yi is None and Ts is None
    np.testing.assert_array_equal(Xs[:2], [[1, 0], [2, 1]])


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_prepare_delays_rows_are_what_the_narx_network_trains_on():
    rng = np.random.default_rng(2)
    u = rng.uniform(-1, 1, 120)
    y = np.zeros(120)
    for k in range(2, 120):
        y[k] = 0.5 * y[k - 1] - 0.2 * y[k - 2] + np.tanh(u[k - 1])
    narx = NARXRegressor(hidden_layer_sizes=(4,), solver="lbfgs", max_iter=30, random_state=0)
    narx.fit(u[:, None], y)
    Xs, _, _, Ts = prepare_delays(u[:, None], y)
    np.testing.assert_allclose(narx.mlp_.predict(Xs), narx.predict(u[:, None], y)[2:], rtol=1e-12)
    nar = NARRegressor(hidden_layer_sizes=(4,), solver="lbfgs", max_iter=30, random_state=0)
    nar.fit(y)
    Xs, _, _, _ = prepare_delays(y=y, input_delays=())
    assert nar.mlp_.n_features_in_ == Xs.shape[1] == 2


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(input_delays=(), feedback_delays=()), "at least one delay"),
        (dict(X=None, y=np.zeros(5)), "input_delays need the inputs"),
        (dict(X=np.zeros((5, 1)), y=None), "feedback_delays need the outputs"),
        (dict(X=np.zeros((2, 1)), y=np.zeros(2)), "at least 3 steps"),
        (dict(X=np.zeros((5, 1)), y=np.zeros(4)), "inconsistent"),
        (dict(X=np.zeros((5, 1)), y=np.r_[0, 0, np.inf, 0, 0]), "infinity"),
        (dict(X=np.zeros((5, 1)), y=np.zeros(5), feedback_delays=(0,)), "feedback_delays"),
    ],
)
def test_prepare_delays_refuses_what_it_cannot_shift(kwargs, match):
    with pytest.raises(ValueError, match=match):
        prepare_delays(**kwargs)
