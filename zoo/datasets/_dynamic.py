r"""Generators of the classic benchmarks of dynamic-system identification and forecasting.

* :func:`make_narendra` — the four plants of Narendra & Parthasarathy (1990), with the paper's
  training (i.i.d. uniform) and test (sinusoidal) inputs;
* :func:`make_narma` — the NARMA-10 system of Atiya & Parlos (2000) and its other orders;
* :func:`make_mackey_glass` — the Mackey–Glass delay differential equation (Mackey & Glass 1977),
  chaotic for τ = 17 and τ = 30;
* :func:`make_lorenz` — the Lorenz (1963) system;
* :func:`make_henon` — the Hénon (1976) map.

Everything is generated with numpy (nothing is downloaded) and is deterministic for a
``random_state``. Generation is sequential in time: each function runs one loop over the steps on
Python floats (faster than numpy for a scalar or a three-vector), with every term that depends
on the input alone computed beforehand in one vectorised expression.
"""

import math
import numbers

import numpy as np
from sklearn.utils import check_random_state

#: Narendra & Parthasarathy's training-input intervals (i.i.d. uniform), per example.
NARENDRA_INTERVALS = {1: (-1.0, 1.0), 2: (-2.0, 2.0), 3: (-2.0, 2.0), 4: (-1.0, 1.0)}


def _check_count(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}.")
    return int(value)


def _check_positive(value, name, strict=True):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite real number, got {value!r}.")
    if value < 0 or (strict and value == 0):
        raise ValueError(f"{name} must be {'> 0' if strict else '>= 0'}, got {value!r}.")
    return float(value)


def _check_start(initial, size, name):
    start = np.array(initial, dtype=np.float64).ravel()  # a copy, never the caller's array
    if start.shape != (size,) or not np.isfinite(start).all():
        raise ValueError(f"{name} must be {size} finite numbers, got {initial!r}.")
    return start


def _narendra_test_input(example, k):
    """The paper's test inputs: u(k) = sin(2πk/250) (Example 1), sin(2πk/25) (Example 2),
    sin(2πk/25) + sin(2πk/10) (Example 3), and Example 4's piecewise sinusoid."""
    if example == 1:
        return np.sin(2 * np.pi * k / 250)
    if example == 2:
        return np.sin(2 * np.pi * k / 25)
    if example == 3:
        return np.sin(2 * np.pi * k / 25) + np.sin(2 * np.pi * k / 10)
    slow = np.sin(2 * np.pi * k / 250)
    return np.where(k <= 500, slow, 0.8 * slow + 0.2 * np.sin(2 * np.pi * k / 25))


def _narendra_plant(example, u):
    """y(k+1) from y(k), y(k-1), y(k-2), u(k), u(k-1); the plant at rest before k = 0."""
    n = len(u)
    y = [0.0] * (n + 2)  # y[k + 2] holds y(k); y(-2) = y(-1) = 0
    if example == 1:
        # f(u) = 0.6 sin(πu) + 0.3 sin(3πu) + 0.1 sin(5πu), once for the whole input
        f = 0.6 * np.sin(np.pi * u) + 0.3 * np.sin(3 * np.pi * u) + 0.1 * np.sin(5 * np.pi * u)
        f = f.tolist()
        for k in range(n - 1):
            y[k + 3] = 0.3 * y[k + 2] + 0.6 * y[k + 1] + f[k]
    elif example == 2:
        inputs = u.tolist()
        for k in range(n - 1):
            y1, y2 = y[k + 2], y[k + 1]
            y[k + 3] = y1 * y2 * (y1 + 2.5) / (1.0 + y1 * y1 + y2 * y2) + inputs[k]
    elif example == 3:
        with np.errstate(over="ignore"):  # a user's huge input: rejected below
            cubes = (u * u * u).tolist()
        for k in range(n - 1):
            y1 = y[k + 2]
            y[k + 3] = y1 / (1.0 + y1 * y1) + cubes[k]
    else:
        inputs = [0.0] + u.tolist()  # inputs[k + 1] holds u(k); u(-1) = 0
        for k in range(n - 1):
            x1, x2, x3 = y[k + 2], y[k + 1], y[k]
            x4, x5 = inputs[k + 1], inputs[k]
            y[k + 3] = (x1 * x2 * x3 * x5 * (x3 - 1.0) + x4) / (1.0 + x2 * x2 + x3 * x3)
    return np.array(y[2:])


