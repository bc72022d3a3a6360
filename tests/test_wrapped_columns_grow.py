"""A fixed-width column whose text wraps takes the room a wide window leaves: at 1920x1080
the products page showed each product's critical lists on three lines in a 280-pixel
column, with a third of the table's width empty beside it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from minref.ui import theme
from minref.ui.main_window import MainWindow
from minref.ui.tables import grow_widths

# Antimony's critical lists as the products page prints them (MCS 2026 catalog).
ANTIMONY_LISTS = "AU-CML-2024 CA-2024 EU-CRM-2023 US-2022 US-2025 US-2025-DRAFT"


def test_the_room_goes_first_to_the_column_with_most_rows_wrapped():
    assert grow_widths([100, 280, 165], [100, 600, 200], [0, 40, 2], 700) == [100, 435, 165]
    assert grow_widths([100, 280, 165], [100, 600, 200], [0, 40, 2], 1000) == [100, 600, 200]
    # no room, or nothing wraps: the widths stay
    assert grow_widths([100, 280], [100, 600], [0, 40], 380) == [100, 280]
    assert grow_widths([100, 280], [100, 280], [0, 0], 900) == [100, 280]


def _lists_row(qtbot, catalog, size):
    theme.apply(QApplication.instance(), theme.LIGHT)
    w = MainWindow(catalog, None)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    w.open("commodities")
    for _ in range(4):
        QApplication.processEvents()
    qtbot.wait(1)
    view = w.current_page().view
    model = view.table_model()
    col = next(i for i, c in enumerate(model.columns) if c.title == "Critical lists")
    row = next(r for r in range(model.rowCount()) if model.text(r, col) == ANTIMONY_LISTS)
    # Clays: on no list, a short name in every language, so one line at any width.
    one = next(r for r in range(model.rowCount()) if model.text(r, 0) == "Clays")
    return view, col, row, view.rowHeight(one)


@pytest.mark.parametrize("size", [(1920, 1080)])
def test_a_wide_window_shows_the_critical_lists_on_one_line(qtbot, catalog, size):
    view, col, row, one_line = _lists_row(qtbot, catalog, size)
    width = view.fontMetrics().horizontalAdvance(ANTIMONY_LISTS)
    assert view.columnWidth(col) > width  # the whole text, not 280 pixels
    assert view.rowHeight(row) == one_line


def test_a_narrow_window_keeps_the_column_and_wraps(qtbot, catalog):
    view, col, row, one_line = _lists_row(qtbot, catalog, (1366, 768))
    width = view.fontMetrics().horizontalAdvance(ANTIMONY_LISTS)
    assert 280 <= view.columnWidth(col) < width  # what room there is, not the whole text
    assert view.rowHeight(row) > one_line  # two lines
