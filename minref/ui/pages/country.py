"""Country pages: standing in world production and reserves, U.S. import shares, trade."""

from __future__ import annotations

import logging

from minref.analysis.text import (
    import_product,
    line_label_text,
    no_share_mark,
    no_share_note,
    place_name,
    share_text,
    unit_label,
)
from minref.catalog.models import format_number
from minref.i18n import N_, _, current_language, ngettext, pgettext
from minref.ui.pages.desk import flow_name
from minref.ui.tables import Column, RecordTableModel, RecordTableView
from minref.ui.widgets import Page

logger = logging.getLogger(__name__)


# Said under the table in Spanish and French, whose product names stay USGS's own.
IMPORT_PRODUCTS_NOTE = N_("Products as USGS names them among the import sources, in English.")


def measure_line(measure: str, line: str) -> str:
    """A standing's line: USGS's line name in the reader's language, after the measure when
    the name does not say it ("Reserves: Mine production, recoverable", "Reservas:
    Producción minera, bentonita"); whether it says it is read from USGS's English."""
    text = line_label_text(line)
    if measure in line.lower() or measure == "production":
        return text
    names = {
        "reserves": pgettext("measure", "Reserves"),
        "capacity": pgettext("measure", "Capacity"),
    }
    return _("{measure}: {line}").format(
        measure=names.get(measure, measure.capitalize()), line=text
    )