def make_narendra(example, n_samples=1000, *, input="random", random_state=None):
    r"""The plants of Narendra & Parthasarathy's identification examples (1990), Examples 1–4.

    Each plant starts at rest (:math:`y(k) = 0` and :math:`u(k) = 0` for :math:`k < 0`, so
    :math:`y(0) = 0`) and runs

    * Example 1: :math:`y(k+1) = 0.3\,y(k) + 0.6\,y(k-1) + f(u(k))`,
      :math:`f(u) = 0.6\sin(\pi u) + 0.3\sin(3\pi u) + 0.1\sin(5\pi u)`;
    * Example 2: :math:`y(k+1) = \dfrac{y(k)\,y(k-1)\,(y(k) + 2.5)}{1 + y(k)^2 + y(k-1)^2}
      + u(k)`;
    * Example 3: :math:`y(k+1) = \dfrac{y(k)}{1 + y(k)^2} + u(k)^3`;
    * Example 4: :math:`y(k+1) = \dfrac{x_1 x_2 x_3 x_5 (x_3 - 1) + x_4}{1 + x_2^2 + x_3^2}`
      with :math:`x = (y(k), y(k-1), y(k-2), u(k), u(k-1))`.

    The paper identifies each plant with a series-parallel model (the true past outputs fed back:
    zoo's open-loop training) driven by i.i.d. uniform inputs — on :math:`[-1, 1]` for Examples
    1 and 4, on :math:`[-2, 2]` for Examples 2 and 3 (:data:`NARENDRA_INTERVALS`) — and shows the
    parallel model (its own outputs fed back: closed loop) against the plant on a sinusoidal test
    input: :math:`u(k) = \sin(2\pi k/250)` (Example 1), :math:`\sin(2\pi k/25)` (Example 2),
    :math:`\sin(2\pi k/25) + \sin(2\pi k/10)` (Example 3) and, for Example 4,
    :math:`\sin(2\pi k/250)` for :math:`k \le 500`, then
    :math:`0.8\sin(2\pi k/250) + 0.2\sin(2\pi k/25)`; here :math:`k = 0, 1, \ldots`.

    Parameters
    ----------
    example : {1, 2, 3, 4}
        The paper's example number.
    n_samples : int, default=1000
        Length of the series (not used when ``input`` is an array: its length is).
    input : {"random", "test"} or array-like of shape (n_samples,), default="random"
        ``"random"``: the paper's training input, i.i.d. uniform on the example's interval;
        ``"test"``: the paper's test input for the example; an array: your own input sequence
        (copied).
    random_state : int, RandomState instance or None, default=None
        Draws the random input (unused otherwise).

    Returns
    -------
    u : ndarray of shape (n_samples,)
        The input :math:`u(0), \ldots, u(n-1)`.
    y : ndarray of shape (n_samples,)
        The plant's output :math:`y(0), \ldots, y(n-1)`; :math:`y(k+1)` depends on the inputs
        up to :math:`u(k)`, so ``u[:-1]`` drives ``y[1:]``.

    Raises
    ------
    ValueError
        For an unknown example or input, a non-finite or non-1-D input array, or an input so large
        that the plant's output overflows.

    References
    ----------
    K. S. Narendra and K. Parthasarathy, "Identification and control of dynamical systems using
    neural networks", IEEE Transactions on Neural Networks 1(1), 4–27, 1990 (Examples 1–4 of
    Section V, identification).

    Examples
    --------
    >>> from zoo.datasets import make_narendra
    >>> u, y = make_narendra(2, 500, random_state=0)
    >>> u.shape, y.shape, bool(-2 <= u.min() and u.max() <= 2)
    ((500,), (500,), True)
    >>> u_test, y_test = make_narendra(2, 1000, input="test")
    >>> round(float(u_test[5]), 4)  # sin(2π·5/25)
    0.9511
    """
    if isinstance(example, bool) or example not in NARENDRA_INTERVALS:
        raise ValueError(f"example must be 1, 2, 3 or 4 (the paper's examples), got {example!r}.")
    if isinstance(input, str):
        n_samples = _check_count(n_samples, "n_samples", 1)
        if input == "random":
            low, high = NARENDRA_INTERVALS[example]
            u = check_random_state(random_state).uniform(low, high, n_samples)
        elif input == "test":
            u = _narendra_test_input(example, np.arange(n_samples, dtype=np.float64))
        else:
            raise ValueError(f"input must be 'random', 'test' or an array, got {input!r}.")
    else:
        u = np.array(input, dtype=np.float64)  # a copy: never the caller's array
        if u.ndim != 1 or u.size == 0 or not np.isfinite(u).all():
            raise ValueError(
                "input must be a non-empty 1-D array of finite numbers (one value per step), "
                f"got shape {u.shape}"
                + ("" if u.ndim != 1 or u.size == 0 else " with NaN/inf")
                + "."
            )
    y = _narendra_plant(example, u)
    if not np.isfinite(y).all():
        raise ValueError(
            f"Example {example}'s output overflowed: input values as large as "
            f"{np.max(np.abs(u)):.3g} drive the plant beyond the float64 range."
        )
    return u, y


