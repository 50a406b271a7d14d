r"""Specht's kernel networks: one Gaussian pattern unit per training sample, no training.

Both networks store the training set and evaluate, for a test point :math:`x`, the Gaussian
(Parzen) window of every training sample,

.. math:: \log\varphi_i(x) = -\frac{\lVert x - x_i\rVert^2}{2\sigma^2},

in the log domain and relative to each test point's nearest window
(:func:`zoo._core.kernels.parzen_log_weights`), so that far-away points or a small :math:`\sigma`
never make every window underflow to 0 and a ratio 0/0. Test points are processed in chunks:
memory is bounded by a ``(chunk, n_train)`` distance block, never ``n_test × n_train × n_features``.
"""

from numbers import Real

import numpy as np
from scipy.special import logsumexp, softmax
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.distances import row_chunks, squared_euclidean, squared_norms
from .._core.kernels import check_window_width, parzen_log_weights
from .._core.validation import check_distance_scale, encode_class_labels, positive_weight_rows


def _log_windows(estimator, X):
    """Yield (rows, log w) blocks of test chunks: log w_ri = -(D_ri - min_i D_ri) / (2 sigma^2).

    Each row is shifted by its nearest window's log-weight, a constant per test point that cancels
    in the PNN's posterior and the GRNN's weighted mean.
    """
    name = type(estimator).__name__
    check_distance_scale(X, name)
    check_window_width(estimator.sigma, X.dtype, name)
    X_train = estimator.X_train_
    X_train_sq = squared_norms(X_train)
    for rows in row_chunks(X.shape[0], X_train.shape[0]):
        D = squared_euclidean(X[rows], X_train, C_sq=X_train_sq)
        yield rows, parzen_log_weights(D, estimator.sigma)


