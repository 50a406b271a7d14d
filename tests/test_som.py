"""Self-organising maps: topology preservation, the update rules against their definitions, the
quality measures, the labelled-map classifier. (The estimator contract is in test_common.py.)"""

import numpy as np
import pytest
from scipy.sparse.csgraph import connected_components
from sklearn.datasets import load_iris, make_blobs
from sklearn.metrics import adjusted_rand_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import zoo._core.distances as distances_module
import zoo.som._base as som_module
from zoo._core.grid import adjacency
from zoo._core.neighborhoods import NEIGHBORHOODS, influence_radius
from zoo.som import SOM, SOMClassifier, SOMRegressor

#: Topographic error on 3 Gaussian blobs in 5-8 dimensions. Rectangular maps count the 8 units
#: around a BMU as adjacent (MiniSom's convention), hexagonal ones only 6: the same fold of a blob
#: costs more there. MiniSom's hexagonal maps score 0.07-0.09 on these blobs (5-D, 8x8, same start).
MAX_TOPOGRAPHIC_ERROR = {"rectangular": 0.05, "hexagonal": 0.10}


@pytest.fixture(scope="module")
def blobs():
    return make_blobs(600, n_features=5, centers=3, cluster_std=1.0, random_state=0)


# ------------------------------------------------------------------ the obvious use case


@pytest.mark.parametrize("algorithm", ["batch", "online"])
@pytest.mark.parametrize("topology", ["rectangular", "hexagonal"])
def test_each_blob_wins_one_contiguous_region_of_the_map(blobs, algorithm, topology):
    X, y = blobs
    som = SOM(8, 8, topology=topology, algorithm=algorithm, max_iter=10, random_state=0).fit(X)
    assert som.topographic_error(X) <= MAX_TOPOGRAPHIC_ERROR[topology]
    bmu = som.predict(X)
    edges = adjacency(som._grid_d2, topology, diagonal=False)
    regions = []
    for blob in range(3):
        units = np.unique(bmu[y == blob])
        n_regions, _ = connected_components(edges[np.ix_(units, units)])
        assert n_regions == 1, f"blob {blob} is split into {n_regions} regions"
        regions.append(set(units))
    assert not (regions[0] & regions[1] or regions[0] & regions[2] or regions[1] & regions[2])


@pytest.mark.parametrize("init", ["random", "sample", "pca"])
def test_quantization_error_drops_at_every_batch_epoch(blobs, init):
    X, _ = blobs
    som = SOM(8, 8, algorithm="batch", init=init, max_iter=15, random_state=0).fit(X)
    # loss_curve_[e] is the QE entering epoch e; the first step (the widest radius) folds the
    # initial codebook towards the mean, from then on every epoch lowers the QE
    after_each_epoch = np.array(som.loss_curve_[1:] + [som.quantization_error(X)])
    assert np.all(np.diff(after_each_epoch) <= 1e-12)
    assert after_each_epoch[-1] < 0.5 * after_each_epoch[0]


def test_a_map_starting_on_the_samples_is_not_taken_for_diverging():
    # init="sample" with as many units as samples starts at a quantization error of ~0; the
    # neighbourhood then pulls the units between the samples, an error far above 1000x that start
    # but below a one-unit map's (the growth rule's yardstick here)
    X, _ = make_blobs(n_samples=60, centers=3, n_features=4, random_state=0)
    som = SOM(n_rows=10, n_cols=6, init="sample", max_iter=10, random_state=0).fit(X)
    assert som.loss_curve_[0] < 1e-6 < som.loss_curve_[1]


def test_a_ring_is_mapped_in_order_onto_a_toroidal_chain():
    angle = np.linspace(0, 2 * np.pi, 240, endpoint=False)
    X = np.column_stack([np.cos(angle), np.sin(angle)])
    som = SOM(1, 12, toroidal=True, algorithm="online", max_iter=30, random_state=0).fit(X)
    bmu = som.predict(X)
    # walking round the ring walks round the chain: consecutive BMUs differ by 0 or +-1 (mod 12)
    steps = np.diff(np.append(bmu, bmu[0])) % 12
    assert set(steps.tolist()) <= {0, 1, 11}
    assert len(np.unique(bmu)) == 12
    assert som.topographic_error(X) == 0.0


# ------------------------------------------------------------------ clustering the map


@pytest.mark.parametrize("topology", ["rectangular", "hexagonal"])
def test_three_blobs_give_three_contiguous_clusters_of_the_map(blobs, topology):
    X, y = blobs
    som = SOM(8, 8, topology=topology, n_clusters=3, random_state=0).fit(X)
    assert adjusted_rand_score(y, som.labels_) == 1.0
    np.testing.assert_array_equal(som.predict(X), som.labels_)
    np.testing.assert_array_equal(som.fit_predict(X), som.labels_)
    np.testing.assert_array_equal(som.unit_clusters_[som.transform(X).argmin(axis=1)], som.labels_)
    edges = adjacency(som._grid_d2, topology, diagonal=False)
    for cluster in range(3):
        units = np.flatnonzero(som.unit_clusters_ == cluster)
        assert connected_components(edges[np.ix_(units, units)])[0] == 1
    assert som.unit_hits_.sum() == len(X)


