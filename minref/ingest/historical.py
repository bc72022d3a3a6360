"""Readers for the historical rare-earth workbooks: USGS Data Series 140 (1900-2020)
and the Minerals Yearbook 2022 rare-earth tables.

Footnote markers are turned into flags and notes, never into numbers: in the
yearbook a marker sits in the narrow column right of a value ("e" estimated,
"r" revised, a digit for a numbered footnote) or is glued to a row label
("Australiae", "Indiae, 4", "Other rare-earth compoundse").  Blank cells are
skipped; nothing is filled in.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from minref.ingest.cells import ESTIMATED, NOT_APPLICABLE, REVISED, Cell, merge_flags, parse_cell
from minref.ingest.countries import COUNTRY, WORLD, PlaceResolver

logger = logging.getLogger(__name__)

DS140_SOURCE_ID = "usgs-ds140-rare-earths"
MYB_SOURCE_ID = "usgs-myb-2022-rare-earths"
DS140_FILE = Path("usgs_historical") / "ds140_rare_earths_1900_2020.xlsx"
MYB_FILE = Path("usgs_historical") / "myb2022_rare_earths_tables.xlsx"

DS140_UNIT = "metric tons (t) rare-earth oxide equivalent"

# DS140 column headers -> (statistic, unit or None for the sheet's quantity unit, world?).
DS140_COLUMNS: dict[str, tuple[str, str | None, bool]] = {
    "production": ("us_production", None, False),
    "imports": ("imports", None, False),
    "exports": ("exports", None, False),
    "apparent consumption": ("apparent_consumption", None, False),
    "unit value ($/t)": ("unit_value_usd_per_t", "$/t", False),
    "unit value (98$/t)": ("unit_value_1998_usd_per_t", "98$/t", False),
    "world production": ("world_production", None, True),
}

US = ("USA", COUNTRY, "United States")
WORLD_PLACE = ("", WORLD, "World")
NO_PLACE = ("", "", "")

_FOOTNOTE_LINE = re.compile(r"^(\d{1,2})(\D.*)$", re.DOTALL)
_LABEL_REFS = re.compile(r"(?:[\s,]*\d{1,2})+$")
_LEGEND = re.compile(r"^[er][A-Z]")  # "eEstimated.  rRevised. ..."


def _text(value: Any) -> str:
    """Cell value as stripped text ("" for None)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\xa0", " ").strip()


