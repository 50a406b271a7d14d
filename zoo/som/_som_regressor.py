"""The supervised SOM for regression (:class:`SOMRegressor`, Riese, Keller & Hinz 2020)."""

import copy

import numpy as np
from sklearn.base import RegressorMixin, _fit_context
from sklearn.utils.validation import validate_data

from .._core.docstrings import shared_doc
from .._core.neighborhoods import NEIGHBORHOODS
from .._core.validation import check_input_scale, check_sample_weight
from ._base import _SHARED_PARAMETERS, _BaseSOM


@shared_doc(shared=_SHARED_PARAMETERS)
class SOMRegressor(RegressorMixin, _BaseSOM):
    r"""A supervised self-organising map for regression (Riese, Keller & Hinz 2020): each
    unit carries an output value, and a sample gets the value of its best-matching unit.

    The map is trained on ``X`` alone, exactly as :class:`SOM`. Then the output layer: unit
    :math:`u` takes the neighbourhood-weighted mean of the targets of the samples won around it,

    .. math:: v_u = \frac{\sum_i h(\lVert r_{c(x_i)} - r_u\rVert;\ \sigma_1)\, y_i}
                        {\sum_i h(\lVert r_{c(x_i)} - r_u\rVert;\ \sigma_1)} ,

    at the final radius :math:`\sigma_1` = ``sigma_final``: the fixed point of Riese et al.'s
    supervised update :math:`v_u \leftarrow v_u + \eta\, h_{cu}\,(y - v_u)` at that radius (the
    batch map's step, applied to the targets), computed in one pass. Multi-output targets get one
    value per output; a unit that no sample's neighbourhood reaches (``bubble``, ``triangle``)
    copies the nearest reached unit on the grid; a Mexican hat is clipped at 0 for the outputs.

    With ``sample_weight`` the map trains as :class:`SOM`'s does ("Sample weights" there) and the
    outputs are the weighted means :math:`v_u = \sum_i s_i h_{u c(x_i)} y_i / \sum_i s_i
    h_{u c(x_i)}`: integer weights give the outputs of the repeated samples.

    Parameters
    ----------
    {shared}
    sigma_final : float, default=0.7
        As above, and the radius of the output layer. 0.7 rather than :class:`SOM`'s 1.0: a
        gentler smoothing of the outputs over neighbouring units (``benchmarks/bench_som.py``
        prints the R² on diabetes at both, ``regressor_smoothing``).

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_rows * n_cols, n_features)
        The codebook :math:`w_u`.
    unit_coordinates_ : ndarray of shape (n_rows * n_cols, 2)
    unit_values_ : ndarray of shape (n_rows * n_cols, n_outputs)
        :math:`v_u`, the output of each unit.
    unit_hits_ : ndarray of shape (n_rows * n_cols,)
        Training samples won by each unit (summed over ``partial_fit`` batches; their total
        weight with ``sample_weight``).
    n_outputs_ : int
    n_iter_ : int
    loss_curve_ : list of float
        As :class:`SOM`: the mean distance to the BMU per epoch.
    quantization_errors_, topographic_errors_ : list of float
        As :class:`SOM`.
    n_features_in_ : int
    feature_names_in_ : ndarray

    References
    ----------
    .. [1] F. M. Riese, S. Keller and S. Hinz, "Supervised and semi-supervised self-organizing maps
       for regression and classification focusing on hyperspectral data", Remote Sensing 12(1),
       7, 2020.
    .. [2] T. Kohonen, "Essentials of the self-organizing map", Neural Networks 37, 52-65, 2013.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.som import SOMRegressor
    >>> X = np.linspace(0, 6, 200)[:, np.newaxis]
    >>> model = SOMRegressor(1, 20, random_state=0).fit(X, np.sin(X).ravel())
    >>> round(model.score(X, np.sin(X).ravel()), 2) > 0.95
    True
    """

    _input_domain = "real"
    _compare_params: dict = {}

    def __init__(
        self,
        n_rows=10,
        n_cols=10,
        *,
        topology="rectangular",
        toroidal=False,
        neighborhood="gaussian",
        activation_distance="euclidean",
        sigma=None,
        sigma_final=0.7,
        learning_rate=0.5,
        learning_rate_final=0.01,
        decay="exponential",
        algorithm="batch",
        init="pca",
        max_iter=20,
        n_iter_no_change=None,
        tol=1e-4,
        warm_start=False,
        random_state=None,
        verbose=False,
    ):
        super().__init__(
            n_rows,
            n_cols,
            topology=topology,
            toroidal=toroidal,
            neighborhood=neighborhood,
            activation_distance=activation_distance,
            sigma=sigma,
            sigma_final=sigma_final,
            learning_rate=learning_rate,
            learning_rate_final=learning_rate_final,
            decay=decay,
            algorithm=algorithm,
            init=init,
            max_iter=max_iter,
            n_iter_no_change=n_iter_no_change,
            tol=tol,
            warm_start=warm_start,
            random_state=random_state,
            verbose=verbose,
        )

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        r"""Train the map on ``X`` (unsupervised; from the fitted map with ``warm_start``), then
        estimate each unit's output.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        sample_weight : array-like of shape (n_samples,), default=None
            Weight :math:`s_i` of each sample in the map's training (as :meth:`SOM.fit`) and in
            the outputs, :math:`v_u = \sum_i s_i h_{uc(x_i)} y_i / \sum_i s_i h_{uc(x_i)}`.
            Zero: as if absent.

        Returns
        -------
        self : SOMRegressor
        """
        return self._fit(X, y, incremental=False, sample_weight=sample_weight)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """One epoch of map training on ``X`` (the schedule continues as in
        :meth:`SOM.partial_fit`), then the targets of ``X`` are added to the units' sums and the
        outputs re-estimated from all batches so far.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        sample_weight : array-like of shape (n_samples,), default=None
            As in :meth:`fit`.

        Returns
        -------
        self : SOMRegressor
        """
        return self._fit(X, y, incremental=True, sample_weight=sample_weight)

    def _fit(self, X, y, incremental, sample_weight=None):
        # what the callbacks see and ScoringMonitor scores on: the user's
        given = dict(X=X, y=y, sample_weight=sample_weight)
        first_pass = not incremental or not hasattr(self, "unit_values_")
        X, y = validate_data(
            self,
            X,
            y,
            dtype=(np.float64, np.float32),
            multi_output=True,
            y_numeric=True,
            ensure_all_finite="allow-nan",
            reset=not self._continues(incremental),
        )
        check_input_scale(X, type(self).__name__)
        X = self._check_missing(X)
        Y = np.asarray(y, dtype=X.dtype).reshape(len(y), -1)
        if first_pass:
            self._single_output = y.ndim == 1
            self.n_outputs_ = Y.shape[1]
        elif Y.shape[1] != self.n_outputs_:
            raise ValueError(
                f"y has {Y.shape[1]} outputs, but {type(self).__name__} was fitted with "
                f"{self.n_outputs_}."
            )
        weights = None if sample_weight is None else check_sample_weight(sample_weight, X)
        X = self._train(
            X,
            incremental,
            given=given,
            reconstruct=lambda X: self._values_now(X, Y, weights),
            weights=weights,
        )
        bmu = self._nearest_units(X)[0][:, 0]
        hits, sums = self._target_sums_by_unit(bmu, Y, weights)
        if first_pass:
            self.unit_hits_, self._target_sums = hits, sums
        else:
            self.unit_hits_, self._target_sums = self.unit_hits_ + hits, self._target_sums + sums
        self.unit_values_ = self._unit_values().astype(X.dtype)
        return self

    def _target_sums_by_unit(self, bmu, Y, weights):
        """Hits n_j and target sums T_j of each unit (weighted: total weights, weighted sums)."""
        sums = np.zeros((self.n_units, self.n_outputs_))
        np.add.at(sums, bmu, Y if weights is None else weights[:, np.newaxis] * Y)
        return np.bincount(bmu, weights, minlength=self.n_units), sums

    def _values_now(self, X, Y, weights=None):
        """The unit values of the map as it is (the callbacks' fitted copy predicts with them)."""
        bmu = self._nearest_units(X)[0][:, 0]
        now = copy.copy(self)
        now.unit_hits_, sums = self._target_sums_by_unit(bmu, Y, weights)
        now._target_sums = sums
        return dict(
            unit_hits_=now.unit_hits_,
            _target_sums=sums,
            unit_values_=now._unit_values().astype(X.dtype),
        )

    def _unit_values(self):
        """v_u = sum_j h_uj T_j / sum_j h_uj n_j (T_j, n_j: target sum and hits of unit j)."""
        h = NEIGHBORHOODS[self.neighborhood](self._grid_d2, float(self.sigma_final))
        h = np.maximum(h, 0)  # a Mexican hat's negative ring would not give a weighted mean
        numerator = h @ self._target_sums
        denominator = h @ self.unit_hits_
        reached = denominator > 0
        values = np.zeros_like(numerator)
        values[reached] = numerator[reached] / denominator[reached, np.newaxis]
        if not reached.all():
            # units beyond every neighbourhood copy the nearest reached unit
            reached_units = np.flatnonzero(reached)
            nearest = reached_units[self._grid_d2[:, reached_units].argmin(axis=1)]
            values[~reached] = values[nearest[~reached]]
        return values

    def predict(self, X):
        """Output of each sample's best-matching unit, ``(n_samples,)`` or
        ``(n_samples, n_outputs)`` as ``y`` was."""
        X = self._validate_for_mapping(X)
        values = self.unit_values_[self._nearest_units(X)[0][:, 0]]
        return values[:, 0] if self._single_output else values

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = True
        return tags