#: NARMA's coefficients (Atiya & Parlos 2000): y(t+1) = A·y(t) + B·y(t)·Σ + C·u·u + D.
_NARMA = (0.3, 0.05, 1.5, 0.1)
#: Past this value a NARMA series can only grow: with y >= 0, A·y + B·y·Σ >= A·y + B·y² >= y once
#: y >= (1 - A)/B = 14, and the constant D keeps it rising; such a draw is rejected.
NARMA_BOUND = (1.0 - _NARMA[0]) / _NARMA[1]
_NARMA_DRAWS = 100


def _narma_series(u, order):
    """y(t+1) = 0.3 y(t) + 0.05 y(t) Σ_{i<order} y(t-i) + 1.5 u(t-order+1) u(t) + 0.1, or None
    when the series passes NARMA_BOUND."""
    a, b, c, d = _NARMA
    n = len(u)
    drive = (c * u[: n - order + 1] * u[order - 1 :] + d).tolist()  # drive[t - order + 1]
    y = [0.0] * n
    window = 0.0  # Σ_{i<order} y(t-i), updated as t moves
    for t in range(order - 1, n - 1):
        window += y[t] - (y[t - order] if t >= order else 0.0)
        value = a * y[t] + b * y[t] * window + drive[t - order + 1]
        if not value < NARMA_BOUND:
            return None
        y[t + 1] = value
    return np.array(y)


