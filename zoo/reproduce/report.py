"""``zoo reproduce --report DIR``: one self-contained ``report.html`` beside ``results.json``.

The page holds the table (sorted by family; a click on a header re-sorts it), then one section
per row: the paper, where its figure is printed, the protocol and where zoo departs from it, the
tolerance stated before running, the per-seed figures, the verdict with its reason, and the
row's figure (drawn by its :attr:`~zoo.reproduce.Experiment.figure` hook for seed 0) as an
embedded PNG. No external resource: the page reads offline. The style, the sorting script, the
PNG encoding and the versions are ``zoo compare``'s report's (:mod:`zoo.compare.report`).

matplotlib is imported only here, and only when a report is asked for (the ``plot`` extra).
"""

import base64
import datetime
import html
import json
import os
import time
import warnings

from ..compare import CLIError
from ..compare.report import _SCRIPT, _STYLE, _png, _versions
from .command import figure_text, zoo_figure

__all__ = ["write_report"]

#: The size of the empty figure handed to a row's ``figure`` hook (inches; 100 dpi).
FIGURE_SIZE = (6.4, 3.6)

_EXTRA_STYLE = """
tr.reproduced td.verdict, span.reproduced { color: #17702a; font-weight: 600; }
tr.within td.verdict, span.within { color: #9a6700; font-weight: 600; }
tr.not td.verdict, span.not { color: #b00; font-weight: 600; }
tr.skipped td, tr.failed td { color: #777; }
section.row { border-top: 2px solid #ddd; margin-top: 2em; }
dl.row { display: grid; grid-template-columns: 11em 1fr; gap: 0.2em 1em; }
dl.row dt { font-weight: 600; color: #555; }
dl.row dd { margin: 0; }
figure { margin: 1em 0; }
figcaption { font-size: 0.9em; color: #555; }
p.nofigure { color: #777; font-style: italic; }
"""


def _verdict_class(verdict):
    return {"reproduced": "reproduced", "within tolerance": "within", "not reproduced": "not"}.get(
        verdict, verdict
    )


