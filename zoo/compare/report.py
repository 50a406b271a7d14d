"""``--report DIR``: ``report.md`` with PNG plots of the comparison, and ``results.json``.

matplotlib is imported only here, and only when a report is asked for (the ``plot`` extra).
"""

import json
import os
import re
import warnings

import numpy as np
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning

from ._errors import CLIError
from .table import markdown_table, result_rows, table_footer

__all__ = ["write_report"]


def _slug(name):
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_")


def _save(figure, path):
    figure.savefig(path, dpi=figure.dpi)


def write_report(summary, directory, dataset=None, models=None, command=None):
    """``report.md`` and its PNG plots (plus ``results.json``) in ``directory``.

    Plots: mean score with std error bars; fit time against score; the training loss curve of
    every iterative model (first fold); a confusion matrix per classifier (summed over the test
    folds); for 2-D classification data, every model's decision regions side by side (each
    refitted on the whole dataset); for regression, every model's out-of-fold predictions
    against the true targets and its residuals. Needs matplotlib (``pip install 'zoo-nn[plot]'``).
    """
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise CLIError("--report needs matplotlib: pip install 'zoo-nn[plot]'.") from None
    os.makedirs(directory, exist_ok=True)
    ok = [r for r in summary["results"] if r["error"] is None]
    names = [r["model"] for r in ok]
    scoring = summary["scoring"]
    images = []

    figure = Figure(figsize=(8, 5), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    positions = np.arange(len(ok))[::-1]
    axes.barh(
        positions,
        [r["mean"] for r in ok],
        xerr=[r["std"] for r in ok],
        capsize=3,
        color="tab:blue",
        alpha=0.8,
    )
    axes.set_yticks(positions, names, fontsize=8)
    chance = (summary.get("chance") or {}).get(scoring)
    chance_label = None if chance is None else f"chance level ({round(chance, 3) + 0.0:.3f})"
    if chance is not None:
        axes.axvline(chance, color="tab:red", linestyle="--", label=chance_label)
        axes.legend(fontsize=8, loc="lower right")
    axes.set_xlabel(f"{scoring} (mean ± std over {summary['cv']} folds)")
    axes.set_title(f"{summary['dataset']}: {scoring}")
    _save(figure, os.path.join(directory, "scores.png"))
    images.append(("Score of each model", "scores.png"))

    figure = Figure(figsize=(8, 5), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    for r in ok:
        axes.errorbar(r["fit_time"], r["mean"], yerr=r["std"], fmt="o", capsize=3)
        axes.annotate(
            r["model"],
            (r["fit_time"], r["mean"]),
            fontsize=7,
            xytext=(4, 4),
            textcoords="offset points",
        )
    if chance is not None:
        axes.axhline(chance, color="tab:red", linestyle="--", label=chance_label)
        axes.legend(fontsize=8, loc="lower right")
    axes.set_xscale("log")
    axes.set_xlabel("fit time per fold (s, log scale)")
    axes.set_ylabel(scoring)
    axes.set_title("Fit time against score")
    _save(figure, os.path.join(directory, "time_vs_score.png"))
    images.append(("Fit time against score", "time_vs_score.png"))

    curves = [r for r in ok if r.get("loss_curve")]
    if curves:
        figure = Figure(figsize=(8, 5), dpi=100, layout="constrained")
        axes = figure.add_subplot()
        for r in curves:
            curve = np.asarray(r["loss_curve"], dtype=float)
            axes.plot(
                np.arange(1, len(curve) + 1),
                curve,
                label=r["model"],
                linestyle="--" if r["family"] == "sklearn" else "-",
            )
        if all(min(r["loss_curve"]) > 0 for r in curves):
            axes.set_yscale("log")
        axes.set_xlabel("epoch")
        axes.set_ylabel("training loss (each model's loss_curve_)")
        axes.set_title("Loss curves (first fold)")
        axes.legend(fontsize=7)
        _save(figure, os.path.join(directory, "loss_curves.png"))
        images.append(("Training loss of the iterative models", "loss_curves.png"))

    if summary["task"] == "classification":
        labels = np.unique(dataset.y) if dataset is not None else None
        for r in ok:
            matrix = np.asarray(r["confusion"])
            figure = Figure(figsize=(5, 5), dpi=100, layout="constrained")
            axes = figure.add_subplot()
            axes.imshow(matrix, cmap="Blues")
            ticks = np.arange(len(matrix))
            tick_labels = [str(v) for v in labels] if labels is not None else ticks
            axes.set_xticks(ticks, tick_labels, fontsize=7)
            axes.set_yticks(ticks, tick_labels, fontsize=7)
            if len(matrix) <= 12:
                for (i, j), count in np.ndenumerate(matrix):
                    axes.text(
                        j,
                        i,
                        count,
                        ha="center",
                        va="center",
                        fontsize=7,
                        color="white" if count > matrix.max() / 2 else "black",
                    )
            axes.set_xlabel("predicted")
            axes.set_ylabel("true")
            axes.set_title(f"{r['model']}", fontsize=9)
            path = f"confusion_{_slug(r['model'])}.png"
            _save(figure, os.path.join(directory, path))
            images.append((f"Confusion matrix: {r['model']}", path))

        if dataset is not None and models is not None and dataset.X.shape[1] == 2 and ok:
            path = _decision_boundaries(summary, dataset, models, directory, Figure)
            images.append(("Decision regions (each model refitted on all the data)", path))

    if summary["task"] == "regression" and dataset is not None:
        fitted = [r for r in ok if r.get("predictions") is not None]
        if fitted:
            images += _regression_plots(fitted, np.asarray(dataset.y, float), directory, Figure)

    headers, rows, _ = result_rows(summary)
    lines = [f"# zoo compare: {summary['dataset']}", ""]
    if command:
        lines += ["```", command, "```", ""]
    lines += [markdown_table(headers, rows), ""] + table_footer(summary) + [""]
    for title, path in images:
        lines += [f"## {title}", "", f"![{title}]({path})", ""]
    with open(os.path.join(directory, "report.md"), "w") as handle:
        handle.write("\n".join(lines))
    with open(os.path.join(directory, "results.json"), "w") as handle:
        json.dump(summary, handle, indent=1)
    return os.path.join(directory, "report.md")


def _regression_plots(rows, y, directory, Figure):
    """Predicted against true target, and residual against predicted, one panel per model (each
    sample predicted by the model of the fold that held it out)."""
    columns = min(4, len(rows))
    n_rows = -(-len(rows) // columns)
    lo, hi = float(y.min()), float(y.max())
    images = []
    for kind in ("predicted", "residuals"):
        figure = Figure(figsize=(3 * columns, 3 * n_rows), dpi=100, layout="constrained")
        for k, r in enumerate(rows):
            axes = figure.add_subplot(n_rows, columns, k + 1)
            predicted = np.asarray(r["predictions"], float)
            if kind == "predicted":
                axes.scatter(y, predicted, s=6, alpha=0.6, edgecolors="none")
                axes.plot([lo, hi], [lo, hi], color="tab:red", linewidth=1)  # perfect predictions
                axes.set_xlabel("true", fontsize=7)
                axes.set_ylabel("predicted", fontsize=7)
            else:
                axes.scatter(predicted, y - predicted, s=6, alpha=0.6, edgecolors="none")
                axes.axhline(0.0, color="tab:red", linewidth=1)
                axes.set_xlabel("predicted", fontsize=7)
                axes.set_ylabel("true - predicted", fontsize=7)
            axes.tick_params(labelsize=6)
            axes.set_title(r["model"], fontsize=8)
        path = f"regression_{kind}.png"
        _save(figure, os.path.join(directory, path))
        title = "Out-of-fold predictions against the true target"
        images.append(
            (title if kind == "predicted" else "Residuals of the out-of-fold predictions", path)
        )
    return images


def _decision_boundaries(summary, dataset, models, directory, Figure):
    """Every successful model refitted on all of ``dataset`` (2-D), its regions on a grid."""
    by_name = {m.name: m for m in models}
    ok = [r for r in summary["results"] if r["error"] is None and r["model"] in by_name]
    X, y = dataset.X, dataset.y
    margin = 0.1 * (X.max(axis=0) - X.min(axis=0))
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], 150), np.linspace(lo[1], hi[1], 150))
    grid = np.column_stack([g0.ravel(), g1.ravel()])
    columns = min(4, len(ok))
    rows = -(-len(ok) // columns)
    figure = Figure(figsize=(3 * columns, 3 * rows), dpi=100, layout="constrained")
    classes = np.unique(y)
    codes = np.searchsorted(classes, y)
    for k, r in enumerate(ok):
        axes = figure.add_subplot(rows, columns, k + 1)
        params = {f"{by_name[r['model']].step}__{n}": v for n, v in r["best_params"].items()}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                model = clone(by_name[r["model"]].pipeline).set_params(**params).fit(X, y)
            regions = np.searchsorted(classes, model.predict(grid)).reshape(g0.shape)
            axes.contourf(
                g0,
                g1,
                regions,
                alpha=0.35,
                cmap="coolwarm",
                levels=np.arange(len(classes) + 1) - 0.5,
            )
        except Exception as error:  # show the failure in its panel, keep the others
            axes.text(0.5, 0.5, f"{type(error).__name__}", ha="center", transform=axes.transAxes)
        axes.scatter(X[:, 0], X[:, 1], c=codes, cmap="coolwarm", s=6, edgecolors="none")
        axes.set_title(r["model"], fontsize=8)
        axes.set_xticks([])
        axes.set_yticks([])
    _save(figure, os.path.join(directory, "decision_boundaries.png"))
    return "decision_boundaries.png"
