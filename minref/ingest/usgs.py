"""Readers for the USGS Mineral Commodity Summaries data releases (MCS 2022-2026).

Each edition ships its tables in a different shape:

* MCS 2022 (partial), 2023 and 2024: one salient file and one world file per
  commodity, wide, with the unit and an estimate flag inside each column name
  (``Prod_kt_est_2023``, ``USprod_Mine_t``, ``Reserves_t``).
* MCS 2025: per-commodity salient files and one world file for all commodities.
* MCS 2026: one long table holding salient statistics, world production and
  reserves, and U.S. import sources.
* Industry-trend tables: net import reliance with major import sources (fig. 2)
  and the end uses of critical minerals (table T4).

All readers return rows for the tables in :mod:`minref.catalog.tables`, keeping the
raw cell text beside the parsed number and every USGS code as a flag.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from minref.catalog.flags import BLANK_CODE_NOTE, FAMILY_COPY_NOTE, ROUNDED

from .cells import (
    ESTIMATED,
    INCLUDED_ELSEWHERE,
    NOT_APPLICABLE,
    SMALL,
    Cell,
    clean_text,
    merge_flags,
    parse_cell,
)
from .commodities import BY_ID, commodity_for_mcs_code, resolve_commodity

if TYPE_CHECKING:
    from .countries import PlaceResolver

logger = logging.getLogger(__name__)

EDITIONS = (2022, 2023, 2024, 2025, 2026)

# Unit codes used inside MCS column names, longest first so that suffixes match greedily.
UNIT_CODES: dict[str, str] = {
    "dt dlb (both used)": "dollars per metric ton or dollars per pound (both used)",
    "ctslb": "cents per pound",
    "msqft": "million square feet",
    "index": "index",
    "Index": "index",
    "dtoz": "dollars per troy ounce",
    "mdol": "million dollars",
    "dkg": "dollars per kilogram",
    "dlb": "dollars per pound",
    "dto": "dollars per troy ounce",
    "dct": "dollars per carat",
    "dst": "dollars per short ton",
    "mmt": "million metric tons",
    "mct": "million carats",
    "kct": "thousand carats",
    "mcm": "million cubic meters",
    "num": "number",
    "pct": "percent",
    "dg": "dollars per gram",
    "df": "dollars per flask",
    "dt": "dollars per metric ton",
    "kt": "thousand metric tons",
    "kg": "kilograms",
    "Mt": "million metric tons",
    "mt": "million metric tons",
    "ct": "carats",
    "cm": "cubic meters (as labelled in the source)",
    "um": "number",
    "t": "metric tons",
    "g": "grams",
    "m": "number",
}
_UNIT_ORDER = sorted(UNIT_CODES, key=len, reverse=True)

STATISTICS: dict[str, str] = {
    "usprod": "production",
    "prod": "production",
    "production": "production",
    "extracted": "production",
    "imports": "imports",
    "import": "imports",
    "exports": "exports",
    "export": "exports",
    "consump": "consumption",
    "consumption": "consumption",
    "price": "price",
    "nir": "net_import_reliance",
    "stocks": "stocks",
    "stock": "stocks",
    "employment": "employment",
    "shipments": "shipments",
    "shipment": "shipments",
}


def _read_csv(path: Path) -> list[list[str]]:
    """Rows of a CSV file, BOM removed, trailing empty lines dropped."""
    with path.open(encoding="utf-8-sig", errors="strict", newline="") as fh:
        rows = [row for row in csv.reader(fh)]
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    return [r for r in rows if any(c.strip() for c in r)]


def _read_xlsx(path: Path) -> list[list[str]]:
    """Rows of the workbook's CSV-shaped salient sheet, as text like a CSV would give.

    USGS's MCS 2023 workbooks hold a formatted table, metadata and the CSV-shaped
    table on separate sheets; the one whose first row names ``Year`` is the data.
    """
    import openpyxl  # only needed for the two MCS 2023 workbooks

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            rows = []
            for row in ws.iter_rows(values_only=True):
                cells = ["" if v is None else _xlsx_text(v) for v in row]
                if any(c.strip() for c in cells):
                    rows.append(cells)
            if rows and "Year" in [clean_text(c) for c in rows[0]]:
                return rows
        raise ValueError(f"{path.name}: no sheet with a Year column")
    finally:
        wb.close()


def _xlsx_text(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def file_code(path: Path) -> str:
    """The MCS commodity code in a file name: ``mcs2024-silve_salient.csv`` -> ``silve``."""
    m = re.match(r"mcs\d{4}-?(?P<code>[a-z0-9-]+?)_(salient|world)", path.name.lower())
    if not m:
        raise ValueError(f"not an MCS per-commodity file name: {path.name}")
    return m["code"]


def _commodity(label: str, code: str | None, where: str) -> str:
    cid = resolve_commodity(label) if label else None
    if cid is None and code:
        cid = commodity_for_mcs_code(code)
    if cid is None:
        raise ValueError(f"{where}: unknown commodity {label!r} (file code {code!r})")
    return cid


def split_unit(name: str) -> tuple[str, str]:
    """Split an MCS column name into (stem, unit code).

    ``USprod_Mine_t`` -> (``USprod_Mine``, ``t``).
    """
    if name.startswith("CASE STATEMENT ERROR"):
        # A column whose name USGS's export lost; the unit code survives at its end.
        return "CASE STATEMENT ERROR", name[len("CASE STATEMENT ERROR") :].strip()
    for code in _UNIT_ORDER:
        if name.endswith(code):
            stem = name[: -len(code)]
            if stem == "" or stem.endswith("_") or code == "dt dlb (both used)":
                return stem.rstrip("_ "), code
            # Units glued to the last word (``USprod_Minet``, ``Imports_GaAskg``).
            if len(code) >= 2 or stem[-1:].islower():
                return stem.rstrip("_"), code
    return name, ""


def parse_salient_column(name: str) -> tuple[str, str, str]:
    """(statistic, detail, unit) of a salient-table column name."""
    stem, code = split_unit(name.strip())
    tokens = [t for t in re.split(r"_", stem) if t]
    statistic, detail_tokens = "other", []
    lowered = [t.lower() for t in tokens]
    if "price" in lowered:  # "Prod_Price_index" is a producer price index
        i = lowered.index("price")
        tokens = tokens[i : i + 1] + tokens[:i] + tokens[i + 1 :]
    for i, tok in enumerate(tokens):
        key = tok.lower()
        if key in STATISTICS:
            statistic = STATISTICS[key]
            detail_tokens = tokens[:i] + tokens[i + 1 :]
            break
    else:
        detail_tokens = tokens
    unit = UNIT_CODES.get(code, "")
    if statistic == "net_import_reliance":
        # NIR is a percentage of apparent consumption in every edition, whatever the
        # column says (MCS 2022 labels some NIR columns ``_t``).
        unit = "percent"
    if statistic == "employment":
        unit = "number"
    detail = " ".join(t.replace("-", " ") for t in detail_tokens)
    if "CASE STATEMENT ERROR" in stem:
        detail = "unnamed column (upstream header error)"
    return statistic, detail, unit


_EST_YEAR = re.compile(
    r"estimated(?: in| for)? (\d{4})|(\d{4})(?: is)? (?:also )?estimated|"
    r"production in (\d{4}) is also estimated",
    re.I,
)


def estimated_years(note: str) -> set[int]:
    """Years a USGS note says are estimated ("Estimated in 2021 also.")."""
    years = set()
    for m in _EST_YEAR.finditer(note or ""):
        for g in m.groups():
            if g:
                years.add(int(g))
    return years


def _row_cell(cell: Cell) -> dict:
    return {"value": cell.value, "low": cell.low, "high": cell.high, "raw": cell.raw}


# --------------------------------------------------------------------------- salient


def read_salient_file(path: Path, edition: int) -> Iterator[dict]:
    """Rows of ``us_salient`` from one per-commodity salient file (wide layout)."""
    rows = _read_xlsx(path) if path.suffix.lower() == ".xlsx" else _read_csv(path)
    if not rows:
        return
    header = [clean_text(h) for h in rows[0]]
    try:
        i_year = header.index("Year")
        i_comm = header.index("Commodity")
    except ValueError as exc:
        raise ValueError(f"{path.name}: no Year/Commodity column in header {header}") from exc
    code = file_code(path)
    source_id = f"usgs-mcs-{edition}"
    for r in rows[1:]:
        r = r + [""] * (len(header) - len(r))
        year_text = clean_text(r[i_year])
        if not year_text:
            continue
        if not re.fullmatch(r"\d{4}", year_text):
            logger.warning("%s: skipped a row with year %r", path.name, year_text)
            continue
        year = int(year_text)
        label = clean_text(r[i_comm])
        cid = _commodity(label, code, path.name)
        # MCS convention: the latest year of a salient table is an estimate.
        est = year >= edition - 1
        for j, col in enumerate(header):
            if j in (i_year, i_comm) or not col or col in ("DataSource", "Source"):
                continue
            cell = parse_cell(r[j], estimated=est)
            if cell.is_empty:
                continue
            statistic, detail, unit = parse_salient_column(col)
            yield {
                "source_id": source_id,
                "edition": edition,
                "commodity_id": cid,
                "commodity_label": label,
                "statistic": statistic,
                "detail": detail,
                "year": year,
                "unit": unit,
                **_row_cell(cell),
                "flags": cell.flag_text(),
                "note": f"Column {col}"
                + ("; latest year of the table, estimated by USGS" if est else ""),
            }


def salient_rows(data_dir: Path) -> list[dict]:
    """U.S. salient statistics from the per-commodity files of MCS 2022-2025."""
    out: list[dict] = []
    for edition, folder in _salient_folders(data_dir):
        files = sorted(
            p
            for p in folder.iterdir()
            if p.suffix.lower() in (".csv", ".xlsx") and "_salient" in p.name.lower()
        )
        for path in files:
            out.extend(_dedupe_columns(read_salient_file(path, edition)))
    return out


def _dedupe_columns(rows: Iterator[dict]) -> list[dict]:
    """Number repeated (statistic, detail) columns of one file so their keys stay distinct."""
    out, seen = [], {}
    for row in rows:
        key = (row["commodity_label"], row["statistic"], row["detail"], row["unit"], row["year"])
        n = seen.get(key, 0) + 1
        seen[key] = n
        if n > 1:
            row = {**row, "detail": f"{row['detail']} ({n})".strip()}
        out.append(row)
    return out


def _salient_folders(data_dir: Path) -> list[tuple[int, Path]]:
    base = data_dir / "usgs_mcs"
    return [
        (2022, base / "mcs2022_partial"),
        (2023, base / "mcs2023" / "salient"),
        (2024, base / "mcs2024" / "salient"),
        (2025, base / "mcs2025" / "salient"),
    ]


# --------------------------------------------------------------------------- world (wide)

_WORLD_COL = re.compile(
    r"^(?P<measure>Prod|Cap|Reserves)_(?:(?P<qual>[A-Za-z][A-Za-z0-9_]*?)_)??"
    r"(?P<unit>kt|t|kg|mct|kct|Mt|mt|mmt|mcm)(?:_(?P<est>[Ee]st))?(?:_(?P<year>\d{4}))?$"
)
_MEASURES = {"Prod": "production", "Cap": "capacity", "Reserves": "reserves"}


def parse_world_column(name: str) -> dict | None:
    """Measure, qualifier, unit, estimate flag and year of a world-table column, or None."""
    m = _WORLD_COL.match(name.strip())
    if not m:
        return None
    return {
        "measure": _MEASURES[m["measure"]],
        "qualifier": (m["qual"] or "").replace("_", " "),
        "unit": UNIT_CODES[m["unit"]],
        "estimated": bool(m["est"]),
        "year": int(m["year"]) if m["year"] else None,
    }


def read_world_file(path: Path, edition: int, places: PlaceResolver) -> Iterator[dict]:
    """Rows of ``world_production`` from one per-commodity world file (MCS 2022-2024)."""
    rows = _read_csv(path)
    if not rows:
        return
    header = [clean_text(h) for h in rows[0]]
    code = file_code(path)
    cid = _commodity("", code, path.name)
    source_id = f"usgs-mcs-{edition}"
    # Column 2 holds the type of figure, whatever its header says (the 2024 fluorspar
    # file has "Mine production, fluorspar" as header).
    i_country, i_type = 1, 2
    notes_for = {}
    for j, col in enumerate(header):
        low = col.lower()
        if low.startswith("prod_note"):
            notes_for["production"] = j
        elif low.startswith("reserves_note"):
            notes_for["reserves"] = j
        elif low.startswith("cap_note"):
            notes_for["capacity"] = j
    columns = [(j, parse_world_column(col)) for j, col in enumerate(header)]
    columns = [(j, spec) for j, spec in columns if spec]
    for r in rows[1:]:
        r = r + [""] * (len(header) - len(r))
        country = clean_text(r[i_country])
        if not country:
            continue
        ftype = clean_text(r[i_type]) or clean_text(header[i_type])
        iso3, kind = places.resolve(country)
        for j, spec in columns:
            note = clean_text(r[notes_for[spec["measure"]]]) if spec["measure"] in notes_for else ""
            year = spec["year"] or edition - 1
            est = spec["estimated"] or year in estimated_years(note)
            cell = parse_cell(r[j], estimated=est)
            if cell.is_empty:
                continue
            flags = cell.flags
            if note.lower() == "not applicable" and not cell.flags:
                flags = (NOT_APPLICABLE,)
            yield {
                "source_id": source_id,
                "edition": edition,
                "commodity_id": cid,
                "commodity_label": code,
                "measure": spec["measure"],
                "type": ftype + (f" ({spec['qualifier']})" if spec["qualifier"] else ""),
                "country_iso3": iso3,
                "place_kind": kind,
                "country_label": country,
                "year": year,
                "unit": spec["unit"],
                **_row_cell(cell),
                "flags": merge_flags(flags),
                "note": note,
            }


def world_rows_wide(data_dir: Path, places: PlaceResolver) -> list[dict]:
    """World production, capacity and reserves from the per-commodity files of MCS 2022-2024."""
    base = data_dir / "usgs_mcs"
    out: list[dict] = []
    for edition, folder in [
        (2022, base / "mcs2022_partial"),
        (2023, base / "mcs2023" / "world"),
        (2024, base / "mcs2024" / "world"),
    ]:
        for path in sorted(p for p in folder.glob("*.csv") if "_world" in p.name.lower()):
            out.extend(read_world_file(path, edition, places))
    return out


# --------------------------------------------------------------------------- MCS 2025 world


def world_rows_2025(data_dir: Path, places: PlaceResolver) -> list[dict]:
    """World production, capacity and reserves from MCS 2025's single world file."""
    path = data_dir / "usgs_mcs" / "mcs2025" / "world" / "MCS2025_World_Data.csv"
    rows = _read_csv(path)
    header = [clean_text(h) for h in rows[0]]
    idx = {h: j for j, h in enumerate(header)}
    specs = []
    for col in header:
        m = re.fullmatch(r"(PROD|CAP|RESERVES)_(EST_ ?)?(\d{4})", col.replace(" ", " "))
        if m:
            measure = {"PROD": "production", "CAP": "capacity", "RESERVES": "reserves"}[m[1]]
            note_col = {
                "production": "PROD_NOTES",
                "capacity": "CAP_NOTES",
                "reserves": "RESERVE_NOTES",
            }[measure]
            specs.append((idx[col], measure, bool(m[2]), int(m[3]), idx.get(note_col)))
    out = []
    # "(Reserve data is thousand metric tons)" on some rows of a commodity: its whole table.
    reserve_units = {}
    for r in rows[1:]:
        r = r + [""] * (len(header) - len(r))
        m = re.search(r"reserve data is ([a-z ]+?)\s*\)", r[idx["RESERVE_NOTES"]], re.I)
        if m:
            reserve_units[clean_text(r[idx["COMMODITY"]])] = m[1].strip()
    for r in rows[1:]:
        r = r + [""] * (len(header) - len(r))
        label = clean_text(r[idx["COMMODITY"]])
        cid = _commodity(label, None, path.name)
        country = clean_text(r[idx["COUNTRY"]])
        if not country:
            continue
        iso3, kind = places.resolve(country)
        unit_meas = clean_text(r[idx["UNIT_MEAS"]])
        for j, measure, est, year, j_note in specs:
            note = clean_text(r[j_note]) if j_note is not None else ""
            estimated = est or year in estimated_years(note)
            cell = parse_cell(r[j], estimated=estimated)
            if cell.is_empty:
                # USGS left the cell blank and wrote its code in the notes ("W for 23-24").
                cell = note_code_cell(note, year, estimated=estimated)
                if cell is None:
                    continue
                note = f"{BLANK_CODE_NOTE}{note}"
            unit = unit_meas
            if measure == "reserves" and label in reserve_units:
                # UNIT_MEAS is the production unit; the notes state the reserves' own.
                unit = reserve_units[label]
            flags = cell.flag_text()
            out.append(
                {
                    "source_id": "usgs-mcs-2025",
                    "edition": 2025,
                    "commodity_id": cid,
                    "commodity_label": label,
                    "measure": measure,
                    "type": clean_text(r[idx["TYPE"]]),
                    "country_iso3": iso3,
                    "place_kind": kind,
                    "country_label": country,
                    "year": year,
                    "unit": unit,
                    **_row_cell(cell),
                    "flags": flags,
                    "note": note,
                }
            )
    return out


