"""Start-up: the garbage collector is paused while the program starts (minref.launch) and
switched on again before any work that creates garbage: a command once its command line
is read, the desktop app once its first page is complete, and on every way out."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from minref import cli, launch

REPO = Path(__file__).resolve().parents[1]


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
    env = dict(
        os.environ,
        MINREF_HOME=str(tmp_path),
        QT_QPA_PLATFORM="offscreen",
        MINREF_STARTUP_PROBE="1",
    )
    for k in ("MINREF_CATALOG", "DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(k, None)
    proc = subprocess.run(
        [sys.executable, "-m", "minref", "--catalog", str(catalog_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    lines = dict(line.split(" ", 1) for line in proc.stdout.splitlines() if " " in line)
    assert lines["gc_enabled_at_first_paint"] == "0"  # paused through the first frame
    assert lines["gc_enabled"] == "1"  # and on once the event loop is idle
    assert float(lines["interactive"]) >= float(lines["first_paint"])
