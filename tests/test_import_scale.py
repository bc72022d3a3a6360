"""Imports under load (issue 18, issue 12's fault cases): a million-row file with its peak
memory measured in a subprocess, cancel and kill -9 mid-import, kill -9 while the user file
is first created, two imports at once and a third that finds the file busy, and a bounded
fuzz of the importers.  No timed assertions: speed is measured in bench/bench_scale.py."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minref.userdata.importers import (
    ImportCancelled,
    ImportFormatError,
    commit_import,
    preview_import,
    read_file,
)
from minref.userdata.store import UserData, UserDataBusy

REPO = Path(__file__).resolve().parents[1]
FIX = Path(__file__).parent / "fixtures" / "imports"
CODES = [484, 842, 156, 124, 276, 392, 251, 699, 36, 76]  # BACI's codes (251 France...)


def write_baci(path: Path, rows: int, year: int = 2022) -> Path:
    """A BACI-format file of exactly ``rows`` distinct rows (t,i,j,k,v,q)."""
    rnd = random.Random(rows)
    hs = [f"{c:04d}{s:02d}" for c in range(2501, 2531) for s in range(10, 100, 5)]
    per_pair = -(-rows // (len(CODES) * (len(CODES) - 1)))
    n = 0
    with path.open("w", newline="") as f:
        f.write("t,i,j,k,v,q\n")
        for i in CODES:
            for j in CODES:
                if i == j:
                    continue
                for x in range(per_pair):
                    if n == rows:
                        return path
                    k = hs[x % len(hs)] if x < len(hs) else f"{2601 + x // 90:04d}{x % 90 + 10:02d}"
                    q = "NA" if x % 7 == 0 else f"{rnd.randrange(1, 10**6) / 1000:.3f}"
                    f.write(f"{year},{i},{j},{k},{rnd.randrange(1, 10**7) / 1000:.3f},{q}\n")
                    n += 1
    return path


IMPORT = r"""
import resource, sys
sys.path.insert(0, sys.argv[4])
def peak_mb():
    # VmHWM: this process's own peak (ru_maxrss can carry the forking parent's size over exec)
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024

from minref.catalog.queries import Catalog
from minref.userdata.importers import commit_import, preview_import
from minref.userdata.store import UserData
cat = Catalog.open(sys.argv[3])
user = UserData(sys.argv[2])
stage = sys.argv[5] if len(sys.argv) > 5 else ""
def progress(pr):
    if stage:
        print("writing" if pr.stage == "import" else "reading", pr.rows, flush=True)
p = preview_import(sys.argv[1], cat, user, progress=progress)
rec = commit_import(p, user, progress=progress)
print(rec.rows, peak_mb(), flush=True)
"""


def _run_import(path, db, catalog_path, *extra):
    out = subprocess.run(
        [sys.executable, "-c", IMPORT, str(path), str(db), str(catalog_path), str(REPO), *extra],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    rows, peak_mb = out.stdout.split()[-2:]
    return int(rows), int(peak_mb)


def _consistent(db: Path) -> tuple[int, int]:
    """integrity_check ok; returns (imports, rows)."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        imports = con.execute("SELECT count(*) FROM imports").fetchone()[0]
        rows = con.execute("SELECT count(*) FROM trade_rows").fetchone()[0]
        held = con.execute("SELECT coalesce(sum(rows), 0) FROM imports").fetchone()[0]
        assert rows == held  # every row belongs to a recorded, complete import
        return imports, rows
    finally:
        con.close()


def test_a_million_rows_import_with_flat_memory(catalog_path, tmp_path):
    big = write_baci(tmp_path / "BACI_HS22_Y2022_V202401.csv", 1_000_000)
    small = write_baci(tmp_path / "BACI_HS22_Y2021_V202401.csv", 20_000, 2021)
    rows_small, peak_small = _run_import(small, tmp_path / "s.sqlite", catalog_path)
    rows_big, peak_big = _run_import(big, tmp_path / "b.sqlite", catalog_path)
    assert (rows_small, rows_big) == (20_000, 1_000_000)
    # Memory is flat: fifty times the rows may not take more than a few tens of MB more
    # (batches, caches, SQLite's 64 MB page cache), and stays well inside 300 MB.
    assert peak_big - peak_small < 80, (peak_small, peak_big)
    assert peak_big < 300
    assert _consistent(tmp_path / "b.sqlite") == (1, 1_000_000)


def test_cancel_during_a_large_import_leaves_the_file_as_it_was(catalog, tmp_path):
    user = UserData(tmp_path / "u.sqlite")
    commit_import(preview_import(FIX / "baci.csv", catalog, user), user)
    before = _consistent(tmp_path / "u.sqlite")
    big = write_baci(tmp_path / "big.csv", 200_000)
    p = preview_import(big, catalog, user)
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3  # after three batches have been written

    with pytest.raises(ImportCancelled, match="nothing was imported"):
        commit_import(p, user, cancel=cancel)
    assert not user.conn.in_transaction
    assert _consistent(tmp_path / "u.sqlite") == before == (1, 3)
    assert len(user.trade_flows()) == 3  # this session sees no uncommitted rows either


