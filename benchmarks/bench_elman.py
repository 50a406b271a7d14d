"""Elman network training speed: zoo's batched BPTT, how its cost grows with n_timesteps and the
hidden size, and the only packaged Python SRN (neurolab 0.3.5 ``newelm``, 2015) on the same stream.

Run: ``python benchmarks/bench_elman.py [--quick]``. Prints sequences (or steps) per second and
ratios measured in this one process; the machine is shared, so run it twice before quoting.

1. Throughput: ``ElmanRegressor`` (adam, tanh, per-step targets), N sequences of T steps with
   F features, minibatches of 32 sequences; time per epoch -> sequences/s and steps/s.
2. Scaling: the time per epoch divided by T should be flat (BPTT is linear in T); in the hidden
   size H the per-step GEMMs are O(B·H²) once BLAS has enough work.
3. Peer: Elman's temporal XOR stream (3000 bits), one sequence, full-batch gradient steps, Elman's
   copy-back gradient (``bptt_steps=1``; neurolab's Elman gradient does not go back in time).
   neurolab needs two numpy-2 shims (``np.Inf``, ``np.asfarray``), installed here at run time.
"""

import argparse
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from zoo.datasets import make_temporal_xor
from zoo.elman import ElmanRegressor

warnings.simplefilter("ignore", ConvergenceWarning)


def _epoch_seconds(n_sequences, n_timesteps, n_features, n_hidden, epochs, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_sequences, n_timesteps, n_features))
    y = np.cumsum(X[:, :, 0], axis=1) / np.sqrt(np.arange(1, n_timesteps + 1))  # per step
    model = ElmanRegressor(
        n_hidden=n_hidden,
        max_iter=epochs,
        batch_size=32,
        tol=0,
        n_iter_no_change=10**6,
        random_state=0,
    )
    start = time.perf_counter()
    model.fit(X, y)
    return (time.perf_counter() - start) / epochs


def throughput(quick):
    print("1. Throughput (N=512 sequences, F=8, batch 32, adam)")
    print(f"{'T':>5} {'H':>5} {'s/epoch':>9} {'seq/s':>9} {'steps/s':>11}")
    sizes = (
        [(25, 32), (100, 32), (100, 128)] if quick else [(25, 32), (100, 32), (100, 128), (400, 64)]
    )
    for T, H in sizes:
        seconds = _epoch_seconds(512, T, 8, H, epochs=2 if quick else 3)
        print(f"{T:>5} {H:>5} {seconds:>9.3f} {512 / seconds:>9.0f} {512 * T / seconds:>11.0f}")


def scaling(quick):
    print("\n2. Scaling (N=256, F=8): time per epoch / T, relative to the shortest T")
    timesteps = [25, 50, 100, 200] if quick else [25, 50, 100, 200, 400]
    base = None
    for T in timesteps:
        seconds = _epoch_seconds(256, T, 8, 32, epochs=2)
        per_step = seconds / T
        base = base or per_step
        print(
            f"  T={T:>4}: {seconds:.3f} s/epoch, {per_step * 1e3:.3f} ms per time step "
            f"(x{per_step / base:.2f})"
        )
    print("   hidden size H at T=50: time per epoch relative to H=16")
    base = None
    for H in [16, 64, 256] if quick else [16, 32, 64, 128, 256, 512]:
        seconds = _epoch_seconds(256, 50, 8, H, epochs=2)
        base = base or seconds
        print(f"  H={H:>4}: {seconds:.3f} s/epoch (x{seconds / base:.2f})")


def _neurolab():
    np.Inf = np.inf  # neurolab 0.3.5 predates numpy 2
    np.asfarray = lambda a, dtype=float: np.asarray(a, dtype=dtype)
    import neurolab

    return neurolab


def peer(quick):
    print(
        "\n3. Peer: temporal XOR stream, 1 input, H hidden tanh, 1 linear output, "
        "full-batch gradient steps, Elman's copy-back gradient"
    )
    try:
        nl = _neurolab()
    except ImportError:
        print("  neurolab is not installed (pip install neurolab==0.3.5): skipped")
        return
    n_triplets, epochs, H = (300, 20, 4) if quick else (1000, 50, 4)
    X, y = make_temporal_xor(n_sequences=1, n_triplets=n_triplets, random_state=0)
    n_steps = X.shape[1]

    zoo_model = ElmanRegressor(
        n_hidden=H,
        bptt_steps=1,
        solver="sgd",
        momentum=0.0,
        learning_rate_init=0.05,
        alpha=0.0,
        batch_size=1,
        max_iter=epochs,
        tol=0,
        n_iter_no_change=10**6,
        random_state=0,
    )
    start = time.perf_counter()
    zoo_model.fit(X, y)
    zoo_seconds = time.perf_counter() - start

    net = nl.net.newelm([[0, 1]], [H, 1], [nl.trans.TanSig(), nl.trans.PureLin()])
    net.trainf = nl.train.train_gd
    start = time.perf_counter()
    net.train(X[0], y[0][:, None], epochs=epochs, show=0, goal=0.0, lr=0.05 / n_steps)
    peer_seconds = time.perf_counter() - start

    zoo_rate = epochs * n_steps / zoo_seconds
    peer_rate = epochs * n_steps / peer_seconds
    print(
        f"  {n_steps} steps x {epochs} epochs: zoo {zoo_seconds:.3f} s ({zoo_rate:,.0f} steps/s), "
        f"neurolab {peer_seconds:.3f} s ({peer_rate:,.0f} steps/s); "
        f"zoo is {peer_seconds / zoo_seconds:.1f}x faster"
    )
    batched = ElmanRegressor(
        n_hidden=H,
        bptt_steps=1,
        solver="sgd",
        momentum=0.0,
        learning_rate_init=0.05,
        alpha=0.0,
        batch_size=100,
        max_iter=epochs,
        tol=0,
        n_iter_no_change=10**6,
        random_state=0,
    )
    Xb, yb = make_temporal_xor(n_sequences=100, n_triplets=n_triplets // 100 or 1, random_state=0)
    start = time.perf_counter()
    batched.fit(Xb, yb)
    batched_seconds = time.perf_counter() - start
    rate = epochs * Xb.shape[0] * Xb.shape[1] / batched_seconds
    print(
        f"  the same bits as 100 shorter sequences in one batch: zoo {rate:,.0f} steps/s "
        f"({rate / peer_rate:.0f}x neurolab)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    args = parser.parse_args()
    throughput(args.quick)
    scaling(args.quick)
    peer(args.quick)
