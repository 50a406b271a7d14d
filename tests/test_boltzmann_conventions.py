"""scikit-learn 1.9's conventions (issue 29) in the Boltzmann family: the deep belief nets' task
tree under callbacks (layers, then fine-tuning), weighted contrastive-divergence statistics and
warm starts. The RBMs' and the Boltzmann machine's flat epochs are held to the generic contract
in test_callbacks.py."""

import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.callback import ProgressBar, ScoringMonitor
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from zoo.boltzmann import (
    BernoulliRBM,
    BoltzmannMachine,
    DBNClassifier,
    DBNTransformer,
    GaussianBernoulliRBM,
)

pytest.importorskip("rich")


def _data(n=40, d=6, seed=0):
    rng = np.random.RandomState(seed)
    X = (rng.rand(n, d) < 0.5).astype(np.float64)
    y = (X[:, 0] + X[:, 1] > 0.5).astype(int)
    return X, y


class Recorder:
    """A callback that records each ended task's path and can ask a task to stop."""

    def __init__(self, stop=lambda path, count: False):
        self.paths, self.stop = [], stop

    def setup(self, estimator, context):
        pass

    def on_fit_task_begin(self, estimator, context):
        pass

    def on_fit_task_end(self, estimator, context):
        path, node = [], context
        while node is not None:
            path.append(node.task_name)
            node = node.parent
        path = "/".join(reversed(path))
        self.paths.append(path)
        return self.stop(path, self.paths.count(path))

    def teardown(self, estimator, context):
        pass


LAYER, EPOCH = "fit/pre-training layer", "fit/pre-training layer/epoch"
TUNE, TUNE_EPOCH = "fit/fine-tuning", "fit/fine-tuning/epoch"


def _dbn(cls, **params):
    if cls is DBNClassifier:
        return DBNClassifier(
            hidden_layer_sizes=(5, 3), rbm_n_iter=3, max_iter=4, random_state=0, **params
        )
    return DBNTransformer(hidden_layer_sizes=(5, 3), n_iter=3, random_state=0, **params)


