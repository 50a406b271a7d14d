r"""Category memories of the Gaussian and ellipsoidal ART modules, driven by the shared
presentation loop of :mod:`zoo.art._base` (each supplies ``add``, ``activations``, ``learn`` and
``batch_activations``, as :class:`zoo._core.art.CategoryMemory` does).

* :class:`GaussianMemory` (Williamson 1996): diagonal Gaussian categories, mean :math:`\mu_j`,
  standard deviations :math:`\sigma_j`, count :math:`n_j`; choice
  :math:`g_j = n_j \prod_i \sigma_{ji}^{-1} \exp(-\tfrac12 D_j^2)`, match
  :math:`\hat g_j = \exp(-\tfrac12 D_j^2)`, :math:`D_j^2 = \sum_i (x_i - \mu_{ji})^2/\sigma_{ji}^2`.
* :class:`EllipsoidMemory` (Anagnostopoulos & Georgiopoulos 2001): hyper-ellipsoids with a
  centre, a major-axis direction and a radius, of axis ratio :math:`\mu`; Hypersphere ART's
  choice, match and learning in each category's own metric.
"""

import math

import numpy as np
from scipy.special import polygamma

from .art import _RowMemory


class _ShapedRowMemory(_RowMemory):
    """:class:`_RowMemory` plus per-category float64 arrays of any shape (``_shaped``: names,
    ``_shape(name, n_features)``: the shape of one category's entry), grown, pickled and restored
    with the rows."""

    _shaped = ()

    def _shape(self, name, n_features):
        raise NotImplementedError

    def __init__(self, n_features, dtype, capacity=16):
        super().__init__(n_features, dtype, capacity)
        for name in self._shaped:
            shape = (self._W.shape[0], *self._shape(name, n_features))
            setattr(self, "_" + name, np.empty(shape))

    def _grow(self):
        n = self.n_categories
        super()._grow()
        for name in self._shaped:
            old = getattr(self, "_" + name)
            values = np.empty((self._W.shape[0], *old.shape[1:]))
            values[:n] = old[:n]
            setattr(self, "_" + name, values)

    def __getstate__(self):
        state = super().__getstate__()
        state.update(
            {name: getattr(self, "_" + name)[: self.n_categories].copy() for name in self._shaped}
        )
        return state

    def __setstate__(self, state):
        super().__setstate__(state)
        for name in self._shaped:
            getattr(self, "_" + name)[: self.n_categories] = state[name]


def sum_inverse_squares(start, count):
    r""":math:`\sum_{m=n+1}^{n+s} m^{-2} = \psi_1(n + 1) - \psi_1(n + s + 1)` (trigamma), for real
    :math:`n > 0` and :math:`s > 0`: the variance of :math:`s` consecutive presentations."""
    return float(polygamma(1, start + 1.0) - polygamma(1, start + count + 1.0))


#: the smallest normal float64: the floor of a variance whose reciprocal is formed
_TINY = float(np.finfo(np.float64).tiny)


