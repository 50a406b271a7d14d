r"""The formulas of Adaptive Resonance Theory, shared by ART1, Fuzzy ART and Fuzzy ARTMAP.

Notation of Carpenter, Grossberg & Rosen (1991): input :math:`x \in [0, 1]^M` (or the
complement-coded :math:`I = (x, 1 - x)`), category prototypes :math:`w_j`, the L1 norm
:math:`|v| = \sum_i |v_i|` and the fuzzy AND :math:`(x \wedge w)_i = \min(x_i, w_i)`.

* choice function (F2 competition): :math:`T_j = |x \wedge w_j| / (\alpha + |w_j|)`;
* match function (the reset test): category :math:`j` resonates when
  :math:`|x \wedge w_j| / |x| \ge \rho`;
* learning: :math:`w_J \leftarrow \beta\,(x \wedge w_J) + (1 - \beta)\,w_J`; a sample of
  weight :math:`s` learns with :math:`\beta_s = 1 - (1 - \beta)^s` (:func:`weighted_learning_rate`),
  as :math:`s` consecutive presentations do.

For binary input the fuzzy AND is the logical AND, and these are ART1's equations with
:math:`\alpha = L - 1` (Carpenter & Grossberg 1987; the bottom-up weights
:math:`L w / (L - 1 + |w|)` give :math:`T_j = L|x \wedge w_j| / (L - 1 + |w_j|)`, the same order).

The search visits the categories in order of decreasing choice and stops at the first that passes
the vigilance test, so it is "the largest choice among the categories that match": one vectorised
expression over all categories (:func:`resonance_search`), no loop over categories. The
prototypes live in :class:`CategoryMemory`, a preallocated buffer that doubles when full.
"""

import math
import weakref
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .diagnostics import warn_at_caller
from .validation import UnitIntervalWarning, unit_interval_excursion


class MatchTracking(NamedTuple):
    """One match-tracking method: how the map field resets the search after a wrong prediction.

    ``raise_to(M, epsilon)`` is the new vigilance from the wrong category's match ``M`` (None: no
    tracking, the wrong categories are left out of the search beforehand); ``strict`` says whether
    the vigilance test is ``M > rho`` instead of ``M >= rho`` during a supervised search.
    """

    raise_to: Callable[[float, float], float] | None
    strict: bool


#: How the map field resets ART_a's search when the resonating category predicts another class
#: (artlib's names and meanings): MT+ (Carpenter et al. 1992) raises the vigilance just above the
#: wrong category's match M; MT- (Marriott & Harrison 1995) sets it just below M, so a later
#: category of equal match may still win; MT0 sets it to M under a strict test (M > rho);
#: MT1 sets it to infinity, ending the search (a new category is committed at once); MT~ does no
#: tracking: the categories mapped to another class take no part in the search, which runs under
#: the strict test. A tracked vigilance above 1 ends the search (no match exceeds 1).
MATCH_TRACKING = {
    "MT+": MatchTracking(lambda match, epsilon: match + epsilon, strict=False),
    "MT-": MatchTracking(lambda match, epsilon: match - epsilon, strict=False),
    "MT0": MatchTracking(lambda match, epsilon: match, strict=True),
    "MT1": MatchTracking(lambda match, epsilon: math.inf, strict=False),
    "MT~": MatchTracking(None, strict=True),
}


def fuzzy_and(x, W, out=None):
    """Fuzzy AND of one input with every prototype: ``(x ^ w_j)_i = min(x_i, w_ji)``."""
    return np.minimum(W, x) if out is None else np.minimum(W, x, out=out)


def choice_denominator(prototype_norm, alpha):
    """``alpha + |w_j|``: the choice function's denominator, which changes only when ``w_j`` does
    (:class:`CategoryMemory` keeps it per category)."""
    return alpha + prototype_norm


