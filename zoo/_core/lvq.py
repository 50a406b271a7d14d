r"""Learning vector quantization: the nearest prototypes of a sample, GLVQ's cost and its gradient.

Prototypes :math:`w_j` carry class labels :math:`c_j`. For a sample :math:`x` of class :math:`y`,
:math:`d^+` is its (squared) distance to the nearest prototype of its own class, :math:`w^+`, and
:math:`d^-` the distance to the nearest prototype of any other class, :math:`w^-`.

GLVQ (Sato & Yamada 1996) minimises

.. math:: E = \frac{1}{\sum_i s_i}\sum_i s_i\, f(\beta\,\mu_i), \qquad
          \mu_i = \frac{d^+_i - d^-_i}{d^+_i + d^-_i} \in [-1, 1],

(:math:`s_i` the sample weights, :math:`f` the logistic function or the identity): :math:`\mu < 0`
exactly when :math:`x` is classified correctly, and :math:`E` is smooth where the nearest
prototypes do not change. The distance is either the squared Euclidean one,
:math:`d(x, w) = \lVert x - w\rVert^2`, or GMLVQ's adaptive one (Schneider, Biehl & Hammer 2009),

.. math:: d_\Omega(x, w) = (x - w)^\top \Omega^\top\Omega\,(x - w) = \lVert \Omega x - \Omega w
          \rVert^2, \qquad \Lambda = \Omega^\top\Omega ,

so both are squared Euclidean distances, the second between projections :math:`z = \Omega x`,
:math:`v = \Omega w`, computed by one GEMM (:func:`zoo._core.distances.squared_euclidean`).

Gradient. With :math:`\varphi_i = s_i\beta f'(\beta\mu_i)/\sum s` and
:math:`\partial\mu/\partial d^+ = 2d^-/(d^+ + d^-)^2`,
:math:`\partial\mu/\partial d^- = -2d^+/(d^+ + d^-)^2`, write
:math:`G_{ij} = \varphi_i\,\partial\mu_i/\partial d_{ij}` (two non-zeros per row, at :math:`w^+`
and :math:`w^-`). Since :math:`\partial d_\Omega(x, w)/\partial w = -2\Lambda(x - w)` and
:math:`\partial d_\Omega(x, w)/\partial\Omega = 2\,\Omega(x - w)(x - w)^\top`,

.. math:: \frac{\partial E}{\partial W} = -2\left(G^\top Z - \mathrm{diag}(G^\top 1)\, V\right)
          \Omega , \qquad
          \frac{\partial E}{\partial \Omega} = 2\sum_{ij} G_{ij}(z_i - v_j)(x_i - w_j)^\top
          = 2\left(Z^\top\mathrm{diag}(G 1)X - (G^\top Z)^\top W - V^\top G^\top X
          + V^\top \mathrm{diag}(G^\top 1) W\right),

a handful of GEMMs (:math:`\Omega = I` for GLVQ: :math:`\partial E/\partial W = -2(G^\top X -
\mathrm{diag}(G^\top 1)W)`). :math:`\mu` is invariant to a common scale of all distances, so
:math:`E(c\,\Omega) = E(\Omega)`: the gradient in :math:`\Omega` is orthogonal to :math:`\Omega`,
and normalising :math:`\mathrm{trace}(\Lambda) = \lVert\Omega\rVert_F^2 = 1` changes no cost.
"""

import numpy as np

from .activations import get_activation
from .distances import squared_euclidean


