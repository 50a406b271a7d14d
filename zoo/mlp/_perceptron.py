r"""Rosenblatt's perceptron: a drop-in superset of scikit-learn's ``Perceptron``.

Every constructor parameter of ``sklearn.linear_model.Perceptron`` is here with the same name,
default and meaning (``penalty``, ``alpha``, ``l1_ratio``, ``fit_intercept``, ``max_iter``, ``tol``,
``shuffle``, ``verbose``, ``eta0``, ``n_jobs``, ``random_state``, ``early_stopping``,
``validation_fraction``, ``n_iter_no_change``, ``class_weight``, ``warm_start``), and so are
``fit(X, y, coef_init, intercept_init, sample_weight)``, ``partial_fit`` and the fitted attributes.
zoo adds Gallant's ``pocket``, the batch perceptron rule (``batch_size``) and ``loss_curve_``.
"""

from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.callback import CallbackSupportMixin
from sklearn.utils import check_random_state, compute_class_weight
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import _check_partial_fit_first_call
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.callbacks import close_callbacks, epoch_callbacks, open_callbacks
from .._core.penalties import CumulativeL1, l2_decay
from .._core.training import (
    Criterion,
    History,
    Monitor,
    fit_epochs,
    iter_epochs,
    validation_split,
)
from .._core.validation import (
    check_at_least_two_classes,
    check_class_weight,
    check_classification_target_kind,
    check_input_scale,
    check_sample_weight,
    known_class_index,
)


def _squared_row_norms(X):
    """|x_i|^2 of every row, dense or CSR, in float64."""
    if sp.issparse(X):
        return np.asarray(X.multiply(X).sum(axis=1), dtype=np.float64).ravel()
    return np.einsum("ij,ij->i", X, X, dtype=np.float64)


#: Samples the online rule is handed at a time by the training loop (it still updates per sample).
_ONLINE_BATCH = 512


