"""Extreme learning machines (zoo.elm): the obvious use, Huang's results, the closed forms against
direct computation, partial_fit against fit, the kernel ELM against kernel ridge regression, and
errors on bad input."""

import warnings

import numpy as np
import pytest
from scipy.special import expit
from sklearn.datasets import load_diabetes, load_digits
from sklearn.kernel_ridge import KernelRidge
from sklearn.linear_model import BayesianRidge, Ridge
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from zoo import ELMClassifier, ELMRegressor
from zoo._core.ridge import RidgeAccumulator


def _sinc(n, rng, noise=0.0):
    X = rng.uniform(-10, 10, (n, 1))
    return X, np.sinc(X[:, 0] / np.pi) + rng.uniform(-noise, noise, n)


# ---------------------------------------------------------------- the obvious use and the papers
def test_digits_in_a_pipeline():
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    model = make_pipeline(
        StandardScaler(),
        ELMClassifier(n_hidden=1000, input_scaling=0.3, alpha="bayes", random_state=0),
    ).fit(X_train, y_train)
    assert model.score(X_test, y_test) > 0.97  # measured 0.982


def test_sinc_regression_as_huang_2006():
    # Huang, Zhu & Siew (2006), Table 1: 5000 noisy training samples (uniform noise in [-0.2,
    # 0.2]), 20 sigmoid hidden units, Moore-Penrose output weights: test RMSE 0.0097 against the
    # noise-free sinc. alpha=1e-6 is that solution here; the default 1e-4 costs a little.
    rng = np.random.RandomState(0)
    X, y = _sinc(5000, rng, noise=0.2)
    X_test, y_test = _sinc(5000, rng)

    def rmse(**params):
        errors = [
            ELMRegressor(n_hidden=20, random_state=seed, **params).fit(X, y).predict(X_test)
            - y_test
            for seed in range(10)
        ]
        return np.mean([np.sqrt(np.mean(e**2)) for e in errors])

    assert rmse(alpha=1e-6) < 0.0097  # measured 0.0082 over ten draws of the hidden layer
    assert rmse() < 0.016  # measured 0.0131


