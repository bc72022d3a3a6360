"""minref's one entry point: the desktop app by default, headless sub-commands otherwise.

The sub-commands call the same catalog functions as the GUI, so whatever the GUI
shows, ``minref ... --json`` can print.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import re
import sqlite3
import sys
from dataclasses import asdict, is_dataclass
from dataclasses import fields as dataclass_fields
from pathlib import Path

from minref import __version__
from minref.errors import quoted
from minref.i18n import (
    N_,
    NP_,
    _,
    format_decimal,
    format_fixed,
    format_percent,
    ngettext,
    pgettext,
)

logger = logging.getLogger(__name__)

EXIT_USAGE = 2  # unknown name, bad arguments
EXIT_CATALOG = 3  # catalog missing, damaged or too new
EXIT_FAILED = 1  # a check failed


def _err(text: str) -> None:
    """One line on stderr: "minref: " and the message (already in the reader's language)."""
    print(f"minref: {text}", file=sys.stderr)


_UNKNOWN = {
    "commodity": N_("No commodity called {name} in the catalog."),
    "country": N_("No country called {name} in the catalog."),
    "rare earth element": N_("No rare earth element called {name} in the catalog."),
}


def _unknown_name(exc, args=None) -> str:
    """A name the catalog does not know, in the reader's language, with close matches
    (named in that language too: "¿Quiso decir: Plata?")."""
    template = _UNKNOWN.get(exc.kind)
    if not template:
        return str(exc)
    names = list(exc.suggestions)
    if names and args is not None and exc.kind in ("commodity", "country"):
        try:
            cat = _open(args)
            if exc.kind == "commodity":
                names = [cat.commodity_name(cat.resolve_commodity(n)) for n in names]
            else:  # "Mexico (MEX)": the name in the reader's language, the code kept
                names = [
                    f"{cat.country_name(code)} ({code})"
                    for code in (n.rsplit("(", 1)[-1].rstrip(")") for n in names)
                ]
        except Exception as why:  # the English names are still a good answer
            logger.debug("suggestions left as given: %s", why)
            names = list(exc.suggestions)
    text = _(template).format(name=quoted(exc.name))
    if names:
        text += " " + _("Did you mean: {names}?").format(names=", ".join(names))
    return text


def _to_jsonable(obj):
    if is_dataclass(obj) and not isinstance(obj, type):
        from minref.catalog.models import Figure

        data = {f.name: _to_jsonable(getattr(obj, f.name)) for f in dataclass_fields(obj)}
        if isinstance(obj, Figure):
            data.update(_note_parts(obj.note))
        return data
    if isinstance(obj, dict):
        return {k: _to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_to_jsonable(v) for v in obj]
    return obj


def _note_parts(note: str) -> dict:
    """A figure's note for scripts, each part as whose words it is: ``note`` stays the
    catalog's (minref's additions first, then the source's); ``note_as_published`` is the
    source's words alone; ``minref_notes`` lists minref's additions, each its kind and
    fields (a correction's old value and where USGS published it, a qualifier, ...)."""
    from minref.catalog.flags import split_note

    additions, published = split_note(note)
    return {
        "note_as_published": published,
        "minref_notes": [{"kind": kind, **parts} for kind, parts in additions],
    }


def _print_json(data) -> None:
    json.dump(_to_jsonable(data), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _bounded_int(lo: int, hi: int, message: str):
    """An argparse type: an integer from lo to hi, else one clear usage message (``message``
    a template with {lo}, {hi} and {value}, marked with N_)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                _("{value} is not a whole number").format(value=quoted(text))
            ) from None
        if not lo <= value <= hi:
            shown = text if len(text) <= 24 else text[:20] + "…"
            raise argparse.ArgumentTypeError(_(message).format(lo=lo, hi=hi, value=shown))
        return value

    return parse


YEAR = _bounded_int(1800, 2200, N_("a year must be from {lo} to {hi}, not {value}"))
_EDITION_YEAR = _bounded_int(
    1900, 2200, N_("an MCS edition must be from {lo} to {hi}, not {value}")
)


def edition_arg(text: str) -> int:
    """An argparse type: an MCS edition written "2025", "MCS 2025" or "mcs2025" (as the
    catalog and the briefs name editions), else the year's usage message."""
    from minref.analysis.text import parse_edition

    year = parse_edition(text)
    if year is not None:
        return _EDITION_YEAR(str(year))
    if text.strip().isdigit():  # a number, not a year: the range's message
        return _EDITION_YEAR(text)
    shown = text if len(text) <= 24 else text[:20] + "…"
    raise argparse.ArgumentTypeError(
        _("{value} is not an MCS edition (write MCS 2025, or 2025)").format(value=quoted(shown))
    )


EDITION = edition_arg
LIMIT = _bounded_int(0, 10_000_000, N_("the limit must be from {lo} to {hi}, not {value}"))

# Options of minref itself that take a value (before the sub-command, or after it).
_TAKES_VALUE = {"--catalog", "--lang"}
LANGS = ["en", "es", "fr", "pseudo"]

# Sub-commands whose actions have a --lang of their own (the book's print language), and
# the options of the sub-command that take a value before its action: there, after such
# an action, --lang is the action's and minref's language comes before it.  The parser
# itself adds minref's options only where an action has no option of that name
# (_add_minref_options); tests/test_cli_options_after.py holds this table to it.
_OWN_LANG = {"book": {"new", "note"}}
_GROUP_TAKES_VALUE = {"book": {"--data"}}


def _before_command(argv: list[str]) -> tuple[list[str], str | None]:
    """The arguments before the sub-command and the sub-command's name (None if none)."""
    prev = ""
    for i, a in enumerate(argv):
        if a == "--":
            return argv[:i], None
        if not a.startswith("-") and prev not in _TAKES_VALUE:
            return argv[:i], a
        prev = a
    return list(argv), None


def _lang_option(argv: list[str]) -> str | None:
    """The value of minref's ``--lang`` (``--lang es``, ``--lang=es``), before the
    sub-command or after it; the later wins, as in argparse.  A value argparse will refuse
    (``--lang de``) is passed over, so its error is in the language chosen otherwise.
    After an action with a --lang of its own (``minref book new T --lang es``) it is the
    action's."""
    head, command = _before_command(argv)
    own = _OWN_LANG.get(command or "", set())
    takes_value = _TAKES_VALUE | _GROUP_TAKES_VALUE.get(command or "", set())
    found = None
    action = None  # the sub-command's action (book's "new"), once seen
    prev = ""
    for i, a in enumerate(argv):
        if a == "--":
            break
        if i > len(head) and own and action is None:
            if not a.startswith("-") and prev not in takes_value:
                action = a
        if action not in own:
            value = None
            if prev == "--lang":
                value = a
            elif a.startswith("--lang="):
                value = a.split("=", 1)[1]
            if value in LANGS:
                found = value
        prev = a
    return found


def _wants_subcommand(argv: list[str]) -> bool:
    """Whether the command line names a sub-command or asks for help (the desktop app,
    started with no sub-command, skips building them: start-up stays quick)."""
    head, command = _before_command(argv)
    return command is not None or any(a in ("-h", "--help") for a in head)


# ------------------------------------------------------------------ argparse in the language
# argparse's own words, translated through minref's catalog in the context "argparse"
# (argparse looks them up through its module-level gettext: see _install_argparse_words).
ARGPARSE_WORDS = (
    NP_("argparse", "usage: "),
    NP_("argparse", "positional arguments"),
    NP_("argparse", "options"),
    NP_("argparse", "show this help message and exit"),
    NP_("argparse", "%(prog)s: error: %(message)s\n"),
    NP_("argparse", "argument %(argument_name)s: %(message)s"),
    NP_("argparse", "invalid choice: %(value)r (choose from %(choices)s)"),
    NP_("argparse", "invalid %(type)s value: %(value)r"),
    NP_("argparse", "the following arguments are required: %s"),
    NP_("argparse", "unrecognized arguments: %s"),
    NP_("argparse", "expected one argument"),
    NP_("argparse", "expected at most one argument"),
    NP_("argparse", "expected at least one argument"),
    NP_("argparse", "not allowed with argument %s"),
    NP_("argparse", "one of the arguments %s is required"),
    NP_("argparse", "ambiguous option: %(option)s could match %(matches)s"),
    NP_("argparse", "ignored explicit argument %r"),
    NP_("argparse", "unexpected option string: %s"),
    NP_("argparse", "unknown parser %(parser_name)r (choices: %(choices)s)"),
)
_PERCENT = re.compile(r"%\(\w+\)[sr]|%[sr]")
_REPR_FIELD = re.compile(r"%\(\w+\)r|%r")


class _Parser(argparse.ArgumentParser):
    """argparse, the choices it lists for a value not among them each in the reader's
    quotation marks (argparse joins their repr()s: 'catalog', 'show')."""

    def _check_value(self, action, value):
        if action.choices is not None and value not in action.choices:
            msg = _argparse_gettext("invalid choice: %(value)r (choose from %(choices)s)")
            choices = ", ".join(quoted(c) for c in action.choices)
            raise argparse.ArgumentError(action, msg % {"value": value, "choices": choices})
        return None


def _argparse_gettext(message: str) -> str:
    """argparse's message in the current language; the pseudo-locale keeps its %-fields."""
    from minref import i18n

    if i18n.current_language() != i18n.PSEUDO:
        # a value argparse cites with %r goes in the reader's quotation marks, not repr()'s
        return _REPR_FIELD.sub(
            lambda m: quoted(m[0][:-1] + "s"), i18n.pgettext("argparse", message)
        )
    fields = _PERCENT.findall(message)
    body = message.rstrip("\n")
    for n, f in enumerate(fields):
        body = body.replace(f, f"{{{n}}}", 1)
    shown = i18n.pseudo(body)
    for n, f in enumerate(fields):
        shown = shown.replace(f"{{{n}}}", f, 1)
    return shown + message[len(message.rstrip("\n")) :]


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    return _argparse_gettext(singular if n == 1 else plural)


def _install_argparse_words() -> None:
    """Route argparse's own words ("usage:", "options", its error lines) through minref's
    catalog: argparse calls its module's ``_`` and ``ngettext`` when it formats them."""
    argparse._ = _argparse_gettext
    argparse.ngettext = _argparse_ngettext


# ------------------------------------------------------------------ the sub-commands
def _catalog_parser(cat) -> None:
    csub = cat.add_subparsers(dest="catalog_command", metavar=_("ACTION"), required=True)
    r = csub.add_parser("refresh", help=_("rebuild db/ tables from the raw source files"))
    r.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="DIR",
        help=_("the raw data folder (shared/data)"),
    )
    r.add_argument("--db", metavar="DIR", help=_("db/ folder to write (default: the project's)"))
    b = csub.add_parser("build", help=_("build catalog.sqlite from db/"))
    b.add_argument("--db", metavar="DIR", help=_("db/ folder to read (default: the project's)"))
    b.add_argument("--out", metavar="PATH", help=_("where to write (default: the user cache)"))
    v = csub.add_parser("verify", help=_("check the catalog's integrity and content hash"))
    v.add_argument("--json", action="store_true", help=_("print JSON (English, plain numbers)"))
    a = csub.add_parser("audit", help=_("check rankings, totals, units, cells and headlines"))
    a.add_argument(
        "--from", dest="source", metavar="DIR", help=_("raw data folder: count its cells")
    )
    a.add_argument("--all", action="store_true", help=_("list accepted findings too"))
    i = csub.add_parser("info", help=_("editions, row counts and sources"))
    i.add_argument("--json", action="store_true", help=_("print JSON (English, plain numbers)"))
    i.add_argument("--verbose", action="store_true", help=_("also the project's curation notes"))


def _screenshot_parser(shot) -> None:
    from minref.ui.pages import PAGES

    shot.add_argument(
        "--page",
        default="commodity:silver",
        help=_("the page to render: {pages}").format(
            pages=", ".join(
                [f"{k.kind}:{k.arg_help}" if k.arg_help else k.kind for k in PAGES.values()]
                + ["search:TEXT"]
            )
        ),
    )
    shot.add_argument("--size", default="1366x768", help=_("WIDTHxHEIGHT in pixels"))
    shot.add_argument(
        "--theme",
        choices=["light", "dark", "system"],
        default="light",
        help=_("colours (default: light)"),
    )
    shot.add_argument("--out", required=True, metavar="FILE.png", help=_("the picture to write"))


def _chart_parser(ch) -> None:
    from minref.analysis.charts import CHART_KINDS

    ch.epilog = _("kinds: {kinds}").format(
        kinds="; ".join(f"{k.id}: {k.label_text}" for k in CHART_KINDS.values())
    )
    ch.add_argument("kind", metavar=_("KIND"), help=", ".join(CHART_KINDS))
    ch.add_argument(
        "commodity",
        nargs="?",
        default="rare-earths",
        metavar=_("COMMODITY"),
        help=_("commodity id or name (EN/ES/FR)"),
    )
    ch.add_argument("--year", type=YEAR, help=_("year (ranking)"))
    ch.add_argument("--edition", type=EDITION, help=_("MCS edition (ranking)"))
    ch.add_argument("--country", metavar="ISO3", default="MEX", help=_("country to highlight"))
    ch.add_argument("--hs", help=_("HS heading (trade)"))
    ch.add_argument(
        "--out",
        required=True,
        metavar="FILE.{png,svg,csv}",
        help=_("the file to write: a picture (PNG, SVG) or the chart's figures (CSV)"),
    )


def _brief_parser(br) -> None:
    from minref.briefing import kinds as brief_kinds

    br.epilog = _("kinds: {kinds}").format(
        kinds="; ".join(
            f"{k.id}{' (' + ', '.join(k.aliases) + ')' if k.aliases else ''}: {k.title()}"
            for k in brief_kinds.BRIEF_KINDS.values()
        )
    )
    br.add_argument("what", choices=brief_kinds.names(), help=", ".join(brief_kinds.names()))
    br.add_argument(
        "target",
        nargs="?",
        default="",
        metavar=_("TARGET"),
        help=_("commodity (id or name), country (MEX), or comma-separated ids"),
    )
    br.add_argument(
        "--paper",
        choices=["letter", "a4"],
        default="letter",
        help=_("paper size (default: letter)"),
    )
    text = _("TEXT")
    br.add_argument("--marking", default="", metavar=text, help=_("e.g. “For official use only”"))
    br.add_argument("--title", default="", metavar=text, help=_("a title of your own"))
    br.add_argument("--note", default="", metavar=text, help=_("a note printed under the title"))
    br.add_argument("--out", required=True, metavar="FILE.pdf", help=_("the PDF file to write"))


def _claims_parser(cl) -> None:
    from minref.analysis.claims import BASKETS, CLAIMS, DEFAULT_BASKET

    cl.add_argument("--year", type=YEAR, help=_("trade year for claims 1 and 2 (default: latest)"))
    cl.add_argument(
        "--exclude-precious", action="store_true", help=_("claim 1 without gold and silver")
    )
    cl.add_argument("--edition", type=EDITION, help=_("MCS edition for claim 3 (default: newest)"))
    cl.add_argument(
        "--count",
        choices=["commodities", "lines"],
        default="commodities",
        help=_("claim 3: count commodities or production lines"),
    )
    cl.add_argument(
        "--mine-only", action="store_true", help=_("claim 3: mine production only (the default)")
    )
    cl.add_argument("--any-line", action="store_true", help=_("claim 3: any production line"))
    cl.add_argument(
        "--basket",
        choices=list(BASKETS),
        help=_("claims 1 and 2: product basket (default: {basket})").format(basket=DEFAULT_BASKET),
    )
    cl.add_argument(
        "--min-value", type=_amount, metavar="US$", help=_("claim 2: count headings above this")
    )
    cl.add_argument(
        "--tolerance", type=_amount, metavar="POINTS", help=_("claim 1: reproduced within ±this")
    )
    cl.add_argument("--data", metavar="PATH", help=_("your data file (default: user data folder)"))
    cl.add_argument("--json", action="store_true", help=_("print JSON (English, plain numbers)"))
    cl.add_argument(
        "--card",
        choices=list(CLAIMS),
        help=_("write this claim's fact card as a PDF (with --out, --paper, --marking)"),
    )
    cl.add_argument("--out", metavar="FILE.pdf", help=_("the fact card's file (with --card)"))
    cl.add_argument(
        "--paper",
        choices=["letter", "a4"],
        default="letter",
        help=_("paper size (default: letter)"),
    )
    cl.add_argument("--marking", default="", help=_("e.g. “For official use only”"))


def _import_parser(im) -> None:
    im.add_argument(
        "file",
        nargs="?",
        metavar=_("FILE"),
        help=_(
            "UN Comtrade or CEPII BACI CSV (also zipped as downloaded), Census API JSON/CSV "
            "or USITC DataWeb CSV"
        ),
    )
    im.add_argument("--yes", action="store_true", help=_("commit after the preview without asking"))
    im.add_argument("--data", metavar="PATH", help=_("your data file (default: user data folder)"))
    im.add_argument("--list", action="store_true", help=_("list your imports"))
    im.add_argument("--remove", type=int, metavar="ID", help=_("remove import ID and all its rows"))
    im.add_argument(
        "--year",
        type=int,
        action="append",
        metavar="YEAR",
        help=_("BACI zip: import only this year's file (repeat for more)"),
    )
    im.add_argument("--json", action="store_true", help=_("print JSON (English, plain numbers)"))


def _show_parser(s) -> None:
    s.add_argument("commodity", metavar=_("COMMODITY"), help=_("commodity id or name (EN/ES/FR)"))
    s.add_argument("--edition", type=EDITION, help=_("MCS edition (default: newest with data)"))
    s.add_argument("--year", type=YEAR, help=_("world production year the edition holds"))
    s.add_argument("--json", action="store_true", help=_("print JSON (English, plain numbers)"))


def _country_parser(c) -> None:
    c.add_argument("iso3", help=_("ISO 3166 alpha-3 code or country name"))
    c.add_argument("--json", action="store_true", help=_("print JSON (English, plain numbers)"))


def _search_parser(q) -> None:
    q.add_argument(
        "text", metavar=_("TEXT"), help=_("what to look for, in English, Spanish or French")
    )
    q.add_argument("--limit", type=LIMIT, default=20, help=_("at most this many results"))
    q.add_argument("--json", action="store_true", help=_("print JSON (English, plain numbers)"))


def _trade_parser(t) -> None:
    t.add_argument("--reporter", required=True, metavar="ISO3", help=_("the declaring country"))
    t.add_argument("--partner", metavar="ISO3", help=_("the partner country (default: all)"))
    t.add_argument(
        "--hs", metavar="CODE", type=_hs_code, help=_("HS code or prefix (2846, 28.46, 7106.91)")
    )
    t.add_argument("--year", type=YEAR, help=_("one year (default: every year held)"))
    t.add_argument(
        "--flow",
        choices=["export", "import", "re_export", "re_import"],
        help=_("one flow (default: every flow; the views: export)"),
    )
    t.add_argument("--limit", type=LIMIT, default=0, help=_("at most this many rows"))
    t.add_argument("--data", metavar="PATH", help=_("your data file (default: user data folder)"))
    view = t.add_mutually_exclusive_group()
    view.add_argument(
        "--table", action="store_true", help=_("HS x year table (chapters, headings)")
    )
    view.add_argument("--shares", action="store_true", help=_("every partner's share of --hs"))
    view.add_argument(
        "--mirror", action="store_true", help=_("reporter's exports vs partner's imports")
    )
    view.add_argument("--coverage", action="store_true", help=_("flows held by chapter and year"))
    t.add_argument("--json", action="store_true", help=_("print JSON (English, plain numbers)"))


def _data_parser(d) -> None:
    dsub = d.add_subparsers(dest="data_command", metavar=_("ACTION"), required=True)
    dk = dsub.add_parser("keygen", help=_("make an Ed25519 key pair for signing packs"))
    dk.add_argument("--out", required=True, metavar="DIR", help=_("the folder for the keys"))
    dk.add_argument("--name", default="minref-signing", help=_("file name of the keys (NAME.key)"))
    dm = dsub.add_parser("make-pack", help=_("make a signed pack from raw files or db/ tables"))
    dm.add_argument("--from", dest="source", metavar="RAW_DIR", help=_("raw data (shared/data)"))
    dm.add_argument("--from-db", metavar="DIR", help=_("a curated db/ folder instead"))
    dm.add_argument(
        "--key", required=True, metavar="PRIVATE_KEY", help=_("the private key that signs")
    )
    dm.add_argument("--out", required=True, metavar="FILE.minrefpack", help=_("the pack to write"))
    dm.add_argument("--update", action="store_true", help=_("an update: adds or replaces sources"))
    dm.add_argument("--sources", metavar="ID,ID", help=_("update: only these sources' rows"))
    dm.add_argument("--label", help=_("e.g. “MCS 2027” or “errata of March”"))
    dm.add_argument("--min-minref", metavar="VERSION", help=_("oldest minref that may install it"))
    for name, text in (
        ("verify", _("check a pack")),
        ("install", _("check and install a pack")),
    ):
        dv = dsub.add_parser(name, help=text)
        dv.add_argument("file", metavar="FILE.minrefpack", help=_("the pack"))
        dv.add_argument(
            "--max-size", type=float, metavar="MB", help=_("size limit (default: 256 MB)")
        )
    dsub.add_parser("rollback", help=_("return to the previous catalog"))
    ds = dsub.add_parser("status", help=_("the pack in use and those kept for rollback"))
    ds.add_argument("--json", action="store_true", help=_("print JSON (English, plain numbers)"))
    dd = dsub.add_parser("diff", help=_("what changed between two MCS editions"))
    dd.add_argument(
        "--from",
        dest="from_edition",
        required=True,
        metavar="EDITION",
        help=_("the older edition: MCS YYYY, or the year alone"),
    )
    dd.add_argument(
        "--to",
        dest="to_edition",
        required=True,
        metavar="EDITION",
        help=_("the newer edition: MCS YYYY, or the year alone"),
    )
    dd.add_argument("--old-catalog", metavar="PATH", help=_("take --from from this catalog"))
    dd.add_argument(
        "--threshold",
        type=_amount,
        default=1.0,
        metavar="PCT",
        help=_("smallest revision shown, in percent (default: 1)"),
    )
    dd.add_argument("--limit", type=LIMIT, default=40, help=_("lines per section (text)"))
    dd.add_argument("--csv", metavar="FILE.csv", help=_("write the changes as CSV"))
    dd.add_argument("--json", action="store_true", help=_("print JSON (English, plain numbers)"))


def _supply_parser(su) -> None:
    # The lists held are the catalog's: an id it does not hold is answered with those it does.
    su.add_argument(
        "--list",
        metavar="LIST",
        help=_("a critical-mineral list by id (default: the newest U.S. list)"),
    )
    su.add_argument("--without", metavar="ISO3|GROUP", help=_("what-if without a country or group"))
    su.add_argument("--json", action="store_true", help=_("print JSON (English, plain numbers)"))


def _book_parser(bk) -> None:
    from minref.books_cli import add_arguments

    add_arguments(bk)


# name -> (its line in --help, what adds its arguments); the order of minref --help.
SUBCOMMANDS = {
    "catalog": (N_("refresh, build, verify or describe the catalog"), _catalog_parser),
    "screenshot": (N_("render a page of the app offscreen to PNG"), _screenshot_parser),
    "chart": (N_("draw a chart to PNG (2x), SVG or CSV"), _chart_parser),
    "brief": (N_("write a PDF briefing"), _brief_parser),
    "claims": (N_("check the seed claims against the catalog"), _claims_parser),
    "import": (
        N_("import a trade file into your own data (not the catalog); list or remove imports"),
        _import_parser,
    ),
    "show": (N_("a commodity profile (id or name in EN/ES/FR)"), _show_parser),
    "country": (N_("a country's standing across commodities"), _country_parser),
    "search": (N_("search commodities, elements, countries and HS codes"), _search_parser),
    "trade": (N_("trade flows by reporter, partner, HS code and year"), _trade_parser),
    "data": (N_("signed data packs: make, verify, install, roll back, diff"), _data_parser),
    "supply": (
        N_("North American supply: U.S. reliance, China's share, USMCA shares"),
        _supply_parser,
    ),
    "book": (
        N_("briefing books: your own notes and talking points around minref's sections"),
        _book_parser,
    ),
}


ALL = "*"  # build_parser(command=ALL): every sub-command with its arguments


def build_parser(subcommands: bool = True, command: str | None = ALL) -> argparse.ArgumentParser:
    """The command line's parser, in the current language.

    Every sub-command is listed; only ``command``'s arguments are added (None: none, for
    ``minref --help``), since adding some imports their modules: ``minref brief`` does not
    load the claims. ``subcommands=False``: the desktop app's parser, without them."""
    p = _Parser(
        prog="minref",
        description=_(
            "Offline reference on minerals, critical minerals and rare earths, "
            "centred on the Mexico-United States relationship."
        ),
        epilog=_(
            "--catalog, --debug and --lang may also follow the command "
            "(minref show silver --lang es); given twice, the later wins. "
            "After book new or book note, --lang is the book's print language: "
            "put minref's before the action (minref --lang es book new TITLE --lang fr)."
        )
        if subcommands
        else None,
    )
    p.add_argument(
        "--version",
        action="version",
        version=f"minref {__version__}",
        help=_("show minref's version and exit"),
    )
    _minref_options(p, ["--catalog", "--debug", "--lang"])
    p.add_argument(
        "--self-test",
        action="store_true",
        help=_(
            "check that this installation works (catalog, search, a page, a PDF, "
            "user folders); one line per check, non-zero exit on failure"
        ),
    )
    if not subcommands:
        p.set_defaults(command=None)
        return p
    sub = p.add_subparsers(dest="command", metavar=_("COMMAND"))
    for name, (text, add_arguments) in SUBCOMMANDS.items():
        sp = sub.add_parser(name, help=_(text), description=_(text))
        if command in (ALL, name):
            add_arguments(sp)
            _add_minref_options(sp)
    return p


def _minref_options(p, names: list[str], default=None) -> None:
    """minref's own options ``names`` on parser (or group) ``p``."""
    if "--catalog" in names:
        p.add_argument(
            "--catalog", metavar="PATH", default=default, help=_("use this catalog.sqlite")
        )
    if "--debug" in names:
        p.add_argument(
            "--debug",
            action="store_true",
            default=False if default is None else default,
            help=_("log details (and a start-up timeline)"),
        )
    if "--lang" in names:
        p.add_argument(
            "--lang",
            choices=LANGS,
            default=default,
            help=_(
                "language of the app, messages and briefs (default: setting, then system locale)"
            ),
        )


def _add_minref_options(p) -> None:
    """minref's --catalog, --debug and --lang after the sub-command too (``minref show
    silver --lang es``), on the sub-command's parser and each of its actions', wherever
    one has no option of that name: ``book new --lang`` stays the book's print language.
    Not given there, they leave the value given before the sub-command (SUPPRESS); given
    both before and after, the later wins, as argparse does."""
    names = [o for o in ("--catalog", "--debug", "--lang") if o not in p._option_string_actions]
    if names:
        _minref_options(p.add_argument_group(_("minref's options")), names, argparse.SUPPRESS)
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in {id(s): s for s in action.choices.values()}.values():
                _add_minref_options(sub)
    if p._option_string_actions.get("--lang") and p._option_string_actions["--lang"].dest != "lang":
        p.epilog = "\n".join(
            t
            for t in (
                p.epilog,
                _("--lang here is the book's print language; minref's comes before the action."),
            )
            if t
        )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    from minref import i18n

    # The language before the parser: --help, argparse's own words and its errors are in
    # it. JSON output stays locale-free (English, plain numbers) whatever the language.
    head, command = _before_command(argv)
    wants_json = "--json" in argv[len(head) :]
    i18n.set_language("en" if wants_json else i18n.resolve_language(_lang_option(argv)))
    _install_argparse_words()
    wanted = command if command in SUBCOMMANDS else None
    args = build_parser(_wants_subcommand(argv), wanted).parse_args(argv)
    if args.command is not None or args.self_test:
        # minref.launch paused the garbage collector for start-up; a command (an import of
        # millions of rows, a pack of briefs) runs with it.  The desktop app switches it
        # on itself once its first page is complete (minref.ui.app.run_gui).
        gc.enable()
    if args.command is not None:
        logging.basicConfig(
            level=logging.DEBUG if args.debug else logging.WARNING,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
    try:
        code = _dispatch(args)
        sys.stdout.flush()  # a closed pipe (minref show silver | head) shows up here
        return code
    except BrokenPipeError:
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _user_data_error():
    from minref.userdata.store import UserDataError

    return UserDataError


def _unknown_list():
    from minref.analysis.supply import UnknownList

    return UnknownList


# A page rendered offscreen: from a small phone-sized window to an 8K screen.  A larger
# image would take gigabytes (99999x99999 is 40 GB) and crash or fail to save.
SCREENSHOT_MIN, SCREENSHOT_MAX = (320, 240), (7680, 4320)


def _screenshot_size(size: str) -> tuple[int, int] | None:
    """The width and height of ``--size`` (WIDTHxHEIGHT), or None outside the range."""
    m = re.fullmatch(r"(\d{1,6})x(\d{1,6})", size.strip().lower())
    if not m:
        return None
    w, h = int(m[1]), int(m[2])
    (w0, h0), (w1, h1) = SCREENSHOT_MIN, SCREENSHOT_MAX
    return (w, h) if w0 <= w <= w1 and h0 <= h <= h1 else None


def _dispatch(args) -> int:
    from minref.catalog.queries import UnknownName
    from minref.catalog.store import CatalogCorrupt, CatalogError, build_error
    from minref.files import OutputError

    # An except clause's class is looked up only when an exception gets that far, so the
    # catalog builder and the user-data store are imported only by the commands that use
    # them (or when their error is being reported).
    try:
        if args.self_test:
            from minref.selftest import run_self_test

            return run_self_test(args.catalog)
        if args.command == "catalog":
            return _catalog(args)
        if args.command is None:
            from minref.ui.app import run_gui

            return run_gui(args.catalog, args.debug)
        if args.command == "screenshot":
            from minref.ui.app import screenshot

            if not _screenshot_size(args.size):
                _err(
                    _(
                        "--size takes WIDTHxHEIGHT in pixels, from {low} to {high}, e.g. 1366x768"
                    ).format(low="320x240", high="7680x4320")
                )
                return EXIT_USAGE
            problem = _page_problem(args.page)
            if problem:
                _err(problem)
                return EXIT_USAGE
            from minref.files import check_output_path

            check_output_path(args.out)  # before any rendering
            return screenshot(args.page, args.size, args.out, args.theme, args.catalog)
        return COMMANDS[args.command](args)
    except UnknownName as exc:
        _err(_unknown_name(exc, args))
        return EXIT_USAGE
    except _unknown_list() as exc:  # screenshot --page supply:LIST with a list not held
        _err(str(exc))
        return EXIT_USAGE
    except CatalogError as exc:
        print(f"minref: {exc}\n{exc.advice}", file=sys.stderr)
        return EXIT_CATALOG
    except build_error() as exc:
        _err(str(exc))
        return EXIT_CATALOG
    except _user_data_error() as exc:  # the user's own data file, not the catalog
        _err(str(exc))
        return EXIT_FAILED
    except OutputError as exc:  # --out: a missing folder, a folder, a full disk, ...
        _err(str(exc))
        return EXIT_FAILED
    except sqlite3.DatabaseError as exc:
        from minref.errors import explain

        _err(
            _("The catalog is damaged ({problem}).").format(problem=explain(exc))
            + "\n"
            + CatalogCorrupt.advice
        )
        return EXIT_CATALOG
    except BrokenPipeError:
        return 0


def _page_problem(page: str) -> str:
    """Why ``screenshot --page`` cannot be opened ("" when it can)."""
    from minref.ui.pages import PAGES

    kind, _sep, arg = page.partition(":")
    kinds = [*PAGES, "search"]
    if kind not in kinds:
        return _("Unknown page {page}; pages are {pages} (e.g. commodity:silver)").format(
            page=quoted(page), pages=", ".join(kinds)
        )
    if kind == "search" and not arg.strip():
        return _("search:TEXT needs the text to search for")
    return ""


def _open(args):
    from minref.catalog.queries import open_default

    return open_default(args.catalog)


def _catalog(args) -> int:
    from minref.catalog import store

    if args.catalog_command == "refresh":
        from minref.ingest.refresh import RefreshError, refresh

        db_dir = Path(args.db) if args.db else store.PACKAGE_DIR.parent / "db"
        try:
            manifest = refresh(Path(args.source), db_dir)
        except (RefreshError, OSError, ValueError) as exc:
            from minref.errors import explain_file

            _err(
                _("Refresh failed, db/ left as it was where not yet written: {problem}").format(
                    problem=explain_file(exc)
                )
            )
            return EXIT_FAILED
        for name, entry in manifest["tables"].items():
            n = entry["rows"]
            rows = ngettext("{n} row", "{n} rows", n).format(n=format_decimal(n))
            print(f"{name:24} {rows:>14}  {entry['file']}")
        print(_("content {hash}").format(hash=manifest["content_hash"]))
        return 0
    if args.catalog_command == "build":
        from minref.catalog.build import build, read_manifest

        db_dir = Path(args.db) if args.db else store.find_db_dir()
        if db_dir is None:
            _err(_("No db/ folder found; pass --db"))
            return EXIT_CATALOG
        out = (
            Path(args.out)
            if args.out
            else store.cache_catalog_path(read_manifest(db_dir)["content_hash"])
        )
        try:
            result = build(db_dir, out)
        except OSError as exc:  # a read-only cache, or $MINREF_HOME that is a file
            problem = store.cache_unwritable(out, exc)
            _err(f"{problem}\n{problem.advice}")
            return EXIT_CATALOG
        print(
            _("built {path} in {seconds} s ({rows} rows, content {hash})").format(
                path=result.path,
                seconds=format_fixed(result.seconds, 1),
                rows=format_decimal(sum(result.rows.values())),
                hash=result.content_hash[:16],
            )
        )
        return 0
    catalog = _open(args)
    if args.catalog_command == "verify":
        from minref.catalog.verify import verify

        report = verify(catalog.conn)
        if args.json:
            _print_json(
                {
                    "ok": report.ok,
                    "path": str(catalog.path),
                    "checks": [{"check": n, "ok": ok, "detail": d} for n, ok, d in report.checks],
                }
            )
        else:
            for name, ok, detail in report.checks:
                name, detail = _verify_text(name, detail)
                print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f"  ({detail})" if detail else ""))
            print(
                (
                    _("catalog {path}: verified") if report.ok else _("catalog {path}: FAILED")
                ).format(path=catalog.path)
            )
        return 0 if report.ok else EXIT_FAILED
    if args.catalog_command == "audit":
        return _audit(catalog, args)
    info = catalog.info()
    info["data_pack"] = json.loads(catalog.meta.get("data_pack") or "null")
    if args.json:
        _print_json(info)
        return 0
    from minref.datapack.install import describe

    pack = info["data_pack"]
    labels = {k: pgettext("catalog info", k) for k in _INFO_LABELS}
    width = max(len(t) for t in labels.values()) + 2
    lines = [
        ("catalog", str(info["path"])),
        ("pack", describe(pack) if pack else _("none: the catalog shipped with minref")),
        (
            "schema",
            f"{info['schema_version']}   "
            + _("built by minref {version}").format(version=info["built_by"]),
        ),
        ("content", info["content_hash"][:16]),
        ("editions", ", ".join(info["editions"])),
    ]
    for key, value in lines:
        print(f"{labels[key]:{width}}{value}")
    print(_("Rows:"))
    for name, n in sorted(info["row_counts"].items()):
        print(f"  {name:24} {format_decimal(n):>9}")
    print(_("Sources:"))
    from minref.catalog.audit import curation_notes

    curation = curation_notes(catalog.conn) if getattr(args, "verbose", False) else {}
    for s in info["sources"]:
        print(f"  [{s['source_id']}] {s['citation']}")
        print("      " + _("licence: {licence}").format(licence=s["licence"]))
        if s["source_id"] in curation:
            print("      " + _("curation: {note}").format(note=curation[s["source_id"]]))
    return 0


