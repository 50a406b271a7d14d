"""``zoo.art.plot.plot_categories``: every elementary ART module's categories drawn as what they
are (boxes, circles, ellipses, rays), checked against the fitted attributes, and its errors."""

import math

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from sklearn.datasets import make_blobs  # noqa: E402
from sklearn.exceptions import NotFittedError  # noqa: E402
from sklearn.preprocessing import MinMaxScaler  # noqa: E402

from zoo.art import (  # noqa: E402
    ART1,
    ART2A,
    BayesianART,
    EllipsoidART,
    FuzzyART,
    FuzzyARTMAP,
    GaussianART,
    HypersphereART,
    QuadraticNeuronART,
)
from zoo.art.plot import N_STD, plot_categories  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def blobs():
    X, y = make_blobs(n_samples=200, centers=4, random_state=0)
    return MinMaxScaler().fit_transform(X), y


def test_fuzzy_boxes_are_the_complement_coded_weights(blobs):
    X, y = blobs
    for art in (FuzzyART(rho=0.7).fit(X), FuzzyARTMAP(rho=0.5).fit(X, y)):
        ax = plot_categories(art, X)
        assert len(ax.patches) == art.n_categories_
        for box, w in zip(ax.patches, art.weights_):
            u, v = w[:2], 1 - w[2:]  # w = (u, 1 - v)
            np.testing.assert_allclose(box.get_xy(), u)
            np.testing.assert_allclose([box.get_width(), box.get_height()], v - u)
    # every training sample of fast-learned Fuzzy ART lies in its category's box
    art = FuzzyART(rho=0.7).fit(X)
    ax = plot_categories(art, X)
    for x, label in zip(X, art.labels_):
        box = ax.patches[label]
        assert box.get_x() - 1e-12 <= x[0] <= box.get_x() + box.get_width() + 1e-12
        assert box.get_y() - 1e-12 <= x[1] <= box.get_y() + box.get_height() + 1e-12


def test_art1_templates_are_the_boxes_of_the_inputs_that_hold_them(blobs):
    X, _ = blobs
    art = ART1(rho=0.5, binarize=0.5).fit(X)
    ax = plot_categories(art)
    for box, w in zip(ax.patches, art.weights_):
        np.testing.assert_allclose(box.get_xy(), w)
        np.testing.assert_allclose([box.get_width(), box.get_height()], 1 - w)


def test_hypersphere_circles_and_ellipsoid_ellipses(blobs):
    X, _ = blobs
    art = HypersphereART(rho=0.7).fit(X)
    ax = plot_categories(art, X)
    for circle, m, R in zip(ax.patches, art.centroids_, art.radii_):
        np.testing.assert_allclose(circle.center, m)
        assert circle.radius == pytest.approx(R)
    art = EllipsoidART(rho=0.7, mu=0.4).fit(X)
    ax = plot_categories(art, X)
    assert len(ax.patches) == art.n_categories_
    for ellipse, m, d, R in zip(ax.patches, art.centroids_, art.axes_, art.radii_):
        np.testing.assert_allclose(ellipse.center, m)
        assert (ellipse.width, ellipse.height) == pytest.approx((2 * R, 2 * 0.4 * R))
        if R > 0:  # the major axis along d
            assert math.radians(ellipse.angle) == pytest.approx(math.atan2(d[1], d[0]))
            # every learned sample lies inside its ellipse (fast learning)
    inside = [
        ax.patches[j].contains_point(ax.transData.transform(x), radius=1e-6) or art.radii_[j] == 0
        for x, j in zip(X, art.labels_)
    ]
    assert np.mean(inside) > 0.95  # rounding on the boundary aside


def test_gaussian_ellipses_span_two_deviations(blobs):
    X, _ = blobs
    art = GaussianART(rho=0.05, sigma_init=0.1).fit(X)
    ax = plot_categories(art, X)
    for ellipse, m, s in zip(ax.patches, art.means_, art.sigmas_):
        np.testing.assert_allclose(ellipse.center, m)
        assert (ellipse.width, ellipse.height) == pytest.approx(tuple(2 * N_STD * s))
        assert ellipse.angle == 0
    art = BayesianART().fit(X)
    ax = plot_categories(art, X)
    for ellipse, m, c in zip(ax.patches, art.means_, art.covariances_):
        np.testing.assert_allclose(ellipse.center, m)
        values, vectors = np.linalg.eigh(c)
        assert (ellipse.width, ellipse.height) == pytest.approx(
            tuple(2 * N_STD * np.sqrt(values[::-1]))
        )
        major = vectors[:, 1]
        angle = math.radians(ellipse.angle)
        assert abs(math.cos(angle) * major[0] + math.sin(angle) * major[1]) == pytest.approx(1)


def test_art2a_rays_and_sample_colours(blobs):
    X, _ = blobs
    art = ART2A(rho=0.98, beta=1.0).fit(X)
    ax = plot_categories(art, X)
    assert len(ax.lines) == art.n_categories_ and not ax.patches
    for line, z in zip(ax.lines, art.weights_):
        np.testing.assert_allclose(line.get_xydata(), [[0, 0], z])
    # the samples are coloured by their predicted category, in the category's colour
    colours = ax.collections[0].get_facecolors()
    np.testing.assert_allclose(
        colours, [matplotlib.colors.to_rgba(ax.lines[j].get_color()) for j in art.predict(X)]
    )


def test_quadratic_ellipses_bound_where_the_neuron_resonates(blobs):
    X, _ = blobs
    art = QuadraticNeuronART(rho=0.6, s_init=3.0).fit(X)
    ax = plot_categories(art, X)
    assert len(ax.patches) == art.n_categories_ > 1
    radius = math.sqrt(-math.log(art.rho))
    for patch, W, b, s in zip(ax.patches, art.weights_, art.biases_, art.scales_):
        # on the drawn boundary the response exp(-s^2 |W x - b|^2) equals the vigilance rho
        t = np.linspace(0.0, 2.0 * np.pi, 12)  # the patch maps the unit circle onto its ellipse
        boundary = patch.get_patch_transform().transform(np.column_stack([np.cos(t), np.sin(t)]))
        distances = s * np.linalg.norm(boundary @ W.T.astype(np.float64) - b, axis=1)
        np.testing.assert_allclose(distances, radius, rtol=1e-6)


def test_errors_name_the_problem(blobs):
    X, _ = blobs
    three = np.column_stack([X, X[:, :1]])
    with pytest.raises(ValueError, match="fitted on 3 features, not 2"):
        plot_categories(HypersphereART().fit(three))
    with pytest.raises(ValueError, match="X has 3 columns"):
        plot_categories(HypersphereART().fit(X), three)
    with pytest.raises(NotFittedError):
        plot_categories(GaussianART())
    with pytest.raises(TypeError, match="has none it knows"):
        plot_categories(MinMaxScaler().fit(X))
