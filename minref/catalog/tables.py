"""The curated tables committed under db/: their columns, order and storage.

Every reader returns rows (dicts) for one of these tables.  ``refresh`` writes
them as UTF-8 CSV with rows sorted by ``key``, gzip-compressed (with a fixed
header, so identical inputs give byte-identical files) where ``compressed``.
"""

from __future__ import annotations

import logging

from minref.i18n import N_
from minref.records import record

logger = logging.getLogger(__name__)


@record
class Table:
    """One table of the curated catalog under db/: its columns, key and stored types."""

    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    compressed: bool = False
    # Columns stored as numbers in SQLite (everything else is text).
    real: tuple[str, ...] = ()
    integer: tuple[str, ...] = ()
    # minref's own curation: kept by hand in a file under resources/ that ships with minref,
    # not read from any source's release.  A complete data pack made by an older minref,
    # from before the table, may lack it: this minref's own rows are used instead, and the
    # install says so with ``older_pack_note`` (one sentence, translated when shown).
    minref_curated: bool = False
    older_pack_note: str = ""

    @property
    def filename(self) -> str:
        return f"{self.name}.csv.gz" if self.compressed else f"{self.name}.csv"


_T = Table

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        _T(
            "sources",
            (
                "source_id",
                "organisation",
                "dataset",
                "edition",
                "year",
                "doi",
                "url",
                "licence",
                "attribution",
                "retrieved",
                "files",
                "notes",
                # The project's own curation notes (repository, commit, what to verify): kept
                # in db/, shown only by 'minref catalog info --verbose'.
                "curation_notes",
            ),
            ("source_id",),
            integer=("year",),
        ),
        _T(
            "commodities",
            (
                "commodity_id",
                "name_en",
                "name_es",
                "name_fr",
                "parent_id",
                "kind",
                "mcs_chapter",
                "mcs_codes",
                "symbols",
                "is_rare_earth",
            ),
            ("commodity_id",),
            integer=("is_rare_earth",),
        ),
        # Every raw name seen in a source, mapped to its commodity.
        _T(
            "commodity_aliases",
            ("alias", "commodity_id", "source_id"),
            ("alias", "commodity_id", "source_id"),
        ),
        # Curated search synonyms per language (resources/search_synonyms.csv): a term
        # finds a commodity, or opens a page (page: commodities | countries | element:).
        _T(
            "search_synonyms",
            ("term", "lang", "commodity_id", "page", "notes"),
            ("term", "lang", "commodity_id", "page"),
            minref_curated=True,
            older_pack_note=N_(
                "The pack has no search synonyms (made by an older minref): this minref's "
                "own are used."
            ),
        ),
        _T(
            "countries",
            (
                "iso3",
                "iso2",
                "m49",
                "name_en",
                "name_es",
                "name_fr",
                "region",
                "sub_region",
                "source_id",
            ),
            ("iso3",),
            integer=("m49",),
        ),
        # Every raw place name seen in a source: a country (iso3) or an aggregate.
        # place_kind: country | world | others | group
        _T("country_aliases", ("alias", "iso3", "place_kind", "source_id"), ("alias", "source_id")),
        _T("hs_sections", ("section", "name", "source_id"), ("section",)),
        _T(
            "hs_codes",
            ("hs_code", "level", "parent", "section", "description", "source_id"),
            ("hs_code",),
            integer=("level",),
        ),
        _T(
            "commodity_hs",
            ("commodity_id", "hs_code", "hs_level", "note", "source_id"),
            ("commodity_id", "hs_code"),
            integer=("hs_level",),
        ),
        _T(
            "critical_lists",
            (
                "list_id",
                "jurisdiction",
                "list_name",
                "list_year",
                "status",
                "authority",
                "verification",
                "source_id",
            ),
            ("list_id",),
            integer=("list_year",),
        ),
        _T(
            "critical_list_members",
            ("list_id", "mineral", "commodity_id", "category", "source_id"),
            ("list_id", "mineral"),
        ),
        _T(
            "rare_earth_elements",
            (
                "atomic_number",
                "symbol",
                "name_en",
                "name_es",
                "name_fr",
                "atomic_weight",
                "crust_abundance_mg_per_kg",
                "element_group",
                "class_usgs",
                "class_eu",
                "on_us_2022_list",
                "eu_magnet_ree",
                "note",
                "source_id",
            ),
            ("atomic_number",),
            integer=("atomic_number",),
            real=("atomic_weight", "crust_abundance_mg_per_kg"),
        ),
        # World mine/refinery production, capacity and reserves by country.
        # measure: production | reserves | capacity
        _T(
            "world_production",
            (
                "source_id",
                "edition",
                "commodity_id",
                "commodity_label",
                "measure",
                "type",
                "country_iso3",
                "place_kind",
                "country_label",
                "year",
                "unit",
                "value",
                "low",
                "high",
                "raw",
                "flags",
                "note",
                # The line label as USGS wrote it, and the per-country qualifier split off it
                # ("Mine production: steatite" -> type "Mine production", qualifier "steatite").
                "type_raw",
                "qualifier",
                # The place label as USGS wrote it, footnote marks included ("Chinae").
                "country_raw",
            ),
            ("source_id", "commodity_id", "measure", "type", "country_label", "year"),
            compressed=True,
            integer=("edition", "year"),
            real=("value", "low", "high"),
        ),
        # Known corrections applied at refresh.  kind: value | unit
        _T(
            "errata",
            (
                "kind",
                "source_id",
                "edition",
                "commodity_id",
                "measure",
                "country_label",
                "year",
                "old_raw",
                "new_raw",
                "correction_source",
                "date",
            ),
            ("kind", "source_id", "commodity_id", "measure", "country_label", "old_raw"),
            integer=("edition", "year"),
        ),
        # Audit findings accepted, each with its reason (minref catalog audit).
        _T(
            "audit_accepted",
            ("audit_check", "edition", "commodity_id", "subject", "reason"),
            ("audit_check", "edition", "commodity_id", "subject"),
            integer=("edition",),
        ),
        # U.S. salient statistics.  statistic: production | imports | exports |
        # consumption | price | net_import_reliance | stocks | employment |
        # shipments | other
        _T(
            "us_salient",
            (
                "source_id",
                "edition",
                "commodity_id",
                "commodity_label",
                "statistic",
                "detail",
                "year",
                "unit",
                "value",
                "low",
                "high",
                "raw",
                "flags",
                "note",
            ),
            ("source_id", "commodity_id", "statistic", "detail", "year"),
            compressed=True,
            integer=("edition", "year"),
            real=("value", "low", "high"),
        ),
        # U.S. import sources: share of U.S. imports by country (MCS 2026 table).
        _T(
            "us_import_sources",
            (
                "source_id",
                "edition",
                "commodity_id",
                "commodity_label",
                "detail",
                "period",
                "country_iso3",
                "place_kind",
                "country_label",
                "share_pct",
                "low",
                "high",
                "raw",
                "flags",
                "note",
            ),
            ("source_id", "commodity_id", "detail", "country_label"),
            integer=("edition",),
            real=("share_pct", "low", "high"),
        ),
        # Net import reliance and major import sources (MCS industry-trend figure 2).
        _T(
            "us_import_reliance",
            (
                "source_id",
                "edition",
                "commodity_id",
                "commodity_label",
                "year",
                "value",
                "low",
                "high",
                "raw",
                "flags",
                "major_import_sources",
                "sources_period",
                "import_share_order",
                "note",
                "major_import_sources_raw",
            ),
            ("source_id", "commodity_label"),
            integer=("edition", "year", "import_share_order"),
            real=("value", "low", "high"),
        ),
        # End uses of critical minerals (MCS table T4).
        _T(
            "end_uses",
            ("source_id", "edition", "commodity_id", "mineral", "applications", "note"),
            ("source_id", "mineral"),
            integer=("edition",),
        ),
        # Historical rare-earth series (DS140, Minerals Yearbook 2022).
        _T(
            "ree_history",
            (
                "source_id",
                "table_id",
                "statistic",
                "country_iso3",
                "place_kind",
                "country_label",
                "year",
                "unit",
                "value",
                "raw",
                "flags",
                "note",
            ),
            ("source_id", "table_id", "statistic", "country_label", "year"),
            integer=("year",),
            real=("value",),
        ),
        # Bilateral trade.  flow: export | import | re_export | re_import
        # period: annual | month | ytd
        _T(
            "trade_flows",
            (
                "source_id",
                "reporter_iso3",
                "reporter_label",
                "partner_iso3",
                "partner_kind",
                "partner_label",
                "flow",
                "hs_code",
                "hs_level",
                "classification",
                "year",
                "month",
                "period",
                "value_usd",
                "value_basis",
                "quantity",
                "quantity_unit",
                "net_weight_kg",
                "flags",
            ),
            (
                "source_id",
                "reporter_iso3",
                "partner_label",
                "flow",
                "hs_code",
                "year",
                "month",
                "period",
            ),
            compressed=True,
            integer=("hs_level", "year", "month"),
            real=("value_usd", "quantity", "net_weight_kg"),
        ),
        # Mexico's national trade balance (INEGI), US$ millions.
        _T(
            "mexico_trade_balance",
            ("source_id", "year", "month", "type", "concept", "value_usd_millions", "status"),
            ("source_id", "year", "month", "type", "concept"),
            integer=("year", "month"),
            real=("value_usd_millions",),
        ),
        # Published claims about Mexico's mining: who made them, where and when (a register
        # for tracing, compiled from news pages; not a data release).
        _T(
            "claims_register",
            (
                "source_id",
                "entry",
                "claim_group",
                "claim_paraphrased",
                "figure",
                "unit",
                "originator",
                "published_by",
                "url",
                "date",
                "notes",
            ),
            ("source_id", "entry"),
            integer=("entry",),
        ),
        # The register's paraphrases and originators in Spanish and French, translated
        # by hand (resources/claims_register_translations.csv); the figures, dates and
        # publishers stay the register's own.
        _T(
            "claims_register_translations",
            ("source_id", "entry", "lang", "originator", "claim_paraphrased"),
            ("source_id", "entry", "lang"),
            integer=("entry",),
            minref_curated=True,
            older_pack_note=N_(
                "The pack has no Spanish and French translations of the claims register "
                "(made by an older minref): this minref's own are used."
            ),
        ),
        # Spanish and French names for the words critical-mineral lists use that the
        # catalog's commodities and elements do not name ("Zirconium", "Lithium - battery
        # grade"), kept by hand (resources/list_member_names.csv); the lists' own English
        # stays in critical_list_members.  basis: element | mineral | phrase
        _T(
            "list_member_names",
            ("name_en", "name_es", "name_fr", "basis", "source_id"),
            ("name_en",),
            minref_curated=True,
            older_pack_note=N_(
                "The pack has no list-member names (made by an older minref): this minref's "
                "own are used."
            ),
        ),
        # IEA Critical Minerals Outlook 2024, flattened.
        _T(
            "iea_outlook",
            (
                "source_id",
                "dataset",
                "mineral",
                "scenario",
                "category",
                "item",
                "year",
                "value",
                "unit",
                "note",
            ),
            ("source_id", "dataset", "mineral", "scenario", "category", "item", "year"),
            compressed=True,
            integer=("year",),
            real=("value",),
        ),
    ]
}