# The labels of ``minref catalog info``, translated in the context "catalog info".
_INFO_LABELS = (
    NP_("catalog info", "catalog"),
    NP_("catalog info", "pack"),
    NP_("catalog info", "schema"),
    NP_("catalog info", "content"),
    NP_("catalog info", "editions"),
)


def _audit(catalog, args) -> int:
    from minref.analysis.lines import headline
    from minref.catalog.audit import basis_of, run

    raw = None
    if args.source:
        from minref.ingest.rawcount import raw_world_counts

        try:
            raw = raw_world_counts(Path(args.source))
        except (OSError, ValueError, KeyError) as exc:
            from minref.errors import explain_file

            _err(
                _("Cannot count the raw cells in {folder}: {problem}").format(
                    folder=args.source, problem=explain_file(exc)
                )
            )
            return EXIT_FAILED
    bad, fine = run(catalog.conn, raw_counts=raw, headline=headline, basis_of=basis_of)
    for f, reason in fine if args.all else []:
        print(f"accepted {f.line()}\n         reason: {reason}")
    for f in bad:
        print(f.line())
    print(
        _("{bad} finding(s) not accepted, {fine} accepted (db/audit_accepted.csv)").format(
            bad=len(bad), fine=len(fine)
        )
    )
    return EXIT_FAILED if bad else 0


