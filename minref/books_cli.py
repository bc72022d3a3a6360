"""``minref book``: briefing books from scripts (new, list, add, note, show, export, import).

The same functions the Books page calls; ``--json`` prints what the page shows.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from minref.errors import quoted
from minref.i18n import _, ngettext

logger = logging.getLogger(__name__)

EXIT_FAILED, EXIT_USAGE = 1, 2
NUMERIC_OPTIONS = ("year", "level", "edition", "min_value")  # every other option stays text


def add_arguments(bk) -> None:
    """The ``minref book`` parser's description, actions and options (in the current
    language: minref.cli sets it before building the parser)."""
    from minref.userdata.books import SECTION_KINDS

    bk.description = _(
        "Compose briefing books in your data file and export them as PDF or as a "
        "JSON file a colleague can import. Text you type is printed literally; lines starting "
        "with '-' or '1.' print as lists. TEXT arguments may be @FILE to read a file."
    )
    bk.add_argument("--data", metavar="PATH", help=_("your data file (default: user data folder)"))
    bsub = bk.add_subparsers(dest="book_command", metavar=_("ACTION"), required=True)
    new = bsub.add_parser("new", help=_("start a book"))
    new.add_argument("title", metavar=_("TITLE"), help=_("the book's title"))
    _book_options(new)
    ls = bsub.add_parser("list", help=_("your books"))
    ls.add_argument("--json", action="store_true", help=_("print JSON (English, plain numbers)"))
    show = bsub.add_parser("show", help=_("a book's sections and notes"))
    show.add_argument("book", metavar=_("BOOK"), help=_("id or title"))
    show.add_argument("--json", action="store_true", help=_("print JSON (English, plain numbers)"))
    add = bsub.add_parser(
        "add",
        help=_("add a section"),
        epilog=_("kinds: {kinds}").format(
            kinds="; ".join(f"{k} ({_(v)})" if v else k for k, v in SECTION_KINDS.items())
        ),
    )
    add.add_argument("book", metavar=_("BOOK"), help=_("id or title"))
    add.add_argument(
        "kind", choices=list(SECTION_KINDS), help=_("what the section shows (kinds below)")
    )
    add.add_argument(
        "target",
        nargs="?",
        default="",
        metavar=_("TARGET"),
        help=_("commodity, ISO3 or claim id"),
    )
    add.add_argument("--position", type=_small_int, help=_("1 = first (default: last)"))
    add.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=_("desk: partner=USA flow=export hs=26; claim: year=2019"),
    )
    _section_texts(add)
    note = bsub.add_parser("note", help=_("set the book's or a section's notes"))
    note.add_argument("book", metavar=_("BOOK"), help=_("id or title"))
    note.add_argument("--section", type=_small_int, help=_("section number (default: the book)"))
    _section_texts(note)
    _book_options(note, new=False)
    mv = bsub.add_parser("move", help=_("move a section"))
    mv.add_argument("book", metavar=_("BOOK"), help=_("id or title"))
    mv.add_argument(
        "section", type=_small_int, metavar=_("SECTION"), help=_("the section's number")
    )
    mv.add_argument("to", type=_small_int, metavar=_("POSITION"), help=_("its new number"))
    rm = bsub.add_parser("remove", help=_("remove a section"))
    rm.add_argument("book", metavar=_("BOOK"), help=_("id or title"))
    rm.add_argument(
        "section", type=_small_int, metavar=_("SECTION"), help=_("the section's number")
    )
    for name, text in (("rename", _("rename a book")), ("duplicate", _("copy a book"))):
        p = bsub.add_parser(name, help=text)
        p.add_argument("book", metavar=_("BOOK"), help=_("id or title"))
        p.add_argument(
            "title",
            nargs="?" if name == "duplicate" else None,
            metavar=_("TITLE"),
            help=_("the new title"),
        )
    de = bsub.add_parser("delete", help=_("delete a book (undo with 'minref book undelete ID')"))
    de.add_argument("book", metavar=_("BOOK"), help=_("id or title"))
    ud = bsub.add_parser("undelete", help=_("bring back a deleted book"))
    ud.add_argument("book_id", type=_small_int, help=_("the deleted book's id"))
    ex = bsub.add_parser("export", help=_("write a book as PDF (.pdf) or exchange file (.json)"))
    ex.add_argument("book", metavar=_("BOOK"), help=_("id or title"))
    ex.add_argument(
        "--out",
        required=True,
        metavar="FILE.pdf|FILE.json",
        help=_("the file to write: the printed book (PDF) or the book to share (JSON)"),
    )
    im = bsub.add_parser("import", help=_("import a colleague's book file (.json)"))
    im.add_argument("file", metavar=_("FILE"), help=_("the book file (.json)"))


def _small_int(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value} is not a whole number").format(value=quoted(text))
        ) from None
    if not 0 <= value <= 10_000:
        raise argparse.ArgumentTypeError(
            _("{value} is out of range ({lo} to {hi})").format(value=value, lo=0, hi=10_000)
        )
    return value


def _book_options(p, new: bool = True) -> None:
    p.add_argument("--marking", help=_("e.g. “For official use only”"))
    p.add_argument("--paper", choices=["letter", "a4"], help=_("paper size"))
    p.add_argument("--lang", dest="book_lang", choices=["en", "es", "fr"], help=_("print language"))
    p.add_argument("--audience", metavar=_("TEXT"), help=_("who the book is for"))
    if new:
        p.add_argument("--purpose", metavar=_("TEXT"), help=_("the purpose line"))
        p.add_argument("--messages", metavar=_("TEXT"), help=_("key messages"))
        p.add_argument("--points", metavar=_("TEXT"), help=_("talking points"))


def _section_texts(p) -> None:
    p.add_argument("--title", metavar=_("TEXT"), help=_("the section's title"))
    p.add_argument("--purpose", metavar=_("TEXT"), help=_("the purpose line"))
    p.add_argument("--messages", metavar=_("TEXT"), help=_("key messages"))
    p.add_argument("--points", metavar=_("TEXT"), help=_("talking points"))
    p.add_argument("--body", metavar=_("TEXT"), help=_("a text section's text"))


def _text(value):
    """TEXT, or the contents of @FILE, or stdin for '-'."""
    if value is None:
        return None
    if value == "-":
        return sys.stdin.read()
    if value.startswith("@"):
        return Path(value[1:]).read_text(encoding="utf-8")
    return value


def _options(pairs: list[str]) -> dict:
    out: dict = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ValueError(_("--option takes KEY=VALUE, not {pair}").format(pair=quoted(pair)))
        if key == "years":
            lo, _sep, hi = value.partition("-")
            out[key] = [int(lo), int(hi or lo)]
        elif key in NUMERIC_OPTIONS:
            if not value.isdigit() or len(value) > 6:
                raise ValueError(
                    _("--option {key} takes a whole number, not {value}").format(
                        key=key, value=quoted(value)
                    )
                )
            out[key] = int(value)
        elif value.lower() in ("true", "false"):
            out[key] = value.lower() == "true"
        else:
            out[key] = value
    return out


def _store(args):
    from minref.userdata.books import BookStore
    from minref.userdata.store import UserData

    return BookStore(UserData(args.data))


def _note(text: str) -> str:
    return _("note: {text}").format(text=text)


def _print_book(book) -> None:
    print(f"[{book.book_id}] {book.title}  ({book.paper}, {book.lang})")
    for label, value in (
        (_("marking"), book.marking),
        (_("audience"), book.audience),
        (_("purpose"), book.purpose),
        (_("key messages"), book.key_messages),
        (_("talking points"), book.talking_points),
    ):
        if value:
            print(f"  {label}: {value}")
    for i, s in enumerate(book.sections, start=1):
        what = f"{s.kind} {s.target}".strip()
        print(f"  {i}. {s.title or what}" + (f"  ({what})" if s.title else ""))
        for label, value in (
            (_("purpose"), s.purpose),
            (_("key messages"), s.key_messages),
            (_("talking points"), s.talking_points),
            (_("text"), s.body),
        ):
            if value:
                print(f"       {label}: {value}")
    for w in book.warnings():
        print("  " + _note(w))


def run(args, open_catalog) -> int:
    """Run one ``minref book`` action; open_catalog() gives the catalog when one is needed."""
    from minref.userdata.books import Book, BookError, Section, book_dict, from_exchange
    from minref.userdata.store import UserDataError

    act = args.book_command
    try:
        store = _store(args)
        if act == "new":
            book = store.save(
                Book(
                    title=args.title,
                    marking=args.marking or "",
                    paper=args.paper or "letter",
                    lang=args.book_lang or "en",
                    audience=_text(args.audience) or "",
                    purpose=_text(args.purpose) or "",
                    key_messages=_text(args.messages) or "",
                    talking_points=_text(args.points) or "",
                )
            )
            print(_("book {id}: {title}").format(id=book.book_id, title=book.title))
            for w in book.warnings():
                print(_note(w))
            return 0
        if act == "list":
            books = store.books()
            if args.json:
                print(json.dumps([book_dict(b) for b in books], ensure_ascii=False, indent=2))
            elif not books:
                print(_("No briefing books yet: minref book new TITLE"))
            for b in [] if args.json else books:
                n = len(b.sections)
                sections = ngettext("{n} section", "{n} sections", n).format(n=n)
                print(f"[{b.book_id}] {b.title}  ({sections})")
            return 0
        if act == "undelete":
            book = store.undelete(args.book_id)
            print(_("book {id} restored: {title}").format(id=book.book_id, title=book.title))
            return 0
        if act == "import":
            path = Path(args.file)
            if not path.is_file():
                raise BookError(_("{file} is not a file").format(file=args.file))
            book = store.save(from_exchange(path.read_bytes()))
            n = len(book.sections)
            print(
                ngettext(
                    "imported book {id}: {title} ({n} section)",
                    "imported book {id}: {title} ({n} sections)",
                    n,
                ).format(id=book.book_id, title=book.title, n=n)
            )
            return 0
        book = store.get(args.book)
        if act == "show":
            if args.json:
                print(json.dumps(book_dict(book), ensure_ascii=False, indent=2))
            else:
                _print_book(book)
            return 0
        if act == "add":
            cat = open_catalog()
            target = args.target
            if args.kind == "commodity":
                target = cat.resolve_commodity(target)
            elif args.kind in ("country", "desk"):
                target = cat.resolve_country(target or "MEX")
            section = Section(
                kind=args.kind,
                target=target,
                options=_options(args.option),
                title=_text(args.title) or "",
                purpose=_text(args.purpose) or "",
                key_messages=_text(args.messages) or "",
                talking_points=_text(args.points) or "",
                body=_text(args.body) or "",
            )
            pos = None if args.position is None else max(0, args.position - 1)
            book = store.add_section(book.book_id, section, pos)
            print(
                _("book {id}: section {n} added ({kind})").format(
                    id=book.book_id, n=len(book.sections), kind=args.kind
                )
            )
            return 0
        if act == "note":
            if args.section:
                if not 1 <= args.section <= len(book.sections):
                    n = len(book.sections)
                    raise BookError(
                        ngettext("the book has {n} section", "the book has {n} sections", n).format(
                            n=n
                        )
                    )
                target = book.sections[args.section - 1]
            else:
                target = book
                for name in ("marking", "paper", "audience"):
                    if getattr(args, name, None) is not None:
                        setattr(book, name, _text(getattr(args, name)))
                if args.book_lang:
                    book.lang = args.book_lang
            for arg, field in (
                ("title", "title"),
                ("purpose", "purpose"),
                ("messages", "key_messages"),
                ("points", "talking_points"),
                ("body", "body"),
            ):
                value = _text(getattr(args, arg))
                if value is not None and hasattr(target, field):
                    setattr(target, field, value)
            store.save(book)
            print(_("book {id} saved").format(id=book.book_id))
            return 0
        if act == "move":
            store.move_section(book.book_id, args.section - 1, args.to - 1)
        elif act == "remove":
            store.remove_section(book.book_id, args.section - 1)
        elif act == "rename":
            store.rename(book.book_id, args.title)
        elif act == "duplicate":
            copy = store.duplicate(book.book_id, args.title)
            print(_("book {id}: {title}").format(id=copy.book_id, title=copy.title))
            return 0
        elif act == "delete":
            store.delete(book.book_id)
            print(
                _("book {id} deleted; 'minref book undelete {id}' undoes it").format(
                    id=book.book_id
                )
            )
            return 0
        elif act == "export":
            return _export(args, book, open_catalog, store)
        print(_("book {id} saved").format(id=book.book_id))
        return 0
    except (BookError, UserDataError, ValueError, OSError) as exc:
        problem = str(exc).rstrip(".")
        print(
            "minref: " + _("{problem}; nothing was changed.").format(problem=problem),
            file=sys.stderr,
        )
        return EXIT_FAILED


def _export(args, book, open_catalog, store) -> int:
    from minref.userdata.books import to_exchange

    out = args.out
    if out.lower().endswith(".json"):
        from minref.files import atomic_write_text

        atomic_write_text(out, to_exchange(book))
        print(_("wrote {path}: {title}").format(path=out, title=book.title))
        return 0
    if not out.lower().endswith(".pdf"):
        print("minref: " + _("--out must end in .pdf or .json"), file=sys.stderr)
        return EXIT_USAGE
    from minref.analysis.trade import TradeData
    from minref.briefing.book import book_pdf
    from minref.briefing.document import BriefWriteError

    cat = open_catalog()
    try:
        path = book_pdf(cat, TradeData(cat, store.user), book, out)
    except BriefWriteError as exc:
        print(f"minref: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(_("wrote {path}: {title}").format(path=path, title=book.title))
    for w in book.warnings():
        print(_note(w))
    return 0
