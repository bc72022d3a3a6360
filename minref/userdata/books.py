"""The official's own things in the user data file: bookmarks, notes and briefing books.

A briefing book is a named, ordered list of sections (a commodity, a country, the rare
earths, the Mexico–U.S. brief, a claim's fact card, a desk query, free text), each with
the official's purpose line, key messages and talking points.  Everything the user types
is stored and printed as plain text, never as markup.  A book travels between colleagues
as one JSON file with a format name and a schema version; a newer or malformed file is
refused and nothing changes.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from dataclasses import asdict, dataclass, field

from minref.errors import explain, quoted
from minref.i18n import N_, _, format_decimal

logger = logging.getLogger(__name__)

EXCHANGE_FORMAT = "minref-briefing-book"
EXCHANGE_VERSION = 1
MAX_EXCHANGE_BYTES = 5_000_000
MAX_TEXT = 20_000  # characters in one text field: a talking point is not a novel
MARKING_WARN = 160  # characters: longer markings still print whole, with a warning

SCHEMA = (
    "CREATE TABLE bookmarks (key TEXT PRIMARY KEY, title TEXT NOT NULL, created TEXT NOT NULL)",
    "CREATE TABLE notes (note_id INTEGER PRIMARY KEY, target TEXT NOT NULL, "
    "figure TEXT NOT NULL DEFAULT '', text TEXT NOT NULL, created TEXT NOT NULL, "
    "updated TEXT NOT NULL)",
    "CREATE INDEX idx_notes_target ON notes (target, figure)",
    "CREATE TABLE books (book_id INTEGER PRIMARY KEY, title TEXT NOT NULL, "
    "marking TEXT NOT NULL DEFAULT '', paper TEXT NOT NULL DEFAULT 'letter', "
    "lang TEXT NOT NULL DEFAULT 'en', audience TEXT NOT NULL DEFAULT '', "
    "purpose TEXT NOT NULL DEFAULT '', key_messages TEXT NOT NULL DEFAULT '', "
    "talking_points TEXT NOT NULL DEFAULT '', created TEXT NOT NULL, updated TEXT NOT NULL, "
    "deleted INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE book_sections (section_id INTEGER PRIMARY KEY, "
    "book_id INTEGER NOT NULL REFERENCES books(book_id), position INTEGER NOT NULL, "
    "kind TEXT NOT NULL, target TEXT NOT NULL DEFAULT '', options TEXT NOT NULL DEFAULT '{}', "
    "title TEXT NOT NULL DEFAULT '', purpose TEXT NOT NULL DEFAULT '', "
    "key_messages TEXT NOT NULL DEFAULT '', talking_points TEXT NOT NULL DEFAULT '', "
    "body TEXT NOT NULL DEFAULT '')",
    "CREATE INDEX idx_book_sections_book ON book_sections (book_id, position)",
)

# The kinds of section a book can hold, and what their target is.
SECTION_KINDS = {  # kind -> what its target is (minref book add --help)
    "commodity": N_("commodity id"),
    "country": N_("ISO3 (the Mexico–United States section)"),
    "rare-earths": "",
    "claim": N_("claim id"),
    "desk": N_("reporter ISO3; options: partner, flow, hs, years"),
    "supply": N_("critical list id (default: the newest U.S. list)"),
    "text": "",
}


class BookError(Exception):
    """A book operation or a book file that cannot be done or read; nothing was changed."""


def create_schema(conn: sqlite3.Connection) -> None:
    """The tables of bookmarks, notes and books (inside the caller's transaction)."""
    for statement in SCHEMA:
        conn.execute(statement)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S")


# What a field is called in the messages below ("the book's talking points").
FIELD_NAMES = {
    ("book", "title"): N_("the title"),
    ("book", "marking"): N_("the marking"),
    ("book", "audience"): N_("the book's audience"),
    ("book", "purpose"): N_("the book's purpose"),
    ("book", "key_messages"): N_("the book's key messages"),
    ("book", "talking_points"): N_("the book's talking points"),
    ("section", "target"): N_("a section's target"),
    ("section", "title"): N_("a section's title"),
    ("section", "purpose"): N_("a section's purpose"),
    ("section", "key_messages"): N_("a section's key messages"),
    ("section", "talking_points"): N_("a section's talking points"),
    ("section", "body"): N_("a section's body"),
    ("star", "key"): N_("the bookmark"),
    ("star", "title"): N_("its title"),
    ("note", "target"): N_("the note's page"),
    ("note", "figure"): N_("the figure"),
    ("note", "text"): N_("the note"),
}


def _text(value, where: tuple[str, str], limit: int = MAX_TEXT) -> str:
    if value is None:
        return ""
    name = _(FIELD_NAMES[where])
    if not isinstance(value, str):
        raise BookError(
            _("{field} must be text, not {type}").format(field=name, type=type(value).__name__)
        )
    if len(value) > limit:
        raise BookError(
            _("{field} is {n} characters long; the limit is {limit}").format(
                field=name, n=format_decimal(len(value)), limit=format_decimal(limit)
            )
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BookError(
            _("{field} holds characters that are not valid text").format(field=name)
        ) from None
    return value


@dataclass
class Section:
    kind: str
    target: str = ""
    options: dict = field(default_factory=dict)
    title: str = ""
    purpose: str = ""
    key_messages: str = ""
    talking_points: str = ""
    body: str = ""
    section_id: int | None = None
    position: int = 0


@dataclass
class Book:
    title: str
    marking: str = ""
    paper: str = "letter"
    lang: str = "en"
    audience: str = ""
    purpose: str = ""
    key_messages: str = ""
    talking_points: str = ""
    sections: list[Section] = field(default_factory=list)
    book_id: int | None = None
    created: str = ""
    updated: str = ""

    def warnings(self) -> list[str]:
        out = []
        if len(self.marking) > MARKING_WARN:
            out.append(
                _(
                    "The marking is {n} characters long; it prints whole on every page, "
                    "but takes several lines."
                ).format(n=len(self.marking))
            )
        return out


BOOK_FIELDS = ("title", "marking", "paper", "lang", "audience", "purpose", "key_messages",
               "talking_points")  # fmt: skip
SECTION_FIELDS = ("kind", "target", "options", "title", "purpose", "key_messages",
                  "talking_points", "body")  # fmt: skip


def check_book(book: Book) -> Book:
    """Refuse a book whose fields are not what minref writes (BookError)."""
    book.title = _text(book.title, ("book", "title"), 500).strip()
    if not book.title:
        raise BookError(_("a book needs a title"))
    book.marking = _text(book.marking, ("book", "marking"), 2000)
    if book.paper not in ("letter", "a4"):
        raise BookError(_("paper {paper}: choose letter or a4").format(paper=quoted(book.paper)))
    if book.lang not in ("en", "es", "fr"):
        raise BookError(_("language {lang}: choose en, es or fr").format(lang=quoted(book.lang)))
    for name in ("audience", "purpose", "key_messages", "talking_points"):
        setattr(book, name, _text(getattr(book, name), ("book", name)))
    for s in book.sections:
        check_section(s)
    return book


def check_section(s: Section) -> Section:
    if s.kind not in SECTION_KINDS:
        raise BookError(
            _("section kind {kind}: choose from {kinds}").format(
                kind=quoted(s.kind), kinds=", ".join(SECTION_KINDS)
            )
        )
    if not isinstance(s.options, dict):
        raise BookError(_("a section's options must be a JSON object"))
    try:
        json.dumps(s.options)
    except (TypeError, ValueError):
        raise BookError(_("a section's options must be plain JSON values")) from None
    s.target = _text(s.target, ("section", "target"), 200)
    for name in ("title", "purpose", "key_messages", "talking_points", "body"):
        setattr(s, name, _text(getattr(s, name), ("section", name)))
    return s


class BookStore:
    """Bookmarks, notes and books in one user data file (a :class:`UserData`)."""

    def __init__(self, user):
        self.user = user
        self.conn: sqlite3.Connection = user.conn

    # ---------------------------------------------------------------- plumbing
    def _write(self, fn):
        """Run fn(conn) in one write transaction; any failure rolls back and says why."""
        from minref.userdata.store import UserDataError

        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            result = fn(conn)
            conn.execute("COMMIT")
            return result
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise UserDataError(
                    _(
                        "Your data file {path} could not be written ({reason}); nothing "
                        "was changed. Check that the file and its folder are writable."
                    ).format(path=self.user.path, reason=explain(exc))
                ) from None
            raise

    def _rows(self, sql: str, params=()) -> list[dict]:
        return self.user._read(sql, params)

    # ---------------------------------------------------------------- bookmarks
    def star(self, key: str, title: str) -> None:
        key, title = _text(key, ("star", "key"), 300), _text(title, ("star", "title"), 500)
        self._write(
            lambda c: c.execute(
                "INSERT OR REPLACE INTO bookmarks (key, title, created) VALUES (?, ?, ?)",
                (key, title, _now()),
            )
        )

    def unstar(self, key: str) -> None:
        self._write(lambda c: c.execute("DELETE FROM bookmarks WHERE key = ?", (key,)))

    def bookmarks(self) -> list[tuple[str, str]]:
        return [
            (r["key"], r["title"])
            for r in self._rows("SELECT key, title FROM bookmarks ORDER BY created, key")
        ]

    def is_starred(self, key: str) -> bool:
        return bool(self._rows("SELECT 1 AS x FROM bookmarks WHERE key = ?", (key,)))

    # ---------------------------------------------------------------- notes
    def set_note(self, target: str, text: str, figure: str = "") -> None:
        """The note on a page (``commodity:silver``) or one figure on it; empty removes it."""
        target = _text(target, ("note", "target"), 300)
        figure = _text(figure, ("note", "figure"), 300)
        text = _text(text, ("note", "text"))

        def write(c):
            c.execute("DELETE FROM notes WHERE target = ? AND figure = ?", (target, figure))
            if text.strip():
                now = _now()
                c.execute(
                    "INSERT INTO notes (target, figure, text, created, updated) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (target, figure, text, now, now),
                )

        self._write(write)

    def notes(self, target: str | None = None) -> list[dict]:
        if target is None:
            return self._rows("SELECT target, figure, text, updated FROM notes ORDER BY target")
        return self._rows(
            "SELECT target, figure, text, updated FROM notes WHERE target = ? ORDER BY figure",
            (target,),
        )

    def search_notes(self, text: str, limit: int = 20) -> list[dict]:
        """Notes whose text holds the words typed (case-insensitive, plain substring)."""
        words = [w for w in text.lower().split() if w]
        if not words:
            return []
        clauses = " AND ".join("lower(text) LIKE ? ESCAPE '\\'" for _ in words)
        params = [
            "%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            for w in words
        ]
        return self._rows(
            f"SELECT target, figure, text FROM notes WHERE {clauses} ORDER BY target LIMIT ?",
            (*params, int(limit)),
        )

    # ---------------------------------------------------------------- books
    def books(self, *, deleted: bool = False) -> list[Book]:
        rows = self._rows(
            "SELECT * FROM books WHERE deleted = ? ORDER BY title COLLATE NOCASE, book_id",
            (1 if deleted else 0,),
        )
        return [self._book(r) for r in rows]

    def _book(self, r: dict) -> Book:
        sections = [
            Section(
                kind=s["kind"],
                target=s["target"],
                options=json.loads(s["options"] or "{}"),
                title=s["title"],
                purpose=s["purpose"],
                key_messages=s["key_messages"],
                talking_points=s["talking_points"],
                body=s["body"],
                section_id=s["section_id"],
                position=s["position"],
            )
            for s in self._rows(
                "SELECT * FROM book_sections WHERE book_id = ? ORDER BY position, section_id",
                (r["book_id"],),
            )
        ]
        return Book(
            **{k: r[k] for k in BOOK_FIELDS},
            sections=sections,
            book_id=r["book_id"],
            created=r["created"],
            updated=r["updated"],
        )

    def get(self, ref: int | str) -> Book:
        """A book by id or by title (case-insensitive); BookError if there is none."""
        if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
            rows = self._rows("SELECT * FROM books WHERE book_id = ? AND deleted = 0", (int(ref),))
        else:
            rows = self._rows(
                "SELECT * FROM books WHERE lower(title) = lower(?) AND deleted = 0 "
                "ORDER BY book_id",
                (ref,),
            )
        if not rows:
            raise BookError(
                _("no briefing book {ref}; {command} lists yours").format(
                    ref=quoted(ref), command=quoted("minref book list")
                )
            )
        return self._book(rows[0])

    def save(self, book: Book) -> Book:
        """Create or replace a book with its sections, in one transaction."""
        check_book(book)

        def write(c):
            now = _now()
            values = [getattr(book, k) for k in BOOK_FIELDS]
            if book.book_id is None:
                cur = c.execute(
                    f"INSERT INTO books ({', '.join(BOOK_FIELDS)}, created, updated) "
                    f"VALUES ({', '.join('?' * len(BOOK_FIELDS))}, ?, ?)",
                    (*values, now, now),
                )
                book.book_id = cur.lastrowid
                book.created = now
            else:
                c.execute(
                    f"UPDATE books SET {', '.join(f'{k} = ?' for k in BOOK_FIELDS)}, "
                    "updated = ? WHERE book_id = ?",
                    (*values, now, book.book_id),
                )
            book.updated = now
            # A section keeps its id from one save to the next (the books page finds the
            # section it is editing by it, whatever was added or moved meanwhile).
            own = {
                r[0]
                for r in c.execute(
                    "SELECT section_id FROM book_sections WHERE book_id = ?", (book.book_id,)
                )
            }
            c.execute("DELETE FROM book_sections WHERE book_id = ?", (book.book_id,))
            keep = []
            for s in book.sections:  # a section listed twice keeps its id once
                keep.append(s.section_id in own)
                own.discard(s.section_id)
            # Those keeping their ids first, so that a new one's id cannot take one of them.
            order = sorted(range(len(book.sections)), key=lambda i: not keep[i])
            for pos in order:
                s = book.sections[pos]
                s.position = pos
                cur = c.execute(
                    "INSERT INTO book_sections "
                    f"(section_id, book_id, position, {', '.join(SECTION_FIELDS)}) "
                    f"VALUES (?, ?, ?, {', '.join('?' * len(SECTION_FIELDS))})",
                    (
                        s.section_id if keep[pos] else None,
                        book.book_id,
                        pos,
                        *[
                            json.dumps(s.options, sort_keys=True)
                            if k == "options"
                            else getattr(s, k)
                            for k in SECTION_FIELDS
                        ],
                    ),
                )
                s.section_id = cur.lastrowid
            return book

        return self._write(write)

    def new(self, title: str, **fields_) -> Book:
        """A new book; printed in the language minref is shown in unless ``lang`` is given."""
        from minref.i18n import LANGUAGES, current_language

        if "lang" not in fields_:
            shown = current_language()
            fields_["lang"] = shown if shown in LANGUAGES else "en"
        return self.save(Book(title=title, **fields_))

    def rename(self, ref, title: str) -> Book:
        book = self.get(ref)
        book.title = title
        return self.save(book)

    def duplicate(self, ref, title: str | None = None) -> Book:
        book = self.get(ref)
        copy = Book(
            **{k: getattr(book, k) for k in BOOK_FIELDS},
            sections=[Section(**{k: getattr(s, k) for k in SECTION_FIELDS}) for s in book.sections],
        )
        copy.title = title or _("{title} (copy)").format(title=book.title)
        return self.save(copy)

    def delete(self, ref) -> Book:
        """Move a book to the deleted ones; :meth:`undelete` brings it back."""
        book = self.get(ref)
        self._write(
            lambda c: c.execute("UPDATE books SET deleted = 1 WHERE book_id = ?", (book.book_id,))
        )
        return book

    def undelete(self, book_id: int) -> Book:
        self._write(
            lambda c: c.execute("UPDATE books SET deleted = 0 WHERE book_id = ?", (book_id,))
        )
        return self.get(book_id)

    def add_section(self, ref, section: Section, position: int | None = None) -> Book:
        book = self.get(ref)
        check_section(section)
        if position is None:
            book.sections.append(section)
        else:
            book.sections.insert(max(0, min(position, len(book.sections))), section)
        return self.save(book)

    def move_section(self, ref, index: int, to: int) -> Book:
        book = self.get(ref)
        if not 0 <= index < len(book.sections):
            raise BookError(_("the book has no section {n}").format(n=index + 1))
        s = book.sections.pop(index)
        book.sections.insert(max(0, min(to, len(book.sections))), s)
        return self.save(book)

    def remove_section(self, ref, index: int) -> Book:
        book = self.get(ref)
        if not 0 <= index < len(book.sections):
            raise BookError(_("the book has no section {n}").format(n=index + 1))
        book.sections.pop(index)
        return self.save(book)


# -------------------------------------------------------------------- exchange file
def to_exchange(book: Book) -> str:
    """The book as one JSON document a colleague can import (no code, no paths)."""
    doc = {
        "format": EXCHANGE_FORMAT,
        "schema_version": EXCHANGE_VERSION,
        "book": {k: getattr(book, k) for k in BOOK_FIELDS},
        "sections": [{k: getattr(s, k) for k in SECTION_FIELDS} for s in book.sections],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def from_exchange(data: bytes | str) -> Book:
    """A book read from an exchange file; BookError (nothing changed) if it is newer,
    malformed or not a minref book."""
    if isinstance(data, bytes):
        if len(data) > MAX_EXCHANGE_BYTES:
            raise BookError(
                _("the file is {size} bytes; a briefing book file is at most {limit}").format(
                    size=format_decimal(len(data)), limit=format_decimal(MAX_EXCHANGE_BYTES)
                )
            )
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise BookError(_("the file is not UTF-8 text: not a minref briefing book")) from None
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise BookError(
            _("the file is not valid JSON ({reason})").format(reason=explain(exc)[:80])
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != EXCHANGE_FORMAT:
        raise BookError(_("the file is not a minref briefing book"))
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BookError(_("the file has no schema version: not a minref briefing book"))
    if version > EXCHANGE_VERSION:
        raise BookError(
            _(
                "the book was written by a newer minref (book schema {version}; this minref "
                "reads up to {supported}); install that version to import it"
            ).format(version=version, supported=EXCHANGE_VERSION)
        )
    head, sections = doc.get("book"), doc.get("sections")
    if not isinstance(head, dict) or not isinstance(sections, list):
        raise BookError(_("the file's book or sections are missing"))
    unknown = set(head) - set(BOOK_FIELDS)
    if unknown:
        raise BookError(
            _("the book has fields minref does not know: {fields}").format(
                fields=", ".join(sorted(unknown))
            )
        )
    try:
        book = Book(**head)
        for i, s in enumerate(sections, start=1):
            if not isinstance(s, dict) or set(s) - set(SECTION_FIELDS):
                raise BookError(_("section {n} is not a minref section").format(n=i))
            book.sections.append(Section(**s))
    except TypeError as exc:
        raise BookError(_("the book is incomplete ({reason})").format(reason=exc)) from None
    return check_book(book)


def book_dict(book: Book) -> dict:
    """The book for --json output."""
    d = asdict(book)
    d["warnings"] = book.warnings()
    return d
