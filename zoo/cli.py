"""The ``zoo`` command line: ``zoo compare`` (every architecture on one dataset) and ``zoo list``.

``zoo compare`` cross-validates every estimator exported from :mod:`zoo` whose task fits the
dataset, beside scikit-learn reference rows, and prints one table. Nothing here names a zoo
estimator: the models are discovered from ``zoo.__all__`` at run time, so a family that lands later
appears without editing this file. The rules that turn a discovered estimator into a comparison row:

* **task** — a classification dataset compares classifiers, a regression dataset regressors
  (``sklearn.base.is_classifier`` / ``is_regressor``). An unsupervised estimator with ``transform``
  (a SOM, an RBM…) enters a classification comparison as a *feature stage* followed by a
  ``LogisticRegression`` read-out on the re-standardised features (row
  ``"<Name> + LogisticRegression"``), the classic way to judge learned features; an unsupervised
  estimator without ``transform`` (an ART clusterer) is left out.
* **preprocessing** — by family or class (:data:`SCALERS`): ``StandardScaler`` by default;
  ``MinMaxScaler`` into ``[0, 1]`` for ART (followed by ``ComplementCoder`` when zoo exports it and
  the estimator does not complement-code by itself) and for the binary Boltzmann machines.
* **sequences** — an estimator tagged ``input_tags.three_d_array`` (Elman) reads each sample as a
  sequence: a dataset with a natural sequence shape is reshaped to it (digits: 8 rows of 8 pixels,
  read top to bottom); any other tabular dataset is passed 2-D, which zoo's sequence convention
  reads as one feature per time step.
* **settings** — :data:`COMPARE_SETTINGS`, keyed by family or class, holds the few hyper-parameters
  that keep a default comparison on digits within minutes; a setting applies only where the
  estimator has that parameter, and everything else is the estimator's default. Every estimator
  with a ``random_state`` gets ``--random-state``.

The folds (and the ``--param`` candidates) of all models run as one flat list of independent fits
through joblib, so ``--n-jobs`` parallelises them locally and ``--backend dask --scheduler ADDRESS``
ships them to a ``dask.distributed`` cluster.

Examples
--------
>>> from zoo.cli import discover_estimators
>>> info = {e.name: e for e in discover_estimators()}["MLPClassifier"]
>>> info.family, info.task, info.partial_fit
('mlp', 'classifier', True)
"""

import argparse
import ast
import csv
import inspect
import itertools
import json
import os
import re
import sys
import time
import warnings
from dataclasses import dataclass, field

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin, clone, is_classifier, is_regressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import get_tags

__all__ = ["compare", "discover_estimators", "load_dataset", "main"]

#: Hyper-parameters for a comparison, keyed by family and then by class name (which overrides);
#: each applies only where the estimator has that parameter, the rest stay the defaults. The
#: defaults of every family keep the digits comparison to minutes except the general Boltzmann
#: machine, whose annealed Gibbs sampling (300 epochs, 10 chains per pattern, 20 sweeps per phase)
#: is made for the 4-2-4 encoder: on digits it gets 30 mean-field epochs of 32 hidden units
#: connected to each other and to the pixels, not pixel to pixel (0.934 in 3-fold CV as features
#: for the read-out, 6 s a fit; with pixel-pixel connections too, 0.888 and 8 s).
COMPARE_SETTINGS = {
    "BoltzmannMachine": dict(
        n_hidden=32,
        n_iter=30,
        method="mean_field",
        temperatures=(1.0,),
        sweeps_per_temperature=5,
        n_sample_sweeps=1,
        n_chains=1,
        connectivity="hidden_lateral",
    ),
}

#: Preprocessing by family, then by class name (default: standardisation). Binary units read
#: probabilities in [0, 1]; the Gaussian-visible RBM reads standardised data.
SCALERS = {"art": "minmax", "boltzmann": "minmax", "GaussianBernoulliRBM": "standard"}

#: Exported estimators that are preprocessing steps of a family, not models to compare.
PREPROCESSORS = {"ComplementCoder"}

