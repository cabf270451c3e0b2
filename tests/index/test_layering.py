"""Dependencies point one way, tui → qa → index: nothing in ``index/`` imports ``qa`` or ``tui``."""

from __future__ import annotations

import ast
from pathlib import Path

INDEX = Path(__file__).resolve().parents[2] / "index"


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_index_imports_neither_qa_nor_tui() -> None:
    modules = sorted(INDEX.glob("*.py"))
    assert modules
    offenders = {p.name: sorted(_imported_packages(p) & {"qa", "tui"}) for p in modules}
    assert {name: pkgs for name, pkgs in offenders.items() if pkgs} == {}


def test_qa_errors_are_the_index_errors() -> None:
    import index.errors
    import qa.errors

    assert qa.errors.IndexCorruptError is index.errors.IndexCorruptError
    assert issubclass(qa.errors.QuestionError, index.errors.QAError)
