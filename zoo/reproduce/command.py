"""``zoo reproduce`` on the command line: its arguments, the runs, the table.

The table reuses ``zoo compare``'s plain-text table (:func:`zoo.compare.table.format_table`) and
its user error (:class:`zoo.compare.CLIError`); the runs are sequential, one progress line per
finished seed on stderr.
"""

import json
import math
import os
import sys
import time

from ..compare import CLIError
from ..compare.table import format_table
from . import discover_experiments, verdict

__all__ = [
    "add_parser",
    "figure_text",
    "render_table",
    "reproduce_command",
    "run_experiments",
    "zoo_figure",
]

HEADERS = [
    "family",
    "experiment",
    "paper",
    "metric",
    "paper figure",
    "zoo figure",
    "verdict",
    "time (s)",
]


def add_parser(commands, formatter_class):
    """The ``reproduce`` sub-command's parser, added to ``zoo``'s ``commands``."""
    rep = commands.add_parser(
        "reproduce",
        help="re-run the papers' headline results: paper figure, zoo figure, verdict",
        description="Re-run each declared experiment (a paper's published result and zoo's "
        "recipe for it) over its seeds and print the paper's figure beside zoo's, with a "
        "verdict against the tolerance stated before running. Progress goes to stderr.",
        formatter_class=formatter_class,
    )
    add = rep.add_argument
    add("--only", metavar="FAMILIES", help="comma-separated families (default: all)")
    add("--quick", action="store_true", help="fewer seeds and epochs (said so in the output)")
    add("--mnist", metavar="DIR", help="folder of the MNIST idx files; MNIST rows need it")
    add(
        "--report",
        metavar="DIR",
        help="also write DIR/report.html (self-contained: the table, each row's protocol, "
        "source and figure) and DIR/results.json; needs matplotlib",
    )
    add("--json", action="store_true", help="print JSON instead of the table")
    add("--quiet", action="store_true", help="no progress lines on stderr")
    rep.set_defaults(func=reproduce_command)
    return rep


def _select(experiments, only):
    if not only:
        return experiments
    wanted = [f.strip() for f in only.split(",") if f.strip()]
    families = sorted({e.family for e in experiments})
    unknown = [f for f in wanted if f not in families]
    if unknown:
        raise CLIError(
            f"--only: no experiments for {', '.join(unknown)}; families with experiments: "
            f"{', '.join(families)}."
        )
    return [e for e in experiments if e.family in wanted]


def run_experiments(experiments, quick=False, mnist=None, progress=None):
    """Run every experiment over its seeds; one result dict per experiment."""
    total = sum(e.quick_seeds if quick else e.seeds for e in experiments if _runnable(e, mnist))
    done, start, results = 0, time.perf_counter(), []
    for experiment in experiments:
        row = {
            "family": experiment.family,
            "experiment": experiment.name,
            "paper": experiment.paper,
            "source": experiment.source,
            "protocol": experiment.protocol,
            "metric": experiment.metric,
            "published": experiment.published,
            "tolerance": experiment.tolerance,
            "direction": experiment.direction,
            "values": [],
            "time": 0.0,
        }
        results.append(row)
        if not _runnable(experiment, mnist):
            row["verdict"] = "skipped"
            row["reason"] = "needs the MNIST idx files: give --mnist DIR (nothing is downloaded)"
            continue
        row_start = time.perf_counter()
        try:
            for seed in range(experiment.quick_seeds if quick else experiment.seeds):
                seed_start = time.perf_counter()
                kwargs = {"mnist": mnist} if experiment.needs == "mnist" else {}
                value = float(experiment.recipe(seed, quick, **kwargs))
                if not math.isfinite(value):
                    raise ValueError(f"the recipe returned {value} for seed {seed}")
                row["values"].append(value)
                done += 1
                if progress is not None:
                    progress(
                        f"[{done:>{len(str(total))}}/{total}] {time.perf_counter() - start:6.1f}s"
                        f"  {experiment.key} seed {seed}: {experiment.metric} {value:.4g}, "
                        f"{time.perf_counter() - seed_start:.2f}s"
                    )
        except Exception as error:  # a failing recipe is a row of the table, not a crash
            row["verdict"], row["reason"] = "failed", f"{type(error).__name__}: {error}"
        else:
            row["verdict"], row["reason"] = verdict(experiment, row["values"])
        row["time"] = time.perf_counter() - row_start
        values = row["values"]
        if values:
            row["mean"] = sum(values) / len(values)
            row["std"] = math.sqrt(sum((v - row["mean"]) ** 2 for v in values) / len(values))
    return results


def _runnable(experiment, mnist):
    return experiment.needs != "mnist" or mnist is not None


def figure_text(value):
    """A figure as the table prints it: four significant digits, whole numbers in full
    (12730 parameters, not 1.273e+04)."""
    if float(value).is_integer() and abs(value) < 1e9:
        return str(int(value))
    return f"{value:.4g}"


def zoo_figure(row):
    """The zoo column of a result row: mean ± std (n=seeds), or what a skipped row needs."""
    if row.get("mean") is not None:
        return f"{figure_text(row['mean'])} ± {figure_text(row['std'])} (n={len(row['values'])})"
    return "needs --mnist DIR" if row["verdict"] == "skipped" else ""


def render_table(results, quick=False):
    """The table, then the notes: the verdicts' reasons and what ``--quick`` changed."""
    rows = []
    for r in results:
        zoo = zoo_figure(r)
        rows.append(
            [
                r["family"],
                r["experiment"],
                r["paper"],
                r["metric"],
                figure_text(r["published"]),
                zoo,
            ]
            + [r["verdict"], f"{r['time']:.1f}"]
        )
    lines = [format_table(rows, HEADERS, "llllrrlr"), ""]
    if quick:
        lines.append(
            "--quick: fewer seeds and epochs than the default run; the figures are a check"
        )
        lines.append("that the recipes run, not the reproduction.")
    for r in results:
        lines.append(f"{r['family']}/{r['experiment']}: {r['verdict']}: {r['reason']}.")
        lines.append(f"    {r['paper']}, {r['source']}; protocol: {r['protocol']}")
    return "\n".join(lines)


def reproduce_command(args, command_line):
    """``zoo reproduce``: check the arguments, run the rows, print the table; exit status 0."""
    if args.report is not None:
        try:
            import matplotlib  # noqa: F401  (fail before the runs, not after them)
        except ImportError:
            raise CLIError(
                "--report needs matplotlib: pip install 'zoo-nn[plot]', or in a clone of the "
                "repository pip install -e '.[plot]'."
            ) from None
    if args.mnist is not None and not os.path.isdir(args.mnist):
        raise CLIError(f"--mnist {args.mnist!r} is no folder: give the folder of the idx files.")
    experiments = _select(discover_experiments(), args.only)
    if not args.quiet:
        print(f"{command_line}: {len(experiments)} experiments", file=sys.stderr, flush=True)

    def progress(line):
        print(line, file=sys.stderr, flush=True)

    results = run_experiments(
        experiments, quick=args.quick, mnist=args.mnist, progress=None if args.quiet else progress
    )
    if args.json:
        print(json.dumps({"quick": args.quick, "results": results}, indent=2))
    else:
        print(render_table(results, quick=args.quick))
    if args.report is not None:
        from .report import write_report

        path = write_report(
            results,
            experiments,
            args.report,
            quick=args.quick,
            mnist=args.mnist,
            command=command_line,
            progress=None if args.quiet else progress,
        )
        if not args.quiet:
            print(f"report: {path}", file=sys.stderr, flush=True)
    return 0
