"""Cost curves: fit and predict time of every zoo estimator against the number of samples.

Every estimator in ``zoo.__all__`` is discovered (a new family appears here without editing this
file) and fitted on n = 1k, 2k, 4k, 8k, 16k samples of a fixed-width task suited to its declared
input domain (the class attribute ``_input_domain``, default ``"real"``):

- ``real``: 20 standardised features (``make_classification``, 3 classes; a smooth function of
  them for regressors);
- ``unit_interval``: the same 20 features squashed into [0, 1] by the logistic function;
- ``binary``: the same 20 features thresholded at 0 (0/1);
- ``sequences``: 3-D input, sequences of 10 steps of 2 features; the label is the sign of the
  sequence's mean first feature (the target for regressors: that mean).

The smaller sets are prefixes of the 16k one. Each estimator runs in its own subprocess with one
BLAS/OpenMP thread (``threadpoolctl`` plus the ``*_NUM_THREADS`` variables), repeats each fit
``--repeats`` times and keeps the minimum. Both the wall time and the process's CPU time
(``time.process_time``) are recorded; the slopes in the table and the plot are of the CPU time,
which on one thread is the work done, while the wall time of a shared machine also counts the
time other processes held the cores (here, under a load of 10-12 on 2 cores, BernoulliRBM's
wall-clock slope read 1.27 in one run while its CPU time per sample stayed flat).
``predict`` (or ``transform``) is timed on a fixed 1,000-row test set, so its slope
shows how the fitted model grows with n: 0 for a model of fixed size, 1 for PNN/GRNN, which keep
the training set.

Settings: each estimator gets a fixed amount of work that does not depend on n except through
n itself — fixed epochs (``max_iter``/``n_iter``/``n_epochs`` small), no early stopping, small
hidden layers — from ``FAST_PARAMS`` below, else from ``GENERIC_PARAMS`` for whichever of those
parameters a new estimator has. The slope is the least-squares fit of log(time) against log(n).

Memory: the first thing each subprocess does, before any timing, is one fit and one predict (or
transform) of the n training rows at the smallest and at the largest n, each under
``tracemalloc`` (numpy reports its array buffers to it, so this is the call's own arrays: an
n x n float64 array at 16k would be 2 GB). The table gives each peak in MB and as a multiple of
the input's size (``X.nbytes`` at that n): a ratio that stays put between the two sizes is memory
linear in n, a falling one a bounded working set (chunked prediction), a rising one memory that
grows faster than the data. Beside it, the process's peak resident set size after those calls
(``resource.getrusage`` maxrss; it includes the interpreter, numpy/scipy/scikit-learn and the
data, about 150-200 MB before any fit).

Run:  python benchmarks/scaling.py --out DIR [--sizes 1000 2000 4000 8000 16000] [--repeats 3]
      [--only NAME ...]
Writes DIR/scaling.json, DIR/scaling.md (the table) and DIR/scaling.png (log-log, one line per
estimator; needs matplotlib).
"""

import argparse
import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np

#: One BLAS/OpenMP thread in every worker (set before numpy is imported there).
THREAD_VARIABLES = {
    name: "1"
    for name in (
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "BLIS_NUM_THREADS",
        "VECLIB_MAXIMUM_THREADS",
    )
}

N_FEATURES = 20
N_STEPS, N_SEQUENCE_FEATURES = 10, 2
N_TEST = 1000

#: Applied to any estimator that has the parameter: a fixed, small amount of training.
GENERIC_PARAMS = {
    "max_iter": 5,
    "n_iter": 3,
    "n_epochs": 1,
    "early_stopping": False,
    "random_state": 0,
}

