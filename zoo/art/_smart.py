r"""Hierarchies of ART modules: DeepARTMAP (a stack of ARTMAPs, artlib's) and SMART (Bartfai 1994:
one input, vigilance increasing down the stack)."""

import warnings
from numbers import Real

import numpy as np
from sklearn.base import ClusterMixin, _fit_context, clone
from sklearn.utils.multiclass import unique_labels
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

from .._core.callbacks import close_callbacks, open_callbacks
from .._core.docstrings import fill_doc, shared_doc
from .._core.validation import (
    UnitIntervalWarning,
    check_classification_target_kind,
    check_sample_weight,
)
from ._artmap import _MATCH_TRACKING_DOC, _ARTMAPMeta, _train_module
from ._base import _ARTClusterer
from ._fuzzy import FuzzyART

#: Docstring of what DeepARTMAP and SMART share after their modules.
_HIERARCHY_DOC = r"""
{match_tracking}
n_epochs : int, default=1
    Passes of each module over the training set; the modules learn one after the other, from the
    top (as artlib's), which for one pass is the interleaved presentation exactly (a module never
    sees the modules below it).
warm_start : bool, default=False
    When True and fitted, ``fit`` continues from every module's categories."""

_HIERARCHY_ATTRIBUTES = """
modules_ : list of ART clustering estimators
    The fitted modules, from the top (coarsest) down; ``modules_[i].labels_`` are the training
    samples' categories at level i.
category_maps_ : list of ndarray
    ``category_maps_[i - 1][j]``: the category of module i - 1 that category j of module i belongs
    to (the map field of level i).
labels_deep_ : ndarray of shape (n_samples, n_modules)
    Each training sample's category at every level (column 0: the top).
labels_ : ndarray of shape (n_samples,)
    The top module's categories (``labels_deep_[:, 0]``).
weights_ : list of ndarray
    Each module's category prototypes (``modules_[i].weights_``).
n_features_in_ : int
feature_names_in_ : ndarray"""


def _is_list_of_arrays(X):
    """artlib's input of one array per module: a list of 2-D arrays (a list of rows is one
    array-like X)."""
    return isinstance(X, list | tuple) and len(X) > 0 and all(np.ndim(x) == 2 for x in X)


_HIERARCHY_DOC = fill_doc(_HIERARCHY_DOC, match_tracking=_MATCH_TRACKING_DOC)


