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
from sklearn.utils import get_tags

from ._errors import CLIError
from .discovery import discover_estimators

__all__ = [
    "Model",
    "build_models",
    "check_param_grid",
    "column_steps",
    "left_out",
    "parse_param",
    "scaling_steps",
    "split_scope",
]


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


def column_steps(dataset, allow_nan=False):
    """The steps a CSV's columns need before a model's own scaling (none for clean numbers).

    Numeric columns with empty cells are imputed by the training median, unless the model takes
    NaN itself (scikit-learn's ``allow_nan`` input tag); text columns (codes, see
    :func:`~zoo.compare.datasets.load_csv`) are imputed by their most frequent value and one-hot
    encoded, ignoring values a training fold never saw. The ``ColumnTransformer`` a scikit-learn
    user would write.
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    categorical = list(dataset.categorical)
    numeric = [j for j in range(dataset.X.shape[1]) if j not in categorical]
    missing = bool(numeric) and bool(np.isnan(dataset.X[:, numeric]).any())
    if not categorical and (not missing or allow_nan):
        return []
    numbers = "passthrough" if allow_nan or not missing else SimpleImputer(strategy="median")
    text = make_pipeline(
        SimpleImputer(strategy="most_frequent"),
        OneHotEncoder(handle_unknown="ignore", sparse_output=False),
    )
    columns = ColumnTransformer([("numeric", numbers, numeric), ("text", text, categorical)])
    return [("columns", columns)]


def _readout(random_state):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(max_iter=1000, random_state=random_state)


@dataclass
class Model:
    """One row of the comparison: an unfitted Pipeline and where its model sits in it."""

    name: str
    family: str
    pipeline: object
    step: str  # where --param sets parameters: a step, or a path such as "model__regressor"

    @property
    def keys(self):
        """The lower-case names that select this row (``--models``) or scope a ``--param``:
        the row name, the estimator's class name and its family."""
        return {self.name.lower(), self.name.split(" + ")[0].lower(), self.family.lower()}

    @property
    def estimator(self):
        return self.pipeline.get_params()[self.step]

    def param_keys(self, param_grid):
        """``{name: key}``: which ``--param`` entry sets each parameter of this model. A scoped
        entry (``MODEL.name`` or ``FAMILY.name``) whose scope names the model overrides a bare
        ``name``; entries naming parameters the model does not have are not its own."""
        own = self.estimator.get_params()
        chosen = {}
        for key in param_grid:
            scope, name = split_scope(key)
            if name not in own or (scope is not None and scope.lower() not in self.keys):
                continue
            if scope is not None or name not in chosen:
                chosen[name] = key
        return chosen

    def own_grid(self, param_grid):
        """``{name: values}`` of the ``--param`` entries that reach this model."""
        return {name: param_grid[key] for name, key in self.param_keys(param_grid).items()}

    def grid(self, param_grid):
        """The ``--param`` candidates this model has, as Pipeline parameter dicts."""
        own = self.own_grid(param_grid)
        return [
            {f"{self.step}__{n}": v for n, v in zip(own, values)}
            for values in itertools.product(*own.values())
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
    allow_nan = get_tags(estimator).input_tags.allow_nan
    steps = column_steps(dataset, allow_nan) + scaling_steps(
        info.input_domain, dataset.sequence_shape
    )
    if info.task in ("classifier", "regressor"):
        steps.append(("model", _target_scaled(estimator)))
        return Model(info.name, info.family, Pipeline(steps), _model_path(estimator))
    # the learned features (e.g. distances to map units) are re-standardised for the read-out
    steps += [
        ("features", estimator),
        ("rescale", scaling_steps("real")[0][1]),
        ("readout", _readout(random_state)),
    ]
    return Model(f"{info.name} + LogisticRegression", info.family, Pipeline(steps), "features")


def _reference_models(dataset, random_state):
    """scikit-learn's rows: a linear model and its neural network, both standardised."""
    from sklearn import linear_model, neural_network
    from sklearn.pipeline import Pipeline

    if dataset.task == "classification":
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
            Pipeline(
                [
                    *column_steps(dataset),
                    *scaling_steps("real"),
                    ("model", _target_scaled(estimator)),
                ]
            ),
            _model_path(estimator),
        )
        for estimator in estimators
    ]


