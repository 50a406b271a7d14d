r"""Convolution and pooling as matrix products, and the convolutional network built from them
(LeCun, Bottou, Bengio & Haffner 1998): weight sharing, the second way to train deep networks.

The estimators hand over images channels last, ``(N, H, W, C)``; inside, every map is channels
FIRST, ``(C, N, H, W)``, so that a row of an image is a contiguous run of pixels (with 1 or 6
channels, channels-last runs are only 1-30 values long, which numpy copies and pools slowly) and
the patch matrix comes out transposed, the orientation in which BLAS runs these thin products
fastest (``benchmarks/bench_conv.py`` times the layers' GEMMs).

**Convolution** (strictly a cross-correlation, as in every convnet library). A layer has kernels
:math:`K` of shape ``(kh, kw, C, F)``, biases :math:`b` (``F``), stride :math:`s` and zero padding
(top, bottom, left, right) giving :math:`X_p` of shape ``(C, N, H_p, W_p)``; then
:math:`H_o = \lfloor (H_p - k_h)/s \rfloor + 1` (likewise :math:`W_o`) and

.. math::  z_{f,n,i,j} = b_f + \sum_{u,v,c} K_{u,v,c,f}\; X_{p;\,c,\,n,\,si+u,\,sj+v}.

*im2col* gathers the receptive fields into the columns of the patch matrix,
:math:`P_{(u,v,c),(n,i,j)} = X_{p;\,c,\,n,\,si+u,\,sj+v}`, so the layer is ONE matrix product
per minibatch whose output is already the channels-first map:

.. math::  Z = K_{(k_h k_w C)\times F}^\top P + b\,\mathbf 1^\top .

*The grid.* For stride 1 the positions :math:`(i, j)` run over a grid of :math:`H_o` rows and
:math:`W_g \ge W_p` columns, :math:`W_g` being the padded buffer's row length (:math:`W_p`
rounded up to a multiple of the pool width). Then the pixel under kernel offset :math:`(u, v)`
sits at flat index :math:`(i+u) W_g + j + v = (u W_g + v) + (i W_g + j)` of an image: the patch
row of offset :math:`(u, v)` is ONE contiguous slice of each padded image, shifted by
:math:`u W_g + v`, and im2col is :math:`k_h k_w` slice copies (col2im :math:`k_h k_w` slice adds)
of runs of :math:`H_o W_g` values, instead of copies of runs of :math:`k_w C` values. The
columns :math:`W_o \le j < W_g` hold pixels of the next row (finite values, computed and never
used): they cost :math:`W_g / W_o - 1` extra flops (18/14 on LeNet's 14x14 maps), less than the
short-run copies they replace. Their back-propagated :math:`\Delta` is kept exactly 0. For
strides > 1, and on small maps where the extra columns would be more than a third of them, the
grid is :math:`W_o` wide and the copies are strided.

Back-propagation, with :math:`\Delta = \partial E/\partial Z` of shape ``(F, N H_o W_g)``:

.. math::

    \nabla_K E = P \Delta^\top, \qquad \nabla_b E = \Delta\,\mathbf 1, \qquad
    \partial E/\partial P = K \Delta,

and *col2im* adds the last back onto the image, :math:`\partial E/\partial X_{p;\,c,\,n,\,si+u,\,
sj+v} \mathrel{+}= (\partial E/\partial P)_{(u,v,c),(n,i,j)}`: a sum over the :math:`k_h k_w`
kernel offsets of slices (no ``np.add.at``, no loop over pixels or samples). The first layer's
input gradient is never formed.

**Pooling** over non-overlapping :math:`p_h\times p_w` windows (stride = window; rows and columns
left over at the bottom/right edge are dropped, as in every library's default "floor" mode),
in two passes, along the rows then along the columns:

.. math::

    \text{max:}\; y_{c,n,i,j} = \max_{u<p_h} \max_{v<p_w} a_{c,\,n,\,p_h i+u,\,p_w j+v}, \qquad
    \text{average:}\; y_{c,n,i,j} = \frac{1}{p_h p_w}\sum_{u}\sum_{v} a_{c,\,n,\,p_h i+u,\,p_w j+v}.

The first pass runs over the whole grid as one strided sweep (a 1-D run of numpy's loop). The
gradient of max pooling flows to the window's arg-max only: each pass records the offset of the
first maximum, which together pick the window's first maximum in row-major order (the zeros of a
ReLU map tie); that of average pooling is :math:`\partial E/\partial y` spread evenly, divided by
:math:`p_h p_w`.

**The network**: convolution layers ``conv -> activation -> pool`` feeding a
:class:`~zoo._core.network.FeedForwardNetwork` head on the last map flattened channels last
(``(N, H, W, C)`` order, the head's input layout); the head's back-propagation hands back
:math:`\partial E/\partial(\text{features})` and the convolution layers carry it down. The weight
decay :math:`\frac{\alpha}{2m}\sum\lVert K_l\rVert^2` of the kernels is
:func:`~zoo._core.penalties.l2_penalty`.

Memory: every per-batch array (padded inputs, patch matrices, activations, pooling arg-maxes and
gradients) is allocated once per ``fit`` for the largest minibatch and reused; a layer's patch
matrix doubles as the buffer of :math:`\partial E/\partial P` in the backward pass. A training
step allocates nothing of the size of a batch except temporaries of numpy's elementwise calls.
"""

