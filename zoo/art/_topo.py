r"""TopoART (Tscherepanow 2010): topology learning with two ART components and noise filtering."""

from numbers import Integral, Real

import numpy as np
from scipy.sparse.csgraph import connected_components
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted

from .._core.art import resonance_search
from .._core.docstrings import shared_doc
from ._base import (
    _SHARED_ATTRIBUTES,
    NOVELTY,
    _ARTClusterer,
    _BaseART,
    _shared_parameters,
    _UnweightedARTClusterer,
)
from ._composite import _ModuleComposite


class _TopoComponent:
    """One TopoART component: the module's categories (nodes) plus a counter ``n_i`` per node, the
    edges between best and second-best matching nodes, and the learning cycles since the start.

    A node's id (its place in order of creation) is kept in the memory's per-category label, so
    that the nodes learned before a pruning are recognised after it."""

    def __init__(self, memory, rho, max_nodes=None):
        self.memory, self.rho, self.max_nodes = memory, rho, max_nodes
        self.counts = np.zeros(16, dtype=np.int64)  # n_i, the inputs node i learned as best match
        self.edges = np.zeros((16, 16), dtype=bool)
        self.n_cycles = self.next_id = 0

    def _add(self, x):
        n = self.memory.n_categories
        if n == len(self.counts):  # double the buffers
            counts, edges = np.zeros(2 * n, dtype=np.int64), np.zeros((2 * n, 2 * n), dtype=bool)
            counts[:n], edges[:n, :n] = self.counts, self.edges
            self.counts, self.edges = counts, edges
        J = self.memory.add(x, self.next_id)
        self.next_id += 1
        self.counts[J], self.edges[J, :], self.edges[:, J] = 1, False, False
        return J

    def present(self, x, input_norm, alpha, beta, beta_sbm, phi, tau, tol):
        """One learning cycle; returns (id of the best-matching node, its n, whether it changed)."""
        memory = self.memory
        choice, match = memory.activations(x, input_norm, alpha)
        bm = resonance_search(choice, match, self.rho)[0]
        if bm < 0 and self.max_nodes is not None and memory.n_categories >= self.max_nodes:
            return -1, 0, False  # no room for a new node: not learned
        if bm < 0:  # no node matches: a new node, no second best (none matches)
            bm, changed = self._add(x), True
        else:
            changed = memory.learn(bm, x, beta) > tol
            self.counts[bm] += 1
            # the second best: the search without the best (copies: choice and match may be
            # one array, or the memory's buffers)
            choice, match = choice.copy(), match.copy()
            choice[bm] = match[bm] = -np.inf
            sbm = resonance_search(choice, match, self.rho)[0]
            if sbm >= 0:
                changed |= memory.learn(sbm, x, beta_sbm) > tol
                changed |= not self.edges[bm, sbm]
                self.edges[bm, sbm] = self.edges[sbm, bm] = True
        node, n_bm = int(memory.labels[bm]), int(self.counts[bm])
        self.n_cycles += 1
        if self.n_cycles % tau == 0:
            changed |= self.prune(phi)
        return node, n_bm, changed

    def prune(self, phi):
        """Remove the node candidates (``n_i < phi``) and their edges; True if any was removed."""
        n = self.memory.n_categories
        keep = self.counts[:n] >= phi
        if keep.all():
            return False
        # the memory's state lists every per-category array: keep their rows of permanent nodes
        state = self.memory.__getstate__()
        for key, value in state.items():
            if isinstance(value, np.ndarray) and value.shape[:1] == (n,):
                state[key] = value[keep]
        self.memory.__setstate__(state)
        m = int(keep.sum())
        self.counts[:m] = self.counts[:n][keep]
        self.edges[:m, :m] = self.edges[:n, :n][np.ix_(keep, keep)]
        return True

    def permanent(self, phi):
        return self.counts[: self.memory.n_categories] >= phi

    def node_edges(self):
        n = self.memory.n_categories
        return np.argwhere(np.triu(self.edges[:n, :n]))

    def clusters(self, phi):
        """The connected component of every permanent node (candidates: -1)."""
        permanent = self.permanent(phi)
        clusters = np.full(len(permanent), -1, dtype=np.intp)
        n = self.memory.n_categories
        if permanent.any():
            graph = self.edges[:n, :n][np.ix_(permanent, permanent)]
            clusters[permanent] = connected_components(graph, directed=False)[1]
        return clusters


