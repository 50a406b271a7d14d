"""Cascade-correlation on two-spirals vs back-propagation given the same wall-clock budget.

For each seed: zoo's CascadeCorrelationClassifier solves Wieland's two-spirals (194 points) to 100%
training accuracy (the paper's 40-20-40 criterion); its time, hidden units and epochs are recorded.
Then zoo's MLPClassifier and scikit-learn's MLPClassifier (the same network: 2-5-5-5-1 tanh, as Lang
& Witbrock's back-propagation net but without its shortcut connections; adam, full batch) each get
that same wall-clock time (as many epochs as their measured speed buys); their training accuracy
and epochs are printed, and one long run of 20,000 epochs each shows what more time buys. Fahlman &
Lebiere (1990): cascade-correlation needs
1700 epochs (median 15 units) where back-propagation needs 20,000.

    python benchmarks/bench_cascor.py [--seeds 10] [--hidden 5,5,5]
"""

import argparse
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier as SkMLPClassifier
from threadpoolctl import threadpool_limits

from zoo.cascor import CascadeCorrelationClassifier
from zoo.datasets import make_two_spirals
from zoo.mlp import MLPClassifier


def run_cascor(X, y, seed):
    start = time.perf_counter()
    clf = CascadeCorrelationClassifier(random_state=seed).fit(X, y)
    seconds = time.perf_counter() - start
    return seconds, clf.score(X, y), clf.n_hidden_units_, clf.n_iter_


def make_mlp(cls, hidden, seed, epochs):
    # full-batch adam; tol=0 and unbounded patience so that exactly ``epochs`` epochs run
    return cls(
        hidden_layer_sizes=hidden,
        activation="tanh",
        solver="adam",
        learning_rate_init=0.01,
        batch_size=194,
        max_iter=epochs,
        tol=0.0,
        n_iter_no_change=10**9,
        random_state=seed,
    )


def epochs_per_second(cls, X, y, hidden, epochs=300):
    start = time.perf_counter()
    make_mlp(cls, hidden, 0, epochs).fit(X, y)
    return epochs / (time.perf_counter() - start)


def run_backprop(cls, X, y, seed, budget, hidden, speed):
    """As many epochs as the budget buys at the measured speed; (accuracy, epochs, seconds)."""
    epochs = max(1, int(budget * speed))
    start = time.perf_counter()
    clf = make_mlp(cls, hidden, seed, epochs).fit(X, y)
    return clf.score(X, y), epochs, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--hidden", default="5,5,5")
    parser.add_argument(
        "--long-epochs",
        type=int,
        default=20000,
        help="epochs of one long back-propagation run per MLP (the paper's 20,000)",
    )
    args = parser.parse_args()
    hidden = tuple(int(h) for h in args.hidden.split(","))
    warnings.simplefilter("ignore", ConvergenceWarning)
    X, y = make_two_spirals()
    rows = []
    print(
        f"{'seed':>4} {'cascor s':>9} {'acc':>5} {'units':>5} {'epochs':>6} | "
        f"{'zoo MLP acc':>11} {'epochs':>6} | {'sklearn MLP acc':>15} {'epochs':>6}"
    )
    # one BLAS thread for all three: the matrices are tiny and the machine is shared
    with threadpool_limits(limits=1, user_api="blas"):
        speed = {
            cls: epochs_per_second(cls, X, y, hidden) for cls in (MLPClassifier, SkMLPClassifier)
        }
        for seed in range(args.seeds):
            seconds, accuracy, units, epochs = run_cascor(X, y, seed)
            zoo_mlp = run_backprop(MLPClassifier, X, y, seed, seconds, hidden, speed[MLPClassifier])
            sk_mlp = run_backprop(
                SkMLPClassifier, X, y, seed, seconds, hidden, speed[SkMLPClassifier]
            )
            rows.append((seconds, accuracy, units, epochs, *zoo_mlp, *sk_mlp))
            print(
                f"{seed:>4} {seconds:>9.2f} {accuracy:>5.2f} {units:>5} {epochs:>6} | "
                f"{zoo_mlp[0]:>11.2f} {zoo_mlp[1]:>6} | {sk_mlp[0]:>15.2f} {sk_mlp[1]:>6}",
                flush=True,
            )
        long_runs = {
            name: run_backprop(cls, X, y, 0, args.long_epochs / speed[cls], hidden, speed[cls])
            for name, cls in (("zoo", MLPClassifier), ("sklearn", SkMLPClassifier))
        }
    r = np.array([row[:4] + (row[4], row[5], row[7], row[8]) for row in rows], dtype=float)
    print(
        f"\ncascade-correlation: solved {int((r[:, 1] == 1).sum())}/{len(r)}, median "
        f"{np.median(r[:, 0]):.2f} s per solve, median {np.median(r[:, 2]):.1f} hidden units, "
        f"median {np.median(r[:, 3]):.0f} epochs (paper: 100/100, 15 units, 1700 epochs)"
    )
    for name, acc, ep in (("zoo MLPClassifier", 4, 5), ("sklearn MLPClassifier", 6, 7)):
        print(
            f"{name} {hidden} in the same time: solved {int((r[:, acc] == 1).sum())}/{len(r)}, "
            f"median accuracy {np.median(r[:, acc]):.3f}, median {np.median(r[:, ep]):.0f} epochs"
        )
    print(
        f"epochs per second: zoo MLP {speed[MLPClassifier]:.0f}, sklearn MLP "
        f"{speed[SkMLPClassifier]:.0f} (ratio {speed[MLPClassifier] / speed[SkMLPClassifier]:.2f})"
    )
    for name, (accuracy, epochs, seconds) in long_runs.items():
        print(
            f"{name} MLP, seed 0, {epochs} epochs ({seconds:.1f} s): training accuracy "
            f"{accuracy:.3f}"
        )


if __name__ == "__main__":
    main()
