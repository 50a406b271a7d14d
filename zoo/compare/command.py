"""The two commands behind ``zoo compare`` and ``zoo list``, given the parsed options.

:mod:`zoo.cli` parses the arguments and calls these; they print the result and return the exit
status: 0, 1 when no model succeeded, 130 after a Ctrl-C (once the table of what finished is
printed). A user error raises :class:`CLIError` before anything runs.
"""

import json
import os
import sys

from ._errors import CLIError
from .datasets import DATASETS, load_dataset, subsample
from .discovery import discover_estimators
from .models import build_models, check_param_grid, left_out, parse_param
from .report import write_report
from .run import check_settings, compare, progress_printer
from .series import build_series_models, compare_series, load_series
from .table import render_list, render_series_table, render_table

__all__ = ["compare_command", "list_command"]


def compare_command(options, command_line):
    """``zoo compare``: ``options`` holds the command-line options by their ``dest`` names
    (``dataset``, ``target``, ``task``, ``sep``, ``drop``, ``keep``, ``models``,
    ``max_samples``, ``cv``, ``scoring``, ``pos_label``, ``random_state``, ``n_jobs``, ``param``,
    ``nested``, ``inner_cv``, ``report``, ``json``, ``backend``, ``scheduler``, ``quiet``);
    ``command_line`` is quoted in the report. With ``horizon`` (and ``lags``), the dataset is
    one series and :func:`series_command` compares forecasters on it."""
    source = getattr(options, "source", None)
    if source is not None and options.dataset is not None and source != options.dataset:
        raise CLIError(f"two datasets: {source!r} and --dataset {options.dataset!r}; give one.")
    options.dataset = source or options.dataset or "digits"
    if getattr(options, "horizon", None) is not None:
        return series_command(options)
    if getattr(options, "lags", None) is not None:
        raise CLIError("--lags is for a series: give --horizon H too.")
    if options.n_jobs == 0:
        raise CLIError("--n-jobs 0 runs nothing: give 1 (one fit at a time), N, or -1 (all cores).")
    if options.backend != "dask" and options.scheduler:
        raise CLIError("--scheduler is for --backend dask.")
    param_grid = {}
    for text in options.param or []:
        name, values = parse_param(text)
        if name in param_grid:
            raise CLIError(
                f"--param {name} is given twice; give all its values in one --param, e.g. "
                f"{name}={','.join(map(repr, param_grid[name] + values))}."
            )
        param_grid[name] = values
    if options.nested and not param_grid:
        raise CLIError("--nested chooses among --param candidates: give --param too.")
    dataset = load_dataset(
        options.dataset,
        options.target,
        options.task,
        random_state=options.random_state,
        sep=options.sep,
        drop=_names(options.drop),
        keep=_names(options.keep),
    )
    for warning in dataset.warnings:
        print(f"zoo: warning: {warning}", file=sys.stderr)
    if options.task and (options.dataset in DATASETS or os.path.isdir(options.dataset)):
        print(
            f"zoo: warning: --task is read for CSV files only; {dataset.name} is a "
            f"{dataset.task} dataset and is compared as one.",
            file=sys.stderr,
        )
    if options.max_samples is not None:
        dataset = subsample(dataset, options.max_samples, options.random_state)
    select = [s for part in options.models or [] for s in part.split(",")] or None
    models = build_models(dataset, options.random_state, select)
    if not models:
        raise CLIError(f"no model to compare on {dataset.name!r}.")
    for note in check_param_grid(models, param_grid):
        print(f"zoo: warning: {note}", file=sys.stderr)
    _, scoring_notes = check_settings(
        dataset, options.cv, options.scoring, options.nested, options.inner_cv, options.pos_label
    )
    if not options.quiet:
        task = dataset.task
        if dataset.task_reason:
            task += f": {dataset.task_reason}"
        print(
            f"zoo compare: {len(models)} model{'s' if len(models) != 1 else ''} on "
            f"{dataset.name} ({dataset.n_samples}×{dataset.X.shape[1]}, {task}), "
            f"{options.cv}-fold CV",
            file=sys.stderr,
            flush=True,
        )
        for note in scoring_notes:
            print(f"zoo compare: {note}", file=sys.stderr)
    summary = compare(
        dataset,
        models,
        cv=options.cv,
        scoring=options.scoring,
        param_grid=param_grid,
        random_state=options.random_state,
        n_jobs=options.n_jobs,
        backend=options.backend,
        scheduler=options.scheduler,
        progress=None if options.quiet else progress_printer(sys.stderr),
        nested=options.nested,
        inner_cv=options.inner_cv,
        pos_label=options.pos_label,
    )
    summary["left_out"] = left_out(dataset, select)
    if options.report:
        path = write_report(summary, options.report, dataset, models, command_line)
        if not options.quiet:
            print(f"report written to {path}", file=sys.stderr)
    print(json.dumps(summary, indent=1) if options.json else render_table(summary))
    if summary["interrupted"]:
        return 130  # the shell's code for Ctrl-C, after the table of what finished
    if all(r["error"] is not None for r in summary["results"]):
        print("zoo: error: no model succeeded (see the table).", file=sys.stderr)
        return 1
    return 0


