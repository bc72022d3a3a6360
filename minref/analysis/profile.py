"""A commodity report: the profile, its tables and the Mexico-U.S. key facts, with sources."""

from __future__ import annotations

import logging
from dataclasses import field

from minref.catalog.models import (
    CommodityProfile,
    CountryFigure,
    Figure,
    ImportReliance,
    ImportSource,
    SalientFigure,
    SalientTable,
    SourceRef,
    WorldTable,
)
from minref.catalog.queries import MEXICO, Catalog
from minref.i18n import _, pgettext
from minref.records import record

logger = logging.getLogger(__name__)

# The order of U.S. salient statistics on screen and paper.
STAT_ORDER = [
    "production",
    "imports",
    "exports",
    "consumption",
    "price",
    "net_import_reliance",
    "stocks",
    "shipments",
    "employment",
    "other",
]


@record
class KeyFacts:
    """The strip at the top of a commodity page."""

    mexico_production: CountryFigure | None
    leader: CountryFigure | None
    us_net_import_reliance: Figure | None
    mexico_share_of_us_imports: list[ImportSource]
    production_basis: str  # edition, type and year the ranks refer to


@record
class CommodityReport:
    """Everything a commodity page and brief show, computed once from the catalog."""

    profile: CommodityProfile
    key_facts: KeyFacts
    world_production: WorldTable
    reserves: WorldTable
    us_salient: SalientTable
    us_import_sources: list[ImportSource]
    us_import_reliance: list[ImportReliance]
    sources: list[SourceRef]


def latest_nir_line(salient: SalientTable, basis: str = "") -> SalientFigure | None:
    """The latest year's net import reliance row on the headline line (refined zinc, not
    zinc in ores; compounds and metals, not concentrates), with the line it is on."""
    from minref.analysis.lines import headline

    rows = salient.series("net_import_reliance")
    if not rows:
        return None
    head = headline(sorted({r.detail for r in rows}), basis)  # on the page's product
    rows = [r for r in rows if r.detail == head]
    latest = max(r.figure.year or 0 for r in rows)
    return next(r for r in rows if (r.figure.year or 0) == latest)


def latest_nir(salient: SalientTable, basis: str = "") -> Figure | None:
    """The latest year's net import reliance on the headline line (refined zinc, not zinc
    in ores; compounds and metals, not concentrates)."""
    row = latest_nir_line(salient, basis)
    return row.figure if row else None


def nir_line_product(detail: str) -> str:
    """The product a U.S. net import reliance line covers, in USGS's words, or "" where the
    line names none (the whole commodity): "Net import reliance as a percentage of apparent
    consumption: Compounds and metals" -> "Compounds and metals"; "TiO2 pigment: Net import
    reliance ..." -> "TiO2 pigment"; "..., refined metal" -> "refined metal"; older editions'
    column names ("Compounds Metals", "Concentrate") are the product themselves."""
    named = []
    for part in (p.strip() for p in detail.split(": ")):
        low = part.lower()
        if "import relian" in low:
            # the statistic's own words; a product may follow them after a comma
            _words, comma, rest = part.partition("consumption, ")
            if comma and rest.strip():
                named.append(rest.strip())
        elif part:
            named.append(part)
    return named[-1] if named else ""  # "Zirconium: ...: Zirconium ores and concentrates"


def _nir_line_figure(f: Figure, estimated: bool = True) -> str:
    """Another line's figure beside the headline one, with its flags in words: "net exporter
    (E), estimated", "70% (estimated)"; ``estimated=False``: the estimate left to the year
    line, which says it once for every line."""
    from minref.analysis.text import CODE_FLAGS, FLAG_MARKS, flag_label, percent_text

    codes = [flag_label(x) for x in f.flags if x in CODE_FLAGS]
    marks = [flag_label(x) for x in f.flags if x in FLAG_MARKS and (estimated or x != "estimated")]
    if codes:
        return ", ".join(codes + marks)
    text = percent_text(f)
    return _("{figure} ({flags})").format(figure=text, flags=", ".join(marks)) if marks else text


