"""prepare_delays (MATLAB's preparets) and the focused time-delay networks (zoo.dynamic):
the shifted rows against the taps written out, the rows the NARX network trains on, an FIR-like
system identified, a step-labelling task, layouts, errors."""

import numpy as np
import pytest

from zoo.dynamic import (
    NARRegressor,
    NARXRegressor,
    TimeDelayClassifier,
    TimeDelayRegressor,
    prepare_delays,
)


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
    narx = NARXRegressor(
        hidden_layer_sizes=(4,), solver="lbfgs", max_iter=30, random_state=0, standardize=False
    )  # the raw rows (standardize=True trains on their standardised copy)
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


# ----------------------------------------------------------------------------- TimeDelayRegressor


def nonlinear_fir(u):
    """y(t) = tanh(u(t) + 0.8 u(t-1) - 0.4 u(t-2)) + 0.3 u(t-1) u(t-3), from rest."""
    u1, u2, u3 = np.r_[0, u[:-1]], np.r_[0, 0, u[:-2]], np.r_[0, 0, 0, u[:-3]]
    return np.tanh(u + 0.8 * u1 - 0.4 * u2) + 0.3 * u1 * u3


def nrmse(predicted, true):
    return float(np.sqrt(np.mean((predicted - true) ** 2)) / np.std(true))


@pytest.fixture(scope="module")
def fir_data():
    rng = np.random.default_rng(0)
    u, u_test = rng.uniform(-1, 1, 1000), rng.uniform(-1, 1, 500)
    return u[:, None], nonlinear_fir(u), u_test[:, None], nonlinear_fir(u_test)


def test_tdnn_identifies_a_nonlinear_fir_system(fir_data):
    """Trained on 1000 steps of u ~ U[-1, 1], tested on 500 fresh ones: measured NRMSE 0.0086
    with the taps the system has (0..3); 0.19 without u(t-3), 0.78 with MATLAB's default 1:2,
    which cannot see u(t)."""
    X, y, X_test, y_test = fir_data
    errors = {}
    for delays in [(0, 1, 2, 3), (0, 1, 2), (1, 2)]:
        tdnn = TimeDelayRegressor(delays, random_state=0).fit(X, y)
        errors[delays] = nrmse(tdnn.predict(X_test)[3:], y_test[3:])
    assert errors[(0, 1, 2, 3)] < 0.02
    assert errors[(0, 1, 2)] > 0.1
    assert errors[(1, 2)] > 0.5


def test_tdnn_predicts_from_zero_initial_states_and_the_prepared_rows(fir_data):
    X, y, X_test, _ = fir_data
    tdnn = TimeDelayRegressor(hidden_layer_sizes=(4,), random_state=0).fit(X[:200], y[:200])
    predicted = tdnn.predict(X_test)
    Xs, _, _, _ = prepare_delays(X_test, input_delays=(0, 1, 2), feedback_delays=())
    np.testing.assert_allclose(tdnn.mlp_.predict(Xs), predicted[2:], rtol=1e-12)
    # before the series starts, the taps read zeros
    first = tdnn.mlp_.predict(np.array([[X_test[0, 0], 0.0, 0.0], [X_test[1, 0], X_test[0, 0], 0]]))
    np.testing.assert_allclose(first, predicted[:2], rtol=1e-12)


def test_tdnn_on_padded_multi_output_sequences_with_weights():
    rng = np.random.default_rng(3)
    X = rng.uniform(-1, 1, size=(6, 30, 2))
    previous = np.concatenate([np.zeros((6, 1)), X[:, :-1, 1]], axis=1)  # u_2(t-1), from rest
    y = np.stack([X[..., 0] + 0.5 * previous, X[..., 1] ** 2], axis=-1)
    X[2, 20:], y[2, 20:] = np.nan, np.nan
    tdnn = TimeDelayRegressor((0, 1), hidden_layer_sizes=(6,), random_state=0)
    tdnn.fit(X, y, sample_weight=np.r_[1, 2, 1, 1, 3, 1.0])
    predicted = tdnn.predict(X)
    assert predicted.shape == (6, 30, 2)
    assert np.isnan(predicted[2, 20:]).all() and np.isfinite(predicted[2, :20]).all()
    assert tdnn.score(X, y) > 0.99
    assert tdnn.score(X, y, sample_weight=np.ones(6)) == pytest.approx(tdnn.score(X, y))


