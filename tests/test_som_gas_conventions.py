"""sample_weight and warm_start of the self-organising maps and the neural gases (issue 29).

The batch rules (Kohonen's batch map, the batch neural gas) are weighted means, so integer weights
must give the model of the repeated samples and a zero weight that of the data without the sample;
the online rules scale a sample's step by its weight. ``warm_start`` trains the fitted prototypes
on, with the schedules run again over ``max_iter``.
"""

import numpy as np
import pytest
from sklearn.datasets import make_blobs

from zoo._core.initializers import initial_prototypes, principal_axes
from zoo.gas import GrowingNeuralGas, NeuralGas
from zoo.som import SOM, SOMClassifier, SOMRegressor

ALL = [SOM, SOMClassifier, SOMRegressor, NeuralGas, GrowingNeuralGas]


@pytest.fixture(scope="module")
def data():
    X, y = make_blobs(60, n_features=3, centers=3, cluster_std=1.0, random_state=0)
    weights = np.random.default_rng(0).integers(0, 4, len(X))
    return X, y, weights


def small(cls, **params):
    """A quick model of ``cls`` with a fixed seed."""
    sizes = {
        SOM: dict(n_rows=4, n_cols=3),
        SOMClassifier: dict(n_rows=4, n_cols=3),
        SOMRegressor: dict(n_rows=4, n_cols=3),
        NeuralGas: dict(n_units=6),
        GrowingNeuralGas: dict(max_nodes=10, insertion_interval=20),
    }[cls]
    return cls(**sizes, max_iter=5, random_state=0, **params)


def fit(model, X, y, **kwargs):
    return (
        model.fit(X, y, **kwargs)
        if isinstance(model, (SOMClassifier, SOMRegressor))
        else (model.fit(X, **kwargs))
    )


# ------------------------------------------------------------------------------ sample_weight


BATCH = [
    (SOM, dict()),
    (SOM, dict(init="random")),
    (SOM, dict(activation_distance="cosine")),
    (SOMClassifier, dict()),
    (SOMRegressor, dict()),
    (SOM, dict(n_clusters=3)),  # Ward's clustering weighs the units by the weight they win
    (NeuralGas, dict(algorithm="batch", init="random")),
    (NeuralGas, dict(algorithm="batch", init="random", n_clusters=3)),
]


@pytest.mark.parametrize("cls, params", BATCH)
def test_integer_weights_are_repetition_for_the_batch_rules(data, cls, params):
    X, y, weights = data
    weighted = fit(small(cls, **params), X, y, sample_weight=weights)
    repeated = fit(small(cls, **params), X.repeat(weights, axis=0), y.repeat(weights))
    np.testing.assert_allclose(weighted.cluster_centers_, repeated.cluster_centers_, rtol=1e-10)
    np.testing.assert_array_equal(weighted.predict(X), repeated.predict(X))
    if cls is SOMClassifier:
        np.testing.assert_allclose(weighted.unit_proba_, repeated.unit_proba_, rtol=1e-12)
        np.testing.assert_allclose(
            weighted.unit_class_counts_, repeated.unit_class_counts_, rtol=1e-12
        )
    if cls is SOMRegressor:
        np.testing.assert_allclose(weighted.unit_values_, repeated.unit_values_, rtol=1e-10)
    if cls is not NeuralGas:
        np.testing.assert_allclose(weighted.loss_curve_, repeated.loss_curve_, rtol=1e-10)


def test_integer_weights_are_repetition_with_missing_values(data):
    """The PCA start's column means and the batch map's per-component means count repeats too."""
    X, _, weights = data
    X = X.copy()
    X[np.random.default_rng(1).random(X.shape) < 0.1] = np.nan
    weighted = small(SOM).fit(X, sample_weight=weights)
    repeated = small(SOM).fit(X.repeat(weights, axis=0))
    np.testing.assert_allclose(weighted.cluster_centers_, repeated.cluster_centers_, rtol=1e-10)


@pytest.mark.parametrize(
    "cls, params",
    BATCH
    + [
        (SOM, dict(algorithm="online", init="sample")),
        (SOMClassifier, dict(algorithm="online")),
        (NeuralGas, dict()),
        (GrowingNeuralGas, dict()),
    ],
)
def test_a_zero_weight_is_dropping_the_sample(data, cls, params):
    """Exactly, online and with random starts too: the zero-weight rows never enter training."""
    X, y, weights = data
    weighted = fit(small(cls, **params), X, y, sample_weight=weights)
    kept = weights > 0
    dropped = fit(small(cls, **params), X[kept], y[kept], sample_weight=weights[kept])
    np.testing.assert_array_equal(weighted.cluster_centers_, dropped.cluster_centers_)
    np.testing.assert_array_equal(weighted.predict(X), dropped.predict(X))
    if hasattr(weighted, "labels_"):  # of every sample, the dropped ones too
        assert weighted.labels_.shape == (len(X),)


