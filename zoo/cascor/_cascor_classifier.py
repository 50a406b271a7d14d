"""The Cascade-Correlation classifier, :class:`CascadeCorrelationClassifier`."""

from numbers import Real

import numpy as np
from sklearn.base import ClassifierMixin
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data

from .._core.docstrings import shared_doc
from .._core.validation import (
    check_classification_target_kind,
    check_input_scale,
    check_warm_start_classes,
    encode_class_labels,
    known_class_index,
)
from ._base import _PARAMETERS_DOC, _BaseCascadeCorrelation


@shared_doc(parameters=_PARAMETERS_DOC)
class CascadeCorrelationClassifier(ClassifierMixin, _BaseCascadeCorrelation):
    r"""Cascade-Correlation classifier (Fahlman & Lebiere 1990).

    A network that starts with no hidden unit and installs them one at a time, each trained to
    correlate with the remaining error and then frozen; see :mod:`zoo.cascor._base` for the
    equations. There is one output unit per class (one for binary problems), trained with Quickprop
    on the log loss (or the paper's squared error). Training stops by the paper's "40-20-40"
    criterion, every output within ``score_threshold`` of its 0/1 target, or by ``target_loss``.

    Parameters
    ----------
    {parameters}
    output_activation : {"logistic", "softmax"}, default="logistic"
        "logistic": one sigmoid unit per class as in the paper; "softmax": one unit per class
        normalised to probabilities (two units for binary problems).
    loss : {"log_loss", "squared_error"}, default="log_loss"
        Per-sample loss of the output phase; the paper used the squared error.
    score_threshold : float or None, default=0.4
        The 40-20-40 rule: the network has won when every output is within this distance of its
        target. None: grow until ``target_loss`` or ``max_hidden_units``.
    alpha : float, default=1e-4
        L2 penalty on the output weights (Fahlman's ``OutputDecay``).
    weight_range : float, default=1.0
        Candidates' initial weights are drawn from :math:`U(-r, r)`.
    warm_start : bool, default=False
        When True and the network is fitted, the next ``fit`` continues growing it (no
        re-initialisation): its hidden units stay frozen, its output weights start where they
        are, and it installs units up to ``max_hidden_units`` in total. On an unfitted network
        it is a cold fit. The data must have the same features and classes.
    random_state : int, RandomState instance or None, default=None
        Draws the candidates' initial weights.
    verbose : int, default=0
        1: a line per installed unit; 2: also the training loop's line per epoch (in the candidate
        phase its "loss" is minus the best candidate's correlation :math:`S`).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    n_hidden_units_ : int
    hidden_weights_ : list of ndarray
        Frozen input weights of each hidden unit; unit ``j`` has ``1 + n_features + j`` of them:
        bias, inputs, then the outputs of the units installed before it.
    output_weights_ : ndarray of shape (1 + n_features + n_hidden_units_, n_outputs)
        Row 0 is the bias, then one row per input and per hidden unit.
    loss_curve_ : list of float
        Training loss of every output-phase epoch.
    loss_ : float
        Final training loss.
    growth_history_ : list of dict
        Per installed unit: ``candidate_epochs``, ``output_epochs``, ``epochs`` (their sum),
        ``correlation`` (the winner's score :math:`S`) and ``loss`` (after its output phase).
    n_iter_ : int
        Epochs of both phases in the last ``fit``.
    n_features_in_ : int
    feature_names_in_ : ndarray

    References
    ----------
    .. [1] Fahlman, S. E. & Lebiere, C. (1990). The Cascade-Correlation Learning Architecture.
       Advances in Neural Information Processing Systems 2, 524-532.
    .. [2] Fahlman, S. E. (1988). An Empirical Study of Learning Speed in Back-Propagation
       Networks. Technical report CMU-CS-88-162 (Quickprop).

    Examples
    --------
    >>> from zoo.cascor import CascadeCorrelationClassifier
    >>> from zoo.datasets import make_parity
    >>> X, y = make_parity(3)
    >>> clf = CascadeCorrelationClassifier(random_state=0).fit(X, y)
    >>> clf.score(X, y), clf.n_hidden_units_ <= 3
    (1.0, True)
    """

    _parameter_constraints: dict = {
        **_BaseCascadeCorrelation._parameter_constraints,
        "output_activation": [StrOptions({"logistic", "softmax"})],
        "loss": [StrOptions({"log_loss", "squared_error"})],
        "score_threshold": [Interval(Real, 0, 0.5, closed="right"), None],
    }

    def __init__(
        self,
        *,
        max_hidden_units=50,
        candidate_pool_size=8,
        candidate_activation="tanh",
        output_activation="logistic",
        loss="log_loss",
        output_learning_rate=1.0,
        candidate_learning_rate=0.2,
        mu=1.75,
        output_patience=12,
        candidate_patience=12,
        output_change_threshold=0.01,
        candidate_change_threshold=0.01,
        max_output_epochs=100,
        max_candidate_epochs=100,
        score_threshold=0.4,
        target_loss=None,
        alpha=1e-4,
        weight_range=1.0,
        warm_start=False,
        random_state=None,
        verbose=0,
    ):
        self.max_hidden_units = max_hidden_units
        self.candidate_pool_size = candidate_pool_size
        self.candidate_activation = candidate_activation
        self.output_activation = output_activation
        self.loss = loss
        self.output_learning_rate = output_learning_rate
        self.candidate_learning_rate = candidate_learning_rate
        self.mu = mu
        self.output_patience = output_patience
        self.candidate_patience = candidate_patience
        self.output_change_threshold = output_change_threshold
        self.candidate_change_threshold = candidate_change_threshold
        self.max_output_epochs = max_output_epochs
        self.max_candidate_epochs = max_candidate_epochs
        self.score_threshold = score_threshold
        self.target_loss = target_loss
        self.alpha = alpha
        self.weight_range = weight_range
        self.warm_start = warm_start
        self.random_state = random_state
        self.verbose = verbose

    def _loss_name(self):
        return self.loss

    def _validate_training_data(self, X, y, reset):
        X, y = validate_data(self, X, y, dtype=(np.float64, np.float32), reset=reset)
        check_input_scale(X, type(self).__name__, power=4)
        y = column_or_1d(y, warn=True)
        if reset:
            self.classes_, y_index = encode_class_labels(y, type(self).__name__)
        else:
            check_classification_target_kind(y)
            classes = np.unique(y)
            check_warm_start_classes(classes, self.classes_)  # one output per class
            y_index = known_class_index(y, self.classes_)
        Y = np.zeros((len(y), len(self.classes_)), dtype=X.dtype)
        Y[np.arange(len(y)), y_index] = 1.0
        if self.output_activation == "logistic" and len(self.classes_) == 2:
            Y = Y[:, 1:]  # binary: one sigmoid unit, on for the second class
        return X, Y

    def _criterion_met(self, output, Y, loss, sample_weight=None):
        # 40-20-40: an output is right when within score_threshold of its target (samples of
        # weight 0 are not judged: they are as if absent)
        if self.score_threshold is not None:
            error = np.abs(output - Y)
            if sample_weight is not None:
                error = error[sample_weight > 0]
            if error.max() < self.score_threshold:
                return True
        return self.target_loss is not None and loss <= self.target_loss

    def _has_criterion(self):
        return self.score_threshold is not None or self.target_loss is not None

    def predict_proba(self, X):
        """Class probabilities: the softmax outputs, or the sigmoid outputs normalised.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        check_input_scale(X, type(self).__name__, power=4)
        output = self._forward(X)
        if output.shape[1] == 1:
            return np.hstack([1 - output, output])
        if self.output_activation == "logistic":
            # one-vs-rest sigmoids: normalise (a tiny floor keeps all-zero rows finite)
            output += np.finfo(output.dtype).tiny
            output /= output.sum(axis=1, keepdims=True)
        return output

    def predict(self, X):
        """Class of the largest output (binary: the sigmoid output above 0.5).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]
