"""zoo.memory: recall curves of the Hopfield rules, ModernHopfield, BAM capacity, and neurolab.

Run: ``python benchmarks/bench_memory.py [--trials 10] [--out recall.png]``.

* Recall curve: N = 100 bipolar units, P random patterns, cues with 10% of the bits flipped,
  asynchronous recall; the share of patterns recalled exactly, averaged over ``--trials`` pattern
  sets, against the load P/N for the Hebb, Storkey and pseudo-inverse rules. Anchors: Hebb recall
  holds to about 0.138 N (Amit, Gutfreund & Sompolinsky 1985), Storkey to about N/sqrt(2 ln N) = 33,
  the pseudo-inverse stores every P < N linearly independent patterns as fixed points.
* Peer: neurolab 0.3.5's ``newhop`` (Hebb weights W = X^T X / N with zero diagonal, synchronous
  updates, at most 10 of them) against ``HopfieldNetwork(learning_rule="hebb", update="sync",
  max_iter=10)`` on the same patterns and cues: recall rate and time, and the ratio. neurolab
  predates numpy 2; this script restores the two names it needs (``np.Inf``, ``np.asfarray``)
  before importing it.
* ModernHopfield: 1,000 standard normal patterns of dimension 100, cues with 20% of the components
  replaced by fresh noise, one update, for several beta; a pattern counts as retrieved when the
  relative error is below 1%. Beside it the classical network on the signs of the same patterns.
* BAM: 100 x 60 units, P random pairs, X cues with 10% of the bits flipped: the share of pairs
  whose Y is recalled exactly, against P / min(N_x, N_y).

``--out`` saves the recall curves (Hopfield rules and BAM) to a PNG.
"""

import argparse
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from zoo.memory import BAM, HopfieldNetwork, ModernHopfield

N_UNITS = 100
RULES = ("hebb", "storkey", "pseudoinverse")
LOADS = {
    "hebb": (2, 5, 8, 10, 12, 14, 16, 20, 25, 30),
    "storkey": (10, 15, 20, 25, 30, 35, 40, 50),
    "pseudoinverse": (10, 20, 30, 40, 50, 60, 70),
}


def flip(X, fraction, rng):
    """Each row with ``fraction`` of its bits (bipolar) flipped."""
    cues = X.copy()
    n_flipped = int(round(fraction * X.shape[1]))
    for row in cues:
        row[rng.choice(X.shape[1], n_flipped, replace=False)] *= -1
    return cues


def recall_curve(rule, n_trials):
    rates = []
    for n_patterns in LOADS[rule]:
        recalled = []
        for seed in range(n_trials):
            rng = np.random.default_rng(seed)
            X = rng.choice([-1.0, 1.0], size=(n_patterns, N_UNITS))
            net = HopfieldNetwork(learning_rule=rule, random_state=seed).fit(X)
            recalled.append((net.transform(flip(X, 0.1, rng)) == X).all(axis=1).mean())
        rates.append(float(np.mean(recalled)))
    return np.array(LOADS[rule]) / N_UNITS, np.array(rates)


def import_neurolab():
    try:
        np.Inf, np.asfarray  # noqa: B018  (numpy < 2 still has them)
    except AttributeError:
        np.Inf = np.inf
        np.asfarray = lambda a, dtype=np.float64: np.asarray(a, dtype=dtype)
    import neurolab

    return neurolab


def against_neurolab(n_patterns=10, n_cues=2000):
    try:
        neurolab = import_neurolab()
    except ImportError:
        print("neurolab is not installed (pip install neurolab): no peer comparison.")
        return
    rng = np.random.default_rng(0)
    X = rng.choice([-1.0, 1.0], size=(n_patterns, N_UNITS))
    targets = X[rng.integers(0, n_patterns, n_cues)]
    cues = flip(targets, 0.1, rng)
    start = time.perf_counter()
    peer = neurolab.net.newhop(X, max_init=10)
    peer_out = peer.sim(cues)
    peer_time = time.perf_counter() - start
    start = time.perf_counter()
    zoo_net = HopfieldNetwork(learning_rule="hebb", update="sync", max_iter=10).fit(X)
    zoo_out = zoo_net.transform(cues)
    zoo_time = time.perf_counter() - start
    same_weights = np.allclose(peer.layers[0].np["w"], zoo_net.coef_)
    print(
        f"\nHebb, synchronous, N={N_UNITS}, P={n_patterns}, {n_cues} cues with 10% flipped "
        f"(same weights: {same_weights}):"
    )
    for name, out, seconds in (("neurolab", peer_out, peer_time), ("zoo", zoo_out, zoo_time)):
        rate = (out == targets).all(axis=1).mean()
        print(f"  {name:9s} recall {rate:.3f}  time {seconds * 1e3:8.1f} ms")
    print(f"  time ratio neurolab / zoo: {peer_time / zoo_time:.1f}x")
    agree = (peer_out == zoo_out).all(axis=1).mean()
    print(f"  identical recalled states: {agree:.3f} (ties: neurolab turns a zero input off)")


