"""Quadratic Neuron ART against Su & Liu's algorithm written straight (one sample, one neuron at a
time, Python floats), against artlib (which implements the same rules), the gradient its rules
climb (central differences), and its contract (weights, warm start, float32)."""

import math

import numpy as np
import pytest
from sklearn.datasets import load_iris, make_blobs
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import MinMaxScaler

from zoo._core.art_quadratic import QuadraticNeuronMemory, quadratic_response
from zoo.art import QuadraticNeuronART


def _data(name):
    if name == "iris":
        return MinMaxScaler().fit_transform(load_iris().data)[::2]  # 75 x 4
    X, _ = make_blobs(n_samples=120, centers=4, cluster_std=0.6, random_state=0)
    return MinMaxScaler().fit_transform(X)


def quadratic_art_by_the_paper(X, rho, s_init, lr_b, lr_w, lr_s, n_epochs=1):
    """Su & Liu (2005): the most active neuron resonates if T >= rho, then gradient ascent."""
    neurons, labels = [], []  # each neuron: [W (list of rows), b, s]
    d = X.shape[1]
    for _ in range(n_epochs):
        labels = []
        for x in X.tolist():
            best, J = -1.0, -1
            for j, (W, b, s) in enumerate(neurons):
                z = [sum(w * a for w, a in zip(row, x)) for row in W]
                T = math.exp(-s * s * sum((zi - bi) ** 2 for zi, bi in zip(z, b)))
                if T > best:
                    best, J = T, j
            if J < 0 or best < rho:  # reset: every other neuron is less active
                identity = [[float(i == k) for k in range(d)] for i in range(d)]
                neurons.append([identity, list(x), s_init])
                labels.append(len(neurons) - 1)
                continue
            W, b, s = neurons[J]
            z = [sum(w * a for w, a in zip(row, x)) for row in W]
            e = [zi - bi for zi, bi in zip(z, b)]
            squared = sum(v * v for v in e)
            T = math.exp(-s * s * squared)
            new_b = [bi + lr_b * 2 * s * s * T * ei for bi, ei in zip(b, e)]
            new_W = [
                [w - lr_w * 2 * s * s * T * ei * a for w, a in zip(row, x)] for row, ei in zip(W, e)
            ]
            neurons[J] = [new_W, new_b, s - lr_s * 2 * s * T * squared]
            labels.append(J)
    return np.array(labels), neurons


@pytest.mark.parametrize("data", ["iris", "blobs"])
@pytest.mark.parametrize(
    "rho, s_init, rates", [(0.9, 2.0, (0.1, 0.1, 0.1)), (0.6, 2.0, (0.3, 0.2, 0.05))]
)
def test_quadratic_neuron_art_is_the_paper(data, rho, s_init, rates):
    X = _data(data)
    lr_b, lr_w, lr_s = rates
    expected, neurons = quadratic_art_by_the_paper(X, rho, s_init, *rates, n_epochs=2)
    art = QuadraticNeuronART(rho=rho, s_init=s_init, lr_b=lr_b, lr_w=lr_w, lr_s=lr_s, n_epochs=2)
    with pytest.warns(ConvergenceWarning):  # gradient steps never stabilise exactly
        art.fit(X)
    np.testing.assert_array_equal(art.labels_, expected)
    assert 2 < art.n_clusters_ < len(X)
    np.testing.assert_allclose(art.weights_, [W for W, _, _ in neurons], atol=1e-12)
    np.testing.assert_allclose(art.biases_, [b for _, b, _ in neurons], atol=1e-12)
    np.testing.assert_allclose(art.scales_, [s for _, _, s in neurons], atol=1e-12)


def test_artlib_agrees():
    artlib = pytest.importorskip("artlib")
    X = _data("iris")
    peer = artlib.QuadraticNeuronART(rho=0.8, s_init=3.0, lr_b=0.2, lr_w=0.1, lr_s=0.1)
    peer.fit(X)
    art = QuadraticNeuronART(rho=0.8, s_init=3.0, lr_b=0.2, lr_w=0.1, lr_s=0.1).fit(X)
    np.testing.assert_array_equal(art.labels_, peer.labels_)
    W = np.asarray(peer.W)
    np.testing.assert_allclose(art.biases_, W[:, 16:20], atol=1e-12)
    np.testing.assert_allclose(art.scales_, W[:, -1], atol=1e-12)


