"""Convolution and pooling (im2col / col2im) against direct loops and central differences."""

import numpy as np
import pytest

from zoo._core.convolution import (
    ConvolutionalNetwork,
    Pool2d,
    col2im,
    conv_geometry,
    im2col,
)
from zoo._core.initializers import glorot_uniform
from zoo._core.losses import resolve_loss
from zoo._core.network import FeedForwardNetwork


def _direct_convolution(X, K, b, stride, pads):
    """z[n,i,j,f] = b_f + sum_{u,v,c} Xp[n, s i + u, s j + v, c] K[u,v,c,f], by loops."""
    top, bottom, left, right = pads
    Xp = np.pad(X, ((0, 0), (top, bottom), (left, right), (0, 0)))
    kh, kw, _, F = K.shape
    Ho = (Xp.shape[1] - kh) // stride + 1
    Wo = (Xp.shape[2] - kw) // stride + 1
    Z = np.empty((X.shape[0], Ho, Wo, F))
    for i in range(Ho):
        for j in range(Wo):
            field = Xp[:, stride * i : stride * i + kh, stride * j : stride * j + kw, :]
            Z[:, i, j, :] = np.tensordot(field, K, axes=([1, 2, 3], [0, 1, 2])) + b
    return Z


def _padded(X, g):
    """X (N, H, W, C) zero-padded into the layer's channels-first (C, N, Hp, Wb) buffer."""
    top, bottom, left, right = g.pads
    Xp = np.zeros((X.shape[3], X.shape[0], g.padded_shape[0], g.buffer_width))
    Xp[:, :, top : top + X.shape[1], left : left + X.shape[2]] = X.transpose(3, 0, 1, 2)
    return Xp


def _convolve(X, K, b, g):
    """Z (N, Ho, Wo, F) by im2col and one GEMM; also the (kh kw C, N Ho Wg) patch matrix."""
    N = X.shape[0]
    Ho, Wo, F = g.conv_shape
    cols = np.zeros((K[..., 0].size, N * Ho * g.grid_width))
    im2col(_padded(X, g), g.kernel, g.stride, out=cols)
    Z = (K.reshape(-1, F).T @ cols + b[:, None]).reshape(F, N, Ho, g.grid_width)  # K^T P + b
    return Z[..., :Wo].transpose(1, 2, 3, 0), cols


def _numeric_gradient(f, x, h=1e-6):
    grad = np.empty_like(x)
    flat, out = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        original = flat[i]
        flat[i] = original + h
        up = f()
        flat[i] = original - h
        down = f()
        flat[i] = original
        out[i] = (up - down) / (2 * h)
    return grad


GEOMETRIES = [
    # (H, W, C, F, kernel, stride, padding)
    (6, 7, 2, 3, (3, 3), 1, "valid"),
    (6, 7, 2, 3, (3, 2), 1, "same"),
    (7, 7, 1, 2, (3, 3), 2, 1),
    (8, 5, 3, 2, (5, 5), 2, "same"),
]


@pytest.mark.parametrize("H, W, C, F, kernel, stride, padding", GEOMETRIES)
def test_im2col_convolution_equals_the_direct_sum(H, W, C, F, kernel, stride, padding):
    rng = np.random.default_rng(0)
    g = conv_geometry((H, W, C), F, kernel, stride, padding, pool=(1, 1))
    X = rng.normal(size=(3, H, W, C))
    K = rng.normal(size=(*kernel, C, F))
    b = rng.normal(size=F)
    Z, _ = _convolve(X, K, b, g)
    np.testing.assert_allclose(Z, _direct_convolution(X, K, b, stride, g.pads), atol=1e-12)
    if padding == "same" and stride == 1:
        assert Z.shape[1:3] == (H, W)


