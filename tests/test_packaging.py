"""The PyInstaller spec cannot leave out what minref needs (issue 12).

Building the bundle takes minutes, so the built bundle is checked in .ci/run
(packaging/check-bundle.py, the frozen --self-test, packaging/compare-frozen.py); here
the guard the spec uses (packaging/bundle_modules.py) and the spec's own lists.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "packaging"))

import bundle_modules  # noqa: E402


def spec_excludes() -> list[str]:
    """The literal `excludes = [...]` list of packaging/minref.spec."""
    tree = ast.parse((REPO / "packaging" / "minref.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and [getattr(t, "id", None) for t in node.targets] == ["excludes"]
            and isinstance(node.value, ast.List)
        ):
            return [ast.literal_eval(e) for e in node.value.elts]
    raise AssertionError("no excludes list in the spec")


def test_the_guard_drops_what_minref_imports_or_depends_on():
    kept, dropped = bundle_modules.safe_excludes(
        [
            "tkinter",  # nothing imports it: kept
            "PySide6.QtNetwork",  # a Qt module minref never imports: kept
            "sqlite_utils",  # a dependency in pyproject.toml (the bug of issue 12)
            "PySide6.QtWidgets",  # imported by minref/ui
            "pyqtgraph.exporters",  # imported inside a function (ui/charts.py export)
            "cryptography",  # a dependency, imported lazily by the data packs
            "reportlab.platypus",  # imported by minref/briefing
        ]
    )
    assert kept == ["tkinter", "PySide6.QtNetwork"]
    assert dropped == [
        "sqlite_utils",
        "PySide6.QtWidgets",
        "pyqtgraph.exporters",
        "cryptography",
        "reportlab.platypus",
    ]


def test_the_specs_own_excludes_need_no_guard():
    """The list in the spec is clean: the guard is a safety net, never the fix."""
    excludes = spec_excludes()
    assert "tkinter" in excludes and "PySide6.QtNetwork" in excludes
    kept, dropped = bundle_modules.safe_excludes(excludes)
    assert dropped == []
    for dependency in ("sqlite_utils", "openpyxl", "cryptography", "babel", "reportlab"):
        assert dependency not in excludes


def test_imports_are_read_at_every_level():
    imports = bundle_modules.minref_imports()
    found = {(i.module, i.name) for i in imports}
    # module level, inside a function, relative, and `from X import Y`
    assert ("minref.cli", "argparse") in found
    assert ("minref.ui.charts", "pyqtgraph.exporters") in found
    assert ("minref.catalog.store", "minref.catalog.schema") in found
    optional = {(i.module, i.name) for i in imports if i.optional}
    assert ("minref.datapack.install", "fcntl") in optional  # POSIX only, guarded
    assert ("minref.cli", "argparse") not in optional


def test_every_minref_module_is_listed():
    modules = bundle_modules.minref_modules()
    for name in ("minref", "minref.cli", "minref.selftest", "minref.ui.app", "minref.files"):
        assert name in modules
    on_disk = sorted((REPO / "minref").rglob("*.py"))
    assert len(modules) == len(on_disk)


def test_ci_checks_the_built_bundle():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    build = ci.index("packaging/build-linux.sh .venv")
    assert build < ci.index("packaging/check-bundle.py dist/minref")
    assert build < ci.index("packaging/compare-frozen.py --frozen dist/minref/minref")
    script = (REPO / "packaging" / "build-linux.sh").read_text(encoding="utf-8")
    assert script.count("self_test ") >= 2  # the bundle and the .deb's own files


# --- the bundle's start-up savings (packaging/start_up.py, issue 18) ------------------

import start_up  # noqa: E402


def test_pyside_support_is_extracted_with_unchecked_bytecode(tmp_path):
    sources = start_up.extract_pyside_support(sys.executable, tmp_path)
    names = {p.relative_to(tmp_path).as_posix() for p in sources}
    for name in (
        "shibokensupport/__init__.py",
        "shibokensupport/feature.py",
        "shibokensupport/signature/loader.py",
        "shibokensupport/signature/parser.py",
        "shibokensupport/signature/lib/pyi_generator.py",
    ):
        assert name in names
    assert start_up.support_problems(tmp_path) == []
    pyc = tmp_path / "shibokensupport" / "signature" / "__pycache__"
    loader = next(pyc.glob("loader.*.pyc"))
    assert loader.read_bytes()[4:8] == b"\x01\x00\x00\x00"  # PEP 552: hash, unchecked
    loader.unlink()
    assert start_up.support_problems(tmp_path) == [
        f"shiboken6/files.dir/shibokensupport/signature/loader.py has no bytecode ({loader.name})"
    ]
    (tmp_path / "shibokensupport" / "feature.py").unlink()
    assert "shiboken6/files.dir/shibokensupport/feature.py is missing" in (
        start_up.support_problems(tmp_path)
    )


def test_the_bundle_drops_the_multiprocessing_hook_only():
    scripts = [
        ("pyiboot01_bootstrap", "/x/pyiboot01_bootstrap.py", "PYSOURCE"),
        ("pyi_rth_inspect", "/x/pyi_rth_inspect.py", "PYSOURCE"),
        ("pyi_rth_multiprocessing", "/x/pyi_rth_multiprocessing.py", "PYSOURCE"),
        ("pyi_rth_pyside6", "/x/pyi_rth_pyside6.py", "PYSOURCE"),
        ("minref_launcher", "/x/minref_launcher.py", "PYSOURCE"),
    ]
    assert [s[0] for s in start_up.without_dropped_hooks(scripts)] == [
        "pyiboot01_bootstrap",
        "pyi_rth_inspect",
        "pyi_rth_pyside6",
        "minref_launcher",
    ]
    spec = (REPO / "packaging" / "minref.spec").read_text(encoding="utf-8")
    assert "a.scripts = without_dropped_hooks(a.scripts)" in spec
    assert "datas.append((str(pyside_support), SUPPORT_DIR))" in spec


def test_minref_starts_no_processes_of_its_own_through_multiprocessing():
    # The bundle leaves out PyInstaller's multiprocessing hook (packaging/start_up.py),
    # without which a frozen program cannot start multiprocessing's helper processes.
    for imp in bundle_modules.minref_imports():
        assert not imp.name.startswith("multiprocessing"), imp
        assert "ProcessPoolExecutor" not in imp.attrs, imp
