"""The user's own data file (platformdirs user data folder), never the bundled catalog.

Imported trade rows live here with their own provenance (one source per import).  The
file carries ``PRAGMA application_id`` and ``user_version``; a newer file is refused and
left untouched, an older one is migrated forward after a timestamped backup.  sqlite-utils
creates the tables and inserts the rows (one transaction per import).
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

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


class UserData:
    """Opens (creating if needed) the user's data file."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else default_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path)
        except (OSError, sqlite3.Error) as exc:
            raise UserDataError(f"Your data file {self.path} cannot be opened: {exc}") from None
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise UserDataError(
                f"{self.path} is not a readable database ({exc}). Move it "
                "aside; minref will start a new one."
            ) from None
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        if tables and app_id != APPLICATION_ID:
            conn.close()
            raise UserDataError(f"{self.path} is not a minref data file; nothing was changed.")
        if version > SCHEMA_VERSION:
            conn.close()
            raise UserDataError(
                f"{self.path} was written by a newer minref (schema {version}); "
                "nothing was changed. Install that version to use it."
            )
        self.db = sqlite_utils.Database(conn)
        if version < SCHEMA_VERSION:
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        """Create or upgrade the schema in one transaction, after a backup of an old file."""
        conn = self.db.conn
        if version > 0:
            backup = self.path.with_name(
                f"{self.path.stem}.backup-{time.strftime('%Y%m%d-%H%M%S')}{self.path.suffix}"
            )
            shutil.copy2(self.path, backup)
            logger.info("backed up %s to %s before migrating", self.path, backup)
        with conn:
            if "imports" not in self.db.table_names():
                self.db["imports"].create(
                    {
                        "import_id": int,
                        "source_id": str,
                        "label": str,
                        "file_name": str,
                        "file_format": str,
                        "imported_at": str,
                        "rows": int,
                        "sha256": str,
                        "organisation": str,
                        "dataset": str,
                        "licence": str,
                        "attribution": str,
                    },
                    pk="import_id",
                )
            if "trade_flows" not in self.db.table_names():
                cols = {
                    c: (
                        int
                        if c in TABLES["trade_flows"].integer
                        else float
                        if c in TABLES["trade_flows"].real
                        else str
                    )
                    for c in TRADE_COLUMNS
                }
                cols["import_id"] = int
                self.db["trade_flows"].create(cols, foreign_keys=[("import_id", "imports")])
                self.db["trade_flows"].create_index(
                    ["reporter_iso3", "partner_iso3", "hs_code", "year"]
                )
                self.db["trade_flows"].create_index(["partner_iso3", "reporter_iso3"])
                self.db["trade_flows"].create_index(["hs_code", "year"])
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.conn.close()

    # ------------------------------------------------------------ reading
    def imports(self) -> list[ImportRecord]:
        return [ImportRecord(**r) for r in self.db["imports"].rows_where(order_by="import_id")]

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
        out = []
        for r in self.db.query(sql, params):
            out.append(
                TradeFlow(
                    r["source_id"],
                    r["reporter_iso3"],
                    r["reporter_label"] or "",
                    r["partner_iso3"],
                    r["partner_label"] or "",
                    r["partner_kind"] or "country",
                    r["flow"],
                    r["hs_code"],
                    "",
                    r["year"],
                    r["month"] or 0,
                    r["period"] or "annual",
                    r["value_usd"],
                    r["value_basis"] or "",
                    r["quantity"],
                    r["quantity_unit"] or "",
                    r["net_weight_kg"],
                    tuple((r["flags"] or "").split()),
                )
            )
        return out

    def existing_keys(self, keys: set[tuple]) -> set[tuple]:
        """Which of these row keys are already held (to report what an import adds)."""
        held = set()
        for r in self.db.query(
            "SELECT reporter_iso3, partner_label, flow, hs_code, year, "
            "month, period FROM trade_flows"
        ):
            k = tuple(r.values())
            if k in keys:
                held.add(k)
        return held

    # ------------------------------------------------------------ writing
    def commit_import(self, rows: list[dict], meta: dict) -> ImportRecord:
        """Write one import: its source record and its rows, in a single transaction."""
        # Plain SQL in one explicit transaction: sqlite-utils' insert commits on its own,
        # which would leave half an import behind if a later row failed.
        conn = self.db.conn
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
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise UserDataError(
                f"The import could not be saved in {self.path}: {exc}. Nothing was written."
            ) from None
        return ImportRecord(**{k: record[k] for k in ImportRecord.__dataclass_fields__})

    def delete_import(self, import_id: int) -> None:
        with self.db.conn:
            self.db["trade_flows"].delete_where("import_id = ?", [import_id])
            self.db["imports"].delete_where("import_id = ?", [import_id])
