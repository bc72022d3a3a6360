"""Tests for the country, HS, critical-list, rare-earth and crosswalk readers."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minref.catalog.tables import TABLES
from minref.ingest import historical, reference
from minref.ingest.countries import (
    NOT_PLACES,
    PLACE_KINDS,
    PlaceResolver,
    clean_un_name,
    country_rows,
)
from minref.ingest.sources import SOURCE_IDS

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reference"
FIXTURE_RESOLVER = PlaceResolver(FIXTURES)


@pytest.fixture(scope="module")
def data(shared_data: Path) -> Path:
    """The real raw files (../shared/data or $MINREF_SHARED_DATA); skips when absent."""
    return shared_data


@pytest.fixture(scope="module")
def resolver(data: Path) -> PlaceResolver:
    return PlaceResolver(data)


@pytest.fixture(scope="module")
def lists(data: Path):
    return reference.critical_list_rows(data)


def check_table(name: str, rows: list[dict], extra_sources: set[str] = frozenset()) -> None:
    """Every row has exactly the table's columns, a known source and a unique key."""
    table = TABLES[name]
    assert rows, name
    for row in rows:
        assert tuple(row) == table.columns, (name, row)
        assert row["source_id"] and row["source_id"] in SOURCE_IDS | set(extra_sources), row
        for col in table.integer:
            assert row[col] is None or isinstance(row[col], int), (name, col, row)
        for col in table.real:
            assert row[col] is None or isinstance(row[col], (int, float)), (name, col, row)
        for col in set(table.columns) - set(table.integer) - set(table.real):
            assert isinstance(row[col], str), (name, col, row)
    keys = Counter(tuple(row[k] for k in table.key) for row in rows)
    assert [k for k, n in keys.items() if n > 1] == [], name


# ------------------------------------------------------------------ fixtures


def test_country_rows_fixture() -> None:
    rows = {r["iso3"]: r for r in country_rows(FIXTURES)}
    check_table("countries", list(rows.values()))
    assert "" not in rows  # the row without an alpha-3 code is skipped
    assert rows["MEX"]["name_es"] == "México"
    assert rows["MEX"]["name_fr"] == "Mexique"
    assert rows["MEX"]["m49"] == 484
    assert rows["USA"]["name_en"] == "United States"
    assert rows["USA"]["name_es"] == "Estados Unidos de América"
    assert rows["USA"]["name_fr"] == "États-Unis d'Amérique"
    assert rows["TUR"]["name_es"] == "Türkiye"  # falls back to the official name
    assert rows["XKX"]["name_en"] == "Kosovo" and rows["XKX"]["m49"] is None
    assert rows["TWN"]["name_en"] == "Taiwan"  # added because the fixture lacks it


def test_clean_un_name() -> None:
    assert clean_un_name("Estados Unidos de América (los)") == "Estados Unidos de América"
    assert clean_un_name("Afghanistan (l')") == "Afghanistan"
    assert clean_un_name("Santa Sede (la) *") == "Santa Sede"
    assert clean_un_name("Bolivia (Estado Plurinacional de)") == "Bolivia (Estado Plurinacional de)"


@pytest.mark.parametrize(
    "label, iso3, kind",
    [
        ("Burma", "MMR", "country"),
        ("Myanmar (Burma)", "MMR", "country"),
        ("Korea, Republic of", "KOR", "country"),
        ("KOREA, SOUTH", "KOR", "country"),
        ("Korea, Republic ofe", "KOR", "country"),
        ("TURKEY", "TUR", "country"),
        ("Turkey, refined borates", "TUR", "country"),
        ("United\xa0States1", "USA", "country"),
        ("Mexico (net exports)", "MEX", "country"),
        ("México", "MEX", "country"),
        ("Chinae", "CHN", "country"),
        ("Thailande, 5", "THA", "country"),
        ("MEX", "MEX", "country"),
        ("World total (rounded)", None, "world"),
        ("Reserves: rounded World total", None, "world"),
        ("TOTAL FOR ALL COUNTRIES", None, "world"),
        ("Other countries\xa0", None, "others"),
        ("Other countries10", None, "others"),
        ("United\xa0States and Canada", None, "group"),
        ("China, Germany, and Russia", None, "group"),
        ("USMCA (NAFTA)", None, "group"),
        ("Atlantis", None, "unknown"),
    ],
)
def test_resolver_fixture(label: str, iso3: str | None, kind: str) -> None:
    assert PlaceResolver(FIXTURES).resolve(label) == (iso3, kind)


