"""MATLAB's figures: ``zoo.plotting`` (plotperform, plotregression, ploterrhist) and the SOM's
plotsomtop, plotsomnc and plotsompos in ``zoo.som.plot``. Each test checks the drawn data."""

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from sklearn.datasets import load_iris  # noqa: E402

from zoo import SOM, MLPRegressor  # noqa: E402
from zoo.plotting import plot_error_histogram, plot_performance, plot_regression  # noqa: E402
from zoo.som.plot import (  # noqa: E402
    plot_neighbor_connections,
    plot_topology,
    plot_weight_positions,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def regression():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (150, 2))
    return X, np.sin(3 * X[:, 0]) + X[:, 1]


def test_plot_performance_draws_both_curves_and_marks_the_best_validation_epoch(regression):
    X, y = regression
    net = MLPRegressor(
        hidden_layer_sizes=(8,), solver="lbfgs", early_stopping=True, random_state=0
    ).fit(X, y)
    ax = plot_performance(net)
    train, validation, best = ax.lines
    np.testing.assert_array_equal(train.get_ydata(), net.loss_curve_)
    np.testing.assert_array_equal(validation.get_ydata(), net.validation_loss_curve_)
    k = int(np.argmin(net.validation_loss_curve_))
    assert best.get_xdata()[0] == k + 1
    assert best.get_ydata()[0] == net.validation_loss_curve_[k]
    assert ax.get_title().endswith(f"at epoch {k + 1}")
    assert ax.get_yscale() == "log"


def test_plot_performance_without_validation_marks_the_lowest_training_loss(regression):
    X, y = regression
    net = MLPRegressor(hidden_layer_sizes=(8,), solver="lbfgs", max_iter=30, random_state=0)
    with pytest.warns(Warning):  # 30 iterations do not converge
        net.fit(X, y)
    ax = plot_performance(net)
    assert len(ax.lines) == 2
    assert ax.lines[1].get_ydata()[0] == min(net.loss_curve_)
    assert ax.get_title().startswith("Best training performance")


def test_plot_performance_needs_a_fitted_estimator():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        plot_performance(MLPRegressor())


def test_plot_regression_fits_the_line_and_correlation_of_outputs_on_targets():
    rng = np.random.default_rng(1)
    t = rng.normal(size=200)
    y = 0.8 * t + 0.3 + 0.1 * rng.normal(size=200)
    ax = plot_regression(t, y, title="Test")
    a, b, r = ax.fit_
    a_ref, b_ref = np.polyfit(t, y, 1)
    assert a == pytest.approx(a_ref) and b == pytest.approx(b_ref)
    assert r == pytest.approx(np.corrcoef(t, y)[0, 1])
    np.testing.assert_array_equal(ax.collections[0].get_offsets(), np.column_stack([t, y]))
    x_line, y_line = ax.lines[0].get_data()
    np.testing.assert_allclose(y_line, a * np.asarray(x_line) + b)
    assert ax.get_title() == f"Test: R = {r:.4g}"


def test_plot_regression_pools_outputs_and_rejects_mismatched_shapes():
    t = np.arange(10.0).reshape(5, 2)
    ax = plot_regression(t, t)
    assert len(ax.collections[0].get_offsets()) == 10
    assert ax.fit_[2] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="same shape"):
        plot_regression(t, t[:, 0])


def test_plot_error_histogram_counts_target_minus_output_errors():
    t = np.zeros(100)
    y = -np.linspace(0, 1, 100)  # errors t - y from 0 to 1: positive
    ax = plot_error_histogram(t, y, bins=10)
    heights = [patch.get_height() for patch in ax.patches]
    assert len(heights) == 10 and sum(heights) == 100
    left = min(patch.get_x() for patch in ax.patches)
    assert left == pytest.approx(0.0)
    assert ax.lines[0].get_xdata()[0] == 0.0
    with pytest.raises(ValueError, match="bins"):
        plot_error_histogram(t, y, bins=0)


@pytest.fixture(scope="module")
def iris_maps():
    X = load_iris().data
    hexagonal = SOM(3, 4, topology="hexagonal", random_state=0).fit(X)
    rectangular = SOM(3, 4, random_state=0).fit(X)
    return X, hexagonal, rectangular


def test_plot_topology_draws_one_cell_per_unit(iris_maps):
    _, hexagonal, rectangular = iris_maps
    assert len(plot_topology(hexagonal).collections[0].get_paths()) == 12
    cells = plot_topology(rectangular).collections[0].get_paths()
    assert len(cells[0].vertices) >= 4 and len(cells) == 12


def test_plot_neighbor_connections_joins_grid_neighbours(iris_maps):
    _, hexagonal, rectangular = iris_maps
    # 3 x 4 map: 3 rows of 3 horizontal links; rectangular adds 2 x 4 vertical links (17),
    # hexagonal 2 x 7 slanted links (23)
    segments = plot_neighbor_connections(rectangular).collections[0].get_segments()
    assert len(segments) == 17
    assert all(np.linalg.norm(s[1] - s[0]) == pytest.approx(1.0) for s in segments)
    segments = plot_neighbor_connections(hexagonal).collections[0].get_segments()
    assert len(segments) == 23
    assert all(np.linalg.norm(s[1] - s[0]) == pytest.approx(1.0) for s in segments)


