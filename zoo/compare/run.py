"""Running a comparison: every (model, ``--param`` candidate, fold) is one independent fit, and
all of them go through one joblib ``Parallel``, so local processes (``--n-jobs``) or a
``dask.distributed`` cluster (``--backend dask --scheduler ADDRESS``) share the work.
"""

import inspect
import time
import warnings

import numpy as np
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning

from ._errors import CLIError

__all__ = ["chance_level", "check_settings", "compare", "parse_scoring", "progress_printer"]


def _fit_and_score(job, pipeline, params, X, y, train, test, task, scorers, labels):
    """One independent fit: clone, fit on ``train``, score on ``test``. Runs in a worker.

    ``job`` says which fit it is (``model``, ``candidate``, ``fold`` and, for a fit inside an
    outer training fold of nested CV, ``inner``); the output repeats it. ``scorers`` maps each
    scorer name to its scorer (:func:`check_settings`), the first ranking.
    """
    from sklearn.metrics import accuracy_score, confusion_matrix, mean_squared_error, r2_score

    direct = {"accuracy": accuracy_score, "r2": r2_score}  # scored from y_pred: no second predict

    out = dict(job)
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
            out["scores"] = {
                name: float(
                    direct[name](y[test], y_pred)
                    if name in direct
                    else scorer(estimator, X[test], y[test])
                )
                for name, scorer in scorers.items()
            }
            out["score"] = out["scores"][next(iter(scorers))]
        out["converged"] = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
        if job.get("inner") is None:  # the diagnostics of a reported fit
            if task == "regression":
                out["rmse"] = float(np.sqrt(mean_squared_error(y[test], y_pred)))
                out["y_pred"] = np.asarray(y_pred, dtype=float).tolist()  # for the report
            else:
                out["confusion"] = confusion_matrix(y[test], y_pred, labels=labels).tolist()
            # the training loss of a supervised model (a feature stage's measures something else)
            model = estimator.named_steps.get("model")
            model = getattr(model, "regressor_", model)  # inside a TransformedTargetRegressor
            curve = getattr(model, "loss_curve_", None)
            if job["fold"] == 0 and curve is not None and len(curve):
                out["loss_curve"] = [float(v) for v in curve]
                # what the curve measures, as the estimator declares it (scikit-learn's: loss)
                out["loss_curve_quantity"] = getattr(model, "_loss_curve_quantity", "loss")
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
            "--backend dask needs dask.distributed: pip install 'zoo-nn[distributed]' (in a clone: "
            "pip install -e '.[distributed]')."
        ) from None
    stack = contextlib.ExitStack()
    try:
        client = Client(scheduler) if scheduler else Client(processes=False)
    except OSError as error:
        raise CLIError(f"cannot reach the Dask scheduler at {scheduler!r}: {error}") from None
    stack.enter_context(client)
    stack.enter_context(parallel_config(backend="dask"))
    return stack


def parse_scoring(scoring, task):
    """``"accuracy,f1_macro"`` -> ``["accuracy", "f1_macro"]`` (default: accuracy, or r2 for
    regression), each checked against scikit-learn's scorer names. The first ranks the models
    and chooses among ``--param`` candidates.

    >>> parse_scoring("accuracy, f1_macro", "classification")
    ['accuracy', 'f1_macro']
    """
    import difflib

    from sklearn.metrics import get_scorer_names

    if isinstance(scoring, (list, tuple)):
        names = list(scoring)
    else:
        names = [s.strip() for s in (scoring or "").split(",") if s.strip()]
    names = names or ["accuracy" if task == "classification" else "r2"]
    for name in names:
        if name not in get_scorer_names():
            close = difflib.get_close_matches(name, get_scorer_names(), n=3)
            hint = f"did you mean {' or '.join(close)}? " if close else ""
            raise CLIError(
                f"--scoring {name!r} is not a scikit-learn scorer; {hint}see "
                "sklearn.metrics.get_scorer_names(), e.g. accuracy, f1_macro, r2."
            )
    return list(dict.fromkeys(names))


