"""MATLAB's first-order trainers in the full-batch table (issue 31): scaled conjugate gradient
(Møller 1993), conjugate gradients with a Brent line search (Fletcher-Reeves, Polak-Ribière,
Powell-Beale), the one-step secant and traingdx/traingda's adaptive rate.

Known answers: conjugacy (the exact minimum of a quadratic in at most N iterations), Rosenbrock's
minimum, Møller's lambda/Delta bookkeeping against the paper's formulas evaluated by hand, the
rate schedule step by step; then the Monitor's rules (early stopping, max_fun, tol, patience)
and the estimators that offer them.
"""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_digits, make_blobs
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils._param_validation import InvalidParameterError

from zoo import ConvNetClassifier, GLVQClassifier, MLPClassifier, MLPRegressor, RBFRegressor
from zoo._core.conjugate import AdaptiveRate, ConjugateDirections, ScaledConjugateGradient
from zoo._core.problems import FlatProblem
from zoo._core.solvers import FLAT_SOLVERS, FULL_BATCH_SOLVERS, solver_options
from zoo._core.training import History, Monitor

FIRST_ORDER = ("scg", "cg", "oss", "gdx", "gda")
CONJUGATE = [
    ("scg", {}),
    ("cg", {"update": "fletcher-reeves"}),
    ("cg", {"update": "polak-ribiere"}),
    ("cg", {"update": "powell-beale"}),
    ("oss", {}),
]


def _monitor(**kwargs):
    kwargs.setdefault("name", "Test (solver)")
    kwargs.setdefault("n_iter_no_change", None)
    return Monitor(History(early_stopping=kwargs.get("validate") is not None), **kwargs)


def _quadratic(n=8, seed=0):
    """E(w) = 1/2 w^T A w - b^T w, A positive definite (condition ~ 5)."""
    rng = np.random.default_rng(seed)
    Q = np.linalg.qr(rng.normal(size=(n, n)))[0]
    A = Q @ np.diag(np.linspace(1.0, 5.0, n)) @ Q.T
    b = rng.normal(size=n)
    w = np.zeros(n)
    problem = FlatProblem(w, lambda: (0.5 * w @ A @ w - b @ w, A @ w - b))
    return problem, np.linalg.solve(A, b)


def _rosenbrock():
    w = np.array([-1.2, 1.0])

    def loss_and_gradient():
        x, y = w
        gradient = np.array([-400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)])
        return 100 * (y - x * x) ** 2 + (1 - x) ** 2, gradient

    return FlatProblem(w, loss_and_gradient)


def test_the_table_offers_every_first_order_solver_to_flat_problems():
    assert set(FIRST_ORDER) <= set(FULL_BATCH_SOLVERS)
    assert FLAT_SOLVERS == ("lbfgs", *FIRST_ORDER)  # everything but lm (a Gauss-Newton system)


# ---------------------------------------------------------------------------- known answers


@pytest.mark.parametrize("name, options", CONJUGATE)
def test_conjugacy_reaches_a_quadratics_minimum_in_at_most_n_iterations(name, options):
    problem, solution = _quadratic()
    if name != "scg":
        options = {**options, "line_tol": 1e-10}  # exact line minima make directions conjugate
    n = solution.size
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # exactly n iterations: the budget
        result = FULL_BATCH_SOLVERS[name](problem, _monitor(), max_iter=n, tol=1e-12, **options)
    assert result.n_iter <= n
    np.testing.assert_allclose(problem.parameters, solution, atol=1e-6)


def test_steepest_descent_is_not_conjugate_on_the_same_quadratic():
    # the test above is no tautology: gradient descent is far from the minimum after n steps
    problem, solution = _quadratic()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        FULL_BATCH_SOLVERS["gda"](
            problem, _monitor(), max_iter=solution.size, tol=1e-12, learning_rate=0.2
        )
    assert np.abs(problem.parameters - solution).max() > 1e-2


@pytest.mark.parametrize("name, options", CONJUGATE)
def test_rosenbrock_converges(name, options):
    problem = _rosenbrock()
    result = FULL_BATCH_SOLVERS[name](problem, _monitor(), max_iter=2000, tol=1e-6, **options)
    assert result.converged
    np.testing.assert_allclose(problem.parameters, [1.0, 1.0], atol=1e-4)
    assert result.n_gradients <= result.n_fun


def test_scg_uses_at_most_two_gradients_an_iteration():
    problem = _rosenbrock()
    result = FULL_BATCH_SOLVERS["scg"](problem, _monitor(), max_iter=2000, tol=1e-6)
    # one at w + sigma_k p, one at the trial point; a failed reduction skips the first
    assert result.n_iter < result.n_gradients - 1 <= 2 * result.n_iter


