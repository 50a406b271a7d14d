"""The distributed-delay network for regression, :class:`DistributedDelayRegressor`."""

from numbers import Integral, Real

import numpy as np
from sklearn.base import _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .._core.activations import HIDDEN_ACTIVATIONS
from .._core.blas import single_threaded_blas
from .._core.callbacks import close_callbacks, epoch_callbacks, open_callbacks
from .._core.delays import check_delays, trainable_steps
from .._core.distributed_delay import (
    DistributedDelayNetwork,
    DistributedDelayProblem,
    receptive_field,
)
from .._core.docstrings import shared_doc
from .._core.losses import make_loss, regression_loss_constraints, regression_loss_doc
from .._core.solvers import FULL_BATCH_SOLVERS, solver_options
from .._core.training import History, Monitor
from .._core.validation import check_finite_parameters, check_sample_weight
from ._base import _LAYOUT_DOC, _DelayNetwork, _SeriesRegressorMixin


@shared_doc(layout=_LAYOUT_DOC, loss=regression_loss_doc())
class DistributedDelayRegressor(_SeriesRegressorMixin, _DelayNetwork):
    r"""Distributed-delay network (MATLAB's ``distdelaynet``): tapped delay lines on the input
    and on every layer's outputs — Waibel et al.'s multi-layer time-delay neural network.

    .. math::

        a_l(t) = f\Big(\sum_{d \in D_l} a_{l-1}(t-d)\, W_{l,d} + b_l\Big), \qquad
        a_0 = u, \qquad \hat y(t) = \sum_{d \in D_{L}} a_{L-1}(t-d)\, W_{L,d} + b_{L},

    each layer with its own delays :math:`D_l` (``delays[l - 1]``), the values before a
    sequence's start taken as zero (zero initial delay states). Where the focused time-delay
    network (:class:`TimeDelayRegressor`) has delays on its input alone, a hidden unit here
    extracts a feature of a short input window and the next layer combines that feature over
    time: a cascade of two filter-and-nonlinearity stages, with fewer taps (and weights) than
    one input window spanning the whole memory :math:`\sum_l \max D_l`. There is no feedback,
    so open loop and closed loop are the same network.

    Over a sequence the network is a feed-forward network over time: ``fit`` runs its forward
    pass and its back-propagation through the delays over all steps at once (one matrix product
    per layer and delay, :class:`zoo._core.distributed_delay.DistributedDelayNetwork`) and
    minimises the loss over the training steps (those at least :math:`\sum_l \max D_l` into
    their sequence, whose every tap is a real input) with a full-batch solver of
    :data:`zoo._core.solvers.FULL_BATCH_SOLVERS`. ``predict(X)`` outputs every step of ``X``.
    {layout}

    Parameters
    ----------
    delays : tuple of tuple of int, default=((0, 1), (0, 1))
        :math:`D_1, \dots, D_L`: one tuple of delays per weight layer (``len(hidden_layer_sizes)
        + 1`` of them), the input's first, then each hidden layer's outputs' into the next
        layer; 0 is the current step. MATLAB's ``distdelaynet`` defaults to ``{{1:2, 1:2}}``
        (a one-step-ahead predictor); the default here taps the current step too, as
        :class:`TimeDelayRegressor` does, and spans the same three steps (0 to 2) as its
        ``input_delays=(0, 1, 2)``. Pass ``((1, 2), (1, 2))`` for MATLAB's network.
    hidden_layer_sizes : array-like of shape (n_layers - 2,), default=(10,)
        Hidden units per layer (MATLAB's ``hiddenSizes``, 10 by default).
    activation : str, default="tanh"
        Hidden activation: "identity", "logistic", "tanh", "relu", "leaky_relu", "elu",
        "softplus" (MATLAB's ``tansig`` is "tanh"). The output is linear.
    solver : str, default="lbfgs"
        A full-batch solver of :data:`zoo._core.solvers.FULL_BATCH_SOLVERS`: "lbfgs", "lm"
        (Levenberg-Marquardt, MATLAB's ``trainlm``, on the Gauss-Newton system of the squared
        error: :meth:`zoo._core.distributed_delay.DistributedDelayNetwork.gauss_newton_system`),
        "scg" (``trainscg``), "cg" (``traincgf``), "oss" (``trainoss``), "gdx" (``traingdx``),
        "gda" (``traingda``).
    {loss}
    alpha : float, default=1e-4
        L2 penalty :math:`\frac{{\alpha}}{{2m}}\sum_l \lVert W_l\rVert^2` on the weights (not
        the biases), :math:`m` the training steps' total weight.
    max_iter : int, default=200
        Iterations of the solver.
    tol : float, default=1e-4
        The solver's tolerance (on the largest gradient component), and the patience rule's:
        training stops when the loss has not improved by ``tol`` for ``n_iter_no_change``
        iterations.
    n_iter_no_change : int, default=10
        Patience, in iterations.
    max_fun : int, default=15000
        Most loss evaluations of the solver.
    random_state : int, RandomState instance or None, default=None
        Seeds the Glorot-uniform initialisation.
    verbose : bool, default=False
        Print the loss of every iteration.
    warm_start : bool, default=False
        Continue from the fitted network (same delays, widths and outputs) instead of starting
        afresh.
    lm_damping : float, default=1e-3
        Initial damping :math:`\mu` of ``solver="lm"`` (``trainlm``'s ``mu``).
    lm_regularization : {"alpha", "bayes"}, default="alpha"
        ``solver="lm"`` only: decay every weight by ``alpha``, or choose one decay per layer by
        Bayesian regularisation (MacKay 1992; MATLAB's ``trainbr``), re-estimated from the
        evidence at every iteration (``alpha_``, ``gamma_``).

    Attributes
    ----------
    coefs_ : list of ndarray
        :math:`W_l`, shape ``(len(delays_[l]) * n_in, n_out)``: block ``k`` of rows is
        :math:`W_{{l, d}}` for ``d = delays_[l][k]``.
    intercepts_ : list of ndarray
        :math:`b_l`.
    delays_ : tuple of tuple of int
        The sorted delays of each layer.
    receptive_field_ : int
        :math:`\sum_l \max D_l`: how many steps back the output sees; the first
        ``receptive_field_`` steps of a sequence only serve as taps in training.
    n_features_in_ : int
        Inputs per step.
    feature_names_in_ : ndarray
        Column names of a table X.
    input_ndim_ : int
        2 (one series) or 3 (sequences), as ``X`` was given to ``fit``.
    n_outputs_ : int
    n_iter_ : int
        Iterations of the last fit.
    loss_ : float
        The objective at the end.
    loss_curve_ : list of float
        The objective (loss plus penalty) at every iteration.
    best_loss_ : float
    alpha_ : ndarray of shape (n_layers - 1,)
        ``lm_regularization="bayes"``: the re-estimated decay of each layer's weights.
    gamma_ : float
        ``lm_regularization="bayes"``: the effective number of parameters.

    References
    ----------
    Waibel, A., Hanazawa, T., Hinton, G., Shikano, K. & Lang, K. J. (1989). Phoneme recognition
    using time-delay neural networks. IEEE Transactions on Acoustics, Speech, and Signal
    Processing 37(3), 328-339.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.dynamic import DistributedDelayRegressor
    >>> u = np.random.default_rng(0).uniform(-1, 1, 300)
    >>> v = np.tanh(u + 0.8 * np.r_[0, u[:-1]])  # a first FIR-nonlinear stage
    >>> y = np.tanh(v - 0.6 * np.r_[0, v[:-1]])  # and a second one
    >>> net = DistributedDelayRegressor(hidden_layer_sizes=(4,), random_state=0)
    >>> bool(net.fit(u[:, None], y).score(u[:, None], y) > 0.99)
    True
    """

    _is_regressor = True
    _y_numeric = True

    _parameter_constraints: dict = {
        "delays": ["array-like"],
        "hidden_layer_sizes": ["array-like", Interval(Integral, 1, None, closed="left")],
        "activation": [StrOptions(set(HIDDEN_ACTIVATIONS) - {"sigmoid"})],
        "solver": [StrOptions(set(FULL_BATCH_SOLVERS))],
        **regression_loss_constraints(),
        "alpha": [Interval(Real, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "max_fun": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "lm_damping": [Interval(Real, 0, None, closed="neither")],
        "lm_regularization": [StrOptions({"alpha", "bayes"})],
    }

    def __init__(
        self,
        delays=((0, 1), (0, 1)),
        hidden_layer_sizes=(10,),
        activation="tanh",
        *,
        solver="lbfgs",
        loss="squared_error",
        huber_delta=1.0,
        alpha=1e-4,
        max_iter=200,
        tol=1e-4,
        n_iter_no_change=10,
        max_fun=15000,
        random_state=None,
        verbose=False,
        warm_start=False,
        lm_damping=1e-3,
        lm_regularization="alpha",
    ):
        self.delays = delays
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.loss = loss
        self.huber_delta = huber_delta
        self.alpha = alpha
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start
        self.lm_damping = lm_damping
        self.lm_regularization = lm_regularization

    # ------------------------------------------------------------------ structure
    def _structure(self):
        """``(hidden sizes, delays per layer)``, validated."""
        name = type(self).__name__
        hidden = np.atleast_1d(np.asarray(self.hidden_layer_sizes))
        if hidden.ndim != 1 or not all(
            isinstance(h, Integral | np.integer) and h >= 1 for h in hidden.tolist()
        ):
            raise ValueError(
                f"hidden_layer_sizes must be positive ints; got {self.hidden_layer_sizes!r}."
            )
        hidden = tuple(int(h) for h in hidden)
        delays = self.delays
        if isinstance(delays, Integral) or (
            len(delays) and all(isinstance(d, Integral | np.integer) for d in delays)
        ):
            raise ValueError(
                f"{name}: delays needs one tuple of delays per weight layer "
                f"({len(hidden) + 1}: the input's, then each hidden layer's), e.g. "
                f"{((0, 1),) * (len(hidden) + 1)}; got {delays!r}."
            )
        if len(delays) != len(hidden) + 1:
            raise ValueError(
                f"{name}: {len(hidden)} hidden layer(s) need {len(hidden) + 1} tuples of delays "
                f"(the input's, then each hidden layer's); got {len(delays)}."
            )
        delays = tuple(check_delays(D, f"delays[{i}]", True) for i, D in enumerate(delays))
        if any(not D for D in delays):
            raise ValueError(f"{name}: every layer needs at least one delay; got {self.delays!r}.")
        return hidden, delays

    def _network(self, dtype):
        """The fitted network, its parameters copied from ``coefs_`` and ``intercepts_``."""
        sizes = [self.n_features_in_, *self._hidden_sizes, self.n_outputs_]
        network = DistributedDelayNetwork(sizes, self.delays_, self._activation, dtype=dtype)
        network.set_parameters(self.coefs_, self.intercepts_)
        return network

    # ------------------------------------------------------------------ training
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Train the network on every step whose taps lie inside its sequence.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_inputs) or (n_sequences, n_timesteps, n_inputs)
            One series (rows are time steps) or NaN-padded sequences.
        y : array-like of shape (n_timesteps[, n_outputs]) or (n_sequences, n_timesteps[,
        n_outputs])
            The output at every step.
        sample_weight : array-like of shape (n_timesteps,) or (n_sequences,), default=None
            One weight per row of X: per time step of one series, per sequence of several (on
            each of its steps). The loss is their weighted mean.

        Returns
        -------
        self : object
        """
        return self._fit(X, y, sample_weight)

    @single_threaded_blas  # a chain of small GEMMs: a thread pool only adds synchronisation
    def _fit(self, X, y, sample_weight):
        name = type(self).__name__
        given = dict(X=X, y=y, sample_weight=sample_weight)
        hidden, delays = self._structure()
        continuing = self.warm_start and hasattr(self, "coefs_")
        U, Y, lengths, table, squeeze = self._series_for_fit(X, y, reset=not continuing)
        first = receptive_field(delays)
        if lengths.min() <= first:
            raise ValueError(
                f"{name}: a sequence has {int(lengths.min())} time step(s) (n_samples = "
                f"{int(lengths.min())}), but the network sees {first} steps back (the sum of "
                f"each layer's largest delay): at least {first + 1} steps are needed for one "
                "step whose taps all lie inside it."
            )
        Y = np.asarray(Y, dtype=U.dtype)
        if not np.isfinite(Y[np.arange(Y.shape[1]) < lengths[:, None]]).all():
            raise ValueError("Input y contains NaN or infinity on a real (unpadded) step.")
        n, T, K = Y.shape
        if continuing and (
            (hidden, delays, K) != (self._hidden_sizes, self.delays_, self.n_outputs_)
        ):
            raise ValueError(
                f"{name}: warm_start needs the fitted network's delays, hidden_layer_sizes and "
                f"outputs ({self.delays_}, {self._hidden_sizes}, {self.n_outputs_}); got "
                f"({delays}, {hidden}, {K}). Set warm_start=False to start anew."
            )
        weights = None
        if sample_weight is not None:
            rows_of_X = T if table else n  # one per time step, or per sequence
            weights = check_sample_weight(sample_weight, np.empty((rows_of_X, 0), dtype=U.dtype))

        network = DistributedDelayNetwork(
            [U.shape[2], *hidden, K],
            delays,
            self.activation,
            loss=make_loss(self.loss, self.huber_delta),
            dtype=U.dtype,
        )
        if continuing:
            network.set_parameters(self.coefs_, self.intercepts_)
        else:
            network.initialize(check_random_state(self.random_state))
        # live views: a callback predicting during the fit sees the weights being trained
        self.coefs_, self.intercepts_ = network.coefs, network.intercepts
        self.delays_, self.receptive_field_ = delays, first
        self._hidden_sizes, self._activation = hidden, self.activation
        self.n_outputs_, self._squeeze, self._table = K, squeeze, table

        U_padded = network.pad_inputs(U)
        seqs, steps = trainable_steps(lengths, T, first)
        rows = steps * n + seqs  # time-major output rows
        targets = np.ascontiguousarray(Y[seqs, steps])
        row_weights = None
        if weights is not None:
            row_weights = weights[steps] if table else weights[seqs]
        alpha = float(self.alpha)

        lm = self.solver == "lm"
        if lm and self.loss != "squared_error":
            raise ValueError(
                f"{name}: solver='lm' solves the Gauss-Newton system of the squared error; got "
                f"loss={self.loss!r}. Use solver='lbfgs' (or another first-order solver)."
            )
        bayes = lm and self.lm_regularization == "bayes"
        problem = DistributedDelayProblem(
            network, U_padded, rows, targets, row_weights, 0.0 if lm else alpha
        )

        open_callbacks(self, **given, max_epochs=self.max_iter)
        if not (continuing and hasattr(self, "_history")):
            self._history = History()
        history = self._history
        monitor = Monitor(
            history,
            name=f"{name} (solver={self.solver!r})",
            n_iter_no_change=self.n_iter_no_change,
            tol=self.tol,
            verbose=self.verbose,
            params=[network.flat],
            callbacks=epoch_callbacks(self),
        )
        options = solver_options(self)
        if lm:  # the decays are the solver's: fixed alpha, or re-estimated (trainbr)
            options.update(
                alpha=0.0 if bayes else alpha,
                bayes=bayes,
                previous_alpha=getattr(self, "alpha_", None),
                name=name,
            )
        result = FULL_BATCH_SOLVERS[self.solver](
            problem, monitor, max_iter=self.max_iter, tol=self.tol, **options
        )
        if bayes:
            self.alpha_ = np.asarray(result.alpha, dtype=U.dtype)
            self.gamma_ = float(result.gamma)
        history.publish(self)
        self.n_iter_, self.loss_ = result.n_iter, result.loss
        check_finite_parameters(network.coefs + network.intercepts, name)
        close_callbacks(self)
        return self

    # ------------------------------------------------------------------ prediction
    def predict(self, X):
        """The network's output at every step of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_inputs) or (n_sequences, n_timesteps, n_inputs)

        Returns
        -------
        y_pred : ndarray of the fitted targets' layout
            NaN at padded steps.
        """
        check_is_fitted(self)
        return self._predict(X)

    @single_threaded_blas
    def _predict(self, X):
        U, _, table = self._read_inputs(X, reset=False)
        lengths = self._lengths(U)
        network = self._network(U.dtype)
        with np.errstate(over="ignore"):
            out = network.predict(U)
        if not np.isfinite(out).all():
            raise ValueError(
                f"{type(self).__name__}: the outputs overflow the float range for this X; "
                "scale the input (e.g. StandardScaler)."
            )
        if lengths.min() < U.shape[1]:
            out[np.arange(U.shape[1]) >= lengths[:, None]] = np.nan
        return self._shape_output(out, table)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = True
        tags.transformer_tags = None
        # the checks' tables are independent rows, not a dynamic system (see test_common)
        tags.regressor_tags.poor_score = True
        return tags
