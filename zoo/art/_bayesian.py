r"""Bayesian ART (Vigdor & Lerner 2007): full-covariance Gaussian categories."""

import math
from numbers import Real

import numpy as np
from sklearn.utils._param_validation import Interval, StrOptions

from .._core.art_gaussian import BayesianMemory
from .._core.docstrings import shared_doc
from ._base import _SHARED_ATTRIBUTES, NOVELTY, _ARTClusterer, _BaseART, _shared_parameters
from ._gaussian import _CountLearning, _initial_spread


@shared_doc(shared=_shared_parameters(1), attributes=_SHARED_ATTRIBUTES)
class BayesianART(_CountLearning, _ARTClusterer):
    r"""Bayesian ART: unsupervised, incremental clustering into full-covariance Gaussians.

    Category :math:`j` is a Gaussian with mean :math:`\mu_j`, covariance :math:`\Sigma_j` and a
    count :math:`n_j`. The categories compete with their posterior probability given :math:`x`
    (Bayes' rule with the prior :math:`n_j / \sum_l n_l`; computed as its logarithm, up to
    constants),

    .. math:: P(j \mid x) \propto \frac{n_j}{|\Sigma_j|^{1/2}}
              \exp\big(-\tfrac12 (x - \mu_j)^\top \Sigma_j^{-1} (x - \mu_j)\big),

    and the one with the largest posterior among those that pass the hyper-volume vigilance test

    .. math:: |\Sigma_J'| \le S_{\max}

    resonates and learns :math:`x` as one more sample,

    .. math:: n_J \leftarrow n_J + 1, \quad
              \mu_J \leftarrow \Big(1 - \frac{1}{n_J}\Big)\mu_J + \frac{1}{n_J} x, \quad
              \Sigma_J \leftarrow \Big(1 - \frac{1}{n_J}\Big)\Sigma_J
              + \frac{1}{n_J}(x - \mu_J)(x - \mu_J)^\top

    (with the new :math:`n_J, \mu_J`). :math:`\Sigma_J'` is the covariance the category would
    have after learning :math:`x` (``vigilance_volume="learned"``, from the matrix determinant
    lemma, no factorisation per input) or its current one (``"current"``). When none resonates, a
    new category is committed at :math:`\mu = x`, :math:`\Sigma = \Sigma_0` (``cov_init``),
    :math:`n = 1`. The vigilance bounds the size of a category rather than its similarity to
    :math:`x`: ``s_max`` takes the place of the other modules' ``rho``. There is no match
    tracking in the unsupervised module. Categories depend on the order of presentation: X is
    presented in order (one pass by default: the statistics move with every input).

    Parameters
    ----------
    s_max : float or None, default=None
        The hyper-volume bound :math:`S_{\max} > 0` on the determinant of a category's
        covariance (artlib's ``rho``): a smaller bound gives more, smaller categories. None:
        :math:`|\Sigma_0|`, the volume of a new category.
    cov_init : float, array-like or None, default=None
        The initial covariance :math:`\Sigma_0` of a new category: one variance for every
        feature, one per feature (shape (n_features,), a diagonal), or a symmetric positive
        definite matrix of shape (n_features, n_features). None: the squares of a tenth of each
        feature's range in the first fit's data (1 for a constant feature) on the diagonal, kept
        by later warm and partial fits. Variances must be normal floats of X's dtype (about
        [2e-308, 2e308] in float64); far below the data's squared spread (a factor 1e-16), the
        first update leaves a numerically singular covariance, which is rejected.
    vigilance_volume : {"learned", "current"}, default="learned"
        Which covariance the vigilance measures: the one after learning :math:`x` (artlib's), or
        the category's current one. The current volume does not depend on :math:`x`: an input
        joins the most probable category that is not yet too large, however far from it, so
        unsupervised clusters mix (on 5 blobs, adjusted Rand index about 0 against 0.5 or more).
    novelty : {"best", "reject"}, default="best"
        What :meth:`predict` says about an input that resonates with no category: the category
        with the largest posterior, or -1.
    {shared}

    Attributes
    ----------
    means_ : ndarray of shape (n_categories_, n_features_in_)
        The means :math:`\mu_j` (also ``weights_``).
    covariances_ : ndarray of shape (n_categories_, n_features_in_, n_features_in_)
        The covariances :math:`\Sigma_j`.
    counts_ : ndarray of shape (n_categories_,)
        The counts :math:`n_j` (the sums of the sample weights learned).
    cov_init_ : ndarray of shape (n_features_in_, n_features_in_)
        The initial covariance used.
    s_max_ : float
        The hyper-volume bound used.
    n_categories_ : int
        Number of committed categories (also ``n_clusters_``).
    labels_ : ndarray of shape (n_samples,)
        Category of each training sample in the last pass (-1: not learned, see max_categories).
    {attributes}

    Notes
    -----
    A sample of weight :math:`s` teaches its category what :math:`s` consecutive presentations
    would (:class:`GaussianART`'s closed form, with outer products), and a new category of
    weight :math:`s` has :math:`n = s`, :math:`\Sigma = \Sigma_0 / s`. The vigilance test is that
    of an unweighted presentation.

    artlib's ``BayesianART`` (0.1.12) tests the volume after learning and notes that the paper
    tests the current one; both are offered here, the default being the one that clusters.

    See Also
    --------
    GaussianART : diagonal covariances, a likelihood vigilance.

    References
    ----------
    .. [1] Vigdor, B., & Lerner, B. (2007). The Bayesian ARTMAP. IEEE Transactions on Neural
       Networks, 18(6), 1628-1644.

    Examples
    --------
    >>> from zoo.art import BayesianART
    >>> X = [[0.1, 0.1], [0.15, 0.12], [0.9, 0.85], [0.88, 0.9]]
    >>> art = BayesianART(s_max=1e-4, cov_init=0.01).fit(X)
    >>> art.labels_.tolist()
    [0, 0, 1, 1]
    """

    _parameter_constraints: dict = {
        **{k: v for k, v in _BaseART._parameter_constraints.items() if k != "rho"},
        "s_max": [None, Interval(Real, 0, None, closed="neither")],
        "cov_init": [None, Interval(Real, 0, None, closed="neither"), "array-like"],
        "vigilance_volume": [StrOptions({"learned", "current"})],
        "novelty": [NOVELTY],
    }

    _input_domain = "real"

    #: the shared search compares the match log S_max - log|Sigma'_j| with this vigilance
    rho = 0.0

    # the vigilance is s_max, a bound on a category's volume: a smaller one is stricter (SMART
    # takes its levels' s_max decreasing, as artlib's SMART takes Bayesian ART's rho)
    _vigilance = "s_max"
    _larger_rho_is_stricter = False

    def __init__(
        self,
        *,
        s_max=None,
        cov_init=None,
        vigilance_volume="learned",
        novelty="best",
        n_epochs=1,
        tol=0.0,
        max_categories=None,
        warm_start=False,
    ):
        self.s_max = s_max
        self.cov_init = cov_init
        self.vigilance_volume = vigilance_volume
        self.novelty = novelty
        self.n_epochs = n_epochs
        self.tol = tol
        self.max_categories = max_categories
        self.warm_start = warm_start

    def _initial_covariance(self, patterns):
        n_features = patterns.shape[1]
        if self.cov_init is None:
            return np.diag(np.square(_initial_spread(self, patterns, None, "cov_init", 0.1)))
        cov = np.asarray(self.cov_init, dtype=np.float64)
        if cov.ndim < 2:  # variances on the diagonal
            if np.all(np.isfinite(cov)) and np.all(cov > 0):
                cov = np.sqrt(cov)
            spread = _initial_spread(self, patterns, cov, "cov_init", 0.2, given=self.cov_init)
            return np.diag(np.square(spread))
        if cov.shape != (n_features, n_features) or not np.all(np.isfinite(cov)):
            raise ValueError(
                f"BayesianART: cov_init must be a positive number, {n_features} of them or a "
                f"{n_features} x {n_features} matrix, got shape {cov.shape}."
            )
        if not np.allclose(cov, cov.T):
            raise ValueError("BayesianART: cov_init is not symmetric.")
        try:
            np.linalg.cholesky(cov)
        except np.linalg.LinAlgError:
            raise ValueError("BayesianART: cov_init is not positive definite.") from None
        return cov.copy()

    def _check_volume(self, patterns, log_volume):
        r"""The default ``s_max`` is the volume :math:`|\Sigma_0|`, a product of M variances:
        choice and match use its logarithm, but ``s_max_`` reports it, so it must be a float64
        number: a ValueError names the scale of X (``cov_init=None``) or ``cov_init`` if not."""
        largest = math.log(float(np.finfo(np.float64).max))
        if log_volume < largest:
            return
        volume = f"|Sigma_0| = exp({log_volume:.4g})"
        if self.cov_init is None:
            raise ValueError(
                f"BayesianART: X has values as large as {float(np.max(np.abs(patterns))):.3g}, "
                "so the volume of a new category (cov_init=None: the squares of a tenth of each "
                f"feature's range on the diagonal), {volume}, overflows float64 as the "
                "default s_max. Scale the input, e.g. with StandardScaler, or give s_max."
            )
        raise ValueError(
            f"BayesianART: cov_init={self.cov_init!r} gives a new category the volume {volume}, "
            "beyond float64 as the default s_max: give a smaller cov_init, or s_max."
        )

    def _prepare(self, patterns):
        """The initial covariance and volume bound of a first fit (also what a composite module
        asks for)."""
        self._cov_init = self._initial_covariance(patterns)
        log_volume = float(np.linalg.slogdet(self._cov_init)[1])
        if self.s_max is None:
            self._check_volume(patterns, log_volume)
        self._log_s_max = log_volume if self.s_max is None else math.log(self.s_max)

    def _train(self, patterns, norms, targets, incremental, sample_weight=None):
        if not ((incremental or self.warm_start) and hasattr(self, "_memory")):
            self._prepare(patterns)
        labels = super()._train(patterns, norms, targets, incremental, sample_weight)
        dtype = self.weights_.dtype
        self.cov_init_ = self._cov_init.astype(dtype)
        self.s_max_ = math.exp(self._log_s_max)
        self.means_ = self.weights_
        self.covariances_ = self._memory.covariances.astype(dtype)  # float64 inside
        self.counts_ = self._memory.counts.astype(dtype)
        return labels

    def _new_memory(self, n_features, dtype, capacity):
        return BayesianMemory(
            n_features,
            dtype,
            capacity,
            cov_init=self._cov_init,
            log_s_max=self._log_s_max,
            learned=self.vigilance_volume == "learned",
        )
