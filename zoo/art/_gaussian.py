r"""Gaussian ART (Williamson 1996): diagonal Gaussian categories."""

from numbers import Real

import numpy as np
from sklearn.utils._param_validation import Interval

from .._core.art_gaussian import GaussianMemory
from .._core.docstrings import shared_doc
from .._core.validation import check_input_scale, check_width
from ._base import _SHARED_ATTRIBUTES, NOVELTY, _ARTClusterer, _BaseART, _shared_parameters


def _initial_spread(estimator, patterns, value, name, fraction, given=None):
    """A per-feature initial spread: ``value`` (a positive float or one per feature) or, for
    None, ``fraction`` of each feature's range in ``patterns`` (1 for a constant feature).

    The spread is a standard deviation whose square the memory forms and inverts, so it must lie
    where its square is a positive normal number of ``patterns``' dtype (:func:`check_width`);
    otherwise a ValueError names ``name`` (and ``given``, the value the user gave, when
    ``value`` is derived from it) or, for a spread derived from the data, the scale of X and the
    fix (X near 1e-300 has ranges whose squares underflow to 0: singular categories)."""
    n_features = patterns.shape[1]
    if value is None:
        if not len(patterns):
            return np.ones(n_features)
        extent = (patterns.max(axis=0) - patterns.min(axis=0)).astype(np.float64)
        spread = np.where(extent > 0, fraction * extent, 1.0)
        try:
            check_width(
                spread,
                patterns.dtype,
                type(estimator).__name__,
                f"{name}=None ({fraction:g} of each feature's range)",
            )
        except ValueError as error:
            largest = float(np.max(np.abs(patterns)))
            raise ValueError(
                f"{error} X has values as large as {largest:.3g} and features ranging over as "
                f"little as {float(extent[extent > 0].min()):.3g}. Scale the input, e.g. with "
                f"StandardScaler, or give {name}."
            ) from None
        return spread
    spread = np.asarray(value, dtype=np.float64)
    if spread.ndim == 0:
        spread = np.full(n_features, float(spread))
    if spread.shape != (n_features,) or not np.all(np.isfinite(spread)) or np.any(spread <= 0):
        raise ValueError(
            f"{type(estimator).__name__}: {name} must be a positive number or {n_features} "
            f"positive finite numbers (one per feature), got {value!r}."
        )
    check_width(
        spread,
        patterns.dtype,
        type(estimator).__name__,
        f"{name}={value if given is None else given!r}",
    )
    return spread


class _CountLearning:
    """What the Gaussian modules share: no alpha and no learning rate (a presentation counts as
    one sample, a weighted one as its weight), a new category of weight s is its commitment and
    s - 1 more presentations, and any real input is a point with F1 activity."""

    def _choice_parameter(self):
        return 0.0

    def _learning_rate(self):
        return 1.0

    def _weighted_rate(self, weight):
        return weight  # the memory learns a count

    def _commit(self, memory, x, label, rate):
        J = memory.add(x, label)
        if rate is not None and rate != 1.0:
            # a new category of weight s: the commitment, then s - 1 more presentations of x
            # (n = s, mu = x, sigma^2 = gamma^2 / s, for any real s > 0)
            memory.learn(J, x, rate - 1.0)
        return J

    def _encode(self, X):
        return X

    def _patterns(self, X):
        check_input_scale(X, type(self).__name__)  # squared distances
        # every input is a point with F1 activity, the origin too
        return X, np.ones(X.shape[0])


