r"""Gaussian–Bernoulli RBM: real-valued visible units, binary hidden units (Hinton & Salakhutdinov
2006; Cho, Ilin & Raiko 2011), for continuous data standardised to zero mean and unit variance."""

import numpy as np
from sklearn.utils.validation import check_is_fitted

from .._core.docstrings import doc_entries, shared_doc
from .._core.energy import gaussian_rbm_free_energy
from .._core.sampling import sample_bernoulli
from ._base import _BaseRBM
from ._rbm import BernoulliRBM


@shared_doc(
    rbm_attributes=doc_entries(
        BernoulliRBM,
        "Attributes",
        ["intercept_hidden_", "intercept_visible_", "components_", "h_samples_", "n_iter_"]
        + ["n_features_in_", "feature_names_in_"],
    )
)
class GaussianBernoulliRBM(_BaseRBM):
    r"""Restricted Boltzmann machine with Gaussian visible units of unit variance.

    With the data standardised (e.g. ``StandardScaler``) so that every visible unit has unit
    variance, the energy is

    .. math::

        E(v, h) = \tfrac12 \lVert v - b \rVert^2 - h^\top c - v^\top W h,

    so :math:`p(h_j = 1 \mid v) = \sigma(c_j + v^\top W_{:j})` as in the binary RBM, while the
    visible units are Gaussian, :math:`p(v \mid h) = \mathcal N(b + W h, I)`, and the free energy
    is :math:`F(v) = \tfrac12\lVert v - b\rVert^2 - \sum_j \log(1 + e^{c_j + v^\top W_{:j}})`.
    The learning rule (CD-k or PCD-k with momentum and weight decay) is the binary RBM's — the
    gradient of :math:`-E` with respect to :math:`W` and :math:`b` has the same form — with
    Gibbs steps drawing :math:`v = b + W h + \varepsilon`, :math:`\varepsilon \sim \mathcal N(0,
    I)`.
    Gaussian units make the reconstruction unbounded, so the learning rate must be about ten times
    smaller than for binary units (Hinton 2010, section 13.2), and CD-1 is the usual choice.

    Parameters
    ----------
    n_components : int, default=256
    learning_rate : float, default=0.01
    batch_size : int, default=10
    n_iter : int, default=10
    verbose : int, default=0
    random_state : int, RandomState instance or None, default=None
    k : int, default=1
    persistent : bool, default=False
        CD-k by default (PCD-k with True).
    momentum : float, default=0.5
    weight_decay : float, default=1e-4
    shuffle : bool, default=True
    tol : float or None, default=None
    n_iter_no_change : int, default=10
    warm_start : bool, default=False
        As :class:`BernoulliRBM`.
    learn_variance : bool, default=False
        Learn each visible unit's variance :math:`\sigma_i^2` with Cho, Ilin & Raiko's (2011)
        energy :math:`E = \sum_i (v_i-b_i)^2/(2\sigma_i^2) - h^\top c - \sum_{ij}
        v_i W_{ij} h_j/\sigma_i^2`: :math:`p(h_j=1\mid v) = \sigma(c_j + \sum_i v_i W_{ij}/
        \sigma_i^2)`, :math:`p(v\mid h) = \mathcal N(b + Wh, \operatorname{diag}\sigma^2)`, and
        :math:`z_i = \log\sigma_i^2` follows the gradient of :math:`-E`,
        :math:`e^{-z_i}(\tfrac12(v_i-b_i)^2 - v_i (Wh)_i)`, like the other parameters (kept in
        [0.01, 100]).

    Attributes
    ----------
    {rbm_attributes}
    loss_curve_ : list of float
        Squared reconstruction error per epoch, :math:`\lVert v - (b + W h)\rVert^2` per sample.
    variance_ : ndarray of shape (n_features,)
        :math:`\sigma_i^2`: ones unless ``learn_variance=True``.

    References
    ----------
    .. [1] Hinton, G. E. and Salakhutdinov, R. R. (2006). Reducing the dimensionality of data
       with neural networks. Science 313, 504-507.
    .. [2] Cho, K., Ilin, A. and Raiko, T. (2011). Improved learning of Gaussian-Bernoulli
       restricted Boltzmann machines. ICANN.
    .. [3] Hinton, G. E. (2010). A practical guide to training restricted Boltzmann machines.
       UTML TR 2010-003.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.preprocessing import StandardScaler
    >>> from zoo.boltzmann import GaussianBernoulliRBM
    >>> X = StandardScaler().fit_transform(load_iris().data)
    >>> rbm = GaussianBernoulliRBM(n_components=8, n_iter=20, random_state=0).fit(X)
    >>> rbm.transform(X).shape
    (150, 8)
    >>> bool(rbm.loss_curve_[-1] < rbm.loss_curve_[0])
    True
    """

    def __init__(
        self,
        n_components=256,
        *,
        learning_rate=0.01,
        batch_size=10,
        n_iter=10,
        verbose=0,
        random_state=None,
        k=1,
        persistent=False,
        momentum=0.5,
        weight_decay=1e-4,
        shuffle=True,
        tol=None,
        n_iter_no_change=10,
        learn_variance=False,
        warm_start=False,
    ):
        self.n_components = n_components
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.n_iter = n_iter
        self.verbose = verbose
        self.random_state = random_state
        self.k = k
        self.persistent = persistent
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.shuffle = shuffle
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.learn_variance = learn_variance
        self.warm_start = warm_start

    _parameter_constraints: dict = {
        **_BaseRBM._parameter_constraints,
        "learn_variance": ["boolean"],
    }

    def _initialize_visible_extras(self, n_features, dtype):
        self.variance_ = np.ones(n_features, dtype=dtype)

    def _scaled(self, V):
        """v / sigma^2: what the hidden units see."""
        return V / self.variance_ if self.learn_variance else V

    def _update_visible_extras(self, stacked_v, stacked_h, weights, n):
        """Learned variances (Cho et al. 2011), with z = log sigma^2:
        d(-E)/dz_i = exp(-z_i) (1/2 (v_i - b_i)^2 - v_i (W h)_i); then v <- v / sigma^2 in the
        stacked block, for the W and b updates (d(-E)/dW_ij = v_i h_j / sigma_i^2)."""
        if not self.learn_variance:
            return
        variance = self.variance_.copy()
        top_down = stacked_h @ self.components_  # (W h)_i per row
        per_row = 0.5 * (stacked_v - self.intercept_visible_) ** 2 - stacked_v * top_down
        log_variance = np.log(variance) + (weights @ per_row) / variance
        # keep sigma^2 in [1e-2, 1e2] of the standardised scale: a collapsing variance diverges
        np.clip(log_variance, np.log(1e-2), np.log(1e2), out=log_variance)
        np.exp(log_variance, out=self.variance_)
        stacked_v /= variance

    def _visible_means(self, H, out=None):
        """E[v | h] = b + W h (Gaussian units)."""
        means = np.matmul(H, self.components_, out=None if out is None else out[: H.shape[0]])
        means += self.intercept_visible_
        return means

    def _sample_visible(self, means, rng, uniform):
        """v = E[v | h] + sigma eps, eps ~ N(0, 1), in place."""
        noise = uniform[: means.shape[0]]
        rng.standard_normal(dtype=noise.dtype, out=noise)
        if self.learn_variance:
            noise *= np.sqrt(self.variance_)
        means += noise
        return means

    def free_energy(self, X):
        r""":math:`F(v) = \tfrac12\lVert v-b\rVert^2 - \sum_j\log(1+e^{c_j+v^\top W_{:j}})`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        free_energy : ndarray of shape (n_samples,)
        """
        X = self._checked(X)
        return gaussian_rbm_free_energy(
            X, self._W, self.intercept_visible_, self.intercept_hidden_, self.variance_
        )

    def score_samples(self, X):
        """Negative free energy :math:`-F(v)`, the unnormalised log-density of each sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        score : ndarray of shape (n_samples,)
        """
        return -self.free_energy(X)

    def gibbs(self, v, n_steps=1):
        """Gibbs steps v -> h -> v' with Gaussian visible units.

        Parameters
        ----------
        v : ndarray of shape (n_samples, n_features)
        n_steps : int, default=1

        Returns
        -------
        v_new : ndarray of shape (n_samples, n_features)
        """
        V = self._checked(v)
        rng = self._sampling_rng
        for _ in range(n_steps):
            H = sample_bernoulli(self._hidden_means(self._scaled(V)), rng)
            V = self._sample_visible(self._visible_means(H), rng, np.empty_like(V))
        return V

    def _checked(self, X):
        check_is_fitted(self)
        return self._validate_input(X)
