r"""ARTMAP (Carpenter, Grossberg & Reynolds 1991): ART_a clusters the inputs, ART_b the targets,
and the map field links their categories (real or multi-output targets)."""

import numpy as np
from sklearn.base import RegressorMixin, _fit_context, clone
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.callbacks import close_callbacks, open_callbacks
from .._core.docstrings import shared_doc
from .._core.validation import check_sample_weight
from ._artmap import _MATCH_TRACKING_DOC, _ARTMAPMeta, _train_module
from ._base import _SAMPLE_WEIGHT, _ARTClusterer
from ._hypersphere import HypersphereART


@shared_doc(match_tracking=_MATCH_TRACKING_DOC)
class ARTMAP(RegressorMixin, _ARTMAPMeta):
    r"""ARTMAP: ART\ :sub:`a` clusters inputs, ART\ :sub:`b` targets; a map field links them.

    Carpenter, Grossberg & Reynolds (1991): module ART\ :sub:`b` clusters the targets :math:`y`
    (real, one or several outputs) into categories :math:`K`; module ART\ :sub:`a` clusters the
    inputs, and the map field links each ART\ :sub:`a` category to the ART\ :sub:`b` category of
    the sample that committed it. When the category resonating with :math:`x` predicts another
    ART\ :sub:`b` category than :math:`y`'s, match tracking resets it and raises ART\ :sub:`a`'s
    vigilance (as in :class:`SimpleARTMAP`, whose search this is, with ART\ :sub:`b`'s categories
    as the classes). Prediction: the ART\ :sub:`a` winner (largest choice) gives its ART\ :sub:`b`
    category, and the output is that category's centre in the target space (a Fuzzy ART box's
    centre, a hypersphere's centroid): a piecewise-constant map, as fine as ART\ :sub:`b`'s
    vigilance makes it.

    ART\ :sub:`b` never sees ART\ :sub:`a` (match tracking only raises ART\ :sub:`a`'s vigilance),
    so it is trained first, then ART\ :sub:`a` on its categories, as in artlib; for one pass (the
    default) that is the paper's interleaved presentation exactly. With ``n_epochs > 1``,
    ART\ :sub:`b` settles first and ART\ :sub:`a` learns its final categories (artlib's order).

    Parameters
    ----------
    module_a : ART clustering estimator or None, default=None
        Unfitted ART\ :sub:`a` (cloned); its vigilance is the baseline of match tracking. None:
        ``HypersphereART(rho=0.0)`` (real input, no scaling needed).
    module_b : ART clustering estimator or None, default=None
        Unfitted ART\ :sub:`b` (cloned), clustering the targets; its vigilance sets how finely
        they are quantised. None: ``HypersphereART(rho=0.9)``: spheres of radius at most a tenth
        of half the targets' bounding-box diagonal.
    {match_tracking}
    n_epochs : int, default=1
        Passes over the training set, for each module (see above).
    warm_start : bool, default=False
        When True and fitted, ``fit`` continues from the learned categories of both modules.

    Attributes
    ----------
    module_a_, module_b_ : ART clustering estimators
        The fitted modules; ``module_b_.labels_`` are the targets' categories,
        ``module_a_.labels_`` the inputs'.
    category_map_ : ndarray of shape (n_categories_a,)
        The map field: the ART\ :sub:`b` category of each ART\ :sub:`a` category.
    centres_ : ndarray of shape (n_categories_b, n_outputs)
        The centre of each ART\ :sub:`b` category (the values :meth:`predict` returns).
    n_iter_ : int
        ART\ :sub:`a`'s passes in the last call.
    change_curve_ : list of float
        ART\ :sub:`a`'s fraction of changing presentations per pass.
    n_features_in_ : int
    feature_names_in_ : ndarray

    Notes
    -----
    artlib's ``ARTMAP.predict`` returns the ART\ :sub:`b` category and ``predict_regression`` its
    centre; here :meth:`predict` is the centre (a scikit-learn regressor: ``score`` is
    :math:`R^2`) and :meth:`predict_ab` gives both categories.

    See Also
    --------
    SimpleARTMAP : the classifier (one ART\ :sub:`b` category per class).

    References
    ----------
    .. [1] Carpenter, G. A., Grossberg, S., & Reynolds, J. H. (1991). ARTMAP: Supervised real-time
       learning and classification of nonstationary data by a self-organizing neural network.
       Neural Networks, 4(5), 565-588.
    .. [2] Carpenter, G. A., Grossberg, S., Markuzon, N., Reynolds, J. H., & Rosen, D. B. (1992).
       Fuzzy ARTMAP. IEEE Transactions on Neural Networks, 3(5), 698-713.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.art import ARTMAP
    >>> X = np.linspace(0, 1, 200)[:, None]
    >>> y = np.sin(2 * np.pi * X[:, 0])
    >>> model = ARTMAP().fit(X, y)
    >>> model.score(X, y) > 0.9
    True
    """

    _input_domain = "real"  # the default modules' (Hypersphere ART's)

    _parameter_constraints: dict = {
        **_ARTMAPMeta._parameter_constraints,
        "module_a": [None, _ARTClusterer],
        "module_b": [None, _ARTClusterer],
    }

    def __init__(
        self,
        module_a=None,
        module_b=None,
        *,
        match_tracking="MT+",
        epsilon=1e-10,
        n_epochs=1,
        warm_start=False,
    ):
        self.module_a = module_a
        self.module_b = module_b
        self.match_tracking = match_tracking
        self.epsilon = epsilon
        self.n_epochs = n_epochs
        self.warm_start = warm_start

    def _fit(self, X, y, sample_weight, incremental):
        given = dict(X=X, y=y, sample_weight=sample_weight)
        keep = (incremental or self.warm_start) and hasattr(self, "module_a_")
        X, y = validate_data(
            self,
            X,
            y,
            dtype=(np.float64, np.float32),
            multi_output=True,
            y_numeric=True,
            reset=not keep,
        )
        Y = np.asarray(y, dtype=X.dtype).reshape(len(y), -1)  # targets in the input's precision
        if keep and Y.shape[1] != self.module_b_.n_features_in_:
            raise ValueError(
                f"{type(self).__name__} was fitted on {self.module_b_.n_features_in_} outputs and "
                f"y has {Y.shape[1]}; warm_start and partial_fit continue with the same outputs."
            )
        if not keep:
            self._single_output = y.ndim == 1
            a = self.module_a if self.module_a is not None else HypersphereART(rho=0.0)
            b = self.module_b if self.module_b is not None else HypersphereART(rho=0.9)
            self.module_a_, self.module_b_ = clone(a), clone(b)
        patterns_b, norms_b = self._prepare(
            self.module_b_, Y, keep, reset=not keep, role=" (module_b, on y)"
        )
        patterns_a, norms_a = self._prepare(self.module_a_, X, keep, reset=not keep)
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X)
        callbacks = None
        if not incremental:
            callbacks = open_callbacks(self, **given, max_epochs=None)
        # one task per module under the fit's, ART_b's passes then ART_a's; a copy fitted "so
        # far" can predict (ScoringMonitor) once ART_a learns, not while ART_b does
        task = None
        if callbacks is not None:
            task = callbacks.subtask("module_b", max_subtasks=self.n_epochs, reconstruction=None)
            task.reconstruction = lambda: None
        targets = _train_module(
            self.module_b_, patterns_b, norms_b, None, incremental, sample_weight, task
        )
        if task is not None:
            task.end()
        self.centres_ = np.asarray(self.module_b_._category_centres(), dtype=X.dtype).copy()
        weights_a = sample_weight
        if np.any(targets < 0):  # a target ART_b did not learn (no F1 activity): nothing to map
            weights_a = np.ones(len(X), dtype=X.dtype) if sample_weight is None else sample_weight
            weights_a = np.where(targets < 0, 0, weights_a).astype(X.dtype)
        if callbacks is not None:
            task = callbacks.subtask(
                "module_a",
                max_subtasks=self.n_epochs,
                reconstruction=lambda: {"category_map_": self.module_a_._memory.labels.copy()},
            )
        _train_module(self.module_a_, patterns_a, norms_a, targets, incremental, weights_a, task)
        if task is not None:
            task.end()
        self.category_map_ = self.module_a_._memory.labels.copy()
        self.n_iter_, self.change_curve_ = self.module_a_.n_iter_, self.module_a_.change_curve_
        close_callbacks(self)
        return self

    @shared_doc(sample_weight=_SAMPLE_WEIGHT)
    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None):
        """Learn: ART_b clusters y, ART_a clusters X under the map field (match tracking).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        {sample_weight}

        Returns
        -------
        self : ARTMAP
        """
        return self._fit(X, y, sample_weight, incremental=False)

    @shared_doc(sample_weight=_SAMPLE_WEIGHT)
    @_fit_context(prefer_skip_nested_validation=False)
    def partial_fit(self, X, y, sample_weight=None):
        """One pass over (X, y) that keeps every category of both modules.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        {sample_weight}

        Returns
        -------
        self : ARTMAP
        """
        return self._fit(X, y, sample_weight, incremental=True)

    def predict_ab(self, X):
        """The ART_a winner of each input and the ART_b category it maps to (artlib's
        ``predict_ab``; artlib's ``predict`` is the second).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        categories_a, categories_b : ndarrays of shape (n_samples,)
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        winners = self._winners(self.module_a_, X)
        return winners, self.category_map_[winners]

    def predict(self, X):
        """The centre of the ART_b category the ART_a winner maps to.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        """
        _, categories = self.predict_ab(X)
        Y = self.centres_[categories]
        return Y[:, 0] if self._single_output else Y

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags
