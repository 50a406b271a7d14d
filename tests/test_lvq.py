"""zoo.lvq: Kohonen's LVQ rules, GLVQ and GMLVQ."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_iris, load_wine, make_blobs
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils._param_validation import InvalidParameterError

from zoo.lvq import GLVQClassifier, GMLVQClassifier, LVQClassifier

ALL_MODELS = [
    LVQClassifier("lvq1", random_state=0),
    LVQClassifier("olvq1", random_state=0),
    LVQClassifier("lvq2.1", random_state=0),
    LVQClassifier("lvq3", random_state=0),
    GLVQClassifier(random_state=0),
    GLVQClassifier(solver="adam", random_state=0),
    GMLVQClassifier(random_state=0),
    GMLVQClassifier(n_components=1, solver="adam", random_state=0),
]
IDS = ["lvq1", "olvq1", "lvq2.1", "lvq3", "glvq", "glvq-adam", "gmlvq", "gmlvq-rank1-adam"]


@pytest.mark.parametrize("model", ALL_MODELS, ids=IDS)
def test_separated_blobs_are_classified_perfectly(model):
    X, y = make_blobs(200, centers=[[-4, 0], [4, 0]], cluster_std=1.0, random_state=0)
    X_test, y_test = make_blobs(200, centers=[[-4, 0], [4, 0]], cluster_std=1.0, random_state=1)
    model.fit(X, y)
    assert model.score(X_test, y_test) == 1.0
    proba = model.predict_proba(X_test)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(model.classes_[proba.argmax(axis=1)], model.predict(X_test))
    # binary decision_function: positive exactly where classes_[1] is predicted
    np.testing.assert_array_equal(model.decision_function(X_test) > 0, model.predict(X_test) == 1)


def _iris_split():
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    return train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)


@pytest.mark.parametrize("cls", [LVQClassifier, GLVQClassifier, GMLVQClassifier])
def test_iris_with_three_prototypes_per_class(cls):
    X_train, X_test, y_train, y_test = _iris_split()
    model = cls(prototypes_per_class=3, random_state=0).fit(X_train, y_train)
    assert model.prototypes_.shape == (9, 4)
    assert model.prototype_labels_.tolist() == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    assert model.score(X_test, y_test) >= 0.93


def test_gmlvq_beats_glvq_on_wine_and_finds_a_trace_one_relevance_matrix():
    X, y = load_wine(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        StandardScaler().fit_transform(X), y, test_size=0.3, stratify=y, random_state=0
    )
    gmlvq = GMLVQClassifier(random_state=0).fit(X_train, y_train)
    glvq = GLVQClassifier(random_state=0).fit(X_train, y_train)
    assert gmlvq.score(X_test, y_test) >= glvq.score(X_test, y_test)
    assert gmlvq.score(X_test, y_test) >= 0.95
    relevance = gmlvq.relevance_matrix_
    assert np.trace(relevance) == pytest.approx(1.0)
    np.testing.assert_allclose(relevance, relevance.T, atol=1e-15)
    assert np.linalg.eigvalsh(relevance).min() > -1e-12  # Lambda = Omega^T Omega is PSD
    np.testing.assert_allclose(relevance, gmlvq.omega_.T @ gmlvq.omega_)


def test_gmlvq_transform_is_the_relevance_space():
    X_train, X_test, y_train, _ = _iris_split()
    model = GMLVQClassifier(n_components=2, random_state=0).fit(X_train, y_train)
    Z, V = model.transform(X_test), model.prototypes_ @ model.omega_.T
    assert Z.shape == (len(X_test), 2)
    # Euclidean nearest prototype in the relevance space is the model's prediction
    nearest = ((Z[:, np.newaxis, :] - V[np.newaxis]) ** 2).sum(axis=2).argmin(axis=1)
    np.testing.assert_array_equal(model.prototype_labels_[nearest], model.predict(X_test))
    assert np.trace(model.relevance_matrix_) == pytest.approx(1.0)
    assert model.get_feature_names_out().tolist() == ["gmlvq_component_0", "gmlvq_component_1"]


def test_initial_prototypes_are_the_weighted_class_means():
    X, y = make_blobs(60, centers=3, random_state=0)
    weights = np.random.default_rng(0).random(60)
    model = GLVQClassifier()
    model.classes_ = np.arange(3)
    model._rng = np.random.RandomState(0)
    model._initialize(X, y, weights)
    for k in range(3):
        expected = np.average(X[y == k], axis=0, weights=weights[y == k])
        np.testing.assert_allclose(model.prototypes_[k], expected)


# ------------------------------------------------------------------- Kohonen's rules, by hand


def _reference_lvq(X, y, W, owner, algorithm, alpha0, n_epochs, window, epsilon):
    """Kohonen's rules written plainly: samples in order, alpha decays linearly to 0."""
    W = W.copy()
    n = len(X)
    rates = np.full(len(W), alpha0)
    s = (1 - window) / (1 + window)
    for epoch in range(n_epochs):
        for t in range(n):
            x, alpha = X[t], alpha0 * (1 - (epoch + t / n) / n_epochs)
            d = np.sqrt(((W - x) ** 2).sum(axis=1))
            order = np.argsort(d, kind="stable")
            c, c2 = order[0], order[1]
            sign = 1.0 if owner[c] == y[t] else -1.0
            if algorithm == "lvq1":
                W[c] += sign * alpha * (x - W[c])
            elif algorithm == "olvq1":
                W[c] += sign * rates[c] * (x - W[c])
                rates[c] = min(rates[c] / (1 + sign * rates[c]), alpha0)
            else:
                right, right2 = owner[c] == y[t], owner[c2] == y[t]
                if right != right2 and min(d[c] / d[c2], d[c2] / d[c]) > s:
                    for j, ok in ((c, right), (c2, right2)):
                        W[j] += (1 if ok else -1) * alpha * (x - W[j])
                elif right and right2 and algorithm == "lvq3":
                    for j in (c, c2):
                        W[j] += epsilon * alpha * (x - W[j])
    return W