def _nir_scope(salient: SalientTable, basis: str, commodity: str) -> tuple[str, str]:
    """The scope (:func:`nir_scope`) and where it leaves the estimate: "all" (every line of
    the year is estimated: the year line says so once, no line repeats it), "head" (the
    headline figure, estimated while another line is not, carries its own mark) or ""
    (the year line says the headline's flags as on any card)."""
    from minref.analysis.lines import line_key
    from minref.analysis.text import line_label_text

    head = latest_nir_line(salient, basis)
    if head is None:
        return "", ""
    product = nir_line_product(head.detail)
    others = [
        r
        for r in salient.series("net_import_reliance")
        if r.detail != head.detail and r.figure.year == head.figure.year
    ]
    if not others and (not product or line_key(product) == line_key(commodity)):
        return "", ""
    from minref.analysis.text import flag_label, percent_text

    every = head.figure.is_estimated and all(r.figure.is_estimated for r in others)
    estimate = "all" if others and every else ""
    if others and product and head.figure.is_estimated and not every:
        estimate = "head" if head.figure.value is not None else ""  # a code: see nir_detail
    parts = []
    if product:
        # each line with its figure, so that none is read for another; the headline's flags
        # follow in the card's year line (nir_detail), unless it alone is estimated
        first = line_label_text(product)
        figure = percent_text(head.figure)
        if estimate == "head":
            figure = _("{figure} ({flags})").format(figure=figure, flags=flag_label("estimated"))
        parts.append(
            _("{line}: {figure}").format(line=first[:1].upper() + first[1:], figure=figure)
        )
    for r in others:
        line = nir_line_product(r.detail) or r.detail
        parts.append(
            _("{line}: {figure}").format(
                line=line_label_text(line, lower=bool(parts)),
                figure=_nir_line_figure(r.figure, estimated=estimate != "all"),
            )
        )
    return pgettext("clause separator", "; ").join(parts), estimate


def nir_scope(salient: SalientTable, basis: str = "", commodity: str = "") -> str:
    """What the headline net import reliance figure covers, where USGS names a product or
    gives other lines, in the reader's language: "Compounds and metals: 67%; mineral
    concentrates: net exporter (E)" for rare earths, so that a bare "67%" is not quoted for
    all rare earths. "" where the line is the whole commodity (``commodity``: its English
    name, which a line such as "Feldspar" only repeats).  An estimate is said once: where
    every line of the year is estimated, by the card's year line (:func:`nir_card_detail`)."""
    return _nir_scope(salient, basis, commodity)[0]


def nir_card_detail(salient: SalientTable, basis: str = "", commodity: str = "") -> str:
    """The line under the net import reliance card and fact box: what the figure covers
    (:func:`nir_scope`), then its year, edition and flags (:func:`nir_detail`), the estimate
    said once: "Compounds and metals: 67%; mineral concentrates: net exporter (E) · 2025
    (all figures estimated), MCS 2026" (it said "…(E), estimated · 2025 (estimated)…")."""
    head = latest_nir_line(salient, basis)
    if head is None:
        return ""
    scope, estimate = _nir_scope(salient, basis, commodity)
    fig = head.figure
    if estimate and fig.value is not None:
        template = (
            _("{year} (all figures estimated), MCS {edition}")
            if estimate == "all"
            else _("{year}, MCS {edition}")  # the headline's own mark is in the scope
        )
        when = template.format(year=fig.year, edition=salient.edition)
    else:
        when = nir_detail(fig, salient.edition)
    return f"{scope} · {when}" if scope else when


def main_import_line(shares: list[ImportSource]) -> str:
    """The commodity's main U.S. import line among every country's lines ("Total metal and
    oxide", not "Ore and concentrates"), whichever lines Mexico is listed on."""
    from minref.analysis.lines import main_import_line as main_line

    return main_line([s.detail for s in shares])


def mexico_import_share(shares: list[ImportSource]) -> ImportSource | None:
    """Mexico's share of U.S. imports on the main import line, or None when Mexico is not a
    listed source of it (its other lines follow beneath)."""
    head = main_import_line(shares)
    return next((s for s in shares if s.country_iso3 == MEXICO and s.detail == head), None)


def commodity_report(
    catalog: Catalog, commodity_id: str, *, edition: int | None = None, year: int | None = None
) -> CommodityReport:
    """Everything a commodity page or brief shows, from one catalog (``year``: any year of
    world production the edition holds; reserves of that year where held)."""
    profile = catalog.commodity_profile(commodity_id)
    production = catalog.world_production(commodity_id, edition=edition, year=year)
    reserves = catalog.world_production(commodity_id, edition=edition, measure="reserves")
    if year is not None and year != reserves.year and year in reserves.available_years:
        reserves = catalog.world_production(
            commodity_id, edition=edition, year=year, measure="reserves"
        )
    salient = catalog.us_salient(commodity_id, edition=edition)
    imports = catalog.us_import_sources(commodity_id)
    reliance = catalog.us_import_reliance(commodity_id)
    from minref.analysis.text import line_label_text  # text imports this module

    facts = KeyFacts(
        production.row_for(MEXICO),
        production.leader(),
        latest_nir(salient, production.type),
        [s for s in imports if s.country_iso3 == MEXICO],
        f"MCS {production.edition}, {line_label_text(production.type)}, {production.year}"
        if production.year
        else _("no world production figures held"),
    )
    ids = {s.source_id for s in profile.sources}
    for t in (production, reserves):
        if t.source:
            ids.add(t.source.source_id)
    if salient.source:
        ids.add(salient.source.source_id)
    ids |= {s.figure.source_id for s in imports} | {r.figure.source_id for r in reliance}
    return CommodityReport(
        profile,
        facts,
        production,
        reserves,
        salient,
        imports,
        reliance,
        [catalog.sources[i] for i in sorted(ids) if i in catalog.sources],
    )


