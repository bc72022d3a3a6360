"""minref's one entry point: the desktop app by default, headless sub-commands otherwise.

The sub-commands call the same catalog functions as the GUI, so whatever the GUI
shows, ``minref ... --json`` can print.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sqlite3
import sys
from dataclasses import asdict, is_dataclass
from pathlib import Path

from minref import __version__

logger = logging.getLogger(__name__)

EXIT_USAGE = 2  # unknown name, bad arguments
EXIT_CATALOG = 3  # catalog missing, damaged or too new
EXIT_FAILED = 1  # a check failed


def _to_jsonable(obj):
    if is_dataclass(obj):
        return _to_jsonable(asdict(obj))
    if isinstance(obj, dict):
        return {k: _to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_to_jsonable(v) for v in obj]
    return obj


def _print_json(data) -> None:
    json.dump(_to_jsonable(data), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _bounded_int(lo: int, hi: int, what: str):
    """An argparse type: an integer from lo to hi, else one clear usage message."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not lo <= value <= hi:
            shown = text if len(text) <= 24 else text[:20] + "…"
            raise argparse.ArgumentTypeError(f"{what} must be from {lo} to {hi}, not {shown}")
        return value

    return parse


YEAR = _bounded_int(1800, 2200, "a year")
EDITION = _bounded_int(1900, 2200, "an MCS edition")
LIMIT = _bounded_int(0, 10_000_000, "the limit")


def _wants_subcommand(argv: list[str]) -> bool:
    """Whether the command line names a sub-command or asks for help (the desktop app,
    started with no sub-command, skips building them: start-up stays quick)."""
    takes_value = {"--catalog", "--lang"}
    prev = ""
    for a in argv:
        if a in ("-h", "--help") or (not a.startswith("-") and prev not in takes_value):
            return True  # a sub-command, or a misspelt one that argparse should name
        prev = a
    return False