@pytest.mark.parametrize("algorithm", ["lvq1", "olvq1", "lvq2.1", "lvq3"])
def test_rules_match_a_plain_reference(algorithm):
    X, y = make_blobs(40, centers=[[0, 0], [1.5, 0]], cluster_std=1.0, random_state=3)
    model = LVQClassifier(
        algorithm,
        prototypes_per_class=2,
        learning_rate=0.1,
        window=0.3,
        epsilon=0.3,
        max_iter=3,
        shuffle=False,
        init="random",
        random_state=0,
    )
    model.fit(X, y)
    start = LVQClassifier(algorithm, prototypes_per_class=2, init="random", random_state=0)
    start._rng = np.random.RandomState(0)
    start.classes_ = np.array([0, 1])
    start._initialize(X, y, None)
    expected = _reference_lvq(
        X, y, start.prototypes_, start._prototype_class, algorithm, 0.1, 3, 0.3, 0.3
    )
    assert not np.allclose(expected, start.prototypes_)  # the rule moved something
    np.testing.assert_allclose(model.prototypes_, expected, rtol=1e-10, atol=1e-12)


def test_olvq1_rates_fall_with_correct_wins_and_never_exceed_the_start():
    X, y = make_blobs(100, centers=[[-3, 0], [3, 0]], random_state=0)
    model = LVQClassifier("olvq1", random_state=0).fit(X, y)
    # all-correct presentations: 1/alpha grows by one per win, from 1/0.3
    wins = np.bincount(model.predict(X), minlength=2)
    expected = 1 / (1 / 0.3 + model.max_iter * wins)
    np.testing.assert_allclose(model.learning_rates_, expected)


def test_loss_curve_is_the_training_error_of_each_epoch():
    X, y = make_blobs(100, centers=[[-1, 0], [1, 0]], cluster_std=1.0, random_state=0)
    model = LVQClassifier(max_iter=7, random_state=0).fit(X, y)
    assert model.n_iter_ == 7 and len(model.loss_curve_) == 7
    assert all(0 < e < 0.5 for e in model.loss_curve_)


# ---------------------------------------------------------------------- partial_fit, weights


@pytest.mark.parametrize("cls", [LVQClassifier, GLVQClassifier, GMLVQClassifier])
def test_partial_fit_learns_from_a_stream(cls):
    X, y = make_blobs(300, centers=[[-3, 0], [3, 0], [0, 4]], random_state=0)
    kwargs = {} if cls is LVQClassifier else {"solver": "adam", "learning_rate_init": 0.05}
    model = cls(random_state=0, **kwargs)
    for start in range(0, 300, 50):
        model.partial_fit(X[start : start + 50], y[start : start + 50], classes=[0, 1, 2])
    assert model.n_iter_ == 6
    assert model.score(X, y) > 0.95


def test_partial_fit_needs_classes_and_every_class_in_the_first_batch():
    X, y = make_blobs(60, centers=3, random_state=0)
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        LVQClassifier().partial_fit(X, y)
    first = y != 2
    with pytest.raises(ValueError, match="Class 2 has 0 sample"):
        LVQClassifier().partial_fit(X[first], y[first], classes=[0, 1, 2])
    model = LVQClassifier().partial_fit(X, y, classes=[0, 1, 2])
    with pytest.raises(ValueError, match="not in classes_"):
        model.partial_fit(X, y + 5)


def test_partial_fit_exists_only_for_adam():
    assert not hasattr(GLVQClassifier(), "partial_fit")
    assert hasattr(GLVQClassifier(solver="adam"), "partial_fit")
    assert hasattr(LVQClassifier(), "partial_fit")


@pytest.mark.parametrize("algorithm", ["lvq1", "olvq1", "lvq2.1", "lvq3"])
def test_zero_weight_samples_are_as_if_absent_in_the_online_rules(algorithm):
    X, y = make_blobs(80, centers=[[-1, 0], [1, 0]], random_state=0)
    weights = np.ones(80)
    weights[::3] = 0
    kept = weights > 0
    kwargs = dict(max_iter=5, shuffle=False, random_state=0)
    weighted = LVQClassifier(algorithm, **kwargs).fit(X, y, sample_weight=weights)
    removed = LVQClassifier(algorithm, **kwargs).fit(X[kept], y[kept])
    np.testing.assert_allclose(weighted.prototypes_, removed.prototypes_, rtol=1e-12)
    np.testing.assert_allclose(weighted.loss_curve_, removed.loss_curve_)


