r"""The radial basis function layer and the gradient of RBF fine-tuning.

A radial layer maps :math:`x` to :math:`h_j(x) = \varphi(q_j)`, :math:`q_j = \lVert x -
c_j\rVert^2/\sigma_j^2` (:func:`radial_layer`). Fine-tuning (Schwenker, Kestler & Palm 2001,
phase 3) trains centres, log-widths and the linear output layer :math:`o = hW + b` jointly on

.. math:: E = \frac{1}{2m}\sum_i\lVert o_i - t_i\rVert^2 + \frac{\alpha}{2n}\lVert W\rVert^2 ;

with :math:`\delta_i = (o_i - t_i)/m` on a batch of :math:`m`:
:math:`\partial E/\partial W = H^\top\delta + \frac{\alpha}{n}W`,
:math:`\partial E/\partial q_{ij} = (\delta W^\top)_{ij}\varphi'(q_{ij})`,
:math:`\partial E/\partial c_j = -\frac{2}{\sigma_j^2}\sum_i \partial E/\partial q_{ij}\,
(x_i - c_j)` and :math:`\partial E/\partial\log\sigma_j = -2\sum_i \partial E/\partial
q_{ij}\,q_{ij}` (:func:`radial_loss_and_gradients`).

A full-batch solver (:mod:`zoo._core.solvers`) needs the parameters in one vector:
:func:`~zoo._core.problems.flat_views` lays them end to end (centres, log-widths, :math:`W`,
:math:`b`) with the arrays as views, and :func:`radial_full_batch` gives the objective over the
whole training set (:math:`m = n`) in chunks of rows, exactly: chunk :math:`c` of :math:`m_c` rows
contributes its batch objective and gradients with weight :math:`m_c/n`, and the weights sum to 1,
so the ridge term is counted once.

With sample weights :math:`w_i` (``sample_weight``) the objective is the weighted one,

.. math:: E = \frac{1}{2\sum_i w_i}\sum_i w_i\lVert o_i - t_i\rVert^2
          + \frac{\alpha}{2\sum_i w_i}\lVert W\rVert^2

(``ridge = alpha / sum w``), whose integer weights are repetitions of the rows: on a batch
:math:`\delta_i = w_i(o_i - t_i)/\sum_{i \in \text{batch}} w_i`, the gradients above unchanged,
and a chunk's share of the full batch is its weight over the total.
"""

import numpy as np

from .distances import row_chunks, squared_euclidean
from .kernels import KERNELS, get_kernel
from .losses import output_delta, squared_error
from .penalties import add_l2_gradient, l2_penalty

#: Kernels that vanish as q grows: phi(inf) = 0 is their exact limit. The others grow with q.
DECAYING_KERNELS = ("gaussian", "inverse_multiquadric")


def radial_layer(X, C, widths, kernel, C_sq=None, out=None):
    """h_ij = phi(||x_i - c_j||^2 / sigma_j^2): the hidden layer's output for the rows of X.

    A width far below a distance makes q overflow to inf: a decaying kernel then gives its limit
    0; a growing one (multiquadric, thin-plate spline) has no usable value there: beyond
    ``sqrt(max) * 1e-8`` of the dtype the output layer's H^T H (a sum of squares over up to 1e16
    rows) would overflow, and a ValueError names the widths."""
    H = squared_euclidean(X, C, C_sq=C_sq, out=out)
    with np.errstate(over="ignore"):
        H /= np.square(widths)  # q_ij = d_ij / sigma_j^2
        H = KERNELS[kernel](H, out=H)
    if kernel in DECAYING_KERNELS or H.size == 0:
        return H
    limit = float(np.sqrt(np.finfo(H.dtype).max)) * 1e-8
    if not max(float(H.max()), -float(H.min())) <= limit:  # also catches inf and NaN
        raise ValueError(
            f"The {kernel} kernel of r**2 / width**2 overflows {H.dtype.name}: the widths "
            f"(width, width_scale; smallest {float(np.min(widths)):.3g}) are too small for the "
            "distances between X and the centres. Choose larger widths or scale X."
        )
    return H


class RadialBuffers:
    """Per-batch work arrays of :func:`radial_loss_and_gradients`, allocated once per fit."""

    def __init__(self, batch_size, n_centers, n_outputs, dtype):
        self.Q = np.empty((batch_size, n_centers), dtype=dtype)
        self.H = np.empty_like(self.Q)
        self.dQ = np.empty_like(self.Q)
        self.O = np.empty((batch_size, n_outputs), dtype=dtype)


