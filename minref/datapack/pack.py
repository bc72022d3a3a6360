"""The pack file: a zip archive with ``manifest.json``, ``manifest.sig`` and ``db/`` tables.

``manifest.sig`` is JSON ``{"key_id": ..., "signature": base64}``: the Ed25519 signature
of the exact bytes of ``manifest.json``.  Nothing in the manifest is read before its
signature checks out against a trusted key; no member is extracted by its own name (the
tables are read into memory under the names the schema gives them), and every check
passes before anything is written anywhere.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import json
import logging
import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from minref import __version__
from minref.catalog.schema import SCHEMA_VERSION
from minref.catalog.tables import TABLES
from minref.errors import explain, quoted
from minref.i18n import _, format_decimal, pgettext

from . import PackError, PackRefused
from .keys import TrustedKey, signature_ok, trusted_keys

logger = logging.getLogger(__name__)

PACK_FORMAT = "minrefpack-1"
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
TABLE_DIR = "db"
# A pack bigger than this is refused unless the caller states another limit: a full pack
# is about 5 MB; the unpacked tables may be at most UNPACKED_FACTOR times the limit.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
UNPACKED_FACTOR = 8
KINDS = ("complete", "update")


def kind_word(kind: str) -> str:
    """A pack's kind (the manifest's "complete", "update") in the reader's words; an unknown
    kind as the manifest gives it."""
    if kind == "complete":
        return pgettext("data pack kind", "complete")
    if kind == "update":
        return pgettext("data pack kind", "update")
    return kind


def member_name(table_name: str) -> str:
    return f"{TABLE_DIR}/{TABLES[table_name].filename}"


def parse_version(text: str) -> tuple[int, ...]:
    """'0.10.2' -> (0, 10, 2); anything after the numbers (rc1, .dev) is ignored."""
    parts = []
    for piece in str(text).split("."):
        m = re.match(r"\d+", piece)
        if not m:
            break
        parts.append(int(m.group()))
    if not parts:
        raise ValueError(f"not a version: {text!r}")
    return tuple(parts)


def version_ok(requirement: dict, version: str = __version__) -> bool:
    """Whether this minref version lies in the manifest's range [min, below)."""
    have = parse_version(version)
    if requirement.get("min") and have < parse_version(requirement["min"]):
        return False
    return not (requirement.get("below") and have >= parse_version(requirement["below"]))


