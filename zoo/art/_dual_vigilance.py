r"""Dual Vigilance ART (Brito da Silva, Elnabarawy & Wunsch 2019): arbitrarily shaped clusters."""

from numbers import Real

import numpy as np
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted

from .._core.art import resonance_search
from .._core.docstrings import shared_doc
from ._base import _SHARED_ATTRIBUTES, NOVELTY, _ARTClusterer, _BaseART, _shared_parameters
from ._composite import _ModuleComposite


@shared_doc(shared=_shared_parameters(100), attributes=_SHARED_ATTRIBUTES)
class DualVigilanceART(_ModuleComposite, _ARTClusterer):
    r"""Dual Vigilance ART: categories of an elementary ART module linked into clusters.

    The module (Fuzzy ART by default) supplies the categories, their choice :math:`T_j`, match
    :math:`M_j` and learning rule; its vigilance is the upper one, :math:`\rho_{UB}` =
    ``module.rho``, and ``rho_lower_bound`` is :math:`\rho_{LB} \le \rho_{UB}`. The categories
    are visited in order of decreasing choice, and the first that passes the lower vigilance test,
    :math:`M_J \ge \rho_{LB}`, decides (Brito da Silva et al. 2019, Algorithm 1):

    * :math:`M_J \ge \rho_{UB}`: resonance, category :math:`J` learns by the module's rule;
    * :math:`\rho_{LB} \le M_J < \rho_{UB}`: a new category is committed at the input and linked
      to :math:`J`'s cluster;
    * no category passes :math:`\rho_{LB}`: a new category opens a new cluster.

    A cluster is thus a union of categories (hyper-boxes for Fuzzy ART) of any shape; clusters
    never merge. ``labels_`` and :meth:`predict` give clusters, numbered in order of creation.
    There is no match tracking in the unsupervised network. Categories depend on the order of
    presentation: X is presented in order.

    Parameters
    ----------
    module : elementary zoo.art clusterer or None, default=None
        The module whose categories are linked (an unfitted ``FuzzyART``, ``ART1``, ``ART2A``,
        ``HypersphereART``...; None: ``FuzzyART()``, :math:`\rho_{UB} = 0.75`). It is cloned; its
        input encoding, ``rho`` (the upper vigilance), choice parameter and learning rate are used,
        its ``n_epochs``, ``tol``, ``max_categories`` and ``warm_start`` are not (these below are).
        ``BayesianART`` (its vigilance is ``s_max``, not ``rho``) and ``CVIART`` (its index lives
        in its own search) raise a ValueError. ``sample_weight`` is learned by the module's rule.
    rho_lower_bound : float, default=0.5
        The lower vigilance :math:`\rho_{LB} \in [0, \rho_{UB}]`: how far from a cluster's
        categories an input may lie and still extend that cluster.
    novelty : {"best", "reject"}, default="best"
        What :meth:`predict` says about an input that passes the lower vigilance with no
        category: the cluster of the category with the largest choice value, or -1.
    {shared}

    Attributes
    ----------
    module_ : estimator
        The clone of ``module`` whose encoding and rules are used.
    weights_ : ndarray of shape (n_categories_, n_components)
        The module's category parameters (Fuzzy ART: the prototypes :math:`w_j`).
    category_clusters_ : ndarray of shape (n_categories_,)
        The cluster each category belongs to.
    n_categories_ : int
        Number of committed categories.
    n_clusters_ : int
        Number of clusters.
    labels_ : ndarray of shape (n_samples,)
        Cluster of each training sample in the last pass (-1: not learned, see max_categories).
    {attributes}

    Notes
    -----
    artlib's ``DualVigilanceART(base_module, rho_lower_bound)`` runs the same search; its fit
    gives the same ``labels_`` for Fuzzy ART modules (tests/test_art_dual_vigilance.py). Its
    ``predict`` takes the category of largest choice whatever its match; here :meth:`predict` is
    the training search without learning (the first category passing :math:`\rho_{LB}`), so that
    after a stable pass ``predict(X)`` equals ``labels_``.

    See Also
    --------
    TopoART : clusters from categories linked by their co-activation.

    References
    ----------
    .. [1] Brito da Silva, L. E., Elnabarawy, I., & Wunsch, D. C. (2019). Dual vigilance fuzzy
       adaptive resonance theory. Neural Networks, 109, 1-5.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.art import DualVigilanceART, FuzzyART
    >>> t = np.linspace(0, 1, 40)
    >>> X = np.r_[np.c_[t, 0.1 + 0 * t], np.c_[t, 0.9 + 0 * t]]  # two long, thin bands
    >>> dva = DualVigilanceART(FuzzyART(rho=0.85), rho_lower_bound=0.7).fit(X)
    >>> dva.n_categories_ > dva.n_clusters_, dva.n_clusters_
    (True, 2)
    >>> dva.predict([[0.5, 0.12], [0.3, 0.88]]).tolist()
    [0, 1]
    """

    _input_domain = "unit_interval"

    _parameter_constraints: dict = {
        **{k: v for k, v in _BaseART._parameter_constraints.items() if k != "rho"},
        "module": [None, _ARTClusterer],
        "rho_lower_bound": [Interval(Real, 0, 1, closed="both")],
        "novelty": [NOVELTY],
    }

    def __init__(
        self,
        module=None,
        *,
        rho_lower_bound=0.5,
        novelty="best",
        n_epochs=100,
        tol=0.0,
        max_categories=None,
        warm_start=False,
    ):
        self.module = module
        self.rho_lower_bound = rho_lower_bound
        self.novelty = novelty
        self.n_epochs = n_epochs
        self.tol = tol
        self.max_categories = max_categories
        self.warm_start = warm_start

    def _check_module(self, module):
        vigilance = getattr(module, "_vigilance", "rho")
        if vigilance != "rho":
            # Bayesian ART bounds a volume (s_max) and compares its match with a fixed rho = 0:
            # a looser bound would be a larger volume, which no rho_lower_bound in [0, 1] is
            raise ValueError(
                f"DualVigilanceART: {type(module).__name__}'s vigilance is {vigilance}, not "
                "rho, so rho_lower_bound cannot loosen it; use a module with a vigilance rho "
                "(FuzzyART, GaussianART, HypersphereART, ...)."
            )
        if self.rho_lower_bound > module.rho:
            raise ValueError(
                f"DualVigilanceART: rho_lower_bound={self.rho_lower_bound} is above the "
                f"module's vigilance rho={module.rho} (the upper one); it must be at most rho."
            )

    def _search(self, choice, match, target):
        # the first category of the choice order that passes the lower vigilance decides: it
        # resonates if it passes the upper one too, else the new category joins its cluster
        J = resonance_search(choice, match, self.rho_lower_bound)[0]
        self._link = J
        return J if J >= 0 and match[J] >= self.module_.rho else -1

    def _present(self, x, input_norm, target=None, rate=None):
        n_before, self._link = self._memory.n_categories, -1
        J, changed = super()._present(x, input_norm, target, rate)
        if self._memory.n_categories > n_before:  # committed: link it or open a cluster
            clusters = self._memory.labels  # the memory's per-category label: the cluster
            clusters[J] = clusters[self._link] if self._link >= 0 else self._n_clusters
            self._n_clusters += self._link < 0
        return J, changed

    def _train(self, patterns, norms, targets, incremental, sample_weight=None):
        self._prepare_module(patterns, incremental)
        if not ((incremental or self.warm_start) and hasattr(self, "_memory")):
            self._n_clusters = 0
        categories = super()._train(patterns, norms, targets, incremental, sample_weight)
        self.category_clusters_ = self._memory.labels.copy()
        return np.where(categories >= 0, self.category_clusters_[categories], -1)

    @property
    def n_clusters_(self):
        """Number of clusters (linked groups of categories)."""
        check_is_fitted(self)
        return self._n_clusters

    def predict(self, X):
        """The cluster each input falls in, without learning.

        The cluster of the first category, in order of decreasing choice, whose match passes
        the lower vigilance (the category the search of :meth:`fit` would resonate with or link
        to). For an input that passes it with no category: the cluster of the category with the
        largest choice (``novelty="best"``) or -1 (``novelty="reject"``).

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
        clusters = self._memory.labels
        for rows, choice, match, active in blocks:
            passing = match >= self.rho_lower_bound
            block = np.argmax(np.where(passing, choice, -np.inf), axis=1)
            block = clusters[block]
            novel = ~passing.any(axis=1)
            if self.novelty == "best":
                block[novel] = clusters[np.argmax(choice[novel], axis=1)]
            else:
                block[novel] = -1
            block[~active] = -1
            labels[rows] = block
        return labels
