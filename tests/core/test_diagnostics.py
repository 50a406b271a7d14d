"""ConvergenceWarnings name the user's line, however deep in zoo and scikit-learn they start."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from zoo import CascadeCorrelationClassifier, ElmanClassifier, MLPClassifier
from zoo._core.diagnostics import caller_stacklevel
from zoo.datasets import make_parity

X = np.random.default_rng(0).normal(size=(40, 3))
y = (X[:, 0] > 0).astype(int)
PARITY = make_parity(6)  # one hidden unit cannot meet the 40-20-40 criterion


def convergence_warnings(fit):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit()
    return [w for w in caught if issubclass(w.category, ConvergenceWarning)]


@pytest.mark.parametrize(
    "fit",
    [
        lambda: MLPClassifier(max_iter=2, random_state=0).fit(X, y),  # the shared epoch loop
        lambda: MLPClassifier(solver="lbfgs", max_iter=2, random_state=0).fit(X, y),
        lambda: make_pipeline(StandardScaler(), MLPClassifier(max_iter=2)).fit(X, y),
        lambda: ElmanClassifier(max_iter=2, random_state=0).fit(X, y),
        lambda: CascadeCorrelationClassifier(max_hidden_units=1, random_state=0).fit(*PARITY),
    ],
    ids=["epochs", "lbfgs", "pipeline", "elman", "cascor"],
)
def test_convergence_warning_points_at_the_users_call(fit):
    caught = convergence_warnings(fit)
    assert caught, "expected a ConvergenceWarning"
    assert {w.filename for w in caught} == {__file__}


def test_caller_stacklevel_counts_the_internal_frames():
    def inner():
        return caller_stacklevel(internal=(__file__,))

    # this file is "internal" here: the first outer frame is pytest's, above this test
    assert inner() >= 3
    assert caller_stacklevel(internal=("/nonexistent/",)) == 1
