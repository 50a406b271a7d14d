r"""ADALINE regressor: the linear units of Widrow & Hoff (1960) trained by the LMS rule."""

from sklearn.base import RegressorMixin, _fit_context

from .._core.docstrings import shared_doc
from ._adaline import _ADALINE, DOC


@shared_doc(**DOC)
class ADALINERegressor(RegressorMixin, _ADALINE):
    r"""ADALINE (Widrow & Hoff 1960), MATLAB's ``linearlayer``/``newlin`` with ``adapt``.

    Linear units :math:`\hat y = W\tilde x + b`, one per output, trained online.

    {rule}

    {delays}

    Parameters
    ----------
    {parameters}

    Attributes
    ----------
    {attributes}

    See Also
    --------
    ADALINEClassifier : the same units read through a sign (MATLAB's ``hardlims``).
    maxlinlr : the learning-rate bound.

    References
    ----------
    {references}

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.mlp import ADALINERegressor
    >>> X = np.random.default_rng(0).normal(size=(200, 2))
    >>> y = X @ [2.0, -1.0] + 0.5
    >>> model = ADALINERegressor(random_state=0).fit(X, y)
    >>> np.round(model.coef_, 2).tolist(), np.round(model.intercept_, 2).tolist()
    ([[2.0, -1.0]], [0.5])

    An adaptive FIR filter identifying an unknown path from its input ``u`` and output ``d``:

    >>> u = np.random.default_rng(1).normal(size=(2000, 1))
    >>> d = np.convolve(u[:, 0], [0.5, -0.3, 0.2])[:2000]
    >>> fir = ADALINERegressor(input_delays=[0, 1, 2], fit_intercept=False)
    >>> np.round(fir.partial_fit(u, d).coef_, 2).tolist()
    [[0.5, -0.3, 0.2]]
    """

    _y_options = dict(multi_output=True, y_numeric=True)

    def _encode_targets(self, y, first_pass, classes):
        if first_pass:
            self._single_output = y.ndim == 1
        return y.reshape(len(y), -1)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Train by the LMS rule for up to ``max_iter`` epochs.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples, or with ``input_delays`` the time steps of one series.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        sample_weight : array-like of shape (n_samples,), default=None
            Scales each sample's LMS step (the weighted mean squared error's stochastic
            gradient); zero weight leaves the weights untouched.

        Returns
        -------
        self : ADALINERegressor
        """
        return self._fit(X, y, incremental=False, sample_weight=sample_weight)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """One pass of the LMS rule over ``X, y`` in their order: the adaptive filter.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The next samples (with ``input_delays``, the stream's next time steps).
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        sample_weight : array-like of shape (n_samples,), default=None
            Scales each sample's step.

        Returns
        -------
        self : ADALINERegressor
        """
        return self._fit(X, y, incremental=True, sample_weight=sample_weight)

    def predict(self, X):
        """The linear output :math:`W\\tilde x + b` (with delays, of a new series from rest).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        """
        out = self._net_input(X)
        return out[:, 0] if self._single_output else out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags
