"""The math behind issue 19: Gauss-Newton rows by back-propagation, the Levenberg-Marquardt step
and damping rule, MacKay's evidence, iRPROP+, the new activations and dropout masks."""

import warnings

import numpy as np
import pytest

from zoo._core.activations import (
    ACTIVATIONS,
    CustomActivation,
    derivative_with_z,
    resolve_activation,
)
from zoo._core.initializers import glorot_uniform
from zoo._core.levenberg import (
    LevenbergMarquardt,
    check_problem_size,
    evidence_alpha,
    weight_classes,
)
from zoo._core.losses import resolve_loss
from zoo._core.network import FeedForwardNetwork, dropout_masks, forward
from zoo._core.optimizers import Rprop, make_optimizer

NEW = ["leaky_relu", "elu", "softplus", "gelu", "swish"]
OUTPUTS = [
    ("squared_error", "identity"),
    ("log_loss", "softmax"),
    ("log_loss", "logistic"),
    ("squared_error", "logistic"),
    ("squared_error", "softmax"),
    ("poisson", "exp"),
]


def _network(hidden, out_activation, loss, units=(4, 5, 3), seed=0):
    rng = np.random.default_rng(seed)
    coefs, intercepts = zip(*(glorot_uniform(a, b, rng) for a, b in zip(units[:-1], units[1:])))
    activations = [resolve_activation(hidden)] * (len(units) - 2) + [out_activation]
    return FeedForwardNetwork(
        list(coefs), list(intercepts), activations, resolve_loss(loss, out_activation)
    )


# ----------------------------------------------------------------------------- activations