@pytest.mark.parametrize("cls", ALL)
@pytest.mark.parametrize("algorithm", ["batch", "online"])
def test_unit_weights_are_no_weights(data, cls, algorithm):
    X, y, _ = data
    params = {} if cls is GrowingNeuralGas else dict(algorithm=algorithm)
    plain = fit(small(cls, **params), X, y)
    ones = fit(small(cls, **params), X, y, sample_weight=np.ones(len(X)))
    np.testing.assert_array_equal(plain.cluster_centers_, ones.cluster_centers_)
    assert plain.loss_curve_ == ones.loss_curve_


def test_a_heavier_sample_pulls_the_online_units_towards_it():
    """One unit between two points ends nearer the one of larger weight (the step scales)."""
    X = np.array([[0.0, 0.0], [1.0, 0.0]] * 20)
    weights = np.array([4.0, 1.0] * 20)
    init = np.array([[0.5, 0.0]])
    for model in (
        SOM(1, 1, algorithm="online", init=init, max_iter=10, random_state=0),
        NeuralGas(1, init=init, max_iter=10, random_state=0),
    ):
        plain = model.fit(X).cluster_centers_[0, 0]
        heavy = model.fit(X, sample_weight=weights).cluster_centers_[0, 0]
        light = model.fit(X, sample_weight=weights[::-1]).cluster_centers_[0, 0]
        assert heavy < plain - 0.1 and light > plain + 0.1, (heavy, plain, light)


def test_the_growing_gas_grows_where_the_weighted_error_is():
    """Insertion follows the error, and a heavy blob's error is heavy: it gets most of the units
    (measured: 16 of 20 with the weight on one blob, 10-11 without, 3-4 with it on the other)."""
    X, y = make_blobs(400, centers=[[0, 0], [10, 10]], cluster_std=1.0, random_state=0)
    model = GrowingNeuralGas(max_nodes=20, insertion_interval=20, max_iter=3, random_state=0)

    def units_near_the_first_blob(weights):
        return (model.fit(X, sample_weight=weights).cluster_centers_.sum(axis=1) < 10).sum()

    assert units_near_the_first_blob(np.where(y == 0, 10.0, 1.0)) >= 14
    assert 7 <= units_near_the_first_blob(None) <= 13
    assert units_near_the_first_blob(np.where(y == 1, 10.0, 1.0)) <= 6


@pytest.mark.parametrize(
    "model",
    [
        SOM(1, 1, algorithm="online", init=[[5.0, 5.0]], max_iter=2),
        NeuralGas(1, init=[[5.0, 5.0]], max_iter=2),
        GrowingNeuralGas(max_iter=2),  # its units start on samples; a neighbour moves 0.006 s
    ],
)
def test_a_huge_weight_moves_a_unit_onto_the_sample_and_no_further(model):
    """A rate times a weight of 1e6 is clipped at 1: every unit ends on a sample, none beyond."""
    X = np.array([[0.0, 0.0], [10.0, 0.0]] * 3)
    model.set_params(random_state=0).fit(X, sample_weight=np.full(len(X), 1e6))
    on_a_sample = (model.cluster_centers_[:, np.newaxis] == X[:2]).all(axis=2).any(axis=1)
    assert on_a_sample.all(), model.cluster_centers_


def test_weighted_votes_and_values():
    """A one-unit map predicts the weighted majority and the weighted mean."""
    X = np.zeros((5, 2)) + np.arange(5)[:, np.newaxis] * 1e-3
    y = np.array(["a", "a", "a", "b", "b"])
    weights = np.array([1.0, 1.0, 1.0, 2.5, 2.5])
    classifier = SOMClassifier(1, 1, random_state=0)
    assert classifier.fit(X, y).predict(X[:1]).tolist() == ["a"]
    assert classifier.fit(X, y, sample_weight=weights).predict(X[:1]).tolist() == ["b"]
    np.testing.assert_allclose(classifier.predict_proba(X[:1]), [[3 / 8, 5 / 8]])
    targets = np.array([0.0, 0.0, 0.0, 1.0, 1.0])
    regressor = SOMRegressor(1, 1, random_state=0).fit(X, targets, sample_weight=weights)
    np.testing.assert_allclose(regressor.predict(X[:1]), [5 / 8])


def test_partial_fit_accumulates_weighted_votes(data):
    X, y, weights = data
    stream = SOMClassifier(3, 3, random_state=0)
    stream.partial_fit(X[:30], y[:30], classes=[0, 1, 2], sample_weight=weights[:30])
    counts = stream.unit_class_counts_.copy()
    stream.partial_fit(X[30:], y[30:], sample_weight=weights[30:])
    assert stream.unit_class_counts_.sum() == pytest.approx(weights.sum())
    assert stream.unit_class_counts_.sum() > counts.sum()


