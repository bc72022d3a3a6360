"""Readers for the small reference tables: HS nomenclature, critical-mineral lists,
the rare earth elements and the commodity-to-HS crosswalk."""

from __future__ import annotations

import csv
import logging
import re
from pathlib import Path

from minref.ingest.commodities import BY_ID, commodity_for_mcs_code, resolve_commodity
from minref.ingest.sources import critical_list_source_id

logger = logging.getLogger(__name__)

HS_SOURCE_ID = "hs-2022"
REE_SOURCE_ID = "minref-rare-earth-elements"
CROSSWALK_SOURCE_ID = "minref-commodity-hs-crosswalk"

HS_FILE = Path("hs_nomenclature") / "harmonized-system.csv"
HS_SECTIONS_FILE = Path("hs_nomenclature") / "sections.csv"
LISTS_FILE = Path("critical_minerals") / "critical_mineral_lists.csv"
REE_FILE = Path("reference") / "rare_earth_elements.csv"
CROSSWALK_FILE = Path("reference") / "commodity_hs_crosswalk.csv"

LIST_LICENCE = "Facts compiled for minref from official publications"

# The body that issues each jurisdiction's list.
LIST_ORGANISATIONS = {
    "United States": "U.S. Department of the Interior / USGS",
    "European Union": "European Union (European Parliament and Council)",
    "Canada": "Natural Resources Canada",
    "Australia": "Australian Government, Department of Industry, Science and Resources",
}


