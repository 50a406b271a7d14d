"""RBF family: RBF networks (three learning phases), PNN and GRNN.

The contract (scikit-learn's checks and zoo's) runs from tests/test_common.py; here: the obvious
use case, the tasks the architectures are known to solve, the math's invariants, gradients of the
fine-tuning phase against central differences, and bad input.
"""

import re
import warnings

import numpy as np
import pytest
from sklearn.datasets import load_digits, load_iris, make_blobs
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from zoo._core.distances import squared_euclidean
from zoo._core.kernels import KERNELS
from zoo._core.problems import flat_views
from zoo._core.radial import (
    RadialBuffers,
    radial_full_batch,
    radial_layer,
    radial_loss_and_gradients,
)
from zoo.datasets import make_two_spirals
from zoo.rbf import GRNNRegressor, PNNClassifier, RBFClassifier, RBFRegressor
from zoo.rbf import _centers as rbf_module
from zoo.rbf._centers import center_widths


@pytest.fixture(autouse=True)
def _runtime_warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        yield


def _smooth_function(n=40, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(n, 2))
    return X, np.sin(3 * X[:, 0]) * np.cos(2 * X[:, 1]) + X[:, 1] ** 2


# ----------------------------------------------------------------------------- obvious use case


@pytest.mark.parametrize(
    "make", [lambda: RBFClassifier(n_centers=10, random_state=0), lambda: PNNClassifier(sigma=1.0)]
)
def test_two_separated_blobs_are_classified_perfectly(make):
    X, y = make_blobs(n_samples=100, centers=[[-5, -5], [5, 5]], random_state=0)
    clf = make().fit(X, y)
    assert clf.score(X, y) == 1.0
    assert clf.predict([[-5, -5], [5, 5]]).tolist() == [0, 1]


# ----------------------------------------------------------------------------- RBF networks


def test_exact_interpolation_with_a_unit_per_sample_and_no_ridge():
    X, y = _smooth_function()
    reg = RBFRegressor(centers="all", alpha=0.0).fit(X, y)
    assert reg.centers_.shape == (40, 2)
    np.testing.assert_allclose(reg.predict(X), y, atol=1e-6, rtol=0)


@pytest.mark.parametrize("kernel", sorted(KERNELS))
def test_every_kernel_interpolates_and_generalises_on_a_smooth_function(kernel):
    X, y = _smooth_function(60)
    X_test, y_test = _smooth_function(200, seed=1)
    inside = np.abs(X_test).max(axis=1) < 0.8  # interpolation, not extrapolation
    reg = RBFRegressor(centers="all", alpha=0.0, kernel=kernel).fit(X, y)
    np.testing.assert_allclose(reg.predict(X), y, atol=1e-6, rtol=0)
    assert reg.score(X_test[inside], y_test[inside]) > 0.9


def test_two_spirals_are_learned_to_100_percent_training_accuracy():
    X, y = make_two_spirals()
    clf = RBFClassifier(n_centers=120, random_state=0).fit(X, y)
    assert clf.score(X, y) == 1.0


def test_digits_5_fold_cv_with_a_scaler_reaches_97_percent():
    X, y = load_digits(return_X_y=True)
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    scores = cross_val_score(
        make_pipeline(MinMaxScaler(), RBFClassifier(n_centers=100, random_state=0)), X, y, cv=cv
    )
    assert scores.mean() >= 0.97


def test_grid_search_over_alpha_and_n_centers():
    X, y = load_iris(return_X_y=True)
    grid = GridSearchCV(
        make_pipeline(StandardScaler(), RBFClassifier(random_state=0)),
        {"rbfclassifier__alpha": [1e-3, 1.0], "rbfclassifier__n_centers": [5, 20]},
        cv=3,
    ).fit(X, y)
    assert len(grid.cv_results_["params"]) == 4
    assert grid.best_score_ > 0.9
    assert (
        grid.best_estimator_[-1].centers_.shape[0] == grid.best_params_["rbfclassifier__n_centers"]
    )


