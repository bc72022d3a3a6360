"""``minref --self-test``: passes on a good installation; any failed check gives a non-zero
exit, one FAIL line per failed check, and the other checks still run.

Run as a separate process (as an official would), so that the self-test's QApplication and
theme never leak into the other GUI tests.  CI also runs the frozen bundle's --self-test
(.ci/run, packaging/build-linux.sh).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(ok   |FAIL )(?P<name>[^(:]+?)(?: \(.*\)|: .*)$")
NEEDS_CATALOG_START = ["catalog verifies", "FTS5 search"]
# Commands with a sample in the self-test (each is "cli NAME ..."): the list.
SAMPLED = {
    "show": ["cli show"],
    "country": ["cli country"],
    "search": ["cli search"],
    "trade": ["cli trade"],
    "import": ["cli import", "cli import BACI"],
    "claims": ["cli claims"],
    "supply": ["cli supply"],
    "book": ["cli book list"],
    "data": ["cli data status"],
}


def expected_checks() -> list[str]:
    """Every check the self-test must print, from the registries (issue 12)."""
    import importlib.util

    from minref.analysis.charts import CHART_KINDS
    from minref.briefing.kinds import BRIEF_KINDS
    from minref.cli import COMMANDS
    from minref.ui.pages import PAGES

    names = ["catalog opens", *NEEDS_CATALOG_START, "bundled fonts", "minref modules import"]
    names += [f"page {k}" for k in PAGES] + ["interface language"]
    names += [n for c in SAMPLED if c in COMMANDS for n in SAMPLED[c]] + ["cli catalog info"]
    names += [f"cli chart {k}" for k in CHART_KINDS] + [f"cli brief {k}" for k in BRIEF_KINDS]
    names += [f"cli {c}" for c in sorted(set(COMMANDS) - set(SAMPLED) - {"chart", "brief"})]
    names += ["user data store"]
    if importlib.util.find_spec("minref.i18n") is not None:
        names.append("translations load")
    return names + ["user folders writable"]


def self_test(catalog: Path, home: Path, *extra: str) -> tuple[int, list[str]]:
    env = dict(os.environ, MINREF_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    env.pop("MINREF_CATALOG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "minref", "--catalog", str(catalog), "--self-test", *extra],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
    )
    return proc.returncode, proc.stdout.splitlines()


def results(lines: list[str]) -> dict[str, bool]:
    """{check name: passed} from the lines between the header and the summary."""
    out = {}
    for line in lines[1:-1]:
        m = LINE.match(line)
        assert m, f"not a check line: {line!r}"
        out[m["name"]] = line.startswith("ok")
    return out


def test_self_test_passes_on_the_catalog(catalog_path, tmp_path, monkeypatch):
    # On a Spanish system (as the build runs the bundle's): the window in Spanish, and the
    # commands the self-test reads still answer in English.
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    code, lines = self_test(catalog_path, tmp_path / "home")
    assert code == 0, "\n".join(lines)
    assert lines[0].startswith("minref ") and "self-test (from source" in lines[0]
    names = expected_checks()
    got = results(lines)
    assert sorted(got) == sorted(names)  # every page, command, chart and brief kind
    assert all(got.values())
    assert re.fullmatch(rf"self-test passed: all {len(names)} checks ok in [\d.]+ s", lines[-1])
    text = "\n".join(lines)
    assert f"catalog opens ({catalog_path};" in lines[1]
    assert "'tierras raras' -> rare-earths" in text
    assert "ok   page commodity (commodity:silver, " in text
    assert "ok   interface language (es: the system asks for es; menus Archivo" in text
    assert "ok   cli search (plata -> silver, " in text
    # the bundled Comtrade fixture has two rows (resources/selftest/comtrade-selftest.csv)
    assert "ok   cli import (imported 2 rows " in text
    # and the BACI sample's three (resources/selftest/baci-selftest.csv): the block reader
    assert "ok   cli import BACI (imported 3 rows " in text
    for kind in ("png", "svg", "csv"):
        assert re.search(rf"ok   cli chart ranking \(silver: .*{kind} \d+ KB", text), kind
    # the user folders were made, and the probe files gone again; the commands ran in a
    # temporary home, so nothing of theirs (user data, caches) is in the user's home
    made = sorted(p.name for p in (tmp_path / "home").iterdir())
    assert made == ["cache", "config", "data", "logs"]
    assert not list((tmp_path / "home").rglob(".minref-selftest-*"))
    assert not list((tmp_path / "home" / "data").iterdir())


def test_damaged_catalog_and_unwritable_home_each_fail(catalog_path, tmp_path):
    """Two failures at once: both reported, the rest still checked, exit code 1."""
    damaged = tmp_path / "catalog.sqlite"
    shutil.copyfile(catalog_path, damaged)
    size = damaged.stat().st_size
    with damaged.open("r+b") as fh:  # garbage over pages in the middle: header still fine
        fh.seek(size // 2 // 4096 * 4096)
        fh.write(b"\xa5" * 4096 * 4)
    # A folder under a regular file can never be made, even by root (CI runs as root).
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, lines = self_test(damaged, blocker / "home")
    assert code == 1, "\n".join(lines)
    got = results(lines)
    assert sorted(got) == sorted(expected_checks())  # the user-folder failure stopped nothing
    assert got["catalog opens"] is True
    assert got["catalog verifies"] is False
    assert got["user folders writable"] is False
    assert got["bundled fonts"] and got["minref modules import"] and got["user data store"]
    text = "\n".join(lines)
    assert "FAIL catalog verifies: failed: SQLite integrity" in text
    assert f"{blocker / 'home'}" in text and "not writable" in text
    failed = [n for n, ok in got.items() if not ok]
    assert re.fullmatch(
        rf"self-test FAILED: {len(failed)} of {len(got)} checks failed "
        rf"\({re.escape(', '.join(failed))}\) in [\d.]+ s",
        lines[-1],
    )


@pytest.mark.parametrize("content", [b"", b"this is not a database\n" * 200])
def test_unreadable_catalog_fails_fast(tmp_path, content):
    bad = tmp_path / "catalog.sqlite"
    bad.write_bytes(content)
    code, lines = self_test(bad, tmp_path / "home")
    assert code == 1, "\n".join(lines)
    assert lines[1].startswith("FAIL catalog opens: ")
    assert "minref catalog build" in lines[1] or "reinstall" in lines[1]
    from minref.ui.pages import PAGES

    for name in NEEDS_CATALOG_START + [f"page {k}" for k in PAGES] + ["command-line commands"]:
        assert f"FAIL {name}: not run, the catalog did not open" in lines
    got = results(lines)
    # what needs no catalog still ran
    for name in ("bundled fonts", "minref modules import", "user data store"):
        assert got[name] is True, name
    assert got["user folders writable"] is True
    assert lines[-1].startswith(f"self-test FAILED: {4 + len(PAGES)} of {len(got)} checks failed")


def test_in_process_run_returns_the_exit_code(tmp_path, capsys):
    """run_self_test itself (what the CLI calls) returns 1 and never exits.

    With no catalog no Qt check runs, so this is safe inside the test process.
    """
    from minref.selftest import run_self_test

    missing = tmp_path / "nowhere" / "catalog.sqlite"
    assert run_self_test(str(missing)) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith(f"FAIL catalog opens: The catalog file {missing} does not exist")
    assert out[-1].startswith("self-test FAILED: ")


def test_the_fixture_the_self_test_imports_is_small_and_comtrade():
    fixture = REPO / "resources" / "selftest" / "comtrade-selftest.csv"
    lines = fixture.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("typeCode,freqCode,refPeriodId,refYear")
    assert len(lines) == 3 and fixture.stat().st_size < 2000


# --- the installers' files (packaging/README.md); building them is CI's job (.ci/run) ---
PACKAGING = REPO / "packaging"


def test_the_bundle_is_one_folder_and_never_stripped():
    spec = (PACKAGING / "minref.spec").read_text(encoding="utf-8")
    code = "\n".join(ln.split("#")[0] for ln in spec.splitlines())
    assert "COLLECT(" in code  # one folder: EXE(exclude_binaries=True) + COLLECT
    assert "exclude_binaries=True" in code
    assert "onefile" not in code.lower()
    assert re.findall(r"strip=(\w+)", code) and set(re.findall(r"strip=(\w+)", code)) == {"False"}
    assert "minref/data" in code and "minref/_resources" in code


def test_build_tools_are_pinned_and_the_scripts_runnable():
    reqs = [
        ln.strip()
        for ln in (PACKAGING / "requirements.txt").read_text().splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    assert any(r.startswith("pyinstaller==") for r in reqs)
    for r in reqs:
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][0-9A-Za-z.]*", r), r
    for script in (
        "build-linux.sh",
        "test-deb-chroot.sh",
        "macos/build-macos.sh",
        "debian/minref.sh",
    ):
        assert os.access(PACKAGING / script, os.X_OK), script
    assert "packaging/build-linux.sh" in (REPO / ".ci" / "run").read_text()


def test_desktop_entry_and_deb_control():
    desktop = (PACKAGING / "minref.desktop").read_text(encoding="utf-8").splitlines()
    entry = dict(ln.split("=", 1) for ln in desktop if "=" in ln)
    assert desktop[0] == "[Desktop Entry]"
    assert entry["Exec"] == "minref" and entry["Icon"] == "minref"
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"
    control = (PACKAGING / "debian" / "control.in").read_text(encoding="utf-8")
    depends = re.search(r"^Depends: (.+)$", control, re.MULTILINE)[1]
    for pkg in ("libgl1", "libegl1", "fontconfig-config", "fonts-dejavu-core"):
        assert pkg in depends
    assert "python3" not in depends  # the bundle brings its own Python
    for field in ("@VERSION@", "@ARCH@", "@INSTALLED_SIZE@"):
        assert field in control
    for icon in ("minref.svg", "minref.png", "minref.ico", "minref.icns"):
        assert (PACKAGING / "icons" / icon).stat().st_size > 1000, icon


def test_interface_language_line_names_the_window_language(qtbot, catalog):
    """The check the installers' build greps (packaging/build-linux.sh runs the frozen
    self-test with LANG=es_MX.UTF-8 and fr_FR.UTF-8): menus and Qt's own buttons in it."""
    from minref.selftest import _interface_language
    from minref.ui.app import make_app
    from minref.ui.main_window import MainWindow
    from minref.ui.translators import install_translators

    app = make_app()
    try:
        for lang, menu, cancel in (("es", "Archivo", "Cancelar"), ("fr", "Fichier", "Annuler")):
            install_translators(app, lang)
            win = MainWindow(catalog, None)
            qtbot.addWidget(win)
            line = _interface_language(win)
            assert line.startswith(f"{lang}: "), line
            assert menu in line and f"Qt's Cancel: {cancel}" in line, line
        install_translators(app, "en")
        win = MainWindow(catalog, None)
        qtbot.addWidget(win)
        line = _interface_language(win)
        assert line.startswith("en: ") and "Qt's Cancel: Cancel" in line and "File" in line
    finally:
        install_translators(app, "en")
