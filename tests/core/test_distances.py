"""squared_euclidean: the BLAS expansion agrees with the definition, never goes negative."""

import numpy as np
import pytest

from zoo._core.distances import row_chunks, squared_euclidean, squared_norms


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_squared_euclidean_matches_the_definition(dtype):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(7, 5)).astype(dtype)
    C = rng.normal(size=(3, 5)).astype(dtype)
    expected = ((X[:, None, :].astype(np.float64) - C[None, :, :]) ** 2).sum(axis=2)
    D = squared_euclidean(X, C)
    assert D.dtype == dtype
    np.testing.assert_allclose(D, expected, rtol=1e-5 if dtype == np.float32 else 1e-12)


def test_precomputed_norms_and_out_buffer_give_the_same_result():
    rng = np.random.default_rng(1)
    X, C = rng.normal(size=(6, 4)), rng.normal(size=(5, 4))
    out = np.empty((6, 5))
    D = squared_euclidean(X, C, squared_norms(X), squared_norms(C), out=out)
    assert D is out
    np.testing.assert_allclose(D, squared_euclidean(X, C))


def test_coincident_points_are_at_distance_exactly_zero_not_negative():
    X = np.full((4, 50), 1e4) + np.arange(4)[:, None] * 1e-3
    D = squared_euclidean(X, X)
    assert (D >= 0).all()
    np.testing.assert_allclose(np.diag(D), 0, atol=1e-3)


def test_row_chunks_cover_every_row_once_within_the_budget():
    chunks = list(row_chunks(10, 4, budget=12))
    assert [c.stop - c.start for c in chunks] == [3, 3, 3, 1]
    assert list(row_chunks(2, 10**9, budget=5)) == [slice(0, 1), slice(1, 2)]


# ------------------------------------------------------------- activation distances, BMU search


@pytest.mark.parametrize(
    "metric, scipy_name",
    [("euclidean", "euclidean"), ("cosine", "cosine"), ("manhattan", "cityblock")]
    + [("chebyshev", "chebyshev")],
)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_activation_distances_are_scipys_cdist(metric, scipy_name, dtype):
    from scipy.spatial.distance import cdist

    from zoo._core.distances import activation_distances

    rng = np.random.default_rng(2)
    X, C = rng.normal(size=(9, 6)).astype(dtype), rng.normal(size=(4, 6)).astype(dtype)
    D = activation_distances(X, C, metric)
    assert D.dtype == dtype and D.shape == (9, 4)
    rtol = 1e-4 if dtype == np.float32 else 1e-10
    np.testing.assert_allclose(D, cdist(X, C, scipy_name), rtol=rtol, atol=rtol)


def test_cosine_of_a_zero_vector_is_one_and_unknown_names_are_listed():
    from zoo._core.distances import activation_distances

    D = activation_distances(np.zeros((1, 3)), np.eye(3), "cosine")
    np.testing.assert_array_equal(D, np.ones((1, 3)))
    with pytest.raises(ValueError, match="euclidean.*cosine.*manhattan.*chebyshev"):
        activation_distances(np.zeros((1, 3)), np.eye(3), "hamming")
    with pytest.raises(ValueError, match=r"expected \(n_samples, n_units\)"):
        activation_distances(np.zeros((2, 3)), np.eye(3), lambda X, C: np.zeros(3))


@pytest.mark.parametrize("metric", ["euclidean", "cosine", "manhattan"])
def test_nearest_centers_in_chunks_is_the_brute_force_ranking(metric, monkeypatch):
    import zoo._core.distances as distances
    from zoo._core.distances import activation_distances, nearest_centers

    rng = np.random.default_rng(3)
    X, C = rng.normal(size=(50, 4)), rng.normal(size=(7, 4))
    D = activation_distances(X, C, metric)
    real = distances.row_chunks
    monkeypatch.setattr(distances, "row_chunks", lambda n, k: real(n, k, budget=3 * k))
    nearest, dist = nearest_centers(X, C, n_nearest=3, metric=metric)
    np.testing.assert_array_equal(nearest, np.argsort(D, axis=1)[:, :3])
    expected = np.sort(D, axis=1)[:, :3]
    if metric == "euclidean":
        expected = expected**2  # squared, as the gas and LVQ use them
    np.testing.assert_allclose(dist, expected, rtol=1e-12)


@pytest.mark.parametrize("metric", ["euclidean", "cosine", "manhattan", "chebyshev"])
@pytest.mark.parametrize("n_rows", [1, 6])  # the one-row path of online training, and the GEMM
def test_distances_with_missing_values_use_the_observed_components_rescaled(metric, n_rows):
    from scipy.spatial.distance import cdist

    from zoo._core.distances import activation_distances

    rng = np.random.default_rng(4)
    X, C = rng.normal(size=(n_rows, 8)), rng.normal(size=(5, 8))
    X[rng.random(X.shape) < 0.4] = np.nan
    X[0, :2] = 1.0  # every row keeps something
    D = activation_distances(X, C, metric)
    scipy_name = {"manhattan": "cityblock"}.get(metric, metric)
    for i, x in enumerate(X):
        seen = ~np.isnan(x)
        expected = cdist(x[None, seen], C[:, seen], scipy_name)[0]
        if metric == "euclidean":
            expected *= np.sqrt(8 / seen.sum())  # ||.||^2 scaled by d / |O|
        elif metric == "manhattan":
            expected *= 8 / seen.sum()
        np.testing.assert_allclose(D[i], expected, rtol=1e-10, atol=1e-12)
    with pytest.raises(ValueError, match="no observed value"):
        activation_distances(np.full((1, 8), np.nan), C, metric)
