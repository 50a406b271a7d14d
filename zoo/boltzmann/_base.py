r"""Restricted Boltzmann machines trained by contrastive divergence (CD-k) or persistent contrastive
divergence (PCD-k): a drop-in superset of scikit-learn's ``BernoulliRBM``.

The log-likelihood gradient of an RBM is a difference of two expectations (Hinton 2002):

.. math::

    \frac{\partial \log p(v)}{\partial W_{ij}} = \langle v_i h_j \rangle_{\text{data}}
    - \langle v_i h_j \rangle_{\text{model}}

The positive statistics use the data and :math:`p(h \mid v)`; the negative ones use samples
:math:`\tilde v` of the model after ``k`` block-Gibbs steps — started from the data (CD-k, Hinton
2002) or from persistent chains carried across updates (PCD-k, Tieleman 2008; scikit-learn's
"stochastic maximum likelihood"). On a minibatch of :math:`n` samples and :math:`m` chains:

.. math::

    \Delta W = \eta \Big(\frac1n \sum v\, p(h\mid v)^\top - \frac1m \sum \tilde v\, p(h\mid\tilde
    v)^\top
    - \lambda W\Big) + \mu\, \Delta W_{\text{previous}}

and likewise for the biases (without weight decay :math:`\lambda`).

Speed. In PCD the negative samples do not depend on the minibatch, so the hidden probabilities of
the
data and of the chains come from one matrix product of the stacked block ``[v; ṽ]``, and the whole
weight update is one BLAS ``gemm`` written straight into the weights (weight decay is gemm's
``beta``): three matrix products per minibatch where a textbook implementation does five. Uniform
draws come from numpy's ``Generator`` into preallocated buffers, in the data's dtype.
"""

from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from scipy.linalg.blas import get_blas_funcs
from sklearn.base import (
    BaseEstimator,
    TransformerMixin,
    _fit_context,
)
from sklearn.callback import CallbackSupportMixin
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.blas import single_threaded_blas
from .._core.callbacks import close_callbacks, epoch_callbacks, open_callbacks
from .._core.feature_names import PrefixedFeaturesOutMixin
from .._core.initializers import normal
from .._core.optimizers import momentum_step
from .._core.penalties import add_l2_gradient, l2_decay
from .._core.sampling import (
    generator_from,
    rbm_hidden_probabilities,
    rbm_visible_probabilities,
    sample_bernoulli,
)
from .._core.training import Criterion, History, Monitor, batch_length, fit_epochs, step_parameter
from .._core.validation import (
    check_finite_parameters,
    check_input_scale,
    check_sample_weight,
    warn_outside_unit_interval,
)

#: What a model of binary visible units does with X outside [0, 1] (the end of its warning).
BINARY_VISIBLE_UNITS = (
    "the binary visible units take X as their probabilities of being on, which values outside "
    "[0, 1] are not; they are used as given (GaussianBernoulliRBM models real-valued data)"
)


#: Minibatches smaller than this train with BLAS on one thread (and the fused scipy update);
#: larger ones use BLAS's threads, as scikit-learn does: on an idle machine threads win from a
#: few dozen rows (``benchmarks/bench_rbm.py N BATCH`` times both), while on a busy one the pool
#: slows the same training severalfold — limit BLAS to one thread there (threadpoolctl,
#: OPENBLAS_NUM_THREADS), as ``zoo compare`` and the tests do.
_MULTITHREADED_BATCH_SIZE = 32


#: PCD measures the reconstruction error (``loss_curve_``) on the first 1/8 of each minibatch.
_RECONSTRUCTION_PROBE_FRACTION = 8


