"""The commodity page: a USGS commodity summary centred on Mexico and the United States."""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel

from minref.analysis.profile import commodity_report, world_rows
from minref.analysis.text import (
    PLACE_LABELS,
    SALIENT_WORDS,
    corrected_legend,
    english_words_note,
    import_product,
    line_label_text,
    list_status,
    lists_held_text,
    members_as_listed,
    members_text,
    no_share_mark,
    no_share_note,
    pct,
    place_label,
    salient_label,
    share_text,
    shares_over_total_line,
    unit_label,
    world_basis_line,
    world_rows_corrected_line,
)
from minref.catalog import source_text
from minref.catalog.models import Figure, WorldTable, format_number
from minref.catalog.queries import MEXICO
from minref.i18n import LANGUAGE_NAMES, N_, NP_, _, clauses, current_language, pgettext
from minref.ui.tables import (
    Column,
    RecordTableModel,
    RecordTableView,
    figure_tooltip,
)
from minref.ui.widgets import Card, Page, SideBySide, badge, column, row

logger = logging.getLogger(__name__)

LEGEND = N_(
    "e = estimated (italic). W = withheld to avoid disclosing company proprietary data; "
    "NA = not available; XX = not applicable; E = net exporter; — = zero. Hover over a figure "
    "for its source and flags."
)
# USGS's generic rows of a world table, named in the reader's language.
# The IEA outlook's stages, shown in the reader's language.
IEA_STAGES = {"mining": NP_("IEA stage", "mining"), "refining": NP_("IEA stage", "refining")}


def cid_of(report) -> str:
    return report.profile.commodity_id


