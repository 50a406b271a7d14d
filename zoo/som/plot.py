"""Plots of a fitted self-organising map: U-matrix, component planes, hit map, labelled map,
clusters, the training curves, and MATLAB's topology, neighbour-connection and weight-position
figures.

Every map plot draws one cell per unit at its grid position — a hexagon on a hexagonal map, a
square on a rectangular one — as a single :class:`~matplotlib.collections.PolyCollection`
(``ax.collections[0]``)
coloured by one value per unit, row 0 at the top as in an image. matplotlib is imported only when a
plot is drawn (``pip install zoo-nn[plot]``).

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from sklearn.datasets import load_iris
>>> from zoo.som import SOM
>>> from zoo.som.plot import plot_umatrix
>>> som = SOM(6, 8, topology="hexagonal", random_state=0).fit(load_iris().data)
>>> ax = plot_umatrix(som)
>>> len(ax.collections[0].get_paths())
48
"""

import numpy as np
from sklearn.utils.validation import check_is_fitted

from .._core.grid import adjacency, grid_squared_distances
from ..plotting import _pyplot as _zoo_pyplot


def _pyplot():
    return _zoo_pyplot("zoo.som.plot")


def _cell_polygons(som):
    """One polygon per unit: hexagons of circumradius 1/sqrt(3) (they tile the hexagonal grid whose
    neighbours are 1 apart), or unit squares."""
    centres = som.unit_coordinates_.astype(np.float64)
    if som.topology == "hexagonal":
        radius = 1.0 / np.sqrt(3.0)
        angles = np.pi / 6 + np.arange(6) * np.pi / 3  # pointy-top hexagons
    else:
        radius = np.sqrt(0.5)
        angles = np.pi / 4 + np.arange(4) * np.pi / 2
    corners = radius * np.column_stack([np.cos(angles), np.sin(angles)])
    return centres[:, np.newaxis, :] + corners[np.newaxis, :, :]


def _draw_cells(
    ax, som, values, cmap, vmin=None, vmax=None, title=None, colorbar=True, colorbar_label=None
):
    from matplotlib.collections import PolyCollection

    cells = PolyCollection(
        _cell_polygons(som),
        array=np.asarray(values, dtype=np.float64).ravel(),
        cmap=cmap,
        edgecolors="white",
        linewidths=0.5,
    )
    cells.set_clim(vmin, vmax)
    ax.add_collection(cells)
    centres = som.unit_coordinates_.astype(np.float64)
    margin = 0.8
    ax.set_xlim(centres[:, 0].min() - margin, centres[:, 0].max() + margin)
    # row 0 at the top, as the map is printed (and as ``umatrix()`` reads)
    ax.set_ylim(centres[:, 1].max() + margin, centres[:, 1].min() - margin)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title)
    if colorbar:
        bar = ax.figure.colorbar(cells, ax=ax, shrink=0.8)
        if colorbar_label:
            bar.set_label(colorbar_label)
    return cells


def _axes(ax):
    if ax is None:
        _, ax = _pyplot().subplots()
    return ax


def plot_umatrix(som, ax=None, cmap="bone_r"):
    """The U-matrix (Ultsch & Siemon 1990): each unit coloured by the mean distance of its vector to
    its neighbours' (:meth:`~zoo.som.SOM.umatrix`); light valleys are clusters, dark ridges borders.

    Returns the matplotlib ``Axes``.
    """
    check_is_fitted(som)
    ax = _axes(ax)
    _draw_cells(
        ax,
        som,
        som.umatrix(),
        cmap,
        title="U-matrix",
        colorbar_label="mean distance to adjacent units",
    )
    return ax


def plot_hit_map(som, X, ax=None, cmap="Blues"):
    """Each unit coloured by the number of samples of ``X`` it wins (:meth:`~zoo.som.SOM.hit_map`).

    Returns the matplotlib ``Axes``.
    """
    check_is_fitted(som)
    ax = _axes(ax)
    _draw_cells(ax, som, som.hit_map(X), cmap, vmin=0, title="hits", colorbar_label="samples won")
    return ax


