r"""Deep belief nets: greedy layer-wise RBM pre-training (Hinton, Osindero & Teh 2006), then
fine-tuning of the whole network by back-propagation (Hinton & Salakhutdinov 2006).

Greedy pre-training trains an RBM on the data, then a second RBM on the first one's hidden
probabilities :math:`p(h^{(1)} = 1 \mid v)`, and so on; each added layer improves a variational
lower bound on the log-likelihood of the data. The stack's recognition weights then initialise a
logistic multi-layer perceptron (:class:`zoo.mlp.MLPClassifier`, with a fresh Glorot-initialised
softmax output layer) that back-propagation fine-tunes with every option of the MLP.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.base import (
    BaseEstimator,
    TransformerMixin,
    _fit_context,
)
from sklearn.callback import CallbackSupportMixin
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.callbacks import close_callbacks, open_callbacks, train_under
from .._core.feature_names import PrefixedFeaturesOutMixin
from .._core.validation import (
    check_input_scale,
    check_sample_weight,
    warn_outside_unit_interval,
)
from ._base import BINARY_VISIBLE_UNITS
from ._rbm import BernoulliRBM

_LAYER_SIZES = ["array-like", Interval(Integral, 1, None, closed="left")]

#: Pre-training hyper-parameters of each RBM of the stack, by BernoulliRBM parameter name.
_RBM_CONSTRAINTS = {
    "learning_rate": [Interval(Real, 0, None, closed="neither")],
    "batch_size": [Interval(Integral, 1, None, closed="left")],
    "n_iter": [Interval(Integral, 0, None, closed="left")],
    "k": [Interval(Integral, 1, None, closed="left")],
    "persistent": ["boolean"],
    "momentum": [Interval(Real, 0, 1, closed="left")],
    "weight_decay": [Interval(Real, 0, None, closed="left")],
}


def _layer_sizes(hidden_layer_sizes):
    sizes = hidden_layer_sizes
    sizes = list(sizes) if hasattr(sizes, "__iter__") else [sizes]
    if not sizes or any(int(s) <= 0 for s in sizes):
        raise ValueError(f"hidden_layer_sizes must be a non-empty list of sizes > 0, got {sizes}.")
    return [int(s) for s in sizes]


def pretrain_stack(
    X,
    hidden_layer_sizes,
    rbm_params,
    random_state,
    verbose=False,
    owner="DBN",
    prefix="",
    *,
    sample_weight=None,
    callbacks=None,
    rbms=None,
):
    """Greedy layer-wise training: one BernoulliRBM per size, each on the previous one's features.

    Returns the fitted RBMs; layer ``l``'s RBM is seeded from ``random_state`` so that one seed
    gives one stack. ``sample_weight`` weighs the samples in every layer's CD statistics (a
    sample's features keep its weight up the stack). ``rbms``: a fitted stack of the same sizes
    to train further (warm start: each RBM continues from its weights for ``n_iter`` epochs on
    the features of the layer below, themselves trained further).

    ``callbacks``: the owner's :class:`~zoo._core.callbacks.EpochCallbacks`; each layer is then
    a task ("pre-training layer") under it, the RBM's epochs its subtasks. A callback that stops
    an epoch ends that layer's epochs; one that stops at a layer's end ends the greedy training:
    the RBMs above it are initialised (N(0, 0.01^2) weights, zero biases) but not trained.
    """
    rng = check_random_state(random_state)
    features = X
    n_layers = len(hidden_layer_sizes)
    stopped = False
    trained = []
    for layer, size in enumerate(hidden_layer_sizes, start=1):
        if rbms is not None:  # warm start: the fitted RBM, with the current hyper-parameters
            rbm = rbms[layer - 1].set_params(verbose=verbose, warm_start=True, **rbm_params)
        else:
            rbm = BernoulliRBM(
                n_components=size,
                random_state=rng.randint(np.iinfo(np.int32).max),
                verbose=verbose,
                **rbm_params,
            )
        # the verbose lines and a divergence error name the user's estimator and the layer (the
        # RBM's Monitor name and label), and the error the DBN's rbm_* parameters
        rbm._verbose_label = f"{owner} pre-training, layer {layer} of {n_layers}"
        rbm._parameter_prefix = prefix
        rbm._warn_outside_unit_interval = False  # the DBN has warned about its X, if need be
        # layers pass arrays whatever set_output's global config (a DataFrame from a layer would
        # lose the user's index and name the next layer's inputs); the DBN wraps its own output
        rbm.set_output(transform="default")
        if stopped:  # a callback ended the greedy training: initialised, not trained
            rbm.set_params(n_iter=0, warm_start=True)
        task = None
        if callbacks is not None and not stopped:
            # the owner cannot predict or transform before its stack is complete: no fitted
            # estimator for the callbacks during pre-training
            task = callbacks.subtask(
                "pre-training layer",
                max_subtasks=rbm.n_iter,
                X=features,
                y=None,
                reconstruction=lambda: None,
            )
        with train_under(rbm, task):
            rbm.fit(features, sample_weight=sample_weight)
        stopped = stopped or (task is not None and task.end())
        features = rbm.transform(features)
        trained.append(rbm)
    return trained


class DBNTransformer(
    CallbackSupportMixin, PrefixedFeaturesOutMixin, TransformerMixin, BaseEstimator
):
    r"""Deep belief net features: a stack of RBMs trained greedily, layer by layer.

    RBM :math:`l` is trained (CD-k or PCD-k, see :class:`BernoulliRBM`) on the features of layer
    :math:`l-1`, :math:`x^{(l)} = \sigma(x^{(l-1)} W_l + c_l)` with :math:`x^{(0)}` the data; the
    transform is the top layer's :math:`x^{(L)}` (mean-field propagation through the stack). Inputs
    are probabilities of binary units: scale features into [0, 1] first (e.g. ``MinMaxScaler``).

    Parameters
    ----------
    hidden_layer_sizes : array-like of int, default=(256,)
        Hidden units of each RBM, bottom to top.
    learning_rate : float, default=0.1
    batch_size : int, default=10
    n_iter : int, default=10
        Epochs per RBM.
    k : int, default=1
        Gibbs steps per update.
    persistent : bool, default=True
        PCD-k (True) or CD-k (False).
    momentum : float, default=0.0
    weight_decay : float, default=0.0
    random_state : int, RandomState instance or None, default=None
    verbose : int, default=0
    warm_start : bool, default=False
        When True and the stack is fitted, ``fit`` trains every RBM ``n_iter`` more epochs from
        its weights (bottom to top, each on the features of the layer below as trained now; see
        :class:`BernoulliRBM`'s ``warm_start``) with the current hyper-parameters; other
        ``hidden_layer_sizes`` or another number of features raise ValueError. On an unfitted
        stack it is a cold fit.

    Attributes
    ----------
    rbms_ : list of BernoulliRBM
        The fitted stack, bottom first.
    coefs_ : list of ndarray
        ``coefs_[l]`` = ``rbms_[l].components_.T``, shape (n_units of layer l, n_units of layer
        l+1).
    intercepts_ : list of ndarray
        The hidden biases ``rbms_[l].intercept_hidden_``.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    References
    ----------
    .. [1] Hinton, G. E., Osindero, S. and Teh, Y.-W. (2006). A fast learning algorithm for deep
       belief nets. Neural Computation 18(7), 1527-1554.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from zoo.boltzmann import DBNTransformer
    >>> X = load_digits().data[:200] / 16
    >>> dbn = DBNTransformer(hidden_layer_sizes=(32, 16), n_iter=5, learning_rate=0.05,
    ...                      random_state=0).fit(X)
    >>> dbn.transform(X).shape
    (200, 16)
    """

    _input_domain = "unit_interval"
    _feature_names_prefix = "dbn_hidden"  # the top layer's units

    _parameter_constraints: dict = {
        "hidden_layer_sizes": _LAYER_SIZES,
        **_RBM_CONSTRAINTS,
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        hidden_layer_sizes=(256,),
        *,
        learning_rate=0.1,
        batch_size=10,
        n_iter=10,
        k=1,
        persistent=True,
        momentum=0.0,
        weight_decay=0.0,
        random_state=None,
        verbose=0,
        warm_start=False,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.n_iter = n_iter
        self.k = k
        self.persistent = persistent
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        r"""Train the RBMs greedily, bottom to top.

        Callbacks (:mod:`sklearn.callback`) see a task per layer ("pre-training layer"), the
        RBM's epochs under it; a callback that stops an epoch ends that layer's training, one
        that stops at a layer's end ends the greedy training (the RBMs above are initialised,
        untrained).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Values in [0, 1].
        y : Ignored
        sample_weight : array-like of shape (n_samples,), default=None
            Weights :math:`w_i` of the samples in every layer's objective,
            :math:`\sum_i w_i \log p(x^{(l-1)}_i)`: each RBM's data statistics are weighted
            averages :math:`\sum_i w_i\, x_i\, p(h \mid x_i)^\top / \sum_i w_i` (see
            :meth:`BernoulliRBM.fit`; a weight differs from repeating the sample, as there). A
            sample of weight zero is as if absent. None: every weight 1.

        Returns
        -------
        self : object
        """
        sizes = _layer_sizes(self.hidden_layer_sizes)
        continuing = self.warm_start and hasattr(self, "rbms_")
        X = validate_data(
            self, X, accept_sparse="csr", dtype=(np.float64, np.float32), reset=not continuing
        )
        check_input_scale(X, type(self).__name__, power=4)
        warn_outside_unit_interval(X, type(self).__name__, BINARY_VISIBLE_UNITS)
        if continuing and sizes != [rbm.n_components for rbm in self.rbms_]:
            raise ValueError(
                f"warm_start needs the fitted stack's hidden_layer_sizes "
                f"{[rbm.n_components for rbm in self.rbms_]}, got {sizes}. Set warm_start=False "
                "to fit a new stack."
            )
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X)
        rbm_params = {name: getattr(self, name) for name in _RBM_CONSTRAINTS}
        # a task per layer, its epochs under it
        callbacks = open_callbacks(
            self, X, sample_weight=sample_weight, max_epochs=len(sizes), reconstruction=None
        )
        self.rbms_ = pretrain_stack(
            X,
            sizes,
            rbm_params,
            self.random_state,
            self.verbose,
            type(self).__name__,
            sample_weight=sample_weight,
            callbacks=callbacks,
            rbms=self.rbms_ if continuing else None,
        )
        self.coefs_ = [rbm.components_.T for rbm in self.rbms_]
        self.intercepts_ = [rbm.intercept_hidden_ for rbm in self.rbms_]
        self._n_features_out = sizes[-1]
        close_callbacks(self)
        return self

    def transform(self, X):
        """Top-layer features: mean-field propagation of X through the stack.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        features : ndarray of shape (n_samples, hidden_layer_sizes[-1])
        """
        check_is_fitted(self)
        features = validate_data(
            self, X, accept_sparse="csr", reset=False, dtype=(np.float64, np.float32)
        )
        check_input_scale(features, type(self).__name__, what="X", power=4)
        for rbm in self.rbms_:
            features = rbm.transform(features)
        return features

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
