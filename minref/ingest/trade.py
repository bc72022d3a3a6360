"""Readers for the bilateral trade files: UN Comtrade, USITC DataWeb, U.S. Census, INEGI.

All readers return rows for the ``trade_flows`` table (INEGI: ``mexico_trade_balance``)
in :mod:`minref.catalog.tables`.  Nothing is filled in: a quantity the source does not
state is ``None``, never 0.

Source quirks handled here:

* Comtrade: both extracts hold several rows per (reporter, partner, flow, heading,
  year) -- the total plus its breakdown rows (customs procedure / transport mode /
  second partner), whose distinguishing columns were trimmed away upstream.  In
  every such group the largest value equals the sum of the others, so the row with
  the largest ``primaryValue`` (the total) is kept and the breakdown rows dropped.
* USITC DataWeb: values are split by the heading's first unit of quantity
  ("Value for: kilograms", "Value for: number" ...) and each quantity comes in two
  rows per unit.  Values are summed; a quantity is given only when a single unit
  carries the heading's trade.  Second-unit quantities are not ingested.
* Census: aggregates (EU, USMCA, continents) stay groups, never countries.
"""

from __future__ import annotations

import csv
import gc
import logging
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from minref.catalog.tables import TABLES

from .cells import merge_flags

if TYPE_CHECKING:
    from .countries import PlaceResolver

logger = logging.getLogger(__name__)

COMTRADE_METALS_FILE = Path("trade") / "un_comtrade_exports_metals_2015_2024.csv"
COMTRADE_US_CHINA_FILE = Path("trade") / "un_comtrade_us_china_critical_minerals_2020_2024.csv"
USITC_FILE = Path("trade") / "usitc_dataweb_us_trade_minerals_hts4_18partners_1993_2026.csv"
CENSUS_FILE = (
    Path("trade")
    / "mexico"
    / "us_census_general_imports_hs2_minerals_by_partner_monthly_2023_2024.csv"
)
INEGI_FILE = Path("trade") / "mexico" / "inegi_mexico_trade_balance_monthly_2012_2023.csv"
COMTRADE_MEXICO_FILE = Path("trade") / "mexico" / "comtrade_mexico_bilateral_metals_2015_2024.csv"
COUNTRY_CODES_FILE = Path("country_codes") / "country-codes.csv"

COMTRADE_METALS_SOURCE = "un-comtrade-metals-exports"
COMTRADE_US_CHINA_SOURCE = "un-comtrade-us-china"
USITC_SOURCE = "usitc-dataweb-hts4"
CENSUS_SOURCE = "census-hs2-general-imports"
INEGI_SOURCE = "inegi-balanza-comercial"

# Flags, as stored in the catalog (space-separated, sorted).
QTY_ESTIMATED = "qty_estimated"
NETWGT_ESTIMATED = "netwgt_estimated"
AGGREGATE = "aggregate"
NOT_REPORTED = "not_reported"
QUANTITY_MIXED_UNITS = "quantity_mixed_units"

TRADE_COLUMNS = TABLES["trade_flows"].columns

COMTRADE_CAP = 100_000
PRIORITY_ISO3 = frozenset({"MEX", "USA", "CAN", "CHN"})

COMTRADE_FLOWS = {"X": "export", "M": "import", "RX": "re_export", "RM": "re_import"}
# primaryValue is the FOB value for exports and the CIF value for imports.
COMTRADE_VALUE_BASIS = {"export": "FOB", "re_export": "FOB", "import": "CIF", "re_import": "CIF"}
# Comtrade quantity unit codes; -1 (not available) and 1 (no quantity) give no quantity.
COMTRADE_NO_QUANTITY = frozenset({-1, 1})
COMTRADE_UNITS = {5: "number", 8: "kilograms", 12: "cubic meters", 13: "carats"}
# Comtrade-specific M49 codes that differ from the ISO numeric code in country-codes.csv.
COMTRADE_M49_ISO3 = {842: "USA", 251: "FRA", 579: "NOR", 699: "IND", 757: "CHE"}
COMTRADE_WORLD = 0
COMTRADE_OTHER_ASIA_NES = 490

