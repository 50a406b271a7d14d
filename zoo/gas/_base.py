r"""Neural gas and growing neural gas: prototypes that compete without a grid and learn the topology
of the data as a graph.

Both keep a codebook of units :math:`w_i` in input space, move them towards the signals they win,
and link the nearest and second-nearest unit of each signal by competitive Hebbian learning (see
:mod:`zoo._core.competitive`), so that the edges they keep trace the shape of the data. The neural
gas has a fixed number of units that share each update by their distance *rank*; the growing neural
gas starts from two units and inserts new ones where the accumulated error is largest.
"""

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClusterMixin,
    TransformerMixin,
)
from sklearn.callback import CallbackSupportMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.blas import single_threaded_blas
from .._core.callbacks import close_callbacks, epoch_callbacks, open_callbacks
from .._core.competitive import edge_list
from .._core.distances import nearest_centers, squared_euclidean, squared_norms
from .._core.feature_names import PrefixedFeaturesOutMixin
from .._core.training import Criterion, Monitor, fit_epochs
from .._core.validation import check_input_scale, check_sample_weight, drop_zero_weights

#: Units whose rank-neighbourhood share is below this are not updated online.
NEGLIGIBLE_INFLUENCE = 1e-4


class _BaseGas(
    CallbackSupportMixin, PrefixedFeaturesOutMixin, TransformerMixin, ClusterMixin, BaseEstimator
):
    """What both gases share: validation, the distances to the units, the quality measure."""

    _input_domain = "real"
    #: What ``loss_curve_`` records, as ``verbose`` lines and ``zoo compare``'s report name it.
    _loss_curve_quantity = "mean distance to the winner"
    _compare_params: dict = {}

    def _continues(self, incremental):
        """True when this call trains the fitted gas on (``partial_fit``, ``warm_start``)."""
        return hasattr(self, "cluster_centers_") and (incremental or self.warm_start)

    def _validate_for_fit(self, X, incremental, sample_weight):
        """``(X, weights, X_train, train_weights)``: the validated data and weights, and the rows
        that train with theirs (those of positive weight: zero weight is as if absent; None when
        all are 1)."""
        X = validate_data(
            self, X, dtype=(np.float64, np.float32), reset=not self._continues(incremental)
        )
        check_input_scale(X, type(self).__name__)
        if self._continues(incremental):
            X = X.astype(self.cluster_centers_.dtype, copy=False)
        weights = None if sample_weight is None else check_sample_weight(sample_weight, X)
        return (X, weights, *drop_zero_weights(weights, X)[::-1])

    def _validate_for_mapping(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        check_input_scale(X, type(self).__name__)
        return X.astype(self.cluster_centers_.dtype, copy=False)

    def _train(
        self,
        X,
        step,
        incremental,
        start_epoch=None,
        batch_size=1,
        step_parameter=None,
        given=None,
        sample_weight=None,
    ):
        r"""The epochs of this call (``max_iter``, one for ``partial_fit``) through the shared loop,
        :func:`~zoo._core.training.fit_epochs`, under one monitor, so that its divergence rule
        and verbose timing see the whole run: ``step`` presents one signal at a time in a fresh
        random order (``batch_size=1``) or all at once, returning the distance to the winner;
        ``start_epoch`` sets each epoch's annealing schedule. ``given``: the user's ``X`` of
        ``fit``, which the callbacks see (one callback task per epoch). ``sample_weight``
        weighs each signal's distance in the epoch's criterion.

        The growth rule's yardstick is also the quantization error of a one-unit codebook at the
        data's mean, :math:`\frac1n\sum_i \lVert x_i - \bar x\rVert` (as the SOM's): the start
        it compares with is the first signal's distance, ~0 when that signal lies on a unit
        (``init="sample"``), while the rules move every unit towards the signals (rates of at
        most 1), so a gas far above that yardstick has diverged, never one moving its units
        between the samples.
        """
        if not incremental and given is not None:
            open_callbacks(self, **given, max_epochs=self.max_iter)
        trivial = np.sqrt(squared_norms(X - X.mean(axis=0))).mean(dtype=np.float64)
        monitor = Monitor(
            self._history,
            name=type(self).__name__,
            n_iter_no_change=None,
            verbose=self.verbose,
            step_parameter=step_parameter,
            criterion=Criterion(self._loss_curve_quantity, reference=trivial),
            callbacks=epoch_callbacks(self),
        )
        # per-signal GEMVs are too small to share between threads
        train = single_threaded_blas(fit_epochs) if batch_size == 1 else fit_epochs
        train(
            step,
            X.shape[0],
            monitor,
            batch_size=batch_size,
            max_iter=self.max_iter,
            rng=self._rng,
            shuffle=batch_size == 1,
            incremental=incremental,
            warn_at_max_iter=False,  # the annealing schedule's length is the budget
            start_epoch=start_epoch,
            sample_weight=sample_weight,
        )
        close_callbacks(self)

    def _publish(self, X, nearest_unit=None):
        """Fitted attributes derived from the codebook and the graph after training on ``X``."""
        self.n_iter_ = self._history.n_iter
        self.loss_curve_ = self._history.criterion
        self.edges_ = edge_list(self._edge_age)
        if nearest_unit is None:
            nearest_unit = nearest_centers(X, self.cluster_centers_)[0][:, 0]
        self.labels_ = self._labels_of(nearest_unit)

    def transform(self, X):
        r"""Euclidean distances :math:`\lVert x - w_i\rVert` to every unit, (n_samples, n_units).

        In the units of X: standardise them before a linear read-out (see the class docstring).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        distances : ndarray of shape (n_samples, n_units)
        """
        X = self._validate_for_mapping(X)
        return np.sqrt(squared_euclidean(X, self.cluster_centers_))

    def predict(self, X):
        """Cluster of each sample (see ``labels_``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        labels : ndarray of shape (n_samples,)
        """
        X = self._validate_for_mapping(X)
        return self._labels_of(nearest_centers(X, self.cluster_centers_)[0][:, 0])

    def quantization_error(self, X):
        r"""Mean distance of the samples to their nearest unit,
        :math:`\frac1n\sum_i \min_j \lVert x_i - w_j\rVert` (in row chunks of bounded memory)."""
        X = self._validate_for_mapping(X)
        _, d2 = nearest_centers(X, self.cluster_centers_)
        return float(np.mean(np.sqrt(d2, dtype=np.float64)))

    def score(self, X, y=None):
        """Minus the quantization error (higher is better, for model selection)."""
        return -self.quantization_error(X)

    _feature_names_prefix = "gas_distance"

    @property
    def _n_features_out(self):
        return self.cluster_centers_.shape[0]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
