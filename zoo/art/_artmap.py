r"""Fuzzy ARTMAP (Carpenter et al. 1992) and SimpleARTMAP over any ART module: one map field, one
search; what every ARTMAP shares (the module's training under the map field, its match tracking)."""

from numbers import Integral, Real

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    _fit_context,
    clone,
)
from sklearn.callback import CallbackSupportMixin
from sklearn.utils._available_if import available_if
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import _check_partial_fit_first_call, unique_labels
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.art import MATCH_TRACKING
from .._core.callbacks import close_callbacks, open_callbacks, train_under
from .._core.docstrings import shared_doc
from .._core.validation import (
    check_at_least_two_classes,
    check_classification_target_kind,
    check_sample_weight,
    check_warm_start_classes,
    known_class_index,
)
from ._base import (
    _SAMPLE_WEIGHT,
    _SHARED_ATTRIBUTES,
    _ARTClusterer,
    _BaseART,
    _CachedParamNames,
    _FuzzyInputMixin,
    _shared_parameters,
)
from ._fuzzy import FuzzyART

#: Docstring of the match-tracking parameters every ARTMAP shares.
_MATCH_TRACKING_DOC = r"""
match_tracking : {"MT+", "MT-", "MT0", "MT1", "MT~"}, default="MT+"
    How the map field resets the search when the resonating category :math:`J` predicts another
    class (artlib's names; :math:`M_J` is its match): MT+ raises the vigilance to
    :math:`M_J + \varepsilon` (Carpenter et al. 1992); MT- sets it to :math:`M_J - \varepsilon`,
    letting a later category of equal match win (Marriott & Harrison 1995); MT0 sets it to
    :math:`M_J` under the strict test :math:`M > \rho`; MT1 ends the search (a new category at
    once); MT~ tracks nothing: only the categories of the right class (and new ones) compete,
    under the strict test. A tracked vigilance above 1 ends the search.
epsilon : float, default=1e-10
    Match-tracking increment :math:`\varepsilon \ge 0`."""


def _class_scores(category_class, blocks, n_samples, n_classes, activation):
    r"""Per input and class, the largest choice value of the class's categories,
    :math:`\max_{j : c_j = k} T_j`: 0 for a class without categories when the choice values are
    activations (>= 0), else -inf."""
    best = np.full((n_samples, n_classes), 0.0 if activation else -np.inf)
    classes = np.unique(category_class)
    for rows, choice, _, _ in blocks:
        for k in classes:
            best[rows, k] = choice[:, category_class == k].max(axis=1)  # max_{j: c_j = k} T_j
    return best


def _class_index(estimator, y, keep, incremental, classes):
    """The classes of a classifier's fit and each label's index in them: ``y``'s own (or the
    given ``classes``) on a first fit, the fitted ``classes_`` when it continues (``keep``), where
    a warm start's y must have the same classes. Raises ValueError for a target that is no
    classification (continuous, multilabel), for a single class and for unknown labels."""
    if y.dtype.kind in "biu" and y.dtype.isnative:
        # integer labels (validate_data made y 1-D) are binary or multiclass by type_of_target's
        # own rules, and their unique values are unique_labels' (values and dtype): sklearn's
        # general checks, the costliest part of a small fit, are for the other labels
        kind = "multiclass"
        if not keep and classes is None:
            classes, y_index = np.unique(y, return_inverse=True)
            check_at_least_two_classes(classes, type(estimator).__name__)
            return classes, y_index
    else:
        kind = check_classification_target_kind(y)
    if keep:
        if not incremental:
            check_warm_start_classes(unique_labels(y, ys_types={kind}), estimator.classes_)
        return estimator.classes_, known_class_index(y, estimator.classes_)
    if classes is not None:
        classes = np.asarray(classes)
        check_at_least_two_classes(classes, type(estimator).__name__)
        return classes, known_class_index(y, classes)
    # ys_types: the kind is known, sklearn need not work it out again (type_of_target is the
    # costliest check of a small fit); every label is in classes by construction
    classes = unique_labels(y, ys_types={kind})
    check_at_least_two_classes(classes, type(estimator).__name__)
    return classes, np.searchsorted(classes, y)


