"""``zoo reproduce``: the papers' headline results re-run, the published figure beside zoo's.

An experiment is a small declared object, :class:`Experiment`: the paper, the protocol in words
(and where zoo departs from it), the metric, the published figure with the place it is printed,
the tolerance stated before running, the recipe ``recipe(seed, quick) -> float`` that fits zoo's
estimator and measures the metric on one seed, and the number of seeds. A family declares its
rows in its own folder, ``zoo/<family>/_experiments.py``, by calling :func:`register`;
:func:`discover_experiments` imports every such module, so the command names no family and no
row (as ``zoo compare`` discovers estimators)::

    from zoo.reproduce import Experiment, register

    def _xor(seed, quick):
        ...
        return float(model.score(X, y) == 1.0)

    register(Experiment(name="xor", paper="Rumelhart, Hinton & Williams 1986", ...,
                        published=1.0, tolerance=0.1, direction="higher", recipe=_xor))

The verdict (:func:`verdict`) compares the mean over seeds with the published figure:
*reproduced* when it is at least as good (``direction``) or within two standard errors of the
mean (and within the tolerance), *within tolerance* when it is off by no more than the stated
tolerance, *not reproduced* otherwise, always with the reason.

A row may also draw its figure for ``zoo reproduce --report`` (learning curves, decision
regions, recalled patterns): the optional field ``figure`` is a callable
``figure(seed, quick, fig) -> str or None`` (``figure(seed, quick, fig, mnist=DIR)`` when the
row ``needs`` MNIST) that re-runs the recipe's setting for ``seed`` (the report passes seed 0)
and draws on ``fig``, an empty :class:`matplotlib.figure.Figure` (6.4 x 3.6 inches; it adds
its own panels, ``fig.add_subplot()`` or ``fig.subplots(1, 3)``, and may resize itself with
``fig.set_size_inches``). It returns an optional caption, one sentence saying what the figure
shows. It is called only when a report is asked for, after the row's runs, so matplotlib stays
an optional dependency: import it inside the function, or draw through ``fig``'s methods alone.
A recipe and its figure that share an expensive fit can share it through a small cache of
their own (``functools.lru_cache`` on the fitting helper)::

    def _xor_figure(seed, quick, fig):
        model = _fit_xor(seed, quick)
        ax = fig.add_subplot()
        ax.plot(model.loss_curve_)
        ax.set(xlabel="epoch", ylabel="squared error")
        return "the training error of seed 0"

    register(Experiment(name="xor", ..., recipe=_xor, figure=_xor_figure))
"""

import importlib
import math
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = [
    "Experiment",
    "discover_experiments",
    "register",
    "unregister",
    "verdict",
]

_REGISTRY = {}


@dataclass(frozen=True)
class Experiment:
    """One row of ``zoo reproduce``: a paper's result and the recipe that re-runs it.

    Parameters
    ----------
    name : str
        Short identifier, unique within the family ("xor", "4-2-4-encoder").
    family : str
        The zoo family folder the row belongs to (``--only`` selects by it).
    paper : str
        Authors and year ("Fahlman & Lebiere 1990").
    source : str
        Where the published figure is printed (section, table, page).
    protocol : str
        The paper's protocol in words, and where zoo's recipe departs from it.
    metric : str
        What the figure measures ("success rate over seeds", "hidden units").
    published : float
        The published figure.
    tolerance : float
        The largest difference from ``published`` still called "within tolerance", stated
        before running.
    recipe : callable
        ``recipe(seed, quick) -> float`` (``recipe(seed, quick, mnist=DIR)`` when ``needs`` is
        ``"mnist"``): fits zoo's estimator with that seed and returns the metric.
    seeds : int, default=10
        Seeds of a default run (0, 1, ...).
    quick_seeds : int, default=3
        Seeds of a ``--quick`` run, whose recipe also gets ``quick=True`` (fewer epochs).
    direction : {"higher", "lower", None}, default=None
        Which side of the published figure is at least as good ("higher" for a success rate,
        "lower" for an error or a network's size); ``None``: only closeness counts.
    needs : str or None, default=None
        ``"mnist"`` for a row that reads the user's MNIST files.
    figure : callable or None, default=None
        ``figure(seed, quick, fig) -> str or None`` (``mnist=DIR`` too when ``needs`` is
        ``"mnist"``): draws the row's figure for ``zoo reproduce --report`` on the empty
        matplotlib ``Figure`` ``fig`` and returns an optional caption (see the module's text).
    """

    name: str
    family: str
    paper: str
    source: str
    protocol: str
    metric: str
    published: float
    tolerance: float
    recipe: Callable = field(repr=False, compare=False)
    seeds: int = 10
    quick_seeds: int = 3
    direction: str = None
    needs: str = None
    figure: Callable = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        if self.direction not in ("higher", "lower", None):
            raise ValueError(f"direction must be 'higher', 'lower' or None, got {self.direction!r}")
        if self.needs not in ("mnist", None):
            raise ValueError(f"needs must be 'mnist' or None, got {self.needs!r}")
        if not self.tolerance >= 0:
            raise ValueError(f"tolerance must be >= 0, got {self.tolerance!r}")
        if self.seeds < 1 or self.quick_seeds < 1:
            raise ValueError("seeds and quick_seeds must be at least 1")
        if self.figure is not None and not callable(self.figure):
            raise TypeError(f"figure must be callable or None, got {type(self.figure).__name__}")

    @property
    def key(self):
        return f"{self.family}/{self.name}"