@pytest.mark.parametrize("exact_max_features", [256, 1])  # covariance or subspace iterations
@pytest.mark.parametrize("n_samples", [40, 4])  # more samples than features, or fewer (SVD)
def test_weighted_principal_axes_are_those_of_the_repeated_samples(n_samples, exact_max_features):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n_samples, 5)) * [3.0, 2.0, 1.0, 0.5, 0.1]
    weights = rng.integers(1, 4, n_samples).astype(float)
    weighted = principal_axes(X, 2, weights, exact_max_features=exact_max_features)
    repeated = principal_axes(X.repeat(weights.astype(int), axis=0), 2, None, exact_max_features)
    for a, b in zip(weighted, repeated):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-8)


def test_sampled_starts_are_drawn_in_proportion_to_the_weights():
    X = np.arange(3.0)[:, np.newaxis]
    drawn = initial_prototypes("sample", X, 10_000, np.random.default_rng(0), np.array([1, 2, 7.0]))
    np.testing.assert_allclose(
        np.bincount(drawn[:, 0].astype(int)) / 10_000, [0.1, 0.2, 0.7], atol=0.02
    )


def test_weighted_float32_stays_float32(data):
    X, y, weights = data
    for cls in ALL:
        model = fit(small(cls), X.astype(np.float32), y, sample_weight=weights)
        assert model.cluster_centers_.dtype == np.float32, cls.__name__


def test_a_growing_gas_needs_two_samples_of_positive_weight():
    with pytest.raises(ValueError, match="two samples .of positive weight"):
        GrowingNeuralGas().fit(np.eye(3), sample_weight=[0, 0, 1])


# -------------------------------------------------------------------------------- warm_start


@pytest.mark.parametrize("cls", ALL)
def test_warm_start_on_an_unfitted_model_is_a_cold_fit(data, cls):
    X, y, _ = data
    cold = fit(small(cls), X, y)
    warm = fit(small(cls, warm_start=True), X, y)
    np.testing.assert_array_equal(cold.cluster_centers_, warm.cluster_centers_)
    assert cold.loss_curve_ == warm.loss_curve_


@pytest.mark.parametrize("cls", [SOM, SOMClassifier, SOMRegressor, NeuralGas])
@pytest.mark.parametrize("algorithm", ["batch", "online"])
def test_a_warm_fit_starts_from_the_fitted_units_and_runs_the_schedule_again(data, cls, algorithm):
    """A warm fit is the cold fit that starts from the fitted codebook: no re-initialisation, the
    same schedule over max_iter epochs, the same presentation order (random_state)."""
    X, y, _ = data
    model = fit(small(cls, algorithm=algorithm, warm_start=True), X, y)
    fitted = model.cluster_centers_.copy()
    fit(model, X, y)
    from_there = fit(small(cls, algorithm=algorithm, init=fitted), X, y)
    np.testing.assert_array_equal(model.cluster_centers_, from_there.cluster_centers_)
    assert model.n_iter_ == 5 and model.loss_curve_ == from_there.loss_curve_


@pytest.mark.parametrize("cls", [SOM, NeuralGas])
def test_a_warm_batch_fit_continues_where_the_cold_one_ended(data, cls):
    """Its first criterion is the cold fit's final quantization error."""
    X, y, _ = data
    model = fit(small(cls, algorithm="batch", warm_start=True), X, y)
    final = model.quantization_error(X)
    fit(model, X, y)
    assert model.loss_curve_[0] == pytest.approx(final, rel=1e-12)
    assert model.loss_curve_[0] < fit(small(cls, algorithm="batch"), X, y).loss_curve_[0]


def test_a_warm_growing_gas_grows_on(data):
    X, _, _ = data
    model = GrowingNeuralGas(max_nodes=50, insertion_interval=20, max_iter=2, random_state=0)
    model.set_params(warm_start=True).fit(X)
    n_units, n_signals = len(model.cluster_centers_), model._n_signals
    model.fit(X)
    assert model._n_signals == 2 * n_signals
    assert len(model.cluster_centers_) > n_units  # a cold fit would have restarted from 2
    assert model.n_iter_ == 2 and len(model.loss_curve_) == 2


@pytest.mark.parametrize("cls", ALL)
def test_a_warm_fit_needs_the_same_width(data, cls):
    X, y, _ = data
    model = fit(small(cls, warm_start=True), X, y)
    with pytest.raises(ValueError, match="features"):
        fit(model, X[:, :2], y)


def test_a_warm_fit_needs_the_same_size_and_classes(data):
    X, y, _ = data
    som = small(SOM, warm_start=True).fit(X)
    with pytest.raises(ValueError, match="warm_start needs the fitted map's size"):
        som.set_params(n_rows=2).fit(X)
    gas = small(NeuralGas, warm_start=True).fit(X)
    with pytest.raises(ValueError, match="warm_start needs the fitted gas's size"):
        gas.set_params(n_units=3).fit(X)
    classifier = small(SOMClassifier, warm_start=True).fit(X, y)
    with pytest.raises(ValueError, match="same classes"):
        classifier.fit(X, y + 1)