def _normalised_scores(best, dtype):
    """The class scores divided by their sum (predict_proba); the uniform distribution for an
    input no category responds to (all T = 0)."""
    total = best.sum(axis=1, keepdims=True)
    proba = np.divide(best, total, out=np.full_like(best, 1.0 / best.shape[1]), where=total > 0)
    return proba.astype(dtype, copy=False)


@shared_doc(
    shared=_shared_parameters(1), attributes=_SHARED_ATTRIBUTES, match_tracking=_MATCH_TRACKING_DOC
)
class FuzzyARTMAP(_FuzzyInputMixin, ClassifierMixin, _BaseART):
    r"""Fuzzy ARTMAP: Fuzzy ART categories mapped to classes, with match tracking.

    The input is complement coded, :math:`I = (x, 1 - x)`, and presented to a Fuzzy ART module
    ART\ :sub:`a` (choice :math:`T_j = |I \wedge w_j| / (\alpha + |w_j|)`, vigilance test
    :math:`|I \wedge w_J| / |I| \ge \rho_a`). Its categories are linked to classes by the map
    field: with one ART\ :sub:`b` category per class and fast learning, the map field is a
    function "category :math:`j` predicts class :math:`c_j`", set when :math:`j` is committed.
    Training on :math:`(x, y)`: vigilance starts at the baseline :math:`\rho_a = \bar\rho`. When
    the resonating category :math:`J` predicts a class other than :math:`y`, match tracking
    resets :math:`J` and raises the vigilance just above its match,

    .. math:: \rho_a = \frac{|I \wedge w_J|}{|I|} + \varepsilon \quad \text{(MT+)},

    and the search goes on down the choice order, so only a category that matches *better* can
    take the input. The first category that resonates and predicts :math:`y` learns,
    :math:`w_J \leftarrow \beta (I \wedge w_J) + (1 - \beta) w_J`; if none does, a new category is
    committed with :math:`w = I` and mapped to :math:`y`. One pass with fast learning
    (:math:`\beta = 1`) is the paper's setting.

    Prediction: the winner of the F2 competition, the category with the largest choice
    :math:`T_j`, gives its class. ``predict_proba`` is the normalised best choice value of each
    class,

    .. math:: P(k \mid x) = \frac{\max_{j : c_j = k} T_j}{\sum_l \max_{j : c_l = l} T_j},

    (0 for a class without categories), so its argmax is the winner's class; it expresses how
    strongly the closest category of each class is activated, not a calibrated probability.

    Parameters
    ----------
    rho : float, default=0.0
        Baseline vigilance :math:`\bar\rho \in [0, 1]` of ART\ :sub:`a` (0: categories as large
        as the data allow; match tracking raises it when needed).
    alpha : float, default=0.001
        Choice parameter :math:`\alpha > 0`.
    beta : float, default=1.0
        Learning rate :math:`\beta \in (0, 1]`; 1 is fast learning.
    {match_tracking}
    complement_coding : bool, default=True
        Complement code the input here. Set False when X already is complement coded (after a
        :class:`ComplementCoder` in a Pipeline).
    clip : bool, default=True
        Input outside [0, 1] is clipped with a warning; False raises a ValueError instead.
    {shared}

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    weights_ : ndarray of shape (n_categories_, n_features)
        The ART\ :sub:`a` prototypes (complement coded: box ``[w[:M], 1 - w[M:]]``).
    category_classes_ : ndarray of shape (n_categories_,)
        The map field: the class each category predicts.
    n_categories_ : int
    {attributes}

    See Also
    --------
    FuzzyART : the unsupervised module ART\ :sub:`a`.
    ComplementCoder : complement coding as a Pipeline step.

    References
    ----------
    .. [1] Carpenter, G. A., Grossberg, S., Markuzon, N., Reynolds, J. H., & Rosen, D. B. (1992).
       Fuzzy ARTMAP: A neural network architecture for incremental supervised learning of analog
       multidimensional maps. IEEE Transactions on Neural Networks, 3(5), 698-713.
    .. [2] Marriott, S., & Harrison, R. F. (1995). A modified fuzzy ARTMAP architecture for the
       approximation of noisy mappings. Neural Networks, 8(4), 619-641.

    Examples
    --------
    >>> from zoo.art import FuzzyARTMAP
    >>> from zoo.datasets import make_circle_in_square
    >>> X, y = make_circle_in_square(1000, random_state=0)
    >>> X_test, y_test = make_circle_in_square(1000, random_state=1)
    >>> model = FuzzyARTMAP().fit(X, y)  # one pass, fast learning
    >>> model.score(X_test, y_test) > 0.85
    True
    """

    _input_domain = "unit_interval"

    _parameter_constraints: dict = {
        **_BaseART._parameter_constraints,
        **_FuzzyInputMixin._fuzzy_parameter_constraints,
        "epsilon": [Interval(Real, 0, None, closed="left")],
        "match_tracking": [StrOptions(set(MATCH_TRACKING))],
    }

    def __init__(
        self,
        *,
        rho=0.0,
        alpha=0.001,
        beta=1.0,
        epsilon=1e-10,
        match_tracking="MT+",
        complement_coding=True,
        clip=True,
        n_epochs=1,
        tol=0.0,
        max_categories=None,
        warm_start=False,
    ):
        self.rho = rho
        self.alpha = alpha
        self.beta = beta
        self.epsilon = epsilon
        self.match_tracking = match_tracking
        self.complement_coding = complement_coding
        self.clip = clip
        self.n_epochs = n_epochs
        self.tol = tol
        self.max_categories = max_categories
        self.warm_start = warm_start

    @property
    def _map_field(self):
        # the map field's match tracking (read by _BaseART._search when a target is given)
        return self.match_tracking, self.epsilon

    def _fit(self, X, y, sample_weight, incremental, classes=None):
        given = dict(X=X, y=y, sample_weight=sample_weight)  # what the callbacks see: the user's
        keep = (incremental or self.warm_start) and hasattr(self, "_memory")
        X, y = validate_data(self, X, y, dtype=(np.float64, np.float32), reset=not keep)
        self.classes_, y_index = _class_index(self, y, keep, incremental, classes)
        patterns, norms = self._patterns(X)
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X)
        if not incremental:
            open_callbacks(self, **given, max_epochs=self.n_epochs)
        self._train(patterns, norms, y_index, incremental, sample_weight)
        self.category_classes_ = self.classes_[self._memory.labels]
        close_callbacks(self)
        return self

    @shared_doc(sample_weight=_SAMPLE_WEIGHT)
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Learn: present (X, y) in order, one pass (or passes until stable).

        From scratch, or from the categories learned so far with ``warm_start=True``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        {sample_weight}

        Returns
        -------
        self : FuzzyARTMAP
        """
        return self._fit(X, y, sample_weight, incremental=False)

    @shared_doc(sample_weight=_SAMPLE_WEIGHT)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """One pass over (X, y) that keeps every category learned so far.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        classes : array-like, default=None
            All classes of the stream; required on the first call.
        {sample_weight}

        Returns
        -------
        self : FuzzyARTMAP
        """
        first_call = _check_partial_fit_first_call(self, classes)
        if first_call:
            self.__dict__.pop("_memory", None)
        return self._fit(
            X, y, sample_weight, incremental=True, classes=self.classes_ if first_call else None
        )

    def predict_proba(self, X):
        """Normalised largest choice value of each class's categories (see the class docstring).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        n_samples, blocks = self._activations(X)
        best = _class_scores(self._memory.labels, blocks, n_samples, len(self.classes_), True)
        return _normalised_scores(best, self._memory.prototypes.dtype)

    def predict(self, X):
        """The class of the winning category (largest choice; ties go to the first class).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


def _default_module():
    """The module of Fuzzy ARTMAP's defaults: Fuzzy ART at baseline vigilance 0."""
    return FuzzyART(rho=0.0)


