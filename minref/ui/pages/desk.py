"""The Mexico-U.S. trade desk (flows, partner shares with HHI, mirror view, coverage map,
imports of the user's own files) and the claim checker."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from minref.analysis import trade as tr
from minref.analysis.text import pct
from minref.catalog.models import format_number
from minref.catalog.search import hs_dotted
from minref.ui.tables import Column, RecordTableModel, RecordTableView
from minref.ui.widgets import Page, row

logger = logging.getLogger(__name__)

LEVELS = (("Chapter (HS 2)", 2), ("Heading (HS 4)", 4), ("Subheading (HS 6)", 6))


def _name_key(name: str) -> str:
    """Sort key for names in the user's language: accents and case ignored."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", name or "")
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold()


def _usd(v: float | None) -> str:
    return "" if v is None else format_number(round(v))


def open_user_data():
    """The user's data file, or None (with the reason logged) if it cannot be opened."""
    import logging

    from minref.userdata.store import UserData, UserDataError, default_path

    try:
        return UserData(default_path())
    except UserDataError as exc:
        logging.getLogger(__name__).warning("user data not available: %s", exc)
        return None


class TradeDeskPage(Page):
    kind = "trade"

    def title(self) -> str:
        return "Trade desk"

    def show_key(self, arg: str) -> None:
        if getattr(self, "tabs", None) is None:
            self._build()
        iso3 = (arg or "MEX").upper()
        i = self.reporter.findData(iso3)
        if i >= 0:
            self.reporter.setCurrentIndex(i)
        self.key = iso3
        self.refresh()

    def _build(self) -> None:
        cat = self.catalog
        self.user = open_user_data()
        self.data = tr.TradeData(cat, self.user)
        self.add_title(
            self.tr("Trade desk"),
            "Flows held: Mexico's own declarations by HS4 heading and main partner (UN "
            "Comtrade), UN Comtrade metal headings (exports by partner), U.S.–China critical "
            "minerals, USITC HTS4 (18 partners, not Mexico), U.S. Census HS2 imports, and any "
            "file you import. Every row keeps its source.",
        )
        self.reporter = QComboBox()
        self.reporter.setAccessibleName(self.tr("Reporter"))
        for iso3, name, _ in sorted(cat.trade_reporters(), key=lambda r: _name_key(r[1])):
            self.reporter.addItem(f"{name} ({iso3})", iso3)
        self.partner = QComboBox()
        self.partner.setAccessibleName(self.tr("Partner"))
        self.partner.addItem(self.tr("All partners"), None)
        for iso3, name, _, _ in sorted(cat.countries_with_data(), key=lambda r: _name_key(r[1])):
            self.partner.addItem(f"{name} ({iso3})", iso3)
        self.partner.setCurrentIndex(max(0, self.partner.findData("USA")))
        self.flow = QComboBox()
        self.flow.setAccessibleName(self.tr("Flow"))
        for label, value in (("Exports", "export"), ("Imports", "import"), ("Any flow", None)):
            self.flow.addItem(self.tr(label), value)
        self.level = QComboBox()
        self.level.setAccessibleName(self.tr("HS level"))
        for label, lv in LEVELS:
            self.level.addItem(self.tr(label), lv)
        self.level.setCurrentIndex(1)
        self.hs = QLineEdit()
        self.hs.setPlaceholderText(self.tr("HS prefix, e.g. 71 or 7106"))
        self.hs.setAccessibleName(self.tr("HS code prefix"))
        self.year_from = QSpinBox()
        self.year_to = QSpinBox()
        every = cat.trade_years()  # the range: every year held (imports may add others)
        mexico = sorted({y for _, y, _ in cat.trade_flow_values("MEX", None, "export")})
        held = mexico or every  # the default: the years of Mexico's declared exports
        first, last = (held[0], held[-1]) if held else (2000, 2000)
        lo, hi = (every[0], every[-1]) if every else (first, last)
        for sb, v in ((self.year_from, first), (self.year_to, last)):
            sb.setRange(min(lo, 1990), max(hi, 2030))
            sb.setValue(v)
            sb.setAccessibleName(
                self.tr("First year") if sb is self.year_from else self.tr("Last year")
            )
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
        self.tabs.setAccessibleName(self.tr("Trade desk views"))
        self.layout_.addWidget(self.tabs, 1)
        # Flows
        self.flow_model = RecordTableModel(
            [
                Column(self.tr("Year"), lambda r: r.year),
                Column(self.tr("Reporter"), lambda r: r.reporter),
                Column(self.tr("Flow"), lambda r: r.flow),
                Column(self.tr("Partner"), lambda r: r.partner, width=170),
                Column(self.tr("HS"), lambda r: hs_dotted(r.hs)),
                Column(
                    self.tr("Description"), lambda r: self.catalog.hs_description(r.hs), width=260
                ),
                Column(self.tr("Value (US$)"), lambda r: _usd(r.value_usd), True),
                Column(self.tr("Quantity"), lambda r: _usd(r.quantity), True),
                Column(self.tr("Unit"), lambda r: r.quantity_unit),
                Column(
                    self.tr("Months"),
                    lambda r: r.months or "",
                    True,
                    "12 = a year summed from monthly data",
                ),
                Column(self.tr("Source"), lambda r: r.source_id, width=200),
            ],
            [],
            self.data.sources(),
        )
        self.flow_view = RecordTableView(self.flow_model, "desk-flows")
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
                Column(self.tr("Partner"), lambda s: s.partner),
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
                Column(self.tr("Compared on"), lambda m: m.basis or "not comparable", width=140),
                Column(self.tr("Gap (US$)"), lambda m: _usd(m.gap), True),
                Column(self.tr("Gap (%)"), lambda m: pct(m.gap_pct) if m.comparable else "", True),
                Column(self.tr("Why / headings"), lambda m: m.note, width=320),
                Column(
                    self.tr("Sources"), lambda m: ", ".join(m.a_sources + m.b_sources), width=260
                ),
            ],
            [],
            self.data.sources(),
        )
        self.mirror_view = RecordTableView(self.mirror_model, "desk-mirror")
        self.mirror_view.setAccessibleName(self.tr("Mirror view"))
        causes = QLabel("Why the two sides differ: " + " ".join(tr.MIRROR_CAUSES))
        causes.setWordWrap(True)
        causes.setObjectName("sourceLine")
        self.tabs.addTab(self._wrap(self.mirror_view, causes), self.tr("Mirror"))
        # Coverage
        self.cov_model = RecordTableModel([], [], self.data.sources())
        self.cov_view = RecordTableView(self.cov_model, "desk-coverage")
        self.cov_view.setAccessibleName(self.tr("Coverage map"))
        self.tabs.addTab(
            self._wrap(
                QLabel(
                    self.tr("Mexico–U.S. flows held, by HS chapter and year (empty = not held).")
                ),
                self.cov_view,
            ),
            self.tr("Coverage"),
        )
        # Imports
        self.import_model = RecordTableModel(
            [
                Column(self.tr("Source id"), lambda i: i.source_id),
                Column(self.tr("File"), lambda i: i.file_name),
                Column(self.tr("Format"), lambda i: i.file_format),
                Column(self.tr("Rows"), lambda i: i.rows, True),
                Column(self.tr("Imported"), lambda i: i.imported_at),
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
        self.tabs.addTab(
            self._wrap(
                QLabel(
                    self.tr(
                        "Your own files (UN Comtrade CSV, CEPII BACI CSV, U.S. Census API "
                        "JSON/CSV, USITC DataWeb CSV) go to your data file, never into the "
                        "bundled catalog."
                    )
                ),
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
        """The HS x year table of the current reporter, partner and flow (years chosen)."""
        flows, _ = self.query()
        lo, hi = self.year_from.value(), self.year_to.value()
        years = [y for y in tr.held_years(flows) if lo <= y <= hi]
        return tr.hs_year_table(
            flows,
            title=self.flow_title(),
            chapters=self.hs_chapters.isChecked(),
            years=years,
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
        self.hs_title.setText(t.title + (" by HS heading and year (US$)" if t.rows else ""))
        indent = "    "

        def label(r) -> str:
            if r.level == 0:
                return r.label
            return (indent if r.level == 4 and self.hs_chapters.isChecked() else "") + (
                f"{hs_dotted(r.code)} {r.label}"
            )

        cols = [Column(self.tr("HS"), label, width=250)] + [
            Column(str(y), (lambda y: lambda r: _usd(r.value(y)))(y), True) for y in t.years
        ]
        cols.append(Column(self.tr("Source"), lambda r: ", ".join(r.sources), width=200))
        self.hs_model.set_rows(t.rows + ([t.total] if t.rows else []), cols)
        self.hs_notes.setText(
            " ".join(
                [
                    "Chapter rows sum only the headings held and say so; a total row ends the "
                    "table. Empty cells: not held (never zero)."
                ]
                + list(t.notes)
                + (
                    [
                        "Also held but not added (another source holds the same heading and "
                        "year): "
                        + ", ".join(f"{n} rows of {s}" for s, n in sorted(self.dropped.items()))
                        + "."
                    ]
                    if getattr(self, "dropped", None)
                    else []
                )
            )
        )
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

    def query(self):
        """The rows of the current selection, summed to the chosen HS level."""
        flows = self.data.flows(
            self.reporter.currentData(),
            self.partner.currentData(),
            self.hs.text().strip() or None,
            None,
            self.flow.currentData(),
        )
        lo, hi = self.year_from.value(), self.year_to.value()
        flows = [f for f in flows if lo <= f.year <= hi]
        # one source per heading and year: values never add up across sources
        flows, self.dropped = tr.one_source_per_cell(flows)
        return flows, tr.annual_flows(flows, self.level.currentData())

    def chart_spec(self):
        from minref.analysis.charts import desk_chart

        _, rows = self.query()
        return desk_chart(
            rows,
            self.data.sources(),
            f"{self.flow_title()} by HS code",
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

    def refresh(self, *_):
        flows, rows = self.query()
        self.flow_model.set_rows(rows)
        self._fill_hs_table()
        self._maybe_chart()
        product = self.hs.text().strip().replace(".", "")
        lo, hi = self.year_from.value(), self.year_to.value()
        flow_name = self.flow.currentData() or "export"
        if product:
            conc = tr.product_partner_shares(
                self.data, self.reporter.currentData(), product, flow_name, (lo, hi)
            )
            self.share_model.set_rows(conc.shares)
            what = tr.flow_title(
                self.reporter.currentData(), None, flow_name, self.catalog.country_name
            )
            self.share_label.setText(
                f"Every partner's share: {what}, HS {hs_dotted(product)} ({lo}–{hi}), total "
                f"US${_usd(conc.total_usd)}. HHI "
                f"{conc.hhi:,.0f}; top-3 share {pct(conc.top3_pct)}. {conc.scale} {conc.note}"
            )
        else:
            self.share_model.set_rows([])
            self.share_label.setText(
                self.tr(
                    "Choose a product (an HS prefix above, e.g. 2603 or 7106) to see every "
                    "partner's share of it; the partner selector does not apply here."
                )
            )
        rep = self.reporter.currentData() or "MEX"
        par = self.partner.currentData() or "USA"
        self.mirror_model.set_rows(tr.mirror_like_with_like(self.data, rep, par))
        cells = tr.coverage(self.data, rep, par)
        years = sorted({c.year for c in cells})
        chapters = sorted({c.chapter for c in cells})
        grid = {(c.chapter, c.year): c.held for c in cells}
        self.cov_model.set_rows(
            chapters,
            [Column(self.tr("HS chapter"), lambda ch: ch)]
            + [
                Column(str(y), (lambda y: lambda ch: "; ".join(grid[(ch, y)]) or "—")(y), width=150)
                for y in years
            ],
        )
        self.import_model.set_rows(self.user.imports() if self.user else [])
        sources = sorted({r.source_id for r in rows})
        cites = "; ".join(
            f"{self.data.source(s).citation()} — {self.data.source(s).attribution}"
            for s in sources
            if self.data.source(s)
        )
        self.note.setText(
            f"{len(rows)} rows. "
            + (f"Sources: {cites}" if cites else "No rows held for this selection.")
        )

    # ------------------------------------------------------------ imports
    def ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
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
            QMessageBox.warning(
                self, self.tr("Import"), self.tr("Your data file cannot be opened; see the log.")
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
                self.tr("{0}\n\n{1}\n\nNothing was imported.").format(path, exc),
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
                self.tr("Remove {0} ({1} rows) from your data? The file itself stays.").format(
                    rec.file_name, format_number(rec.rows)
                ),
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
        lay = QVBoxLayout(box)
        text = QLabel(preview.summary() + "\n" + "\n".join(preview.warnings))
        text.setWordWrap(True)
        lay.addWidget(text)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(box.accept)
        buttons.rejected.connect(box.reject)
        lay.addWidget(buttons)
        return box.exec() == QDialog.DialogCode.Accepted


class ClaimsPage(Page):
    kind = "claims"

    def title(self) -> str:
        return "Claim checker"

    def show_key(self, arg: str) -> None:
        self.key = "claims"
        if getattr(self, "cards", None) is None:
            self._build()
        self.recompute()

    def _build(self) -> None:
        self.data = tr.TradeData(self.catalog, open_user_data())
        self.add_title(
            self.tr("Claim checker"),
            "What the data held supports of statements made about Mexico's "
            "minerals, under stated definitions. Change a definition and recompute.",
        )
        from minref.analysis import claims

        self.year = QComboBox()
        self.year.setAccessibleName(self.tr("Trade year"))
        self.year.addItem(self.tr("every year held"), None)
        years = tr.held_years(
            [f for f in self.data.flows("MEX", None, None, None, "export") if len(f.hs_code) == 4]
        )
        for y in reversed(years):
            self.year.addItem(str(y), y)
        self.basket = QComboBox()
        self.basket.setAccessibleName(self.tr("Product basket for claims 1 and 2"))
        for b in claims.BASKETS.values():
            self.basket.addItem(b.label, b.id)
        self.basket.setCurrentIndex(max(0, self.basket.findData(claims.DEFAULT_BASKET)))
        self.threshold = QComboBox()
        self.threshold.setAccessibleName(self.tr("Threshold for counting products (claim 2)"))
        for v in (0.0, 100_000.0, 1_000_000.0, 10_000_000.0):
            self.threshold.addItem(f"> US${v:,.0f}", v)
        self.threshold.setCurrentIndex(2)
        self.precious = QCheckBox(self.tr("Count gold and silver"))
        self.precious.setChecked(True)
        self.edition = QComboBox()
        self.edition.setAccessibleName(self.tr("MCS edition for claim 3"))
        for e in reversed(self.catalog.full_editions):  # a partial edition cannot rank
            self.edition.addItem(f"MCS {e}", e)
        self.count = QComboBox()
        self.count.setAccessibleName(self.tr("What to count for claim 3"))
        self.count.addItem(self.tr("commodities"), "commodities")
        self.count.addItem(self.tr("production lines"), "lines")
        self.mine_only = QCheckBox(self.tr("Mine production only"))
        self.mine_only.setChecked(True)  # the strict reading first
        go = QPushButton(self.tr("Recompute"))
        go.clicked.connect(self.recompute)
        self.layout_.addLayout(
            row(
                QLabel(self.tr("Trade year:")),
                self.year,
                QLabel(self.tr("Basket:")),
                self.basket,
                QLabel(self.tr("Products:")),
                self.threshold,
                self.precious,
            )
        )
        self.layout_.addLayout(
            row(
                QLabel(self.tr("Edition:")),
                self.edition,
                QLabel(self.tr("Count:")),
                self.count,
                self.mine_only,
                go,
            )
        )
        self.cards = QVBoxLayout()
        self.layout_.addLayout(self.cards)
        self.layout_.addStretch(1)
        self.results = []

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
        card.setAccessibleName(f"{r.claim} {r.verdict}")
        lay = QVBoxLayout(card)
        head = QLabel(f"“{r.claim}”")
        head.setObjectName("sectionTitle")
        head.setWordWrap(True)
        verdict = QLabel(f"Verdict: {r.verdict}")
        verdict.setObjectName("cardValue")
        value = QLabel(f"The data held: {r.value}")
        value.setWordWrap(True)
        why = QLabel(r.reason)
        why.setWordWrap(True)
        who = QLabel(
            "Claimed by: "
            + (
                "; ".join(
                    f"{c.get('originator')} — {c.get('claim_paraphrased')} "
                    f"({c.get('figure')} {c.get('unit')}; {c.get('published_by')}, "
                    f"{c.get('date')})"
                    for c in r.claimed_by
                )
                or "not in the claims register"
            )
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
                        h,  # the full title on hover; long titles get a fixed width
                        width=360 if i == 0 else (0 if len(h) < 20 else 150),
                    )
                    for i, h in enumerate(r.table_header)
                ],
                r.table,
            )
            grid_view = RecordTableView(grid, f"claim-{r.claim_id}-grid")
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
            "Definitions: "
            + "; ".join(f"{k}: {v}" for k, v in r.definitions.items())
            + ". Sources: "
            + ", ".join(r.source_ids)
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
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save fact card"), f"claim-{result.claim_id}.pdf", "PDF (*.pdf)"
            )
            if not path:
                return None
        try:
            return claim_card(self.data, result, path, BriefOptions())
        except (BriefWriteError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Fact card not saved"), str(exc))
            return None