@record
class WorldRow:
    """One row of the world production table: the previous and latest year, share and reserves."""

    rank: int | None
    name: str
    iso3: str | None
    kind: str
    previous: Figure | None
    current: Figure | None
    share: float | None
    reserves: Figure | None


def world_rows(prod: WorldTable, prev: WorldTable | None, reserves: WorldTable) -> list[WorldRow]:
    """Production (two years), share and reserves side by side, by country as USGS lists."""

    from minref.analysis.lines import qualifier_of

    def key(cf: CountryFigure) -> str:
        return cf.country_iso3 or cf.country_label.lower()

    prev_by = {key(r): r for r in (prev.rows if prev else [])}
    res_by = {key(r): r for r in reserves.rows}
    out, seen = [], set()
    for r in prod.rows:
        k = key(r)
        seen.add(k)
        q = qualifier_of(r.figure.note)  # USGS's own qualifier, shown with the name
        out.append(
            WorldRow(
                r.rank,
                f"{r.country_name} ({q})" if q else r.country_name,
                r.country_iso3,
                r.place_kind,
                prev_by[k].figure if k in prev_by else None,
                r.figure,
                r.share_pct,
                res_by[k].figure if k in res_by else None,
            )
        )
    for r in reserves.rows:
        if key(r) not in seen:
            out.append(
                WorldRow(
                    None, r.country_name, r.country_iso3, r.place_kind, None, None, None, r.figure
                )
            )
    world_prev = prev.world_total if prev else None
    if prod.world_total or reserves.world_total:
        out.append(
            WorldRow(
                None,
                "World total",
                None,
                "world",
                world_prev,
                prod.world_total,
                None,
                reserves.world_total,
            )
        )
    return out


@record
class Fact:
    """One key fact as the commodity page's cards and the brief's fact box show it."""

    key: str  # mexico-rank, mexico-share, leaders, us-nir, mexico-us-imports, lists
    label: str  # in the reader's language
    value: str
    detail: str
    figure: Figure | None = None  # the figure behind it: source, flags, tooltip
    # For "leaders": the top producers as (name, share %) with their figures.
    parts: tuple = field(default=())


# The facts' labels in English (the message ids); cards may ask for shorter translations.
FACT_LABELS = {
    "mexico-rank": "Mexico's world rank",
    "mexico-share": "Mexico's share of world production",
    "leaders": "Leading producers",
    "us-nir": "U.S. net import reliance",
    "mexico-us-imports": "Mexico's share of U.S. imports",
    "lists": "Critical lists",
}


def nir_detail(nir: Figure | None, edition: int) -> str:
    """The line under a net import reliance figure: its year and edition, and its flags
    ("2025 (estimated), MCS 2026"; "2025: estimated; more than the bound shown")."""
    from minref.analysis.text import flag_label

    if nir is None:
        return ""
    if nir.value is None:  # "2025 : estimé" in French, its colon spaced as the language has it
        return _("{year}: {flags}").format(
            year=nir.year,
            flags=pgettext("clause separator", "; ").join(flag_label(f) for f in nir.flags),
        )
    return (
        _("{year} (estimated), MCS {edition}") if nir.is_estimated else _("{year}, MCS {edition}")
    ).format(year=nir.year, edition=edition)


