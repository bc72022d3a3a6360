"""The claim checker: what the catalog supports of statements such as "the U.S. takes 52%
of Mexico's mineral exports", under stated definitions, with a verdict and its reason,
and how the result moves when a definition changes.

Trade claims are computed on Mexico's own declarations by HS4 heading (UN Comtrade, main
partners only): every share is a share of the listed partners, never of a true world
total, and the arithmetic refuses non-finite and negative values before a verdict.

Every sentence is a whole translatable template with named placeholders (minref.i18n),
numbers in the reader's conventions; the verdict stays one of the four keys below (the
places that show it translate it), and ``minref claims --json`` is computed in English."""

from __future__ import annotations

import logging
import math
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, field

from minref.analysis.trade import TradeData, TradeSum, sums_of_flows
from minref.catalog.queries import MEXICO
from minref.i18n import (
    N_,
    _,
    clauses,
    current_language,
    format_decimal,
    format_fixed,
    format_percent,
    ngettext,
    percent_sign,
    pgettext,
    sorted_names,
)
from minref.records import record

logger = logging.getLogger(__name__)

SUPPORTED = "supported"
PARTLY = "partly supported"
NOT_SUPPORTED = "not supported"
CANNOT_CHECK = "cannot be checked with the data held"

PRECIOUS = ("7106", "7108")  # silver, gold: Mexico's largest metal exports
HS4_SOURCE = "un-comtrade-mexico-hs4"  # preferred: Mexico's declarations by HS4 heading
RARE_EARTH_HEADINGS = ("2846", "2805")  # 2846 compounds; 2805.30 metals sits in 2805


@record
class Basket:
    """A named product basket: whole HS chapters and/or single HS4 headings.  The name and
    note are kept in English (marked for translation) and shown in the reader's language
    through ``label`` and ``note``."""

    id: str
    label_en: str
    chapters: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    note_en: str = ""

    @property
    def label(self) -> str:
        return _(self.label_en) if self.label_en else ""

    @property
    def note(self) -> str:
        return _(self.note_en) if self.note_en else ""

    def holds(self, hs: str) -> bool:
        return hs[:2] in self.chapters or hs[:4] in self.headings

    def scope(self) -> str:
        parts = [_("ch. {chapter}").format(chapter=c) for c in self.chapters]
        return ", ".join(parts + list(self.headings))


# Unwrought / refined headings of chapters 72-80; chapter 81's headings each cover the metal
# "and articles thereof", which HS4 cannot split, so they are counted whole (stated).
BASE_PRIMARY = (
    "7201",
    "7202",
    "7203",
    "7401",
    "7402",
    "7403",
    "7405",
    "7501",
    "7502",
    "7601",
    "7801",
    "7901",
    "8001",
)
_FIVE = (
    Basket("ores", N_("ores and concentrates (ch. 26)"), ("26",)),
    Basket("industrial", N_("industrial minerals (ch. 25)"), ("25",)),
    Basket(
        "precious",
        N_("precious metals in primary forms (7106, 7108, 7110, 7112)"),
        headings=("7106", "7108", "7110", "7112"),
    ),
    Basket(
        "base",
        N_("base metals in primary forms (unwrought/refined headings of ch. 72-81)"),
        ("81",),
        BASE_PRIMARY,
        N_("ch. 81 headings include articles of those metals (not separable at HS4)"),
    ),
    Basket("chemicals", N_("chemicals of mineral origin (ch. 28)"), ("28",)),
)
BASKETS: dict[str, Basket] = {b.id: b for b in _FIVE}
BASKETS["minero-metallurgical"] = Basket(
    "minero-metallurgical",
    N_("minero-metallurgical (the union of the five baskets)"),
    tuple(c for b in _FIVE for c in b.chapters),
    tuple(h for b in _FIVE for h in b.headings),
    N_("the scope of the CIDE-Camimex 52 %: refined metals and doré included"),
)
DEFAULT_BASKET = "minero-metallurgical"


def basket_label(b: Basket, exclude: tuple[str, ...] = ()) -> str:
    """A basket's name; the precious-metals basket with gold and silver left out names the
    headings it keeps ("(7106, 7108, 7110, 7112)" read as if gold and silver counted)."""
    if b.id == "precious" and any(h in exclude for h in b.headings):
        kept = [h for h in b.headings if h not in exclude]
        return _("precious metals in primary forms ({headings}; gold and silver left out)").format(
            headings=", ".join(kept)
        )
    return b.label


REFINED_SCOPE = N_(
    "The sources' own scope: the CIDE-Camimex study (September 2025) "
    "gives the 52 % as a share of all minero-metallurgical exports and says that more "
    "than 90 % of those exports incorporate refining and manufacturing: the 52 % covers "
    "refined and manufactured mineral products, not ores alone."
)


@record
class Sensitivity:
    definition: str
    result: str


@record
class ClaimResult:
    claim_id: str
    claim: str
    verdict: str
    value: str  # what the catalog computes, in words and figures
    reason: str
    definitions: dict
    sensitivity: list[Sensitivity]
    source_ids: list[str]
    gaps: list[str] = field(default_factory=list)
    # who made the claim, where and when (rows of the claims register)
    claimed_by: list[dict] = field(default_factory=list)
    # an optional grid (e.g. basket x year): header and rows of text
    table_header: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _pct(v: float | None) -> str:
    return "—" if v is None or not math.isfinite(v) else format_percent(v, 1)


def _range(values: list[float]) -> str:
    vals = [v for v in values if v is not None and math.isfinite(v)]
    if not vals:
        return "—"
    lo, hi = min(vals), max(vals)
    if lo == hi:
        return _pct(lo)
    return f"{format_fixed(lo, 1)}–{format_fixed(hi, 1)}{percent_sign()}"


def _num(v: float) -> str:
    """A number as given (52, 1.5), in the reader's conventions."""
    return format_decimal(v)


def _stated_pct(v: float) -> str:
    """A stated percentage as given (52%, 52 %)."""
    return f"{format_decimal(v)}{percent_sign()}"


