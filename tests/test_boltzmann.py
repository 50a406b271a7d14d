"""Boltzmann family: RBMs (oracles against scikit-learn and brute-force enumeration), deep belief
nets, and the general Boltzmann machine on the encoder problems."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.special import logsumexp
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
from sklearn.neural_network import BernoulliRBM as SklearnRBM
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import minmax_scale

from zoo._core.energy import (
    binary_states,
    conditional_components,
    quadratic_energy,
    quadratic_exact_moments,
    quadratic_exact_sample,
)
from zoo.boltzmann import (
    BernoulliRBM,
    BoltzmannMachine,
    DBNClassifier,
    DBNTransformer,
    GaussianBernoulliRBM,
    encoder_connectivity,
)
from zoo.datasets import make_encoder


def _random_rbm(n_visible, n_hidden, seed=0, scale=1.0, dtype=np.float64):
    """An RBM with given random weights (fitted on a dummy batch, then overwritten)."""
    rng = np.random.default_rng(seed)
    rbm = BernoulliRBM(n_components=n_hidden, n_iter=0, random_state=seed)
    rbm.fit(np.zeros((2, n_visible), dtype=dtype))
    rbm.components_[...] = rng.normal(0, scale, (n_hidden, n_visible))
    rbm.intercept_visible_[...] = rng.normal(0, scale, n_visible)
    rbm.intercept_hidden_[...] = rng.normal(0, scale, n_hidden)
    return rbm


def _sklearn_twin(rbm):
    twin = SklearnRBM(n_components=rbm.n_components, random_state=rbm.random_state)
    twin.components_ = np.array(rbm.components_)
    twin.intercept_hidden_ = np.array(rbm.intercept_hidden_)
    twin.intercept_visible_ = np.array(rbm.intercept_visible_)
    twin.n_features_in_ = rbm.n_features_in_
    return twin


def _bars_and_stripes():
    """The 3x3 bars-and-stripes patterns (MacKay 2003): 14 distinct binary images."""
    patterns = set()
    for mask in binary_states(3):
        rows = np.repeat(mask[:, None], 3, axis=1)
        patterns.add(tuple(rows.ravel()))
        patterns.add(tuple(rows.T.ravel()))
    return np.array(sorted(patterns))


# ----------------------------------------------------------------------------- BernoulliRBM oracles


@pytest.mark.parametrize("sparse", [False, True])
def test_free_energy_and_pseudo_likelihood_equal_sklearn(sparse):
    rbm = _random_rbm(12, 7, seed=3)
    X = (np.random.default_rng(1).random((50, 12)) < 0.4).astype(float)
    X = sp.csr_matrix(X) if sparse else X
    twin = _sklearn_twin(rbm)
    np.testing.assert_allclose(rbm.free_energy(X), twin._free_energy(X), rtol=1e-12)
    np.testing.assert_allclose(rbm.score_samples(X), twin.score_samples(X), rtol=1e-12)


def test_transform_and_attributes_match_sklearn_layout():
    X = (np.random.default_rng(0).random((40, 9)) < 0.5).astype(float)
    ours = BernoulliRBM(n_components=5, n_iter=3, random_state=0).fit(X)
    theirs = SklearnRBM(n_components=5, n_iter=3, random_state=0).fit(X)
    for name in ("components_", "intercept_hidden_", "intercept_visible_", "h_samples_"):
        assert getattr(ours, name).shape == getattr(theirs, name).shape, name
    # the same seed draws the same initial weights as scikit-learn
    start = BernoulliRBM(n_components=5, n_iter=0, random_state=0).fit(X)
    sk_start = SklearnRBM(n_components=5, n_iter=0, random_state=0).fit(X)
    np.testing.assert_array_equal(start.components_, sk_start.components_)
    np.testing.assert_allclose(ours.transform(X), _sklearn_twin(ours).transform(X), rtol=1e-12)


@pytest.mark.parametrize("shape", [(5, 4), (4, 6)])
def test_exact_log_partition_equals_brute_force_enumeration(shape):
    n_visible, n_hidden = shape
    rbm = _random_rbm(n_visible, n_hidden, seed=1)
    V, H = binary_states(n_visible), binary_states(n_hidden)
    W, b, c = rbm.components_.T, rbm.intercept_visible_, rbm.intercept_hidden_
    # -E(v, h) = v.b + h.c + v W h over every joint state
    negative_energy = (V @ b)[:, None] + (H @ c)[None, :] + V @ W @ H.T
    assert rbm.log_partition("exact") == pytest.approx(logsumexp(negative_energy), rel=1e-12)
    log_p = rbm.log_likelihood(V)
    np.testing.assert_allclose(
        log_p, logsumexp(negative_energy, axis=1) - logsumexp(negative_energy), rtol=1e-10
    )
    assert np.exp(log_p).sum() == pytest.approx(1.0, rel=1e-10)


def test_ais_is_within_tolerance_of_the_exact_log_partition():
    rbm = _random_rbm(12, 10, seed=2, scale=0.5)
    exact = rbm.log_partition("exact")
    estimate = rbm.log_partition("ais", n_chains=200, n_betas=1000)
    # stated tolerance: 0.05 nats on log Z (exact 18.9 here)
    assert abs(estimate - exact) < 0.05


@pytest.mark.parametrize("persistent, momentum, floor", [(True, 0.0, -5.6), (False, 0.5, -4.0)])
def test_training_raises_the_exact_log_likelihood(persistent, momentum, floor):
    X = np.repeat(_bars_and_stripes(), 20, axis=0)
    rbm = BernoulliRBM(
        n_components=12,
        learning_rate=0.1,
        n_iter=100,
        batch_size=10,
        persistent=persistent,
        shuffle=True,
        momentum=momentum,
        random_state=0,
    )
    before = BernoulliRBM(n_components=12, n_iter=0, random_state=0).fit(X)
    rbm.fit(X)
    ll_before, ll_after = before.log_likelihood(X).mean(), rbm.log_likelihood(X).mean()
    # uniform over the 14 patterns would be log(1/14) = -2.64; a 9-bit uniform model -6.24
    # PCD-1 at a constant learning rate plateaus near -5 here (seeds 0-4: -5.1 to -5.5 after 50
    # epochs, as scikit-learn's), CD-1 with momentum reaches -3.2
    assert ll_before < -6.0
    assert ll_after > floor


def test_cd_k_and_weight_decay_keep_weights_small():
    X = np.repeat(_bars_and_stripes(), 10, axis=0)
    free = BernoulliRBM(n_components=8, n_iter=50, k=3, persistent=False, random_state=0).fit(X)
    decayed = BernoulliRBM(
        n_components=8, n_iter=50, k=3, persistent=False, weight_decay=0.05, random_state=0
    ).fit(X)
    assert np.linalg.norm(decayed.components_) < 0.8 * np.linalg.norm(free.components_)


def test_one_update_is_the_pcd_rule():
    """A single PCD-1 minibatch update equals the textbook formula recomputed by hand."""
    rbm = _random_rbm(6, 4, seed=5, scale=0.3)
    X = (np.random.default_rng(2).random((8, 6)) < 0.5).astype(float)
    W0, b0, c0 = (
        rbm.components_.T.copy(),
        rbm.intercept_visible_.copy(),
        rbm.intercept_hidden_.copy(),
    )
    chains = (np.random.default_rng(3).random((8, 4)) < 0.5).astype(float)
    rbm.set_params(batch_size=8, n_iter=1, learning_rate=0.2)
    rbm.h_samples_ = chains.copy()
    sampler_state = rbm._sampling_rng.get_state()
    rbm.partial_fit(X)
    # replay the same draws (scikit-learn's stream): visible uniforms for the chains
    replay = np.random.RandomState()
    replay.set_state(sampler_state)
    sigmoid = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    V_neg = (replay.random_sample((8, 6)) < sigmoid(chains @ W0.T + b0)).astype(float)
    H_pos, H_neg = sigmoid(X @ W0 + c0), sigmoid(V_neg @ W0 + c0)
    lr = 0.2 / 8
    np.testing.assert_allclose(rbm.components_.T, W0 + lr * (X.T @ H_pos - V_neg.T @ H_neg))
    np.testing.assert_allclose(rbm.intercept_visible_, b0 + lr * (X.sum(0) - V_neg.sum(0)))
    np.testing.assert_allclose(rbm.intercept_hidden_, c0 + lr * (H_pos.sum(0) - H_neg.sum(0)))


def test_partial_fit_returns_self_and_continues():
    X = np.repeat(_bars_and_stripes(), 5, axis=0)
    rbm = BernoulliRBM(n_components=6, random_state=0)
    assert rbm.partial_fit(X) is rbm
    first = rbm.components_.copy()
    rbm.partial_fit(X)
    assert not np.array_equal(first, rbm.components_)
    assert len(rbm.loss_curve_) == 2


def test_tol_stops_early_and_fixed_budget_does_not_warn():
    X = np.repeat(_bars_and_stripes(), 5, axis=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        rbm = BernoulliRBM(n_components=6, n_iter=7, random_state=0).fit(X)
    assert rbm.n_iter_ == 7
    stopped = BernoulliRBM(
        n_components=6, n_iter=500, tol=10.0, n_iter_no_change=2, random_state=0
    ).fit(X)
    assert stopped.n_iter_ < 500
    with pytest.warns(ConvergenceWarning):
        BernoulliRBM(n_components=6, n_iter=3, tol=0.0, random_state=0).fit(X)


def test_gibbs_returns_binary_samples_near_the_data_after_training():
    X = np.repeat(_bars_and_stripes(), 20, axis=0)
    rbm = BernoulliRBM(n_components=12, n_iter=100, shuffle=True, momentum=0.5, random_state=0).fit(
        X
    )
    samples = rbm.gibbs(X, n_steps=5)
    assert set(np.unique(samples)) <= {0.0, 1.0}
    patterns = {tuple(p) for p in _bars_and_stripes()}
    assert np.mean([tuple(s) in patterns for s in samples]) > 0.5


def _nudged_digits():
    """scikit-learn's example data: the 8x8 digits and their 1-pixel shifts in 4 directions."""
    X, y = load_digits(return_X_y=True)
    images = X.reshape(-1, 8, 8)
    shifted = [X]
    for axis, step in ((1, 1), (1, -1), (2, 1), (2, -1)):
        moved = np.roll(images, step, axis=axis)
        # zero the wrapped-around row or column, as scipy.ndimage.convolve's constant mode does
        edge = [slice(None)] * 3
        edge[axis] = 0 if step == 1 else -1
        moved[tuple(edge)] = 0
        shifted.append(moved.reshape(-1, 64))
    return np.concatenate(shifted), np.tile(y, 5)