class CountryPage(Page):
    kind = "country"

    def __init__(self, catalog, parent=None):
        super().__init__(catalog, parent)
        self.standing = None

    def title(self) -> str:
        return self.catalog.country_name(self.standing.iso3) if self.standing else self.key

    def show_key(self, arg: str) -> None:
        cat = self.catalog
        s = cat.country_standing(arg or "MEX")
        self.key, self.standing = s.iso3, s
        self.clear()
        # The country's name in the reader's language; its names in the other two beneath.
        names = [
            self.catalog.country_name(s.iso3, lang)
            for lang in ("en", "es", "fr")
            if lang != current_language()
        ]
        others = " · ".join(dict.fromkeys(n for n in names if n))
        self.add_title(
            self.catalog.country_name(s.iso3),
            _("{names} · {code}").format(names=others, code=s.iso3) if others else s.iso3,
        )
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
                    lambda e: measure_line(e.measure, e.type),
                    width=220,
                ),
                Column(
                    self.tr("Rank"),
                    lambda e: f"{e.rank}/{e.listed_countries}"
                    if e.rank
                    else f"—/{e.listed_countries}",
                    True,
                    _("Rank among the countries USGS lists"),
                ),
                Column(self.tr("Figure"), lambda e: e.figure, True),
                Column(self.tr("Unit"), lambda e: unit_label(e.unit)),
                Column(
                    self.tr("Share of world"), lambda e: share_text(e.share_pct, e.figure), True
                ),
                Column(
                    self.tr("Edition, year"),
                    lambda e: _("MCS {edition}, {year}").format(edition=e.edition, year=e.year),
                ),
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
            view.activated.connect(  # Enter, and a double click
                lambda i: self.open_requested.emit(f"commodity:{s.entries[i.row()].commodity_id}")
            )
            view.fit_height(80)
            self.standing_view = view
            self.layout_.addWidget(view)
            if any(share_text(e.share_pct, e.figure) == no_share_mark() for e in s.entries):
                self.add_text(no_share_note(), "sourceLine")
            from minref.analysis.text import corrected_figures_line, corrected_legend

            # A figure USGS corrected (Brazil's rare-earth reserves, MCS 2026 v1.3): its
            # cell's mark explained, and what it was.
            corrected = corrected_figures_line(
                (e.commodity_name, measure_line(e.measure, e.type), e.figure) for e in s.entries
            )
            if corrected:
                self.add_text(corrected_legend() + " " + corrected, "sourceLine")
            from minref.analysis.claims import older_top10, top10_count

            n, top, _ids = top10_count(cat, edition=latest, iso3=s.iso3)
            older = older_top10(cat, s.iso3)
            country = self.catalog.country_name(s.iso3)
            parts = [
                ngettext(
                    "In MCS {edition}, {country} ranks in the top 10 among listed countries "
                    "for {n} commodity (highlighted): {commodities}.",
                    "In MCS {edition}, {country} ranks in the top 10 among listed countries "
                    "for {n} commodities (highlighted): {commodities}.",
                    n,
                ).format(edition=latest, country=country, n=n, commodities=", ".join(top))
                if n
                else _(
                    "In MCS {edition}, {country} ranks in the top 10 among listed countries "
                    "for no commodity."
                ).format(edition=latest, country=country)
            ]
            if older:
                parts.append(
                    _("Top 10 in an older edition only: {commodities}.").format(
                        commodities=", ".join(older)
                    )
                )
            parts.append(_("Double-click a line to open the commodity."))
            self.add_text(" ".join(parts))
            self.add_source_line(
                s.sources,
                _(
                    "Newest edition that lists the country, per commodity; latest year of "
                    "that edition."
                ),
            )
        else:
            self.add_text(
                _(
                    "USGS lists this country in no world production or reserves table held "
                    "in the catalog."
                )
            )
        if s.import_shares:
            self.add_section(self.tr("Share of U.S. imports"))
            cols = [
                Column(self.tr("Commodity"), lambda t: t[1]),  # named in the reader's language
                # USGS's product words ("Ore and concentrates"), its "All" in the reader's
                # language (the Spanish page read "All": found in the built app).
                Column(pgettext("CountryPage", "Product"), lambda t: import_product(t[2].detail)),
                Column(self.tr("Share (%)"), lambda t: t[2].figure, True),
                Column(self.tr("Period"), lambda t: t[2].period),
            ]
            model = RecordTableModel(cols, s.import_shares, cat.sources)
            view = RecordTableView(model, f"import-shares-{s.iso3}")
            view.setAccessibleName(self.tr("Share of U.S. imports"))
            view.fit_height(60)
            self.layout_.addWidget(view)
            ids = sorted({t[2].figure.source_id for t in s.import_shares})
            periods = ", ".join(sorted({t[2].period for t in s.import_shares if t[2].period}))
            self.add_source_line(
                [cat.source(i) for i in ids],
                self.tr("U.S. import sources, {period} average.").format(period=periods)
                + ("" if current_language() == "en" else " " + _(IMPORT_PRODUCTS_NOTE)),
            )
        summary = cat.trade_summary(s.iso3)
        self.add_section(self.tr("Trade flows in the catalog"))
        if summary:
            cols = [
                Column(self.tr("Source"), lambda t: t["source_id"]),
                Column(self.tr("Reporter"), lambda t: place_name(cat, t["reporter"])),
                Column(self.tr("Partner"), lambda t: place_name(cat, t["partner"])),
                Column(self.tr("Flow"), lambda t: flow_name(t["flow"])),
                Column(self.tr("HS codes"), lambda t: t["hs_codes"], True),
                Column(self.tr("Years"), lambda t: f"{t['first_year']}–{t['last_year']}"),
                Column(self.tr("Rows"), lambda t: format_number(t["rows"]), True),
            ]
            model = RecordTableModel(cols, summary, cat.sources)
            view = RecordTableView(model, f"trade-summary-{s.iso3}")
            view.setAccessibleName(self.tr("Trade flows in the catalog"))
            view.fit_height(30)
            self.layout_.addWidget(view)
            self.add_text(
                _('<a href="{link}">Open these flows in the Trade page</a>.').format(
                    link=f"trade:{s.iso3}"
                ),
                rich=True,
            )
        else:
            self.add_text(_("No trade rows held with this country as reporter or partner."))
        self.layout_.addStretch(1)
