"""scikit-learn's conventions in the RBF family (issue 29): ``sample_weight`` as the weighted
version of each network's objective, and ``warm_start`` for the RBF networks."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import make_classification, make_regression
from sklearn.exceptions import ConvergenceWarning

from zoo._core.radial import radial_layer
from zoo.rbf import GRNNRegressor, PNNClassifier, RBFClassifier, RBFRegressor


@pytest.fixture
def regression():
    X, y = make_regression(n_samples=60, n_features=3, noise=5.0, random_state=0)
    weights = np.random.RandomState(1).randint(0, 4, size=60)
    return X / X.std(axis=0), y / y.std(), weights


@pytest.fixture
def classification():
    X, y = make_classification(
        n_samples=60, n_features=4, n_informative=3, n_redundant=0, n_classes=3, random_state=0
    )
    weights = np.random.RandomState(2).randint(0, 4, size=60)
    return X, y, weights


def repeated(X, y, weights):
    return X.repeat(weights, axis=0), y.repeat(weights, axis=0)


# ----------------------------------------------------------------------------- RBF: weights


@pytest.mark.parametrize(
    "params",
    [
        dict(n_centers=10),  # fewer centres than samples: k-means++ walks the same order
        dict(n_centers=200),  # more: one centre per distinct sample either way
        dict(n_centers=10, alpha=0.0),
        dict(n_centers=10, fine_tune=True, solver="lbfgs", max_iter=10),
    ],
)
def test_rbf_integer_weights_equal_repetition(regression, classification, params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for cls, (X, y, weights) in ((RBFRegressor, regression), (RBFClassifier, classification)):
            weighted = cls(random_state=0, **params).fit(X, y, sample_weight=weights)
            copies = cls(random_state=0, **params).fit(*repeated(X, y, weights))
            # L-BFGS's iterations amplify the rounding of the two sums: 3e-13 after these 10
            # (5e-6 after 30, where the two runs' rounding has been amplified apart)
            tolerance = 1e-9 if params.get("fine_tune") else 1e-10
            assert weighted.centers_.shape == copies.centers_.shape
            assert_allclose(weighted.centers_, copies.centers_, atol=tolerance)
            assert_allclose(weighted.widths_, copies.widths_, rtol=tolerance)
            method = "predict_proba" if cls is RBFClassifier else "predict"
            assert_allclose(
                getattr(weighted, method)(X), getattr(copies, method)(X), atol=100 * tolerance
            )


@pytest.mark.parametrize("fine_tune", [False, True])
def test_rbf_zero_weight_equals_dropping_the_samples(regression, fine_tune):
    X, y, weights = regression
    keep = weights > 0
    params = dict(n_centers=8, fine_tune=fine_tune, max_iter=5, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        weighted = RBFRegressor(**params).fit(X, y, sample_weight=weights)
        dropped = RBFRegressor(**params).fit(X[keep], y[keep], sample_weight=weights[keep])
    assert_array_equal(weighted.centers_, dropped.centers_)
    assert_array_equal(weighted.predict(X), dropped.predict(X))
    if fine_tune:
        assert weighted.loss_curve_ == dropped.loss_curve_


@pytest.mark.parametrize("alpha", [0.0, 0.1])
def test_rbf_output_layer_is_least_squares_on_sqrt_weighted_rows(regression, alpha):
    X, y, _ = regression
    weights = np.random.RandomState(3).uniform(0.1, 5.0, size=len(y))
    reg = RBFRegressor(n_centers=12, alpha=alpha, random_state=0).fit(X, y, sample_weight=weights)
    H = radial_layer(X, reg.centers_, reg.widths_, reg.kernel)
    root = np.sqrt(weights)[:, np.newaxis]
    A = np.hstack([H, np.ones((len(y), 1))]) * root  # sqrt(w) [H 1]
    b = y * root[:, 0]
    if alpha:  # the ridge on W only, as rows sqrt(alpha) I of a longer system
        k = H.shape[1]
        A = np.vstack([A, np.hstack([np.sqrt(alpha) * np.eye(k), np.zeros((k, 1))])])
        b = np.concatenate([b, np.zeros(k)])
    solution = np.linalg.lstsq(A, b, rcond=None)[0]
    assert_allclose(reg.coef_[0], solution[:-1], rtol=1e-6, atol=1e-8)
    assert_allclose(reg.intercept_[0], solution[-1], rtol=1e-6, atol=1e-8)


def test_rbf_heavier_samples_pull_the_centres():
    X = np.array([[0.0], [1.0], [2.0], [10.0]])
    y = np.array([0.0, 1.0, 2.0, 3.0])
    weights = np.array([1.0, 1.0, 1.0, 9.0])
    one = RBFRegressor(n_centers=1, random_state=0).fit(X, y, sample_weight=weights)
    # a single k-means centre is the weighted mean sum w x / sum w
    assert_allclose(one.centers_[:, 0], [(0 + 1 + 2 + 90) / 12])
    unweighted = RBFRegressor(n_centers=1, random_state=0).fit(X, y)
    assert_allclose(unweighted.centers_[:, 0], [13 / 4])


def test_rbf_weighted_fine_tuning_lowers_the_weighted_loss(regression):
    X, y, weights = regression
    weights = weights + 0.5
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        reg = RBFRegressor(n_centers=10, fine_tune=True, max_iter=20, learning_rate_init=0.01)
        reg.set_params(random_state=0).fit(X, y, sample_weight=weights)
    assert reg.loss_curve_[-1] < reg.loss_curve_[0]
    start = RBFRegressor(n_centers=10, random_state=0).fit(X, y, sample_weight=weights)
    weighted_mse = [np.average((m.predict(X) - y) ** 2, weights=weights) for m in (start, reg)]
    assert weighted_mse[1] < weighted_mse[0]


@pytest.mark.parametrize("cls", [RBFRegressor, RBFClassifier, PNNClassifier, GRNNRegressor])
def test_bad_weights_are_rejected(classification, cls):
    X, y, _ = classification
    with pytest.raises(ValueError, match="non-zero"):
        cls().fit(X, y, sample_weight=np.zeros(len(y)))
    with pytest.raises(ValueError, match="Negative"):
        cls().fit(X, y, sample_weight=-np.ones(len(y)))
    with pytest.raises(ValueError):
        cls().fit(X, y, sample_weight=np.ones(len(y) + 1))


def test_kmeans_gives_one_centre_per_distinct_row():
    X = np.repeat(np.arange(5.0).reshape(-1, 1) * [1.0, 2.0], 4, axis=0)
    y = X[:, 0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        reg = RBFRegressor(n_centers=12, random_state=0).fit(X, y)
    assert_allclose(np.sort(reg.centers_[:, 0]), np.arange(5.0))


# ----------------------------------------------------------------------------- PNN, GRNN


def test_pnn_integer_weights_equal_repetition_and_weight_the_priors(classification):
    X, y, weights = classification
    weighted = PNNClassifier(sigma=0.8).fit(X, y, sample_weight=weights)
    copies = PNNClassifier(sigma=0.8).fit(*repeated(X, y, weights))
    assert_allclose(weighted.predict_proba(X), copies.predict_proba(X), rtol=1e-10, atol=1e-12)
    assert_allclose(weighted.class_count_, copies.class_count_)
    assert_allclose(weighted.class_prior_, copies.class_prior_)
    assert weighted.X_train_.shape[0] == np.count_nonzero(weights)


def test_pnn_zero_weight_drops_the_sample_and_its_class():
    X = np.array([[0.0], [0.2], [1.0], [1.2], [5.0]])
    y = np.array([0, 0, 1, 1, 2])
    weights = np.array([1.0, 2.0, 1.0, 3.0, 0.0])
    pnn = PNNClassifier(sigma=0.5).fit(X, y, sample_weight=weights)
    dropped = PNNClassifier(sigma=0.5).fit(X[:4], y[:4], sample_weight=weights[:4])
    assert_array_equal(pnn.classes_, [0, 1])
    assert_array_equal(pnn.predict_proba(X), dropped.predict_proba(X))
    assert_allclose(pnn.class_prior_, [3 / 7, 4 / 7])


def test_pnn_weighted_density_formula():
    X = np.array([[0.0], [1.0], [3.0], [4.0]])
    y = np.array([0, 0, 1, 1])
    w = np.array([1.0, 4.0, 2.0, 0.5])
    sigma, x = 1.0, 1.7
    pnn = PNNClassifier(sigma=sigma).fit(X, y, sample_weight=w)
    K = np.exp(-((x - X[:, 0]) ** 2) / (2 * sigma**2))
    densities = np.array([(w * K)[y == k].sum() / w[y == k].sum() for k in (0, 1)])
    joint = densities * np.array([w[y == k].sum() for k in (0, 1)]) / w.sum()
    assert_allclose(pnn.predict_proba([[x]])[0], joint / joint.sum(), rtol=1e-12)


def test_grnn_weighted_mean_formula_and_repetition(regression):
    X, y, weights = regression
    grnn = GRNNRegressor(sigma=0.7).fit(X, y, sample_weight=weights)
    D = ((X[:5, np.newaxis, :] - X[np.newaxis]) ** 2).sum(axis=2)
    K = weights * np.exp(-D / (2 * 0.7**2))
    assert_allclose(grnn.predict(X[:5]), K @ y / K.sum(axis=1), rtol=1e-10)
    copies = GRNNRegressor(sigma=0.7).fit(*repeated(X, y, weights))
    assert_allclose(grnn.predict(X), copies.predict(X), rtol=1e-10)


def test_grnn_heavier_sample_pulls_the_prediction():
    X, y = np.array([[0.0], [1.0]]), np.array([0.0, 1.0])
    middle = [[0.5]]
    assert_allclose(GRNNRegressor(sigma=0.5).fit(X, y).predict(middle), [0.5])
    heavy = GRNNRegressor(sigma=0.5).fit(X, y, sample_weight=[1.0, 3.0])
    assert_allclose(heavy.predict(middle), [0.75])


# ----------------------------------------------------------------------------- RBF: warm_start


@pytest.mark.parametrize("fine_tune", [False, True])
def test_warm_start_on_an_unfitted_network_is_a_cold_fit(regression, fine_tune):
    X, y, _ = regression
    params = dict(n_centers=10, fine_tune=fine_tune, max_iter=5, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        cold = RBFRegressor(**params).fit(X, y)
        warm = RBFRegressor(warm_start=True, **params).fit(X, y)
    assert_array_equal(cold.predict(X), warm.predict(X))


def test_warm_start_without_fine_tuning_keeps_the_centres_and_solves_the_output_layer_again(
    regression,
):
    X, y, _ = regression
    first = RBFRegressor(n_centers=10, random_state=0, warm_start=True).fit(X[:30], y[:30])
    centers, widths = first.centers_.copy(), first.widths_.copy()
    first.fit(X[30:], y[30:])
    assert_array_equal(first.centers_, centers)
    assert_array_equal(first.widths_, widths)
    # the output layer of the second half over the first half's hidden layer
    given = RBFRegressor(centers=centers, random_state=0).fit(X[30:], y[30:])
    assert_allclose(first.coef_, given.coef_, rtol=1e-10)
    assert_allclose(first.predict(X), given.predict(X), rtol=1e-10)
    # without warm_start a fit starts over: its centres come from the new data
    cold = RBFRegressor(n_centers=10, random_state=0).fit(X[30:], y[30:])
    assert not np.allclose(cold.centers_, centers)


@pytest.mark.parametrize("solver", ["lbfgs", "adam"])
def test_warm_start_continues_fine_tuning(regression, solver):
    X, y, _ = regression
    params = dict(n_centers=10, fine_tune=True, solver=solver, max_iter=8, tol=0.0)
    net = RBFRegressor(warm_start=True, random_state=0, learning_rate_init=0.01, **params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        net.fit(X, y)
        first = list(net.loss_curve_)
        net.fit(X, y)
    assert net.loss_curve_[: len(first)] == first
    assert len(net.loss_curve_) > len(first)
    resumed = net.loss_curve_[len(first)]
    if solver == "lbfgs":  # monotone: its first iterate is no worse than where it starts
        assert resumed <= first[-1] * (1 + 1e-12)
    else:  # a fresh Adam from the fitted weights: below where the cold fit's first epoch was
        assert resumed < first[0]
    assert net.loss_curve_[-1] < first[-1]


def test_warm_start_rejects_other_features_classes_and_outputs(regression, classification):
    X, y, _ = regression
    reg = RBFRegressor(n_centers=5, warm_start=True, random_state=0).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        reg.fit(X[:, :2], y)
    with pytest.raises(ValueError, match="outputs"):
        reg.fit(X, np.column_stack([y, y]))
    Xc, yc, _ = classification
    clf = RBFClassifier(n_centers=5, warm_start=True, random_state=0).fit(Xc, yc)
    with pytest.raises(ValueError, match="classes"):
        clf.fit(Xc, yc + 1)