def _train_module(module, patterns, norms, targets, incremental, sample_weight, task):
    """Run ``module``'s own presentation loop (its categories, search and learning) with the map
    field's ``targets``, its passes as the ``task`` of the ARTMAP's callbacks; return the labels."""
    with train_under(module, task):
        labels = module._train(patterns, norms, targets, incremental, sample_weight)
    module.labels_ = labels
    return labels


class _ARTMAPMeta(CallbackSupportMixin, MetaEstimatorMixin, _CachedParamNames, BaseEstimator):
    """What SimpleARTMAP and ARTMAP share: a fitted clone of each module, trained by its own
    loop with the map field's targets."""

    _parameter_constraints: dict = {
        "match_tracking": [StrOptions(set(MATCH_TRACKING))],
        "epsilon": [Interval(Real, 0, None, closed="left")],
        "n_epochs": [Interval(Integral, 1, None, closed="left")],
        "warm_start": ["boolean"],
    }

    def _prepare(self, module, X, keep, reset, role=""):
        """The fitted clone's input: ``module`` gets this fit's passes and the map field, then
        encodes X (validated) with its own ``_patterns``."""
        if not keep:
            module._validate_params()
        module.n_epochs, module.warm_start = self.n_epochs, keep  # parameters of every module
        module._map_field = (self.match_tracking, self.epsilon)
        module._owner_name = type(self).__name__ + role  # its messages name the estimator
        if reset:
            module.n_features_in_ = X.shape[1]
        return module._patterns(X)

    def _winners(self, module, X):
        """Per input, the category with the largest choice (the F2 winner, vigilance aside)."""
        if module._memory.n_categories == 0:
            raise ValueError(
                f"{type(self).__name__}: {type(module).__name__} learned no category (every "
                "training input had no F1 activity, e.g. all zeros): nothing to predict with."
            )
        patterns, norms = module._patterns(X)
        winners = np.zeros(patterns.shape[0], dtype=np.intp)
        for rows, choice, _, _ in module._activation_blocks(patterns, norms):
            winners[rows] = np.argmax(choice, axis=1)
        return winners