def choice_function(overlap, prototype_norm, alpha):
    """T_j = |x ^ w_j| / (alpha + |w_j|), from the overlaps ``|x ^ w_j|`` and norms ``|w_j|``."""
    return overlap / choice_denominator(prototype_norm, alpha)


def match_function(overlap, input_norm):
    """M_j = |x ^ w_j| / |x|, compared with the vigilance rho."""
    return overlap / input_norm


def fuzzy_art_learning(w, x_and_w, beta):
    """In place: ``w <- beta (x ^ w) + (1 - beta) w``; returns the largest change of a weight.

    With fast learning (``beta = 1``) the prototype becomes ``x ^ w``: it can only shrink.
    """
    # w - w_new = beta (w - x ^ w) >= 0, elementwise
    if w.size:
        difference = w - x_and_w
        change = beta * float(difference[difference.argmax()])  # the max, without a ufunc reduce
    else:
        change = 0.0
    if beta == 1.0:
        w[...] = x_and_w
    else:
        w *= 1.0 - beta
        w += beta * x_and_w
    return change


def weighted_learning_rate(beta, weight):
    r"""The learning rate of one presentation of weight ``s``: :math:`1 - (1 - \beta)^s`.

    The learning rule :math:`w \leftarrow \beta (x \wedge w) + (1 - \beta) w` leaves the
    components with :math:`x_i \ge w_i` alone and moves the others to
    :math:`x_i + (1 - \beta)(w_i - x_i)`, still :math:`\ge x_i`; applied :math:`s` times in a row
    it gives :math:`w_i \leftarrow x_i + (1 - \beta)^s (w_i - x_i)`, the rule itself with
    :math:`\beta_s = 1 - (1 - \beta)^s`. So a sample of integer weight ``s`` teaches its category
    what ``s`` consecutive presentations teach (to rounding), and a real weight interpolates.
    Weight 1 gives ``beta`` itself and fast learning (``beta = 1``) stays fast for any weight > 0.
    """
    if weight == 1.0 or beta == 1.0:
        return beta
    return -math.expm1(weight * math.log1p(-beta))  # 1 - (1 - beta)^s, accurate for small beta


def complement_code(X, out=None):
    """Complement coding ``I = (x, 1 - x)`` of every row: ``|I| = M`` for every input."""
    n_features = X.shape[1]
    if out is None:
        out = np.empty((X.shape[0], 2 * n_features), dtype=X.dtype)
    out[:, :n_features] = X
    np.subtract(1, X, out=out[:, n_features:])
    return out


def bounding_box_diagonal(patterns):
    """Length of the diagonal of the data's bounding box (0 for no rows or a single point): the
    scale Hypersphere and Ellipsoid ART take their radius bound from when none is given."""
    if not len(patterns):
        return 0.0
    extent = patterns.max(axis=0) - patterns.min(axis=0)
    return float(np.sqrt(np.sum(np.square(extent, dtype=np.float64))))


def check_unit_interval(X, clip, estimator_name):
    """Return X with values in [0, 1]: clipped with a warning, or a ValueError (``clip=False``).

    Excursions of a few ulps (a MinMaxScaler's rounding) are clipped silently. The message is the
    one the Boltzmann family gives (:func:`zoo._core.validation.unit_interval_excursion`).
    """
    message = unit_interval_excursion(X, estimator_name)
    if message is None:
        return X if X.size == 0 or (X.min() >= 0.0 and X.max() <= 1.0) else np.clip(X, 0.0, 1.0)
    if not clip:
        raise ValueError(message + ", or set clip=True to clip it.")
    warn_at_caller(message + "; the values outside were clipped to [0, 1].", UnitIntervalWarning)
    return np.clip(X, 0.0, 1.0)


