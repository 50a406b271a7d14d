r"""Radial basis function networks: a layer of radial units and a linear output layer.

The network (Broomhead & Lowe 1988; Moody & Darken 1989) maps an input :math:`x` through
:math:`k` hidden units, each a radial function of the distance to its centre :math:`c_j`,

.. math:: h_j(x) = \varphi\!\left(\lVert x - c_j\rVert^2 / \sigma_j^2\right),
          \qquad \text{e.g. Gaussian } \varphi(r) = \exp(-r^2/2\sigma_j^2),

to outputs :math:`o(x) = h(x)\,W + b`. Training follows the three phases of Schwenker, Kestler &
Palm (2001):

1. **hidden layer**, unsupervised. Centres: k-means on the training data (Moody & Darken), a
   random subset of the samples, every sample (exact interpolation, Powell 1987), or given.
   Widths: per centre, the mean distance to its :math:`p` nearest other centres (Moody & Darken's
   p-nearest-neighbour rule), one global :math:`\sigma = d_{\max}/\sqrt{2k}` from the largest
   distance between centres (Haykin 1999, §5.11), or a given number; all times ``width_scale``;
2. **output layer** in closed form: with the design matrix :math:`H` (:math:`n \times k`) and
targets
   :math:`T`, ridge regression with an unpenalised intercept,

   .. math:: \min_{W,b}\ \lVert T - HW - \mathbf 1 b\rVert^2 + \alpha\lVert W\rVert^2
             \;\Longleftrightarrow\;
             \begin{pmatrix} H^\top H + \alpha I & H^\top\mathbf 1 \\ \mathbf 1^\top H & n
             \end{pmatrix}
             \begin{pmatrix} W \\ b \end{pmatrix}
             = \begin{pmatrix} H^\top T \\ \mathbf 1^\top T \end{pmatrix},

   the normal equations, accumulated over chunks of rows (memory bounded by the
   :math:`(k+1)^2` Gram matrix, never :math:`H` whole) and solved by Cholesky. With
   ``alpha=0`` the least-squares problem is solved by SVD of :math:`[H\ \mathbf 1]` instead
   (minimum-norm solution), which reproduces the training targets exactly when
   ``centers="all"`` (interpolation).
3. optionally (``fine_tune=True``), **everything**: centres, widths and output weights trained
   jointly by gradient descent (minibatch Adam or SGD) or L-BFGS (full batch) on the same
   objective divided by :math:`2n`,

   .. math:: E = \frac{1}{2n}\sum_i\lVert o(x_i) - t_i\rVert^2 + \frac{\alpha}{2n}\lVert W\rVert^2 ,

   through zoo's shared training loop and optimizers or its table of full-batch solvers (early
   stopping included), starting from
   phases 1–2 — which is a stationary point in :math:`(W, b)`. With :math:`q_{ij} =
   d_{ij}/\sigma_j^2`,
:math:`d_{ij} = \lVert x_i - c_j\rVert^2` and :math:`\delta_i = (o_i - t_i)/m` on a batch of
:math:`m`:

.. math::
    \frac{\partial E}{\partial W} = H^\top\delta + \frac{\alpha}{n}W,\quad
    \frac{\partial E}{\partial q_{ij}} = (\delta W^\top)_{ij}\,\varphi'(q_{ij}),\quad
    \frac{\partial E}{\partial c_j} = -\frac{2}{\sigma_j^2}\sum_i \frac{\partial E}{\partial
    q_{ij}}(x_i - c_j),\quad
    \frac{\partial E}{\partial \log\sigma_j} = -2\sum_i \frac{\partial E}{\partial q_{ij}}\,q_{ij}.

Widths are trained as :math:`\log\sigma` so they stay positive.
"""

from numbers import Integral, Real