def test_clustering_iris_is_at_least_as_good_as_k_means():
    from sklearn.cluster import KMeans

    X, y = load_iris(return_X_y=True)
    k_means = adjusted_rand_score(y, KMeans(3, n_init=10, random_state=0).fit(X).labels_)
    som = SOM(n_clusters=3, random_state=0).fit(X)
    assert adjusted_rand_score(y, som.labels_) >= k_means  # 0.746 vs 0.730


def test_clusters_follow_partial_fit_and_too_many_clusters_are_refused(blobs):
    X, y = blobs
    som = SOM(6, 6, n_clusters=3, max_iter=5, random_state=0)
    for chunk in np.array_split(np.arange(len(X)), 5):
        som.partial_fit(X[chunk])
    assert som.unit_hits_.sum() == len(X)
    assert adjusted_rand_score(y, som.predict(X)) == 1.0
    with pytest.raises(ValueError, match="more than the map's 4 units"):
        SOM(2, 2, n_clusters=5).fit(X)


# ------------------------------------------------------------------ activation distances


def test_cosine_map_ignores_the_scale_of_each_row_and_matches_euclidean_on_unit_rows():
    from sklearn.datasets import load_digits

    X = load_digits().data[:400]
    scaled = X * np.random.default_rng(0).uniform(0.1, 10, size=(len(X), 1))
    unit = X / np.linalg.norm(X, axis=1, keepdims=True)
    for algorithm in ("batch", "online"):
        params = dict(algorithm=algorithm, max_iter=5, random_state=0)
        cosine = SOM(6, 6, activation_distance="cosine", **params).fit(scaled)
        on_unit_rows = SOM(6, 6, activation_distance="cosine", **params).fit(unit)
        np.testing.assert_allclose(
            cosine.cluster_centers_, on_unit_rows.cluster_centers_, rtol=1e-10, atol=1e-12
        )
        np.testing.assert_array_equal(cosine.predict(scaled), on_unit_rows.predict(unit))
    # codebook vectors of one length rank units alike under both distances
    # (||x - w||^2 = 2 - 2 cos(x, w) for unit x and w): one batch step from a unit-length
    # codebook gives the same map
    W0 = np.random.default_rng(1).normal(size=(36, X.shape[1]))
    W0 /= np.linalg.norm(W0, axis=1, keepdims=True)
    cosine = SOM(6, 6, activation_distance="cosine", init=W0, max_iter=1).fit(scaled)
    euclidean = SOM(6, 6, init=W0, max_iter=1).fit(unit)
    np.testing.assert_allclose(cosine.cluster_centers_, euclidean.cluster_centers_, rtol=1e-12)
    # and the cosine distance is half the squared chord between the directions
    W = cosine.cluster_centers_ / np.linalg.norm(cosine.cluster_centers_, axis=1, keepdims=True)
    chord2 = ((unit[:, None, :] - W[None]) ** 2).sum(axis=2)
    np.testing.assert_allclose(cosine.transform(scaled), chord2 / 2, atol=1e-12)
    with pytest.raises(ValueError, match="non-zero length"):
        SOM(3, 3, activation_distance="cosine").fit(np.vstack([X[:10], np.zeros(64)]))


@pytest.mark.parametrize("algorithm", ["batch", "online"])
def test_a_callable_equal_to_euclidean_gives_the_builtin_results(blobs, algorithm):
    from zoo._core.distances import squared_euclidean

    X, _ = blobs
    params = dict(algorithm=algorithm, max_iter=5, random_state=0)
    builtin = SOM(5, 5, **params).fit(X)
    custom = SOM(5, 5, activation_distance=lambda X, W: np.sqrt(squared_euclidean(X, W)), **params)
    custom.fit(X)
    np.testing.assert_array_equal(custom.cluster_centers_, builtin.cluster_centers_)
    np.testing.assert_array_equal(custom.transform(X), builtin.transform(X))
    assert custom.quantization_error(X) == builtin.quantization_error(X)
    assert custom.topographic_error(X) == builtin.topographic_error(X)


@pytest.mark.parametrize("metric, scipy_name", [("manhattan", "cityblock"), ("chebyshev", None)])
@pytest.mark.parametrize("algorithm", ["batch", "online"])
def test_the_chosen_distance_picks_the_bmu_and_measures_the_map(
    blobs, metric, scipy_name, algorithm
):
    from scipy.spatial.distance import cdist

    X, _ = blobs
    som = SOM(5, 5, activation_distance=metric, algorithm=algorithm, random_state=0).fit(X)
    D = cdist(X, som.cluster_centers_, scipy_name or metric)
    np.testing.assert_allclose(som.transform(X), D, rtol=1e-12)
    np.testing.assert_array_equal(som.predict(X), D.argmin(axis=1))
    # MiniSom #192: the quantization error is measured with the chosen distance
    assert som.quantization_error(X) == pytest.approx(D.min(axis=1).mean(), rel=1e-12)
    first, second = np.argsort(D, axis=1)[:, 0], np.argsort(D, axis=1)[:, 1]
    adjacent = adjacency(som._grid_d2, "rectangular")
    assert som.topographic_error(X) == pytest.approx(np.mean(~adjacent[first, second]))
    W = som.cluster_centers_
    umatrix = np.where(adjacent, cdist(W, W, scipy_name or metric), 0).sum(1) / adjacent.sum(1)
    np.testing.assert_allclose(som.umatrix().ravel(), umatrix, rtol=1e-12)
    assert som.topographic_error(X) <= 0.05