def make_narma(n_samples=1000, order=10, *, random_state=None):
    r"""The NARMA system of Atiya & Parlos (2000): NARMA-10 and its other orders.

    With :math:`u(t)` i.i.d. uniform on :math:`[0, 0.5]` and :math:`m` = ``order``,

    .. math:: y(t+1) = 0.3\,y(t) + 0.05\,y(t) \sum_{i=0}^{m-1} y(t-i)
              + 1.5\,u(t-m+1)\,u(t) + 0.1 ,

    which for :math:`m = 10` is NARMA-10, the classic memory-and-nonlinearity benchmark of echo
    state networks (Jaeger 2003). The series starts at rest: :math:`y(t) = 0` for
    :math:`t < m`, and the recurrence runs from :math:`t = m - 1` (the first step whose
    :math:`u(t-m+1)` exists), so the first steps are a transient.

    The recurrence diverges for some input draws: since all terms are non-negative,
    :math:`y(t+1) \ge 0.3\,y + 0.05\,y^2 \ge y` once :math:`y \ge 14` (:data:`NARMA_BOUND`),
    after which it only grows. A draw whose series reaches 14 is thrown away and the input drawn
    again from the same generator (so a ``random_state`` still fixes the result), up to 100 times;
    then a ``ValueError`` says so. Measured: 10 of 200 draws of 10 000 steps diverge for
    NARMA-10. Orders from 12 on diverge on every draw: above 12 the mean recurrence has no fixed
    point (:math:`0.05\,m\,y^2 - 0.7\,y + 0.194 = 0` has no real root), and the NARMA-20 of the
    literature squashes the recurrence with :math:`\tanh`, a different system.

    Parameters
    ----------
    n_samples : int, default=1000
        Length of the series; at least ``order + 1``.
    order : int, default=10
        :math:`m`, the memory of the system.
    random_state : int, RandomState instance or None, default=None

    Returns
    -------
    u : ndarray of shape (n_samples,)
        The input.
    y : ndarray of shape (n_samples,)
        The output; ``y[t + 1]`` depends on ``u[t - order + 1 : t + 1]``.

    References
    ----------
    A. F. Atiya and A. G. Parlos, "New results on recurrent network training: unifying the
    algorithms and accelerating convergence", IEEE Transactions on Neural Networks 11(3),
    697–709, 2000. H. Jaeger, "Adaptive nonlinear system identification with echo state
    networks", NIPS 15, 2003.

    Examples
    --------
    >>> from zoo.datasets import make_narma
    >>> u, y = make_narma(2000, random_state=0)
    >>> u.shape, bool(0 <= u.min() and u.max() <= 0.5), bool(0 < y[200:].min() < y.max() < 1.5)
    ((2000,), True, True)
    """
    order = _check_count(order, "order", 1)
    n_samples = _check_count(n_samples, "n_samples", order + 1)
    rng = check_random_state(random_state)
    for _ in range(_NARMA_DRAWS):
        u = rng.uniform(0.0, 0.5, n_samples)
        y = _narma_series(u, order)
        if y is not None:
            return u, y
    raise ValueError(
        f"NARMA-{order} diverged (passed {NARMA_BOUND:g}, beyond which it can only grow) on "
        f"each of {_NARMA_DRAWS} input draws of {n_samples} steps: orders from 12 on always "
        "diverge; use order <= 11 or fewer samples."
    )


def _mackey_glass_production(beta, n):
    """x -> βx/(1 + x^n) for x >= 0, written so that a large x^n cannot overflow."""

    def production(x):
        if x <= 1.0:
            return beta * x / (1.0 + x**n)
        return beta * x ** (1.0 - n) / (x**-n + 1.0)  # the same value, divided through by x^n

    return production