def _takes_pos_label(scorer):
    """Whether ``scorer`` scores one class as the positive one and was given none (``f1``,
    ``precision``, ``average_precision``, ``neg_brier_score``; not ``f1_macro``, ``roc_auc``)."""
    # scikit-learn's scorers keep their metric and its keywords in these attributes
    parameters = inspect.signature(scorer._score_func).parameters
    return "pos_label" in parameters and "pos_label" not in scorer._kwargs


def _with_pos_label(scorer, pos_label):
    """``scorer`` with ``pos_label`` among its metric's keywords."""
    from sklearn.metrics import make_scorer

    return make_scorer(
        scorer._score_func,
        response_method=scorer._response_method,
        greater_is_better=scorer._sign > 0,
        **{**scorer._kwargs, "pos_label": pos_label},
    )


def _positive_class(y, labels, pos_label):
    """The label ``--pos-label`` names (given as text; matched to ``labels`` by its text), or
    when none is given the rarer of two classes (the later in sorted order on a tie, scikit-
    learn's ``classes_[1]``): fraud among transactions, the disease among patients."""
    if pos_label is not None:
        match = [label for label in labels if str(label) == str(pos_label)]
        if not match:
            raise CLIError(
                f"--pos-label {pos_label!r} is not a class of the target; its classes are "
                f"{', '.join(map(str, labels))}."
            )
        return match[0], "as --pos-label says"
    counts = [int(np.sum(y == label)) for label in labels]
    if counts[0] < counts[1]:
        return labels[0], "the rarer class; --pos-label to change"
    return labels[1], (
        "the rarer class" if counts[1] < counts[0] else "the later of two equally frequent classes"
    ) + "; --pos-label to change"


def check_settings(dataset, cv=5, scoring=None, nested=False, inner_cv=3, pos_label=None):
    """Check the protocol against ``dataset`` before any fit; ``(scorers, notes)``.

    ``scorers`` maps each ``scoring`` name (:func:`parse_scoring`) to a scikit-learn scorer
    that works on this target: on two classes, a scorer that scores one class as the positive
    one (``f1``, ``precision``, ``average_precision``...) gets ``pos_label``, or when none is
    given the rarer class (text labels have no class ``1``, scikit-learn's default). Each scorer
    is tried on a model that ignores the features (the chance level's), so a scorer that cannot
    score this target (``f1`` on ten classes) is a :class:`CLIError` naming it, not a failure of
    every fit. ``notes`` says which class was taken as positive, for the banner and footer.

    >>> from zoo.compare import load_dataset
    >>> iris = load_dataset("iris")
    >>> check_settings(iris, scoring="f1")
    Traceback (most recent call last):
    ...
    zoo.compare._errors.CLIError: --scoring f1 cannot score iris's target: Target is \
multiclass but average='binary'. Please choose another average setting, one of [None, \
'micro', 'macro', 'weighted']; for 3 classes try f1_macro, f1_micro, f1_weighted.
    """
    scorings = parse_scoring(scoring, dataset.task)
    if cv < 2:
        raise CLIError("--cv must be at least 2.")
    if nested and inner_cv < 2:
        raise CLIError("--inner-cv must be at least 2.")
    y = dataset.y
    labels = np.unique(y) if dataset.task == "classification" else None
    if labels is not None:
        counts = np.unique(y, return_counts=True)[1]
        if counts.min() < cv:
            raise CLIError(
                f"--cv {cv} needs at least {cv} samples of every class; the smallest "
                f"class of {dataset.name!r} has {counts.min()}."
            )
    from sklearn.metrics import get_scorer, get_scorer_names

    scorers, notes, positive, uses = {}, [], None, []
    if pos_label is not None and labels is not None:
        positive = _positive_class(y, labels, pos_label)  # a class of the target, used or not
    for name in scorings:
        scorer = get_scorer(name)
        if labels is not None and len(labels) == 2 and _takes_pos_label(scorer):
            default = inspect.signature(scorer._score_func).parameters["pos_label"].default
            # scikit-learn's own choice stands where it is a class (1 of 0/1 labels)
            if pos_label is not None or default not in labels.tolist():
                positive = positive or _positive_class(y, labels, pos_label)
                scorer = _with_pos_label(scorer, _jsonable(positive[0]))
                uses.append(name)
        scorers[name] = scorer
    if uses:
        notes.append(
            f"{', '.join(uses)} score{'s' if len(uses) == 1 else ''} "
            f"{_jsonable(positive[0])!r} as the positive class ({positive[1]})."
        )
    elif pos_label is not None:
        notes.append(
            f"--pos-label {pos_label} is unused: no scorer of {', '.join(scorings)} on this "
            "target scores one positive class."
        )
    folds = _splitter(dataset.task, cv, 0).split(dataset.X, y)
    train, test = next(iter(folds))
    dummy = _dummy(dataset.task).fit(dataset.X[train], y[train])
    for name, scorer in scorers.items():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # an ill-defined F1 of a constant prediction
                scorer(dummy, dataset.X[test], y[test])
        except (ValueError, TypeError) as error:
            message = " ".join(str(error).split()).rstrip(".")
            variants = [
                n  # the multi-class variants (samples averaging is for multi-label targets)
                for n in get_scorer_names()
                if n.startswith(f"{name}_") and not n.endswith("_samples")
            ]
            hint = ""
            if variants and labels is not None:
                hint = f"; for {len(labels)} classes try {', '.join(variants)}"
            raise CLIError(
                f"--scoring {name} cannot score {dataset.name}'s target: {message}{hint}."
            ) from None
    return scorers, notes


