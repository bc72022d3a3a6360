"""The canonical form of a curated table: the CSV text that db/ holds and hashes are taken of.

Rows are sorted by the table's key and numbers are written in their shortest exact
form, so the same rows always give the same bytes (refresh writes it, verify and
the user data store compare with it).
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterable

from minref.catalog.tables import Table

logger = logging.getLogger(__name__)


class TableFormError(Exception):
    """Rows that cannot be written in the canonical table form."""


def format_value(value: object) -> str:
    """A cell's text in the curated CSV: shortest exact number, '' for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        if value != value:  # NaN never belongs in the catalog
            raise TableFormError("NaN value")
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    return str(value)


def table_bytes(table: Table, rows: Iterable[dict]) -> bytes:
    """The CSV text of a table (header + rows sorted by key), as UTF-8 bytes."""
    cols = table.columns
    lines = []
    for row in rows:
        extra = set(row) - set(cols)
        if extra:
            raise TableFormError(f"{table.name}: unexpected columns {sorted(extra)}")
        lines.append([format_value(row.get(c)) for c in cols])
    key_idx = [cols.index(k) for k in table.key]
    numeric = set(table.integer) | set(table.real)

    def sort_key(line: list[str]) -> tuple:
        parts = []
        for i in key_idx:
            v = line[i]
            if cols[i] in numeric:
                parts.append((0, float(v), "") if v else (1, 0.0, ""))
            else:
                parts.append((0, 0.0, v))
        return (tuple(parts), line)

    lines.sort(key=sort_key)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    w.writerows(lines)
    return buf.getvalue().encode("utf-8")
