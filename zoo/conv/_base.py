r"""Convolutional networks (LeCun et al. 1989, 1998): weight sharing as scikit-learn estimators.

The neurons of a convolution layer share one small set of weights, a kernel slid over the image;
the survey's second way to train deep networks ("this greatly reduces the number of parameters to
train"). The layers and their back-propagation are :mod:`zoo._core.convolution` (im2col, one GEMM
per layer per minibatch); the dense head is the MLP's
:class:`~zoo._core.network.FeedForwardNetwork`;
training is the shared :func:`~zoo._core.training.fit_epochs` loop with the MLP's optimizers,
early stopping and restarts, so every training parameter has :class:`zoo.MLPClassifier`'s name,
default and meaning.

Images. ``X`` is ``(n_samples, H*W*C)`` (any Pipeline works) read as ``(H, W, C)`` images, channels
last, row-major (``image_shape``), or ``(n, H, W)`` / ``(n, H, W, C)`` arrays directly. With
``image_shape=None`` a 2-D ``X`` of width ``w`` is a square one-channel image when ``w`` is a
perfect square (64 -> 8x8 digits, 784 -> 28x28 MNIST) and a one-pixel-high strip ``(1, w)``
otherwise (a 1-D convolution along the features).
"""

import math
from numbers import Integral

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, _fit_context
from sklearn.callback import CallbackSupportMixin
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import validate_data

from .._core.activations import HIDDEN_ACTIVATIONS
from .._core.blas import single_threaded_blas
from .._core.callbacks import close_callbacks, epoch_callbacks, open_callbacks
from .._core.convolution import POOLINGS, ConvolutionalNetwork, conv_geometry
from .._core.initializers import glorot_uniform
from .._core.losses import check_fitted_output_layer, loss_function, resolve_loss
from .._core.network import FeedForwardNetwork
from .._core.optimizers import MINIBATCH_TRAINING_CONSTRAINTS, make_optimizer, optimizer_keywords
from .._core.problems import FlatProblem
from .._core.solvers import (
    FLAT_SOLVERS,
    FULL_BATCH_SOLVERS,
    monitor_step_parameter,
    solver_options,
)
from .._core.training import (
    History,
    Monitor,
    best_of_restarts,
    clip_batch_size,
    fit_epochs,
    partial_fit_available,
    validation_split,
)
from .._core.validation import check_finite_parameters, check_input_scale, check_sample_weight

#: rows per chunk at prediction (bounds the im2col buffers, ~20 MB at 28x28 in float32)
_PREDICT_CHUNK = 256

#: The solvers that train by minibatch epochs (``partial_fit`` runs one).
_STOCHASTIC_SOLVERS = ("sgd", "adam")


def _per_layer(value, n_layers, name):
    """An int for every layer, or one value per layer."""
    values = [value] * n_layers if isinstance(value, (Integral, str)) else list(value)
    if len(values) != n_layers:
        raise ValueError(
            f"{name} has {len(values)} entries but there are {n_layers} convolution layers; give "
            "one value per layer or a single value."
        )
    return values