def test_integer_weights_equal_repeated_samples_for_glvq():
    X, y = make_blobs(60, centers=3, random_state=0)
    weights = np.random.default_rng(0).integers(1, 4, 60)
    weighted = GLVQClassifier(max_iter=50).fit(X, y, sample_weight=weights)
    repeated = GLVQClassifier(max_iter=50).fit(np.repeat(X, weights, 0), np.repeat(y, weights))
    np.testing.assert_allclose(weighted.prototypes_, repeated.prototypes_, rtol=1e-6)


def test_heavier_class_pulls_the_border_its_way_in_lvq1():
    # weighting one class up makes LVQ1 claim more of the overlap for it
    X, y = make_blobs(400, centers=[[-1, 0], [1, 0]], cluster_std=1.2, random_state=0)
    plain = LVQClassifier(random_state=0).fit(X, y)
    weights = np.where(y == 1, 3.0, 1.0)
    heavy = LVQClassifier(random_state=0).fit(X, y, sample_weight=weights)
    assert (heavy.predict(X) == 1).sum() > (plain.predict(X) == 1).sum()


# ------------------------------------------------------------------------------------ errors


def test_bad_settings_get_clear_errors():
    X, y = make_blobs(30, centers=3, random_state=0)
    with pytest.raises(InvalidParameterError, match="algorithm"):
        LVQClassifier("lvq4").fit(X, y)
    with pytest.raises(ValueError, match="one positive int per class"):
        LVQClassifier(prototypes_per_class=[1, 2]).fit(X, y)
    with pytest.raises(ValueError, match="needs 20 prototype"):
        LVQClassifier(prototypes_per_class=20).fit(X, y)
    with pytest.raises(ValueError, match="learning_rate_final"):
        LVQClassifier(decay="exponential").fit(X, y)
    with pytest.raises(ValueError, match="n_components=3 must be at most n_features=2"):
        GMLVQClassifier(n_components=3).fit(X, y)
    with pytest.raises(ValueError, match="weight"):
        GLVQClassifier().fit(X, y, sample_weight=np.zeros(30))
    with pytest.raises(ValueError, match="Negative"):
        GLVQClassifier().fit(X, y, sample_weight=-np.ones(30))


def test_lbfgs_warns_when_it_stops_at_max_iter():
    X, y = make_blobs(100, centers=[[-1, 0], [1, 0]], cluster_std=1.5, random_state=0)
    with pytest.warns(Warning, match=r"^GMLVQClassifier \(solver='lbfgs'\): lbfgs failed to conv"):
        GMLVQClassifier(max_iter=2).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        LVQClassifier(max_iter=2).fit(X, y)  # the schedule sets the length: no warning


def test_pipeline_on_iris_with_one_prototype_per_class():
    X, y = load_iris(return_X_y=True)
    model = make_pipeline(StandardScaler(), GMLVQClassifier(random_state=0)).fit(X, y)
    assert model.score(X, y) > 0.95


def test_auto_slope_puts_the_median_sample_at_two_on_the_sigmoid():
    # beta="auto" (GMLVQ's default): beta |mu| = 2 for the median sample at the class means and
    # the identity metric, whatever the spread of mu (wide on iris, narrow on many features)
    from zoo._core.lvq import auto_slope, nearest_prototypes, relative_distance_difference

    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    means = np.array([X[y == k].mean(axis=0) for k in range(3)])
    same_class = y[:, np.newaxis] == np.arange(3)
    beta = auto_slope(X, same_class, means)
    D = ((X[:, np.newaxis, :] - means) ** 2).sum(axis=2)
    _, d_plus, _, d_minus = nearest_prototypes(D, same_class)
    mu = relative_distance_difference(d_plus, d_minus)
    assert np.median(beta * np.abs(mu)) == pytest.approx(2.0)
    # mu is a ratio of distances: the slope does not depend on the scale of X
    assert auto_slope(1e3 * X, same_class, 1e3 * means) == pytest.approx(beta)
    model = GMLVQClassifier(random_state=0, max_iter=5).fit(X, y)
    assert model.beta_ == pytest.approx(auto_slope(X, same_class, means, np.eye(4) / 2.0))
    assert GLVQClassifier(beta=3.0, max_iter=5).fit(X, y).beta_ == 3.0


def test_partial_fit_keeps_the_auto_slope_of_the_first_batch():
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    order = np.random.default_rng(0).permutation(len(y))
    model = GMLVQClassifier(solver="adam", random_state=0)
    model.partial_fit(X[order[:75]], y[order[:75]], classes=np.unique(y))
    first = model.beta_
    model.partial_fit(X[order[75:]], y[order[75:]])
    assert model.beta_ == first
