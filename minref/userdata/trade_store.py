"""Imported trade rows in the user's data file, sized for tens of millions of rows.

A row is stored as small integers: the import it came from, the reporter and the partner
(codes into ``places``), the HS code (``hs_key``: the code's digits padded to six, times ten,
plus its length, so an HS prefix is an integer range), the year and month, and a code into
``row_kinds`` for what repeats (flow, period, value basis, classification, quantity unit,
flags); then the value, quantity and net weight.  ``trade_rows`` is a ``WITHOUT ROWID``
table whose primary key (import, reporter, partner, HS, year, month, kind) is the index the
desk reads by (a reporter, perhaps a partner and an HS prefix) and makes a repeated key
within one import impossible: the first row of a key is kept, later ones are skipped and
counted.  ``import_groups`` holds the row count per import, reporter, kind and year, so
the preview can say what a file adds without scanning the rows.

Large imports are staged: the preview, which reads and checks every row anyway, writes the
encoded rows to a :class:`Staging` file beside the user's data file (a plain rowid table in
file order, no journal, no sync: a throwaway file), and the commit copies them into
``trade_rows`` with set-based ``INSERT ... SELECT`` statements, a slice of the staged rows
at a time sorted by the key, inside the user file's one transaction (:class:`StagedRows`).
A cancelled or failed commit rolls back and leaves the user file as it was; a process
killed mid-import leaves the user file consistent (SQLite's rollback journal) and a
staging file that the next preview beside it removes.

This module holds the SQL of the trade store; :mod:`minref.userdata.store` opens the file,
versions it and calls :func:`create_schema` inside its own transaction.
"""

from __future__ import annotations

import itertools
import logging
import os
import queue
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from pathlib import Path

from minref.catalog.models import TradeFlow

logger = logging.getLogger(__name__)

SCHEMA = (
    # AUTOINCREMENT: a removed import's number (and its source id) is never given again.
    "CREATE TABLE imports (import_id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "source_id TEXT NOT NULL UNIQUE, "
    "label TEXT, file_name TEXT, file_format TEXT, imported_at TEXT, rows INTEGER, "
    "sha256 TEXT, organisation TEXT, dataset TEXT, licence TEXT, attribution TEXT)",
    "CREATE TABLE places (place_id INTEGER PRIMARY KEY, iso3 TEXT NOT NULL, "
    "label TEXT NOT NULL, kind TEXT NOT NULL, UNIQUE (iso3, label, kind))",
    "CREATE TABLE row_kinds (kind_id INTEGER PRIMARY KEY, flow TEXT NOT NULL, "
    "period TEXT NOT NULL, value_basis TEXT NOT NULL, classification TEXT NOT NULL, "
    "quantity_unit TEXT NOT NULL, flags TEXT NOT NULL, "
    "UNIQUE (flow, period, value_basis, classification, quantity_unit, flags))",
    "CREATE TABLE hs_labels (hs_key INTEGER PRIMARY KEY, description TEXT NOT NULL)",
    "CREATE TABLE import_groups (import_id INTEGER NOT NULL, reporter_id INTEGER NOT NULL, "
    "kind_id INTEGER NOT NULL, year INTEGER NOT NULL, rows INTEGER NOT NULL, "
    "PRIMARY KEY (import_id, reporter_id, kind_id, year)) WITHOUT ROWID",
    "CREATE TABLE trade_rows (import_id INTEGER NOT NULL, reporter_id INTEGER NOT NULL, "
    "partner_id INTEGER NOT NULL, hs_key INTEGER NOT NULL, year INTEGER NOT NULL, "
    "month INTEGER NOT NULL, kind_id INTEGER NOT NULL, value_usd REAL, quantity REAL, "
    "net_weight_kg REAL, "
    "PRIMARY KEY (import_id, reporter_id, partner_id, hs_key, year, month, kind_id)) "
    "WITHOUT ROWID",
)
INSERT_ROW = "INSERT OR IGNORE INTO trade_rows VALUES (?,?,?,?,?,?,?,?,?,?)"
ROW_COLUMNS = (
    "import_id",
    "reporter_id",
    "partner_id",
    "hs_key",
    "year",
    "month",
    "kind_id",
    "value_usd",
    "quantity",
    "net_weight_kg",
)
KEY_COLUMNS = ROW_COLUMNS[1:7]  # within one import
# A BACI row's own values; month 0, no net weight (the staging and the preview use this form)
BACI_COLUMNS = ("reporter_id", "partner_id", "hs_key", "year", "kind_id", "value_usd", "quantity")
# BACI's rows as staged: reporter, partner, hs_key and year in one integer (four values a
# row to hand to SQLite rather than seven: the preview's staging thread is its slowest part)
PACKED_COLUMNS = ("code", "kind_id", "value_usd", "quantity")
PACKED = {  # trade_rows' column from a staged code, in SQL
    "reporter_id": "(s.code >> 47)",
    "partner_id": "((s.code >> 31) & 65535)",
    "hs_key": "((s.code >> 7) & 16777215)",
    "year": "((s.code & 127) + 1962)",
}
DEFAULTS = {"month": "0", "quantity": "NULL", "net_weight_kg": "NULL"}
KIND_FIELDS = ("flow", "period", "value_basis", "classification", "quantity_unit", "flags")


