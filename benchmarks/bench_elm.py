"""Extreme learning machines: zoo's ``ELMClassifier``/``ELMRegressor`` against hpelm and scikit-elm
(skelm) at the same hidden size, activation and ridge penalty.

Run: ``python benchmarks/bench_elm.py [--quick] [--clock cpu]``. Prints, per task and library,
the fit time (best of ``--repeats``, drawing of the hidden layer included) and the test score
(accuracy, or R^2), mean over ``--seeds`` draws of the hidden layer, measured in this one process,
BLAS on one thread for every library (``threadpoolctl``); the machine is shared, so run it twice
before quoting (``--clock cpu``: the process's CPU time, which other processes disturb less). A
peer that is not installed is skipped with a line saying so (``pip install hpelm scikit-elm``:
both install beside scikit-learn 1.9).

1. digits (1797 x 64, standardised, 3/4 train), 1000 tanh units, ridge 1.
2. MNIST-like size: 20000 x 100 blobs ``make_classification`` (10 classes), 1000 tanh units.
3. friedman1 (10000 x 10, noise 1, standardised), 500 tanh units, ridge 1e-3.

Each library draws its hidden layer its own way (zoo: uniform in [-s, s] with ``input_scaling``
s = 1/sqrt(n_features) here; hpelm: normal / sqrt(n_features); skelm: its own scaled draw), so the
scores are means over seeds. "zoo skelm-draw" is zoo with scikit-elm's draw (normal, standard
deviation 1/sqrt(units)): the hidden layer's scale, not the library, decides most of the accuracy
gap between the peers (on the 100-feature classification task skelm's small weights keep tanh near
its linear range). The goal of issue 31: accuracy equal or better, fit time <= 0.5x.

Each task runs twice: on float64 data, then on float32 data ("f32" lines, and "hpelm single",
hpelm's ``precision="single"``). zoo keeps float32 through X W and tanh, and takes each block's
H^T H and H^T Y in float32 (ssyrk/sgemm) where its estimate of their rounding stays below the
ridge penalty (``zoo._core.ridge``), in float64 otherwise; its sums and Cholesky are float64.
hpelm single sums H^T H over its batches and solves (sposv) in float32; scikit-elm keeps float32
H and adds each batch's float32 H^T H to a float64 system. Each "floor" line is the floor in that
dtype (float32: float32 products, float64 Cholesky, as zoo).

Measured with ``--clock cpu`` (shared 2-core machine, load 2 to 3, two runs). float64: zoo /
hpelm 1.07-1.13x on digits, 0.94-1.03x on the classification, 1.09-1.12x on friedman1; zoo's fit
is 0.84-1.11x the floor and hpelm's about the floor, so half of hpelm's time is out of reach in
float64. float32 data: zoo f32 / hpelm (float64) 0.66-0.70x, 0.49-0.50x, 0.97-0.99x (friedman1's
ridge 1e-3 is below the rounding estimate: float64 products), zoo f32 / scikit-elm (float64)
0.54-0.55x, 0.47-0.49x, 0.76-0.88x; like for like, zoo f32 / hpelm single 1.15-1.33x, 1.04x,
1.96x and zoo f32 / scikit-elm f32 0.57-0.72x, 0.74-0.79x, 1.15-1.22x. hpelm single runs at the
float32 floor (below it on the small tasks: its Cholesky is float32's). zoo's float32 scores equal
its float64 ones to four digits (0.9807, 0.7642, R^2 0.9156). Before float32 products (float64
products of float32 H; one run) zoo f32 took 0.054 s, 0.428 s and 0.053 s; now 0.036-0.039 s,
0.236-0.258 s and 0.054-0.056 s. The issue's 0.5x is met by float32 zoo against float64 peers on
the classification task only; like for like it is not, and the float32 floor line shows why.
"""

import argparse
import functools
import time
import warnings

import numpy as np
import scipy.linalg
from sklearn.datasets import load_digits, make_classification, make_friedman1
from sklearn.metrics import accuracy_score, r2_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from zoo import ELMClassifier, ELMRegressor


def zoo_fit(X, y, p, seed):
    cls = ELMClassifier if p["task"] == "c" else ELMRegressor
    return cls(
        n_hidden=p["units"], activation="tanh", alpha=p["ridge"],
        input_scaling=1 / np.sqrt(X.shape[1]), random_state=seed,
    ).fit(X, y)  # fmt: skip


