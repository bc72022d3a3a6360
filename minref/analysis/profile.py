"""A commodity report: the profile, its tables and the Mexico-U.S. key facts, with sources."""

from __future__ import annotations

from dataclasses import dataclass

from minref.catalog.models import (
    CommodityProfile,
    CountryFigure,
    Figure,
    ImportReliance,
    ImportSource,
    SalientTable,
    SourceRef,
    WorldTable,
)
from minref.catalog.queries import MEXICO, Catalog


@dataclass(frozen=True)
class KeyFacts:
    """The strip at the top of a commodity page."""

    mexico_production: CountryFigure | None
    leader: CountryFigure | None
    us_net_import_reliance: Figure | None
    mexico_share_of_us_imports: list[ImportSource]
    production_basis: str  # edition, type and year the ranks refer to


@dataclass(frozen=True)
class CommodityReport:
    profile: CommodityProfile
    key_facts: KeyFacts
    world_production: WorldTable
    reserves: WorldTable
    us_salient: SalientTable
    us_import_sources: list[ImportSource]
    us_import_reliance: list[ImportReliance]
    sources: list[SourceRef]


def latest_nir(salient: SalientTable) -> Figure | None:
    """The latest year's net import reliance on the headline line (refined zinc, not zinc
    in ores; compounds and metals, not concentrates)."""
    from minref.analysis.lines import headline

    rows = salient.series("net_import_reliance")
    if not rows:
        return None
    head = headline(sorted({r.detail for r in rows}))
    rows = [r for r in rows if r.detail == head]
    latest = max(r.figure.year or 0 for r in rows)
    return next(r.figure for r in rows if (r.figure.year or 0) == latest)


def mexico_import_share(shares: list[ImportSource]) -> ImportSource | None:
    """Mexico's share of U.S. imports on the headline product line ("All", "Total ...")."""
    from minref.analysis.lines import headline

    mx = [s for s in shares if s.country_iso3 == MEXICO]
    if not mx:
        return None
    head = headline([s.detail for s in mx])
    return next(s for s in mx if s.detail == head)


def commodity_report(
    catalog: Catalog, commodity_id: str, *, edition: int | None = None
) -> CommodityReport:
    """Everything a commodity page or brief shows, from one catalog."""
    profile = catalog.commodity_profile(commodity_id)
    production = catalog.world_production(commodity_id, edition=edition)
    reserves = catalog.world_production(commodity_id, edition=edition, measure="reserves")
    salient = catalog.us_salient(commodity_id, edition=edition)
    imports = catalog.us_import_sources(commodity_id)
    reliance = catalog.us_import_reliance(commodity_id)
    facts = KeyFacts(
        production.row_for(MEXICO),
        production.leader(),
        latest_nir(salient),
        [s for s in imports if s.country_iso3 == MEXICO],
        f"MCS {production.edition}, {production.type}, {production.year}"
        if production.year
        else "no world production figures held",
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


@dataclass(frozen=True)
class WorldRow:
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

    def key(cf: CountryFigure) -> str:
        return cf.country_iso3 or cf.country_label.lower()

    prev_by = {key(r): r for r in (prev.rows if prev else [])}
    res_by = {key(r): r for r in reserves.rows}
    out, seen = [], set()
    for r in prod.rows:
        k = key(r)
        seen.add(k)
        out.append(
            WorldRow(
                r.rank,
                r.country_name,
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
