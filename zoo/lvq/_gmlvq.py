"""Generalized matrix LVQ (Schneider, Biehl & Hammer 2009), :class:`GMLVQClassifier`."""

from numbers import Integral

import numpy as np
from sklearn.base import ClassifierMixin, TransformerMixin
from sklearn.utils._param_validation import Interval

from .._core.distances import squared_euclidean
from .._core.docstrings import fill_doc, shared_doc
from .._core.feature_names import PrefixedFeaturesOutMixin
from ._base import _GLVQ_PARAMETERS, _SHARED_PARAMETERS, _BaseGLVQ

_GMLVQ_BETA = r"""    beta : float or "auto", default="auto"
        Slope :math:`\beta` of the sigmoid; ``"auto"``: :math:`\beta =
        2/\operatorname{median}_i|\mu_i|` at the initial prototypes and metric
        (:func:`zoo._core.lvq.auto_slope`; the fitted ``beta_``), which sets the median sample
        at the same point of the sigmoid on every data set. :math:`\mu` is spread over [-1, 1]
        when the classes lie apart (iris) and crowds near 0 in many dimensions (digits); a fixed
        steep slope saturates the sigmoid on the first, leaving the gradient to the few samples
        near a border, and the relevance matrix then fits those: a fixed :math:`\beta = 10`
        scores lower than ``"auto"`` on iris, wine and breast_cancer, and alike on digits
        (``benchmarks/bench_lvq.py`` prints both, as ``slopes``).
"""


