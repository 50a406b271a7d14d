"""What every ART module and ARTMAP share: input preparation, the presentation of one input
(search, resonance or reset, learning or a new category; with a map field's target, match
tracking) and the epochs until stable. The ARTMAPs (``_artmap.py``, ``_artmap_ab.py``,
``_smart.py``) run a module's own loop with targets; they add no loop of their own."""

import math
import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin, _fit_context
from sklearn.callback import CallbackSupportMixin
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.art import (
    CategoryMemory,
    check_unit_interval,
    complement_code,
    resonance_search,
    weighted_learning_rate,
)
from .._core.callbacks import close_callbacks, epoch_callbacks, open_callbacks
from .._core.distances import row_chunks
from .._core.docstrings import fill_doc, shared_doc
from .._core.training import History, Monitor
from .._core.validation import check_sample_weight

#: Docstring fragment of the parameters every ART estimator shares; ``{n_epochs}`` is the line
#: that names its default (see :func:`_shared_parameters`).
_SHARED_PARAMETERS = """
{n_epochs}
    Passes over the training set. Training stops earlier, after the first pass that creates
    no category and moves no prototype by more than ``tol`` (the stable state of the paper);
    a ConvergenceWarning says when ``n_epochs > 1`` passes were not enough. Each pass is one
    task of scikit-learn's callbacks (``set_callbacks``: ``ProgressBar``, ``ScoringMonitor``,
    your own); a callback that asks to stop ends training after that pass.
tol : float, default=0.0
    A presentation "changes" the network when it commits a category or moves a prototype
    weight by more than ``tol``; 0 asks for exact stability (reached with fast learning).
max_categories : int or None, default=None
    Upper bound on the number of categories. When it is reached, an input that resonates with
    no category is not learned (label -1) and a warning says how many were left out.
warm_start : bool, default=False
    When True and the estimator is fitted, ``fit`` keeps the learned categories and runs its
    ``n_epochs`` passes on the new data from them (as :meth:`partial_fit` does for one pass);
    ``labels_``, ``n_iter_`` are the new call's and ``change_curve_`` continues. X must have
    the same features (and, for a classifier, y the same classes) or a ValueError is raised.
    On an unfitted estimator it is a cold fit.
"""


def _shared_parameters(n_epochs):
    """The shared parameters' docstring fragment with ``n_epochs``'s default."""
    return fill_doc(_SHARED_PARAMETERS, n_epochs=f"n_epochs : int, default={n_epochs}")


#: Docstring fragment of the fitted attributes every ART estimator shares.
_SHARED_ATTRIBUTES = """
n_iter_ : int
    Passes run by the last call.
change_curve_ : list of float
    Per pass, the fraction of presentations that changed the network (0 = stable); with
    ``sample_weight``, the fraction of the total weight.
n_features_in_ : int
feature_names_in_ : ndarray
"""


#: Docstring fragment of ``fit``'s ``sample_weight`` (ART1, Fuzzy ART, Fuzzy ARTMAP).
_SAMPLE_WEIGHT = r"""
sample_weight : array-like of shape (n_samples,), default=None
    A sample of weight :math:`s` is presented once and teaches its resonating category as
    :math:`s` consecutive presentations of it would: with the learning rule applied :math:`s`
    times, :math:`w_{J,i} \leftarrow I_i + (1 - \beta)^s (w_{J,i} - I_i)` where
    :math:`I_i < w_{J,i}`, i.e.

    .. math:: w_J \leftarrow \beta_s (I \wedge w_J) + (1 - \beta_s) w_J, \qquad
              \beta_s = 1 - (1 - \beta)^s,

    for any real :math:`s > 0`. Fast learning (:math:`\beta = 1`, always for ART1) is unchanged
    by a positive weight, and a new category is committed at :math:`w = I` whatever the weight.
    Weight 0 skips the sample (it commits no category; label -1). The search, the vigilance
    test (and Fuzzy ARTMAP's map field and match tracking) are those of an unweighted
    presentation; the stability measure of ``change_curve_`` counts each presentation with its
    weight. Weights equal repetition only for repetitions placed together: ART learns online,
    so the same repetitions spread through the order of presentation can give other
    categories. None: every weight 1 (the same fit, bit for bit, as all ones).
"""


class _CachedParamNames:
    """scikit-learn's parameter names, read from ``__init__``'s signature once per class.

    ``get_params`` inspects the signature on every call, and a fit of an ARTMAP calls it five
    times (cloning the module, checking its parameters and its own, ``set_params``), which on
    small data costs as much as many presentations. The names are those of the class's
    ``__init__``, fixed when the class is defined, so they are cached on the class itself (each
    subclass its own)."""

    @classmethod
    def _get_param_names(cls):
        names = cls.__dict__.get("_zoo_param_names")
        if names is None:
            names = tuple(super()._get_param_names())
            cls._zoo_param_names = names
        return list(names)


