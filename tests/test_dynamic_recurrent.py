"""Layer-recurrent and Jordan networks (zoo.dynamic): the Elman network as the layer-recurrent
network's ``layer_delays=(1,)`` case, bit for bit; a task that needs the delay of two steps; a task
that needs the output fed back; gradients against central differences; errors."""

import numpy as np
import pytest
from numpy.testing import assert_array_equal
from sklearn.linear_model import LinearRegression
from sklearn.utils._param_validation import InvalidParameterError

from zoo._core.recurrent import JordanNetwork, SimpleRecurrentNetwork
from zoo.dynamic import (
    JordanClassifier,
    JordanRegressor,
    LayerRecurrentClassifier,
    LayerRecurrentRegressor,
)
from zoo.elman import ElmanClassifier, ElmanRegressor


def delayed_recall(n, n_timesteps, seed):
    """y_t = x_{t-2} (0 for t < 2): the input of two steps ago."""
    X = np.random.default_rng(seed).uniform(-1, 1, (n, n_timesteps))
    y = np.zeros_like(X)
    y[:, 2:] = X[:, :-2]
    return X, y


# ---------------------------------------------------------------- the Elman network as a case
@pytest.mark.numerics
@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_layer_delay_one_is_the_elman_regressor_bit_for_bit(solver):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 9, 2))
    X[::3, 6:] = np.nan  # variable lengths
    y = rng.normal(size=(40, 9))
    weights = rng.uniform(0.5, 2.0, 40)
    params = dict(n_hidden=5, solver=solver, max_iter=15, random_state=0, alpha=1e-3)
    if solver == "adam":
        params["bptt_steps"] = 4
    elman = ElmanRegressor(**params).fit(X, y, sample_weight=weights)
    layrec = LayerRecurrentRegressor(layer_delays=(1,), **params).fit(X, y, sample_weight=weights)
    assert_array_equal(layrec.recurrent_weights_[0], elman.recurrent_weights_)
    assert_array_equal(layrec.input_weights_, elman.input_weights_)
    assert_array_equal(layrec.output_weights_, elman.output_weights_)
    assert_array_equal(layrec.predict(X), elman.predict(X))
    assert layrec.loss_curve_ == elman.loss_curve_


@pytest.mark.numerics
def test_layer_delay_one_is_the_elman_classifier_bit_for_bit():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(60, 7, 3))
    y = (X[:, :, 0].sum(axis=1) > 0).astype(int)  # one label per sequence
    params = dict(n_hidden=4, max_iter=20, random_state=0)
    elman = ElmanClassifier(**params).fit(X, y)
    layrec = LayerRecurrentClassifier(layer_delays=(1,), **params).fit(X, y)
    assert_array_equal(layrec.predict_proba(X), elman.predict_proba(X))
    assert_array_equal(layrec.transform(X), elman.transform(X))


# ---------------------------------------------------------------- what the delays are for
def test_a_delay_of_two_recalls_what_one_delay_cannot_with_two_units():
    """Two hidden units hold x_{t-2} with delays (1, 2) (one unit reads x_t, the other that unit
    two steps later); with the one delay of Elman's network the two units must carry x_t, x_{t-1}
    and x_{t-2} at once. Measured: test R^2 0.44 (three seeds) against 1.000."""
    X, y = delayed_recall(200, 20, 0)
    X_test, y_test = delayed_recall(200, 20, 1)
    scores = {}
    for delays in [(1,), (1, 2)]:
        reg = LayerRecurrentRegressor(
            layer_delays=delays, n_hidden=2, solver="lbfgs", max_iter=300, random_state=0
        ).fit(X, y)
        scores[delays] = reg.score(X_test, y_test)
    assert scores[(1, 2)] > 0.99
    assert scores[(1,)] < 0.6


