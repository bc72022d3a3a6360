"""The brief kinds: one entry each, read by the CLI, the export dialog, the self-test and the tests.

Adding a brief is one :func:`register` call with the function that writes it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from minref.i18n import N_
from minref.records import record

logger = logging.getLogger(__name__)

# What a kind is written about: one commodity, a list of commodities, a country, or nothing.
COMMODITY, COMMODITIES, COUNTRY, NOTHING = "commodity", "commodities", "country", ""


@record
class BriefKind:
    """One kind of briefing and how to write it."""

    id: str
    label: str  # as the export dialog and --help name it (English; shown through title())
    target: str  # COMMODITY | COMMODITIES | COUNTRY | NOTHING
    # write(catalog, targets, out, opts) -> Path; targets are resolved ids (or ISO3)
    write: Callable
    file_stem: str = ""  # default file name; "{target}" is replaced by the first target
    aliases: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # for COUNTRY kinds: the countries it is written for
    sample: tuple[str, ...] = ()  # targets the self-test writes it for

    def title(self) -> str:
        """The kind's label in the reader's language."""
        from minref.i18n import _

        return _(self.label)

    def default_name(self, targets: list[str], name_of: Callable | None = None) -> str:
        """The file name the save dialog proposes, in the current language:
        "informe-plata.pdf" for a Spanish silver brief (``name_of`` gives a target's
        name in that language; without it the target's id is used)."""
        from minref.i18n import _

        stem = _(self.file_stem) if self.file_stem else self.id
        target = targets[0] if targets else self.id
        if name_of is not None and targets:
            target = file_word(name_of(target)) or target
        return stem.replace("{target}", target) + ".pdf"


def file_word(text: str) -> str:
    """ "Tierras raras (ETR)" -> "tierras-raras-etr": a name as a file name's part that
    every system and e-mail gateway keeps (ASCII letters, digits and hyphens)."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", plain.lower()))


BRIEF_KINDS: dict[str, BriefKind] = {}


def register(kind: BriefKind) -> BriefKind:
    """Add a brief kind (its id and aliases must be new)."""
    for name in (kind.id, *kind.aliases):
        if name in BRIEF_KINDS or any(name in k.aliases for k in BRIEF_KINDS.values()):
            raise ValueError(f"brief kind {name!r} is registered already")
    BRIEF_KINDS[kind.id] = kind
    return kind


def get(name: str) -> BriefKind:
    """The kind by id or alias; KeyError if there is none."""
    if name in BRIEF_KINDS:
        return BRIEF_KINDS[name]
    for k in BRIEF_KINDS.values():
        if name in k.aliases:
            return k
    raise KeyError(name)


def names() -> list[str]:
    """Every id and alias the CLI accepts."""
    return [n for k in BRIEF_KINDS.values() for n in (k.id, *k.aliases)]


def write(kind: str, catalog, targets: list[str], out: str | Path, opts) -> Path:
    """Write a brief of a kind for resolved targets, in ``opts.lang`` (default: the
    current language)."""
    from minref import i18n

    with i18n.using(getattr(opts, "lang", None)):
        return get(kind).write(catalog, targets, out, opts)


def _lazy(name: str) -> Callable:
    """briefs.NAME, imported on first call (reportlab is not loaded for --help)."""

    def call(*args, **kwargs):
        from minref.briefing import briefs

        return getattr(briefs, name)(*args, **kwargs)

    return call


def _builtin() -> None:
    register(
        BriefKind(
            "commodity",
            N_("Commodity brief"),
            COMMODITY,
            lambda cat, t, out, opts: _lazy("commodity_brief")(cat, t[0], out, opts),
            file_stem=N_("{target}-brief"),
            sample=("silver",),
        )
    )
    register(
        BriefKind(
            "mexico-us",
            N_("Mexico–United States brief"),
            COUNTRY,
            lambda cat, t, out, opts: _lazy("mexico_us_brief")(cat, out, opts),
            file_stem=N_("mexico-us-brief"),
            aliases=("country",),
            countries=("MEX",),
            sample=("MEX",),
        )
    )
    register(
        BriefKind(
            "rare-earths",
            N_("Rare earths brief"),
            NOTHING,
            lambda cat, t, out, opts: _lazy("rare_earths_brief")(cat, out, opts),
            file_stem=N_("rare-earths-brief"),
        )
    )
    register(
        BriefKind(
            "pack",
            N_("Briefing pack"),
            COMMODITIES,
            lambda cat, t, out, opts: _lazy("pack")(cat, t, out, opts),
            file_stem=N_("briefing-pack"),
            sample=("silver", "fluorspar"),
        )
    )


_builtin()


def _supply_brief(cat, targets, out, opts):
    from minref.briefing.supply import supply_brief

    return supply_brief(cat, targets, out, opts)


register(
    BriefKind(
        "supply",
        "North American critical-minerals supply",
        NOTHING,  # the page passes its list id as the one target; the default is the U.S. list
        _supply_brief,
        file_stem=N_("north-american-supply"),
    )
)
