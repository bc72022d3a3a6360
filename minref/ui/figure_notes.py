"""Notes on one figure of a table: a pencil mark on the cell, the note on hover.

A figure is named by its table (the view's name holds the commodity and the edition), its
row's first cell and its column's title, so the note finds its figure again next time.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog

from minref.i18n import _

logger = logging.getLogger(__name__)

MARK = " ✎"


def page_of(widget):
    """The page a widget sits on (its nearest ancestor with a page kind), or None."""
    from minref.ui.widgets import Page, ancestors

    return next((w for w in ancestors(widget) if isinstance(w, Page)), None)


def page_key(page) -> str:
    kind, key = getattr(page, "kind", ""), getattr(page, "key", "")
    return f"{kind}:{key}" if key and key != kind else kind


def figure_id(view, row: int, col: int) -> str:
    """table|first cell of the row|column title|@row,column.  The texts find the figure
    again when rows move; the position finds it in another language, where the texts
    (translated titles and names) differ."""
    model = view.model()
    return f"{view.objectName()}|{model.text(row, 0)}|{model.columns[col].title}|@{row},{col}"


def figure_parts(fid: str) -> tuple[str, str, str, tuple[int, int] | None]:
    """(table, first cell, column title, (row, column) or None) of a figure id."""
    parts = fid.split("|")
    where = None
    if len(parts) >= 4 and parts[-1].startswith("@"):
        try:
            r, c = parts.pop()[1:].split(",")
            where = (int(r), int(c))
        except ValueError:
            where = None
    if len(parts) < 3:
        return (parts[0] if parts else "", "", "", where)
    return parts[0], parts[1], "|".join(parts[2:]), where


def load(view) -> None:
    """Fill the view's model with the notes on its figures (quietly nothing without a file)."""
    from minref.ui.pages.books import open_books

    page = page_of(view)
    if page is None:
        return
    store = open_books()
    if store is None:
        return
    prefix = f"{view.objectName()}|"
    notes = {
        n["figure"]: n["text"]
        for n in store.notes(page_key(page))
        if n["figure"].startswith(prefix)
    }
    if not notes:
        return  # the usual case: nothing to mark, no cell visited
    model = view.model()
    titles = {col.title: c for c, col in enumerate(model.columns)}
    rows: dict[str, list[int]] = {}
    for r in range(model.rowCount()):
        rows.setdefault(model.text(r, 0), []).append(r)
    found = {}
    for fid, text in notes.items():
        _name, first, title, where = figure_parts(fid)
        matched = [(r, titles[title]) for r in rows.get(first, []) if title in titles]
        if not matched and where is not None:  # written in another language
            r, c = where
            if r < model.rowCount() and c < model.columnCount():
                matched = [(r, c)]
        for cell in matched:
            found[cell] = text
    model.set_notes(found)
    if hasattr(view, "fit_notes"):
        view.fit_notes()


def edit(view, index) -> None:
    """Write, change or remove (empty) the note on the figure under the cursor."""
    from minref.ui.pages.books import open_books

    page, store = page_of(view), open_books()
    if page is None or store is None or not index.isValid():
        return
    r, c = index.row(), index.column()
    model = view.model()
    old = model.notes.get((r, c), "")
    title = f"{model.text(r, 0)} · {model.columns[c].title}"
    text, ok = QInputDialog.getMultiLineText(
        view,
        _("Note on {figure}").format(figure=title),
        QCoreApplication.translate("Books", "Your note (empty removes it):"),
        old,
    )
    if not ok:
        return
    store.set_note(page_key(page), text, figure=figure_id(view, r, c))
    notes = dict(model.notes)
    if text.strip():
        notes[(r, c)] = text
    else:
        notes.pop((r, c), None)
    model.set_notes(notes)
    if hasattr(view, "fit_notes"):
        view.fit_notes()
