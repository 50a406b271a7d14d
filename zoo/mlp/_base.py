"""What :class:`MLPClassifier` and :class:`MLPRegressor` share: the network, its training by
every solver, and the docstring fragments of their parameters and attributes."""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, _fit_context
from sklearn.callback import CallbackSupportMixin
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions

from .._core.activations import HIDDEN_ACTIVATIONS, Z_HIDDEN_ACTIVATIONS, resolve_activation
from .._core.callbacks import close_callbacks, epoch_callbacks, open_callbacks
from .._core.conjugate import CG_UPDATES
from .._core.diagnostics import warn_at_caller
from .._core.docstrings import fill_doc, shared_doc
from .._core.initializers import glorot_uniform
from .._core.losses import check_fitted_output_layer, loss_function, resolve_loss
from .._core.network import FeedForwardNetwork, dropout_masks, forward
from .._core.optimizers import (
    MINIBATCH_TRAINING_CONSTRAINTS,
    SimulatedAnnealing,
    make_optimizer,
    optimizer_keywords,
)
from .._core.problems import NetworkProblem
from .._core.solvers import FULL_BATCH_SOLVERS, solver_options
from .._core.training import (
    History,
    Monitor,
    best_of_restarts,
    clip_batch_size,
    fit_epochs,
    partial_fit_available,
    step_parameter,
    validation_split,
)
from .._core.validation import check_finite_parameters, check_sample_weight

_STOCHASTIC_SOLVERS = ("sgd", "adam", "anneal")


_ACTIVATIONS = HIDDEN_ACTIVATIONS + Z_HIDDEN_ACTIVATIONS


#: Epoch solvers that take their one step per epoch on the whole training set (one batch); not
#: the table of full-batch solvers (:data:`~zoo._core.solvers.FULL_BATCH_SOLVERS`), which run
#: their own iterations.
_ONE_BATCH_SOLVERS = ("rprop", "quickprop")


#: Iterations without a ``tol`` improvement (of the training objective, or of the validation
#: score with early stopping) after which solver="lm" stops. As scikit-learn's lbfgs, lm does not
#: read ``n_iter_no_change`` (an epoch patience for the first-order solvers): each iteration is a
#: full damped Gauss-Newton step, and ten of them at a plateau would cost more than the fit (the
#: evidence re-estimate moves the objective a little every iteration, so one is not enough).
LM_PATIENCE = 3


#: Solvers dropout can be used with (a random mask per minibatch; lbfgs, lm, rprop and quickprop
#: compare objective values, which a fresh mask per evaluation would make meaningless).
_DROPOUT_SOLVERS = ("sgd", "adam")


def _is_activation_pair(spec):
    return isinstance(spec, tuple) and len(spec) == 2 and all(callable(s) for s in spec)