def _usd(v: float) -> str:
    if v >= 1e9:
        return pgettext("amount", "US${amount} bn").format(amount=format_fixed(v / 1e9, 2))
    if v >= 1e6:
        return pgettext("amount", "US${amount} M").format(amount=format_fixed(v / 1e6, 1))
    return pgettext("amount", "US${amount} k").format(amount=format_fixed(v / 1e3, 0))


def _usd_whole(v: float) -> str:
    """A threshold in whole dollars: US$1,000,000."""
    return pgettext("amount", "US${amount}").format(amount=format_fixed(v, 0))


def _ores_sentence(basket: str, ores: str) -> list[str]:
    """The share on ores alone, beside another basket's (said once when ores is the basket)."""
    if basket == "ores":
        return []
    return [_("On ores alone (ch. 26) the U.S. takes {ores}.").format(ores=ores)]


def _plural_n(v: float) -> int:
    """The count a plural form is chosen by, for a number that may have decimals."""
    return 1 if v == 1 else 2 if v != int(v) else int(v)


def _years(years: list[int]) -> str:
    """The years held as a span: 2015–2024, or one year."""
    if not years:
        return ""
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


def usable_value(v) -> bool:
    """A trade value the arithmetic may use: a finite number, not negative."""
    return isinstance(v, (int, float)) and math.isfinite(v) and v >= 0


def _register(cat, units: tuple[str, ...]) -> list[dict]:
    """Rows of the claims register whose unit starts with one of ``units``."""
    reg = getattr(cat, "claims_register", None)
    rows = reg() if reg else []
    return [
        {k: ("" if v is None else v) for k, v in dict(r).items()}
        for r in rows
        if str(r.get("unit") or "").startswith(units)
    ]


def _claimed_by_text(rows: list[dict]) -> str:
    """Who made the claim, in the register's own words (names, dates and figures as
    published; the unit in the reader's language where the catalog lists it)."""
    from minref.analysis.text import unit_label

    return clauses(
        # TRANSLATORS: who made a claim, where and when, and the figure they gave
        _("{originator} ({published_by}, {date}): {figure} {unit}")
        .format(
            originator=r["originator"],
            published_by=r["published_by"],
            date=r["date"],
            figure=r["figure"],
            unit=unit_label(r["unit"]),
        )
        .strip()
        for r in rows
    )


def _claim_years(rows: list[dict], stated: float) -> list[int]:
    """The years the register dates the claim in (rows giving the stated figure, else every
    row of the claim): 2025 for the Camimex letter and the CIDE-Camimex study."""
    given = [r for r in rows if str(r.get("figure")).strip() == f"{stated:g}"] or rows
    return sorted({int(d[:4]) for r in given if (d := str(r.get("date") or "")[:4]).isdigit()})


# ---------------------------------------------------------------- claim 1: U.S. share


@record
class ShareCell:
    """The U.S. (or another partner's) share of one basket in one year."""

    basket: str
    year: int
    partner_usd: float
    listed_usd: float
    headings: int
    rejected: int  # rows refused: non-finite or negative values

    @property
    def share_pct(self) -> float | None:
        if self.listed_usd <= 0:
            return None
        s = 100.0 * self.partner_usd / self.listed_usd
        return s if math.isfinite(s) else None


def _listed(f) -> bool:
    """A row naming one listed partner (a country or Comtrade's 'nes' areas), not World."""
    return f.partner_kind in ("country", "others") and f.period == "annual"


def _as_sums(rows, partner: str = "USA") -> list[TradeSum]:
    """Rows as :class:`TradeSum` records (summed here if given as trade rows; sums given
    are taken as summed for ``partner``)."""
    rows = list(rows)
    if rows and not isinstance(rows[0], TradeSum):
        return sums_of_flows(rows, partner)
    return rows


def basket_shares(
    flows, baskets: dict[str, Basket] = BASKETS, partner: str = "USA", exclude=()
) -> dict[tuple[str, int], ShareCell]:
    """The partner's share of the listed partners, per basket and year, from export rows
    (or their sums)."""
    acc: dict[tuple[str, int], list] = defaultdict(lambda: [0.0, 0.0, set(), 0])
    for s in _as_sums(flows, partner):
        if not _listed(s) or s.heading in exclude:
            continue
        for b in baskets.values():
            if not b.holds(s.heading):
                continue
            a = acc[(b.id, s.year)]
            a[3] += s.rows - s.usable
            if not s.usable:
                continue
            a[1] += s.value_usd
            a[2].add(s.heading)
            if s.to_partner:
                a[0] += s.value_usd
    return {k: ShareCell(k[0], k[1], a[0], a[1], len(a[2]), a[3]) for k, a in acc.items()}


def listed_coverage(flows) -> dict[int, tuple[float, float, int]]:
    """Per year with World rows: (median %, minimum %, headings) of World covered by the
    listed partners, heading by heading (where a source holds several World rows for a
    heading, the smallest)."""
    world: dict[tuple[int, str], float] = {}
    listed: dict[tuple[int, str], float] = defaultdict(float)
    for s in _as_sums(flows):
        if not s.usable or s.period != "annual":
            continue
        key = (s.year, s.heading)
        if s.partner_kind == "world":
            world[key] = min(world.get(key, s.min_usd), s.min_usd)
        elif _listed(s):
            listed[key] += s.value_usd
    per_year: dict[int, list[float]] = defaultdict(list)
    for key, w in world.items():
        if w > 0:
            per_year[key[0]].append(100.0 * listed.get(key, 0.0) / w)
    return {y: (statistics.median(v), min(v), len(v)) for y, v in sorted(per_year.items()) if v}


def _trade_sums(data, reporter: str, partner: str, **kw) -> list[TradeSum]:
    """``data.trade_sums`` (SQL in both stores), or the same sums of ``data.flows`` for a
    TradeData-shaped object without it."""
    get = getattr(data, "trade_sums", None)
    if get is not None:
        return get(reporter, partner, **kw)
    flows = kw.get("flows", ("export", "import"))
    rows = [f for fl in flows for f in data.flows(reporter, None, None, None, fl)]
    return sums_of_flows(
        rows, partner, hs_len=kw.get("hs_len"), hs_prefixes=kw.get("hs_prefixes", ())
    )


