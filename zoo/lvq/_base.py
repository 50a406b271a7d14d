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
from sklearn.base import BaseEstimator, _fit_context
from sklearn.callback import CallbackSupportMixin
from sklearn.cluster import KMeans
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import _check_partial_fit_first_call
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.blas import single_threaded_blas
from .._core.callbacks import close_callbacks, epoch_callbacks, open_callbacks
from .._core.distances import squared_euclidean
from .._core.lvq import (
    auto_slope,
    class_distances,
    glvq_loss_and_gradient,
    relative_distance_decision,
    relative_distance_proba,
)
from .._core.optimizers import make_optimizer, optimizer_keywords
from .._core.problems import FlatProblem, flat_views
from .._core.solvers import FLAT_SOLVERS, FULL_BATCH_SOLVERS, solver_options
from .._core.training import History, Monitor, fit_epochs
from .._core.validation import (
    check_at_least_two_classes,
    check_classification_target_kind,
    check_cost_scale,
    check_finite_parameters,
    check_input_scale,
    check_sample_weight,
    check_warm_start_classes,
    encode_class_labels,
    known_class_index,
)

#: Kohonen's initial learning rates (LVQ_PAK): OLVQ1 starts high, the others fine-tune.
DEFAULT_LEARNING_RATES = {"lvq1": 0.1, "olvq1": 0.3, "lvq2.1": 0.01, "lvq3": 0.01}


class _BasePrototypeClassifier(CallbackSupportMixin, BaseEstimator):
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
        "warm_start": ["boolean"],
    }

    # ------------------------------------------------------------------------------ fitting

    def _fit(self, X, y, sample_weight, incremental, classes=None):
        # what ScoringMonitor's scorers predict on and weigh by: the user's
        given = dict(X=X, y=y, sample_weight=sample_weight)
        fitted = hasattr(self, "prototypes_")
        # warm_start: fit continues from the fitted model (partial_fit always does)
        warm = not incremental and self.warm_start and fitted
        first_pass = not fitted or not (incremental or warm)
        if incremental:
            first_call = _check_partial_fit_first_call(self, classes)
            X, y = validate_data(self, X, y, dtype=(np.float64, np.float32), reset=first_call)
            check_input_scale(X, type(self).__name__, power=self._input_power)
            if first_call:
                check_at_least_two_classes(self.classes_, type(self).__name__)
            check_classification_target_kind(y)
            y_index = known_class_index(y, self.classes_)
        elif warm:
            # the fitted width (scikit-learn's error otherwise) and the fitted classes
            X, y = validate_data(self, X, y, dtype=(np.float64, np.float32), reset=False)
            check_input_scale(X, type(self).__name__, power=self._input_power)
            classes, y_index = encode_class_labels(y, type(self).__name__)
            check_warm_start_classes(classes, self.classes_)
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
        else:
            if warm:
                self._check_warm_start()
                self._restart()
            if X.dtype != self.prototypes_.dtype:
                X = X.astype(self.prototypes_.dtype)
        if not incremental:
            # one callback task per epoch (per L-BFGS iteration)
            open_callbacks(self, **given, max_epochs=self.max_iter)
        epochs_before = self._history.n_iter
        self._train(X, y_index, sample_weight, incremental)
        close_callbacks(self)
        # partial_fit counts every epoch so far; fit (warm or cold) its own
        self.n_iter_ = self._history.n_iter - (0 if incremental else epochs_before)
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

    def _check_warm_start(self):
        """A warm fit trains the fitted model: the model's size must not have changed since."""
        fitted = np.bincount(self._prototype_class, minlength=len(self.classes_))
        if not np.array_equal(fitted, self._n_prototypes()):
            raise ValueError(
                f"warm_start needs the fitted number of prototypes per class, "
                f"{fitted.tolist()}; prototypes_per_class={self.prototypes_per_class!r} asks for "
                "another. Set warm_start=False to start anew."
            )

    def _restart(self):
        """A warm fit begins: what restarts with every fit (a schedule, an optimizer's state),
        the fitted model itself kept."""

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


