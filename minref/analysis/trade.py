"""Trade desk arithmetic: flows by HS level, partner shares and concentration (HHI), mirror
comparisons and coverage.  Bundled catalog rows and the user's imported rows are read
through one :class:`TradeData`, each row keeping its own source.

Labels, notes and titles are whole translatable templates (minref.i18n), made when the
table or chart is built, so they come out in the reader's language (and in English for
``--json``); the HS descriptions the rows carry stay as the source gives them."""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from dataclasses import field

from minref.catalog.models import SourceRef, TradeFlow
from minref.catalog.queries import Catalog
from minref.i18n import N_, _, clauses, format_decimal, ngettext, pgettext
from minref.records import record

logger = logging.getLogger(__name__)

MINERAL_CHAPTERS = (
    "25",
    "26",
    "27",
    "28",
    "68",
    "71",
    "72",
    "73",
    "74",
    "75",
    "76",
    "78",
    "79",
    "80",
    "81",
    "85",
)
_MIRROR_CAUSES = (
    N_(
        "Valuation basis: exports are valued FOB at the exporter's border, imports CIF or at "
        "customs value at the importer's; freight and insurance widen the gap."
    ),
    N_("Timing: goods shipped in December may be recorded in January by the importer."),
    N_(
        "Re-exports and country of origin: the importer records the country of origin, the "
        "exporter the country of destination; goods routed via third countries differ."
    ),
    N_(
        "Confidentiality and coverage: suppressed lines, different HS vintages and, here, "
        "different HS detail on the two sides (headings on one side, chapters on the other)."
    ),
)


def __getattr__(name: str):
    # MIRROR_CAUSES in the reader's language each time it is read (the desk, the CLI)
    if name == "MIRROR_CAUSES":
        return tuple(_(c) for c in _MIRROR_CAUSES)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class TradeData:
    """Trade rows from the bundled catalog and, if present, the user's own imports."""

    def __init__(self, catalog: Catalog, user=None):
        self.catalog = catalog
        self.user = user

    def flows(
        self,
        reporter: str | None = None,
        partner: str | None = None,
        hs: str | None = None,
        year: int | None = None,
        flow: str | None = None,
    ) -> list[TradeFlow]:
        rows = self.catalog.trade_flows(reporter, partner, hs, year, flow)
        if self.user is not None:
            rows += self.user.trade_flows(reporter, partner, hs, year, flow)
        return rows

    def trade_sums(
        self,
        reporter: str,
        partner: str,
        *,
        flows: tuple[str, ...] = ("export", "import"),
        hs_len: int | None = None,
        hs_prefixes: tuple[str, ...] = (),
    ) -> list[TradeSum]:
        """The reporter's rows (HS codes of ``hs_len`` digits or under ``hs_prefixes``)
        summed by source, flow, heading, code length, year, period, partner kind and
        whether the partner is ``partner``, computed by SQL in both stores: the claims add up
        a million imported rows without a record for each."""
        kw = {"flows": flows, "hs_len": hs_len, "hs_prefixes": hs_prefixes}
        sums = [_sum(r) for r in self.catalog.trade_sums(reporter, partner, **kw)]
        if self.user is None:
            return sums
        if getattr(self.user, "conn", None) is None:  # a store without SQL: sum its rows
            read = self.user.trade_flows
            rows = [f for fl in flows for f in read(reporter, None, None, None, fl)]
            return sums + sums_of_flows(rows, partner, hs_len=hs_len, hs_prefixes=hs_prefixes)
        from minref.userdata.trade_sums import trade_sums

        return sums + [_sum(r) for r in trade_sums(self.user, reporter, partner, **kw)]

    def source(self, source_id: str) -> SourceRef | None:
        s = self.catalog.source(source_id)
        if s is None and self.user is not None:
            s = self.user.sources().get(source_id)
        return s

    def sources(self) -> dict[str, SourceRef]:
        out = dict(self.catalog.sources)
        if self.user is not None:
            out.update(self.user.sources())
        return out


@record
class TradeSum:
    """Trade rows summed by source, flow, heading (the HS code's first four digits), code
    length, year, period, partner kind and whether the partner is the one asked about.
    ``usable`` counts the rows with a finite value of at least 0; ``value_usd``,
    ``max_usd`` and ``min_usd`` are over those rows only (None: no usable row)."""

    source_id: str
    flow: str
    heading: str
    hs_len: int
    year: int
    period: str
    partner_kind: str
    to_partner: bool
    rows: int
    usable: int
    value_usd: float
    max_usd: float | None
    min_usd: float | None


def _sum(r: dict) -> TradeSum:
    return TradeSum(**{**r, "to_partner": bool(r["to_partner"])})


def _usable_value(v) -> bool:
    return isinstance(v, (int, float)) and math.isfinite(v) and v >= 0


def sums_of_flows(
    flows, partner: str, *, hs_len: int | None = None, hs_prefixes: tuple[str, ...] = ()
) -> list[TradeSum]:
    """The :class:`TradeSum` records of rows already read (what the stores compute in
    SQL): rows whose HS code has ``hs_len`` digits or starts with one of ``hs_prefixes``;
    ``hs_len=None`` and no prefixes: every row."""
    acc: dict[tuple, list] = {}
    every = hs_len is None and not hs_prefixes
    for f in flows:
        code = f.hs_code
        if not (every or len(code) == hs_len or code.startswith(hs_prefixes)):
            continue
        key = (
            f.source_id,
            f.flow,
            code[:4],
            len(code),
            f.year,
            f.period,
            f.partner_kind,
            f.partner_iso3 == partner,
        )
        a = acc.get(key)
        if a is None:
            a = acc[key] = [0, 0, 0.0, None, None]
        a[0] += 1
        v = f.value_usd
        if _usable_value(v):
            a[1] += 1
            a[2] += v
            a[3] = v if a[3] is None else max(a[3], v)
            a[4] = v if a[4] is None else min(a[4], v)
    return [TradeSum(*k, *a) for k, a in acc.items()]