def _target_scaled(estimator):
    """A regressor learns the standardised target, ``(y - mean) / std`` of its training folds,
    and predicts in the target's units: a network's output layer and its default learning rate
    and penalty are sized for targets of order 1 (diabetes' 25-346 otherwise ranks every neural
    regressor below a constant). Classifiers are returned as they are."""
    from sklearn.base import is_regressor
    from sklearn.compose import TransformedTargetRegressor
    from sklearn.preprocessing import StandardScaler

    if not is_regressor(estimator):
        return estimator
    return TransformedTargetRegressor(regressor=estimator, transformer=StandardScaler())


def _model_path(estimator):
    from sklearn.base import is_regressor

    return "model__regressor" if is_regressor(estimator) else "model"


def build_models(dataset, random_state=0, select=None):
    """The comparison rows for ``dataset``: zoo's estimators by rule, then scikit-learn's.

    A classification dataset compares classifiers and, as feature stages, the unsupervised
    estimators with ``transform``; a regression dataset compares regressors. An estimator whose
    ``_compare_params`` is ``None`` is a preprocessing step and is left out; one that declares
    ``_compare_excluded`` (a pipeline that is no sensible use of it) is left out unless
    ``select`` names it (:func:`left_out`). ``select`` is a list of row names, class names or
    family names (case-insensitive); unknown names are an error listing the valid ones.
    """
    models, reasons = _candidates(dataset, random_state)
    if not select:
        return [m for m in models if m.name not in reasons]
    keys = {s.strip().lower() for s in select if s.strip()}
    known = set().union(*(m.keys for m in models))
    unknown = sorted(keys - known)
    if unknown:
        names = sorted({m.name.split(" + ")[0] for m in models} | {m.family for m in models})
        raise CLIError(
            f"--models: no {dataset.task} model or family named "
            f"{', '.join(unknown)}; {_did_you_mean(unknown, names)}choose from "
            f"{', '.join(names)}."
        )
    return [m for m in models if m.keys & keys]


def left_out(dataset, select=None):
    """``{row name: reason}`` of the models a comparison of ``dataset`` leaves out because
    their class declares ``_compare_excluded``, unless ``select`` names them.

    >>> from zoo.compare import load_dataset
    >>> reasons = left_out(load_dataset("iris"))
    >>> all(isinstance(reason, str) for reason in reasons.values())
    True
    """
    models, reasons = _candidates(dataset)
    keys = {s.strip().lower() for s in select or [] if s.strip()}
    chosen = {m.name for m in models if m.keys & keys}
    return {name: reason for name, reason in reasons.items() if name not in chosen}


def _candidates(dataset, random_state=0):
    """Every row the task allows, and ``{row name: reason}`` of the declared exclusions."""
    wanted = {"classification": "classifier", "regression": "regressor"}[dataset.task]
    models, reasons = [], {}
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
            if info.compare_exclusion is not None:
                reasons[models[-1].name] = info.compare_exclusion
    return models + _reference_models(dataset, random_state), reasons


def _did_you_mean(unknown, names):
    """``"did you mean NameClassifier? "`` for names a prefix or a near spelling away."""
    import difflib

    lower = {n.lower(): n for n in names}
    guesses = []
    for key in unknown:
        close = [lower[n] for n in lower if n.startswith(key)]
        close += [lower[n] for n in difflib.get_close_matches(key, list(lower), n=3)]
        guesses += [n for n in close if n not in guesses]
    return f"did you mean {' or '.join(guesses[:3])}? " if guesses else ""


def split_scope(key):
    """``"Model.alpha"`` -> ``("Model", "alpha")``; a bare ``"alpha"`` -> ``(None, "alpha")``.

    Parameter names hold no dot, so the scope is everything before the last one (a row name
    such as ``sklearn.<Name>`` keeps its own dot).
    """
    scope, dot, name = key.rpartition(".")
    return (scope, name) if dot else (None, name)


def _top_level_pieces(text):
    """``"(20,),(50,)"`` -> ``["(20,)", "(50,)"]``: split at the commas outside brackets."""
    pieces, depth, start, quote = [], 0, 0, None
    for i, char in enumerate(text):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth < 0:
                return None
        elif char == "," and depth == 0:
            pieces.append(text[start:i])
            start = i + 1
    if depth or quote:
        return None
    return [p.strip() for p in [*pieces, text[start:]] if p.strip()]


