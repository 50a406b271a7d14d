"""The distributed-delay network (zoo.dynamic.DistributedDelayRegressor, MATLAB's distdelaynet)
and its core (zoo._core.distributed_delay)."""

import pickle
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from zoo._core.delays import trainable_steps
from zoo._core.distributed_delay import (
    DistributedDelayNetwork,
    DistributedDelayProblem,
    receptive_field,
)
from zoo._core.losses import make_loss
from zoo.dynamic import DistributedDelayRegressor, TimeDelayRegressor


def cascade(n, seed):
    """Two FIR-tanh stages: v(t) = tanh(u(t) + .8u(t-1) - .6u(t-2) + .4u(t-3)), y(t) =
    tanh(.5v(t) + v(t-3)). y depends on u(t) .. u(t-6)."""
    u = np.random.default_rng(seed).uniform(-1, 1, n)
    v = np.tanh(np.convolve(u, [1.0, 0.8, -0.6, 0.4])[:n])
    y = np.tanh(np.convolve(v, [0.5, 0.0, 0.0, 1.0])[:n])
    return u[:, None], y


def test_the_obvious_use_one_series_in_a_table():
    X, y = cascade(300, 0)
    net = DistributedDelayRegressor(random_state=0, max_iter=20)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        net.fit(X, y)
    prediction = net.predict(X)
    assert prediction.shape == y.shape
    assert net.receptive_field_ == 2 and net.delays_ == ((0, 1), (0, 1))
    assert [W.shape for W in net.coefs_] == [(2, 10), (20, 1)]
    assert np.isfinite(prediction).all()


def test_a_cascade_of_two_filter_stages_needs_the_hidden_layer_delays():
    # measured (1000 training steps, 500 test steps of another input; seeds 0-2): the
    # distributed-delay net with input taps 0..3 and hidden taps 0..3 reaches test R^2
    # 0.9915-0.992 (NRMSE 0.087-0.091); a TimeDelayRegressor with the same input taps 0.583-0.586
    # (NRMSE 0.645-0.647), as does the same net without hidden delays; a TimeDelayRegressor with
    # taps 0..6 (the cascade's whole memory, 91 weights against 55) 0.9997
    X, y = cascade(1000, 0)
    X_test, y_test = cascade(500, 1)
    taps = (0, 1, 2, 3)
    distributed = DistributedDelayRegressor(
        delays=(taps, taps), hidden_layer_sizes=(6,), max_iter=500, random_state=0
    ).fit(X, y)
    focused = TimeDelayRegressor(input_delays=taps, hidden_layer_sizes=(10,), random_state=0)
    no_hidden_delays = DistributedDelayRegressor(
        delays=(taps, (0,)), hidden_layer_sizes=(6,), max_iter=500, random_state=0
    )
    assert distributed.score(X_test, y_test) > 0.98
    assert focused.fit(X, y).score(X_test, y_test) < 0.7
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        assert no_hidden_delays.fit(X, y).score(X_test, y_test) < 0.7


def _reference_forward(coefs, intercepts, delays, U, activation=np.tanh):
    """The equation, step by step: a_l(t) = f(sum_d a_{l-1}(t-d) W_{l,d} + b_l), zero before 0."""
    n, T, _ = U.shape
    A = np.nan_to_num(U)
    for layer, (W, b, D) in enumerate(zip(coefs, intercepts, delays)):
        width = A.shape[2]
        Z = np.empty((n, T, W.shape[1]))
        for t in range(T):
            z = b.copy()
            for k, d in enumerate(D):
                if t - d >= 0:
                    z = z + A[:, t - d] @ W[k * width : (k + 1) * width]
            Z[:, t] = z
        A = Z if layer == len(coefs) - 1 else activation(Z)
    return A


def _random_network(rng, sizes, delays, **kwargs):
    network = DistributedDelayNetwork(sizes, delays, "tanh", **kwargs)
    network.initialize(rng)
    network.flat += rng.normal(0, 0.3, network.flat.size)  # biases away from the start too
    return network


