"""zoo._core.penalties: the L2 penalty's value, gradient and decay step, shared by every family."""

import numpy as np
import pytest

from zoo._core.penalties import add_l2_gradient, l2_decay, l2_penalty


@pytest.mark.parametrize("alpha", [0.3, "per-weight"])
def test_add_l2_gradient_is_the_gradient_of_l2_penalty(alpha):
    rng = np.random.default_rng(0)
    W = rng.normal(size=12)
    alpha = rng.uniform(0.1, 2.0, size=12) if alpha == "per-weight" else alpha
    n, h = 7.0, 1e-6
    grad = add_l2_gradient(np.zeros(12), W, alpha, n)
    numeric = np.empty(12)
    for j in range(12):
        step = np.zeros(12)
        step[j] = h
        numeric[j] = (l2_penalty(alpha, [W + step], n) - l2_penalty(alpha, [W - step], n)) / (2 * h)
    np.testing.assert_allclose(grad, numeric, rtol=1e-7)


def test_add_l2_gradient_adds_in_place_with_or_without_scratch_and_skips_zero():
    rng = np.random.default_rng(1)
    W, G = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    expected = G + (0.5 / 4) * W
    with_scratch = add_l2_gradient(G.copy(), W, 0.5, 4, scratch=np.empty_like(W))
    np.testing.assert_array_equal(with_scratch, expected)
    np.testing.assert_array_equal(add_l2_gradient(G.copy(), W, 0.5, 4), expected)
    np.testing.assert_array_equal(add_l2_gradient(G.copy(), W, 0.0, 4), G)
    # a negative alpha is a descent step on the penalty: V - eta lambda W
    np.testing.assert_array_equal(add_l2_gradient(G.copy(), W, -0.1), G - 0.1 * W)


def test_l2_penalty_sums_over_arrays_and_l2_decay_never_flips_a_sign():
    A, B = np.ones((2, 2)), 2 * np.ones(3)
    assert l2_penalty(0.5, [A, B], 2) == pytest.approx(0.5 * 0.5 * (4 + 12) / 2)
    assert l2_penalty(0.0, [A], 1) == 0.0
    assert l2_decay(0.1, 2.0) == pytest.approx(0.8)
    assert l2_decay(0.1, 2.0, l1_ratio=0.5) == pytest.approx(0.9)
    assert l2_decay(10.0, 1.0) == 0.0  # an overshooting step zeroes the weights
