"""Faults of the source install (issue 12, "No traceback on any fault"): each case runs
minref as a subprocess, as an official would, and asserts the one clear message, the
exit code, and that outputs and the catalog are unchanged or consistent.

The import and user-data faults are in tests/test_desk_claims.py and the importer tests;
this module holds the output paths, the homes, the arguments, search normalisation and
the window's damaged-catalog cases.  A full disk and a read-only home are real (a tmpfs
and a read-only bind mount in a private mount namespace) when the tests run as root with
``unshare``, as in CI; elsewhere the read-only case uses file modes and the full disk is
skipped with the reason.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MINREF = [sys.executable, "-m", "minref"]


def run(args, home: Path, *, catalog: Path | None = None, env=None, prefix=(), timeout=120):
    """minref ARGS in a fresh process (MINREF_HOME=home, offscreen, no display)."""
    e = dict(os.environ, MINREF_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    for k in ("MINREF_CATALOG", "DISPLAY", "WAYLAND_DISPLAY"):
        e.pop(k, None)
    e.update(env or {})
    cat = ["--catalog", str(catalog)] if catalog else []
    return subprocess.run(
        [*prefix, *MINREF, *cat, *map(str, args)],
        capture_output=True,
        text=True,
        env=e,
        cwd=REPO,
        timeout=timeout,
        check=False,
    )


def one_clear_line(proc) -> str:
    """stderr holds a message and no traceback; returns its first line."""
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("minref")]
    assert lines, proc.stderr
    return lines[0]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def can_unshare() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=16k tmpfs /mnt"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


def read_only_mount(folder) -> list[str]:
    """A command prefix that runs the command with ``folder`` mounted read-only over itself
    (as root, where file modes do not stop writes; needs :func:`can_unshare`)."""
    return [
        "unshare",
        "-m",
        "sh",
        "-c",
        f'mount --bind "{folder}" "{folder}" && mount -o remount,bind,ro "{folder}" && exec "$@"',
        "sh",
    ]


@pytest.fixture
def home(tmp_path):
    h = tmp_path / "home"
    h.mkdir()
    return h


# --- output paths: one check and one atomic writer, the same messages as 'brief' ---------
def test_missing_folder_gets_the_briefs_message(catalog_path, home, tmp_path):
    missing = tmp_path / "no" / "such"
    brief = run(
        ["brief", "commodity", "silver", "--out", missing / "b.pdf"], home, catalog=catalog_path
    )
    want = f"minref: The folder {missing} does not exist."
    assert brief.returncode == 1 and one_clear_line(brief) == want
    for args in (
        ["chart", "ranking", "silver", "--out", missing / "c.png"],
        ["chart", "ranking", "silver", "--out", missing / "c.csv"],
        ["screenshot", "--page", "commodity:silver", "--out", missing / "s.png"],
    ):
        proc = run(args, home, catalog=catalog_path)
        assert proc.returncode == 1, args
        assert one_clear_line(proc) == want, args
    assert not (tmp_path / "no").exists()


def test_out_that_is_a_folder(catalog_path, home, tmp_path):
    folder = tmp_path / "looks-like.png"
    folder.mkdir()
    for args in (
        ["chart", "ranking", "silver", "--out", folder],
        ["screenshot", "--out", folder],
    ):
        proc = run(args, home, catalog=catalog_path)
        assert proc.returncode == 1, args
        assert one_clear_line(proc) == f"minref: {folder} is a folder; give a file name inside it."
    assert list(folder.iterdir()) == []


def test_a_legal_250_character_name_is_written(catalog_path, home, tmp_path):
    """NAME_MAX is 255: the temporary name must not need 14 more characters."""
    out = tmp_path / ("m" * 250 + ".csv")
    proc = run(["chart", "ranking", "silver", "--out", out], home, catalog=catalog_path)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8").count("\n") > 2
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == [out.name]
    too_long = tmp_path / ("m" * 260 + ".csv")
    proc = run(["chart", "ranking", "silver", "--out", too_long], home, catalog=catalog_path)
    assert proc.returncode == 1
    assert "is too long (264 bytes; at most 255 here)" in one_clear_line(proc)


@pytest.mark.skipif(not can_unshare(), reason="needs root and unshare -m for a real tmpfs")
def test_full_disk_leaves_the_old_file_and_no_temporary(catalog_path, home, tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    script = (
        'mount -t tmpfs -o size=16k tmpfs "$D" && echo old > "$D/c.png" && '
        '"$@"; rc=$?; echo "--"; cat "$D/c.png"; ls -A "$D"; exit $rc'
    )
    env = dict(os.environ, D=str(disk))
    for args in (["chart", "ranking", "silver"], ["screenshot", "--page", "commodity:silver"]):
        proc = subprocess.run(
            ["unshare", "-m", "sh", "-c", script, "sh", *MINREF, "--catalog", str(catalog_path)]
            + args
            + ["--out", str(disk / "c.png")],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=dict(env, MINREF_HOME=str(home), QT_QPA_PLATFORM="offscreen"),
            timeout=120,
            check=False,
        )
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert one_clear_line(proc) == (
            f"minref: There is no space left on the disk for {disk / 'c.png'}; nothing was written."
        )
        after = proc.stdout.split("--\n", 1)[1].split()
        assert after == ["old", "c.png"]  # the old file whole, no temporary file beside it


def test_killed_pdf_build_leaves_no_temporary_file_behind(catalog_path, home, tmp_path):
    """kill -9 during a brief leaves its hidden .NAME.pdf.*.tmp; the next write of that
    name removes it (its process is gone) and fsyncs file and folder around the rename."""
    out = tmp_path / "pack.pdf"
    ids = "silver,fluorspar,zinc,lead,copper,gold,rare-earths,lithium,graphite,bismuth"
    env = dict(os.environ, MINREF_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    env.pop("MINREF_CATALOG", None)
    killed_with_temp = 0
    for _attempt in range(3):  # bounded: a build may finish before the kill lands
        proc = subprocess.Popen(
            [*MINREF, "--catalog", str(catalog_path), "brief", "pack", ids, "--out", str(out)],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if list(tmp_path.glob(".pack.pdf.*.tmp")):
                time.sleep(0.2)  # inside the build
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.01)
        proc.wait(timeout=30)
        if proc.returncode == -signal.SIGKILL and list(tmp_path.glob(".pack.pdf.*.tmp")):
            killed_with_temp += 1
            break
    assert killed_with_temp, "the build always finished before the kill (machine too fast?)"
    assert not out.exists()  # never a half-written PDF under the real name
    again = run(["brief", "commodity", "silver", "--out", out], home, catalog=catalog_path)
    assert again.returncode == 0, again.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    assert list(tmp_path.glob(".pack.pdf.*")) == []


# --- homes -------------------------------------------------------------------------------
def test_home_that_is_a_file(tmp_path):
    """No catalog given: the one built on first use cannot go to the cache."""
    blocker = tmp_path / "home"
    blocker.write_text("a file")
    for home in (blocker, blocker / "sub"):
        proc = run(["show", "silver"], home)
        assert proc.returncode == 3, proc.stderr
        line = one_clear_line(proc)
        assert line.startswith(f"minref: The catalog must be built in {home / 'cache'}")
        assert f"({blocker} is a file, not a folder)" in line
        assert "set MINREF_HOME to a writable folder" in proc.stderr
    build = run(["catalog", "build"], blocker)
    assert build.returncode == 3
    assert one_clear_line(build).startswith(
        f"minref: The catalog must be built in {blocker / 'cache'} on first use"
    )
    assert blocker.read_text() == "a file"


def test_read_only_home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    if os.geteuid() == 0:
        if not can_unshare():
            pytest.skip("root ignores file modes and unshare -m is not available")
        prefix = read_only_mount(home)
    else:
        home.chmod(0o555)
        prefix = []
    try:
        proc = run(["show", "silver"], home, prefix=prefix)
    finally:
        home.chmod(0o755)
    assert proc.returncode == 3, proc.stderr
    line = one_clear_line(proc)
    assert line.startswith(f"minref: The catalog must be built in {home / 'cache'}")
    assert "cannot be written" in line
    assert list(home.iterdir()) == []


# --- arguments ---------------------------------------------------------------------------
HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "args, option",
    [
        (["show", "silver", "--edition", HUGE], "--edition"),
        (["search", "silver", "--limit", HUGE], "--limit"),
        (["trade", "--reporter", "MEX", "--year", HUGE], "--year"),
        (["trade", "--reporter", "MEX", "--limit", "-" + HUGE], "--limit"),
        (["chart", "ranking", "silver", "--year", HUGE, "--out", "x.png"], "--year"),
        (["chart", "ranking", "silver", "--edition", HUGE, "--out", "x.png"], "--edition"),
        (["claims", "--year", HUGE], "--year"),
        (["claims", "--edition", HUGE], "--edition"),
    ],
)
def test_huge_integers_are_refused_at_the_parser(catalog_path, home, args, option):
    proc = run(args, home, catalog=catalog_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert f"error: argument {option}: " in last and "must be from" in last
    assert not (REPO / "x.png").exists()


def test_unknown_screenshot_page(catalog_path, home, tmp_path):
    out = tmp_path / "s.png"
    proc = run(["screenshot", "--page", "nonsense", "--out", out], home, catalog=catalog_path)
    assert proc.returncode == 2
    line = one_clear_line(proc)
    assert line.startswith("minref: Unknown page “nonsense”; pages are commodities, commodity")
    assert not out.exists()


@pytest.mark.parametrize(
    "page, message",
    [
        (
            "supply:nope",
            "minref: No critical-mineral list called “nope” in the catalog; choose from AU-2024,",
        ),
        ("trade:ZZZ", "minref: No country called “ZZZ” in the catalog."),
    ],
)
def test_a_page_argument_the_catalog_lacks_is_one_message(
    catalog_path, home, tmp_path, page, message
):
    """A list or country code not held: one line and exit 2, no traceback and no picture
    (trade:ZZZ used to draw Albania's trade, the first reporter of the list)."""
    out = tmp_path / "s.png"
    proc = run(["screenshot", "--page", page, "--out", out], home, catalog=catalog_path)
    assert proc.returncode == 2
    assert one_clear_line(proc).startswith(message)
    assert not out.exists()


@pytest.mark.parametrize("size", ["99999x99999", "50000x50000", "10x10", "1366x"])
def test_a_screenshot_size_out_of_range_is_one_message(catalog_path, home, tmp_path, size):
    """99999x99999 crashed Qt (exit 139), 50000x50000 printed "wrote" and wrote nothing,
    10x10 was told its format was wrong: each is now one line naming the range, exit 2."""
    out = tmp_path / "s.png"
    proc = run(["screenshot", "--size", size, "--out", out], home, catalog=catalog_path)
    assert proc.returncode == 2
    assert one_clear_line(proc) == (
        "minref: --size takes WIDTHxHEIGHT in pixels, from 320x240 to 7680x4320, e.g. 1366x768"
    )
    assert not out.exists()


def test_a_screenshot_qt_cannot_render_says_so_and_writes_nothing(
    qapp, catalog_path, tmp_path, monkeypatch, capsys
):
    from PySide6.QtGui import QPixmap

    from minref.ui import app as app_mod
    from minref.ui.main_window import MainWindow

    # A null pixmap: what Qt gives when the image cannot be allocated.
    monkeypatch.setattr(MainWindow, "grab", lambda self: QPixmap())
    out = tmp_path / "s.png"
    code = app_mod.screenshot("commodity:silver", "1366x768", str(out), "light", str(catalog_path))
    assert code == 1
    assert not out.exists()
    err = capsys.readouterr()
    assert "wrote" not in err.out
    assert "could not be rendered at 1366x768; nothing was written" in err.err


# --- search and show read names the same way ---------------------------------------------
@pytest.mark.parametrize(
    "typed, key",
    [
        (unicodedata.normalize("NFD", "étain"), "tin"),  # French, decomposed accents
        ("ｓｉｌｖｅｒ", "silver"),  # full-width
        ("ＰＬＡＴＡ", "silver"),
        (unicodedata.normalize("NFD", "Níquel"), "nickel"),
    ],
)
def test_search_finds_what_show_resolves(catalog_path, home, typed, key):
    shown = run(["show", typed, "--json"], home, catalog=catalog_path)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["profile"]["commodity_id"] == key
    found = run(["search", typed, "--json"], home, catalog=catalog_path)
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["results"][0]["key"] == key


# --- the window: damaged pages and a changed figure ----------------------------------------
def _damage_table_root(path: Path, table: str) -> None:
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    conn.close()
    with path.open("r+b") as fh:
        fh.seek((root[0] - 1) * page_size)
        fh.write(b"\xa5" * page_size)


def test_damaged_pages_get_the_catalog_dialog(catalog_path, home, tmp_path):
    """The header is fine, the first page's table is not: the same dialog as a corrupt
    header (not a black screen and exit 3 with the message on stderr only), and the log
    says so.  MINREF_DIALOG_PROBE makes the dialog print its text and answer Quit."""
    damaged = tmp_path / "catalog.sqlite"
    shutil.copyfile(catalog_path, damaged)
    _damage_table_root(damaged, "world_production")
    before = sha(damaged)
    proc = run([], home, catalog=damaged, env={"MINREF_DIALOG_PROBE": "1"}, timeout=90)
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    assert proc.stdout.splitlines()[0] == (
        f"dialog: minref — catalog problem: The catalog file {damaged} is damaged (the "
        "database file is damaged). Delete the file and run 'minref catalog build', or "
        "reinstall minref."
    )
    log = (home / "logs" / "minref.log").read_text(encoding="utf-8")
    assert f"the catalog {damaged} is damaged" in log
    assert sha(damaged) == before  # a catalog given with --catalog is never deleted


def test_changed_figure_is_caught_after_first_paint(catalog_path, home, tmp_path):
    changed = tmp_path / "catalog.sqlite"
    shutil.copyfile(catalog_path, changed)
    changed.chmod(0o644)
    conn = sqlite3.connect(changed)
    conn.execute(
        "UPDATE world_production SET value = value * 10 WHERE rowid = "
        "(SELECT min(rowid) FROM world_production WHERE value > 0)"
    )
    conn.commit()
    conn.close()
    probe = {"MINREF_CONTENT_CHECK_PROBE": "1"}
    proc = run([], home, catalog=changed, env=probe, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "content_check failed: table world_production (" in proc.stdout
    assert "content differs from build" in proc.stdout
    log = (home / "logs" / "minref.log").read_text(encoding="utf-8")
    assert f"catalog content check failed for {changed}" in log
    good = run([], home, catalog=catalog_path, env=probe, timeout=120)
    assert good.returncode == 0 and "content_check ok" in good.stdout


def test_window_with_a_home_that_is_a_file_gets_a_dialog(tmp_path):
    """The first start must build the catalog into the cache, which cannot exist: a
    dialog that names the folder and the remedy (not 'the catalog is damaged')."""
    blocker = tmp_path / "home"
    blocker.write_text("a file")
    proc = run([], blocker, env={"MINREF_DIALOG_PROBE": "1"}, timeout=90)
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    line = proc.stdout.splitlines()[0]
    assert line.startswith(
        f"dialog: minref — catalog problem: The catalog must be built in {blocker / 'cache'} "
        f"on first use, but that folder cannot be written ({blocker} is a file, not a folder)."
    )
    assert "set MINREF_HOME to a writable folder" in line and "damaged" not in line
    assert blocker.read_text() == "a file"


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc/self/fd")
def test_atomic_write_syncs_file_then_renames_then_syncs_folder(tmp_path, monkeypatch):
    from minref import files

    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src, dst):
        events.append(("replace", Path(src).name, Path(dst).name))
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "fsync", fsync)
    monkeypatch.setattr(files.os, "replace", replace)
    files.atomic_write_text(tmp_path / "t.csv", "a,b\n")
    assert [e[0] for e in events] == ["fsync", "replace", "fsync"]
    tmp_name = events[1][1]
    assert tmp_name.startswith(".t.csv.") and tmp_name.endswith(f".{os.getpid()}.tmp")
    assert events[0][1] == str(tmp_path / tmp_name)  # the file, before the rename
    assert events[2][1] == str(tmp_path)  # the folder, after it
    assert (tmp_path / "t.csv").read_text() == "a,b\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