def zoo_predict(model, X):
    return model.predict(X)


def zoo_skelm_draw_fit(X, y, p, seed):
    """zoo with scikit-elm's draw of the hidden layer: normal weights of standard deviation
    1/sqrt(units) (its GaussianRandomProjection; zoo also draws the biases so)."""
    cls = ELMClassifier if p["task"] == "c" else ELMRegressor
    return cls(
        n_hidden=p["units"], activation="tanh", alpha=p["ridge"], weight_distribution="normal",
        input_scaling=1 / np.sqrt(p["units"]), random_state=seed,
    ).fit(X, y)  # fmt: skip


def hpelm_fit(X, y, p, seed, precision="double"):
    import hpelm

    np.random.seed(seed)  # hpelm draws from numpy's global generator
    options = dict(norm=p["ridge"], tprint=1e9, precision=precision)
    if p["task"] == "c":
        T = (y[:, None] == np.unique(y)).astype(X.dtype)
        model = hpelm.ELM(X.shape[1], T.shape[1], classification="c", **options)
        model.add_neurons(p["units"], "tanh")
        model.train(X, T, "c")
        model._classes = np.unique(y)
    else:
        model = hpelm.ELM(X.shape[1], 1, **options)
        model.add_neurons(p["units"], "tanh")
        model.train(X, y[:, None].astype(X.dtype))
    model._task = p["task"]
    return model


def hpelm_predict(model, X):
    out = model.predict(X)
    return model._classes[out.argmax(axis=1)] if model._task == "c" else out[:, 0]


def skelm_fit(X, y, p, seed):
    import skelm

    cls = skelm.ELMClassifier if p["task"] == "c" else skelm.ELMRegressor
    return cls(n_neurons=p["units"], ufunc="tanh", alpha=p["ridge"], random_state=seed).fit(X, y)


def skelm_predict(model, X):
    return model.predict(X)


#: ``name: (fit, predict, module or None, input dtype)``; the float32 lines are fed float32 data
#: (hpelm with ``precision="single"``: its products, sums and solve in float32).
LIBRARIES = {
    "zoo": (zoo_fit, zoo_predict, None, np.float64),
    "zoo skelm-draw": (zoo_skelm_draw_fit, zoo_predict, None, np.float64),
    "hpelm": (hpelm_fit, hpelm_predict, "hpelm", np.float64),
    "scikit-elm": (skelm_fit, skelm_predict, "skelm", np.float64),
    "zoo f32": (zoo_fit, zoo_predict, None, np.float32),
    "hpelm single": (
        functools.partial(hpelm_fit, precision="single"),
        hpelm_predict,
        "hpelm",
        np.float32,
    ),
    "scikit-elm f32": (skelm_fit, skelm_predict, "skelm", np.float32),
}

#: The clock of the fit times (``--clock``): wall time, or this process's CPU time.
CLOCK = time.perf_counter


