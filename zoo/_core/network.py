r"""The layered feed-forward network: forward pass and back-propagation (Rumelhart, Hinton &
Williams 1986), written once for the MLP, DBN fine-tuning and any family built on a perceptron
stack.

For layers :math:`l = 1..L` with weights :math:`W_l`, biases :math:`b_l` and activations
:math:`f_l`:

.. math::

    a_0 = x, \qquad z_l = a_{l-1} W_l + b_l, \qquad a_l = f_l(z_l)

With :math:`m = \sum_i s_i` the (weighted) batch size, the objective is

.. math::

    E = \frac{1}{m}\sum_i s_i E_i + \frac{\alpha}{2m}\sum_l \lVert W_l\rVert^2

and back-propagation computes, with :math:`\odot` the elementwise product,

.. math::

    \delta_L = s \odot \partial E_i/\partial z_L, \qquad
    \delta_{l-1} = (\delta_l W_l^\top) \odot f'_{l-1}(z_{l-1}), \qquad
    \nabla_{W_l} E = (a_{l-1}^\top \delta_l + \alpha W_l)/m, \qquad
    \nabla_{b_l} E = \mathbf{1}^\top\delta_l / m.

With ``cascade=True`` the network is MATLAB's ``cascadeforwardnet``: every layer also receives the
input and the output of every earlier layer,

.. math::

    z_l = \sum_{k<l} a_k W_{l,k} + b_l, \qquad
    \delta_k = \Big(\sum_{l>k} \delta_l W_{l,k}^\top\Big) \odot f'_k(z_k), \qquad
    \nabla_{W_{l,k}} E = (a_k^\top \delta_l + \alpha W_{l,k})/m,

and ``coefs[l - 1]`` is the stacked :math:`W_l = [W_{l,0}; W_{l,1}; \dots; W_{l,l-1}]` of shape
:math:`(\sum_{k<l} n_k, n_l)`: its rows are fed by :math:`a_0 = x`, then :math:`a_1`, and so on
(the first layer's is the layered network's). The layered network is the case where only
:math:`W_{l,l-1}` exists.

All parameters live in one flat vector (``coefs`` and ``intercepts`` are views into it), so an
optimizer updates the whole network with one fused in-place operation and L-BFGS needs no packing):
its layout is every ``coefs[l]`` row-major in layer order, then every ``intercepts[l]``.
Per-batch buffers are allocated once per ``fit``; a training step allocates nothing.
"""

import numpy as np
import scipy.sparse as sp

from .activations import DERIVATIVES, activation_function, derivative_with_z, needs_pre_activation
from .losses import loss_function, output_delta
from .penalties import add_l2_gradient, l2_penalty


def _matmul(a, b, out=None):
    """out = a @ b, in place for dense a; sparse a (CSR/CSC input) gets a copy.

    One row by one column is a dot product, which numpy hands to BLAS's dot kernel, and
    OpenBLAS's (Prescott's) sums in an order set by the operands' alignment: one sample's output
    of a one-output network would change with where its arrays sit in memory. numpy's own loop
    (``einsum``) sums in one order wherever they are."""
    if sp.issparse(a):
        if out is None:
            return np.asarray(a @ b)
        out[...] = a @ b
        return out
    if a.shape[0] == 1 and b.shape[1] == 1:
        return np.einsum("ij,jk->ik", a, b, out=out)
    return np.matmul(a, b, out=out)


def _cascade_input(inputs, W, out=None):
    """z = sum_k a_k W_{l,k} over the layer's inputs ``inputs`` = [a_0, ..., a_{l-1}], the row
    blocks of the stacked ``W`` in that order (into ``out``)."""
    start, z = 0, None
    for a in inputs:
        stop = start + a.shape[1]
        if z is None:
            z = _matmul(a, W[start:stop], out)
        else:
            z += _matmul(a, W[start:stop])
        start = stop
    return z