# ------------------------------------------------------------ the rules against their definitions


def _naive_online_epoch(X, W, order, som):
    """Kohonen's rule written out sample by sample, with the documented cut-off and schedule."""
    W = W.copy()
    d2_grid = som._grid_d2
    h_of = NEIGHBORHOODS[som.neighborhood]
    radius = influence_radius(som.neighborhood, 1.0, som_module.NEGLIGIBLE_INFLUENCE)
    for t, i in enumerate(order):
        progress = t / (len(X) * som.max_iter)
        eta = som_module.decay(som.learning_rate, som.learning_rate_final, progress, som.decay)
        sigma = som_module.decay(som.sigma, som.sigma_final, progress, som.decay)
        c = np.argmin(((X[i] - W) ** 2).sum(axis=1))
        near = d2_grid[c] <= (radius * sigma) ** 2
        g = eta * h_of(d2_grid[c], sigma) * near
        W += g[:, None] * (X[i] - W)
    return W


@pytest.mark.parametrize("sigma", [0.8, 6.0])  # neighbourhood cut short / covering the map
@pytest.mark.parametrize("neighborhood", ["gaussian", "mexican_hat", "bubble", "triangle"])
def test_online_epoch_is_kohonens_rule(neighborhood, sigma):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    W0 = rng.normal(size=(30, 3))
    som = SOM(
        5,
        6,
        topology="hexagonal",
        neighborhood=neighborhood,
        sigma=sigma,
        sigma_final=0.5,
        algorithm="online",
        init=W0,
        max_iter=1,
        random_state=0,
    ).fit(X)
    order = np.random.RandomState(0).permutation(len(X))
    expected = _naive_online_epoch(X, W0, order, som)
    np.testing.assert_allclose(som.cluster_centers_, expected, rtol=1e-10, atol=1e-12)


def test_batch_step_is_the_neighbourhood_weighted_mean():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(50, 4))
    W0 = rng.normal(size=(12, 4))
    som = SOM(3, 4, sigma=1.3, algorithm="batch", init=W0, max_iter=1).fit(X)
    winners = ((X[:, None, :] - W0[None]) ** 2).sum(axis=2).argmin(axis=1)
    h = np.exp(-som._grid_d2[winners] / (2 * 1.3**2))  # h[i, u] = h(|r_c(x_i) - r_u|)
    expected = (h.T @ X) / h.sum(axis=0)[:, None]
    np.testing.assert_allclose(som.cluster_centers_, expected, rtol=1e-12)


def test_batch_map_is_deterministic_without_a_random_state(blobs):
    X, _ = blobs
    first = SOM(5, 5, algorithm="batch").fit(X).cluster_centers_
    np.testing.assert_array_equal(first, SOM(5, 5, algorithm="batch").fit(X).cluster_centers_)


def test_pca_initialisation_spans_the_two_leading_components():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(500, 3)) * [5.0, 2.0, 0.1]
    som = SOM(4, 6, max_iter=1).fit(X)
    W0 = som._pca_codebook(X)
    spread = W0.max(axis=0) - W0.min(axis=0)
    # the longer side (6 columns) along the first component, the 4 rows along the second
    assert spread[0] == pytest.approx(2 * X[:, 0].std(ddof=1), rel=0.05)
    assert spread[1] == pytest.approx(2 * X[:, 1].std(ddof=1), rel=0.1)
    assert spread[2] < 0.1 * spread[1]
    np.testing.assert_allclose(W0.reshape(4, 6, 3)[0, :, 0], np.sort(W0.reshape(4, 6, 3)[0, :, 0]))


# ------------------------------------------------------------------------ mapping and quality


def test_predict_is_the_nearest_unit_and_transform_the_distances(blobs):
    X, _ = blobs
    som = SOM(4, 5, random_state=0).fit(X)
    D = np.linalg.norm(X[:, None, :] - som.cluster_centers_[None], axis=2)
    np.testing.assert_allclose(som.transform(X), D, rtol=1e-10, atol=1e-10)
    np.testing.assert_array_equal(som.predict(X), D.argmin(axis=1))
    np.testing.assert_array_equal(som.labels_, D.argmin(axis=1))
    assert som.quantization_error(X) == pytest.approx(D.min(axis=1).mean())
    assert som.hit_map(X).sum() == len(X) and som.hit_map(X).shape == (4, 5)
    assert som.get_feature_names_out().tolist()[:2] == ["som_distance_0_0", "som_distance_0_1"]
    assert som.score(X) == pytest.approx(-som.quantization_error(X))


