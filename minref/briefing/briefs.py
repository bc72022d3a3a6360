"""The briefings: commodity, Mexico-United States, rare earths, and packs of commodities."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph, Spacer

from minref.analysis import charts
from minref.analysis.profile import commodity_report, key_facts, salient_lines, world_rows
from minref.analysis.text import (
    figure_text,
    lists_held_text,
    pct,
    percent_text,
    salient_label,
    short_label,
)
from minref.briefing.charts import drawing
from minref.briefing.document import (
    BriefCancelled,
    BriefOptions,
    Citations,
    Heading,
    Markup,
    build_story,
    contents,
    data_table,
    fact_table,
    literal,
    source_annex,
    styles,
    write_pdf,
)
from minref.catalog.models import Figure
from minref.catalog.queries import MEXICO, Catalog
from minref.catalog.search import hs_dotted

logger = logging.getLogger(__name__)

SALIENT_ORDER = ["production", "imports", "exports", "consumption", "price", "net_import_reliance"]


def as_of(cat: Catalog) -> str:
    return f"USGS MCS {cat.latest_edition}; built {date.today().isoformat()}"


def _fig(cit: Citations, f: Figure | None, unit: str = "") -> str:
    """A figure for a paragraph: value (or code), unit, marker."""
    if f is None:
        return "not held"
    return f"{literal(figure_text(f))} {literal(unit)}".strip() + cit.sup(f.source_id)


def _missing_notes(report) -> list[str]:
    """The 'what the data does not say' line: withheld, missing and unlisted figures."""
    notes = []
    wp = report.world_production
    for label, table in (("Production", wp), ("Reserves", report.reserves)):
        flagged = {"withheld": [], "not_available": [], "other": []}
        for r in table.rows:
            if r.figure.value is None:
                key = (
                    "withheld"
                    if "withheld" in r.figure.flags
                    else "not_available"
                    if "not_available" in r.figure.flags
                    else "other"
                )
                flagged[key].append(f"{r.country_name} ({r.figure.raw})")
        if flagged["withheld"]:
            notes.append(
                f"{label} withheld by USGS to avoid disclosing company data: "
                + ", ".join(sorted(set(flagged["withheld"])))
                + "."
            )
        if flagged["not_available"]:
            notes.append(
                f"{label} not published for: "
                + ", ".join(sorted(set(flagged["not_available"])))
                + "."
            )
        if flagged["other"]:
            notes.append(
                f"{label} stated only as a bound, word or code: "
                + ", ".join(sorted(set(flagged["other"])))
                + "."
            )
    if wp.rows and report.key_facts.mexico_production is None:
        notes.append("USGS lists no production figure for Mexico; its rank is unknown, not zero.")
    if not report.us_import_sources:
        notes.append("USGS publishes no U.S. import-source shares for this commodity.")
    elif not report.key_facts.mexico_share_of_us_imports:
        notes.append("Mexico is not among the U.S. import sources USGS lists.")
    if wp.rows:
        notes.append("Ranks are among the countries USGS lists, not among all producers.")
    return notes


def commodity_flowables(
    cat: Catalog,
    cid: str,
    cit: Citations,
    st,
    width: float,
    *,
    level: int = 0,
    charts_on: bool = True,
) -> list:
    """One commodity's section: facts, tables, charts, HS codes, gaps."""
    r = commodity_report(cat, cid)
    p = r.profile
    out: list = [Heading(p.name_en, st["title" if level < 0 else "h1"], max(level, 0), f"c-{cid}")]
    out.append(
        Paragraph(
            f"Español: {literal(p.name_es)} · Français: {literal(p.name_fr)}"
            + (f" · part of {literal(p.parent.name_en)}" if p.parent else ""),
            st["subtitle"],
        )
    )
    lists = {}
    for m in p.critical_lists:
        if "draft" in m.status.lower():
            continue
        lists.setdefault(m.list_id, (m, []))[1].append(m.mineral)
    if lists:
        text = "; ".join(
            f"<b>{literal(lid)}</b> ({m.list_year}, {literal(m.status)})" + cit.sup(m.source_id)
            for lid, (m, _) in lists.items()
        )
        out.append(Paragraph("Critical-mineral lists: " + text, st["body"]))
    else:
        out.append(
            Paragraph(
                f"On none of the critical-mineral lists held ({literal(lists_held_text(cat))}).",
                st["body"],
            )
        )
    out.append(Spacer(1, 4))

    wp = r.world_production
    facts = []
    for fact in key_facts(r):
        mark = cit.sup(fact.figure.source_id) if fact.figure is not None else ""
        detail = literal(fact.detail)
        if fact.key == "mexico-share":
            detail = _fig(cit, fact.figure, wp.unit)
            mark = ""
        facts.append((fact.label, literal(fact.value) + mark, detail))
    out.append(fact_table(facts, st, width))
    gaps = _missing_notes(r)
    if gaps:
        out.append(Spacer(1, 3))
        out.append(
            Paragraph(
                "<b>What the data does not say.</b> " + " ".join(literal(g) for g in gaps),
                st["note"],
            )
        )

    if wp.rows:
        prev = None
        if wp.year and wp.year - 1 in wp.available_years:
            prev = cat.world_production(cid, edition=wp.edition, year=wp.year - 1, type=wp.type)
        rows = world_rows(wp, prev, r.reserves)
        header = (
            ["Rank", "Country"]
            + ([str(prev.year)] if prev else [])
            + [str(wp.year), f"Share {wp.year}", f"Reserves {r.reserves.year or ''}".strip()]
        )
        body, hl = [], set()
        for i, x in enumerate(rows):
            line = [str(x.rank or ""), x.name]
            if prev:
                line.append(figure_text(x.previous))
            line += [
                figure_text(x.current),
                pct(x.share) if x.share is not None else "",
                figure_text(x.reserves),
            ]
            body.append(line)
            if x.iso3 == MEXICO:
                hl.add(i)
        n = len(header)
        widths = [0.07 * width, 0.33 * width] + [0.6 * width / (n - 2)] * (n - 2)
        title = Paragraph(
            f"World {literal(wp.type.lower())} and reserves, "
            f"{literal(wp.unit)}" + cit.sup(wp.source.source_id if wp.source else ""),
            st["h2"],
        )
        out.append(
            KeepTogether(
                [
                    title,
                    data_table(header, body, st, width, widths, numeric_from=2, highlight_rows=hl),
                ]
            )
        )
        out.append(
            Paragraph(
                f"MCS {wp.edition}. e = estimated; shares of USGS's rounded world "
                "total; Mexico shaded.",
                st["small"],
            )
        )
    s = r.us_salient
    if s.rows:
        years, chosen = salient_lines(s, statistics=SALIENT_ORDER, last_years=5, per_statistic=2)
        body = [
            [salient_label(x.statistic, x.detail), x.unit]
            + [figure_text(x.by_year.get(y)) for y in years]
            for x in chosen
        ]
        header = ["Statistic", "Unit"] + [str(y) for y in years]
        widths = [0.36 * width, 0.16 * width] + [0.48 * width / len(years)] * len(years)
        title = Paragraph(
            "U.S. salient statistics" + cit.sup(s.source.source_id if s.source else ""), st["h2"]
        )
        out.append(CondPageBreak(40 * mm))
        out.append(
            KeepTogether([title, data_table(header, body, st, width, widths, numeric_from=2)])
        )
        out.append(
            Paragraph(
                f"MCS {s.edition}; the latest year is estimated. Full table: "
                "minref's commodity page.",
                st["small"],
            )
        )
    if charts_on and wp.rows:
        spec = charts.world_ranking(cat, cid, edition=wp.edition)
        out.append(CondPageBreak(75 * mm))
        out.append(Spacer(1, 6))
        out += chart_block(spec, cit, st, width, min(260, 60 + 14 * len(spec.series[0].points)))
    if r.us_import_sources:
        body, hl = [], set()
        for i, x in enumerate(s for s in r.us_import_sources):
            body.append(
                [
                    cat.country_name(x.country_iso3) or x.country_label,
                    x.detail,
                    figure_text(x.figure),
                ]
            )
            if x.country_iso3 == MEXICO:
                hl.add(i)
        title = Paragraph(
            f"U.S. import sources, {literal(r.us_import_sources[0].period)} "
            "average (%)" + cit.sup(r.us_import_sources[0].figure.source_id),
            st["h2"],
        )
        out.append(
            KeepTogether(
                [
                    title,
                    data_table(
                        ["Country", "Product", "Share (%)"],
                        body,
                        st,
                        width,
                        [0.35 * width, 0.45 * width, 0.2 * width],
                        numeric_from=2,
                        highlight_rows=hl,
                    ),
                ]
            )
        )
    if p.hs_codes:
        body = [[hs_dotted(h.hs_code), h.description] for h in p.hs_codes]
        title = Paragraph("HS codes" + cit.sup(p.hs_codes[0].source_id, "hs-2022"), st["h2"])
        out.append(
            KeepTogether(
                [
                    title,
                    data_table(
                        ["HS 2022", "Description"],
                        body,
                        st,
                        width,
                        [0.15 * width, 0.85 * width],
                        numeric_from=9,
                    ),
                ]
            )
        )
    return out


