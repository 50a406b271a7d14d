r"""The categories of a fitted ART module on 2-D data, drawn as what they are: Fuzzy ART's
hyper-boxes (and Fuzzy ARTMAP's, ART1's), Hypersphere ART's circles, Gaussian, Bayesian and
Ellipsoid ART's and Quadratic Neuron ART's ellipses, ART 2-A's directions.

:func:`plot_categories` reads the fitted attributes of any elementary module (the shape comes from
what the module learned, not from its name: a module with ``covariances_`` is drawn by its
covariances, with ``sigmas_`` by its axis-parallel deviations, with ``axes_`` and ``radii_`` as
ellipsoids, with ``radii_`` as spheres, a complement-coded one as boxes), and colours the samples
of ``X`` by the category :meth:`predict` gives them. matplotlib is imported only when a plot is
drawn (``pip install zoo-nn[plot]``).

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from zoo.art import HypersphereART
>>> from zoo.art.plot import plot_categories
>>> X = [[0.1, 0.1], [0.2, 0.15], [0.9, 0.85], [0.8, 0.9]]
>>> art = HypersphereART(rho=0.8, r_hat=0.5 * 2**0.5).fit(X)
>>> ax = plot_categories(art, X)
>>> len(ax.patches)
2
"""

import math

import numpy as np
from sklearn.utils.validation import check_array, check_is_fitted

from ..plotting import _pyplot as _zoo_pyplot
from ._art2a import ART2A

#: How many standard deviations the ellipse of a Gaussian category spans along each axis.
N_STD = 2.0


def _pyplot():
    return _zoo_pyplot("zoo.art.plot")


def _axes(ax):
    if ax is None:
        _, ax = _pyplot().subplots()
    return ax


def _boxes(estimator):
    """(lower corner, upper corner) of each category's box: ``[u, v]`` from complement coding
    ``w = (u, 1 - v)``; without it (and for ART1) the region ``x >= w`` of the inputs that hold the
    whole template, up to the unit box's corner."""
    W = estimator.weights_.astype(np.float64)
    if getattr(estimator, "complement_coding", False):
        return W[:, :2], 1.0 - W[:, 2:]
    return W, np.ones_like(W)


def _ellipse(covariance):
    """Width, height and angle (degrees) of the N_STD ellipse of a 2 x 2 covariance."""
    values, vectors = np.linalg.eigh(covariance)
    major = vectors[:, 1]
    width, height = 2.0 * N_STD * np.sqrt(np.maximum(values[::-1], 0.0))
    return width, height, math.degrees(math.atan2(major[1], major[0]))


def _quadratic_ellipses(estimator):
    r"""Centre, width, height and angle of each quadratic neuron's resonance region
    :math:`\exp(-s_j^2\lVert W_j x - b_j\rVert^2) \ge \rho`, i.e.
    :math:`\lVert W_j x - b_j\rVert \le r_j = \sqrt{-\ln\rho}/s_j`: with
    :math:`W_j = P \Sigma Q^\top`, the ellipse :math:`W_j^{-1}(b_j + r_j\,\text{disk})` of centre
    :math:`W_j^{-1} b_j` and half-axes :math:`r_j/\sigma_i` along the columns of :math:`Q`."""
    if not 0.0 < estimator.rho < 1.0:
        raise ValueError(
            f"plot_categories: QuadraticNeuronART's regions are bounded for 0 < rho < 1; got "
            f"rho={estimator.rho}."
        )
    shapes = []
    for W, b, s in zip(estimator.weights_, estimator.biases_, estimator.scales_):
        P, sigma, Qt = np.linalg.svd(W.astype(np.float64))
        if sigma[-1] <= np.finfo(np.float64).eps * sigma[0] or s == 0:
            raise ValueError(
                "plot_categories: a quadratic neuron with a singular matrix W (or scale 0) has an "
                "unbounded region; nothing finite to draw."
            )
        r = math.sqrt(-math.log(estimator.rho)) / float(s)
        centre = np.linalg.solve(W.astype(np.float64), b.astype(np.float64))
        # sigma is sorted down: the longer half-axis r / sigma_1 lies along Q's second column
        width, height = 2.0 * r / sigma[1], 2.0 * r / sigma[0]
        angle = math.degrees(math.atan2(Qt[1, 1], Qt[1, 0]))
        shapes.append((centre, width, height, angle))
    return shapes