def _hs4_export_rows(data: TradeData, source: str | None):
    """Sums of Mexico's export rows by HS4 from one source (default: the HS4 declarations
    if held, else the source with the most headings); returns (sums, source id, every sum
    read: the HS4 rows of both flows and every rare-earth row)."""
    every = _trade_sums(data, MEXICO, "USA", hs_len=4, hs_prefixes=RARE_EARTH_HEADINGS)
    rows = [s for s in every if s.flow == "export" and s.hs_len == 4]
    by_source: dict[str, set[str]] = defaultdict(set)
    for s in rows:
        by_source[s.source_id].add(s.heading)
    if source is None:
        if HS4_SOURCE in by_source:
            source = HS4_SOURCE
        elif by_source:
            source = max(sorted(by_source), key=lambda s: len(by_source[s]))
    return [s for s in rows if s.source_id == source], source, every


def trade_claim_years(data: TradeData) -> list[int]:
    """The years claims 1 and 2 can be checked in: those of the Mexican HS4 export rows
    they read (the claim checker's year list; the metal headings held to 2024 are not
    enough for a share of all mineral exports or a count of products)."""
    flows, _source, _every = _hs4_export_rows(data, None)
    return sorted({s.year for s in flows})


def claim_us_share(
    data: TradeData,
    *,
    year: int | None = None,
    basket: str = DEFAULT_BASKET,
    include_precious: bool = True,
    tolerance: float = 1.0,
    source: str | None = None,
    stated: float = 52.0,
) -> ClaimResult:
    """Claim 1: "The U.S. takes 52% of Mexico's mineral exports"."""
    statement = _("The U.S. takes {share} of Mexico's mineral exports.").format(
        share=_stated_pct(stated)
    )
    claimed = _register(data.catalog, ("percent",))
    if basket not in BASKETS:
        raise ValueError(f"unknown basket {basket!r}; choose one of {', '.join(BASKETS)}")
    flows, source, _every = _hs4_export_rows(data, source)
    exclude = () if include_precious else PRECIOUS

    def label(b: Basket) -> str:  # the precious basket without gold and silver says so
        return basket_label(b, exclude)

    cells = basket_shares(flows, exclude=exclude)
    years = held = sorted({y for (_b, y) in cells})
    if year is not None:
        years = [y for y in years if y == year]
    precious = (
        pgettext("gold and silver", "included")
        if include_precious
        else pgettext("gold and silver", "excluded")
    )
    if not years:
        if held:  # a year was asked for that is not held
            reason = _(
                "No Mexican export rows by HS4 heading are held for {year} (years held: "
                "{years}). Import Mexico's Comtrade declarations by heading to check this claim."
            ).format(year=year, years=", ".join(map(str, held)))
        else:
            reason = _(
                "No Mexican export rows by HS4 heading are held. Import Mexico's Comtrade "
                "declarations by heading to check this claim."
            )
        return ClaimResult(
            "us-share",
            statement,
            CANNOT_CHECK,
            _("no Mexican export rows by HS4 heading held for {year}").format(year=year)
            if year
            else _("no Mexican export rows by HS4 heading held"),
            reason,
            {
                pgettext("claim definition", "claimed by"): _claimed_by_text(claimed),
                pgettext("claim definition", "basket"): label(BASKETS[basket]),
                pgettext("claim definition", "gold and silver"): precious,
                pgettext("claim definition", "source"): source or _("none held"),
            },
            [],
            sorted({source} if source else set()),
            claimed_by=claimed,
        )
    span = _years(years)

    def shares(bid):
        return [cells[(bid, y)].share_pct for y in years if (bid, y) in cells]

    chosen = BASKETS[basket]
    mine = [(y, cells[(basket, y)]) for y in years if (basket, y) in cells]
    mine_shares = [c.share_pct for _y, c in mine if c.share_pct is not None]
    every = [s for b in BASKETS for s in shares(b) if s is not None]
    union = BASKETS[DEFAULT_BASKET]
    rejected = sum(
        s.rows - s.usable
        for s in flows
        if s.year in years and _listed(s) and union.holds(s.heading)
    )
    reproducing = [
        label(b)
        for b in BASKETS.values()
        if (v := [s for s in shares(b.id) if s is not None])
        and min(v) - tolerance <= stated <= max(v) + tolerance
    ]
    coverage = listed_coverage(flows)
    cov_text = clauses(
        ngettext(
            "{year}: the listed partners cover a median {median} (minimum {minimum}) of World "
            "over the {n} export heading with a World row",
            "{year}: the listed partners cover a median {median} (minimum {minimum}) of World "
            "over the {n} export headings with a World row",
            n,
        ).format(year=y, median=format_percent(m, 1), minimum=format_percent(lo, 0), n=n)
        for y, (m, lo, n) in coverage.items()
        if n >= 20
    ) or _("no World rows held to state the coverage")
    if source == HS4_SOURCE:
        cov_text = _(
            "{coverage} (the source states a median 98 %, minimum 84 %, over every heading "
            "and both flows)"
        ).format(coverage=cov_text)
    ores = _range(shares("ores"))
    if not mine_shares:
        verdict = CANNOT_CHECK
        reason = _("No usable values in the basket {basket} for {years}.").format(
            basket=label(chosen), years=span
        )
    elif min(mine_shares) - tolerance <= stated <= max(mine_shares) + tolerance:
        verdict = PARTLY
        near = min(mine, key=lambda yc: abs((yc[1].share_pct or 1e9) - stated))
        fields = {
            "stated": _stated_pct(stated),
            "basket": label(chosen),
            "range": _range(mine_shares),
            "years": span,
            "closest_year": near[0],
            "closest": _pct(near[1].share_pct),
            "ores": ores,
        }
        if min(mine_shares) <= stated <= max(mine_shares):
            reason = _(
                "Partly supported: {stated} lies within the range on the basket {basket} "
                "({range} in {years}; closest {closest_year}: {closest})."
            ).format(**fields)
        else:
            reason = ngettext(
                "Partly supported: {stated} lies within {tolerance} point of the range on "
                "the basket {basket} ({range} in {years}; closest {closest_year}: {closest}).",
                "Partly supported: {stated} lies within {tolerance} points of the range on "
                "the basket {basket} ({range} in {years}; closest {closest_year}: {closest}).",
                _plural_n(tolerance),
            ).format(tolerance=_num(tolerance), **fields)
        reason = " ".join(
            [reason]
            + _ores_sentence(basket, ores)
            + [
                _(
                    "The shares are of the listed (main) partners of Mexico's declarations, "
                    "for the years held ({years}), not of a true world total nor of the year "
                    "the claim refers to."
                ).format(years=span)
            ]
        )
    else:
        verdict = NOT_SUPPORTED
        reason = ngettext(
            "On the basket {basket} the U.S. takes {range} of the listed partners in {years}, "
            "not {stated} (tolerance ±{tolerance} point).",
            "On the basket {basket} the U.S. takes {range} of the listed partners in {years}, "
            "not {stated} (tolerance ±{tolerance} points).",
            _plural_n(tolerance),
        ).format(
            basket=label(chosen),
            range=_range(mine_shares),
            years=span,
            stated=_stated_pct(stated),
            tolerance=_num(tolerance),
        )
        reason = " ".join([reason, *_ores_sentence(basket, ores)])
        if reproducing:
            reason += " " + _("{stated} is reproduced on: {baskets}.").format(
                stated=_stated_pct(stated), baskets=clauses(reproducing)
            )
    if rejected:
        reason += " " + ngettext(
            "{n} row with a non-finite or negative value was left out.",
            "{n} rows with non-finite or negative values were left out.",
            rejected,
        ).format(n=rejected)
    sens = [
        Sensitivity(
            _("{basket}, {years}").format(basket=label(b), years=span), _range(shares(b.id))
        )
        for b in BASKETS.values()
    ]
    pair = basket_shares(flows, {"pair": Basket("pair", "", ("25", "26"))}, exclude=exclude)
    sens.append(
        Sensitivity(
            _("ores and industrial minerals together (ch. 25 + 26), {years}").format(years=span),
            _range([pair[("pair", y)].share_pct for y in years if ("pair", y) in pair]),
        )
    )
    sens += [
        Sensitivity(
            _("{basket}, {years}").format(basket=label(chosen), years=y),
            _("{share} of {total}").format(share=_pct(c.share_pct), total=_usd(c.listed_usd)),
        )
        for y, c in mine
    ]
    scope = f"{label(chosen)}: {chosen.scope()}"
    if chosen.note:
        scope = _("{basket_and_scope} ({note})").format(basket_and_scope=scope, note=chosen.note)
    defs = {
        pgettext("claim definition", "claimed by"): _claimed_by_text(claimed)
        or _("not in the register"),
        pgettext("claim definition", "basket"): scope,
        pgettext("claim definition", "years"): span,
        pgettext("claim definition", "measure"): _("value (US$, FOB as declared by Mexico)"),
        pgettext("claim definition", "declared by"): _("Mexico (reporter)"),
        pgettext("claim definition", "partners"): _(
            "shares of the listed partners (main partners only; World rows left out)"
        ),
        pgettext("claim definition", "coverage"): cov_text,
        pgettext("claim definition", "gold and silver"): precious,
        pgettext("claim definition", "reproduces when"): ngettext(
            "within ±{tolerance} point of {stated}",
            "within ±{tolerance} points of {stated}",
            _plural_n(tolerance),
        ).format(tolerance=_num(tolerance), stated=_stated_pct(stated)),
        pgettext("claim definition", "scope of the 52 %"): _(REFINED_SCOPE),
    }
    header = [_("Basket")] + [str(y) for y in years]
    table = [
        [label(b)]
        + [_pct(cells[(b.id, y)].share_pct) if (b.id, y) in cells else "—" for y in years]
        for b in BASKETS.values()
    ]
    claim_years = _claim_years(claimed, stated)
    if claim_years:
        held_note = _(
            "Years held: {years}; the claim ({claim_year}) probably refers to {previous} exports."
        ).format(
            years=span,
            claim_year=", ".join(map(str, claim_years)),
            previous=claim_years[-1] - 1,
        )
    else:
        held_note = _("Years held: {years}.").format(years=span)
    return ClaimResult(
        "us-share",
        statement,
        verdict,
        ngettext(
            "U.S. share of the listed partners {range} across {n} basket and {years}; "
            "{basket}: {basket_range}",
            "U.S. share of the listed partners {range} across {n} baskets and {years}; "
            "{basket}: {basket_range}",
            len(BASKETS),
        ).format(
            range=_range(every),
            n=len(BASKETS),
            years=span,
            basket=label(chosen),
            basket_range=_range(mine_shares),
        ),
        reason,
        defs,
        sens,
        sorted({source} if source else set()),
        [
            _(
                "Main partners only: a partner below the cut is missing, so shares are of the "
                "listed partners, not of World."
            ),
            held_note,
            _(REFINED_SCOPE),
        ],
        claimed,
        header,
        table,
    )


