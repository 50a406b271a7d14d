"""Warnings that point at the user's line.

A ``ConvergenceWarning`` raised deep inside zoo's training loop names, with a fixed
``stacklevel``, some zoo or scikit-learn frame (``zoo/_core/training.py``, the estimator's
``_fit``, scikit-learn's ``_fit_context`` wrapper), and how deep that is depends on the path the
call took. :func:`warn_at_caller` counts the frames instead.
"""

import os
import sys
import warnings

import sklearn

# the frames a warning skips: zoo's own and scikit-learn's (Pipeline, GridSearchCV, _fit_context)
_INTERNAL = (
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep,
    os.path.dirname(os.path.abspath(sklearn.__file__)) + os.sep,
)


def caller_stacklevel(internal=_INTERNAL):
    """The ``stacklevel`` that makes a warning raised by the calling function name the first
    frame outside ``internal`` (the user's ``model.fit(...)`` line); 1 is the caller itself."""
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(internal):
        frame, level = frame.f_back, level + 1
    return level


def warn_at_caller(message, category):
    """``warnings.warn(message, category)`` attributed to the user's line (see above).

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_at_caller("not converged", UserWarning)
    >>> caught[0].filename.endswith("diagnostics.py")
    False
    """
    warnings.warn(message, category, stacklevel=caller_stacklevel())