CLASSIFICATION_DATASETS = (
    "digits",
    "iris",
    "wine",
    "breast_cancer",
    "two_spirals",
    "circle_in_square",
    "parity",
    "xor",
)
REGRESSION_DATASETS = ("diabetes",)
DATASETS = CLASSIFICATION_DATASETS + REGRESSION_DATASETS


class CLIError(Exception):
    """A user error: printed as ``zoo: error: ...`` with exit status 2, without a traceback."""


# ============================================================================ discovery


@dataclass
class EstimatorInfo:
    """What ``zoo list`` says about one exported estimator."""

    name: str
    family: str
    task: str
    paper: str
    partial_fit: bool
    cls: type = field(repr=False)

    def as_dict(self):
        return {
            "name": self.name,
            "family": self.family,
            "task": self.task,
            "paper": self.paper,
            "partial_fit": self.partial_fit,
        }


def _task_of(estimator):
    """classifier / regressor / clusterer / transformer, as scikit-learn's tags and mixins say."""
    if is_classifier(estimator):
        return "classifier"
    if is_regressor(estimator):
        return "regressor"
    if isinstance(estimator, ClusterMixin) or get_tags(estimator).estimator_type == "clusterer":
        return "clusterer"
    if hasattr(estimator, "transform"):
        return "transformer"
    return "other"


def first_reference(cls):
    """The first entry of the numpydoc ``References`` section of ``cls``'s docstring ('' if none).

    >>> class Model:
    ...     '''A model.
    ...
    ...     References
    ...     ----------
    ...     .. [1] Rosenblatt, F. (1958). The perceptron.
    ...        Psychological Review, 65(6).
    ...     .. [2] Someone else.
    ...     '''
    >>> first_reference(Model)
    'Rosenblatt, F. (1958). The perceptron. Psychological Review, 65(6).'
    """
    lines = (inspect.getdoc(cls) or "").splitlines()
    for i in range(len(lines) - 1):
        if lines[i].strip() == "References" and set(lines[i + 1].strip()) == {"-"}:
            break
    else:
        return ""
    entry = []
    for j in range(i + 2, len(lines)):
        text = lines[j].strip()
        next_is_rule = (
            j + 1 < len(lines) and lines[j + 1].strip() and set(lines[j + 1].strip()) == {"-"}
        )
        if next_is_rule or (entry and (not text or text.startswith(".. ["))):
            break
        if text:
            entry.append(text)
    return re.sub(r"^\.\. \[[^\]]*\]\s*", "", " ".join(entry))


def discover_estimators():
    """Every estimator class exported from ``zoo.__all__``, in that order, with its metadata.

    The family is the subpackage (``zoo.mlp._mlp`` -> ``mlp``), the task comes from scikit-learn's
    ``is_classifier``/``is_regressor``/``ClusterMixin``/``transform``, the paper is the first entry
    of the docstring's ``References`` section, and ``partial_fit`` is whether a default instance
    has that method.
    """
    import zoo

    infos = []
    for name in zoo.__all__:
        cls = getattr(zoo, name, None)
        if not (inspect.isclass(cls) and issubclass(cls, BaseEstimator)):
            continue
        estimator = cls()
        family = cls.__module__.split(".")[1] if cls.__module__.count(".") else cls.__module__
        infos.append(
            EstimatorInfo(
                name,
                family,
                _task_of(estimator),
                first_reference(cls),
                hasattr(estimator, "partial_fit"),
                cls,
            )
        )
    return infos


# ============================================================================ datasets


@dataclass
class Dataset:
    """Features, target and what a comparison needs to know about them."""

    name: str
    X: np.ndarray
    y: np.ndarray
    task: str  # "classification" or "regression"
    feature_names: list
    sequence_shape: tuple = None  # natural (n_timesteps, n_features) reading of one sample

    @property
    def n_samples(self):
        return self.X.shape[0]


def _sklearn_dataset(name):
    import sklearn.datasets

    return getattr(sklearn.datasets, f"load_{name}")()