# ---------------------------------------------------------------- claim 2: products


def heading_counts(flows, min_value: float, baskets: dict[str, Basket] = BASKETS):
    """Distinct HS4 headings with Mexico->U.S. exports above ``min_value`` (in one row),
    per basket and year, from export rows (or their sums for the U.S.)."""
    heads: dict[tuple[str, int], set[str]] = defaultdict(set)
    for s in _as_sums(flows, "USA"):
        if not s.to_partner or s.period != "annual" or not s.usable:
            continue
        if s.max_usd <= min_value:
            continue
        for b in baskets.values():
            if b.holds(s.heading):
                heads[(b.id, s.year)].add(s.heading)
    return {k: len(v) for k, v in heads.items()}


def _usgs_mexico_rare_earths(cat) -> list[str]:
    """MCS editions in which USGS lists Mexico's rare-earth mine production."""
    found = []
    for e in sorted(cat.editions):
        try:
            table = cat.world_production("rare-earths", edition=e)
        except Exception:  # noqa: BLE001 - an edition without the commodity
            continue
        if any(r.country_iso3 == MEXICO for r in table.rows):
            found.append(f"MCS {e}")
    return found


def claim_products(
    data: TradeData,
    *,
    year: int | None = None,
    basket: str = DEFAULT_BASKET,
    min_value: float = 1_000_000.0,
    source: str | None = None,
    stated_products: int = 52,
    stated_rare_earths: int = 12,
) -> ClaimResult:
    """Claim 2: "Mexico exports 52 mineral products to the U.S., including 12 rare earths"."""
    statement = _(
        "Mexico exports {products} mineral products to the U.S., including {rare_earths} "
        "rare earths."
    ).format(products=stated_products, rare_earths=stated_rare_earths)
    claimed = _register(data.catalog, ("mineral products", "rare earths"))
    if basket not in BASKETS:
        raise ValueError(f"unknown basket {basket!r}; choose one of {', '.join(BASKETS)}")
    if not (isinstance(min_value, (int, float)) and math.isfinite(min_value) and min_value >= 0):
        raise ValueError("the threshold must be a finite value of at least 0")
    flows, source, every = _hs4_export_rows(data, source)
    counts = heading_counts(flows, min_value)
    years = sorted({y for (_b, y) in counts} | {s.year for s in flows})
    if year is not None:
        years = [y for y in years if y == year]
    chosen = BASKETS[basket]
    mine = [counts.get((basket, y), 0) for y in years]
    span = _years(years)
    # rare earths both ways, by year (the source chosen, else every source held)
    # [all listed partners, the U.S., whether the U.S. is listed at all]: a partner the
    # source does not list is below its cut, not zero (HS 2805 in 2015: World, Bolivia,
    # Colombia and Peru only).
    ree: dict[tuple[str, str, int], list] = defaultdict(lambda: [0.0, 0.0, False])
    for s in every:
        if s.heading not in RARE_EARTH_HEADINGS or s.hs_len < 4 or not s.usable:
            continue
        if s.flow not in ("export", "import") or s.partner_kind == "world":
            continue
        if source and s.source_id != source:
            continue
        a = ree[(s.heading, s.flow, s.year)]
        a[0] += s.value_usd
        if s.to_partner:
            a[1] += s.value_usd
            a[2] = True
    usgs = _usgs_mexico_rare_earths(data.catalog)
    by_threshold = {
        t: counts if t == min_value else heading_counts(flows, t)
        for t in sorted({0.0, 100_000.0, float(min_value)})
    }
    sens = [
        Sensitivity(
            _("{basket}, headings above {amount}, {years}").format(
                basket=b.label, amount=_usd_whole(t), years=span
            ),
            _count_range([c.get((b.id, y), 0) for y in years]),
        )
        for t, c in by_threshold.items()
        for b in BASKETS.values()
    ]
    for (hs, fl, y), (tot, us, listed) in sorted(ree.items()):
        what = (
            _("HS {heading} exports {year} (all listed partners; of which U.S.)")
            if fl == "export"
            else _("HS {heading} imports {year} (all listed partners; of which U.S.)")
        )
        sens.append(
            Sensitivity(
                what.format(heading=hs, year=y),
                _("{total}; U.S. {us}").format(total=_usd(tot), us=_usd(us))
                if listed
                else _("{total}; U.S. not listed (below the source's cut, not zero)").format(
                    total=_usd(tot)
                ),
            )
        )
    if not years:
        verdict = CANNOT_CHECK
        value = _("no Mexican export rows by HS4 heading held")
        reason = _("Import Mexico's declarations by heading to count products.")
    else:
        meets = [y for y, n in zip(years, mine, strict=True) if n >= stated_products]
        verdict = PARTLY if meets else NOT_SUPPORTED
        fields = {
            "count": _count_range(mine),
            "basket": chosen.label,
            "amount": _usd_whole(min_value),
            "years": span,
        }
        value = ngettext(
            "{count} heading ({basket}) with exports to the U.S. above {amount} in {years}; "
            "rare earths: no Mexican production listed by USGS, HS 2846 trade tiny",
            "{count} headings ({basket}) with exports to the U.S. above {amount} in {years}; "
            "rare earths: no Mexican production listed by USGS, HS 2846 trade tiny",
            max(mine),
        ).format(**fields)
        if meets:
            can = ngettext(
                "What the data can support: Mexico declared exports to the U.S. in {count} "
                "distinct HS4 heading of the basket {basket} above {amount} a year in {years}, "
                "reaching {products} at heading level in {years_reached} (a lower bound: "
                "partners below the cut are missing; at 6 digits there are more lines).",
                "What the data can support: Mexico declared exports to the U.S. in {count} "
                "distinct HS4 headings of the basket {basket} above {amount} a year in "
                "{years}, reaching {products} at heading level in {years_reached} (a lower "
                "bound: partners below the cut are missing; at 6 digits there are more lines).",
                max(mine),
            ).format(
                products=stated_products,
                years_reached=", ".join(str(y) for y in meets),
                **fields,
            )
        else:
            can = ngettext(
                "What the data can support: Mexico declared exports to the U.S. in {count} "
                "distinct HS4 heading of the basket {basket} above {amount} a year in {years}, "
                "fewer than {products} (a lower bound: partners below the cut are missing; at "
                "6 digits there are more lines).",
                "What the data can support: Mexico declared exports to the U.S. in {count} "
                "distinct HS4 headings of the basket {basket} above {amount} a year in "
                "{years}, fewer than {products} (a lower bound: partners below the cut are "
                "missing; at 6 digits there are more lines).",
                max(mine),
            ).format(products=stated_products, **fields)
        cannot = {"products": stated_products, "rare_earths": stated_rare_earths}
        if usgs:
            cannot_text = _(
                "What it cannot support: the claim's own list of {products} products is not "
                "published, so which headings were counted cannot be matched; and the "
                "{rare_earths} rare earths: HS 2846 (rare-earth compounds) exports are tiny "
                "and Mexico imports more than it exports; 2805.30 (rare-earth metals) is not "
                "separable within heading 2805 at HS4; HS does not name {rare_earths} "
                "individual rare earths; and USGS lists Mexican rare-earth production in "
                "{editions}."
            ).format(editions=", ".join(usgs), **cannot)
        else:
            cannot_text = _(
                "What it cannot support: the claim's own list of {products} products is not "
                "published, so which headings were counted cannot be matched; and the "
                "{rare_earths} rare earths: HS 2846 (rare-earth compounds) exports are tiny "
                "and Mexico imports more than it exports; 2805.30 (rare-earth metals) is not "
                "separable within heading 2805 at HS4; HS does not name {rare_earths} "
                "individual rare earths; and USGS lists no Mexican rare-earth production in "
                "any MCS edition held."
            ).format(**cannot)
        reason = f"{can} {cannot_text}"
    return ClaimResult(
        "products",
        statement,
        verdict,
        value,
        reason,
        {
            pgettext("claim definition", "claimed by"): _claimed_by_text(claimed)
            or _("not in the register"),
            pgettext("claim definition", "product"): _(
                "HS4 heading as declared by Mexico (main partners only)"
            ),
            pgettext("claim definition", "basket"): f"{chosen.label}: {chosen.scope()}",
            pgettext("claim definition", "threshold"): _(
                "exports to the U.S. above {amount} in the year"
            ).format(amount=_usd_whole(min_value)),
            pgettext("claim definition", "years"): span,
            pgettext("claim definition", "rare earths"): _(
                "HS 2846 (compounds) and 2805 (2805.30 rare-earth metals is inside 2805 at "
                "HS4), both flows"
            ),
            pgettext("claim definition", "USGS rare-earth production for Mexico"): ", ".join(usgs)
            or _("none listed"),
        },
        sens,
        sorted({source} if source else set()),
        [
            _(
                "The {products} products and the {rare_earths} rare earths were never "
                "published as a list: the count cannot be matched item by item."
            ).format(products=stated_products, rare_earths=stated_rare_earths),
            _("HS4 headings only; no quantities."),
        ],
        claimed,
        [_("Basket")] + [str(y) for y in years],
        [[b.label] + [str(counts.get((b.id, y), 0)) for y in years] for b in BASKETS.values()],
    )


