r"""The update rules of MATLAB's conjugate-gradient and adaptive gradient-descent trainers.

Each rule is the algorithm's own bookkeeping between two evaluations of the objective; the
drivers that evaluate, record every iteration in the Monitor and stop are
:mod:`zoo._core.solvers`' (``"scg"``, ``"cg"``, ``"oss"``, ``"gdx"``, ``"gda"``), as
:mod:`zoo._core.levenberg` holds Levenberg-Marquardt's damping rule for its driver there.

* :class:`ScaledConjugateGradient`: Møller's (1993) scaled conjugate gradient (MATLAB
  ``trainscg``): no line search; a finite-difference Hessian-vector estimate along the
  direction, and the Levenberg-Marquardt-like scale :math:`\lambda` driven by the comparison
  parameter :math:`\Delta`.
* :class:`ConjugateDirections`: the search directions of the line-search methods, Fletcher-Reeves,
  Polak-Ribière, Powell-Beale (MATLAB ``traincgf``, ``traincgp``, ``traincgb``) and Battiti's
  (1992) one-step secant (``trainoss``).
* :class:`AdaptiveRate`: ``traingdx``/``traingda``'s learning rate, grown while the objective
  falls and cut, with the step discarded, when it rises too far.

Vectors are float64 arrays; nothing here evaluates the objective except through the callable
:meth:`ScaledConjugateGradient.iterate` is given.

References
----------
Møller, M. F. (1993). A scaled conjugate gradient algorithm for fast supervised learning.
Neural Networks, 6(4), 525-533.
Fletcher, R. & Reeves, C. M. (1964). Function minimization by conjugate gradients. The Computer
Journal, 7(2), 149-154.
Polak, E. & Ribière, G. (1969). Note sur la convergence de méthodes de directions conjuguées.
Revue française d'informatique et de recherche opérationnelle, 3(16), 35-43.
Powell, M. J. D. (1977). Restart procedures for the conjugate gradient method. Mathematical
Programming, 12, 241-254.
Battiti, R. (1992). First- and second-order methods for learning: between steepest descent and
Newton's method. Neural Computation, 4(2), 141-166.
"""

import numpy as np

#: The search-direction updates of :class:`ConjugateDirections` (``cg_update``'s values), and
#: the one-step secant's.
CG_UPDATES = ("fletcher-reeves", "polak-ribiere", "powell-beale")


