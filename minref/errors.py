"""What went wrong, in the reader's words, when a library raised the exception.

zipfile, zlib, gzip, sqlite3, json, csv and the operating system say why they failed in
English ("File is not a zip file", "Bad CRC-32 for file 'x.csv'", "file is not a
database", "database disk image is malformed", "No such file or directory"). minref puts
that reason inside its own sentence ("the file is truncated or corrupt ({reason})"), so a
French or Spanish reader met English in the middle of it. :func:`explain` gives a short
phrase in the reader's language for the common cases instead; the library's own text goes
to the log, and follows the phrase on screen only with ``--debug`` (the log at DEBUG level).
An exception it does not know (minref's own, already in the reader's words) is said as is.

:func:`quoted` puts a name cited in a message (an archive entry, a label, a value typed)
inside the reader's quotation marks, never Python's straight repr() quotes.
"""

from __future__ import annotations

import errno
import logging
import sys

from minref.i18n import N_, _, format_decimal, pgettext

logger = logging.getLogger(__name__)

# A library's message (its start, in lower case) -> the phrase said instead.
ZIP_MESSAGES = (
    ("file is not a zip file", N_("not a zip file")),
    ("bad crc-32", N_("checksum (CRC-32) mismatch: the data is damaged")),
    ("bad magic number for file header", N_("a file header in the zip is unreadable")),
    ("truncated file header", N_("a file header in the zip is unreadable")),
    ("that compression method is not supported", N_("a compression method minref cannot read")),
)
SQLITE_MESSAGES = (
    ("file is not a database", N_("not an SQLite database")),
    ("database disk image is malformed", N_("the database file is damaged")),
    ("database is locked", N_("the database is in use by another program")),
    ("unable to open database file", N_("the database file cannot be opened")),
    ("attempt to write a readonly database", N_("the database is read-only")),
    ("disk i/o error", N_("a disk read or write failed")),
    ("database or disk is full", N_("the disk is full")),
    ("no such table", N_("a table or column minref needs is missing")),
    ("no such column", N_("a table or column minref needs is missing")),
)
OS_ERRORS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk is full"),
    errno.EROFS: N_("read-only file system"),
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.ENOTDIR: N_("part of the path is a file, not a folder"),
    errno.EIO: N_("a disk read or write failed"),
    errno.ENAMETOOLONG: N_("the name is too long"),
}


def _module_error(module: str, name: str) -> type | None:
    """An exception class of a module already imported (an exception of a module never
    imported cannot have been raised; importing it here would cost start-up time)."""
    mod = sys.modules.get(module)
    return getattr(mod, name, None) if mod is not None else None


def _is(exc: BaseException, module: str, *names: str) -> bool:
    classes = tuple(c for c in (_module_error(module, n) for n in names) if c is not None)
    return bool(classes) and isinstance(exc, classes)


def _first(text: str, table) -> str | None:
    low = text.strip().lower()
    return next((phrase for start, phrase in table if low.startswith(start)), None)


def _phrase(exc: BaseException) -> str | None:
    """The reader's phrase for ``exc``, or None when minref has none."""
    text = str(exc)
    if _is(exc, "zipfile", "BadZipFile", "LargeZipFile"):
        return _(
            _first(text, ZIP_MESSAGES) or N_("the zip file's structure is damaged or incomplete")
        )
    if isinstance(exc, NotImplementedError) and _first(text, ZIP_MESSAGES):
        return _(_first(text, ZIP_MESSAGES))
    if _is(exc, "zlib", "error") or _is(exc, "gzip", "BadGzipFile"):
        return _("the compressed data is damaged")
    if isinstance(exc, EOFError):  # gzip, zipfile: "Compressed file ended before ..."
        return _("the data ends too early (truncated file)")
    if _is(exc, "sqlite3", "Error"):
        return _(_first(text, SQLITE_MESSAGES) or N_("the database reported an error"))
    if _is(exc, "json", "JSONDecodeError"):
        return _("line {line}, column {column}").format(line=exc.lineno, column=exc.colno)
    if _is(exc, "csv", "Error"):
        if "nul" in text.lower():
            return _("the line holds a NUL character (not a text file)")
        if text.startswith("field larger than field limit"):
            limit = "".join(c for c in text if c.isdigit())
            return _("a field is longer than the limit of {limit} characters").format(
                limit=format_decimal(int(limit)) if limit else "?"
            )
        return None
    if isinstance(exc, UnicodeDecodeError):
        return _("the text is not UTF-8")
    if isinstance(exc, OSError) and exc.errno in OS_ERRORS:
        return _(OS_ERRORS[exc.errno])
    return None


def explain(exc: BaseException) -> str:
    """A short phrase for why ``exc`` happened, in the reader's language, to go inside a
    message of minref's ("…est endommagé (les données compressées sont endommagées)");
    the library's own text is logged, and with ``--debug`` follows the phrase in brackets.
    An exception minref has no phrase for: its own text (an OSError's ``strerror``)."""
    phrase = _phrase(exc)
    own = f"{type(exc).__name__}: {exc}"
    if phrase is None:
        return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
    logger.info("%s", own)
    if logging.getLogger().isEnabledFor(logging.DEBUG):
        return f"{phrase} [{own}]"
    return phrase


def quoted(text: object) -> str:
    """``text`` inside the reader's quotation marks, to cite a name in a message: “name”
    in English, «name» in Spanish, « name » in French (no-break spaces inside)."""
    # TRANSLATORS: the quotation marks around a name cited in a message (French: « {text} »
    # with no-break spaces U+00A0 inside; Spanish: «{text}»)
    return pgettext("quotation marks", "“{text}”").format(text=text)


def explain_file(exc: BaseException) -> str:
    """:func:`explain`, after the file an OSError names ("/data/x.csv: no such file or
    folder"), so the reader knows which file; any other exception as :func:`explain`."""
    reason = explain(exc)
    name = getattr(exc, "filename", None) if isinstance(exc, OSError) else None
    if not name:
        return reason
    # TRANSLATORS: a file's path, then why it could not be read or written
    return _("{file}: {reason}").format(file=name, reason=reason)
