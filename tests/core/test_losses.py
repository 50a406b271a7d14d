import numpy as np
import pytest
from sklearn.metrics import log_loss as sk_log_loss
from sklearn.metrics import mean_squared_error

from zoo._core.activations import ACTIVATIONS
from zoo._core.losses import LOSSES, loss_function, make_loss, output_delta, resolve_loss

rng = np.random.default_rng(0)


def _central_differences(f, x, h=1e-6):
    """The gradient of the scalar f at x, by central differences."""
    numeric = np.empty_like(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = h
        numeric[index] = (f(x + step) - f(x - step)) / (2 * h)
    return numeric


def _per_sample_gradient(loss, Y, P):
    """dE_i/dp by central differences: n times the mean loss's gradient."""
    return _central_differences(lambda P: loss(Y, P) * P.shape[0], P)


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

    numeric = _central_differences(total, z)
    analytic = output_delta(loss, activation, Y, f(z.copy()))
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


def test_unknown_loss_lists_valid_ones():
    with pytest.raises(ValueError, match="valid losses"):
        resolve_loss("hinge", "identity")


@pytest.mark.parametrize(
    "loss",
    ["absolute_error", "huber", make_loss("huber", huber_delta=0.3)],
    ids=["absolute_error", "huber", "huber-0.3"],
)
def test_robust_loss_gradients_match_central_differences(loss):
    Y = rng.normal(size=(8, 3))
    P = Y + rng.choice([-1, 1], size=Y.shape) * rng.uniform(0.05, 2.0, size=Y.shape)
    # keep every residual away from the kinks (0 for |r|, +-delta for Huber) the steps would cross
    P[np.abs(np.abs(P - Y) - 0.3) < 1e-3] += 0.01
    P[np.abs(np.abs(P - Y) - 1.0) < 1e-3] += 0.01
    analytic = output_delta(resolve_loss(loss, "identity"), "identity", Y, P)
    np.testing.assert_allclose(
        analytic, _per_sample_gradient(loss_function(loss), Y, P), rtol=1e-6, atol=1e-8
    )


def test_absolute_error_subgradient_is_zero_at_zero_residual():
    Y = np.array([[1.0, 2.0]])
    assert output_delta("absolute_error", "identity", Y, Y + [[0.0, -0.5]]).tolist() == [[0, -1]]
    assert LOSSES["absolute_error"](Y, Y + [[3.0, -0.5]]) == 3.5


def test_huber_values_quadratic_inside_linear_beyond():
    huber = make_loss("huber", huber_delta=2.0)
    Y = np.zeros((1, 3))
    # 0.5 * 1^2 + 2 * (3 - 1) + 2 * (5 - 1)
    assert huber(Y, np.array([[1.0, -3.0, 5.0]])) == 0.5 + 4 + 8


def test_huber_with_huge_delta_is_squared_error_exactly():
    Y, P = rng.normal(size=(50, 3)), rng.normal(scale=10, size=(50, 3))
    w = rng.uniform(0.5, 2, 50)
    huber = make_loss("huber", huber_delta=1e300)
    for weights in (None, w):
        assert huber(Y, P, weights) == LOSSES["squared_error"](Y, P, weights)
        assert LOSSES["huber"](Y, P, weights, delta=1e300) == LOSSES["squared_error"](Y, P, weights)
    np.testing.assert_array_equal(
        output_delta(huber, "identity", Y, P), output_delta("squared_error", "identity", Y, P)
    )


def _log_cosh(y_true, y_pred):
    return np.log(np.cosh(y_pred - y_true)).sum(axis=1)


def _log_cosh_gradient(y_true, y_pred):
    return np.tanh(y_pred - y_true)


def test_callable_pair_is_weighted_per_sample_and_differentiated():
    loss = make_loss((_log_cosh, _log_cosh_gradient))
    Y, P = rng.normal(size=(7, 2)), rng.normal(size=(7, 2))
    w = rng.uniform(0.5, 2, 7)
    assert loss(Y, P, w) == pytest.approx(np.average(_log_cosh(Y, P), weights=w))
    np.testing.assert_allclose(
        output_delta(loss, "identity", Y, P), _per_sample_gradient(loss, Y, P), rtol=1e-6
    )
    assert resolve_loss(loss, "identity") is loss


@pytest.mark.parametrize(
    "pair, message",
    [
        (
            (lambda y, p: float(np.sum(p - y)), _log_cosh_gradient),
            r"loss function .* shape \(\); expected \(7,\)",
        ),
        (
            (_log_cosh, lambda y, p: np.tanh(p - y)[:, 0]),
            r"gradient function .* shape \(7,\); expected \(7, 2\)",
        ),
        ((lambda y, p: np.full(len(y), np.nan), _log_cosh_gradient), "non-finite"),
    ],
)
def test_callable_pair_checks_shapes_and_finiteness(pair, message):
    loss = make_loss(pair)
    Y, P = rng.normal(size=(7, 2)), rng.normal(size=(7, 2))
    with pytest.raises(ValueError, match=message):
        loss(Y, P)
        output_delta(loss, "identity", Y, P)


@pytest.mark.parametrize("bad", ["hinge", (np.abs,), (np.abs, 3), 3])
def test_make_loss_rejects_what_is_not_a_loss(bad):
    with pytest.raises(ValueError, match="loss"):
        resolve_loss(make_loss(bad), "identity")
