r"""BARTMAP (Xu & Wunsch 2011): biclustering with two ART modules and a correlation test."""

import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.base import BiclusterMixin, _fit_context, clone
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.art import resonance_search
from .._core.art_bartmap import RowClusterSums, standardized_rows
from .._core.callbacks import close_callbacks, open_callbacks
from .._core.validation import UnitIntervalWarning
from ._base import _ARTClusterer, _BaseART
from ._composite import _ModuleComposite, check_composable, default_module, in_domain


class BARTMAP(_ModuleComposite, BiclusterMixin, _BaseART):
    r"""BARTMAP: biclustering of a data matrix by two ART modules and a correlation test.

    The columns of X (features: the rows of :math:`X^T`) are clustered first by ART module b
    (``module_b``, Fuzzy ART by default): column clusters :math:`c`. The rows are then presented
    in order to ART module a (``module_a``), whose search has one more test (Xu & Wunsch 2011):
    the candidate row cluster :math:`J` (the largest choice among the categories that pass the
    vigilance :math:`\rho_a`) accepts row :math:`k` only if, over the columns of at least one
    column cluster :math:`c`, the average Pearson correlation of row :math:`k` with the rows
    already in :math:`J` reaches :math:`\eta`,

    .. math:: \max_c \; \frac{1}{|J|} \sum_{l \in J} r\big(x_k^{c}, x_l^{c}\big) \ge \eta .

    Otherwise :math:`J` is reset and match tracking raises the vigilance of module a to
    :math:`M_J + \epsilon` before the search goes on; when no category remains, a new one (a new
    row cluster) is committed at the row. The accepting category learns by module a's rule.
    The biclusters are every pair (row cluster, column cluster), as the checkerboard of
    scikit-learn's ``SpectralBiclustering``: ``rows_[i * n_column_clusters + j]`` and
    ``columns_[i * n_column_clusters + j]``.

    Parameters
    ----------
    module_a : elementary zoo.art clusterer or None, default=None
        The module clustering the rows (cloned; None: ``FuzzyART()``).
    module_b : elementary zoo.art clusterer or None, default=None
        The module clustering the columns, fitted on :math:`X^T` with its own parameters
        (cloned; None: ``FuzzyART()``).
    eta : float, default=0.5
        The least average correlation :math:`\eta \in [-1, 1]` a row needs with a row cluster.
        A row constant over a column cluster, or a column cluster of one column, counts 0.
    epsilon : float, default=1e-10
        Match tracking's increment :math:`\epsilon > 0` of module a's vigilance after a reset.
    n_epochs : int, default=1
        Passes over the rows (the paper's one); a later pass re-assigns each row (its own
        membership left out of the test) and stops early once a pass changes nothing.
    tol : float, default=0.0
        A presentation changes the network when it commits a category, moves a row to another
        cluster or moves a weight by more than ``tol``.

    Attributes
    ----------
    module_a_, module_b_ : estimators
        The clones; ``module_b_`` is fitted on :math:`X^T` (its ``labels_`` are the column
        clusters).
    row_labels_ : ndarray of shape (n_rows,)
        Row cluster of each row (the category of module a it joined in the last pass).
    column_labels_ : ndarray of shape (n_columns,)
        Column cluster of each column.
    n_row_clusters_, n_column_clusters_ : int
    rows_ : ndarray of shape (n_row_clusters_ * n_column_clusters_, n_rows), dtype=bool
    columns_ : ndarray of shape (n_row_clusters_ * n_column_clusters_, n_columns), dtype=bool
    weights_ : ndarray
        Module a's categories (Fuzzy ART: the prototypes of the row clusters).
    n_iter_ : int
        Passes over the rows run by the last fit.
    change_curve_ : list of float
        Per pass, the fraction of rows that changed the network.
    n_features_in_ : int
    feature_names_in_ : ndarray

    Notes
    -----
    artlib 0.1.12's ``BARTMAP(module_a, module_b, eta)`` departs from the paper: its
    correlation test selects rows of X with the column-cluster mask (it runs only on square
    matrices), averages over those rows rather than the candidate row cluster's, and accepts a
    row when any column cluster passes for them, whatever the candidate. Here the test is the
    paper's, and no partition of artlib is required in the tests (they compare with the paper's
    algorithm written as a loop, tests/test_art_bartmap.py).

    See Also
    --------
    sklearn.cluster.SpectralBiclustering : the checkerboard biclusters of the same layout.

    References
    ----------
    .. [1] Xu, R., & Wunsch, D. C. (2011). BARTMAP: A viable structure for biclustering. Neural
       Networks, 24(7), 709-716.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.art import BARTMAP, FuzzyART
    >>> rng = np.random.default_rng(0)
    >>> t = np.linspace(0.1, 0.9, 12)
    >>> X = np.clip(np.array([t, t[::-1]])[[0, 1, 0, 1, 0, 1]] + rng.normal(0, 0.02, (6, 12)), 0, 1)
    >>> FuzzyART(rho=0.3).fit(X).labels_.tolist()  # rising and falling rows: one box
    [0, 0, 0, 0, 0, 0]
    >>> bartmap = BARTMAP(FuzzyART(rho=0.3), FuzzyART(rho=0.5), eta=0.8).fit(X)
    >>> bartmap.row_labels_.tolist(), bartmap.column_labels_.tolist()
    ([0, 1, 0, 1, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1])
    >>> bartmap.rows_.shape, bartmap.columns_.shape  # 2 x 2 biclusters
    ((4, 6), (4, 12))
    """

    _input_domain = "unit_interval"

    # not parameters here: the shared loop reads them
    max_categories = None
    warm_start = False

    _parameter_constraints: dict = {
        "module_a": [None, _ARTClusterer],
        "module_b": [None, _ARTClusterer],
        "eta": [Interval(Real, -1, 1, closed="both")],
        "epsilon": [Interval(Real, 0, None, closed="neither")],
        "n_epochs": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(
        self, module_a=None, module_b=None, *, eta=0.5, epsilon=1e-10, n_epochs=1, tol=0.0
    ):
        self.module_a = module_a
        self.module_b = module_b
        self.eta = eta
        self.epsilon = epsilon
        self.n_epochs = n_epochs
        self.tol = tol

    def _module(self):
        return self.module_a_

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Cluster the columns with module b, then the rows with module a and the correlation test.

        Parameters
        ----------
        X : array-like of shape (n_rows, n_columns)
        y : ignored

        Returns
        -------
        self
        """
        modules = []
        for module in (self.module_a, self.module_b):
            module = default_module() if module is None else module
            if not isinstance(module, _ARTClusterer) or isinstance(module, _ModuleComposite):
                raise TypeError(
                    "BARTMAP: module_a and module_b must be elementary zoo.art clusterers "
                    f"(FuzzyART, ART1, ...), got {type(module).__name__}."
                )
            check_composable(module, "BARTMAP")
            modules.append(clone(module))
        self.module_a_, self.module_b_ = modules
        X = validate_data(self, X, dtype=(np.float64, np.float32))
        X = in_domain(X, [self.module_a_, self.module_b_], "BARTMAP")  # one check, one warning
        patterns, norms = self._patterns(X)
        self.module_b_.fit(X.T)
        self.column_labels_ = self.module_b_.labels_.copy()
        self._sums = RowClusterSums(standardized_rows(X, self.column_labels_), self.column_labels_)
        self._row_labels = np.full(X.shape[0], -1, dtype=np.intp)
        open_callbacks(self, X=X, y=None, max_epochs=self.n_epochs)
        self._prepare_module(patterns, incremental=False)
        self.row_labels_ = self._train(patterns, norms, np.arange(X.shape[0]), False)
        close_callbacks(self)
        self.n_row_clusters_ = int(self._memory.n_categories)
        self.n_column_clusters_ = int(self.column_labels_.max(initial=-1)) + 1
        rows = [self.row_labels_ == i for i in range(self.n_row_clusters_)]
        columns = [self.column_labels_ == j for j in range(self.n_column_clusters_)]
        pairs = [(r, c) for r in rows for c in columns]
        self.rows_ = np.array([r for r, _ in pairs], dtype=bool).reshape(-1, X.shape[0])
        self.columns_ = np.array([c for _, c in pairs], dtype=bool).reshape(-1, X.shape[1])
        self._sums.U = None  # predict tests new rows against the clusters' sums only
        return self

    def _correlated_search(self, choice, match, u, row=None, member=-1):
        """Module a's search with the correlation test as a further reset, and match tracking.
        ``row`` in cluster ``member`` (a later pass) is left out of that cluster's average."""
        rho = self.module_a_.rho
        while True:
            J = resonance_search(choice, match, rho)[0]
            if J < 0:
                return -1
            correlations = self._sums.correlations(u, J, row if J == member else None)
            if correlations is None or np.any(correlations >= self.eta):
                return J
            # MT+: just above J's match (at least one ulp, so that J itself is now reset)
            rho = max(float(match[J]) + self.epsilon, np.nextafter(float(match[J]), np.inf))

    def _search(self, choice, match, target):
        U, member = self._sums.U, self._row_labels[target]
        return self._correlated_search(choice, match, U[target], target, member)

    def _present(self, x, input_norm, target=None, rate=None):
        J, changed = super()._present(x, input_norm, target, rate)
        old = self._row_labels[target]
        if J != old:
            self._sums.move(target, old, J)
            self._row_labels[target] = J
            changed = True
        return J, changed

    def predict(self, X):
        """The row cluster of each row of X, without learning.

        Module a's search with the correlation test against each row cluster's training rows
        (over the learned column clusters) and match tracking, as :meth:`fit`'s; -1 for a row
        that no row cluster accepts (training would open a new one).

        Parameters
        ----------
        X : array-like of shape (n_rows, n_columns)

        Returns
        -------
        row_labels : ndarray of shape (n_rows,)
        """
        n_rows, blocks = self._activations(X)  # checks X (and warns once)
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UnitIntervalWarning)
            X = in_domain(X, [self.module_a_, self.module_b_], "BARTMAP")
        U = standardized_rows(X, self.column_labels_)
        labels = np.full(n_rows, -1, dtype=np.intp)
        for rows, choice, match, active in blocks:
            for i, k in enumerate(range(rows.start, rows.stop)):
                if active[i]:
                    labels[k] = self._correlated_search(choice[i], match[i], U[k])
        return labels

    @property
    def n_clusters_(self):
        """Number of biclusters (row clusters times column clusters)."""
        check_is_fitted(self)
        return len(self.rows_)
