"""Cascade-correlation and scikit-learn 1.9's conventions (issue 29): callbacks that see its
output and candidate phases, sample weights in both objectives, warm_start's semantics.

The generic callback tests (tests/test_callbacks.py) budget a fit with ``max_iter`` and count
every task under the fit as an epoch; cascade-correlation has no ``max_iter`` (its budgets are
``max_output_epochs`` and ``max_candidate_epochs`` per phase and ``max_hidden_units``) and its
epochs are grouped under phase tasks, so its versions of those tests are here.
"""

import warnings
from collections import Counter

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.callback import ProgressBar, ScoringMonitor
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from zoo._core.cascade import candidate_scores, centred_residual
from zoo.cascor import CascadeCorrelationClassifier, CascadeCorrelationRegressor
from zoo.datasets import make_parity, make_xor

CLASSES = [CascadeCorrelationClassifier, CascadeCorrelationRegressor]


def _data(cls):
    """4-bit parity: the classifier installs 3 units on it, the regressor (±1 targets) 1."""
    X, y = make_parity(4)
    if cls is CascadeCorrelationRegressor:
        return X, 2.0 * y - 1.0
    return X, y


class Record:
    """A custom callback: records every task that ends as (name, parent's name)."""

    def __init__(self):
        self.tasks = []

    def setup(self, estimator, context):
        self.tasks = []

    def teardown(self, estimator, context):
        pass

    def on_fit_task_begin(self, estimator, context):
        pass

    def on_fit_task_end(self, estimator, context):
        parent = context.parent.task_name if context.parent is not None else None
        self.tasks.append((context.task_name, parent))


class StopAfterEpochs:
    """A custom callback: asks training to stop at the end of its k-th epoch (of either phase)."""

    def __init__(self, k):
        self.k = k
        self.epochs = 0

    def setup(self, estimator, context):
        self.epochs = 0

    def teardown(self, estimator, context):
        pass

    def on_fit_task_begin(self, estimator, context):
        pass

    def on_fit_task_end(self, estimator, context):
        if context.task_name != "epoch":
            return False
        self.epochs += 1
        return self.epochs >= self.k


class StopAfterPhase:
    """A custom callback that stops at the end of a phase's task (not of an epoch)."""

    def setup(self, estimator, context):
        pass

    def teardown(self, estimator, context):
        pass

    def on_fit_task_begin(self, estimator, context):
        pass

    def on_fit_task_end(self, estimator, context):
        return context.task_name == "output"


# ----------------------------------------------------------------------------- callbacks


@pytest.mark.parametrize("cls", CLASSES)
def test_the_callbacks_see_output_and_candidate_phases_with_their_epochs(cls):
    X, y = _data(cls)
    record = Record()
    model = cls(random_state=0).set_callbacks(record).fit(X, y)
    phases = [name for name, parent in record.tasks if parent == "fit"]
    n_units = model.n_hidden_units_
    assert n_units >= 1
    assert phases == ["output"] + ["candidates", "output"] * n_units
    assert record.tasks[-1] == ("fit", None)
    # the epochs of each phase end under it, before it: count them phase by phase
    counts, epochs = [], 0
    for name, parent in record.tasks:
        if name == "epoch":
            assert parent in ("output", "candidates")
            epochs += 1
        elif parent == "fit":
            counts.append(epochs)
            epochs = 0
    first_output = len(model.loss_curve_) - sum(h["output_epochs"] for h in model.growth_history_)
    expected = [first_output]
    for unit in model.growth_history_:
        expected += [unit["candidate_epochs"], unit["output_epochs"]]
    assert counts == expected
    assert sum(counts) == model.n_iter_


@pytest.mark.parametrize("cls", CLASSES)
def test_without_callbacks_nothing_changes(cls):
    """A callback that never stops leaves the fit bit-identical to one without callbacks."""
    X, y = _data(cls)
    plain = cls(random_state=0).fit(X, y)
    watched = cls(random_state=0).set_callbacks(StopAfterEpochs(10**6), Record()).fit(X, y)
    assert plain.loss_curve_ == watched.loss_curve_ and plain.n_iter_ == watched.n_iter_
    assert (plain.output_weights_ == watched.output_weights_).all()
    for a, b in zip(plain.hidden_weights_, watched.hidden_weights_, strict=True):
        assert (a == b).all()
    assert not hasattr(watched, "_zoo_epoch_callbacks")


