"""North American supply: the supply table of a critical list, the dependence map, the
what-if without a country or a partner group, and the IEA outlook."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from minref.analysis import supply as sp
from minref.catalog.models import Figure
from minref.i18n import collation_key, current_locale, format_fixed, ngettext
from minref.ui.chart_tabs import wheel_scrolls_page
from minref.ui.combos import ElidedComboBox
from minref.ui.frozen import FrozenColumnTableView
from minref.ui.tables import Column, RecordTableModel, RecordTableView, tip_lines
from minref.ui.widgets import Page, row

logger = logging.getLogger(__name__)

# The supply table's last two columns, in pixels, read by scrolling sideways; their text
# wraps onto more lines, and the row grows with it: the rare earths' fifteen members in
# 120 px made a row eleven lines tall, metallurgical coal's gaps in 260 px six.
MEMBERS_WIDTH = 320
GAPS_WIDTH = 520
# A wrapped cell on two lines fits a row of the table's usual height (a line is about half
# of it); on three the row grows, and at 1366x768 metallurgical coal's and uranium's rows
# stood twice as tall as their one-line names for gaps scrolled out of sight.  So a column
# that wraps is widened until its texts take two lines at most, up to WRAP_MOST pixels
# (what a 1366x768 window shows of the table beside the frozen names).
WRAP_LINES = 2
WRAP_MOST = 900
# The list box at its widest: the longest list's name whole (US-2025's, 80 characters).
LIST_BOX_WIDTH = 780


_NO_NAME = ("", "")  # the name part of a figure's sort key


def _sort_key(v) -> tuple[bool, float, tuple[str, str]]:
    """(missing, number, name): figures by value (a bound at its bound), text in the
    reader's alphabetical order (i18n.collation_key: "Étain" among the E's)."""
    none = _NO_NAME
    if isinstance(v, Figure):
        x = v.value if v.value is not None else (v.low if v.low is not None else v.high)
        return (x is None, x or 0.0, none)
    if v is None or v == "":
        return (True, 0.0, none)
    if isinstance(v, (int, float)):
        return (False, float(v), none)
    from babel.numbers import NumberFormatError, parse_decimal

    text = str(v).replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    try:  # a number as the reader's locale prints it ("1,234.5", "1 234,5")
        return (False, float(parse_decimal(text, locale=current_locale())), none)
    except (NumberFormatError, ValueError):
        return (False, 0.0, collation_key(str(v)))


# The tabs are never lower than this, however low the window: the table keeps a few rows
# (the page scrolls below it); higher windows give the tabs all their height.
TABS_MIN_HEIGHT = 360


class _EnterOpens(QObject):
    """Enter or Return on a table's current row opens it, as a double-click does (F1's
    shortcut list promises it; Qt's own "activated" is not used, as a double-click emits it
    too and would open the row twice)."""

    def __init__(self, view, open_row):
        super().__init__(view)
        self.open_row = open_row
        view.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
            and obj.currentIndex().isValid()
        ):
            self.open_row(obj.currentIndex().row())
            return True
        return False


def _usmca_row(r: sp.SupplyRow) -> bool:
    """Rows where Mexico and Canada together supply at least half of U.S. imports."""
    mc = r.mexico_canada_imports
    return mc is not None and mc >= 50


class SupplyTableModel(RecordTableModel):
    """The supply table's cells; a share minref cannot compute says what its mark means on
    hover, first (a computed figure's hover text would start with the mark alone); an
    import share's hover adds what the country's other import lines say (its column's
    ``blank_tip``, also said on a blank cell); the
    members cell (column ``members_column``) gives the list's own English on hover, which
    officials quote, under the names in the reader's language."""

    members_column = -1
    catalog = None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            if index.column() == self.members_column:
                tip = super().data(index, role) or ""
                members = self.rows[index.row()].members
                listed = sp.members_as_listed(self.catalog, members) if tip else ""
                return "\n".join(x for x in (tip, listed) if x) or None
            v = self.cell(index.row(), index.column())
            if sp.is_no_share(v):
                tip = super().data(index, role) or ""
                # the mark's meaning in place of the first line, the mark itself
                rest = tip.split("\n", 1)[1] if "\n" in tip else ""
                return tip_lines(sp.no_share_explanation()) + ("\n" + rest if rest else "")
            more = self.columns[index.column()].blank_tip
            if isinstance(v, Figure) and more is not None:
                # An import share: what the country's other import lines add (a larger
                # share of copper scrap than of refined copper), as on a blank cell.
                tip = super().data(index, role) or ""
                return "\n\n".join(t for t in (tip, more(self.rows[index.row()])) if t) or None
        return super().data(index, role)


def _lines(metrics, text: str, width: int) -> int:
    """How many lines ``text`` takes wrapped at words in ``width`` pixels."""
    from PySide6.QtCore import QRect

    flags = int(Qt.TextFlag.TextWordWrap)
    return metrics.boundingRect(QRect(0, 0, width, 1 << 20), flags, text).height() // max(
        1, metrics.lineSpacing()
    )


