r"""Optimizers: plain classes with one ``update(params, grads)`` that changes ``params`` in place.

Every optimizer keeps its state (velocities, moments) in arrays preallocated at construction, of the
parameters' dtype, and does its arithmetic in place: a training step allocates nothing.

* :class:`SGD` — :math:`v \leftarrow \mu v - \eta g`, then :math:`w \leftarrow w + v` (classical
  momentum) or :math:`w \leftarrow w + \mu v - \eta g` (Nesterov, as scikit-learn writes it);
  learning-rate schedules ``constant``, ``invscaling`` (:math:`\eta_t = \eta_0 / (t+1)^{p}`) and
  ``adaptive`` (divide by 5 when progress stalls).
* :class:`Adam` — Kingma & Ba (2015), Algorithm 1 with the efficient bias correction
  :math:`\eta_t = \eta\sqrt{1-\beta_2^t}/(1-\beta_1^t)`, :math:`w \leftarrow w - \eta_t m/(\sqrt
  v+\epsilon)`.
* :class:`Quickprop` — Fahlman (1988): per weight, the secant step to the minimum of a parabola
  through the last two slopes, :math:`\Delta w_t = \Delta w_{t-1} s_t/(s_{t-1}-s_t)`, never more
  than
  :math:`\mu` times the previous step, plus :math:`-\epsilon s_t` while the slope keeps its sign.
* :class:`SimulatedAnnealing` — Kirkpatrick et al. (1983): propose :math:`w' = w + \sigma\xi`,
  :math:`\xi\sim N(0, I)`; accept when the loss falls, or with probability :math:`e^{-\Delta/T}`
  when it
  rises by :math:`\Delta`; :math:`T_k = T_0 c^k`. Needs no gradient, only the loss.

Every optimizer also answers the training loop's two questions: ``iteration_ends(t)`` (update the
schedule after an epoch; ``t`` = samples seen) and ``trigger_stopping(msg, verbose)`` (stop, or try
a
smaller step first).
"""

from numbers import Integral, Real

import numpy as np
from sklearn.utils._param_validation import Interval, Options, StrOptions

from .blas import scaled_add


def momentum_step(param, velocity, increment, momentum, nesterov=False):
    r"""The momentum update, in place: :math:`v \leftarrow \mu v + \Delta`, then
    :math:`w \leftarrow w + v` (classical, Rumelhart, Hinton & Williams 1986) or
    :math:`w \leftarrow w + \mu v + \Delta` (Nesterov, as scikit-learn writes it).

    ``increment`` :math:`\Delta` is the plain step (e.g. :math:`-\eta g`); with ``nesterov`` it
    is overwritten (used as scratch). Every momentum in zoo (SGD, the RBMs, the Boltzmann
    machine) is this update; the RBM's BLAS path folds :math:`\mu v + \Delta` into one gemm.
    """
    velocity *= momentum
    velocity += increment  # v = mu v + step
    if nesterov:
        param += increment
        scaled_add(param, momentum, velocity, increment)  # w += mu v + step
    else:
        param += velocity  # w += v


class Optimizer:
    """Base: a learning rate, no-op schedule, stop when asked.

    Parameters
    ----------
    params : list of ndarray
        The arrays this optimizer will update in place (used to size its state).
    learning_rate_init : float
        Initial step size.
    """

    #: Whether ``update`` needs gradients (False: it needs ``loss_fn``).
    requires_gradient = True

    @classmethod
    def from_keywords(cls, params, k):
        """The optimizer over ``params`` from :func:`make_optimizer`'s keywords ``k`` (a dict):
        each class takes the ones it uses."""
        raise NotImplementedError

    def __init__(self, params, learning_rate_init=0.1):
        self.learning_rate_init = learning_rate_init
        self.learning_rate = float(learning_rate_init)
        self._buffers = [np.empty_like(p) for p in params]

    def update(self, params, grads, loss_fn=None):
        """Update ``params`` in place from ``grads``."""
        raise NotImplementedError

    def iteration_ends(self, time_step):
        """Hook called after each epoch with the number of samples seen so far."""

    def trigger_stopping(self, msg, verbose):
        """Progress stalled: return True to stop training."""
        if verbose:
            print(msg + " Stopping.")
        return True

    def divergence_hint(self):
        """A setting of this optimizer's, besides the step size, that a divergence error should
        name ("or raise beta_2=0.0"), or an empty string."""
        return ""