@pytest.mark.parametrize("cls", CLASSES)
def test_progress_bar_alone_in_a_pipeline_and_in_a_grid_search(cls):
    X, y = _data(cls)
    estimator = cls(random_state=0, max_hidden_units=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.filterwarnings("ignore", "The estimator FunctionTransformer does not support")
        alone = clone(estimator).set_callbacks(ProgressBar()).fit(X, y)
        pipeline = make_pipeline(FunctionTransformer(), clone(estimator))
        pipeline.set_callbacks(ProgressBar()).fit(X, y)
        search = GridSearchCV(clone(estimator), {"max_hidden_units": [0, 1]}, cv=2)
        search.set_callbacks(ProgressBar()).fit(X, y)
        plain = clone(estimator).fit(X, y)
    assert alone.loss_curve_ == plain.loss_curve_
    assert pipeline[-1].loss_curve_ == plain.loss_curve_
    assert search.best_estimator_.n_hidden_units_ == search.best_params_["max_hidden_units"]


@pytest.mark.parametrize("cls", CLASSES)
def test_scoring_monitor_scores_every_output_epoch(cls):
    """One score per output epoch (of the network as it predicts then), one per output phase
    and one for the fit; candidate epochs leave the network unchanged and are not scored."""
    X, y = _data(cls)
    score = "accuracy" if cls is CascadeCorrelationClassifier else "r2"
    monitor = ScoringMonitor(scoring=score)
    model = cls(random_state=0).set_callbacks(monitor).fit(X, y)
    rows = monitor.get_logs().data
    names = Counter(row["task_name"] for row in rows)
    assert names == {
        "epoch": len(model.loss_curve_),
        "output": model.n_hidden_units_ + 1,
        "fit": 1,
    }
    assert all(isinstance(row[score], float) for row in rows)
    epochs = [row for row in rows if row["task_name"] == "epoch"]
    # the scores are those of the network that is training: they rise, and the last output
    # epoch's model is the fitted one
    assert epochs[-1][score] == pytest.approx(model.score(X, y))
    assert epochs[0][score] < epochs[-1][score]


def test_scored_networks_are_the_networks_of_their_epoch():
    """The copy a callback scores after an output epoch predicts as a network stopped there."""
    X, y = _data(CascadeCorrelationClassifier)
    monitor = ScoringMonitor(scoring="neg_log_loss")
    model = CascadeCorrelationClassifier(random_state=0).set_callbacks(monitor).fit(X, y)
    scores = [row["neg_log_loss"] for row in monitor.get_logs().data if row["task_name"] == "epoch"]
    for k in (1, 5, len(model.loss_curve_) - 1):
        stopped = CascadeCorrelationClassifier(random_state=0).set_callbacks(StopAfterEpochs(k))
        stopped.fit(X, y)
        # the k-th epoch task ends the k-th epoch scored (an output epoch when k is within the
        # first output phase; else count the output epochs the stopped fit ran)
        n_output_epochs = len(stopped.loss_curve_)
        assert -scores[n_output_epochs - 1] == pytest.approx(_log_loss(stopped, X, y))


def _log_loss(model, X, y):
    from sklearn.metrics import log_loss

    return log_loss(y, model.predict_proba(X), labels=model.classes_)


@pytest.mark.parametrize("cls", CLASSES)
def test_a_callback_stops_training_in_an_output_phase(cls):
    X, y = _data(cls)
    first = cls(random_state=0, max_hidden_units=0)
    with pytest.warns(ConvergenceWarning):
        first.fit(X, y)
    k = 3
    assert len(first.loss_curve_) > k
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # a stop asked for is no budget run out
        model = cls(random_state=0).set_callbacks(StopAfterEpochs(k)).fit(X, y)
    assert model.n_iter_ == len(model.loss_curve_) == k
    assert model.loss_curve_ == first.loss_curve_[:k]
    assert model.n_hidden_units_ == 0 and model.output_weights_.shape[0] == 1 + X.shape[1]
    assert np.isfinite(model.predict(X)).all()


@pytest.mark.parametrize("cls", CLASSES)
def test_a_callback_stops_training_in_a_candidate_phase(cls):
    """A stop among the candidates ends the fit with the network of the last output phase: the
    pool is discarded, no unit installed; it predicts as the fit that may install none."""
    X, y = _data(cls)
    with pytest.warns(ConvergenceWarning):
        first = cls(random_state=0, max_hidden_units=0).fit(X, y)
    k = first.n_iter_ + 2  # two epochs into the first candidate phase
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        model = cls(random_state=0).set_callbacks(StopAfterEpochs(k)).fit(X, y)
    assert model.n_iter_ == k and model.n_hidden_units_ == 0 and model.growth_history_ == []
    assert model.loss_curve_ == first.loss_curve_
    np.testing.assert_array_equal(model.output_weights_, first.output_weights_)
    np.testing.assert_array_equal(model.predict(X), first.predict(X))


def test_a_callback_stops_training_in_a_later_output_phase():
    X, y = _data(CascadeCorrelationClassifier)
    full = CascadeCorrelationClassifier(random_state=0).fit(X, y)
    first_output = len(full.loss_curve_) - sum(h["output_epochs"] for h in full.growth_history_)
    k = first_output + full.growth_history_[0]["candidate_epochs"] + 4
    model = CascadeCorrelationClassifier(random_state=0).set_callbacks(StopAfterEpochs(k))
    model.fit(X, y)
    assert model.n_hidden_units_ == 1 and model.n_iter_ == k
    assert model.loss_curve_ == full.loss_curve_[: first_output + 4]
    np.testing.assert_array_equal(model.hidden_weights_[0], full.hidden_weights_[0])
    assert model.growth_history_[0]["output_epochs"] == 4
    assert model.predict_proba(X).shape == (len(X), 2)


def test_a_callback_stops_at_the_end_of_a_phase():
    X, y = _data(CascadeCorrelationClassifier)
    with pytest.warns(ConvergenceWarning):
        first = CascadeCorrelationClassifier(random_state=0, max_hidden_units=0).fit(X, y)
    model = CascadeCorrelationClassifier(random_state=0).set_callbacks(StopAfterPhase()).fit(X, y)
    assert model.n_hidden_units_ == 0 and model.loss_curve_ == first.loss_curve_


# ----------------------------------------------------------------------------- sample_weight


def test_weighted_covariance_is_the_direct_formula():
    """S_c = sum_o |sum_p w_p (V_pc - V_bar_c)(e_po - e_bar_o)| / sum_p w_p sum_o e_po^2 with
    weighted means, computed directly, against the one-GEMM form of candidate_scores."""
    rng = np.random.default_rng(0)
    n, fan_in, n_candidates, n_outputs = 30, 5, 4, 3
    inputs = rng.normal(size=(n, fan_in))
    weights = rng.normal(size=(fan_in, n_candidates))
    residual = rng.normal(size=(n, n_outputs))
    w = rng.integers(0, 4, size=n).astype(float)
    centred, sum_squares = centred_residual(residual, w)
    shape = (n, n_candidates)
    z, values = np.empty(shape), np.empty(shape)
    correlation = np.empty((n_candidates, n_outputs))
    scores = candidate_scores(
        inputs, weights, centred, 1.0 / sum_squares, "tanh", z, values, correlation
    )
    V = np.tanh(inputs @ weights)
    V_bar = (w[:, None] * V).sum(axis=0) / w.sum()
    e_bar = (w[:, None] * residual).sum(axis=0) / w.sum()
    direct = np.einsum("p,pc,po->co", w, V - V_bar, residual - e_bar)
    direct /= (w[:, None] * residual**2).sum()
    np.testing.assert_allclose(correlation, direct, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(scores, np.abs(direct).sum(axis=1), rtol=1e-12)
    # and the weights are repetitions: the unweighted formula on the repeated rows
    repeated, repeated_sum = centred_residual(residual.repeat(w.astype(int), axis=0))
    V_repeated = V.repeat(w.astype(int), axis=0)
    np.testing.assert_allclose(V_repeated.T @ repeated / repeated_sum, direct, rtol=1e-10)


def _weights(n, seed=0):
    return np.random.default_rng(seed).integers(0, 4, size=n)


#: Settings under which both phases run (one unit installed) and rounding is not amplified far.
#: Quickprop's step divides by the change of the slope between epochs, which amplifies rounding:
#: fits that install several units on 4-bit parity end 1e-4 to 1e-1 apart between integer weights
#: and repetition, exactly as far as the repeated rows in another order end from them (measured,
#: same seeds), i.e. the spread is the algorithm's sensitivity to rounding, not a weighting error.
SHORT = {
    CascadeCorrelationClassifier: dict(max_output_epochs=20, max_candidate_epochs=20),
    CascadeCorrelationRegressor: dict(max_output_epochs=10, max_candidate_epochs=10),
}


def _outputs(model, X):
    if isinstance(model, CascadeCorrelationClassifier):
        return model.predict_proba(X)
    return model.predict(X)


@pytest.mark.parametrize("cls", CLASSES)
def test_integer_weights_equal_repetition(cls):
    """Both phases are full-batch: weight 2 is the sample twice, 0 the sample dropped (measured:
    1e-9 apart for the classifier here, 1e-12 for the regressor, about a third of what
    reordering the repeated rows moves them)."""
    X, y = _data(cls)
    w = _weights(len(y))
    params = dict(random_state=0, max_hidden_units=1, **SHORT[cls])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        weighted = cls(**params).fit(X, y, sample_weight=w)
        repeated = cls(**params).fit(X.repeat(w, 0), y.repeat(w))
    assert weighted.n_hidden_units_ == repeated.n_hidden_units_ == 1
    assert weighted.n_iter_ == repeated.n_iter_
    assert [h["candidate_epochs"] for h in weighted.growth_history_] == [
        h["candidate_epochs"] for h in repeated.growth_history_
    ]
    np.testing.assert_allclose(weighted.loss_curve_, repeated.loss_curve_, rtol=1e-6)
    np.testing.assert_allclose(weighted.hidden_weights_[0], repeated.hidden_weights_[0], rtol=1e-5)
    np.testing.assert_allclose(_outputs(weighted, X), _outputs(repeated, X), rtol=1e-6, atol=1e-9)


def test_integer_weights_equal_repetition_in_float32():
    X, y = _data(CascadeCorrelationClassifier)
    X = X.astype(np.float32)
    w = _weights(len(y))
    params = dict(random_state=0, max_hidden_units=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        weighted = CascadeCorrelationClassifier(**params).fit(X, y, sample_weight=w)
        repeated = CascadeCorrelationClassifier(**params).fit(X.repeat(w, 0), y.repeat(w))
    assert weighted.output_weights_.dtype == np.float32
    assert weighted.n_iter_ == repeated.n_iter_
    np.testing.assert_allclose(weighted.predict_proba(X), repeated.predict_proba(X), atol=1e-4)


@pytest.mark.parametrize("cls", CLASSES)
def test_zero_weight_equals_dropping_the_samples(cls):
    X, y = _data(cls)
    other = 1 - y if cls is CascadeCorrelationClassifier else -y
    X, y = np.vstack([X, X + 0.3]), np.concatenate([y, other])
    w = np.ones(len(y))
    w[len(y) // 2 :] = 0  # the shifted, relabelled copies: they would change the fit
    params = dict(random_state=0, max_hidden_units=1, **SHORT[cls])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        weighted = cls(**params).fit(X, y, sample_weight=w)
        dropped = cls(**params).fit(X[w > 0], y[w > 0])
        unweighted = cls(**params).fit(X, y)
    assert weighted.n_iter_ == dropped.n_iter_
    np.testing.assert_allclose(weighted.loss_curve_, dropped.loss_curve_, rtol=1e-6)
    np.testing.assert_allclose(_outputs(weighted, X), _outputs(dropped, X), rtol=1e-6, atol=1e-9)
    assert not np.allclose(unweighted.loss_curve_[-1], dropped.loss_curve_[-1])


def test_a_heavier_sample_pulls_the_fit_toward_it():
    """The same input with two targets: the linear network's output is their weighted mean."""
    X = np.array([[0.0], [0.0], [1.0]])
    y = np.array([0.0, 1.0, 0.5])
    params = dict(random_state=0, max_hidden_units=0, max_output_epochs=3000, alpha=0.0)
    params.update(output_change_threshold=0.0, error_index_threshold=None)
    predictions = []
    for w in ([1, 1, 1], [3, 1, 1], [1, 3, 1]):
        model = CascadeCorrelationRegressor(**params).fit(X, y, sample_weight=w)
        predictions.append(model.predict([[0.0]])[0])
    np.testing.assert_allclose(predictions, [0.5, 0.25, 0.75], atol=1e-3)


def test_a_weighted_stopping_criterion_ignores_samples_of_weight_zero():
    """The 40-20-40 rule judges the samples that count: a mislabelled copy of weight 0 cannot
    keep the network growing."""
    X, y = make_xor()
    X2, y2 = np.vstack([X, X]), np.concatenate([y, 1 - y])
    w = np.r_[np.ones(len(y)), np.zeros(len(y))]
    weighted = CascadeCorrelationClassifier(random_state=0).fit(X2, y2, sample_weight=w)
    alone = CascadeCorrelationClassifier(random_state=0).fit(X, y)
    assert weighted.n_hidden_units_ == alone.n_hidden_units_
    assert weighted.score(X, y) == 1.0


@pytest.mark.parametrize("cls", CLASSES)
@pytest.mark.parametrize(
    "w, message",
    [
        (np.zeros(16), "at least one non-zero"),
        (-np.ones(16), "Negative values"),
        (np.ones(15), "inconsistent numbers of samples|shape"),
        (np.full(16, np.nan), "NaN"),
    ],
)
def test_invalid_weights_are_rejected(cls, w, message):
    X, y = _data(cls)
    with pytest.raises(ValueError, match=message):
        cls(random_state=0).fit(X, y, sample_weight=w)


def test_weights_of_one_are_the_unweighted_fit():
    X, y = _data(CascadeCorrelationClassifier)
    plain = CascadeCorrelationClassifier(random_state=0).fit(X, y)
    ones = CascadeCorrelationClassifier(random_state=0).fit(X, y, sample_weight=np.ones(len(y)))
    assert plain.n_hidden_units_ == ones.n_hidden_units_
    np.testing.assert_allclose(plain.predict_proba(X), ones.predict_proba(X), rtol=1e-6)


def test_grid_search_routes_sample_weight():
    import sklearn

    X, y = _data(CascadeCorrelationClassifier)
    w = _weights(len(y)) + 1
    with sklearn.config_context(enable_metadata_routing=True):
        model = CascadeCorrelationClassifier(random_state=0).set_fit_request(sample_weight=True)
        model.set_score_request(sample_weight=True)
        search = GridSearchCV(model, {"max_hidden_units": [4]}, cv=2).fit(X, y, sample_weight=w)
    refit = CascadeCorrelationClassifier(random_state=0, max_hidden_units=4)
    refit.fit(X, y, sample_weight=w)
    np.testing.assert_array_equal(search.best_estimator_.output_weights_, refit.output_weights_)


# ----------------------------------------------------------------------------- warm_start


@pytest.mark.parametrize("cls", CLASSES)
def test_warm_start_on_an_unfitted_network_is_a_cold_fit(cls):
    X, y = _data(cls)
    cold = cls(random_state=0).fit(X, y)
    warm = cls(random_state=0, warm_start=True).fit(X, y)
    assert warm.loss_curve_ == cold.loss_curve_
    np.testing.assert_array_equal(warm.output_weights_, cold.output_weights_)
    for a, b in zip(warm.hidden_weights_, cold.hidden_weights_, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("cls", CLASSES)
def test_warm_start_continues_from_the_fitted_network(cls):
    """No re-initialisation: the second fit's first loss is the first fit's last state."""
    X, y = _data(cls)
    model = cls(random_state=0, max_hidden_units=1, warm_start=True, max_output_epochs=20)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
        curve, units, loss = list(model.loss_curve_), list(model.hidden_weights_), model.loss_
        assert model.n_hidden_units_ == 1
        model.set_params(max_hidden_units=2)
        model.fit(X, y)
    assert model.loss_curve_[: len(curve)] == curve
    # the continued fit's first epoch measures the network the first fit left (its hidden
    # column recomputed from the frozen weights: equal to rounding)
    assert model.loss_curve_[len(curve)] == pytest.approx(loss, rel=1e-9)
    assert model.n_hidden_units_ == 2
    np.testing.assert_array_equal(model.hidden_weights_[0], units[0])


@pytest.mark.parametrize("cls", CLASSES)
def test_warm_start_with_other_features_is_rejected(cls):
    X, y = _data(cls)
    model = cls(random_state=0, warm_start=True).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        model.fit(X[:, :3], y)


@pytest.mark.parametrize("change", ["unseen", "missing"])
def test_warm_start_with_other_classes_is_rejected(change):
    X, y = make_parity(4)
    y = y + (np.arange(len(y)) % 2) * 2  # classes 0..3
    model = CascadeCorrelationClassifier(random_state=0, warm_start=True, max_hidden_units=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
    other = np.where(y == 3, 4, y) if change == "unseen" else np.where(y == 3, 2, y)
    with pytest.raises(ValueError, match="same classes"):
        model.fit(X, other)