def _moller_step(E, dE, w, r, p, lam, lam_bar, sigma=5e-5):
    """Møller's steps 2-8 for a successful previous iteration, written out for scalars."""
    sigma_k = sigma / abs(p)
    s = (dE(w + sigma_k * p) - dE(w)) / sigma_k
    delta = p * s + (lam - lam_bar) * p * p
    if delta <= 0:
        lam_bar = 2 * (lam - delta / (p * p))
        delta = -delta + lam * p * p
        lam = lam_bar
    mu = p * r
    alpha = mu / delta
    comparison = 2 * delta * (E(w) - E(w + alpha * p)) / mu**2
    accepted = comparison >= 0
    if accepted:
        w = w + alpha * p
        if comparison >= 0.75:
            lam = lam / 4
    if comparison < 0.25:
        lam = lam + delta * (1 - comparison) / (p * p)
    return w, lam, comparison, accepted, delta


def test_moller_makes_a_negative_curvature_positive_and_steps_downhill():
    # cos near 0.1 curves downwards: delta <= 0 (step 4) raises lambda to make it positive
    E, dE = np.cos, lambda w: -np.sin(w)
    w0 = np.array([0.1])
    rule = ScaledConjugateGradient(dE(w0))
    before = rule.lambda_
    w, loss, accepted = rule.iterate(w0, float(E(w0[0])), lambda v: (E(v[0]), dE(v)))
    expected_w, expected_lambda, comparison, expected_accepted, _ = _moller_step(
        E, dE, 0.1, np.sin(0.1), np.sin(0.1), before, 0.0
    )
    assert accepted == expected_accepted and accepted
    assert w[0] == pytest.approx(expected_w, rel=1e-12)
    assert loss < E(0.1)
    assert rule.comparison == pytest.approx(comparison, rel=1e-9)
    assert rule.lambda_ == pytest.approx(expected_lambda, rel=1e-9)
    assert rule.lambda_ > 2 * before * 1e3  # step 4 replaced the tiny lambda by ~2|E''|


def test_moller_rejects_an_overshoot_and_raises_lambda_without_a_new_curvature_estimate():
    # sqrt(1 + w^2) is nearly flat at w=3: the Newton step overshoots to w=-27, Delta < 0
    E = lambda w: np.sqrt(1 + w * w)  # noqa: E731
    dE = lambda w: w / np.sqrt(1 + w * w)  # noqa: E731
    w0 = np.array([3.0])
    rule = ScaledConjugateGradient(dE(w0))
    evaluations = []

    def evaluate(v):
        evaluations.append(v[0])
        return E(v[0]), dE(v)

    w, loss, accepted = rule.iterate(w0, float(E(3.0)), evaluate)
    r = -dE(3.0)
    _, expected_lambda, comparison, _, delta = _moller_step(E, dE, 3.0, r, r, 5e-7, 0.0)
    assert not accepted and comparison < 0 and rule.comparison == pytest.approx(comparison)
    assert w[0] == 3.0 and loss == E(3.0)  # the weights stay
    assert rule.lambda_ == pytest.approx(expected_lambda, rel=1e-9)  # step 8
    assert rule.lambda_bar == pytest.approx(5e-7)  # lambda before step 8 (step 7's failure)
    assert len(evaluations) == 2
    # the next iteration re-scales the same curvature (no evaluation at w + sigma p):
    # delta + (lambda - lambda_bar)|p|^2, a shorter step; lambda grows until one succeeds
    w, loss, accepted = rule.iterate(w, loss, evaluate)
    assert len(evaluations) == 3
    rescaled = delta + (expected_lambda - 5e-7) * r * r
    assert evaluations[-1] == pytest.approx(3.0 + (r * r / rescaled) * r, rel=1e-9)
    for _ in range(10):
        if accepted:
            break
        w, loss, accepted = rule.iterate(w, loss, evaluate)
    assert accepted and loss < E(3.0) and abs(w[0]) < 3.0


def test_scg_quadratic_comparisons_are_one_and_lambda_falls():
    # on a quadratic the model is exact: Delta ~ 1 every iteration, lambda quartered each time
    problem, _ = _quadratic()
    w = problem.parameters
    loss, gradient = problem.loss_and_gradient()
    rule = ScaledConjugateGradient(gradient.copy())

    def evaluate(v):
        np.copyto(w, v)
        value, g = problem.loss_and_gradient()
        return value, g.copy()

    current = w.copy()
    for k in range(4):
        current, loss, accepted = rule.iterate(current, loss, evaluate)
        assert accepted and rule.comparison == pytest.approx(1.0, abs=1e-5)
        assert rule.lambda_ == pytest.approx(5e-7 / 4 ** (k + 1))


