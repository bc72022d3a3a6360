"""Trade desk defects QA found in the built app (the second round).

1. The mirror's reasons and summary named the two sides by their ISO codes ("el lado de
   USA", "MEX's side") where the rest of the app names countries in the reader's language
   ("EE. UU.", "México"); the desk's Mirror tab and ``minref trade --mirror`` both.

Expected texts are written by hand from the small fixture rows below (Mexico's silver
exports, HS 7106, against a U.S. side holding only the chapter 71 total)."""

from __future__ import annotations

import pytest

from minref import i18n
from minref.analysis import trade as tr
from tests.test_desk_mirror_years import _row
from tests.test_trade_defects import _b, _Rows

# ---------------------------------------------------------------- 1. the mirror's side names


@pytest.fixture
def spanish():
    i18n.set_language("es")
    yield
    i18n.set_language("en")


def _broader_us_side():
    """Mexico declares HS 7106; the U.S. side holds only the chapter 71 total."""
    return _Rows([_row("7106", 100.0), _b("71", 110.0)])


def test_mirror_reasons_name_the_sides_in_english(catalog):
    (m,) = tr.mirror_like_with_like(_broader_us_side(), "MEX", "USA", "7106", catalog.country_name)
    assert m.note == "the U.S. side holds only HS 71, broader than HS 7106: not comparable"
    assert tr.mirror_summary([m], "MEX", "USA", "7106", catalog.country_name) == (
        "No row can be compared: the U.S. side holds no flows under HS 7106; in 2023 it "
        "holds only a broader code (each row says which)."
    )
    # Mexico's side missing, and two sides holding different headings: both named
    (m,) = tr.mirror_like_with_like(
        _Rows([_b("7106", 5.0)]), "MEX", "USA", None, catalog.country_name
    )
    assert m.note == "the Mexico side not held"
    (m,) = tr.mirror_like_with_like(
        _Rows([_row("7106", 10.0), _b("7108", 20.0)]), "MEX", "USA", None, catalog.country_name
    )
    assert m.note == (
        "the Mexico side holds HS 7106, the U.S. side HS 7108: no HS code held at the same "
        "level on both sides, not comparable"
    )
    assert tr.mirror_summary([m], "MEX", "USA", None, catalog.country_name) == (
        "No row can be compared: the Mexico side is held for 2023, the U.S. side for 2023; "
        "in 2023 the two sides hold no HS code in common (each row says what it holds)."
    )


def test_mirror_reasons_name_the_sides_in_spanish(catalog, spanish):
    cases = [
        (_broader_us_side(), "7106", "EE. UU."),
        (_Rows([_b("7106", 5.0)]), None, "México"),
        (_Rows([_row("7106", 10.0), _b("7108", 20.0)]), None, "México"),
    ]
    for data, hs, name in cases:
        (m,) = tr.mirror_like_with_like(data, "MEX", "USA", hs, catalog.country_name)
        summary = tr.mirror_summary([m], "MEX", "USA", hs, catalog.country_name)
        for text in (m.note, summary):
            assert name in text, text
            assert "USA" not in text and "MEX" not in text, text  # was "el lado de USA"
    (m,) = tr.mirror_like_with_like(cases[2][0], "MEX", "USA", None, catalog.country_name)
    assert "EE. UU." in m.note and "Estados Unidos de América" not in m.note


def test_mirror_takes_the_names_of_the_catalog_it_reads(catalog, spanish):
    """TradeData carries its catalog: the desk's rows are named without being told how."""
    from minref.analysis.trade import TradeData

    rows = [_row("7106", 100.0), _b("71", 110.0)]
    data = TradeData(catalog)
    data.flows = _Rows(rows).flows
    (m,) = tr.mirror_like_with_like(data, "MEX", "USA", "7106")
    assert "EE. UU." in m.note and "USA" not in m.note


def test_cli_mirror_names_the_sides_in_spanish(cat, capsys):
    from minref.cli import main

    base = [*cat, "--lang", "es", "trade", "--reporter", "MEX", "--partner", "USA", "--mirror"]
    assert main([*base, "--hs", "7106"]) == 0
    out = capsys.readouterr().out
    # the U.S. Census side holds chapter totals only: every row and the summary say so
    assert out.count("EE. UU.") == 11, out  # 10 years' rows (2015-2024) and the summary
    assert "USA" not in out and "MEX" not in out, out
    assert main(base) == 0
    out = capsys.readouterr().out
    assert "México" in out and "EE. UU." in out
    assert "USA" not in out and "MEX" not in out, out


def test_desk_mirror_tab_names_the_sides_in_spanish(window_in):
    from PySide6.QtCore import Qt

    w = window_in("es")
    w.open("trade:MEX")
    page = w.current_page()
    summary = page.mirror_summary.text()
    assert "México" in summary and "EE. UU." in summary, summary
    page.hs.setText("7106")
    page.refresh()
    summary = page.mirror_summary.text()
    assert "EE. UU." in summary and "USA" not in summary, summary
    model = page.mirror_model
    why = next(
        c
        for c in range(model.columnCount())
        if "Por qué" in str(model.headerData(c, Qt.Orientation.Horizontal))
    )
    notes = {model.index(r, why).data() for r in range(model.rowCount())}
    assert notes and all("EE. UU." in n and "USA" not in n for n in notes), notes
