"""The comparison as text: the plain table ``zoo compare`` prints, its Markdown twin, ``zoo list``.

>>> print(format_table([["a", "1.0"]], ["name", "value"], "lr"))
name  value
----  -----
a       1.0
"""

import numpy as np

__all__ = [
    "format_table",
    "markdown_table",
    "render_list",
    "render_series_table",
    "render_table",
    "series_footer",
]


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
    """``(headers, rows, align)`` of the results table, with the chance level as a row in its
    place by score."""
    regression = summary["task"] == "regression"
    grid = bool(summary["param_grid"])
    scorings = summary.get("scorings", [summary["scoring"]])
    chance = summary.get("chance") or {}
    headers = ["model", "family", *scorings]
    if regression and "neg_root_mean_squared_error" not in scorings:
        headers.append("rmse")
    headers += ["fit (s)", "predict (s)"]
    if grid:
        headers.append("best")
    rows = []
    decimals = _decimals([r["rmse"] for r in summary["results"] if r.get("rmse") is not None])
    chance_row = None
    if scorings[0] in chance:
        chance_row = ["(chance level)", "-", *(_number(chance.get(n)) for n in scorings)]
        chance_row += [""] * (len(headers) - len(chance_row))
    for r in summary["results"]:
        if r["error"] is not None:
            if chance_row is not None:
                rows.append(chance_row)
                chance_row = None
            unfinished = r["error"] == "interrupted"
            # why it failed is under the table, in full: here it would widen a column of numbers
            row = [r["model"], r["family"], "interrupted" if unfinished else "failed (below)"]
            rows.append(row + [""] * (len(headers) - 3))
            continue
        if chance_row is not None and r["mean"] <= chance[scorings[0]]:
            rows.append(chance_row)
            chance_row = None
        mark = ("" if r["converged"] else "*") + ("†" if r.get("below_chance") else "")
        metrics = r.get("metrics") or {scorings[0]: r}
        row = [r["model"] + mark, r["family"]]
        row += [f"{metrics[n]['mean']:.3f} ± {metrics[n]['std']:.3f}" for n in scorings]
        if "rmse" in headers:
            row.append(f"{r['rmse']:.{decimals}f}")
        row += [f"{r['fit_time']:.2f}", f"{r['predict_time']:.3f}"]
        if grid:
            row.append(", ".join(f"{k}={_value(v)}" for k, v in r["best_params"].items()) or "-")
        rows.append(row)
    if chance_row is not None:
        rows.append(chance_row)
    align = "ll" + "r" * len(scorings) + ("r" if "rmse" in headers else "") + "rr"
    return headers, rows, align + ("l" if grid else "")


def _value(value):
    """A ``--param`` value as it was written: JSON turned the tuples into lists.

    >>> _value([20]), _value([50, 20]), _value(0.001)
    ('(20,)', '(50, 20)', '0.001')
    """
    return repr(tuple(value)) if isinstance(value, list) else str(value)


def _decimals(values):
    """Decimals that give the median of ``values`` three significant digits, so one column
    reads in one format (55.2, 61.0, 150.3; not 55.2, 61, 1.5e+02).

    >>> _decimals([55.23, 61.0, 150.31]), _decimals([0.0123]), _decimals([])
    (1, 4, 3)
    """
    values = [abs(v) for v in values if v]
    if not values:
        return 3
    return max(0, 2 - int(np.floor(np.log10(np.median(values)))))


def _number(value):
    return "" if value is None else f"{value:.3f}"


def table_footer(summary):
    """The notes under the table: the data and protocol, then what the marks mean."""
    scorings = summary.get("scorings", [summary["scoring"]])
    notes = [
        f"{summary['dataset']}: {summary['n_samples']} samples, {summary['n_features']} "
        f"features, {summary['task']}; {summary['cv']}-fold "
        f"{'stratified ' if summary['task'] == 'classification' else ''}CV, mean ± std "
        f"of {', '.join(scorings)} on the held-out folds; times are per fit."
    ]
    if summary.get("preprocessing"):
        notes.append(summary["preprocessing"])
    notes += summary.get("scoring_notes") or []
    ok = [r for r in summary["results"] if r["error"] is None]
    if any(not r["converged"] for r in ok):
        notes.append("* hit max_iter (ConvergenceWarning) in at least one fold.")
    if summary.get("target_scaling") == "standard":
        notes.append(
            "Each regressor learns the target standardised on its training folds "
            "(TransformedTargetRegressor with StandardScaler); scores and rmse are in its units."
        )
    if summary.get("chance"):
        what = "the majority class" if summary["task"] == "classification" else "the mean target"
        notes.append(
            f"(chance level): a model that always predicts {what}, on the same folds"
            + ("; † scored at or below it." if any(r.get("below_chance") for r in ok) else ".")
        )
    if summary["param_grid"] and summary.get("nested"):
        notes.append(
            f"--param by nested CV: an inner {summary['inner_cv']}-fold CV on each training fold "
            "chose the candidate scored on its test fold; best = the most frequent choice."
        )
    elif summary["param_grid"]:
        notes.append(
            "--param without --nested: each row is its best candidate's mean on the same folds "
            "that chose it, an optimistic estimate; --nested gives an unbiased one."
        )
    if summary.get("interrupted"):
        notes.append(
            f"Interrupted (Ctrl-C) after {summary['n_fits_done']} of {summary['n_fits']} fits: "
            "rows marked 'interrupted' did not finish."
        )
    if summary.get("left_out"):
        notes.append(
            "Not in the default comparison (--models NAME runs them): "
            + "; ".join(f"{name}: {reason}" for name, reason in summary["left_out"].items())
            + "."
        )
    notes += [
        f"failed: {r['model']}: {r['error']}"
        for r in summary["results"]
        if r["error"] is not None and r["error"] != "interrupted"
    ]
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


