"""The data of a comparison: the built-in datasets (one registry), CSV files, IDX folders.

The built-ins are scikit-learn's small sets and :mod:`zoo.datasets`' generators; a folder of
MNIST-style IDX files is read by :func:`zoo.datasets.load_mnist`. Nothing is downloaded.
"""

import csv
import dataclasses
import os
from dataclasses import dataclass

import numpy as np

from .. import datasets as zoo_datasets
from ._errors import CLIError

__all__ = ["DATASETS", "Dataset", "infer_task", "load_csv", "load_dataset", "subsample"]


@dataclass
class Dataset:
    """Features, target and what a comparison needs to know about them."""

    name: str
    X: np.ndarray
    y: np.ndarray
    task: str  # "classification" or "regression"
    feature_names: list
    sequence_shape: tuple = None  # natural (n_timesteps, n_features) reading of one sample
    categorical: tuple = ()  # columns holding codes of text values (CSV), one-hot encoded
    preprocessing: str = None  # what was done to the columns, for the footer and the report
    task_reason: str = None  # why a CSV's target was read as this task, for the banner
    warnings: list = dataclasses.field(default_factory=list)  # what the user should know first

    @property
    def n_samples(self):
        return self.X.shape[0]


@dataclass(frozen=True)
class _Builtin:
    task: str
    load: object  # random_state -> (X, y, feature names or None)
    sequence_shape: tuple = None


def _sklearn(name):
    def load(random_state):
        import sklearn.datasets

        bunch = getattr(sklearn.datasets, f"load_{name}")()
        return bunch.data, bunch.target, [str(f) for f in bunch.feature_names]

    return load


def _generated(make):
    def load(random_state):
        X, y = make(random_state)
        return X, y, None

    return load


#: Every built-in dataset, by the name ``--dataset`` takes: its task, how to load it, and the
#: natural sequence reading of one sample (digits: 8 rows of 8 pixels, read top to bottom).
BUILTIN = {
    "digits": _Builtin("classification", _sklearn("digits"), (8, 8)),
    "iris": _Builtin("classification", _sklearn("iris")),
    "wine": _Builtin("classification", _sklearn("wine")),
    "breast_cancer": _Builtin("classification", _sklearn("breast_cancer")),
    "two_spirals": _Builtin(  # Wieland's 194 points
        "classification", _generated(lambda rs: zoo_datasets.make_two_spirals())
    ),
    "circle_in_square": _Builtin(
        "classification",
        _generated(lambda rs: zoo_datasets.make_circle_in_square(1000, random_state=rs)),
    ),
    "parity": _Builtin(  # all 64 patterns of 6 bits
        "classification", _generated(lambda rs: zoo_datasets.make_parity(6))
    ),
    "xor": _Builtin(  # 50 noisy points per corner
        "classification",
        _generated(lambda rs: zoo_datasets.make_xor(50, noise=0.15, random_state=rs)),
    ),
    "diabetes": _Builtin("regression", _sklearn("diabetes")),
}
DATASETS = tuple(BUILTIN)


def load_dataset(name, target=None, task=None, random_state=0, sep=",", drop=(), keep=()):
    """A built-in dataset by name (:data:`DATASETS`), a CSV file with ``target`` as the label
    column, or a folder of MNIST-style IDX files (its training set).

    >>> load_dataset("iris").X.shape
    (150, 4)
    """
    if name in BUILTIN:
        builtin = BUILTIN[name]
        X, y, feature_names = builtin.load(random_state)
        X = np.asarray(X, dtype=float)
        return Dataset(
            name,
            X,
            np.asarray(y),
            builtin.task,
            feature_names or [f"x{i}" for i in range(X.shape[1])],
            builtin.sequence_shape,
        )
    if os.path.isdir(name):
        # a folder of MNIST-style IDX files (MNIST, Fashion-MNIST): its training set
        try:
            X, y = zoo_datasets.load_mnist(name)
        except (OSError, ValueError) as error:
            raise CLIError(str(error)) from error
        side = int(round(np.sqrt(X.shape[1])))
        return Dataset(
            os.path.basename(os.path.normpath(name)) or name,
            X,
            y,
            "classification",
            [f"pixel{i}" for i in range(X.shape[1])],
            (side, side) if side * side == X.shape[1] else None,
        )
    if name.lower().endswith(".csv") or os.path.sep in name or os.path.exists(name):
        return load_csv(name, target, task, sep=sep, drop=drop, keep=keep)
    raise CLIError(
        f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}, give the "
        "path of a CSV file with --target COLUMN, or a folder of MNIST IDX files."
    )