def _category_patches(estimator):
    """One matplotlib patch (or, for ART 2-A, one ray) per category: ``(kind, patch or line)``."""
    from matplotlib.patches import Circle, Ellipse, Rectangle

    if hasattr(estimator, "covariances_"):  # Bayesian ART: full covariances
        shapes = [_ellipse(c.astype(np.float64)) for c in estimator.covariances_]
        return [Ellipse(m, w, h, angle=a) for m, (w, h, a) in zip(estimator.means_, shapes)]
    if hasattr(estimator, "sigmas_"):  # Gaussian ART: axis-parallel deviations
        return [
            Ellipse(m, 2 * N_STD * s[0], 2 * N_STD * s[1], angle=0.0)
            for m, s in zip(estimator.means_, estimator.sigmas_)
        ]
    if hasattr(estimator, "scales_") and hasattr(estimator, "biases_"):  # Quadratic Neuron ART
        return [
            Ellipse(centre, width, height, angle=angle)
            for centre, width, height, angle in _quadratic_ellipses(estimator)
        ]
    if hasattr(estimator, "axes_") and hasattr(estimator, "radii_"):  # Ellipsoid ART
        return [
            Ellipse(
                m,
                2 * R,
                2 * estimator.mu * R,
                angle=math.degrees(math.atan2(d[1], d[0])),
            )
            for m, d, R in zip(estimator.centroids_, estimator.axes_, estimator.radii_)
        ]
    if hasattr(estimator, "radii_"):  # Hypersphere ART
        return [Circle(m, R) for m, R in zip(estimator.centroids_, estimator.radii_)]
    if isinstance(estimator, ART2A):  # unit directions, no extent
        return None
    if hasattr(estimator, "weights_"):  # ART1, Fuzzy ART, Fuzzy ARTMAP: boxes
        lower, upper = _boxes(estimator)
        return [Rectangle(u, *(v - u)) for u, v in zip(lower, upper)]
    raise TypeError(
        f"plot_categories draws the categories of zoo's ART modules; {type(estimator).__name__} "
        "has none it knows (weights_, radii_, axes_, sigmas_ or covariances_)."
    )


def plot_categories(estimator, X=None, ax=None, cmap="tab10"):
    r"""The categories of a fitted ART module on 2-D inputs, and the samples of ``X`` coloured by
    the category each is predicted to.

    Category ``j`` is drawn in colour ``j`` of ``cmap`` as

    * a box :math:`[u_j, v_j]` (ART1, Fuzzy ART, Fuzzy ARTMAP; with complement coding
      :math:`w_j = (u_j, 1 - v_j)`; without it the region :math:`x \ge w_j` up to the unit box's
      corner, the inputs that hold the whole template);
    * a circle of centre :math:`m_j` and radius :math:`R_j` (Hypersphere ART);
    * an ellipse of centre :math:`m_j`, major half-axis :math:`R_j` along :math:`d_j` and minor
      half-axis :math:`\mu R_j` (Ellipsoid ART; a single point while :math:`R_j = 0`);
    * the ellipse of ``N_STD`` = 2 standard deviations around :math:`\mu_j` (Gaussian ART:
      axis-parallel, :math:`2\sigma_{ji}`; Bayesian ART: along the eigenvectors of
      :math:`\Sigma_j`);
    * the ellipse :math:`\lVert W_j x - b_j\rVert \le \sqrt{-\ln\rho}/s_j` where the quadratic
      neuron resonates (Quadratic Neuron ART);
    * a ray from the origin along the unit prototype :math:`z_j` (ART 2-A, which categorises
      directions).

    Parameters
    ----------
    estimator : fitted ART estimator
        Fitted on data with two features.
    X : array-like of shape (n_samples, 2), default=None
        Samples to scatter, coloured by ``estimator.predict(X)`` (grey: -1, no category).
    ax : matplotlib Axes, default=None
        Where to draw; None makes a new figure.
    cmap : str, default="tab10"
        The categories' colours, cycled.

    Returns
    -------
    ax : matplotlib Axes
        The categories are ``ax.patches`` (ART 2-A's rays ``ax.lines``), in category order.

    Raises
    ------
    ValueError
        When the estimator was fitted on other than two features, or X has other than two
        columns.
    TypeError
        When the estimator has no categories this function knows how to draw.
    """
    check_is_fitted(estimator)
    name = type(estimator).__name__
    if estimator.n_features_in_ != 2:
        raise ValueError(
            f"plot_categories draws categories in the plane: {name} was fitted on "
            f"{estimator.n_features_in_} features, not 2 (project the data to 2 features, e.g. "
            "with PCA, and fit on those to see its categories)."
        )
    if X is not None:
        X = check_array(X, dtype=np.float64)
        if X.shape[1] != 2:
            raise ValueError(f"plot_categories: X has {X.shape[1]} columns; {name} takes 2.")
    patches = _category_patches(estimator)
    plt = _pyplot()
    ax = _axes(ax)
    colours = plt.get_cmap(cmap)

    def colour(j):
        return colours(j % colours.N) if j >= 0 else "0.6"

    if patches is None:  # ART 2-A's directions: rays to the unit circle
        for j, z in enumerate(estimator.weights_.astype(np.float64)):
            ax.plot([0.0, z[0]], [0.0, z[1]], color=colour(j), linewidth=2)
    else:
        for j, patch in enumerate(patches):
            patch.set(facecolor=colour(j), edgecolor=colour(j), alpha=0.25, linewidth=1.5)
            ax.add_patch(patch)
    if X is not None and len(X):
        labels = estimator.predict(X)
        ax.scatter(X[:, 0], X[:, 1], c=[colour(j) for j in labels], s=12, edgecolors="none")
    ax.autoscale_view()
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_title(f"{name}: {estimator.n_categories_} categories")
    return ax