def test_resolver_tracks_unknown_and_markers() -> None:
    r = PlaceResolver(FIXTURES)
    r.resolve("Atlantis")
    r.resolve("  ")
    r.resolve("China")
    assert r.unknown_labels() == {"Atlantis"}
    m = r.match("Thailande, 5")
    assert m.estimated and m.footnotes == ("5",)
    assert not r.match("China3").estimated and r.match("China3").footnotes == ("3",)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_resolver_never_fails(label: str) -> None:
    iso3, kind = FIXTURE_RESOLVER.resolve(label)
    assert kind in PLACE_KINDS
    assert (iso3 is not None) == (kind == "country")


def test_hs_fixture() -> None:
    sections = reference.hs_section_rows(FIXTURES)
    check_table("hs_sections", sections)
    assert sections[0]["section"] == "V"  # BOM stripped
    codes = {r["hs_code"]: r for r in reference.hs_code_rows(FIXTURES)}
    check_table("hs_codes", list(codes.values()))
    assert "TOTAL" not in codes
    assert codes["26"]["parent"] == "" and codes["26"]["level"] == 2
    assert codes["260600"]["parent"] == "2606" and codes["260600"]["level"] == 6
    assert codes["99"]["section"] == ""


def test_critical_lists_fixture() -> None:
    lists, members, sources = reference.critical_list_rows(FIXTURES)
    list_sources = {s["source_id"] for s in sources}
    check_table("critical_lists", lists, list_sources)
    check_table("critical_list_members", members, list_sources)
    check_table("sources", sources, list_sources)
    by_id = {r["list_id"]: r for r in lists}
    assert by_id["US-2022"]["list_year"] == 2022
    assert by_id["US-2022"]["source_id"] == "critical-list-us-2022"
    assert {m["mineral"]: m["commodity_id"] for m in members} == {
        "Aluminum": "aluminum",
        "Neodymium": "neodymium",
        "Baryte": "barite",
        "Platinum group metals": "pgm",
        "High-purity iron": "iron-steel",
        # The EU's group entry applies to each platinum-group metal (issue 11, class 7).
        "Platinum group metals: Platinum": "platinum",
        "Platinum group metals: Palladium": "palladium",
        "Platinum group metals: Rhodium": "rhodium",
        "Platinum group metals: Iridium": "iridium",
        "Platinum group metals: Ruthenium": "ruthenium",
        "Platinum group metals: Osmium": "osmium",
    }
    eu = next(s for s in sources if s["source_id"] == "critical-list-eu-crm-2023")
    assert eu["url"] == "http://data.europa.eu/eli/reg/2024/1252/oj"
    assert eu["edition"] == "2023 in force 2024-05-23"
    assert eu["organisation"].startswith("European Union")


def test_rare_earth_fixture() -> None:
    rows = reference.rare_earth_element_rows(FIXTURES)
    check_table("rare_earth_elements", rows)
    pm = next(r for r in rows if r["symbol"] == "Pm")
    assert pm["crust_abundance_mg_per_kg"] is None
    assert pm["name_es"] == "Prometio" and pm["name_fr"] == "Prométhium"
    assert pm["on_us_2022_list"] == "no"


def test_crosswalk_fixture() -> None:
    rows = reference.commodity_hs_rows(FIXTURES)
    check_table("commodity_hs", rows)
    assert rows[0] == {
        "commodity_id": "aluminum",
        "hs_code": "260600",
        "hs_level": 6,
        "note": "",
        "source_id": "minref-commodity-hs-crosswalk",
    }
    assert rows[1]["commodity_id"] == "rare-earths"
    assert rows[1]["note"] == "incl. scandium and yttrium"
    assert rows[3]["commodity_id"] == "silver"  # falls back to the MCS code


# ---------------------------------------------------------------- real data


def test_country_rows_real(data: Path) -> None:
    rows = {r["iso3"]: r for r in country_rows(data)}
    check_table("countries", list(rows.values()))
    assert len(rows) == 250  # 249 in the file + Kosovo
    assert rows["MEX"]["name_es"] == "México"
    assert rows["USA"]["name_es"] == "Estados Unidos de América"
    assert rows["NLD"]["name_es"] == "Países Bajos"
    assert rows["KOR"]["name_en"] == "South Korea"
    assert rows["COD"]["name_en"] == "Congo (Kinshasa)"
    assert rows["USA"]["m49"] == 840 and rows["CHN"]["m49"] == 156
    articles = ("(el)", "(la)", "(los)", "(las)", "(le)", "(les)", "(l')", "*")
    assert [
        r["iso3"]
        for r in rows.values()
        if r["name_es"].endswith(articles) or r["name_fr"].endswith(articles)
    ] == []