def floor_time(X, p, repeats):
    """The work every ELM fit does at least, timed with the same shapes and threads: the hidden
    layer H = tanh(X W + b) (one GEMM), its Gram matrix H^T H (the normal equations, numpy's
    syrk) and the Cholesky solve of the (units + 1)-square system. H is computed in place in
    blocks of rows (about 4M numbers, as zoo does), so that neither allocation nor page faults of
    a whole H count. In X's dtype (float32: the products in float32, added to a float64 system
    solved in float64, as zoo where it takes float32 products). A library's fit time above it is
    its own."""
    rng = np.random.default_rng(0)
    W = rng.uniform(-1, 1, (X.shape[1], p["units"])).astype(X.dtype)
    b = rng.uniform(-1, 1, p["units"]).astype(X.dtype)
    step = max(1, 2**22 // p["units"])
    best = np.inf
    for _ in range(repeats):
        start = CLOCK()
        G, c = np.zeros((p["units"], p["units"])), np.zeros((p["units"], 1))
        for first in range(0, len(X), step):
            H = X[first : first + step] @ W
            H += b
            np.tanh(H, out=H)
            G += H.T @ H
            c += H.T @ np.ones((len(H), 1), X.dtype)
        G[np.diag_indices_from(G)] += p["ridge"]
        scipy.linalg.cho_solve(scipy.linalg.cho_factor(G), c)
        best = min(best, CLOCK() - start)
    return best


def tasks(quick):
    X, y = load_digits(return_X_y=True)
    yield "digits", dict(task="c", units=1000, ridge=1.0), X, y
    n = 5000 if quick else 20000
    X, y = make_classification(
        n, 100, n_informative=40, n_classes=10, n_clusters_per_class=2, class_sep=2.0,
        random_state=0,
    )  # fmt: skip
    yield f"classification {n} x 100", dict(task="c", units=1000, ridge=1.0), X, y
    n = 2000 if quick else 10000
    X, y = make_friedman1(n, noise=1.0, random_state=0)
    yield f"friedman1 {n}", dict(task="r", units=500, ridge=1e-3), X, y


def products(model):
    """How a zoo fit took H^T H: in float32, or in float64 because the rounding's estimate
    (zoo._core.ridge) exceeded the penalty."""
    error = getattr(getattr(model, "_normal_equations", None), "float32_error", None)
    if error is None or model.input_weights_.dtype != np.float32:
        return ""
    if error > 0:
        return "  (float32 products)"
    return "  (float64 products: float32 rounding would exceed the penalty)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="wall time, or the process's CPU time (one BLAS thread: steadier under load)",
    )
    args = parser.parse_args()
    global CLOCK
    CLOCK = time.perf_counter if args.clock == "wall" else time.process_time
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    available = {}
    for name, (fit, predict, module, dtype) in LIBRARIES.items():
        if module is not None:
            try:
                __import__(module)
            except ImportError:
                print(f"{name}: not installed, skipped (pip install {module})")
                continue
        available[name] = (fit, predict, dtype)
    with threadpool_limits(1, user_api="blas"):
        for title, p, X, y in tasks(args.quick):
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
            scaler = StandardScaler().fit(X_train)
            X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
            if p["task"] == "r":
                mean, std = y_train.mean(), y_train.std()
                y_train = (y_train - mean) / std
                y_test = (y_test - mean) / std
            metric = accuracy_score if p["task"] == "c" else r2_score
            score = "accuracy" if p["task"] == "c" else "R^2"
            print(f"\n{title}: {p['units']} tanh units, ridge {p['ridge']:g}")
            times, floors = {}, {}
            for dtype in (np.float64, np.float32):
                X_fit, X_score = X_train.astype(dtype), X_test.astype(dtype)
                floors[dtype] = floor_time(X_fit, p, args.repeats)
                zoo_name = "zoo" if dtype == np.float64 else "zoo f32"
                for name, (fit, predict, input_dtype) in available.items():
                    if input_dtype != dtype:
                        continue
                    seed_times, scores = [], []
                    for seed in range(args.seeds):
                        best = np.inf
                        for _ in range(args.repeats if seed == 0 else 1):
                            start = CLOCK()
                            model = fit(X_fit, y_train, p, seed)
                            best = min(best, CLOCK() - start)
                        seed_times.append(best)
                        scores.append(metric(y_test, predict(model, X_score)))
                    t = times[name] = seed_times[0]
                    ratio = (
                        ""
                        if name == zoo_name
                        else f"  {zoo_name}/{name} time {times[zoo_name] / t:.2f}x"
                    )
                    note = products(model) if name == zoo_name else ""
                    print(
                        f"  {name:14s} fit {t:7.3f}s  test {score} {np.mean(scores):.4f} "
                        f"(min {np.min(scores):.4f}){ratio}{note}"
                    )
                label = "floor" if dtype == np.float64 else "floor f32"
                print(
                    f"  {label:14s}     {floors[dtype]:7.3f}s  (X W, tanh, H^T H and the Cholesky "
                    f"alone: {zoo_name}'s fit is x{times[zoo_name] / floors[dtype]:.2f} of it)"
                )
            peers = [name for name in ("hpelm", "scikit-elm") if name in times]
            if peers:
                against = ", ".join(
                    f"{name} {times['zoo f32'] / times[name]:.2f}x" for name in peers
                )
                print(
                    f"  zoo f32 time / float64 peers: {against}; float64 floor / float32 floor "
                    f"{floors[np.float64] / floors[np.float32]:.2f}x"
                )


if __name__ == "__main__":
    main()
