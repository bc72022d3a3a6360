"""The built catalog: integrity, read-only opening, failures, search, provenance and queries."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3

import pytest

from minref.catalog import store
from minref.catalog.build import CatalogBuildError, build
from minref.catalog.queries import Catalog, UnknownName
from minref.catalog.schema import SCHEMA_VERSION
from minref.catalog.verify import verify

from .conftest import DB_DIR


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_built_catalog_verifies(catalog):
    report = verify(catalog.conn)
    assert report.ok, [c for c in report.checks if not c[1]]
    names = {c[0] for c in report.checks}
    assert {"sqlite integrity", "content hash", "table world_production"} <= names


def test_catalog_is_opened_read_only(catalog):
    with pytest.raises(sqlite3.OperationalError):
        catalog.conn.execute("DELETE FROM commodities")
    assert catalog.conn.execute("SELECT count(*) FROM commodities").fetchone()[0] > 100


def test_pragmas_mark_the_file(catalog):
    assert catalog.conn.execute("PRAGMA application_id").fetchone()[0] == 0x4D4E5246
    assert catalog.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_missing_catalog_is_a_clear_error(tmp_path):
    with pytest.raises(store.CatalogMissing, match="does not exist"):
        store.open_catalog(tmp_path / "nope.sqlite")


def test_corrupt_catalog_is_a_clear_error(tmp_path):
    bad = tmp_path / "catalog.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(store.CatalogCorrupt):
        store.open_catalog(bad)


def test_truncated_catalog_is_a_clear_error(tmp_path, catalog_path):
    bad = tmp_path / "catalog.sqlite"
    data = catalog_path.read_bytes()
    bad.write_bytes(data[: len(data) // 3])
    with pytest.raises(store.CatalogCorrupt):
        Catalog.open(bad)


def test_foreign_sqlite_file_is_refused(tmp_path):
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(store.CatalogCorrupt, match="not a minref catalog"):
        store.open_catalog(other)


def test_newer_catalog_is_refused_and_left_unchanged(tmp_path, catalog_path):
    newer = tmp_path / "newer.sqlite"
    shutil.copy(catalog_path, newer)
    newer.chmod(0o644)
    con = sqlite3.connect(newer)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    before = _sha(newer)
    with pytest.raises(store.CatalogTooNew, match="newer minref|schema version"):
        store.open_catalog(newer)
    assert _sha(newer) == before


def test_verify_detects_an_edited_figure(tmp_path, catalog_path):
    edited = tmp_path / "edited.sqlite"
    shutil.copy(catalog_path, edited)
    edited.chmod(0o644)
    con = sqlite3.connect(edited)
    con.execute(
        "UPDATE world_production SET value = value + 1 WHERE commodity_id = 'silver' "
        "AND country_iso3 = 'MEX'"
    )
    con.commit()
    con.close()
    report = verify(store.open_catalog(edited))
    assert not report.ok
    failed = [c[0] for c in report.checks if not c[1]]
    assert failed == ["table world_production"]


def test_build_refuses_an_edited_table_and_leaves_nothing(tmp_path):
    db = tmp_path / "db"
    shutil.copytree(DB_DIR, db)
    with open(db / "countries.csv", "a", encoding="utf-8") as fh:
        fh.write("XXX,XX,999,Nowhere,,,,,iso-3166-country-codes\n")
    out = tmp_path / "out" / "catalog.sqlite"
    with pytest.raises(CatalogBuildError, match="countries.csv"):
        build(db, out)
    assert not out.exists()
    assert list(out.parent.iterdir()) == []


def test_build_refuses_a_damaged_gzip(tmp_path):
    db = tmp_path / "db"
    shutil.copytree(DB_DIR, db)
    (db / "world_production.csv.gz").write_bytes(b"\x1f\x8b\x08garbage")
    with pytest.raises(CatalogBuildError, match="world_production"):
        build(db, tmp_path / "c.sqlite")


def test_build_without_manifest(tmp_path):
    with pytest.raises(CatalogBuildError, match="MANIFEST"):
        build(tmp_path, tmp_path / "c.sqlite")


# ---------------------------------------------------------------- search


@pytest.mark.parametrize(
    "query, kind, key",
    [
        ("Mexico", "country", "MEX"),
        ("México", "country", "MEX"),
        ("mexi", "country", "MEX"),
        ("Estados Unidos", "country", "USA"),
        ("tierras raras", "commodity", "rare-earths"),
        ("terres rares", "commodity", "rare-earths"),
        ("plata", "commodity", "silver"),
        ("fluorita", "commodity", "fluorspar"),
        ("lith", "commodity", "lithium"),
        ("neodimio", "element", "Nd"),
        ("Dy", "element", "Dy"),
        ("2846", "hs", "2846"),
        ("28.46", "hs", "2846"),
        ("7106.91", "hs", "710691"),
        ("710691", "hs", "710691"),
    ],
)
def test_search_finds(catalog, query, kind, key):
    hits = catalog.search(query, 10)
    assert hits, query
    assert (hits[0].kind, hits[0].key) == (kind, key), [(h.kind, h.key) for h in hits[:5]]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "(",
        ")",
        "OR",
        "NEAR(",
        "^",
        ":",
        "-",
        "'; DROP TABLE commodities; --",
        'silver" OR "gold',
        "a AND NOT b",
        "col:silver",
        "{}",
        "\\",
        "%",
        "_",
        "\x00",
        "   ",
        "plata*",
        "(plata)",
        "ÁÉÍ",
        "e" * 300,
    ],
)
def test_search_never_raises_on_odd_input(catalog, query):
    hits = catalog.search(query, 5)
    assert isinstance(hits, list)
    if query in ("plata*", "(plata)"):
        assert hits and hits[0].key == "silver"


def test_search_without_fts5_gives_the_same_first_hits(catalog):
    for q in ("tierras raras", "Mexico", "2846"):
        fts = catalog.search(q, 3)
        from minref.catalog.search import search

        plain = search(catalog.conn, q, 3, use_fts=False)
        assert plain and plain[0].key == fts[0].key


# ---------------------------------------------------------------- provenance


def test_every_figure_cites_a_registered_source(catalog):
    sources = set(catalog.sources)
    for table in (
        "world_production",
        "us_salient",
        "us_import_sources",
        "us_import_reliance",
        "trade_flows",
        "ree_history",
        "critical_list_members",
        "commodity_hs",
        "end_uses",
        "mexico_trade_balance",
        "iea_outlook",
        "hs_codes",
        "countries",
        "rare_earth_elements",
    ):
        used = {r[0] for r in catalog.conn.execute(f"SELECT DISTINCT source_id FROM {table}")}
        assert used and used <= sources, table
        missing = catalog.conn.execute(
            f"SELECT count(*) FROM {table} WHERE source_id IS NULL"
        ).fetchone()[0]
        assert missing == 0, table
    for s in catalog.sources.values():
        assert s.organisation and s.dataset and s.edition and s.licence and s.attribution


def test_comtrade_rows_are_attributed_and_capped(catalog):
    n = catalog.conn.execute(
        "SELECT count(*) FROM trade_flows WHERE source_id LIKE 'un-comtrade%'"
    ).fetchone()[0]
    assert 0 < n <= 100_000
    for sid in ("un-comtrade-metals-exports", "un-comtrade-us-china"):
        assert catalog.source(sid).attribution == "Source: UN Comtrade"


def test_figures_keep_raw_text_and_flags(catalog):
    rows = catalog.conn.execute(
        "SELECT raw, value, flags FROM world_production WHERE flags LIKE '%withheld%'"
    ).fetchall()
    assert rows and all(r[1] is None and r[0] for r in rows)
    zero = catalog.conn.execute(
        "SELECT count(*) FROM world_production WHERE value IS NULL AND raw = ''"
    ).fetchone()[0]
    assert zero == 0


# ---------------------------------------------------------------- queries


def test_world_production_ranks_and_shares(catalog):
    t = catalog.world_production("silver", edition=2026, year=2025)
    mx = t.row_for("MEX")
    assert mx.rank == 1 and mx.figure.value == 6300 and mx.figure.is_estimated
    # MCS 2026: Mexico 6,300 t of a rounded world total of 26,000 t.
    assert mx.share_pct == pytest.approx(6300 / 26000 * 100)
    assert t.world_total.value == 26000
    assert t.source.source_id == "usgs-mcs-2026"
    assert t.available_editions == [2023, 2024, 2025, 2026]
    ar, ind = t.row_for("ARG"), t.row_for("IND")
    assert ar.rank == ind.rank == 10  # ties share a rank (800 t each)
    assert all(r.rank is None for r in t.rows if r.place_kind != "country")


def test_edition_selector_shows_revisions(catalog):
    old = catalog.world_production("silver", edition=2024, year=2023).row_for("MEX")
    new = catalog.world_production("silver", edition=2025, year=2023).row_for("MEX")
    assert (old.figure.value, old.figure.is_estimated) == (6400, True)
    assert (new.figure.value, new.figure.is_estimated) == (6290, False)
    history = catalog.production_history("silver", "MEX")
    assert (2024, "mine production, silver content") in {(e, t) for e, t, _ in history}


def test_withheld_is_not_ranked(catalog):
    t = catalog.world_production("silver", edition=2026, measure="reserves")
    kaz = t.row_for("KAZ")
    assert kaz.figure.value is None and kaz.figure.raw == "NA" and kaz.rank is None


def test_commodity_profile(catalog):
    p = catalog.commodity_profile("rare-earths")
    assert (p.name_es, p.name_fr) == ("Tierras raras", "Terres rares")
    lists = {m.list_id for m in p.critical_lists}
    assert {"US-2022", "US-2025", "EU-CRM-2023"} <= lists
    assert {"284610", "284690"} <= {h.hs_code for h in p.hs_codes}
    assert all(h.description for h in p.hs_codes)
    assert {2022, 2023, 2024, 2025, 2026} <= set(p.editions)
    assert any(s.source_id == "usgs-mcs-2026" for s in p.sources)


def test_us_salient_and_import_sources(catalog):
    s = catalog.us_salient("silver", edition=2026)
    nir = {r.figure.year: r.figure for r in s.series("net_import_reliance")}
    assert nir[2024].value == 68 and nir[2025].is_estimated
    mx = [i for i in catalog.us_import_sources("silver") if i.country_iso3 == "MEX"]
    assert mx and mx[0].figure.value == 47 and mx[0].period == "2021-24"
    rel = catalog.us_import_reliance("fluorspar")
    assert rel[0].edition == 2025 and rel[0].major_import_sources[0] == "Mexico"


def test_rare_earth_elements(catalog):
    elements = catalog.rare_earth_elements()
    assert len(elements) == 17
    nd = catalog.rare_earth_element("Nd")
    assert nd.name_es == "Neodimio" and nd.atomic_number == 60
    assert nd.source.source_id == "minref-rare-earth-elements"


def test_country_standing_mexico(catalog):
    st = catalog.country_standing("MEX")
    silver = [e for e in st.entries if e.commodity_id == "silver" and e.measure == "production"]
    assert silver[0].rank == 1 and silver[0].edition == 2026
    top10 = {
        e.commodity_id for e in st.entries if e.measure == "production" and e.rank and e.rank <= 10
    }
    assert {"silver", "fluorspar", "strontium", "wollastonite"} <= top10
    assert any(cid == "fluorspar" for cid, _, _ in st.import_shares)


def test_trade_flows_mexico_silver(catalog):
    rows = catalog.trade_flows("MEX", "USA", "7106", 2015, "export")
    comtrade = [r for r in rows if r.source_id == "un-comtrade-metals-exports"]
    # Mexico's silver exports to the U.S., 2015: US$1,812,567,885 (UN Comtrade, FOB).
    assert [r.value_usd for r in comtrade] == [1812567885.0]
    assert comtrade[0].hs_description.startswith("Silver")
    # HS with dots finds the same rows; Mexico's HS4 declarations (main partners) hold the
    # same flow, rounded by that extract to 1,812,570,000 (SOURCES.md section 12)
    dotted = catalog.trade_flows("MEX", "USA", "71.06", 2015, "export")
    assert {r.source_id: r.value_usd for r in dotted} == {
        "un-comtrade-metals-exports": 1812567885.0,
        "un-comtrade-mexico-hs4": 1812570000.0,
    }


def test_unknown_names_come_with_suggestions(catalog):
    with pytest.raises(UnknownName) as exc:
        catalog.resolve_commodity("silvr")
    assert "Silver" in exc.value.suggestions
    assert catalog.resolve_commodity("Plata") == "silver"
    assert catalog.resolve_commodity("TERRES RARES") == "rare-earths"
    assert catalog.resolve_country("méxico") == "MEX"
    assert catalog.resolve_country("usa") == "USA"
    with pytest.raises(UnknownName):
        catalog.resolve_country("Atlantis")


def test_verify_reports_damaged_pages(tmp_path, catalog_path):
    damaged = tmp_path / "damaged.sqlite"
    data = bytearray(catalog_path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 65536] = b"\xff" * 65536
    damaged.write_bytes(bytes(data))
    report = verify(store.open_catalog(damaged))
    assert not report.ok
    assert not dict((n, ok) for n, ok, _ in report.checks)["sqlite integrity"]


def test_every_flag_in_the_catalog_has_a_label(catalog):
    from minref.ingest.cells import FLAG_LABELS

    seen = set()
    for table in (
        "world_production",
        "us_salient",
        "us_import_sources",
        "us_import_reliance",
        "trade_flows",
        "ree_history",
    ):
        for (flags,) in catalog.conn.execute(f"SELECT DISTINCT flags FROM {table}"):
            seen.update((flags or "").split())
    assert seen and seen <= set(FLAG_LABELS), seen - set(FLAG_LABELS)
