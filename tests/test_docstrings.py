"""What ``help(estimator)`` shows a user: the numpydoc text renders as written.

A ``\\`` line continuation inside a raw docstring is not a continuation: ``help`` prints the
backslash and the next line unindented. Checked on every estimator in ``zoo.__all__``.
"""

import inspect
import pathlib
import pydoc
import re
import warnings

import numpy as np
import pytest
from sklearn.externals._numpydoc.docscrape import NumpyDocString

import zoo
from zoo._core.docstrings import PLACEHOLDER, fill_doc

CLASSES = [getattr(zoo, name) for name in zoo.__all__]


@pytest.mark.parametrize("cls", CLASSES, ids=[c.__name__ for c in CLASSES])
def test_help_has_no_stray_line_continuation(cls):
    text = pydoc.render_doc(cls, renderer=pydoc.plaintext)
    stray = [line for line in text.splitlines() if line.rstrip().endswith("\\")]
    assert not stray, stray


@pytest.mark.parametrize("cls", CLASSES, ids=[c.__name__ for c in CLASSES])
def test_no_sentence_is_broken_by_a_wrap(cls):
    """A word alone on its line between a full line and the rest of its sentence ("of" then
    "the nearest ...") is a re-wrap gone wrong."""
    lines = inspect.getdoc(cls).splitlines()
    broken = [
        word
        for before, word, after in zip(lines, lines[1:], lines[2:])
        if len(before) > 85 and re.fullmatch(r"\s*[a-z]+", word) and re.match(r"\s*[a-z]", after)
    ]
    assert not broken, broken


def test_every_parameter_of_the_deep_belief_net_is_described():
    lines = inspect.getdoc(zoo.DBNClassifier).splitlines()
    for name in zoo.DBNClassifier().get_params():
        if name.startswith("rbm_") or name == "hidden_layer_sizes":
            (k,) = [k for k, line in enumerate(lines) if line.startswith(f"{name} : ")]
            assert lines[k + 1].startswith("    "), f"{name} has no description"


def _feature_maps():
    """The exported transformers ``zoo compare`` reads out with a LogisticRegression."""
    from zoo.compare import discover_estimators

    return [
        info
        for info in discover_estimators()
        if info.task in ("transformer", "clusterer")
        and hasattr(info.cls, "transform")
        and info.compare_params is not None
        and info.compare_exclusion is None
    ]


@pytest.mark.parametrize("info", _feature_maps(), ids=lambda info: info.name)
def test_a_feature_map_whose_output_needs_rescaling_says_so(info):
    """Fitted as ``zoo compare`` fits it on digits, a transformer whose features are far from
    unit scale names the pipeline that standardises them (issue 28 §7)."""
    from sklearn.datasets import load_digits
    from sklearn.pipeline import make_pipeline

    from zoo.compare import scaling_steps

    X = load_digits().data[:300]
    estimator = info.cls(**info.compare_params)
    if "random_state" in estimator.get_params():
        estimator.set_params(random_state=0)
    steps = [step for _, step in scaling_steps(info.input_domain)]
    features = make_pipeline(*steps, estimator).fit_transform(X)
    doc = inspect.getdoc(info.cls)
    if np.abs(features).mean() > 3 or features.std() > 3:
        assert f"make_pipeline(StandardScaler(), {info.name}(), StandardScaler(), Log" in doc


# Shared text is spliced one way, zoo._core.docstrings (issue 27 §7), and the result is numpydoc.

SPLICING_FORMS = [
    r'\.replace\(\s*"\{',  # .replace("{shared}", ...), .replace("{params}", ...)
    r"__doc__\s*%",  # Cls.__doc__ % {...}
    r"__doc__\s*=",  # __doc__ = r"""...""".replace(...), __doc__ = ("..." + _DOC + ...)
    r"%\(\w+\)s",  # the placeholders of % splicing
]


@pytest.mark.parametrize("form", SPLICING_FORMS)
def test_docstrings_are_spliced_one_way(form):
    root = pathlib.Path(zoo.__file__).parent
    hits = [
        f"{path.relative_to(root)}:{text[: match.start()].count(chr(10)) + 1}"
        for path in sorted(root.rglob("*.py"))
        if path.name != "docstrings.py"
        for text in [path.read_text()]
        for match in re.finditer(form, text)
    ]
    assert not hits, f"use zoo._core.docstrings.shared_doc instead: {hits}"


def test_a_placeholder_without_fragment_fails_loudly():
    with pytest.raises(KeyError, match="no fragment"):
        fill_doc("Parameters\n----------\n{shared}\n")
    with pytest.raises(KeyError, match="no placeholder"):
        fill_doc("Parameters\n----------\n", shared="x : int")


@pytest.mark.parametrize("cls", CLASSES, ids=[c.__name__ for c in CLASSES])
def test_no_placeholder_survives(cls):
    assert not PLACEHOLDER.search(inspect.getdoc(cls))


@pytest.mark.parametrize("cls", CLASSES, ids=[c.__name__ for c in CLASSES])
def test_docstring_is_numpydoc(cls):
    """numpydoc's parser reads every section without a warning; every entry of Parameters and
    Attributes names identifiers (``beta_1, beta_2, epsilon`` included, "other parameters" not),
    and Parameters documents the constructor's parameters and no others."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        doc = NumpyDocString(inspect.getdoc(cls))

    def names(section):
        return [name.strip() for entry in doc[section] for name in entry.name.split(",")]

    for section in ("Parameters", "Attributes"):
        bad = [name for name in names(section) if not name.isidentifier()]
        assert not bad, f"{section}: {bad}"
    # a set: an entry may be repeated to give a subclass's own default (SOMRegressor's sigma_final)
    assert set(names("Parameters")) == set(inspect.signature(cls).parameters)
