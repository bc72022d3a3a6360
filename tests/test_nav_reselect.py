"""A click on the navigation's entry that is already selected opens that entry's page:
the window opens on silver's page with "Mineral commodities" selected (silver belongs to
that section), and a click on "Mineral commodities", or Enter on it, did nothing; the
reader had to click another entry and come back (found by QA in the built app)."""

from __future__ import annotations

from PySide6.QtCore import Qt


def _click_entry(qtbot, w, row: int) -> None:
    rect = w.nav.visualItemRect(w.nav.item(row))
    qtbot.mouseClick(w.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_click_on_the_selected_entry_opens_its_page(qtbot, window_in):
    w = window_in("en", (1366, 768))
    w.open("commodity:silver")
    assert w.nav.currentRow() == 0 and w.current_page().objectName() == "page-commodity"
    _click_entry(qtbot, w, 0)
    assert w.current_page().objectName() == "page-commodities"
    assert w.nav.currentRow() == 0
    w.go_back()  # history: back to silver, as after any other move
    assert w.current_page().objectName() == "page-commodity"


def test_enter_on_the_selected_entry_opens_its_page(qtbot, window_in):
    w = window_in("es", (1366, 768))
    w.open("commodity:silver")
    w.nav.setFocus()
    qtbot.keyClick(w.nav, Qt.Key.Key_Return)
    assert w.current_page().objectName() == "page-commodities"


def test_a_click_on_another_entry_opens_it_once(qtbot, window_in):
    w = window_in("en", (1366, 768))
    w.open("commodity:silver")
    opened = []
    original = w.open
    w.open = lambda key, **kw: (opened.append(key), original(key, **kw))[1]
    _click_entry(qtbot, w, 2)  # Countries
    assert len(opened) == 1 and w.current_page().objectName() == "page-countries"