def _fit(estimator, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return estimator.fit(X, y) if isinstance(estimator, DBNClassifier) else estimator.fit(X)


# --------------------------------------------------------------------------- callbacks
@pytest.mark.parametrize("cls", [DBNTransformer, DBNClassifier])
def test_a_dbn_shows_its_layers_then_its_fine_tuning(cls):
    recorder = Recorder()
    X, y = _data()
    dbn = _fit(_dbn(cls).set_callbacks(recorder), X, y)
    layers = ([EPOCH] * 3 + [LAYER]) * 2
    fine_tuning = [TUNE_EPOCH] * dbn.n_iter_ + [TUNE] if cls is DBNClassifier else []
    assert recorder.paths == layers + fine_tuning + ["fit"]
    assert [rbm.n_iter_ for rbm in dbn.rbms_] == [3, 3]


@pytest.mark.parametrize("cls", [DBNTransformer, DBNClassifier])
def test_progress_bar_alone_in_a_pipeline_and_in_a_grid_search(cls):
    X, y = _data()
    dbn = _dbn(cls)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.filterwarnings("ignore", "The estimator FunctionTransformer does not support")
        _fit(clone(dbn).set_callbacks(ProgressBar()), X, y)
        pipeline = make_pipeline(FunctionTransformer(), clone(dbn)).set_callbacks(ProgressBar())
        pipeline.fit(X, y) if cls is DBNClassifier else pipeline.fit(X)
        if cls is DBNClassifier:
            search = GridSearchCV(clone(dbn), {"max_iter": [2, 3]}, cv=2)
            search.set_callbacks(ProgressBar()).fit(X, y)
            assert search.best_estimator_.n_iter_ in (2, 3)
        else:
            search = GridSearchCV(
                clone(dbn),
                {"n_iter": [1, 2]},
                cv=2,
                scoring=lambda fitted, X, y=None: float(fitted.transform(X).mean()),
            )
            search.set_callbacks(ProgressBar()).fit(X)
            assert search.best_estimator_.rbms_[0].n_iter_ in (1, 2)


def test_scoring_monitor_scores_each_fine_tuning_epoch_and_no_pre_training_epoch():
    """Before its output layer exists the classifier cannot predict: pre-training tasks give the
    callbacks no fitted estimator, so ScoringMonitor logs the fine-tuning's epochs alone."""
    X, y = _data()
    monitor = ScoringMonitor(scoring="accuracy")
    dbn = _fit(_dbn(DBNClassifier).set_callbacks(monitor), X, y)
    rows = [row for row in monitor.get_logs().data if row["task_name"] == "epoch"]
    assert len(rows) == dbn.n_iter_ == len(dbn.loss_curve_) == 4
    assert all(isinstance(row["accuracy"], float) for row in rows)
    final = [row for row in monitor.get_logs().data if row["task_name"] == "fit"]
    assert final[0]["accuracy"] == pytest.approx(dbn.score(X, y))


@pytest.mark.parametrize("cls", [DBNTransformer, DBNClassifier])
def test_a_callback_stops_a_layer_or_the_greedy_training(cls):
    X, y = _data()
    # stop the first layer's epochs at the second: the second layer trains its 3
    stop_epoch = Recorder(lambda path, count: path == EPOCH and count == 2)
    dbn = _fit(_dbn(cls).set_callbacks(stop_epoch), X, y)
    assert [rbm.n_iter_ for rbm in dbn.rbms_] == [2, 3]
    # stop at the first layer's end: the second is initialised, not trained
    stop_layer = Recorder(lambda path, count: path == LAYER)
    dbn = _fit(_dbn(cls).set_callbacks(stop_layer), X, y)
    assert [rbm.n_iter_ for rbm in dbn.rbms_] == [3, 0]
    assert stop_layer.paths.count(LAYER) == 1
    assert np.abs(dbn.rbms_[1].components_).max() < 0.1  # N(0, 0.01^2) initial weights
    assert dbn.transform(X).shape == (40, 3) if cls is DBNTransformer else dbn.n_iter_ == 4


def test_a_callback_stops_the_fine_tuning():
    X, y = _data()
    stop = Recorder(lambda path, count: path == TUNE_EPOCH and count == 2)
    dbn = _dbn(DBNClassifier, tol=0.0, n_iter_no_change=50).set_callbacks(stop)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # a stop asked for is no budget run out
        dbn.fit(X, y)
    assert dbn.n_iter_ == len(dbn.loss_curve_) == 2
    assert [rbm.n_iter_ for rbm in dbn.rbms_] == [3, 3]


@pytest.mark.parametrize("cls", [DBNTransformer, DBNClassifier])
def test_without_callbacks_nothing_changes(cls):
    X, y = _data()
    plain = _fit(_dbn(cls), X, y)
    watched = _fit(_dbn(cls).set_callbacks(Recorder()), X, y)
    for a, b in zip(plain.rbms_, watched.rbms_):
        assert np.array_equal(a.components_, b.components_)
    if cls is DBNClassifier:
        assert plain.loss_curve_ == watched.loss_curve_
        assert all(np.array_equal(a, b) for a, b in zip(plain.coefs_, watched.coefs_))
    assert not hasattr(watched, "_zoo_epoch_callbacks")
    assert not hasattr(watched.rbms_[0], "_zoo_task_callbacks")


# --------------------------------------------------------------------------- sample_weight
@pytest.mark.parametrize("persistent", [True, False])
def test_rbm_zero_weight_is_dropping_the_sample(persistent):
    """One minibatch covering the data, in order: a zero-weight row is taken out of it, so the
    chains and draws are those of the data without it."""
    X, _ = _data()
    w = np.ones(len(X))
    w[[3, 10, 11, 30]] = 0
    params = dict(n_components=4, n_iter=5, batch_size=64, persistent=persistent, random_state=0)
    weighted = BernoulliRBM(**params).fit(X, sample_weight=w)
    dropped = BernoulliRBM(**params).fit(X[w > 0])
    for a, b in zip(weighted._params(), dropped._params()):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


def test_rbm_weighted_statistics_against_numpy():
    """One PCD update from the same start with two weightings: the chains are the same (they
    sample the model), so the updates differ by eta times the difference of the weighted data
    statistics <v p(h | v)^T>_w = sum_i w_i v_i p(h | v_i)^T / sum_i w_i."""
    X, _ = _data()
    rng = np.random.RandomState(1)
    w_a, w_b = rng.uniform(0.1, 3, len(X)), rng.uniform(0.1, 3, len(X))
    params = dict(n_components=4, batch_size=64, learning_rate=0.3, random_state=0)
    start = BernoulliRBM(n_iter=0, **params).fit(X)
    a = BernoulliRBM(n_iter=1, **params).fit(X, sample_weight=w_a)
    b = BernoulliRBM(n_iter=1, **params).fit(X, sample_weight=w_b)
    H = 1 / (1 + np.exp(-(X @ start.components_.T + start.intercept_hidden_)))

    def weighted(w, M):
        return (w / w.sum()) @ M

    lr = 0.3
    expected_W = lr * (
        (X * (w_a / w_a.sum())[:, None]).T @ H - (X * (w_b / w_b.sum())[:, None]).T @ H
    )
    np.testing.assert_allclose(a.components_.T - b.components_.T, expected_W, atol=1e-12)
    np.testing.assert_allclose(
        a.intercept_visible_ - b.intercept_visible_,
        lr * (weighted(w_a, X) - weighted(w_b, X)),
        atol=1e-12,
    )
    np.testing.assert_allclose(
        a.intercept_hidden_ - b.intercept_hidden_,
        lr * (weighted(w_a, H) - weighted(w_b, H)),
        atol=1e-12,
    )


@pytest.mark.parametrize("cls", [BernoulliRBM, GaussianBernoulliRBM])
def test_heavier_samples_pull_the_rbm_toward_them(cls):
    """Two patterns, alternating (a weight counts against those of its minibatch): the one
    weighted ten times as much gets the lower free energy."""
    patterns = np.array([[1, 1, 1, 0, 0, 0], [0, 0, 0, 1, 1, 1]], dtype=float)
    X = np.tile(patterns, (20, 1))
    first = np.tile([10.0, 1.0], 20)
    params = dict(n_components=4, n_iter=30, learning_rate=0.05, random_state=0)
    a = cls(**params).fit(X, sample_weight=first)
    b = cls(**params).fit(X, sample_weight=first[::-1])
    gap_a = np.subtract(*a.free_energy(patterns))
    gap_b = np.subtract(*b.free_energy(patterns))
    assert gap_a < 0 < gap_b


def test_sample_weight_of_ones_is_no_weight():
    X, _ = _data()
    params = dict(n_components=4, n_iter=5, random_state=0)
    plain = BernoulliRBM(**params).fit(X)
    ones = BernoulliRBM(**params).fit(X, sample_weight=np.ones(len(X)))
    np.testing.assert_allclose(plain.components_, ones.components_, rtol=1e-12, atol=1e-14)


def test_boltzmann_machine_exact_integer_weights_are_repetition():
    """The exact method on the whole batch: the weighted clamped phase is the mean over the
    repeated patterns, and the free phase does not depend on the data."""
    X, _ = _data(n=12, d=4)
    w = np.array([0, 1, 2, 3] * 3)
    params = dict(n_hidden=2, method="exact", n_iter=20, random_state=0)
    weighted = BoltzmannMachine(**params).fit(X, sample_weight=w)
    repeated = BoltzmannMachine(**params).fit(np.repeat(X, w, axis=0))
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(weighted.intercept_, repeated.intercept_, rtol=1e-9, atol=1e-12)


def test_boltzmann_machine_weights_pull_the_sampled_machine():
    patterns = np.array([[1, 1, 0, 0], [0, 0, 1, 1]], dtype=float)
    X = np.tile(patterns, (5, 1))
    first = np.tile([10.0, 1.0], 5)
    params = dict(n_hidden=1, n_iter=30, n_chains=2, n_sample_sweeps=2, random_state=0)
    a = BoltzmannMachine(**params).fit(X, sample_weight=first)
    b = BoltzmannMachine(**params).fit(X, sample_weight=first[::-1])
    assert np.subtract(*a.score_samples(patterns)) > 0 > np.subtract(*b.score_samples(patterns))


@pytest.mark.parametrize("cls", [DBNTransformer, DBNClassifier])
def test_dbn_zero_weight_is_dropping_the_sample(cls):
    X, y = _data()
    w = np.ones(len(X))
    w[[0, 7, 21]] = 0
    if cls is DBNTransformer:
        params = dict(hidden_layer_sizes=(5, 3), n_iter=3, batch_size=64, random_state=0)
        weighted = cls(**params).fit(X, sample_weight=w)
        dropped = cls(**params).fit(X[w > 0])
    else:
        params = dict(
            hidden_layer_sizes=(5,),
            rbm_n_iter=3,
            rbm_batch_size=64,
            solver="lbfgs",
            max_iter=30,
            random_state=0,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            weighted = cls(**params).fit(X, y, sample_weight=w)
            dropped = cls(**params).fit(X[w > 0], y[w > 0])
        np.testing.assert_allclose(weighted.coefs_[-1], dropped.coefs_[-1], rtol=1e-6, atol=1e-8)
    for a, b in zip(weighted.rbms_, dropped.rbms_):
        np.testing.assert_allclose(a.components_, b.components_, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(
    "make",
    [
        lambda: BernoulliRBM(n_components=3, n_iter=1),
        lambda: GaussianBernoulliRBM(n_components=3, n_iter=1),
        lambda: BoltzmannMachine(n_hidden=1, n_iter=1, n_chains=1),
        lambda: DBNTransformer(hidden_layer_sizes=(3,), n_iter=1),
        lambda: DBNClassifier(hidden_layer_sizes=(3,), rbm_n_iter=1, max_iter=2),
    ],
)
@pytest.mark.parametrize(
    "weights, message",
    [
        (-np.ones(40), "Negative values"),
        (np.zeros(40), "at least one non-zero"),
        (np.ones(39), "shape"),
        (np.full(40, np.nan), "NaN"),
    ],
)
def test_bad_sample_weight_is_refused(make, weights, message):
    X, y = _data()
    estimator = make()
    with pytest.raises(ValueError, match=message):
        if isinstance(estimator, DBNClassifier):
            estimator.fit(X, y, sample_weight=weights)
        else:
            estimator.fit(X, sample_weight=weights)


# --------------------------------------------------------------------------- warm_start
@pytest.mark.parametrize(
    "cls, params",
    [
        (BernoulliRBM, dict(n_components=4, momentum=0.5)),
        (BernoulliRBM, dict(n_components=4, persistent=False, shuffle=True)),
        (GaussianBernoulliRBM, dict(n_components=4, learn_variance=True)),
        (BoltzmannMachine, dict(n_hidden=2, n_chains=2, n_sample_sweeps=2, batch_size=8)),
    ],
)
def test_a_warm_fit_continues_the_cold_one(cls, params):
    """n epochs, then n more with warm_start, are 2n epochs: weights, momentum, chains and
    random generators go on where they were."""
    X, _ = _data()
    cold = cls(n_iter=6, random_state=0, **params).fit(X)
    warm = cls(n_iter=3, random_state=0, warm_start=True, **params).fit(X)
    first = list(warm.loss_curve_)
    warm.fit(X)
    assert warm.loss_curve_ == cold.loss_curve_ and warm.loss_curve_[:3] == first
    assert warm.n_iter_ == 3
    names = ("coef_", "intercept_") if cls is BoltzmannMachine else ("components_",)
    for name in names:
        assert np.array_equal(getattr(warm, name), getattr(cold, name))


@pytest.mark.parametrize(
    "make",
    [
        lambda **kw: BernoulliRBM(n_components=3, n_iter=2, random_state=0, **kw),
        lambda **kw: GaussianBernoulliRBM(n_components=3, n_iter=2, random_state=0, **kw),
        lambda **kw: BoltzmannMachine(n_hidden=1, n_iter=2, n_chains=1, random_state=0, **kw),
        lambda **kw: DBNTransformer(hidden_layer_sizes=(3, 2), n_iter=2, random_state=0, **kw),
        lambda **kw: DBNClassifier(
            hidden_layer_sizes=(3,), rbm_n_iter=2, max_iter=3, random_state=0, **kw
        ),
    ],
)
def test_warm_start_unfitted_is_cold_and_other_features_raise(make):
    X, y = _data()
    supervised = isinstance(make(), DBNClassifier)

    def fit(estimator, X):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return estimator.fit(X, y) if supervised else estimator.fit(X)

    cold, warm = fit(make(), X), fit(make(warm_start=True), X)
    assert np.array_equal(
        cold.transform(X) if not supervised else cold.predict_proba(X),
        warm.transform(X) if not supervised else warm.predict_proba(X),
    )
    with pytest.raises(ValueError, match="features"):
        fit(warm, X[:, :4])


def test_dbn_transformer_warm_start_trains_every_layer_on():
    X, _ = _data()
    params = dict(hidden_layer_sizes=(5, 3), random_state=0)
    dbn = DBNTransformer(n_iter=3, warm_start=True, **params).fit(X)
    before = [rbm.components_.copy() for rbm in dbn.rbms_]
    dbn.fit(X)
    cold = DBNTransformer(n_iter=6, **params).fit(X)
    # the bottom layer sees X both times: its 3 + 3 epochs are the cold fit's 6
    assert np.array_equal(dbn.rbms_[0].components_, cold.rbms_[0].components_)
    assert not np.array_equal(dbn.rbms_[1].components_, before[1])
    assert len(dbn.rbms_[1].loss_curve_) == 6
    with pytest.raises(ValueError, match="hidden_layer_sizes"):
        dbn.set_params(hidden_layer_sizes=(5, 4)).fit(X)


def test_dbn_classifier_warm_start_reruns_the_fine_tuning_only():
    X, y = _data()
    dbn = DBNClassifier(
        hidden_layer_sizes=(5,), rbm_n_iter=3, max_iter=10, warm_start=True, random_state=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        dbn.fit(X, y)
        stack = [rbm.components_.copy() for rbm in dbn.rbms_]
        first = list(dbn.loss_curve_)
        dbn.fit(X, y)
    assert all(np.array_equal(a, rbm.components_) for a, rbm in zip(stack, dbn.rbms_))
    assert dbn.rbms_[0].n_iter_ == 3
    # the fine-tuning goes on: its curve grows, and starts again where the first fit ended
    assert dbn.loss_curve_[:10] == first and len(dbn.loss_curve_) == 20
    assert abs(dbn.loss_curve_[10] - first[-1]) < abs(first[0] - first[-1]) / 2
    with pytest.raises(ValueError, match="classes"):
        dbn.fit(X, np.where(y == 1, 2, 0))
