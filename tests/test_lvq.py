"""zoo.lvq: Kohonen's LVQ rules, GLVQ and GMLVQ."""

import pickle
import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_iris, load_wine, make_blobs
from sklearn.exceptions import ConvergenceWarning
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


# ----------------------------------------------------------------------------- warm_start
#: every rule and solver, with settings whose fits end within their budget or at it
WARM_MODELS = [
    LVQClassifier("lvq1", max_iter=4, random_state=0),
    LVQClassifier("olvq1", max_iter=4, random_state=0),
    LVQClassifier("lvq2.1", max_iter=4, random_state=0),
    LVQClassifier("lvq3", max_iter=4, random_state=0),
    GLVQClassifier(max_iter=5, random_state=0),
    GLVQClassifier(solver="adam", max_iter=5, random_state=0),
    GMLVQClassifier(max_iter=5, random_state=0),
    GMLVQClassifier(n_components=2, solver="adam", max_iter=5, random_state=0),
]
WARM_IDS = ["lvq1", "olvq1", "lvq2.1", "lvq3", "glvq", "glvq-adam", "gmlvq", "gmlvq-rank2-adam"]


def _fitted_arrays(model):
    """Copies of what training changes: prototypes, Omega, OLVQ1's rates."""
    names = ["prototypes_", "omega_", "learning_rates_"]
    return {name: getattr(model, name).copy() for name in names if hasattr(model, name)}


def _assert_same_fit(a, b):
    arrays_a, arrays_b = _fitted_arrays(a), _fitted_arrays(b)
    assert arrays_a.keys() == arrays_b.keys()
    for name in arrays_a:
        np.testing.assert_array_equal(arrays_a[name], arrays_b[name], err_msg=name)
    assert a.loss_curve_ == b.loss_curve_ and a.n_iter_ == b.n_iter_


def _started_at(model, start):
    """An unfitted copy of ``model`` (class and settings) whose initialisation ends at the
    arrays ``start`` (prototypes, and Omega): where a warm fit from them must start."""

    class StartedAt(type(model)):
        def _initialize(self, X, y_index, sample_weight):
            super()._initialize(X, y_index, sample_weight)
            np.copyto(self.prototypes_, start["prototypes_"])
            if "omega_" in start:
                np.copyto(self.omega_, start["omega_"])

    StartedAt.__name__ = type(model).__name__
    return StartedAt(**model.get_params())


@pytest.fixture
def iris():
    X_train, _, y_train, _ = _iris_split()
    return X_train, y_train


@pytest.fixture
def quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        yield


@pytest.mark.usefixtures("quiet")
@pytest.mark.parametrize("model", WARM_MODELS, ids=WARM_IDS)
def test_warm_start_on_an_unfitted_model_is_a_cold_fit(model, iris):
    X, y = iris
    cold = clone(model).fit(X, y)
    warm = clone(model).set_params(warm_start=True).fit(X, y)
    _assert_same_fit(warm, cold)
    # and a cold refit of a fitted model starts anew: the same fit again
    _assert_same_fit(clone(model).fit(X[::-1], y[::-1]).fit(X, y), cold)


@pytest.mark.usefixtures("quiet")
@pytest.mark.parametrize("model", WARM_MODELS, ids=WARM_IDS)
def test_warm_fit_trains_the_fitted_model_again_for_its_budget(model, iris):
    """A warm fit is the cold fit that starts at the fitted prototypes (and Omega) instead of
    initialising them: the same schedule from its start (OLVQ1's rates back at the start), a new
    L-BFGS run or Adam from zero moments, the same slope, for the whole budget; loss_curve_ goes
    on and n_iter_ counts the warm fit's own epochs. Presentation in order (shuffle=False) and
    patience off, so that only the starting point can differ."""
    X, y = iris
    model = clone(model).set_params(shuffle=False)
    if not isinstance(model, LVQClassifier):
        model.set_params(n_iter_no_change=50, tol=0.0)
    first = model.set_params(max_iter=3).fit(X, y)
    start = _fitted_arrays(first)
    curve = list(first.loss_curve_)
    warm = first.set_params(warm_start=True).fit(X, y)
    reference = _started_at(warm, start)
    if hasattr(warm, "beta_"):
        reference.set_params(beta=warm.beta_)  # "auto" measured at the first fit's start
    reference.fit(X, y)
    for name in ("prototypes_", "omega_"):  # warm started there, and moved
        if name in start:
            assert not np.array_equal(getattr(warm, name), start[name]), name
    for name, array in _fitted_arrays(reference).items():
        np.testing.assert_array_equal(getattr(warm, name), array, err_msg=name)
    assert warm.loss_curve_ == curve + reference.loss_curve_
    assert warm.n_iter_ == reference.n_iter_ == len(warm.loss_curve_) - len(curve)