def test_minisoms_conveniences_agree_with_the_bmus(blobs):
    X, y = blobs
    som = SOM(4, 5, topology="hexagonal", random_state=0).fit(X)
    bmu = som.predict(X)
    np.testing.assert_array_equal(som.quantize(X), som.cluster_centers_[bmu])
    members = som.unit_members(X)
    assert len(members) == 20
    for unit, indices in enumerate(members):
        np.testing.assert_array_equal(indices, np.flatnonzero(bmu == unit))
    counts = som.unit_label_counts(X, np.array(["a", "b", "c"])[y])
    np.testing.assert_array_equal(counts.sum(axis=1), som.hit_map(X).ravel())
    np.testing.assert_array_equal(counts[bmu[0]].argmax(), y[bmu == bmu[0]][0])
    adjacent = adjacency(som._grid_d2, "hexagonal")
    D = np.linalg.norm(som.cluster_centers_[:, None] - som.cluster_centers_[None], axis=2)
    total = np.where(adjacent, D, 0).sum(axis=1)
    np.testing.assert_allclose(som.umatrix(reduce="sum").ravel(), total)
    np.testing.assert_allclose(som.umatrix().ravel(), total / adjacent.sum(axis=1))
    with pytest.raises(ValueError, match="reduce"):
        som.umatrix(reduce="max")


def test_a_som_is_a_feature_map_in_a_pipeline(blobs):
    from sklearn.linear_model import LogisticRegression

    X, y = blobs
    model = make_pipeline(SOM(4, 4, random_state=0), LogisticRegression(max_iter=500)).fit(X, y)
    assert model.score(X, y) > 0.95


def test_quality_measures_in_chunks_equal_the_direct_computation(blobs, monkeypatch):
    X, _ = blobs
    som = SOM(5, 5, topology="hexagonal", random_state=0).fit(X)
    qe, te = som.quantization_error(X), som.topographic_error(X)
    real_chunks = distances_module.row_chunks
    chunks_seen = []

    def tiny_chunks(n_rows, n_columns):
        chunks = list(real_chunks(n_rows, n_columns, budget=7 * n_columns))
        chunks_seen.append(len(chunks))
        return chunks

    monkeypatch.setattr(distances_module, "row_chunks", tiny_chunks)
    assert som.quantization_error(X) == pytest.approx(qe, rel=1e-12)
    assert som.topographic_error(X) == te
    assert min(chunks_seen) > 80  # 600 rows in chunks of 7
    D = np.linalg.norm(X[:, None, :] - som.cluster_centers_[None], axis=2)
    first, second = np.argsort(D, axis=1)[:, 0], np.argsort(D, axis=1)[:, 1]
    adjacent = adjacency(som._grid_d2, "hexagonal")
    assert te == pytest.approx(np.mean(~adjacent[first, second]))


def test_umatrix_shows_the_ridge_between_two_clusters():
    X, _ = make_blobs(400, n_features=3, centers=[[-10, 0, 0], [10, 0, 0]], random_state=0)
    som = SOM(2, 10, random_state=0).fit(X)
    umatrix = som.umatrix()
    assert umatrix.shape == (2, 10)
    # the largest mean distance to the neighbours is where the map crosses from one blob to the
    # other
    side = np.sign(som.cluster_centers_[:, 0].reshape(2, 10).mean(axis=0))
    crossing = int(np.flatnonzero(np.diff(side))[0])
    assert np.argmax(umatrix.mean(axis=0)) in {crossing, crossing + 1}
    assert umatrix.mean(axis=0)[crossing] > 5 * np.median(umatrix)


def test_float32_training_stays_float32_and_close_to_float64(blobs):
    X, _ = blobs
    for algorithm in ("batch", "online"):
        som64 = SOM(5, 5, algorithm=algorithm, max_iter=4, random_state=0).fit(X)
        som32 = SOM(5, 5, algorithm=algorithm, max_iter=4, random_state=0).fit(X.astype(np.float32))
        assert som32.cluster_centers_.dtype == np.float32
        assert som32.transform(X.astype(np.float32)).dtype == np.float32
        assert som32.quantization_error(X) == pytest.approx(som64.quantization_error(X), rel=0.02)


def test_partial_fit_continues_the_schedule_and_checks_the_width(blobs):
    X, _ = blobs
    som = SOM(4, 4, algorithm="online", max_iter=3, random_state=0)
    for _ in range(5):
        som.partial_fit(X)
    assert som.n_iter_ == 5 and len(som.loss_curve_) == 5
    assert som.loss_curve_[-1] < som.loss_curve_[0]
    with pytest.raises(ValueError, match="features"):
        som.partial_fit(X[:, :3])


# ------------------------------------------------------------------ training curves, early stopping


@pytest.mark.parametrize("algorithm", ["batch", "online"])
def test_training_curves_are_the_errors_of_the_map_after_each_epoch(blobs, algorithm):
    X, _ = blobs
    som = SOM(6, 6, algorithm=algorithm, max_iter=8, random_state=0).fit(X)
    assert len(som.quantization_errors_) == len(som.topographic_errors_) == som.n_iter_ == 8
    # 600 samples <= 1000: measured on all of them; the last entry is the fitted map's
    assert som.quantization_errors_[-1] == pytest.approx(som.quantization_error(X), rel=1e-12)
    assert som.topographic_errors_[-1] == som.topographic_error(X)
    assert som.quantization_errors_[-1] < 0.7 * som.quantization_errors_[0]
    if algorithm == "batch":
        # the batch map's criterion is the QE entering each epoch: the curve, one epoch earlier
        np.testing.assert_allclose(som.loss_curve_[1:], som.quantization_errors_[:-1], rtol=1e-12)
    som.partial_fit(X)
    assert len(som.quantization_errors_) == 9