def test_layer_recurrent_classifier_labels_by_the_input_two_steps_back():
    """Per-step labels sign(x_{t-2}), two hidden units: 0.76 with (1,), 0.998 with (1, 2)."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, 15))
    y = np.zeros(X.shape, dtype=int)
    y[:, 2:] = X[:, :-2] > 0
    scores = {}
    for delays in [(1,), (1, 2)]:
        clf = LayerRecurrentClassifier(
            layer_delays=delays, n_hidden=2, solver="lbfgs", max_iter=300, random_state=0
        ).fit(X[:300], y[:300])
        scores[delays] = clf.score(X[300:], y[300:])
    assert scores[(1, 2)] > 0.97
    assert scores[(1,)] < 0.85


def test_delays_without_one():
    """layer_delays=(2,) alone: two interleaved chains; the recall of x_{t-2} still works."""
    X, y = delayed_recall(200, 20, 0)
    X_test, y_test = delayed_recall(100, 20, 1)
    reg = LayerRecurrentRegressor(
        layer_delays=(2,), n_hidden=2, solver="lbfgs", max_iter=300, random_state=0
    ).fit(X, y)
    assert reg.recurrent_weights_.shape == (1, 2, 2)
    assert reg.score(X_test, y_test) > 0.99


# ---------------------------------------------------------------- Jordan: output feedback
def test_jordan_accumulates_its_own_output():
    """y_t = y_{t-1} + x_t: the output is its previous value plus the input, so the fed-back
    output is the whole state. Measured: test R^2 0.9999; from x_t alone at most 0.11."""
    rng = np.random.default_rng(0)
    X, X_test = rng.uniform(-0.3, 0.3, (200, 15)), rng.uniform(-0.3, 0.3, (200, 15))
    y, y_test = np.cumsum(X, axis=1), np.cumsum(X_test, axis=1)
    reg = JordanRegressor(
        n_hidden=8, context_decay=0.0, solver="lbfgs", max_iter=200, random_state=0
    ).fit(X, y)
    assert reg.recurrent_weights_.shape == (1, 8)  # one state unit per output
    assert reg.score(X_test, y_test) > 0.99
    instantaneous = LinearRegression().fit(X.reshape(-1, 1), y.ravel())
    assert instantaneous.score(X_test.reshape(-1, 1), y_test.ravel()) < 0.2


def test_jordan_classifier_running_parity_generalises_to_longer_streams():
    """label_t = label_{t-1} XOR x_t: trained on 12 steps, exact on 30 (measured 1.0)."""
    rng = np.random.default_rng(0)
    X = rng.integers(0, 2, (200, 12)).astype(float)
    clf = JordanClassifier(n_hidden=4, context_decay=0.0, max_iter=200, random_state=0)
    clf.fit(X, np.cumsum(X, axis=1) % 2)
    X_long = rng.integers(0, 2, (200, 30)).astype(float)[:, :, np.newaxis]
    assert clf.score(X_long, np.cumsum(X_long[:, :, 0], axis=1) % 2) > 0.99


def test_jordan_context_decay_is_the_state_units_self_connection():
    """c_t = mu c_{t-1} + p_{t-1}, checked by running the recurrence by hand."""
    reg = JordanRegressor(n_hidden=3, context_decay=0.7, max_iter=2, random_state=0)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5, 6, 2))
    with pytest.warns(Warning):
        reg.fit(X, rng.normal(size=(5, 6)))
    c = np.zeros((5, 1))
    p = None
    outputs = []
    for t in range(6):
        if t > 0:
            c = 0.7 * c + p
        z = X[:, t] @ reg.input_weights_ + c @ reg.recurrent_weights_ + reg.hidden_intercept_
        h = np.tanh(z)
        p = h @ reg.output_weights_ + reg.output_intercept_
        outputs.append(p[:, 0])
    np.testing.assert_allclose(reg.predict(X), np.stack(outputs, axis=1), rtol=1e-12)


# ---------------------------------------------------------------- gradients
def central_differences(network, X, Y, lengths, output, alpha, weights):
    numeric = np.empty_like(network.flat)
    for i in range(network.flat.size):
        kept = network.flat[i]
        network.flat[i] = kept + 1e-6
        plus = network.loss_value(X, Y, lengths, output, alpha, weights)
        network.flat[i] = kept - 1e-6
        minus = network.loss_value(X, Y, lengths, output, alpha, weights)
        network.flat[i] = kept
        numeric[i] = (plus - minus) / 2e-6
    return numeric


def _targets(rng, output_activation, shape):
    if output_activation == "softmax":
        return np.eye(shape[1])[rng.integers(0, shape[1], shape[0])]
    if output_activation == "logistic":
        return rng.integers(0, 2, shape).astype(float)
    return rng.normal(size=shape)


LOSS_OF = {"identity": "squared_error", "softmax": "log_loss", "logistic": "log_loss"}


@pytest.mark.parametrize("output", ["sequence", "last"])
@pytest.mark.parametrize("padded", [False, True])
@pytest.mark.parametrize("delays", [(1, 2), (2, 3), (1, 3, 8)])
def test_layer_delay_gradient_matches_central_differences(output, padded, delays):
    rng = np.random.default_rng(0)
    T, B, F, H, K = 7, 4, 2, 3, 2
    X = rng.normal(size=(T, B, F))
    lengths = np.array([7, 5, 3, 7]) if padded else None
    Y = rng.normal(size=(T * B if output == "sequence" else B, K))
    weights = rng.uniform(0.5, 2.0, B)
    network = SimpleRecurrentNetwork(
        rng.normal(size=(F, H)),
        0.5 * rng.normal(size=(len(delays), H, H)),
        rng.normal(size=H),
        rng.normal(size=(H, K)),
        rng.normal(size=K),
        "tanh",
        "identity",
        "squared_error",
        delays=delays,
    )
    network.loss_and_gradient(X, Y, lengths, output, 0.3, None, weights)
    numeric = central_differences(network, X, Y, lengths, output, 0.3, weights)
    np.testing.assert_allclose(network.flat_grad, numeric, atol=1e-8 * np.abs(numeric).max())


@pytest.mark.parametrize("output", ["sequence", "last"])
@pytest.mark.parametrize("padded", [False, True])
@pytest.mark.parametrize("output_activation", ["identity", "softmax", "logistic"])
def test_jordan_gradient_matches_central_differences(output, padded, output_activation):
    """BPTT through the fed-back outputs, their activation's Jacobian included."""
    rng = np.random.default_rng(1)
    T, B, F, H, K = 7, 4, 2, 3, 3
    X = rng.normal(size=(T, B, F))
    lengths = np.array([7, 5, 3, 7]) if padded else None
    Y = _targets(rng, output_activation, (T * B if output == "sequence" else B, K))
    weights = rng.uniform(0.5, 2.0, B)
    network = JordanNetwork(
        rng.normal(size=(F, H)),
        rng.normal(size=(K, H)),
        rng.normal(size=H),
        rng.normal(size=(H, K)),
        rng.normal(size=K),
        "tanh",
        output_activation,
        LOSS_OF[output_activation],
        context_decay=0.6,
    )
    network.loss_and_gradient(X, Y, lengths, output, 0.3, None, weights)
    numeric = central_differences(network, X, Y, lengths, output, 0.3, weights)
    np.testing.assert_allclose(network.flat_grad, numeric, atol=1e-8 * np.abs(numeric).max())