def test_output_layer_solves_the_ridge_normal_equations():
    X, y = _smooth_function(50)
    alpha = 0.3
    reg = RBFRegressor(n_centers=8, alpha=alpha, random_state=0).fit(X, y)
    H = radial_layer(X, reg.centers_, reg.widths_, "gaussian")
    H_c, y_c = H - H.mean(axis=0), y - y.mean()  # the intercept is not penalised
    W = np.linalg.solve(H_c.T @ H_c + alpha * np.eye(8), H_c.T @ y_c)
    np.testing.assert_allclose(reg.coef_[0], W, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(reg.intercept_[0], y.mean() - H.mean(axis=0) @ W, atol=1e-10)


def test_float32_input_gives_the_float64_network_even_when_ill_conditioned():
    # wide overlapping units and a tiny ridge: H^T H is nearly singular, so float32 normal
    # equations would lose the solution
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, (300, 2))
    y = np.sin(4 * X[:, 0]) + X[:, 1]
    kwargs = dict(n_centers=40, centers="random", width_scale=3.0, alpha=1e-6, random_state=0)
    r64 = RBFRegressor(**kwargs).fit(X, y)
    r32 = RBFRegressor(**kwargs).fit(X.astype(np.float32), y)
    assert r32.coef_.dtype == np.float32
    np.testing.assert_allclose(r32.predict(X.astype(np.float32)), r64.predict(X), atol=2e-3)
    assert r32.score(X.astype(np.float32), y) > 0.9999


def test_more_ridge_shrinks_the_output_weights():
    X, y = _smooth_function(50)
    norms = [
        np.linalg.norm(RBFRegressor(n_centers=20, alpha=a, random_state=0).fit(X, y).coef_)
        for a in (1e-4, 1e-1, 10.0)
    ]
    assert norms[0] > norms[1] > norms[2]


def test_width_rules():
    C = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 3.0], [0.0, 3.0]])
    # p = 1: distance to the nearest other centre; duplicates (0) get the mean of the others
    np.testing.assert_allclose(center_widths(C[:3], "nearest", 1, 1.0), [1.0, 1.0, 3.0])
    np.testing.assert_allclose(
        center_widths(C[:3], "nearest", 2, 2.0), [4.0, 1 + np.sqrt(10), 3 + np.sqrt(10)]
    )
    np.testing.assert_allclose(center_widths(C, "nearest", 1, 1.0), [1.0, 1.0, 1.0, 1.0])
    # global: d_max / sqrt(2k)
    np.testing.assert_allclose(center_widths(C[:3], "global", 2, 1.0), np.sqrt(10) / np.sqrt(6))
    np.testing.assert_allclose(center_widths(C[:3], 0.7, 2, 1.0), 0.7)
    assert center_widths(C[:1], "nearest", 2, 1.0).tolist() == [1.0]  # a lone centre


def test_given_centers_are_used_and_must_match_the_input_width():
    X, y = _smooth_function()
    C = np.array([[0.0, 0.0], [0.5, 0.5], [-0.5, 0.5]])
    reg = RBFRegressor(centers=C, width=0.5).fit(X, y)
    np.testing.assert_array_equal(reg.centers_, C)
    np.testing.assert_array_equal(reg.widths_, 0.5)
    with pytest.raises(ValueError, match="features"):
        RBFRegressor(centers=C[:, :1]).fit(X, y)


@pytest.mark.parametrize("centers", ["kmeans", "minibatch_kmeans", "random"])
def test_center_rules_give_n_centers_inside_the_data(centers):
    X, y = make_blobs(n_samples=200, centers=4, random_state=0)
    clf = RBFClassifier(n_centers=12, centers=centers, random_state=0).fit(X, y)
    assert clf.centers_.shape == (12, 2) and clf.widths_.shape == (12,)
    assert (clf.widths_ > 0).all()
    assert (clf.centers_.min(axis=0) >= X.min(axis=0)).all()
    assert (clf.centers_.max(axis=0) <= X.max(axis=0)).all()
    if centers == "random":
        assert all(np.any(np.all(X == c, axis=1)) for c in clf.centers_)
    assert clf.score(X, y) > 0.9