def test_large_data_is_measured_on_every_kth_sample(blobs, monkeypatch):
    X, _ = blobs
    monkeypatch.setattr(som_module, "MONITORED_SAMPLES", 100)
    som = SOM(5, 5, max_iter=3, random_state=0).fit(X)
    probe = X[::6]  # ceil(600 / 100) = 6
    assert som.quantization_errors_[-1] == pytest.approx(som.quantization_error(probe), rel=1e-12)
    assert som.topographic_errors_[-1] == som.topographic_error(probe)


def test_training_stops_when_the_quantization_error_stalls(blobs, capsys):
    X, _ = blobs
    # a constant radius: the batch map settles in a few steps, after which QE no longer falls
    params = dict(sigma=1.0, sigma_final=1.0, max_iter=200, verbose=True)
    som = SOM(6, 6, n_iter_no_change=3, tol=1e-6, **params).fit(X)
    assert som.n_iter_ < 30
    curve = np.array(som.loss_curve_)
    best_before = curve[:-4].min()
    # the last 4 epochs (more than n_iter_no_change) fell by less than tol below the best before
    assert (curve[-4:] > best_before - 1e-6).all()
    assert len(som.quantization_errors_) == som.n_iter_
    output = capsys.readouterr().out
    # two quantities, two names: the epoch's own criterion and the map's error after it
    assert output.count("mean distance to the BMU = ") == som.n_iter_
    assert output.count("quantization error after epoch = ") == som.n_iter_
    assert output.count("s/epoch, ") == som.n_iter_  # each line has its epoch's time
    assert "loss" not in output  # the criterion is named for what it is
    assert output.count("topographic error = ") == som.n_iter_
    assert "did not improve more than tol" in output
    # without n_iter_no_change the whole schedule runs
    assert SOM(6, 6, **{**params, "verbose": False}).fit(X).n_iter_ == 200


# ------------------------------------------------------------------------------ bad settings


def test_mexican_hat_batch_map_is_refused_with_the_reason(blobs):
    with pytest.raises(ValueError, match="online"):
        SOM(3, 3, neighborhood="mexican_hat", algorithm="batch").fit(blobs[0])
    SOM(3, 3, neighborhood="mexican_hat", algorithm="online", max_iter=2).fit(blobs[0])


def test_odd_rows_on_a_hexagonal_torus_and_wrong_init_shape_get_clear_errors(blobs):
    X, _ = blobs
    with pytest.raises(ValueError, match="even number of rows"):
        SOM(3, 4, topology="hexagonal", toroidal=True).fit(X)
    with pytest.raises(ValueError, match="init has shape"):
        SOM(3, 4, init=np.zeros((11, 5))).fit(X)
    with pytest.raises(ValueError, match="topology"):
        SOM(3, 4, topology="triangular").fit(X)
    with pytest.raises(ValueError, match="at least 2 units"):
        SOM(1, 1).fit(X).topographic_error(X)


# ------------------------------------------------------------------------------ SOMClassifier


def test_classifier_separates_blobs_and_iris():
    X, y = make_blobs(300, centers=[[0, 0], [8, 0], [4, 7]], random_state=0)
    assert SOMClassifier(5, 5, random_state=0).fit(X, y).score(X, y) >= 0.99
    X, y = load_iris(return_X_y=True)
    model = make_pipeline(StandardScaler(), SOMClassifier(8, 8, random_state=0))
    assert model.fit(X[::2], y[::2]).score(X[1::2], y[1::2]) >= 0.9


def test_classifier_predicts_the_argmax_of_its_probabilities_with_string_labels():
    X, y = make_blobs(200, centers=3, random_state=1)
    labels = np.array(["setosa", "versicolor", "virginica"])[y]
    model = SOMClassifier(6, 6, random_state=0).fit(X, labels)
    proba = model.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(model.predict(X), model.classes_[proba.argmax(axis=1)])
    np.testing.assert_array_equal(model.unit_class_counts_.sum(), 200)


def test_classifier_partial_fit_learns_a_stream_and_accumulates_the_votes():
    X, y = make_blobs(600, centers=[[0, 0], [8, 0], [4, 7]], random_state=0)
    labels = np.array(["a", "b", "c"])[y]
    model = SOMClassifier(5, 5, max_iter=10, random_state=0)
    with pytest.raises(ValueError, match="classes"):
        model.partial_fit(X[:60], labels[:60])
    for chunk in np.array_split(np.arange(600), 10):
        model.partial_fit(X[chunk], labels[chunk], classes=["a", "b", "c"])
    assert model.n_iter_ == 10 and model.unit_class_counts_.sum() == 600
    assert model.score(X, labels) >= 0.99
    # every vote is the best-matching unit of its sample at its batch's turn
    assert (model.unit_class_counts_.sum(axis=0) == np.bincount(y)).all()
    with pytest.raises(ValueError, match="not in classes_"):
        model.partial_fit(X[:5], np.array(["a", "b", "z", "a", "b"]))
    with pytest.raises(ValueError, match="features"):
        model.partial_fit(X[:5, :1], labels[:5])