class GaussianMemory(_ShapedRowMemory):
    r"""Gaussian ART's categories (Williamson 1996): means, diagonal variances and counts.

    Choice (the log of the paper's :math:`g_j`, the same order, free of under- and overflow in
    many dimensions) and match:

    .. math:: G_j = \log n_j - \tfrac12 \sum_i \log \sigma_{ji}^2 - \tfrac12 D_j^2, \qquad
              \hat g_j = \exp(-\tfrac12 D_j^2).

    Learning of a presentation of weight :math:`s` (1: the paper's rule),
    :math:`n_J \leftarrow n_J + s`, :math:`\mu_J \leftarrow (1 - s/n_J)\mu_J + (s/n_J) x`,
    :math:`\sigma_{J}^2 \leftarrow (1 - 1/n_J)\sigma_{J}^2 + (1/n_J)(\mu_J - x)^2` (with the new
    :math:`n_J, \mu_J`; for :math:`s \ne 1` the closed form of :math:`s` consecutive presentations,
    :func:`sum_inverse_squares`). A new category is :math:`\mu = x`, :math:`\sigma = \gamma`
    (``sigma_init``), :math:`n = 1`. A variance never falls below the smallest normal float
    (:math:`\gamma^2 / n` after :math:`n` identical inputs would): its reciprocal stays finite.
    """

    _extra = ("counts", "log_norms")  # n_j and log n_j - 1/2 sum_i log sigma_ji^2
    _shaped = ("variances", "precisions")  # sigma_ji^2 and 1 / sigma_ji^2

    def _shape(self, name, n_features):
        return (n_features,)

    def __init__(self, n_features, dtype, capacity=16, sigma_init=None):
        super().__init__(n_features, dtype, capacity)
        self.sigma_init = np.ones(n_features) if sigma_init is None else sigma_init
        self._initial_variance = np.square(np.asarray(self.sigma_init, dtype=np.float64))
        self._scratch = np.empty((self._W.shape[0], n_features))

    def _params(self):
        return {"sigma_init": self.sigma_init}

    @property
    def counts(self):
        return self._counts[: self.n_categories]

    @property
    def variances(self):
        return self._variances[: self.n_categories]

    def _grow(self):
        super()._grow()
        self._scratch = np.empty(self._W.shape)

    def _set_variance(self, J, variance):
        # n identical inputs shrink sigma^2 to gamma^2 / n: below the smallest normal float its
        # reciprocal would overflow, so the variance stops there (normal data never gets there)
        np.maximum(variance, _TINY, out=self._variances[J])
        variance = self._variances[J]
        np.divide(1.0, variance, out=self._precisions[J])
        # log of the choice's prior over the normalisation: log n_j - sum_i log sigma_ji
        self._log_norms[J] = math.log(self._counts[J]) - 0.5 * float(np.sum(np.log(variance)))

    def add(self, x, label=-1):
        J = super().add(x, label)
        self._counts[J] = 1.0
        self._set_variance(J, self._initial_variance)
        return J

    def _scores(self, distance2):
        return self._log_norms[: self.n_categories] - 0.5 * distance2, np.exp(-0.5 * distance2)

    def _distances(self, x, out):
        """D_j^2 = sum_i (x_i - mu_ji)^2 / sigma_ji^2 for every category, into ``out``."""
        n = self.n_categories
        difference = np.subtract(self._W[:n], x, out=self._scratch[:n])
        np.square(difference, out=difference)
        return np.einsum("ij,ij->i", difference, self._precisions[:n], out=out)

    def activations(self, x, input_norm, alpha):
        return self._scores(self._distances(x, np.empty(self.n_categories)))

    def batch_activations(self, X, input_norms, alpha):
        distance2 = np.empty((X.shape[0], self.n_categories))
        for i, x in enumerate(X):  # exact differences, as in training: predict agrees with labels_
            self._distances(x, distance2[i])
        return self._scores(distance2)

    def learn(self, J, x, beta):
        """A presentation of weight ``beta`` (a count: 1 for an unweighted one)."""
        mu, n = self._W[J], self._counts[J]
        old_mean, old_variance = mu.astype(np.float64), self._variances[J].copy()
        count = n + beta
        self._counts[J] = count
        mu += ((beta / count) * (x - old_mean)).astype(mu.dtype)  # mu <- (1 - s/n) mu + (s/n) x
        if beta == 1.0:
            # sigma^2 <- (1 - 1/n) sigma^2 + (1/n) (mu - x)^2, with the new n and mu
            variance = (1.0 - 1.0 / count) * old_variance + (1.0 / count) * np.square(mu - x)
        else:  # s consecutive presentations: n' s'^2 = n s^2 + n^2 (mu - x)^2 sum 1/m^2
            gap = np.square(old_mean - x) * (n * n * sum_inverse_squares(n, beta))
            variance = (n * old_variance + gap) / count
        self._set_variance(J, variance)
        return max(
            float(np.max(np.abs(mu - old_mean))),
            float(np.max(np.abs(np.sqrt(variance) - np.sqrt(old_variance)))),
        )