#: The options of a table comparison that a series comparison does not take, by ``dest``.
_NOT_FOR_SERIES = {
    "keep": "--keep",
    "task": "--task",
    "max_samples": "--max-samples",
    "scoring": "--scoring",
    "pos_label": "--pos-label",
    "param": "--param",
    "nested": "--nested",
    "report": "--report",
}


def series_command(options):
    """``zoo compare SERIES.csv --target COL --horizon H``: the forecasters of
    :mod:`zoo.compare.series` on one series, by rolling origin."""
    for dest, flag in _NOT_FOR_SERIES.items():
        if getattr(options, dest, None):
            raise CLIError(f"{flag} is for a table comparison; --horizon compares forecasters.")
    if options.n_jobs == 0:
        raise CLIError("--n-jobs 0 runs nothing: give 1 (one fit at a time), N, or -1 (all cores).")
    if options.backend != "dask" and options.scheduler:
        raise CLIError("--scheduler is for --backend dask.")
    if options.dataset in DATASETS or os.path.isdir(options.dataset):
        raise CLIError(
            f"--horizon compares forecasters on a series in a CSV file; {options.dataset!r} is "
            "not one."
        )
    series = load_series(options.dataset, options.target, options.sep, _names(options.drop))
    lags = 2 if options.lags is None else options.lags
    select = [s for part in options.models or [] for s in part.split(",")] or None
    models, left_out = build_series_models(
        series, lags, options.random_state, select, _names([options.lag_models or ""])
    )
    if not models:
        raise CLIError(f"no forecaster to compare on {series.name!r}.")
    if not options.quiet:
        inputs = f"{len(series.inputs)} exogenous" if series.inputs else "no exogenous input"
        print(
            f"zoo compare: {len(models)} forecaster{'s' if len(models) != 1 else ''} on "
            f"{series.name} ({series.n_steps} steps, target {series.target}, {inputs}), "
            f"horizon {options.horizon}, {options.cv} rolling-origin folds",
            file=sys.stderr,
            flush=True,
        )
    summary = compare_series(
        series,
        models,
        options.horizon,
        cv=options.cv,
        lags=lags,
        n_jobs=options.n_jobs,
        backend=options.backend,
        scheduler=options.scheduler,
        progress=None if options.quiet else progress_printer(sys.stderr, "nrmse"),
        left_out=left_out,
    )
    print(json.dumps(summary, indent=1) if options.json else render_series_table(summary))
    if summary["interrupted"]:
        return 130
    if all(r["error"] is not None for r in summary["results"]):
        print("zoo: error: no model succeeded (see the table).", file=sys.stderr)
        return 1
    return 0


def _names(options):
    """The column names of repeated, comma-separated options (``--drop a,b --drop c``)."""
    return [c.strip() for part in options or [] for c in part.split(",") if c.strip()]


def list_command(as_json=False):
    """``zoo list``: every exported estimator, as a table or JSON."""
    infos = discover_estimators()
    print(json.dumps([i.as_dict() for i in infos], indent=1) if as_json else render_list(infos))
    return 0