def chart_block(spec, cit: Citations, st, width: float, height: float) -> list:
    """A chart with its text alternative beneath: what it shows in one sentence and the
    markers of its sources, so that every annex entry is cited in the text."""
    marks = cit.sup(*[s.source_id for s in spec.sources])
    alt = Paragraph(
        f"Chart: {literal(spec.title)}. {literal(charts.summary_sentence(spec))}" + marks,
        st["small"],
    )
    return [KeepTogether([drawing(spec, width, height), alt, Spacer(1, 8)])]


def _front(title: str, subtitle: str, opts: BriefOptions, st) -> list:
    out = [Paragraph(literal(title), st["title"]), Paragraph(literal(subtitle), st["subtitle"])]
    out = [p for p, text in zip(out, (title, subtitle), strict=False) if text]
    if opts.note.strip():
        out.append(Paragraph(literal(opts.note), st["note"]))
        out.append(Spacer(1, 4))
    return out


def _progress(opts: BriefOptions, done: int, total: int, what: str) -> None:
    if opts.cancelled and opts.cancelled():
        raise BriefCancelled()
    if opts.progress:
        opts.progress(done, total, what)


def commodity_brief(cat: Catalog, cid: str, out: str | Path, opts: BriefOptions) -> Path:
    """One or two pages on a commodity."""
    name = cat.commodity_name(cid)
    title = opts.title or f"{name}: briefing"

    def story(_pages):
        st = styles()
        cit = Citations(cat.sources)
        width = _width(opts)
        flow = _front(opts.title, "", opts, st)
        # The commodity's name is the page title (level -1: title style, outline level 0).
        flow += commodity_flowables(cat, cid, cit, st, width, level=-1)
        flow.append(PageBreak())
        flow += source_annex(cit, st)
        return flow

    _progress(opts, 0, 1, name)
    return write_pdf(out, lambda tmp: build_story(tmp, title, as_of(cat), opts, story))


