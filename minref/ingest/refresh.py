"""``minref catalog refresh``: read every raw source and write the curated tables in db/.

The output is deterministic: rows are sorted by each table's key, numbers are
written in their shortest exact form, and gzip headers carry no time or name, so
the same inputs give byte-identical files.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import logging
import time
from collections.abc import Iterable
from pathlib import Path

from minref.catalog.tableform import TableFormError, format_value  # noqa: F401
from minref.catalog.tableform import table_bytes as _table_bytes
from minref.catalog.tables import TABLES, Table
from minref.errors import quoted
from minref.i18n import _, clauses

from .commodities import BY_ID, commodity_rows
from .sources import SOURCES

logger = logging.getLogger(__name__)

MANIFEST = "MANIFEST.json"
SCHEMA_FILE = "schema.sql"


class RefreshError(Exception):
    """The raw data could not be turned into consistent tables."""


def table_bytes(table: Table, rows: Iterable[dict]) -> bytes:
    """The canonical CSV bytes of a table; a row that does not fit is a RefreshError."""
    try:
        return _table_bytes(table, rows)
    except TableFormError as exc:
        raise RefreshError(str(exc)) from exc


def write_table(table: Table, rows: Iterable[dict], db_dir: Path) -> tuple[Path, int, str]:
    """Write one table under db_dir; returns (path, row count, sha256 of the CSV text)."""
    data = table_bytes(table, rows)
    n = data.count(b"\n") - 1
    digest = hashlib.sha256(data).hexdigest()
    path = db_dir / table.filename
    if table.compressed:
        out = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz:
            gz.write(data)
        payload = out.getvalue()
    else:
        payload = data
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(payload)
    tmp.replace(path)
    return path, n, digest


def schema_sql() -> str:
    """The DDL of the catalog's data tables, generated from :data:`TABLES`."""
    from minref.catalog.schema import ddl  # the catalog layer owns the schema

    return ddl()


def collect_tables(data_dir: Path) -> dict[str, list[dict]]:
    """Run every reader over data_dir and return the rows of every table."""
    from . import historical, iea, mexico_hs4, reference, trade, usgs
    from .countries import PlaceResolver, country_rows

    if not data_dir.is_dir():
        raise RefreshError(_("no raw data folder at {path}").format(path=data_dir))
    t0 = time.perf_counter()
    places = PlaceResolver(data_dir)
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}
    tables["sources"] = [dict(s) for s in SOURCES]
    tables["commodities"] = commodity_rows()
    tables["countries"] = country_rows(data_dir)
    tables["hs_sections"] = reference.hs_section_rows(data_dir)
    tables["hs_codes"] = reference.hs_code_rows(data_dir)
    lists, members, list_sources = reference.critical_list_rows(data_dir)
    tables["critical_lists"] = lists
    tables["critical_list_members"] = members
    tables["sources"].extend(list_sources)
    tables["rare_earth_elements"] = reference.rare_earth_element_rows(data_dir)
    tables["commodity_hs"] = reference.commodity_hs_rows(data_dir)
    logger.info("reference tables read in %.2f s", time.perf_counter() - t0)

    for name, rows in usgs.usgs_tables(data_dir, places).items():
        tables[name].extend(rows)
    logger.info("USGS MCS tables read in %.2f s", time.perf_counter() - t0)
    tables["ree_history"] = historical.ds140_rows(data_dir) + historical.myb2022_rows(
        data_dir, places
    )

    # Mexico's own HS4 declarations first; the other Comtrade extracts fill the rest of
    # the 100,000-record budget.
    mexico = mexico_hs4.mexico_hs4_rows(data_dir)
    comtrade = mexico + trade.select_comtrade(
        trade.comtrade_metals_rows(data_dir) + trade.comtrade_us_china_rows(data_dir),
        cap=trade.COMTRADE_CAP - len(mexico),
    )
    tables["claims_register"] = mexico_hs4.claims_register_rows(data_dir)
    tables["trade_flows"] = comtrade + (
        trade.usitc_rows(data_dir, places) + trade.census_rows(data_dir, places)
    )
    tables["mexico_trade_balance"] = trade.inegi_rows(data_dir)
    tables["iea_outlook"] = iea.iea_rows(data_dir)
    logger.info("trade tables read in %.2f s", time.perf_counter() - t0)

    tables["country_aliases"] = _country_aliases(tables)
    tables["commodity_aliases"] = _commodity_aliases(tables)
    from .synonyms import claims_translation_rows, synonym_rows

    tables["search_synonyms"] = synonym_rows()  # curated by hand, not from a raw source
    tables["claims_register_translations"] = claims_translation_rows(tables["claims_register"])
    from .member_names import member_name_rows

    tables["list_member_names"] = member_name_rows(  # curated by hand too
        tables["commodities"], tables["rare_earth_elements"]
    )
    unknown = places.unknown_labels()
    if unknown:
        raise RefreshError(
            _("place names that match no country or aggregate: {names}").format(
                names=", ".join(quoted(n) for n in sorted(unknown))
            )
        )
    check_tables(tables)
    return tables


