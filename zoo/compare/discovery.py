"""Finding the estimators: ``zoo.__all__`` read at run time, and what each declares to compare.

>>> info = next(i for i in discover_estimators() if i.task == "regressor")
>>> info.task, isinstance(info.partial_fit, bool), info.input_domain in INPUT_DOMAINS
('regressor', True, True)
"""

import inspect
import re
from dataclasses import dataclass, field

from sklearn.base import BaseEstimator, ClusterMixin, is_classifier, is_regressor
from sklearn.utils import get_tags

__all__ = [
    "INPUT_DOMAINS",
    "EstimatorInfo",
    "compare_params",
    "compare_exclusion",
    "discover_estimators",
    "first_reference",
    "input_domain",
]

#: The values an estimator's ``_input_domain`` class attribute may take (absent: ``"real"``).
INPUT_DOMAINS = ("real", "unit_interval", "binary", "sequences")


def input_domain(cls):
    """What ``cls`` reads: its ``_input_domain`` class attribute, ``"real"`` when it has none.

    >>> class Model:
    ...     _input_domain = "unit_interval"
    >>> input_domain(Model), input_domain(object)
    ('unit_interval', 'real')
    """
    domain = getattr(cls, "_input_domain", "real")
    if domain not in INPUT_DOMAINS:
        raise ValueError(
            f"{cls.__name__}._input_domain is {domain!r}; it must be one of "
            f"{', '.join(map(repr, INPUT_DOMAINS))}."
        )
    return domain


def compare_params(cls):
    """The hyper-parameters ``cls`` asks for in a quick comparison (``_compare_params``, default
    ``{}``), or ``None`` when it is a preprocessing step and no model to compare.

    >>> class Model:
    ...     _compare_params = {"n_iter": 30}
    >>> compare_params(Model), compare_params(object)
    ({'n_iter': 30}, {})
    """
    params = getattr(cls, "_compare_params", {})
    if params is not None and not isinstance(params, dict):
        raise TypeError(
            f"{cls.__name__}._compare_params must be a dict (or None), got {type(params).__name__}."
        )
    return None if params is None else dict(params)


def compare_exclusion(cls):
    """Why ``cls`` is no row of a default comparison (its ``_compare_excluded`` class attribute:
    the reason, as the footer prints it), or ``None`` when it is one. An excluded model still
    runs when ``--models`` names it.

    >>> class Model:
    ...     _compare_excluded = "its recall is no feature map"
    >>> compare_exclusion(Model), compare_exclusion(object)
    ('its recall is no feature map', None)
    """
    reason = getattr(cls, "_compare_excluded", None)
    if reason is not None and not isinstance(reason, str):
        raise TypeError(
            f"{cls.__name__}._compare_excluded must be a reason (str) or None, got "
            f"{type(reason).__name__}."
        )
    return reason


@dataclass
class EstimatorInfo:
    """What ``zoo list`` says about one exported estimator, and what the comparison reads."""

    name: str
    family: str
    task: str
    paper: str
    partial_fit: bool
    cls: type = field(repr=False)

    @property
    def input_domain(self):
        return input_domain(self.cls)

    @property
    def compare_params(self):
        return compare_params(self.cls)

    @property
    def compare_exclusion(self):
        return compare_exclusion(self.cls)

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
    ...     .. [1] Hebb, D. O. (1949). The organization of behavior.
    ...        Wiley, New York.
    ...     .. [2] Someone else.
    ...     '''
    >>> first_reference(Model)
    'Hebb, D. O. (1949). The organization of behavior. Wiley, New York.'
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

    The family is the subpackage (``zoo.<family>._module`` -> ``<family>``), the task comes from
    scikit-learn's ``is_classifier``/``is_regressor``/``ClusterMixin``/``transform``, the paper is
    the first entry of the docstring's ``References`` section, and ``partial_fit`` is whether a
    default instance has that method.
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
