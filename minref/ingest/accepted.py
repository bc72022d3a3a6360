"""Audit findings reviewed and accepted, each with its reason (written to db/audit_accepted.csv).

``minref catalog audit`` fails on any finding not listed here.  A unit finding is accepted
only when one country moves while the rest of its table agrees from edition to edition,
so that the jump is USGS's revision of that country's figure, not a unit slip (a unit
slip moves every country of the table and is fixed in :mod:`minref.ingest.errata`).
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

_REVISION = (
    "Only this country moves between the editions ({old} -> {new}); the rest of the table "
    "agrees, so this is USGS's revision of the figure, not a unit slip. Kept as published."
)

# (check, edition, commodity_id, subject, reason)
ACCEPTED: tuple[tuple[str, int | None, str, str, str], ...] = (
    ("unit", 2026, "antimony", "production: KAZ", _REVISION.format(old="40 t", new="800 t")),
    ("unit", 2026, "antimony", "production: KGZ", _REVISION.format(old="20 t", new="700 t")),
    ("unit", 2024, "beryllium", "production: BRA", _REVISION.format(old="3 t", new="40 t")),
    ("unit", 2026, "beryllium", "production: NGA", _REVISION.format(old="1 t", new="40 t")),
    (
        "unit",
        2024,
        "garnet",
        "reserves: CHN",
        _REVISION.format(old="2,200,000 t", new="37,000,000 t"),
    ),
    ("unit", 2023, "graphite", "production: TZA", _REVISION.format(old="150 t", new="8,000 t")),
    (
        "unit",
        2024,
        "graphite",
        "reserves: TUR",
        _REVISION.format(old="90,000,000 t", new="6,900,000 t"),
    ),
    ("unit", 2024, "gypsum", "reserves: PAK", _REVISION.format(old="6,000 kt", new="760,000 kt")),
    ("unit", 2024, "gypsum", "reserves: THA", _REVISION.format(old="1,700 kt", new="910,000 kt")),
    ("unit", 2026, "mercury", "production: NOR", _REVISION.format(old="20 t", new="1 t")),
    ("unit", 2026, "mercury", "production: TJK", _REVISION.format(old="100 t", new="4 t")),
    (
        "unit",
        2026,
        "rhenium",
        "reserves: CHN",
        _REVISION.format(old="19,000 kg", new="200,000 kg"),
    ),
    (
        "unit",
        2024,
        "soda-ash",
        "reserves: BWA",
        _REVISION.format(old="400,000 kt", new="16,000 kt"),
    ),
    ("unit", 2025, "tantalum", "production: BDI", _REVISION.format(old="36 t", new="1-2 t")),
    ("unit", 2024, "tellurium", "production: UZB", _REVISION.format(old="50 t", new="3 t")),
    (
        "unit",
        2024,
        "zeolites",
        "production: GEO",
        _REVISION.format(old="130,000 t", new="5,000 t"),
    ),
    (
        "unit",
        2026,
        "zeolites",
        "production: GEO",
        _REVISION.format(old="5,000 t", new="240,000 t"),
    ),
    ("unit", 2024, "zeolites", "production: JOR", _REVISION.format(old="12,000 t", new="1,000 t")),
    (
        "unit",
        2024,
        "zinc",
        "reserves: AUS",
        "The MCS 2023 data file reads 1,166,000 (thousand t) for Australia, more than five "
        "times the world total it sits under (210,000); MCS 2024 reads 64,000. Most likely a "
        "slip in the 2023 release, but no published correction is held: kept as published "
        "(no rank or share is affected in the newest edition).",
    ),
    (
        "headline",
        None,
        "diamond-industrial",
        "net import reliance",
        "The world table covers natural industrial diamond of every grade, which matches "
        "neither U.S. salient block (bort, grit, dust and powder; stones). The headline names "
        "its block and the other block's line follows in the salient table.",
    ),
    (
        "headline",
        None,
        "quartz",
        "net import reliance",
        "USGS publishes no world table for quartz crystal: the page has no basis product. The "
        "headline names its block (ground high-purity quartz or cultured quartz crystal).",
    ),
)


_BORON = (
    "Boron: each country's reserves are stated in its own form (boric oxide equivalent, "
    "crude ore, refined borates, ulexite...), which are not comparable, and USGS gives no "
    "world total; the forms stay apart and unranked (as USGS's own table does not rank them)."
)
ACCEPTED += tuple(
    ("ranked-once", 2026, "boron", f"reserves: Reserves—{form}", _BORON)
    for form in (
        "boric oxide equivalent",
        "compounds",
        "crude borates",
        "crude ore",
        "datolite ore",
        "refined borates",
        "ulexite",
    )
)


def accepted_rows() -> list[dict]:
    """The rows of db/audit_accepted.csv."""
    return [
        {"audit_check": c, "edition": e, "commodity_id": cid, "subject": s, "reason": r}
        for c, e, cid, s, r in ACCEPTED
    ]
