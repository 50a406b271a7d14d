r"""Convolution and pooling as matrix products, and the convolutional network built from them
(LeCun, Bottou, Bengio & Haffner 1998): weight sharing, the second way to train deep networks.

Images are channels last: a batch is :math:`X` of shape ``(N, H, W, C)``.

**Convolution** (strictly a cross-correlation, as in every convnet library). A layer has kernels
:math:`K` of shape ``(kh, kw, C, F)``, biases :math:`b` (``F``), stride :math:`s` and zero padding
(top, bottom, left, right) giving :math:`X_p` of shape ``(N, H_p, W_p, C)``; then
:math:`H_o = \lfloor (H_p - k_h)/s \rfloor + 1` (likewise :math:`W_o`) and

.. math::  z_{n,i,j,f} = b_f + \sum_{u,v,c} X_{p;\,n,\,si+u,\,sj+v,\,c}\; K_{u,v,c,f}.

*im2col* gathers each receptive field into one row,
:math:`\mathrm{cols}_{(n,i,j),(u,v,c)} = X_{p;\,n,\,si+u,\,sj+v,\,c}` — one strided copy through a
numpy stride-tricks view, no loop over pixels or samples — so the layer is ONE matrix product per
minibatch, whose output rows are already ``(N, H_o, W_o, F)``:

.. math::  Z = \mathrm{cols}\,K_{(k_h k_w C)\times F} + \mathbf 1 b^\top .

Back-propagation, with :math:`\Delta = \partial E/\partial Z` of shape ``(N H_o W_o, F)``:

.. math::

    \nabla_K E = \mathrm{cols}^\top \Delta, \qquad \nabla_b E = \mathbf 1^\top \Delta, \qquad
    \partial E/\partial\,\mathrm{cols} = \Delta K^\top,

and *col2im* scatters the last back onto the image, :math:`\partial E/\partial X_{p;\,n,\,si+u,\,
sj+v,\,c} \mathrel{+}= (\partial E/\partial\,\mathrm{cols})_{(n,i,j),(u,v,c)}`: a sum over the
:math:`k_h k_w` kernel offsets of strided slices (again no loop over pixels or samples).

**Pooling** over non-overlapping :math:`p_h\times p_w` windows (stride = window; rows and columns
left over at the bottom/right edge are dropped, as in every library's default "floor" mode):

.. math::

    \text{max:}\; y_{n,i,j,c} = \max_{u<p_h,\,v<p_w} a_{n,\,p_h i+u,\,p_w j+v,\,c}, \qquad
    \text{average:}\; y_{n,i,j,c} = \frac{1}{p_h p_w}\sum_{u,v} a_{n,\,p_h i+u,\,p_w j+v,\,c}.

The gradient of max pooling flows to the window's arg-max only (the first one on ties, e.g. the
zeros of a ReLU map); that of average pooling is :math:`\partial E/\partial y` spread evenly,
divided by :math:`p_h p_w`.

**The network**: convolution layers ``conv -> activation -> pool`` feeding a
:class:`~zoo._core.network.FeedForwardNetwork` head on the flattened last map; the head's
back-propagation hands back :math:`\partial E/\partial(\text{features})` and the convolution
layers carry it down. The weight decay :math:`\frac{\alpha}{2m}\sum\lVert K_l\rVert^2` of the
kernels is :func:`~zoo._core.losses.l2_penalty`.

Memory: every per-batch array (padded inputs, im2col matrices, activations, pooling masks and
arg-maxes) is allocated once per ``fit`` for the largest minibatch and reused; the im2col
buffer of a layer doubles as the buffer of :math:`\partial E/\partial\,\mathrm{cols}` in the
backward pass. A training step allocates nothing of the size of a batch except temporaries of
numpy's elementwise calls.
"""

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .activations import ACTIVATIONS, DERIVATIVES
from .blas import scaled_add
from .losses import LOSSES, l2_penalty

POOLINGS = ("max", "average")


# ============================================================================ geometry


