"""Imports into the user's data file: values refused with their line, files refused before
they are read, list and remove, one transaction, and the file's schema (issues 12, 15, 18).
Scale, cancel, kill -9, concurrency and the fuzz are in test_import_scale.py."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from minref.userdata.importers import ImportFormatError, commit_import, preview_import, read_file
from minref.userdata.store import APPLICATION_ID, SCHEMA_VERSION, UserData

FIX = Path(__file__).parent / "fixtures" / "imports"
COMTRADE = "refYear,refMonth,reporterCode,partnerCode,flowCode,cmdCode,primaryValue\n"
OK_COMTRADE = "2023,52,484,842,X,2529,100\n"
BACI = "t,i,j,k,v,q\n"
OK_BACI = "2022,484,842,252921,29876.5,143210.2\n"
CENSUS = '[["CTY_CODE","CTY_NAME","I_COMMODITY","GEN_VAL_MO","time"],\n'
OK_CENSUS = '["2010","MEXICO","2529","5","2024-01"]'


def _write(tmp_path: Path, text: str, name: str = "f.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "line, message",
    [
        ("2023,52,484,842,X,2529,inf", "line 3: primaryValue is not a finite number: “inf”"),
        ("2023,52,484,842,X,2529,1e309", "line 3: primaryValue is not a finite number"),
        ("2023,52,484,842,X,2529,nan", "line 3: primaryValue is not a finite number"),
        ("2023,52,484,842,X,2529,-5", "line 3: primaryValue is negative"),
        ("2023,52,484,842,X,2529,2e15", "line 3: primaryValue “2e15” is beyond US\\$"),
        ("2023,13,484,842,X,2529,5", "line 3: refMonth “13” is not a month 1–12"),
        ("2023,99,484,842,X,2529,5", "line 3: refMonth “99” is not a month"),
        ("2023,-3,484,842,X,2529,5", "line 3: refMonth “-3” is not a month"),
        ("2023,NaN,484,842,X,2529,5", "line 3: refMonth “NaN” is not a month"),
        ("2023,-1e30,484,842,X,2529,5", "line 3: refMonth “-1e30” is not a month"),
        ("0,52,484,842,X,2529,5", "line 3: refYear is not a year: “0”"),
        ("9999,52,484,842,X,2529,5", "line 3: refYear “9999” is outside 1962–"),
        ("20231,52,484,842,X,2529,5", "line 3: refYear is not a year: “20231”"),
        ("1961,52,484,842,X,2529,5", "line 3: refYear “1961” is outside"),
        ("2023,52,484,842,X,٢٥٢٩,5", "line 3: HS code “٢٥٢٩” is not 2 to 10 digits"),
        ("2023,52,484,842,X,2529,١٠٠", "line 3: primaryValue is not a number"),
    ],
)
def test_comtrade_values_that_cannot_be_trade_data_name_their_line(
    catalog, tmp_path, line, message
):
    f = _write(tmp_path, COMTRADE + OK_COMTRADE + line + "\n")
    with pytest.raises(ImportFormatError, match=message):
        read_file(f, catalog)


@pytest.mark.parametrize(
    "line, message",
    [
        ("2022,484,842,252921,inf,1", "line 3: v “inf” is not a trade value"),
        ("2022,484,842,252921,-1,1", "line 3: v “-1” is not a trade value"),
        ("2022,484,842,252921,2e12,1", "line 3: v “2e12” is not a trade value"),
        ("2022,484,842,252921,nan,1", "line 3: v “nan” is not a trade value"),
        ("2022,484,842,252921,5,-2", "line 3: q “-2” is not a quantity"),
        ("2022,484,842,252921,5,1e400", "line 3: q “1e400” is not a quantity"),
        ("2022,484,842,252921,lots,1", "line 3: v is not a number: “lots”"),
        ("9999,484,842,252921,5,1", "line 3: t “9999” is outside"),
        ("20221,484,842,252921,5,1", "line 3: t is not a year: “20221”"),
        ("2022,484,842,٢٥٢٩٢١,5,1", "line 3: HS code"),
        ("2022,484,842,252921,5", "line 3: 5 fields, the header has 6"),
        ("2022,484,842,252921,١٠,1", "line 3: v is not a number: “١٠”"),
        ("2022,484,842,252921,1_0,1", "line 3: v is not a number: “1_0”"),
        ("2022,484,842,252921,5,1_0", "line 3: q is not a number: “1_0”"),
        ("2022,484,842,252921,5,٣", "line 3: q is not a number: “٣”"),
    ],
)
def test_baci_values_that_cannot_be_trade_data_name_their_line(catalog, tmp_path, line, message):
    f = _write(tmp_path, BACI + OK_BACI + line + "\n")
    with pytest.raises(ImportFormatError, match=message):
        read_file(f, catalog)


@pytest.mark.parametrize(
    "row, message",
    [
        ('["2010","MEXICO","2529",NaN,"2024-01"]', "line 3: NaN is not a trade value"),
        ('["2010","MEXICO","2529",Infinity,"2024-01"]', "line 3: Infinity is not a trade value"),
        ('["2010","MEXICO","2529","-4","2024-01"]', "line 3: GEN_VAL_MO is negative"),
        ('["2010","MEXICO","2529","5","2024-13"]', "line 3: time “13” is not a month"),
        ('["2010","MEXICO","2529","5","9999-01"]', "line 3: time “9999” is outside"),
        ('["2010","MEX\\ud800","2529","5","2024-01"]', "line 3: .*lone UTF-16 surrogate"),
        ('["2010","MEXICO","2529","5"]', "line 3: row 2 does not have 5 values"),
    ],
)
def test_census_json_values_name_their_line(catalog, tmp_path, row, message):
    f = _write(tmp_path, CENSUS + OK_CENSUS + ",\n" + row + "]\n", "c.json")
    with pytest.raises(ImportFormatError, match=message):
        read_file(f, catalog)


def test_deep_json_gets_a_message_not_a_recursion_error(catalog, tmp_path):
    f = _write(tmp_path, CENSUS + "[" * 5000 + "]" * 5000 + "]", "deep.json")
    with pytest.raises(ImportFormatError, match="line 2: the JSON is nested too deeply"):
        read_file(f, catalog)


def test_the_first_errors_are_listed_with_the_count(catalog, tmp_path):
    bad = "".join(f"2023,52,484,842,X,2529,x{i}\n" for i in range(8))
    f = _write(tmp_path, COMTRADE + OK_COMTRADE + bad)
    with pytest.raises(ImportFormatError) as exc:
        read_file(f, catalog)
    text = str(exc.value)
    assert text.startswith("line 3: primaryValue is not a number: “x0”")
    assert "line 7: primaryValue" in text and "8 lines in all are at fault" in text


def test_only_regular_files_and_no_endless_lines(catalog, tmp_path):
    import os

    with pytest.raises(ImportFormatError, match="not a regular file"):
        read_file("/dev/zero", catalog)
    with pytest.raises(ImportFormatError, match="not a regular file"):
        read_file(tmp_path, catalog)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ImportFormatError, match="not a regular file"):
        read_file(fifo, catalog)
    nul = tmp_path / "nul.csv"
    nul.write_bytes(b"\0" * (3 * 1024 * 1024))
    with pytest.raises(ImportFormatError, match="line 1: the line is longer than 1 MB"):
        read_file(nul, catalog)


def test_windows_1252_file_is_read(catalog, tmp_path):
    f = tmp_path / "dw.csv"
    f.write_bytes(
        b'"Data Type","HTS Number","Description","Country","2024"\n'
        b'"Customs Value","2529","Fluorspar \xe9","Mexico","5"\n'
    )
    p = read_file(f, catalog)
    assert p.encoding == "cp1252" and p.sample[0]["value_usd"] == 5.0


def test_comtrade_breakdowns_keep_the_totals_and_repeats_keep_the_first(catalog, tmp_path):
    head = "refYear,refMonth,reporterCode,partnerCode,flowCode,cmdCode,motCode,primaryValue\n"
    f = _write(
        tmp_path,
        head
        + "2023,52,484,842,X,2529,0,100\n"  # total over modes of transport: kept
        + "2023,52,484,842,X,2529,1000,60\n"  # by sea: left out
        + "2023,52,484,842,X,2529,2000,40\n"  # by land: left out
        + "2023,52,484,842,X,2529,0,999\n",  # the total again: a repeat, skipped
    )
    user = UserData(tmp_path / "u.sqlite")
    p = preview_import(f, catalog, user)
    assert p.rows_read == 2 and p.duplicates == 1
    assert any("2 breakdown rows" in w for w in p.warnings)
    assert any("first is kept" in w for w in p.warnings)
    rec = commit_import(p, user)
    assert rec.rows == 1 and p.skipped == 1
    assert [f.value_usd for f in user.trade_flows("MEX")] == [100.0]


def test_baci_zip_as_downloaded_with_its_code_lists(catalog, tmp_path):
    import zipfile

    z = tmp_path / "BACI_HS22_V202401.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr(
            "country_codes_V202401.csv",
            "country_code,country_name,country_iso2,country_iso3\n"
            "484,Mexico,MX,MEX\n842,USA,US,USA\n251,France,FR,FRA\n",
        )
        zf.writestr("product_codes_HS22_V202401.csv", 'code,description\n252921,"Fluorspar"\n')
        zf.writestr("BACI_HS22_Y2021_V202401.csv", BACI + "2021,484,251,252921,1.5,NA\n")
        zf.writestr("BACI_HS22_Y2022_V202401.csv", BACI + OK_BACI)
    user = UserData(tmp_path / "u.sqlite")
    p = preview_import(z, catalog, user, years=[2021])
    assert p.members == ["BACI_HS22_Y2021_V202401.csv"] and p.rows_read == 1
    assert p.code_lists == {
        "country": "country_codes_V202401.csv",
        "product": "product_codes_HS22_V202401.csv",
    }
    commit_import(p, user)
    (row,) = user.trade_flows("MEX")
    assert (row.partner_iso3, row.partner_label, row.hs_code, row.value_usd) == (
        "FRA",
        "France",
        "252921",
        1500.0,
    )
    assert row.hs_description == "Fluorspar" and row.quantity is None
    both = preview_import(z, catalog, user)
    assert both.years == [2021, 2022] and both.new_rows == 1  # 2021 is held already


def test_baci_code_list_given_instead_of_the_data(catalog, tmp_path):
    f = _write(tmp_path, "country_code,country_name,country_iso2,country_iso3\n484,Mexico,MX,MEX\n")
    with pytest.raises(ImportFormatError, match="one of BACI's code lists"):
        read_file(f, catalog)


def test_user_file_created_whole_with_its_ids(tmp_path):
    path = tmp_path / "u.sqlite"
    UserData(path).close()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"imports", "trade_rows", "places", "row_kinds", "import_groups"} <= tables
    con.close()
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")  # a zero-byte file is a new database
    UserData(empty).close()
    assert sqlite3.connect(empty).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_schema_1_file_is_migrated_after_a_backup(catalog, tmp_path):
    from minref.userdata.store import _V1_TABLES

    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    for sql in _V1_TABLES:
        con.execute(sql)
    con.execute(
        "INSERT INTO imports VALUES (1, 'user-import-1', 'x', 'x.csv', 'comtrade', "
        "'2025-01-01T00:00:00', 1, '', 'UNSD', 'Comtrade', 'terms', 'Source: UN Comtrade')"
    )
    con.execute(
        "INSERT INTO trade_flows (source_id, reporter_iso3, reporter_label, partner_iso3, "
        "partner_kind, partner_label, flow, hs_code, hs_level, classification, year, month, "
        "period, value_usd, value_basis, quantity, quantity_unit, net_weight_kg, flags, "
        "import_id) VALUES ('user-import-1', 'MEX', 'Mexico', 'USA', 'country', 'USA', "
        "'export', '2529', 4, 'H6', 2023, 0, 'annual', 123.0, 'FOB', NULL, '', NULL, '', 1)"
    )
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    user = UserData(path)
    (row,) = user.trade_flows("MEX", "USA", "25")
    assert (row.source_id, row.hs_code, row.year, row.value_usd) == (
        "user-import-1",
        "2529",
        2023,
        123.0,
    )
    assert list(tmp_path.glob("old.backup-*.sqlite"))


def test_user_data_errors_name_the_user_file_and_remedy(catalog_path, tmp_path, capsys):
    from minref.cli import main

    base = ["--catalog", str(catalog_path), "import", str(FIX / "baci.csv"), "--yes"]
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"junk" * 1000)
    assert main(base + ["--data", str(junk)]) == 1
    err = capsys.readouterr().err
    assert str(junk) in err and "Move it aside" in err and "catalog build" not in err
    assert ".." not in err
    assert main(base + ["--data", "/dev/null"]) == 1
    err = capsys.readouterr().err
    assert "/dev/null is not a regular file" in err and "catalog" not in err
    ro = tmp_path / "ro"
    ro.mkdir()
    UserData(ro / "u.sqlite").close()
    ro.chmod(0o555)
    (ro / "u.sqlite").chmod(0o444)
    try:
        code = main(base + ["--data", str(ro / "u.sqlite")])
        err = capsys.readouterr().err
    finally:
        ro.chmod(0o755)
    import os

    if os.geteuid() != 0:  # root writes anyway
        assert code == 1 and str(ro / "u.sqlite") in err and "writable" in err


def test_import_list_and_remove(catalog, catalog_path, tmp_path, capsys):
    from minref.cli import main

    data = tmp_path / "mine.sqlite"
    base = ["--catalog", str(catalog_path), "import", "--data", str(data)]
    assert main(base + [str(FIX / "baci.csv"), "--yes"]) == 0
    assert main(base + [str(FIX / "comtrade_export.csv"), "--yes"]) == 0
    capsys.readouterr()
    assert main(base + ["--list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["imports"]
    assert [(i["import_id"], i["file_name"], i["rows"]) for i in listed] == [
        (1, "baci.csv", 3),
        (2, "comtrade_export.csv", 4),
    ]
    assert main(base + ["--remove", "1"]) == 0
    assert "removed import 1 (baci.csv, 3 rows)" in capsys.readouterr().out
    user = UserData(data)
    assert [i.import_id for i in user.imports()] == [2]
    assert {f.source_id for f in user.trade_flows()} == {"user-import-2"}
    assert main(base + ["--remove", "1"]) == 1
    assert "There is no import 1" in capsys.readouterr().err
    assert main(base + ["--list"]) == 0
    assert "comtrade_export.csv" in capsys.readouterr().out


def test_desk_imports_with_progress_and_removes(qtbot, catalog, tmp_path, monkeypatch):
    monkeypatch.setenv("MINREF_HOME", str(tmp_path / "home"))
    from minref.paths import _paths

    _paths.cache_clear()
    from PySide6.QtWidgets import QMessageBox

    from minref.ui.main_window import MainWindow

    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    w = MainWindow(catalog, None)
    qtbot.addWidget(w)
    w.open("trade:MEX")
    page = w.current_page()
    assert page.import_file(str(FIX / "baci.csv"), confirm=False)
    (rec,) = page.import_model.rows
    assert rec.file_name == "baci.csv" and rec.rows == 3
    assert page.remove_import(rec.import_id, confirm=False)
    assert page.import_model.rows == [] and page.user.trade_flows() == []
    _paths.cache_clear()


def test_a_file_changed_after_its_preview_is_not_imported(catalog, tmp_path):
    f = _write(tmp_path, BACI + OK_BACI)
    user = UserData(tmp_path / "u.sqlite")
    p = preview_import(f, catalog, user)
    f.write_text(BACI + OK_BACI + "2022,484,156,252921,1.0,NA\n")
    with pytest.raises(ImportFormatError, match="changed since the preview"):
        commit_import(p, user)
    assert user.imports() == [] and user.trade_flows() == [] and not user.conn.in_transaction


def test_a_removed_import_number_is_never_given_again(catalog, tmp_path):
    user = UserData(tmp_path / "u.sqlite")
    for _ in range(2):
        commit_import(preview_import(FIX / "baci.csv", catalog, user), user)
    user.remove_import(2)
    rec = commit_import(preview_import(FIX / "comtrade_export.csv", catalog, user), user)
    assert (rec.import_id, rec.source_id) == (3, "user-import-3")
    assert {f.source_id for f in user.trade_flows()} == {"user-import-1", "user-import-3"}


def test_a_damaged_zip_gets_a_message(catalog, tmp_path):
    import zipfile

    z = tmp_path / "BACI_HS22_V202401.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("BACI_HS22_Y2022_V202401.csv", BACI + OK_BACI * 2000)
    data = bytearray(z.read_bytes())
    data[200:260] = b"\xff" * 60  # inside the compressed member
    z.write_bytes(bytes(data))
    with pytest.raises(ImportFormatError, match="damaged|not valid|cannot be read"):
        read_file(z, catalog)


# ---------------------------------------------------------------- staging (issue 18)

BACI_FIXTURE_ROWS = [  # tests/fixtures/imports/baci.csv: v in thousand US$, q in metric tons
    ("MEX", "CHN", "252921", 2022, 388_100.0, 1890.0),
    ("MEX", "USA", "252921", 2022, 29_876_500.0, 143210.2),
    ("MEX", "USA", "260800", 2022, 410_000.0, None),
]


def _staging_files(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f".{db.name}.import-*"))


def _rows(user, source_id: str | None = None) -> list[tuple]:
    return sorted(
        (f.reporter_iso3, f.partner_iso3, f.hs_code, f.year, f.value_usd, f.quantity)
        for f in user.trade_flows()
        if source_id is None or f.source_id == source_id
    )


def test_the_preview_stages_its_rows_and_the_commit_copies_them_without_reading_again(
    catalog, tmp_path, monkeypatch
):
    from minref.userdata import importers

    db = tmp_path / "u.sqlite"
    user = UserData(db)
    p = preview_import(FIX / "baci.csv", catalog, user)
    (staged,) = _staging_files(db)
    con = sqlite3.connect(staged)
    assert con.execute("SELECT count(*) FROM staged_rows").fetchone()[0] == 3
    con.close()

    def no_second_read(self):
        raise AssertionError("the commit read the file again")

    monkeypatch.setattr(importers._Source, "streams", no_second_read)
    rec = commit_import(p, user)
    assert rec.rows == 3 and _staging_files(db) == []
    assert _rows(user) == BACI_FIXTURE_ROWS
    assert user.held_groups() and _held_count(user, rec.import_id) == 3


def _held_count(user, import_id: int) -> int:
    from minref.userdata.trade_store import TradeStore

    return TradeStore(user.conn).count(import_id)


def test_without_a_staging_file_the_commit_reads_the_file_again(catalog, tmp_path, monkeypatch):
    from minref.userdata import trade_store

    def cannot(self, beside):
        raise OSError("read-only folder")

    monkeypatch.setattr(trade_store.Staging, "__init__", cannot)
    db = tmp_path / "u.sqlite"
    user = UserData(db)
    p = preview_import(FIX / "baci.csv", catalog, user)
    assert _staging_files(db) == []
    assert commit_import(p, user).rows == 3
    assert _rows(user) == BACI_FIXTURE_ROWS


def test_codes_another_import_made_after_the_preview_are_mapped(catalog, tmp_path):
    db = tmp_path / "u.sqlite"
    user = UserData(db)
    p = preview_import(FIX / "baci.csv", catalog, user)
    other = UserData(db)  # another window imports a file in between, taking code numbers
    commit_import(preview_import(FIX / "comtrade_export.csv", catalog, other), other)
    now = other.coder().places
    assert any(now.get(key) != pid for key, pid in p._coder.places.items())  # they moved
    rec = commit_import(p, user)
    assert _rows(user, rec.source_id) == BACI_FIXTURE_ROWS
    assert _held_count(user, rec.import_id) == 3
    assert _staging_files(db) == []


def test_a_refused_or_dropped_preview_leaves_no_staging_file(catalog, tmp_path):
    import gc

    db = tmp_path / "u.sqlite"
    user = UserData(db)
    f = _write(tmp_path, BACI + OK_BACI + "2022,484,842,252921,lots,1\n")
    with pytest.raises(ImportFormatError, match="line 3"):
        preview_import(f, catalog, user)
    assert _staging_files(db) == []
    p = preview_import(FIX / "baci.csv", catalog, user)
    assert len(_staging_files(db)) == 1
    del p
    gc.collect()
    assert _staging_files(db) == []
    assert user.imports() == []


@pytest.mark.parametrize("bad", ["1_0", "١٠"])
def test_a_baci_value_float_would_take_is_refused_after_megabytes_of_plain_lines(
    catalog, tmp_path, bad
):
    # The ASCII and underscore checks are made on the bytes a megabyte at a time: a line
    # far into the file still names its line.
    plain = "".join(f"2022,484,842,{252000 + n % 900},{n}.5,NA\n" for n in range(80_000))
    f = _write(tmp_path, BACI + plain + f"2022,484,842,252921,{bad},1\n")
    assert f.stat().st_size > 2 * 1024**2
    with pytest.raises(ImportFormatError, match=f"line 80002: v is not a number: “{bad}”"):
        read_file(f, catalog)


def test_a_quoted_field_megabytes_into_a_baci_file_is_read_and_later_lines_keep_their_numbers(
    catalog, tmp_path
):
    # Plain lines are split on commas; from the first quote on, the csv module reads.
    plain = "".join(f"2022,484,842,{252000 + n % 900},{n}.5,NA\n" for n in range(80_000))
    quoted = '2022,484,156,"252921",7.5,"1200.5"\n'  # line 80,002
    f = _write(tmp_path, BACI + plain + quoted + "2022,484,156,260800,1.0,NA\n")
    p = read_file(f, catalog)
    assert p.rows_read == 80_002 and p.duplicates == 80_000 - 900
    with pytest.raises(ImportFormatError, match="line 80003: v is not a number: “x”"):
        read_file(
            _write(tmp_path, BACI + plain + quoted + "2022,484,156,2529,x,1\n", "g.csv"), catalog
        )
    db = tmp_path / "u.sqlite"
    user = UserData(db)
    commit_import(preview_import(f, catalog, user), user)
    got = {(x.partner_iso3, x.hs_code): (x.value_usd, x.quantity) for x in user.trade_flows()}
    assert got[("CHN", "252921")] == (7500.0, 1200.5)
    assert got[("CHN", "260800")] == (1000.0, None)


def test_a_staging_file_that_cannot_be_written_falls_back_to_reading_the_file_again(
    catalog, tmp_path, monkeypatch
):
    from minref.userdata import trade_store

    def full(self, batch, columns=()):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(trade_store.Staging, "add", full)
    db = tmp_path / "u.sqlite"
    user = UserData(db)
    p = preview_import(FIX / "baci.csv", catalog, user)
    assert _staging_files(db) == []  # dropped, not left behind
    assert commit_import(p, user).rows == 3
    assert _rows(user) == BACI_FIXTURE_ROWS


@pytest.mark.parametrize(
    ("lang", "value", "message"),
    [
        # A tab and a no-break space cannot be seen: written as their escapes.
        ("en", "12\t5", "line 2: primaryValue is not a number: “12\\t5”"),
        ("en", "1\u00a0000", "line 2: primaryValue is not a number: “1\\xa0000”"),
        ("es", "x", "línea 2: primaryValue no es un número: «x»"),
        ("fr", "x", "ligne 2\u00a0: primaryValue n'est pas un nombre\u00a0: «\u00a0x\u00a0»"),
    ],
)
def test_a_bad_cell_is_cited_in_the_readers_quotes(catalog, tmp_path, lang, value, message):
    # Python's own quotes ('x', with \t in them) are gone; the cell's text is shown so that
    # the official can find it, odd characters included.
    from minref import i18n

    f = _write(tmp_path, COMTRADE + f'2023,52,484,842,X,2529,"{value}"\n')
    i18n.set_language(lang)
    try:
        with pytest.raises(ImportFormatError) as exc:
            read_file(f, catalog)
    finally:
        i18n.set_language("en")
    assert str(exc.value) == message
