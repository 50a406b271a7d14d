"""Back-propagation against central differences, for every hidden activation x output loss."""

import numpy as np
import pytest
import scipy.sparse as sp

from zoo._core.initializers import glorot_uniform
from zoo._core.losses import resolve_loss
from zoo._core.network import FeedForwardNetwork

OUTPUTS = [
    ("squared_error", "identity"),
    ("log_loss", "logistic"),
    ("log_loss", "softmax"),
    ("squared_error", "logistic"),
    ("squared_error", "softmax"),
    ("poisson", "exp"),
]


def _network(hidden, out_activation, loss, units=(5, 4, 3, 3), seed=0):
    rng = np.random.default_rng(seed)
    coefs, intercepts = zip(*(glorot_uniform(a, b, rng) for a, b in zip(units[:-1], units[1:])))
    activations = [hidden] * (len(units) - 2) + [out_activation]
    return FeedForwardNetwork(
        list(coefs), list(intercepts), activations, resolve_loss(loss, out_activation)
    )


def _targets(loss, out_activation, n, k, rng):
    if out_activation == "softmax":
        return np.eye(k)[rng.integers(0, k, n)]
    if loss == "poisson":
        return rng.poisson(1.5, size=(n, k)).astype(float)
    if out_activation == "logistic":
        return rng.integers(0, 2, size=(n, k)).astype(float)
    return rng.normal(size=(n, k))


@pytest.mark.parametrize("hidden", ["identity", "logistic", "tanh", "relu"])
@pytest.mark.parametrize("loss, out_activation", OUTPUTS)
@pytest.mark.parametrize("weighted", [False, True])
def test_backprop_matches_central_differences(hidden, loss, out_activation, weighted):
    rng = np.random.default_rng(1)
    network = _network(hidden, out_activation, loss)
    X = rng.normal(size=(7, 5))
    Y = _targets(loss, out_activation, 7, 3, rng)
    sample_weight = rng.uniform(0.5, 2.0, 7) if weighted else None
    alpha = 0.3
    network.loss_and_gradient(X, Y, sample_weight, alpha)
    analytic = network.flat_grad.copy()
    numeric = np.empty_like(analytic)
    h = 1e-6
    for i in range(network.flat.size):
        original = network.flat[i]
        network.flat[i] = original + h
        up = network.loss_value(X, Y, sample_weight, alpha)
        network.flat[i] = original - h
        down = network.loss_value(X, Y, sample_weight, alpha)
        network.flat[i] = original
        numeric[i] = (up - down) / (2 * h)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


def test_sparse_input_gives_the_dense_gradient():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(6, 5)) * (rng.random((6, 5)) < 0.4)
    Y = np.eye(3)[rng.integers(0, 3, 6)]
    dense, sparse = _network("relu", "softmax", "log_loss"), _network("relu", "softmax", "log_loss")
    loss_dense = dense.loss_and_gradient(X, Y, None, 0.1)
    loss_sparse = sparse.loss_and_gradient(sp.csr_matrix(X), Y, None, 0.1)
    assert loss_dense == pytest.approx(loss_sparse)
    np.testing.assert_allclose(dense.flat_grad, sparse.flat_grad, atol=1e-12)


def test_parameters_are_views_of_one_flat_vector():
    network = _network("tanh", "identity", "squared_error")
    network.flat[:] = 0.0
    assert all((c == 0).all() for c in network.coefs + network.intercepts)
    assert sum(c.size for c in network.coefs + network.intercepts) == network.flat.size


def _placed(array, offset):
    """A copy of ``array`` starting ``offset`` bytes past a 64-byte line."""
    buffer = np.empty(array.nbytes + 64 + offset, dtype=np.uint8)
    start = -buffer.ctypes.data % 64 + offset
    placed = buffer[start : start + array.nbytes].view(array.dtype).reshape(array.shape)
    placed[...] = array
    return placed


@pytest.mark.numerics
@pytest.mark.parametrize("seed", range(4))
def test_one_sample_output_does_not_depend_on_where_the_arrays_sit(seed):
    """One row through a one-output layer is a dot product, whose BLAS kernel (OpenBLAS
    Prescott's) sums in an order set by the operands' alignment (seed 0 differed there at
    2 ulp); the network's forward pass must give one answer wherever its arrays sit."""
    from zoo._core.network import forward

    rng = np.random.default_rng(seed)
    coefs = [rng.normal(size=(3, 20)), rng.normal(size=(20, 1))]
    intercepts = [np.zeros(20), np.zeros(1)]
    x = rng.normal(size=(1, 3))
    outputs = {
        forward(_placed(x, x_offset), [_placed(W, offset) for W in coefs], intercepts,
                ["identity", "identity"])[0, 0]
        for offset in range(0, 64, 8)
        for x_offset in range(0, 64, 8)
    }  # fmt: skip
    assert len(outputs) == 1
