"""Save and load fitted estimators without pickle's risks, on skops' safe format.

``pickle.load`` runs whatever code the file names, so loading a model someone sent you is as risky
as running their script. skops (Noyan et al., "skops: tools for secure persistence of scikit-learn
models") stores an estimator as a tree of typed nodes and rebuilds it only from types the loader
trusts. :func:`load` trusts what skops itself trusts (scikit-learn's estimators such as
``Pipeline`` and ``StandardScaler``, numpy arrays, scipy's sparse matrices) and exactly the types
zoo's estimators are made of: the classes defined in zoo's modules, and ``numpy.dtype``. Any other
type or function is refused unless the caller names it in ``trusted``: a ``FunctionTransformer``
whose ``func`` is ``numpy.save`` names ``numpy.save``, and a fitted ``GridSearchCV`` names its
scorer and splitter (save its ``best_estimator_``, or trust them). A pickle file is not read.

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

__all__ = ["UntrustedTypeError", "get_untrusted_types", "load", "save", "zoo_types"]

#: Types outside zoo's own classes that zoo's fitted estimators contain (ART's category memory
#: keeps its dtype; an echo state network's reservoir is a CSR array, which skops stores as its
#: three arrays through scipy's save_npz, running no code on load); skops does not trust them by
#: default.
ESTIMATOR_STATE_TYPES = ("numpy.dtype", "scipy.sparse._csr.csr_array")


class UntrustedTypeError(ValueError):
    """The file names a type that is not zoo's and that neither skops nor the caller trusted."""


def _skops_io():
    try:
        import skops.io
    except ImportError as error:  # skops is a runtime dependency; this guards a broken install
        raise ImportError(
            "zoo.io needs skops: pip install skops (it is installed with zoo-nn)."
        ) from error
    return skops.io


def zoo_types():
    """The qualified names of every class defined in zoo's modules (estimators, optimisers,
    training histories, ART's category memory...), found when the families are imported, so a
    new family's classes are trusted without an edit here."""
    import inspect
    import sys

    import zoo  # noqa: F401  (imports every family and the _core modules they use)

    names = set()
    for module_name, module in list(sys.modules.items()):
        if module is None or not (module_name == "zoo" or module_name.startswith("zoo.")):
            continue
        if module_name.startswith(("zoo.compare", "zoo.cli")):  # the command line, not models
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module_name:
                names.add(f"{module_name}.{cls.__qualname__}")
    return names


def _check_file(path):
    """A clear error for a missing file and for a file that is not skops' zip format."""
    import zipfile

    if not os.path.exists(path):
        raise FileNotFoundError(f"No such model file: {path!r}")
    if zipfile.is_zipfile(path):
        return
    with open(path, "rb") as handle:
        head = handle.read(2)
    what = "a pickle file" if head[:1] == b"\x80" else "not a file written by zoo.io.save"
    raise ValueError(
        f"{path!r} is {what}: zoo.io reads skops' zip format only, because unpickling runs "
        "whatever code the file names. If you trust its author, open it with pickle.load (or "
        "joblib.load) in a session you are willing to risk, and save it again with zoo.io.save."
    )


def _refused(named, trusted):
    allowed = zoo_types() | set(ESTIMATOR_STATE_TYPES) | set(trusted or ())
    return sorted(name for name in named if name not in allowed)


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
        Fully qualified names of the types and functions that are neither zoo's nor trusted by
        skops.
    """
    path = os.fspath(path)
    _check_file(path)
    return _refused(_skops_io().get_untrusted_types(file=path), ())


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
        When the file names a type or function that is neither zoo's nor trusted by skops and
        is not in ``trusted``; the message lists them.
    ValueError
        When the file is not in skops' format (a pickle file, for instance).
    """
    path = os.fspath(path)
    sio = _skops_io()
    _check_file(path)
    named = sio.get_untrusted_types(file=path)
    refused = _refused(named, trusted)
    elsewhere = [name for name in refused if name.split(".", 1)[0] == "zoo"]
    if elsewhere:
        # a zoo name this version does not define: another zoo version wrote the file (classes
        # move between private modules), not a stranger; trusting it could only fail to import
        raise UntrustedTypeError(
            f"Refusing to load {path!r}: it names zoo classes that this version of zoo does "
            f"not define: {elsewhere}. It was saved by another version of zoo; load it with "
            "that version, or fit the model again and save it with this one."
        )
    if refused:
        raise UntrustedTypeError(
            f"Refusing to load {path!r}: it names types or functions that are not zoo's and "
            f"that skops does not trust: {refused}. If you trust the file's author and these, "
            f"pass load(path, trusted={refused!r})."
        )
    return sio.load(path, trusted=list(named))