_NOTE_CODES = {
    "w": "W",
    "na": "NA",
    "xx": "XX",
    "less than 1/2 unit": "Less than 1/2 unit",
    "large": "Large",
    "moderate": "Moderate",
    "moderate to large": "Moderate to large",
    "small": "Small",
    "very small": "Very small",
}


def note_code_cell(note: str, year: int, *, estimated: bool = False) -> Cell | None:
    """The cell a blank value stands for when its note holds the code (MCS 2025 world file).

    "W for 23-24" is withheld in 2023 and 2024, "na for 2023" not available in 2023 only,
    "NA (Reserve data is thousand metric tons)." not available; "Included in World total"
    and "Included with Other countries" are figures included elsewhere.
    """
    text = re.sub(r"\s*\(reserve data is [^)]*\)\.?", "", note, flags=re.I).strip().rstrip(".")
    low = text.lower()
    m = re.fullmatch(r"(w|na|xx) for (\d{2,4})(?:\s*-\s*(\d{2,4}))?", low)
    if m:
        first = int(m[2]) % 100
        last = int(m[3]) % 100 if m[3] else first
        if not first <= year % 100 <= last:
            return None
        return _raw_cell(parse_cell(m[1].upper(), estimated=estimated), note)
    if low in _NOTE_CODES:
        return _raw_cell(parse_cell(_NOTE_CODES[low], estimated=estimated), note)
    if low.startswith("included in world total") or low.startswith("included with other"):
        return _raw_cell(parse_cell("Included elsewhere", estimated=estimated), note)
    return None