def _unscorable(models, scorers):
    """``{model index: why}`` for the models a scorer cannot score: it reads
    ``predict_proba`` (``neg_log_loss``) or a score (``roc_auc``) the model does not give. Those
    are not fitted; their row says why."""
    found = {}
    for i, model in enumerate(models):
        for name, scorer in scorers.items():
            # scikit-learn's scorers name the prediction methods they read, best first
            methods = scorer._response_method
            methods = (methods,) if isinstance(methods, str) else tuple(methods)
            if "predict" in methods:  # every model predicts; a fit that cannot, fails as one
                continue
            if not any(hasattr(model.pipeline, method) for method in methods):
                found[i] = (
                    f"--scoring {name} needs {' or '.join(methods)}, which "
                    f"{model.name.split(' + ')[-1]} does not have."
                )
                break
    return found


def _dummy(task):
    """A model that ignores the features: the class priors, or the training mean."""
    from sklearn.dummy import DummyClassifier, DummyRegressor

    if task == "classification":
        return DummyClassifier(strategy="prior")
    return DummyRegressor(strategy="mean")


def chance_level(dataset, folds, scorers):
    """The score of a model that ignores the features, on the same folds, for each scorer: the
    class priors (predicting the majority class) for classification, the training mean for
    regression (R² about 0). ``scorers``: scorer names, or ``{name: scorer}``
    (:func:`check_settings`).

    >>> from zoo.compare import load_dataset
    >>> iris = load_dataset("iris")
    >>> folds = list(_splitter("classification", 3, 0).split(iris.X, iris.y))
    >>> round(chance_level(iris, folds, ["accuracy"])["accuracy"], 3)  # 16 or 17 of 50
    0.32
    """
    from sklearn.metrics import get_scorer

    if not isinstance(scorers, dict):
        scorers = {name: get_scorer(name) for name in scorers}
    X, y = dataset.X, dataset.y
    dummy = _dummy(dataset.task)
    levels = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. an F1 with classes never predicted: 0 is right
        for name, scorer in scorers.items():
            scores = [scorer(clone(dummy).fit(X[tr], y[tr]), X[te], y[te]) for tr, te in folds]
            levels[name] = float(np.mean(scores))
    return levels


