"""BACI lines read a block at a time with numpy (issue 18): the same numbers as Python's
int() and float() for plain lines, None for anything else (those are read line by line,
where messages name their lines), and whole imports that give the rows written by hand."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from minref.userdata import baci_block
from minref.userdata.importers import ImportFormatError, commit_import, preview_import
from minref.userdata.store import UserData


def _parse(text: str):
    return baci_block.parse(text.encode("ascii"))


def test_a_block_of_plain_lines_gives_its_columns():
    block = _parse(
        "2022,484,842,252921,29876.5,143210.2\n"
        "2022,484,842,260800,410,             NA\n"
        "2022,4,8,010120,752067.508,na\r\n"
        "2021,484,156,71069,0.001,\n"
        "2022,484,156,252921,388.100,      1890.000\n"
    )
    assert block is not None and block.lines == 5
    assert block.t.tolist() == [2022, 2022, 2022, 2021, 2022]
    assert block.i.tolist() == [484, 484, 4, 484, 484]
    assert block.j.tolist() == [842, 842, 8, 156, 156]
    assert block.k.tolist() == [252921, 260800, 10120, 71069, 252921]
    assert block.v.tolist() == [29876.5, 410.0, 752067.508, 0.001, 388.1]
    assert block.no_q.tolist() == [False, True, True, True, False]
    assert block.q[~block.no_q].tolist() == [143210.2, 1890.0]
    assert block.line_text(2) == "2022,4,8,010120,752067.508,na"


@pytest.mark.parametrize(
    "line",
    [
        "2022,484,842,252921,-1.5,2",  # a sign
        "2022,484,842,252921,1e5,2",  # an exponent
        "2022,484,842,252921,1.2.3,2",  # two points
        "2022,484,842,252921,nan,2",  # not a number
        "2022,484,842,252921,,2",  # an empty value
        "2022,484,842,252921,.,2",  # a point alone
        "2022,484,842,252921,1.5 ,2",  # a space after the number
        "2022,484,842,252921,1 5,2",  # a space inside it
        "2022,484,842,252921,1.5,NaN",  # neither a number nor NA
        "2022,484,842,252921,1.5,AN",
        "2022,484,842,252921,1234567890123456,2",  # sixteen digits: not exact in a float
        '2022,484,842,"252921",1.5,2',  # a quote
        "2022,484,842,252921,1.5\t,2",  # a tab
        "2022,484,842,252921,1.5",  # a short line
        "2022,484,842,252921,1.5,2,9",  # a long one
        "20222,484,842,252921,1.5,2",  # a five-digit year
        "2022,484,842,2529210,1.5,2",  # a seven-digit product
        "2022, 484,842,252921,1.5,2",  # a space in a code
        "2022,,842,252921,1.5,2",  # an empty code
        "2022,484,842,252921,1.5\r,2",  # a carriage return not before a line feed
        "",  # an empty line
    ],
)
def test_a_line_that_is_not_plain_sends_its_block_line_by_line(line):
    good = "2022,484,842,252921,1.5,2\n"
    assert _parse(good) is not None
    assert _parse(good + line + "\n" + good) is None


def test_bytes_outside_ascii_or_without_a_last_line_end_are_not_plain():
    assert baci_block.parse("2022,484,842,252921,1.5,2\n".encode("utf-16")) is None
    assert baci_block.parse(b"2022,484,842,252921,1\xc3\xa9,2\n") is None
    assert baci_block.parse(b"2022,484,842,252921,1.5,2") is None
    assert baci_block.parse(b"") is None


def test_values_are_the_floats_python_reads_from_the_text():
    # Decimal texts that are hard to round (halfway cases, many digits, leading zeros),
    # then random ones: each must be the float Python's own float() gives for the text.
    texts = [
        "0.1", "0.3", "2.675", "1.005", "9.995", "0.000000000000001", "999999999999.999",
        "123456789012345", "000123.4500", "5.", ".5", "7", "0", "0.0", "4503599627370497",
    ]  # fmt: skip
    rnd = random.Random(18)
    for _ in range(3000):
        digits = "".join(rnd.choice("0123456789") for _ in range(rnd.randint(1, 15)))
        cut = rnd.randint(0, len(digits))
        texts.append(digits[:cut] + "." + digits[cut:] if rnd.random() < 0.8 else digits)
    texts = [t for t in texts if sum(c.isdigit() for c in t) <= baci_block.MAX_DIGITS]
    block = _parse("".join(f"2022,484,842,252921,{t},{t:>17}\n" for t in texts))
    assert block is not None
    expected = np.array([float(t) for t in texts])
    assert np.array_equal(block.v, expected)  # bit for bit, not approximately
    assert np.array_equal(block.q, expected)


# ---------------------------------------------------------------- whole imports


def _baci(tmp_path: Path, lines: list[str], name: str = "BACI_HS22_Y2022_V202401.csv") -> Path:
    path = tmp_path / name
    with path.open("w", newline="") as f:
        f.write("t,i,j,k,v,q\n")
        f.writelines(lines)
    return path


def _many(n: int, year: int = 2022) -> list[str]:
    """n plain lines: Mexico (484) to the United States (842) and China (156)."""
    out = []
    for x in range(n):
        partner = 842 if x % 2 else 156
        out.append(f"{year},484,{partner},{260000 + x // 2:06d},{x % 997 + 1}.250,{x % 7}.5\n")
    return out


def _rows(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(
            "SELECT count(*), sum(value_usd), sum(quantity), count(quantity) FROM trade_rows"
        ).fetchall()
    finally:
        con.close()


def test_a_bad_value_after_many_plain_blocks_is_named_by_its_line(catalog, tmp_path):
    lines = _many(120_000)  # about five blocks
    lines[99_998] = "2022,484,842,999999,-5.000,1\n"  # line 100,000 of the file
    lines[110_000] = "2022,484,842,999998,1e400,1\n"  # line 110,002
    with pytest.raises(ImportFormatError) as exc:
        preview_import(_baci(tmp_path, lines), catalog, UserData(tmp_path / "u.sqlite"))
    text = str(exc.value)
    assert "line 100000:" in text and "“-5.000”" in text
    assert "line 110002:" in text and "“1e400”" in text


def test_a_block_path_import_writes_the_rows_of_the_file(catalog, tmp_path):
    # 60,000 lines: values 1.250 .. 997.250 thousand US$ (x % 997 + 1), q = x % 7 + 0.5 t
    n = 60_000
    db = tmp_path / "u.sqlite"
    user = UserData(db)
    p = preview_import(_baci(tmp_path, _many(n)), catalog, user)
    assert p.rows_read == n
    assert commit_import(p, user).rows == n
    user.close()
    values = sum((x % 997 + 1) * 1000 + 250 for x in range(n))  # whole dollars
    quantity = sum(x % 7 + 0.5 for x in range(n))
    ((count, v, q, q_count),) = _rows(db)
    assert (count, v, q_count) == (n, values, n)
    assert q == pytest.approx(quantity, rel=1e-12)


def test_the_same_file_with_crlf_line_ends_imports_the_same_rows(catalog, tmp_path):
    lines = _many(30_000)
    a = _baci(tmp_path, lines, "BACI_HS22_Y2022_V202401.csv")
    (tmp_path / "crlf").mkdir()
    b = _baci(tmp_path / "crlf", [x.replace("\n", "\r\n") for x in lines])
    out = []
    for path, name in ((a, "a.sqlite"), (b, "b.sqlite")):
        user = UserData(tmp_path / name)
        commit_import(preview_import(path, catalog, user), user)
        user.close()
        out.append(_rows(tmp_path / name))
    assert out[0] == out[1] and out[0][0][0] == 30_000


def test_a_quote_in_a_late_block_reads_the_rest_with_the_csv_module(catalog, tmp_path):
    lines = _many(50_000)
    lines[45_000] = lines[45_000].replace(",484,", ',"484",')  # a quoted code, as csv allows
    user = UserData(tmp_path / "u.sqlite")
    p = preview_import(_baci(tmp_path, lines), catalog, user)
    assert p.rows_read == 50_000
    assert commit_import(p, user).rows == 50_000


def test_the_block_path_and_the_line_path_stage_the_same_rows(catalog, tmp_path, monkeypatch):
    lines = _many(40_000)
    assert lines[5] == "2022,484,842,260002,6.250,5.5\n"
    lines[5] = "2022,484,842,260002,6.250,             NA\n"
    path = _baci(tmp_path, lines)
    got = []
    for name, parse in (("block.sqlite", baci_block.parse), ("line.sqlite", lambda data: None)):
        monkeypatch.setattr(baci_block, "parse", parse)
        user = UserData(tmp_path / name)
        commit_import(preview_import(path, catalog, user), user)
        con = user.conn
        got.append(con.execute("SELECT * FROM trade_rows ORDER BY 2, 3, 4").fetchall())
        user.close()
    assert got[0] == got[1] and len(got[0]) == 40_000
    assert sum(r[8] is None for r in got[0]) == 1  # the NA line has no quantity


def test_a_staging_write_that_fails_in_its_thread_falls_back_to_reading_again(
    catalog, tmp_path, monkeypatch
):
    from minref.userdata import trade_store

    real = trade_store.Staging._create

    def broken(self, columns):
        real(self, columns)
        self._insert = "INSERT INTO no_such_table VALUES (?)"

    monkeypatch.setattr(trade_store.Staging, "_create", broken)
    db = tmp_path / "u.sqlite"
    user = UserData(db)
    p = preview_import(_baci(tmp_path, _many(30_000)), catalog, user)
    assert getattr(p, "_staging", None) is None  # dropped
    assert not list(tmp_path.glob(".u.sqlite.import-*"))
    assert commit_import(p, user).rows == 30_000


def test_a_staged_code_holds_reporter_partner_hs_and_year_and_sql_reads_them_back(tmp_path):
    from minref.userdata import trade_store

    # hand-written: reporter 3, partner 65535, HS 252921 (hs_key 2529216), year 2022
    code = trade_store.pack_code(3, 65535, 2529216, 2022)
    assert code == (3 << 47) + (65535 << 31) + (2529216 << 7) + 60
    con = sqlite3.connect(":memory:")
    got = con.execute(
        "SELECT " + ", ".join(trade_store.PACKED[c] for c in trade_store.BACI_COLUMNS[:4])
        + " FROM (SELECT ? AS code) s",
        (code,),
    ).fetchone()  # fmt: skip
    assert got == (3, 65535, 2529216, 2022)
    arrays = [
        np.array([3, 7]),
        np.array([65535, 1]),
        np.array([2529216, 71069]),
        np.array([2022, 1962]),
    ]
    assert trade_store.pack_codes(*arrays).tolist() == [code, (7 << 47) + (1 << 31) + (71069 << 7)]
    for bad in (
        (65536, 1, 10, 2022),
        (1, 65536, 10, 2022),
        (1, 1, 1 << 24, 2022),
        (1, 1, 10, 1961),
    ):
        with pytest.raises(sqlite3.DataError):
            trade_store.pack_code(*bad)
        with pytest.raises(sqlite3.DataError):
            trade_store.pack_codes(*(np.array([x]) for x in bad))


def test_codes_beyond_the_packed_form_drop_the_staging_and_the_commit_reads_again(
    catalog, tmp_path, monkeypatch
):
    from minref.userdata import trade_store

    def beyond(*args):
        raise trade_store._unpackable()

    monkeypatch.setattr(trade_store, "pack_codes", beyond)
    db = tmp_path / "u.sqlite"
    user = UserData(db)
    p = preview_import(_baci(tmp_path, _many(30_000)), catalog, user)
    assert getattr(p, "_staging", None) is None
    assert commit_import(p, user).rows == 30_000
    user.close()
    ((count, v, _q, _n),) = _rows(db)
    assert (count, v) == (30_000, sum((x % 997 + 1) * 1000 + 250 for x in range(30_000)))


def test_the_desk_imports_a_large_baci_file_and_a_cancel_in_the_preview_leaves_nothing(
    qtbot, catalog, tmp_path, monkeypatch
):
    monkeypatch.setenv("MINREF_HOME", str(tmp_path / "home"))
    from minref.paths import _paths

    _paths.cache_clear()
    from PySide6.QtWidgets import QMessageBox, QProgressDialog

    from minref.ui.main_window import MainWindow

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _w, _t, text, *a: warned.append(text))
    labels: list[str] = []
    real_label = QProgressDialog.setLabelText
    monkeypatch.setattr(
        QProgressDialog, "setLabelText", lambda d, t: (labels.append(t), real_label(d, t))
    )
    path = _baci(tmp_path, _many(100_000))
    w = MainWindow(catalog, None)
    qtbot.addWidget(w)
    w.open("trade:MEX")
    page = w.current_page()
    # cancelled once the preview has read a block or two
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda d: len(labels) >= 2)
    assert not page.import_file(str(path), confirm=False)
    assert "cancelled; nothing was imported" in warned[-1]
    assert page.user.imports() == []
    assert not list(Path(page.user.path).parent.glob(f".{Path(page.user.path).name}.import-*"))
    # then imported whole, with the rows counted in the progress line
    labels.clear()
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda d: False)
    assert page.import_file(str(path), confirm=False)
    (rec,) = page.import_model.rows
    assert rec.rows == 100_000
    assert labels[0].startswith("reading: ") and "rows/s" in labels[0]
    assert any(t.startswith("importing: 100,000 rows") for t in labels)
    _paths.cache_clear()
