"""Signed data packs: make, verify, install, refuse, roll back, survive kill -9; MCS 2027 readiness.

The synthetic "MCS 2027" is made from the committed MCS 2026 tables (hand-chosen changes
listed in ``make_mcs2027``); every expected value below is one of those hand-written
changes or a cell of the published MCS 2026 / 2025 data releases.
"""

from __future__ import annotations

import csv
import errno
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from minref.catalog.tableform import table_bytes
from minref.catalog.tables import TABLES

REPO = Path(__file__).resolve().parents[1]
DB_DIR = REPO / "db"

# Hand-written changes of the synthetic MCS 2027 (see make_mcs2027).
SILVER_MX_2025_OLD = ("6,300", 6300.0)  # MCS 2026 data release, Mexico 2025 (estimated)
SILVER_MX_2025_NEW = ("5,900", 5900.0)  # synthetic revision, reported
SILVER_MX_2026 = ("3,300", 3300.0)  # synthetic, below Peru 3,600 and China 3,400: rank 3


# ---------------------------------------------------------------------------- helpers
def _read(db: Path, name: str) -> list[dict]:
    t = TABLES[name]
    raw = (db / t.filename).read_bytes()
    text = gzip.decompress(raw) if t.compressed else raw
    return list(csv.DictReader(io.StringIO(text.decode("utf-8"))))


