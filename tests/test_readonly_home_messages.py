"""A read-only home (MINREF_HOME on a read-only folder), as QA ran the built app: the CLI
says one clear thing and no developer's log line, Spanish and French still work, and the
window gives the reason itself where the log that would hold it cannot be written.

As in tests/test_faults.py, the read-only home is real (a read-only bind mount in a
private mount namespace) when the tests run as root with ``unshare``; elsewhere it is a
folder without write permission.  Each case runs minref in a fresh process.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_faults import can_unshare, read_only_mount

REPO = Path(__file__).resolve().parents[1]
MINREF = [sys.executable, "-m", "minref"]
FIX = Path(__file__).parent / "fixtures" / "imports"
COMTRADE = FIX / "comtrade_export.csv"


def _env(home: Path) -> dict:
    env = dict(os.environ, MINREF_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    # the probe script's own folder comes first on its path: minref from this checkout
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    for k in ("MINREF_CATALOG", "DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(k, None)
    return env


def _run(cmd: list[str], home: Path, *, read_only: bool) -> subprocess.CompletedProcess:
    """``cmd`` with MINREF_HOME=home, the home read-only for it when asked."""
    prefix: list[str] = []
    modes: list[tuple[Path, int]] = []
    if read_only:
        if os.geteuid() == 0:
            if not can_unshare():
                pytest.skip("root ignores file modes and unshare -m is not available")
            prefix = read_only_mount(home)
        else:
            for p in [home, *home.rglob("*")]:
                modes.append((p, p.stat().st_mode))
                p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        return subprocess.run(
            [*prefix, *cmd],
            capture_output=True,
            text=True,
            env=_env(home),
            cwd=REPO,
            timeout=180,
            check=False,
        )
    finally:
        for p, mode in reversed(modes):
            p.chmod(mode)


def _minref(args, home: Path, catalog: Path, *, read_only: bool = True):
    return _run([*MINREF, "--catalog", str(catalog), *map(str, args)], home, read_only=read_only)


def _reason() -> str:
    """What the messages give as the reason the home cannot be written."""
    return "read-only file system" if os.geteuid() == 0 else "permission denied"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def home(tmp_path):
    h = tmp_path / "home"
    h.mkdir()
    return h


@pytest.fixture
def home_with_an_import(home, catalog_path):
    """A home holding one import (import 1, comtrade_export.csv), written while writable."""
    proc = _minref(["import", COMTRADE, "--yes"], home, catalog_path, read_only=False)
    assert proc.returncode == 0, proc.stderr
    return home


# --- defect 1: the message catalog with a read-only cache ---------------------------------
@pytest.mark.parametrize(
    "lang, words", [("es", ["Plata", "Datos clave", "México"]), ("fr", ["Argent", "Mexique"])]
)
def test_spanish_and_french_with_a_read_only_cache_say_nothing_of_it(
    catalog_path, home, lang, words
):
    proc = _minref(["--lang", lang, "show", "silver"], home, catalog_path)
    assert proc.returncode == 0, proc.stderr
    assert "cannot compile" not in proc.stderr and "Read-only" not in proc.stderr
    assert proc.stderr == "", proc.stderr
    first = proc.stdout.splitlines()[0]
    assert first.startswith(words[0]), first
    for word in words:
        assert word in proc.stdout, word
    assert "Key facts" not in proc.stdout  # the language works, not English
    assert list(home.iterdir()) == []  # nothing could be cached, nothing half-written


# --- defect 3: the import command -----------------------------------------------------------
def test_import_into_a_read_only_home_prints_only_the_clear_error(
    catalog_path, home_with_an_import
):
    data = home_with_an_import / "data" / "userdata.sqlite"
    before = _sha(data)
    again = home_with_an_import.parent / "again.csv"
    again.write_text(COMTRADE.read_text(encoding="utf-8"), encoding="utf-8")
    proc = _minref(["import", again, "--yes"], home_with_an_import, catalog_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "WARNING" not in proc.stderr and "staging" not in proc.stderr, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"minref: {again}: The import could not be saved in {data}")
    assert f"({_reason()}); nothing was written." in lines[0]
    assert _sha(data) == before


def test_removing_an_import_from_a_read_only_home_says_removal(catalog_path, home_with_an_import):
    data = home_with_an_import / "data" / "userdata.sqlite"
    before = _sha(data)
    proc = _minref(["import", "--remove", "1"], home_with_an_import, catalog_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stderr.splitlines() == [
        f"minref: Could not remove import 1: your data file {data} cannot be written "
        f"({_reason()}); nothing was changed. Check that the file and its folder are writable."
    ]
    assert "could not be saved" not in proc.stderr
    assert _sha(data) == before
    listed = _minref(["import", "--list", "--json"], home_with_an_import, catalog_path)
    assert [i["import_id"] for i in json.loads(listed.stdout)["imports"]] == [1]


# --- defect 2: the window's Starred and Books pages, and Ctrl+D -----------------------------
PROBE = r"""
import json, sys
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from minref.ui.app import setup_logging
log = setup_logging(False)  # as the app starts: no log file in a read-only home
app = QApplication([])
from minref.catalog.queries import Catalog
from minref.ui import book_actions
from minref.ui.main_window import MainWindow
shown = []
QMessageBox.warning = staticmethod(lambda parent, title, text, *a, **k: shown.append(text))
window = MainWindow(Catalog.open(sys.argv[1]), None)
out = {"log": str(log) if log else None}
for key in ("starred", "books"):
    window.open(key)
    out[key] = [label.text() for label in window.current_page().findChildren(QLabel)]
window.open("commodity:silver")
for action in window.book_menu.actions():
    if action.shortcut().toString() == "Ctrl+D":
        action.trigger()
out["ctrl_d"] = shown
print("PROBE " + json.dumps(out))
"""


def _probe(home: Path, catalog: Path, tmp_path: Path) -> dict:
    script = tmp_path / "probe.py"
    script.write_text(PROBE, encoding="utf-8")
    proc = _run([sys.executable, str(script), str(catalog)], home, read_only=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("PROBE "))
    return json.loads(line[len("PROBE ") :])


def _the_reason(home: Path) -> str:
    return (
        f"Your data folder {home / 'data'} cannot be written ({_reason()}): starred pages, "
        "notes and briefing books cannot be kept."
    )


def test_pages_give_the_reason_when_the_log_cannot_be_written(catalog_path, home, tmp_path):
    got = _probe(home, catalog_path, tmp_path)
    assert got["log"] is None  # the log could not be written either
    for page in ("starred", "books"):
        texts = got[page]
        assert not any("log" in t for t in texts), (page, texts)
        assert any(t.startswith(_the_reason(home)) for t in texts), (page, texts)
    # Ctrl+D shows the same message instead of doing nothing
    assert len(got["ctrl_d"]) == 1 and got["ctrl_d"][0].startswith(_the_reason(home))
    assert got["ctrl_d"][0] in got["starred"]
    assert list(home.iterdir()) == []


def test_ctrl_d_with_a_read_only_data_file_says_why(catalog_path, home_with_an_import, tmp_path):
    """The data file opens (read only) but a star cannot be written: the same message, no
    unexpected-error dialog, and the file unchanged."""
    data = home_with_an_import / "data" / "userdata.sqlite"
    before = _sha(data)
    got = _probe(home_with_an_import, catalog_path, tmp_path)
    assert len(got["ctrl_d"]) == 1, got["ctrl_d"]
    assert got["ctrl_d"][0].startswith(_the_reason(home_with_an_import))
    assert _sha(data) == before
