"""docs/architecture.md is where a newcomer reads first: it names every _core module and family."""

from pathlib import Path

import zoo

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "architecture.md").read_text()


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
