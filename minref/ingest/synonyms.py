"""The curated search synonyms (resources/search_synonyms.csv), written to db/search_synonyms.csv.

Hand-made, not read from a raw source: the trade's and the mines' words for a commodity in
English, Spanish and French ("espato flúor", "celestina", "minerai d'argent"), or for a page
("minerales críticos" opens the commodity list with its critical-list filters), or the
names readers use for a country ("Turquía", "Corée du Sud").  Edit the
file under resources/ and run ``minref catalog refresh``; the catalog's search index reads
the db/ copy.
"""

from __future__ import annotations

import csv
import logging
import re
from pathlib import Path

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
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise SynonymError(f"{path}: columns {reader.fieldnames}, expected {list(COLUMNS)}")
        for line, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                raise SynonymError(f"{path} line {line}: expected {len(COLUMNS)} fields")
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
