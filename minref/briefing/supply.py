"""The "North American critical-minerals supply" brief: the supply table of a critical
list, the dependence map, the what-if without China, Mexico's contribution mineral by
mineral, the IEA outlook and the gaps in the data.  :func:`supply_flowables` is also a
section of a briefing book."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Spacer

from minref.analysis import supply as sp
from minref.briefing.charts import drawing
from minref.briefing.document import (
    BriefOptions,
    BriefWriteError,
    Citations,
    Heading,
    Paragraph,
    build_story,
    data_table,
    literal,
    source_annex,
    styles,
    write_pdf,
)
from minref.catalog.models import Figure
from minref.catalog.queries import Catalog
from minref.i18n import (
    N_,
    _,
    format_date,
    format_fixed,
    format_percent,
    ngettext,
    pgettext,
)

logger = logging.getLogger(__name__)

TITLE = N_("North American critical-minerals supply")


def _t(template: str, **markup: str) -> str:
    """A translated template made safe for a Paragraph, its placeholders filled with text
    that is markup already (literal() values, bold, citation marks)."""
    return literal(template).format(**markup)


def _c(f: Figure | None) -> str:
    """A share cell: the figure as computed, "e" for an estimate, the code if no number."""
    return sp._cell(f, pct_sign=False)


_prose = sp.share_prose  # a share in a sentence: "15% (estimated)", or the source's code


def _width(opts: BriefOptions) -> float:
    from minref.briefing.document import PAPERS

    return PAPERS[opts.paper.lower()][0] - 36 * mm


def _none_or(names: list[str]) -> str:
    return ", ".join(names) if names else _("none")


def other_lines_markup(
    mineral: str,
    main_line: str,
    other: list,
    country: str,
    cit: Citations,
    main: Figure | None = None,
) -> str:
    """:func:`minref.analysis.supply.import_lines_sentence` as Paragraph markup, each figure
    with its source mark: what a country's import lines other than the main one add (not on
    the main line: every line that lists it; on it, ``main`` its share there: the lines where
    its share is larger).  '' when there is nothing to add; ``mineral`` is markup already
    (the supply brief sets a bullet's first word in bold).  The supply brief and the pack
    summary say it so; the supply table's hover says it in plain text."""
    return sp.import_lines_sentence(mineral, main_line, main, other, country, cit=cit)


def _other_lines_sentence(
    r: sp.SupplyRow, mexico: str, cit: Citations, bold: bool = False, named: bool = True
) -> str:
    """:func:`other_lines_markup` for Mexico's other import lines of a supply-table row;
    ``named`` False leaves the mineral's name out (the sentence ends a bullet headed by it)."""
    name = "" if not named else f"<b>{literal(r.name)}</b>" if bold else literal(r.name)
    return other_lines_markup(
        name,
        r.import_detail,
        sp.other_import_lines(r, sp.MEXICO),
        mexico,
        cit,
        main=sp.main_import_share(r, sp.MEXICO),
    )


def supply_flowables(
    cat: Catalog, list_text: str | None, cit: Citations, st, width: float, *, level: int = 0
) -> list:
    """The brief's body: also a briefing-book section."""
    table = sp.supply_table(cat, list_text)
    cl = table.critical_list
    rows = table.rows
    mexico, canada, china = (cat.country_name(k) for k in (sp.MEXICO, sp.CANADA, sp.CHINA))
    out: list = []
    mcs = sorted({r.production.source_id for r in rows if r.production})
    imports = sorted(
        {
            f.source_id
            for r in rows
            for f in (r.mexico_imports, r.canada_imports, r.china_imports)
            if f is not None
        }
    )
    half = format_percent(50, 0)
    # ------------------------------------------------------------ summary
    single = [
        r
        for r in rows
        if r.nir
        and (r.nir.value or r.nir.low or 0) >= 50
        and r.china_production
        and (r.china_production.value or 0) >= 50
    ]
    close = [r for r in rows if (r.mexico_canada_imports or 0) >= 50]
    out.append(
        Heading(_("Where the U.S. depends on one source"), st["h1"], level, "supply-summary")
    )
    out.append(
        Paragraph(
            _t(
                ngettext(
                    "List: {list}, {name}; {count} mineral (members resolved through their "
                    "groups: rare-earth elements to rare earths, platinum-group metals to PGM).",
                    "List: {list}, {name}; {count} minerals (members resolved through their "
                    "groups: rare-earth elements to rare earths, platinum-group metals to PGM).",
                    len(rows),
                ),
                list=f"<b>{literal(cl.list_id)}</b>",
                name=literal(cl.name) + cit.sup(cl.source_id),
                count=str(len(rows)),
            ),
            st["body"],
        )
    )
    out.append(
        Paragraph(
            _t(
                ngettext(
                    "{count} mineral has a U.S. net import reliance of {share} or more while "
                    "{china} produces half or more of the world total: {minerals}.",
                    "{count} minerals have a U.S. net import reliance of {share} or more while "
                    "{china} produces half or more of the world total: {minerals}.",
                    len(single),
                ),
                count=f"<b>{len(single)}</b>",
                share=literal(half),
                china=literal(china),
                minerals=literal(_none_or([r.name for r in single])) + cit.sup(*mcs),
            )
            + " "
            + _t(
                ngettext(
                    "For {count} mineral, {mexico} and {canada} together supply half or more "
                    "of U.S. imports: {minerals}.",
                    "For {count} minerals, {mexico} and {canada} together supply half or more "
                    "of U.S. imports: {minerals}.",
                    len(close),
                ),
                count=f"<b>{len(close)}</b>",
                mexico=literal(mexico),
                canada=literal(canada),
                minerals=literal(
                    _none_or(
                        [
                            f"{r.name} ({format_percent(r.mexico_canada_imports, 0)})"
                            for r in sorted(close, key=lambda r: -(r.mexico_canada_imports or 0))
                        ]
                    )
                )
                + cit.sup(*imports),
            ),
            st["body"],
        )
    )
    # ------------------------------------------------------------ table 1
    body = []
    marked = False  # a cell shows minref's "not calculable": the legend says what it is
    for r in rows:
        c = r.concentration
        marked = marked or any(
            sp.is_no_share(f)
            for f in (r.nir, r.china_production, r.china_refining)
            + ((c.leader_share, c.top3_share, c.hhi) if c else ())
        )
        body.append(
            [
                r.name,
                _c(r.nir),
                _c(r.china_production),
                _c(r.china_refining)
                + (
                    " †" if r.china_refining and r.china_refining.source_id == sp.IEA_SOURCE else ""
                ),
                f"{c.leader} ({_c(c.leader_share)})" if c else "",
                _c(c.top3_share) if c else "",
                _c(c.hhi) if c else "",
                sp.line_label(r.production.edition, r.production.type, r.production.year)
                if r.production
                else "",
            ]
        )
    out.append(CondPageBreak(60 * mm))
    out.append(
        Paragraph(
            literal(_("Dependence and concentration of world production")) + cit.sup(*mcs),
            st["h2"],
        )
    )
    out.append(
        data_table(
            [
                pgettext("supply brief", "Mineral"),
                pgettext("supply brief", "U.S. NIR %"),
                pgettext("supply brief", "China, prod. %"),
                pgettext("supply brief", "China, refin. %"),
                pgettext("supply brief", "Top producer (%)"),
                pgettext("supply brief", "Top-3 %"),
                pgettext("supply brief", "HHI"),
                pgettext("supply brief", "Line"),
            ],
            body,
            st,
            width,
            [
                0.17 * width,
                0.07 * width,
                0.08 * width,
                0.08 * width,
                0.19 * width,
                0.07 * width,
                0.08 * width,
                0.26 * width,
            ],
            numeric_from=1,
            left_cols={4, 7},
        )
    )
    out.append(
        Paragraph(
            _t(
                _(
                    "NIR: U.S. net import reliance, % of apparent consumption, newest year; E = "
                    "net exporter. Shares are of USGS's rounded world total among the countries "
                    "USGS lists (a country USGS does not list has no share, not zero); e = "
                    "estimated. HHI: sum of squared percentage shares ({range}) of the listed "
                    "countries, a lower bound ('Other countries' is an aggregate). Refining: "
                    "USGS refinery or smelter line where MCS has one; † = {citation} (base case)."
                ),
                range=literal(sp.hhi_range()),
                citation=literal(sp.IEA_CITE) + cit.sup(sp.IEA_SOURCE),
            )
            + (" " + literal(sp.codes_legend(printed=True)) if marked else ""),
            st["small"],
        )
    )
    above = sp.listed_sum_rows(rows)
    if above:  # the top-3 and the HHI of these rows are of another total than the shares
        out.append(Paragraph(literal(sp.listed_sum_note(above)), st["small"]))
    # ------------------------------------------------------------ table 2
    body, hl = [], set()
    marked = unstated = False  # what the legend must explain besides blank, 0 and W
    for i, r in enumerate(rows):
        shown = (
            r.mexico_production,
            r.canada_production,
            r.us_production,
            r.usmca_production,
            r.mexico_reserves,
            r.canada_reserves,
            r.us_reserves,
            r.usmca_reserves,
            r.mexico_imports,
            r.canada_imports,
            r.china_imports,
        )
        marked = marked or any(sp.is_no_share(f) for f in shown)
        unstated = unstated or any(
            f is not None and f.value is None and f.raw == _("not stated")
            for f in (r.usmca_production, r.usmca_reserves)
        )
        body.append(
            [
                r.name,
                _c(r.mexico_production),
                _c(r.canada_production),
                _c(r.us_production),
                _c(r.usmca_production),
                _c(r.mexico_reserves),
                _c(r.canada_reserves),
                _c(r.us_reserves),
                _c(r.usmca_reserves),
                _c(r.mexico_imports),
                _c(r.canada_imports),
                _c(r.china_imports),
            ]
        )
        if (r.mexico_canada_imports or 0) >= 50:
            hl.add(i)
    out.append(CondPageBreak(60 * mm))
    out.append(
        Paragraph(
            literal(_("What North America produces and holds, and where U.S. imports come from"))
            + cit.sup(*mcs, *imports),
            st["h2"],
        )
    )
    out.append(
        data_table(
            [
                pgettext("supply brief", "Mineral"),
                pgettext("supply brief", "MX prod."),
                pgettext("supply brief", "CA prod."),
                pgettext("supply brief", "US prod."),
                pgettext("supply brief", "USMCA prod."),
                pgettext("supply brief", "MX res."),
                pgettext("supply brief", "CA res."),
                pgettext("supply brief", "US res."),
                pgettext("supply brief", "USMCA res."),
                pgettext("supply brief", "MX imp."),
                pgettext("supply brief", "CA imp."),
                pgettext("supply brief", "CN imp."),
            ],
            body,
            st,
            width,
            [0.19 * width] + [0.81 * width / 11] * 11,
            numeric_from=1,
            highlight_rows=hl,
        )
    )
    period = next((r.import_period for r in rows if r.import_period), "")
    out.append(
        Paragraph(
            literal(
                _(
                    "Percent. prod./res.: share of world production / reserves (USGS); USMCA = "
                    "{mexico} + {canada} + {us}, stated figures only. imp.: share of U.S. imports "
                    "(MCS import sources, {period} average, headline product line). Shaded and "
                    "bold: {mexico} and {canada} supply half or more of U.S. imports. Blank = not "
                    "held or not listed by USGS (not zero); 0 = USGS's dash (zero); W = withheld."
                ).format(mexico=mexico, canada=canada, us=cat.country_name(sp.USA), period=period)
            )
            + (" " + literal(sp.codes_legend(printed=True)) if marked else "")
            + (
                " "
                + literal(
                    _(
                        "'{not_stated}' (USMCA): none of the three countries' figures is stated "
                        "as a number (withheld, not available or not listed), so there is no "
                        "sum; it is not zero."
                    ).format(not_stated=_("not stated"))
                )
                if unstated
                else ""
            ),
            st["small"],
        )
    )
    # ------------------------------------------------------------ the map
    spec = sp.dependence_map(cat, table=table)
    for s in spec.sources:
        cit.mark(s.source_id)
    out.append(CondPageBreak(120 * mm))
    out.append(drawing(spec, width, 330))
    # ------------------------------------------------------------ what-if China
    whatif = sp.what_if(table, {sp.CHINA}, china)
    body = []
    reasons = []
    for w in whatif:
        if w.result is None and w.removed_share is None:
            continue
        body.append(sp.whatif_cells(w))
        if w.usmca_vs_consumption.verdict in ("not comparable", "cannot say"):
            reasons.append(sp.reason_text(w))
    partial = [w.name for w in whatif if w.usmca_vs_consumption.partial]
    bases = [sp.basis_text(w) for w in whatif if w.basis and w.removed_share is not None]
    out.append(CondPageBreak(70 * mm))
    out.append(
        Heading(
            _("What if: without {country}").format(country=china),
            st["h1"],
            level,
            "supply-whatif",
        )
    )
    out.append(
        Paragraph(
            literal(
                _(
                    "World production without {country}'s figure: the share removed and the "
                    "share left, the next three listed producers and their shares, the HHI of "
                    "what is left, and whether the USMCA countries' combined production on the "
                    "same line is larger or smaller than U.S. apparent consumption. Shares are "
                    "of USGS's world total, as in the tables above, except where the listed "
                    "countries' figures add up to more than it: there they are of that sum, so "
                    "that removed and left add up to 100%, and the rows are named below with "
                    "both figures. Production and consumption are compared only when unit and "
                    "basis agree; otherwise 'not comparable', with the reason below."
                ).format(country=china)
            )
            + cit.sup(*mcs),
            st["body"],
        )
    )
    out.append(
        data_table(
            sp.column_titles(sp.WHATIF_COLUMNS),
            body,
            st,
            width,
            [0.17 * width, 0.1 * width, 0.08 * width, 0.37 * width, 0.1 * width, 0.18 * width],
            numeric_from=1,
            left_cols={3, 5},
        )
    )
    if bases:
        out.append(
            Paragraph(
                "<b>"
                + literal(_("Of the listed countries' sum, not the world total."))
                + "</b> "
                + literal(" · ".join(bases)),
                st["small"],
            )
        )
    if reasons:
        out.append(
            Paragraph(
                "<b>" + literal(_("Why not compared.")) + "</b> " + literal(" · ".join(reasons)),
                st["small"],
            )
        )
    if partial:
        out.append(
            Paragraph(
                literal(
                    _(
                        "USMCA production counts stated figures only (a partner USGS does not "
                        "list or whose figure is withheld adds nothing; it is not zero) for: "
                        "{minerals}."
                    ).format(minerals=", ".join(partial))
                ),
                st["small"],
            )
        )
    # ------------------------------------------------------------ Mexico
    out.append(CondPageBreak(50 * mm))
    out.append(
        Heading(
            _("{country}'s contribution, mineral by mineral").format(country=mexico),
            st["h1"],
            level,
            "supply-mexico",
        )
    )
    mx = [
        r
        for r in rows
        if r.mexico_imports is not None
        or (r.mexico_production is not None and (r.mexico_production.value or 0) > 0)
    ]
    mx.sort(
        key=lambda r: (
            -(r.mexico_imports.value or 0) if r.mexico_imports else 1,
            -(r.mexico_production.value or 0) if r.mexico_production else 1,
        )
    )
    for r in mx:
        parts = []
        if r.mexico_imports is not None:
            parts.append(
                _t(
                    _("supplies {share} of U.S. imports ({period})"),
                    share=f"<b>{literal(_prose(r.mexico_imports))}</b>",
                    period=literal(r.import_period),
                )
                # after the bracket, as on the production clause and the other lines
                + cit.sup(r.mexico_imports.source_id)
            )
        if r.mexico_production is not None and r.production is not None:
            rank = _rank(r)
            line = literal(
                sp.line_label(
                    r.production.edition, r.production.type, r.production.year, lower=True
                )
            )
            if rank:
                parts.append(
                    _t(
                        ngettext(
                            "produces {share} of the world total ({line}; rank {rank} among "
                            "{count} listed country)",
                            "produces {share} of the world total ({line}; rank {rank} among "
                            "{count} listed countries)",
                            rank[1],
                        ),
                        share=literal(_prose(r.mexico_production)),
                        line=line,
                        rank=str(rank[0]),
                        count=str(rank[1]),
                    )
                    + cit.sup(r.production.source_id)
                )
            else:
                parts.append(
                    _t(
                        _("produces {share} of the world total ({line})"),
                        share=literal(_prose(r.mexico_production)),
                        line=line,
                    )
                    + cit.sup(r.production.source_id)
                )
        if r.mexico_reserves is not None and r.mexico_reserves.value is not None:
            parts.append(
                _t(
                    _("holds {share} of world reserves"),
                    share=literal(_prose(r.mexico_reserves)),
                )
            )
        # What Mexico's other import lines add: not on the main line but on another
        # (antimony: 86% of U.S. imports of ore and concentrates), or a larger share on
        # another line than on the main one (copper: 43% of scrap, 6% of refined copper).
        # The bullet is headed by the mineral already ("Copper: Mexico produces …"): the
        # sentence does not name it a second time.
        elsewhere = _other_lines_sentence(r, mexico, cit, named=False)
        out.append(
            Paragraph(
                "• "
                + _t(
                    _("{mineral}: {country} {facts}."),
                    mineral=f"<b>{literal(r.name)}</b>",
                    country=literal(mexico),
                    facts=sp.clauses(parts),
                )
                + (f" {elsewhere}" if elsewhere else ""),
                st["body"],
            )
        )
    # A mineral whose main import line does not list Mexico may list it on another line
    # (chromium and nickel scrap, TiO2 pigment, antimony ore): say so, line named.
    not_mx = []
    for r in rows:
        if r in mx:
            continue
        elsewhere = _other_lines_sentence(r, mexico, cit, bold=True)
        if not elsewhere:
            not_mx.append(r.name)
            continue
        out.append(Paragraph("• " + elsewhere, st["body"]))
    out.append(
        Paragraph(
            literal(
                _(
                    "{country} is neither listed as a producer by USGS nor among the U.S. import "
                    "sources on any product line for: {minerals}."
                ).format(country=mexico, minerals=_none_or(not_mx))
            ),
            st["small"],
        )
    )
    # Off the list: where Mexico is already a main supplier of the U.S. all the same.
    on_list = {r.commodity_id for r in rows}
    off: dict[str, tuple[str, Figure, str]] = {}
    for cid, _name, src in cat.country_standing(sp.MEXICO).import_shares:
        f = src.figure
        if cid in on_list or cid in off or f.value is None or f.value < 25:
            continue
        off[cid] = (cat.commodity_name(cid), f, src.period)
    if off:
        out.append(
            Paragraph(
                _t(
                    _(
                        "Off the {list} list, {country} supplies a quarter or more of U.S. "
                        "imports of: {minerals}."
                    ),
                    list=literal(cl.list_id),
                    country=literal(mexico),
                    minerals=sp.clauses(
                        f"{literal(name)} {literal(_prose(f))} ({literal(period)})"
                        + cit.sup(f.source_id)
                        for name, f, period in off.values()
                    ),
                ),
                st["body"],
            )
        )
    # ------------------------------------------------------------ IEA
    panels = [p for p in (sp.iea_panel(cat, r.commodity_id) for r in rows) if p]
    if panels:
        cit.mark(sp.IEA_SOURCE)
        out.append(CondPageBreak(50 * mm))
        out.append(Heading(_("IEA outlook: refining and demand"), st["h1"], level, "supply-iea"))
        years = sorted({y for p in panels for y in p.years})
        body = []
        for p in panels:
            name = cat.commodity_name(p.commodity_id) if p.commodity_id else p.mineral
            for stage, item, ys in p.rows:
                if item == "China":
                    body.append(
                        [name, sp.stage_text(stage)]
                        + [format_fixed(ys[y], 0) if y in ys else "" for y in years]
                    )
        iea_title = Paragraph(
            literal(_("{country}'s share of the IEA's total, base case (%)").format(country=china))
            + cit.sup(sp.IEA_SOURCE),
            st["h2"],
        )
        out.append(CondPageBreak(40 * mm))
        out.append(iea_title)
        out.append(
            data_table(
                [pgettext("supply brief", "Mineral"), pgettext("supply brief", "Stage")]
                + [str(y) for y in years],
                body,
                st,
                width,
                [0.3 * width, 0.14 * width] + [0.56 * width / max(len(years), 1)] * len(years),
                numeric_from=2,
            )
        )
        dyears = sorted({y for p in panels for y in p.demand_years})
        body = []
        for p in panels:
            name = cat.commodity_name(p.commodity_id) if p.commodity_id else p.mineral
            for scen, ys in p.demand:
                body.append(
                    [name, scen] + [format_fixed(ys[y], 0) if y in ys else "" for y in dyears]
                )
        if body:
            out.append(CondPageBreak(40 * mm))  # the title never alone at a page's foot
            out.append(
                Paragraph(
                    literal(_("Total demand by scenario (STEPS, APS, NZE; unit as in the file)"))
                    + cit.sup(sp.IEA_SOURCE),
                    st["h2"],
                )
            )
            out.append(
                data_table(
                    [pgettext("supply brief", "Mineral"), pgettext("supply brief", "Scenario")]
                    + [str(y) for y in dyears],
                    body,
                    st,
                    width,
                    [0.3 * width, 0.14 * width]
                    + [0.56 * width / max(len(dyears), 1)] * len(dyears),
                    numeric_from=2,
                )
            )
        out.append(
            Paragraph(
                f"{literal(sp.IEA_CITE)}, CC BY 4.0. {literal(panels[0].caveat)}", st["small"]
            )
        )
    # ------------------------------------------------------------ gaps
    out.append(CondPageBreak(40 * mm))
    out.append(Heading(_("Gaps in the data"), st["h1"], level, "supply-gaps"))
    gaps = [
        _(
            "Shares are of USGS's rounded world total among the countries USGS lists; USGS "
            "lists only the main producers and withholds (W) some figures, so shares of "
            "withheld countries are missing, never zero."
        ),
        _(
            "USMCA production is compared with U.S. apparent consumption only on the same unit "
            "and basis; mine output against consumption of refined metal or compounds is not "
            "comparable."
        ),
        _(
            "List members are resolved to the commodity the catalog holds figures for "
            "(rare-earth elements to rare earths, PGMs to platinum-group metals); element-level "
            "production is not held."
        ),
    ]
    for r in rows:
        if r.gaps:
            # one full stop, also after a last clause that ends in "EE. UU." ("UU..")
            text = sp.clauses(r.gaps).rstrip(".")
            gaps.append(_("{mineral}: {gaps}.").format(mineral=r.name, gaps=text))
    for g in gaps:
        out.append(Paragraph("• " + literal(g), st["small"]))
    return out


def _rank(r: sp.SupplyRow) -> tuple[int, int] | None:
    """Mexico's rank on the production line and the number of countries listed."""
    p = r.production
    if p is None or sp.MEXICO not in p.values or p.values[sp.MEXICO] is None:
        return None
    exact = sorted((v for v in p.values.values() if v is not None and v > 0), reverse=True)
    v = p.values[sp.MEXICO]
    if not v or v <= 0:
        return None
    return exact.index(v) + 1, len(p.values)


def supply_brief(cat: Catalog, targets: list[str], out: str | Path, opts: BriefOptions) -> Path:
    """The brief for a list (targets[0], a list id or code; default the newest U.S. list)."""
    list_text = targets[0] if targets else None
    try:
        cl = sp.resolve_list(cat, list_text)
    except sp.UnknownList as exc:
        raise BriefWriteError(str(exc)) from None
    title = opts.title or _(TITLE)

    def story(_pages):
        st = styles()
        cit = Citations(cat.sources)
        width = _width(opts)
        flow = [
            Heading(title, st["title"], 0, "supply"),
            Paragraph(
                literal(
                    _("{list}; data as of USGS MCS {edition}; built {date}").format(
                        list=cl.list_id,
                        edition=cat.latest_edition,
                        date=format_date(date.today(), "long"),
                    )
                ),
                st["subtitle"],
            ),
        ]
        if opts.note.strip():
            flow.append(Paragraph(literal(opts.note), st["note"]))
            flow.append(Spacer(1, 4))
        flow += supply_flowables(cat, cl.list_id, cit, st, width)
        flow.append(PageBreak())
        flow += source_annex(cit, st)
        return flow

    as_of = _("USGS MCS {edition}; {list}").format(edition=cat.latest_edition, list=cl.list_id)
    return write_pdf(out, lambda tmp: build_story(tmp, title, as_of, opts, story))