def radial_loss_and_gradients(
    X, X_sq, T, params, grads, kernel, ridge, buffers=None, sample_weight=None
):
    r"""Fine-tuning objective on a batch and its gradients, written into ``grads`` in place.

    ``params = [C, log_widths, W, b]`` (``W`` of shape (k, n_outputs)) and ``grads`` alike;
    ``ridge = alpha / n`` for a training set of ``n``. Returns
    :math:`\frac{1}{2m}\sum_i\lVert o_i - t_i\rVert^2 + \frac{\alpha}{2n}\lVert W\rVert^2`;
    with ``sample_weight`` (the batch's, not all zero) the weighted mean
    :math:`\frac{1}{2\sum w}\sum_i w_i\lVert o_i - t_i\rVert^2` and ``ridge = alpha / sum w``
    over the training set.
    """
    C, log_widths, W, b = params
    grad_C, grad_log_widths, grad_W, grad_b = grads
    m = X.shape[0]
    if buffers is None:
        buffers = RadialBuffers(m, W.shape[0], W.shape[1], X.dtype)
    phi, dphi_dq = get_kernel(kernel)
    inverse_sq_widths = np.exp(-2 * log_widths)  # 1 / sigma^2
    Q = squared_euclidean(X, C, X_sq, out=buffers.Q[:m])
    Q *= inverse_sq_widths  # q_ij = d_ij / sigma_j^2
    H = phi(Q, out=buffers.H[:m])  # h_ij = phi(q_ij)
    O = np.matmul(H, W, out=buffers.O[:m])
    O += b  # o = h W + b
    loss = squared_error(T, O, sample_weight) + l2_penalty(ridge, [W], 1)
    delta = output_delta("squared_error", "identity", T, O, out=O)
    if sample_weight is None:
        delta /= m  # delta = (o - t) / m
    else:
        # delta_i = w_i (o_i - t_i) / sum_batch w
        delta *= (sample_weight / sample_weight.sum())[:, np.newaxis]
    np.matmul(H.T, delta, out=grad_W)
    add_l2_gradient(grad_W, W, ridge)  # dE/dW = H^T delta + alpha/n W
    delta.sum(axis=0, out=grad_b)  # dE/db = sum_i delta_i
    dQ = dphi_dq(Q, H, out=buffers.dQ[:m])
    dQ *= delta @ W.T  # dE/dq_ij = (delta W^T)_ij phi'(q_ij)
    # dE/dlog sigma_j = -2 sum_i dE/dq_ij q_ij
    np.einsum("ij,ij->j", dQ, Q, out=grad_log_widths)
    grad_log_widths *= -2
    dQ *= inverse_sq_widths  # dE/dd_ij = dE/dq_ij / sigma_j^2
    # dE/dc_j = -2 sum_i dE/dd_ij (x_i - c_j) = -2 (dD^T X)_j + 2 c_j sum_i dE/dd_ij
    np.matmul(dQ.T, X, out=grad_C)
    grad_C *= -2
    grad_C += 2 * dQ.sum(axis=0)[:, np.newaxis] * C
    return loss


def radial_full_batch(
    X, X_sq, T, params, gradient, scratch, kernel, ridge, buffers, sample_weight=None
):
    """:func:`radial_loss_and_gradients` over every row of X, in the chunks of rows that
    ``buffers`` holds (bounded memory), each chunk's objective and gradients weighted by its share
    of the rows (of the total ``sample_weight`` when given; a chunk of weight 0 adds nothing).
    The gradient goes into the flat vector ``gradient`` (the layout of
    :func:`~zoo._core.problems.flat_views` over ``params``); ``scratch`` is another such
    ``(vector, views)`` pair, a chunk's gradients. Returns the objective."""
    n = X.shape[0]
    chunk_gradient, chunk_views = scratch
    gradient.fill(0)
    loss = 0.0
    total = None if sample_weight is None else float(sample_weight.sum())
    for rows in row_chunks(n, buffers.Q.shape[1], budget=buffers.Q.size):
        weights = None
        if sample_weight is None:
            share = (rows.stop - rows.start) / n
        else:
            weights = sample_weight[rows]
            share = float(weights.sum()) / total
            if share == 0:
                continue
        chunk_loss = radial_loss_and_gradients(
            X[rows], X_sq[rows], T[rows], params, chunk_views, kernel, ridge, buffers, weights
        )
        loss += share * chunk_loss
        gradient += share * chunk_gradient
    return loss