def _show(args) -> int:
    from minref.analysis.profile import commodity_report
    from minref.analysis.text import editions_text

    catalog = _open(args)
    cid = catalog.resolve_commodity(args.commodity)
    if args.edition is not None and args.edition not in catalog.editions:
        _err(
            _("MCS {edition} is not in the catalog; it holds {editions}").format(
                edition=args.edition, editions=editions_text(catalog.editions)
            )
        )
        return EXIT_USAGE
    report = commodity_report(catalog, cid, edition=args.edition, year=args.year)
    wp = report.world_production
    if args.edition is not None and not (wp.rows or report.reserves.rows or report.us_salient.rows):
        # MCS 2022 is held for 12 commodities only: silver is not among them
        name = catalog.commodity_name(cid)
        _err(
            (
                _(
                    "MCS {edition} holds no figures on {name}; world production of it is "
                    "held in {editions}"
                )
                if wp.available_editions
                else _("MCS {edition} holds no figures on {name}")
            ).format(edition=args.edition, name=name, editions=editions_text(wp.available_editions))
        )
        return EXIT_USAGE
    held = wp.available_years
    if args.year is not None and args.year not in held:
        _err(
            (
                _("MCS {edition} holds world production for {years} of {name}, not {year}")
                if held
                else _("MCS {edition} holds no year of world production of {name}")
            ).format(
                edition=report.world_production.edition,
                years=", ".join(map(str, held)),
                name=catalog.commodity_name(cid),
                year=args.year,
            )
        )
        return EXIT_USAGE
    if args.json:
        _print_json(report)
        return 0
    from minref.analysis.text import print_commodity

    print_commodity(report)
    return 0


