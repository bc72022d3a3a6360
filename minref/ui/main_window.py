"""The main window: navigation, one search box, pages with back/forward history."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QCoreApplication, QEvent, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from minref.catalog.queries import Catalog
from minref.catalog.search import KIND_LABELS, SearchHit
from minref.ui.pages import PAGES, navigation
from minref.ui.widgets import FocusRing

logger = logging.getLogger(__name__)

# The navigation's least width, and what an entry adds to its text: the theme's padding
# (12 px a side), the item's text margins (3 px a side) and the border.
NAV_WIDTH = 200
NAV_TEXT_MARGINS = 32


class History:
    """Back/forward over page keys, like a browser."""

    def __init__(self):
        self.items: list[str] = []
        self.scrolls: list[int] = []  # where the user was on each entry (scroll bar value)
        self.pos = -1

    def visit(self, key: str) -> None:
        if self.pos >= 0 and self.items[self.pos] == key:
            return
        del self.items[self.pos + 1 :]
        del self.scrolls[self.pos + 1 :]
        self.items.append(key)
        self.scrolls.append(0)
        self.pos = len(self.items) - 1

    def remember_scroll(self, value: int) -> None:
        """Store the scroll position of the entry shown now (before leaving it)."""
        if 0 <= self.pos < len(self.scrolls):
            self.scrolls[self.pos] = value

    def scroll(self) -> int:
        return self.scrolls[self.pos] if 0 <= self.pos < len(self.scrolls) else 0

    def can_back(self) -> bool:
        return self.pos > 0

    def can_forward(self) -> bool:
        return self.pos < len(self.items) - 1

    def back(self) -> str | None:
        if not self.can_back():
            return None
        self.pos -= 1
        return self.items[self.pos]

    def forward(self) -> str | None:
        if not self.can_forward():
            return None
        self.pos += 1
        return self.items[self.pos]


class SearchBox(QLineEdit):
    """Searches as you type; arrow keys move in the results, Enter opens, Esc closes."""

    open_requested = Signal(str)

    def __init__(self, catalog: Catalog, parent=None):
        super().__init__(parent)
        self.catalog = catalog
        self.setObjectName("search")
        self.setAccessibleName(self.tr("Search"))
        self.setPlaceholderText(
            self.tr(
                "Search commodities, elements, countries, HS codes "
                "(Ctrl+K) — English, español, français"
            )
        )
        self.setClearButtonEnabled(True)
        self.hits: list[SearchHit] = []
        self.suggestions: list[str] = []  # the closest names when nothing was found
        self.popup = QListView()
        self.popup.setObjectName("searchResults")
        self.popup.setWindowFlags(Qt.WindowType.ToolTip)
        self.popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.popup.setAccessibleName(self.tr("Search results"))
        # A line longer than the pop-up (the "no results" advice in French, a long HS
        # heading) wraps: a horizontal scroll bar would cover a lone line.
        self.popup.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.popup.setWordWrap(True)
        self.results = QStringListModel(self)
        self.popup.setModel(self.results)
        self.popup.clicked.connect(lambda i: self._open(i.row()))
        self.textEdited.connect(self.run_search)
        self.returnPressed.connect(lambda: self._open(self.popup.currentIndex().row()))

    def run_search(self, text: str) -> None:
        t0 = time.perf_counter()
        self.hits = self.catalog.search(text, 12) if text.strip() else []
        self.hits += self.note_hits(text, 12 - min(len(self.hits), 9))
        labels = {**KIND_LABELS, "note": self.tr("Your note")}
        self.results.setStringList(
            [f"{h.title}    ·  {labels.get(h.kind, h.kind)}" for h in self.hits]
        )
        self.suggestions = []
        if self.hits:
            self.popup.setCurrentIndex(self.results.index(0))
            self._place_popup()
            self.popup.show()
        elif text.strip():
            # Nothing found: one plain line saying so, then the closest names, each of
            # which searches again when chosen (Enter or a click).
            from minref.analysis.text import no_results_line

            self.suggestions = self.catalog.search_suggestions(text)
            self.results.setStringList(
                [no_results_line(text.strip(), self.suggestions)]
                + [f"    → {name}" for name in self.suggestions]
            )
            self.popup.setCurrentIndex(self.results.index(1 if self.suggestions else 0))
            self._place_popup()
            self.popup.show()
        else:
            self.popup.hide()
        logger.debug(
            "search %r: %d hits in %.1f ms", text, len(self.hits), (time.perf_counter() - t0) * 1000
        )

    def note_hits(self, text: str, limit: int) -> list[SearchHit]:
        """The user's own notes that hold the words typed, found with the catalog's hits."""
        if len(text.strip()) < 2 or limit <= 0:
            return []
        if not hasattr(self, "_notes"):
            from minref.ui.pages.books import open_books

            self._notes = open_books()  # opened once, on the first search
        if self._notes is None:
            return []
        try:
            found = self._notes.search_notes(text, limit)
        except Exception:  # the user's file is a convenience here: never break the search
            logger.exception("note search failed")
            return []
        return [
            SearchHit("note", n["target"], " ".join(n["text"].split())[:70], n["target"])
            for n in found
        ]

    def _place_popup(self) -> None:
        below = self.mapToGlobal(self.rect().bottomLeft())
        rows = min(max(len(self.hits), self.results.rowCount()), 12)
        popup = self.popup
        width = max(self.width(), 420)
        popup.resize(width, popup.height())  # the width first: wrapped rows grow taller
        popup.doItemsLayout()
        height = sum(popup.visualRect(self.results.index(r)).height() for r in range(rows))
        popup.setGeometry(below.x(), below.y() + 2, width, height + 2 * popup.frameWidth() + 4)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        if self.popup.isVisible() and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            row = self.popup.currentIndex().row()
            last = self.results.rowCount() - 1
            row = min(row + 1, last) if key == Qt.Key.Key_Down else max(row - 1, 0)
            self.popup.setCurrentIndex(self.results.index(row))
            return
        if key == Qt.Key.Key_Escape:
            self.popup.hide()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        QTimer.singleShot(150, self.popup.hide)
        super().focusOutEvent(event)

    def _open(self, row: int) -> None:
        if not self.hits:
            if getattr(self, "suggestions", None) and 1 <= row <= len(self.suggestions):
                name = self.suggestions[row - 1]
                self.setText(name)
                self.run_search(name)
            return
        hit = self.hits[row if 0 <= row < len(self.hits) else 0]
        self.popup.hide()
        self.clear()
        self.hits = []
        self.open_requested.emit(hit_key(hit))


def hit_key(hit: SearchHit) -> str:
    """The page key a search hit opens (an HS code opens the commodity that maps to it)."""
    if hit.kind == "hs":
        return f"hs:{hit.key}"
    if hit.kind == "note":
        return hit.key  # the page the note is on
    return f"{hit.kind}:{hit.key}"


def keys_text(*sequences: str) -> str:
    """Key sequences as the keyboard names them in the reader's language (Qt's own
    translations: "Ctrl+Maj+L", "Alt+Izquierda"), comma-separated."""
    native = QKeySequence.SequenceFormat.NativeText
    return ", ".join(QKeySequence(s).toString(native) for s in sequences)


def book_shortcuts() -> list[tuple[str, str]]:
    from minref.ui.book_actions import shortcut_rows

    return [(keys_text(keys), what) for keys, what in shortcut_rows()]


def shortcuts() -> list[tuple[str, str]]:
    """(keys, what they do) for the Help → Keyboard page; the keys are bound below."""
    tr = QCoreApplication.translate
    c = "Shortcuts"
    k = keys_text
    return [
        (k("Ctrl+K", "Ctrl+F"), tr(c, "Go to the search box")),
        # TRANSLATORS: key names as printed on the keyboard
        (tr(c, "↑ ↓, Enter"), tr(c, "Move in the search results and open one")),
        # TRANSLATORS: the Escape key as printed on the keyboard
        (tr(c, "Esc"), tr(c, "Close the search results")),
        (k("Alt+Left", "Alt+Right"), tr(c, "Back and forward in the pages visited")),
        (k("Ctrl+E"), tr(c, "Go to the edition selector of a commodity page")),
        (tr(c, "↑ ↓ (edition selector)"), tr(c, "Show the previous or next MCS edition")),
        (
            k("Tab", "Shift+Tab"),
            tr(c, "Move to the next or previous control; a table is one stop"),
        ),
        (tr(c, "Arrow keys (table)"), tr(c, "Move between the rows and cells of a table")),
        (tr(c, "Enter (list)"), tr(c, "Open the commodity or country of the selected row")),
        # TRANSLATORS: key names as printed on the keyboard
        (tr(c, "Enter, Space (button)"), tr(c, "Press the button that has the focus")),
        (
            tr(c, "{keys} (table)").format(keys=k("Ctrl+C")),
            tr(c, "Copy the selected rows as tab-separated text"),
        ),
        (
            tr(c, "{keys} (table)").format(keys=k("Ctrl+S")),
            tr(c, "Export the whole table to a CSV file"),
        ),
        (
            tr(c, "Menu key, {keys} (table)").format(keys=k("Shift+F10")),
            tr(c, "Copy and export menu of the table"),
        ),
        (
            tr(c, "Ctrl+wheel (chart)"),
            tr(c, "Zoom a chart; the wheel alone scrolls the page"),
        ),
        (k("Ctrl+Shift+L"), tr(c, "Switch between the light and the dark theme")),
        *book_shortcuts(),
        (k("F1"), tr(c, "Show this list of keyboard shortcuts")),
        (k("Ctrl+Q"), tr(c, "Quit minref")),
    ]


class KeyboardDialog(QDialog):
    """Help → Keyboard shortcuts: every key the window and its pages answer to."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("keyboardHelp")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("Everything in minref can be done with the keyboard alone."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        rows = shortcuts()
        self.table = QTableWidget(len(rows), 2)
        self.table.setObjectName("shortcutTable")
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("What they do")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        for r, (keys, what) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(keys))
            self.table.setItem(r, 1, QTableWidgetItem(what))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table)
        close = QPushButton(self.tr("Close"))
        close.setAccessibleName(self.tr("Close"))
        close.setDefault(True)
        close.clicked.connect(self.accept)
        lay.addWidget(close)
        # Wide enough for the longest line in the reader's language (French and Spanish
        # run longer than English), within the screen.
        table = self.table
        needed = sum(table.columnWidth(c) for c in range(table.columnCount()))
        needed += 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
        margins = lay.contentsMargins()
        width = max(680, needed + margins.left() + margins.right() + 4)
        screen = (parent.screen() if parent is not None else None) or QApplication.primaryScreen()
        if screen is not None:
            width = min(width, int(screen.availableGeometry().width() * 0.95))
        self.resize(width, 700)