class EllipsoidMemory(_ShapedRowMemory):
    r"""Ellipsoid ART's categories (Anagnostopoulos & Georgiopoulos 2001): centres :math:`m_j`,
    unit major-axis directions :math:`d_j` and radii :math:`R_j` (half the major axis; the minor
    axes are :math:`\mu R_j`).

    The distance of :math:`x` from category :math:`j` is
    :math:`\mathrm{dis}_j = \mu^{-1}\sqrt{\|x - m_j\|^2 - (1 - \mu^2)(d_j^\top (x - m_j))^2}`
    (the category's own metric: :math:`R_j` on its surface), and the Euclidean
    :math:`\|x - m_j\|` for a category that is still a point (:math:`R_j = 0`, no axis yet).
    With :math:`D_j = \max(R_j, \mathrm{dis}_j)`: choice
    :math:`T_j = (\bar D - R_j - D_j) / (\bar D - 2R_j + \alpha)`, match
    :math:`M_j = 1 - (R_j + D_j) / \bar D`; learning as Hypersphere ART's in this metric,
    :math:`R_J \leftarrow R_J + \tfrac{\beta}{2}(D_J - R_J)`,
    :math:`m_J \leftarrow m_J + \tfrac{\beta}{2}(x - m_J)(1 - \min(R_J, \delta)/\delta)`,
    :math:`\delta = \mathrm{dis}_J`;
    the second distinct point a category learns fixes its axis,
    :math:`d_J = (x - m_J)/\|x - m_J\|` (with the centre before the update).
    """

    _extra = ("radii", "scales")  # R_j; 1/mu once the category has an axis, 1 while a point
    _shaped = ("axes",)

    def _shape(self, name, n_features):
        return (n_features,)

    def __init__(self, n_features, dtype, capacity=16, r_hat=1.0, mu=1.0):
        super().__init__(n_features, dtype, capacity)
        self.r_hat, self.mu = r_hat, mu
        self._scratch = np.empty((self._W.shape[0], n_features))

    def _params(self):
        return {"r_hat": self.r_hat, "mu": self.mu}

    @property
    def radii(self):
        return self._radii[: self.n_categories]

    @property
    def axes(self):
        return self._axes[: self.n_categories]

    def _grow(self):
        super()._grow()
        self._scratch = np.empty(self._W.shape)

    def add(self, x, label=-1):
        J = super().add(x, label)
        self._axes[J] = 0.0  # a point: no axis until it learns a second point
        self._scales[J] = 1.0
        return J

    def _distances(self, x, out):
        """dis_j for every category, into ``out``."""
        n = self.n_categories
        difference = np.subtract(self._W[:n], x, out=self._scratch[:n])
        squared = np.einsum("ij,ij->i", difference, difference)
        if self.mu != 1.0:
            along = np.einsum("ij,ij->i", self._axes[:n], difference)  # d_j . (x - m_j)
            # ||x - m||^2 - (1 - mu^2) (d . (x - m))^2 >= 0; rounding may dip below 0 on the
            # axis; a point category has d = 0 and its Euclidean distance (scale 1, not 1/mu)
            squared -= (1.0 - self.mu * self.mu) * along * along
            np.maximum(squared, 0.0, out=squared)
        np.sqrt(squared, out=out)
        if self.mu != 1.0:
            out *= self._scales[:n]
        return out

    def _scores(self, distance, alpha):
        radii, r_hat = self.radii, self.r_hat
        size = radii + np.maximum(radii, distance)  # R_j + D_j: the major axis after learning x
        return (r_hat - size) / (r_hat - 2.0 * radii + alpha), 1.0 - size / r_hat

    def activations(self, x, input_norm, alpha):
        return self._scores(self._distances(x, np.empty(self.n_categories)), alpha)

    def batch_activations(self, X, input_norms, alpha):
        distance = np.empty((X.shape[0], self.n_categories))
        for i, x in enumerate(X):  # exact differences, as in training: predict agrees with labels_
            self._distances(x, distance[i])
        return self._scores(distance, alpha)

    def learn(self, J, x, beta):
        m, R, mu = self._W[J], self._radii[J], self.mu
        difference = (x - m).astype(np.float64)
        squared = float(difference @ difference)
        if R > 0:
            along = float(self._axes[J] @ difference)
            distance = math.sqrt(max(squared - (1.0 - mu * mu) * along * along, 0.0)) / mu
        else:
            distance = math.sqrt(squared)
        # inside the ellipsoid nothing moves; a point fast learning put on the boundary may lie a
        # few ulps outside it after rounding, which must not count as a change pass after pass
        if distance - R <= 8.0 * np.finfo(m.dtype).eps * distance:
            return 0.0
        if R == 0:  # the second point: the axis through it and the first, kept from now on
            self._axes[J] = difference / math.sqrt(squared)
            self._scales[J] = 1.0 / mu
        step = 0.5 * beta * (1.0 - R / distance)
        self._radii[J] = R + 0.5 * beta * (distance - R)
        m += (step * difference).astype(m.dtype)
        return max(0.5 * beta * (distance - R), float(np.max(np.abs(step * difference))))


