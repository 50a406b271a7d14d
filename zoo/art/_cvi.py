r"""CVI ART: Fuzzy ART whose resonance also asks a cluster validity index (da Silva et al. 2022)."""

from numbers import Real

import numpy as np
from scipy.spatial.distance import cdist
from sklearn.utils._param_validation import Interval, StrOptions

from .._core.art import MATCH_TRACKING, resonance_search
from .._core.cvi import IncrementalCalinskiHarabasz, calinski_harabasz, davies_bouldin, silhouette
from .._core.docstrings import shared_doc
from ._base import (
    _SHARED_ATTRIBUTES,
    NOVELTY,
    _ARTClusterer,
    _BaseART,
    _FuzzyInputMixin,
    _shared_parameters,
)

#: index name -> (batch formula, whether larger is better)
VALIDITY = {
    "calinski_harabasz": (calinski_harabasz, True),
    "davies_bouldin": (davies_bouldin, False),
    "silhouette": (silhouette, True),
}


@shared_doc(shared=_shared_parameters(1), attributes=_SHARED_ATTRIBUTES)
class CVIART(_FuzzyInputMixin, _ARTClusterer):
    r"""CVI ART: Fuzzy ART whose categories must also improve a cluster validity index.

    Fuzzy ART's search (:class:`FuzzyART`: choice :math:`T_j = |I \wedge w_j| / (\alpha + |w_j|)`,
    vigilance :math:`|I \wedge w_J| / |I| \ge \rho`, learning
    :math:`w_J \leftarrow \beta (I \wedge w_J) + (1 - \beta) w_J`) with a second test at
    resonance (Brito da Silva, Rayapati & Wunsch 2022): the training samples form a partition,
    and category :math:`J` may take sample :math:`x` only if moving :math:`x` into cluster
    :math:`J` makes the validity index strictly better than it is now. Otherwise :math:`J` is
    reset and match tracking adapts the vigilance to its match, :math:`\rho \leftarrow M_J +
    \varepsilon` (MT+; MT-: :math:`M_J - \varepsilon`), for the rest of this search; when no
    category passes both tests a new one is committed (always accepted). The vigilance returns
    to :math:`\rho` for the next sample.

    With ``offline=True`` the whole training set is in the partition from the start, every
    sample in cluster 0, and a presentation moves the sample to its category; with
    ``offline=False`` the partition holds the samples presented so far. The Calinski-Harabasz
    index is updated incrementally (:class:`zoo._core.cvi.IncrementalCalinskiHarabasz`: the
    index after each possible move is one vectorised expression over the categories);
    Davies-Bouldin and silhouette are recomputed for every candidate category (as artlib's
    ``CVIART`` does), which costs :math:`O(n)` and :math:`O(n^2)` per candidate (silhouette also
    keeps the :math:`n \times n` distances of the training samples during ``fit``).

    Parameters
    ----------
    rho : float, default=0.75
        Baseline vigilance :math:`\rho \in [0, 1]`.
    validity : {"calinski_harabasz", "davies_bouldin", "silhouette"}, default="calinski_harabasz"
        The cluster validity index; Davies-Bouldin is better when smaller, the others when larger.
    offline : bool, default=True
        Start from the whole training set in one cluster (True) or from an empty partition.
    alpha : float, default=0.001
        Choice parameter :math:`\alpha > 0`.
    beta : float, default=1.0
        Learning rate :math:`\beta \in (0, 1]`; 1 is fast learning.
    match_tracking : {"MT+", "MT-"}, default="MT+"
        How a reset by the index adapts the vigilance for the rest of the search.
    epsilon : float, default=1e-10
        Match-tracking increment :math:`\varepsilon \ge 0`.
    complement_coding : bool, default=True
        Complement code the input here (False: X already is complement coded).
    clip : bool, default=True
        Input outside [0, 1] is clipped with a warning; False raises a ValueError instead.
    novelty : {"best", "reject"}, default="best"
        What :meth:`predict` says about an input that resonates with no category (the index plays
        no part in prediction): the category with the largest choice value, or -1.
    {shared}

    Attributes
    ----------
    weights_ : ndarray of shape (n_categories_, 2 n_features_in_)
        The prototypes :math:`w_j`, as in :class:`FuzzyART`.
    validity_ : float
        The index of ``labels_`` on the training samples (nan where undefined).
    n_categories_ : int
        Number of committed categories (also ``n_clusters_``).
    labels_ : ndarray of shape (n_samples,)
        Category of each training sample in the last pass (-1: not learned).
    {attributes}

    Notes
    -----
    As in artlib's ``iCVIFuzzyART`` (whose partitions zoo's equal, tests/test_art_cvi.py), the
    comparison is strict, so a sample's current cluster never passes the test: in offline mode
    category 0, which is the cluster everyone starts in, keeps only the sample that created it
    during the first pass, and a second pass moves every sample out of its category. One pass is
    therefore the default. The index is computed on :math:`x`, not on the complement-coded
    :math:`I`: all three indices are ratios of distances, and :math:`\|I - I'\| = \sqrt2 \|x -
    x'\|`. ``sample_weight`` weighs the samples in the Calinski-Harabasz statistics (a sample of
    weight :math:`s` counts as :math:`s` samples at :math:`x`) and in learning as in
    :class:`FuzzyART`; Davies-Bouldin and silhouette count every presented sample once. Weight 0
    leaves the sample out of the partition. The partition is that of the current call's samples
    (``partial_fit`` and warm starts keep the categories, not the earlier samples).

    As the module of an ARTMAP (``SimpleARTMAP(CVIART())``, ``SMART``) a category must pass the
    index and map to the target; one that maps elsewhere is reset with the ARTMAP's match
    tracking. The composites (Dual Vigilance ART, TopoART, Fusion ART, BARTMAP) refuse it: they
    borrow a module's categories and rules but not its search, and would drop the index.

    See Also
    --------
    FuzzyART : the same categories without the index.

    References
    ----------
    .. [1] Brito da Silva, L. E., Rayapati, N., & Wunsch, D. C. (2022). iCVI-ARTMAP: Using
       incremental cluster validity indices and adaptive resonance theory reset mechanism to
       accelerate validation and achieve multiprototype unsupervised representations. IEEE
       Transactions on Neural Networks and Learning Systems, 34(12), 9757-9770.
    .. [2] Calinski, T., & Harabasz, J. (1974). A dendrite method for cluster analysis.
       Communications in Statistics, 3(1), 1-27.

    Examples
    --------
    >>> from zoo.art import CVIART
    >>> X = [[0.1, 0.1], [0.9, 0.9], [0.12, 0.1], [0.88, 0.9], [0.1, 0.14], [0.9, 0.86]]
    >>> art = CVIART(rho=0.5).fit(X)  # offline: category 0 keeps its first sample (Notes)
    >>> art.labels_.tolist(), round(art.validity_)
    ([0, 1, 2, 1, 3, 1], 913)
    >>> CVIART(rho=0.5, validity="silhouette", offline=False).fit(X).labels_.tolist()
    [0, 1, 0, 1, 2, 1]
    """

    _input_domain = "unit_interval"

    #: what one call's training keeps about its samples, deleted at its end
    _CALL_STATE = (
        "_points",
        "_order",
        "_weights",
        "_patterns_seen",
        "_cursor",
        "_partition",
        "_statistics",
        "_distances",
        "_sample",
    )

    _not_composable = (
        "its validity test runs in its own search over its own partition of the training set, "
        "which a composite does not run (it would be Fuzzy ART without the test)"
    )

    _parameter_constraints: dict = {
        **_BaseART._parameter_constraints,
        **_FuzzyInputMixin._fuzzy_parameter_constraints,
        "validity": [StrOptions(set(VALIDITY))],
        "offline": ["boolean"],
        "match_tracking": [StrOptions(set(MATCH_TRACKING))],
        "epsilon": [Interval(Real, 0, None, closed="left")],
        "novelty": [NOVELTY],
    }

    def __init__(
        self,
        *,
        rho=0.75,
        validity="calinski_harabasz",
        offline=True,
        alpha=0.001,
        beta=1.0,
        match_tracking="MT+",
        epsilon=1e-10,
        complement_coding=True,
        clip=True,
        novelty="best",
        n_epochs=1,
        tol=0.0,
        max_categories=None,
        warm_start=False,
    ):
        self.rho = rho
        self.validity = validity
        self.offline = offline
        self.alpha = alpha
        self.beta = beta
        self.match_tracking = match_tracking
        self.epsilon = epsilon
        self.complement_coding = complement_coding
        self.clip = clip
        self.novelty = novelty
        self.n_epochs = n_epochs
        self.tol = tol
        self.max_categories = max_categories
        self.warm_start = warm_start

    def _train(self, patterns, norms, targets, incremental, sample_weight=None):
        n_samples = patterns.shape[0]
        # the index is computed on x (the first half of a complement-coded I)
        points = patterns[:, : patterns.shape[1] // 2] if self.complement_coding else patterns
        self._points = points.astype(np.float64)
        if sample_weight is None:
            self._order, self._weights = np.arange(n_samples), np.ones(n_samples)
        else:
            self._order, self._weights = np.flatnonzero(sample_weight), sample_weight
        self._patterns_seen, self._cursor = patterns, 0
        # cluster of each sample in the partition: -1 not in it (yet), -2 never (weight 0)
        self._partition = np.full(n_samples, -2, dtype=np.intp)
        self._partition[self._order] = 0 if self.offline else -1
        self._statistics = self._distances = None
        if self.validity == "calinski_harabasz":
            self._statistics = IncrementalCalinskiHarabasz(points.shape[1])
            if self.offline:
                for i in self._order:
                    self._statistics.enter(self._points[i], self._weights[i])
                    self._statistics.add(self._points[i], 0, self._weights[i])
        elif self.validity == "silhouette":
            self._distances = cdist(self._points, self._points)
        try:
            labels = super()._train(patterns, norms, targets, incremental, sample_weight)
        finally:  # the partition belongs to this call; keep none of it in the model
            for name in self._CALL_STATE:
                self.__dict__.pop(name, None)
        index, _ = VALIDITY[self.validity]
        learned = labels >= 0
        self.validity_ = float(index(points[learned], labels[learned])) if learned.any() else np.nan
        return labels

    def _present(self, x, input_norm, target=None, rate=None):
        # _BaseART presents the samples in order, pass after pass, skipping weight 0
        i = int(self._order[self._cursor % len(self._order)])
        self._cursor += 1
        if not np.array_equal(x, self._patterns_seen[i]):
            raise RuntimeError("CVIART: the presentation order is not the order of the samples")
        self._sample = i
        J, changed = super()._present(x, input_norm, target, rate)
        old = int(self._partition[i])
        if J >= 0 and J != old:
            if self._statistics is not None:
                point, weight = self._points[i], self._weights[i]
                if old < 0:
                    self._statistics.enter(point, weight)
                else:
                    self._statistics.remove(point, old, weight)
                self._statistics.add(point, J, weight)
            self._partition[i] = J
        return J, changed

    def _better(self, value, current):
        """Whether an index value is strictly better than the current one (nan: undefined)."""
        if np.isnan(value):
            return False
        if np.isnan(current):  # an index defined at last is better than none
            return True
        return value > current if VALIDITY[self.validity][1] else value < current

    def _index(self, partition):
        """The index of the samples in a partition, by its batch formula."""
        members = partition >= 0
        if self._distances is not None:
            distances = self._distances
            if not members.all():
                distances = distances[np.ix_(members, members)]
            return silhouette(None, partition[members], distances=distances)
        return VALIDITY[self.validity][0](self._points[members], partition[members])

    def _search(self, choice, match, target):
        i = self._sample
        old = int(self._partition[i])
        # under an ARTMAP (target: a class) a category must also map to the target: a category of
        # another class is reset as by the map field, with the ARTMAP's match tracking
        mapped = None if target is None else self._memory.labels == target
        match_tracking, epsilon = (
            (self.match_tracking, self.epsilon) if target is None else self._map_field
        )
        if self._statistics is not None:
            # the incremental index after every possible move at once: the index's verdict is
            # the map field's "class" of each category, and the search wants class 1
            statistics = self._statistics
            values = statistics.moved(self._points[i], old, choice.size, self._weights[i])
            better = values > statistics.value()
            if mapped is not None:
                better &= mapped
            return resonance_search(
                choice, match, self.rho, better.astype(np.intp), 1, match_tracking, epsilon
            )[0]
        # a batch index is asked only about the categories the search reaches: search as if every
        # category not asked yet were better, ask the one found, and search again if it is not
        verdict = np.ones(choice.size, dtype=np.intp) if mapped is None else mapped.astype(np.intp)
        current = self._index(self._partition)
        while True:
            J = resonance_search(choice, match, self.rho, verdict, 1, match_tracking, epsilon)[0]
            if J < 0:
                return J
            if J != old:  # a sample's own cluster is no move: the same index, not a better one
                partition = self._partition.copy()
                partition[i] = J
                if self._better(self._index(partition), current):
                    return J
            verdict[J] = 0
