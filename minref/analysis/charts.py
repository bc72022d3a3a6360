"""Chart descriptions in plain Python: what to draw, with units, flags and sources.

One :class:`ChartSpec` feeds both the screen (pyqtgraph, ``minref.ui.charts``) and
paper (reportlab.graphics, ``minref.briefing.charts``), so the two always agree.
Builders read the catalog through its query functions only; no SQL here.

A spec is written in the current language (minref.i18n) when it is built: titles, axis
titles, notes and minref's own series names are whole translated templates; country and
commodity names come from the catalog in that language; the source's own text (USGS line
labels and units, HS descriptions, dataset titles) stays as published.  ``unit`` stays a
code ("percent", "years", "US$" or the source's unit); :func:`value_text` shows a value
with it in the reader's conventions.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Callable
from dataclasses import field

from minref.analysis.text import PLACE_LABELS, import_product, line_label_text, place_label
from minref.catalog.models import Figure, SourceRef, format_number
from minref.catalog.queries import MEXICO, Catalog
from minref.i18n import N_, _, clauses, format_fixed, ngettext, percent_sign, pgettext
from minref.records import record

logger = logging.getLogger(__name__)

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
HIGHLIGHT = "#D55E00"  # vermillion, for Mexico
BASE = "#0072B2"  # blue
# Colours of the other series; vermillion stays reserved for the highlighted country.
SERIES_COLORS = ["#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
BASE_ON_DARK = "#56B4E9"  # sky blue: the base colour on a dark background
# Distinct markers and dashes so that series stay apart in black-and-white print.
MARKERS = ["o", "s", "t", "d", "+", "x", "star", "h"]
DASHES = [None, (6, 3), (2, 2), (8, 3, 2, 3), (1, 3), (10, 4), (4, 4), (3, 6)]


@record
class Point:
    """One plotted value: x is a year (time series) or a category label (bars)."""

    x: int | str
    value: float | None
    raw: str = ""
    flags: tuple[str, ...] = ()
    source_id: str = ""
    note: str = ""
    bound: float | None = None  # ">95" is drawn at 95 with its label, never as a number
    label: str = ""  # scatter charts: the mark's label (x and value are its coordinates)

    @property
    def estimated(self) -> bool:
        return "estimated" in self.flags

    @property
    def missing(self) -> bool:
        """No exact value: withheld, not available, a bound or a word. Never drawn as zero."""
        return self.value is None


@record
class Series:
    name: str
    points: tuple[Point, ...]
    highlight: bool = False
    unit: str = ""
    fill: str = ""  # scatter charts: solid | pale | hollow | none (how the marks are filled)


@record
class SeriesStyle:
    """How one series is drawn, decided once for screen and paper alike."""

    color: str  # hex; BASE is swapped for BASE_ON_DARK on a dark screen
    dash: tuple[int, ...] | None
    marker: str
    emphasis: bool  # the highlighted country: wider line, vermillion


def series_styles(series: tuple[Series, ...]) -> tuple[SeriesStyle, ...]:
    """Colours, dashes and markers by series order: vermillion only for the highlight,
    and every series also differs by dash and marker for black-and-white print."""
    styles, others = [], 0
    for i, s in enumerate(series):
        if s.highlight:
            color = HIGHLIGHT
        else:
            color = SERIES_COLORS[others % len(SERIES_COLORS)]
            others += 1
        dash, marker = DASHES[i % len(DASHES)], MARKERS[i % len(MARKERS)]
        styles.append(SeriesStyle(color, dash, marker, s.highlight))
    return tuple(styles)


@record
class ChartSpec:
    kind: str  # bars (horizontal, categories) | lines (x = year) | scatter (x, value)
    chart: str  # a chart kind id (CHART_KINDS)
    title: str
    unit: str
    series: tuple[Series, ...]
    sources: tuple[SourceRef, ...]
    x_label: str = ""
    y_label: str = ""  # the value axis's title
    note: str = ""
    empty_reason: str = ""
    log_scale_ok: bool = True
    categories: tuple[str, ...] = field(default=())
    # Bar charts: the categories drawn in the highlight colour (the chosen country).
    highlight: tuple[str, ...] = ()

    @property
    def styles(self) -> tuple[SeriesStyle, ...]:
        """One style per series, the same on screen and on paper."""
        return series_styles(self.series)

    def bar_color(self, category: str) -> str:
        """The fill of a bar: vermillion for a highlighted category, the base colour otherwise."""
        return HIGHLIGHT if category in self.highlight else BASE

    @property
    def is_empty(self) -> bool:
        return bool(self.empty_reason) or not any(
            p.value is not None for s in self.series for p in s.points
        )

    @property
    def caption(self) -> str:
        """The source line printed under every chart, on screen and in exports."""
        # Editions of one dataset are cited once: "... Mineral Commodity Summaries data
        # release, MCS 2023, MCS 2024".
        from minref.catalog import source_text

        groups: dict[tuple[str, str], list[str]] = {}
        for s in self.sources:
            # A year on its own goes ("2025 Final List" -> "Final List"); a date stays
            # ("Federal Register 2025-11-07" lost its year and read "Register-11-07").
            dataset = re.sub(r"\s*(?<![\d-])(19|20)\d\d(?![\d-])", "", s.dataset).strip()
            # minref's own words in the reader's language ("2025 final", "DS140, through
            # 2020", "minref (compiled)"); the publications' as published.
            key = (source_text.organisation(s.organisation), source_text.title(dataset))
            groups.setdefault(key, []).append(source_text.edition(s.edition))
        cites = clauses(f"{org}, {ds}, {', '.join(eds)}" for (org, ds), eds in groups.items())
        text = _("Source: {sources}.").format(sources=cites) if cites else _("Source: not held.")
        if self.note:
            text = _("{source_line} {note}").format(source_line=text, note=self.note)
        return text


def value_text(value: float | None, unit: str = "") -> str:
    """A plotted value with its unit in the reader's conventions: "6,300 metric tons",
    "6 300 metric tons", "77%", "77 %", "5.9 years", "5,9 ans" (the source's units as
    published; minref's own "percent" and "years" in the reader's language)."""
    if value is None:
        return ""
    if unit == "percent":
        return f"{format_number(value)}{percent_sign()}"
    if unit == "years":
        shown = format_fixed(value, 1) if not float(value).is_integer() else format_number(value)
        # A fraction reads as plural ("1.5 years"); whole numbers follow the plural rules.
        n = int(value) if float(value).is_integer() else 2
        return ngettext("{value} year", "{value} years", n).format(value=shown)
    from minref.analysis.text import unit_label

    return f"{format_number(value)} {unit_label(unit)}".strip()


def axis_unit(unit: str) -> str:
    """The unit as an axis title: minref's own units translated, the source's as published."""
    from minref.analysis.text import unit_label

    return {"percent": _("percent"), "years": _("years")}.get(unit) or unit_label(unit)


# World-table titles by measure (minref.catalog's measures), with and without a year.
_RANKING_TITLES = {
    "production": (
        N_("{commodity}: world production by country, {year}"),
        N_("{commodity}: world production by country"),
        N_("No world production figures for {commodity} in MCS {edition}."),
    ),
    "reserves": (
        N_("{commodity}: world reserves by country, {year}"),
        N_("{commodity}: world reserves by country"),
        N_("No world reserves figures for {commodity} in MCS {edition}."),
    ),
    "capacity": (
        N_("{commodity}: world capacity by country, {year}"),
        N_("{commodity}: world capacity by country"),
        N_("No world capacity figures for {commodity} in MCS {edition}."),
    ),
}


def _point(x, fig: Figure) -> Point:
    bound = fig.low if fig.low is not None else fig.high
    return Point(x, fig.value, fig.raw, fig.flags, fig.source_id, fig.note, bound)


def _empty(chart: str, title: str, reason: str, sources=()) -> ChartSpec:
    return ChartSpec(
        "bars", chart, title, "", (), tuple(s for s in sources if s), empty_reason=reason
    )


def world_ranking(
    cat: Catalog,
    commodity_id: str,
    *,
    edition: int | None = None,
    year: int | None = None,
    highlight: str = MEXICO,
    measure: str = "production",
) -> ChartSpec:
    """Horizontal bars, largest first; the highlighted country stands out."""
    t = cat.world_production(commodity_id, edition=edition, year=year, measure=measure)
    name = cat.commodity_name(commodity_id)
    with_year, without_year, none_held = _RANKING_TITLES.get(measure, _RANKING_TITLES["production"])
    title = (_(with_year) if t.year else _(without_year)).format(commodity=name, year=t.year)
    if not t.rows:
        return _empty(
            "ranking",
            title,
            _(none_held).format(commodity=name, edition=t.edition),
            [t.source],
        )
    rows = [r for r in t.rows if r.place_kind == "country"]
    rows.sort(key=lambda r: (r.figure.value is None, -(r.figure.value or 0), r.country_name))
    cats = tuple(f"{r.rank}. {r.country_name}" if r.rank else r.country_name for r in rows)
    points = tuple(_point(c, r.figure) for c, r in zip(cats, rows, strict=True))
    main = Series(line_label_text(t.type), points, unit=t.unit)
    hl = [c for c, r in zip(cats, rows, strict=False) if r.country_iso3 == highlight]
    return ChartSpec(
        "bars",
        "ranking",
        title,
        t.unit,
        (main,),
        (t.source,) if t.source else (),
        x_label=axis_unit(t.unit),
        note=_(
            "MCS {edition}, {line}. Rank among countries listed by USGS; hatched = "
            "estimated; W/NA = no figure published."
        ).format(edition=t.edition, line=line_label_text(t.type)),
        categories=cats,
        highlight=tuple(hl),
    )


def production_history(
    cat: Catalog,
    commodity_id: str,
    *,
    countries: list[str] | None = None,
    top: int = 5,
    highlight: str = MEXICO,
) -> ChartSpec:
    """Production by country over the years, newest edition's figure for each year."""
    name = cat.commodity_name(commodity_id)
    latest = cat.world_production(commodity_id)
    title = _("{commodity}: production over time by country").format(commodity=name)
    if not latest.rows:
        return _empty(
            "production-history",
            title,
            _("No world production figures for {commodity}.").format(commodity=name),
        )
    if countries is None:
        ranked = [r.country_iso3 for r in latest.rows if r.rank and r.country_iso3][:top]
        countries = ranked + (
            [highlight] if highlight not in ranked and latest.row_for(highlight) else []
        )
    # Each edition words its lines differently ("mine production, silver content",
    # "Mine production"); take each edition's own default line.
    default_type = {
        e: cat.world_production(commodity_id, edition=e).type for e in latest.available_editions
    }
    series, sources = [], {}
    for iso3 in countries:
        by_year: dict[int, tuple[int, Figure]] = {}
        for edition, ftype, fig in cat.production_history(commodity_id, iso3):
            if ftype != default_type.get(edition) or fig.year is None:
                continue
            if fig.year not in by_year or edition > by_year[fig.year][0]:
                by_year[fig.year] = (edition, fig)
        if not by_year:
            continue
        pts = tuple(_point(y, by_year[y][1]) for y in sorted(by_year))
        for e, _fig in by_year.values():
            sources[f"usgs-mcs-{e}"] = cat.source(f"usgs-mcs-{e}")
        series.append(Series(cat.country_name(iso3), pts, iso3 == highlight, latest.unit))
    if not series:
        return _empty("production-history", title, _("No country series could be matched."))
    return ChartSpec(
        "lines",
        "production-history",
        title,
        latest.unit,
        tuple(series),
        tuple(s for _k, s in sorted(sources.items()) if s),
        x_label=_("year"),
        y_label=axis_unit(latest.unit),
        note=_(
            "{line}. Each year from the newest MCS edition that reports it; hollow "
            "markers = estimated."
        ).format(line=line_label_text(latest.type)),
    )


