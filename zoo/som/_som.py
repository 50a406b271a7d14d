"""Kohonen's self-organising map (:class:`SOM`), trained online or as the batch map."""

from numbers import Integral

import numpy as np
from sklearn.base import (
    ClusterMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import validate_data

from .._core.clustering import ward_on_graph
from .._core.distances import activation_distances
from .._core.docstrings import shared_doc
from .._core.feature_names import PrefixedFeaturesOutMixin
from .._core.grid import adjacency
from .._core.validation import check_input_scale, check_sample_weight
from ._base import _SHARED_PARAMETERS, _BaseSOM, _sum_by_unit


@shared_doc(shared=_SHARED_PARAMETERS)
class SOM(PrefixedFeaturesOutMixin, TransformerMixin, ClusterMixin, _BaseSOM):
    r"""Kohonen's self-organising map (1982, 1990) with online and batch training.

    A grid of units (rectangular or hexagonal, optionally toroidal) whose codebook vectors
    :math:`w_u` learn to cover the data while neighbouring units stay similar. Online training
    applies Kohonen's rule to one sample at a time,

    .. math:: w_u \leftarrow w_u + \eta(t)\, h(\lVert r_{c(x)} - r_u \rVert;\ \sigma(t))\,(x - w_u),

    and the batch map replaces each vector by the neighbourhood-weighted mean of the samples won
    around it, :math:`w_u = \sum_i h_{u c(x_i)} x_i / \sum_i h_{u c(x_i)}` (Kohonen 2013).

    ``predict`` gives the best-matching unit :math:`c(x) = \arg\min_u \lVert x - w_u\rVert`,
    ``transform`` the distances to all units (a feature map for a Pipeline), and the map's quality
    is measured by :meth:`quantization_error` and :meth:`topographic_error`; :meth:`umatrix` and
    :meth:`hit_map` (and the plots in :mod:`zoo.som.plot`) show it.

    **Sample weights** (``fit(X, sample_weight=s)``) make sample :math:`x_i` count :math:`s_i`
    times in the objective each rule lowers, the neighbourhood-weighted distortion
    :math:`\sum_i s_i \sum_u h_{u c(x_i)} \lVert x_i - w_u\rVert^2`. The batch map becomes the
    weighted mean

    .. math:: w_u = \frac{\sum_i s_i\, h_{u c(x_i)}\, x_i}{\sum_i s_i\, h_{u c(x_i)}}

    (:math:`s_i` the weight), so integer weights give exactly (up to rounding) the map of the
    repeated samples, and a weight of zero that of the data without the sample. The PCA start is
    the weighted one (mean and covariance of the repeated samples) and ``init="sample"`` draws
    samples with probability :math:`s_i / \sum_j s_j`; ``"random"`` (the data's bounding box)
    sees only the samples of positive weight. Online, the step for :math:`x_i` scales by its
    weight, :math:`g_u = \eta\, s_i\, h_{uc}`, clipped to :math:`[-1, 1]` so that a unit never
    moves past the sample: one step of :math:`s_i` times the rate is not :math:`s_i`
    presentations spread through a shuffled epoch, so online weights only approximate
    repetition, as scikit-learn's SGD's do. ``loss_curve_`` and the training curves become
    weighted means; ``unit_hits_`` (and the clustering's unit means) weighted sums.

    As features for a classifier, rescale the distances ``transform`` gives (all large and
    alike, in the units of X): on them ``LogisticRegression`` runs out of its 1000 iterations
    unconverged, standardised it converges well within them. The pipeline ``zoo compare``
    builds::

        make_pipeline(StandardScaler(), SOM(), StandardScaler(), LogisticRegression())

    Parameters
    ----------
    {shared}
    n_clusters : int, default=None
        Cut the trained map into this many clusters, each a contiguous region of the map: Ward's
        agglomeration of the units, each standing for the samples it wins (their mean, weighted by
        their number), merging only adjacent units (:func:`zoo._core.clustering.ward_on_graph`).
        ``predict`` and ``labels_`` then give the cluster of each sample's BMU instead of the BMU.
        None: every unit is a cluster.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_rows * n_cols, n_features)
        The codebook :math:`w_u`, one row per unit.
    unit_coordinates_ : ndarray of shape (n_rows * n_cols, 2)
        Position :math:`r_u` of each unit on the map.
    labels_ : ndarray of shape (n_samples,)
        BMU of each training sample (of the last ``partial_fit`` batch), or its cluster when
        ``n_clusters`` is set.
    unit_clusters_ : ndarray of shape (n_rows * n_cols,)
        Cluster of each unit (only when ``n_clusters`` is set).
    unit_hits_ : ndarray of shape (n_rows * n_cols,)
        Training samples won by each unit (summed over ``partial_fit`` batches, each with the map
        after its epoch; with ``sample_weight``, their total weight): the weights of the
        clustering.
    n_iter_ : int
        Epochs run.
    loss_curve_ : list of float
        Mean distance to the BMU in each epoch: online, of each sample when it was presented; batch,
        of the codebook the epoch started from (so ``loss_curve_[1:]`` are the QEs after each
        epoch).
    quantization_errors_, topographic_errors_ : list of float
        The map's quantization and topographic errors after each epoch (over ``partial_fit``
        calls too), measured on every k-th training sample of the call, k = ceil(n / 1000)
        (``MONITORED_SAMPLES``): about 1000 samples whatever the size of the data, one
        two-nearest-units search per epoch. ``zoo.som.plot.plot_training_curves`` draws them.
    n_features_in_ : int
    feature_names_in_ : ndarray

    Notes
    -----
    The grid distances between all pairs of units are kept as one ``n_units²`` table (and the batch
    map multiplies by the ``n_units²`` neighbourhood matrix), which suits maps of up to a few
    thousand units. Online training uses one BLAS thread: its per-sample products are too small to
    share. The training length is fixed by the annealing schedule (``max_iter`` epochs), so no
    ConvergenceWarning is raised.

    References
    ----------
    .. [1] T. Kohonen, "Self-organized formation of topologically correct feature maps",
       Biological Cybernetics 43, 59-69, 1982.
    .. [2] T. Kohonen, "Essentials of the self-organizing map", Neural Networks 37, 52-65, 2013
       (the batch map).
    .. [3] K. Kiviluoto, "Topology preservation in self-organizing maps", ICNN 1996 (topographic
       error).
    .. [4] Y. Cheng, "Convergence and ordering of Kohonen's batch map", Neural Computation 9(8),
       1667-1676, 1997.
    .. [5] J. Vesanto and E. Alhoniemi, "Clustering of the self-organizing map", IEEE Transactions
       on Neural Networks 11(3), 586-600, 2000 (``n_clusters``).

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.som import SOM
    >>> X = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 5.0], [5.1, 5.0]])
    >>> som = SOM(1, 2, random_state=0).fit(X)
    >>> som.predict(X).tolist()
    [0, 0, 1, 1]
    >>> som.transform(X).shape
    (4, 2)
    >>> SOM(3, 3, n_clusters=2, random_state=0).fit(X).labels_.tolist()
    [1, 1, 0, 0]

    Choosing a number of clusters: Ward's criterion is the quantization error of the clustered
    map, so its elbow over ``n_clusters`` (or scikit-learn's ``silhouette_score`` of ``labels_``)
    picks ``k``; :func:`zoo.som.plot.plot_clusters` colours the map by cluster.
    """

    _parameter_constraints: dict = {
        **_BaseSOM._parameter_constraints,
        "n_clusters": [None, Interval(Integral, 1, None, closed="left")],
    }
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
        sigma_final=1.0,
        learning_rate=0.5,
        learning_rate_final=0.01,
        decay="exponential",
        algorithm="batch",
        init="pca",
        max_iter=20,
        n_iter_no_change=None,
        tol=1e-4,
        warm_start=False,
        n_clusters=None,
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
        self.n_clusters = n_clusters

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        """Train the map for ``max_iter`` epochs (from the fitted map with ``warm_start``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored
        sample_weight : array-like of shape (n_samples,), default=None
            Weight :math:`s_i` of each sample (see "Sample weights" above): the batch map's
            weighted means, integer weights equal to repetition; online, the step scales by it.
            Zero: as if the sample were absent. None: all 1.

        Returns
        -------
        self : SOM
        """
        return self._fit(X, incremental=False, sample_weight=sample_weight)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y=None, sample_weight=None):
        """One epoch over ``X``, continuing the schedule (it stays at its final values after
        ``max_iter`` calls); the first call initialises the codebook from ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored
        sample_weight : array-like of shape (n_samples,), default=None
            As in :meth:`fit`.

        Returns
        -------
        self : SOM
        """
        return self._fit(X, incremental=True, sample_weight=sample_weight)

    def _fit(self, X, incremental, sample_weight=None):
        given = dict(X=X, sample_weight=sample_weight)  # what the callbacks see: the user's
        first_pass = not self._continues(incremental)
        X = validate_data(
            self, X, dtype=(np.float64, np.float32), ensure_all_finite="allow-nan", reset=first_pass
        )
        weights = None if sample_weight is None else check_sample_weight(sample_weight, X)
        check_input_scale(X, type(self).__name__)
        X = self._check_missing(X)
        if self.n_clusters is not None and self.n_clusters > self.n_units:
            raise ValueError(
                f"n_clusters={self.n_clusters} is more than the map's {self.n_units} units."
            )
        X = self._train(X, incremental, given=given, weights=weights)
        bmu = self._nearest_units(X)[0][:, 0]
        hits = np.bincount(bmu, weights, minlength=self.n_units)
        accumulate = incremental and not first_pass  # partial_fit adds its batch
        self.unit_hits_ = self.unit_hits_ + hits if accumulate else hits
        if self.n_clusters is None:
            self.labels_ = bmu
            return self
        # the sum of the samples each unit wins (the clustering's unit means); a missing value
        # counts as its BMU's component, what impute fills in
        if np.isnan(X).any():
            X = np.where(np.isnan(X), self.cluster_centers_[bmu], X)
        sums = _sum_by_unit(X, bmu, self.n_units, weights)
        if not accumulate or not hasattr(self, "_unit_sums"):
            self._unit_sums = sums
        else:
            self._unit_sums = self._unit_sums + sums
        self.unit_clusters_ = self._cluster_units()
        self.labels_ = self.unit_clusters_[bmu]
        return self

    def _cluster_units(self):
        """Ward's agglomeration of the units, merging only grid neighbours.

        Each unit enters with the mean of the training samples it wins and their number as weight,
        so a merge's cost is the exact rise of the samples' within-cluster sum of squares (Ward
        1963) and the clusters are unions of the BMU regions of adjacent units; a unit that wins no
        sample enters with its codebook vector and weight 0 and joins a neighbour for free.
        """
        hits = self.unit_hits_
        means = np.divide(
            self._unit_sums,
            hits[:, np.newaxis],
            out=self.cluster_centers_.astype(np.float64),
            where=hits[:, np.newaxis] > 0,
        )
        adjacent = adjacency(self._grid_d2, self.topology, diagonal=False)
        return ward_on_graph(means, hits, adjacent, self.n_clusters)

    def predict(self, X):
        """Best-matching unit of each sample, ``row * n_cols + col`` (its cluster when
        ``n_clusters`` is set)."""
        X = self._validate_for_mapping(X)
        bmu = self._nearest_units(X)[0][:, 0]
        return bmu if self.n_clusters is None else self.unit_clusters_[bmu]

    def transform(self, X):
        r"""Activation distances :math:`d(x, w_u)` to every unit, shape (n_samples, n_units).

        In the units of X: standardise them before a linear read-out (see the class docstring).
        """
        X = self._validate_for_mapping(X)
        return activation_distances(X, self.cluster_centers_, self.activation_distance)

    def score(self, X, y=None):
        """Minus the quantization error (higher is better, for model selection)."""
        return -self.quantization_error(X)

    _feature_names_prefix = "som_distance"

    @property
    def _feature_names_shape(self):
        return (self.n_rows, self.n_cols)  # som_distance_<row>_<col>, units in row-major order

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
