r"""The distributed-delay network (MATLAB's ``distdelaynet``; Waibel et al.'s multi-layer TDNN):
tapped delay lines on every layer's input, its forward pass and its back-propagation over whole
sequences at once.

Layer :math:`l` (:math:`l = 1 \dots L`, the last one the output) sees its input
:math:`a_{l-1}` (:math:`a_0 = u`, the network's input) through its own delays :math:`D_l`:

.. math::

    z_l(t) = \sum_{d \in D_l} a_{l-1}(t-d)\, W_{l,d} + b_l, \qquad a_l(t) = f_l(z_l(t)),

with :math:`a_{l-1}(t-d) = 0` before a sequence's start (zero initial delay states). There is no
feedback, so over a sequence the network is a feed-forward network over time, and a delay is a
shift of the time axis: with the activations laid out time-major, ``(front + T, n, width)`` with
:math:`\max D_l` zero steps in front, :math:`a_{l-1}(t-d)` for every step of every sequence is
one contiguous block of rows, and each layer costs one GEMM per delay over all steps at once —
no loop over time. Back-propagation runs the same shifts backwards:

.. math::

    \frac{\partial E}{\partial W_{l,d}} = \sum_t a_{l-1}(t-d)^\top \delta_l(t), \qquad
    \frac{\partial E}{\partial a_{l-1}(s)} = \sum_{d \in D_l} \delta_l(s+d)\, W_{l,d}^\top,

:math:`\delta_l = \partial E/\partial z_l`, so an activation reaches every later step that taps
it. A layer's weights are stored stacked, :math:`W_l` of shape ``(len(D_l) * n_in, n_out)``
(block :math:`k` is :math:`W_{l,D_l[k]}`), the delay-row layout of
:func:`zoo._core.delays.delay_rows`; the coefficients and then the intercepts lie end to end in one
flat vector (:attr:`DistributedDelayNetwork.flat`), the protocol of the full-batch solvers
(:class:`zoo._core.problems.FlatProblem`).

The padded steps at the end of a shorter sequence are computed on zero inputs and never read by a
real step (the taps look back only); the loss takes the chosen training rows alone.
"""

import numpy as np

from .activations import get_activation
from .initializers import glorot_uniform
from .levenberg import weight_classes
from .losses import gauss_newton_factor, loss_function, output_delta
from .penalties import add_l2_gradient, l2_penalty


def receptive_field(delays):
    """How far back the output looks: :math:`\\sum_l \\max D_l` steps (so a step ``t`` at least
    this far into its sequence has every tap inside it)."""
    return int(sum(max(d) for d in delays))


