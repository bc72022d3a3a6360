"""The catalog database's schema: data tables from db/, indexes, search and metadata."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

# 'MNRF' as a big-endian 32-bit integer: marks a file as a minref catalog.
APPLICATION_ID = 0x4D4E5246
# Bump when the catalog's tables or meaning change; an app refuses a newer catalog.
SCHEMA_VERSION = 1

INDEXES = [
    "CREATE INDEX ix_world_commodity ON world_production(commodity_id, measure, edition, year)",
    "CREATE INDEX ix_world_country ON world_production(country_iso3, edition)",
    "CREATE INDEX ix_salient_commodity ON us_salient(commodity_id, edition, statistic)",
    "CREATE INDEX ix_import_sources ON us_import_sources(commodity_id)",
    "CREATE INDEX ix_import_sources_country ON us_import_sources(country_iso3)",
    "CREATE INDEX ix_reliance ON us_import_reliance(commodity_id, edition)",
    "CREATE INDEX ix_members_commodity ON critical_list_members(commodity_id)",
    "CREATE INDEX ix_commodity_hs ON commodity_hs(commodity_id)",
    "CREATE INDEX ix_commodity_hs_code ON commodity_hs(hs_code)",
    "CREATE INDEX ix_trade_reporter ON trade_flows(reporter_iso3, partner_iso3, hs_code, year)",
    "CREATE INDEX ix_trade_partner ON trade_flows(partner_iso3, reporter_iso3)",
    "CREATE INDEX ix_trade_hs ON trade_flows(hs_code, year)",
    "CREATE INDEX ix_commodity_aliases ON commodity_aliases(commodity_id)",
    "CREATE INDEX ix_country_aliases ON country_aliases(iso3)",
    "CREATE INDEX ix_ree_history ON ree_history(statistic, year)",
    "CREATE INDEX ix_hs_parent ON hs_codes(parent)",
    # A commodity's HS lines join hs_codes by code (6 ms a page without it).
    "CREATE INDEX ix_hs_code ON hs_codes(hs_code)",
    "CREATE INDEX ix_end_uses ON end_uses(commodity_id)",
]

SEARCH_DDL = """
CREATE TABLE search_items (
    rowid INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,        -- commodity | element | country | hs
    key TEXT NOT NULL,         -- commodity_id, element symbol, ISO3 or HS code
    title TEXT NOT NULL,
    subtitle TEXT NOT NULL,
    names TEXT NOT NULL,       -- names in English, Spanish and French, and aliases
    codes TEXT NOT NULL,       -- symbols, ISO codes, HS codes in every written form
    rank_boost REAL NOT NULL DEFAULT 0
);
CREATE VIRTUAL TABLE search_fts USING fts5(
    names, codes, content='search_items', content_rowid='rowid',
    tokenize = "unicode61 remove_diacritics 2 tokenchars '-'",
    prefix = '2 3 4'
);
"""

META_DDL = "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


def _column_type(table, column: str) -> str:
    if column in table.integer:
        return "INTEGER"
    if column in table.real:
        return "REAL"
    return "TEXT"


def ddl() -> str:
    """The full DDL of a catalog, as committed in db/schema.sql."""
    # Imported here: opening a catalog needs this module's version numbers only, and the
    # table definitions cost the desktop app's start-up 1 ms.
    from minref.catalog.tables import TABLES

    parts = [
        "-- minref catalog schema (generated from minref/catalog/tables.py; do not edit)",
        f"-- application_id {APPLICATION_ID:#x}, user_version {SCHEMA_VERSION}",
        META_DDL + ";",
    ]
    for table in TABLES.values():
        cols = ",\n    ".join(f"{c} {_column_type(table, c)}" for c in table.columns)
        parts.append(f"CREATE TABLE {table.name} (\n    {cols}\n);")
    parts.extend(ix + ";" for ix in INDEXES)
    parts.append(SEARCH_DDL.strip())
    return "\n".join(parts) + "\n"
