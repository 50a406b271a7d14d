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
