"""leading_principal_components: subspace iteration against the covariance's eigendecomposition."""

import numpy as np

from zoo._core.initializers import leading_principal_components


def test_subspace_iteration_finds_the_leading_eigenpairs_of_the_covariance():
    rng = np.random.default_rng(0)
    # a few strong directions over isotropic noise, as in images: a spectral gap after the 2nd
    loadings = (
        np.linalg.qr(rng.normal(size=(300, 5)))[0].T * np.array([6.0, 4.0, 2.0, 1.5, 1.0])[:, None]
    )
    X = rng.normal(size=(2000, 5)) @ loadings + 0.3 * rng.normal(size=(2000, 300))
    Xc = X - X.mean(axis=0)
    eigenvalues, eigenvectors = np.linalg.eigh(Xc.T @ Xc / (len(X) - 1))
    values, vectors = leading_principal_components(Xc, 2)
    np.testing.assert_allclose(values, eigenvalues[::-1][:2], rtol=1e-6)
    for k in range(2):
        assert abs(vectors[k] @ eigenvectors[:, -1 - k]) > 1 - 1e-6
    np.testing.assert_allclose(vectors @ vectors.T, np.eye(2), atol=1e-12)
    # a fixed start: the same result every call
    np.testing.assert_array_equal(leading_principal_components(Xc, 2)[1], vectors)