#: Per-estimator settings on top of GENERIC_PARAMS (small layers, no stopping rule that could fire
#: within the fixed epochs, so every n gets the same number of passes).
FAST_PARAMS = {
    "MLPClassifier": dict(hidden_layer_sizes=(32,), n_iter_no_change=1000),
    "MLPRegressor": dict(hidden_layer_sizes=(32,), n_iter_no_change=1000),
    "Perceptron": dict(n_iter_no_change=1000),
    "BernoulliRBM": dict(n_components=32),
    "GaussianBernoulliRBM": dict(n_components=32),
    "BoltzmannMachine": dict(n_hidden=2, n_chains=2, n_sample_sweeps=2),
    "DBNTransformer": dict(hidden_layer_sizes=(32, 16)),
    "DBNClassifier": dict(hidden_layer_sizes=(32,), rbm_n_iter=2, n_iter_no_change=1000),
    "ElmanClassifier": dict(n_hidden=16, n_iter_no_change=1000),
    "ElmanRegressor": dict(n_hidden=16, n_iter_no_change=1000),
    "CascadeCorrelationClassifier": dict(
        max_hidden_units=2, max_output_epochs=20, max_candidate_epochs=20
    ),
    "CascadeCorrelationRegressor": dict(
        max_hidden_units=2, max_output_epochs=20, max_candidate_epochs=20
    ),
    "RBFClassifier": dict(n_centers=50),
    "RBFRegressor": dict(n_centers=50),
    "SOM": dict(n_rows=8, n_cols=8),
    "SOMClassifier": dict(n_rows=8, n_cols=8),
}


# ----------------------------------------------------------------------------- the tasks


def make_task(domain, n_samples, seed=0):
    """X (n_samples + N_TEST rows), class labels and a regression target for one input domain."""
    from sklearn.datasets import make_classification

    n = n_samples + N_TEST
    if domain == "sequences":
        rng = np.random.default_rng(seed)
        X = rng.normal(size=(n, N_STEPS, N_SEQUENCE_FEATURES))
        target = X[:, :, 0].mean(axis=1)
        return X, (target > 0).astype(int), target
    X, y = make_classification(
        n_samples=n,
        n_features=N_FEATURES,
        n_informative=10,
        n_redundant=5,
        n_classes=3,
        random_state=seed,
    )
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    target = np.sin(X[:, 0]) + 0.5 * X[:, 1] * X[:, 2] + 0.1 * X[:, 3:].sum(axis=1)
    if domain == "unit_interval":
        X = 1 / (1 + np.exp(-X))  # logistic squashing into (0, 1)
    elif domain == "binary":
        X = (X > 0).astype(float)
    elif domain != "real":
        raise ValueError(f"unknown _input_domain {domain!r}")
    return X, y, target


def estimator_settings(name, cls):
    params = cls().get_params()
    settings = {k: v for k, v in GENERIC_PARAMS.items() if k in params}
    settings.update(FAST_PARAMS.get(name, {}))
    return settings


# ----------------------------------------------------------------------------- one estimator


