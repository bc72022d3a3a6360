"""Spanish and French names for the words critical-mineral lists use
(resources/list_member_names.csv), written to db/list_member_names.csv.

Hand-made, not read from a raw source.  A list member is shown in the reader's language
through the catalog's own commodity and element names where its published English name is
one of them ("Hafnium" -> "Hafnio"); this table covers the list wording the catalog does not
name ("Zirconium": the catalog's commodity is "Zirconium and hafnium"; "Lithium - battery
grade", "Platinum group metals").  Element names follow IUPAC's and the Real Academia
Española's Spanish names in Mexican usage ("Circonio") and the IUPAC French names; the
other phrases are minref's own translations of the list's English, not an official
translation of any list.  Edit the file under resources/ and run ``minref catalog
refresh``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from minref.ingest.curated import curated_lines

logger = logging.getLogger(__name__)

COLUMNS = ("name_en", "name_es", "name_fr", "basis", "source_id")
# element: an element's IUPAC/RAE name; mineral: a mineral's standard name; phrase: minref's
# translation of the list's wording (a grade, a group, a form)
BASES = ("element", "mineral", "phrase")


class MemberNameError(ValueError):
    """A line of the curated list-member names is not usable (the message names the line)."""


def curated_path() -> Path:
    from minref.paths import resource_dir

    return resource_dir() / "list_member_names.csv"


def member_name_rows(
    commodities: list[dict], elements: list[dict], path: Path | None = None
) -> list[dict]:
    """The rows of db/list_member_names.csv, checked: an English name once, both names
    given, a known basis, and no English name the catalog's commodities or elements
    already translate (those come from the catalog: one name, one place)."""
    path = path or curated_path()
    named = {r["name_en"].strip().casefold() for r in (*commodities, *elements)}
    rows, seen = [], set()
    for line, row in curated_lines(path, COLUMNS, MemberNameError):
        row = {k: v.strip() for k, v in row.items()}
        key = row["name_en"].casefold()
        if not (row["name_en"] and row["name_es"] and row["name_fr"]):
            raise MemberNameError(f"{path} line {line}: the English, Spanish and French name")
        if key in seen:
            raise MemberNameError(f"{path} line {line}: {row['name_en']!r} twice")
        if key in named:
            raise MemberNameError(
                f"{path} line {line}: the catalog already names {row['name_en']!r}"
            )
        if row["basis"] not in BASES:
            raise MemberNameError(
                f"{path} line {line}: basis {row['basis']!r} not one of {', '.join(BASES)}"
            )
        seen.add(key)
        rows.append(row)
    return rows