class _BaseConvNet(CallbackSupportMixin, BaseEstimator):
    """Shared machinery of the convnet classifier and regressor (not public)."""

    _parameter_constraints: dict = {
        **MINIBATCH_TRAINING_CONSTRAINTS,
        "conv_filters": ["array-like", Interval(Integral, 1, None, closed="left")],
        "kernel_size": ["array-like", Interval(Integral, 1, None, closed="left")],
        "strides": ["array-like", Interval(Integral, 1, None, closed="left")],
        "padding": [
            "array-like",
            StrOptions({"same", "valid"}),
            Interval(Integral, 0, None, closed="left"),
        ],
        "pool_size": ["array-like", Interval(Integral, 1, None, closed="left")],
        "pooling": [StrOptions(set(POOLINGS))],
        "hidden_layer_sizes": ["array-like", Interval(Integral, 1, None, closed="left")],
        "activation": [StrOptions(set(HIDDEN_ACTIVATIONS))],
        "image_shape": ["array-like", None],
        "solver": [StrOptions({"sgd", "adam", *FLAT_SOLVERS})],
    }

    #: features are real-valued pixels (standardised or in [0, 1]): any real input is valid
    _input_domain = "real"
    #: digits (8x8, 1,437 training images a fold): 3x3 kernels, more of them, and more, larger
    #: steps than LeNet-5's defaults (``zoo compare`` prints its accuracy; README's table is one
    #: run of it, benchmarks/readme_compare.py)
    _compare_params = dict(
        conv_filters=(16, 32), kernel_size=3, batch_size=32, learning_rate_init=0.005, max_iter=30
    )

    # ------------------------------------------------------------------ images
    def _resolve_image_shape(self, n_features, given=None):
        """(H, W, C) for rows of ``n_features`` pixels (``given``: the shape of 3-D/4-D input)."""
        if self.image_shape is not None:
            shape = tuple(int(s) for s in self.image_shape)
            if len(shape) == 2:
                shape += (1,)
            if len(shape) != 3 or min(shape) < 1:
                raise ValueError(
                    f"image_shape must be (height, width) or (height, width, channels) of positive "
                    f"ints, got {self.image_shape!r}."
                )
            if given is not None and given != shape:
                raise ValueError(f"X holds images of shape {given} but image_shape is {shape}.")
            if math.prod(shape) != n_features:
                raise ValueError(
                    f"image_shape {shape} has {math.prod(shape)} pixel values but X has "
                    f"{n_features} features."
                )
            return shape
        if given is not None:
            return given
        side = math.isqrt(n_features)
        return (side, side, 1) if side * side == n_features else (1, n_features, 1)

    def _flatten_images(self, X, reset):
        """3-D/4-D image arrays -> (n, H*W*C) rows; returns (X, the images' shape or None)."""
        ndim = None if sp.issparse(X) or hasattr(X, "iloc") else getattr(X, "ndim", None)
        if ndim is None and isinstance(X, (list, tuple)):
            ndim = np.asarray(X).ndim
        if ndim not in (3, 4):
            return X, None
        X = np.asarray(X)
        shape = X.shape[1:] + (1,) if X.ndim == 3 else X.shape[1:]
        if not reset and shape != self.image_shape_:
            raise ValueError(
                f"X holds images of shape {shape}, but {type(self).__name__} was fitted on images "
                f"of shape {self.image_shape_} ({math.prod(self.image_shape_)} features)."
            )
        return X.reshape(X.shape[0], math.prod(shape)), shape

    def _validate_images(self, X, reset, y="no_validation", **kwargs):
        X, shape = self._flatten_images(X, reset)
        if isinstance(y, str) and y == "no_validation":
            X = validate_data(self, X, reset=reset, dtype=(np.float64, np.float32))
            check_input_scale(X, type(self).__name__, power=4)
            return X, shape
        X, y = validate_data(self, X, y, reset=reset, dtype=(np.float64, np.float32), **kwargs)
        check_input_scale(X, type(self).__name__, power=4)
        return X, y, shape

    def _images(self, X):
        """Rows of pixels as a (n, H, W, C) view."""
        return X.reshape(X.shape[0], *self.image_shape_)

    # ------------------------------------------------------------------ architecture
    def _layer_settings(self):
        filters = self.conv_filters
        filters = [int(filters)] if isinstance(filters, Integral) else [int(f) for f in filters]
        if not filters or min(filters) < 1:
            raise ValueError(f"conv_filters must be positive ints, got {self.conv_filters!r}.")
        n = len(filters)
        kernels = [int(k) for k in _per_layer(self.kernel_size, n, "kernel_size")]
        strides = [int(s) for s in _per_layer(self.strides, n, "strides")]
        pads = _per_layer(self.padding, n, "padding")
        pools = [int(p) for p in _per_layer(self.pool_size, n, "pool_size")]
        for name, values in (("kernel_size", kernels), ("strides", strides), ("pool_size", pools)):
            if min(values) < 1:
                raise ValueError(f"{name} must be positive, got {values}.")
        for p in pads:
            if not (p in ("same", "valid") or (isinstance(p, Integral) and p >= 0)):
                raise ValueError(f"padding must be 'same', 'valid' or an int >= 0, got {p!r}.")
        return filters, kernels, strides, pads, pools

    def _geometries(self):
        shape, geometries = self.image_shape_, []
        for layer, (F, k, s, p, q) in enumerate(zip(*self._layer_settings())):
            g = conv_geometry(shape, F, (k, k), s, p, (q, q), layer)
            geometries.append(g)
            shape = g.out_shape
        return geometries

    def _hidden_sizes(self):
        sizes = self.hidden_layer_sizes
        sizes = [sizes] if isinstance(sizes, Integral) else list(sizes)
        if any(int(s) <= 0 for s in sizes):
            raise ValueError(f"hidden_layer_sizes must be > 0, got {sizes}.")
        return [int(s) for s in sizes]

    def _initialize(self, n_outputs, dtype):
        """Glorot-uniform kernels (fans kh kw C and kh kw F) and dense weights, as the MLP draws."""
        rng = self._rng
        gain = 2.0 if self.activation in ("logistic", "sigmoid") else 6.0
        self.n_iter_ = 0
        self.t_ = 0
        self.n_outputs_ = n_outputs
        self.out_activation_ = self._output_activation()
        self.conv_coefs_, self.conv_intercepts_ = [], []
        geometries = self._geometries()
        for g in geometries:
            kh, kw = g.kernel
            C, F = g.in_shape[2], g.filters
            K, b = glorot_uniform(kh * kw * C, kh * kw * F, rng, gain, dtype, shape=(kh, kw, C, F))
            self.conv_coefs_.append(K)
            self.conv_intercepts_.append(b)
        units = [math.prod(geometries[-1].out_shape)] + self._hidden_sizes() + [n_outputs]
        self.n_layers_ = len(units)
        self.coefs_, self.intercepts_ = [], []
        for fan_in, fan_out in zip(units[:-1], units[1:]):
            W, b = glorot_uniform(fan_in, fan_out, rng, gain, dtype)
            self.coefs_.append(W)
            self.intercepts_.append(b)
        self.n_parameters_ = sum(a.size for a in self._weights())
        self._history = History(early_stopping=self.early_stopping)
        self._optimizer = None
        self._history.publish(self)

    def _weights(self):
        return self.conv_coefs_ + self.conv_intercepts_ + self.coefs_ + self.intercepts_

    def _network(self, view=True):
        """A ConvolutionalNetwork over the fitted weights; ``view``: the attributes then view its
        parameter vectors (training), else it works on copies (prediction)."""
        activation = "logistic" if self.activation == "sigmoid" else self.activation
        hidden = [activation] * (len(self.coefs_) - 1)
        loss = resolve_loss(self._loss_name(), self.out_activation_)
        head = FeedForwardNetwork(
            self.coefs_, self.intercepts_, hidden + [self.out_activation_], loss
        )
        network = ConvolutionalNetwork(
            self.conv_coefs_,
            self.conv_intercepts_,
            self._geometries(),
            [activation] * len(self.conv_coefs_),
            self.pooling,
            head,
        )
        if view:
            self.coefs_, self.intercepts_ = head.coefs, head.intercepts
            self.conv_coefs_, self.conv_intercepts_ = network.kernels, network.kernel_biases
        return network

    # ------------------------------------------------------------------ training
    def _check_solver(self):
        return partial_fit_available(self.solver, _STOCHASTIC_SOLVERS)

    def _fit(self, X, y, sample_weight=None, incremental=False):
        # what ScoringMonitor's scorers predict on and weigh by: the user's, not class-weighted
        given = dict(X=X, y=y, sample_weight=sample_weight)
        first_pass = not hasattr(self, "coefs_") or (not self.warm_start and not incremental)
        X, Y, y = self._validate_input(X, y, incremental, reset=first_pass)
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X)
        sample_weight = self._apply_class_weight(y, sample_weight)
        Y = Y.astype(X.dtype, copy=False)
        if Y.ndim == 1:
            Y = Y.reshape(-1, 1)
        if not first_pass:
            X = X.astype(self.coefs_[0].dtype, copy=False)
            Y = Y.astype(X.dtype, copy=False)
            if self.coefs_[-1].shape[1] != Y.shape[1] or [K.shape for K in self.conv_coefs_] != [
                (*g.kernel, g.in_shape[2], g.filters) for g in self._geometries()
            ]:
                raise ValueError(
                    "warm_start/partial_fit needs the same architecture and outputs as the "
                    "fitted network; set warm_start=False to start anew."
                )
            check_fitted_output_layer(self.out_activation_, self._output_activation())
        self._rng = check_random_state(self.random_state)
        if self.early_stopping and incremental:
            raise ValueError("partial_fit does not support early_stopping=True")
        n_init = 1 if (incremental or not first_pass) else self.n_init
        if not incremental:
            # one callback task per epoch (per full-batch iteration), over every restart
            open_callbacks(self, **given, max_epochs=self.max_iter * n_init)
        best_of_restarts(
            self,
            n_init=n_init,
            initialize=(lambda: self._initialize(Y.shape[1], X.dtype)) if first_pass else None,
            train=lambda: self._train(X, Y, sample_weight, incremental),
            weight_attributes=("conv_coefs_", "conv_intercepts_", "coefs_", "intercepts_"),
        )
        check_finite_parameters(self._weights(), type(self).__name__)
        close_callbacks(self)
        return self

    def _split_validation(self, X, Y, sample_weight):
        """The held-out split of the shared rule (stratified by the labels for a classifier)."""
        stratify = None
        if self._is_classifier_output():
            stratify = Y[:, 0] > 0 if Y.shape[1] == 1 else Y.argmax(axis=1)
        train, val = validation_split(X.shape[0], self.validation_fraction, self._rng, stratify)
        sw_train = sw_val = None
        if sample_weight is not None:
            sw_train, sw_val = sample_weight[train], sample_weight[val]
        return X[train], X[val], Y[train], Y[val], sw_train, sw_val

    def _train(self, X, Y, sample_weight, incremental):
        """Train the current network; return a score to rank initialisations (higher is better)."""
        network = self._network()
        validate = None
        if self.early_stopping:
            X, X_val, Y, Y_val, sample_weight, sw_val = self._split_validation(X, Y, sample_weight)
            images_val = self._images(X_val)

            def validate():
                output = network.forward(images_val)
                score = self._score_output(output, Y_val, sw_val)
                return score, loss_function(network.head.loss)(Y_val, output, sw_val)

        full_batch = self.solver in FULL_BATCH_SOLVERS
        monitor = Monitor(
            self._history,
            name=f"{type(self).__name__} (solver={self.solver!r})",
            step_parameter=monitor_step_parameter(self),
            n_iter_no_change=self.n_iter_no_change,
            tol=self.tol,
            verbose=self.verbose,
            params=[network.parameters] if full_batch else network.params,
            validate=validate,
            callbacks=epoch_callbacks(self),
        )
        if full_batch:
            self._train_full_batch(network, X, Y, sample_weight, monitor)
        else:
            self._train_epochs(network, X, Y, sample_weight, monitor, incremental)
        self._history.publish(self)
        if self.early_stopping:
            return self.best_validation_score_
        return -self.loss_

    def _train_full_batch(self, network, X, Y, sample_weight, monitor):
        """A solver of :data:`~zoo._core.solvers.FULL_BATCH_SOLVERS` on every image at once, over
        the network's one parameter vector; one Monitor record per iteration."""
        images, alpha = self._images(X), self.alpha
        network.allocate(X.shape[0])  # the whole training set's im2col and activation buffers
        problem = FlatProblem(
            network.parameters,
            lambda: (
                network.loss_and_gradient(images, Y, sample_weight, alpha),
                network.parameters_grad,
            ),
            loss=lambda: network.loss_value(images, Y, sample_weight, alpha),
        )
        result = FULL_BATCH_SOLVERS[self.solver](
            problem, monitor, max_iter=self.max_iter, tol=self.tol, **solver_options(self)
        )
        self.n_iter_, self.loss_ = result.n_iter, result.loss

    @single_threaded_blas  # a chain of dependent per-minibatch GEMMs: no thread-pool sync per call
    def _train_epochs(self, network, X, Y, sample_weight, monitor, incremental):
        """Minibatch epochs of ``solver`` ("sgd", "adam") through
        :func:`~zoo._core.training.fit_epochs`."""
        n_samples = X.shape[0]
        if self.batch_size == "auto":
            batch_size = min(200, n_samples)
        else:
            batch_size = clip_batch_size(self.batch_size, n_samples, "sample size")
        network.allocate(batch_size)
        X_batch = np.empty((batch_size, X.shape[1]), dtype=X.dtype)
        params, grads, alpha = network.params, network.grads, self.alpha
        if not incremental or self._optimizer is None:
            self._optimizer = make_optimizer(
                self.solver,
                params,
                **optimizer_keywords(self.get_params(deep=False)),
            )

        def step(batch):
            if isinstance(batch, slice):
                Xb = X[batch]
            else:
                Xb = np.take(X, batch, axis=0, out=X_batch[: len(batch)])
            swb = None if sample_weight is None else sample_weight[batch]
            loss = network.loss_and_gradient(self._images(Xb), Y[batch], swb, alpha)
            self._optimizer.update(params, grads)
            return loss

        self.n_iter_ = fit_epochs(
            step,
            n_samples,
            monitor,
            batch_size=batch_size,
            max_iter=self.max_iter,
            rng=self._rng,
            shuffle=self.shuffle,
            optimizer=self._optimizer,
            incremental=incremental,
            sample_weight=sample_weight,
        )
        self.loss_ = self._history.criterion[-1]

    # ------------------------------------------------------------------ prediction
    def _forward(self, X):
        """Network output for validated rows X, a chunk of images at a time."""
        X = X.astype(self.coefs_[0].dtype, copy=False)
        network = self._network(view=False)
        network.allocate(min(X.shape[0], _PREDICT_CHUNK))
        return network.forward(self._images(X))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True  # (n, H, W) images
        return tags

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the network to images X and target(s) y.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), (n_samples, H, W) or (n_samples, H, W, C)
            Rows of ``H*W*C`` pixel values (see ``image_shape``), or image arrays, channels last.
        y : array-like of shape (n_samples,) (or (n_samples, n_outputs) for the regressor)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : object
        """
        return self._fit(X, y, sample_weight=sample_weight, incremental=False)


_SHARED_PARAMETERS = """
    conv_filters : int or tuple of int, default=(6, 16)
        Number of kernels (feature maps) of each convolution layer; LeNet-5's 6 and 16.
    kernel_size : int or tuple of int, default=5
        Side of the square kernels, one for all layers or one per layer.
    strides : int or tuple of int, default=1
        Step of the kernel over the image, one for all layers or one per layer.
    padding : {"same", "valid"}, int or tuple, default="same"
        Zero padding: "same" keeps the map's size (at stride 1), "valid" adds none, an int that
        many pixels on each side; one for all layers or one per layer.
    pool_size : int or tuple of int, default=2
        Side of the non-overlapping pooling windows after each convolution (1: no pooling). A
        window larger than its map is shrunk to the map, so small images still pass through.
    pooling : {"max", "average"}, default="max"
        Max pooling, or LeNet's averaging ("subsampling").
    hidden_layer_sizes : array-like of int, default=(120, 84)
        Dense layers between the last map and the output (LeNet-5's C5 and F6).
    activation : {"identity", "logistic", "sigmoid", "tanh", "relu"}, default="relu"
        Of every convolution and hidden unit.
    image_shape : tuple (height, width) or (height, width, channels), default=None
        How a row of ``X`` is an image (row-major, channels last). None: taken from 3-D/4-D ``X``;
        for 2-D ``X`` of width ``w``, a square ``(sqrt(w), sqrt(w), 1)`` when ``w`` is a perfect
        square, else a ``(1, w, 1)`` strip.
    solver : {"adam", "sgd", "lbfgs", "scg", "cg", "oss", "gdx", "gda"}, default="adam"
        Adam, or SGD with (Nesterov) momentum and the ``learning_rate`` schedules, by minibatch
        epochs. "lbfgs" is L-BFGS (:data:`zoo._core.solvers.FULL_BATCH_SOLVERS`) over every
        parameter at once on the whole training set: no learning rate to tune and a
        monotonically decreasing loss, for small image sets; its memory holds every image's
        patch matrices and maps (one forward pass of the whole set: tens of MB per thousand 8x8
        images with the defaults, far more for larger images), and ``partial_fit`` is not
        available. It stops when the largest gradient component is at most ``tol``, or by the
        validation patience with ``early_stopping``. No Levenberg-Marquardt: its Gauss-Newton
        matrix would be n_parameters squared.
        "scg", "cg", "oss", "gdx" and "gda" are the table's other first-order solvers (MATLAB's
        ``trainscg``, ``traincgb``, ``trainoss``, ``traingdx``, ``traingda``; see
        :class:`zoo.MLPClassifier`'s ``solver``).
    alpha : float, default=1e-4
        L2 strength on kernels and dense weights (not biases):
        :math:`\\frac{\\alpha}{2m}\\sum\\lVert W\\rVert^2` added to the mean loss.
    batch_size : int or "auto", default="auto"
        ``min(200, n_samples)`` when "auto".
    learning_rate : {"constant", "invscaling", "adaptive"}, default="constant"
        Schedule of ``solver="sgd"``.
    learning_rate_init : float, default=0.001
    power_t : float, default=0.5
    max_iter : int, default=200
        Epochs ("adam", "sgd") or iterations ("lbfgs").
    shuffle : bool, default=True
    random_state : int, RandomState instance or None, default=None
    tol : float, default=1e-4
    verbose : bool, default=False
        One line per epoch: loss, validation loss and score, elapsed seconds.
    warm_start : bool, default=False
    momentum : float, default=0.9
    nesterovs_momentum : bool, default=True
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` (stratified for the classifier), stop when the validation
        score has not improved by ``tol`` for ``n_iter_no_change`` epochs, restore the best
        weights.
    validation_fraction : float, default=0.1
    beta_1, beta_2, epsilon : float, default=0.9, 0.999, 1e-8
        Adam's parameters.
    n_iter_no_change : int, default=10
    n_init : int, default=1
        Random restarts; the network with the best validation score (``early_stopping``) or the
        lowest final training loss is kept."""


_SHARED_ATTRIBUTES = """
    conv_coefs_ : list of ndarray of shape (kh, kw, C, F)
        The kernels of each convolution layer.
    conv_intercepts_ : list of ndarray of shape (F,)
    coefs_, intercepts_ : list of ndarray
        The dense layers' weights ``(n_in, n_out)`` and biases, as in the MLP.
    n_parameters_ : int
        Number of trainable weights and biases (kernels, their biases, dense layers).
    image_shape_ : tuple (H, W, C)
    loss_ : float
    best_loss_ : float or None
    loss_curve_ : list of float
        The training loss with its L2 penalty, per epoch (per iteration for "lbfgs").
    validation_scores_ : list of float or None
    validation_loss_curve_ : list of float
        Only with ``early_stopping=True``.
    gradient_curve_ : list of float
        The norm of the objective's gradient per iteration of the full-batch solvers (``lm``:
        at the start of the iteration; ``scg``, ``cg``, ``oss``, ``gdx``, ``gda``: at its end),
        MATLAB's ``tr.gradient`` (:func:`zoo.plotting.plot_train_state`).
    mu_curve_ : list of float
        Levenberg-Marquardt's damping μ per ``lm`` iteration (MATLAB's ``tr.mu``).
    best_validation_score_ : float or None
    t_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray
    n_iter_ : int
    n_layers_ : int
        Dense layers counted as the MLP counts them (input, hidden, output).
    n_outputs_ : int
    out_activation_ : str"""
