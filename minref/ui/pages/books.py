"""Briefing books and the Starred list: the official's own material, composed into a brief.

The Books page has the books on the left, the selected book's sections in the middle
(drag, or Ctrl+Up/Ctrl+Down, to reorder) and the notes of the book or the selected section
on the right, with a live page count. Everything is saved as it is typed.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from minref.i18n import LANGUAGE_NAMES, _, ngettext
from minref.ui.book_actions import data_unavailable_text
from minref.ui.widgets import Page

logger = logging.getLogger(__name__)

BOOK_ROW = -1  # the first entry of the section list stands for the book itself


_OPEN: dict = {}


def open_books():
    """The user's books, bookmarks and notes, or None (reason logged) if the file is unusable;
    opened once per data file for the window's lifetime."""
    from minref.userdata.books import BookStore
    from minref.userdata.store import UserData, UserDataError, default_path

    path = default_path()
    if path in _OPEN and path.exists():
        return _OPEN[path]
    try:
        store = BookStore(UserData(path))
    except UserDataError as exc:
        logger.warning("user data not available: %s", exc)
        return None
    _OPEN[path] = store
    return store


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class _PageCount(QObject):
    done = Signal(int, int)  # generation, pages (0: failed)


class _CountJob(QRunnable):
    """Builds the book's PDF into a temporary file off the GUI thread, for the page count."""

    def __init__(self, catalog, book, generation: int, signals: _PageCount):
        super().__init__()
        self.catalog, self.book, self.generation, self.signals = catalog, book, generation, signals

    def run(self) -> None:
        from minref.analysis.trade import TradeData
        from minref.briefing.book import book_pdf
        from minref.briefing.document import BriefOptions

        opts = BriefOptions()
        try:
            with tempfile.TemporaryDirectory(prefix="minref-count-") as tmp:
                data = TradeData(self.catalog, None)
                book_pdf(self.catalog, data, self.book, Path(tmp) / "count.pdf", opts)
        except Exception:  # a count is a hint: it never breaks the page
            logger.exception("page count failed")
        self.signals.done.emit(self.generation, int(opts.extra.get("pages", 0)))


