"""Reader for Mexico's own declarations to UN Comtrade by HS4 heading and main partner,
2015-2021 (coderchemivan/Comercio_exterior, ``app/data/world_trade.csv`` with its
``countries.csv`` look-up), and for the register of published claims about Mexico's mining.

The original file is read (not the derived extract), restricted to the mineral chapters
25, 26, 28, 71 and 72-81 so that the catalog stays within the Comtrade record budget.
Every row carries the flag ``main_partners_only``: the pulling script kept only the main
partners of each year x heading x flow, so a partner absent in a year is "below the cut",
never zero.  World (partner 0) rows are kept as ``partner_kind = "world"``; they exist for
every heading only in 2015.
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path

from minref.catalog.flags import MAIN_PARTNERS_ONLY

from .refresh import RefreshError

logger = logging.getLogger(__name__)

FOLDER = Path("trade") / "mexico" / "comtrade_mexico_reported_hs4_2015_2021"
TRADE_FILE = FOLDER / "original" / "world_trade.csv"
COUNTRIES_FILE = FOLDER / "original" / "countries.csv"
CLAIMS_REGISTER_FILE = Path("reference") / "mexico_mining_claims_register.csv"

SOURCE_ID = "un-comtrade-mexico-hs4"
CLAIMS_REGISTER_SOURCE = "minref-claims-register"

MINERAL_CHAPTERS = frozenset({"25", "26", "28", "71"} | {str(c) for c in range(72, 82)})
FLOWS = {"1": "import", "2": "export"}  # imp_exp as coded by the source's scraper
VALUE_BASIS = {"export": "FOB", "import": "CIF"}
WORLD = "0"
OTHER_ASIA_NES = "490"  # Comtrade's "Other Asia, nes"; the source's look-up calls it Taipei
COLUMNS = ("year", "SA_4", "imp_exp", "partner_code", "tradevalue")


class MexicoHs4Error(RefreshError):
    """The source file is not in the expected form (the message names the line)."""


def _partners(path: Path) -> dict[str, tuple[str, str]]:
    """Comtrade partner code -> (ISO3, name) from the source's Latin-1 countries.csv."""
    out = {}
    with path.open(encoding="latin-1", newline="") as fh:
        for r in csv.DictReader(fh):
            out[r["partner_code"].strip()] = (r["iso_3"].strip(), r["name"].strip())
    return out


def _place(code: str, partners: dict[str, tuple[str, str]], line: int) -> tuple[str, str, str]:
    """(iso3, kind, label) of a partner code."""
    if code == WORLD:
        return "", "world", "World"
    if code == OTHER_ASIA_NES:
        return "", "others", "Other Asia, nes"
    if code not in partners:
        raise MexicoHs4Error(f"{TRADE_FILE}, line {line}: partner code {code!r} not in the look-up")
    iso3, name = partners[code]
    if len(iso3) != 3 or not iso3.isalpha():
        raise MexicoHs4Error(f"{TRADE_FILE}, line {line}: partner {code!r} has no ISO3 code")
    return iso3, "country", name


def mexico_hs4_rows(data_dir: Path) -> list[dict]:
    """trade_flows rows of Mexico's declarations by HS4 heading, chapters 25-28, 71-81."""
    data_dir = Path(data_dir)
    partners = _partners(data_dir / COUNTRIES_FILE)
    rows: list[dict] = []
    seen: set[tuple] = set()
    with (data_dir / TRADE_FILE).open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise MexicoHs4Error(f"{TRADE_FILE}: columns missing: {', '.join(missing)}")
        for line, r in enumerate(reader, start=2):
            hs4 = r["SA_4"].strip().zfill(4)
            if not (hs4.isdigit() and len(hs4) == 4 and r["year"].strip().isdigit()):
                raise MexicoHs4Error(f"{TRADE_FILE}, line {line}: not a data row: {r!r}")
            if hs4[:2] not in MINERAL_CHAPTERS:
                continue
            flow = FLOWS.get(r["imp_exp"].strip())
            if flow is None:
                raise MexicoHs4Error(f"{TRADE_FILE}, line {line}: imp_exp {r['imp_exp']!r}")
            try:
                value = float(r["tradevalue"])
            except ValueError:
                raise MexicoHs4Error(
                    f"{TRADE_FILE}, line {line}: trade value {r['tradevalue']!r}"
                ) from None
            if not (value >= 0 and value != float("inf")):
                raise MexicoHs4Error(f"{TRADE_FILE}, line {line}: trade value {value!r}")
            iso3, kind, label = _place(r["partner_code"].strip(), partners, line)
            year = int(r["year"])
            key = (flow, hs4, year, label)
            if key in seen:
                raise MexicoHs4Error(f"{TRADE_FILE}, line {line}: duplicate record {key}")
            seen.add(key)
            rows.append(
                {
                    "source_id": SOURCE_ID,
                    "reporter_iso3": "MEX",
                    "reporter_label": "Mexico",
                    "partner_iso3": iso3,
                    "partner_kind": kind,
                    "partner_label": label,
                    "flow": flow,
                    "hs_code": hs4,
                    "hs_level": 4,
                    "classification": "HS",
                    "year": year,
                    "month": 0,
                    "period": "annual",
                    "value_usd": value,
                    "value_basis": VALUE_BASIS[flow],
                    "quantity": None,
                    "quantity_unit": "",
                    "net_weight_kg": None,
                    "flags": MAIN_PARTNERS_ONLY,
                }
            )
    logger.info("Mexico HS4 (Comtrade, main partners): %d rows", len(rows))
    return rows


def claims_register_rows(data_dir: Path) -> list[dict]:
    """The register of published claims about Mexico's mining (who, where, when)."""
    path = Path(data_dir) / CLAIMS_REGISTER_FILE
    out = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for i, r in enumerate(csv.DictReader(fh), start=1):
            out.append(
                {
                    "source_id": CLAIMS_REGISTER_SOURCE,
                    "entry": i,
                    **{k: (r.get(k) or "").strip() for k in REGISTER_COLUMNS},
                }
            )
    return out


REGISTER_COLUMNS = (
    "claim_group",
    "claim_paraphrased",
    "figure",
    "unit",
    "originator",
    "published_by",
    "url",
    "date",
    "notes",
)
