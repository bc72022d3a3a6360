"""Ed25519 signing keys and the trusted public keys (``cryptography``, no hand-written crypto).

Trusted public keys are PEM files named ``NAME.pub`` in, in this order:
``$MINREF_TRUSTED_KEYS`` (folders separated by ``os.pathsep``; when set, it replaces the
rest, for tests and controlled set-ups), ``/etc/minref/trusted-keys/`` (system-wide), the
user's config folder ``trusted-keys/`` and the ``trusted-keys/`` folder of minref's bundled
resources (an organisation's installer build puts its key there).  A key's name is its file
name without ``.pub``; its id is the first 16 hex digits of the sha256 of the raw key.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from minref.errors import explain
from minref.i18n import _
from minref.records import record

from . import PackError

logger = logging.getLogger(__name__)

TRUSTED_KEYS_ENV = "MINREF_TRUSTED_KEYS"
SYSTEM_KEYS_DIR = Path("/etc/minref/trusted-keys")
DEFAULT_KEY_NAME = "minref-signing"


@record
class TrustedKey:
    key_id: str
    name: str
    path: Path
    public_key: Ed25519PublicKey


def key_id(public_key: Ed25519PublicKey) -> str:
    """The short id of a public key: 16 hex digits of the sha256 of its raw bytes."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def trusted_key_dirs() -> list[Path]:
    """The folders trusted public keys are read from, in order."""
    env = os.environ.get(TRUSTED_KEYS_ENV)
    if env:
        return [Path(p) for p in env.split(os.pathsep) if p]
    from minref.paths import resource_dir, user_paths

    return [
        SYSTEM_KEYS_DIR,
        user_paths().config / "trusted-keys",
        resource_dir() / "trusted-keys",
    ]


def _key_reason(exc: Exception) -> str:
    """Why a key file cannot be read, in the reader's words (cryptography says "Could not
    deserialize key data..." in English; its text goes to the log)."""
    if isinstance(exc, OSError):
        return explain(exc)
    logger.info("key not loaded: %s: %s", type(exc).__name__, exc)
    return _("not an unencrypted PEM key")


def load_public_key(path: Path) -> Ed25519PublicKey:
    """An Ed25519 public key from a PEM file, or a PackError saying what is wrong."""
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise PackError(
            _("the public key {path} cannot be read ({reason})").format(
                path=path, reason=_key_reason(exc)
            )
        ) from None
    if not isinstance(key, Ed25519PublicKey):
        raise PackError(_("the public key {path} is not an Ed25519 key").format(path=path))
    return key


def trusted_keys() -> dict[str, TrustedKey]:
    """Every readable trusted key by id (the first folder wins when a key is in several)."""
    keys: dict[str, TrustedKey] = {}
    for folder in trusted_key_dirs():
        try:
            files = sorted(folder.glob("*.pub"))
        except OSError:
            continue
        for path in files:
            try:
                pub = load_public_key(path)
            except PackError as exc:
                logger.warning("ignoring a trusted key: %s", exc)
                continue
            kid = key_id(pub)
            keys.setdefault(kid, TrustedKey(kid, path.stem, path, pub))
    return keys


def keygen(out_dir: Path, name: str = DEFAULT_KEY_NAME) -> tuple[Path, Path, str]:
    """Write NAME.key (private, mode 0600) and NAME.pub into out_dir; refuses to overwrite."""
    out_dir = Path(out_dir)
    private_path, public_path = out_dir / f"{name}.key", out_dir / f"{name}.pub"
    for p in (private_path, public_path):
        if p.exists():
            raise PackError(_("{path} exists already; a key is never overwritten").format(path=p))
    out_dir.mkdir(parents=True, exist_ok=True)
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    public = private.public_key()
    public_path.write_bytes(
        public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private_path, public_path, key_id(public)


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """An Ed25519 private key from a PEM file (unencrypted, as keygen writes it)."""
    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise PackError(
            _("the private key {path} cannot be read ({reason})").format(
                path=path, reason=_key_reason(exc)
            )
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise PackError(_("the private key {path} is not an Ed25519 key").format(path=path))
    return key


def sign(private: Ed25519PrivateKey, data: bytes) -> bytes:
    return private.sign(data)


def signature_ok(public: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        public.verify(signature, data)
    except InvalidSignature:
        return False
    return True
