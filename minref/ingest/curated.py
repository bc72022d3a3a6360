"""The hand-kept CSV files under resources/ (search synonyms, list-member names): each read
line by line with its columns checked, so that a bad line is named by its number."""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator
from pathlib import Path

logger = logging.getLogger(__name__)


def curated_lines(
    path: Path, columns: tuple[str, ...], error: type[ValueError]
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data line of ``path``: its header must be ``columns``
    and every line must have each field; otherwise ``error`` naming the file and line."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != columns:
            raise error(f"{path}: columns {reader.fieldnames}, expected {list(columns)}")
        for line, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                raise error(f"{path} line {line}: expected {len(columns)} fields")
            yield line, row