def run_worker(name, sizes, repeats):
    """In a fresh process: memory at the largest n first, then the timings. Prints JSON."""
    import resource
    import tracemalloc

    from sklearn.base import clone, is_classifier, is_regressor
    from sklearn.utils import get_tags
    from threadpoolctl import threadpool_limits

    import zoo

    warnings.simplefilter("ignore")  # ConvergenceWarnings of the fixed, short training
    cls = getattr(zoo, name)
    domain = getattr(cls, "_input_domain", "real")
    settings = estimator_settings(name, cls)
    estimator = cls(**settings)
    X_all, labels, target = make_task(domain, max(sizes))
    X_test = X_all[-N_TEST:]
    if is_classifier(estimator):
        y_all = labels
    elif is_regressor(estimator):
        y_all = target
    elif get_tags(estimator).target_tags.required:
        # a hetero-associative memory (BAM): each pattern's class, one-hot, as its partner
        y_all = (labels[:, np.newaxis] == np.unique(labels)).astype(float)
    else:
        y_all = None
    method = next(m for m in ("predict", "transform", None) if m is None or hasattr(estimator, m))

    def fit_and_predict(n):
        """Wall and CPU seconds of fit and of predict, and the model's category count if any."""
        model = clone(estimator)
        X, y = X_all[:n], None if y_all is None else y_all[:n]
        wall, cpu = time.perf_counter(), time.process_time()
        model.fit(X) if y is None else model.fit(X, y)
        fit = time.perf_counter() - wall, time.process_time() - cpu
        wall, cpu = time.perf_counter(), time.process_time()
        if method is not None:
            getattr(model, method)(X_test)
        predict = time.perf_counter() - wall, time.process_time() - cpu
        return fit, predict, getattr(model, "n_categories_", None)

    def traced_peak(call):
        """Peak bytes allocated (tracemalloc) while ``call()`` runs, and its result."""
        tracemalloc.start()
        try:
            value = call()
            return tracemalloc.get_traced_memory()[1], value
        finally:
            tracemalloc.stop()

    result = {"name": name, "domain": domain, "settings": repr(settings), "method": method}
    with threadpool_limits(1):
        baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        result["memory"] = {}
        for n in (min(sizes), max(sizes)):
            X, y = X_all[:n], None if y_all is None else y_all[:n]
            model = clone(estimator)
            fit_peak, _ = traced_peak(lambda: model.fit(X) if y is None else model.fit(X, y))
            predict_peak = None
            if method is not None:
                predict_peak, _ = traced_peak(lambda: getattr(model, method)(X))
            result["memory"][n] = {
                "input_mb": X.nbytes / 2**20,
                "fit_mb": fit_peak / 2**20,
                "predict_mb": None if predict_peak is None else predict_peak / 2**20,
            }
        result["baseline_rss_mb"] = baseline_kb / 1024
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        for key in ("fit_seconds", "predict_seconds", "fit_cpu", "predict_cpu", "categories"):
            result[key] = {}
        for n in sizes:
            runs = [fit_and_predict(n) for _ in range(repeats)]
            result["fit_seconds"][n] = min(fit[0] for fit, _, _ in runs)
            result["fit_cpu"][n] = min(fit[1] for fit, _, _ in runs)
            result["predict_seconds"][n] = min(predict[0] for _, predict, _ in runs)
            result["predict_cpu"][n] = min(predict[1] for _, predict, _ in runs)
            result["categories"][n] = runs[0][2]
    print(json.dumps(result))


# ----------------------------------------------------------------------------- all of them


def slope(sizes, seconds):
    """Least-squares slope of log(seconds) against log(n)."""
    return float(np.polyfit(np.log(sizes), np.log(seconds), 1)[0])


def series(result, key, sizes):
    return [result[key][str(n)] for n in sizes]


def memory_cells(result, sizes):
    """'fit' and 'predict' cells: peak MB (x input) at the smallest and at the largest n."""
    cells = []
    for key in ("fit_mb", "predict_mb"):
        parts = []
        for n in (sizes[0], sizes[-1]):
            memory = result["memory"][str(n)]
            if memory[key] is None:
                parts.append("-")
            else:
                parts.append(f"{memory[key]:.1f} ({memory[key] / memory['input_mb']:.1f}x)")
        cells.append(" / ".join(parts))
    return cells


