"""zoo._core.associative: the Hopfield learning rules and the bipolar <-> 0/1 network identity."""

import itertools

import numpy as np

from zoo._core.associative import (
    binary_network,
    hebb_weights,
    pseudoinverse_weights,
    storkey_weights,
)
from zoo._core.energy import quadratic_energy
from zoo._core.sampling import gibbs_sweep


def random_patterns(n_patterns, n_units, rng):
    return rng.choice([-1.0, 1.0], size=(n_patterns, n_units))


def test_storkey_rule_matches_the_papers_elementwise_formula():
    rng = np.random.default_rng(0)
    X = random_patterns(6, 9, rng)
    n = X.shape[1]
    W = np.zeros((n, n))
    for xi in X:
        # h_ij = sum_{k != i, j} W_ik xi_k
        h = np.array(
            [
                [sum(W[i, k] * xi[k] for k in range(n) if k not in (i, j)) for j in range(n)]
                for i in range(n)
            ]
        )
        W = W + (np.outer(xi, xi) - xi[:, None] * h.T - h * xi[None, :]) / n
        np.fill_diagonal(W, 0)
    np.testing.assert_allclose(storkey_weights(X), W, atol=1e-12)


def test_hebb_and_projection_rules():
    rng = np.random.default_rng(0)
    X = random_patterns(5, 12, rng)
    W = hebb_weights(X)
    np.testing.assert_allclose(W, (X.T @ X - 5 * np.eye(12)) / 12)
    P = pseudoinverse_weights(X)
    np.testing.assert_allclose(P, P.T, atol=1e-12)
    # (W + diag) x = x: the zeroed diagonal is all that separates W from the projection
    projection = P + np.diag(np.diag(np.linalg.pinv(X) @ X))
    np.testing.assert_allclose(X @ projection, X, atol=1e-10)


def test_projection_rule_zeros_are_exact_zeros_on_every_kernel():
    # unit 3 repeats unit 0 and unit 4 mirrors unit 1 in every pattern: the projection couples
    # 0 with 3 and 1 with 4 by exactly 1/2 and nothing else, so every other off-diagonal entry
    # is zero in exact arithmetic; computed, it is a +-1e-15 residue whose sign depends on the
    # BLAS kernel behind the SVD, and a state's field then too. It must be a zero.
    base = np.array(list(itertools.product([-1.0, 1.0], repeat=3)))
    X = np.column_stack([base[:, 0], base[:, 1], base[:, 2], base[:, 0], -base[:, 1]])
    P = pseudoinverse_weights(X)
    np.testing.assert_array_equal(P, P.T)
    expected_zero = np.ones((5, 5), dtype=bool)
    expected_zero[[0, 3, 1, 4], [3, 0, 4, 1]] = False
    assert np.all(P[expected_zero] == 0)
    np.testing.assert_allclose(P[[0, 3, 1, 4], [3, 0, 4, 1]], [0.5, 0.5, -0.5, -0.5])


def test_binary_network_has_the_bipolar_networks_dynamics_and_energy():
    rng = np.random.default_rng(0)
    W = rng.standard_normal((8, 8))
    W = (W + W.T) / 2
    b = rng.standard_normal(8)
    S = rng.choice([-1.0, 1.0], size=(50, 8))
    W01, b01 = binary_network(W, b)
    U = (S + 1) / 2
    # the 0/1 gap is twice the bipolar local field; the energies differ by one constant
    np.testing.assert_allclose(U @ W01 + b01, 2 * (S @ W + b))
    difference = quadratic_energy(S, W, b) - quadratic_energy(U, W01, b01)
    np.testing.assert_allclose(difference, difference[0])


def test_zero_temperature_sweep_is_a_step_and_ties_keep_their_state():
    W = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    S = np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 0.0]])
    gibbs_sweep(S, W, np.array([-0.5, -0.5, 0.0]), [slice(None)], temperature=0)
    # unit 0 and 1: gap = s_other - 0.5; unit 2: gap 0, a tie, keeps its state
    assert S.tolist() == [[0.0, 1.0, 1.0], [0.0, 0.0, 0.0]]
