r"""Learning vector quantization: labelled prototypes, the nearest one decides.

Each class :math:`k` owns a few prototypes :math:`w_j` (label :math:`c_j = k`); a sample gets the
label of its nearest prototype. Kohonen's rules (LVQ1, OLVQ1, LVQ2.1, LVQ3) move the winners
towards samples of their class and away from the others, one sample at a time; GLVQ (Sato &
Yamada 1996) and GMLVQ (Schneider, Biehl & Hammer 2009) minimise a differentiable cost with the
shared optimizers (see :mod:`zoo._core.lvq` for the cost and its gradient).

Prototypes are kept grouped by class (``prototype_labels_`` is sorted); initialisation is seeded:
the class means (k-means within each class for several prototypes per class) or random samples of
each class.
"""

import math
from numbers import Integral, Real

import numpy as np
import scipy.optimize
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    ClassNamePrefixFeaturesOutMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import _check_partial_fit_first_call
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.blas import single_threaded_blas
from .._core.diagnostics import warn_at_caller
from .._core.distances import squared_euclidean, squared_norms
from .._core.docstrings import fill_doc, shared_doc
from .._core.lvq import (
    auto_slope,
    class_distances,
    glvq_loss_and_gradient,
    relative_distance_decision,
    relative_distance_proba,
)
from .._core.optimizers import make_optimizer, optimizer_keywords
from .._core.schedules import decay
from .._core.training import History, Monitor, fit_epochs
from .._core.validation import (
    check_at_least_two_classes,
    check_classification_target_kind,
    check_cost_scale,
    check_finite_parameters,
    check_input_scale,
    check_sample_weight,
    encode_class_labels,
    known_class_index,
)

#: Kohonen's initial learning rates (LVQ_PAK): OLVQ1 starts high, the others fine-tune.
DEFAULT_LEARNING_RATES = {"lvq1": 0.1, "olvq1": 0.3, "lvq2.1": 0.01, "lvq3": 0.01}