class _BaseGLVQ(_BasePrototypeClassifier):
    """GLVQ's cost, trained by L-BFGS or by the shared minibatch loop (not public)."""

    # the cost's gradient is of the order of a squared distance, and L-BFGS's curvature pairs
    # and Adam's second moment square it
    _input_power = 4

    _parameter_constraints: dict = {
        **_BasePrototypeClassifier._parameter_constraints,
        "activation": [StrOptions({"sigmoid", "identity"})],
        "beta": [Interval(Real, 0, None, closed="neither"), StrOptions({"auto"})],
        "solver": [StrOptions({"adam", *FLAT_SOLVERS})],
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
        flat, views = flat_views(params)
        grad, grad_views = flat_views(params)  # values overwritten by every gradient evaluation
        W, Omega = views[0], (views[1] if len(views) > 1 else None)
        grad_Omega = grad_views[1] if len(views) > 1 else None
        activation = "logistic" if self.activation == "sigmoid" else "identity"
        if not hasattr(self, "beta_") or (not incremental and self.beta != "auto"):
            # "auto": measured once, at the initial prototypes (partial_fit: the first batch;
            # a warm fit keeps it, minimising the same cost)
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

        if self.solver in FULL_BATCH_SOLVERS:
            self._train_full_batch(flat, grad, loss_and_gradient)
        else:
            self._train_adam(
                flat, grad, Omega, loss_and_gradient, X.shape[0], sample_weight, incremental
            )
        for p, view in zip(params, views):
            np.copyto(p, view)
        self._normalize()

    def _initialize(self, X, y_index, sample_weight):
        super()._initialize(X, y_index, sample_weight)
        self.__dict__.pop("beta_", None)  # measured anew at the new prototypes (_train)

    def _normalize(self):
        """Keep trace(Omega^T Omega) = 1 (GMLVQ); nothing for GLVQ."""

    def _train_full_batch(self, flat, grad, loss_and_gradient):
        """A solver of :data:`~zoo._core.solvers.FULL_BATCH_SOLVERS` (L-BFGS, scaled conjugate
        gradient, ...) on the whole training set, one Monitor epoch per iteration.

        Converged when the largest gradient component is at most ``tol``; L-BFGS tests it after
        each iteration (not at the start, so at least one iteration is made and
        ``n_iter_ >= 1``).
        """
        monitor = Monitor(
            self._history,
            name=f"{type(self).__name__} (solver={self.solver!r})",
            n_iter_no_change=self.n_iter_no_change,
            tol=self.tol,
            verbose=self.verbose,
            callbacks=epoch_callbacks(self),
        )
        everything = slice(None)
        problem = FlatProblem(flat, lambda: (loss_and_gradient(everything), grad))
        options = solver_options(self)
        if self.solver == "lbfgs":
            options["tol_after_step"] = True
        FULL_BATCH_SOLVERS[self.solver](
            problem, monitor, max_iter=self.max_iter, tol=self.tol, **options
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
            callbacks=epoch_callbacks(self),
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
    solver : {"lbfgs", "adam", "scg", "cg", "oss", "gdx", "gda"}, default="lbfgs"
        ``"lbfgs"``: L-BFGS on the whole training set (:data:`zoo._core.solvers.
        FULL_BATCH_SOLVERS`, scipy's L-BFGS-B), converged when the largest gradient component is
        at most ``tol`` after an iteration; ``"adam"``: minibatch Adam through zoo's training
        loop (and ``partial_fit``).
        "scg", "cg", "oss", "gdx" and "gda" are the table's other first-order solvers (MATLAB's
        ``trainscg``, ``traincgb``, ``trainoss``, ``traingdx``, ``traingda``; see
        :class:`zoo.MLPClassifier`'s ``solver``).
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
    warm_start : bool, default=False
        When fitted, ``fit`` continues from the fitted prototypes (and :math:`\Omega`) instead of
        initialising them anew, and trains again for its budget: a new L-BFGS run, or Adam
        restarted (its moments and step count from zero); ``loss_curve_`` goes on, ``n_iter_``
        counts this fit's iterations, ``beta="auto"`` keeps the fitted ``beta_`` (the same cost)
        and the random stream continues. ``X`` must have the fitted width and ``y`` the fitted
        classes (ValueError otherwise). On an unfitted model, the same as a cold fit.
"""