USITC_FLOWS = {
    "imports_for_consumption": ("import", "Customs Value", "customs value"),
    "domestic_exports": ("export", "FAS Value", "FAS"),
}
USITC_UNITS = {
    "kilograms": "kilograms",
    "metric tons": "metric tons",
    "grams": "grams",
    "number": "number",
    "component kilograms": "kilograms (component content)",
    "component tons": "metric tons (component content)",
    "component grams": "grams (component content)",
    "gold content grams": "grams (gold content)",
    "no units collected": "",
}
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_YTD_RE = re.compile(r"^(?P<start>[A-Za-z]{3})-(?P<end>[A-Za-z]{3}) YTD$")

CENSUS_KINDS = {"country": "country", "group": "group", "world_total": "world"}

INEGI_TYPES = {"Not applicable": "Balance"}


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small dicts (no cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a CSV file as dicts (BOM removed)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh)


def _float(text: str) -> float | None:
    """A number, or None for an empty cell."""
    text = text.strip()
    return float(text) if text else None


def _true(text: str) -> bool:
    """True for the text "True" (any case)."""
    return text == "True" or text.strip().lower() == "true"


def m49_to_iso3(data_dir: Path) -> dict[int, str]:
    """UN M49 code -> ISO alpha-3 from country-codes.csv, plus Comtrade's own codes."""
    out: dict[int, str] = {}
    for r in _read(Path(data_dir) / COUNTRY_CODES_FILE):
        code, iso3 = r.get("M49", "").strip(), r.get("ISO3166-1-Alpha-3", "").strip()
        if code.isdigit() and iso3:
            out[int(code)] = iso3
    out.update(COMTRADE_M49_ISO3)
    return out


def _comtrade_place(code: int, iso3: str, m49: dict[int, str]) -> tuple[str | None, str]:
    """(iso3, place_kind) of a Comtrade reporter or partner code."""
    if code == COMTRADE_WORLD:
        return None, "world"
    if code == COMTRADE_OTHER_ASIA_NES:
        return None, "others"
    iso3 = iso3.strip() or m49.get(code, "")
    return (iso3, "country") if iso3 else (None, "unknown")


def _comtrade_flags(qty_est: bool, wgt_est: bool, aggregate: bool, reported: bool) -> str:
    """The flag text of a Comtrade record."""
    flags = []
    if qty_est:
        flags.append(QTY_ESTIMATED)
    if wgt_est:
        flags.append(NETWGT_ESTIMATED)
    if aggregate:
        flags.append(AGGREGATE)
    if not reported:
        flags.append(NOT_REPORTED)
    return merge_flags(flags)


