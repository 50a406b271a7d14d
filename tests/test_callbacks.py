"""scikit-learn's callback API (issue 29 §1) on every zoo estimator that supports it.

The estimators are enumerated from ``zoo.__all__`` (those with ``set_callbacks``), so a family
that gains support is held to the same contract: ``ProgressBar`` runs alone, inside a ``Pipeline``
and inside ``GridSearchCV``; ``ScoringMonitor`` logs one score per epoch; a callback that asks to
stop after k epochs stops training there (``n_iter_ == k``, no ConvergenceWarning).
"""

import warnings

import pytest
from sklearn.base import clone, is_classifier
from sklearn.callback import ProgressBar, ScoringMonitor
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer
from test_common import ESTIMATOR_CLASSES, _fit, _supervised, _task_data, make_estimator

from zoo.art import FuzzyART

pytest.importorskip("rich")

CALLBACK_CLASSES = [cls for cls in ESTIMATOR_CLASSES if hasattr(cls, "set_callbacks")]

#: The solvers (or algorithms) of one estimator that train through other loops of the shared
#: core: each is tested too (a full-batch solver records its iterations through the same Monitor).
SOLVERS = {
    "MLPClassifier": ["adam", "lbfgs", "lm", "scg"],
    "MLPRegressor": ["adam", "lbfgs", "lm", "scg"],
    "ElmanClassifier": ["adam", "lbfgs"],
    "ElmanRegressor": ["adam", "lbfgs"],
    "ConvNetClassifier": ["adam", "lbfgs"],
    "ConvNetRegressor": ["adam", "lbfgs"],
    "GLVQClassifier": ["adam", "lbfgs"],
    "GMLVQClassifier": ["adam", "lbfgs"],
    "SOM": ["batch", "online"],
    "SOMClassifier": ["batch", "online"],
    "SOMRegressor": ["batch", "online"],
    "NeuralGas": ["online", "batch"],
    "RBFClassifier": ["adam", "sgd", "lbfgs"],
    "RBFRegressor": ["adam", "sgd", "lbfgs"],
    "Perceptron": [1, 16],
}

#: The parameter that names an estimator's variants in SOLVERS, when it is not ``solver``.
VARIANT_PARAMETER = {
    "SOM": "algorithm",
    "SOMClassifier": "algorithm",
    "SOMRegressor": "algorithm",
    "NeuralGas": "algorithm",
    "Perceptron": "batch_size",
}


#: Settings of one case (``"Name"`` or ``"Name-solver"``) that give it the epochs a test asks
#: for: a solver that converges on the small blobs in one or two iterations is given no
#: tolerance; the RBF networks train by epochs only when fine-tuning (without it, see
#: test_without_fine_tuning_a_callback_sees_the_fit_alone).
SETTINGS = {
    "RBFClassifier": dict(fine_tune=True),
    "RBFRegressor": dict(fine_tune=True),
    "GLVQClassifier-lbfgs": dict(tol=0.0),
    "RBFClassifier-lbfgs": dict(tol=0.0),
    "GMLVQClassifier-lbfgs": dict(tol=0.0),
    # slow learning keeps the prototypes moving for many passes; ART1 learns fast, and these
    # settings need three passes on the blobs
    "FuzzyART": dict(beta=0.5),
    "FuzzyARTMAP": dict(beta=0.5),
    "ART1": dict(rho=0.5, binarize=0.2),
    "ART2A": dict(beta=0.5),  # its prototypes follow their inputs: never stable, every pass runs
    "HypersphereART": dict(beta=0.5),
    "GaussianART": dict(n_epochs=3),  # its statistics move with every input: never stable
    "EllipsoidART": dict(beta=0.5),
    "BayesianART": dict(n_epochs=3),  # its statistics move with every input: never stable
    "SimpleARTMAP": dict(module=FuzzyART(rho=0.0, beta=0.5)),
    # complement-coded binary blobs are stable after 2 passes; without coding, ART1's 3
    "BinaryFuzzyART": dict(rho=0.5, binarize=0.2, complement_coding=False),
    "QuadraticNeuronART": dict(n_epochs=3),  # gradient steps: never stable
    "CVIART": dict(beta=0.5),
    "DualVigilanceART": dict(module=FuzzyART(beta=0.5)),
    "FusionART": dict(modules=[FuzzyART(beta=0.5)]),
    "BARTMAP": dict(module_a=FuzzyART(beta=0.5)),
    # DDA converges in 2 epochs on the blobs with its defaults, in 3 with these (a stop before
    # convergence: tests/test_rbf_dda.py)
    "RBFDDAClassifier": dict(theta_plus=0.9, theta_minus=0.05),
}

