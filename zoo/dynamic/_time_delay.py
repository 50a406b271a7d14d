"""The focused time-delay network for regression, :class:`TimeDelayRegressor`."""

from numbers import Integral

import numpy as np
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted

from .._core.docstrings import doc_entries, shared_doc
from ..mlp import MLPRegressor
from ._base import _LAYOUT_DOC, _SHARED_PARAMETERS_DOC, MLP_DOCUMENTED, _constraints
from ._narx import _REGRESSOR_EXTRA, _DelayRegressor

#: Why the current input is tapped by default (the docstrings of both time-delay networks).
INPUT_DELAYS_DOC = r"""
    input_delays : tuple of int, default=(0, 1, 2)
        :math:`D_u`, the input taps (0 is the current input :math:`u(t)`). MATLAB's
        ``timedelaynet`` defaults to ``1:2``, a one-step-ahead predictor; without feedback,
        though, the network is a nonlinear FIR filter of its input, and a filter's first tap is
        the current sample — a static map :math:`y(t) = g(u(t))`, or a label of the frame being
        heard, is out of reach without it. Waibel et al.'s TDNN likewise sees the current frame
        and the two before it. Pass ``(1, 2)`` for MATLAB's network."""


@shared_doc(
    layout=_LAYOUT_DOC,
    delays=INPUT_DELAYS_DOC,
    shared=_SHARED_PARAMETERS_DOC,
    mlp=doc_entries(MLPRegressor, "Parameters", MLP_DOCUMENTED + list(_REGRESSOR_EXTRA)),
)
class TimeDelayRegressor(_DelayRegressor):
    r"""Focused time-delay network (MATLAB's ``timedelaynet``): a regression on a tapped delay
    line of the input.

    .. math::

        \hat y(t) = f\big(u(t-d)_{d \in D_u}\big)

    with :math:`f` a multi-layer perceptron: the time-delay neural network of Waibel et al.
    (1989) with its delays "focused" on the input layer — a nonlinear finite-impulse-response
    filter. There is no feedback, so open and closed loop are the same network: ``fit`` trains
    a :class:`zoo.mlp.MLPRegressor` (``mlp_``) on the rows of
    :func:`zoo.dynamic.prepare_delays` (``feedback_delays=()``) with any of its solvers —
    Levenberg-Marquardt with Bayesian regularisation by default (MATLAB's ``trainbr``), and
    ``predict(X)`` outputs every step of ``X``, the inputs before a sequence's start taken as
    zero (zero initial delay states).
    {layout}

    Parameters
    ----------
    {delays}
    {shared}
    solver : str, default="lm"
        Any of :class:`zoo.mlp.MLPRegressor`'s solvers ("lm", "lbfgs", "adam", "sgd", "rprop",
        "quickprop", "anneal").
    random_state : int, RandomState instance or None, default=None
        Seeds the MLP's initialisation.
    warm_start : bool, default=False
        Continue from the fitted network (same delays and widths) instead of starting afresh.
    {mlp}

    Attributes
    ----------
    mlp_ : MLPRegressor
        The network :math:`f`, fed ``[u(t-d) for d in input_delays_]`` (each ``u``
        ``n_features_in_`` wide).
    coefs_, intercepts_ : list of ndarray
        ``mlp_``'s weights and biases.
    input_delays_ : tuple of int
        The sorted taps.
    feedback_delays_ : tuple
        Empty: no feedback.
    n_features_in_ : int
        Inputs per step.
    feature_names_in_ : ndarray
        Column names of a table X.
    input_ndim_ : int
        2 (one series) or 3 (sequences), as ``X`` was given to ``fit``.
    n_outputs_ : int
    n_iter_ : int
        Iterations (epochs) of the MLP.
    loss_ : float
    loss_curve_ : list of float
        The training criterion per iteration (the MLP's ``loss_curve_``).

    References
    ----------
    Waibel, A., Hanazawa, T., Hinton, G., Shikano, K. & Lang, K. J. (1989). Phoneme recognition
    using time-delay neural networks. IEEE Transactions on Acoustics, Speech, and Signal
    Processing 37(3), 328-339.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.dynamic import TimeDelayRegressor
    >>> u = np.random.default_rng(0).uniform(-1, 1, 300)
    >>> y = np.tanh(u + 0.5 * np.r_[0, u[:-1]] - 0.3 * np.r_[0, 0, u[:-2]])  # a nonlinear FIR
    >>> tdnn = TimeDelayRegressor(hidden_layer_sizes=(5,), random_state=0).fit(u[:, None], y)
    >>> bool(tdnn.score(u[:, None], y) > 0.99)
    True
    """

    _has_feedback = False

    _parameter_constraints: dict = {
        **_constraints(MLPRegressor),
        **{name: MLPRegressor._parameter_constraints[name] for name in _REGRESSOR_EXTRA},
        "input_delays": ["array-like", Interval(Integral, 0, None, closed="left")],
        "random_state": ["random_state"],
        "warm_start": ["boolean"],
    }

    def __init__(
        self,
        input_delays=(0, 1, 2),
        hidden_layer_sizes=(10,),
        activation="tanh",
        *,
        solver="lm",
        loss="squared_error",
        alpha=1e-4,
        batch_size="auto",
        learning_rate_init=0.001,
        max_iter=200,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        warm_start=False,
        early_stopping=False,
        validation_fraction=0.1,
        n_iter_no_change=10,
        max_fun=15000,
        n_init=1,
        lm_damping=1e-3,
        lm_regularization="bayes",
        huber_delta=1.0,
    ):
        self.input_delays = input_delays
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.loss = loss
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate_init = learning_rate_init
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun
        self.n_init = n_init
        self.lm_damping = lm_damping
        self.lm_regularization = lm_regularization
        self.huber_delta = huber_delta

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
        rows, seqs, steps, _, (n, T), table = self._input_rows(X)
        out = np.full((n, T, self.n_outputs_), np.nan, dtype=rows.dtype)
        out[seqs, steps] = self._forward(rows)
        return self._shape_output(out, table)