def _read_csv(path: Path) -> list[dict[str, str]]:
    """Read a UTF-8 CSV (BOM stripped) into dicts with stripped header names."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        reader.fieldnames = [(name or "").strip() for name in reader.fieldnames or []]
        return [{k: (v or "") for k, v in row.items() if k} for row in reader]


def _float(text: str) -> float | None:
    text = text.strip()
    return float(text) if text else None


def _int(text: str) -> int | None:
    text = text.strip()
    return int(text) if text else None


def hs_digits(code: str) -> str:
    """An HS code as digits only: "2606.00" -> "260600"."""
    return re.sub(r"\D", "", code)


def hs_section_rows(data_dir: Path) -> list[dict]:
    """Rows of ``hs_sections`` from sections.csv."""
    rows = []
    for r in _read_csv(Path(data_dir) / HS_SECTIONS_FILE):
        rows.append(
            {"section": r["section"].strip(), "name": r["name"].strip(), "source_id": HS_SOURCE_ID}
        )
    return rows


def hs_code_rows(data_dir: Path) -> list[dict]:
    """Rows of ``hs_codes`` from harmonized-system.csv (chapters get an empty parent).

    The file's last line, code "TOTAL" (level 5, "Total of all HS2022
    commodities"), is not an HS code and is skipped.  Comtrade's 99/9999/999999
    "not specified" codes carry section "TOTAL", which is no HS section; their
    section is stored blank.
    """
    rows = []
    for r in _read_csv(Path(data_dir) / HS_FILE):
        code = r["hscode"].strip()
        if not code.isdigit():
            logger.info("hs codes: skipping non-code row %r", code)
            continue
        parent = r["parent"].strip()
        section = r["section"].strip()
        rows.append(
            {
                "hs_code": code,
                "level": int(r["level"]),
                "parent": "" if parent.upper() == "TOTAL" else parent,
                "section": "" if section.upper() == "TOTAL" else section,
                "description": r["description"].strip(),
                "source_id": HS_SOURCE_ID,
            }
        )
    return rows


# How each list's membership was compiled, in user terms (shown with the source); the
# researcher's own verification notes go to ``curation_notes`` (catalog info --verbose).
LIST_NOTES = {
    "US-2022": "Members as listed by USGS in the Mineral Commodity Summaries 2025 data table "
    "of the 50 critical minerals (table T4).",
    "US-2025": "Compiled from the Federal Register notice of 2025-11-07 as summarised by "
    "several independent published summaries; the notice text itself was not consulted.",
    "US-2025-DRAFT": "Compiled from published summaries of the draft notice (90 FR 41591, "
    "2025-08-26). Superseded by the final 2025 list.",
    "EU-CRM-2023": "Compiled from Regulation (EU) 2024/1252, Annex II, as summarised by "
    "Statistics Netherlands (CBS) and a published summary of the Act.",
    "EU-SRM-2023": "Compiled from Regulation (EU) 2024/1252, Annex I, as summarised by a "
    "published summary listing all 17.",
    "CA-2024": "The three 2024 additions are as reported by published summaries of Natural "
    "Resources Canada's 2024 update; the other 31 names are those of the 2021 list and were "
    "not checked against NRCan's own text.",
    "AU-CML-2024": "As listed by the Australian Government in its 2024-02-20 update, checked "
    "against the industry.gov.au page and the IEA policy database.",
    "AU-SML-2024": "As listed by the Australian Government in its 2024-02-20 update, checked "
    "against the industry.gov.au page and the IEA policy database.",
}


def critical_list_rows(data_dir: Path) -> tuple[list[dict], list[dict], list[dict]]:
    """Rows of ``critical_lists``, ``critical_list_members`` and their ``sources``."""
    lists: dict[str, dict] = {}
    sources: dict[str, dict] = {}
    members: list[dict] = []
    for r in _read_csv(Path(data_dir) / LISTS_FILE):
        list_id = r["list_id"].strip()
        source_id = critical_list_source_id(list_id)
        if list_id not in lists:
            year = _int(r["list_year"])
            lists[list_id] = {
                "list_id": list_id,
                "jurisdiction": r["jurisdiction"].strip(),
                "list_name": r["list_name"].strip(),
                "list_year": year,
                "status": r["status"].strip(),
                "authority": r["source"].strip(),
                "verification": r["verification"].strip(),
                "source_id": source_id,
            }
            sources[list_id] = {
                "source_id": source_id,
                "organisation": LIST_ORGANISATIONS.get(
                    r["jurisdiction"].strip(), r["jurisdiction"].strip()
                ),
                "dataset": r["list_name"].strip(),
                "edition": f"{r['list_year'].strip()} {r['status'].strip()}".strip(),
                "year": year,
                "doi": "",
                "url": _official_url(r["source"]),
                "licence": LIST_LICENCE,
                "attribution": r["source"].strip(),
                "retrieved": "",
                "files": LISTS_FILE.as_posix(),
                "notes": LIST_NOTES.get(list_id, ""),
                "curation_notes": r["verification"].strip(),
            }
        mineral = r["mineral"].strip()
        commodity_id = resolve_commodity(mineral)
        if commodity_id is None:
            logger.warning("critical list %s: mineral %r has no commodity", list_id, mineral)
        members.append(
            {
                "list_id": list_id,
                "mineral": mineral,
                "commodity_id": commodity_id or "",
                "category": r["category"].strip(),
                "source_id": source_id,
            }
        )
    members.extend(group_member_rows(data_dir, members))
    return list(lists.values()), members, list(sources.values())


PGM_MEMBERS = ("platinum", "palladium", "rhodium", "iridium", "ruthenium", "osmium")


def group_member_rows(data_dir: Path, members: list[dict]) -> list[dict]:
    """A group entry of a list ("Light rare earth elements", "Platinum group metals",
    "Bauxite/alumina/aluminium") applies to each of its members: one row per member, named
    after the group, so that an element's or a metal's page shows the list."""
    by_symbol = {c.symbols: c.commodity_id for c in BY_ID.values() if c.is_rare_earth and c.symbols}
    eu_class: dict[str, str] = {}
    for r in _read_csv(Path(data_dir) / REE_FILE):
        eu_class[r["symbol"].strip()] = r["class_eu_crm_convention"].strip().lower()
    all_ree = [s for s in eu_class if s in by_symbol]
    out = []
    for m in members:
        name = m["mineral"]
        low = name.lower()
        if low.startswith("light rare earth"):
            symbols = [s for s in all_ree if eu_class[s] == "light"]
        elif low.startswith("heavy rare earth"):
            symbols = [s for s in all_ree if eu_class[s] == "heavy"]
        elif "permanent magnets" in low:
            symbols = re.findall(r"\b([A-Z][a-z]?)\b", name[name.find("(") :])
        elif low.replace("-", " ") in ("rare earth elements",):
            symbols = all_ree
        elif "platinum" in low and "group" in low:
            symbols = None
            ids = list(PGM_MEMBERS)
        elif low == "bauxite/alumina/aluminium":
            symbols = None
            ids = ["alumina", "aluminum"]
        else:
            continue
        if symbols is not None:
            ids = [by_symbol[s] for s in symbols if s in by_symbol]
        for cid in ids:
            if cid not in BY_ID or cid == m["commodity_id"]:
                continue
            out.append(
                {
                    "list_id": m["list_id"],
                    "mineral": f"{name}: {BY_ID[cid].name_en}",
                    "commodity_id": cid,
                    "category": f"member of the listed group '{name}'",
                    "source_id": m["source_id"],
                }
            )
    return out


def _official_url(source_text: str) -> str:
    """The EU ELI address when the source text quotes one; otherwise blank."""
    m = re.search(r"http://data\.europa\.eu/eli/[\w/]+", source_text)
    return m.group(0) if m else ""


def rare_earth_element_rows(data_dir: Path) -> list[dict]:
    """Rows of ``rare_earth_elements`` with Spanish and French names from commodities."""
    rows = []
    for r in _read_csv(Path(data_dir) / REE_FILE):
        name = r["name"].strip()
        commodity = BY_ID.get(name.lower())
        rows.append(
            {
                "atomic_number": int(r["atomic_number"]),
                "symbol": r["symbol"].strip(),
                "name_en": name,
                "name_es": commodity.name_es if commodity else "",
                "name_fr": commodity.name_fr if commodity else "",
                "atomic_weight": _float(r["atomic_weight"]),
                "crust_abundance_mg_per_kg": _float(r["crust_abundance_mg_per_kg"]),
                "element_group": r["group"].strip(),
                "class_usgs": r["class_usgs_convention"].strip(),
                "class_eu": r["class_eu_crm_convention"].strip(),
                "on_us_2022_list": r["on_us_2022_list"].strip(),
                "eu_magnet_ree": r["eu_magnet_ree"].strip(),
                "note": r["note"].strip(),
                "source_id": REE_SOURCE_ID,
            }
        )
    return rows


def commodity_hs_rows(data_dir: Path) -> list[dict]:
    """Rows of ``commodity_hs`` from the crosswalk; the note keeps the label's qualifier."""
    rows = []
    for r in _read_csv(Path(data_dir) / CROSSWALK_FILE):
        label = r["commodity"].strip()
        commodity_id = resolve_commodity(label) or commodity_for_mcs_code(r["mcs_code"].strip())
        if commodity_id is None:
            logger.warning("crosswalk: commodity %r has no commodity id", label)
        qualifier = re.search(r"\(([^()]*)\)\s*$", label)
        rows.append(
            {
                "commodity_id": commodity_id or "",
                "hs_code": hs_digits(r["hs_code"]),
                "hs_level": int(r["hs_level"]),
                "note": qualifier.group(1).strip() if qualifier else "",
                "source_id": CROSSWALK_SOURCE_ID,
            }
        )
    return rows
