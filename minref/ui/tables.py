"""Qt table models over catalog dataclasses, and a table view that copies and exports.

Models hold rows of already-fetched catalog answers (no SQL).  A cell holding a
:class:`~minref.catalog.models.Figure` shows the number as the source states it and,
on hover, its source and flags.
"""

from __future__ import annotations

import io
import logging
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QFont, QFontMetricsF, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
)

from minref.analysis.text import (
    CORRECTED_MARK,
    figure_text,
    flag_label,
    unit_label,
)
from minref.catalog import flags
from minref.catalog.models import Figure, SourceRef, format_raw
from minref.i18n import PSEUDO, _, clauses, current_language, format_decimal, percent_sign
from minref.records import record

logger = logging.getLogger(__name__)

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


# The flags of a code the source printed in a figure's place (W, NA, XX, s): a computed
# figure that gives it on is the source's code, as published.
PUBLISHED_CODES = {flags.WITHHELD, flags.NOT_AVAILABLE, flags.NOT_APPLICABLE, flags.SMALL}


def figure_tooltip(
    fig: Figure, source: SourceRef | None, computed: bool = False, described: str = ""
) -> str:
    """Where a figure comes from and what its flags mean, for a tooltip (in the reader's
    language; the source's own note and citation stay as published).

    ``computed``: minref computed the figure from the source's (a share of a world total,
    an index); its note says how, and is not the source's.  ``described``: minref's own
    words on what the figure is (an import share's period and line), shown apart from the
    source's note, never as published."""
    lines = []
    if fig.value is None and computed and not set(fig.flags) & PUBLISHED_CODES:
        lines.append(fig.raw or _("(blank)"))  # minref's own word ("not stated")
    elif fig.value is None:
        lines.append(
            _("As published: {cell} — no exact figure stated").format(cell=fig.raw or _("(blank)"))
        )
        if fig.low is not None:
            lines.append(_("Lower bound: {value}").format(value=format_decimal(fig.low)))
        if fig.high is not None:
            lines.append(_("Upper bound: {value}").format(value=format_decimal(fig.high)))
    else:
        if fig.unit == "percent" and fig.value is not None:  # "60.8%", "60,8 %"
            lines.append(f"{fig.display()}{percent_sign()}")
        else:
            lines.append(f"{fig.display()} {unit_label(fig.unit)}".strip())
    if fig.year:
        lines.append(_("Year: {year}").format(year=fig.year))
    if fig.flags:
        lines.append(_("Flags: {flags}").format(flags=clauses(flag_label(f) for f in fig.flags)))
    if source:
        from minref.catalog import source_text  # on hover, not at start-up

        lines.append(
            _("Source: {organisation}, {dataset}, {edition}").format(
                organisation=source_text.organisation(source.organisation),
                dataset=source_text.title(source.dataset),
                edition=source_text.edition(source.edition),
            )
        )
        if source.doi:
            lines.append(f"doi:{source.doi}")
    else:
        lines.append(_("Source: {source_id}").format(source_id=fig.source_id))
    if described:
        lines.append(_("Described by minref: {text}").format(text=described))
    lines += note_lines(fig.note, fig.flags, fig.unit, computed=computed)
    return "\n".join(tip_lines(line) for line in lines)


def note_lines(note: str, figure_flags, unit: str, *, computed: bool = False) -> list[str]:
    """A figure's catalog note for a hover, each part labelled as whose words it is:
    minref's record of a correction, minref's additions (catalog.flags.split_note), then
    the source's note as published (``computed``: the note is minref's, on how it computed
    the figure).  The table's hover and a chart point's both show it so."""
    lines = []
    additions, note = flags.split_note(note)  # minref's words ahead of the source's note
    for kind, fields in additions:
        if kind == "corrected":  # minref's record of the erratum, beside the cell's "c"
            if flags.CORRECTED in figure_flags:
                how = _("corrected by USGS from {old}").format(old=format_raw(fields["old"]))
                lines.append(
                    _("{mark} = {how} ({where}).").format(
                        mark=CORRECTED_MARK, how=how, where=fields["where"]
                    )
                )
            continue
        addition = _minref_addition(kind, fields, unit)
        lines.append(_("minref's note: {note}").format(note=addition))
    if note and computed:
        lines.append(_("minref's note: {note}").format(note=_whole_note(note)))
    elif note:
        lines.append(_("Note (as published): {note}").format(note=_whole_note(note)))
    return lines