def test_diabetes_regression():
    X, y = load_diabetes(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    model = make_pipeline(
        StandardScaler(),
        ELMRegressor(n_hidden=200, alpha="bayes", input_scaling=0.3, random_state=0),
    ).fit(X_train, y_train)
    assert model.score(X_test, y_test) > 0.3  # measured R^2 0.36; a linear ridge scores 0.36


# ---------------------------------------------------------------- the closed forms
def test_output_layer_is_ridge_on_the_hidden_layer():
    rng = np.random.RandomState(1)
    X, y = rng.randn(300, 4), rng.randn(300, 2)
    w = rng.uniform(0, 3, 300)
    elm = ELMRegressor(n_hidden=30, alpha=0.5, random_state=0).fit(X, y, sample_weight=w)
    H = expit(X @ elm.input_weights_ + elm.hidden_bias_)
    ridge = Ridge(alpha=0.5).fit(H, y, sample_weight=w)
    np.testing.assert_allclose(elm.output_weights_, ridge.coef_.T, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(elm.output_intercept_, ridge.intercept_, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(elm.predict(X), ridge.predict(H), rtol=1e-8, atol=1e-10)


def test_hidden_layer_is_drawn_as_huang():
    elm = ELMRegressor(n_hidden=2000, input_scaling=0.5, random_state=0).fit(
        np.ones((3, 2)), [1, 2, 3]
    )
    drawn = np.concatenate([elm.input_weights_.ravel(), elm.hidden_bias_])
    assert drawn.min() >= -0.5 and drawn.max() <= 0.5
    assert abs(drawn.std() - 0.5 / np.sqrt(3)) < 0.01  # uniform in [-s, s]
    normal = ELMRegressor(
        n_hidden=2000, weight_distribution="normal", input_scaling=0.5, random_state=0
    )
    assert abs(normal.fit(np.ones((3, 2)), [1, 2, 3]).input_weights_.std() - 0.5) < 0.02


def test_evidence_is_a_fixed_point_of_mackays_update():
    rng = np.random.RandomState(2)
    X = rng.randn(400, 3)
    y = np.sin(X).sum(axis=1) + 0.1 * rng.randn(400)
    w = rng.uniform(0.5, 2, 400)
    elm = ELMRegressor(n_hidden=40, alpha="bayes", random_state=0).fit(X, y, sample_weight=w)
    H = expit(X @ elm.input_weights_ + elm.hidden_bias_)
    N = w.sum()
    Hc = H - w @ H / N
    eigenvalues = np.linalg.eigvalsh(Hc.T @ (w[:, None] * Hc))
    gamma = np.sum(eigenvalues / (eigenvalues + elm.alpha_))
    sse = w @ (y - elm.predict(X)) ** 2
    beta = elm.output_weights_.ravel()
    # alpha = gamma / ||beta||^2 * sum s e^2 / (N - gamma - 1)
    np.testing.assert_allclose(elm.alpha_, gamma / (beta @ beta) * sse / (N - gamma - 1), rtol=1e-5)
    np.testing.assert_allclose(elm.effective_parameters_, gamma + 1, rtol=1e-8)
    # scikit-learn's BayesianRidge (no hyper-priors) counts N - gamma where the flat prior on the
    # intercept gives N - gamma - 1: the same penalty to about 1/N
    br = BayesianRidge(alpha_1=0, alpha_2=0, lambda_1=0, lambda_2=0, tol=1e-10, max_iter=1000)
    br.fit(H, y, sample_weight=w)
    np.testing.assert_allclose(elm.alpha_, br.lambda_ / br.alpha_, rtol=0.02)


@pytest.mark.parametrize("alpha", [1e-2, 1.0])
def test_kernel_elm_is_kernel_ridge_regression(alpha):
    rng = np.random.RandomState(3)
    X, y = rng.randn(200, 3), rng.randn(200, 2)
    w = rng.uniform(0, 2, 200)
    w[::5] = 0
    elm = ELMRegressor(kernel="rbf", gamma=0.3, alpha=alpha).fit(X, y, sample_weight=w)
    kr = KernelRidge(alpha=alpha, kernel="rbf", gamma=0.3).fit(X, y, sample_weight=w)
    X_test = rng.randn(50, 3)
    np.testing.assert_allclose(elm.predict(X_test), kr.predict(X_test), rtol=1e-7, atol=1e-9)
    assert elm.X_fit_.shape[0] == 160  # the rows of weight 0 are not kept


def test_kernel_elm_classifier_and_default_gamma():
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X / 16, y, random_state=0)
    clf = ELMClassifier(kernel="rbf", alpha=1e-3).fit(X_train, y_train)
    assert clf._gamma == 1 / 64
    assert clf.score(X_test, y_test) > 0.97  # measured 0.984


# ---------------------------------------------------------------- partial_fit and weights
@pytest.mark.parametrize("alpha", [1e-3, "bayes"])
def test_partial_fit_solves_the_batch_system(alpha):
    rng = np.random.RandomState(4)
    X, y = rng.randn(600, 5), rng.randn(600)
    w = rng.uniform(0, 2, 600)
    batch = ELMRegressor(n_hidden=50, alpha=alpha, random_state=0).fit(X, y, sample_weight=w)
    online = ELMRegressor(n_hidden=50, alpha=alpha, random_state=0)
    for part in np.array_split(np.arange(600), 7):
        online.partial_fit(X[part], y[part], sample_weight=w[part])
    np.testing.assert_allclose(online.output_weights_, batch.output_weights_, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(online.predict(X), batch.predict(X), rtol=1e-9, atol=1e-11)


def test_classifier_partial_fit_solves_the_batch_system():
    X, y = load_digits(return_X_y=True)
    X = X / 16
    batch = ELMClassifier(n_hidden=200, random_state=0).fit(X, y)
    online = ELMClassifier(n_hidden=200, random_state=0)
    for part in np.array_split(np.arange(len(X)), 4):
        online.partial_fit(X[part], y[part], classes=np.arange(10))
    np.testing.assert_allclose(online.decision_function(X), batch.decision_function(X), atol=1e-9)
    np.testing.assert_array_equal(online.predict(X), batch.predict(X))


@pytest.mark.parametrize("params", [dict(alpha="bayes"), dict(kernel="rbf", alpha=0.1)])
def test_integer_weights_are_repetitions(params):
    rng = np.random.RandomState(5)
    X, y = rng.randn(200, 3), rng.randn(200)
    w = rng.randint(0, 3, 200)
    weighted = ELMRegressor(n_hidden=20, random_state=0, **params).fit(X, y, sample_weight=w)
    repeated = ELMRegressor(n_hidden=20, random_state=0, **params).fit(
        np.repeat(X, w, axis=0), np.repeat(y, w)
    )
    np.testing.assert_allclose(weighted.predict(X), repeated.predict(X), rtol=1e-8, atol=1e-10)


def test_float32_stays_float32():
    rng = np.random.RandomState(6)
    X, y = rng.randn(100, 3).astype(np.float32), rng.randint(3, size=100)
    for params in (dict(), dict(alpha="bayes"), dict(kernel="rbf")):
        clf = ELMClassifier(random_state=0, **params).fit(X, y)
        assert clf.predict_proba(X).dtype == np.float32
        assert clf.decision_function(X).dtype == np.float32
        reg = ELMRegressor(random_state=0, **params).fit(X, y.astype(np.float32))
        assert reg.predict(X).dtype == np.float32
        # float64 data on a float32 model: scored in the model's float32, as fitted
        assert reg.predict(X.astype(np.float64)).dtype == np.float32
    single = ELMClassifier(random_state=0).fit(X, y)
    double = ELMClassifier(random_state=0).fit(X.astype(np.float64), y)
    for name in ("input_weights_", "hidden_bias_", "output_weights_", "output_intercept_"):
        assert getattr(single, name).dtype == np.float32
        assert getattr(double, name).dtype == np.float64


def _digits_split():
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


_DIGITS_ELM = dict(n_hidden=1000, activation="tanh", alpha=1.0, input_scaling=0.125, random_state=0)


def test_float32_products_score_as_float64_on_digits():
    X_train, X_test, y_train, y_test = _digits_split()
    double = ELMClassifier(**_DIGITS_ELM).fit(X_train, y_train)
    single = ELMClassifier(**_DIGITS_ELM).fit(X_train.astype(np.float32), y_train)
    assert single._normal_equations.float32_error > 0  # H^T H was taken in float32
    X_single = X_test.astype(np.float32)
    # the scores (+-1 class codes) move by 1e-3 at most (measured), the classes not at all
    np.testing.assert_allclose(
        single.decision_function(X_single), double.decision_function(X_test), atol=1e-2
    )
    assert np.mean(single.predict(X_single) == double.predict(X_test)) >= 0.99
    assert abs(single.score(X_single, y_test) - double.score(X_test, y_test)) <= 0.005


def test_float32_partial_fit_solves_the_float32_fit():
    X_train, X_test, y_train, _ = _digits_split()
    X_train, X_test = X_train.astype(np.float32), X_test.astype(np.float32)
    batch = ELMClassifier(**_DIGITS_ELM).fit(X_train, y_train)
    online = ELMClassifier(**_DIGITS_ELM)
    for part in np.array_split(np.arange(len(X_train)), 4):
        online.partial_fit(X_train[part], y_train[part], classes=np.arange(10))
    assert online.output_weights_.dtype == np.float32
    assert online._normal_equations.float32_error > 0
    # other blocks, other roundings: the same system to float32's rounding (1e-3 measured)
    np.testing.assert_allclose(
        online.decision_function(X_test), batch.decision_function(X_test), atol=1e-2
    )
    np.testing.assert_array_equal(online.predict(X_test), batch.predict(X_test))


def test_float32_products_only_where_the_penalty_covers_their_rounding():
    # Huang's sinc at the default alpha 1e-4 with 200 collinear logistic units: the penalised
    # system's condition number is beyond float32's. Taken in float32 anyway, the products gave
    # a test RMSE of 0.196 for float64's 0.0088; the float32 fit must take them in float64.
    rng = np.random.RandomState(0)
    X, y = _sinc(5000, rng, noise=0.2)
    X_test, y_test = _sinc(1000, rng)

    def rmse(model, X_test):
        return np.sqrt(np.mean((model.predict(X_test) - y_test) ** 2))

    double = ELMRegressor(n_hidden=200, random_state=0).fit(X, y)
    single = ELMRegressor(n_hidden=200, random_state=0).fit(X.astype(np.float32), y)
    assert single._normal_equations.float32_error == 0  # float64 products
    np.testing.assert_allclose(
        rmse(single, X_test.astype(np.float32)), rmse(double, X_test), rtol=1e-3
    )
    # a penalty large enough takes the float32 products
    single.set_params(alpha=1.0).fit(X.astype(np.float32), y)
    assert single._normal_equations.float32_error > 0


def test_float32_products_do_not_overflow_on_large_targets():
    # targets whose squares leave float32's range: their products are taken in float64
    rng = np.random.RandomState(10)
    X = rng.randn(100, 3).astype(np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = ELMRegressor(alpha=1.0, random_state=0).fit(X, rng.randn(100) * 1e37)
        assert np.isfinite(model.predict(X)).all()
    assert model._normal_equations.float32_error == 0


def test_float32_rounding_estimate_bounds_the_products_error():
    # zoo._core.ridge's estimate of ||E||_2 against the float32 products' actual error, on
    # non-centred rows (logistic units: the largest partial sums); measured 0.06-0.09 of it
    rng = np.random.RandomState(9)
    Z = expit(rng.randn(3000, 300) * 3.0).astype(np.float32)
    Y, w = rng.randn(3000, 2), rng.uniform(0, 2, 3000)
    single = RidgeAccumulator(300, 2, float32_tolerance=np.inf)
    double = RidgeAccumulator(300, 2)  # tolerance 0: float64 products, the echo state readout's
    for part, weights in zip(np.array_split(np.arange(3000), 2), (None, w)):
        single.add(Z[part], Y[part], None if weights is None else weights[part])
        double.add(Z[part], Y[part], None if weights is None else weights[part])
    error = np.linalg.norm(single.gram - double.gram, 2)
    assert 0 < error <= single.float32_error
    np.testing.assert_allclose(single.gram[-1], double.gram[-1], rtol=1e-5)  # s^T Z, sum s
    np.testing.assert_array_equal(single.target_squares, double.target_squares)
    # Z^T Y: 1e-6 of its largest entry (measured)
    np.testing.assert_allclose(single.cross, double.cross, atol=1e-4 * np.abs(double.cross).max())
    # float32 rows with no tolerance are summed as their float64 values, bit for bit
    rows, values = RidgeAccumulator(300, 2), RidgeAccumulator(300, 2)
    rows.add(Z, Y)
    values.add(Z.astype(np.float64), Y)
    np.testing.assert_array_equal(rows.gram, values.gram)
    np.testing.assert_array_equal(rows.cross, values.cross)


@pytest.mark.parametrize("activation", ["tanh", "relu", "heaviside", "gaussian", "identity"])
def test_every_activation_of_the_table_fits(activation):
    rng = np.random.RandomState(7)
    X, y = _sinc(2000, rng)
    elm = ELMRegressor(n_hidden=100, activation=activation, input_scaling=0.3, random_state=0)
    score = elm.fit(X, y).score(X, y)
    assert score > (0.0 if activation == "identity" else 0.9)


# ---------------------------------------------------------------- errors
def test_errors_name_the_problem():
    X, y = np.random.RandomState(8).randn(20, 3), np.arange(20) % 2
    with pytest.raises(ValueError, match="partial_fit needs the random hidden layer"):
        ELMClassifier(kernel="rbf").partial_fit(X, y, classes=[0, 1])
    with pytest.raises(ValueError, match="alpha='bayes'"):
        ELMRegressor(kernel="rbf", alpha="bayes").fit(X, y)
    clf = ELMClassifier(random_state=0).partial_fit(X, y, classes=[0, 1])
    with pytest.raises(ValueError, match="not in classes_"):
        clf.partial_fit(X, y + 1)
    with pytest.raises(ValueError, match="features"):
        clf.partial_fit(X[:, :2], y)
    reg = ELMRegressor(random_state=0).partial_fit(X, y)
    with pytest.raises(ValueError, match="same number of outputs"):
        reg.partial_fit(X, np.c_[y, y])
    with pytest.raises(ValueError, match="Negative"):
        ELMRegressor().fit(X, y, sample_weight=-np.ones(20))
    with pytest.raises(ValueError):
        ELMRegressor().fit(X, y, sample_weight=np.zeros(20))
