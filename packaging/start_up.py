"""What the frozen bundle does to start as fast as minref run from source (issue 18).

Read by packaging/minref.spec at build time and by packaging/check-bundle.py, which checks
the built bundle against it.  Plain Python: no PyInstaller here.

1. PySide's support modules as compiled files.  shiboken6 carries its Python support
   package (``shibokensupport``: function signatures, the ``__feature__`` switch) as a zip
   inside libshiboken, and every start decodes it and compiles its modules from source
   (10 ms of each launch of the frozen app, measured) unless a folder ``files.dir`` beside
   shiboken6's ``__init__`` holds them: shiboken's own layout for ``SBK_EMBED=0``.  The
   build takes them from the very shiboken it bundles, compiles them (bytecode that is
   not checked against the sources' timestamps, which a .deb or a copy may change) and
   ships them there.
2. No multiprocessing at start-up.  PyInstaller adds the run-time hook
   ``pyi_rth_multiprocessing`` whenever ``multiprocessing`` is in the bundle: it imports
   the package at every start (10 ms) so that a frozen program can start multiprocessing's
   helper processes.  minref starts none (tests/test_architecture.py holds that); the
   package is bundled only because pyqtgraph imports it for its RemoteGraphicsView, which
   minref never uses.
"""

from __future__ import annotations

import py_compile
import subprocess
import sys
from pathlib import Path

# Beside shiboken6/__init__ in the bundle (shibokensupport's signature_bootstrap looks
# there: Path(shiboken6.__file__).resolve().parent / "files.dir").
SUPPORT_DIR = "shiboken6/files.dir"
# Run-time hooks the bundle leaves out, and why (above).
DROPPED_RUNTIME_HOOKS = ("pyi_rth_multiprocessing",)

_EXTRACT = """
import sys
import shiboken6  # noqa: F401  (bootstraps shibokensupport from libshiboken's zip)
support = sys.modules["shibokensupport"]
zfile = getattr(support.__loader__, "zfile", None)
if zfile is None:
    sys.exit("shibokensupport was not loaded from libshiboken's embedded zip: "
             + repr(support.__loader__))
names = [n for n in zfile.namelist() if n.endswith(".py")]
zfile.extractall(sys.argv[1], members=names)
print("\\n".join(names))
"""


def extract_pyside_support(python: str, dest: Path) -> list[Path]:
    """Write shiboken's embedded support modules under ``dest``, each with its compiled
    bytecode beside it (``__pycache__``, for this Python); returns the .py files.

    ``python`` must be the interpreter whose shiboken6 is bundled (the spec's own)."""
    dest.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [python, "-c", _EXTRACT, str(dest)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"cannot extract PySide's support modules: {done.stderr.strip()}")
    sources = [dest / name for name in done.stdout.split()]
    if not any(p.name == "loader.py" for p in sources):
        raise RuntimeError(f"shiboken's embedded zip has no signature loader: {sources}")
    for src in sources:
        py_compile.compile(
            str(src),
            doraise=True,
            invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
        )
    return sources


def support_problems(support: Path) -> list[str]:
    """What is wrong with an extracted support folder (empty when each module of the
    signature package is there with bytecode this Python reads unchecked)."""
    import importlib.util

    problems = []
    for name in REQUIRED_SUPPORT_MODULES:
        src = support / name
        if not src.is_file():
            problems.append(f"{SUPPORT_DIR}/{name} is missing")
            continue
        pyc = Path(importlib.util.cache_from_source(str(src)))
        try:
            flags = int.from_bytes(pyc.read_bytes()[4:8], "little")
        except OSError:
            problems.append(f"{SUPPORT_DIR}/{name} has no bytecode ({pyc.name})")
            continue
        if flags != 1:  # bit 0: hash-based; bit 1: check the source (PEP 552)
            problems.append(f"{SUPPORT_DIR}/{name}: bytecode checked against the source")
    return problems


# The modules the signature loader imports at every start (shibokensupport.signature).
REQUIRED_SUPPORT_MODULES = (
    "shibokensupport/__init__.py",
    "shibokensupport/feature.py",
    "shibokensupport/signature/__init__.py",
    "shibokensupport/signature/loader.py",
    "shibokensupport/signature/parser.py",
    "shibokensupport/signature/mapping.py",
    "shibokensupport/signature/layout.py",
    "shibokensupport/signature/lib/pyi_generator.py",
)


def without_dropped_hooks(scripts: list) -> list:
    """PyInstaller's script list without :data:`DROPPED_RUNTIME_HOOKS`."""
    return [entry for entry in scripts if entry[0] not in DROPPED_RUNTIME_HOOKS]


if __name__ == "__main__":  # python packaging/start_up.py DEST: extract and list
    for path in extract_pyside_support(sys.executable, Path(sys.argv[1])):
        print(path)
