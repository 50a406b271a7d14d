"""The shared ART formulas of zoo._core.art: values worked by hand, and the vectorised search
against the paper's sequential search (visit categories by decreasing choice, reset, go on)."""

import pickle
import warnings

import numpy as np
import pytest

from zoo._core.art import (
    CategoryMemory,
    batch_activations,
    check_unit_interval,
    choice_function,
    complement_code,
    fuzzy_and,
    fuzzy_art_learning,
    match_function,
    resonance_search,
)


def test_formulas_on_a_hand_worked_example():
    x = np.array([0.2, 0.7])
    W = np.array([[0.5, 0.5], [0.1, 0.9]])
    overlap = fuzzy_and(x, W).sum(axis=1)
    np.testing.assert_allclose(overlap, [0.2 + 0.5, 0.1 + 0.7])
    # T_j = |x ^ w_j| / (alpha + |w_j|)
    np.testing.assert_allclose(choice_function(overlap, W.sum(axis=1), 0.5), [0.7 / 1.5, 0.8 / 1.5])
    # M_j = |x ^ w_j| / |x|
    np.testing.assert_allclose(match_function(overlap, x.sum()), [0.7 / 0.9, 0.8 / 0.9])


def test_learning_rule_fast_and_slow():
    x = np.array([0.2, 0.7, 0.4])
    w = np.array([0.5, 0.5, 0.1])
    fast = w.copy()
    change = fuzzy_art_learning(fast, fuzzy_and(x, fast), beta=1.0)
    np.testing.assert_array_equal(fast, [0.2, 0.5, 0.1])  # x ^ w: can only shrink
    assert change == pytest.approx(0.3)
    slow = w.copy()
    change = fuzzy_art_learning(slow, fuzzy_and(x, slow), beta=0.25)
    np.testing.assert_allclose(slow, 0.25 * np.array([0.2, 0.5, 0.1]) + 0.75 * w)
    assert change == pytest.approx(0.25 * 0.3)


def test_complement_code_has_constant_norm():
    X = np.random.default_rng(0).uniform(size=(50, 7)).astype(np.float32)
    coded = complement_code(X)
    assert coded.dtype == np.float32 and coded.shape == (50, 14)
    np.testing.assert_allclose(coded.sum(axis=1), 7.0, rtol=1e-6)
    np.testing.assert_array_equal(coded[:, 7:], 1 - X)


def test_unit_interval_clip_warn_or_raise():
    X = np.array([[0.5, 1.5], [-0.2, 0.3]])
    with pytest.raises(ValueError, match=r"\[0, 1\].*MinMaxScaler"):
        check_unit_interval(X, clip=False, estimator_name="FuzzyART")
    with pytest.warns(UserWarning, match="clipped"):
        clipped = check_unit_interval(X, clip=True, estimator_name="FuzzyART")
    np.testing.assert_array_equal(clipped, [[0.5, 1.0], [0.0, 0.3]])
    # rounding of a scaler (a few ulps) is clipped silently, even with clip=False
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tiny = check_unit_interval(
            np.array([[1 + 2e-16, -1e-17]]), clip=False, estimator_name="FuzzyART"
        )
    np.testing.assert_array_equal(tiny, [[1.0, 0.0]])


def sequential_search(choice, match, rho, labels=None, target=None, mt="MT+", epsilon=1e-10):
    """The paper's search, one category at a time (the oracle for the vectorised one)."""
    order = np.lexsort((np.arange(choice.size), -choice))  # decreasing T, then index
    for j in order:
        if match[j] >= rho:
            if labels is None or labels[j] == target:
                return j
            rho = match[j] + epsilon if mt == "MT+" else match[j] - epsilon
    return -1


@pytest.mark.parametrize("mt", ["MT+", "MT-"])
def test_vectorised_search_equals_sequential_search(mt):
    rng = np.random.default_rng(0)
    for trial in range(500):
        n = rng.integers(1, 12)
        # coarse values so that ties in choice and match happen often
        choice = rng.integers(0, 5, n) / 4.0
        match = rng.integers(0, 5, n) / 4.0
        rho = rng.integers(0, 5) / 4.0
        labels = rng.integers(0, 3, n)
        target = int(rng.integers(0, 3))
        epsilon = float(rng.choice([0.0, 1e-10, 0.3]))
        assert resonance_search(choice, match, rho)[0] == sequential_search(choice, match, rho)
        found, _ = resonance_search(choice, match, rho, labels, target, mt, epsilon)
        assert found == sequential_search(choice, match, rho, labels, target, mt, epsilon), trial


def test_search_without_categories():
    assert resonance_search(np.array([]), np.array([]), 0.5) == (-1, 0.5)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_category_memory_grows_and_agrees_with_batch_activations(dtype):
    rng = np.random.default_rng(1)
    memory = CategoryMemory(6, dtype, capacity=2)
    prototypes = rng.uniform(size=(37, 6)).astype(dtype)
    for label, w in enumerate(prototypes):
        assert memory.add(w, label) == label
    assert memory.n_categories == 37 and memory._W.shape[0] == 64  # doubled 2 -> 64
    np.testing.assert_array_equal(memory.prototypes, prototypes)
    np.testing.assert_array_equal(memory.labels, np.arange(37))
    X = rng.uniform(size=(9, 6)).astype(dtype)
    choice, match = batch_activations(X, memory.prototypes, 0.01, X.sum(axis=1, dtype=float))
    for i, x in enumerate(X):
        T, M = memory.activations(x, float(x.sum(dtype=float)), 0.01)
        np.testing.assert_allclose(T, choice[i], rtol=1e-5)
        np.testing.assert_allclose(M, match[i], rtol=1e-5)
    restored = pickle.loads(pickle.dumps(memory))
    np.testing.assert_array_equal(restored.prototypes, memory.prototypes)
    np.testing.assert_array_equal(restored.labels, memory.labels)
    assert restored.prototypes.dtype == dtype


def test_memory_learn_updates_norm():
    memory = CategoryMemory(3, np.float64)
    memory.add(np.array([0.5, 0.5, 0.5]))
    x = np.array([0.2, 0.9, 0.4])
    memory.learn(0, x, beta=1.0)
    np.testing.assert_array_equal(memory.prototypes[0], [0.2, 0.5, 0.4])
    assert memory.prototype_norms[0] == pytest.approx(1.1)