def _width(opts: BriefOptions) -> float:
    from minref.briefing.document import PAPERS

    return PAPERS[opts.paper.lower()][0] - 36 * mm


def _e(text: str, fig: Figure | None) -> str:
    """A summary cell keeps its figure's estimate flag: "77% e" (the footer explains "e")."""
    return f"{text} e" if fig is not None and fig.is_estimated and text else text


def pack_summary(cat: Catalog, ids: list[str], cit: Citations, st, width: float) -> list:
    """One line per commodity: Mexico's rank and share, U.S. reliance, Mexico's share of
    U.S. imports and the lists, the page an official reads first."""
    from minref.analysis.profile import mexico_import_share

    body, marks, periods = [], set(), set()
    for cid in ids:
        r = commodity_report(cat, cid)
        periods |= {s.period for s in r.us_import_sources if s.period}
        k = r.key_facts
        m = k.mexico_production
        nir = k.us_net_import_reliance
        mx = mexico_import_share(r.us_import_sources)
        lists = sorted(
            {x.list_id for x in r.profile.critical_lists if "draft" not in x.status.lower()}
        )
        for f in (m.figure if m else None, nir, mx.figure if mx else None):
            if f is not None:
                marks.add(f.source_id)
        body.append(
            [
                r.profile.name_en,
                f"{m.rank}" if m and m.rank else ("listed, not ranked" if m else "not listed"),
                _e(pct(m.share_pct), m.figure) if m else "",
                _e(percent_text(nir), nir) if nir else "not held",
                _e(percent_text(mx.figure), mx.figure) if mx else "not listed",
                " ".join(lists),
            ]
        )
    editions = ", ".join(s.edition for s in cat.table_sources("us_import_sources"))
    imports_basis = f"{editions}, {', '.join(sorted(periods))}" if periods else editions
    out = [
        Heading("Summary", st["h1"], 0, "summary"),
        Paragraph(
            "Mexico's rank among the countries USGS lists and share of world "
            "production (newest MCS edition with figures), U.S. net import reliance "
            "(latest year, headline line) and Mexico's share of U.S. imports ("
            + literal(imports_basis)
            + ")"
            + cit.sup(*sorted(marks))
            + ".",
            st["small"],
        ),
        data_table(
            [
                "Commodity",
                "Mexico's rank",
                "Mexico's share",
                "U.S. import reliance",
                "Mexico's share of U.S. imports",
                "Critical lists",
            ],
            body,
            st,
            width,
            [0.2 * width, 0.11 * width, 0.11 * width, 0.13 * width, 0.15 * width, 0.3 * width],
            numeric_from=1,
            left_cols={5},
        ),
    ]
    return out