def test_auto_centers_are_full_kmeans_below_the_threshold():
    # the default on small data is exactly the old default: same centres, same predictions
    X, y = load_digits(return_X_y=True)
    assert len(X) * 50 <= rbf_module.AUTO_MINIBATCH_THRESHOLD
    auto = RBFClassifier(n_centers=50, random_state=0).fit(X, y)
    kmeans = RBFClassifier(n_centers=50, centers="kmeans", random_state=0).fit(X, y)
    assert RBFClassifier().centers == "auto"
    np.testing.assert_array_equal(auto.centers_, kmeans.centers_)
    np.testing.assert_array_equal(auto.predict(X), kmeans.predict(X))
    X_reg, y_reg = _smooth_function(200)
    np.testing.assert_array_equal(
        RBFRegressor(n_centers=20, random_state=3).fit(X_reg, y_reg).predict(X_reg),
        RBFRegressor(n_centers=20, centers="kmeans", random_state=3)
        .fit(X_reg, y_reg)
        .predict(X_reg),
    )


def test_auto_centers_switch_to_minibatch_kmeans_above_the_threshold(monkeypatch):
    X, y = make_blobs(n_samples=3000, centers=4, random_state=0)
    minibatch = RBFClassifier(n_centers=20, centers="minibatch_kmeans", random_state=0).fit(X, y)
    kmeans = RBFClassifier(n_centers=20, centers="kmeans", random_state=0).fit(X, y)
    monkeypatch.setattr(rbf_module, "AUTO_MINIBATCH_THRESHOLD", 3000 * 20 - 1)
    auto = RBFClassifier(n_centers=20, random_state=0).fit(X, y)
    np.testing.assert_array_equal(auto.centers_, minibatch.centers_)  # same seed, same centres
    assert not np.array_equal(auto.centers_, kmeans.centers_)
    assert auto.score(X, y) > 0.9


def test_predict_proba_is_the_clipped_renormalised_least_squares_output():
    X, y = load_iris(return_X_y=True)
    clf = RBFClassifier(n_centers=15, random_state=0).fit(X, y)
    proba = clf.predict_proba(X)
    scores = clf.decision_function(X)
    np.testing.assert_allclose(scores.sum(axis=1), 1.0, atol=1e-8)  # LS on one-hot sums to 1
    expected = np.maximum(scores, 0) / np.maximum(scores, 0).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(proba, expected)
    np.testing.assert_array_equal(clf.classes_[proba.argmax(axis=1)], clf.predict(X))


def test_binary_decision_function_is_one_dimensional_and_agrees_with_predict():
    X, y = make_blobs(n_samples=60, centers=2, random_state=1)
    clf = RBFClassifier(n_centers=6, random_state=0).fit(X, np.where(y == 1, "yes", "no"))
    scores = clf.decision_function(X)
    assert scores.shape == (60,)
    np.testing.assert_array_equal(np.where(scores > 0, "yes", "no"), clf.predict(X))


def test_multi_output_regression():
    X, y = _smooth_function(50)
    Y = np.column_stack([y, -2 * y + 1])
    reg = RBFRegressor(n_centers=20, alpha=1e-8, random_state=0).fit(X, Y)
    assert reg.predict(X).shape == (50, 2)
    np.testing.assert_allclose(reg.predict(X)[:, 1], -2 * reg.predict(X)[:, 0] + 1, atol=1e-6)


def test_same_seed_same_network_different_seed_different_centres():
    X, y = make_blobs(n_samples=200, centers=4, random_state=0)
    a = RBFClassifier(n_centers=10, centers="random", random_state=1).fit(X, y)
    b = RBFClassifier(n_centers=10, centers="random", random_state=1).fit(X, y)
    c = RBFClassifier(n_centers=10, centers="random", random_state=2).fit(X, y)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    assert not np.array_equal(a.centers_, c.centers_)


def test_bad_hyper_parameters_get_clear_errors():
    X, y = _smooth_function()
    with pytest.raises(ValueError, match="kernel"):
        RBFRegressor(kernel="cauchy").fit(X, y)
    with pytest.raises(ValueError, match="centers"):
        RBFRegressor(centers="everything").fit(X, y)
    with pytest.raises(ValueError, match="width"):
        RBFRegressor(width=-1.0).fit(X, y)


# ----------------------------------------------------------------------------- fine-tuning


def _central_difference(f, array, h=1e-6):
    numeric = np.empty_like(array)
    for index in np.ndindex(array.shape):
        saved = array[index]
        array[index] = saved + h
        up = f()
        array[index] = saved - h
        down = f()
        array[index] = saved
        numeric[index] = (up - down) / (2 * h)
    return numeric