def _minref_addition(kind: str, fields: dict[str, str], unit: str) -> str:
    """One of minref's additions to a figure's note (catalog.flags.split_note), in the
    reader's language; the source's words it cites (a qualifier, a line label) as published."""
    if kind == "unit_corrected":
        old = fields["old"]
        return _("Unit corrected from {old} to {new}: {why}.").format(
            old=unit_label(old) if old and old != "blank" else _("(blank)"),
            new=unit_label(unit),
            why=fields["why"],
        )
    if kind == "not_ranked":
        return _("Not ranked: not the country's own production.")
    if kind == "qualifier":
        return _("USGS qualifier for this country: {qualifier}.").format(
            qualifier=fields["qualifier"]
        )
    if kind == "family_copy":
        return _("Also on the platinum-group metals page ({line}).").format(line=fields["line"])
    return _("The value cell is blank; the code shown is the one in USGS's note.")


# A hover text's lines: Qt does not wrap a plain-text tooltip, so a long note is broken
# here at this many characters; a note is shown whole up to NOTE_MOST characters (a
# source's longest footnotes), beyond that cut at a word with "…".
TIP_LINE = 100
NOTE_MOST = 1500


def _whole_note(note: str) -> str:
    if len(note) <= NOTE_MOST:
        return note
    return note[:NOTE_MOST].rsplit(" ", 1)[0] + "…"


def tip_lines(text: str) -> str:
    """``text`` broken into lines of at most TIP_LINE characters, at spaces."""
    import textwrap

    return "\n".join(textwrap.wrap(text, TIP_LINE, break_long_words=False)) or text


_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d{4,}")


def cell_text(v: Any) -> str:
    """A cell's text: a figure as the source states it, in the reader's conventions (a
    range or bound the source prints as ">76,000,000" or "10,000 - 15,000" too)."""
    if not isinstance(v, Figure):
        return "" if v is None else str(v)
    text = figure_text(v)
    if v.value is None and v.raw and current_language() not in ("en", PSEUDO):
        from decimal import Decimal

        text = _NUMBER.sub(lambda m: format_decimal(Decimal(m.group().replace(",", ""))), text)
    return text


def neutralise(text: str) -> str:
    """Keep a cell from being read as a formula by a spreadsheet (= + - @, tab, CR)."""
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


@record
class Column:
    """One column of a record table: its title, how a record gives its value, and how it shows."""

    title: str
    value: Callable[[Any], Any]
    align_right: bool = False
    tooltip: str = ""
    width: int = 0  # a fixed width in pixels; longer text is elided (full text on hover)
    # Codes such as "EU-CRM-2023" wrap between words only, never at their hyphens (on
    # screen: copies and CSV exports keep the plain hyphen).
    whole_codes: bool = False
    # Narrowed to fit the view (RecordTableView._fit_to_view), a text column is cut to one
    # line with "…"; one whose text must be read whole (the mirror's reasons) wraps onto
    # more lines instead, in a view that wraps (wrap_long_text), and is never narrower
    # than WRAP_MIN_WIDTH.
    wraps: bool = False
    # The column's figures are minref's own, computed from the source's (shares of a world
    # total, an index): their hover text says how, not "as published".
    computed: bool = False
    # For a blank cell (nothing listed), more to say on hover from the row's record: where
    # else the source lists the figure (the supply table's import shares).
    blank_tip: Callable[[Any], str] | None = None
    # minref's own words on what a figure of the row is (the supply table's import shares:
    # "2021-24 average; Refined copper"), on hover apart from the source's note.
    describe: Callable[[Any], str] | None = None


