"""The curated search synonyms (resources/search_synonyms.csv), written to db/search_synonyms.csv.

Hand-made, not read from a raw source: the trade's and the mines' words for a commodity in
English, Spanish and French ("espato flúor", "celestina", "minerai d'argent"), or for a page
("minerales críticos" opens the commodity list with its critical-list filters), or the
names readers use for a country ("Turquía", "Corée du Sud").  Edit the
file under resources/ and run ``minref catalog refresh``; the catalog's search index reads
the db/ copy.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from minref.ingest.curated import curated_lines

logger = logging.getLogger(__name__)

COLUMNS = ("term", "lang", "commodity_id", "page", "notes")
LANGS = ("en", "es", "fr")
PAGES = ("commodities", "countries", "element:")  # what a term without a commodity opens
# or "country:ISO3": a name readers use for a country beside its catalog name ("Turquía"
# for Türkiye, "Birmania" for Myanmar), found as the country itself
COUNTRY_PAGE = re.compile(r"country:[A-Z]{3}")


class SynonymError(ValueError):
    """A line of the curated synonyms file is not usable (the message names the line)."""


def curated_path() -> Path:
    from minref.paths import resource_dir

    return resource_dir() / "search_synonyms.csv"


def synonym_rows(path: Path | None = None) -> list[dict]:
    """The rows of db/search_synonyms.csv, checked: a known language, a commodity or a page."""
    path = path or curated_path()
    rows = []
    for line, row in curated_lines(path, COLUMNS, SynonymError):
        term = row["term"].strip()
        if not term:
            raise SynonymError(f"{path} line {line}: no term")
        if row["lang"] not in LANGS:
            raise SynonymError(f"{path} line {line}: language {row['lang']!r} not en/es/fr")
        if bool(row["commodity_id"]) == bool(row["page"]):
            raise SynonymError(f"{path} line {line}: give a commodity_id or a page, not both")
        if row["page"] and row["page"] not in PAGES and not COUNTRY_PAGE.fullmatch(row["page"]):
            raise SynonymError(f"{path} line {line}: unknown page {row['page']!r}")
        rows.append({**row, "term": term})
    return rows


# ------------------------------------------------------------------ the claims register's words
TRANSLATION_COLUMNS = ("source_id", "entry", "lang", "originator", "claim_paraphrased")


def translations_path() -> Path:
    from minref.paths import resource_dir

    return resource_dir() / "claims_register_translations.csv"


def claims_translation_rows(register: list[dict], path: Path | None = None) -> list[dict]:
    """The rows of db/claims_register_translations.csv, checked: each translates an entry
    of the register (``register``: its rows), once per language, in Spanish or French,
    with both texts given."""
    path = path or translations_path()
    known = {(r["source_id"], int(r["entry"])) for r in register}
    rows, seen = [], set()
    for line, row in curated_lines(path, TRANSLATION_COLUMNS, SynonymError):
        if row["lang"] not in ("es", "fr"):
            raise SynonymError(f"{path} line {line}: language {row['lang']!r} not es/fr")
        try:
            key = (row["source_id"], int(row["entry"]))
        except ValueError:
            raise SynonymError(
                f"{path} line {line}: entry {row['entry']!r} is not a number"
            ) from None
        if key not in known:
            raise SynonymError(f"{path} line {line}: no register entry {key[0]} {key[1]}")
        if (*key, row["lang"]) in seen:
            raise SynonymError(f"{path} line {line}: entry {key[1]} in {row['lang']} twice")
        seen.add((*key, row["lang"]))
        if not row["originator"].strip() or not row["claim_paraphrased"].strip():
            raise SynonymError(f"{path} line {line}: an originator and a paraphrase, please")
        rows.append({**row, "entry": key[1]})
    return rows
