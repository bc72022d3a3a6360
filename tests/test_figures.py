"""The figures officials read first, checked against the published USGS values (issue 11).

Expected values are copied from the USGS cells (MCS 2025 world file, MCS 2026 data release)
and from the MCS 2026 v1.3 correction notice (../shared/data/SOURCES.md §1).
"""

from __future__ import annotations

import pytest

from minref.analysis.profile import commodity_report
from minref.ingest import usgs
from minref.ingest.worldlines import normalise_world_rows


def _row(table, iso3):
    return next(r for r in table.rows if r.country_iso3 == iso3)


def test_talc_2026_india_first_china_second(catalog):
    t = catalog.world_production("talc", edition=2026, year=2025)
    assert t.type == "Mine production"
    india, china = _row(t, "IND"), _row(t, "CHN")
    assert (india.rank, india.figure.raw, t.unit) == (1, "1,500", "thousand metric tons")
    assert "steatite" in india.figure.note  # the qualifier shows with the figure
    assert (china.rank, china.figure.raw) == (2, "1,300")
    assert t.world_total is not None and t.world_total.raw == "6,900"


def test_diatomite_2026_mexico_eighth_denmark_second(catalog):
    t = catalog.world_production("diatomite", edition=2026, year=2025)
    mexico, denmark = _row(t, "MEX"), _row(t, "DNK")
    assert (mexico.rank, mexico.figure.raw) == (8, "100")
    assert (denmark.rank, denmark.figure.raw) == (2, "380")
    assert "processed" in denmark.figure.note


def test_soda_ash_2025_united_states_first(catalog):
    t = catalog.world_production("soda-ash", edition=2025, year=2024)
    us = _row(t, "USA")
    assert (us.rank, us.figure.raw) == (1, "12000")
    assert t.world_total is not None and t.world_total.raw == "24000"  # natural, rounded


def test_vanadium_reserves_in_thousand_metric_tons(catalog):
    for edition, year, australia in (
        (2023, 2022, "7400"),
        (2025, 2024, "8500"),
        (2026, 2025, "10,000"),
    ):
        t = catalog.world_production("vanadium", edition=edition, year=year, measure="reserves")
        assert t.unit == "thousand metric tons", edition
        assert _row(t, "AUS").figure.raw == australia


def test_titanium_headline_is_sponge_net_import_reliance(catalog):
    r = commodity_report(catalog, "titanium")
    nir = r.key_facts.us_net_import_reliance
    assert nir is not None and (nir.year, nir.raw) == (2025, "100")


def test_brazil_rare_earth_reserves_corrected(catalog):
    t = catalog.world_production("rare-earths", edition=2026, measure="reserves")
    brazil = _row(t, "BRA")
    assert brazil.figure.raw == "11,000,000" and brazil.figure.value == 11_000_000
    assert "corrected" in brazil.figure.flags
    assert "21,000,000" in brazil.figure.note  # the old value, for hover and the annex
    assert brazil.rank == 2
    assert t.world_total.raw == ">75,000,000" and "corrected" in t.world_total.flags
    errata = catalog.conn.execute(
        "SELECT old_raw, new_raw FROM errata WHERE kind = 'value' AND country_label = 'Brazil'"
    ).fetchall()
    assert [tuple(e) for e in errata] == [("21,000,000", "11,000,000")]


def test_pgm_2026_production_and_reserves_on_one_page(catalog):
    prod = catalog.world_production("pgm", edition=2026)
    res = catalog.world_production("pgm", edition=2026, measure="reserves")
    assert {"Mine production: Palladium", "Mine production: Platinum"} <= set(prod.available_types)
    assert prod.year == 2025 and res.year == 2025


# ----------------------------------------------------------------- from the raw files


@pytest.fixture(scope="module")
def world(shared_data):
    from minref.ingest.countries import PlaceResolver

    places = PlaceResolver(shared_data)
    mcs2026 = usgs.mcs2026_rows(shared_data, places)["world_production"]
    return usgs.world_rows(shared_data, places, mcs2026)


def test_raw_qualifier_is_kept_beside_the_line(world):
    india = [
        r
        for r in world
        if r["edition"] == 2026
        and r["commodity_id"] == "talc"
        and r["country_label"] == "India"
        and r["year"] == 2025
        and r["measure"] == "production"
    ]
    assert len(india) == 1
    r = india[0]
    assert (r["type"], r["type_raw"], r["qualifier"], r["raw"]) == (
        "Mine production",
        "Mine production: steatite",
        "steatite",
        "1,500",
    )


