"""The echo state network classifier, :class:`EchoStateClassifier`: a label per sequence or per
step, from ridge scores of the reservoir's states."""

import numpy as np
from scipy.special import log_softmax, softmax
from sklearn.base import ClassifierMixin, _fit_context
from sklearn.metrics import accuracy_score
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils.multiclass import _check_partial_fit_first_call, unique_labels
from sklearn.utils.validation import _assert_all_finite

from .._core.docstrings import shared_doc
from .._core.ridge import class_scores
from .._core.validation import check_at_least_two_classes, check_classification_target_kind
from ._echo_state import (
    _ATTRIBUTES_DOC,
    _CLASSIFIER_ALPHA_WASHOUT_DOC,
    _BaseEchoState,
    _parameters_doc,
)


@shared_doc(parameters=_parameters_doc(_CLASSIFIER_ALPHA_WASHOUT_DOC), attributes=_ATTRIBUTES_DOC)
class EchoStateClassifier(ClassifierMixin, _BaseEchoState):
    r"""Echo state network classifier (Jaeger 2001): ridge scores of a random reservoir's states.

    The reservoir (see :class:`EchoStateRegressor`),

    .. math::

        x_t = (1 - a)\,x_{t-1} + a \tanh(u_t W_{in} + b + x_{t-1} W), \qquad x_{-1} = 0,

    is read by a ridge classifier, as scikit-learn's ``RidgeClassifier`` does on a table: the
    classes are coded :math:`\pm 1` (one column per class; one column for two classes), the
    readout :math:`s = z W_{out} + c` is fitted to the codes by ridge regression in closed form,
    and the predicted class is the highest score (for two classes, the sign). With one label per
    sequence, :math:`z` is the final :math:`[u_T, x_T]` (``state_summary="last"``) or the mean of
    :math:`[u_t, x_t]` over the steps from ``washout`` on (``"mean"``, the default here: it
    averages out the noise of any single step, Lukoševičius 2012, §4.6); with one label per step,
    :math:`z_t = [u_t, x_t]` at every step after ``washout``.

    :meth:`predict_proba` is the softmax of the scores (for two classes, of :math:`(-s, s)`, i.e.
    :math:`\sigma(2s)`): a monotone map of the ridge scores, ordered as they are, not a fitted
    probability model; calibrate it (``CalibratedClassifierCV``) where probabilities matter.

    The fit is one pass with no iterations (no callbacks, no ``warm_start``: ``partial_fit``
    adds data to the readout's system instead).

    Parameters
    ----------
    {parameters}

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    {attributes}

    References
    ----------
    .. [1] Jaeger, H. (2001). The "echo state" approach to analysing and training recurrent
       neural networks. GMD Report 148, German National Research Center for Information
       Technology.
    .. [2] Lukoševičius, M. (2012). A practical guide to applying echo state networks. In Neural
       Networks: Tricks of the Trade, 2nd ed., LNCS 7700, 659-686.

    Examples
    --------
    Tell noisy sinusoids apart by their frequency:

    >>> import numpy as np
    >>> from zoo.dynamic import EchoStateClassifier
    >>> rng = np.random.RandomState(0)
    >>> y = rng.randint(3, size=300)
    >>> t = np.arange(60)
    >>> phase = rng.uniform(0, 2 * np.pi, (300, 1))
    >>> X = np.sin((0.2 + 0.15 * y[:, None]) * t + phase) + 0.3 * rng.randn(300, 60)
    >>> clf = EchoStateClassifier(random_state=0).fit(X[:200, :, None], y[:200])
    >>> bool(clf.score(X[200:, :, None], y[200:]) > 0.9)
    True
    """

    def __init__(
        self,
        n_reservoir=100,
        *,
        spectral_radius=0.9,
        density=0.1,
        input_scaling=1.0,
        bias_scaling=0.2,
        leak_rate=1.0,
        alpha=1e-4,
        washout=0,
        output="auto",
        state_summary="mean",
        random_state=None,
    ):
        self.n_reservoir = n_reservoir
        self.spectral_radius = spectral_radius
        self.density = density
        self.input_scaling = input_scaling
        self.bias_scaling = bias_scaling
        self.leak_rate = leak_rate
        self.alpha = alpha
        self.washout = washout
        self.output = output
        self.state_summary = state_summary
        self.random_state = random_state

    @staticmethod
    def _as_target_array(y):
        return None if y is None else np.asarray(y)

    def _encode_targets(self, y_rows, first_pass, incremental):
        """Labels of the targets that count -> rows of +-1 codes."""
        if y_rows.dtype.kind == "f":
            _assert_all_finite(y_rows, input_name="y")
        check_classification_target_kind(y_rows, ("binary", "multiclass"))
        if first_pass and not incremental:  # partial_fit took its classes from `classes`
            self._label_binarizer = LabelBinarizer(neg_label=-1).fit(y_rows)
            self.classes_ = self._label_binarizer.classes_
            check_at_least_two_classes(self.classes_, type(self).__name__)
        else:
            classes = unique_labels(y_rows)
            if len(np.setdiff1d(classes, self.classes_, assume_unique=True)):
                raise ValueError(
                    f"`y` has classes not in `self.classes_`. `self.classes_` has {self.classes_}."
                    f" 'y' has {classes}."
                )
        return self._label_binarizer.transform(y_rows)

    @staticmethod
    def _metric(y_true, y_pred, sample_weight=None):
        return accuracy_score(y_true, y_pred, sample_weight=sample_weight)

    def decision_function(self, X):
        """Ridge scores per sequence ``(n_sequences[, n_classes])`` or per step
        ``(n_sequences, n_timesteps[, n_classes])``; one column (dropped) for two classes, positive
        for ``classes_[1]``.

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_timesteps, n_features) or (n_sequences, n_timesteps)

        Returns
        -------
        scores : ndarray
        """
        scores = self._predict_outputs(X)
        return scores[..., 0] if scores.shape[-1] == 1 else scores

    def predict(self, X):
        """Class labels per sequence ``(n_sequences,)`` or per step ``(n_sequences,
        n_timesteps)``: the highest score (for two classes, its sign).

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_timesteps, n_features) or (n_sequences, n_timesteps)

        Returns
        -------
        y : ndarray
        """
        scores = self._predict_outputs(X)
        if scores.shape[-1] == 1:
            index = (scores[..., 0] > 0).astype(np.intp)
        else:
            index = scores.argmax(axis=-1)
        return self.classes_[index]

    def predict_proba(self, X):
        """Softmax of the ridge scores, per sequence ``(n_sequences, n_classes)`` or per step
        ``(n_sequences, n_timesteps, n_classes)`` (two classes: of ``(-s, s)``).

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_timesteps, n_features) or (n_sequences, n_timesteps)

        Returns
        -------
        proba : ndarray
        """
        return softmax(class_scores(self._predict_outputs(X)), axis=-1)

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba` (the log-softmax of the scores).

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_timesteps, n_features) or (n_sequences, n_timesteps)

        Returns
        -------
        log_proba : ndarray
        """
        return log_softmax(class_scores(self._predict_outputs(X)), axis=-1)

    def score(self, X, y, sample_weight=None):
        """Accuracy over sequences, or over the real (unpadded) steps for per-step labels.

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

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Add sequences to the readout's normal equations and solve them again.

        After calls on the parts of a data set the readout is the one :meth:`fit` computes on the
        whole (to rounding).

        Parameters
        ----------
        X : array-like of shape (n_sequences, n_timesteps, n_features) or (n_sequences, n_timesteps)
        y : array-like
        classes : array of shape (n_classes,), default=None
            Every class of the whole stream; required on the first call.
        sample_weight : array-like of shape (n_sequences,), default=None
            A weight per sequence (see :meth:`fit`).

        Returns
        -------
        self : object
        """
        if _check_partial_fit_first_call(self, classes):
            self._label_binarizer = LabelBinarizer(neg_label=-1).fit(classes)
            check_at_least_two_classes(self.classes_, type(self).__name__)
        return self._fit(X, y, sample_weight=sample_weight, incremental=True)