@pytest.mark.parametrize("H, W, C, F, kernel, stride, padding", GEOMETRIES)
def test_convolution_gradients_match_central_differences(H, W, C, F, kernel, stride, padding):
    # E = sum(R * Z): dE/dZ = R, so the backward formulas are checked for any upstream gradient
    rng = np.random.default_rng(1)
    g = conv_geometry((H, W, C), F, kernel, stride, padding, pool=(1, 1))
    X = rng.normal(size=(2, H, W, C))
    K = rng.normal(size=(*kernel, C, F))
    b = rng.normal(size=F)
    R = rng.normal(size=(2, *g.conv_shape))

    def energy():
        return float(np.sum(R * _convolve(X, K, b, g)[0]))

    _, cols = _convolve(X, K, b, g)
    Ho, Wo, _ = g.conv_shape
    delta = np.zeros((F, 2, Ho, g.grid_width))  # Delta on the grid: 0 in the unused columns
    delta[..., :Wo] = R.transpose(3, 0, 1, 2)
    delta = delta.reshape(F, -1)
    grad_K = (cols @ delta.T).reshape(K.shape)  # P Delta^T
    grad_b = delta.sum(axis=1)  # Delta 1
    dXp = np.full((C, 2, g.padded_shape[0], g.buffer_width), np.nan)  # col2im zeroes it
    col2im(K.reshape(-1, F) @ delta, g.kernel, g.stride, out=dXp)  # dP = K Delta
    top, _, left, _ = g.pads
    grad_X = dXp[:, :, top : top + H, left : left + W].transpose(1, 2, 3, 0)
    np.testing.assert_allclose(grad_K, _numeric_gradient(energy, K), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(grad_b, _numeric_gradient(energy, b), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(grad_X, _numeric_gradient(energy, X), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("pooling", ["max", "average"])
@pytest.mark.parametrize("H, W, pool", [(4, 6, (2, 2)), (5, 7, (2, 3)), (3, 3, (3, 3))])
def test_pooling_values_and_gradients(pooling, H, W, pool):
    # channels-first maps (C, N, H, W); a batch of 2 in buffers sized for 3
    rng = np.random.default_rng(2)
    C, N = 3, 2
    A = rng.normal(size=(C, N, H, W))
    Hq, Wq = H // pool[0], W // pool[1]
    R = rng.normal(size=(C, N, Hq, Wq))
    layer = Pool2d(pooling, pool, C, 3, H, W, np.float64)

    def pooled():
        return layer.forward(A)[:, :, :Hq, :Wq]

    # the values, by loops over the windows
    expected = np.empty((C, N, Hq, Wq))
    reduce = np.max if pooling == "max" else np.mean
    for i in range(Hq):
        for j in range(Wq):
            block = A[..., pool[0] * i : pool[0] * (i + 1), pool[1] * j : pool[1] * (j + 1)]
            expected[..., i, j] = reduce(block, axis=(2, 3))
    np.testing.assert_allclose(pooled(), expected, atol=1e-12)

    pooled()
    grad = layer.backward(R)  # every pixel is written, the dropped edges with 0
    assert grad.shape == A.shape
    numeric = _numeric_gradient(lambda: float(np.sum(R * pooled())), A)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-7)


def test_max_pool_gradient_goes_to_one_pixel_on_ties():
    # a ReLU map is full of zeros: a window of equal values passes its gradient on once
    layer = Pool2d("max", (2, 2), 1, 1, 2, 2, np.float64)
    layer.forward(np.zeros((1, 1, 2, 2)))
    grad = layer.backward(np.ones((1, 1, 1, 1)))
    assert grad.sum() == 1.0 and grad[0, 0, 0, 0] == 1.0
    # and on ties between the second row and column it is the first in row-major order
    A = np.array([[0.0, 1.0], [1.0, 1.0]]).reshape(1, 1, 2, 2)
    layer.forward(A)
    grad = layer.backward(np.ones((1, 1, 1, 1)))
    assert grad.sum() == 1.0 and grad[0, 0, 0, 1] == 1.0


def _network(pooling, activation, in_shape=(7, 6, 2), loss="log_loss", n_outputs=3, seed=0):
    rng = np.random.default_rng(seed)
    layers = [(3, (3, 3), 1, "same", (2, 2)), (4, (2, 3), 2, 1, (1, 2))]
    geometries, kernels, biases = [], [], []
    shape = in_shape
    for layer, (F, kernel, stride, padding, pool) in enumerate(layers):
        g = conv_geometry(shape, F, kernel, stride, padding, pool, layer)
        fan_in, fan_out = kernel[0] * kernel[1] * shape[2], kernel[0] * kernel[1] * F
        K, b = glorot_uniform(fan_in, fan_out, rng, shape=(*kernel, shape[2], F))
        geometries.append(g)
        kernels.append(K)
        biases.append(b)
        shape = g.out_shape
    units = [int(np.prod(shape)), 5, n_outputs]
    coefs, intercepts = zip(*(glorot_uniform(a, b, rng) for a, b in zip(units[:-1], units[1:])))
    out_activation = "softmax" if loss == "log_loss" else "identity"
    head = FeedForwardNetwork(
        list(coefs),
        list(intercepts),
        [activation, out_activation],
        resolve_loss(loss, out_activation),
    )
    return ConvolutionalNetwork(kernels, biases, geometries, [activation] * 2, pooling, head)


@pytest.mark.parametrize("pooling", ["max", "average"])
@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("weighted", [False, True])
def test_network_backprop_matches_central_differences(pooling, activation, weighted):
    # padding, stride 2, a 1x2 pool and an odd-sized map whose last row is dropped by the pool
    rng = np.random.default_rng(3)
    network = _network(pooling, activation)
    X = rng.normal(size=(5, 7, 6, 2))
    Y = np.eye(3)[rng.integers(0, 3, 5)]
    sample_weight = rng.uniform(0.5, 2.0, 5) if weighted else None
    alpha = 0.3
    loss = network.loss_and_gradient(X, Y, sample_weight, alpha)
    assert np.isclose(loss, network.loss_value(X, Y, sample_weight, alpha), rtol=1e-12)
    for params, grads in zip(network.params, network.grads):
        analytic = grads.copy()
        numeric = _numeric_gradient(
            lambda: network.loss_value(X, Y, sample_weight, alpha), params, h=1e-5
        )
        np.testing.assert_allclose(analytic, numeric, rtol=1e-4, atol=1e-7)


def test_one_parameter_vector_holds_the_kernels_then_the_head():
    # the full-batch solvers' protocol: writing `parameters` moves the whole network, and one
    # loss_and_gradient fills `parameters_grad` (the two parts the minibatch optimizers see)
    rng = np.random.default_rng(4)
    network = _network("max", "tanh")
    X = rng.normal(size=(5, 7, 6, 2))
    Y = np.eye(3)[rng.integers(0, 3, 5)]
    before = network.loss_value(X, Y)
    assert network.parameters.size == network.n_parameters
    np.testing.assert_array_equal(network.parameters, np.concatenate(network.params))
    network.loss_and_gradient(X, Y, alpha=0.3)
    np.testing.assert_array_equal(network.parameters_grad, np.concatenate(network.grads))
    for part in (network.kernels[0], network.kernel_biases[1]) + tuple(network.head.coefs):
        assert np.shares_memory(part, network.parameters)
    network.parameters[-1] += 1.0  # the head's last intercept
    assert network.head.intercepts[-1][-1] == network.parameters[-1]
    assert network.loss_value(X, Y) != before


def test_float32_network_stays_float32_and_agrees_with_float64():
    rng = np.random.default_rng(4)
    network64 = _network("max", "relu", loss="squared_error", n_outputs=2)
    X = rng.normal(size=(4, 7, 6, 2))
    Y = rng.normal(size=(4, 2))
    loss64 = network64.loss_and_gradient(X, Y)
    head = network64.head
    head32 = FeedForwardNetwork(
        [c.astype(np.float32) for c in head.coefs],
        [b.astype(np.float32) for b in head.intercepts],
        head.activations,
        head.loss,
    )
    network32 = ConvolutionalNetwork(
        [K.astype(np.float32) for K in network64.kernels],
        [b.astype(np.float32) for b in network64.kernel_biases],
        network64.geometries,
        network64.activations,
        "max",
        head32,
    )
    loss32 = network32.loss_and_gradient(X.astype(np.float32), Y.astype(np.float32))
    assert network32.flat_grad.dtype == np.float32
    assert network32.forward(X.astype(np.float32)).dtype == np.float32
    assert np.isclose(loss32, loss64, rtol=1e-5)
    np.testing.assert_allclose(network32.flat_grad, network64.flat_grad, rtol=1e-3, atol=1e-5)


def test_geometry_of_lenet_on_28x28_and_8x8():
    # LeNet-5's shape: 28x28 -> 6@28x28 -> 6@14x14 -> 16@14x14 -> 16@7x7
    g1 = conv_geometry((28, 28, 1), 6, (5, 5))
    g2 = conv_geometry(g1.out_shape, 16, (5, 5), layer=1)
    assert (g1.out_shape, g2.out_shape) == ((14, 14, 6), (7, 7, 16))
    assert g1.n_parameters + g2.n_parameters == 156 + 2416
    small = conv_geometry(conv_geometry((8, 8, 1), 6, (5, 5)).out_shape, 16, (5, 5), layer=1)
    assert small.out_shape == (2, 2, 16)
    with pytest.raises(ValueError, match="larger than"):
        conv_geometry((4, 4, 6), 16, (5, 5), padding="valid", layer=1)


def test_convolution_commutes_with_translation():
    # weight sharing's defining property: shifting the image shifts the feature map
    rng = np.random.default_rng(5)
    X = np.zeros((1, 12, 12, 2))
    X[:, 3:8, 3:8] = rng.normal(size=(1, 5, 5, 2))
    shifted = np.roll(X, (2, 1), axis=(1, 2))  # the content stays inside: no wrap-around
    K, b = rng.normal(size=(3, 3, 2, 4)), rng.normal(size=4)
    g = conv_geometry((12, 12, 2), 4, (3, 3), 1, "valid", pool=(1, 1))
    Z, _ = _convolve(X, K, b, g)
    Z_shifted, _ = _convolve(shifted, K, b, g)
    np.testing.assert_allclose(Z_shifted[:, 2:, 1:], Z[:, :-2, :-1], atol=1e-12)


def test_smaller_batches_in_larger_buffers_give_the_same_results():
    # a minibatch uses the [:, :n] part of each buffer: its zero borders and zero gradient edges
    # must hold after larger batches wrote the same buffers (the last minibatch of an epoch)
    rng = np.random.default_rng(6)
    X = rng.normal(size=(9, 7, 6, 2))
    Y = np.eye(3)[rng.integers(0, 3, 9)]
    for pooling in ("max", "average"):
        reused = _network(pooling, "relu")
        reused.allocate(9)
        reused.loss_and_gradient(X, Y, alpha=0.1)
        loss = reused.loss_and_gradient(X[:4], Y[:4], alpha=0.1)
        fresh = _network(pooling, "relu")
        assert loss == fresh.loss_and_gradient(X[:4], Y[:4], alpha=0.1)
        np.testing.assert_array_equal(reused.flat_grad, fresh.flat_grad)
        np.testing.assert_allclose(reused.forward(X[:4]), fresh.forward(X[:4]), rtol=1e-12)
