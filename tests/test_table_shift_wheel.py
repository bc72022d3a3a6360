"""Shift and the mouse wheel scroll a wide table sideways (the supply table at 1366x768):
Shift+wheel up did nothing and Shift+wheel down moved the table and the page under it
down by pages (found by QA in the built app); Alt+wheel and a sideways wheel worked."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication


def _wheel(view, dy: int, modifiers=Qt.KeyboardModifier.ShiftModifier) -> None:
    pos = QPointF(view.viewport().rect().center())
    event = QWheelEvent(
        pos,
        QPointF(view.viewport().mapToGlobal(pos.toPoint())),
        QPoint(0, 0),
        QPoint(0, dy),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)


def test_shift_and_the_wheel_scroll_the_supply_table_sideways(supply_es):
    page = supply_es
    view = page.view
    across, down = view.horizontalScrollBar(), page.verticalScrollBar()
    assert across.maximum() > 0  # wider than the window: the case at hand
    across.setValue(0)
    page_at, rows_at = down.value(), view.verticalScrollBar().value()
    _wheel(view, -120)  # one notch towards the reader: to the right
    assert across.value() > 0
    assert (down.value(), view.verticalScrollBar().value()) == (page_at, rows_at)
    right = across.value()
    _wheel(view, 120)  # and back to the left
    assert across.value() < right
    assert (down.value(), view.verticalScrollBar().value()) == (page_at, rows_at)