class _Runner:
    """Runs lists of fits through one joblib ``Parallel`` and keeps what finished, so Ctrl-C
    stops the work but not the report of it."""

    def __init__(self, models, grids, dataset, scorers, labels, n_jobs, progress, total):
        self.models, self.grids, self.dataset = models, grids, dataset
        self.scorers, self.labels, self.n_jobs = scorers, labels, n_jobs
        self.progress, self.total = progress, total
        self.outputs, self.interrupted = [], False

    def run(self, jobs):
        """``jobs``: ``(job, train, test)`` triples. Returns False when interrupted."""
        from joblib import Parallel, delayed

        if self.interrupted or not jobs:
            return not self.interrupted
        X, y = self.dataset.X, self.dataset.y
        parallel = Parallel(n_jobs=self.n_jobs, return_as="generator_unordered")
        try:
            for out in parallel(
                delayed(_fit_and_score)(
                    job,
                    self.models[job["model"]].pipeline,
                    self.grids[job["model"]][job["candidate"]],
                    X,
                    y,
                    train,
                    test,
                    self.dataset.task,
                    self.scorers,
                    self.labels,
                )
                for job, train, test in jobs
            ):
                self.outputs.append(out)
                if self.progress is not None:
                    model, grid = self.models[out["model"]], self.grids[out["model"]]
                    self.progress(
                        len(self.outputs),
                        self.total,
                        model,
                        grid[out["candidate"]],
                        out,
                        out["n_folds"],
                    )
        except KeyboardInterrupt:
            self.interrupted = True
        return not self.interrupted