class ScaledConjugateGradient:
    r"""Møller's scaled conjugate gradient, one iteration per :meth:`iterate`.

    The paper's algorithm (section 3, steps 1-9; :math:`r = -E'(w)` the steepest-descent
    direction, :math:`p` the search direction, :math:`N` the number of weights):

    1. :math:`p_1 = r_1 = -E'(w_1)`, :math:`\lambda_1 = 5\cdot10^{-7}`,
       :math:`\bar\lambda_1 = 0`, success = true.
    2. If success: :math:`\sigma_k = \sigma/|p_k|`,
       :math:`s_k = (E'(w_k + \sigma_k p_k) - E'(w_k))/\sigma_k` (the Hessian-vector product by a
       finite difference), :math:`\delta_k = p_k^\top s_k`.
    3. Scale: :math:`\delta_k \mathrel{+}= (\lambda_k - \bar\lambda_k)|p_k|^2`.
    4. If :math:`\delta_k \le 0` (the scaled Hessian is not positive definite):
       :math:`\bar\lambda_k = 2(\lambda_k - \delta_k/|p_k|^2)`,
       :math:`\delta_k = -\delta_k + \lambda_k|p_k|^2`, :math:`\lambda_k = \bar\lambda_k`.
    5. Step size: :math:`\mu_k = p_k^\top r_k`, :math:`\alpha_k = \mu_k/\delta_k`.
    6. Comparison parameter: :math:`\Delta_k = 2\delta_k[E(w_k) - E(w_k + \alpha_k p_k)]/\mu_k^2`.
    7. If :math:`\Delta_k \ge 0` (a successful reduction): :math:`w_{k+1} = w_k + \alpha_k p_k`,
       :math:`r_{k+1} = -E'(w_{k+1})`, :math:`\bar\lambda_k = 0`, success = true; restart
       (:math:`p_{k+1} = r_{k+1}`) when :math:`k` is a multiple of :math:`N`, else
       :math:`\beta_k = (|r_{k+1}|^2 - r_{k+1}^\top r_k)/\mu_k`,
       :math:`p_{k+1} = r_{k+1} + \beta_k p_k`; if :math:`\Delta_k \ge 0.75`,
       :math:`\lambda_k = \lambda_k/4`. Otherwise :math:`\bar\lambda_k = \lambda_k`,
       success = false (the weights stay; the next iteration rescales the same direction).
    8. If :math:`\Delta_k < 0.25`: :math:`\lambda_k = \lambda_k + \delta_k(1-\Delta_k)/|p_k|^2`.
    9. Next iteration (the driver stops when :math:`r` vanishes to its tolerance).

    A trial point whose objective is not finite (the evaluation overflowed) is a failed
    reduction with :math:`\Delta_k = 0`: :math:`\lambda` grows by :math:`\delta_k/|p_k|^2`,
    which halves the next step.

    Parameters
    ----------
    gradient : ndarray of shape (n,)
        :math:`E'(w_1)`.
    sigma : float, default=5e-5
        :math:`\sigma` of step 2 (MATLAB's ``sigma``).
    lambda_ : float, default=5e-7
        :math:`\lambda_1` (MATLAB's ``lambda``).
    restart : int or None
        :math:`N`; None: the number of weights.

    Attributes
    ----------
    lambda_ : float
        The current scale :math:`\lambda_k`.
    comparison : float or None
        The last iteration's :math:`\Delta_k`.
    n_gradients : int
        Gradient evaluations made by :meth:`iterate` (two per iteration after a success, one
        after a failure: the point :math:`w + \sigma p` and the trial point).
    """

    def __init__(self, gradient, *, sigma=5e-5, lambda_=5e-7, restart=None):
        self.sigma = float(sigma)
        self.lambda_ = float(lambda_)
        self.lambda_bar = 0.0
        self.r = -np.asarray(gradient, dtype=np.float64)
        self.p = self.r.copy()
        self.success = True
        self.delta = 0.0
        self.k = 1
        self.restart = self.r.size if restart is None else int(restart)
        self.comparison = None
        self.n_gradients = 0

    @property
    def gradient(self):
        """:math:`E'(w_k)` at the current weights."""
        return -self.r

    def iterate(self, w, loss, evaluate):
        """One iteration from ``w`` (objective ``loss``); ``evaluate(v) -> (E(v), E'(v))``.

        Returns ``(w, loss, accepted)``: the new weights and their objective (``w`` and
        ``loss`` themselves after a failed reduction).
        """
        p, r = self.p, self.r
        p2 = float(p @ p)
        if self.success:  # step 2: the second-order information along p
            sigma_k = self.sigma / np.sqrt(p2)
            _, g_sigma = evaluate(w + sigma_k * p)
            self.n_gradients += 1
            self.delta = float(p @ ((g_sigma + r) / sigma_k))  # r = -E'(w)
        delta = self.delta + (self.lambda_ - self.lambda_bar) * p2  # step 3
        if delta <= 0:  # step 4: make the scaled Hessian positive definite
            self.lambda_bar = 2.0 * (self.lambda_ - delta / p2)
            delta = -delta + self.lambda_ * p2
            self.lambda_ = self.lambda_bar
        mu = float(p @ r)  # step 5
        alpha = mu / delta
        trial = w + alpha * p
        trial_loss, trial_gradient = evaluate(trial)
        self.n_gradients += 1
        if np.isfinite(trial_loss):  # step 6
            comparison = 2.0 * delta * (loss - trial_loss) / mu**2
        else:
            comparison = 0.0
            trial_loss = np.inf
        self.comparison = comparison
        accepted = comparison >= 0 and np.isfinite(trial_loss)
        if accepted:  # step 7: a successful reduction
            r_new = -np.asarray(trial_gradient, dtype=np.float64)
            self.lambda_bar = 0.0
            self.success = True
            if self.k % self.restart == 0:
                self.p = r_new.copy()
            else:
                beta = (r_new @ r_new - r_new @ r) / mu
                self.p = r_new + beta * p
            self.r = r_new
            if comparison >= 0.75:
                self.lambda_ *= 0.25
            w, loss = trial, trial_loss
        else:
            self.lambda_bar = self.lambda_
            self.success = False
        if comparison < 0.25:  # step 8
            self.lambda_ += delta * (1.0 - comparison) / p2
        self.delta = delta
        self.k += 1
        return w, loss, accepted


