import warnings

import numpy as np
import pytest

from zoo._core.activations import ACTIVATIONS, DERIVATIVES, get_activation

DIFFERENTIABLE = ["identity", "logistic", "sigmoid", "tanh", "relu", "exp"]


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_stable_for_huge_inputs(name, dtype):
    z = np.array([[-1e30, -800.0, -50.0, 0.0, 50.0, 800.0, 1e30]], dtype=dtype)
    z = np.clip(z, np.finfo(dtype).min, np.finfo(dtype).max)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = ACTIVATIONS[name](z.copy())
    assert a.dtype == dtype
    assert np.isfinite(a).all()


def test_float32_logistic_matches_float64():
    from scipy.special import expit

    z = np.linspace(-120.0, 120.0, 24001).astype(np.float32)
    a = ACTIVATIONS["logistic"](z.copy())
    assert a.dtype == np.float32 and a[0] == 0.0 and a[-1] == 1.0
    # within a few float32 ulps of the float64 value at the same (float32) input
    np.testing.assert_allclose(a, expit(z.astype(np.float64)), rtol=5e-7, atol=1e-38)


@pytest.mark.parametrize("name", DIFFERENTIABLE)
def test_derivative_from_output_matches_central_difference(name):
    rng = np.random.default_rng(0)
    z = rng.normal(size=(5, 4))
    z[np.abs(z) < 1e-3] = 0.5  # keep relu away from its kink
    f, inplace_derivative = get_activation(name)
    h = 1e-6
    numeric = (f(z + h) - f(z - h)) / (2 * h)
    analytic = inplace_derivative(f(z.copy()), np.ones_like(z))
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


def test_softmax_jacobian_vector_product():
    rng = np.random.default_rng(1)
    z, v = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    softmax = ACTIVATIONS["softmax"]
    a = softmax(z.copy())
    np.testing.assert_allclose(a.sum(axis=1), 1.0)
    h = 1e-6
    numeric = np.empty_like(z)
    for k in range(z.shape[1]):  # d(v . a)/dz_k
        step = np.zeros_like(z)
        step[:, k] = h
        numeric[:, k] = ((softmax(z + step) - softmax(z - step)) * v).sum(axis=1) / (2 * h)
    np.testing.assert_allclose(DERIVATIVES["softmax"](a, v.copy()), numeric, atol=1e-8)


def test_step_is_heaviside():
    z = np.array([-2.0, -1e-12, 0.0, 3.0])
    np.testing.assert_array_equal(ACTIVATIONS["heaviside"](z), [0.0, 0.0, 1.0, 1.0])


def test_sigmoid_is_logistic_and_unknown_names_are_listed():
    assert ACTIVATIONS["sigmoid"] is ACTIVATIONS["logistic"]
    with pytest.raises(ValueError, match="valid activations.*relu"):
        get_activation("mish")
