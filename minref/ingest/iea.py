"""Reader for the IEA Critical Minerals Outlook 2024 (Data Explorer), as restructured JSON.

The file nests series as ``{"2024": v, "STEPS": {"2030": v, ...}, "APS": ..., "NZE": ...}``:
the base year has no scenario, projections are per scenario.  Its top-level keys:

* ``totalDemand``: mineral -> ``sectors`` (clean-energy sectors) plus ``totalClean``,
  ``otherUses``, ``totalDemand`` and ``cleanShare`` (a 0-1 fraction).
* ``supply``: mineral -> ``mining`` / ``refining`` -> ``countries``, ``total``,
  ``top3Share`` (a 0-1 fraction); base-case projections, no scenario.  Two footnotes
  are stored in the file as if they were countries; they become the rows' note.
* ``cleantechByTech``: mineral -> ``sectors`` plus ``total``.
* ``cleantechByMineral``: mineral -> one series (clean-energy demand).
* ``byTechnology``: technology -> ``minerals`` -> series ("Total EV" etc. are totals).

The file states no units (the IEA Data Explorer reports these volumes in kilotonnes);
``unit`` is therefore left empty, and shares are labelled in ``note``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

logger = logging.getLogger(__name__)

SOURCE_ID = "iea-critical-minerals-2024"
IEA_FILE = Path("iea") / "iea_critical_minerals_outlook_2024_restructured.json"
DATASETS = ("totalDemand", "supply", "cleantechByTech", "cleantechByMineral", "byTechnology")
SCENARIOS = ("STEPS", "APS", "NZE")

SHARE_NOTE = "fraction of the total (0-1)"
TOTAL_ITEMS = {
    "totalClean": "Clean energy technologies",
    "otherUses": "Other uses",
    "totalDemand": "Total demand",
    "cleanShare": "Clean energy technologies",
}
SUPPLY_ITEMS = {"total": "Total", "top3Share": "Top 3 countries"}


def _load(data_dir: Path) -> dict:
    """The parsed JSON file."""
    with (Path(data_dir) / IEA_FILE).open(encoding="utf-8") as fh:
        return json.load(fh)


def iea_source_text(data_dir: Path) -> str:
    """The file's own ``source`` statement (attribution and licence)."""
    return str(_load(data_dir).get("source", "")).strip()


def _series(series: dict) -> Iterator[tuple[str, int, float | None]]:
    """(scenario, year, value) for a series; the base year has scenario ""."""
    for key, value in series.items():
        if key in SCENARIOS:
            for year, v in value.items():
                yield key, int(year), _number(v)
        elif key.isdigit():
            yield "", int(key), _number(value)
        else:
            raise ValueError(f"unexpected key {key!r} in an IEA series")


def _number(value: object) -> float | None:
    """A JSON number as float; None stays None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"not a number: {value!r}")
    return float(value)


def _rows(
    dataset: str, mineral: str, category: str, item: str, series: dict, note: str = ""
) -> list[dict]:
    """Rows of the iea_outlook table for one series."""
    return [
        {
            "source_id": SOURCE_ID,
            "dataset": dataset,
            "mineral": mineral,
            "scenario": scenario,
            "category": category,
            "item": item,
            "year": year,
            "value": value,
            "unit": "",
            "note": note,
        }
        for scenario, year, value in _series(series)
    ]


def _is_note(series: dict) -> bool:
    """True for a footnote stored as a country (all its values are null)."""
    return all(v is None for v in series.values())


def _supply_note(data: dict) -> str:
    """The footnotes the supply block carries in place of countries, joined."""
    notes: list[str] = []
    for by_stage in data.values():
        for stage in by_stage.values():
            for label, series in stage.get("countries", {}).items():
                if _is_note(series):
                    text = label.removeprefix("Notes:").strip()
                    if text not in notes:
                        notes.append(text)
    return " ".join(notes)


def iea_rows(data_dir: Path) -> list[dict]:
    """iea_outlook rows flattened from the five datasets of the restructured JSON."""
    data = _load(data_dir)
    unknown = set(data) - set(DATASETS) - {"source"}
    if unknown:
        logger.warning("IEA file: keys not ingested: %s", sorted(unknown))
    rows: list[dict] = []

    for mineral, block in data["totalDemand"].items():
        for key, value in block.items():
            if key == "sectors":
                for sector, series in value.items():
                    rows += _rows("totalDemand", mineral, "sector", sector, series)
            elif key in TOTAL_ITEMS:
                share = key == "cleanShare"
                rows += _rows(
                    "totalDemand",
                    mineral,
                    "share" if share else "total",
                    TOTAL_ITEMS[key],
                    value,
                    SHARE_NOTE if share else "",
                )
            else:
                raise ValueError(f"unexpected totalDemand key {key!r}")

    supply_note = _supply_note(data["supply"])
    for mineral, by_stage in data["supply"].items():
        for stage, block in by_stage.items():
            for key, value in block.items():
                if key == "countries":
                    for country, series in value.items():
                        if not _is_note(series):
                            rows += _rows("supply", mineral, stage, country, series, supply_note)
                elif key in SUPPLY_ITEMS:
                    note = f"{SHARE_NOTE}. {supply_note}" if key == "top3Share" else supply_note
                    rows += _rows("supply", mineral, stage, SUPPLY_ITEMS[key], value, note)
                else:
                    raise ValueError(f"unexpected supply key {key!r}")

    for mineral, block in data["cleantechByTech"].items():
        for key, value in block.items():
            if key == "sectors":
                for sector, series in value.items():
                    rows += _rows("cleantechByTech", mineral, "sector", sector, series)
            elif key == "total":
                rows += _rows(
                    "cleantechByTech", mineral, "total", "Clean energy technologies", value
                )
            else:
                raise ValueError(f"unexpected cleantechByTech key {key!r}")

    for mineral, series in data["cleantechByMineral"].items():
        rows += _rows("cleantechByMineral", mineral, "total", "Clean energy technologies", series)

    for technology, block in data["byTechnology"].items():
        for mineral, series in block["minerals"].items():
            if mineral.lower().startswith("total"):
                rows += _rows(
                    "byTechnology", "", "total", technology, series, f"source label: {mineral}"
                )
            else:
                rows += _rows("byTechnology", mineral, "technology", technology, series)
    return rows
