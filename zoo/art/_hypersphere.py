r"""Hypersphere ART (Anagnostopoulos & Georgiopoulos 2000): spherical categories."""

from numbers import Real

import numpy as np
from sklearn.utils._param_validation import Interval

from .._core.art import HypersphereMemory, bounding_box_diagonal
from .._core.docstrings import shared_doc
from .._core.validation import check_input_scale
from ._base import _SHARED_ATTRIBUTES, NOVELTY, _ARTClusterer, _BaseART, _shared_parameters


@shared_doc(shared=_shared_parameters(100), attributes=_SHARED_ATTRIBUTES)
class HypersphereART(_ARTClusterer):
    r"""Hypersphere ART: unsupervised, incremental clustering into hyper-sphere categories.

    Category :math:`j` is a sphere with centroid :math:`m_j` and radius :math:`R_j`. With
    :math:`D_j = \max(R_j, \|x - m_j\|)` (the radius the sphere needs to hold :math:`x`) and the
    radius bound :math:`\bar R`, the categories compete with the choice function

    .. math:: T_j = \frac{\bar R - D_j}{\bar R - R_j + \alpha},

    are visited in order of decreasing :math:`T_j`, and the first that passes the vigilance test

    .. math:: 1 - \frac{D_J}{\bar R} \ge \rho

    resonates and learns,

    .. math:: R_J \leftarrow R_J + \tfrac{\beta}{2}(D_J - R_J), \qquad
              m_J \leftarrow m_J + \tfrac{\beta}{2}(x - m_J)
              \Big(1 - \frac{\min(R_J, \|x - m_J\|)}{\|x - m_J\|}\Big);

    with fast learning (:math:`\beta = 1`) the sphere becomes the smallest one holding the old
    sphere and :math:`x`, and radii never exceed :math:`\bar R (1 - \rho)`. When none resonates, a
    new category is committed at :math:`m = x, R = 0`. As in :class:`FuzzyART` (and artlib), the
    uncommitted node is not placed in the choice order. There is no match tracking in the
    unsupervised module. Categories depend on the order of presentation: X is presented in order.

    Parameters
    ----------
    rho : float, default=0.75
        Vigilance :math:`\rho \in [0, 1]`.
    r_hat : float or None, default=None
        The radius bound :math:`\bar R > 0` (the paper takes :math:`\sqrt{M}/2` for data in the
        unit hyper-cube, half its diagonal). None: half the diagonal of the bounding box of the
        first fit's data (1 if that is a point), kept by later warm and partial fits.
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
        The centroids :math:`m_j` (also ``weights_``).
    radii_ : ndarray of shape (n_categories_,)
        The radii :math:`R_j`.
    r_hat_ : float
        The radius bound used.
    n_categories_ : int
        Number of committed categories (also ``n_clusters_``).
    labels_ : ndarray of shape (n_samples,)
        Category of each training sample in the last pass (-1: not learned, see max_categories).
    {attributes}

    Notes
    -----
    With ``sample_weight``, :math:`\beta_s = 1 - (1 - \beta)^s` is exactly what :math:`s`
    consecutive presentations do: each shrinks the gap :math:`\|x - m_J\| - R_J` by the factor
    :math:`1 - \beta` and moves :math:`m_J` along the same line.

    See Also
    --------
    FuzzyART : hyper-box categories.

    References
    ----------
    .. [1] Anagnostopoulos, G. C., & Georgiopoulos, M. (2000). Hypersphere ART and ARTMAP for
       unsupervised and supervised, incremental learning. Proceedings of the IEEE-INNS-ENNS
       International Joint Conference on Neural Networks (IJCNN 2000), vol. 6, 59-64.

    Examples
    --------
    >>> from zoo.art import HypersphereART
    >>> X = [[0.1, 0.1], [0.15, 0.12], [0.9, 0.85], [0.88, 0.9]]
    >>> art = HypersphereART(rho=0.8, r_hat=0.5 * 2**0.5).fit(X)
    >>> art.labels_.tolist()
    [0, 0, 1, 1]
    """

    _input_domain = "real"

    _parameter_constraints: dict = {
        **_BaseART._parameter_constraints,
        "r_hat": [None, Interval(Real, 0, None, closed="neither")],
        "alpha": [Interval(Real, 0, None, closed="neither")],
        "beta": [Interval(Real, 0, 1, closed="right")],
        "novelty": [NOVELTY],
    }

    def __init__(
        self,
        *,
        rho=0.75,
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
        check_input_scale(X, type(self).__name__)  # categories are balls: squared distances
        # every input is a point with F1 activity, the origin too
        return X, np.ones(X.shape[0])

    def _prepare(self, patterns):
        """The radius bound of a first fit (also what a composite module asks for)."""
        if self.r_hat is not None:
            self.r_hat_ = float(self.r_hat)
        else:
            half_diagonal = 0.5 * bounding_box_diagonal(patterns)
            self.r_hat_ = half_diagonal if half_diagonal > 0 else 1.0

    def _train(self, patterns, norms, targets, incremental, sample_weight=None):
        if not ((incremental or self.warm_start) and hasattr(self, "_memory")):
            self._prepare(patterns)
        labels = super()._train(patterns, norms, targets, incremental, sample_weight)
        self.centroids_ = self.weights_
        self.radii_ = self._memory.radii.astype(self.weights_.dtype)  # kept in float64 inside
        return labels

    def _new_memory(self, n_features, dtype, capacity):
        return HypersphereMemory(n_features, dtype, capacity, r_hat=self.r_hat_)