def _country(args) -> int:
    catalog = _open(args)
    iso3 = catalog.resolve_country(args.iso3)
    standing = catalog.country_standing(iso3)
    if args.json:
        _print_json(standing)
        return 0
    from minref.analysis.text import print_country

    print_country(standing, catalog)
    return 0


def _search(args) -> int:
    catalog = _open(args)
    hits = catalog.search(args.text, args.limit)
    if args.json:
        _print_json({"query": args.text, "results": hits})
        return 0
    if not hits:
        from minref.analysis.text import no_results_line

        print(no_results_line(args.text, catalog.search_suggestions(args.text)))
    for h in hits:
        print(f"{h.kind:10} {h.key:12} {h.title}")  # kind: the index's own code
    return 0


def _amount(text: str) -> float:
    """A finite number of at least 0 (argparse type)."""
    import math

    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a number: {value}").format(value=quoted(text))
        ) from None
    if not math.isfinite(v) or v < 0:
        raise argparse.ArgumentTypeError(
            _("must be a finite number of at least 0: {value}").format(value=quoted(text))
        )
    return v


def _verify_text(name: str, detail: str) -> tuple[str, str]:
    """A check of ``catalog verify`` in the reader's language (the JSON keeps the names)."""
    m = re.fullmatch(r"(\d+) rows(; content differs from build)?", detail)
    if m:
        n = int(m[1])
        detail = (
            ngettext(
                "{n} row; content differs from build", "{n} rows; content differs from build", n
            )
            if m[2]
            else ngettext("{n} row", "{n} rows", n)
        ).format(n=format_decimal(n))
    m = re.fullmatch(r"(\d+) items match 'a\*'", detail)
    if m:
        detail = _("{n} items match 'a*'").format(n=format_decimal(int(m[1])))
    names = {
        "sqlite integrity": _("SQLite integrity"),
        "content hash": _("content hash"),
        "search index": _("search index"),
    }
    if name.startswith("table "):
        return _("table {name}").format(name=name[6:]), detail
    return names.get(name, name), detail


