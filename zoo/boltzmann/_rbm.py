"""The restricted Boltzmann machine with binary visible and hidden units, :class:`BernoulliRBM`."""

import numpy as np
from sklearn.base import ClassNamePrefixFeaturesOutMixin
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from .._core.energy import (
    MAX_ENUMERATED_UNITS,
    pseudo_log_likelihood,
    rbm_free_energy,
    rbm_log_partition_exact,
)
from .._core.sampling import generator_from, rbm_ais_log_partition, rbm_gibbs
from ._base import _BaseRBM


class BernoulliRBM(_BaseRBM):
    r"""Restricted Boltzmann machine with binary visible and hidden units, CD-k or PCD-k training.

    A drop-in superset of :class:`sklearn.neural_network.BernoulliRBM`: the same parameters,
    defaults (PCD-1, Tieleman 2008), attributes and methods, plus ``k`` Gibbs steps, CD-k
    (``persistent=False``, Hinton 2002), ``momentum``, ``weight_decay``, ``shuffle``, early
    stopping on the reconstruction error (``tol``), :meth:`free_energy` and an exact or AIS
    :meth:`log_likelihood`.

    The model is :math:`p(v, h) \propto e^{-E(v,h)}`, :math:`E = -v^\top b - h^\top c - v^\top W h`
    with :math:`W` = ``components_.T``, :math:`b` = ``intercept_visible_``, :math:`c` =
    ``intercept_hidden_``; :math:`p(h_j=1\mid v) = \sigma(c_j + v^\top W_{:j})`,
    :math:`p(v_i=1\mid h) = \sigma(b_i + W_{i:}h)` and the free energy is
    :math:`F(v) = -v^\top b - \sum_j \log(1 + e^{c_j + v^\top W_{:j}})`. Each minibatch update is

    .. math::

        \Delta W = \eta\big(\langle v h^\top\rangle_{\text{data}} - \langle v h^\top\rangle_{k}
        - \lambda W\big) + \mu \Delta W_{\text{prev}}

    where :math:`\langle\cdot\rangle_k` averages over the chains after ``k`` Gibbs steps (started at
    the data for CD-k, persistent across updates for PCD-k).

    Parameters
    ----------
    n_components : int, default=256
        Number of binary hidden units.
    learning_rate : float, default=0.1
        Learning rate :math:`\eta` (scikit-learn's recommendation: tune it in 10**[0, -3]).
    batch_size : int, default=10
        Examples per minibatch; also the number of persistent chains.
    n_iter : int, default=10
        Epochs over the training set (a fixed budget, as in scikit-learn, unless ``tol`` is set).
    verbose : int, default=0
        Print scikit-learn's line after every epoch (the training set's mean pseudo-likelihood
        and the epoch's time; computing it costs a pass over the data).
    random_state : int, RandomState instance or None, default=None
        Initial weights, Gibbs sampling, minibatch order and the corruption in
        :meth:`score_samples`.
    k : int, default=1
        Gibbs steps per update.
    persistent : bool, default=True
        True: PCD-k (scikit-learn's SML). False: CD-k.
    momentum : float, default=0.0
        :math:`\mu` (Hinton 2010 recommends 0.5, then 0.9).
    weight_decay : float, default=0.0
        L2 weight cost :math:`\lambda` on the weights (Hinton 2010: about 1e-4).
    shuffle : bool, default=False
        Draw the minibatches in a new random order each epoch (scikit-learn uses a fixed order).
    tol : float or None, default=None
        None: run exactly ``n_iter`` epochs. A float: stop when the reconstruction error has not
        improved by ``tol`` for ``n_iter_no_change`` epochs (ConvergenceWarning at ``n_iter``).
    n_iter_no_change : int, default=10
        Patience of the ``tol`` rule.
    warm_start : bool, default=False
        When True and the model is fitted, ``fit`` continues training it for ``n_iter`` more
        epochs (weights, momentum, persistent chains and random generators as they are) instead
        of initialising it anew; a fit on data with another number of features raises
        ValueError. On an unfitted model it is a cold fit.

    Attributes
    ----------
    intercept_hidden_ : ndarray of shape (n_components,)
    intercept_visible_ : ndarray of shape (n_features,)
    components_ : ndarray of shape (n_components, n_features)
        Weights, Fortran-ordered so that ``components_.T`` is a row-major ``(n_features,
        n_components)`` matrix.
    h_samples_ : ndarray of shape (batch_size, n_components)
        The persistent chains' hidden states.
    n_iter_ : int
        Epochs run by the last ``fit``.
    loss_curve_ : list of float
        Reconstruction error per epoch (of every fit since the model was initialised: a warm
        fit or ``partial_fit`` appends to it): the mean over samples of
        :math:`\sum_i (v_i - p(v_i=1 \mid h))^2`, with :math:`h` sampled from :math:`p(h \mid v)`
        (CD, the chain's first step) or its mean (PCD). PCD's chains do not reconstruct the
        data, so it takes an extra matrix product, done on the first eighth of each minibatch:
        the epoch's value is then the mean over a random eighth of the samples.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    See Also
    --------
    GaussianBernoulliRBM : real-valued visible units.
    DBNTransformer : a greedy stack of RBMs.

    References
    ----------
    .. [1] Tieleman, T. (2008). Training restricted Boltzmann machines using approximations to
       the likelihood gradient. ICML.
    .. [2] Hinton, G. E. (2002). Training products of experts by minimizing contrastive
       divergence. Neural Computation 14(8).
    .. [3] Hinton, G. E. (2010). A practical guide to training restricted Boltzmann machines.
       UTML TR 2010-003.
    .. [4] Salakhutdinov, R. and Murray, I. (2008). On the quantitative analysis of deep belief
       networks. ICML.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.boltzmann import BernoulliRBM
    >>> X = np.array([[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
    >>> model = BernoulliRBM(n_components=2, random_state=0).fit(X)
    >>> model.transform(X).shape
    (4, 2)
    >>> bool(model.log_likelihood(X).mean() < 0)
    True
    """

    _draws_like_sklearn = True
    _input_domain = "unit_interval"  # probabilities of binary visible units

    def __init__(
        self,
        n_components=256,
        *,
        learning_rate=0.1,
        batch_size=10,
        n_iter=10,
        verbose=0,
        random_state=None,
        k=1,
        persistent=True,
        momentum=0.0,
        weight_decay=0.0,
        shuffle=False,
        tol=None,
        n_iter_no_change=10,
        warm_start=False,
    ):
        self.n_components = n_components
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.n_iter = n_iter
        self.verbose = verbose
        self.random_state = random_state
        self.k = k
        self.persistent = persistent
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.shuffle = shuffle
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.warm_start = warm_start

    # scikit-learn's private conditionals, for code written against its BernoulliRBM
    def get_feature_names_out(self, input_features=None):
        """scikit-learn's names of the hidden units, ``bernoullirbm0``, ``bernoullirbm1``, ….

        A drop-in for :class:`sklearn.neural_network.BernoulliRBM` keeps its column names, which
        scikit-learn's own tests assert (``tests/test_sklearn_suites.py`` runs them here); the
        other zoo transformers name what a column is (``rbm_hidden_3`` for the Gaussian RBM).

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Only checked against ``feature_names_in_``.

        Returns
        -------
        feature_names_out : ndarray of str objects
        """
        return ClassNamePrefixFeaturesOutMixin.get_feature_names_out(self, input_features)

    def _mean_hiddens(self, v):
        """p(h = 1 | v) (scikit-learn's private name; a 1-D ``v`` is one sample)."""
        if np.ndim(v) == 1:
            return self._hidden_means(self._validate_input(np.reshape(v, (1, -1))))[0]
        return self._hidden_means(self._validate_input(v))

    def _sample_hiddens(self, v, rng):
        """h ~ p(h | v), drawn from ``rng`` as scikit-learn draws it."""
        p = self._mean_hiddens(v)
        return rng.uniform(size=p.shape) < p

    def _verbose_report(self, X):
        """scikit-learn's figure beside the reconstruction error: the mean pseudo-likelihood of
        the training set."""
        return lambda: {"pseudo-likelihood": float(self.score_samples(X).mean())}

    def gibbs(self, v, n_steps=1):
        """Block-Gibbs steps v -> h -> v' from the visible states ``v``.

        Parameters
        ----------
        v : {array-like, sparse matrix} of shape (n_samples, n_features)
        n_steps : int, default=1

        Returns
        -------
        v_new : ndarray of shape (n_samples, n_features)
            Binary samples (0.0 / 1.0).
        """
        check_is_fitted(self)
        if not hasattr(self, "_rng"):
            self._rng = check_random_state(self.random_state)
        v = self._validate_input(v)
        return rbm_gibbs(
            v, self._W, self.intercept_visible_, self.intercept_hidden_, self._rng, n_steps
        )

    def free_energy(self, X):
        r"""Free energy :math:`F(v) = -v^\top b - \sum_j \log(1 + e^{c_j + v^\top W_{:j}})`.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        free_energy : ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = self._validate_input(X)
        return rbm_free_energy(X, self._W, self.intercept_visible_, self.intercept_hidden_)

    def score_samples(self, X):
        """Stochastic pseudo-log-likelihood of X, exactly as scikit-learn computes it.

        One randomly chosen unit of each sample is flipped (with a generator seeded by
        ``random_state``, so a fixed seed gives the same value as scikit-learn on the same
        weights) and :math:`D \\log \\sigma(F(\\tilde v) - F(v))` is returned.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Binary visible states.

        Returns
        -------
        pseudo_likelihood : ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = self._validate_input(X)
        rng = check_random_state(self.random_state)
        flipped = rng.randint(0, X.shape[1], X.shape[0])
        return pseudo_log_likelihood(
            X, self._W, self.intercept_visible_, self.intercept_hidden_, flipped
        )

    def log_partition(self, method="auto", n_chains=100, n_betas=1000, base_visible_bias=None):
        """log Z, exact when the smaller layer has at most 20 units, else by AIS.

        Parameters
        ----------
        method : {"auto", "exact", "ais"}, default="auto"
        n_chains, n_betas : int, default=100, 1000
            AIS runs and intermediate temperatures (see
            :func:`zoo._core.sampling.rbm_ais_log_partition`).
        base_visible_bias : ndarray of shape (n_features,) or None
            AIS base-rate model's visible biases.

        Returns
        -------
        log_z : float
        """
        check_is_fitted(self)
        W, b, c = self._W, self.intercept_visible_, self.intercept_hidden_
        if method not in ("auto", "exact", "ais"):
            raise ValueError(
                f"Unknown method {method!r}; valid methods are ['ais', 'auto', 'exact']."
            )
        if method == "exact" or (method == "auto" and min(W.shape) <= MAX_ENUMERATED_UNITS):
            return rbm_log_partition_exact(W, b, c)
        rng = generator_from(check_random_state(self.random_state))
        return rbm_ais_log_partition(W, b, c, rng, n_chains, n_betas, base_visible_bias)

    def log_likelihood(self, X, method="auto", n_chains=100, n_betas=1000):
        r"""Log-likelihood :math:`\log p(v) = -F(v) - \log Z` of each sample.

        :math:`\log Z` is exact when the smaller layer has at most 20 units (enumeration), otherwise
        estimated by annealed importance sampling from the base-rate model of X (Salakhutdinov &
        Murray 2008).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        method : {"auto", "exact", "ais"}, default="auto"
        n_chains, n_betas : int, default=100, 1000
            AIS settings.

        Returns
        -------
        log_likelihood : ndarray of shape (n_samples,)
        """
        X = self._validate_input(X) if hasattr(self, "components_") else X
        mean = np.clip(np.asarray(X.mean(axis=0), dtype=np.float64).ravel(), 1e-3, 1 - 1e-3)
        log_z = self.log_partition(
            method, n_chains, n_betas, base_visible_bias=np.log(mean) - np.log1p(-mean)
        )
        return -self.free_energy(X) - log_z
