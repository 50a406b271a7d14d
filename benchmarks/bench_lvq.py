"""zoo.lvq against sklvq 0.1.2 (GLVQ, GMLVQ): 5-fold CV accuracy and time, one prototype per class.

Run: ``python benchmarks/bench_lvq.py [sklvq_python]``. sklvq 0.1.2 calls scikit-learn's removed
``_validate_data``, so it runs in its own environment with scikit-learn 1.5, made once by

    python3 -m venv /work/venv-sklvq
    /work/venv-sklvq/bin/pip install "scikit-learn==1.5.*" "numpy<1.24" "scipy<1.12" sklvq

(numpy < 1.24 because sklvq's binary ``predict`` uses the removed ``np.int``; scipy < 1.12 to go
with that numpy.)

This script runs zoo here and starts that environment's python on this same file (``--sklvq``)
for the peer, in one run; ``sklvq_python`` (default ``/work/venv-sklvq/bin/python``, or the
``SKLVQ_PYTHON`` environment variable) points to it.

Both sides: iris, wine, breast_cancer, digits; ``StandardScaler`` then the model in a Pipeline;
the same ``StratifiedKFold(5, shuffle=True, random_state=0)`` splits; every model at its
defaults with ``random_state=0``, one prototype per class. Both run with BLAS on one thread (zoo
does so itself; sklvq's subprocess gets ``OPENBLAS_NUM_THREADS=1``, its faster setting on a busy
machine). Times are the wall-clock seconds of the whole 5-fold CV; the ratio zoo/sklvq is what to
quote.
"""

import json
import os
import subprocess
import sys
import time
import warnings

DATASETS = ("iris", "wine", "breast_cancer", "digits")


def load(name):
    from sklearn import datasets

    return getattr(datasets, f"load_{name}")(return_X_y=True)


def cross_validate(make_model, name, seed=0):
    """Mean 5-fold CV accuracy and total seconds of ``StandardScaler`` + the model."""
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = load(name)
    cv = StratifiedKFold(5, shuffle=True, random_state=seed)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scores = cross_val_score(make_pipeline(StandardScaler(), make_model()), X, y, cv=cv)
    return float(scores.mean()), time.perf_counter() - start


def run_sklvq():
    """The peer's side, run inside the sklvq environment: prints JSON results."""
    from sklvq import GLVQ, GMLVQ

    results = {}
    for name in DATASETS:
        for label, cls in (("GLVQ", GLVQ), ("GMLVQ", GMLVQ)):
            results[f"{name}/{label}"] = cross_validate(lambda cls=cls: cls(random_state=0), name)
    print(json.dumps(results))


def run_zoo():
    from zoo.lvq import GLVQClassifier, GMLVQClassifier, LVQClassifier

    models = {
        "GLVQ": lambda: GLVQClassifier(random_state=0),
        "GMLVQ": lambda: GMLVQClassifier(random_state=0),
        "LVQ1": lambda: LVQClassifier("lvq1", random_state=0),
        "OLVQ1": lambda: LVQClassifier("olvq1", random_state=0),
        "LVQ2.1": lambda: LVQClassifier("lvq2.1", random_state=0),
        "LVQ3": lambda: LVQClassifier("lvq3", random_state=0),
    }
    return {
        f"{name}/{label}": cross_validate(make, name)
        for name in DATASETS
        for label, make in models.items()
    }


def main(sklvq_python):
    from zoo.lvq import GLVQClassifier, LVQClassifier

    environment = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    start = time.perf_counter()
    completed = subprocess.run(
        [sklvq_python, os.path.abspath(__file__), "--sklvq"],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    peer = json.loads(completed.stdout.strip().splitlines()[-1])
    print(f"sklvq side: {time.perf_counter() - start:.1f} s (including its start-up)")
    ours = run_zoo()

    print(
        f"{'dataset':<14}{'model':<7}{'zoo acc':>9}{'sklvq acc':>11}{'zoo s':>8}{'sklvq s':>9}"
        f"{'time zoo/sklvq':>16}"
    )
    totals = {"GLVQ": [0.0, 0.0], "GMLVQ": [0.0, 0.0]}
    for name in DATASETS:
        for label in ("GLVQ", "GMLVQ"):
            (acc, seconds), (peer_acc, peer_seconds) = (
                ours[f"{name}/{label}"],
                peer[f"{name}/{label}"],
            )
            totals[label][0] += seconds
            totals[label][1] += peer_seconds
            print(
                f"{name:<14}{label:<7}{acc:>9.3f}{peer_acc:>11.3f}{seconds:>8.2f}"
                f"{peer_seconds:>9.2f}{seconds / peer_seconds:>16.3f}"
            )
    for label, (seconds, peer_seconds) in totals.items():
        print(
            f"all four, {label}: zoo {seconds:.2f} s, sklvq {peer_seconds:.2f} s, ratio "
            f"{seconds / peer_seconds:.3f} (speed-up {peer_seconds / seconds:.1f}x)"
        )
    print(
        "\nzoo's Kohonen rules (defaults, one prototype per class), 5-fold CV accuracy / seconds:"
    )
    for label in ("LVQ1", "OLVQ1", "LVQ2.1", "LVQ3"):
        cells = "  ".join(
            f"{name} {ours[f'{name}/{label}'][0]:.3f} / {ours[f'{name}/{label}'][1]:.2f}"
            for name in DATASETS
        )
        print(f"{label:<7}{cells}")
    print("\niris, LVQ1 against GLVQ by prototypes per class (5-fold CV accuracy):")
    for k in (1, 2, 3):
        lvq1 = cross_validate(lambda: LVQClassifier(prototypes_per_class=k, random_state=0), "iris")
        glvq = cross_validate(
            lambda: GLVQClassifier(prototypes_per_class=k, random_state=0), "iris"
        )
        print(
            f"{k} per class: LVQ1 {lvq1[0]:.3f}, GLVQ {glvq[0]:.3f} "
            f"(LVQ1 - GLVQ = {100 * (lvq1[0] - glvq[0]):+.1f} points)"
        )
    slopes()


def slopes(n_shuffles=5, datasets=DATASETS):
    """The sigmoid's slope beta: mean accuracy of ``n_shuffles`` shuffled 5-fold CVs.

    What the ``beta`` entries of GLVQClassifier and GMLVQClassifier quote: GLVQ's default 10
    against sklvq's 1 and "auto", GMLVQ's default "auto" against a fixed 10.
    """
    from zoo.lvq import GLVQClassifier, GMLVQClassifier

    print(f"\nbeta, mean accuracy of {n_shuffles} shuffled 5-fold CVs (defaults otherwise):")
    settings = (
        ("GLVQ", GLVQClassifier, (10.0, 1.0, "auto")),
        ("GMLVQ", GMLVQClassifier, ("auto", 10.0)),
    )
    for label, cls, betas in settings:
        for name in datasets:
            cells = []
            for beta in betas:
                accuracy = sum(
                    cross_validate(lambda: cls(beta=beta, random_state=0), name, seed)[0]
                    for seed in range(n_shuffles)
                )
                cells.append(f"beta={beta} {accuracy / n_shuffles:.3f}")
            print(f"  {label:<6}{name:<14}" + "  ".join(cells))


if __name__ == "__main__":
    if "--sklvq" in sys.argv:
        run_sklvq()
    else:
        default = os.environ.get("SKLVQ_PYTHON", "/work/venv-sklvq/bin/python")
        main(sys.argv[1] if len(sys.argv) > 1 else default)