def subsample(dataset, max_samples, random_state=0):
    """At most ``max_samples`` rows of ``dataset``, drawn at random (stratified by class for
    classification), for a quick comparison on a large set such as MNIST's 60,000 images.

    >>> subsample(load_dataset("digits"), 500).X.shape
    (500, 64)
    """
    if max_samples < 2:
        raise CLIError(f"--max-samples must be at least 2, got {max_samples}.")
    if max_samples >= dataset.n_samples:
        return dataset
    from sklearn.model_selection import train_test_split

    stratify = dataset.y if dataset.task == "classification" else None
    try:
        rows, _ = train_test_split(
            np.arange(dataset.n_samples),
            train_size=max_samples,
            random_state=random_state,
            stratify=stratify,
        )
    except ValueError as error:  # a class too rare to appear in so few rows
        raise CLIError(f"cannot draw {max_samples} stratified rows: {error}") from error
    rows = np.sort(rows)
    return dataclasses.replace(dataset, X=dataset.X[rows], y=dataset.y[rows])


#: Cells read as missing (besides the empty one), as pandas' read_csv does by default.
MISSING = {"na", "n/a", "nan", "null", "none", "?", "-"}


def _cell(text):
    text = text.strip()
    return "" if text.lower() in MISSING else text


def _parse_number(cell):
    try:
        return float(cell)
    except ValueError:
        return None


def load_csv(path, target, task=None, sep=",", drop=(), keep=()):
    """Feature columns and one target column from a CSV file with a header row, as they come.

    A column whose cells are numbers is numeric (an empty cell is missing, NaN); a column of text
    (fewer than half of its cells numbers) is categorical, kept as codes of its sorted values
    (NaN for an empty cell) and one-hot encoded by each model's Pipeline
    (:func:`~zoo.compare.models.column_steps`). A text column of dates (ISO 8601, or one of
    :data:`DATE_FORMATS` throughout) becomes a number, days since 1970-01-01. By rule, columns no
    model can learn from are left out, each named in ``Dataset.warnings``: text with a value per
    row or over ``MAX_CATEGORIES`` values in more than half its cells (an identifier, a comment),
    and a row number (consecutive integers in file order); ``keep`` names columns to use anyway.
    ``drop`` names columns to leave out, ``sep`` is the field separator. Errors name the problem
    and the column: a missing file, a missing ``--target``, a target that is not a column or has
    empty cells, a numeric column with a text cell (a typo, most likely), a column with no value
    at all. The task is classification when the target is text or integer-valued with few
    values, each repeated, regression otherwise (:func:`infer_task`, said in the banner);
    ``task`` overrides that.
    """
    if not os.path.isfile(path):
        raise CLIError(f"dataset file not found: {path!r}")
    with open(path, newline="") as handle:
        rows = [row for row in csv.reader(handle, delimiter=sep) if row]
    if not rows:
        raise CLIError(f"{path!r} is empty.")
    header, rows = [c.strip() for c in rows[0]], rows[1:]
    if target is None:
        raise CLIError(
            f"a CSV dataset needs --target COLUMN; the columns of {path!r} are: "
            f"{', '.join(header)}."
        )
    named = [(target, "target column")] + [(d, "--drop column") for d in drop]
    for name, what in named + [(k, "--keep column") for k in keep]:
        if name not in header:
            raise CLIError(
                f"{what} {name!r} is not in {path!r}; its columns are: {', '.join(header)}"
                + ("." if len(header) > 1 else f" (is the separator {sep!r} right? see --sep).")
            )
    if not rows:
        raise CLIError(f"{path!r} has a header but no data rows.")
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise CLIError(
                f"{path!r} line {number} has {len(row)} fields; the header has {len(header)}."
            )
    target_index = header.index(target)
    feature_index = [
        i for i in range(len(header)) if i != target_index and header[i] not in set(drop)
    ]
    if not feature_index:
        raise CLIError(f"{path!r} has no feature column besides the target {target!r}.")
    columns, names, categorical, categories, dates, ruled_out = [], [], [], {}, [], {}
    for i in feature_index:
        cells = [_cell(row[i]) for row in rows]
        filled = [c for c in cells if c]
        if not filled:
            raise CLIError(f"feature column {header[i]!r} has no value; --drop it.")
        numbers = [_parse_number(c) for c in cells]
        n_numbers = sum(v is not None for v in numbers)
        if 2 * n_numbers >= len(filled):  # numeric: every filled cell must be a number
            for number, (cell, value) in enumerate(zip(cells, numbers), start=2):
                if cell and (value is None or not np.isfinite(value)):
                    raise CLIError(
                        f"feature column {header[i]!r} is numeric but line {number} is "
                        f"{cell!r}; fix the cell or --drop the column."
                    )
            column = np.array([np.nan if v is None else v for v in numbers])
            reason = _row_number(column)
        else:
            days = _parse_dates(cells)
            if days is not None:  # a date: days since 1970-01-01, a number like any other
                column, reason = days, None
                dates.append(header[i])
            else:  # text: codes of the sorted values, NaN where empty
                values = sorted(set(filled))
                code = {v: float(k) for k, v in enumerate(values)}
                column = np.array([code[c] if c else np.nan for c in cells])
                reason = _free_text(len(values), len(filled))
                if reason is None or header[i] in keep:
                    categorical.append(len(columns))
                    categories[header[i]] = values
        if reason is not None and header[i] not in keep:
            ruled_out[header[i]] = reason
            continue
        columns.append(column)
        names.append(header[i])
    if not columns:
        raise CLIError(
            f"{path!r} has no feature column left: {_ruled_out_text(ruled_out)}; "
            "--keep some of them."
        )
    X = np.column_stack(columns)
    labels = [_cell(row[target_index]) for row in rows]
    empty = [number for number, label in enumerate(labels, start=2) if not label]
    if empty:
        raise CLIError(
            f"target column {target!r} is empty on line(s) {', '.join(map(str, empty[:5]))}; "
            "remove those rows (a target cannot be imputed)."
        )
    try:
        y = np.array([float(v) for v in labels])
        if np.all(y == np.round(y)):
            y = y.astype(int)
    except ValueError:
        y = np.array(labels)
    if task is None:
        task, reason = infer_task(y)
        if y.dtype.kind not in "OUS":  # text labels cannot be regressed
            other = "regression" if task == "classification" else "classification"
            reason = f"{reason}; --task {other} to override"
    elif task == "regression" and y.dtype.kind in "OUS":
        raise CLIError(
            f"--task regression needs a numeric target; {target!r} holds text "
            f"({', '.join(map(str, np.unique(y)[:5]))}{', ...' if len(np.unique(y)) > 5 else ''})."
        )
    else:
        reason = "as --task says"
    name = os.path.splitext(os.path.basename(path))[0]
    return Dataset(
        name,
        X,
        y,
        task,
        names,
        categorical=tuple(categorical),
        preprocessing=_describe_columns(names, X, categorical, categories, drop, dates, ruled_out),
        task_reason=reason,
        warnings=[
            f"left out {_ruled_out_text(ruled_out)}; --keep "
            f"{','.join(ruled_out)} to use {'it' if len(ruled_out) == 1 else 'them'} anyway."
        ]
        if ruled_out
        else [],
    )


