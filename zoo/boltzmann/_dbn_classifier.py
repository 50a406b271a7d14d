"""The deep belief net classifier: the DBN's RBM stack (:mod:`zoo.boltzmann._dbn`, where the
method is described) fine-tuned as an MLP."""

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.callback import CallbackSupportMixin
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.callbacks import close_callbacks, open_callbacks, train_under
from .._core.docstrings import doc_entries, shared_doc
from .._core.validation import (
    check_class_weight,
    check_input_scale,
    check_sample_weight,
    warn_outside_unit_interval,
)
from ..mlp import MLPClassifier
from ._base import BINARY_VISIBLE_UNITS
from ._dbn import _LAYER_SIZES, _RBM_CONSTRAINTS, _layer_sizes, pretrain_stack


class _DBNFineTuningMLP(MLPClassifier):
    """An MLPClassifier whose hidden layers start from given weights (the DBN's RBM stack)."""

    def _initial_parameters(self, layer_units, dtype, rng):
        # Glorot draws for every layer, then the pre-trained weights replace the hidden ones
        coefs, intercepts = super()._initial_parameters(layer_units, dtype, rng)
        for layer, rbm in enumerate(self.pretrained_rbms):
            coefs[layer] = np.array(rbm.components_.T, dtype=dtype, order="C")
            intercepts[layer] = rbm.intercept_hidden_.astype(dtype, copy=True)
        return coefs, intercepts

    def _display_name(self):
        return "DBNClassifier fine-tuning"

    def _verbose_label(self):
        return "DBNClassifier fine-tuning"


#: The MLP fine-tuning hyper-parameters DBNClassifier passes through to MLPClassifier unchanged.
_FINE_TUNING_PARAMS = (
    "solver",
    "alpha",
    "batch_size",
    "learning_rate",
    "learning_rate_init",
    "power_t",
    "max_iter",
    "shuffle",
    "tol",
    "verbose",
    "momentum",
    "nesterovs_momentum",
    "early_stopping",
    "validation_fraction",
    "beta_1",
    "beta_2",
    "epsilon",
    "n_iter_no_change",
    "max_fun",
    "loss",
    "class_weight",
)


#: Documented as MLPClassifier documents them; learning_rate_init has its own default here.
_MLP_DOCUMENTED = [name for name in _FINE_TUNING_PARAMS if name != "learning_rate_init"]


