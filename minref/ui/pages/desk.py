"""The Mexico-U.S. trade desk (flows, partner shares with HHI, mirror view, coverage map,
imports of the user's own files) and the claim checker."""

from __future__ import annotations

import logging
from contextlib import contextmanager

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from minref.analysis import trade as tr
from minref.analysis.text import pct, place_name, unit_label
from minref.catalog import source_text
from minref.catalog.models import format_number
from minref.catalog.search import hs_dotted
from minref.i18n import N_, _, clauses, format_fixed, format_money_compact, ngettext, pgettext
from minref.ui.chart_tabs import wheel_scrolls_page
from minref.ui.combos import ElidedComboBox
from minref.ui.tables import Column, RecordTableModel, RecordTableView
from minref.ui.widgets import Page, row

logger = logging.getLogger(__name__)

LEVELS = ((N_("Chapter (HS 2)"), 2), (N_("Heading (HS 4)"), 4), (N_("Subheading (HS 6)"), 6))
FLOWS = ((N_("Exports"), "export"), (N_("Imports"), "import"), (N_("Any flow"), None))


def flow_name(flow: str | None) -> str:
    """A flow as the tables show it ("export" -> "Export", "Exportación", "Exportation")."""
    names = {"export": pgettext("flow", "Export"), "import": pgettext("flow", "Import")}
    return names.get(flow or "", flow or "")


@contextmanager
def _quiet(widgets):
    """The widgets' signals held while a page's state is put back (one refresh after)."""
    for w in widgets:
        w.blockSignals(True)
    try:
        yield
    finally:
        for w in widgets:
            w.blockSignals(False)


def _select_data(page, combos: dict) -> None:
    """Each named combo box of ``page`` set to the item holding that data, where it has one
    (the state a language switch carries over)."""
    for name, value in combos.items():
        box = getattr(page, name)
        i = box.findData(value)
        if i >= 0:
            box.setCurrentIndex(i)


class FlowLayout(QLayout):
    """Controls laid out left to right, wrapping onto the next line when the page is too
    narrow for them (a row of French labels at 1366 px), one line where there is room."""

    def __init__(self, parent=None, hspacing: int = 14, vspacing: int = 6, hanging=False):
        super().__init__(parent)
        self._items = []
        self._h, self._v = hspacing, vspacing
        self.hanging = hanging
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item) -> None:  # noqa: N802 (Qt override)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, i: int):  # noqa: N802
        return self._items[i] if 0 <= i < len(self._items) else None

    def takeAt(self, i: int):  # noqa: N802
        return self._items.pop(i) if 0 <= i < len(self._items) else None

    def expandingDirections(self):  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        indent = 0
        for n, item in enumerate(self._items):
            size = size.expandedTo(item.minimumSize() + QSize(indent, 0))
            if n == 0 and self.hanging:  # later items may start under the second
                indent = item.sizeHint().width() + self._h
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect, apply: bool) -> int:
        """Place the items line by line, each line's items centred on its height; with
        ``hanging``, lines after the first start under the second item (the first is the
        group's heading)."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        items = [
            i
            for i in self._items
            if i.widget() is None or i.widget().isVisibleTo(self.parentWidget())
        ]
        indent = items[0].sizeHint().width() + self._h if self.hanging and items else 0
        lines: list[list] = [[]]
        x = area.x()
        for item in items:
            width = item.sizeHint().width()
            if lines[-1] and x + width > area.right() + 1:
                lines.append([])
                x = area.x() + indent
            lines[-1].append((item, x))
            x += width + self._h
        y = area.y()
        for line in lines:
            height = max((i.sizeHint().height() for i, _x in line), default=0)
            if apply:
                for item, x in line:
                    hint = item.sizeHint()
                    top = y + (height - hint.height()) // 2
                    item.setGeometry(QRect(QPoint(x, top), hint))
            y += height + self._v
        return y - self._v - rect.y() + m.bottom()


def labelled(text: str, widget: QWidget) -> QWidget:
    """A label and its control kept together on one line of a FlowLayout."""
    box = QWidget()
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(6)
    label = QLabel(text)
    label.setBuddy(widget)
    lay.addWidget(label)
    lay.addWidget(widget)
    return box


def _name_key(name: str) -> str:
    """Sort key for names in the user's language: accents and case ignored."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", name or "")
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold()


def _usd(v: float | None) -> str:
    return "" if v is None else format_number(round(v))


def _when(stamp: str | None) -> str:
    """An import's time stamp ('2026-12-01T21:30:05') as the reader writes dates."""
    import datetime

    from minref.i18n import format_date

    try:
        moment = datetime.datetime.fromisoformat(stamp or "")
    except ValueError:
        return stamp or ""
    return _("{date}, {time}").format(
        date=format_date(moment.date()), time=moment.strftime("%H:%M")
    )


def open_user_data():
    """The user's data file, or None (with the reason logged) if it cannot be opened."""
    import logging

    from minref.userdata.store import UserData, UserDataError, default_path

    try:
        return UserData(default_path())
    except UserDataError as exc:
        logging.getLogger(__name__).warning("user data not available: %s", exc)
        return None


def _letters(n: int) -> str:
    """The n-th key of the coverage legend: A … Z, then AA, AB …"""
    key = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        key = chr(ord("A") + rest) + key
    return key


class CoverageModel(RecordTableModel):
    """The coverage map: a letter in its cells for each flow held, named once in the
    legend beneath the table (``legend``).  A cell holds up to four flows of some fifty
    characters each ("MEX exports (HS4, un-comtrade-mexico-hs4)"): in 150 pixels a
    French cell read "exportatio…exico-hs4)", in every year, and every language lost all
    but the first flow.  The hover text, copies and CSV files name the flows in full."""

    def __init__(self, sources=None, parent=None):
        super().__init__([], [], sources, parent=parent)
        self.keys: dict[str, str] = {}  # the flow's words -> its letter
        self._grid: dict[tuple[str, int], tuple[str, ...]] = {}
        self._years: list[int] = []

    def set_coverage(self, cells, chapter_title: str) -> None:
        held = sorted({h for c in cells for h in c.held})
        self.keys = {h: _letters(i) for i, h in enumerate(held)}
        self._grid = {(c.chapter, c.year): c.held for c in cells}
        self._years = years = sorted({c.year for c in cells})
        chapters = sorted({c.chapter for c in cells})

        def cell(year):
            return lambda ch: ", ".join(self.keys[h] for h in self._grid[(ch, year)]) or "—"

        self.set_rows(
            chapters,
            [Column(chapter_title, lambda ch: ch)] + [Column(str(y), cell(y)) for y in years],
        )

    def legend(self) -> list[str]:
        """One line per flow held: "A = MEX exports (HS4, un-comtrade-mexico-hs4)"."""
        return [f"{key} = {flow}" for flow, key in self.keys.items()]

    def flows_in(self, r: int, c: int) -> tuple[str, ...]:
        """The flows held in a cell, in full (none for the chapter column)."""
        if c < 1 or r >= len(self.rows) or c > len(self._years):
            return ()
        return self._grid.get((self.rows[r], self._years[c - 1]), ())

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            flows = self.flows_in(index.row(), index.column())
            if flows:
                return "\n".join(f"{self.keys[f]} = {f}" for f in flows)
        return super().data(index, role)

    def as_rows(self, rows=None, cols=None, neutral_numbers: bool = False) -> list[list[str]]:
        out = super().as_rows(rows, cols, neutral_numbers)
        rows = range(len(self.rows)) if rows is None else rows
        cols = range(len(self.columns)) if cols is None else cols
        for line, r in zip(out[1:], rows, strict=True):
            for j, c in enumerate(cols):
                flows = self.flows_in(r, c)
                if flows:
                    line[j] = "; ".join(flows)
        return out


