"""docs/architecture.md is where a newcomer reads first: it names every _core module and family,
and the file layout and the solver table it states hold (scipy.optimize only in
zoo/_core/solvers.py; every family's ``solver`` offers the table's entries its problem allows)."""

import ast
from pathlib import Path

import numpy as np
from sklearn.utils._param_validation import StrOptions

import zoo
from zoo._core.network import FeedForwardNetwork
from zoo._core.problems import FlatProblem, NetworkProblem
from zoo._core.solvers import FULL_BATCH_SOLVERS, solvers_for

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "architecture.md").read_text()

#: The longest a file in zoo/ may be without saying why (issue 27: one estimator a file).
MAX_LINES = 700
#: How a longer file says why: the paragraph after its module docstring's summary line.
REASON = "Longer than 700 lines because"


def test_every_core_module_is_in_the_table():
    modules = sorted(p.name for p in (ROOT / "zoo" / "_core").glob("*.py") if p.stem != "__init__")
    missing = [name for name in modules if f"`{name}`" not in DOC]
    assert not missing, f"docs/architecture.md's _core table lacks {missing}"


def test_every_family_folder_and_estimator_is_named():
    families = {getattr(zoo, name).__module__.split(".")[1] for name in zoo.__all__}
    missing = [family for family in sorted(families) if f"`zoo/{family}/`" not in DOC]
    assert not missing, f"docs/architecture.md's family table lacks {missing}"
    unnamed = [name for name in zoo.__all__ if f"`{name}`" not in DOC]
    assert not unnamed, f"docs/architecture.md names no {unnamed}"


def test_no_file_in_zoo_is_longer_than_700_lines_without_a_reason():
    unexplained = []
    for path in sorted((ROOT / "zoo").rglob("*.py")):
        text = path.read_text()
        n_lines = len(text.splitlines())
        if n_lines <= MAX_LINES:
            continue
        summary_and_next = (ast.get_docstring(ast.parse(text)) or "").split("\n\n")[:2]
        if not any(paragraph.startswith(REASON) for paragraph in summary_and_next):
            unexplained.append(f"{path.relative_to(ROOT)} ({n_lines} lines)")
    assert not unexplained, (
        f"over {MAX_LINES} lines with no '{REASON} ...' paragraph after the module docstring's "
        f"summary line: {unexplained}"
    )


#: The one module of zoo that may call scipy.optimize (issue 27 §9: one table of full-batch
#: solvers, so that a solver added there reaches every family).
SOLVER_MODULE = ROOT / "zoo" / "_core" / "solvers.py"


def _imports_scipy_optimize(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            if any(alias.name.startswith("scipy.optimize") for alias in node.names):
                return True
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            if node.module.startswith("scipy.optimize"):
                return True
            if node.module == "scipy" and any(alias.name == "optimize" for alias in node.names):
                return True
    return False


def test_scipy_optimize_is_imported_only_by_the_solver_table():
    importers = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "zoo").rglob("*.py"))
        if _imports_scipy_optimize(ast.parse(path.read_text()))
    ]
    assert importers == [str(SOLVER_MODULE.relative_to(ROOT))], (
        f"scipy.optimize is imported by {importers}: a full-batch solver belongs in "
        "zoo/_core/solvers.py's FULL_BATCH_SOLVERS, the families call it through a problem"
    )


def test_the_import_check_sees_every_spelling():
    # the check above could pass by seeing nothing: each spelling of the import is caught
    for source in (
        "import scipy.optimize",
        "import scipy.optimize as so",
        "from scipy.optimize import minimize",
        "from scipy import optimize",
    ):
        assert _imports_scipy_optimize(ast.parse(source)), source
    assert not _imports_scipy_optimize(ast.parse("import scipy.sparse\nfrom scipy import linalg"))


#: The problem each gradient-trained estimator hands the full-batch solvers (zoo._core.problems):
#: a feed-forward network's (the Gauss-Newton system too), or a flat vector and its gradient.
PROBLEM_OF = {
    "MLPClassifier": "network",
    "MLPRegressor": "network",
    "DBNClassifier": "network",  # fine-tunes through MLPClassifier's code
    "GLVQClassifier": "flat",
    "GMLVQClassifier": "flat",
    "ElmanClassifier": "flat",  # back-propagation through time over SimpleRecurrentNetwork.flat
    "ElmanRegressor": "flat",
    "JordanClassifier": "flat",  # the Elman networks' code over JordanNetwork.flat
    "JordanRegressor": "flat",
    "LayerRecurrentClassifier": "flat",  # the Elman networks' code with layer delays
    "LayerRecurrentRegressor": "flat",
    "ConvNetClassifier": "flat",  # ConvolutionalNetwork.parameters: the kernels, then the head
    "ConvNetRegressor": "flat",
    # fine-tuning's centres, log-widths and output layer in one vector (problems.flat_views); no
    # Gauss-Newton system: the radial core has no Jacobian of the outputs in centres and widths
    "RBFClassifier": "flat",
    "RBFRegressor": "flat",
    "NARRegressor": "network",  # open loop through MLPRegressor's code
    "NARXRegressor": "network",
    "TimeDelayClassifier": "network",
    "TimeDelayRegressor": "network",
    "DistributedDelayRegressor": "network",  # DistributedDelayProblem: with a Gauss-Newton system
}
#: Estimators with a ``solver`` parameter that do not hand a problem to the table yet, and why.
NOT_WIRED: dict[str, str] = {}
#: Estimators that hand a problem to the table but whose ``solver`` constraint does not yet name
#: every solver the problem allows, and why (each a debt).
NOT_YET_OFFERED: dict[str, str] = {}


def _problem(kind):
    if kind == "flat":
        return FlatProblem(np.zeros(3), lambda: (0.0, np.zeros(3)))
    network = FeedForwardNetwork(
        [np.zeros((2, 2)), np.zeros((2, 1))],
        [np.zeros(2), np.zeros(1)],
        ["tanh", "identity"],
        "squared_error",
    )
    return NetworkProblem(network, np.zeros((3, 2)), np.zeros((3, 1)))


def _solver_options(name):
    constraints = getattr(zoo, name)._parameter_constraints["solver"]
    return set().union(*(c.options for c in constraints if isinstance(c, StrOptions)))


def test_every_solver_parameter_offers_the_full_batch_solvers_its_problem_allows():
    # a solver added to FULL_BATCH_SOLVERS reaches every family whose problem meets its
    # `requires`, once the family's `solver` constraint names it
    assert set(solvers_for(_problem("network"))) == set(FULL_BATCH_SOLVERS)
    assert "lbfgs" in solvers_for(_problem("flat"))
    with_solver = {
        name
        for name in zoo.__all__
        if "solver" in getattr(getattr(zoo, name), "_parameter_constraints", {})
    }
    assert with_solver == set(PROBLEM_OF) | set(NOT_WIRED), "name each in PROBLEM_OF or NOT_WIRED"
    missing = {
        name: sorted(set(solvers_for(_problem(kind))) - _solver_options(name))
        for name, kind in PROBLEM_OF.items()
        if name not in NOT_YET_OFFERED
    }
    assert not any(missing.values()), f"solver options lack table entries: {missing}"