def _module_has_proba(estimator):
    module = estimator.module if estimator.module is not None else _default_module()
    return getattr(module, "_choice_is_activation", False)


@shared_doc(match_tracking=_MATCH_TRACKING_DOC)
class SimpleARTMAP(ClassifierMixin, _ARTMAPMeta):
    r"""SimpleARTMAP: a classifier over any ART module, its categories mapped to classes.

    The module (ART\ :sub:`a`: :class:`FuzzyART`, :class:`ART1`, :class:`ART2A`,
    :class:`HypersphereART`, ...) clusters the input with its own choice :math:`T_j`, match
    :math:`M_j`, vigilance :math:`\rho` and learning rule. The map field links each category to
    the class of the sample that committed it (Serrano-Gotarredona et al. 1998; the Fuzzy ARTMAP
    of Carpenter et al. 1992 with one ART\ :sub:`b` category per class and fast learning). Training
    on :math:`(x, y)`: the categories are searched in order of decreasing :math:`T_j` from the
    module's vigilance; when the resonating category :math:`J` predicts a class other than
    :math:`y`, it is reset and match tracking sets the vigilance from its match :math:`M_J`
    (MT+: :math:`\rho = M_J + \varepsilon`), and the search goes on down the order. The first
    category that resonates and predicts :math:`y` learns by the module's rule; if none does, a
    new category is committed at :math:`x` and mapped to :math:`y`. The vigilance returns to the
    module's :math:`\rho` for the next sample.

    ``SimpleARTMAP(FuzzyART(...))`` is :class:`FuzzyARTMAP` with the same settings, to the bit (the
    same presentation loop and search); FuzzyARTMAP is its fast path with the parameters flat.

    Prediction: the winner of the F2 competition, the category with the largest :math:`T_j`
    (vigilance aside, as in the paper and artlib), gives its class; ties go to the first class.
    ``predict_proba`` exists when the module's choice values are nonnegative activations (Fuzzy
    ART, ART1, ART 2-A): the normalised best choice value of each class,

    .. math:: P(k \mid x) = \frac{\max_{j : c_j = k} T_j}{\sum_l \max_{j : c_j = l} T_j},

    as Fuzzy ARTMAP's, whose argmax is the winner's class. It says how strongly the closest
    category of each class is activated, not a calibrated probability. For a module whose choice
    can be negative (Hypersphere ART's :math:`T_j = (\bar R - D_j)/(\bar R - R_j + \alpha)` for a
    point beyond :math:`\bar R`) no normalisation is a distribution, and there is none.

    Parameters
    ----------
    module : ART clustering estimator or None, default=None
        The unfitted ART\ :sub:`a` module (it is cloned); its vigilance is the baseline of match
        tracking. Its own ``n_epochs`` and ``warm_start`` are replaced by this estimator's. None:
        ``FuzzyART(rho=0.0)``, which makes ``SimpleARTMAP()`` equal ``FuzzyARTMAP()``.
    {match_tracking}
    n_epochs : int, default=1
        Passes over the training set (one pass: the paper's online setting); training stops
        earlier after a pass that creates no category and moves no prototype by more than the
        module's ``tol``.
    warm_start : bool, default=False
        When True and fitted, ``fit`` continues from the learned categories (same features and
        classes, else a ValueError).

    Attributes
    ----------
    module_ : ART clustering estimator
        The fitted clone of ``module``: its ``weights_`` (and the module's own attributes), its
        ``labels_`` (the category of each training sample in the last pass) and ``predict``
        (the category an input resonates with).
    classes_ : ndarray of shape (n_classes,)
    category_classes_ : ndarray of shape (n_categories_,)
        The map field: the class each category predicts.
    n_categories_ : int
    weights_ : ndarray
        The module's category prototypes (``module_.weights_``).
    n_iter_ : int
        Passes run by the last call.
    change_curve_ : list of float
        Per pass, the fraction of presentations that changed the network.
    n_features_in_ : int
    feature_names_in_ : ndarray

    Notes
    -----
    artlib's SimpleARTMAP takes ``match_tracking``, ``epsilon`` and ``max_iter`` as ``fit``
    arguments; here they are parameters (``n_epochs`` for ``max_iter``), so that they are cloned
    and searched over. Its partitions on the same prepared input are zoo's (tests).

    See Also
    --------
    FuzzyARTMAP : the Fuzzy ART case with its parameters flat.
    ARTMAP : ART\ :sub:`b` clusters the targets (regression, several outputs).

    References
    ----------
    .. [1] Carpenter, G. A., Grossberg, S., Markuzon, N., Reynolds, J. H., & Rosen, D. B. (1992).
       Fuzzy ARTMAP: A neural network architecture for incremental supervised learning of analog
       multidimensional maps. IEEE Transactions on Neural Networks, 3(5), 698-713.
    .. [2] Serrano-Gotarredona, T., Linares-Barranco, B., & Andreou, A. G. (1998). Adaptive
       Resonance Theory Microchips: Circuit Design Techniques. Kluwer.
    .. [3] Marriott, S., & Harrison, R. F. (1995). A modified fuzzy ARTMAP architecture for the
       approximation of noisy mappings. Neural Networks, 8(4), 619-641.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.preprocessing import StandardScaler
    >>> from zoo.art import HypersphereART, SimpleARTMAP
    >>> X, y = load_iris(return_X_y=True)
    >>> X = StandardScaler().fit_transform(X)
    >>> model = SimpleARTMAP(HypersphereART(rho=0.5), n_epochs=10).fit(X, y)
    >>> model.score(X, y) > 0.95
    True
    >>> model.get_params()["module__rho"]
    0.5
    """

    _input_domain = "unit_interval"  # the default module's (Fuzzy ART's)
    _compare_excluded = "with its default module it is FuzzyARTMAP, whose row it would repeat"

    _parameter_constraints: dict = {
        **_ARTMAPMeta._parameter_constraints,
        "module": [None, _ARTClusterer],
    }

    def __init__(
        self, module=None, *, match_tracking="MT+", epsilon=1e-10, n_epochs=1, warm_start=False
    ):
        self.module = module
        self.match_tracking = match_tracking
        self.epsilon = epsilon
        self.n_epochs = n_epochs
        self.warm_start = warm_start

    def _fit(self, X, y, sample_weight, incremental, classes=None):
        given = dict(X=X, y=y, sample_weight=sample_weight)  # what the callbacks see: the user's
        keep = (incremental or self.warm_start) and hasattr(self, "module_")
        X, y = validate_data(self, X, y, dtype=(np.float64, np.float32), reset=not keep)
        self.classes_, y_index = _class_index(self, y, keep, incremental, classes)
        if not keep:
            self.module_ = clone(self.module if self.module is not None else _default_module())
        module = self.module_
        patterns, norms = self._prepare(module, X, keep, reset=not keep)
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X)
        callbacks = None
        if not incremental:
            callbacks = open_callbacks(self, **given, max_epochs=self.n_epochs)
        _train_module(module, patterns, norms, y_index, incremental, sample_weight, callbacks)
        self.category_classes_ = self.classes_[module._memory.labels]
        self.n_categories_, self.weights_ = module.n_categories_, module.weights_
        self.n_iter_, self.change_curve_ = module.n_iter_, module.change_curve_
        close_callbacks(self)
        return self

    @shared_doc(sample_weight=_SAMPLE_WEIGHT)
    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None):
        """Learn: present (X, y) in order, one pass (or passes until stable).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        {sample_weight}

        Returns
        -------
        self : SimpleARTMAP
        """
        return self._fit(X, y, sample_weight, incremental=False)

    @shared_doc(sample_weight=_SAMPLE_WEIGHT)
    @_fit_context(prefer_skip_nested_validation=False)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """One pass over (X, y) that keeps every category learned so far.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        classes : array-like, default=None
            All classes of the stream; required on the first call.
        {sample_weight}

        Returns
        -------
        self : SimpleARTMAP
        """
        first_call = _check_partial_fit_first_call(self, classes)
        if first_call:
            self.__dict__.pop("module_", None)
        return self._fit(
            X, y, sample_weight, incremental=True, classes=self.classes_ if first_call else None
        )

    def _scores(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        module = self.module_
        patterns, norms = module._patterns(X)
        blocks = module._activation_blocks(patterns, norms)
        activation = module._choice_is_activation
        best = _class_scores(
            module._memory.labels, blocks, X.shape[0], len(self.classes_), activation
        )
        if activation:
            return _normalised_scores(best, module._memory.prototypes.dtype)
        return best

    @available_if(_module_has_proba)
    def predict_proba(self, X):
        """Normalised largest choice value of each class's categories (see the class docstring).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        return self._scores(X)

    def predict(self, X):
        """The class of the winning category (largest choice; ties go to the first class).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        scores = self._scores(X)  # first: it raises NotFittedError on an unfitted estimator
        return self.classes_[np.argmax(scores, axis=1)]

    def predict_ab(self, X):
        """The winning category of each input and its class (artlib's ``predict_ab``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        categories : ndarray of shape (n_samples,)
        classes : ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        winners = self._winners(self.module_, X)
        return winners, self.category_classes_[winners]