def _country_aliases(tables: dict[str, list[dict]]) -> list[dict]:
    seen: set[tuple] = set()
    for name in ("world_production", "us_import_sources", "ree_history"):
        for r in tables[name]:
            seen.add((r["country_label"], r["country_iso3"], r["place_kind"], r["source_id"]))
    for r in tables["trade_flows"]:
        seen.add((r["partner_label"], r["partner_iso3"], r["partner_kind"], r["source_id"]))
    return [{"alias": a, "iso3": i, "place_kind": k, "source_id": s} for a, i, k, s in seen if a]


def _commodity_aliases(tables: dict[str, list[dict]]) -> list[dict]:
    seen: set[tuple] = set()
    for name in ("world_production", "us_salient", "us_import_sources", "us_import_reliance"):
        for r in tables[name]:
            seen.add((r["commodity_label"], r["commodity_id"], r["source_id"]))
    for r in tables["end_uses"]:
        seen.add((r["mineral"], r["commodity_id"], r["source_id"]))
    for r in tables["critical_list_members"]:
        seen.add((r["mineral"], r["commodity_id"], r["source_id"]))
    for c in BY_ID.values():
        for alias in (c.mcs_chapter, *c.aliases):
            seen.add((alias, c.commodity_id, "minref-commodity-names"))
    return [{"alias": a, "commodity_id": c, "source_id": s} for a, c, s in seen if a]


def check_tables(tables: dict[str, list[dict]]) -> None:
    """Refuse tables whose rows cite an unknown source or commodity."""
    source_ids = {s["source_id"] for s in tables["sources"]}
    problems = []
    for name, rows in tables.items():
        if name == "sources":
            continue
        has_source = "source_id" in TABLES[name].columns
        has_commodity = "commodity_id" in TABLES[name].columns
        for r in rows:
            if has_source and r.get("source_id") not in source_ids:
                problems.append(
                    _("{table}: source {source} is not registered").format(
                        table=name, source=quoted(r.get("source_id"))
                    )
                )
                break
            if has_commodity and r.get("commodity_id") and r["commodity_id"] not in BY_ID:
                problems.append(
                    _("{table}: unknown commodity {commodity}").format(
                        table=name, commodity=quoted(r["commodity_id"])
                    )
                )
                break
    if problems:
        raise RefreshError(clauses(problems))


def refresh(data_dir: Path, db_dir: Path) -> dict:
    """Rebuild every table in db_dir from data_dir; returns the manifest written."""
    tables = collect_tables(data_dir)
    db_dir.mkdir(parents=True, exist_ok=True)
    manifest = {"format": 1, "tables": {}}
    for name, table in TABLES.items():
        path, n, digest = write_table(table, tables[name], db_dir)
        manifest["tables"][name] = {"file": path.name, "rows": n, "sha256": digest}
        logger.info("wrote %s (%d rows)", path.name, n)
    manifest["content_hash"] = content_hash(manifest)
    (db_dir / SCHEMA_FILE).write_text(schema_sql(), encoding="utf-8")
    (db_dir / MANIFEST).write_text(
        json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return manifest


def content_hash(manifest: dict) -> str:
    """One hash over every table's content hash, in table order."""
    h = hashlib.sha256()
    for name in sorted(manifest["tables"]):
        h.update(f"{name}:{manifest['tables'][name]['sha256']}\n".encode())
    return h.hexdigest()