def _hs_code(text: str) -> str:
    """An HS code or prefix of 2 to 10 digits, dots and spaces allowed (argparse type):
    "abc" found nothing and exited 0 as if no trade were held."""
    digits = text.replace(".", "").replace(" ", "").strip()
    if not (digits.isascii() and digits.isdigit() and 2 <= len(digits) <= 10):
        raise argparse.ArgumentTypeError(
            _("not an HS code: {value} (2 to 10 digits, e.g. 2846, 28.46, 7106.91)").format(
                value=quoted(text)
            )
        )
    return text


def _trade(args) -> int:
    catalog = _open(args)
    reporter = catalog.resolve_country(args.reporter)
    partner = catalog.resolve_country(args.partner) if args.partner else None
    data = _trade_data(args, catalog)  # the bundled rows and the user's own imports
    if args.table or args.shares or args.mirror or args.coverage:
        return _trade_view(args, data, reporter, partner)
    flows = data.flows(reporter, partner, args.hs, args.year, args.flow)
    if not flows and args.year is not None:
        held = sorted({f.year for f in data.flows(reporter, partner, None, None, args.flow)})
        if args.year not in held:  # 1800, 2099: outside what is held, say what is
            _err(_trade_years_text(catalog, reporter, partner, args.flow, args.year, held))
            return EXIT_USAGE
    if args.limit:
        flows = flows[: args.limit]
    sources = sorted({f.source_id for f in flows})
    if args.json:
        _print_json(
            {
                "reporter": reporter,
                "partner": partner,
                "hs": args.hs,
                "rows": flows,
                "sources": [data.source(s) for s in sources],
            }
        )
        return 0
    from minref.analysis.text import print_trade

    print_trade(flows, [data.source(s) for s in sources], catalog.country_name)
    return 0