@shared_doc(fine_tuning=doc_entries(MLPClassifier, "Parameters", _MLP_DOCUMENTED))
class DBNClassifier(CallbackSupportMixin, ClassifierMixin, BaseEstimator):
    r"""Deep belief net classifier: greedy RBM pre-training, then back-propagation fine-tuning.

    1. Pre-training: a stack of :class:`BernoulliRBM` (one per entry of ``hidden_layer_sizes``),
       each trained on the hidden probabilities of the one below (Hinton, Osindero & Teh 2006),
       with the ``rbm_*`` hyper-parameters.
    2. Fine-tuning: the stack's weights :math:`W_l` = ``components_.T`` and hidden biases
       :math:`c_l` initialise the hidden layers of a logistic MLP,
       :math:`a_l = \sigma(a_{l-1} W_l + c_l)`, topped by a fresh Glorot-initialised softmax (or
       logistic) output layer; :class:`zoo.mlp.MLPClassifier` then trains the whole network by
       back-propagation with all its options (solver, alpha, early stopping, ...).

    Inputs are probabilities of binary units: scale features into [0, 1] first.

    Parameters
    ----------
    hidden_layer_sizes : array-like of int, default=(256,)
        Hidden units of each pre-trained RBM (and hidden layer of the fine-tuned network),
        bottom to top.
    rbm_learning_rate : float, default=0.05
        Pre-training step size of every RBM (:class:`BernoulliRBM`'s ``learning_rate``).
    rbm_batch_size : int, default=10
        Samples per pre-training minibatch.
    rbm_n_iter : int, default=10
        Pre-training epochs per RBM (0 skips pre-training: a plain logistic MLP).
    rbm_k : int, default=1
        Gibbs steps of each contrastive-divergence update (CD-k).
    rbm_persistent : bool, default=False
        CD-k (False, as Hinton et al. 2006) or PCD-k.
    rbm_momentum : float, default=0.5
        Momentum of the pre-training updates (Hinton's guide: 0.5 early in training).
    rbm_weight_decay : float, default=1e-4
        L2 weight decay of the pre-training updates, per step.
    learning_rate_init : float, default=0.01
        Fine-tuning step size, ten times :class:`zoo.mlp.MLPClassifier`'s: the pre-trained
        logistic units start near saturation, and Adam's steps of 0.001 move them too slowly. On
        digits (``X / 16``) fine-tuning with 0.001 has not converged after the 200 epochs of
        ``max_iter`` and scores lower than with 0.01, which converges within them (``zoo
        compare`` prints the default's accuracy on digits); on a problem of 200 samples (one
        full batch, so one step, per epoch) 0.001 can stall far below what a linear model
        reaches.
    {fine_tuning}
    random_state : int, RandomState instance or None, default=None
        Seeds the pre-training and the fine-tuning.
    warm_start : bool, default=False
        When True and the classifier is fitted, ``fit`` re-runs the fine-tuning only: ``max_iter``
        more epochs of back-propagation from the fine-tuned network (the MLP's ``warm_start``,
        its optimiser state kept), with the current fine-tuning hyper-parameters. The
        pre-trained stack ``rbms_`` is kept as it is: training it further would not reach the
        network, whose hidden weights fine-tuning has moved away from it. Another number of
        features, other ``hidden_layer_sizes`` or other classes raise ValueError. On an
        unfitted classifier it is a cold fit.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    rbms_ : list of BernoulliRBM
        The pre-trained stack.
    mlp_ : MLPClassifier
        The fine-tuned network.
    coefs_, intercepts_ : list of ndarray
        The fine-tuned network's weights.
    n_iter_ : int
        Fine-tuning epochs.
    loss_curve_ : list of float
        Fine-tuning loss per epoch.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    References
    ----------
    .. [1] Hinton, G. E., Osindero, S. and Teh, Y.-W. (2006). A fast learning algorithm for deep
       belief nets. Neural Computation 18(7), 1527-1554.
    .. [2] Hinton, G. E. and Salakhutdinov, R. R. (2006). Reducing the dimensionality of data
       with neural networks. Science 313, 504-507.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from zoo.boltzmann import DBNClassifier
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = DBNClassifier(hidden_layer_sizes=(64,), rbm_n_iter=3, max_iter=300,
    ...                     learning_rate_init=0.01, random_state=0).fit(X[:500] / 16, y[:500])
    >>> bool(clf.score(X[500:800] / 16, y[500:800]) > 0.8)
    True
    """

    _input_domain = "unit_interval"

    _parameter_constraints: dict = {
        "hidden_layer_sizes": _LAYER_SIZES,
        **{f"rbm_{name}": constraint for name, constraint in _RBM_CONSTRAINTS.items()},
        **{name: MLPClassifier._parameter_constraints[name] for name in _FINE_TUNING_PARAMS},
        "random_state": ["random_state"],
        "warm_start": ["boolean"],
    }

    def __init__(
        self,
        hidden_layer_sizes=(256,),
        *,
        rbm_learning_rate=0.05,
        rbm_batch_size=10,
        rbm_n_iter=10,
        rbm_k=1,
        rbm_persistent=False,
        rbm_momentum=0.5,
        rbm_weight_decay=1e-4,
        solver="adam",
        alpha=0.0001,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.01,
        power_t=0.5,
        max_iter=200,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=10,
        max_fun=15000,
        loss="log_loss",
        class_weight=None,
        warm_start=False,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.rbm_learning_rate = rbm_learning_rate
        self.rbm_batch_size = rbm_batch_size
        self.rbm_n_iter = rbm_n_iter
        self.rbm_k = rbm_k
        self.rbm_persistent = rbm_persistent
        self.rbm_momentum = rbm_momentum
        self.rbm_weight_decay = rbm_weight_decay
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun
        self.loss = loss
        self.class_weight = class_weight
        self.warm_start = warm_start

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        r"""Pre-train the RBM stack on X, then fine-tune the network on (X, y).

        Callbacks (:mod:`sklearn.callback`) see a task per pre-trained layer ("pre-training
        layer", the RBM's epochs under it; no fitted estimator is given them before the output
        layer exists), then the "fine-tuning" task, its epochs under it. A callback that stops
        an epoch ends that layer's pre-training or the fine-tuning; one that stops at a layer's
        end ends the greedy pre-training (the RBMs above are initialised, untrained), and the
        fine-tuning still runs. With ``warm_start``, only the fine-tuning.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Values in [0, 1].
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Weights :math:`w_i` of the samples in both objectives: every pre-training RBM's
            weighted CD statistics :math:`\sum_i w_i\, x_i\, p(h \mid x_i)^\top / \sum_i w_i`
            (see :meth:`BernoulliRBM.fit`) and the fine-tuning's weighted loss
            :math:`\sum_i w_i L(y_i, \hat y_i) / \sum_i w_i` (see :class:`zoo.mlp.MLPClassifier`;
            multiplied by ``class_weight``). Minibatches and Gibbs sampling make a weight differ
            from repeating the sample. None: every weight 1.

        Returns
        -------
        self : object
        """
        sizes = _layer_sizes(self.hidden_layer_sizes)
        continuing = self.warm_start and hasattr(self, "mlp_")
        X, y = validate_data(
            self, X, y, accept_sparse="csr", dtype=(np.float64, np.float32), reset=not continuing
        )
        check_input_scale(X, type(self).__name__, power=4)
        check_class_weight(self.class_weight)  # before pre-training, not after it
        warn_outside_unit_interval(X, type(self).__name__, BINARY_VISIBLE_UNITS)
        if continuing and tuple(sizes) != tuple(self.mlp_.hidden_layer_sizes):
            raise ValueError(
                f"warm_start needs the fitted network's hidden_layer_sizes "
                f"{list(self.mlp_.hidden_layer_sizes)}, got {sizes}. Set warm_start=False to fit "
                "a new one."
            )
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X)
        rng = check_random_state(self.random_state)
        pretrain_seed, fine_tune_seed = rng.randint(np.iinfo(np.int32).max, size=2)
        pretraining = self.rbm_n_iter > 0 and not continuing
        # a task per pre-trained layer, then the fine-tuning's
        callbacks = open_callbacks(
            self,
            X,
            y,
            sample_weight=sample_weight,
            max_epochs=len(sizes) * pretraining + 1,
        )
        if pretraining:
            rbm_params = {name: getattr(self, f"rbm_{name}") for name in _RBM_CONSTRAINTS}
            self.rbms_ = pretrain_stack(
                X,
                sizes,
                rbm_params,
                pretrain_seed,
                bool(self.verbose),
                type(self).__name__,
                prefix="rbm_",
                sample_weight=sample_weight,
                callbacks=callbacks,
            )
        elif not continuing:
            self.rbms_ = []
        fine_tuning = {name: getattr(self, name) for name in _FINE_TUNING_PARAMS}
        if continuing:  # the fine-tuned network, trained on with the current settings
            mlp = self.mlp_.set_params(warm_start=True, **fine_tuning)
        else:
            mlp = _DBNFineTuningMLP(
                hidden_layer_sizes=tuple(sizes),
                activation="logistic",
                random_state=fine_tune_seed,
                **fine_tuning,
            )
            mlp.pretrained_rbms = self.rbms_
        task = None
        if callbacks is not None:
            task = callbacks.subtask(
                "fine-tuning",
                max_subtasks=self.max_iter,
                reconstruction=lambda: {"mlp_": mlp, "classes_": mlp.classes_},
            )
        with train_under(mlp, task):
            self.mlp_ = mlp.fit(X, y, sample_weight=sample_weight)
        if task is not None:
            task.end()
        self.classes_ = mlp.classes_
        self.coefs_, self.intercepts_ = mlp.coefs_, mlp.intercepts_
        self.n_iter_, self.loss_curve_ = mlp.n_iter_, mlp.loss_curve_
        close_callbacks(self)
        return self

    def predict(self, X):
        """Predict class labels.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        return self._fine_tuned("predict", X)

    def predict_proba(self, X):
        """Class probabilities of the fine-tuned network.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        return self._fine_tuned("predict_proba", X)

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        return self._fine_tuned("predict_log_proba", X)

    def _fine_tuned(self, method, X):
        """The fine-tuned MLP's ``method`` on X, after this estimator's own input checks."""
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", reset=False, dtype=(np.float64, np.float32))
        check_input_scale(X, type(self).__name__, power=4)
        return getattr(self.mlp_, method)(X)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags
