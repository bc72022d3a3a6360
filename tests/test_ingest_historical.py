"""Tests for the DS140 and Minerals Yearbook 2022 rare-earth readers."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from openpyxl import Workbook

from minref.catalog.tables import TABLES
from minref.ingest import historical
from minref.ingest.countries import PlaceResolver
from minref.ingest.sources import SOURCE_IDS

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reference"


@pytest.fixture(scope="module")
def data(shared_data: Path) -> Path:
    """The real raw files (../shared/data or $MINREF_SHARED_DATA); skips when absent."""
    return shared_data


def check_rows(rows: list[dict]) -> None:
    """Rows fit ``ree_history``: exact columns, known source, typed values, unique keys."""
    table = TABLES["ree_history"]
    assert rows
    for row in rows:
        assert tuple(row) == table.columns, row
        assert row["source_id"] in SOURCE_IDS
        assert row["year"] is None or isinstance(row["year"], int)
        assert row["value"] is None or isinstance(row["value"], float)
        assert row["raw"] != ""
        assert row["place_kind"] in ("country", "world", "others", "group", "")
    keys = Counter(tuple(row[k] for k in table.key) for row in rows)
    assert [k for k, n in keys.items() if n > 1] == []


def find(rows: list[dict], **match) -> dict:
    hits = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(hits) == 1, (match, hits)
    return hits[0]


# ------------------------------------------------------- synthetic workbooks


def _ds140_book(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Rare earths"
    ws.append(["RARE EARTHS STATISTICS1"])
    ws.append(["U.S. GEOLOGICAL SURVEY"])
    ws.append(
        ["[All quantities in metric tons (t) rare-earth oxide equivalent unless otherwise noted]"]
    )
    ws.append(["Last modification: September 27, 2023"])
    ws.append(
        [
            "Year",
            "Production",
            "Imports",
            "Exports",
            "Apparent consumption",
            "Unit value ($/t)",
            "Unit value (98$/t)",
            "World production",
        ]
    )
    ws.append([1956, "W", 27.8, 19.5, 2720, 5070, 30400, 5230])
    ws.append([1957, 499, None, "NA", 2720, 1920, 11200, 5980])
    ws.append(["NA Not available. W Withheld to avoid disclosing company proprietary data."])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def _myb_book(path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Note"
    t8 = wb.create_sheet("T8")
    t8.append(["TABLE 8"])
    t8.append(["RARE EARTHS: WORLD MINE PRODUCTION, BY COUNTRY OR LOCALITY1"])
    t8.append([])
    t8.append(["(Metric tons, rare-earth oxide equivalent)"])
    t8.append([])
    t8.append(["Country or locality2", None, 2021, None, 2022])
    t8.append(["Burmae", None, 34700, None, 12000])
    t8.append(["China3", None, 168000, None, 210000, "e"])
    t8.append(["Thailande, 4", None, 8200, None, None])
    t8.append(["Total", None, 290000, "r", 297000])
    t8.append(["eEstimated.  rRevised.  -- Zero."])
    t8.append(["1Table includes data available through April 1, 2024."])
    t8.append(["2Other countries may have produced rare earths."])
    t8.append(["3Official production quota."])
    t8.append(["4Rare-earth oxide content of exports."])
    t6 = wb.create_sheet("T6")
    t6.append(["TABLE 6"])
    t6.append(["U.S. IMPORTS FOR CONSUMPTION OF RARE-EARTH COMPOUNDS, BY COUNTRY OR LOCALITY1"])
    t6.append([])
    t6.append([None, None, None, None, "2021", None, None, None, "2022"])
    t6.append([None, None, None, None, "Gross weight", None, None, None, "Gross weight"])
    t6.append(
        [
            "Category and country or locality",
            None,
            "HTS code2",
            None,
            "(kilograms)",
            None,
            "Value",
            None,
            "(kilograms)",
            None,
            "Value",
        ]
    )
    t6.append(["Cerium oxides:", None, "2846.10.0010"])
    t6.append(["China ", None, None, None, 334000, None, 1990000, None, 209000, None, 1700000])
    t6.append(["Other", None, None, None, 32300, "r", 991000, None, "--", None, "--"])
    t6.append(["Total", None, None, None, 366300, None, 2981000, None, 209000, None, 1700000])
    t6.append(
        [
            "Total estimated REO equivalent content",
            None,
            None,
            None,
            366300,
            None,
            "XX",
            None,
            209000,
            None,
            "XX",
        ]
    )
    t6.append(["Chlorides:"])
    t6.append(
        [
            "Scandium or yttrium chloride mixtures, Russia",
            None,
            "2846.90.2082",
            None,
            35,
            None,
            39000,
            None,
            "--",
            None,
            "--",
        ]
    )
    t6.append(["rRevised.  XX Not applicable.  -- Zero."])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def test_ds140_synthetic(tmp_path: Path) -> None:
    _ds140_book(tmp_path / historical.DS140_FILE)
    rows = historical.ds140_rows(tmp_path)
    check_rows(rows)
    assert len(rows) == 13  # 14 cells, one blank
    withheld = find(rows, year=1956, statistic="us_production")
    assert withheld["value"] is None and withheld["flags"] == "withheld"
    assert withheld["country_iso3"] == "USA" and withheld["place_kind"] == "country"
    na = find(rows, year=1957, statistic="exports")
    assert na["value"] is None and na["flags"] == "not_available" and na["raw"] == "NA"
    world = find(rows, year=1957, statistic="world_production")
    assert world["value"] == 5980.0 and world["place_kind"] == "world"
    assert world["unit"] == "metric tons (t) rare-earth oxide equivalent"
    assert find(rows, year=1956, statistic="imports")["raw"] == "27.8"
    assert find(rows, year=1956, statistic="unit_value_usd_per_t")["unit"] == "$/t"
    assert not [r for r in rows if r["year"] == 1957 and r["statistic"] == "imports"]


def test_myb_synthetic(tmp_path: Path) -> None:
    _myb_book(tmp_path / historical.MYB_FILE)
    rows = historical.myb2022_rows(tmp_path, PlaceResolver(FIXTURES))
    check_rows(rows)
    t8 = [r for r in rows if r["table_id"] == "T8"]
    assert len(t8) == 7
    burma = find(t8, country_label="Burma", year=2021)
    assert burma["country_iso3"] == "MMR" and burma["flags"] == "estimated"
    china = find(t8, country_iso3="CHN", year=2022)
    assert china["flags"] == "estimated" and china["note"] == "Official production quota."
    assert find(t8, country_iso3="CHN", year=2021)["flags"] == ""
    thai = find(t8, country_iso3="THA", year=2021)
    assert thai["country_label"] == "Thailand" and thai["flags"] == "estimated"
    assert thai["note"] == "Rare-earth oxide content of exports."
    total = find(t8, place_kind="world", year=2021)
    assert total["value"] == 290000.0 and total["flags"] == "revised"
    assert total["unit"] == "Metric tons, rare-earth oxide equivalent"

    t6 = [r for r in rows if r["table_id"] == "T6"]
    other = find(t6, statistic="imports_cerium_oxides_gross_weight", place_kind="others", year=2021)
    assert other["flags"] == "revised" and other["unit"] == "kilograms"
    assert other["note"] == "Cerium oxides; HTS 2846.10.0010"
    zero = find(t6, statistic="imports_cerium_oxides_value", place_kind="others", year=2022)
    assert zero["value"] == 0.0 and zero["flags"] == "zero"
    reo = [r for r in t6 if r["statistic"] == "imports_cerium_oxides_reo_content"]
    assert len(reo) == 2  # the XX value cells are skipped
    russia = find(
        t6,
        country_iso3="RUS",
        year=2021,
        statistic="imports_scandium_or_yttrium_chloride_mixtures_value",
    )
    assert russia["value"] == 39000.0


def test_helpers() -> None:
    assert historical.slug("Rare-earth metals and alloys") == "rare_earth_metals_and_alloys"
    assert historical.marker_flags("e") == (["estimated"], [])
    assert historical.marker_flags(6) == ([], ["6"])
    assert historical.marker_flags(" ") == ([], [])


# ---------------------------------------------------------------- real data


def test_ds140_real(data: Path) -> None:
    rows = historical.ds140_rows(data)
    check_rows(rows)
    assert len(rows) == 121 * 7  # 1900-2020, seven columns, no blank cells
    # Values read off the sheet by eye.
    assert find(rows, year=1965, statistic="us_production")["value"] == 2900.0
    assert find(rows, year=2020, statistic="us_production")["value"] == 39000.0
    assert find(rows, year=1900, statistic="world_production")["value"] == 1040.0
    assert find(rows, year=1920, statistic="apparent_consumption")["raw"] == "9.99"
    assert find(rows, year=2005, statistic="unit_value_usd_per_t")["value"] == 6595.0
    assert find(rows, year=1956, statistic="us_production")["flags"] == "withheld"
    assert find(rows, year=2011, statistic="apparent_consumption")["flags"] == "not_available"
    assert Counter(r["flags"] for r in rows) == {"": 695, "not_available": 150, "withheld": 2}


def test_myb2022_real(data: Path) -> None:
    resolver = PlaceResolver(data)
    rows = historical.myb2022_rows(data, resolver)
    check_rows(rows)
    assert resolver.unknown_labels() == set()
    assert Counter(r["table_id"] for r in rows) == {
        "T1": 65,
        "T3": 22,
        "T4": 180,
        "T5": 104,
        "T6": 216,
        "T7": 130,
        "T8": 65,
    }
    t8 = [r for r in rows if r["table_id"] == "T8"]
    assert {r["year"] for r in t8} == {2018, 2019, 2020, 2021, 2022}
    china = find(t8, country_iso3="CHN", year=2022)
    assert china["value"] == 210000.0 and china["flags"] == "estimated"
    assert china["note"].startswith("Official production quota")
    burma = find(t8, country_iso3="MMR", year=2020)
    assert burma["value"] == 35500.0 and burma["flags"] == "estimated"
    assert burma["country_label"] == "Burma"
    assert find(t8, country_iso3="BDI", year=2022)["flags"] == "zero"
    india = find(t8, country_iso3="IND", year=2022)
    assert india["flags"] == "estimated" and "Atomic Energy" in india["note"]
    us = find(t8, country_iso3="USA", year=2021)
    assert us["value"] == 42400.0 and us["note"].startswith("Includes bastnaesite only")
    total = find(t8, place_kind="world", year=2021)
    assert total["value"] == 290000.0 and total["flags"] == "revised"

    t1 = [r for r in rows if r["table_id"] == "T1"]
    prod = find(t1, statistic="us_production", year=2018)
    assert prod["value"] == 14000.0 and prod["flags"] == "estimated"
    world = find(t1, statistic="world_production", year=2021)
    assert world["flags"] == "revised" and world["place_kind"] == "world"
    assert find(t1, statistic="exports_cerium_compounds", year=2022)["value"] == 703.0

    japan = find(
        rows,
        table_id="T6",
        statistic="imports_cerium_oxides_gross_weight",
        country_iso3="JPN",
        year=2021,
    )
    assert japan["value"] == 523000.0
    other = find(
        rows,
        table_id="T4",
        statistic="exports_cerium_compounds_value",
        place_kind="others",
        year=2021,
    )
    assert other["value"] == 1630000.0 and other["flags"] == "revised"
    nd = find(rows, table_id="T3", statistic="price_neodymium_oxide", year=2022)
    assert nd["value"] == 134.0 and nd["unit"] == "dollars per kilogram"