class _Hierarchy(ClusterMixin, _ARTMAPMeta):
    """Modules stacked by map fields: module 0 clusters (or maps to the classes of y), module i
    is trained as SimpleARTMAP's module on the categories of module i - 1."""

    def _templates(self):
        raise NotImplementedError

    def _inputs(self, X, reset):
        """One validated array per module: the same X for all, or artlib's list of arrays."""
        n_modules = len(self._templates())
        if _is_list_of_arrays(X):
            if len(X) != n_modules:
                raise ValueError(
                    f"{type(self).__name__} has {n_modules} modules and X is a list of "
                    f"{len(X)} arrays; give one array per module, or one array for all."
                )
            arrays = [check_array(x, dtype=(np.float64, np.float32)) for x in X]
            if len({len(x) for x in arrays}) > 1:
                raise ValueError("The arrays of X have different numbers of samples.")
            return arrays
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=reset)
        return [X] * n_modules

    def _fit(self, X, y, sample_weight, incremental):
        given = dict(X=X, y=y, sample_weight=sample_weight)
        keep = (incremental or self.warm_start) and hasattr(self, "modules_")
        inputs = self._inputs(X, reset=not keep)
        targets = None
        if not getattr(self, "supervised", False):
            y = None  # a clusterer: y is ignored
        elif y is None:
            raise ValueError(f"{type(self).__name__}(supervised=True) needs y.")
        if y is not None:
            y = np.asarray(y)
            kind = check_classification_target_kind(y, allowed=("binary", "multiclass"))
            if len(y) != len(inputs[0]):
                raise ValueError("X and y have different numbers of samples.")
            classes = unique_labels(y, ys_types={kind}) if not keep else self.classes_
            if keep and np.setdiff1d(y, classes).size:
                raise ValueError("y has classes the fitted hierarchy does not know")
            self.classes_, targets = classes, np.searchsorted(classes, y)
        elif not keep:
            self.classes_ = None
        templates = self._templates()
        if y is None and len(templates) < 2:
            raise ValueError(
                f"{type(self).__name__} needs at least two modules to cluster without y."
            )
        if not keep:
            self.modules_ = [clone(module) for module in templates]
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, inputs[0])
        callbacks = None
        if not incremental:
            callbacks = open_callbacks(self, **given, max_epochs=None)
        for level, (module, Xi) in enumerate(zip(self.modules_, inputs)):
            with warnings.catch_warnings():
                if level > 0 and Xi is inputs[0]:  # the same X: its input warning once
                    warnings.simplefilter("ignore", UnitIntervalWarning)
                patterns, norms = self._prepare(module, Xi, keep, reset=not keep)
            task = None
            if callbacks is not None:
                task = callbacks.subtask(f"module_{level}", max_subtasks=self.n_epochs)
                task.reconstruction = lambda: None  # no hierarchy to predict with before the end
            weights = sample_weight
            if targets is not None and np.any(targets < 0):
                weights = np.where(targets < 0, 0, 1 if weights is None else weights)
                weights = weights.astype(Xi.dtype)
            targets = _train_module(module, patterns, norms, targets, incremental, weights, task)
            if task is not None:
                task.end()
        self.category_maps_ = [m._memory.labels.copy() for m in self.modules_[1:]]
        self.weights_ = [m.weights_ for m in self.modules_]
        if self.classes_ is not None:
            self.category_classes_ = self.classes_[self.modules_[0]._memory.labels]
        self.labels_deep_ = np.column_stack([m.labels_ for m in self.modules_])
        self.labels_ = self.labels_deep_[:, 0].copy()
        close_callbacks(self)
        return self

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y=None, sample_weight=None):
        """Train the modules from the top down, each on the categories of the one above.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), or a list of them (one per module)
        y : array-like of shape (n_samples,), default=None
            The classes the top module's categories map to (DeepARTMAP with ``supervised=True``);
            ignored otherwise.
        sample_weight : array-like of shape (n_samples,), default=None
            Each module's ``sample_weight`` (consecutive presentations; 0 skips the sample).

        Returns
        -------
        self
        """
        return self._fit(X, y, sample_weight, incremental=False)

    @_fit_context(prefer_skip_nested_validation=False)
    def partial_fit(self, X, y=None, sample_weight=None):
        """One pass of every module over X, keeping the categories learned so far.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), or a list of them (one per module)
        y : array-like of shape (n_samples,), default=None
            As in :meth:`fit`.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self
        """
        return self._fit(X, y, sample_weight, incremental=True)

    def predict_deep(self, X):
        """Each input's category at every level: the bottom module's winner (largest choice),
        mapped up by the map fields (artlib's ``predict``, top first).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), or a list of them (the last is used)

        Returns
        -------
        categories : ndarray of shape (n_samples, n_modules)
        """
        check_is_fitted(self)
        if _is_list_of_arrays(X):
            X = check_array(X[-1], dtype=(np.float64, np.float32))
            if X.shape[1] != self.modules_[-1].n_features_in_:
                raise ValueError(
                    f"X[-1] has {X.shape[1]} features; the bottom module was trained on "
                    f"{self.modules_[-1].n_features_in_}."
                )
        else:
            X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        levels = [self._winners(self.modules_[-1], X)]
        for category_map in reversed(self.category_maps_):
            levels.append(category_map[levels[-1]])
        return np.column_stack(levels[::-1])

    def predict(self, X):
        """The top module's category of each input (see :meth:`predict_deep`).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), or a list of them (the last is used)

        Returns
        -------
        labels : ndarray of shape (n_samples,)
        """
        return self.predict_deep(X)[:, 0]