import time
from dataclasses import dataclass

import numpy as np

from .activations import ACTIVATIONS, DERIVATIVES
from .losses import loss_function
from .penalties import add_l2_gradient, l2_penalty

POOLINGS = ("max", "average")
#: Activations f with f(max z) = max f(z) (non-decreasing), for which max pooling commutes.
NONDECREASING = frozenset(
    ("identity", "logistic", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus")
)


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

    @property
    def flat_grid(self):
        """Whether the layer computes on the wide grid of contiguous patch rows (stride 1, and
        at most a third more columns than ``Wo``: on small maps the extra columns of the wide
        grid cost more than the short strided copies they save)."""
        pw = self.pool[1]
        wide = -(-self.padded_shape[1] // pw) * pw
        return self.stride == 1 and 3 * wide <= 4 * self.conv_shape[1]

    @property
    def grid_width(self):
        """Columns ``Wg`` of the grid a layer computes on (see the module docstring).

        :attr:`flat_grid`: the padded row length ``Wp`` rounded up to a multiple of the pool
        width, so each kernel offset's patch row is one contiguous run of the padded image;
        columns ``Wo <= j < Wg`` are computed and dropped. Otherwise ``Wo`` (no extra columns).
        """
        if not self.flat_grid:
            return self.conv_shape[1]
        pw = self.pool[1]
        return -(-self.padded_shape[1] // pw) * pw

    @property
    def buffer_width(self):
        """Row length ``Wb`` of the padded input buffer: ``Wg`` on the flat grid, else ``Wp``."""
        return self.grid_width if self.flat_grid else self.padded_shape[1]

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


def _view(array, shape):
    """``array`` reshaped WITHOUT a copy (an error if impossible: a write must reach the buffer)."""
    view = array.view()
    view.shape = shape
    return view


def _patch_pairs(Xp, cols, kernel, stride):
    """For each kernel offset (u, v): the part of the padded images ``Xp`` (C, N, Hp, Wb) and the
    part of the patch matrix ``cols`` (kh kw C, N Ho Wg) that hold the same values.

    The flat grid (Wg = Wb, stride 1) is recognised by the patch matrix's width.
    """
    C, N, Hp, Wb = Xp.shape
    kh, kw = kernel
    if stride == 1 and cols.shape[1] == N * (Hp - kh + 1) * Wb:
        Ho = Hp - kh + 1
        flat = _view(Xp, (C, N, Hp * Wb))
        rows = _view(cols, (kh, kw, C, N, Ho * Wb))  # the grid is Wg = Wb wide
        for u in range(kh):
            for v in range(kw):
                # P[(u,v,c), (n, i Wb + j)] = Xp[c, n, flat index u Wb + v + (i Wb + j)]; the
                # last v grid columns would run into the next image: never-used columns, skipped
                shift, length = u * Wb + v, Ho * Wb - v
                yield flat[:, :, shift : shift + length], rows[u, v, :, :, :length]
    else:
        Ho, Wo = (Hp - kh) // stride + 1, (Wb - kw) // stride + 1
        grid = _view(cols, (kh, kw, C, N, Ho, Wo))
        for u in range(kh):
            for v in range(kw):
                # P[(u,v,c), (n,i,j)] = Xp[c, n, s i + u, s j + v]
                rows = slice(u, u + stride * (Ho - 1) + 1, stride)
                columns = slice(v, v + stride * (Wo - 1) + 1, stride)
                yield Xp[:, :, rows, columns], grid[u, v]


def im2col(Xp, kernel, stride, out):
    """P[(u,v,c), (n,i,j)] = Xp[c, n, s i + u, s j + v], written into ``out`` (kh kw C, N Ho Wg):
    kh kw copies of one slice each (see the module docstring for the grid)."""
    for image, patch in _patch_pairs(Xp, out, kernel, stride):
        np.copyto(patch, image)
    return out


def col2im(dcols, kernel, stride, out):
    """dXp[c, n, s i + u, s j + v] = sum of dP[(u,v,c), (n,i,j)] over the fields holding it.

    ``dcols`` is dE/dP, shape (kh kw C, N Ho Wg) (the GEMM K Delta writes it directly); ``out``
    is the (C, N, Hp, Wb) gradient of the padded input: zeroed, then kh kw slice adds.
    """
    out[...] = 0
    for image, patch in _patch_pairs(out, dcols, kernel, stride):
        image += patch  # dXp[c, n, u + s i, v + s j] += dP[(u, v, c), (n, i, j)]
    return out


def _offsets(A, p, n_out, axis):
    """The p views A[..., p i + k, ...] (i < n_out) along ``axis`` (-1: columns, -2: rows)."""
    views = []
    for k in range(p):
        window = slice(k, k + p * (n_out - 1) + 1, p)
        views.append(A[..., window] if axis == -1 else A[..., window, :])
    return views


def _max_over(A, p, axis, out, arg):
    """out = max_k A[p i + k] along ``axis``; arg = the first k attaining it (ties: the first)."""
    views = _offsets(A, p, out.shape[axis], axis)
    if p == 1:
        arg[...] = 0
        np.copyto(out, views[0])
        return out
    np.greater(views[1], views[0], out=arg)  # arg = [a_1 > a_0]: ties keep the first
    np.maximum(views[0], views[1], out=out)
    for k in range(2, p):
        beats = np.greater(views[k], out)
        # arg = k where a_k beats the running maximum: max(arg, k [a_k > max]) as arg < k
        np.maximum(arg, np.multiply(beats, k, dtype=arg.dtype), out=arg)
        np.maximum(out, views[k], out=out)
    return out


def _max_over_backward(dY, p, axis, out, arg, mask):
    """dA[p i + k] = dY[i] [arg_i == k] along ``axis``.

    ``arg`` and the scratch ``mask`` (of dY's float dtype: a product with a boolean mask is a
    slow casting loop) may have more columns than dY, which are left out.
    """
    views = _offsets(out, p, dY.shape[axis], axis)
    columns = slice(0, dY.shape[-1])
    if p == 1:
        np.copyto(views[0], dY)
    for k in range(1, p):
        np.equal(arg, k, out=mask)
        np.multiply(dY, mask[..., columns], out=views[k])  # dA[p i + k] = dY [arg == k]
        # dA[p i] = dY [arg == 0] = dY - sum_{k>0} dY [arg == k], exactly (one term is dY)
        np.subtract(dY if k == 1 else views[0], views[k], out=views[0])
    return out


def _sum_over(A, p, axis, out):
    """out = sum_k A[p i + k] along ``axis``."""
    views = _offsets(A, p, out.shape[axis], axis)
    np.copyto(out, views[0])
    for view in views[1:]:
        out += view
    return out


def _sum_over_backward(dY, p, axis, out, scale=1.0):
    """dA[p i + k] = scale dY[i] along ``axis``, for every k."""
    for view in _offsets(out, p, dY.shape[axis], axis):
        np.multiply(dY, scale, out=view)
    return out


class Pool2d:
    """Non-overlapping ``pool = (ph, pw)`` max or average pooling of ``(C, N, rows, cols)`` maps
    of up to ``capacity`` images, with its buffers; the window's rows then columns, each a pass.

    :meth:`forward` returns the ``(C, N, rows // ph, cols // pw)`` pooled map; :meth:`backward`
    takes dE/dy for its ``(C, N, rows // ph, Wq)`` left part (columns beyond are taken as 0) and
    returns dE/dA on the whole ``(C, N, rows, cols)`` grid, exactly 0 outside the windows it
    covers (the buffer's edges are zeroed once and never written). :attr:`grad_out` is a
    zero-edged buffer of the pooled map's shape in which a caller may assemble dE/dy.
    """

    def __init__(self, kind, pool, channels, capacity, rows, cols, dtype):
        if kind not in POOLINGS:
            raise ValueError(f"Unknown pooling {kind!r}; valid poolings are {list(POOLINGS)}.")
        self.kind, self.pool = kind, tuple(pool)
        ph, pw = self.pool
        shape = (channels, capacity, rows, cols)
        self.grad = np.zeros(shape, dtype)  # dE/dA
        self.grad_out = np.zeros((channels, capacity, rows // ph, cols // pw), dtype)  # dE/dy
        if self.pool == (1, 1):
            return
        across = (channels, capacity, rows, cols // pw)  # after the pass along the columns
        pooled = (channels, capacity, rows // ph, cols // pw)
        self.across = np.empty(across, dtype)
        self.out = np.empty(pooled, dtype)
        self.grad_across = np.zeros(across, dtype)
        if kind == "max":
            index = np.min_scalar_type(max(ph, pw))
            self.arg_across = np.empty(across, index)
            self.mask_across = np.empty(across, dtype)
            self.arg = np.empty(pooled, index)
            self.mask = np.empty(pooled, dtype)

    def forward(self, A):
        if self.pool == (1, 1):
            return A
        n = A.shape[1]
        ph, pw = self.pool
        across, out = self.across[:, :n], self.out[:, :n]
        if self.kind == "max":
            # y = max_u (max_v a[ph i + u, pw j + v])
            _max_over(A, pw, -1, across, self.arg_across[:, :n])
            return _max_over(across, ph, -2, out, self.arg[:, :n])
        # y = (1 / (ph pw)) sum_u (sum_v a[ph i + u, pw j + v])
        _sum_over(A, pw, -1, across)
        _sum_over(across, ph, -2, out)
        out *= 1.0 / (ph * pw)
        return out

    def backward(self, dY):
        n, Hq, Wq = dY.shape[1:]
        dA = self.grad[:, :n]
        if self.pool == (1, 1):
            np.copyto(dA[:, :, :Hq, :Wq], dY)
            return dA
        ph, pw = self.pool
        d_across = self.grad_across[:, :n]
        if self.kind == "max":
            arg, mask = self.arg[:, :n], self.mask[:, :n]
            _max_over_backward(dY, ph, -2, d_across[..., :Wq], arg, mask)
            return _max_over_backward(
                d_across, pw, -1, dA, self.arg_across[:, :n], self.mask_across[:, :n]
            )
        _sum_over_backward(dY, ph, -2, d_across[..., :Wq], 1.0 / (ph * pw))
        return _sum_over_backward(d_across, pw, -1, dA)


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
        Reads the flattened ``(Hq, Wq, F)`` map of the last layer; its parameters move into the
        tail of :attr:`parameters`.

    Attributes
    ----------
    parameters, parameters_grad : ndarray
        Every parameter (and its gradient) in one vector: :attr:`flat` (the kernels and their
        biases, of which :attr:`kernels` and :attr:`kernel_biases` are views), then the head's
        ``flat``. :attr:`params` and :attr:`grads` are the two parts.
    """

    def __init__(self, kernels, kernel_biases, geometries, activations, pooling, head):
        if pooling not in POOLINGS:
            raise ValueError(f"Unknown pooling {pooling!r}; valid poolings are {list(POOLINGS)}.")
        self.geometries = list(geometries)
        self.activations = list(activations)
        self.pooling = pooling
        # max_window f(z + b) = f(max_window z + b) for a non-decreasing f: max pooling then
        # runs on Z, and the bias and activation (and their gradients) on the ph pw times
        # smaller pooled map; the arg-max is the same pixel (or f' = 0 there)
        self._pool_first = [
            pooling == "max" and g.pool != (1, 1) and name in NONDECREASING
            for g, name in zip(self.geometries, self.activations)
        ]
        self.head = head
        arrays = list(kernels) + list(kernel_biases)
        n_kernel_parameters = sum(a.size for a in arrays)
        # one vector of every parameter, the kernels' then the head's (the full-batch solvers'
        # protocol); the minibatch optimizers keep the two parts as two arrays (params)
        self.parameters = np.empty(n_kernel_parameters + head.flat.size, dtype=head.dtype)
        self.parameters_grad = np.zeros_like(self.parameters)
        self.flat = self.parameters[:n_kernel_parameters]
        self.flat_grad = self.parameters_grad[:n_kernel_parameters]
        head.move_to(
            self.parameters[n_kernel_parameters:], self.parameters_grad[n_kernel_parameters:]
        )
        self.kernels, self.kernel_biases = self._views(self.flat)
        self.kernel_grads, self.bias_grads = self._views(self.flat_grad)
        for view, value in zip(self.kernels + self.kernel_biases, arrays):
            view[...] = value
        self._scratch = [np.empty_like(K) for K in self.kernels]
        self._capacity = 0
        # {(layer, piece): CPU seconds} when a dict: the pieces of each step are timed into it
        self.profile = None
        self._clock = 0.0

    def _lap(self, layer, piece):
        """Add the CPU time since the last lap to ``profile[(layer, piece)]`` (when profiling)."""
        if self.profile is not None:
            now = time.process_time()
            key = (layer, piece)
            self.profile[key] = self.profile.get(key, 0.0) + now - self._clock
            self._clock = now

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
        """Preallocate every per-batch array for minibatches of up to ``batch_size`` images.

        A minibatch of n images uses the ``[:, :n]`` part of each (channels-first) buffer, so the
        zero borders and zero gradient edges stay where they were put at allocation.
        """
        if batch_size <= self._capacity:
            return
        n, dtype = batch_size, self.dtype
        self._padded, self._cols, self._act, self._pools, self._dpadded = [], [], [], [], []
        for layer, g in enumerate(self.geometries):
            Hp, _, C = g.padded_shape
            Ho, _, F = g.conv_shape
            Wb, Wg = g.buffer_width, g.grid_width
            # borders are zeroed once here and never written again
            self._padded.append(np.zeros((C, n, Hp, Wb), dtype))
            # zeros: the few never-written entries (last grid columns) must be finite
            self._cols.append(np.zeros((g.kernel[0] * g.kernel[1] * C, n * Ho * Wg), dtype))
            self._act.append(np.empty((F, n * Ho * Wg), dtype))
            self._pools.append(Pool2d(self.pooling, g.pool, F, n, Ho, Wg, dtype))
            self._dpadded.append(np.empty((C, n, Hp, Wb), dtype) if layer > 0 else None)
        Hq, Wq, F = self.geometries[-1].out_shape
        self._feature_buffer = np.empty((n, Hq * Wq * F), dtype)
        self._feature_delta = np.empty((n, Hq * Wq * F), dtype)
        self.head.allocate(n)
        self._capacity = batch_size

    # ------------------------------------------------------------------ forward
    def _features(self, X):
        """The last map for a batch X (n, H, W, C), flattened channels last, in the buffers."""
        n = X.shape[0]
        a = X.transpose(3, 0, 1, 2)  # (C, n, H, W), a view
        self._clock = time.process_time()
        for layer, g in enumerate(self.geometries):
            H, W, _ = g.in_shape
            Ho, Wo, F = g.conv_shape
            Hq, Wq, _ = g.out_shape
            Wg = g.grid_width
            top, _, left, _ = g.pads
            Xp = self._padded[layer][:, :n]
            Xp[:, :, top : top + H, left : left + W] = a  # zero padding (borders stay 0)
            self._lap(layer, "pad")
            cols = im2col(Xp, g.kernel, g.stride, out=self._cols[layer][:, : n * Ho * Wg])
            self._lap(layer, "im2col")
            K = self.kernels[layer].reshape(-1, F)
            Z = np.matmul(K.T, cols, out=self._act[layer][:, : n * Ho * Wg])  # Z = K^T P
            self._lap(layer, "GEMM forward")
            activation = ACTIVATIONS[self.activations[layer]]
            bias = self.kernel_biases[layer][:, None]
            if self._pool_first[layer]:
                # a = f(maxpool(Z) + b 1^T), the same as maxpool(f(Z + b 1^T))
                pooled = self._pools[layer].forward(_view(Z, (F, n, Ho, Wg)))
                self._lap(layer, "pool")
                y = _view(pooled, (F, -1))
                y += bias
                activation(y, out=y)
                self._lap(layer, "bias, activation")
            else:
                Z += bias  # + b 1^T
                A = activation(Z, out=Z)
                self._lap(layer, "bias, activation")
                pooled = self._pools[layer].forward(_view(A, (F, n, Ho, Wg)))
                self._lap(layer, "pool")
            a = pooled[:, :, :Hq, :Wq]
        features = self._feature_buffer[:n]
        np.copyto(_view(features, (n, Hq, Wq, F)), a.transpose(1, 2, 3, 0))
        self._lap(layer, "features (to channels last)")
        return features

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
        return loss_function(self.head.loss)(Y, output, sample_weight) + penalty

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
        self._lap("head", "forward+backward")
        weight_sum = n if sample_weight is None else float(sample_weight.sum())
        loss += l2_penalty(alpha, self.kernels, weight_sum)
        # dE/d(pooled map), channels first (a view)
        d = delta.reshape(n, *self.geometries[-1].out_shape).transpose(3, 0, 1, 2)
        for layer in range(len(self.geometries) - 1, -1, -1):
            g = self.geometries[layer]
            Ho, _, F = g.conv_shape
            Wg = g.grid_width
            derivative = DERIVATIVES[self.activations[layer]]
            pool = self._pools[layer]
            Hq, Wq, _ = g.out_shape
            if self._pool_first[layer]:
                # dE/d(pooled Z) = dE/da f'(.) on the pooled map, then to the arg-maxes
                dY = pool.grad_out[:, :n]  # the unused columns stay 0
                np.copyto(dY[..., :Wq], d)
                y = _view(pool.out[:, :n], (F, -1))
                derivative(y, _view(dY, y.shape))
                np.sum(_view(dY, y.shape), axis=1, out=self.bias_grads[layer])  # grad_b
                self._lap(layer, "bias, activation backward")
                dZ = _view(pool.backward(dY), (F, -1))
                self._lap(layer, "pool backward")
            else:
                # dE/dA on the grid, 0 outside the pooled windows (unused grid columns included)
                dA = pool.backward(d)
                self._lap(layer, "pool backward")
                A = self._act[layer][:, : n * Ho * Wg]
                dZ = derivative(A, _view(dA, A.shape))  # Delta = dE/dA f'(Z)
                np.sum(dZ, axis=1, out=self.bias_grads[layer])  # grad_b = Delta 1
                self._lap(layer, "bias, activation backward")
            cols = self._cols[layer][:, : n * Ho * Wg]
            grad_K = self.kernel_grads[layer].reshape(-1, F)
            np.matmul(cols, dZ.T, out=grad_K)  # grad_K = P Delta^T (+ alpha/m K)
            self._lap(layer, "GEMM kernel gradient")
            add_l2_gradient(
                grad_K,
                self.kernels[layer].reshape(-1, F),
                alpha,
                weight_sum,
                self._scratch[layer].reshape(-1, F),
            )
            self._lap(layer, "weight decay")
            if layer > 0:
                # dE/dP = K Delta, into the patch buffer (P is no longer needed)
                K = self.kernels[layer].reshape(-1, F)
                dcols = np.matmul(K, dZ, out=cols)
                self._lap(layer, "GEMM input gradient")
                dXp = col2im(dcols, g.kernel, g.stride, out=self._dpadded[layer][:, :n])
                H, W, _ = g.in_shape
                top, _, left, _ = g.pads
                d = dXp[:, :, top : top + H, left : left + W]  # crop the padding (a view)
                self._lap(layer, "col2im")
        return loss