@pytest.mark.parametrize("kernel", sorted(KERNELS))
def test_fine_tuning_gradients_match_central_differences(kernel):
    rng = np.random.default_rng(0)
    X, T = rng.normal(size=(9, 3)), rng.normal(size=(9, 2))
    params = [
        rng.normal(size=(4, 3)),
        rng.normal(0, 0.3, size=4),
        rng.normal(size=(4, 2)),
        rng.normal(size=2),
    ]
    grads = [np.empty_like(p) for p in params]
    X_sq = (X**2).sum(axis=1)
    ridge = 0.3

    def loss():
        return radial_loss_and_gradients(
            X, X_sq, T, params, [np.empty_like(p) for p in params], kernel, ridge
        )

    radial_loss_and_gradients(X, X_sq, T, params, grads, kernel, ridge)
    for name, param, grad in zip(["centres", "log-widths", "W", "b"], params, grads):
        np.testing.assert_allclose(
            grad, _central_difference(loss, param), rtol=1e-5, atol=1e-7, err_msg=name
        )


def test_closed_form_output_layer_is_a_stationary_point_of_the_fine_tuning_objective():
    X, y = _smooth_function(50)
    alpha = 0.05
    reg = RBFRegressor(n_centers=10, alpha=alpha, random_state=0).fit(X, y)
    params = [reg.centers_.copy(), np.log(reg.widths_), reg.coef_.T.copy(), reg.intercept_.copy()]
    grads = [np.empty_like(p) for p in params]
    radial_loss_and_gradients(
        X, (X**2).sum(axis=1), y[:, None], params, grads, "gaussian", alpha / 50
    )
    np.testing.assert_allclose(grads[2], 0, atol=1e-10)  # dE/dW
    np.testing.assert_allclose(grads[3], 0, atol=1e-10)  # dE/db
    assert np.abs(grads[0]).max() > 1e-6  # the centres are not at a stationary point


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_fine_tuning_lowers_the_training_loss_of_the_two_phase_network(solver):
    X, y = _smooth_function(80)
    kwargs = dict(n_centers=6, alpha=1e-3, random_state=0)
    plain = RBFRegressor(**kwargs).fit(X, y)
    tuned = RBFRegressor(
        fine_tune=True,
        solver=solver,
        learning_rate_init=0.01,
        batch_size=20,
        max_iter=300,
        n_iter_no_change=300,
        **kwargs,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        tuned.fit(X, y)
    assert tuned.n_iter_ == 300 and len(tuned.loss_curve_) == 300
    mse = [np.mean((m.predict(X) - y) ** 2) for m in (plain, tuned)]
    assert mse[1] < 0.5 * mse[0]
    assert not np.allclose(tuned.centers_, plain.centers_)
    assert not np.allclose(tuned.widths_, plain.widths_) and (tuned.widths_ > 0).all()


def test_fine_tuning_warns_at_max_iter_and_early_stopping_keeps_the_best_epoch():
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    with pytest.warns(ConvergenceWarning, match="maximum iterations"):
        RBFClassifier(n_centers=6, fine_tune=True, max_iter=2, random_state=0).fit(X, y)
    clf = RBFClassifier(
        n_centers=6,
        fine_tune=True,
        early_stopping=True,
        validation_fraction=0.2,
        n_iter_no_change=3,
        max_iter=500,
        learning_rate_init=0.01,
        random_state=0,
    ).fit(X, y)
    assert clf.n_iter_ < 500
    assert clf.best_validation_score_ == max(clf.validation_scores_)
    assert clf.score(X, y) > 0.9


def test_fine_tuning_keeps_float32():
    X, y = load_iris(return_X_y=True)
    clf = RBFClassifier(
        n_centers=6, fine_tune=True, max_iter=20, n_iter_no_change=30, random_state=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X.astype(np.float32), y)
    for array in (clf.centers_, clf.widths_, clf.coef_, clf.intercept_):
        assert array.dtype == np.float32
    assert clf.predict_proba(X.astype(np.float32)).dtype == np.float32


# ----------------------------------------------------------------------------- lbfgs fine-tuning


def _objective(reg, X, y):
    """The fine-tuning objective (mean squared error / 2 plus the ridge) at reg's parameters."""
    params = [reg.centers_, np.log(reg.widths_), reg.coef_.T.copy(), reg.intercept_]
    grads = [np.empty_like(p) for p in params]
    return radial_loss_and_gradients(
        X, (X**2).sum(axis=1), y[:, None], params, grads, reg.kernel, reg.alpha / X.shape[0]
    )


@pytest.mark.parametrize("kernel", ["gaussian", "multiquadric"])
def test_full_batch_objective_in_chunks_is_the_batch_objective_and_its_gradient(kernel):
    # the flat problem lbfgs sees: one vector, the rows in chunks of 4 (3 chunks of 9 rows)
    rng = np.random.default_rng(1)
    X, T = rng.normal(size=(9, 3)), rng.normal(size=(9, 2))
    X_sq = (X**2).sum(axis=1)
    arrays = [
        rng.normal(size=(4, 3)),
        rng.normal(0, 0.3, size=4),
        rng.normal(size=(4, 2)),
        rng.normal(size=2),
    ]
    flat, params = flat_views(arrays)
    assert all(np.shares_memory(flat, p) for p in params)
    flat_grad, grads = flat_views(params)
    scratch, buffers, ridge = flat_views(params), RadialBuffers(4, 4, 2, X.dtype), 0.3

    def loss():
        return radial_full_batch(
            X, X_sq, T, params, np.empty_like(flat), scratch, kernel, ridge, buffers
        )

    value = radial_full_batch(X, X_sq, T, params, flat_grad, scratch, kernel, ridge, buffers)
    whole = [np.empty_like(p) for p in params]
    assert value == pytest.approx(
        radial_loss_and_gradients(X, X_sq, T, params, whole, kernel, ridge), rel=1e-13
    )
    np.testing.assert_allclose(flat_grad, np.concatenate([g.ravel() for g in whole]), rtol=1e-12)
    np.testing.assert_allclose(flat_grad, _central_difference(loss, flat), rtol=1e-5, atol=1e-7)


def test_lbfgs_fine_tuning_lowers_the_loss_below_the_closed_form_network_at_every_iteration():
    X, y = _smooth_function(80)
    kwargs = dict(n_centers=6, alpha=1e-3, random_state=0)
    plain = RBFRegressor(**kwargs).fit(X, y)
    tuned = RBFRegressor(fine_tune=True, solver="lbfgs", max_iter=500, **kwargs).fit(X, y)
    assert 1 < tuned.n_iter_ < 500 and len(tuned.loss_curve_) == tuned.n_iter_  # converged: tol
    assert (np.diff(tuned.loss_curve_) <= 0).all()
    start, end = _objective(plain, X, y), _objective(tuned, X, y)
    assert tuned.loss_curve_[0] < start and end == pytest.approx(tuned.loss_curve_[-1])
    assert end < 0.05 * start  # 0.13 -> 0.0005 in mean squared error
    assert (tuned.widths_ > 0).all() and not np.allclose(tuned.centers_, plain.centers_)


def test_lbfgs_fine_tuning_early_stopping_warning_and_float32():
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        with pytest.raises(
            ConvergenceWarning,
            match=r"^RBFClassifier \(fine_tune=True, solver='lbfgs'\): lbfgs failed to converge",
        ):
            RBFClassifier(n_centers=6, fine_tune=True, solver="lbfgs", max_iter=2).fit(X, y)
    clf = RBFClassifier(
        n_centers=6,
        fine_tune=True,
        solver="lbfgs",
        early_stopping=True,
        validation_fraction=0.2,
        n_iter_no_change=3,
        max_iter=500,
        random_state=0,
    ).fit(X, y)
    assert clf.n_iter_ < 500 and len(clf.validation_scores_) == clf.n_iter_
    assert clf.best_validation_score_ == max(clf.validation_scores_)
    assert clf.score(X, y) > 0.9
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf32 = RBFClassifier(
            n_centers=6, fine_tune=True, solver="lbfgs", max_iter=20, random_state=0
        ).fit(X.astype(np.float32), y)
    for array in (clf32.centers_, clf32.widths_, clf32.coef_, clf32.intercept_):
        assert array.dtype == np.float32
    assert not hasattr(clf32, "partial_fit")  # the RBF networks have none, for any solver


@pytest.mark.slow
def test_lbfgs_fine_tuning_rescues_too_few_units_on_two_spirals():
    # as test_fine_tuning_rescues_too_few_units_on_two_spirals, with no learning rate to choose
    X, y = make_two_spirals()
    for seed in range(3):
        kwargs = dict(n_centers=60, random_state=seed)
        plain = RBFClassifier(**kwargs).fit(X, y).score(X, y)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            tuned = RBFClassifier(fine_tune=True, solver="lbfgs", max_iter=500, **kwargs)
            tuned = tuned.fit(X, y).score(X, y)
        assert plain < 0.8 and tuned >= 0.99


@pytest.mark.slow
@parametrize_with_checks(
    [
        RBFRegressor(fine_tune=True, solver="lbfgs", max_iter=20),
        RBFClassifier(fine_tune=True, solver="lbfgs", max_iter=20),
    ]
)
def test_lbfgs_sklearn_contract(estimator, check):
    check(estimator)


# ----------------------------------------------------------------------------- PNN and GRNN


def test_pnn_posterior_matches_the_parzen_formula():
    X, y = load_iris(return_X_y=True)
    sigma, priors = 0.5, np.array([0.2, 0.3, 0.5])
    pnn = PNNClassifier(sigma=sigma, priors=priors).fit(X, y)
    X_test = X[::7] + 0.1
    windows = np.exp(-squared_euclidean(X_test, X) / (2 * sigma**2))
    density = np.column_stack([windows[:, y == k].mean(axis=1) for k in range(3)])
    joint = priors * density
    np.testing.assert_allclose(
        pnn.predict_proba(X_test), joint / joint.sum(axis=1, keepdims=True), rtol=1e-10
    )
    np.testing.assert_allclose(np.exp(pnn.predict_log_proba(X_test)), pnn.predict_proba(X_test))


def test_pnn_limits_nearest_neighbour_and_prior():
    X, y = make_blobs(n_samples=90, centers=3, cluster_std=3.0, random_state=0)
    X_test = X + 0.01
    nearest = y[squared_euclidean(X_test, X).argmin(axis=1)]
    np.testing.assert_array_equal(PNNClassifier(sigma=1e-3).fit(X, y).predict(X_test), nearest)
    wide = PNNClassifier(sigma=1e4, priors=[0.1, 0.7, 0.2]).fit(X, y)
    assert (wide.predict(X_test) == 1).all()


def test_pnn_far_away_points_get_finite_probabilities():
    X, y = load_iris(return_X_y=True)
    proba = PNNClassifier(sigma=0.01).fit(X, y).predict_proba(X + 1e3)
    assert np.isfinite(proba).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_pnn_digits_5_fold_cv_reaches_97_percent():
    X, y = load_digits(return_X_y=True)
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    scores = cross_val_score(make_pipeline(MinMaxScaler(), PNNClassifier(sigma=0.5)), X, y, cv=cv)
    assert scores.mean() >= 0.97


def test_pnn_bad_priors_are_rejected():
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match="priors"):
        PNNClassifier(priors=[0.5, 0.5]).fit(X, y)
    with pytest.raises(ValueError, match="priors"):
        PNNClassifier(priors=[0.5, 0.5, 0.5]).fit(X, y)