def markdown_table(results, sizes):
    lines = [
        f"| estimator | input | fit CPU s at {sizes[0]:,} | at {sizes[-1]:,} | fit slope (CPU) "
        f"| fit slope (wall) | predict slope | fit peak MB (x input) at {sizes[0]:,} / "
        f"{sizes[-1]:,} | predict peak MB (x input) at {sizes[0]:,} / {sizes[-1]:,} "
        "| peak RSS MB (before fits) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['name']} | {r.get('domain', '')} | failed: {r['error']} |")
            continue
        fit = series(r, "fit_cpu", sizes)
        predict = series(r, "predict_cpu", sizes)
        predict_slope = f"{slope(sizes, predict):.2f}" if r["method"] else "-"
        categories = series(r, "categories", sizes)
        note = f" ({categories[0]:,} -> {categories[-1]:,} categories)" if categories[0] else ""
        fit_memory, predict_memory = memory_cells(r, sizes)
        lines.append(
            f"| {r['name']}{note} | {r['domain']} | {fit[0]:.3f} | {fit[-1]:.3f} "
            f"| {slope(sizes, fit):.2f} | {slope(sizes, series(r, 'fit_seconds', sizes)):.2f} "
            f"| {predict_slope} | {fit_memory} | {predict_memory} "
            f"| {r['peak_rss_mb']:.0f} ({r['baseline_rss_mb']:.0f}) |"
        )
    lines.append("")
    lines.append("Settings (on top of each estimator's defaults):")
    lines.append("")
    lines += [f"- {r['name']}: {r['settings']}" for r in results if "settings" in r]
    return "\n".join(lines) + "\n"


def plot(results, sizes, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 6))
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, r in enumerate(r for r in results if "error" not in r):
        fit = series(r, "fit_cpu", sizes)
        style = ["-", "--", ":", "-."][i // len(cycle) % 4]
        label = f"{r['name']} ({slope(sizes, fit):.2f})"
        ax.loglog(sizes, fit, style, marker="o", ms=3, color=cycle[i % len(cycle)], label=label)
    reference = np.array(sizes, dtype=float)
    ax.loglog(reference, 1e-4 * reference / reference[0], "k:", lw=1, label="slope 1")
    ax.set_xlabel("training samples n")
    ax.set_ylabel("fit CPU time, s (min of repeats, one thread)")
    ax.set_title("zoo: fit time against n (slope of the log-log fit in brackets)")
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5))
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="output folder")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000, 8000, 16000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", nargs="+", help="estimator names (default: zoo.__all__)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per estimator")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        run_worker(args.worker, args.sizes, args.repeats)
        return
    if args.out is None:
        parser.error("--out DIR is required")

    import zoo

    names = args.only or list(zoo.__all__)
    args.out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, **THREAD_VARIABLES)
    # the worker imports this checkout's zoo, as the parent did
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(zoo.__file__).resolve().parents[1]), env.get("PYTHONPATH", "")]
    )
    results = []
    for name in names:
        command = [sys.executable, __file__, "--worker", name, "--repeats", str(args.repeats)]
        command += ["--sizes", *map(str, args.sizes)]
        start = time.perf_counter()
        try:
            done = subprocess.run(
                command, env=env, capture_output=True, text=True, timeout=args.timeout
            )
            if done.returncode != 0:
                error = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "?"
                result = {"name": name, "error": error}
            else:
                result = json.loads(done.stdout.strip().splitlines()[-1])
        except subprocess.TimeoutExpired:
            result = {"name": name, "error": f"timed out after {args.timeout:.0f} s"}
        results.append(result)
        if "error" in result:
            print(f"{name:30s} FAILED: {result['error']}", flush=True)
        else:
            fit = series(result, "fit_cpu", args.sizes)
            fit_memory, predict_memory = memory_cells(result, args.sizes)
            print(
                f"{name:30s} fit slope {slope(args.sizes, fit):5.2f}  "
                f"fit CPU {fit[0]:.3f} s -> {fit[-1]:.3f} s  "
                f"fit peak {fit_memory}  predict peak {predict_memory}  "
                f"({time.perf_counter() - start:.0f} s)",
                flush=True,
            )
    (args.out / "scaling.json").write_text(json.dumps(results, indent=1))
    table = markdown_table(results, args.sizes)
    (args.out / "scaling.md").write_text(table)
    print(table)
    try:
        plot(results, args.sizes, args.out / "scaling.png")
    except ImportError:
        print("matplotlib is not installed: no plot")


if __name__ == "__main__":
    main()
