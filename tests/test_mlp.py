"""The back-propagation family: Perceptron, MLPClassifier, MLPRegressor."""

import inspect
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.datasets import load_digits, make_blobs, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.neural_network import MLPClassifier as SkMLPClassifier
from sklearn.neural_network import MLPRegressor as SkMLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from zoo.datasets import make_xor
from zoo.mlp import MLPClassifier, MLPRegressor, Perceptron

quiet = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


# ----------------------------------------------------------------------------- drop-in superset


@pytest.mark.parametrize(
    "ours, theirs", [(MLPClassifier, SkMLPClassifier), (MLPRegressor, SkMLPRegressor)]
)
def test_every_sklearn_parameter_with_the_same_default(ours, theirs):
    our_params = inspect.signature(ours).parameters
    for name, parameter in inspect.signature(theirs).parameters.items():
        assert name in our_params, name
        assert our_params[name].default == parameter.default, name


@quiet
@pytest.mark.parametrize(
    "ours, theirs", [(MLPClassifier, SkMLPClassifier), (MLPRegressor, SkMLPRegressor)]
)
def test_every_sklearn_fitted_attribute(ours, theirs):
    X, y = make_classification(n_samples=60, n_features=5, random_state=0)
    kwargs = dict(hidden_layer_sizes=(5,), max_iter=5, random_state=0)
    reference = theirs(**kwargs).fit(X, y)
    model = ours(**kwargs).fit(X, y)
    for attribute in vars(reference):
        if attribute.endswith("_") and not attribute.startswith("_"):
            assert hasattr(model, attribute), attribute
    assert (
        model.n_layers_ == reference.n_layers_
        and model.out_activation_ == reference.out_activation_
    )