def forward(
    X,
    coefs,
    intercepts,
    activations,
    buffers=None,
    pre_activations=None,
    dropout=None,
    cascade=False,
):
    """a_L for ``X``: z_l = a_{l-1} W_l + b_l, a_l = f_l(z_l), layer by layer.

    With ``cascade``, z_l = sum_{k<l} a_k W_{l,k} + b_l (``coefs[l - 1]`` stacks the W_{l,k}).

    ``buffers`` (one array per layer, at least ``len(X)`` rows) receive the activations in place;
    without them each layer allocates its output (prediction). ``pre_activations`` (per layer, an
    array or None) receive a copy of z_l where a derivative needs it; ``dropout`` (per layer,
    ``(mask, out)`` or None) passes ``a_l * mask`` on to the next layer, written into ``out``.
    """
    a = X
    n = X.shape[0]
    inputs = [X]  # a_0 .. a_{l-1} (dropped out), the cascade's layer inputs
    for layer, (W, b, name) in enumerate(zip(coefs, intercepts, activations)):
        out = None if buffers is None else buffers[layer + 1][:n]
        if cascade and layer > 0:
            z = _cascade_input(inputs, W, out)  # z_l = sum_{k<l} a_k W_{l,k}
        elif buffers is None:
            z = _matmul(a, W)
        else:
            z = _matmul(a, W, out)
        z += b  # z_l = a_{l-1} W_l + b_l
        if pre_activations is not None and pre_activations[layer] is not None:
            np.copyto(pre_activations[layer][:n], z)
        a = activation_function(name)(z, out=z)  # a_l = f_l(z_l)
        if dropout is not None and dropout[layer] is not None:
            mask, out = dropout[layer]
            a = np.multiply(a, mask[:n], out=out[:n])  # inverted dropout: a~_l = a_l m_l
        if cascade:
            inputs.append(a)
    return a


