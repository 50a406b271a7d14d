"""The Elman network's math: BPTT against central differences, padding and truncation semantics."""

import numpy as np
import pytest

from zoo._core.losses import LOSSES
from zoo._core.recurrent import SimpleRecurrentNetwork, sequence_lengths, truncation_cuts

CASES = [
    # (hidden activation, output activation, loss)
    ("tanh", "identity", "squared_error"),
    ("logistic", "softmax", "log_loss"),
    ("tanh", "logistic", "binary_log_loss"),
    ("relu", "logistic", "squared_error"),
]


def _network(
    F=3, H=4, K=2, hidden="tanh", out="identity", loss="squared_error", seed=0, dtype=np.float64
):
    rng = np.random.default_rng(seed)
    shapes = [(F, H), (H, H), (H,), (H, K), (K,)]
    arrays = [rng.normal(0, 0.6, s).astype(dtype) for s in shapes]
    return SimpleRecurrentNetwork(*arrays, hidden, out, loss)


def _targets(rng, n, K, out):
    if out == "softmax":
        return np.eye(K)[rng.integers(0, K, n)]
    if out == "logistic":
        return rng.integers(0, 2, (n, K)).astype(float)
    return rng.normal(size=(n, K))


def _reference_loss(net, X, Y, lengths, output, alpha, frozen=None):
    """A plain loop, one sequence at a time: the equations of the module docstring, with the
    states entering the steps in ``frozen`` ({(t, i): h}) replaced by constants."""
    from zoo._core.activations import ACTIVATIONS

    f, g = ACTIVATIONS[net.hidden_activation], ACTIVATIONS[net.output_activation]
    T, B, _ = X.shape
    total, count = 0.0, 0
    for i in range(B):
        h = np.zeros(net.n_hidden)
        for t in range(lengths[i]):
            previous = frozen.get((t, i), h) if frozen else h
            h = f(X[t, i] @ net.input_weights + previous @ net.recurrent_weights + net.hidden_bias)
            if output == "sequence":
                p = g((h @ net.output_weights + net.output_bias)[None, :])
                total += LOSSES[net.loss](Y[t * B + i][None, :], p)
                count += 1
        if output == "last":
            p = g((h @ net.output_weights + net.output_bias)[None, :])
            total += LOSSES[net.loss](Y[i][None, :], p)
            count += 1
    penalty = 0.5 * alpha * sum(float((W**2).sum()) for W in net.weights) / count
    return total / count + penalty


def _numerical_gradient(net, loss_fn, eps=1e-6):
    grad = np.zeros_like(net.flat)
    for k in range(net.flat.size):
        saved = net.flat[k]
        net.flat[k] = saved + eps
        plus = loss_fn()
        net.flat[k] = saved - eps
        minus = loss_fn()
        net.flat[k] = saved
        grad[k] = (plus - minus) / (2 * eps)
    return grad


def _batch(rng, T=5, B=4, F=3, K=2, out="identity", output="sequence", lengths=None):
    X = rng.normal(size=(T, B, F))
    Y = _targets(rng, T * B if output == "sequence" else B, K, out)
    return X, Y, (np.full(B, T) if lengths is None else np.asarray(lengths))


@pytest.mark.parametrize("hidden, out, loss", CASES)
@pytest.mark.parametrize("output", ["sequence", "last"])
def test_bptt_matches_central_differences(hidden, out, loss, output):
    rng = np.random.default_rng(1)
    net = _network(hidden=hidden, out=out, loss=loss)
    X, Y, lengths = _batch(rng, out=out, output=output)
    analytic = net.loss_and_gradient(X, Y, None, output, alpha=0.3)
    analytic_grad = net.flat_grad.copy()
    numeric = _numerical_gradient(net, lambda: net.loss_value(X, Y, None, output, alpha=0.3))
    np.testing.assert_allclose(analytic_grad, numeric, rtol=1e-5, atol=1e-7)
    # the vectorised loss is the plain per-sequence loop's
    assert analytic == pytest.approx(_reference_loss(net, X, Y, lengths, output, 0.3), rel=1e-10)


@pytest.mark.parametrize("output", ["sequence", "last"])
def test_padding_is_masked_out_of_loss_state_and_gradient(output):
    rng = np.random.default_rng(2)
    net = _network(hidden="tanh", out="softmax", loss="log_loss")
    lengths = np.array([5, 2, 4, 1])
    X, Y, _ = _batch(rng, out="softmax", output=output, lengths=lengths)
    # whatever stands in the padding changes nothing
    X_other = X.copy()
    for i, n in enumerate(lengths):
        X_other[n:, i] = 1e3
    loss = net.loss_and_gradient(X, Y, lengths, output)
    grad = net.flat_grad.copy()
    assert net.loss_and_gradient(X_other, Y, lengths, output) == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(net.flat_grad, grad, rtol=1e-12)
    assert loss == pytest.approx(_reference_loss(net, X, Y, lengths, output, 0.0), rel=1e-10)
    numeric = _numerical_gradient(net, lambda: net.loss_value(X, Y, lengths, output))
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-7)
    # the final state is each sequence's state at its own last step
    states = net.hidden_states(X, lengths)
    alone = [net.hidden_states(X[:n, i : i + 1])[n, 0] for i, n in enumerate(lengths)]
    np.testing.assert_allclose(states[-1], np.array(alone), rtol=1e-12)


