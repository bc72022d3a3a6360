"""The one way a kind (page, brief, chart, claim) is added to its list."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def add(registry: dict, key: str, item, what: str):
    """Put item in registry under key; a key already taken is a ValueError (two kinds
    must never share a name)."""
    if key in registry:
        raise ValueError(f"{what} {key!r} is registered already")
    registry[key] = item
    return item
