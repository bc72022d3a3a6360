"""Known corrections to the USGS tables, applied at refresh and kept in db/errata.csv.

Two kinds:

* ``value``: USGS corrected a figure after the data release (MCS 2026 v1.3 corrected
  Brazil's rare-earth reserves).  The corrected figure is shown and ranked, flagged
  ``corrected``; the old raw text stays in the note and in the errata table.
* ``unit``: the unit a release states for a whole column contradicts the file's own notes
  and the neighbouring editions (a ×1000 slip in a header or UNIT_MEAS).  The unit is
  replaced; the raw unit text stays in the note.

Each entry names its evidence.  The audit (``minref catalog audit``) accepts a unit jump
between editions only when it is listed here or in the accepted findings.
"""

from __future__ import annotations

import logging

from minref.catalog.flags import CORRECTED, CORRECTED_NOTE, ESTIMATED, ROUNDED, UNIT_CORRECTED_NOTE

from .cells import merge_flags, parse_cell

logger = logging.getLogger(__name__)

T = "metric tons"
KT = "thousand metric tons"
MT = "million metric tons"
KG = "kilograms"

# (commodity_id, edition, measure, unit as read, unit meant, evidence)
UNIT_ERRATA: tuple[tuple[str, int, str, str, str, str], ...] = (
    (
        "vanadium",
        2023,
        "reserves",
        T,
        KT,
        "MCS 2024 gives the same reserves as thousand metric tons (Reserves_kt) and MCS 2025 "
        "notes 'Reserve data is thousand metric tons'; header Reserves_t is a slip",
    ),
    (
        "vanadium",
        2026,
        "reserves",
        T,
        KT,
        "Same reserves as MCS 2024 (Reserves_kt) and MCS 2025 ('Reserve data is thousand "
        "metric tons'); the table's unit is the production unit",
    ),
    (
        "iron-ore",
        2025,
        "reserves",
        KT,
        MT,
        "MCS 2024 and 2026 give the same reserves in million metric tons; UNIT_MEAS is the "
        "production unit",
    ),
    (
        "titanium-concentrates",
        2025,
        "production",
        T,
        KT,
        "China 3,250 in 2023: MCS 2024 and 2026 give thousand metric tons of TiO2 content",
    ),
    (
        "titanium-concentrates",
        2025,
        "production",
        "",
        KT,
        "Unit cell blank; the rest of the table is thousand metric tons (see above)",
    ),
    (
        "titanium-concentrates",
        2025,
        "reserves",
        T,
        KT,
        "MCS 2024 and 2026 give the same reserves in thousand metric tons",
    ),
    (
        "titanium-concentrates",
        2025,
        "reserves",
        "",
        KT,
        "Unit cell blank; the rest of the table is thousand metric tons",
    ),
    (
        "sand-gravel-industrial",
        2025,
        "production",
        T,
        KT,
        "U.S. 130,000 in 2024: MCS 2024 and 2026 give thousand metric tons",
    ),
    (
        "chromium",
        2023,
        "production",
        T,
        KT,
        "South Africa 18,600 in 2021: MCS 2024-2026 give thousand metric tons (gross weight)",
    ),
    (
        "rhenium",
        2023,
        "reserves",
        KT,
        KG,
        "U.S. 400,000: MCS 2024-2026 give the same reserves in kilograms",
    ),
    (
        "selenium",
        2024,
        "reserves",
        KT,
        T,
        "Header Reserves_kt; MCS 2023 and 2025 give the same reserves in metric tons",
    ),
    (
        "talc",
        2024,
        "reserves",
        T,
        KT,
        "Header Reserves_t; MCS 2023, 2025 and 2026 give the same reserves in thousand metric tons",
    ),
)

# (commodity_id, edition, measure, country_label, year, old raw, new raw, source, date)
VALUE_ERRATA: tuple[tuple[str, int, str, str, int, str, str, str, str], ...] = (
    (
        "rare-earths",
        2026,
        "reserves",
        "Brazil",
        2025,
        "21,000,000",
        "11,000,000",
        "USGS, Mineral Commodity Summaries 2026, version 1.3 (2026-05-27), Rare earths, "
        "world mine production and reserves",
        "2026-05-27",
    ),
    (
        "rare-earths",
        2026,
        "reserves",
        "World total",
        2025,
        ">85,000,000",
        ">75,000,000",
        "USGS, Mineral Commodity Summaries 2026, version 1.3 (2026-05-27), Rare earths, "
        "world mine production and reserves",
        "2026-05-27",
    ),
)


def errata_rows() -> list[dict]:
    """The rows of db/errata.csv."""
    out = []
    for cid, ed, measure, old, new, why in UNIT_ERRATA:
        out.append(
            {
                "kind": "unit",
                "source_id": f"usgs-mcs-{ed}",
                "edition": ed,
                "commodity_id": cid,
                "measure": measure,
                "country_label": "",
                "year": None,
                "old_raw": old,
                "new_raw": new,
                "correction_source": why,
                "date": "",
            }
        )
    for cid, ed, measure, country, year, old, new, src, date in VALUE_ERRATA:
        out.append(
            {
                "kind": "value",
                "source_id": f"usgs-mcs-{ed}",
                "edition": ed,
                "commodity_id": cid,
                "measure": measure,
                "country_label": country,
                "year": year,
                "old_raw": old,
                "new_raw": new,
                "correction_source": src,
                "date": date,
            }
        )
    return out


def apply_errata(world: list[dict]) -> dict:
    """Apply the unit and value corrections to world rows in place; returns counts."""
    stats = {"units_fixed": 0, "values_corrected": 0}
    units = {(c, e, m, old): (new, why) for c, e, m, old, new, why in UNIT_ERRATA}
    values = {
        (c, e, m, country, y): (old, new, src)
        for c, e, m, country, y, old, new, src, _ in VALUE_ERRATA
    }
    used = set()
    for r in world:
        k = (r["commodity_id"], r["edition"], r["measure"], r["unit"])
        if k in units:
            new, why = units[k]
            r["note"] = " ".join(
                filter(
                    None,
                    [UNIT_CORRECTED_NOTE.format(old=r["unit"] or "blank", why=why), r["note"]],
                )
            )
            r["unit"] = new
            stats["units_fixed"] += 1
            used.add(("unit", k))
        vk = (r["commodity_id"], r["edition"], r["measure"], r["country_label"], r["year"])
        if vk in values:
            old, new, src = values[vk]
            if r["raw"] != old:
                raise ValueError(f"erratum for {vk}: source now reads {r['raw']!r}, not {old!r}")
            cell = parse_cell(new)
            # The line's marks stay (estimated, rounded); the cell's own flags are the new cell's.
            keep = [f for f in r["flags"].split() if f in (ESTIMATED, ROUNDED)]
            r.update(
                value=cell.value,
                low=cell.low,
                high=cell.high,
                raw=cell.raw,
                flags=merge_flags(cell.flags, keep, (CORRECTED,)),
                note=" ".join(filter(None, [CORRECTED_NOTE.format(old=old, where=src), r["note"]])),
            )
            stats["values_corrected"] += 1
            used.add(("value", vk))
    for k in units:
        if ("unit", k) not in used:
            logger.warning("unit erratum matched no row: %s", k)
    for k in values:
        if ("value", k) not in used:
            raise ValueError(f"erratum matched no row: {k}")
    return stats