#: An integer target with more distinct values than this (and than a tenth of the rows) is a
#: quantity, not a set of classes: 214 values among diabetes' 442 progressions.
MAX_CLASSES = 20


def infer_task(y):
    """``(task, reason)`` for a target column as read from a CSV file.

    Text labels are classes. Otherwise scikit-learn's ``type_of_target`` decides, and common
    sense overrules its "multiclass" for integers: a value that occurs once among three or more
    cannot be learned as a class (nor stratified), and more than ``MAX_CLASSES`` distinct
    integers, over a tenth of the rows, are counts or measurements (ages, prices, a disease
    progression score). Two values stay two classes, however rare one is.

    >>> infer_task(np.array(["spam", "ham", "spam"]))[0]
    'classification'
    >>> infer_task(np.array([0.5, 1.25, 2.0]))
    ('regression', 'non-integer target values')
    >>> infer_task(np.repeat([1, 2, 3], 10))
    ('classification', '3 distinct integer target values, each at least 10 times')
    >>> infer_task(np.arange(100) % 40)[0]
    'regression'
    >>> infer_task(np.array([0] * 99 + [1]))[0]
    'classification'
    """
    from sklearn.utils.multiclass import type_of_target

    if y.dtype.kind in "OUS":
        return "classification", f"text labels ({len(np.unique(y))} classes)"
    if type_of_target(y).startswith("continuous"):
        return "regression", "non-integer target values"
    _, counts = np.unique(y, return_counts=True)
    n_values, n_once = len(counts), int(np.sum(counts == 1))
    if n_values > MAX_CLASSES and n_values > len(y) / 10:
        return "regression", f"{n_values} distinct integer target values in {len(y)} rows"
    if n_once and n_values > 2:
        return "regression", f"{n_once} of {n_values} integer target values occur only once"
    return (
        "classification",
        f"{n_values} distinct integer target values, each at least {counts.min()} times",
    )


