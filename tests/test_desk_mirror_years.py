"""The trade desk's mirror view under an HS prefix (CLI, analysis and the Mirror tab) and
the desk's default years (those held for the reporter, partner and flow chosen).

Expected figures are written by hand: from small fixture rows, or from the source
register (shared/data/SOURCES.md): Mexico's silver (HS 7106) exports to the U.S. as UN
Comtrade holds them, US$1.81 bn (2015) ... 2.59 bn (2024); U.S. Census general imports
by HS2 chapter only, 2023-2024; Mexico's own HS4 declarations 2015-2021; USITC HTS4
annual 1993-2025, with 2026 held only as a January-April year to date."""

from __future__ import annotations

import json

import pytest

from minref.analysis import trade as tr
from minref.catalog.models import TradeFlow
from tests.sources_md import SILVER_TO_US_BN


def _row(hs, value, *, year=2023, reporter="MEX", partner="USA", flow="export", **kw):
    fields = dict(
        source_id="fixture-a" if flow == "export" else "fixture-b",
        reporter_iso3=reporter,
        reporter_label=reporter,
        partner_iso3=partner,
        partner_label=partner,
        partner_kind="country",
        flow=flow,
        hs_code=hs,
        year=year,
        period="annual",
        value_usd=value,
        flags=(),
    )
    fields.update(kw)
    return TradeFlow.make(**fields)


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


def _b(hs, value, **kw):
    return _row(hs, value, reporter="USA", partner="MEX", flow="import", **kw)


MIRROR_ROWS = [
    # Mexico's side: two silver/gold headings, one fluorspar heading, a lithium subheading
    _row("7106", 100.0),
    _row("7108", 50.0),
    _row("2529", 40.0),
    _row("283691", 30.0),
    # the U.S. side: the same two headings, a chapter 25 total (12 months) and HS6 lines
    _b("7106", 110.0),
    _b("7108", 70.0),
    *[_b("25", 10.0, period="month", month=m) for m in range(1, 13)],
    _b("283691", 33.0),
    _b("283699", 1.0),
]


def test_mirror_compares_only_the_codes_under_the_prefix():
    data = _Rows(MIRROR_ROWS)
    every = {m.chapter: m for m in tr.mirror_like_with_like(data, "MEX", "USA")}
    assert sorted(every) == ["25", "28", "71"]
    assert (every["71"].declared_by_a, every["71"].declared_by_b, every["71"].gap) == (
        150.0,
        180.0,
        30.0,
    )
    (silver,) = tr.mirror_like_with_like(data, "MEX", "USA", "7106")
    assert (silver.year, silver.chapter, silver.note) == (2023, "71", "7106")
    assert (silver.declared_by_a, silver.declared_by_b, silver.gap) == (100.0, 110.0, 10.0)
    assert silver.gap_pct == pytest.approx(10.0)
    (gold,) = tr.mirror_like_with_like(data, "MEX", "USA", "71.08")
    assert (gold.declared_by_a, gold.declared_by_b, gold.gap) == (50.0, 70.0, 20.0)
    # a six-digit prefix compares that subheading, not the heading 2836 it sits in
    (lithium,) = tr.mirror_like_with_like(data, "MEX", "USA", "283691")
    assert (lithium.note, lithium.declared_by_a, lithium.declared_by_b) == ("283691", 30.0, 33.0)
    # the U.S. holds chapter 25 only as a total: HS 2529 is not compared, and the row says why
    (fluorspar,) = tr.mirror_like_with_like(data, "MEX", "USA", "2529")
    assert (fluorspar.declared_by_a, fluorspar.declared_by_b) == (40.0, None)
    assert not fluorspar.comparable and fluorspar.gap is None
    assert fluorspar.note == "the U.S. side holds only HS 25, broader than HS 2529: not comparable"
    assert fluorspar.broader == "USA"
    # held, but only as the chapter: said so, not "no flows" (found in the built app)
    assert tr.mirror_summary([fluorspar], "MEX", "USA", "2529") == (
        "No row can be compared: the U.S. side holds no flows under HS 2529; in 2023 it holds "
        "only a broader code (each row says which)."
    )
    assert tr.mirror_summary([silver], "MEX", "USA", "7106") == ""  # comparable: no line
    assert tr.mirror_like_with_like(data, "MEX", "USA", "8105") == []
    assert tr.mirror_summary([], "MEX", "USA", "8105") == (
        "Neither side holds flows of this selection."
    )
    # the older chapter mirror takes the prefix too
    (old,) = tr.mirror(data, "MEX", "USA", "7106")
    assert (old.declared_by_a, old.a_lines) == (100.0, ("7106",))