def test_ties_and_empty_units_take_the_label_of_the_nearest_labelled_unit():
    model = SOMClassifier(1, 5, max_iter=1).fit([[0.0], [1.0]], [0, 1])
    # a 1x5 chain: decided 0 | empty | tie 0/1 | empty | decided 1. Unit 2 is as far from unit 0
    # as from unit 4: the tie goes to the first of the nearest decided units, unit 0
    counts = np.array([[3, 0], [0, 0], [2, 2], [0, 0], [0, 5]])
    proba = model._unit_probabilities(counts)
    assert proba.argmax(axis=1).tolist() == [0, 0, 0, 1, 1]
    np.testing.assert_allclose(proba[1], [1, 0])  # empty: copies its nearest decided unit
    np.testing.assert_allclose(proba[2], [0.75, 0.25])  # tie: averaged with it
    # a tie only takes the label of a unit whose majority is one of the tied classes
    counts = np.array([[0, 0, 4], [1, 1, 0], [0, 0, 0], [0, 3, 0], [0, 0, 0]])
    model = SOMClassifier(1, 5, max_iter=1).fit([[0.0], [1.0], [2.0]], [0, 1, 2])
    assert model._unit_probabilities(counts).argmax(axis=1).tolist() == [2, 1, 1, 1, 1]


# ------------------------------------------------------------------------------ missing values


@pytest.fixture(scope="module")
def digits_with_holes():
    from sklearn.datasets import load_digits

    X = load_digits().data / 16
    holes = np.random.default_rng(0).random(X.shape) < 0.2  # 20% of the pixels, at random
    return X, holes, np.where(holes, np.nan, X)


def test_a_map_trained_with_holes_fills_them_better_than_column_means(digits_with_holes):
    from sklearn.impute import SimpleImputer

    X, holes, X_holes = digits_with_holes
    som = SOM(12, 12, max_iter=10, random_state=0).fit(X_holes)
    filled = som.impute(X_holes)
    np.testing.assert_array_equal(filled[~holes], X[~holes])  # observed values untouched
    som_rmse = np.sqrt(np.mean((filled[holes] - X[holes]) ** 2))
    column_means = SimpleImputer().fit_transform(X_holes)
    mean_rmse = np.sqrt(np.mean((column_means[holes] - X[holes]) ** 2))
    assert som_rmse < 0.75 * mean_rmse  # 0.184 vs 0.272
    # imputing first, then training, gives a map no closer to the complete data
    imputed_first = SOM(12, 12, max_iter=10, random_state=0).fit(column_means)
    assert som.quantization_error(X) <= imputed_first.quantization_error(X)  # 1.33 vs 1.41


def test_the_batch_step_with_holes_averages_each_component_over_its_observations():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(60, 4))
    X[rng.random(X.shape) < 0.3] = np.nan
    X[:, 0] = np.where(np.isnan(X).all(axis=1), 0.0, X[:, 0])
    W0 = rng.normal(size=(6, 4))
    som = SOM(2, 3, sigma=1.1, init=W0, max_iter=1).fit(X)
    seen = ~np.isnan(X)
    X0 = np.where(seen, X, 0)
    # the BMU over the observed components, squared distance scaled by d / |O|
    d2 = ((X0[:, None, :] - W0[None] * seen[:, None, :]) ** 2).sum(axis=2)
    d2 *= 4 / seen.sum(axis=1)[:, None]
    h = np.exp(-som._grid_d2[d2.argmin(axis=1)] / (2 * 1.1**2))  # h[i, u]
    expected = (h.T @ X0) / (h.T @ seen)
    np.testing.assert_allclose(som.cluster_centers_, expected, rtol=1e-12)


def test_the_online_rule_with_holes_moves_only_the_observed_components():
    rng = np.random.default_rng(6)
    X = rng.normal(size=(30, 40))  # more than 32 features: the O(1) norm update path
    X[rng.random(X.shape) < 0.25] = np.nan
    W0 = rng.normal(size=(9, 40))
    params = dict(sigma=1.5, sigma_final=0.5, algorithm="online", init=W0, max_iter=1)
    som = SOM(3, 3, random_state=0, **params).fit(X)
    order = np.random.RandomState(0).permutation(len(X))
    W = W0.copy()
    radius = influence_radius("gaussian", 1.0, som_module.NEGLIGIBLE_INFLUENCE)
    for t, i in enumerate(order):
        p = t / len(X)
        eta = som_module.decay(0.5, 0.01, p, "exponential")
        sigma = som_module.decay(1.5, 0.5, p, "exponential")
        seen = ~np.isnan(X[i])
        c = np.argmin(((X[i, seen] - W[:, seen]) ** 2).sum(axis=1))
        g = eta * np.exp(-som._grid_d2[c] / (2 * sigma**2))
        g *= som._grid_d2[c] <= (radius * sigma) ** 2
        W[:, seen] += g[:, None] * (X[i, seen] - W[:, seen])
    np.testing.assert_allclose(som.cluster_centers_, W, rtol=1e-10, atol=1e-12)


