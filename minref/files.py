"""Writing the user's output files: one path check and one atomic write for every writer.

Charts (PNG, SVG, CSV), screenshots, briefs (PDF) and table exports all go through
:func:`write_via_temp`: the path is checked first (:func:`check_output_path`, the same
messages everywhere), the content goes to a hidden temporary file in the same folder
(``.NAME.XXXXXXXX.PID.tmp``), which is flushed to disk, renamed over the target and the
folder flushed too, so a reader sees the old file or the new one, never half of one.
Temporary files of this pattern left by a killed writer (its process gone) are removed
on the next write into the same folder.  Every failure is an :class:`OutputError` whose
message names the file or folder and says what to do; nothing is left behind.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

logger = logging.getLogger(__name__)

TEMP_SUFFIX = ".tmp"
# A temporary file left by a writer that is gone; on Windows (no cheap liveness check
# of a process id) only one older than this is treated as stale.
STALE_AFTER_S = 3600
_RANDOM = 8  # tempfile's random part


def _(text: str) -> str:
    """The message in the user's language when minref has translations."""
    try:
        from minref.i18n import gettext
    except ImportError:
        return text
    return gettext(text)


class OutputError(OSError):
    """An output file cannot be written where asked; the message says why and what to do.

    An OSError, so that callers catching OSError around a write keep working."""


def _folder_of(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255


def check_output_path(path: str | Path) -> Path:
    """The path, if a file can be written there; OutputError otherwise.

    The folder must exist, be a folder and be writable; the path must not be a folder;
    the name must fit the file system (a legal name always gets a temporary name that
    fits too).
    """
    path = Path(path)
    folder = _folder_of(path)
    if path.name in ("", ".", ".."):
        raise OutputError(_("{path} is not a file name.").format(path=path))
    if not folder.exists():
        raise OutputError(_("The folder {folder} does not exist.").format(folder=folder))
    if not folder.is_dir():
        raise OutputError(
            _("{folder} is not a folder; choose a file inside a folder.").format(folder=folder)
        )
    name_max = _name_max(folder)
    size = len(os.fsencode(path.name))
    if size > name_max:
        raise OutputError(
            _("The file name {name}… is too long ({size} bytes; at most {max} here).").format(
                name=path.name[:40], size=size, max=name_max
            )
        )
    if path.is_dir():
        raise OutputError(_("{path} is a folder; give a file name inside it.").format(path=path))
    if not os.access(folder, os.W_OK):
        raise OutputError(
            _("The folder {folder} is not writable; choose another folder.").format(folder=folder)
        )
    return path


def _temp_parts(path: Path) -> tuple[str, str]:
    """(prefix, suffix) of this process's temporary file for path, fitting NAME_MAX."""
    suffix = f".{os.getpid()}{TEMP_SUFFIX}"
    # The same cut for every process (a pid has at most 10 digits), so that a killed
    # writer's file matches the pattern of the next one.
    room = _name_max(_folder_of(path)) - 2 - _RANDOM - (1 + 10 + len(TEMP_SUFFIX))
    stem = os.fsencode(path.name)[: max(room, 1)].decode("utf-8", "ignore") or "x"
    return f".{stem}.", suffix


def _temp_pattern(path: Path) -> re.Pattern:
    prefix, _suffix = _temp_parts(path)
    random_part = "[A-Za-z0-9_]{" + str(_RANDOM) + "}"
    return re.compile(re.escape(prefix) + random_part + r"\.(\d+)" + re.escape(TEMP_SUFFIX))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return True  # decided by age alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def clean_stale_temps(path: str | Path) -> list[Path]:
    """Remove the temporary files a killed writer of path left behind; returns them."""
    path = Path(path)
    folder = _folder_of(path)
    pattern = _temp_pattern(path)
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        m = pattern.fullmatch(entry.name)
        if not m or not entry.is_file(follow_symlinks=False):
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_S
            if old or not _alive(int(m[1])):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
                logger.info("removed a stale temporary file %s", entry.path)
        except OSError as exc:
            logger.debug("cannot remove %s: %s", entry.path, exc)
    return removed


def _fsync_folder(folder: Path) -> None:
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename is still atomic
    finally:
        os.close(fd)


def _fsync_file(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _missing_input(exc: OSError, path: Path) -> str | None:
    """The file named by an ENOENT that is not path nor its temporary file, if it is gone:
    a file the writer needed to read."""
    if exc.errno != errno.ENOENT:
        return None
    for name in (exc.filename, exc.filename2):
        if not name or not isinstance(name, (str, bytes, os.PathLike)):
            continue
        named = Path(os.fsdecode(name))
        if Path(os.path.abspath(named)) in Path(os.path.abspath(path)).parents:
            continue  # the output's folder: said below
        same_folder = os.path.abspath(_folder_of(named)) == os.path.abspath(_folder_of(path))
        ours = named.name == path.name or _temp_pattern(path).fullmatch(named.name)
        if same_folder and ours:
            continue  # the output itself, or its temporary file
        if not named.exists():
            return str(named)
    return None


def os_error_message(exc: OSError, path: Path) -> str:
    """One line for an OSError met while writing path."""
    folder = _folder_of(path)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _("There is no space left on the disk for {path}; nothing was written.").format(
            path=path
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("The folder {folder} is not writable; choose another folder.").format(
            folder=folder
        )
    if exc.errno == errno.ENAMETOOLONG:
        return _("The file name {name}… is too long for this disk.").format(name=path.name[:40])
    missing = _missing_input(exc, path)
    if missing is not None:
        # A file the writer reads (a font, a template) is gone, not the output's folder.
        return _(
            "The file {file}, needed to write {path}, is missing; nothing was written. "
            "Reinstall minref or restore the file."
        ).format(file=missing, path=path)
    if exc.errno == errno.ENOENT and not folder.is_dir():
        return _("The folder {folder} does not exist.").format(folder=folder)
    if exc.errno == errno.ENOENT:
        # The folder is there but takes no new files (/proc, a vanished mount).
        return _("The folder {folder} is not writable; choose another folder.").format(
            folder=folder
        )
    from minref.errors import explain

    return _("{path} could not be written ({reason}); nothing was written.").format(
        path=path, reason=explain(exc)
    )


def write_via_temp(path: str | Path, write: Callable[[str], None]) -> Path:
    """Call ``write(temp_path)``, then move the temporary file to path atomically.

    ``write`` gets the name of an empty file in path's folder and fills it (a PDF
    builder, an image writer).  OutputError when the path is unusable or the write
    fails; the temporary file never outlives a failure.
    """
    path = check_output_path(path)
    folder = _folder_of(path)
    clean_stale_temps(path)
    prefix, suffix = _temp_parts(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
        os.close(fd)
    except OSError as exc:
        raise OutputError(os_error_message(exc, path)) from None
    try:
        write(tmp)
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        _fsync_file(tmp)
        os.replace(tmp, path)
        _fsync_folder(folder)
    except OutputError:
        Path(tmp).unlink(missing_ok=True)
        raise
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(os_error_message(exc, path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write data to path so that a reader sees the old file or the new one, never half."""

    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            fh.write(data)

    return write_via_temp(path, write)


def atomic_write_text(path: str | Path, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))