def _open(path: Path):
    """Open a workbook read-only with cached values (print-area warnings silenced)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Print area", category=UserWarning)
        return load_workbook(path, read_only=True, data_only=True)


def _rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    """All rows of one sheet as value tuples (read-only, cached values)."""
    wb = _open(path)
    try:
        return [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()


def _sheet_names(path: Path) -> list[str]:
    wb = _open(path)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def _get(row: tuple[Any, ...], i: int) -> Any:
    return row[i] if i < len(row) else None


def _row(
    source_id: str,
    table_id: str,
    statistic: str,
    place: tuple[str, str, str],
    year: int | None,
    unit: str,
    cell: Cell,
    flags: tuple[str, ...] | list[str] = (),
    note: str = "",
) -> dict:
    iso3, kind, label = place
    return {
        "source_id": source_id,
        "table_id": table_id,
        "statistic": statistic,
        "country_iso3": iso3 or "",
        "place_kind": kind,
        "country_label": label,
        "year": year,
        "unit": unit,
        "value": cell.value,
        "raw": cell.raw,
        "flags": merge_flags(cell.flags, tuple(flags)),
        "note": note,
    }


def slug(text: str) -> str:
    """snake_case identifier from a label: "Rare-earth metals and alloys" -> rare_earth_..."""
    text = re.sub(r"[^a-z0-9]+", "_", text.lower())
    return text.strip("_")


def marker_flags(mark: Any) -> tuple[list[str], list[str]]:
    """Flags and footnote numbers from a marker cell such as "e", "r", "3" or 6."""
    flags: list[str] = []
    refs: list[str] = []
    for token in re.split(r"[\s,]+", _text(mark)):
        if not token:
            continue
        if token == "e":
            flags.append(ESTIMATED)
        elif token == "r":
            flags.append(REVISED)
        elif token.isdigit():
            refs.append(token)
        else:
            logger.warning("unknown footnote marker %r", token)
    return flags, refs


def footnotes(rows: list[tuple[Any, ...]]) -> dict[str, str]:
    """Numbered footnotes printed under a table: {"3": "Official production quota..."}."""
    out: dict[str, str] = {}
    for row in rows:
        first = _text(_get(row, 0))
        if not first or any(_text(v) for v in row[1:]):
            continue
        m = _FOOTNOTE_LINE.match(first)
        if m:
            out.setdefault(m.group(1), m.group(2).strip())
    return out


def _note(refs: list[str] | tuple[str, ...], notes: dict[str, str], *extra: str) -> str:
    parts = [p for p in extra if p]
    for ref in dict.fromkeys(refs):
        if ref in notes:
            parts.append(notes[ref])
        else:
            parts.append(f"footnote {ref}")
    return "; ".join(parts)


# --------------------------------------------------------------------- DS140


def ds140_rows(data_dir: Path) -> list[dict]:
    """Rows of ``ree_history`` from the DS140 rare-earth workbook (1900-2020, REO basis)."""
    path = Path(data_dir) / DS140_FILE
    out: list[dict] = []
    for sheet in _sheet_names(path):
        rows = _rows(path, sheet)
        header_at = next(
            (i for i, r in enumerate(rows) if _text(_get(r, 0)).lower() == "year"), None
        )
        if header_at is None:
            logger.warning("DS140 sheet %r has no Year header; skipped", sheet)
            continue
        columns: dict[int, tuple[str, str | None, bool]] = {}
        for i, head in enumerate(rows[header_at]):
            key = re.sub(r"\s+", " ", _text(head).lower())
            if key in DS140_COLUMNS:
                columns[i] = DS140_COLUMNS[key]
            elif key and key != "year":
                logger.warning("DS140 column %r not recognised; skipped", head)
        unit_line = next(
            (
                _text(_get(r, 0))
                for r in rows[:header_at]
                if "quantities in" in _text(_get(r, 0)).lower()
            ),
            "",
        )
        qty_unit = DS140_UNIT if "rare-earth oxide" in unit_line else unit_line.strip("[]")
        for r in rows[header_at + 1 :]:
            year_cell = _get(r, 0)
            if not isinstance(year_cell, (int, float)) or isinstance(year_cell, bool):
                continue
            year = int(year_cell)
            for i, (statistic, unit, world) in columns.items():
                value = _get(r, i)
                if value is None or _text(value) == "":
                    continue
                cell = parse_cell(value if isinstance(value, (int, float)) else _text(value))
                out.append(
                    _row(
                        DS140_SOURCE_ID,
                        sheet,
                        statistic,
                        WORLD_PLACE if world else US,
                        year,
                        unit or qty_unit,
                        cell,
                    )
                )
    return out


# --------------------------------------------------------------- MYB 2022


def myb2022_rows(data_dir: Path, resolver: PlaceResolver | None = None) -> list[dict]:
    """Rows of ``ree_history`` from the Minerals Yearbook 2022 tables T1 and T3-T8.

    T2 (rare-earth contents of source minerals by deposit) is not a time series
    and is not read.
    """
    path = Path(data_dir) / MYB_FILE
    resolver = resolver or PlaceResolver(data_dir)
    names = _sheet_names(path)
    out: list[dict] = []
    readers = {"T1": _myb_t1, "T3": _myb_t3, "T8": _myb_t8}
    for name in names:
        if name in readers:
            out.extend(readers[name](_rows(path, name), name, resolver))
        elif name in ("T4", "T5", "T6", "T7"):
            out.extend(_myb_trade(_rows(path, name), name, resolver))
    return out


def place_labels_myb2022(data_dir: Path) -> list[str]:
    """Every place label in the yearbook tables' country cells (for resolver checks)."""
    path = Path(data_dir) / MYB_FILE
    labels: list[str] = []
    for name in _sheet_names(path):
        rows = _rows(path, name)
        if name == "T8":
            labels += [lab for lab, _ in _t8_body(rows)]
        elif name in ("T4", "T5", "T6", "T7"):
            labels += [item.place for item in _trade_items(rows) if item.place]
        elif name == "T2":
            labels += [
                _text(_get(r, 2))
                for r in rows[7:]
                if _text(_get(r, 2))
                and _text(_get(r, 2)).lower() not in ("do.", "country")
                and not _FOOTNOTE_LINE.match(_text(_get(r, 0)))
            ]
    return labels