@pytest.mark.slow
def test_rbm_features_beat_raw_pixels_on_digits():
    """scikit-learn's RBM + logistic regression example, with a convergent solver."""
    X, y = _nudged_digits()
    X = minmax_scale(X.astype(np.float64))
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
    rbm = BernoulliRBM(n_components=100, learning_rate=0.06, n_iter=10, random_state=0)
    pipeline = Pipeline([("rbm", rbm), ("logistic", LogisticRegression(C=6000, max_iter=2000))])
    rbm_score = pipeline.fit(X_train, y_train).score(X_test, y_test)
    raw_score = LogisticRegression(C=100, max_iter=2000).fit(X_train, y_train).score(X_test, y_test)
    print(f"RBM features + logistic regression {rbm_score:.3f}, raw pixels {raw_score:.3f}")
    assert rbm_score > 0.90
    assert rbm_score > raw_score + 0.08


def test_float32_training_stays_float32():
    X = np.repeat(_bars_and_stripes(), 5, axis=0).astype(np.float32)
    rbm = BernoulliRBM(
        n_components=6, n_iter=5, momentum=0.5, weight_decay=1e-3, random_state=0
    ).fit(X)
    assert rbm.components_.dtype == rbm.intercept_visible_.dtype == np.float32
    assert rbm.transform(X).dtype == rbm.free_energy(X).dtype == np.float32