def _best(outputs, n_candidates):
    """The candidate with the best mean primary score over ``outputs`` (None if all failed)."""
    means = {}
    for c in range(n_candidates):
        outs = [o for o in outputs if o["candidate"] == c]
        if outs and not any("error" in o for o in outs):
            means[c] = np.mean([o["score"] for o in outs])
    return max(means, key=lambda c: (means[c], -c)) if means else None


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
    nested=False,
    inner_cv=3,
    pos_label=None,
):
    """Cross-validate every model on ``dataset``; one dict per model, best score first.

    Every (model, ``--param`` candidate, fold) is one independent fit, and all of them go through
    one joblib ``Parallel`` so local processes or a Dask cluster share the work. Without
    ``nested``, the reported row of a model with several candidates is its best candidate by
    mean test score on the folds that chose it (GridSearchCV's ``best_score_``, an optimistic
    estimate). With ``nested``, each outer training fold chooses its candidate by an inner
    ``inner_cv``-fold CV, and the row is the chosen candidates' scores on the outer test folds.
    ``scoring`` is one scorer name or several (comma-separated or a list); the first ranks;
    ``pos_label`` is the positive class of the scorers that need one (:func:`check_settings`,
    which checks everything before any fit). A Ctrl-C stops the fits and returns what
    finished (``summary["interrupted"]``).

    Returns
    -------
    dict
        ``{"dataset", "task", "scoring", "scorings", "cv", "nested", "n_samples", "n_features",
        "chance", "results": [...]}``; each result has ``model``, ``family``, ``mean``, ``std``,
        ``scores`` (of the first scorer), ``metrics`` (mean and std of every scorer),
        ``fit_time`` (wall seconds per fit), ``fit_cpu_time`` (CPU seconds of the fitting
        process), ``predict_time``, ``best_params``, ``converged``, ``below_chance``, and
        ``rmse`` and out-of-fold ``predictions`` (regression; the regressors learn a
        standardised target), ``confusion`` (classification), ``loss_curve`` and
        ``loss_curve_quantity`` (iterative models: the first fold's curve and what it
        measures), ``chosen_params`` (nested), ``error`` (failures and unfinished rows).
    """
    if n_jobs == 0:
        raise CLIError("--n-jobs 0 runs nothing: give 1 (one at a time), N, or -1 (all cores).")
    scorers, notes = check_settings(dataset, cv, scoring, nested, inner_cv, pos_label)
    scorings = list(scorers)
    param_grid = param_grid or {}
    X, y = dataset.X, dataset.y
    folds = list(_splitter(dataset.task, cv, random_state).split(X, y))
    labels = np.unique(y) if dataset.task == "classification" else None
    grids = [m.grid(param_grid) for m in models]
    searched = {i for i, grid in enumerate(grids) if len(grid) > 1} if nested else set()

    inner_folds = {}
    if searched:
        inner = _splitter(dataset.task, inner_cv, random_state)
        for f, (train, _) in enumerate(folds):
            if (
                dataset.task == "classification"
                and np.unique(y[train], return_counts=True)[1].min() < inner_cv
            ):
                raise CLIError(
                    f"--nested with --inner-cv {inner_cv}: a class of {dataset.name!r} has fewer "
                    f"than {inner_cv} samples in an outer training fold; lower --inner-cv."
                )
            inner_folds[f] = [(train[a], train[b]) for a, b in inner.split(X[train], y[train])]
    unscorable = _unscorable(models, scorers)
    jobs = []  # first: every fit that does not wait for a choice
    for i, grid in enumerate(grids):
        if i in unscorable:
            continue
        for c in range(len(grid)):
            for f, (train, test) in enumerate(folds):
                job = {"model": i, "candidate": c, "fold": f, "n_folds": cv}
                if i not in searched:
                    jobs.append((job, train, test))
                    continue
                for g, (inner_train, inner_test) in enumerate(inner_folds[f]):
                    jobs.append(({**job, "inner": g, "n_inner": inner_cv}, inner_train, inner_test))
    total = len(jobs) + len(searched - set(unscorable)) * cv

    if backend == "dask":
        n_jobs = -1  # joblib runs n_jobs=1 in-process whatever the backend: use the cluster
    runner = _Runner(models, grids, dataset, scorers, labels, n_jobs, progress, total)
    with _parallel_config(backend, scheduler):
        if runner.run(jobs) and searched:
            # then each searched model's outer fits, with the candidate its inner CV chose
            chosen = []
            for i in sorted(searched):
                for f, (train, test) in enumerate(folds):
                    inner_outs = [
                        o for o in runner.outputs if o["model"] == i and o.get("fold") == f
                    ]
                    c = _best(inner_outs, len(grids[i]))
                    if c is not None:
                        job = {"model": i, "candidate": c, "fold": f, "n_folds": cv}
                        chosen.append(({**job, "chosen": True}, train, test))
            runner.run(chosen)
    outputs = sorted(
        runner.outputs, key=lambda o: (o["model"], o["candidate"], o["fold"], o.get("inner", -1))
    )
    chance = chance_level(dataset, folds, scorers)
    results = [
        _summarise(
            model,
            grids[i],
            [o for o in outputs if o["model"] == i],
            dataset.task,
            scorings,
            folds,
            inner_cv if i in searched else None,
        )
        for i, model in enumerate(models)
    ]
    for i, message in unscorable.items():
        results[i]["error"] = message
    for row in results:
        row["below_chance"] = row["mean"] is not None and row["mean"] <= chance[scorings[0]]
    results.sort(key=lambda r: (r["error"] is not None, -r["mean"] if r["mean"] is not None else 0))
    return {
        "dataset": dataset.name,
        "task": dataset.task,
        "scoring": scorings[0],
        "scorings": scorings,
        "scoring_notes": notes,
        "cv": cv,
        "nested": bool(searched),
        "inner_cv": inner_cv if searched else None,
        "n_samples": int(X.shape[0]),
        "n_features": int(X.shape[1]),
        "random_state": random_state,
        "param_grid": {k: [_jsonable(v) for v in vs] for k, vs in param_grid.items()},
        "preprocessing": dataset.preprocessing,
        # the class of each row and column of every confusion matrix
        "labels": None if labels is None else [_jsonable(v) for v in labels],
        "chance": chance,
        # regressors learn (y - mean) / std of each training fold, and predict in y's units
        "target_scaling": "standard" if dataset.task == "regression" else None,
        "interrupted": runner.interrupted,
        "n_fits": total,
        "n_fits_done": len(runner.outputs),
        "results": results,
    }


def _jsonable(value):
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _params(grid_entry):
    return {k.rsplit("__", 1)[1]: _jsonable(v) for k, v in grid_entry.items()}