class SGD(Optimizer):
    """Stochastic gradient descent with (Nesterov) momentum and scikit-learn's schedules.

    Parameters
    ----------
    params : list of ndarray
    learning_rate_init : float, default=0.1
    lr_schedule : {"constant", "invscaling", "adaptive"}, default="constant"
    momentum : float, default=0.9
    nesterov : bool, default=True
    power_t : float, default=0.5
    """

    @classmethod
    def from_keywords(cls, params, k):
        return cls(
            params,
            k["learning_rate_init"],
            k["lr_schedule"],
            k["momentum"],
            k["nesterov"],
            k["power_t"],
        )

    def __init__(
        self,
        params,
        learning_rate_init=0.1,
        lr_schedule="constant",
        momentum=0.9,
        nesterov=True,
        power_t=0.5,
    ):
        super().__init__(params, learning_rate_init)
        self.lr_schedule = lr_schedule
        self.momentum = momentum
        self.nesterov = nesterov
        self.power_t = power_t
        self.velocities = [np.zeros_like(p) for p in params]

    def update(self, params, grads, loss_fn=None):
        minus_eta = -self.learning_rate
        for param, grad, velocity, increment in zip(params, grads, self.velocities, self._buffers):
            np.multiply(grad, minus_eta, out=increment)  # -eta g
            momentum_step(param, velocity, increment, self.momentum, self.nesterov)

    def iteration_ends(self, time_step):
        if self.lr_schedule == "invscaling":
            # eta_t = eta_0 / (t + 1)^power_t
            self.learning_rate = float(self.learning_rate_init) / (time_step + 1) ** self.power_t

    def trigger_stopping(self, msg, verbose):
        if self.lr_schedule != "adaptive":
            return super().trigger_stopping(msg, verbose)
        if self.learning_rate <= 1e-6:
            if verbose:
                print(msg + " Learning rate too small. Stopping.")
            return True
        self.learning_rate /= 5.0
        if verbose:
            print(msg + f" Setting learning rate to {self.learning_rate:f}")
        return False


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015).

    Parameters
    ----------
    params : list of ndarray
    learning_rate_init : float, default=0.001
    beta_1, beta_2 : float, default=0.9, 0.999
        Decay rates of the first and second moment estimates.
    epsilon : float, default=1e-8
    """

    @classmethod
    def from_keywords(cls, params, k):
        return cls(params, k["learning_rate_init"], k["beta_1"], k["beta_2"], k["epsilon"])

    def __init__(self, params, learning_rate_init=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
        super().__init__(params, learning_rate_init)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.t = 0
        self.ms = [np.zeros_like(p) for p in params]
        self.vs = [np.zeros_like(p) for p in params]

    def divergence_hint(self):
        # m_t / sqrt(v_t) averages the gradients over ~1/(1 - beta_1) steps and their squares
        # over ~1/(1 - beta_2): with beta_2 < beta_1 the second moment forgets first, and the
        # ratio is unbounded once the gradient shrinks (beta_2=0: the past mean over |g_t|)
        if self.beta_2 < self.beta_1:
            return f" or raise beta_2={self.beta_2} (below beta_1={self.beta_1})"
        return ""

    def update(self, params, grads, loss_fn=None):
        self.t += 1
        b1, b2 = self.beta_1, self.beta_2
        # eta_t = eta sqrt(1 - b2^t) / (1 - b1^t)
        self.learning_rate = self.learning_rate_init * np.sqrt(1 - b2**self.t) / (1 - b1**self.t)
        for param, grad, m, v, tmp in zip(params, grads, self.ms, self.vs, self._buffers):
            m *= b1
            scaled_add(m, 1 - b1, grad, tmp)  # m = b1 m + (1 - b1) g
            v *= b2
            np.multiply(grad, grad, out=tmp)
            tmp *= 1 - b2
            v += tmp  # v = b2 v + (1 - b2) g^2
            np.sqrt(v, out=tmp)
            tmp += self.epsilon
            np.divide(m, tmp, out=tmp)
            tmp *= self.learning_rate
            param -= tmp  # w -= eta_t m / (sqrt(v) + eps)


class SimulatedAnnealing(Optimizer):
    """Simulated annealing over the parameters (Kirkpatrick, Gelatt & Vecchi 1983).

    Each ``update`` evaluates the loss, proposes ``w' = w + step_size * xi`` with standard normal
    ``xi``, evaluates again, and keeps the move with probability ``min(1, exp(-Delta / T))``. The
    temperature cools geometrically per update, ``T_k = T_0 * cooling_rate**k``, and never drops
    below ``min_temperature``. Escaping a local minimum by sometimes going uphill is its point.

    Parameters
    ----------
    params : list of ndarray
    rng : numpy Generator or RandomState
        Source of the proposals and of the acceptance draws.
    step_size : float, default=0.01
        Standard deviation of the Gaussian proposal.
    initial_temperature : float, default=1.0
    cooling_rate : float, default=0.995
    min_temperature : float, default=1e-8
    """

    requires_gradient = False

    @classmethod
    def from_keywords(cls, params, k):
        # the step size of the proposals is learning_rate_init
        return cls(
            params,
            k["rng"],
            step_size=k["learning_rate_init"],
            initial_temperature=k["temperature_init"],
            cooling_rate=k["cooling_rate"],
        )

    def __init__(
        self,
        params,
        rng,
        step_size=0.01,
        initial_temperature=1.0,
        cooling_rate=0.995,
        min_temperature=1e-8,
    ):
        super().__init__(params, step_size)
        self.rng = rng
        self.temperature = float(initial_temperature)
        self.cooling_rate = cooling_rate
        self.min_temperature = min_temperature
        self.n_accepted = 0
        self.n_proposed = 0

    def update(self, params, grads=None, loss_fn=None):
        """One Metropolis step; ``loss_fn()`` evaluates the loss of the current ``params``."""
        if loss_fn is None:
            raise ValueError("SimulatedAnnealing.update needs loss_fn, a callable giving the loss.")
        current = loss_fn()
        for param, backup in zip(params, self._buffers):
            np.copyto(backup, param)
            param += (self.learning_rate * self.rng.standard_normal(param.shape)).astype(
                param.dtype, copy=False
            )
        proposed = loss_fn()
        delta = proposed - current
        self.n_proposed += 1
        # accept with probability min(1, exp(-Delta / T))
        if delta <= 0 or self.rng.random() < np.exp(-delta / self.temperature):
            self.n_accepted += 1
            loss = proposed
        else:
            for param, backup in zip(params, self._buffers):
                np.copyto(param, backup)
            loss = current
        self.temperature = max(self.temperature * self.cooling_rate, self.min_temperature)
        return loss


#: scikit-learn's MLP parameter names -> :func:`make_optimizer`'s keywords.
SKLEARN_OPTIMIZER_NAMES = {
    "learning_rate_init": "learning_rate_init",
    "learning_rate": "lr_schedule",
    "momentum": "momentum",
    "nesterovs_momentum": "nesterov",
    "power_t": "power_t",
    "beta_1": "beta_1",
    "beta_2": "beta_2",
    "epsilon": "epsilon",
    "temperature_init": "temperature_init",
    "cooling_rate": "cooling_rate",
}


#: The minibatch-training hyper-parameters (scikit-learn's MLP names, read by
#: :func:`optimizer_keywords` and the training loop) as ``_parameter_constraints`` entries: one
#: declaration that every gradient-trained family spreads into its own.
MINIBATCH_TRAINING_CONSTRAINTS = {
    "alpha": [Interval(Real, 0, None, closed="left")],
    "batch_size": [StrOptions({"auto"}), Interval(Integral, 1, None, closed="left")],
    "learning_rate": [StrOptions({"constant", "invscaling", "adaptive"})],
    "learning_rate_init": [Interval(Real, 0, None, closed="neither")],
    "power_t": [Interval(Real, 0, None, closed="left")],
    "max_iter": [Interval(Integral, 1, None, closed="left")],
    "shuffle": ["boolean"],
    "random_state": ["random_state"],
    "tol": [Interval(Real, 0, None, closed="left")],
    "verbose": ["verbose"],
    "warm_start": ["boolean"],
    "momentum": [Interval(Real, 0, 1, closed="both")],
    "nesterovs_momentum": ["boolean"],
    "early_stopping": ["boolean"],
    "validation_fraction": [Interval(Real, 0, 1, closed="left")],
    "beta_1": [Interval(Real, 0, 1, closed="left")],
    "beta_2": [Interval(Real, 0, 1, closed="left")],
    "epsilon": [Interval(Real, 0, None, closed="neither")],
    "n_iter_no_change": [Interval(Integral, 1, None, closed="left"), Options(Real, {np.inf})],
    "n_init": [Interval(Integral, 1, None, closed="left")],
}


def optimizer_keywords(estimator_params):
    """:func:`make_optimizer`'s keywords from an estimator's ``get_params(deep=False)``.

    Every family whose estimators take scikit-learn's MLP training parameters (``momentum``,
    ``nesterovs_momentum``, ``beta_1``, ...) builds its optimizer through this one translation;
    names the estimator does not have keep :func:`make_optimizer`'s defaults.
    """
    return {
        ours: estimator_params[theirs]
        for theirs, ours in SKLEARN_OPTIMIZER_NAMES.items()
        if theirs in estimator_params
    }


def make_optimizer(
    solver,
    params,
    *,
    learning_rate_init,
    lr_schedule="constant",
    momentum=0.9,
    nesterov=True,
    power_t=0.5,
    beta_1=0.9,
    beta_2=0.999,
    epsilon=1e-8,
    temperature_init=1.0,
    cooling_rate=0.995,
    rng=None,
    rprop_step_sizes=(0.1, 1e-6, 50.0),
    quickprop_mu=1.75,
):
    """The optimizer ``solver`` (a key of :data:`OPTIMIZERS`) over ``params``.

    Each value is passed explicitly by the estimator (its own parameter names stay in the
    estimator); the solver's class takes those it uses (``from_keywords``):

    * ``"sgd"`` (:class:`SGD`): ``learning_rate_init``, ``lr_schedule``, ``momentum``, ``nesterov``,
      ``power_t``;
    * ``"adam"`` (:class:`Adam`): ``learning_rate_init``, ``beta_1``, ``beta_2``, ``epsilon``;
    * ``"anneal"`` (:class:`SimulatedAnnealing`): ``learning_rate_init`` (the proposals' step
      size), ``temperature_init``, ``cooling_rate``, ``rng`` (the proposals' source);
    * ``"rprop"`` (:class:`Rprop`): ``rprop_step_sizes`` ``(initial, minimum, maximum)``;
    * ``"quickprop"`` (:class:`Quickprop`): ``learning_rate_init`` (epsilon), ``quickprop_mu``;
      no weight cost of its own.
    """
    if solver not in OPTIMIZERS:
        raise ValueError(f"Unknown solver {solver!r}; valid solvers are {sorted(OPTIMIZERS)}.")
    keywords = dict(
        learning_rate_init=learning_rate_init,
        lr_schedule=lr_schedule,
        momentum=momentum,
        nesterov=nesterov,
        power_t=power_t,
        beta_1=beta_1,
        beta_2=beta_2,
        epsilon=epsilon,
        temperature_init=temperature_init,
        cooling_rate=cooling_rate,
        rng=rng,
        rprop_step_sizes=rprop_step_sizes,
        quickprop_mu=quickprop_mu,
    )
    return OPTIMIZERS[solver].from_keywords(params, keywords)


class Quickprop(Optimizer):
    r"""Quickprop (Fahlman 1988): a secant (parabola) step per weight, capped by a growth factor.

    Each weight is treated as if the error were a parabola in that weight alone. With the slope
    :math:`s_t = \partial E/\partial w + \lambda w` (``decay`` :math:`\lambda` is the weight cost),
    the previous slope :math:`s_{t-1}` and the previous step :math:`\Delta w_{t-1}`, the step jumps
    to the parabola's minimum

    .. math:: \Delta w_t = \frac{s_t}{s_{t-1} - s_t}\,\Delta w_{t-1}

    unless that jump would be too large, infinite or uphill — the slope has not shrunk below the
    fraction :math:`\mu/(1+\mu)` of the previous one (the paper's "shrink" test) — in which case the
    step grows by the maximum factor, :math:`\Delta w_t = \mu\,\Delta w_{t-1}`. A gradient term
    :math:`-\epsilon s_t` is added when the previous step was zero or the slope still points the
    same way as that step. This is the update of Fahlman's reference cascade-correlation code
    (``QUICKPROP_UPDATE``), vectorised over every weight at once.

    Parameters
    ----------
    params : list of ndarray
    learning_rate_init : float, default=0.35
        :math:`\epsilon`, the gradient-descent term (the output-weight value of Fahlman's code).
    mu : float, default=1.75
        Maximum growth factor :math:`\mu` (Fahlman 1988's default).
    decay : float, default=1e-4
        Weight cost :math:`\lambda` added to the slope (Fahlman 1988's default).

    Examples
    --------
    >>> import numpy as np
    >>> from zoo._core.optimizers import Quickprop
    >>> w = np.array([3.0])
    >>> optimizer = Quickprop([w], learning_rate_init=0.1, decay=0.0)
    >>> path = []
    >>> for _ in range(4):
    ...     optimizer.update([w], [2 * (w - 1)])  # E = (w - 1)^2, a parabola
    ...     path.append(round(float(w[0]), 6))
    >>> path  # gradient step, capped growth, then secant steps land on the minimum w = 1
    [2.6, 1.58, 0.884, 1.0]
    """

    @classmethod
    def from_keywords(cls, params, k):
        # no weight cost of its own: the estimator's L2 term is in the gradient
        return cls(params, k["learning_rate_init"], k["quickprop_mu"], decay=0.0)

    def __init__(self, params, learning_rate_init=0.35, mu=1.75, decay=1e-4):
        super().__init__(params, learning_rate_init)
        self.mu = mu
        self.decay = decay
        self.previous_steps = [np.zeros_like(p) for p in params]
        self.previous_slopes = [np.zeros_like(p) for p in params]
        self._steps = [np.empty_like(p) for p in params]
        self._masks = [np.empty(p.shape, dtype=bool) for p in params]

    def update(self, params, grads, loss_fn=None):
        eps, mu = self.learning_rate, self.mu
        shrink = mu / (1.0 + mu)
        states = zip(
            params,
            grads,
            self.previous_steps,
            self.previous_slopes,
            self._buffers,
            self._steps,
            self._masks,
        )
        for w, grad, d, p, s, step, capped in states:
            np.multiply(w, self.decay, out=s)
            s += grad  # s = dE/dw + decay w
            # capped at mu d where d (s - shrink p) <= 0: the slope did not shrink enough for a
            # finite downhill parabola step (this also covers d = 0, whose step is then 0)
            np.multiply(p, shrink, out=step)
            np.subtract(s, step, out=step)
            step *= d
            np.less_equal(step, 0, out=capped)
            np.subtract(p, s, out=step)
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                np.divide(s, step, out=step)  # s / (p - s); p = s only where capped or d p > 0
            # no step grows by more than mu, whatever the sign (guards the d p > 0 corner)
            np.copyto(step, mu, where=capped)
            np.clip(step, -mu, mu, out=step)
            step *= d  # step = d s / (p - s), or mu d
            # gradient term -eps s when d = 0 or the slope still points along d (d s <= 0)
            np.multiply(d, s, out=d)
            np.less_equal(d, 0, out=capped)
            np.multiply(s, eps, out=d)
            np.subtract(step, d, out=step, where=capped)
            np.copyto(d, step)
            w += step
            np.copyto(p, s)


class Rprop(Optimizer):
    r"""Resilient back-propagation, iRPROP\ :sup:`+` (Riedmiller & Braun 1993; Igel & Hüsken 2000).

    Only the sign of each partial derivative is used; every weight has its own step size
    :math:`\Delta_{ij}`, which grows while the sign holds and shrinks when it flips:

    .. math::

        \Delta_t = \begin{cases}\min(\eta^+\Delta_{t-1}, \Delta_{max}) & g_{t-1} g_t > 0\\
        \max(\eta^-\Delta_{t-1}, \Delta_{min}) & g_{t-1} g_t < 0\\ \Delta_{t-1} & \text{else}
        \end{cases}
        \qquad \Delta w_t = -\operatorname{sign}(g_t)\,\Delta_t

    except where the sign flipped: there the weight takes no step, its stored slope is set to 0
    (so the next step is not a second reversal), and — the "+" of iRPROP\ :sup:`+` — if the
    error rose, the previous step is undone, :math:`\Delta w_t = -\Delta w_{t-1}`. It is a
    full-batch method: the slopes must be those of one objective.

    Parameters
    ----------
    params : list of ndarray
    learning_rate_init : float, default=0.1
        :math:`\Delta_0`, every weight's initial step (Riedmiller & Braun's 0.1).
    step_min, step_max : float, default=1e-6, 50.0
        :math:`\Delta_{min}`, :math:`\Delta_{max}`.
    eta_minus, eta_plus : float, default=0.5, 1.2

    Examples
    --------
    >>> import numpy as np
    >>> from zoo._core.optimizers import Rprop
    >>> w = np.array([3.0, -2.0])
    >>> optimizer = Rprop([w], learning_rate_init=0.1)
    >>> for _ in range(60):
    ...     optimizer.update([w], [2 * (w - 1)], loss_fn=lambda: float(((w - 1) ** 2).sum()))
    >>> np.round(w, 4).tolist()
    [1.0, 1.0]
    """

    @classmethod
    def from_keywords(cls, params, k):
        initial, minimum, maximum = k["rprop_step_sizes"]
        return cls(params, initial, minimum, maximum)

    def __init__(
        self,
        params,
        learning_rate_init=0.1,
        step_min=1e-6,
        step_max=50.0,
        eta_minus=0.5,
        eta_plus=1.2,
    ):
        super().__init__(params, learning_rate_init)
        self.step_min, self.step_max = step_min, step_max
        self.eta_minus, self.eta_plus = eta_minus, eta_plus
        self.step_sizes = [np.full_like(p, learning_rate_init) for p in params]
        self.previous_grads = [np.zeros_like(p) for p in params]
        self.previous_steps = [np.zeros_like(p) for p in params]
        self.previous_loss = np.inf
        self._flipped = [np.empty(p.shape, dtype=bool) for p in params]

    def update(self, params, grads, loss_fn=None):
        """One iRPROP+ step; ``loss_fn()`` gives the error at the current ``params`` (without it,
        no step is undone: iRPROP-)."""
        loss = np.inf if loss_fn is None else loss_fn()
        rose = loss > self.previous_loss
        states = zip(
            params,
            grads,
            self.step_sizes,
            self.previous_grads,
            self.previous_steps,
            self._buffers,
            self._flipped,
        )
        for w, grad, size, g_prev, d_prev, sign_product, flipped in states:
            np.multiply(g_prev, grad, out=sign_product)  # g_{t-1} g_t
            np.less(sign_product, 0, out=flipped)
            # same sign: Delta = min(eta+ Delta, Delta_max); flipped: Delta = max(eta- Delta, min)
            np.multiply(size, self.eta_plus, out=size, where=sign_product > 0)
            np.multiply(size, self.eta_minus, out=size, where=flipped)
            np.clip(size, self.step_min, self.step_max, out=size)
            # Delta w = -sign(g) Delta, except where the sign flipped
            np.sign(grad, out=sign_product)
            np.multiply(sign_product, size, out=sign_product)
            np.negative(sign_product, out=sign_product)
            if rose:
                np.negative(d_prev, out=sign_product, where=flipped)  # undo: -Delta w_{t-1}
            else:
                sign_product[flipped] = 0
            w += sign_product
            np.copyto(d_prev, sign_product)
            np.copyto(g_prev, grad)
            g_prev[flipped] = 0  # g_t := 0 where the sign flipped
        self.previous_loss = loss


#: The solvers by name: :func:`make_optimizer` dispatches through this table.
OPTIMIZERS = {
    "sgd": SGD,
    "adam": Adam,
    "anneal": SimulatedAnnealing,
    "rprop": Rprop,
    "quickprop": Quickprop,
}
