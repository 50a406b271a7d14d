r"""Fusion ART (Tan, Carpenter & Grossberg 2007): one category field over several input channels."""

import numpy as np
from sklearn.base import clone

from .._core.art_fusion import FusionMemory
from .._core.docstrings import shared_doc
from ._base import (
    _SHARED_ATTRIBUTES,
    NOVELTY,
    _ARTClusterer,
    _BaseART,
    _shared_parameters,
    _UnweightedARTClusterer,
)
from ._composite import _ModuleComposite, check_composable, default_module, in_domain


@shared_doc(shared=_shared_parameters(100), attributes=_SHARED_ATTRIBUTES)
class FusionART(_UnweightedARTClusterer):
    r"""Fusion ART: clustering of multi-channel input, each channel its own ART module.

    The features of X are split into channels (``channel_dims`` consecutive columns each);
    channel :math:`k` is encoded by its module (Fuzzy ART's complement coding by default) and
    every category :math:`j` has a template :math:`w_j^k` in every channel. With the module's
    choice :math:`T_j^k` and match :math:`M_j^k` in each channel (Fuzzy ART:
    :math:`T_j^k = |x^k \wedge w_j^k| / (\alpha^k + |w_j^k|)`,
    :math:`M_j^k = |x^k \wedge w_j^k| / |x^k|`), the categories compete with

    .. math:: T_j = \sum_k \gamma^k T_j^k,

    are visited in order of decreasing :math:`T_j`, and the first that passes the vigilance test
    of every channel, :math:`M_j^k \ge \rho^k` for all :math:`k`, resonates: each of its
    templates learns by its channel's rule and rate (Fuzzy ART:
    :math:`w_J^k \leftarrow \beta^k (x^k \wedge w_J^k) + (1 - \beta^k) w_J^k`). When none
    resonates, a new category is committed with templates :math:`w^k = x^k` (Tan, Carpenter &
    Grossberg 2007). ``labels_`` and :meth:`predict` are categories. The shared search runs on
    the fused match :math:`M_j = \min_k (M_j^k - \rho^k)` with vigilance 0 (so ``rho`` reads
    0.0; each channel's vigilance is its module's). X is presented in order.

    Parameters
    ----------
    modules : list of elementary zoo.art clusterers or None, default=None
        One unfitted module per channel (cloned); None: ``FuzzyART()`` for every channel. Each
        supplies its channel's encoding, ``rho``, choice parameter and learning rate.
    gamma_values : array-like of shape (n_channels,) or None, default=None
        The choice weights :math:`\gamma^k \ge 0`; None: :math:`1 / K` each.
    channel_dims : array-like of int, shape (n_channels,), or None, default=None
        Number of consecutive features of X in each channel (before encoding: complement coding
        doubles a channel inside its module); they must add up to ``n_features_in_``. None:
        one channel per module, all of X's features in one channel when there is one module
        (a single channel is the module itself).
    novelty : {"best", "reject"}, default="best"
        What :meth:`predict` says about an input that resonates with no category: the category
        with the largest choice, or -1.
    {shared}

    Attributes
    ----------
    modules_ : list of estimators
        The clones of the modules.
    channel_dims_ : ndarray of shape (n_channels,)
        The number of features of each channel.
    weights_ : ndarray of shape (n_categories_, n_pattern_components)
        The templates of all channels side by side (each channel's encoded width).
    n_categories_ : int
        Number of committed categories (also ``n_clusters_``).
    labels_ : ndarray of shape (n_samples,)
        Category of each training sample in the last pass (-1: not learned, see max_categories).
    {attributes}

    Notes
    -----
    artlib's ``FusionART(modules, gamma_values, channel_dims)`` takes prepared (complement
    coded) input, its ``channel_dims`` counting the prepared columns. By default (``MT+``) its
    fit raises the vigilance of every channel a reset category passed to that category's match
    (match tracking, which the paper's unsupervised network does not do), so later categories
    must match those channels better; with ``fit(X, match_tracking="MT~")`` (no raise, and
    :math:`M > \rho` for :math:`M \ge \rho`, equal off exact ties) its categories are the
    paper's and these (tests/test_art_fusion.py). Its ``predict`` takes the largest choice
    without the vigilance tests. ``sample_weight`` is not supported: each channel learns at
    its own rate. In float32 the channel norms :math:`|x^k|` travel with the input in float32.

    See Also
    --------
    FuzzyART : the module of one channel.

    References
    ----------
    .. [1] Tan, A.-H., Carpenter, G. A., & Grossberg, S. (2007). Intelligence through
       interaction: Towards a unified theory for learning. Advances in Neural Networks - ISNN
       2007, LNCS 4491, 1094-1103. Springer.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.art import FusionART, FuzzyART
    >>> X = np.array([[0.1, 0.1, 0.9], [0.12, 0.1, 0.2], [0.9, 0.8, 0.85], [0.88, 0.9, 0.15]])
    >>> fusion = FusionART([FuzzyART(rho=0.8), FuzzyART(rho=0.2)], channel_dims=[2, 1])
    >>> fusion.fit(X).labels_.tolist()  # the third feature hardly counts (rho=0.2)
    [0, 0, 1, 1]
    >>> FusionART([FuzzyART(rho=0.8), FuzzyART(rho=0.8)], channel_dims=[2, 1]).fit(X).labels_
    array([0, 1, 2, 3])
    """

    _input_domain = "unit_interval"

    #: the fused match min_k (M^k - rho^k) passes at 0: each channel's vigilance is its module's
    rho = 0.0

    _parameter_constraints: dict = {
        **{k: v for k, v in _BaseART._parameter_constraints.items() if k != "rho"},
        "modules": [None, list],
        "gamma_values": [None, "array-like"],
        "channel_dims": [None, "array-like"],
        "novelty": [NOVELTY],
    }

    def __init__(
        self,
        modules=None,
        *,
        gamma_values=None,
        channel_dims=None,
        novelty="best",
        n_epochs=100,
        tol=0.0,
        max_categories=None,
        warm_start=False,
    ):
        self.modules = modules
        self.gamma_values = gamma_values
        self.channel_dims = channel_dims
        self.novelty = novelty
        self.n_epochs = n_epochs
        self.tol = tol
        self.max_categories = max_categories
        self.warm_start = warm_start

    def _fit(self, X, sample_weight, incremental):
        if not ((incremental or self.warm_start) and hasattr(self, "_memory")):
            modules = [default_module()] if self.modules is None else self.modules
            for module in modules:
                if not isinstance(module, _ARTClusterer) or isinstance(
                    module, (_ModuleComposite, FusionART)
                ):
                    raise TypeError(
                        "FusionART: every module must be an elementary zoo.art clusterer "
                        f"(FuzzyART, ART1, ...), got {type(module).__name__}."
                    )
                check_composable(module, "FusionART")
            self.modules_ = [clone(module) for module in modules]
            if self.channel_dims is None and self.modules is not None and len(modules) > 1:
                raise ValueError(
                    f"FusionART: {len(modules)} modules need channel_dims, the number of "
                    "features of each channel."
                )
            n_channels = len(self.modules_)
            if self.channel_dims is not None and self.modules is None:
                n_channels = len(self.channel_dims)
                self.modules_ = [default_module() for _ in range(n_channels)]
            gammas = (
                np.full(n_channels, 1.0 / n_channels)
                if self.gamma_values is None
                else np.asarray(self.gamma_values, dtype=np.float64)
            )
            if gammas.shape != (n_channels,) or not np.all(np.isfinite(gammas) & (gammas >= 0)):
                raise ValueError(
                    f"FusionART: gamma_values must be {n_channels} finite values >= 0 (one per "
                    f"channel), got {self.gamma_values!r}."
                )
            self._gammas = gammas
            if hasattr(self, "channel_dims_"):
                del self.channel_dims_
        return super()._fit(X, sample_weight, incremental)

    def _channel_slices(self, n_features):
        if not hasattr(self, "channel_dims_"):
            dims = (
                np.array([n_features])
                if self.channel_dims is None
                else np.asarray(self.channel_dims)
            )
            if (
                dims.ndim != 1
                or len(dims) != len(self.modules_)
                or not np.issubdtype(dims.dtype, np.integer)
                or np.any(dims < 1)
                or dims.sum() != n_features
            ):
                raise ValueError(
                    f"FusionART: channel_dims={self.channel_dims!r} must be {len(self.modules_)} "
                    f"positive integers (one per module) adding up to the {n_features} features "
                    "of X."
                )
            self.channel_dims_ = dims.astype(np.intp)
        stops = np.cumsum(self.channel_dims_)
        return [slice(int(b - d), int(b)) for d, b in zip(self.channel_dims_, stops)]

    def _patterns(self, X):
        # each channel encoded by its module, side by side, then the channels' norms |x^k|
        parts, norms = [], []
        slices = self._channel_slices(X.shape[1])
        unit = [
            np.arange(X.shape[1])[columns]
            for module, columns in zip(self.modules_, slices)
            if getattr(module, "_input_domain", None) == "unit_interval"
        ]
        if unit:  # one check (and one warning, in this estimator's name) for those channels
            unit = np.concatenate(unit)
            values = X[:, unit]
            clipped = in_domain(values, self.modules_, "FusionART")
            if clipped is not values:
                X = X.copy()
                X[:, unit] = clipped
        for module, columns in zip(self.modules_, slices):
            patterns, channel_norms = module._patterns(X[:, columns])
            parts.append(patterns)
            norms.append(channel_norms)
        self._widths = [part.shape[1] for part in parts]
        norms = np.column_stack(norms)
        fused = np.hstack(parts + [norms.astype(parts[0].dtype)])
        # an input with a silent channel (no F1 activity there) selects no category
        return fused, norms.min(axis=1)

    def _prepare_modules(self, patterns):
        start = 0
        for module, width in zip(self.modules_, self._widths):
            prepare = getattr(module, "_prepare", None)
            if prepare is not None:  # data-dependent settings (Hypersphere ART's radius bound)
                prepare(patterns[:, start : start + width])
            start += width

    def _train(self, patterns, norms, targets, incremental, sample_weight=None):
        if not ((incremental or self.warm_start) and hasattr(self, "_memory")):
            self._prepare_modules(patterns)
        labels = super()._train(patterns, norms, targets, incremental, sample_weight)
        self.weights_ = self._memory.templates
        return labels

    def _new_memory(self, n_features, dtype, capacity):
        modules = self.modules_
        return FusionMemory(
            [m._new_memory(w, dtype, capacity) for m, w in zip(modules, self._widths)],
            self._widths,
            self._gammas,
            [m._choice_parameter() for m in modules],
            [m.rho for m in modules],
        )

    def _choice_parameter(self):
        return None  # each channel's memory has its module's

    def _learning_rate(self):
        return [m._learning_rate() for m in self.modules_]
