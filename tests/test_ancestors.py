"""``widgets.ancestors``: the walk from a widget out to its window steps from a page's body
to the page itself, over the page's viewport, a widget Qt made that Python never asked
for (wrapping it made PySide build every widget class it binds, 9 ms of start-up)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from minref.ui.widgets import Page, ancestors


def test_the_walk_goes_from_the_body_to_the_page_and_out_to_the_window(qtbot, catalog):
    window = QWidget()
    qtbot.addWidget(window)
    page = Page(catalog)
    QVBoxLayout(window).addWidget(page)
    box = QWidget()
    label = QLabel("x", box)
    page.layout_.addWidget(box)
    walk = list(ancestors(label))
    assert walk[:2] == [box, page._inner]
    assert walk[2] is page  # not the viewport between them
    assert page.viewport() not in walk
    assert walk[-1] is window and len(walk) == 4


def test_a_widget_on_no_page_walks_its_parents(qtbot):
    outer = QWidget()
    qtbot.addWidget(outer)
    middle = QWidget(outer)
    inner = QLabel("x", middle)
    assert list(ancestors(inner)) == [middle, outer]
    assert list(ancestors(outer)) == []
