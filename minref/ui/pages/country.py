"""Country pages: standing in world production and reserves, U.S. import shares, trade."""

from __future__ import annotations

import logging

from minref.analysis.text import pct, place_name
from minref.ui.tables import Column, RecordTableModel, RecordTableView
from minref.ui.widgets import Page

logger = logging.getLogger(__name__)


class CountryPage(Page):
    kind = "country"

    def __init__(self, catalog, parent=None):
        super().__init__(catalog, parent)
        self.standing = None

    def title(self) -> str:
        return self.standing.name_en if self.standing else self.key

    def show_key(self, arg: str) -> None:
        cat = self.catalog
        s = cat.country_standing(arg or "MEX")
        self.key, self.standing = s.iso3, s
        self.clear()
        self.add_title(s.name_en, f"{s.name_es} · {s.iso3}")
        if s.iso3 == "MEX":
            from minref.ui.widgets import row

            self.layout_.addLayout(
                row(
                    self.add_brief_button(
                        self.tr("Mexico–United States briefing (PDF)…"), "mexico-us"
                    )
                )
            )
        self.add_section(self.tr("Rank and share in world production and reserves"))
        if s.entries:
            cols = [
                Column(self.tr("Commodity"), lambda e: e.commodity_name),
                Column(
                    self.tr("Line"),
                    lambda e: e.type
                    if e.measure in e.type.lower() or e.measure == "production"
                    else f"{e.measure.capitalize()}: {e.type}",
                    width=280,
                ),
                Column(
                    self.tr("Rank"),
                    lambda e: f"{e.rank}/{e.listed_countries}"
                    if e.rank
                    else f"—/{e.listed_countries}",
                    True,
                    "Rank among the countries USGS lists",
                ),
                Column(self.tr("Figure"), lambda e: e.figure, True),
                Column(self.tr("Unit"), lambda e: e.unit),
                Column(self.tr("Share of world"), lambda e: pct(e.share_pct), True),
                Column(self.tr("Edition, year"), lambda e: f"MCS {e.edition}, {e.year}"),
            ]
            latest = cat.latest_edition
            model = RecordTableModel(
                cols,
                s.entries,
                cat.sources,
                lambda e: bool(
                    e.rank and e.rank <= 10 and e.measure == "production" and e.edition == latest
                ),
                highlight_bold=False,
            )
            view = RecordTableView(model, f"standing-{s.iso3}")
            view.setAccessibleName(self.tr("Rank and share by commodity"))
            view.doubleClicked.connect(
                lambda i: self.open_requested.emit(f"commodity:{s.entries[i.row()].commodity_id}")
            )
            view.fit_height(80)
            self.standing_view = view
            self.layout_.addWidget(view)
            from minref.analysis.claims import older_top10, top10_count

            n, top, _ = top10_count(cat, edition=latest, iso3=s.iso3)
            older = older_top10(cat, s.iso3)
            self.add_text(
                f"In MCS {latest}, {s.name_en} ranks in the top 10 among listed "
                f"countries for {n} commodities (highlighted): {', '.join(top)}."
                + (f" Top 10 in an older edition only: {', '.join(older)}." if older else "")
                + " Double-click a line to open the commodity."
            )
            self.add_source_line(
                s.sources,
                "Newest edition that lists the country, per "
                "commodity; latest year of that edition.",
            )
        else:
            self.add_text(
                "USGS lists this country in no world production or reserves table "
                "held in the catalog."
            )
        if s.import_shares:
            self.add_section(self.tr("Share of U.S. imports"))
            cols = [
                Column(self.tr("Commodity"), lambda t: t[1]),
                Column(self.tr("Product"), lambda t: t[2].detail),
                Column(self.tr("Share (%)"), lambda t: t[2].figure, True),
                Column(self.tr("Period"), lambda t: t[2].period),
            ]
            model = RecordTableModel(cols, s.import_shares, cat.sources)
            view = RecordTableView(model, f"import-shares-{s.iso3}")
            view.fit_height(60)
            self.layout_.addWidget(view)
            ids = sorted({t[2].figure.source_id for t in s.import_shares})
            periods = ", ".join(sorted({t[2].period for t in s.import_shares if t[2].period}))
            self.add_source_line(
                [cat.source(i) for i in ids],
                self.tr("U.S. import sources, {period} average.").format(period=periods),
            )
        summary = cat.trade_summary(s.iso3)
        self.add_section(self.tr("Trade flows in the catalog"))
        if summary:
            cols = [
                Column(self.tr("Source"), lambda t: t["source_id"]),
                Column(self.tr("Reporter"), lambda t: place_name(cat, t["reporter"])),
                Column(self.tr("Partner"), lambda t: place_name(cat, t["partner"])),
                Column(self.tr("Flow"), lambda t: t["flow"]),
                Column(self.tr("HS codes"), lambda t: t["hs_codes"], True),
                Column(self.tr("Years"), lambda t: f"{t['first_year']}–{t['last_year']}"),
                Column(self.tr("Rows"), lambda t: t["rows"], True),
            ]
            model = RecordTableModel(cols, summary, cat.sources)
            view = RecordTableView(model, f"trade-summary-{s.iso3}")
            view.fit_height(30)
            self.layout_.addWidget(view)
            self.add_text(
                f'<a href="trade:{s.iso3}">Open these flows in the Trade page</a>.', rich=True
            )
        else:
            self.add_text("No trade rows held with this country as reporter or partner.")
        self.layout_.addStretch(1)
