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

All parameters live in one flat vector (``coefs`` and ``intercepts`` are views into it), so an
optimizer updates the whole network with one fused in-place operation and L-BFGS needs no packing.
Per-batch buffers are allocated once per ``fit``; a training step allocates nothing.
"""

import numpy as np
import scipy.sparse as sp

from .activations import ACTIVATIONS, DERIVATIVES
from .blas import scaled_add
from .losses import LOSSES, l2_penalty, output_delta


def _matmul(a, b, out):
    """out = a @ b, in place for dense a; sparse a (CSR/CSC input) gets a copy."""
    if sp.issparse(a):
        out[...] = a @ b
        return out
    return np.matmul(a, b, out=out)


def forward(X, coefs, intercepts, activations, buffers=None):
    """a_L for ``X``: z_l = a_{l-1} W_l + b_l, a_l = f_l(z_l), layer by layer.

    ``buffers`` (one array per layer, at least ``len(X)`` rows) receive the activations in place;
    without them each layer allocates its output (prediction).
    """
    a = X
    for layer, (W, b, name) in enumerate(zip(coefs, intercepts, activations)):
        if buffers is None:
            z = np.asarray(a @ W)
        else:
            z = _matmul(a, W, buffers[layer + 1][: X.shape[0]])
        z += b  # z_l = a_{l-1} W_l + b_l
        a = ACTIVATIONS[name](z, out=z)  # a_l = f_l(z_l)
    return a


class FeedForwardNetwork:
    """Parameters and math of a layered perceptron.

    Parameters
    ----------
    coefs, intercepts : list of ndarray
        Initial weights ``W_l`` of shape ``(n_{l-1}, n_l)`` and biases ``b_l``; copied into one flat
        vector, of which :attr:`coefs` and :attr:`intercepts` are then views.
    activations : list of str
        One activation name per layer after the input (hidden layers then the output layer).
    loss : str
        A resolved loss name from :data:`zoo._core.losses.LOSSES`.
    """

    def __init__(self, coefs, intercepts, activations, loss):
        if len(activations) != len(coefs):
            raise ValueError("one activation per layer is required")
        self.activations = list(activations)
        self.loss = loss
        dtype = coefs[0].dtype
        sizes = [c.size for c in coefs] + [b.size for b in intercepts]
        self.flat = np.empty(sum(sizes), dtype=dtype)
        self.coefs, self.intercepts = self._views(self.flat, coefs, intercepts)
        for view, value in zip(self.coefs + self.intercepts, coefs + intercepts):
            view[...] = value
        self.flat_grad = np.zeros_like(self.flat)
        self.coef_grads, self.intercept_grads = self._views(self.flat_grad, coefs, intercepts)
        self._scratch = None  # weight-shaped buffers for the weight-decay term, made on demand
        self.layer_units = [coefs[0].shape[0]] + [c.shape[1] for c in coefs]
        self._batch_capacity = 0

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

    @property
    def dtype(self):
        return self.flat.dtype

    def allocate(self, batch_size):
        """Preallocate the per-layer activation and delta buffers for batches of ``batch_size``."""
        if batch_size <= self._batch_capacity:
            return
        self._a = [np.empty((batch_size, n), dtype=self.dtype) for n in self.layer_units]
        self._delta = [np.empty((batch_size, n), dtype=self.dtype) for n in self.layer_units[1:]]
        self._batch_capacity = batch_size

    def forward(self, X, buffers=None):
        """Output of the network for ``X``; ``buffers`` (list per layer) receive the activations."""
        return forward(X, self.coefs, self.intercepts, self.activations, buffers)

    def penalty(self, alpha, weight_sum):
        """alpha / (2 m) sum_l ||W_l||^2 (:func:`~zoo._core.losses.l2_penalty`)."""
        return l2_penalty(alpha, self.coefs, weight_sum)

    def loss_value(self, X, Y, sample_weight=None, alpha=0.0):
        """E for a batch, forward pass only (used by gradient-free solvers and validation)."""
        output = self.forward(X)
        weight_sum = X.shape[0] if sample_weight is None else float(sample_weight.sum())
        return LOSSES[self.loss](Y, output, sample_weight) + self.penalty(alpha, weight_sum)

    def loss_and_gradient(self, X, Y, sample_weight=None, alpha=0.0, input_delta=None):
        """E for a batch; its gradient is written into :attr:`flat_grad` (views ``coef_grads``,
        ``intercept_grads``).

        ``input_delta`` (shape of ``X``), when given, receives dE/dX = delta_1 W_1^T: the error
        signal for layers below this network (a convolutional stack feeding it).
        """
        n = X.shape[0]
        self.allocate(n)
        a = [X] + [buffer[:n] for buffer in self._a[1:]]
        output = self.forward(X, buffers=self._a)
        weight_sum = n if sample_weight is None else float(sample_weight.sum())
        loss = LOSSES[self.loss](Y, output, sample_weight) + self.penalty(alpha, weight_sum)

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
            _matmul(a[layer].T, delta, out=grad_W)
            if alpha:
                if self._scratch is None:
                    self._scratch = [np.empty_like(c) for c in self.coefs]
                scaled_add(grad_W, alpha / weight_sum, W, self._scratch[layer])
            np.sum(delta, axis=0, out=grad_b)
            if layer > 0:
                # delta_{l-1} = (delta_l W_l^T) * f'_{l-1}(z_{l-1})
                previous = np.matmul(delta, W.T, out=self._delta[layer - 1][:n])
                delta = DERIVATIVES[self.activations[layer - 1]](a[layer], previous)
            elif input_delta is not None:
                np.matmul(delta, W.T, out=input_delta)  # dE/dX = delta_1 W_1^T
        return loss