@shared_doc(shared=_HIERARCHY_DOC, attributes=_HIERARCHY_ATTRIBUTES)
class DeepARTMAP(_Hierarchy):
    r"""DeepARTMAP: ART modules stacked by map fields into a hierarchy of categories.

    Module 0 clusters its input (or, ``supervised``, is the module of a :class:`SimpleARTMAP` on
    y);
    module :math:`i` is trained as a SimpleARTMAP's module on module :math:`i - 1`'s categories:
    each of its categories belongs to one category above, and match tracking resets a category
    of module :math:`i` that would take a sample out of its parent (artlib's DeepARTMAP:
    ``ARTMAP(modules[1], modules[0])``, then ``SimpleARTMAP(modules[i])`` on the labels above).
    The result is a tree of partitions, each level a refinement of the one above. Every module
    sees the same X, or each its own array (a list, one per module, as artlib's).

    Parameters
    ----------
    modules : list of ART clustering estimators or None, default=None
        The unfitted modules, top first (cloned). None: ``[FuzzyART(rho=0.5),
        FuzzyART(rho=0.8)]``.
    supervised : bool, default=False
        Map module 0's categories to the classes of ``y`` (required then) by match tracking, as
        artlib's DeepARTMAP given labels; False clusters and ignores y (one module is then too
        few: the top has nothing to map to).
    {shared}

    Attributes
    ----------
    classes_ : ndarray or None
        The classes of y (None when not supervised).
    category_classes_ : ndarray of shape (n_categories of module 0,)
        Supervised: the class of each top category.
    {attributes}

    Notes
    -----
    Supervised, artlib's ``labels_`` is y itself; here ``labels_`` stays the top module's
    categories, and ``category_classes_`` gives each one's class.

    See Also
    --------
    SMART : one input, one module type, vigilance increasing down the stack.
    SimpleARTMAP : one level.

    References
    ----------
    .. [1] Melton, N. M., & Wunsch, D. C. (2024). artlib: Adaptive Resonance Theory in Python
       (DeepARTMAP).
    .. [2] Bartfai, G. (1994). Hierarchical clustering with ART neural networks. Proceedings of
       the IEEE International Conference on Neural Networks, vol. 2, 940-944.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.art import DeepARTMAP, FuzzyART
    >>> X = np.array([[0.1, 0.1], [0.2, 0.15], [0.9, 0.8], [0.85, 0.95]])
    >>> deep = DeepARTMAP([FuzzyART(rho=0.3), FuzzyART(rho=0.95)]).fit(X)
    >>> deep.labels_deep_.tolist()
    [[0, 0], [0, 1], [1, 2], [1, 3]]
    """

    _input_domain = "unit_interval"  # the default modules' (Fuzzy ART's)

    _parameter_constraints: dict = {
        **_ARTMAPMeta._parameter_constraints,
        "modules": [None, list, tuple],
        "supervised": ["boolean"],
    }

    def __init__(
        self,
        modules=None,
        *,
        supervised=False,
        match_tracking="MT+",
        epsilon=1e-10,
        n_epochs=1,
        warm_start=False,
    ):
        self.modules = modules
        self.supervised = supervised
        self.match_tracking = match_tracking
        self.epsilon = epsilon
        self.n_epochs = n_epochs
        self.warm_start = warm_start

    def _templates(self):
        if self.modules is None:
            return [FuzzyART(rho=0.5), FuzzyART(rho=0.8)]
        if not self.modules or not all(isinstance(m, _ARTClusterer) for m in self.modules):
            raise TypeError(
                f"{type(self).__name__}'s modules must be a non-empty list of ART clustering "
                f"estimators (zoo.art.FuzzyART, ...), got {self.modules!r}."
            )
        return list(self.modules)


