"""The general regression neural network (Specht 1991); the kernel networks' overview and
window computation are in :mod:`zoo.rbf._pnn`."""

from numbers import Real

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin, _fit_context
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.kernels import check_window_width
from .._core.validation import check_distance_scale, positive_weight_rows
from ._pnn import _log_windows


class GRNNRegressor(RegressorMixin, BaseEstimator):
    r"""General regression neural network (Specht 1991): Nadaraya–Watson kernel regression.

    One pattern unit per training sample; the prediction is the window-weighted mean of the
    training targets,

    .. math:: \hat y(x) = \frac{\sum_i y_i \exp(-D_i^2/2\sigma^2)}{\sum_i \exp(-D_i^2/2\sigma^2)},
              \qquad D_i^2 = \lVert x - x_i\rVert^2 ,

    the conditional mean :math:`E[y \mid x]` under a Parzen estimate of the joint density. zoo
    subtracts the smallest :math:`D_i^2` of each test point before exponentiating (the ratio is
    unchanged), so the largest weight is 1 and the denominator never underflows. As
    :math:`\sigma \to 0` the GRNN becomes 1-nearest-neighbour regression; as
    :math:`\sigma \to \infty` it predicts the mean of ``y``.

    With sample weights :math:`w_i` each pattern unit's window is weighted,

    .. math:: \hat y(x) = \frac{\sum_i w_i y_i \exp(-D_i^2/2\sigma^2)}
              {\sum_i w_i \exp(-D_i^2/2\sigma^2)},

    the conditional mean under the weighted Parzen estimate: an integer weight is exactly that
    many copies of the sample (to rounding).

    The network is built in one shot (``fit`` stores the pattern units): there are no training
    epochs, hence no callbacks and no ``warm_start``; a second ``fit`` replaces the units.

    Parameters
    ----------
    sigma : float, default=1.0
        Smoothing parameter: the width of the Gaussian windows (scale the input first).

    Attributes
    ----------
    X_train_ : ndarray of shape (n_samples, n_features)
    y_train_ : ndarray of shape (n_samples,) or (n_samples, n_outputs)
    pattern_weights_ : ndarray of shape (n_samples,) or None
        The units' weights :math:`w_i` (None without ``sample_weight``); the samples of weight 0
        are not stored.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    References
    ----------
    .. [1] Specht, D. F. (1991). A general regression neural network. IEEE Transactions on Neural
       Networks 2(6), 568-576.
    .. [2] Nadaraya, E. A. (1964). On estimating regression. Theory of Probability and its
       Applications 9(1), 141-142.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.rbf import GRNNRegressor
    >>> X = np.linspace(0, 2 * np.pi, 200).reshape(-1, 1)
    >>> grnn = GRNNRegressor(sigma=0.1).fit(X, np.sin(X).ravel())
    >>> np.round(grnn.predict([[np.pi / 2]]), 2)
    array([1.])
    """

    _parameter_constraints: dict = {"sigma": [Interval(Real, 0, None, closed="neither")]}

    def __init__(self, *, sigma=1.0):
        self.sigma = sigma

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Store the training samples and targets as pattern units.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        sample_weight : array-like of shape (n_samples,), default=None
            Weight :math:`w_i` of each sample's window in the weighted mean (see above): an
            integer weight is that many copies of the sample, a weight of 0 drops it (None: all
            1).

        Returns
        -------
        self : GRNNRegressor
        """
        X, y = validate_data(
            self,
            X,
            y,
            dtype=(np.float64, np.float32),
            multi_output=True,
            y_numeric=True,
            reset=True,
        )
        check_distance_scale(X, type(self).__name__)
        check_window_width(self.sigma, X.dtype, type(self).__name__)
        if not np.isfinite(y.astype(X.dtype)).all():
            raise ValueError(
                f"{type(self).__name__}: y has values too large for {X.dtype} "
                f"(largest {np.max(np.abs(y)):.3g})."
            )
        sample_weight, X, y = positive_weight_rows(sample_weight, X, y)
        # an owned C-ordered copy: validate_data returns the caller's array itself when it is
        # already valid, and a model holding it changes with the caller's buffer
        self.X_train_ = X.copy()
        self.y_train_ = y.astype(X.dtype)
        self.pattern_weights_ = None if sample_weight is None else sample_weight.copy()
        return self

    def predict(self, X):
        """Kernel-weighted mean of the training targets (chunks of test points).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        Y = self.y_train_.reshape(self.X_train_.shape[0], -1)
        prediction = np.empty((X.shape[0], Y.shape[1]), dtype=X.dtype)
        for rows, log_phi in _log_windows(self, X):
            # w_ri = exp(log w_ri): the nearest window's weight is 1, so sum_i w_i >= 1
            weights = np.exp(log_phi, out=log_phi)
            if self.pattern_weights_ is not None:
                weights *= (
                    self.pattern_weights_
                )  # w_i phi_i            # y_hat = sum_i w_i y_i / sum_i w_i
            np.matmul(weights, Y, out=prediction[rows])
            prediction[rows] /= weights.sum(axis=1, keepdims=True)
        return prediction[:, 0] if self.y_train_.ndim == 1 else prediction
