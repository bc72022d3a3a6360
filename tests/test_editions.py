"""Editions come from the data: a catalog with one more MCS edition needs no code change.

The synthetic edition copies the newest edition's world and U.S. salient rows with every
year moved on by one and a new source id, as the next USGS release would arrive.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import subprocess
import sys

import pytest

from minref.catalog.tables import TABLES

from .conftest import DB_DIR

NEW_SOURCE = "usgs-mcs-2099"  # an id no real source has; the edition number follows the data


def _rows(db_dir, name):
    table = TABLES[name]
    raw = (db_dir / table.filename).read_bytes()
    text = (gzip.decompress(raw) if table.compressed else raw).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def next_edition(tmp_path_factory):
    """(catalog path, the new edition number) for db/ plus one synthetic MCS edition."""
    from minref.catalog.build import build
    from minref.ingest.refresh import MANIFEST, content_hash, write_table

    db = tmp_path_factory.mktemp("db-next")
    for f in DB_DIR.iterdir():
        shutil.copy(f, db / f.name)
    manifest = json.loads((db / MANIFEST).read_text())
    world = _rows(db, "world_production")
    newest = max(int(r["edition"]) for r in world)
    new = newest + 1
    sources = _rows(db, "sources")
    old_source = next(
        r
        for r in sources
        if r["source_id"].startswith("usgs-mcs") and r["edition"] == f"MCS {newest}"
    )
    sources.append(
        {**old_source, "source_id": NEW_SOURCE, "edition": f"MCS {new}", "year": str(new)}
    )
    changed = {"sources": sources}
    for name in ("world_production", "us_salient"):
        rows = _rows(db, name) if name != "world_production" else world
        extra = [
            {**r, "source_id": NEW_SOURCE, "edition": str(new), "year": str(int(r["year"]) + 1)}
            for r in rows
            if r["edition"] == str(newest) and r["year"]
        ]
        changed[name] = rows + extra
    for name, rows in changed.items():
        path, n, digest = write_table(TABLES[name], rows, db)
        manifest["tables"][name] = {"file": path.name, "rows": n, "sha256": digest}
    manifest["content_hash"] = content_hash(manifest)
    (db / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    out = tmp_path_factory.mktemp("cat-next") / "catalog.sqlite"
    build(db, out)
    return out, new


def test_the_catalog_names_the_new_edition(next_edition):
    from minref.catalog.queries import Catalog

    path, new = next_edition
    cat = Catalog.open(path)
    assert cat.latest_edition == new
    assert cat.world_production("silver").edition == new  # the newest is the default


def test_catalog_info_json_names_it(next_edition):
    path, new = next_edition
    out = subprocess.run(
        [sys.executable, "-m", "minref", "--catalog", str(path), "catalog", "info", "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"MCS {new}" in json.loads(out)["editions"]


def test_status_bar_and_edition_selector_name_it(next_edition, qtbot):
    from minref.catalog.queries import Catalog
    from minref.ui.main_window import MainWindow

    path, new = next_edition
    win = MainWindow(Catalog.open(path), None)
    qtbot.addWidget(win)
    assert f"MCS {new}" in win.edition_label.text()
    win.open("commodity:silver")
    page = win.current_page()
    page.finish()
    combo = page.edition_combo
    items = [combo.itemText(i) for i in range(combo.count())]
    assert f"MCS {new}" in items and combo.currentText() == f"MCS {new}"


def test_commodity_brief_names_it(next_edition, tmp_path):
    from pypdf import PdfReader

    from minref.briefing import kinds
    from minref.briefing.document import BriefOptions
    from minref.catalog.queries import Catalog

    path, new = next_edition
    out = kinds.write(
        "commodity", Catalog.open(path), ["silver"], tmp_path / "s.pdf", BriefOptions()
    )
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert f"MCS {new}" in text


def test_claim_checker_names_it(next_edition):
    from minref.analysis.claims import check_claims
    from minref.analysis.trade import TradeData
    from minref.catalog.queries import Catalog

    path, new = next_edition
    (top10,) = check_claims(TradeData(Catalog.open(path), None), ids=["top10"])
    assert f"MCS {new}" in json.dumps(top10.to_dict())