@record
class FlowRow:
    """Flows summed to a year and an HS level, per reporter, partner, flow and source."""

    year: int
    reporter: str
    partner: str
    partner_iso3: str | None
    flow: str
    hs: str
    value_usd: float | None
    quantity: float | None
    quantity_unit: str
    source_id: str
    months: int  # 12 for a full year of monthly data; 0 for annual data
    lines: int


def annual_flows(flows: list[TradeFlow], level: int) -> list[FlowRow]:
    """Sum flows to calendar years and an HS level (2, 4 or 6 digits).

    Monthly rows are added up (and the number of months kept); year-to-date rows are left
    out; a quantity is kept only when every line shares one unit.  Values never sum
    across sources, so each row keeps one source.
    """
    groups: dict[tuple, dict] = {}
    for f in flows:
        if f.period == "ytd" or len(f.hs_code) < level:
            continue
        key = (
            f.year,
            f.reporter_iso3 or f.reporter_label,
            f.partner_label,
            f.partner_iso3,
            f.flow,
            f.hs_code[:level],
            f.source_id,
        )
        g = groups.setdefault(
            key,
            {
                "value": 0.0,
                "has_value": False,
                "qty": 0.0,
                "units": set(),
                "months": set(),
                "lines": 0,
                "qty_missing": False,
            },
        )
        if f.value_usd is not None:
            g["value"] += f.value_usd
            g["has_value"] = True
        if f.quantity is None:
            g["qty_missing"] = True
        else:
            g["qty"] += f.quantity
            g["units"].add(f.quantity_unit)
        if f.period == "month":
            g["months"].add(f.month)
        g["lines"] += 1
    out = []
    for (year, rep, plabel, piso, flow, hs, sid), g in groups.items():
        qty = g["qty"] if len(g["units"]) == 1 and not g["qty_missing"] else None
        out.append(
            FlowRow(
                year,
                rep,
                plabel,
                piso,
                flow,
                hs,
                g["value"] if g["has_value"] else None,
                qty,
                next(iter(g["units"])) if qty is not None else "",
                sid,
                len(g["months"]),
                g["lines"],
            )
        )
    out.sort(key=lambda r: (r.year, r.hs, r.flow, -(r.value_usd or 0), r.partner))
    return out


@record
class PartnerShare:
    partner: str
    partner_iso3: str | None
    value_usd: float
    share_pct: float


@record
class Concentration:
    """Partner shares of one product, with the Herfindahl-Hirschman index."""

    shares: list[PartnerShare]
    total_usd: float
    hhi: float  # 0-10,000: the sum of squared percentage shares
    top3_pct: float
    source_ids: tuple[str, ...]
    note: str = ""
    scale: str = field(
        default_factory=lambda: _(
            "HHI on a 0-10,000 scale (sum of squared % shares); above "
            "2,500 is highly concentrated (U.S. DOJ/FTC 2023 guidelines)."
        )
    )


def hhi(shares_pct: list[float]) -> float:
    """Herfindahl-Hirschman index of percentage shares (0-10,000)."""
    return sum(s * s for s in shares_pct)


def partner_concentration(flows: list[TradeFlow]) -> Concentration:
    """Shares by partner country of the flows given (world and group rows left out)."""
    by_partner: dict[tuple[str, str | None], float] = defaultdict(float)
    sources = set()
    excluded = 0
    for f in flows:
        if (
            f.partner_kind not in ("country", "others")
            or not _usable(f.value_usd)
            or f.period == "ytd"
        ):
            excluded += 1
            continue
        by_partner[(f.partner_label, f.partner_iso3)] += f.value_usd
        sources.add(f.source_id)
    total = sum(by_partner.values())
    if total <= 0:
        return Concentration(
            [], 0.0, 0.0, 0.0, tuple(sorted(sources)), _("No partner values to share out.")
        )
    shares = sorted(
        (PartnerShare(p, iso, v, 100.0 * v / total) for (p, iso), v in by_partner.items()),
        key=lambda s: -s.value_usd,
    )
    note = (
        ngettext(
            "{n} world, group or value-less row left out.",
            "{n} world, group or value-less rows left out.",
            excluded,
        ).format(n=excluded)
        if excluded
        else ""
    )
    return Concentration(
        shares,
        total,
        hhi([s.share_pct for s in shares]),
        sum(s.share_pct for s in shares[:3]),
        tuple(sorted(sources)),
        note,
    )


@record
class MirrorRow:
    year: int
    chapter: str
    declared_by_a: float | None  # a's exports to b
    declared_by_b: float | None  # b's imports from a
    a_lines: tuple[str, ...]
    a_sources: tuple[str, ...]
    b_sources: tuple[str, ...]

    @property
    def gap(self) -> float | None:
        if self.declared_by_a is None or self.declared_by_b is None:
            return None
        return self.declared_by_b - self.declared_by_a

    @property
    def gap_pct(self) -> float | None:
        if self.gap is None or not self.declared_by_a:
            return None
        return 100.0 * self.gap / self.declared_by_a


def hs_prefix(hs: str | None) -> str:
    """An HS code or prefix as the rows hold it ("71.06" -> "7106"); "" for none."""
    return (hs or "").replace(".", "").replace(" ", "").strip()


def mirror(
    data: TradeData, a: str = "MEX", b: str = "USA", hs: str | None = None
) -> list[MirrorRow]:
    """What ``a`` declares it exported to ``b`` beside what ``b`` declares it imported from
    ``a``, by year and HS chapter, where both sides are held (only codes under ``hs``)."""
    code = hs_prefix(hs) or None
    exports = annual_flows(data.flows(a, b, code, None, "export"), 2)
    imports = annual_flows(data.flows(b, a, code, None, "import"), 2)
    a_side: dict[tuple[int, str], list[FlowRow]] = defaultdict(list)
    b_side: dict[tuple[int, str], list[FlowRow]] = defaultdict(list)
    for r in exports:
        a_side[(r.year, r.hs)].append(r)
    for r in imports:
        if r.months in (0, 12):
            b_side[(r.year, r.hs)].append(r)
    out = []
    for key in sorted(set(a_side) | set(b_side)):
        ra, rb = a_side.get(key, []), b_side.get(key, [])
        lines = tuple(
            sorted(
                {
                    f.hs_code
                    for f in data.flows(a, b, key[1], key[0], "export")
                    if f.hs_code.startswith(code or "")
                }
            )
        )
        out.append(
            MirrorRow(
                key[0],
                key[1],
                sum(r.value_usd or 0 for r in ra) if ra else None,
                sum(r.value_usd or 0 for r in rb) if rb else None,
                lines,
                tuple(sorted({r.source_id for r in ra})),
                tuple(sorted({r.source_id for r in rb})),
            )
        )
    return out