def load_dataset(name, target=None, task=None, random_state=0):
    """A built-in dataset by name, or a CSV file with ``target`` as the label column.

    Built-ins: scikit-learn's ``digits``, ``iris``, ``wine``, ``breast_cancer`` (classification)
    and ``diabetes`` (regression), and zoo's generators ``two_spirals`` (Wieland's 194 points),
    ``circle_in_square`` (1000 points), ``parity`` (all 64 patterns of 6 bits) and ``xor``
    (50 noisy points per corner). A folder is read as MNIST-style IDX files (its training set,
    :func:`zoo.datasets.load_mnist`). Nothing is downloaded.

    >>> load_dataset("iris").X.shape
    (150, 4)
    """
    from zoo import datasets as zoo_datasets

    if name in ("digits", "iris", "wine", "breast_cancer", "diabetes"):
        bunch = _sklearn_dataset(name)
        kind = "regression" if name in REGRESSION_DATASETS else "classification"
        shape = (8, 8) if name == "digits" else None
        return Dataset(
            name,
            np.asarray(bunch.data, dtype=float),
            np.asarray(bunch.target),
            kind,
            [str(f) for f in bunch.feature_names],
            shape,
        )
    generators = {
        "two_spirals": lambda: zoo_datasets.make_two_spirals(),
        "circle_in_square": lambda: zoo_datasets.make_circle_in_square(
            1000, random_state=random_state
        ),
        "parity": lambda: zoo_datasets.make_parity(6),
        "xor": lambda: zoo_datasets.make_xor(50, noise=0.15, random_state=random_state),
    }
    if name in generators:
        X, y = generators[name]()
        return Dataset(
            name,
            np.asarray(X, dtype=float),
            np.asarray(y),
            "classification",
            [f"x{i}" for i in range(X.shape[1])],
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
        return load_csv(name, target, task)
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
    return Dataset(
        dataset.name,
        dataset.X[rows],
        dataset.y[rows],
        dataset.task,
        dataset.feature_names,
        dataset.sequence_shape,
    )


def load_csv(path, target, task=None):
    """Numeric feature columns and one target column from a CSV file with a header row.

    Errors name the problem and the column: a missing file, a missing ``--target``, a target that
    is not a column, a non-numeric or empty feature cell. The task is classification when the
    target is text or integer-valued with few values (``sklearn.utils.multiclass.type_of_target``),
    regression when it is continuous; ``task`` overrides that.
    """
    from sklearn.utils.multiclass import type_of_target

    if not os.path.isfile(path):
        raise CLIError(f"dataset file not found: {path!r}")
    with open(path, newline="") as handle:
        rows = [row for row in csv.reader(handle) if row]
    if not rows:
        raise CLIError(f"{path!r} is empty.")
    header, rows = [c.strip() for c in rows[0]], rows[1:]
    if target is None:
        raise CLIError(
            f"a CSV dataset needs --target COLUMN; the columns of {path!r} are: "
            f"{', '.join(header)}."
        )
    if target not in header:
        raise CLIError(
            f"target column {target!r} is not in {path!r}; its columns are: {', '.join(header)}."
        )
    if not rows:
        raise CLIError(f"{path!r} has a header but no data rows.")
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise CLIError(
                f"{path!r} line {number} has {len(row)} fields; the header has {len(header)}."
            )
    target_index = header.index(target)
    feature_index = [i for i in range(len(header)) if i != target_index]
    if not feature_index:
        raise CLIError(f"{path!r} has no feature column besides the target {target!r}.")
    X = np.empty((len(rows), len(feature_index)))
    for column, i in enumerate(feature_index):
        for number, row in enumerate(rows, start=2):
            cell = row[i].strip()
            try:
                X[number - 2, column] = float(cell)
            except ValueError:
                what = "is empty" if not cell else f"is {cell!r}"
                raise CLIError(
                    f"feature column {header[i]!r} is not numeric: line {number} {what}. "
                    "Encode it as numbers or drop the column."
                ) from None
            if not np.isfinite(X[number - 2, column]):
                raise CLIError(
                    f"feature column {header[i]!r} has a non-finite value on line "
                    f"{number}: {cell!r}."
                )
    labels = [row[target_index].strip() for row in rows]
    try:
        y = np.array([float(v) for v in labels])
        if np.all(y == np.round(y)):
            y = y.astype(int)
    except ValueError:
        y = np.array(labels)
    if task is None:
        kind = type_of_target(y)
        task = "regression" if kind.startswith("continuous") else "classification"
    name = os.path.splitext(os.path.basename(path))[0]
    return Dataset(name, X, y, task, [header[i] for i in feature_index])


# ============================================================================ models


def _to_sequences(X, shape):
    """(n, T*F) -> (n, T, F): each sample read as T time steps of F features."""
    return np.asarray(X).reshape(len(X), *shape)


def _scaler(family, name=None):
    from sklearn.preprocessing import MinMaxScaler, StandardScaler

    kind = SCALERS.get(name, SCALERS.get(family, "standard"))
    return MinMaxScaler(clip=True) if kind == "minmax" else StandardScaler()


def _readout(random_state):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(max_iter=1000, random_state=random_state)


@dataclass
class Model:
    """One row of the comparison: an unfitted Pipeline and where its model sits in it."""

    name: str
    family: str
    pipeline: object
    step: str  # the pipeline step whose parameters --param sets

    def grid(self, param_grid):
        """The ``--param`` candidates this model has, as Pipeline parameter dicts."""
        own = self.pipeline.named_steps[self.step].get_params()
        names = [n for n in param_grid if n in own]
        if not names:
            return [{}]
        return [
            {f"{self.step}__{n}": v for n, v in zip(names, values)}
            for values in itertools.product(*(param_grid[n] for n in names))
        ]


def _zoo_model(info, dataset, random_state):
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    import zoo

    estimator = info.cls()
    own = estimator.get_params()
    wanted = {**COMPARE_SETTINGS.get(info.family, {}), **COMPARE_SETTINGS.get(info.name, {})}
    settings = {k: v for k, v in wanted.items() if k in own}
    if "random_state" in own:
        settings["random_state"] = random_state
    estimator.set_params(**settings)
    steps = [("scale", _scaler(info.family, info.name))]
    if info.family == "art" and hasattr(zoo, "ComplementCoder"):
        if not any(own.get(k) for k in ("complement_coding", "complement_code")):
            steps.append(("complement", zoo.ComplementCoder()))
    if get_tags(estimator).input_tags.three_d_array and dataset.sequence_shape:
        steps.append(
            (
                "sequence",
                FunctionTransformer(_to_sequences, kw_args={"shape": dataset.sequence_shape}),
            )
        )
    if info.task in ("classifier", "regressor"):
        steps.append(("model", estimator))
        return Model(info.name, info.family, Pipeline(steps), "model")
    # the learned features (e.g. distances to SOM units) are re-standardised for the read-out
    steps += [
        ("features", estimator),
        ("rescale", _scaler(None)),
        ("readout", _readout(random_state)),
    ]
    return Model(f"{info.name} + LogisticRegression", info.family, Pipeline(steps), "features")


def _reference_models(task, random_state):
    """scikit-learn's rows: a linear model and scikit-learn's own MLP, both standardised."""
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    if task == "classification":
        estimators = [
            ("LogisticRegression", LogisticRegression(max_iter=1000, random_state=random_state)),
            ("MLPClassifier", MLPClassifier(random_state=random_state)),
        ]
    else:
        estimators = [("Ridge", Ridge()), ("MLPRegressor", MLPRegressor(random_state=random_state))]
    return [
        Model(
            f"sklearn.{name}",
            "sklearn",
            Pipeline([("scale", StandardScaler()), ("model", estimator)]),
            "model",
        )
        for name, estimator in estimators
    ]


def build_models(dataset, random_state=0, select=None):
    """The comparison rows for ``dataset``: zoo's estimators by rule, then scikit-learn's.

    ``select`` is a list of row names, class names or family names (case-insensitive); unknown
    names are an error listing the valid ones.
    """
    wanted = {"classification": "classifier", "regression": "regressor"}[dataset.task]
    models, left_out = [], []
    for info in discover_estimators():
        if info.name in PREPROCESSORS:
            continue
        usable = info.task == wanted or (
            dataset.task == "classification"
            and info.task in ("transformer", "clusterer")
            and hasattr(info.cls, "transform")
        )
        if usable:
            models.append(_zoo_model(info, dataset, random_state))
        else:
            left_out.append(info.name)
    models += _reference_models(dataset.task, random_state)
    if select:
        keys = {s.strip().lower() for s in select if s.strip()}
        known = set()
        for m in models:
            known |= {m.name.lower(), m.name.split(" + ")[0].lower(), m.family.lower()}
        unknown = sorted(keys - known)
        if unknown:
            names = sorted({m.name.split(" + ")[0] for m in models} | {m.family for m in models})
            raise CLIError(
                f"--models: no {dataset.task} model or family named "
                f"{', '.join(unknown)}; choose from {', '.join(names)}."
            )
        models = [
            m
            for m in models
            if {m.name.lower(), m.name.split(" + ")[0].lower(), m.family.lower()} & keys
        ]
    return models


def parse_param(text):
    """``"alpha=1e-4,1e-2"`` -> ``("alpha", [0.0001, 0.01])``; values are Python literals.

    A value list in brackets keeps commas inside its items:
    ``"hidden_layer_sizes=[(16,), (64,)]"``.

    >>> parse_param("alpha=1e-4,0.01")
    ('alpha', [0.0001, 0.01])
    >>> parse_param("activation=relu,tanh")
    ('activation', ['relu', 'tanh'])
    """
    name, sep, values = text.partition("=")
    name = name.strip()
    if not sep or not name or not values.strip():
        raise CLIError(f"--param {text!r}: expected NAME=VALUE[,VALUE...], e.g. alpha=1e-4,1e-2.")
    values = values.strip()

    def literal(piece):
        try:
            return ast.literal_eval(piece)
        except (ValueError, SyntaxError):
            return piece

    if values.startswith("["):
        parsed = literal(values)
        if not isinstance(parsed, list):
            raise CLIError(f"--param {text!r}: could not read the bracketed list of values.")
        return name, parsed
    return name, [literal(piece.strip()) for piece in values.split(",") if piece.strip()]


# ============================================================================ running


def _fit_and_score(
    model_index, candidate_index, fold, pipeline, params, X, y, train, test, task, scoring, labels
):
    """One independent fit: clone, fit on ``train``, score on ``test``. Runs in a worker."""
    from sklearn.metrics import (
        accuracy_score,
        confusion_matrix,
        get_scorer,
        mean_squared_error,
        r2_score,
    )

    direct = {"accuracy": accuracy_score, "r2": r2_score}  # scored from y_pred: no second predict

    out = {"model": model_index, "candidate": candidate_index, "fold": fold}
    try:
        estimator = clone(pipeline).set_params(**params)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            start, start_cpu = time.perf_counter(), time.process_time()
            estimator.fit(X[train], y[train])
            out["fit_time"] = time.perf_counter() - start
            out["fit_cpu_time"] = time.process_time() - start_cpu  # robust to a busy machine
            start = time.perf_counter()
            y_pred = estimator.predict(X[test])
            out["predict_time"] = time.perf_counter() - start
            if scoring in direct:
                out["score"] = float(direct[scoring](y[test], y_pred))
            else:
                out["score"] = float(get_scorer(scoring)(estimator, X[test], y[test]))
        out["converged"] = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
        if task == "regression":
            out["rmse"] = float(np.sqrt(mean_squared_error(y[test], y_pred)))
        else:
            out["confusion"] = confusion_matrix(y[test], y_pred, labels=labels).tolist()
        # the training loss of a supervised model (a feature stage's curve measures something else)
        curve = getattr(estimator.named_steps.get("model"), "loss_curve_", None)
        if fold == 0 and curve is not None and len(curve):
            out["loss_curve"] = [float(v) for v in curve]
    except Exception as error:  # one failing model must not end a comparison of twenty
        out["error"] = f"{type(error).__name__}: {error}"
    return out


def _splitter(task, cv, random_state):
    from sklearn.model_selection import KFold, StratifiedKFold

    if task == "classification":
        return StratifiedKFold(n_splits=cv, shuffle=True, random_state=random_state)
    return KFold(n_splits=cv, shuffle=True, random_state=random_state)


def _parallel_config(backend, scheduler):
    """A context in which joblib's Parallel uses ``backend`` (with a Dask client when asked)."""
    import contextlib

    from joblib import parallel_config

    if backend != "dask":
        return parallel_config(backend=backend)
    try:
        from distributed import Client
    except ImportError:
        raise CLIError(
            "--backend dask needs dask.distributed: pip install 'zoo-nn[distributed]'."
        ) from None
    stack = contextlib.ExitStack()
    try:
        client = Client(scheduler) if scheduler else Client(processes=False)
    except OSError as error:
        raise CLIError(f"cannot reach the Dask scheduler at {scheduler!r}: {error}") from None
    stack.enter_context(client)
    stack.enter_context(parallel_config(backend="dask"))
    return stack


def compare(
    dataset,
    models,
    cv=5,
    scoring=None,
    param_grid=None,
    random_state=0,
    n_jobs=1,
    backend="loky",
    scheduler=None,
    progress=None,
):
    """Cross-validate every model on ``dataset``; one dict per model, best score first.

    Every (model, ``--param`` candidate, fold) is one independent fit, and all of them go through
    one joblib ``Parallel`` so local processes or a Dask cluster share the work. The reported row of
    a model is its best candidate by mean test score (GridSearchCV's ``best_score_``).

    Returns
    -------
    dict
        ``{"dataset", "task", "scoring", "cv", "n_samples", "n_features", "results": [...]}``;
        each result has ``model``, ``family``, ``mean``, ``std``, ``scores``, ``fit_time`` (wall
        seconds per fit), ``fit_cpu_time`` (CPU seconds of the fitting process),
        ``predict_time``, ``best_params``, ``converged``, and ``rmse`` (regression),
        ``confusion`` (classification), ``loss_curve`` (iterative models), ``error`` (failures).
    """
    from joblib import Parallel, delayed
    from sklearn.metrics import get_scorer_names

    scoring = scoring or ("accuracy" if dataset.task == "classification" else "r2")
    if scoring not in get_scorer_names():
        raise CLIError(
            f"--scoring {scoring!r} is not a scikit-learn scorer; see "
            "sklearn.metrics.get_scorer_names(), e.g. accuracy, f1_macro, r2."
        )
    param_grid = param_grid or {}
    if cv < 2:
        raise CLIError("--cv must be at least 2.")
    X, y = dataset.X, dataset.y
    if dataset.task == "classification":
        _, counts = np.unique(y, return_counts=True)
        if counts.min() < cv:
            raise CLIError(
                f"--cv {cv} needs at least {cv} samples of every class; the smallest "
                f"class of {dataset.name!r} has {counts.min()}."
            )
    folds = list(_splitter(dataset.task, cv, random_state).split(X, y))
    labels = np.unique(y) if dataset.task == "classification" else None
    grids = [m.grid(param_grid) for m in models]
    jobs = [
        (i, c, f)
        for i, grid in enumerate(grids)
        for c in range(len(grid))
        for f in range(len(folds))
    ]

    if backend == "dask":
        n_jobs = -1  # joblib runs n_jobs=1 in-process whatever the backend: use the cluster
    outputs = []
    with _parallel_config(backend, scheduler):
        parallel = Parallel(n_jobs=n_jobs, return_as="generator_unordered")
        for out in parallel(
            delayed(_fit_and_score)(
                i,
                c,
                f,
                models[i].pipeline,
                grids[i][c],
                X,
                y,
                *folds[f],
                dataset.task,
                scoring,
                labels,
            )
            for i, c, f in jobs
        ):
            outputs.append(out)
            if progress is not None:
                progress(
                    len(outputs),
                    len(jobs),
                    models[out["model"]],
                    grids[out["model"]][out["candidate"]],
                    out,
                    len(folds),
                )
    outputs.sort(key=lambda o: (o["model"], o["candidate"], o["fold"]))
    results = [
        _summarise(model, grids[i], [o for o in outputs if o["model"] == i], dataset.task)
        for i, model in enumerate(models)
    ]
    results.sort(key=lambda r: (r["error"] is not None, -r["mean"] if r["mean"] is not None else 0))
    return {
        "dataset": dataset.name,
        "task": dataset.task,
        "scoring": scoring,
        "cv": cv,
        "n_samples": int(X.shape[0]),
        "n_features": int(X.shape[1]),
        "random_state": random_state,
        "param_grid": {k: [_jsonable(v) for v in vs] for k, vs in param_grid.items()},
        "results": results,
    }


def _jsonable(value):
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _summarise(model, grid, outputs, task):
    """The row of one model: its best candidate's fold scores, times and diagnostics."""
    row = {
        "model": model.name,
        "family": model.family,
        "mean": None,
        "std": None,
        "scores": [],
        "fit_time": None,
        "fit_cpu_time": None,
        "predict_time": None,
        "best_params": {},
        "converged": True,
        "error": None,
        "candidates": [],
    }
    by_candidate = {}
    for out in outputs:
        by_candidate.setdefault(out["candidate"], []).append(out)
    best, best_mean = None, -np.inf
    for c, outs in sorted(by_candidate.items()):
        errors = [o["error"] for o in outs if "error" in o]
        mean = None if errors else float(np.mean([o["score"] for o in outs]))
        row["candidates"].append(
            {
                "params": {k.split("__", 1)[1]: _jsonable(v) for k, v in grid[c].items()},
                "mean": mean,
                "error": errors[0] if errors else None,
            }
        )
        if mean is not None and mean > best_mean:
            best, best_mean = c, mean
    if best is None:
        row["error"] = row["candidates"][0]["error"]
        return row
    outs = by_candidate[best]
    scores = [o["score"] for o in outs]
    row.update(
        mean=float(np.mean(scores)),
        std=float(np.std(scores)),
        scores=scores,
        fit_time=float(np.mean([o["fit_time"] for o in outs])),
        fit_cpu_time=float(np.mean([o["fit_cpu_time"] for o in outs])),
        predict_time=float(np.mean([o["predict_time"] for o in outs])),
        best_params=row["candidates"][best]["params"],
        converged=all(o["converged"] for o in outs),
    )
    if task == "regression":
        row["rmse"] = float(np.mean([o["rmse"] for o in outs]))
    else:
        row["confusion"] = np.sum([o["confusion"] for o in outs], axis=0).tolist()
    curve = next((o["loss_curve"] for o in outs if "loss_curve" in o), None)
    if curve is not None:
        row["loss_curve"] = curve
    return row


# ============================================================================ output


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


def _result_rows(summary, markdown=False):
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


def _table_footer(summary):
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
    headers, rows, align = _result_rows(summary)
    return "\n".join([format_table(rows, headers, align), ""] + _table_footer(summary))


def _markdown_table(headers, rows):
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(out)


def _slug(name):
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_")


def _save(figure, path):
    figure.savefig(path, dpi=figure.dpi)


def write_report(summary, directory, dataset=None, models=None, command=None):
    """``report.md`` and its PNG plots (plus ``results.json``) in ``directory``.

    Plots: mean score with std error bars; fit time against score; the training loss curve of
    every iterative model (first fold); a confusion matrix per classifier (summed over the test
    folds); and, for 2-D classification data, every model's decision regions side by side (each
    refitted on the whole dataset). Needs matplotlib (``pip install 'zoo-nn[plot]'``).
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

    headers, rows, _ = _result_rows(summary)
    lines = [f"# zoo compare: {summary['dataset']}", ""]
    if command:
        lines += ["```", command, "```", ""]
    lines += [_markdown_table(headers, rows), ""] + _table_footer(summary) + [""]
    failed = [r for r in summary["results"] if r["error"] is not None]
    if failed:
        lines += ["## Failed", ""] + [f"- **{r['model']}**: {r['error']}" for r in failed] + [""]
    for title, path in images:
        lines += [f"## {title}", "", f"![{title}]({path})", ""]
    with open(os.path.join(directory, "report.md"), "w") as handle:
        handle.write("\n".join(lines))
    with open(os.path.join(directory, "results.json"), "w") as handle:
        json.dump(summary, handle, indent=1)
    return os.path.join(directory, "report.md")


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


# ============================================================================ commands


def _progress_printer(stream):
    start = time.perf_counter()

    def report(done, total, model, params, out, n_folds):
        width = len(str(total))
        candidate = ", ".join(f"{k.split('__', 1)[1]}={v}" for k, v in params.items())
        what = (
            f"{model.name}{f' [{candidate}]' if candidate else ''} fold {out['fold'] + 1}/{n_folds}"
        )
        if "error" in out:
            result = f"failed: {out['error'][:100]}"
        else:
            result = f"score {out['score']:.3f}, fit {out['fit_time']:.2f}s"
        elapsed = time.perf_counter() - start
        print(
            f"[{done:>{width}}/{total}] {elapsed:6.1f}s  {what}: {result}", file=stream, flush=True
        )

    return report


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
    progress = None if args.quiet else _progress_printer(sys.stderr)
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
        progress=progress,
    )
    if args.report:
        command = (
            "zoo " + " ".join(sys.argv[1:]) if args.argv is None else "zoo " + " ".join(args.argv)
        )
        path = write_report(summary, args.report, dataset, models, command)
        if not args.quiet:
            print(f"report written to {path}", file=sys.stderr)
    if args.json:
        print(json.dumps(summary, indent=1))
    else:
        print(render_table(summary))
    return 0


def _shorten(text, width):
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _command_list(args):
    infos = discover_estimators()
    if args.json:
        print(json.dumps([i.as_dict() for i in infos], indent=1))
        return 0
    rows = [
        [i.name, i.family, i.task, "yes" if i.partial_fit else "no", _shorten(i.paper or "-", 90)]
        for i in infos
    ]
    print(format_table(rows, ["estimator", "family", "task", "partial_fit", "paper"]))
    return 0


def build_parser():
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
    cmp.add_argument(
        "--dataset",
        default="digits",
        help=f"one of {', '.join(DATASETS)}, the path of a CSV file, or a folder "
        "of MNIST-style IDX files (its training set)",
    )
    cmp.add_argument("--target", help="the label column of a CSV dataset")
    cmp.add_argument(
        "--task",
        choices=("classification", "regression"),
        help="override the task inferred from a CSV target",
    )
    cmp.add_argument(
        "--models",
        action="append",
        metavar="NAMES",
        help="comma-separated model or family names (default: all)",
    )
    cmp.add_argument(
        "--max-samples",
        type=int,
        metavar="N",
        help="compare on N rows drawn at random (stratified), e.g. of MNIST",
    )
    cmp.add_argument("--cv", type=int, default=5, help="number of (stratified) folds")
    cmp.add_argument(
        "--scoring", help="a scikit-learn scorer name (default: accuracy, or r2 for regression)"
    )
    cmp.add_argument("--random-state", type=int, default=0, help="seed of folds and models")
    cmp.add_argument(
        "--n-jobs",
        type=int,
        default=-1,
        help="parallel fits (-1: all cores; each worker uses one BLAS thread)",
    )
    cmp.add_argument(
        "--param",
        action="append",
        metavar="NAME=VALUES",
        help="cross-validate a hyper-parameter for each model that has it, e.g. "
        "alpha=1e-5,1e-3,1e-1; repeat for a grid",
    )
    cmp.add_argument("--report", metavar="DIR", help="write report.md and PNG plots to DIR")
    cmp.add_argument("--json", action="store_true", help="print JSON instead of the table")
    cmp.add_argument(
        "--backend",
        choices=("loky", "threading", "dask"),
        default="loky",
        help="joblib backend for the fits",
    )
    cmp.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --backend "
        "dask; default: a local cluster)",
    )
    cmp.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
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
