"""What ``help(estimator)`` shows a user: the numpydoc text renders as written.

A ``\\`` line continuation inside a raw docstring is not a continuation: ``help`` prints the
backslash and the next line unindented. Checked on every estimator in ``zoo.__all__``.
"""

import pydoc

import pytest

import zoo

CLASSES = [getattr(zoo, name) for name in zoo.__all__]


@pytest.mark.parametrize("cls", CLASSES, ids=[c.__name__ for c in CLASSES])
def test_help_has_no_stray_line_continuation(cls):
    text = pydoc.render_doc(cls, renderer=pydoc.plaintext)
    stray = [line for line in text.splitlines() if line.rstrip().endswith("\\")]
    assert not stray, stray
