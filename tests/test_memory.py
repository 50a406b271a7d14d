"""zoo.memory: Hopfield networks (classical and modern) and the bidirectional associative memory.

The estimator contract (check_estimator, pickle, zoo.io, seeds, bad input) is checked for all three
in test_common.py and test_io.py; here: recall, capacity, the energy, and the encodings.
"""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from zoo._core.energy import bipartite_energy
from zoo.memory import BAM, HopfieldNetwork, ModernHopfield

pytestmark = pytest.mark.numerics  # recall rates hinge on ties of the local fields


def random_patterns(n_patterns, n_units, rng):
    return rng.choice([-1.0, 1.0], size=(n_patterns, n_units))


def flip(X, n_flipped, rng):
    """Each row with ``n_flipped`` of its bits flipped (bipolar)."""
    cues = X.copy()
    for row in cues:
        row[rng.choice(X.shape[1], n_flipped, replace=False)] *= -1
    return cues


def recall_rate(learning_rule, n_patterns, n_trials, n_units=100, n_flipped=10, update="async"):
    """Share of patterns recalled exactly from cues with n_flipped bits flipped."""
    rates = []
    for seed in range(n_trials):
        rng = np.random.default_rng(seed)
        X = random_patterns(n_patterns, n_units, rng)
        net = HopfieldNetwork(learning_rule=learning_rule, update=update, random_state=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            rates.append((net.fit(X).transform(flip(X, n_flipped, rng)) == X).all(axis=1).mean())
    return float(np.mean(rates))


# ----------------------------------------------------------------------------- the obvious use


def test_hopfield_recalls_stored_binary_patterns_from_noisy_cues():
    rng = np.random.default_rng(0)
    X = (random_patterns(4, 64, rng) + 1) / 2  # 0/1 patterns
    net = HopfieldNetwork(random_state=0).fit(X)
    cues = X.copy()
    cues[:, :6] = 1 - cues[:, :6]  # ~10% of the bits wrong
    recalled = net.transform(cues)
    np.testing.assert_array_equal(recalled, X)
    assert net.encoding_ == "binary" and set(np.unique(recalled)) <= {0.0, 1.0}
    assert net.fixed_points_.all() and net.n_iter_ == 1
    np.testing.assert_array_equal(net.predict(cues), recalled)


# ----------------------------------------------------------------------------- capacity goals


def test_hebb_recalls_95_percent_at_a_tenth_of_n_and_fails_beyond_0_138_n():
    # N = 100, 10% of the bits flipped (Amit, Gutfreund & Sompolinsky 1985: capacity 0.138 N)
    assert recall_rate("hebb", 10, n_trials=20) >= 0.95
    assert recall_rate("hebb", 20, n_trials=5) < 0.5


def test_storkey_stores_more_than_hebb():
    # at P = 0.2 N Hebb recalls about a third of the patterns, Storkey all (~ N / sqrt(2 ln N))
    hebb, storkey = recall_rate("hebb", 20, n_trials=3), recall_rate("storkey", 20, n_trials=3)
    assert storkey >= 0.95 and storkey > hebb + 0.4


def test_pseudoinverse_stores_any_linearly_independent_patterns_as_fixed_points():
    rng = np.random.default_rng(0)
    X = random_patterns(90, 100, rng)  # P = 0.9 N, far beyond the Hebb capacity
    assert np.linalg.matrix_rank(X) == 90
    net = HopfieldNetwork(learning_rule="pseudoinverse", random_state=0).fit(X)
    assert net.fixed_points_.all()
    np.testing.assert_array_equal(net.transform(X), X)
    assert not HopfieldNetwork(learning_rule="hebb", random_state=0).fit(X).fixed_points_.all()


def test_pseudoinverse_stores_correlated_patterns_that_hebb_mixes():
    # patterns sharing most of their bits: Hebb's crosstalk swamps the signal, the projection not
    rng = np.random.default_rng(1)
    base = random_patterns(1, 100, rng)
    X = np.repeat(base, 6, axis=0)
    for row in X:
        row[rng.choice(100, 15, replace=False)] *= -1
    assert not HopfieldNetwork(learning_rule="hebb", random_state=0).fit(X).fixed_points_.all()
    net = HopfieldNetwork(learning_rule="pseudoinverse", random_state=0).fit(X)
    np.testing.assert_array_equal(net.transform(X), X)


@pytest.mark.slow
def test_recall_curves_over_more_trials():
    # the curves of benchmarks/bench_memory.py at a few loads, 20 trials each
    assert recall_rate("hebb", 10, n_trials=50) >= 0.95
    assert recall_rate("hebb", 14, n_trials=20) < 0.9
    assert recall_rate("storkey", 25, n_trials=20) >= 0.95
    assert recall_rate("pseudoinverse", 30, n_trials=20) >= 0.95
    assert recall_rate("hebb", 10, n_trials=20, update="sync") >= 0.9


# ----------------------------------------------------------------------------- dynamics, energy


def test_asynchronous_recall_never_raises_the_energy():
    rng = np.random.default_rng(0)
    X = random_patterns(25, 60, rng)  # overloaded: long descents into spurious minima
    cues = rng.choice([-1.0, 1.0], size=(30, 60))
    for rule in ("hebb", "storkey", "pseudoinverse"):
        energies = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            for sweeps in range(1, 8):  # the same seed: sweep t uses the same order every time
                net = HopfieldNetwork(learning_rule=rule, max_iter=sweeps, random_state=3).fit(X)
                energies.append(net.energy(net.transform(cues)))
        steps = np.diff(energies, axis=0)
        assert (steps <= 1e-9).all(), rule
        assert (steps < 0).any(), rule


def test_synchronous_update_detects_a_2_cycle():
    # one stored pattern (1, -1): W_12 < 0, and the cue (1, 1) flips both units back and forth
    net = HopfieldNetwork(update="sync").fit([[1, -1]])
    with pytest.warns(ConvergenceWarning, match="2-cycle"):
        result = net.recall([[1, 1], [1, -1]])
    assert result.cycled.tolist() == [True, False]
    assert result.converged.tolist() == [False, True]
    # asynchronous recall of the same cue reaches one of the two fixed points
    recalled = HopfieldNetwork(random_state=0).fit([[1, -1]]).transform([[1, 1]])
    assert recalled.tolist() in ([[1, -1]], [[-1, 1]])


def test_recall_reports_sweeps_and_warns_at_max_iter():
    rng = np.random.default_rng(0)
    X = random_patterns(3, 50, rng)
    net = HopfieldNetwork(random_state=0).fit(X)
    result = net.recall(np.vstack([X[:1], flip(X[:1], 5, rng)]))
    assert result.n_iter[0] == 1 and result.n_iter[1] >= 2 and result.converged.all()
    with pytest.warns(ConvergenceWarning, match="max_iter=1"):
        HopfieldNetwork(max_iter=1, random_state=0).fit(X).transform(flip(X, 10, rng))


def test_same_seed_same_recall_and_a_cue_does_not_depend_on_the_other_rows():
    rng = np.random.default_rng(0)
    X = random_patterns(15, 100, rng)  # beyond capacity: recall depends on the update order
    cues = rng.choice([-1.0, 1.0], size=(20, 100))
    first = HopfieldNetwork(random_state=7).fit(X).transform(cues)
    np.testing.assert_array_equal(first, HopfieldNetwork(random_state=7).fit(X).transform(cues))
    np.testing.assert_array_equal(
        first[5:9], HopfieldNetwork(random_state=7).fit(X).transform(cues[5:9])
    )


def test_binary_and_bipolar_encodings_are_the_same_network():
    rng = np.random.default_rng(0)
    S = random_patterns(5, 40, rng)
    U = (S + 1) / 2
    cues = flip(S, 6, rng)
    bipolar = HopfieldNetwork(learning_rule="storkey", random_state=0).fit(S)
    binary = HopfieldNetwork(learning_rule="storkey", random_state=0).fit(U)
    np.testing.assert_allclose(binary.coef_, bipolar.coef_)
    np.testing.assert_array_equal(
        binary.transform((cues + 1) / 2), (bipolar.transform(cues) + 1) / 2
    )
    np.testing.assert_allclose(binary.energy((cues + 1) / 2), bipolar.energy(cues))
    assert bipolar.encoding_ == "bipolar" and binary.encoding_ == "binary"


def test_non_binary_input_is_rejected_when_binarize_is_none():
    net = HopfieldNetwork(binarize=None)
    with pytest.raises(ValueError, match="binary .0/1. or bipolar .-1/1. patterns"):
        net.fit([[0.2, 1.0, 0.0], [1.0, 0.0, 1.0]])
    net.fit([[0, 1, 0], [1, 0, 1]])
    with pytest.raises(ValueError, match="fitted on binary patterns"):
        net.transform([[-1, 1, -1]])
    # the default threshold 0 turns real values into states: x > 0 is on
    real = HopfieldNetwork(random_state=0).fit([[0.3, -2.0, 0.1, -0.5]])
    assert real.encoding_ == "bipolar"
    assert real.transform([[0.3, -2.0, 0.1, -0.5]]).tolist() == [[1, -1, 1, -1]]


# ----------------------------------------------------------------------------- ModernHopfield


def test_modern_hopfield_retrieves_1000_patterns_where_the_classical_network_cannot():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((1000, 100))
    cues = X.copy()
    for row in cues:  # 20% of the components replaced by fresh noise
        idx = rng.choice(100, 20, replace=False)
        row[idx] = rng.standard_normal(20)
    retrieved = ModernHopfield(beta=1.0).fit(X).transform(cues)
    error = np.linalg.norm(retrieved - X, axis=1) / np.linalg.norm(X, axis=1)
    assert (error < 0.01).mean() >= 0.99
    # the attention scaling beta = 1/sqrt(d) is far too soft for this many patterns
    soft = ModernHopfield(beta=0.1).fit(X).transform(cues)
    assert (np.linalg.norm(soft - X, axis=1) / np.linalg.norm(X, axis=1) < 0.01).mean() < 0.1
    # the classical network on the signs of the same patterns: 1000 patterns in 100 units
    classical = HopfieldNetwork(learning_rule="hebb", max_iter=20, random_state=0).fit(np.sign(X))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        recalled = classical.transform(np.sign(cues))
    assert (recalled == np.sign(X)).all(axis=1).mean() < 0.01


def test_modern_hopfield_update_lowers_the_energy_and_small_beta_averages():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((30, 10))
    queries = rng.standard_normal((40, 10))
    memory = ModernHopfield(beta=0.5).fit(X)
    assert (memory.energy(memory.transform(queries)) <= memory.energy(queries) + 1e-9).all()
    assert (memory.energy(queries) >= 0).all()  # E >= 0 (Ramsauer et al. 2020, lemma A2)
    mean = ModernHopfield(beta=1e-9).fit(X).transform(queries)
    np.testing.assert_allclose(mean, np.broadcast_to(X.mean(axis=0), mean.shape), atol=1e-6)
    two = ModernHopfield(beta=0.5, n_steps=2).fit(X).transform(queries)
    np.testing.assert_allclose(two, memory.transform(memory.transform(queries)))


def test_modern_hopfield_is_a_pipeline_stage():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((20, 32)) * 5 + 3
    pipe = make_pipeline(StandardScaler(), ModernHopfield(beta=1.0)).fit(X)
    cues = X + rng.standard_normal(X.shape)  # noise of a fifth of the spread
    np.testing.assert_allclose(pipe.transform(cues), pipe[0].transform(X), atol=1e-4)


# ----------------------------------------------------------------------------- BAM


def test_bam_recalls_every_stored_pair_from_noisy_cues_both_ways():
    # 100 x 60 units, 6 random pairs (min(N_x, N_y) / 10), 10% of the cue bits flipped
    for seed in range(10):
        rng = np.random.default_rng(seed)
        X, Y = random_patterns(6, 100, rng), random_patterns(6, 60, rng)
        bam = BAM().fit(X, Y)
        np.testing.assert_array_equal(bam.predict(flip(X, 10, rng)), Y)
        np.testing.assert_array_equal(bam.inverse_predict(flip(Y, 6, rng)), X)


def test_bam_fails_beyond_its_capacity_and_energy_is_lowest_at_stored_pairs():
    rng = np.random.default_rng(0)
    X, Y = random_patterns(30, 100, rng), random_patterns(30, 60, rng)
    bam = BAM().fit(X, Y)
    assert (bam.predict(flip(X, 10, rng)) == Y).all(axis=1).mean() < 0.5
    small = BAM().fit(X[:5], Y[:5])
    noisy = flip(X[:5], 10, rng)
    assert (small.energy(X[:5], Y[:5]) < small.energy(noisy, Y[:5])).all()
    np.testing.assert_allclose(
        small.energy(X[:5], Y[:5]),
        bipartite_energy(X[:5], Y[:5], small.coef_, np.zeros(100), np.zeros(60)),
    )


def test_bam_answers_in_each_sides_encoding_and_keeps_1d_targets():
    X = np.array([[1, 0, 1, 0, 1, 0], [0, 1, 0, 1, 1, 1]])
    Y = np.array([[1, -1, -1], [-1, 1, -1]])
    bam = BAM().fit(X, Y)
    assert (bam.encoding_, bam.target_encoding_) == ("binary", "bipolar")
    np.testing.assert_array_equal(bam.predict(X), Y)
    np.testing.assert_array_equal(bam.inverse_predict(Y), X)
    y = np.array([1, 0])
    assert BAM().fit(X, y).predict(X).tolist() == [1, 0]
    with pytest.raises(ValueError, match="fitted with 3 outputs"):
        bam.inverse_predict(np.ones((1, 4)))
    with pytest.raises(ValueError, match="Y has other values"):
        BAM(binarize=None).fit(X, Y * 0.5)


# ----------------------------------------------------------------------------- as a user meets it


def five_digit_images():
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    return (X[[list(y).index(d) for d in range(5)]] > 7).astype(float)  # 0-4, 64 binary pixels


def test_the_default_rule_stores_correlated_images():
    images = five_digit_images()
    net = HopfieldNetwork(random_state=0).fit(images)
    assert net.fixed_points_.all()
    rng = np.random.default_rng(0)
    cues = images.copy()
    flipped = rng.random(images.shape) < 0.05
    cues[flipped] = 1 - cues[flipped]
    np.testing.assert_array_equal(net.transform(cues), images)
    # Hopfield's own rule stores none of them
    assert not HopfieldNetwork(learning_rule="hebb", random_state=0).fit(images).fixed_points_.any()


def test_grid_search_without_a_scorer_uses_score(capsys):
    from sklearn.model_selection import GridSearchCV

    images = np.vstack([five_digit_images()] * 2)
    search = GridSearchCV(
        HopfieldNetwork(random_state=0), {"learning_rule": ["hebb", "pseudoinverse"]}, cv=2
    ).fit(images)
    assert search.best_params_ == {"learning_rule": "pseudoinverse"}
    assert search.best_score_ == 1.0  # the held-out copies are stored patterns, kept whole
    assert search.cv_results_["mean_test_score"][0] < 0.9
    net = HopfieldNetwork(verbose=True, random_state=0).fit(images[:5])
    net.transform(images[:2])
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "[HopfieldNetwork] stored 5 patterns of 64 units by the pseudoinverse rule, "
        "fixed points = 5 of 5, sweeps = 1",
        "[HopfieldNetwork] recalled 2 cues, sweeps = 1 at most, fixed points reached = 2 of 2",
    ]


def test_patterns_spanning_every_unit_are_not_stored_and_fit_says_so():
    rng = np.random.default_rng(0)
    X = random_patterns(200, 64, rng)  # P > N: the projection is the identity
    with pytest.warns(UserWarning, match="the 200 patterns span all 64 units, so the pseudo"):
        net = HopfieldNetwork(random_state=0).fit(X)
    assert not net.coef_.any()  # zero, not rounding residue whose signs scramble the cues
    cues = flip(X[:10], 5, rng)
    np.testing.assert_array_equal(net.transform(cues), cues)