def _figure_png(experiment, quick, mnist, Figure):
    """``(png, caption, error)`` of the row's figure for seed 0; a failing hook is reported in
    the row's section, not raised (the other rows' figures still get drawn)."""
    figure = Figure(figsize=FIGURE_SIZE, dpi=100, layout="constrained")
    kwargs = {"mnist": mnist} if experiment.needs == "mnist" else {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            caption = experiment.figure(0, quick, figure, **kwargs)
        return _png(figure), caption, None
    except Exception as error:
        return None, None, f"{type(error).__name__}: {error}"


def write_report(
    results, experiments, directory, quick=False, mnist=None, command=None, progress=None
):
    """Draw every row's figure and write ``report.html`` and ``results.json`` in ``directory``.

    ``results`` are :func:`zoo.reproduce.command.run_experiments`'s rows, ``experiments`` the
    :class:`~zoo.reproduce.Experiment` objects they came from (their ``figure`` hooks are called
    with seed 0 and the run's ``quick``; skipped rows get none). Needs matplotlib (``pip install
    'zoo-nn[plot]'``). Returns the path of ``report.html``.
    """
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise CLIError(
            "--report needs matplotlib: pip install 'zoo-nn[plot]', or in a clone of the "
            "repository pip install -e '.[plot]'."
        ) from None
    os.makedirs(directory, exist_ok=True)
    by_key = {e.key: e for e in experiments}
    figures = {}
    for row in results:
        key = f"{row['family']}/{row['experiment']}"
        experiment = by_key.get(key)
        if row["verdict"] == "skipped" or experiment is None or experiment.figure is None:
            continue
        start = time.perf_counter()
        figures[key] = _figure_png(experiment, quick, mnist, Figure)
        if progress is not None:
            progress(f"figure {key}: {time.perf_counter() - start:.2f}s")
    path = os.path.join(directory, "report.html")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(_html(results, figures, quick, command))
    with open(os.path.join(directory, "results.json"), "w") as handle:
        json.dump({"quick": quick, "results": results}, handle, indent=1)
    return path


def _anchor(row):
    return f"row-{row['family']}-{row['experiment']}"


def _table(results):
    escape = html.escape
    headers = ["family", "experiment", "paper", "metric", "paper figure", "zoo figure"]
    headers += ["verdict", "reason", "time (s)"]
    head = "".join(f"<th title='click to sort'>{escape(h)}</th>" for h in headers)
    body = []
    for r in results:
        cells = [
            f"<td>{escape(r['family'])}</td>",
            f"<td><a href='#{escape(_anchor(r))}'>{escape(r['experiment'])}</a></td>",
            f"<td>{escape(r['paper'])}</td>",
            f"<td>{escape(r['metric'])}</td>",
            f"<td class='number'>{figure_text(r['published'])}</td>",
            f"<td class='number'>{escape(zoo_figure(r))}</td>",
            f"<td class='verdict'>{escape(r['verdict'])}</td>",
            f"<td>{escape(r['reason'])}</td>",
            f"<td class='number'>{r['time']:.1f}</td>",
        ]
        body.append(f"<tr class='{_verdict_class(r['verdict'])}'>{''.join(cells)}</tr>")
    return (
        f"<table class='results'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _section(row, figure):
    escape = html.escape
    direction = {"higher": " (higher is at least as good)", "lower": " (lower is at least as good)"}
    values = ", ".join(figure_text(v) for v in row["values"]) or "-"
    items = [
        ("paper", row["paper"]),
        ("source", row["source"]),
        ("protocol", row["protocol"]),
        ("metric", row["metric"] + direction.get(row["direction"], "")),
        ("paper figure", figure_text(row["published"])),
        ("tolerance", f"{row['tolerance']:g} (stated before running)"),
        ("zoo figure", zoo_figure(row) or "-"),
        ("per seed", values),
        ("wall time", f"{row['time']:.1f} s"),
    ]
    listing = "".join(f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in items)
    verdict = (
        f"<dt>verdict</dt><dd><span class='{_verdict_class(row['verdict'])}'>"
        f"{escape(row['verdict'])}</span>: {escape(row['reason'])}</dd>"
    )
    name = f"{row['family']}/{row['experiment']}"
    if row["verdict"] == "skipped":
        picture = "<p class='nofigure'>Not run: no figure.</p>"
    elif figure is None:
        picture = "<p class='nofigure'>This row declares no figure.</p>"
    elif figure[0] is None:
        picture = f"<p class='nofigure'>The figure failed: {escape(figure[2])}</p>"
    else:
        png, caption, _ = figure
        data = base64.b64encode(png).decode("ascii")
        text = f"{name}, seed 0" + (f": {caption}" if caption else "")
        picture = (
            f"<figure><img alt='{escape(name)}' src='data:image/png;base64,{data}'>"
            f"<figcaption>{escape(text)}</figcaption></figure>"
        )
    return (
        f"<section class='row' id='{escape(_anchor(row))}'><h2>{escape(name)}</h2>"
        f"<dl class='row'>{listing}{verdict}</dl>{picture}</section>"
    )


def _html(results, figures, quick, command):
    escape = html.escape
    settings = {
        "run": "--quick: fewer seeds and epochs than the default run; the figures are a check "
        "that the recipes run, not the reproduction"
        if quick
        else "default: every row's seeds and epochs",
        "written": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    settings.update(_versions())
    listing = "".join(
        f"<tr><th scope='row'>{escape(k)}</th><td>{escape(str(v))}</td></tr>"
        for k, v in settings.items()
    )
    sections = "".join(
        _section(r, figures.get(f"{r['family']}/{r['experiment']}")) for r in results
    )
    command_html = f"<pre>{escape(command)}</pre>" if command else ""
    quick_html = f"<p><strong>{escape(settings['run'])}.</strong></p>" if quick else ""
    intro = (
        "<p>Each row re-runs a paper's headline result over its seeds: the paper's figure "
        "beside zoo's mean ± std, and the verdict against the tolerance stated before running "
        "(reproduced: at least as good, or within 2 standard errors; within tolerance; not "
        "reproduced). Each row's section below gives its protocol, its source and its figure "
        "(seed 0).</p>"
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>zoo reproduce</title><style>{_STYLE}{_EXTRA_STYLE}</style></head><body>"
        f"<h1>zoo reproduce</h1>{command_html}{quick_html}{intro}{_table(results)}{sections}"
        f"<h2>Settings and versions</h2><table class='settings'>{listing}</table>"
        f"<script>{_SCRIPT}</script></body></html>\n"
    )
