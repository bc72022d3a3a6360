"""``minref catalog verify``: integrity of the database and of its content hash."""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from dataclasses import dataclass, field

from minref.catalog.tables import TABLES

logger = logging.getLogger(__name__)


@dataclass
class VerifyReport:
    ok: bool = True
    checks: list[tuple[str, bool, str]] = field(default_factory=list)

    def add(self, name: str, ok: bool, detail: str = "") -> None:
        self.checks.append((name, ok, detail))
        self.ok = self.ok and ok


def table_digest(conn: sqlite3.Connection, name: str) -> tuple[str, int]:
    """The sha256 of a table's content in the exact CSV form db/ stores it in."""
    from minref.catalog.tableform import table_bytes

    table = TABLES[name]
    cur = conn.execute(f"SELECT {', '.join(table.columns)} FROM {name}")
    rows = [dict(zip(table.columns, r, strict=False)) for r in cur]
    data = table_bytes(table, rows)
    return hashlib.sha256(data).hexdigest(), len(rows)


def verify(conn: sqlite3.Connection) -> VerifyReport:
    """Check SQLite integrity, FTS index and every table against the hashes recorded at build."""
    report = VerifyReport()
    try:
        result = conn.execute("PRAGMA integrity_check").fetchall()
        report.add("sqlite integrity", result == [("ok",)], "; ".join(r[0] for r in result[:3]))
        meta = dict(conn.execute("SELECT key, value FROM meta"))
    except sqlite3.DatabaseError as exc:
        report.add("sqlite integrity", False, str(exc))
        return report
    expected = json.loads(meta.get("table_hashes", "{}"))
    for name in TABLES:
        try:
            digest, n = table_digest(conn, name)
        except sqlite3.DatabaseError as exc:
            report.add(f"table {name}", False, str(exc))
            continue
        want = expected.get(name)
        report.add(
            f"table {name}",
            digest == want,
            f"{n} rows" if digest == want else f"{n} rows; content differs from build",
        )
    h = hashlib.sha256()
    for name in sorted(expected):
        h.update(f"{name}:{expected[name]}\n".encode())
    report.add(
        "content hash", h.hexdigest() == meta.get("content_hash"), meta.get("content_hash", "")[:16]
    )
    try:
        conn.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
        report.add("search index", True)
    except sqlite3.DatabaseError as exc:
        if "readonly" in str(exc).lower() or "read-only" in str(exc).lower():
            n = conn.execute(
                "SELECT count(*) FROM search_fts WHERE search_fts MATCH 'a*'"
            ).fetchone()[0]
            report.add("search index", n > 0, f"{n} items match 'a*'")
        else:
            report.add("search index", False, str(exc))
    return report
