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
CHECKS = [
    "catalog opens",
    "catalog verifies",
    "FTS5 search",
    "bundled fonts",
    "page renders offscreen",
    "chart draws",
    "commodity brief to PDF",
    "user folders writable",
]
LINE = re.compile(r"^(ok   |FAIL )(?P<name>[^(:]+?)(?: \(.*\)|: .*)$")


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


def test_self_test_passes_on_the_catalog(catalog_path, tmp_path):
    code, lines = self_test(catalog_path, tmp_path / "home")
    assert code == 0, "\n".join(lines)
    assert lines[0].startswith("minref ") and "self-test (from source" in lines[0]
    assert results(lines) == {name: True for name in CHECKS}
    assert re.fullmatch(r"self-test passed: all 8 checks ok in [\d.]+ s", lines[-1])
    assert f"catalog opens ({catalog_path};" in lines[1]
    assert "'tierras raras' -> rare-earths" in "\n".join(lines)
    # the user folders were made, and the probe files gone again
    made = sorted(p.name for p in (tmp_path / "home").iterdir())
    assert made == ["cache", "config", "data", "logs"]
    assert not list((tmp_path / "home").rglob(".minref-selftest-*"))


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
    assert got["catalog opens"] is True
    assert got["catalog verifies"] is False
    assert got["user folders writable"] is False
    assert got["bundled fonts"] is True
    assert len(got) == len(CHECKS)
    text = "\n".join(lines)
    assert "FAIL catalog verifies: failed: sqlite integrity" in text
    assert f"{blocker / 'home'}" in text and "not writable" in text
    assert re.fullmatch(
        r"self-test FAILED: 2 of 8 checks failed \(catalog verifies, "
        r"user folders writable\) in [\d.]+ s",
        lines[-1],
    )


@pytest.mark.parametrize("content", [b"", b"this is not a database\n" * 200])
def test_unreadable_catalog_fails_fast(tmp_path, content):
    bad = tmp_path / "catalog.sqlite"
    bad.write_bytes(content)
    code, lines = self_test(bad, tmp_path / "home")
    assert code == 1, "\n".join(lines)
    got = results(lines)
    assert got["catalog opens"] is False
    # every check that needs the catalog says it did not run; the others still ran
    needing = [
        n for n in CHECKS if n not in ("catalog opens", "bundled fonts", "user folders writable")
    ]
    for name in needing:
        assert f"FAIL {name}: not run, the catalog did not open" in lines
    assert got["bundled fonts"] and got["user folders writable"]
    assert "minref catalog build" in lines[1] or "reinstall" in lines[1]
    assert lines[-1].startswith("self-test FAILED: 6 of 8 checks failed")


def test_in_process_run_returns_the_exit_code(tmp_path, capsys):
    """run_self_test itself (what the CLI calls) returns 1 and never exits.

    With no catalog no Qt check runs, so this is safe inside the test process.
    """
    from minref.selftest import run_self_test

    missing = tmp_path / "nowhere" / "catalog.sqlite"
    assert run_self_test(str(missing)) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith(f"FAIL catalog opens: The catalog file {missing} does not exist")
    assert out[-1].startswith("self-test FAILED: 6 of 8 checks failed")


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