@pytest.mark.parametrize("algorithm", ["lvq1", "lvq2.1", "lvq3"])
def test_warm_fits_at_a_constant_rate_are_one_longer_fit(algorithm, iris):
    """With a constant rate the schedule's restart changes nothing and the random stream goes
    on: 3 epochs, then a warm fit of 4, are one fit of 7 epochs, bit for bit."""
    X, y = iris
    params = dict(learning_rate=0.05, learning_rate_final=0.05, random_state=0)
    long = LVQClassifier(algorithm, max_iter=7, **params).fit(X, y)
    warm = LVQClassifier(algorithm, max_iter=3, warm_start=True, **params).fit(X, y)
    warm.set_params(max_iter=4).fit(X, y)
    np.testing.assert_array_equal(warm.prototypes_, long.prototypes_)
    assert warm.loss_curve_ == long.loss_curve_ and warm.n_iter_ == 4


@pytest.mark.usefixtures("quiet")
@pytest.mark.parametrize(
    "model", [m for m in WARM_MODELS if not isinstance(m, LVQClassifier)], ids=WARM_IDS[4:]
)
def test_a_warm_glvq_fit_goes_on_down_from_the_cold_fits_cost(model, iris):
    X, y = iris
    cold = clone(model).fit(X, y)
    curve = list(cold.loss_curve_)
    warm = pickle.loads(pickle.dumps(cold)).set_params(warm_start=True).fit(X, y)
    assert warm.loss_curve_[: len(curve)] == curve
    assert warm.loss_curve_[len(curve)] < curve[-1]  # not back at the start: curve[0]
    if model.solver == "lbfgs":  # its line search never goes up
        assert max(warm.loss_curve_[len(curve) :]) < curve[-1]
    # the pickled model continues as the original does
    again = cold.set_params(warm_start=True).fit(X, y)
    _assert_same_fit(again, warm)


def test_warm_start_needs_the_fitted_width_classes_and_model_size(iris):
    X, y = iris
    lvq = LVQClassifier(warm_start=True, random_state=0).fit(X, y)
    with pytest.raises(ValueError, match="X has 3 features, but LVQClassifier is expecting 4"):
        lvq.fit(X[:, :3], y)
    with pytest.raises(ValueError, match=r"same classes .* Previously got \[0 1 2\], `y` has"):
        lvq.fit(X[y > 0], y[y > 0])
    with pytest.raises(ValueError, match="same classes"):
        lvq.fit(X, np.where(y == 2, 5, y))
    with pytest.raises(ValueError, match="fitted number of prototypes per class, \\[1, 1, 1\\]"):
        lvq.set_params(prototypes_per_class=2).fit(X, y)
    gmlvq = GMLVQClassifier(warm_start=True, max_iter=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gmlvq.fit(X, y)
        with pytest.raises(ValueError, match="fitted n_components, 4; n_components=2"):
            gmlvq.set_params(n_components=2).fit(X, y)
        # nothing was changed by the refused fits: the model still warm-fits
        gmlvq.set_params(n_components=None).fit(X, y)
    assert len(gmlvq.loss_curve_) == 6


@pytest.mark.usefixtures("quiet")
@pytest.mark.parametrize("cls", [LVQClassifier, GLVQClassifier])
def test_a_warm_fit_weighs_its_samples_zero_weight_is_absence(cls, iris):
    X, y = iris
    first = cls(max_iter=3, shuffle=False, random_state=0).fit(X, y)
    keep = np.arange(len(y)) % 3 > 0
    weighted = pickle.loads(pickle.dumps(first)).set_params(warm_start=True)
    weighted.fit(X, y, sample_weight=keep.astype(float))
    subset = first.set_params(warm_start=True).fit(X[keep], y[keep])
    np.testing.assert_allclose(weighted.prototypes_, subset.prototypes_, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(weighted.loss_curve_, subset.loss_curve_, rtol=1e-12)
