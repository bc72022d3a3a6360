#!/usr/bin/env python3
"""minref's translation tool: extract, update, compile and check the message catalogs.

    .venv/bin/python scripts/i18n.py extract   # minref/**/*.py -> minref/locale/messages.pot
    .venv/bin/python scripts/i18n.py update    # merge the .pot into es and fr .po files
    .venv/bin/python scripts/i18n.py compile   # .po -> .mo beside them (optional: minref
                                               # compiles into the user cache on first use)
    .venv/bin/python scripts/i18n.py check     # untranslated or fuzzy entries; exit 1 if any
    .venv/bin/python scripts/i18n.py todo [FILE ...] > todo.json
                                               # untranslated entries (of these source files)
    .venv/bin/python scripts/i18n.py fill todo.json
                                               # write the translations filled into todo.json

Keywords extracted: _, gettext, N_, ngettext (1, 2), pgettext (context, 1), tr and self.tr
(Qt widgets), QCoreApplication.translate (context, 2).  The same thing with pybabel:

    pybabel extract -k _ -k N_ -k tr -k ngettext:1,2 -k pgettext:1c,2 -k translate:1c,2 \
        -o minref/locale/messages.pot minref
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402

from minref import __version__, i18n  # noqa: E402

KEYWORDS = {
    "_": None,
    "gettext": None,
    "N_": None,
    "NP_": ((1, "c"), 2),
    # self.tr("text") in widgets; tr(context, "text") where tr = QCoreApplication.translate
    "tr": {1: (1,), 2: ((1, "c"), 2)},
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "translate": {2: ((1, "c"), 2), 3: ((1, "c"), 2), 4: ((1, "c"), 2)},
}
POT = i18n.LOCALE_DIR / "messages.pot"
LANGS = ("es", "fr")


def extract() -> Catalog:
    """Every translatable string in minref/, with its file and line."""
    catalog = Catalog(
        project="minref",
        version=__version__,
        msgid_bugs_address="",
        copyright_holder="minref",
        charset="utf-8",
    )
    method_map = [("**/locale/**", "ignore"), ("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(REPO / "minref"), method_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        if not message or (isinstance(message, tuple) and not message[0]):
            continue
        catalog.add(
            message,
            None,
            [(f"minref/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def _write(catalog: Catalog, path: Path, **kw) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        # file names without line numbers: an edit elsewhere in a file does not churn the .po
        write_po(fh, catalog, width=100, include_lineno=False, **kw)


def cmd_extract(_args) -> int:
    catalog = extract()
    _write(catalog, POT, omit_header=False)
    print(f"wrote {POT.relative_to(REPO)}: {len(catalog)} messages")
    return 0


def cmd_update(_args) -> int:
    template = extract()
    _write(template, POT)
    for lang in LANGS:
        po = i18n.po_path(lang)
        if po.is_file():
            with open(po, "rb") as fh:
                catalog = read_po(fh, locale=lang, domain=i18n.DOMAIN)
        else:
            catalog = Catalog(locale=lang, domain=i18n.DOMAIN, project="minref")
        catalog.update(template, no_fuzzy_matching=True)
        _write(catalog, po, ignore_obsolete=True)
        missing = sum(1 for m in catalog if m.id and not _translated(m))
        print(f"updated {po.relative_to(REPO)}: {len(catalog)} messages, {missing} to translate")
    return 0


def cmd_compile(_args) -> int:
    for lang in LANGS:
        po = i18n.po_path(lang)
        i18n.compile_po(po, po.with_suffix(".mo"))
        print(f"compiled {po.with_suffix('.mo').relative_to(REPO)}")
    return 0


def _translated(message) -> bool:
    if isinstance(message.string, (list, tuple)):
        return all(message.string)
    return bool(message.string)


def problems(lang: str) -> list[str]:
    """Entries of a language's catalog that are empty or fuzzy."""
    with open(i18n.po_path(lang), "rb") as fh:
        catalog = read_po(fh, locale=lang, domain=i18n.DOMAIN)
    out = []
    for m in catalog:
        if not m.id:
            continue
        if m.fuzzy:
            out.append(f"{lang}: fuzzy: {m.id!r}")
        elif not _translated(m):
            out.append(f"{lang}: untranslated: {m.id!r}")
    return out


def cmd_check(_args) -> int:
    template = {m.id for m in extract() if m.id}
    bad = []
    for lang in LANGS:
        bad += problems(lang)
        with open(i18n.po_path(lang), "rb") as fh:
            have = {m.id for m in read_po(fh, locale=lang) if m.id}
        missing = sorted(template - have, key=str)
        bad += [f"{lang}: not in the .po (run update): {m!r}" for m in missing]
    for line in bad:
        print(line)
    print(f"{len(template)} messages; {len(bad)} problems")
    return 1 if bad else 0


def _read(lang: str) -> Catalog:
    with open(i18n.po_path(lang), "rb") as fh:
        return read_po(fh, locale=lang, domain=i18n.DOMAIN)


def cmd_todo(args) -> int:
    """Untranslated or fuzzy entries as JSON, for a translator (or a script) to fill:
    [{"id": ..., "plural": ..., "context": ..., "where": [...], "es": "", "fr": ""}].
    With files, only the entries used in those files. Plural entries take a list of as
    many forms as the language has."""
    files = {f.replace("\\", "/") for f in args.files}
    todo: dict[tuple, dict] = {}
    catalogs = {lang: _read(lang) for lang in LANGS}
    for lang in LANGS:
        for m in catalogs[lang]:
            if not m.id or (_translated(m) and not m.fuzzy):
                continue
            where = [f"{f}:{n}" for f, n in m.locations]
            if files and not any(f in files for f, _n in m.locations):
                continue
            single, plural = (m.id, m.id[1]) if isinstance(m.id, tuple) else (m.id, None)
            key = (single if isinstance(single, str) else single[0], m.context)
            entry = todo.setdefault(
                key,
                {"id": key[0], "plural": plural, "context": m.context, "where": where},
            )
            # as many forms as the language's CLDR plural rule has (es, fr: one, many, other)
            entry[lang] = [""] * catalogs[lang].num_plurals if plural else ""
    json.dump(list(todo.values()), sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


def cmd_fill(args) -> int:
    """Write translations from a JSON list made by ``todo`` (entries left empty are skipped)."""
    with open(args.json, encoding="utf-8") as fh:
        entries = json.load(fh)
    for lang in LANGS:
        catalog = _read(lang)
        filled = 0
        for e in entries:
            text = e.get(lang)
            if not text or (isinstance(text, list) and not all(text)):
                continue
            key = (e["id"], e["plural"]) if e.get("plural") else e["id"]
            m = catalog.get(key, context=e.get("context"))
            if m is None:
                print(f"{lang}: not in the catalog (run update first): {e['id']!r}")
                continue
            m.string = tuple(text) if isinstance(text, list) else text
            m.flags.discard("fuzzy")
            filled += 1
        _write(catalog, i18n.po_path(lang), ignore_obsolete=True)
        print(f"{lang}: {filled} entries filled")
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("extract", "update", "compile", "check"):
        sub.add_parser(name)
    sub.add_parser("todo").add_argument("files", nargs="*", help="minref/... source files")
    sub.add_parser("fill").add_argument("json", help="a list made by todo, filled in")
    args = p.parse_args(argv)
    commands = {
        "extract": cmd_extract,
        "update": cmd_update,
        "compile": cmd_compile,
        "check": cmd_check,
        "todo": cmd_todo,
        "fill": cmd_fill,
    }
    return commands[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