#: The parameter that bounds the epochs, and the per-epoch curve, when they are not ``max_iter``
#: and ``loss_curve_`` (ART's passes and the fraction of presentations that changed a category).
#: (the RBMs' and the Boltzmann machine's ``n_iter``).
BUDGET_PARAMETER = {
    "ART1": "n_epochs",
    "FuzzyART": "n_epochs",
    "FuzzyARTMAP": "n_epochs",
    "ART2A": "n_epochs",
    "HypersphereART": "n_epochs",
    "GaussianART": "n_epochs",
    "EllipsoidART": "n_epochs",
    "BayesianART": "n_epochs",
    "SimpleARTMAP": "n_epochs",
    "BinaryFuzzyART": "n_epochs",
    "QuadraticNeuronART": "n_epochs",
    "CVIART": "n_epochs",
    "DualVigilanceART": "n_epochs",
    "TopoART": "n_epochs",
    "FusionART": "n_epochs",
    "BARTMAP": "n_epochs",
    "BernoulliRBM": "n_iter",
    "GaussianBernoulliRBM": "n_iter",
    "BoltzmannMachine": "n_iter",
}
CURVE_ATTRIBUTE = {
    "ART1": "change_curve_",
    "FuzzyART": "change_curve_",
    "FuzzyARTMAP": "change_curve_",
    "ART2A": "change_curve_",
    "HypersphereART": "change_curve_",
    "GaussianART": "change_curve_",
    "EllipsoidART": "change_curve_",
    "BayesianART": "change_curve_",
    "SimpleARTMAP": "change_curve_",
    "BinaryFuzzyART": "change_curve_",
    "QuadraticNeuronART": "change_curve_",
    "CVIART": "change_curve_",
    "DualVigilanceART": "change_curve_",
    "TopoART": "change_curve_",
    "FusionART": "change_curve_",
    "BARTMAP": "change_curve_",
}

#: Estimators whose iteration structure the generic tests cannot express (they budget a fit with
#: ``max_iter`` and count every task under the fit as an epoch), with where their own tests are.
OWN_TESTS = {
    # no max_iter (budgets per phase and per unit); epochs grouped under output/candidate phases
    "CascadeCorrelationClassifier": "tests/test_cascor_conventions.py",
    "CascadeCorrelationRegressor": "tests/test_cascor_conventions.py",
    # a task per layer, its epochs under it (then the fine-tuning's, for the classifier)
    "DBNTransformer": "tests/test_boltzmann_conventions.py",
    "DBNClassifier": "tests/test_boltzmann_conventions.py",
    # a task per module (ART_b's passes, then ART_a's, under it)
    "ARTMAP": "tests/test_art_artmap.py",
    "SMART": "tests/test_art_artmap.py",
    "DeepARTMAP": "tests/test_art_artmap.py",
}


def _cases():
    return [
        pytest.param(cls, solver, id=cls.__name__ + (f"-{solver}" if solver else ""))
        for cls in CALLBACK_CLASSES
        if cls.__name__ not in OWN_TESTS
        for solver in SOLVERS.get(cls.__name__, [None])
    ]


def _budget(cls, n_epochs):
    return {BUDGET_PARAMETER.get(cls.__name__, "max_iter"): n_epochs}


def _curve(estimator):
    return getattr(estimator, CURVE_ATTRIBUTE.get(type(estimator).__name__, "loss_curve_"))


def _estimator(cls, solver, **extra):
    name = cls.__name__ + (f"-{solver}" if solver else "")
    extra = {**SETTINGS.get(cls.__name__, {}), **SETTINGS.get(name, {}), **extra}
    if solver is not None:
        extra[VARIANT_PARAMETER.get(cls.__name__, "solver")] = solver
    return make_estimator(cls, **extra)


def _scoring(estimator):
    """None (the estimator's ``score``); for a density model without one (the RBMs, the
    Boltzmann machine) the mean of its ``score_samples``; else a constant (ART's clusterers:
    the grid search is not the subject)."""
    if hasattr(estimator, "score"):
        return None
    if hasattr(estimator, "score_samples"):
        return lambda fitted, X, y=None: float(fitted.score_samples(X).mean())
    return lambda fitted, X, y=None: 0.0


class StopAfter:
    """A custom callback: asks training to stop at the end of its k-th epoch."""

    def __init__(self, k):
        self.k = k
        self.epochs = 0

    def setup(self, estimator, context):
        self.epochs = 0

    def on_fit_task_begin(self, estimator, context):
        pass

    def on_fit_task_end(self, estimator, context):
        if context.parent is None:  # the fit's root task
            return False
        self.epochs += 1
        return self.epochs >= self.k

    def teardown(self, estimator, context):
        pass


def test_the_neural_networks_support_callbacks():
    names = {cls.__name__ for cls in CALLBACK_CLASSES}
    assert set(SOLVERS) <= names