class TradeDeskPage(Page):
    kind = "trade"

    def title(self) -> str:
        return _("Trade desk")

    def show_key(self, arg: str) -> None:
        if getattr(self, "tabs", None) is None:
            self._build()
        iso3 = self.catalog.resolve_country(arg or "MEX")  # UnknownName for a code not held
        i = self.reporter.findData(iso3)
        if i < 0:
            # A country held only as a partner (Venezuela in Mexico's declarations, say):
            # its flows are another reporter's, with it as the partner; never the first
            # reporter of the list, which would show another country's trade unannounced.
            i = self.reporter.findData(self._reporter_with_partner(iso3))
            self.partner.setCurrentIndex(max(self.partner.findData(iso3), 0))
        if i >= 0:
            self.reporter.setCurrentIndex(i)
        self.key = iso3
        self.refresh()

    def _reporter_with_partner(self, iso3: str) -> str:
        """The reporter in the list whose flows with ``iso3`` as partner are most held
        (Mexico first)."""
        rows: dict[str, int] = {}
        for t in self.catalog.trade_summary(iso3):
            if t["partner"] == iso3 and self.reporter.findData(t["reporter"]) >= 0:
                rows[t["reporter"]] = rows.get(t["reporter"], 0) + t["rows"]
        if not rows or "MEX" in rows:
            return "MEX"
        return max(rows, key=rows.get)

    def _build(self) -> None:
        cat = self.catalog
        self.user = open_user_data()
        self.data = tr.TradeData(cat, self.user)
        self.add_title(
            self.tr("Trade desk"),
            _(
                "Flows held: Mexico's own declarations by HS4 heading and main partner (UN "
                "Comtrade), UN Comtrade metal headings (exports by partner), U.S.–China "
                "critical minerals, USITC HTS4 (18 partners, not Mexico), U.S. Census HS2 "
                "imports, and any file you import. Every row keeps its source."
            ),
        )
        self.reporter = ElidedComboBox(30)
        self.reporter.setAccessibleName(self.tr("Reporter"))
        for iso3, name, _n in sorted(cat.trade_reporters(), key=lambda r: _name_key(r[1])):
            self.reporter.addItem(_("{country} ({code})").format(country=name, code=iso3), iso3)
        self.partner = ElidedComboBox(30)
        self.partner.setAccessibleName(self.tr("Partner"))
        self.partner.addItem(self.tr("All partners"), None)
        partners = [(iso3, cat.country_name(iso3)) for iso3, *_r in cat.countries_with_data()]
        for iso3, name in sorted(partners, key=lambda r: _name_key(r[1])):
            self.partner.addItem(_("{country} ({code})").format(country=name, code=iso3), iso3)
        self.partner.setCurrentIndex(max(0, self.partner.findData("USA")))
        # Sized to some thirty characters (ElidedComboBox), not to the longest country in
        # their lists ("Reino Unido de Gran Bretaña e Irlanda del Norte (GBR)"): at 1366x768
        # in French the two set the desk wider than the window.  A longer name is elided
        # in the box, whole in the list and on hover.
        self.flow = QComboBox()
        self.flow.setAccessibleName(self.tr("Flow"))
        for label, value in FLOWS:
            self.flow.addItem(_(label), value)
        self.level = QComboBox()
        self.level.setAccessibleName(self.tr("HS level"))
        for label, lv in LEVELS:
            self.level.addItem(_(label), lv)
        self.level.setCurrentIndex(1)
        self.hs = QLineEdit()
        self.hs.setPlaceholderText(self.tr("HS prefix, e.g. 71 or 7106"))
        # The example whole in every language ("Prefijo SA, p. ej., …" was cut at 1366 px).
        self.hs.setMinimumWidth(
            self.hs.fontMetrics().horizontalAdvance(self.hs.placeholderText()) + 24
        )
        self.hs.setAccessibleName(self.tr("HS code prefix"))
        self.year_from = QSpinBox()
        self.year_to = QSpinBox()
        every = cat.trade_years()  # the range: every year held (imports may add others)
        first, last = (every[0], every[-1]) if every else (2000, 2000)
        # The default years are those held for the reporter, partner and flow chosen, set
        # by query() each time that selection changes, until the user picks years.
        self._years_for = None
        self._years_by_user = False
        self._setting_years = False
        for sb, v in ((self.year_from, first), (self.year_to, last)):
            sb.setRange(min(first, 1990), max(last, 2030))
            sb.setValue(v)
            sb.setAccessibleName(
                self.tr("First year") if sb is self.year_from else self.tr("Last year")
            )
            sb.valueChanged.connect(self._years_changed)
        go = QPushButton(self.tr("Show"))
        go.clicked.connect(self.refresh)
        self.hs.returnPressed.connect(self.refresh)
        for w in (self.reporter, self.partner, self.flow, self.level):
            w.currentIndexChanged.connect(self.refresh)
        self.layout_.addLayout(
            row(
                QLabel(self.tr("Reporter:")),
                self.reporter,
                QLabel(self.tr("Partner:")),
                self.partner,
                self.flow,
            )
        )
        self.layout_.addLayout(
            row(
                QLabel(self.tr("Level:")),
                self.level,
                self.hs,
                QLabel(self.tr("Years:")),
                self.year_from,
                self.year_to,
                go,
            )
        )
        self.tabs = QTabWidget()
        wheel_scrolls_page(self.tabs)  # the wheel over the tabs scrolls the page
        self.tabs.setAccessibleName(self.tr("Trade desk views"))
        self.layout_.addWidget(self.tabs, 1)
        # Flows
        self.flow_model = RecordTableModel(
            [
                Column(self.tr("Year"), lambda r: r.year),
                Column(self.tr("Reporter"), lambda r: place_name(self.catalog, r.reporter)),
                Column(self.tr("Flow"), lambda r: flow_name(r.flow)),
                Column(
                    self.tr("Partner"),
                    lambda r: self.catalog.country_name(r.partner_iso3)
                    if r.partner_iso3
                    else r.partner,
                    width=170,
                ),
                Column(self.tr("HS"), lambda r: hs_dotted(r.hs)),
                Column(
                    self.tr("Description"), lambda r: self.catalog.hs_description(r.hs), width=260
                ),
                Column(self.tr("Value (US$)"), lambda r: _usd(r.value_usd), True),
                Column(self.tr("Quantity"), lambda r: _usd(r.quantity), True),
                Column(self.tr("Unit"), lambda r: unit_label(r.quantity_unit)),
                Column(
                    self.tr("Months"),
                    lambda r: r.months or "",
                    True,
                    _("12 = a year summed from monthly data"),
                ),
                Column(self.tr("Source"), lambda r: r.source_id, width=200),
            ],
            [],
            self.data.sources(),
        )
        self.flow_view = RecordTableView(self.flow_model, "desk-flows")
        # An HS description's start says what it is ("2501 Salt (including ..."): cut at
        # the end, not in the middle ("2501 Salt (inclu… solution; sea water").
        self.flow_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.flow_view.setAccessibleName(self.tr("Trade flows"))
        self._build_hs_table()
        self.tabs.addTab(self._wrap(self.flow_view), self.tr("Flows"))
        # Chart of the selection, drawn when its tab is shown (pyqtgraph loads then).
        self.chart_holder = QWidget()
        QVBoxLayout(self.chart_holder).setContentsMargins(0, 6, 0, 0)
        self.chart_view = None
        self.tabs.addTab(self.chart_holder, self.tr("Chart"))
        self.tabs.currentChanged.connect(lambda _i: self._maybe_chart())
        # Partner shares
        self.share_label = QLabel()
        self.share_label.setWordWrap(True)
        self.share_model = RecordTableModel(
            [
                Column(
                    self.tr("Partner"),
                    lambda s: self.catalog.country_name(s.partner_iso3)
                    if s.partner_iso3
                    else s.partner,
                ),
                Column(self.tr("Value (US$)"), lambda s: _usd(s.value_usd), True),
                Column(self.tr("Share"), lambda s: pct(s.share_pct), True),
            ],
            [],
            self.data.sources(),
            lambda s: s.partner_iso3 in ("MEX", "USA"),
        )
        self.share_view = RecordTableView(self.share_model, "desk-partner-shares")
        self.share_view.setAccessibleName(self.tr("Partner shares"))
        self.tabs.addTab(self._wrap(self.share_label, self.share_view), self.tr("Partner shares"))
        # Mirror
        self.mirror_model = RecordTableModel(
            [
                Column(self.tr("Year"), lambda m: m.year),
                Column(self.tr("HS chapter"), lambda m: m.chapter),
                Column(
                    self.tr("Exports, as the reporter declares"),
                    lambda m: _usd(m.declared_by_a),
                    True,
                ),
                Column(
                    self.tr("Imports, as the partner declares"),
                    lambda m: _usd(m.declared_by_b),
                    True,
                ),
                Column(self.tr("Compared on"), lambda m: m.basis or _("not comparable")),
                Column(self.tr("Gap (US$)"), lambda m: _usd(m.gap), True),
                Column(self.tr("Gap (%)"), lambda m: pct(m.gap_pct) if m.comparable else "", True),
                Column(self.tr("Why / headings"), lambda m: m.note, width=320, wraps=True),
                Column(
                    self.tr("Sources"), lambda m: ", ".join(m.a_sources + m.b_sources), width=260
                ),
            ],
            [],
            self.data.sources(),
        )
        self.mirror_view = RecordTableView(self.mirror_model, "desk-mirror")
        self.mirror_view.wrap_long_text()  # the reason a year is not comparable, whole
        self.mirror_view.two_line_headers()  # "Exports, as the reporter declares" is long
        self.mirror_view.setAccessibleName(self.tr("Mirror view"))
        self.mirror_summary = QLabel()  # why nothing can be compared, when nothing can
        self.mirror_summary.setWordWrap(True)
        causes = QLabel(
            _("Why the two sides differ: {causes}").format(causes=" ".join(tr.MIRROR_CAUSES))
        )
        causes.setWordWrap(True)
        causes.setObjectName("sourceLine")
        self.tabs.addTab(
            self._wrap(self.mirror_summary, self.mirror_view, causes), self.tr("Mirror")
        )
        # Coverage
        self.cov_model = CoverageModel(self.data.sources())
        self.cov_view = RecordTableView(self.cov_model, "desk-coverage")
        self.cov_view.setAccessibleName(self.tr("Coverage map"))
        cov_about = QLabel(
            self.tr("Mexico–U.S. flows held, by HS chapter and year (empty = not held).")
        )
        cov_about.setWordWrap(True)
        # The flows the letters in the cells stand for, each on a line of its own.
        self.cov_legend = QLabel()
        self.cov_legend.setWordWrap(True)
        self.cov_legend.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        coverage = self._wrap(cov_about, self.cov_view, self.cov_legend)
        coverage.layout().addStretch(1)  # the table is as tall as its rows (fit_height)
        self.tabs.addTab(coverage, self.tr("Coverage"))
        # Imports
        self.import_model = RecordTableModel(
            [
                Column(self.tr("Source id"), lambda i: i.source_id),
                Column(self.tr("File"), lambda i: i.file_name),
                Column(self.tr("Format"), lambda i: i.file_format),
                Column(self.tr("Rows"), lambda i: format_number(i.rows), True),
                Column(self.tr("Imported"), lambda i: _when(i.imported_at)),
            ],
            [],
            {},
        )
        self.import_view = RecordTableView(self.import_model, "desk-imports")
        self.import_view.setAccessibleName(self.tr("Your imports"))
        import_button = QPushButton(self.tr("Import a trade file…"))
        import_button.clicked.connect(self.ask_import)
        remove_button = QPushButton(self.tr("Remove import…"))
        remove_button.setAccessibleName(self.tr("Remove the selected import"))
        remove_button.clicked.connect(self.ask_remove_import)
        import_buttons = QWidget()
        import_buttons.setLayout(row(import_button, remove_button))
        import_buttons.layout().setContentsMargins(0, 0, 0, 0)
        about = QLabel(
            self.tr(
                "Your own files (UN Comtrade or CEPII BACI CSV, also zipped as downloaded; "
                "U.S. Census API JSON/CSV; USITC DataWeb CSV) go to your data file, never "
                "into the bundled catalog."
            )
        )
        # One long line would set the whole desk's width: at 1366x768 the page scrolled
        # sideways and its description and filters were cut at the window's edge.
        about.setWordWrap(True)
        self.tabs.addTab(
            self._wrap(
                about,
                import_buttons,
                self.import_view,
            ),
            self.tr("Your imports"),
        )
        self.note = QLabel()
        self.note.setObjectName("sourceLine")
        self.note.setWordWrap(True)
        self.layout_.addWidget(self.note)

    def _build_hs_table(self) -> None:
        """The HS x year table (chapters with their headings beneath, a total row) with its
        chart beside it."""
        self.hs_title = QLabel()
        self.hs_title.setObjectName("sectionTitle")
        self.hs_title.setWordWrap(True)
        self.hs_chapters = QCheckBox(self.tr("Chapters with their headings beneath"))
        self.hs_chapters.setChecked(True)
        self.hs_chapters.toggled.connect(self.refresh)
        self.hs_model = RecordTableModel([], [], self.data.sources())
        self.hs_view = RecordTableView(self.hs_model, "desk-hs-year")
        self.hs_view.setTextElideMode(Qt.TextElideMode.ElideRight)  # as the flows' HS
        self.hs_view.setAccessibleName(self.tr("HS by year table"))
        self.hs_notes = QLabel()
        self.hs_notes.setObjectName("sourceLine")
        self.hs_notes.setWordWrap(True)
        self.hs_chart_holder = QWidget()
        QVBoxLayout(self.hs_chart_holder).setContentsMargins(0, 0, 0, 0)
        self.hs_chart = None
        from PySide6.QtWidgets import QSplitter

        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.hs_view)
        body.addWidget(self.hs_chart_holder)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        self.hs_split = body
        self.tabs.addTab(
            self._wrap(self.hs_title, self.hs_chapters, body, self.hs_notes),
            self.tr("HS × year"),
        )
        self.hs_tab = self.tabs.widget(self.tabs.count() - 1)
        self.hs_table = None

    def hs_year_table(self):
        """The HS x year table of the current reporter, partner and flow (years chosen);
        a year with no value in the table is no column."""
        flows, _rows = self.query()  # the rows of the years chosen
        return tr.hs_year_table(
            flows,
            title=self.flow_title(),
            chapters=self.hs_chapters.isChecked(),
            describe=self.catalog.hs_description,
        )

    def flow_title(self) -> str:
        return tr.flow_title(
            self.reporter.currentData(),
            self.partner.currentData(),
            self.flow.currentData(),
            self.catalog.country_name,
        )

    def _fill_hs_table(self) -> None:
        t = self.hs_table = self.hs_year_table()
        self.hs_title.setText(
            _("{flows} by HS heading and year (US$)").format(flows=t.title) if t.rows else t.title
        )
        indent = "    "

        def label(r) -> str:
            if r.level == 0:
                return r.label
            return (indent if r.level == 4 and self.hs_chapters.isChecked() else "") + (
                f"{hs_dotted(r.code)} {r.label}"
            )

        cols = [Column(self.tr("HS"), label, width=320)] + [
            Column(str(y), (lambda y: lambda r: _usd(r.value(y)))(y), True) for y in t.years
        ]
        cols.append(Column(self.tr("Source"), lambda r: ", ".join(r.sources), width=200))
        self.hs_model.set_rows(t.rows + ([t.total] if t.rows else []), cols)
        notes = [
            _(
                "Chapter rows sum only the headings held and say so; a total row ends the "
                "table. Empty cells: not held (never zero)."
            ),
            *t.notes,
        ]
        if getattr(self, "dropped", None):
            dropped = ", ".join(
                ngettext("{n} row of {source}", "{n} rows of {source}", n).format(
                    n=format_number(n), source=s
                )
                for s, n in sorted(self.dropped.items())
            )
            notes.append(
                _(
                    "Also held but not added (another source holds the same heading and "
                    "year): {rows}."
                ).format(rows=dropped)
            )
        self.hs_notes.setText(" ".join(notes))
        from minref.ui.charts import ChartView

        if self.hs_chart is not None:
            self.hs_chart.setParent(None)  # out of the layout now, not at the next event
            self.hs_chart.deleteLater()
        self.hs_chart = ChartView(tr.hs_year_chart(t, self.data.sources()), self.data.sources())
        self.hs_chart_holder.layout().addWidget(self.hs_chart)
        # beside the table where the window is wide enough, beneath it otherwise (the
        # chart's toolbar needs about 650 px)
        width = self.window().width() if self.window() else 1366
        wide = width >= 1600
        self.hs_split.setOrientation(Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical)
        if wide:
            avail = max(width - 420, 600)
            self.hs_split.setSizes([avail * 11 // 20, avail - avail * 11 // 20])
        else:
            self.hs_split.setSizes([330, 420])

    @staticmethod
    def _wrap(*widgets) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 6, 0, 0)
        for x in widgets:
            from PySide6.QtWidgets import QSplitter

            lay.addWidget(x, 1 if isinstance(x, (RecordTableView, QSplitter)) else 0)
        return w

    def carry_state(self) -> dict:
        if getattr(self, "tabs", None) is None:
            return {}
        return {
            "combos": {
                name: getattr(self, name).currentData()
                for name in ("reporter", "partner", "flow", "level")
            },
            "hs": self.hs.text(),
            "years": (self.year_from.value(), self.year_to.value())
            if self._years_by_user
            else None,
            "tab": self.tabs.currentIndex(),
        }

    def take_state(self, state: dict) -> None:
        """The query as it was before a language switch (the HS prefix typed, the years
        picked, the tab): the rebuilt desk showed its defaults."""
        if not state or getattr(self, "tabs", None) is None:
            return
        widgets = [getattr(self, n) for n in ("reporter", "partner", "flow", "level")]
        with _quiet([*widgets, self.year_from, self.year_to]):
            _select_data(self, state.get("combos", {}))
            if state.get("years"):
                self.year_from.setValue(state["years"][0])
                self.year_to.setValue(state["years"][1])
                self._years_by_user = True
        self.hs.setText(state.get("hs", ""))
        self.refresh()
        self.tabs.setCurrentIndex(state.get("tab", 0))

    def _years_changed(self, _value=None) -> None:
        if not self._setting_years:
            self._years_by_user = True

    def _default_years(self, flows_without_hs=None) -> None:
        """Set the years to those held for the reporter, partner and flow chosen when that
        selection changes, unless the user has picked years."""
        selection = (
            self.reporter.currentData(),
            self.partner.currentData(),
            self.flow.currentData(),
        )
        if selection == self._years_for:
            return
        self._years_for = selection
        if self._years_by_user:
            return
        if flows_without_hs is None:
            flows_without_hs = self.data.flows(*selection[:2], None, None, selection[2])
        span = tr.table_year_span(flows_without_hs)
        if span is None:
            return
        self._setting_years = True
        try:
            for sb in (self.year_from, self.year_to):  # an import may hold other years
                sb.setRange(min(sb.minimum(), span[0]), max(sb.maximum(), span[1]))
            self.year_from.setValue(span[0])
            self.year_to.setValue(span[1])
        finally:
            self._setting_years = False

    def query(self):
        """The rows of the current selection, summed to the chosen HS level."""
        hs = self.hs.text().strip() or None
        flows = self.data.flows(
            self.reporter.currentData(),
            self.partner.currentData(),
            hs,
            None,
            self.flow.currentData(),
        )
        self._default_years(None if hs else flows)
        lo, hi = self.year_from.value(), self.year_to.value()
        flows = [f for f in flows if lo <= f.year <= hi]
        # one source per heading and year: values never add up across sources
        flows, self.dropped = tr.one_source_per_cell(flows)
        return flows, tr.annual_flows(flows, self.level.currentData())

    def chart_spec(self):
        from minref.analysis.charts import desk_chart

        _flows, rows = self.query()
        return desk_chart(
            rows,
            self.data.sources(),
            _("{flows} by HS code").format(flows=self.flow_title()),
            describe=self.catalog.hs_description,
        )

    def _maybe_chart(self) -> None:
        if self.tabs.currentWidget() is not self.chart_holder:
            return
        from minref.ui.charts import ChartView

        if self.chart_view is not None:
            self.chart_view.deleteLater()
        self.chart_view = ChartView(self.chart_spec(), self.data.sources())
        self.chart_holder.layout().addWidget(self.chart_view)

    def refresh(self, *_args):
        flows, rows = self.query()
        self.flow_model.set_rows(rows)
        self._fill_hs_table()
        self._maybe_chart()
        product = self.hs.text().strip().replace(".", "")
        lo, hi = self.year_from.value(), self.year_to.value()
        flow_kind = self.flow.currentData() or "export"
        if product:
            conc = tr.product_partner_shares(
                self.data, self.reporter.currentData(), product, flow_kind, (lo, hi)
            )
            self.share_model.set_rows(conc.shares)
            self.concentration = conc
            what = tr.flow_title(
                self.reporter.currentData(), None, flow_kind, self.catalog.country_name
            )
            scale = conc.scale
            if scale == tr.Concentration.__dataclass_fields__["scale"].default:
                scale = _(
                    "HHI on a 0–{top} scale (sum of squared % shares); above {high} is highly "
                    "concentrated (U.S. DOJ/FTC 2023 guidelines)."
                ).format(top=format_number(10_000), high=format_number(2_500))
            share = _(
                "Every partner's share: {flows}, HS {code} ({first}–{last}), total "
                "US${total}. HHI {hhi}; top-3 share {top3}."
            ).format(
                flows=what,
                code=hs_dotted(product),
                first=lo,
                last=hi,
                total=_usd(conc.total_usd),
                hhi=format_fixed(conc.hhi, 0),
                top3=pct(conc.top3_pct),
            )
            self.share_label.setText(" ".join(x for x in (share, scale, conc.note) if x))
        else:
            self.share_model.set_rows([])
            self.concentration = None
            self.share_label.setText(
                self.tr(
                    "Choose a product (an HS prefix above, e.g. 2603 or 7106) to see every "
                    "partner's share of it; the partner selector does not apply here."
                )
            )
        rep = self.reporter.currentData() or "MEX"
        par = self.partner.currentData() or "USA"
        mirror = tr.mirror_like_with_like(self.data, rep, par, product or None)
        self.mirror_model.set_rows(mirror)
        summary = tr.mirror_summary(mirror, rep, par, product or None, self.catalog.country_name)
        self.mirror_summary.setText(summary)
        self.mirror_summary.setVisible(bool(summary))
        self.cov_model.set_coverage(tr.coverage(self.data, rep, par), self.tr("HS chapter"))
        self.cov_view.fit_height(len(self.cov_model.rows))  # the legend right beneath it
        self.cov_legend.setText("\n".join(self.cov_model.legend()))
        self.import_model.set_rows(self.user.imports() if self.user else [])
        # Every source the page's tabs show: the mirror's other side (the partner's own
        # declarations, an imported file) is cited too, not only the flows' (the mirror's
        # years from an imported file were left out of the sources line: found in the app).
        sources = sorted(
            {r.source_id for r in rows} | {s for m in mirror for s in (*m.a_sources, *m.b_sources)}
        )
        cites = "; ".join(
            f"{source_text.citation(self.data.source(s))} — "
            f"{source_text.attribution(self.data.source(s).attribution)}"
            for s in sources
            if self.data.source(s)
        )
        count = ngettext("{n} row.", "{n} rows.", len(rows)).format(n=format_number(len(rows)))
        self.note.setText(
            count
            + " "
            + (
                _("Sources: {citations}").format(citations=cites)
                if cites
                else _("No rows held for this selection.")
            )
        )

    # ------------------------------------------------------------ imports
    def ask_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a trade file"),
            "",
            self.tr("Trade files (*.csv *.json *.zip *.txt)"),
        )
        if path:
            self.import_file(path)

    def import_file(self, path: str, confirm: bool = True) -> bool:
        """Preview a file and, once confirmed, import it in one transaction.

        Both passes over the file show their progress (rows/s, time left) with a Cancel
        button; a cancelled or failed import leaves nothing written.
        """
        from minref.userdata.importers import (
            ImportCancelled,
            ImportFormatError,
            commit_import,
            preview_import,
        )
        from minref.userdata.store import UserDataError

        if self.user is None:
            from minref.userdata.store import default_path, unwritable_reason

            path = default_path()
            reason = unwritable_reason(path)
            QMessageBox.warning(
                self,
                self.tr("Import"),
                _(
                    "Your data folder {folder} cannot be written ({reason}): imported trade "
                    "data cannot be kept. Make the folder writable, or start minref with "
                    "MINREF_HOME set to a writable folder."
                ).format(folder=path.parent, reason=reason)
                if reason
                else self.tr("Your data file cannot be opened; see the log."),
            )
            return False
        progress, cancel, close = self._import_progress()
        try:
            preview = preview_import(
                path, self.catalog, self.user, progress=progress, cancel=cancel
            )
        except (ImportFormatError, UserDataError, ImportCancelled) as exc:
            close()
            QMessageBox.warning(
                self,
                self.tr("Import failed"),
                _("{path}\n\n{error}\n\nNothing was imported.").format(path=path, error=exc),
            )
            return False
        close()
        if confirm and not self._confirm(preview):
            return False
        progress, cancel, close = self._import_progress()
        try:
            commit_import(preview, self.user, progress=progress, cancel=cancel)
        except (ImportFormatError, UserDataError, ImportCancelled) as exc:
            close()
            QMessageBox.warning(self, self.tr("Import failed"), str(exc))
            return False
        close()
        self.data = tr.TradeData(self.catalog, self.user)
        self.flow_model.sources = self.data.sources()
        self.refresh()
        return True

    def _import_progress(self):
        """A progress dialog shown once a pass takes longer than half a second."""
        from PySide6.QtWidgets import QApplication, QProgressDialog

        dialog = QProgressDialog(self.tr("Reading the file…"), self.tr("Cancel"), 0, 1000, self)
        dialog.setWindowTitle(self.tr("Import"))
        dialog.setMinimumDuration(500)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)

        def progress(p) -> None:
            dialog.setValue(int(1000 * p.fraction))
            dialog.setLabelText(p.line())
            QApplication.processEvents()

        def close() -> None:
            dialog.close()
            dialog.deleteLater()

        return progress, dialog.wasCanceled, close

    def ask_remove_import(self) -> None:
        chosen = {i.row() for i in self.import_view.selectionModel().selectedIndexes()}
        picked = [self.import_model.rows[i] for i in sorted(chosen)]
        if not picked:
            QMessageBox.information(
                self, self.tr("Remove import"), self.tr("Select an import in the table first.")
            )
            return
        self.remove_import(picked[0].import_id)

    def remove_import(self, import_id: int, confirm: bool = True) -> bool:
        """Remove one import and all its rows from the user's data, in one transaction."""
        from minref.userdata.store import UserDataError

        if self.user is None:
            return False
        rec = next((i for i in self.user.imports() if i.import_id == import_id), None)
        if rec is None:
            return False
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Remove import"),
                ngettext(
                    "Remove {file} ({n} row) from your data? The file itself stays.",
                    "Remove {file} ({n} rows) from your data? The file itself stays.",
                    rec.rows,
                ).format(file=rec.file_name, n=format_number(rec.rows)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            self.user.remove_import(import_id)
        except UserDataError as exc:
            QMessageBox.warning(self, self.tr("Remove import"), str(exc))
            return False
        self.data = tr.TradeData(self.catalog, self.user)
        self.flow_model.sources = self.data.sources()
        self.refresh()
        return True

    def _confirm(self, preview) -> bool:
        box = QDialog(self)
        box.setWindowTitle(self.tr("Import preview"))
        box.setMinimumWidth(480)
        lay = QVBoxLayout(box)
        text = QLabel(preview.summary() + "\n" + "\n".join(preview.warnings))
        text.setWordWrap(True)
        lay.addWidget(text)
        # What OK does, said before it is pressed (the dialog showed only the counts).
        ask = QLabel(
            self.tr("Import these rows into your data file? The bundled catalog is not changed.")
        )
        ask.setWordWrap(True)
        lay.addWidget(ask)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Import"))
        buttons.accepted.connect(box.accept)
        buttons.rejected.connect(box.reject)
        lay.addWidget(buttons)
        return box.exec() == QDialog.DialogCode.Accepted


class ClaimsPage(Page):
    kind = "claims"

    def title(self) -> str:
        return _("Claim checker")

    def show_key(self, arg: str) -> None:
        self.key = "claims"
        if getattr(self, "cards", None) is None:
            self._build()
        self.recompute()

    def _build(self) -> None:
        self.data = tr.TradeData(self.catalog, open_user_data())
        self.add_title(
            self.tr("Claim checker"),
            _(
                "What the data held supports of statements made about Mexico's "
                "minerals, under stated definitions. Change a definition and recompute."
            ),
        )
        from minref.analysis import claims

        self.year = QComboBox()
        self.year.setAccessibleName(self.tr("Trade year"))
        self.year.addItem(self.tr("every year held"), None)
        # Only the years the trade claims can be checked in (2022-2024 were offered from
        # the metal headings, and each gave "cannot be checked").
        for y in reversed(claims.trade_claim_years(self.data)):
            self.year.addItem(str(y), y)
        # A long basket name is elided in the box (whole in the list and on hover), so the
        # controls keep to the page's width.
        self.basket = ElidedComboBox(26)
        self.basket.setAccessibleName(self.tr("Product basket for claims 1 and 2"))
        for b in claims.BASKETS.values():
            self.basket.addItem(b.label, b.id)  # each with its whole name on hover
        self.basket.setCurrentIndex(max(0, self.basket.findData(claims.DEFAULT_BASKET)))
        self.threshold = QComboBox()
        self.threshold.setAccessibleName(self.tr("Threshold for counting products (claim 2)"))
        for v in (0.0, 100_000.0, 1_000_000.0, 10_000_000.0):
            self.threshold.addItem(
                pgettext("ClaimsPage", "> {amount}").format(amount=format_money_compact(v)), v
            )
        self.threshold.setCurrentIndex(2)
        self.precious = QCheckBox(self.tr("Count gold and silver"))
        self.precious.setChecked(True)
        self.edition = QComboBox()
        self.edition.setAccessibleName(self.tr("MCS edition for claim 3"))
        for e in reversed(self.catalog.full_editions):  # a partial edition cannot rank
            self.edition.addItem(_("MCS {edition}").format(edition=e), e)
        self.count = QComboBox()
        self.count.setAccessibleName(self.tr("What to count for claim 3"))
        self.count.addItem(self.tr("commodities"), "commodities")
        self.count.addItem(self.tr("production lines"), "lines")
        self.mine_only = QCheckBox(self.tr("Mine production only"))
        self.mine_only.setChecked(True)  # the strict reading first
        go = QPushButton(self.tr("Recompute"))
        go.clicked.connect(self.recompute)
        # A definition changed is a new check at once (some 0.1 s): a verdict left from the
        # old definitions under the new year read as the new year's (found in the built app).
        for box in (self.year, self.basket, self.threshold, self.edition, self.count):
            box.activated.connect(lambda _i: self.recompute())
        for check in (self.precious, self.mine_only):
            check.toggled.connect(lambda _on: self.recompute())
        # Two groups, one per kind of claim; each wraps onto a second line where the page is
        # too narrow for it (French at 1366 px), one line each at 1920 px.
        self.controls, heads = [], []
        for heading, parts in (
            (
                pgettext("ClaimsPage", "Claims 1 and 2 (trade):"),
                [
                    labelled(pgettext("ClaimsPage", "Trade year:"), self.year),
                    labelled(pgettext("ClaimsPage", "Basket:"), self.basket),
                    labelled(pgettext("ClaimsPage", "Products:"), self.threshold),
                    self.precious,
                ],
            ),
            (
                pgettext("ClaimsPage", "Claim 3 (production):"),
                [
                    labelled(pgettext("ClaimsPage", "Edition:"), self.edition),
                    labelled(pgettext("ClaimsPage", "Count:"), self.count),
                    self.mine_only,
                    go,
                ],
            ),
        ):
            holder = QWidget()
            flow = FlowLayout(holder, hanging=True)
            head = QLabel(heading)
            head.setObjectName("fieldGroup")
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            for w in (head, *parts):
                flow.addWidget(w)
            self.controls.extend(parts)
            heads.append(head)
            self.layout_.addWidget(holder)
        width = max(h.sizeHint().width() for h in heads)
        for h in heads:  # both groups' controls start at the same x
            h.setMinimumWidth(width)
        self.cards = QVBoxLayout()
        self.layout_.addLayout(self.cards)
        self.layout_.addStretch(1)
        self.results = []

    # The definitions a language switch carries over (the rebuilt page showed its defaults:
    # "every year held" again after 2017 was chosen, found in the built app).
    _COMBOS = ("year", "basket", "threshold", "edition", "count")
    _CHECKS = ("precious", "mine_only")

    def carry_state(self) -> dict:
        if getattr(self, "cards", None) is None:
            return {}
        return {
            "combos": {n: getattr(self, n).currentData() for n in self._COMBOS},
            "checks": {n: getattr(self, n).isChecked() for n in self._CHECKS},
        }

    def take_state(self, state: dict) -> None:
        if not state or getattr(self, "cards", None) is None:
            return
        with _quiet([getattr(self, n) for n in (*self._COMBOS, *self._CHECKS)]):
            _select_data(self, state.get("combos", {}))
            for name, on in state.get("checks", {}).items():
                getattr(self, name).setChecked(on)
        self.recompute()

    def recompute(self) -> None:
        from minref.analysis import claims

        while self.cards.count():
            w = self.cards.takeAt(0).widget()
            if w:
                w.deleteLater()
        self.results = claims.check_claims(
            self.data,
            year=self.year.currentData(),
            basket=self.basket.currentData(),
            min_value=self.threshold.currentData(),
            include_precious=self.precious.isChecked(),
            edition=self.edition.currentData(),
            count=self.count.currentData(),
            lines="mine" if self.mine_only.isChecked() else "any",
        )
        for r in self.results:
            self.cards.addWidget(self._card(r))

    def _card(self, r) -> QWidget:
        from PySide6.QtWidgets import QFrame

        card = QFrame()
        card.setObjectName("card")
        from minref.analysis.text import VERDICTS

        # minref's own verdict word, in the reader's language
        verdict_word = _(VERDICTS[r.verdict]) if r.verdict in VERDICTS else r.verdict
        card.setAccessibleName(_("{claim} {verdict}").format(claim=r.claim, verdict=verdict_word))
        lay = QVBoxLayout(card)
        head = QLabel(_("“{claim}”").format(claim=r.claim))
        head.setObjectName("sectionTitle")
        head.setWordWrap(True)
        verdict = QLabel(_("Verdict: {verdict}").format(verdict=verdict_word))
        verdict.setObjectName("cardValue")
        verdict.setWordWrap(True)
        value = QLabel(_("The data held: {value}").format(value=r.value))
        value.setWordWrap(True)
        why = QLabel(r.reason)
        why.setWordWrap(True)
        # The register's entries as it records them (names, paraphrase, dates); the unit in
        # the reader's language where the catalog lists it, as the CLI and the card print it.
        entries = "; ".join(
            _("{originator} — {claim} ({figure} {unit}; {publisher}, {date})").format(
                originator=c.get("originator"),
                claim=c.get("claim_paraphrased"),
                figure=c.get("figure"),
                unit=unit_label(c.get("unit")),
                publisher=c.get("published_by"),
                date=c.get("date"),
            )
            for c in r.claimed_by
        )
        who = QLabel(
            _("Claimed by: {claimants}").format(claimants=entries)
            if entries
            else _("Claimed by: not in the claims register")
        )
        who.setWordWrap(True)
        who.setObjectName("sourceLine")
        for w in (head, who, verdict, value, why):
            w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lay.addWidget(w)
        if r.table:
            grid = RecordTableModel(
                [
                    Column(
                        h,
                        (lambda i: lambda line: line[i])(i),
                        i > 0,
                        h,  # the full title on hover
                        width=360 if i == 0 else 0,
                    )
                    for i, h in enumerate(r.table_header)
                ],
                r.table,
            )
            grid_view = RecordTableView(grid, f"claim-{r.claim_id}-grid")
            # A long title ("rang publié (voir définitions)") on two lines, its column as
            # wide as the longer line: in a fixed 150 pixels its French title read
            # "ɹ publié (voir définiti", cut on both sides.
            grid_view.two_line_headers()
            grid_view.setAccessibleName(self.tr("The claim's figures by definition and year"))
            grid_view.fit_height(24)
            lay.addWidget(grid_view)
        model = RecordTableModel(
            [
                Column(self.tr("Definition"), lambda s: s.definition, width=420),
                Column(self.tr("Result"), lambda s: s.result, True),
            ],
            r.sensitivity,
        )
        view = RecordTableView(model, f"claim-{r.claim_id}")
        view.setAccessibleName(self.tr("How the result moves"))
        view.fit_height(16)
        lay.addWidget(view)
        defs = QLabel(
            _("Definitions: {definitions}. Sources: {sources}").format(
                # a meaning that ends its own sentence does not get a second full stop
                definitions=clauses(
                    _("{term}: {meaning}").format(term=k, meaning=v)
                    for k, v in r.definitions.items()
                ).rstrip("."),
                sources=", ".join(r.source_ids),
            )
        )
        defs.setObjectName("sourceLine")
        defs.setWordWrap(True)
        lay.addWidget(defs)
        export = QPushButton(self.tr("Export fact card (PDF)…"))
        export.setAccessibleName(self.tr("Export this claim as a PDF fact card"))
        export.clicked.connect(lambda: self.export_card(r))
        lay.addWidget(export, 0, Qt.AlignmentFlag.AlignLeft)
        return card

    def export_card(self, result, path: str | None = None):
        from minref.briefing.briefs import claim_card
        from minref.briefing.document import BriefOptions, BriefWriteError

        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Save fact card"), f"claim-{result.claim_id}.pdf", "PDF (*.pdf)"
            )
            if not path:
                return None
        try:
            return claim_card(self.data, result, path, BriefOptions())
        except (BriefWriteError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Fact card not saved"), str(exc))
            return None