def make_mackey_glass(
    n_samples=1000,
    tau=17,
    *,
    beta=0.2,
    gamma=0.1,
    n=10,
    dt=0.1,
    sample_step=1.0,
    washout=1000,
    x0=None,
    random_state=None,
):
    r"""The Mackey–Glass delay differential equation (Mackey & Glass 1977), sampled.

    .. math:: \frac{dx}{dt} = \beta\,\frac{x(t-\tau)}{1 + x(t-\tau)^n} - \gamma\,x(t)

    from a constant history :math:`x(t) = x_0` on :math:`[-\tau, 0]`. With the standard
    :math:`\beta = 0.2`, :math:`\gamma = 0.1`, :math:`n = 10` it is chaotic for
    :math:`\tau = 17` (values in about :math:`[0.4, 1.35]`, inside the :math:`[0.2, 1.4]` usually
    quoted; the echo state network benchmark of Jaeger & Haas 2004) and more so for
    :math:`\tau = 30` (about :math:`[0.2, 1.4]`).

    Integration: the classical fourth-order Runge–Kutta method with a fixed step ``dt`` that
    divides :math:`\tau` (so :math:`x(t-\tau)` at the start and end of a step are grid values,
    and the history's kinks at multiples of :math:`\tau` fall on grid points); the delayed value
    at a step's midpoint is the cubic Hermite interpolant of the two neighbouring grid values and
    their derivatives, :math:`\tfrac12(x_a + x_b) + \tfrac{dt}{8}(x'_a - x'_b)`, accurate to
    :math:`O(dt^4)`, which keeps the method's fourth order.

    Parameters
    ----------
    n_samples : int, default=1000
    tau : float, default=17
        The delay :math:`\tau`; a multiple of ``dt``.
    beta, gamma, n : float, default=0.2, 0.1, 10
        The equation's production rate, decay rate and exponent.
    dt : float, default=0.1
        The integration step.
    sample_step : float, default=1.0
        Time between returned samples; a multiple of ``dt``.
    washout : int, default=1000
        Samples (of ``sample_step``) integrated and thrown away first, so that the series starts
        on the attractor rather than in the transient from the constant history.
    x0 : float > 0 or None, default=None
        The constant history; None draws it uniformly from :math:`[0.5, 1.5]` with
        ``random_state``.
    random_state : int, RandomState instance or None, default=None
        Draws ``x0`` when it is None.

    Returns
    -------
    x : ndarray of shape (n_samples,)
        Sample ``i`` is :math:`x` at time (``washout`` + ``i``) · ``sample_step``.

    References
    ----------
    M. C. Mackey and L. Glass, "Oscillation and chaos in physiological control systems",
    Science 197(4300), 287–289, 1977. H. Jaeger and H. Haas, "Harnessing nonlinearity:
    predicting chaotic systems and saving energy in wireless communication", Science 304(5667),
    78–80, 2004.

    Examples
    --------
    >>> from zoo.datasets import make_mackey_glass
    >>> x = make_mackey_glass(2000, tau=17, random_state=0)
    >>> x.shape, bool(0.2 < x.min() and x.max() < 1.45)
    ((2000,), True)
    """
    n_samples = _check_count(n_samples, "n_samples", 1)
    washout = _check_count(washout, "washout", 0)
    tau, dt = _check_positive(tau, "tau"), _check_positive(dt, "dt")
    sample_step = _check_positive(sample_step, "sample_step")
    beta, gamma = _check_positive(beta, "beta", False), _check_positive(gamma, "gamma", False)
    n = _check_positive(n, "n")
    m, s = round(tau / dt), round(sample_step / dt)
    if m < 1 or abs(m * dt - tau) > 1e-9 * tau:
        raise ValueError(f"dt must divide tau: tau={tau:g} is not a multiple of dt={dt:g}.")
    if s < 1 or abs(s * dt - sample_step) > 1e-9 * sample_step:
        raise ValueError(f"sample_step={sample_step:g} must be a multiple of dt={dt:g}.")
    if x0 is None:
        x0 = check_random_state(random_state).uniform(0.5, 1.5)
    x0 = _check_positive(x0, "x0")
    production = _mackey_glass_production(beta, n)
    n_steps = (washout + n_samples - 1) * s
    # grid j = -m..n_steps at x[j + m]; the history is constant, its derivative 0, its production
    # p(x0); slope[j + m] is x'(t_j) (the solution's own for j >= 0)
    x = [x0] * (m + 1) + [0.0] * n_steps
    slope = [0.0] * (m + 1 + n_steps)
    produced = [production(x0)] * (m + 1) + [0.0] * n_steps
    half, sixth = 0.5 * dt, dt / 6.0
    for j in range(n_steps):
        xj = x[j + m]
        a = j  # x(t_j - τ) is grid j - m, at index j
        k1 = produced[a] - gamma * xj
        slope[j + m] = k1
        if j < m:  # x(t - τ) over the whole step lies in the constant history
            p_mid = produced[a]
        else:
            delayed = 0.5 * (x[a] + x[a + 1]) + 0.125 * dt * (slope[a] - slope[a + 1])
            p_mid = production(delayed)
        k2 = p_mid - gamma * (xj + half * k1)
        k3 = p_mid - gamma * (xj + half * k2)
        k4 = produced[a + 1] - gamma * (xj + dt * k3)
        following = xj + sixth * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
        if not 0.0 < following < math.inf:
            raise ValueError(
                f"The Mackey-Glass integration left the positive axis at t={(j + 1) * dt:g} "
                f"(x={following:g}): dt={dt:g} is too large for gamma={gamma:g}; lower dt."
            )
        x[j + m + 1] = following
        produced[j + m + 1] = production(following)
    first = m + washout * s
    return np.array(x[first::s][:n_samples])


