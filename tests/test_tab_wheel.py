"""The mouse wheel over a page's tab bar scrolls the page; it does not switch tabs.

Found in the built app: scrolling down the supply page or a commodity page with the wheel
switched the supply tabs or the chart tabs whenever the pointer passed over their tab bar
(Qt's default), and the page stopped scrolling there.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from minref.ui.chart_tabs import wheel_scrolls_page


def _wheel_down(bar) -> None:
    """One notch of a mouse wheel, turned towards the user, over the tab bar's second tab."""
    pos = QPointF(bar.tabRect(1).center())
    event = QWheelEvent(
        pos,
        QPointF(bar.mapToGlobal(pos.toPoint())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(bar, event)


def _check_scrolls_page(qtbot, page, tabs) -> None:
    bar = tabs.tabBar()
    qtbot.waitUntil(bar.isVisible)
    scroll = page.verticalScrollBar()
    assert scroll.maximum() > 0  # the page is longer than the window
    scroll.setValue(0)
    tabs.setCurrentIndex(0)
    assert not bar.hasFocus()
    _wheel_down(bar)
    assert tabs.currentIndex() == 0  # Qt's default went on to the next tab
    assert scroll.value() > 0  # the page scrolled down


def test_the_wheel_over_the_supply_tabs_scrolls_the_page(qtbot, window_in):
    w = window_in("en", (1366, 768))
    w.open("supply")
    page = w.current_page()
    _check_scrolls_page(qtbot, page, page.tabs)


def test_the_wheel_over_the_chart_tabs_scrolls_the_page(qtbot, window_in):
    w = window_in("es", (1366, 768))
    w.open("commodity:silver")
    page = w.current_page()
    qtbot.waitUntil(lambda: getattr(page, "chart_tabs", None) is not None)
    _check_scrolls_page(qtbot, page, page.chart_tabs.tabs)


def _tabs_in_a_page(qtbot):
    """A tab widget in a long scrolling page, as the desk's tabs are."""
    area = QScrollArea()
    qtbot.addWidget(area)
    body = QWidget()
    lay = QVBoxLayout(body)
    tabs = QTabWidget()
    for name in ("Flows", "Partners", "Mirror"):
        tabs.addTab(QLabel(name), name)
    lay.addWidget(tabs)
    filler = QLabel("below the tabs")
    filler.setMinimumHeight(2000)
    lay.addWidget(filler)
    area.setWidget(body)
    area.setWidgetResizable(True)
    area.resize(500, 300)
    area.show()
    qtbot.waitExposed(area)
    return area, tabs


def test_the_helper_makes_any_tab_widget_pass_the_wheel_to_its_page(qtbot):
    area, tabs = _tabs_in_a_page(qtbot)
    wheel_scrolls_page(tabs)
    wheel_scrolls_page(tabs)  # twice is once: one filter
    _check_scrolls_page(qtbot, area, tabs)


def test_a_tab_bar_with_the_keyboard_focus_still_switches_tabs_by_wheel(qtbot):
    # Reached with Tab, the tab bar is the control the user is working: the wheel, like
    # the arrow keys, moves between its tabs there, and the page stays put.
    area, tabs = _tabs_in_a_page(qtbot)
    wheel_scrolls_page(tabs)
    bar = tabs.tabBar()
    area.activateWindow()
    bar.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(bar.hasFocus)
    area.verticalScrollBar().setValue(0)
    _wheel_down(bar)
    assert tabs.currentIndex() == 1
    assert area.verticalScrollBar().value() == 0


def test_without_the_helper_qt_switches_tabs(qtbot):
    # What the helper is for: Qt's own tab bar takes the wheel for itself.
    area, tabs = _tabs_in_a_page(qtbot)
    area.verticalScrollBar().setValue(0)
    _wheel_down(tabs.tabBar())
    assert tabs.currentIndex() == 1
    assert area.verticalScrollBar().value() == 0


def test_the_wheel_over_the_desks_tabs_scrolls_the_page(qtbot, window_in):
    w = window_in("es", (1366, 768))
    w.open("trade:MEX")
    page = w.current_page()
    _check_scrolls_page(qtbot, page, page.tabs)