@pytest.mark.parametrize("cls, solver", _cases())
def test_progress_bar_alone_in_a_pipeline_and_in_a_grid_search(cls, solver):
    estimator = _estimator(cls, solver, **_budget(cls, 3))
    X, y = _task_data(estimator)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        # scikit-learn's own FunctionTransformer takes no callbacks, and says so
        warnings.filterwarnings("ignore", "The estimator FunctionTransformer does not support")
        _fit(clone(estimator).set_callbacks(ProgressBar()), X, y)
        pipeline = make_pipeline(FunctionTransformer(), clone(estimator))
        _fit(pipeline.set_callbacks(ProgressBar()), X, y)
        grid = {name: [2, 3] for name in _budget(cls, None)}
        search = GridSearchCV(clone(estimator), grid, cv=2, scoring=_scoring(estimator))
        _fit(search.set_callbacks(ProgressBar()), X, y)
    assert search.best_estimator_.n_iter_ in (2, 3)


@pytest.mark.parametrize("cls, solver", _cases())
def test_scoring_monitor_logs_one_score_per_epoch(cls, solver):
    estimator = _estimator(cls, solver, **_budget(cls, 4))
    X, y = _task_data(estimator)
    score = "accuracy" if is_classifier(estimator) else "r2"
    monitor = ScoringMonitor(scoring=score)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        _fit(estimator.set_callbacks(monitor), X, y)
    rows = [row for row in monitor.get_logs().data if row["task_name"] == "epoch"]
    assert len(rows) == estimator.n_iter_ == len(_curve(estimator))
    if _supervised(estimator):  # ScoringMonitor scores only with a target
        assert all(isinstance(row[score], float) for row in rows)


@pytest.mark.parametrize("cls, solver", _cases())
def test_a_callback_stops_training_early(cls, solver):
    estimator = _estimator(cls, solver, **_budget(cls, 50)).set_callbacks(StopAfter(3))
    X, y = _task_data(estimator)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # a stop asked for is no budget run out
        _fit(estimator, X, y)
    assert estimator.n_iter_ == 3
    assert len(_curve(estimator)) == 3


@pytest.mark.parametrize("cls, solver", _cases())
def test_without_callbacks_nothing_changes(cls, solver):
    """A callback that never stops leaves the fit bit-identical to one without callbacks."""
    estimator = _estimator(cls, solver, **_budget(cls, 5))
    X, y = _task_data(estimator)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        plain = _fit(clone(estimator), X, y)
        watched = _fit(clone(estimator).set_callbacks(StopAfter(10**6)), X, y)
    assert _curve(plain) == _curve(watched)
    assert not hasattr(watched, "_zoo_epoch_callbacks")


@pytest.mark.parametrize("name", ["RBFClassifier", "RBFRegressor"])
def test_without_fine_tuning_a_callback_sees_the_fit_alone(name):
    """Without fine-tuning an RBF network has no epochs: the callbacks see the fit's own task
    (begun before the centres are chosen, ended once the output layer is solved), whose
    ScoringMonitor row scores the fitted network; no epoch task, nothing to stop."""
    cls = next(cls for cls in CALLBACK_CLASSES if cls.__name__ == name)
    estimator = make_estimator(cls, fine_tune=False)
    X, y = _task_data(estimator)
    score = "accuracy" if is_classifier(estimator) else "r2"
    monitor, stop = ScoringMonitor(scoring=score), StopAfter(1)
    watched = _fit(clone(estimator).set_callbacks(monitor, stop), X, y)
    plain = _fit(clone(estimator), X, y)
    rows = monitor.get_logs().data
    assert [row["task_name"] for row in rows] == ["fit"]
    assert rows[0][score] == pytest.approx(plain.score(X, y))
    assert stop.epochs == 0
    assert watched.n_iter_ == plain.n_iter_ == 1
    assert (watched.coef_ == plain.coef_).all() and (watched.centers_ == plain.centers_).all()


@pytest.mark.parametrize(
    "params", [dict(), dict(pocket=True), dict(early_stopping=True), dict(batch_size=8)]
)
@pytest.mark.parametrize("n_classes", [2, 3])
def test_the_perceptron_units_side_by_side_train_as_alone(params, n_classes):
    """Under callbacks the one-vs-rest units train an epoch each in turn: each unit's weights,
    curve and epochs are those of the units trained one after the other."""
    cls = next(cls for cls in CALLBACK_CLASSES if cls.__name__ == "Perceptron")
    estimator = make_estimator(cls, max_iter=30, **params)
    X, y = _task_data(estimator)
    y = y % n_classes
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        plain = clone(estimator).fit(X, y)
        watched = clone(estimator).set_callbacks(StopAfter(10**6)).fit(X, y)
        stopped = clone(estimator).set_callbacks(StopAfter(2)).fit(X, y)
    assert (plain.coef_ == watched.coef_).all() and (plain.intercept_ == watched.intercept_).all()
    assert plain.loss_curve_ == watched.loss_curve_ and plain.n_iter_ == watched.n_iter_
    assert stopped.n_iter_ == min(2, plain.n_iter_)
