"""The Books page and the Book menu, driven as an official would."""

from __future__ import annotations

import pytest

from minref.userdata.books import BookStore, Section
from minref.userdata.store import UserData


def _store():
    from minref.userdata.store import default_path

    return BookStore(UserData(default_path()))


@pytest.fixture
def window(catalog, qtbot, home):
    from minref.ui.main_window import MainWindow

    win = MainWindow(catalog, None)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    yield win
    # The page counts a book's pages in the background a moment after it changes: none
    # may still run (or be due) when the next test counts calls of its own.
    from PySide6.QtCore import QThreadPool

    for page in win.pages.values():
        timer = getattr(page, "_count_timer", None)
        if timer is not None:
            timer.stop()
    QThreadPool.globalInstance().waitForDone(30_000)


def test_editing_the_book_saves_what_is_typed(window, qtbot):
    store = _store()
    book = store.new("USMCA", marking="FOUO", purpose="Prepare")
    store.add_section(book.book_id, Section("commodity", "silver"))
    window.open("books")
    page = window.current_page()
    assert page.f_marking.text() == "FOUO" and page.f_purpose.text() == "Prepare"
    page.f_points.setPlainText("- Mexico is #1 in silver <b>")
    page.save_editor()
    assert _store().get(book.book_id).talking_points == "- Mexico is #1 in silver <b>"
    # the section's own notes
    page.section_list.setCurrentRow(1)
    page.f_purpose.setText("Silver: what to ask")
    page.save_editor()
    saved = _store().get(book.book_id)
    assert saved.sections[0].purpose == "Silver: what to ask"
    assert saved.purpose == "Prepare"  # the book's own line was not overwritten


def test_switching_rows_never_copies_fields_across(window):
    store = _store()
    book = store.new("B", purpose="Book purpose")
    store.add_section(book.book_id, Section("text", body="Body", purpose="Section purpose"))
    window.open("books")
    page = window.current_page()
    for row in (1, 0, 1, 0):
        page.section_list.setCurrentRow(row)
    saved = _store().get(book.book_id)
    assert saved.purpose == "Book purpose" and saved.sections[0].purpose == "Section purpose"


