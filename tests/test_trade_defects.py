"""Trade desk defects found by QA in the built app.

1. The mirror view set Mexico's whole heading 7106 against a U.S. side holding only the
   subheading 710691, and called it "headings both hold" (-29.1 %).  A code is compared
   only with the same code at the same level on the other side.
2. The HS x year total added some 180 headings in 2015-2021 and 10-16 in 2022-2024 with no
   word, so the total seemed to fall by 79 %.  The table now counts what the total adds up
   each year and says where that changes.

Expected values are written by hand from the fixture rows below, or are cells of the
sources (UN Comtrade: Mexico's 2023 silver exports to the U.S., HS 7106, US$2,679,280,469;
SOURCES.md: Mexico's HS4 declarations 2015-2021, the Comtrade metal headings 2015-2024)."""

from __future__ import annotations

import json

import pytest

from minref.analysis import trade as tr
from tests.test_desk_mirror_years import _row

HS4 = "un-comtrade-mexico-hs4"
METALS = "un-comtrade-metals-exports"


def _b(hs, value, **kw):
    """The U.S. side: U.S. imports from Mexico."""
    return _row(hs, value, reporter="USA", partner="MEX", flow="import", **kw)


class _Rows:
    """TradeData-shaped: the fixture rows, filtered as the catalog filters them."""

    def __init__(self, rows):
        self.rows = rows

    def flows(self, reporter=None, partner=None, hs=None, year=None, flow=None):
        return [
            r
            for r in self.rows
            if (reporter is None or r.reporter_iso3 == reporter)
            and (partner is None or r.partner_iso3 == partner)
            and (hs is None or r.hs_code.startswith(hs.replace(".", "")))
            and (year is None or r.year == year)
            and (flow is None or r.flow == flow)
        ]


# ---------------------------------------------------------------- 1. mirror levels


def test_mirror_does_not_set_a_heading_against_one_of_its_subheadings():
    # QA's case: Mexico declares the heading 7106, the U.S. side holds only 710691
    data = _Rows([_row("7106", 2_679_280_469.0), _b("710691", 1_900_000_000.0)])
    for hs in ("7106", None):
        (m,) = tr.mirror_like_with_like(data, "MEX", "USA", hs)
        assert (m.year, m.chapter) == (2023, "71")
        assert (m.declared_by_a, m.declared_by_b) == (2_679_280_469.0, 1_900_000_000.0)
        assert not m.comparable and m.basis == ""  # was "headings both hold"
        assert m.gap is None and m.gap_pct is None  # was -29.1 %
        assert m.note == (
            "the U.S. side holds only subheading 710691 of HS 7106, the MEX side all of HS 7106: "
            "not comparable"
        )
    # the other way round, and two subheadings
    data = _Rows([_row("710691", 30.0), _row("710692", 5.0), _b("7106", 40.0)])
    (m,) = tr.mirror_like_with_like(data, "MEX", "USA")
    assert not m.comparable and m.note == (
        "the MEX side holds only subheadings 710691, 710692 of HS 7106, the U.S. side all of "
        "HS 7106: not comparable"
    )
    # unrelated headings: no code in common (was "... USA's side the chapter total")
    (m,) = tr.mirror_like_with_like(_Rows([_row("7106", 10.0), _b("7108", 20.0)]), "MEX", "USA")
    assert not m.comparable and m.note == (
        "the MEX side holds HS 7106, the U.S. side HS 7108: no HS code held at the same level on "
        "both sides, not comparable"
    )


def test_mirror_compares_the_same_code_at_the_same_level():
    # both hold the heading 7106: compared at four digits
    (m,) = tr.mirror_like_with_like(_Rows([_row("7106", 100.0), _b("7106", 110.0)]))
    assert (m.basis, m.note, m.declared_by_a, m.declared_by_b) == (
        "headings both hold",
        "7106",
        100.0,
        110.0,
    )
    assert m.gap == 10.0 and m.gap_pct == pytest.approx(10.0)
    # both hold the subheading 710691 (Mexico also the heading 7108, which the U.S. side
    # does not hold): compared at six digits on 710691 alone
    rows = [_row("710691", 30.0), _row("7108", 50.0), _b("710691", 33.0)]
    (m,) = tr.mirror_like_with_like(_Rows(rows), "MEX", "USA")
    assert (m.basis, m.note, m.declared_by_a, m.declared_by_b) == (
        "subheadings both hold",
        "710691",
        30.0,
        33.0,
    )
    # a side holding the heading and a subheading of it: the heading once, not 110 + 60
    rows = [_row("7106", 100.0), _b("7106", 110.0), _b("710691", 60.0)]
    (m,) = tr.mirror_like_with_like(_Rows(rows), "MEX", "USA")
    assert (m.note, m.declared_by_a, m.declared_by_b) == ("7106", 100.0, 110.0)
    # a heading against a chapter total is still not compared, and says so
    census = [_b("71", 10.0, period="month", month=mo) for mo in range(1, 13)]
    (m,) = tr.mirror_like_with_like(_Rows([_row("7106", 100.0), *census]), "MEX", "USA")
    assert not m.comparable and m.note == (
        "the MEX side holds 1 heading of chapter 71 (7106), the U.S. side the chapter total: "
        "not comparable"
    )