@pytest.mark.parametrize("after_rows", [20_000, 100_000, 180_000])
def test_kill_9_during_an_import_leaves_the_file_consistent(catalog_path, tmp_path, after_rows):
    db = tmp_path / "u.sqlite"
    _run_import(FIX / "baci.csv", db, catalog_path)
    big = write_baci(tmp_path / "big.csv", 200_000)
    proc = subprocess.Popen(
        [sys.executable, "-c", IMPORT, str(big), str(db), str(catalog_path), str(REPO), "x"],
        stdout=subprocess.PIPE,
        text=True,
    )
    for line in proc.stdout:
        if line.startswith("writing") and int(line.split()[1]) >= after_rows:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert _consistent(db) == (1, 3)
    user = UserData(db)  # the next import works
    assert len(user.imports()) == 1


def test_kill_9_during_the_preview_leaves_a_staging_file_the_next_preview_removes(
    catalog, catalog_path, tmp_path
):
    db = tmp_path / "u.sqlite"
    _run_import(FIX / "baci.csv", db, catalog_path)
    big = write_baci(tmp_path / "big.csv", 200_000)
    proc = subprocess.Popen(
        [sys.executable, "-c", IMPORT, str(big), str(db), str(catalog_path), str(REPO), "x"],
        stdout=subprocess.PIPE,
        text=True,
    )
    for line in proc.stdout:
        if line.startswith("reading") and int(line.split()[1]) >= 100_000:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    (left,) = db.parent.glob(f".{db.name}.import-{proc.pid}-*")  # the killed preview's
    assert _consistent(db) == (1, 3)
    user = UserData(db)
    p = preview_import(FIX / "baci.csv", catalog, user)
    assert not left.exists()  # swept: its process is gone
    commit_import(p, user)
    assert _consistent(db) == (2, 6)
    assert list(db.parent.glob(f".{db.name}.import-*")) == []


def test_kill_9_while_the_user_file_is_first_created(tmp_path):
    code = (
        "import sys; sys.path.insert(0, sys.argv[2]);"
        "from minref.userdata.store import UserData; UserData(sys.argv[1])"
    )
    for i in range(12):
        path = tmp_path / f"u{i}.sqlite"
        proc = subprocess.Popen([sys.executable, "-c", code, str(path), str(REPO)])
        time.sleep(0.05 + 0.02 * i)  # from before the file exists to after it is made
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        UserData(path).close()  # never "not a minref data file"
        con = sqlite3.connect(path)
        assert con.execute("PRAGMA application_id").fetchone()[0] == 0x4D4E5255
        con.close()


def test_two_imports_at_once_are_serialised_and_a_third_finds_it_busy(
    catalog, catalog_path, tmp_path
):
    db = tmp_path / "u.sqlite"
    UserData(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the first import, still writing
    second = subprocess.Popen(
        [
            sys.executable,
            "-c",
            IMPORT,
            str(FIX / "baci.csv"),
            str(db),
            str(catalog_path),
            str(REPO),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    third = UserData(db, timeout=0.2)
    preview = preview_import(FIX / "comtrade_export.csv", catalog, third)
    with pytest.raises(UserDataBusy, match="busy with another import; nothing was written"):
        commit_import(preview, third)
    assert not third.conn.in_transaction
    time.sleep(1.0)
    assert second.poll() is None  # still waiting for the first
    holder.execute("ROLLBACK")  # the first import ends; the second one goes ahead
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    assert out.split()[0] == "3"
    assert _consistent(db) == (1, 3)
    commit_import(preview, third)  # and the third, tried again, too
    assert _consistent(db) == (2, 7)
    holder.execute("BEGIN EXCLUSIVE")  # an import committing: not even a read gets in
    with pytest.raises(UserDataBusy, match="busy with another import"):
        UserData(db, timeout=0.2)
    holder.execute("ROLLBACK")
    holder.close()


# ---------------------------------------------------------------- fuzz

HEADERS = [
    "t,i,j,k,v,q",
    "refYear,refMonth,reporterCode,partnerCode,flowCode,cmdCode,primaryValue,qty,qtyUnitAbbr",
    "CTY_CODE,CTY_NAME,I_COMMODITY,GEN_VAL_MO,time",
    '"Data Type","HTS Number","Description","Country","2024"',
]
CELLS = st.one_of(
    st.sampled_from(
        ["2022", "484", "842", "252921", "X", "M", "52", "12", "inf", "-1", "1e309", "nan",
         "NaN", "NA", "", "0", "2024-01", "MEXICO", "Mexico", "Customs Value", "1,000",
         "20231", "٢٥", "\ufeff", '"', "\\ud800", "[", "]", "1_0", "9" * 30]
    ),
    st.text(max_size=12),
)  # fmt: skip


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    header=st.sampled_from(HEADERS),
    rows=st.lists(st.lists(CELLS, min_size=0, max_size=10), max_size=6),
    json_form=st.booleans(),
)
def test_fuzzed_files_get_a_preview_or_a_message_never_a_traceback(
    catalog, header, rows, json_form
):
    import json

    if json_form:
        cols = [c.strip('"') for c in header.split(",")]
        text = json.dumps([cols, *rows], ensure_ascii=bool(len(rows) % 2))
        if rows and len(rows[0]) % 3 == 0:
            text = text[: max(1, len(text) - len(rows[0]))]  # cut short
    else:
        text = header + "\n" + "\n".join(",".join(r) for r in rows)
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / ("f.json" if json_form else "f.csv")
        f.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            p = read_file(f, catalog)
        except ImportFormatError as exc:
            assert str(exc)
        else:
            assert p.rows_read > 0 and p.file_format