def _widened_to_lines(view, model: RecordTableModel) -> list[Column]:
    """The model's columns, each fixed-width one as narrow as lets every text of it take
    WRAP_LINES lines at most (never narrower than it was, never wider than WRAP_MOST), in
    its cell's font (a highlighted row's is bold), less the item's margins and grid line."""
    import dataclasses

    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QStyle

    plain = QFont(view.font())
    bold = QFont(plain)
    bold.setBold(True)
    metrics = {"": QFontMetrics(plain), "bold": QFontMetrics(bold)}
    metrics["italic"] = metrics[""]
    margins = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1) + 1
    out = []
    for c, col in enumerate(model.columns):
        if not col.width:
            out.append(col)
            continue
        texts = [
            (model.text(r, c), metrics[model.font_style(r, c)]) for r in range(model.rowCount())
        ]

        def fits(width: int, texts=texts) -> bool:
            return all(not t or _lines(m, t, width - margins) <= WRAP_LINES for t, m in texts)

        lo, hi = col.width, max(col.width, WRAP_MOST)
        if fits(lo) or not fits(hi):
            # already fits; or no width up to the most does: the widest then, fewest lines
            out.append(col if fits(lo) else dataclasses.replace(col, width=hi))
            continue
        while lo < hi:  # the narrowest width that fits (fits() holds from it upwards)
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if fits(mid) else (mid + 1, hi)
        out.append(dataclasses.replace(col, width=lo))
    return out


