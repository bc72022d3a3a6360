"""Supply page, found by QA on the installed app: Enter on a row of the supply table did
nothing (double-click opened the mineral; F1's shortcut list promises "Enter (list) – Open
the product"), nor did the what-if table open its rows at all; and at 1366x768 (a 1256x690
window) the French legend under the table was cut mid-sentence ("…ses indicateurs. En"),
the rest below the window's bottom."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _page(window_in, qtbot, lang="en", size=(1256, 690)):
    w = window_in(lang, size)
    w.open("supply")
    page = w.current_page()
    qtbot.waitUntil(page.view.isVisible)
    return page


def _press(view, row: int, key, modifier=None):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    view.setFocus()
    view.setCurrentIndex(view.model().index(row, 1))
    QTest.keyClick(view, key, modifier or Qt.KeyboardModifier.NoModifier)


@pytest.mark.parametrize("key", ["Return", "Enter"])
def test_enter_on_a_supply_row_opens_its_mineral(window_in, qtbot, key):
    from PySide6.QtCore import Qt

    page = _page(window_in, qtbot)
    opened = []
    page.open_requested.connect(opened.append)
    gallium = next(i for i, r in enumerate(page.model.rows) if r.commodity_id == "gallium")
    modifier = Qt.KeyboardModifier.KeypadModifier if key == "Enter" else None
    _press(page.view, gallium, getattr(Qt.Key, f"Key_{key}"), modifier)
    assert opened == ["commodity:gallium"]  # once, not twice


def test_enter_and_double_click_on_a_what_if_row_open_its_mineral(window_in, qtbot):
    from PySide6.QtCore import Qt

    page = _page(window_in, qtbot)
    page.tabs.setCurrentIndex(2)  # What if: without…
    qtbot.waitUntil(page.whatif_view.isVisible)
    opened = []
    page.open_requested.connect(opened.append)
    rows = page.whatif_model.rows
    bismuth = next(i for i, r in enumerate(rows) if r.commodity_id == "bismuth")
    _press(page.whatif_view, bismuth, Qt.Key.Key_Return)
    page.whatif_view.doubleClicked.emit(page.whatif_model.index(bismuth, 2))
    assert opened == ["commodity:bismuth", "commodity:bismuth"]


@pytest.mark.parametrize("size", [(1256, 690), (1366, 768), (1920, 1080)])
@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_tables_legend_is_whole_in_the_window(window_in, qtbot, lang, size):
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication

    page = _page(window_in, qtbot, lang, size)
    for _ in range(5):
        QApplication.processEvents()
    label = page.legend_label
    assert label.height() >= label.heightForWidth(label.width())  # every line laid out
    # its last line inside the page's viewport, the page scrolled to its top: read whole
    assert page.verticalScrollBar().value() == 0
    bottom = label.mapTo(page.viewport(), QPoint(0, label.height())).y()
    assert bottom <= page.viewport().height()
    assert page.view.height() >= 5 * page.view.verticalHeader().defaultSectionSize()
