"""4. A zipped UN Comtrade CSV was refused ("only BACI files are read from a zip"): a zip
holding one Comtrade CSV is read as that CSV is, streamed from the zip (never unpacked to
disk), through the same preview and commit, in the CLI and on the desk; a zip holding no
CSV, several CSVs, or one that is damaged, cut short or encrypted gets one message (no
traceback) and the CLI exits non-zero.

The fixture is hand-written: Mexico's exports to the U.S. (reporter 484, partner 842) of
fluorspar (HS 2529, US$100) and silver (HS 7106, US$250) in 2023, in UN Comtrade's column
names."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from minref.userdata.importers import ImportFormatError, commit_import, preview_import
from minref.userdata.store import UserData

COMTRADE = (
    "refYear,refMonth,reporterCode,partnerCode,flowCode,cmdCode,primaryValue\n"
    "2023,52,484,842,X,2529,100\n"
    "2023,52,484,842,X,7106,250\n"
)
# (partner, HS code, year, flow, US$) of the two rows, as the user's data then holds them
HELD = [("USA", "2529", 2023, "export", 100.0), ("USA", "7106", 2023, "export", 250.0)]


def _zip(path: Path, members: dict[str, str | bytes], method=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return path


def _held(user) -> list[tuple]:
    return sorted(
        (f.partner_iso3, f.hs_code, f.year, f.flow, f.value_usd) for f in user.trade_flows("MEX")
    )


@pytest.fixture
def no_unpacking(monkeypatch):
    """A zip is read as a stream: unpacking a member to disk fails the test."""

    def refuse(*_a, **_k):
        raise AssertionError("a zip member was unpacked to disk")

    monkeypatch.setattr(zipfile.ZipFile, "extract", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", refuse)


def test_a_zipped_comtrade_csv_imports_as_the_csv_does(catalog, tmp_path, no_unpacking):
    z = _zip(
        tmp_path / "TradeData.zip",
        {"TradeData/TradeData_2023.csv": COMTRADE, "README.txt": "UN Comtrade download"},
    )
    user = UserData(tmp_path / "u.sqlite")
    p = preview_import(z, catalog, user)
    assert (p.file_format, p.rows_read, p.years) == ("comtrade", 2, [2023])
    assert p.members == ["TradeData_2023.csv"] and p.new_rows == 2
    assert (p.reporters, p.partners) == (["MEX"], ["USA"])
    rec = commit_import(p, user)
    assert (rec.rows, rec.file_name, rec.file_format) == (2, "TradeData.zip", "comtrade")
    assert _held(user) == HELD
    # nothing unpacked beside it: the zip, the user's data file (and its journal) only
    assert sorted(f.name for f in tmp_path.iterdir() if not f.name.startswith("u.sqlite")) == [
        "TradeData.zip"
    ]
    # the same rows as the plain CSV gives
    plain = tmp_path / "plain" / "TradeData_2023.csv"
    plain.parent.mkdir()
    plain.write_text(COMTRADE, encoding="utf-8")
    other = UserData(tmp_path / "plain" / "u.sqlite")
    commit_import(preview_import(plain, catalog, other), other)
    assert _held(other) == HELD


def test_a_zipped_comtrade_csv_is_read_again_when_no_staging_file_can_be_written(
    catalog, tmp_path, monkeypatch
):
    from minref.userdata import trade_store

    def cannot(self, beside):
        raise OSError("read-only folder")

    monkeypatch.setattr(trade_store.Staging, "__init__", cannot)
    z = _zip(tmp_path / "c.zip", {"c.csv": COMTRADE}, zipfile.ZIP_STORED)
    user = UserData(tmp_path / "u.sqlite")
    assert commit_import(preview_import(z, catalog, user), user).rows == 2
    assert _held(user) == HELD


def _damaged_member(tmp_path: Path) -> Path:
    z = _zip(tmp_path / "damaged.zip", {"c.csv": COMTRADE + "2023,52,484,842,X,2529,100\n" * 3000})
    data = bytearray(z.read_bytes())
    data[200:260] = b"\xff" * 60  # inside the compressed member
    z.write_bytes(bytes(data))
    return z


def _bad_header(tmp_path: Path) -> Path:
    z = _zip(tmp_path / "header.zip", {"c.csv": COMTRADE})
    data = bytearray(z.read_bytes())
    data[0:4] = b"XXXX"  # the member's local header; the zip's directory is whole
    z.write_bytes(bytes(data))
    return z


def _cut_short(tmp_path: Path) -> Path:
    z = _zip(tmp_path / "cut.zip", {"c.csv": COMTRADE})
    data = z.read_bytes()
    z.write_bytes(data[: len(data) // 2])  # a download cut short: no directory at its end
    return z


def _encrypted(tmp_path: Path) -> Path:
    z = _zip(tmp_path / "locked.zip", {"c.csv": COMTRADE}, zipfile.ZIP_STORED)
    data = bytearray(z.read_bytes())
    data[6] |= 1  # the "encrypted" flag, in the local header and in the directory
    data[data.rfind(b"PK\x01\x02") + 8] |= 1
    z.write_bytes(bytes(data))
    return z


REFUSED = [
    pytest.param(
        lambda t: _zip(t / "none.zip", {"readme.txt": "no data"}),
        "the zip holds no CSV file (a BACI download holds BACI_HS.._Y####_V######.csv files, "
        "a UN Comtrade download one CSV file)",
        id="no-csv",
    ),
    pytest.param(
        lambda t: _zip(t / "two.zip", {"2023.csv": COMTRADE, "2022.csv": COMTRADE}),
        "the zip holds 2 CSV files (2022.csv, 2023.csv); a UN Comtrade zip is read when it "
        "holds one: unzip it and import the files one by one",
        id="two-csvs",
    ),
    pytest.param(
        _cut_short, "the zip file is damaged or incomplete; download it again", id="cut-short"
    ),
    pytest.param(
        _bad_header, "c.csv is damaged (a file header in the zip is unreadable)", id="bad-header"
    ),
    pytest.param(_encrypted, "c.csv is encrypted; unzip it with its password first", id="locked"),
]


@pytest.mark.parametrize("make, message", REFUSED)
def test_a_zip_that_cannot_be_read_gets_one_message(catalog, tmp_path, make, message):
    z = make(tmp_path)
    user = UserData(tmp_path / "u.sqlite")
    with pytest.raises(ImportFormatError) as err:
        preview_import(z, catalog, user)
    assert str(err.value) == message
    assert user.imports() == []


def test_a_zip_with_a_damaged_comtrade_member_gets_a_message(catalog, tmp_path):
    with pytest.raises(ImportFormatError, match=r"^c\.csv is damaged \("):
        preview_import(_damaged_member(tmp_path), catalog, UserData(tmp_path / "u.sqlite"))


@pytest.mark.parametrize(
    "make, message",
    [*REFUSED, pytest.param(_damaged_member, "c.csv is damaged (", id="damaged-member")],
)
def test_cli_refuses_such_a_zip_in_one_line_and_exits_non_zero(
    cat, tmp_path, capsys, make, message
):
    from minref.cli import main

    z = make(tmp_path)
    code = main([*cat, "import", str(z), "--data", str(tmp_path / "u.sqlite"), "--yes"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith(f"minref: {z}: {message}") and err.count("\n") == 1, err
    assert err.rstrip().endswith("Nothing was imported.") and "Traceback" not in err


def test_cli_imports_a_zipped_comtrade_csv(cat, tmp_path, capsys):
    from minref.cli import main

    z = _zip(tmp_path / "TradeData.zip", {"TradeData_2023.csv": COMTRADE})
    db = tmp_path / "u.sqlite"
    assert main([*cat, "import", str(z), "--data", str(db), "--yes"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "comtrade: 2 rows, 2 new; year 2023; 1 reporter (MEX); 1 partner",
        f"imported 2 rows as user-import-1 into {db}",
    ]
    assert _held(UserData(db)) == HELD


def test_desk_imports_a_zipped_comtrade_csv_and_refuses_a_bad_one(window_in, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from minref.analysis.trade import TradeData

    w = window_in("en")
    w.open("trade:MEX")
    page = w.current_page()
    page.user = UserData(tmp_path / "u.sqlite")  # not the session's own data file
    page.data = TradeData(page.catalog, page.user)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    assert page.import_file(str(_cut_short(tmp_path)), confirm=False) is False
    assert shown == [
        f"{tmp_path / 'cut.zip'}\n\nthe zip file is damaged or incomplete; download it "
        "again\n\nNothing was imported."
    ]
    z = _zip(tmp_path / "TradeData.zip", {"TradeData_2023.csv": COMTRADE})
    assert page.import_file(str(z), confirm=False) is True
    assert [(i.file_name, i.file_format, i.rows) for i in page.user.imports()] == [
        ("TradeData.zip", "comtrade", 2)
    ]
    assert _held(page.user) == HELD


def test_the_import_help_says_a_comtrade_zip_is_read(capsys):
    # Both help texts named the zip for BACI only, after Comtrade zips were accepted.
    from minref.cli import main

    with pytest.raises(SystemExit):
        main(["import", "--help"])
    assert "UN Comtrade or CEPII BACI CSV (also zipped as downloaded)" in " ".join(
        capsys.readouterr().out.split()
    )
    with pytest.raises(SystemExit):
        main(["--lang", "es", "import", "--help"])
    assert "CSV de UN Comtrade o de CEPII BACI (también comprimido en .zip" in " ".join(
        capsys.readouterr().out.split()
    )


def test_year_with_a_comtrade_zip_says_what_the_zip_holds(tmp_path, capsys):
    # It said "the zip holds no data file for 2020 (a BACI download holds ...)".
    from minref.cli import main

    zipped = _zip(tmp_path / "comtrade.zip", {"TradeData_2023.csv": COMTRADE})
    data = tmp_path / "mine.sqlite"
    assert main(["import", str(zipped), "--year", "2020", "--data", str(data), "--yes"]) == 1
    err = capsys.readouterr().err
    assert (
        "--year chooses among a BACI zip's yearly files; this zip holds TradeData_2023.csv, "
        "not BACI files: import it without --year"
    ) in err
    assert "Traceback" not in err
