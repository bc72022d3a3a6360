"""Finding, building and opening the catalog database (always read-only at run time)."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from pathlib import Path

from minref.errors import explain
from minref.i18n import N_, _

from .schema import APPLICATION_ID, SCHEMA_VERSION

logger = logging.getLogger(__name__)

CATALOG_ENV = "MINREF_CATALOG"
PACKAGE_DIR = Path(__file__).resolve().parents[1]


class _Advice:
    """An error class's advice, read in the reader's language (from the class or an error)."""

    def __init__(self, text: str = ""):
        self.text = text

    def __get__(self, obj, owner=None) -> str:
        return _(self.text) if self.text else ""


class CatalogError(Exception):
    """The catalog cannot be used; the message says what happened and what to do."""

    advice = _Advice()

    def __init__(self, message: str, path: Path | None = None):
        super().__init__(message)
        self.path = path


class CatalogMissing(CatalogError):
    advice = _Advice(N_("Run 'minref catalog build', or reinstall minref."))


class CatalogCorrupt(CatalogError):
    advice = _Advice(N_("Delete the file and run 'minref catalog build', or reinstall minref."))


class CacheUnwritable(CatalogError):
    advice = _Advice(
        N_(
            "Make that folder writable, set MINREF_HOME to a writable folder, "
            "or give a built catalog with --catalog."
        )
    )


class CatalogTooNew(CatalogError):
    advice = _Advice(
        N_("This catalog was made by a newer minref: install that version, or rebuild.")
    )


class InstalledPackBroken(CatalogError):
    advice = _Advice(
        N_(
            "Run 'minref data rollback' to return to the previous catalog, "
            "or install the pack again."
        )
    )


# Installed data packs (minref.datapack) live in the user cache: one folder per installed
# catalog and a pointer file naming the one in use, replaced atomically on install/rollback.
PACKS_DIR = "packs"
POINTER_FILE = "current.json"
PACK_CATALOG_FILE = "catalog.sqlite"


def build_error() -> type[Exception]:
    """The catalog builder's error class, imported when asked: written in an except
    clause, it is looked up only when an exception gets that far, so a start that finds
    its catalog does not import the builder (csv, gzip, ...)."""
    from minref.catalog.build import CatalogBuildError

    return CatalogBuildError


def packs_dir() -> Path:
    """The folder holding the catalogs built from installed data packs."""
    from minref.paths import user_paths

    return user_paths().cache / PACKS_DIR


def read_pointer() -> dict:
    """The installed-pack pointer: {"current": entry or None, "previous": [entries]}."""
    path = packs_dir() / POINTER_FILE
    try:
        pointer = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):  # no pack (or $MINREF_HOME is a file)
        return {"current": None, "previous": []}
    except (OSError, ValueError) as exc:
        raise InstalledPackBroken(
            _("The data-pack pointer {path} cannot be read ({reason}).").format(
                path=path, reason=explain(exc)
            ),
            path,
        ) from None
    if not isinstance(pointer, dict):
        raise InstalledPackBroken(
            _("The data-pack pointer {path} is not minref's.").format(path=path), path
        )
    pointer.setdefault("current", None)
    pointer.setdefault("previous", [])
    return pointer


def schema_digest() -> str:
    """A short hash of this minref's catalog DDL: a pack catalog built for another is not used."""
    import hashlib

    from .schema import ddl

    return hashlib.sha256(ddl().encode("utf-8")).hexdigest()[:16]


def installed_catalog() -> Path | None:
    """The catalog of the data pack in use, or None when no pack is installed.

    A pack catalog built by a minref with other tables (an upgrade since the install) is
    passed over with a warning: the catalog shipped with this minref is used instead.
    """
    entry = read_pointer()["current"]
    if not entry:
        return None
    if entry.get("schema_digest") not in (None, schema_digest()):
        logger.warning(
            "the installed data pack %s was built for other catalog tables; "
            "using the catalog shipped with this minref (install the pack again)",
            entry.get("pack_id"),
        )
        return None
    path = packs_dir() / str(entry["dir"]) / PACK_CATALOG_FILE
    if not path.is_file():
        raise InstalledPackBroken(
            _("The catalog of the installed data pack {pack} is missing ({path}).").format(
                pack=entry.get("pack_id"), path=path
            ),
            path,
        )
    return path


def add_meta(path: Path, items: dict[str, str]) -> None:
    """Add rows to a catalog's meta table (only on a catalog being made, never on one in use)."""
    conn = sqlite3.connect(path)
    try:
        conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", sorted(items.items()))
        conn.commit()
    finally:
        conn.close()


def db_dir_candidates() -> list[Path]:
    """Where the curated tables may be: inside the installed package, or the source tree."""
    return [PACKAGE_DIR / "_db", PACKAGE_DIR.parent / "db"]


def find_db_dir() -> Path | None:
    """The first folder holding a db/ manifest, or None."""
    for d in db_dir_candidates():
        if (d / "MANIFEST.json").is_file():
            return d
    return None


