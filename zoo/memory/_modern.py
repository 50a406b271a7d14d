r"""The modern Hopfield network (Ramsauer et al. 2020): continuous states, one-step retrieval."""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.activations import softmax
from .._core.distances import row_chunks
from .._core.energy import modern_hopfield_energy
from .._core.feature_names import RecalledFeaturesOutMixin
from .._core.validation import check_input_scale


def retrieve(Xi, patterns, beta, n_steps):
    r"""n_steps updates :math:`\xi \leftarrow X^\top \operatorname{softmax}(\beta X \xi)`, one row
    of ``Xi`` per query (row form: :math:`\Xi \leftarrow \operatorname{softmax}(\beta \Xi X^\top)
    X`)."""
    for _ in range(n_steps):
        scores = Xi @ patterns.T
        scores *= beta
        Xi = softmax(scores, out=scores) @ patterns
    return Xi


class ModernHopfield(RecalledFeaturesOutMixin, TransformerMixin, BaseEstimator):
    r"""Modern (dense, continuous) Hopfield network: retrieves stored vectors in one update.

    Stores the rows :math:`x_1, \dots, x_P` of X and maps a query (state) :math:`\xi` to

    .. math:: \xi^{\text{new}} = X^\top \operatorname{softmax}(\beta X \xi),

    a convex combination of the stored patterns weighted by their similarity to the query: the
    attention of transformers, with the stored patterns as keys and values (Ramsauer et al. 2020,
    "Hopfield Networks is All You Need"). The update never raises the energy

    .. math::

        E(\xi) = -\beta^{-1} \log \sum_k e^{\beta x_k^\top \xi} + \tfrac12 \xi^\top \xi
        + \beta^{-1} \log P + \tfrac12 M^2

    (:func:`zoo._core.energy.modern_hopfield_energy`), and for well-separated patterns one update
    lands next to the stored pattern: the capacity grows exponentially with the dimension, where
    the classical network's (:class:`HopfieldNetwork`) is linear. The inverse temperature
    :math:`\beta` sets how sharp retrieval is: large :math:`\beta` retrieves single patterns,
    small :math:`\beta` returns averages of similar ones (metastable states; :math:`\beta \to 0`
    gives the mean of all patterns). :math:`\beta` acts on dot products, so it scales with
    the data: for the standardised features it should exceed a few times the inverse of the gap
    between a query's similarity to its own pattern and to the closest other pattern.

    ``benchmarks/bench_memory.py`` prints the share retrieved against :math:`\beta` (1,000
    standard normal patterns of dimension 100, cues with a fifth of their components replaced by
    fresh noise, one update): with ``beta=1`` every pattern comes back; fewer as :math:`\beta`
    falls, and at the attention scaling :math:`\beta = 1/\sqrt{d}` retrieval blurs into
    mixtures. Beside it the classical network on the signs of the same patterns recalls none.

    Parameters
    ----------
    beta : float, default=1.0
        Inverse temperature :math:`\beta > 0` of the softmax.
    n_steps : int, default=1
        Number of updates per query (one usually suffices).

    Attributes
    ----------
    patterns_ : ndarray of shape (n_patterns, n_features_in_)
        The stored patterns :math:`X`.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Defined only when X has feature names that are all strings.

    See Also
    --------
    HopfieldNetwork : the classical binary network.

    Notes
    -----
    Storage is one step, so there are no training iterations for callbacks or ``warm_start``
    to follow (a refit stores the new patterns), and ``fit`` takes no ``sample_weight`` (a
    ``TypeError`` names it): the stored patterns are the weights, each one memory.

    References
    ----------
    .. [1] Ramsauer, H., Schäfl, B., Lehner, J., et al. (2021). Hopfield networks is all you need.
       ICLR 2021 (arXiv:2008.02217, 2020).
    .. [2] Krotov, D., & Hopfield, J. J. (2016). Dense associative memory for pattern recognition.
       NeurIPS 29.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.memory import ModernHopfield
    >>> X = np.random.default_rng(0).standard_normal((50, 20))
    >>> memory = ModernHopfield(beta=2.0).fit(X)
    >>> cue = X[:1].copy()
    >>> cue[0, :5] = 0.0  # a quarter of the components lost
    >>> bool(np.abs(memory.transform(cue) - X[:1]).max() < 1e-3)
    True
    """

    _parameter_constraints: dict = {
        "beta": [Interval(Real, 0, None, closed="neither")],
        "n_steps": [Interval(Integral, 1, None, closed="left")],
    }

    _input_domain = "real"
    _compare_params = {}
    # retrieval returns (a blend of) stored training patterns: a read-out of it is a
    # nearest-neighbour lookup in disguise, not a use of learned features
    _compare_excluded = (
        "an associative memory: its retrieval returns stored patterns, not features for a "
        "classifier"
    )

    def __init__(self, *, beta=1.0, n_steps=1):
        self.beta = beta
        self.n_steps = n_steps

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Store the rows of X.

        Parameters
        ----------
        X : array-like of shape (n_patterns, n_features)
        y : None
            Ignored.

        Returns
        -------
        self : ModernHopfield
        """
        X = validate_data(self, X, dtype=(np.float64, np.float32))
        check_input_scale(X, type(self).__name__)
        self.patterns_ = X.copy()
        return self

    def transform(self, X):
        """The states retrieved from the queries X after ``n_steps`` updates.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        X_retrieved : ndarray of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        check_input_scale(X, type(self).__name__)
        X = X.astype(self.patterns_.dtype, copy=False)
        # queries in row blocks: the scores are (rows, n_patterns), bounded whatever n_samples
        retrieved = np.empty_like(X)
        for rows in row_chunks(X.shape[0], self.patterns_.shape[0]):
            retrieved[rows] = retrieve(X[rows], self.patterns_, self.beta, self.n_steps)
        return retrieved

    def energy(self, X):
        """Energy :math:`E(\\xi)` of each row of X (see the class docstring).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        energy : ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        check_input_scale(X, type(self).__name__)
        energy = np.empty(X.shape[0], dtype=np.result_type(X, self.patterns_))
        for rows in row_chunks(X.shape[0], self.patterns_.shape[0]):
            energy[rows] = modern_hopfield_energy(X[rows], self.patterns_, self.beta)
        return energy

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
