"""Plot of a fitted neural gas: its units and learned edges over 2-D data.

The edges are one :class:`~matplotlib.collections.LineCollection` (``ax.collections[0]``), the
units one scatter on top, coloured by connected component when the gas has ``unit_labels_`` (the
growing neural gas). matplotlib is imported only when a plot is drawn (``pip install
zoo-nn[plot]``).

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from sklearn.datasets import make_moons
>>> from zoo.gas import GrowingNeuralGas
>>> from zoo.gas.plot import plot_graph
>>> X, _ = make_moons(300, noise=0.05, random_state=0)
>>> gng = GrowingNeuralGas(max_nodes=30, random_state=0).fit(X)
>>> ax = plot_graph(gng, X)
>>> len(ax.collections[0].get_segments()) == len(gng.edges_)
True
"""

import numpy as np
from sklearn.utils.validation import check_is_fitted

from ..plotting import _pyplot as _zoo_pyplot


def _pyplot():
    return _zoo_pyplot("zoo.gas.plot")


def plot_graph(gas, X=None, *, features=(0, 1), ax=None, cmap="tab10", title=None):
    """Draw the units of a fitted gas and the edges between them, over the data if given.

    Parameters
    ----------
    gas : NeuralGas or GrowingNeuralGas
        Fitted.
    X : array-like of shape (n_samples, n_features), default=None
        Data drawn as small grey points beneath the graph.
    features : pair of int, default=(0, 1)
        The two input features on the axes (the graph of higher-dimensional data is drawn in
        their plane).
    ax : matplotlib Axes, default=None
        Drawn into a new figure when None.
    cmap : str, default="tab10"
        Colours of the connected components.
    title : str, default=None
        None: the number of units, edges and (for a growing gas) components.

    Returns
    -------
    ax : matplotlib Axes
    """
    check_is_fitted(gas)
    from matplotlib.collections import LineCollection

    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 5))
    i, j = features
    n_features = gas.cluster_centers_.shape[1]
    if not (0 <= i < n_features and 0 <= j < n_features):
        raise ValueError(f"features={features} is outside the {n_features} input features.")
    units = gas.cluster_centers_[:, [i, j]].astype(np.float64)
    segments = units[gas.edges_]  # (n_edges, 2 ends, 2 coordinates)
    ax.add_collection(LineCollection(segments, colors="0.25", linewidths=1.0, zorder=2))
    if X is not None:
        X = np.asarray(X, dtype=np.float64)
        ax.scatter(X[:, i], X[:, j], s=4, c="0.75", zorder=1, label="data")
    colours = getattr(gas, "unit_labels_", np.zeros(len(units), dtype=int))
    ax.scatter(
        units[:, 0],
        units[:, 1],
        c=colours,
        cmap=cmap,
        vmin=0,
        vmax=max(9, int(colours.max())),
        s=24,
        edgecolors="black",
        linewidths=0.5,
        zorder=3,
    )
    if title is None:
        title = f"{type(gas).__name__}: {len(units)} units, {len(gas.edges_)} edges"
        if hasattr(gas, "n_clusters_"):
            title += f", {gas.n_clusters_} component" + ("s" if gas.n_clusters_ != 1 else "")
    ax.set_title(title)
    ax.set_aspect("equal", adjustable="datalim")
    ax.autoscale_view()
    return ax