@shared_doc(shared=_HIERARCHY_DOC, attributes=_HIERARCHY_ATTRIBUTES)
class SMART(_Hierarchy):
    r"""SMART: hierarchical clustering by ART modules of increasing vigilance (Bartfai 1994).

    The same input is presented to a stack of copies of one ART module whose vigilances
    :math:`\rho_0 < \rho_1 < \dots` increase down the stack. The top module clusters freely;
    each module below is linked to the one above by a map field, as ART\ :sub:`a` to
    ART\ :sub:`b` in ARTMAP: when its resonating category belongs to another parent category than
    the input's, match tracking resets it and raises its vigilance. So every category of level
    :math:`i` lies inside one category of level :math:`i - 1`: a divisive tree of ever finer,
    self-consistent partitions (the hierarchy Bartfai's SMART, "self-consistent modular ART",
    builds), trained as artlib's SMART (a :class:`DeepARTMAP` whose modules all see X).

    Parameters
    ----------
    module : ART clustering estimator or None, default=None
        The module every level copies (its vigilance, ``rho``, is replaced by ``rho_values``;
        :class:`BayesianART`'s is ``s_max``). None: ``FuzzyART()``.
    rho_values : tuple of float, default=(0.5, 0.7, 0.9)
        The vigilance of each level, top first; increasing (a level less vigilant than the one
        above could not refine it), decreasing for a module whose vigilance is an upper bound
        (``_larger_rho_is_stricter = False``: :class:`BayesianART`'s ``s_max``, a volume, as in
        artlib's SMART).
    {shared}

    Attributes
    ----------
    {attributes}

    See Also
    --------
    DeepARTMAP : any modules, each with its own input.

    References
    ----------
    .. [1] Bartfai, G. (1994). Hierarchical clustering with ART neural networks. Proceedings of
       the IEEE International Conference on Neural Networks, vol. 2, 940-944.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.preprocessing import MinMaxScaler
    >>> from zoo.art import SMART
    >>> X = MinMaxScaler().fit_transform(load_iris().data)
    >>> smart = SMART(rho_values=(0.4, 0.7, 0.85)).fit(X)
    >>> [len(set(level)) for level in smart.labels_deep_.T]  # ever finer partitions
    [3, 10, 38]
    """

    _input_domain = "unit_interval"  # the default module's (Fuzzy ART's)

    _parameter_constraints: dict = {
        **_ARTMAPMeta._parameter_constraints,
        "module": [None, _ARTClusterer],
        "rho_values": [tuple, list],
    }

    def __init__(
        self,
        module=None,
        *,
        rho_values=(0.5, 0.7, 0.9),
        match_tracking="MT+",
        epsilon=1e-10,
        n_epochs=1,
        warm_start=False,
    ):
        self.module = module
        self.rho_values = rho_values
        self.match_tracking = match_tracking
        self.epsilon = epsilon
        self.n_epochs = n_epochs
        self.warm_start = warm_start

    def _templates(self):
        module = self.module if self.module is not None else FuzzyART()
        stricter = getattr(module, "_larger_rho_is_stricter", True)
        vigilance = getattr(module, "_vigilance", "rho")  # Bayesian ART's is s_max
        rho = [float(r) for r in self.rho_values if isinstance(r, Real)]
        steps = np.diff(rho) if stricter else -np.diff(rho)
        if len(rho) != len(self.rho_values) or len(rho) < 2 or np.any(steps <= 0):
            raise ValueError(
                f"SMART's rho_values must be at least two numbers, top first, each level "
                f"stricter than the one above: the values of {type(module).__name__}'s "
                f"vigilance {vigilance}, {'in' if stricter else 'de'}creasing; got "
                f"{self.rho_values!r}."
            )
        return [clone(module).set_params(**{vigilance: r}) for r in rho]
