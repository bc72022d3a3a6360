"""``minref catalog audit``: the bundled catalog has no finding that is not accepted."""

from __future__ import annotations

import sqlite3

from minref.analysis.lines import headline
from minref.catalog import audit
from minref.catalog.schema import ddl
from minref.ingest.usgs import note_code_cell


def test_bundled_catalog_has_no_unaccepted_finding(catalog):
    bad, fine = audit.run(catalog.conn, headline=headline)
    assert [f.line() for f in bad] == []
    assert all(reason.strip() for _, reason in fine)


def test_no_value_cell_dropped(catalog, shared_data):
    from minref.ingest.rawcount import raw_world_counts

    counts = raw_world_counts(shared_data)
    assert len(counts) > 150  # every per-commodity world file and the two long files
    assert [f.line() for f in audit.cell_findings(catalog.conn, counts)] == []


def _tiny_catalog(rows):
    conn = sqlite3.connect(":memory:")
    conn.executescript(ddl())
    cols = [r[1] for r in conn.execute("PRAGMA table_info(world_production)")]
    for r in rows:
        full = {c: None for c in cols} | r
        conn.execute(
            f"INSERT INTO world_production ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})",
            [full[c] for c in cols],
        )
    return conn


def _r(ftype, country, iso3, kind, value, edition=2026, unit="thousand metric tons"):
    return {
        "source_id": f"usgs-mcs-{edition}",
        "edition": edition,
        "commodity_id": "talc",
        "commodity_label": "Talc",
        "measure": "production",
        "type": ftype,
        "type_raw": ftype,
        "place_kind": kind,
        "country_label": country,
        "country_iso3": iso3,
        "year": 2025,
        "value": value,
        "unit": unit,
    }


def test_a_qualifier_line_and_an_unjoined_total_are_found():
    conn = _tiny_catalog(
        [
            _r("Mine production", "Finland", "FIN", "country", 200),
            _r("Mine production", "Japan", "JPN", "country", 130),
            _r("Mine production", "Turkey", "TUR", "country", 300),
            _r("Mine production: steatite", "India", "IND", "country", 1500),
            _r("World mine production", "World total", None, "world", 6900),
        ]
    )
    checks = sorted(f.check for f in audit.world_findings(conn))
    assert checks == ["ranked-once", "world-joined"]


def test_a_unit_slip_between_editions_is_found():
    conn = _tiny_catalog(
        [
            _r("Mine production", "Japan", "JPN", "country", 130, edition=2025),
            _r("Mine production", "Japan", "JPN", "country", 130_000, 2026, "metric tons"),
        ]
        + [_r("Mine production", "Japan", "JPN", "country", 130_000, 2024, "thousand metric tons")]
    )
    found = [f for f in audit.world_findings(conn) if f.check == "unit"]
    assert found and all(f.subject == "production: JPN" for f in found)


def test_codes_written_in_the_notes_column():
    assert note_code_cell("W for 23-24", 2023).flags == ("withheld",)
    assert note_code_cell("W for 23-24", 2024, estimated=True).flags == ("estimated", "withheld")
    assert note_code_cell("na for 2023", 2024) is None
    assert note_code_cell("na for 2023", 2023).flags == ("not_available",)
    assert note_code_cell("NA (Reserve data is thousand metric tons).", 2024).raw == "NA"
    assert note_code_cell("Included in World total", 2024).flags == ("included_elsewhere",)
    assert note_code_cell("Estimated in 2023", 2023) is None
