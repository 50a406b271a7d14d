"""The labelled-map classifier, :class:`SOMClassifier`: units vote their winners' majority class."""

import numpy as np
from sklearn.base import ClassifierMixin, _fit_context
from sklearn.utils.multiclass import _check_partial_fit_first_call
from sklearn.utils.validation import validate_data

from .._core.docstrings import shared_doc
from .._core.validation import (
    check_at_least_two_classes,
    check_classification_target_kind,
    check_input_scale,
    check_sample_weight,
    check_warm_start_classes,
    encode_class_labels,
    known_class_index,
)
from ._base import _SHARED_PARAMETERS, _BaseSOM


@shared_doc(shared=_SHARED_PARAMETERS)
class SOMClassifier(ClassifierMixin, _BaseSOM):
    r"""A self-organising map whose units vote: each unit takes the majority class of the
    training samples it wins, and a sample gets the class of its best-matching unit.

    The map is trained without the labels, exactly as :class:`SOM` (Kohonen's "labelled map",
    Kohonen 1990, section III). Then unit :math:`u` counts the classes of the samples it wins,
    :math:`n_{uk}`. A unit with a unique majority is labelled with it; a tied unit takes the label
    of the nearest (on the grid) unit whose unique majority is one of its tied classes, and an
    empty unit that of the nearest unit with a unique majority. ``predict_proba`` is the BMU's
    normalised counts :math:`n_{uk} / \sum_k n_{uk}` (for an empty unit, those of the unit it
    copies; for a tie, averaged with them), so ``predict`` is always its argmax.

    With ``sample_weight`` the map trains as :class:`SOM`'s does ("Sample weights" there) and the
    votes are weighted, :math:`n_{uk} = \sum_{i:\, c(x_i) = u,\, y_i = k} s_i`: integer weights
    give the votes of the repeated samples, a zero weight no vote.

    Parameters
    ----------
    {shared}

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    cluster_centers_ : ndarray of shape (n_rows * n_cols, n_features)
        The codebook :math:`w_u`.
    unit_coordinates_ : ndarray of shape (n_rows * n_cols, 2)
    unit_class_counts_ : ndarray of shape (n_rows * n_cols, n_classes)
        :math:`n_{uk}`: training samples of class :math:`k` won by unit :math:`u` (their total
        weight with ``sample_weight``).
    unit_proba_ : ndarray of shape (n_rows * n_cols, n_classes)
        Class probabilities of each unit, as returned by ``predict_proba``.
    unit_labels_ : ndarray of shape (n_rows * n_cols,)
        The class each unit predicts.
    n_iter_ : int
    loss_curve_ : list of float
        As :class:`SOM`: the mean distance to the BMU per epoch.
    quantization_errors_, topographic_errors_ : list of float
        As :class:`SOM`.
    n_features_in_ : int
    feature_names_in_ : ndarray

    References
    ----------
    .. [1] T. Kohonen, "The self-organizing map", Proceedings of the IEEE 78(9), 1464-1480, 1990.
    .. [2] T. Kohonen, "Essentials of the self-organizing map", Neural Networks 37, 52-65, 2013.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from zoo.som import SOMClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> model = make_pipeline(StandardScaler(), SOMClassifier(6, 6, random_state=0)).fit(X, y)
    >>> model.score(X, y) > 0.9
    True
    """

    _input_domain = "real"
    _compare_params: dict = {}

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        r"""Train the map on ``X`` (unsupervised; from the fitted map with ``warm_start``), then
        label its units by majority vote.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Weight :math:`s_i` of each sample in the map's training (as :meth:`SOM.fit`) and in
            the votes, :math:`n_{uk} = \sum_{c(x_i) = u, y_i = k} s_i`. Zero: as if absent.

        Returns
        -------
        self : SOMClassifier
        """
        # what the callbacks see and ScoringMonitor scores on: the user's
        given = dict(X=X, y=y, sample_weight=sample_weight)
        warm = self._continues(incremental=False)
        X, y = validate_data(
            self,
            X,
            y,
            dtype=(np.float64, np.float32),
            ensure_all_finite="allow-nan",
            reset=not warm,
        )
        check_input_scale(X, type(self).__name__)
        X = self._check_missing(X)
        classes, y_index = encode_class_labels(y, type(self).__name__)
        if warm:
            check_warm_start_classes(classes, self.classes_)
        self.classes_ = classes
        weights = None if sample_weight is None else check_sample_weight(sample_weight, X)
        X = self._train(
            X,
            incremental=False,
            given=given,
            reconstruct=lambda X: self._labels_now(X, y_index, weights),
            weights=weights,
        )
        self.unit_class_counts_ = np.zeros((self.n_units, len(self.classes_)), dtype=np.intp)
        return self._label_units(X, y_index, weights)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """One epoch of map training on ``X`` (the schedule continues as in
        :meth:`SOM.partial_fit`),
        then the votes of ``X`` are added to the units' class counts.

        The counts accumulate over the stream, each batch voting with the map as it is after its
        epoch; the unit labels and probabilities are recomputed from all counts so far.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        classes : array-like of shape (n_classes,), default=None
            Every class of the stream; required on the first call.
        sample_weight : array-like of shape (n_samples,), default=None
            As in :meth:`fit`.

        Returns
        -------
        self : SOMClassifier
        """
        first_call = _check_partial_fit_first_call(self, classes)
        X, y = validate_data(
            self,
            X,
            y,
            dtype=(np.float64, np.float32),
            ensure_all_finite="allow-nan",
            reset=first_call,
        )
        check_input_scale(X, type(self).__name__)
        X = self._check_missing(X)
        if first_call:
            check_at_least_two_classes(self.classes_, type(self).__name__)
        check_classification_target_kind(y)
        y_index = known_class_index(y, self.classes_)
        weights = None if sample_weight is None else check_sample_weight(sample_weight, X)
        X = self._train(X, incremental=True, weights=weights)
        if first_call:
            self.unit_class_counts_ = np.zeros((self.n_units, len(self.classes_)), dtype=np.intp)
        return self._label_units(X, y_index, weights)

    def _votes(self, X, y_index, weights, counts=None):
        """``counts`` (zeros by default) plus n_uk, the (weighted) votes of ``X``'s samples."""
        if counts is None:
            counts = np.zeros((self.n_units, len(self.classes_)), dtype=np.intp)
        if weights is not None:
            counts = counts.astype(np.float64)  # weighted votes: total weights
        bmu = self._nearest_units(X)[0][:, 0]
        np.add.at(counts, (bmu, y_index), 1 if weights is None else weights)
        return counts

    def _labels_now(self, X, y_index, weights=None):
        """The unit labels of the map as it is (the callbacks' fitted copy predicts with them)."""
        counts = self._votes(X, y_index, weights)
        proba = self._unit_probabilities(counts).astype(X.dtype)
        return dict(
            unit_class_counts_=counts,
            unit_proba_=proba,
            unit_labels_=self.classes_[proba.argmax(axis=1)],
        )

    def _label_units(self, X, y_index, weights=None):
        """Add the votes n_uk of X (class index y_index) and relabel the units."""
        self.unit_class_counts_ = self._votes(X, y_index, weights, self.unit_class_counts_)
        self.unit_proba_ = self._unit_probabilities(self.unit_class_counts_).astype(X.dtype)
        self.unit_labels_ = self.classes_[self.unit_proba_.argmax(axis=1)]
        return self

    def _unit_probabilities(self, counts):
        """Normalised class counts per unit; ties and empty units resolved by the nearest unit."""
        totals = counts.sum(axis=1)
        proba = counts / np.maximum(totals, 1)[:, np.newaxis]
        top = counts.max(axis=1)
        n_top = (counts == top[:, np.newaxis]).sum(axis=1)
        decided = (totals > 0) & (n_top == 1)
        if not decided.any():
            # no unit has a unique majority: every unit predicts the class frequencies
            return np.tile(counts.sum(axis=0) / counts.sum(), (self.n_units, 1))
        decided_units = np.flatnonzero(decided)
        decided_labels = counts[decided_units].argmax(axis=1)
        resolved = proba.copy()
        for u in np.flatnonzero(~decided):
            candidates = decided_units
            if totals[u] > 0:
                # a tie: only units whose majority is one of the tied classes may break it
                tied = counts[u] == top[u]
                candidates = decided_units[tied[decided_labels]]
                if candidates.size == 0:
                    continue  # argmax of its own counts: the first tied class
            nearest = candidates[np.argmin(self._grid_d2[u, candidates])]
            if totals[u] == 0:
                resolved[u] = proba[nearest]
            else:
                resolved[u] = 0.5 * (proba[u] + proba[nearest])
        return resolved

    def predict_proba(self, X):
        """Class probabilities of each sample's best-matching unit, ``(n_samples, n_classes)``."""
        X = self._validate_for_mapping(X)
        return self.unit_proba_[self._nearest_units(X)[0][:, 0]]

    def predict(self, X):
        """Class of each sample's best-matching unit."""
        X = self._validate_for_mapping(X)
        return self.unit_labels_[self._nearest_units(X)[0][:, 0]]
