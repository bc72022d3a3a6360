"""The supply table's mineral column stays in view while its figures scroll sideways: at
1366x768 the table is wider than the window, and scrolled right it showed row after row
of figures with no mineral's name beside them (found in the built app)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _scroll_right(view) -> None:
    from PySide6.QtWidgets import QApplication

    bar = view.horizontalScrollBar()
    assert bar.maximum() > 0  # wider than the window: the case at hand
    bar.setValue(bar.maximum())
    QApplication.processEvents()


def _seen_at(view, row: int, x: int = 10):
    """(the table drawn at that point, the index it draws there) for the point ``x``
    pixels into the table's viewport, in the middle of ``row``: what the reader sees."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QTableView

    y = view.rowViewportPosition(row) + view.rowHeight(row) // 2
    at = view.viewport().mapTo(view, QPoint(x, y))
    child = view.childAt(at)
    table = child.parentWidget() if child is not None else None
    assert isinstance(table, QTableView), child
    return table, table.indexAt(table.viewport().mapFrom(view, at))


def _visible_in_viewport(view, table, index) -> bool:
    """Whether ``table``'s cell lies inside ``view``'s viewport (``table`` is ``view`` or
    drawn over it)."""
    from PySide6.QtCore import QRect

    rect = table.visualRect(index)
    top_left = view.viewport().mapFromGlobal(table.viewport().mapToGlobal(rect.topLeft()))
    return view.viewport().rect().contains(QRect(top_left, rect.size()))


def test_the_mineral_names_stay_in_view_scrolled_right(supply_es):
    page = supply_es
    view, model = page.view, page.model
    # Hand-written, from the catalog's Spanish names: the first rows of the US-2025 list.
    assert model.text(0, 0) == "Aluminio" and model.text(1, 0) == "Antimonio"
    _scroll_right(view)
    # The reader is at the last column (the gaps) ...
    gaps = model.columnCount() - 1
    assert view.columnViewportPosition(gaps) + view.columnWidth(gaps) <= view.viewport().width()
    # ... and still reads each row's mineral at the table's left edge.
    for row, name in ((0, "Aluminio"), (1, "Antimonio")):
        table, index = _seen_at(view, row)
        assert (index.row(), index.column()) == (row, 0)
        assert index.data() == name
        assert _visible_in_viewport(view, table, index)
    frozen, _ = _seen_at(view, 0)
    assert frozen is not view
    # One table: the same rows, as tall (the platinum-group metals' gaps wrap onto three
    # lines, their row is taller than the others), the same header height, the same first
    # column, and the same scroll position.
    heights = [view.rowHeight(r) for r in range(model.rowCount())]
    assert max(heights) > min(heights)
    assert [frozen.rowHeight(r) for r in range(model.rowCount())] == heights
    assert frozen.horizontalHeader().height() == view.horizontalHeader().height()
    assert frozen.columnWidth(0) == view.columnWidth(0)
    last = model.rowCount() - 1
    view.scrollTo(model.index(last, gaps))
    assert frozen.rowViewportPosition(last) == view.rowViewportPosition(last)
    assert _seen_at(view, last)[1].data() == model.text(last, 0)


def test_the_keyboard_scrolls_past_the_frozen_column(supply_es, qtbot):
    from PySide6.QtCore import Qt

    view, model = supply_es.view, supply_es.model
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    frozen, _ = _seen_at(view, 0)
    width = frozen.columnWidth(0)
    bar = view.horizontalScrollBar()
    for _ in range(model.columnCount() - 1):  # to the last column, one key at a time
        qtbot.keyClick(view, Qt.Key.Key_Right)
        current = view.currentIndex()
        rect = view.visualRect(current)
        assert rect.left() >= width and rect.right() < view.viewport().width(), current.column()
    assert view.currentIndex().column() == model.columnCount() - 1 and bar.value() > 0
    assert _seen_at(view, 0)[1].data() == "Aluminio"
    qtbot.keyClick(view, Qt.Key.Key_Down)  # down the rows: the names scroll with them
    assert view.currentIndex().row() == 1 and bar.value() > 0
    for _ in range(model.columnCount() - 2):  # back to the first figure, never under it
        qtbot.keyClick(view, Qt.Key.Key_Left)
        rect = view.visualRect(view.currentIndex())
        assert rect.left() >= width, view.currentIndex().column()
    assert view.currentIndex().column() == 1 and bar.value() == 0
    qtbot.keyClick(view, Qt.Key.Key_Left)  # the name itself: in view already, rows shown
    assert view.currentIndex().column() == 0
    selected = view.selectionModel().selectedRows()
    assert [i.row() for i in selected] == [1]  # the frozen column shows the same selection
    assert frozen.selectionModel() is view.selectionModel()
    for _ in range(12):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    assert bar.value() > 0
    qtbot.keyClick(view, Qt.Key.Key_Home)  # the row's start: its first figures in view
    assert view.currentIndex().column() == 0 and bar.value() == 0
    assert frozen.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.NoFocus