def _count_range(values: list[int]) -> str:
    if not values:
        return "0"
    lo, hi = min(values), max(values)
    return str(lo) if lo == hi else f"{lo}–{hi}"


# ---------------------------------------------------------------- claim 3: top-10 producer


def top10_count(
    cat,
    *,
    edition: int | None = None,
    count: str = "commodities",
    lines: str = "any",
    max_rank: int = 10,
    iso3: str = MEXICO,
) -> tuple[int, list[str], set[str]]:
    """How many commodities (or production lines) a country ranks in the top N among the
    countries USGS lists, in one edition: (count, names, sources).  The one count used by
    the country page, the Mexico-U.S. brief and the claim checker."""
    standing = cat.country_standing(iso3, edition)
    chosen = []
    for e in standing.entries:
        if e.measure != "production" or not e.rank or e.rank > max_rank:
            continue
        if lines == "mine" and "mine" not in e.type.lower():
            continue
        chosen.append(e)
    if count == "lines":
        names = [f"{e.commodity_name} ({e.type})" for e in chosen]
    else:
        names = sorted_names({e.commodity_name for e in chosen})
    return len(names), names, {e.figure.source_id for e in chosen}


def older_top10(cat, iso3: str = MEXICO, max_rank: int = 10) -> list[str]:
    """Top-10 commodities listed only in editions older than the newest (e.g. mercury,
    MCS 2023): shown apart, never added to the newest edition's count."""
    latest = cat.latest_edition
    current = set(top10_count(cat, edition=latest, iso3=iso3, max_rank=max_rank)[1])
    return sorted_names(
        {
            f"{e.commodity_name} (MCS {e.edition})"
            for e in cat.country_standing(iso3).entries
            if e.measure == "production"
            and e.rank
            and e.rank <= max_rank
            and e.edition < latest
            and e.commodity_name not in current
        }
    )