def resonance_search(
    choice, match, rho, category_labels=None, target=None, match_tracking="MT+", epsilon=1e-10
):
    """The ART search: the category that resonates with an input, or -1 when none does.

    Categories are visited in order of decreasing choice ``T`` (ties: lower index first); the
    first whose match ``M >= rho`` resonates. Without a map field that is simply the largest
    choice among the matching categories. With ``category_labels`` (an ARTMAP's map field) a
    resonating category that predicts a class other than ``target`` is reset and match tracking
    (:data:`MATCH_TRACKING`) sets the vigilance from its match ``M_J`` (MT+: ``M_J + epsilon``,
    MT-: ``M_J - epsilon``, MT0: ``M_J`` under the strict test ``M > rho``, MT1: the search ends)
    before the search goes on down the order; with MT~ the other classes' categories are left out
    and the first of the rest with ``M > rho`` resonates.

    Parameters
    ----------
    choice, match : ndarray of shape (n_categories,)
    rho : float
    category_labels : ndarray of shape (n_categories,) or None
    target : int or None
    match_tracking : {"MT+", "MT-", "MT0", "MT1", "MT~"}
    epsilon : float

    Returns
    -------
    J : int
        The resonating category, or -1.
    rho : float
        The vigilance at the end of the search (set by match tracking).
    """
    if choice.size == 0:
        return -1, rho
    # most presentations resonate with the first category of the order: when it passes, it is
    # the answer (the largest choice overall, lowest index among ties, is so among the eligible)
    J = int(choice.argmax())
    if category_labels is None:
        if match[J] >= rho:
            return J, rho
        eligible = match >= rho
    else:
        tracking = MATCH_TRACKING[match_tracking]
        if category_labels[J] == target and (
            match[J] > rho if tracking.strict else match[J] >= rho
        ):
            return J, rho
        if choice.size <= _WALKED_SEARCH:
            order = np.argsort(-choice, kind="stable")  # decreasing choice, then index
            if choice[order[-1]] > -np.inf:  # every choice a number (-inf: see below)
                return _walk(
                    order.tolist(),
                    match.tolist(),
                    rho,
                    category_labels.tolist(),
                    target,
                    tracking,
                    epsilon,
                )
        passes = np.greater if tracking.strict else np.greater_equal
        eligible = passes(match, rho)
        if tracking.raise_to is None:  # MT~: only the target's categories compete
            eligible &= category_labels == target
    remaining = index = None
    while True:
        J = int(np.argmax(np.where(eligible, choice, -np.inf)))
        if not eligible[J]:
            return -1, rho
        if category_labels is None or category_labels[J] == target:
            return J, rho
        rho = tracking.raise_to(float(match[J]), epsilon)
        if rho > 1.0:  # no match exceeds 1: the search ends (artlib's rule; MT1 always)
            return -1, rho
        # the search goes on below J in the order (decreasing choice, then increasing index)
        if remaining is None:
            remaining, index = np.ones(choice.size, dtype=bool), np.arange(choice.size)
        remaining &= (choice < choice[J]) | ((choice == choice[J]) & (index > J))
        eligible = remaining & passes(match, rho)


#: Up to this many categories a supervised search that the first category fails walks the choice
#: order in Python (:func:`_walk`) instead of masking arrays at every reset: the same category,
#: for a fraction of the numpy calls. Beyond, a walk's Python steps would cost more.
_WALKED_SEARCH = 64


def _walk(order, match, rho, category_labels, target, tracking, epsilon):
    """:func:`resonance_search` with a map field, one category at a time down ``order`` (lists):
    the first category that passes the vigilance of the moment and predicts ``target``; one that
    passes and predicts another class is reset and tracked (MT~: passed over). The vectorised
    search finds the same category: its mask keeps, after each reset, the categories below the
    reset one in the order that pass the tracked vigilance, and takes the first of them, as this
    walk does. It fills the masked choices with ``-inf``, which a category of choice ``-inf``
    cannot be told apart from, so resonance_search walks only when every choice exceeds it."""
    strict, raise_to = tracking.strict, tracking.raise_to
    for j in order:
        m = match[j]
        if m > rho if strict else m >= rho:
            if category_labels[j] == target:
                return j, rho
            if raise_to is None:  # MT~: the other classes' categories take no part
                continue
            rho = raise_to(m, epsilon)
            if rho > 1.0:  # no match exceeds 1: the search ends
                return -1, rho
    return -1, rho