def _trade_years_text(catalog, reporter, partner, flow, year, held) -> str:
    """Why ``trade --year`` found nothing: the years held for that reporter (partner, flow)."""
    from minref.analysis.trade import year_spans

    who = catalog.country_name(reporter)
    if partner:
        who = _("{reporter} with {partner}").format(
            reporter=who, partner=catalog.country_name(partner)
        )
    if flow:
        who = _("{who}, {flow}").format(who=who, flow=_(_FLOWS[flow]))
    if not held:
        return _("No trade rows are held for {who}.").format(who=who)
    return _("No trade rows for {year}: the years held for {who} are {years}.").format(
        year=year, who=who, years=year_spans(held)
    )


def _trade_view(args, data, reporter, partner) -> int:
    """``minref trade --table | --shares | --mirror | --coverage``: what the desk shows."""
    from minref.analysis import trade as tr

    cat = data.catalog
    flow = args.flow or "export"
    if args.shares and not args.hs:
        _err(_("--shares needs a product: --hs CODE (e.g. --hs 2603)"))
        return EXIT_USAGE
    if args.table:
        flows, dropped = tr.one_source_per_cell(
            [
                f
                for f in data.flows(reporter, partner, args.hs, None, flow)
                if args.year is None or f.year == args.year
            ]
        )
        t = tr.hs_year_table(
            flows,
            title=tr.flow_title(reporter, partner, flow, cat.country_name),
            describe=cat.hs_description,
        )
        out = {"view": "table", "table": t, "not_added": dropped}
        sources = t.sources
    elif args.shares:
        years = (args.year, args.year) if args.year else None
        c = tr.product_partner_shares(data, reporter, args.hs, flow, years)
        out = {"view": "shares", "hs": args.hs, "flow": flow, "shares": c}
        sources = c.source_ids
    elif args.mirror:
        if args.flow not in (None, "export"):
            _err(
                _(
                    "--mirror sets the reporter's exports beside the partner's imports; "
                    "--flow {flow} does not apply"
                ).format(flow=args.flow)
            )
            return EXIT_USAGE
        rows = tr.mirror_like_with_like(data, reporter, partner or "USA", args.hs)
        rows = [m for m in rows if args.year is None or m.year == args.year]
        summary = tr.mirror_summary(rows, reporter, partner or "USA", args.hs, cat.country_name)
        out = {"view": "mirror", "hs": args.hs, "rows": rows, "summary": summary}
        out["causes"] = tr.MIRROR_CAUSES
        sources = sorted({s for m in rows for s in m.a_sources + m.b_sources})
    else:
        cells = tr.coverage(data, reporter, partner or "USA")
        out = {"view": "coverage", "cells": cells}
        sources = sorted({h.rsplit(", ", 1)[-1].rstrip(")") for c in cells for h in c.held})
    out["sources"] = [s for s in (data.source(i) for i in sources) if s]
    if args.json:
        if out["view"] == "mirror":  # the gaps the desk shows (None where not comparable)
            out["rows"] = [
                {**asdict(m), "comparable": m.comparable, "gap": m.gap, "gap_pct": m.gap_pct}
                for m in out["rows"]
            ]
        _print_json(out)
        return 0
    _print_trade_view(out, cat.country_name)
    return 0


_FLOWS = {
    "export": N_("exports"),
    "import": N_("imports"),
    "re_export": N_("re-exports"),
    "re_import": N_("re-imports"),
}