#: Horizon steps shown as columns at most; the JSON has every step.
MAX_STEP_COLUMNS = 8


def _shown_steps(horizon):
    """The horizon steps (1-based) with a column: all of them up to :data:`MAX_STEP_COLUMNS`,
    else that many spread from 1 to ``horizon``.

    >>> _shown_steps(3), _shown_steps(24)
    ([1, 2, 3], [1, 4, 8, 11, 14, 17, 21, 24])
    """
    if horizon <= MAX_STEP_COLUMNS:
        return list(range(1, horizon + 1))
    return sorted({int(round(v)) for v in np.linspace(1, horizon, MAX_STEP_COLUMNS)})


def render_series_table(summary):
    """The table of a series comparison (:func:`zoo.compare.series.compare_series`): NRMSE over
    every step (± its std over the folds), per horizon step, and the times, best first, with
    ``(persistence)`` in its place; the footer says how it was measured."""
    steps = _shown_steps(summary["horizon"])
    headers = ["model", "family", "inputs", "nrmse", *(f"h={h}" for h in steps)]
    headers += ["fit (s)", "forecast (s)"]
    persistence = summary["persistence"]
    reference = ["(persistence)", "-", "target", f"{persistence['nrmse']:.3f}"]
    reference += [f"{persistence['nrmse_by_step'][h - 1]:.3f}" for h in steps] + ["", ""]
    rows = []
    for r in summary["results"]:
        if reference is not None and (r["error"] is not None or r["nrmse"] > persistence["nrmse"]):
            rows.append(reference)
            reference = None
        inputs = "target+exog" if r["exogenous"] and summary["inputs"] else "target"
        if r["error"] is not None:
            failed = "interrupted" if r["error"] == "interrupted" else "failed (below)"
            rows.append([r["model"], r["family"], inputs, failed] + [""] * (len(headers) - 4))
            continue
        row = [r["model"] + ("" if r["converged"] else "*"), r["family"], inputs]
        row.append(f"{r['nrmse']:.3f} ± {r['nrmse_std']:.3f}")
        row += [f"{r['nrmse_by_step'][h - 1]:.3f}" for h in steps]
        row += [f"{r['fit_time']:.2f}", f"{r['forecast_time']:.3f}"]
        rows.append(row)
    if reference is not None:
        rows.append(reference)
    align = "lll" + "r" * (len(headers) - 3)
    return "\n".join([format_table(rows, headers, align), ""] + series_footer(summary))


def series_footer(summary):
    """The notes under a series table: the data, the protocol, the marks, what was left out."""
    H, lags = summary["horizon"], summary["lags"]
    inputs = summary["inputs"]
    notes = [
        f"{summary['dataset']}: {summary['n_steps']} steps, target {summary['target']}, "
        + (
            f"exogenous {', '.join(inputs)} (known over the horizon)"
            if inputs
            else "no exogenous input"
        )
        + (f"; left out: {'; '.join(summary['notes'])}" if summary["notes"] else "")
        + ".",
        f"Rolling origin: {summary['cv']} TimeSeriesSplit folds, each trained on the steps before "
        f"its test stretch ({', '.join(map(str, summary['train_sizes']))} steps), then "
        f"forecasting {H} step{'s' if H > 1 else ''} closed loop from {summary['n_origins']} "
        "origins in all (the true history up to each origin, no refit). NRMSE = RMSE / std of "
        f"the target over the test stretches, over all steps (± std over folds) and at step h; "
        "fit time per fit, forecast time per fold (all its origins).",
        f"Lags: networks' input_delays 0..{lags} and feedback_delays 1..{lags}; '... on lags' "
        f"rows: a regressor on y(t-1..t-{lags})"
        + (f" and u(t..t-{lags}) of every exogenous column" if inputs else "")
        + ", forecast recursively. Each fold standardises the series by its training stretch.",
        "(persistence): the last observed value, repeated over the horizon.",
    ]
    ok = [r for r in summary["results"] if r["error"] is None]
    if any(not r["converged"] for r in ok):
        notes.append("* hit max_iter (ConvergenceWarning) in at least one fold.")
    if summary.get("interrupted"):
        notes.append(
            f"Interrupted (Ctrl-C) after {summary['n_fits_done']} of {summary['n_fits']} fits."
        )
    if H > MAX_STEP_COLUMNS:
        notes.append(f"Columns h= show {MAX_STEP_COLUMNS} of the {H} steps; --json has all.")
    if summary.get("left_out"):
        notes.append(
            "Not compared: "
            + "; ".join(f"{name}: {why}" for name, why in summary["left_out"].items())
            + "."
        )
    notes += [
        f"failed: {r['model']}: {r['error']}"
        for r in summary["results"]
        if r["error"] is not None and r["error"] != "interrupted"
    ]
    return notes