@pytest.mark.parametrize("output", ["sequence", "last"])
def test_sequence_weights_equal_repeating_the_sequences(output):
    """Weight 2 on a sequence is that sequence twice and weight 0 is its absence, for the loss
    and the whole BPTT gradient (padded batch, alpha > 0: m is the weighted target count)."""
    rng = np.random.default_rng(4)
    net = _network(hidden="tanh", out="softmax", loss="log_loss")
    lengths = np.array([5, 2, 4, 3])
    X, Y, _ = _batch(rng, out="softmax", output=output, lengths=lengths)
    weights = np.array([2.0, 1.0, 0.0, 1.0])
    loss = net.loss_and_gradient(X, Y, lengths, output, alpha=0.3, sequence_weights=weights)
    grad = net.flat_grad.copy()
    repeat = np.array([0, 0, 1, 3])
    X_rep = np.ascontiguousarray(X[:, repeat])
    Y_rep = Y.reshape(5, 4, -1)[:, repeat].reshape(20, -1) if output == "sequence" else Y[repeat]
    expected = net.loss_and_gradient(X_rep, Y_rep, lengths[repeat], output, alpha=0.3)
    assert loss == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(grad, net.flat_grad, rtol=1e-10, atol=1e-14)
    assert loss == pytest.approx(net.loss_value(X, Y, lengths, output, 0.3, weights), rel=1e-12)


@pytest.mark.parametrize("output", ["sequence", "last"])
@pytest.mark.parametrize("bptt_steps", [1, 2, 3])
def test_truncated_bptt_is_the_gradient_with_chunk_entry_states_held_constant(output, bptt_steps):
    rng = np.random.default_rng(3)
    net = _network(hidden="tanh", out="identity", loss="squared_error")
    lengths = np.array([7, 7, 5, 3])
    X, Y, _ = _batch(rng, T=7, output=output, lengths=lengths)
    net.loss_and_gradient(X, Y, lengths, output, bptt_steps=bptt_steps)
    truncated = net.flat_grad.copy()
    # the surrogate: states entering each cut step frozen at their current values
    states = net.hidden_states(X, lengths)
    cuts = truncation_cuts(lengths, 7, bptt_steps, output)
    frozen = {(t, i): states[t, i].copy() for t, i in zip(*np.nonzero(cuts))}
    numeric = _numerical_gradient(
        net, lambda: _reference_loss(net, X, Y, lengths, output, 0.0, frozen)
    )
    np.testing.assert_allclose(truncated, numeric, rtol=1e-5, atol=1e-7)


def test_truncation_longer_than_the_sequence_is_full_bptt_and_chunks_are_where_documented():
    rng = np.random.default_rng(4)
    net = _network()
    X, Y, _ = _batch(rng, T=6)
    net.loss_and_gradient(X, Y)
    full = net.flat_grad.copy()
    net.loss_and_gradient(X, Y, bptt_steps=6)
    np.testing.assert_array_equal(net.flat_grad, full)
    net.loss_and_gradient(X, Y, bptt_steps=1)
    assert not np.allclose(net.flat_grad, full)
    lengths = np.array([10, 7])
    # sequence: chunks [0,4) [4,8) [8,10); last: chunks end at the last step
    assert np.nonzero(truncation_cuts(lengths, 10, 4, "sequence")[:, 0])[0].tolist() == [4, 8]
    assert np.nonzero(truncation_cuts(lengths, 10, 4, "last")[:, 0])[0].tolist() == [2, 6]
    assert np.nonzero(truncation_cuts(lengths, 10, 4, "last")[:, 1])[0].tolist() == [3]


def test_float32_stays_float32():
    rng = np.random.default_rng(5)
    net = _network(dtype=np.float32)
    X, Y, _ = _batch(rng)
    loss = net.loss_and_gradient(X.astype(np.float32), Y.astype(np.float32))
    assert np.isfinite(loss) and net.flat_grad.dtype == np.float32
    assert net.forward(X.astype(np.float32)).dtype == np.float32


def test_sequence_lengths_reads_trailing_nan_padding_and_rejects_the_rest():
    X = np.zeros((3, 4, 2))
    X[1, 2:] = np.nan
    X[2, 1:] = np.nan
    assert sequence_lengths(X).tolist() == [4, 2, 1]
    inside = X.copy()
    inside[0, 1] = np.nan
    with pytest.raises(ValueError, match="NaN inside sequence 0"):
        sequence_lengths(inside)
    partial = X.copy()
    partial[0, 3, 0] = np.nan
    with pytest.raises(ValueError, match="some but not all features"):
        sequence_lengths(partial)
    empty = X.copy()
    empty[0] = np.nan
    with pytest.raises(ValueError, match="all NaN"):
        sequence_lengths(empty)