def build_parser(subcommands: bool = True) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="minref",
        description="Offline reference on minerals, critical minerals and rare earths, "
        "centred on the Mexico-United States relationship.",
    )
    p.add_argument("--version", action="version", version=f"minref {__version__}")
    p.add_argument("--catalog", metavar="PATH", help="use this catalog.sqlite")
    p.add_argument("--debug", action="store_true", help="log details (and a start-up timeline)")
    p.add_argument(
        "--lang",
        choices=["en", "es", "fr", "pseudo"],
        help="language of the app, messages and briefs (default: setting, then system locale)",
    )
    p.add_argument(
        "--self-test",
        action="store_true",
        help="check that this installation works (catalog, search, a page, a PDF, "
        "user folders); one line per check, non-zero exit on failure",
    )
    if not subcommands:
        p.set_defaults(command=None)
        return p
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    cat = sub.add_parser("catalog", help="refresh, build, verify or describe the catalog")
    csub = cat.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    r = csub.add_parser("refresh", help="rebuild db/ tables from the raw source files")
    r.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="DIR",
        help="the raw data folder (shared/data)",
    )
    r.add_argument("--db", metavar="DIR", help="db/ folder to write (default: the project's)")
    b = csub.add_parser("build", help="build catalog.sqlite from db/")
    b.add_argument("--db", metavar="DIR", help="db/ folder to read (default: the project's)")
    b.add_argument("--out", metavar="PATH", help="where to write (default: the user cache)")
    v = csub.add_parser("verify", help="check the catalog's integrity and content hash")
    v.add_argument("--json", action="store_true")
    a = csub.add_parser("audit", help="check rankings, totals, units, cells and headlines")
    a.add_argument("--from", dest="source", metavar="DIR", help="raw data folder: count cells")
    a.add_argument("--all", action="store_true", help="list accepted findings too")
    i = csub.add_parser("info", help="editions, row counts and sources")
    i.add_argument("--json", action="store_true")
    i.add_argument("--verbose", action="store_true", help="also the project's curation notes")

    from minref.ui.pages import PAGES

    shot = sub.add_parser("screenshot", help="render a page of the app offscreen to PNG")
    shot.add_argument(
        "--page",
        default="commodity:silver",
        help=", ".join(
            [f"{k.kind}:{k.arg_help}" if k.arg_help else k.kind for k in PAGES.values()]
            + ["search:TEXT"]
        ),
    )
    shot.add_argument("--size", default="1366x768", help="WIDTHxHEIGHT")
    shot.add_argument("--theme", choices=["light", "dark", "system"], default="light")
    shot.add_argument("--out", required=True, metavar="FILE.png")

    from minref.analysis.charts import CHART_KINDS

    ch = sub.add_parser(
        "chart",
        help="draw a chart to PNG (2x), SVG or CSV",
        epilog="kinds: " + "; ".join(f"{k.id}: {k.label}" for k in CHART_KINDS.values()),
    )
    ch.add_argument("kind", help=", ".join(CHART_KINDS))
    ch.add_argument(
        "commodity", nargs="?", default="rare-earths", help="commodity id or name (EN/ES/FR)"
    )
    ch.add_argument("--year", type=YEAR, help="year (ranking)")
    ch.add_argument("--edition", type=EDITION, help="MCS edition (ranking)")
    ch.add_argument("--country", metavar="ISO3", default="MEX", help="country to highlight")
    ch.add_argument("--hs", help="HS heading (trade)")
    ch.add_argument("--out", required=True, metavar="FILE.{png,svg,csv}")

    from minref.briefing import kinds as brief_kinds

    br = sub.add_parser(
        "brief",
        help="write a PDF briefing",
        epilog="kinds: "
        + "; ".join(
            f"{k.id}{' (' + ', '.join(k.aliases) + ')' if k.aliases else ''}: {k.label}"
            for k in brief_kinds.BRIEF_KINDS.values()
        ),
    )
    br.add_argument("what", choices=brief_kinds.names(), help=", ".join(brief_kinds.names()))
    br.add_argument(
        "target",
        nargs="?",
        default="",
        help="commodity (id or name), country (MEX), or comma-separated ids",
    )
    br.add_argument("--paper", choices=["letter", "a4"], default="letter")
    br.add_argument("--marking", default="", help='e.g. "For official use only"')
    br.add_argument("--title", default="", help="a title of your own")
    br.add_argument("--note", default="", help="a note printed under the title")
    br.add_argument("--out", required=True, metavar="FILE.pdf")

    cl = sub.add_parser("claims", help="check the seed claims against the catalog")
    cl.add_argument("--year", type=YEAR, help="trade year for claims 1 and 2 (default: latest)")
    cl.add_argument(
        "--exclude-precious", action="store_true", help="claim 1 without gold and silver"
    )
    cl.add_argument("--edition", type=EDITION, help="MCS edition for claim 3 (default: newest)")
    cl.add_argument(
        "--count",
        choices=["commodities", "lines"],
        default="commodities",
        help="claim 3: count commodities or production lines",
    )
    cl.add_argument(
        "--mine-only", action="store_true", help="claim 3: mine production only (the default)"
    )
    cl.add_argument("--any-line", action="store_true", help="claim 3: any production line")
    cl.add_argument(
        "--basket",
        choices=["ores", "industrial", "precious", "base", "chemicals", "minero-metallurgical"],
        help="claims 1 and 2: product basket (default: minero-metallurgical)",
    )
    cl.add_argument(
        "--min-value", type=_amount, metavar="US$", help="claim 2: count headings above this"
    )
    cl.add_argument(
        "--tolerance", type=_amount, metavar="POINTS", help="claim 1: reproduced within +-this"
    )
    cl.add_argument("--data", metavar="PATH", help="your data file (default: user data folder)")
    cl.add_argument("--json", action="store_true")
    from minref.analysis.claims import CLAIMS

    cl.add_argument(
        "--card",
        choices=list(CLAIMS),
        help="write this claim's fact card as a PDF (with --out, --paper, --marking)",
    )
    cl.add_argument("--out", metavar="FILE.pdf", help="the fact card's file (with --card)")
    cl.add_argument("--paper", choices=["letter", "a4"], default="letter")
    cl.add_argument("--marking", default="", help='e.g. "For official use only"')

    im = sub.add_parser(
        "import",
        help="import a trade file into your own data (not the catalog); list or remove imports",
    )
    im.add_argument(
        "file",
        nargs="?",
        help="UN Comtrade CSV, CEPII BACI CSV (or its .zip as downloaded), Census API "
        "JSON/CSV or USITC DataWeb CSV",
    )
    im.add_argument("--yes", action="store_true", help="commit after the preview without asking")
    im.add_argument("--data", metavar="PATH", help="your data file (default: user data folder)")
    im.add_argument("--list", action="store_true", help="list your imports")
    im.add_argument("--remove", type=int, metavar="ID", help="remove import ID and all its rows")
    im.add_argument(
        "--year",
        type=int,
        action="append",
        metavar="YEAR",
        help="BACI zip: import only this year's file (repeat for more)",
    )
    im.add_argument("--json", action="store_true")

    s = sub.add_parser("show", help="a commodity profile (id or name in EN/ES/FR)")
    s.add_argument("commodity")
    s.add_argument("--edition", type=EDITION, help="MCS edition (default: newest with data)")
    s.add_argument("--year", type=YEAR, help="world production year the edition holds")
    s.add_argument("--json", action="store_true")

    c = sub.add_parser("country", help="a country's standing across commodities")
    c.add_argument("iso3", help="ISO 3166 alpha-3 code or country name")
    c.add_argument("--json", action="store_true")

    q = sub.add_parser("search", help="search commodities, elements, countries and HS codes")
    q.add_argument("text")
    q.add_argument("--limit", type=LIMIT, default=20)
    q.add_argument("--json", action="store_true")

    t = sub.add_parser("trade", help="trade flows by reporter, partner, HS code and year")
    t.add_argument("--reporter", required=True, metavar="ISO3")
    t.add_argument("--partner", metavar="ISO3")
    t.add_argument("--hs", metavar="CODE", help="HS code or prefix (2846, 28.46, 7106.91)")
    t.add_argument("--year", type=YEAR)
    t.add_argument("--flow", choices=["export", "import", "re_export", "re_import"])
    t.add_argument("--limit", type=LIMIT, default=0, help="at most this many rows")
    t.add_argument("--data", metavar="PATH", help="your data file (default: user data folder)")
    view = t.add_mutually_exclusive_group()
    view.add_argument("--table", action="store_true", help="HS x year table (chapters, headings)")
    view.add_argument("--shares", action="store_true", help="every partner's share of --hs")
    view.add_argument(
        "--mirror", action="store_true", help="reporter's exports vs partner's imports"
    )
    view.add_argument("--coverage", action="store_true", help="flows held by chapter and year")
    t.add_argument("--json", action="store_true")

    d = sub.add_parser("data", help="signed data packs: make, verify, install, roll back, diff")
    dsub = d.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    dk = dsub.add_parser("keygen", help="make an Ed25519 key pair for signing packs")
    dk.add_argument("--out", required=True, metavar="DIR")
    dk.add_argument("--name", default="minref-signing", help="file name of the keys (NAME.key)")
    dm = dsub.add_parser("make-pack", help="make a signed pack from raw files or db/ tables")
    dm.add_argument("--from", dest="source", metavar="RAW_DIR", help="raw data (shared/data)")
    dm.add_argument("--from-db", metavar="DIR", help="a curated db/ folder instead")
    dm.add_argument("--key", required=True, metavar="PRIVATE_KEY")
    dm.add_argument("--out", required=True, metavar="FILE.minrefpack")
    dm.add_argument("--update", action="store_true", help="an update: adds/replaces sources")
    dm.add_argument("--sources", metavar="ID,ID", help="update: only these sources' rows")
    dm.add_argument("--label", help='e.g. "MCS 2027" or "errata of March"')
    dm.add_argument("--min-minref", metavar="VERSION", help="oldest minref that may install it")
    for name, text in (("verify", "check a pack"), ("install", "check and install a pack")):
        dv = dsub.add_parser(name, help=text)
        dv.add_argument("file", metavar="FILE.minrefpack")
        dv.add_argument("--max-size", type=float, metavar="MB", help="size limit (256 MB)")
    dsub.add_parser("rollback", help="return to the previous catalog")
    ds = dsub.add_parser("status", help="the pack in use and those kept for rollback")
    ds.add_argument("--json", action="store_true")
    dd = dsub.add_parser("diff", help="what changed between two MCS editions")
    dd.add_argument("--from", dest="from_edition", type=int, required=True, metavar="EDITION")
    dd.add_argument("--to", dest="to_edition", type=int, required=True, metavar="EDITION")
    dd.add_argument("--old-catalog", metavar="PATH", help="take --from from this catalog")
    dd.add_argument("--threshold", type=float, default=1.0, metavar="PCT")
    dd.add_argument("--limit", type=int, default=40, help="lines per section (text)")
    dd.add_argument("--csv", metavar="FILE.csv", help="write the changes as CSV")
    dd.add_argument("--json", action="store_true")
    su = sub.add_parser(
        "supply", help="North American supply: U.S. reliance, China's share, USMCA shares"
    )
    su.add_argument("--list", help="critical list: US-2025 (default), EU-2023, CA-2024, AU-2024")
    su.add_argument("--without", metavar="ISO3|GROUP", help="what-if without a country or group")
    su.add_argument("--json", action="store_true")
    from minref.books_cli import add_parser as add_book_parser

    add_book_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(_wants_subcommand(argv)).parse_args(argv)
    from minref import i18n

    # JSON output stays locale-free (English, plain numbers) whatever the language.
    i18n.set_language("en" if getattr(args, "json", False) else i18n.resolve_language(args.lang))
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