# ----------------------------------------------------------------------------- Gaussian RBM


def test_pcd_loss_estimates_the_reconstruction_error_of_the_data():
    """PCD measures its reconstruction error on an eighth of each minibatch: with a learning rate
    too small to move the weights, the epoch's value must match the error of the whole set."""
    X = (load_digits().data > 7).astype(np.float64)
    rbm = BernoulliRBM(
        n_components=32, learning_rate=1e-9, batch_size=40, n_iter=1, random_state=0
    ).fit(X)
    hidden = rbm.transform(X)
    reconstruction = 1 / (1 + np.exp(-(hidden @ rbm.components_ + rbm.intercept_visible_)))
    full_error = ((reconstruction - X) ** 2).sum(axis=1).mean()
    assert rbm.loss_curve_[0] == pytest.approx(full_error, rel=0.03)


@pytest.mark.parametrize(
    "params",
    [dict(), dict(momentum=0.5, weight_decay=1e-3), dict(persistent=False, weight_decay=1e-3)],
)
def test_numpy_and_fused_scipy_weight_updates_agree(params, monkeypatch):
    """Large minibatches update with numpy's BLAS (threads allowed), small ones with one fused
    scipy gemm on one thread: the same step either way."""
    import zoo.boltzmann._base as rbm_module

    X = (load_digits().data[:600] > 7).astype(np.float64)
    kwargs = dict(
        n_components=16, batch_size=300, n_iter=2, learning_rate=0.05, random_state=0, **params
    )
    numpy_path = BernoulliRBM(**kwargs).fit(X)
    monkeypatch.setattr(rbm_module, "_MULTITHREADED_BATCH_SIZE", 10**9)
    fused = BernoulliRBM(**kwargs).fit(X)
    np.testing.assert_allclose(numpy_path.components_, fused.components_, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(
        numpy_path.intercept_visible_, fused.intercept_visible_, rtol=1e-9, atol=1e-12
    )
    np.testing.assert_allclose(
        numpy_path.intercept_hidden_, fused.intercept_hidden_, rtol=1e-9, atol=1e-12
    )


def test_gaussian_rbm_free_energy_sums_out_the_hidden_units():
    X = np.random.default_rng(0).normal(size=(20, 5))
    rbm = GaussianBernoulliRBM(n_components=3, n_iter=2, random_state=0).fit(X)
    W, b, c = rbm.components_.T, rbm.intercept_visible_, rbm.intercept_hidden_
    H = binary_states(3)
    # -E(v, h) = -1/2 ||v - b||^2 + h.c + v W h
    negative_energy = (-0.5 * ((X - b) ** 2).sum(axis=1))[:, None] + (H @ c)[None, :] + X @ W @ H.T
    np.testing.assert_allclose(rbm.free_energy(X), -logsumexp(negative_energy, axis=1))
    np.testing.assert_allclose(rbm.score_samples(X), -rbm.free_energy(X))


def test_gaussian_rbm_visible_units_are_unit_variance_gaussians():
    X = np.random.default_rng(1).normal(size=(50, 4))
    rbm = GaussianBernoulliRBM(n_components=3, n_iter=3, random_state=0).fit(X)
    H = np.tile([[1.0, 0.0, 1.0]], (20000, 1))
    rng = np.random.default_rng(2)
    V = rbm._sample_visible(rbm._visible_means(H), rng, np.empty((20000, 4)))
    expected_mean = rbm.intercept_visible_ + rbm.components_.T @ H[0]
    np.testing.assert_allclose(V.mean(axis=0), expected_mean, atol=0.03)
    np.testing.assert_allclose(V.std(axis=0), 1.0, atol=0.03)


def test_gaussian_rbm_features_separate_continuous_clusters():
    from sklearn.datasets import make_blobs
    from sklearn.preprocessing import StandardScaler

    X, y = make_blobs(n_samples=400, centers=3, n_features=6, cluster_std=1.5, random_state=0)
    X = StandardScaler().fit_transform(X)
    rbm = GaussianBernoulliRBM(n_components=16, n_iter=30, random_state=0).fit(X)
    assert rbm.loss_curve_[-1] < 0.8 * rbm.loss_curve_[0]
    features = rbm.transform(X)
    assert LogisticRegression(max_iter=1000).fit(features, y).score(features, y) > 0.95


def test_gaussian_rbm_learns_the_visible_variances():
    X = np.random.default_rng(0).normal(size=(2000, 3)) * np.array([0.3, 1.0, 2.0])
    rbm = GaussianBernoulliRBM(n_components=4, n_iter=30, learn_variance=True, random_state=0).fit(
        X
    )
    # independent features: sigma_i^2 -> var_i (measured 0.096, 0.97, 4.2)
    np.testing.assert_allclose(rbm.variance_, [0.09, 1.0, 4.0], rtol=0.25)
    fixed = GaussianBernoulliRBM(n_components=4, n_iter=2, random_state=0).fit(X)
    np.testing.assert_array_equal(fixed.variance_, 1.0)
    # the free energy uses the learned variances: enumerate the hidden units
    W, b, c, var = rbm.components_.T, rbm.intercept_visible_, rbm.intercept_hidden_, rbm.variance_
    H = binary_states(4)
    negative_energy = (
        (-0.5 * (((X - b) ** 2) / var).sum(axis=1))[:, None]
        + (H @ c)[None, :]
        + ((X / var) @ W @ H.T)
    )
    np.testing.assert_allclose(rbm.free_energy(X), -logsumexp(negative_energy, axis=1))


# ----------------------------------------------------------------------------- deep belief nets


def test_dbn_transform_is_the_stack_of_rbm_transforms():
    X = load_digits().data[:300] / 16
    dbn = DBNTransformer(hidden_layer_sizes=(20, 10), n_iter=3, random_state=0).fit(X)
    expected = dbn.rbms_[1].transform(dbn.rbms_[0].transform(X))
    np.testing.assert_array_equal(dbn.transform(X), expected)
    assert [rbm.n_components for rbm in dbn.rbms_] == [20, 10]
    assert dbn.rbms_[1].n_features_in_ == 20


def test_dbn_classifier_starts_fine_tuning_from_the_pretrained_stack():
    X, y = load_digits(return_X_y=True)
    X = X[:300] / 16
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = DBNClassifier(
            hidden_layer_sizes=(20,),
            rbm_n_iter=3,
            max_iter=1,
            solver="sgd",
            learning_rate_init=1e-12,
            momentum=0.0,
            random_state=0,
        ).fit(X, y[:300])
    np.testing.assert_allclose(clf.coefs_[0], clf.rbms_[0].components_.T, atol=1e-9)
    np.testing.assert_allclose(clf.intercepts_[0], clf.rbms_[0].intercept_hidden_, atol=1e-9)
    assert clf.coefs_[1].shape == (20, 10)


def test_dbn_classifier_on_digits_and_mlp_options():
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X / 16, y, test_size=0.25, random_state=0, stratify=y
    )
    clf = DBNClassifier(
        hidden_layer_sizes=(128,),
        rbm_n_iter=5,
        max_iter=100,
        early_stopping=True,
        learning_rate_init=0.01,
        random_state=0,
    ).fit(X_train, y_train)
    assert clf.score(X_test, y_test) > 0.95
    assert clf.mlp_.validation_scores_ is not None  # the MLP's early stopping ran