def test_grnn_is_the_nadaraya_watson_estimator():
    X, y = _smooth_function(60)
    sigma = 0.3
    X_test = _smooth_function(25, seed=3)[0]
    weights = np.exp(-squared_euclidean(X_test, X) / (2 * sigma**2))
    expected = weights @ y / weights.sum(axis=1)
    np.testing.assert_allclose(
        GRNNRegressor(sigma=sigma).fit(X, y).predict(X_test), expected, rtol=1e-10
    )


def test_grnn_limits_and_far_points():
    X, y = _smooth_function(60)
    X_test = _smooth_function(10, seed=4)[0]
    nearest = y[squared_euclidean(X_test, X).argmin(axis=1)]
    np.testing.assert_allclose(GRNNRegressor(sigma=1e-4).fit(X, y).predict(X_test), nearest)
    np.testing.assert_allclose(GRNNRegressor(sigma=1e4).fit(X, y).predict(X_test), y.mean())
    far = GRNNRegressor(sigma=0.01).fit(X, y).predict(X_test + 1e3)  # every window underflows
    assert np.isfinite(far).all()


def test_grnn_multi_output_and_chunking_do_not_change_predictions(monkeypatch):
    import zoo.rbf._pnn as pnn_module
    from zoo._core import distances

    X, y = _smooth_function(60)
    Y = np.column_stack([y, 2 * y])
    X_test = _smooth_function(30, seed=5)[0]
    grnn = GRNNRegressor(sigma=0.2).fit(X, Y)
    whole = grnn.predict(X_test)
    np.testing.assert_allclose(whole[:, 1], 2 * whole[:, 0])
    # a budget of 7 rows' worth forces five chunks of test points
    monkeypatch.setattr(
        pnn_module, "row_chunks", lambda n, m: distances.row_chunks(n, m, budget=7 * m)
    )
    np.testing.assert_allclose(grnn.predict(X_test), whole, rtol=1e-12)


