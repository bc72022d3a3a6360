"""The user's own data file (platformdirs user data folder), never the bundled catalog.

Imported trade rows live here with their own provenance (one source per import).  The
file carries ``PRAGMA application_id`` and ``user_version``; a newer file is refused and
left untouched, an older one is migrated forward after a timestamped backup.  Plain sqlite3
with explicit transactions (one per import, one per schema change).
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from minref.catalog.models import SourceRef, TradeFlow
from minref.catalog.tables import TABLES

logger = logging.getLogger(__name__)

APPLICATION_ID = 0x4D4E5255  # 'MNRU'
SCHEMA_VERSION = 1
FILENAME = "userdata.sqlite"
TRADE_COLUMNS = TABLES["trade_flows"].columns


class UserDataError(Exception):
    """The user data file cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class ImportRecord:
    import_id: int
    source_id: str
    label: str
    file_name: str
    file_format: str
    imported_at: str
    rows: int
    sha256: str
    organisation: str
    dataset: str
    licence: str
    attribution: str


def default_path() -> Path:
    from minref.paths import user_paths

    return user_paths().data / FILENAME


def _busy(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc).lower()


class UserDataBusy(UserDataError):
    """Another import holds the user data file; nothing was written."""


_V1_TABLES = (
    "CREATE TABLE imports (import_id INTEGER PRIMARY KEY, source_id TEXT, label TEXT, "
    "file_name TEXT, file_format TEXT, imported_at TEXT, rows INTEGER, sha256 TEXT, "
    "organisation TEXT, dataset TEXT, licence TEXT, attribution TEXT)",
    "CREATE TABLE trade_flows ("
    + ", ".join(
        f"{c} "
        + (
            "INTEGER"
            if c in TABLES["trade_flows"].integer
            else "REAL"
            if c in TABLES["trade_flows"].real
            else "TEXT"
        )
        for c in TRADE_COLUMNS
    )
    + ", import_id INTEGER REFERENCES imports(import_id))",
    "CREATE INDEX idx_trade_flows_reporter ON trade_flows "
    "(reporter_iso3, partner_iso3, hs_code, year)",
    "CREATE INDEX idx_trade_flows_partner ON trade_flows (partner_iso3, reporter_iso3)",
    "CREATE INDEX idx_trade_flows_hs ON trade_flows (hs_code, year)",
)


