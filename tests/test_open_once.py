"""A double click on a row of a list opens its page once, not twice.

Qt's item views emit ``doubleClicked`` and then, where the platform activates items by a
double click (every desktop minref ships for, Qt's default), ``activated`` for the same
click.  The commodity and country lists listened to both, so one double click asked the
window for the page twice: built twice, and in the history twice."""

from __future__ import annotations

import pytest


def _double_click(qtbot, view, index) -> None:
    from PySide6.QtCore import Qt

    centre = view.visualRect(index).center()
    # A press and release first, as a real double click has.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


@pytest.mark.parametrize(
    ("kind", "first"),
    [("commodities", "commodity:"), ("countries", "country:")],
)
def test_a_double_click_opens_a_list_row_once(window_in, qtbot, kind, first):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    w = window_in("en")
    w.open(kind)
    page = w.current_page()
    QApplication.processEvents()
    opened: list[str] = []
    page.open_requested.connect(opened.append)
    index = page.model.index(0, 0)
    _double_click(qtbot, page.view, index)
    QApplication.processEvents()
    assert len(opened) == 1 and opened[0].startswith(first), opened
    # Enter on the current row opens it once as well.
    opened.clear()
    page.view.setCurrentIndex(index)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert len(opened) == 1 and opened[0].startswith(first), opened


@pytest.mark.parametrize(
    ("key", "view_name", "first"),
    [
        ("element", "group_view", "commodity:"),
        ("element", "elements_view", "element:"),
        ("country:MEX", "standing_view", "commodity:"),
    ],
)
def test_a_double_click_or_enter_opens_a_page_row_once(window_in, qtbot, key, view_name, first):
    # The rare-earth overview's two tables and a country's standing by commodity: one
    # double click, one page; Enter opens the row too (the country table did not).
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    w = window_in("en", (1366, 768))
    w.open(key)
    page = w.current_page()
    if hasattr(page, "finish"):
        page.finish()
    for _ in range(3):
        QApplication.processEvents()
    view = getattr(page, view_name)
    opened: list[str] = []
    page.open_requested.connect(opened.append)
    index = view.model().index(0, 1)
    _double_click(qtbot, view, index)
    QApplication.processEvents()
    assert len(opened) == 1 and opened[0].startswith(first), opened
    opened.clear()
    view.setCurrentIndex(index)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert len(opened) == 1 and opened[0].startswith(first), opened