Place = tuple[str, str, str]  # (iso3, place_kind, label)


def _place(resolver: PlaceResolver, label: str) -> tuple[Place, bool, tuple[str, ...]]:
    """Resolve a row label; return the place, its estimate marker and footnote numbers."""
    m = resolver.match(label)
    clean = _LABEL_REFS.sub("", label.strip()).strip(" ,")
    if m.estimated and clean.endswith("e"):
        clean = clean[:-1]
    return (m.iso3 or "", m.place_kind, clean), m.estimated, m.footnotes


def _year_columns(row: tuple[Any, ...]) -> dict[int, int]:
    """Columns of a header row that hold a year (as number or text)."""
    out = {}
    for i, v in enumerate(row):
        t = _text(v)
        if re.fullmatch(r"(19|20)\d\d", t):
            out[i] = int(t)
    return out


def _unit_line(rows: list[tuple[Any, ...]], limit: int) -> str:
    for r in rows[:limit]:
        t = _text(_get(r, 0))
        if t.startswith("(") and t.endswith(")"):
            return t[1:-1].strip()
    return ""


def _t8_body(rows: list[tuple[Any, ...]]) -> Iterator[tuple[str, tuple[Any, ...]]]:
    header_at = next(
        i for i, r in enumerate(rows) if _text(_get(r, 0)).lower().startswith("country or locality")
    )
    for r in rows[header_at + 1 :]:
        label = _text(_get(r, 0))
        if not label or not any(_text(v) for v in r[1:]):
            continue
        yield str(_get(r, 0)), r


def _myb_t8(rows: list[tuple[Any, ...]], table: str, resolver: PlaceResolver) -> list[dict]:
    """T8: world mine production by country, 2018-2022."""
    header_at = next(
        i for i, r in enumerate(rows) if _text(_get(r, 0)).lower().startswith("country or locality")
    )
    years = _year_columns(rows[header_at])
    unit = _unit_line(rows, header_at)
    notes = footnotes(rows)
    out = []
    for label, r in _t8_body(rows):
        place, row_est, row_refs = _place(resolver, label)
        for col, year in years.items():
            value = _get(r, col)
            if _text(value) == "":
                continue
            flags, refs = marker_flags(_get(r, col + 1))
            if row_est:
                flags.append(ESTIMATED)
            cell = parse_cell(value if isinstance(value, (int, float)) else _text(value))
            out.append(
                _row(
                    MYB_SOURCE_ID,
                    table,
                    "mine_production",
                    place,
                    year,
                    unit,
                    cell,
                    flags,
                    _note([*row_refs, *refs], notes),
                )
            )
    return out


def _label_markers(label: str) -> tuple[str, bool, list[str]]:
    """Split a T1/T3 label into text, estimate marker and footnote numbers."""
    text = label.strip()
    refs: list[str] = []
    m = _LABEL_REFS.search(text)
    if m and m.start() > 0:
        refs = re.findall(r"\d+", m.group(0))
        text = text[: m.start()].strip(" ,")
    estimated = False
    # "Other rare-earth compoundse", "gross basise", "REO equivalent:e"
    if re.search(r"(?<=[s:])e$", text):
        estimated = True
        text = text[:-1].strip()
    return text.rstrip(":").strip(), estimated, refs