def _raw_cell(cell: Cell, note: str) -> Cell:
    return cell


def note_explains_small(note: str) -> bool:
    """Whether a note says an "s" means a figure included elsewhere, not a tiny one."""
    low = note.lower()
    return any(
        p in low
        for p in (
            "included in world total",
            "included with other countries",
            "included with ilmenite",
            "preclude calculation of a meaningful net import reliance",
        )
    )


# --------------------------------------------------------------------------- MCS 2026 long

_MEASURE_2026 = {"production": "production", "reserves": "reserves", "capacity": "capacity"}
_STAT_2026 = {
    "production": "production",
    "import": "imports",
    "export": "exports",
    "consumption": "consumption",
    "price": "price",
    "net import reliance": "net_import_reliance",
    "stock": "stocks",
    "employment": "employment",
    "shipment": "shipments",
}


def mcs2026_rows(data_dir: Path, places: PlaceResolver) -> dict[str, list[dict]]:
    """The MCS 2026 long table split into world_production, us_salient and us_import_sources."""
    path = data_dir / "usgs_mcs" / "mcs2026" / "MCS2026_Commodities_Data.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        records = list(csv.DictReader(fh))
    world, salient, sources = [], [], []
    seen: dict[tuple, int] = {}
    block_of: dict[tuple, int] = {}
    products: dict[str, set[str]] = {}
    for rec in records:
        if clean_text(rec["Section"]).startswith("Salient"):
            lab = clean_text(rec["Commodity"])
            products.setdefault(_commodity(lab, None, path.name), set()).add(lab)
    for rec in records:
        label = clean_text(rec["Commodity"])
        cid = _commodity(label, None, path.name)
        notes = clean_text(rec["Notes"])
        est = notes.lower().startswith("estimated") or "-- estimated" in notes.lower()
        cell = parse_cell(rec["Value"], estimated=est)
        section = clean_text(rec["Section"])
        stat = clean_text(rec["Statistics"])
        detail = clean_text(rec["Statistics_detail"])
        unit = clean_text(rec["Unit"])
        year_text = clean_text(rec["Year"])
        country = clean_text(rec["Country"])
        common = {
            "source_id": "usgs-mcs-2026",
            "edition": 2026,
            "commodity_id": cid,
            "commodity_label": label,
            **_row_cell(cell),
            "flags": cell.flag_text(),
            "note": notes,
        }
        if cell.is_empty:
            continue
        if section == "Import Sources":
            iso3, kind = places.resolve(country)
            share = dict(common)
            share["share_pct"] = share.pop("value")
            sources.append(
                {
                    **share,
                    "detail": detail,
                    "period": year_text.replace("–", "-"),
                    "country_iso3": iso3,
                    "place_kind": kind,
                    "country_label": country,
                }
            )
        elif section.startswith("Salient"):
            statistic = _STAT_2026.get(stat.lower(), "other")
            if statistic == "other":
                detail = (
                    f"{stat}: {detail}"
                    if detail and not detail.startswith(stat)
                    else detail or stat
                )
            product = ""
            if len(products.get(cid, ())) > 1:
                # Several product blocks under one page (titanium sponge and TiO2 pigment):
                # each line names its product, so a headline can pick the page's product.
                product = _short_product(label)
            blocks = SALIENT_BLOCKS.get(cid)
            if blocks:
                bkey = (cid, label, int(year_text))
                if block_of.get(bkey, 0) == 0 and statistic == "net_import_reliance":
                    block_of[bkey] = -1  # the next row starts the second block
                elif block_of.get(bkey) == -1:
                    block_of[bkey] = 1
                product = blocks[max(block_of.get(bkey, 0), 0)]
            if product and not detail.lower().startswith(product.lower()):
                detail = f"{product}: {detail}"
            key = (cid, label, statistic, detail, int(year_text))
            n = seen.get(key, 0) + 1
            seen[key] = n
            salient.append(
                {
                    **common,
                    "statistic": statistic,
                    "detail": detail if n == 1 else f"{detail} ({n})",
                    "year": int(year_text),
                    "unit": unit,
                }
            )
        elif section.startswith("World"):
            measure = _MEASURE_2026.get(stat.lower())
            if measure is None:
                raise ValueError(f"{path.name}: unknown world statistic {stat!r}")
            iso3, kind = places.resolve(country)
            # World totals are typed "Mine production: rounded"; their figure belongs to the
            # same line as the countries' "Mine production".  USGS's qualifier travels as a
            # flag; the note stays as USGS published it.
            bare = re.sub(r"[:,]\s*rounded$", "", detail).strip()
            if bare != detail:
                common["flags"] = merge_flags(common["flags"], (ROUNDED,))
            row = {
                **common,
                "measure": measure,
                "type": bare,
                "country_iso3": iso3,
                "place_kind": kind,
                "country_label": country,
                "year": int(year_text),
                "unit": unit,
            }
            member = BY_ID.get(cid)
            if member is not None and member.parent_id == "pgm":
                # MCS 2026 labels PGM production "Platinum"/"Palladium" and the reserves
                # "Platinum-Group Metals": one family, each member a line of it (earlier
                # editions' "Mine production: Platinum").  The member's own page keeps its
                # line too, as a copy that says so.
                family = dict(row, commodity_id=member.parent_id)
                if label.lower() not in bare.lower():
                    family["type"] = f"{bare}: {label}"
                world.append(family)
                row["note"] = "; ".join(
                    filter(
                        None,
                        [
                            FAMILY_COPY_NOTE.format(line=family["type"]),
                            row["note"],
                        ],
                    )
                )
            world.append(row)
        else:
            raise ValueError(f"{path.name}: unknown section {section!r}")
    return {
        "world_production": _number_duplicates(
            world, ("commodity_id", "measure", "type", "country_label", "year")
        ),
        "us_salient": salient,
        "us_import_sources": _number_duplicates(
            sources, ("commodity_id", "detail", "country_label")
        ),
    }


