#!/usr/bin/env python3
"""Check a built bundle's modules against what minref imports (issue 12).

    .venv/bin/python packaging/check-bundle.py [dist/minref]

Lists the modules the frozen app holds (the PYZ archive inside the executable, the
base_library.zip, the extension modules under _internal/ and the interpreter's built-in
modules) and compares them with every import statement in minref's source (module level
and inside functions, packaging/bundle_modules.py), and with every minref module in the
source tree.  A missing minref module, or a missing module minref imports outside an
``except ImportError`` guard, is one line each and a non-zero exit.  So is a bundle that
starts with a cost packaging/start_up.py removes (checked in the files and in the frozen
window's start-up probe).  Needs PyInstaller (packaging/requirements.txt) for its archive
readers; reads, never writes.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import start_up  # noqa: E402
from bundle_modules import REPO, minref_imports, minref_modules  # noqa: E402

logger = logging.getLogger(__name__)


def bundle_modules(bundle: Path) -> set[str]:
    """Every importable module name in a one-folder bundle."""
    from PyInstaller.archive.readers import CArchiveReader

    exe = bundle / ("minref.exe" if sys.platform == "win32" else "minref")
    internal = bundle / "_internal"
    names: set[str] = set(sys.builtin_module_names)
    archive = CArchiveReader(str(exe))
    for entry in archive.toc:
        if entry.endswith(".pyz"):
            names.update(archive.open_embedded_archive(entry).toc)
    base = internal / "base_library.zip"
    if base.is_file():
        with zipfile.ZipFile(base) as zf:
            for n in zf.namelist():
                if n.endswith(".pyc"):
                    parts = n[:-4].split("/")
                    if parts[-1] == "__init__":
                        parts.pop()
                    names.add(".".join(parts))
    for so in list(internal.rglob("*.so")) + list(internal.rglob("*.pyd")):
        rel = so.relative_to(internal)
        if not so.name.count(".") >= 2 and so.suffix != ".pyd":
            continue  # a plain shared library (libfoo.so), not an extension module
        parts = list(rel.parts)
        if "lib-dynload" in parts:
            parts = parts[parts.index("lib-dynload") + 1 :]
        parts[-1] = parts[-1].split(".")[0]
        names.add(".".join(parts))
    return names


def _present(name: str, have: set[str]) -> bool:
    return name in have


def check(bundle: Path) -> list[str]:
    """The problems found (empty when the bundle holds what minref needs)."""
    have = bundle_modules(bundle)
    problems = []
    for module in minref_modules(REPO):
        if module not in have:
            problems.append(f"minref module {module} is not in the bundle")
    seen = set()
    for imp in minref_imports(REPO):
        if imp.optional or imp.name == "__future__":
            continue
        key = (imp.name, imp.attrs)
        if key in seen:
            continue
        seen.add(key)
        if not _present(imp.name, have):
            problems.append(f"{imp.module} (line {imp.line}) imports {imp.name}: not in the bundle")
            continue
        for attr in imp.attrs:
            # `from pkg import name`: name is a submodule or an attribute.  When a
            # submodule of that name exists in the source environment it must be bundled.
            sub = f"{imp.name}.{attr}"
            if sub not in have and _is_module_here(sub):
                problems.append(f"{imp.module} (line {imp.line}) imports {sub}: not in the bundle")
    return problems


def start_up_problems(bundle: Path) -> list[str]:
    """The bundle's start-up savings (packaging/start_up.py) are built in and in use: no
    dropped run-time hook in the executable, PySide's support modules compiled beside
    shiboken6, and the frozen window reading them (its start-up probe says so)."""
    from PyInstaller.archive.readers import CArchiveReader

    exe = bundle / ("minref.exe" if sys.platform == "win32" else "minref")
    toc = CArchiveReader(str(exe)).toc
    problems = [
        f"the executable runs the run-time hook {hook} at every start"
        for hook in start_up.DROPPED_RUNTIME_HOOKS
        if hook in toc
    ]
    problems += start_up.support_problems(bundle / "_internal" / start_up.SUPPORT_DIR)
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, MINREF_STARTUP_PROBE="1", MINREF_HOME=home)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        env.pop("MINREF_CATALOG", None)
        done = subprocess.run(
            [str(exe)], capture_output=True, text=True, env=env, timeout=120, check=False
        )
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if line.count(" ") == 1)
    if lines.get("pyside_support_compiled") != "1":
        problems.append(
            "the frozen window compiled PySide's support modules from libshiboken's zip "
            f"(probe: {lines.get('pyside_support_compiled')!r}, exit {done.returncode})"
        )
    if lines.get("multiprocessing_at_first_paint") != "0":
        problems.append(
            "the frozen window imported multiprocessing before its first paint "
            f"(probe: {lines.get('multiprocessing_at_first_paint')!r})"
        )
    return problems


def _is_module_here(name: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError, AttributeError):
        return False


def main(argv: list[str]) -> int:
    bundle = Path(argv[1]) if len(argv) > 1 else REPO / "dist" / "minref"
    if not (bundle / "_internal").is_dir():
        print(f"check-bundle: no one-folder bundle at {bundle}", file=sys.stderr)
        return 2
    problems = check(bundle)
    slow = start_up_problems(bundle)
    for p in slow:
        print(f"FAIL {p}")
    if not slow:
        print(
            f"ok   {bundle}: starts without {', '.join(start_up.DROPPED_RUNTIME_HOOKS)} and "
            "reads PySide's support modules compiled (packaging/start_up.py)"
        )
    n_imports = len({i.name for i in minref_imports(REPO)})
    if problems:
        for p in problems:
            print(f"FAIL {p}")
        print(f"check-bundle: {len(problems)} modules minref needs are missing from {bundle}")
        return 1
    if slow:
        return 1
    print(
        f"ok   {bundle}: all {len(minref_modules(REPO))} minref modules and the "
        f"{n_imports} modules they import are in the bundle"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
