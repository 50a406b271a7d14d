"""docs/architecture.md is where a newcomer reads first: it names every _core module and family,
and the file layout it states holds."""

import ast
from pathlib import Path

import zoo

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