# Chapters whose salient table holds two product blocks under one label, in order.
SALIENT_BLOCKS = {"mica": ("Scrap and flake", "Sheet")}


def _short_product(label: str) -> str:
    """A product label short enough for a line: 'Diamond (Stones, natural and synthetic)'
    -> 'Stones, natural and synthetic'."""
    m = re.match(r"^[^(]+\((.+)\)$", label)
    return m[1] if m else label


def _number_duplicates(rows: list[dict], key: tuple[str, ...]) -> list[dict]:
    """Keep rows that share a key apart by numbering their label (USGS repeats some lines)."""
    seen: dict[tuple, int] = {}
    for row in rows:
        k = tuple(row[c] for c in key)
        n = seen.get(k, 0) + 1
        seen[k] = n
        if n > 1:
            row["country_label"] = f"{row['country_label']} ({n})"
    return rows


# --------------------------------------------------------------------------- industry trends


def import_reliance_rows(data_dir: Path) -> list[dict]:
    """Net import reliance and major import sources (MCS 2023-2025, figure 2)."""
    out = []
    for edition in (2023, 2024, 2025):
        folder = data_dir / "usgs_mcs" / f"mcs{edition}" / "industry_trends"
        path = folder / f"MCS{edition}_Fig2_Net_Import_Reliance.csv"
        rows = _read_csv(path)
        header = [clean_text(h) for h in rows[0]]
        idx = {h: j for j, h in enumerate(header)}
        nir_col = next(h for h in header if h.startswith("Net_Import_Reliance_pct_"))
        src_col = next(h for h in header if h.startswith("Major_Import_Sources_"))
        order_col = next(h for h in header if h.startswith("Import_Share_"))
        year = int(nir_col.rsplit("_", 1)[1])
        period = "-".join(src_col.split("_")[-2:])
        for r in rows[1:]:
            r = r + [""] * (len(header) - len(r))
            label = clean_text(r[idx["Commodity"]])
            cell = parse_cell(r[idx[nir_col]], estimated=(year == edition - 1))
            out.append(
                {
                    "source_id": f"usgs-mcs-{edition}",
                    "edition": edition,
                    "commodity_id": _commodity(label, None, path.name),
                    "commodity_label": label,
                    "year": year,
                    **_row_cell(cell),
                    "flags": cell.flag_text(),
                    # Footnote digits off the names ("China3"); the raw text is kept.
                    "major_import_sources": re.sub(
                        r"(?<=[A-Za-z)])\d+(?=,|$)", "", clean_text(r[idx[src_col]])
                    ),
                    "major_import_sources_raw": clean_text(r[idx[src_col]]),
                    "sources_period": period,
                    "import_share_order": int(r[idx[order_col]])
                    if clean_text(r[idx[order_col]])
                    else None,
                    "note": clean_text(r[idx["Notes"]]) if "Notes" in idx else "",
                }
            )
    return out


