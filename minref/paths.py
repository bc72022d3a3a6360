"""The user's folders (platformdirs): data, cache, logs and settings."""

from __future__ import annotations

import logging
import os
from functools import cache
from pathlib import Path

from minref.records import record

logger = logging.getLogger(__name__)

APP_NAME = "minref"
HOME_ENV = "MINREF_HOME"  # one folder for everything: tests, portable installs


@record
class UserPaths:
    """The user's own folders: data, cache, logs and configuration."""

    data: Path
    cache: Path
    logs: Path
    config: Path


@cache
def _paths(home: str | None) -> UserPaths:
    if home:
        base = Path(home)
        return UserPaths(base / "data", base / "cache", base / "logs", base / "config")
    import platformdirs

    return UserPaths(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )


def user_paths() -> UserPaths:
    """The user's minref folders ($MINREF_HOME overrides them all); not created here."""
    return _paths(os.environ.get(HOME_ENV) or None)


def resource_dir() -> Path:
    """Fonts, icons and other files shipped with minref (installed or in the source tree)."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "_resources", package.parent / "resources"):
        if candidate.is_dir():
            return candidate
    return package / "_resources"