def test_classifier_and_regressor_take_holes_and_empty_rows_get_a_clear_error(blobs):
    X, y = blobs
    X_holes = X.copy()
    X_holes[np.random.default_rng(0).random(X.shape) < 0.2] = np.nan
    X_holes[np.isnan(X_holes).all(axis=1), 0] = 0.0
    assert SOMClassifier(5, 5, random_state=0).fit(X_holes, y).score(X_holes, y) > 0.95
    assert SOMRegressor(5, 5, random_state=0).fit(X_holes, X[:, 0]).score(X, X[:, 0]) > 0.8
    som = SOM(4, 4, algorithm="online", max_iter=2, random_state=0).fit(X_holes)
    assert np.isfinite(som.cluster_centers_).all() and np.isfinite(som.transform(X_holes)).all()
    empty_row = X.copy()
    empty_row[7] = np.nan
    for estimator in (SOM(3, 3), SOMClassifier(3, 3)):
        with pytest.raises(ValueError, match=r"rows \[7\] of X have no observed value"):
            estimator.fit(empty_row, y)
    with pytest.raises(ValueError, match="no observed value"):
        som.predict(empty_row)
    empty_column = X.copy()
    empty_column[:, 2] = np.nan
    with pytest.raises(ValueError, match=r"Features \[2\] of X have no observed value"):
        SOM(3, 3).fit(empty_column)
    with pytest.raises(ValueError, match="callable"):
        SOM(3, 3, activation_distance=lambda X, W: np.zeros((len(X), len(W)))).fit(X_holes)
    with pytest.raises(ValueError, match="infinity"):
        SOM(3, 3).fit(np.where(np.isnan(X_holes), np.inf, X_holes))


# ------------------------------------------------------------------------------ SOMRegressor


def test_regressor_learns_a_smooth_surface():
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(1200, 2))
    y = np.sin(X[:, 0]) + 0.5 * X[:, 1] ** 2
    model = SOMRegressor(12, 12, random_state=0).fit(X[:800], y[:800])
    assert model.score(X[800:], y[800:]) >= 0.95
    assert model.predict(X[:5]).shape == (5,)


def test_unit_values_are_the_neighbourhood_weighted_means_of_the_targets(blobs):
    X, _ = blobs
    y = X @ np.arange(5.0)
    model = SOMRegressor(4, 5, neighborhood="gaussian", sigma_final=0.8, random_state=0).fit(X, y)
    bmu = SOM(4, 5, sigma_final=0.8, random_state=0).fit(X).predict(X)
    h = np.exp(-model._grid_d2[bmu] / (2 * 0.8**2))  # h[i, u] = h(|r_c(x_i) - r_u|)
    expected = (h.T @ y) / h.sum(axis=0)
    np.testing.assert_allclose(model.unit_values_[:, 0], expected, rtol=1e-12)
    np.testing.assert_allclose(model.predict(X), expected[bmu], rtol=1e-12)


def test_multi_output_is_the_single_outputs_side_by_side(blobs):
    X, _ = blobs
    Y = np.column_stack([X[:, 0] - X[:, 1], X[:, 2] ** 2])
    both = SOMRegressor(5, 5, random_state=0).fit(X, Y)
    assert both.n_outputs_ == 2 and both.predict(X).shape == (len(X), 2)
    for k in range(2):
        single = SOMRegressor(5, 5, random_state=0).fit(X, Y[:, k])
        np.testing.assert_allclose(both.predict(X)[:, k], single.predict(X), rtol=1e-12)


def test_units_beyond_every_bubble_copy_the_nearest_reached_unit():
    X = np.array([[0.0], [0.1], [10.0]])
    model = SOMRegressor(1, 8, neighborhood="bubble", sigma_final=0.5, init=np.arange(8.0)[:, None])
    model.set_params(max_iter=1, sigma=0.5).fit(X, [1.0, 2.0, 5.0])
    assert np.isfinite(model.unit_values_).all()
    assert set(np.round(model.unit_values_.ravel(), 6)) <= {1.5, 5.0}


def test_regressor_partial_fit_accumulates_and_checks_the_outputs(blobs):
    X, _ = blobs
    y = X[:, 0] + X[:, 1]
    model = SOMRegressor(5, 5, max_iter=6, random_state=0)
    for chunk in np.array_split(np.arange(len(X)), 6):
        model.partial_fit(X[chunk], y[chunk])
    assert model.unit_hits_.sum() == len(X) and model.n_iter_ == 6
    # as good as one fit over the same epochs (0.725 vs 0.729 on a 5x5 map)
    whole = SOMRegressor(5, 5, max_iter=6, random_state=0).fit(X, y)
    assert model.score(X, y) >= whole.score(X, y) - 0.02
    with pytest.raises(ValueError, match="outputs"):
        model.partial_fit(X[:5], np.zeros((5, 2)))
    with pytest.raises(ValueError, match="NaN|infinity"):
        SOMRegressor(3, 3).fit(X[:5], [1.0, np.nan, 2.0, 3.0, 4.0])


# ------------------------------------------------------------------------------------ plots


@pytest.fixture()
def pyplot():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


@pytest.mark.parametrize("topology, n_corners", [("hexagonal", 6), ("rectangular", 4)])
def test_umatrix_plot_draws_one_cell_per_unit_coloured_by_the_umatrix(
    pyplot, blobs, topology, n_corners
):
    from zoo.som.plot import plot_umatrix

    som = SOM(4, 6, topology=topology, random_state=0).fit(blobs[0])
    ax = plot_umatrix(som)
    cells = ax.collections[0]
    assert len(cells.get_paths()) == 24
    # a hexagon has 6 corners (+ the closing vertex), a square 4
    assert len(cells.get_paths()[0].vertices) in (n_corners, n_corners + 1)
    np.testing.assert_allclose(cells.get_array(), som.umatrix().ravel())
    assert cells.get_clim() == pytest.approx((som.umatrix().min(), som.umatrix().max()))
    if topology == "hexagonal":
        # neighbouring hexagons share an edge: centres 1 apart, circumradius 1/sqrt(3)
        corners = cells.get_paths()[0].vertices[:6]
        assert np.linalg.norm(corners - corners.mean(axis=0), axis=1) == pytest.approx(
            np.full(6, 1 / np.sqrt(3))
        )