class BayesianMemory(_ShapedRowMemory):
    r"""Bayesian ART's categories (Vigdor & Lerner 2007): means, full covariances and counts.

    Choice, the log posterior up to a constant, and match, the hyper-volume test in logs:

    .. math:: G_j = \log n_j - \tfrac12 \log|\Sigma_j| - \tfrac12 q_j, \qquad
              M_j = \log S_{\max} - \log|\Sigma_j'| \ (\ge 0 \text{ to resonate}),

    :math:`q_j = (x - \mu_j)^\top \Sigma_j^{-1} (x - \mu_j)` and :math:`\Sigma_j'` the covariance
    after learning :math:`x` (``learned=True``; by the matrix determinant lemma
    :math:`|\Sigma_j'| = (n_j/n_j')^M |\Sigma_j| (1 + n_j q_j / n_j'^2)`, :math:`n_j' = n_j + 1`)
    or :math:`\Sigma_j` itself.

    Learning: :math:`n_J \leftarrow n_J + 1`,
    :math:`\mu_J \leftarrow (1 - 1/n_J)\mu_J + x/n_J`,
    :math:`\Sigma_J \leftarrow (1 - 1/n_J)\Sigma_J + (1/n_J)(x - \mu_J)(x - \mu_J)^\top` (with
    the new :math:`n_J, \mu_J`): a rank-one update :math:`a\Sigma + b\,vv^\top`, whose inverse
    (Sherman-Morrison) and log-determinant (the determinant lemma) follow in :math:`O(M^2)`. A
    new category is :math:`\mu = x`, :math:`\Sigma = \Sigma_0` (``cov_init``), :math:`n = 1`.
    """

    # n_j; log|Sigma_j|; the choice's log n_j - log|Sigma_j| / 2; the match's
    # M log(n_j / n_j') + log|Sigma_j| and n_j / n_j'^2 (the volume after learning)
    _extra = ("counts", "log_dets", "log_norms", "volume_offsets", "spreads")
    _shaped = ("covariances", "precisions")

    def _shape(self, name, n_features):
        return (n_features, n_features)

    def __init__(self, n_features, dtype, capacity=16, cov_init=None, log_s_max=0.0, learned=True):
        super().__init__(n_features, dtype, capacity)
        self.cov_init = np.eye(n_features) if cov_init is None else cov_init
        self.log_s_max, self.learned = log_s_max, learned
        self._scratch = np.empty((self._W.shape[0], n_features))
        self._initial_precision = np.linalg.inv(self.cov_init)
        self._initial_log_det = float(np.linalg.slogdet(self.cov_init)[1])

    def _params(self):
        return {"cov_init": self.cov_init, "log_s_max": self.log_s_max, "learned": self.learned}

    @property
    def counts(self):
        return self._counts[: self.n_categories]

    @property
    def covariances(self):
        return self._covariances[: self.n_categories]

    def _grow(self):
        super()._grow()
        self._scratch = np.empty(self._W.shape)

    def _refresh(self, J):
        """The per-category terms of choice and match, after n_J or Sigma_J changed."""
        n, log_det = self._counts[J], self._log_dets[J]
        self._log_norms[J] = math.log(n) - 0.5 * log_det
        self._volume_offsets[J] = self._W.shape[1] * math.log(n / (n + 1.0)) + log_det
        self._spreads[J] = n / ((n + 1.0) * (n + 1.0))

    def add(self, x, label=-1):
        J = super().add(x, label)
        self._counts[J] = 1.0
        self._covariances[J] = self.cov_init
        self._precisions[J] = self._initial_precision
        self._log_dets[J] = self._initial_log_det
        self._refresh(J)
        return J

    def _mahalanobis(self, x, out):
        """(x - mu_j)^T Sigma_j^-1 (x - mu_j) for every category, into ``out``."""
        n = self.n_categories
        difference = np.subtract(self._W[:n], x, out=self._scratch[:n])
        np.einsum("ij,ijk,ik->i", difference, self._precisions[:n], difference, out=out)
        # q >= 0; rounding in a nearly singular Sigma_j (cov_init far below the data's spread)
        # may dip below 0, where log1p(n q / n'^2) would be undefined
        return np.maximum(out, 0.0, out=out)

    def _scores(self, squared):
        n = self.n_categories
        choice = self._log_norms[:n] - 0.5 * squared
        if not self.learned:  # the volume before learning x
            return choice, np.broadcast_to(self.log_s_max - self._log_dets[:n], choice.shape)
        # log|Sigma'| = M log(n / n') + log|Sigma| + log(1 + n q / n'^2)
        learned = self._volume_offsets[:n] + np.log1p(self._spreads[:n] * squared)
        return choice, self.log_s_max - learned

    def activations(self, x, input_norm, alpha):
        return self._scores(self._mahalanobis(x, np.empty(self.n_categories)))

    def batch_activations(self, X, input_norms, alpha):
        squared = np.empty((X.shape[0], self.n_categories))
        for i, x in enumerate(X):  # as in training: predict agrees with labels_
            self._mahalanobis(x, squared[i])
        return self._scores(squared)

    def _rank_one(self, J, a, b, v):
        """Sigma_J <- a Sigma_J + b v v^T, with its inverse and log-determinant; returns the
        largest change of a covariance entry."""
        covariance, precision = self._covariances[J], self._precisions[J]
        u = precision @ v
        ratio = b / a
        denominator = 1.0 + ratio * float(v @ u)
        if not denominator > 0:  # v^T S^-1 v >= 0: S^-1 lost its positive definiteness
            raise ValueError(
                "BayesianART: a category's covariance became numerically singular (rounding in "
                "its inverse left it indefinite): cov_init is too small against the spread of X "
                "(variances below about 1e-16 times the squared distances between inputs). Give "
                "a larger cov_init, or scale the input, e.g. with StandardScaler."
            )
        updated = a * covariance + b * (v[:, None] * v)
        change = float(np.abs(updated - covariance).max())
        covariance[:] = updated
        # (a S + b v v^T)^-1 = (S^-1 - (b/a) S^-1 v v^T S^-1 / (1 + (b/a) v^T S^-1 v)) / a;
        # the factor first: u u^T alone overflows where S^-1 is near the largest float
        precision -= ((ratio / denominator) * u)[:, None] * u
        precision /= a
        # |a S + b v v^T| = a^M |S| (1 + (b/a) v^T S^-1 v)
        self._log_dets[J] += self._W.shape[1] * math.log(a) + math.log(denominator)
        return change

    def learn(self, J, x, beta):
        """A presentation of weight ``beta`` (a count: 1 for an unweighted one)."""
        mu, n = self._W[J], self._counts[J]
        old_mean = mu.astype(np.float64)
        count = n + beta
        self._counts[J] = count
        mu += ((beta / count) * (x - old_mean)).astype(mu.dtype)
        if beta == 1.0:
            # Sigma <- (1 - 1/n) Sigma + (1/n) (x - mu)(x - mu)^T, with the new n and mu
            change = self._rank_one(J, 1.0 - 1.0 / count, 1.0 / count, (x - mu).astype(np.float64))
        else:  # s consecutive presentations: n' S' = n S + n^2 dd^T sum 1/m^2 (GaussianMemory)
            scale = n * n * sum_inverse_squares(n, beta)
            change = self._rank_one(J, n / count, scale / count, old_mean - x)
        self._refresh(J)
        return max(float(np.abs(mu - old_mean).max()), change)