def _dispatch(args) -> int:
    from minref.catalog.build import CatalogBuildError
    from minref.catalog.queries import UnknownName
    from minref.catalog.store import CatalogCorrupt, CatalogError
    from minref.files import OutputError
    from minref.userdata.store import UserDataError

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

            if not re.fullmatch(r"\d{3,5}x\d{3,5}", args.size):
                print("minref: --size takes WIDTHxHEIGHT, e.g. 1366x768", file=sys.stderr)
                return EXIT_USAGE
            problem = _page_problem(args.page)
            if problem:
                print(f"minref: {problem}", file=sys.stderr)
                return EXIT_USAGE
            from minref.files import check_output_path

            check_output_path(args.out)  # before any rendering
            return screenshot(args.page, args.size, args.out, args.theme, args.catalog)
        return COMMANDS[args.command](args)
    except UnknownName as exc:
        print(f"minref: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CatalogError as exc:
        print(f"minref: {exc}\n{exc.advice}", file=sys.stderr)
        return EXIT_CATALOG
    except CatalogBuildError as exc:
        print(f"minref: {exc}", file=sys.stderr)
        return EXIT_CATALOG
    except UserDataError as exc:  # the user's own data file, not the catalog
        print(f"minref: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except OutputError as exc:  # --out: a missing folder, a folder, a full disk, ...
        print(f"minref: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except sqlite3.DatabaseError as exc:
        print(f"minref: the catalog is damaged ({exc}).\n{CatalogCorrupt.advice}", file=sys.stderr)
        return EXIT_CATALOG
    except BrokenPipeError:
        return 0


def _page_problem(page: str) -> str:
    """Why ``screenshot --page`` cannot be opened ("" when it can)."""
    from minref.ui.pages import PAGES

    kind, _sep, arg = page.partition(":")
    kinds = [*PAGES, "search"]
    if kind not in kinds:
        return f"unknown page {page!r}; pages are {', '.join(kinds)} (e.g. commodity:silver)"
    if kind == "search" and not arg.strip():
        return "search:TEXT needs the text to search for"
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
            print(
                f"minref: refresh failed, db/ left as it was where not yet written: {exc}",
                file=sys.stderr,
            )
            return EXIT_FAILED
        for name, entry in manifest["tables"].items():
            print(f"{name:24} {entry['rows']:>8} rows  {entry['file']}")
        print(f"content hash {manifest['content_hash']}")
        return 0
    if args.catalog_command == "build":
        from minref.catalog.build import build, read_manifest

        db_dir = Path(args.db) if args.db else store.find_db_dir()
        if db_dir is None:
            print("minref: no db/ folder found; pass --db", file=sys.stderr)
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
            print(f"minref: {problem}\n{problem.advice}", file=sys.stderr)
            return EXIT_CATALOG
        print(
            f"built {result.path} in {result.seconds:.1f} s "
            f"({sum(result.rows.values())} rows, content {result.content_hash[:16]})"
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
                print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f"  ({detail})" if detail else ""))
            print(f"catalog {catalog.path}: {'verified' if report.ok else 'FAILED'}")
        return 0 if report.ok else EXIT_FAILED
    if args.catalog_command == "audit":
        return _audit(catalog, args)
    info = catalog.info()
    info["data_pack"] = json.loads(catalog.meta.get("data_pack") or "null")
    if args.json:
        _print_json(info)
        return 0
    from minref.datapack.install import describe

    print(f"catalog   {info['path']}")
    pack = info["data_pack"]
    print("pack      " + (describe(pack) if pack else "none: the catalog shipped with minref"))
    print(f"schema    {info['schema_version']}   built by minref {info['built_by']}")
    print(f"content   {info['content_hash'][:16]}")
    print(f"editions  {', '.join(info['editions'])}")
    print("rows:")
    for name, n in sorted(info["row_counts"].items()):
        print(f"  {name:24} {n:>8}")
    print("sources:")
    from minref.catalog.audit import curation_notes

    curation = curation_notes(catalog.conn) if getattr(args, "verbose", False) else {}
    for s in info["sources"]:
        print(f"  [{s['source_id']}] {s['citation']}")
        print(f"      licence: {s['licence']}")
        if s["source_id"] in curation:
            print(f"      curation: {curation[s['source_id']]}")
    return 0


def _audit(catalog, args) -> int:
    from minref.analysis.lines import headline
    from minref.catalog.audit import basis_of, run

    raw = None
    if args.source:
        from minref.ingest.rawcount import raw_world_counts

        try:
            raw = raw_world_counts(Path(args.source))
        except (OSError, ValueError, KeyError) as exc:
            print(f"minref: cannot count the raw cells in {args.source}: {exc}", file=sys.stderr)
            return EXIT_FAILED
    bad, fine = run(catalog.conn, raw_counts=raw, headline=headline, basis_of=basis_of)
    for f, reason in fine if args.all else []:
        print(f"accepted {f.line()}\n         reason: {reason}")
    for f in bad:
        print(f.line())
    print(f"{len(bad)} finding(s) not accepted, {len(fine)} accepted (db/audit_accepted.csv)")
    return EXIT_FAILED if bad else 0


def _show(args) -> int:
    from minref.analysis.profile import commodity_report

    catalog = _open(args)
    cid = catalog.resolve_commodity(args.commodity)
    report = commodity_report(catalog, cid, edition=args.edition, year=args.year)
    held = report.world_production.available_years
    if args.year is not None and args.year not in held:
        print(
            f"minref: MCS {report.world_production.edition} holds world production for "
            f"{', '.join(map(str, held)) or 'no year'} of {report.profile.name_en}, "
            f"not {args.year}",
            file=sys.stderr,
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
        print(f"{h.kind:10} {h.key:12} {h.title}")
    return 0


def _amount(text: str) -> float:
    """A finite number of at least 0 (argparse type)."""
    import math

    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(v) or v < 0:
        raise argparse.ArgumentTypeError(f"must be a finite number of at least 0: {text!r}")
    return v


def _trade(args) -> int:
    catalog = _open(args)
    reporter = catalog.resolve_country(args.reporter)
    partner = catalog.resolve_country(args.partner) if args.partner else None
    data = _trade_data(args, catalog)  # the bundled rows and the user's own imports
    if args.table or args.shares or args.mirror or args.coverage:
        return _trade_view(args, data, reporter, partner)
    flows = data.flows(reporter, partner, args.hs, args.year, args.flow)
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

    print_trade(flows, [data.source(s) for s in sources])
    return 0


def _trade_view(args, data, reporter, partner) -> int:
    """``minref trade --table | --shares | --mirror | --coverage``: what the desk shows."""
    from minref.analysis import trade as tr

    cat = data.catalog
    flow = args.flow or "export"
    if args.shares and not args.hs:
        print("minref: --shares needs a product: --hs CODE (e.g. --hs 2603)", file=sys.stderr)
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
        rows = tr.mirror_like_with_like(data, reporter, partner or "USA")
        out = {"view": "mirror", "rows": rows, "causes": tr.MIRROR_CAUSES}
        sources = sorted({s for m in rows for s in m.a_sources + m.b_sources})
    else:
        cells = tr.coverage(data, reporter, partner or "USA")
        out = {"view": "coverage", "cells": cells}
        sources = sorted({h.rsplit(", ", 1)[-1].rstrip(")") for c in cells for h in c.held})
    out["sources"] = [s for s in (data.source(i) for i in sources) if s]
    if args.json:
        _print_json(out)
        return 0
    _print_trade_view(out)
    return 0


def _print_trade_view(out: dict) -> None:
    def usd(v):
        return "" if v is None else f"{v:,.0f}"

    if out["view"] == "table":
        t = out["table"]
        print(t.title + " (US$)")
        print(f"{'HS':48}" + "".join(f"{y:>16}" for y in t.years))
        for r in t.rows + [t.total]:
            name = ("  " if r.level == 4 else "") + (f"{r.code} " if r.code else "") + r.label
            print(f"{name[:48]:48}" + "".join(f"{usd(r.value(y)):>16}" for y in t.years))
        for n in t.notes:
            print(n)
    elif out["view"] == "shares":
        c = out["shares"]
        print(
            f"HS {out['hs']} {out['flow']}s: total US${c.total_usd:,.0f}, HHI {c.hhi:,.0f}, "
            f"top-3 {c.top3_pct:.1f}%"
        )
        for s in c.shares:
            print(f"  {s.partner[:40]:40} {s.value_usd:>18,.0f} {s.share_pct:6.1f}%")
        if c.note:
            print(c.note)
    elif out["view"] == "mirror":
        for m in out["rows"]:
            gap = f"{m.gap_pct:+.1f}%" if m.gap_pct is not None else ""
            print(
                f"{m.year} ch.{m.chapter} {usd(m.declared_by_a):>16} {usd(m.declared_by_b):>16} "
                f"{m.basis or 'not comparable':20} {gap:>9} {m.note}"
            )
    else:
        for c in out["cells"]:
            if c.held:
                print(f"ch.{c.chapter} {c.year}: " + "; ".join(c.held))
    for s in out["sources"]:
        print(f"Source: {s.citation()} — {s.attribution}")


def _chart(args) -> int:
    from minref.analysis.charts import CHART_KINDS, build_chart

    if args.kind not in CHART_KINDS:
        print(
            f"minref: unknown chart kind {args.kind!r}; choose from {', '.join(CHART_KINDS)}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    ext = args.out.rsplit(".", 1)[-1].lower()
    if ext not in ("png", "svg", "csv"):
        print("minref: --out must end in .png, .svg or .csv", file=sys.stderr)
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
            print(
                f"minref: {spec.title}: {spec.empty_reason or 'no figures to plot'}",
                file=sys.stderr,
            )
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
    print(f"wrote {args.out}: {spec.title}")
    return 0


def _brief(args) -> int:
    from minref.briefing import kinds as brief_kinds
    from minref.briefing.document import BriefOptions, BriefWriteError

    catalog = _open(args)
    opts = BriefOptions(paper=args.paper, marking=args.marking, title=args.title, note=args.note)
    kind = brief_kinds.get(args.what)
    names = [n.strip() for n in args.target.split(",") if n.strip()]
    if kind.target == brief_kinds.COMMODITY:
        if len(names) != 1:
            print(
                f"minref: name one commodity: minref brief {kind.id} silver --out ...",
                file=sys.stderr,
            )
            return EXIT_USAGE
        targets = [catalog.resolve_commodity(names[0])]
    elif kind.target == brief_kinds.COMMODITIES:
        targets = [catalog.resolve_commodity(n) for n in names]
        if not targets:
            print(
                f"minref: list the commodities: minref brief {kind.id} silver,zinc --out ...",
                file=sys.stderr,
            )
            return EXIT_USAGE
    elif kind.target == brief_kinds.COUNTRY:
        targets = [catalog.resolve_country(n) for n in names] or list(kind.countries[:1])
        if kind.countries and targets[0] not in kind.countries:
            print(
                f"minref: the {kind.label} is written for {', '.join(kind.countries)}: "
                f"minref brief {kind.id} {kind.countries[0]}",
                file=sys.stderr,
            )
            return EXIT_USAGE
    else:  # a kind written about nothing may take an option (supply: the list, EU-2023)
        targets = names

    def progress(done, total, what):
        if sys.stderr.isatty():
            print(f"\r{done}/{total} {what[:40]:40}", end="", file=sys.stderr, flush=True)

    if len(targets) > 1:
        opts.progress = progress
    try:
        path = brief_kinds.write(kind.id, catalog, targets, args.out, opts)
        if len(targets) > 1 and sys.stderr.isatty():
            print(file=sys.stderr)
    except BriefWriteError as exc:
        print(f"minref: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:
        print(f"minref: the PDF could not be written: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote {path}")
    return 0


def _trade_data(args, catalog):
    from pathlib import Path

    from minref.analysis.trade import TradeData
    from minref.userdata.store import UserData, UserDataError, default_path

    explicit = getattr(args, "data", None)
    if explicit and not Path(explicit).is_file():
        # reading commands never create a data file: only 'minref import' does
        raise UserDataError(f"no data file at {explicit} (import a file first: minref import)")
    path = explicit or default_path()
    user = UserData(path) if (explicit or default_path().exists()) else None
    return TradeData(catalog, user)


def _claims(args) -> int:
    from minref.analysis import claims

    catalog = _open(args)
    data = _trade_data(args, catalog)
    results = claims.check_claims(
        data,
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
        print("minref: --card needs --out FILE.pdf", file=sys.stderr)
        return EXIT_USAGE
    opts = BriefOptions(paper=args.paper, marking=args.marking)
    try:
        path = claim_card(data, result, args.out, opts)
    except (BriefWriteError, OSError) as exc:
        print(f"minref: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote {path}: {result.claim}")
    return 0


def _import(args) -> int:
    from minref.userdata.store import UserData, UserDataError

    actions = [a for a in (args.file, args.list, args.remove is not None) if a]
    if len(actions) != 1:
        print("minref: import takes one of FILE, --list or --remove ID", file=sys.stderr)
        return EXIT_USAGE
    if args.list or args.remove is not None:
        if args.remove is not None and not 0 < args.remove < 2**62:
            print(f"minref: there is no import {args.remove}", file=sys.stderr)
            return EXIT_USAGE
        try:
            user = UserData(args.data)
            if args.list:
                records = user.imports()
            else:
                removed = user.remove_import(args.remove)
        except UserDataError as exc:
            print(f"minref: {exc}", file=sys.stderr)
            return EXIT_FAILED
        if args.remove is not None:
            if args.json:
                _print_json({"removed": removed})
            else:
                print(
                    f"removed import {removed.import_id} ({removed.file_name}, "
                    f"{removed.rows:,} rows) from {user.path}"
                )
            return 0
        if args.json:
            _print_json({"data_file": str(user.path), "imports": records})
            return 0
        if not records:
            print(f"No imports in {user.path}.")
        for r in records:
            print(
                f"{r.import_id:>4}  {r.imported_at[:16]}  {r.file_format:9} {r.rows:>12,} rows  "
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
        print(
            f"minref: {args.file}: {str(exc).rstrip('.')}. Nothing was imported.", file=sys.stderr
        )
        return EXIT_FAILED
    except KeyboardInterrupt:
        if bar:
            bar.done()
        print("minref: cancelled; nothing was imported.", file=sys.stderr)
        return 130
    if bar:
        bar.done()
    if not args.json:
        print(preview.summary())
        for w in preview.warnings:
            print(f"  note: {w}")
    if not args.yes:
        if args.json:
            _print_json({"preview": _preview_json(preview), "imported": None})
            return 0
        if not sys.stdin.isatty():
            print("Preview only: add --yes to import.")
            return 0
        if input("Import these rows into your data? [y/N] ").strip().lower() not in ("y", "yes"):
            print("Nothing was imported.")
            return 0
    try:
        record = commit_import(preview, user, progress=bar)
    except (ImportFormatError, UserDataError, ImportCancelled) as exc:
        if bar:
            bar.done()
        print(f"minref: {args.file}: {str(exc).rstrip('.')}.", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        if bar:
            bar.done()
        print("minref: cancelled; nothing was imported.", file=sys.stderr)
        return 130
    if bar:
        bar.done()
    if args.json:
        _print_json({"preview": _preview_json(preview), "imported": record})
        return 0
    skipped = f" ({preview.skipped:,} repeats skipped)" if preview.skipped else ""
    print(f"imported {record.rows:,} rows{skipped} as {record.source_id} into {user.path}")
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
        print(f"minref: {exc}", file=sys.stderr)
        return EXIT_USAGE
    whatif, label = None, ""
    if args.without:
        removed, label = supply.resolve_without(catalog, args.without, groups)
        whatif = supply.what_if(table, removed, label)
    if args.json:
        _print_json(supply.as_json(catalog, table, whatif, label))
    else:
        print(supply.as_text(catalog, table, whatif, label))
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