def create_schema(
    conn: sqlite3.Connection, skip: tuple[str, ...] = (), only: tuple[str, ...] | None = None
) -> None:
    """The trade store's tables (all, or ``only`` these, less ``skip``); the caller holds
    the transaction."""
    for sql in SCHEMA:
        name = sql.split()[2]
        if name not in skip and (only is None or name in only):
            conn.execute(sql)


def next_import_id(conn: sqlite3.Connection) -> int:
    """The next import's number: above every number given so far, removed imports' too."""
    high = conn.execute("SELECT coalesce(max(import_id), 0) FROM imports").fetchone()[0]
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
        row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'imports'").fetchone()
        high = max(high, row[0] if row else 0)
    return high + 1


def encode(coder: Coder, import_id: int, r: dict) -> tuple:
    """One row given as a dict of the catalog's trade_flows columns, as stored."""
    return (
        import_id,
        coder.place(r.get("reporter_iso3"), r.get("reporter_label") or "", "reporter"),
        coder.place(
            r.get("partner_iso3"), r.get("partner_label") or "", r.get("partner_kind") or "country"
        ),
        coder.hs(r["hs_code"]),
        r["year"],
        r.get("month") or 0,
        coder.kind(*(r.get(f) or ("annual" if f == "period" else "") for f in KIND_FIELDS)),
        r.get("value_usd"),
        r.get("quantity"),
        r.get("net_weight_kg"),
    )


def hs_key(code: str) -> int:
    """``"2529"`` -> 2529004: the digits padded to six, times ten, plus the code's length."""
    return int(code.ljust(6, "0")) * 10 + len(code)


def _unpackable() -> sqlite3.DataError:
    # a user file with 65,536 places or more: the staging is dropped and the commit reads
    # the file again (a sqlite3.Error is what the preview expects of a staging write)
    return sqlite3.DataError("a code is beyond the staging file's packed form")


def pack_code(reporter: int, partner: int, hs: int, year: int) -> int:
    """One staged integer for PACKED (16 + 16 + 24 + 7 bits)."""
    if not (reporter < 65536 and partner < 65536 and hs < 1 << 24 and 0 <= year - 1962 < 128):
        raise _unpackable()
    return reporter << 47 | partner << 31 | hs << 7 | year - 1962