def _usgs_labels(data: Path) -> set[str]:
    labels = set()
    for path in sorted((data / "usgs_mcs").rglob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                for col in ("Country", "COUNTRY"):
                    if row.get(col):
                        labels.add(row[col])
    return labels


def test_every_usgs_place_label_resolves(data: Path, resolver: PlaceResolver) -> None:
    labels = _usgs_labels(data)
    assert len(labels) == 235  # distinct raw labels, spacing and footnotes included
    unknown = {
        lab for lab in labels if resolver.resolve(lab)[1] == "unknown" and lab not in NOT_PLACES
    }
    assert unknown == set()
    assert resolver.resolve("Congo (Kinshasa)") == ("COD", "country")
    assert resolver.resolve("Korea, North") == ("PRK", "country")
    assert resolver.resolve("World total (rounded)") == (None, "world")
    assert resolver.resolve("Other countries") == (None, "others")


def test_every_census_partner_resolves(data: Path, resolver: PlaceResolver) -> None:
    path = (
        data
        / "trade"
        / "mexico"
        / "us_census_general_imports_hs2_minerals_by_partner_monthly_2023_2024.csv"
    )
    with path.open(encoding="utf-8", newline="") as fh:
        pairs = {(r["partner"], r["partner_type"]) for r in csv.DictReader(fh)}
    expected = {"country": "country", "group": "group", "world_total": "world"}
    wrong = {(p, t, resolver.resolve(p)) for p, t in pairs if resolver.resolve(p)[1] != expected[t]}
    assert wrong == set()
    assert resolver.resolve("HONG KONG") == ("HKG", "country")
    assert resolver.resolve("MEXICO") == ("MEX", "country")
    assert resolver.resolve("KOSOVO") == ("XKX", "country")


def test_every_usitc_partner_resolves(data: Path, resolver: PlaceResolver) -> None:
    path = data / "trade" / "usitc_dataweb_us_trade_minerals_hts4_18partners_1993_2026.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        partners = {r["partner"] for r in csv.DictReader(fh)}
    assert len(partners) == 18
    assert {p: resolver.resolve(p)[1] for p in partners} == dict.fromkeys(partners, "country")
    assert resolver.resolve("Myanmar (Burma)") == ("MMR", "country")


def test_every_workbook_place_label_resolves(data: Path, resolver: PlaceResolver) -> None:
    labels = set(historical.place_labels_myb2022(data))
    assert {"Burmae", "Indiae, 4", "Korea, Republic of", "Other", "Total"} <= labels
    assert {lab for lab in labels if resolver.resolve(lab)[1] == "unknown"} == set()


def test_hs_real(data: Path) -> None:
    sections = reference.hs_section_rows(data)
    check_table("hs_sections", sections)
    assert len(sections) == 21
    assert sections[0]["section"] == "I"
    codes = {r["hs_code"]: r for r in reference.hs_code_rows(data)}
    check_table("hs_codes", list(codes.values()))
    # 6,940 data lines; the last ("TOTAL", level 5) is not an HS code.
    assert len(codes) == 6939
    assert Counter(r["level"] for r in codes.values()) == {2: 97, 4: 1229, 6: 5613}
    assert codes["2846"]["description"] == (
        "Compounds, inorganic or organic, of rare-earth metals; of yttrium or of scandium "
        "or of mixtures of these metals"
    )
    assert codes["2846"]["parent"] == "28" and codes["2846"]["section"] == "VI"
    assert codes["28"]["parent"] == ""
    section_ids = {s["section"] for s in sections}
    assert {r["section"] for r in codes.values()} <= section_ids | {""}


def test_critical_lists_real(lists) -> None:
    rows, members, sources = lists
    list_sources = {s["source_id"] for s in sources}
    check_table("critical_lists", rows, list_sources)
    check_table("critical_list_members", members, list_sources)
    check_table("sources", sources, list_sources)
    # 285 rows in the file (SOURCES.md §3) + 85 rows applying 11 group entries to members.
    assert len(members) == 285 + 85
    assert sum(1 for m in members if m["category"].startswith("member of the listed group")) == 85
    assert len(rows) == len(sources) == 8
    counts = Counter(
        m["list_id"] for m in members if not m["category"].startswith("member of the listed")
    )
    assert counts == {
        "US-2022": 50,
        "US-2025": 60,
        "US-2025-DRAFT": 54,
        "EU-CRM-2023": 34,
        "EU-SRM-2023": 17,
        "CA-2024": 34,
        "AU-CML-2024": 31,
        "AU-SML-2024": 5,
    }
    assert [m["mineral"] for m in members if not m["commodity_id"]] == []
    by_list = {(m["list_id"], m["mineral"]): m["commodity_id"] for m in members}
    assert by_list[("EU-CRM-2023", "Baryte")] == "barite"
    assert by_list[("US-2025", "Metallurgical coal")] == "metallurgical-coal"
    assert by_list[("CA-2024", "High-purity iron")] == "iron-steel"
    us22 = next(r for r in rows if r["list_id"] == "US-2022")
    assert us22["authority"].startswith("Federal Register 87 FR 10381")
    assert us22["verification"] == "machine-extracted from USGS data file"
    assert {s["organisation"] for s in sources} >= {
        "U.S. Department of the Interior / USGS",
        "Natural Resources Canada",
    }


def test_rare_earth_elements_real(data: Path) -> None:
    rows = reference.rare_earth_element_rows(data)
    check_table("rare_earth_elements", rows)
    assert len(rows) == 17
    assert [r["atomic_number"] for r in rows][:3] == [21, 39, 57]
    by_symbol = {r["symbol"]: r for r in rows}
    assert by_symbol["Nd"]["name_es"] == "Neodimio"
    assert by_symbol["Y"]["name_fr"] == "Yttrium"
    assert by_symbol["Dy"]["eu_magnet_ree"] == "yes"
    assert by_symbol["Pm"]["on_us_2022_list"] == "no"
    assert all(r["name_es"] and r["name_fr"] for r in rows)


def test_commodity_hs_real(data: Path) -> None:
    rows = reference.commodity_hs_rows(data)
    check_table("commodity_hs", rows)
    assert len(rows) == 155
    assert all(r["commodity_id"] for r in rows)
    hs = {r["hs_code"] for r in reference.hs_code_rows(data)}
    assert {r["hs_code"] for r in rows} - hs == set()
    pairs = {(r["commodity_id"], r["hs_code"]) for r in rows}
    assert ("rare-earths", "284690") in pairs
    assert ("silver", "710691") in pairs
    assert ("strontium", "253090") in pairs


def test_every_reference_row_has_a_source(data: Path, lists) -> None:
    _, _, sources = lists
    list_sources = {s["source_id"] for s in sources}
    for rows in (
        country_rows(data),
        reference.hs_section_rows(data),
        reference.hs_code_rows(data),
        reference.rare_earth_element_rows(data),
        reference.commodity_hs_rows(data),
        *lists[:2],
    ):
        assert all(r["source_id"] in SOURCE_IDS | list_sources for r in rows)
    assert list_sources.isdisjoint(SOURCE_IDS)


def test_group_entries_apply_to_their_members(lists) -> None:
    _, members, _ = lists
    by_commodity: dict[str, set[str]] = {}
    for m in members:
        by_commodity.setdefault(m["commodity_id"], set()).add(m["list_id"])
    # EU CRM 2023 (Regulation (EU) 2024/1252, Annex II) lists "Light rare earth elements",
    # "Heavy rare earth elements", "Platinum group metals" and "Bauxite/alumina/aluminium";
    # Canada 2024 and Australia 2024 list "Rare earth elements" and the platinum group.
    assert {"EU-CRM-2023", "EU-SRM-2023", "CA-2024", "AU-CML-2024"} <= by_commodity["neodymium"]
    assert {"EU-CRM-2023", "CA-2024", "AU-CML-2024"} <= by_commodity["dysprosium"]
    assert {"EU-CRM-2023", "EU-SRM-2023", "CA-2024", "AU-CML-2024"} <= by_commodity["platinum"]
    assert {"EU-CRM-2023", "EU-SRM-2023"} <= by_commodity["aluminum"]
    light = {m["commodity_id"] for m in members if m["mineral"].startswith("Light rare earth")}
    assert light == {"rare-earths", "lanthanum", "cerium", "praseodymium", "neodymium", "samarium"}
