"""Kohonen's learning vector quantization, :class:`LVQClassifier`: LVQ1, OLVQ1, LVQ2.1 and LVQ3."""

from numbers import Real

import numpy as np
from sklearn.base import ClassifierMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions

from .._core.blas import single_threaded_blas
from .._core.callbacks import epoch_callbacks
from .._core.distances import squared_norms
from .._core.docstrings import shared_doc
from .._core.schedules import decay
from .._core.training import Monitor, fit_epochs
from ._base import _SHARED_PARAMETERS, DEFAULT_LEARNING_RATES, _BasePrototypeClassifier


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
    warm_start : bool, default=False
        When fitted, ``fit`` continues from the fitted prototypes instead of initialising them
        anew and runs the schedule again: ``max_iter`` epochs with :math:`\alpha` from
        ``learning_rate`` down to ``learning_rate_final`` (OLVQ1: every prototype's rate back at
        ``learning_rate``). ``loss_curve_`` goes on, ``n_iter_`` counts this fit's epochs, and
        the random stream continues, so that with a constant rate (``learning_rate_final =
        learning_rate``) ``max_iter=a`` then a warm ``max_iter=b`` is one fit of ``a + b``
        epochs. ``X`` must have the fitted width, ``y`` the fitted classes and
        ``prototypes_per_class`` the fitted counts (ValueError otherwise). On an unfitted model,
        the same as a cold fit.

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
        Epochs run by the last ``fit`` (every epoch so far after ``partial_fit``).
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
        warm_start=False,
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
        self.warm_start = warm_start

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

    def _check_decay(self):
        if self.decay == "exponential" and self.learning_rate_final == 0:
            raise ValueError(
                "decay='exponential' never reaches learning_rate_final=0; give a positive "
                "learning_rate_final or use decay='linear'."
            )

    def _initialize(self, X, y_index, sample_weight):
        self._check_decay()
        super()._initialize(X, y_index, sample_weight)
        self._restart_schedule(0)

    def _restart(self):
        self._check_decay()
        self._restart_schedule(self._history.n_iter)

    def _restart_schedule(self, epoch):
        """The schedule starts at recorded ``epoch`` (partial_fit continues it); OLVQ1's rates
        start at ``learning_rate``."""
        self._schedule_start = epoch
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
            callbacks=epoch_callbacks(self),
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
        # epochs recorded before this schedule began (a warm fit's; models pickled before
        # warm_start existed have none)
        schedule_start = getattr(self, "_schedule_start", 0)

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
            # alpha of each presentation t of this epoch: p = (epochs + t / n) / max_iter, the
            # epochs of this schedule so far
            epochs = history.n_iter - schedule_start
            progress = (epochs + np.arange(n_active) / n_active) / self.max_iter
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
