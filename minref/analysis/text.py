"""Plain-text renderings of catalog answers for the terminal."""

from __future__ import annotations

from minref.analysis.profile import CommodityReport
from minref.catalog.models import CountryStanding, Figure, SourceRef, TradeFlow, format_number


def fig(f: Figure | None) -> str:
    """A figure with its flags, as printed in the terminal."""
    if f is None:
        return "not held"
    text = f.display()
    if f.flags:
        text += " [" + ", ".join(f.flags) + "]"
    return text


FLAG_MARKS = {"estimated": "e", "revised": "r"}
SALIENT_LABELS = {
    "production": "Production",
    "imports": "Imports",
    "exports": "Exports",
    "consumption": "Consumption",
    "price": "Price",
    "net_import_reliance": "Net import reliance",
    "stocks": "Stocks",
    "shipments": "Shipments",
    "employment": "Employment",
    "other": "Other",
}


def lists_held_text(cat) -> str:
    """The critical-mineral lists the catalog holds, from the data: "United States 2022, 2025;
    European Union 2023; …" (drafts left out)."""
    years: dict[str, list[str]] = {}
    for _list_id, jurisdiction, year in cat.final_lists():
        ys = years.setdefault(jurisdiction, [])
        if str(year) not in ys:
            ys.append(str(year))
    return "; ".join(f"{j} {', '.join(ys)}" for j, ys in years.items())


def import_sources_heading(cat, shares) -> str:
    """The heading of the import-share lines, edition and period taken from the rows."""
    periods = sorted({s.period for _c, _n, s in shares} - {""})
    ids = {s.figure.source_id for _c, _n, s in shares}
    editions = ", ".join(sorted(cat.sources[i].edition for i in ids if i in cat.sources))
    return f"Share of U.S. imports (USGS {editions}, {', '.join(periods)} average):"


def salient_label(statistic: str, detail: str) -> str:
    """ "Production: Mine", not "Production: Production: Mine" (MCS 2026 repeats it)."""
    label = SALIENT_LABELS.get(statistic, statistic.replace("_", " ").capitalize())
    if not detail:
        return label
    if detail.lower().startswith(label.lower()) or detail.lower().startswith(
        statistic.replace("_", " ")
    ):
        return detail
    return f"{label}: {detail}"


def figure_text(f: Figure | None) -> str:
    """A figure as shown in tables on screen and paper: the number with "e" for an
    estimate, or the source's own code ("W", "NA", ">95")."""
    if f is None:
        return ""
    text = f.display()
    marks = "".join(FLAG_MARKS[x] for x in f.flags if x in FLAG_MARKS)
    return f"{text} {marks}" if marks and f.value is not None else text


def percent_text(fig: Figure) -> str:
    """A percentage figure for a card: '77%', '>95%', or USGS's code ('E', 'W', 'NA')."""
    if fig.value is not None:
        return f"{fig.display()}%"
    if fig.raw.strip().lower() == "s":
        return "s (see note)"  # USGS's "s": too small to show, or explained in the note
    if fig.low is not None or fig.high is not None:
        return f"{fig.raw.rstrip('%')}%"
    return fig.raw or "n/a"


def pct(value: float | None) -> str:
    """A share for display: one decimal, and "<0.1%" rather than a misleading 0.0%."""
    if value is None:
        return "n/a"
    if 0 < value < 0.05:
        return "<0.1%"
    if 99.95 <= value < 100.05 and value != 100:
        return "≈100%"  # a share of a rounded world total
    return f"{value:.1f}%"


def print_commodity(r: CommodityReport) -> None:
    p = r.profile
    print(f"{p.name_en}  ({p.name_es} / {p.name_fr})   id: {p.commodity_id}")
    if p.critical_lists:
        print("Critical lists: " + ", ".join(f"{m.list_id} ({m.status})" for m in p.critical_lists))
    k = r.key_facts
    print(f"\nKey facts ({k.production_basis}; rank among countries listed by USGS)")
    if k.mexico_production:
        m = k.mexico_production
        print(
            f"  Mexico: {fig(m.figure)} {r.world_production.unit}, rank {m.rank or '—'}, "
            f"share of world {pct(m.share_pct)}"
        )
    else:
        print("  Mexico: not listed by USGS for this table")
    if k.leader:
        print(
            f"  Leading producer: {k.leader.country_name} {fig(k.leader.figure)} "
            f"({pct(k.leader.share_pct)})"
        )
    if k.us_net_import_reliance:
        print(
            f"  U.S. net import reliance {k.us_net_import_reliance.year}: "
            f"{fig(k.us_net_import_reliance)} %"
        )
    for s in k.mexico_share_of_us_imports:
        print(f"  Mexico's share of U.S. imports {s.period} ({s.detail}): {fig(s.figure)} %")
    for table in (r.world_production, r.reserves):
        if not table.rows:
            continue
        print(
            f"\nWorld {table.measure}, {table.type}, {table.year} ({table.unit}; "
            f"MCS {table.edition})"
        )
        for row in table.rows:
            print(
                f"  {row.rank or '':>3} {row.country_name[:32]:32} {fig(row.figure):>24} "
                f"{pct(row.share_pct):>7}"
            )
        if table.world_total:
            print(f"      {'World total':32} {fig(table.world_total):>24}")
    if r.us_salient.rows:
        print(f"\nU.S. salient statistics (MCS {r.us_salient.edition})")
        for row in r.us_salient.rows:
            print(
                f"  {row.statistic:20} {row.detail[:28]:28} {row.figure.year} "
                f"{fig(row.figure):>18} {row.figure.unit}"
            )
    print("\nSources:")
    for s in r.sources:
        print(f"  [{s.source_id}] {s.citation()}")


def print_country(s: CountryStanding, catalog) -> None:
    print(f"{s.name_en} ({s.iso3}) — {s.name_es}")
    print("Rank among countries listed by USGS, latest edition per commodity:")
    for e in s.entries:
        print(
            f"  {e.commodity_name[:24]:24} {e.type[:26]:26} {str(e.rank or '—'):>3}/"
            f"{e.listed_countries:<3} {fig(e.figure):>20} {e.unit[:20]:20} {pct(e.share_pct):>7}"
            f"  MCS {e.edition}, {e.year}"
        )
    if s.import_shares:
        print(import_sources_heading(catalog, s.import_shares))
        for _cid, name, src in s.import_shares:
            print(f"  {name[:28]:28} {src.detail[:30]:30} {fig(src.figure)} %")
    print("Sources:")
    for src in s.sources:
        print(f"  [{src.source_id}] {src.citation()}")


def print_trade(flows: list[TradeFlow], sources: list[SourceRef]) -> None:
    if not flows:
        print("no trade rows held for that selection")
    for f in flows:
        value = "n/a" if f.value_usd is None else format_number(f.value_usd)
        when = f"{f.year}" + (
            f"-{f.month:02d}"
            if f.period == "month"
            else f" {f.period}"
            if f.period != "annual"
            else ""
        )
        print(
            f"{when:10} {f.flow:7} {f.reporter_iso3 or '':3} -> {f.partner_label[:24]:24} "
            f"HS {f.hs_code:6} US$ {value:>16} ({f.value_basis})  [{f.source_id}]"
        )
    print("Sources:")
    for s in sources:
        if s:
            print(f"  [{s.source_id}] {s.citation()} — {s.attribution}")