def key_facts(report: CommodityReport) -> list[Fact]:
    """The key facts of a commodity, in order, for screen and paper alike."""
    from minref.analysis.text import (
        figure_text,
        figure_with_unit,
        import_product,
        percent_text,
        share_text,
    )

    k, wp = report.key_facts, report.world_production
    facts: list[Fact] = []
    listed = sum(1 for x in wp.rows if x.place_kind == "country")
    if k.mexico_production:
        m = k.mexico_production
        facts.append(
            Fact(
                "mexico-rank",
                _("Mexico's world rank"),
                f"#{m.rank}" if m.rank else figure_text(m.figure),
                _("of {n} countries listed · {year}").format(n=listed, year=wp.year),
                m.figure,
            )
        )
        facts.append(
            Fact(
                "mexico-share",
                _("Mexico's share of world production"),
                share_text(m.share_pct, m.figure),
                figure_with_unit(m.figure, wp.unit),
                m.figure,
            )
        )
    else:
        facts.append(
            Fact(
                "mexico-rank",
                _("Mexico's world rank"),
                _("not listed"),
                _("USGS lists no figure for Mexico")
                if wp.rows
                else _("no world production figures held"),
            )
        )
    leaders = sorted((x for x in wp.rows if x.rank and x.rank <= 3), key=lambda x: x.rank)
    if leaders:
        facts.append(
            Fact(
                "leaders",
                _("Leading producers"),
                leaders[0].country_name,
                pgettext("clause separator", "; ").join(
                    f"{x.country_name} {share_text(x.share_pct, x.figure)}" for x in leaders
                ),
                leaders[0].figure,
                tuple((x.country_name, x.share_pct, x.figure) for x in leaders),
            )
        )
    nir = k.us_net_import_reliance
    # What the figure covers first: USGS's rare-earth reliance is on compounds and metals
    # only (concentrates: net exporter), and a bare "67%" was quoted for all rare earths.
    detail = nir_card_detail(report.us_salient, wp.type, report.profile.name_en)
    facts.append(
        Fact(
            "us-nir",
            _("U.S. net import reliance"),
            percent_text(nir) if nir else _("not held"),
            detail,
            nir,
        )
    )
    mx = mexico_import_share(report.us_import_sources)
    other = [s for s in report.us_import_sources if s.country_iso3 == MEXICO and s is not mx]
    shown = mx
    if mx:
        detail = _("{period} average").format(period=mx.period) + (
            "" if mx.detail in ("All", "") else f" · {mx.detail}"
        )
    elif other:
        # Mexico is not listed on the main line but is on others (antimony: not a source of
        # "Total metal and oxide", 86% of "Ore and concentrates"): the card gives Mexico's
        # largest share, naming its line, and says which line Mexico is absent from, never a
        # bare "not listed" over the main supplier of a product (found in the built app).
        shown = max(other, key=lambda s: -1 if s.figure.value is None else s.figure.value)
        detail = (
            _("{line}, {period} average").format(
                line=import_product(shown.detail), period=shown.period
            )
            + " · "
            + _("Mexico is not a listed source of {line}").format(
                line=import_product(main_import_line(report.us_import_sources))
            )
            + "".join(
                f" · {import_product(s.detail)}: {percent_text(s.figure)}"
                for s in other
                if s is not shown
            )
        )
    else:
        detail = _("Mexico is not among the U.S. import sources USGS lists")
    facts.append(
        Fact(
            "mexico-us-imports",
            _("Mexico's share of U.S. imports"),
            percent_text(shown.figure) if shown else _("not listed"),
            detail,
            shown.figure if shown else None,
        )
    )
    lists = sorted(
        {m.list_id for m in report.profile.critical_lists if "draft" not in m.status.lower()}
    )
    facts.append(Fact("lists", _("Critical lists"), str(len(lists)), ", ".join(lists) or _("none")))
    return facts


@record
class SalientLine:
    """One U.S. salient statistic across the years an edition gives."""

    statistic: str
    detail: str
    unit: str
    by_year: dict  # year -> Figure


def salient_lines(
    salient: SalientTable,
    *,
    statistics: list[str] | None = None,
    last_years: int | None = None,
    per_statistic: int | None = None,
) -> tuple[list[int], list[SalientLine]]:
    """The U.S. salient statistics as (years, lines) in one order for screen and paper; paper
    asks for fewer statistics, years and lines per statistic."""
    order = statistics or STAT_ORDER
    years = sorted({x.figure.year for x in salient.rows if x.figure.year})
    if last_years:
        years = years[-last_years:]
    lines: dict[tuple, dict] = {}
    for x in salient.rows:
        if statistics and x.statistic not in statistics:
            continue
        lines.setdefault((x.statistic, x.detail, x.figure.unit), {})[x.figure.year] = x.figure
    keys = sorted(
        lines, key=lambda k: (order.index(k[0]) if k[0] in order else 99, len(k[1]), k[1])
    )
    if per_statistic:
        seen: dict[str, int] = {}
        kept = []
        for key in keys:
            if seen.get(key[0], 0) < per_statistic:
                kept.append(key)
                seen[key[0]] = seen.get(key[0], 0) + 1
        keys = kept
    return years, [SalientLine(s, d, u, lines[(s, d, u)]) for s, d, u in keys]
