"""Save and load fitted estimators without pickle's risks, on skops' safe format.

``pickle.load`` runs whatever code the file names, so loading a model someone sent you is as risky
as running their script. skops (Noyan et al., "skops: tools for secure persistence of scikit-learn
models") stores an estimator as a tree of typed nodes and rebuilds it only from types the loader
trusts. :func:`load` trusts the types of zoo, scikit-learn and numpy (plus the few that skops
itself trusts, such as scipy's sparse matrices) — everything a zoo estimator, Pipeline or
GridSearchCV is made of — and refuses any other type unless the caller names it in ``trusted``.

Examples
--------
>>> import tempfile, os
>>> import numpy as np
>>> from zoo.mlp import Perceptron
>>> from zoo.io import save, load
>>> X, y = np.array([[0, 0], [0, 1], [1, 0], [1, 1]]), [0, 0, 0, 1]
>>> model = Perceptron(random_state=0).fit(X, y)
>>> path = os.path.join(tempfile.mkdtemp(), "perceptron.skops")
>>> save(model, path)
>>> load(path).predict(X).tolist()
[0, 0, 0, 1]
"""

import os

__all__ = ["UntrustedTypeError", "get_untrusted_types", "load", "save"]

#: Top-level packages whose types :func:`load` trusts without being told.
TRUSTED_PACKAGES = ("zoo", "sklearn", "numpy")


class UntrustedTypeError(ValueError):
    """The file names a type outside zoo, scikit-learn and numpy that the caller did not trust."""


def _skops_io():
    try:
        import skops.io
    except ImportError as error:  # skops is a runtime dependency; this guards a broken install
        raise ImportError(
            "zoo.io needs skops: pip install skops (it is installed with zoo-nn)."
        ) from error
    return skops.io


def _is_trusted_by_default(type_name):
    """``'sklearn.pipeline.Pipeline'`` -> True: the type lives in one of TRUSTED_PACKAGES."""
    package = type_name.split(".", 1)[0]
    return package in TRUSTED_PACKAGES


def save(estimator, path):
    """Write ``estimator`` (fitted or not, alone or in a Pipeline) to ``path`` in skops format.

    Parameters
    ----------
    estimator : object
        Any zoo or scikit-learn estimator, Pipeline, or search object.
    path : str or os.PathLike
        Destination file; ``.skops`` is the customary extension.
    """
    _skops_io().dump(estimator, os.fspath(path))


def get_untrusted_types(path):
    """Types named in the file at ``path`` that :func:`load` would refuse without ``trusted``.

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    list of str
        Fully qualified type names outside zoo, scikit-learn and numpy.
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"No such model file: {path!r}")
    named = _skops_io().get_untrusted_types(file=path)
    return sorted(name for name in named if not _is_trusted_by_default(name))


def load(path, trusted=None):
    """Rebuild the estimator saved at ``path``, refusing types nobody trusted.

    Parameters
    ----------
    path : str or os.PathLike
        A file written by :func:`save` (or by ``skops.io.dump``).
    trusted : sequence of str, optional
        Fully qualified names of further types to trust, e.g. ``["mypackage.MyTransformer"]``;
        only do this for code you would also be willing to run.

    Returns
    -------
    estimator : object

    Raises
    ------
    UntrustedTypeError
        When the file names a type outside zoo, scikit-learn and numpy that is not in
        ``trusted``; the message lists those types.
    """
    path = os.fspath(path)
    sio = _skops_io()
    if not os.path.exists(path):
        raise FileNotFoundError(f"No such model file: {path!r}")
    extra = set(trusted or ())
    named = sio.get_untrusted_types(file=path)
    refused = sorted(
        name for name in named if not _is_trusted_by_default(name) and name not in extra
    )
    if refused:
        raise UntrustedTypeError(
            f"Refusing to load {path!r}: it contains types that are not zoo's, scikit-learn's "
            f"or numpy's: {refused}. If you trust the file's author and these types, pass "
            f"load(path, trusted={refused!r})."
        )
    return sio.load(path, trusted=list(named))