def _published_ranks(rows: list[dict]) -> tuple[str, dict[str, int]]:
    """(label, mineral -> rank) from a register entry whose notes list ranks
    ("silver 1; fluorite 2; sodium sulphate, wollastonite 3; ...")."""
    for r in rows:
        notes = r.get("notes") or ""
        ranks: dict[str, int] = {}
        for part in notes.split(";"):
            words = part.strip().rsplit(" ", 1)
            if len(words) == 2 and words[1].isdigit():
                for name in words[0].split(","):
                    ranks[name.strip().lower()] = int(words[1])
        if len(ranks) >= 5:
            return f"{r['originator']} ({r['date']})", ranks
    return "", {}


PUBLISHED_NAMES = {
    "fluorite": "fluorspar",
    "sodium sulphate": "sodium sulfate",
    "celestite": "strontium",
}


class _StandingMemo:
    """A catalog view that reads Mexico's standing once per edition (claim 3 counts it
    under many definitions)."""

    def __init__(self, cat):
        self.cat = cat
        self.memo: dict = {}

    def __getattr__(self, name):
        return getattr(self.cat, name)

    def country_standing(self, iso3, edition=None):
        key = (iso3, edition)
        if key not in self.memo:
            self.memo[key] = self.cat.country_standing(iso3, edition)
        return self.memo[key]


# Published mineral names the catalog holds no commodity for, in the reader's language.
PUBLISHED_WORDS = {
    "sodium sulphate": N_("sodium sulphate"),
    "magnesium sulphate": N_("magnesium sulphate"),
}


def _published_name(cat, name: str) -> str:
    """A published rank's mineral in the reader's language: the catalog's commodity name
    ("fluorite" -> "Fluorita"), else minref's word for it; in English the register's own
    word (the Spanish checker listed "silver 1; fluorite 2; sodium sulphate 3")."""
    if current_language() == "en":
        return name
    if name in PUBLISHED_WORDS:
        return _(PUBLISHED_WORDS[name])
    try:
        return cat.commodity_name(cat.resolve_commodity(name))
    except Exception as why:  # a name the catalog does not know: the register's word
        logger.debug("published rank %r left as written: %s", name, why)
        return name


