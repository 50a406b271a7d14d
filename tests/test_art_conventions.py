"""ART1, Fuzzy ART and Fuzzy ARTMAP under scikit-learn 1.9's conventions (issue 29).

``sample_weight``: a sample of integer weight s teaches what s consecutive presentations of it
teach (w <- beta_s (I ^ w) + (1 - beta_s) w, beta_s = 1 - (1 - beta)^s), weight 0 is dropping the
row, and fast learning ignores positive weights. ``warm_start``: a fit continues from the learned
categories for its passes. Callbacks: one task per pass (the generic contract is in
tests/test_callbacks.py; here what a stop or a score per pass means for ART).
"""

import pickle
import warnings

import numpy as np
import pytest
import sklearn
from sklearn.base import clone
from sklearn.callback import ScoringMonitor
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.preprocessing import MinMaxScaler

from zoo._core.art import weighted_learning_rate
from zoo.art import ART1, ComplementCoder, FuzzyART, FuzzyARTMAP
from zoo.datasets import make_circle_in_square


def data(n_samples=60, n_features=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(size=(n_samples, n_features))
    y = (X[:, 0] + 0.3 * rng.normal(size=n_samples) > 0.5).astype(int)
    return X, y


def weights(n_samples, seed=1, high=4):
    """Integer weights 0..high, with zeros among them."""
    return np.random.default_rng(seed).integers(0, high + 1, size=n_samples)


def fit(model, X, y=None, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        if isinstance(model, FuzzyARTMAP):
            return model.fit(X, y, **kwargs)
        return model.fit(X, **kwargs)


class StopAfter:
    """A callback that asks training to stop at the end of its k-th pass."""

    def __init__(self, k):
        self.k = k

    def setup(self, estimator, context):
        self.passes = 0

    def on_fit_task_begin(self, estimator, context):
        pass

    def on_fit_task_end(self, estimator, context):
        if context.parent is None:
            return False
        self.passes += 1
        return self.passes >= self.k

    def teardown(self, estimator, context):
        pass


MODELS = [
    pytest.param(FuzzyART(rho=0.6, beta=0.3, n_epochs=3), id="FuzzyART-slow"),
    pytest.param(FuzzyART(rho=0.7, n_epochs=5), id="FuzzyART-fast"),
    pytest.param(FuzzyARTMAP(rho=0.2, beta=0.4, n_epochs=3), id="FuzzyARTMAP-slow"),
    pytest.param(FuzzyARTMAP(n_epochs=1), id="FuzzyARTMAP-fast"),
    pytest.param(ART1(rho=0.5, binarize=0.5, n_epochs=5), id="ART1"),
]

# ------------------------------------------------------------------------------ sample_weight


def test_the_weighted_rate_is_the_rule_applied_s_times():
    """The derivation: w <- beta (x ^ w) + (1 - beta) w, s times, is one step with beta_s."""
    rng = np.random.default_rng(0)
    x, w = rng.uniform(size=20), rng.uniform(size=20)
    for beta in (0.05, 0.3, 0.9):
        for s in (1, 2, 3, 7):
            repeated = w.copy()
            for _ in range(s):
                repeated = beta * np.minimum(x, repeated) + (1 - beta) * repeated
            beta_s = weighted_learning_rate(beta, s)
            assert beta_s == pytest.approx(1 - (1 - beta) ** s, rel=1e-14)
            once = beta_s * np.minimum(x, w) + (1 - beta_s) * w
            np.testing.assert_allclose(once, repeated, rtol=1e-14)
    assert weighted_learning_rate(0.3, 1.0) == 0.3  # exactly: weight 1 is no weight
    assert weighted_learning_rate(1.0, 0.25) == 1.0  # fast learning stays fast


@pytest.mark.parametrize("model", MODELS)
def test_an_integer_weight_is_that_many_consecutive_presentations(model):
    X, y = data()
    sw = weights(len(X))
    weighted = fit(clone(model), X, y, sample_weight=sw)
    repeated = fit(clone(model), X.repeat(sw, axis=0), y.repeat(sw))
    assert weighted.n_categories_ == repeated.n_categories_ > 1
    np.testing.assert_allclose(weighted.weights_, repeated.weights_, rtol=1e-12, atol=1e-15)
    if hasattr(model, "labels_"):  # every copy joined the category the weighted sample joined
        np.testing.assert_array_equal(weighted.labels_[sw > 0].repeat(sw[sw > 0]), repeated.labels_)
    np.testing.assert_array_equal(weighted.predict(X), repeated.predict(X))
    if isinstance(model, FuzzyARTMAP):
        np.testing.assert_array_equal(weighted.category_classes_, repeated.category_classes_)


@pytest.mark.parametrize("model", MODELS)
def test_a_zero_weight_is_dropping_the_sample(model):
    X, y = data()
    sw = np.ones(len(X))
    sw[::4] = 0.0
    weighted = fit(clone(model), X, y, sample_weight=sw)
    dropped = fit(clone(model), X[sw > 0], y[sw > 0])
    np.testing.assert_array_equal(weighted.weights_, dropped.weights_)
    if hasattr(weighted, "labels_"):
        np.testing.assert_array_equal(weighted.labels_[sw > 0], dropped.labels_)
        assert (weighted.labels_[sw == 0] == -1).all()  # not presented, not learned
    assert weighted.n_iter_ == dropped.n_iter_
    np.testing.assert_array_equal(weighted.predict(X), dropped.predict(X))


@pytest.mark.parametrize(
    "model", [FuzzyART(rho=0.7, n_epochs=4), FuzzyARTMAP(n_epochs=2), ART1(binarize=0.5)]
)
def test_fast_learning_is_unaffected_by_positive_weights(model):
    X, y = data()
    sw = np.random.default_rng(2).uniform(0.01, 10.0, size=len(X))
    weighted = fit(clone(model), X, y, sample_weight=sw)
    plain = fit(clone(model), X, y)
    np.testing.assert_array_equal(weighted.weights_, plain.weights_)
    np.testing.assert_array_equal(weighted.predict(X), plain.predict(X))


@pytest.mark.parametrize("model", MODELS)
def test_unit_weights_are_no_weights_bit_for_bit(model):
    X, y = data()
    weighted = fit(clone(model), X, y, sample_weight=np.ones(len(X)))
    plain = fit(clone(model), X, y)
    np.testing.assert_array_equal(weighted.weights_, plain.weights_)
    assert weighted.change_curve_ == plain.change_curve_


def test_a_heavier_sample_pulls_its_category_further():
    """The box of the one category grows towards the last sample the more it weighs: the part
    of the prototype above that sample, |w - I ^ w|, shrinks by (1 - beta)^s."""
    X = np.array([[0.2, 0.2], [0.3, 0.25], [0.25, 0.3]])
    I = np.hstack([X[2], 1 - X[2]])  # the complement-coded last sample
    excess = []
    for weight in (1.0, 2.5, 10.0):
        model = FuzzyART(rho=0.5, beta=0.2, n_epochs=1).fit(X, sample_weight=[1, 1, weight])
        assert model.n_categories_ == 1
        w = model.weights_[0]
        excess.append(np.abs(w - np.minimum(I, w)).sum())
    assert excess[0] > excess[1] > excess[2] > 0
    assert excess[1] == pytest.approx(excess[0] * 0.8**1.5, rel=1e-12)


@pytest.mark.parametrize("cls", [ART1, FuzzyART, FuzzyARTMAP])
def test_bad_weights_are_refused(cls):
    X, y = data(10)
    model = cls()
    with pytest.raises(ValueError, match="Negative values"):
        fit(model, X, y, sample_weight=np.r_[-1.0, np.ones(9)])
    with pytest.raises(ValueError, match="at least one non-zero"):
        fit(model, X, y, sample_weight=np.zeros(10))
    with pytest.raises(ValueError):
        fit(model, X, y, sample_weight=np.ones(9))
    with pytest.raises(ValueError):
        fit(model, X, y, sample_weight=np.r_[np.nan, np.ones(9)])


def test_weights_in_float32_keep_float32_and_the_caller_s_arrays():
    X, y = data()
    X32, sw = X.astype(np.float32), weights(len(X)).astype(float)
    given = sw.copy()
    model = fit(FuzzyARTMAP(beta=0.5, n_epochs=2), X32, y, sample_weight=sw)
    assert model.weights_.dtype == np.float32
    np.testing.assert_array_equal(sw, given)
    expected = model.predict(X32)
    sw[:] = 0  # the model kept no reference to them
    np.testing.assert_array_equal(model.predict(X32), expected)


def test_partial_fit_takes_weights_too():
    X, y = data()
    sw = weights(len(X))
    streamed = FuzzyART(beta=0.5).partial_fit(X[:30], sample_weight=sw[:30])
    streamed.partial_fit(X[30:], sample_weight=sw[30:])
    once = FuzzyART(beta=0.5, n_epochs=1).fit(X, sample_weight=sw)
    np.testing.assert_array_equal(streamed.weights_, once.weights_)


def test_weights_reach_the_model_through_a_grid_search_with_metadata_routing():
    X, y = make_circle_in_square(200, random_state=0)
    sw = np.ones(len(X))
    sw[y == 1] = 0.0  # only class 0 is learned
    sw[0] = sw[np.flatnonzero(y == 1)[0]] = 1.0
    with sklearn.config_context(enable_metadata_routing=True):
        model = (
            FuzzyARTMAP().set_fit_request(sample_weight=True).set_score_request(sample_weight=False)
        )
        search = GridSearchCV(model, {"rho": [0.0, 0.5]}, cv=2).fit(X, y, sample_weight=sw)
    plain = FuzzyARTMAP(rho=search.best_params_["rho"]).fit(X, y)
    assert search.best_estimator_.n_categories_ < plain.n_categories_


# ---------------------------------------------------------------------------------- warm_start


@pytest.mark.parametrize("model", MODELS)
def test_warm_start_on_an_unfitted_model_is_a_cold_fit(model):
    X, y = data()
    warm = fit(clone(model).set_params(warm_start=True), X, y)
    cold = fit(clone(model), X, y)
    np.testing.assert_array_equal(warm.weights_, cold.weights_)
    np.testing.assert_array_equal(warm.predict(X), cold.predict(X))
    assert warm.change_curve_ == cold.change_curve_


@pytest.mark.parametrize(
    "model",
    [FuzzyART(rho=0.6, beta=0.3), FuzzyARTMAP(rho=0.2, beta=0.4)],
    ids=["FuzzyART", "FuzzyARTMAP"],
)
def test_a_warm_fit_continues_where_the_last_one_stopped(model):
    """Two warm fits of 3 passes on the same data are one fit of 6 passes: same prototypes, and
    the change curve goes on (its first new pass follows the last pass of the first fit)."""
    X, y = data()
    warm = fit(clone(model).set_params(n_epochs=3, warm_start=True), X, y)
    first_curve = list(warm.change_curve_)
    fit(warm, X, y)
    cold = fit(clone(model).set_params(n_epochs=6), X, y)
    assert cold.n_iter_ == 6 and warm.n_iter_ == 3
    np.testing.assert_array_equal(warm.weights_, cold.weights_)
    assert warm.change_curve_ == cold.change_curve_
    assert warm.change_curve_[:3] == first_curve


@pytest.mark.parametrize("cls", [ART1, FuzzyART, FuzzyARTMAP])
def test_a_warm_fit_keeps_the_categories_and_learns_the_new_data(cls):
    """A warm fit of one pass is partial_fit: every earlier category stays (with fast learning a
    prototype only shrinks, its box only grows), new ones are added for the new data."""
    X, y = data(80)
    old, new = slice(0, 40), slice(40, 80)
    params = dict(rho=0.7, n_epochs=1, **(dict(binarize=0.5) if cls is ART1 else {}))
    warm = fit(cls(**params, warm_start=True), X[old], y[old])
    before = warm.weights_.copy()
    fit(warm, X[new], y[new])
    streamed = cls(**params)
    if cls is FuzzyARTMAP:
        streamed.partial_fit(X[old], y[old], classes=[0, 1]).partial_fit(X[new], y[new])
    else:
        streamed.partial_fit(X[old]).partial_fit(X[new])
    np.testing.assert_array_equal(warm.weights_, streamed.weights_)
    assert warm.n_categories_ >= len(before)
    assert (warm.weights_[: len(before)] <= before).all()


@pytest.mark.parametrize("cls", [ART1, FuzzyART, FuzzyARTMAP])
def test_without_warm_start_fit_starts_again(cls):
    X, y = data(80)
    model = fit(cls(), X[:40], y[:40])
    fit(model, X[40:], y[40:])
    fresh = fit(cls(), X[40:], y[40:])
    np.testing.assert_array_equal(model.weights_, fresh.weights_)
    assert model.change_curve_ == fresh.change_curve_


@pytest.mark.parametrize("cls", [ART1, FuzzyART, FuzzyARTMAP])
def test_a_warm_fit_with_other_features_is_refused(cls):
    X, y = data(n_features=3)
    model = fit(cls(warm_start=True), X, y)
    with pytest.raises(ValueError, match="features"):
        fit(model, X[:, :2], y)


def test_a_warm_fit_with_another_encoding_is_refused():
    X, _ = data()
    model = FuzzyART(warm_start=True).fit(X)
    coded = ComplementCoder().fit_transform(X[:, :1])  # two columns again, not complement coded
    model.set_params(complement_coding=False)
    with pytest.raises(ValueError, match="complement_coding"):
        model.fit(np.hstack([coded[:, :1], X[:, 1:]]))


def test_a_warm_classifier_fit_with_other_classes_is_refused():
    X, y = data()
    model = FuzzyARTMAP(warm_start=True).fit(X, y)
    with pytest.raises(ValueError, match="same classes"):
        model.fit(X, y + 1)
    with pytest.raises(ValueError, match="same classes"):
        model.fit(X[y == 0], y[y == 0])
    model.fit(X[::-1], y[::-1])  # the same classes: fine


def test_a_warm_fit_after_a_pickle_round_trip_is_the_same():
    X, y = data()
    model = fit(FuzzyARTMAP(beta=0.5, n_epochs=2, warm_start=True), X[:30], y[:30])
    copy = pickle.loads(pickle.dumps(model))
    fit(model, X[30:], y[30:])
    fit(copy, X[30:], y[30:])
    np.testing.assert_array_equal(model.weights_, copy.weights_)
    np.testing.assert_array_equal(model.predict_proba(X), copy.predict_proba(X))


# ----------------------------------------------------------------------------------- callbacks


@pytest.mark.parametrize(
    "model, k",
    [
        (FuzzyART(rho=0.6, beta=0.3, n_epochs=50), 4),
        (FuzzyARTMAP(rho=0.2, beta=0.4, n_epochs=50), 4),
        (ART1(rho=0.5, binarize=0.5, n_epochs=50), 1),  # stable after its second pass
    ],
    ids=["FuzzyART", "FuzzyARTMAP", "ART1"],
)
def test_a_callback_stop_after_k_passes_is_the_model_of_k_passes(model, k):
    X, y = data()
    assert fit(clone(model), X, y).n_iter_ > k  # the stop comes before stability
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # a stop asked for is not a warning
        stopped = fit(clone(model).set_callbacks(StopAfter(k)), X, y)
    budget = fit(clone(model).set_params(n_epochs=k), X, y)
    assert stopped.n_iter_ == budget.n_iter_ == k
    np.testing.assert_array_equal(stopped.weights_, budget.weights_)
    assert stopped.change_curve_ == budget.change_curve_


def test_scoring_monitor_scores_the_model_after_each_pass():
    X, y = make_circle_in_square(300, random_state=0)
    model = FuzzyARTMAP(beta=0.5, n_epochs=4)
    monitor = ScoringMonitor(scoring="accuracy")
    fit(model.set_callbacks(monitor), X, y)
    rows = [row for row in monitor.get_logs().data if row["task_name"] == "epoch"]
    assert len(rows) == model.n_iter_ == 4
    for k, row in enumerate(rows, start=1):
        after_k = fit(FuzzyARTMAP(beta=0.5, n_epochs=k), X, y)
        assert row["accuracy"] == pytest.approx(after_k.score(X, y))


def test_the_weighted_fit_reaches_the_callbacks_with_the_user_s_weights():
    X, y = MinMaxScaler().fit_transform(data()[0]), data()[1]
    sw = weights(len(X)) + 1.0
    seen = []

    class Spy(StopAfter):
        def on_fit_task_end(self, estimator, context, *, metadata=None):
            seen.append(metadata)
            return False

    fit(FuzzyARTMAP(n_epochs=2).set_callbacks(Spy(10)), X, y, sample_weight=sw)
    assert seen and all(m["sample_weight"] is sw for m in seen)
