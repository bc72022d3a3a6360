"""Plain dataclasses the catalog answers with.  Every figure carries its source and flags."""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, field

from minref.catalog.flags import FLAG_LABELS
from minref.records import record

logger = logging.getLogger(__name__)


@record
class SourceRef:
    """Where figures come from: organisation, dataset, edition and year, with its licence and
    how to cite it.
    """

    source_id: str
    organisation: str
    dataset: str
    edition: str
    year: int | None
    doi: str
    url: str
    licence: str
    attribution: str
    notes: str = ""

    def citation(self) -> str:
        """One line naming organisation, dataset and edition (and DOI or address)."""
        where = f"doi:{self.doi}" if self.doi else self.url
        parts = [self.organisation, self.dataset, self.edition]
        return ", ".join(p for p in parts if p) + (f" ({where})" if where else "")


@record
class Figure:
    """One number as the source states it: exact value, or bounds, or a code; never filled in."""

    value: float | None
    raw: str
    unit: str
    year: int | None
    flags: tuple[str, ...]
    source_id: str
    low: float | None = None
    high: float | None = None
    note: str = ""

    @property
    def is_exact(self) -> bool:
        return self.value is not None

    @property
    def is_estimated(self) -> bool:
        return "estimated" in self.flags

    def flag_labels(self) -> list[str]:
        return [FLAG_LABELS.get(f, f) for f in self.flags]

    def display(self) -> str:
        """The figure as printed: the number with thousands separators, or the source's code."""
        if "zero" in self.flags and self.raw in ("—", "–", "-", "--"):
            return "—"  # USGS prints zero as a dash; the legend says so
        if self.value is None:
            from minref.i18n import _

            if self.raw.strip().lower() == "s":
                return _("<½ unit")  # USGS's "s": less than one-half unit
            return format_raw(self.raw) if self.raw else _("n/a")
        m = _RAW_DECIMALS.fullmatch(self.raw) if self.raw else None
        if m and round(self.value, len(m[1])) == self.value:
            # as many decimals as the source printed ("15.70"; a share minref computed to
            # one decimal, "69.0" beside "71.8"), never more, never fewer
            return format_number(self.value, len(m[1]))
        return format_number(self.value)


# A number printed with decimals ("15.70", ">0.5"): how many.
_RAW_DECIMALS = re.compile(r"\s*(?:[<>]=?|≤|≥)?\s*[\d,]*\.(\d+)\s*")
_RAW_NUMBER = re.compile(r"\s*([<>]=?|≤|≥)?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*")


def format_raw(raw: str) -> str:
    """A figure as the source printed it, its number in the reader's conventions
    (">75,000,000" -> ">75 000 000" in French); the same digits, never rounded.  Text that
    is not a plain number or bound (codes, words, ranges) stays as printed."""
    m = _RAW_NUMBER.fullmatch(raw)
    if not m:
        return raw
    number = float(m[2].replace(",", "") + (m[3] or ""))
    return (m[1] or "") + format_number(number)