class ConjugateDirections:
    r"""The search directions of the line-search conjugate-gradient methods and the one-step
    secant, with their restarts. :math:`g` is the gradient, :math:`y_k = g_k - g_{k-1}`,
    :math:`s_k = w_k - w_{k-1}` the last step.

    * ``"fletcher-reeves"``: :math:`\beta_k = |g_k|^2/|g_{k-1}|^2`;
    * ``"polak-ribiere"``: :math:`\beta_k = g_k^\top y_k/|g_{k-1}|^2`;

      both :math:`d_k = -g_k + \beta_k d_{k-1}`, restarted (:math:`d_k = -g_k`) every
      :math:`N` iterations (MATLAB's ``traincgf``/``traincgp``).
    * ``"powell-beale"``: Powell's (1977) restarts of Beale's three-term method, with
      Hestenes-Stiefel's :math:`\beta_k = g_k^\top y_k/d_{k-1}^\top y_k`. A restart happens
      at iteration :math:`t` when the gradients have lost orthogonality,
      :math:`|g_{k-1}^\top g_k| \ge 0.2|g_k|^2` (MATLAB's ``traincgb`` test), or every
      :math:`N` iterations; :math:`d_t = -g_t + \beta_t d_{t-1}` is kept, and afterwards
      :math:`d_k = -g_k + \beta_k d_{k-1} + \gamma_k d_t`,
      :math:`\gamma_k = g_k^\top y_{t+1}/d_t^\top y_{t+1}`.
    * ``"oss"``: Battiti's one-step secant, the BFGS update of the identity by the last step
      alone, :math:`d_k = -g_k + A s_k + B y_k`,
      :math:`A = -(1 + y_k^\top y_k/s_k^\top y_k)\,s_k^\top g_k/s_k^\top y_k
      + y_k^\top g_k/s_k^\top y_k`, :math:`B = s_k^\top g_k/s_k^\top y_k`, restarted when
      :math:`s_k^\top y_k \le 0` and every :math:`N` iterations.

    Every direction that is not a descent direction (:math:`d_k^\top g_k \ge 0`), or for
    Powell-Beale not a sufficient one (outside
    :math:`-1.2|g_k|^2 \le d_k^\top g_k \le -0.8|g_k|^2`, Powell's second test), is replaced by
    :math:`-g_k`.
    """

    def __init__(self, gradient, update, restart=None):
        if update not in CG_UPDATES + ("oss",):
            raise ValueError(f"unknown update {update!r}; one of {CG_UPDATES + ('oss',)}")
        self.update = update
        self.g = np.asarray(gradient, dtype=np.float64).copy()
        self.d = -self.g
        self.restart = self.g.size if restart is None else int(restart)
        self.k = 1
        self.n_restarts = 0
        self._d_t = None  # Beale's restart direction d_t and y_{t+1} (powell-beale)
        self._y_t = None
        self._restarted_at = 1

    def next(self, gradient, step):
        """The direction at the new point, its gradient ``gradient``, reached by ``step``."""
        g = np.asarray(gradient, dtype=np.float64).copy()
        g_old, d_old = self.g, self.d
        y = g - g_old
        gg = float(g @ g)
        self.k += 1
        periodic = (self.k - self._restarted_at) % self.restart == 0
        update, d = self.update, None
        if update in ("fletcher-reeves", "polak-ribiere"):
            if not periodic:
                numerator = gg if update == "fletcher-reeves" else float(g @ y)
                d = -g + (numerator / float(g_old @ g_old)) * d_old
        elif update == "oss":
            sy = float(step @ y)
            if not periodic and sy > 0:
                sg = float(step @ g)
                A = -(1.0 + float(y @ y) / sy) * sg / sy + float(y @ g) / sy
                d = -g + A * step + (sg / sy) * y
        else:
            d = self._powell_beale(g, g_old, d_old, y, gg, periodic)
        slope = None if d is None else float(d @ g)
        if d is None or not slope < 0:
            d = -g
            self._restart()
        elif update == "powell-beale" and not -1.2 * gg <= slope <= -0.8 * gg:
            d = -g
            self._restart()
        self.g, self.d = g, d
        return d

    def _powell_beale(self, g, g_old, d_old, y, gg, periodic):
        if self._d_t is not None and self._y_t is None:
            self._y_t = y  # y_{t+1} = g_{t+1} - g_t, once the restart step is taken
        dy = float(d_old @ y)
        if dy == 0:
            return None
        d = -g + (float(g @ y) / dy) * d_old
        if periodic or abs(float(g_old @ g)) >= 0.2 * gg:
            # a restart at this iteration: d_t is this two-term direction
            self._d_t, self._y_t = d, None
            self._restarted_at = self.k
            self.n_restarts += 1
            return d
        if self._d_t is not None and self._y_t is not None:
            dty = float(self._d_t @ self._y_t)
            if dty != 0:
                d = d + (float(g @ self._y_t) / dty) * self._d_t
        return d

    def _restart(self):
        self._restarted_at = self.k
        self._d_t = self._y_t = None
        self.n_restarts += 1