class SupplyPage(Page):
    kind = "supply"

    def __init__(self, catalog, parent=None):
        super().__init__(catalog, parent)
        self.table: sp.SupplyTable | None = None
        self.rows: list[sp.SupplyRow] = []
        self.sort_col, self.sort_desc = -1, False
        self.chart_view = None
        self.iea = None

    def title(self) -> str:
        return self.tr("North American supply")

    def show_key(self, arg: str) -> None:
        cat = self.catalog
        self.table = sp.supply_table(cat, arg or None)
        self.key = arg
        self.clear()
        cl = self.table.critical_list
        self.add_title(
            self.tr("North American supply"),
            self.tr(
                "Where the U.S. depends on one source, and what Mexico and Canada supply: "
                "one row per mineral of the chosen critical-mineral list."
            ),
        )
        # As wide as the page leaves it, up to its longest list's name; narrower (it was 782
        # px, the page wider than a French or Spanish window at 1366x768) the name ends in
        # "…", whole on hover and in the open list.
        self.list_box = ElidedComboBox(40)
        self.list_box.setAccessibleName(self.tr("Critical-mineral list"))
        for x in sp.critical_lists(cat):
            self.list_box.addItem(f"{x.list_id} — {x.name}", x.list_id)
        self.list_box.setCurrentIndex(max(0, self.list_box.findData(cl.list_id)))
        self.list_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.list_box.setMaximumWidth(LIST_BOX_WIDTH)
        self.list_box.activated.connect(lambda _i: self.show_key(self.list_box.currentData() or ""))
        brief = self.add_brief_button(self.tr("Export briefing (PDF)…"), "supply", [cl.list_id])
        lists = row(QLabel(self.tr("List:")), self.list_box, brief)
        lists.setStretchFactor(self.list_box, 10)  # the room goes to the box, to its widest
        self.layout_.addLayout(lists)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("supplyTabs")
        wheel_scrolls_page(self.tabs)  # the wheel over the tabs scrolls the page
        self._fit_tabs()
        self.tabs.addTab(self._table_tab(), self.tr("Table"))
        self.map_holder = QWidget()
        QVBoxLayout(self.map_holder).setContentsMargins(0, 6, 0, 0)
        self.tabs.addTab(self.map_holder, self.tr("Dependence map"))
        self.tabs.addTab(self._whatif_tab(), self.tr("What if: without…"))
        self.iea_holder = QWidget()
        QVBoxLayout(self.iea_holder).setContentsMargins(0, 6, 0, 0)
        self.tabs.addTab(self.iea_holder, self.tr("IEA outlook"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.layout_.addWidget(self.tabs, 1)
        for n in self.table.notes:
            self.add_text(n, "sourceLine")
        self.add_source_line(
            [cat.source(s) for s in self.table.source_ids],
            self.tr("List: {name}.").format(name=cl.name),
        )

    def _fit_tabs(self) -> None:
        """The tabs fill the window's height (the table scrolls inside its tab), so the map
        and the what-if are never stretched to the table's length; never lower than the
        tab shown needs (at 1366x768 the dependence map's source caption was cut)."""
        if hasattr(self, "tabs"):
            shown = self.tabs.currentWidget()
            need = 0
            if shown is not None:
                bar = self.tabs.tabBar().sizeHint().height()
                need = shown.minimumSizeHint().height() + bar + 8
            # The whole tab in the window, its legend under the table too: at 1366x768 (a
            # window of 1256x690) a fixed 560 px ran past the window's bottom and the French
            # legend read "…ses indicateurs. En", the rest below the fold.
            inner = self.widget()
            top = self.tabs.mapTo(inner, QPoint(0, 0)).y() if inner.isAncestorOf(self.tabs) else 0
            fit = self.viewport().height() - top - 6
            self.tabs.setFixedHeight(max(TABS_MIN_HEIGHT, fit, need))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_tabs()

    def _fit_tabs_later(self) -> None:
        """After the layout has taken the new minimum in (its size hints are then current)."""
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, self, self._fit_tabs)

    def finish(self) -> None:
        """Build the deferred tabs now (tests, screenshots)."""
        self._ensure_map()
        self._ensure_iea()

    # ------------------------------------------------------------ the table
    def _columns(self) -> list[Column]:
        return [
            # What officials read first: how far the U.S. relies on imports and where
            # they come from (Mexico, Canada, China), then world production and reserves.
            Column(self.tr("Mineral"), lambda r: r.name, width=170),
            Column(
                self.tr("NIR %"),
                (lambda r: r.nir),
                True,
                self.tr("U.S. net import reliance, % of apparent consumption, newest year"),
            ),
            Column(self.tr("Year"), lambda r: r.nir.year if r.nir else "", True),
            Column(
                self.tr("MX imp. %"),
                (lambda r: r.mexico_imports),
                True,
                self.tr("Mexico's share of U.S. imports, MCS import sources"),
                blank_tip=lambda r: tip_lines(sp.imports_elsewhere(self.catalog, r, sp.MEXICO)),
                describe=sp.import_share_description,
            ),
            Column(
                self.tr("CA imp. %"),
                (lambda r: r.canada_imports),
                True,
                self.tr("Canada's share of U.S. imports"),
                blank_tip=lambda r: tip_lines(sp.imports_elsewhere(self.catalog, r, sp.CANADA)),
                describe=sp.import_share_description,
            ),
            Column(
                self.tr("CN imp. %"),
                (lambda r: r.china_imports),
                True,
                self.tr("China's share of U.S. imports"),
                blank_tip=lambda r: tip_lines(sp.imports_elsewhere(self.catalog, r, sp.CHINA)),
                describe=sp.import_share_description,
            ),
            Column(self.tr("Import period"), lambda r: r.import_period),
            Column(
                self.tr("China prod. %"),
                (lambda r: r.china_production),
                True,
                self.tr("China's share of USGS's rounded world total (listed countries)"),
                computed=True,
            ),
            Column(
                self.tr("China ref. %"),
                (lambda r: r.china_refining),
                True,
                self.tr("USGS refinery or smelter line where MCS has one, else IEA (2024)"),
                computed=True,
            ),
            Column(
                self.tr("MX prod. %"),
                (lambda r: r.mexico_production),
                True,
                self.tr("Mexico's share of world production"),
                computed=True,
            ),
            Column(
                self.tr("CA prod. %"),
                (lambda r: r.canada_production),
                True,
                self.tr("Canada's share of world production"),
                computed=True,
            ),
            Column(
                self.tr("US prod. %"),
                (lambda r: r.us_production),
                True,
                self.tr("The U.S.'s share of world production"),
                computed=True,
            ),
            Column(
                self.tr("USMCA prod. %"),
                (lambda r: r.usmca_production),
                True,
                self.tr("Mexico + Canada + U.S., stated figures only"),
                computed=True,
            ),
            Column(
                self.tr("Top producer"),
                lambda r: r.concentration.leader if r.concentration else "",
            ),
            Column(
                self.tr("Top %"),
                (lambda r: r.concentration.leader_share if r.concentration else None),
                True,
                self.tr("The top producer's share of the world total"),
                computed=True,
            ),
            Column(
                self.tr("Top-3 %"),
                (lambda r: r.concentration.top3_share if r.concentration else None),
                True,
                computed=True,
            ),
            Column(
                self.tr("HHI"),
                (lambda r: r.concentration.hhi if r.concentration else None),
                True,
                self.tr("Sum of squared percentage shares of world production, {range}").format(
                    range=sp.hhi_range()
                ),
                computed=True,
            ),
            Column(
                self.tr("MX res. %"),
                (lambda r: r.mexico_reserves),
                True,
                self.tr("Mexico's share of world reserves"),
                computed=True,
            ),
            Column(
                self.tr("CA res. %"),
                (lambda r: r.canada_reserves),
                True,
                self.tr("Canada's share of world reserves"),
                computed=True,
            ),
            Column(
                self.tr("US res. %"),
                (lambda r: r.us_reserves),
                True,
                self.tr("The U.S.'s share of world reserves"),
                computed=True,
            ),
            Column(
                self.tr("USMCA res. %"),
                (lambda r: r.usmca_reserves),
                True,
                self.tr("Mexico + Canada + U.S., stated figures only"),
                computed=True,
            ),
            Column(
                self.tr("Production line"),
                lambda r: sp.line_label(r.production.edition, r.production.type, r.production.year)
                if r.production
                else "",
                width=220,
            ),
            # In the reader's language; the list's own English on hover (SupplyTableModel).
            Column(
                self.tr("List members"),
                lambda r: sp.members_text(self.catalog, r.members) if len(r.members) > 1 else "",
                width=MEMBERS_WIDTH,
            ),
            Column(self.tr("Gaps"), lambda r: sp.clauses(r.gaps), width=GAPS_WIDTH),
        ]

    def _table_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 6, 0, 0)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter minerals (name, member or producer)…"))
        self.filter.setAccessibleName(self.tr("Filter minerals"))
        self.filter.setClearButtonEnabled(True)
        # Wide enough for the placeholder in every language ("Filtrer les minéraux (nom, …").
        self.filter.setMinimumWidth(
            max(
                320, self.filter.fontMetrics().horizontalAdvance(self.filter.placeholderText()) + 40
            )
        )
        self.filter.textChanged.connect(self._refilter)
        export = QPushButton(self.tr("Export table (CSV)…"))
        export.clicked.connect(lambda: self.view.export_csv())
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        lay.addLayout(row(self.filter, export, self.count_label))
        self.model = SupplyTableModel(
            self._columns(), self.table.rows, self.catalog.sources, _usmca_row
        )
        self.model.catalog = self.catalog
        self.model.members_column = [c.title for c in self.model.columns].index(
            self.tr("List members")
        )
        # The mineral's name stays in view while the figures scroll sideways: the table is
        # wider than a 1366x768 window, and scrolled right it read row after row of
        # figures with no name beside them.
        self.view = FrozenColumnTableView(self.model, f"supply-{self.table.critical_list.list_id}")
        self.view.setAccessibleName(self.tr("Supply table"))
        self.view.two_line_headers()  # short figures under long titles: Mexico's in view
        fitted = _widened_to_lines(self.view, self.model)
        if fitted != self.model.columns:
            self.model.set_rows(self.model.rows, fitted)
        # Every row of one or two lines equally tall: a row with a two-line cell was 2 px
        # taller than its neighbours (the header's one-line height against the text's).
        rows = self.view.verticalHeader()
        two = WRAP_LINES * QFontMetrics(self.view.font()).lineSpacing() + 1  # + the grid line
        rows.setMinimumSectionSize(max(rows.minimumSectionSize(), two))
        # The gaps, production lines and members whole, on more lines, not cut in their
        # middle ("producción de Esta…idos de América: W": found in the built app).
        self.view.wrap_long_text()
        header = self.view.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sectionClicked.connect(self._sort)
        self.view.doubleClicked.connect(lambda i: self._open_row(self.model.rows, i.row()))
        _EnterOpens(self.view, lambda r: self._open_row(self.model.rows, r))
        lay.addWidget(self.view, 1)
        # The table's legend: what its marks mean, USGS's codes told from minref's own.
        self.legend_label = self._note(
            self.tr(
                "Click a column title to sort, double-click a row to open the commodity; "
                "hover a figure for its source, edition and flags. Shaded: Mexico and "
                "Canada supply half or more of U.S. imports."
            )
            + " "
            + sp.legend()
        )
        lay.addWidget(self.legend_label)
        self._refilter()
        return w

    def _open_row(self, rows, r: int) -> None:
        """The mineral's page, for a row of the table or of the what-if."""
        if 0 <= r < len(rows):
            self.open_requested.emit(f"commodity:{rows[r].commodity_id}")

    def _note(self, text: str) -> QLabel:
        lab = QLabel(text)
        lab.setObjectName("sourceLine")
        lab.setWordWrap(True)
        return lab

    def visible_rows(self) -> list[sp.SupplyRow]:
        """The rows the table shows, filtered and sorted as the user asked."""
        text = self.filter.text().strip().lower()
        rows = [
            r
            for r in self.table.rows
            if not text
            or text in r.name.lower()
            # a member by the reader's name or the list's ("circonio", "zirconium")
            or any(text in m.lower() for m in r.members)
            or any(text in self.catalog.list_member_name(m).lower() for m in r.members)
            or (r.concentration and text in r.concentration.leader.lower())
        ]
        if self.sort_col >= 0:
            get = self.model.columns[self.sort_col].value
            keyed = [(_sort_key(get(r)), r) for r in rows]
            present = [kr for kr in keyed if not kr[0][0]]
            present.sort(key=lambda kr: kr[0], reverse=self.sort_desc)
            # Missing figures always last, never sorted as zero.
            rows = [r for _, r in present] + [r for k, r in keyed if k[0]]
        return rows

    def _refilter(self, *_):
        rows = self.visible_rows()
        self.model.set_rows(rows)
        total = len(self.table.rows)
        self.count_label.setText(
            ngettext("{shown} of {count} mineral", "{shown} of {count} minerals", total).format(
                shown=len(rows), count=total
            )
        )

    def _sort(self, col: int) -> None:
        if col == self.sort_col:
            self.sort_desc = not self.sort_desc
        else:  # numbers largest first, names from A
            first = next((r for r in self.table.rows if self.model.columns[col].value(r)), None)
            text = (
                first is not None and _sort_key(self.model.columns[col].value(first))[2] != _NO_NAME
            )
            self.sort_desc = not text
        self.sort_col = col
        self.view.horizontalHeader().setSortIndicator(
            col, Qt.SortOrder.DescendingOrder if self.sort_desc else Qt.SortOrder.AscendingOrder
        )
        self._refilter()

    # ------------------------------------------------------------ the dependence map
    def _tab_changed(self, index: int) -> None:
        w = self.tabs.widget(index)
        if w is self.map_holder:
            self._ensure_map()
        elif w is self.iea_holder:
            self._ensure_iea()
        self._fit_tabs()

    def _ensure_map(self) -> None:
        if self.chart_view is not None:
            return
        from minref.ui.charts import ChartView

        lay = self.map_holder.layout()
        self.y_box = QComboBox()
        self.y_box.setAccessibleName(self.tr("Vertical axis"))
        self.y_box.addItem(self.tr("China's share of world production"), "china")
        self.y_box.addItem(self.tr("Concentration of world production (HHI)"), "hhi")
        self.y_box.activated.connect(lambda _i: self._draw_map())
        lay.addLayout(row(QLabel(self.tr("Vertical axis:")), self.y_box))
        self._chart_class = ChartView
        self._draw_map()

    def map_spec(self):
        y = self.y_box.currentData() if hasattr(self, "y_box") else "china"
        return sp.dependence_map(self.catalog, table=self.table, y=y or "china")

    def _draw_map(self) -> None:
        if self.chart_view is not None:  # off the page now, deleted when Qt next can
            self.chart_view.hide()
            self.map_holder.layout().removeWidget(self.chart_view)
            self.chart_view.deleteLater()
        self.chart_view = self._chart_class(self.map_spec(), self.catalog.sources)
        self.map_holder.layout().addWidget(self.chart_view, 1)
        # Fitted again whenever the map's height changes (its legend re-flowed when first
        # laid out, or a theme switch drew it again): under X11 the caption was cut.
        self.chart_view.height_needed.connect(self._fit_tabs_later)
        self._fit_tabs()

    # ------------------------------------------------------------ what-if
    def _whatif_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 6, 0, 0)
        self.without_box = QComboBox()
        self.without_box.setAccessibleName(self.tr("Country or partner group to remove"))
        self.without_box.setMinimumWidth(240)
        self._fill_without()
        self.without_box.activated.connect(lambda _i: self._run_whatif())
        groups = QPushButton(self.tr("Partner groups…"))
        groups.clicked.connect(self._edit_groups)
        lay.addLayout(row(QLabel(self.tr("Without:")), self.without_box, groups))
        cols = [
            Column(self.tr("Mineral"), lambda w: w.name, width=170),
            Column(self.tr("Removed share (%)"), lambda w: w.removed_share, True),
            Column(
                self.tr("Share left (%)"),
                lambda w: ""
                if not w.result or w.result.share_left_pct is None
                else format_fixed(w.result.share_left_pct, 1),
                True,
            ),
            Column(
                self.tr("Next three, % of world (% of what is left)"),
                lambda w: sp.clauses(
                    f"{p.name} {format_fixed(p.share_pct, 1)}"
                    + (
                        f" ({format_fixed(p.share_of_rest_pct, 1)})"
                        if p.share_of_rest_pct is not None
                        else ""
                    )
                    for p in w.result.next_three
                )
                if w.result
                else "",
                # as wide as its longest line: in 600 px it read "In…esia 14.2 (14.3)"
            ),
            Column(self.tr("HHI before"), lambda w: w.hhi_before, True),
            Column(
                self.tr("HHI without"),
                lambda w: ""
                if not w.result or w.result.hhi_without is None
                else format_fixed(w.result.hhi_without, 0),
                True,
            ),
            Column(
                self.tr("USMCA prod. vs U.S. consumption"),
                lambda w: sp.verdict_text(w.usmca_vs_consumption.verdict),
            ),
            Column(
                self.tr("Why / basis"),
                lambda w: sp.clauses(
                    x
                    for x in (
                        w.usmca_vs_consumption.reason,
                        w.usmca_vs_consumption.partial,
                        w.result.note if w.result else "",
                        w.line,
                    )
                    if x
                ),
                width=420,
            ),
        ]
        self.whatif_model = RecordTableModel(cols, [], self.catalog.sources)
        self.whatif_view = FrozenColumnTableView(self.whatif_model, "supply-what-if")
        self.whatif_view.setAccessibleName(self.tr("What-if table"))
        # Its rows open their mineral too, by double-click or Enter, as the table's do.
        self.whatif_view.doubleClicked.connect(
            lambda i: self._open_row(self.whatif_model.rows, i.row())
        )
        _EnterOpens(self.whatif_view, lambda r: self._open_row(self.whatif_model.rows, r))
        lay.addWidget(self.whatif_view, 1)
        lay.addWidget(
            self._note(
                self.tr(
                    "Removed share and share left: of USGS's world total, as in the table, "
                    "except where the listed countries' figures add up to more than it: there "
                    "of their sum, so that the two add up to 100% ('Why / basis' gives the "
                    "table's figure beside). Next three: the largest remaining listed "
                    "producers. HHI without: shares of what is left. USMCA production (Mexico "
                    "+ Canada + U.S., same line) is compared with U.S. apparent consumption "
                    "only when unit and basis agree; otherwise 'not comparable' with the reason."
                )
            )
        )
        self._run_whatif()
        return w

    def _fill_without(self) -> None:
        from minref.userdata.groups import GroupsError, load_groups

        box = self.without_box
        box.clear()
        producers = {}
        for r in self.table.rows:
            if r.production:
                for k, n in r.production.names.items():
                    producers[k] = n
        china = self.catalog.country_name(sp.CHINA)
        box.addItem(china, ("country", sp.CHINA))
        for k in sorted(producers, key=producers.get):
            if k != sp.CHINA:
                box.addItem(producers[k], ("country", k))
        try:
            self.groups = load_groups()
        except GroupsError as exc:
            logger.warning("partner groups: %s", exc)
            self.groups = []
        if self.groups:
            box.insertSeparator(box.count())
        for g in self.groups:
            box.addItem(
                self.tr("Group: {name} ({count})").format(name=g.name, count=len(g.members)),
                ("group", g.name),
            )
        box.setCurrentIndex(0)

    def removed(self) -> tuple[set[str], str]:
        kind, key = self.without_box.currentData() or ("country", sp.CHINA)
        if kind == "group":
            g = next((g for g in self.groups if g.name == key), None)
            if g is not None:
                return set(g.members), g.name
        return {key}, self.catalog.country_name(key)

    def _run_whatif(self) -> None:
        removed, label = self.removed()
        self.whatif_label = label
        self.whatif_model.set_rows(sp.what_if(self.table, removed, label))

    def _edit_groups(self) -> None:
        dialog = GroupDialog(self.groups, self)
        if dialog.exec():
            self._fill_without()
            self._run_whatif()

    # ------------------------------------------------------------ IEA outlook
    def _ensure_iea(self) -> None:
        if self.iea is not None:
            return
        lay = self.iea_holder.layout()
        ids = [r.commodity_id for r in self.table.rows]
        self.iea = [p for p in (sp.iea_panel(self.catalog, c) for c in ids) if p]
        if not self.iea:
            lay.addWidget(self._note(self.tr("The IEA file covers none of these minerals.")))
            lay.addStretch(1)
            return
        self.iea_box = QComboBox()
        self.iea_box.setAccessibleName(self.tr("Mineral (IEA)"))
        for p in self.iea:
            self.iea_box.addItem(self.catalog.commodity_name(p.commodity_id) or p.mineral)
        self.iea_box.currentIndexChanged.connect(self._show_iea)
        lay.addLayout(row(QLabel(self.tr("Mineral:")), self.iea_box))
        self.iea_supply = RecordTableView(
            RecordTableModel([], [], self.catalog.sources), "iea-supply"
        )
        self.iea_demand = RecordTableView(
            RecordTableModel([], [], self.catalog.sources), "iea-demand"
        )
        self.iea_supply_label = QLabel()
        self.iea_demand_label = QLabel()
        for w in (self.iea_supply_label, self.iea_supply, self.iea_demand_label, self.iea_demand):
            lay.addWidget(w)
        lay.setStretchFactor(self.iea_supply, 3)
        lay.setStretchFactor(self.iea_demand, 1)
        p = self.iea[0]
        lay.addWidget(
            self._note(
                self.tr(
                    "Source: {citation}, on every figure of this tab. {caveat} Shares are "
                    "minref's computation from the file's figures (country ÷ total)."
                ).format(citation=p.citation, caveat=p.caveat)
            )
        )
        self._show_iea(0)

    def _show_iea(self, index: int) -> None:
        p = self.iea[index]
        mineral = self.catalog.commodity_name(p.commodity_id) or p.mineral
        places = {item: sp.iea_place(self.catalog, item) for _stage, item, _ys in p.rows}
        cols = [
            Column(self.tr("Stage"), lambda x: sp.stage_text(x[0])),
            # as wide as its longest name ("República Democrática del Congo" was cut to
            # "República Demo…tica del Congo" in 210 px beside an empty half-page)
            Column(self.tr("Country"), lambda x: places.get(x[1], x[1])),
        ] + [
            Column(
                f"{y} (%)",
                lambda x, y=y: "" if y not in x[2] else format_fixed(x[2][y], 1),
                True,
                self.tr("{citation}, {mineral}, base case").format(
                    citation=p.citation, mineral=mineral
                ),
            )
            for y in p.years
        ]
        self.iea_supply.table_model().set_rows(p.rows, cols)
        self.iea_supply_label.setText(
            self.tr(
                "{mineral}: mining and refining by country, share of the IEA total, base case"
            ).format(mineral=mineral)
        )
        dcols = [Column(self.tr("Scenario"), lambda x: x[0], width=120)] + [
            Column(
                str(y),
                lambda x, y=y: "" if y not in x[1] else format_fixed(x[1][y], 0),
                True,
                self.tr("{citation}, {mineral}, total demand").format(
                    citation=p.citation, mineral=mineral
                ),
            )
            for y in p.demand_years
        ]
        self.iea_demand.table_model().set_rows(p.demand, dcols)
        self.iea_demand_label.setText(
            self.tr(
                "{mineral}: total demand by scenario (STEPS, APS, NZE; unit not stated in the file)"
            ).format(mineral=mineral)
            if p.demand
            else self.tr("{mineral}: the file holds no total demand by scenario").format(
                mineral=mineral
            )
        )