def test_powell_beale_restarts_when_gradients_lose_orthogonality():
    directions = ConjugateDirections(np.array([1.0, 0.0]), "powell-beale")
    # g_new . g_old = 0.5 >= 0.2 |g_new|^2 = 0.2 * 1.25: a restart (two-term direction kept)
    d = directions.next(np.array([0.5, 1.0]), np.array([-0.1, 0.0]))
    assert directions.n_restarts >= 1 and d @ np.array([0.5, 1.0]) < 0
    # nearly orthogonal successive gradients: no restart, a descent direction
    kept = ConjugateDirections(np.array([1.0, 0.0, 0.0]), "powell-beale")
    d = kept.next(np.array([0.01, 0.3, 0.0]), np.array([-0.1, 0.0, 0.0]))
    assert kept.n_restarts == 0 and d @ np.array([0.01, 0.3, 0.0]) < 0
    with pytest.raises(ValueError, match="unknown update"):
        ConjugateDirections(np.ones(2), "hestenes")


def test_oss_is_bfgs_from_the_identity_after_one_step():
    rng = np.random.default_rng(1)
    g_old, g, s = rng.normal(size=(3, 4))
    y = g - g_old
    if s @ y <= 0:
        s = -s
    directions = ConjugateDirections(g_old, "oss")
    d = directions.next(g, s)
    rho = 1 / (s @ y)
    eye = np.eye(4)
    H = (eye - rho * np.outer(s, y)) @ (eye - rho * np.outer(y, s)) + rho * np.outer(s, s)
    np.testing.assert_allclose(d, -H @ g, rtol=1e-10, atol=1e-12)


# -------------------------------------------------------------------- traingdx's schedule


def test_adaptive_rate_grows_by_five_percent_while_the_loss_falls():
    rule = AdaptiveRate(0.1, momentum=0.0)
    assert rule.judge(1.0, 0.9, np.ones(1)) and rule.learning_rate == pytest.approx(0.105)
    assert rule.judge(0.9, 0.91, np.ones(1))  # a rise within 4 %: kept, the rate unchanged
    assert rule.learning_rate == pytest.approx(0.105)
    assert not rule.judge(1.0, 1.05, np.ones(1))  # over 4 %: discarded, the rate times 0.7
    assert rule.learning_rate == pytest.approx(0.105 * 0.7)


def test_gda_schedule_on_a_parabola_step_by_step():
    """E = w^2/2 from w = 1, rate 1.9: w' = (1 - rate) w. Steps 1-2 lower E (rate x1.05 each),
    step 3 with rate 2.09475 gives |1 - rate| = 1.095, E up 19.8 %: discarded, rate x0.7; then
    a rate of 1.466 lowers E again."""
    w = np.array([1.0])
    problem = FlatProblem(w, lambda: (0.5 * w @ w, w.copy()))
    monitor = _monitor()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        result = FULL_BATCH_SOLVERS["gda"](problem, monitor, max_iter=4, tol=0.0, learning_rate=1.9)
    w1 = -0.9
    w2 = (1 - 1.995) * w1
    rate = 1.9 * 1.05**2 * 0.7
    w4 = (1 - rate) * w2
    curve = monitor.history.criterion
    np.testing.assert_allclose(curve, [0.5 * w1**2, 0.5 * w2**2, 0.5 * w2**2, 0.5 * w4**2])
    assert result.learning_rate == pytest.approx(rate * 1.05)
    assert w[0] == pytest.approx(w4)


def test_gdx_forgets_its_momentum_after_a_discarded_step():
    rule = AdaptiveRate(1.0, momentum=0.9)
    g = np.array([1.0])
    assert rule.step(g)[0] == -1.0  # the first step: the plain gradient step
    rule.judge(1.0, 0.5, g)  # kept: rate 1.05
    assert rule.step(g)[0] == pytest.approx(0.9 * -1.0 - 0.1 * 1.05)
    rule.judge(1.0, 2.0, g)  # discarded: rate 0.735, dw = -rate g
    assert rule.step(g)[0] == pytest.approx(0.9 * -0.735 - 0.1 * 0.735)


# ------------------------------------------------------------------- the Monitor's rules