def register(experiment):
    """Add ``experiment`` to the rows of ``zoo reproduce``; returns it. A second experiment
    with the same family and name is an error (a row is declared once)."""
    if not isinstance(experiment, Experiment):
        raise TypeError(f"register takes an Experiment, got {type(experiment).__name__}")
    if _REGISTRY.get(experiment.key, experiment) is not experiment:
        raise ValueError(f"the experiment {experiment.key} is registered twice")
    _REGISTRY[experiment.key] = experiment
    return experiment


def unregister(experiment):
    """Remove a registered experiment (a test's own row, after the test)."""
    _REGISTRY.pop(experiment.key, None)


def discover_experiments():
    """Every registered experiment, sorted by family then declaration order: imports each
    ``zoo.<family>._experiments`` module first, so a family's rows join on their own."""
    import zoo

    for module in pkgutil.iter_modules(zoo.__path__):
        if module.ispkg and importlib.util.find_spec(f"zoo.{module.name}._experiments"):
            importlib.import_module(f"zoo.{module.name}._experiments")
    order = {key: i for i, key in enumerate(_REGISTRY)}
    return sorted(_REGISTRY.values(), key=lambda e: (e.family, order[e.key]))


def verdict(experiment, values):
    """``(verdict, reason)`` of the per-seed ``values`` against the published figure.

    >>> row = Experiment("r", "f", "P 1990", "p. 1", "...", "rate", 1.0, 0.1, recipe=None,
    ...                  direction="higher")
    >>> verdict(row, [1.0, 1.0])[0], verdict(row, [0.92, 0.92])[0], verdict(row, [0.5, 0.7])[0]
    ('reproduced', 'within tolerance', 'not reproduced')
    """
    n = len(values)
    mean = sum(values) / n
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / n)
    paper, diff = experiment.published, mean - experiment.published
    side = "above" if diff > 0 else "below"
    if experiment.direction == "higher" and diff >= 0:
        return "reproduced", f"zoo's {mean:.4g} is at least the paper's {paper:.4g}"
    if experiment.direction == "lower" and diff <= 0:
        return "reproduced", f"zoo's {mean:.4g} is at most the paper's {paper:.4g}"
    standard_error = std / math.sqrt(n)
    if abs(diff) <= max(min(2 * standard_error, experiment.tolerance), 1e-12 * max(1, abs(paper))):
        return "reproduced", f"the paper's {paper:.4g} is within 2 standard errors of zoo's mean"
    if abs(diff) <= experiment.tolerance:
        return (
            "within tolerance",
            f"zoo's {mean:.4g} is {abs(diff):.3g} {side} the paper's {paper:.4g}, within the "
            f"stated tolerance {experiment.tolerance:g}",
        )
    return (
        "not reproduced",
        f"zoo's {mean:.4g} is {abs(diff):.3g} {side} the paper's {paper:.4g}, beyond the stated "
        f"tolerance {experiment.tolerance:g}",
    )