def test_plot_weight_positions_draws_the_codebook_over_the_samples(iris_maps):
    X, hexagonal, _ = iris_maps
    ax = plot_weight_positions(hexagonal, X, features=(2, 3))
    np.testing.assert_array_equal(ax.lines[0].get_xydata(), hexagonal.cluster_centers_[:, [2, 3]])
    assert len(ax.collections[0].get_segments()) == 23
    np.testing.assert_array_equal(ax.collections[1].get_offsets(), X[:, [2, 3]])
    with pytest.raises(ValueError, match="features"):
        plot_weight_positions(hexagonal, features=(0, 9))


def test_error_surface_is_the_mean_squared_error_of_the_linear_neuron():
    from zoo.plotting import error_surface

    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, 25)
    t = 1.5 * x - 0.25 + rng.normal(0, 0.1, 25)
    weights, biases = np.linspace(0, 3, 7), np.linspace(-1, 1, 5)
    E = error_surface(x[:, None], t, weights, biases)
    assert E.shape == (5, 7)
    for j, b in enumerate(biases):
        for i, w in enumerate(weights):
            assert E[j, i] == pytest.approx(np.mean((t - (w * x + b)) ** 2), rel=1e-12)
    with pytest.raises(ValueError, match="one input"):
        error_surface(np.ones((3, 2)), np.ones(3), weights, biases)
    with pytest.raises(ValueError, match="finite"):
        error_surface([[np.nan], [1.0]], [0.0, 1.0], weights, biases)


def test_plot_error_surface_marks_the_minimum_the_estimator_and_the_path():
    from zoo.mlp import ADALINERegressor
    from zoo.plotting import plot_error_surface

    X = np.linspace(-1, 1, 40)[:, None]
    y = 2.0 * X[:, 0] - 0.5
    model = ADALINERegressor(random_state=0)
    path = []
    for _ in range(5):  # plotep: the weights after each pass of LMS
        model.partial_fit(X, y)
        path.append([model.coef_[0, 0], model.intercept_[0]])
    ax = plot_error_surface(X, y, model, path=path)
    minimum, point, trace = ax.lines
    np.testing.assert_allclose(minimum.get_xydata()[0], [2.0, -0.5], atol=1e-12)
    np.testing.assert_allclose(point.get_xydata()[0], path[-1])
    np.testing.assert_allclose(trace.get_xydata(), path)
    assert ax.collections  # the contours
    # the LMS path runs downhill towards the minimum
    distances = np.linalg.norm(np.asarray(path) - [2.0, -0.5], axis=1)
    assert distances[-1] < distances[0]
    with pytest.raises(ValueError, match="one weight"):
        plot_error_surface(X, y, ADALINERegressor().fit(np.hstack([X, X]), y))
    plt.close("all")


def _half_mse_gradient_norm(net, X, y, flat):
    """|grad E| of E(w) = mean((y - f(x; w))^2) / 2 by central differences (alpha = 0)."""
    params = net.coefs_ + net.intercepts_

    def E(vector):
        k = 0
        for w in params:
            w[...] = vector[k : k + w.size].reshape(w.shape)
            k += w.size
        return 0.5 * np.mean((y - net.predict(X)) ** 2)

    h = 1e-6
    g = [(E(flat + h * e) - E(flat - h * e)) / (2 * h) for e in np.eye(flat.size)]
    E(flat)
    return float(np.linalg.norm(g))


def test_the_training_state_records_the_gradient_and_levenberg_marquardts_damping():
    import warnings

    from sklearn.datasets import make_regression
    from sklearn.exceptions import ConvergenceWarning

    from zoo.plotting import plot_train_state

    X, y = make_regression(n_samples=50, n_features=3, noise=0.1, random_state=0)
    y = y / 100
    net = MLPRegressor(
        hidden_layer_sizes=(4,), solver="scg", alpha=0.0, max_iter=2, warm_start=True
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        net.fit(X, y)
        after_scg = np.concatenate([w.ravel() for w in net.coefs_ + net.intercepts_])
        # scg notes |E'(w)| at the iterate whose loss it records
        assert len(net.gradient_curve_) == len(net.loss_curve_) == 2
        assert net.gradient_curve_[-1] == pytest.approx(
            _half_mse_gradient_norm(net, X, y, after_scg), rel=1e-6
        )
        # lm notes the gradient at the start of its iteration, and its damping mu
        net.set_params(solver="lm", lm_regularization="alpha", max_iter=6).fit(X, y)
    assert net.gradient_curve_[2] == pytest.approx(
        _half_mse_gradient_norm(net, X, y, after_scg), rel=1e-6
    )
    assert len(net.gradient_curve_) == len(net.loss_curve_) == 2 + len(net.mu_curve_)
    ratios = np.log10(np.asarray(net.mu_curve_[1:]) / net.mu_curve_[:-1])
    np.testing.assert_allclose(ratios, np.round(ratios), atol=1e-9)  # mu moves by factors of 10
    fig = plot_train_state(net)
    assert [ax.get_title().split(" =")[0] for ax in fig.axes] == ["Gradient", "Mu"]
    stopped = MLPRegressor(
        hidden_layer_sizes=(4,), solver="scg", early_stopping=True, max_iter=200
    ).fit(X, y)
    fig = plot_train_state(stopped)
    assert fig.axes[-1].get_title().startswith("Validation checks")
    checks = fig.axes[-1].lines[0].get_ydata()
    assert checks[0] == 0 and np.all((np.diff(checks) == 1) | (checks[1:] == 0))
    with pytest.raises(ValueError, match="full-batch solver"):
        plot_train_state(MLPRegressor(hidden_layer_sizes=(3,), solver="lbfgs").fit(X, y))
    plt.close("all")