class _ComtradeConverter:
    """Turns Comtrade records into trade_flows rows, caching place and flag look-ups."""

    def __init__(self, source_id: str, m49: dict[int, str]) -> None:
        self.source_id = source_id
        self.m49 = m49
        self._places: dict[tuple[str, str], tuple[str | None, str]] = {}
        self._flags: dict[tuple[bool, ...], str] = {}

    def place(self, code: str, iso3: str) -> tuple[str | None, str]:
        """(iso3, place_kind) of a reporter or partner, cached."""
        key = (code, iso3)
        if key not in self._places:
            self._places[key] = _comtrade_place(int(code), iso3, self.m49)
        return self._places[key]

    def row(self, r: list[str], col: dict[str, int]) -> dict:
        """One Comtrade record (a CSV row, ``col`` naming its columns) as a trade_flows row."""
        flow = COMTRADE_FLOWS[r[col["flowCode"]].strip()]
        reporter_iso3, _ = self.place(r[col["reporterCode"]], _cell(r, col, "reporterISO3"))
        partner_iso3, partner_kind = self.place(r[col["partnerCode"]], _cell(r, col, "partnerISO3"))
        hs_code = r[col["cmdCode"]].strip()
        if not hs_code.isdigit():
            hs_code = re.sub(r"\D", "", hs_code)
        unit_code = int(r[col["qtyUnitCode"]])
        no_quantity = unit_code in COMTRADE_NO_QUANTITY
        if no_quantity:
            quantity, unit = None, ""
        else:
            quantity = _float(r[col["qty"]])
            unit = COMTRADE_UNITS.get(unit_code, f"Comtrade unit code {unit_code}")
        net_weight = _float(r[col["netWgt"]])
        if net_weight == 0 and no_quantity:
            net_weight = None  # "0" beside "no quantity" means not reported, not zero
        key = (
            quantity is not None and _true(r[col["isQtyEstimated"]]),
            net_weight is not None and _true(r[col["isNetWgtEstimated"]]),
            _true(r[col["isAggregate"]]),
            _true(r[col["isReported"]]),
        )
        flags = self._flags.get(key)
        if flags is None:
            flags = self._flags[key] = _comtrade_flags(*key)
        return {
            "source_id": self.source_id,
            "reporter_iso3": reporter_iso3 or "",
            "reporter_label": r[col["reporterName"]].strip(),
            "partner_iso3": partner_iso3 or "",
            "partner_kind": partner_kind,
            "partner_label": r[col["partnerName"]].strip(),
            "flow": flow,
            "hs_code": hs_code,
            "hs_level": len(hs_code),
            "classification": r[col["classificationCode"]].strip(),
            "year": int(r[col["refYear"]]),
            "month": 0,
            "period": "annual",
            "value_usd": _float(r[col["primaryValue"]]),
            "value_basis": COMTRADE_VALUE_BASIS[flow],
            "quantity": quantity,
            "quantity_unit": unit,
            "net_weight_kg": net_weight,
            "flags": flags,
        }


def _cell(r: list[str], col: dict[str, int], name: str) -> str:
    """The cell of an optional column ("" when the file lacks it)."""
    i = col.get(name)
    return r[i] if i is not None else ""