_COMTRADE_HEADER = (
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,"
    "reporterDesc,flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,"
    "classificationCode,cmdCode,cmdDesc,qtyUnitAbbr,qty,netWgt,cifvalue,fobvalue,primaryValue"
)


def _us_import(tmp_path, name, hs, value):
    """A UN Comtrade export file: U.S. imports from Mexico of one HS code in 2023."""
    path = tmp_path / name
    path.write_text(
        _COMTRADE_HEADER + "\n"
        f"C,A,20230101,2023,52,2023,842,USA,USA,M,Import,484,MEX,Mexico,0,H6,{hs},"
        f'"Silver",kg,,,{value},,{value}\n',
        encoding="utf-8",
    )
    return path


def _import(base, path, data, capsys):
    from minref.cli import main

    assert main(base + ["import", str(path), "--data", str(data), "--yes"]) == 0
    capsys.readouterr()


def test_cli_mirror_of_a_user_import_holding_only_a_subheading(catalog_path, tmp_path, capsys):
    from minref.cli import main

    base = ["--catalog", str(catalog_path)]
    data = tmp_path / "mine.sqlite"
    _import(base, _us_import(tmp_path, "us.csv", "710691", 1900000000), data, capsys)
    args = ["--lang", "es", "trade", "--reporter", "MEX", "--partner", "USA", "--hs", "7106"]
    assert main(base + args + ["--mirror", "--json", "--data", str(data)]) == 0
    rows = {r["year"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    m = rows[2023]
    assert m["declared_by_a"] == 2_679_280_469 and m["declared_by_b"] == 1_900_000_000
    assert m["basis"] == "" and not m["comparable"] and m["gap"] is None
    assert m["gap_pct"] is None and "710691" in m["note"]
    assert main(base + args + ["--mirror", "--data", str(data)]) == 0
    (line,) = [x for x in capsys.readouterr().out.splitlines() if x.startswith("2023 ")]
    assert "no comparable" in line and "%" not in line  # was "-29.1%"


def test_cli_mirror_prints_the_gap_in_us_dollars(catalog_path, tmp_path, capsys):
    from minref.cli import main

    base = ["--catalog", str(catalog_path)]
    data = tmp_path / "mine.sqlite"
    # the U.S. side holds the heading 7106 itself: 2,800,000,000 - 2,679,280,469
    _import(base, _us_import(tmp_path, "us.csv", "7106", 2800000000), data, capsys)
    args = ["trade", "--reporter", "MEX", "--partner", "USA", "--hs", "7106", "--mirror"]
    assert main(base + args + ["--json", "--data", str(data)]) == 0
    rows = {r["year"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    assert rows[2023]["basis"] == "headings both hold" and rows[2023]["gap"] == 120_719_531
    for lang, gap_usd, gap_pct, heading in (
        ("en", "+120,719,531", "+4.5%", "Year  HS chapter  Exports, as the reporter declares"),
        (
            "es",
            "+120,719,531",
            "+4.5%",
            "Año   Capítulo del SA  Exportaciones, según el declarante",
        ),
        ("fr", "+120\u202f719\u202f531", "+4,5\xa0%", "Année  Chapitre du SH"),
    ):
        assert main(["--lang", lang, *base, *args, "--data", str(data)]) == 0
        printed = capsys.readouterr().out.splitlines()
        (line,) = [x for x in printed if x.startswith("2023 ")]
        assert gap_usd in line and gap_pct in line
        assert line.index(gap_usd) < line.index(gap_pct)  # US$ first, then %, as the desk
        # the columns are named, in the reader's language (the table printed no heading)
        assert printed[0].startswith(heading)


# ---------------------------------------------------------------- 2. the table's total


def _h(hs, value, year, source):
    return _row(hs, value, year=year, source_id=source)


def test_hs_year_total_says_what_it_sums_each_year():
    flows = [
        # Mexico's HS4 declarations: three headings in 2020 and 2021
        *[_h(h, 10.0, y, HS4) for h in ("2603", "7106", "7108") for y in (2020, 2021)],
        # then only the metal headings: one in 2022
        _h("7106", 12.0, 2022, METALS),
    ]
    t = tr.hs_year_table(flows, title="t")
    assert t.total.values == {2020: 30.0, 2021: 30.0, 2022: 12.0}
    assert t.headings_by_year == {2020: 3, 2021: 3, 2022: 1}
    assert t.chapter_totals_by_year == {2020: 0, 2021: 0, 2022: 0}
    assert t.notes[0] == (
        "The total sums 3 headings in 2020–2021; 1 heading in 2022: the years are not "
        "comparable across that break."
    )
    flat = tr.hs_year_table(flows, chapters=False)
    assert flat.headings_by_year == t.headings_by_year and flat.notes[0] == t.notes[0]
    # the same headings every year: no note
    same = tr.hs_year_table([_h("7106", 5.0, y, METALS) for y in (2021, 2022)])
    assert same.headings_by_year == {2021: 1, 2022: 1} and same.notes == ()
    # one source, a heading missing in one year: said, without a "break"
    gap = [_h("7106", 5.0, y, METALS) for y in (2021, 2022)] + [_h("7108", 1.0, 2022, METALS)]
    assert tr.hs_year_table(gap).notes == (
        "The total sums 1–2 headings in 2021–2022, not the same number every year.",
    )


def test_hs_year_total_counts_declared_chapter_totals():
    census = dict(reporter="USA", partner="MEX", flow="import", source_id="census")
    flows = [_row("75", 10.0, year=2023, period="month", month=m, **census) for m in range(1, 13)]
    flows += [_row("7502", 4.0, year=2022, **census)]
    for chapters in (True, False):
        t = tr.hs_year_table(flows, chapters=chapters)
        # 2022: the heading (no chapter total declared that year; was left out of the
        # total beside chapter rows); 2023: the twelve months of the chapter total
        assert t.total.values == {2022: 4.0, 2023: 120.0}
        assert t.headings_by_year == {2022: 1, 2023: 0}
        assert t.chapter_totals_by_year == {2022: 0, 2023: 1}
        assert t.notes[0] == (
            "The total sums 1 heading in 2022; 0 headings, 1 chapter total in 2023: the "
            "years are not comparable across that break."
        )


def test_cli_table_prints_the_count_and_the_break(capsys):
    from minref.cli import _print_trade_view

    flows = [_h(h, 10.0, y, HS4) for h in ("2603", "7106", "7108") for y in (2020, 2021)]
    flows.append(_h("7106", 12.0, 2022, METALS))
    t = tr.hs_year_table(flows, title="t")
    _print_trade_view({"view": "table", "table": t, "sources": []}, lambda iso3: iso3)
    lines = capsys.readouterr().out.splitlines()
    (count,) = [x for x in lines if x.startswith("headings in the total")]
    assert count.split()[-3:] == ["3", "3", "1"]
    assert lines.index(count) == [i for i, x in enumerate(lines) if x.startswith("Total")][0] + 1
    assert (
        "The total sums 3 headings in 2020–2021; 1 heading in 2022" in lines[lines.index(count) + 1]
    )


def test_cli_table_of_mexico_exports_warns_of_the_2021_2022_break(catalog_path, capsys):
    from minref.cli import main

    base = ["--catalog", str(catalog_path), "trade", "--reporter", "MEX", "--partner", "USA"]
    assert main(base + ["--table", "--json"]) == 0
    t = json.loads(capsys.readouterr().out)["table"]
    counts = {int(y): n for y, n in t["headings_by_year"].items()}
    assert sorted(counts) == list(range(2015, 2025))
    # HS4 declarations (some 200 headings) to 2021, the 16 metal headings from 2022
    assert min(counts[y] for y in range(2015, 2022)) > 16 >= max(counts[y] for y in (2022, 2024))
    (note,) = [n for n in t["notes"] if n.startswith("The total sums")]
    assert " in 2015–2021; " in note and note.endswith(
        " in 2022–2024: the years are not comparable across that break."
    )
    assert main(base + ["--table"]) == 0
    assert "the years are not comparable across that break" in capsys.readouterr().out
