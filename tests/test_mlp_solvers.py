"""MLP solvers, activations and dropout of issue 19: lm (Levenberg-Marquardt), alpha="bayes",
rprop, quickprop, the modern activations, (f, f_prime) pairs, dropout."""

import pickle
import warnings

import numpy as np
import pytest
from sklearn.datasets import make_friedman1
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import mean_squared_error
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from zoo.datasets import make_xor
from zoo.mlp import MLPClassifier, MLPRegressor

quiet = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _tanh(z):
    return np.tanh(z)


def _tanh_prime(z, a):
    return 1 - a**2


def _expected_failures(estimator):
    if estimator.dropout:
        reason = (
            "dropout draws one mask per sample: a repeated sample gets two masks, a weighted one "
            "one, so the fits differ by design"
        )
        return {
            "check_sample_weight_equivalence_on_dense_data": reason,
            "check_sample_weight_equivalence_on_sparse_data": reason,
        }
    return {}


@parametrize_with_checks(
    [
        MLPRegressor(hidden_layer_sizes=(5,), solver="lm", max_iter=30, random_state=0),
        MLPClassifier((5,), solver="lm", alpha="bayes", max_iter=30, random_state=0),
        MLPClassifier(
            (8,),
            activation="gelu",
            dropout=0.2,
            learning_rate_init=0.01,
            max_iter=100,
            random_state=0,
        ),
    ],
    expected_failed_checks=_expected_failures,
)
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_sklearn_contract(estimator, check):
    check(estimator)


@pytest.mark.slow
@parametrize_with_checks(
    [
        MLPClassifier((5,), solver="rprop", activation="elu", max_iter=30, random_state=0),
        MLPRegressor(hidden_layer_sizes=(5,), solver="quickprop", max_iter=30, random_state=0),
    ]
)
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_sklearn_contract_full_batch_solvers(estimator, check):
    check(estimator)


def _friedman(n=300, seed=0):
    X, y = make_friedman1(n_samples=n, noise=1.0, random_state=seed)
    y = (y - y.mean()) / y.std()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.5, random_state=seed)
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


# ----------------------------------------------------------------------------- LM


def test_lm_fits_a_smooth_curve_in_a_few_dozen_iterations():
    X = np.linspace(-2, 2, 80).reshape(-1, 1)
    y = np.sin(2 * X.ravel())
    lm = MLPRegressor(
        hidden_layer_sizes=(8,),
        activation="tanh",
        solver="lm",
        lm_regularization="alpha",
        alpha=0,
        random_state=0,
    ).fit(X, y)
    assert lm.n_iter_ < 60 and mean_squared_error(y, lm.predict(X)) < 1e-5
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        adam = MLPRegressor(
            hidden_layer_sizes=(8,),
            activation="tanh",
            alpha=0,
            learning_rate_init=0.01,
            max_iter=200,
            random_state=0,
        ).fit(X, y)
    assert mean_squared_error(y, adam.predict(X)) > 100 * mean_squared_error(y, lm.predict(X))


def test_lm_classifies_xor_on_the_log_loss_and_the_squared_error():
    X, y = make_xor()
    for loss in ["log_loss", "squared_error"]:
        clf = MLPClassifier((3,), activation="tanh", solver="lm", loss=loss, random_state=1)
        assert clf.fit(X, y).score(X, y) == 1.0, loss
        assert clf.loss_curve_[-1] < clf.loss_curve_[0]


def test_lm_multiclass_and_float32():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(150, 4)).astype(np.float32)
    y = np.argmax(X[:, :3], axis=1)
    clf = MLPClassifier((6,), solver="lm", random_state=0).fit(X, y)
    assert clf.score(X, y) > 0.95
    assert all(c.dtype == np.float32 for c in clf.coefs_ + clf.intercepts_)
    assert clf.predict_proba(X).dtype == np.float32


def test_lm_is_deterministic_and_pickles():
    X_train, X_test, y_train, _ = _friedman(120)
    kwargs = dict(hidden_layer_sizes=(6,), solver="lm", random_state=3)
    a = MLPRegressor(**kwargs).fit(X_train, y_train)
    b = MLPRegressor(**kwargs).fit(X_train, y_train)
    np.testing.assert_array_equal(a.predict(X_test), b.predict(X_test))
    np.testing.assert_array_equal(a.alpha_, b.alpha_)
    assert a.loss_curve_ == b.loss_curve_
    c = pickle.loads(pickle.dumps(a))
    np.testing.assert_array_equal(a.predict(X_test), c.predict(X_test))


