"""A window that stays usable: theme switches with every page open (checked on the pixels),
the keyboard alone (Tab order, focus ring, Help → Keyboard, the fluorspar task), the mouse
wheel over charts, scroll positions in the history, long text in tables and the rare-earth
overview page.

Contrast yardsticks are WCAG 2.1's: 4.5:1 for text, 3:1 for a focus indicator."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage, QWheelEvent  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QTabWidget,
    QWidget,
)

from minref.ui import theme  # noqa: E402
from minref.ui.main_window import MainWindow  # noqa: E402
from minref.ui.pages import PAGES  # noqa: E402
from minref.ui.tables import Column, RecordTableModel, RecordTableView  # noqa: E402
from minref.ui.widgets import Card  # noqa: E402

TEXT_CONTRAST = 4.5  # WCAG 2.1 AA, normal text
FOCUS_CONTRAST = 3.0  # WCAG 2.1 AA, non-text (1.4.11)


def luminance(c: QColor) -> float:
    def ch(v: float) -> float:
        v = v / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def colors_of(image: QImage) -> tuple[QColor, QColor]:
    """(background, strongest foreground) of a grabbed piece of the screen."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    w, h = image.width(), image.height()
    raw = np.frombuffer(image.constBits(), dtype=np.uint32, count=h * image.bytesPerLine() // 4)
    pixels = raw.reshape(h, image.bytesPerLine() // 4)[:, :w].ravel()
    values, n = np.unique(pixels, return_counts=True)
    counts: Counter[int] = Counter(dict(zip(values.tolist(), n.tolist(), strict=True)))
    bg = QColor.fromRgb(counts.most_common(1)[0][0])
    fg = max((QColor.fromRgb(p) for p in counts), key=lambda c: contrast(c, bg))
    return bg, fg


def text_contrast(widget: QWidget) -> float:
    bg, fg = colors_of(widget.grab().toImage())
    return contrast(bg, fg)


def settle(qtbot, n: int = 3) -> None:
    for _ in range(n):
        QApplication.processEvents()
    qtbot.wait(1)


@pytest.fixture
def win(qtbot, catalog):
    theme.apply(QApplication.instance(), theme.LIGHT)
    w = MainWindow(catalog, None)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.set_theme(theme.LIGHT)
    yield w
    theme.apply(QApplication.instance(), theme.LIGHT)


def mexico_cell(view, column: int = 1):
    """The grabbed Country cell of the highlighted (Mexico) row of a table view."""
    model = view.table_model()
    r = model._marked.index(True)
    index = model.index(r, column)
    view.scrollTo(index)
    return view.viewport().grab(view.visualRect(index)).toImage()


# --------------------------------------------------------------------------- themes
def test_theme_switch_with_every_page_open_stays_readable(win, qtbot):
    pages = {}
    for kind in PAGES.values():
        win.open(kind.sample_key)
        win.current_page().finish()
        pages[kind.kind] = win.current_page()
    settle(qtbot)
    win.open("commodity:fluorspar")
    win.current_page().finish()
    chart = win.current_page().chart_tabs.ensure(0)
    settle(qtbot)
    light_chart = chart.drawn_colors()
    for mode, window_color in (
        (theme.DARK, theme.DARK_COLORS.window),
        (theme.LIGHT, theme.LIGHT_COLORS.window),
    ):
        win.set_theme(mode)
        settle(qtbot)
        for kind, page in pages.items():
            win.stack.setCurrentWidget(page)  # shown as it is, not rebuilt
            settle(qtbot, 2)
            title = page.findChild(QLabel, "pageTitle")
            if title is not None:
                assert text_contrast(title) >= TEXT_CONTRAST, (mode, kind, "title")
                bg, _ = colors_of(title.grab().toImage())
                assert bg.name() == window_color, (mode, kind, "page background")
            for section in page.findChildren(QLabel, "sectionTitle")[:2]:
                assert text_contrast(section) >= TEXT_CONTRAST, (mode, kind, section.text())
        for kind, attr in (
            ("commodity", "world_view"),
            ("country", "standing_view"),
            ("commodities", "view"),
        ):
            page = pages[kind]
            win.stack.setCurrentWidget(page)
            settle(qtbot, 2)
            bg, fg = colors_of(mexico_cell(getattr(page, attr)))
            assert contrast(bg, fg) >= TEXT_CONTRAST, (mode, kind, "highlighted row")
        assert text_contrast(win.edition_label) >= TEXT_CONTRAST, (mode, "status bar")
        win.history.visit("x")  # gives the back button something to do: enabled
        win._update_history_buttons()
        assert text_contrast(win.back_button) >= TEXT_CONTRAST, (mode, "back button")
        win.stack.setCurrentWidget(pages["commodity"])
        win.open("commodity:fluorspar", record=False)
        win.current_page().finish()
    # The chart drawn in the light theme, redrawn in the dark one and back, when shown.
    win.set_theme(theme.DARK)
    chart = win.current_page().chart_tabs.ensure(0)
    win.current_page().ensureWidgetVisible(chart)
    settle(qtbot)
    fg, bg = chart.drawn_colors()
    assert (fg, bg) != light_chart
    assert QColor(bg).lightness() < 80 and QColor(fg).lightness() > 180


def test_a_chart_drawn_before_a_switch_redraws(win, qtbot):
    win.open("commodity:fluorspar")
    page = win.current_page()
    page.finish()
    chart = page.chart_tabs.ensure(0)
    page.ensureWidgetVisible(page.chart_tabs)
    settle(qtbot)
    win.set_theme(theme.DARK)
    settle(qtbot)
    image = chart.graphics.grab().toImage()
    bg, fg = colors_of(image)
    assert bg.lightness() < 80, bg.name()  # the plot's background follows the theme
    assert contrast(bg, fg) >= TEXT_CONTRAST


# --------------------------------------------------------------------------- keyboard
def test_a_table_is_one_tab_stop(win, qtbot):
    win.open("commodity:silver")
    page = win.current_page()
    page.finish()
    view = page.world_view
    assert not view.tabKeyNavigation()
    view.setFocus()
    settle(qtbot)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.hasFocus()  # arrows move inside
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert not view.hasFocus()  # Tab leaves
    assert not view.isAncestorOf(QApplication.focusWidget())


@pytest.mark.parametrize("mode", [theme.LIGHT, theme.DARK])
def test_focus_ring_is_visible_in_both_themes(win, qtbot, mode):
    win.set_theme(mode)
    win.open("commodity:silver")
    page = win.current_page()
    page.world_view.setFocus()
    settle(qtbot)
    ring = win.focus_ring
    assert ring.isVisible() and ring.target is page.world_view
    ring_rect = ring.geometry()
    view_rect = page.world_view.rect().translated(page.world_view.mapTo(win, QPoint(0, 0)))
    assert ring_rect.contains(view_rect.topLeft()) and ring_rect.width() > view_rect.width()
    shot = win.grab().toImage()
    edge = shot.pixelColor(ring_rect.left() + 1, ring_rect.center().y())
    behind = shot.pixelColor(ring_rect.left() - 3, ring_rect.center().y())
    assert contrast(edge, behind) >= FOCUS_CONTRAST, (edge.name(), behind.name())


def unnamed_controls(page) -> list[tuple[str, str]]:
    """Controls in the Tab chain with neither an accessible name nor a text of their own."""
    out = []
    for w in page.findChildren(QWidget):
        if not w.isVisibleTo(page) or w.objectName().startswith("qt_"):
            continue
        if not (w.focusPolicy() & Qt.FocusPolicy.TabFocus) or isinstance(w, QLabel):
            continue
        if isinstance(w, QTabWidget):
            continue  # its tab bar takes the focus (and says the tab's name)
        name = w.accessibleName() or (w.text() if hasattr(w, "text") else "")
        if not name:
            out.append((type(w).__name__, w.objectName()))
    return out


def test_every_control_is_named(win):
    missing = {}
    for kind in PAGES.values():
        win.open(kind.sample_key)
        page = win.current_page()
        page.finish()
        if unnamed_controls(page):
            missing[kind.kind] = unnamed_controls(page)
    assert not missing


def test_tab_order_starts_with_history_search_and_navigation(win, qtbot):
    win.back_button.setEnabled(True)
    win.forward_button.setEnabled(True)
    win.back_button.setFocus()
    order = [QApplication.focusWidget()]
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [
        win.back_button,
        win.forward_button,
        win.search,
        win.theme_button,
        win.nav,
    ]


@pytest.mark.parametrize("key", [Qt.Key.Key_K, Qt.Key.Key_E])
def test_window_keys_win_over_a_line_edit(win, key):
    """On X11 a line edit binds Ctrl+K (delete to end of line) and Ctrl+E (end of line):
    the window's search and edition keys must still work from the search box."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    event = QKeyEvent(QEvent.Type.ShortcutOverride, key, Qt.KeyboardModifier.ControlModifier)
    event.accept()  # as a line edit that binds the key would leave it
    assert win.eventFilter(win.search, event) is True
    assert not event.isAccepted()  # so the window's shortcut runs
    ctrl = Qt.KeyboardModifier.ControlModifier
    other = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_A, ctrl)
    assert win.eventFilter(win.search, other) is False  # other keys stay the line edit's


def test_help_keyboard_page_lists_the_shortcuts(win, qtbot):
    menus = [a.text().replace("&", "") for a in win.menuBar().actions()]
    assert "Help" in menus
    qtbot.keyClick(win, Qt.Key.Key_F1)
    dialog = win.keyboard_dialog
    assert dialog.isVisible()
    keys = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    for expected in ("Ctrl+K, Ctrl+F", "Alt+Left, Alt+Right", "Ctrl+E", "Ctrl+S (table)", "F1"):
        assert expected in keys
    dialog.close()


def test_fluorspar_task_by_keyboard_alone(win, qtbot, tmp_path, monkeypatch):
    """Find fluorspar, change the edition to MCS 2024, export the world table to CSV."""
    out = tmp_path / "fluorspar-2024.csv"
    asked = []

    def fake_dialog(*args, **kwargs):
        asked.append(args)
        return str(out), "CSV files (*.csv)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_dialog))
    win.open("commodities")
    settle(qtbot)
    win.activateWindow()
    qtbot.keyClick(win, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert win.search.hasFocus()
    qtbot.keyClicks(win.search, "fluorspar")
    qtbot.keyClick(win.search, Qt.Key.Key_Return)
    page = win.current_page()
    assert page.kind == "commodity" and page.key == "fluorspar"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox) and combo.objectName() == "editionSelector"
    while combo.currentText() != "MCS 2024":
        before = combo.currentText()
        qtbot.keyClick(combo, Qt.Key.Key_Up)
        settle(qtbot)
        combo = QApplication.focusWidget()  # the page was rebuilt; the focus came back
        assert isinstance(combo, QComboBox), "focus lost after changing the edition"
        assert combo.currentText() != before
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    table = QApplication.focusWidget()
    assert table is page.world_view
    qtbot.keyClick(table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert asked
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("Rank,Country,")
    mexico = next(line for line in lines if ",Mexico," in line)
    # MCS 2024, mcs2024-fluor_world.csv: Mexico, Prod_kt_Est_2023 = 1000, reserves 68000.
    assert '"1,000 e"' in mexico and "68,000" in mexico


# --------------------------------------------------------------------------- scrolling
def wheel(widget: QWidget, delta: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        pos,
        widget.mapToGlobal(pos),
        QPoint(0, 0),
        QPoint(0, delta),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_wheel_over_a_chart_scrolls_the_page_not_the_chart(win, qtbot):
    win.open("commodity:fluorspar")
    page = win.current_page()
    page.finish()
    chart = page.chart_tabs.ensure(0)
    page.ensureWidgetVisible(page.chart_tabs, 0, 0)
    settle(qtbot)
    bar = page.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    settle(qtbot)
    before_range = chart.plot.getViewBox().viewRange()
    before_scroll = bar.value()
    assert 0 < before_scroll < bar.maximum()
    wheel(chart.graphics.viewport(), -240)
    settle(qtbot)
    assert chart.plot.getViewBox().viewRange() == before_range  # no zoom
    assert bar.value() > before_scroll  # the page scrolled down
    wheel(chart.graphics.viewport(), 240, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    assert chart.plot.getViewBox().viewRange() != before_range  # Ctrl+wheel zooms


def test_new_pages_open_at_the_top_and_history_returns_to_the_place(win, qtbot):
    win.open("commodity:silver")
    page = win.current_page()
    page.finish()
    settle(qtbot)
    bar = page.verticalScrollBar()
    assert bar.maximum() > 900
    bar.setValue(900)
    win.open("commodity:fluorspar")  # same page object, another commodity
    settle(qtbot)
    assert win.current_page().verticalScrollBar().value() == 0
    win.current_page().verticalScrollBar().setValue(300)
    win.open("country:MEX")
    settle(qtbot)
    assert win.current_page().verticalScrollBar().value() == 0
    win.go_back()
    settle(qtbot)
    assert win.current_page().key == "fluorspar"
    assert win.current_page().verticalScrollBar().value() == 300
    win.go_back()
    settle(qtbot)
    assert win.current_page().key == "silver"
    assert win.current_page().verticalScrollBar().value() == 900
    win.go_forward()
    settle(qtbot)
    assert win.current_page().verticalScrollBar().value() == 300


# --------------------------------------------------------------------------- layout
def test_long_text_in_a_fixed_column_wraps_instead_of_being_cut(qtbot):
    rows = [
        "Net import reliance as a percentage of apparent consumption (compounds and metals)",
        "Net import reliance as a percentage of apparent consumption (mineral concentrates)",
        "Short",
    ]
    model = RecordTableModel([Column("Statistic", lambda r: r, width=220)], rows)
    view = RecordTableView(model, "t")
    qtbot.addWidget(view)
    view.fit_height()
    assert view.wordWrap()
    assert view.rowHeight(0) > view.rowHeight(2)  # the long lines take two or more lines
    assert view.textElideMode() == Qt.TextElideMode.ElideMiddle  # cut text keeps its end


# --------------------------------------------------------------------------- rare earths
def test_rare_earth_section_opens_on_an_overview(win, qtbot):
    win.nav.setCurrentRow([e.nav_label for e in win.nav_pages].index("Rare earth elements"))
    page = win.current_page()
    assert page.kind == "element" and page.facts is None
    assert page.title() == "Rare earth elements"
    assert len(page.strip_buttons) == 17
    assert not any(b.isChecked() for b in page.strip_buttons.values())
    producers = page.producers_view.table_model()
    china = next(r for r in producers.rows if r.iso3 == "CHN")
    # MCS 2026 data release, RARE EARTHS, China, Mine production, 2025: "270,000" (Estimated);
    # World total, Mine production: rounded, 2025: "390,000".
    assert china.current.raw == "270,000" and china.rank == 1
    assert page.world.world_total.raw == "390,000"
    cards = {c.label.text(): c.value.text() for c in page.findChildren(QWidget, "card")}
    assert cards["China's share of world mine production"] == "69.2%"  # 270,000 / 390,000
    assert cards["Mexico's position"] == "not listed"
    groups = [t[0] for t in page.group_view.table_model().rows]
    assert groups[0] == "rare-earths" and "scandium" in groups and "yttrium" in groups
    elements = page.elements_view
    elements.setFocus()
    elements.setCurrentIndex(elements.table_model().index(0, 0))
    qtbot.keyClick(elements, Qt.Key.Key_Return)
    assert win.current_page().key == "Sc"
    win.go_back()
    assert win.current_page().facts is None


def test_wide_window_puts_tables_side_by_side(win, qtbot):
    win.resize(1920, 1080)
    win.open("element:")
    settle(qtbot)
    split = win.current_page().split
    assert split.wide  # producers beside production by group
    left, right = split.left.geometry(), split.right.geometry()
    assert right.left() > left.right() and abs(right.top() - left.top()) < 5
    win.resize(1366, 768)
    settle(qtbot)
    assert not split.wide
    assert split.right.geometry().top() > split.left.geometry().bottom()


# --------------------------------------------------------------------------- small things
def test_flag_goes_after_the_unit():
    from minref.analysis.text import figure_with_unit
    from minref.catalog.models import Figure

    # Fluorspar, MCS 2026: Mexico 1,500 (estimated) thousand metric tons in 2025.
    f = Figure(1500.0, "1,500", "thousand metric tons", 2025, ("estimated",), "usgs-mcs-2026")
    assert figure_with_unit(f, "thousand metric tons") == "1,500 thousand metric tons (estimated)"
    w = Figure(None, "W", "", 2025, ("withheld",), "usgs-mcs-2026")
    assert figure_with_unit(w, "metric tons") == "W"  # a code gets no unit


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("MEXICO", "Mexico"),
        ("ANTIGUA AND BARBUDA", "Antigua and Barbuda"),
        ("KOREA, SOUTH", "Korea, South"),
        ("BOSNIA-HERZEGOVINA", "Bosnia-Herzegovina"),
        ("APEC", "APEC"),
        ("USMCA (NAFTA)", "USMCA (NAFTA)"),
        ("Mexico", "Mexico"),
    ],
)
def test_capitalised_source_names_are_shown_in_title_case(raw, shown):
    from minref.analysis.text import display_place

    assert display_place(raw) == shown


def test_country_page_names_trade_partners_from_the_country_table(win, catalog):
    win.open("country:MEX")
    page = win.current_page()
    views = [v for v in page.findChildren(RecordTableView) if v.objectName() == "trade-summary-MEX"]
    assert views
    model = views[0].table_model()
    reporters = {model.text(r, 1) for r in range(model.rowCount())}
    partners = {model.text(r, 2) for r in range(model.rowCount())}
    assert "Mexico" in reporters and "United States" in partners
    assert not [p for p in partners | reporters if p.isupper() and len(p) > 5]


def test_trade_link_of_a_country_held_only_as_partner_opens_its_flows(win):
    """Venezuela reports no trade in the catalog; Mexico's declarations (UN Comtrade, HS4)
    name it as partner.  Its country page's link, trade:VEN, opens Mexico -> Venezuela,
    not the first reporter of the list (Albania) with every partner."""
    win.open("trade:VEN")
    page = win.current_page()
    assert page.reporter.currentData() == "MEX"
    assert page.partner.currentData() == "VEN"
    flows, _rows = page.query()
    assert flows and {(f.reporter_iso3, f.partner_iso3) for f in flows} == {("MEX", "VEN")}
    # Mexico's declaration, UN Comtrade HS4: 2508 clays to Venezuela in 2016, US$252,247
    assert [f.value_usd for f in flows if (f.hs_code, f.year) == ("2508", 2016)] == [252247]


def test_table_menu_opens_from_the_keyboard(win, qtbot, monkeypatch):
    shown = []

    def fake_exec(view, menu, *args):
        shown.append([x.text() for x in menu.actions()])

    monkeypatch.setattr(RecordTableView, "_exec_menu", fake_exec)
    win.open("commodity:silver")
    view = win.current_page().world_view
    view.setFocus()
    settle(qtbot)
    assert view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert shown and "Export to CSV…" in shown[0]


def test_element_strip_is_one_tab_stop_with_arrow_keys(win, qtbot):
    win.open("element:Nd")
    page = win.current_page()
    stops = [b for b in page.strip_buttons.values() if b.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert stops == [page.strip_buttons["Nd"]]
    page.strip_buttons["Nd"].setFocus()
    settle(qtbot)
    qtbot.keyClick(page.strip_buttons["Nd"], Qt.Key.Key_Right)
    assert page.strip_buttons["Pm"].hasFocus()  # Nd (60) -> Pm (61)
    qtbot.keyClick(page.strip_buttons["Pm"], Qt.Key.Key_Space)
    settle(qtbot)
    page = win.current_page()
    assert page.key == "Pm"
    assert QApplication.focusWidget() is page.strip_buttons["Pm"]  # focus kept on rebuild


def test_commodity_charts_beside_the_world_table_when_wide(win, qtbot):
    win.resize(1920, 1080)
    win.open("commodity:fluorspar")
    page = win.current_page()
    page.finish()
    settle(qtbot)
    split = page.world_split
    assert split.wide and split.right.isAncestorOf(page.chart_tabs)
    assert split.isAncestorOf(page.chart_tabs)  # beside the table
    win.resize(1366, 768)
    settle(qtbot)
    assert not split.wide
    assert not split.isAncestorOf(page.chart_tabs)  # back below the revisions
    assert split.home.isAncestorOf(page.chart_tabs)


def test_a_chart_beside_a_lower_table_is_not_cut(qtbot, catalog):
    """At 1920x1080 silver's charts sit beside its world table, which is lower than they
    are; the chart is drawn after the row was placed and the row kept the table's height
    for a while, cutting the chart's last bars, its axis and its source line (a page
    screenshot showed it so)."""
    theme.apply(QApplication.instance(), theme.LIGHT)
    w = MainWindow(catalog, None)
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    settle(qtbot)
    w.open("commodity:silver")
    page = w.current_page()
    page.finish()
    for _ in range(5):  # as soon as it is drawn (a picture taken now showed it cut)
        QApplication.processEvents()
    split = page.world_split
    assert split.wide and 0 in page.chart_tabs.views  # beside the table, drawn
    assert split.right.height() >= split.right.minimumSizeHint().height()
    chart = page.chart_tabs.views[0]
    assert chart.mapTo(split, chart.rect().bottomLeft()).y() <= split.height()


def test_the_rare_earths_overview_keeps_the_estimated_flag(win, qtbot):
    """MCS 2026 gives the U.S. net import reliance on rare earths for 2025 as 67,
    estimated; the overview's card read "2025, MCS 2026" where the commodity page reads
    "2025 (estimated), MCS 2026" (found in the built app)."""
    win.open("element:")
    page = win.current_page()
    page.finish()
    cards = {c.label.text(): c for c in page.findChildren(Card)}
    card = cards["U.S. net import reliance"]
    # and says what the 67% covers: USGS gives it for compounds and metals only, and
    # "E" (net exporter) for mineral concentrates (found by QA in the built app)
    assert card.value.text() == "67%"
    assert card.detail.text().endswith("2025 (all figures estimated), MCS 2026")
    assert card.detail.text().startswith("Compounds and metals: 67%; mineral concentrates: ")
