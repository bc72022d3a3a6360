"""The layers hold: what each package may import, where Qt and SQL may appear (GUIDE.md §2)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "minref"

# Packages above the readers of raw files: none of them may import minref.ingest.
ABOVE_INGEST = ("catalog", "analysis", "briefing", "userdata", "ui")
QT_MODULES = ("PySide6", "pyqtgraph", "shiboken6")
# Where Qt may be imported: the window, and the self-test's page check.
QT_ALLOWED = ("ui/", "selftest.py")
# Where SQL text may be written: the catalog and the user's own data store.
SQL_ALLOWED = ("catalog/", "userdata/")
SQL = re.compile(
    r"^\s*(SELECT\s.+\sFROM\s|INSERT\s+(OR\s+\w+\s+)?INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|"
    r"CREATE\s+(TABLE|INDEX|VIRTUAL|VIEW|TRIGGER)\s|DROP\s+(TABLE|INDEX)\s|PRAGMA\s|"
    r"BEGIN(\s+IMMEDIATE|\s+EXCLUSIVE)?\b|ATTACH\s+DATABASE\s)",
    re.S,
)


def modules() -> list[tuple[str, ast.Module]]:
    return [
        (p.relative_to(PACKAGE).as_posix(), ast.parse(p.read_text(encoding="utf-8")))
        for p in sorted(PACKAGE.rglob("*.py"))
    ]


def imported(tree: ast.Module, rel: str) -> set[str]:
    """Every module a file imports, relative imports resolved against its package."""
    pkg = ["minref", *rel.split("/")[:-1]]
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg[: len(pkg) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            names.add(mod)
            names |= {f"{mod}.{a.name}" for a in node.names}
    return names


def test_the_walk_sees_the_package():
    files = dict(modules())
    # A hand-written expectation: these modules exist and import what they are known to.
    assert "catalog/queries.py" in files and "ui/main_window.py" in files
    window = imported(files["ui/main_window.py"], "ui/main_window.py")
    assert "PySide6.QtWidgets" in window and "minref.catalog.queries" in window
    assert "minref.catalog.tables" in imported(files["catalog/build.py"], "catalog/build.py")


def test_nothing_above_ingest_imports_it():
    bad = [
        f"{rel} imports {name}"
        for rel, tree in modules()
        if rel.split("/")[0] in ABOVE_INGEST
        for name in imported(tree, rel)
        if name == "minref.ingest" or name.startswith("minref.ingest.")
    ]
    assert not bad, bad


def test_qt_only_in_the_window():
    bad = [
        f"{rel} imports {name}"
        for rel, tree in modules()
        if not rel.startswith(QT_ALLOWED)
        for name in imported(tree, rel)
        if name.split(".")[0] in QT_MODULES
    ]
    assert not bad, bad


def test_no_module_selects_a_pyside_feature():
    # minref.ui.app.spare_pyside_source_scans tells PySide that no module selects one of
    # its __feature__ sets (snake_case, true_property) instead of letting it read each
    # module's source to find out; a module that did select one would be wrong then.
    bad = [rel for rel, tree in modules() if "__feature__" in imported(tree, rel)]
    assert not bad, bad


def test_sql_only_in_catalog_and_userdata():
    bad = []
    for rel, tree in modules():
        if rel.startswith(SQL_ALLOWED):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if SQL.match(node.value):
                    bad.append(f"{rel}:{node.lineno}: {node.value[:50]!r}")
    assert not bad, bad


def test_the_sql_pattern_catches_sql():
    # hand-written cases, so that the walk above cannot pass by matching nothing
    assert SQL.match("SELECT a FROM b")
    assert SQL.match("  INSERT OR REPLACE INTO t VALUES (?)")
    assert SQL.match("PRAGMA user_version")
    assert not SQL.match("Select the commodities from the list")
    assert not SQL.match("U.S. imports")


def test_every_module_that_works_has_its_logger():
    missing = [
        rel
        for rel, tree in modules()
        if any(isinstance(n, (ast.FunctionDef, ast.ClassDef)) for n in tree.body)
        and rel != "catalog/flags.py"
        and not any(
            isinstance(n, ast.Assign)
            and [t.id for t in n.targets if isinstance(t, ast.Name)] == ["logger"]
            for n in tree.body
        )
    ]
    assert not missing, missing