def _describe_columns(names, X, categorical, categories, drop, dates=(), ruled_out=None):
    """One line for the table's footer and the report: what was done to the CSV's columns."""
    numeric = [j for j in range(len(names)) if j not in categorical]
    missing = [names[j] for j in numeric if np.isnan(X[:, j]).any()]
    parts = [f"{len(numeric)} numeric column(s)"]
    if dates:
        parts[-1] += f" ({', '.join(dates)}: dates, as days since 1970-01-01)"
    if missing:
        parts[-1] += f" ({', '.join(missing)} with empty cells imputed by the training median)"
    if categorical:
        listing = ", ".join(f"{names[j]}: {len(categories[names[j]])} values" for j in categorical)
        parts.append(
            f"{len(categorical)} text column(s) one-hot encoded ({listing}; empty cells as the "
            "most frequent value)"
        )
    if ruled_out:
        parts.append(f"left out {_ruled_out_text(ruled_out)}; --keep to use")
    if drop:
        parts.append(f"dropped {', '.join(drop)}")
    if not missing and not categorical and not drop and not dates and not ruled_out:
        return None
    return "CSV columns: " + "; ".join(parts) + ", then each model's own scaling."


#: A text column with more distinct values than this, and than half its filled cells, is an
#: identifier or free text: one-hot encoding makes one column per row, which no model learns from.
MAX_CATEGORIES = 20


def _free_text(n_values, n_filled):
    """Why a text column of ``n_values`` distinct values in ``n_filled`` cells is no category.

    >>> _free_text(300, 300)
    'a different text in every row: an identifier or free text'
    >>> _free_text(3, 300) is None
    True
    """
    if n_values == n_filled and n_values > 1:
        return "a different text in every row: an identifier or free text"
    if n_values > MAX_CATEGORIES and 2 * n_values > n_filled:
        return f"{n_values} distinct texts in {n_filled} rows: free text, most likely"
    return None


def _row_number(column):
    """Why a numeric column is a row number (the integers first..first+n-1 in file order), the
    identifier a spreadsheet adds, which no model should learn from; None otherwise."""
    if len(column) < 3 or np.isnan(column).any():
        return None
    steps = np.diff(column)
    if np.all(steps == 1) and column[0] == np.round(column[0]):
        return f"consecutive integers {column[0]:g} to {column[-1]:g} in file order: a row number"
    return None


def _ruled_out_text(ruled_out):
    return ", ".join(f"{name} ({reason})" for name, reason in ruled_out.items())


#: The date layouts read, tried in order; a column is a date column when one layout reads every
#: filled cell (so a day above 12 settles day-first against month-first).
DATE_FORMATS = ("%d/%m/%Y", "%m/%d/%Y", "%Y/%m/%d", "%d.%m.%Y")


def _parse_dates(cells):
    """Days since 1970-01-01 (with the time of day as a fraction) of a column of dates, NaN where
    empty; None when not every filled cell is a date in one layout (ISO 8601 or
    :data:`DATE_FORMATS`).

    >>> _parse_dates(["2024-01-02", "", "2024-01-03T12:00"]).tolist()
    [19724.0, nan, 19725.5]
    >>> _parse_dates(["13/01/2024", "02/03/2024"]).tolist()  # day first: 13 is no month
    [19735.0, 19784.0]
    >>> _parse_dates(["Paris", "2024-01-02"]) is None
    True
    """
    import datetime

    filled = [c for c in cells if c]
    epoch = datetime.datetime(1970, 1, 1)

    def days(when):
        if when.tzinfo is not None:
            when = when.astimezone(datetime.UTC).replace(tzinfo=None)
        return (when - epoch).total_seconds() / 86400

    parsers = [datetime.datetime.fromisoformat]
    parsers += [lambda c, f=f: datetime.datetime.strptime(c, f) for f in DATE_FORMATS]
    for parse in parsers:
        try:
            parsed = {c: days(parse(c)) for c in set(filled)}
        except ValueError:
            continue
        return np.array([parsed[c] if c else np.nan for c in cells])
    return None