def pack(cat: Catalog, ids: list[str], out: str | Path, opts: BriefOptions) -> Path:
    """A cover, contents, one section per commodity and one source annex."""
    names = [cat.commodity_name(c) for c in ids]
    title = opts.title or f"Briefing pack: {len(ids)} commodities"
    entries = (
        [(0, "Summary", "summary")]
        + [(0, n, f"c-{c}") for c, n in zip(ids, names, strict=False)]
        + [(0, "Sources", "annex")]
    )

    def story(pages):
        st = styles()
        cit = Citations(cat.sources)
        width = _width(opts)
        flow = _front(title, f"Data as of {as_of(cat)}. Commodities: " + ", ".join(names), opts, st)
        flow.append(Spacer(1, 8))
        if opts.contents:
            flow += contents(entries, pages, st)
        flow += pack_summary(cat, ids, cit, st, width)
        flow.append(PageBreak())
        for i, cid in enumerate(ids):
            _progress(opts, i, len(ids), names[i])
            flow += commodity_flowables(cat, cid, cit, st, width, charts_on=True)
            flow.append(PageBreak())
        flow += source_annex(cit, st)
        return flow

    path = write_pdf(out, lambda tmp: build_story(tmp, title, as_of(cat), opts, story))
    _progress(opts, len(ids), len(ids), "done")
    return path