def make_lorenz(
    n_samples=1000,
    *,
    sigma=10.0,
    rho=28.0,
    beta=8.0 / 3.0,
    dt=0.01,
    washout=1000,
    initial=None,
    random_state=None,
):
    r"""The Lorenz (1963) system, integrated by fourth-order Runge–Kutta.

    .. math:: \dot x = \sigma (y - x), \quad \dot y = x(\rho - z) - y, \quad
              \dot z = x y - \beta z

    With the classic :math:`\sigma = 10`, :math:`\rho = 28`, :math:`\beta = 8/3` the trajectory
    settles on the butterfly attractor: :math:`|x| < 20`, :math:`|y| < 28`,
    :math:`0 < z < 50`, alternating between the wings around :math:`(\pm 6\sqrt 2, \pm 6\sqrt 2,
    27)`.

    Parameters
    ----------
    n_samples : int, default=1000
    sigma, rho, beta : float, default=10, 28, 8/3
    dt : float, default=0.01
        The integration step, also the time between samples.
    washout : int, default=1000
        Steps integrated and thrown away first (the transient onto the attractor).
    initial : array-like of shape (3,) or None, default=None
        The starting state; None draws :math:`x, y` uniformly from :math:`[-1, 1]` and :math:`z`
        from :math:`[0, 1]` with ``random_state`` (near the origin, from where the trajectory
        reaches the attractor).
    random_state : int, RandomState instance or None, default=None

    Returns
    -------
    X : ndarray of shape (n_samples, 3)
        Columns :math:`x, y, z`; row :math:`i` is the state at time (``washout`` + i) · ``dt``.

    References
    ----------
    E. N. Lorenz, "Deterministic nonperiodic flow", Journal of the Atmospheric Sciences 20(2),
    130–141, 1963.

    Examples
    --------
    >>> from zoo.datasets import make_lorenz
    >>> X = make_lorenz(5000, random_state=0)
    >>> X.shape, bool(abs(X[:, 0]).max() < 20 and 0 < X[:, 2].min() and X[:, 2].max() < 50)
    ((5000, 3), True)
    """
    n_samples = _check_count(n_samples, "n_samples", 1)
    washout = _check_count(washout, "washout", 0)
    dt = _check_positive(dt, "dt")
    for value, name in ((sigma, "sigma"), (rho, "rho"), (beta, "beta")):
        _check_positive(value, name, False)
    s, r, b = float(sigma), float(rho), float(beta)
    if initial is None:
        rng = check_random_state(random_state)
        initial = rng.uniform([-1.0, -1.0, 0.0], [1.0, 1.0, 1.0])
    x, y, z = _check_start(initial, 3, "initial").tolist()
    half, sixth = 0.5 * dt, dt / 6.0
    rows = [0.0] * (3 * n_samples)
    for step in range(washout + n_samples):
        if step >= washout:
            i = 3 * (step - washout)
            rows[i], rows[i + 1], rows[i + 2] = x, y, z
        if step == washout + n_samples - 1:
            break
        a1, b1, c1 = s * (y - x), x * (r - z) - y, x * y - b * z
        x2, y2, z2 = x + half * a1, y + half * b1, z + half * c1
        a2, b2, c2 = s * (y2 - x2), x2 * (r - z2) - y2, x2 * y2 - b * z2
        x3, y3, z3 = x + half * a2, y + half * b2, z + half * c2
        a3, b3, c3 = s * (y3 - x3), x3 * (r - z3) - y3, x3 * y3 - b * z3
        x4, y4, z4 = x + dt * a3, y + dt * b3, z + dt * c3
        a4, b4, c4 = s * (y4 - x4), x4 * (r - z4) - y4, x4 * y4 - b * z4
        x += sixth * (a1 + 2.0 * a2 + 2.0 * a3 + a4)
        y += sixth * (b1 + 2.0 * b2 + 2.0 * b3 + b4)
        z += sixth * (c1 + 2.0 * c2 + 2.0 * c3 + c4)
        if not abs(x) + abs(y) + abs(z) < 1e100:
            raise ValueError(
                f"The Lorenz integration diverged at t={(step + 1) * dt:g}: dt={dt:g} is too "
                "large for these parameters; lower dt."
            )
    return np.array(rows).reshape(n_samples, 3)