def test_cli_mirror_keeps_to_the_hs_prefix(catalog_path, capsys):
    from minref.cli import main

    base = ["--catalog", str(catalog_path), "trade", "--reporter", "MEX", "--partner", "USA"]
    assert main(base + ["--hs", "7106", "--mirror", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    rows = out["rows"]
    assert {r["chapter"] for r in rows} == {"71"}  # was every chapter: 25, 26, 28, 71 ...
    assert [r["year"] for r in rows] == list(SILVER_TO_US_BN)
    for r in rows:
        assert r["declared_by_a"] / 1e9 == pytest.approx(SILVER_TO_US_BN[r["year"]], abs=0.006)
        # the U.S. side holds HS2 chapter totals only (Census): nothing to set against 7106
        assert r["declared_by_b"] is None and r["basis"] == ""
    notes = {r["year"]: r["note"] for r in rows}
    assert (
        notes[2023]
        == notes[2024]
        == ("the U.S. side holds only HS 71, broader than HS 7106: not comparable")
    )
    assert out["summary"] == (
        "No row can be compared: the U.S. side holds no flows under HS 7106; in 2023–2024 it "
        "holds only a broader code (each row says which)."
    )
    # without a prefix: Mexico's side 2015-2024 (HS4 declarations, then the Comtrade metal
    # headings), the U.S. side 2023-2024 (Census chapters): no year compares
    assert main(base + ["--mirror", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert not any(r["basis"] for r in out["rows"])
    assert out["summary"] == (
        "No row can be compared: the Mexico side is held for 2015–2024, the U.S. side for "
        "2023–2024; in 2023–2024 the two sides hold no HS code in common (each row says "
        "what it holds)."
    )
    assert main(base + ["--hs", "7106", "--mirror"]) == 0
    text = capsys.readouterr().out
    assert "No row can be compared" in text and " 25 " not in text
    # --year keeps to that year (it listed every year); --flow other than exports is refused
    # (the view is the reporter's exports beside the partner's imports), not ignored
    assert main(base + ["--hs", "7106", "--mirror", "--year", "2021", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [r["year"] for r in rows] == [2021]
    assert rows[0]["declared_by_a"] / 1e9 == pytest.approx(SILVER_TO_US_BN[2021], abs=0.006)
    assert main(base + ["--mirror", "--flow", "import"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (
        "minref: --mirror sets the reporter's exports beside the partner's imports; "
        "--flow import does not apply"
    )


def _desk(qtbot, catalog):
    from minref.ui.main_window import MainWindow

    w = MainWindow(catalog, None)
    qtbot.addWidget(w)
    w.open("trade:MEX")
    return w.current_page()


def test_desk_mirror_tab_keeps_to_the_hs_prefix_and_says_why(qtbot, catalog):
    page = _desk(qtbot, catalog)
    assert page.mirror_summary.text().startswith("No row can be compared: the Mexico side is held")
    page.hs.setText("7106")
    page.refresh()
    rows = page.mirror_model.rows
    assert {m.chapter for m in rows} == {"71"} and [m.year for m in rows] == list(SILVER_TO_US_BN)
    assert rows[0].declared_by_a / 1e9 == pytest.approx(1.81, abs=0.006)
    assert not any(m.comparable for m in rows)
    assert page.mirror_summary.text() == (
        "No row can be compared: the U.S. side holds no flows under HS 7106; in 2023–2024 it "
        "holds only a broader code (each row says which)."
    )
    assert not page.mirror_summary.isHidden()


def test_desk_years_are_those_held_for_the_selection(qtbot, catalog):
    page = _desk(qtbot, catalog)

    def years():
        return page.year_from.value(), page.year_to.value()

    # Mexico -> U.S. exports: Comtrade metal headings 2015-2024
    assert years() == (2015, 2024)
    # Mexico's imports from the U.S.: only its own HS4 declarations, 2015-2021
    page.flow.setCurrentIndex(page.flow.findData("import"))
    assert years() == (2015, 2021)
    assert page.hs_table.years == list(range(2015, 2022))
    # U.S. imports from China: USITC annual 1993-2025 (2026 is a year to date only)
    page.reporter.setCurrentIndex(page.reporter.findData("USA"))
    page.partner.setCurrentIndex(page.partner.findData("CHN"))
    assert years() == (1993, 2025)
    # the user can widen the years; a year with no value in the table is still no column
    page.year_to.setValue(2030)
    page.refresh()
    assert page.hs_table.years == list(range(1993, 2026))
    t = page.hs_table
    assert all(any(r.values.get(y) is not None for r in t.rows) for y in t.years)
    # the user's years stay when the selection changes
    page.flow.setCurrentIndex(page.flow.findData("export"))
    assert years() == (1993, 2030)
