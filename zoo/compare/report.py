"""``--report DIR``: one self-contained ``report.html`` (plots embedded, a sortable table, the
run's settings and versions), readable offline, beside ``results.json``.

matplotlib is imported only here, and only when a report is asked for (the ``plot`` extra).
"""

import base64
import datetime
import html
import io
import json
import os
import platform
import warnings

import numpy as np
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning

from ._errors import CLIError
from .table import result_rows, table_footer

__all__ = ["write_report"]

#: Files earlier versions of the report wrote into the folder; a new report removes them so no
#: picture of an older run is left beside it.
_OLD_FILES = (
    "report.md",
    "scores.png",
    "time_vs_score.png",
    "loss_curves.png",
    "decision_boundaries.png",
    "regression_predicted.png",
    "regression_residuals.png",
)
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


#: Qualitative palettes the model colours are drawn from, in order of preference.
_PALETTES = ("tab10", "Dark2", "Set1", "tab20b", "tab20c", "Set2", "Accent", "tab20")


def _colours(n):
    """``n`` colours as far apart as the qualitative palettes allow: matplotlib's ten first,
    then each time the candidate farthest (in RGB) from every colour already taken, so no two
    models share a colour or a near shade (the 20 colours of tab20 come in pairs of one hue)."""
    from matplotlib import colormaps

    pool = []
    for name in _PALETTES:
        for colour in colormaps[name].colors:
            colour = tuple(float(c) for c in colour[:3])
            # no pale colour (yellow, pastels vanish on white) and no grey (it reads as "none")
            luminance = 0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2]
            if luminance < 0.72 and np.ptp(colour) > 0.1 and colour not in pool:
                pool.append(colour)
    chosen = pool[: min(n, 10)]
    candidates = np.array(pool[10:])
    while len(chosen) < n and len(candidates):
        distance = np.linalg.norm(candidates[:, None] - np.array(chosen)[None], axis=2).min(1)
        pick = int(np.argmax(distance))
        chosen.append(tuple(candidates[pick]))
        candidates = np.delete(candidates, pick, axis=0)
    while len(chosen) < n:  # more models than distinct colours: the markers tell them apart
        chosen.append(chosen[len(chosen) % len(pool)])
    return chosen


def _styles(names):
    """A (colour, marker) for every model, named the same in every figure: a colour of its own
    (:func:`_colours`) and one of eight markers, so no two models look alike even in grey."""
    colours = _colours(len(names))
    return {name: (colours[k], _MARKERS[k % len(_MARKERS)]) for k, name in enumerate(names)}


def _png(figure):
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=figure.dpi)
    return buffer.getvalue()