class CommodityPage(Page):
    kind = "commodity"

    def __init__(self, catalog, parent=None):
        super().__init__(catalog, parent)
        self.edition: int | None = None
        self.report = None
        self._generation = 0
        self._rest_pending: int | None = None  # the render whose lower part is to build

    def title(self) -> str:
        return self.catalog.commodity_name(self.key) if self.report else self.key

    def show_key(self, arg: str) -> None:
        cid = arg.split("@")[0]
        if cid != self.key:
            self.edition = None
        self.key = cid
        self._render()

    def set_edition(self, edition: int | None) -> None:
        self.edition = edition
        self._render()

    def _render(self) -> None:
        cat = self.catalog
        self.clear()
        r = commodity_report(cat, self.key, edition=self.edition)
        self.report = r
        p = r.profile
        here = current_language() if current_language() in LANGUAGE_NAMES else "en"
        own = {"en": p.name_en, "es": p.name_es, "fr": p.name_fr}
        parts = [
            _("{language}: {name}").format(language=LANGUAGE_NAMES[lang], name=name)
            for lang, name in own.items()
            if lang != here and name
        ]
        if p.parent:
            parts.append(
                _("part of {group}").format(group=cat.commodity_name(p.parent.commodity_id))
            )
        self.add_title(cat.commodity_name(p.commodity_id), " · ".join(parts))
        units = clauses(
            dict.fromkeys(
                f"{line_label_text(u['type'])} ({unit_label(u['unit'])})"
                for u in p.units
                if u["measure"] == "production"
            )
        )
        if units:
            self.add_text(
                _("World production basis (MCS {edition}): {lines}").format(
                    edition=max(p.editions), lines=units
                )
            )
        badges = []
        seen = set()
        for m in p.critical_lists:
            if m.list_id in seen or "draft" in m.status.lower():
                continue
            seen.add(m.list_id)
            listed = [x.mineral for x in p.critical_lists if x.list_id == m.list_id]
            # The members in the reader's language, and under them the list's own English,
            # which officials quote ("Circonio" / "Como se publicó: Zirconium").
            tip = _("{list} ({year}, {status}): {minerals}").format(
                list=m.list_name,
                year=m.list_year,
                status=list_status(m.status),
                minerals=members_text(cat, listed),
            )
            as_listed = members_as_listed(cat, listed)
            badges.append(badge(f"{m.list_id}", f"{tip}\n{as_listed}" if as_listed else tip))
        if p.is_rare_earth:
            badges.insert(
                0,
                badge(_("Rare earth"), _("One of the 17 rare earth elements, or their group")),
            )
        brief = self.add_brief_button(self.tr("Export briefing (PDF)…"), "commodity", [cid_of(r)])
        if badges:
            self.layout_.addLayout(row(*badges, brief, spacing=6))
        else:
            self.layout_.addLayout(row(brief))
            self.add_text(
                self.tr("Not on any critical-mineral list held ({lists}).").format(
                    lists=lists_held_text(cat)
                )
            )
        self._key_facts(r)
        self._world(r)
        # What lies below the first screen is built right after the first paint.
        self._generation += 1
        generation = self._generation
        self._rest_pending = generation
        QTimer.singleShot(0, self, lambda: self._render_rest(generation))

    def _render_rest(self, generation: int) -> None:
        if generation != self._rest_pending or self.report is None:
            return  # built already, or the page moved on to another commodity or edition
        self._rest_pending = None
        r = self.report
        p = r.profile
        if self.world_split is not None:  # below the world table: after the first paint
            self._revisions(r.world_production)
        self._charts(r)
        self._salient(r)
        self._imports(r)
        self._hs(r)
        if p.end_uses:
            self.add_section(self.tr("End uses (critical minerals, MCS table T4)"))
            u = p.end_uses[0]
            self.add_text(
                _("{uses} (MCS {edition})").format(uses=u.applications, edition=u.edition)
            )
        self._iea(r)
        self._children(r)
        self.add_section(self.tr("Sources used on this page"))
        for s in r.sources:
            self.add_text(
                _("[{source_id}] {citation}. Licence: {licence}.").format(
                    source_id=s.source_id,
                    citation=source_text.citation(s),
                    licence=source_text.licence(s.licence),
                ),
                "sourceLine",
            )
        self.layout_.addStretch(1)

    def _iea(self, r) -> None:
        """The IEA outlook for the minerals its explorer covers: shares of mining and
        refining by country to 2040 and demand by scenario, with its own citation."""
        from minref.analysis.supply import iea_panel

        panel = iea_panel(self.catalog, self.key)
        if panel is None:
            return
        self.add_section(self.tr("Outlook (IEA): mining and refining shares, demand by scenario"))
        cols = [
            Column(
                self.tr("Stage"),
                lambda x: pgettext("IEA stage", x[0]) if x[0] in IEA_STAGES else x[0],
                width=160,
            ),
            Column(self.tr("Country"), lambda x: self._iea_place(x[1]), width=200),
        ] + [
            Column(str(y), (lambda y: lambda x: pct(x[2].get(y)) if y in x[2] else "")(y), True)
            for y in panel.years
        ]
        model = RecordTableModel(cols, panel.rows, self.catalog.sources)
        view = RecordTableView(model, f"iea-{self.key}")
        view.setAccessibleName(self.tr("IEA outlook: shares by country"))
        view.fit_height()
        self.layout_.addWidget(view)
        if panel.demand:
            dcols = [Column(self.tr("Scenario"), lambda x: x[0], width=160)] + [
                Column(
                    str(y),
                    (lambda y: lambda x: format_number(x[1][y]) if y in x[1] else "")(y),
                    True,
                )
                for y in panel.demand_years
            ]
            dmodel = RecordTableModel(dcols, panel.demand, self.catalog.sources)
            dview = RecordTableView(dmodel, f"iea-demand-{self.key}")
            dview.setAccessibleName(self.tr("IEA outlook: demand by scenario"))
            dview.fit_height()
            self.layout_.addWidget(dview)
        self.add_text(f"{panel.citation}. {panel.caveat}", "sourceLine")

    def _iea_place(self, name: str) -> str:
        """An IEA country name in the reader's language when the catalog knows it."""
        if name in PLACE_LABELS:
            return place_label(name)
        from minref.catalog.queries import UnknownName

        try:
            return self.catalog.country_name(self.catalog.resolve_country(name)) or name
        except UnknownName:
            return name

    def finish(self) -> None:
        """Build the deferred part of the page now (tests, screenshots, printing)."""
        if self._rest_pending is not None:
            self._render_rest(self._rest_pending)

    def _key_facts(self, r) -> None:
        from minref.analysis.profile import FACT_LABELS, key_facts

        k = r.key_facts
        cat = self.catalog
        cards = []
        for fact in key_facts(r):
            if fact.key == "lists":  # shown as badges above
                continue
            tip = ""
            if fact.figure is not None:
                tip = figure_tooltip(fact.figure, cat.source(fact.figure.source_id))
            # A card is narrow: the page's own (shorter) translation of the label, if any.
            english = FACT_LABELS.get(fact.key, "")
            short = pgettext("CommodityPage", english) if english else ""
            label = short if short and short != english else fact.label
            cards.append(Card(label, fact.value, fact.detail, tip))
        lay = QHBoxLayout()
        lay.setSpacing(10)
        for c in cards:
            lay.addWidget(c)
        self.layout_.addLayout(lay)
        self.add_text(
            _(
                "Ranks are among the countries USGS lists ({basis}); "
                "shares are of USGS's rounded world total."
            ).format(basis=k.production_basis),
            "sourceLine",
        )

    def _world(self, r) -> None:
        cat = self.catalog
        wp, res = r.world_production, r.reserves
        self.world_split = None  # the world table, with the charts beside it when wide
        self.add_section(self.tr("World production and reserves"))
        editions = sorted(set(wp.available_editions) | set(r.us_salient.available_editions))
        combo = QComboBox()
        combo.setObjectName("editionSelector")
        combo.setAccessibleName(self.tr("MCS edition"))
        for e in editions:
            combo.addItem(f"MCS {e}", e)
        if editions:
            combo.setCurrentIndex(
                editions.index(wp.edition) if wp.edition in editions else len(editions) - 1
            )
        combo.currentIndexChanged.connect(lambda i: self.set_edition(combo.itemData(i)))
        self.edition_combo = combo
        label = QLabel(self.tr("Edition:"))
        label.setBuddy(combo)
        self.layout_.addLayout(row(label, combo))
        if not wp.rows and not res.rows:
            self.add_text(
                _(
                    "No world production or reserves figures for this commodity in MCS {edition}."
                ).format(edition=wp.edition)
            )
            return
        prev = None
        if wp.year and wp.year - 1 in wp.available_years:
            prev = cat.world_production(
                self.key, edition=wp.edition, year=wp.year - 1, type=wp.type
            )
        rows = world_rows(wp, prev, res)
        cols = [
            Column(
                self.tr("Rank"),
                lambda x: x.rank or "",
                True,
                _("Rank among the countries USGS lists; none for W, NA or zero"),
            ),
            Column(self.tr("Country"), lambda x: place_label(x.name)),
        ]
        if prev:
            cols.append(
                Column(f"{prev.year}", lambda x: x.previous, True, line_label_text(wp.type))
            )
        cols.append(Column(f"{wp.year}", lambda x: x.current, True, line_label_text(wp.type)))
        cols.append(
            Column(
                pgettext("CommodityPage", "Share {year}").format(year=wp.year),
                lambda x: share_text(x.share, x.current, x.kind),
                True,
                _("Share of USGS's rounded world total"),
            )
        )
        own_unit = res.unit and res.unit != wp.unit
        if res.year and own_unit:
            reserves_title = _("Reserves {year} ({unit})").format(
                year=res.year, unit=unit_label(res.unit)
            )
        elif res.year:
            reserves_title = _("Reserves {year}").format(year=res.year)
        elif own_unit:
            reserves_title = _("Reserves ({unit})").format(unit=unit_label(res.unit))
        else:
            reserves_title = _("Reserves")
        cols.append(Column(reserves_title, lambda x: x.reserves, True, line_label_text(res.type)))
        model = RecordTableModel(cols, rows, cat.sources, lambda x: x.iso3 == MEXICO)
        view = RecordTableView(model, f"world-{self.key}-{wp.edition}")
        view.setAccessibleName(self.tr("World production and reserves by country"))
        view.fit_height()
        self.world_view = view
        self.world_split = SideBySide(view, min_right=760)
        self.layout_.addWidget(self.world_split)
        self.add_source_line(
            [wp.source],
            world_basis_line(wp, res)
            + " "
            + _(LEGEND)
            + (
                " " + no_share_note()
                if any(share_text(x.share, x.current, x.kind) == no_share_mark() for x in rows)
                else ""
            ),
        )
        # A corrected figure's cell shows the corrected figure; what it was, beneath (the
        # brief says so too): Brazil's rare-earth reserves, MCS 2026 v1.3.
        corrected = world_rows_corrected_line(rows)
        if corrected:  # the cells' mark explained first, then what each was
            self.add_text(corrected_legend() + " " + corrected, "sourceLine")
        over = shares_over_total_line(wp)  # China 100.0% beside Russia's 0.7%: why
        if over:
            self.add_text(over, "sourceLine")

    def _charts(self, r) -> None:
        from minref.analysis import charts
        from minref.ui.chart_tabs import ChartTabs

        cat, cid = self.catalog, self.key
        ed = r.world_production.edition
        title = QLabel(self.tr("Charts"))
        title.setObjectName("sectionTitle")
        title.setAccessibleName(title.text())
        builders = [
            # Tab labels: the page's short translations (context CommodityPage, self.tr)
            (self.tr("World ranking"), lambda: charts.world_ranking(cat, cid, edition=ed)),
            (self.tr("Production over time"), lambda: charts.production_history(cat, cid)),
            (self.tr("U.S. statistics"), lambda: charts.us_salient(cat, cid)),
            (self.tr("U.S. import reliance"), lambda: charts.us_nir(cat, cid)),
            (self.tr("U.S. import sources"), lambda: charts.import_sources(cat, cid)),
            (self.tr("Reserves"), lambda: charts.reserves_vs_production(cat, cid)),
        ]
        if cid == "rare-earths":
            builders.append((self.tr("Rare-earth history"), lambda: charts.ree_history(cat)))
        self.chart_tabs = ChartTabs(builders, cat.sources)
        if self.world_split is None:
            self.layout_.addWidget(title)
            self.layout_.addWidget(self.chart_tabs)
        else:  # beside the world table at 1920 px, here (below the revisions) when narrower
            home = column(stretch=False)
            self.layout_.addWidget(home)
            self.world_split.set_right(column(title, self.chart_tabs, stretch=False), home=home)

    def _revisions(self, wp: WorldTable) -> None:
        history = self.catalog.production_history(self.key, MEXICO)
        if len({e for e, _, _ in history}) < 2:
            return
        years = sorted({f.year for _, _, f in history if f.year})
        editions = sorted({e for e, _, _ in history})
        grid: dict[int, dict[int, Figure]] = {}
        for e, _line, f in history:
            grid.setdefault(f.year, {}).setdefault(e, f)
        self.add_section(self.tr("How Mexico's production figure was revised"))
        cols = [Column(self.tr("Year"), lambda y: y)] + [
            Column(f"MCS {e}", (lambda e: lambda y: grid.get(y, {}).get(e))(e), True)
            for e in editions
        ]
        model = RecordTableModel(cols, years, self.catalog.sources)
        view = RecordTableView(model, f"revisions-{self.key}")
        view.setAccessibleName(self.tr("Mexico's production by edition"))
        view.fit_height()
        self.layout_.addWidget(view)
        self.add_text(
            _(
                "Each column is one USGS edition; a blank cell means that edition did "
                "not report the year. The line's wording may differ between editions."
            ),
            "sourceLine",
        )

    def _salient(self, r) -> None:
        s = r.us_salient
        self.add_section(_("U.S. salient statistics (MCS {edition})").format(edition=s.edition))
        if not s.rows:
            self.add_text(_("No U.S. salient statistics held for this commodity."))
            return
        from minref.analysis.profile import salient_lines

        years, keys = salient_lines(s)
        cols = [
            Column(self.tr("Statistic"), lambda k: salient_label(k.statistic, k.detail), width=330),
            Column(self.tr("Unit"), lambda k: unit_label(k.unit), width=150),
        ] + [Column(str(y), (lambda y: lambda k: k.by_year.get(y))(y), True) for y in years]
        model = RecordTableModel(cols, keys, self.catalog.sources)
        view = RecordTableView(model, f"salient-{self.key}-{s.edition}")
        view.setAccessibleName(self.tr("U.S. salient statistics by year"))
        view.fit_height(60)
        self.salient_view = view
        self.layout_.addWidget(view)
        self.add_source_line(
            [s.source],
            " ".join(
                x
                for x in (_("The latest year is estimated."), english_words_note(SALIENT_WORDS))
                if x
            ),
        )

    def _imports(self, r) -> None:
        cat = self.catalog
        if r.us_import_sources:
            self.add_section(_("U.S. import sources"))
            cols = [
                Column(
                    self.tr("Country"),
                    lambda x: cat.country_name(x.country_iso3) or place_label(x.country_label),
                ),
                Column(self.tr("Share of U.S. imports (%)"), lambda x: x.figure, True),
                Column(self.tr("Period"), lambda x: x.period),
                Column(
                    self.tr("Product"),
                    lambda x: import_product(x.detail),
                ),
            ]
            model = RecordTableModel(
                cols, r.us_import_sources, cat.sources, lambda x: x.country_iso3 == MEXICO
            )
            view = RecordTableView(model, f"import-sources-{self.key}")
            view.setAccessibleName(_("U.S. import sources"))
            view.fit_height()
            self.layout_.addWidget(view)
            ids = sorted({x.figure.source_id for x in r.us_import_sources})
            self.add_source_line([cat.source(i) for i in ids])
        if r.us_import_reliance:
            self.add_section(self.tr("Net import reliance and major import sources"))
            cols = [
                Column(self.tr("Edition"), lambda x: f"MCS {x.edition}"),
                Column(self.tr("As listed"), lambda x: x.commodity_label),
                Column(self.tr("Year"), lambda x: x.figure.year),
                Column(self.tr("Net import reliance (%)"), lambda x: x.figure, True),
                Column(
                    self.tr("Major import sources"), lambda x: ", ".join(x.major_import_sources)
                ),
                Column(self.tr("Sources period"), lambda x: x.sources_period),
            ]
            model = RecordTableModel(cols, r.us_import_reliance, cat.sources)
            view = RecordTableView(model, f"import-reliance-{self.key}")
            view.fit_height()
            self.layout_.addWidget(view)
            self.add_source_line(
                [
                    cat.source(f"usgs-mcs-{e}")
                    for e in sorted({x.edition for x in r.us_import_reliance})
                ],
                _("Industry-trend figure 2 of each edition."),
            )

    def _hs(self, r) -> None:
        p = r.profile
        self.add_section(self.tr("HS codes"))
        if not p.hs_codes:
            self.add_text(_("No HS codes mapped to this commodity in the crosswalk."))
            return
        from minref.catalog.search import hs_dotted

        cols = [
            Column(self.tr("HS 2022"), lambda h: hs_dotted(h.hs_code)),
            Column(
                self.tr("Description")
                if current_language() == "en"
                else _("Description (as published, in English)"),
                lambda h: h.description,
            ),
        ]
        model = RecordTableModel(cols, p.hs_codes, self.catalog.sources)
        view = RecordTableView(model, f"hs-{self.key}")
        view.setAccessibleName(self.tr("HS codes"))
        view.fit_height()
        self.layout_.addWidget(view)
        self.add_source_line(
            [self.catalog.source("minref-commodity-hs-crosswalk"), self.catalog.source("hs-2022")]
        )

    def _children(self, r) -> None:
        p = r.profile
        if not p.children:
            return
        self.add_section(self.tr("Members"))
        name = self.catalog.commodity_name
        links = " · ".join(
            f'<a href="commodity:{c.commodity_id}">{name(c.commodity_id)}</a>' for c in p.children
        )
        self.add_text(links, "muted", rich=True)