class StatusText(QLabel):
    """The status bar's catalog line: shortened in the middle with an ellipsis when the
    window is too narrow for it (a long data-pack name in French, say), never cut off;
    the whole line is then its tooltip.  ``text()`` is always the whole line."""

    def minimumSizeHint(self):  # noqa: N802 (Qt override)
        hint = super().minimumSizeHint()
        hint.setWidth(min(hint.width(), 120))
        return hint

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        rect = self.contentsRect()
        middle = Qt.TextElideMode.ElideMiddle
        shown = self.fontMetrics().elidedText(self.text(), middle, rect.width())
        if shown == self.text():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), shown)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        width = self.contentsRect().width()
        cut = self.fontMetrics().horizontalAdvance(self.text()) > width
        self.setToolTip(self.text() if cut else "")


class MainWindow(QMainWindow):
    """Navigation on the left, pages on the right, search and history above."""

    page_shown = Signal(str)

    def __init__(self, catalog: Catalog, settings=None, parent=None):
        super().__init__(parent)
        self.catalog = catalog
        self.settings = settings
        self.history = History()
        self.pages: dict[str, object] = {}
        self.setWindowTitle("minref")
        self.setMinimumSize(1000, 600)

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        bar = QHBoxLayout()
        bar.setContentsMargins(10, 8, 10, 8)
        self.back_button = self._tool(
            "◀", self.tr("Back ({keys})").format(keys=keys_text("Alt+Left")), self.go_back
        )
        self.forward_button = self._tool(
            "▶", self.tr("Forward ({keys})").format(keys=keys_text("Alt+Right")), self.go_forward
        )
        self.search = SearchBox(catalog)
        self.search.open_requested.connect(self.open)
        self.theme_button = self._tool("◐", self.tr("Switch light/dark theme"), self.toggle_theme)
        bar.addWidget(self.back_button)
        bar.addWidget(self.forward_button)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.theme_button)
        outer.addLayout(bar)

        body = QHBoxLayout()
        body.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName(self.tr("Navigation"))
        self.nav_pages = navigation()
        for entry in self.nav_pages:
            self.nav.addItem(self.tr(entry.nav_label))
        self.nav.setFixedWidth(self._nav_width())
        self.nav.currentRowChanged.connect(self._nav_changed)
        # A click (or Enter) on the entry already selected: its section shows a product's
        # page (the entry's own child) and the reader wants the entry's own page back.
        self.nav.itemClicked.connect(self._nav_chosen)
        self.nav.itemActivated.connect(self._nav_chosen)
        self.stack = QStackedWidget()
        # An empty first entry: a page is then added hidden and built before it is shown,
        # so its widgets appear together (the first page too, built in a shown window).
        self.stack.addWidget(QWidget())
        self.stack.currentChanged.connect(lambda i: self._restyle_if_stale(self.stack.widget(i)))
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        editions = ", ".join(f"MCS {e}" for e in catalog.editions)
        status = self.tr("Catalog: {editions} (newest MCS {latest}) · read-only").format(
            editions=editions, latest=catalog.latest_edition
        )
        pack_text = ""
        if catalog.meta.get("data_pack"):  # the dialogs' module only for an installed pack
            from minref.ui.datapack_dialog import pack_status_text

            pack_text = pack_status_text(catalog)
        if pack_text:
            # TRANSLATORS: the status bar: the catalog line, then the data pack it came from
            status = self.tr("{catalog} · {data_pack}").format(catalog=status, data_pack=pack_text)
        self.edition_label = StatusText(status)
        self.edition_label.setAccessibleName(status)
        self.statusBar().addPermanentWidget(self.edition_label)
        if not catalog.use_fts:
            self.statusBar().showMessage(
                self.tr("This Python's SQLite lacks FTS5: search uses a slower plain scan.")
            )

        for seq in ("Ctrl+K", QKeySequence.StandardKey.Find):
            QShortcut(QKeySequence(seq), self, self.focus_search)
        # On X11 a line edit claims Ctrl+K (delete to the end of the line) and Ctrl+E (go to
        # the end) before any window shortcut: the window's own keys come first here.
        self._window_keys = {QKeySequence("Ctrl+K").toString(), QKeySequence("Ctrl+E").toString()}
        # The override is asked of the control with the focus only: watch that one control
        # (an application-wide filter would run Python for every event of the app).
        self._key_watched = None
        QApplication.instance().focusChanged.connect(self._watch_focus)
        # Alt+Left/Right everywhere, plus the platform's own back/forward keys where they
        # differ (registering the same sequence twice would make both ambiguous).
        for seqs, slot in (
            (["Alt+Left"] + QKeySequence.keyBindings(QKeySequence.StandardKey.Back), self.go_back),
            (
                ["Alt+Right"] + QKeySequence.keyBindings(QKeySequence.StandardKey.Forward),
                self.go_forward,
            ),
        ):
            done = set()
            for seq in seqs:
                seq = QKeySequence(seq)
                if seq.isEmpty() or seq.toString() in done:
                    continue
                done.add(seq.toString())
                QShortcut(seq, self, slot)
        quit_action = QAction(self.tr("Quit"), self)
        # Ctrl+Q (Help > Keyboard says so) whatever the platform's own Quit key is
        quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
        ctrl_q = QKeySequence("Ctrl+Q")
        quit_action.setShortcuts([ctrl_q] + [k for k in quit_keys if k != ctrl_q])
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)
        QShortcut(QKeySequence("Ctrl+E"), self, self.focus_edition)
        QShortcut(QKeySequence("Ctrl+Shift+L"), self, self.toggle_theme)
        self.file_menu = file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(
            self.tr("Install data update…"),
            lambda: self._datapack_dialog().install_data_update(self),
        )
        file_menu.addAction(
            self.tr("Roll back data update"),
            lambda: self._datapack_dialog().rollback_data_update(self),
        )
        file_menu.addSeparator()
        file_menu.addAction(quit_action)  # Ctrl+Q, shown beside its menu entry
        from minref.ui import book_actions

        book_actions.install(self)
        from minref.ui.translators import language_menu

        self.menuBar().addMenu(self._view_menu())
        self.menuBar().addMenu(language_menu(self, lazy=True))
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.keyboard_action = QAction(self.tr("&Keyboard shortcuts"), self)
        self.keyboard_action.setShortcut(QKeySequence("F1"))
        self.keyboard_action.triggered.connect(self.show_keyboard_help)
        help_menu.addAction(self.keyboard_action)
        self.addAction(self.keyboard_action)
        self.focus_ring = FocusRing(self)
        # Tab order: history, search, theme, navigation, then the page.
        QWidget.setTabOrder(self.back_button, self.forward_button)
        QWidget.setTabOrder(self.forward_button, self.search)
        QWidget.setTabOrder(self.search, self.theme_button)
        QWidget.setTabOrder(self.theme_button, self.nav)
        for b in (self.back_button, self.forward_button, self.theme_button):
            b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._update_history_buttons()

    def _tool(self, text: str, tip: str, slot) -> QToolButton:
        b = QToolButton()
        b.setText(text)
        b.setToolTip(tip)
        b.setAccessibleName(tip)
        b.clicked.connect(slot)
        b.setAutoRaise(True)
        return b

    # ----------------------------------------------------------- navigation
    @staticmethod
    def _datapack_dialog():
        """The data-pack dialogs' module, imported when File > Install data update or
        Roll back data update is first chosen (not at start-up)."""
        from minref.ui import datapack_dialog

        return datapack_dialog

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def focus_edition(self) -> None:
        """Ctrl+E: put the keyboard in the current page's edition selector, if it has one."""
        page = self.current_page()
        combo = page.findChild(QComboBox, "editionSelector") if page is not None else None
        if combo is None:
            self.statusBar().showMessage(self.tr("This page has no edition selector."), 4000)
            return
        page.ensureWidgetVisible(combo)
        combo.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_keyboard_help(self) -> KeyboardDialog:
        dialog = KeyboardDialog(self)
        self.keyboard_dialog = dialog
        dialog.open()
        return dialog

    def _nav_chosen(self, item) -> None:
        row = self.nav.row(item)
        if 0 <= row < len(self.nav_pages):
            entry = self.nav_pages[row]
            key = entry.nav_key or entry.kind
            if self.stack.currentWidget() is not self.pages.get(key.split(":")[0]):
                self.open(key)

    def _nav_changed(self, row: int) -> None:
        if 0 <= row < len(self.nav_pages) and not getattr(self, "_syncing_nav", False):
            entry = self.nav_pages[row]
            self.open(entry.nav_key or entry.kind)

    def _page(self, kind: str):
        if kind not in self.pages:
            t0 = time.perf_counter()
            cls = PAGES[kind].load()
            t1 = time.perf_counter()
            page = cls(self.catalog)
            logger.debug(
                "page %s: class loaded in %.1f ms, built in %.1f ms",
                kind,
                (t1 - t0) * 1000,
                (time.perf_counter() - t1) * 1000,
            )
            page.setObjectName(f"page-{kind}")
            page.open_requested.connect(self.open)
            self.stack.addWidget(page)
            self.pages[kind] = page
        return self.pages[kind]

    def resolve_key(self, key: str) -> str:
        """Normalise a page key; an HS code opens the commodity mapped to it, if any."""
        kind, _, arg = key.partition(":")
        if kind == "hs":
            code = arg
            cid = self.catalog.commodity_for_hs(code)
            if cid:
                return f"commodity:{cid}"
            return f"trade:?hs={code}"
        return key

    def _nav_width(self) -> int:
        """The navigation's width: NAV_WIDTH, or more when an entry needs it to be read
        whole ("Abasto de América del Norte", as the page's title says it, was cut to
        "Abasto de América del Nor")."""
        self.nav.ensurePolished()  # the theme's font size for the navigation
        metrics = self.nav.fontMetrics()
        widest = max(
            (metrics.horizontalAdvance(self.nav.item(i).text()) for i in range(self.nav.count())),
            default=0,
        )
        return max(NAV_WIDTH, widest + NAV_TEXT_MARGINS)

    def open(self, key: str, *, record: bool = True) -> None:
        """Show a page by key: commodity:ID, element:SYMBOL, country:ISO3, trade:ISO3, ..."""
        t0 = time.perf_counter()
        key = self.resolve_key(key)
        kind, _, arg = key.partition(":")
        try:
            page = self._page(kind)
        except KeyError:
            logger.warning("unknown page %r", key)
            return
        if record:
            self._remember_scroll()
        if kind == "trade" and arg.startswith("?hs="):
            page.show_key("")
            page.hs.setText(arg[4:])
            page.refresh()
        else:
            page.show_key(arg)
        self._restyle_if_stale(page)
        self.stack.setCurrentWidget(page)
        self._syncing_nav = True
        entry = PAGES[kind]
        nav_kind = entry.nav_parent or entry.kind
        rows = [i for i, e in enumerate(self.nav_pages) if e.kind == nav_kind]
        self.nav.setCurrentRow(rows[0] if rows else -1)
        self._syncing_nav = False
        if record:
            before = self.history.pos
            self.history.visit(f"{kind}:{page.key}" if entry.canonical else key)
            if self.history.pos != before:
                self._scroll_to(page, 0)  # a new page opens at its top
        self._update_history_buttons()
        self.setWindowTitle(f"{page.title()} — minref")
        page.setAccessibleName(page.title())  # the page is a Tab stop: arrows scroll it
        logger.debug("opened %s in %.1f ms", key, (time.perf_counter() - t0) * 1000)
        self.page_shown.emit(key)

    def current_page(self):
        return self.stack.currentWidget()

    def _remember_scroll(self) -> None:
        page = self.current_page()
        if page is not None and hasattr(page, "verticalScrollBar"):
            self.history.remember_scroll(page.verticalScrollBar().value())

    def _scroll_to(self, page, value: int) -> None:
        """Scroll a page to a position, once its deferred part is built and laid out.

        A rebuilt page has no height until its layout runs, so the position is set when
        the scroll bar's range first reaches it (or given up after a second)."""
        if not hasattr(page, "verticalScrollBar"):
            return
        bar = page.verticalScrollBar()
        old = getattr(self, "_pending_scroll", None)
        if old is not None:
            old[2]()
        if value:
            page.finish()
        bar.setValue(value)
        if not value:
            return

        def on_range(_lo, hi, bar=bar, value=value):
            # The range shrinks and grows while the rebuilt page is laid out: hold the
            # position through it (until the user scrolls, or for a second).
            if hi >= value:
                bar.setValue(value)

        def stop(*_):
            pending = getattr(self, "_pending_scroll", None)
            if pending is not None and pending[1] is on_range:
                try:
                    bar.rangeChanged.disconnect(on_range)
                    bar.actionTriggered.disconnect(stop)
                except (RuntimeError, TypeError):
                    pass
                self._pending_scroll = None

        bar.rangeChanged.connect(on_range)
        bar.actionTriggered.connect(stop)
        self._pending_scroll = (bar, on_range, stop)
        QTimer.singleShot(1000, stop)

    def go_back(self) -> None:
        self._go(self.history.back)

    def go_forward(self) -> None:
        self._go(self.history.forward)

    def _go(self, step) -> None:
        """Back or forward: the page comes back where the user left it."""
        self._remember_scroll()
        key = step()
        if key:
            self.open(key, record=False)
            self._scroll_to(self.current_page(), self.history.scroll())

    def _update_history_buttons(self) -> None:
        self.back_button.setEnabled(self.history.can_back())
        self.forward_button.setEnabled(self.history.can_forward())

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Enter (Return or the keypad's) presses the focused button, as Space does.

        Outside a dialog a push button or tool button ignores Enter (Qt gives it to
        dialogs' default buttons only); the key then comes up through its parents to
        here.  Line edits, combo boxes, tables and lists keep their own Enter: they have
        the focus then, not a button."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if enter and plain == Qt.KeyboardModifier.NoModifier and not event.isAutoRepeat():
            button = QApplication.focusWidget()
            if (
                isinstance(button, (QPushButton, QToolButton))
                and button.window() is self
                and button.isEnabled()
                and button.isVisible()
            ):
                button.animateClick()
                event.accept()
                return
        super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.BackButton:
            self.go_back()
        elif event.button() == Qt.MouseButton.ForwardButton:
            self.go_forward()
        else:
            super().mousePressEvent(event)

    def _watch_focus(self, _old, new) -> None:
        """Filter the keys of the control that has the focus now, if it is in this window."""
        old = self._key_watched
        self._key_watched = None
        if old is not None:
            try:
                old.removeEventFilter(self)
            except RuntimeError:  # deleted meanwhile
                pass
        try:
            mine = new is not None and new.window() is self
        except RuntimeError:
            return
        if mine:
            new.installEventFilter(self)
            self._key_watched = new

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        """Let the window's Ctrl+K and Ctrl+E through whatever control has the focus."""
        if event.type() == QEvent.Type.ShortcutOverride:
            keys = getattr(self, "_window_keys", None)
            if keys and QKeySequence(event.keyCombination()).toString() in keys:
                try:
                    mine = isinstance(obj, QWidget) and obj.window() is self
                except RuntimeError:
                    return False
                if mine:
                    event.ignore()  # not overridden: the window's shortcut runs
                    return True
        return False

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._restyle()
        return super().event(event)

    def _restyle(self) -> None:
        """After a theme switch: re-polish what is on screen now, each hidden page when it
        is next shown (see theme.apply)."""
        from minref.ui import theme

        t0 = time.perf_counter()
        current = self.stack.currentWidget()
        hidden = [p for p in self.pages.values() if p is not current]
        for page in hidden:
            page.setProperty("minrefStale", True)
        shown = [
            w
            for w in [self, *self.findChildren(QWidget)]
            if not any(p is w or p.isAncestorOf(w) for p in hidden)
        ]
        popup = getattr(self.search, "popup", None)
        if popup is not None:
            shown += [popup, *popup.findChildren(QWidget)]
        n = theme.repolish(shown)
        logger.debug(
            "theme: %d widgets re-polished in %.0f ms", n, (time.perf_counter() - t0) * 1000
        )

    def _restyle_if_stale(self, page) -> None:
        if page.property("minrefStale"):
            from minref.ui import theme

            page.setProperty("minrefStale", False)
            theme.repolish([page, *page.findChildren(QWidget)])

    # ----------------------------------------------------------- theme
    def _view_menu(self):
        """The "View" menu: the theme by name, for the keyboard and for anyone who does not
        guess what the "◐" button does (System, Light, Dark; Ctrl+Shift+L switches).  Its
        choices are made when it is first opened, like the Language menu's."""
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self.tr("&View"), self)

        def fill():
            from PySide6.QtGui import QActionGroup

            from minref.ui import theme

            menu.aboutToShow.disconnect(fill)
            group = QActionGroup(menu)
            for mode, label in (
                (theme.SYSTEM, self.tr("Theme: follow the system")),
                (theme.LIGHT, self.tr("Light theme")),
                (theme.DARK, self.tr("Dark theme")),
            ):
                action = QAction(label, menu, checkable=True)
                action.setData(mode)
                action.triggered.connect(lambda _checked=False, m=mode: self.set_theme(m))
                group.addAction(action)
                menu.addAction(action)
            menu.addSeparator()
            toggle = menu.addAction(self.tr("Switch light/dark theme"), self.toggle_theme)
            toggle.setShortcut(QKeySequence("Ctrl+Shift+L"))
            toggle.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # the window's own
            menu.aboutToShow.connect(tick)
            tick()

        def tick():
            for action in menu.actions():
                if action.isCheckable():
                    action.setChecked(action.data() == self.theme_mode)

        menu.aboutToShow.connect(fill)
        self.view_menu = menu
        return menu

    def toggle_theme(self) -> None:
        from minref.ui import theme

        new = theme.DARK if theme.resolve(self.theme_mode) == theme.LIGHT else theme.LIGHT
        self.set_theme(new)

    @property
    def theme_mode(self) -> str:
        from minref.ui import theme

        if self.settings is not None:
            return self.settings.value("theme", theme.SYSTEM)
        return getattr(self, "_theme_mode", theme.SYSTEM)

    def set_theme(self, mode: str) -> str:
        from minref.ui import theme

        self._theme_mode = mode
        if self.settings is not None:
            self.settings.setValue("theme", mode)
        resolved = theme.apply(QApplication.instance(), mode)
        self.theme_button.setToolTip(
            self.tr("Theme: dark (click to switch)")
            if resolved == theme.DARK
            else self.tr("Theme: light (click to switch)")
        )
        return resolved