def _dead_reference():
    """A weak reference to nothing."""
    return None


#: CategoryMemory's record of no search: nothing for learning to reuse
_NO_SEARCH = (_dead_reference, 0, (), None)


class CategoryMemory:
    r"""The F2 categories: prototypes ``w_j`` in a preallocated buffer that doubles when full.

    Parameters
    ----------
    n_features : int
    dtype : numpy dtype
        float32 or float64; the fuzzy AND runs in this precision, choice and match in float64.
    capacity : int, default=16
        Initial number of rows; growth doubles it (amortised O(1) per new category).

    Attributes
    ----------
    n_categories : int
    prototypes : ndarray of shape (n_categories, n_features)
        A view of the committed rows.

    Notes
    -----
    One presentation costs a handful of numpy calls whatever the size, which on small data (a
    few categories of a few features) is all its cost. So the memory keeps, beside the
    prototypes, what does not change from one input to the next, the choice denominators
    :math:`\alpha + |w_j|` (updated with :math:`w_j`), and what learning can reuse from the
    search: the :math:`I \wedge w_j` and :math:`|I \wedge w_j|` of the last input. Up to
    ``_SMALL_ELEMENTS`` values these are new arrays, which numpy makes faster than writing into
    buffers (no overlap checks); beyond, the preallocated blocks. The values are those of
    :func:`choice_function`, :func:`match_function` and :func:`fuzzy_art_learning`, to the bit.
    """

    _BLOCK_ELEMENTS = 2**16
    _SMALL_ELEMENTS = 2**12

    def __init__(self, n_features, dtype, capacity=16):
        capacity = max(1, capacity)
        self.n_categories = 0
        self._W = np.empty((capacity, n_features), dtype=dtype)
        self._norms = np.empty(capacity, dtype=np.float64)  # |w_j|
        self._labels = np.empty(capacity, dtype=np.intp)  # map field: class of j
        # scratch for x ^ w_j, a block of rows at a time: the min and the row sums then run on
        # data that is still in cache (about twice as fast as two passes over all categories)
        self._block_rows = max(1, self._BLOCK_ELEMENTS // max(1, n_features))
        self._small_rows = self._SMALL_ELEMENTS // max(1, n_features)
        self._scratch = np.empty((self._block_rows, n_features), dtype=dtype)
        self._overlap = np.empty(capacity, dtype=np.float64)  # |x ^ w_j|
        self._float64 = self._W.dtype == np.float64  # the row sums need no widening
        self._denominators = np.empty(capacity, dtype=np.float64)  # alpha + |w_j|
        self._alpha = None  # the alpha of the denominators (None: not yet computed)
        # the last input norm |I| and its 0-d array: numpy divides by an array faster than by a
        # Python float, to the same quotient (the same for every complement-coded input)
        self._input_norm = (None, None)
        # the last search: (input, start, block, overlap), the input by weak reference (the
        # memory outlives the training data), block its x ^ w_j of rows start, start + 1, ...,
        # overlap its |x ^ w_j| of every category
        self._last = _NO_SEARCH

    @property
    def prototypes(self):
        return self._W[: self.n_categories]

    @property
    def prototype_norms(self):
        return self._norms[: self.n_categories]

    @property
    def labels(self):
        """The class index each category predicts (Fuzzy ARTMAP's map field), -1 if none."""
        return self._labels[: self.n_categories]

    def _grow(self):
        n, capacity = self.n_categories, 2 * self._W.shape[0]
        W = np.empty((capacity, self._W.shape[1]), dtype=self._W.dtype)
        W[:n] = self.prototypes
        norms, labels = np.empty(capacity, dtype=np.float64), np.empty(capacity, dtype=np.intp)
        norms[:n], labels[:n] = self.prototype_norms, self.labels
        denominators = np.empty(capacity, dtype=np.float64)
        denominators[:n] = self._denominators[:n]
        self._W, self._norms, self._labels = W, norms, labels
        self._denominators, self._overlap = denominators, np.empty(capacity, dtype=np.float64)

    def _set_norm(self, J, norm):
        """``|w_J| = norm``, and the choice denominator that follows from it."""
        self._norms[J] = norm
        if self._alpha is not None:
            self._denominators[J] = choice_denominator(norm, self._alpha)

    def add(self, x, label=-1):
        """Commit a new category with prototype ``x`` (fast commitment); return its index."""
        if self.n_categories == self._W.shape[0]:
            self._grow()
        J = self.n_categories
        self._W[J] = x
        self._set_norm(J, self._W[J].sum(dtype=np.float64))
        self._labels[J] = label
        self.n_categories += 1
        return J

    def activations(self, x, input_norm, alpha):
        """Choice T_j and match M_j of every category for one input, vectorised over categories."""
        n, start = self.n_categories, 0
        if n <= self._small_rows:  # new arrays
            x_and_w = fuzzy_and(x, self._W[:n])
            overlap = np.add.reduce(x_and_w, axis=1)  # |x ^ w_j|, in the input precision
            if not self._float64:
                overlap = overlap.astype(np.float64)
        else:  # block by block in the buffers
            rows, overlap = self._block_rows, self._overlap[:n]
            while True:
                stop = n if n - start <= rows else start + rows
                x_and_w = fuzzy_and(x, self._W[start:stop], out=self._scratch[: stop - start])
                if self._float64:  # summed straight into the buffer
                    np.add.reduce(x_and_w, axis=1, out=overlap[start:stop])
                else:
                    overlap[start:stop] = x_and_w.sum(axis=1)
                if stop == n:
                    break
                start = stop
        self._last = (weakref.ref(x), start, x_and_w, overlap)
        if alpha != self._alpha:
            self._alpha = alpha
            self._denominators[:n] = choice_denominator(self._norms[:n], alpha)
        norm, norm_array = self._input_norm
        if input_norm != norm:
            norm, norm_array = self._input_norm = (input_norm, np.array(input_norm, np.float64))
        # choice_function's T_j = |x ^ w_j| / (alpha + |w_j|), its denominators kept
        return overlap / self._denominators[:n], match_function(overlap, norm_array)

    def batch_activations(self, X, input_norms, alpha):
        """Choice and match of every input of X against every category (batch_activations)."""
        return batch_activations(X, self.prototypes, alpha, input_norms)

    def learn(self, J, x, beta):
        """Move prototype J towards input x by the learning rule; return the largest change."""
        w = self._W[J]
        searched, start, block, overlap = self._last
        fresh = 0 <= J - start < len(block) and searched() is x
        if fresh:  # the search's x ^ w_J, still current
            x_and_w = block[J - start]
        else:
            x_and_w = fuzzy_and(x, w, out=self._scratch[0])
        self._last = _NO_SEARCH  # w_J moves (and the scratch's row 0 may hold another row)
        change = fuzzy_art_learning(w, x_and_w, beta)
        if fresh and beta == 1.0 and self._float64:
            if change == 0.0:  # w_J = x ^ w_J already: |w_J| and alpha + |w_J| stand
                return change
            # fast learning made w_J the row x ^ w_J whose float64 sum the search took
            norm = self._norms[J] = overlap[J]
        else:
            norm = self._norms[J] = np.add.reduce(w, dtype=np.float64)
        if self._alpha is not None:
            self._denominators[J] = choice_denominator(norm, self._alpha)
        return change

    def __getstate__(self):
        # pickle the committed rows only, not the spare capacity and the scratch buffer
        return {
            "prototypes": self.prototypes.copy(),
            "labels": self.labels.copy(),
            "dtype": self._W.dtype,
        }

    def __setstate__(self, state):
        prototypes = state["prototypes"]
        self.__init__(prototypes.shape[1], state["dtype"], capacity=max(16, len(prototypes)))
        for w, label in zip(prototypes, state["labels"]):
            self.add(w, label)


def batch_activations(X, prototypes, alpha, input_norms, block_elements=2**20):
    """Choice and match of every input against every prototype, in memory-bounded blocks.

    Returns
    -------
    choice, match : ndarrays of shape (n_samples, n_categories), float64
    """
    n_samples, n_categories = X.shape[0], prototypes.shape[0]
    choice = np.empty((n_samples, n_categories))
    match = np.empty((n_samples, n_categories))
    if n_categories == 0:
        return choice, match
    prototype_norms = prototypes.sum(axis=1, dtype=np.float64)
    rows = max(1, block_elements // max(1, n_categories * X.shape[1]))
    for start in range(0, n_samples, rows):
        block = slice(start, start + rows)
        # |x ^ w_j| for the block's inputs x and all prototypes w_j
        # summed in the input precision, as during training, so predict agrees with labels_
        overlap = fuzzy_and(X[block, None, :], prototypes[None]).sum(axis=2).astype(np.float64)
        choice[block] = choice_function(overlap, prototype_norms, alpha)
        match[block] = match_function(overlap, input_norms[block, None])
    return choice, match


class _RowMemory:
    """Categories as rows of a preallocated buffer that doubles when full, plus a map-field label
    per category: what every module's memory shares (the hyper-box :class:`CategoryMemory` keeps
    its own tuned buffers). Subclasses add per-category arrays in ``_extra``."""

    _extra = ()  # names of per-category float64 arrays besides the prototype rows

    def __init__(self, n_features, dtype, capacity=16):
        capacity = max(1, capacity)
        self.n_categories = 0
        self._W = np.empty((capacity, n_features), dtype=dtype)
        self._labels = np.empty(capacity, dtype=np.intp)
        for name in self._extra:
            setattr(self, "_" + name, np.empty(capacity, dtype=np.float64))

    @property
    def prototypes(self):
        return self._W[: self.n_categories]

    @property
    def labels(self):
        return self._labels[: self.n_categories]

    def _grow(self):
        n, capacity = self.n_categories, 2 * self._W.shape[0]
        W = np.empty((capacity, self._W.shape[1]), dtype=self._W.dtype)
        W[:n] = self.prototypes
        labels = np.empty(capacity, dtype=np.intp)
        labels[:n] = self.labels
        self._W, self._labels = W, labels
        for name in self._extra:
            values = np.empty(capacity, dtype=np.float64)
            values[:n] = getattr(self, "_" + name)[:n]
            setattr(self, "_" + name, values)

    def add(self, x, label=-1):
        """Commit a new category at ``x`` (fast commitment); return its index."""
        if self.n_categories == self._W.shape[0]:
            self._grow()
        J = self.n_categories
        self._W[J] = x
        self._labels[J] = label
        for name in self._extra:
            getattr(self, "_" + name)[J] = 0.0
        self.n_categories += 1
        return J

    def __getstate__(self):
        state = {"prototypes": self.prototypes.copy(), "labels": self.labels.copy()}
        state.update(
            {name: getattr(self, "_" + name)[: self.n_categories].copy() for name in self._extra}
        )
        state["dtype"], state["params"] = self._W.dtype, self._params()
        return state

    def _params(self):
        return {}

    def __setstate__(self, state):
        prototypes = state["prototypes"]
        self.__init__(
            prototypes.shape[1], state["dtype"], max(16, len(prototypes)), **state["params"]
        )
        n = self.n_categories = len(prototypes)
        self._W[:n], self._labels[:n] = prototypes, state["labels"]
        for name in self._extra:
            getattr(self, "_" + name)[:n] = state[name]


def art2a_preprocess(X, theta, block_elements=2**16):
    r"""ART 2-A's F0 -> F1 input: :math:`I = \mathcal{N}(F_\theta(\mathcal{N}(x)))`.

    :math:`\mathcal{N}` divides by the Euclidean norm and the contrast enhancement
    :math:`F_\theta(v)_i = v_i` if :math:`v_i > \theta`, else 0, suppresses small (and negative)
    components. An input that nothing survives becomes the zero vector (no F1 activity).
    Computed a block of rows at a time (each row on its own: the same values), so that the
    temporaries stay in cache instead of being as large as X.
    """
    X = np.asarray(X)
    out = np.zeros_like(X)
    rows = max(1, block_elements // max(1, X.shape[1])) if X.ndim == 2 else len(X)
    for start in range(0, len(X), rows):
        _art2a_rows(X[start : start + rows], theta, out[start : start + rows])
    return out


def _art2a_rows(X, theta, V):
    """:func:`art2a_preprocess` of the rows X, written into V (zeros)."""
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    active = norms > 0
    if active.all():  # the common case, without masked division
        np.divide(X, norms, out=V)
    else:
        np.divide(X, norms, out=V, where=active)
    np.copyto(V, 0, where=V <= theta)
    norms = np.linalg.norm(V, axis=1, keepdims=True)
    active = norms > 0
    if active.all():
        np.divide(V, norms, out=V)
    else:
        np.divide(V, norms, out=V, where=active)


class ART2AMemory(_RowMemory):
    r"""ART 2-A's categories: unit prototypes :math:`z_j`, cosine choice, threshold learning.

    Choice and match are both :math:`T_j = I \cdot z_j`; the uncommitted node receives
    :math:`\alpha \sum_i I_i`, so a committed category whose :math:`T_j` falls below it is never
    reached by the search (its match is reported as :math:`-\infty`). Learning
    (Carpenter, Grossberg & Rosen 1991, eqs. 11-13):
    :math:`z_J \leftarrow \mathcal{N}(\beta\,\mathcal{N}(\psi) + (1 - \beta) z_J)`,
    :math:`\psi_i = I_i` if :math:`z_{Ji} > \theta`, else 0.
    """

    def __init__(self, n_features, dtype, capacity=16, theta=0.0):
        super().__init__(n_features, dtype, capacity)
        self.theta = theta

    def _params(self):
        return {"theta": self.theta}

    def activations(self, x, input_norm, alpha):
        cosine = np.asarray(self._W[: self.n_categories] @ x, dtype=np.float64)
        if alpha == 0.0:  # I, z >= 0: every cosine reaches the uncommitted node's 0
            return cosine, cosine
        return cosine, np.where(cosine >= alpha * input_norm, cosine, -np.inf)

    def batch_activations(self, X, input_norms, alpha):
        cosine = (X @ self.prototypes.T).astype(np.float64)
        return cosine, np.where(cosine >= alpha * input_norms[:, None], cosine, -np.inf)

    def learn(self, J, x, beta):
        z = self._W[J]
        psi = x * (z > self.theta)
        norm = math.sqrt(psi @ psi)
        if norm == 0.0:  # no component of I survives the template's threshold: no change
            return 0.0
        new = psi / norm
        if beta != 1.0:
            new *= beta
            new += (1.0 - beta) * z
            new /= math.sqrt(new @ new)
        change = np.subtract(new, z)
        change = np.abs(change, out=change)
        change = float(change[change.argmax()])  # the max, without a ufunc reduce
        z[:] = new
        return change


class HypersphereMemory(_RowMemory):
    r"""Hypersphere ART's categories: centroids :math:`m_j` and radii :math:`R_j`.

    With :math:`D_j = \max(R_j, \|x - m_j\|)` (Anagnostopoulos & Georgiopoulos 2000): choice
    :math:`T_j = (\bar R - D_j) / (\bar R - R_j + \alpha)`, match
    :math:`M_j = 1 - D_j / \bar R`, learning
    :math:`R_J \leftarrow R_J + \tfrac{\beta}{2}(D_J - R_J)`,
    :math:`m_J \leftarrow m_J + \tfrac{\beta}{2}(x - m_J)(1 - \min(R_J, d) / d)`,
    :math:`d = \|x - m_J\|`.
    A new category is the point :math:`m = x, R = 0`.
    """

    _extra = ("radii",)

    def __init__(self, n_features, dtype, capacity=16, r_hat=1.0):
        super().__init__(n_features, dtype, capacity)
        self.r_hat = r_hat
        # R_hat and 1 as 0-d arrays: numpy combines arrays faster than an array and a Python
        # float, to the same values
        self._r_hat_array, self._one = np.array(r_hat, np.float64), np.array(1.0)
        # the choice denominators R_hat - R_j + alpha, kept per category for the alpha of the
        # last search (None: not yet computed): they change only with R_j
        self._denominators = np.empty(self._W.shape[0], dtype=np.float64)
        self._alpha = None
        self._outside = 8.0 * float(np.finfo(self._W.dtype).eps)  # see learn

    def _params(self):
        return {"r_hat": self.r_hat}

    @property
    def radii(self):
        return self._radii[: self.n_categories]

    def _grow(self):
        super()._grow()
        denominators = np.empty(self._W.shape[0], dtype=np.float64)
        denominators[: self.n_categories] = self._denominators[: self.n_categories]
        self._denominators = denominators

    def _denominator(self, radii, alpha):
        """The choice's denominator :math:`\bar R - R_j + \alpha` (of an array or one radius)."""
        return self.r_hat - radii + alpha

    def _set_radius(self, J, radius):
        self._radii[J] = radius
        if self._alpha is not None:
            self._denominators[J] = self._denominator(self._radii[J], self._alpha)

    def add(self, x, label=-1):
        J = super().add(x, label)
        self._set_radius(J, 0.0)
        return J

    def _scores(self, distance, alpha, denominators=None):
        radii, r_hat = self.radii, self._r_hat_array
        reach = np.maximum(radii, distance)
        if denominators is None:
            denominators = self._denominator(radii, alpha)
        return (r_hat - reach) / denominators, self._one - reach / r_hat

    def activations(self, x, input_norm, alpha):
        n = self.n_categories
        if alpha != self._alpha:
            self._alpha = alpha
            self._denominators[:n] = self._denominator(self._radii[:n], alpha)
        difference = self._W[:n] - x
        distance = np.sqrt(np.einsum("ij,ij->i", difference, difference, dtype=np.float64))
        return self._scores(distance, alpha, self._denominators[:n])

    def batch_activations(self, X, input_norms, alpha):
        W = self.prototypes
        distance = np.empty((X.shape[0], W.shape[0]))
        for i, x in enumerate(X):  # exact differences (no |x|^2 - 2 x.m + |m|^2 cancellation)
            difference = W - x
            distance[i] = np.sqrt(np.einsum("ij,ij->i", difference, difference, dtype=np.float64))
        return self._scores(distance, alpha)

    def learn(self, J, x, beta):
        m, R = self._W[J], self._radii[J]
        difference = (x - m).astype(np.float64, copy=False)
        distance = float(np.sqrt(difference @ difference))
        # inside the sphere nothing moves; a point fast learning put on the boundary may lie a few
        # ulps outside it after rounding, which must not count as a change pass after pass
        if distance - R <= self._outside * distance:
            return 0.0
        step = 0.5 * beta * (1.0 - R / distance)
        self._set_radius(J, R + 0.5 * beta * (distance - R))
        moved = step * difference
        m += moved.astype(m.dtype, copy=False)
        moved = np.abs(moved, out=moved)
        return max(0.5 * beta * (distance - R), float(moved[moved.argmax()]))
