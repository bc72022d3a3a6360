"""Signed data packs: new catalog editions without a new installer.

A pack (``FILE.minrefpack``) is a zip archive holding the curated ``db/`` tables, a
manifest (pack id, editions and sources held, the minref versions it needs, a sha256 per
table, the catalog content hash) and an Ed25519 signature of the manifest.  IT makes it
with ``minref data make-pack``; a laptop checks it against its trusted public keys and
installs it into the user cache with ``minref data install``, switching atomically and
keeping the previous catalogs for ``minref data rollback``.  The bundled catalog is never
written.

This package imports only the standard library, ``cryptography`` and minref (the frozen
bundle installs packs too).
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


class PackError(Exception):
    """A pack cannot be made, verified or installed; the message says why, in one sentence."""


class PackRefused(PackError):
    """A pack failed a check: nothing was written and the catalog in use is unchanged."""