@shared_doc(shared=_SHARED_PARAMETERS, glvq=fill_doc(_GLVQ_PARAMETERS, beta=_GMLVQ_BETA))
class GMLVQClassifier(PrefixedFeaturesOutMixin, ClassifierMixin, TransformerMixin, _BaseGLVQ):
    r"""Generalized matrix LVQ (Schneider, Biehl & Hammer 2009): GLVQ with a learned
    metric.

    GLVQ's cost with the adaptive distance

    .. math:: d_\Lambda(x, w) = (x - w)^\top\Lambda\,(x - w) = \lVert\Omega(x - w)\rVert^2,
              \qquad \Lambda = \Omega^\top\Omega,\quad \mathrm{trace}\,\Lambda = 1,

    minimised over the prototypes and :math:`\Omega` together. :math:`\Lambda` (the
    ``relevance_matrix_``) tells which features and which correlations of features discriminate
    the classes (its diagonal: each feature's relevance); ``transform`` maps samples into the
    relevance space, :math:`z = \Omega x`, where distances are Euclidean (with ``n_components``
    < n_features, a discriminative projection, as in limited-rank GMLVQ, Bunte et al. 2012).

    Parameters
    ----------
    {shared}
    n_components : int or None, default=None
        Rows of :math:`\Omega`; None: ``n_features`` (a full-rank :math:`\Lambda`).
    {glvq}

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    prototypes_ : ndarray of shape (n_prototypes, n_features)
    prototype_labels_ : ndarray of shape (n_prototypes,)
    omega_ : ndarray of shape (n_components, n_features)
        :math:`\Omega`, scaled so that :math:`\lVert\Omega\rVert_F = 1`.
    relevance_matrix_ : ndarray of shape (n_features, n_features)
        :math:`\Lambda = \Omega^\top\Omega`, trace 1.
    beta_ : float
        The slope used: ``beta``, or its value for ``"auto"``.
    n_iter_ : int
    loss_curve_ : list of float
    n_features_in_ : int
    feature_names_in_ : ndarray

    Notes
    -----
    :math:`\Omega` starts at the identity (scaled to trace 1), or for ``n_components <
    n_features`` at the leading principal directions of the data. The cost only depends on
    ratios of distances, so it is unchanged by the trace normalisation, which Adam re-applies
    after each step and L-BFGS at the end.

    References
    ----------
    .. [1] P. Schneider, M. Biehl and B. Hammer, "Adaptive relevance matrices in learning vector
       quantization", Neural Computation 21(12), 3532-3561, 2009.
    .. [2] K. Bunte, P. Schneider, B. Hammer, F.-M. Schleif, T. Villmann and M. Biehl, "Limited
       rank matrix learning, discriminative dimension reduction and visualization", Neural
       Networks 26, 159-173, 2012.

    Examples
    --------
    >>> from sklearn.datasets import load_wine
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from zoo.lvq import GMLVQClassifier
    >>> X, y = load_wine(return_X_y=True)
    >>> model = make_pipeline(StandardScaler(), GMLVQClassifier(random_state=0)).fit(X, y)
    >>> model.score(X, y) > 0.95
    True
    >>> gmlvq = model[-1]
    >>> round(float(gmlvq.relevance_matrix_.trace()), 6)
    1.0
    >>> gmlvq.transform(model[:-1].transform(X[:2])).shape
    (2, 13)
    """

    _parameter_constraints: dict = {
        **_BaseGLVQ._parameter_constraints,
        "n_components": [None, Interval(Integral, 1, None, closed="left")],
    }

    def __init__(
        self,
        prototypes_per_class=1,
        *,
        init="kmeans",
        n_components=None,
        activation="sigmoid",
        beta="auto",
        solver="lbfgs",
        learning_rate_init=0.01,
        batch_size="auto",
        max_iter=1000,
        tol=1e-3,
        n_iter_no_change=10,
        shuffle=True,
        random_state=None,
        verbose=False,
        warm_start=False,
    ):
        self.prototypes_per_class = prototypes_per_class
        self.init = init
        self.n_components = n_components
        self.activation = activation
        self.beta = beta
        self.solver = solver
        self.learning_rate_init = learning_rate_init
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.shuffle = shuffle
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start

    def _initialize(self, X, y_index, sample_weight):
        super()._initialize(X, y_index, sample_weight)
        n_features = X.shape[1]
        n_components = n_features if self.n_components is None else self.n_components
        if n_components > n_features:
            raise ValueError(
                f"n_components={n_components} must be at most n_features={n_features}."
            )
        if n_components == n_features:
            omega = np.eye(n_features)
        else:
            # the leading principal directions: a projection that keeps most of the variance
            centered = X - X.mean(axis=0)
            omega = np.linalg.svd(centered, full_matrices=False)[2][:n_components]
        self.omega_ = np.ascontiguousarray(omega, dtype=X.dtype)
        self._normalize()

    def _check_warm_start(self):
        super()._check_warm_start()
        n_components = self.n_features_in_ if self.n_components is None else self.n_components
        if n_components != self.omega_.shape[0]:
            raise ValueError(
                f"warm_start needs the fitted n_components, {self.omega_.shape[0]}; "
                f"n_components={self.n_components!r} asks for {n_components}. Set "
                "warm_start=False to start anew."
            )

    def _parameters(self):
        return [self.prototypes_, self.omega_]

    def _normalize(self):
        # Lambda = Omega^T Omega / ||Omega||_F^2 has trace 1
        self.omega_ /= np.sqrt(np.einsum("ij,ij->", self.omega_, self.omega_))
        self.relevance_matrix_ = self.omega_.T @ self.omega_

    def _squared_distances(self, X):
        # d(x, w) = ||Omega x - Omega w||^2
        return squared_euclidean(X @ self.omega_.T, self.prototypes_ @ self.omega_.T)

    def transform(self, X):
        r"""Samples in the relevance space, :math:`z = \Omega x`, ``(n_samples, n_components)``.

        Euclidean distances there are the model's distances :math:`d_\Lambda`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        Z : ndarray of shape (n_samples, n_components)
        """
        X = self._validate_for_predict(X)
        return X @ self.omega_.T

    _feature_names_prefix = "gmlvq_component"

    @property
    def _n_features_out(self):
        return self.omega_.shape[0]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