def canonical_json(obj) -> bytes:
    return (json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


@dataclass
class VerifiedPack:
    """A pack whose signature and every table were checked; its tables are held in memory."""

    path: Path
    manifest: dict
    signer: TrustedKey
    members: dict[str, bytes] = field(repr=False)  # table name -> stored bytes (gz or csv)
    texts: dict[str, bytes] = field(repr=False)  # table name -> canonical CSV bytes

    @property
    def pack_id(self) -> str:
        return self.manifest["pack_id"]

    @property
    def kind(self) -> str:
        return self.manifest["kind"]

    @property
    def minref_tables(self) -> tuple[str, ...]:
        """The tables of minref's own curation that this complete pack lacks (it was made
        by an older minref): the install takes them from the catalog minref ships."""
        return older_minref_tables(self.manifest)

    def notes(self) -> list[str]:
        """One plain sentence per table the install takes from this minref, not the pack."""
        return [_(TABLES[name].older_pack_note) for name in self.minref_tables]

    def summary(self) -> str:
        m = self.manifest
        eds = ", ".join(f"MCS {e}" for e in m.get("editions", [])) or _("no MCS edition")
        return _(
            "pack {pack} ({kind}, {label}), created {created}, signed by {signer} "
            "(key {key}); {editions}; {n} sources; content {content}"
        ).format(
            pack=m["pack_id"],
            kind=kind_word(m["kind"]),
            label=m.get("label") or _("no label"),
            created=m["created"],
            signer=self.signer.name,
            key=self.signer.key_id,
            editions=eds,
            n=len(m.get("sources", [])),
            content=m["content_hash"][:16],
        )


def older_minref_tables(manifest: dict) -> tuple[str, ...]:
    """The tables a complete pack's manifest lacks, in table order (none for an update)."""
    if manifest.get("kind") != "complete":
        return ()
    return tuple(name for name in TABLES if name not in manifest["tables"])


def _refuse(path: Path, reason: str) -> PackRefused:
    # TRANSLATORS: a data pack's file name, then why it is refused
    return PackRefused(_("{file}: {reason}").format(file=path.name, reason=reason))


def _check_names(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    allowed = {MANIFEST_NAME, SIGNATURE_NAME} | {member_name(n) for n in TABLES}
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        pure = PurePosixPath(name.replace("\\", "/"))
        if (
            name.startswith(("/", "\\"))
            or re.match(r"^[A-Za-z]:", name)
            or ".." in pure.parts
            or "\\" in name
            or "\x00" in name
        ):
            raise _refuse(
                path, _("the archive entry {name} escapes its folder").format(name=quoted(name))
            )
        if name.endswith("/"):
            continue
        if name not in allowed:
            raise _refuse(
                path, _("the archive holds an unexpected entry {name}").format(name=quoted(name))
            )
        if name in seen:
            raise _refuse(path, _("the archive holds {name} twice").format(name=quoted(name)))
        seen.add(name)


def read_pack(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> VerifiedPack:
    """Open and check a pack completely: signature, key, versions, every table's hash.

    Raises PackRefused with one sentence saying why; writes nothing.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PackRefused(
            _("{path}: cannot be read ({reason})").format(path=path, reason=explain(exc))
        ) from None
    if size > max_bytes:
        raise _refuse(
            path,
            _("{size} bytes is larger than the limit of {limit} bytes").format(
                size=format_decimal(size), limit=format_decimal(max_bytes)
            ),
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_names(path, infos)
            if sum(i.file_size for i in infos) > max_bytes * UNPACKED_FACTOR:
                raise _refuse(path, _("its tables unpack to more than the size limit allows"))
            names = {i.filename for i in infos}
            if SIGNATURE_NAME not in names:
                raise _refuse(path, _("the pack is not signed (no manifest.sig)"))
            if MANIFEST_NAME not in names:
                raise _refuse(path, _("the pack has no manifest"))
            sig_doc = zf.read(SIGNATURE_NAME)
            manifest_bytes = zf.read(MANIFEST_NAME)
            signer = _check_signature(path, sig_doc, manifest_bytes)
            manifest = _check_manifest(path, manifest_bytes)
            members, texts = {}, {}
            for name, entry in manifest["tables"].items():
                if member_name(name) not in names:
                    raise _refuse(
                        path,
                        _("the table {name} listed in the manifest is missing").format(name=name),
                    )
                data = zf.read(member_name(name))
                if hashlib.sha256(data).hexdigest() != entry["bytes_sha256"]:
                    raise _refuse(
                        path,
                        _("the table {name} was altered after it was signed").format(name=name),
                    )
                text = gzip.decompress(data) if TABLES[name].compressed else data
                if hashlib.sha256(text).hexdigest() != entry["sha256"]:
                    raise _refuse(
                        path, _("the table {name} does not match its signed hash").format(name=name)
                    )
                members[name], texts[name] = data, text
    except PackRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, gzip.BadGzipFile) as exc:
        raise _refuse(
            path, _("the file is truncated or corrupt ({reason})").format(reason=explain(exc))
        ) from None
    except (OSError, UnicodeDecodeError, NotImplementedError) as exc:
        reason = explain(exc)
        raise _refuse(path, _("the file cannot be read ({reason})").format(reason=reason)) from None
    logger.info("verified %s: %s", path, manifest["pack_id"])
    return VerifiedPack(path, manifest, signer, members, texts)


def _check_signature(path: Path, sig_doc: bytes, manifest_bytes: bytes) -> TrustedKey:
    try:
        doc = json.loads(sig_doc)
        kid = str(doc["key_id"])
        signature = base64.b64decode(doc["signature"], validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise _refuse(path, _("the signature file is not readable")) from None
    keys = trusted_keys()
    key = keys.get(kid)
    if key is None:
        raise _refuse(
            path,
            _(
                "signed by an unknown key {key}; add its public key to a trusted-keys folder "
                "only if you trust who made the pack"
            ).format(key=kid),
        )
    if not signature_ok(key.public_key, signature, manifest_bytes):
        raise _refuse(
            path,
            _("the signature does not match (key {key}, {name})").format(key=kid, name=key.name),
        )
    return key


def _check_manifest(path: Path, manifest_bytes: bytes) -> dict:
    try:
        return _manifest_fields(path, json.loads(manifest_bytes))
    except PackRefused:
        raise
    except (ValueError, TypeError, AttributeError, KeyError):
        raise _refuse(path, _("the manifest is not readable")) from None


def _manifest_fields(path: Path, manifest) -> dict:
    fmt = manifest.get("format") if isinstance(manifest, dict) else None
    if fmt != PACK_FORMAT:
        raise _refuse(
            path,
            _("not a {expected} pack (format {fmt})").format(expected=PACK_FORMAT, fmt=quoted(fmt)),
        )
    required = manifest.get("minref", {})
    if manifest.get("schema_version", 0) > SCHEMA_VERSION or not version_ok(required):
        need = required.get("min", "?")
        raise _refuse(
            path,
            _(
                "the pack needs minref {need} or newer (catalog schema {schema}); this is "
                "minref {version} (schema {own}): install the newer minref first"
            ).format(
                need=need,
                schema=manifest.get("schema_version"),
                version=__version__,
                own=SCHEMA_VERSION,
            ),
        )
    if manifest.get("kind") not in KINDS:
        raise _refuse(path, _("unknown pack kind {kind}").format(kind=quoted(manifest.get("kind"))))
    tables = manifest.get("tables")
    if not isinstance(tables, dict) or not tables or set(tables) - set(TABLES):
        raise _refuse(path, _("the manifest's table list does not fit this minref"))
    for entry in tables.values():
        if not all(isinstance(entry.get(k), str) for k in ("sha256", "bytes_sha256")):
            raise _refuse(path, _("the manifest's table hashes are not readable"))
    missing = older_minref_tables(manifest)
    # A pack made before minref added a table of its own curation lacks only such tables:
    # this minref's own are used.  A missing table of a source's data is never made up.
    if not all(TABLES[name].minref_curated for name in missing):
        raise _refuse(
            path,
            _("a complete pack lacks tables {tables}").format(tables=", ".join(sorted(missing))),
        )
    if missing:
        logger.info("complete pack without minref's own tables %s", ", ".join(missing))
    return manifest


def write_pack(
    out: Path, manifest_bytes: bytes, signature_bytes: bytes, members: dict[str, bytes]
) -> Path:
    """Write the archive to a temporary name and rename it into place."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w") as zf:
            zf.writestr(MANIFEST_NAME, manifest_bytes, zipfile.ZIP_DEFLATED)
            zf.writestr(SIGNATURE_NAME, signature_bytes, zipfile.ZIP_DEFLATED)
            for name in sorted(members):
                method = zipfile.ZIP_STORED if TABLES[name].compressed else zipfile.ZIP_DEFLATED
                info = zipfile.ZipInfo(member_name(name), date_time=(2020, 1, 1, 0, 0, 0))
                info.compress_type = method
                zf.writestr(info, members[name])
        os.replace(tmp, out)
    except OSError as exc:
        raise PackError(
            _("could not write {path} ({reason})").format(path=out, reason=explain(exc))
        ) from None
    finally:
        tmp.unlink(missing_ok=True)
    return out