def _summarise(model, grid, outputs, task, scorings, folds, n_inner):
    """The row of one model: its reported fits' scores, times and diagnostics.

    Without nesting (``n_inner`` None), the reported fits are the best candidate's folds; with
    it, each outer fold's fit of the candidate its inner CV chose. A candidate or row whose fits
    did not all finish (Ctrl-C) is marked ``"interrupted"``.
    """
    row = {
        "model": model.name,
        "family": model.family,
        "mean": None,
        "std": None,
        "scores": [],
        "metrics": {},
        "fit_time": None,
        "fit_cpu_time": None,
        "predict_time": None,
        "best_params": {},
        "converged": True,
        "error": None,
        "candidates": [],
    }
    nested, n_folds = n_inner is not None, len(folds)
    # the candidates are compared on the inner folds when nested, on the folds themselves if not
    judged = [o for o in outputs if not o.get("chosen") and (o.get("inner") is not None) == nested]
    expected = n_folds * (n_inner if nested else 1)
    for c in range(len(grid)):
        outs = [o for o in judged if o["candidate"] == c]
        errors = [o["error"] for o in outs if "error" in o]
        complete = not errors and len(outs) == expected
        row["candidates"].append(
            {
                "params": _params(grid[c]),
                "mean": float(np.mean([o["score"] for o in outs])) if complete else None,
                "error": errors[0] if errors else None if complete else "interrupted",
            }
        )
    if nested:
        outs = [o for o in outputs if o.get("chosen")]
    else:
        means = [c["mean"] if c["mean"] is not None else -np.inf for c in row["candidates"]]
        best = int(np.argmax(means))  # the first of equals, as GridSearchCV
        outs = [o for o in judged if o["candidate"] == best] if means[best] > -np.inf else []
    errors = [o["error"] for o in outs if "error" in o]
    if errors or len(outs) < n_folds:
        failed = [c["error"] for c in row["candidates"] if c["error"] not in (None, "interrupted")]
        row["error"] = (errors or failed or ["interrupted"])[0]
        return row
    scores = [o["score"] for o in outs]
    row.update(
        mean=float(np.mean(scores)),
        std=float(np.std(scores)),
        scores=scores,
        metrics={
            name: {
                "mean": float(np.mean([o["scores"][name] for o in outs])),
                "std": float(np.std([o["scores"][name] for o in outs])),
            }
            for name in scorings
        },
        fit_time=float(np.mean([o["fit_time"] for o in outs])),
        fit_cpu_time=float(np.mean([o["fit_cpu_time"] for o in outs])),
        predict_time=float(np.mean([o["predict_time"] for o in outs])),
        converged=all(o["converged"] for o in outs),
    )
    chosen = [_params(grid[o["candidate"]]) for o in outs]
    row["best_params"] = max(chosen, key=chosen.count)  # nested: the most frequent choice
    if nested:
        row["chosen_params"] = chosen
    if task == "regression":
        row["rmse"] = float(np.mean([o["rmse"] for o in outs]))
        predictions = np.empty(sum(len(test) for _, test in folds))
        for o in outs:  # each sample's prediction by the model that did not see it
            predictions[folds[o["fold"]][1]] = o["y_pred"]
        row["predictions"] = predictions.tolist()
    else:
        row["confusion"] = np.sum([o["confusion"] for o in outs], axis=0).tolist()
    first = next((o for o in outs if "loss_curve" in o), None)
    if first is not None:
        row["loss_curve"] = first["loss_curve"]
        row["loss_curve_quantity"] = first["loss_curve_quantity"]
    return row


def progress_printer(stream, score_name="score"):
    """A ``progress`` callback for :func:`compare` that prints one line per finished fit
    (``score_name`` names the figure: ``"nrmse"`` for a series)."""
    start = time.perf_counter()

    def report(done, total, model, params, out, n_folds):
        width = len(str(total))
        candidate = ", ".join(f"{k.rsplit('__', 1)[1]}={v}" for k, v in params.items())
        what = (
            f"{model.name}{f' [{candidate}]' if candidate else ''} fold {out['fold'] + 1}/{n_folds}"
        )
        if out.get("inner") is not None:
            what += f" inner {out['inner'] + 1}/{out['n_inner']}"
        if "error" in out:
            result = f"failed: {out['error'][:100]}"
        else:
            result = f"{score_name} {out['score']:.3f}, fit {out['fit_time']:.2f}s"
        elapsed = time.perf_counter() - start
        print(
            f"[{done:>{width}}/{total}] {elapsed:6.1f}s  {what}: {result}", file=stream, flush=True
        )

    return report