def _myb_t1(rows: list[tuple[Any, ...]], table: str, resolver: PlaceResolver) -> list[dict]:
    """T1: salient U.S. rare-earth statistics, 2018-2022."""
    header_at = next(i for i, r in enumerate(rows) if len(_year_columns(r)) >= 2)
    years = _year_columns(rows[header_at])
    notes = footnotes(rows)
    out: list[dict] = []
    section, section_est, section_reo = "", False, False
    unit = ""
    for r in rows[header_at + 1 :]:
        raw_label = _text(_get(r, 0))
        if not raw_label or _FOOTNOTE_LINE.match(raw_label) or _LEGEND.match(raw_label):
            continue
        has_values = any(_text(_get(r, c)) for c in years)
        text, est, refs = _label_markers(raw_label)
        if not has_values:
            if text.lower() in ("compounds", "metals"):
                continue
            section = text.split(",")[0].strip().lower()
            section_est = est
            section_reo = "reo equivalent" in text.lower()
            continue
        stated = _text(_get(r, 1))
        if stated and stated.lower() != "do.":
            unit = stated
        lower = text.lower()
        place = US
        if lower.startswith(("production", "world production")):
            section, section_est, section_reo = "", False, False
        reo = section_reo or "reo" in lower or "rare-earth-oxide" in lower
        if lower.startswith("world production"):
            statistic, place = "world_production", WORLD_PLACE
        elif lower.startswith("production"):
            statistic = "us_production"
        else:
            prefix = {
                "exports": "exports",
                "imports for consumption": "imports",
                "prices": "price",
            }.get(section, slug(section))
            statistic = f"{prefix}_{slug(text)}" if prefix else slug(text)
            if prefix == "price":
                reo, place = False, NO_PLACE
        row_unit = f"{unit}, REO equivalent" if reo and unit == "metric tons" else unit
        extra = ""
        if lower.startswith("mischmetal") and unit == "metric tons":
            extra = "The source table prints the unit 'metric tons' for this price line."
        for col, year in years.items():
            value = _get(r, col)
            if _text(value) == "":
                continue
            flags, cell_refs = marker_flags(_get(r, col + 1))
            if est or section_est:
                flags.append(ESTIMATED)
            cell = parse_cell(value if isinstance(value, (int, float)) else _text(value))
            out.append(
                _row(
                    MYB_SOURCE_ID,
                    table,
                    statistic,
                    place,
                    year,
                    row_unit,
                    cell,
                    flags,
                    _note([*refs, *cell_refs], notes, extra),
                )
            )
    return out


def _myb_t3(rows: list[tuple[Any, ...]], table: str, resolver: PlaceResolver) -> list[dict]:
    """T3: average rare-earth oxide prices, 2021-2022 (dollars per kilogram)."""
    header_at = next(i for i, r in enumerate(rows) if len(_year_columns(r)) >= 2)
    years = _year_columns(rows[header_at])
    unit = _unit_line(rows, header_at).lower()
    notes = footnotes(rows)
    out = []
    for r in rows[header_at + 1 :]:
        raw_label = _text(_get(r, 0))
        if not raw_label or _FOOTNOTE_LINE.match(raw_label):
            continue
        text, est, refs = _label_markers(raw_label)
        purity = _text(_get(r, 2))
        purity_note = f"purity {purity} percent" if purity else ""
        for col, year in years.items():
            value = _get(r, col)
            if _text(value) == "":
                continue
            cell = parse_cell(value if isinstance(value, (int, float)) else _text(value))
            out.append(
                _row(
                    MYB_SOURCE_ID,
                    table,
                    f"price_{slug(text)}_oxide",
                    NO_PLACE,
                    year,
                    unit,
                    cell,
                    [ESTIMATED] if est else [],
                    _note(refs, notes, purity_note),
                )
            )
    return out


class _TradeItem:
    """One data line of a trade table (T4-T7): its category and place."""

    def __init__(
        self, row: tuple[Any, ...], category: str, codes: list[str], place: str, kind: str
    ) -> None:
        self.row = row
        self.category = category
        self.codes = codes
        self.place = place  # country label, "" for total lines
        self.kind = kind  # place | total | reo_content