def end_use_rows(data_dir: Path) -> list[dict]:
    """Primary applications of the critical minerals (MCS 2023-2025, table T4)."""
    out = []
    for edition in (2023, 2024, 2025):
        path = (
            data_dir
            / "usgs_mcs"
            / f"mcs{edition}"
            / "industry_trends"
            / f"MCS{edition}_T4_Critical_Minerals_End_Use.csv"
        )
        rows = _read_csv(path)
        header = [clean_text(h) for h in rows[0]]
        idx = {h: j for j, h in enumerate(header)}
        for r in rows[1:]:
            r = r + [""] * (len(header) - len(r))
            mineral = clean_text(r[idx["Critical Mineral"]])
            if not mineral:
                continue
            out.append(
                {
                    "source_id": f"usgs-mcs-{edition}",
                    "edition": edition,
                    "commodity_id": _commodity(mineral, None, path.name),
                    "mineral": mineral,
                    "applications": clean_text(r[idx["Primary Applications"]]),
                    "note": clean_text(r[idx["Category_Note"]]) if "Category_Note" in idx else "",
                }
            )
    return out


def _commodity_words(cid: str) -> set[str]:
    c = BY_ID.get(cid)
    if c is None or cid == "pgm":  # PGM lines are named by their member metals
        return set()
    return {w for w in re.findall(r"[a-z0-9]+", c.name_en.lower()) if len(w) > 2}