def bundled_catalog() -> Path:
    """A prebuilt catalog shipped inside the package (frozen builds), if any."""
    return PACKAGE_DIR / "data" / "catalog.sqlite"


def cache_catalog_path(content_hash: str) -> Path:
    """Where a catalog built on this machine for this content is kept."""
    from minref.paths import user_paths

    return user_paths().cache / f"catalog-{content_hash[:16]}.sqlite"


def locate_catalog(explicit: str | Path | None = None, *, build_if_missing: bool = True) -> Path:
    """The catalog to open: explicit path, $MINREF_CATALOG, an installed data pack's,
    the bundled one, or a built one.

    When none exists yet, builds it from the curated tables into the user cache
    folder (once per content version) and returns that path.
    """
    if explicit:
        return Path(explicit)
    if os.environ.get(CATALOG_ENV):
        return Path(os.environ[CATALOG_ENV])
    installed = installed_catalog()
    if installed is not None:
        return installed
    return shipped_catalog(build_if_missing=build_if_missing)


def shipped_catalog(*, build_if_missing: bool = True) -> Path:
    """The catalog minref ships: the bundled file, or one built from the package's db/."""
    bundled = bundled_catalog()
    if bundled.is_file():
        return bundled
    db_dir = find_db_dir()
    if db_dir is None:
        raise CatalogMissing(
            _(
                "minref cannot find its catalog or the tables to build it from "
                "(looked in {folders})."
            ).format(folders=", ".join(str(d) for d in db_dir_candidates()))
        )
    from .build import build, read_manifest

    content_hash = read_manifest(db_dir)["content_hash"]
    path = cache_catalog_path(content_hash)
    if path.is_file():
        return path
    if not build_if_missing:
        raise CatalogMissing(_("No catalog has been built yet at {path}.").format(path=path), path)
    logger.info("building the catalog from %s into %s", db_dir, path)
    try:
        build(db_dir, path)
    except OSError as exc:  # a read-only cache, or $MINREF_HOME that is a file
        raise cache_unwritable(path, exc) from None
    return path


def cache_unwritable(path: Path, exc: OSError) -> CacheUnwritable:
    """The error for a catalog that cannot be built at path (the CLI and the window)."""
    reason = explain(exc)
    blocker = next((p for p in path.parents if p.exists()), None)
    if blocker is not None and not blocker.is_dir():
        reason = _("{path} is a file, not a folder").format(path=blocker)
    return CacheUnwritable(
        _(
            "The catalog must be built in {folder} on first use, but that folder "
            "cannot be written ({reason})."
        ).format(folder=path.parent, reason=reason),
        path,
    )


def check_file(path: Path) -> None:
    """Cheap checks of a catalog file before SQLite opens it: header and size.

    A full ``PRAGMA quick_check`` reads the whole file (over 100 ms); ``minref catalog
    verify`` and ``--self-test`` do that.  Here the header must be SQLite's and the file
    as long as the header says, which catches the usual damage: a truncated copy or a
    file that is not a database at all.
    """
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
        size = path.stat().st_size
    except OSError as exc:
        raise CatalogMissing(
            _("The catalog file {path} cannot be read ({reason}).").format(
                path=path, reason=explain(exc)
            ),
            path,
        ) from None
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        raise CatalogCorrupt(
            _("The catalog file {path} is not a readable database (no SQLite header).").format(
                path=path
            ),
            path,
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    change_counter = int.from_bytes(header[24:28], "big")
    if pages and valid_for == change_counter and size < pages * page_size:
        raise CatalogCorrupt(
            _("The catalog file {path} is truncated ({size} bytes of {expected}).").format(
                path=path, size=size, expected=pages * page_size
            ),
            path,
        )


def open_catalog(path: str | Path) -> sqlite3.Connection:
    """Open a catalog read-only, refusing a missing, foreign, damaged or newer one."""
    path = Path(path)
    if not path.is_file():
        raise CatalogMissing(_("The catalog file {path} does not exist.").format(path=path), path)
    check_file(path)
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise CatalogCorrupt(
            _("The catalog file {path} is not a readable database ({reason}).").format(
                path=path, reason=explain(exc)
            ),
            path,
        ) from None
    if app_id != APPLICATION_ID:
        conn.close()
        raise CatalogCorrupt(_("The file {path} is not a minref catalog.").format(path=path), path)
    if version > SCHEMA_VERSION:
        conn.close()
        raise CatalogTooNew(
            _(
                "The catalog {path} has schema version {version}; this minref "
                "reads version {supported} and older."
            ).format(path=path, version=version, supported=SCHEMA_VERSION),
            path,
        )
    if version < SCHEMA_VERSION:
        conn.close()
        raise CatalogCorrupt(
            _("The catalog {path} has an old schema (version {version}).").format(
                path=path, version=version
            ),
            path,
        )
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM meta").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise CatalogCorrupt(
            _("The catalog {path} is damaged ({reason}).").format(path=path, reason=explain(exc)),
            path,
        ) from None
    return conn
