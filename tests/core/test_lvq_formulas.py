"""GLVQ's cost and gradient (zoo._core.lvq) against central differences, and its invariants."""

import numpy as np
import pytest

from zoo._core.lvq import (
    class_distances,
    glvq_loss_and_gradient,
    relative_distance_decision,
    relative_distance_proba,
)
from zoo._core.schedules import decay


def _problem(seed=0, n=40, d=5, m=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = rng.integers(0, 3, n)
    prototype_class = np.array([0, 0, 1, 2, 2])
    same = y[:, np.newaxis] == prototype_class[np.newaxis, :]
    W = rng.normal(size=(len(prototype_class), d))
    Omega = rng.normal(size=(m, d))
    weights = rng.random(n) * 3
    return X, same, W, Omega, weights


def _numeric_gradient(loss, array, h=1e-6):
    grad = np.empty_like(array)
    for index in np.ndindex(array.shape):
        saved = array[index]
        array[index] = saved + h
        up = loss()
        array[index] = saved - h
        down = loss()
        array[index] = saved
        grad[index] = (up - down) / (2 * h)
    return grad


@pytest.mark.parametrize("activation", ["logistic", "identity"])
@pytest.mark.parametrize("metric", ["euclidean", "matrix"])
@pytest.mark.parametrize("weighted", [False, True])
def test_gradient_matches_central_differences(activation, metric, weighted):
    X, same, W, Omega, weights = _problem()
    Omega = Omega if metric == "matrix" else None
    weights = weights if weighted else None

    def loss():
        return glvq_loss_and_gradient(X, same, W, Omega, weights, activation, 2.0)

    grad_W = np.empty_like(W)
    grad_Omega = None if Omega is None else np.empty_like(Omega)
    glvq_loss_and_gradient(X, same, W, Omega, weights, activation, 2.0, grad_W, grad_Omega)
    np.testing.assert_allclose(grad_W, _numeric_gradient(loss, W), rtol=1e-6, atol=1e-9)
    if Omega is not None:
        np.testing.assert_allclose(grad_Omega, _numeric_gradient(loss, Omega), rtol=1e-6, atol=1e-9)


def test_cost_is_invariant_to_the_scale_of_omega_and_its_gradient_orthogonal():
    # mu only depends on ratios of distances: E(c Omega) = E(Omega), so <dE/dOmega, Omega> = 0
    X, same, W, Omega, _ = _problem(1)
    grad_W, grad_Omega = np.empty_like(W), np.empty_like(Omega)
    loss = glvq_loss_and_gradient(X, same, W, Omega, None, "logistic", 1.0, grad_W, grad_Omega)
    scaled = glvq_loss_and_gradient(X, same, W, 7.0 * Omega, None, "logistic", 1.0)
    assert scaled == pytest.approx(loss, rel=1e-12)
    assert abs(np.sum(grad_Omega * Omega)) < 1e-12 * np.abs(grad_Omega).sum()


def test_cost_by_hand_on_one_sample():
    # x = 0, w+ at distance^2 1, w- at distance^2 9: mu = (1 - 9) / 10 = -0.8
    X = np.zeros((1, 1))
    W = np.array([[1.0], [3.0]])
    same = np.array([[True, False]])
    assert glvq_loss_and_gradient(X, same, W, activation="identity") == pytest.approx(-0.8)
    expected = 1 / (1 + np.exp(0.8 * 2))
    assert glvq_loss_and_gradient(X, same, W, beta=2.0) == pytest.approx(expected)


def test_relative_distance_proba_and_decision():
    D = np.array([[1.0, 4.0, 4.0], [0.0, 2.0, 1.0], [3.0, 3.0, 6.0]])
    proba = relative_distance_proba(D)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    # p_k proportional to 1 / d_k
    np.testing.assert_allclose(proba[0], np.array([1, 0.25, 0.25]) / 1.5)
    np.testing.assert_array_equal(proba[1], [1.0, 0.0, 0.0])  # on a prototype
    np.testing.assert_allclose(proba[2], [0.4, 0.4, 0.2])  # a tie shares
    decision = relative_distance_decision(D)
    np.testing.assert_allclose(decision[0], [(4 - 1) / 5, (1 - 4) / 5, (1 - 4) / 5])
    assert (decision[0] > 0).sum() == 1 and decision[0].argmax() == 0


def test_class_distances_take_the_nearest_prototype_of_each_class():
    D = np.array([[5.0, 1.0, 3.0, 2.0]])
    np.testing.assert_array_equal(class_distances(D, np.array([0, 0, 1, 1]), 2), [[1.0, 2.0]])


def test_decay_schedules():
    assert decay(0.3, 0.0, 0.0, "linear") == 0.3
    assert decay(0.3, 0.0, 1.0, "linear") == 0.0
    assert decay(1.0, 0.01, 0.5, "exponential") == pytest.approx(0.1)
    assert decay(0.9, 0.0, 1.0, "asymptotic") == pytest.approx(0.3)
    with pytest.raises(ValueError, match="Unknown schedule"):
        decay(1.0, 0.1, 0.5, "cosine")


def test_exponential_decay_from_or_to_zero_and_across_the_float_range():
    # v0 (v1 / v0)^p is undefined for v0 = 0 and overflows for v1 / v0 > 1.8e308: the same curve
    # as v0^(1-p) v1^p, a step at p = 1 when an end is 0
    np.testing.assert_array_equal(decay(0.0, 200.0, np.array([0.0, 0.5, 1.0])), [0.0, 0.0, 200.0])
    np.testing.assert_array_equal(decay(20.0, 0.0, np.array([0.0, 0.5, 1.0])), [20.0, 0.0, 0.0])
    with np.errstate(over="raise", divide="raise", invalid="raise"):  # underflow to 0 is the limit
        assert decay(1e-300, 1e300, 0.5) == pytest.approx(1.0)
        assert decay(1e300, 1e-300, 1.0) == pytest.approx(1e-300)
