"""``minref catalog build``: turn the curated tables in db/ into catalog.sqlite.

The build writes a temporary file next to the target and renames it into place,
so a failed build never leaves a half-written catalog behind.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import logging
import os
import sqlite3
import time
from pathlib import Path

from minref import __version__
from minref.catalog.tables import TABLES, Table
from minref.errors import explain, quoted
from minref.i18n import _
from minref.records import record

from .schema import APPLICATION_ID, SCHEMA_VERSION, ddl

logger = logging.getLogger(__name__)

MANIFEST = "MANIFEST.json"


class CatalogBuildError(Exception):
    """db/ is missing, incomplete or damaged, or the catalog could not be written."""


@record
class BuildResult:
    path: Path
    content_hash: str
    rows: dict[str, int]
    seconds: float


def read_manifest(db_dir: Path) -> dict:
    """The manifest of db/, or a clear error if it is missing or unreadable."""
    path = db_dir / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogBuildError(
            _("no {manifest} in {folder}: not a minref db/ folder").format(
                manifest=MANIFEST, folder=db_dir
            )
        ) from None
    except (OSError, ValueError) as exc:
        raise CatalogBuildError(
            _("{path} cannot be read ({reason})").format(path=path, reason=explain(exc))
        ) from None
    if not isinstance(manifest, dict) or "tables" not in manifest:
        raise CatalogBuildError(_("{path} is not a minref manifest").format(path=path))
    return manifest


def table_text(db_dir: Path, table: Table, expected_sha256: str | None = None) -> str:
    """The CSV text of one curated table, checked against its recorded hash."""
    path = db_dir / table.filename
    try:
        raw = path.read_bytes()
        data = gzip.decompress(raw) if table.compressed else raw
    except FileNotFoundError:
        raise CatalogBuildError(
            _("{path} is missing; run {command}").format(
                path=path, command=quoted("minref catalog refresh")
            )
        ) from None
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise CatalogBuildError(
            _("{path} is damaged ({reason})").format(path=path, reason=explain(exc))
        ) from None
    if expected_sha256 and hashlib.sha256(data).hexdigest() != expected_sha256:
        raise CatalogBuildError(
            _("{path} does not match db/{manifest} (edited or damaged)").format(
                path=path, manifest=MANIFEST
            )
        )
    return data.decode("utf-8")


def _converters(table: Table):
    def conv(kind):
        if kind == "integer":
            return lambda v: int(v) if v != "" else None
        if kind == "real":
            return lambda v: float(v) if v != "" else None
        return lambda v: v if v != "" else None

    return [
        conv("integer" if c in table.integer else "real" if c in table.real else "text")
        for c in table.columns
    ]


def _not_a_number(table: Table, convs, row: list[str]) -> tuple[str, str]:
    """The first (column, cell) of a row whose number does not read."""
    for column, conv, value in zip(table.columns, convs, row, strict=False):
        try:
            conv(value)
        except ValueError:
            return column, value
    return "?", ""


def load_table(conn: sqlite3.Connection, table: Table, text: str) -> int:
    """Insert one table's CSV text; returns the number of rows."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header != list(table.columns):
        raise CatalogBuildError(
            _("{file}: its columns ({columns}) differ from the schema").format(
                file=table.filename, columns=", ".join(header or [])
            )
        )
    convs = _converters(table)
    width = len(convs)
    rows = []
    for line_no, row in enumerate(reader, start=2):
        if len(row) != width:
            raise CatalogBuildError(
                _("{file} line {line}: {n} fields, expected {width}").format(
                    file=table.filename, line=line_no, n=len(row), width=width
                )
            )
        try:
            rows.append([f(v) for f, v in zip(convs, row, strict=False)])
        except ValueError:
            column, value = _not_a_number(table, convs, row)
            raise CatalogBuildError(
                _("{file} line {line}: {column} is {value}, not a number").format(
                    file=table.filename, line=line_no, column=column, value=quoted(value)
                )
            ) from None
    marks = ",".join("?" * width)
    conn.executemany(f"INSERT INTO {table.name} VALUES ({marks})", rows)
    return len(rows)


def build(db_dir: Path, out_path: Path) -> BuildResult:
    """Build a catalog at out_path from db_dir (atomically)."""
    t0 = time.perf_counter()
    manifest = read_manifest(db_dir)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(f".{out_path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute("PRAGMA synchronous=OFF")
            conn.executescript(ddl())
            for name, table in TABLES.items():
                entry = manifest["tables"].get(name)
                if entry is None:
                    raise CatalogBuildError(
                        _("db/{manifest} lists no table {name}").format(
                            manifest=MANIFEST, name=quoted(name)
                        )
                    )
                counts[name] = load_table(conn, table, table_text(db_dir, table, entry["sha256"]))
            from .search import populate_search

            counts["search_items"] = populate_search(conn)
            meta = {
                "schema_version": str(SCHEMA_VERSION),
                "content_hash": manifest["content_hash"],
                "table_hashes": json.dumps(
                    {n: e["sha256"] for n, e in sorted(manifest["tables"].items())}
                ),
                "minref_version": __version__,
                "row_counts": json.dumps(counts, sort_keys=True),
                "editions": json.dumps(
                    [
                        r[0]
                        for r in conn.execute(
                            "SELECT DISTINCT edition FROM world_production ORDER BY edition"
                        )
                    ]
                ),
            }
            conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("ANALYZE")
            conn.commit()
        finally:
            conn.close()
        os.replace(tmp, out_path)
    except sqlite3.Error as exc:
        raise CatalogBuildError(
            _("could not write {path} ({reason})").format(path=out_path, reason=explain(exc))
        ) from None
    finally:
        tmp.unlink(missing_ok=True)
    seconds = time.perf_counter() - t0
    logger.info("built %s in %.2f s", out_path, seconds)
    return BuildResult(out_path, manifest["content_hash"], counts, seconds)
