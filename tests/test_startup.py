"""Start-up: the garbage collector is paused while the program starts (minref.launch) and
switched on again before any work that creates garbage: a command once its command line
is read, the desktop app once its first page is complete, and on every way out."""

from __future__ import annotations

import ast
import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from minref import cli, launch

REPO = Path(__file__).resolve().parents[1]


def run_python(args: list[str], env: dict) -> subprocess.CompletedProcess:
    """Python in a fresh process, from the checkout; it must exit 0."""
    proc = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc


def probe_lines(catalog_path, home, *args: str) -> dict[str, str]:
    """The desktop app started offscreen with $MINREF_STARTUP_PROBE: what it printed at its
    first paint and when idle ("first_paint", "gc_enabled", ...), by name."""
    env = dict(
        os.environ,
        MINREF_HOME=str(home),
        QT_QPA_PLATFORM="offscreen",
        MINREF_STARTUP_PROBE="1",
    )
    for k in ("MINREF_CATALOG", "DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(k, None)
    proc = run_python(["-m", "minref", "--catalog", str(catalog_path), *args], env)
    return dict(line.split(" ", 1) for line in proc.stdout.splitlines() if " " in line)


@pytest.fixture
def collector_restored():
    yield
    gc.enable()  # whatever a failing test left


def test_a_command_runs_with_the_collector_on(monkeypatch, collector_restored):
    seen = []
    monkeypatch.setitem(cli.COMMANDS, "show", lambda args: seen.append(gc.isenabled()) or 0)
    assert launch.main(["show", "silver"]) == 0
    assert seen == [True]


def test_the_launcher_pauses_the_collector_before_minref_is_imported(
    monkeypatch, collector_restored
):
    seen = []

    def cli_main(argv):
        seen.append((gc.isenabled(), argv))
        return 7

    monkeypatch.setattr(cli, "main", cli_main)
    assert launch.main(["--catalog", "x"]) == 7
    assert seen == [(False, ["--catalog", "x"])]


def test_the_window_switches_the_collector_on_when_start_up_fails(monkeypatch, collector_restored):
    from minref.ui import app

    def broken(catalog_arg, debug):
        raise RuntimeError("no window")

    monkeypatch.setattr(app, "_run_gui", broken)
    gc.disable()
    with pytest.raises(RuntimeError, match="no window"):
        app.run_gui(None, False)
    assert gc.isenabled()


def test_the_desktop_app_pauses_the_collector_until_its_first_page_is_complete(
    catalog_path, tmp_path
):
    lines = probe_lines(catalog_path, tmp_path)
    assert lines["gc_enabled_at_first_paint"] == "0"  # paused through the first frame
    assert lines["gc_enabled"] == "1"  # and on once the event loop is idle
    # multiprocessing comes with pyqtgraph, after the first frame (the bundle leaves out
    # PyInstaller's hook that imported it at every start: packaging/start_up.py)
    assert lines["multiprocessing_at_first_paint"] == "0"
    # Nor OpenSSL's hashes by the time the first page is complete: the trade store
    # named its staging files with secrets, which loads hmac and hashlib (2.5 ms)
    assert lines["openssl_interactive"] == "0"
    assert float(lines["interactive"]) >= float(lines["first_paint"])


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_first_page_is_painted_without_babels_locale_data(catalog_path, tmp_path, lang):
    # Plain numbers and percentages in every language come from minref.i18n's table of
    # CLDR conventions; loading Babel's was 14 ms of a Spanish or French start.
    lines = probe_lines(catalog_path, tmp_path, "--lang", lang)
    assert lines["babel_at_first_paint"] == "0"
    # Nor any widget class beyond those the first page uses: asking a table for its
    # viewport (a widget of a class PySide does not bind) built all of them, QWizard's
    # enums included, 7-8 ms of the first frame (minref.ui.tables.viewport_width).
    assert lines["widget_classes_at_first_paint"] == "0"
    # Nor once the page is complete: the world table and its charts side by side asked
    # the page for its viewport to follow its width (SideBySide), 9 ms more.
    assert lines["widget_classes_interactive"] == "0"


# PySide reads the source of every module imported after it to find
# "from __feature__ import"; minref.ui.app.spare_pyside_source_scans answers for it.
SCANS = """
import sys
{before}
import PySide6.QtWidgets
feature = sys.modules["shibokensupport.feature"]
scanned = []
real = feature._mod_uses_pyside
feature._mod_uses_pyside = lambda module: scanned.append(module.__name__) or real(module)
{spare}
import csv
from minref.ui import widgets
import logging
print(sorted(scanned))
print(feature.pyside_feature_dict.get("csv"), feature.pyside_feature_dict.get("minref.ui"))
"""


def _scans(before: str, spare: str) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = run_python(["-c", SCANS.format(before=before, spare=spare)], env)
    return proc.stdout.splitlines()


def test_pyside_reads_the_source_of_each_new_module_unless_spared():
    # Without it, PySide reads csv, minref.ui and what minref.ui.widgets imports (the
    # catalog's models) as they are imported, and logging (imported before PySide) at the
    # first import statement naming it after: the control.
    scanned, entries = _scans("import logging", "")
    read = set(ast.literal_eval(scanned))
    assert {"csv", "logging", "minref.ui", "minref.catalog.models"} <= read
    assert entries == "-1 -1"  # neither mentions PySide
    # Spared: none of them is read, and each has PySide's "no feature selected" entry.
    scanned, entries = _scans(
        "import logging",
        "from minref.ui.app import spare_pyside_source_scans\n"
        "assert spare_pyside_source_scans()\n"
        "scanned.clear()  # what importing minref.ui.app itself had read",
    )
    assert ast.literal_eval(scanned) == []
    assert entries == "0 0"


def test_the_app_starts_in_fusion_without_asking_for_its_style(tmp_path):
    # make_app starts Qt with -style Fusion and marks it; theme.apply then leaves the style
    # alone (asking Qt for it would build PySide's QStyle class, 5 ms of start-up).
    code = """
import sys
from minref.ui.app import make_app
from minref.ui import theme
app = make_app()
print(app.property(theme.STYLE_PROPERTY), app.style().name())
app.setStyle = lambda style: print("set again", style)
theme.apply(app, theme.LIGHT)
print(app.property(theme.STYLE_PROPERTY))
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MINREF_HOME=str(tmp_path))
    proc = run_python(["-c", code], env)
    assert proc.stdout.split() == ["Fusion", "fusion", "Fusion"]


def test_the_bundled_fonts_are_registered_only_when_the_system_lacks_dejavu(monkeypatch):
    from PySide6.QtGui import QFontDatabase

    from minref.ui import app

    added = []
    monkeypatch.setattr(QFontDatabase, "addApplicationFont", lambda path: added.append(path))
    monkeypatch.setattr(QFontDatabase, "hasFamily", lambda family: True)
    app.register_fonts()
    assert added == []
    monkeypatch.setattr(QFontDatabase, "hasFamily", lambda family: family != "DejaVu Sans")
    app.register_fonts()
    assert sorted(Path(p).name for p in added) == [
        "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique.ttf",
        "DejaVuSans.ttf",
    ]