def _published_text(ranks: dict[str, int], cat=None) -> str:
    return clauses(
        f"{_published_name(cat, k) if cat is not None else k} {v}"
        for k, v in sorted(ranks.items(), key=lambda kv: (kv[1], kv[0]))
    )


def _published_rank(name: str, ranks: dict[str, int]) -> str:
    n = name.lower()
    for k, v in ranks.items():
        k2 = PUBLISHED_NAMES.get(k, k)
        if n == k2 or n.startswith(k2) or k2.startswith(n):
            return str(v)
    return ""


def claim_top10(
    cat,
    *,
    edition: int | None = None,
    count: str = "commodities",
    lines: str = "mine",
    stated: int = 16,
) -> ClaimResult:
    """Claim 3: "Mexico is among the world's top 10 producers of 16 minerals". The strict
    reading comes first: the newest edition, mine production only, distinct commodities."""
    statement = _("Mexico is among the world's top 10 producers of {n} minerals.").format(n=stated)
    register = _register(cat, ("minerals",))
    why = edition_refusal(cat, edition, ["top10"])
    if why:  # an edition not held, or held for some commodities only: no count to quote
        return ClaimResult(
            "top10",
            statement,
            CANNOT_CHECK,
            _("not counted in MCS {edition}").format(edition=edition),
            why,
            {
                pgettext("claim definition", "claimed by"): _claimed_by_text(register)
                or _("not in the register"),
                pgettext("claim definition", "edition"): f"MCS {edition}",
            },
            [],
            [],
            claimed_by=register,
        )
    cat = _StandingMemo(cat)
    latest = cat.latest_edition
    edition = edition or latest
    editions = list(cat.full_editions)  # a partial edition (MCS 2022: 12 commodities) cannot rank
    n, names, sources = top10_count(cat, edition=edition, count=count, lines=lines)
    if not sources:  # nothing counted: the count is still the edition's (its card says so)
        sources = {e.figure.source_id for e in cat.country_standing(MEXICO, edition).entries}
    strict_n, _strict_names, strict_sources = top10_count(cat, edition=latest, lines="mine")
    ed = f"MCS {edition}"
    counting = {
        "commodities": pgettext("counting", "commodities"),
        "lines": pgettext("counting", "production lines"),
    }
    line_kinds = {"mine": _("mine production only"), "any": _("any production line")}
    label = counting[count]

    def reading(e, c, ln):
        return _("MCS {edition}, {counting}, {lines}").format(
            edition=e, counting=counting[c], lines=line_kinds[ln]
        )

    variants = []
    others = set(strict_sources)
    for e in editions:
        for c in ("commodities", "lines"):
            for ln in ("mine", "any"):
                counted = top10_count(cat, edition=e, count=c, lines=ln)
                variants.append((reading(e, c, ln), counted[0]))
                others |= counted[2]
    strict_label = reading(latest, "commodities", "mine")
    sens = [
        Sensitivity(_("strict reading: {reading}").format(reading=strict_label), str(strict_n))
    ] + [Sensitivity(d, str(v)) for d, v in variants if d != strict_label]
    exact = [d for d, v in variants if v == stated]
    if n == stated:
        verdict = SUPPORTED
    elif exact:
        verdict = PARTLY
    else:
        verdict = NOT_SUPPORTED
    strict = ngettext(
        "Strict reading first: in MCS {latest}, counting mine production only, Mexico ranks "
        "1-10 among the countries USGS lists in {n} commodity.",
        "Strict reading first: in MCS {latest}, counting mine production only, Mexico ranks "
        "1-10 among the countries USGS lists in {n} commodities.",
        strict_n,
    ).format(latest=latest, n=strict_n)
    chosen_text = _(
        "On the reading chosen ({edition}, {counting}, {lines}) the count is {n}."
    ).format(edition=ed, counting=label, lines=line_kinds[lines if lines == "mine" else "any"], n=n)
    holds = (
        _("The claim's {stated} holds exactly under: {readings}.").format(
            stated=stated, readings=clauses(exact)
        )
        if exact
        else _("The claim's {stated} holds exactly under no definition held.").format(stated=stated)
    )
    reason = f"{strict} {chosen_text} {holds}"
    # minerals with their ranks per edition (best rank over the lines counted; a mine line
    # before another line of the same rank)
    # (by commodity: the names are the catalog's in the reader's language, the published
    # ranks are matched on the English name)
    ranks: dict[str, dict[int, tuple[int, bool]]] = defaultdict(dict)
    local: dict[str, str] = {}
    for e in editions:
        for entry in cat.country_standing(MEXICO, e).entries:
            if entry.measure != "production" or not entry.rank or entry.rank > 10:
                continue
            mine_line = "mine" in entry.type.lower()
            old = ranks[entry.commodity_id].get(e)
            if old is None or old[0] > entry.rank or (mine_line and not old[1]):
                ranks[entry.commodity_id][e] = (entry.rank, mine_line)
            local.setdefault(entry.commodity_id, entry.commodity_name)
    pub_label, pub = _published_ranks(register)
    header = [_("Mineral")] + [f"MCS {e}" for e in editions]
    if pub_label:
        header.append(_("published rank (see definitions)"))

    def rank_text(r):
        if r is None:
            return ""
        return str(r[0]) if r[1] else _("{rank} (other line)").format(rank=r[0])

    table, marks = [], []
    order = sorted(ranks, key=lambda k: (min(r for r, _m in ranks[k].values()), local[k]))
    for name in order:
        row_ = [local[name]] + [rank_text(ranks[name].get(e)) for e in editions]
        if pub_label:
            row_.append(_published_rank(_english_name(cat, name, local[name]), pub))
        table.append(row_)
        marks.append(
            f"{local[name]} "
            + "/".join(
                (f"{r[0]}" + ("" if r[1] else "*")) if (r := ranks[name].get(e)) else "–"
                for e in editions
            )
        )
    return ClaimResult(
        "top10",
        statement,
        verdict,
        _("{n} ({edition}, {counting}): {names}").format(
            n=n, edition=ed, counting=label, names=", ".join(names)
        ),
        reason,
        {
            pgettext("claim definition", "claimed by"): _claimed_by_text(register)
            or _("not in the register"),
            pgettext("claim definition", "rank"): _(
                "among the countries USGS lists (not all producers)"
            ),
            pgettext("claim definition", "edition"): ed,
            pgettext("claim definition", "counting"): label,
            pgettext("claim definition", "lines"): line_kinds[lines if lines == "mine" else "any"],
            pgettext("claim definition", "threshold"): _("rank 1-10"),
            pgettext("claim definition", "holds exactly under"): clauses(exact)
            or _("no definition held"),
            pgettext("claim definition", "ranks per edition"): _(
                "{ranks} (MCS {editions}; * = not a mine line; – = not in the top 10 in "
                "that edition)"
            ).format(ranks=clauses(marks), editions=", ".join(str(e) for e in editions)),
            **(
                {
                    pgettext("claim definition", "published ranks, {who}").format(
                        who=pub_label
                    ): _published_text(pub, cat)
                }
                if pub_label
                else {}
            ),
        },
        sens,
        # The chosen edition's sources first (the card's "Data:" line names them first),
        # then those of the other editions its readings and ranks table count in.
        sorted(sources) + sorted(others - set(sources)),
        [
            _("USGS lists only the main producers; a rank is among listed countries."),
            _("Ranks marked '(other line)' are on a refinery, smelter or other production line."),
        ],
        register,
        header,
        table,
    )