class _BaseRBM(CallbackSupportMixin, PrefixedFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """CD-k / PCD-k training shared by the binary and the Gaussian RBM (not public).

    Subclasses define the visible layer: ``_visible_means(H, out)`` (the mean of p(v | h)),
    ``_sample_visible(means, rng, uniform)`` (in place), ``_scaled(V)`` (the visible vector as
    the hidden units see it) and the extra parameter updates of ``_update_visible_extras``.
    """

    #: How the divergence error names the hyper-parameters: a DBNClassifier's pre-training RBMs
    #: are set to "rbm_" by pretrain_stack (its parameters are rbm_learning_rate, ...).
    _parameter_prefix = ""
    _warn_outside_unit_interval = True
    #: How verbose lines and errors name this run: a DBN's layers are "DBNClassifier
    #: pre-training, layer 1 of 2" (set by pretrain_stack); None: the class name.
    _verbose_label = None
    #: What ``loss_curve_`` records, as ``verbose`` lines and ``zoo compare``'s report name it.
    _loss_curve_quantity = "reconstruction error"
    _feature_names_prefix = "rbm_hidden"

    #: Sample from the estimator's ``RandomState`` in scikit-learn's order and precision (float64
    #: uniforms whatever the data's dtype), so the same seed gives scikit-learn's chains; False
    #: draws from a faster ``Generator`` seeded from it.
    _draws_like_sklearn = False

    _parameter_constraints: dict = {
        "n_components": [Interval(Integral, 1, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "n_iter": [Interval(Integral, 0, None, closed="left")],
        "verbose": ["verbose"],
        "random_state": ["random_state"],
        "k": [Interval(Integral, 1, None, closed="left")],
        "persistent": ["boolean"],
        "momentum": [Interval(Real, 0, 1, closed="left")],
        "weight_decay": [Interval(Real, 0, None, closed="left")],
        "shuffle": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left"), None],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "warm_start": ["boolean"],
    }

    # ------------------------------------------------------------------ parameters
    @property
    def _W(self):
        """W = components_.T, (n_visible, n_hidden), C-contiguous (components_ is F-ordered)."""
        return self.components_.T

    def _initialize(self, n_features, dtype):
        rng = self._rng
        # scikit-learn's draw: components_ ~ N(0, 0.01^2) of shape (n_components, n_features)
        weights, _ = normal(self.n_components, n_features, rng, scale=0.01, dtype=dtype)
        self.components_ = np.asfortranarray(weights)
        self._n_features_out = self.n_components
        self.intercept_hidden_ = np.zeros(self.n_components, dtype=dtype)
        self.intercept_visible_ = np.zeros(n_features, dtype=dtype)
        self.h_samples_ = np.zeros((self.batch_size, self.n_components), dtype=dtype)
        self._initialize_visible_extras(n_features, dtype)
        self._sampling_rng = rng if self._draws_like_sklearn else generator_from(rng)
        self._history = History()
        self._velocities = None
        self.n_iter_ = 0
        self.loss_curve_ = self._history.criterion

    def _initialize_visible_extras(self, n_features, dtype):
        """Extra visible parameters (the Gaussian RBM's variances)."""

    def _params(self):
        return [self.components_, self.intercept_visible_, self.intercept_hidden_]

    # ------------------------------------------------------------------ conditionals
    def _hidden_means(self, V, out=None):
        """p(h = 1 | v), one row per row of V."""
        return rbm_hidden_probabilities(V, self._W, self.intercept_hidden_, out=out)

    def _visible_means(self, H, out=None):
        """p(v = 1 | h) for binary visible units."""
        return rbm_visible_probabilities(H, self._W, self.intercept_visible_, out=out)

    def _sample_visible(self, means, rng, uniform):
        """Replace the visible means by samples, in place."""
        return sample_bernoulli(means, rng, out=means, uniform=uniform)

    # ------------------------------------------------------------------ training
    def _validate_training_data(self, X, reset):
        X = validate_data(self, X, accept_sparse="csr", dtype=(np.float64, np.float32), reset=reset)
        check_input_scale(X, type(self).__name__, power=4)
        # a DBN checks its input itself and turns this off for its layers (pretrain_stack)
        if getattr(self, "_input_domain", "real") != "real" and self._warn_outside_unit_interval:
            warn_outside_unit_interval(X, type(self).__name__, BINARY_VISIBLE_UNITS)
        return X

    def _fit(self, X, incremental, sample_weight=None):
        # partial_fit, and fit with warm_start, continue from the fitted model: its weights,
        # momentum, persistent chains, random generators and loss_curve_
        continuing = (incremental or self.warm_start) and hasattr(self, "components_")
        X = self._validate_training_data(X, reset=not continuing)
        if not continuing:
            self._rng = check_random_state(self.random_state)
            self._initialize(X.shape[1], X.dtype)
        elif X.dtype != self.components_.dtype:
            X = X.astype(self.components_.dtype)
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X)
        if not incremental:
            # one callback task per epoch (none when n_iter is 0: the fit's own task alone)
            open_callbacks(self, X, sample_weight=sample_weight, max_epochs=self.n_iter)
        if self.n_iter > 0 or incremental:
            self._train(X, incremental, sample_weight)
            check_finite_parameters(self._params(), type(self).__name__)
        close_callbacks(self)
        return self

    def _train(self, X, incremental, sample_weight=None):
        if self.batch_size < _MULTITHREADED_BATCH_SIZE:
            return single_threaded_blas(self._train_epochs)(
                X, incremental, sample_weight, fused=True
            )
        return self._train_epochs(X, incremental, sample_weight, fused=False)

    def _train_epochs(self, X, incremental, sample_weight, fused):
        """``fused``: the weight update is one scipy gemm with beta (BLAS on one thread). Otherwise
        numpy's BLAS only, with its threads: scipy's gemm would wake scipy's own OpenBLAS pool
        against numpy's (see :mod:`zoo._core.blas`)."""
        n_samples, n_visible = X.shape
        batch = self.batch_size
        dtype = self.components_.dtype
        if self.h_samples_.shape[0] != batch:
            self.h_samples_ = np.zeros((batch, self.n_components), dtype=dtype)
        # stacked [positive; negative] blocks: data rows end at row `batch`, chains start there
        V_stack = np.zeros((2 * batch, n_visible), dtype=dtype)
        H_stack = np.empty((2 * batch, self.n_components), dtype=dtype)
        draw_dtype = np.float64 if self._draws_like_sklearn else dtype
        uniform_v = np.empty((batch, n_visible), dtype=draw_dtype)
        uniform_h = np.empty((batch, self.n_components), dtype=draw_dtype)
        row_weights = np.empty(2 * batch, dtype=dtype)
        if fused:
            blas = get_blas_funcs("gemm", (self.components_,))
        else:  # numpy: a buffer for the weight gradient instead
            blas = np.empty((n_visible, self.n_components), dtype=dtype)
        if self.momentum > 0 and self._velocities is None:
            self._velocities = [np.zeros_like(p) for p in self._params()]
        rng = self._sampling_rng
        sparse_input = sp.issparse(X)
        lr = float(self.learning_rate)
        weighted = sample_weight is not None

        def step(rows):
            if weighted:
                # a sample of weight zero is as if absent: its row is dropped from the minibatch
                # (fit_epochs skips a minibatch of them), so it draws no chain and no uniforms
                batch_weights = sample_weight[rows]
                active = batch_weights > 0
                if not active.all():
                    rows = (np.arange(n_samples)[rows] if isinstance(rows, slice) else rows)[active]
                    batch_weights = batch_weights[active]
                share = batch_weights / batch_weights.sum()  # w_i / sum_batch w
            n = batch_length(rows, n_samples)
            positive = V_stack[batch - n : batch]
            if sparse_input:
                positive[...] = X[rows].toarray()
            elif isinstance(rows, slice):
                positive[...] = X[rows]
            else:
                np.take(X, rows, axis=0, out=positive)
            if self.persistent:
                chain_visible, chain_hidden = V_stack[batch:], self.h_samples_
                n_chains, top = batch, batch - n
            else:
                chain_visible, chain_hidden = V_stack[batch : batch + n], self.h_samples_[:n]
                n_chains, top = n, batch - n
                # CD: the chains start at the data, h ~ p(h | v)
                sample_bernoulli(
                    self._hidden_means(self._scaled(positive), out=H_stack[batch:]),
                    rng,
                    out=chain_hidden,
                    uniform=uniform_h[:n],
                )
            loss = None
            for gibbs_step in range(self.k):
                if gibbs_step > 0:
                    hidden = self._hidden_means(self._scaled(chain_visible), out=H_stack[batch:])
                    sample_bernoulli(hidden, rng, out=chain_hidden, uniform=uniform_h[:n_chains])
                means = self._visible_means(chain_hidden, out=chain_visible)
                if gibbs_step == 0 and not self.persistent:
                    loss = self._reconstruction_error(positive, means, share if weighted else None)
                self._sample_visible(means, rng, uniform_v[:n_chains])
            stacked_v = V_stack[top : batch + n_chains]
            stacked_h = self._hidden_means(self._scaled(stacked_v), out=H_stack[top:])
            if loss is None:
                # PCD's chains do not reconstruct the data, so measuring it takes one more
                # product; on the first eighth of the minibatch (random rows when shuffling) it
                # costs an eighth of one, and the epoch's mean is still over n_samples / 8 rows
                probe = max(1, n // _RECONSTRUCTION_PROBE_FRACTION)
                loss = self._reconstruction_error(
                    positive[:probe],
                    self._visible_means(stacked_h[:probe], out=uniform_v),
                    share[:probe] if weighted else None,
                )
            # the chains' next state: h ~ p(h | v~)
            sample_bernoulli(
                stacked_h[n:], rng, out=self.h_samples_[:n_chains], uniform=uniform_h[:n_chains]
            )
            # weights per row: +eta/n for the data, -eta/n for the chains (scikit-learn's scale:
            # the chains of a short last minibatch are not averaged over their own number)
            weights = row_weights[: n + n_chains]
            if weighted:
                # the weighted statistics <v h>_w = sum_i w_i v_i h_i^T / sum_i w_i: +eta w_i /
                # sum w for the data; CD's chain i starts at sample i and carries its weight,
                # PCD's chains sample the model, whatever the data, and keep -eta/n
                np.multiply(share, lr, out=weights[:n])
                if self.persistent:
                    weights[n:] = -lr / n
                else:
                    np.multiply(share, -lr, out=weights[n:])
            else:
                weights[:n] = lr / n
                weights[n:] = -lr / n
            self._update_visible_extras(stacked_v, stacked_h, weights, n)
            if weighted:
                # b and c steps: the signed, weighted sums over the data and the chains
                visible_step = weights.astype(np.float64) @ stacked_v
                hidden_step = weights @ stacked_h
            else:
                # b and c steps: eta/n (sum over the data - sum over the chains), summed before
                # they are scaled, as scikit-learn does. The visible sums (pixels and 0/1
                # samples) are taken and scaled in float64 and rounded once when added to a
                # float32 b, as scikit-learn's boolean samples make it do: float32 and float64
                # fits then agree
                visible_step = (lr / n) * (
                    stacked_v[:n].sum(axis=0, dtype=np.float64)
                    - stacked_v[n:].sum(axis=0, dtype=np.float64)
                )
                hidden_step = (lr / n) * (stacked_h[:n].sum(axis=0) - stacked_h[n:].sum(axis=0))
            stacked_h *= weights[:, np.newaxis]
            self._apply_updates(stacked_v, stacked_h, visible_step, hidden_step, blas)
            return loss

        monitor = Monitor(
            self._history,
            # a DBN names its own estimator and layer, and its rbm_* parameters (pretrain_stack)
            name=self._verbose_label or type(self).__name__,
            step_parameter=step_parameter(
                f"{self._parameter_prefix}learning_rate",
                self.learning_rate,
                f"{self._parameter_prefix}weight_decay",
                self.weight_decay,
            ),
            n_iter_no_change=self.n_iter_no_change,
            tol=self.tol,  # None: a fixed budget of n_iter epochs
            verbose=self.verbose,
            criterion=Criterion(
                self._loss_curve_quantity, report=self._verbose_report(X) if self.verbose else None
            ),
            label=self._verbose_label or type(self).__name__,
            callbacks=epoch_callbacks(self),
        )
        self.n_iter_ = fit_epochs(
            step,
            n_samples,
            monitor,
            batch_size=batch,
            max_iter=max(self.n_iter, 1),
            rng=rng,
            shuffle=self.shuffle,
            incremental=incremental,
            sample_weight=sample_weight,
            warn_at_max_iter=self.tol is not None,
        )
        self.loss_curve_ = self._history.criterion

    def _verbose_report(self, X):
        """``() -> {name: value}``: further figures for the verbose line (None: none)."""
        return None

    def _scaled(self, V):
        """The visible vector as the hidden units see it (v / variance for Gaussian units)."""
        return V

    def _update_visible_extras(self, stacked_v, stacked_h, weights, n):
        """Gradient step of extra visible parameters, before stacked_h is scaled (GB-RBM)."""

    def _apply_updates(self, stacked_v, weighted_h, visible_step, hidden_step, blas):
        """W += its CD/PCD step from the stacked block and the signed, weighted hidden rows, by
        scipy's gemm when ``blas`` holds it, else by numpy (``blas`` is then a buffer shaped like
        W); b and c += their steps."""
        lr = float(self.learning_rate)
        decay = l2_decay(lr, self.weight_decay)
        components, b, c = self._params()
        if isinstance(blas, np.ndarray):
            return self._apply_updates_numpy(
                stacked_v, weighted_h, visible_step, hidden_step, lr, decay, blas
            )
        gemm = blas
        if self._velocities is None:
            # components_ = (1 - eta lambda) components_ + (w * h)^T [v; v~]   (one gemm, in place)
            gemm(
                1.0,
                weighted_h.T,
                stacked_v.T,
                beta=decay,
                c=components,
                trans_b=True,
                overwrite_c=True,
            )
            b += visible_step
            c += hidden_step
            return
        mu = self.momentum
        velocity_W, velocity_b, velocity_c = self._velocities
        # momentum_step with its V = mu V + step fused into the gemm's beta:
        # V = mu V + (w * h)^T [v; v~] - eta lambda W ;  W += V
        gemm(1.0, weighted_h.T, stacked_v.T, beta=mu, c=velocity_W, trans_b=True, overwrite_c=True)
        add_l2_gradient(velocity_W, components, -lr * self.weight_decay)
        components += velocity_W
        momentum_step(b, velocity_b, visible_step, mu)
        momentum_step(c, velocity_c, hidden_step, mu)

    def _apply_updates_numpy(
        self, stacked_v, weighted_h, visible_step, hidden_step, lr, decay, buffer
    ):
        """The same steps with numpy's BLAS: the gradient into ``buffer``, then added."""
        W, b, c = self._W, self.intercept_visible_, self.intercept_hidden_
        update = np.matmul(stacked_v.T, weighted_h, out=buffer)  # [v; v~]^T (w * h)
        if self._velocities is None:
            if decay != 1.0:
                W *= decay  # W = (1 - eta lambda) W + [v; v~]^T (w * h)
            W += update
            b += visible_step
            c += hidden_step
            return
        mu = self.momentum
        velocity_W = self._velocities[0].T  # laid out as W
        velocity_b, velocity_c = self._velocities[1:]
        add_l2_gradient(update, W, -lr * self.weight_decay)  # [v; v~]^T (w * h) - eta lambda W
        momentum_step(W, velocity_W, update, mu)
        momentum_step(b, velocity_b, visible_step, mu)
        momentum_step(c, velocity_c, hidden_step, mu)

    @staticmethod
    def _reconstruction_error(V, means, weights=None):
        """Mean over samples of sum_i (v_i - p(v_i | h))^2 (weighted by ``weights``, when given,
        rescaled to sum to one)."""
        residual = means[: V.shape[0]] - V
        if weights is None:
            return float(np.vdot(residual, residual)) / V.shape[0]
        per_sample = np.einsum("ij,ij->i", residual, residual)
        return float(weights @ per_sample) / float(weights.sum())

    # ------------------------------------------------------------------ public API
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        r"""Fit the model to the data X by ``n_iter`` epochs of CD-k or PCD-k.

        With ``warm_start=True`` and a fitted model, the ``n_iter`` epochs continue from it: its
        weights, momentum, persistent chains and random generators, ``loss_curve_`` growing on
        (a cold fit of ``2 n_iter`` epochs equals a fit and a warm fit of ``n_iter`` each).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : Ignored
        sample_weight : array-like of shape (n_samples,), default=None
            Weights :math:`w_i` of the samples in the objective, the weighted log-likelihood
            :math:`\sum_i w_i \log p(v_i)`: each minibatch's data statistics become weighted
            averages, :math:`\langle v h^\top\rangle_w = \sum_i w_i\, v_i\, p(h \mid v_i)^\top
            / \sum_i w_i` (and likewise for the biases); with CD-k the chain started at sample
            :math:`i` carries its weight in the negative statistics, while PCD-k's persistent
            chains sample the model whatever the data and keep their plain average. A sample of
            weight zero is as if absent. Minibatches and Gibbs sampling make an integer weight
            differ from repeating the sample (other minibatches, other chains and draws), as in
            scikit-learn's SGD; and as the averages are the minibatch's, a weight counts against
            those of the samples it is drawn with (``shuffle=True`` mixes them). None: every
            weight 1.

        Returns
        -------
        self : object
        """
        return self._fit(X, incremental=False, sample_weight=sample_weight)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y=None, sample_weight=None):
        """One epoch over X in minibatches of ``batch_size``, continuing from the current model.

        scikit-learn's ``partial_fit`` makes a single update with all of X as one minibatch (the
        same thing when ``len(X) == batch_size``) and returns None; this one returns ``self``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : Ignored
        sample_weight : array-like of shape (n_samples,), default=None
            As in :meth:`fit`.

        Returns
        -------
        self : object
        """
        return self._fit(X, incremental=True, sample_weight=sample_weight)

    def transform(self, X):
        """Hidden-unit probabilities P(h = 1 | v = X).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        h : ndarray of shape (n_samples, n_components)
        """
        check_is_fitted(self)
        X = self._validate_input(X)
        return self._hidden_means(self._scaled(X))

    def _validate_input(self, X):
        X = validate_data(self, X, accept_sparse="csr", reset=False, dtype=(np.float64, np.float32))
        check_input_scale(X, type(self).__name__, power=4)
        return X.astype(self.components_.dtype, copy=False)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