def test_the_forward_pass_is_the_equation():
    rng = np.random.default_rng(0)
    delays = [(0, 2, 5), (1,), (0, 1, 3)]
    network = _random_network(rng, [2, 4, 3, 2], delays)
    U = rng.normal(size=(3, 11, 2))
    expected = _reference_forward(network.coefs, network.intercepts, delays, U)
    np.testing.assert_allclose(network.predict(U), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("loss", ["squared_error", "huber"])
def test_the_gradient_matches_central_differences(loss):
    rng = np.random.default_rng(1)
    delays = [(0, 2), (1, 3), (0, 1)]
    network = _random_network(rng, [2, 3, 4, 2], delays, loss=make_loss(loss, 0.3))
    n, T = 3, 14
    U = rng.normal(size=(n, T, 2))
    lengths = np.array([14, 10, 12])
    U[1, 10:] = U[2, 12:] = np.nan
    seqs, steps = trainable_steps(lengths, T, receptive_field(delays))
    rows = steps * n + seqs
    Y = rng.normal(size=(len(rows), 2))
    weights = rng.uniform(0.5, 2.0, len(rows))
    U_padded = network.pad_inputs(U)
    network.loss_and_gradient(U_padded, rows, Y, weights, alpha=0.2)
    gradient = network.flat_grad.copy()
    numeric = np.empty_like(gradient)
    eps = 1e-6
    for i in range(gradient.size):
        value = network.flat[i]
        network.flat[i] = value + eps
        up = network.loss_value(U_padded, rows, Y, weights, 0.2)
        network.flat[i] = value - eps
        down = network.loss_value(U_padded, rows, Y, weights, 0.2)
        network.flat[i] = value
        numeric[i] = (up - down) / (2 * eps)
    np.testing.assert_allclose(gradient, numeric, rtol=1e-5, atol=1e-8)


def test_the_gauss_newton_system_is_the_jacobian_s():
    rng = np.random.default_rng(2)
    delays = [(0, 2), (1, 3), (0, 1)]
    network = _random_network(rng, [2, 3, 4, 2], delays)
    n, T = 3, 14
    U = rng.normal(size=(n, T, 2))
    U[1, 10:] = np.nan
    seqs, steps = trainable_steps(np.array([14, 10, 14]), T, receptive_field(delays))
    rows = steps * n + seqs
    Y = rng.normal(size=(len(rows), 2))
    weights = rng.uniform(0.5, 2.0, len(rows))
    problem = DistributedDelayProblem(network, network.pad_inputs(U), rows, Y, weights)
    P = network.flat.size
    G, gradient = np.empty((P, P)), np.empty(P)
    data = problem.gauss_newton_system(G, gradient)
    # the Jacobian of the weighted outputs by central differences
    J = np.empty((len(rows) * 2, P))
    eps = 1e-6
    for i in range(P):
        value = network.flat[i]
        network.flat[i] = value + eps
        up = network.forward(problem.U_padded)[rows].copy()
        network.flat[i] = value - eps
        down = network.forward(problem.U_padded)[rows].copy()
        network.flat[i] = value
        J[:, i] = ((up - down) / (2 * eps) * np.sqrt(weights)[:, np.newaxis]).ravel()
    np.testing.assert_allclose(G, J.T @ J, rtol=1e-6, atol=1e-7)
    m = weights.sum()
    loss, mean_gradient = problem.loss_and_gradient()
    np.testing.assert_allclose(data, loss * m, rtol=1e-12)
    np.testing.assert_allclose(gradient, mean_gradient * m, rtol=1e-12, atol=1e-14)
    # the small chunks give the same system
    G_chunked = np.empty_like(G)
    network.gauss_newton_system(problem.U_padded, rows, Y, weights, G_chunked, chunk_rows=7)
    np.testing.assert_allclose(G_chunked, G, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("regularization", ["alpha", "bayes"])
def test_levenberg_marquardt_solves_the_cascade_in_a_few_iterations(regularization):
    # measured (seeds 0, 1): test R^2 0.991 (alpha) and 0.993 (bayes, decays 0.003-0.004 on the
    # input layer and 0.08-0.10 on the output layer) in 17-22 iterations, 0.05-0.1 s
    X, y = cascade(1000, 0)
    X_test, y_test = cascade(500, 1)
    taps = (0, 1, 2, 3)
    net = DistributedDelayRegressor(
        delays=(taps, taps),
        hidden_layer_sizes=(6,),
        solver="lm",
        lm_regularization=regularization,
        random_state=0,
    ).fit(X, y)
    assert net.score(X_test, y_test) > 0.98
    assert net.n_iter_ < 60
    assert hasattr(net, "alpha_") == (regularization == "bayes")


def test_levenberg_marquardt_needs_the_squared_error():
    X, y = cascade(50, 0)
    with pytest.raises(ValueError, match="Gauss-Newton system of the squared error"):
        DistributedDelayRegressor(solver="lm", loss="huber").fit(X, y)


def test_a_prediction_never_sees_the_future():
    X, y = cascade(200, 2)
    net = DistributedDelayRegressor(delays=((0, 2), (0, 3)), max_iter=30, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        net.fit(X, y)
    full = net.predict(X)
    np.testing.assert_allclose(net.predict(X[:120]), full[:120], rtol=1e-12, atol=1e-12)
    changed = X.copy()
    changed[150:] = 0.7
    np.testing.assert_array_equal(net.predict(changed)[:150], full[:150])


def _sequences():
    rng = np.random.default_rng(3)
    X = rng.uniform(-1, 1, (4, 40, 1))
    y = np.tanh(X[..., 0] + 0.5 * np.pad(X[:, :-1, 0], ((0, 0), (1, 0))))
    X[1, 30:] = np.nan
    y[1, 30:] = np.nan
    return X, y


def test_padded_sequences_predict_as_each_sequence_alone():
    X, y = _sequences()
    net = DistributedDelayRegressor(max_iter=50, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        net.fit(X, y)
    prediction = net.predict(X)
    assert prediction.shape == (4, 40)
    assert np.isnan(prediction[1, 30:]).all() and np.isfinite(prediction[1, :30]).all()
    alone = net.predict(X[1:2, :30])
    np.testing.assert_allclose(alone[0], prediction[1, :30], rtol=1e-12, atol=1e-12)
    assert net.score(X, y) > 0.9


def test_sequence_weights_are_repetitions_and_zero_drops():
    X, y = _sequences()
    params = dict(max_iter=40, random_state=0, tol=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        weighted = DistributedDelayRegressor(**params).fit(X, y, sample_weight=[2, 1, 0, 1])
        repeated = DistributedDelayRegressor(**params).fit(X[[0, 0, 1, 3]], y[[0, 0, 1, 3]])
        plain = DistributedDelayRegressor(**params).fit(X, y)
    np.testing.assert_allclose(weighted.predict(X), repeated.predict(X), rtol=1e-6, atol=1e-8)
    assert not np.allclose(weighted.predict(X[:1]), plain.predict(X[:1]))


def test_warm_start_continues_and_refuses_another_network():
    X, y = cascade(300, 0)
    net = DistributedDelayRegressor(max_iter=10, warm_start=True, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        net.fit(X, y)
        first, n_first = net.loss_, len(net.loss_curve_)
        net.fit(X, y)
    # the record goes on from where the first fit stopped
    assert len(net.loss_curve_) == n_first + net.n_iter_
    assert net.loss_curve_[n_first] <= first * (1 + 1e-6)
    assert net.loss_ < first
    net.set_params(hidden_layer_sizes=(3,))
    with pytest.raises(ValueError, match="warm_start needs the fitted network"):
        net.fit(X, y)


def test_float32_stays_float32_and_agrees_with_float64():
    X, y = cascade(300, 0)
    net64 = DistributedDelayRegressor(random_state=0, max_iter=20, tol=0.0)
    net32 = DistributedDelayRegressor(random_state=0, max_iter=20, tol=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        net64.fit(X, y)
        net32.fit(X.astype(np.float32), y.astype(np.float32))
    assert all(W.dtype == np.float32 for W in net32.coefs_ + net32.intercepts_)
    assert net32.predict(X.astype(np.float32)).dtype == np.float32
    assert abs(net32.score(X, y) - net64.score(X, y)) < 0.02


def test_same_seed_same_result_and_pickle_round_trip():
    X, y = cascade(200, 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        a = DistributedDelayRegressor(random_state=5, max_iter=30).fit(X, y)
        b = DistributedDelayRegressor(random_state=5, max_iter=30).fit(X, y)
    np.testing.assert_array_equal(a.predict(X), b.predict(X))
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(a)).predict(X), a.predict(X))


@pytest.mark.parametrize("solver", ["scg", "cg", "oss"])
def test_the_flat_full_batch_solvers_train_it(solver):
    u = np.random.default_rng(0).uniform(-1, 1, 300)
    v = np.tanh(u + 0.8 * np.r_[0, u[:-1]])
    X, y = u[:, None], np.tanh(v - 0.6 * np.r_[0, v[:-1]])  # within the default delays' reach
    net = DistributedDelayRegressor(solver=solver, max_iter=200, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        assert net.fit(X, y).score(X, y) > 0.9


@pytest.mark.parametrize(
    "delays, message",
    [
        (((0, 1),), "need 2 tuples of delays"),
        ((0, 1), "one tuple of delays per weight layer"),
        (((0, 1), (-1,)), "delays\\[1\\] must be ints >= 0"),
        (((0, 1), ()), "at least one delay"),
    ],
)
def test_bad_delays_are_named(delays, message):
    X, y = cascade(50, 0)
    with pytest.raises(ValueError, match=message):
        DistributedDelayRegressor(delays=delays).fit(X, y)


def test_a_series_shorter_than_the_memory_is_refused():
    X, y = cascade(5, 0)
    with pytest.raises(ValueError, match="sees 6 steps back"):
        DistributedDelayRegressor(delays=((0, 3), (0, 3))).fit(X, y)


def test_nan_in_y_on_a_real_step_is_refused():
    X, y = cascade(50, 0)
    y[10] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        DistributedDelayRegressor().fit(X, y)


def test_bayesian_regularisation_survives_a_network_that_fits_the_data_exactly():
    """scikit-learn's dtype check fits 20 steps with 131 parameters: the decays' evidence
    re-estimate meets a singular matrix, whose general SVD (gesdd) failed to converge; the
    symmetric eigendecomposition does not."""
    from sklearn.utils.estimator_checks import check_estimators_dtypes

    estimator = DistributedDelayRegressor(solver="lm", lm_regularization="bayes", random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_estimators_dtypes(type(estimator).__name__, estimator)
