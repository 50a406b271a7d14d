"""The ``zoo`` command line: ``zoo compare`` (every architecture on one dataset) and ``zoo list``.

This module only parses the arguments; the comparison engine is :mod:`zoo.compare`.
"""

import argparse
import json
import os
import sys

from .compare import (
    DATASETS,
    CLIError,
    build_models,
    compare,
    discover_estimators,
    load_dataset,
    parse_param,
    progress_printer,
    render_list,
    render_table,
    subsample,
    write_report,
)

__all__ = ["build_parser", "main"]


def _command_compare(args):
    dataset = load_dataset(
        args.dataset, target=args.target, task=args.task, random_state=args.random_state
    )
    if args.max_samples is not None:
        dataset = subsample(dataset, args.max_samples, args.random_state)
    param_grid = dict(parse_param(p) for p in args.param or [])
    select = [s for part in args.models or [] for s in part.split(",")] or None
    models = build_models(dataset, args.random_state, select)
    if not models:
        raise CLIError(f"no model to compare on {dataset.name!r}.")
    if args.backend != "dask" and args.scheduler:
        raise CLIError("--scheduler is for --backend dask.")
    if not args.quiet:
        print(
            f"zoo compare: {len(models)} models on {dataset.name} "
            f"({dataset.n_samples}×{dataset.X.shape[1]}, {dataset.task}), {args.cv}-fold CV",
            file=sys.stderr,
            flush=True,
        )
    summary = compare(
        dataset,
        models,
        cv=args.cv,
        scoring=args.scoring,
        param_grid=param_grid,
        random_state=args.random_state,
        n_jobs=args.n_jobs,
        backend=args.backend,
        scheduler=args.scheduler,
        progress=None if args.quiet else progress_printer(sys.stderr),
    )
    if args.report:
        command = "zoo " + " ".join(sys.argv[1:] if args.argv is None else args.argv)
        path = write_report(summary, args.report, dataset, models, command)
        if not args.quiet:
            print(f"report written to {path}", file=sys.stderr)
    print(json.dumps(summary, indent=1) if args.json else render_table(summary))
    return 0


def _command_list(args):
    infos = discover_estimators()
    print(json.dumps([i.as_dict() for i in infos], indent=1) if args.json else render_list(infos))
    return 0


def build_parser():
    """The ``zoo`` argument parser: the ``compare`` and ``list`` sub-commands."""
    parser = argparse.ArgumentParser(
        prog="zoo",
        description="The classical neural-network architectures as scikit-learn "
        "estimators: compare them on a dataset, or list them.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    cmp = commands.add_parser(
        "compare",
        help="cross-validate every architecture on a dataset",
        description="Cross-validate every zoo estimator that fits the dataset's task, beside "
        "scikit-learn reference rows, and print a table sorted by score. Progress goes to stderr.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add = cmp.add_argument
    add(
        "--dataset",
        default="digits",
        help=f"one of {', '.join(DATASETS)}, the path of a CSV file, or a folder "
        "of MNIST-style IDX files (its training set)",
    )
    add("--target", help="the label column of a CSV dataset")
    add(
        "--task",
        choices=("classification", "regression"),
        help="override the task inferred from a CSV target",
    )
    add(
        "--models",
        action="append",
        metavar="NAMES",
        help="comma-separated model or family names (default: all)",
    )
    add(
        "--max-samples",
        type=int,
        metavar="N",
        help="compare on N rows drawn at random (stratified), e.g. of MNIST",
    )
    add("--cv", type=int, default=5, help="number of (stratified) folds")
    add("--scoring", help="a scikit-learn scorer name (default: accuracy, or r2 for regression)")
    add("--random-state", type=int, default=0, help="seed of folds and models")
    add(
        "--n-jobs",
        type=int,
        default=-1,
        help="parallel fits (-1: all cores; each worker uses one BLAS thread)",
    )
    add(
        "--param",
        action="append",
        metavar="NAME=VALUES",
        help="cross-validate a hyper-parameter for each model that has it, e.g. "
        "alpha=1e-5,1e-3,1e-1; repeat for a grid",
    )
    add("--report", metavar="DIR", help="write report.md and PNG plots to DIR")
    add("--json", action="store_true", help="print JSON instead of the table")
    add(
        "--backend",
        choices=("loky", "threading", "dask"),
        default="loky",
        help="joblib backend for the fits",
    )
    add(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --backend "
        "dask; default: a local cluster)",
    )
    add("--quiet", action="store_true", help="no progress lines on stderr")
    cmp.set_defaults(func=_command_compare)

    lst = commands.add_parser("list", help="every estimator: family, task, paper, partial_fit")
    lst.add_argument("--json", action="store_true", help="print JSON instead of the table")
    lst.set_defaults(func=_command_list)
    return parser


def main(argv=None):
    """Entry point of the ``zoo`` console script (and ``python -m zoo``); returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.argv = None if argv is None else list(argv)
    try:
        return args.func(args)
    except CLIError as error:
        print(f"zoo: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `zoo list | head`: the reader left; end quietly (Python docs' recipe)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