@shared_doc(shared=_shared_parameters(1), attributes=_SHARED_ATTRIBUTES)
class TopoART(_ModuleComposite, _UnweightedARTClusterer):
    r"""TopoART: clusters of any shape as connected graphs of ART categories, robust to noise.

    Two components, TopoART a and b, each a set of categories (nodes) of the elementary module
    (Fuzzy ART with complement coding by default) with vigilances :math:`\rho_a` = ``module.rho``
    and :math:`\rho_b = (\rho_a + 1) / 2` (Tscherepanow 2010). An input presented to a component
    is searched as in the module (decreasing choice :math:`T_j`, first match
    :math:`M_j \ge \rho`): the best-matching node ``bm`` learns at the module's rate
    :math:`\beta_{bm}` (``module.beta``; the paper takes 1) and its counter :math:`n_{bm}` grows by
    one; the second-best matching node ``sbm`` (the next one in the order that matches) learns at
    :math:`\beta_{sbm} < \beta_{bm}` and an edge joins bm and sbm. When no node matches, a new
    node :math:`w = x` with :math:`n = 1` is committed (no second best).

    Noise filtering: every :math:`\tau` learning cycles of a component, its nodes with
    :math:`n_i < \phi` (node candidates) are removed with their edges; a node with
    :math:`n_i \ge \phi` is permanent. An input reaches component b only when a's best-matching
    node is permanent (:math:`n_{bm} \ge \phi` after learning), so b learns the data without the
    noise a filters out, at a finer level of detail. The clusters are the connected components
    of b's permanent nodes.

    ``labels_``: for each training sample of the last pass, the cluster of its best-matching node
    in b, or -1 (noise: not passed to b, or its node is no permanent node at the end).
    :meth:`predict`: the cluster of the first permanent node of b, in order of decreasing
    choice, that passes :math:`\rho_b`, without learning. X is presented in order; one pass by
    default, as the paper's on-line learning (more passes go on learning and pruning).

    Parameters
    ----------
    module : elementary zoo.art clusterer or None, default=None
        The category module of both components (cloned; None: ``FuzzyART()``,
        :math:`\rho_a = 0.75`, :math:`\beta_{bm} = 1`); its encoding, ``rho``, choice parameter
        and ``beta`` are used.
    beta_sbm : float, default=0.3
        Learning rate of the second-best matching node, :math:`0 \le \beta_{sbm} \le \beta_{bm}`.
        Tscherepanow (2010) defines TopoART over Fuzzy ART only, where it is a learning rate;
        over a module that learns by counts (Gaussian, Bayesian ART, whose ``learn`` takes the
        weight of a presentation) zoo passes it as that weight: the second-best node learns
        :math:`x` as :math:`\beta_{sbm}` of a sample, and its count, which enters its choice
        prior and later step sizes, grows by :math:`\beta_{sbm}`. artlib refuses such modules.
    phi : int, default=5
        A node with :math:`n_i \ge \phi` is permanent; candidates are removed.
    tau : int, default=100
        Learning cycles of a component between two prunings.
    novelty : {"best", "reject"}, default="best"
        What :meth:`predict` says about an input that matches no permanent node of b: the
        cluster of the permanent node with the largest choice, or -1.
    {shared}

    Attributes
    ----------
    module_ : estimator
        The clone of ``module`` whose encoding and rules are used.
    weights_ : ndarray of shape (n_categories_, n_components)
        Component b's nodes (the module's category parameters), candidates included.
    node_counts_ : ndarray of shape (n_categories_,)
        The counters :math:`n_i` of b's nodes.
    edges_ : ndarray of shape (n_edges, 2)
        b's edges as pairs of node indices (``i < j``).
    node_clusters_ : ndarray of shape (n_categories_,)
        The cluster of each b node (-1: candidate).
    weights_a_, node_counts_a_, edges_a_ : ndarrays
        The same for component a.
    n_categories_ : int
        Number of b nodes.
    n_clusters_ : int
        Number of clusters (connected components of b's permanent nodes).
    labels_ : ndarray of shape (n_samples,)
        Cluster of each training sample in the last pass (-1: noise).
    {attributes}

    Notes
    -----
    artlib's ``TopoART(base_module, beta_lower, tau, phi)`` is a single component: with
    ``tau`` beyond the number of samples (no pruning) its categories, edges and ``labels_`` (node
    indices) are those of component a here (tests/test_art_topo.py); it has no component b and
    its pruning relabels samples by prediction. ``sample_weight`` is not supported (the counters
    count presentations).

    See Also
    --------
    DualVigilanceART : clusters of categories linked by a lower vigilance.

    References
    ----------
    .. [1] Tscherepanow, M. (2010). TopoART: A topology learning hierarchical ART network.
       Artificial Neural Networks - ICANN 2010, LNCS 6354, 157-167. Springer.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.art import FuzzyART, TopoART
    >>> rng = np.random.default_rng(0)
    >>> y = rng.integers(0, 2, 600)
    >>> X = np.c_[rng.uniform(size=600), 0.2 + 0.6 * y + rng.normal(0, 0.02, 600)]
    >>> topo = TopoART(FuzzyART(rho=0.8), beta_sbm=0.5, phi=3, tau=50).fit(X)
    >>> topo.n_clusters_
    2
    >>> topo.predict([[0.5, 0.2], [0.5, 0.8]]).tolist()
    [0, 1]
    """

    _input_domain = "unit_interval"

    _parameter_constraints: dict = {
        **{k: v for k, v in _BaseART._parameter_constraints.items() if k != "rho"},
        "module": [None, _ARTClusterer],
        "beta_sbm": [Interval(Real, 0, 1, closed="both")],
        "phi": [Interval(Integral, 1, None, closed="left")],
        "tau": [Interval(Integral, 1, None, closed="left")],
        "novelty": [NOVELTY],
    }

    def __init__(
        self,
        module=None,
        *,
        beta_sbm=0.3,
        phi=5,
        tau=100,
        novelty="best",
        n_epochs=1,
        tol=0.0,
        max_categories=None,
        warm_start=False,
    ):
        self.module = module
        self.beta_sbm = beta_sbm
        self.phi = phi
        self.tau = tau
        self.novelty = novelty
        self.n_epochs = n_epochs
        self.tol = tol
        self.max_categories = max_categories
        self.warm_start = warm_start

    def _check_module(self, module):
        if self.beta_sbm > module._learning_rate():
            raise ValueError(
                f"TopoART: beta_sbm={self.beta_sbm} is above the module's learning rate "
                f"{module._learning_rate()} (the best match's); it must be at most that."
            )

    def _new_memory(self, n_features, dtype, capacity):
        # the shared loop asks for one memory, b's (predict searches it); a is kept beside it
        new = self.module_._new_memory
        rho_a = self.module_.rho
        limit = self.max_categories
        self._a = _TopoComponent(new(n_features, dtype, capacity), rho_a, limit)
        self._b = _TopoComponent(new(n_features, dtype, capacity), (rho_a + 1.0) / 2.0, limit)
        return self._b.memory

    def _present(self, x, input_norm, target=None, rate=None):
        if input_norm == 0.0:
            return -1, False
        args = (
            self._choice_parameter(),
            self._learning_rate(),
            self.beta_sbm,
            self.phi,
            self.tau,
            self.tol,
        )
        node, n_bm, changed = self._a.present(x, input_norm, *args)
        if node < 0 or n_bm < self.phi:  # a full (max_categories), or a candidate: maybe noise
            self._n_unlearned += node < 0
            return -1, changed
        node, _, changed_b = self._b.present(x, input_norm, *args)
        self._n_unlearned += node < 0
        return node, changed or changed_b

    def _train(self, patterns, norms, targets, incremental, sample_weight=None):
        self._prepare_module(patterns, incremental)
        nodes = super()._train(patterns, norms, targets, incremental, sample_weight)
        b, a = self._b, self._a
        self.node_clusters_ = b.clusters(self.phi)
        self._n_clusters = int(self.node_clusters_.max(initial=-1)) + 1
        self.node_counts_ = b.counts[: b.memory.n_categories].copy()
        self.edges_ = b.node_edges()
        self.weights_a_ = a.memory.prototypes.copy()
        self.node_counts_a_ = a.counts[: a.memory.n_categories].copy()
        self.edges_a_ = a.node_edges()
        # node ids -> today's indices (ids increase with the index: pruning keeps the order)
        ids = b.memory.labels
        index = np.searchsorted(ids, nodes).clip(max=max(len(ids) - 1, 0))
        found = (nodes >= 0) & (len(ids) > 0)
        found[found] &= ids[index[found]] == nodes[found]
        labels = np.full(len(nodes), -1, dtype=np.intp)
        labels[found] = self.node_clusters_[index[found]]
        return labels

    @property
    def n_clusters_(self):
        """Number of clusters (connected components of b's permanent nodes)."""
        check_is_fitted(self)
        return self._n_clusters

    def predict(self, X):
        """The cluster each input falls in, without learning.

        The cluster of the first permanent node of component b, in order of decreasing choice,
        whose match passes :math:`\\rho_b`; for an input that matches none, the cluster of the
        permanent node with the largest choice (``novelty="best"``) or -1 (``"reject"``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        labels : ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        n_samples, blocks = self._activations(X)
        labels = np.full(n_samples, -1, dtype=np.intp)
        permanent = self.node_clusters_ >= 0
        if not permanent.any():
            return labels
        for rows, choice, match, active in blocks:
            choice = np.where(permanent, choice, -np.inf)
            passing = (match >= self._b.rho) & permanent
            block = self.node_clusters_[np.argmax(np.where(passing, choice, -np.inf), axis=1)]
            novel = ~passing.any(axis=1)
            if self.novelty == "best":
                block[novel] = self.node_clusters_[np.argmax(choice[novel], axis=1)]
            else:
                block[novel] = -1
            block[~active] = -1
            labels[rows] = block
        return labels
