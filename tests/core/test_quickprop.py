"""Quickprop (Fahlman 1988) and the gaussian activation added for cascade-correlation."""

import numpy as np
import pytest

from zoo._core.activations import ACTIVATIONS, get_activation, get_derivative_with_z
from zoo._core.optimizers import OPTIMIZERS, Quickprop


def test_first_step_is_plain_gradient_descent():
    w = np.array([1.0, -2.0])
    Quickprop([w], learning_rate_init=0.5, decay=0.0).update([w], [np.array([2.0, -4.0])])
    np.testing.assert_allclose(w, [0.0, 0.0])  # w - eps g


def test_decay_is_added_to_the_slope():
    w = np.array([2.0])
    Quickprop([w], learning_rate_init=1.0, decay=0.1).update([w], [np.array([0.0])])
    np.testing.assert_allclose(w, [2.0 - 0.2])  # s = g + decay w


def test_secant_step_lands_on_the_minimum_of_a_parabola():
    # E = 3 (w - 1)^2 in each coordinate: once the slope has shrunk enough, one secant step is exact
    w = np.array([5.0, -3.0, 0.5])
    optimizer = Quickprop([w], learning_rate_init=0.05, decay=0.0)
    for _ in range(6):
        optimizer.update([w], [6 * (w - 1)])
    np.testing.assert_allclose(w, 1.0, atol=1e-12)


def test_step_never_grows_more_than_mu():
    # a linear error has a constant slope: the parabola's jump is infinite, so the step grows by mu
    w = np.array([0.0])
    optimizer = Quickprop([w], learning_rate_init=0.1, mu=1.75, decay=0.0)
    steps = []
    for _ in range(5):
        before = w.copy()
        optimizer.update([w], [np.array([1.0])])
        steps.append(float((w - before)[0]))
    # each step: mu times the previous plus the gradient term (slope keeps its sign)
    np.testing.assert_allclose(np.array(steps[1:]), 1.75 * np.array(steps[:-1]) - 0.1)


def test_no_warning_and_finite_when_slopes_repeat_exactly():
    # p = s with a non-zero previous step: the secant's denominator is 0
    w = np.array([1.0, 1.0], dtype=np.float32)
    optimizer = Quickprop([w], learning_rate_init=0.1, decay=0.0)
    with np.errstate(all="raise"):
        for _ in range(10):
            optimizer.update([w], [np.array([0.5, -0.5], dtype=np.float32)])
    assert w.dtype == np.float32 and np.isfinite(w).all()


def test_float32_state_stays_float32():
    w = np.ones(3, dtype=np.float32)
    optimizer = Quickprop([w])
    optimizer.update([w], [np.full(3, 0.3, dtype=np.float32)])
    assert w.dtype == np.float32
    assert all(a.dtype == np.float32 for a in optimizer.previous_steps + optimizer.previous_slopes)


def test_quickprop_is_registered():
    assert OPTIMIZERS["quickprop"] is Quickprop


def test_gaussian_derivative_needs_z_and_matches_central_difference():
    z = np.linspace(-3, 3, 13)
    h = 1e-6
    f = ACTIVATIONS["gaussian"]
    numeric = (f(z + h) - f(z - h)) / (2 * h)
    analytic = get_derivative_with_z("gaussian")(z, f(z.copy()), np.ones_like(z))
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9)
    with pytest.raises(ValueError, match="needs z"):
        get_activation("gaussian")


@pytest.mark.parametrize("name", ["logistic", "tanh", "identity"])
def test_derivative_with_z_falls_back_to_the_output_form(name):
    z = np.linspace(-2, 2, 9)
    f, from_output = get_activation(name)
    a = f(z.copy())
    np.testing.assert_array_equal(
        get_derivative_with_z(name)(z, a, np.ones_like(z)), from_output(a, np.ones_like(z))
    )