def _write_db(out: Path, tables: dict[str, list[dict]]) -> str:
    out.mkdir(parents=True, exist_ok=True)
    entries = {}
    for name, t in TABLES.items():
        data = table_bytes(t, tables[name])
        payload = gzip.compress(data, mtime=0) if t.compressed else data
        (out / t.filename).write_bytes(payload)
        entries[name] = {
            "file": t.filename,
            "rows": data.count(b"\n") - 1,
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    h = hashlib.sha256()
    for name in sorted(entries):
        h.update(f"{name}:{entries[name]['sha256']}\n".encode())
    manifest = {"format": 1, "tables": entries, "content_hash": h.hexdigest()}
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest["content_hash"]


def _shift_groups(rows: list[dict], group_cols: tuple[str, ...]) -> list[dict]:
    """The next edition's window: the latest year kept (revisable) and the year after it."""
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault(tuple(r[c] for c in group_cols), []).append(r)
    out = []
    for rs in groups.values():
        years = sorted({int(r["year"]) for r in rs if r["year"]})
        if not years:
            out.extend(dict(r) for r in rs)
            continue
        last = years[-1]
        for r in rs:
            if r["year"] and int(r["year"]) == last:
                if len(years) > 1:
                    out.append(dict(r))
                out.append(dict(r, year=str(last + 1)))
    return out


def make_mcs2027(src: Path, out: Path) -> str:
    """A synthetic MCS 2027 laid over the committed tables; returns its content hash.

    Changes: years +1 (the latest year kept for revision); Mexico's 2025 silver revised
    6,300 (estimated) -> 5,900 (reported) and its 2026 silver 3,300 (rank 3); fluorspar
    renamed "Fluorite"; Uruguay added to rare earths (1,000 t, 2026); cesium dropped; a
    new source usgs-mcs-2027 and a new U.S. list US-2026 (helium added, metallurgical coal
    removed).
    """
    tables = {name: _read(src, name) for name in TABLES}
    new_rows: dict[str, list[dict]] = {}
    for name, rows in tables.items():
        cols = TABLES[name].columns
        if "edition" not in cols or "source_id" not in cols:
            continue
        rs = [dict(r) for r in rows if r["source_id"] == "usgs-mcs-2026"]
        rs = [r for r in rs if r.get("commodity_id") != "cesium"]
        if name == "world_production":
            rs = _shift_groups(rs, ("commodity_id", "measure", "type", "country_label"))
        elif name == "us_salient":
            rs = _shift_groups(rs, ("commodity_id", "statistic", "detail"))
        elif "year" in cols:
            for r in rs:
                r["year"] = str(int(r["year"]) + 1) if r["year"] else ""
        for r in rs:
            r["source_id"], r["edition"] = "usgs-mcs-2027", "2027"
            if r.get("commodity_id") == "fluorspar" and "commodity_label" in r:
                r["commodity_label"] = "Fluorite"
        new_rows[name] = rs
    world = new_rows["world_production"]
    for r in world:
        if (r["commodity_id"], r["measure"], r["country_iso3"]) == ("silver", "production", "MEX"):
            if r["year"] == "2025":
                r.update(value="5900", raw="5,900", flags="")
            elif r["year"] == "2026":
                r.update(value="3300", raw="3,300", flags="estimated")
    template = next(
        r
        for r in world
        if r["commodity_id"] == "rare-earths"
        and r["measure"] == "production"
        and r["place_kind"] == "country"
        and r["year"] == "2026"
    )
    world.append(
        dict(
            template,
            country_iso3="URY",
            country_label="Uruguay",
            value="1000",
            raw="1,000",
            flags="estimated",
            note="",
            low="",
            high="",
        )
    )
    for name, rs in new_rows.items():
        tables[name].extend(rs)
    src_row = next(r for r in tables["sources"] if r["source_id"] == "usgs-mcs-2026")
    tables["sources"].append(
        dict(
            src_row,
            source_id="usgs-mcs-2027",
            edition="MCS 2027",
            year="2027",
            dataset="Mineral Commodity Summaries 2027 data release",
            notes="SYNTHETIC test edition made by tests/test_datapack.py from MCS 2026",
        )
    )
    us25 = next(r for r in tables["critical_lists"] if r["list_id"] == "US-2025")
    tables["critical_lists"].append(
        dict(
            us25,
            list_id="US-2026",
            list_year="2026",
            list_name="2026 Final List of Critical Minerals (SYNTHETIC test list)",
            source_id="critical-list-us-2026",
        )
    )
    members = [
        dict(m, list_id="US-2026", source_id="critical-list-us-2026")
        for m in tables["critical_list_members"]
        if m["list_id"] == "US-2025" and m["commodity_id"] != "metallurgical-coal"
    ]
    members.append(
        dict(members[0], mineral="Helium", commodity_id="helium", category="")
        if "category" in members[0]
        else dict(members[0], mineral="Helium", commodity_id="helium")
    )
    tables["critical_list_members"].extend(members)
    list_src = next(r for r in tables["sources"] if r["source_id"] == "critical-list-us-2025")
    tables["sources"].append(
        dict(list_src, source_id="critical-list-us-2026", notes="SYNTHETIC test list")
    )
    for r in list(tables["commodity_aliases"]):
        if r["source_id"] == "usgs-mcs-2026" and r["commodity_id"] != "cesium":
            label = "Fluorite" if r["commodity_id"] == "fluorspar" else r["alias"]
            tables["commodity_aliases"].append(dict(r, alias=label, source_id="usgs-mcs-2027"))
    for r in list(tables["country_aliases"]):
        if r["source_id"] == "usgs-mcs-2026":
            tables["country_aliases"].append(dict(r, source_id="usgs-mcs-2027"))
    tables["country_aliases"].append(
        {"alias": "Uruguay", "iso3": "URY", "place_kind": "country", "source_id": "usgs-mcs-2027"}
    )
    # The alias rows added may repeat a key: keep the first row of each.
    for name in ("commodity_aliases", "country_aliases"):
        t = TABLES[name]
        seen, kept = set(), []
        for r in tables[name]:
            k = tuple(r.get(c, "") for c in t.key)
            if k not in seen:
                seen.add(k)
                kept.append(r)
        tables[name] = kept
    return _write_db(out, tables)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    from minref.cli import main

    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    from minref.datapack.keys import keygen

    trusted = tmp_path_factory.mktemp("trusted")
    keygen(trusted, "test-org")
    other = tmp_path_factory.mktemp("untrusted")
    keygen(other, "stranger")
    return {"trusted": trusted, "key": trusted / "test-org.key", "stranger": other / "stranger.key"}


@pytest.fixture(autouse=True)
def _trust(keys, monkeypatch):
    monkeypatch.setenv("MINREF_TRUSTED_KEYS", str(keys["trusted"]))
    monkeypatch.delenv("MINREF_CATALOG", raising=False)


@pytest.fixture(scope="module")
def packs(keys, tmp_path_factory):
    from minref.datapack.make import make_pack

    d = tmp_path_factory.mktemp("packs")
    db27 = d / "db2027"
    hash27 = make_mcs2027(DB_DIR, db27)
    p26, m26 = make_pack(d / "mcs2026.minrefpack", keys["key"], db_dir=DB_DIR, label="MCS 2026")
    p27, m27 = make_pack(d / "mcs2027.minrefpack", keys["key"], db_dir=db27, label="MCS 2027")
    upd, mupd = make_pack(
        d / "mcs2027-update.minrefpack",
        keys["key"],
        db_dir=db27,
        update=True,
        only_sources=["usgs-mcs-2027", "critical-list-us-2026"],
        label="MCS 2027 update",
    )
    return {
        "dir": d,
        "db2027": db27,
        "hash27": hash27,
        "p26": p26,
        "m26": m26,
        "p27": p27,
        "m27": m27,
        "update": upd,
        "mupdate": mupd,
    }


@pytest.fixture(scope="module")
def home26(packs, keys, tmp_path_factory):
    """A user home with the MCS 2026 pack installed (built once; tests copy it)."""
    from minref.datapack.install import install

    home = tmp_path_factory.mktemp("home26")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MINREF_HOME", str(home))
        mp.setenv("MINREF_TRUSTED_KEYS", str(keys["trusted"]))
        install(packs["p26"])
    return home


@pytest.fixture
def home(home26, tmp_path, monkeypatch):
    """A private copy of home26, in use as MINREF_HOME."""
    h = tmp_path / "home"
    shutil.copytree(home26, h)
    monkeypatch.setenv("MINREF_HOME", str(h))
    return h


def _in_use(home: Path) -> tuple[dict, Path, str]:
    from minref.catalog import store

    pointer = json.loads((home / "cache/packs/current.json").read_text())
    path = store.locate_catalog()
    return pointer, path, _sha(path)


# ---------------------------------------------------------------------------- keys and make
def test_keygen_writes_a_private_key_only_its_owner_reads_and_never_overwrites(
    tmp_path, monkeypatch
):
    from minref.datapack import PackError
    from minref.datapack.keys import keygen, trusted_keys

    private, public, kid = keygen(tmp_path, "ministry")
    assert private.stat().st_mode & 0o777 == 0o600
    assert public.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    assert len(kid) == 16
    with pytest.raises(PackError, match="never overwritten"):
        keygen(tmp_path, "ministry")
    monkeypatch.setenv("MINREF_TRUSTED_KEYS", str(tmp_path))
    assert trusted_keys()[kid].name == "ministry"


def test_pack_manifest_holds_editions_sources_versions_and_hashes(packs):
    m = packs["m26"]
    committed = json.loads((DB_DIR / "MANIFEST.json").read_text())
    assert m["kind"] == "complete" and m["format"] == "minrefpack-1"
    assert m["editions"] == [2022, 2023, 2024, 2025, 2026]  # README: MCS 2022 (partial)..2026
    assert "usgs-mcs-2026" in m["sources"] and "hs-2022" in m["sources"]
    assert m["content_hash"] == committed["content_hash"]
    assert {n: e["sha256"] for n, e in m["tables"].items()} == {
        n: e["sha256"] for n, e in committed["tables"].items()
    }
    assert m["minref"]["min"] and m["signer"]["key_file"] == "test-org"
    assert packs["m27"]["editions"][-1] == 2027
    assert packs["mupdate"]["kind"] == "update"
    assert packs["mupdate"]["sources"] == ["critical-list-us-2026", "usgs-mcs-2027"]


def test_verify_names_the_signer(packs, capsys):
    code, out, err = run_cli(["data", "verify", str(packs["p27"])], capsys)
    assert code == 0, err
    assert "signed by test-org" in out and "MCS 2027" in out


# ---------------------------------------------------------------------------- refusals
def _rezip(src: Path, dst: Path, change) -> Path:
    """Copy a pack's archive, letting change(name, data) return new data or None to drop."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
    return dst


def _bad_packs(packs, keys, tmp: Path) -> dict[str, tuple[Path, str, list[str]]]:
    from minref.datapack.make import make_pack

    p = packs["p26"]
    out = {}
    out["unsigned"] = (
        _rezip(p, tmp / "unsigned.minrefpack", lambda n, d: None if n == "manifest.sig" else d),
        "not signed",
        [],
    )

    def edit_manifest(n, d):
        return (
            d.replace(b'"label": "MCS 2026"', b'"label": "MCS 2O26"') if n == "manifest.json" else d
        )

    out["wrongly signed"] = (
        _rezip(p, tmp / "badsig.minrefpack", edit_manifest),
        "signature does not match",
        [],
    )
    stranger, _ = make_pack(tmp / "stranger.minrefpack", keys["stranger"], db_dir=DB_DIR)
    out["unknown key"] = (stranger, "unknown key", [])

    def tamper(n, d):
        if n == "db/sources.csv":
            return d.replace(
                b"Mineral Commodity Summaries 2026", b"Mineral Commodity Summaries 2062"
            )
        return d

    out["tampered table"] = (
        _rezip(p, tmp / "tampered.minrefpack", tamper),
        "table sources was altered",
        [],
    )
    newer, _ = make_pack(tmp / "newer.minrefpack", keys["key"], db_dir=DB_DIR, min_minref="99.0")
    out["needs newer minref"] = (newer, "needs minref 99.0 or newer", [])
    truncated = tmp / "truncated.minrefpack"
    truncated.write_bytes(p.read_bytes()[: p.stat().st_size // 2])
    out["truncated"] = (truncated, "truncated or corrupt", [])
    corrupt = tmp / "corrupt.minrefpack"
    data = bytearray(p.read_bytes())
    mid = len(data) // 3
    data[mid : mid + 64] = b"\xff" * 64
    corrupt.write_bytes(bytes(data))
    out["corrupt"] = (corrupt, "", [])  # a CRC error or a table hash: either refusal is right
    escape = shutil.copy(p, tmp / "escape.minrefpack")
    with zipfile.ZipFile(escape, "a") as z:
        z.writestr("db/../../evil.sh", b"echo owned")
    out["path escape"] = (Path(escape), "escapes its folder", [])
    out["too large"] = (p, "larger than the limit", ["--max-size", "0.5"])
    return out


REFUSALS = [
    "unsigned",
    "wrongly signed",
    "unknown key",
    "tampered table",
    "needs newer minref",
    "truncated",
    "corrupt",
    "path escape",
    "too large",
]


@pytest.fixture(scope="module")
def bad_packs(packs, keys, tmp_path_factory):
    return _bad_packs(packs, keys, tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("case", REFUSALS)
def test_refused_packs_change_nothing(case, bad_packs, home, capsys):
    path, message, extra = bad_packs[case]
    before = _in_use(home)
    files_before = sorted(p.name for p in (home / "cache/packs").iterdir())
    code, out, err = run_cli(["data", "install", str(path), *extra], capsys)
    assert code == 1
    assert "refused" in err and message in err and "Nothing was changed" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert _in_use(home) == before
    assert sorted(p.name for p in (home / "cache/packs").iterdir()) == files_before
    code, _, err = run_cli(["data", "verify", str(path), *extra], capsys)
    assert code == 1 and message in err


def test_disk_full_mid_install_keeps_the_old_catalog(packs, home, monkeypatch, capsys):
    import minref.datapack.install as inst

    before = _in_use(home)
    real, calls = inst._write_member, []

    def fill_up(path, data):
        calls.append(path)
        if len(calls) == 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(inst, "_write_member", fill_up)
    code, out, err = run_cli(["data", "install", str(packs["p27"])], capsys)
    assert code == 1 and "disk filled up" in err and "Nothing was changed" in err
    assert _in_use(home) == before
    assert not [p for p in (home / "cache/packs").iterdir() if p.name.startswith(".staging")]


# ---------------------------------------------------------------------------- MCS 2027
def test_mcs2027_pack_shows_everywhere_and_the_diff_reports_the_changes(
    packs, home, capsys, tmp_path
):
    code, out, err = run_cli(["data", "install", str(packs["p27"])], capsys)
    assert code == 0, err
    assert "signed by test-org" in out
    assert "What changed from the previous catalog (MCS 2026) to the new one (MCS 2027)" in out
    assert "Silver, Mine production, Mexico, 2025: 6,300 [estimated] -> 5,900" in out

    code, out, _ = run_cli(["catalog", "info"], capsys)
    assert "MCS 2027" in out.split("editions", 1)[1].splitlines()[0]
    assert "data pack mcs-2027-" in out and "(MCS 2027), signed by test-org" in out
    assert "in use since 20" in out
    code, out, _ = run_cli(["catalog", "info", "--json"], capsys)
    info = json.loads(out)
    assert info["data_pack"]["label"] == "MCS 2027" and "MCS 2027" in info["editions"]

    code, out, err = run_cli(["show", "silver", "--json"], capsys)
    assert code == 0, err
    assert '"edition": 2027' in out and "3,300" in out
    code, out, _ = run_cli(["show", "silver"], capsys)
    assert "MCS 2027" in out and "3,300" in out and "rank 3" in out

    code, out, _ = run_cli(["country", "MEX", "--json"], capsys)
    standing = json.loads(out)
    silver = [e for e in standing["entries"] if e["commodity_id"] == "silver"]
    assert silver and silver[0]["edition"] == 2027 and silver[0]["rank"] == 3

    pdf = tmp_path / "silver.pdf"
    code, out, err = run_cli(["brief", "commodity", "silver", "--out", str(pdf)], capsys)
    assert code == 0, err
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "MCS 2027" in text and "3,300" in text

    code, out, err = run_cli(["claims", "--json"], capsys)
    assert code == 0, err
    top10 = json.loads(out)["claims"][2]
    assert "2027" in json.dumps(top10)

    code, out, err = run_cli(["data", "diff", "--from", "2026", "--to", "2027", "--json"], capsys)
    assert code == 0, err
    d = json.loads(out)
    rev = [
        r
        for r in d["mexico"]["revisions"]
        if r["commodity_id"] == "silver" and r["measure"] == "production"
    ]
    assert [(r["year"], r["old_raw"], r["new_raw"]) for r in rev] == [
        (2025, SILVER_MX_2025_OLD[0], SILVER_MX_2025_NEW[0])
    ]
    assert rev[0]["change_pct"] == pytest.approx(-6.349, abs=0.001)  # (5900-6300)/6300
    assert d["revisions"][0]["country_iso3"] == "MEX"  # Mexico first
    ranks = [r for r in d["mexico"]["rank_changes"] if r["commodity_id"] == "silver"]
    assert [(r["old_rank"], r["new_rank"], r["new_year"]) for r in ranks] == [(1, 3, 2026)]
    flags = [f for f in d["mexico"]["flag_changes"] if f["commodity_id"] == "silver"]
    assert [(f["old_flags"], f["new_flags"]) for f in flags] == [(["estimated"], [])]
    assert ["URY", "Uruguay"] in d["new_countries"]
    assert ["cesium", "Cesium"] in d["dropped_commodities"]
    assert ["fluorspar", "Fluorspar", "Fluorite"] in d["renamed_commodities"]
    lists = {(c["mineral"], c["change"], c["old_list"], c["new_list"]) for c in d["list_changes"]}
    assert ("Helium", "added", "US-2025", "US-2026") in lists
    assert any(m[1] == "removed" and m[0].lower().startswith("metallurgical") for m in lists)
    assert "usgs-mcs-2027" in d["source_ids"]
    code, out, _ = run_cli(["data", "diff", "--from", "2026", "--to", "2027"], capsys)
    assert "Silver, Mine production, Mexico, 2025: 6,300 [estimated] -> 5,900" in out
    out_csv = tmp_path / "changes.csv"
    code, out, _ = run_cli(
        ["data", "diff", "--from", "2026", "--to", "2027", "--csv", str(out_csv)], capsys
    )
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert rows[0]["section"] == "revision" and rows[0]["country_iso3"] == "MEX"
    silver = [r for r in rows if r["commodity_id"] == "silver" and r["section"] == "revision"]
    assert (silver[0]["old"], silver[0]["new"], silver[0]["change_pct"]) == (
        "6,300",
        "5,900",
        "-6.35",
    )

    # Rollback: back to the MCS 2026 pack, then to the shipped catalog, then nothing left.
    code, out, _ = run_cli(["data", "rollback"], capsys)
    assert code == 0 and "mcs-2026-" in out
    from minref.catalog import store

    assert "MCS 2027" not in json.dumps(store.read_pointer()["current"]["label"])
    code, out, _ = run_cli(["data", "rollback"], capsys)
    assert code == 0 and "shipped with minref" in out
    assert store.installed_catalog() is None
    code, _, err = run_cli(["data", "rollback"], capsys)
    assert code == 1 and "no data pack is installed" in err


@pytest.mark.parametrize("base_tables", ["db files", "catalog rows"])
def test_update_pack_gives_the_same_catalog_as_the_complete_one(
    base_tables, packs, home, capsys, monkeypatch
):
    from minref.catalog import store
    from minref.catalog.queries import open_default

    if base_tables == "catalog rows":  # as in a frozen bundle: no db/ files beside the base
        shutil.rmtree(store.installed_catalog().parent / "db")
        monkeypatch.setattr(store, "find_db_dir", lambda: None)

    code, out, err = run_cli(["data", "install", str(packs["update"])], capsys)
    assert code == 0, err
    cat = open_default()
    assert cat.meta["content_hash"] == packs["hash27"]
    assert 2027 in cat.editions
    assert json.loads(cat.meta["data_pack"])["kind"] == "update"
    cat.close()


# ---------------------------------------------------------------------------- kill -9
def test_kill_9_during_install_leaves_a_consistent_catalog(packs, home, keys):
    from minref.catalog import store
    from minref.catalog.queries import Catalog

    old_hash = packs["m26"]["content_hash"]
    new_hash = packs["hash27"]
    env = dict(os.environ, MINREF_HOME=str(home), MINREF_TRUSTED_KEYS=str(keys["trusted"]))
    seen = set()
    packs_dir = home / "cache" / "packs"
    for delay in (0.0, 0.4, 1.0):
        proc = subprocess.Popen(
            [sys.executable, "-m", "minref", "data", "install", str(packs["p27"])],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Kill while the new catalog is being made: once its staging folder exists.
        deadline = time.monotonic() + 30
        while proc.poll() is None and time.monotonic() < deadline:
            if any(p.name.startswith(".staging") for p in packs_dir.iterdir()):
                break
            time.sleep(0.02)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        cat = Catalog.open(store.locate_catalog())
        try:
            assert cat.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            content = cat.meta["content_hash"]
            assert content in (old_hash, new_hash)
            assert json.loads(cat.meta["data_pack"])["content_hash"] == content
        finally:
            cat.close()
        seen.add(content)
        if content == new_hash:  # the install finished before the kill: start again
            from minref.datapack.install import rollback

            rollback()
    # A later install sweeps what the killed ones left behind.
    from minref.datapack.install import install

    install(packs["p27"])
    left = sorted(p.name for p in (home / "cache/packs").iterdir())
    assert not [n for n in left if n.startswith(".staging")]
    assert store.read_pointer()["current"]["content_hash"] == new_hash
    assert old_hash in seen  # at least one kill landed mid-install


# ---------------------------------------------------------------------------- location, diff
def test_explicit_catalog_wins_over_the_pack_and_no_pack_means_the_shipped_one(
    home, monkeypatch, tmp_path
):
    from minref.catalog import store

    pack_catalog = store.installed_catalog()
    assert store.locate_catalog() == pack_catalog
    monkeypatch.setenv("MINREF_CATALOG", str(tmp_path / "other.sqlite"))
    assert store.locate_catalog() == tmp_path / "other.sqlite"
    monkeypatch.delenv("MINREF_CATALOG")
    pointer = json.loads((home / "cache/packs/current.json").read_text())
    pointer["current"]["schema_digest"] = "built-for-other"
    (home / "cache/packs/current.json").write_text(json.dumps(pointer))
    assert store.installed_catalog() is None  # a minref upgrade changed the tables
    (home / "cache/packs/current.json").write_text('{"current": null, "previous": []}')
    assert store.installed_catalog() is None
    (home / "cache/packs/current.json").write_text("{not json")
    with pytest.raises(store.InstalledPackBroken, match="cannot be read"):
        store.locate_catalog()


def test_diff_between_published_editions_reports_a_published_revision(home, capsys):
    code, out, err = run_cli(["data", "diff", "--from", "2025", "--to", "2026", "--json"], capsys)
    assert code == 0, err
    d = json.loads(out)
    graphite = [
        r for r in d["mexico"]["revisions"] if r["commodity_id"] == "graphite" and r["year"] == 2024
    ]
    # MCS 2025: Mexico's 2024 natural graphite 900 (estimated); MCS 2026: 706.
    assert [(r["old_raw"], r["new_raw"]) for r in graphite] == [("900", "706")]
    code, _, err = run_cli(["data", "diff", "--from", "2019", "--to", "2026"], capsys)
    assert code == 2 and "MCS 2019 is not in the catalog; it holds MCS 2022" in err


# ---------------------------------------------------------------------------- GUI actions
def _patch_boxes(monkeypatch, shown: list, answers: list) -> list:
    """Message boxes recorded, not shown: a Yes/No question as ("question", text) answered
    from ``answers``; returns the list of each question's (default, Escape) buttons.  The
    static QMessageBox.question (whose default is Yes) is recorded with no buttons."""
    from PySide6.QtWidgets import QMessageBox

    def exec_(self):
        if self.button(QMessageBox.StandardButton.Yes) is None:
            shown.append(("exec", self.text()))
            return 0
        shown.append(("question", self.text()))
        shown_buttons.append(
            (self.standardButton(self.defaultButton()), self.standardButton(self.escapeButton()))
        )
        return answers.pop(0)

    shown_buttons: list = []
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(
            QMessageBox,
            name,
            staticmethod(lambda parent, title, text, *a, _n=name: shown.append((_n, text))),
        )
    monkeypatch.setattr(
        QMessageBox,
        "question",
        staticmethod(
            lambda parent, title, text, *a: shown.append(("question", text)) or answers.pop(0)
        ),
    )
    return shown_buttons


def test_gui_install_and_rollback_actions(packs, bad_packs, home, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox, QWidget

    from minref.catalog.queries import open_default
    from minref.ui import datapack_dialog as dlg

    shown: list[tuple[str, str]] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    buttons = _patch_boxes(monkeypatch, shown, answers)
    parent = QWidget()
    qtbot.addWidget(parent)

    before = _in_use(home)
    assert not dlg.install_data_update(parent, str(bad_packs["tampered table"][0]))
    assert shown[-1][0] == "warning" and "altered" in shown[-1][1]
    assert "Nothing was changed" in shown[-1][1] and _in_use(home) == before

    # The verified pack is shown before anything is written; No installs nothing.
    assert not dlg.install_data_update(parent, str(packs["p27"]))
    kind, text = shown[-1]
    assert kind == "question" and text.startswith("Verified: pack ")
    assert re.fullmatch(
        r"Verified: pack mcs-2027-\d{8}T\d{6}Z-[0-9a-f]{8} \(complete, MCS 2027\), created "
        r"\S+, signed by test-org \(key [0-9a-f]{16}\); MCS 2022, MCS 2023, MCS 2024, MCS 2025, "
        r"MCS 2026, MCS 2027; 31 sources; content [0-9a-f]{16}\.\n\n"
        r"Install it\? minref uses it from its next start\. In use now: data pack "
        r"mcs-2026-\S+ \(MCS 2026\), signed by test-org \(key [0-9a-f]{16}\), in use since "
        r"\S+; File > Roll back data update returns to it\.",
        text,
    )
    assert _in_use(home) == before
    # Yes installs it.
    assert dlg.install_data_update(parent, str(packs["p27"]))
    assert shown[-1][0] == "exec"
    # QA: it said "in use since <now>" beside "minref uses the new catalog from its next
    # start", and read "paquet … utilisé depuis … installé." in French.
    assert re.fullmatch(
        r"Installed: data pack mcs-2027-\S+ \(MCS 2027\), signed by test-org \(key "
        r"[0-9a-f]{16}\)\.\n\nThis window keeps the catalog it opened; minref uses the new "
        r"one from its next start\.",
        shown[-1][1],
    )
    cat = open_default()
    assert dlg.pack_status_text(cat).startswith("data pack MCS 2027 from test-org, since ")
    from minref.ui.main_window import MainWindow

    window = MainWindow(cat, None)
    qtbot.addWidget(window)
    assert "MCS 2027" in window.edition_label.text()
    assert "data pack MCS 2027 from test-org" in window.edition_label.text()
    actions = [a.text() for m in window.menuBar().actions() for a in m.menu().actions()]
    assert "Install data update…" in actions and "Roll back data update" in actions
    window.close()
    cat.close()

    assert dlg.rollback_data_update(parent, confirm=False)
    assert "mcs-2026-" in shown[-1][1]
    # A pack whose content is not the catalog's in use: Yes is the default.
    No = QMessageBox.StandardButton.No  # noqa: N806
    assert buttons == [(QMessageBox.StandardButton.Yes, No)] * 2


def test_gui_rollback_question_defaults_to_no(home, qtbot, monkeypatch):
    """QA: Enter on "Return to the previous catalog?" undid the data update."""
    from PySide6.QtWidgets import QMessageBox, QWidget

    from minref.ui import datapack_dialog as dlg

    No = QMessageBox.StandardButton.No  # noqa: N806
    shown: list = []
    buttons = _patch_boxes(monkeypatch, shown, [No])
    parent = QWidget()
    qtbot.addWidget(parent)
    before = _in_use(home)
    assert not dlg.rollback_data_update(parent)
    assert buttons == [(No, No)]
    assert re.fullmatch(
        r"In use: data pack mcs-2026-\S+ \(MCS 2026\), signed by test-org \(key [0-9a-f]{16}\), "
        r"in use since \S+\.\n\nReturn to the previous catalog \(the catalog shipped with "
        r"minref\)\?",
        shown[-1][1],
    )
    assert _in_use(home) == before


def test_gui_install_of_content_already_in_use_says_so_and_defaults_to_no(
    packs, keys, home, tmp_path, qtbot, monkeypatch
):
    """QA: installing the pack in use (or one of the same tables) asked as if it changed
    something, with Yes as the default."""
    from PySide6.QtWidgets import QMessageBox, QWidget

    from minref.datapack.make import make_pack
    from minref.ui import datapack_dialog as dlg

    No, Yes = QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes  # noqa: N806
    # The same committed db/ tables signed again under another label: another pack id,
    # the same content hash as the MCS 2026 pack in use.
    again, m_again = make_pack(
        tmp_path / "again.minrefpack", keys["key"], db_dir=DB_DIR, label="MCS 2026 again"
    )
    assert m_again["content_hash"] == packs["m26"]["content_hash"]
    assert m_again["pack_id"] != packs["m26"]["pack_id"]
    shown: list = []
    buttons = _patch_boxes(monkeypatch, shown, [No, No, No])
    parent = QWidget()
    qtbot.addWidget(parent)
    before = _in_use(home)
    identical = (
        "Its content is identical to the catalog in use: installing it changes nothing. "
        "In use now: data pack mcs-2026-"
    )
    for path in (packs["p26"], again):
        assert not dlg.install_data_update(parent, str(path))
        assert shown[-1][0] == "question" and identical in shown[-1][1]
        assert shown[-1][1].endswith("\n\nInstall it anyway?")
        assert buttons[-1] == (No, No)
    assert not dlg.install_data_update(parent, str(packs["p27"]))
    assert identical not in shown[-1][1] and buttons[-1] == (Yes, No)
    assert _in_use(home) == before


def test_make_pack_from_raw_files_runs_the_refresh_readers(shared_data, keys, tmp_path, capsys):
    out = tmp_path / "raw.minrefpack"
    code, text, err = run_cli(
        [
            "data",
            "make-pack",
            "--from",
            str(shared_data),
            "--key",
            str(keys["key"]),
            "--label",
            "from raw",
            "--out",
            str(out),
        ],
        capsys,
    )
    assert code == 0, err
    assert "MCS 2022, MCS 2023, MCS 2024, MCS 2025, MCS 2026" in text  # the editions held
    code, text, err = run_cli(["data", "verify", str(out)], capsys)
    assert code == 0, err
    assert "complete, from raw" in text and "signed by test-org" in text


def test_make_pack_refuses_a_missing_key_or_folder(keys, tmp_path, capsys):
    code, _, err = run_cli(
        [
            "data",
            "make-pack",
            "--from-db",
            str(tmp_path),
            "--key",
            str(keys["key"]),
            "--out",
            str(tmp_path / "x.minrefpack"),
        ],
        capsys,
    )
    assert code == 1 and "not a minref db/ folder" in err
    code, _, err = run_cli(
        [
            "data",
            "make-pack",
            "--from-db",
            str(DB_DIR),
            "--key",
            str(tmp_path / "none.key"),
            "--out",
            str(tmp_path / "x.minrefpack"),
        ],
        capsys,
    )
    assert code == 1 and "cannot be read" in err
    assert not (tmp_path / "x.minrefpack").exists()


# ---------------------------------------------------------------------------- older minref's packs
LIST_NAMES_NOTE = (
    "The pack has no list-member names (made by an older minref): this minref's own are used."
)


def _older_pack(keys, tmp: Path, name: str, without: set[str]) -> Path:
    """A complete pack as a minref from before the tables ``without`` made it: signed, its
    manifest listing every other table, and (for list_member_names) no register entry for
    the source that came with that table."""
    import minref.datapack.make as make

    tables = {n: _read(DB_DIR, n) for n in TABLES}
    if "list_member_names" in without:
        tables["sources"] = [
            r for r in tables["sources"] if r["source_id"] != "minref-list-member-names"
        ]
    db = tmp / f"db-{name}"
    _write_db(db, tables)
    older = {n: t for n, t in TABLES.items() if n not in without}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(make, "TABLES", older)
        path, manifest = make.make_pack(
            tmp / f"{name}.minrefpack", keys["key"], db_dir=db, label="MCS 2026 older"
        )
    assert manifest["kind"] == "complete" and not without & set(manifest["tables"])
    return path


@pytest.fixture(scope="module")
def older_packs(keys, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("older")
    return {
        "no names": _older_pack(keys, tmp, "no-names", {"list_member_names"}),
        "no world": _older_pack(keys, tmp, "no-world", {"world_production"}),
        "no world, no names": _older_pack(
            keys, tmp, "no-world-names", {"world_production", "list_member_names"}
        ),
    }


@pytest.mark.parametrize("shipped", ["db files", "bundled catalog"])
def test_older_complete_pack_without_list_member_names_uses_this_minrefs_own(
    shipped, older_packs, home, capsys, monkeypatch, catalog_path
):
    from minref.catalog import store
    from minref.catalog.queries import open_default
    from minref.catalog.verify import verify

    if shipped == "bundled catalog":  # a frozen build: the catalog file, no db/ folder
        monkeypatch.setattr(store, "bundled_catalog", lambda: catalog_path)
        monkeypatch.setattr(store, "find_db_dir", lambda: None)
    bundled_before = _sha(catalog_path)
    pack = older_packs["no names"]

    code, out, err = run_cli(["data", "verify", str(pack)], capsys)
    assert code == 0, err
    assert out.splitlines()[1:] == [LIST_NAMES_NOTE]

    code, out, err = run_cli(["data", "install", str(pack)], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("installed data pack mcs-2026-older-")
    assert lines[1] == LIST_NAMES_NOTE
    assert _sha(catalog_path) == bundled_before  # the shipped catalog is only read

    cat = open_default()
    try:
        assert json.loads(cat.meta["data_pack"])["minref_tables"] == ["list_member_names"]
        # resources/list_member_names.csv: Zirconium,Circonio,Zirconium,element
        assert cat.list_member_name("Zirconium", "es") == "Circonio"
        assert cat.list_member_name("Lithium - battery grade", "fr") == "Lithium - qualité batterie"
        zr = [
            m
            for m in cat.critical_list_members_named("US-2025", "es")
            if m["mineral"] == "Zirconium"
        ]
        assert [(m["name"], m["name_sources"]) for m in zr] == [
            ("Circonio", ("minref-list-member-names",))
        ]
        # the names keep their source: its register row comes from this minref too
        assert cat.source("minref-list-member-names").organisation == "minref (compiled)"
        # the pack's tables and this minref's own make exactly the committed catalog
        committed = json.loads((DB_DIR / "MANIFEST.json").read_text())
        assert cat.meta["content_hash"] == committed["content_hash"]
        assert verify(cat.conn).ok
    finally:
        cat.close()


def test_install_takes_the_pack_as_it_was_verified(packs, home, tmp_path):
    """The window shows the verified pack, then installs that same pack from memory: a
    file changed or removed in between cannot slip another pack in."""
    from minref.datapack.install import install
    from minref.datapack.pack import read_pack

    path = tmp_path / "shown.minrefpack"
    shutil.copyfile(packs["p27"], path)
    pack = read_pack(path)
    path.write_bytes(b"not a pack any more")
    result = install(path, verified=pack)
    assert result.entry["pack_id"] == pack.pack_id
    assert result.entry["label"] == "MCS 2027"
    assert _in_use(home)[0]["current"]["pack_id"] == pack.pack_id


def test_gui_install_of_an_older_pack_says_this_minrefs_names_are_used(
    older_packs, home, qtbot, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox, QWidget

    from minref.ui import datapack_dialog as dlg

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()))
    parent = QWidget()
    qtbot.addWidget(parent)
    assert dlg.install_data_update(parent, str(older_packs["no names"]), confirm=False)
    assert shown[-1].splitlines()[-1] == LIST_NAMES_NOTE


@pytest.mark.parametrize(
    ("case", "lacks"),
    [
        ("no world", "world_production"),
        ("no world, no names", "list_member_names, world_production"),
    ],
)
def test_older_complete_pack_without_an_edition_table_is_still_refused(
    case, lacks, older_packs, home, capsys
):
    path = older_packs[case]
    before = _in_use(home)
    files_before = sorted(p.name for p in (home / "cache/packs").iterdir())
    code, out, err = run_cli(["data", "install", str(path)], capsys)
    assert code == 1
    assert f"refused: {path.name}: a complete pack lacks tables {lacks}." in err
    assert "Nothing was changed" in err and "this minref's own" not in out + err
    assert _in_use(home) == before
    assert sorted(p.name for p in (home / "cache/packs").iterdir()) == files_before
    code, _, err = run_cli(["data", "verify", str(path)], capsys)
    assert code == 1 and f"a complete pack lacks tables {lacks}" in err


def test_tables_marked_minref_curated_are_minrefs_own_hand_kept_files():
    """A table marked minref_curated is taken from this minref when an older pack lacks it:
    only minref's own curation may be, never a source's data (a table marked by mistake
    fails here)."""
    from minref.ingest.sources import SOURCES
    from minref.paths import resource_dir

    registry = {s["source_id"]: s for s in SOURCES}
    marked = [t for t in TABLES.values() if t.minref_curated]
    assert "list_member_names" in {t.name for t in marked}
    for t in TABLES.values():
        assert bool(t.older_pack_note) == t.minref_curated, t.name
    for t in marked:
        assert "edition" not in t.columns and "year" not in t.columns, t.name
        rows = _read(DB_DIR, t.name)
        # every row is a line of the hand-kept file under resources/ that ships with minref
        with (resource_dir() / f"{t.name}.csv").open(encoding="utf-8", newline="") as fh:
            hand = list(csv.DictReader(fh))
        assert sorted(tuple(r[c].strip() for c in t.columns) for r in hand) == sorted(
            tuple(r[c] for c in t.columns) for r in rows
        ), t.name
        # and cites only sources the registry names as minref's own compilation
        if "source_id" in t.columns:
            cited = {r["source_id"] for r in rows}
            assert cited, t.name
            for sid in cited:
                assert registry[sid]["organisation"] == "minref (compiled)", (t.name, sid)


def test_gui_install_failure_says_why_in_the_readers_language(packs, home, qtbot, monkeypatch):
    """A library's error (here the disk filling up while the pack is read) is said in the
    reader's words, not as Python's English "[Errno 28] No space left on device"."""
    from PySide6.QtWidgets import QWidget

    import minref.datapack.pack as pack_mod
    from minref import i18n
    from minref.ui import datapack_dialog as dlg

    def full(path, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pack_mod, "read_pack", full)
    shown: list = []
    _patch_boxes(monkeypatch, shown, [])
    parent = QWidget()
    qtbot.addWidget(parent)
    with i18n.using("fr"):
        assert not dlg.install_data_update(parent, str(packs["p26"]))
    assert shown == [("critical", "le disque est plein")]


def test_a_slow_check_or_install_shows_its_busy_dialog(qtbot):
    # QA: installing took 3 s with no sign of work; the busy dialog (range 0-0) waited for
    # a setValue that never came.  Work longer than 300 ms shows it; quick work never does.
    import time as _time

    from PySide6.QtCore import QTimer as _QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

    from minref.ui.datapack_dialog import _run_in_thread

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    seen = []

    def look():
        seen.extend(
            w.labelText()
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()
        )

    _QTimer.singleShot(700, look)
    result, error = _run_in_thread(parent, "Installing the data update…", _time.sleep, 1.0)
    assert (result, error) == (None, None)
    assert seen == ["Installing the data update…"]
    seen.clear()
    _QTimer.singleShot(150, look)
    _run_in_thread(parent, "Checking the data update…", _time.sleep, 0.25)
    assert seen == []
    assert not [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog) and w.isVisible()
    ]