def _english_name(cat, commodity_id: str, shown: str) -> str:
    """The commodity's English name (the published ranks name minerals in English)."""
    name = getattr(cat, "commodity_name", None)
    try:
        return name(commodity_id, "en") if name else shown
    except TypeError:  # a catalog view without languages
        return shown


@record
class Claim:
    """One claim the checker tests: read by the CLI, the claim checker page, the self-test and
    the tests. ``compute(data, **definitions)`` takes only the definitions it names."""

    id: str
    statement_en: str  # marked for translation; shown through ``statement``
    compute: Callable[..., ClaimResult]
    definitions: tuple[str, ...] = ()  # year, include_precious, edition, count, lines, ...
    # counts over every commodity of an MCS edition: a partial edition cannot be used
    whole_edition: bool = False

    @property
    def statement(self) -> str:
        """The claim in the reader's language."""
        return _(self.statement_en)


CLAIMS: dict[str, Claim] = {}


def register_claim(claim: Claim) -> Claim:
    """Add a claim (its id must be new)."""
    from minref.registry import add

    return add(CLAIMS, claim.id, claim, "claim")


def commodities_in_edition(cat, edition: int) -> int:
    """How many commodities an MCS edition holds world production for (MCS 2022: 12)."""
    return len({r["commodity_id"] for r in cat.edition_figures(edition)})


def edition_refusal(cat, edition: int | None, ids=None) -> str:
    """Why the claims named (default: every claim) cannot be checked in MCS ``edition``, in
    the reader's language, or "" if they can: an edition the catalog does not hold, or one
    held for some commodities only (MCS 2022) for a claim that counts over every commodity
    (a count over 12 commodities is not the claim's and must not read as one)."""
    from minref.analysis.text import editions_text

    if edition is None:
        return ""
    held = list(cat.editions)
    if edition not in held:
        return _("MCS {edition} is not in the catalog; it holds {editions}").format(
            edition=edition, editions=editions_text(held)
        )
    full = list(getattr(cat, "full_editions", held))
    if edition in full:
        return ""
    for claim in CLAIMS.values():
        if claim.whole_edition and (ids is None or claim.id in ids):
            n = commodities_in_edition(cat, edition)
            return ngettext(
                "MCS {edition} is held for {n} commodity only: “{claim}” counts over every "
                "commodity and needs a complete edition ({editions})",
                "MCS {edition} is held for {n} commodities only: “{claim}” counts over every "
                "commodity and needs a complete edition ({editions})",
                n,
            ).format(edition=edition, n=n, claim=claim.statement, editions=editions_text(full))
    return ""


def check_claims(data: TradeData, ids=None, **definitions) -> list[ClaimResult]:
    """Every registered claim (or those named) under the definitions given; a definition a
    claim does not take is ignored, and None means the claim's default."""
    results = []
    shared = _SharedRows(data)  # the claims read the same rows: one query each
    for claim in CLAIMS.values():
        if ids is not None and claim.id not in ids:
            continue
        kw = {k: v for k, v in definitions.items() if k in claim.definitions and v is not None}
        results.append(claim.compute(shared, **kw))
    return results


class _SharedRows:
    """A TradeData view for one check: each distinct query is run once."""

    def __init__(self, data):
        self.data = data
        self.catalog = data.catalog
        self._rows: dict = {}

    def __getattr__(self, name):
        return getattr(self.data, name)

    def flows(self, *args):
        if args not in self._rows:
            self._rows[args] = self.data.flows(*args)
        return list(self._rows[args])

    def trade_sums(self, reporter, partner, **kw):
        key = ("sums", reporter, partner, tuple(sorted(kw.items())))
        if key not in self._rows:
            self._rows[key] = _trade_sums(self.data, reporter, partner, **kw)
        return list(self._rows[key])


def all_claims(data: TradeData) -> list[ClaimResult]:
    """Every claim under its default definitions."""
    return check_claims(data)


register_claim(
    Claim(
        "us-share",
        N_("The U.S. takes 52% of Mexico's mineral exports"),
        claim_us_share,
        ("year", "basket", "include_precious", "tolerance", "source"),
    )
)
register_claim(
    Claim(
        "products",
        N_("Mexico exports 52 mineral products to the U.S., including 12 rare earths"),
        claim_products,
        ("year", "basket", "min_value", "source"),
    )
)
register_claim(
    Claim(
        "top10",
        N_("Mexico is a top-10 world producer of 16 minerals"),
        lambda data, **kw: claim_top10(data.catalog, **kw),
        ("edition", "count", "lines"),
        whole_edition=True,
    )
)