def _print_trade_view(out: dict, country_name) -> None:
    """The desk's views as text, numbers in the reader's conventions, partners by the
    catalog's names in the reader's language (as the desk shows them)."""
    from minref.analysis.text import column_width, short_label

    def usd(v):
        return "" if v is None else format_fixed(v, 0)

    if out["view"] == "table":
        t = out["table"]
        print(_("{title} (US$)").format(title=t.title))
        print(f"{_('HS'):48}" + "".join(f"{y:>16}" for y in t.years))
        for r in t.rows + [t.total]:
            indent = "  " if r.level == 4 else ""
            name = short_label((f"{r.code} " if r.code else "") + r.label, 48 - len(indent))
            print(f"{indent + name:48}" + "".join(f"{usd(r.value(y)):>16}" for y in t.years))
        # what the total adds up each year: a total of 207 headings beside one of 16 is no fall
        counts = [(_("headings in the total"), t.headings_by_year)]
        if any(t.chapter_totals_by_year.values()):
            counts.append((_("chapter totals in the total"), t.chapter_totals_by_year))
        for label, by_year in counts:
            print(
                f"{short_label(label, 48):48}"
                + "".join(f"{format_decimal(by_year.get(y, 0)):>16}" for y in t.years)
            )
        for n in t.notes:
            print(n)
    elif out["view"] == "shares":
        c = out["shares"]
        flow = out["flow"]
        print(
            _("HS {hs}, {flow}: total US${total}, HHI {hhi}, top 3 {top3}").format(
                hs=out["hs"],
                flow=_(_FLOWS[flow]) if flow in _FLOWS else flow,
                total=usd(c.total_usd),
                hhi=usd(c.hhi),
                top3=format_percent(c.top3_pct),
            )
        )
        names = [country_name(s.partner_iso3) if s.partner_iso3 else s.partner for s in c.shares]
        width = max([40, *map(len, names)])
        for s, name in zip(c.shares, names, strict=True):
            print(f"  {name:{width}} {usd(s.value_usd):>18} {format_percent(s.share_pct):>8}")
        if c.note:
            print(c.note)
    elif out["view"] == "mirror":
        # The desk's columns, with its headings (the table printed none), each as wide as
        # its longest cell; the reasons last, whole.
        header = [
            _("Year"),
            _("HS chapter"),
            _("Exports, as the reporter declares"),
            _("Imports, as the partner declares"),
            _("Compared on"),
            _("Gap (US$)"),
            _("Gap (%)"),
            _("Why / headings"),
        ]
        lines = []
        for m in out["rows"]:
            # the gap in US$ and in %, as the desk shows it (B's figure less A's)
            gap_usd = usd(m.gap)
            gap = format_percent(m.gap_pct) if m.gap_pct is not None else ""
            if m.gap is not None and m.gap > 0:
                gap_usd = "+" + gap_usd
            if gap and m.gap_pct > 0:
                gap = "+" + gap
            lines.append(
                [
                    str(m.year),
                    m.chapter,
                    usd(m.declared_by_a),
                    usd(m.declared_by_b),
                    m.basis or _("not comparable"),
                    gap_usd,
                    gap,
                    m.note,
                ]
            )
        if lines:
            widths = [column_width(col) for col in zip(header, *lines, strict=True)]
            right = {2, 3, 5, 6}  # figures to the right
            for cells in [header, *lines]:
                print(
                    "  ".join(
                        (c.rjust(w) if i in right else c.ljust(w)) if i < len(cells) - 1 else c
                        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
                    ).rstrip()
                )
        if out["summary"]:
            print(out["summary"])
    else:
        for c in out["cells"]:
            if c.held:
                where = _("ch. {chapter} {year}").format(chapter=c.chapter, year=c.year)
                print(f"{where}: " + "; ".join(c.held))
    for s in out["sources"]:
        print(
            _("Source: {citation} — {attribution}").format(
                citation=s.citation(), attribution=s.attribution
            )
        )


def _chart(args) -> int:
    from minref.analysis.charts import CHART_KINDS, build_chart

    if args.kind not in CHART_KINDS:
        _err(
            _("Unknown chart kind {kind}; choose from {kinds}").format(
                kind=quoted(args.kind), kinds=", ".join(CHART_KINDS)
            )
        )
        return EXIT_USAGE
    ext = args.out.rsplit(".", 1)[-1].lower()
    if ext not in ("png", "svg", "csv"):
        _err(_("--out must end in .png, .svg or .csv"))
        return EXIT_USAGE
    from minref.files import check_output_path

    check_output_path(args.out)  # a missing folder, a folder, a name too long: say so first
    catalog = _open(args)
    cid = catalog.resolve_commodity(args.commodity)
    iso3 = catalog.resolve_country(args.country)
    options = {"year": args.year, "edition": args.edition, "highlight": iso3, "hs": args.hs}
    spec = build_chart(catalog, args.kind, cid, **options)
    if ext == "csv":
        from minref.analysis.charts import chart_csv
        from minref.files import atomic_write_text

        atomic_write_text(args.out, chart_csv(spec))
    else:
        if spec.is_empty:
            _err(f"{spec.title}: {spec.empty_reason or _('no figures to plot')}")
            return EXIT_FAILED
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from minref.ui import theme
        from minref.ui.app import make_app
        from minref.ui.charts import ChartView

        app = make_app()
        theme.apply(app, "light")
        view = ChartView(spec, catalog.sources)
        view.resize(1000, max(520, view.graphics.minimumHeight() + 60))
        view.show()
        app.processEvents()
        try:
            view.export(args.out)
        finally:  # in-process callers (the self-test) draw many charts in one app
            view.close()
            view.deleteLater()
            app.processEvents()
    print(_("wrote {path}: {title}").format(path=args.out, title=spec.title))
    return 0


def _brief(args) -> int:
    from minref.briefing import kinds as brief_kinds
    from minref.briefing.document import BriefOptions, BriefWriteError

    if not args.out.lower().endswith(".pdf"):  # "brief.txt" was written as a PDF named so
        _err(_("--out must end in .pdf"))
        return EXIT_USAGE
    catalog = _open(args)
    opts = BriefOptions(paper=args.paper, marking=args.marking, title=args.title, note=args.note)
    kind = brief_kinds.get(args.what)
    names = [n.strip() for n in args.target.split(",") if n.strip()]
    if kind.target == brief_kinds.COMMODITY:
        if len(names) != 1:
            _err(_("Name one commodity: minref brief {kind} silver --out ...").format(kind=kind.id))
            return EXIT_USAGE
        targets = [catalog.resolve_commodity(names[0])]
    elif kind.target == brief_kinds.COMMODITIES:
        targets = [catalog.resolve_commodity(n) for n in names]
        if not targets:
            _err(
                _("List the commodities: minref brief {kind} silver,zinc --out ...").format(
                    kind=kind.id
                )
            )
            return EXIT_USAGE
    elif kind.target == brief_kinds.COUNTRY:
        targets = [catalog.resolve_country(n) for n in names] or list(kind.countries[:1])
        if kind.countries and targets[0] not in kind.countries:
            _err(
                _("The {kind} is written for {countries}: minref brief {id} {country}").format(
                    kind=kind.title(),
                    countries=", ".join(kind.countries),
                    id=kind.id,
                    country=kind.countries[0],
                )
            )
            return EXIT_USAGE
    else:  # a kind written about nothing may take an option (supply: the list, EU-2023)
        targets = names

    def progress(done, total, what):
        if sys.stderr.isatty():
            print(f"\r{progress_line(done, total, what)}", end="", file=sys.stderr, flush=True)

    if len(targets) > 1:
        opts.progress = progress
    try:
        path = brief_kinds.write(kind.id, catalog, targets, args.out, opts)
        if len(targets) > 1 and sys.stderr.isatty():
            print(file=sys.stderr)
    except BriefWriteError as exc:
        _err(str(exc))
        return EXIT_FAILED
    except OSError as exc:
        from minref.errors import explain

        _err(_("The PDF could not be written: {problem}").format(problem=explain(exc)))
        return EXIT_FAILED
    print(_("wrote {path}").format(path=path))
    return 0


def progress_line(done: int, total: int, what: str, columns: int | None = None) -> str:
    """ "3/60 Tierras raras (elementos de las tierras raras)": a pack's progress on one
    terminal line, the part's name as wide as the terminal allows (cut at a word, with
    "…", only when it must be; it was cut at 40 characters mid-word)."""
    import shutil

    from minref.analysis.text import short_label

    head = f"{done}/{total} "
    if columns is None:
        columns = shutil.get_terminal_size().columns
    width = max(10, columns - len(head) - 1)  # the last column would wrap the line
    return f"{head}{short_label(what, width):{width}}"


def _trade_data(args, catalog):
    from pathlib import Path

    from minref.analysis.trade import TradeData
    from minref.userdata.store import UserData, UserDataError, default_path

    explicit = getattr(args, "data", None)
    if explicit and not Path(explicit).is_file():
        # reading commands never create a data file: only 'minref import' does
        raise UserDataError(
            _("no data file at {path} (import a file first: minref import)").format(path=explicit)
        )
    path = explicit or default_path()
    user = UserData(path) if (explicit or default_path().exists()) else None
    return TradeData(catalog, user)


