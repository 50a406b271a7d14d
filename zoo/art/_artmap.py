r"""Fuzzy ARTMAP (Carpenter et al. 1992): incremental supervised learning with match tracking."""

from numbers import Real

import numpy as np
from sklearn.base import ClassifierMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import _check_partial_fit_first_call, unique_labels
from sklearn.utils.validation import validate_data

from .._core.art import MATCH_TRACKING, resonance_search
from .._core.callbacks import close_callbacks, open_callbacks
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
    _BaseART,
    _FuzzyInputMixin,
    _shared_parameters,
)


@shared_doc(shared=_shared_parameters(1), attributes=_SHARED_ATTRIBUTES)
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
    epsilon : float, default=1e-10
        Match-tracking increment :math:`\varepsilon \ge 0`.
    match_tracking : {"MT+", "MT-"}, default="MT+"
        MT+ raises vigilance to :math:`M_J + \varepsilon` (Carpenter et al. 1992); MT- sets it to
        :math:`M_J - \varepsilon`, letting a later category with the same match win (Marriott &
        Harrison 1995).
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

    def _search(self, choice, match, target):
        # the map field: a category that predicts another class is reset, with match tracking
        return resonance_search(
            choice, match, self.rho, self._memory.labels, target, self.match_tracking, self.epsilon
        )[0]

    def _fit(self, X, y, sample_weight, incremental, classes=None):
        given = dict(X=X, y=y, sample_weight=sample_weight)  # what the callbacks see: the user's
        keep = (incremental or self.warm_start) and hasattr(self, "_memory")
        X, y = validate_data(self, X, y, dtype=(np.float64, np.float32), reset=not keep)
        check_classification_target_kind(y)
        if not keep:
            self.classes_ = unique_labels(y) if classes is None else np.asarray(classes)
            check_at_least_two_classes(self.classes_, type(self).__name__)
        elif not incremental:
            check_warm_start_classes(unique_labels(y), self.classes_)
        y_index = known_class_index(y, self.classes_)
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
        category_class = self._memory.labels
        best = np.zeros((n_samples, len(self.classes_)))
        for rows, choice, _, _ in blocks:
            for k in np.unique(category_class):
                best[rows, k] = choice[:, category_class == k].max(axis=1)  # max_{j: c_j = k} T_j
        total = best.sum(axis=1, keepdims=True)
        # an input no category responds to (all T = 0) gets the uniform distribution
        proba = np.divide(best, total, out=np.full_like(best, 1.0 / best.shape[1]), where=total > 0)
        return proba.astype(self._memory.prototypes.dtype, copy=False)

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