class FeedForwardNetwork:
    r"""Parameters and math of a layered (or cascade) perceptron.

    Parameters
    ----------
    coefs, intercepts : list of ndarray
        Initial weights ``W_l`` of shape ``(n_{l-1}, n_l)`` and biases ``b_l``; copied into one flat
        vector, of which :attr:`coefs` and :attr:`intercepts` are then views.
    activations : list of str
        One activation name per layer after the input (hidden layers then the output layer).
    loss : str or Loss
        A resolved loss: a name of :data:`zoo._core.losses.LOSSES` or a
        :class:`~zoo._core.losses.Loss`.
    cascade : bool, default=False
        MATLAB's ``cascadeforwardnet``: layer l receives a_0 (the input) .. a_{l-1}, and
        ``coefs[l - 1]`` has :math:`\sum_{k<l} n_k` rows, one block per earlier layer in order.
    """

    def __init__(self, coefs, intercepts, activations, loss, cascade=False):
        if len(activations) != len(coefs):
            raise ValueError("one activation per layer is required")
        self.activations = list(activations)
        self.loss = loss
        self.cascade = bool(cascade)
        dtype = coefs[0].dtype
        sizes = [c.size for c in coefs] + [b.size for b in intercepts]
        self.flat = np.empty(sum(sizes), dtype=dtype)
        self.coefs, self.intercepts = self._views(self.flat, coefs, intercepts)
        for view, value in zip(self.coefs + self.intercepts, coefs + intercepts):
            view[...] = value
        self.flat_grad = np.zeros_like(self.flat)
        self.coef_grads, self.intercept_grads = self._views(self.flat_grad, coefs, intercepts)
        self._scratch = None  # weight-shaped buffers for the weight-decay term, made on demand
        self._flat_offsets = None  # where each layer's arrays start in flat (gauss_newton)
        self.layer_units = [coefs[0].shape[0]] + [c.shape[1] for c in coefs]
        # where a_k's rows start in a cascade layer's stacked W (the same for every layer)
        self._row_offsets = np.cumsum([0, *self.layer_units[:-1]]).tolist()
        fan_in = self._row_offsets[1:] if self.cascade else self.layer_units[:-1]
        if [c.shape[0] for c in coefs] != fan_in:
            raise ValueError(
                f"coefs of shapes {[c.shape for c in coefs]} do not chain as a "
                f"{'cascade' if self.cascade else 'layered'} network"
            )
        self._batch_capacity = 0
        # derivatives that need z_l (gelu, swish, user pairs) and the buffers keeping z_l
        self._z_derivatives = [
            derivative_with_z(name) if needs_pre_activation(name) else None
            for name in self.activations
        ]
        self._z = [None] * len(self.activations)

    @staticmethod
    def _views(flat, coefs, intercepts):
        start, coef_views, intercept_views = 0, [], []
        for c in coefs:
            coef_views.append(flat[start : start + c.size].reshape(c.shape))
            start += c.size
        for b in intercepts:
            intercept_views.append(flat[start : start + b.size])
            start += b.size
        return coef_views, intercept_views

    def move_to(self, flat, flat_grad):
        """Keep the parameters (their current values) and gradient in the given vectors, of
        :attr:`flat`'s size and dtype: a model holding this network as a part (a convnet's head)
        gives it a slice of its own vector, so the whole model is one vector (the protocol of
        :mod:`zoo._core.solvers`)."""
        np.copyto(flat, self.flat)
        np.copyto(flat_grad, self.flat_grad)
        coefs, intercepts = self.coefs, self.intercepts  # _views reads their sizes and shapes
        self.flat, self.flat_grad = flat, flat_grad
        self.coefs, self.intercepts = self._views(flat, coefs, intercepts)
        self.coef_grads, self.intercept_grads = self._views(flat_grad, coefs, intercepts)
        self._scratch = None

    @property
    def dtype(self):
        return self.flat.dtype

    def allocate(self, batch_size):
        """Preallocate the per-layer activation and delta buffers for batches of ``batch_size``."""
        if batch_size <= self._batch_capacity:
            return
        self._a = [np.empty((batch_size, n), dtype=self.dtype) for n in self.layer_units]
        self._delta = [np.empty((batch_size, n), dtype=self.dtype) for n in self.layer_units[1:]]
        self._z = [
            None if derivative is None else np.empty((batch_size, n), dtype=self.dtype)
            for derivative, n in zip(self._z_derivatives, self.layer_units[1:])
        ]
        self._dropped = [
            np.empty((batch_size, n), dtype=self.dtype) for n in self.layer_units[1:-1]
        ]
        self._batch_capacity = batch_size

    def forward(self, X, buffers=None):
        """Output of the network for ``X``; ``buffers`` (list per layer) receive the activations."""
        return forward(
            X, self.coefs, self.intercepts, self.activations, buffers, cascade=self.cascade
        )

    def penalty(self, alpha, weight_sum):
        """alpha / (2 m) sum_l ||W_l||^2 (:func:`~zoo._core.penalties.l2_penalty`)."""
        return l2_penalty(alpha, self.coefs, weight_sum)

    def loss_value(self, X, Y, sample_weight=None, alpha=0.0, masks=None):
        """E for a batch, forward pass only (used by gradient-free solvers and validation);
        ``masks`` applies fixed dropout masks (see :meth:`loss_and_gradient`)."""
        if masks is None:
            output = self.forward(X)
        else:
            dropout = [None if m is None else (m, np.empty_like(m)) for m in masks] + [None]
            output = forward(
                X,
                self.coefs,
                self.intercepts,
                self.activations,
                dropout=dropout,
                cascade=self.cascade,
            )
        weight_sum = X.shape[0] if sample_weight is None else float(sample_weight.sum())
        return loss_function(self.loss)(Y, output, sample_weight) + self.penalty(alpha, weight_sum)

    def loss_and_gradient(self, X, Y, sample_weight=None, alpha=0.0, masks=None, input_delta=None):
        """E for a batch; its gradient is written into :attr:`flat_grad` (views ``coef_grads``,
        ``intercept_grads``).

        ``masks`` (one per hidden layer, an array of at least ``len(X)`` rows or None) are fixed
        inverted-dropout masks, see :func:`dropout_masks`: hidden layer l passes ``a_l * m_l`` on.
        ``input_delta`` (shape of ``X``), when given, receives dE/dX = delta_1 W_1^T: the error
        signal for layers below this network (a convolutional stack feeding it).
        """
        n = X.shape[0]
        self.allocate(n)
        a = [X] + [buffer[:n] for buffer in self._a[1:]]
        dropout = None
        if masks is not None:
            dropout = [None if m is None else (m, d) for m, d in zip(masks, self._dropped)] + [None]
        output = forward(
            X,
            self.coefs,
            self.intercepts,
            self.activations,
            self._a,
            self._z,
            dropout,
            self.cascade,
        )
        inputs = a  # the input of layer l is a_{l-1}; with dropout, the masked a~_{l-1}
        if masks is not None:
            inputs = [X] + [
                a[layer + 1] if pair is None else pair[1][:n]
                for layer, pair in enumerate(dropout[:-1])
            ]
        weight_sum = n if sample_weight is None else float(sample_weight.sum())
        loss = loss_function(self.loss)(Y, output, sample_weight) + self.penalty(alpha, weight_sum)

        last = len(self.coefs) - 1
        delta = output_delta(self.loss, self.activations[-1], Y, output, out=self._delta[last][:n])
        if sample_weight is not None:
            delta *= sample_weight[:, np.newaxis]  # delta_L = s * dE_i/dz_L
        # Back-propagation is linear in delta: dividing delta_L by m once makes every gradient
        # below come out already divided by m, with no extra pass over the weight gradients.
        delta *= 1.0 / weight_sum
        for layer in range(last, -1, -1):
            W = self.coefs[layer]
            grad_W, grad_b = self.coef_grads[layer], self.intercept_grads[layer]
            # grad_W = a_{l-1}^T (delta_l / m) + (alpha / m) W_l ; grad_b = 1^T (delta_l / m)
            # (numpy's BLAS only: scipy's gemm could fold the decay in with beta = 1, but scipy
            # loads a second OpenBLAS whose thread pool fights numpy's: see zoo._core.blas)
            if self.cascade:
                for k, rows in self._blocks(layer):  # grad_W_{l,k} = a_k^T (delta_l / m)
                    _matmul(inputs[k].T, delta, out=grad_W[rows])
            else:
                _matmul(inputs[layer].T, delta, out=grad_W)
            if alpha:
                if self._scratch is None:
                    self._scratch = [np.empty_like(c) for c in self.coefs]
                add_l2_gradient(grad_W, W, alpha, weight_sum, self._scratch[layer])
            np.sum(delta, axis=0, out=grad_b)
            if self.cascade and input_delta is not None:
                self._accumulate(delta, W[: X.shape[1]], input_delta, layer == last)
            if layer > 0:
                # delta_{l-1} = (delta_l W_l^T) * f'_{l-1}(z_{l-1})
                if self.cascade:
                    previous = self._cascade_back(layer, delta, n)
                else:
                    previous = np.matmul(delta, W.T, out=self._delta[layer - 1][:n])
                if masks is not None and masks[layer - 1] is not None:
                    previous *= masks[layer - 1][:n]  # d/da_l = m_l d/da~_l
                delta = self._hidden_derivative(layer - 1, a[layer], previous, n)
            elif input_delta is not None and not self.cascade:
                np.matmul(delta, W.T, out=input_delta)  # dE/dX = delta_1 W_1^T
        return loss

    def _blocks(self, layer):
        """(k, row slice of W_{l,k}) for each input a_k of cascade layer ``layer`` (0-based)."""
        offsets = self._row_offsets
        return [(k, slice(offsets[k], offsets[k + 1])) for k in range(layer + 1)]

    @staticmethod
    def _accumulate(delta, W, out, first):
        """out (+)= delta W^T: written by the first (topmost) layer, added by the others."""
        if first:
            np.matmul(delta, W.T, out=out)
        else:
            out += delta @ W.T

    def _cascade_back(self, layer, delta, n):
        """Send delta_l back to every hidden input a_k (k >= 1) of cascade layer ``layer``:
        dE/da_k += delta_l W_{l,k}^T, kept in the delta buffer of a_k, which the output layer
        writes first. Returns dE/da_{l-1}, complete (every later layer has added to it)."""
        first = layer == len(self.coefs) - 1
        W = self.coefs[layer]
        for k, rows in self._blocks(layer)[1:]:
            self._accumulate(delta, W[rows], self._delta[k - 1][:n], first)
        return self._delta[layer - 1][:n]

    def _hidden_derivative(self, layer, a, delta, n):
        """delta <- delta * f'_l(z_l) for layer ``layer``: from its output a_l, or from the z_l kept
        by the forward pass for the activations that need it."""
        derivative = self._z_derivatives[layer]
        if derivative is None:
            return DERIVATIVES[self.activations[layer]](a, delta)
        return derivative(self._z[layer][:n], a, delta)

    @property
    def n_penalised(self):
        """Number of weights under the L2 penalty: the coefficients, which come first in
        :attr:`flat` (the intercepts are not penalised)."""
        return sum(W.size for W in self.coefs)

    def gauss_newton(self, X, Y, sample_weight=None, out=None, chunk_rows=None):
        r"""The Gauss-Newton matrix of the data term, summed over samples:
        :math:`G = \sum_i s_i J_i^\top H_i J_i`, with :math:`J_i = \partial z_{L,i}/\partial\theta`
        and :math:`H_i = S_i S_i^\top` the loss's curvature in the output pre-activation
        (:func:`zoo._core.losses.gauss_newton_factor`: :math:`I` for squared error on a linear
        output, the classical :math:`J^\top J` of Levenberg-Marquardt).

        Rows :math:`\sqrt{s_i}\,S_{i,:r}^\top J_i` of the Jacobian are built by back-propagating
        :math:`\delta_L = \sqrt{s_i}\,S_{i,:r}` for every column r of S, all samples of a chunk at
        once (one GEMM per layer), then the per-sample weight rows
        :math:`a_{l-1,i}\otimes\delta_{l,i}`; each chunk of rows adds :math:`J_c^\top J_c` (a GEMM)
        into G. The Jacobian is never held whole: memory is ``chunk_rows x n_parameters`` plus G.

        Returns G as a float64 ``(n_parameters, n_parameters)`` array (written into ``out``).
        """
        G = np.zeros((self.flat.size,) * 2) if out is None else out
        self._gauss_newton(X, Y, sample_weight, G, chunk_rows)
        return G

    def gauss_newton_system(self, X, Y, sample_weight, G, gradient, chunk_rows=None):
        r"""One pass for a second-order step: G as :meth:`gauss_newton` (into ``G``), the data
        term's gradient :math:`\sum_i s_i \partial E_i/\partial\theta` (into ``gradient``, float64,
        same layout as :attr:`flat`) back-propagated from the same forward pass, chunk by chunk;
        returns the data term :math:`\sum_i s_i E_i`. All on the sum scale (not divided by m)."""
        return self._gauss_newton(X, Y, sample_weight, G, chunk_rows, gradient)

    def _gauss_newton(self, X, Y, sample_weight, G, chunk_rows, gradient=None):
        from .losses import gauss_newton_factor  # noqa: PLC0415 (losses imports activations only)

        n_samples, n_params = X.shape[0], self.flat.size
        G[...] = 0.0
        data = 0.0
        if gradient is not None:
            gradient[...] = 0.0
            gradient_coefs, gradient_intercepts = self._views(gradient, self.coefs, self.intercepts)
        n_outputs = self.layer_units[-1]
        if chunk_rows is None:
            chunk_rows = max(1, min(n_samples, (1 << 20) // max(n_params * n_outputs, 1)))
        self.allocate(chunk_rows)
        J = np.empty((chunk_rows * n_outputs, n_params))
        offsets = self._offsets()
        last = len(self.coefs) - 1
        for start in range(0, n_samples, chunk_rows):
            stop = min(start + chunk_rows, n_samples)
            n = stop - start
            Xc = X[start:stop]
            if hasattr(Xc, "toarray"):
                Xc = Xc.toarray()
            a = [Xc] + [buffer[:n] for buffer in self._a[1:]]
            output = forward(
                Xc,
                self.coefs,
                self.intercepts,
                self.activations,
                self._a,
                self._z,
                cascade=self.cascade,
            )
            factor = gauss_newton_factor(self.loss, self.activations[-1], output)  # (R, n, K)
            weights = None if sample_weight is None else sample_weight[start:stop]
            if weights is not None:
                factor = factor * np.sqrt(weights)[np.newaxis, :, np.newaxis]
            for r in range(factor.shape[0]):
                rows = J[r * n : (r + 1) * n]
                delta = self._delta[last][:n]
                np.copyto(delta, factor[r])  # delta_L = sqrt(s_i) S_{i,:r}
                for layer in range(last, -1, -1):
                    W = self.coefs[layer]
                    n_in, n_out = W.shape
                    # dz_L/dW_l for sample i: the outer product a_{l-1,i} (x) delta_{l,i}
                    block = rows[:, offsets[layer] : offsets[layer + 1]]
                    block.shape = (n, n_in, n_out)  # a view (raises rather than copy)
                    if self.cascade:  # dz_L/dW_{l,k}: a_{k,i} (x) delta_{l,i}
                        for k, inputs in self._blocks(layer):
                            np.multiply(
                                a[k][:, :, np.newaxis],
                                delta[:, np.newaxis, :],
                                out=block[:, inputs],
                            )
                    else:
                        np.multiply(a[layer][:, :, np.newaxis], delta[:, np.newaxis, :], out=block)
                    bias = offsets[len(self.coefs) + layer]
                    rows[:, bias : bias + n_out] = delta  # dz_L/db_l = delta_l
                    if layer > 0:
                        if self.cascade:
                            previous = self._cascade_back(layer, delta, n)
                        else:
                            previous = np.matmul(delta, W.T, out=self._delta[layer - 1][:n])
                        delta = self._hidden_derivative(layer - 1, a[layer], previous, n)
            used = J[: factor.shape[0] * n]
            G += used.T @ used  # G += J_c^T J_c
            if gradient is None:
                continue
            chunk_weight = n if weights is None else float(weights.sum())
            data += loss_function(self.loss)(Y[start:stop], output, weights) * chunk_weight
            delta = output_delta(
                self.loss, self.activations[-1], Y[start:stop], output, out=self._delta[last][:n]
            )
            if weights is not None:
                delta *= weights[:, np.newaxis]  # delta_L = s_i dE_i/dz_L
            for layer in range(last, -1, -1):
                # dE/dW_l += a_{l-1}^T delta_l ; dE/db_l += 1^T delta_l
                if self.cascade:
                    for k, inputs in self._blocks(layer):
                        gradient_coefs[layer][inputs] += a[k].T @ delta
                else:
                    gradient_coefs[layer] += a[layer].T @ delta
                gradient_intercepts[layer] += delta.sum(axis=0)
                if layer > 0:
                    if self.cascade:
                        previous = self._cascade_back(layer, delta, n)
                    else:
                        previous = np.matmul(
                            delta, self.coefs[layer].T, out=self._delta[layer - 1][:n]
                        )
                    delta = self._hidden_derivative(layer - 1, a[layer], previous, n)
        return data

    def _offsets(self):
        """Start of each layer's coefficients, then of each layer's intercepts, in :attr:`flat`."""
        if getattr(self, "_flat_offsets", None) is None:
            sizes = [W.size for W in self.coefs] + [b.size for b in self.intercepts]
            self._flat_offsets = np.cumsum([0, *sizes]).tolist()
        return self._flat_offsets


def dropout_masks(rates, n, rng, dtype, out=None):
    r"""Inverted-dropout masks for ``n`` samples (Srivastava et al. 2014): per hidden layer l with
    rate :math:`p_l > 0`, :math:`m_l = [u \ge p_l] / (1 - p_l)`, :math:`u \sim U(0, 1)` from
    ``rng``; None where :math:`p_l = 0`. Scaling by :math:`1/(1-p)` keeps :math:`E[a m] = a`, so
    prediction uses the network unchanged. ``out`` (previous masks) is reused when large enough.
    """
    masks = []
    for layer, (rate, units) in enumerate(rates):
        if rate == 0:
            masks.append(None)
            continue
        mask = None if out is None else out[layer]
        if mask is None or mask.shape[0] < n:
            mask = np.empty((n, units), dtype=dtype)
        keep = rng.random((n, units)) >= rate  # m = [u >= p]
        np.multiply(keep, 1.0 / (1.0 - rate), out=mask[:n], casting="unsafe")  # m / (1 - p)
        masks.append(mask[:n])
    return masks