class Perceptron(CallbackSupportMixin, ClassifierMixin, BaseEstimator):
    r"""Rosenblatt's perceptron (1958), a drop-in superset of scikit-learn's ``Perceptron``.

    Each output unit is a McCulloch-Pitts threshold unit with net input
    :math:`z = x \cdot w + b` (``b`` is minus the threshold). With the target written
    :math:`y = \pm 1`, the perceptron rule updates a unit on every presented sample it does not
    get strictly right:

    .. math:: \text{if } y z \le 0: \quad w \leftarrow w + \eta\, c\, y\, x, \qquad
              b \leftarrow b + \eta\, c\, y

    (:math:`c` is the sample's weight times its class weight). This is stochastic gradient descent
    on the perceptron criterion :math:`\max(0, -y z)`, the criterion ``loss_curve_`` records per
    epoch (mean over samples, summed over units) and the ``tol`` rule watches, exactly as in
    scikit-learn. With ``penalty``, each sample also applies the elastic-net penalty
    :math:`\alpha(\tfrac{1-\rho}{2}\lVert w\rVert^2 + \rho\lVert w\rVert_1)`: the L2 part as the
    decay :math:`w \leftarrow (1 - (1-\rho)\eta\alpha) w` and the L1 part as Tsuruoka et al.'s
    cumulative penalty (:mod:`zoo._core.penalties`). With ``batch_size > 1`` the updates of a
    minibatch are summed (the batch perceptron rule) and the penalty is applied once per minibatch.

    Binary problems use one unit; with K classes there is one unit per class, each trained on "its
    class vs the rest" with its own sample order, patience and pocket (scikit-learn's one-vs-rest
    reduction), and the prediction is the class whose unit has the largest net input. By the
    perceptron convergence theorem (Novikoff 1962) an epoch without a mistake comes on linearly
    separable data: without a penalty, training stops there. On non-separable data (XOR, Minsky &
    Papert 1969) it never settles, and ``pocket=True`` (Gallant 1990) keeps the weights that made
    the fewest training errors at the end of any epoch.

    Parameters
    ----------
    penalty : {"l2", "l1", "elasticnet"} or None, default=None
        The regularisation term.
    alpha : float, default=0.0001
        Penalty strength :math:`\alpha`.
    l1_ratio : float, default=0.15
        :math:`\rho` of the elastic net (``penalty="elasticnet"`` only).
    fit_intercept : bool, default=True
        Learn the threshold; False fixes :math:`b = 0`.
    max_iter : int, default=1000
        Maximum number of epochs.
    tol : float or None, default=1e-3
        Stop when the epoch criterion has not fallen below ``best - tol`` for
        ``n_iter_no_change`` epochs in a row (with early stopping: the validation accuracy has not
        risen above ``best + tol``). None runs ``max_iter`` epochs (or until no mistake is made).
    shuffle : bool, default=True
        Present the samples in a new random order each epoch.
    verbose : int, default=0
        Print one line per epoch.
    eta0 : float, default=1.0
        Learning rate :math:`\eta`.
    n_jobs : int or None, default=None
        Accepted for scikit-learn compatibility: zoo trains the one-vs-rest units together, in one
        pass over the data, so there is nothing to parallelise.
    random_state : int, RandomState instance or None, default=0
        Seeds the sample order and the validation split.
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the data (stratified) and stop when its accuracy stops
        improving; the weights of the best epoch are kept (zoo's one early-stopping rule).
    validation_fraction : float, default=0.1
    n_iter_no_change : int, default=5
        Epochs without improvement before stopping.
    class_weight : dict, "balanced" or None, default=None
        Weights of the classes in the updates (one-vs-rest: the unit of class k weighs its positive
        samples by the weight of class k, as scikit-learn does).
    warm_start : bool, default=False
        Continue from the previous solution.
    pocket : bool, default=False
        Keep the weights with the fewest training errors (Gallant's pocket algorithm).
    batch_size : int, default=1
        1 is Rosenblatt's online rule.
    normalized_rule : bool, default=False
        The normalised perceptron rule (MATLAB's ``learnpn``): every update is divided by
        :math:`\sqrt{1 + \lVert x\rVert^2}`, the length of the input with its bias component,
        :math:`w \leftarrow w + \eta\, c\, y\, x / \sqrt{1 + \lVert x\rVert^2}` (and
        :math:`b` by the same step), so an outlying input of large norm does not swamp the
        others. The mistakes, and so the convergence theorem, are those of the plain rule; only
        the step lengths change. (MATLAB normalises a bias's constant input on its own, a step of
        :math:`1/\sqrt2`; zoo scales the weights and the bias of one update alike.)

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
    intercept_ : ndarray of shape (1,) or (n_classes,)
    n_iter_ : int
        Epochs run.
    t_ : int
        Samples presented plus one, as scikit-learn counts (``n_iter_ * n_samples + 1``).
    loss_curve_ : list of float
        The perceptron criterion :math:`\frac1n\sum_i \max(0, -y_i z_i)` of each epoch, measured
        while presenting it (with K units, their mean; a unit that stopped keeps its last value).
    n_features_in_ : int
    feature_names_in_ : ndarray

    References
    ----------
    Rosenblatt, F. (1958). The perceptron: a probabilistic model for information storage and
    organization in the brain. Psychological Review 65(6), 386-408.

    Gallant, S. I. (1990). Perceptron-based learning algorithms. IEEE Transactions on Neural
    Networks 1(2), 179-191.

    Tsuruoka, Y., Tsujii, J. & Ananiadou, S. (2009). Stochastic gradient descent training for
    L1-regularized log-linear models with cumulative penalty. ACL-IJCNLP, 477-485.

    Minsky, M. & Papert, S. (1969). Perceptrons. MIT Press.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.mlp import Perceptron
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> Perceptron().fit(X, [0, 0, 0, 1]).predict(X).tolist()  # AND is separable
    [0, 0, 0, 1]
    """

    #: What ``loss_curve_`` records, as ``verbose`` lines and ``zoo compare``'s report name it.
    _loss_curve_quantity = "perceptron criterion"

    _parameter_constraints: dict = {
        "penalty": [StrOptions({"l2", "l1", "elasticnet"}), None],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both")],
        "fit_intercept": ["boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left"), None],
        "shuffle": ["boolean"],
        "verbose": ["verbose"],
        "eta0": [Interval(Real, 0, None, closed="neither")],
        "n_jobs": [Integral, None],
        "random_state": ["random_state"],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "class_weight": [StrOptions({"balanced"}), dict, None],
        "warm_start": ["boolean"],
        "pocket": ["boolean"],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "normalized_rule": ["boolean"],
    }

    def __init__(
        self,
        *,
        penalty=None,
        alpha=0.0001,
        l1_ratio=0.15,
        fit_intercept=True,
        max_iter=1000,
        tol=1e-3,
        shuffle=True,
        verbose=0,
        eta0=1.0,
        n_jobs=None,
        random_state=0,
        early_stopping=False,
        validation_fraction=0.1,
        n_iter_no_change=5,
        class_weight=None,
        warm_start=False,
        pocket=False,
        batch_size=1,
        normalized_rule=False,
    ):
        self.penalty = penalty
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.verbose = verbose
        self.eta0 = eta0
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.class_weight = class_weight
        self.warm_start = warm_start
        self.pocket = pocket
        self.batch_size = batch_size
        self.normalized_rule = normalized_rule

    # ------------------------------------------------------------------ the penalty
    def _rho(self):
        """The elastic net's L1 share: 1 for "l1", 0 for "l2", ``l1_ratio`` for "elasticnet"."""
        return {"l1": 1.0, "l2": 0.0, "elasticnet": self.l1_ratio}.get(self.penalty, 0.0)

    def _decay(self):
        """The L2 part's factor per step (1 without an L2 part)."""
        if self.penalty is None:
            return 1.0
        return l2_decay(self.eta0, self.alpha, self._rho())

    # ------------------------------------------------------------------ training
    def _targets(self, y_index):
        """``Y`` of +-1 per unit and the class weight of each sample for each unit."""
        n_units = self.coef_.shape[0]
        if n_units == 1:
            positive = (y_index == 1)[:, np.newaxis]
            weight_pos, weight_neg = self._class_weights[1], self._class_weights[0]
            weights = np.where(positive, weight_pos, weight_neg)
        else:
            positive = y_index[:, np.newaxis] == np.arange(n_units)
            weights = np.where(positive, self._class_weights[np.newaxis, :], 1.0)
        return np.where(positive, 1.0, -1.0), weights

    def _fit(
        self,
        X,
        y,
        incremental,
        classes=None,
        coef_init=None,
        intercept_init=None,
        sample_weight=None,
    ):
        # what ScoringMonitor's scorers predict on and weigh by: the user's, not class-weighted
        given = dict(X=X, y=y, sample_weight=sample_weight)
        first_pass = not hasattr(self, "coef_") or (not self.warm_start and not incremental)
        X, y = validate_data(
            self, X, y, dtype=(np.float64, np.float32), accept_sparse="csr", reset=first_pass
        )
        check_input_scale(X, type(self).__name__)
        check_classification_target_kind(y)
        if self.pocket and self.early_stopping:
            raise ValueError("pocket and early_stopping both choose the weights: pick one.")
        if first_pass:
            self.classes_ = np.unique(classes if classes is not None else y)
            check_at_least_two_classes(self.classes_, type(self).__name__)
            n_units = 1 if len(self.classes_) == 2 else len(self.classes_)
            self.coef_ = np.zeros((n_units, X.shape[1]), dtype=X.dtype)
            self.intercept_ = np.zeros(n_units, dtype=X.dtype)
            self._histories = [History() for _ in range(n_units)]
            self._cumulative_l1 = [None] * n_units
            random_state = check_random_state(self.random_state)
            # one generator per binary problem, seeded as scikit-learn's one-vs-rest seeds them
            self._unit_rngs = [
                np.random.RandomState(seed)
                for seed in random_state.randint(np.iinfo(np.int32).max, size=n_units)
            ]
            if incremental and self.class_weight == "balanced":
                raise ValueError(
                    "class_weight 'balanced' is not supported for partial_fit: the class "
                    "frequencies of the stream are unknown; pass a dict of weights instead."
                )
        y_index = known_class_index(y, self.classes_)  # names a label outside ``classes``
        if first_pass:
            self._class_weights = compute_class_weight(
                check_class_weight(self.class_weight), classes=self.classes_, y=y
            ).astype(X.dtype)
        if coef_init is not None:
            self.coef_[...] = np.asarray(coef_init, dtype=X.dtype).reshape(self.coef_.shape)
        if intercept_init is not None:
            self.intercept_[...] = np.asarray(intercept_init, dtype=X.dtype).reshape(-1)
        sample_weight = check_sample_weight(sample_weight, X)
        Y, weights = self._targets(y_index)
        Y = Y.astype(X.dtype)
        weights = weights * sample_weight[:, np.newaxis]
        if self.normalized_rule:
            # learnpn: the update is eta c y x / sqrt(1 + |x|^2), a sample's weight c scaled
            weights /= np.sqrt(1.0 + _squared_row_norms(X))[:, np.newaxis]
        weights = weights.astype(X.dtype)
        train = held_out = None
        if self.early_stopping and not incremental:
            train, held_out = validation_split(
                X.shape[0],
                self.validation_fraction,
                self._unit_rngs[0],
                stratify=y_index,
            )
        # one-vs-rest: each unit is its own binary problem, with its own sample order, patience
        # and best weights (scikit-learn's reduction); n_iter_ is the longest of them
        units = [
            (k, X, Y[:, k], weights[:, k], sample_weight, train, held_out, incremental, first_pass)
            for k in range(self.coef_.shape[0])
        ]
        if not incremental:
            # one callback task per epoch of the units trained side by side
            open_callbacks(self, **given, max_epochs=self.max_iter)
        callbacks = epoch_callbacks(self)
        if callbacks is None:
            self.n_iter_ = max(self._train_unit(*unit) for unit in units)
        else:
            self.n_iter_ = self._train_side_by_side(units, callbacks)
        close_callbacks(self)
        history = self._histories[0]
        history.publish(self)
        self.loss_curve_ = self._mean_curve()
        self.t_ = history.t + 1  # samples presented, plus one (scikit-learn's count)
        return self

    def _train_side_by_side(self, units, callbacks):
        """Train the units an epoch each in turn (:func:`~zoo._core.training.iter_epochs`), so
        that an epoch of the callbacks is one epoch of every unit still training; a callback's
        stop ends every unit there. Each unit trains as it does alone (its own sample order,
        patience, pocket and mistakes, an epoch at a time); the longest run is returned."""
        runs = {}
        for unit in units:
            args, options = self._unit_epochs(*unit)
            runs[unit[0]] = (iter_epochs(*args, **options), args[2])
        n_epochs = [0] * len(units)

        def advance(k, run):
            try:
                n_epochs[k] = next(run)
            except StopIteration as done:  # the unit's run ended (its epochs in done.value)
                n_epochs[k] = done.value
                del runs[k]

        while runs:
            callbacks.begin_epoch()
            for k, (run, _) in list(runs.items()):
                advance(k, run)
            if callbacks.end_epoch():
                for k, (run, monitor) in list(runs.items()):
                    monitor.stopped_by_callback = True  # ends the run before another epoch
                    advance(k, run)
                break
        return max(n_epochs)

    def _train_unit(self, *unit):
        """Train one unit (:meth:`_unit_epochs`) through the shared loop; its epochs."""
        args, options = self._unit_epochs(*unit)
        return fit_epochs(*args, **options)

    def _unit_epochs(
        self, k, X, y_signs, weights, sample_weight, train, held_out, incremental, first_pass
    ):
        """The training of unit ``k`` (targets ``y_signs`` = +-1) through the shared loop: the
        arguments and options of :func:`~zoo._core.training.fit_epochs`."""
        W, b = self.coef_[k : k + 1], self.intercept_[k : k + 1]  # views: updated in place
        X_train, Y_train, weights_train = X, y_signs[:, np.newaxis], weights[:, np.newaxis]
        validate = None
        if held_out is not None:
            self._histories[k] = History(early_stopping=True)
            X_train, Y_train, weights_train = X[train], Y_train[train], weights_train[train]
            X_val, y_val, sw_val = X[held_out], y_signs[held_out], sample_weight[held_out]

            def validate():
                # the unit's accuracy on its binary problem, weighted as scikit-learn scores it
                correct = np.where(self._unit_input(X_val, k) > 0, 1.0, -1.0) == y_val
                return float(np.average(correct, weights=sw_val)), None

        elif self.pocket:
            # Gallant's pocket: the "validation score" is minus the training error rate, so the
            # shared monitor keeps (and restores) the weights with the fewest training errors.
            def validate():
                return -float(np.mean((self._unit_input(X, k) > 0) != (y_signs > 0))), None

            self._histories[k].start_validation()
        monitor = Monitor(
            self._histories[k],
            name=type(self).__name__,
            step_parameter=f"eta0={self.eta0}",
            # scikit-learn's SGD stops at the n_iter_no_change-th epoch without improvement,
            # the monitor after more than its patience
            n_iter_no_change=None if self.tol is None else self.n_iter_no_change - 1,
            tol=0.0 if self.tol is None else self.tol,
            verbose=self.verbose,
            params=[W, b],
            validate=validate,
            criterion=Criterion(self._loss_curve_quantity),
        )
        l1 = None
        if self._rho() > 0:
            if self._cumulative_l1[k] is None or first_pass:
                self._cumulative_l1[k] = CumulativeL1(W.shape, X.dtype)
            l1 = self._cumulative_l1[k]
        step = self._train_online if self.batch_size == 1 else self._train_batch
        self._mistakes = 0
        args = (
            lambda batch: step(W, b, X_train, Y_train, weights_train, batch, l1),
            X_train.shape[0],
            monitor,
        )
        return args, dict(
            batch_size=_ONLINE_BATCH if self.batch_size == 1 else self.batch_size,
            max_iter=self.max_iter,
            rng=self._unit_rngs[k],
            shuffle=self.shuffle,
            incremental=incremental,
            stop_when=self._no_mistake_stops_training,
            warn_at_max_iter=self.tol is not None,
        )

    def _mean_curve(self):
        """The units' criteria averaged per epoch (a unit that stopped keeps its last value)."""
        curves = [h.criterion for h in self._histories]
        length = max(len(c) for c in curves)
        padded = [c + c[-1:] * (length - len(c)) for c in curves if c]
        return np.mean(padded, axis=0).tolist() if padded else []

    def _unit_input(self, X, k):
        return np.asarray(X @ self.coef_[k]).ravel() + self.intercept_[k]

    def _no_mistake_stops_training(self, criterion):
        """Without a penalty, an epoch with no update leaves the weights as they are for good."""
        mistakes, self._mistakes = self._mistakes, 0
        return self.penalty is None and mistakes == 0

    def _train_online(self, W, b, X, Y, weights, batch, l1):
        """Rosenblatt's rule one sample at a time, in the order of ``batch``, exactly.

        Without an L1 penalty the weights change between mistakes only by the L2 decay, a known
        factor per sample, so the net inputs of a run of samples come from one product with the
        current weights (``coef = scale * W``): the rule is applied at the first sample of the run
        that needs it and the run restarts after it. The run grows while samples pass and shrinks
        after an update. The L1 penalty changes every weight at every sample: one sample a run.
        """
        eta = self.eta0
        decay = self._decay()
        rho_eta_alpha = self._rho() * eta * self.alpha
        sparse = sp.issparse(X)
        Xb, Yb, Cb = X[batch], Y[batch], weights[batch]
        n_rows, start, run, criterion, scale = Xb.shape[0], 0, 8, 0.0, 1.0
        while start < n_rows:
            if l1 is not None:
                run = 1
            scales = scale * decay ** np.arange(min(run, n_rows - start))
            Z = np.asarray(Xb[start : start + run] @ W.T) * scales[:, np.newaxis]
            Z += b  # z = x . w + b, with w = scale * W
            margin = Yb[start : start + run] * Z  # y z
            wrong = margin <= 0
            needs_update = wrong.any(axis=1)
            first = int(needs_update.argmax()) if needs_update.any() else None
            seen = len(Z) if first is None else first + 1
            criterion += float(np.maximum(-margin[:seen], 0.0).sum())  # max(0, -y z)
            scale *= decay**seen  # the L2 decay of every presented sample
            if scale == 0.0:  # eta * alpha >= 1: the decay zeroes the weights
                W[...] = 0.0
                scale = 1.0
            if first is not None:
                row = start + first
                self._mistakes += 1
                update = eta * Cb[row] * Yb[row] * wrong[first]  # eta c y, where y z <= 0
                x = Xb[row].toarray().ravel() if sparse else Xb[row]
                W += np.outer(update / scale, x)  # w += eta c y x
                if self.fit_intercept:
                    b += update  # b += eta c y
            if l1 is not None:
                W *= scale
                scale = 1.0
                columns = Xb[start].indices if sparse else None
                l1.step(W, rho_eta_alpha, columns)
            start += seen
            run = min(2 * run, 512) if first is None else max(8, run // 2)
            if scale < 1e-9:
                W *= scale
                scale = 1.0
        W *= scale
        return criterion / n_rows

    def _train_batch(self, W, b, X, Y, weights, batch, l1):
        """The batch perceptron rule: the summed updates of a minibatch, then its penalty."""
        eta = self.eta0
        Xb, Yb, Cb = X[batch], Y[batch], weights[batch]
        Z = np.asarray(Xb @ W.T) + b  # z = x . w + b
        margin = Yb * Z
        wrong = margin <= 0
        self._mistakes += int(wrong.any(axis=1).sum())
        update = eta * Cb * Yb * wrong  # eta c y where y z <= 0
        W *= self._decay()
        W += np.asarray(Xb.T @ update).T  # w += sum_i eta c_i y_i x_i
        if self.fit_intercept:
            b += update.sum(axis=0)
        if l1 is not None:
            l1.step(W, self._rho() * eta * self.alpha)
        return float(np.maximum(-margin, 0.0).sum()) / Xb.shape[0]

    def _net_input(self, X):
        return np.asarray(X @ self.coef_.T) + self.intercept_  # z = x . w + b

    # ------------------------------------------------------------------ public API
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, coef_init=None, intercept_init=None, sample_weight=None):
        """Train with the perceptron rule until an epoch makes no mistake, or the ``tol`` rule or
        ``max_iter`` stops it.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        coef_init : ndarray of shape (n_classes, n_features), default=None
            Initial weights (zeros by default).
        intercept_init : ndarray of shape (n_classes,), default=None
        sample_weight : array-like of shape (n_samples,), default=None
            Scales each sample's updates.

        Returns
        -------
        self : Perceptron
        """
        return self._fit(
            X,
            y,
            incremental=False,
            coef_init=coef_init,
            intercept_init=intercept_init,
            sample_weight=sample_weight,
        )

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """One epoch of the perceptron rule over ``X, y``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        classes : array-like, default=None
            All classes of the stream; required on the first call.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : Perceptron
        """
        first = _check_partial_fit_first_call(self, classes)
        if first:
            for attribute in ("coef_", "intercept_"):
                self.__dict__.pop(attribute, None)
        return self._fit(
            X,
            y,
            incremental=True,
            classes=self.classes_ if first else None,
            sample_weight=sample_weight,
        )

    def decision_function(self, X):
        """Net input :math:`x \\cdot w + b` of each unit (1-D for binary problems).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=(np.float64, np.float32), accept_sparse="csr", reset=False)
        check_input_scale(X, type(self).__name__)
        scores = self._net_input(X)
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict(self, X):
        """Class of the unit with the largest net input (binary: positive net input).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self.classes_[(scores > 0).astype(int)]
        return self.classes_[scores.argmax(axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags
