"""Trade desk arithmetic: flows by HS level, partner shares and concentration (HHI), mirror
comparisons and coverage.  Bundled catalog rows and the user's imported rows are read
through one :class:`TradeData`, each row keeping its own source."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from minref.catalog.models import SourceRef, TradeFlow
from minref.catalog.queries import Catalog

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
MIRROR_CAUSES = (
    "Valuation basis: exports are valued FOB at the exporter's border, imports CIF or at "
    "customs value at the importer's; freight and insurance widen the gap.",
    "Timing: goods shipped in December may be recorded in January by the importer.",
    "Re-exports and country of origin: the importer records the country of origin, the "
    "exporter the country of destination; goods routed via third countries differ.",
    "Confidentiality and coverage: suppressed lines, different HS vintages and, here, "
    "different HS detail on the two sides (headings on one side, chapters on the other).",
)


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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class PartnerShare:
    partner: str
    partner_iso3: str | None
    value_usd: float
    share_pct: float


@dataclass(frozen=True)
class Concentration:
    """Partner shares of one product, with the Herfindahl-Hirschman index."""

    shares: list[PartnerShare]
    total_usd: float
    hhi: float  # 0-10,000: the sum of squared percentage shares
    top3_pct: float
    source_ids: tuple[str, ...]
    note: str = ""
    scale: str = field(
        default="HHI on a 0-10,000 scale (sum of squared % shares); above "
        "2,500 is highly concentrated (U.S. DOJ/FTC 2023 guidelines)."
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
        if f.partner_kind != "country" or f.value_usd is None or f.period == "ytd":
            excluded += 1
            continue
        by_partner[(f.partner_label, f.partner_iso3)] += f.value_usd
        sources.add(f.source_id)
    total = sum(by_partner.values())
    if total <= 0:
        return Concentration(
            [], 0.0, 0.0, 0.0, tuple(sorted(sources)), "No partner values to share out."
        )
    shares = sorted(
        (PartnerShare(p, iso, v, 100.0 * v / total) for (p, iso), v in by_partner.items()),
        key=lambda s: -s.value_usd,
    )
    note = f"{excluded} world, group or value-less rows left out." if excluded else ""
    return Concentration(
        shares,
        total,
        hhi([s.share_pct for s in shares]),
        sum(s.share_pct for s in shares[:3]),
        tuple(sorted(sources)),
        note,
    )


@dataclass(frozen=True)
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


def mirror(data: TradeData, a: str = "MEX", b: str = "USA") -> list[MirrorRow]:
    """What ``a`` declares it exported to ``b`` beside what ``b`` declares it imported from
    ``a``, by year and HS chapter, where both sides are held."""
    exports = annual_flows(data.flows(a, b, None, None, "export"), 2)
    imports = annual_flows(data.flows(b, a, None, None, "import"), 2)
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
        lines = tuple(sorted({f.hs_code for f in data.flows(a, b, key[1], key[0], "export")}))
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


@dataclass(frozen=True)
class CoverageCell:
    chapter: str
    year: int
    held: tuple[str, ...]  # "a→b exports (source)" descriptions


def coverage(
    data: TradeData,
    a: str = "MEX",
    b: str = "USA",
    chapters: tuple[str, ...] = MINERAL_CHAPTERS,
    years: range = range(2015, 2025),
) -> list[CoverageCell]:
    """For each HS chapter and year: which a-b flows the catalog (and user data) hold."""
    held: dict[tuple[str, int], set[str]] = defaultdict(set)
    for reporter, partner, direction in (
        (a, b, "export"),
        (b, a, "import"),
        (a, b, "import"),
        (b, a, "export"),
    ):
        for f in data.flows(reporter, partner, None, None, direction):
            held[(f.hs_code[:2], f.year)].add(
                f"{reporter} {direction}s ({'HS' + str(len(f.hs_code))}, {f.source_id})"
            )
    return [
        CoverageCell(ch, y, tuple(sorted(held.get((ch, y), ())))) for ch in chapters for y in years
    ]
