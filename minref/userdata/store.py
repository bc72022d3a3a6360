"""The user's own data file (platformdirs user data folder), never the bundled catalog.

Imported trade rows live here with their own provenance (one source per import).  The
file carries ``PRAGMA application_id`` and ``user_version``; a newer file is refused and
left untouched, an older one is migrated forward after a timestamped backup.  Plain sqlite3
with explicit transactions (one per import, one per schema change).
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from minref.catalog.models import SourceRef, TradeFlow
from minref.catalog.tables import TABLES
from minref.errors import explain
from minref.i18n import _
from minref.records import record
from minref.userdata import books, trade_store
from minref.userdata.trade_store import Coder, TradeStore

logger = logging.getLogger(__name__)

APPLICATION_ID = 0x4D4E5255  # 'MNRU'
# 1: rows as text (minref 0.x); 2: integer-coded trade_rows; 3: bookmarks, notes, books
SCHEMA_VERSION = 3
BACKUPS_KEPT = 3  # the newest backups made before a migration; older ones are removed
FILENAME = "userdata.sqlite"
TRADE_COLUMNS = TABLES["trade_flows"].columns


class UserDataError(Exception):
    """The user data file cannot be used; the message says why and what to do."""


@record
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


def unwritable_reason(path: str | Path) -> str | None:
    """Why the data file ``path`` or its folder cannot be written, in the reader's words
    ("read-only file system"), or None when nothing says it cannot."""
    path = Path(path)
    probe = path.parent
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent  # the nearest folder that exists: the rest must be made in it
    if probe.exists() and not probe.is_dir():
        return _("{path} is a file, not a folder").format(path=probe)
    try:
        if os.statvfs(probe).f_flag & os.ST_RDONLY:
            return _("read-only file system")
    except (OSError, AttributeError):  # no statvfs (Windows): the access check below
        pass
    if not os.access(probe, os.W_OK):
        return _("permission denied")
    if path.is_file() and not os.access(path, os.W_OK):
        return _("the file is read-only")
    return None


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
                _(
                    "Your data file {path} is not a regular file; nothing was changed. "
                    "Give a file path with --data."
                ).format(path=self.path)
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise UserDataError(
                _(
                    "Your data file {path} cannot be opened ({reason}); nothing was changed. "
                    "Check that its folder exists and is writable, "
                    "or give another file with --data."
                ).format(path=self.path, reason=explain(exc))
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
                    _(
                        "Your data file {path} is busy with another import; nothing was "
                        "written. Try again when it has finished."
                    ).format(path=self.path)
                ) from None
            raise UserDataError(
                _(
                    "Your data file {path} is not a readable database ({reason}); nothing was "
                    "changed. Move it aside and minref will start a new one (your imports in it "
                    "would have to be imported again)."
                ).format(path=self.path, reason=explain(exc))
            ) from None
        if tables and app_id != APPLICATION_ID:
            conn.close()
            raise UserDataError(
                _(
                    "{path} is not a minref data file; nothing was changed. "
                    "Give minref's own data file, or a new file name, with --data."
                ).format(path=self.path)
            )
        if version > SCHEMA_VERSION:
            conn.close()
            raise UserDataError(
                _(
                    "{path} was written by a newer minref (schema {version}); "
                    "nothing was changed. Install that version to use it."
                ).format(path=self.path, version=version)
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
        if version > 0 and self.path.stat().st_size > 0:
            backup = self.path.with_name(
                f"{self.path.stem}.backup-{time.strftime('%Y%m%d-%H%M%S')}{self.path.suffix}"
            )
            shutil.copy2(self.path, backup)
            logger.info("backed up %s to %s before migrating", self.path, backup)
            old = sorted(self.path.parent.glob(f"{self.path.stem}.backup-*{self.path.suffix}"))
            for stale in old[:-BACKUPS_KEPT]:
                stale.unlink(missing_ok=True)
        try:
            conn.execute("BEGIN IMMEDIATE")
            # Re-read inside the lock: another process may have created the file meanwhile.
            now = conn.execute("PRAGMA user_version").fetchone()[0]
            if now == 0:
                trade_store.create_schema(conn)  # a new file: the current schema at once
                books.create_schema(conn)
            else:
                for target in range(now + 1, SCHEMA_VERSION + 1):
                    MIGRATIONS[target](conn)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if _busy(exc):
                raise UserDataBusy(
                    _(
                        "Your data file {path} is busy with another import; nothing was "
                        "written. Try again when it has finished."
                    ).format(path=self.path)
                ) from None
            if isinstance(exc, sqlite3.Error):
                raise UserDataError(
                    _(
                        "Your data file {path} cannot be created or upgraded ({reason}); "
                        "nothing was changed. Check that the file and its folder are writable, "
                        "or give another file with --data."
                    ).format(path=self.path, reason=explain(exc))
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
                _(
                    "Your data file {path} cannot be read ({reason}). Move it aside and minref "
                    "will start a new one (your imports would have to be imported again)."
                ).format(path=self.path, reason=explain(exc))
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
                _("imported {date} from {file}").format(date=i.imported_at[:10], file=i.file_name),
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
        """Imported rows, filtered like the catalog's ``trade_flows`` (HS by prefix)."""
        try:
            sources = dict(self.conn.execute("SELECT import_id, source_id FROM imports"))
            return TradeStore(self.conn).flows(sources, reporter, partner, hs, year, flow)
        except sqlite3.DatabaseError as exc:
            raise self._read_error(exc) from None

    def held_groups(self) -> dict[tuple, list[int]]:
        """(reporter code, flow, year) -> imports holding rows for it (for the preview)."""
        try:
            return TradeStore(self.conn).held_groups()
        except sqlite3.DatabaseError as exc:
            raise self._read_error(exc) from None

    def coder(self) -> Coder:
        """The file's integer codes, to encode a preview against."""
        try:
            return Coder(self.conn)
        except sqlite3.DatabaseError as exc:
            raise self._read_error(exc) from None

    def row_count(self) -> int:
        try:
            return TradeStore(self.conn).count()
        except sqlite3.DatabaseError as exc:
            raise self._read_error(exc) from None

    def _read_error(self, exc: BaseException) -> UserDataError:
        if _busy(exc):
            return UserDataBusy(
                _(
                    "Your data file {path} is busy with another import; nothing was changed. "
                    "Try again when it has finished."
                ).format(path=self.path)
            )
        return UserDataError(
            _(
                "Your data file {path} cannot be read ({reason}). Move it aside and minref "
                "will start a new one (your imports would have to be imported again)."
            ).format(path=self.path, reason=explain(exc))
        )

    # ------------------------------------------------------------ writing
    def _write_error(self, exc: BaseException) -> UserDataError:
        if _busy(exc):
            return UserDataBusy(
                _(
                    "Your data file {path} is busy with another import; nothing was written. "
                    "Try again when it has finished."
                ).format(path=self.path)
            )
        return UserDataError(
            _(
                "The import could not be saved in {path} ({reason}); nothing was written. "
                "Check that the file and its folder are writable and the disk has room."
            ).format(path=self.path, reason=unwritable_reason(self.path) or exc)
        )

    def _remove_error(self, exc: BaseException, import_id: int) -> UserDataError:
        if _busy(exc):
            return UserDataBusy(
                _(
                    "Could not remove import {import_id}: your data file {path} is busy with "
                    "another import; nothing was changed. Try again when it has finished."
                ).format(import_id=import_id, path=self.path)
            )
        return UserDataError(
            _(
                "Could not remove import {import_id}: your data file {path} cannot be written "
                "({reason}); nothing was changed. Check that the file and its folder are "
                "writable."
            ).format(
                import_id=import_id, path=self.path, reason=unwritable_reason(self.path) or exc
            )
        )

    def write_import(
        self, meta: dict, produce: Callable[[int, Coder], Iterable[list[tuple]]]
    ) -> tuple[ImportRecord, int]:
        """Write one import in a single transaction; returns the record and rows skipped.

        ``produce(import_id, coder)`` yields batches of encoded rows (see
        :mod:`minref.userdata.trade_store`).  Any exception, SQLite's or not, rolls the
        transaction back: nothing of the import stays, no transaction is left open.
        """
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("PRAGMA cache_size = -65536")  # 64 MB: fewer spills mid-import
            next_id = trade_store.next_import_id(conn)
            record = {
                "import_id": next_id,
                "source_id": f"user-import-{next_id}",
                "imported_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "rows": 0,
                **meta,
            }
            names = [n for n in ImportRecord.__dataclass_fields__ if n in record]
            conn.execute(
                f"INSERT INTO imports ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                [record[n] for n in names],
            )
            coder = Coder(conn)
            store = TradeStore(conn)
            given, written = store.insert_rows(produce(next_id, coder))
            coder.save(conn)
            store.save_groups(next_id)
            record["rows"] = written
            conn.execute("UPDATE imports SET rows = ? WHERE import_id = ?", (written, next_id))
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, UserDataError) or not isinstance(exc, Exception):
                raise
            if not isinstance(exc, (sqlite3.Error, OSError, ValueError, OverflowError)):
                raise  # the caller's own errors (a malformed line, a cancel) pass through
            raise self._write_error(exc) from None
        logger.info(
            "import %s: %d rows written, %d repeats skipped", next_id, written, given - written
        )
        return ImportRecord(
            **{k: record[k] for k in ImportRecord.__dataclass_fields__}
        ), given - written

    def commit_import(self, rows: Iterable[dict], meta: dict) -> ImportRecord:
        """Write rows given as dicts of the catalog's trade_flows columns (one transaction)."""

        def produce(import_id: int, coder: Coder):
            batch = []
            for r in rows:
                batch.append(trade_store.encode(coder, import_id, r))
                if len(batch) >= 50_000:
                    yield batch
                    batch = []
            yield batch

        return self.write_import(meta, produce)[0]

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
                    _(
                        "There is no import {import_id} in {path}; nothing was changed. "
                        "'minref import --list' lists your imports."
                    ).format(import_id=import_id, path=self.path)
                )
            TradeStore(conn).remove(import_id)
            conn.execute("COMMIT")
        except UserDataError:
            raise
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, Exception):
                raise self._remove_error(exc, import_id) from None
            raise
        logger.info("import %s removed from %s", import_id, self.path)
        return ImportRecord(**rows[0])


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Rows stored as text (schema 1) to integer-coded trade_rows (schema 2)."""
    cols = [c for c in TRADE_COLUMNS if c != "source_id"]
    trade_store.create_schema(conn, skip=("imports",))
    # schema 1's imports table, rebuilt with AUTOINCREMENT (numbers never given twice)
    conn.execute("ALTER TABLE imports RENAME TO imports_v1")
    trade_store.create_schema(conn, only=("imports",))
    conn.execute(
        "INSERT INTO imports SELECT import_id, coalesce(source_id, 'user-import-' || import_id), "
        "label, file_name, file_format, imported_at, rows, sha256, organisation, dataset, "
        "licence, attribution FROM imports_v1"
    )
    conn.execute("DROP TABLE imports_v1")
    coder = Coder(conn)
    store = TradeStore(conn)
    cur = conn.execute(f"SELECT import_id, {', '.join(cols)} FROM trade_flows")
    names = ["import_id", *cols]

    def batches():
        while batch := cur.fetchmany(50_000):
            yield [trade_store.encode(coder, r[0], dict(zip(names, r, strict=True))) for r in batch]

    store.insert_rows(batches())
    coder.save(conn)
    for (import_id,) in conn.execute("SELECT import_id FROM imports").fetchall():
        store.save_groups(import_id)
    conn.execute(
        "UPDATE imports SET rows = (SELECT coalesce(sum(rows), 0) FROM import_groups g "
        "WHERE g.import_id = imports.import_id)"
    )
    conn.execute("DROP TABLE trade_flows")


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    2: _migrate_1_to_2,
    3: books.create_schema,
}