def test_withheld_code_from_the_notes_column(world):
    # MCS 2025 world file: wollastonite, United States, PROD cells blank, PROD_NOTES "W for 23-24".
    us = sorted(
        (r["year"], r["flags"])
        for r in world
        if r["edition"] == 2025
        and r["commodity_id"] == "wollastonite"
        and r["country_iso3"] == "USA"
        and r["measure"] == "production"
    )
    assert us == [(2023, "withheld"), (2024, "estimated withheld")]


def test_mcs2025_titanium_concentrates_share_uses_the_ilmenite_total(catalog):
    t = catalog.world_production("titanium-concentrates", edition=2025, year=2024)
    assert "ilmenite" in t.type.lower() and "rutile" not in t.type.lower()
    assert t.world_total.raw == "8900"  # "World total (ilmenite, rounded)"
    assert round(_row(t, "CHN").share_pct, 1) == 37.1  # 3,300 / 8,900


def test_normalise_on_a_hand_written_table():
    rows = [
        _w("Mine production", "Finland", "country", 200),
        _w("Mine production", "Japan", "country", 130),
        _w("Mine production: steatite", "India", "country", 1500),
        _w("Mine production: unspecified minerals", "China", "country", 1300),
        _w("Mine production: rounded", "World total", "world", 6900),
    ]
    stats = normalise_world_rows(rows, {"talc": {"talc"}})
    assert {r["type"] for r in rows} == {"Mine production"}
    assert stats["qualifier_rows"] == 2
    assert next(r for r in rows if r["country_label"] == "India")["qualifier"] == "steatite"


def _w(ftype, country, kind, value):
    return {
        "source_id": "usgs-mcs-2026",
        "edition": 2026,
        "commodity_id": "talc",
        "measure": "production",
        "type": ftype,
        "place_kind": kind,
        "country_label": country,
        "year": 2025,
        "value": value,
        "raw": str(value),
        "flags": "",
        "note": "",
    }


# ----------------------------------------------------------------- page headlines


def _fact(catalog, cid, key):
    from minref.analysis.profile import key_facts

    return next(f for f in key_facts(commodity_report(catalog, cid)) if f.key == key)


def test_antimony_mexico_share_names_the_line_mexico_is_listed_on(catalog):
    # MCS 2026 import sources 2021-24: Mexico 86 % of ore and concentrates, not a listed
    # source of total metal and oxide (China 55 %, Belgium 12 %, Thailand 8 %, India 6 %).
    # The card gives Mexico's share on its own line and says which line lists it not; it
    # read "not listed" over the main supplier of antimony ore (found in the built app).
    f = _fact(catalog, "antimony", "mexico-us-imports")
    assert f.value == "86%"
    assert f.detail == (
        "Ore and concentrates, 2021-24 average · Mexico is not a listed source of Total "
        "metal and oxide"
    )


def test_titanium_mexico_share_names_its_line_beside_the_sponge_line(catalog):
    # MCS 2026: Mexico 7 % of TiO2 pigment imports; not a listed source of sponge metal.
    f = _fact(catalog, "titanium", "mexico-us-imports")
    assert f.value == "7%"
    assert f.detail == (
        "TiO2 pigment, 2021-24 average · Mexico is not a listed source of Titanium Sponge Metal"
    )


def test_diatomite_mexico_share_of_all_imports(catalog):
    f = _fact(catalog, "diatomite", "mexico-us-imports")
    assert f.value == "17%"


def test_copper_2024_in_mcs_2026(catalog):
    r = commodity_report(catalog, "copper", year=2024)
    assert (r.world_production.edition, r.world_production.year) == (2026, 2024)
    mexico = r.key_facts.mexico_production
    assert (mexico.figure.raw, r.world_production.unit) == ("717", "thousand metric tons")


def test_qualifier_shows_in_the_table_name(catalog):
    from minref.analysis.profile import world_rows

    r = commodity_report(catalog, "talc")
    names = [w.name for w in world_rows(r.world_production, None, r.reserves)]
    assert "India (steatite)" in names and "China (unspecified minerals)" in names


@pytest.mark.parametrize(
    "lang, value, shown",
    [
        # by hand: a share that is not zero never reads 0.0% (Mexico's bismuth, 10 t of a
        # 20,000 t world, 0.05%, read "0.0%" on its country page: found in the built app)
        ("en", 0.05, "<0.1%"),
        ("en", 0.04, "<0.1%"),
        ("en", 0.06, "0.1%"),
        ("en", 0.0, "0.0%"),
        ("es", 0.05, "<0.1%"),
        ("fr", 0.05, "<0,1\xa0%"),
    ],
)
def test_a_small_share_is_never_shown_as_zero(lang, value, shown):
    from minref import i18n
    from minref.analysis.text import pct

    try:
        i18n.set_language(lang)
        assert pct(value) == shown
    finally:
        i18n.set_language("en")