def _grid(n, width=3.0):
    columns = min(4, max(n, 1))
    rows = -(-n // columns)
    return rows, columns, (width * columns, width * rows)


def write_report(summary, directory, dataset=None, models=None, command=None):
    """``report.html`` (self-contained) and ``results.json`` in ``directory``.

    Plots: each model's mean score with its std, one panel per scorer, the axis zoomed to the
    scores and the chance level drawn (or noted when off the axis); fit time against score;
    both with one colour and marker per model, the same in every figure; the training criterion
    of every iterative model (first fold), one panel per estimator class since each measures
    something else, its y-axis named by the quantity; the confusion matrices (summed over the
    test folds) of the ``CONFUSION_MODELS`` best classifiers; for 2-D
    classification data, every model's decision regions (each refitted on the whole dataset);
    for regression, every model's out-of-fold predictions against the true targets and its
    residuals. Needs matplotlib (``pip install 'zoo-nn[plot]'``, or ``pip install -e '.[plot]'``
    in a clone). Returns the path of
    ``report.html``.
    """
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise CLIError(
            "--report needs matplotlib: pip install 'zoo-nn[plot]', or in a clone of the "
            "repository pip install -e '.[plot]'."
        ) from None
    os.makedirs(directory, exist_ok=True)
    for name in os.listdir(directory):
        if name in _OLD_FILES or (name.startswith("confusion_") and name.endswith(".png")):
            os.remove(os.path.join(directory, name))
    ok = [r for r in summary["results"] if r["error"] is None]
    styles = _styles([r["model"] for r in ok])
    images = []
    if ok:
        images.append(("Score of each model", _scores_plot(summary, ok, styles, Figure)))
        images.append(("Fit time against score", _time_plot(summary, ok, styles, Figure)))
    curves = [r for r in ok if r.get("loss_curve")]
    if curves:
        images.append(
            ("Training criterion of the iterative models", _curves(curves, styles, Figure))
        )
    if summary["task"] == "classification" and ok:
        title = "Confusion matrices" + (
            f" of the {CONFUSION_MODELS} best models (every model's in results.json)"
            if len(ok) > CONFUSION_MODELS
            else ""
        )
        images.append((title, _confusions(summary, ok, Figure)))
        if (
            dataset is not None
            and models is not None
            and dataset.X.shape[1] == 2
            and np.isfinite(dataset.X).all()
        ):
            png = _decision_boundaries(summary, dataset, models, Figure)
            images.append(("Decision regions (each model refitted on all the data)", png))
    if summary["task"] == "regression" and dataset is not None:
        fitted = [r for r in ok if r.get("predictions") is not None]
        if fitted:
            images += _regression_plots(fitted, np.asarray(dataset.y, float), Figure)
    path = os.path.join(directory, "report.html")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(_html(summary, images, command))
    with open(os.path.join(directory, "results.json"), "w") as handle:
        json.dump(summary, handle, indent=1)
    return path


def _zoom(axes, low, high, chance, horizontal=True):
    """Limit an axis to the scores (with a margin), and draw the chance level when it falls
    inside; returns the note for the title when it does not (0.101 beside scores of 0.85 to 0.98
    would squeeze every model into a sliver)."""
    margin = 0.08 * (high - low) or 0.01
    low, high = low - margin, high + margin
    (axes.set_xlim if horizontal else axes.set_ylim)(low, high)
    if chance is None:
        return ""
    if low <= chance <= high:
        line = axes.axvline if horizontal else axes.axhline
        line(chance, color="tab:red", linestyle="--", linewidth=1)
        return f"chance {chance:.3f}: red dashes"
    where = ("left of" if chance < low else "right of") if horizontal else "below"
    return f"chance {chance:.3f}, {where} the axis"


def _scores_plot(summary, ok, styles, Figure):
    """One panel per scorer, the models in rank order down a shared axis: each its mean (its own
    colour and marker) with the std over the folds, the axis zoomed to the scores."""
    scorings = summary.get("scorings", [summary["scoring"]])
    width = 4.0 + 3.2 * len(scorings)
    figure = Figure(figsize=(width, max(3.0, 0.3 * len(ok) + 1.4)), dpi=100, layout="constrained")
    positions = np.arange(len(ok))[::-1]
    first = None
    for k, scoring in enumerate(scorings):
        axes = figure.add_subplot(1, len(scorings), k + 1, sharey=first)
        first = first or axes
        metrics = [(r.get("metrics") or {scoring: r}).get(scoring) for r in ok]
        means = np.array([m["mean"] if m else np.nan for m in metrics])
        stds = np.array([m["std"] if m else 0.0 for m in metrics])
        for position, r, mean, std in zip(positions, ok, means, stds):
            colour, marker = styles[r["model"]]
            axes.errorbar(mean, position, xerr=std, fmt=marker, color=colour, capsize=3)
        axes.grid(axis="x", alpha=0.3)
        finite = np.isfinite(means)
        chance = (summary.get("chance") or {}).get(scoring)
        note = ""
        if finite.any():
            low = float(np.min(means[finite] - stds[finite]))
            high = float(np.max(means[finite] + stds[finite]))
            note = _zoom(axes, low, high, chance)
        axes.set_title(f"{scoring}" + (f"\n({note})" if note else ""), fontsize=9)
        axes.set_xlabel(f"mean ± std over {summary['cv']} folds", fontsize=8)
        axes.tick_params(labelsize=8)
        if k == 0:
            axes.set_yticks(positions, [r["model"] for r in ok], fontsize=8)
        else:
            axes.tick_params(labelleft=False)
    figure.suptitle(f"{summary['dataset']}: the score of each model", fontsize=10)
    return _png(figure)


def _time_plot(summary, ok, styles, Figure):
    """Each model a point with its own colour and marker, named in a legend beside the axes:
    labels written at the points overlapped wherever models score alike."""
    scoring = summary["scoring"]
    figure = Figure(figsize=(10, max(4.5, 0.22 * len(ok) + 1.0)), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    for r in ok:
        colour, marker = styles[r["model"]]
        axes.errorbar(
            r["fit_time"],
            r["mean"],
            yerr=r["std"],
            fmt=marker,
            color=colour,
            capsize=3,
            markersize=7,
            label=r["model"],
        )
    means, stds = np.array([r["mean"] for r in ok]), np.array([r["std"] for r in ok])
    chance = (summary.get("chance") or {}).get(scoring)
    note = _zoom(axes, float(np.min(means - stds)), float(np.max(means + stds)), chance, False)
    axes.set_xscale("log")
    axes.set_xlabel("fit time per fold (s, log scale)")
    axes.set_ylabel(scoring)
    axes.grid(alpha=0.3)
    axes.set_title("Fit time against score" + (f" ({note})" if note else ""))
    axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return _png(figure)


def _curves(curves, styles, Figure):
    """One panel per estimator class: each class's ``loss_curve_`` is its own training criterion
    (log loss, error rate, quantization error...), comparable only with the same class's, so
    zoo's and scikit-learn's classes of one name share a panel (scikit-learn's line dashed)."""
    groups = {}
    for r in curves:
        kind = r["model"].split(" + ")[0].rsplit(".", 1)[-1]
        groups.setdefault(kind, []).append(r)
    rows, columns, size = _grid(len(groups), width=3.5)
    figure = Figure(figsize=size, dpi=100, layout="constrained")
    for k, (kind, members) in enumerate(groups.items()):
        axes = figure.add_subplot(rows, columns, k + 1)
        for r in members:
            curve = np.asarray(r["loss_curve"], dtype=float)
            axes.plot(
                np.arange(1, len(curve) + 1),
                curve,
                color=styles[r["model"]][0],
                marker=styles[r["model"]][1],
                markevery=max(1, len(curve) // 8),
                markersize=4,
                linestyle="--" if r["family"] == "sklearn" else "-",
                label=f"{r['model']} ({r['family']})",
            )
        low = min(min(r["loss_curve"]) for r in members)
        if low > 0 and max(max(r["loss_curve"]) for r in members) / low > 10:
            axes.set_yscale("log")
        axes.set_title(kind, fontsize=9)
        axes.set_xlabel("epoch", fontsize=8)
        axes.set_ylabel(members[0].get("loss_curve_quantity", "loss"), fontsize=8)
        axes.tick_params(labelsize=7)
        axes.legend(fontsize=6)
    return _png(figure)


#: The confusion figure shows the best models only, each panel large enough to read its counts.
CONFUSION_MODELS = 6


def _confusions(summary, ok, Figure):
    """The confusion matrices (summed over the test folds) of the ``CONFUSION_MODELS`` best
    models, three to a row, each with its counts written in; every model's is in
    ``results.json``."""
    labels = summary.get("labels")
    best = ok[:CONFUSION_MODELS]
    n_classes = len(best[0]["confusion"])
    side = max(3.2, 0.38 * n_classes + 1.2)  # a cell of at least ~38 px for a 3-digit count
    columns = min(3, len(best))
    rows = -(-len(best) // columns)
    figure = Figure(figsize=(side * columns, side * rows), dpi=100, layout="constrained")
    names = [str(v) for v in labels] if labels is not None else [str(t) for t in range(n_classes)]
    ticks = np.arange(n_classes)
    font = 9 if n_classes <= 10 else 7
    for k, r in enumerate(best):
        axes = figure.add_subplot(rows, columns, k + 1)
        matrix = np.asarray(r["confusion"])
        axes.imshow(matrix, cmap="Blues")
        long_names = max(len(n) for n in names) > 3
        axes.set_xticks(ticks, names, fontsize=font, rotation=90 if long_names else 0)
        axes.set_yticks(ticks, names, fontsize=font)
        if n_classes <= 20:
            for (i, j), count in np.ndenumerate(matrix):
                if count:
                    axes.text(
                        j,
                        i,
                        count,
                        ha="center",
                        va="center",
                        fontsize=font,
                        # white on the darker half of the colour scale (imshow spans min..max)
                        color="white" if 2 * (count - matrix.min()) > np.ptp(matrix) else "black",
                    )
        axes.set_xlabel("predicted", fontsize=font)
        axes.set_ylabel("true", fontsize=font)
        axes.set_title(f"{k + 1}. {r['model']} ({r['mean']:.3f})", fontsize=10)
    return _png(figure)


def _regression_plots(rows, y, Figure):
    """Predicted against true target, and residual against predicted, one panel per model (each
    sample predicted by the model of the fold that held it out)."""
    n_rows, columns, size = _grid(len(rows))
    lo, hi = float(y.min()), float(y.max())
    images = []
    for kind in ("predicted", "residuals"):
        figure = Figure(figsize=size, dpi=100, layout="constrained")
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
        title = "Out-of-fold predictions against the true target"
        if kind == "residuals":
            title = "Residuals of the out-of-fold predictions"
        images.append((title, _png(figure)))
    return images


def _decision_boundaries(summary, dataset, models, Figure):
    """Every successful model refitted on all of ``dataset`` (2-D), its regions on a grid."""
    by_name = {m.name: m for m in models}
    ok = [r for r in summary["results"] if r["error"] is None and r["model"] in by_name]
    X, y = dataset.X, dataset.y
    margin = 0.1 * (X.max(axis=0) - X.min(axis=0))
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], 150), np.linspace(lo[1], hi[1], 150))
    grid = np.column_stack([g0.ravel(), g1.ravel()])
    rows, columns, size = _grid(len(ok))
    figure = Figure(figsize=size, dpi=100, layout="constrained")
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
    return _png(figure)


def _versions():
    import matplotlib
    import scipy
    import sklearn

    import zoo

    return {
        "zoo": zoo.__version__,
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "matplotlib": matplotlib.__version__,
        "python": platform.python_version(),
    }


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #ddd; text-align: left; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
th { cursor: pointer; background: #f3f3f3; position: sticky; top: 0; }
th:hover { background: #e2e2e2; }
tr.chance td { color: #b00; font-style: italic; }
tr.failed td { color: #888; }
img { max-width: 100%; border: 1px solid #eee; }
code, pre { background: #f6f6f6; padding: 0.2em 0.4em; }
ul.notes li { margin: 0.2em 0; }
"""

# click a header to sort by that column (numbers by their leading value, text alphabetically)
_SCRIPT = """
document.querySelectorAll("table.results th").forEach(function (th, column) {
  th.addEventListener("click", function () {
    var body = th.closest("table").tBodies[0];
    var rows = Array.from(body.rows);
    var ascending = th.dataset.order !== "asc";
    th.dataset.order = ascending ? "asc" : "desc";
    function key(row) {
      var text = row.cells[column].textContent.trim();
      var number = parseFloat(text);
      return isNaN(number) ? text.toLowerCase() : number;
    }
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      if (typeof x !== typeof y) { return typeof x === "number" ? -1 : 1; }
      return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
"""


def _html(summary, images, command):
    """The report page: settings, the table, its notes and the plots, in one file."""
    escape = html.escape
    headers, rows, align = result_rows(summary)
    head = "".join(f"<th title='click to sort'>{escape(h)}</th>" for h in headers)
    body = []
    for row in rows:
        kind = (
            "chance"
            if row[0] == "(chance level)"
            else "failed"
            if row[2] in ("failed", "interrupted")
            else ""
        )
        cells = "".join(
            f"<td class='{'number' if a == 'r' else ''}'>{escape(str(c))}</td>"
            for c, a in zip(row, align)
        )
        body.append(f"<tr class='{kind}'>{cells}</tr>")
    settings = {
        "dataset": f"{summary['dataset']} ({summary['n_samples']} samples, "
        f"{summary['n_features']} features, {summary['task']})",
        "cross-validation": f"{summary['cv']}-fold"
        + (" stratified" if summary["task"] == "classification" else "")
        + (f", nested ({summary['inner_cv']}-fold inner CV)" if summary.get("nested") else ""),
        "scoring": ", ".join(summary.get("scorings", [summary["scoring"]])),
        "--param": "; ".join(f"{k}={v}" for k, v in summary["param_grid"].items()) or "-",
        "random_state": summary["random_state"],
        "written": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    settings.update(_versions())
    listing = "".join(
        f"<tr><th scope='row'>{escape(k)}</th><td>{escape(str(v))}</td></tr>"
        for k, v in settings.items()
    )
    notes = "".join(f"<li>{escape(n)}</li>" for n in table_footer(summary))
    figures = "".join(
        f"<h2>{escape(title)}</h2><img alt='{escape(title)}' "
        f"src='data:image/png;base64,{base64.b64encode(png).decode('ascii')}'>"
        for title, png in images
    )
    command_html = f"<pre>{escape(command)}</pre>" if command else ""
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>zoo compare: {escape(summary['dataset'])}</title><style>{_STYLE}</style>"
        f"</head><body><h1>zoo compare: {escape(summary['dataset'])}</h1>{command_html}"
        f"<table class='results'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}"
        f"</tbody></table><ul class='notes'>{notes}</ul>{figures}"
        f"<h2>Settings and versions</h2><table class='settings'>{listing}</table>"
        f"<script>{_SCRIPT}</script></body></html>\n"
    )
