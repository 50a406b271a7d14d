r"""Tapped delay lines over sequences: the open-loop design rows of a NARX/TDNN network, its
closed-loop simulation, and the closed-loop objective's gradient by back-propagation through time.

A network with input delays :math:`D_u` and feedback delays :math:`D_y` maps, at step t,

.. math::

    x_t = [u(t-d)]_{d \in D_u} \oplus [y(t-d)]_{d \in D_y}, \qquad \hat y(t) = f(x_t;\theta).

**Open loop** (series-parallel, Narendra & Parthasarathy 1990) feeds the true past outputs
:math:`y(t-d)`: the rows :math:`x_t` of every step whose taps all lie inside its sequence form an
ordinary regression problem (:func:`delay_rows`, one gather for all sequences and steps).
**Closed loop** (parallel) feeds the network's own outputs :math:`\hat y(t-d)` back
(:func:`simulate`); its objective :math:`E = \sum_t s_t E_t/\sum_t s_t` is differentiated by
back-propagation through time (:class:`ClosedLoopProblem`): the error signal of
:math:`\hat y(t)` is its own loss gradient plus what every later step that reads it through a
feedback tap sends back, :math:`g_t = s_t\,\partial E_t/\partial\hat y_t + \sum_{d\in D_y}
\partial E/\partial x_{t+d}[y(t)]`.

Sequences are ``(n_sequences, n_timesteps, n_features)`` arrays padded in front with
:func:`pad_front` (``max_delay`` zero steps: values before a sequence's start are zero, "zero
initial conditions") and with zeros after each sequence's length.
"""

import numpy as np

from .activations import DERIVATIVES
from .losses import loss_function, output_delta
from .network import forward
from .penalties import add_l2_gradient


def check_delays(delays, name, allow_zero):
    """``delays`` as a sorted tuple of distinct non-negative ints (positive when not
    ``allow_zero``: a feedback tap of 0 would feed the output it computes)."""
    if isinstance(delays, (int, np.integer)) and not isinstance(delays, bool):
        delays = (delays,)
    try:
        values = [int(d) for d in delays]
        exact = all(int(d) == d and not isinstance(d, bool) for d in delays)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a sequence of non-negative ints; got {delays!r}."
        ) from None
    low = 0 if allow_zero else 1
    if not exact or any(d < low for d in values):
        raise ValueError(
            f"{name} must be ints >= {low}"
            + (
                ""
                if allow_zero
                else " (a feedback delay of 0 would feed back the output being computed)"
            )
            + f"; got {tuple(delays)!r}."
        )
    if len(set(values)) != len(values):
        raise ValueError(f"{name} has repeated delays: {tuple(values)!r}.")
    return tuple(sorted(values))


def pad_front(array, n_steps):
    """``(n, n_steps + T, d)`` float copy of ``(n, T, d)`` with ``n_steps`` zero steps in front and
    NaN padding zeroed (the caller's array is never written)."""
    n, T, d = array.shape
    out = np.zeros((n, n_steps + T, d), dtype=array.dtype)
    out[:, n_steps:] = array
    np.nan_to_num(out, copy=False, nan=0.0)
    return out


def tap_index(steps, delays, offset):
    """Column indices ``offset + t - d`` for every step t (rows) and delay d (columns)."""
    return offset + np.asarray(steps)[:, np.newaxis] - np.asarray(delays, dtype=np.intp)


def delay_rows(U, Y, offset, sequences, steps, input_delays, feedback_delays):
    """The design rows :math:`x_t` of the given (sequence, step) pairs, in one gather per array.

    Parameters
    ----------
    U : ndarray of shape (n, offset + T, n_inputs) or None
        Front-padded inputs (:func:`pad_front`); None when there are no input taps.
    Y : ndarray of shape (n, offset + T, n_outputs) or None
        Front-padded outputs fed back; None when there are no feedback taps.
    offset : int
        Zero steps in front of ``U`` and ``Y`` (at least the largest delay).
    sequences, steps : ndarray of int of shape (m,)
        Each row's sequence and step (0 is the sequence's first real step).

    Returns
    -------
    rows : ndarray of shape (m, len(input_delays) * n_inputs + len(feedback_delays) * n_outputs)
        ``[u(t-d) for d in input_delays]`` (each ``n_inputs`` wide), then ``[y(t-d) for d in
        feedback_delays]``.
    """
    seq = np.asarray(sequences)[:, np.newaxis]
    parts = []
    if input_delays:
        parts.append(U[seq, tap_index(steps, input_delays, offset)].reshape(len(seq), -1))
    if feedback_delays:
        parts.append(Y[seq, tap_index(steps, feedback_delays, offset)].reshape(len(seq), -1))
    return np.concatenate(parts, axis=1) if len(parts) > 1 else np.ascontiguousarray(parts[0])


