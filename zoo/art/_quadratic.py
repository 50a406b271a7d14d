r"""Quadratic Neuron ART (Su & Liu 2001, 2005): hyper-ellipsoidal categories, quadratic neurons."""

from numbers import Real

import numpy as np
from sklearn.utils._param_validation import Interval

from .._core.art_quadratic import QuadraticNeuronMemory
from .._core.docstrings import shared_doc
from .._core.validation import check_input_scale
from ._base import _SHARED_ATTRIBUTES, NOVELTY, _ARTClusterer, _BaseART, _shared_parameters


@shared_doc(shared=_shared_parameters(1), attributes=_SHARED_ATTRIBUTES)
class QuadraticNeuronART(_ARTClusterer):
    r"""Quadratic Neuron ART: unsupervised, incremental clustering into hyper-ellipsoids.

    Each category is a quadratic neuron with weight matrix :math:`W_j`, bias :math:`b_j` and
    scale :math:`s_j`, whose response to an input :math:`x` is

    .. math:: T_j = \exp\!\big(-s_j^2\,\|W_j x - b_j\|^2\big),

    largest (1) on the ellipsoid's centre :math:`W_j x = b_j`. :math:`T_j` is both the choice and
    the match value: the most active category resonates if it passes the vigilance test
    :math:`T_J \ge \rho`, i.e. if :math:`x` lies in the ellipsoid
    :math:`\|W_J x - b_J\|^2 \le -\ln\rho / s_J^2`; otherwise (every other category is less
    active and fails too) a new category is committed with :math:`W = I, b = x, s = s_{init}`.
    The resonating neuron climbs the gradient of its response, with :math:`e = W_J x - b_J`:

    .. math:: b_J \leftarrow b_J + \eta_b\, 2 s_J^2 T_J\, e, \qquad
              W_J \leftarrow W_J - \eta_W\, 2 s_J^2 T_J\, e\, x^\top, \qquad
              s_J \leftarrow s_J - \eta_s\, 2 s_J T_J \|e\|^2,

    all three from the values before the step: the bias moves towards :math:`W_J x`, the matrix
    bends the ellipsoid towards :math:`x`, and the scale shrinks, widening it. A neuron keeps
    following its inputs (there is no stable state), so the module runs online: one pass by
    default. There is no match tracking in the unsupervised module (the paper defines none), and
    X is presented row by row, in order.

    Parameters
    ----------
    rho : float, default=0.9
        Vigilance :math:`\rho \in [0, 1]`: a lower bound on the winner's response.
    s_init : float, default=0.9
        Scale :math:`s_{init} > 0` of a new category: the larger, the smaller its first
        ellipsoid (a ball of radius :math:`\sqrt{-\ln\rho} / s_{init}`).
    lr_b : float, default=0.1
        Learning rate :math:`\eta_b \in (0, 1]` of the bias.
    lr_w : float, default=0.1
        Learning rate :math:`\eta_W \in [0, 1]` of the weight matrix.
    lr_s : float, default=0.1
        Learning rate :math:`\eta_s \in [0, 1]` of the scale.
    novelty : {"best", "reject"}, default="best"
        What :meth:`predict` says about an input that resonates with no category: the category
        with the largest response, or -1.
    {shared}

    Attributes
    ----------
    weights_ : ndarray of shape (n_categories_, n_features_in_, n_features_in_)
        The weight matrices :math:`W_j`.
    biases_ : ndarray of shape (n_categories_, n_features_in_)
        The biases :math:`b_j` (each ellipsoid's centre in the space of :math:`W_j x`).
    scales_ : ndarray of shape (n_categories_,)
        The scales :math:`s_j`.
    n_categories_ : int
        Number of committed categories (also ``n_clusters_``).
    labels_ : ndarray of shape (n_samples,)
        Category of each training sample in the last pass (-1: not learned, see max_categories).
    {attributes}

    Notes
    -----
    The learning rules are gradient ascent on the winner's response :math:`T_J` with respect to
    :math:`b_J`, :math:`W_J` and :math:`s_J` (Su & Liu 2005), as artlib implements them; zoo and
    artlib give the same partition (tests/test_art_quadratic.py). The rules are not closed under
    repetition (each step changes the response the next one climbs), so a positive
    ``sample_weight`` presents the sample once, as weight 1 does (it counts with its weight in
    ``change_curve_``); weight 0 skips the sample.
    The categories live in the scale of X: standardise it (``StandardScaler``) or scale it to
    [0, 1] and choose ``s_init`` for that scale.

    See Also
    --------
    HypersphereART : spherical categories with a radius bound.

    References
    ----------
    .. [1] Su, M.-C., & Liu, T.-K. (2001). Application of neural networks using quadratic
       junctions in cluster analysis. Neurocomputing, 37, 165-175.
    .. [2] Su, M.-C., & Liu, Y.-C. (2005). A new approach to clustering data with arbitrary
       shapes. Pattern Recognition, 38, 1887-1901.

    Examples
    --------
    >>> from zoo.art import QuadraticNeuronART
    >>> X = [[0.1, 0.1], [0.15, 0.12], [0.9, 0.85], [0.88, 0.9]]
    >>> art = QuadraticNeuronART(rho=0.9, s_init=2.0).fit(X)
    >>> art.labels_.tolist()
    [0, 0, 1, 1]
    >>> art.predict([[0.12, 0.1], [0.9, 0.9]]).tolist()
    [0, 1]
    """

    _input_domain = "real"

    _parameter_constraints: dict = {
        **_BaseART._parameter_constraints,
        "s_init": [Interval(Real, 0, None, closed="neither")],
        "lr_b": [Interval(Real, 0, 1, closed="right")],
        "lr_w": [Interval(Real, 0, 1, closed="both")],
        "lr_s": [Interval(Real, 0, 1, closed="both")],
        "novelty": [NOVELTY],
    }

    def __init__(
        self,
        *,
        rho=0.9,
        s_init=0.9,
        lr_b=0.1,
        lr_w=0.1,
        lr_s=0.1,
        novelty="best",
        n_epochs=1,
        tol=0.0,
        max_categories=None,
        warm_start=False,
    ):
        self.rho = rho
        self.s_init = s_init
        self.lr_b = lr_b
        self.lr_w = lr_w
        self.lr_s = lr_s
        self.novelty = novelty
        self.n_epochs = n_epochs
        self.tol = tol
        self.max_categories = max_categories
        self.warm_start = warm_start

    def _choice_parameter(self):
        return 0.0  # the response has no choice parameter

    def _learning_rate(self):
        return 1.0  # the memory's factor on lr_b, lr_w and lr_s

    def _encode(self, X):
        return X

    def _patterns(self, X):
        check_input_scale(X, type(self).__name__)  # squared distances of W x and b
        return X, np.ones(X.shape[0])  # every input is a point with F1 activity, 0 too

    def _new_memory(self, n_features, dtype, capacity):
        rates = (self.lr_b, self.lr_w, self.lr_s)
        return QuadraticNeuronMemory(n_features, dtype, capacity, s_init=self.s_init, rates=rates)

    def _train(self, patterns, norms, targets, incremental, sample_weight=None):
        labels = super()._train(patterns, norms, targets, incremental, sample_weight)
        memory = self._memory
        self.biases_ = self.weights_
        self.weights_ = memory.matrices.copy()
        self.scales_ = memory.scales.astype(self.biases_.dtype)  # kept in float64 inside
        return labels