class RecordTableModel(QAbstractTableModel):
    """Rows of records, columns defined by functions; Figures get source tooltips."""

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Sequence[Any] = (),
        sources: dict[str, SourceRef] | None = None,
        highlight: Callable[[Any], bool] | None = None,
        parent=None,
        highlight_bold: bool = True,
    ):
        super().__init__(parent)
        self.columns = list(columns)
        self.rows = list(rows)
        self.sources = sources or {}
        self.highlight = highlight
        self.highlight_bold = highlight_bold
        # Column titles on two lines (RecordTableView.two_line_headers).
        self.two_line_titles = False
        self._cells: list[list[Any]] = []
        self._texts: list[list[str]] = []
        self._marked: list[bool] = []
        self._fill()
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    def _fill(self) -> None:
        """Compute every cell once: views ask for each cell many times while sizing."""
        self._cells = [[c.value(r) for c in self.columns] for r in self.rows]
        self._texts = [[cell_text(v) for v in line] for line in self._cells]
        self._marked = [bool(self.highlight and self.highlight(r)) for r in self.rows]

    def set_rows(self, rows: Sequence[Any], columns: Sequence[Column] | None = None) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        if columns is not None:
            self.columns = list(columns)
        self._fill()
        self.endResetModel()

    def rowCount(self, parent=None) -> int:  # noqa: N802 (Qt override)
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    notes: dict = {}  # (row, column) -> the user's note on that figure
    # Columns the view has narrowed to fit its width: their cells show the whole text on
    # hover, as a fixed-width column's do (RecordTableView._fit_to_view).
    narrowed: set = frozenset()

    def holds_figures(self, col: int) -> bool:
        """Whether the column holds figures (never narrowed: a cut number misleads)."""
        return any(isinstance(line[col], Figure) for line in self._cells)

    def set_notes(self, notes: dict) -> None:
        self.notes = notes
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    def cell(self, row: int, col: int) -> Any:
        return self._cells[row][col]

    def text(self, row: int, col: int) -> str:
        return self._texts[row][col]

    def display(self, r: int, c: int) -> str:
        """The cell as the view draws it (its DisplayRole)."""
        mark = " ✎" if (r, c) in self.notes else ""  # the user's own note on it
        if self.columns[c].whole_codes:
            return self._texts[r][c].replace("-", "\u2011") + mark  # non-breaking hyphen
        return self._texts[r][c] + mark

    def font_style(self, r: int, c: int) -> str:
        """ "bold", "italic" or "" for the cell (its FontRole, on the view's own font)."""
        if self.highlight_bold and self._marked[r]:
            return "bold"
        v = self._cells[r][c]
        return "italic" if isinstance(v, Figure) and v.is_estimated else ""

    def figure_tip(self, r: int, c: int) -> str:
        """The hover text of the figure in cell (r, c): source, flags, minref's words, note."""
        v, col = self._cells[r][c], self.columns[c]
        described = col.describe(self.rows[r]) if col.describe else ""
        return figure_tooltip(v, self.sources.get(v.source_id), col.computed, described)

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(r, c)
        v = self._cells[r][c]
        col = self.columns[c]
        if role == Qt.ItemDataRole.ToolTipRole:
            note = self.notes.get((r, c))
            if note:
                tip = self.figure_tip(r, c) if isinstance(v, Figure) else ""
                return (tip + "\n\n" if tip else "") + _("Your note: {note}").format(note=note)
            if isinstance(v, Figure):
                return self.figure_tip(r, c)
            if col.width or c in self.narrowed:
                return self.text(index.row(), index.column())
            more = col.blank_tip(self.rows[r]) if v is None and col.blank_tip else ""
            return "\n\n".join(t for t in (col.tooltip, more) if t) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if col.align_right or isinstance(v, Figure) else LEFT
        if role == Qt.ItemDataRole.FontRole:
            style = self.font_style(r, c)
            if style:
                return self._bold if style == "bold" else self._italic
        if role == Qt.ItemDataRole.BackgroundRole:
            if self._marked[r]:
                from minref.ui.theme import row_highlight

                return row_highlight()
        if role == Qt.ItemDataRole.UserRole:
            return v
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            col = self.columns[section]
            if self.two_line_titles:
                return two_lines(col.title)
            return col.title
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].tooltip or None
        return None

    def as_rows(
        self,
        rows: Sequence[int] | None = None,
        cols: Sequence[int] | None = None,
        neutral_numbers: bool = False,
    ) -> list[list[str]]:
        """Header plus the text of the given rows and columns (all by default).

        With ``neutral_numbers``, figures and the numbers of right-aligned columns are
        written in en-US conventions (6,300.5; 24.2%) whatever the language on screen,
        so that a CSV file reads the same everywhere; titles and names stay translated."""
        rows = range(len(self.rows)) if rows is None else rows
        cols = range(len(self.columns)) if cols is None else cols
        out = [[self.columns[c].title for c in cols]]
        numeric = [c for c in cols if self.columns[c].align_right]
        from minref import i18n

        neutral = neutral_numbers and i18n.current_language() != "en"
        for r in rows:
            line = []
            for c in cols:
                text = self.text(r, c)
                if neutral and (c in numeric or isinstance(self._cells[r][c], Figure)):
                    text = self._neutral_text(r, c, text)
                line.append(text)
            out.append(line)
        return out

    def _neutral_text(self, r: int, c: int, shown: str) -> str:
        """The cell's number in en-US conventions (a word such as "not listed" is kept as
        shown, in the reader's language)."""
        from minref import i18n

        with i18n.using("en"):
            v = self._cells[r][c]
            if not isinstance(v, Figure):
                v = self.columns[c].value(self.rows[r])
            text = cell_text(v)
        return text if any(ch.isdigit() for ch in text) else shown


