"""Radial basis functions: values at known points, derivatives vs central differences."""

import numpy as np
import pytest

from zoo._core.kernels import KERNELS, get_kernel, parzen_log_weights


def test_known_values():
    q = np.array([0.0, 1.0, 4.0])
    np.testing.assert_allclose(KERNELS["gaussian"](q), np.exp([0.0, -0.5, -2.0]))
    np.testing.assert_allclose(KERNELS["multiquadric"](q), np.sqrt([1.0, 2.0, 5.0]))
    np.testing.assert_allclose(KERNELS["inverse_multiquadric"](q), 1 / np.sqrt([1.0, 2.0, 5.0]))
    # (r/sigma)^2 log(r/sigma) at r/sigma = 0, 1, 2
    np.testing.assert_allclose(KERNELS["thin_plate_spline"](q), [0.0, 0.0, 4 * np.log(2.0)])


def test_parzen_log_weights_are_gaussian_windows_relative_to_the_nearest():
    D = np.array([[4.0, 1.0, 9.0], [0.0, 2.0, 8.0]])
    sigma = 1.5
    expected = -D / (2 * sigma**2)
    expected -= expected.max(axis=1, keepdims=True)
    np.testing.assert_allclose(parzen_log_weights(D.copy(), sigma), expected)
    # far differences are capped where exp() is 0 anyway; every value stays finite
    far = parzen_log_weights(np.array([[0.0, 1e300]]), 1e-100)
    assert np.isfinite(far).all() and np.exp(far).tolist() == [[1.0, 0.0]]


@pytest.mark.parametrize("name", sorted(KERNELS))
def test_derivative_matches_central_differences(name):
    phi, dphi = get_kernel(name)
    q = np.linspace(0.05, 9.0, 40)
    h = 1e-6
    numeric = (phi(q + h) - phi(q - h)) / (2 * h)
    np.testing.assert_allclose(dphi(q, phi(q)), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", sorted(KERNELS))
def test_in_place_and_float32_and_zero_distance_are_safe(name):
    phi, dphi = get_kernel(name)
    q = np.array([0.0, 0.5, 1e30], dtype=np.float32)
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        expected = phi(q.astype(np.float64))
        value = phi(q.copy())
        buffer = q.copy()
        same = phi(buffer, out=buffer)
        derivative = dphi(q, value)
    assert value.dtype == np.float32 and same is buffer
    np.testing.assert_allclose(value[:2], expected[:2], rtol=1e-6)
    assert np.isfinite(derivative[:2]).all()


def test_unknown_kernel_lists_the_valid_ones():
    with pytest.raises(ValueError, match="gaussian"):
        get_kernel("cauchy")
