"""Trade desk defects QA found in the built app (the second round).

1. The mirror's reasons and summary named the two sides by their ISO codes ("el lado de
   USA", "MEX's side") where the rest of the app names countries in the reader's language
   ("EE. UU.", "México"); the desk's Mirror tab and ``minref trade --mirror`` both.
2. The desk's chart legend cut long series names ("74 Copper and articles th"): the HS x
   year chart names a row by its description's first clause whole, and the legend shows
   every name whole (in as many columns as fit, a name too long for the chart's width
   wrapped onto more lines), with the name on hover of its entry too.
3. The claim checker's basket box cut its long name with no ellipsis ("minero-metalúrgica
   (la unión de las cir"): the box draws it elided with "…", the whole name on hover of
   the box and of each item, and the open list as wide as its longest name.

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


# ---------------------------------------------------------------- 2. the chart legend's names


def _legend_entries(chart):
    """(text drawn, tooltip, right edge in the canvas, height) of each legend entry."""
    out = []
    for _sample, label in chart.legend.items:
        box = label.mapRectToScene(label.item.mapRectToParent(label.item.boundingRect()))
        height = label.item.document().size().height()
        out.append((label.item.toPlainText(), label.toolTip(), box.right(), height))
    return out


def _chart(name_list, width, qtbot):
    from minref.analysis.charts import ChartSpec, Point, Series
    from minref.ui.charts import ChartView

    points = (Point(2020, 1.0, "", (), "s"), Point(2021, 2.0, "", (), "s"))
    series = tuple(Series(n, points, unit="US$") for n in name_list)
    view = ChartView(ChartSpec("lines", "trade", "t", "US$", series, ()), {})
    qtbot.addWidget(view)
    view.resize(width, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


LONG = (
    "2530 Mineral substances not elsewhere specified or included, such as vermiculite, "
    "perlite and chlorites, unexpanded [un-comtrade-mexico-hs4]"
)


def test_a_long_legend_name_wraps_whole_within_the_chart(qtbot):
    view = _chart([LONG, "7106 Silver"], 520, qtbot)
    (long, _tip, l_right, l_height), (short, _tip2, _right, s_height) = _legend_entries(view)
    assert long == LONG and short == "7106 Silver"  # the whole name, never cut
    assert l_right <= view.graphics.viewport().width()  # within the chart, not off its edge
    assert l_height >= 2 * s_height - 4  # on more lines than the one-line name
    assert view.legend.columnCount == 1
    # where the chart is wide enough, the same names side by side on one line each
    view.resize(1800, 600)
    qtbot.wait(10)
    (long, _tip, l_right, l_height), (_short, _tip2, _right, s_height) = _legend_entries(view)
    assert long == LONG and l_height == s_height and view.legend.columnCount == 2
    assert l_right <= view.graphics.viewport().width()


def test_legend_entries_carry_the_whole_name_on_hover(qtbot):
    view = _chart([LONG, "x < 10%"], 520, qtbot)
    assert [(e[0], e[1]) for e in _legend_entries(view)] == [(LONG, LONG), ("x < 10%", "x < 10%")]
    sample, _label = view.legend.items[0]
    assert sample.toolTip() == LONG


# The six largest chapter rows of Mexico's exports to the U.S. (2015-2024), as the catalog
# describes them: "74 Copper and articles th" was cut at 22 characters in the built app.
HS_CHART_NAMES = {
    "72 Iron and steel",
    "73 Iron or steel articles",
    "74 Copper and articles thereof",
    "76 Aluminium and articles thereof",
    "28 Inorganic chemicals",
}


@pytest.mark.parametrize("size", [(1256, 690), (1920, 1080)])
def test_desk_hs_chart_legend_shows_whole_names(window_in, qtbot, size):
    w = window_in("es", size)
    w.open("trade:MEX")
    page = w.current_page()
    page.tabs.setCurrentWidget(page.hs_tab)
    qtbot.wait(20)
    chart = page.hs_chart
    entries = _legend_entries(chart)
    names = {text for text, *_rest in entries}
    assert HS_CHART_NAMES <= names, names
    assert len(names) == 6 and any(n.startswith("cap. 71 ") for n in names)
    for text, tip, right, *_lines in entries:
        assert tip == text
        assert right <= chart.graphics.viewport().width(), (text, right)


# ---------------------------------------------------------------- 3. the basket box's name

WHOLE_BASKET = "minero-metalúrgica (la unión de las cinco canastas)"


def test_claims_basket_box_elides_its_long_name_with_an_ellipsis(window_in, qtbot):
    from PySide6.QtWidgets import QComboBox

    w = window_in("es")
    w.open("claims")
    box = w.current_page().basket
    qtbot.waitExposed(box)
    assert box.currentText() == WHOLE_BASKET  # the default basket, its whole name held
    shown = box.shown_text()
    # cut at the right with "…" (it was "minero-metalúrgica (la unión de las cir")
    assert shown.startswith("minero-metalúrgica (la unión") and shown.endswith("…"), shown
    assert WHOLE_BASKET.startswith(shown[:-1]) and len(shown) < len(WHOLE_BASKET)
    # and that is what the box draws: the same pixels as a box holding just that text
    plain = QComboBox(box.parentWidget())
    plain.addItem(shown)
    plain.setFixedSize(box.size())
    plain.move(box.pos())
    plain.show()
    qtbot.waitExposed(plain)
    assert box.grab().toImage() == plain.grab().toImage()
    plain.deleteLater()
    # the whole name on hover of the box and of every item
    assert box.toolTip() == WHOLE_BASKET
    from PySide6.QtCore import Qt

    for i in range(box.count()):
        assert box.itemData(i, Qt.ItemDataRole.ToolTipRole) == box.itemText(i)


@pytest.mark.parametrize("style", ["", "Windows"])
def test_claims_basket_list_is_wide_enough_for_every_name(window_in, qtbot, style):
    """The open list shows every basket whole: as the app draws it here, and with a style
    whose list is only as wide as the box unless told otherwise (Windows)."""
    from PySide6.QtWidgets import QStyleFactory

    w = window_in("es")
    w.open("claims")
    box = w.current_page().basket
    other = QStyleFactory.create(style) if style else None
    if other is not None:
        box.setStyle(other)
    try:
        box.showPopup()
        view = box.view()
        qtbot.waitExposed(view)
        metrics = view.fontMetrics()
        names = [box.itemText(i) for i in range(box.count())]
        assert WHOLE_BASKET in names and len(names) == 6
        widest = max(metrics.horizontalAdvance(n) for n in names)
        assert view.viewport().width() >= widest + 8, (view.viewport().width(), widest)
        assert not view.horizontalScrollBar().isVisible()
    finally:
        box.hidePopup()
        if other is not None:
            box.setStyle(None)  # the application's again, before ``other`` is freed