class AdaptiveRate:
    r"""MATLAB ``traingdx``'s (``traingda``'s, without momentum) step and learning rate.

    The step is :math:`\Delta w_k = m\,\Delta w_{k-1} - (1-m)\,\eta_k\,E'(w_k)` (momentum
    :math:`m`; ``traingdm``'s form). The trial :math:`w_k + \Delta w_k` is judged by its
    objective :math:`E'`:

    * :math:`E' - E > (\text{max\_perf\_inc} - 1)\,|E|` (a rise of more than 4 %): the step is
      discarded, :math:`\eta \leftarrow 0.7\,\eta` and the momentum forgotten
      (:math:`\Delta w \leftarrow -\eta E'(w_k)`, MATLAB's ``dX = lr*gX``);
    * otherwise the step is taken, and :math:`\eta \leftarrow 1.05\,\eta` if :math:`E' < E`
      (a rise within 4 % keeps :math:`\eta`).

    (MATLAB compares the ratio :math:`E'/E` with 1.04; the difference is that ratio for a
    positive objective and stays meaningful for GLVQ's, which may be negative.)
    """

    def __init__(self, learning_rate, momentum=0.9, lr_inc=1.05, lr_dec=0.7, max_perf_inc=1.04):
        self.learning_rate = float(learning_rate)
        self.momentum = float(momentum)
        self.lr_inc, self.lr_dec, self.max_perf_inc = lr_inc, lr_dec, max_perf_inc
        self.dw = None

    def step(self, gradient):
        """The trial step from the current weights, whose gradient is ``gradient``."""
        m, rate = self.momentum, self.learning_rate
        if self.dw is None:
            self.dw = -rate * gradient
        else:
            self.dw = m * self.dw - (1.0 - m) * rate * gradient
        return self.dw

    def judge(self, loss, trial_loss, gradient):
        """Whether the trial is kept; adapts the rate (``gradient``: at the current weights)."""
        if not trial_loss - loss <= (self.max_perf_inc - 1.0) * abs(loss):  # NaN/inf: discard
            self.learning_rate *= self.lr_dec
            self.dw = -self.learning_rate * gradient
            return False
        if trial_loss < loss:
            self.learning_rate *= self.lr_inc
        return True