import numpy as np
import scipy.linalg
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.callback import CallbackSupportMixin
from sklearn.utils import check_array, check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.callbacks import close_callbacks, epoch_callbacks, open_callbacks
from .._core.distances import row_chunks, squared_norms
from .._core.kernels import KERNELS
from .._core.losses import squared_error
from .._core.optimizers import SGD, Adam
from .._core.problems import FlatProblem, flat_views
from .._core.radial import (
    RadialBuffers,
    radial_full_batch,
    radial_layer,
    radial_loss_and_gradients,
)
from .._core.solvers import (
    FLAT_SOLVERS,
    FULL_BATCH_SOLVERS,
    monitor_step_parameter,
    solver_options,
)
from .._core.training import (
    Criterion,
    History,
    Monitor,
    clip_batch_size,
    fit_epochs,
    validation_split,
)
from .._core.validation import check_finite_parameters, check_input_scale
from ._centers import center_widths, ols_centers, select_centers


def _mean_model_loss(T, sample_weight=None):
    """The loss of predicting the targets' (weighted) mean, E = 1/2 mean_w ||t - mean_w t||^2."""
    if sample_weight is None:
        return 0.5 * float(np.square(T - T.mean(axis=0)).sum(axis=1).mean())
    mean = np.average(T, axis=0, weights=sample_weight)
    return 0.5 * float(np.average(np.square(T - mean).sum(axis=1), weights=sample_weight))


