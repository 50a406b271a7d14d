"""Cascade-forward networks (MATLAB's ``cascadeforwardnet``): ``connectivity="cascade"`` of the MLP.

Every layer receives the input and every earlier layer's output, z_l = sum_{k<l} a_k W_{l,k} + b_l.
The back-propagated gradient and lm's Gauss-Newton rows are checked against central differences,
the direct input-output path is measured on a linear-plus-nonlinear target, and the estimators
pass scikit-learn's checks with the option on.
"""

import pickle
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.utils.estimator_checks import parametrize_with_checks

import zoo.io
from zoo import MLPClassifier, MLPRegressor
from zoo._core.activations import resolve_activation
from zoo._core.initializers import glorot_uniform
from zoo._core.losses import make_loss, resolve_loss
from zoo._core.network import FeedForwardNetwork, dropout_masks, forward

#: (loss, output activation): every loss of zoo._core.losses.LOSSES on its output layer
OUTPUTS = [
    ("squared_error", "identity"),
    ("log_loss", "softmax"),
    ("log_loss", "logistic"),  # resolves to binary_log_loss
    ("poisson", "exp"),
    ("absolute_error", "identity"),
    ("huber", "identity"),
]
#: the losses with a Gauss-Newton curvature (lm's)
GN_OUTPUTS = [(loss, out) for loss, out in OUTPUTS if loss not in ("absolute_error", "huber")]
HIDDEN = {1: (4, 5, 3), 2: (4, 5, 3, 3), 3: (3, 4, 3, 2, 3)}


def _cascade(units, out_activation, loss, hidden="tanh", seed=0):
    rng = np.random.default_rng(seed)
    coefs, intercepts = [], []
    for layer in range(len(units) - 1):
        W, b = glorot_uniform(sum(units[: layer + 1]), units[layer + 1], rng)
        coefs.append(W)
        intercepts.append(b + rng.normal(scale=0.1, size=b.shape))
    activations = [resolve_activation(hidden)] * (len(units) - 2) + [out_activation]
    resolved = make_loss(loss) if loss in ("absolute_error", "huber") else loss
    return FeedForwardNetwork(
        coefs, intercepts, activations, resolve_loss(resolved, out_activation), cascade=True
    )


def _targets(network, rng, n):
    return network.forward(rng.normal(size=(n, network.layer_units[0])))  # valid for every loss


def _numeric_gradient(network, objective, h=1e-6):
    numeric = np.empty(network.flat.size)
    for i in range(network.flat.size):
        original = network.flat[i]
        network.flat[i] = original + h
        up = objective()
        network.flat[i] = original - h
        down = objective()
        network.flat[i] = original
        numeric[i] = (up - down) / (2 * h)
    return numeric


@pytest.mark.parametrize("n_hidden", [1, 2, 3])
@pytest.mark.parametrize("loss, out_activation", OUTPUTS)
def test_cascade_gradient_matches_central_differences(n_hidden, loss, out_activation):
    # weighted data term, L2 decay and (with two hidden layers or more) fixed dropout masks
    rng = np.random.default_rng(n_hidden)
    units = HIDDEN[n_hidden]
    network = _cascade(units, out_activation, loss)
    X, sw = rng.normal(size=(7, units[0])), rng.uniform(0.5, 2.0, 7)
    Y = _targets(network, rng, 7)
    masks = None
    if n_hidden > 1:
        rates = [(0.3, u) for u in units[1:-1]]
        masks = dropout_masks(rates, 7, np.random.RandomState(0), X.dtype)
    network.loss_and_gradient(X, Y, sw, 0.3, masks)
    analytic = network.flat_grad.copy()
    numeric = _numeric_gradient(network, lambda: network.loss_value(X, Y, sw, 0.3, masks))
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


