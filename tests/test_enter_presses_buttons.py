"""Enter (Return or the keypad's) presses the focused push or tool button anywhere in the
main window, as Space does (found by QA: the rare-earth element strip and "Export fact
card (PDF)…" answered Space only; Qt gives Enter to a dialog's default button alone).
Line edits, combo boxes and tables keep their own Enter; dialogs their default button."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QPushButton  # noqa: E402

from minref.ui import theme  # noqa: E402
from minref.ui.main_window import MainWindow, shortcuts  # noqa: E402

KEYPAD = Qt.KeyboardModifier.KeypadModifier


@pytest.fixture
def win(qtbot, catalog):
    theme.apply(QApplication.instance(), theme.LIGHT)
    w = MainWindow(catalog, None)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    yield w
    theme.apply(QApplication.instance(), theme.LIGHT)


def focus(qtbot, widget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=2000)


def button_named(page, text: str) -> QPushButton:
    found = [b for b in page.findChildren(QPushButton) if b.text() == text]
    assert found, text
    return found[0]


@pytest.mark.parametrize(
    ("key", "modifier"),
    [(Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_Enter, KEYPAD)],
)
def test_enter_on_an_element_strip_button_opens_that_element(win, qtbot, key, modifier):
    win.open("element:La")
    page = win.current_page()
    button = page.strip_buttons["Nd"]
    focus(qtbot, button)
    qtbot.keyClick(button, key, modifier)
    qtbot.waitUntil(lambda: win.current_page().key == "Nd", timeout=2000)
    assert win.current_page().kind == "element"


def test_enter_on_the_overviews_strip_opens_the_element(win, qtbot):
    win.open("element:")
    page = win.current_page()
    focus(qtbot, page.strip_buttons["Dy"])
    qtbot.keyClick(page.strip_buttons["Dy"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.current_page().key == "Dy", timeout=2000)


@pytest.fixture
def fact_card_export(win, qtbot, monkeypatch):
    """The claims page's "Export fact card (PDF)…" button, focused, and the list of
    results its export was asked for (the export itself replaced)."""
    win.open("claims")
    page = win.current_page()
    page.finish()
    asked = []
    monkeypatch.setattr(page, "export_card", lambda result, path=None: asked.append(result))
    export = button_named(page, "Export fact card (PDF)…")
    focus(qtbot, export)
    return page, export, asked


def test_enter_on_export_fact_card_exports_it(win, qtbot, fact_card_export):
    page, export, asked = fact_card_export
    qtbot.keyClick(export, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=2000)
    assert asked[0] is page.results[0]


def test_keypad_enter_on_a_briefing_button_opens_the_export(win, qtbot, monkeypatch):
    win.open("element:Nd")
    page = win.current_page()
    asked = []
    monkeypatch.setattr(page, "export_brief", lambda kind, ids=None: asked.append(kind))
    brief = button_named(page, "Rare earths briefing (PDF)…")
    focus(qtbot, brief)
    qtbot.keyClick(brief, Qt.Key.Key_Enter, KEYPAD)
    qtbot.waitUntil(lambda: asked == ["rare-earths"], timeout=2000)


def test_enter_on_the_back_tool_button_goes_back(win, qtbot):
    win.open("commodity:silver")
    win.open("country:MEX")
    focus(qtbot, win.back_button)
    qtbot.keyClick(win.back_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.current_page().key == "silver", timeout=2000)


def test_ctrl_enter_and_disabled_buttons_are_left_alone(win, qtbot, fact_card_export):
    page, export, asked = fact_card_export
    qtbot.keyClick(export, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(300)  # an animated click lands after 100 ms
    assert asked == []


def test_enter_in_the_search_box_still_searches(win, qtbot):
    box = win.search
    focus(qtbot, box)
    qtbot.keyClicks(box, "tierras")
    assert box.hits and box.hits[0].key == "rare-earths"
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert (win.current_page().kind, win.current_page().key) == ("commodity", "rare-earths")


def test_line_edits_combos_and_tables_keep_their_enter(win, qtbot, monkeypatch):
    """Enter in the desk's HS prefix shows the table (its own returnPressed), Enter in a
    combo box or a table presses no button beside it."""
    win.open("trade")
    page = win.current_page()
    page.finish()
    shown = []
    monkeypatch.setattr(page, "refresh", lambda *a: shown.append(a))
    page.hs.returnPressed.disconnect()
    page.hs.returnPressed.connect(page.refresh)
    focus(qtbot, page.hs)
    qtbot.keyClicks(page.hs, "7106")
    qtbot.keyClick(page.hs, Qt.Key.Key_Return)
    assert len(shown) == 1
    for widget in (page.level, page.flow_view):
        widget.setVisible(True)
        focus(qtbot, widget)
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    qtbot.wait(300)
    assert len(shown) == 1  # "Show" was not pressed by the Enter meant for the others
    assert win.current_page() is page


def test_a_dialog_keeps_its_default_button(win, qtbot):
    """Help → Keyboard: Enter in its table presses its default button (Close)."""
    dialog = win.show_keyboard_help()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    focus(qtbot, dialog.table)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)


def test_the_keyboard_help_says_enter_presses_a_button():
    assert any("button" in what.lower() and "Enter" in keys for keys, what in shortcuts())