@record
class CoverageCell:
    chapter: str
    year: int
    held: tuple[str, ...]  # "a→b exports (source)" descriptions


def coverage(
    data: TradeData,
    a: str = "MEX",
    b: str = "USA",
    chapters: tuple[str, ...] = MINERAL_CHAPTERS,
    years=None,
) -> list[CoverageCell]:
    """For each HS chapter and year: which a-b flows the catalog (and user data) hold (the
    years are those held unless given)."""
    held: dict[tuple[str, int], set[str]] = defaultdict(set)
    for reporter, partner, direction in (
        (a, b, "export"),
        (b, a, "import"),
        (a, b, "import"),
        (b, a, "export"),
    ):
        what = (
            _("{reporter} exports (HS{level}, {source})")
            if direction == "export"
            else _("{reporter} imports (HS{level}, {source})")
        )
        for f in data.flows(reporter, partner, None, None, direction):
            held[(f.hs_code[:2], f.year)].add(
                what.format(reporter=reporter, level=len(f.hs_code), source=f.source_id)
            )
    if years is None:
        years = sorted({y for _ch, y in held})
    return [
        CoverageCell(ch, y, tuple(sorted(held.get((ch, y), ())))) for ch in chapters for y in years
    ]


# ---------------------------------------------------------------- one source per cell

MAIN_PARTNERS_ONLY = "main_partners_only"
# Sources whose HS4 rows cover whole chapters (every heading the reporter declared), so a
# chapter sum of their headings is the chapter's total: {source_id: chapters}.
COMPLETE_CHAPTERS = {
    "un-comtrade-mexico-hs4": frozenset({"25", "26", "28", "71"} | {str(c) for c in range(72, 82)}),
}


def one_source_per_cell(flows: list[TradeFlow]) -> tuple[list[TradeFlow], dict[str, int]]:
    """Keep one source for each (reporter, flow, heading, year): values never add up across
    sources.  A source with every partner (no "main partners only" flag) is preferred, then
    the source holding more headings of the selection.  Returns (rows kept, rows left out
    per source)."""
    heads: dict[str, set[str]] = defaultdict(set)
    partial: dict[str, bool] = {}
    for f in flows:
        heads[f.source_id].add(f.hs_code[:4])
        partial[f.source_id] = partial.get(f.source_id, False) or MAIN_PARTNERS_ONLY in f.flags
    rank = {
        s: i for i, s in enumerate(sorted(heads, key=lambda s: (partial[s], -len(heads[s]), s)))
    }
    best: dict[tuple, str] = {}
    for f in flows:
        key = (f.reporter_iso3, f.flow, f.hs_code[:4], f.year)
        if key not in best or rank[f.source_id] < rank[best[key]]:
            best[key] = f.source_id
    kept, dropped = [], defaultdict(int)
    for f in flows:
        if best[(f.reporter_iso3, f.flow, f.hs_code[:4], f.year)] == f.source_id:
            kept.append(f)
        else:
            dropped[f.source_id] += 1
    return kept, dict(dropped)


def held_years(flows) -> list[int]:
    """The years the rows hold (annual or monthly), for year selectors and table columns."""
    return sorted({f.year for f in flows})


def table_year_span(flows) -> tuple[int, int] | None:
    """The first and last year with a value the HS x year table shows (a partner country,
    a year or its months, not a year to date): the desk's default years; None if none."""
    years = [
        f.year
        for f in flows
        if f.partner_kind not in ("world", "group") and f.period != "ytd" and _usable(f.value_usd)
    ]
    return (min(years), max(years)) if years else None


# ---------------------------------------------------------------- titles

# Short names in titles: as a partner ("exports to the U.S.") and as the subject.
SHORT_NAMES = {"USA": N_("the U.S."), "GBR": N_("the U.K.")}
SUBJECT_NAMES = {"USA": N_("U.S."), "GBR": N_("U.K.")}


def subject_name(iso3: str, name=lambda iso3: iso3) -> str:
    """A country as the subject of a sentence in the reader's language: the short name where
    there is one ("U.S.", "EE. UU."), else ``name`` (the catalog's: "Mexico", "México")."""
    if iso3 in SUBJECT_NAMES:
        return _(SUBJECT_NAMES[iso3])
    return name(iso3) or iso3


def flow_title(
    reporter: str | None, partner: str | None, flow: str | None, name=lambda iso3: iso3
) -> str:
    """A desk title as a sentence: "U.S. imports from Mexico", "Mexico exports to the U.S."."""
    rep = subject_name(reporter, name) if reporter else _("All reporters")
    if partner in SHORT_NAMES:  # a name with its article, in every language
        par = _(SHORT_NAMES[partner])
        templates = {
            "import": _("{reporter} imports from {partner}"),
            "export": _("{reporter} exports to {partner}"),
            None: _("{reporter} trade with {partner}"),
        }
    else:
        # The catalog's bare name ("Mexique"): French needs an article after "depuis",
        # which the catalog does not hold, so these templates name the partner as a label.
        par = name(partner) if partner else ""
        templates = {
            "import": pgettext("bare partner name", "{reporter} imports from {partner}"),
            "export": pgettext("bare partner name", "{reporter} exports to {partner}"),
            None: pgettext("bare partner name", "{reporter} trade with {partner}"),
        }
    if par:
        template = templates.get(flow if flow in ("import", "export") else None)
        return template.format(reporter=rep, partner=par)
    if flow == "import":
        return _("{reporter} imports from all partners").format(reporter=rep)
    if flow == "export":
        return _("{reporter} exports to all partners").format(reporter=rep)
    return _("{reporter} trade with all partners").format(reporter=rep)