def explain_small(rows: list[dict]) -> int:
    """Turn "s" into "included elsewhere" where the note says so; returns rows changed."""
    n = 0
    for r in rows:
        flags = r["flags"].split()
        if SMALL in flags and note_explains_small(r.get("note", "")):
            r["flags"] = merge_flags([f for f in flags if f != SMALL], (INCLUDED_ELSEWHERE,))
            n += 1
    return n


# "World total (rounded)", "Other countries (rounded)", "World total (ilmenite, rounded)",
# "Mine production, talc and pyrophyllite (rounded)": the labels of MCS 2022-2025.
_ROUNDED_LABEL = re.compile(r"\brounded\b", re.I)


def flag_rounded(rows: list[dict], label=None) -> int:
    """Flag the figures whose published place or line label says USGS rounded them (MCS
    2022-2025 print it in the label; MCS 2026's ": rounded" is flagged as it is read);
    returns rows newly flagged.  The label stays as published in ``country_raw`` and
    ``type_raw``; the note is not touched.  ``label(row)``: the published label of
    another table's row (a salient statistic's ``detail``, "Production: Total
    (rounded)")."""
    n = 0
    for r in rows:
        flags = r["flags"].split()
        if ROUNDED in flags:
            continue
        if label is None:
            published = f"{r.get('country_raw') or r['country_label']} {r.get('type_raw') or ''}"
        else:
            published = label(r)
        if _ROUNDED_LABEL.search(published):
            r["flags"] = merge_flags(flags, (ROUNDED,))
            n += 1
    return n