def test_the_rules_climb_the_response():
    """Each step is the rate times the gradient of T = exp(-s^2 |W x - b|^2) (central
    differences), in b, W and s."""
    rng = np.random.default_rng(0)
    d = 3
    x, W, b, s = (
        rng.normal(size=d),
        np.eye(d) + 0.2 * rng.normal(size=(d, d)),
        rng.normal(size=d),
        0.7,
    )
    memory = QuadraticNeuronMemory(d, np.float64, s_init=s, rates=(1e-3, 1e-3, 1e-3))
    memory.add(b)
    memory._matrices[0] = W

    def response(W, b, s):
        return quadratic_response((W @ x - b)[None], np.array([s]))[0][0]

    h = 1e-6
    grad_b = [(response(W, b + h * e, s) - response(W, b - h * e, s)) / (2 * h) for e in np.eye(d)]
    grad_W = np.zeros((d, d))
    for i in range(d):
        for k in range(d):
            E = np.zeros((d, d))
            E[i, k] = h
            grad_W[i, k] = (response(W + E, b, s) - response(W - E, b, s)) / (2 * h)
    grad_s = (response(W, b, s + h) - response(W, b, s - h)) / (2 * h)
    memory.learn(0, x, 1.0)
    np.testing.assert_allclose(memory.prototypes[0] - b, 1e-3 * np.array(grad_b), rtol=1e-6)
    np.testing.assert_allclose(memory.matrices[0] - W, 1e-3 * grad_W, rtol=1e-6, atol=1e-14)
    assert memory.scales[0] - s == pytest.approx(1e-3 * grad_s, rel=1e-6)


def test_predict_is_the_largest_response_and_finds_the_blobs():
    X = _data("blobs")
    art = QuadraticNeuronART(rho=0.5, s_init=2.0, lr_w=0.0).fit(X)
    labels = make_blobs(n_samples=120, centers=4, cluster_std=0.6, random_state=0)[1]
    assert art.n_clusters_ == 4
    assert adjusted_rand_score(labels, art.labels_) > 0.9
    # predict: the most active category, if it passes the vigilance (else -1 with "reject")
    e = np.einsum("jkl,il->ijk", art.weights_, X) - art.biases_
    response = np.exp(-(art.scales_**2) * np.sum(e**2, axis=2))
    winner = np.argmax(response, axis=1)
    np.testing.assert_array_equal(art.predict(X), winner)
    rejecting = art.set_params(novelty="reject")
    np.testing.assert_array_equal(
        rejecting.predict(X), np.where(response.max(axis=1) >= 0.5, winner, -1)
    )


def test_weights_warm_start_and_float32():
    X = _data("iris")
    plain = QuadraticNeuronART(s_init=2.0).fit(X)
    weighted = np.ones(len(X))
    weighted[::3] = 0
    zeroed = QuadraticNeuronART(s_init=2.0).fit(X, sample_weight=weighted)
    dropped = QuadraticNeuronART(s_init=2.0).fit(X[weighted > 0])
    np.testing.assert_array_equal(zeroed.biases_, dropped.biases_)
    np.testing.assert_array_equal(
        QuadraticNeuronART(s_init=2.0).fit(X, sample_weight=np.full(len(X), 3.0)).biases_,
        plain.biases_,
    )
    online = QuadraticNeuronART(s_init=2.0).fit(X[:40]).partial_fit(X[40:])
    warm = QuadraticNeuronART(s_init=2.0, warm_start=True).fit(X[:40]).fit(X[40:])
    np.testing.assert_array_equal(online.weights_, warm.weights_)
    single = QuadraticNeuronART(s_init=2.0).fit(X.astype(np.float32))
    assert single.weights_.dtype == single.biases_.dtype == single.scales_.dtype == np.float32
    np.testing.assert_array_equal(single.labels_, plain.labels_)
    np.testing.assert_allclose(single.biases_, plain.biases_, atol=1e-5)
