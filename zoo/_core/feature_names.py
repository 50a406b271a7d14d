"""Output feature names for the transformers (``get_feature_names_out``, hence ``set_output``).

scikit-learn's ``ClassNamePrefixFeaturesOutMixin`` names the columns ``<classname><k>``, which says
which estimator made them but not what they are. :class:`PrefixedFeaturesOutMixin` names them by
what they hold (``rbm_hidden_12``, ``som_distance_3_4``): a prefix and the column's index, or its
position on a grid. :class:`RecalledFeaturesOutMixin` is for transformers whose column ``j`` is
the same quantity as input column ``j`` (the associative memories' recalled patterns).
"""

import numpy as np
from sklearn.base import OneToOneFeatureMixin
from sklearn.utils.validation import _check_feature_names_in, check_is_fitted


def prefixed_names(prefix, shape):
    """Names ``prefix_i`` (or ``prefix_i_j`` on a grid), in C order of ``shape``.

    Parameters
    ----------
    prefix : str
    shape : tuple of int
        The output columns' layout: ``(n,)`` for a list, ``(rows, cols)`` for a map.

    Returns
    -------
    names : ndarray of str objects, shape (prod(shape),)

    Examples
    --------
    >>> from zoo._core.feature_names import prefixed_names
    >>> prefixed_names("som_distance", (2, 2)).tolist()
    ['som_distance_0_0', 'som_distance_0_1', 'som_distance_1_0', 'som_distance_1_1']
    """
    names = ["_".join([prefix, *map(str, index)]) for index in np.ndindex(*shape)]
    return np.asarray(names, dtype=object)


class PrefixedFeaturesOutMixin:
    """``get_feature_names_out`` from ``_feature_names_prefix`` and ``_feature_names_shape``.

    A subclass sets ``_feature_names_prefix`` (what a column is, e.g. ``"rbm_hidden"``) and, once
    fitted, ``_n_features_out``; a map overrides ``_feature_names_shape`` (``(rows, cols)``).
    """

    @property
    def _feature_names_shape(self):
        return (self._n_features_out,)

    def get_feature_names_out(self, input_features=None):
        """Names of the columns :meth:`transform` returns.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Only checked against ``feature_names_in_`` (the output names do not depend on it).

        Returns
        -------
        feature_names_out : ndarray of str objects
            ``<prefix>_<index>`` per output column (see the class docstring).
        """
        check_is_fitted(self)
        _check_feature_names_in(self, input_features, generate_names=False)
        return prefixed_names(self._feature_names_prefix, self._feature_names_shape)


class RecalledFeaturesOutMixin(OneToOneFeatureMixin):
    """``get_feature_names_out`` for a memory whose output column j recalls input column j."""

    def get_feature_names_out(self, input_features=None):
        """Names of the columns :meth:`transform` returns: the input feature names.

        A recalled pattern is a cleaned-up version of its cue, unit for unit, so its column ``j``
        is the same quantity as input column ``j`` (a pixel, a bit of a code): a pandas user who
        stores a DataFrame of patterns gets recalled patterns with the same columns back, as
        from a scaler. Without names at fit, ``x0, x1, ...`` as scikit-learn names inputs.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Input feature names; must equal ``feature_names_in_`` when that is set.

        Returns
        -------
        feature_names_out : ndarray of str objects
        """
        return super().get_feature_names_out(input_features)
