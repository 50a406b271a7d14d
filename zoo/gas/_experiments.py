"""``zoo reproduce`` rows of the neural gases (see :mod:`zoo.reproduce`)."""

import functools

import numpy as np

from ..reproduce import Experiment, register
from ._growing_neural_gas import GrowingNeuralGas

#: The ring of the shapes: centre, inner and outer radius.
_CENTRE, _INNER, _OUTER = np.array([0.25, 0.7]), 0.12, 0.2
_SHAPES = ("ring", "square", "line")


def _shapes(seed, n_samples=1500):
    """Uniform samples of three separate shapes of different dimension, after Fritzke's (1995)
    figure: a ring (2-D with a hole), a filled square (2-D) and a thin line segment (1-D)."""
    rng = np.random.default_rng(seed)
    k = n_samples // 3
    radius = np.sqrt(rng.uniform(_INNER**2, _OUTER**2, k))  # uniform over the annulus' area
    angle = rng.uniform(0, 2 * np.pi, k)
    ring = _CENTRE + np.c_[radius * np.cos(angle), radius * np.sin(angle)]
    square = rng.uniform([0.55, 0.5], [0.95, 0.9], (k, 2))
    t = rng.uniform(0, 1, k)
    line = np.c_[0.05 + 0.9 * t, 0.1 + 0.15 * t] + rng.normal(0, 0.005, (k, 2))
    order = rng.permutation(3 * k)
    return np.vstack([ring, square, line])[order], np.repeat([0, 1, 2], k)[order]


@functools.lru_cache(maxsize=32)
def _fit(seed, quick):
    """Fritzke's parameters (zoo's defaults: lambda 100, eps_b 0.2, eps_n 0.006, a_max 50,
    alpha 0.5, d 0.995), 100 units, 10 epochs of 1,500 samples (15,000 signals); --quick: 50
    units, 4 epochs."""
    X, shape = _shapes(seed)
    model = GrowingNeuralGas(
        max_nodes=50 if quick else 100, max_iter=4 if quick else 10, random_state=seed
    ).fit(X)
    return model, X, shape


def _matches(model, X, shape):
    """Whether the graph has the shapes' topology: one connected component per shape (each
    unit belongs to the shape of its nearest sample), and the ring's hole stays open (no edge
    between ring units has its midpoint in the inner half of the hole)."""
    units, edges = model.cluster_centers_, model.edges_
    unit_shape = shape[((units[:, None, :] - X[None]) ** 2).sum(axis=2).argmin(axis=1)]
    one_per_shape = model.n_clusters_ == 3 and all(
        len(set(unit_shape[model.unit_labels_ == c])) == 1 for c in range(3)
    )
    one_per_shape = one_per_shape and len(set(unit_shape)) == 3
    ring = edges[(unit_shape[edges[:, 0]] == 0) & (unit_shape[edges[:, 1]] == 0)]
    midpoints = (units[ring[:, 0]] + units[ring[:, 1]]) / 2
    hole_open = bool((np.linalg.norm(midpoints - _CENTRE, axis=1) > _INNER / 2).all())
    return one_per_shape and hole_open


def _topology(seed, quick):
    return float(_matches(*_fit(seed, quick)))


def _graph_figure(seed, quick, fig):
    from .plot import plot_graph

    model, X, shape = _fit(seed, quick)
    ax = fig.add_subplot()
    plot_graph(model, X, ax=ax)
    ax.set_aspect("equal")
    verdict = "matches" if _matches(model, X, shape) else "does not match"
    return (
        f"the growing neural gas's {len(model.cluster_centers_)} units and {len(model.edges_)} "
        f"edges over the samples of the ring, the square and the line, coloured by connected "
        f"component; its topology {verdict} the shapes' (seed {seed})"
    )


register(
    Experiment(
        name="fritzke-shapes-topology",
        family="gas",
        paper="Fritzke 1995",
        source="A growing neural gas network learns topologies (NIPS 7), the figures of the "
        "network on a distribution of regions of different dimension: the graph's edges follow "
        "each region's shape and separate regions stay separate; taken as 1.0 of the runs",
        protocol="1,500 samples, 500 from each of three separate shapes in the unit square: a "
        "ring (radii 0.12 to 0.2), a filled square and a thin line segment (zoo's shapes, "
        "after the paper's figure, whose exact regions are not reproduced); the paper's "
        "parameters (lambda 100, eps_b 0.2, eps_n 0.006, a_max 50, alpha 0.5, d 0.995), 100 "
        "units, 15,000 signals (--quick: 50 units, 6,000). The metric is the share of seeds "
        "whose graph has the shapes' topology: exactly one connected component per shape, and "
        "no edge across the ring's hole (no ring edge's midpoint within half the inner radius "
        "of its centre)",
        metric="runs with the shapes' topology",
        published=1.0,
        tolerance=0.1,
        direction="higher",
        recipe=_topology,
        figure=_graph_figure,
        seeds=5,
        quick_seeds=1,
    )
)
