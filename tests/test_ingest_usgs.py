"""USGS MCS readers on the real data releases (2022 partial to 2026) and on small fixtures."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from minref.ingest import usgs
from minref.ingest.commodities import BY_ID, commodity_for_mcs_code, resolve_commodity

FIXTURES = Path(__file__).parent / "fixtures" / "usgs"


class StubPlaces:
    """Resolves the handful of place names the fixtures use."""

    MAP = {
        "United States": ("USA", "country"),
        "Mexico": ("MEX", "country"),
        "China": ("CHN", "country"),
        "Other countries": (None, "others"),
        "World total (rounded)": (None, "world"),
        "World total": (None, "world"),
    }

    def resolve(self, label):
        return self.MAP.get(label.strip(), (None, "unknown"))


@pytest.fixture(scope="module")
def tables(shared_data):
    from minref.ingest.countries import PlaceResolver

    places = PlaceResolver(shared_data)
    out = usgs.usgs_tables(shared_data, places)
    assert not places.unknown_labels()
    return out


def _one(rows, **want):
    found = [r for r in rows if all(r.get(k) == v for k, v in want.items())]
    assert len(found) == 1, f"{len(found)} rows match {want}"
    return found[0]


def test_row_counts_per_source(tables):
    salient = Counter(r["source_id"] for r in tables["us_salient"])
    world = Counter(r["source_id"] for r in tables["world_production"])
    # Non-empty figure cells of each release, counted with a separate csv script when the
    # readers were written (MCS 2023 salient: 4,560 in CSV files + 125 in the two workbooks).
    assert salient == {
        "usgs-mcs-2022": 810,
        "usgs-mcs-2023": 4685,
        "usgs-mcs-2024": 4555,
        "usgs-mcs-2025": 4755,
        "usgs-mcs-2026": 4863,
    }
    assert world == {
        "usgs-mcs-2022": 380,
        "usgs-mcs-2023": 3512,
        "usgs-mcs-2024": 3477,
        # 2,844 non-empty value cells + 290 blank cells whose code USGS wrote in the notes
        # column ("W for 23-24", "NA", "Large", "Less than 1/2 unit"; issue 11, class 5).
        "usgs-mcs-2025": 3134,
        # 3,303 world cells + 28 copies of the platinum and palladium lines kept on their
        # own pages while the family's lines are on the PGM page (issue 11, class 6).
        "usgs-mcs-2026": 3303 + 28,
    }
    assert len(tables["us_import_sources"]) == 720
    assert Counter(r["edition"] for r in tables["us_import_reliance"]) == {
        2023: 65,
        2024: 63,
        2025: 64,
    }
    assert Counter(r["edition"] for r in tables["end_uses"]) == {2023: 50, 2024: 50, 2025: 50}


def test_silver_mexico_across_editions(tables):
    w = tables["world_production"]
    r = _one(
        w,
        source_id="usgs-mcs-2024",
        commodity_id="silver",
        country_iso3="MEX",
        measure="production",
        year=2022,
    )
    assert (r["value"], r["raw"], r["flags"]) == (6195.0, "6195", "")
    r = _one(
        w,
        source_id="usgs-mcs-2024",
        commodity_id="silver",
        country_iso3="MEX",
        measure="production",
        year=2023,
    )
    assert (r["value"], r["flags"], r["unit"]) == (6400.0, "estimated", "metric tons")
    r = _one(
        w, source_id="usgs-mcs-2024", commodity_id="silver", country_iso3="MEX", measure="reserves"
    )
    assert (r["value"], r["year"]) == (37000.0, 2023)
    r = _one(
        w,
        source_id="usgs-mcs-2026",
        commodity_id="silver",
        country_iso3="MEX",
        measure="production",
        year=2025,
    )
    assert (r["value"], r["raw"], r["flags"]) == (6300.0, "6,300", "estimated")


def test_world_total_of_mcs2026_shares_the_countries_line(tables):
    total = _one(
        tables["world_production"],
        source_id="usgs-mcs-2026",
        commodity_id="silver",
        place_kind="world",
        measure="production",
        year=2025,
    )
    assert total["type"] == "Mine production" and total["value"] == 26000.0
    # USGS's "Mine production: rounded" is the row's flag; the note is USGS's Notes cell
    # ("Estimated."), no longer minref's "Rounded by USGS." written into it.
    assert total["flags"].split() == ["estimated", "rounded"]
    assert total["note"] == "Estimated."


def test_codes_are_kept_as_flags(tables):
    s = tables["us_salient"]
    # MCS 2023 rare earths: NIR of concentrate "E" (net exporter), compounds ">95" in 2021.
    e = _one(
        s,
        source_id="usgs-mcs-2023",
        commodity_id="rare-earths",
        year=2018,
        statistic="net_import_reliance",
        detail="Concentrate",
    )
    assert (e["value"], e["raw"], e["flags"]) == (None, "E", "net_exporter")
    gt = _one(
        s,
        source_id="usgs-mcs-2023",
        commodity_id="rare-earths",
        year=2021,
        statistic="net_import_reliance",
        detail="Compounds Metals",
    )
    assert (gt["value"], gt["low"], gt["flags"]) == (None, 95.0, "greater_than")
    # MCS 2022 labels that NIR column "_t": it is still a percentage.
    nir22 = _one(
        s,
        source_id="usgs-mcs-2022",
        commodity_id="rare-earths",
        year=2021,
        statistic="net_import_reliance",
        detail="Compounds Metals",
    )
    assert (nir22["unit"], nir22["raw"], nir22["flags"]) == (
        "percent",
        ">90",
        "estimated greater_than",
    )
    flags = Counter(f for r in tables["world_production"] for f in r["flags"].split())
    assert flags["withheld"] > 0 and flags["not_available"] > 0 and flags["zero"] > 0


def test_estimate_stated_in_a_note_flags_that_year(tables):
    r = _one(
        tables["world_production"],
        source_id="usgs-mcs-2023",
        commodity_id="rare-earths",
        country_iso3="AUS",
        measure="production",
        year=2021,
    )
    assert (r["value"], r["flags"]) == (24000.0, "estimated")


def test_import_sources_and_reliance(tables):
    mx = _one(tables["us_import_sources"], commodity_id="fluorspar", country_iso3="MEX")
    assert (mx["share_pct"], mx["period"], mx["detail"]) == (64.0, "2021-24", "All")
    nir = _one(tables["us_import_reliance"], edition=2025, commodity_label="FLUORSPAR")
    assert nir["value"] == 100.0 and nir["major_import_sources"].startswith("Mexico")
    assert nir["commodity_id"] == "fluorspar"


def test_names_unified_across_editions(tables):
    # Every edition's silver, lithium, quartz, crushed stone and germanium land on one id.
    by_source = {}
    for r in tables["world_production"] + tables["us_salient"]:
        by_source.setdefault(r["commodity_id"], set()).add(r["source_id"])
    for cid in ("silver", "lithium", "germanium", "rare-earths", "nitrogen", "zirconium"):
        assert {"usgs-mcs-2025", "usgs-mcs-2026"} <= by_source[cid], cid
    assert "usgs-mcs-2023" in by_source["quartz"] and "usgs-mcs-2025" in by_source["quartz"]
    assert "usgs-mcs-2024" in by_source["stone-crushed"]
    assert "usgs-mcs-2025" in by_source["stone-crushed"]
    # MCS 2025's world file spells "Gemanium" and "Barite  "; its barite rows keep the
    # cleaned label and land on the same id as every other edition's.
    labels = {
        r["commodity_label"]
        for r in tables["world_production"]
        if r["commodity_id"] == "barite" and r["source_id"] == "usgs-mcs-2025"
    }
    assert labels == {"Barite"}


@pytest.mark.parametrize(
    "label, cid",
    [
        ("Gemanium", "germanium"),
        ("Barite  ", "barite"),
        ("COPPER, refined", "copper"),
        ("Nitrogen(fixed) - Ammonia", "nitrogen"),
        ("Nitrogen (Fixed)—Ammonia", "nitrogen"),
        ("Platinum group metals", "pgm"),
        ("Rare Earths (Heavy)", "rare-earths-heavy"),
        ("Pumice & Pumicite ", "pumice"),
        ("YTTRIUM, compounds", "yttrium"),
        ("Plata", "silver"),
        ("Terres rares", "rare-earths"),
        ("Fluorita", "fluorspar"),
        ("Bauxite/alumina/aluminium", "bauxite"),
        ("Aluminium", "aluminum"),
    ],
)
def test_resolve_commodity(label, cid):
    assert resolve_commodity(label) == cid


@pytest.mark.parametrize(
    "code, cid",
    [
        ("lithi", "lithium"),
        ("lithium", "lithium"),
        ("quartz", "quartz"),
        ("quart", "quartz"),
        ("stonec", "stone-crushed"),
        ("stonc", "stone-crushed"),
        ("raree", "rare-earths"),
        ("rareee", "rare-earths"),
        ("zirco-hafni", "zirconium"),
        ("alum", "aluminum"),
        ("scandi", "scandium"),
        ("thalli", "thallium"),
    ],
)
def test_mcs_file_codes(code, cid):
    assert commodity_for_mcs_code(code) == cid


def test_every_commodity_has_three_names():
    for c in BY_ID.values():
        assert c.name_en and c.name_es and c.name_fr, c.commodity_id


@pytest.mark.parametrize(
    "column, expected",
    [
        ("USprod_Mine_t", ("production", "Mine", "metric tons")),
        ("Imports_GaAskg", ("imports", "GaAs", "kilograms")),
        ("NIR_Compounds-Metals_t", ("net_import_reliance", "Compounds Metals", "percent")),
        ("Price_Bullion_dtoz", ("price", "Bullion", "dollars per troy ounce")),
        ("Employment_um", ("employment", "", "number")),
        (
            "CASE STATEMENT ERRORkt",
            ("other", "unnamed column (upstream header error)", "thousand metric tons"),
        ),
        ("Prod_Price_index", ("price", "Prod", "index")),
    ],
)
def test_salient_column_names(column, expected):
    assert usgs.parse_salient_column(column) == expected


def test_world_column_names():
    assert usgs.parse_world_column("Prod_kt_est_2023") == {
        "measure": "production",
        "qualifier": "",
        "unit": "thousand metric tons",
        "estimated": True,
        "year": 2023,
    }
    assert usgs.parse_world_column("Reserves_ore_K2O_equiv_kt")["qualifier"] == "ore K2O equiv"
    assert usgs.parse_world_column("Prod_notes") is None


def test_fixture_world_file_with_trailing_lines_and_typo_header(tmp_path):
    folder = tmp_path / "usgs_mcs" / "mcs2024" / "world"
    folder.mkdir(parents=True)
    (folder / "mcs2024-fluor_world.csv").write_text(
        '\ufeffSource,Country,"Mine production, fluorspar",Prod_kt_2022,Prod_kt_Est_2023,'
        "Prod_notes,Reserves_kt,Reserves_notes,,\n"
        'MCS2024,Mexico,"Mine production, fluorspar",1000,1000,,68000,,,\n'
        'MCS2024,China,"Mine production, fluorspar",5700,W,,67000,,,\n'
        'MCS2024,World total (rounded),"Mine production, fluorspar","9,000",NA,,,,,\n'
        ",,,,,,,,,\n,,,,,,,,,\n",
        encoding="utf-8",
    )
    rows = list(usgs.read_world_file(folder / "mcs2024-fluor_world.csv", 2024, StubPlaces()))
    assert len(rows) == 8
    mx = [r for r in rows if r["country_iso3"] == "MEX" and r["year"] == 2023][0]
    assert (mx["value"], mx["flags"], mx["type"]) == (
        1000.0,
        "estimated",
        "Mine production, fluorspar",
    )
    cn = [r for r in rows if r["country_iso3"] == "CHN" and r["year"] == 2023][0]
    assert (cn["value"], cn["flags"]) == (None, "estimated withheld")
    world = [r for r in rows if r["place_kind"] == "world" and r["year"] == 2022][0]
    assert world["value"] == 9000.0 and world["raw"] == "9,000"
    assert {r["year"] for r in rows if r["measure"] == "reserves"} == {2023}


def test_fixture_salient_file(tmp_path):
    path = tmp_path / "mcs2025-silve_salient.csv"
    path.write_text(
        "\ufeffDataSource,Commodity,Year,USprod_Mine_t,NIR_pct,,\n"
        'MCS2025,Silver,2023,"1,000",69,,\n'
        "MCS2025,Silver,2024,W,>50,,\n,,,,,,\n",
        encoding="utf-8",
    )
    rows = list(usgs.read_salient_file(path, 2025))
    assert [(r["statistic"], r["year"], r["value"], r["flags"]) for r in rows] == [
        ("production", 2023, 1000.0, ""),
        ("net_import_reliance", 2023, 69.0, ""),
        ("production", 2024, None, "estimated withheld"),
        ("net_import_reliance", 2024, None, "estimated greater_than"),
    ]


def test_unknown_commodity_is_an_error_not_a_guess(tmp_path):
    path = tmp_path / "mcs2025-zzzzz_salient.csv"
    path.write_text("DataSource,Commodity,Year,Imports_t\nMCS2025,Unobtainium,2024,5\n")
    with pytest.raises(ValueError, match="Unobtainium"):
        list(usgs.read_salient_file(path, 2025))
