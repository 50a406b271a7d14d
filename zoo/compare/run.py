"""Running a comparison: every (model, ``--param`` candidate, fold) is one independent fit, and
all of them go through one joblib ``Parallel``, so local processes (``--n-jobs``) or a
``dask.distributed`` cluster (``--backend dask --scheduler ADDRESS``) share the work.
"""

import time
import warnings

import numpy as np
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning

from ._errors import CLIError

__all__ = ["compare", "progress_printer"]


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


def progress_printer(stream):
    """A ``progress`` callback for :func:`compare` that prints one line per finished fit."""
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