def test_same_training_trajectory_as_sklearn_without_shuffling():
    # Same init draws, same gradients, same optimizer: the loss curves coincide.
    X, y = load_digits(return_X_y=True)
    kwargs = dict(hidden_layer_sizes=(20,), max_iter=3, shuffle=False, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours = MLPClassifier(**kwargs).fit(X / 16, y)
        theirs = SkMLPClassifier(**kwargs).fit(X / 16, y)
    np.testing.assert_allclose(ours.loss_curve_, theirs.loss_curve_, rtol=1e-10)


# ----------------------------------------------------------------------------- obvious use cases


def test_two_separated_blobs_are_classified_perfectly():
    X, y = make_blobs(n_samples=100, centers=[[-5, -5], [5, 5]], random_state=0)
    assert MLPClassifier(random_state=0).fit(X, y).score(X, y) == 1.0


@pytest.mark.parametrize("solver", ["lbfgs", "adam", "sgd"])
def test_xor_is_solved(solver):
    X, y = make_xor()
    kwargs = dict(hidden_layer_sizes=(8,), activation="tanh", random_state=0, solver=solver)
    if solver != "lbfgs":
        kwargs.update(learning_rate_init=0.05, max_iter=2000, tol=0, n_iter_no_change=2000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = MLPClassifier(**kwargs).fit(X, y)
    assert model.score(X, y) == 1.0


@quiet
def test_xor_is_solved_by_simulated_annealing():
    X, y = make_xor()
    model = MLPClassifier(
        hidden_layer_sizes=(8,),
        activation="tanh",
        solver="anneal",
        learning_rate_init=0.1,
        max_iter=5000,
        n_iter_no_change=5000,
        random_state=0,
    ).fit(X, y)
    assert model.score(X, y) == 1.0
    assert model.loss_ < 0.05


def test_xor_is_solved_with_the_classical_squared_error_and_sigmoid_units():
    X, y = make_xor()
    model = MLPClassifier(
        hidden_layer_sizes=(4,),
        activation="sigmoid",
        loss="squared_error",
        solver="lbfgs",
        random_state=3,
    ).fit(X, y)
    assert model.score(X, y) == 1.0


def test_digits_cross_validation_accuracy_at_least_097():
    X, y = load_digits(return_X_y=True)
    pipe = make_pipeline(StandardScaler(), MLPClassifier(random_state=0))
    # shuffled stratified folds, as ANCHORS.md's figures (load_digits is ordered by writer)
    scores = cross_val_score(pipe, X, y, cv=StratifiedKFold(5, shuffle=True, random_state=0))
    assert scores.mean() >= 0.97, scores


def test_regressor_fits_a_smooth_function():
    X = np.linspace(-2, 2, 200).reshape(-1, 1)
    y = np.sin(2 * X).ravel()
    model = MLPRegressor(
        hidden_layer_sizes=(20,), activation="tanh", solver="lbfgs", random_state=0
    ).fit(X, y)
    assert model.score(X, y) > 0.999


def test_poisson_regression_predicts_positive_counts():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (400, 2))
    y = rng.poisson(np.exp(1 + X[:, 0] - X[:, 1]))
    model = MLPRegressor(
        loss="poisson", hidden_layer_sizes=(8,), solver="lbfgs", random_state=0
    ).fit(X, y)
    assert model.out_activation_ == "exp"
    assert (model.predict(X) > 0).all() and model.score(X, y) > 0.5
    with pytest.raises(ValueError, match="non-negative"):
        MLPRegressor(loss="poisson").fit(X, -y - 1.0)


# ----------------------------------------------------------------------------- early stopping


class _SpyMLP(MLPClassifier):
    """Records the validation split so the test can score the restored weights on it."""

    def _split_validation(self, X, Y, sample_weight):
        parts = super()._split_validation(X, Y, sample_weight)
        self.spied_validation_ = parts[1], parts[3]
        return parts


@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_early_stopping_stops_early_and_restores_the_best_weights(solver):
    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    model = _SpyMLP(
        hidden_layer_sizes=(30,),
        early_stopping=True,
        solver=solver,
        n_iter_no_change=5,
        max_iter=500,
        random_state=0,
    ).fit(X, y)
    assert model.n_iter_ < 500
    assert model.best_validation_score_ == max(model.validation_scores_)
    assert len(model.validation_loss_curve_) == len(model.validation_scores_) == model.n_iter_
    X_val, Y_val = model.spied_validation_
    y_val = model.classes_[Y_val.argmax(axis=1)]
    assert model.score(X_val, y_val) == pytest.approx(model.best_validation_score_)
    # the last epochs were worse than the best: the restored weights are not the last ones
    assert model.validation_scores_[-1] <= model.best_validation_score_


def test_grid_search_over_alpha_in_a_pipeline():
    X, y = load_digits(return_X_y=True)
    pipe = make_pipeline(
        StandardScaler(), MLPClassifier(hidden_layer_sizes=(20,), max_iter=100, random_state=0)
    )
    grid = GridSearchCV(pipe, {"mlpclassifier__alpha": [1e-4, 1.0, 100.0]}, cv=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        grid.fit(X[:600], y[:600])
    assert grid.best_params_["mlpclassifier__alpha"] in (1e-4, 1.0)
    scores = grid.cv_results_["mean_test_score"]
    assert scores[2] < scores[0] - 0.05  # alpha=100 over-regularises


def test_alpha_shrinks_the_weights():
    X, y = load_digits(return_X_y=True)
    norms = []
    for alpha in (1e-5, 10.0):
        model = MLPClassifier(
            hidden_layer_sizes=(20,), solver="lbfgs", alpha=alpha, max_iter=100, random_state=0
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(X[:300] / 16, y[:300])
        norms.append(sum(float((W**2).sum()) for W in model.coefs_))
    assert norms[1] < 0.5 * norms[0]


# ----------------------------------------------------------------------------- incremental


def test_partial_fit_learns_over_calls_and_needs_classes_first():
    X, y = load_digits(return_X_y=True)
    X = X / 16
    model = MLPClassifier(hidden_layer_sizes=(30,), random_state=0, learning_rate_init=0.01)
    with pytest.raises(ValueError, match="classes"):
        model.partial_fit(X[:100], y[:100])
    model.partial_fit(X[:500], y[:500], classes=np.arange(10))
    first = model.score(X[500:], y[500:])
    for _ in range(10):
        model.partial_fit(X[:500], y[:500])
    assert model.score(X[500:], y[500:]) > first + 0.1
    assert len(model.loss_curve_) == 11


@quiet
def test_warm_start_continues_from_the_current_weights():
    X, y = load_digits(return_X_y=True)
    model = MLPClassifier(hidden_layer_sizes=(10,), max_iter=5, warm_start=True, random_state=0)
    model.fit(X / 16, y)
    first_curve = list(model.loss_curve_)
    model.fit(X / 16, y)
    assert len(model.loss_curve_) == 10
    assert model.loss_curve_[:5] == first_curve
    assert model.loss_curve_[5] < first_curve[-1] + 0.05


def test_partial_fit_is_unavailable_for_lbfgs_and_rejects_early_stopping():
    assert not hasattr(MLPClassifier(solver="lbfgs"), "partial_fit")
    with pytest.raises(ValueError, match="early_stopping"):
        MLPRegressor(early_stopping=True).partial_fit(np.ones((4, 2)), np.ones(4))


# ----------------------------------------------------------------------------- data handling


def test_zero_sample_weight_equals_dropping_the_samples():
    X, y = make_classification(n_samples=80, n_features=6, random_state=0)
    weights = np.ones(80)
    weights[::4] = 0.0
    kwargs = dict(hidden_layer_sizes=(6,), solver="lbfgs", random_state=0, max_iter=50)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        weighted = MLPClassifier(**kwargs).fit(X, y, sample_weight=weights)
        dropped = MLPClassifier(**kwargs).fit(X[weights > 0], y[weights > 0])
    np.testing.assert_allclose(weighted.predict_proba(X), dropped.predict_proba(X), atol=1e-8)


def test_zero_weight_minibatches_are_skipped_as_if_absent():
    """Online Adam, no shuffling: a minibatch of zero-weight samples is no step, so the weights
    equal those trained without the samples (scikit-learn divides by the zero weight sum)."""
    X, y = make_classification(n_samples=40, n_features=5, random_state=1)
    weights = np.ones(40)
    weights[::3] = 0.0
    kwargs = dict(hidden_layer_sizes=(5,), batch_size=1, shuffle=False, max_iter=4, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        weighted = MLPClassifier(**kwargs).fit(X, y, sample_weight=weights)
        dropped = MLPClassifier(**kwargs).fit(X[weights > 0], y[weights > 0])
    for ours, reference in zip(weighted.coefs_, dropped.coefs_):
        np.testing.assert_allclose(ours, reference, rtol=1e-12)
    np.testing.assert_allclose(weighted.loss_curve_, dropped.loss_curve_, rtol=1e-12)


def test_class_weight_balanced_helps_the_minority_class():
    X, y = make_classification(
        n_samples=600, n_features=5, weights=[0.95], class_sep=0.5, random_state=0
    )
    recall = []
    for class_weight in (None, "balanced"):
        model = MLPClassifier(
            hidden_layer_sizes=(10,),
            solver="lbfgs",
            class_weight=class_weight,
            random_state=0,
            max_iter=300,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(X, y)
        recall.append(((model.predict(X) == 1) & (y == 1)).sum() / (y == 1).sum())
    assert recall[1] > recall[0]


def test_class_weight_dict_equals_sample_weight():
    X, y = make_classification(n_samples=60, n_features=4, random_state=1)
    kwargs = dict(hidden_layer_sizes=(4,), solver="lbfgs", random_state=0, max_iter=30)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        a = MLPClassifier(class_weight={0: 1.0, 1: 3.0}, **kwargs).fit(X, y)
        b = MLPClassifier(**kwargs).fit(X, y, sample_weight=np.where(y == 1, 3.0, 1.0))
    np.testing.assert_allclose(a.predict_proba(X), b.predict_proba(X))


@quiet
def test_sparse_input_gives_the_dense_model():
    X, y = make_classification(n_samples=60, n_features=8, random_state=0)
    X[np.abs(X) < 0.7] = 0.0
    kwargs = dict(hidden_layer_sizes=(5,), solver="lbfgs", random_state=0, max_iter=30)
    dense = MLPClassifier(**kwargs).fit(X, y)
    sparse = MLPClassifier(**kwargs).fit(sp.csr_matrix(X), y)
    np.testing.assert_allclose(
        dense.predict_proba(X), sparse.predict_proba(sp.csr_matrix(X)), atol=1e-10
    )


@quiet
def test_pandas_input_records_feature_names():
    pd = pytest.importorskip("pandas")
    X, y = make_classification(
        n_samples=40, n_features=3, n_informative=2, n_redundant=0, random_state=0
    )
    frame = pd.DataFrame(X, columns=["a", "b", "c"])
    model = MLPClassifier(hidden_layer_sizes=(4,), max_iter=5, random_state=0).fit(frame, y)
    assert list(model.feature_names_in_) == ["a", "b", "c"]


def test_multilabel_targets():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (300, 2))
    Y = np.column_stack([X[:, 0] > 0, X[:, 1] > 0, X.sum(axis=1) > 0]).astype(int)
    model = MLPClassifier(hidden_layer_sizes=(10,), solver="lbfgs", random_state=0).fit(X, Y)
    assert model.predict(X).shape == (300, 3)
    assert (model.predict(X) == Y).mean() > 0.97
    assert model.out_activation_ == "logistic"


# ----------------------------------------------------------------------------- zoo's additions


def test_one_activation_per_hidden_layer():
    X, y = make_xor()
    model = MLPClassifier(
        hidden_layer_sizes=(6, 4), activation=["tanh", "sigmoid"], solver="lbfgs", random_state=0
    ).fit(X, y)
    assert model.score(X, y) == 1.0
    with pytest.raises(ValueError, match="one activation per hidden layer"):
        MLPClassifier(hidden_layer_sizes=(6, 4), activation=["tanh"]).fit(X, y)
    with pytest.raises(ValueError, match="valid hidden activations"):
        MLPClassifier(hidden_layer_sizes=(6,), activation=["mish"]).fit(X, y)


def test_n_init_keeps_the_best_of_several_starts():
    # Two tanh units on XOR often settle in a local minimum; restarts find the solution.
    X, y = make_xor()
    single, multi = [], []
    for seed in range(6):
        kwargs = dict(hidden_layer_sizes=(2,), activation="tanh", solver="lbfgs", random_state=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            one = MLPClassifier(**kwargs).fit(X, y)
            many = MLPClassifier(n_init=8, **kwargs).fit(X, y)
        assert many.loss_ <= one.loss_ + 1e-12  # the first start is the single run's start
        single.append(one.score(X, y))
        multi.append(many.score(X, y))
    assert min(multi) == 1.0
    assert sum(multi) >= sum(single)


def test_verbose_prints_epoch_lines(capsys):
    X, y = make_xor()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        MLPClassifier(hidden_layer_sizes=(3,), max_iter=3, verbose=True, random_state=0).fit(X, y)
    lines = [l for l in capsys.readouterr().out.splitlines() if l.startswith("Iteration")]
    assert len(lines) == 3


# ----------------------------------------------------------------------------- perceptron


def test_perceptron_partial_fit_names_a_label_outside_classes():
    X = np.random.RandomState(0).rand(12, 3)
    with pytest.raises(ValueError, match=r"y has classes \[2\] not in classes_ \[0, 1\]"):
        Perceptron().partial_fit(X, np.arange(12) % 3, classes=[0, 1])


def test_perceptron_reaches_zero_errors_on_separable_data():
    X, y = make_blobs(n_samples=200, centers=[[-2, -2], [2, 2]], cluster_std=0.8, random_state=0)
    model = Perceptron(random_state=0).fit(X, y)
    assert model.score(X, y) == 1.0
    assert model.loss_curve_[-1] == 0.0 and model.n_iter_ < model.max_iter


def test_perceptron_multiclass_on_separable_blobs():
    X, y = make_blobs(
        n_samples=300, centers=[[-6, 0], [6, 0], [0, 8]], cluster_std=1.0, random_state=0
    )
    model = Perceptron(random_state=0).fit(X, y)
    assert model.coef_.shape == (3, 2) and model.score(X, y) == 1.0


def test_perceptron_cannot_learn_xor_but_the_mlp_can():
    X, y = make_xor()
    for seed in range(5):
        for pocket in (False, True):
            assert Perceptron(random_state=seed, pocket=pocket).fit(X, y).score(X, y) <= 0.75
    assert (
        MLPClassifier(hidden_layer_sizes=(4,), activation="tanh", solver="lbfgs", random_state=1)
        .fit(X, y)
        .score(X, y)
        == 1.0
    )


def test_pocket_keeps_the_best_weights_on_noisy_data():
    X, y = make_classification(
        n_samples=300, n_features=4, flip_y=0.15, class_sep=1.0, random_state=0
    )
    plain = Perceptron(random_state=0, max_iter=30, n_iter_no_change=30)
    pocket = Perceptron(random_state=0, max_iter=30, n_iter_no_change=30, pocket=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        plain.fit(X, y)
        pocket.fit(X, y)
    assert pocket.score(X, y) >= plain.score(X, y)
    # the pocket's weights are those of the epoch with the fewest training errors
    fewest_errors = -max(pocket._histories[0].validation_scores)
    assert pocket.score(X, y) == pytest.approx(1.0 - fewest_errors)


def test_perceptron_rule_is_the_textbook_update():
    # One sample, wrong side: w <- w + eta (t - o) x, b <- b + eta (t - o)
    X = np.array([[1.0, 2.0], [-1.0, -1.0]])
    model = Perceptron(eta0=0.5, max_iter=1, shuffle=False, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, [0, 1])
    # sample 1: z = 0 -> o = 1, t = 0: w = -0.5 * [1, 2], b = -0.5
    # sample 2: z = 0.5 + 1 - 0.5 = 1 -> o = 1 = t: no change
    np.testing.assert_allclose(model.coef_, [[-0.5, -1.0]])
    np.testing.assert_allclose(model.intercept_, [-0.5])


def test_normalized_perceptron_rule_is_matlabs_learnpn():
    # learnpn: w <- w + eta (t - o) x / sqrt(1 + |x|^2), b likewise, one sample at a time
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 3))
    X[0] *= 50.0  # an outlying input of large norm, the case the normalised rule is for
    y = (X @ [1.0, -2.0, 0.5] + 0.3 > 0).astype(int)
    model = Perceptron(normalized_rule=True, eta0=0.7, shuffle=False, tol=None, max_iter=200)
    model.fit(X, y)
    w, b = np.zeros(3), 0.0
    for _ in range(model.n_iter_):
        for x, target in zip(X, 2 * y - 1):
            if target * (x @ w + b) <= 0:
                step = 0.7 * target / np.sqrt(1.0 + x @ x)
                w, b = w + step * x, b + step
    np.testing.assert_allclose(model.coef_[0], w, rtol=1e-12)
    np.testing.assert_allclose(model.intercept_[0], b, rtol=1e-12)
    # separable data: the convergence theorem still holds (only the step lengths changed)
    assert model.score(X, y) == 1.0
    assert model.n_iter_ < 200


def test_perceptron_partial_fit_streams():
    X, y = make_blobs(n_samples=200, centers=[[-3, -3], [3, 3]], random_state=1)
    model = Perceptron(random_state=0)
    for chunk in range(4):
        part = slice(chunk * 50, (chunk + 1) * 50)
        model.partial_fit(X[part], y[part], classes=[0, 1])
    assert model.score(X, y) > 0.97