def _read_lists(path: Path) -> tuple[dict[str, int], list[list[str]]]:
    """A CSV file as (column name -> position, data rows as lists)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        return {name.strip(): i for i, name in enumerate(header)}, [r for r in reader if r]


def _comtrade_rows(path: Path, source_id: str, data_dir: Path) -> list[dict]:
    """Read one Comtrade extract, keeping the total row of each duplicated record."""
    with _gc_paused():
        return _comtrade_rows_unpaused(path, source_id, data_dir)


def _comtrade_rows_unpaused(path: Path, source_id: str, data_dir: Path) -> list[dict]:
    """See :func:`_comtrade_rows`."""
    convert = _ComtradeConverter(source_id, m49_to_iso3(data_dir))
    col, records = _read_lists(path)
    key_cols = [col[c] for c in ("reporterCode", "partnerCode", "flowCode", "cmdCode", "refYear")]
    value_col = col["primaryValue"]
    best: dict[tuple, tuple[float, int]] = {}
    for i, r in enumerate(records):
        key = tuple(r[c] for c in key_cols)
        value = _float(r[value_col]) or 0.0
        # Largest value wins (the total of the breakdown rows); first row wins a tie.
        if key not in best or value > best[key][0]:
            best[key] = (value, i)
    kept = sorted(i for _, i in best.values())
    rows = [convert.row(records[i], col) for i in kept]
    if len(records) != len(rows):
        logger.info(
            "%s: %d records, %d breakdown/duplicate rows dropped",
            path.name,
            len(records),
            len(records) - len(rows),
        )
    return rows


def comtrade_metals_rows(data_dir: Path) -> list[dict]:
    """trade_flows rows from the Comtrade extract of 16 metal headings (exports, 2015-2024)."""
    return _comtrade_rows(Path(data_dir) / COMTRADE_METALS_FILE, COMTRADE_METALS_SOURCE, data_dir)


def comtrade_us_china_rows(data_dir: Path) -> list[dict]:
    """trade_flows rows from the Comtrade U.S.-China critical-minerals extract (2020-2024)."""
    return _comtrade_rows(
        Path(data_dir) / COMTRADE_US_CHINA_FILE, COMTRADE_US_CHINA_SOURCE, data_dir
    )


def row_key(row: dict) -> tuple:
    """The trade_flows key of a row, as a sortable tuple of text."""
    return tuple(
        "" if row.get(c) is None else str(row.get(c))
        for c in (
            "source_id",
            "reporter_iso3",
            "partner_label",
            "flow",
            "hs_code",
            "year",
            "month",
            "period",
        )
    )


def is_priority(row: dict) -> bool:
    """True if Mexico, the United States, Canada or China is reporter or partner."""
    return row.get("reporter_iso3") in PRIORITY_ISO3 or row.get("partner_iso3") in PRIORITY_ISO3


def _rank(row: dict) -> tuple:
    """Sort key: priority rows first, then descending value, then the row key and content."""
    value = row.get("value_usd")
    return (
        0 if is_priority(row) else 1,
        -(value if value is not None else float("-inf")),
        row_key(row),
        tuple(str(row.get(c)) for c in TRADE_COLUMNS),
    )


def select_comtrade(rows: list[dict], cap: int = COMTRADE_CAP) -> list[dict]:
    """At most ``cap`` Comtrade rows: all MEX/USA/CAN/CHN rows first, then by value."""
    ranked = sorted(rows, key=_rank)
    n_priority = sum(1 for r in rows if is_priority(r))
    if n_priority > cap:
        logger.warning("%d priority Comtrade rows exceed the cap of %d", n_priority, cap)
    kept = ranked[:cap]
    logger.info(
        "Comtrade: %d of %d rows kept (%d priority)", len(kept), len(rows), min(n_priority, cap)
    )
    return kept


def _usitc_period(text: str) -> tuple[str, int]:
    """("annual", 0) or ("ytd", last month covered) from a USITC period label."""
    text = text.strip()
    if text.lower() == "annual":
        return "annual", 0
    m = _YTD_RE.match(text)
    if not m or m.group("start").lower() != "jan":
        raise ValueError(f"unknown USITC period {text!r}")
    return "ytd", _MONTHS[m.group("end").lower()]


def usitc_rows(data_dir: Path, resolver: PlaceResolver | None = None) -> list[dict]:
    """trade_flows rows from USITC DataWeb (U.S. imports/exports by HTS4, 18 partners)."""
    if resolver is None:
        from .countries import PlaceResolver

        resolver = PlaceResolver(data_dir)
    # (flow, partner, hts4, year, period) -> value by unit, quantity by unit
    values: dict[tuple, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    quantities: dict[tuple, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    second_unit = 0
    for r in _read(Path(data_dir) / USITC_FILE):
        _, value_measure, _ = USITC_FLOWS[r["flow"].strip()]
        key = (
            r["flow"].strip(),
            r["partner"].strip(),
            r["hts4"].strip(),
            int(r["year"]),
            r["period"].strip(),
        )
        measure = r["measure"].strip()
        unit = r["quantity_description"].strip()
        value = float(r["value"])
        if measure == value_measure:
            values[key][unit.removeprefix("Value for:").strip()] += value
        elif measure == "First Unit of Quantity":
            quantities[key][unit] += value
        elif measure == "Second Unit of Quantity":
            second_unit += 1
        else:
            raise ValueError(f"unexpected USITC measure {measure!r} for {r['flow']}")
    rows = []
    for key in sorted(set(values) | set(quantities)):
        raw_flow, partner, hts4, year, period_text = key
        flow, _, basis = USITC_FLOWS[raw_flow]
        period, month = _usitc_period(period_text)
        iso3, kind = resolver.resolve(partner)
        by_unit_value, by_unit_qty = values.get(key, {}), quantities.get(key, {})
        units = set(by_unit_value) | set(by_unit_qty)
        # Units that carry trade; with no trade at all, every unit the heading lists.
        active = {u for u in units if by_unit_value.get(u) or by_unit_qty.get(u)}
        quantity: float | None = None
        unit_label = ""
        flags = []
        if len(active) > 1:
            flags.append(QUANTITY_MIXED_UNITS)  # kg and number cannot be added up
        elif len(active or units) == 1:
            (unit,) = active or units
            unit_label = USITC_UNITS.get(unit, unit)
            if unit_label and unit in by_unit_qty:
                quantity = by_unit_qty[unit]
        rows.append(
            {
                "source_id": USITC_SOURCE,
                "reporter_iso3": "USA",
                "reporter_label": "United States",
                "partner_iso3": iso3 if kind == "country" and iso3 else "",
                "partner_kind": kind,
                "partner_label": partner,
                "flow": flow,
                "hs_code": hts4,
                "hs_level": len(hts4),
                "classification": "HTS",
                "year": year,
                "month": month,
                "period": period,
                "value_usd": sum(by_unit_value.values()) if by_unit_value else None,
                "value_basis": basis,
                "quantity": quantity,
                "quantity_unit": unit_label,
                "net_weight_kg": None,
                "flags": merge_flags(flags),
            }
        )
    logger.info(
        "USITC: %d rows; %d second-unit-of-quantity records not ingested", len(rows), second_unit
    )
    return rows


def census_rows(data_dir: Path, resolver: PlaceResolver | None = None) -> list[dict]:
    """trade_flows rows from U.S. Census general imports by HS2 and partner, monthly."""
    if resolver is None:
        from .countries import PlaceResolver

        resolver = PlaceResolver(data_dir)
    rows = []
    for r in _read(Path(data_dir) / CENSUS_FILE):
        label = r["partner"].strip()
        kind = CENSUS_KINDS[r["partner_type"].strip()]
        iso3 = ""
        if kind == "country":
            found, found_kind = resolver.resolve(label)
            if found and found_kind == "country":
                iso3 = found
            else:
                logger.warning(
                    "Census partner %r (%s) not resolved to a country", label, r["census_cty_code"]
                )
        hs2 = r["hs2"].strip()
        rows.append(
            {
                "source_id": CENSUS_SOURCE,
                "reporter_iso3": "USA",
                "reporter_label": "United States",
                "partner_iso3": iso3,
                "partner_kind": kind,
                "partner_label": label,
                "flow": "import",
                "hs_code": hs2,
                "hs_level": len(hs2),
                "classification": "HS",
                "year": int(r["year"]),
                "month": int(r["month"]),
                "period": "month",
                "value_usd": _float(r["general_imports_usd"]),
                "value_basis": "general imports, customs value",
                "quantity": None,
                "quantity_unit": "",
                "net_weight_kg": None,
                "flags": "",
            }
        )
    return rows


def inegi_rows(data_dir: Path) -> list[dict]:
    """mexico_trade_balance rows from INEGI's monthly trade balance (US$ millions)."""
    rows = []
    for r in _read(Path(data_dir) / INEGI_FILE):
        raw_type = r["type"].strip()
        rows.append(
            {
                "source_id": INEGI_SOURCE,
                "year": int(r["year"]),
                "month": int(r["month"]),
                "type": INEGI_TYPES.get(raw_type, raw_type),
                "concept": r["concept"].strip(),
                "value_usd_millions": _float(r["value_usd_millions"]),
                "status": r["status"].strip(),
            }
        )
    return rows


def comtrade_mexico_rows(data_dir: Path) -> list[dict[str, str]]:
    """The derived Mexico bilateral Comtrade file, raw (for cross-checks only, not ingested)."""
    return list(_read(Path(data_dir) / COMTRADE_MEXICO_FILE))
