"""The ``zoo`` command line: ``zoo compare`` (every architecture on one dataset), ``zoo list`` and
``zoo reproduce`` (the papers' results re-run).

This module only parses the arguments; the comparison engine is :mod:`zoo.compare`.
"""

import argparse
import os
import sys

from . import __version__
from .compare import DATASETS, CLIError
from .compare.command import compare_command, list_command
from .reproduce.command import add_parser as add_reproduce_parser

__all__ = ["build_parser", "main"]


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Adds "(default: X)" only where the help does not already say it and X is a value."""

    def _get_help_string(self, action):
        if "default" in (action.help or "") or action.default is None or action.default is False:
            return action.help
        return super()._get_help_string(action)


def build_parser():
    """The ``zoo`` argument parser: the ``compare`` and ``list`` sub-commands."""
    parser = argparse.ArgumentParser(
        prog="zoo",
        description="The classical neural-network architectures as scikit-learn "
        "estimators: compare them on a dataset, or list them.",
    )
    parser.add_argument("--version", action="version", version=f"zoo {__version__}")
    commands = parser.add_subparsers(dest="command")

    cmp = commands.add_parser(
        "compare",
        help="cross-validate every architecture on a dataset",
        description="Cross-validate every zoo estimator that fits the dataset's task, beside "
        "scikit-learn reference rows, and print a table sorted by score. Progress goes to stderr.",
        formatter_class=_HelpFormatter,
    )
    add = cmp.add_argument
    add("source", nargs="?", metavar="DATASET", help="the dataset, as --dataset")
    add(
        "--dataset",
        help=f"one of {', '.join(DATASETS)}, the path of a CSV file, or a folder "
        "of MNIST-style IDX files (its training set); default: digits",
    )
    add("--target", help="the label column of a CSV dataset (with --horizon: the series)")
    add("--sep", default=",", help="the field separator of a CSV dataset")
    add(
        "--drop",
        action="append",
        metavar="COLS",
        help="comma-separated columns of a CSV dataset to leave out (an id, a leak)",
    )
    add(
        "--keep",
        action="append",
        metavar="COLS",
        help="comma-separated columns of a CSV dataset to use though a rule leaves them out "
        "(text with a value per row, a row number)",
    )
    add(
        "--task",
        choices=("classification", "regression"),
        help="override the task inferred from a CSV target (a built-in dataset has its own)",
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
    add(
        "--cv", type=int, default=5, help="number of (stratified; for a series, time-ordered) folds"
    )
    add(
        "--scoring",
        help="scikit-learn scorer names, comma-separated; the first ranks (default: accuracy, "
        "or r2 for regression)",
    )
    add(
        "--pos-label",
        metavar="CLASS",
        help="the positive class of scorers such as f1, precision, recall, average_precision on "
        "a two-class target (default: the rarer class)",
    )
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
        "alpha=1e-5,1e-3,1e-1 or 'hidden_layer_sizes=(20,),(50,)'; MODEL.NAME or FAMILY.NAME "
        "sets it for one model or family; repeat for a grid",
    )
    add(
        "--nested",
        action="store_true",
        help="choose each --param candidate by an inner CV on each training fold (nested CV: "
        "an unbiased score; without it the best candidate's score is optimistic)",
    )
    add("--inner-cv", type=int, default=3, help="folds of the inner CV of --nested")
    add(
        "--report",
        metavar="DIR",
        help="write report.html (self-contained, with the plots) and results.json to DIR",
    )
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
    add(
        "--horizon",
        type=int,
        metavar="H",
        help="compare forecasters on a CSV time series (rows = time steps, the other columns "
        "exogenous inputs): rolling-origin folds, each trained on the past, forecast closed "
        "loop over the next H steps; NRMSE per horizon step",
    )
    add(
        "--lags",
        type=int,
        metavar="L",
        help="with --horizon: the networks' delays (inputs 0..L, feedback 1..L) and the "
        "lag-feature rows' lags (default: 2)",
    )
    add(
        "--lag-models",
        default="MLPRegressor,RBFRegressor",
        metavar="NAMES",
        help="with --horizon: the zoo regressors also fitted on lag features (beside "
        "scikit-learn's Ridge), comma-separated",
    )
    add("--quiet", action="store_true", help="no progress lines on stderr")
    cmp.set_defaults(func=compare_command)

    lst = commands.add_parser("list", help="every estimator: family, task, paper, partial_fit")
    lst.add_argument("--json", action="store_true", help="print JSON instead of the table")
    lst.set_defaults(func=lambda args, line: list_command(args.json))
    add_reproduce_parser(commands, _HelpFormatter)
    return parser


def main(argv=None):
    """Entry point of the ``zoo`` console script (and ``python -m zoo``); returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # `zoo` alone: what it can do
        parser.print_help()
        return 0
    command_line = "zoo " + " ".join(sys.argv[1:] if argv is None else argv)
    try:
        return args.func(args, command_line)
    except CLIError as error:
        print(f"zoo: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # before or after the fits (during them, compare keeps the table)
        print("zoo: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `zoo list | head`: the reader left; end quietly (Python docs' recipe)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