def _normal(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _salient_series(
    cat: Catalog, commodity_id: str, statistics: list[str]
) -> tuple[list[int], dict[str, dict[int, tuple[int, Figure]]], str]:
    """Headline series of U.S. salient statistics joined across editions.

    Editions word their lines differently, so each edition's headline line per statistic
    (the shortest description, in the newest edition's unit) is taken and the newest
    edition wins for a year.  Returns (editions, statistic -> year -> (edition, figure),
    unit).
    """
    from minref.analysis.lines import headline, line_key

    editions = cat.us_salient(commodity_id).available_editions
    tables = {e: cat.us_salient(commodity_id, edition=e).rows for e in editions}
    units: dict[str, str] = {}
    keys: dict[str, frozenset] = {}
    for e in reversed(editions):  # the newest edition sets each statistic's line and unit
        for stat in statistics:
            if stat in keys:
                continue
            lines = [r for r in tables[e] if r.statistic == stat]
            if lines:
                head = headline(sorted({r.detail for r in lines}))
                keys[stat] = line_key(head)
                units[stat] = next(r.figure.unit for r in lines if r.detail == head)
    out: dict[str, dict[int, tuple[int, Figure]]] = {}
    for e in editions:
        for stat in keys:
            # The same line in this edition's wording; none means a gap, never a switch.
            same = [
                r
                for r in tables[e]
                if r.statistic == stat
                and r.figure.unit == units[stat]
                and line_key(r.detail) == keys[stat]
            ]
            for r in same:
                fig = r.figure
                if fig.year is not None:
                    cur = out.setdefault(stat, {})
                    if fig.year not in cur or e >= cur[fig.year][0]:
                        cur[fig.year] = (e, fig)
    unit_list = [units[s] for s in out]
    unit = max(set(unit_list), key=unit_list.count) if unit_list else ""
    return editions, out, unit


def us_salient(cat: Catalog, commodity_id: str) -> ChartSpec:
    """U.S. production, imports, exports and apparent consumption over time."""
    name = cat.commodity_name(commodity_id)
    from minref.analysis.text import SALIENT_LABELS

    title = _("{commodity}: U.S. salient statistics over time").format(commodity=name)
    wanted = ["production", "imports", "exports", "consumption"]
    editions, lines, unit = _salient_series(cat, commodity_id, wanted)
    if not lines:
        return _empty(
            "us-salient",
            title,
            _("No U.S. salient statistics held for {commodity}.").format(commodity=name),
        )
    series = []
    for stat in wanted:
        if stat in lines and lines[stat][max(lines[stat])][1].unit == unit:
            pts = tuple(_point(y, f) for y, (_e, f) in sorted(lines[stat].items()))
            series.append(Series(_(SALIENT_LABELS[stat]), pts, unit=unit))
    sources = tuple(s for s in (cat.source(f"usgs-mcs-{e}") for e in editions) if s)
    return ChartSpec(
        "lines",
        "us-salient",
        title,
        unit,
        tuple(series),
        sources,
        x_label=_("year"),
        y_label=axis_unit(unit),
        note=_(
            "Headline line of each statistic; each year from the newest MCS edition that "
            "reports it; hollow markers = estimated."
        ),
    )


def us_nir(cat: Catalog, commodity_id: str) -> ChartSpec:
    """U.S. net import reliance (percent of apparent consumption) over time."""
    name = cat.commodity_name(commodity_id)
    title = _("{commodity}: U.S. net import reliance").format(commodity=name)
    editions, lines, _unit = _salient_series(cat, commodity_id, ["net_import_reliance"])
    if not lines:
        return _empty(
            "us-nir",
            title,
            _("No net import reliance figures held for {commodity}.").format(commodity=name),
        )
    pts = tuple(_point(y, f) for y, (_e, f) in sorted(lines["net_import_reliance"].items()))
    sources = tuple(s for s in (cat.source(f"usgs-mcs-{e}") for e in editions) if s)
    return ChartSpec(
        "lines",
        "us-nir",
        title,
        "percent",
        (Series(_("Net import reliance"), pts, unit="percent"),),
        sources,
        x_label=_("year"),
        y_label=_("percent of apparent consumption"),
        note=_(
            "Headline line. A bound such as >95 is marked at its bound with its label; "
            "E (net exporter) and other codes are left as gaps."
        ),
        log_scale_ok=False,
    )


def import_sources(cat: Catalog, commodity_id: str, highlight: str = MEXICO) -> ChartSpec:
    """Shares of U.S. imports by country (the MCS import-sources table, its period average)."""
    name = cat.commodity_name(commodity_id)
    title = _("{commodity}: U.S. import sources, share of imports").format(commodity=name)
    rows = cat.us_import_sources(commodity_id)
    if not rows:
        return _empty(
            "import-sources",
            title,
            _("USGS lists no U.S. import sources for {commodity}.").format(commodity=name),
            cat.table_sources("us_import_sources"),
        )
    detail = rows[0].detail
    rows = [r for r in rows if r.detail == detail]
    product = import_product(detail)
    cats = tuple(
        cat.country_name(r.country_iso3)
        or (place_label(r.country_label) if r.country_label in PLACE_LABELS else "")
        or r.country_label
        for r in rows
    )
    s = Series(
        product,
        tuple(_point(c, r.figure) for c, r in zip(cats, rows, strict=True)),
        unit="percent",
    )
    hl = [c for c, r in zip(cats, rows, strict=False) if r.country_iso3 == highlight]
    return ChartSpec(
        "bars",
        "import-sources",
        title,
        "percent",
        (s,),
        tuple(
            cat.sources[i] for i in sorted({r.figure.source_id for r in rows}) if i in cat.sources
        ),
        x_label=_("percent of U.S. imports"),
        note=(
            _("{period} average; {line}.").format(period=rows[0].period, line=product)
            if detail
            else _("{period} average.").format(period=rows[0].period)
        ),
        categories=cats,
        highlight=tuple(hl),
        log_scale_ok=False,
    )


def reserves_vs_production(cat: Catalog, commodity_id: str, highlight: str = MEXICO) -> ChartSpec:
    """Years of reserves at the latest production rate, by country (reserves / production)."""
    name = cat.commodity_name(commodity_id)
    prod = cat.world_production(commodity_id)
    res = cat.world_production(commodity_id, edition=prod.edition, measure="reserves")
    title = _("{commodity}: years of reserves at current production").format(commodity=name)
    if not prod.rows or not res.rows:
        return _empty(
            "reserves",
            title,
            _("MCS {edition} holds no reserves beside production for {commodity}.").format(
                edition=prod.edition, commodity=name
            ),
            [prod.source],
        )
    if prod.unit != res.unit:
        return _empty(
            "reserves",
            title,
            _(
                "Reserves ({reserves_unit}) and production ({production_unit}) are in "
                "different units; no ratio is computed."
            ).format(reserves_unit=axis_unit(res.unit), production_unit=axis_unit(prod.unit)),
            [prod.source],
        )
    pts, cats = [], []
    for r in prod.rows:
        if r.place_kind != "country":
            continue
        rr = res.row_for(r.country_iso3) if r.country_iso3 else None
        if rr is None:
            continue
        ok = r.figure.value and rr.figure.value is not None
        value = rr.figure.value / r.figure.value if ok else None
        flags = tuple(sorted(set(r.figure.flags) | set(rr.figure.flags)))
        raw = (
            ""
            if ok
            else _("reserves {reserves}, production {production}").format(
                reserves=rr.figure.raw or "—", production=r.figure.raw or "—"
            )
        )
        pts.append(
            Point(
                r.country_name,
                value,
                raw,
                flags,
                prod.source.source_id if prod.source else "",
                _("reserves {reserves} / production {production} {unit}").format(
                    reserves=rr.figure.display(),
                    production=r.figure.display(),
                    unit=axis_unit(prod.unit),
                ),
            )
        )
        cats.append(r.country_name)
    order = sorted(range(len(pts)), key=lambda i: (pts[i].value is None, -(pts[i].value or 0)))
    pts = [pts[i] for i in order]
    cats = [cats[i] for i in order]
    hl = cat.country_name(highlight)
    return ChartSpec(
        "bars",
        "reserves",
        title,
        "years",
        (Series(_("Years of reserves"), tuple(pts), unit="years"),),
        (prod.source,) if prod.source else (),
        x_label=_("years of reserves"),
        note=_(
            "Computed by minref: reserves {reserves_year} ÷ production {production_year}, "
            "both from MCS {edition}; a ratio, not a forecast (reserves change as prices "
            "and surveys change). Not computed where either figure is withheld or missing."
        ).format(reserves_year=res.year, production_year=prod.year, edition=prod.edition),
        categories=tuple(cats),
        highlight=(hl,) if hl in cats else (),
    )


def ree_history(cat: Catalog, top: int = 5, countries: bool = True) -> ChartSpec:
    """Rare-earth mine production: world (DS140, 1900-2020, then the MCS world totals) and,
    with ``countries``, the leading countries (MCS). Paper draws the countries apart, on the
    years they are held, so they are not squeezed into the last years of a century."""
    world = cat.ree_series("world_production")
    series = []
    sources = {}
    if world:
        series.append(
            Series(
                _("World (USGS DS140)"),
                tuple(Point(y, v, raw, flags, sid) for y, v, raw, flags, sid in world),
                unit="metric tons, REO equivalent",
            )
        )
        sources["usgs-ds140-rare-earths"] = cat.source("usgs-ds140-rare-earths")
    # The world after DS140 ends (2020): USGS MCS world totals, newest edition per year.
    totals: dict[int, tuple[int, Figure]] = {}
    latest = cat.world_production("rare-earths")
    for e in latest.available_editions:
        t0 = cat.world_production("rare-earths", edition=e)
        for y in t0.available_years:
            t = cat.world_production("rare-earths", edition=e, year=y, type=t0.type)
            if t.world_total is not None and (y not in totals or e > totals[y][0]):
                totals[y] = (e, t.world_total)
                if t.source:
                    sources[t.source.source_id] = t.source
    if totals:
        series.append(
            Series(
                _("World (USGS MCS)"),
                tuple(_point(y, totals[y][1]) for y in sorted(totals)),
                unit="metric tons, REO equivalent",
            )
        )
    if countries:
        hist = production_history(cat, "rare-earths", top=top)
        series.extend(hist.series)
        for s in hist.sources:
            sources[s.source_id] = s
    if not series:
        return _empty("ree-history", _("Rare earths: production over time"), _("No series held."))
    note = (
        _(
            "World to 2020 from DS140, from 2020 from the MCS world totals (rounded); "
            "countries from MCS {first}-{last}."
        ).format(first=min(cat.editions), last=max(cat.editions))
        if countries
        else _("World to 2020 from DS140, from 2020 from the MCS world totals (rounded).")
    )
    return ChartSpec(
        "lines",
        "ree-history",
        _("Rare earths: mine production over time"),
        "metric tons, REO equivalent",
        tuple(series),
        tuple(v for _k, v in sorted(sources.items()) if v),
        x_label=_("year"),
        y_label=_("metric tons, rare-earth-oxide equivalent"),
        note=note,
    )


def mexico_us_trade(cat: Catalog, hs: str | None = None, top: int = 6) -> ChartSpec:
    """Mexico's exports to the U.S. by HS heading over time (UN Comtrade, value)."""
    flows = [f for f in cat.trade_flows("MEX", "USA", hs, None, "export") if f.period == "annual"]
    title = (
        _("Mexico's exports to the U.S. by HS heading {hs}").format(hs=hs)
        if hs
        else _("Mexico's exports to the U.S. by HS heading")
    )
    if not flows:
        return _empty(
            "trade",
            title,
            _("The catalog holds no Mexico-to-U.S. export rows for HS {hs}.").format(hs=hs)
            if hs
            else _("The catalog holds no Mexico-to-U.S. export rows for these headings."),
        )
    by_code: dict[str, dict[int, object]] = {}
    for f in flows:
        by_code.setdefault(f.hs_code, {})[f.year] = f
    totals = {c: sum((f.value_usd or 0) for f in ys.values()) for c, ys in by_code.items()}
    codes = sorted(by_code, key=lambda c: -totals[c])[:top]
    series = []
    for code in codes:
        ys = by_code[code]
        pts = tuple(Point(y, ys[y].value_usd, "", ys[y].flags, ys[y].source_id) for y in sorted(ys))
        from minref.analysis.text import short_label

        # the description cut at a word, "…" where cut (the brief's caption then names it
        # in full): its first clause alone misled ("7326 Iron or steel")
        desc = short_label(ys[next(iter(ys))].hs_description, 28)
        series.append(Series(f"{code} {desc}", pts, unit="US$"))
    sources = tuple(
        s for s in (cat.source(sid) for sid in sorted({f.source_id for f in flows})) if s
    )
    return ChartSpec(
        "lines",
        "trade",
        title,
        "US$",
        tuple(series),
        sources,
        x_label=_("year"),
        y_label=_("US$ (FOB, as reported by Mexico)"),
        # the caption's source line already names UN Comtrade ("Source: ... Source: ..." twice)
        note=_("Value only: Mexico reports no quantity for several headings."),
    )


@record
class ChartKind:
    """One kind of chart: what the CLI, the chart tabs, the self-test and the tests list."""

    id: str
    label: str  # English, marked with N_; shown through label_text
    build: Callable  # build(catalog, commodity_id, **options) -> ChartSpec
    per_commodity: bool = True  # False: the commodity argument is ignored
    options: tuple[str, ...] = ()  # keyword options it takes: year, edition, highlight, hs
    sample: str = "silver"  # the commodity the self-test draws it for

    @property
    def label_text(self) -> str:
        """The label in the reader's language (the CLI's list of kinds, menus)."""
        return _(self.label)


CHART_KINDS: dict[str, ChartKind] = {}


def register_chart(kind: ChartKind) -> ChartKind:
    """Add a chart kind (its id must be new)."""
    from minref.registry import add

    return add(CHART_KINDS, kind.id, kind, "chart kind")


for _kind in (
    ChartKind(
        "ranking",
        N_("World production ranking by country"),
        world_ranking,
        options=("year", "edition", "highlight"),
    ),
    ChartKind(
        "production-history",
        N_("Production over time by country, across editions"),
        production_history,
        options=("highlight",),
    ),
    ChartKind(
        "us-salient",
        N_("U.S. imports, exports, production and consumption over time"),
        lambda cat, cid: us_salient(cat, cid),
    ),
    ChartKind(
        "us-nir", N_("U.S. net import reliance over time"), lambda cat, cid: us_nir(cat, cid)
    ),
    ChartKind(
        "import-sources",
        N_("U.S. import sources, shares"),
        import_sources,
        options=("highlight",),
        sample="fluorspar",
    ),
    ChartKind(
        "reserves",
        N_("Reserves beside production (years of reserves)"),
        reserves_vs_production,
        options=("highlight",),
    ),
    ChartKind(
        "ree-history",
        N_("Rare-earth production by country over time"),
        lambda cat, cid: ree_history(cat),
        per_commodity=False,
    ),
    ChartKind(
        "trade",
        N_("Mexico's exports to the U.S. by HS heading over time"),
        lambda cat, cid, hs=None: mexico_us_trade(cat, hs),
        per_commodity=False,
        options=("hs",),
    ),
):
    register_chart(_kind)

register_chart(
    ChartKind(
        "dependence-map",
        N_("Dependence map: U.S. net import reliance against China's share of world production"),
        lambda cat, cid, list_id=None: _dependence_map(cat, list_id=list_id),
        per_commodity=False,
        options=("list_id",),
    )
)


def _dependence_map(cat: Catalog, list_id: str | None = None) -> ChartSpec:
    from minref.analysis.supply import dependence_map

    return dependence_map(cat, list_id=list_id)


def build_chart(cat: Catalog, kind: str, commodity_id: str | None = None, **options) -> ChartSpec:
    """The chart of a kind for a commodity (some kinds ignore the commodity); options a kind
    does not take are left out, and None means the kind's default."""
    if kind not in CHART_KINDS:
        raise ValueError(f"unknown chart kind {kind!r}; choose from {', '.join(CHART_KINDS)}")
    k = CHART_KINDS[kind]
    kw = {n: v for n, v in options.items() if n in k.options and v is not None}
    return k.build(cat, commodity_id, **kw)


def summary_sentence(spec: ChartSpec) -> str:
    """One sentence that says what a chart shows, for readers who cannot see it (the PDF's
    text alternative, screen readers, pdftotext), in the reader's language."""
    if spec.is_empty:
        return spec.empty_reason or _("No figures to plot.")
    if spec.kind == "bars":
        return _bars_summary(spec)
    if spec.kind == "scatter":
        s_points = [p for s in spec.series for p in s.points]
        return ngettext(
            "{n} mark in {groups} groups.", "{n} marks in {groups} groups.", len(s_points)
        ).format(n=len(s_points), groups=len(spec.series))
    years = sorted({p.x for s in spec.series for p in s.points if isinstance(p.x, (int, float))})
    latest = []
    for s in spec.series[:4]:
        exact = [p for p in s.points if p.value is not None]
        if exact:
            last = exact[-1]
            unit = s.unit or spec.unit
            shown = _summary_value(last.value, unit if unit in ("percent", "years", "US$") else "")
            latest.append(
                _("{series} {value} in {year}").format(series=s.name, value=shown, year=last.x)
            )
    items = ", ".join(latest)
    if len(spec.series) > 4 and latest:
        more = len(spec.series) - 4
        items = ngettext("{items} (and {n} more)", "{items} (and {n} more)", more).format(
            items=items, n=more
        )
    n = len(spec.series)
    if years and latest:
        return ngettext(
            "{n} series from {first} to {last}; latest: {latest}.",
            "{n} series from {first} to {last}; latest: {latest}.",
            n,
        ).format(n=n, first=years[0], last=years[-1], latest=items)
    if years:
        return ngettext(
            "{n} series from {first} to {last}.", "{n} series from {first} to {last}.", n
        ).format(n=n, first=years[0], last=years[-1])
    return ngettext("{n} series.", "{n} series.", n).format(n=n)


def _summary_value(value: float, unit: str) -> str:
    """A value in a chart's summary: US$ amounts in words of the reader's scale
    ("US$2.65 billion", "US$2.65 mil millones", "2,65 Md $US"), other units as value_text."""
    if unit != "US$":
        return value_text(value, unit)
    from minref.i18n import format_money_compact

    return ("-" if value < 0 else "") + format_money_compact(abs(value), "USD")


def _bars_summary(spec: ChartSpec) -> str:
    s = spec.series[0]
    n = len(s.points)
    exact = [p for p in s.points if p.value is not None]
    top = max(exact, key=lambda p: p.value) if exact else None
    marked = [p for p in s.points if p.x in spec.highlight]

    def shown(p: Point) -> str:
        if p.value is not None:
            return _summary_value(p.value, spec.unit)
        return p.raw or _("no figure")

    if top is not None and marked == [top]:
        return ngettext(
            "{n} bar; largest, highlighted: {largest}, {largest_value}.",
            "{n} bars; largest, highlighted: {largest}, {largest_value}.",
            n,
        ).format(n=n, largest=top.x, largest_value=shown(top))
    if top is not None and len(marked) == 1:
        return ngettext(
            "{n} bar; largest {largest}, {largest_value}; highlighted {highlighted}, "
            "{highlighted_value}.",
            "{n} bars; largest {largest}, {largest_value}; highlighted {highlighted}, "
            "{highlighted_value}.",
            n,
        ).format(
            n=n,
            largest=top.x,
            largest_value=shown(top),
            highlighted=marked[0].x,
            highlighted_value=shown(marked[0]),
        )
    if top is not None and not marked:
        return ngettext(
            "{n} bar; largest {largest}, {largest_value}.",
            "{n} bars; largest {largest}, {largest_value}.",
            n,
        ).format(n=n, largest=top.x, largest_value=shown(top))
    # Several highlighted bars, or none with a figure: one clause each.
    parts = []
    if top is not None:
        parts.append(_("largest {name}, {value}").format(name=top.x, value=shown(top)))
    parts += [_("highlighted {name}, {value}").format(name=p.x, value=shown(p)) for p in marked]
    if not parts:
        return ngettext("{n} bar.", "{n} bars.", n).format(n=n)
    return ngettext("{n} bar; {details}.", "{n} bars; {details}.", n).format(
        n=n, details=pgettext("clause separator", "; ").join(parts)
    )


def chart_csv(spec: ChartSpec) -> str:
    """The plotted data as CSV: one row per point, with raw text, flags and source."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["chart", "series", "x", "value", "unit", "as_published", "flags", "source_id"])
    for s in spec.series:
        for p in s.points:
            w.writerow(
                [
                    spec.title,
                    s.name,
                    p.x,
                    ""
                    if p.value is None
                    else repr(p.value)
                    if not float(p.value).is_integer()
                    else int(p.value),
                    s.unit or spec.unit,
                    p.raw,
                    " ".join(p.flags),
                    p.source_id,
                ]
            )
    w.writerow([])
    w.writerow([spec.caption])
    return buf.getvalue()


def _source_tags(ids: set[str], sources: dict) -> dict[str, str]:
    """A short, readable name for each source a chart's series come from: the dataset's
    name before its colon and its edition ("UN Comtrade, 2015-2021"), or the source's id
    where two would read alike or the catalog does not hold it (the legend showed the ids:
    "[un-comtrade-mexico-hs4]")."""
    tags = {}
    for sid in ids:
        ref = sources.get(sid)
        tags[sid] = (
            ", ".join(x for x in (ref.dataset.split(":")[0].strip(), ref.edition) if x)
            if ref is not None and ref.dataset
            else sid
        )
    clash = {t for t in tags.values() if list(tags.values()).count(t) > 1}
    return {sid: sid if tag in clash else tag for sid, tag in tags.items()}


def desk_chart(rows, sources: dict, title: str, top: int = 6, describe=None) -> ChartSpec:
    """The trade desk's chart: value by HS code over the years, the largest codes first.

    ``rows`` are :class:`minref.analysis.trade.FlowRow` (already summed to years); values
    are added across partners for each code and year, never across sources.
    """
    if not rows:
        return _empty("trade", title, _("No flows held for this selection."))
    by_code: dict[tuple[str, str], dict[int, float]] = {}
    for r in rows:
        if r.value_usd is None:
            continue
        cur = by_code.setdefault((r.hs, r.source_id), {})
        cur[r.year] = cur.get(r.year, 0.0) + r.value_usd
    totals = sorted(by_code, key=lambda k: -sum(by_code[k].values()))[:top]
    several = len({sid for _hs, sid in totals}) > 1
    tags = _source_tags({sid for _hs, sid in totals}, sources)

    def name(hs: str, sid: str) -> str:
        # the whole description: its first clause alone misled ("7326 Iron or steel" for
        # "Iron or steel; articles, n.e.c. in chapter 73"); the screen's legend wraps a long
        # name and shows it whole on hover
        words = " ".join(describe(hs).split()) if describe else ""
        text = f"{hs} {words}".strip()
        return text + (f" [{tags[sid]}]" if several else "")

    series = tuple(
        Series(
            name(hs, sid),
            tuple(Point(y, v, "", (), sid) for y, v in sorted(by_code[(hs, sid)].items())),
            unit="US$",
        )
        for hs, sid in totals
    )
    used = tuple(s for s in (sources.get(sid) for sid in sorted({sid for _hs, sid in totals})) if s)
    return ChartSpec(
        "lines",
        "trade",
        title,
        "US$",
        series,
        used,
        x_label=_("year"),
        y_label="US$",
        note=ngettext(
            "{n} HS code, the largest of the selection; each line one source.",
            "{n} HS codes, the largest of the selection; each line one source.",
            len(totals),
        ).format(n=len(totals)),
    )
