"""administration is a bottom layer: the domain apps import it, never the reverse."""

import ast
from pathlib import Path

import administration

UPPER = {"ramavtal", "leverantorer", "arenden", "rapporter"}


def imported_top_levels(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


def test_administration_imports_no_domain_app():
    root = Path(administration.__file__).parent
    files = sorted(root.rglob("*.py"))
    assert root / "kommun.py" in files
    offenders = {
        str(path.relative_to(root)): sorted(set(imported_top_levels(path)) & UPPER)
        for path in files
        if set(imported_top_levels(path)) & UPPER
    }
    assert offenders == {}
