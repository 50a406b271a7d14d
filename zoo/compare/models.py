"""The rows of a comparison: each discovered estimator in the Pipeline its declarations ask for.

>>> from zoo.compare import load_dataset
>>> rows = build_models(load_dataset("iris"), select=["sklearn"])
>>> [m.name for m in rows]
['sklearn.LogisticRegression', 'sklearn.MLPClassifier']
"""

import ast
import itertools
from dataclasses import dataclass

import numpy as np

from ._errors import CLIError
from .discovery import discover_estimators

__all__ = ["Model", "build_models", "parse_param", "scaling_steps"]


def _to_sequences(X, shape):
    """(n, T*F) -> (n, T, F): each sample read as T time steps of F features."""
    return np.asarray(X).reshape(len(X), *shape)


def scaling_steps(domain, sequence_shape=None):
    """The Pipeline steps that bring standardised-or-raw features into ``domain``.

    ``"real"``: ``StandardScaler``. ``"unit_interval"``: ``MinMaxScaler`` into [0, 1] (clipping
    test values outside the training range). ``"binary"``: that, then 0/1 at the threshold 0.5.
    ``"sequences"``: ``StandardScaler``, then each sample reshaped to ``sequence_shape`` when the
    dataset has one (digits: 8 rows of 8 pixels); otherwise the 2-D array is passed on, which
    zoo's sequence convention reads as one feature per time step.

    >>> [name for name, _ in scaling_steps("binary")]
    ['scale', 'binarize']
    """
    from sklearn.preprocessing import Binarizer, FunctionTransformer, MinMaxScaler, StandardScaler

    if domain in ("unit_interval", "binary"):
        steps = [("scale", MinMaxScaler(clip=True))]
    else:
        steps = [("scale", StandardScaler())]
    if domain == "binary":
        steps.append(("binarize", Binarizer(threshold=0.5)))
    if domain == "sequences" and sequence_shape:
        reshape = FunctionTransformer(_to_sequences, kw_args={"shape": sequence_shape})
        steps.append(("sequence", reshape))
    return steps


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
    """The Pipeline of one discovered estimator: the scaling its ``_input_domain`` asks for, the
    estimator with its ``_compare_params`` (and ``random_state``), and for a transformer a
    re-standardised ``LogisticRegression`` read-out of its features."""
    from sklearn.pipeline import Pipeline

    estimator = info.cls()
    settings = info.compare_params
    if "random_state" in estimator.get_params():
        settings["random_state"] = random_state
    estimator.set_params(**settings)
    steps = scaling_steps(info.input_domain, dataset.sequence_shape)
    if info.task in ("classifier", "regressor"):
        steps.append(("model", estimator))
        return Model(info.name, info.family, Pipeline(steps), "model")
    # the learned features (e.g. distances to map units) are re-standardised for the read-out
    steps += [
        ("features", estimator),
        ("rescale", scaling_steps("real")[0][1]),
        ("readout", _readout(random_state)),
    ]
    return Model(f"{info.name} + LogisticRegression", info.family, Pipeline(steps), "features")


def _reference_models(task, random_state):
    """scikit-learn's rows: a linear model and its neural network, both standardised."""
    from sklearn import linear_model, neural_network
    from sklearn.pipeline import Pipeline

    if task == "classification":
        estimators = [
            linear_model.LogisticRegression(max_iter=1000, random_state=random_state),
            neural_network.MLPClassifier(random_state=random_state),
        ]
    else:
        estimators = [linear_model.Ridge(), neural_network.MLPRegressor(random_state=random_state)]
    return [
        Model(
            f"sklearn.{type(estimator).__name__}",
            "sklearn",
            Pipeline([*scaling_steps("real"), ("model", estimator)]),
            "model",
        )
        for estimator in estimators
    ]


def build_models(dataset, random_state=0, select=None):
    """The comparison rows for ``dataset``: zoo's estimators by rule, then scikit-learn's.

    A classification dataset compares classifiers and, as feature stages, the unsupervised
    estimators with ``transform``; a regression dataset compares regressors. An estimator whose
    ``_compare_params`` is ``None`` is a preprocessing step and is left out. ``select`` is a list
    of row names, class names or family names (case-insensitive); unknown names are an error
    listing the valid ones.
    """
    wanted = {"classification": "classifier", "regression": "regressor"}[dataset.task]
    models = []
    for info in discover_estimators():
        if info.compare_params is None:
            continue
        usable = info.task == wanted or (
            dataset.task == "classification"
            and info.task in ("transformer", "clusterer")
            and hasattr(info.cls, "transform")
        )
        if usable:
            models.append(_zoo_model(info, dataset, random_state))
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