def trainable_steps(lengths, n_timesteps, first):
    """(sequences, steps) of every step ``first <= t < length`` (all taps inside the sequence),
    sequence by sequence."""
    t = np.arange(n_timesteps)
    valid = (t >= first) & (t < np.asarray(lengths)[:, np.newaxis])
    return np.nonzero(valid)


def simulate(forward, U, Y, offset, start, input_delays, feedback_delays, lengths=None):
    """Run closed loop in place: for t = start..T-1, ``Y[:, offset + t] = forward(x_t)`` with
    the fed-back outputs read from ``Y`` (the given initial values before ``start``, the
    network's own after); steps past a sequence's length are left 0. Returns ``Y``.

    ``forward(rows) -> (n, n_outputs)`` is the network; ``U`` and ``Y`` are front-padded by
    ``offset`` (:func:`pad_front`)."""
    n = Y.shape[0]
    sequences = np.arange(n)
    T = Y.shape[1] - offset
    for t in range(start, T):
        rows = delay_rows(U, Y, offset, sequences, np.full(n, t), input_delays, feedback_delays)
        out = forward(rows)
        if lengths is not None:
            out = out * (t < lengths)[:, np.newaxis]
        Y[:, offset + t] = out
    return Y


class ClosedLoopProblem:
    r"""The closed-loop objective of a feed-forward network over sequences, its gradient by
    back-propagation through time, in the protocol of :mod:`zoo._core.solvers`
    (``parameters``, ``loss_and_gradient()``, ``loss()``).

    Steps before ``first`` (the largest delay) are the initial conditions, the true outputs; each
    later real step t of sequence s is predicted from the network's own earlier outputs and
    scored with weight :math:`s_{s,t}` (the sequence's weight):
    :math:`E = \sum s_{s,t} E(y_{s,t}, \hat y_{s,t}) / \sum s_{s,t} +
    \frac{\alpha}{2\sum s}\sum_l\lVert W_l\rVert^2`.

    The work is shaped for BLAS: every sequence advances together (one GEMM per layer per
    step, on preallocated buffers), the input taps of all steps are gathered once, and the
    weight gradients are one GEMM per layer over all steps after the backward recursion (which
    itself carries only the error signals, :math:`\delta_l` per step).

    Parameters
    ----------
    network : FeedForwardNetwork
        With an identity output layer and hidden activations whose derivative is written from
        their output.
    U, Y : ndarray of shape (n, offset + T, n_inputs or n_outputs)
        Front-padded by ``offset`` (:func:`pad_front`); ``U`` None without input taps.
    lengths : ndarray of int of shape (n,)
    sample_weight : ndarray of shape (n,) or None
        One weight per sequence.
    """

    def __init__(
        self, network, U, Y, offset, lengths, input_delays, feedback_delays, sample_weight, alpha
    ):
        if network.activations[-1] != "identity":
            raise ValueError("closed-loop training needs an identity output layer")
        self.network, self.U, self.Y, self.offset = network, U, Y, offset
        self.input_delays, self.feedback_delays = input_delays, feedback_delays
        self.first = max(input_delays + feedback_delays)
        self.parameters = network.flat
        self.alpha = alpha
        n, T = Y.shape[0], Y.shape[1] - offset
        steps = np.arange(self.first, T)
        real = steps < np.asarray(lengths)[:, np.newaxis]  # (n, T')
        weights = np.ones(n, dtype=Y.dtype) if sample_weight is None else sample_weight
        self.step_weights = np.ascontiguousarray((real * weights[:, np.newaxis]).T)  # (T', n)
        self.real = np.ascontiguousarray(real.T).astype(Y.dtype)[:, :, np.newaxis]  # (T', n, 1)
        self.weight_sum = float(self.step_weights.sum())
        self.steps = steps
        self.width = len(input_delays) * (0 if U is None else U.shape[2])
        units = network.layer_units
        # a[l][i]: layer l's activations at step i (a[0]: the rows x_t); delta[l][i]: dE/dz_l
        self._a = [np.empty((len(steps), n, k), dtype=Y.dtype) for k in units]
        self._delta = [np.empty((len(steps), n, k), dtype=Y.dtype) for k in units[1:]]
        if self.width:  # the input taps of every step, in one gather
            sequences = np.repeat(np.arange(n), len(steps))
            rows = delay_rows(U, None, offset, sequences, np.tile(steps, n), input_delays, ())
            self._a[0][:, :, : self.width] = rows.reshape(n, len(steps), -1).transpose(1, 0, 2)
        # the targets and each step's weight of the loss gradient, (T', n, K)
        self._targets = np.ascontiguousarray(Y[:, offset + steps].transpose(1, 0, 2))
        self._scale = (self.step_weights / self.weight_sum)[:, :, np.newaxis]
        self._Yhat = np.empty_like(Y)
        self._G = np.empty_like(self._targets)
        self._scratch = [np.empty_like(c) for c in network.coefs]

    def _forward(self):
        """Closed-loop run; the layer activations of every step are kept for the backward pass."""
        net, offset, width = self.network, self.offset, self.width
        Yhat = self._Yhat
        np.copyto(Yhat, self.Y)
        K = Yhat.shape[2]
        coefs, intercepts, activations = net.coefs, net.intercepts, net.activations
        rows, buffers = self._a[0], [a for a in self._a]
        for i, t in enumerate(self.steps):
            x = rows[i]
            for j, d in enumerate(self.feedback_delays):  # the fed-back outputs y^(t - d)
                x[:, width + j * K : width + (j + 1) * K] = Yhat[:, offset + t - d]
            out = forward(x, coefs, intercepts, activations, [b[i] for b in buffers])
            np.multiply(out, self.real[i], out=out)  # padded steps output 0
            Yhat[:, offset + t] = out
        return Yhat

    def _data_loss(self, Yhat):
        T0 = self.offset + self.first
        targets = self.Y[:, T0:].transpose(1, 0, 2).reshape(-1, self.Y.shape[2])
        outputs = Yhat[:, T0:].transpose(1, 0, 2).reshape(-1, self.Y.shape[2])
        return loss_function(self.network.loss)(targets, outputs, self.step_weights.ravel())

    def loss(self):
        Yhat = self._forward()
        net = self.network
        return self._data_loss(Yhat) + net.penalty(self.alpha, self.weight_sum)

    def data_loss(self):
        """The weighted free-run error alone (no penalty): a validation split's criterion."""
        return self._data_loss(self._forward())

    def loss_and_gradient(self):
        net = self.network
        Yhat = self._forward()
        loss = self._data_loss(Yhat) + net.penalty(self.alpha, self.weight_sum)
        coefs, activations = net.coefs, net.activations
        last = len(coefs) - 1
        width, K = self.width, self._G.shape[2]
        # the rows of W_1 that read the fed-back outputs: only their error signal flows back
        feedback_rows = [
            coefs[0][width + j * K : width + (j + 1) * K].T
            for j in range(len(self.feedback_delays))
        ]
        G = self._G  # dE/dyhat_t from the later steps that read it
        G[...] = 0.0
        a, deltas = self._a, self._delta
        output_deltas = deltas[-1]
        # dE/dz_L at every step from its own error, in one pass: s_t (yhat_t - y_t) / m
        output_delta(net.loss, "identity", self._targets, a[-1], out=output_deltas)
        output_deltas *= self._scale
        for i in range(len(self.steps) - 1, -1, -1):
            delta = output_deltas[i]
            delta += G[i]
            delta *= self.real[i]  # padded steps output 0 whatever f gives
            for layer in range(last, 0, -1):
                back = np.matmul(delta, coefs[layer].T)
                delta = DERIVATIVES[activations[layer - 1]](a[layer][i], back)
                deltas[layer - 1][i] = delta
            # the feedback taps: x_t's slot of y(t - d) sends its error to step t - d
            for rows, d in zip(feedback_rows, self.feedback_delays):
                if i - d >= 0:
                    G[i - d] += delta @ rows
        # the weight gradients of all steps at once: dE/dW_l = sum_t a_{l-1,t}^T delta_{l,t}
        for layer in range(last + 1):
            inputs = a[layer].reshape(-1, a[layer].shape[2])
            signal = deltas[layer].reshape(-1, deltas[layer].shape[2])
            np.matmul(inputs.T, signal, out=net.coef_grads[layer])
            np.sum(signal, axis=0, out=net.intercept_grads[layer])
        if self.alpha:
            for grad, W, scratch in zip(net.coef_grads, net.coefs, self._scratch):
                add_l2_gradient(grad, W, self.alpha, self.weight_sum, scratch)
        return loss, net.flat_grad
