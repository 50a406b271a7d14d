r"""Complement coding (Carpenter, Grossberg & Rosen 1991) as a scikit-learn transformer."""

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin, _fit_context
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.art import check_unit_interval, complement_code


class ComplementCoder(TransformerMixin, BaseEstimator):
    r"""Complement coding: :math:`x \in [0, 1]^M \mapsto I = (x, 1 - x) \in [0, 1]^{2M}`.

    Every coded input has the same norm, :math:`|I| = M`, which keeps Fuzzy ART's categories from
    proliferating (no category can shrink towards the origin) and turns a prototype into a
    hyper-box. Use it in a Pipeline after a scaler, then give the ART estimator
    ``complement_coding=False``. The transformer is stateless apart from the input width: a
    fixed coding with nothing to learn, so it takes no callbacks (there are no training passes
    to report), no ``sample_weight`` (no statistic of the data to weigh) and no ``warm_start``
    (nothing to continue from).

    Parameters
    ----------
    clip : bool, default=True
        Input outside [0, 1] is clipped with a warning (new data outside a MinMaxScaler's
        training range, for instance); False raises a ValueError instead.

    Attributes
    ----------
    n_features_in_ : int
    feature_names_in_ : ndarray

    References
    ----------
    .. [1] Carpenter, G. A., Grossberg, S., & Rosen, D. B. (1991). Fuzzy ART: Fast stable learning
       and categorization of analog patterns by an adaptive resonance system. Neural Networks,
       4(6), 759-771.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import MinMaxScaler
    >>> from zoo.art import ComplementCoder, FuzzyARTMAP
    >>> ComplementCoder().fit_transform([[0.25, 1.0]]).tolist()
    [[0.25, 1.0, 0.75, 0.0]]
    >>> X, y = [[0.0, 10.0], [1.0, 20.0], [9.0, 0.0], [10.0, 5.0]], [0, 0, 1, 1]
    >>> model = make_pipeline(MinMaxScaler(), ComplementCoder(),
    ...                       FuzzyARTMAP(complement_coding=False)).fit(X, y)
    >>> model.predict([[0.5, 15.0], [9.5, 2.0]]).tolist()
    [0, 1]
    """

    _input_domain = "unit_interval"
    _compare_params = None  # an input encoding, not a model: zoo compare leaves it out

    _parameter_constraints: dict = {"clip": ["boolean"]}

    def __init__(self, *, clip=True):
        self.clip = clip

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Record the input width (nothing is learned).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self : ComplementCoder
        """
        validate_data(self, X, dtype=(np.float64, np.float32), reset=True)
        return self

    def transform(self, X):
        """``[x, 1 - x]`` of every row.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), values in [0, 1]

        Returns
        -------
        I : ndarray of shape (n_samples, 2 * n_features)
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        return complement_code(check_unit_interval(X, self.clip, type(self).__name__))

    def inverse_transform(self, X):
        """The first half of the columns: ``x`` from ``[x, 1 - x]``.

        Parameters
        ----------
        X : array-like of shape (n_samples, 2 * n_features)

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != 2 * self.n_features_in_:
            raise ValueError(
                f"Expected complement-coded X with {2 * self.n_features_in_} "
                f"features, got shape {X.shape}."
            )
        return X[:, : self.n_features_in_]

    def get_feature_names_out(self, input_features=None):
        """``x0 ... x(M-1)`` followed by ``1-x0 ... 1-x(M-1)``."""
        names = OneToOneFeatureMixin.get_feature_names_out(self, input_features)
        return np.concatenate([names, np.array([f"1-{name}" for name in names], dtype=object)])

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
