"""The claim checker: what the catalog supports of statements such as "the U.S. takes 52%
of Mexico's mineral exports", under stated definitions, with a verdict and its reason,
and how the result moves when a definition changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from minref.analysis.trade import TradeData
from minref.catalog.queries import MEXICO

SUPPORTED = "supported"
PARTLY = "partly supported"
NOT_SUPPORTED = "not supported"
CANNOT_CHECK = "cannot be checked with the data held"

PRECIOUS = ("7106", "7108")  # silver, gold: Mexico's largest metal exports


@dataclass(frozen=True)
class Sensitivity:
    definition: str
    result: str


@dataclass(frozen=True)
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

    def to_dict(self) -> dict:
        return asdict(self)


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}%"


def us_share_of_exports(
    flows, year: int, *, exclude: tuple[str, ...] = (), hs_prefixes: tuple[str, ...] = ()
) -> tuple[float | None, float, float, set[str], set[str]]:
    """The U.S. share of Mexico's declared exports (value) among the given export rows.

    Returns (share %, U.S. value, total value, HS codes counted, sources).
    """
    total = us = 0.0
    codes, sources = set(), set()
    for f in flows:
        if (
            f.year != year
            or f.period != "annual"
            or f.partner_kind != "country"
            or f.value_usd is None
        ):
            continue
        if any(f.hs_code.startswith(x) for x in exclude):
            continue
        if hs_prefixes and not any(f.hs_code.startswith(x) for x in hs_prefixes):
            continue
        total += f.value_usd
        codes.add(f.hs_code)
        sources.add(f.source_id)
        if f.partner_iso3 == "USA":
            us += f.value_usd
    return (100.0 * us / total if total else None), us, total, codes, sources


def claim_us_share(
    data: TradeData, *, year: int | None = None, include_precious: bool = True, stated: float = 52.0
) -> ClaimResult:
    """Claim 1: "The U.S. takes 52% of Mexico's mineral exports"."""
    flows = data.flows(MEXICO, None, None, None, "export")  # one query for every variant
    years = sorted({f.year for f in flows if f.period == "annual"})
    if not years:
        return ClaimResult(
            "us-share",
            "The U.S. takes 52% of Mexico's mineral exports.",
            CANNOT_CHECK,
            "no Mexican export rows held",
            "",
            {},
            [],
            [],
        )
    year = year or years[-1]
    exclude = () if include_precious else PRECIOUS
    share, us, total, codes, sources = us_share_of_exports(flows, year, exclude=exclude)
    defs = {
        "measure": "value (US$, FOB as declared by Mexico)",
        "year": year,
        "declared by": "Mexico (reporter)",
        "products": f"{len(codes)} HS lines held: " + ", ".join(sorted(codes)),
        "gold and silver": "included" if include_precious else "excluded",
        "partners": "countries only (no world or group rows)",
    }
    sens = []
    for y in years[-5:]:
        s_all = us_share_of_exports(flows, y)[0]
        s_ex = us_share_of_exports(flows, y, exclude=PRECIOUS)[0]
        sens.append(Sensitivity(f"{y}, all headings held", _pct(s_all)))
        sens.append(Sensitivity(f"{y}, without gold and silver", _pct(s_ex)))
    ch71 = us_share_of_exports(flows, year, hs_prefixes=("71",))[0]
    ch81 = us_share_of_exports(flows, year, hs_prefixes=("81",))[0]
    sens.append(Sensitivity(f"{year}, chapter 71 only (precious metals)", _pct(ch71)))
    sens.append(Sensitivity(f"{year}, chapter 81 only (other base metals)", _pct(ch81)))
    held_chapters = sorted({c[:2] for c in codes})
    gaps = [
        "Mexico's exports of ores and concentrates (HS 26), salt, fluorspar, gypsum and "
        "other non-metallic minerals (HS 25), inorganic chemicals (HS 28) and base metals "
        "(HS 72-80) by partner are not held.",
        "INEGI's 'extractive' exports (held) have no partner breakdown.",
    ]
    if share is None:
        verdict, reason = CANNOT_CHECK, "No export values held for that year."
    else:
        close = abs(share - stated) <= 5
        verdict = CANNOT_CHECK if not close else PARTLY
        reason = (
            f"On the {len(codes)} HS lines held (chapters "
            f"{', '.join(held_chapters)}), the U.S. took {_pct(share)} of Mexico's "
            f"declared exports in {year}, not {stated:g}%. 'Mineral exports' in the claim "
            "most likely includes ores, concentrates and industrial minerals, which "
            "the catalog does not hold by partner, so the claim cannot be confirmed or "
            "refuted with these data."
        )
    return ClaimResult(
        "us-share",
        "The U.S. takes 52% of Mexico's mineral exports.",
        verdict,
        f"{_pct(share)} in {year} (US${us / 1e9:.2f} bn of US${total / 1e9:.2f} bn"
        " on the headings held)",
        reason,
        defs,
        sens,
        sorted(sources),
        gaps,
    )


def claim_products(
    data: TradeData,
    *,
    year: int | None = None,
    level: int = 6,
    min_value: float = 0.0,
    stated_products: int = 52,
    stated_rare_earths: int = 12,
) -> ClaimResult:
    """Claim 2: "Mexico exports 52 mineral products to the U.S., including 12 rare earths"."""
    every = data.flows(MEXICO, "USA", None, None, "export")
    flows = [f for f in every if f.period == "annual" and (f.value_usd or 0) > min_value]
    years = sorted({f.year for f in flows})
    yr = year or (years[-1] if years else None)
    rows = [f for f in flows if f.year == yr]
    products = {f.hs_code for f in rows}  # each HS line as held (4 or 6 digits)
    coarse = {f.hs_code[:4] for f in rows}
    fine = {f.hs_code[:6] for f in rows if len(f.hs_code) >= 6}
    ree = {f.hs_code for f in every if f.hs_code.startswith(("2846", "280530", "850511"))}
    defs = {
        "product": "HS line as declared (4 or 6 digits)",
        "year": yr,
        "threshold": f"value above US${min_value:,.0f}",
        "declared by": "Mexico",
        "rare earths": "HS 2805.30, 2846, 8505.11",
    }
    n = len(products)
    sens = [
        Sensitivity("distinct HS 4-digit headings", str(len(coarse))),
        Sensitivity(f"distinct HS {level}-digit lines held", str(len(fine))),
        Sensitivity("rare-earth lines (2805.30, 2846, 8505.11) held", str(len(ree))),
    ]
    sources = sorted({f.source_id for f in rows})
    reason = (
        f"The data held cover Mexico's exports to the U.S. in {len(products)} HS lines "
        f"in {yr} (from {', '.join(sources) or 'no source'}), so they cannot count "
        f"{stated_products} products; it holds no Mexico-U.S. trade in rare-earth lines, "
        "and USGS lists no rare-earth production for Mexico, so the 12 rare earths "
        "cannot be confirmed either."
    )
    return ClaimResult(
        "products",
        "Mexico exports 52 mineral products to the U.S., including 12 rare earths.",
        CANNOT_CHECK,
        f"{n} products counted on the data held; {len(ree)} rare-earth lines",
        reason,
        defs,
        sens,
        sources,
        [
            "A full count needs Mexico-U.S. trade at HS 6 digits for chapters 25, "
            "26, 28 and 71-81 (import a UN Comtrade or Census file to add it)."
        ],
    )


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
        names = sorted({e.commodity_name for e in chosen})
    return len(names), names, {e.figure.source_id for e in chosen}


def older_top10(cat, iso3: str = MEXICO, max_rank: int = 10) -> list[str]:
    """Top-10 commodities listed only in editions older than the newest (e.g. mercury,
    MCS 2023): shown apart, never added to the newest edition's count."""
    latest = cat.latest_edition
    current = set(top10_count(cat, edition=latest, iso3=iso3, max_rank=max_rank)[1])
    return sorted(
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


def claim_top10(
    cat,
    *,
    edition: int | None = None,
    count: str = "commodities",
    lines: str = "any",
    stated: int = 16,
) -> ClaimResult:
    """Claim 3: "Mexico is among the world's top 10 producers of 16 minerals"."""
    edition = edition or cat.latest_edition
    n, names, sources = top10_count(cat, edition=edition, count=count, lines=lines)
    ed = f"MCS {edition}"
    defs = {
        "rank": "among the countries USGS lists (not all producers)",
        "edition": ed,
        "counting": "distinct commodities"
        if count == "commodities"
        else "production lines (mine, refinery...)",
        "lines": "mine production only" if lines == "mine" else "any production line",
        "threshold": "rank 1-10",
    }
    sens = []
    for e in sorted(cat.editions):
        if e == 2022:
            continue  # the 2022 release held covers 12 commodities only
        for c, label in (("commodities", "commodities"), ("lines", "production lines")):
            sens.append(
                Sensitivity(
                    f"MCS {e}, {label}, any line", str(top10_count(cat, edition=e, count=c)[0])
                )
            )
        sens.append(
            Sensitivity(
                f"MCS {e}, commodities, mine production only",
                str(top10_count(cat, edition=e, lines="mine")[0]),
            )
        )
    if n >= stated:
        verdict = SUPPORTED if n - stated <= 2 else PARTLY
    else:
        verdict = PARTLY if stated - n <= 2 else NOT_SUPPORTED
    exact = [s.definition for s in sens if s.result == str(stated)]
    reason = (
        f"Mexico ranks 1-10 among the countries USGS lists in {n} "
        f"{'commodities' if count == 'commodities' else 'production lines'} ({ed}). "
        f"The claim's {stated} is {'within two of' if abs(n - stated) <= 2 else 'far from'}"
        " that count. The count moves with the edition and with what is counted"
        + (f"; exactly {stated} on: {'; '.join(exact)}." if exact else ".")
    )
    return ClaimResult(
        "top10",
        "Mexico is among the world's top 10 producers of 16 minerals.",
        verdict,
        f"{n}: " + ", ".join(names),
        reason,
        defs,
        sens,
        sorted(sources),
        ["USGS lists only the main producers; a rank is among listed countries."],
    )


@dataclass(frozen=True)
class Claim:
    """One claim the checker tests: read by the CLI, the claim checker page, the self-test and
    the tests. ``compute(data, **definitions)`` takes only the definitions it names."""

    id: str
    statement: str
    compute: Callable[..., ClaimResult]
    definitions: tuple[str, ...] = ()  # year, include_precious, edition, count, lines, ...


CLAIMS: dict[str, Claim] = {}


def register_claim(claim: Claim) -> Claim:
    """Add a claim (its id must be new)."""
    if claim.id in CLAIMS:
        raise ValueError(f"claim {claim.id!r} is registered already")
    CLAIMS[claim.id] = claim
    return claim


def check_claims(data: TradeData, ids=None, **definitions) -> list[ClaimResult]:
    """Every registered claim (or those named) under the definitions given; a definition a
    claim does not take is ignored, and None means the claim's default."""
    results = []
    for claim in CLAIMS.values():
        if ids is not None and claim.id not in ids:
            continue
        kw = {k: v for k, v in definitions.items() if k in claim.definitions and v is not None}
        results.append(claim.compute(data, **kw))
    return results


def all_claims(data: TradeData) -> list[ClaimResult]:
    """Every claim under its default definitions."""
    return check_claims(data)


register_claim(
    Claim(
        "us-share",
        "The U.S. takes 52% of Mexico's mineral exports",
        claim_us_share,
        ("year", "include_precious"),
    )
)
register_claim(
    Claim(
        "products",
        "Mexico exports 52 mineral products to the U.S., including 12 rare earths",
        claim_products,
        ("year",),
    )
)
register_claim(
    Claim(
        "top10",
        "Mexico is a top-10 world producer of 16 minerals",
        lambda data, **kw: claim_top10(data.catalog, **kw),
        ("edition", "count", "lines"),
    )
)
