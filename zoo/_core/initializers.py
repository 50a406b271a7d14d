r"""Weight initialisers. Each takes the layer's fan-in, fan-out and an explicit numpy ``Generator``
(or ``RandomState``) so that the same seed gives the same network.

* Glorot & Bengio (2010) uniform: :math:`W \sim U(-b, b)`, :math:`b = \sqrt{g / (n_{in} + n_{out})}`
  with gain ``g = 6`` (``g = 2`` for logistic units, as scikit-learn's MLP does);
* normal :math:`N(0, \sigma^2)` (Hinton's RBM recipe uses :math:`\sigma = 0.01`);
* the leading principal components of the data (a SOM's PCA start), by subspace iteration, and
  the (weighted) principal axes;
* prototypes drawn from the data (SOM, neural gas): given, uniform in its box, or sampled.
"""

import numpy as np
import scipy.linalg
from sklearn.utils import check_array


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


def principal_axes(X, n_components, weights=None, exact_max_features=256):
    r"""Mean, leading variances and principal axes of the rows of ``X``, each repeated
    ``weights[i]`` times when given.

    :math:`\bar x = \sum_i w_i x_i / \sum_i w_i`, :math:`C = \sum_i w_i (x_i - \bar x)(x_i -
    \bar x)^\top / (\sum_i w_i - 1)`, computed from the rows :math:`\sqrt{w_i}(x_i - \bar x)`: the
    covariance's eigenpairs (``eigh``) with at least as many samples as features, the SVD of those
    rows otherwise, and above ``exact_max_features`` features (with more samples)
    :func:`leading_principal_components`' two subspace iterations. An axis has no sign: each is
    turned so that its largest coordinate is positive (a reproducible start).

    Returns
    -------
    mean : ndarray of shape (n_features,)
    eigenvalues : ndarray of shape (k,), largest first, k <= n_components
    components : ndarray of shape (k, n_features)
    """
    n_samples, n_features = X.shape
    if weights is None:
        mean = X.mean(axis=0)
        Xc = X - mean
        n_observations = n_samples
    else:
        mean = (weights @ X) / weights.sum()
        Xc = (X - mean) * np.sqrt(weights)[:, np.newaxis]
        n_observations = float(weights.sum())
    if n_features > exact_max_features and n_samples > n_features:
        # many features: the covariance would cost n d^2 (6 GFLOP for 10,000 x 784). Two
        # subspace iterations place the plane to within 1e-4 in cosine (digits at 784 pixels):
        # plenty for a start that training moves anyway
        eigenvalues, components = leading_principal_components(Xc, n_components, n_iter=2)
        if weights is not None:  # it divides by n - 1
            eigenvalues = eigenvalues * (max(n_samples - 1, 1) / max(n_observations - 1, 1))
    elif n_features <= n_samples:
        covariance = Xc.T @ Xc / max(n_observations - 1, 1)
        eigenvalues, eigenvectors = scipy.linalg.eigh(
            covariance, subset_by_index=[n_features - n_components, n_features - 1]
        )
        eigenvalues, components = eigenvalues[::-1], eigenvectors[:, ::-1].T
    else:
        _, singular_values, Vt = np.linalg.svd(Xc, full_matrices=False)
        n_components = min(n_components, Vt.shape[0])
        eigenvalues = singular_values[:n_components] ** 2 / max(n_observations - 1, 1)
        components = Vt[:n_components]
    signs = np.sign(components[np.arange(n_components), np.abs(components).argmax(axis=1)])
    return mean, eigenvalues, components * signs[:, np.newaxis]


def initial_prototypes(init, X, n_units, rng, weights=None, size_name="n_units"):
    """``n_units`` prototypes before training: ``init`` given as an array (copied, checked to be
    ``(n_units, n_features)``), ``"random"`` (uniform in the bounding box of ``X``) or
    ``"sample"`` (rows of ``X`` drawn without replacement while there are enough, with
    probability ``w_i / sum(w)`` when ``weights`` differ; equal weights draw as none do).
    ``size_name`` names ``n_units`` in the error message."""
    if not isinstance(init, str):
        W = check_array(init, dtype=X.dtype, copy=True, input_name="init")
        if W.shape != (n_units, X.shape[1]):
            raise ValueError(
                f"init has shape {W.shape}, expected ({size_name}, n_features) = "
                f"{(n_units, X.shape[1])}."
            )
        return W
    if init == "random":
        low, high = X.min(axis=0), X.max(axis=0)
        return rng.uniform(low, high, (n_units, X.shape[1])).astype(X.dtype)
    p = None if weights is None or np.ptp(weights) == 0 else weights / weights.sum()
    picks = rng.choice(X.shape[0], n_units, replace=X.shape[0] < n_units, p=p)
    return X[picks].copy()
