"""``minref data install`` and ``rollback``: switch the catalog in use, atomically.

Layout in the user cache (``minref.catalog.store.packs_dir()``)::

    packs/current.json            pointer: the catalog in use and the previous ones
    packs/<stamp>-<content>/      one folder per installed catalog: catalog.sqlite, pack.json,
                                  and the db/ tables it was built from (for update packs)
    packs/.staging-<pid>-<id>/    a catalog being built (never pointed at)

An install first checks the whole pack (signature, key, versions, every table hash), then
builds the new catalog in a staging folder next to the current one, renames the folder
into place and only then replaces the pointer with ``os.replace``.  A crash or kill at any
moment leaves the pointer naming either the old complete catalog or the new complete one;
the leftovers are swept on the next install.  The bundled catalog is never written.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from minref.catalog import store
from minref.catalog.build import MANIFEST, CatalogBuildError, build
from minref.catalog.tableform import format_value, table_bytes
from minref.catalog.tables import TABLES
from minref.errors import explain
from minref.files import atomic_write_bytes
from minref.i18n import _, format_decimal
from minref.records import record

from . import PackError, PackRefused
from .make import _distinct, content_hash, csv_rows, gzip_bytes
from .pack import DEFAULT_MAX_BYTES, VerifiedPack, canonical_json, read_pack

logger = logging.getLogger(__name__)

KEEP_PREVIOUS = 3  # catalogs kept for rollback besides the one in use
INFO_FILE = "pack.json"
META_KEY = "data_pack"
STAGING_PREFIX = ".staging-"


@record
class InstallResult:
    entry: dict
    path: Path
    previous: dict | None
    seconds: float
    # One plain sentence per table taken from this minref, not the pack (a complete pack
    # made by an older minref lacks a table of minref's own curation).
    notes: tuple[str, ...] = ()


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@contextlib.contextmanager
def _lock(root: Path):
    """One install or rollback at a time (advisory lock where the system has fcntl)."""
    root.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: installs are started by one user by hand
        yield
        return
    with open(root / ".lock", "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_member(path: Path, data: bytes) -> None:
    """Write one file of a catalog being made (the disk-full test patches this)."""
    with open(path, "wb") as fh:
        fh.write(data)


def write_pointer(pointer: dict) -> None:
    root = store.packs_dir()
    atomic_write_bytes(root / store.POINTER_FILE, canonical_json(pointer))
    _fsync_dir(root)


def in_use_description() -> str:
    """Which catalog is in use, in words (the bundled one or a pack's)."""
    entry = store.read_pointer()["current"]
    if not entry:
        return _("the catalog shipped with minref (no data pack installed)")
    return describe(entry)


def previous_description() -> str:
    """The catalog a rollback returns to, in words (a kept pack's, or the shipped one)."""
    kept = store.read_pointer()["previous"]
    if not kept:
        return _("the catalog shipped with minref")
    return describe(kept[0], since=False)


def in_use_content_hash() -> str | None:
    """The content hash of the catalog in use (the installed pack's, else the one minref
    ships); None when it cannot be read."""
    import sqlite3

    from minref.catalog.queries import Catalog

    try:
        path = store.installed_catalog() or store.shipped_catalog(build_if_missing=False)
        cat = Catalog.open(path)
    except (store.CatalogError, OSError, sqlite3.Error) as exc:
        logger.info("content hash of the catalog in use not read: %s", exc)
        return None
    try:
        return cat.meta.get("content_hash")
    finally:
        cat.close()


def same_as_in_use(pack: VerifiedPack) -> bool:
    """Whether installing ``pack`` would leave the catalog in use as it is: the pack in use
    itself, or a complete pack whose content hash is the catalog's in use."""
    current = store.read_pointer()["current"]
    try:
        installed = store.installed_catalog()
    except store.CatalogError:  # the pack in use is broken: installing again mends it
        return False
    if current and installed and current.get("pack_id") == pack.pack_id:
        return True
    if pack.kind != "complete" or pack.minref_tables:
        return False  # an update's result, or this minref's tables added: known once built
    return in_use_content_hash() == pack.manifest["content_hash"]


def describe(entry: dict, since: bool = True) -> str:
    """An installed pack: its id and label, its signer and key, and (``since``) when it
    came into use."""
    if not since:
        text = (
            _("data pack {pack} ({label}), signed by {signer} (key {key})")
            if entry.get("label")
            else _("data pack {pack}, signed by {signer} (key {key})")
        )
    elif entry.get("label"):
        text = _("data pack {pack} ({label}), signed by {signer} (key {key}), in use since {since}")
    else:
        text = _("data pack {pack}, signed by {signer} (key {key}), in use since {since}")
    return text.format(
        pack=entry["pack_id"],
        label=entry.get("label"),
        signer=entry["signer_name"],
        key=entry["signer_key_id"],
        since=entry["installed"],
    )


def _sweep(root: Path, pointer: dict) -> None:
    """Remove staging leftovers of dead installs and catalogs no longer kept."""
    keep = {e["dir"] for e in [pointer.get("current"), *pointer.get("previous", [])] if e}
    for child in root.iterdir() if root.is_dir() else []:
        if not child.is_dir():
            continue
        if child.name.startswith(STAGING_PREFIX):
            pid = child.name[len(STAGING_PREFIX) :].split("-", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
                continue
            shutil.rmtree(child, ignore_errors=True)
        elif child.name not in keep and (
            (child / INFO_FILE).exists() or (child / store.PACK_CATALOG_FILE).exists()
        ):
            shutil.rmtree(child, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _base_tables(base_path: Path) -> tuple[Path | None, dict]:
    """The db/ folder the base catalog was built from, when it is still there and matches."""
    from minref.catalog.build import read_manifest
    from minref.catalog.queries import Catalog

    base = Catalog.open(base_path)
    try:
        content = base.meta["content_hash"]
    finally:
        base.close()
    for folder in (base_path.parent / "db", store.find_db_dir()):
        if folder is None or not (folder / MANIFEST).is_file():
            continue
        try:
            manifest = read_manifest(folder)
        except CatalogBuildError:
            continue
        if manifest.get("content_hash") == content:
            return folder, manifest
    return None, {}


def _merged_tables(pack: VerifiedPack, base_path: Path, db_dir: Path) -> dict[str, dict]:
    """An update pack's tables laid over the catalog in use: its sources replaced, keys upserted.

    Tables the update does not touch are copied from the base's db/ files when those are
    at hand (and match the base catalog's content hash); otherwise read from the catalog.
    """

    from minref.catalog.build import table_text
    from minref.catalog.queries import Catalog

    replaced = set(pack.manifest.get("sources", []))
    base_dir, base_manifest = _base_tables(base_path)
    base = Catalog.open(base_path)
    base_hashes = json.loads(base.meta.get("table_hashes") or "{}")
    entries = {}
    try:
        for name, table in TABLES.items():
            new_rows = csv_rows(pack.texts[name]) if name in pack.texts else []
            if base_dir is not None:
                entry = base_manifest["tables"][name]
                text = table_text(base_dir, table, entry["sha256"]).encode("utf-8")
                has_source = "source_id" in table.columns
                touched = bool(new_rows) or (
                    has_source and bool(_distinct(text, "source_id") & replaced)
                )
                if not touched:
                    _write_member(db_dir / table.filename, (base_dir / table.filename).read_bytes())
                    entries[name] = {k: entry[k] for k in ("file", "rows", "sha256")}
                    continue
                base_rows = csv_rows(text)
            else:
                base_rows = base.table_rows(name)
                untouched = not new_rows and not (
                    "source_id" in table.columns
                    and any(r["source_id"] in replaced for r in base_rows)
                )
                if untouched:
                    text = _in_stored_order(table, base_rows, base_hashes.get(name))
                    if text is not None:
                        _write_member(
                            db_dir / table.filename,
                            gzip_bytes(text, 1) if table.compressed else text,
                        )
                        entries[name] = {
                            "file": table.filename,
                            "rows": len(base_rows),
                            "sha256": base_hashes[name],
                        }
                        continue

            def key(row, table=table):
                return tuple(format_value(row.get(c)) for c in table.key)

            new_keys = {key(r) for r in new_rows}
            kept = [
                r
                for r in base_rows
                if not ("source_id" in table.columns and r["source_id"] in replaced)
                and key(r) not in new_keys
            ]
            entries[name] = _write_table(db_dir, table, table_bytes(table, kept + new_rows))
    finally:
        base.close()
    return entries


def _in_stored_order(table, rows: list[dict], expected_sha256: str | None) -> bytes | None:
    """A table's canonical CSV from catalog rows already in db/ order (as the build loaded
    them), without sorting again; None unless it hashes to what the build recorded."""
    import csv
    import io

    if not expected_sha256:
        return None
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(table.columns)
    cols = table.columns
    w.writerows([format_value(r[c]) for c in cols] for r in rows)
    data = buf.getvalue().encode("utf-8")
    return data if hashlib.sha256(data).hexdigest() == expected_sha256 else None


def _write_table(db_dir: Path, table, text: bytes) -> dict:
    """Write one table's canonical CSV text into a staged db/ folder; its manifest entry."""
    _write_member(db_dir / table.filename, gzip_bytes(text, 1) if table.compressed else text)
    return {
        "file": table.filename,
        "rows": text.count(b"\n") - 1,
        "sha256": hashlib.sha256(text).hexdigest(),
    }


def _shipped_texts(names: list[str]) -> dict[str, bytes]:
    """Canonical CSV text of some tables of the catalog this minref ships (read, never
    written): the bundled catalog's rows, or the package's db/ files it is built from."""
    from minref.catalog.build import read_manifest, table_text
    from minref.catalog.queries import Catalog

    db_dir = None if store.bundled_catalog().is_file() else store.find_db_dir()
    if db_dir is not None:
        manifest = read_manifest(db_dir)
        return {
            n: table_text(db_dir, TABLES[n], manifest["tables"][n]["sha256"]).encode("utf-8")
            for n in names
        }
    shipped = Catalog.open(store.shipped_catalog(build_if_missing=False))
    try:
        hashes = json.loads(shipped.meta.get("table_hashes") or "{}")
        out = {}
        for n in names:
            rows = shipped.table_rows(n)
            out[n] = _in_stored_order(TABLES[n], rows, hashes.get(n)) or table_bytes(
                TABLES[n], rows
            )
        return out
    finally:
        shipped.close()


def _minref_texts(pack: VerifiedPack) -> dict[str, bytes]:
    """The tables of minref's own curation a complete pack made by an older minref lacks,
    from the catalog this minref ships; with the pack's sources table plus the shipped
    rows of the sources they cite that the pack does not register (so that every name
    keeps its source).  Empty for any other pack."""
    names = list(pack.minref_tables)
    if not names:
        return {}
    try:
        shipped = _shipped_texts([*names, "sources"])
    except (store.CatalogError, CatalogBuildError, OSError, KeyError) as exc:
        raise PackRefused(
            _(
                "{pack}: the pack lacks tables {tables}, and this minref's own cannot be read "
                "({reason})"
            ).format(pack=pack.path.name, tables=", ".join(names), reason=explain(exc))
        ) from None
    out = {n: shipped[n] for n in names}
    cited = set().union(*(_distinct(out[n], "source_id") for n in names))
    lacking = cited - _distinct(pack.texts["sources"], "source_id")
    if lacking:
        extra = [r for r in csv_rows(shipped["sources"]) if r["source_id"] in lacking]
        out["sources"] = table_bytes(TABLES["sources"], csv_rows(pack.texts["sources"]) + extra)
        logger.info("sources taken from this minref: %s", ", ".join(sorted(lacking)))
    return out


def _stage_tables(
    pack: VerifiedPack, db_dir: Path, base_path: Path | None, own: dict[str, bytes]
) -> str:
    """Write the db/ tables of the new catalog; returns its content hash.

    ``own``: the tables taken from this minref rather than the pack (_minref_texts).
    """

    db_dir.mkdir(parents=True)
    entries = {}
    if pack.kind == "complete":
        signed = {n: e["sha256"] for n, e in pack.manifest["tables"].items()}
        if content_hash(signed) != pack.manifest["content_hash"]:
            raise PackRefused(
                _("{pack}: the manifest's content hash does not fit its tables").format(
                    pack=pack.path.name
                )
            )
        for name, table in TABLES.items():
            if name in own:
                entries[name] = _write_table(db_dir, table, own[name])
                continue
            _write_member(db_dir / table.filename, pack.members[name])
            e = pack.manifest["tables"][name]
            entries[name] = {"file": table.filename, "rows": e["rows"], "sha256": e["sha256"]}
    else:
        if base_path is None:
            raise PackError(_("an update pack needs a catalog to update, and none is in use"))
        entries = _merged_tables(pack, base_path, db_dir)
    digest = content_hash({n: e["sha256"] for n, e in entries.items()})
    manifest = {"format": 1, "tables": entries, "content_hash": digest}
    _write_member(db_dir / MANIFEST, canonical_json(manifest))
    return digest


def install(
    pack_path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    verified: VerifiedPack | None = None,
) -> InstallResult:
    """Verify a pack completely, build its catalog beside the current one, switch to it.

    ``verified``: the pack as :func:`read_pack` verified it a moment ago (the window shows
    it to the official before installing); its tables are held in memory, so what is
    installed is what was shown, whatever happens to the file meanwhile."""
    t0 = time.perf_counter()
    # nothing is written before this passes
    pack = verified if verified is not None else read_pack(pack_path, max_bytes=max_bytes)
    own = _minref_texts(pack)  # read (never written) before anything is written
    root = store.packs_dir()
    with _lock(root):
        pointer = store.read_pointer()
        current = pointer["current"]
        base_path = None
        if pack.kind == "update":
            base_path = store.installed_catalog() or store.shipped_catalog()
        _sweep(root, pointer)
        need = 4 * sum(len(t) for t in pack.texts.values())
        free = shutil.disk_usage(root).free
        if free < need:
            raise PackRefused(
                _(
                    "{pack}: not enough disk space in {folder} ({free} bytes free, "
                    "about {need} needed); nothing was changed"
                ).format(
                    pack=pack.path.name,
                    folder=root,
                    free=format_decimal(free),
                    need=format_decimal(need),
                )
            )
        installed = _now()
        folder = f"{installed.replace(':', '').replace('-', '')}-{pack.pack_id[-8:]}"
        stage = root / f"{STAGING_PREFIX}{os.getpid()}-{folder}"
        final = root / folder
        n = 1
        while final.exists():
            n += 1
            final = root / f"{folder}-{n}"
        entry = {
            "dir": final.name,
            "pack_id": pack.pack_id,
            "label": pack.manifest.get("label", ""),
            "kind": pack.kind,
            "created": pack.manifest["created"],
            "installed": installed,
            "signer_key_id": pack.signer.key_id,
            "signer_name": pack.signer.name,
            "editions": pack.manifest.get("editions", []),
            "pack_sources": pack.manifest.get("sources", []),
            "schema_digest": store.schema_digest(),
        }
        if pack.minref_tables:
            entry["minref_tables"] = list(pack.minref_tables)
        try:
            digest = _stage_tables(pack, stage / "db", base_path, own)
            entry["content_hash"] = digest
            catalog = stage / store.PACK_CATALOG_FILE
            build(stage / "db", catalog)
            store.add_meta(catalog, {META_KEY: json.dumps(entry, sort_keys=True)})
            with open(catalog, "rb+") as fh:
                os.fsync(fh.fileno())
            _write_member(stage / INFO_FILE, canonical_json(entry))
            # db/ stays beside the catalog: a later update pack is laid over these files.
            _fsync_dir(stage)
            os.rename(stage, final)
            _fsync_dir(root)
            previous = [e for e in [current, *pointer["previous"]] if e][:KEEP_PREVIOUS]
            write_pointer({"current": entry, "previous": previous})
        except (OSError, CatalogBuildError, PackError) as exc:
            shutil.rmtree(stage, ignore_errors=True)
            if final.exists() and store.read_pointer()["current"] != entry:
                shutil.rmtree(final, ignore_errors=True)
            if isinstance(exc, PackRefused):
                raise
            raise PackRefused(_failure(pack, exc)) from None
        _sweep(root, store.read_pointer())
    seconds = time.perf_counter() - t0
    logger.info("installed %s into %s in %.2f s", pack.pack_id, final, seconds)
    return InstallResult(
        entry, final / store.PACK_CATALOG_FILE, current, seconds, tuple(pack.notes())
    )


def _failure(pack: VerifiedPack, exc: Exception) -> str:
    text = str(exc)
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC or "disk is full" in text:
        reason = _("the disk filled up while the new catalog was being built")
    elif isinstance(exc, OSError):
        reason = _("the new catalog could not be written ({reason})").format(reason=explain(exc))
    else:
        reason = explain(exc)
    return _("{pack}: {reason}; nothing was changed").format(pack=pack.path.name, reason=reason)


def rollback() -> dict | None:
    """Return to the previous catalog (or the shipped one); returns the entry now in use."""
    root = store.packs_dir()
    with _lock(root):
        pointer = store.read_pointer()
        if not pointer["current"]:
            raise PackError(
                _("no data pack is installed: the catalog shipped with minref is in use")
            )
        previous = list(pointer["previous"])
        while previous and not (root / previous[0]["dir"] / store.PACK_CATALOG_FILE).is_file():
            logger.warning("skipping a kept catalog that is gone: %s", previous[0]["dir"])
            previous.pop(0)
        new_current = previous.pop(0) if previous else None
        write_pointer({"current": new_current, "previous": previous})
        _sweep(root, store.read_pointer())
    return new_current


def status() -> dict:
    """The pointer: the pack in use and the previous catalogs kept for rollback."""
    return store.read_pointer()