def test_cascade_input_delta_matches_central_differences():
    # dE/dX sums every layer's path from the input (a convolutional stack below would need it)
    rng = np.random.default_rng(4)
    network = _cascade((3, 4, 3, 2), "identity", "squared_error")
    X, Y = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    input_delta = np.empty_like(X)
    network.loss_and_gradient(X, Y, input_delta=input_delta)
    numeric, h = np.empty_like(X), 1e-6
    for index in np.ndindex(X.shape):
        up, down = X.copy(), X.copy()
        up[index] += h
        down[index] -= h
        numeric[index] = (network.loss_value(up, Y) - network.loss_value(down, Y)) / (2 * h)
    np.testing.assert_allclose(input_delta, numeric, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("n_hidden", [1, 2, 3])
@pytest.mark.parametrize("loss, out_activation", GN_OUTPUTS)
def test_cascade_gauss_newton_matrix_is_jt_h_j(n_hidden, loss, out_activation):
    # lm's G = sum_i s_i J_i^T H_i J_i, J_i = dz_L/dtheta by central differences; chunks of 3
    rng = np.random.default_rng(10 + n_hidden)
    units = HIDDEN[n_hidden]
    network = _cascade(units, out_activation, loss)
    X, sw = rng.normal(size=(7, units[0])), rng.uniform(0.5, 2.0, 7)
    G = network.gauss_newton(X, None, sw, chunk_rows=3)
    linear_output = network.activations[:-1] + ["identity"]
    flat, h = network.flat.copy(), 1e-6

    def z_out(theta):
        network.flat[:] = theta
        return forward(X, network.coefs, network.intercepts, linear_output, cascade=True)

    J = np.stack([(z_out(flat + h * e) - z_out(flat - h * e)) / (2 * h) for e in np.eye(flat.size)])
    network.flat[:] = flat
    p = network.forward(X)
    expected = np.zeros_like(G)
    for i in range(len(X)):
        if out_activation == "identity":
            H = np.eye(p.shape[1])
        elif out_activation == "softmax":
            H = np.diag(p[i]) - np.outer(p[i], p[i])
        elif out_activation == "logistic":
            H = np.diag(p[i] * (1 - p[i]))
        else:
            H = np.diag(p[i])  # Poisson deviance on exp
        expected += sw[i] * J[:, i] @ H @ J[:, i].T
    np.testing.assert_allclose(G, expected, rtol=1e-6, atol=1e-8 * np.abs(expected).max())


@pytest.mark.parametrize("loss, out_activation", GN_OUTPUTS)
def test_cascade_gauss_newton_system_gives_the_gradient_of_the_same_pass(loss, out_activation):
    rng = np.random.default_rng(2)
    network = _cascade(HIDDEN[2], out_activation, loss)
    X, sw = rng.normal(size=(7, 4)), rng.uniform(0.5, 2.0, 7)
    Y = _targets(network, rng, 7)
    G, gradient = np.empty((network.flat.size,) * 2), np.empty(network.flat.size)
    data = network.gauss_newton_system(X, Y, sw, G, gradient, chunk_rows=3)
    loss_value = network.loss_and_gradient(X, Y, sw, 0.0)
    m = sw.sum()
    assert data == pytest.approx(loss_value * m, rel=1e-12)
    np.testing.assert_allclose(gradient, network.flat_grad * m, rtol=1e-10, atol=1e-12)


def test_a_cascade_without_skip_weights_is_the_layered_network():
    # zeroing every W_{l,k} with k < l-1 leaves z_l = a_{l-1} W_{l,l-1} + b_l
    rng = np.random.default_rng(5)
    units = (4, 6, 5, 3)
    network = _cascade(units, "softmax", "log_loss")
    offsets = np.cumsum([0, *units[:-1]])
    layered = []
    for layer, W in enumerate(network.coefs):
        W[: offsets[layer]] = 0.0
        layered.append(W[offsets[layer] :].copy())
    X = rng.normal(size=(9, 4))
    expected = forward(X, layered, network.intercepts, network.activations)
    np.testing.assert_allclose(network.forward(X), expected, rtol=1e-12)


def test_coefs_that_do_not_chain_are_rejected():
    W = [np.zeros((3, 4)), np.zeros((4, 2))]
    b = [np.zeros(4), np.zeros(2)]
    with pytest.raises(ValueError, match="cascade"):
        FeedForwardNetwork(W, b, ["tanh", "identity"], "squared_error", cascade=True)


def _linear_plus_nonlinear(n=600, seed=0):
    # y = 3 x_0 - 2 x_1 + x_2 + 2 tanh(2 x_3) + noise (sd 0.05), x uniform on [-3, 3]^5
    rng = np.random.default_rng(seed)
    X = rng.uniform(-3, 3, (n, 5))
    y = 3 * X[:, 0] - 2 * X[:, 1] + X[:, 2] + 2 * np.tanh(2 * X[:, 3])
    y += 0.05 * rng.normal(size=n)
    return train_test_split(X, y, test_size=0.5, random_state=0)


def test_the_direct_input_output_path_helps_a_linear_plus_nonlinear_target():
    # measured (2 tanh units, lbfgs, seeds 0-4): test MSE layered 0.527-0.537 (R^2 0.989), the
    # tanh units spent on the wide linear part; cascade 0.0028 on 4 seeds of 5 (the noise's
    # 0.0025; R^2 0.99994): the output sees x directly and one unit is left for tanh(2 x_3)
    X_train, X_test, y_train, y_test = _linear_plus_nonlinear()
    errors = {}
    for connectivity in ("layered", "cascade"):
        errors[connectivity] = []
        for seed in range(5):
            model = MLPRegressor(
                hidden_layer_sizes=(2,),
                activation="tanh",
                solver="lbfgs",
                max_iter=1000,
                connectivity=connectivity,
                random_state=seed,
            ).fit(X_train, y_train)
            errors[connectivity].append(np.mean((model.predict(X_test) - y_test) ** 2))
    layered, cascade = np.median(errors["layered"]), np.median(errors["cascade"])
    assert cascade < 0.01  # four times the noise variance at most
    assert cascade < 0.05 * layered


SOLVERS = ["adam", "sgd", "rprop", "quickprop", "lbfgs", "lm", "scg", "cg", "oss", "gdx", "gda"]


@pytest.mark.parametrize("solver", SOLVERS)
def test_every_solver_trains_a_cascade(solver):
    X_train, X_test, y_train, y_test = _linear_plus_nonlinear(n=300)
    params = dict(learning_rate_init=0.01) if solver in ("adam", "sgd") else {}
    model = MLPRegressor(
        hidden_layer_sizes=(4, 3),
        activation="tanh",
        solver=solver,
        max_iter=300,
        connectivity="cascade",
        lm_regularization="alpha",
        random_state=0,
        **params,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X_train, y_train)
    assert [W.shape for W in model.coefs_] == [(5, 4), (9, 3), (12, 1)]
    assert model.score(X_test, y_test) > 0.9


def test_bayesian_lm_classifier_and_sparse_input():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 4))
    labels = (X[:, 0] + X[:, 1] ** 2 > 1).astype(int)
    model = MLPClassifier(
        hidden_layer_sizes=(5, 3), solver="lm", connectivity="cascade", random_state=0
    ).fit(X, labels)
    assert model.score(X, labels) > 0.95
    sparse = MLPClassifier(
        hidden_layer_sizes=(5, 3), solver="lm", connectivity="cascade", random_state=0
    ).fit(sp.csr_matrix(X), labels)
    np.testing.assert_allclose(
        sparse.predict_proba(sp.csr_matrix(X)), model.predict_proba(X), rtol=1e-6, atol=1e-9
    )
    bayes = MLPRegressor(
        hidden_layer_sizes=(5,), solver="lm", alpha="bayes", connectivity="cascade", random_state=0
    ).fit(X, X[:, 0] + np.tanh(X[:, 1]))
    assert len(bayes.alpha_) > 0 and bayes.score(X, X[:, 0] + np.tanh(X[:, 1])) > 0.99


