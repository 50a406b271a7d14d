"""What ART1, Fuzzy ART and Fuzzy ARTMAP share: input preparation, the presentation of one input
(search, resonance or reset, learning or a new category) and the epochs until stable."""

import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.art import (
    CategoryMemory,
    batch_activations,
    check_unit_interval,
    complement_code,
    resonance_search,
)
from .._core.distances import row_chunks
from .._core.docstrings import fill_doc
from .._core.training import History, Monitor

#: Docstring fragment of the parameters every ART estimator shares; ``{n_epochs}`` is the line
#: that names its default (see :func:`_shared_parameters`).
_SHARED_PARAMETERS = """
{n_epochs}
    Passes over the training set. Training stops earlier, after the first pass that creates
    no category and moves no prototype by more than ``tol`` (the stable state of the paper);
    a ConvergenceWarning says when ``n_epochs > 1`` passes were not enough.
tol : float, default=0.0
    A presentation "changes" the network when it commits a category or moves a prototype
    weight by more than ``tol``; 0 asks for exact stability (reached with fast learning).
max_categories : int or None, default=None
    Upper bound on the number of categories. When it is reached, an input that resonates with
    no category is not learned (label -1) and a warning says how many were left out.
"""


def _shared_parameters(n_epochs):
    """The shared parameters' docstring fragment with ``n_epochs``'s default."""
    return fill_doc(_SHARED_PARAMETERS, n_epochs=f"n_epochs : int, default={n_epochs}")


#: Docstring fragment of the fitted attributes every ART estimator shares.
_SHARED_ATTRIBUTES = """
n_iter_ : int
    Passes run by the last call.
change_curve_ : list of float
    Per pass, the fraction of presentations that changed the network (0 = stable).
n_features_in_ : int
feature_names_in_ : ndarray
"""


class _BaseART(BaseEstimator):
    """The ART dynamics on top of :mod:`zoo._core.art`; subclasses say how to encode input."""

    _parameter_constraints: dict = {
        "rho": [Interval(Real, 0, 1, closed="both")],
        "n_epochs": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "max_categories": [None, Interval(Integral, 1, None, closed="left")],
    }

    # Fuzzy ART and ARTMAP read alpha and beta; ART1 overrides these (alpha = L - 1, beta = 1).
    def _choice_parameter(self):
        return self.alpha

    def _learning_rate(self):
        return self.beta

    def _search(self, choice, match, target):
        """The resonating category (-1: none); Fuzzy ARTMAP adds its map field."""
        return resonance_search(choice, match, self.rho)[0]

    def _encode(self, X):
        """Validated X -> the F0 input pattern (complement coded, binarised...)."""
        raise NotImplementedError

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

    def _present(self, x, input_norm, target=None):
        """One ART cycle for one input; returns ``(category or -1, whether anything changed)``."""
        memory = self._memory
        if input_norm == 0.0:
            # an all-zero pattern activates no F1 node, so no category: nothing to learn
            return -1, False
        choice, match = memory.activations(x, self._choice_parameter(), input_norm)
        J = self._search(choice, match, target)
        if J >= 0:  # resonance: the winner learns
            return J, memory.learn(J, x, self._learning_rate()) > self.tol
        if self.max_categories is not None and memory.n_categories >= self.max_categories:
            self._n_unlearned += 1
            return -1, False
        return memory.add(x, -1 if target is None else target), True  # a new category

    def _train(self, patterns, norms, targets, incremental):
        """Present the patterns in order, epoch after epoch, until stable; return the labels."""
        first_pass = not incremental or not hasattr(self, "_memory")
        if first_pass:
            capacity = min(16, self.max_categories or 16)
            self._memory = CategoryMemory(patterns.shape[1], patterns.dtype, capacity)
            self._history = History()
        else:  # later calls learn in the precision of the first
            patterns = patterns.astype(self._memory.prototypes.dtype, copy=False)
        self._n_unlearned = 0
        n_samples = patterns.shape[0]
        labels = np.full(n_samples, -1, dtype=np.intp)
        # passes until one changes no category (stable), recorded as the fraction of
        # presentations that changed one; one pass is the classic one-shot online ART: there is
        # no stability to wait for
        monitor = Monitor(self._history, name=type(self).__name__, n_iter_no_change=None)
        n_passes = 1 if incremental else self.n_epochs
        self.n_iter_ = 0
        for _ in range(n_passes):
            n_changed = 0.0
            for i in range(n_samples):  # online: one input at a time, in order
                labels[i], changed = self._present(
                    patterns[i], norms[i], None if targets is None else targets[i]
                )
                n_changed += float(changed)
            self.n_iter_ += 1
            monitor.record(n_changed / n_samples)
            if n_changed == 0:
                break
        else:
            if n_passes > 1:
                monitor.warn_not_converged(n_passes)
        if self._n_unlearned:
            warnings.warn(
                f"{type(self).__name__}: max_categories={self.max_categories} was reached; "
                f"{self._n_unlearned} presentations resonated with no category and were not "
                "learned (label -1). Raise max_categories or lower rho.",
                UserWarning,
                stacklevel=4,
            )
        self.change_curve_ = self._history.criterion
        self.n_categories_ = self._memory.n_categories
        self.weights_ = self._memory.prototypes.copy()  # a snapshot: later calls keep learning
        return labels

    def _activations(self, X):
        """The number of inputs and, block of rows by block, ``(rows, choice, match, active)``:
        choice and match of the block's inputs against every category, and which inputs are
        nonzero. A block holds at most ``row_chunks``'s budget of values, so prediction memory
        stays bounded however many inputs and categories there are (the categories grow with the
        training data)."""
        check_is_fitted(self)
        patterns, norms = self._input(X, reset=False)
        prototypes, alpha = self._memory.prototypes, self._choice_parameter()

        def blocks():
            for rows in row_chunks(patterns.shape[0], prototypes.shape[0]):
                active = norms[rows] > 0
                choice, match = batch_activations(
                    patterns[rows], prototypes, alpha, np.where(active, norms[rows], 1.0)
                )
                yield rows, choice, match, active

        return patterns.shape[0], blocks()


class _FuzzyInputMixin:
    """Input in [0, 1], clipped or rejected, then complement coded if asked."""

    _fuzzy_parameter_constraints = {
        "alpha": [Interval(Real, 0, None, closed="neither")],
        "beta": [Interval(Real, 0, 1, closed="right")],
        "complement_coding": ["boolean"],
        "clip": ["boolean"],
    }

    def _encode(self, X):
        X = check_unit_interval(X, self.clip, type(self).__name__)
        return complement_code(X) if self.complement_coding else X


NOVELTY = StrOptions({"best", "reject"})


class _ARTClusterer(ClusterMixin, _BaseART):
    """fit / partial_fit / predict of the unsupervised ART modules (ART1, Fuzzy ART)."""

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Learn categories from scratch: present X in order, pass after pass, until stable.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self
        """
        patterns, norms = self._input(X, reset=True)
        self.labels_ = self._train(patterns, norms, None, incremental=False)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y=None):
        """One pass over X that keeps every category learned so far (online learning).

        Earlier categories persist; they change only when an input resonates with them, and then
        only by the learning rule. ``labels_`` become the categories of this call's samples.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self
        """
        first_call = not hasattr(self, "_memory")
        patterns, norms = self._input(X, reset=first_call)
        self.labels_ = self._train(patterns, norms, None, incremental=True)
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