class _BaseRBF(CallbackSupportMixin, BaseEstimator):
    """Shared machinery of the RBF classifier and regressor (not public)."""

    _parameter_constraints: dict = {
        "n_centers": [Interval(Integral, 1, None, closed="left")],
        "centers": [
            StrOptions({"auto", "kmeans", "minibatch_kmeans", "random", "all", "ols"}),
            "array-like",
        ],
        "ols_goal": [Interval(Real, 0, None, closed="left")],
        "width": [StrOptions({"nearest", "global"}), Interval(Real, 0, None, closed="neither")],
        "n_neighbors": [Interval(Integral, 1, None, closed="left")],
        "width_scale": [Interval(Real, 0, None, closed="neither")],
        "kernel": [StrOptions(set(KERNELS))],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "fine_tune": ["boolean"],
        "solver": [StrOptions({"adam", "sgd", *FLAT_SOLVERS})],
        "learning_rate_init": [Interval(Real, 0, None, closed="neither")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
    }

    def __init__(
        self,
        *,
        n_centers=100,
        centers="auto",
        ols_goal=0.0,
        width="nearest",
        n_neighbors=2,
        width_scale=1.0,
        kernel="gaussian",
        alpha=1e-3,
        fine_tune=False,
        solver="adam",
        learning_rate_init=1e-3,
        batch_size=200,
        max_iter=200,
        tol=1e-4,
        n_iter_no_change=10,
        early_stopping=False,
        validation_fraction=0.1,
        random_state=None,
        verbose=False,
        warm_start=False,
    ):
        self.n_centers = n_centers
        self.centers = centers
        self.ols_goal = ols_goal
        self.width = width
        self.n_neighbors = n_neighbors
        self.width_scale = width_scale
        self.kernel = kernel
        self.alpha = alpha
        self.fine_tune = fine_tune
        self.solver = solver
        self.learning_rate_init = learning_rate_init
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start

    # ------------------------------------------------------------------ the three phases
    def _warm(self):
        """True when this fit continues from the fitted network (``warm_start``)."""
        return self.warm_start and hasattr(self, "coef_")

    def _fit_network(self, X, T, given, sample_weight=None, warm=False):
        """Fit the network to inputs X and target matrix T of shape (n, n_outputs).

        ``given``: the user's ``X``, ``y`` and ``sample_weight``, which the callbacks see and
        ScoringMonitor scores on. Fine-tuning's epochs (iterations) are the callbacks' tasks;
        without fine-tuning there are none: the callbacks see the fit's task alone, which ends
        once the network is fitted. ``sample_weight``: positive weights or None. ``warm``: keep
        the hidden layer (and, to fine-tune, the output layer: see ``warm_start``).
        """
        open_callbacks(self, **given, max_epochs=self.max_iter if self.fine_tune else 0)
        rng = check_random_state(self.random_state)
        if warm and T.shape[1] != self.coef_.shape[0]:
            raise ValueError(
                f"warm_start needs the same outputs: the network has {self.coef_.shape[0]} "
                f"output units but y asks for {T.shape[1]}."
            )
        continued = warm and self.fine_tune and "loss_curve_" in self.__dict__
        if not continued:
            for stale in ("loss_curve_", "validation_scores_", "best_validation_score_"):
                self.__dict__.pop(stale, None)  # from an earlier fit with fine-tuning
            self._history = None
        validation = None
        if self.fine_tune and self.early_stopping:
            stratify = T.argmax(axis=1) if isinstance(self, ClassifierMixin) else None
            train, val = validation_split(X.shape[0], self.validation_fraction, rng, stratify)
            w_val = None
            if sample_weight is not None:
                sample_weight, w_val = sample_weight[train], sample_weight[val]
            X, T, validation = X[train], T[train], (X[val], T[val], w_val)
        ols = isinstance(self.centers, str) and self.centers == "ols"
        if warm:
            # the fitted hidden layer, in this data's dtype
            self.centers_ = self.centers_.astype(X.dtype, copy=False)
            self.widths_ = self.widths_.astype(X.dtype, copy=False)
        elif ols:
            self.centers_, self.widths_, self.error_reduction_ratios_ = ols_centers(
                X,
                T,
                self.n_centers,
                self.ols_goal,
                self.width,
                self.n_neighbors,
                self.width_scale,
                self.kernel,
                rng,
                sample_weight,
                type(self).__name__,
                alpha=self.alpha,
            )
        elif isinstance(self.centers, str):
            self.centers_ = select_centers(X, self.centers, self.n_centers, rng, sample_weight)
        else:
            self.centers_ = self._given_centers(X)
        if not warm and not ols:
            self.__dict__.pop("error_reduction_ratios_", None)  # from an earlier OLS fit
            self.widths_ = center_widths(
                self.centers_, self.width, self.n_neighbors, self.width_scale, type(self).__name__
            )
        if warm and self.fine_tune:
            W = self.coef_.T.astype(X.dtype)  # continue from the fitted output layer (copies)
            b = self.intercept_.astype(X.dtype)
        else:
            W, b = self._solve_output_layer(X, T, sample_weight)
        self.n_iter_ = 1
        if self.fine_tune:
            W, b = self._fine_tune(X, T, W, b, rng, validation, sample_weight)
        # coef_ as scikit-learn's linear models lay it out: (n_outputs, n_hidden)
        self.coef_ = np.ascontiguousarray(W.T)
        self.intercept_ = b
        check_finite_parameters(
            [self.centers_, self.widths_, self.coef_, self.intercept_], type(self).__name__
        )
        close_callbacks(self)

    def _given_centers(self, X):
        C = check_array(self.centers, dtype=X.dtype, input_name="centers")
        if C.shape[1] != X.shape[1]:
            raise ValueError(
                f"centers has {C.shape[1]} features but X has {X.shape[1]} features; the given "
                "centres must live in the input space."
            )
        return C.copy()

    def _solve_output_layer(self, X, T, sample_weight=None):
        """Phase 2: ridge regression of T on the hidden activations (normal equations above);
        with ``sample_weight``, weighted: the rows of [H 1] and T scaled by sqrt(w)."""
        C, widths, kernel = self.centers_, self.widths_, self.kernel
        k, n_outputs = C.shape[0], T.shape[1]
        C_sq = squared_norms(C)
        if self.alpha == 0:
            # minimum-norm least squares by SVD: exact interpolation when centers="all"
            H1 = np.ones((X.shape[0], k + 1), dtype=X.dtype)
            radial_layer(X, C, widths, kernel, C_sq, out=H1[:, :k])
            if sample_weight is not None:
                root = np.sqrt(sample_weight)[:, np.newaxis]
                H1 *= root  # sqrt(w_i) [h_i 1]
                T = T * root  # sqrt(w_i) t_i
            Wb = scipy.linalg.lstsq(H1, T, lapack_driver="gelsd", check_finite=False)[0]
        else:
            gram = np.zeros((k + 1, k + 1))
            rhs = np.zeros((k + 1, n_outputs))
            n_rows = min(X.shape[0], max(1, 2**22 // k))
            buffer = np.empty((n_rows, k), dtype=X.dtype)
            # the normal equations square the condition number of H: float32 products would lose
            # the solution for wide units and small alpha, so they are accumulated in float64
            # (H itself, the big distance GEMM, stays in the input's dtype)
            buffer64 = buffer if X.dtype == np.float64 else np.empty((n_rows, k))
            for rows in row_chunks(X.shape[0], k):
                m = rows.stop - rows.start
                H = radial_layer(X[rows], C, widths, kernel, C_sq, out=buffer[:m])
                if H.dtype != np.float64:
                    H = buffer64[:m]
                    np.copyto(H, buffer[:m])
                if sample_weight is None:
                    gram[:k, :k] += H.T @ H  # H^T H
                    gram[:k, k] += H.sum(axis=0)  # H^T 1
                    rhs[:k] += H.T @ T[rows]  # H^T T
                    rhs[k] += T[rows].sum(axis=0)  # 1^T T
                else:
                    root = np.sqrt(sample_weight[rows], dtype=np.float64)
                    H *= root[:, np.newaxis]  # sqrt(w) H
                    T_root = T[rows] * root[:, np.newaxis]  # sqrt(w) T
                    gram[:k, :k] += H.T @ H  # H^T diag(w) H
                    gram[:k, k] += H.T @ root  # H^T w
                    rhs[:k] += H.T @ T_root  # H^T diag(w) T
                    rhs[k] += root @ T_root  # w^T T
            gram[k, :k] = gram[:k, k]
            gram[k, k] = X.shape[0] if sample_weight is None else float(sample_weight.sum())
            gram[np.arange(k), np.arange(k)] += self.alpha  # + alpha I on W only
            try:
                Wb = scipy.linalg.cho_solve(
                    scipy.linalg.cho_factor(gram, check_finite=False), rhs, check_finite=False
                )
            except np.linalg.LinAlgError:
                # numerically singular (alpha tiny against H^T H): least squares on the system
                Wb = scipy.linalg.lstsq(gram, rhs, lapack_driver="gelsd", check_finite=False)[0]
        Wb = Wb.astype(X.dtype)
        return np.ascontiguousarray(Wb[:k]), Wb[k].copy()

    # ------------------------------------------------------------------ phase 3: fine-tuning
    def _fine_tune(self, X, T, W, b, rng, validation, sample_weight=None):
        """Phase 3: centres, log-widths and output layer jointly, by minibatch epochs ("adam",
        "sgd") or a full-batch solver of :data:`~zoo._core.solvers.FULL_BATCH_SOLVERS`.

        ``validation`` is None or ``(X_val, T_val, w_val)``, which turns on early stopping on its
        (weighted) score. ``sample_weight`` weights the loss (``ridge = alpha / sum w``).
        The four arrays are views into one vector (:func:`~zoo._core.problems.flat_views`), the
        full-batch solvers' ``parameters``; the minibatch optimizers see the four.
        """
        n_samples = X.shape[0]
        flat, params = flat_views([self.centers_, np.log(self.widths_), W, b])
        C, log_widths, W, b = params
        flat_grad, grads = flat_views(params)
        full_batch = self.solver in FULL_BATCH_SOLVERS
        total_weight = n_samples if sample_weight is None else float(sample_weight.sum())
        ridge = self.alpha / total_weight
        X_sq = squared_norms(X)

        validate = None
        if validation is not None:
            X_val, T_val, w_val = validation

            def validate():
                O = self._output(X_val, C, np.exp(log_widths), W.T, b)
                return self._score_output(O, T_val, w_val), squared_error(T_val, O, w_val)

        if getattr(self, "_history", None) is None:
            self._history = History(early_stopping=validate is not None)
        elif validate is not None:
            self._history.start_validation()  # a warm fit that turns early stopping on
        callbacks = epoch_callbacks(self)
        if callbacks is not None:
            # what a copy predicts with as if fine-tuning stopped now
            def reconstruction():
                return dict(
                    centers_=C.copy(),
                    widths_=np.exp(log_widths),
                    coef_=np.ascontiguousarray(W.T),
                    intercept_=b.copy(),
                )

            callbacks.reconstruction = reconstruction
        name = type(self).__name__
        monitor = Monitor(
            self._history,
            # the full-batch solvers' warnings name the solver, as MLP's do
            name=f"{name} (fine_tune=True, solver={self.solver!r})"
            if full_batch
            else f"{name} (fine_tune=True)",
            step_parameter=monitor_step_parameter(self),
            # the loss of predicting the targets' mean: fine-tuning starts at the least-squares
            # output layer, whose loss may be ~0 (E = 1/2 mean ||t - mean t||^2)
            criterion=Criterion(reference=_mean_model_loss(T, sample_weight)),
            n_iter_no_change=self.n_iter_no_change,
            tol=self.tol,
            verbose=self.verbose,
            params=[flat] if full_batch else params,
            validate=validate,
            callbacks=callbacks,
        )
        if full_batch:
            # every row at once, in chunks of rows of bounded memory (exact: radial_full_batch)
            n_rows = min(n_samples, max(1, 2**22 // C.shape[0]))
            buffers = RadialBuffers(n_rows, W.shape[0], W.shape[1], X.dtype)
            scratch = flat_views(grads)
            data = (X, X_sq, T)

            def loss_and_gradient():
                loss = radial_full_batch(
                    *data, params, flat_grad, scratch, self.kernel, ridge, buffers, sample_weight
                )
                return loss, flat_grad

            result = FULL_BATCH_SOLVERS[self.solver](
                FlatProblem(flat, loss_and_gradient),
                monitor,
                max_iter=self.max_iter,
                tol=self.tol,
                **solver_options(self),
            )
            self.n_iter_ = result.n_iter
        else:
            if self.solver == "adam":
                optimizer = Adam(params, self.learning_rate_init)
            else:
                optimizer = SGD(params, self.learning_rate_init)
            batch_size = clip_batch_size(self.batch_size, n_samples)
            X_batch = np.empty((batch_size, X.shape[1]), dtype=X.dtype)
            buffers = RadialBuffers(batch_size, W.shape[0], W.shape[1], X.dtype)

            def step(batch):
                Xb = np.take(X, batch, axis=0, out=X_batch[: len(batch)])
                wb = None if sample_weight is None else sample_weight[batch]
                loss = radial_loss_and_gradients(
                    Xb, X_sq[batch], T[batch], params, grads, self.kernel, ridge, buffers, wb
                )
                optimizer.update(params, grads)
                return loss

            self.n_iter_ = fit_epochs(
                step,
                n_samples,
                monitor,
                batch_size=batch_size,
                max_iter=self.max_iter,
                rng=rng,
                optimizer=optimizer,
                sample_weight=sample_weight,
            )
        self.loss_curve_ = self._history.criterion
        if validate is not None:
            self.validation_scores_ = self._history.validation_scores
            self.best_validation_score_ = self._history.best_validation_score
        else:
            for stale in ("validation_scores_", "best_validation_score_"):
                self.__dict__.pop(stale, None)  # a warm fit's earlier early stopping
        # copies: the fitted attributes do not keep the training vector alive
        self.centers_, self.widths_ = C.copy(), np.exp(log_widths)
        return W.copy(), b.copy()

    # ------------------------------------------------------------------ prediction
    def _output(self, X, C=None, widths=None, coef=None, intercept=None):
        """o = h(x) W + b, computed in chunks of rows (bounded memory)."""
        if C is None:
            C, widths, coef, intercept = self.centers_, self.widths_, self.coef_, self.intercept_
        C_sq = squared_norms(C)
        O = np.empty((X.shape[0], coef.shape[0]), dtype=X.dtype)
        for rows in row_chunks(X.shape[0], C.shape[0]):
            H = radial_layer(X[rows], C, widths, self.kernel, C_sq)
            np.matmul(H, coef.T, out=O[rows])
        O += intercept
        return O

    def _validate_X(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        check_input_scale(X, type(self).__name__)
        return X

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags = None
        return tags


_PARAMETERS_DOC = r"""
    n_centers : int, default=100
        Number of hidden units :math:`k` (capped at the number of samples); ignored when
        ``centers`` is ``"all"`` or an array; with ``"ols"``, the budget, at most.
    centers : {"auto", "kmeans", "minibatch_kmeans", "random", "all", "ols"} or array-like
        Default ``"auto"``.
        Phase 1 (centres). ``"kmeans"``: scikit-learn's ``KMeans`` (k-means++, one run, at most
        20 Lloyd iterations, ``zoo.rbf._centers.KMEANS_MAX_ITER``: the iterations to convergence
        grow with :math:`n` and would make the fit's cost grow faster than :math:`n`, while the
        last of them barely change how the centres cover the data; ``benchmarks/scaling.py``
        prints the fit's growth, README "Cost at scale" records it before and after the cap;
        pass converged centres as an array to have them);
        ``"minibatch_kmeans"``: ``MiniBatchKMeans`` (k-means++ on a sample, batches of
        ``max(1024, 3k)``); ``"random"``: a random subset of the samples; ``"all"``: one unit per
        sample; an array of shape (k, n_features): these. ``"auto"``: ``"kmeans"`` while
        :math:`n_\text{samples} \times k \le 10^6` (``zoo.rbf._centers.AUTO_MINIBATCH_THRESHOLD``),
        else ``"minibatch_kmeans"``, both seeded alike from ``random_state``. Why there: a Lloyd
        iteration of full k-means costs :math:`n k d` over the whole data, while a mini-batch
        step costs the batch's, so past about :math:`10^6` full k-means takes longer than
        mini-batch k-means, the more so the larger :math:`n k`, for about the same test error;
        below it, full k-means is fast (the same results as ``"kmeans"``).
        ``benchmarks/bench_rbf.py`` times the default at MNIST's scale (60,000 × 1,000 centres).
        ``"ols"``: supervised, centres and widths at once, by Chen, Cowan & Grant's (1991)
        orthogonal least squares (MATLAB's ``newrb``): units of one width are placed on
        training points one at a time, each time the one whose output most reduces the
        least-squares residual of the targets (its error reduction ratio, computed for all
        candidates at once by Gram-Schmidt updates of their inner products, see
        ``zoo._core.ols``), until ``n_centers`` units or ``ols_goal``. The candidates are every
        training point up to 2,000 (``zoo.rbf._centers.OLS_MAX_CANDIDATES``), else that many
        drawn at random: the selection holds their 2,000 × 2,000 Gram matrix and forming it
        costs :math:`n M^2` multiply-adds, linear in :math:`n`. One width for every unit,
        times ``width_scale``: ``width`` when a number (newrb's ``spread``); the rules need
        the centres before they are chosen, so ``"nearest"`` starts from the mean of the
        nearest-centre widths of :math:`k` (the budget) candidates spread over the data by
        farthest-point traversal, ``"global"`` from :math:`d_{\max}/\sqrt{2k}` over the
        candidates, and that width times the factor of 1/4 to 2 whose units predict one in
        five held-out training points best is kept (``zoo.rbf._centers.ols_centers``).
    ols_goal : float, default=0.0
        ``centers="ols"`` only: stop adding units once the training mean squared error (over
        samples and outputs, weighted by ``sample_weight``) of the least-squares output layer
        is at most this, as ``newrb``'s ``goal``. The selection measures the ridge objective
        (data term plus ``alpha`` times the squared output weights) the output layer then
        minimises, so the training error is at most that.
    width : {"nearest", "global"} or float, default="nearest"
        Phase 1 (widths). ``"nearest"``: mean distance to the ``n_neighbors`` nearest other centres;
        ``"global"``: :math:`d_{\max}/\sqrt{2k}`; a float: that width for every unit.
    n_neighbors : int, default=2
        :math:`p` of the p-nearest-centre width rule.
    width_scale : float, default=1.0
        Multiplies every width (a single knob to tune the overlap of the units).
    kernel : {"gaussian", "multiquadric", "inverse_multiquadric", "thin_plate_spline"}
        Default ``"gaussian"``.
        Radial function :math:`\varphi` of :math:`q = r^2/\sigma^2` (see ``zoo._core.kernels``).
    alpha : float, default=1e-3
        Ridge strength of the output layer's least squares; 0 means plain least squares.
    fine_tune : bool, default=False
        Run the third phase of Schwenker et al. (2001): joint gradient descent on centres, widths
        and output layer.
    solver : {"adam", "sgd", "lbfgs", "scg", "cg", "oss", "gdx", "gda"}, default="adam"
        Optimizer of the fine-tuning phase. "adam" and "sgd" take minibatch epochs. "lbfgs" is
        L-BFGS (:data:`zoo._core.solvers.FULL_BATCH_SOLVERS`) over centres, log-widths and
        output layer in one vector on the whole training set (in chunks of rows, memory bounded
        as the output layer's solve): no learning rate to tune and a monotonically decreasing
        loss. It stops when the largest gradient component is at most ``tol``, or by the
        validation patience with ``early_stopping``. No Levenberg-Marquardt: its Gauss-Newton
        system needs the outputs' Jacobian in the centres and widths, which the radial core
        does not compute.
        "scg", "cg", "oss", "gdx" and "gda" are the table's other first-order solvers (MATLAB's
        ``trainscg``, ``traincgb``, ``trainoss``, ``traingdx``, ``traingda``; see
        :class:`zoo.MLPClassifier`'s ``solver``).
    learning_rate_init : float, default=1e-3
        Step size of "adam" and "sgd" (unused by "lbfgs").
    batch_size : int, default=200
        Minibatch size of the fine-tuning phase (clipped to the number of samples; unused by
        "lbfgs").
    max_iter : int, default=200
        Maximum number of fine-tuning epochs ("adam", "sgd") or iterations ("lbfgs").
    tol : float, default=1e-4
    n_iter_no_change : int, default=10
        Patience of the fine-tuning phase (training loss, or validation score with
        ``early_stopping``).
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the training data (from all phases) and stop
        fine-tuning when its score stops improving; the best parameters are restored.
    validation_fraction : float, default=0.1
    random_state : int, RandomState instance or None, default=None
        Seeds k-means, the random centre subset, the validation split and the minibatch order.
    verbose : bool, default=False
        One line per fine-tuning epoch (iteration for "lbfgs").
    warm_start : bool, default=False
        When True and the network is already fitted, ``fit`` continues from it instead of
        starting over: the centres and widths are kept (phase 1 is skipped: ``n_centers``,
        ``centers``, ``width``, ``n_neighbors`` and ``width_scale`` are not used again). With
        ``fine_tune=True`` fine-tuning starts from the fitted centres, widths and output layer
        and runs its ``max_iter`` again (a fresh optimizer; ``loss_curve_`` goes on, as
        scikit-learn's MLP's does); without fine-tuning the output layer is solved again, on
        this fit's data, over the kept hidden layer. On an unfitted network it is a cold fit.
        ``X`` must have the features of the first fit (the classifier's ``y`` the same classes,
        the regressor's the same number of outputs), or a ValueError is raised.
"""


_ATTRIBUTES_DOC = r"""
    centers_ : ndarray of shape (n_centers, n_features)
    widths_ : ndarray of shape (n_centers,)
        :math:`\sigma_j`.
    coef_ : ndarray of shape (n_outputs, n_centers)
        Output weights :math:`W^\top`.
    intercept_ : ndarray of shape (n_outputs,)
    error_reduction_ratios_ : ndarray of shape (k,)
        With ``centers="ols"``: the fraction of the targets' (weighted, centred) sum of squares
        each selected unit removed from the least-squares residual, in the order selected.
    n_iter_ : int
        Fine-tuning epochs (iterations for "lbfgs") run; 1 without fine-tuning (the output layer
        is one closed-form solve).
    loss_curve_ : list of float
        Fine-tuning loss per epoch (per iteration for "lbfgs"; only with ``fine_tune=True``).
    validation_scores_, best_validation_score_ : list of float, float
        Accuracy (classifier) or :math:`R^2` (regressor) on the held-out split per fine-tuning
        epoch, and the best of them, whose parameters were kept (only with ``early_stopping``).
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
"""


_REFERENCES_DOC = r"""
    .. [1] Broomhead, D. S. & Lowe, D. (1988). Multivariable functional interpolation and adaptive
       networks. Complex Systems 2, 321-355.
    .. [2] Moody, J. & Darken, C. J. (1989). Fast learning in networks of locally-tuned processing
       units. Neural Computation 1(2), 281-294.
    .. [3] Schwenker, F., Kestler, H. A. & Palm, G. (2001). Three learning phases for
       radial-basis-function networks. Neural Networks 14(4-5), 439-458.
"""


#: The ``sample_weight`` entry of both networks' ``fit``.
_SAMPLE_WEIGHT_DOC = r"""
        sample_weight : array-like of shape (n_samples,), default=None
            Weights :math:`w_i \ge 0` of the samples (None: all 1); the weighted version of each
            phase. Centres: weighted k-means (k-means++ seeds drawn with probability
            :math:`\propto w_i D_i^2`, Lloyd's means :math:`c_j = \sum_{i \in S_j} w_i x_i /
            \sum_{i \in S_j} w_i`); ``centers="random"`` draws samples with probability
            :math:`\propto w_i`; ``"ols"`` selects by the weighted least squares (inner
            products :math:`\sum_i w_i u_i v_i`, weighted means, ``ols_goal`` on the weighted
            mean squared error); widths come from the centres. Output layer: the weighted ridge
            least squares :math:`\min_{W,b} \sum_i w_i \lVert t_i - h_i W - b\rVert^2 +
            \alpha\lVert W\rVert^2`, solved with the rows of :math:`[H\ \mathbf 1]` and
            :math:`T` scaled by :math:`\sqrt{w_i}`. Fine-tuning: :math:`E =
            \frac{1}{2\sum_i w_i}\bigl(\sum_i w_i\lVert o_i - t_i\rVert^2 +
            \alpha\lVert W\rVert^2\bigr)`; with early stopping the validation score is
            weighted too. A sample of weight 0 is dropped (exactly as if absent); an integer
            weight equals repeating the sample (to rounding) for ``"kmeans"`` centres (``"auto"``
            below its threshold; with fewer centres than samples, in the same sample order:
            k-means++ draws its seeds walking the samples, so a permuted X draws others), for the
            output layer, for ``"ols"`` centres (while the repeated data has at most
            ``OLS_MAX_CANDIDATES`` rows: every row is a candidate) and for ``"lbfgs"``
            fine-tuning; not for ``"random"`` and
            ``"minibatch_kmeans"`` (random draws) or ``"all"`` (a repeated sample is one more
            unit) centres, nor for ``"adam"`` and ``"sgd"`` fine-tuning (a weighted sample is one
            row of one minibatch, its repetitions rows of several, as for scikit-learn's SGD).
"""