# ----------------------------------------------------------------------------- slow acceptance


@pytest.mark.slow
def test_two_spirals_100_percent_for_ten_seeds():
    X, y = make_two_spirals()
    for seed in range(10):
        assert RBFClassifier(n_centers=120, random_state=seed).fit(X, y).score(X, y) == 1.0


@pytest.mark.slow
def test_fine_tuning_rescues_too_few_units_on_two_spirals():
    # 60 k-means units with nearest-centre widths fit 65-70% of the spirals; Schwenker's third
    # phase moves and reshapes them until (almost) every point is right
    X, y = make_two_spirals()
    for seed in range(3):
        kwargs = dict(n_centers=60, random_state=seed)
        plain = RBFClassifier(**kwargs).fit(X, y).score(X, y)
        tuned = (
            RBFClassifier(
                fine_tune=True,
                learning_rate_init=0.01,
                batch_size=32,
                max_iter=1000,
                n_iter_no_change=50,
                **kwargs,
            )
            .fit(X, y)
            .score(X, y)
        )
        assert plain < 0.8 and tuned >= 0.98


@pytest.mark.slow
@pytest.mark.parametrize("scaler, n_centers", [(StandardScaler, 300), (MinMaxScaler, 300)])
def test_digits_5_fold_cv_with_either_scaler(scaler, n_centers):
    X, y = load_digits(return_X_y=True)
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    scores = cross_val_score(
        make_pipeline(scaler(), RBFClassifier(n_centers=n_centers, random_state=0)), X, y, cv=cv
    )
    assert scores.mean() >= 0.97