def test_the_frozen_column_sorts_hovers_and_opens(supply_es, qtbot):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    page = supply_es
    view, model = page.view, page.model
    _scroll_right(view)
    frozen, index = _seen_at(view, 0)
    # The hover text of a name is the name (the column has a fixed width).
    pos = frozen.visualRect(index).center()
    QApplication.sendEvent(
        frozen.viewport(),
        QHelpEvent(QHelpEvent.Type.ToolTip, pos, frozen.viewport().mapToGlobal(pos)),
    )
    assert QToolTip.text() == "Aluminio"
    QToolTip.hideText()
    # A click on its title sorts by name, as the table's own title did, indicator shown.
    header = frozen.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(20, 10))
    assert page.sort_col == 0
    assert header.isSortIndicatorShown() and header.sortIndicatorSection() == 0
    names = [model.text(r, 0) for r in range(model.rowCount())]
    assert names == sorted(names, key=str.lower, reverse=page.sort_desc)
    assert _seen_at(view, 0)[1].data() == names[0]
    # Filtered (a model reset), the frozen column follows, row heights alike.
    page.filter.setText("fluor")
    QApplication.processEvents()
    assert model.rowCount() == 1 and _seen_at(view, 0)[1].data() == "Fluorita"
    assert frozen.rowHeight(0) == view.rowHeight(0)
    assert all(frozen.isColumnHidden(c) for c in range(1, model.columnCount()))
    # A double click on the name opens the mineral, as on the rest of the row.
    centre = frozen.visualRect(index).center()
    with qtbot.waitSignal(page.open_requested) as opened:
        # A press first, as a real double click has: the view opens the cell pressed.
        qtbot.mouseClick(frozen.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(frozen.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert opened.args == ["commodity:fluorspar"]


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_frozen_column_is_painted_as_the_table(supply_es, mode):
    # The same row colours on both sides of the frozen column's edge (the shaded Mexico-
    # and-Canada row first, then a plain one), in either theme, switched while shown.
    from PySide6.QtWidgets import QApplication

    page = supply_es
    page.window().set_theme(mode)
    for _ in range(3):
        QApplication.processEvents()
    view = page.view
    _scroll_right(view)
    frozen, _ = _seen_at(view, 0)
    image = view.grab().toImage()  # the table and the frozen column drawn over it
    left, top = view.viewport().x(), view.viewport().y()
    for row in (0, 1):
        y = top + view.rowViewportPosition(row) + 3  # above the text
        inside = image.pixelColor(left + frozen.columnWidth(0) - 4, y)
        beyond = image.pixelColor(left + view.viewport().width() - 4, y)
        assert inside == beyond, (row, inside.name(), beyond.name())


def test_the_what_if_table_keeps_its_minerals_in_view_too(supply_es):
    # The "What if: without China" tab at 1366x768: its next three producers and HHI run
    # past the window's edge, and scrolled right its rows had no mineral's name either.
    from PySide6.QtWidgets import QApplication, QTabWidget

    page = supply_es
    tabs = page.findChildren(QTabWidget)[0]
    tabs.setCurrentIndex(2)
    for _ in range(5):
        QApplication.processEvents()
    view, model = page.whatif_view, page.whatif_model
    assert model.text(0, 0) == "Aluminio" and model.text(1, 0) == "Antimonio"
    _scroll_right(view)
    for row, name in ((0, "Aluminio"), (1, "Antimonio")):
        table, index = _seen_at(view, row)
        assert index.data() == name and table is not view
        assert _visible_in_viewport(view, table, index)