def _trade_items(rows: list[tuple[Any, ...]]) -> list[_TradeItem]:
    """Walk a T4-T7 sheet and attach each data line to its category."""
    header_at = next(
        i
        for i, r in enumerate(rows)
        if _text(_get(r, 0)).lower().startswith("category and country")
    )
    items: list[_TradeItem] = []
    category, codes = "", []
    open_category = False  # a category line with a code was just read, no data yet
    for r in rows[header_at + 1 :]:
        label = _text(_get(r, 0))
        code = _text(_get(r, 2)).rstrip(",")
        has_values = any(_text(_get(r, c)) for c in (4, 6, 8, 10))
        if _FOOTNOTE_LINE.match(label) or label.lower().startswith(("rrevised", "source:")):
            continue
        if not has_values:
            if not label and code:
                codes.append(code)
            elif label and code:
                category, codes, open_category = label.rstrip(":").strip(), [code], True
            elif label and open_category:
                category = f"{category} {label.rstrip(':').strip()}"
            elif label:
                open_category = False
            continue
        open_category = False
        low = label.lower()
        if code:  # "Scandium or yttrium chloride mixtures, Russia": category and place
            head, _, place = label.rpartition(",")
            category, codes = head.strip(), [code]
            items.append(_TradeItem(r, category, codes, place.strip(), "place"))
        elif "estimated" in low and "content" in low:
            items.append(_TradeItem(r, category, codes, "", "reo_content"))
        elif low.startswith("grand total"):
            category, codes = "Grand total", []
            items.append(_TradeItem(r, category, codes, "", "total"))
        elif low.startswith("total,"):
            rest = label.split(",", 1)[1].strip()
            category, codes = rest[:1].upper() + rest[1:], []
            items.append(_TradeItem(r, category, codes, "", "total"))
        elif low == "total":
            items.append(_TradeItem(r, category, codes, "", "total"))
        else:
            items.append(_TradeItem(r, category, codes, label, "place"))
    return items


def _myb_trade(rows: list[tuple[Any, ...]], table: str, resolver: PlaceResolver) -> list[dict]:
    """T4-T7: U.S. exports and imports of rare-earth compounds and metals by country.

    Cells marked XX (not applicable: the value of an REO content) are skipped.
    """
    title = " ".join(_text(_get(r, 0)) for r in rows[:3]).upper()
    flow = "exports" if "EXPORTS" in title else "imports"
    code_name = "Schedule B" if flow == "exports" else "HTS"
    header_at = next(i for i, r in enumerate(rows) if len(_year_columns(r)) >= 2)
    years = _year_columns(rows[header_at])  # the year sits over the gross-weight column
    notes = footnotes(rows)
    columns: list[tuple[int, int, str]] = []
    for col, year in years.items():
        columns += [(col, year, "gross_weight"), (col + 2, year, "value")]
    out = []
    for item in _trade_items(rows):
        if item.kind == "place":
            place, est, refs = _place(resolver, item.place)
        else:  # total and REO-content lines: all countries; the statistic names the line
            place, est, refs = ("", WORLD, "Total"), False, ()
        cat_slug = slug(item.category)
        for col, year, measure in columns:
            value = _get(item.row, col)
            if _text(value) == "":
                continue
            cell = parse_cell(value if isinstance(value, (int, float)) else _text(value))
            if NOT_APPLICABLE in cell.flags:
                continue
            if item.kind == "reo_content":
                statistic = f"{flow}_{cat_slug}_reo_content"
                unit = "kilograms, rare-earth oxide equivalent"
            else:
                statistic = f"{flow}_{cat_slug}_{measure}"
                unit = "kilograms" if measure == "gross_weight" else "dollars"
            flags, cell_refs = marker_flags(_get(item.row, col + 1))
            if est:
                flags.append(ESTIMATED)
            code_note = f"{code_name} {', '.join(item.codes)}" if item.codes else ""
            out.append(
                _row(
                    MYB_SOURCE_ID,
                    table,
                    statistic,
                    place,
                    year,
                    unit,
                    cell,
                    flags,
                    _note([*refs, *cell_refs], notes, item.category, code_note),
                )
            )
    return out