def _claims(args) -> int:
    from minref.analysis import claims

    catalog = _open(args)
    ids = [args.card] if args.card else None
    # an edition not held, or a partial one for a count over every commodity: refused
    # before anything is computed or written (a count of 0 or 1 read as the claim's)
    refusal = claims.edition_refusal(catalog, args.edition, ids)
    if refusal:
        _err(refusal)
        return EXIT_USAGE
    data = _trade_data(args, catalog)
    results = claims.check_claims(
        data,
        ids,
        year=args.year,
        include_precious=not args.exclude_precious,
        edition=args.edition,
        count=args.count,
        lines="any" if args.any_line else "mine",
        basket=args.basket,
        min_value=args.min_value,
        tolerance=args.tolerance,
    )
    if args.card:
        return _claim_card(args, data, next(r for r in results if r.claim_id == args.card))
    if args.json:
        _print_json(
            {
                "claims": [r.to_dict() for r in results],
                "sources": [
                    data.source(s) for s in sorted({s for r in results for s in r.source_ids})
                ],
            }
        )
        return 0
    from minref.analysis.text import print_claims

    print_claims(results)
    return 0


def _claim_card(args, data, result) -> int:
    """One claim's fact card as a PDF, titled with the claim itself."""
    from minref.briefing.briefs import claim_card
    from minref.briefing.document import BriefOptions, BriefWriteError

    if not args.out or not args.out.lower().endswith(".pdf"):
        _err(_("--card needs --out FILE.pdf"))
        return EXIT_USAGE
    opts = BriefOptions(paper=args.paper, marking=args.marking)
    try:
        path = claim_card(data, result, args.out, opts)
    except (BriefWriteError, OSError) as exc:
        _err(str(exc))
        return EXIT_FAILED
    print(_("wrote {path}: {title}").format(path=path, title=result.claim))
    return 0


def _import(args) -> int:
    from minref.userdata.store import UserData, UserDataError

    actions = [a for a in (args.file, args.list, args.remove is not None) if a]
    if len(actions) != 1:
        _err(_("Import takes one of FILE, --list or --remove ID"))
        return EXIT_USAGE
    if args.list or args.remove is not None:
        if args.remove is not None and not 0 < args.remove < 2**62:
            _err(_("There is no import {id}").format(id=args.remove))
            return EXIT_USAGE
        try:
            user = UserData(args.data)
            if args.list:
                records = user.imports()
            else:
                removed = user.remove_import(args.remove)
        except UserDataError as exc:
            _err(str(exc))
            return EXIT_FAILED
        if args.remove is not None:
            if args.json:
                _print_json({"removed": removed})
            else:
                print(
                    ngettext(
                        "removed import {id} ({file}, {rows} row) from {path}",
                        "removed import {id} ({file}, {rows} rows) from {path}",
                        removed.rows,
                    ).format(
                        id=removed.import_id,
                        file=removed.file_name,
                        rows=format_decimal(removed.rows),
                        path=user.path,
                    )
                )
            return 0
        if args.json:
            _print_json({"data_file": str(user.path), "imports": records})
            return 0
        if not records:
            print(_("No imports in {path}.").format(path=user.path))
        for r in records:
            rows = ngettext("{n} row", "{n} rows", r.rows).format(n=format_decimal(r.rows))
            print(
                f"{r.import_id:>4}  {r.imported_at[:16]}  {r.file_format:9} {rows:>17}  "
                f"{r.file_name}"
            )
        return 0
    return _import_file(args)


def _import_file(args) -> int:
    from minref.userdata.importers import (
        ImportCancelled,
        ImportFormatError,
        commit_import,
        preview_import,
    )
    from minref.userdata.store import UserData, UserDataError

    catalog = _open(args)
    bar = _ProgressBar() if sys.stderr.isatty() and not args.json else None
    try:
        user = UserData(args.data)
        preview = preview_import(args.file, catalog, user, years=args.year, progress=bar)
    except (ImportFormatError, UserDataError) as exc:
        if bar:
            bar.done()
        _err(
            _("{file}: {problem}. Nothing was imported.").format(
                file=args.file, problem=str(exc).rstrip(".")
            )
        )
        return EXIT_FAILED
    except KeyboardInterrupt:
        if bar:
            bar.done()
        _err(_("Cancelled; nothing was imported."))
        return 130
    if bar:
        bar.done()
    if not args.json:
        print(preview.summary())
        for w in preview.warnings:
            print("  " + _("note: {text}").format(text=w))
    if not args.yes:
        if args.json:
            _print_json({"preview": _preview_json(preview), "imported": None})
            return 0
        if not sys.stdin.isatty():
            print(_("Preview only: add --yes to import."))
            return 0
        # TRANSLATORS: the answers that mean yes follow in the next message
        answer = input(_("Import these rows into your data? [y/N] ")).strip().lower()
        if answer not in {"y", "yes", *_("y,yes").lower().split(",")}:
            print(_("Nothing was imported."))
            return 0
    try:
        record = commit_import(preview, user, progress=bar)
    except (ImportFormatError, UserDataError, ImportCancelled) as exc:
        if bar:
            bar.done()
        _err(f"{args.file}: {str(exc).rstrip('.')}.")
        return EXIT_FAILED
    except KeyboardInterrupt:
        if bar:
            bar.done()
        _err(_("Cancelled; nothing was imported."))
        return 130
    if bar:
        bar.done()
    if args.json:
        _print_json({"preview": _preview_json(preview), "imported": record})
        return 0
    fields = {
        "rows": format_decimal(record.rows),
        "repeats": format_decimal(preview.skipped),
        "source": record.source_id,
        "path": user.path,
    }
    if preview.skipped:
        text = ngettext(
            "imported {rows} row ({repeats} repeats skipped) as {source} into {path}",
            "imported {rows} rows ({repeats} repeats skipped) as {source} into {path}",
            record.rows,
        )
    else:
        text = ngettext(
            "imported {rows} row as {source} into {path}",
            "imported {rows} rows as {source} into {path}",
            record.rows,
        )
    print(text.format(**fields))
    return 0


def _preview_json(preview) -> dict:
    keys = (
        "file_name",
        "file_format",
        "sha256",
        "members",
        "rows_read",
        "new_rows",
        "duplicates",
        "years",
        "reporters",
        "partners",
        "warnings",
    )
    return {k: getattr(preview, k) for k in keys}


class _ProgressBar:
    """An import's progress on a terminal: rows/s, percentage and time left (stderr)."""

    def __init__(self):
        import time

        self.clock = time.monotonic
        self.last = 0.0
        self.shown = False

    def __call__(self, p) -> None:
        now = self.clock()
        if now - self.last < 0.2:
            return
        self.last = now
        width = 24
        full = int(width * p.fraction)
        sys.stderr.write(f"\r[{'#' * full}{'.' * (width - full)}] {p.line()}\x1b[K")
        sys.stderr.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.shown = False


def _data(args) -> int:
    from minref.datapack.commands import run

    return run(args)


def _supply(args) -> int:
    from minref.analysis import supply
    from minref.userdata.groups import GroupsError, load_groups

    catalog = _open(args)
    try:
        table = supply.supply_table(catalog, args.list)
        groups = load_groups() if args.without else []
    except (supply.UnknownList, GroupsError) as exc:
        _err(str(exc))
        return EXIT_USAGE
    whatif, label = None, ""
    if args.without:
        removed, label = supply.resolve_without(catalog, args.without, groups)
        whatif = supply.what_if(table, removed, label)
    if args.json:
        _print_json(supply.as_json(catalog, table, whatif, label))
    else:
        from minref.analysis.text import print_supply

        print_supply(catalog, table, whatif, label)
    return 0


def _book(args) -> int:
    from minref.books_cli import run

    return run(args, lambda: _open(args))


COMMANDS = {
    "brief": _brief,
    "claims": _claims,
    "import": _import,
    "chart": _chart,
    "show": _show,
    "country": _country,
    "search": _search,
    "trade": _trade,
    "supply": _supply,
    "data": _data,
    "book": lambda args: _book(args),
}


if __name__ == "__main__":
    sys.exit(main())