def parse_param(text):
    """``"alpha=1e-4,1e-2"`` -> ``("alpha", [0.0001, 0.01])``; values are Python literals, and a
    value that is none (``relu``) is a string.

    Commas inside brackets belong to one value, so tuples are written as they are in Python,
    ``"hidden_layer_sizes=(20,),(50, 20)"``; a list in brackets is the list of values
    (``"hidden_layer_sizes=[(16,), (64,)]"``). ``NAME`` may be scoped to a model or family,
    ``MODEL.NAME`` or ``FAMILY.NAME`` (see :meth:`Model.own_grid`).

    >>> parse_param("alpha=1e-4,0.01")
    ('alpha', [0.0001, 0.01])
    >>> parse_param("activation=relu,tanh")
    ('activation', ['relu', 'tanh'])
    >>> parse_param("hidden_layer_sizes=(20,),(50, 20)")
    ('hidden_layer_sizes', [(20,), (50, 20)])
    """
    name, sep, values = text.partition("=")
    name = name.strip()
    if not sep or not name or not values.strip() or not split_scope(name)[1]:
        raise CLIError(
            f"--param {text!r}: expected [MODEL.]NAME=VALUE[,VALUE...], e.g. alpha=1e-4,1e-2."
        )
    values = values.strip()

    def literal(piece):
        try:
            return ast.literal_eval(piece)
        except (ValueError, SyntaxError):
            return piece

    pieces = _top_level_pieces(values)
    if pieces is None:
        raise CLIError(f"--param {text!r}: unbalanced brackets or quotes in the values.")
    if len(pieces) == 1 and pieces[0].startswith("["):
        parsed = literal(pieces[0])
        if not isinstance(parsed, list):
            raise CLIError(f"--param {text!r}: could not read the bracketed list of values.")
        return name, parsed
    return name, [literal(piece) for piece in pieces]


def check_param_grid(models, param_grid):
    """Check every ``--param`` entry against the models before anything runs.

    An entry whose scope selects no model, a name no model reached has, and a value an
    estimator's parameter constraints reject are each a :class:`CLIError` naming it. Returns the
    warnings to print: a bare name that reaches estimators of several families, where one name
    can mean different things (a penalty strength in one, a choice parameter in another).
    """
    from sklearn.base import clone

    notes = []
    for key, values in param_grid.items():
        scope, name = split_scope(key)
        if not values:
            raise CLIError(f"--param {key}: no value given.")
        if scope is not None and not any(scope.lower() in m.keys for m in models):
            names = sorted({m.name for m in models} | {m.family for m in models})
            raise CLIError(
                f"--param {key}: no model or family {scope!r} in this comparison; "
                f"choose from {', '.join(names)}."
            )
        reached = [m for m in models if m.param_keys(param_grid).get(name) == key]
        has = [m for m in models if name in m.estimator.get_params()]
        if scope is not None:
            has = [m for m in has if scope.lower() in m.keys]
        if not has:
            where = f"no model of {scope!r}" if scope else "no model in this comparison"
            raise CLIError(f"--param {key}: {where} has a parameter {name!r}.")
        for model in reached:
            if not hasattr(model.estimator, "_parameter_constraints"):
                continue
            for value in values:
                estimator = clone(model.estimator).set_params(**{name: value})
                try:
                    estimator._validate_params()
                except ValueError as error:  # scikit-learn's InvalidParameterError
                    raise CLIError(f"--param {key}={value!r}: {model.name}: {error}") from None
        families = {}
        for model in reached:
            if model.family != "sklearn":  # scikit-learn's rows share the drop-ins' meanings
                families.setdefault(model.family, []).append(model.name)
        if scope is None and len(families) > 1:
            listing = "; ".join(f"{f}: {', '.join(names)}" for f, names in families.items())
            notes.append(
                f"--param {name} reaches {len(families)} families ({listing}), where one name "
                f"can mean different things; scope it as MODEL.{name}=... or FAMILY.{name}=..."
            )
    return notes