# ---------------------------------------------------------------- HS x year table


@record
class HsYearRow:
    """One row of the HS x year table: a chapter (the sum of the headings held beneath it)
    or a heading; values by year, None where nothing is held."""

    code: str
    label: str
    level: int  # 2 chapter, 4 heading, 0 total
    values: dict[int, float | None]
    sources: tuple[str, ...]
    flags: tuple[str, ...] = ()
    note: str = ""
    whole_years: tuple[int, ...] = ()  # chapter rows: years in which every heading is declared
    summed: bool = False  # a chapter row whose value is only the sum of the headings held

    def value(self, year: int) -> float | None:
        return self.values.get(year)


@record
class HsYearTable:
    title: str
    years: list[int]
    rows: list[HsYearRow]  # chapters with their headings beneath (or headings alone)
    total: HsYearRow
    sources: tuple[str, ...]
    notes: tuple[str, ...] = ()
    # what the total row adds up in each year (the table's years): headings held, and
    # chapter totals as declared; where they change between years, so does what the total
    # measures, and the notes say so
    headings_by_year: dict[int, int] = field(default_factory=dict)
    chapter_totals_by_year: dict[int, int] = field(default_factory=dict)


def _total_break(cols, heads: dict[int, int], chaps: dict[int, int], srcs: dict) -> str:
    """A note when the total does not add up the same number of headings (or chapter
    totals) every year: "The total sums 173–184 headings in 2015–2021; 10–11 headings in
    2022–2024: the years are not comparable across that break." (the years grouped by the
    sources the total draws on and whether it adds headings, chapter totals or both); ""
    when the counts are the same every year."""
    years = [y for y in cols if heads.get(y) or chaps.get(y)]
    if len({(heads.get(y, 0), chaps.get(y, 0)) for y in years}) <= 1:
        return ""

    def kind(y: int) -> tuple:  # what the total is made of: its sources, and at what level
        return srcs.get(y), bool(heads.get(y)), bool(chaps.get(y))

    runs: list[list[int]] = []
    for y in years:
        if runs and kind(y) == kind(runs[-1][-1]):
            runs[-1].append(y)
        else:
            runs.append([y])

    def count(by_year: dict[int, int], ys: list[int]) -> tuple[str, int]:
        lo, hi = min(by_year.get(y, 0) for y in ys), max(by_year.get(y, 0) for y in ys)
        return (
            format_decimal(lo) if lo == hi else f"{format_decimal(lo)}–{format_decimal(hi)}"
        ), hi

    parts = []
    for ys in runs:
        n, hi = count(heads, ys)
        what = ngettext("{n} heading", "{n} headings", hi).format(n=n)
        if any(chaps.get(y) for y in ys):
            n, hi = count(chaps, ys)
            what = ngettext(
                "{headings}, {n} chapter total", "{headings}, {n} chapter totals", hi
            ).format(headings=what, n=n)
        parts.append(_("{what} in {years}").format(what=what, years=year_spans(ys)))
    if len(runs) == 1:
        return _("The total sums {parts}, not the same number every year.").format(parts=parts[0])
    return ngettext(
        "The total sums {parts}: the years are not comparable across that break.",
        "The total sums {parts}: the years are not comparable across those breaks.",
        len(runs) - 1,
    ).format(parts=clauses(parts))


def _chapter_label(ch, hs, cols, cell, whole, describe) -> tuple[str, str, bool]:
    """A chapter row's label, note and whether it is only a sum of headings: its title where
    every year holds the whole chapter, else what it sums ("sum of 3 headings held"; "sum of
    the headings held: all declared in 2015-2021; 3 in 2022-2024")."""
    per_year = []
    for y in cols:
        n = sum(1 for h in hs if (h, y) in cell)
        if n:
            per_year.append((y, "all" if (ch, y) in whole else str(n)))
    kinds = {k for _y, k in per_year}
    if kinds == {"all"}:
        label = describe(ch) or _("Chapter {chapter}").format(chapter=ch)
        return label, _("every heading declared"), False
    if len(kinds) == 1:
        n = int(kinds.pop())
        return (
            ngettext("sum of {n} heading held", "sum of {n} headings held", n).format(n=n),
            ngettext(
                "only {n} heading of chapter {chapter} held: not the chapter total",
                "only {n} headings of chapter {chapter} held: not the chapter total",
                n,
            ).format(n=n, chapter=ch),
            True,
        )
    groups: list[list] = []
    for y, k in per_year:
        if groups and groups[-1][0] == k and groups[-1][2] == y - 1:
            groups[-1][2] = y
        else:
            groups.append([k, y, y])
    parts = [
        (_("all declared in {years}") if k == "all" else _("{n} in {years}")).format(
            n=k, years=f"{a}" if a == b else f"{a}–{b}"
        )
        for k, a, b in groups
    ]
    return (
        _("sum of the headings held: {parts}").format(parts=clauses(parts)),
        _("the chapter total only in the years marked 'all declared'"),
        True,
    )


def _usable(v) -> bool:
    return isinstance(v, (int, float)) and math.isfinite(v) and v >= 0


def _rows_of(dropped: dict[str, int]) -> str:
    """ "12 rows of un-comtrade-metals-exports, 1 row of ...": rows left out per source."""
    return ", ".join(
        ngettext("{n} row of {source}", "{n} rows of {source}", n).format(n=n, source=s)
        for s, n in sorted(dropped.items())
    )