class DistributedDelayNetwork:
    """A stack of tapped-delay layers over a flat parameter vector.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_inputs, hidden..., n_outputs]``.
    delays : sequence of tuple of int
        One sorted tuple of delays per weight layer (``len(layer_sizes) - 1`` of them).
    activation : str
        The hidden layers' activation (one whose derivative is written from its output).
    out_activation : str, default="identity"
    loss : str or Loss, default="squared_error"
        A resolved loss (:func:`zoo._core.losses.make_loss`).
    dtype : dtype, default=np.float64
    """

    def __init__(
        self,
        layer_sizes,
        delays,
        activation,
        out_activation="identity",
        loss="squared_error",
        dtype=np.float64,
    ):
        self.layer_sizes = [int(n) for n in layer_sizes]
        self.delays = [tuple(int(d) for d in D) for D in delays]
        if len(self.delays) != len(self.layer_sizes) - 1:
            raise ValueError(
                f"{len(self.layer_sizes) - 1} weight layers need as many delay tuples; got "
                f"{len(self.delays)}."
            )
        self.activation, self.out_activation = activation, out_activation
        self.loss = loss
        self.dtype = np.dtype(dtype)
        shapes = [
            (len(D) * n_in, n_out)
            for D, n_in, n_out in zip(self.delays, self.layer_sizes[:-1], self.layer_sizes[1:])
        ]
        sizes = [a * b for a, b in shapes] + [b for _, b in shapes]
        self.n_penalised = sum(a * b for a, b in shapes)
        self.flat = np.zeros(sum(sizes), dtype=self.dtype)
        self.flat_grad = np.zeros_like(self.flat)
        self.coefs, self.intercepts = self._views(self.flat, shapes)
        self.coef_grads, self.intercept_grads = self._views(self.flat_grad, shapes)
        self._buffers = {}

    @staticmethod
    def _views(flat, shapes):
        coefs, intercepts, start = [], [], 0
        for a, b in shapes:
            coefs.append(flat[start : start + a * b].reshape(a, b))
            start += a * b
        for _, b in shapes:
            intercepts.append(flat[start : start + b])
            start += b
        return coefs, intercepts

    def initialize(self, rng):
        """Glorot-uniform weights and biases (fan-in: every tap of the layer)."""
        for W, b in zip(self.coefs, self.intercepts):
            W[...], b[...] = glorot_uniform(*W.shape, rng, dtype=self.dtype)

    def set_parameters(self, coefs, intercepts):
        for view, value in zip(self.coefs + self.intercepts, list(coefs) + list(intercepts)):
            np.copyto(view, value, casting="same_kind")

    # ------------------------------------------------------------------ buffers
    def front(self, layer):
        """Zero steps in front of layer ``layer``'s input: its largest delay."""
        return self.delays[layer][-1]

    def pad_inputs(self, U):
        """``U`` ``(n, T, F)`` (NaN padding allowed) as the first layer's time-major padded input
        ``(front + T, n, F)``, NaN zeroed: made once per data set, read by every pass."""
        n, T, F = U.shape
        P = self.front(0)
        out = np.zeros((P + T, n, F), dtype=self.dtype)
        out[P:] = U.transpose(1, 0, 2)
        np.nan_to_num(out[P:], copy=False, nan=0.0)
        return out

    def _buffer(self, name, shape):
        buffer = self._buffers.get(name)
        if buffer is None or buffer.shape != shape:
            buffer = self._buffers[name] = np.zeros(shape, dtype=self.dtype)
        return buffer

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_buffers"] = {}
        return state

    # ------------------------------------------------------------------ passes
    def forward(self, U_padded):
        """Every layer's activations over every step.

        Parameters
        ----------
        U_padded : ndarray of shape (front + T, n, n_inputs)
            :meth:`pad_inputs`' layout.

        Returns
        -------
        output : ndarray of shape (T * n, n_outputs)
            Time-major rows (row ``t * n + s`` is step t of sequence s); a buffer the next pass
            overwrites.
        """
        n = U_padded.shape[1]
        T = U_padded.shape[0] - self.front(0)
        self._inputs = [U_padded]
        A = U_padded
        n_layers = len(self.coefs)
        for layer, (W, b, D) in enumerate(zip(self.coefs, self.intercepts, self.delays)):
            width, n_out = A.shape[2], W.shape[1]
            P = self.front(layer)
            last = layer == n_layers - 1
            if last:
                Z = self._buffer("output", (T * n, n_out))
            else:  # written straight into the next layer's padded input
                P_next = self.front(layer + 1)
                padded = self._buffer(f"a{layer + 1}", (P_next + T, n, n_out))
                Z = padded[P_next:].reshape(T * n, n_out)
            rows = A.reshape(-1, width)
            taps = W.reshape(len(D), width, n_out)
            product = self._buffer(f"product{layer}", Z.shape)
            Z[...] = b
            for k, d in enumerate(D):
                np.matmul(rows[(P - d) * n : (P - d + T) * n], taps[k], out=product)
                Z += product
            f, _ = get_activation(self.out_activation if last else self.activation)
            f(Z, out=Z)
            if not last:
                self._inputs.append(padded)
                A = padded
        return Z

    def backward(self, delta):
        """Gradients of the last :meth:`forward` into :attr:`flat_grad`, from ``delta`` =
        :math:`\\partial E/\\partial z_L` ``(T * n, n_outputs)`` (overwritten)."""
        n = self._inputs[0].shape[1]
        T = delta.shape[0] // n
        for layer in range(len(self.coefs) - 1, -1, -1):
            W, D, A = self.coefs[layer], self.delays[layer], self._inputs[layer]
            width, n_out = A.shape[2], W.shape[1]
            P = self.front(layer)
            rows = A.reshape(-1, width)
            taps = W.reshape(len(D), width, n_out)
            grads = self.coef_grads[layer].reshape(len(D), width, n_out)
            np.sum(delta, axis=0, out=self.intercept_grads[layer])
            for k, d in enumerate(D):
                np.matmul(rows[(P - d) * n : (P - d + T) * n].T, delta, out=grads[k])
            if layer == 0:
                break
            # dE/da_{l-1}(s) = sum_d delta_l(s + d) W_{l,d}^T, on the padded time axis
            upstream = self._buffer(f"d{layer}", ((P + T) * n, width))
            product = self._buffer(f"product{layer - 1}", (T * n, width))
            upstream.fill(0.0)
            for k, d in enumerate(D):
                np.matmul(delta, taps[k].T, out=product)
                upstream[(P - d) * n : (P - d + T) * n] += product
            delta = upstream[P * n :]
            _, derivative = get_activation(self.activation)
            derivative(A[P:].reshape(T * n, width), delta)

    def predict(self, U):
        """Outputs ``(n, T, n_outputs)`` of sequences ``U`` ``(n, T, F)`` (a copy)."""
        n, T = U.shape[:2]
        out = self.forward(self.pad_inputs(U))
        return out.reshape(T, n, -1).transpose(1, 0, 2).copy()

    def loss_and_gradient(self, U_padded, rows, Y, weights=None, alpha=0.0):
        """The objective on the training rows and its gradient into :attr:`flat_grad`.

        .. math::

            E = \\frac{1}{m}\\sum_{i} s_i\\, \\ell(\\hat y_i, y_i)
            + \\frac{\\alpha}{2m}\\sum_l \\lVert W_l\\rVert^2, \\qquad m = \\sum_i s_i

        Parameters
        ----------
        U_padded : ndarray of shape (front + T, n, n_inputs)
        rows : ndarray of int of shape (m,)
            The training rows of the time-major output (``t * n + s``).
        Y : ndarray of shape (m, n_outputs)
        weights : ndarray of shape (m,) or None
        alpha : float
        """
        output = self.forward(U_padded)
        prediction = output[rows]
        m = len(rows) if weights is None else float(weights.sum())
        loss = loss_function(self.loss)(Y, prediction, weights)
        loss += l2_penalty(alpha, self.coefs, m)
        delta_rows = output_delta(self.loss, self.out_activation, Y, prediction)
        if weights is not None:
            delta_rows *= weights[:, np.newaxis]
        delta_rows /= m
        delta = self._buffer("delta", output.shape)
        delta.fill(0.0)
        delta[rows] = delta_rows
        self.backward(delta)
        for W, G in zip(self.coefs, self.coef_grads):
            add_l2_gradient(G, W, alpha, m)
        return float(loss)

    def loss_value(self, U_padded, rows, Y, weights=None, alpha=0.0):
        """The objective of :meth:`loss_and_gradient` without the gradient."""
        prediction = self.forward(U_padded)[rows]
        m = len(rows) if weights is None else float(weights.sum())
        loss = loss_function(self.loss)(Y, prediction, weights)
        return float(loss + l2_penalty(alpha, self.coefs, m))

    def gauss_newton_system(self, U_padded, rows, Y, weights, G, gradient=None, chunk_rows=None):
        r"""The data term's Gauss-Newton matrix :math:`G = \sum_i s_i J_i^\top H_i J_i` into ``G``
        and, with ``gradient``, the data term's gradient :math:`\sum_i s_i\,\partial E_i/
        \partial\theta` into it; returns :math:`\sum_i s_i E_i` (the sum scale of
        :mod:`zoo._core.solvers`' protocol).

        Row i (step :math:`t_i` of sequence :math:`s_i`) of the Jacobian is back-propagated
        through a window of lags: :math:`E_L(0) = \sqrt{s_i} S_{i,:r}` (a column of the loss's
        curvature factor, :func:`~zoo._core.losses.gauss_newton_factor`), then
        :math:`E_{l-1}(\tau') = f'(z_{l-1}(t_i-\tau')) \odot \sum_{d \in D_l} E_l(\tau'-d)
        W_{l,d}^\top` and :math:`\partial z_L/\partial W_{l,d} = \sum_\tau a_{l-1}(t_i-\tau-d)
        \otimes E_l(\tau)`: a batched matrix product over the rows of a chunk. The training rows
        lie at least the receptive field into their sequence, so every lagged step is a real one.
        Memory: ``chunk_rows x n_parameters`` plus G.
        """
        n = U_padded.shape[1]
        m = len(rows) if weights is None else float(weights.sum())
        data = None
        if gradient is not None:
            data = self.loss_and_gradient(U_padded, rows, Y, weights, 0.0) * m
            np.multiply(self.flat_grad, m, out=gradient)
        else:
            self.forward(U_padded)
        prediction = self._buffers["output"][rows]
        factor = gauss_newton_factor(self.loss, self.out_activation, prediction)  # (R, m, K)
        if weights is not None:
            factor = factor * np.sqrt(weights)[np.newaxis, :, np.newaxis]
        n_params = self.flat.size
        if chunk_rows is None:
            chunk_rows = max(1, min(len(rows), (1 << 20) // max(n_params * factor.shape[0], 1)))
        coef_offsets = np.cumsum([0] + [W.size for W in self.coefs])
        bias_offsets = coef_offsets[-1] + np.cumsum([0] + [b.size for b in self.intercepts])
        steps, sequences = np.divmod(np.asarray(rows), n)
        G[...] = 0.0
        for start in range(0, len(rows), chunk_rows):
            chunk = slice(start, min(start + chunk_rows, len(rows)))
            t, seq = steps[chunk], sequences[chunk]
            c = len(t)
            J = np.empty((factor.shape[0] * c, n_params))
            for r in range(factor.shape[0]):
                Jr = J[r * c : (r + 1) * c]
                E = factor[r, chunk][:, np.newaxis, :].astype(np.float64)  # (c, lags, n_out)
                for layer in range(len(self.coefs) - 1, -1, -1):
                    self._jacobian_block(layer, E, t, seq, Jr, coef_offsets, bias_offsets)
                    if layer:
                        E = self._lagged_error(layer, E, t, seq)
            G += J.T @ J
        return data

    def _lagged(self, layer, t, seq, lags):
        """Layer ``layer``'s input :math:`a(t_i - \\tau)` for ``lags`` :math:`\\tau`: ``(c, lags,
        width)`` float64."""
        P = self.front(layer)
        index = P + t[:, np.newaxis] - np.arange(lags)[np.newaxis]
        return self._inputs[layer][index, seq[:, np.newaxis]].astype(np.float64)

    def _jacobian_block(self, layer, E, t, seq, J, coef_offsets, bias_offsets):
        D, W = self.delays[layer], self.coefs[layer]
        width, n_out = W.shape[0] // len(D), W.shape[1]
        lags = E.shape[1]
        window = self._lagged(layer, t, seq, lags + D[-1])  # a(t - tau - d) for every d at once
        for k, d in enumerate(D):
            A = window[:, d : d + lags]  # (c, lags, width): a(t_i - tau - d)
            block = np.matmul(A.transpose(0, 2, 1), E)  # (c, width, n_out)
            start = coef_offsets[layer] + k * width * n_out
            J[:, start : start + width * n_out] = block.reshape(len(t), -1)
        J[:, bias_offsets[layer] : bias_offsets[layer + 1]] = E.sum(axis=1)

    def _lagged_error(self, layer, E, t, seq):
        """:math:`E_{l-1}` over the widened window of lags, from :math:`E_l`."""
        D, W = self.delays[layer], self.coefs[layer]
        width, n_out = W.shape[0] // len(D), W.shape[1]
        taps = W.reshape(len(D), width, n_out).astype(np.float64)
        lags = E.shape[1]
        below = np.zeros((len(t), lags + D[-1], width))
        for k, d in enumerate(D):
            below[:, d : d + lags] += E @ taps[k].T
        a = self._lagged(layer, t, seq, lags + D[-1])  # the lower layer's outputs f(z)
        _, derivative = get_activation(self.activation)
        derivative(a.reshape(-1, width), below.reshape(-1, width))
        return below


class DistributedDelayProblem:
    """A :class:`DistributedDelayNetwork` on its training rows, in the protocol of
    :mod:`zoo._core.solvers`: the objective with the fixed decay ``alpha`` for the first-order
    solvers and L-BFGS, and the data term's Gauss-Newton system for Levenberg-Marquardt.

    Parameters
    ----------
    network : DistributedDelayNetwork
    U_padded : ndarray of shape (front + T, n, n_inputs)
    rows : ndarray of int of shape (m,)
        The training rows of the time-major output.
    Y : ndarray of shape (m, n_outputs)
    weights : ndarray of shape (m,) or None
    alpha : float
    """

    def __init__(self, network, U_padded, rows, Y, weights=None, alpha=0.0):
        self.network, self.U_padded, self.rows, self.Y = network, U_padded, rows, Y
        self.weights, self.alpha = weights, alpha
        self.parameters = network.flat
        self.n_samples, self.n_outputs = Y.shape
        self.weight_sum = self.n_samples if weights is None else float(weights.sum())
        self.n_penalised = network.n_penalised
        self.weight_classes = weight_classes([W.size for W in network.coefs])
        self.gaussian = network.loss == "squared_error"

    def loss_and_gradient(self):
        net = self.network
        loss = net.loss_and_gradient(self.U_padded, self.rows, self.Y, self.weights, self.alpha)
        return loss, net.flat_grad

    def loss(self):
        return self.network.loss_value(self.U_padded, self.rows, self.Y, self.weights, self.alpha)

    def data_loss(self):
        return self.network.loss_value(self.U_padded, self.rows, self.Y, self.weights, 0.0)

    def gauss_newton_system(self, G, gradient=None):
        args = (self.U_padded, self.rows, self.Y, self.weights)
        return self.network.gauss_newton_system(*args, G, gradient)