@dataclass(frozen=True)
class ConvGeometry:
    """Shapes of one ``conv -> activation -> pool`` layer for an input map ``(H, W, C)``."""

    in_shape: tuple  # (H, W, C)
    filters: int  # F
    kernel: tuple  # (kh, kw)
    stride: int
    pads: tuple  # (top, bottom, left, right)
    pool: tuple  # (ph, pw), 1 x 1 = no pooling

    @property
    def padded_shape(self):
        H, W, C = self.in_shape
        top, bottom, left, right = self.pads
        return H + top + bottom, W + left + right, C

    @property
    def conv_shape(self):
        Hp, Wp, _ = self.padded_shape
        kh, kw = self.kernel
        return (Hp - kh) // self.stride + 1, (Wp - kw) // self.stride + 1, self.filters

    @property
    def out_shape(self):
        Ho, Wo, F = self.conv_shape
        return Ho // self.pool[0], Wo // self.pool[1], F

    @property
    def n_parameters(self):
        return self.kernel[0] * self.kernel[1] * self.in_shape[2] * self.filters + self.filters

    def flops(self, n_samples):
        """Multiply-adds x 2 of the layer's forward GEMM for ``n_samples`` images."""
        Ho, Wo, F = self.conv_shape
        kh, kw = self.kernel
        return 2.0 * n_samples * Ho * Wo * kh * kw * self.in_shape[2] * F