def viewport_width(area) -> int:
    """``area.viewport().width()`` of a scroll area (a table, a page), without asking Qt for
    the viewport.

    The viewport is a widget of a class PySide does not bind; to wrap the first such
    widget PySide builds every widget class it binds, with their enums (56 enums, 7-8 ms
    of the first paint, bench/bench_startup.py).  Its width is the area's inside less a
    vertical scroll bar that is shown, as QAbstractScrollArea lays it out
    (tests/test_tables_width.py holds it to ``viewport().width()``)."""
    width = area.maximumViewportSize().width()
    bar = area.verticalScrollBar()
    always = area.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOn
    if bar.isVisibleTo(area) and not always:  # (one always on is already taken off)
        width -= bar.sizeHint().width()
    return width


def _one_line_delegate(view):
    """The delegate of a column narrowed to fit the view: its text stays on one line, cut
    at the end with "…", where the view may wrap its other columns (fit_height)."""
    delegate = getattr(view, "_one_line", None)
    if delegate is None:
        from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

        class OneLine(QStyledItemDelegate):
            def initStyleOption(self, option, index):  # noqa: N802 (Qt override)
                super().initStyleOption(option, index)
                option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText
                option.textElideMode = Qt.TextElideMode.ElideRight

        delegate = view._one_line = OneLine(view)
    return delegate


def two_lines(title: str) -> str:
    """A column title broken at the space nearest its middle ("China prod. %" ->
    "China\nprod. %"), so that a figure column is as wide as its figures, not its title;
    a title of one word stays whole."""
    spaces = [i for i, ch in enumerate(title) if ch == " "]
    if not spaces or len(title) < 10:
        return title
    cut = min(spaces, key=lambda i: abs(len(title) - 2 * i - 1))
    return title[:cut] + "\n" + title[cut + 1 :]


# The narrowest a text column is made to fit the view: about a dozen characters; one that
# wraps, about two dozen a line.
FIT_MIN_WIDTH = 110
WRAP_MIN_WIDTH = 220
# At most this share (1/FIT_MOST) of a table's width is cut to fit it.
FIT_MOST = 3


def fit_widths(natural: Sequence[int], floors: Sequence[int], available: int) -> list[int]:
    """Column widths that fit ``available`` pixels: the widest columns are cut to one
    common width (never below their ``floors``), the others keep their ``natural`` width.

    Only a table a little too wide is fitted: where cutting would take more than a third
    of its width, or could not make it fit at all, every column keeps its width and the
    view scrolls sideways (a table of long titles cut to a few words each, or country
    names cut while the figures still scroll, reads worse than one that scrolls).

    >>> fit_widths([100, 300, 200], [100, 110, 110], 550)
    [100, 250, 200]
    """
    natural, floors = list(natural), [min(f, n) for f, n in zip(floors, natural, strict=True)]
    total = sum(natural)
    if total <= available or total - available > total // FIT_MOST or sum(floors) > available:
        return natural

    def width_at(level: int) -> int:
        return sum(min(n, max(level, f)) for n, f in zip(natural, floors, strict=True))

    lo, hi = 0, max(natural)  # the highest common width that fits: width_at() grows with it
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if width_at(mid) <= available:
            lo = mid
        else:
            hi = mid - 1
    return [min(n, max(lo, f)) for n, f in zip(natural, floors, strict=True)]