class _BaseART(CallbackSupportMixin, _CachedParamNames, BaseEstimator):
    """The ART dynamics on top of :mod:`zoo._core.art`; subclasses say how to encode input."""

    _parameter_constraints: dict = {
        "rho": [Interval(Real, 0, 1, closed="both")],
        "n_epochs": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "max_categories": [None, Interval(Integral, 1, None, closed="left")],
        "warm_start": ["boolean"],
    }

    def _display_name(self):
        """The name messages give: the estimator's own, or, for a module an ARTMAP trains, the
        ARTMAP's (``_owner_name``, set by it)."""
        return self.__dict__.get("_owner_name") or type(self).__name__

    # Fuzzy ART and ARTMAP read alpha and beta; ART1 overrides these (alpha = L - 1, beta = 1).
    def _choice_parameter(self):
        return self.alpha

    def _learning_rate(self):
        return self.beta

    def _weighted_rate(self, weight):
        """What a presentation of weight ``weight`` passes to the memory's ``learn``: the rate
        of that many consecutive presentations (the Gaussian modules take the weight itself, a
        count)."""
        return weighted_learning_rate(self._learning_rate(), weight)

    #: Whether the choice values are nonnegative activations (T_j >= 0, larger = closer): then a
    #: classifier over the module may normalise the best choice of each class into class scores
    #: (``predict_proba``). A module whose choice can be negative leaves it False.
    _choice_is_activation = False

    #: Whether a larger vigilance is the stricter test (match >= rho). A module whose rho bounds a
    #: size from above (artlib's Bayesian ART: a hypervolume) sets False; SMART then takes its
    #: levels' rho_values decreasing.
    _larger_rho_is_stricter = True

    #: The parameter that is the module's vigilance (what SMART varies per level). Bayesian ART's
    #: is ``s_max``, a volume bound; its ``rho`` is a fixed 0 the shared search compares with.
    _vigilance = "rho"

    #: Why a composite (Dual Vigilance ART, TopoART, Fusion ART, BARTMAP), which borrows only the
    #: module's encoding, memory, choice parameter, learning rate and rho, would lose part of
    #: this module's algorithm (None: nothing is lost). CVI ART's validity test lives in its own
    #: search over its own partition of the training set.
    _not_composable = None

    def _search(self, choice, match, target):
        """The resonating category (-1: none). With a ``target`` (a class, or ART_b's category),
        the map field resets the categories mapped elsewhere, with the match tracking
        ``self._map_field = (method, epsilon)`` (set by the ARTMAP that trains this module; Fuzzy
        ARTMAP's own parameters). A module that overrides this must honour ``target`` likewise."""
        if target is None:
            return resonance_search(choice, match, self.rho)[0]
        match_tracking, epsilon = self._map_field
        return resonance_search(
            choice, match, self.rho, self._memory.labels, target, match_tracking, epsilon
        )[0]

    def _encode(self, X):
        """Validated X -> the F0 input pattern (complement coded, binarised...)."""
        raise NotImplementedError

    def _new_memory(self, n_features, dtype, capacity):
        """The module's categories: an object with the interface of
        :class:`zoo._core.art.CategoryMemory` (``add``, ``activations``, ``learn``,
        ``batch_activations``, ``prototypes``, ``labels``, ``n_categories``). The presentation
        loop knows nothing else of the module; ART1 and Fuzzy ART use the hyper-box memory."""
        return CategoryMemory(n_features, dtype, capacity)

    def _input(self, X, reset):
        """Validate X and return the encoded patterns and their norms ``|I|``."""
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=reset)
        return self._patterns(X)

    def _patterns(self, X):
        """The F0 patterns of validated X and their norms ``|I|``."""
        patterns = self._encode(X)
        if getattr(self, "complement_coding", False):
            # |I| = |x| + |1 - x| = M for every complement-coded input, exactly
            norms = np.full(patterns.shape[0], float(X.shape[1]))
        else:
            norms = patterns.sum(axis=1, dtype=np.float64)
        return patterns, norms

    def _present(self, x, input_norm, target=None, rate=None):
        """One ART cycle for one input; returns ``(category or -1, whether anything changed)``.
        ``rate``: the learning rate of a weighted presentation (None: the estimator's)."""
        if input_norm == 0.0:
            # an all-zero pattern activates no F1 node, so no category: nothing to learn
            return -1, False
        memory = self._memory
        alpha, beta = self._rates  # this fit's choice parameter and learning rate
        choice, match = memory.activations(x, input_norm, alpha)
        J = self._search(choice, match, target)
        if J >= 0:  # resonance: the winner learns
            return J, memory.learn(J, x, beta if rate is None else rate) > self.tol
        if self.max_categories is not None and memory.n_categories >= self.max_categories:
            self._n_unlearned += 1
            return -1, False
        return self._commit(memory, x, -1 if target is None else target, rate), True

    def _commit(self, memory, x, label, rate):
        """A new category at ``x`` in ``memory``, for a presentation learning at ``rate`` (None:
        unweighted); its index. Fast commitment ignores the weight (see ``sample_weight``)."""
        return memory.add(x, label)

    def _train(self, patterns, norms, targets, incremental, sample_weight=None):
        """Present the patterns in order, epoch after epoch, until stable; return the labels.

        ``incremental`` (partial_fit): one pass from the categories learned so far; a fit with
        ``warm_start`` starts from them too and runs its ``n_epochs`` passes."""
        keep = incremental or self.warm_start
        first_pass = not keep or not hasattr(self, "_memory")
        if first_pass:
            capacity = min(16, self.max_categories or 16)
            self._memory = self._new_memory(patterns.shape[1], patterns.dtype, capacity)
            self._history = History()
        else:  # later calls learn in the precision of the first
            if patterns.shape[1] != self._memory.prototypes.shape[1]:
                raise ValueError(
                    f"{self._display_name()}: the categories were learned from patterns of "
                    f"{self._memory.prototypes.shape[1]} components and these have "
                    f"{patterns.shape[1]} (was complement_coding changed?); warm_start and "
                    "partial_fit continue with the same encoding."
                )
            patterns = patterns.astype(self._memory.prototypes.dtype, copy=False)
        self._n_unlearned = 0
        n_samples = patterns.shape[0]
        labels = [-1] * n_samples
        # Python floats and ints: a presentation compares and divides by them, which numpy
        # scalars make slower (the same float64 values, so the same results)
        norms = norms.tolist()
        targets = [None] * n_samples if targets is None else np.asarray(targets).tolist()
        present = self._present
        # fixed for the fit: read once, not per presentation (a composite asks its module)
        self._rates = (self._choice_parameter(), self._learning_rate())
        if sample_weight is None:
            order, presented, total = range(n_samples), None, n_samples
        else:
            # weight 0: the sample is not presented (as if dropped); the others learn at the rate
            # of their weight's consecutive presentations
            weights = sample_weight.tolist()
            order = np.flatnonzero(sample_weight).tolist()
            presented = {i: (weights[i], self._weighted_rate(weights[i])) for i in order}
            total = math.fsum(weights)
        # passes until one changes no category (stable), recorded as the fraction of
        # presentations that changed one; one pass is the classic one-shot online ART: there is
        # no stability to wait for
        monitor = Monitor(
            self._history,
            name=self._display_name(),
            n_iter_no_change=None,
            callbacks=epoch_callbacks(self),
        )
        n_passes = 1 if incremental else self.n_epochs
        self.n_iter_ = 0
        for _ in range(n_passes):
            monitor.begin_epoch()
            n_changed = 0.0
            if presented is None:
                for i in order:  # online: one input at a time, in order
                    labels[i], changed = present(patterns[i], norms[i], targets[i])
                    n_changed += float(changed)
            else:
                for i in order:
                    weight, rate = presented[i]
                    labels[i], changed = present(patterns[i], norms[i], targets[i], rate)
                    n_changed += weight * changed
            self.n_iter_ += 1
            monitor.record(n_changed / total)
            if n_changed == 0 or monitor.stopped_by_callback:
                break
        else:
            if n_passes > 1:
                monitor.warn_not_converged(n_passes)
        if self._n_unlearned:
            warnings.warn(
                f"{self._display_name()}: max_categories={self.max_categories} was reached; "
                f"{self._n_unlearned} presentations resonated with no category and were not "
                "learned (label -1). Raise max_categories or lower rho.",
                UserWarning,
                stacklevel=4,
            )
        self.change_curve_ = self._history.criterion
        self.n_categories_ = self._memory.n_categories
        self.weights_ = self._memory.prototypes.copy()  # a snapshot: later calls keep learning
        return np.array(labels, dtype=np.intp)

    def _activations(self, X):
        """The number of inputs and, block of rows by block, ``(rows, choice, match, active)``:
        choice and match of the block's inputs against every category, and which inputs are
        nonzero. A block holds at most ``row_chunks``'s budget of values, so prediction memory
        stays bounded however many inputs and categories there are (the categories grow with the
        training data)."""
        check_is_fitted(self)
        patterns, norms = self._input(X, reset=False)
        return patterns.shape[0], self._activation_blocks(patterns, norms)

    def _activation_blocks(self, patterns, norms):
        """``(rows, choice, match, active)`` of encoded patterns, block by block (see
        :meth:`_activations`; an ARTMAP encodes its input with its module and calls this)."""
        memory, alpha = self._memory, self._choice_parameter()

        def blocks():
            for rows in row_chunks(patterns.shape[0], memory.n_categories):
                active = norms[rows] > 0
                choice, match = memory.batch_activations(
                    patterns[rows], np.where(active, norms[rows], 1.0), alpha
                )
                yield rows, choice, match, active

        return blocks()

    def _category_centres(self):
        """Each category's centre in the input space (an ARTMAP's regression output, as artlib's
        ``get_cluster_centers``): the prototype itself (Hypersphere ART's centroid, ART 2-A's unit
        direction, ART1's template). Modules whose prototypes are no point of the input space
        override this."""
        return self._memory.prototypes