class PNNClassifier(ClassifierMixin, BaseEstimator):
    r"""Probabilistic neural network (Specht 1990): Bayes' rule on Parzen-window class densities.

    Each class density is estimated by Gaussian Parzen windows on its :math:`n_k` training samples,

    .. math:: \hat f_k(x) = \frac{1}{n_k (2\pi)^{d/2}\sigma^d}\sum_{i: y_i = k}
              \exp\!\left(-\frac{\lVert x - x_i\rVert^2}{2\sigma^2}\right),

    and the posterior is :math:`P(k \mid x) \propto \pi_k \hat f_k(x)` with class priors
    :math:`\pi_k` (the constant :math:`(2\pi)^{d/2}\sigma^d` cancels). zoo computes
    :math:`\log \pi_k - \log n_k + \operatorname{logsumexp}_i(-\lVert x - x_i\rVert^2/2\sigma^2)`
    and normalises with a softmax, which never underflows. With the default empirical priors
    :math:`\pi_k = n_k/n` the class score is simply the sum of the class's windows. As
    :math:`\sigma \to 0` the PNN becomes the nearest-neighbour rule; as :math:`\sigma \to \infty`
    it predicts the most probable class a priori.

    With sample weights :math:`w_i` each class density is the weighted Parzen estimate and the
    empirical priors are the classes' shares of the total weight,

    .. math:: \hat f_k(x) \propto \frac{\sum_{i: y_i = k} w_i \exp(-\lVert x - x_i\rVert^2
              / 2\sigma^2)}{\sum_{i: y_i = k} w_i}, \qquad
              \pi_k = \frac{\sum_{i: y_i = k} w_i}{\sum_i w_i},

    so an integer weight is exactly that many copies of the sample (to rounding).

    The network is built in one shot (``fit`` stores the pattern units): there are no training
    epochs, hence no callbacks and no ``warm_start``; a second ``fit`` replaces the units.

    Parameters
    ----------
    sigma : float, default=1.0
        Smoothing parameter: the width of the Gaussian windows (scale the input first).
    priors : array-like of shape (n_classes,) or None, default=None
        Class priors :math:`\pi_k` in the order of ``classes_``; None uses the class frequencies.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    class_count_ : ndarray of shape (n_classes,)
        :math:`n_k`; with ``sample_weight``, the classes' total weights :math:`\sum_{i: y_i = k}
        w_i` (as scikit-learn's ``GaussianNB``).
    class_prior_ : ndarray of shape (n_classes,)
        :math:`\pi_k`.
    X_train_ : ndarray of shape (n_samples, n_features)
        The pattern units (training samples, sorted by class; without those of weight 0).
    pattern_weights_ : ndarray of shape (n_samples,) or None
        The units' weights :math:`w_i` in the order of ``X_train_`` (None without
        ``sample_weight``).
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    References
    ----------
    .. [1] Specht, D. F. (1990). Probabilistic neural networks. Neural Networks 3(1), 109-118.
    .. [2] Parzen, E. (1962). On estimation of a probability density function and mode. Annals of
       Mathematical Statistics 33(3), 1065-1076.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from zoo.rbf import PNNClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> pnn = PNNClassifier(sigma=0.3).fit(X, y)
    >>> round(pnn.score(X, y), 2)
    0.99
    """

    _parameter_constraints: dict = {
        "sigma": [Interval(Real, 0, None, closed="neither")],
        "priors": ["array-like", None],
    }

    def __init__(self, *, sigma=1.0, priors=None):
        self.sigma = sigma
        self.priors = priors

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Store the training samples as pattern units, grouped by class.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Weight :math:`w_i` of each sample's window in its class density, and of the sample
            in the empirical priors (see above): an integer weight is that many copies of the
            sample, a weight of 0 drops it (None: all 1).

        Returns
        -------
        self : PNNClassifier
        """
        X, y = validate_data(self, X, y, dtype=(np.float64, np.float32), reset=True)
        check_distance_scale(X, type(self).__name__)
        check_window_width(self.sigma, X.dtype, type(self).__name__)
        sample_weight, X, y = positive_weight_rows(sample_weight, X, y)
        self.classes_, y_index = encode_class_labels(y, type(self).__name__)
        order = np.argsort(y_index, kind="stable")
        self.X_train_ = X[order]
        units = np.bincount(y_index, minlength=len(self.classes_))
        self.pattern_weights_ = None
        if sample_weight is None:
            self.class_count_ = units
            total = X.shape[0]
        else:
            self.pattern_weights_ = sample_weight[order]
            # W_k = sum_{i in k} w_i
            self.class_count_ = np.bincount(y_index, weights=sample_weight, minlength=len(units))
            total = self.class_count_.sum()
        if self.priors is None:
            priors = self.class_count_ / total
        else:
            priors = np.asarray(self.priors, dtype=np.float64)
            if priors.shape != self.classes_.shape:
                raise ValueError(
                    f"priors has {priors.size} entries but there are {len(self.classes_)} classes."
                )
            if (priors <= 0).any() or not np.isclose(priors.sum(), 1.0):
                raise ValueError("priors must be positive and sum to 1.")
        self.class_prior_ = priors.astype(X.dtype)
        self._class_bounds = np.concatenate([[0], np.cumsum(units)])
        return self

    def _joint_log_likelihood(self, X):
        """log pi_k - log n_k + logsumexp_{i in k} log phi_i, chunk by chunk (up to a constant per
        row: the log-windows are relative to the row's nearest window); with sample weights
        log pi_k - log W_k + log sum_{i in k} w_i phi_i."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        bounds, weights = self._class_bounds, self.pattern_weights_
        scores = np.empty((X.shape[0], len(self.classes_)), dtype=X.dtype)
        for rows, log_phi in _log_windows(self, X):
            for k in range(len(self.classes_)):
                block = slice(bounds[k], bounds[k + 1])
                if weights is None:
                    scores[rows, k] = logsumexp(log_phi[:, block], axis=1)
                else:
                    scores[rows, k] = logsumexp(log_phi[:, block], axis=1, b=weights[block])
        scores += np.log(self.class_prior_) - np.log(self.class_count_).astype(X.dtype)
        return scores

    def predict_proba(self, X):
        """Posterior :math:`P(k \\mid x) = \\pi_k \\hat f_k(x) / \\sum_l \\pi_l \\hat f_l(x)`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        return softmax(self._joint_log_likelihood(X), axis=1)

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`, computed without underflow.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        scores = self._joint_log_likelihood(X)
        return scores - logsumexp(scores, axis=1, keepdims=True)

    def predict(self, X):
        """Bayes decision: the class of largest :math:`\\pi_k \\hat f_k(x)`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        scores = self._joint_log_likelihood(X)
        return self.classes_[scores.argmax(axis=1)]