def plot_component_planes(som, features=None, feature_names=None, n_cols=4, cmap="coolwarm"):
    """One map per input feature, each unit coloured by that component of its codebook vector:
    features that vary together have similar planes.

    Parameters
    ----------
    som : fitted SOM or SOMClassifier
    features : list of int, default=None
        Which features (all when None).
    feature_names : list of str, default=None
        Titles; defaults to ``feature_names_in_`` when the map was fitted on a DataFrame.
    n_cols : int, default=4
        Planes per row of the figure.

    Returns
    -------
    fig : matplotlib Figure, with one Axes per plane (then empty ones switched off).
    """
    check_is_fitted(som)
    n_features = som.cluster_centers_.shape[1]
    features = list(range(n_features)) if features is None else list(features)
    if feature_names is None:
        feature_names = getattr(som, "feature_names_in_", [f"x{j}" for j in range(n_features)])
    n_cols = min(n_cols, len(features))
    n_rows = -(-len(features) // n_cols)
    fig, axes = _pyplot().subplots(
        n_rows, n_cols, figsize=(3 * n_cols, 2.6 * n_rows), squeeze=False
    )
    for ax, feature in zip(axes.ravel(), features):
        _draw_cells(
            ax,
            som,
            som.cluster_centers_[:, feature],
            cmap,
            title=str(feature_names[feature]),
            colorbar_label="weight",
        )
    for ax in axes.ravel()[len(features) :]:
        ax.set_axis_off()
    return fig


def plot_labelled_map(classifier, ax=None, cmap="tab10"):
    """A fitted :class:`~zoo.som.SOMClassifier`'s map, each unit coloured by the class it predicts,
    with a legend; units that won no training sample are drawn faded.

    Returns the matplotlib ``Axes``.
    """
    check_is_fitted(classifier, "unit_labels_")
    from matplotlib.patches import Patch

    ax = _axes(ax)
    n_classes = len(classifier.classes_)
    class_index = np.searchsorted(classifier.classes_, classifier.unit_labels_)
    cells = _draw_cells(
        ax,
        classifier,
        class_index,
        cmap,
        vmin=-0.5,
        vmax=n_classes - 0.5,
        title="labelled map",
        colorbar=False,
    )
    cells.set_cmap(_pyplot().get_cmap(cmap, n_classes))
    empty = classifier.unit_class_counts_.sum(axis=1) == 0
    cells.set_alpha(np.where(empty, 0.35, 1.0))
    handles = [
        Patch(color=cells.cmap(cells.norm(k)), label=str(label))
        for k, label in enumerate(classifier.classes_)
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return ax


def plot_clusters(som, ax=None, cmap="tab10"):
    """A :class:`~zoo.som.SOM` fitted with ``n_clusters``, each unit coloured by its cluster
    (``unit_clusters_``), with a legend; units that won no training sample are drawn faded.

    Returns the matplotlib ``Axes``.
    """
    check_is_fitted(som, "unit_clusters_")
    from matplotlib.patches import Patch

    ax = _axes(ax)
    n_clusters = int(som.unit_clusters_.max()) + 1
    cells = _draw_cells(
        ax,
        som,
        som.unit_clusters_,
        cmap,
        vmin=-0.5,
        vmax=n_clusters - 0.5,
        title=f"{n_clusters} clusters",
        colorbar=False,
    )
    cells.set_cmap(_pyplot().get_cmap(cmap, n_clusters))
    cells.set_alpha(np.where(som.unit_hits_ == 0, 0.35, 1.0))
    handles = [
        Patch(color=cells.cmap(cells.norm(k)), label=f"cluster {k}") for k in range(n_clusters)
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return ax


def plot_training_curves(som, ax=None):
    """The quantization error (left axis) and topographic error (right axis) after each epoch,
    ``quantization_errors_`` and ``topographic_errors_`` of any fitted SOM estimator.

    Returns the matplotlib ``Axes`` of the quantization error (``ax.lines[0]``); the topographic
    error is on its twin (``ax.right_ax``).
    """
    check_is_fitted(som, "quantization_errors_")
    ax = _axes(ax)
    epochs = np.arange(1, len(som.quantization_errors_) + 1)
    ax.plot(epochs, som.quantization_errors_, "o-", color="tab:blue", label="quantization error")
    ax.set_xlabel("epoch")
    ax.set_ylabel("quantization error", color="tab:blue")
    right = ax.twinx()
    right.plot(epochs, som.topographic_errors_, "s--", color="tab:red", label="topographic error")
    right.set_ylabel("topographic error", color="tab:red")
    right.set_ylim(bottom=0)
    ax.right_ax = right
    ax.set_title("training curves")
    return ax


def _grid_edges(som):
    """Index pairs ``(i, j)``, ``i < j``, of the units adjacent on the drawn grid: the 6
    neighbours of a hexagonal unit, the 4 of a rectangular one (MATLAB's ``plotsomnc``); the
    wrap-around pairs of a toroidal map are left out, as they would cross the drawing."""
    coordinates = som.unit_coordinates_.astype(np.float64)
    adjacent = adjacency(
        grid_squared_distances(coordinates, coordinates), som.topology, diagonal=False
    )
    return np.argwhere(np.triu(adjacent))


def plot_topology(som, ax=None):
    """The map's units at their grid positions (MATLAB's ``plotsomtop``): hexagons on a hexagonal
    map, squares on a rectangular one, row 0 at the top.

    Returns the matplotlib ``Axes``; ``ax.collections[0]`` holds one cell per unit.
    """
    check_is_fitted(som)
    ax = _axes(ax)
    cells = _draw_cells(
        ax,
        som,
        np.zeros(som.n_rows * som.n_cols),
        "Blues",
        vmin=-1.0,
        vmax=1.0,
        title=f"{som.n_rows} x {som.n_cols} {som.topology} topology",
        colorbar=False,
    )
    cells.set_edgecolor("black")
    return ax


def plot_neighbor_connections(som, ax=None):
    """Units as dots joined to their grid neighbours (MATLAB's ``plotsomnc``): 6 neighbours on a
    hexagonal map, 4 on a rectangular one.

    Returns the matplotlib ``Axes``; ``ax.collections[0]`` holds one segment per adjacent pair,
    ``ax.lines[0]`` the units.
    """
    check_is_fitted(som)
    from matplotlib.collections import LineCollection

    ax = _axes(ax)
    centres = som.unit_coordinates_.astype(np.float64)
    edges = _grid_edges(som)
    ax.add_collection(LineCollection(centres[edges], colors="tab:red", linewidths=1.5))
    ax.plot(centres[:, 0], centres[:, 1], "o", color="tab:blue", markersize=6)
    margin = 0.8
    ax.set_xlim(centres[:, 0].min() - margin, centres[:, 0].max() + margin)
    ax.set_ylim(centres[:, 1].max() + margin, centres[:, 1].min() - margin)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title("neighbor connections")
    return ax


def plot_weight_positions(som, X=None, features=(0, 1), ax=None):
    """The units' weight vectors in the input space, joined to their grid neighbours, over the
    data (MATLAB's ``plotsompos``): how the map has unfolded across the samples.

    Parameters
    ----------
    som : fitted SOM, SOMClassifier or SOMRegressor
    X : array-like of shape (n_samples, n_features), default=None
        Samples drawn as grey dots behind the map.
    features : pair of int, default=(0, 1)
        The two input features drawn (the first two, as MATLAB draws).

    Returns
    -------
    ax : matplotlib Axes
        ``ax.collections[0]`` holds one segment per adjacent pair of units, ``ax.lines[0]`` the
        weight vectors; the samples, when given, are ``ax.collections[1]``.
    """
    check_is_fitted(som)
    from matplotlib.collections import LineCollection

    W = np.asarray(som.cluster_centers_, dtype=np.float64)
    features = [int(f) for f in features]
    if len(features) != 2 or not all(0 <= f < W.shape[1] for f in features):
        raise ValueError(
            f"features must be two indices below n_features={W.shape[1]}; got {features!r}."
        )
    ax = _axes(ax)
    points = W[:, features]
    ax.add_collection(LineCollection(points[_grid_edges(som)], colors="tab:red", linewidths=1.0))
    ax.plot(points[:, 0], points[:, 1], "o", color="tab:blue", markersize=5, label="weights")
    if X is not None:
        X = som._validate_for_mapping(X)
        ax.scatter(
            X[:, features[0]], X[:, features[1]], s=6, color="0.6", label="samples", zorder=0
        )
    ax.autoscale_view()
    names = getattr(som, "feature_names_in_", None)
    ax.set_xlabel(str(names[features[0]]) if names is not None else f"x{features[0]}")
    ax.set_ylabel(str(names[features[1]]) if names is not None else f"x{features[1]}")
    ax.set_title("weight positions")
    return ax