def test_tdnn_keeps_float32(fir_data):
    X, y, _, _ = fir_data
    tdnn = TimeDelayRegressor(hidden_layer_sizes=(3,), random_state=0)
    tdnn.fit(X[:100].astype(np.float32), y[:100].astype(np.float32))
    assert tdnn.coefs_[0].dtype == np.float32
    assert tdnn.predict(X[:10].astype(np.float32)).dtype == np.float32


@pytest.mark.parametrize(
    "params, match",
    [
        (dict(input_delays=()), "at least one delay"),
        (dict(input_delays=(0, 0)), "repeated"),
        (dict(input_delays=(-1,)), "input_delays"),
    ],
)
def test_tdnn_refuses_bad_delays(params, match):
    with pytest.raises(ValueError, match=match):
        TimeDelayRegressor(**params).fit(np.zeros((10, 1)), np.zeros(10))


def test_tdnn_refuses_series_shorter_than_its_taps():
    with pytest.raises(ValueError, match="at least 4 steps"):
        TimeDelayRegressor((0, 3)).fit(np.zeros((3, 1)), np.zeros(3))


# ----------------------------------------------------------------------------- TimeDelayClassifier


def waveform_series(n_steps, seed):
    """Segments of 20-40 steps, each a sine, square or triangle wave of period 8 (random phase,
    noise 0.1); the label of a step is the waveform playing."""
    rng = np.random.default_rng(seed)
    u, labels = [], []
    while len(u) < n_steps:
        kind, length, phase = rng.integers(3), rng.integers(20, 41), rng.uniform(0, 1)
        t = (np.arange(length) / 8 + phase) % 1
        wave = [np.sin(2 * np.pi * t), np.where(t < 0.5, 1.0, -1.0), 4 * np.abs(t - 0.5) - 1][kind]
        u.extend(wave + 0.1 * rng.normal(size=length))
        labels.extend([kind] * length)
    return np.array(u[:n_steps])[:, None], np.array(labels[:n_steps])


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_tdnn_labels_each_step_by_the_waveform_playing():
    """3000 training steps, 2000 test steps: measured accuracy 0.898 with a window of one
    period (taps 0..7; 0.94 on the steps whose window lies inside one segment), 0.872 with taps
    0..2, 0.601 from the current sample alone (the three waves share their values)."""
    X, y = waveform_series(3000, 0)
    X_test, y_test = waveform_series(2000, 1)
    window = TimeDelayClassifier(tuple(range(8)), random_state=0).fit(X, y)
    one_sample = TimeDelayClassifier((0,), random_state=0).fit(X, y)
    assert window.score(X_test, y_test) > 0.85
    assert one_sample.score(X_test, y_test) < 0.7
    proba = window.predict_proba(X_test)
    assert proba.shape == (2000, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(window.classes_[proba.argmax(axis=1)], window.predict(X_test))


def test_tdnn_classifier_on_padded_sequences_with_string_labels():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(8, 25, 1))
    y = np.where(X[..., 0] > np.concatenate([np.zeros((8, 1)), X[:, :-1, 0]], axis=1), "up", "down")
    X[3, 15:] = np.nan
    y[3, 15:] = "padding"  # ignored: not a class
    clf = TimeDelayClassifier((0, 1), hidden_layer_sizes=(4,), random_state=0).fit(X, y)
    assert list(clf.classes_) == ["down", "up"]
    predicted = clf.predict(X)
    assert predicted.shape == (8, 25)
    assert (predicted[3, 15:] == predicted[3, 14]).all()  # padded steps repeat the last real one
    proba = clf.predict_proba(X)
    assert proba.shape == (8, 25, 2) and np.isfinite(proba).all()
    assert clf.score(X, y) > 0.95
    assert clf.score(X, y, sample_weight=np.ones(8)) == clf.score(X, y)


@pytest.mark.parametrize(
    "y, match",
    [
        (np.zeros(30, dtype=int), "class"),
        (np.zeros((2, 15), dtype=int), "one label per step|inconsistent"),
    ],
)
def test_tdnn_classifier_refuses_targets_it_cannot_learn(y, match):
    with pytest.raises(ValueError, match=match):
        TimeDelayClassifier().fit(np.zeros((30, 1)), y)
