"""Tests for the trade readers (Comtrade, USITC, Census, INEGI) and the IEA reader.

Real-data tests read ../shared/data (or $MINREF_SHARED_DATA) and are skipped when it
is absent; fixture tests use small excerpts in tests/fixtures/trade and always run.
Expected numbers were typed in from the raw files, not recomputed by the readers' code.
"""

from __future__ import annotations

import csv
import random
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from minref.catalog.tables import TABLES
from minref.ingest import trade
from minref.ingest.iea import iea_rows, iea_source_text
from minref.ingest.sources import SOURCE_IDS
from tests.sources_md import SILVER_TO_US_BN

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "trade"
TRADE = TABLES["trade_flows"]
PRIORITY = {"MEX", "USA", "CAN", "CHN"}


def _raw(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _check_table(rows: list[dict], table_name: str) -> None:
    """Exact columns, a known source id and a unique key on every row."""
    table = TABLES[table_name]
    assert rows
    for r in rows:
        assert tuple(r) == table.columns or set(r) == set(table.columns)
        assert r["source_id"] in SOURCE_IDS
        for c in table.integer:
            assert r[c] is None or isinstance(r[c], int)
        for c in table.real:
            assert r[c] is None or isinstance(r[c], (int, float))
        for c in set(table.columns) - set(table.integer) - set(table.real):
            assert isinstance(r[c], str), (c, r)
    keys = Counter(tuple(r[c] for c in table.key) for r in rows)
    assert [k for k, n in keys.items() if n > 1] == []


def _find(rows: list[dict], **match) -> dict:
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


# --------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def shared(shared_data) -> Path:
    return shared_data


@pytest.fixture(scope="module")
def metals(shared: Path) -> list[dict]:
    return trade.comtrade_metals_rows(shared)


@pytest.fixture(scope="module")
def us_china(shared: Path) -> list[dict]:
    return trade.comtrade_us_china_rows(shared)


@pytest.fixture(scope="module")
def usitc(shared: Path) -> list[dict]:
    return trade.usitc_rows(shared)


@pytest.fixture(scope="module")
def census(shared: Path) -> list[dict]:
    return trade.census_rows(shared)


def test_real_row_counts(shared, metals, us_china, usitc, census):
    # 179,962 Comtrade records, of which 33,492 are breakdown rows or exact repeats.
    assert len(_raw(shared / trade.COMTRADE_METALS_FILE)) == 179_962
    assert len(metals) == 146_470
    assert len(_raw(shared / trade.COMTRADE_US_CHINA_FILE)) == 632
    assert len(us_china) == 587
    # 103,548 long USITC rows pivot to one row per (flow, partner, hts4, year, period).
    assert len(usitc) == 26_009
    assert len(census) == 30_046
    assert len(trade.inegi_rows(shared)) == 2_556
    assert len(iea_rows(shared)) == 3_540


def test_real_tables_well_formed(shared, metals, us_china, usitc, census):
    for rows in (metals, us_china, usitc, census):
        _check_table(rows, "trade_flows")
    _check_table(trade.inegi_rows(shared), "mexico_trade_balance")
    _check_table(iea_rows(shared), "iea_outlook")


def test_comtrade_keeps_total_of_breakdown_rows(metals):
    # Raw: DEU->CHN 283691 2015 appears as 9681.854 (total) = 865.045 + 8816.809.
    r = _find(metals, reporter_iso3="DEU", partner_iso3="CHN", hs_code="283691", year=2015)
    assert r["value_usd"] == 9681.854
    assert r["quantity"] == 1114.038
    # Raw: DEU->MEX 8108 2015: 698209.193 = 623515.85 + 67674.276 + 7019.067.
    r = _find(metals, reporter_iso3="DEU", partner_iso3="MEX", hs_code="8108", year=2015)
    assert r["value_usd"] == 698209.193


def test_comtrade_known_values(metals, us_china):
    r = _find(metals, reporter_iso3="AUS", partner_iso3="USA", hs_code="282520", year=2015)
    assert (r["value_usd"], r["quantity"], r["quantity_unit"], r["net_weight_kg"]) == (
        15859.0,
        290.0,
        "kilograms",
        290.0,
    )
    assert (r["flow"], r["value_basis"], r["classification"], r["hs_level"]) == (
        "export",
        "FOB",
        "H4",
        6,
    )
    assert r["flags"] == ""
    r = _find(
        us_china,
        reporter_iso3="CHN",
        partner_kind="world",
        flow="import",
        hs_code="282200",
        year=2020,
    )
    assert r["value_usd"] == 55801303.0 and r["value_basis"] == "CIF"
    assert r["partner_iso3"] == "" and r["partner_label"] == "World"
    assert r["flags"] == "aggregate netwgt_estimated not_reported qty_estimated"
    # Comtrade's 842 for the United States is mapped to USA; 180 to COD.
    assert {r["reporter_iso3"] for r in us_china} == {"USA", "CHN", "AUS", "IDN", "COD"}


def test_comtrade_primary_value_is_fob_for_exports_cif_for_imports(shared):
    for r in _raw(shared / trade.COMTRADE_US_CHINA_FILE):
        column = "fobvalue" if r["flowCode"] == "X" else "cifvalue"
        assert float(r[column]) == float(r["primaryValue"])
    for r in _raw(shared / trade.COMTRADE_METALS_FILE)[:5000]:
        assert r["flowCode"] == "X" and float(r["fobvalue"]) == float(r["primaryValue"])


def test_mexico_silver_to_us_matches_sources_md(metals):
    # SOURCES.md §9 (2019 is allowed 0.01: the document rounds 1.845 bn up)
    stated = SILVER_TO_US_BN
    for year, bn in stated.items():
        r = _find(metals, reporter_iso3="MEX", partner_iso3="USA", hs_code="7106", year=year)
        tolerance = 0.01 if year == 2019 else 0.005
        assert abs(r["value_usd"] / 1e9 - bn) <= tolerance, (year, r["value_usd"])
    assert (
        _find(metals, reporter_iso3="MEX", partner_iso3="USA", hs_code="7106", year=2019)[
            "value_usd"
        ]
        == 1844938815.0
    )


def test_us_imports_of_2846_from_china_match_sources_md(us_china):
    # SOURCES.md §5: US$46 M (2020) and US$116 M (2024).
    for year, millions, raw in ((2020, 46, 45649703.0), (2024, 116, 116100303.0)):
        r = _find(
            us_china,
            reporter_iso3="USA",
            partner_iso3="CHN",
            flow="import",
            hs_code="2846",
            year=year,
        )
        assert r["value_usd"] == raw
        assert round(r["value_usd"] / 1e6) == millions


def test_derived_mexico_file_agrees_with_comtrade_rows(shared, metals):
    by_key = {(r["reporter_iso3"], r["partner_iso3"], r["year"], r["hs_code"]): r for r in metals}
    derived = trade.comtrade_mexico_rows(shared)
    own = [d for d in derived if d["view"] == "mexico_reported_export"]
    assert len(own) == 208
    for d in own:
        r = by_key[("MEX", d["importer_iso3"], int(d["year"]), d["hs_code"])]
        assert r["value_usd"] == float(d["value_usd"]), d
    # The mirror view still holds Comtrade's breakdown rows; the row kept is their total.
    mirror: dict[tuple, list[float]] = defaultdict(list)
    for d in derived:
        if d["view"] == "partner_reported_export_to_mexico":
            mirror[(d["exporter_iso3"], int(d["year"]), d["hs_code"])].append(float(d["value_usd"]))
    for (exporter, year, hs), values in mirror.items():
        assert by_key[(exporter, "MEX", year, hs)]["value_usd"] == max(values)


def test_comtrade_no_quantity_invented_for_unit_minus_one(shared, metals, us_china):
    for path, rows, iso in (
        (trade.COMTRADE_METALS_FILE, metals, True),
        (trade.COMTRADE_US_CHINA_FILE, us_china, False),
    ):
        raw = _raw(shared / path)
        no_unit = {
            (
                r["reporterISO3"] if iso else r["reporterName"],
                r["partnerName"],
                r["cmdCode"],
                int(r["refYear"]),
                r["flowCode"],
            )
            for r in raw
            if r["qtyUnitCode"] == "-1"
        }
        assert no_unit
        flows = {v: k for k, v in trade.COMTRADE_FLOWS.items()}
        seen = 0
        for r in rows:
            reporter = r["reporter_iso3"] if iso else r["reporter_label"]
            key = (reporter, r["partner_label"], r["hs_code"], r["year"], flows[r["flow"]])
            if key in no_unit:
                seen += 1
                assert r["quantity"] is None and r["quantity_unit"] == ""
                assert r["net_weight_kg"] != 0
                assert "qty_estimated" not in r["flags"]
        assert seen
    # Mexico's silver: quantity 0 with no unit in the raw file.
    r = _find(metals, reporter_iso3="MEX", partner_iso3="USA", hs_code="7106", year=2015)
    assert r["quantity"] is None and r["net_weight_kg"] is None
    # A stated 0 with a real unit stays 0 (AUS->IND 282520 2015: qty 0.0, unit 8).
    r = _find(metals, reporter_iso3="AUS", partner_iso3="IND", hs_code="282520", year=2015)
    assert r["quantity"] == 0.0 and r["quantity_unit"] == "kilograms"


def test_select_comtrade_real(metals, us_china):
    union = metals + us_china
    kept = trade.select_comtrade(union)
    assert len(kept) == 100_000
    priority = [r for r in union if r["reporter_iso3"] in PRIORITY or r["partner_iso3"] in PRIORITY]
    assert len(priority) == 30_864
    kept_ids = {id(r) for r in kept}
    assert all(id(r) in kept_ids for r in priority)
    # The rest are the largest non-priority flows.
    priority_ids = {id(p) for p in priority}
    rest = [r for r in kept if id(r) not in priority_ids]
    smallest_kept = min(r["value_usd"] for r in rest)
    dropped = [r for r in union if id(r) not in kept_ids]
    assert max(r["value_usd"] for r in dropped) <= smallest_kept
    shuffled = list(union)
    random.Random(7).shuffle(shuffled)
    again = trade.select_comtrade(shuffled)
    assert [trade.row_key(r) for r in again] == [trade.row_key(r) for r in kept]


def test_usitc_known_values(usitc):
    r = _find(
        usitc, flow="import", partner_label="China", hs_code="2846", year=2024, period="annual"
    )
    assert (r["value_usd"], r["quantity"], r["quantity_unit"]) == (
        112644992.0,
        10240357.0,
        "kilograms",
    )
    assert (
        r["reporter_iso3"],
        r["partner_iso3"],
        r["value_basis"],
        r["classification"],
        r["month"],
    ) == ("USA", "CHN", "customs value", "HTS", 0)
    r = _find(usitc, flow="import", partner_label="China", hs_code="2846", year=2026, period="ytd")
    assert (r["month"], r["value_usd"], r["quantity"]) == (4, 96366817.0, 4301236.0)
    # 8505 from China, 2024: value for "number" lines 415,224,516 + "kilograms" lines
    # 71,690,142 = 486,914,658; quantities in two units cannot be added.
    r = _find(
        usitc, flow="import", partner_label="China", hs_code="8505", year=2024, period="annual"
    )
    assert r["value_usd"] == 486914658.0
    assert r["quantity"] is None and r["flags"] == "quantity_mixed_units"
    # Manganese ore from South Africa: first unit (gross kg), not the second (Mn content).
    r = _find(
        usitc,
        flow="import",
        partner_label="South Africa",
        hs_code="2602",
        year=2024,
        period="annual",
    )
    assert (r["value_usd"], r["quantity"]) == (15362176.0, 79529845.0)
    r = _find(
        usitc, flow="export", partner_label="Canada", hs_code="2602", year=2024, period="annual"
    )
    assert (r["value_usd"], r["quantity"], r["value_basis"]) == (494283.0, 1138630.0, "FAS")


def test_usitc_partners_and_periods(usitc):
    partners = {r["partner_label"]: r["partner_iso3"] for r in usitc}
    assert len(partners) == 18
    assert "" not in partners.values() and "MEX" not in partners.values()
    assert partners["Myanmar (Burma)"] == "MMR"
    assert partners["Democratic Republic of the Congo"] == "COD"
    assert partners["South Korea"] == "KOR"
    assert {(r["period"], r["month"]) for r in usitc} == {("annual", 0), ("ytd", 4)}
    assert {r["year"] for r in usitc if r["period"] == "ytd"} == {2025, 2026}
    assert all(r["reporter_iso3"] == "USA" for r in usitc)


def test_census_groups_never_countries(shared, census):
    kinds = {r["partner"]: r["partner_type"] for r in _raw(shared / trade.CENSUS_FILE)}
    for r in census:
        raw_kind = kinds[r["partner_label"]]
        if raw_kind == "country":
            assert r["partner_kind"] == "country" and len(r["partner_iso3"]) == 3, r
        else:
            assert r["partner_iso3"] == "", r
            assert r["partner_kind"] == ("world" if raw_kind == "world_total" else "group")
    labels = {r["partner_label"]: (r["partner_iso3"], r["partner_kind"]) for r in census}
    assert labels["EUROPEAN UNION"] == ("", "group")
    assert labels["USMCA (NAFTA)"] == ("", "group")
    assert labels["NORTH AMERICA"] == ("", "group")
    assert labels["TOTAL FOR ALL COUNTRIES"] == ("", "world")
    assert labels["MEXICO"] == ("MEX", "country")
    assert labels["KOREA, SOUTH"] == ("KOR", "country")


def test_census_known_values(census):
    r = _find(census, partner_label="MEXICO", hs_code="71", year=2024, month=1)
    assert r["value_usd"] == 373401639.0
    assert (r["period"], r["flow"], r["hs_level"], r["value_basis"]) == (
        "month",
        "import",
        2,
        "general imports, customs value",
    )
    assert r["quantity"] is None

    # SOURCES.md §9: ch.71 from Mexico US$5.84 bn in 2024 and US$5.5 bn in 2023.
    def ch71(y):
        return sum(
            r["value_usd"]
            for r in census
            if r["partner_iso3"] == "MEX" and r["hs_code"] == "71" and r["year"] == y
        )

    assert round(ch71(2024) / 1e9, 2) == 5.84
    assert round(ch71(2023) / 1e9, 1) == 5.5


def test_inegi(shared):
    rows = trade.inegi_rows(shared)
    r = _find(rows, year=2012, month=1, type="Exports", concept="Extractive")
    assert (r["value_usd_millions"], r["status"]) == (377.527, "Final Figures")
    r = _find(
        rows,
        year=2012,
        month=1,
        type="Balance",
        concept="Total Trade Balance Exports Total - Imports Total",
    )
    assert r["value_usd_millions"] == -267.418
    # SOURCES.md §9: extractive exports, US$ bn (2023 = Jan-Oct).  2022 sums to
    # US$9,149.86 M (9.1 bn) but is stated as 9.2, so it is allowed 0.1.
    stated = {2012: 4.9, 2015: 4.5, 2020: 7.4, 2021: 9.6, 2022: 9.2, 2023: 7.8}
    for year, bn in stated.items():
        total = sum(
            r["value_usd_millions"]
            for r in rows
            if r["year"] == year and r["concept"] == "Extractive"
        )
        tolerance = 0.1 if year == 2022 else 0.05
        assert abs(total / 1000 - bn) <= tolerance + 1e-9, (year, total)
    assert (
        round(
            sum(
                r["value_usd_millions"]
                for r in rows
                if r["year"] == 2022 and r["concept"] == "Extractive"
            ),
            2,
        )
        == 9149.86
    )
    assert max(r["month"] for r in rows if r["year"] == 2023) == 10


def test_iea_real(shared):
    rows = iea_rows(shared)
    assert Counter(r["dataset"] for r in rows) == {
        "byTechnology": 928,
        "cleantechByTech": 864,
        "totalDemand": 752,
        "cleantechByMineral": 608,
        "supply": 388,
    }
    r = _find(rows, dataset="supply", mineral="Copper", category="mining", item="Chile", year=2024)
    assert r["value"] == 5476.0 and r["scenario"] == ""
    r = _find(
        rows,
        dataset="totalDemand",
        mineral="Copper",
        category="sector",
        item="Solar PV",
        scenario="STEPS",
        year=2030,
    )
    assert r["value"] == 2373.69
    r = _find(
        rows,
        dataset="supply",
        mineral="Rare Earth Elements",
        category="refining",
        item="China",
        year=2024,
    )
    assert r["note"].startswith("Supply projections")
    assert not any("Notes" in r["item"] or "Base case" in r["item"] for r in rows)
    assert all(r["value"] is not None for r in rows)
    assert iea_source_text(shared) == "IEA Critical Minerals Data Explorer (2024), CC BY 4.0"


# --------------------------------------------------------------------------- fixtures


def test_fixture_comtrade_metals():
    rows = trade.comtrade_metals_rows(FIXTURES)
    _check_table(rows, "trade_flows")
    assert len(rows) == 10  # 13 records: a total + 2 breakdown rows, and one exact repeat
    r = _find(rows, reporter_iso3="DEU", hs_code="283691")
    assert (r["value_usd"], r["quantity"]) == (9681.854, 1114.038)
    r = _find(rows, reporter_iso3="ZAF")
    assert r["value_usd"] == 8691.402
    r = _find(rows, reporter_iso3="MEX", year=2015)
    assert (r["quantity"], r["quantity_unit"], r["net_weight_kg"]) == (None, "", None)
    assert r["flags"] == "aggregate not_reported"
    r = _find(rows, reporter_iso3="MEX", year=2016)
    assert (r["quantity"], r["quantity_unit"]) == (3385757.957, "kilograms")
    assert r["flags"] == "aggregate netwgt_estimated not_reported qty_estimated"
    r = _find(rows, reporter_iso3="AUS", partner_iso3="IND")
    assert (r["quantity"], r["net_weight_kg"]) == (0.0, None)
    r = _find(rows, reporter_iso3="POL")  # unit -1, qty empty, netWgt 7 (estimated)
    assert (r["quantity"], r["net_weight_kg"], r["flags"]) == (None, 7.0, "netwgt_estimated")
    r = _find(rows, reporter_iso3="CHE")
    assert (r["reporter_label"], r["partner_iso3"], r["partner_kind"]) == (
        "Switzerland",
        "USA",
        "country",
    )
    assert {r["source_id"] for r in rows} == {"un-comtrade-metals-exports"}


def test_fixture_comtrade_us_china():
    rows = trade.comtrade_us_china_rows(FIXTURES)
    _check_table(rows, "trade_flows")
    assert len(rows) == 10  # 12 records; AUS<-CHN 253090 is a total + 2 breakdown rows
    r = _find(rows, reporter_iso3="AUS")
    assert r["value_usd"] == 560807.859 and r["value_basis"] == "CIF"
    r = _find(rows, reporter_iso3="CHN", flow="export")
    assert (r["partner_iso3"], r["partner_kind"], r["value_basis"]) == ("", "world", "FOB")
    r = _find(rows, flow="re_export")
    assert (r["reporter_iso3"], r["partner_iso3"], r["partner_kind"], r["value_basis"]) == (
        "USA",
        "",
        "others",
        "FOB",
    )
    r = _find(rows, flow="re_import")
    assert (r["reporter_iso3"], r["reporter_label"], r["value_basis"]) == (
        "COD",
        "Congo (Kinshasa)",
        "CIF",
    )
    for hs in ("282200", "7402"):
        r = _find(rows, reporter_iso3="USA", partner_kind="world", hs_code=hs)
        assert (r["quantity"], r["net_weight_kg"]) == (None, None)
    r = _find(rows, reporter_iso3="USA", partner_iso3="CHN", hs_code="2846", year=2024)
    assert (r["value_usd"], r["classification"]) == (116100303.0, "H6")


def test_fixture_derived_mexico_crosscheck():
    rows = trade.comtrade_metals_rows(FIXTURES)
    for d in trade.comtrade_mexico_rows(FIXTURES):
        r = _find(
            rows,
            reporter_iso3="MEX",
            partner_iso3=d["importer_iso3"],
            year=int(d["year"]),
            hs_code=d["hs_code"],
        )
        assert r["value_usd"] == float(d["value_usd"])


def test_select_comtrade_synthetic():
    def row(name: str, reporter: str, partner: str, value: float | None) -> dict:
        return {
            "source_id": "un-comtrade-metals-exports",
            "reporter_iso3": reporter,
            "partner_iso3": partner,
            "partner_label": name,
            "flow": "export",
            "hs_code": "7106",
            "year": 2020,
            "month": 0,
            "period": "annual",
            "value_usd": value,
        }

    rows = [
        row("a", "DEU", "FRA", 500.0),  # largest value, not priority
        row("b", "DEU", "MEX", 1.0),  # priority (partner Mexico), tiny value
        row("c", "CHN", "JPN", 0.0),  # priority (reporter China), zero value
        row("d", "DEU", "ITA", 80.0),
        row("e", "DEU", "ESP", 80.0),  # same value as d; key "e" > "d"
        row("f", "DEU", "GBR", None),  # no value: ranks last
        row("g", "USA", "CAN", 10.0),  # priority
    ]
    names = lambda kept: [r["partner_label"] for r in kept]  # noqa: E731
    # Priority rows (g 10, b 1, c 0) first by value, then a 500, d 80, e 80, f None.
    assert names(trade.select_comtrade(rows, cap=100)) == ["g", "b", "c", "a", "d", "e", "f"]
    assert names(trade.select_comtrade(rows, cap=5)) == ["g", "b", "c", "a", "d"]
    assert names(trade.select_comtrade(rows, cap=3)) == ["g", "b", "c"]
    assert names(trade.select_comtrade(rows, cap=2)) == ["g", "b"]
    assert names(trade.select_comtrade(list(reversed(rows)), cap=5)) == ["g", "b", "c", "a", "d"]


def test_fixture_usitc():
    rows = trade.usitc_rows(FIXTURES)
    _check_table(rows, "trade_flows")
    assert len(rows) == 6
    r = _find(rows, hs_code="8505")
    assert (r["value_usd"], r["quantity"], r["quantity_unit"], r["flags"]) == (
        486914658.0,
        None,
        "",
        "quantity_mixed_units",
    )
    r = _find(rows, hs_code="2846", period="ytd")
    assert (r["year"], r["month"], r["value_usd"], r["quantity"]) == (
        2026,
        4,
        96366817.0,
        4301236.0,
    )
    r = _find(rows, hs_code="2611")  # no trade, listed in two units: no quantity
    assert (r["value_usd"], r["quantity"], r["partner_iso3"], r["flags"]) == (0.0, None, "MMR", "")
    r = _find(rows, flow="export")
    assert (r["partner_iso3"], r["value_basis"], r["value_usd"], r["quantity"]) == (
        "CAN",
        "FAS",
        494283.0,
        1138630.0,
    )
    r = _find(rows, partner_label="South Africa")
    assert (r["quantity"], r["quantity_unit"], r["net_weight_kg"]) == (
        79529845.0,
        "kilograms",
        None,
    )


def test_fixture_census():
    rows = trade.census_rows(FIXTURES)
    _check_table(rows, "trade_flows")
    assert len(rows) == 9
    got = {r["partner_label"]: (r["partner_iso3"], r["partner_kind"]) for r in rows}
    assert got == {
        "CANADA": ("CAN", "country"),
        "MEXICO": ("MEX", "country"),
        "KOREA, SOUTH": ("KOR", "country"),
        "OECD": ("", "group"),
        "NORTH AMERICA": ("", "group"),
        "USMCA (NAFTA)": ("", "group"),
        "EUROPEAN UNION": ("", "group"),
        "TOTAL FOR ALL COUNTRIES": ("", "world"),
    }
    r = _find(rows, partner_label="MEXICO", year=2023)
    assert (r["month"], r["hs_code"], r["value_usd"]) == (11, "26", 11952580.0)


def test_fixture_inegi():
    rows = trade.inegi_rows(FIXTURES)
    _check_table(rows, "mexico_trade_balance")
    assert len(rows) == 5
    r = _find(rows, year=2023, month=10)
    assert (r["concept"], r["value_usd_millions"], r["status"]) == (
        "Extractive",
        689.79,
        "Revised Figures",
    )
    assert {r["type"] for r in rows} == {"Exports", "Imports", "Balance"}


def test_fixture_iea():
    rows = iea_rows(FIXTURES)
    _check_table(rows, "iea_outlook")
    assert len(rows) == 33
    r = _find(rows, dataset="totalDemand", item="Solar PV", scenario="NZE", year=2030)
    assert (r["mineral"], r["category"], r["value"]) == ("Copper", "sector", 2848.78)
    r = _find(rows, dataset="totalDemand", category="share", year=2024)
    assert r["value"] == 0.28958931484365097 and "0-1" in r["note"]
    china = _find(rows, dataset="supply", item="China", year=2030)
    assert china["value"] == 51.224637300063286 and china["category"] == "mining"
    assert china["note"].startswith("Supply projections for the key energy transition")
    assert "“Base case”" in china["note"]
    assert len([r for r in rows if r["dataset"] == "supply"]) == 12
    total = _find(rows, dataset="byTechnology", category="total")
    assert (total["mineral"], total["item"], total["value"]) == ("", "Solar PV", 3125.4559576999995)
    assert {r["scenario"] for r in rows} == {"", "STEPS", "APS", "NZE"}
    assert iea_source_text(FIXTURES).endswith("CC BY 4.0")