LAST_STATS: dict[str, int] = {}


def world_rows(data_dir: Path, places: PlaceResolver, mcs2026_world: list[dict]) -> list[dict]:
    """Every edition's world rows, lines normalised, codes explained and errata applied."""
    from .errata import apply_errata
    from .worldlines import clean_place_labels, normalise_world_rows

    rows = world_rows_wide(data_dir, places) + world_rows_2025(data_dir, places) + mcs2026_world
    words = {cid: _commodity_words(cid) for cid in {r["commodity_id"] for r in rows}}
    stats = normalise_world_rows(rows, words)
    stats["place_labels_cleaned"] = clean_place_labels(rows)
    stats["small_explained"] = explain_small(rows)
    stats["rounded_flagged"] = flag_rounded(rows)
    stats.update(apply_errata(rows))
    LAST_STATS.clear()
    LAST_STATS.update(stats)
    logger.info("world lines normalised: %s", stats)
    return rows


def usgs_tables(data_dir: Path, places: PlaceResolver) -> dict[str, list[dict]]:
    """Every USGS MCS table, keyed by catalog table name."""
    from .accepted import accepted_rows
    from .errata import errata_rows

    mcs2026 = mcs2026_rows(data_dir, places)
    salient = salient_rows(data_dir) + mcs2026["us_salient"]
    explain_small(salient)
    # MCS 2026 labels sulfur's U.S. production "Production: Total (rounded)". A note that
    # says so ("Rounded to the nearest 5,000 tons ...") is shown as published, unflagged:
    # some speak of one year only ("Data for 2023 were rounded ...").
    flag_rounded(salient, lambda r: r["detail"])
    return {
        "us_salient": salient,
        "world_production": world_rows(data_dir, places, mcs2026["world_production"]),
        "errata": errata_rows(),
        "audit_accepted": accepted_rows(),
        "us_import_sources": mcs2026["us_import_sources"],
        "us_import_reliance": import_reliance_rows(data_dir),
        "end_uses": end_use_rows(data_dir),
    }


__all__ = [
    "ESTIMATED",
    "usgs_tables",
    "salient_rows",
    "world_rows_wide",
    "world_rows_2025",
    "mcs2026_rows",
    "import_reliance_rows",
    "end_use_rows",
    "parse_salient_column",
    "parse_world_column",
    "split_unit",
    "estimated_years",
    "file_code",
    "EDITIONS",
]