@pytest.mark.parametrize("regularization", ["alpha", "bayes"])
def test_lm_sample_weight_is_repetition(regularization):
    X, y = make_friedman1(n_samples=60, noise=1.0, random_state=0)
    weight = np.ones(60)
    weight[:10] = 2.0
    kwargs = dict(hidden_layer_sizes=(3,), activation="tanh", solver="lm")
    kwargs.update(
        lm_regularization=regularization, alpha=0.1 if regularization == "alpha" else 1e-4
    )
    weighted = MLPRegressor(random_state=0, **kwargs).fit(X, y, sample_weight=weight)
    repeated = MLPRegressor(random_state=0, **kwargs).fit(np.vstack([X, X[:10]]), np.r_[y, y[:10]])
    np.testing.assert_allclose(weighted.predict(X), repeated.predict(X), rtol=1e-9, atol=1e-9)
    assert getattr(weighted, "alpha_", 0) == pytest.approx(getattr(repeated, "alpha_", 0))


@quiet
def test_default_lm_beats_adam_and_lbfgs_on_diabetes_and_friedman1():
    # issue 19's goal at test size: the same 10-unit tanh net, every solver at its defaults; lm
    # (Bayesian regularisation, one decay per layer) has the lowest test MSE, in fewer epochs
    from sklearn.datasets import load_diabetes

    diabetes = load_diabetes(return_X_y=True)
    friedman = make_friedman1(n_samples=500, noise=1.0, random_state=0)
    for X, y in [diabetes, friedman]:
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
        scaler = StandardScaler().fit(X_train)
        X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
        mean, std = y_train.mean(), y_train.std()
        y_train, y_test = (y_train - mean) / std, (y_test - mean) / std
        fits = {
            solver: MLPRegressor(
                hidden_layer_sizes=(10,), activation="tanh", solver=solver, random_state=0
            ).fit(X_train, y_train)
            for solver in ["lm", "adam", "lbfgs"]
        }
        mse = {solver: mean_squared_error(y_test, m.predict(X_test)) for solver, m in fits.items()}
        assert mse["lm"] < min(mse["adam"], mse["lbfgs"]), mse
        assert fits["lm"].n_iter_ < min(fits["adam"].n_iter_, fits["lbfgs"].n_iter_)
        # the unregularised Levenberg-Marquardt of MATLAB's trainlm overfits the same split
        fixed = MLPRegressor(
            hidden_layer_sizes=(10,), activation="tanh", solver="lm", lm_regularization="alpha"
        )
        fixed.set_params(random_state=0).fit(X_train, y_train)
        assert mean_squared_error(y_test, fixed.predict(X_test)) > mse["lm"]


