"""``minref data make-pack``: curated tables + manifest, signed with the organisation's key."""

from __future__ import annotations

import base64
import csv
import gzip
import hashlib
import io
import logging
import re
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from minref import __version__
from minref.catalog.build import CatalogBuildError, read_manifest, table_text
from minref.catalog.schema import SCHEMA_VERSION
from minref.catalog.tableform import table_bytes
from minref.catalog.tables import TABLES
from minref.errors import explain_file
from minref.i18n import _

from . import PackError
from .keys import key_id, load_private_key, sign
from .pack import PACK_FORMAT, canonical_json, write_pack

logger = logging.getLogger(__name__)


def content_hash(table_hashes: dict[str, str]) -> str:
    """The catalog content hash: the same formula as db/MANIFEST.json's (sorted table:sha)."""
    h = hashlib.sha256()
    for name in sorted(table_hashes):
        h.update(f"{name}:{table_hashes[name]}\n".encode())
    return h.hexdigest()


def gzip_bytes(data: bytes, level: int = 9) -> bytes:
    """gzip with a fixed header (no time, no name), as db/ stores its large tables."""
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=level) as gz:
        gz.write(data)
    return out.getvalue()


def csv_rows(text: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.decode("utf-8"))))


def _distinct(text: bytes, column: str) -> set[str]:
    reader = csv.reader(io.StringIO(text.decode("utf-8")))
    header = next(reader, [])
    if column not in header:
        return set()
    i = header.index(column)
    return {row[i] for row in reader if len(row) > i and row[i]}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def make_pack(
    out: str | Path,
    key_path: str | Path,
    *,
    raw_dir: str | Path | None = None,
    db_dir: str | Path | None = None,
    update: bool = False,
    only_sources: list[str] | None = None,
    label: str = "",
    min_minref: str | None = None,
) -> tuple[Path, dict]:
    """Make a signed pack from raw files (the refresh readers) or from a curated db/ folder.

    A complete pack holds every table; an update (``update=True``) holds the rows of the
    sources it adds or replaces (``only_sources``, or every source in its tables).
    """
    t0 = time.perf_counter()
    private = load_private_key(Path(key_path))
    if (raw_dir is None) == (db_dir is None):
        raise PackError(_("give either the raw data folder (--from) or a db/ folder (--from-db)"))
    with tempfile.TemporaryDirectory(prefix="minref-pack-") as tmp:
        if raw_dir is not None:
            from minref.ingest.refresh import RefreshError, refresh

            db_dir = Path(tmp) / "db"
            try:
                refresh(Path(raw_dir), db_dir)
            except (RefreshError, OSError, ValueError) as exc:
                raise PackError(
                    _("the raw files could not be read: {problem}").format(
                        problem=explain_file(exc)
                    )
                ) from None
            logger.info("refresh into %s took %.1f s", db_dir, time.perf_counter() - t0)
        manifest, members = _tables(Path(db_dir), update, only_sources)
    created = datetime.now(UTC).replace(microsecond=0)
    pub = private.public_key()
    manifest.update(
        {
            "format": PACK_FORMAT,
            "kind": "update" if update else "complete",
            "label": label,
            "created": created.isoformat().replace("+00:00", "Z"),
            "made_by": f"minref {__version__}",
            "minref": {"min": min_minref or __version__, "below": None},
            "schema_version": SCHEMA_VERSION,
            "signer": {"key_id": key_id(pub), "key_file": Path(key_path).stem},
        }
    )
    manifest["pack_id"] = (
        f"{_slug(label) or 'minref-data'}-{created:%Y%m%dT%H%M%SZ}-{manifest['content_hash'][:8]}"
    )
    manifest_bytes = canonical_json(manifest)
    signature = {
        "key_id": key_id(pub),
        "signature": base64.b64encode(sign(private, manifest_bytes)).decode("ascii"),
    }
    path = write_pack(Path(out), manifest_bytes, canonical_json(signature), members)
    logger.info("made %s in %.2f s", path, time.perf_counter() - t0)
    return path, manifest


def _tables(db_dir: Path, update: bool, only_sources: list[str] | None):
    try:
        db_manifest = read_manifest(db_dir)
    except CatalogBuildError as exc:
        raise PackError(str(exc)) from None
    wanted = set(only_sources or [])
    if wanted and not update:
        raise PackError(_("--sources makes an update pack: add --update"))
    entries, members = {}, {}
    editions: set[int] = set()
    sources: set[str] = set()
    for name, table in TABLES.items():
        entry = db_manifest["tables"].get(name)
        if entry is None:
            raise PackError(_("{folder} lists no table {name}").format(folder=db_dir, name=name))
        try:
            text = table_text(db_dir, table, entry["sha256"]).encode("utf-8")
        except CatalogBuildError as exc:
            raise PackError(str(exc)) from None
        if wanted and "source_id" in table.columns:
            rows = [r for r in csv_rows(text) if r["source_id"] in wanted]
            text = table_bytes(table, rows)
            stored = gzip_bytes(text) if table.compressed else text
        else:
            stored = (db_dir / table.filename).read_bytes()
        if "edition" in table.columns and name in ("world_production", "us_salient"):
            editions |= {int(e) for e in _distinct(text, "edition")}
        sources |= _distinct(text, "source_id")
        entries[name] = {
            "file": table.filename,
            "rows": text.count(b"\n") - 1,
            "sha256": hashlib.sha256(text).hexdigest(),
            "bytes_sha256": hashlib.sha256(stored).hexdigest(),
        }
        members[name] = stored
    if wanted and not wanted <= sources:
        raise PackError(
            _("no rows of {sources} in {folder}").format(
                sources=", ".join(sorted(wanted - sources)), folder=db_dir
            )
        )
    manifest = {
        "tables": entries,
        "content_hash": content_hash({n: e["sha256"] for n, e in entries.items()}),
        "editions": sorted(editions),
        "sources": sorted(wanted or sources),
    }
    return manifest, members
