"""The book's desk section (HS x year table): a year with no record prints blank and is
explained as missing, a declared zero prints "—" (the page legend's zero), every year held
is shown when it fits the page, and the HS column header is translated."""

from __future__ import annotations

from minref import i18n
from tests.test_desk_mirror_years import _row


def _cells(table) -> list[list[str]]:
    return [[getattr(c, "text", c) for c in row] for row in table._cellvalues]


def _desk(cat, data, options, lang="en", width=493.2):
    from reportlab.platypus import Paragraph, Table

    from minref.briefing.book import desk_flowables
    from minref.briefing.document import Citations, styles

    with i18n.using(lang):
        flow = desk_flowables(cat, data, "MEX", options, Citations({}), styles(), width)
    table = next(f for f in flow if isinstance(f, Table))
    notes = [f.text for f in flow if isinstance(f, Paragraph)]
    return _cells(table), notes


def test_usd_cell_blank_for_missing_dash_for_zero():
    from minref.briefing.briefs import usd_cell

    assert usd_cell(None) == ""
    assert usd_cell(0.0) == "—"
    assert usd_cell(55_124_245) == "55.1"
    assert usd_cell(200) == "0.00020"


def test_desk_table_in_spanish_shows_2015_and_blank_missing_years(catalog):
    """QA: `book add 1 desk MEX --option partner=USA --option flow=export --option hs=26`."""
    from minref.analysis.trade import TradeData

    rows, notes = _desk(
        catalog, TradeData(catalog), {"partner": "USA", "flow": "export", "hs": "26"}, "es"
    )
    assert rows[0] == ["SA", "2015", "2016", "2017", "2018", "2019", "2020", "2021"]
    by_label = {r[0].strip(): r[1:] for r in rows[1:]}
    assert by_label["26 Ores, slag and ash"] == [
        "26.5",
        "4.4",
        "35.8",
        "111.8",
        "168.5",
        "99.6",
        "55.1",
    ]
    # no record for 2016, 2020 and 2021: blank, not "—" (which the legend reads as zero)
    assert by_label["2603 Copper ores and concentrates"] == [
        "11.6",
        "",
        "26.2",
        "82.6",
        "138.2",
        "",
        "",
    ]
    assert not any("—" in c for r in rows for c in r)
    with i18n.using("es"):
        blank = i18n.gettext("A blank cell: no row held for that year.")
    assert blank in notes


def _flow(year, value, hs="2603"):
    return _row(
        hs,
        value,
        year=year,
        reporter_label="Mexico",
        partner_label="United States",
        hs_description="Copper ores and concentrates",
    )


class _Rows:
    def __init__(self, rows):
        self.rows = rows

    def flows(self, reporter=None, partner=None, hs=None, year=None, flow=None):
        return list(self.rows)


def test_desk_table_names_the_years_it_leaves_out_and_prints_a_zero_as_dash(catalog):
    # twelve years 2010-2021 of US$1,234.6 million (a declared zero in 2020), and a heading
    # held only in 2021: at A4 eight year columns fit beside the labels
    rows = [_flow(y, 1_234_567_890.0) for y in range(2010, 2022) if y != 2020]
    rows.append(_flow(2020, 0.0))
    rows.append(_flow(2021, 4_300_000.0, hs="2616"))
    cells, notes = _desk(catalog, _Rows(rows), {"partner": "USA", "hs": "2603"})
    assert cells[0] == ["HS", "2014", "2015", "2016", "2017", "2018", "2019", "2020", "2021"]
    heading = next(r for r in cells if r[0].strip().startswith("2603"))
    assert heading[1:] == ["1,234.6"] * 6 + ["—", "1,234.6"]
    other = next(r for r in cells if r[0].strip().startswith("2616"))
    assert other[1:] == [""] * 7 + ["4.3"]
    assert "2010–2013 are left out of the table to fit the page; the chart shows them." in notes
    assert "A blank cell: no row held for that year." in notes