@shared_doc(shared=_shared_parameters(1), attributes=_SHARED_ATTRIBUTES)
class GaussianART(_CountLearning, _ARTClusterer):
    r"""Gaussian ART: unsupervised, incremental clustering into diagonal Gaussian categories.

    Category :math:`j` is a Gaussian with mean :math:`\mu_j`, standard deviations
    :math:`\sigma_j` (one per feature: axes parallel to the coordinates) and a count
    :math:`n_j` of the inputs it has learned. With
    :math:`D_j^2 = \sum_i (x_i - \mu_{ji})^2 / \sigma_{ji}^2`, the categories compete with the
    choice function (the category's prior times its likelihood, up to constants)

    .. math:: g_j = \frac{n_j}{\prod_i \sigma_{ji}} \exp\big(-\tfrac12 D_j^2\big),

    and the one with the largest :math:`g_j` among those that pass the vigilance test

    .. math:: \hat g_J = \exp\big(-\tfrac12 D_J^2\big) \ge \rho

    resonates and learns its input as one more sample of its distribution,

    .. math:: n_J \leftarrow n_J + 1, \qquad
              \mu_J \leftarrow \Big(1 - \frac{1}{n_J}\Big)\mu_J + \frac{1}{n_J} x, \qquad
              \sigma_{Ji}^2 \leftarrow \Big(1 - \frac{1}{n_J}\Big)\sigma_{Ji}^2
              + \frac{1}{n_J}(\mu_{Ji} - x_i)^2

    (with the new :math:`n_J` and :math:`\mu_J`). When none resonates, a new category is
    committed at :math:`\mu = x`, :math:`\sigma = \gamma` (``sigma_init``), :math:`n = 1`. The
    choice is computed as :math:`\log g_j` (the same order, no underflow in many dimensions).
    There is no match tracking in the unsupervised module. Categories depend on the order of
    presentation: X is presented in order. The statistics keep moving with every input, so the
    default is one pass (the paper's online learning).

    Parameters
    ----------
    rho : float, default=0.2
        Vigilance :math:`\rho \in [0, 1]`: an input joins a category only within
        :math:`D_J^2 \le -2 \log \rho` of its mean (in that category's standard deviations).
        :math:`D^2` sums over the features, so many features need a smaller :math:`\rho`.
    sigma_init : float, array-like of shape (n_features,) or None, default=None
        The initial standard deviations :math:`\gamma > 0` of a new category (one for every
        feature, or one per feature). None: a fifth of each feature's range in the first fit's
        data (1 for a constant feature), kept by later warm and partial fits. Its square must be
        a normal float of X's dtype: :math:`\gamma \in [1.5 \cdot 10^{-154}, 1.3 \cdot 10^{154})`
        in float64.
    novelty : {"best", "reject"}, default="best"
        What :meth:`predict` says about an input that resonates with no category: the category
        with the largest choice value, or -1.
    {shared}

    Attributes
    ----------
    means_ : ndarray of shape (n_categories_, n_features_in_)
        The means :math:`\mu_j` (also ``weights_``).
    sigmas_ : ndarray of shape (n_categories_, n_features_in_)
        The standard deviations :math:`\sigma_j`.
    counts_ : ndarray of shape (n_categories_,)
        The counts :math:`n_j` (the sums of the sample weights learned).
    sigma_init_ : ndarray of shape (n_features_in_,)
        The initial standard deviations used.
    n_categories_ : int
        Number of committed categories (also ``n_clusters_``).
    labels_ : ndarray of shape (n_samples,)
        Category of each training sample in the last pass (-1: not learned, see max_categories).
    {attributes}

    Notes
    -----
    A sample of weight :math:`s` teaches its category what :math:`s` consecutive presentations
    would: :math:`n_J \leftarrow n_J + s`, :math:`\mu_J \leftarrow \mu_J + (s/n_J)(x - \mu_J)`
    and, from the rule applied :math:`s` times,
    :math:`n_J' \sigma_J'^2 = n_J \sigma_J^2 + n_J^2 (\mu_J - x)^2 \sum_{m=n_J+1}^{n_J+s} m^{-2}`
    (the sum is :math:`\psi_1(n_J + 1) - \psi_1(n_J + s + 1)`, defined for any real :math:`s`).
    A new category of weight :math:`s` is its commitment and :math:`s - 1` more presentations:
    :math:`n = s`, :math:`\mu = x`, :math:`\sigma^2 = \gamma^2 / s` (for any real :math:`s > 0`).

    artlib's ``GaussianART`` (0.1.12) divides by :math:`\alpha + \prod_i \sigma_{ji}` and by the
    total count; with its default :math:`\alpha = 10^{-10}` its partition is the paper's while
    :math:`\prod_i \sigma_{ji} \gg \alpha` (a few features), but in many dimensions the product
    underflows and :math:`\alpha` decides the choice. This module follows the paper.

    See Also
    --------
    HypersphereART : spherical categories.
    EllipsoidART : ellipsoidal categories with one free axis.

    References
    ----------
    .. [1] Williamson, J. R. (1996). Gaussian ARTMAP: A neural network for fast incremental
       learning of noisy multidimensional maps. Neural Networks, 9(5), 881-897.

    Examples
    --------
    >>> from zoo.art import GaussianART
    >>> X = [[0.1, 0.1], [0.15, 0.12], [0.9, 0.85], [0.88, 0.9]]
    >>> art = GaussianART(rho=0.1, sigma_init=0.1).fit(X)
    >>> art.labels_.tolist()
    [0, 0, 1, 1]
    >>> art.counts_.tolist()
    [2.0, 2.0]
    """

    _input_domain = "real"

    _parameter_constraints: dict = {
        **_BaseART._parameter_constraints,
        "sigma_init": [None, Interval(Real, 0, None, closed="neither"), "array-like"],
        "novelty": [NOVELTY],
    }

    def __init__(
        self,
        *,
        rho=0.2,
        sigma_init=None,
        novelty="best",
        n_epochs=1,
        tol=0.0,
        max_categories=None,
        warm_start=False,
    ):
        self.rho = rho
        self.sigma_init = sigma_init
        self.novelty = novelty
        self.n_epochs = n_epochs
        self.tol = tol
        self.max_categories = max_categories
        self.warm_start = warm_start

    def _prepare(self, patterns):
        """The initial spread of a first fit (also what a composite module asks for)."""
        self._sigma_init = _initial_spread(self, patterns, self.sigma_init, "sigma_init", 0.2)

    def _train(self, patterns, norms, targets, incremental, sample_weight=None):
        if not ((incremental or self.warm_start) and hasattr(self, "_memory")):
            self._prepare(patterns)
        labels = super()._train(patterns, norms, targets, incremental, sample_weight)
        dtype = self.weights_.dtype
        self.sigma_init_ = self._sigma_init.astype(dtype)
        self.means_ = self.weights_
        self.sigmas_ = np.sqrt(self._memory.variances).astype(dtype)  # float64 inside
        self.counts_ = self._memory.counts.astype(dtype)
        return labels

    def _new_memory(self, n_features, dtype, capacity):
        return GaussianMemory(n_features, dtype, capacity, sigma_init=self._sigma_init)