def test_sections_reorder_by_keyboard_delete_and_undo(window, qtbot):
    from PySide6.QtCore import Qt

    store = _store()
    book = store.new("Order")
    for cid in ("silver", "fluorspar", "graphite"):
        store.add_section(book.book_id, Section("commodity", cid))
    window.open("books")
    page = window.current_page()
    page.section_list.setFocus()
    page.section_list.setCurrentRow(1)  # silver
    qtbot.keyClick(page.section_list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [s.target for s in _store().get(book.book_id).sections] == [
        "fluorspar",
        "silver",
        "graphite",
    ]
    page.delete_book()
    assert _store().books() == []
    page.undo_delete()
    assert [b.title for b in _store().books()] == ["Order"]


def test_add_this_page_to_a_book(window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from minref.ui import book_actions

    store = _store()
    store.new("Ministerial")
    window.open("commodity:fluorspar")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Ministerial", True))
    book_actions.add_to_book(window)
    book = _store().get("Ministerial")
    assert [(s.kind, s.target) for s in book.sections] == [("commodity", "fluorspar")]
    book_actions.star(window)
    assert _store().bookmarks() == [("commodity:fluorspar", "Fluorspar")]
    window.open("starred")
    assert window.current_page().starred.count() == 1


def test_the_page_exports_the_book_as_pdf(window, tmp_path):
    store = _store()
    book = store.new("Export me", talking_points="1. one\n2. two")
    store.add_section(book.book_id, Section("text", body="Closing."))
    window.open("books")
    out = window.current_page().export_book_pdf(str(tmp_path / "book.pdf"))
    assert out is not None and out.read_bytes().startswith(b"%PDF")


def test_notes_are_found_by_the_search_box(window):
    _store().set_note("commodity:fluorspar", "Ask about the Las Cuevas mine")
    window.search.run_search("cuevas")
    notes = [h for h in window.search.hits if h.kind == "note"]
    assert [h.key for h in notes] == ["commodity:fluorspar"]
    window.search._open(window.search.hits.index(notes[0]))
    assert window.current_page().kind == "commodity" and window.current_page().key == "fluorspar"


def test_a_note_on_a_figure_shows_on_the_cell(window, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QInputDialog

    from minref.ui import figure_notes
    from minref.ui.tables import RecordTableView

    window.open("commodity:silver")
    page = window.current_page()
    page.finish()
    view = next(v for v in page.findChildren(RecordTableView) if v.objectName().startswith("world"))
    model = view.model()
    row = next(r for r in range(model.rowCount()) if "Mexico" in model.text(r, 1))
    index = model.index(row, 2)
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", lambda *a, **k: ("Check the 2025 estimate", True)
    )
    figure_notes.edit(view, index)
    assert model.data(index).endswith("✎")
    assert "Your note: Check the 2025 estimate" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    # the note is found again when the page is built anew
    model.set_notes({})
    figure_notes.load(view)
    assert model.notes == {(row, 2): "Check the 2025 estimate"}


def _listed(page) -> list[str]:
    return [page.section_list.item(i).text() for i in range(1, page.section_list.count())]


def test_a_section_added_from_another_page_stays_in_the_book(window, monkeypatch):
    """Found by QA in the built app: with the books page opened once, Ctrl+B on fluorspar
    said "Added to … (2 sections)", and going back to the books page deleted the section
    from the user file (the page saved the book as it had last read it)."""
    from PySide6.QtWidgets import QInputDialog

    from minref.ui import book_actions

    store = _store()
    book = store.new("Ministerial")
    store.add_section(book.book_id, Section("commodity", "silver"))
    window.open("books")
    window.open("commodity:fluorspar")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Ministerial", True))
    book_actions.add_to_book(window)
    window.open("books")
    page = window.current_page()
    saved = _store().get(book.book_id)
    assert [s.target for s in saved.sections] == ["silver", "fluorspar"]
    assert len(_listed(page)) == 2  # and the page shows both
    page.f_title.setText("Ministerial, Monday")  # an edit saved after it keeps it too
    page.save_editor()
    saved = _store().get(book.book_id)
    assert saved.title == "Ministerial, Monday"
    assert [s.target for s in saved.sections] == ["silver", "fluorspar"]


def test_an_edit_on_the_page_keeps_a_section_added_meanwhile(window):
    """`minref book add` (or Ctrl+B in a second window) while a section is being edited:
    the edit goes into that section, the added one stays, and the list shows it."""
    store = _store()
    book = store.new("Brief")
    store.add_section(book.book_id, Section("commodity", "silver"))
    window.open("books")
    page = window.current_page()
    page.section_list.setCurrentRow(1)
    store.add_section(book.book_id, Section("commodity", "fluorspar"), position=0)
    page.f_purpose.setText("Silver: what to ask")
    page.save_editor()
    saved = _store().get(book.book_id)
    assert [(s.target, s.purpose) for s in saved.sections] == [
        ("fluorspar", ""),
        ("silver", "Silver: what to ask"),
    ]
    assert len(_listed(page)) == 2
    assert page.section_list.currentRow() == 2  # still on silver, now second


def test_sections_keep_their_ids_from_one_save_to_the_next(home):
    store = _store()
    book = store.new("Ids")
    book = store.add_section(book.book_id, Section("commodity", "silver"))
    silver = book.sections[0].section_id
    book = store.add_section(book.book_id, Section("commodity", "fluorspar"), position=0)
    assert [s.section_id for s in book.sections][1] == silver
    book = store.move_section(book.book_id, 1, 0)
    assert book.sections[0].section_id == silver and book.sections[0].target == "silver"