def grow_widths(
    widths: Sequence[int], wants: Sequence[int], wrapped: Sequence[int], available: int
) -> list[int]:
    """Column widths that use the ``available`` pixels the columns leave free: a column
    that ``wants`` more (a fixed-width column whose text wraps onto more lines) grows to
    what it wants, the column with the most ``wrapped`` rows first, as far as the room
    goes; the others keep their widths.

    >>> grow_widths([100, 280, 165], [100, 600, 200], [0, 40, 2], 700)
    [100, 435, 165]
    >>> grow_widths([100, 280, 165], [100, 600, 200], [0, 40, 2], 1000)
    [100, 600, 200]
    """
    widths = list(widths)
    room = available - sum(widths)
    order = sorted(range(len(widths)), key=lambda i: -wrapped[i])
    for i in order:
        if room <= 0 or not wrapped[i]:
            break
        more = min(max(0, wants[i] - widths[i]), room)
        widths[i] += more
        room -= more
    return widths


class RecordTableView(QTableView):
    """A read-only table that copies as tab-separated text and exports to CSV."""

    def __init__(self, model: RecordTableModel, name: str, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setObjectName(name)
        self.setAccessibleName(name)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        # Text too long for a fixed-width column keeps its start and its end: two lines
        # that differ only at the end ("... of apparent consumption (oxide)") stay apart.
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        # The table is one stop in the Tab chain: arrows move inside it, Tab and
        # Shift+Tab leave it (Qt's default keeps Tab moving from cell to cell).
        self.setTabKeyNavigation(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSortingEnabled(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(24)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setResizeContentsPrecision(300)
        self.horizontalHeader().setStretchLastSection(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        model.modelReset.connect(self._apply_widths)
        self._apply_widths()
        copy = QAction(self.tr("Copy"), self)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_selection)
        self.addAction(copy)
        export = QAction(self.tr("Export to CSV…"), self)
        export.setShortcut(QKeySequence.StandardKey.Save)  # Ctrl+S while the table has focus
        export.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        export.triggered.connect(lambda: self._export_with_feedback())
        self.addAction(export)
        menu_key = QAction(self.tr("Table menu"), self)
        menu_key.setShortcut(QKeySequence("Shift+F10"))  # as the Menu key does
        menu_key.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        menu_key.triggered.connect(self._menu_at_current)
        self.addAction(menu_key)

    def two_line_headers(self) -> None:
        """Column titles on two lines: a wide table of short figures under long
        titles ("China prod. %", "Exports, as the reporter declares") is as wide as its
        figures, and the columns officials read last (Mexico's and Canada's shares)
        come into view at 1366x768.  Copies and CSV files keep the titles on one line."""
        model = self.table_model()
        model.two_line_titles = True
        model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(model.columns) - 1))
        self._apply_widths()

    def wrap_long_text(self, on: bool = True) -> None:
        """Wrap text longer than a fixed-width column onto more lines (now and after each
        model reset) instead of eliding it; for tables of a few hundred rows at most."""
        self._wrap_long = on
        self._wrap_if_needed()

    def _wrap_if_needed(self) -> bool:
        if getattr(self, "_wrap_long", False) and self._needs_wrap():
            self.setWordWrap(True)
            self.resizeRowsToContents()
            return True
        return False

    def _apply_widths(self) -> None:
        """Size columns once per model reset (to contents, or a fixed width); the user may
        then drag them.  Sizing on every layout pass would ask for every cell each time."""
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._fitting = True
        try:
            for i, col in enumerate(self.table_model().columns):
                if col.width:
                    header.resizeSection(i, col.width)
                else:
                    self.size_to_contents(i)
        finally:
            self._fitting = False
        self._natural = [header.sectionSize(i) for i in range(header.count())]
        self._one_line_wants = None  # measured when there is room to give (_fit_to_view)
        model = self.table_model()
        # Read once per reset: a resize (the window dragged wider) must not walk the rows.
        self._kept = {
            i for i, col in enumerate(model.columns) if col.align_right or model.holds_figures(i)
        }
        self._dragged = False
        if not getattr(self, "_watching_drags", False):
            self._watching_drags = True
            header.sectionResized.connect(self._section_resized)
        self._fit_to_view()
        self._wrap_if_needed()

    def _section_resized(self, _index: int, _old: int, _new: int) -> None:
        if not self._fitting:
            self._dragged = True  # the user's widths stay until the next model reset

    def _fit_to_view(self) -> None:
        """Where the columns, sized to their contents, are wider than the view, the widest
        text columns give up the excess (see :func:`fit_widths`), so that the last column,
        often the edition and year, is whole without scrolling sideways: at 1366x768 the
        country page showed "MCS 2026, 20".  Numbers are never narrowed; a narrowed cell
        ends in "…" and shows its whole text on hover."""
        natural = getattr(self, "_natural", None)
        available = viewport_width(self)
        if not natural or self._dragged or not self.isVisible() or available < 200:
            return  # a hidden view's width is not yet the one it will be shown at
        model = self.table_model()
        header = self.horizontalHeader()
        floors = []
        for i in range(len(model.columns)):
            if i in self._kept:
                floors.append(natural[i])
            else:
                least = WRAP_MIN_WIDTH if model.columns[i].wraps else FIT_MIN_WIDTH
                floors.append(min(natural[i], max(least, header.sectionSizeHint(i))))
        widths = fit_widths(natural, floors, available)
        if self.wordWrap() and getattr(self, "_max_rows", None) is None:
            # A view that fills its room (not one sized to its contents, fit_height): a
            # fixed-width column whose text wraps takes the room the others leave (the
            # critical lists of the products page on one line at 1920x1080, not three).
            wants, wrapped = self._one_line_widths(natural)
            widths = grow_widths(widths, wants, wrapped, available)
        narrowed = {i for i, (w, n) in enumerate(zip(widths, natural, strict=True)) if w < n}
        cut = {i for i in narrowed if not (model.columns[i].wraps and self.wordWrap())}
        for i in cut ^ set(model.narrowed):  # a narrowed column is cut, not wrapped
            self.setItemDelegateForColumn(i, _one_line_delegate(self) if i in cut else None)
        model.narrowed = cut
        self._fitting = True
        changed = False
        try:
            for i, w in enumerate(widths):
                if header.sectionSize(i) != w:
                    header.resizeSection(i, w)
                    changed = True
        finally:
            self._fitting = False
        if changed and self.wordWrap():  # a column that wraps took more lines, or fewer
            self.resizeRowsToContents()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_to_view()

    def _one_line_widths(self, natural: Sequence[int]) -> tuple[list[int], list[int]]:
        """Each column's width with its text on one line, and how many of its rows wrap at
        its own width: a fixed-width column's measured once per model reset; the others
        are as wide as their text already."""
        measured = getattr(self, "_one_line_wants", None)
        if measured is None or len(measured[0]) != len(natural):
            model = self.table_model()
            metrics = self.fontMetrics()
            wants, wrapped = list(natural), [0] * len(natural)
            for c, col in enumerate(model.columns):
                if col.width:
                    wants[c] = max(natural[c], self.content_width(c))
                    wrapped[c] = sum(
                        metrics.horizontalAdvance(model.text(r, c)) > col.width - 12
                        for r in range(model.rowCount())
                    )
            measured = self._one_line_wants = (wants, wrapped)
        return measured

    def size_to_contents(self, column: int) -> None:
        """What ``resizeColumnToContents`` does, from the texts the model already holds.

        Qt's own sizing asks the model for eight roles of each of the first
        ``resizeContentsPrecision()`` rows (a Python call each: 8 ms for the world table
        of the first page).  The width is the same: the widest text in its cell's font
        (the view's, bold or italic), plus the item's margins on both sides and the grid
        line, or the header's own size hint when that is wider
        (tests/test_tables_width.py holds it to Qt's figure)."""
        self.horizontalHeader().resizeSection(column, self.content_width(column))

    def content_width(self, column: int) -> int:
        """The width :meth:`size_to_contents` gives a column: its widest text on one line."""
        model = self.table_model()
        header = self.horizontalHeader()
        rows = min(model.rowCount(), header.resizeContentsPrecision())
        widest = -1
        if rows:
            metrics, text, style = self._cell_metrics(), model.display, model.font_style
            width, row = max(
                (metrics[style(r, column)].horizontalAdvance(text(r, column)), r)
                for r in range(rows)
            )
            widest = math.ceil(width)  # Qt lays the text out at fractional widths, rounds up
            widest += self._item_margins(model.index(row, column), widest)
            widest += 1 if self.showGrid() else 0
        shown = 0 if header.isHidden() else header.sectionSizeHint(column)
        return max(widest, shown)

    def _item_margins(self, index, text_width: int) -> int:
        """What the item delegate adds to a cell's text (its margins on both sides): its
        size hint for the widest cell less that cell's text.  Asking the delegate for one
        cell rather than the style for its margin metric keeps start-up from building
        PySide's QStyle class (5 ms); the figure is the style's all the same."""
        from PySide6.QtWidgets import QStyleOptionViewItem

        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        hint = self.itemDelegateForIndex(index).sizeHint(option, index).width()
        return max(0, hint - text_width)

    def _cell_metrics(self) -> dict[str, QFontMetricsF]:
        font = self.font()
        bold, italic = QFont(font), QFont(font)
        bold.setBold(True)
        italic.setItalic(True)
        return {
            "": QFontMetricsF(font),
            "bold": QFontMetricsF(bold),
            "italic": QFontMetricsF(italic),
        }

    def table_model(self) -> RecordTableModel:
        return self.model()  # type: ignore[return-value]

    def selected_rows(self) -> list[int]:
        rows = sorted({i.row() for i in self.selectionModel().selectedIndexes()})
        return rows or list(range(self.table_model().rowCount()))

    def tsv(self, rows: Sequence[int] | None = None) -> str:
        return (
            "\n".join(
                "\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in line)
                for line in self.table_model().as_rows(rows)
            )
            + "\n"
        )

    def copy_selection(self) -> None:
        QGuiApplication.clipboard().setText(self.tsv(self.selected_rows()))

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(self.tsv())

    def csv_text(self, as_shown: bool = False) -> str:
        """The table as CSV: numbers in en-US conventions unless ``as_shown`` (the reader's
        own, as on screen: "6 300,5" in French) is asked for."""
        buf = io.StringIO()
        import csv

        w = csv.writer(buf, lineterminator="\n")
        for line in self.table_model().as_rows(neutral_numbers=not as_shown):
            w.writerow([neutralise(c) for c in line])
        return buf.getvalue()

    def export_csv(self, path: str | None = None, as_shown: bool = False) -> str | None:
        """Write the whole table as CSV (atomically); asks for a file name when none given.
        Numbers are in en-US conventions unless ``as_shown`` (the reader's conventions)."""
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            path, _filter = QFileDialog.getSaveFileName(
                self,
                self.tr("Export table as CSV"),
                f"{self.objectName()}.csv",
                self.tr("CSV files (*.csv)"),
            )
            if not path:
                return None
        from minref.files import atomic_write_text

        atomic_write_text(path, self.csv_text(as_shown))
        return path

    def _menu_at_current(self) -> None:
        index = self.currentIndex()
        rect = self.visualRect(index) if index.isValid() else self.viewport().rect()
        self._menu(rect.center())

    def _menu(self, pos) -> None:
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self)
        menu.addAction(self.tr("Copy selected rows"), self.copy_selection)
        menu.addAction(self.tr("Copy whole table"), self.copy_all)
        menu.addAction(self.tr("Export to CSV…"), lambda: self._export_with_feedback())
        from minref import i18n

        if i18n.current_language() != "en":  # English shows en-US numbers already
            menu.addAction(
                _("Export to CSV with numbers as shown ({example})…").format(
                    example=format_decimal(6300.5)
                ),
                lambda: self._export_with_feedback(as_shown=True),
            )
        index = self.indexAt(pos)
        if index.isValid():
            from minref.ui import figure_notes

            menu.addSeparator()
            menu.addAction(self.tr("Note on this figure…"), lambda: figure_notes.edit(self, index))
        self._exec_menu(menu, self.viewport().mapToGlobal(pos))

    def _exec_menu(self, menu, global_pos) -> None:
        menu.exec(global_pos)

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Shift and the wheel scroll the table sideways, as in browsers and most desktop
        programs (Qt's own moved the table, and the page under it, down by pages)."""
        bar = self.horizontalScrollBar()
        delta = event.angleDelta()
        if (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            and delta.x() == 0
            and delta.y() != 0
            and bar.maximum() > bar.minimum()
        ):
            from PySide6.QtWidgets import QApplication

            lines = delta.y() / 120 * QApplication.wheelScrollLines()
            bar.setValue(bar.value() - round(lines * bar.singleStep()))
            event.accept()
            return
        super().wheelEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        # Filled while its tab was hidden (the trade desk's mirror), a view is fitted when
        # shown: a tab shown does not resize its page, so no resizeEvent would do it.
        self._fit_to_view()
        if not getattr(self, "_notes_loaded", False):
            self._notes_loaded = True
            from PySide6.QtCore import QTimer

            from minref.ui import figure_notes

            # After the paint: the user's notes never hold up the first screen.
            QTimer.singleShot(0, self, lambda: figure_notes.load(self))

    def _export_with_feedback(self, as_shown: bool = False) -> None:
        from PySide6.QtWidgets import QMessageBox

        try:
            self.export_csv(as_shown=as_shown)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Export failed"),
                _("The table could not be saved:\n{error}").format(error=exc),
            )

    def _needs_wrap(self) -> bool:
        """Whether a fixed-width column holds text wider than the column."""
        model = self.table_model()
        metrics = self.fontMetrics()
        for c, col in enumerate(model.columns):
            if not col.width:
                continue
            for r in range(model.rowCount()):
                if metrics.horizontalAdvance(model.text(r, c)) > col.width - 12:
                    return True
        return False

    def fit_height(self, max_rows: int = 40) -> None:
        """Size the view to its rows and columns so a page scrolls as one, not table by table.

        Text longer than a fixed-width column wraps onto a second line (the row grows)
        instead of being cut, so every line of the table reads in full without hovering.
        """
        n = min(self.table_model().rowCount(), max_rows)
        header = self.horizontalHeader()
        rows_h = n * self.verticalHeader().defaultSectionSize()
        self._wrap_long = True
        if n and self._wrap_if_needed():
            rows_h = sum(self.rowHeight(r) for r in range(n))
        h = max(header.sizeHint().height(), 24) + rows_h
        h += 2 * self.frameWidth() + 2
        self._max_rows = max_rows
        self.setMinimumHeight(h)
        self.setMaximumHeight(h)
        self._fit_width()

    def _fit_width(self) -> None:
        header = self.horizontalHeader()
        # The columns' own widths, not those narrowed to fit the view: the page offers the
        # table all the room its contents want, and the table fits in what it is given.
        natural = getattr(self, "_natural", None)
        if natural is None or len(natural) != header.count():
            natural = [header.sectionSize(i) for i in range(header.count())]
        width = sum(natural)
        width += 2 * self.frameWidth() + 2
        if self.table_model().rowCount() > getattr(self, "_max_rows", 40):
            width += self.verticalScrollBar().sizeHint().width()
        self.setMaximumWidth(width)

    def fit_notes(self) -> None:
        """Widen the columns that now carry a note's pencil mark (notes load after the
        first paint, when the columns were already sized), so the mark never elides the
        figure beside it."""
        model = self.table_model()
        natural = getattr(self, "_natural", None)
        for c in sorted({c for _r, c in model.notes}):
            if c < len(model.columns) and not model.columns[c].width:
                self.size_to_contents(c)
                if natural is not None and c < len(natural):
                    natural[c] = self.horizontalHeader().sectionSize(c)
        self._fit_to_view()
        if getattr(self, "_max_rows", None) is not None:
            self._fit_width()
            from minref.ui.widgets import ancestors

            # A SideBySide holding the table re-arranges its parts.
            for w in ancestors(self):
                if callable(getattr(w, "left_changed", None)):
                    w.left_changed()
                    break