def test_warm_start_continues_and_a_changed_connectivity_is_refused():
    X_train, _, y_train, _ = _linear_plus_nonlinear(n=200)
    model = MLPRegressor(
        hidden_layer_sizes=(4, 3), solver="lbfgs", max_iter=20, connectivity="cascade"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.set_params(random_state=0).fit(X_train, y_train)
        first = model.loss_
        model.set_params(warm_start=True).fit(X_train, y_train)
    assert model.loss_ < first
    model.set_params(connectivity="layered")
    with pytest.raises(ValueError, match="same architecture"):
        model.fit(X_train, y_train)


@pytest.mark.parametrize("cls", [MLPClassifier, MLPRegressor])
def test_pickle_and_zoo_io_round_trips(cls, tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3)).astype(np.float32)
    y = (X[:, 0] > 0).astype(int) if cls is MLPClassifier else X[:, 0] + X[:, 1] ** 2
    model = cls(
        hidden_layer_sizes=(4, 3), solver="lbfgs", max_iter=50, connectivity="cascade"
    ).set_params(random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
    assert all(W.dtype == np.float32 for W in model.coefs_)
    expected = model.predict(X)
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(model)).predict(X), expected)
    zoo.io.save(model, tmp_path / "model.skops")
    loaded = zoo.io.load(tmp_path / "model.skops")
    np.testing.assert_array_equal(loaded.predict(X), expected)
    assert loaded.connectivity == "cascade"


def test_an_unknown_connectivity_is_refused():
    with pytest.raises(ValueError, match="connectivity"):
        MLPRegressor(connectivity="skip").fit(np.zeros((4, 2)), np.zeros(4))


@parametrize_with_checks(
    [
        MLPClassifier(
            hidden_layer_sizes=(8, 4),
            max_iter=100,
            learning_rate_init=0.01,
            connectivity="cascade",
            random_state=0,
        ),
        MLPRegressor(
            hidden_layer_sizes=(8, 4),
            max_iter=100,
            learning_rate_init=0.01,
            connectivity="cascade",
            random_state=0,
        ),
        MLPClassifier(connectivity="cascade", random_state=0),
    ]
)
def test_sklearn_check_estimator_with_cascade(estimator, check):
    check(estimator)