def mexico_us_flowables(cat: Catalog, cit: Citations, st, width: float) -> list:
    """The Mexico–United States section: standing, trade, import shares, list overlap, gaps."""
    flow: list = []
    from minref.analysis.claims import older_top10, top10_count

    standing = cat.country_standing(MEXICO)
    latest = cat.latest_edition
    top = [
        e
        for e in standing.entries
        if e.measure == "production" and e.rank and e.rank <= 10 and e.edition == latest
    ]
    n_top, _, _ = top10_count(cat, edition=latest)
    top_ids = sorted({e.commodity_id for e in top})
    older = older_top10(cat)
    flow.append(Heading("Mexico's standing in world production", st["h1"], 0, "standing"))
    flow.append(
        Paragraph(
            f"In MCS {latest}, Mexico ranks among the top 10 of the countries USGS lists in "
            f"<b>{n_top}</b> commodities ({len(top)} production lines). USGS lists only the "
            "main producers, so these are ranks among listed countries."
            + (f" Top 10 only in an older edition: {literal(', '.join(older))}." if older else ""),
            st["body"],
        )
    )
    body = [
        [
            e.commodity_name,
            e.type,
            f"{e.rank}/{e.listed_countries}",
            Markup(literal(figure_text(e.figure)) + cit.sup(e.figure.source_id)),
            e.unit,
            pct(e.share_pct),
            f"MCS {e.edition}, {e.year}",
        ]
        for e in top
    ]
    flow.append(
        data_table(
            ["Commodity", "Line", "Rank", "Figure", "Unit", "Share", "Edition"],
            body,
            st,
            width,
            [
                0.17 * width,
                0.22 * width,
                0.08 * width,
                0.13 * width,
                0.16 * width,
                0.08 * width,
                0.16 * width,
            ],
            numeric_from=2,
        )
    )
    flow.append(Heading("Trade with the United States by HS heading", st["h1"], 0, "trade"))
    spec = charts.mexico_us_trade(cat)
    flows = [
        f for f in cat.trade_flows(MEXICO, "USA", None, None, "export") if f.period == "annual"
    ]
    years = sorted({f.year for f in flows})
    codes = sorted({f.hs_code for f in flows})
    grid = {(f.hs_code, f.year): f for f in flows}
    body = []
    for code in codes:
        line = [short_label(f"{code} {cat.hs_description(code).split(';')[0]}", 36)]
        for y in years[-6:]:
            f = grid.get((code, y))
            line.append(_usd_m(f.value_usd) if f and f.value_usd is not None else "")
        body.append(line)
    sid = flows[0].source_id if flows else ""
    flow.append(
        Paragraph(
            "Mexico's exports to the U.S., US$ million, FOB, as reported by "
            "Mexico" + cit.sup(sid) + ". Source: UN Comtrade.",
            st["small"],
        )
    )
    n = len(years[-6:])
    flow.append(
        data_table(
            ["HS heading"] + [str(y) for y in years[-6:]],
            body,
            st,
            width,
            [0.34 * width] + [0.66 * width / max(n, 1)] * n,
        )
    )
    flow.append(CondPageBreak(80 * mm))
    flow += chart_block(spec, cit, st, width, 250)
    flow.append(Heading("Mexico's share of U.S. imports by commodity", st["h1"], 0, "shares"))
    body = [
        [
            name,
            src.detail,
            Markup(literal(figure_text(src.figure)) + cit.sup(src.figure.source_id)),
            src.period,
        ]
        for _, name, src in standing.import_shares
    ]
    flow.append(
        data_table(
            ["Commodity", "Product", "Share (%)", "Period"],
            body,
            st,
            width,
            [0.3 * width, 0.4 * width, 0.15 * width, 0.15 * width],
            numeric_from=2,
        )
    )
    us_list = cat.newest_list("United States")
    list_id, list_year, list_source = us_list or ("", "", "")
    flow.append(
        Heading(f"Overlap with the U.S. {list_year} critical-minerals list", st["h1"], 0, "overlap")
    )
    us25 = {s.commodity_id for s in cat.commodity_index if list_id in s.lists}
    overlap = [cat.commodity_name(c) for c in top_ids if c in us25]
    shares = [name for cid, name, _ in standing.import_shares if cid in us25]
    flow.append(
        Paragraph(
            f"Of the {len(top_ids)} commodities where Mexico ranks in the top 10, "
            f"<b>{len(overlap)}</b> are on the U.S. {list_year} list"
            + cit.sup(list_source)
            + ": "
            + literal(", ".join(overlap) or "none")
            + f". Mexico supplies a listed share of U.S. imports for {len(set(shares))} "
            "commodities on that list: " + literal(", ".join(sorted(set(shares))) or "none") + ".",
            st["body"],
        )
    )
    flow.append(Heading("Gaps in the data", st["h1"], 0, "gaps"))
    gaps = [
        "No Mexico–U.S. trade by HS heading for ores and concentrates (chapters 25, 26), "
        "inorganic chemicals (28, incl. 2846 rare-earth compounds) or base metals (72–80) "
        "is held; the Comtrade extract covers 16 metal headings of chapters 71 and 81.",
        "The USITC DataWeb extract covers 18 partners and not Mexico.",
        "U.S. Census imports are by HS chapter only (2023–2024).",
        "Mexico reports silver exports without quantity; only values are held.",
        "USGS ranks are among listed countries; a country USGS does not list has no rank.",
    ]
    for g in gaps:
        flow.append(Paragraph("• " + literal(g), st["body"]))
    return flow