@pytest.mark.parametrize("make", ["delays", "jordan"])
def test_truncation_as_long_as_the_sequence_is_the_full_gradient(make):
    rng = np.random.default_rng(2)
    T, B, F, H = 6, 3, 2, 3
    X = rng.normal(size=(T, B, F))
    Y = rng.normal(size=(T * B, 1))
    if make == "delays":
        arrays = (rng.normal(size=(F, H)), rng.normal(size=(2, H, H)), rng.normal(size=H))
        network = SimpleRecurrentNetwork(
            *arrays,
            rng.normal(size=(H, 1)),
            rng.normal(size=1),
            "tanh",
            "identity",
            "squared_error",
            delays=(1, 2),
        )
    else:
        network = JordanNetwork(
            rng.normal(size=(F, H)),
            rng.normal(size=(1, H)),
            rng.normal(size=H),
            rng.normal(size=(H, 1)),
            rng.normal(size=1),
            "tanh",
            "identity",
            "squared_error",
            context_decay=0.5,
        )
    network.loss_and_gradient(X, Y, None, "sequence", 0.0, None)
    full = network.flat_grad.copy()
    network.loss_and_gradient(X, Y, None, "sequence", 0.0, T)
    np.testing.assert_allclose(network.flat_grad, full, rtol=1e-12)
    network.loss_and_gradient(X, Y, None, "sequence", 0.0, 2)
    assert not np.allclose(network.flat_grad, full)  # chunks of 2 cut the error's path


# ---------------------------------------------------------------- errors and conventions
@pytest.mark.parametrize("delays", [(), (0, 1), (1, 1), (1.5,), ((1, 2),)])
def test_bad_layer_delays_are_refused(delays):
    X, y = delayed_recall(10, 5, 0)
    with pytest.raises(ValueError, match="layer_delays"):
        LayerRecurrentRegressor(layer_delays=delays).fit(X, y)


def test_context_decay_outside_the_unit_interval_is_refused():
    X, y = delayed_recall(10, 5, 0)
    with pytest.raises(InvalidParameterError, match="context_decay"):
        JordanRegressor(context_decay=1.5).fit(X, y)


def test_a_warm_fit_keeps_the_layer_delays():
    X, y = delayed_recall(20, 6, 0)
    reg = LayerRecurrentRegressor(layer_delays=(1, 2), max_iter=2, warm_start=True)
    with pytest.warns(Warning):
        reg.fit(X, y)
    reg.set_params(layer_delays=(1, 3))
    with pytest.raises(ValueError, match="same layer_delays"):
        reg.fit(X, y)


@pytest.mark.parametrize("cls", [LayerRecurrentRegressor, JordanRegressor])
def test_float32_stays_float32(cls):
    X, y = delayed_recall(20, 6, 0)
    reg = cls(n_hidden=3, max_iter=3, random_state=0)
    with pytest.warns(Warning):
        reg.fit(X.astype(np.float32), y.astype(np.float32))
    assert reg.recurrent_weights_.dtype == np.float32
    assert reg.predict(X.astype(np.float32)).dtype == np.float32


def test_feature_names_say_which_network():
    X, y = delayed_recall(20, 6, 0)
    with pytest.warns(Warning):
        layrec = LayerRecurrentRegressor(n_hidden=2, max_iter=2).fit(X, y[:, -1])
        jordan = JordanRegressor(n_hidden=2, max_iter=2).fit(X, y)
    assert list(layrec.get_feature_names_out()) == ["layrec_last_hidden_0", "layrec_last_hidden_1"]
    assert jordan.get_feature_names_out()[0] == "jordan_step_hidden_0"