class _FuzzyInputMixin:
    """Input in [0, 1], clipped or rejected, then complement coded if asked."""

    _fuzzy_parameter_constraints = {
        "alpha": [Interval(Real, 0, None, closed="neither")],
        "beta": [Interval(Real, 0, 1, closed="right")],
        "complement_coding": ["boolean"],
        "clip": ["boolean"],
    }

    _choice_is_activation = True  # T_j = |I ^ w_j| / (alpha + |w_j|) >= 0

    def _encode(self, X):
        X = check_unit_interval(X, self.clip, self._display_name())
        return complement_code(X) if self.complement_coding else X

    def _category_centres(self):
        # complement coded, w = (u, 1 - v) is the box [u, v]: its centre (u + v) / 2
        W = self._memory.prototypes
        if not self.complement_coding:
            return W  # the box's lower corner, the only point the prototype holds
        M = W.shape[1] // 2
        return 0.5 * (W[:, :M] + (1 - W[:, M:]))


NOVELTY = StrOptions({"best", "reject"})


class _ARTClusterer(ClusterMixin, _BaseART):
    """fit / partial_fit / predict of the unsupervised ART modules (ART1, Fuzzy ART)."""

    @shared_doc(sample_weight=_SAMPLE_WEIGHT)
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        """Learn categories: present X in order, pass after pass, until stable.

        From scratch, or from the categories learned so far with ``warm_start=True``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored
        {sample_weight}

        Returns
        -------
        self
        """
        return self._fit(X, sample_weight, incremental=False)

    @shared_doc(sample_weight=_SAMPLE_WEIGHT)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y=None, sample_weight=None):
        """One pass over X that keeps every category learned so far (online learning).

        Earlier categories persist; they change only when an input resonates with them, and then
        only by the learning rule. ``labels_`` become the categories of this call's samples.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored
        {sample_weight}

        Returns
        -------
        self
        """
        return self._fit(X, sample_weight, incremental=True)

    def _fit(self, X, sample_weight, incremental):
        given = dict(X=X, y=None, sample_weight=sample_weight)  # what the callbacks see
        keep = (incremental or self.warm_start) and hasattr(self, "_memory")
        patterns, norms = self._input(X, reset=not keep)
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, patterns)
        if not incremental:
            open_callbacks(self, **given, max_epochs=self.n_epochs)
        self.labels_ = self._train(patterns, norms, None, incremental, sample_weight)
        close_callbacks(self)
        return self

    def predict(self, X):
        """The category each input resonates with, without learning.

        Among the categories whose match passes the vigilance, the one with the largest choice
        value (the category the search of :meth:`fit` would select). For an input that resonates
        with no category: the category with the largest choice (``novelty="best"``) or -1
        (``novelty="reject"``). An all-zero input (no F1 activity) gets -1.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        labels : ndarray of shape (n_samples,)
        """
        n_samples, blocks = self._activations(X)
        labels = np.full(n_samples, -1, dtype=np.intp)
        if self._memory.n_categories == 0:
            return labels
        for rows, choice, match, active in blocks:
            resonating = match >= self.rho
            block = np.argmax(np.where(resonating, choice, -np.inf), axis=1)
            novel = ~resonating.any(axis=1)
            if self.novelty == "best":
                block[novel] = np.argmax(choice[novel], axis=1)
            else:
                block[novel] = -1
            block[~active] = -1
            labels[rows] = block
        return labels

    @property
    def n_clusters_(self):
        """Alias of ``n_categories_``."""
        check_is_fitted(self)
        return self.n_categories_


class _UnweightedARTClusterer(_ARTClusterer):
    """An ART clusterer whose ``fit`` and ``partial_fit`` take no ``sample_weight`` (the
    composites whose learning counts presentations: TopoART's counters, Fusion ART's channels);
    scikit-learn's checks read the signatures."""

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Learn categories: present X in order, ``n_epochs`` passes (see the class).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self
        """
        return self._fit(X, None, incremental=False)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y=None):
        """One pass over X that keeps everything learned so far (online learning).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self
        """
        return self._fit(X, None, incremental=True)