@pytest.mark.slow
def test_pnn_digits_5_fold_cv_with_standard_scaler():
    X, y = load_digits(return_X_y=True)
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    scores = cross_val_score(make_pipeline(StandardScaler(), PNNClassifier(sigma=0.5)), X, y, cv=cv)
    assert scores.mean() >= 0.97


@pytest.mark.slow
def test_grnn_and_pnn_on_a_large_training_set_in_bounded_memory():
    # 20,000 training points x 5,000 test points x 50 features would be 40 GB as one
    # n_test x n_train x n_features array; chunks keep it to a few tens of MB
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20000, 50))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    X_test = rng.normal(size=(5000, 50))
    pnn = PNNClassifier(sigma=3.0).fit(X, y)
    assert np.mean(pnn.predict(X_test) == (X_test[:, 0] + X_test[:, 1] > 0)) > 0.75
    grnn = GRNNRegressor(sigma=3.0).fit(X, X[:, 0])
    assert np.corrcoef(grnn.predict(X_test), X_test[:, 0])[0, 1] > 0.5


# ------------------------------------------------------------------ extreme magnitudes (PNN, GRNN)


@pytest.mark.parametrize("sigma", [1e-100, 1e-150, 1e100, 1e300])
def test_kernel_networks_stay_finite_at_extreme_widths(sigma):
    # sigma -> 0 is the nearest-neighbour rule, sigma -> inf the prior / the mean of y (Specht)
    X, y = make_blobs(n_samples=60, centers=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        proba = PNNClassifier(sigma=sigma).fit(X, y).predict_proba(X)
        prediction = GRNNRegressor(sigma=sigma).fit(X, X[:, 0]).predict(X)
    assert np.isfinite(proba).all() and np.isfinite(prediction).all()
    if sigma < 1:
        np.testing.assert_array_equal(proba.argmax(axis=1), y)
        np.testing.assert_allclose(prediction, X[:, 0])
    else:
        np.testing.assert_allclose(proba, 1 / 3)
        np.testing.assert_allclose(prediction, X[:, 0].mean())


@pytest.mark.parametrize("kernel", sorted(KERNELS))
@pytest.mark.parametrize("width_scale", [1.6e-154, 1e-150, 1e-100])
def test_rbf_widths_far_below_the_distances(kernel, width_scale):
    # width**2 is representable, but r**2 / width**2 overflows (or nearly): a decaying kernel
    # gives its limit phi = 0 with no warning; a growing one has no usable value: an error
    # naming the widths (no overflow warning from the division or the output layer's H^T H)
    X, y = make_blobs(n_samples=40, centers=2, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = RBFRegressor(n_centers=5, kernel=kernel, width_scale=width_scale, random_state=0)
        try:
            prediction = model.fit(X, y.astype(float)).predict(X)
        except ValueError as error:
            assert kernel not in ("gaussian", "inverse_multiquadric")
            assert re.search("width_scale.*too small for the distances", str(error))
        else:
            assert np.isfinite(prediction).all()
            # q = r**2 / width**2 of the order of 1e300 leaves no growing kernel usable
            assert kernel in ("gaussian", "inverse_multiquadric") or width_scale > 1e-150


@pytest.mark.parametrize("cls", [PNNClassifier, GRNNRegressor])
def test_kernel_networks_name_a_width_too_small_to_represent(cls):
    X, y = make_blobs(n_samples=30, centers=2, random_state=0)
    with pytest.raises(ValueError, match="sigma=1e-300 is too small"):
        cls(sigma=1e-300).fit(X, y)
    with pytest.raises(ValueError, match="sigma=1e-30 is too small for float32"):
        cls(sigma=1e-30).fit(X.astype(np.float32), y)


@pytest.mark.parametrize("cls", [PNNClassifier, GRNNRegressor])
@pytest.mark.parametrize(
    "scale, dtype", [(1e300, np.float64), (1e30, np.float32), ("outlier", np.float64)]
)
def test_kernel_networks_name_input_too_large_to_compare(cls, scale, dtype):
    X, y = make_blobs(n_samples=30, centers=2, random_state=0)
    if scale == "outlier":
        X[4, 1] = 1e300
    else:
        X = X * scale
    with pytest.raises(ValueError, match="squared distances overflow"):
        cls().fit(X.astype(dtype), y)
    fitted = cls().fit(*make_blobs(n_samples=30, centers=2, random_state=0))
    with pytest.raises(ValueError, match="X has values as large as"):
        fitted.predict(np.full((2, 2), 1e300))


def test_kernel_networks_handle_tiny_inputs():
    X, y = make_blobs(n_samples=60, centers=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pnn = PNNClassifier().fit(X * 1e-300, y)
        proba = pnn.predict_proba(X * 1e-300)
    np.testing.assert_allclose(proba, 1 / 3)  # every window at distance 0: the class priors


def test_full_kmeans_centres_stop_at_the_lloyd_cap_and_still_cover_the_data():
    # 4,000 samples of 20 features, 50 centres: Lloyd's iterations run past the cap (51 to
    # convergence with this seed), whose centres must still cover the data nearly as well
    from sklearn.cluster import KMeans
    from sklearn.datasets import make_classification

    X, _ = make_classification(4000, 20, n_informative=10, n_classes=3, random_state=0)
    X = StandardScaler().fit_transform(X)
    centers = rbf_module.select_centers(X, "kmeans", 50, np.random.RandomState(0))
    seed = np.random.RandomState(0).randint(np.iinfo(np.int32).max)
    converged = KMeans(50, n_init=1, random_state=seed, max_iter=1000).fit(X)
    assert converged.n_iter_ > rbf_module.KMEANS_MAX_ITER
    capped = KMeans(50, n_init=1, random_state=seed, max_iter=rbf_module.KMEANS_MAX_ITER).fit(X)
    np.testing.assert_array_equal(centers, capped.cluster_centers_)
    inertia = squared_euclidean(X, centers).min(axis=1).sum()
    assert inertia <= 1.02 * converged.inertia_
