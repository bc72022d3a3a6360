"""What ``minref data ...`` prints: a thin layer over keys, make, pack and install."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

from minref.errors import quoted
from minref.i18n import _, format_decimal, format_fixed

from . import PackError, PackRefused

logger = logging.getLogger(__name__)

EXIT_FAILED = 1
EXIT_USAGE = 2


def _err(text: str) -> None:
    print(f"minref: {text}", file=sys.stderr)


def _in_use() -> str:
    from .install import in_use_description

    try:
        return in_use_description()
    except Exception as exc:  # the pointer itself is broken: say so, never a traceback
        from minref.errors import explain

        return _("unknown ({problem})").format(problem=explain(exc))


def run(args) -> int:
    """Dispatch one ``minref data ACTION``; returns the exit code."""
    action = args.data_command
    try:
        if action == "keygen":
            from .keys import keygen

            private, public, kid = keygen(Path(args.out), args.name)
            print(_("private key {path} (keep it safe; it signs packs)").format(path=private))
            print(
                _("public key {path} (key {id}): copy it into a trusted-keys folder").format(
                    path=public, id=kid
                )
            )
            return 0
        if action == "make-pack":
            return _make(args)
        if action == "verify":
            from .pack import read_pack

            pack = read_pack(args.file, max_bytes=_limit(args))
            print(_("verified: {pack}").format(pack=pack.summary()))
            for note in pack.notes():
                print(note)
            return 0
        if action == "install":
            return _install(args)
        if action == "rollback":
            from .install import rollback

            rollback()
            print(_("rolled back; now in use: {catalog}").format(catalog=_in_use()))
            return 0
        if action == "status":
            return _status(args)
        if action == "diff":
            return _diff(args)
    except PackRefused as exc:
        _err(
            _("refused: {problem}. Nothing was changed; in use: {catalog}.").format(
                problem=str(exc).rstrip("."), catalog=_in_use()
            )
        )
        return EXIT_FAILED
    except PackError as exc:
        _err(str(exc))
        return EXIT_FAILED
    _err(_("unknown data action {action}").format(action=quoted(action)))
    return EXIT_USAGE


def _limit(args) -> int:
    from .pack import DEFAULT_MAX_BYTES

    mb = getattr(args, "max_size", None)
    return int(mb * 1024 * 1024) if mb else DEFAULT_MAX_BYTES


def _make(args) -> int:
    from .make import make_pack
    from .pack import kind_word

    sources = [s.strip() for s in (args.sources or "").split(",") if s.strip()]
    path, manifest = make_pack(
        args.out,
        args.key,
        raw_dir=args.source,
        db_dir=args.from_db,
        update=args.update,
        only_sources=sources or None,
        label=args.label or "",
        min_minref=args.min_minref,
    )
    eds = ", ".join(f"MCS {e}" for e in manifest["editions"]) or _("no MCS edition")
    print(
        _(
            "wrote {path} ({bytes} bytes): {kind} pack {id}; {editions}; {sources} sources; "
            "content {hash}; signed with key {key}"
        ).format(
            path=path,
            bytes=format_decimal(path.stat().st_size),
            kind=kind_word(manifest["kind"]),
            id=manifest["pack_id"],
            editions=eds,
            sources=len(manifest["sources"]),
            hash=manifest["content_hash"][:16],
            key=manifest["signer"]["key_id"],
        )
    )
    return 0


def _install(args) -> int:
    from .install import describe, install

    result = install(args.file, max_bytes=_limit(args))
    print(_("installed {pack}").format(pack=describe(result.entry)))
    for note in result.notes:
        print(note)
    print(
        _("catalog: {path} ({seconds} s)").format(
            path=result.path, seconds=format_fixed(result.seconds, 1)
        )
    )
    if result.previous:
        print(
            _("previous: {id} (kept: minref data rollback)").format(id=result.previous["pack_id"])
        )
    else:
        print(_("previous: the catalog shipped with minref (minref data rollback returns to it)"))
    if result.previous and result.entry["created"] < result.previous.get("created", ""):
        print(
            _("note: this pack was made ({made}) before the one it replaces ({replaced})").format(
                made=result.entry["created"], replaced=result.previous["created"]
            )
        )
    if args.catalog or os.environ.get("MINREF_CATALOG"):
        print(_("note: --catalog / $MINREF_CATALOG still selects another catalog in this shell"))
    _what_changed(result)
    return 0


def _what_changed(result) -> None:
    """After an install: the diff from the previous catalog's newest edition to the new one's."""
    from minref.analysis.diff import diff_text, edition_diff
    from minref.catalog import store
    from minref.catalog.queries import Catalog

    try:
        if result.previous:
            old_path = store.packs_dir() / result.previous["dir"] / store.PACK_CATALOG_FILE
        else:
            old_path = store.shipped_catalog(build_if_missing=False)
        old, new = Catalog.open(old_path), Catalog.open(result.path)
    except (store.CatalogError, OSError) as exc:
        logger.info("no diff after install: %s", exc)
        return
    try:
        a, b = old.latest_edition, new.latest_edition
        diff = edition_diff(old, a, b, new)
        if diff.is_empty:
            print()
            print(
                _(
                    "What changed from the previous catalog (MCS {edition}): nothing in the "
                    "MCS figures, ranks, flags or critical lists compared"
                ).format(edition=a)
            )
            return
        lines = diff_text(diff, limit=5)
        print()
        print(
            _(
                "What changed from the previous catalog (MCS {old}) to the new one (MCS {new}):"
            ).format(old=a, new=b)
        )
        print("\n".join(lines[1:]))
        print(
            _("(all of it: minref data diff --from {old} --to {new} --old-catalog {path})").format(
                old=a, new=b, path=old_path
            )
        )
    finally:
        old.close()
        new.close()


def _status(args) -> int:
    from .install import status

    pointer = status()
    if args.json:
        json.dump(pointer, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    print(_("in use: {catalog}").format(catalog=_in_use()))
    for e in pointer["previous"]:
        print(
            _("kept for rollback: {id} (installed {when})").format(
                id=e["pack_id"], when=e["installed"]
            )
        )
    return 0


def _diff(args) -> int:
    from dataclasses import asdict

    from minref.analysis.diff import diff_text, edition_diff
    from minref.analysis.text import editions_text, parse_edition
    from minref.catalog.queries import Catalog, open_default

    new = open_default(args.catalog)
    old = Catalog.open(args.old_catalog) if args.old_catalog else new
    editions = {}
    for cat, text, flag in ((old, args.from_edition, "--from"), (new, args.to_edition, "--to")):
        edition = parse_edition(text)
        held = editions_text(cat.editions)
        if edition is None:
            shown = " ".join(text.split())  # one line, however it was typed
            shown = shown if len(shown) <= 24 else shown[:20] + "…"
            _err(
                _("{option}: {value} is not an MCS edition; the catalog holds {editions}").format(
                    option=flag, value=quoted(shown), editions=held
                )
            )
            return EXIT_USAGE
        if edition not in cat.editions:
            if cat is old and args.old_catalog:
                message = _("MCS {edition} is not in {path}; it holds {editions}").format(
                    edition=edition, path=args.old_catalog, editions=held
                )
            else:  # the words of `minref show --edition`
                message = _("MCS {edition} is not in the catalog; it holds {editions}").format(
                    edition=edition, editions=held
                )
            _err(message)
            return EXIT_USAGE
        editions[flag] = edition
    diff = edition_diff(
        old, editions["--from"], editions["--to"], new, threshold_pct=args.threshold
    )
    if args.csv:
        from minref.analysis.diff import diff_csv
        from minref.files import atomic_write_text

        atomic_write_text(args.csv, diff_csv(diff))
        print(
            _(
                "wrote {path}: {revisions} revisions, {ranks} rank changes, {flags} flag changes"
            ).format(
                path=args.csv,
                revisions=len(diff.revisions),
                ranks=len(diff.rank_changes),
                flags=len(diff.flag_changes),
            )
        )
        return 0
    if args.json:
        data = asdict(diff)
        data["mexico"] = {k: [asdict(x) for x in v] for k, v in diff.mexico().items()}
        data["sources"] = [asdict(new.source(s) or old.source(s)) for s in diff.source_ids]
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    print("\n".join(diff_text(diff, limit=args.limit)))
    return 0