@quiet
def test_lm_bayes_learns_one_decay_per_layer_and_warns_of_an_unused_alpha():
    X_train, _, y_train, _ = _friedman(150)
    lm = MLPRegressor(
        hidden_layer_sizes=(6, 4), activation="tanh", solver="lm", random_state=0
    ).fit(X_train, y_train)
    assert lm.alpha_.shape == (3,) and np.all(lm.alpha_ > 0)
    n_params = sum(c.size for c in lm.coefs_ + lm.intercepts_)
    assert sum(b.size for b in lm.intercepts_) < lm.gamma_ < n_params
    # alpha="bayes" is the same fit, asked for explicitly
    explicit = MLPRegressor(
        hidden_layer_sizes=(6, 4), activation="tanh", solver="lm", alpha="bayes", random_state=0
    )
    np.testing.assert_array_equal(explicit.fit(X_train, y_train).alpha_, lm.alpha_)
    # a tuned alpha would silently do nothing: say so, and how to use it
    with pytest.warns(UserWarning, match="alpha=0.5 is not used.*lm_regularization='alpha'"):
        MLPRegressor(hidden_layer_sizes=(3,), solver="lm", alpha=0.5, max_iter=3).fit(
            X_train, y_train
        )
    fixed = MLPRegressor(
        hidden_layer_sizes=(3,), solver="lm", alpha=0.5, lm_regularization="alpha", max_iter=3
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        assert not hasattr(fixed.fit(X_train, y_train), "alpha_")


def test_lm_memory_guard_is_a_clear_error():
    X = np.zeros((3000, 300))
    y = np.arange(3000) % 2
    with pytest.raises(ValueError, match="solver='lm'.*Use solver='lbfgs'"):
        MLPClassifier((100,), solver="lm").fit(X, y)


def test_lbfgs_convergence_warning_names_the_estimator_and_solver():
    # the full-batch solvers' table warns as the Monitor does: "<estimator> (solver=...): ..."
    X, y = make_xor()
    with pytest.warns(ConvergenceWarning, match=r"^MLPClassifier \(solver='lbfgs'\): lbfgs fail"):
        MLPClassifier((4,), solver="lbfgs", max_iter=2, random_state=0).fit(X, y)


# ----------------------------------------------------------------------------- Bayes


@quiet
def test_bayes_alpha_predicts_as_well_as_grid_search_at_a_fraction_of_the_fits():
    # Bayesian regularisation (lm's default; alpha="bayes" asks for it explicitly): 1 fit.
    # GridSearchCV over a fixed alpha: 6 alphas x 3 folds + the refit = 19 fits. Over three data
    # sets the evidence's decays are within 20% of the cross-validated alpha's test error.
    kwargs = dict(hidden_layer_sizes=(8,), activation="tanh", solver="lm", max_iter=60)
    fixed = dict(kwargs, lm_regularization="alpha")
    bayes_errors, grid_errors = [], []
    for seed in range(3):
        X_train, X_test, y_train, y_test = _friedman(300, seed)
        bayes = MLPRegressor(alpha="bayes", random_state=0, **kwargs).fit(X_train, y_train)
        grid = GridSearchCV(
            MLPRegressor(random_state=0, **fixed),
            {"alpha": np.logspace(-2, 1.5, 6)},
            cv=3,
            scoring="neg_mean_squared_error",
        ).fit(X_train, y_train)
        bayes_errors.append(mean_squared_error(y_test, bayes.predict(X_test)))
        grid_errors.append(mean_squared_error(y_test, grid.predict(X_test)))
        n_params = sum(c.size for c in bayes.coefs_ + bayes.intercepts_)
        assert sum(b.size for b in bayes.intercepts_) < bayes.gamma_ < n_params
        assert bayes.alpha_.shape == (2,) and np.all(bayes.alpha_ > 0)  # one decay per layer
    assert np.mean(bayes_errors) < 1.2 * np.mean(grid_errors), (bayes_errors, grid_errors)
    # and without any regularisation the same net overfits badly
    unregularised = MLPRegressor(alpha=0, random_state=0, **fixed).fit(X_train, y_train)
    assert mean_squared_error(y_test, unregularised.predict(X_test)) > 1.5 * bayes_errors[-1]


def test_bayes_needs_lm():
    X, y = make_xor()
    with pytest.raises(ValueError, match="alpha='bayes'.*solver='lm'"):
        MLPClassifier(solver="adam", alpha="bayes").fit(X, y)


# ----------------------------------------------------------------------------- rprop, quickprop


@pytest.mark.parametrize("solver", ["rprop", "quickprop"])
def test_full_batch_solvers_fit_friedman(solver):
    X_train, X_test, y_train, y_test = _friedman(400)
    kwargs = dict(learning_rate_init=0.1) if solver == "quickprop" else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = MLPRegressor(
            hidden_layer_sizes=(10,),
            activation="tanh",
            solver=solver,
            alpha=1.0,
            max_iter=300,
            random_state=0,
            **kwargs,
        ).fit(X_train, y_train)
    assert mean_squared_error(y_test, model.predict(X_test)) < 0.3  # variance of y is 1
    assert len(model.loss_curve_) == model.n_iter_  # one step per epoch, on the whole set
    assert all(np.diff(model.loss_curve_[-20:]) <= 1e-3)


def test_rprop_step_sizes_are_validated_and_used():
    X, y = make_xor()
    with pytest.raises(ValueError, match="rprop_step_sizes"):
        MLPClassifier(solver="rprop", rprop_step_sizes=(0.1, 1.0, 0.5)).fit(X, y)
    tiny = MLPClassifier(
        (4,), solver="rprop", rprop_step_sizes=(1e-4, 1e-6, 1e-4), max_iter=5, random_state=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        tiny.fit(X, y)
    coefs, _ = tiny._initial_parameters([2, 4, 1], np.float64, np.random.RandomState(0))
    # five epochs of steps of at most 1e-4 per weight, and every weight moved
    moved = np.abs(tiny.coefs_[0] - coefs[0])
    assert moved.max() <= 5e-4 + 1e-12 and moved.min() > 0


def test_partial_fit_is_for_minibatch_solvers_only():
    for solver in ["lm", "rprop", "quickprop"]:
        assert not hasattr(MLPClassifier(solver=solver), "partial_fit")


# ----------------------------------------------------------------------------- activations


@pytest.mark.parametrize("activation", ["leaky_relu", "elu", "softplus", "gelu", "swish"])
def test_every_new_activation_learns_xor(activation):
    X, y = make_xor()
    clf = MLPClassifier((6,), activation=activation, solver="lbfgs", random_state=1)
    assert clf.fit(X, y).score(X, y) == 1.0


def test_a_callable_pair_trains_exactly_like_the_named_activation():
    X, y = make_xor()
    named = MLPClassifier((4,), activation="tanh", solver="lbfgs", random_state=0).fit(X, y)
    pair = MLPClassifier((4,), activation=(_tanh, _tanh_prime), solver="lbfgs", random_state=0)
    pair.fit(X, y)
    assert pair.loss_curve_ == named.loss_curve_
    np.testing.assert_array_equal(pair.predict_proba(X), named.predict_proba(X))
    restored = pickle.loads(pickle.dumps(pair))  # module-level functions pickle
    np.testing.assert_array_equal(restored.predict_proba(X), named.predict_proba(X))


def test_activation_pairs_mix_with_names_per_layer():
    X, y = make_xor()
    clf = MLPClassifier(
        (5, 4), activation=[(np.sin, lambda z, a: np.cos(z)), "gelu"], solver="lm", random_state=0
    )
    assert clf.fit(X, y).score(X, y) == 1.0
    with pytest.raises(ValueError, match="valid hidden activations"):
        MLPClassifier((4,), activation=[(np.sin,)]).fit(X, y)


# ----------------------------------------------------------------------------- dropout


@quiet
def test_dropout_is_seeded_and_off_at_predict():
    X_train, X_test, y_train, _ = _friedman(200)
    kwargs = dict(hidden_layer_sizes=(20,), dropout=0.3, max_iter=20, learning_rate_init=0.01)
    a = MLPRegressor(random_state=0, **kwargs).fit(X_train, y_train)
    b = MLPRegressor(random_state=0, **kwargs).fit(X_train, y_train)
    c = MLPRegressor(random_state=1, **kwargs).fit(X_train, y_train)
    assert a.loss_curve_ == b.loss_curve_ != c.loss_curve_
    np.testing.assert_array_equal(a.predict(X_test), a.predict(X_test))  # no mask at predict
    plain = MLPRegressor(random_state=0, **{**kwargs, "dropout": 0.0}).fit(X_train, y_train)
    assert plain.loss_curve_ != a.loss_curve_


@quiet
def test_dropout_regularises_a_wide_net_on_few_samples():
    X_train, X_test, y_train, y_test = _friedman(120, seed=1)
    errors = {}
    for rate in [0.0, 0.5]:
        model = MLPRegressor(
            hidden_layer_sizes=(200,),
            dropout=rate,
            alpha=0,
            learning_rate_init=0.01,
            max_iter=300,
            random_state=0,
        ).fit(X_train, y_train)
        errors[rate] = mean_squared_error(y_test, model.predict(X_test))
    assert errors[0.5] < errors[0.0]


def test_dropout_rates_and_solvers_are_checked():
    X, y = make_xor()
    with pytest.raises(ValueError, match="one per hidden layer"):
        MLPClassifier((4, 4), dropout=[0.5]).fit(X, y)
    with pytest.raises(ValueError, match="dropout needs a minibatch solver"):
        MLPClassifier((4,), dropout=0.5, solver="lbfgs").fit(X, y)


# ----------------------------------------------------------------------------- other families


@quiet
@pytest.mark.parametrize("solver", ["lm", "rprop"])
def test_dbn_fine_tuning_takes_the_new_solvers(solver):
    # DBNClassifier passes solver and alpha through to the MLP it fine-tunes
    from sklearn.datasets import load_digits

    from zoo.boltzmann import DBNClassifier

    X, y = load_digits(return_X_y=True)
    X, y = X[y < 3] / 16, y[y < 3]
    dbn = DBNClassifier(
        hidden_layer_sizes=(6,), rbm_n_iter=2, solver=solver, max_iter=30, random_state=0
    ).fit(X[:200], y[:200])
    assert dbn.score(X[200:400], y[200:400]) > 0.9