@pytest.mark.slow  # five DBN fits to convergence, about 12 s
def test_dbn_classifier_digits_five_fold_cv():
    """The defaults, what a user runs first, on digits. Shuffled stratified folds, as ANCHORS.md's
    digits figures (load_digits is ordered by writer, and unshuffled folds test generalisation
    across writers: 0.933 here, MLP 0.936). Measured 0.974 (folds .972 .964 .967 .989 .981),
    converged in 133-147 epochs, about 12 s; with the earlier learning_rate_init=0.001, 0.969 and
    not converged after 200."""
    X, y = load_digits(return_X_y=True)
    clf = DBNClassifier(random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # the defaults converge on digits
        scores = cross_val_score(
            clf, X / 16, y, cv=StratifiedKFold(5, shuffle=True, random_state=0)
        )
    assert scores.mean() >= 0.97, scores


# ----------------------------------------------------------------------------- Boltzmann machine


def _encoder_solution(n_patterns, n_hidden, seed, **params):
    """Train on the N-H-N encoder; return (completion correct for every pattern, codes distinct)."""
    X, Y = make_encoder(n_patterns)
    data = np.hstack([X, Y])
    bm = BoltzmannMachine(
        n_hidden=n_hidden,
        connectivity=encoder_connectivity(n_patterns, n_hidden),
        random_state=seed,
        **params,
    ).fit(data)
    completed = bm.complete(np.hstack([X, np.zeros_like(Y)]), known=np.arange(n_patterns))
    completion_ok = bool((completed[:, n_patterns:].argmax(axis=1) == np.arange(n_patterns)).all())
    codes = {tuple(code) for code in bm.transform(data) > 0.5}
    return completion_ok, len(codes) == n_patterns


ENCODER_424 = dict(
    method="exact", learning_rate=1.0, momentum=0.5, weight_decay=1e-3, n_iter=200, n_init=8
)
# Ackley et al.'s recipe: noisy clamping, annealing from T=2 (their 20, with weights in units of
# 10), statistics of 2 chains over 10 sweeps, every weight +-0.2 (their 2) by the sign of p+ - p-
ENCODER_GIBBS = dict(
    method="gibbs",
    update="sign",
    learning_rate=0.2,
    momentum=0.0,
    weight_decay=0.0,
    clamp_noise=(0.15, 0.05),
    temperatures=(2, 2, 1.5, 1.5, 1.2, 1.2, 1, 1, 1, 1),
    sweeps_per_temperature=1,
    n_sample_sweeps=10,
    n_chains=2,
)


def test_boltzmann_machine_finds_a_4_2_4_code():
    assert _encoder_solution(4, 2, seed=1, **ENCODER_424) == (True, True)


def test_boltzmann_machine_ackley_recipe_finds_a_4_2_4_code_in_one_run():
    solution = _encoder_solution(4, 2, seed=2, **ENCODER_GIBBS, n_iter=300, keep_best=True)
    assert solution == (True, True)


def test_boltzmann_machine_exact_likelihood_is_a_distribution():
    X, Y = make_encoder(3)
    bm = BoltzmannMachine(n_hidden=2, method="exact", n_iter=20, random_state=0).fit(
        np.hstack([X, Y])
    )
    all_visible = binary_states(6)
    assert np.exp(bm.score_samples(all_visible)).sum() == pytest.approx(1.0)
    # learning puts the probability mass on the three training patterns
    assert np.exp(bm.score_samples(np.hstack([X, Y]))).sum() > 0.3


def test_boltzmann_machine_gibbs_and_mean_field_learn_the_statistics():
    X, Y = make_encoder(4)
    data = np.hstack([X, Y])
    mask = encoder_connectivity(4, 2)
    for method in ("gibbs", "mean_field"):
        bm = BoltzmannMachine(
            n_hidden=2, connectivity=mask, method=method, n_iter=60, n_chains=4, random_state=0
        ).fit(data)
        assert bm.loss_curve_[-1] < 0.5 * bm.loss_curve_[0], method
        assert np.exp(bm.score_samples(data)).sum() > 0.3, method
        assert not bm.coef_[~mask].any()
        np.testing.assert_array_equal(bm.coef_, bm.coef_.T)


@pytest.mark.parametrize(
    "n_group, n_hidden, drop_hidden_pairs", [(3, 2, False), (4, 2, True), (2, 3, False)]
)
def test_factorised_exact_moments_equal_full_enumeration(n_group, n_hidden, drop_hidden_pairs):
    # given the hidden units, V1 and V2 of the encoder are independent: enumerate them apart
    rng = np.random.default_rng(n_group)
    mask = encoder_connectivity(n_group, n_hidden)
    if drop_hidden_pairs:
        mask[2 * n_group :, 2 * n_group :] = False
    n_units = mask.shape[0]
    W = np.triu(rng.normal(0, 1.5, (n_units, n_units)), 1)
    W = (W + W.T) * mask
    b = rng.normal(0, 1, n_units)
    S = binary_states(n_units)
    log_p = -quadratic_energy(S, W, b)
    p = np.exp(log_p - logsumexp(log_p))
    cut = np.arange(2 * n_group, n_units)
    components = conditional_components(mask, cut)
    assert sorted(map(list, components)) == [
        list(range(n_group)),
        list(range(n_group, 2 * n_group)),
    ]
    log_z, pairs, means = quadratic_exact_moments(W, b, cut, components)
    assert log_z == pytest.approx(logsumexp(log_p))
    np.testing.assert_allclose(pairs, (S.T * p) @ S, atol=1e-12)
    np.testing.assert_allclose(means, p @ S, atol=1e-12)
    # exact samples: their state frequencies match P(s)
    samples = quadratic_exact_sample(W, b, cut, components, 20000, rng)
    index = samples.astype(int) @ (1 << np.arange(n_units)[::-1])
    frequencies = np.bincount(index, minlength=2**n_units) / len(samples)
    assert np.abs(frequencies - p).max() < 0.02


def test_boltzmann_machine_keep_best_ends_with_the_best_log_likelihood_seen():
    X, Y = make_encoder(4)
    data = np.hstack([X, Y])
    bm = BoltzmannMachine(
        n_hidden=2,
        connectivity=encoder_connectivity(4, 2),
        **ENCODER_GIBBS,
        n_iter=300,
        keep_best=True,
        random_state=0,
    ).fit(data)
    scores = bm.validation_scores_
    assert len(scores) == 300 and np.argmax(scores) < 299  # the last epoch was not the best
    assert bm.score_samples(data).mean() == pytest.approx(max(scores))


def test_boltzmann_machine_exact_inference_is_the_enumerated_conditional():
    X, Y = make_encoder(3)
    data = np.hstack([X, Y])
    bm = BoltzmannMachine(
        n_hidden=2,
        connectivity=encoder_connectivity(3, 2),
        method="exact",
        n_iter=50,
        exact_inference=True,
        random_state=0,
    ).fit(data)
    # P(V2, h | V1 = x) by brute force over the 2^5 free states
    free = binary_states(5)
    for x, _hidden, completed in zip(
        X, bm.transform(data), bm.complete(np.hstack([X, 0 * Y]), known=np.arange(3))
    ):
        S = np.hstack([np.tile(x, (32, 1)), free])
        p = np.exp(-quadratic_energy(S, bm.coef_, bm.intercept_))
        np.testing.assert_allclose(completed[3:], (p / p.sum()) @ free[:, :3])
    S = np.hstack([np.repeat(data, 4, axis=0), np.tile(binary_states(2), (3, 1))])
    p = np.exp(-quadratic_energy(S, bm.coef_, bm.intercept_)).reshape(3, 4)
    np.testing.assert_allclose(bm.transform(data), (p / p.sum(1, keepdims=True)) @ binary_states(2))
    # annealed sampling estimates the same probabilities
    sampled = bm.set_params(exact_inference=False, n_chains=50).transform(data)
    assert np.abs(sampled - bm.set_params(exact_inference=True).transform(data)).max() < 0.15


def test_named_connectivities_and_the_fast_one_for_wide_data():
    """restricted: only visible-hidden; visible_lateral adds visible-visible (semi-restricted);
    hidden_lateral adds hidden-hidden, and a Gibbs sweep then updates every visible unit at once."""
    from zoo._core.sampling import greedy_colouring

    X = (load_digits().data[:60, :20] > 7).astype(float)
    n_visible, n_hidden = 20, 3
    groups = {}
    for name, visible_pairs, hidden_pairs in (
        ("full", True, True),
        ("restricted", False, False),
        ("visible_lateral", True, False),
        ("hidden_lateral", False, True),
    ):
        bm = BoltzmannMachine(
            n_hidden=n_hidden, connectivity=name, method="mean_field", n_iter=2, random_state=0
        ).fit(X)
        mask = bm.connectivity_
        assert mask[:n_visible, n_visible:].all() and not mask.diagonal().any()
        assert mask[:n_visible, :n_visible].any() == visible_pairs
        assert mask[n_visible:, n_visible:].any() == hidden_pairs
        assert not bm.coef_[~mask].any()
        groups[name] = len(greedy_colouring(mask, np.arange(n_visible + n_hidden)))
    assert groups == {"full": 23, "restricted": 2, "visible_lateral": 21, "hidden_lateral": 4}


def test_boltzmann_machine_rejects_bad_connectivity():
    X = np.eye(3)
    with pytest.raises(ValueError, match="symmetric"):
        BoltzmannMachine(n_hidden=1, connectivity=np.triu(np.ones((4, 4), bool))).fit(X)
    with pytest.raises(ValueError, match="mask"):
        BoltzmannMachine(n_hidden=1, connectivity=np.ones((3, 3), bool)).fit(X)


@pytest.mark.slow
def test_boltzmann_machine_4_2_4_encoder_over_20_seeds():
    """Goal: a perfect code in >= 18 of 20 single runs (Ackley et al.: almost all of 250).

    The paper's stochastic recipe finds a code in 19 of 20 seeds within 1500 learning cycles but
    does not keep it (0 of 20 still hold one at the end); keep_best ends with the weights of the
    best exact log-likelihood seen. The exact likelihood gradient alone: 3 of 20."""
    params = dict(ENCODER_GIBBS, n_iter=1500, keep_best=True, exact_inference=True)
    solved = [all(_encoder_solution(4, 2, seed, **params)) for seed in range(20)]
    print(f"4-2-4 encoder: perfect code in {sum(solved)} of 20 seeds")
    assert sum(solved) >= 18


# the 8-3-8 encoder: deterministic annealing of the clamped phase plus annealed weight noise
ENCODER_838 = dict(
    method="exact",
    learning_rate=1.0,
    momentum=0.5,
    weight_decay=0.0,
    n_iter=3000,
    posterior_temperature=2.0,
    weight_noise=0.1,
    exact_inference=True,
)


def test_boltzmann_machine_annealing_defaults_are_the_plain_rule_and_noise_respects_the_mask():
    X, Y = make_encoder(3)
    data = np.hstack([X, Y])
    mask = encoder_connectivity(3, 2)
    common = dict(n_hidden=2, connectivity=mask, method="exact", n_iter=30, random_state=0)
    plain = BoltzmannMachine(**common).fit(data)
    same = BoltzmannMachine(**common, posterior_temperature=1.0, weight_noise=0.0).fit(data)
    np.testing.assert_array_equal(plain.coef_, same.coef_)
    annealed = BoltzmannMachine(**common, posterior_temperature=2.0, weight_noise=0.1).fit(data)
    assert not np.allclose(annealed.coef_, plain.coef_)
    assert not annealed.coef_[~mask].any()
    np.testing.assert_allclose(annealed.coef_, annealed.coef_.T, atol=1e-12)


@pytest.mark.slow
def test_boltzmann_machine_8_3_8_encoder_over_20_seeds():
    """Goal: a perfect 8-3-8 code in >= 16 of 20 single runs (Ackley et al.: 16 of 20).

    The exact likelihood gradient alone: 0 of 20 (the codes harden with two patterns sharing
    one); annealing the clamped phase's temperature 2 -> 1 and Gaussian weight noise 0.1 -> 0
    over the first 80% of 3000 epochs: 18 of 20, ~6 s a run."""
    solved = [all(_encoder_solution(8, 3, seed, **ENCODER_838)) for seed in range(20)]
    print(f"8-3-8 encoder: perfect code in {sum(solved)} of 20 seeds")
    assert sum(solved) >= 16


def test_dbn_verbose_lines_name_their_layer_and_phase(capsys):
    X, y = load_digits(return_X_y=True)
    X, y = X[:200] / 16.0, y[:200]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        DBNClassifier(
            hidden_layer_sizes=(16, 8), rbm_n_iter=2, max_iter=3, verbose=True, random_state=0
        ).fit(X, y)
    lines = capsys.readouterr().out.splitlines()
    runs = [line.split("]")[0] + "]" for line in lines if "Iteration" in line]
    assert runs == (
        ["[DBNClassifier pre-training, layer 1 of 2]"] * 2
        + ["[DBNClassifier pre-training, layer 2 of 2]"] * 2
        + ["[DBNClassifier fine-tuning]"] * 3
    )


def test_dbn_pretraining_divergence_names_the_layer():
    X = np.random.RandomState(0).rand(40, 6)
    y = np.arange(40) % 2
    dbn = DBNClassifier(hidden_layer_sizes=(4, 4), rbm_learning_rate=1e200, rbm_n_iter=3)
    with pytest.raises(ValueError, match=r"DBNClassifier pre-training, layer 1 of 2 diverged"):
        dbn.fit(X, y)