def _same_padding(size, kernel, stride):
    """Zero padding so that the output has ceil(size / stride) positions (split before/after)."""
    n_out = -(-size // stride)
    total = max((n_out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def conv_geometry(in_shape, filters, kernel, stride=1, padding="same", pool=(2, 2), layer=0):
    """The :class:`ConvGeometry` of a layer; ``padding`` is "same", "valid" or a pixel count.

    A pooling window larger than the convolution's output map is shrunk to the map (a one-pixel
    high image is pooled along its width only). A kernel larger than the padded map is an error.
    """
    H, W, C = in_shape
    kh, kw = kernel
    if padding == "same":
        pads = _same_padding(H, kh, stride) + _same_padding(W, kw, stride)
    elif padding == "valid":
        pads = (0, 0, 0, 0)
    else:
        pads = (int(padding),) * 4
    if H + pads[0] + pads[1] < kh or W + pads[2] + pads[3] < kw:
        raise ValueError(
            f"Convolution layer {layer}: the {kh}x{kw} kernel is larger than its "
            f"{H + pads[0] + pads[1]}x{W + pads[2] + pads[3]} (padded) input map; use "
            "padding='same', a smaller kernel_size or fewer layers."
        )
    geometry = ConvGeometry(tuple(in_shape), int(filters), (kh, kw), int(stride), pads, (1, 1))
    Ho, Wo, _ = geometry.conv_shape
    pool = (max(1, min(pool[0], Ho)), max(1, min(pool[1], Wo)))
    return ConvGeometry(tuple(in_shape), int(filters), (kh, kw), int(stride), pads, pool)


# ============================================================================ the layer operations


def im2col(Xp, kernel, stride, out):
    """cols[(n,i,j), (u,v,c)] = Xp[n, s i + u, s j + v, c], written into ``out``.

    ``Xp`` is a (padded) batch ``(N, Hp, Wp, C)``; ``out`` has ``N Ho Wo`` rows and ``kh kw C``
    columns. The receptive fields are a read-only strided view of ``Xp`` (no copy); the one copy
    is into ``out``.
    """
    N, Hp, Wp, C = Xp.shape
    kh, kw = kernel
    Ho, Wo = (Hp - kh) // stride + 1, (Wp - kw) // stride + 1
    sN, sH, sW, sC = Xp.strides
    fields = as_strided(
        Xp,
        shape=(N, Ho, Wo, kh, kw, C),
        strides=(sN, stride * sH, stride * sW, sH, sW, sC),
        writeable=False,
    )
    np.copyto(out.reshape(N, Ho, Wo, kh, kw, C), fields)
    return out


def col2im(dcols_t, kernel, stride, out):
    """dXp[n, s i + u, s j + v, c] = sum of dcols[(n,i,j), (u,v,c)] over the fields holding it.

    Takes the TRANSPOSED matrix ``dcols_t`` = dcols^T, shape ``(kh kw C, N Ho Wo)`` (the GEMM
    K dZ^T writes it directly), and accumulates channels first: ``out`` is the ``(C, N, Hp, Wp)``
    gradient of the padded input. The sum runs over the ``kh kw`` kernel offsets, each one
    strided add of a whole ``(C, N, Ho, Wo)`` block whose rows are contiguous on both sides
    (channels-last accumulation, with runs of C values, was measured 2-4x slower).
    """
    C, N, Hp, Wp = out.shape
    kh, kw = kernel
    Ho, Wo = (Hp - kh) // stride + 1, (Wp - kw) // stride + 1
    fields = dcols_t.reshape(kh, kw, C, N, Ho, Wo)
    out[...] = 0
    for u in range(kh):
        for v in range(kw):
            # dXp[c, :, u + s i, v + s j] += dcols[(:, i, j), (u, v, c)]
            rows = slice(u, u + stride * (Ho - 1) + 1, stride)
            columns = slice(v, v + stride * (Wo - 1) + 1, stride)
            out[:, :, rows, columns] += fields[u, v]
    return out


def _window_offsets(A, pool):
    """The ph pw views a[:, ph i + u, pw j + v, :] over (i, j), one per window offset (u, v).

    Pooling as ph pw elementwise passes over these strided views is several times faster than a
    reduction over a trailing window axis of 4 values (numpy's per-output reduction overhead).
    Rows and columns beyond the last whole window are left out (floor mode).
    """
    N, H, W, C = A.shape
    ph, pw = pool
    Hq, Wq = H // ph, W // pw
    return [
        A[:, u : u + ph * (Hq - 1) + 1 : ph, v : v + pw * (Wq - 1) + 1 : pw]
        for u in range(ph)
        for v in range(pw)
    ]


def max_pool(A, pool, out, argmax, mask):
    """y = max over each window; ``argmax`` records the winner's offset u pw + v (the first one
    on ties) for the backward pass; ``mask`` is a boolean scratch of the output's shape."""
    views = _window_offsets(A, pool)
    np.copyto(out, views[0])
    argmax[...] = 0
    for k in range(1, len(views)):
        np.greater(views[k], out, out=mask)  # strictly greater: ties keep the first
        np.copyto(argmax, k, where=mask)
        np.maximum(out, views[k], out=out)
    return out


def max_pool_backward(dY, pool, out, argmax, mask):
    """dA = dY at each window's arg-max, 0 elsewhere."""
    _zero_edges(out, pool)
    for k, view in enumerate(_window_offsets(out, pool)):
        np.equal(argmax, k, out=mask)
        np.multiply(dY, mask, out=view)  # dA[offset k] = dY [k == argmax]
    return out


def average_pool(A, pool, out):
    """y = (1 / (ph pw)) sum over each window."""
    views = _window_offsets(A, pool)
    np.copyto(out, views[0])
    for view in views[1:]:
        out += view
    out *= 1.0 / (pool[0] * pool[1])
    return out


def average_pool_backward(dY, pool, out):
    """dA = dY / (ph pw) on every pixel of the window."""
    _zero_edges(out, pool)
    for view in _window_offsets(out, pool):
        np.multiply(dY, 1.0 / (pool[0] * pool[1]), out=view)
    return out


def _zero_edges(dA, pool):
    """Rows/columns dropped by floor-mode pooling get no gradient."""
    N, H, W, C = dA.shape
    if H % pool[0]:
        dA[:, H - H % pool[0] :] = 0
    if W % pool[1]:
        dA[:, :, W - W % pool[1] :] = 0


# ============================================================================ the network


class ConvolutionalNetwork:
    """Convolution layers (``conv -> activation -> pool``) feeding a feed-forward head.

    Parameters
    ----------
    kernels, kernel_biases : list of ndarray
        Initial ``K_l`` of shape ``(kh, kw, C, F)`` and ``b_l`` of shape ``(F,)``; copied into one
        flat vector, of which :attr:`kernels` and :attr:`kernel_biases` are then views.
    geometries : list of ConvGeometry
    activations : list of str
        One activation name per convolution layer.
    pooling : {"max", "average"}
    head : FeedForwardNetwork
        Reads the flattened ``(Hq, Wq, F)`` map of the last layer.
    """

    def __init__(self, kernels, kernel_biases, geometries, activations, pooling, head):
        if pooling not in POOLINGS:
            raise ValueError(f"Unknown pooling {pooling!r}; valid poolings are {list(POOLINGS)}.")
        self.geometries = list(geometries)
        self.activations = list(activations)
        self.pooling = pooling
        self.head = head
        arrays = list(kernels) + list(kernel_biases)
        self.flat = np.empty(sum(a.size for a in arrays), dtype=head.dtype)
        self.flat_grad = np.zeros_like(self.flat)
        self.kernels, self.kernel_biases = self._views(self.flat)
        self.kernel_grads, self.bias_grads = self._views(self.flat_grad)
        for view, value in zip(self.kernels + self.kernel_biases, arrays):
            view[...] = value
        self._scratch = [np.empty_like(K) for K in self.kernels]
        self._capacity = 0

    def _views(self, flat):
        start, kernel_views, bias_views = 0, [], []
        for g in self.geometries:
            shape = (*g.kernel, g.in_shape[2], g.filters)
            size = int(np.prod(shape))
            kernel_views.append(flat[start : start + size].reshape(shape))
            start += size
        for g in self.geometries:
            bias_views.append(flat[start : start + g.filters])
            start += g.filters
        return kernel_views, bias_views

    @property
    def params(self):
        """Every trainable array (for an optimizer): the kernels' flat vector, then the head's."""
        return [self.flat, self.head.flat]

    @property
    def grads(self):
        return [self.flat_grad, self.head.flat_grad]

    @property
    def dtype(self):
        return self.flat.dtype

    @property
    def n_parameters(self):
        return self.flat.size + self.head.flat.size

    # ------------------------------------------------------------------ buffers
    def allocate(self, batch_size):
        """Preallocate every per-batch array for minibatches of up to ``batch_size`` images."""
        if batch_size <= self._capacity:
            return
        n, dtype = batch_size, self.dtype
        self._padded, self._cols, self._act, self._pooled = [], [], [], []
        self._mask, self._argmax, self._dact, self._dpadded = [], [], [], []
        for layer, g in enumerate(self.geometries):
            Hp, Wp, C = g.padded_shape
            Ho, Wo, F = g.conv_shape
            Hq, Wq, _ = g.out_shape
            padded = any(g.pads)
            # borders are zeroed once here and never written again
            self._padded.append(np.zeros((n, Hp, Wp, C), dtype) if padded else None)
            self._cols.append(np.empty((n * Ho * Wo, g.kernel[0] * g.kernel[1] * C), dtype))
            self._act.append(np.empty((n * Ho * Wo, F), dtype))
            pools = g.pool != (1, 1)
            self._pooled.append(np.empty((n, Hq, Wq, F), dtype) if pools else None)
            maxes = pools and self.pooling == "max"
            self._mask.append(np.empty((n, Hq, Wq, F), bool) if maxes else None)
            self._argmax.append(np.empty((n, Hq, Wq, F), np.int32) if maxes else None)
            self._dact.append(np.empty((n, Ho, Wo, F), dtype) if pools else None)
            self._dpadded.append(np.empty((C, n, Hp, Wp), dtype) if layer > 0 else None)
        Hq, Wq, F = self.geometries[-1].out_shape
        self._feature_delta = np.empty((n, Hq * Wq * F), dtype)
        self.head.allocate(n)
        self._capacity = batch_size

    # ------------------------------------------------------------------ forward
    def _features(self, X):
        """The flattened last map for a batch X (n, H, W, C), in the preallocated buffers."""
        n = X.shape[0]
        a = X
        for layer, g in enumerate(self.geometries):
            H, W, _ = g.in_shape
            Ho, Wo, F = g.conv_shape
            top, _, left, _ = g.pads
            if self._padded[layer] is not None:
                Xp = self._padded[layer][:n]
                Xp[:, top : top + H, left : left + W] = a  # zero padding (borders stay 0)
            else:
                Xp = a
            cols = im2col(Xp, g.kernel, g.stride, out=self._cols[layer][: n * Ho * Wo])
            K = self.kernels[layer].reshape(-1, F)
            Z = np.matmul(cols, K, out=self._act[layer][: n * Ho * Wo])  # Z = cols K
            Z += self.kernel_biases[layer]  # + 1 b^T
            A = ACTIVATIONS[self.activations[layer]](Z, out=Z).reshape(n, Ho, Wo, F)
            if g.pool == (1, 1):
                a = A
            elif self.pooling == "max":
                a = max_pool(
                    A,
                    g.pool,
                    self._pooled[layer][:n],
                    self._argmax[layer][:n],
                    self._mask[layer][:n],
                )
            else:
                a = average_pool(A, g.pool, self._pooled[layer][:n])
        return a.reshape(n, -1)

    def forward(self, X):
        """Output of the network for images X (n, H, W, C), computed a buffer's batch at a time."""
        batch = max(self._capacity, 1)
        if self._capacity == 0:
            self.allocate(min(X.shape[0], 256))
            batch = self._capacity
        outputs = [
            self.head.forward(self._features(X[start : start + batch]))
            for start in range(0, X.shape[0], batch)
        ]
        return outputs[0] if len(outputs) == 1 else np.concatenate(outputs)

    def loss_value(self, X, Y, sample_weight=None, alpha=0.0):
        """E for a batch, forward pass only."""
        output = self.forward(X)
        weight_sum = X.shape[0] if sample_weight is None else float(sample_weight.sum())
        penalty = l2_penalty(alpha, self.kernels + self.head.coefs, weight_sum)
        return LOSSES[self.head.loss](Y, output, sample_weight) + penalty

    # ------------------------------------------------------------------ backward
    def loss_and_gradient(self, X, Y, sample_weight=None, alpha=0.0):
        """E for a minibatch X (n, H, W, C); its gradient goes into :attr:`flat_grad` and the
        head's ``flat_grad``."""
        n = X.shape[0]
        self.allocate(n)
        features = self._features(X)
        delta = self._feature_delta[:n]
        # the head back-propagates down to its input: delta = dE/d(features), already / m
        loss = self.head.loss_and_gradient(features, Y, sample_weight, alpha, input_delta=delta)
        weight_sum = n if sample_weight is None else float(sample_weight.sum())
        loss += l2_penalty(alpha, self.kernels, weight_sum)
        d = delta.reshape(n, *self.geometries[-1].out_shape)  # dE/d(pooled map)
        for layer in range(len(self.geometries) - 1, -1, -1):
            g = self.geometries[layer]
            Ho, Wo, F = g.conv_shape
            if g.pool == (1, 1):
                dA = d
            elif self.pooling == "max":
                dA = max_pool_backward(
                    d,
                    g.pool,
                    self._dact[layer][:n],
                    self._argmax[layer][:n],
                    self._mask[layer][:n],
                )
            else:
                dA = average_pool_backward(d, g.pool, self._dact[layer][:n])
            A = self._act[layer][: n * Ho * Wo]
            dZ = np.ascontiguousarray(dA).reshape(-1, F)
            dZ = DERIVATIVES[self.activations[layer]](A, dZ)  # Delta = dE/dA * f'(Z)
            cols = self._cols[layer][: n * Ho * Wo]
            grad_K = self.kernel_grads[layer].reshape(-1, F)
            np.matmul(cols.T, dZ, out=grad_K)  # grad_K = cols^T Delta (+ alpha/m K)
            if alpha:
                scaled_add(
                    grad_K,
                    alpha / weight_sum,
                    self.kernels[layer].reshape(-1, F),
                    self._scratch[layer].reshape(-1, F),
                )
            np.sum(dZ, axis=0, out=self.bias_grads[layer])  # grad_b = 1^T Delta
            if layer > 0:
                # (dE/dcols)^T = K Delta^T, into the im2col buffer (cols is no longer needed)
                K = self.kernels[layer].reshape(-1, F)
                dcols_t = np.matmul(
                    K, dZ.T, out=cols.reshape(-1)[: cols.size].reshape(K.shape[0], -1)
                )
                dXp = col2im(dcols_t, g.kernel, g.stride, out=self._dpadded[layer][:, :n])
                H, W, _ = g.in_shape
                top, _, left, _ = g.pads
                # crop the padding; back to (n, H, W, C) as a view
                d = dXp[:, :, top : top + H, left : left + W].transpose(1, 2, 3, 0)
        return loss
