"""The trade page: flows by reporter, partner, HS code and year, each row with its source."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton

from minref.catalog.models import format_number
from minref.catalog.search import hs_dotted
from minref.ui.tables import Column, RecordTableModel, RecordTableView
from minref.ui.widgets import Page, row

ROW_LIMIT = 5000


def _money(v):
    return "" if v is None else format_number(v)


class TradePage(Page):
    kind = "trade"

    def title(self) -> str:
        return "Trade"

    def show_key(self, arg: str) -> None:
        if getattr(self, "view", None) is None:
            self._build()
        iso3 = (arg or "MEX").upper()
        i = self.reporter.findData(iso3)
        if i >= 0:
            self.reporter.setCurrentIndex(i)
            if iso3 == "MEX":
                self.partner.setCurrentIndex(max(0, self.partner.findData("USA")))
        else:
            # a country that only appears as partner: show what is reported about it
            self.partner.setCurrentIndex(max(0, self.partner.findData(iso3)))
        self.key = iso3
        self.refresh()

    def _build(self) -> None:
        cat = self.catalog
        self.add_title(self.tr("Trade"), "Flows held in the catalog. Coverage is partial: "
                       "UN Comtrade metal headings (exports), U.S.–China critical minerals, "
                       "USITC HTS4 with 18 partners (not Mexico), U.S. Census HS2 imports "
                       "2023–2024.")
        self.reporter = QComboBox()
        self.reporter.setAccessibleName(self.tr("Reporter"))
        for iso3, name, n in cat.trade_reporters():
            self.reporter.addItem(f"{name} ({iso3})", iso3)
        self.partner = QComboBox()
        self.partner.setAccessibleName(self.tr("Partner"))
        self.partner.addItem(self.tr("All partners"), None)
        for iso3, name, es, n in cat.countries_with_data():
            self.partner.addItem(f"{name} ({iso3})", iso3)
        self.hs = QLineEdit()
        self.hs.setPlaceholderText(self.tr("HS code or prefix, e.g. 7106 or 28.46"))
        self.hs.setAccessibleName(self.tr("HS code filter"))
        self.flow = QComboBox()
        self.flow.setAccessibleName(self.tr("Flow"))
        for label, value in ((self.tr("Any flow"), None), (self.tr("Exports"), "export"),
                             (self.tr("Imports"), "import")):
            self.flow.addItem(label, value)
        go = QPushButton(self.tr("Show"))
        go.clicked.connect(self.refresh)
        self.hs.returnPressed.connect(self.refresh)
        for combo in (self.reporter, self.partner, self.flow):
            combo.currentIndexChanged.connect(self.refresh)
        self.layout_.addLayout(row(QLabel(self.tr("Reporter:")), self.reporter,
                                   QLabel(self.tr("Partner:")), self.partner, self.flow,
                                   self.hs, go))
        cols = [Column("Year", lambda f: f.year), Column("Period", lambda f: f.period if
                                                         f.period != "month" else f"{f.month:02d}"),
                Column("Reporter", lambda f: f.reporter_iso3 or f.reporter_label),
                Column("Flow", lambda f: f.flow),
                Column("Partner", lambda f: f.partner_label),
                Column("HS", lambda f: hs_dotted(f.hs_code)),
                Column("Description", lambda f: f.hs_description, width=300),
                Column("Value (US$)", lambda f: _money(f.value_usd), True),
                Column("Basis", lambda f: f.value_basis),
                Column("Quantity", lambda f: _money(f.quantity), True),
                Column("Unit", lambda f: f.quantity_unit),
                Column("Flags", lambda f: " ".join(f.flags)),
                Column("Source", lambda f: f.source_id)]
        self.model = RecordTableModel(cols, [], cat.sources)
        self.view = RecordTableView(self.model, "trade-flows")
        self.view.setAccessibleName(self.tr("Trade flows"))
        self.layout_.addWidget(self.view, 1)
        self.note = QLabel()
        self.note.setObjectName("sourceLine")
        self.note.setWordWrap(True)
        self.layout_.addWidget(self.note)

    def refresh(self, *_):
        cat = self.catalog
        flows = cat.trade_flows(self.reporter.currentData(), self.partner.currentData(),
                                self.hs.text().strip() or None, None, self.flow.currentData(),
                                limit=ROW_LIMIT + 1)
        more = len(flows) > ROW_LIMIT
        flows = flows[:ROW_LIMIT]
        self.model.set_rows(flows)
        sources = sorted({f.source_id for f in flows})
        cites = "; ".join(f"{cat.source(s).citation()} — {cat.source(s).attribution}"
                          for s in sources)
        self.note.setText((f"{len(flows)} rows" + (f" (first {ROW_LIMIT}; narrow the "
                                                   "selection)" if more else "")
                           + (f". Sources: {cites}" if cites else
                              ". No rows held for this selection.")))
