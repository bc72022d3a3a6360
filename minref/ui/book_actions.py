"""The window's Book menu: star the page, write a note on it, add it to a briefing book."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from minref.i18n import NP_, _, ngettext

logger = logging.getLogger(__name__)

SHORTCUTS = (
    ("Ctrl+D", "Star this page (Starred in the navigation lists it)"),
    ("Ctrl+Shift+N", "Write a note on this page"),
    ("Ctrl+B", "Add this page to a briefing book"),
)


def shortcut_rows() -> list[tuple[str, str]]:
    tr = QCoreApplication.translate
    return [(keys, tr("Shortcuts", what)) for keys, what in SHORTCUTS]


def section_for_page(window):
    """The book section the current page stands for, or None (with why) if it has none."""
    from minref.userdata.books import Section

    page = window.current_page()
    kind, key = getattr(page, "kind", ""), getattr(page, "key", "")
    if kind == "commodity" and key:
        return Section("commodity", key), ""
    if kind == "element":
        return Section("rare-earths"), ""
    if kind == "country":
        if key == "MEX":
            return Section("country", "MEX"), ""
        return None, QCoreApplication.translate(
            "Books", "A country section is the Mexico–United States brief: open Mexico."
        )
    if kind == "trade":
        options = {}
        for name in ("partner", "flow", "hs"):
            getter = getattr(page, f"current_{name}", None)
            value = getter() if callable(getter) else None
            if value:
                options[name] = value
        reporter = getattr(page, "current_reporter", lambda: "MEX")() or "MEX"
        return Section("desk", reporter, options), ""
    if kind == "supply":
        return Section("supply", key if key and key != "supply" else ""), ""
    if kind == "claims":
        from PySide6.QtWidgets import QInputDialog

        from minref.analysis.claims import CLAIMS

        names = [c.statement for c in CLAIMS.values()]
        choice, ok = QInputDialog.getItem(
            window,
            QCoreApplication.translate("Books", "Add a claim"),
            QCoreApplication.translate("Books", "Claim:"),
            names,
            0,
            False,
        )
        if not ok:
            return None, ""
        return Section("claim", list(CLAIMS)[names.index(choice)]), ""
    return None, QCoreApplication.translate("Books", "This page cannot go into a book.")


def page_title(window) -> str:
    page = window.current_page()
    return page.title() if page is not None else ""


def page_key(window) -> str:
    """The key a star or a note on the current page is filed under (``commodity:silver``)."""
    from minref.ui.figure_notes import page_key as key_of

    return key_of(window.current_page())


def log_file() -> Path | None:
    """The file the log is written to, or None when none could be opened (a read-only home)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None


def data_unavailable_text(error: Exception | None = None) -> str:
    """Why starred pages, notes and books cannot be kept: the reason itself when it is known
    or the log cannot say it; otherwise the log that has it. ``error``: a write that failed."""
    from minref.userdata.store import UserData, UserDataError, default_path, unwritable_reason

    path = default_path()
    reason = unwritable_reason(path)
    if reason:
        return _(
            "Your data folder {folder} cannot be written ({reason}): starred pages, notes and "
            "briefing books cannot be kept. Make the folder writable, or start minref with "
            "MINREF_HOME set to a writable folder."
        ).format(folder=path.parent, reason=reason)
    if error is not None:
        return str(error)
    if log_file() is not None:
        return _("Your data file cannot be opened: see the log for why.")
    try:  # the log could not be written: ask again for the reason open_books() logged
        UserData(path).close()
    except UserDataError as exc:
        return str(exc)
    return _("Your data file {path} could not be opened; try again.").format(path=path)


def _unavailable(window, title: str, error: Exception | None = None) -> None:
    """Say why the Book menu's action could not be done (never a silent key press)."""
    from PySide6.QtWidgets import QMessageBox

    text = data_unavailable_text(error)
    logger.info("%s: %s", title, text)
    QMessageBox.warning(window, title, text)


def star(window) -> None:
    from minref.ui.pages.books import open_books
    from minref.userdata.store import UserDataError

    key = page_key(window)
    if not key:
        return
    store = open_books()
    if store is None:
        _unavailable(window, _("Star this page"))
        return
    try:
        if store.is_starred(key):
            store.unstar(key)
            message = _("Star removed from {page}").format(page=page_title(window))
        else:
            store.star(key, page_title(window))
            message = _("Starred: {page}").format(page=page_title(window))
    except UserDataError as exc:
        _unavailable(window, _("Star this page"), exc)
        return
    window.statusBar().showMessage(message, 4000)


def note(window) -> None:
    from PySide6.QtWidgets import QInputDialog

    from minref.ui.pages.books import open_books
    from minref.userdata.store import UserDataError

    key = page_key(window)
    if not key:
        return
    store = open_books()
    if store is None:
        _unavailable(window, _("Note on {page}").format(page=page_title(window)))
        return
    try:
        old = next((n["text"] for n in store.notes(key) if not n["figure"]), "")
    except UserDataError as exc:
        _unavailable(window, _("Note on {page}").format(page=page_title(window)), exc)
        return
    text, ok = QInputDialog.getMultiLineText(
        window,
        _("Note on {page}").format(page=page_title(window)),
        QCoreApplication.translate("Books", "Your note (empty removes it):"),
        old,
    )
    if not ok:
        return
    try:
        store.set_note(key, text)
    except UserDataError as exc:
        _unavailable(window, _("Note on {page}").format(page=page_title(window)), exc)


def add_to_book(window) -> None:
    from minref.ui.pages.books import open_books
    from minref.userdata.store import UserDataError

    store = open_books()
    if store is None:
        _unavailable(window, QCoreApplication.translate("Books", "Add to book"))
        return
    try:
        _add_to_book(window, store)
    except UserDataError as exc:
        _unavailable(window, QCoreApplication.translate("Books", "Add to book"), exc)


def _add_to_book(window, store) -> None:
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    section, why = section_for_page(window)
    if section is None:
        if why:
            QMessageBox.information(window, QCoreApplication.translate("Books", "Add to book"), why)
        return
    books = store.books()
    new_label = QCoreApplication.translate("Books", "A new book…")
    names = [b.title for b in books] + [new_label]
    choice, ok = QInputDialog.getItem(
        window,
        QCoreApplication.translate("Books", "Add to book"),
        QCoreApplication.translate("Books", "Book:"),
        names,
        0,
        False,
    )
    if not ok:
        return
    if choice == new_label:
        title, ok = QInputDialog.getText(
            window,
            QCoreApplication.translate("Books", "New briefing book"),
            QCoreApplication.translate("Books", "Title:"),
        )
        if not ok or not title.strip():
            return
        book = store.new(title.strip())
    else:
        book = books[names.index(choice)]
    book = store.add_section(book.book_id, section)
    window.statusBar().showMessage(
        ngettext(
            "Added to “{book}” ({n} section)",
            "Added to “{book}” ({n} sections)",
            len(book.sections),
        ).format(book=book.title, n=len(book.sections)),
        5000,
    )


def install(window) -> None:
    """The Book menu with its keys."""
    menu = window.menuBar().addMenu(QCoreApplication.translate("Books", "&Book"))
    for keys, label, slot in (
        ("Ctrl+D", NP_("Books", "&Star this page"), star),
        ("Ctrl+Shift+N", NP_("Books", "&Note on this page…"), note),
        ("Ctrl+B", NP_("Books", "&Add this page to a book…"), add_to_book),
    ):
        action = QAction(QCoreApplication.translate("Books", label), window)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False, slot=slot: slot(window))
        menu.addAction(action)
        window.addAction(action)
    window.book_menu = menu