def pack_codes(reporter, partner, hs, year):
    """:func:`pack_code` over numpy arrays."""
    if len(year) and (
        reporter.max() >= 65536
        or partner.max() >= 65536
        or hs.max() >= 1 << 24
        or not 0 <= year.min() - 1962 <= year.max() - 1962 < 128
    ):
        raise _unpackable()
    return reporter << 47 | partner << 31 | hs << 7 | (year - 1962)


def hs_code(key: int) -> str:
    return str(key // 10).zfill(6)[: key % 10]


def hs_range(prefix: str) -> tuple[int, int] | None:
    """The hs_key range of codes starting with ``prefix`` (None: no code can match)."""
    p = prefix.replace(".", "").strip()
    if not p.isascii() or not p.isdigit() or len(p) > 6:
        return None
    scale = 10 ** (6 - len(p)) * 10
    return int(p) * scale, (int(p) + 1) * scale - 1


class Coder:
    """Integer codes for places, row kinds and HS codes; new codes are kept until saved."""

    def __init__(self, conn: sqlite3.Connection | None = None):
        self.places: dict[tuple[str, str, str], int] = {}
        self.kinds: dict[tuple[str, ...], int] = {}
        self.hs_labels: dict[int, str] = {}
        if conn is not None:
            for pid, iso3, label, kind in conn.execute("SELECT * FROM places"):
                self.places[(iso3, label, kind)] = pid
            for kid, *fields in conn.execute("SELECT * FROM row_kinds"):
                self.kinds[tuple(fields)] = kid
        self.saved_places = set(self.places.values())
        self.saved_kinds = set(self.kinds.values())
        self._next_place = max(self.saved_places, default=0) + 1
        self._next_kind = max(self.saved_kinds, default=0) + 1
        self._hs: dict[str, int] = {}
        self._places_by_id: dict[int, tuple[str, str, str]] = {}
        self._kinds_by_id: dict[int, tuple[str, ...]] = {}

    def place(self, iso3: str | None, label: str, kind: str) -> int:
        key = (iso3 or "", label, kind)
        pid = self.places.get(key)
        if pid is None:
            pid = self.places[key] = self._next_place
            self._next_place += 1
        return pid

    def kind(self, *fields: str) -> int:
        kid = self.kinds.get(fields)
        if kid is None:
            kid = self.kinds[fields] = self._next_kind
            self._next_kind += 1
        return kid

    def hs(self, code: str) -> int:
        key = self._hs.get(code)
        if key is None:
            key = self._hs[code] = hs_key(code)
        return key

    def place_of(self, pid: int) -> tuple[str | None, str, str]:
        if len(self._places_by_id) != len(self.places):
            self._places_by_id = {v: k for k, v in self.places.items()}
        iso3, label, kind = self._places_by_id[pid]
        return iso3 or None, label, kind

    def kind_of(self, kid: int) -> tuple[str, ...]:
        if len(self._kinds_by_id) != len(self.kinds):
            self._kinds_by_id = {v: k for k, v in self.kinds.items()}
        return self._kinds_by_id[kid]

    def save(self, conn: sqlite3.Connection) -> None:
        """Write the codes made since loading (inside the caller's transaction)."""
        conn.executemany(
            "INSERT INTO places VALUES (?,?,?,?)",
            [(pid, *k) for k, pid in self.places.items() if pid not in self.saved_places],
        )
        conn.executemany(
            "INSERT INTO row_kinds VALUES (?,?,?,?,?,?,?)",
            [(kid, *k) for k, kid in self.kinds.items() if kid not in self.saved_kinds],
        )
        if self.hs_labels:
            conn.executemany(
                "INSERT OR IGNORE INTO hs_labels VALUES (?,?)", list(self.hs_labels.items())
            )
        self.saved_places = set(self.places.values())
        self.saved_kinds = set(self.kinds.values())


class TradeStore:
    """Reads and writes the trade rows of one open connection."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    # ------------------------------------------------------------ writing
    def insert_rows(self, batches: Iterable[list[tuple]] | StagedRows) -> tuple[int, int]:
        """Insert batches of encoded rows, or copy staged ones; returns (rows given, rows
        written)."""
        if isinstance(batches, StagedRows):
            given, written, self._groups = batches.copy_into(self.conn)
            self._exact = given == written
            return given, written
        given = written = 0
        self._groups: Counter = Counter()
        by_group = itemgetter(0, 1, 6, 4)
        for batch in batches:
            before = self.conn.total_changes
            self.conn.executemany(INSERT_ROW, batch)
            given += len(batch)
            written += self.conn.total_changes - before
            self._groups.update(map(by_group, batch))
        self._exact = given == written
        return given, written

    def save_groups(self, import_id: int) -> None:
        """Rows per reporter, kind and year of one import (after :meth:`insert_rows`)."""
        if getattr(self, "_exact", False):
            self.conn.executemany(
                "INSERT INTO import_groups VALUES (?,?,?,?,?)",
                [(*k, n) for k, n in self._groups.items() if k[0] == import_id],
            )
            return
        self.conn.execute(  # repeats were skipped: count what was written
            "INSERT INTO import_groups SELECT import_id, reporter_id, kind_id, year, count(*) "
            "FROM trade_rows WHERE import_id = ? GROUP BY reporter_id, kind_id, year",
            (import_id,),
        )

    def remove(self, import_id: int) -> None:
        for table in ("trade_rows", "import_groups", "imports"):
            self.conn.execute(f"DELETE FROM {table} WHERE import_id = ?", (import_id,))

    # ------------------------------------------------------------ reading
    def held_groups(self) -> dict[tuple[int, str, int], list[int]]:
        """(reporter code, flow, year) -> the imports holding rows for it."""
        out: dict[tuple[int, str, int], list[int]] = {}
        for import_id, reporter_id, flow, year in self.conn.execute(
            "SELECT g.import_id, g.reporter_id, k.flow, g.year FROM import_groups g "
            "JOIN row_kinds k USING (kind_id) ORDER BY g.import_id"
        ):
            held = out.setdefault((reporter_id, flow, year), [])
            if import_id not in held:
                held.append(import_id)
        return out

    def flows(
        self,
        sources: dict[int, str],
        reporter: str | None = None,
        partner: str | None = None,
        hs: str | None = None,
        year: int | None = None,
        flow: str | None = None,
    ) -> list[TradeFlow]:
        """Rows as :class:`TradeFlow` records, filtered like the catalog's ``trade_flows``."""
        if not sources:
            return []
        coder = Coder(self.conn)
        places = {
            pid: (iso3 or None, label, kind) for (iso3, label, kind), pid in coder.places.items()
        }
        kinds = {kid: k for k, kid in coder.kinds.items()}
        where = [f"import_id IN ({','.join(str(int(i)) for i in sources)})"]
        params: list = []
        for column, iso3 in (("reporter_id", reporter), ("partner_id", partner)):
            if iso3 is not None:
                ids = [pid for pid, (i, _, _) in places.items() if i == iso3]
                if not ids:
                    return []
                where.append(f"{column} IN ({','.join(map(str, ids))})")
        if hs:
            rng = hs_range(hs)
            if rng is None:
                return []
            where.append("hs_key BETWEEN ? AND ?")
            params += rng
        if year is not None:
            where.append("year = ?")
            params.append(year)
        if flow is not None:
            ids = [kid for kid, k in kinds.items() if k[0] == flow]
            if not ids:
                return []
            where.append(f"kind_id IN ({','.join(map(str, ids))})")
        labels = dict(self.conn.execute("SELECT hs_key, description FROM hs_labels"))
        sql = (
            "SELECT import_id, reporter_id, partner_id, hs_key, year, month, kind_id, "
            "value_usd, quantity, net_weight_kg FROM trade_rows WHERE " + " AND ".join(where)
        )
        return list(self._records(self.conn.execute(sql, params), sources, places, kinds, labels))

    @staticmethod
    def _records(cursor, sources, places, kinds, labels) -> Iterator[TradeFlow]:
        # Every field is already in TradeFlow.make's normal form (labels "", flags a tuple),
        # so the records are built by keyword directly: at tens of thousands of rows a desk
        # query spends most of its time here.
        codes: dict[int, str] = {}
        kinds = {kid: (*k[:5], tuple(k[5].split())) for kid, k in kinds.items()}
        for imp, rep, par, key, year, month, kid, value, qty, wgt in cursor:
            code = codes.get(key)
            if code is None:
                code = codes[key] = hs_code(key)
            r_iso3, r_label, _ = places[rep]
            p_iso3, p_label, p_kind = places[par]
            flow, period, basis, classification, unit, flags = kinds[kid]
            yield TradeFlow(
                source_id=sources[imp],
                reporter_iso3=r_iso3,
                reporter_label=r_label,
                partner_iso3=p_iso3,
                partner_label=p_label,
                partner_kind=p_kind,
                flow=flow,
                hs_code=code,
                hs_description=labels.get(key, ""),
                year=year,
                month=month,
                period=period,
                value_usd=value,
                value_basis=basis,
                quantity=qty,
                quantity_unit=unit,
                net_weight_kg=wgt,
                flags=flags,
            )

    def count(self, import_id: int | None = None) -> int:
        if import_id is None:
            return self.conn.execute("SELECT count(*) FROM trade_rows").fetchone()[0]
        return self.conn.execute(
            "SELECT coalesce(sum(rows), 0) FROM import_groups WHERE import_id = ?", (import_id,)
        ).fetchone()[0]


# ---------------------------------------------------------------- staging

STAGING_TABLE = "staged_rows"
STAGING_MARK = ".import-"
CHUNKS = 50  # the commit copies the staged rows in about this many slices (progress, cancel)
MIN_CHUNK = 20_000


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


class Staging:
    """Encoded rows of one preview, in a throwaway SQLite file beside the user's data file.

    The file is named ``.<data file>.import-<pid>-<random>``; :meth:`sweep` removes those of
    processes no longer running (a preview or import killed with ``kill -9``).

    Rows are written by a thread of their own, a batch or two behind the reader: SQLite
    lets go of Python's lock while it stores a row, so on a second core the writing
    overlaps the reading and checking of the next batch (issue 18: about a third of the
    preview). A write that fails is raised by the next :meth:`add` or :meth:`finish`.
    """

    QUEUED = 2  # batches waiting for the writer (each about 22,000 rows)
    GROUP = 100  # rows a statement

    def __init__(self, beside: Path):
        self.sweep(beside)
        name = f".{beside.name}{STAGING_MARK}{os.getpid()}-{os.urandom(4).hex()}"
        self.path = beside.parent / name
        self.rows = 0
        self.columns: tuple[str, ...] | None = None
        self._queue: queue.Queue | None = None
        self._writer: threading.Thread | None = None
        self._failed: BaseException | None = None
        # used by the writer thread only while it runs, by this one before and after
        self.conn: sqlite3.Connection | None = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False
        )
        try:
            for pragma in (
                "journal_mode = OFF",  # a staging file is thrown away, never repaired
                "synchronous = OFF",
                "locking_mode = EXCLUSIVE",
                "cache_size = -2048",  # appends need few pages in memory
            ):
                self.conn.execute(f"PRAGMA {pragma}")
            self.conn.execute("BEGIN")
        except BaseException:
            self.discard()
            raise
        self._insert = ""

    def _create(self, columns: tuple[str, ...]) -> None:
        # trade_rows' column types, so values are stored as they will be in it
        types = dict(
            c.strip().split(" ", 1)
            for c in SCHEMA[-1].split("(", 1)[1].split(", PRIMARY KEY")[0].split(",")
        )
        types["code"] = "INTEGER"
        cols = ", ".join(f"{c} {types[c]}" for c in columns)
        self.conn.execute(f"CREATE TABLE {STAGING_TABLE} ({cols})")
        self._insert = f"INSERT INTO {STAGING_TABLE} VALUES ({','.join('?' * len(columns))})"
        self.columns = columns

    @staticmethod
    def sweep(beside: Path) -> None:
        """Remove the staging files of dead processes beside ``beside``."""
        try:
            found = list(beside.parent.glob(f".{beside.name}{STAGING_MARK}*"))
        except OSError:
            return
        for f in found:
            pid = f.name.rsplit(STAGING_MARK, 1)[1].split("-", 1)[0]
            if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
                continue  # a running preview's (this process's own may yet be committed)
            try:
                f.unlink()
            except OSError:
                pass

    def _write(self) -> None:
        conn, one, q = self.conn, self._insert, self._queue
        width = len(self.columns)
        group = self.GROUP
        many = f"INSERT INTO {STAGING_TABLE} VALUES " + ",".join(
            ["(" + ",".join("?" * width) + ")"] * group
        )
        packed = self.columns == PACKED_COLUMNS
        while (batch := q.get()) is not None:
            if self._failed is None:
                try:
                    # GROUP rows a statement: SQLite runs it with Python's lock let go, once
                    # for GROUP rows rather than once a row, so the reading thread and this
                    # one hand the lock over a hundred times less often
                    whole = len(batch) - len(batch) % group
                    if not packed:
                        values = itertools.chain.from_iterable(batch)
                    elif hasattr(batch, "packed"):
                        values = batch.packed()
                    else:  # rows of BACI_COLUMNS read line by line
                        values = itertools.chain.from_iterable(
                            (pack_code(r, pa, h, y), k, v, qt) for r, pa, h, y, k, v, qt in batch
                        )
                    # the whole groups' values exactly (zip would drop a short group's)
                    head = itertools.islice(values, whole * width)
                    conn.executemany(many, zip(*[head] * (width * group), strict=True))
                    conn.executemany(one, zip(*[values] * width, strict=True))
                except BaseException as exc:  # raised in the reader's thread
                    self._failed = exc

    def _check(self) -> None:
        if self._failed is not None:
            exc, self._failed = self._failed, None
            raise exc

    def _stop(self) -> None:
        """Wait for the rows queued to be written, and for the writer to end."""
        if self._writer is not None:
            self._queue.put(None)
            self._writer.join()
            self._writer = self._queue = None

    def add(self, batch: list[tuple], columns: tuple[str, ...] = ROW_COLUMNS) -> None:
        """Stage rows of the form ``columns`` (the same for every batch of a file; rows of
        BACI_COLUMNS are staged as PACKED_COLUMNS); the batch is not to be changed after
        (it is written while the next is read)."""
        self._check()
        if self.columns is None:
            self._create(PACKED_COLUMNS if columns == BACI_COLUMNS else columns)
        if self._writer is None:
            self._queue = queue.Queue(self.QUEUED)
            self._writer = threading.Thread(target=self._write, name="staging", daemon=True)
            self._writer.start()
        self._queue.put(batch)
        self.rows += len(batch)

    def reset(self) -> None:
        self._stop()
        self._failed = None
        self.conn.execute(f"DROP TABLE IF EXISTS {STAGING_TABLE}")
        self.columns = None
        self.rows = 0

    def finish(self) -> None:
        """Close the file, its rows written, for the commit to attach."""
        self._stop()
        self._check()
        conn, self.conn = self.conn, None
        conn.execute("COMMIT")
        conn.close()

    def discard(self) -> None:
        try:
            self._stop()
        finally:
            self._failed = None
            if self.conn is not None:
                self.conn.close()
                self.conn = None
            remove_staging(self.path)


