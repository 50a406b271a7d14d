"""``verbose=True`` as a user reads it: one line format across the families, every figure named,
the time of the epoch stated as such (issue 28 §8)."""

import re
import warnings

import pytest
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning

from zoo import (
    DBNClassifier,
    GrowingNeuralGas,
    MLPClassifier,
    Perceptron,
    SOMClassifier,
)

#: ``[label] Iteration n, name = value, time = 0.012s/epoch, name = value, ...``
FIGURE = r", [a-z][\w |+'-]* = -?\d+\.\d+"
LINE = re.compile(rf"(\[[^\]]+\] )?Iteration \d+{FIGURE}, time = \d+\.\d{{3}}s/epoch({FIGURE})*")


@pytest.mark.parametrize(
    "estimator, quantity",
    [
        (DBNClassifier(hidden_layer_sizes=(16,), rbm_n_iter=2, max_iter=2), "reconstruction error"),
        (MLPClassifier(hidden_layer_sizes=(8,), max_iter=2), "loss"),
        (Perceptron(max_iter=2), "perceptron criterion"),
        (SOMClassifier(4, 4, max_iter=2), "mean distance to the BMU"),
        (GrowingNeuralGas(max_iter=2), "mean distance to the winner"),
    ],
    ids=lambda value: type(value).__name__ if not isinstance(value, str) else "",
)
def test_verbose_lines_share_one_format_and_name_the_quantity(estimator, quantity, capsys):
    X, y = load_digits(return_X_y=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        estimator.set_params(verbose=True, random_state=0).fit(X[:150] / 16, y[:150])
    lines = [line for line in capsys.readouterr().out.splitlines() if "Iteration" in line]
    assert lines and all(LINE.fullmatch(line) for line in lines), lines
    assert f", {quantity} = " in lines[0]
    assert all(line.count("time") == 1 for line in lines)  # one time per line, the epoch's