def make_henon(n_samples=1000, *, a=1.4, b=0.3, washout=100, initial=None, random_state=None):
    r"""The Hénon (1976) map.

    .. math:: x_{k+1} = 1 - a\,x_k^2 + y_k, \qquad y_{k+1} = b\,x_k

    With the classic :math:`a = 1.4`, :math:`b = 0.3` the orbit settles on the strange attractor,
    inside :math:`[-1.29, 1.28] \times [-0.39, 0.39]`.

    Parameters
    ----------
    n_samples : int, default=1000
    a, b : float, default=1.4, 0.3
    washout : int, default=100
        Iterations run and thrown away first.
    initial : array-like of shape (2,) or None, default=None
        The starting point; None draws it uniformly from :math:`[-0.1, 0.1]^2` (inside the
        attractor's basin) with ``random_state``.
    random_state : int, RandomState instance or None, default=None

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
        Columns :math:`x, y`.

    Raises
    ------
    ValueError
        When the orbit escapes to infinity (a start outside the basin, or other ``a``, ``b``).

    References
    ----------
    M. Hénon, "A two-dimensional mapping with a strange attractor", Communications in
    Mathematical Physics 50(1), 69–77, 1976.

    Examples
    --------
    >>> from zoo.datasets import make_henon
    >>> X = make_henon(1000, random_state=0)
    >>> X.shape, bool(abs(X[:, 0]).max() < 1.29 and abs(X[:, 1]).max() < 0.39)
    ((1000, 2), True)
    """
    n_samples = _check_count(n_samples, "n_samples", 1)
    washout = _check_count(washout, "washout", 0)
    for value, name in ((a, "a"), (b, "b")):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise ValueError(f"{name} must be a real number, got {value!r}.")
    a, b = float(a), float(b)
    if initial is None:
        initial = check_random_state(random_state).uniform(-0.1, 0.1, 2)
    x, y = _check_start(initial, 2, "initial").tolist()
    rows = [0.0] * (2 * n_samples)
    for step in range(washout + n_samples):
        if step >= washout:
            i = 2 * (step - washout)
            rows[i], rows[i + 1] = x, y
        if step == washout + n_samples - 1:
            break
        x, y = 1.0 - a * x * x + y, b * x
        if not abs(x) + abs(y) < 1e100:
            raise ValueError(
                f"The Hénon orbit escaped to infinity after {step + 1} iterations (a={a:g}, "
                f"b={b:g}): start inside the attractor's basin."
            )
    return np.array(rows).reshape(n_samples, 2)