def test_hit_map_component_planes_and_labelled_map(pyplot, blobs):
    from zoo.som.plot import plot_component_planes, plot_hit_map, plot_labelled_map

    X, y = blobs
    som = SOM(3, 5, random_state=0).fit(X)
    cells = plot_hit_map(som, X).collections[0]
    assert cells.get_array().sum() == len(X) and cells.get_clim()[0] == 0

    fig = plot_component_planes(som, n_cols=2)
    drawn = [ax for ax in fig.axes if ax.get_label() != "<colorbar>" and ax.collections]
    assert len(drawn) == X.shape[1]  # one plane per feature, each with its colour bar
    assert sum(ax.get_label() == "<colorbar>" for ax in fig.axes) == X.shape[1]
    assert not fig.axes[5].axison  # 5 planes on a 3x2 grid: the sixth is switched off
    for feature, ax in enumerate(drawn):
        np.testing.assert_allclose(ax.collections[0].get_array(), som.cluster_centers_[:, feature])
    assert [ax.get_title() for ax in drawn] == [f"x{j}" for j in range(X.shape[1])]

    model = SOMClassifier(4, 4, random_state=0).fit(X, np.array(["a", "b", "c"])[y])
    ax = plot_labelled_map(model)
    cells = ax.collections[0]
    assert len(cells.get_paths()) == 16
    np.testing.assert_array_equal(
        cells.get_array(), np.searchsorted(model.classes_, model.unit_labels_)
    )
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b", "c"]


def test_training_curves_plot_both_errors_per_epoch(pyplot, blobs):
    from zoo.som.plot import plot_training_curves

    som = SOM(4, 4, max_iter=5, random_state=0).fit(blobs[0])
    ax = plot_training_curves(som)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), som.quantization_errors_)
    np.testing.assert_allclose(ax.right_ax.lines[0].get_ydata(), som.topographic_errors_)
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), np.arange(1, 6))


def test_cluster_plot_colours_each_unit_by_its_cluster(pyplot, blobs):
    from zoo.som.plot import plot_clusters

    som = SOM(4, 5, topology="hexagonal", n_clusters=3, random_state=0).fit(blobs[0])
    ax = plot_clusters(som)
    cells = ax.collections[0]
    np.testing.assert_array_equal(cells.get_array(), som.unit_clusters_)
    assert len(ax.get_legend().get_texts()) == 3


# ------------------------------------------------------------------------- slow acceptance runs


@pytest.mark.slow
@pytest.mark.parametrize("algorithm", ["batch", "online"])
@pytest.mark.parametrize("topology", ["rectangular", "hexagonal"])
def test_blobs_form_contiguous_regions_for_every_seed(algorithm, topology):
    for seed in range(10):
        X, y = make_blobs(900, n_features=8, centers=3, cluster_std=1.0, random_state=seed)
        som = SOM(
            10, 10, topology=topology, algorithm=algorithm, init="random", random_state=seed
        ).fit(X)
        assert som.topographic_error(X) <= MAX_TOPOGRAPHIC_ERROR[topology], seed
        edges = adjacency(som._grid_d2, topology, diagonal=False)
        bmu = som.predict(X)
        for blob in range(3):
            units = np.unique(bmu[y == blob])
            assert connected_components(edges[np.ix_(units, units)])[0] == 1, (seed, blob)


@pytest.mark.slow
def test_iris_matches_the_published_minisom_figures():
    # ANCHORS: MiniSom on z-scored Iris, 10x10, sigma=1.5, lr=0.5, PCA init, 10,000 iterations:
    # QE 0.189, TE 0.045 (asymptotic decay of both, as MiniSom's default)
    X = StandardScaler().fit_transform(load_iris().data)
    qe, te = [], []
    for seed in range(5):
        som = SOM(
            10,
            10,
            sigma=1.5,
            learning_rate=0.5,
            decay="asymptotic",
            algorithm="online",
            init="pca",
            max_iter=67,
            random_state=seed,
        ).fit(X)
        qe.append(som.quantization_error(X))
        te.append(som.topographic_error(X))
    assert np.mean(qe) <= 0.195
    assert np.mean(te) <= 0.07


@pytest.mark.slow
def test_quality_measures_on_a_million_rows_use_bounded_memory():
    import tracemalloc

    rng = np.random.default_rng(0)
    X = rng.normal(size=(1_000_000, 10))
    som = SOM(10, 10, max_iter=3).fit(X[:5000])
    tracemalloc.start()
    qe = som.quantization_error(X)
    te = som.topographic_error(X)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # the full distance matrix would be 1e6 x 100 x 8 bytes = 800 MB
    assert peak < 150e6, f"peak {peak / 1e6:.0f} MB"
    assert 0 < qe < 10 and 0 <= te <= 1
