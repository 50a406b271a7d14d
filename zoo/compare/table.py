"""The comparison as text: the plain table ``zoo compare`` prints, its Markdown twin, ``zoo list``.

>>> print(format_table([["a", "1.0"]], ["name", "value"], "lr"))
name  value
----  -----
a       1.0
"""

__all__ = ["format_table", "markdown_table", "render_list", "render_table"]


def format_table(rows, headers, align=None):
    """A plain-text table; ``align`` is a string of 'l'/'r' per column."""
    align = align or "l" * len(headers)
    cells = [[str(c) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values):
        return "  ".join(
            v.ljust(w) if a == "l" else v.rjust(w) for v, w, a in zip(values, widths, align)
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in cells])


def result_rows(summary, markdown=False):
    regression = summary["task"] == "regression"
    grid = bool(summary["param_grid"])
    headers = ["model", "family", summary["scoring"]]
    if regression and summary["scoring"] != "neg_root_mean_squared_error":
        headers.append("rmse")
    headers += ["fit (s)", "predict (s)"]
    if grid:
        headers.append("best")
    rows = []
    for r in summary["results"]:
        if r["error"] is not None:
            row = [r["model"], r["family"], "failed"] + [""] * (len(headers) - 3)
            row[-1] = r["error"][:80]
            rows.append(row)
            continue
        mark = "" if r["converged"] else "*"
        row = [r["model"] + mark, r["family"], f"{r['mean']:.3f} ± {r['std']:.3f}"]
        if "rmse" in headers:
            row.append(f"{r['rmse']:.3g}")
        row += [f"{r['fit_time']:.2f}", f"{r['predict_time']:.3f}"]
        if grid:
            row.append(", ".join(f"{k}={v}" for k, v in r["best_params"].items()) or "-")
        rows.append(row)
    align = "llr" + ("r" if "rmse" in headers else "") + "rr" + ("l" if grid else "")
    return headers, rows, align


def table_footer(summary):
    notes = [
        f"{summary['dataset']}: {summary['n_samples']} samples, {summary['n_features']} "
        f"features, {summary['task']}; {summary['cv']}-fold "
        f"{'stratified ' if summary['task'] == 'classification' else ''}CV, mean ± std "
        f"of {summary['scoring']} on the held-out folds; times are per fit."
    ]
    if any(not r["converged"] for r in summary["results"] if r["error"] is None):
        notes.append("* hit max_iter (ConvergenceWarning) in at least one fold.")
    return notes


def render_table(summary):
    headers, rows, align = result_rows(summary)
    return "\n".join([format_table(rows, headers, align), ""] + table_footer(summary))


def markdown_table(headers, rows):
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(out)


def _shorten(text, width):
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def render_list(infos):
    """The table of ``zoo list``: every estimator with its family, task, partial_fit and paper."""
    rows = [
        [i.name, i.family, i.task, "yes" if i.partial_fit else "no", _shorten(i.paper or "-", 90)]
        for i in infos
    ]
    return format_table(rows, ["estimator", "family", "task", "partial_fit", "paper"])