class _BaseMLP(CallbackSupportMixin, BaseEstimator):
    """Shared machinery of the MLP classifier and regressor (not public)."""

    _parameter_constraints: dict = {
        **MINIBATCH_TRAINING_CONSTRAINTS,
        "hidden_layer_sizes": ["array-like", Interval(Integral, 1, None, closed="left")],
        "activation": [StrOptions(set(_ACTIVATIONS)), list, tuple],
        # every full-batch solver of the table: a network problem meets every one's requires
        "solver": [
            StrOptions({"sgd", "adam", "anneal", "rprop", "quickprop", *FULL_BATCH_SOLVERS})
        ],
        "alpha": [Interval(Real, 0, None, closed="left"), StrOptions({"bayes"})],
        "max_fun": [Interval(Integral, 1, None, closed="left")],
        "temperature_init": [Interval(Real, 0, None, closed="neither")],
        "cooling_rate": [Interval(Real, 0, 1, closed="right")],
        "dropout": [Interval(Real, 0, 1, closed="left"), list, tuple],
        "lm_damping": [Interval(Real, 0, None, closed="neither")],
        "lm_regularization": [StrOptions({"bayes", "alpha"})],
        "rprop_step_sizes": [tuple, list],
        "cg_update": [StrOptions(set(CG_UPDATES))],
        "connectivity": [StrOptions({"layered", "cascade"})],
    }

    # ------------------------------------------------------------------ architecture
    def _hidden_sizes(self):
        sizes = self.hidden_layer_sizes
        if not hasattr(sizes, "__iter__"):
            sizes = [sizes]
        sizes = list(sizes)
        if any(int(s) <= 0 for s in sizes):
            raise ValueError(f"hidden_layer_sizes must be > 0, got {sizes}.")
        return [int(s) for s in sizes]

    def _hidden_activation_names(self, n_hidden):
        if isinstance(self.activation, str) or _is_activation_pair(self.activation):
            names = [self.activation] * n_hidden
        else:
            names = list(self.activation)
            if len(names) != n_hidden:
                raise ValueError(
                    f"activation has {len(names)} entries but there are {n_hidden} hidden layers; "
                    "give one activation per hidden layer or a single name."
                )
        for name in names:
            if _is_activation_pair(name):
                continue
            if not isinstance(name, str) or name not in _ACTIVATIONS:
                raise ValueError(
                    f"Unknown activation {name!r}; valid hidden activations are "
                    f"{sorted(_ACTIVATIONS)}."
                )
        return [resolve_activation(n) for n in names]

    def _initial_parameters(self, layer_units, dtype, rng):
        """Glorot-uniform weights and biases, as scikit-learn draws them (gain 2 for logistic).

        Subclasses (e.g. DBN fine-tuning) override this to start from pre-trained weights.
        """
        hidden = self._hidden_activation_names(len(layer_units) - 2)
        fan_in = self._fan_in(layer_units)
        coefs, intercepts = [], []
        for layer in range(len(layer_units) - 1):
            name = hidden[min(layer, len(hidden) - 1)] if hidden else "identity"
            gain = 2.0 if name == "logistic" else 6.0
            W, b = glorot_uniform(fan_in[layer], layer_units[layer + 1], rng, gain, dtype)
            coefs.append(W)
            intercepts.append(b)
        return coefs, intercepts

    def _cascade(self):
        """Whether every layer also receives the input and every earlier layer's output."""
        return getattr(self, "connectivity", "layered") == "cascade"

    def _fan_in(self, layer_units):
        """Rows of each layer's weight matrix: n_{l-1}, or sum_{k<l} n_k in a cascade."""
        if self._cascade():
            return np.cumsum(layer_units[:-1]).tolist()
        return list(layer_units[:-1])

    def _network(self):
        """A FeedForwardNetwork over the current coefs_/intercepts_ (viewing their arrays)."""
        activations = self._hidden_activation_names(len(self.coefs_) - 1) + [self.out_activation_]
        loss = resolve_loss(self._loss_name(), self.out_activation_)
        network = FeedForwardNetwork(
            self.coefs_, self.intercepts_, activations, loss, cascade=self._cascade()
        )
        self.coefs_, self.intercepts_ = network.coefs, network.intercepts
        return network

    # ------------------------------------------------------------------ training
    def _initialize(self, Y, layer_units, dtype):
        self.n_iter_ = 0
        self.t_ = 0
        self.n_outputs_ = Y.shape[1]
        self.n_layers_ = len(layer_units)
        self.out_activation_ = self._output_activation()
        self.coefs_, self.intercepts_ = self._initial_parameters(layer_units, dtype, self._rng)
        self._history = History(early_stopping=self.early_stopping)
        self._optimizer = None
        self._history.publish(self)

    def _split_validation(self, X, Y, sample_weight):
        stratify = None
        if self._is_single_label_classifier():
            # the labels themselves (scikit-learn's binary (n, 1) column of booleans), so a class
            # too small to split is named as the user knows it, not as a one-hot row
            stratify = Y > 0 if Y.shape[1] == 1 else self.classes_[Y.argmax(axis=1)]
        train, val = validation_split(X.shape[0], self.validation_fraction, self._rng, stratify)
        sw_train = sw_val = None
        if sample_weight is not None:
            sw_train, sw_val = sample_weight[train], sample_weight[val]
        return X[train], X[val], Y[train], Y[val], sw_train, sw_val

    def _validator(self, network, X_val, Y_val, sw_val):
        def validate():
            output = network.forward(X_val)
            score = self._score_output(output, Y_val, sw_val)
            loss = loss_function(network.loss)(Y_val, output, sw_val)
            return score, loss

        return validate

    def _fit(self, X, y, sample_weight=None, incremental=False):
        # what ScoringMonitor's scorers predict on and weigh by: the user's, not class-weighted
        given = dict(X=X, y=y, sample_weight=sample_weight)
        hidden_sizes = self._hidden_sizes()
        self._check_solver_options(len(hidden_sizes))
        first_pass = not hasattr(self, "coefs_") or (not self.warm_start and not incremental)
        X, Y, y = self._validate_input(X, y, incremental, reset=first_pass)
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X)
        sample_weight = self._apply_class_weight(y, sample_weight)
        Y = Y.astype(X.dtype, copy=False)
        if Y.ndim == 1:
            Y = Y.reshape(-1, 1)
        layer_units = [X.shape[1]] + hidden_sizes + [Y.shape[1]]
        if not first_pass and [c.shape for c in self.coefs_] != list(
            zip(self._fan_in(layer_units), layer_units[1:])
        ):
            raise ValueError(
                "warm_start/partial_fit needs the same architecture: the network has layers "
                f"{[self.coefs_[0].shape[0]] + [c.shape[1] for c in self.coefs_]} but the data and "
                f"hidden_layer_sizes ask for {layer_units}."
            )
        if not first_pass:
            check_fitted_output_layer(self.out_activation_, self._output_activation())
        self._rng = check_random_state(self.random_state)
        if self.early_stopping and incremental:
            raise ValueError("partial_fit does not support early_stopping=True")

        n_init = 1 if (incremental or not first_pass) else self.n_init
        if not incremental:
            # one callback task per epoch (per L-BFGS or LM iteration), over every restart
            open_callbacks(self, **given, max_epochs=self.max_iter * n_init)
        best_of_restarts(
            self,
            n_init=n_init,
            initialize=(lambda: self._initialize(Y, layer_units, X.dtype)) if first_pass else None,
            train=lambda: self._train(X, Y, sample_weight, incremental),
            weight_attributes=("coefs_", "intercepts_"),
        )
        check_finite_parameters(self.coefs_ + self.intercepts_, type(self).__name__)
        close_callbacks(self)
        return self

    def _train(self, X, Y, sample_weight, incremental):
        """Train the current network; return a score to rank initialisations (higher is better)."""
        network = self._network()
        if self.early_stopping:
            X_train, X_val, Y_train, Y_val, sw_train, sw_val = self._split_validation(
                X, Y, sample_weight
            )
            validate = self._validator(network, X_val, Y_val, sw_val)
        else:
            X_train, Y_train, sw_train, validate = X, Y, sample_weight, None
        monitor = Monitor(
            self._history,
            name=f"{self._display_name()} (solver={self.solver!r})",
            step_parameter=(
                None
                if self.solver in FULL_BATCH_SOLVERS
                else step_parameter(
                    "learning_rate_init",
                    self.learning_rate_init,
                    "alpha",
                    0.0 if isinstance(self.alpha, str) else self.alpha,
                )
            ),
            n_iter_no_change=LM_PATIENCE if self.solver == "lm" else self.n_iter_no_change,
            tol=self.tol,
            verbose=self.verbose,
            params=[network.flat],
            validate=validate,
            label=self._verbose_label(),
            callbacks=epoch_callbacks(self),
        )
        if self.solver == "lm":
            self._train_lm(network, X_train, Y_train, sw_train, monitor)
        elif self.solver in FULL_BATCH_SOLVERS:
            self._train_full_batch(network, X_train, Y_train, sw_train, monitor)
        else:
            self._train_stochastic(network, X_train, Y_train, sw_train, monitor, incremental)
        self._history.publish(self)
        if self.early_stopping:
            return self.best_validation_score_
        return -self.loss_

    def _train_stochastic(self, network, X, Y, sample_weight, monitor, incremental):
        n_samples = X.shape[0]
        if self.solver in _ONE_BATCH_SOLVERS:
            batch_size = n_samples
        elif self.batch_size == "auto":
            batch_size = min(200, n_samples)
        else:
            batch_size = clip_batch_size(self.batch_size, n_samples, "sample size")
        params, grads = monitor.params, [network.flat_grad]
        if not incremental or self._optimizer is None:
            self._optimizer = make_optimizer(
                self.solver,
                params,
                **optimizer_keywords(self.get_params(deep=False)),
                rng=self._rng,
                rprop_step_sizes=self._rprop_step_sizes(),
            )
        optimizer = self._optimizer
        if isinstance(optimizer, SimulatedAnnealing):
            optimizer.rng = self._rng
        network.allocate(batch_size)
        dense = not hasattr(X, "tocsr")
        X_batch = np.empty((batch_size, X.shape[1]), dtype=X.dtype) if dense else None
        alpha = self.alpha
        rates = self._dropout_rates(len(network.coefs) - 1)
        dropout = any(rates)
        if dropout:
            rates = list(zip(rates, network.layer_units[1:-1]))
            mask_buffers = dropout_masks(rates, batch_size, self._rng, X.dtype)

        def step(batch):
            if dense and not isinstance(batch, slice):
                Xb = np.take(X, batch, axis=0, out=X_batch[: len(batch)])
            else:
                Xb = X[batch]
            Yb = Y[batch]
            swb = None if sample_weight is None else sample_weight[batch]
            if not optimizer.requires_gradient:
                return optimizer.update(
                    params, None, lambda: network.loss_value(Xb, Yb, swb, alpha)
                )
            masks = None
            if dropout:
                masks = dropout_masks(rates, Xb.shape[0], self._rng, X.dtype, out=mask_buffers)
            loss = network.loss_and_gradient(Xb, Yb, swb, alpha, masks)
            optimizer.update(params, grads, lambda: loss)
            return loss

        self.n_iter_ = fit_epochs(
            step,
            n_samples,
            monitor,
            batch_size=batch_size,
            max_iter=self.max_iter,
            rng=self._rng,
            shuffle=self.shuffle,
            optimizer=optimizer,
            incremental=incremental,
            sample_weight=sample_weight,
        )
        self.loss_ = self._history.criterion[-1]

    def _train_full_batch(self, network, X, Y, sample_weight, monitor):
        """A solver of :data:`~zoo._core.solvers.FULL_BATCH_SOLVERS` (L-BFGS-B, scaled conjugate
        gradient, ...) over the flat parameters, its options from the hyper-parameters
        (:func:`~zoo._core.solvers.solver_options`); each iteration is recorded into
        ``monitor``, which stops it (with a validation split) by the same patience rule as the
        epoch solvers."""
        problem = NetworkProblem(network, X, Y, sample_weight, self.alpha)
        result = FULL_BATCH_SOLVERS[self.solver](
            problem, monitor, max_iter=self.max_iter, tol=self.tol, **solver_options(self)
        )
        self.n_iter_, self.loss_ = result.n_iter, result.loss

    def _train_lm(self, network, X, Y, sample_weight, monitor):
        """Levenberg-Marquardt (:func:`~zoo._core.solvers.levenberg_marquardt`) on the
        estimator's own loss (Gauss-Newton for squared error, the generalised Gauss-Newton of
        the log loss / Poisson deviance), one iteration per epoch recorded into ``monitor``.
        With Bayesian regularisation (``lm_regularization="bayes"`` or ``alpha="bayes"``) the
        decays, one per layer, start at 0 (or at ``alpha_`` on a warm start) and are
        re-estimated from the evidence; otherwise every weight decays by ``alpha``."""
        bayes = self._lm_bayes()
        result = FULL_BATCH_SOLVERS["lm"](
            NetworkProblem(network, X, Y, sample_weight),  # the data term; decays are the solver's
            monitor,
            max_iter=self.max_iter,
            tol=self.tol,
            damping=self.lm_damping,
            alpha=0.0 if bayes else self.alpha,
            bayes=bayes,
            # previous_alpha is used only on a warm start (history.n_iter > 0)
            previous_alpha=getattr(self, "alpha_", None),
            name=self._display_name(),  # the size guard's message keeps "MLPRegressor: ..."
        )
        self.n_iter_, self.loss_ = result.n_iter, result.loss
        if bayes:
            self.alpha_, self.gamma_ = result.alpha, result.gamma

    def _lm_bayes(self):
        """Whether solver='lm' re-estimates its decays (Bayesian regularisation)."""
        return isinstance(self.alpha, str) or self.lm_regularization == "bayes"

    def _check_solver_options(self, n_hidden):
        """Combinations the parameter constraints cannot express."""
        if isinstance(self.alpha, str) and self.solver != "lm":
            raise ValueError(
                f"alpha='bayes' re-estimates the decay from the Gauss-Newton Hessian of "
                f"solver='lm'; got solver={self.solver!r}."
            )
        if self.solver == "lm" and self._lm_bayes() and self.alpha not in ("bayes", 1e-4):
            # as scikit-learn warns of a set but unused l1_ratio: a tuned alpha would do nothing
            warn_at_caller(
                f"alpha={self.alpha!r} is not used: solver='lm' chooses its weight decays by "
                "Bayesian regularisation (lm_regularization='bayes', the default). Pass "
                "lm_regularization='alpha' to train with a fixed alpha.",
                UserWarning,
            )
        if any(self._dropout_rates(n_hidden)) and self.solver not in _DROPOUT_SOLVERS:
            raise ValueError(
                f"dropout needs a minibatch solver {_DROPOUT_SOLVERS}: solver={self.solver!r} "
                "compares objective values, which a fresh random mask would make meaningless."
            )
        self._rprop_step_sizes()

    def _dropout_rates(self, n_hidden):
        """One dropout rate per hidden layer, each in [0, 1)."""
        rates = self.dropout
        if np.ndim(rates) == 0:
            rates = [rates] * n_hidden
        rates = [float(r) for r in rates]
        if len(rates) != n_hidden or not all(0 <= r < 1 for r in rates):
            raise ValueError(
                f"dropout must be a rate in [0, 1) or one per hidden layer ({n_hidden}); got "
                f"{self.dropout!r}."
            )
        return rates

    def _rprop_step_sizes(self):
        """(initial, minimum, maximum) step of solver='rprop', checked."""
        sizes = tuple(float(s) for s in self.rprop_step_sizes)
        if len(sizes) != 3 or not 0 < sizes[1] <= sizes[0] <= sizes[2]:
            raise ValueError(
                "rprop_step_sizes must be (initial, minimum, maximum) with 0 < minimum <= "
                f"initial <= maximum; got {self.rprop_step_sizes!r}."
            )
        return sizes

    # ------------------------------------------------------------------ prediction
    def _forward(self, X):
        activations = self._hidden_activation_names(len(self.coefs_) - 1) + [self.out_activation_]
        return forward(X, self.coefs_, self.intercepts_, activations, cascade=self._cascade())

    @property
    def _no_improvement_count(self):
        """scikit-learn's private patience counter, read by code written against its MLP."""
        return self._history.no_improvement_count

    def _verbose_label(self):
        """``[label]`` before each verbose line; None: scikit-learn's bare ``Iteration n`` lines."""
        return None

    def _display_name(self):
        """The name users know this estimator by, in warnings (subclasses that wrap it override)."""
        return type(self).__name__

    def _check_solver(self):
        return partial_fit_available(self.solver, _STOCHASTIC_SOLVERS)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.transformer_tags = None
        return tags

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the model to data matrix X and target(s) y.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : object
        """
        return self._fit(X, y, sample_weight=sample_weight, incremental=False)


#: Docstring fragments of the parameters and attributes both MLPs share; ``{lm_regularization}``
#: is the line naming that parameter's default, which differs (see :func:`_mlp_doc`).
_PARAMETERS_DOC = r"""
    hidden_layer_sizes : array-like of shape (n_layers - 2,), default=(100,)
        Number of units of each hidden layer.
    connectivity : {"layered", "cascade"}, default="layered"
        Which earlier layers feed each layer. "layered": only the one below,
        :math:`z_l = a_{l-1} W_l + b_l`. "cascade": MATLAB's ``cascadeforwardnet``, every
        layer (the output layer included) also receives the input and the output of every
        earlier layer, :math:`z_l = \sum_{k<l} a_k W_{l,k} + b_l` with :math:`a_0 = X`, so the
        output has a direct linear path from the input. ``coefs_[i]`` is then the stacked
        :math:`[W_{i+1,0}; \dots; W_{i+1,i}]` of shape :math:`(\sum_{k \le i} n_k, n_{i+1})`,
        rows fed by the input first, then each hidden layer in order. Every solver trains it.
    activation : str, pair of callables or list, default="relu"
        Hidden activation: "identity", "logistic" (alias "sigmoid"), "tanh", "relu",
        "leaky_relu" (slope 0.01 below 0), "elu" (:math:`e^z-1` below 0), "softplus"
        (:math:`\log(1+e^z)`), "gelu" (:math:`z\Phi(z)`, exact), "swish" (:math:`z\sigma(z)`);
        or a pair ``(f, f_prime)``: ``f(z)`` returns the activations of the array ``z``
        elementwise, ``f_prime(z, a)`` returns :math:`f'(z)` given both ``z`` and ``a = f(z)``
        (write it from whichever is convenient, e.g. ``lambda z, a: 1 - a**2`` for tanh); both
        must stay finite. Module-level functions pickle, lambdas do not; ``zoo.io.load`` asks to
        trust them. Or a list with one of these per hidden layer.
    solver : str, default="adam"
        "sgd", "adam", "anneal", "rprop" or "quickprop" (minibatch or one-batch epochs), or
        "lbfgs", "lm", "scg", "cg", "oss", "gdx" or "gda", which run on the whole training set
        through zoo's one table of full-batch solvers
        (:data:`zoo._core.solvers.FULL_BATCH_SOLVERS`), every iteration recorded as an epoch is.
        "lbfgs" is L-BFGS-B (scipy's): converged when the largest gradient component is at most
        ``tol``, within ``max_iter`` iterations and ``max_fun`` loss evaluations.

        MATLAB's training functions: "scg" is Møller's (1993) scaled conjugate gradient
        (``trainscg``, ``patternnet``'s default: no line search, one extra gradient per
        iteration estimates the curvature along the search direction); "cg" conjugate
        gradients with Brent's line search, the direction by ``cg_update`` (``traincgf``,
        ``traincgp``, ``traincgb``); "oss" Battiti's (1992) one-step secant (``trainoss``);
        "gdx" full-batch gradient descent with momentum (``momentum``) and an adaptive rate
        starting at ``learning_rate_init``, times 1.05 after a step that lowers the loss, times
        0.7 with the step discarded after one that raises it by more than 4 % (``traingdx``;
        "gda" without momentum, ``traingda``). Each converges when the largest gradient
        component is at most ``tol``, stops when the loss (or the validation score) has not
        improved by ``tol`` for ``n_iter_no_change`` iterations, and spends at most ``max_fun``
        evaluations.

        "anneal" is simulated annealing: ``learning_rate_init`` is the standard deviation of the
        Gaussian weight perturbation, accepted with probability ``min(1, exp(-Delta/T))``.

        "lm" is Levenberg-Marquardt: :math:`(G + \alpha D + \mu I)\Delta = -g` on the whole
        training set, :math:`\mu` divided by 10 after a step that lowers the objective and
        multiplied by 10 until one does (``lm_damping`` is its start; stops when
        :math:`\mu > 10^{10}`). G is the Gauss-Newton matrix of the estimator's own loss:
        :math:`J^\top J` for squared error, the generalised Gauss-Newton matrix
        :math:`J^\top H J` (H the exact output Hessian, positive semi-definite) for the log
        loss: classification keeps its log loss, so ``lm`` and ``lbfgs`` estimate the same
        model and ``predict_proba`` stays calibrated the same way; ``loss="squared_error"``
        gives MATLAB's ``trainlm`` on a classifier. The Jacobian rows come from
        back-propagation (one pass per output unit, all samples at once) and are summed into G
        in chunks, so memory is :math:`P^2` plus a bounded chunk. Memory guard: a ValueError
        (pointing to lbfgs) when n_samples x n_outputs x n_parameters exceeds
        :math:`2^{26}` or n_parameters exceeds 5000 (G's P x P float64 and its
        :math:`O(P^3)` solve per iteration). ``max_iter`` counts LM iterations; it stops
        after ``LM_PATIENCE`` = 3 iterations without a ``tol`` improvement (of the objective, or
        of the validation score with ``early_stopping``), or when no damping lowers the
        objective. By default the regressor's ``lm`` is MATLAB's ``trainbr`` rather than its
        ``trainlm``: see ``lm_regularization``.

        "rprop" is iRPROP+ (Igel & Hüsken 2000): per-weight steps from the sign of the
        full-batch gradient, bounded by ``rprop_step_sizes``. "quickprop" is Fahlman's (1988)
        per-weight secant step on the full-batch gradient, :math:`\epsilon` =
        ``learning_rate_init`` (0.1 is a sensible start), growth factor 1.75. Both take one
        step per epoch on the whole training set (``batch_size`` is ignored).
    alpha : float or "bayes", default=1e-4
        L2 strength (see the objective above). "bayes" (``solver="lm"`` only) asks for Bayesian
        regularisation whatever ``lm_regularization`` says: one decay per layer, re-estimated at
        every LM iteration from the evidence (MacKay 1992; Foresee & Hagan 1997): for the
        :math:`k_l` weights of layer l, :math:`\gamma_l = k_l - \alpha_l\,\mathrm{tr}_l
        (G+D_\alpha)^{-1}` of them are determined by the data, and :math:`\alpha_l =
        \gamma_l/\lVert W_l\rVert^2 \cdot \sum_i\lVert e_i\rVert^2/(N-\gamma)` for squared
        error (N residuals, :math:`\gamma` the total), or :math:`\gamma_l/\lVert W_l\rVert^2`
        for the log loss. It replaces cross-validating alpha; standardise the inputs, as each
        layer's prior is one scale for all its weights. Not used by Bayesian regularisation (a
        warning says so when it is set).
    batch_size : int or "auto", default="auto"
        ``min(200, n_samples)`` when "auto".
    learning_rate : {"constant", "invscaling", "adaptive"}, default="constant"
        Schedule of ``solver="sgd"``.
    learning_rate_init : float, default=0.001
    power_t : float, default=0.5
    max_iter : int, default=200
        Epochs (stochastic solvers) or iterations (the full-batch solvers).
    shuffle : bool, default=True
    random_state : int, RandomState instance or None, default=None
    tol : float, default=1e-4
    verbose : bool, default=False
        Print one line per epoch: loss, validation loss and score, elapsed seconds.
    warm_start : bool, default=False
    momentum : float, default=0.9
    nesterovs_momentum : bool, default=True
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` (stratified), stop when the validation score (accuracy,
        or R² for :class:`MLPRegressor`) has not improved by ``tol`` for ``n_iter_no_change``
        epochs, and restore the best weights. Works with every solver, lbfgs included.
    validation_fraction : float, default=0.1
    beta_1, beta_2, epsilon : float, default=0.9, 0.999, 1e-8
        Adam's parameters.
    n_iter_no_change : int, default=10
        Epochs without a ``tol`` improvement before training stops, for the epoch-based solvers
        (scikit-learn's meaning) and iterations of "scg", "cg", "oss", "gdx" and "gda";
        solver="lm" stops after ``LM_PATIENCE`` = 3 iterations without one and lbfgs follows
        scipy's own tolerance.
    max_fun : int, default=15000
        The full-batch solvers' budget of loss evaluations (line-search trials included).
"""


_TRAINING_PARAMETERS_DOC = r"""
    n_init : int, default=1
        Random restarts; the network with the best validation score (``early_stopping``) or the
        lowest final training loss is kept.
    temperature_init : float, default=1.0
        Initial temperature of ``solver="anneal"``.
    cooling_rate : float, default=0.995
        Geometric cooling per minibatch of ``solver="anneal"``.
    dropout : float or list of float, default=0.0
        Dropout rate :math:`p` of each hidden layer (one value for all, or one per layer), for
        ``solver`` "sgd" or "adam": on every minibatch hidden unit activations are multiplied
        by :math:`m = [u \ge p]/(1-p)`, :math:`u\sim U(0,1)` drawn from ``random_state``
        (inverted dropout, Srivastava et al. 2014), so prediction uses the whole network
        unchanged.
    lm_damping : float, default=1e-3
        Initial damping :math:`\mu` of ``solver="lm"`` (MATLAB's ``trainlm`` default), on the
        summed (not averaged) objective.
    {lm_regularization}
        How ``solver="lm"`` regularises. "alpha": every weight decays by ``alpha``, as for the
        other solvers (MATLAB's ``trainlm`` without its validation split). "bayes": Bayesian
        regularisation (MATLAB's ``trainbr``), with MacKay's (1992) weight classes: one decay
        per layer, re-estimated from the evidence (see ``alpha``), starting from 0; the
        estimates are ``alpha_`` and ``gamma_``. The regressor's default, because a
        second-order solver fits the noise of a small data set within a few dozen iterations:
        with a fixed small ``alpha`` Levenberg-Marquardt's test error on diabetes is well above
        adam's and lbfgs's, with "bayes" below both (``benchmarks/bench_solvers.py`` prints the
        figures). One decay per layer lets the net shrink its input weights towards a
        near-linear fit while its output weights stay free (one decay for all weights, as
        ``trainbr`` has, does worse). MATLAB's other remedy, ``trainlm``'s validation stop, is
        worse on both of the benchmark's problems (it trains on less data and stops early); it
        stays available, also together with "bayes". The classifier keeps
        "alpha": the evidence is derived for Gaussian noise, and on a handful of samples (XOR's
        four) it prunes every weight.
    rprop_step_sizes : tuple of 3 floats, default=(0.1, 1e-6, 50.0)
        ``(initial, minimum, maximum)`` step of ``solver="rprop"`` (Riedmiller & Braun 1993).
    cg_update : {"fletcher-reeves", "polak-ribiere", "powell-beale"}, default="powell-beale"
        The search direction of ``solver="cg"``: :math:`d_k = -g_k + \beta_k d_{k-1}` with
        Fletcher-Reeves' :math:`\beta_k = |g_k|^2/|g_{k-1}|^2` (MATLAB's ``traincgf``),
        Polak-Ribière's :math:`g_k^\top(g_k - g_{k-1})/|g_{k-1}|^2` (``traincgp``), or Powell's
        (1977) restarts of Beale's three-term update (``traincgb``: a restart when
        :math:`|g_{k-1}^\top g_k| \ge 0.2|g_k|^2`).

"""


_ATTRIBUTES_DOC = r"""
    alpha_ : ndarray of shape (n_layers - 1,)
        With Bayesian regularisation (``solver="lm"``): the decay of each layer's weights the
        evidence chose (that the final weights minimise).
    gamma_ : float
        With Bayesian regularisation: the effective number of parameters,
        :math:`\sum_l\gamma_l` plus the (unpenalised) intercepts.
    loss_ : float
    best_loss_ : float or None
    loss_curve_ : list of float
        The training criterion: the loss with its L2 penalty, per epoch (stochastic solvers) or
        per iteration (lbfgs).
    validation_scores_ : list of float or None
    validation_loss_curve_ : list of float
        Only with ``early_stopping=True``.
    gradient_curve_ : list of float
        The norm of the objective's gradient per iteration of the full-batch solvers (``lm``:
        at the start of the iteration; ``scg``, ``cg``, ``oss``, ``gdx``, ``gda``: at its end),
        MATLAB's ``tr.gradient`` (:func:`zoo.plotting.plot_train_state`).
    mu_curve_ : list of float
        Levenberg-Marquardt's damping μ per ``lm`` iteration (MATLAB's ``tr.mu``).
    best_validation_score_ : float or None
    t_ : int
    coefs_ : list of ndarray
    intercepts_ : list of ndarray
    n_features_in_ : int
    feature_names_in_ : ndarray
    n_iter_ : int
    n_layers_ : int
    n_outputs_ : int
    out_activation_ : str

"""


def _mlp_doc(lm_regularization, **fragments):
    """Splice the shared fragments, naming this class's ``lm_regularization`` default, and the
    class's own ``fragments``."""
    header = f'lm_regularization : {{"bayes", "alpha"}}, default="{lm_regularization}"'
    return shared_doc(
        parameters=_PARAMETERS_DOC,
        training_parameters=fill_doc(_TRAINING_PARAMETERS_DOC, lm_regularization=header),
        attributes=_ATTRIBUTES_DOC,
        **fragments,
    )