def _group_problem(exc: Exception) -> str:
    """Why a partner group was not saved or deleted: the group's own message, or which
    file could not be written and why, in the reader's language."""
    from minref.errors import explain_file

    return explain_file(exc) if isinstance(exc, OSError) else str(exc)


class GroupDialog(QDialog):
    """Add, change or delete a partner group (saved in the user's data folder)."""

    def __init__(self, groups, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Partner groups"))
        self.groups = list(groups)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.pick = QComboBox()
        self.pick.addItem(self.tr("(new group)"), "")
        for g in self.groups:
            self.pick.addItem(g.name, g.name)
        self.pick.currentIndexChanged.connect(self._picked)
        self.name = QLineEdit()
        self.members = QLineEdit()
        self.members.setPlaceholderText("MEX, CAN, USA")
        form.addRow(self.tr("Group"), self.pick)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Countries (ISO3)"), self.members)
        lay.addLayout(form)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.delete_button = buttons.addButton(
            self.tr("Delete"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self._picked()

    def _picked(self, *_):
        name = self.pick.currentData() or ""
        g = next((g for g in self.groups if g.name == name), None)
        self.name.setText(g.name if g else "")
        self.members.setText(", ".join(g.members) if g else "")
        self.delete_button.setEnabled(g is not None)

    def save(self) -> bool:
        from minref.userdata.groups import GroupsError, save_group

        try:
            save_group(self.name.text(), self.members.text())
        except (GroupsError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Partner group not saved"), _group_problem(exc))
            return False
        self.accept()
        return True

    def delete(self) -> bool:
        from minref.userdata.groups import GroupsError, delete_group

        try:
            delete_group(self.pick.currentData() or "")
        except (GroupsError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Partner group not deleted"), _group_problem(exc))
            return False
        self.accept()
        return True