def remove_staging(path: Path) -> None:
    try:
        Path(path).unlink()
    except OSError:
        pass


class StagedRows:
    """Staged rows for :meth:`TradeStore.insert_rows`: copied set-based into trade_rows.

    ``schema`` is the name the staging file is attached under on the user's connection,
    ``columns`` the staged table's columns (those of trade_rows it has, in its order);
    ``places`` and ``kinds`` map the preview's codes to the user file's (None: the same);
    ``groups`` counts the staged rows per (reporter, kind, year) in the preview's codes;
    ``step(done, total)`` is called after each slice (it may raise to cancel).
    """

    def __init__(
        self,
        schema: str,
        columns: tuple[str, ...],
        import_id: int,
        rows: int,
        groups: Counter,
        places: dict[int, int] | None = None,
        kinds: dict[int, int] | None = None,
        step: Callable[[int, int], None] | None = None,
    ):
        self.schema = schema
        self.columns = columns
        self.import_id = int(import_id)
        self.rows = rows
        self.groups = groups
        self.places = places
        self.kinds = kinds
        self.step = step

    def copy_into(self, conn: sqlite3.Connection) -> tuple[int, int, Counter]:
        """Copy every staged row (repeats of a key skipped); returns (given, written,
        rows per (import, reporter, kind, year))."""
        s = self.schema
        src = {c: f"s.{c}" for c in self.columns}
        if "code" in src:
            src.update(PACKED)
        cols = [src.get(c, DEFAULTS.get(c)) for c in ROW_COLUMNS]
        cols[0] = str(self.import_id)
        pm, km = self.places or {}, self.kinds or {}
        remap = any(a != b for a, b in pm.items()) or any(a != b for a, b in km.items())
        if remap:  # another import coded new places or kinds since the preview
            conn.execute(
                "CREATE TEMP TABLE IF NOT EXISTS import_map (what INTEGER, old INTEGER, "
                "new INTEGER, PRIMARY KEY (what, old)) WITHOUT ROWID"
            )
            conn.execute("DELETE FROM temp.import_map")
            conn.executemany(
                "INSERT INTO temp.import_map VALUES (?,?,?)",
                [(0, a, b) for a, b in pm.items()] + [(1, a, b) for a, b in km.items()],
            )
            for i, c, what in ((1, "reporter_id", 0), (2, "partner_id", 0), (6, "kind_id", 1)):
                cols[i] = (
                    f"(SELECT new FROM temp.import_map WHERE what = {what} AND old = {src[c]})"
                )
        chunk = max(MIN_CHUNK, -(-self.rows // CHUNKS))
        sql = (
            f"INSERT OR IGNORE INTO main.trade_rows SELECT {', '.join(cols)} "
            f"FROM {s}.{STAGING_TABLE} s WHERE s.rowid > ? AND s.rowid <= ? "
            "ORDER BY 2, 3, 4, 5, 6, 7"  # sorted appends to the keyed table
        )
        first, last = conn.execute(
            f"SELECT coalesce(min(rowid), 1) - 1, coalesce(max(rowid), 0) FROM {s}.{STAGING_TABLE}"
        ).fetchone()

        def slices() -> Iterator[tuple[int, int]]:
            done = 0
            for lo in range(first, last, chunk):
                if done and self.step is not None:
                    self.step(done, self.rows)  # after a slice is written; may raise
                hi = min(lo + chunk, last)
                yield lo, hi
                done += hi - lo
            if self.step is not None:
                self.step(self.rows, self.rows)

        before = conn.total_changes
        conn.executemany(sql, slices())  # one statement, run once a slice
        written = conn.total_changes - before
        if remap:
            conn.execute("DELETE FROM temp.import_map")
        groups: Counter = Counter()
        for (rep, kind, year), n in self.groups.items():
            groups[(self.import_id, pm.get(rep, rep), km.get(kind, kind), year)] += n
        return self.rows, written, groups
