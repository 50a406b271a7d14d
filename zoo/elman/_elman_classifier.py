"""The Elman network classifier, :class:`ElmanClassifier`: a label per sequence or per step."""

import numpy as np
from sklearn.base import ClassifierMixin, _fit_context
from sklearn.metrics import accuracy_score
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import _check_partial_fit_first_call, unique_labels
from sklearn.utils.validation import _assert_all_finite

from .._core.docstrings import shared_doc
from .._core.validation import check_at_least_two_classes, check_classification_target_kind
from ._base import _ATTRIBUTES_DOC, _PARAMETERS_DOC, _BaseElman


class _RecurrentClassifier(ClassifierMixin, _BaseElman):
    """What the recurrent-network classifiers share (Elman, layer-recurrent, Jordan): label
    encoding, prediction, probabilities, score and partial_fit; a subclass adds its constructor
    and docstring (not public)."""

    _parameter_constraints: dict = {
        **_BaseElman._parameter_constraints,
        "loss": [StrOptions({"log_loss", "squared_error"})],
    }

    def _loss_name(self):
        return self.loss

    def _output_activation(self):
        return "softmax" if self._label_binarizer.y_type_ == "multiclass" else "logistic"

    def _is_single_label_classifier(self):
        return self._label_binarizer.y_type_ in ("binary", "multiclass")

    @staticmethod
    def _as_target_array(y):
        return None if y is None else np.asarray(y)

    def _encode_targets(self, y_rows, first_pass, incremental):
        """Labels (or indicator rows) of the targets that count -> binarised rows."""
        if y_rows.dtype.kind == "f":
            _assert_all_finite(y_rows, input_name="y")
        kind = check_classification_target_kind(
            y_rows, ("binary", "multiclass", "multilabel-indicator")
        )
        # partial_fit's first call took its classes from `classes` (except for indicator targets)
        if first_pass and (not incremental or kind == "multilabel-indicator"):
            self._label_binarizer = LabelBinarizer().fit(y_rows)
            self.classes_ = self._label_binarizer.classes_
            if self._label_binarizer.y_type_ in ("binary", "multiclass"):
                check_at_least_two_classes(self.classes_, type(self).__name__)
        elif self._label_binarizer.y_type_ != "multilabel-indicator":
            classes = unique_labels(y_rows)
            if len(np.setdiff1d(classes, self.classes_, assume_unique=True)):
                raise ValueError(
                    f"`y` has classes not in `self.classes_`. `self.classes_` has {self.classes_}."
                    f" 'y' has {classes}."
                )
        return self._label_binarizer.transform(y_rows)

    def _decode(self, output):
        """Network outputs ``(..., K)`` -> labels ``(...)`` (or indicators ``(..., K)``)."""
        leading = output.shape[:-1]
        rows = output.reshape(-1, output.shape[-1])
        labels = self._label_binarizer.inverse_transform(rows[:, 0] if rows.shape[1] == 1 else rows)
        return labels.reshape(leading + labels.shape[1:])

    @staticmethod
    def _metric(y_true, y_pred, sample_weight=None):
        return accuracy_score(y_true, y_pred, sample_weight=sample_weight)

    def predict(self, X):
        """Class labels per sequence ``(n_sequences,)`` or per step ``(n_sequences, n_timesteps)``
        (indicator vectors for multilabel targets).

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_timesteps, n_features) or (n_sequences, n_timesteps)

        Returns
        -------
        y : ndarray
        """
        return self._decode(self._predict_outputs(X)[0])

    def predict_proba(self, X):
        """Class probabilities per sequence ``(n_sequences, n_classes)`` or per step
        ``(n_sequences, n_timesteps, n_classes)``.

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_timesteps, n_features) or (n_sequences, n_timesteps)

        Returns
        -------
        proba : ndarray
        """
        output = self._predict_outputs(X)[0]
        if self.n_outputs_ == 1 and self._label_binarizer.y_type_ == "binary":
            return np.concatenate([1 - output, output], axis=-1)
        return output

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`."""
        proba = self.predict_proba(X)
        return np.log(proba, out=proba)

    def score(self, X, y, sample_weight=None):
        """Accuracy over sequences, or over the real (unpadded) steps for per-step targets.

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_timesteps, n_features) or (n_sequences, n_timesteps)
        y : array-like
        sample_weight : array-like of shape (n_sequences,), default=None

        Returns
        -------
        score : float
        """
        return self._score_real_targets(X, y, sample_weight)

    @available_if(lambda est: est._check_solver())
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """One epoch over ``X, y`` (solver "sgd" or "adam" only).

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_timesteps, n_features) or (n_sequences, n_timesteps)
        y : array-like
        classes : array of shape (n_classes,), default=None
            Every class of the whole stream; required on the first call (not for multilabel y).
        sample_weight : array-like of shape (n_sequences,), default=None
            A weight per sequence (see :meth:`fit`).

        Returns
        -------
        self : object
        """
        if _check_partial_fit_first_call(self, classes):
            self._label_binarizer = LabelBinarizer().fit(classes)
        return self._fit(X, y, sample_weight=sample_weight, incremental=True)


@shared_doc(parameters=_PARAMETERS_DOC, attributes=_ATTRIBUTES_DOC)
class ElmanClassifier(_RecurrentClassifier):
    r"""Elman simple recurrent network classifier: per sequence, or per step.

    The hidden state :math:`h_t = f(x_t W_{in} + h_{t-1}W_{rec} + b_h)` carries what the network
    has seen; the output :math:`p = g(h W_{out} + b_{out})` is a softmax (multiclass), logistic
    (binary, or multilabel: e.g. the set of legal next symbols) read from the final state or at
    every step. Training minimises the log loss (or, as Elman 1990, the squared error) by
    back-propagation through time, optionally truncated, over minibatches of sequences.

    Parameters
    ----------
    {parameters}
    loss : {"log_loss", "squared_error"}, default="log_loss"

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    {attributes}

    References
    ----------
    .. [1] Elman, J. L. (1990). Finding structure in time. Cognitive Science, 14(2), 179-211.
    .. [2] Rumelhart, D. E., Hinton, G. E. & Williams, R. J. (1986). Learning internal
       representations by error propagation. In Parallel Distributed Processing, vol. 1.
    .. [3] Williams, R. J. & Peng, J. (1990). An efficient gradient-based algorithm for on-line
       training of recurrent network trajectories. Neural Computation, 2(4), 490-501.
    .. [4] Cleeremans, A., Servan-Schreiber, D. & McClelland, J. L. (1989). Finite state automata
       and simple recurrent networks. Neural Computation, 1(3), 372-381.

    Examples
    --------
    Is A before B, in sequences of any length? Trained on 4 to 8 steps, the state machine it
    learns also reads sequences of 20 to 40 steps.

    >>> from zoo.datasets import make_temporal_order
    >>> from zoo.elman import ElmanClassifier
    >>> X, y = make_temporal_order(300, min_length=4, max_length=8, random_state=0)
    >>> clf = ElmanClassifier(n_hidden=8, activation="logistic", max_iter=300,
    ...                       random_state=0).fit(X, y)
    >>> X_long, y_long = make_temporal_order(200, min_length=20, max_length=40, random_state=2)
    >>> bool(clf.score(X_long, y_long) > 0.95)
    True
    """

    def __init__(
        self,
        n_hidden=20,
        activation="tanh",
        *,
        output="auto",
        bptt_steps=None,
        max_grad_norm=None,
        solver="adam",
        alpha=1e-4,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.01,
        power_t=0.5,
        max_iter=200,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=10,
        n_init=1,
        loss="log_loss",
    ):
        self.n_hidden = n_hidden
        self.activation = activation
        self.output = output
        self.bptt_steps = bptt_steps
        self.max_grad_norm = max_grad_norm
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.n_init = n_init
        self.loss = loss
