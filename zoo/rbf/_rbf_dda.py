r"""The constructive RBF classifier of Berthold & Diamond (1995), :class:`RBFDDAClassifier`."""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.callback import CallbackSupportMixin
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.callbacks import close_callbacks, epoch_callbacks, open_callbacks
from .._core.distances import row_chunks, squared_norms
from .._core.radial import radial_layer
from .._core.training import Criterion, History, Monitor
from .._core.validation import (
    check_input_scale,
    check_warm_start_classes,
    encode_class_labels,
    positive_weight_rows,
)

#: The smallest width, as a fraction of the widest: a prototype whose conflicting neighbour lies
#: on it (the same point with another label) cannot shrink to 0.
_NARROWEST = 1e-8


class RBFDDAClassifier(CallbackSupportMixin, ClassifierMixin, BaseEstimator):
    r"""RBF network grown by dynamic decay adjustment (Berthold & Diamond 1995; RSNNS ``rbfDDA``).

    Each class :math:`c` has prototypes :math:`r^c_j` with widths :math:`\sigma^c_j` and weights
    :math:`A^c_j`, and Gaussian activations :math:`R^c_j(x) = \exp(-\lVert x -
    r^c_j\rVert^2/(\sigma^c_j)^2)`; the class scores are :math:`f_c(x) = \sum_j A^c_j R^c_j(x)`
    and ``predict`` takes the largest. Training needs no number of units, no learning rate and
    no widths: it presents the training samples in order, epoch after epoch, and for each
    sample :math:`x` of class :math:`c`,

    1. *cover*: if a prototype of class :math:`c` has :math:`R^c_j(x) \ge \theta^+`, the most
       active one's weight grows, :math:`A^c_j \mathrel{+}= 1`;
    2. *commit*: otherwise a new prototype :math:`r = x`, :math:`A = 1`, is placed on it, as wide
       as the prototypes of the other classes allow, :math:`\sigma = \min_{k \ne c,\,l}
       \lVert x - r^k_l\rVert / \sqrt{-\ln\theta^-}`;
    3. *shrink*: every prototype of another class narrows until :math:`x` lies below
       :math:`\theta^-` for it, :math:`\sigma^k_l \leftarrow \min(\sigma^k_l, \lVert x -
       r^k_l\rVert/\sqrt{-\ln\theta^-})`.

    Every weight restarts at 0 each epoch; training ends after the first epoch that commits no
    prototype (typically 3 to 6). Each training sample then lies at or above :math:`\theta^+` on
    a prototype of its class and below :math:`\theta^-` on every prototype of another.

    Parameters
    ----------
    theta_plus : float, default=0.4
        :math:`\theta^+`: a sample is covered by a prototype of its class whose activation
        reaches it.
    theta_minus : float, default=0.2
        :math:`\theta^-` (at most ``theta_plus``): the largest activation a sample may give a
        prototype of another class.
    max_iter : int, default=50
        Epochs at most (a ``ConvergenceWarning`` when the last one still commits).
    verbose : bool, default=False
        One line per epoch: the fraction of presentations that committed a prototype.
    warm_start : bool, default=False
        When True and fitted, ``fit`` goes on from the fitted prototypes (their centres and
        widths; the weights are recounted, as every epoch does) with this data; on an unfitted
        classifier it is a cold fit. ``X`` must have the features and ``y`` the classes of the
        first fit, or a ValueError is raised.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    centers_ : ndarray of shape (n_prototypes, n_features)
        The prototypes :math:`r_j` (training samples), in the order committed.
    widths_ : ndarray of shape (n_prototypes,)
        :math:`\sigma_j` of :math:`R_j(x) = \exp(-\lVert x - r_j\rVert^2/\sigma_j^2)`.
    counts_ : ndarray of shape (n_prototypes,)
        :math:`A_j`: the (weighted) number of the last epoch's samples each prototype covered.
    center_classes_ : ndarray of shape (n_prototypes,)
        The class of each prototype.
    n_iter_ : int
        Epochs run.
    loss_curve_ : list of float
        Per epoch, the fraction of the (weighted) presentations that committed a new prototype;
        the last is 0 when training converged.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Notes
    -----
    The widest a prototype may be (one with no prototype of another class yet) is the width at
    which every point of the training data's bounding box is at least :math:`\theta^+`,
    :math:`\sigma_{\max} = \lVert \max X - \min X\rVert/\sqrt{-\ln\theta^+}` (the paper's is
    unbounded); the narrowest is :math:`10^{-8}\sigma_{\max}`, reached only by a sample that
    another class has on the same point.

    References
    ----------
    .. [1] Berthold, M. R. & Diamond, J. (1995). Boosting the performance of RBF networks with
       dynamic decay adjustment. Advances in Neural Information Processing Systems 7, 521-528.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from zoo.rbf import RBFDDAClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = RBFDDAClassifier().fit(X, y)
    >>> bool(clf.score(X, y) > 0.95), len(clf.centers_) < len(X) // 2
    (True, True)
    """

    _parameter_constraints: dict = {
        "theta_plus": [Interval(Real, 0, 1, closed="neither")],
        "theta_minus": [Interval(Real, 0, 1, closed="neither")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
    }

    _loss_curve_quantity = "fraction committed"

    def __init__(
        self, *, theta_plus=0.4, theta_minus=0.2, max_iter=50, verbose=False, warm_start=False
    ):
        self.theta_plus = theta_plus
        self.theta_minus = theta_minus
        self.max_iter = max_iter
        self.verbose = verbose
        self.warm_start = warm_start

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        r"""Grow and shrink prototypes, epoch after epoch, until no sample commits one.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Weights :math:`w_i \ge 0` (None: all 1). A sample of weight :math:`w` counts as
            :math:`w` consecutive presentations of it: a cover adds :math:`A \mathrel{+}= w`, a
            commit starts at :math:`A = w` (the copies after the first are covered by it; shrinking
            is the same for each copy), so the scores are :math:`f_c(x) = \sum_j A_j R_j(x)` with
            the weighted counts, and ``loss_curve_`` weighs the commits. A sample of weight 0 is
            dropped. Since DDA is online, the order matters: integer weights equal repetitions
            placed where the sample is, not repetitions elsewhere in the data.

        Returns
        -------
        self : RBFDDAClassifier
        """
        given = dict(X=X, y=y, sample_weight=sample_weight)
        if self.theta_minus > self.theta_plus:
            raise ValueError(
                f"theta_minus={self.theta_minus} must be at most theta_plus={self.theta_plus}: "
                "a sample must be covered by its class above the level it may reach on others."
            )
        warm = self.warm_start and hasattr(self, "centers_")
        X, y = validate_data(self, X, y, dtype=(np.float64, np.float32), reset=not warm)
        check_input_scale(X, type(self).__name__)
        sample_weight, X, y = positive_weight_rows(sample_weight, X, y)
        classes, y_index = encode_class_labels(y, type(self).__name__)
        if warm:
            check_warm_start_classes(classes, self.classes_)
        open_callbacks(self, **given, max_epochs=self.max_iter)
        self.classes_ = classes
        weights = np.ones(X.shape[0]) if sample_weight is None else sample_weight
        self._train(X.astype(np.float64), y_index, weights.astype(np.float64), X.dtype, warm)
        close_callbacks(self)
        return self

    def _train(self, X, labels, weights, dtype, warm):
        """The epochs of DDA on float64 copies; the prototypes end in ``dtype``."""
        n_samples, n_features = X.shape
        decay = -np.log(self.theta_minus)  # R(x) <= theta- <=> ||x - r||^2 >= decay sigma^2
        diagonal = float(np.linalg.norm(X.max(axis=0) - X.min(axis=0)))
        widest = diagonal / np.sqrt(-np.log(self.theta_plus)) if diagonal > 0 else 1.0
        narrowest = _NARROWEST * widest
        capacity = max(16, 2 * len(self.centers_)) if warm else 16
        C = np.empty((capacity, n_features))
        sigma2 = np.empty(capacity)  # sigma^2
        owner = np.empty(capacity, dtype=np.intp)
        counts = np.zeros(capacity)
        P = 0
        if warm:
            P = len(self.centers_)
            C[:P] = self.centers_
            sigma2[:P] = np.square(self.widths_.astype(np.float64))
            owner[:P] = np.searchsorted(self.classes_, self.center_classes_)
        self._history = History()
        callbacks = epoch_callbacks(self)
        if callbacks is not None:
            # what a copy predicts with as if training stopped after this epoch
            def reconstruction():
                return self._fitted(C, sigma2, counts, owner, P, dtype)

            callbacks.reconstruction = reconstruction
        monitor = Monitor(
            self._history,
            name=type(self).__name__,
            n_iter_no_change=None,
            verbose=self.verbose,
            criterion=Criterion(self._loss_curve_quantity),
            callbacks=callbacks,
        )
        total = float(weights.sum())
        self.n_iter_ = 0
        for _ in range(self.max_iter):
            monitor.begin_epoch()
            counts[:P] = 0  # the weights are recounted every epoch
            committed = 0.0
            for i in range(n_samples):  # online: one sample at a time, in order
                x, c, w = X[i], labels[i], weights[i]
                d2 = np.square(C[:P] - x).sum(axis=1)  # ||x - r_j||^2
                own = owner[:P] == c
                other = ~own
                with np.errstate(under="ignore"):
                    R = np.exp(-d2[own] / sigma2[:P][own])  # R_j(x) of the own class
                if R.size and R.max() >= self.theta_plus:  # cover
                    counts[np.flatnonzero(own)[np.argmax(R)]] += w
                else:  # commit: r = x, as wide as the other classes allow
                    if P == capacity:
                        capacity *= 2
                        arrays = (C, sigma2, owner, counts)
                        grown = (np.resize(a, (capacity, *a.shape[1:])) for a in arrays)
                        C, sigma2, owner, counts = grown
                    allowed = d2[other].min() / decay if other.any() else widest**2
                    C[P], owner[P], counts[P] = x, c, w
                    sigma2[P] = min(max(allowed, narrowest**2), widest**2)
                    P += 1
                    committed += w
                # shrink: x at most theta- on every prototype of another class
                conflicting = np.flatnonzero(other)
                shrunk = np.maximum(d2[conflicting] / decay, narrowest**2)
                np.minimum(sigma2[conflicting], shrunk, out=shrunk)
                sigma2[conflicting] = shrunk
            self.n_iter_ += 1
            monitor.record(committed / total)
            if committed == 0 or monitor.stopped_by_callback:
                break
        else:
            monitor.warn_not_converged(self.max_iter)
        self.loss_curve_ = self._history.criterion
        for name, value in self._fitted(C, sigma2, counts, owner, P, dtype).items():
            setattr(self, name, value)

    def _fitted(self, C, sigma2, counts, owner, P, dtype):
        """The fitted attributes from the training arrays' first ``P`` prototypes (copies)."""
        return dict(
            centers_=C[:P].astype(dtype),
            widths_=np.sqrt(sigma2[:P]).astype(dtype),
            counts_=counts[:P].astype(dtype),
            center_classes_=self.classes_[owner[:P]],
        )

    def decision_function(self, X):
        r"""Class scores :math:`f_c(x) = \sum_j A^c_j R^c_j(x)`; for two classes
        :math:`f_1 - f_0` (1-D).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
        """
        F = self._scores(X)
        return F[:, 1] - F[:, 0] if F.shape[1] == 2 else F

    def predict(self, X):
        """The class of the largest score (the first class where every score is 0).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        F = self._scores(X)
        return self.classes_[F.argmax(axis=1)]

    def _scores(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        check_input_scale(X, type(self).__name__)
        C = self.centers_.astype(X.dtype, copy=False)
        # exp(-d^2 / sigma^2) is the Gaussian kernel exp(-q/2) of width sigma / sqrt(2)
        widths = (self.widths_ / np.sqrt(2)).astype(X.dtype)
        coef = np.zeros((len(self.classes_), len(C)), dtype=X.dtype)
        owner = np.searchsorted(self.classes_, self.center_classes_)
        coef[owner, np.arange(len(C))] = self.counts_  # A_j in its class's row
        C_sq = squared_norms(C)
        F = np.empty((X.shape[0], len(self.classes_)), dtype=X.dtype)
        for rows in row_chunks(X.shape[0], len(C)):
            H = radial_layer(X[rows], C, widths, "gaussian", C_sq)
            np.matmul(H, coef.T, out=F[rows])
        return F

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        return tags