def mexico_us_brief(cat: Catalog, out: str | Path, opts: BriefOptions) -> Path:
    """Mexico's standing, its trade with the U.S., its share of U.S. imports, list overlap,
    and the gaps in the data."""
    title = opts.title or "Mexico–United States: minerals briefing"

    def story(_pages):
        st = styles()
        cit = Citations(cat.sources)
        width = _width(opts)
        flow = _front(title, f"Data as of {as_of(cat)}", opts, st)
        flow += mexico_us_flowables(cat, cit, st, width)
        flow.append(PageBreak())
        flow += source_annex(cit, st)
        return flow

    return write_pdf(out, lambda tmp: build_story(tmp, title, as_of(cat), opts, story))


def _usd_m(v: float) -> str:
    return f"{v / 1e6:,.1f}"


def rare_earths_flowables(cat: Catalog, cit: Citations, st, width: float) -> list:
    """The rare-earths section: the elements, production, China's share, U.S. reliance, Mexico."""
    flow: list = []
    flow.append(Heading("The 17 rare earth elements", st["h1"], 0, "elements"))
    els = cat.rare_earth_elements()
    body = [
        [
            f"{e.symbol} {e.name_en}",
            str(e.atomic_number),
            e.class_usgs,
            e.class_eu,
            e.on_us_2022_list,
            e.eu_magnet_ree,
        ]
        for e in els
    ]
    flow.append(
        Paragraph("Atomic data and classes" + cit.sup(els[0].source.source_id), st["small"])
    )
    flow.append(
        data_table(
            ["Element", "Z", "Class (USGS)", "Class (EU CRM)", "US 2022 list", "EU magnet REE"],
            body,
            st,
            width,
            [0.22 * width, 0.08 * width, 0.2 * width, 0.2 * width, 0.15 * width, 0.15 * width],
            numeric_from=9,
        )
    )
    flow += commodity_flowables(cat, "rare-earths", cit, st, width, level=0)
    prod = cat.world_production("rare-earths")
    cn = prod.row_for("CHN")
    if cn:
        flow.append(
            Paragraph(
                f"China's share of world mine production in {prod.year}: "
                f"<b>{pct(cn.share_pct)}</b> ({_fig(cit, cn.figure, prod.unit)})"
                ".",
                st["body"],
            )
        )
    spec = charts.ree_history(cat, countries=False)
    flow.append(CondPageBreak(80 * mm))
    flow += chart_block(spec, cit, st, width, 220)
    flow += chart_block(charts.production_history(cat, "rare-earths"), cit, st, width, 220)
    nir = charts.us_nir(cat, "rare-earths")
    flow += chart_block(nir, cit, st, width, 200)
    flow.append(Heading("Mexico's position", st["h1"], 0, "mexico"))
    standing = [e for e in cat.country_standing(MEXICO).entries if e.commodity_id == "rare-earths"]
    listed = (
        "USGS lists rare-earth figures for Mexico."
        if standing
        else (
            "USGS lists no rare-earth mine production or reserves for Mexico in any edition held."
        )
    )
    flow.append(Paragraph(literal(listed), st["body"]))
    # What Mexico declares of rare-earth trade with the U.S. (HS 2846 compounds, 2805.30
    # metals), from the rows held: the sentence follows the data, never a fixed text.
    lines = []
    for code, label in (
        ("2846", "rare-earth compounds (HS 2846)"),
        ("280530", "rare-earth metals (HS 2805.30)"),
    ):
        for flow_kind, verb in (("export", "exports to"), ("import", "imports from")):
            rows = [
                f
                for f in cat.trade_flows(MEXICO, "USA", code, None, flow_kind)
                if f.period == "annual" and f.value_usd is not None
            ]
            if rows:
                years = sorted({f.year for f in rows})
                total = {y: sum(f.value_usd for f in rows if f.year == y) for y in years}
                lo, hi = min(total.values()), max(total.values())
                lines.append(
                    f"Mexico declares {verb} the U.S. of {label}: US${lo:,.0f} to US${hi:,.0f} "
                    f"a year in {years[0]}–{years[-1]}"
                    + cit.sup(*sorted({f.source_id for f in rows}))
                    + "."
                )
    if not lines:
        lines.append(literal("The catalog holds no Mexico–U.S. trade in HS 2805.30 or 2846."))
    for line in lines:
        flow.append(Paragraph(line, st["body"]))
    flow.append(
        Paragraph(
            literal(
                "Trade in rare-earth compounds does not show that Mexico produces rare earths: "
                "it may be re-export or processing of imported material."
            ),
            st["note"],
        )
    )
    return flow