def test_a_folder_that_takes_no_new_files_is_not_called_missing(catalog_path, home):
    """/proc exists (as root every folder passes the access check) but creating a file in
    it fails with ENOENT: the message said "The folder /proc does not exist"."""
    proc = run(
        ["brief", "commodity", "silver", "--out", "/proc/minref-brief.pdf"],
        home,
        catalog=catalog_path,
    )
    assert proc.returncode == 1
    assert one_clear_line(proc) == (
        "minref: The folder /proc is not writable; choose another folder."
    )


def test_trade_with_an_hs_code_that_is_not_one_is_refused(catalog_path, home):
    """`trade --hs abc` printed "no rows" and exited 0, as if Mexico traded nothing."""
    proc = run(["trade", "--reporter", "MEX", "--hs", "abc"], home, catalog=catalog_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and not proc.stdout
    assert proc.stderr.strip().splitlines()[-1] == (
        "minref trade: error: argument --hs: not an HS code: “abc” "
        "(2 to 10 digits, e.g. 2846, 28.46, 7106.91)"
    )


def test_catalog_verify_speaks_the_readers_language(catalog_path, home):
    """`--lang es catalog verify` printed its checks in English ("content hash", "search
    index (4862 items match 'a*')"); the JSON keeps the English names."""
    proc = run(["--lang", "es", "catalog", "verify"], home, catalog=catalog_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "ok   integridad de SQLite  (ok)"
    assert any(
        line.startswith("ok   tabla sources  (") and line.endswith(" filas)") for line in lines
    )
    assert any(line.startswith("ok   huella del contenido  (") for line in lines)
    assert not [line for line in lines if "rows" in line or "hash" in line or "items" in line]
    js = run(["--lang", "es", "catalog", "verify", "--json"], home, catalog=catalog_path)
    checks = {c["check"] for c in json.loads(js.stdout)["checks"]}
    assert {"sqlite integrity", "content hash", "search index"} <= checks


def test_a_brief_out_that_is_not_a_pdf_is_one_message(catalog_path, home, tmp_path):
    # "brief.txt" was written as a PDF under that name, which no reader opens as one.
    out = tmp_path / "brief.txt"
    proc = run(["brief", "commodity", "silver", "--out", out], home, catalog=catalog_path)
    assert proc.returncode == 2
    assert one_clear_line(proc) == "minref: --out must end in .pdf"
    assert not out.exists()
