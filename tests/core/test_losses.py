import numpy as np
import pytest
from sklearn.metrics import log_loss as sk_log_loss
from sklearn.metrics import mean_squared_error

from zoo._core.activations import ACTIVATIONS
from zoo._core.losses import LOSSES, output_delta, resolve_loss

rng = np.random.default_rng(0)


def test_log_loss_equals_sklearn():
    p = ACTIVATIONS["softmax"](rng.normal(size=(20, 4)))
    y = rng.integers(0, 4, 20)
    Y = np.eye(4)[y]
    assert LOSSES["log_loss"](Y, p) == pytest.approx(sk_log_loss(y, p, labels=range(4)))


def test_binary_log_loss_equals_sklearn_and_weights_count():
    p = ACTIVATIONS["logistic"](rng.normal(size=(30, 1)))
    y = rng.integers(0, 2, 30)
    w = rng.uniform(0.5, 2, 30)
    expected = sk_log_loss(y, np.hstack([1 - p, p]), sample_weight=w)
    assert LOSSES["binary_log_loss"](y[:, None], p, w) == pytest.approx(expected)
    assert LOSSES["log_loss"](y[:, None], p, w) == pytest.approx(expected)


def test_squared_error_is_half_mse_summed_over_outputs():
    y, p = rng.normal(size=(10, 3)), rng.normal(size=(10, 3))
    assert LOSSES["squared_error"](y, p) == pytest.approx(1.5 * mean_squared_error(y, p))


def test_saturated_probabilities_give_finite_loss():
    Y = np.array([[1.0, 0.0], [0.0, 1.0]])
    p = np.array([[0.0, 1.0], [1.0, 0.0]])
    assert np.isfinite(LOSSES["log_loss"](Y, p))
    assert np.isfinite(LOSSES["binary_log_loss"](Y, p))


@pytest.mark.parametrize(
    "loss, activation",
    [
        ("squared_error", "identity"),
        ("log_loss", "softmax"),
        ("log_loss", "logistic"),
        ("squared_error", "logistic"),
        ("squared_error", "softmax"),
        ("poisson", "exp"),
        ("squared_error", "tanh"),
    ],
)
def test_output_delta_is_gradient_wrt_preactivation(loss, activation):
    loss = resolve_loss(loss, activation)
    n, k = 6, (1 if activation == "logistic" and loss == "binary_log_loss" else 3)
    z = rng.normal(size=(n, k))
    if activation == "softmax":
        Y = np.eye(k)[rng.integers(0, k, n)]
    elif activation == "exp":
        Y = rng.poisson(2.0, size=(n, k)).astype(float)
    else:
        Y = rng.uniform(0, 1, size=(n, k)).round()
    f = ACTIVATIONS[activation]

    def total(zz):  # sum_i E_i = n * mean
        return LOSSES[loss](Y, f(zz.copy())) * n

    h = 1e-6
    numeric = np.empty_like(z)
    for index in np.ndindex(z.shape):
        step = np.zeros_like(z)
        step[index] = h
        numeric[index] = (total(z + step) - total(z - step)) / (2 * h)
    analytic = output_delta(loss, activation, Y, f(z.copy()))
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


def test_unknown_loss_lists_valid_ones():
    with pytest.raises(ValueError, match="valid losses"):
        resolve_loss("hinge", "identity")