def hs_year_table(
    flows: list[TradeFlow],
    *,
    title: str = "",
    chapters: bool = True,
    years: list[int] | None = None,
    describe=lambda code: "",
) -> HsYearTable:
    """An HS x year table of the rows given (one reporter, partner and flow): headings as
    rows (with their chapters above them when ``chapters``), years as columns, a total row.

    A chapter row is the sum of the headings held, and says so ("sum of 3 headings held")
    unless its source covers the whole chapter; World and group rows are left out, monthly
    rows are summed to years, year-to-date rows are left out, and each heading-year keeps
    one source (see :func:`one_source_per_cell`)."""
    listed = [f for f in flows if f.partner_kind not in ("world", "group") and f.period != "ytd"]
    rows = [f for f in listed if len(f.hs_code) >= 4]
    kept, dropped = one_source_per_cell(rows)
    # chapter totals as declared (e.g. Census HS2): a year of monthly rows needs 12 months
    chap_cell: dict[tuple[str, int], float] = defaultdict(float)
    chap_src: dict[str, set[str]] = defaultdict(set)
    chap_year_src: dict[tuple[str, int], set[str]] = defaultdict(set)
    chap_months: dict[tuple[str, int], set[int]] = defaultdict(set)
    for f in listed:
        if len(f.hs_code) != 2 or not _usable(f.value_usd):
            continue
        chap_cell[(f.hs_code, f.year)] += f.value_usd
        chap_src[f.hs_code].add(f.source_id)
        chap_year_src[(f.hs_code, f.year)].add(f.source_id)
        if f.period == "month":
            chap_months[(f.hs_code, f.year)].add(f.month)
    short = sorted(k for k, ms in chap_months.items() if len(ms) != 12)
    for k in short:
        chap_cell.pop(k, None)
    # (chapter, year) declared whole by a source that covers every heading of the chapter
    whole = {
        (f.hs_code[:2], f.year)
        for f in rows
        if f.hs_code[:2] in COMPLETE_CHAPTERS.get(f.source_id, ())
    }
    refused = 0
    cell: dict[tuple[str, int], float] = defaultdict(float)
    cell_src: dict[str, set[str]] = defaultdict(set)
    year_src: dict[tuple[str, int], str] = {}
    cell_flags: dict[str, set[str]] = defaultdict(set)
    known: dict[str, str] = {}
    for f in kept:
        if not _usable(f.value_usd):
            refused += 1
            continue
        h = f.hs_code[:4]
        if len(f.hs_code) == 4 and f.hs_description and h not in known:
            known[h] = f.hs_description  # the row's own description: no look-up needed
        cell[(h, f.year)] += f.value_usd
        cell_src[h].add(f.source_id)
        year_src[(h, f.year)] = f.source_id  # one source per heading and year
        cell_flags[h].update(f.flags)
    cols = (
        sorted(years)
        if years is not None
        else sorted({y for _h, y in cell} | {y for _c, y in chap_cell})
    )
    headings = sorted({h for h, y in cell if y in cols})
    chapter_totals = sorted({c for c, y in chap_cell if y in cols})

    def vals(codes: list[str]) -> dict[int, float | None]:
        out: dict[int, float | None] = {}
        for y in cols:
            held = [cell[(h, y)] for h in codes if (h, y) in cell]
            out[y] = sum(held) if held else None
        return out

    def heading_row(h: str) -> HsYearRow:
        return HsYearRow(
            h,
            known.get(h) or describe(h),
            4,
            vals([h]),
            tuple(sorted(cell_src[h])),
            tuple(sorted(cell_flags[h])),
        )

    def declared_row(ch: str) -> HsYearRow:
        return HsYearRow(
            ch,
            describe(ch) or _("Chapter {chapter}").format(chapter=ch),
            2,
            {y: chap_cell.get((ch, y)) for y in cols},
            tuple(sorted(chap_src[ch])),
            (),
            _("chapter total as declared"),
            tuple(y for y in cols if (ch, y) in chap_cell),
        )

    out: list[HsYearRow] = []
    if chapters:
        by_ch: dict[str, list[str]] = defaultdict(list)
        for h in headings:
            by_ch[h[:2]].append(h)
        for ch in chapter_totals:
            by_ch.setdefault(ch, [])
        for ch, hs in sorted(by_ch.items()):
            if ch in chapter_totals:
                out.append(declared_row(ch))
                out += [heading_row(h) for h in hs]
                continue
            srcs = sorted({s for h in hs for s in cell_src[h]})
            label, note, summed = _chapter_label(ch, hs, cols, cell, whole, describe)
            out.append(
                HsYearRow(
                    ch,
                    label,
                    2,
                    vals(hs),
                    tuple(srcs),
                    tuple(sorted({x for h in hs for x in cell_flags[h]})),
                    note,
                    tuple(y for y in cols if (ch, y) in whole),
                    summed,
                )
            )
            out += [heading_row(h) for h in hs]
    else:
        out = [heading_row(h) for h in headings]
        out += [declared_row(ch) for ch in chapter_totals if ch not in {h[:2] for h in headings}]
    # The total adds, for each year and chapter, the chapter total as declared where that
    # year holds one, else the headings held beneath it (with or without chapter rows): a
    # chapter whose declared total is missing in a year still counts its headings then.
    total_values: dict[int, float | None] = {}
    heads_by_year: dict[int, int] = {}
    chaps_by_year: dict[int, int] = {}
    srcs_by_year: dict[int, frozenset[str]] = {}
    for y in cols:
        declared = [c for c in chapter_totals if (c, y) in chap_cell]
        summed = [h for h in headings if (h, y) in cell and (h[:2], y) not in chap_cell]
        values = [chap_cell[(c, y)] for c in declared] + [cell[(h, y)] for h in summed]
        total_values[y] = sum(values) if values else None
        chaps_by_year[y], heads_by_year[y] = len(declared), len(summed)
        srcs_by_year[y] = frozenset(
            [year_src[(h, y)] for h in summed]
            + [s for c in declared for s in chap_year_src[(c, y)]]
        )
    n_heads, n_totals = len(headings), len(chapter_totals)
    what = ngettext("{n} heading", "{n} headings", n_heads).format(n=n_heads)
    if chapter_totals:
        what = ngettext(
            "{headings}, {n} chapter total", "{headings}, {n} chapter totals", n_totals
        ).format(headings=what, n=n_totals)
    total = HsYearRow(
        "",
        _("Total of what is held ({what})").format(what=what),
        0,
        total_values,
        tuple(sorted(set().union(*srcs_by_year.values()))),
        tuple(sorted({x for h in headings for x in cell_flags[h]})),
    )
    notes = []
    brk = _total_break(cols, heads_by_year, chaps_by_year, srcs_by_year)
    if brk:
        notes.append(brk)
    if short:
        notes.append(
            _("Years with fewer than 12 months left out of chapter totals: {cells}.").format(
                cells=", ".join(
                    _("ch. {chapter} {year}").format(chapter=c, year=y) for c, y in short
                )
            )
        )
    if dropped:
        notes.append(
            _(
                "Also held but not added (another source holds the same heading and year): {rows}."
            ).format(rows=_rows_of(dropped))
        )
    if refused:
        notes.append(
            ngettext(
                "{n} row with a non-finite or negative value left out.",
                "{n} rows with non-finite or negative values left out.",
                refused,
            ).format(n=refused)
        )
    if any(MAIN_PARTNERS_ONLY in r.flags for r in out):
        notes.append(
            _("Main partners only: a partner below the source's cut is missing, not zero.")
        )
    return HsYearTable(
        title, cols, out, total, total.sources, tuple(notes), heads_by_year, chaps_by_year
    )