class BooksPage(Page):
    kind = "books"

    def title(self) -> str:
        return self.tr("Briefing books")

    def show_key(self, arg: str) -> None:
        self.key = arg
        if getattr(self, "store", "unset") == "unset":
            self._build()
        self.reload(select=int(arg) if arg.isdigit() else None)

    # ------------------------------------------------------------ layout
    def _build(self) -> None:
        self.store = open_books()
        self.add_title(
            self.tr("Briefing books"),
            self.tr(
                "Your purpose, key messages and talking points around minref's sections, "
                "printed as one briefing. What you type prints exactly as typed; lines that "
                "start with - or 1. print as lists."
            ),
        )
        if self.store is None:
            self.add_text(data_unavailable_text())
            return
        row = QHBoxLayout()
        # Books
        left = QVBoxLayout()
        self.book_list = QListWidget()
        self.book_list.setAccessibleName(self.tr("Your briefing books"))
        self.book_list.currentRowChanged.connect(self._book_changed)
        left.addWidget(QLabel(self.tr("Books")))
        left.addWidget(self.book_list, 1)
        for label, slot, name in (
            (self.tr("New…"), self.new_book, "newBook"),
            (self.tr("Rename…"), self.rename_book, "renameBook"),
            (self.tr("Duplicate"), self.duplicate_book, "duplicateBook"),
            (self.tr("Delete"), self.delete_book, "deleteBook"),
            (self.tr("Import…"), self.import_book, "importBook"),
        ):
            b = QPushButton(label)
            b.setObjectName(name)
            b.clicked.connect(slot)
            left.addWidget(b)
        self.undo_button = QPushButton(self.tr("Undo delete"))
        self.undo_button.setObjectName("undoDelete")
        self.undo_button.setVisible(False)
        self.undo_button.clicked.connect(self.undo_delete)
        left.addWidget(self.undo_button)
        # Sections
        middle = QVBoxLayout()
        self.section_list = QListWidget()
        self.section_list.setAccessibleName(self.tr("Sections of the book"))
        self.section_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.section_list.model().rowsMoved.connect(self._rows_dragged)
        self.section_list.currentRowChanged.connect(self._section_changed)
        self.section_list.installEventFilter(self)  # Ctrl+Up/Down move the section
        middle.addWidget(_wrapped(self.tr("Sections (drag or Ctrl+Up/Down to reorder)")))
        middle.addWidget(self.section_list, 1)
        add_row = QHBoxLayout()
        self.add_kind = QComboBox()
        self.add_kind.setAccessibleName(self.tr("Kind of section to add"))
        for kind, label in (
            ("text", self.tr("Free text")),
            ("country", self.tr("Mexico–United States")),
            ("rare-earths", self.tr("Rare earths")),
        ):
            self.add_kind.addItem(label, kind)
        from minref.analysis.claims import CLAIMS

        for claim in CLAIMS.values():
            self.add_kind.addItem(
                _("Claim: {statement}").format(statement=claim.statement), f"claim:{claim.id}"
            )
        add = QPushButton(self.tr("Add"))
        add.setObjectName("addSection")
        add.clicked.connect(self.add_chosen_section)
        remove = QPushButton(self.tr("Remove"))
        remove.setObjectName("removeSection")
        remove.clicked.connect(self.remove_section)
        add_row.addWidget(self.add_kind, 1)
        add_row.addWidget(add)
        add_row.addWidget(remove)
        middle.addLayout(add_row)
        middle.addWidget(
            _wrapped(
                self.tr(
                    "Commodities, Mexico and desk queries: Book → Add this page to a book "
                    "(Ctrl+B) on their pages."
                )
            )
        )
        # Editor
        right = QVBoxLayout()
        self.editing = QLabel()
        self.editing.setObjectName("sectionTitle")
        # Wrapped, never cut: the French "Aucun dossier pour l'instant : Nouveau… en crée
        # un." is wider than the editor at 1366x768 and read "… Nouveau… en crée u".
        self.editing.setWordWrap(True)
        right.addWidget(self.editing)
        form = QFormLayout()
        self.f_title = QLineEdit()
        self.f_marking = QLineEdit()
        self.f_audience = QLineEdit()
        self.f_paper = QComboBox()
        self.f_paper.addItem(_("Letter"), "letter")
        self.f_paper.addItem(_("A4"), "a4")
        self.f_lang = QComboBox()
        for code, name in LANGUAGE_NAMES.items():  # each language in its own name
            self.f_lang.addItem(name, code)
        self.f_purpose = QLineEdit()
        self.f_messages = QPlainTextEdit()
        self.f_points = QPlainTextEdit()
        self.f_body = QPlainTextEdit()
        for w, name, label in (
            (self.f_title, self.tr("Title"), _("Title:")),
            (self.f_marking, self.tr("Marking"), _("Marking:")),
            (self.f_audience, self.tr("Audience"), _("Audience:")),
            (self.f_paper, self.tr("Paper"), _("Paper:")),
            (self.f_lang, self.tr("Language"), _("Language:")),
            (self.f_purpose, self.tr("Purpose"), _("Purpose:")),
            (self.f_messages, self.tr("Key messages"), _("Key messages:")),
            (self.f_points, self.tr("Talking points"), _("Talking points:")),
            (self.f_body, self.tr("Text"), _("Text:")),
        ):
            w.setAccessibleName(name)
            form.addRow(label, w)
            if isinstance(w, QPlainTextEdit):
                w.setTabChangesFocus(True)  # Tab leaves the box, as in every other field
                w.setMinimumHeight(60)
                w.setMaximumHeight(110)  # the export buttons stay on a 768-pixel screen
                w.textChanged.connect(self._edited)
            elif isinstance(w, QComboBox):
                w.currentIndexChanged.connect(self._edited)
            else:
                w.textEdited.connect(self._edited)
        self.form = form
        right.addLayout(form)
        foot = QHBoxLayout()
        self.page_count = QLabel()
        self.page_count.setObjectName("muted")
        self.export_pdf = QPushButton(self.tr("Export PDF…"))
        self.export_pdf.setObjectName("exportBookPdf")
        self.export_pdf.clicked.connect(self.export_book_pdf)
        self.export_file = QPushButton(self.tr("Export file…"))
        self.export_file.setObjectName("exportBookFile")
        self.export_file.clicked.connect(self.export_book_file)
        foot.addWidget(self.page_count, 1)
        foot.addWidget(self.export_file)
        foot.addWidget(self.export_pdf)
        right.addLayout(foot)
        for lay, stretch, least in ((left, 3, 170), (middle, 4, 220), (right, 6, 320)):
            box = QWidget()
            box.setLayout(lay)
            box.setMinimumWidth(least)
            row.addWidget(box, stretch)
        self.layout_.addLayout(row, 1)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(400)
        self._save_timer.timeout.connect(self.save_editor)
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(1200)
        self._count_timer.timeout.connect(self._count_pages)
        self._count_signals = _PageCount()
        self._count_signals.done.connect(self._counted)
        self._generation = 0
        self._loading = False
        self._editor_row = None
        self._deleted: list[int] = []
        self.book = None

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        from PySide6.QtCore import QEvent

        if (
            obj is getattr(self, "section_list", None)
            and event.type() == QEvent.Type.KeyPress
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            self.move_selected(-1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        return super().eventFilter(obj, event)

    # ------------------------------------------------------------ data
    def reload(self, select: int | None = None) -> None:
        if self.store is None:
            return
        books = self.store.books()
        current = select or (self.book.book_id if self.book else None)
        self._loading = True
        self.book_list.clear()
        for b in books:
            item = QListWidgetItem(f"{b.title}  ({len(b.sections)})")
            item.setData(Qt.ItemDataRole.UserRole, b.book_id)
            self.book_list.addItem(item)
        self._loading = False
        ids = [b.book_id for b in books]
        if ids:
            self.book_list.setCurrentRow(ids.index(current) if current in ids else 0)
        else:
            self.book = None
            self._show_book()

    def _book_changed(self, row: int) -> None:
        if self._loading or row < 0:
            return
        self.save_editor()
        book_id = self.book_list.item(row).data(Qt.ItemDataRole.UserRole)
        self.book = self.store.get(book_id)
        self._show_book()

    def _show_book(self) -> None:
        self._editor_row = None  # nothing in the editor until a row is loaded into it
        self._loading = True
        self.section_list.clear()
        if self.book is not None:
            head = QListWidgetItem(self.tr("Book: title, marking and your note"))
            head.setFlags(head.flags() & ~Qt.ItemFlag.ItemIsDragEnabled)
            self.section_list.addItem(head)
        self._list_sections()
        self._loading = False
        for w in (self.export_pdf, self.export_file):
            w.setEnabled(self.book is not None)
        if self.book is not None:
            self.section_list.setCurrentRow(0)
            self._schedule_count()
        else:
            self.editing.setText(self.tr("No book yet: New… starts one."))
            self.page_count.setText("")

    def _section_label(self, s) -> str:
        from minref.analysis.trade import TradeData
        from minref.briefing.book import section_title

        return section_title(self.catalog, TradeData(self.catalog, None), s)

    def _section_changed(self, row: int) -> None:
        if self._loading or self.book is None or row < 0:
            return
        self.save_editor()
        self._loading = True
        is_book = row == 0
        target = self.book if is_book else self.book.sections[row - 1]
        self.editing.setText(
            self.tr("The book") if is_book else _("Section {number}").format(number=row)
        )
        for w in (self.f_marking, self.f_audience, self.f_paper, self.f_lang):
            w.setEnabled(is_book)
        # The text box belongs to free-text sections only: elsewhere it is hidden, not greyed.
        is_text = not is_book and target.kind == "text"
        self.f_body.setVisible(is_text)
        self.form.labelForField(self.f_body).setVisible(is_text)
        self.f_title.setText(target.title)
        self.f_purpose.setText(target.purpose)
        self.f_messages.setPlainText(target.key_messages)
        self.f_points.setPlainText(target.talking_points)
        self.f_marking.setText(self.book.marking)
        self.f_audience.setText(self.book.audience)
        self.f_paper.setCurrentIndex(max(0, self.f_paper.findData(self.book.paper)))
        self.f_lang.setCurrentIndex(max(0, self.f_lang.findData(self.book.lang)))
        self.f_body.setPlainText("" if is_book else target.body)
        self._editor_row = row
        self._loading = False

    def _edited(self, *_args) -> None:
        if not self._loading and self.book is not None:
            self._save_timer.start()

    def save_editor(self) -> None:
        """Write what the editor shows into the book and the user file."""
        if self.book is None or self._loading or self.store is None:
            return
        self._save_timer.stop()
        row = self._editor_row  # the row whose fields the editor holds, never another one
        if row is None or row > len(self.book.sections):
            return
        from minref.userdata.books import BookError

        # Into the book as the user file has it now, not as this page last read it: a
        # section added meanwhile (Ctrl+B on another page, `minref book add`) stays.
        try:
            fresh = self.store.get(self.book.book_id)
        except BookError:  # deleted meanwhile (`minref book delete`)
            return
        if row == 0:
            target = fresh
        else:
            editing = self.book.sections[row - 1].section_id
            target = next((s for s in fresh.sections if s.section_id == editing), None)
            if target is None:  # removed meanwhile: nothing to write it into
                return
        self.book = fresh
        if row or self.f_title.text().strip():  # a book keeps a title
            target.title = self.f_title.text()
        target.purpose = self.f_purpose.text()
        target.key_messages = self.f_messages.toPlainText()
        target.talking_points = self.f_points.toPlainText()
        if row == 0:
            self.book.marking = self.f_marking.text()
            self.book.audience = self.f_audience.text()
            self.book.paper = self.f_paper.currentData()
            self.book.lang = self.f_lang.currentData()
        elif target.kind == "text":
            target.body = self.f_body.toPlainText()
        try:
            self.book = self.store.save(self.book)
        except BookError as exc:
            QMessageBox.warning(self, self.tr("Not saved"), str(exc))
            return
        item = self.book_list.currentItem()
        if item is not None:
            item.setText(f"{self.book.title}  ({len(self.book.sections)})")
        row = self._relist(row, target)
        if row:
            self.section_list.item(row).setText(self._section_label(target))
        self._schedule_count()

    def _relist(self, row: int, target) -> int:
        """Show the book's sections again where the list no longer matches them (added or
        removed elsewhere), the one being edited still selected; returns its row."""
        if [s.section_id for s in self.book.sections] == self._listed_ids:
            return row
        row = 0 if target is self.book else self.book.sections.index(target) + 1
        self._loading = True
        try:
            self._list_sections()
            self.section_list.setCurrentRow(row)
        finally:
            self._loading = False
        self._editor_row = row
        return row

    def _list_sections(self) -> None:
        """The book's sections under its own entry, in the list (the entry stays)."""
        while self.section_list.count() > 1:
            self.section_list.takeItem(1)
        sections = self.book.sections if self.book is not None else []
        for s in sections:
            self.section_list.addItem(self._section_label(s))
        self._listed_ids = [s.section_id for s in sections]

    # ------------------------------------------------------------ page count
    def _schedule_count(self) -> None:
        self.page_count.setText(self.tr("Counting pages…"))
        self._count_timer.start()

    def _count_pages(self) -> None:
        if self.book is None:
            return
        self._generation += 1
        QThreadPool.globalInstance().start(
            _CountJob(self.catalog, self.book, self._generation, self._count_signals)
        )

    def _counted(self, generation: int, pages: int) -> None:
        if generation != self._generation:
            return  # the book changed meanwhile; a newer count is on its way
        self.page_count.setText(
            ngettext("{n} page", "{n} pages", pages).format(n=pages)
            if pages
            else self.tr("Page count not available")
        )

    # ------------------------------------------------------------ actions
    def new_book(self) -> None:
        title, ok = QInputDialog.getText(self, self.tr("New briefing book"), self.tr("Title:"))
        if ok and title.strip():
            book = self.store.new(title.strip())
            self.reload(select=book.book_id)

    def rename_book(self) -> None:
        if self.book is None:
            return
        title, ok = QInputDialog.getText(
            self, self.tr("Rename"), self.tr("Title:"), text=self.book.title
        )
        if ok and title.strip():
            self.book = self.store.rename(self.book.book_id, title.strip())
            self.reload(select=self.book.book_id)

    def duplicate_book(self) -> None:
        if self.book is not None:
            copy = self.store.duplicate(self.book.book_id)
            self.reload(select=copy.book_id)

    def delete_book(self) -> None:
        if self.book is None:
            return
        self.store.delete(self.book.book_id)
        self._deleted.append(self.book.book_id)
        self.undo_button.setText(_("Undo delete of “{title}”").format(title=self.book.title))
        self.undo_button.setVisible(True)
        self.book = None
        self.reload()

    def undo_delete(self) -> None:
        if self._deleted:
            book = self.store.undelete(self._deleted.pop())
            self.undo_button.setVisible(bool(self._deleted))
            self.reload(select=book.book_id)

    def add_chosen_section(self) -> None:
        from minref.userdata.books import Section

        if self.book is None:
            return
        kind = self.add_kind.currentData()
        target = ""
        if kind.startswith("claim:"):
            kind, target = "claim", kind.split(":", 1)[1]
        elif kind == "country":
            target = "MEX"
        self.add_section(Section(kind=kind, target=target))

    def add_section(self, section) -> None:
        if self.book is None:
            return
        self.save_editor()
        self.book = self.store.add_section(self.book.book_id, section)
        self._show_book()
        self.section_list.setCurrentRow(len(self.book.sections))
        self.reload(select=self.book.book_id)

    def remove_section(self) -> None:
        row = self.section_list.currentRow()
        if self.book is None or row <= 0:
            return
        self.book = self.store.remove_section(self.book.book_id, row - 1)
        self._show_book()

    def move_selected(self, step: int) -> None:
        row = self.section_list.currentRow()
        if self.book is None or row <= 0:
            return
        to = row - 1 + step
        if not 0 <= to < len(self.book.sections):
            return
        self.save_editor()
        self.book = self.store.move_section(self.book.book_id, row - 1, to)
        self._show_book()
        self.section_list.setCurrentRow(to + 1)

    def _rows_dragged(self, _parent, start, _end, _dest, dest_row) -> None:
        """A section dragged in the list: the book takes the list's new order."""
        if self._loading or self.book is None:
            return
        if start == 0 or dest_row == 0:  # the book's own entry stays first
            self._show_book()
            return
        to = (dest_row - 1 if dest_row > start else dest_row) - 1
        to = max(0, min(to, len(self.book.sections) - 1))
        self.book = self.store.move_section(self.book.book_id, start - 1, to)
        self._show_book()
        self.section_list.setCurrentRow(to + 1)

    def import_book(self) -> None:
        from minref.userdata.books import BookError, from_exchange

        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import a briefing book"), "", self.tr("minref book (*.json)")
        )
        if not path:
            return
        try:
            book = self.store.save(from_exchange(Path(path).read_bytes()))
        except (BookError, OSError) as exc:
            QMessageBox.warning(
                self,
                self.tr("Not imported"),
                _("{error}. Nothing was changed.").format(error=exc),
            )
            return
        self.reload(select=book.book_id)

    def export_book_file(self) -> None:
        from minref.files import atomic_write_text
        from minref.userdata.books import to_exchange

        if self.book is None:
            return
        self.save_editor()
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the book for a colleague"), f"{self.book.title}.json",
            self.tr("minref book (*.json)"),
        )  # fmt: skip
        if path:
            try:
                atomic_write_text(path, to_exchange(self.book))
            except OSError as exc:
                QMessageBox.warning(self, self.tr("Not saved"), str(exc))

    def export_book_pdf(self, path: str | None = None):
        """Write the book as a PDF with progress and cancel; the path written, or None."""
        from PySide6.QtWidgets import QApplication, QProgressDialog

        from minref.analysis.trade import TradeData
        from minref.briefing.book import book_pdf
        from minref.briefing.document import BriefCancelled, BriefOptions, BriefWriteError

        if self.book is None:
            return None
        self.save_editor()
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Export the book as PDF"), f"{self.book.title}.pdf", "PDF (*.pdf)"
            )
            if not path:
                return None
        progress = QProgressDialog(self.tr("Writing the book…"), self.tr("Cancel"), 0, 100, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def on_progress(done, total, what):
            progress.setMaximum(max(total, 1))
            progress.setValue(done)
            progress.setLabelText(_("Writing {section}…").format(section=what))
            QApplication.processEvents()

        opts = BriefOptions(progress=on_progress, cancelled=progress.wasCanceled)
        try:
            return book_pdf(
                self.catalog, TradeData(self.catalog, self.store.user), self.book, path, opts
            )
        except BriefCancelled:
            return None
        except (BriefWriteError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Book not saved"), str(exc))
            return None
        finally:
            progress.close()


class StarredPage(Page):
    """The pages the official starred, and every note, each a link to its page."""

    kind = "starred"

    def title(self) -> str:
        return self.tr("Starred")

    def show_key(self, arg: str) -> None:
        self.key = "starred"
        self.clear()
        store = open_books()
        self.add_title(
            self.tr("Starred and notes"),
            self.tr("Star a page with Ctrl+D; write a note on it with Ctrl+Shift+N."),
        )
        if store is None:
            self.add_text(data_unavailable_text())
            return
        self.add_section(self.tr("Starred"))
        marks = store.bookmarks()
        self.starred = QListWidget()
        self.starred.setAccessibleName(self.tr("Starred pages"))
        for key, title in marks:
            name = self._target_name(key)  # in the language now shown, when known
            item = QListWidgetItem(name if name != key else title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.starred.addItem(item)
        self.starred.itemActivated.connect(
            lambda item: self.open_requested.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        if not marks:
            self.add_text(self.tr("Nothing starred yet."))
        else:
            self.layout_.addWidget(self.starred)
        self.add_section(self.tr("Notes"))
        notes = store.notes()
        self.note_list = QListWidget()
        self.note_list.setAccessibleName(self.tr("Your notes"))
        for n in notes:
            where = self._target_name(n["target"])
            if n["figure"]:  # the row's first cell and the column's title
                from minref.ui.figure_notes import figure_parts

                _table, first, column, _at = figure_parts(n["figure"])
                where = " · ".join(x for x in (where, first, column) if x)
            item = QListWidgetItem(_("{page}: {note}").format(page=where, note=n["text"][:120]))
            item.setToolTip(n["text"])
            item.setData(Qt.ItemDataRole.UserRole, n["target"])
            self.note_list.addItem(item)
        self.note_list.itemActivated.connect(
            lambda item: self.open_requested.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        if not notes:
            self.add_text(self.tr("No notes yet."))
        else:
            self.layout_.addWidget(self.note_list)
        self.layout_.addStretch(1)

    def _target_name(self, key: str) -> str:
        """A page key ("commodity:silver") as the reader names the page ("Plata")."""
        kind, _sep, arg = key.partition(":")
        try:
            if kind == "commodity" and arg:
                return self.catalog.commodity_name(arg)
            if kind == "country" and arg:
                return self.catalog.country_name(arg) or arg
            if kind == "element" and arg:
                from minref.ui.pages.element import element_name

                return element_name(self.catalog.rare_earth_element(arg))
        except Exception:  # a page no longer in the catalog: its key says what it was
            logger.debug("no name for %s", key, exc_info=True)
        return key
