"""zoo.gas against the self-organising maps on the same data: the neural gas's lower distortion.

Run: ``python benchmarks/bench_gas.py [n_samples] [online_epochs] [batch_epochs]`` (defaults 10000,
2, 10).

* 10,000 × 784 inputs (scikit-learn's digits upsampled to 28×28 and resampled with noise, as in
  ``bench_som.py``), 400 units, the same initial codebook (random samples) for every model.
* Online, the same number of signals: zoo's ``NeuralGas`` (Martinetz et al. 1993, λ 10 → 0.01,
  ε 0.5 → 0.005) against a 20×20 zoo ``SOM`` (σ 10 → 1, η 0.5 → 0.01, exponential) and MiniSom's
  20×20 map (σ = 4, lr = 0.5, asymptotic decay, its defaults' shape), if installed.
* Batch: the batch neural gas (Cottrell et al. 2006) against zoo's batch map, same epochs.
* The growing neural gas with ``max_nodes=400`` on the same data (time per epoch, QE).
* NeuPy's ``GrowingNeuralGas`` is not compared: NeuPy 0.6.5 installs but does not import on
  Python 3.11 (its Theano 1.0.0 imports ``collections.MutableMapping``, removed in Python 3.10).

Every quantization error is measured by one yardstick (zoo's chunked mean distance to the nearest
unit). Times are wall-clock, in one process, one after the other; the ratios are what to quote.
"""

import sys
import time

import numpy as np
from bench_som import digits_784  # the same 784-feature data as the SOM benchmark

from zoo._core.distances import nearest_centers
from zoo.gas import GrowingNeuralGas, NeuralGas
from zoo.som import SOM

try:
    from minisom import MiniSom
except ImportError:  # the bench extra is not installed
    MiniSom = None


def quantization_error(W, X):
    _, d2 = nearest_centers(X, np.ascontiguousarray(W, dtype=X.dtype))
    return float(np.mean(np.sqrt(d2)))


def timed(fit):
    start = time.perf_counter()
    fit()
    return time.perf_counter() - start


def line(name, seconds, epochs, qe):
    print(f"  {name:<44} {seconds / epochs:8.2f} s/epoch  {seconds:8.2f} s  QE {qe:.4f}")


def main(n_samples=10_000, online_epochs=2, batch_epochs=10):
    X = digits_784(n_samples)
    n_units = 400
    W0 = X[np.random.default_rng(1).choice(len(X), n_units, replace=False)].copy()
    print(f"data {X.shape}, {n_units} units, initial QE {quantization_error(W0, X):.4f}")

    print(f"online, {online_epochs} epochs ({online_epochs * n_samples} signals):")
    ng = NeuralGas(n_units, init=W0, max_iter=online_epochs, random_state=0)
    seconds = timed(lambda: ng.fit(X))
    ng_qe = quantization_error(ng.cluster_centers_, X)
    line("zoo NeuralGas", seconds, online_epochs, ng_qe)
    som = SOM(20, 20, init=W0, algorithm="online", max_iter=online_epochs, random_state=0)
    som_seconds = timed(lambda: som.fit(X))
    som_qe = quantization_error(som.cluster_centers_, X)
    line("zoo SOM 20x20", som_seconds, online_epochs, som_qe)
    print(
        f"  QE ratio NeuralGas / SOM = {ng_qe / som_qe:.3f}; "
        f"time ratio = {seconds / som_seconds:.2f}"
    )
    if MiniSom is None:
        print("  MiniSom: not installed (pip install minisom)")
    else:
        peer = MiniSom(20, 20, X.shape[1], sigma=4.0, learning_rate=0.5, random_seed=0)
        peer._weights = W0.reshape(20, 20, -1).copy()
        peer_seconds = timed(lambda: peer.train(X, online_epochs * n_samples, random_order=True))
        peer_qe = quantization_error(peer.get_weights().reshape(n_units, -1), X)
        line("MiniSom 20x20 (sigma=4, lr=0.5, asymptotic)", peer_seconds, online_epochs, peer_qe)
        print(
            f"  QE ratio NeuralGas / MiniSom = {ng_qe / peer_qe:.3f}; "
            f"time ratio = {seconds / peer_seconds:.2f}"
        )

    print(f"batch, {batch_epochs} epochs:")
    batch = NeuralGas(n_units, init=W0, algorithm="batch", max_iter=batch_epochs)
    seconds = timed(lambda: batch.fit(X))
    batch_qe = quantization_error(batch.cluster_centers_, X)
    line("zoo NeuralGas(algorithm='batch')", seconds, batch_epochs, batch_qe)
    som = SOM(20, 20, init=W0, algorithm="batch", max_iter=batch_epochs)
    som_seconds = timed(lambda: som.fit(X))
    som_qe = quantization_error(som.cluster_centers_, X)
    line("zoo SOM 20x20 batch map", som_seconds, batch_epochs, som_qe)
    print(
        f"  QE ratio batch NeuralGas / batch SOM = {batch_qe / som_qe:.3f}; "
        f"time ratio = {seconds / som_seconds:.2f}"
    )

    print(f"growing neural gas, {online_epochs} epochs:")
    gng = GrowingNeuralGas(max_nodes=n_units, max_iter=online_epochs, random_state=0)
    seconds = timed(lambda: gng.fit(X))
    line(
        f"zoo GrowingNeuralGas ({len(gng.cluster_centers_)} units)",
        seconds,
        online_epochs,
        quantization_error(gng.cluster_centers_, X),
    )


if __name__ == "__main__":
    main(*[int(a) for a in sys.argv[1:]])