@pytest.mark.parametrize("name", NEW)
def test_new_activation_derivatives_match_central_differences(name):
    rng = np.random.default_rng(0)
    z = rng.normal(scale=3.0, size=(6, 5))
    z[np.abs(z) < 1e-3] = 0.5  # away from leaky_relu's and elu's kink
    f, h = ACTIVATIONS[name], 1e-6
    numeric = (f(z + h) - f(z - h)) / (2 * h)
    analytic = derivative_with_z(name)(z, f(z.copy()), np.ones_like(z))
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", NEW)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_new_activations_and_derivatives_finite_and_dtype_preserving(name, dtype):
    z = np.array([[-1e30, -800.0, -50.0, -1.0, 0.0, 1.0, 50.0, 800.0, 1e30]])
    z = np.clip(z, np.finfo(dtype).min, np.finfo(dtype).max).astype(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = ACTIVATIONS[name](z.copy())
        slope = derivative_with_z(name)(z, a, np.ones_like(z))
    assert a.dtype == slope.dtype == dtype
    assert np.isfinite(a).all() and np.isfinite(slope).all()
    # the limits: f(z) ~ z and f' ~ 1 far right; f' ~ 0 (elu, softplus, gelu, swish) far left
    assert slope[0, -1] == 1 and a[0, -2] == pytest.approx(800.0)
    assert slope[0, 0] == (0.01 if name == "leaky_relu" else 0)


def test_softplus_derivative_is_exact_where_the_output_is_tiny():
    z = np.array([-60.0, -30.0])
    a = ACTIVATIONS["softplus"](z.copy())
    slope = derivative_with_z("softplus")(z, a, np.ones(2))
    np.testing.assert_allclose(slope, 1 / (1 + np.exp(-z)), rtol=1e-12)  # sigma(z), not 0


def test_a_pair_of_callables_is_an_activation():
    pair = CustomActivation(np.sin, lambda z, a: np.cos(z))
    z = np.linspace(-3, 3, 12).reshape(3, 4).astype(np.float32)
    assert pair(z).dtype == np.float32
    np.testing.assert_allclose(pair.derivative(z, pair(z), np.ones_like(z)), np.cos(z), rtol=1e-6)
    assert isinstance(resolve_activation((np.tanh, lambda z, a: 1 - a**2)), CustomActivation)
    with pytest.raises(ValueError, match="pair of callables"):
        resolve_activation((np.tanh, 3))
    with pytest.raises(ValueError, match="elementwise"):
        CustomActivation(lambda z: z.sum(axis=1), lambda z, a: 1)(z)


@pytest.mark.parametrize("hidden", NEW + [(np.sin, lambda z, a: np.cos(z))], ids=NEW + ["sin-pair"])
@pytest.mark.parametrize("masked", [False, True])
def test_backprop_with_new_activations_and_fixed_dropout_masks(hidden, masked):
    # dE/dw by back-propagation = central differences, with the same dropout masks in both
    rng = np.random.default_rng(3)
    network = _network(hidden, "softmax", "log_loss", units=(4, 6, 5, 3))
    X, Y = rng.normal(size=(7, 4)), np.eye(3)[rng.integers(0, 3, 7)]
    masks = None
    if masked:
        masks = dropout_masks([(0.5, 6), (0.3, 5)], 7, np.random.RandomState(0), X.dtype)
        assert all((m == 0).any() for m in masks)  # some units really dropped
    network.loss_and_gradient(X, Y, None, 0.2, masks)
    analytic = network.flat_grad.copy()
    numeric, h = np.empty_like(analytic), 1e-6
    for i in range(network.flat.size):
        original = network.flat[i]
        network.flat[i] = original + h
        up = network.loss_value(X, Y, None, 0.2, masks)
        network.flat[i] = original - h
        down = network.loss_value(X, Y, None, 0.2, masks)
        network.flat[i] = original
        numeric[i] = (up - down) / (2 * h)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


def test_dropout_masks_are_inverted_and_seeded():
    rates = [(0.25, 400), (0.0, 3)]
    masks = dropout_masks(rates, 500, np.random.RandomState(0), np.float32)
    mask = masks[0]
    assert masks[1] is None and mask.dtype == np.float32
    assert set(np.unique(mask)) == {0.0, np.float32(1 / 0.75)}
    assert (mask == 0).mean() == pytest.approx(0.25, abs=0.01)
    assert mask.mean() == pytest.approx(1.0, abs=0.02)  # E[m] = 1: prediction needs no rescaling
    again = dropout_masks(rates, 500, np.random.RandomState(0), np.float32)[0]
    np.testing.assert_array_equal(mask, again)


# ----------------------------------------------------------------------------- Gauss-Newton


@pytest.mark.parametrize("hidden", ["tanh", "gelu", "swish", "elu"])
@pytest.mark.parametrize("loss, out_activation", OUTPUTS)
def test_gauss_newton_matrix_is_jt_h_j(hidden, loss, out_activation):
    # G = sum_i s_i J_i^T H_i J_i with J_i = dz_L/dtheta by central differences and H_i the
    # loss's Gauss-Newton curvature written out; computed in chunks of 3 samples
    rng = np.random.default_rng(1)
    network = _network(hidden, out_activation, loss)
    X, sample_weight = rng.normal(size=(7, 4)), rng.uniform(0.5, 2.0, 7)
    G = network.gauss_newton(X, None, sample_weight, chunk_rows=3)
    linear_output = network.activations[:-1] + ["identity"]
    flat, h = network.flat.copy(), 1e-6

    def z_out(theta):
        network.flat[:] = theta
        return forward(X, network.coefs, network.intercepts, linear_output)

    J = np.stack([(z_out(flat + h * e) - z_out(flat - h * e)) / (2 * h) for e in np.eye(flat.size)])
    network.flat[:] = flat
    p = network.forward(X)
    expected = np.zeros_like(G)
    for i in range(len(X)):
        if out_activation == "identity":
            H = np.eye(3)
        elif out_activation == "softmax":
            dp = np.diag(p[i]) - np.outer(p[i], p[i])
            H = dp if loss == "log_loss" else dp @ dp
        elif out_activation == "logistic":
            dp = p[i] * (1 - p[i])
            H = np.diag(dp if loss == "log_loss" else dp**2)
        else:
            H = np.diag(p[i])
        expected += sample_weight[i] * J[:, i] @ H @ J[:, i].T  # J[:, i] = J_i^T
    np.testing.assert_allclose(G, expected, rtol=1e-6, atol=1e-8 * np.abs(expected).max())


@pytest.mark.parametrize("loss, out_activation", OUTPUTS)
def test_gauss_newton_system_gives_the_gradient_of_the_same_pass(loss, out_activation):
    # Levenberg-Marquardt's one pass: G, and the data term and its gradient on the sum scale,
    # equal to loss_and_gradient's (mean scale) times m = sum_i s_i; in chunks of 3 samples
    rng = np.random.default_rng(2)
    network = _network("gelu", out_activation, loss)
    X, sample_weight = rng.normal(size=(7, 4)), rng.uniform(0.5, 2.0, 7)
    Y = network.forward(rng.normal(size=(7, 4)))  # valid targets for every loss
    G, gradient = np.empty((network.flat.size,) * 2), np.empty(network.flat.size)
    data = network.gauss_newton_system(X, Y, sample_weight, G, gradient, chunk_rows=3)
    loss_value = network.loss_and_gradient(X, Y, sample_weight, 0.0)
    m = sample_weight.sum()
    assert data == pytest.approx(loss_value * m, rel=1e-12)
    np.testing.assert_allclose(gradient, network.flat_grad * m, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(G, network.gauss_newton(X, Y, sample_weight), rtol=1e-12)


def test_lm_step_on_a_linear_least_squares_problem_is_the_ridge_solution():
    # E = 1/2 ||X w - y||^2: G = X^T X exactly, so with mu -> 0 one step lands on the minimiser
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(30, 4)), rng.normal(size=30)
    w, alpha = np.zeros(4), 0.5
    G = X.T @ X
    gradient = X.T @ (X @ w - y) + alpha * w
    lm = LevenbergMarquardt(4, 4, mu=1e-12)

    def objective():
        return 0.5 * np.sum((X @ w - y) ** 2) + 0.5 * alpha * w @ w

    lm.step(w, G, gradient, alpha, objective, objective())
    np.testing.assert_allclose(w, np.linalg.solve(G + alpha * np.eye(4), X.T @ y), rtol=1e-8)
    assert lm.mu == pytest.approx(1e-13)  # a successful step divides mu by 10


def test_lm_damping_grows_tenfold_until_a_step_helps_and_stalls_at_mu_max():
    w = np.array([1.0])
    lm = LevenbergMarquardt(1, 1, mu=1.0, mu_max=1e3)
    calls = []

    def never_better():
        calls.append(lm.mu)
        return 10.0

    value = lm.step(w, np.eye(1), np.array([1.0]), 0.0, never_better, 1.0)
    assert calls == [1.0, 10.0, 100.0, 1000.0] and lm.stalled
    assert value == 1.0 and w[0] == 1.0  # weights restored


def test_evidence_alpha_matches_the_bayesian_linear_regression_fixed_point():
    # For a linear model the evidence is exact: iterating MacKay's update converges to the alpha
    # maximising the closed-form log evidence of Bayesian ridge regression.
    rng = np.random.default_rng(0)
    n, k = 80, 6
    X = rng.normal(size=(n, k))
    y = X @ rng.normal(size=k) + rng.normal(scale=0.5, size=n)
    G, alpha = X.T @ X, 1.0
    for _ in range(200):
        w = np.linalg.solve(G + alpha * np.eye(k), X.T @ y)
        sse = float(np.sum((X @ w - y) ** 2))
        alphas, gamma = evidence_alpha(G, np.full(k, alpha), [slice(0, k)], w, sse, n)
        alpha = alphas[0]

    def log_evidence(a):  # ratio a = alpha/beta; beta profiled out at its optimum
        w = np.linalg.solve(G + a * np.eye(k), X.T @ y)
        sse = np.sum((X @ w - y) ** 2) + a * w @ w
        beta = n / sse
        _, logdet = np.linalg.slogdet(beta * (G + a * np.eye(k)))
        return 0.5 * k * np.log(a * beta) + 0.5 * n * np.log(beta) - 0.5 * beta * sse - 0.5 * logdet

    grid = np.logspace(-3, 3, 601)
    best = grid[np.argmax([log_evidence(a) for a in grid])]
    assert alpha == pytest.approx(best, rel=0.05)
    assert 0 < gamma <= k


def test_evidence_per_weight_class_maximises_the_two_prior_evidence():
    # MacKay's weight classes: two groups of weights of very different sizes get two decays; for
    # a linear model the fixed point of the update maximises the closed-form log evidence
    rng = np.random.default_rng(1)
    n, k = 120, 6
    X = rng.normal(size=(n, k))
    y = X @ np.r_[3.0 * rng.normal(size=3), 0.1 * rng.normal(size=3)] + rng.normal(size=n)
    G, classes = X.T @ X, weight_classes([3, 3])
    alpha = np.ones(k)
    for _ in range(300):
        w = np.linalg.solve(G + np.diag(alpha), X.T @ y)
        alpha, gamma = evidence_alpha(G, alpha, classes, w, float(np.sum((X @ w - y) ** 2)), n)

    def log_evidence(a1, a2):  # ratios alpha_c / beta; beta profiled out at its optimum
        D = np.diag(np.r_[[a1] * 3, [a2] * 3])
        w = np.linalg.solve(G + D, X.T @ y)
        sse = np.sum((X @ w - y) ** 2) + w @ D @ w
        beta = n / sse
        _, logdet = np.linalg.slogdet(beta * (G + D))
        return (
            1.5 * np.log(a1 * beta)
            + 1.5 * np.log(a2 * beta)
            + 0.5 * n * np.log(beta)
            - (0.5 * beta * sse + 0.5 * logdet)
        )

    grid = np.logspace(-3, 4, 57)
    best = max(log_evidence(a1, a2) for a1 in grid for a2 in grid)
    assert log_evidence(alpha[0], alpha[3]) >= best - 1e-9
    assert alpha[3] > 10 * alpha[0]  # the small weights are shrunk far harder
    assert np.all(alpha[:3] == alpha[0]) and 0 < gamma <= k


def test_memory_guard_names_the_limit_and_the_alternative():
    check_problem_size(1000, 300, "MLPRegressor")
    with pytest.raises(ValueError, match="solver='lbfgs'"):
        check_problem_size(60000 * 10, 79510, "MLPClassifier")


# ----------------------------------------------------------------------------- iRPROP+


def test_rprop_steps_grow_while_the_sign_holds_and_are_bounded():
    w = np.array([0.0])
    optimizer = Rprop([w], learning_rate_init=0.1, step_min=1e-6, step_max=0.5)
    positions = [0.0]
    for _ in range(12):
        optimizer.update([w], [np.array([-1.0])])  # constant slope: always the same sign
        positions.append(float(w[0]))
    steps = np.diff(positions)
    np.testing.assert_allclose(steps[:4], 0.1 * 1.2 ** np.arange(4))  # Delta_0, then x 1.2
    assert steps.max() == pytest.approx(0.5)


def test_irprop_plus_undoes_the_step_only_when_the_error_rose():
    for rose, expected in [(True, 0.0), (False, 0.12)]:
        w = np.array([0.0])
        optimizer = Rprop([w], learning_rate_init=0.1)
        optimizer.update([w], [np.array([-1.0])], loss_fn=lambda: 1.0)  # w = 0.1 (no history)
        optimizer.update([w], [np.array([-1.0])], loss_fn=lambda: 0.5)  # w = 0.1 + 0.12
        # the slope flips: undo the last step (error rose) or stay (error fell)
        optimizer.update([w], [np.array([1.0])], loss_fn=lambda r=rose: 0.9 if r else 0.4)
        assert w[0] == pytest.approx(0.1 + expected)
        # the stored slope is 0: the next update is a plain step with the shrunk Delta = 0.072
        before = w[0]
        optimizer.update([w], [np.array([1.0])], loss_fn=lambda: 0.3)
        assert before - w[0] == pytest.approx(0.12 * 0.5)


def test_rprop_ignores_the_scale_of_each_slope_and_keeps_float32():
    # E = sum_i c_i (w_i - 1)^2 with curvatures over 8 decades: gradient descent needs a step
    # below 1/c_max and then crawls along c_min; the sign-based steps converge on every axis alike
    c = np.logspace(-4, 4, 5)
    w = np.full(5, -2.0)
    optimizer = make_optimizer("rprop", [w], learning_rate_init=0.1)
    for _ in range(200):
        optimizer.update([w], [2 * c * (w - 1)], loss_fn=lambda: float(c @ (w - 1) ** 2))
    np.testing.assert_allclose(w, 1.0, atol=1e-5)
    w32 = np.ones(3, dtype=np.float32)
    optimizer = Rprop([w32])
    optimizer.update([w32], [np.full(3, 0.3, dtype=np.float32)])
    assert w32.dtype == np.float32 and all(s.dtype == np.float32 for s in optimizer.step_sizes)