def nearest_prototypes(D, same_class):
    r"""Indices and distances of the nearest correct and the nearest wrong prototype of each row.

    Parameters
    ----------
    D : ndarray of shape (n_samples, n_prototypes)
        Squared distances :math:`d_{ij}`.
    same_class : ndarray of bool, shape (n_samples, n_prototypes)
        :math:`[c_j = y_i]`.

    Returns
    -------
    j_plus, d_plus, j_minus, d_minus : ndarrays of shape (n_samples,)
        :math:`w^+ = \arg\min_{c_j = y_i} d_{ij}` and :math:`w^- = \arg\min_{c_j \ne y_i} d_{ij}`.
    """
    inf = np.array(np.inf, dtype=D.dtype)
    rows = np.arange(D.shape[0])
    masked = np.where(same_class, D, inf)
    j_plus = masked.argmin(axis=1)
    d_plus = D[rows, j_plus]
    np.copyto(masked, D)
    np.copyto(masked, inf, where=same_class)
    j_minus = masked.argmin(axis=1)
    d_minus = D[rows, j_minus]
    return j_plus, d_plus, j_minus, d_minus


def relative_distance_difference(d_plus, d_minus):
    r""":math:`\mu = (d^+ - d^-)/(d^+ + d^-)`, and 0 where both distances are 0."""
    total = d_plus + d_minus
    return np.divide(d_plus - d_minus, total, out=np.zeros_like(total), where=total > 0)


def class_distances(D, prototype_class, n_classes):
    """Distance of each sample to the nearest prototype of each class, (n_samples, n_classes)."""
    out = np.empty((D.shape[0], n_classes), dtype=D.dtype)
    for k in range(n_classes):
        out[:, k] = D[:, prototype_class == k].min(axis=1)
    return out


def relative_distance_proba(class_d):
    r"""Class memberships from the relative distances to the classes' nearest prototypes.

    .. math:: p_k(x) = \frac{1 / d_k(x)}{\sum_l 1 / d_l(x)} = \frac{1}{\sum_l d_k(x) / d_l(x)},

    the fuzzy c-means membership (fuzzifier 2) of the squared distances :math:`d_k`: it depends on
    the ratios of the distances only (so on no unit of scale), is largest for the class of the
    nearest prototype, and is 1 for a class whose prototype :math:`x` coincides with (shared
    equally between such classes). Computed as :math:`r_k = d_{\min}/d_k \in [0, 1]` so nothing
    overflows.
    """
    d_min = class_d.min(axis=1, keepdims=True)
    # r_k = d_min / d_k; a class at distance 0 gets r = 1 (and every other one 0 / d_k = 0)
    ratio = np.divide(
        np.broadcast_to(d_min, class_d.shape),
        class_d,
        out=np.ones_like(class_d),
        where=class_d > 0,
    )
    ratio /= ratio.sum(axis=1, keepdims=True)
    return ratio


def relative_distance_decision(class_d):
    r"""Decision values :math:`-\mu_k = (d_{\neg k} - d_k)/(d_{\neg k} + d_k)`, in [-1, 1].

    :math:`d_{\neg k}` is the distance to the nearest prototype of any other class; the value is
    positive for the class of the nearest prototype only, and is GLVQ's :math:`-\mu` for the true
    class.
    """
    n_classes = class_d.shape[1]
    order = np.argsort(class_d, axis=1)
    rows = np.arange(class_d.shape[0])
    first = class_d[rows, order[:, 0]][:, np.newaxis]
    second = class_d[rows, order[:, 1]][:, np.newaxis]
    # d_{not k} = the nearest class, except for the nearest class itself (then the second)
    other = np.where(np.arange(n_classes) == order[:, :1], second, first)
    return -relative_distance_difference(class_d, other)


#: ``beta="auto"``: the sigmoid's argument :math:`\beta|\mu|` of the median sample at the start.
AUTO_SLOPE_ARGUMENT = 2.0