def rare_earths_brief(cat: Catalog, out: str | Path, opts: BriefOptions) -> Path:
    """The 17 elements, production and reserves, China's share, U.S. reliance and sources,
    HS lines, and Mexico's position."""
    title = opts.title or "Rare earths: briefing"

    def story(_pages):
        st = styles()
        cit = Citations(cat.sources)
        width = _width(opts)
        flow = _front(title, f"Data as of {as_of(cat)}", opts, st)
        flow += rare_earths_flowables(cat, cit, st, width)
        flow.append(PageBreak())
        flow += source_annex(cit, st)
        return flow

    return write_pdf(out, lambda tmp: build_story(tmp, title, as_of(cat), opts, story))


def claim_flowables(result, cit: Citations, st, width: float) -> list:
    """One claim's fact card: claim, verdict, what the data says, definitions, sensitivity."""
    flow: list = []
    marks = cit.sup(*result.source_ids)
    flow.append(Paragraph(f"<b>Claim.</b> “{literal(result.claim)}”", st["h2"]))
    flow.append(
        fact_table(
            [
                ("Verdict", literal(result.verdict.capitalize()), ""),
                ("What the data held says", literal(result.value) + marks, ""),
            ],
            st,
            width,
        )
    )
    flow.append(Paragraph("<b>Why.</b> " + literal(result.reason), st["body"]))
    flow.append(Paragraph("Definitions used", st["h2"]))
    flow.append(
        data_table(
            ["Definition", "Value"],
            [[k, str(v)] for k, v in result.definitions.items()],
            st,
            width,
            [0.28 * width, 0.72 * width],
            numeric_from=9,
        )
    )
    flow.append(Paragraph("How the result moves when a definition changes", st["h2"]))
    flow.append(
        data_table(
            ["Definition", "Result"],
            [[s.definition, s.result] for s in result.sensitivity],
            st,
            width,
            [0.75 * width, 0.25 * width],
        )
    )
    if result.gaps:
        flow.append(Paragraph("What the data does not say", st["h2"]))
        for g in result.gaps:
            flow.append(Paragraph("• " + literal(g), st["note"]))
    return flow


def claim_card(data, result, out: str | Path, opts: BriefOptions) -> Path:
    """One claim as a fact card: the claim, verdict, what the data says, definitions,
    sensitivity, gaps, and the source annex."""
    title = opts.title or f"Claim: {result.claim}"  # the card carries the claim's own title
    sources = data.sources()

    def story(_pages):
        st = styles()
        cit = Citations(sources)
        width = _width(opts)
        flow = [
            Heading(title, st["title"], 0, "claim"),
            Paragraph(f"Data as of {as_of(data.catalog)}", st["subtitle"]),
        ]
        if opts.note.strip():
            flow.append(Paragraph(literal(opts.note), st["note"]))
        flow += claim_flowables(result, cit, st, width)
        flow.append(PageBreak())
        flow += source_annex(cit, st)
        return flow

    return write_pdf(out, lambda tmp: build_story(tmp, title, as_of(data.catalog), opts, story))
