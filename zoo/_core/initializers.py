r"""Weight initialisers. Each takes the layer's fan-in, fan-out and an explicit numpy ``Generator``
(or ``RandomState``) so that the same seed gives the same network.

* Glorot & Bengio (2010) uniform: :math:`W \sim U(-b, b)`, :math:`b = \sqrt{g / (n_{in} + n_{out})}`
  with gain ``g = 6`` (``g = 2`` for logistic units, as scikit-learn's MLP does);
* normal :math:`N(0, \sigma^2)` (Hinton's RBM recipe uses :math:`\sigma = 0.01`);
* the leading principal components of the data (a SOM's PCA start), by subspace iteration.
"""

import numpy as np


def glorot_uniform(fan_in, fan_out, rng, gain=6.0, dtype=np.float64, shape=None):
    """Weights and biases ~ U(-b, b) with b = sqrt(gain / (fan_in + fan_out)).

    ``shape`` (default ``(fan_in, fan_out)``) is the weights' shape when it is not the fans', e.g.
    a convolution kernel ``(kh, kw, C, F)`` with fans ``kh kw C`` and ``kh kw F``; there is one
    bias per entry of the last axis.
    """
    shape = (fan_in, fan_out) if shape is None else tuple(shape)
    bound = np.sqrt(gain / (fan_in + fan_out))
    weights = rng.uniform(-bound, bound, shape).astype(dtype, copy=False)
    biases = rng.uniform(-bound, bound, shape[-1]).astype(dtype, copy=False)
    return weights, biases


def normal(fan_in, fan_out, rng, scale=0.01, dtype=np.float64):
    """Weights ~ N(0, scale^2), biases 0 (Hinton 2010's RBM start)."""
    weights = rng.normal(0.0, scale, (fan_in, fan_out)).astype(dtype, copy=False)
    return weights, np.zeros(fan_out, dtype=dtype)


def leading_principal_components(Xc, n_components, n_iter=4, oversampling=10):
    r"""Leading eigenvalues and eigenvectors of the covariance of the centred ``Xc``, by subspace
    iteration (Halko, Martinsson & Tropp 2011, algorithm 4.4) without forming the covariance.

    :math:`Z \leftarrow \operatorname{orth}(X_c^\top X_c Z)` for ``n_iter`` steps from a fixed
    Gaussian :math:`d \times (k + p)` start, then Rayleigh-Ritz on the subspace: ``2 n_iter + 1``
    products of cost :math:`n\,d\,(k+p)` instead of :math:`n\,d^2`. The start is drawn from a fixed
    seed, so the result is deterministic (a SOM's PCA initialisation stays reproducible).

    Returns
    -------
    eigenvalues : ndarray of shape (n_components,), largest first
    components : ndarray of shape (n_components, n_features), orthonormal rows

    Examples
    --------
    >>> import numpy as np
    >>> from zoo._core.initializers import leading_principal_components
    >>> X = np.random.default_rng(0).normal(size=(500, 30)) * np.r_[5.0, 2.0, np.ones(28)]
    >>> values, vectors = leading_principal_components(X - X.mean(axis=0), 2)
    >>> np.abs(vectors).argmax(axis=1).tolist(), np.round(np.sqrt(values)).tolist()
    ([0, 1], [5.0, 2.0])
    """
    n_samples, n_features = Xc.shape
    width = min(n_components + oversampling, n_features)
    Z = np.random.default_rng(0).standard_normal((n_features, width)).astype(Xc.dtype)
    for _ in range(n_iter):
        # Z <- orth(Xc^T (Xc Z))
        Z, _ = np.linalg.qr(Xc.T @ (Xc @ Z))
    # Rayleigh-Ritz: eigenpairs of Z^T C Z, C = Xc^T Xc / (n - 1)
    Y = Xc @ Z
    small = Y.T @ Y / max(n_samples - 1, 1)
    eigenvalues, vectors = np.linalg.eigh(small)
    top = np.argsort(eigenvalues)[::-1][:n_components]
    return eigenvalues[top], (Z @ vectors[:, top]).T
