"""The full-batch solver table (zoo._core.solvers) and its problem adapters (zoo._core.problems):
known answers, scipy bit for bit, the Monitor's record, divergence and the convergence warning.

Closed-form answers are compared with tolerances (BLAS kernels differ in their last bits between
machines); only two computations in the same process are compared exactly.
"""

import warnings

import numpy as np
import pytest
import scipy.optimize
from sklearn.exceptions import ConvergenceWarning

from zoo._core.initializers import glorot_uniform
from zoo._core.losses import resolve_loss
from zoo._core.network import FeedForwardNetwork
from zoo._core.problems import FlatProblem, NetworkProblem
from zoo._core.solvers import (
    FULL_BATCH_SOLVERS,
    SolverResult,
    lbfgs,
    levenberg_marquardt,
    solvers_for,
)
from zoo._core.training import History, Monitor


def _monitor(history=None, **kwargs):
    kwargs.setdefault("name", "Test (solver)")
    return Monitor(History() if history is None else history, **kwargs)


def _regression(n=60, p=4, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    y = X @ rng.normal(size=p) + 0.3 * rng.normal(size=n)
    return X, y


class Ridge:
    """(1/m) [1/2 ||X w - y||^2 + alpha/2 ||w||^2]: a Gauss-Newton problem written by hand."""

    def __init__(self, X, y, alpha=0.0, dtype=np.float64):
        self.X, self.y, self.alpha = X, y, alpha
        self.parameters = np.zeros(X.shape[1], dtype=dtype)
        self.n_samples, self.n_outputs = X.shape[0], 1
        self.weight_sum = float(X.shape[0])
        self.n_penalised = X.shape[1]
        self.weight_classes = [slice(0, X.shape[1])]
        self.gaussian = True

    def _residuals(self):
        return self.X @ self.parameters - self.y

    def loss_and_gradient(self):
        e, w, m = self._residuals(), self.parameters, self.weight_sum
        loss = (0.5 * e @ e + 0.5 * self.alpha * w @ w) / m
        return loss, (self.X.T @ e + self.alpha * w) / m

    def data_loss(self):
        e = self._residuals()
        return 0.5 * e @ e / self.weight_sum

    def gauss_newton_system(self, G, gradient=None):
        G[...] = self.X.T @ self.X
        if gradient is None:
            return None
        e = self._residuals()
        gradient[...] = self.X.T @ e
        return 0.5 * e @ e


def _ridge_solution(X, y, alpha):
    return np.linalg.solve(X.T @ X + alpha * np.eye(X.shape[1]), X.T @ y)


def _network(units=(4, 5, 3), hidden="tanh", out="softmax", loss="log_loss", seed=0):
    rng = np.random.default_rng(seed)
    coefs, intercepts = zip(*(glorot_uniform(a, b, rng) for a, b in zip(units[:-1], units[1:])))
    activations = [hidden] * (len(units) - 2) + [out]
    return FeedForwardNetwork(list(coefs), list(intercepts), activations, resolve_loss(loss, out))


# ---------------------------------------------------------------------------------- the table


def test_table_names_its_drivers_and_what_each_requires():
    assert FULL_BATCH_SOLVERS["lbfgs"] is lbfgs
    assert FULL_BATCH_SOLVERS["lm"] is levenberg_marquardt
    first_order = ("scg", "cg", "oss", "gdx", "gda")
    assert tuple(FULL_BATCH_SOLVERS) == ("lbfgs", "lm", *first_order)
    X, y = _regression()
    flat = ("lbfgs", *first_order)
    assert solvers_for(FlatProblem(np.zeros(2), lambda: (0.0, np.zeros(2)))) == flat
    assert solvers_for(Ridge(X, y)) == tuple(FULL_BATCH_SOLVERS)
    network = _network()
    Y = np.eye(3)[np.arange(10) % 3]
    assert solvers_for(NetworkProblem(network, np.ones((10, 4)), Y)) == tuple(FULL_BATCH_SOLVERS)


# ---------------------------------------------------------------------------- known answers


@pytest.mark.parametrize("alpha", [0.0, 2.0])
@pytest.mark.parametrize("name", ["lbfgs", "lm"])
def test_least_squares_reach_the_closed_form(name, alpha):
    X, y = _regression()
    problem = Ridge(X, y, alpha)
    options = {"alpha": alpha} if name == "lm" else {}
    monitor = _monitor(n_iter_no_change=None)
    result = FULL_BATCH_SOLVERS[name](problem, monitor, max_iter=200, tol=1e-10, **options)
    assert isinstance(result, SolverResult) and result.converged
    np.testing.assert_allclose(problem.parameters, _ridge_solution(X, y, alpha), rtol=1e-6)
    assert result.loss == pytest.approx(problem.loss_and_gradient()[0], rel=1e-12)
    # every iteration recorded once, in order
    assert monitor.history.n_iter == result.n_iter == len(monitor.history.criterion) >= 1
    assert monitor.history.criterion[-1] == pytest.approx(result.loss, rel=1e-9)


def test_levenberg_marquardt_fits_a_linear_network_in_one_gauss_newton_step():
    """A network without hidden layer under squared error is linear least squares with an
    intercept: LM's first step (mu = 1e-3, tiny) lands on the lstsq solution."""
    X, y = _regression(p=3)
    network = _network(units=(3, 1), out="identity", loss="squared_error")
    problem = NetworkProblem(network, X, y[:, None])
    levenberg_marquardt(problem, _monitor(), max_iter=50, damping=1e-12)
    design = np.hstack([X, np.ones((len(X), 1))])
    solution = np.linalg.lstsq(design, y, rcond=None)[0]
    np.testing.assert_allclose(network.flat, solution, rtol=1e-8, atol=1e-10)


def test_bayesian_regularisation_returns_decays_and_effective_parameters():
    X, y = _regression(n=40, p=6)
    problem = Ridge(X, y)
    result = levenberg_marquardt(problem, _monitor(), max_iter=100, bayes=True)
    assert result.alpha.shape == (1,) and result.alpha[0] > 0
    assert 0 < result.gamma <= X.shape[1]
    # MacKay's fixed point for a linear Gaussian model: gamma = sum_i lambda_i / (lambda_i + alpha)
    eigenvalues = np.linalg.eigvalsh(X.T @ X)
    assert result.gamma == pytest.approx(np.sum(eigenvalues / (eigenvalues + result.alpha)), 1e-6)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_levenberg_marquardt_warm_start_continues_from_previous_decays():
    X, y = _regression(n=40, p=6)
    history = History()
    problem = Ridge(X, y)
    first = levenberg_marquardt(problem, _monitor(history), max_iter=100, bayes=True)
    # a fresh history ignores previous_alpha; a continued one starts from it (no 0-decay step)
    again = levenberg_marquardt(
        Ridge(X, y), _monitor(History()), max_iter=1, bayes=True, previous_alpha=first.alpha
    )
    warm_problem = Ridge(X, y)
    warm = levenberg_marquardt(
        warm_problem, _monitor(history), max_iter=1, bayes=True, previous_alpha=first.alpha
    )
    assert warm.loss > again.loss  # the decay of the first run penalises the first step


# ------------------------------------------------------------------------- scipy, bit for bit


def _logistic(seed=0, n=80, p=5):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    y = (X @ rng.normal(size=p) + rng.normal(size=n) > 0).astype(float)
    return X, y


def _logistic_loss_and_gradient(X, y, w):
    z = X @ w
    loss = np.mean(np.logaddexp(0, z) - y * z) + 0.5e-2 * w @ w
    return loss, X.T @ (1 / (1 + np.exp(-z)) - y) / len(y) + 1e-2 * w


@pytest.mark.parametrize("max_iter", [3, 100])
def test_lbfgs_is_scipy_called_directly_bit_for_bit(max_iter):
    X, y = _logistic()
    w = np.zeros(X.shape[1])
    problem = FlatProblem(w, lambda: _logistic_loss_and_gradient(X, y, w))
    monitor = _monitor()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        result = lbfgs(problem, monitor, max_iter=max_iter, tol=1e-8)

    iterates = []

    def callback(intermediate_result):  # scipy passes the result object to this name only
        iterates.append(intermediate_result.fun)

    direct = scipy.optimize.minimize(
        lambda v: _logistic_loss_and_gradient(X, y, v),
        np.zeros(X.shape[1]),
        method="L-BFGS-B",
        jac=True,
        callback=callback,
        options={"maxfun": 15000, "maxiter": max_iter, "gtol": 1e-8},
    )
    assert np.array_equal(w, direct.x)
    assert result.loss == direct.fun and result.n_iter == direct.nit
    assert monitor.history.criterion == iterates
    assert result.converged == (direct.status != 1)


def test_lbfgs_on_float32_parameters_iterates_in_float64_and_stores_float32():
    X, y = _logistic()
    w = np.zeros(X.shape[1], dtype=np.float32)
    X32, y32 = X.astype(np.float32), y.astype(np.float32)
    problem = FlatProblem(w, lambda: _logistic_loss_and_gradient(X32, y32, w))
    lbfgs(problem, _monitor(), max_iter=100, tol=1e-5)
    assert w.dtype == np.float32
    reference = FlatProblem(np.zeros(X.shape[1]), None)
    reference.loss_and_gradient = lambda: _logistic_loss_and_gradient(X, y, reference.parameters)
    lbfgs(reference, _monitor(), max_iter=100, tol=1e-8)
    np.testing.assert_allclose(w, reference.parameters, rtol=1e-3, atol=1e-4)


def test_tol_after_step_makes_at_least_one_iteration():
    """scipy's gtol stops before the first iteration at a stationary start; the test after each
    step (GLVQ's) records one."""
    X, y = _regression()
    for after, n_iter in [(False, 0), (True, 1)]:
        problem = Ridge(X, y)
        problem.parameters[...] = _ridge_solution(X, y, 0.0)
        result = lbfgs(problem, _monitor(), max_iter=50, tol=1e-3, tol_after_step=after)
        assert result.n_iter == n_iter


# ----------------------------------------------------------------------- adapter gradients


def _central_differences(problem, h=1e-6):
    flat = problem.parameters
    numeric = np.empty(flat.size)
    for j in range(flat.size):
        saved = flat[j]
        flat[j] = saved + h
        plus = problem.loss()
        flat[j] = saved - h
        minus = problem.loss()
        flat[j] = saved
        numeric[j] = (plus - minus) / (2 * h)
    return numeric


@pytest.mark.parametrize(
    "out, loss", [("softmax", "log_loss"), ("identity", "squared_error"), ("exp", "poisson")]
)
def test_network_problem_gradient_matches_central_differences(out, loss):
    rng = np.random.default_rng(1)
    network = _network(out=out, loss=loss)
    X = rng.normal(size=(20, 4))
    Y = np.eye(3)[rng.integers(0, 3, 20)] if out == "softmax" else rng.uniform(0.5, 2, (20, 3))
    sample_weight = rng.uniform(0.5, 2.0, 20)
    problem = NetworkProblem(network, X, Y, sample_weight, alpha=0.3)
    loss_value, gradient = problem.loss_and_gradient()
    assert loss_value == pytest.approx(problem.loss(), rel=1e-12)
    np.testing.assert_allclose(gradient, _central_differences(problem), rtol=1e-5, atol=1e-8)

    # the Gauss-Newton system's gradient and value are the data term's, on the sum scale
    data_problem = NetworkProblem(network, X, Y, sample_weight)
    data_loss, data_gradient = data_problem.loss_and_gradient()
    G, sum_gradient = np.empty((network.flat.size,) * 2), np.empty(network.flat.size)
    total = problem.gauss_newton_system(G, sum_gradient)
    m = problem.weight_sum
    assert total / m == pytest.approx(data_loss, rel=1e-10)
    assert problem.data_loss() == pytest.approx(data_loss, rel=1e-12)
    np.testing.assert_allclose(sum_gradient / m, data_gradient, rtol=1e-8, atol=1e-12)
    G_only = np.empty_like(G)
    problem.gauss_newton_system(G_only)
    np.testing.assert_allclose(G_only, G, rtol=1e-12, atol=1e-12)
    assert np.allclose(G, G.T) and np.linalg.eigvalsh(G).min() > -1e-8


def test_network_problem_describes_its_weight_classes():
    network = _network(units=(4, 5, 3))
    problem = NetworkProblem(network, np.ones((6, 4)), np.eye(3)[np.arange(6) % 3])
    assert problem.parameters is network.flat
    assert problem.n_penalised == 4 * 5 + 5 * 3
    assert problem.weight_classes == [slice(0, 20), slice(20, 35)]
    assert (problem.n_samples, problem.n_outputs, problem.weight_sum) == (6, 3, 6)
    assert not problem.gaussian


# ------------------------------------------------------------ divergence and the budget


def test_lbfgs_overflow_raises_the_monitors_divergence_error():
    w = np.zeros(1)
    problem = FlatProblem(w, lambda: (-np.exp(w[0] * 50.0), -50.0 * np.exp(w * 50.0)))
    with pytest.raises(ValueError, match=r"Test \(solver\) diverged at epoch \d+: .*overflow"):
        lbfgs(problem, _monitor(), max_iter=1000, tol=1e-8)


def test_lbfgs_non_finite_loss_raises_the_monitors_divergence_error():
    w = np.zeros(1)

    def loss_and_gradient():  # a loss that is NaN once the iterate leaves [-0.5, 0.5]
        value = (w[0] - 3.0) ** 2 if abs(w[0]) <= 0.5 else np.nan
        return value, 2 * (w - 3.0)

    problem = FlatProblem(w, loss_and_gradient)
    with pytest.raises(ValueError, match="diverged at epoch 1: the training loss became nan"):
        lbfgs(problem, _monitor(), max_iter=50, tol=1e-8)


def test_levenberg_marquardt_overflow_raises_the_monitors_divergence_error():
    X, y = _regression()
    problem = Ridge(X, y)
    problem.gauss_newton_system = lambda G, gradient=None: np.exp(np.float64(1000.0))
    with pytest.raises(ValueError, match=r"Test \(solver\) diverged at epoch 1: .*overflow"):
        levenberg_marquardt(problem, _monitor(), max_iter=5)


def test_lbfgs_budget_gives_the_convergence_warning():
    X, y = _logistic()
    w = np.zeros(X.shape[1])
    problem = FlatProblem(w, lambda: _logistic_loss_and_gradient(X, y, w))
    failed = r"Test \(solver\): lbfgs failed to converge after 2 iteration"
    with pytest.warns(ConvergenceWarning, match=failed):
        result = lbfgs(problem, _monitor(), max_iter=2, tol=1e-12)
    assert not result.converged and result.n_iter == 2


def test_levenberg_marquardt_budget_gives_the_convergence_warning():
    X, y = _logistic()
    network = _network(units=(5, 4, 1), out="logistic", loss="binary_log_loss")
    problem = NetworkProblem(network, X, y[:, None])
    with pytest.warns(ConvergenceWarning, match=r"maximum iterations \(2\) reached"):
        result = levenberg_marquardt(problem, _monitor(n_iter_no_change=None), max_iter=2)
    assert result.n_iter == 2 and not result.converged


def test_levenberg_marquardt_size_guard_names_the_estimator():
    X, y = _regression(n=20, p=3)
    problem = Ridge(X, y)
    problem.n_samples = 10**8
    with pytest.raises(ValueError, match="^MyRegressor: solver='lm' would need"):
        levenberg_marquardt(problem, _monitor(), max_iter=5, name="MyRegressor")


# ------------------------------------------------------------------ the validation split


def test_lbfgs_stops_by_validation_patience_and_restores_the_best_iterate():
    X, y = _regression()
    problem = Ridge(X, y)
    target = 0.5 * _ridge_solution(X, y, 0.0)  # the held-out score peaks before the optimum
    seen = []

    def validate():
        seen.append(problem.parameters.copy())
        return -float(np.sum((problem.parameters - target) ** 2)), None

    history = History(early_stopping=True)
    monitor = _monitor(
        history, n_iter_no_change=2, tol=0.0, params=[problem.parameters], validate=validate
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # patience, not the budget, decides
        result = lbfgs(problem, monitor, max_iter=1000, tol=1e-12)
    assert result.n_iter == len(seen) < 1000
    best = int(np.argmax(history.validation_scores))
    assert best < len(seen) - 1
    np.testing.assert_array_equal(problem.parameters, seen[best])
    assert result.loss == problem.loss_and_gradient()[0]


def test_lbfgs_with_a_validation_split_leaves_the_budget_to_patience():
    """No ConvergenceWarning under a validation split (the MLP's rule since its lbfgs began)."""
    X, y = _regression()
    problem = Ridge(X, y)
    monitor = _monitor(
        History(early_stopping=True),
        params=[problem.parameters],
        validate=lambda: (-problem.loss_and_gradient()[0], None),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        result = lbfgs(problem, monitor, max_iter=2, tol=1e-12)
    assert result.n_iter == 2 and not result.converged