@pytest.mark.parametrize("name", FIRST_ORDER)
def test_max_fun_bounds_the_evaluations_and_warns(name):
    problem = _rosenbrock()
    with pytest.warns(ConvergenceWarning, match=f"{name} failed to converge"):
        result = FULL_BATCH_SOLVERS[name](problem, _monitor(), max_iter=10**6, tol=0, max_fun=25)
    assert not result.converged and 25 <= result.n_fun <= 25 + 40  # a last line search ends
    assert result.message == "max_fun reached"


@pytest.mark.parametrize("name", FIRST_ORDER)
def test_patience_stops_on_a_plateau(name):
    # tol on the objective: improvements below 1 are no improvement, so after n_iter_no_change
    # + 1 iterations the run stops, converged (no warning)
    problem = _rosenbrock()
    monitor = _monitor(n_iter_no_change=3, tol=1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        result = FULL_BATCH_SOLVERS[name](problem, monitor, max_iter=500, tol=0.0)
    assert result.converged and result.message == "patience ran out"
    assert result.n_iter <= 10


def _digits(n=400):
    X, y = load_digits(return_X_y=True)
    return X[:n] / 16.0, y[:n]


@pytest.mark.parametrize("solver", FIRST_ORDER)
def test_early_stopping_restores_the_best_validation_weights(solver):
    X, y = _digits()
    model = MLPClassifier(
        hidden_layer_sizes=(16,),
        solver=solver,
        early_stopping=True,
        n_iter_no_change=5,
        max_iter=300,
        learning_rate_init=1.0,  # gdx/gda's initial rate (full batch); unused by the others
        random_state=0,
    ).fit(X, y)
    scores = model.validation_scores_
    assert len(scores) == model.n_iter_ < 300
    assert model.best_validation_score_ == max(scores)
    assert model.best_validation_score_ > 0.7


# ------------------------------------------------------------------------- the estimators


@pytest.mark.parametrize("solver", FIRST_ORDER)
def test_mlp_learns_digits_with_every_first_order_solver(solver):
    X, y = _digits()
    model = MLPClassifier(
        hidden_layer_sizes=(16,),
        solver=solver,
        max_iter=300,
        learning_rate_init=0.05,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
    assert model.score(X, y) > 0.95
    assert len(model.loss_curve_) == model.n_iter_
    again = MLPClassifier(**model.get_params())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        again.fit(X, y)
    np.testing.assert_array_equal(again.coefs_[0], model.coefs_[0])  # same seed, same fit


@pytest.mark.parametrize("update", ["fletcher-reeves", "polak-ribiere", "powell-beale"])
def test_mlp_cg_update_reaches_the_solver(update):
    X, y = _digits(200)
    model = MLPClassifier(hidden_layer_sizes=(8,), solver="cg", cg_update=update, max_iter=40)
    assert solver_options(model) == {"max_fun": 15000, "update": update}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.set_params(random_state=0).fit(X, y)
    assert model.score(X, y) > 0.9


def test_mlp_rejects_what_the_new_solvers_cannot_do():
    X, y = _digits(100)
    with pytest.raises(InvalidParameterError):
        MLPClassifier(solver="cg", cg_update="hestenes").fit(X, y)
    with pytest.raises(ValueError, match="alpha='bayes'"):
        MLPRegressor(solver="scg", alpha="bayes").fit(X, y.astype(float))
    with pytest.raises(ValueError, match="dropout"):
        MLPClassifier(solver="scg", dropout=0.2).fit(X, y)


def test_float32_stays_float32_with_scg():
    X, y = _digits(200)
    model = MLPRegressor(hidden_layer_sizes=(8,), solver="scg", max_iter=30, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X.astype(np.float32), y.astype(np.float32))
    assert model.coefs_[0].dtype == np.float32
    assert model.predict(X.astype(np.float32)).dtype == np.float32
    assert model.loss_curve_[-1] < model.loss_curve_[0]


@pytest.mark.parametrize("solver", ["scg", "gdx"])
def test_families_with_a_flat_problem_train_with_the_new_solvers(solver):
    X, y = make_blobs(90, centers=3, n_features=4, random_state=0)
    for model in (
        GLVQClassifier(solver=solver, max_iter=50, random_state=0),
        ConvNetClassifier(
            solver=solver,
            image_shape=(2, 2, 1),
            max_iter=60,
            learning_rate_init=0.5,  # gdx's initial rate
            random_state=0,
        ),
    ):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(X, y)
        assert model.score(X, y) > 0.9, type(model).__name__
    target = X[:, 0] + np.sin(X[:, 1])
    rbf = RBFRegressor(n_centers=10, fine_tune=True, solver=solver, max_iter=30, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        rbf.fit(X, target)
    assert rbf.n_iter_ >= 1 and np.isfinite(rbf.predict(X)).all()