def format_number(value: float, decimals: int | None = None) -> str:
    """A number with thousands separators and no invented digits, in the reader's
    conventions (en/es-MX 6,300.5; fr-FR 6 300,5: CLDR through minref.i18n); with
    ``decimals``, that many (the source's own, as printed)."""
    from minref import i18n

    if decimals:
        return i18n.format_fixed(value, decimals)

    if i18n.current_language() not in ("en", i18n.PSEUDO):
        return i18n.format_decimal(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    text = repr(float(value))
    if "e" in text:
        return text
    whole, frac = text.split(".")
    return f"{int(whole):,}.{frac}" if whole not in ("-0",) else f"-0.{frac}"


@record
class ListMembership:
    """A mineral named on one critical-mineral list (jurisdiction, list, year, status)."""

    list_id: str
    jurisdiction: str
    list_name: str
    list_year: int
    status: str
    mineral: str
    category: str
    source_id: str

    @property
    def badge(self) -> str:
        return self.list_id


@record
class HSLine:
    """An HS code that carries a commodity, at its level (HS2/4/6), with its description."""

    hs_code: str
    level: int
    description: str
    source_id: str


@record
class EndUse:
    """A commodity's end uses as one USGS MCS edition states them."""

    edition: int
    applications: str
    source_id: str


@record
class CommodityRef:
    """A commodity named by id, for links (a group's parent or members)."""

    commodity_id: str
    name_en: str


@record
class CommodityProfile:
    """What the catalog holds on one commodity: names, kind, group, lists, HS codes, units and
    editions.
    """

    commodity_id: str
    name_en: str
    name_es: str
    name_fr: str
    kind: str
    parent: CommodityRef | None
    children: list[CommodityRef]
    mcs_chapter: str
    symbols: str
    is_rare_earth: bool
    units: list[dict]
    critical_lists: list[ListMembership]
    hs_codes: list[HSLine]
    end_uses: list[EndUse]
    editions: list[int]
    sources: list[SourceRef]

    def to_dict(self) -> dict:
        return asdict(self)


@record
class CountryFigure:
    """One country's (or a group's, or the world's) figure in a world table, with its rank and
    share.
    """

    country_iso3: str | None
    country_label: str
    country_name: str
    place_kind: str
    figure: Figure
    rank: int | None
    share_pct: float | None


@record
class WorldTable:
    """World production (or reserves, capacity) of one commodity, edition, type and year."""

    commodity_id: str
    edition: int
    measure: str
    type: str
    year: int | None
    unit: str
    rows: list[CountryFigure]
    world_total: Figure | None
    source: SourceRef | None
    available_editions: list[int] = field(default_factory=list)
    available_years: list[int] = field(default_factory=list)
    available_types: list[str] = field(default_factory=list)
    rank_basis: str = "rank among countries listed by USGS"

    def row_for(self, iso3: str) -> CountryFigure | None:
        return next((r for r in self.rows if r.country_iso3 == iso3), None)

    def leader(self) -> CountryFigure | None:
        ranked = [r for r in self.rows if r.rank == 1]
        return ranked[0] if ranked else None


@record
class SalientFigure:
    """One U.S. salient statistic for one year (MCS's table for the commodity)."""

    statistic: str
    detail: str
    figure: Figure


@record
class SalientTable:
    """A commodity's U.S. salient statistics, as one MCS edition publishes them."""

    commodity_id: str
    edition: int
    rows: list[SalientFigure]
    source: SourceRef | None
    available_editions: list[int]

    def series(self, statistic: str) -> list[SalientFigure]:
        return [r for r in self.rows if r.statistic == statistic]


@record
class ImportSource:
    """One country's share of U.S. imports of a commodity (MCS's import sources, a period of
    years).
    """

    country_iso3: str | None
    country_label: str
    place_kind: str
    detail: str
    period: str
    figure: Figure


@record
class ImportReliance:
    """The U.S. net import reliance on a commodity, with its major import sources."""

    edition: int
    commodity_label: str
    figure: Figure
    major_import_sources: list[str]
    sources_period: str


@record
class ElementFacts:
    """An element's physical facts (atomic number and weight, crustal abundance, group)."""

    atomic_number: int
    symbol: str
    name_en: str
    name_es: str
    name_fr: str
    atomic_weight: float | None
    crust_abundance_mg_per_kg: float | None
    element_group: str
    class_usgs: str
    class_eu: str
    on_us_2022_list: str
    eu_magnet_ree: str
    note: str
    critical_lists: list[ListMembership]
    catalog_holdings: dict[str, int]
    source: SourceRef | None


@record
class StandingEntry:
    """One line of a country's standing: its figure and rank for one commodity and measure."""

    commodity_id: str
    commodity_name: str
    measure: str
    type: str
    edition: int
    year: int
    unit: str
    figure: Figure
    rank: int | None
    listed_countries: int
    share_pct: float | None


@record
class CountryStanding:
    """Where a country stands: its figures and ranks by commodity, and its shares of U.S.
    imports.
    """

    iso3: str
    name_en: str
    name_es: str
    entries: list[StandingEntry]
    import_shares: list[tuple[str, str, ImportSource]]
    sources: list[SourceRef]


_TRADE_TEXT_FIELDS = (
    "reporter_label",
    "partner_label",
    "partner_kind",
    "hs_description",
    "value_basis",
    "quantity_unit",
)


@record(kw_only=True)
class TradeFlow:
    """One bilateral trade figure: reporter, partner, flow, HS code, year, value and quantity,
    with its source.
    """

    source_id: str
    reporter_iso3: str | None
    reporter_label: str
    partner_iso3: str | None
    partner_label: str
    partner_kind: str
    flow: str
    hs_code: str
    hs_description: str
    year: int
    month: int
    period: str
    value_usd: float | None
    value_basis: str
    quantity: float | None
    quantity_unit: str
    net_weight_kg: float | None
    flags: tuple[str, ...]

    @classmethod
    def make(cls, **fields) -> TradeFlow:
        """The one constructor for every store: by keyword, with the same defaults everywhere
        (labels and units "" when absent, month 0 for annual rows, flags from their text)."""
        for name in _TRADE_TEXT_FIELDS:
            fields[name] = fields.get(name) or ""
        fields["month"] = fields.get("month") or 0
        flags = fields.get("flags") or ()
        fields["flags"] = tuple(flags.split()) if isinstance(flags, str) else tuple(flags)
        for name in ("value_usd", "quantity", "net_weight_kg", "reporter_iso3", "partner_iso3"):
            fields.setdefault(name, None)
        return cls(**fields)


@record
class CommoditySummary:
    """One line of the commodity list: names, list badges, Mexico's best production rank."""

    commodity_id: str
    name_en: str
    name_es: str
    name_fr: str
    kind: str
    parent_id: str
    is_rare_earth: bool
    lists: tuple[str, ...]
    hs_chapters: tuple[str, ...]
    mexico_rank: int | None
    mexico_rank_basis: str
