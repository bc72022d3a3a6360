"""What the frozen bundle must hold: minref's modules, what they import, its dependencies.

Read by packaging/minref.spec (so that no exclude can drop a module minref imports or a
package pyproject.toml depends on) and by packaging/check-bundle.py (which compares a
built bundle's module table against these imports).  Plain Python: no PyInstaller here.
"""

from __future__ import annotations

import ast
import logging
import re
import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Import:
    module: str  # the importing minref module
    name: str  # the absolute module name imported ("pyqtgraph.exporters")
    line: int
    optional: bool  # inside try/except ImportError or if TYPE_CHECKING: may be absent
    attrs: tuple[str, ...] = ()  # from NAME import attrs (each may be a submodule)


def minref_modules(repo: Path = REPO) -> list[str]:
    """Every module of the minref package, by dotted name, from the source tree."""
    root = repo / "minref"
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(repo).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        out.append(".".join(parts))
    return out


def _module_path(repo: Path, module: str) -> Path:
    base = repo.joinpath(*module.split("."))
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


class _Visitor(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool):
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.optional = 0
        self.found: list[Import] = []

    def visit_Try(self, node):  # noqa: N802 (ast API)
        guarded = any(
            h.type is not None
            and re.search(r"\b(ImportError|ModuleNotFoundError)\b", ast.unparse(h.type))
            for h in node.handlers
        )
        self.optional += guarded
        for stmt in node.body:
            self.visit(stmt)
        self.optional -= guarded
        for part in (*node.handlers, *node.orelse, *node.finalbody):
            self.visit(part)

    def visit_If(self, node):  # noqa: N802
        type_checking = "TYPE_CHECKING" in ast.unparse(node.test)
        self.optional += type_checking
        for stmt in node.body:
            self.visit(stmt)
        self.optional -= type_checking
        for stmt in node.orelse:
            self.visit(stmt)

    def visit_Import(self, node):  # noqa: N802
        for alias in node.names:
            self.found.append(Import(self.module, alias.name, node.lineno, self.optional > 0))

    def visit_ImportFrom(self, node):  # noqa: N802
        if node.level:
            base = self.package.split(".")
            base = base[: len(base) - (node.level - 1)]
            name = ".".join(base + ([node.module] if node.module else []))
        else:
            name = node.module or ""
        attrs = tuple(a.name for a in node.names if a.name != "*")
        self.found.append(Import(self.module, name, node.lineno, self.optional > 0, attrs))


@cache
def minref_imports(repo: Path = REPO) -> tuple[Import, ...]:
    """Every import statement in minref (module level and inside functions)."""
    out: list[Import] = []
    for module in minref_modules(repo):
        path = _module_path(repo, module)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        visitor = _Visitor(module, path.name == "__init__.py")
        visitor.visit(tree)
        out.extend(visitor.found)
    return tuple(out)


def _requirement_name(req: str) -> str | None:
    if ";" in req and "extra ==" in req.split(";", 1)[1]:
        return None  # an optional extra
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)", req)
    return m[1] if m else None


@cache
def dependency_import_names(repo: Path = REPO) -> frozenset[str]:
    """Top-level import names of pyproject's dependencies and of what they require.

    Read from the installed distributions (importlib.metadata), so it must run in the
    environment the bundle is built from.  A dependency that is not installed is named
    by its distribution name (lower case, '-' as '_').
    """
    import importlib.metadata as md

    project = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))
    todo = [n for n in map(_requirement_name, project["project"]["dependencies"]) if n]
    seen: set[str] = set()
    names: set[str] = set()
    while todo:
        dist_name = todo.pop()
        key = re.sub(r"[-_.]+", "-", dist_name).lower()
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = md.distribution(dist_name)
        except md.PackageNotFoundError:
            names.add(key.replace("-", "_"))
            continue
        top = (dist.read_text("top_level.txt") or "").split()
        if not top:
            for f in dist.files or ():
                parts = Path(str(f)).parts
                if len(parts) > 1 and not parts[0].endswith((".dist-info", ".data")):
                    top.append(parts[0])
                elif len(parts) == 1 and parts[0].endswith(".py"):
                    top.append(parts[0][:-3])
        names.update(t for t in top if t.isidentifier() and t != "__pycache__")
        todo.extend(n for n in map(_requirement_name, dist.requires or ()) if n)
    return frozenset(names)


def safe_excludes(excludes: list[str], repo: Path = REPO) -> tuple[list[str], list[str]]:
    """(kept, dropped): an exclude is dropped when minref imports it (or something inside
    it) or when it is the top-level package of a dependency in pyproject.toml."""
    deps = dependency_import_names(repo)
    imported = {i.name for i in minref_imports(repo) if not i.optional}
    imported |= {f"{i.name}.{a}" for i in minref_imports(repo) if not i.optional for a in i.attrs}
    kept, dropped = [], []
    for ex in excludes:
        needed = ex in deps or any(n == ex or n.startswith(ex + ".") for n in imported)
        (dropped if needed else kept).append(ex)
    return kept, dropped


if __name__ == "__main__":
    for imp in minref_imports():
        print(f"{imp.module}:{imp.line} {imp.name}{' (optional)' if imp.optional else ''}")
    print("dependencies:", " ".join(sorted(dependency_import_names())), file=sys.stderr)