def modern_hopfield(betas=(0.1, 0.2, 0.5, 1.0, 2.0), n_patterns=1000, n_features=100):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((n_patterns, n_features))
    cues = X.copy()
    n_noisy = n_features // 5
    for row in cues:
        row[rng.choice(n_features, n_noisy, replace=False)] = rng.standard_normal(n_noisy)
    print(
        f"\nModernHopfield, {n_patterns} N(0, 1) patterns of dimension {n_features}, "
        f"20% of each cue replaced by noise, one update:"
    )
    for beta in betas:
        memory = ModernHopfield(beta=beta).fit(X)
        start = time.perf_counter()
        retrieved = memory.transform(cues)
        seconds = time.perf_counter() - start
        error = np.linalg.norm(retrieved - X, axis=1) / np.linalg.norm(X, axis=1)
        print(
            f"  beta={beta:<4}  retrieved {np.mean(error < 0.01):.3f}  "
            f"median relative error {np.median(error):.1e}  ({seconds * 1e3:.0f} ms)"
        )
    signs = np.sign(X)
    classical = HopfieldNetwork(learning_rule="hebb", max_iter=20, random_state=0).fit(signs)
    recalled = classical.transform(np.sign(cues))
    print(
        f"  classical HopfieldNetwork (Hebb) on the signs: recalled "
        f"{(recalled == signs).all(axis=1).mean():.3f}, bits right {(recalled == signs).mean():.3f}"
    )


def bam_curve(n_trials, n_x=100, n_y=60, loads=(2, 4, 6, 8, 10, 12, 15, 20, 30)):
    rates = []
    for n_pairs in loads:
        recalled = []
        for seed in range(n_trials):
            rng = np.random.default_rng(seed)
            X = rng.choice([-1.0, 1.0], size=(n_pairs, n_x))
            Y = rng.choice([-1.0, 1.0], size=(n_pairs, n_y))
            bam = BAM().fit(X, Y)
            recalled.append((bam.predict(flip(X, 0.1, rng)) == Y).all(axis=1).mean())
        rates.append(float(np.mean(recalled)))
    return np.array(loads) / min(n_x, n_y), np.array(rates)


def plot(curves, bam, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for rule, (load, rate) in curves.items():
        left.plot(load, rate, "o-", label=rule)
    left.axvline(0.138, color="grey", linestyle=":", label="0.138 (Amit et al. 1985)")
    left.set(xlabel="load P / N", ylabel="patterns recalled exactly", ylim=(-0.02, 1.02))
    left.set_title(f"Hopfield network, N = {N_UNITS}, 10% of the cue flipped", fontsize=10)
    left.legend(loc="lower left")
    right.plot(*bam, "o-", color="C3")
    right.set(xlabel="pairs P / min(N_x, N_y)", ylabel="Y recalled exactly", ylim=(-0.02, 1.02))
    right.set_title("BAM, 100 x 60 units, 10% of the X cue flipped", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"\nsaved {path}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=10, help="pattern sets per load")
    parser.add_argument("--out", help="save the recall curves to this PNG")
    args = parser.parse_args()
    warnings.simplefilter("ignore", ConvergenceWarning)  # overloaded networks settle slowly

    curves = {}
    print(f"Recall from 10%-noisy cues, N = {N_UNITS}, {args.trials} pattern sets per load:")
    for rule in RULES:
        start = time.perf_counter()
        curves[rule] = recall_curve(rule, args.trials)
        cells = "  ".join(f"{p:.2f}:{r:.2f}" for p, r in zip(*curves[rule]))
        print(f"  {rule:14s} P/N:rate  {cells}  ({time.perf_counter() - start:.1f} s)")
    against_neurolab()
    modern_hopfield()
    bam = bam_curve(args.trials)
    print("\nBAM 100 x 60, 10%-noisy X cues, P/min(N_x, N_y):rate  ")
    print("  " + "  ".join(f"{p:.2f}:{r:.2f}" for p, r in zip(*bam)))
    if args.out:
        plot(curves, bam, args.out)


if __name__ == "__main__":
    main()
