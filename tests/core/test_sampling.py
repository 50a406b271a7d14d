"""zoo._core.sampling and zoo._core.energy: Bernoulli sampling, Gibbs helpers, colouring, energy."""

import numpy as np
import pytest
from scipy.special import expit, logsumexp

import zoo._core.sampling as sampling_module
from zoo._core.energy import (
    binary_states,
    quadratic_energy,
    quadratic_log_partition_exact,
    quadratic_visible_free_energy,
    rbm_free_energy,
)
from zoo._core.sampling import (
    generator_from,
    gibbs_sweep,
    greedy_colouring,
    rounding_bound,
    sample_bernoulli,
    uniform_like,
)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sample_bernoulli_has_the_right_mean_and_dtype(dtype):
    p = np.full((200, 50), 0.3, dtype=dtype)
    samples = sample_bernoulli(p, np.random.default_rng(0))
    assert samples.dtype == dtype
    assert set(np.unique(samples)) <= {0.0, 1.0}
    assert abs(samples.mean() - 0.3) < 0.01


def test_generator_from_is_deterministic_and_uniform_like_accepts_views():
    first = generator_from(np.random.RandomState(3)).random(5)
    second = generator_from(np.random.RandomState(3)).random(5)
    np.testing.assert_array_equal(first, second)
    block = np.zeros((4, 6))
    uniform_like(block[:, 2:], np.random.default_rng(0), out=block[:, 2:])
    assert (block[:, :2] == 0).all() and (block[:, 2:] > 0).all()


def test_rbm_free_energy_sums_out_the_hidden_units():
    rng = np.random.default_rng(0)
    W, b, c = rng.normal(size=(4, 3)), rng.normal(size=4), rng.normal(size=3)
    V, H = binary_states(4), binary_states(3)
    negative_energy = (V @ b)[:, None] + (H @ c)[None, :] + V @ W @ H.T
    np.testing.assert_allclose(rbm_free_energy(V, W, b, c), -logsumexp(negative_energy, axis=1))


def test_boltzmann_partition_and_free_energy_by_brute_force():
    rng = np.random.default_rng(1)
    n_visible, n_units = 3, 5
    W = rng.normal(size=(n_units, n_units))
    W = np.triu(W, 1) + np.triu(W, 1).T
    b = rng.normal(size=n_units)
    S = binary_states(n_units)
    log_z = logsumexp(-quadratic_energy(S, W, b))
    assert quadratic_log_partition_exact(W, b) == pytest.approx(log_z)
    V = binary_states(n_visible)
    log_p = -quadratic_visible_free_energy(V, W, b, n_visible) - log_z
    assert np.exp(log_p).sum() == pytest.approx(1.0)


def test_greedy_colouring_groups_have_no_internal_connection():
    rng = np.random.default_rng(2)
    mask = rng.random((9, 9)) < 0.4
    mask = np.triu(mask, 1) | np.triu(mask, 1).T
    groups = greedy_colouring(mask, np.arange(9))
    assert sorted(np.concatenate(groups).tolist()) == list(range(9))
    for group in groups:
        assert not mask[np.ix_(group, group)].any()


def test_mean_field_sweep_reaches_the_fixed_point():
    """With rng=None a sweep is the mean-field update m_i = sigma(b_i + sum_j w_ij m_j)."""
    rng = np.random.default_rng(3)
    W = 0.3 * rng.normal(size=(4, 4))
    W = np.triu(W, 1) + np.triu(W, 1).T
    b = rng.normal(size=4)
    m = np.full((1, 4), 0.5)
    groups = greedy_colouring(W != 0, np.arange(4))
    for _ in range(200):
        gibbs_sweep(m, W, b, groups, 1.0)
    np.testing.assert_allclose(m, expit(m @ W + b), atol=1e-10)


@pytest.mark.parametrize("block_rows", [None, 100])
def test_gibbs_sweep_samples_the_boltzmann_distribution(block_rows, monkeypatch):
    if block_rows is not None:  # 40 row blocks: the draws are taken block by block
        monkeypatch.setattr(sampling_module, "SWEEP_BLOCK_BYTES", block_rows * 3 * 8)
    rng = np.random.default_rng(4)
    W = rng.normal(size=(3, 3))
    W = np.triu(W, 1) + np.triu(W, 1).T
    b = rng.normal(size=3)
    S = (rng.random((4000, 3)) < 0.5).astype(float)
    groups = greedy_colouring(W != 0, np.arange(3))
    for _ in range(30):
        gibbs_sweep(S, W, b, groups, 1.0, rng)
    states = binary_states(3)
    p = np.exp(-quadratic_energy(states, W, b))
    p /= p.sum()
    empirical = np.array([(S == s).all(axis=1).mean() for s in states])
    np.testing.assert_allclose(empirical, p, atol=0.03)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_zero_temperature_ties_within_rounding_keep_the_state(dtype):
    # unit 3's gap is 0.1 + 0.2 - 0.3: zero exactly, not in floating point (5.6e-17 in float64),
    # and its computed sign depends on the order a BLAS kernel sums in: a tie on every machine
    W = np.zeros((4, 4), dtype=dtype)
    W[:3, 3] = W[3, :3] = [0.1, 0.2, -0.3]
    b = np.zeros(4, dtype=dtype)
    if dtype == np.float64:
        assert (np.ones(3, dtype=dtype) @ W[:3, 3]) != 0
    S = np.array([[1, 1, 1, 0], [1, 1, 1, 1]], dtype=dtype)
    gibbs_sweep(S, W, b, [[3]], temperature=0)
    np.testing.assert_array_equal(S[:, 3], [0, 1])
    # a gap well outside the bound is decided: b = +-0.01 switches the unit on or off
    for bias, expected in [(0.01, 1), (-0.01, 0)]:
        b[3] = bias
        gibbs_sweep(S, W, b, [[3]], temperature=0)
        np.testing.assert_array_equal(S[:, 3], [expected, expected])
    assert (rounding_bound(W, b) < 1e-4).all()


@pytest.mark.parametrize("temperature", [0.0, 1.0, 2.5])
def test_row_blocks_sweep_every_row_as_the_whole_matrix_does(temperature, monkeypatch):
    # rows are independent networks: sweeping them in blocks (every group over one block, then
    # the next block) gives each row the update of a whole-matrix sweep (deterministic updates:
    # mean field, and the zero-temperature threshold)
    rng = np.random.default_rng(5)
    W = rng.normal(size=(6, 6))
    W = np.triu(W, 1) + np.triu(W, 1).T
    b = rng.normal(size=6)
    S = (rng.random((1000, 6)) < 0.5).astype(float)
    groups = [np.array([i]) for i in rng.permutation(6)]  # one unit at a time
    whole = S.copy()
    for _ in range(3):
        gibbs_sweep(whole, W, b, groups, temperature)
    monkeypatch.setattr(sampling_module, "SWEEP_BLOCK_BYTES", 7 * 6 * 8)  # blocks of 7 rows
    blocked = S.copy()
    for _ in range(3):
        gibbs_sweep(blocked, W, b, groups, temperature)
    np.testing.assert_allclose(blocked, whole, rtol=1e-12, atol=0)