def auto_slope(X, same_class, W, Omega=None, sample_weight=None):
    r"""The slope :math:`\beta = 2 / \operatorname{median}_i |\mu_i|` at the initial prototypes.

    :math:`\mu` is spread over the whole of [-1, 1] when the classes lie apart (iris: median
    :math:`|\mu| = 0.73` at the class means) and crowds near 0 in many dimensions (digits:
    0.25). A fixed :math:`\beta` saturates the sigmoid on the first, where only the few samples
    near a border then carry gradient (and a learned metric fits them), and leaves it nearly
    linear on the second. This :math:`\beta` puts the median sample at the same point of the
    sigmoid, :math:`\beta|\mu| = 2`, on every data set. Samples of weight 0 are left out; 1
    when every :math:`\mu` is 0.
    """
    Z, V = (X, W) if Omega is None else (X @ Omega.T, W @ Omega.T)
    _, d_plus, _, d_minus = nearest_prototypes(squared_euclidean(Z, V), same_class)
    mu = np.abs(relative_distance_difference(d_plus, d_minus))
    if sample_weight is not None:
        mu = mu[sample_weight > 0]
    typical = float(np.median(mu)) if mu.size else 0.0
    return AUTO_SLOPE_ARGUMENT / typical if typical > 0 else 1.0


def glvq_loss_and_gradient(
    X,
    same_class,
    W,
    Omega=None,
    sample_weight=None,
    activation="logistic",
    beta=1.0,
    grad_W=None,
    grad_Omega=None,
):
    r"""GLVQ's (or GMLVQ's) cost :math:`E` and, when buffers are given, its gradient in place.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    same_class : ndarray of bool, shape (n_samples, n_prototypes)
        :math:`[c_j = y_i]`.
    W : ndarray of shape (n_prototypes, n_features)
    Omega : ndarray of shape (n_components, n_features) or None
        GMLVQ's :math:`\Omega`; None for GLVQ's Euclidean distance.
    sample_weight : ndarray of shape (n_samples,) or None
    activation : {"logistic", "identity"}
        :math:`f`.
    beta : float
        Slope :math:`\beta` of :math:`f(\beta\mu)`.
    grad_W : ndarray like W or None
        Receives :math:`\partial E/\partial W`.
    grad_Omega : ndarray like Omega or None
        Receives :math:`\partial E/\partial\Omega` (GMLVQ).

    Returns
    -------
    loss : float
    """
    Z, V = (X, W) if Omega is None else (X @ Omega.T, W @ Omega.T)
    D = squared_euclidean(Z, V)
    j_plus, d_plus, j_minus, d_minus = nearest_prototypes(D, same_class)
    mu = relative_distance_difference(d_plus, d_minus)
    f, f_prime = get_activation(activation)
    a = f(beta * mu)
    if sample_weight is None:
        weights = np.full_like(mu, 1.0 / X.shape[0])
    else:
        weights = (sample_weight / sample_weight.sum()).astype(mu.dtype, copy=False)
    loss = float(weights @ a)
    if grad_W is None and grad_Omega is None:
        return loss
    # phi_i = s_i beta f'(beta mu_i) / sum(s)
    phi = f_prime(a, np.full_like(a, beta)) * weights
    total = d_plus + d_minus
    scale = np.divide(2.0 * phi, total * total, out=np.zeros_like(total), where=total > 0)
    # G_ij = phi_i dmu_i/dd_ij: 2 d- / (d+ + d-)^2 at w+, -2 d+ / (d+ + d-)^2 at w-
    G = np.zeros_like(D)
    rows = np.arange(X.shape[0])
    G[rows, j_plus] = scale * d_minus
    G[rows, j_minus] = -scale * d_plus
    column_sums = G.sum(axis=0)
    GtZ = G.T @ Z
    if grad_W is not None:
        # dE/dW = -2 (G^T Z - diag(G^T 1) V) Omega
        step = GtZ - column_sums[:, np.newaxis] * V
        if Omega is None:
            np.multiply(step, -2.0, out=grad_W)
        else:
            np.matmul(step, Omega, out=grad_W)
            grad_W *= -2.0
    if grad_Omega is not None:
        # dE/dOmega = 2 (Z^T diag(G 1) X - (G^T Z)^T W - V^T G^T X + V^T diag(G^T 1) W)
        row_sums = G.sum(axis=1)
        np.matmul((Z * row_sums[:, np.newaxis]).T, X, out=grad_Omega)
        grad_Omega -= GtZ.T @ W
        grad_Omega -= V.T @ (G.T @ X - column_sums[:, np.newaxis] * W)
        grad_Omega *= 2.0
    return loss