class _BasePrototypeClassifier(BaseEstimator):
    """Validation, prototype initialisation and nearest-prototype prediction (not public)."""

    _input_domain = "real"
    _compare_params = {}
    #: the highest power of X's entries the training forms (validation.check_input_scale):
    #: squared distances for Kohonen's rules
    _input_power = 2

    _parameter_constraints: dict = {
        "prototypes_per_class": [Interval(Integral, 1, None, closed="left"), "array-like"],
        "init": [StrOptions({"kmeans", "random"})],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    # ------------------------------------------------------------------------------ fitting

    def _fit(self, X, y, sample_weight, incremental, classes=None):
        first_pass = not incremental or not hasattr(self, "prototypes_")
        if incremental:
            first_call = _check_partial_fit_first_call(self, classes)
            X, y = validate_data(self, X, y, dtype=(np.float64, np.float32), reset=first_call)
            check_input_scale(X, type(self).__name__, power=self._input_power)
            if first_call:
                check_at_least_two_classes(self.classes_, type(self).__name__)
            check_classification_target_kind(y)
            y_index = known_class_index(y, self.classes_)
        else:
            X, y = validate_data(self, X, y, dtype=(np.float64, np.float32), reset=True)
            check_input_scale(X, type(self).__name__, power=self._input_power)
            self.classes_, y_index = encode_class_labels(y, type(self).__name__)
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X)
        if first_pass:
            self._rng = check_random_state(self.random_state)
            self._initialize(X, y_index, sample_weight)
            self._history = History()
        elif X.dtype != self.prototypes_.dtype:
            X = X.astype(self.prototypes_.dtype)
        self._train(X, y_index, sample_weight, incremental)
        self.n_iter_ = self._history.n_iter
        self.loss_curve_ = self._history.criterion
        check_finite_parameters(self._parameters(), type(self).__name__)
        return self

    def _n_prototypes(self):
        counts = self.prototypes_per_class
        n_classes = len(self.classes_)
        if isinstance(counts, Integral):
            return np.full(n_classes, int(counts))
        counts = np.asarray(counts)
        if counts.shape != (n_classes,) or counts.dtype.kind not in "iu" or (counts < 1).any():
            raise ValueError(
                f"prototypes_per_class must be a positive int or one positive int per class "
                f"({n_classes} classes), got {self.prototypes_per_class!r}."
            )
        return counts.astype(int)

    def _initialize(self, X, y_index, sample_weight):
        """Prototypes per class: means (k-means within the class) or random samples of it."""
        counts = self._n_prototypes()
        prototypes, owners = [], []
        for k, n_k in enumerate(counts):
            members = y_index == k
            if sample_weight is not None:
                members &= sample_weight > 0
            X_k = X[members]
            w_k = None if sample_weight is None else sample_weight[members]
            if X_k.shape[0] < n_k:
                label = self.classes_[k : k + 1].tolist()[0]
                raise ValueError(
                    f"Class {label!r} has {X_k.shape[0]} sample(s) of positive weight "
                    f"in the first batch but needs {n_k} prototype(s): every class must be "
                    "present (partial_fit: in the first batch) with at least prototypes_per_class "
                    "samples."
                )
            if self.init == "random":
                picks = self._rng.choice(X_k.shape[0], n_k, replace=False)
                centers = X_k[picks]
            elif n_k == 1:
                centers = np.average(X_k, axis=0, weights=w_k)[np.newaxis, :]
            else:
                seed = self._rng.randint(np.iinfo(np.int32).max)
                kmeans = KMeans(n_clusters=n_k, n_init=1, random_state=seed)
                centers = kmeans.fit(X_k, sample_weight=w_k).cluster_centers_
            prototypes.append(centers)
            owners.append(np.full(n_k, k))
        self.prototypes_ = np.ascontiguousarray(np.vstack(prototypes), dtype=X.dtype)
        self._prototype_class = np.concatenate(owners)
        self.prototype_labels_ = self.classes_[self._prototype_class]

    def _parameters(self):
        return [self.prototypes_]

    # --------------------------------------------------------------------------- prediction

    def _validate_for_predict(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        check_input_scale(X, type(self).__name__, power=self._input_power)
        return X.astype(self.prototypes_.dtype, copy=False)

    def _squared_distances(self, X):
        """Squared distances of validated samples to every prototype, (n_samples, n_prototypes)."""
        return squared_euclidean(X, self.prototypes_)

    def _class_distances(self, X):
        X = self._validate_for_predict(X)
        return class_distances(
            self._squared_distances(X), self._prototype_class, len(self.classes_)
        )

    def predict(self, X):
        """Label of the nearest prototype of each sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        X = self._validate_for_predict(X)
        return self.prototype_labels_[self._squared_distances(X).argmin(axis=1)]

    def predict_proba(self, X):
        r"""Class memberships from relative distances, :math:`p_k = (1/d_k) / \sum_l 1/d_l`.

        :math:`d_k` is the squared distance (in the model's metric) to the nearest prototype of
        class :math:`k` (see :func:`zoo._core.lvq.relative_distance_proba`): rows sum to 1, the
        largest is the class :meth:`predict` gives, and only ratios of distances matter. These are
        memberships, not calibrated probabilities; wrap the model in scikit-learn's
        ``CalibratedClassifierCV`` when calibration matters.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        return relative_distance_proba(self._class_distances(X))

    def decision_function(self, X):
        r"""Relative distance margin of each class, :math:`(d_{\neg k} - d_k)/(d_{\neg k} + d_k)`.

        In [-1, 1], positive for the class of the nearest prototype only (GLVQ's :math:`-\mu`);
        for two classes, the value of ``classes_[1]``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples, n_classes), or (n_samples,) for two classes
        """
        scores = relative_distance_decision(self._class_distances(X))
        return scores[:, 1] if len(self.classes_) == 2 else scores


_SHARED_PARAMETERS = """
    prototypes_per_class : int or array-like of shape (n_classes,), default=1
        Prototypes of each class (one count for all, or one per class in ``classes_`` order).
    init : {"kmeans", "random"}, default="kmeans"
        ``"kmeans"``: the class mean (k-means within the class, seeded, for several prototypes);
        ``"random"``: random samples of the class. Sample weights weight the means.
"""


@shared_doc(shared=_SHARED_PARAMETERS)
class LVQClassifier(ClassifierMixin, _BasePrototypeClassifier):
    r"""Kohonen's learning vector quantization: LVQ1, OLVQ1, LVQ2.1 and LVQ3.

    Samples are presented one at a time (in a fresh random order each epoch); with :math:`c` the
    nearest prototype of :math:`x` (class :math:`y`) and :math:`\alpha(t)` the learning rate,

    * LVQ1: :math:`w_c \leftarrow w_c \pm \alpha(t)(x - w_c)`, + when :math:`c_c = y`, - otherwise;
    * OLVQ1: the same with one rate per prototype, :math:`\alpha_c \leftarrow \alpha_c / (1 \pm
      \alpha_c)` (+ after a correct win, - after a wrong one; never above its start), the
      "optimized" rates that make every presentation count equally (Kohonen 1995, 6.3);
    * LVQ2.1: with :math:`w_i, w_j` the two nearest prototypes, one of class :math:`y`
      (:math:`w_j`) and one not (:math:`w_i`), and :math:`x` inside the window
      :math:`\min(d_i/d_j, d_j/d_i) > s = (1 - w)/(1 + w)` (Euclidean distances):
      :math:`w_i \leftarrow w_i - \alpha(x - w_i)`, :math:`w_j \leftarrow w_j + \alpha(x - w_j)`;
    * LVQ3: LVQ2.1, and when both nearest are of class :math:`y`, :math:`w_k \leftarrow w_k +
      \epsilon\alpha(x - w_k)` for both.

    :math:`\alpha(t)` follows ``decay`` from ``learning_rate`` to ``learning_rate_final`` over the
    ``max_iter`` epochs (per presentation; OLVQ1 uses its own rates). A sample of weight
    :math:`s` moves a prototype by :math:`\min(s\alpha, 1)` (OLVQ1: and changes its rate as
    :math:`s` presentations would, :math:`1/\alpha_c \leftarrow 1/\alpha_c \pm s`). Finding the
    winner is one GEMV :math:`W x` against cached :math:`\lVert w_j\rVert^2`.

    Parameters
    ----------
    algorithm : {"lvq1", "olvq1", "lvq2.1", "lvq3"}, default="lvq1"
    {shared}
    learning_rate : float or None, default=None
        Initial :math:`\alpha`; None: 0.3 for OLVQ1 and 0.1 for LVQ1 (Kohonen's values), 0.01 for
        LVQ2.1 and LVQ3, which refine a codebook rather than build one and diverge with larger
        steps (Sato & Yamada 1996 show LVQ2.1's prototypes drifting apart; here, a few times the
        default step loses a whole class of iris).
    learning_rate_final : float, default=0.0
        :math:`\alpha` at the end of the schedule (Kohonen: linear decay to 0).
    decay : {"linear", "exponential", "asymptotic"}, default="linear"
        Schedule of :math:`\alpha`, :func:`zoo._core.schedules.decay` (``"exponential"`` needs
        ``learning_rate_final > 0``).
    window : float, default=0.1
        LVQ2.1's and LVQ3's relative window width :math:`w`. Kohonen suggests 0.2 to 0.3; the
        narrower default updates fewer samples far from the border and kept LVQ2.1 stable on all
        four datasets of ``benchmarks/bench_lvq.py`` (0.2 diverged on breast_cancer).
    epsilon : float, default=0.1
        LVQ3's :math:`\epsilon` (Kohonen: 0.1 to 0.5).
    max_iter : int, default=10
        Epochs; the schedule runs over exactly this many (no ConvergenceWarning: the length of
        training is set by the schedule, as for the SOM). ``partial_fit`` continues the schedule
        one epoch per call and stays at its final value afterwards. Longer schedules (30 epochs)
        gained no accuracy on the four datasets of ``benchmarks/bench_lvq.py``.
    shuffle : bool, default=True
        Present the samples in a fresh random order each epoch.
    random_state : int, RandomState instance or None, default=None
        Initialisation and presentation order.
    verbose : bool, default=False
        One line per epoch with its training error.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    prototypes_ : ndarray of shape (n_prototypes, n_features)
        The codebook :math:`w_j`, grouped by class.
    prototype_labels_ : ndarray of shape (n_prototypes,)
        The class :math:`c_j` of each prototype.
    learning_rates_ : ndarray of shape (n_prototypes,)
        OLVQ1's current rate :math:`\alpha_j` of each prototype (OLVQ1 only).
    n_iter_ : int
        Epochs run.
    loss_curve_ : list of float
        Training error of each epoch: the (weighted) share of samples whose nearest prototype had
        the wrong class when they were presented.
    n_features_in_ : int
    feature_names_in_ : ndarray

    References
    ----------
    .. [1] T. Kohonen, "Improved versions of learning vector quantization", IJCNN 1990, 545-550.
    .. [2] T. Kohonen, "Self-Organizing Maps", Springer 1995, chapter 6 (OLVQ1, LVQ3).
    .. [3] T. Kohonen, J. Hynninen, J. Kangas, J. Laaksonen, K. Torkkola, "LVQ_PAK: the learning
       vector quantization program package", Helsinki University of Technology, 1996.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from zoo.lvq import LVQClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> lvq = LVQClassifier("olvq1", prototypes_per_class=3, random_state=0)
    >>> model = make_pipeline(StandardScaler(), lvq).fit(X, y)
    >>> model.score(X, y) > 0.95
    True
    >>> lvq.prototypes_.shape, lvq.prototype_labels_.tolist()
    ((9, 4), [0, 0, 0, 1, 1, 1, 2, 2, 2])
    """

    _parameter_constraints: dict = {
        **_BasePrototypeClassifier._parameter_constraints,
        "algorithm": [StrOptions(set(DEFAULT_LEARNING_RATES))],
        "learning_rate": [None, Interval(Real, 0, 1, closed="right")],
        "learning_rate_final": [Interval(Real, 0, 1, closed="both")],
        "decay": [StrOptions({"linear", "exponential", "asymptotic"})],
        "window": [Interval(Real, 0, 1, closed="neither")],
        "epsilon": [Interval(Real, 0, 1, closed="both")],
        "shuffle": ["boolean"],
    }

    def __init__(
        self,
        algorithm="lvq1",
        prototypes_per_class=1,
        *,
        init="kmeans",
        learning_rate=None,
        learning_rate_final=0.0,
        decay="linear",
        window=0.1,
        epsilon=0.1,
        max_iter=10,
        shuffle=True,
        random_state=None,
        verbose=False,
    ):
        self.algorithm = algorithm
        self.prototypes_per_class = prototypes_per_class
        self.init = init
        self.learning_rate = learning_rate
        self.learning_rate_final = learning_rate_final
        self.decay = decay
        self.window = window
        self.epsilon = epsilon
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.verbose = verbose

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Initialise the prototypes from the data and run ``max_iter`` epochs of the rule.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : LVQClassifier
        """
        return self._fit(X, y, sample_weight, incremental=False)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """One epoch over ``X, y``, continuing the schedule; the first call initialises the
        prototypes from its batch, which must contain every class.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        classes : array-like of shape (n_classes,), default=None
            Every class of the stream; required on the first call.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : LVQClassifier
        """
        return self._fit(X, y, sample_weight, incremental=True, classes=classes)

    def _initial_rate(self):
        if self.learning_rate is not None:
            return float(self.learning_rate)
        return DEFAULT_LEARNING_RATES[self.algorithm]

    def _initialize(self, X, y_index, sample_weight):
        if self.decay == "exponential" and self.learning_rate_final == 0:
            raise ValueError(
                "decay='exponential' never reaches learning_rate_final=0; give a positive "
                "learning_rate_final or use decay='linear'."
            )
        super()._initialize(X, y_index, sample_weight)
        if self.algorithm == "olvq1":
            self.learning_rates_ = np.full(len(self.prototypes_), self._initial_rate())

    # per-sample GEMVs are too small to share between threads: one BLAS thread avoids a
    # synchronisation per sample (as the SOM's online rule)
    @single_threaded_blas
    def _train(self, X, y_index, sample_weight, incremental):
        step = self._epoch_step(X, y_index, sample_weight)
        self._run_epochs(step, X.shape[0], sample_weight, incremental)

    def _run_epochs(self, step, n_samples, sample_weight, incremental):
        """The one call into the shared epoch loop: each epoch is one ``step`` over all samples
        (in a fresh random order with ``shuffle``), a fixed budget of ``max_iter`` epochs."""
        monitor = Monitor(
            self._history,
            name=type(self).__name__,
            n_iter_no_change=None,
            verbose=self.verbose,
            step_parameter=f"learning_rate={self.learning_rate}",
        )
        fit_epochs(
            step,
            n_samples,
            monitor,
            batch_size=n_samples,
            max_iter=self.max_iter,
            rng=self._rng,
            shuffle=self.shuffle,
            incremental=incremental,
            sample_weight=sample_weight,
            warn_at_max_iter=False,
        )

    def _epoch_step(self, X, y_index, sample_weight):
        """``step(order)``: one epoch of the chosen rule over the samples in ``order``."""
        W = self.prototypes_
        n_samples = X.shape[0]
        owner = self._prototype_class.tolist()
        labels = y_index.tolist()
        weights = [1.0] * n_samples if sample_weight is None else sample_weight.tolist()
        # the schedule counts presentations of samples of positive weight (the others are absent)
        n_active = n_samples if sample_weight is None else int(np.count_nonzero(sample_weight))
        x_sq = squared_norms(X).tolist()
        half_w_sq = 0.5 * squared_norms(W)
        scores = np.empty(W.shape[0], dtype=W.dtype)
        distances = np.empty(W.shape[0], dtype=W.dtype)
        difference = np.empty(W.shape[1], dtype=W.dtype)
        algorithm = self.algorithm
        alpha_0, alpha_final = self._initial_rate(), float(self.learning_rate_final)
        # LVQ2.1/LVQ3 window on squared distances: d_1 / d_2 > s^2, s = (1 - w) / (1 + w)
        s2 = ((1.0 - self.window) / (1.0 + self.window)) ** 2
        epsilon = float(self.epsilon)
        history = self._history

        def move(j, x, g):
            # w_j <- w_j + g (x - w_j), and its cached squared norm
            row = W[j]
            np.subtract(x, row, out=difference)
            np.multiply(difference, g, out=difference)
            np.add(row, difference, out=row)
            half_w_sq[j] = 0.5 * (row @ row)

        def nearest(x):
            # (d_j - ||x||^2) / 2 = ||w_j||^2 / 2 - w_j . x   (one GEMV)
            np.matmul(W, x, out=scores)
            np.subtract(half_w_sq, scores, out=distances)
            return int(distances.argmin())

        def step(batch):
            order = range(n_samples)[batch] if isinstance(batch, slice) else batch.tolist()
            # alpha of each presentation t of this epoch: p = (epochs + t / n) / max_iter
            progress = (history.n_iter + np.arange(n_active) / n_active) / self.max_iter
            progress = np.minimum(progress, 1.0)
            alphas = decay(alpha_0, alpha_final, progress, self.decay).tolist()
            rates = self.learning_rates_.tolist() if algorithm == "olvq1" else None
            errors = presented = 0.0
            t = -1
            for i in order:
                weight = weights[i]
                if weight == 0:
                    continue  # zero-weight samples are as if absent
                t += 1
                presented += weight
                x, y = X[i], labels[i]
                c = nearest(x)
                correct = owner[c] == y
                errors += 0.0 if correct else weight
                if algorithm == "lvq1":
                    g = min(alphas[t] * weight, 1.0)
                    move(c, x, g if correct else -g)
                elif algorithm == "olvq1":
                    rate = rates[c]
                    g = min(rate * weight, 1.0)
                    move(c, x, g if correct else -g)
                    # 1/alpha_c <- 1/alpha_c + s (correct) or - s (wrong), capped at alpha_0
                    inverse = 1.0 / rate + (weight if correct else -weight)
                    rates[c] = alpha_0 if inverse <= 1.0 / alpha_0 else 1.0 / inverse
                else:
                    d_1 = distances[c]
                    distances[c] = np.inf
                    c_2 = int(distances.argmin())
                    # d = 2 (d / 2 - ||x||^2 / 2) + ||x||^2
                    d_2 = 2.0 * distances[c_2] + x_sq[i]
                    d_1 = 2.0 * d_1 + x_sq[i]
                    correct_2 = owner[c_2] == y
                    g = min(alphas[t] * weight, 1.0)
                    if correct != correct_2:
                        if d_1 > s2 * d_2:  # inside the window
                            move(c, x, g if correct else -g)
                            move(c_2, x, g if correct_2 else -g)
                    elif correct and algorithm == "lvq3":
                        g = min(epsilon * alphas[t] * weight, 1.0)
                        move(c, x, g)
                        move(c_2, x, g)
            if rates is not None:
                self.learning_rates_[:] = rates
            return errors / presented if presented else 0.0

        return step


class _BaseGLVQ(_BasePrototypeClassifier):
    """GLVQ's cost, trained by L-BFGS or by the shared minibatch loop (not public)."""

    # the cost's gradient is of the order of a squared distance, and L-BFGS's curvature pairs
    # and Adam's second moment square it
    _input_power = 4

    _parameter_constraints: dict = {
        **_BasePrototypeClassifier._parameter_constraints,
        "activation": [StrOptions({"sigmoid", "identity"})],
        "beta": [Interval(Real, 0, None, closed="neither"), StrOptions({"auto"})],
        "solver": [StrOptions({"lbfgs", "adam"})],
        "learning_rate_init": [Interval(Real, 0, None, closed="neither")],
        "batch_size": [StrOptions({"auto"}), Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
    }

    # a chain of small dependent GEMMs (n x d x n_prototypes): one BLAS thread is faster, most of
    # all on a busy machine, where BLAS's threads wait for each other longer than they compute
    @single_threaded_blas
    def _train(self, X, y_index, sample_weight, incremental):
        same_class = y_index[:, np.newaxis] == self._prototype_class[np.newaxis, :]
        params = self._parameters()
        # one flat vector of every parameter, and views of it (what both solvers update)
        flat = np.concatenate([p.ravel() for p in params])
        grad = np.empty_like(flat)
        views, grad_views, start = [], [], 0
        for p in params:
            views.append(flat[start : start + p.size].reshape(p.shape))
            grad_views.append(grad[start : start + p.size].reshape(p.shape))
            start += p.size
        W, Omega = views[0], (views[1] if len(views) > 1 else None)
        grad_Omega = grad_views[1] if len(views) > 1 else None
        activation = "logistic" if self.activation == "sigmoid" else "identity"
        if not incremental or not hasattr(self, "beta_"):
            # "auto": measured once, at the initial prototypes (partial_fit: the first batch)
            if self.beta == "auto":
                self.beta_ = auto_slope(X, same_class, W, Omega, sample_weight)
            else:
                self.beta_ = float(self.beta)
        if activation == "identity":
            # E = beta mean(mu): beta scales the cost and every gradient, which L-BFGS's curvature
            # pairs and Adam's second moment square (the sigmoid saturates instead)
            check_cost_scale(self.beta_, "beta", type(self).__name__, X.dtype)

        def loss_and_gradient(batch):
            sw = None if sample_weight is None else sample_weight[batch]
            return glvq_loss_and_gradient(
                X[batch],
                same_class[batch],
                W,
                Omega,
                sw,
                activation,
                self.beta_,
                grad_views[0],
                grad_Omega,
            )

        if self.solver == "lbfgs":
            self._train_lbfgs(flat, grad, loss_and_gradient)
        else:
            self._train_adam(
                flat, grad, Omega, loss_and_gradient, X.shape[0], sample_weight, incremental
            )
        for p, view in zip(params, views):
            np.copyto(p, view)
        self._normalize()

    def _normalize(self):
        """Keep trace(Omega^T Omega) = 1 (GMLVQ); nothing for GLVQ."""

    def _train_lbfgs(self, flat, grad, loss_and_gradient):
        """L-BFGS on the whole training set, one Monitor epoch per L-BFGS iteration.

        Converged when the largest gradient component is at most ``tol``, tested after each
        iteration (not at the start, so at least one iteration is made and ``n_iter_ >= 1``).
        """
        monitor = Monitor(
            self._history,
            name=f"{type(self).__name__} (solver='lbfgs')",
            n_iter_no_change=self.n_iter_no_change,
            tol=self.tol,
            verbose=self.verbose,
        )
        everything = slice(None)
        evaluated = {}

        def fun(vector):
            np.copyto(flat, vector)
            with monitor.guard():
                loss = loss_and_gradient(everything)
            evaluated["x"], evaluated["largest"] = vector.copy(), float(np.abs(grad).max())
            return loss, grad.astype(np.float64)

        def callback(intermediate_result):
            monitor.record(intermediate_result.fun)
            # the iterate is the line search's last evaluation: its gradient is known
            if evaluated["largest"] <= self.tol and np.array_equal(
                evaluated["x"], intermediate_result.x
            ):
                raise StopIteration

        n_before = self._history.n_iter
        result = scipy.optimize.minimize(
            fun,
            flat.astype(np.float64),
            method="L-BFGS-B",
            jac=True,
            callback=callback,
            options={"maxiter": self.max_iter, "gtol": 0.0},
        )
        np.copyto(flat, result.x)
        if result.status == 1:
            warn_at_caller(
                f"{type(self).__name__}: lbfgs failed to converge after "
                f"{self._history.n_iter - n_before} iteration(s) ({result.message}). Increase "
                "max_iter or scale the data.",
                ConvergenceWarning,
            )

    def _train_adam(
        self, flat, grad, Omega, loss_and_gradient, n_samples, sample_weight, incremental
    ):
        if not incremental or getattr(self, "_optimizer", None) is None:
            self._optimizer = make_optimizer(
                "adam", [flat], **optimizer_keywords(self.get_params(deep=False))
            )
        optimizer = self._optimizer
        batch_size = min(200, n_samples) if self.batch_size == "auto" else self.batch_size

        def step(batch):
            loss = loss_and_gradient(batch)
            optimizer.update([flat], [grad])
            if Omega is not None:
                # project back onto trace(Omega^T Omega) = 1 (the cost does not change)
                np.divide(Omega, math.sqrt(np.einsum("ij,ij->", Omega, Omega)), out=Omega)
            return loss

        self._run_epochs(step, n_samples, batch_size, sample_weight, incremental, optimizer)

    def _run_epochs(self, step, n_samples, batch_size, sample_weight, incremental, optimizer):
        """The one call into the shared epoch loop (adam)."""
        monitor = Monitor(
            self._history,
            name=f"{type(self).__name__} (solver='adam')",
            n_iter_no_change=self.n_iter_no_change,
            tol=self.tol,
            verbose=self.verbose,
            step_parameter=f"learning_rate_init={self.learning_rate_init}",
        )
        fit_epochs(
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

    def _check_solver(self):
        if self.solver != "adam":
            raise AttributeError(
                f"partial_fit needs solver='adam' (a stochastic solver); solver={self.solver!r}."
            )
        return True

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Initialise the prototypes and minimise the GLVQ cost.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Weights :math:`s_i` of the cost (and of the initial class means).

        Returns
        -------
        self : object
        """
        return self._fit(X, y, sample_weight, incremental=False)

    @available_if(lambda est: est._check_solver())
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """One epoch of adam over ``X, y`` (``solver="adam"`` only); the first call initialises
        the prototypes from its batch, which must contain every class.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        classes : array-like of shape (n_classes,), default=None
            Every class of the stream; required on the first call.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : object
        """
        return self._fit(X, y, sample_weight, incremental=True, classes=classes)


_GLVQ_PARAMETERS = r"""
    activation : {"sigmoid", "identity"}, default="sigmoid"
        :math:`f` in the cost :math:`\sum_i f(\beta\mu_i)`.
    {beta}
    solver : {"lbfgs", "adam"}, default="lbfgs"
        ``"lbfgs"``: scipy's L-BFGS-B on the whole training set; ``"adam"``: minibatch Adam
        through zoo's training loop (and ``partial_fit``).
    learning_rate_init : float, default=0.01
        Adam's step size.
    batch_size : int or "auto", default="auto"
        Adam's minibatch, ``min(200, n_samples)`` for ``"auto"``.
    max_iter : int, default=1000
        L-BFGS iterations, or Adam epochs.
    tol : float, default=1e-3
        L-BFGS: stop when the largest gradient component is below ``tol``; Adam: an epoch
        improves when the cost falls by more than ``tol``. Tighter tolerances fit the training
        set further without gaining accuracy (GMLVQ on breast_cancer scores lower).
    n_iter_no_change : int, default=10
        Adam stops after this many epochs without improvement.
    shuffle : bool, default=True
        Adam: reshuffle the samples every epoch.
    random_state : int, RandomState instance or None, default=None
        Initialisation (k-means, random samples) and Adam's minibatches.
    verbose : bool, default=False
        One line per iteration with the cost.
"""


_GLVQ_BETA = r"""    beta : float or "auto", default=10.0
        Slope :math:`\beta` of the sigmoid. :math:`\mu \in [-1, 1]`, so with :math:`\beta = 1`
        (sklvq's default) :math:`f` is nearly linear over the whole range and every sample pulls
        alike; a steeper sigmoid puts the weight on samples near the class borders and makes the
        cost closer to counting errors (Sato & Yamada let the slope grow during training).
        :math:`\beta = 10` scores higher than :math:`\beta = 1` on iris, wine, breast_cancer
        and digits, and higher than ``"auto"`` (:math:`2/\operatorname{median}|\mu|` at the
        initial prototypes, :func:`zoo._core.lvq.auto_slope`; GMLVQ's default) on breast_cancer;
        ``benchmarks/bench_lvq.py`` prints the accuracies at each slope (``slopes``).
"""

_GMLVQ_BETA = r"""    beta : float or "auto", default="auto"
        Slope :math:`\beta` of the sigmoid; ``"auto"``: :math:`\beta =
        2/\operatorname{median}_i|\mu_i|` at the initial prototypes and metric
        (:func:`zoo._core.lvq.auto_slope`; the fitted ``beta_``), which sets the median sample
        at the same point of the sigmoid on every data set. :math:`\mu` is spread over [-1, 1]
        when the classes lie apart (iris) and crowds near 0 in many dimensions (digits); a fixed
        steep slope saturates the sigmoid on the first, leaving the gradient to the few samples
        near a border, and the relevance matrix then fits those: a fixed :math:`\beta = 10`
        scores lower than ``"auto"`` on iris, wine and breast_cancer, and alike on digits
        (``benchmarks/bench_lvq.py`` prints both, as ``slopes``).
"""


@shared_doc(shared=_SHARED_PARAMETERS, glvq=fill_doc(_GLVQ_PARAMETERS, beta=_GLVQ_BETA))
class GLVQClassifier(ClassifierMixin, _BaseGLVQ):
    r"""Generalized learning vector quantization (Sato & Yamada 1996).

    Minimises the differentiable cost

    .. math:: E = \frac{1}{\sum_i s_i}\sum_i s_i\, f\!\left(\beta\,
              \frac{d^+_i - d^-_i}{d^+_i + d^-_i}\right),

    where :math:`d^+_i` (:math:`d^-_i`) is the squared Euclidean distance of :math:`x_i` to the
    nearest prototype of its own class (of another class) and :math:`f` the logistic function:
    the relative margin :math:`\mu_i \in [-1, 1]` is negative exactly when :math:`x_i` is
    classified correctly. Unlike Kohonen's LVQ2.1, the prototypes provably move to a minimum of a
    cost; the cost and its gradient (checked by central differences in the tests) are in
    :mod:`zoo._core.lvq`. Trained by L-BFGS (default) or minibatch Adam.

    Parameters
    ----------
    {shared}
    {glvq}

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    prototypes_ : ndarray of shape (n_prototypes, n_features)
    prototype_labels_ : ndarray of shape (n_prototypes,)
    beta_ : float
        The slope used: ``beta``, or its value for ``"auto"``.
    n_iter_ : int
        L-BFGS iterations or Adam epochs run.
    loss_curve_ : list of float
        The cost :math:`E` after each iteration (epoch).
    n_features_in_ : int
    feature_names_in_ : ndarray

    References
    ----------
    .. [1] A. Sato and K. Yamada, "Generalized learning vector quantization", NIPS 8, 1996.

    Examples
    --------
    >>> from sklearn.datasets import load_wine
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from zoo.lvq import GLVQClassifier
    >>> X, y = load_wine(return_X_y=True)
    >>> model = make_pipeline(StandardScaler(), GLVQClassifier(random_state=0)).fit(X, y)
    >>> model.score(X, y) > 0.95
    True
    """

    def __init__(
        self,
        prototypes_per_class=1,
        *,
        init="kmeans",
        activation="sigmoid",
        beta=10.0,
        solver="lbfgs",
        learning_rate_init=0.01,
        batch_size="auto",
        max_iter=1000,
        tol=1e-3,
        n_iter_no_change=10,
        shuffle=True,
        random_state=None,
        verbose=False,
    ):
        self.prototypes_per_class = prototypes_per_class
        self.init = init
        self.activation = activation
        self.beta = beta
        self.solver = solver
        self.learning_rate_init = learning_rate_init
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.shuffle = shuffle
        self.random_state = random_state
        self.verbose = verbose


@shared_doc(shared=_SHARED_PARAMETERS, glvq=fill_doc(_GLVQ_PARAMETERS, beta=_GMLVQ_BETA))
class GMLVQClassifier(
    ClassNamePrefixFeaturesOutMixin, ClassifierMixin, TransformerMixin, _BaseGLVQ
):
    r"""Generalized matrix LVQ (Schneider, Biehl & Hammer 2009): GLVQ with a learned
    metric.

    GLVQ's cost with the adaptive distance

    .. math:: d_\Lambda(x, w) = (x - w)^\top\Lambda\,(x - w) = \lVert\Omega(x - w)\rVert^2,
              \qquad \Lambda = \Omega^\top\Omega,\quad \mathrm{trace}\,\Lambda = 1,

    minimised over the prototypes and :math:`\Omega` together. :math:`\Lambda` (the
    ``relevance_matrix_``) tells which features and which correlations of features discriminate
    the classes (its diagonal: each feature's relevance); ``transform`` maps samples into the
    relevance space, :math:`z = \Omega x`, where distances are Euclidean (with ``n_components``
    < n_features, a discriminative projection, as in limited-rank GMLVQ, Bunte et al. 2012).

    Parameters
    ----------
    {shared}
    n_components : int or None, default=None
        Rows of :math:`\Omega`; None: ``n_features`` (a full-rank :math:`\Lambda`).
    {glvq}

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    prototypes_ : ndarray of shape (n_prototypes, n_features)
    prototype_labels_ : ndarray of shape (n_prototypes,)
    omega_ : ndarray of shape (n_components, n_features)
        :math:`\Omega`, scaled so that :math:`\lVert\Omega\rVert_F = 1`.
    relevance_matrix_ : ndarray of shape (n_features, n_features)
        :math:`\Lambda = \Omega^\top\Omega`, trace 1.
    beta_ : float
        The slope used: ``beta``, or its value for ``"auto"``.
    n_iter_ : int
    loss_curve_ : list of float
    n_features_in_ : int
    feature_names_in_ : ndarray

    Notes
    -----
    :math:`\Omega` starts at the identity (scaled to trace 1), or for ``n_components <
    n_features`` at the leading principal directions of the data. The cost only depends on
    ratios of distances, so it is unchanged by the trace normalisation, which Adam re-applies
    after each step and L-BFGS at the end.

    References
    ----------
    .. [1] P. Schneider, M. Biehl and B. Hammer, "Adaptive relevance matrices in learning vector
       quantization", Neural Computation 21(12), 3532-3561, 2009.
    .. [2] K. Bunte, P. Schneider, B. Hammer, F.-M. Schleif, T. Villmann and M. Biehl, "Limited
       rank matrix learning, discriminative dimension reduction and visualization", Neural
       Networks 26, 159-173, 2012.

    Examples
    --------
    >>> from sklearn.datasets import load_wine
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from zoo.lvq import GMLVQClassifier
    >>> X, y = load_wine(return_X_y=True)
    >>> model = make_pipeline(StandardScaler(), GMLVQClassifier(random_state=0)).fit(X, y)
    >>> model.score(X, y) > 0.95
    True
    >>> gmlvq = model[-1]
    >>> round(float(gmlvq.relevance_matrix_.trace()), 6)
    1.0
    >>> gmlvq.transform(model[:-1].transform(X[:2])).shape
    (2, 13)
    """

    _parameter_constraints: dict = {
        **_BaseGLVQ._parameter_constraints,
        "n_components": [None, Interval(Integral, 1, None, closed="left")],
    }

    def __init__(
        self,
        prototypes_per_class=1,
        *,
        init="kmeans",
        n_components=None,
        activation="sigmoid",
        beta="auto",
        solver="lbfgs",
        learning_rate_init=0.01,
        batch_size="auto",
        max_iter=1000,
        tol=1e-3,
        n_iter_no_change=10,
        shuffle=True,
        random_state=None,
        verbose=False,
    ):
        self.prototypes_per_class = prototypes_per_class
        self.init = init
        self.n_components = n_components
        self.activation = activation
        self.beta = beta
        self.solver = solver
        self.learning_rate_init = learning_rate_init
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.shuffle = shuffle
        self.random_state = random_state
        self.verbose = verbose

    def _initialize(self, X, y_index, sample_weight):
        super()._initialize(X, y_index, sample_weight)
        n_features = X.shape[1]
        n_components = n_features if self.n_components is None else self.n_components
        if n_components > n_features:
            raise ValueError(
                f"n_components={n_components} must be at most n_features={n_features}."
            )
        if n_components == n_features:
            omega = np.eye(n_features)
        else:
            # the leading principal directions: a projection that keeps most of the variance
            centered = X - X.mean(axis=0)
            omega = np.linalg.svd(centered, full_matrices=False)[2][:n_components]
        self.omega_ = np.ascontiguousarray(omega, dtype=X.dtype)
        self._normalize()

    def _parameters(self):
        return [self.prototypes_, self.omega_]

    def _normalize(self):
        # Lambda = Omega^T Omega / ||Omega||_F^2 has trace 1
        self.omega_ /= np.sqrt(np.einsum("ij,ij->", self.omega_, self.omega_))
        self.relevance_matrix_ = self.omega_.T @ self.omega_

    def _squared_distances(self, X):
        # d(x, w) = ||Omega x - Omega w||^2
        return squared_euclidean(X @ self.omega_.T, self.prototypes_ @ self.omega_.T)

    def transform(self, X):
        r"""Samples in the relevance space, :math:`z = \Omega x`, ``(n_samples, n_components)``.

        Euclidean distances there are the model's distances :math:`d_\Lambda`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        Z : ndarray of shape (n_samples, n_components)
        """
        X = self._validate_for_predict(X)
        return X @ self.omega_.T

    @property
    def _n_features_out(self):
        return self.omega_.shape[0]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
