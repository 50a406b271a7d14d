"""Compare every zoo architecture on scikit-learn's digits, as `zoo compare` does, from Python.

The same engine as the command line: `load_dataset`, `build_models` (every estimator exported from
zoo, plus scikit-learn's LogisticRegression and MLPClassifier, each in its Pipeline), `compare`
(stratified k-fold CV through joblib, on every core, one progress line per finished fit on
stderr) and `write_report` (report.html with the plots). Saves `compare_digits.png`, the mean
accuracy of each model with its spread over the folds.

Run: python examples/compare_digits.py     (ZOO_EXAMPLES_QUICK=1 for a 2-fold run of 3 models)
"""

import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from zoo.compare import (  # noqa: E402
    build_models,
    compare,
    load_dataset,
    progress_printer,
    render_table,
)

QUICK = os.environ.get("ZOO_EXAMPLES_QUICK") == "1"
OUTPUT = os.environ.get("ZOO_EXAMPLES_OUTPUT", ".")

digits = load_dataset("digits")
models = build_models(
    digits,
    random_state=0,
    select=["Perceptron", "PNNClassifier", "sklearn.LogisticRegression"] if QUICK else None,
)
summary = compare(
    digits,
    models,
    cv=2 if QUICK else 5,
    n_jobs=1 if QUICK else -1,  # every core; each worker keeps one BLAS thread
    progress=progress_printer(sys.stderr),
)
print(render_table(summary))

rows = [r for r in summary["results"] if r["error"] is None][::-1]
fig, ax = plt.subplots(figsize=(7, 0.35 * len(rows) + 1.5))
ax.barh(
    [r["model"] for r in rows], [r["mean"] for r in rows], xerr=[r["std"] for r in rows], capsize=3
)
ax.set_xlim(min(r["mean"] for r in rows) - 0.1, 1.0)
ax.set_xlabel(f"accuracy, mean ± std over {summary['cv']} folds")
ax.set_title("zoo on digits")
fig.tight_layout()
path = os.path.join(OUTPUT, "compare_digits.png")
fig.savefig(path, dpi=100)
print(f"saved {path}")
