"""The focused time-delay network for labelling every step, :class:`TimeDelayClassifier`."""

from numbers import Integral

import numpy as np
from sklearn.base import ClassifierMixin
from sklearn.metrics import accuracy_score
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, column_or_1d

from .._core.docstrings import doc_entries, shared_doc
from ..mlp import MLPClassifier
from ._base import _LAYOUT_DOC, _SHARED_PARAMETERS_DOC, MLP_DOCUMENTED, _constraints, _DelayNetwork
from ._time_delay import INPUT_DELAYS_DOC

_CLASSIFIER_EXTRA = ("class_weight",)


@shared_doc(
    layout=_LAYOUT_DOC,
    delays=INPUT_DELAYS_DOC,
    shared=_SHARED_PARAMETERS_DOC,
    mlp=doc_entries(MLPClassifier, "Parameters", MLP_DOCUMENTED + list(_CLASSIFIER_EXTRA)),
)
class TimeDelayClassifier(ClassifierMixin, _DelayNetwork):
    r"""Focused time-delay network labelling every time step (Waibel et al.'s TDNN with its
    delays on the input layer; MATLAB's ``timedelaynet`` with a softmax output).

    .. math::

        P\big(c \mid t\big) = \operatorname{softmax}\Big(f\big(u(t-d)_{d \in D_u}\big)\Big)_c

    with :math:`f` a multi-layer perceptron: each step is classified from the window of inputs
    its taps see, the same weights at every step (the time-shift invariance of the TDNN). ``fit``
    trains a :class:`zoo.mlp.MLPClassifier` (``mlp_``, cross-entropy) on the rows of
    :func:`zoo.dynamic.prepare_delays` (``feedback_delays=()``) labelled with each step's class;
    ``predict(X)`` labels every step of ``X``, the inputs before a sequence's start taken as
    zero. Labels are not fed back (no feedback taps).
    {layout}
    The labels ``y`` are ``(n_timesteps,)`` for one series or ``(n_sequences, n_timesteps)``;
    at padded steps they are ignored, and the predictions repeat the last real step's (as the
    Elman networks').

    Parameters
    ----------
    {delays}
    {shared}
    solver : str, default="lbfgs"
        Any of :class:`zoo.mlp.MLPClassifier`'s solvers. L-BFGS by default: full batch and
        deterministic, quick on the few thousand rows a labelled series has (MATLAB's
        pattern-recognition default, scaled conjugate gradient, is another full-batch method).
    random_state : int, RandomState instance or None, default=None
        Seeds the MLP's initialisation.
    warm_start : bool, default=False
        Continue from the fitted network (same delays, widths and classes).
    {mlp}

    Attributes
    ----------
    mlp_ : MLPClassifier
        The network :math:`f`, fed ``[u(t-d) for d in input_delays_]``.
    classes_ : ndarray of shape (n_classes,)
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
    >>> from zoo.dynamic import TimeDelayClassifier
    >>> u = np.random.default_rng(0).normal(size=400)
    >>> rising = (u > np.r_[0, u[:-1]]).astype(int)  # is u(t) above u(t - 1)?
    >>> tdnn = TimeDelayClassifier((0, 1), hidden_layer_sizes=(4,), random_state=0)
    >>> bool(tdnn.fit(u[:, None], rising).score(u[:, None], rising) > 0.97)
    True
    """

    _mlp_class = MLPClassifier
    _is_regressor = False
    _y_numeric = False
    _has_feedback = False

    _parameter_constraints: dict = {
        **_constraints(MLPClassifier),
        **{name: MLPClassifier._parameter_constraints[name] for name in _CLASSIFIER_EXTRA},
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
        solver="lbfgs",
        alpha=1e-4,
        class_weight=None,
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
    ):
        self.input_delays = input_delays
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.class_weight = class_weight
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

    def _extra_mlp_params(self):
        return {name: getattr(self, name) for name in _CLASSIFIER_EXTRA}

    def _targets(self, y, X3, table, lengths):
        if y is not None and table:  # one label per step; a column vector warns, as sklearn's
            y = column_or_1d(y, warn=True)
        elif y is not None and np.ndim(y) != 2:
            raise ValueError(
                f"TimeDelayClassifier expects one label per step: y of shape (n_sequences, "
                f"n_timesteps) = {X3.shape[:2]}; got y of shape {np.shape(y)}."
            )
        return super()._targets(y, X3, table, lengths)

    def _fitted(self, mlp):
        return {"mlp_": mlp, "classes_": mlp.classes_}

    def _step_outputs(self, X, decode):
        """``decode(network outputs)`` at every step, in ``X``'s layout (padded steps repeat
        their sequence's last real step)."""
        check_is_fitted(self)
        rows, _, _, lengths, (n, T), table = self._input_rows(X)
        out = decode(self.mlp_._forward(rows))
        return out if table else out[self._step_index(lengths, T)]

    def _probabilities(self, output):
        return np.hstack([1 - output, output]) if output.shape[1] == 1 else output

    def predict(self, X):
        """The class of every step.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_inputs) or (n_sequences, n_timesteps, n_inputs)

        Returns
        -------
        y : ndarray of shape (n_timesteps,) or (n_sequences, n_timesteps)
        """
        return self._step_outputs(X, lambda output: self.mlp_._decode(output))

    def predict_proba(self, X):
        """Class probabilities of every step (the softmax, or logistic, output layer).

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_inputs) or (n_sequences, n_timesteps, n_inputs)

        Returns
        -------
        proba : ndarray of shape (n_timesteps, n_classes) or (n_sequences, n_timesteps,
        n_classes)
        """
        return self._step_outputs(X, self._probabilities)

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`."""
        proba = self.predict_proba(X)
        return np.log(proba, out=proba)

    def score(self, X, y, sample_weight=None):
        """Accuracy over the real (unpadded) steps.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_inputs) or (n_sequences, n_timesteps, n_inputs)
        y : array-like of shape (n_timesteps,) or (n_sequences, n_timesteps)
        sample_weight : array-like of shape (n_timesteps,) or (n_sequences,), default=None

        Returns
        -------
        score : float
        """
        y, y_pred, weights = self._real_steps(X, y, self.predict(X), sample_weight)
        return float(accuracy_score(y, y_pred, sample_weight=weights))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = False
        # the checks' tables are independent rows, not a series (as the regressors' tag says)
        tags.classifier_tags.poor_score = True
        return tags
