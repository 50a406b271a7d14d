"""What ``help(estimator)`` shows a user: the numpydoc text renders as written.

A ``\\`` line continuation inside a raw docstring is not a continuation: ``help`` prints the
backslash and the next line unindented. Checked on the families whose parameter lines had one
(the long parameter-name lists of DBNClassifier, GaussianBernoulliRBM, MLPRegressor and
CascadeCorrelationRegressor still do; they are to join this test once reworded).
"""

import pydoc

import pytest

from zoo import SOM, RBFClassifier, RBFRegressor, SOMClassifier


@pytest.mark.parametrize("cls", [SOM, SOMClassifier, RBFClassifier, RBFRegressor])
def test_help_has_no_stray_line_continuation(cls):
    text = pydoc.render_doc(cls, renderer=pydoc.plaintext)
    stray = [line for line in text.splitlines() if line.rstrip().endswith("\\")]
    assert not stray, stray
