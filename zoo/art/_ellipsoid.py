r"""Ellipsoid ART (Anagnostopoulos & Georgiopoulos 2001): hyper-ellipsoidal categories."""

from numbers import Real

import numpy as np
from sklearn.utils._param_validation import Interval

from .._core.art import bounding_box_diagonal
from .._core.art_gaussian import EllipsoidMemory
from .._core.docstrings import shared_doc
from .._core.validation import check_input_scale
from ._base import _SHARED_ATTRIBUTES, NOVELTY, _ARTClusterer, _BaseART, _shared_parameters


@shared_doc(shared=_shared_parameters(100), attributes=_SHARED_ATTRIBUTES)
class EllipsoidART(_ARTClusterer):
    r"""Ellipsoid ART: unsupervised, incremental clustering into hyper-ellipsoid categories.

    Category :math:`j` is a hyper-ellipsoid with centre :math:`m_j`, a unit major-axis direction
    :math:`d_j` and radius :math:`R_j` (half its major axis); its other axes are
    :math:`\mu R_j` for the axis ratio :math:`\mu \in (0, 1]`. Distances are measured in the
    category's own metric,

    .. math:: \mathrm{dis}_j(x) = \frac{1}{\mu}\sqrt{\|x - m_j\|^2
              - (1 - \mu^2)\big(d_j^\top (x - m_j)\big)^2},

    which is :math:`R_j` on the ellipsoid's surface (the Euclidean distance while the category is
    a single point). With :math:`D_j = \max(R_j, \mathrm{dis}_j)` and the size bound
    :math:`\bar D` (``r_hat``), the categories compete with

    .. math:: T_j = \frac{\bar D - R_j - D_j}{\bar D - 2R_j + \alpha},

    are visited in order of decreasing :math:`T_j`, and the first that passes the vigilance test

    .. math:: 1 - \frac{R_J + D_J}{\bar D} \ge \rho

    (:math:`R_J + D_J` is the major axis after learning :math:`x`) resonates and learns,

    .. math:: R_J \leftarrow R_J + \tfrac{\beta}{2}(D_J - R_J), \qquad
              m_J \leftarrow m_J + \tfrac{\beta}{2}(x - m_J)
              \Big(1 - \frac{\min(R_J, \mathrm{dis}_J)}{\mathrm{dis}_J}\Big).

    The second distinct point a category learns fixes its orientation for good,
    :math:`d_J = (x - m_J) / \|x - m_J\|`, so categories depend strongly on the order of
    presentation (X is presented in order). With fast learning (:math:`\beta = 1`) the ellipsoid
    becomes the smallest of its shape and orientation holding the old one and :math:`x`, and no
    major axis exceeds :math:`\bar D (1 - \rho)`. When none resonates, a new category is the point
    :math:`m = x, R = 0`. :math:`\mu = 1` gives spheres, with Hypersphere ART's learning; its
    vigilance bounds the diameter :math:`R_J + D_J` the sphere will have, where Hypersphere ART
    bounds :math:`D_J`. There is no match tracking in the unsupervised module.

    Parameters
    ----------
    rho : float, default=0.75
        Vigilance :math:`\rho \in [0, 1]`.
    mu : float, default=0.8
        Axis ratio :math:`\mu \in (0, 1]`: minor over major axis; 1 gives spheres.
    r_hat : float or None, default=None
        The size bound :math:`\bar D > 0` (the paper's, artlib's ``r_hat``): a bound on the major
        axis of a category, the diameter of the input space in the paper. None: the diagonal of
        the bounding box of the first fit's data (1 if that is a point), kept by later warm and
        partial fits.
    alpha : float, default=0.001
        Choice parameter :math:`\alpha > 0`.
    beta : float, default=1.0
        Learning rate :math:`\beta \in (0, 1]`; 1 is fast learning.
    novelty : {"best", "reject"}, default="best"
        What :meth:`predict` says about an input that resonates with no category: the category
        with the largest choice value, or -1.
    {shared}

    Attributes
    ----------
    centroids_ : ndarray of shape (n_categories_, n_features_in_)
        The centres :math:`m_j` (also ``weights_``).
    axes_ : ndarray of shape (n_categories_, n_features_in_)
        The unit major-axis directions :math:`d_j` (zero for a category that is still a point).
    radii_ : ndarray of shape (n_categories_,)
        The radii :math:`R_j` (half the major axes).
    r_hat_ : float
        The size bound used.
    n_categories_ : int
        Number of committed categories (also ``n_clusters_``).
    labels_ : ndarray of shape (n_samples,)
        Category of each training sample in the last pass (-1: not learned, see max_categories).
    {attributes}

    Notes
    -----
    With ``sample_weight``, :math:`\beta_s = 1 - (1 - \beta)^s` is what :math:`s` consecutive
    presentations do (each shrinks :math:`\mathrm{dis}_J - R_J` by the factor
    :math:`1 - \beta` along the same line in the category's metric), except that the repetitions
    of a category's second point fix its axis once, as they would.

    artlib's ``EllipsoidART`` (0.1.12) leaves the axis of a category unset when it learns its
    second point and then resets it to the direction of every later input it learns; this module
    fixes it at the second point, as the paper does. With :math:`\mu = 1` (no axis) the two
    agree (tests/test_art_ellipsoid.py).

    See Also
    --------
    HypersphereART : spherical categories.
    GaussianART : Gaussian categories with axes along the coordinates.

    References
    ----------
    .. [1] Anagnostopoulos, G. C., & Georgiopoulos, M. (2001). Ellipsoid ART and ARTMAP for
       incremental clustering and classification. Proceedings of the International Joint
       Conference on Neural Networks (IJCNN 2001), vol. 2, 1221-1226.

    Examples
    --------
    >>> from zoo.art import EllipsoidART
    >>> X = [[0.1, 0.1], [0.2, 0.2], [0.15, 0.16], [0.9, 0.85], [0.88, 0.9]]
    >>> art = EllipsoidART(rho=0.7, mu=0.5, r_hat=2**0.5).fit(X)
    >>> art.labels_.tolist()
    [0, 0, 0, 1, 1]
    >>> art.axes_[0].round(3).tolist()
    [0.707, 0.707]
    """

    _input_domain = "real"

    _parameter_constraints: dict = {
        **_BaseART._parameter_constraints,
        "mu": [Interval(Real, 0, 1, closed="right")],
        "r_hat": [None, Interval(Real, 0, None, closed="neither")],
        "alpha": [Interval(Real, 0, None, closed="neither")],
        "beta": [Interval(Real, 0, 1, closed="right")],
        "novelty": [NOVELTY],
    }

    def __init__(
        self,
        *,
        rho=0.75,
        mu=0.8,
        r_hat=None,
        alpha=0.001,
        beta=1.0,
        novelty="best",
        n_epochs=100,
        tol=0.0,
        max_categories=None,
        warm_start=False,
    ):
        self.rho = rho
        self.mu = mu
        self.r_hat = r_hat
        self.alpha = alpha
        self.beta = beta
        self.novelty = novelty
        self.n_epochs = n_epochs
        self.tol = tol
        self.max_categories = max_categories
        self.warm_start = warm_start

    def _encode(self, X):
        return X

    def _patterns(self, X):
        check_input_scale(X, type(self).__name__)  # squared distances
        # every input is a point with F1 activity, the origin too
        return X, np.ones(X.shape[0])

    def _prepare(self, patterns):
        """The radius bound of a first fit (also what a composite module asks for)."""
        if self.r_hat is not None:
            self.r_hat_ = float(self.r_hat)
        else:
            diagonal = bounding_box_diagonal(patterns)
            self.r_hat_ = diagonal if diagonal > 0 else 1.0

    def _train(self, patterns, norms, targets, incremental, sample_weight=None):
        if not ((incremental or self.warm_start) and hasattr(self, "_memory")):
            self._prepare(patterns)
        labels = super()._train(patterns, norms, targets, incremental, sample_weight)
        dtype = self.weights_.dtype
        self.centroids_ = self.weights_
        self.axes_ = self._memory.axes.astype(dtype)  # kept in float64 inside
        self.radii_ = self._memory.radii.astype(dtype)
        return labels

    def _new_memory(self, n_features, dtype, capacity):
        return EllipsoidMemory(n_features, dtype, capacity, r_hat=self.r_hat_, mu=self.mu)