class UserData:
    """Opens (creating if needed) the user's data file."""

    def __init__(self, path: str | Path | None = None, timeout: float = 5.0):
        self.path = Path(path) if path else default_path()
        self.timeout = timeout
        if self.path.exists() and not self.path.is_file():
            raise UserDataError(
                f"Your data file {self.path} is not a regular file; nothing was changed. "
                "Give a file path with --data."
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise UserDataError(
                f"Your data file {self.path} cannot be opened ({exc}); nothing was changed. "
                "Check that its folder exists and is writable, or give another file with --data."
            ) from None
        self.conn = conn
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = [
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
        except sqlite3.DatabaseError as exc:
            conn.close()
            if _busy(exc):
                raise UserDataBusy(
                    f"Your data file {self.path} is busy with another import; nothing was "
                    "written. Try again when it has finished."
                ) from None
            raise UserDataError(
                f"Your data file {self.path} is not a readable database ({exc}); nothing was "
                "changed. Move it aside and minref will start a new one (your imports in it "
                "would have to be imported again)."
            ) from None
        if tables and app_id != APPLICATION_ID:
            conn.close()
            raise UserDataError(
                f"{self.path} is not a minref data file; nothing was changed. "
                "Give minref's own data file, or a new file name, with --data."
            )
        if version > SCHEMA_VERSION:
            conn.close()
            raise UserDataError(
                f"{self.path} was written by a newer minref (schema {version}); "
                "nothing was changed. Install that version to use it."
            )
        if version < SCHEMA_VERSION:
            try:
                self._migrate(version)
            except BaseException:
                conn.close()
                raise

    def _migrate(self, version: int) -> None:
        """Create or upgrade the schema in one transaction, after a backup of an old file.

        The tables and both PRAGMAs are written in the same transaction, so a process killed
        while the file is first created leaves either no schema or the whole of it.
        """
        conn = self.conn
        if version > 0:
            backup = self.path.with_name(
                f"{self.path.stem}.backup-{time.strftime('%Y%m%d-%H%M%S')}{self.path.suffix}"
            )
            shutil.copy2(self.path, backup)
            logger.info("backed up %s to %s before migrating", self.path, backup)
        try:
            conn.execute("BEGIN IMMEDIATE")
            # Re-read inside the lock: another process may have created the file meanwhile.
            now = conn.execute("PRAGMA user_version").fetchone()[0]
            if now == 0:
                for sql in _V1_TABLES:
                    conn.execute(sql)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if _busy(exc):
                raise UserDataBusy(
                    f"Your data file {self.path} is busy with another import; nothing was "
                    "written. Try again when it has finished."
                ) from None
            if isinstance(exc, sqlite3.Error):
                raise UserDataError(
                    f"Your data file {self.path} cannot be created or upgraded ({exc}); "
                    "nothing was changed. Check that the file and its folder are writable, "
                    "or give another file with --data."
                ) from None
            raise

    def close(self) -> None:
        self.conn.close()

    def _read(self, sql: str, params=()) -> list[sqlite3.Row]:
        try:
            cur = self.conn.execute(sql, params)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r, strict=True)) for r in cur]
        except sqlite3.DatabaseError as exc:
            raise UserDataError(
                f"Your data file {self.path} cannot be read ({exc}). Move it aside and minref "
                "will start a new one (your imports would have to be imported again)."
            ) from None

    # ------------------------------------------------------------ reading
    def imports(self) -> list[ImportRecord]:
        return [ImportRecord(**r) for r in self._read("SELECT * FROM imports ORDER BY import_id")]

    def sources(self) -> dict[str, SourceRef]:
        return {
            i.source_id: SourceRef(
                i.source_id,
                i.organisation,
                i.dataset,
                f"imported {i.imported_at[:10]} from {i.file_name}",
                None,
                "",
                "",
                i.licence,
                i.attribution,
            )
            for i in self.imports()
        }

    def trade_flows(
        self, reporter=None, partner=None, hs=None, year=None, flow=None
    ) -> list[TradeFlow]:
        where, params = [], []
        for col, val in (
            ("reporter_iso3", reporter),
            ("partner_iso3", partner),
            ("year", year),
            ("flow", flow),
        ):
            if val is not None:
                where.append(f"{col} = ?")
                params.append(val)
        if hs:
            where.append("hs_code LIKE ?")
            params.append(hs.replace(".", "") + "%")
        sql = "SELECT * FROM trade_flows" + (" WHERE " + " AND ".join(where) if where else "")
        return [
            TradeFlow(
                source_id=r["source_id"],
                reporter_iso3=r["reporter_iso3"],
                reporter_label=r["reporter_label"] or "",
                partner_iso3=r["partner_iso3"],
                partner_label=r["partner_label"] or "",
                partner_kind=r["partner_kind"] or "country",
                flow=r["flow"],
                hs_code=r["hs_code"],
                hs_description="",
                year=r["year"],
                month=r["month"] or 0,
                period=r["period"] or "annual",
                value_usd=r["value_usd"],
                value_basis=r["value_basis"] or "",
                quantity=r["quantity"],
                quantity_unit=r["quantity_unit"] or "",
                net_weight_kg=r["net_weight_kg"],
                flags=tuple((r["flags"] or "").split()),
            )
            for r in self._read(sql, params)
        ]

    def existing_keys(self, keys: set[tuple]) -> set[tuple]:
        """Which of these row keys are already held (to report what an import adds)."""
        held = set()
        for r in self._read(
            "SELECT reporter_iso3, partner_label, flow, hs_code, year, "
            "month, period FROM trade_flows"
        ):
            k = tuple(r.values())
            if k in keys:
                held.add(k)
        return held

    # ------------------------------------------------------------ writing
    def _write_error(self, exc: BaseException) -> UserDataError:
        if _busy(exc):
            return UserDataBusy(
                f"Your data file {self.path} is busy with another import; nothing was written. "
                "Try again when it has finished."
            )
        return UserDataError(
            f"The import could not be saved in {self.path} ({exc}); nothing was written. "
            "Check that the file and its folder are writable and the disk has room."
        )

    def commit_import(self, rows: list[dict], meta: dict) -> ImportRecord:
        """Write one import: its source record and its rows, in a single transaction.

        Any exception, SQLite's or not, rolls the transaction back: nothing of the import
        stays, and the connection is left with no transaction open.
        """
        conn = self.conn
        cols = list(TRADE_COLUMNS) + ["import_id"]
        try:
            conn.execute("BEGIN IMMEDIATE")
            next_id = conn.execute(
                "SELECT coalesce(max(import_id), 0) + 1 FROM imports"
            ).fetchone()[0]
            source_id = f"user-import-{next_id}"
            record = {
                "import_id": next_id,
                "source_id": source_id,
                "imported_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "rows": len(rows),
                **meta,
            }
            names = list(record)
            conn.execute(
                f"INSERT INTO imports ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                [record[n] for n in names],
            )
            for r in rows:
                if set(r) - set(TRADE_COLUMNS):
                    raise sqlite3.IntegrityError(
                        f"unexpected columns {sorted(set(r) - set(TRADE_COLUMNS))}"
                    )
            insert = (
                f"INSERT INTO trade_flows ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
            )
            conn.executemany(
                insert,
                (
                    [*(source_id if c == "source_id" else r.get(c) for c in TRADE_COLUMNS), next_id]
                    for r in rows
                ),
            )
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, Exception):
                raise self._write_error(exc) from None
            raise
        return ImportRecord(**{k: record[k] for k in ImportRecord.__dataclass_fields__})

    def delete_import(self, import_id: int) -> None:
        self.remove_import(import_id)

    def remove_import(self, import_id: int) -> ImportRecord:
        """Remove one import (its source record and every row of it) in one transaction."""
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            rows = self._read("SELECT * FROM imports WHERE import_id = ?", (import_id,))
            if not rows:
                conn.execute("ROLLBACK")
                raise UserDataError(
                    f"There is no import {import_id} in {self.path}; nothing was changed. "
                    "'minref import --list' lists your imports."
                )
            conn.execute("DELETE FROM trade_flows WHERE import_id = ?", (import_id,))
            conn.execute("DELETE FROM imports WHERE import_id = ?", (import_id,))
            conn.execute("COMMIT")
        except UserDataError:
            raise
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, Exception):
                raise self._write_error(exc) from None
            raise
        return ImportRecord(**rows[0])