# ---------------------------------------------------------------- like-with-like mirror


@record
class MirrorCompare:
    """One year and chapter of the mirror view, compared only like with like."""

    year: int
    chapter: str
    declared_by_a: float | None
    declared_by_b: float | None
    # "headings both hold" | "subheadings both hold" | "HS codes both hold" | "chapter totals"
    # (translated); "" when not comparable
    basis: str
    note: str
    a_sources: tuple[str, ...]
    b_sources: tuple[str, ...]
    # the side (its code) that holds only a code broader than the one asked for, if any
    broader: str = ""

    @property
    def comparable(self) -> bool:
        return (
            bool(self.basis) and self.declared_by_a is not None and self.declared_by_b is not None
        )

    @property
    def gap(self) -> float | None:
        if not self.comparable:
            return None
        return self.declared_by_b - self.declared_by_a

    @property
    def gap_pct(self) -> float | None:
        if self.gap is None or not self.declared_by_a:
            return None
        return 100.0 * self.gap / self.declared_by_a


def _sides(rows: list[TradeFlow]):
    """(chapter totals, values by HS code as held, sources) by (year, chapter).  Codes are
    kept at the level the side declares them: a subheading is never summed into the heading
    it sits in, since a side holding some subheadings of a heading does not hold the heading."""
    chap: dict[tuple[int, str], float] = defaultdict(float)
    held: dict[tuple[int, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    srcs: dict[tuple[int, str], set[str]] = defaultdict(set)
    months: dict[tuple[int, str, str], set[int]] = defaultdict(set)
    for f in rows:
        if f.partner_kind != "country" or f.period == "ytd" or not _usable(f.value_usd):
            continue
        key = (f.year, f.hs_code[:2])
        srcs[key].add(f.source_id)
        if f.period == "month":
            months[(f.year, f.hs_code[:2], f.source_id)].add(f.month)
        if len(f.hs_code) == 2:
            chap[key] += f.value_usd
        else:
            held[key][f.hs_code] += f.value_usd
    # a monthly chapter total is a year only with its twelve months
    for (y, ch, _s), ms in months.items():
        if len(ms) != 12:
            chap.pop((y, ch), None)
    return chap, held, srcs


def _outermost(codes) -> list[str]:
    """The codes not inside another of them (7106 of 7106 and 710691): summing both would
    count 710691 twice."""
    codes = set(codes)
    return sorted(c for c in codes if not any(c != d and c.startswith(d) for d in codes))


def _level_basis(codes: list[str]) -> str:
    """What a comparison is made on: the headings, the subheadings or the HS codes (of
    several levels) that both sides hold, each at the same level on both sides."""
    lengths = {len(c) for c in codes}
    if lengths == {4}:
        return _("headings both hold")
    if lengths == {6}:
        return _("subheadings both hold")
    return _("HS codes both hold")


def _finer_only(finer: set[str], coarser: set[str]) -> list[str]:
    """The codes of ``coarser`` that ``finer`` holds only as more detailed codes (the
    heading 7106 for a side holding only 710691); [] unless every code of ``finer`` sits
    inside one of ``coarser`` and none of ``coarser`` sits inside one of ``finer``."""
    if not finer or not coarser:
        return []
    if any(c.startswith(f) for c in coarser for f in finer):
        return []
    wholes = {next((c for c in coarser if f.startswith(c)), None) for f in finer}
    return [] if None in wholes else sorted(wholes)


def _level_reason(a: str, b: str, a_codes: set[str], b_codes: set[str]) -> str:
    """Why two sides (``a`` and ``b`` named as the reader names them) holding HS codes but
    none in common at the same level are not compared: one side holds only subheadings of a
    heading the other holds whole, or they hold different codes."""
    for finer, coarser, fcodes, ccodes in ((b, a, b_codes, a_codes), (a, b, a_codes, b_codes)):
        wholes = _finer_only(fcodes, ccodes)
        if wholes:
            return ngettext(
                "the {finer} side holds only subheading {codes} of HS {whole}, the {coarser} "
                "side all of HS {whole}: not comparable",
                "the {finer} side holds only subheadings {codes} of HS {whole}, the {coarser} "
                "side all of HS {whole}: not comparable",
                len(fcodes),
            ).format(
                finer=finer,
                coarser=coarser,
                codes=", ".join(sorted(fcodes)),
                whole=", ".join(wholes),
            )
    return _(
        "the {a} side holds HS {a_codes}, the {b} side HS {b_codes}: no HS code held at the "
        "same level on both sides, not comparable"
    ).format(a=a, b=b, a_codes=", ".join(sorted(a_codes)), b_codes=", ".join(sorted(b_codes)))


def _broader_only(data: TradeData, reporter: str, partner: str, flow: str, code: str):
    """{(year, chapter): codes} a side holds only at a broader level than ``code`` (the
    U.S. Census chapter 71 total for HS 7106), so the row can say why it is not compared."""
    if len(code) <= 2:
        return {}
    out: dict[tuple[int, str], set[str]] = defaultdict(set)
    for f in data.flows(reporter, partner, code[:2], None, flow):
        if f.partner_kind == "country" and f.period != "ytd" and len(f.hs_code) < len(code):
            if code.startswith(f.hs_code) and _usable(f.value_usd):
                out[(f.year, f.hs_code[:2])].add(f.hs_code)
    return out


def _namer(data, name):
    """The country names the mirror's sentences use: ``name``, else the catalog's that
    ``data`` reads, else the codes themselves."""
    if name is None:
        catalog = getattr(data, "catalog", None)
        name = catalog.country_name if catalog is not None else (lambda iso3: iso3)
    return lambda iso3: subject_name(iso3, name)


def mirror_like_with_like(
    data: TradeData, a: str = "MEX", b: str = "USA", hs: str | None = None, name=None
) -> list[MirrorCompare]:
    """What ``a`` declares it exported to ``b`` beside what ``b`` declares it imported from
    ``a``, compared like with like: on the HS codes both sides hold at the same level (a
    heading against the same heading, a subheading against the same subheading), or on
    chapter totals where both sides hold the whole chapter.  Other year-chapters are listed
    with the reason they cannot be compared (never a gap between a heading and a chapter,
    nor between a heading and some of its subheadings).

    With ``hs`` (a prefix of 2, 4 or 6 digits) only the codes under it are compared; a
    side that holds only a broader code (a chapter total for a heading) is not compared.
    The reasons name the two sides in the reader's language ("the U.S. side", "el lado de
    México"), by ``name`` (iso3 -> name; default: the catalog's names)."""
    code = hs_prefix(hs)
    side = _namer(data, name)
    a_raw = data.flows(a, b, code or None, None, "export")
    b_raw = data.flows(b, a, code or None, None, "import")
    whole = {
        (side, f.year, f.hs_code[:2])
        for side, raw in (("a", a_raw), ("b", b_raw))
        for f in raw
        if f.hs_code[:2] in COMPLETE_CHAPTERS.get(f.source_id, ())
    }
    a_rows, _dropped = one_source_per_cell(a_raw)
    b_rows, _dropped = one_source_per_cell(b_raw)
    a_ch, a_hd, a_src = _sides(a_rows)
    b_ch, b_hd, b_src = _sides(b_rows)
    a_broad = _broader_only(data, a, b, "export", code)
    b_broad = _broader_only(data, b, a, "import", code)

    def held_sum(side: dict, key) -> float:
        return sum(side[key][c] for c in _outermost(side[key]))

    out = []
    for key in sorted(set(a_src) | set(b_src)):
        year, ch = key
        sa, sb = tuple(sorted(a_src.get(key, ()))), tuple(sorted(b_src.get(key, ())))
        a_codes, b_codes = set(a_hd.get(key, {})), set(b_hd.get(key, {}))
        common = _outermost(a_codes & b_codes)
        # whole by its source, with a value held (never a 0 for a side with no value)
        a_complete = key in a_ch or (("a", year, ch) in whole and bool(a_codes))
        b_complete = key in b_ch or (("b", year, ch) in whole and bool(b_codes))
        if common:
            va = sum(a_hd[key][h] for h in common)
            vb = sum(b_hd[key][h] for h in common)
            out.append(
                MirrorCompare(year, ch, va, vb, _level_basis(common), ", ".join(common), sa, sb)
            )
        elif a_complete and b_complete:
            va = a_ch[key] if key in a_ch else held_sum(a_hd, key)
            vb = b_ch[key] if key in b_ch else held_sum(b_hd, key)
            out.append(MirrorCompare(year, ch, va, vb, _("chapter totals"), "", sa, sb))
        else:
            broad = (a, a_broad.get(key)) if not sa else (b, b_broad.get(key)) if not sb else None
            if broad and broad[1]:
                why = _(
                    "the {side} side holds only HS {held}, broader than HS {code}: not comparable"
                ).format(side=side(broad[0]), held=", ".join(sorted(broad[1])), code=code)
            elif not sa:
                why = _("the {side} side not held").format(side=side(a))
            elif not sb:
                why = _("the {side} side not held").format(side=side(b))
            elif a_codes and b_codes:
                why = _level_reason(side(a), side(b), a_codes, b_codes)
            else:
                # one side holds codes, the other only the chapter total
                x, y, codes = (a, b, a_codes) if a_codes else (b, a, b_codes)
                why = ngettext(
                    "the {a} side holds {n} heading of chapter {chapter} ({headings}), the {b} "
                    "side the chapter total: not comparable",
                    "the {a} side holds {n} headings of chapter {chapter} ({headings}), the {b} "
                    "side the chapter total: not comparable",
                    len(codes),
                ).format(
                    a=side(x),
                    b=side(y),
                    n=len(codes),
                    chapter=ch,
                    headings=", ".join(sorted(codes)),
                )
            out.append(
                MirrorCompare(
                    year,
                    ch,
                    a_ch[key] if key in a_ch else (held_sum(a_hd, key) if key in a_hd else None),
                    b_ch[key] if key in b_ch else (held_sum(b_hd, key) if key in b_hd else None),
                    "",
                    why,
                    sa,
                    sb,
                    broad[0] if broad and broad[1] else "",
                )
            )
    return out


def year_spans(years) -> str:
    """2015, 2016, 2017, 2019 -> "2015–2017, 2019"."""
    spans: list[list[int]] = []
    for y in sorted(set(years)):
        if spans and y == spans[-1][1] + 1:
            spans[-1][1] = y
        else:
            spans.append([y, y])
    return ", ".join(str(lo) if lo == hi else f"{lo}–{hi}" for lo, hi in spans)


def mirror_summary(
    rows: list[MirrorCompare], a: str, b: str, hs: str | None = None, name=None
) -> str:
    """One line saying why no row of the mirror view can be compared ("" when some can):
    the years each side is held and whether any year has both; the sides named in the
    reader's language by ``name`` (iso3 -> the catalog's name; the codes without it)."""
    code = hs_prefix(hs)
    name_of = _namer(None, name)
    if not rows:
        return _("Neither side holds flows of this selection.")
    if any(m.comparable for m in rows):
        return ""
    a_years = {m.year for m in rows if m.declared_by_a is not None}
    b_years = {m.year for m in rows if m.declared_by_b is not None}
    if not a_years or not b_years:
        side = b if a_years else a
        broader = {m.year for m in rows if m.broader == side}
        if code and broader:  # held, but only as a chapter: not "no flows" (USA, 71 for 7106)
            return _(
                "No row can be compared: the {side} side holds no flows under HS {code}; in "
                "{years} it holds only a broader code (each row says which)."
            ).format(side=name_of(side), code=code, years=year_spans(broader))
        if code:
            return _(
                "No row can be compared: the {side} side holds no flows under HS {code}."
            ).format(side=name_of(side), code=code)
        return _(
            "No row can be compared: the {side} side holds no flows of this selection."
        ).format(side=name_of(side))
    both = a_years & b_years
    if not both:
        return _(
            "No row can be compared: the {a} side is held for {a_years}, the {b} side for "
            "{b_years}, and no year has both."
        ).format(
            a=name_of(a), b=name_of(b), a_years=year_spans(a_years), b_years=year_spans(b_years)
        )
    return _(
        "No row can be compared: the {a} side is held for {a_years}, the {b} side for "
        "{b_years}; in {both} the two sides hold no HS code in common (each row says what it "
        "holds)."
    ).format(
        a=name_of(a),
        b=name_of(b),
        a_years=year_spans(a_years),
        b_years=year_spans(b_years),
        both=year_spans(both),
    )


# ---------------------------------------------------------------- partner shares of a product


def product_partner_shares(
    data: TradeData,
    reporter: str,
    hs: str,
    flow: str = "export",
    years: tuple[int, int] | None = None,
) -> Concentration:
    """Shares of every partner in one product (HS prefix) of a reporter, one source per
    heading-year; labelled "shares of the listed partners" when the source lists only the
    main partners."""
    flows = [
        f
        for f in data.flows(reporter, None, hs or None, None, flow)
        if years is None or years[0] <= f.year <= years[1]
    ]
    kept, dropped = one_source_per_cell(flows)
    kept = [f for f in kept if _usable(f.value_usd) or f.value_usd is None]
    conc = partner_concentration(kept)
    notes = [conc.note] if conc.note else []
    if any(MAIN_PARTNERS_ONLY in f.flags for f in kept):
        notes.append(
            _(
                "Shares of the listed partners: the source keeps only the main partners of "
                "each year, heading and flow (in 2015 the listed partners covered a median "
                "98 % of World)."
            )
        )
    if dropped:
        notes.append(
            _("Not added (another source holds the same heading and year): {rows}.").format(
                rows=_rows_of(dropped)
            )
        )
    return Concentration(
        conc.shares, conc.total_usd, conc.hhi, conc.top3_pct, conc.source_ids, " ".join(notes)
    )


def hs_year_chart(table: HsYearTable, sources: dict, top: int = 6):
    """The chart beside the HS x year table: the largest chapter rows (or headings) by year,
    each point with its row's sources; years without a value are gaps, never zeros."""
    from minref.analysis.charts import ChartSpec, Point, Series

    rows = [r for r in table.rows if r.level == 2] or [r for r in table.rows if r.level == 4]

    def size(r: HsYearRow) -> float:
        return sum(v for v in r.values.values() if v is not None)

    chosen = sorted(rows, key=lambda r: (-size(r), r.code))[:top]
    left_out: list[str] = []

    def drawn(r: HsYearRow, y: int) -> float | None:
        # a chapter sum is drawn only where it is the whole chapter, unless it never is:
        # a line must not fall because fewer headings are held
        if r.level == 2 and r.whole_years and y not in r.whole_years:
            if r.values.get(y) is not None:
                left_out.append(f"{r.code} {y}")
            return None
        return r.values.get(y)

    def name(r: HsYearRow) -> str:
        if r.level == 2 and not r.whole_years:
            return _("ch. {chapter} (headings held)").format(chapter=r.code)
        if r.level == 2 and r.summed:
            return _("ch. {chapter} (whole-chapter years)").format(chapter=r.code)
        # the description's first clause, whole (it was cut at 22 characters in the middle
        # of a word, "74 Copper and articles th"): the legend wraps a long name, paper
        # shortens it at a word with an ellipsis
        return f"{r.code} {r.label.split(';')[0].split(',')[0]}"

    series = tuple(
        Series(
            name(r),
            tuple(
                Point(y, drawn(r, y), "", r.flags, r.sources[0] if r.sources else "")
                for y in table.years
            ),
            unit="US$",
        )
        for r in chosen
    )
    used = tuple(s for s in (sources.get(i) for i in table.sources) if s)
    # Nothing drawn: the empty reason says so; "the 0 largest rows" would read as a figure.
    note = (
        ngettext(
            "The {n} largest row of the table.", "The {n} largest rows of the table.", len(chosen)
        ).format(n=len(chosen))
        if chosen
        else ""
    )
    if left_out:
        note += " " + _("Not drawn (only some headings of the chapter held): {cells}.").format(
            cells=", ".join(left_out)
        )
    return ChartSpec(
        "lines",
        "trade",
        table.title or _("HS x year"),
        "US$",
        series,
        used,
        x_label=pgettext("axis", "year"),
        y_label="US$",
        note=note,
        empty_reason="" if series else _("No flows held for this selection."),
    )
