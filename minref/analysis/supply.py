"""North American supply: where the U.S. depends on one source, and what Mexico and Canada
could supply.

One row per mineral of a critical-mineral list (members resolved through their groups:
rare-earth elements to the rare-earths chapter, PGMs to the PGM chapter), with U.S. net
import reliance, China's share of world production (and of refining where USGS or the IEA
give it), the leading producer, the top-3 share, the concentration of world production
(HHI), the USMCA countries' shares of world production and reserves, and the shares of
U.S. imports from Mexico, Canada and China.  A what-if removes a country (or a group) and
recomputes.  Pure functions over the catalog's query methods; no SQL, no Qt.

Shares are of USGS's rounded world total, among the countries USGS lists; a figure USGS
withholds or does not state is missing, never zero.  One exception, one rule: where the
listed countries' stated figures add up to more than the rounded world total (bismuth,
MCS 2026: 16,280 t listed, world 16,000 t), the top-3 share, the HHI and the whole what-if
(share removed, share left, next three) are of the listed sum (:func:`share_total`), so that
they add up to 100%; a country's own share in the table stays of the world total.  Both
figures then say so: the table's share names its share of the listed sum, and the what-if
row names the table's share of the world total (:func:`listed_sum_clause`).
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import field
from typing import TYPE_CHECKING

from minref.analysis.text import (  # noqa: F401 (sp.no_share_mark, sp.members_text, ...)
    NO_SHARE,
    import_product,
    members_as_listed,
    members_text,
    no_share_mark,
)
from minref.catalog.flags import ROUNDED
from minref.catalog.models import Figure, ImportSource, WorldTable, format_number
from minref.catalog.queries import Catalog
from minref.i18n import (
    N_,
    NP_,
    _,
    clauses,
    collation_key,
    format_fixed,
    format_percent,
    ngettext,
    percent_sign,
    pgettext,
    sorted_names,
)
from minref.records import record

if TYPE_CHECKING:
    from collections.abc import Sequence

logger = logging.getLogger(__name__)

CHINA, MEXICO, CANADA, USA = "CHN", "MEX", "CAN", "USA"
USMCA = (MEXICO, CANADA, USA)
IEA_SOURCE = "iea-critical-minerals-2024"
IEA_CITE = "IEA (2024), Critical Minerals Data Explorer"
# English here (JSON output); shown through _() in the reader's language.
IEA_CAVEAT = N_(
    "The IEA file held is a third party's restructuring of the IEA explorer "
    "(cross-check against the IEA before quoting)."
)
SHARE_BASIS = N_("share of USGS's rounded world total, among the countries USGS lists")
# The IEA file's stages, as minref names them.
IEA_STAGES = {"mining": NP_("IEA stage", "mining"), "refining": NP_("IEA stage", "refining")}
# What compare_supply and what_if conclude (English keys in JSON; shown through verdict_text).
VERDICTS = {
    "larger": NP_("supply verdict", "larger"),
    "smaller": NP_("supply verdict", "smaller"),
    "equal": NP_("supply verdict", "equal"),
    "not comparable": NP_("supply verdict", "not comparable"),
    "cannot say": NP_("supply verdict", "cannot say"),
    "smaller (stated figures only)": NP_("supply verdict", "smaller (stated figures only)"),
    "equal (stated figures only)": NP_("supply verdict", "equal (stated figures only)"),
}


def verdict_text(verdict: str) -> str:
    """A what-if verdict in the reader's language ("not comparable" -> "no comparable")."""
    return pgettext("supply verdict", verdict) if verdict in VERDICTS else verdict


def stage_text(stage: str) -> str:
    """An IEA stage in the reader's language ("refining" -> "refinación")."""
    return pgettext("IEA stage", stage) if stage in IEA_STAGES else stage


def line_label(edition, type_: str, year, lower: bool = False) -> str:
    """Where a figure comes from: "MCS 2026, Mine production, 2025" (USGS's line label, in
    the reader's language: "MCS 2026, Producción minera, 2025"; ``lower``: with a small
    first letter, inside a sentence)."""
    from minref.analysis.text import line_label_text

    return _("MCS {edition}, {type}, {year}").format(
        edition=edition, type=line_label_text(type_, lower=lower), year=year
    )


def _unit(unit: str) -> str:
    """A catalog unit in the reader's language (minref.analysis.text.unit_label)."""
    from minref.analysis.text import unit_label

    return unit_label(unit)


def _names(items) -> str:
    return ", ".join(items)


# IEA mineral names that are not a commodity's own name.
IEA_NAMES = {"Rare Earth Elements": "rare-earths", "PGMs": "pgm"}
# IEA country names the country table does not spell so.
IEA_PLACES = {"Democratic Republic of Congo": "COD"}
# Words that name the form or basis of a production or consumption line.
FORM_WORDS = (
    "refined",
    "refinery",
    "smelter",
    "metal",
    "compound",
    "primary",
    "secondary",
    "scrap",
    "recycl",
    "content",
    "oxide",
    "concentrate",
    "ore",
    "all forms",
    "gross weight",
)


class UnknownList(LookupError):
    """A critical-mineral list the catalog does not hold; carries the lists it does hold."""

    def __init__(self, text: str, choices: list[str]):
        self.text, self.choices = text, choices
        super().__init__(
            _(
                "No critical-mineral list called “{name}” in the catalog; choose from {choices}."
            ).format(name=text, choices=", ".join(choices))
        )


# ---------------------------------------------------------------------- arithmetic
def hhi_range() -> str:
    """The HHI's range in the reader's numbers: "0–10,000", "0–10 000"."""
    return f"{format_number(0)}–{format_number(10000)}"


def hhi(shares_pct: list[float]) -> float:
    """Herfindahl-Hirschman index: the sum of squared percentage shares (0-10,000)."""
    return sum(s * s for s in shares_pct)


def share_raw(v: float) -> str:
    """A computed share as minref writes it (its "raw", of :func:`share_value`'s number): one
    decimal, or the two significant digits of a share below 0.1, so that it shows so
    ("69.0" beside "71.8", not "69")."""
    v = share_value(v)
    return f"{v:.1f}" if v == 0 or abs(v) >= 0.1 else f"{v:.2g}"


def share_value(v: float) -> float:
    """A computed share as stored: one decimal, two significant digits below 0.1 (so a
    small share never reads as 0)."""
    if v == 0 or abs(v) >= 0.1:
        return round(v, 1)
    return float(f"{v:.2g}")


def shares_of(values: dict[str, float], total: float) -> dict[str, float]:
    """Percentage shares of a total."""
    return {k: 100.0 * v / total for k, v in values.items()} if total else {}


@record
class Producer:
    iso3: str
    name: str
    value: float
    share_pct: float  # of the world total
    share_of_rest_pct: float | None = None  # of the world total less the removed countries


@record
class WithoutResult:
    """World production of one line without some countries (hand-checkable arithmetic)."""

    removed_value: float | None  # None: a removed country's figure is withheld or missing
    share_left_pct: float | None
    next_three: tuple[Producer, ...]
    hhi_without: float | None
    note: str = ""


def without(
    values: dict[str, float | None],
    world: float | None,
    removed: set[str],
    names: dict[str, str] | None = None,
) -> WithoutResult:
    """Remove ``removed`` from a line's listed countries (ISO3 -> value; None = withheld):
    the share of the world total left, the next three producers (share of the world total
    and of what is left) and the HHI of what is left (shares of world less removed)."""
    names = names or {}
    if not world:
        return WithoutResult(None, None, (), None, _("no world total stated"))
    gone = [k for k in removed if k in values]
    blank = [k for k in gone if values[k] is None]
    if blank:
        return WithoutResult(
            None,
            None,
            (),
            None,
            ngettext(
                "not computed: the figure of {countries} is not stated",
                "not computed: the figures of {countries} are not stated",
                len(blank),
            ).format(countries=_names(sorted_names(names.get(k, k) for k in blank))),
        )
    removed_value = sum(values[k] or 0.0 for k in gone)
    rest = world - removed_value
    left = {k: v for k, v in values.items() if k not in removed and v is not None and v > 0}
    order = sorted(left, key=lambda k: (-left[k], collation_key(names.get(k, k))))
    next3 = tuple(
        Producer(
            k,
            names.get(k, k),
            left[k],
            100.0 * left[k] / world,
            100.0 * left[k] / rest if rest > 0 else None,
        )
        for k in order[:3]
    )
    note = "" if gone else _("none of the countries removed is listed by USGS on this line")
    hhi_rest = hhi(list(shares_of(left, rest).values())) if rest > 0 else None
    note = clauses(x for x in (note, _withheld_note(values, names)) if x)
    return WithoutResult(removed_value, 100.0 * rest / world, next3, hhi_rest, note)


def _withheld_note(values: dict[str, float | None], names: dict[str, str]) -> str:
    blank = [names.get(k, k) for k, v in values.items() if v is None]
    if not blank:
        return ""
    return _("not stated (left out): {countries}").format(countries=_names(sorted_names(blank)))


@record
class Comparison:
    """Whether a production total is larger or smaller than a consumption figure."""

    verdict: str  # larger | smaller | equal | not comparable | cannot say
    production: float | None
    production_unit: str
    production_basis: str
    consumption: Figure | None
    consumption_basis: str
    reason: str = ""
    partial: str = ""  # partners whose figure is not stated (counted as nothing, not zero)


def _forms(text: str) -> set[str]:
    low = text.lower()
    return {w for w in FORM_WORDS if w in low}


def compare_supply(
    production: float | None,
    production_unit: str,
    production_basis: str,
    consumption: Figure | None,
    consumption_basis: str,
) -> Comparison:
    """Production against consumption only when unit and basis agree; otherwise say why
    the two are not comparable.  Nothing is converted or summed across units."""

    def out(verdict: str, reason: str = "") -> Comparison:
        return Comparison(
            verdict,
            production,
            production_unit,
            production_basis,
            consumption,
            consumption_basis,
            reason,
        )

    if consumption is None:
        return out("cannot say", _("U.S. apparent consumption is not held"))
    if production is None:
        return out("cannot say", _("the USMCA countries' production is not stated"))
    if consumption.unit.strip().lower() != production_unit.strip().lower():
        return out(
            "not comparable",
            _(
                "units differ: production in {production_unit}, consumption in {consumption_unit}"
            ).format(
                production_unit=_unit(production_unit), consumption_unit=_unit(consumption.unit)
            ),
        )
    pf, cf = _forms(production_basis) - {"ore"}, _forms(consumption_basis) - {"ore"}
    if pf != cf:
        return out(
            "not comparable",
            _("bases differ: production is “{production}”, consumption is “{consumption}”").format(
                production=production_basis, consumption=consumption_basis
            ),
        )
    if consumption.value is None:
        return out(
            "cannot say",
            _("U.S. consumption is not stated ({code})").format(code=consumption.raw or _("blank")),
        )
    if production > consumption.value:
        return out("larger")
    if production < consumption.value:
        return out("smaller")
    return out("equal")


# ---------------------------------------------------------------------- lists
@record
class CriticalList:
    list_id: str
    jurisdiction: str
    name: str
    year: int
    status: str
    source_id: str


def critical_lists(cat: Catalog) -> list[CriticalList]:
    """The lists held, newest first, drafts last."""
    out = [
        CriticalList(
            r["list_id"],
            r["jurisdiction"],
            r["list_name"],
            r["list_year"],
            r["status"] or "",
            r["source_id"],
        )
        for r in cat.critical_lists_meta()
    ]
    return sorted(out, key=lambda x: ("draft" in x.status.lower(), -x.year, x.list_id))


def short_name(cl: CriticalList) -> str:
    """US-2025, EU-2023, CA-2024, AU-2024: the jurisdiction's code and the list's year."""
    return f"{cl.list_id.split('-')[0]}-{cl.year}"


def resolve_list(cat: Catalog, text: str | None = None) -> CriticalList:
    """A list by id (US-2025, EU-CRM-2023) or by code and year (EU-2023, AU-2024); the
    default is the newest U.S. list in force."""
    lists = critical_lists(cat)
    final = [x for x in lists if "draft" not in x.status.lower()]
    if not text:
        us = [x for x in final if x.jurisdiction == "United States"]
        if not (us or final):
            raise UnknownList("(default)", [])
        return (us or final)[0]
    want = text.strip().upper()
    for x in lists:
        if x.list_id.upper() == want:
            return x
    same = [x for x in final if short_name(x).upper() == want]
    if same:
        # Several lists of one year (EU critical and strategic): the longer one.
        return max(same, key=lambda x: (len(cat.critical_list_members(x.list_id)), x.list_id))
    choices = sorted({short_name(x) for x in final} | {x.list_id for x in lists})
    raise UnknownList(text, choices)


@record
class ListedMineral:
    """A commodity with figures and the list's members it stands for."""

    commodity_id: str
    members: tuple[str, ...]  # the minerals as the list names them
    source_id: str
    # Where its world figures come from: itself, or (a member with U.S. figures of its own
    # whose chapter has a line naming it) that line of the chapter.
    world_id: str = ""  # "" = the commodity itself
    world_type: str | None = None
    # The list's other minerals: a chapter line naming one of them is not this row's line.
    others: tuple[str, ...] = ()


def _own_us_figures(cat: Catalog, cid: str) -> bool:
    return bool(
        cat.us_salient_statistics(cid, ("net_import_reliance",)).rows or cat.us_import_sources(cid)
    )


def list_minerals(cat: Catalog, cl: CriticalList) -> list[ListedMineral]:
    """The list's members, each resolved to the nearest commodity (itself or a group above
    it) that the catalog holds world figures for; a member with U.S. figures of its own
    whose chapter has a line naming it (palladium, platinum) keeps its own row on that line.
    Members with no figures anywhere stay as they are (their rows show what is missing)."""
    held = cat.world_figure_editions()
    parents = cat.commodity_parents()
    groups: dict[str, list[str]] = {}
    sids: dict[str, str] = {}
    lines: dict[str, tuple[str, str | None]] = {}
    members = cat.critical_list_members(cl.list_id)
    names = tuple(m for m, *_ in members)
    for mineral, cid, _category, sid in members:
        if not cid:
            logger.info("list %s: %s has no commodity id", cl.list_id, mineral)
            continue
        node = cid
        while node and node not in held:
            node = parents.get(node, "")
        target = node or cid
        if node and node != cid:
            # The chapter has a line of its own for this member (PGM: "Mine production:
            # Palladium") and the member has U.S. figures: its own row on that line.
            types = cat.world_production(node).available_types
            # "Platinum group metals: Palladium" (a group's member) or "Palladium".
            words = {mineral.lower(), mineral.split(":")[-1].strip().lower()}
            words.add(cat.commodity_name(cid).lower())
            named = [t for t in types if any(w and w in t.lower() for w in words)]
            if named and _own_us_figures(cat, cid):
                target = cid
                lines[cid] = (node, named[0])
        groups.setdefault(target, []).append(mineral)
        sids[target] = sid
    out = []
    # In the reader's alphabetical order, accents folded ("Étain" among the E's).
    for cid in sorted(groups, key=lambda c: collation_key(cat.commodity_name(c))):
        world_id, world_type = lines.get(cid, ("", None))
        own = tuple(sorted(groups[cid]))
        out.append(
            ListedMineral(
                cid,
                own,
                sids[cid],
                world_id,
                world_type,
                tuple(n for n in names if n not in own),
            )
        )
    return out


# ---------------------------------------------------------------------- the table
@record
class LineFacts:
    """One world line (production or reserves) reduced to what the supply table needs."""

    edition: int
    type: str
    year: int | None
    unit: str
    source_id: str
    world: Figure | None
    values: dict[str, float | None]  # ISO3 -> value (None: withheld, bound, or code)
    figures: dict[str, Figure]
    names: dict[str, str]
    others_listed: bool  # an "Other countries" aggregate is on the line
    world_text: str = ""  # the world total as printed, formatted once for the line's notes

    def world_display(self) -> str:
        return self.world_text or (self.world.display() if self.world else "")


def line_facts(t: WorldTable) -> LineFacts | None:
    if not t.rows and t.world_total is None:
        return None
    values, figures, names = {}, {}, {}
    others = False
    for r in t.rows:
        if r.place_kind != "country" or not r.country_iso3:
            others = others or r.place_kind == "others"
            continue
        values[r.country_iso3] = r.figure.value
        figures[r.country_iso3] = r.figure
        names[r.country_iso3] = r.country_name
    return LineFacts(
        t.edition,
        t.type,
        t.year,
        t.unit,
        t.source.source_id if t.source else f"usgs-mcs-{t.edition}",
        t.world_total,
        values,
        figures,
        names,
        others,
        t.world_total.display() if t.world_total else "",
    )


def no_share_explanation() -> str:
    """What the "not calculable" mark means, for the hover text of a cell that shows it."""
    return _(
        "'{no_share}' is minref's own mark, not USGS's: no share can be computed, as the "
        "country's figure or the world total is a bound, a word or a code, not an exact "
        "number (both in the note below)."
    ).format(no_share=no_share_mark())


def is_no_share(f) -> bool:
    """Whether ``f`` is minref's "not calculable" mark (not a code USGS published)."""
    return isinstance(f, Figure) and f.value is None and f.raw == no_share_mark()


def _usgs_code(raw: str) -> bool:
    """A code as USGS prints it in a figure's place ("W", "NA", "XX", "s"), not a bound or
    a word (">2,000,000", "Large")."""
    return bool(raw) and not any(ch.isdigit() for ch in raw) and len(raw) <= 3


def _world_is_zero(line: LineFacts) -> bool:
    return line.world is not None and line.world.value == 0


def _world_flags(line: LineFacts) -> tuple[str, ...]:
    """The world total's flags a share of it carries: not "rounded", which is USGS's word on
    the total, not on minref's share (the share's basis says "USGS's rounded world total")."""
    return tuple(f for f in (line.world.flags if line.world else ()) if f != ROUNDED)


def _share(line: LineFacts | None, iso3: str) -> Figure | None:
    """A country's share of the line's world total as a figure with its provenance."""
    if line is None:
        return None
    flags_w = _world_flags(line)
    where = line_label(line.edition, line.type, line.year)
    if iso3 not in line.figures:
        return None  # not listed by USGS: not zero, not known
    fig = line.figures[iso3]
    world = line.world.value if line.world else None
    # USGS's dash: a stated zero, not an estimate of the share; 0% of any world total but
    # zero, stated or not (tin, U.S. reserves "—" of a world ">6,000,000").
    stated_zero = fig.value == 0 and not _world_is_zero(line)
    if not stated_zero and (fig.value is None or not world):
        return Figure(
            None,
            # The country's own code as USGS printed it ("W", "NA"); where its figure is a
            # bound or a word (">2,000,000", "Large"), or the world total is not a number
            # (boron reserves, MCS 2026: U.S. 48,000 of a world "XX"), minref's own mark:
            # the world's code is not the country's. The figures stay in the note.
            fig.raw if fig.value is None and _usgs_code(fig.raw) else no_share_mark(),
            "percent",
            line.year,
            tuple(fig.flags),
            line.source_id,
            note=_("{country} {figure}; world {world} ({line})").format(
                country=line.names[iso3],
                figure=fig.raw or "—",
                world=line.world.raw if line.world else _("not stated"),
                line=where,
            ),
        )
    if stated_zero:
        return Figure(
            0.0,
            "0",
            "percent",
            line.year,
            ("zero",),
            line.source_id,
            note=_("{country} {figure} (zero) ({line})").format(
                country=line.names[iso3], figure=fig.raw or "0", line=where
            ),
        )
    share = 100.0 * fig.value / world
    return Figure(
        share_value(share),
        share_raw(share),
        "percent",
        line.year,
        tuple(sorted(set(fig.flags) | set(flags_w))),
        line.source_id,
        note=_(
            "{country} {figure} of world {world} {unit} ({line}); {basis}; computed by minref, "
            "one decimal"
        ).format(
            country=line.names[iso3],
            figure=fig.display(),
            world=line.world_display(),
            unit=_unit(line.unit),
            line=where,
            basis=_(SHARE_BASIS),
        ),
    )


def _sum_shares(
    line: LineFacts | None, iso3s: tuple[str, ...], of_listed_sum: bool = False
) -> Figure | None:
    """The USMCA share: the sum of the exact shares, naming the countries left out; with
    ``of_listed_sum``, of :func:`share_total` (the what-if's basis), not the world total."""
    if line is None:
        return None
    world_ok = bool(line.world and line.world.value)
    if not world_ok and (of_listed_sum or all(k not in line.figures for k in iso3s)):
        return None  # none of them listed; the what-if's own basis is its share left
    parts, missing, flags = [], [], set()  # the world's flags: only on a share of it
    where = line_label(line.edition, line.type, line.year)
    for k in iso3s:
        f = line.figures.get(k)
        name = line.names.get(k, k)
        if f is None:
            missing.append(_("{country} not listed").format(country=name))
        elif f.value is None:
            missing.append(
                f"{name} {f.raw}" if f.raw else _("{country} not stated").format(country=name)
            )
        else:
            parts.append(f.value)
            flags |= set(f.flags)
    if not parts:
        return Figure(
            None,
            _("not listed") if all(k not in line.figures for k in iso3s) else _("not stated"),
            "percent",
            line.year,
            (),
            line.source_id,
            note=f"{'; '.join(missing)} ({where})",
        )
    if not any(parts):  # every stated figure is USGS's dash (zero)
        flags = {"zero"}
    elif world_ok:
        flags |= set(_world_flags(line))
    if not world_ok:
        # The world total is a code, a bound or a word ("XX", ">2,000,000"): no share but
        # 0% for stated zeros, and never a blank (blank is "not listed by USGS").
        zero = not any(parts) and not _world_is_zero(line)
        note = _("{country} {figure}; world {world} ({line})").format(
            country=" + ".join(iso3s),
            figure=format_number(sum(parts)),
            world=line.world.raw if line.world else _("not stated"),
            line=where,
        )
        note = _with_left_out(note, missing)
        return Figure(
            0.0 if zero else None,
            "0" if zero else no_share_mark(),
            "percent",
            line.year,
            ("zero",) if zero else tuple(sorted(flags)),
            line.source_id,
            note=note,
        )
    total, above_world = share_total(line) if of_listed_sum else (line.world.value, "")
    share = 100.0 * sum(parts) / total
    if above_world:  # not "of world": the total is the listed countries' sum
        note = _("{countries}: {total} {unit} ({line}); {basis}").format(
            countries=" + ".join(iso3s),
            total=format_number(sum(parts)),
            unit=_unit(line.unit),
            line=where,
            basis=above_world,
        )
    else:
        note = _("{countries}: {total} of world {world} {unit} ({line}); {basis}").format(
            countries=" + ".join(iso3s),
            total=format_number(sum(parts)),
            world=line.world_display(),
            unit=_unit(line.unit),
            line=where,
            basis=_(SHARE_BASIS),
        )
    note = _with_left_out(note, missing)
    return Figure(
        share_value(share),
        share_raw(share),
        "percent",
        line.year,
        tuple(sorted(flags)),
        line.source_id,
        note=note,
    )


@record
class Concentration:
    leader: str  # name
    leader_iso3: str
    leader_share: Figure | None
    top3_share: Figure | None
    top3: tuple[str, ...]
    hhi: Figure | None


def share_total(line: LineFacts) -> tuple[float, str]:
    """The total that concentration and "without" shares are of, and a caveat when it is
    not USGS's world total: the listed countries' stated figures can add up to more than
    the rounded world total (gallium, MCS 2026: China 900,000 kg of a world total of
    900,000 kg, with Russia and Japan besides), and shares of that total would then add
    up to more than 100% and an HHI above 10,000.  Their sum is the total then."""
    world = line.world.value if line.world and line.world.value else 0.0
    listed = sum(v for v in line.values.values() if v is not None and v > 0)
    if listed <= world:
        return world, ""
    return listed, _(
        "shares of the listed countries' sum ({total} {unit}), which exceeds USGS's rounded "
        "world total ({world} {unit})"
    ).format(total=format_number(listed), unit=_unit(line.unit), world=line.world_display())


def _pct(v: float) -> str:
    """A computed share as the table's cells print it (:func:`share_value`): "87.5%",
    "100%", "0.036%"."""
    return f"{format_number(share_value(v))}{percent_sign()}"


def listed_sum_clause(line: LineFacts, iso3s: tuple[str, ...]) -> str:
    """Where the what-if's total is not the world total (:func:`share_total`): the two
    shares of ``iso3s`` side by side, "China: 87.5% of the world total in the supply table,
    86% here", so that a reader sees why the table and the what-if differ.  "" when the
    total is the world total, a share is not stated, or the two read the same."""
    total, above_world = share_total(line)
    world = line.world.value if line.world else None
    vals = [line.values.get(k) for k in iso3s if k in line.values]
    if not above_world or not world or not vals or any(v is None for v in vals):
        return ""
    part = sum(vals)
    world_share, share = _pct(100.0 * part / world), _pct(100.0 * part / total)
    if world_share == share:  # zirconium: 100 of 1,200 and of 1,203 both read 8.3%
        return ""
    return _(
        "{countries}: {world_share} of the world total in the supply table, {share} here"
    ).format(
        countries=" + ".join(line.names.get(k, k) for k in iso3s if k in line.values),
        world_share=world_share,
        share=share,
    )


def _with_left_out(note: str, missing: list[str]) -> str:
    """A sum's note, naming the countries it leaves out (not counted, not zero)."""
    if not missing:
        return note
    return clauses(
        [note, _("left out (not counted, not zero): {countries}").format(countries=_names(missing))]
    )


def _on_listed_sum(fig: Figure | None, line: LineFacts | None, iso3: str) -> Figure | None:
    """A country's share of the world total (the table's), its note naming its share of the
    listed sum where the top-3 share, the HHI and the what-if use that sum instead."""
    if fig is None or fig.value is None or line is None or line.values.get(iso3) is None:
        return fig
    total, above_world = share_total(line)
    if not above_world:
        return fig
    extra = _(
        "top-3 share, HHI and what-if: of the listed countries' sum ({total} {unit}), which "
        "exceeds this world total; {country} {share} of that sum"
    ).format(
        total=format_number(total),
        unit=_unit(line.unit),
        country=line.names.get(iso3, iso3),
        share=_pct(100.0 * line.values[iso3] / total),
    )
    return dataclasses.replace(fig, note=clauses(x for x in (fig.note, extra) if x))


def concentration(line: LineFacts | None) -> Concentration | None:
    """Leader, top-3 share and HHI over the listed countries with stated figures."""
    if line is None or not line.world or not line.world.value:
        return None
    exact = {k: v for k, v in line.values.items() if v is not None and v > 0}
    if not exact:
        return None
    total, above_world = share_total(line)
    shares = shares_of(exact, total)
    order = sorted(exact, key=lambda k: (-exact[k], line.names[k]))
    lead = order[0]
    top3 = order[:3]
    where = line_label(line.edition, line.type, line.year)
    blank = sorted(line.names[k] for k, v in line.values.items() if v is None)
    caveats = [
        _("Sum of squared percentage shares of the world total, listed countries ({line})").format(
            line=where
        )
        if not above_world
        else _("Sum of squared percentage shares, listed countries ({line})").format(line=where)
    ]
    if line.others_listed:
        caveats.append(
            _("USGS's 'Other countries' (an aggregate) left out, so the index is a lower bound")
        )
    if blank:
        caveats.append(_("not stated (left out): {countries}").format(countries=_names(blank)))
    h = hhi(list(shares.values()))
    if above_world:
        caveats.append(above_world)
    caveats.append(_("computed by minref"))
    return Concentration(
        line.names[lead],
        lead,
        _on_listed_sum(_share(line, lead), line, lead),
        Figure(
            share_value(sum(shares[k] for k in top3)),
            share_raw(sum(shares[k] for k in top3)),
            "percent",
            line.year,
            (),
            line.source_id,
            note=f"{_names(line.names[k] for k in top3)} ({where}); "
            + (above_world or _(SHARE_BASIS)),
        ),
        tuple(line.names[k] for k in top3),
        Figure(
            round(h),
            "",
            "index",
            line.year,
            (),
            line.source_id,
            note=clauses(caveats),
        ),
    )


@record
class SupplyRow:
    commodity_id: str
    name: str
    members: tuple[str, ...]
    list_source_id: str
    nir: Figure | None
    production: LineFacts | None
    reserves: LineFacts | None
    china_production: Figure | None
    china_refining: Figure | None  # USGS refinery/smelter line, else IEA
    refining_basis: str
    concentration: Concentration | None
    mexico_production: Figure | None
    canada_production: Figure | None
    us_production: Figure | None
    usmca_production: Figure | None
    mexico_reserves: Figure | None
    canada_reserves: Figure | None
    us_reserves: Figure | None
    usmca_reserves: Figure | None
    mexico_imports: Figure | None
    canada_imports: Figure | None
    china_imports: Figure | None
    import_detail: str
    import_period: str
    import_sources_held: bool
    consumption: Figure | None
    consumption_basis: str
    gaps: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()
    # Every line of MCS's import sources for the commodity (the table compares one)
    import_lines: tuple[ImportSource, ...] = ()

    @property
    def mexico_canada_imports(self) -> float | None:
        """Mexico's plus Canada's stated shares of U.S. imports (None if neither is stated)."""
        vals = [f.value for f in (self.mexico_imports, self.canada_imports) if f and f.value]
        return sum(vals) if vals else None


def other_import_lines(row: SupplyRow, iso3: str) -> list[ImportSource]:
    """The lines of MCS's import sources, other than the one the table compares, that list
    a country (antimony: the table compares total metal and oxide, where Mexico is not
    listed; Mexico is 86% of U.S. imports of ore and concentrates)."""
    return [s for s in row.import_lines if s.country_iso3 == iso3 and s.detail != row.import_detail]


def share_prose(f: Figure) -> str:
    """A share in a sentence: "15% (estimated)", or the source's code."""
    if f.value is None:
        return f.raw or _("not stated")
    share = f"{f.display()}{percent_sign()}"
    return _("{share} (estimated)").format(share=share) if f.is_estimated else share


def main_import_share(row: SupplyRow, iso3: str) -> Figure | None:
    """A country's share on the import line the table compares (None if it is not listed)."""
    on = (s for s in row.import_lines if s.country_iso3 == iso3)
    return next((s.figure for s in on if s.detail == row.import_detail), None)


# What briefing.document.literal does: text printed as typed inside a reportlab Paragraph.
_MARKUP = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def import_lines_sentence(
    mineral: str,
    main_line: str,
    main: Figure | None,
    other: Sequence[ImportSource],
    country: str,
    cit=None,
) -> str:
    """What a country's import lines other than the main one add, in one sentence that the
    supply brief, the pack summary and the supply table's hover all say alike:

    - not listed on the main line (``main`` None), every other line that lists it:
      "Antimony: not on the main import line (Total metal and oxide); Mexico supplies 86% of
      Ore and concentrates (2021-24).";
    - listed on it, the other lines where its share is larger: "Copper: Mexico supplies 43%
      of Copper content of scrap (2021-24), more than its 6% of the main import line
      (Refined copper).";
    - '' when there is nothing to add (a share that is not a number is not compared).

    ``mineral`` '' leaves the mineral's name out, for a sentence that follows one already
    headed by it (the supply brief's bullet "Copper: Mexico produces …"): "Mexico supplies
    43% of Copper content of scrap (2021-24), more than its 6% of the main import line
    (Refined copper)."; "Mexico is not on the main import line (Total metal and oxide) but
    supplies 86% of Ore and concentrates (2021-24)."

    ``cit`` (a briefing's Citations) makes it reportlab markup: the text escaped, each figure
    followed by its source mark, ``mineral`` markup already (a brief may set it in bold);
    without it, plain text (a hover)."""
    if main is not None:
        if main.value is None:
            return ""
        other = [s for s in other if s.figure.value is not None and s.figure.value > main.value]
    if not other:
        return ""

    def text(x: str) -> str:
        return x.translate(_MARKUP) if cit is not None else x

    def mark(*source_ids: str) -> str:
        return cit.sup(*source_ids) if cit is not None else ""

    lines = clauses(
        text(_("{share} of {product} ({period})")).format(
            share=text(share_prose(s.figure)),
            product=text(import_product(s.detail)),
            period=text(s.period),
        )
        + mark(s.figure.source_id)
        for s in other
    )
    line = text(import_product(main_line) if main_line else _("all products"))
    if main is None:
        if not mineral:
            return text(
                _("{country} is not on the main import line ({line}) but supplies {lines}.")
            ).format(line=line, country=text(country), lines=lines)
        return text(
            _("{mineral}: not on the main import line ({line}); {country} supplies {lines}.")
        ).format(mineral=mineral, line=line, country=text(country), lines=lines)
    marked = {s.figure.source_id for s in other}
    if not mineral:
        template = _(
            "{country} supplies {lines}, more than its {share} of the main import line ({line})."
        )
    else:
        template = _(
            "{mineral}: {country} supplies {lines}, more than its {share} of the main import "
            "line ({line})."
        )
    return text(template).format(
        mineral=mineral,
        country=text(country),
        lines=lines,
        share=text(share_prose(main)) + ("" if main.source_id in marked else mark(main.source_id)),
        line=line,
    )


def imports_elsewhere(cat: Catalog, row: SupplyRow, iso3: str) -> str:
    """:func:`import_lines_sentence` as plain text for a supply-table row (its hover)."""
    return import_lines_sentence(
        row.name,
        row.import_detail,
        main_import_share(row, iso3),
        other_import_lines(row, iso3),
        cat.country_name(iso3),
    )


def _import_share(shares: list[ImportSource], iso3: str, detail: str) -> Figure | None:
    """The country's share on the import line, as USGS states it (its note USGS's own;
    minref's words on the period and the line are :func:`import_share_description`)."""
    for s in shares:
        if s.country_iso3 == iso3 and s.detail == detail:
            return s.figure
    return None


def import_share_description(row: SupplyRow) -> str:
    """minref's words on a row's import shares ("2021-24 average; Refined copper"): the
    period and the line USGS lists them for, never to be read as USGS's note."""
    if not row.import_period:
        return ""
    return _("{period} average; {product}").format(
        period=row.import_period, product=row.import_detail or _("all products")
    )


def _refining_line(cat: Catalog, cid: str, prod: WorldTable) -> LineFacts | None:
    """The USGS refinery or smelter line beside the default line, if the edition has one."""
    if _is_refining(prod.type):
        return line_facts(prod)
    for t in prod.available_types:
        if t != prod.type and _is_refining(t):
            return line_facts(cat.world_production(cid, edition=prod.edition, type=t))
    return None


def _is_refining(text: str) -> bool:
    low = text.lower()
    return "refin" in low or "smelter" in low


def _consumption(sal) -> tuple[Figure | None, str]:
    """The newest year's U.S. apparent consumption on the headline line, with its wording."""
    from minref.analysis.lines import headline

    rows = sal.series("consumption")
    if not rows:
        return None, ""
    apparent = [r for r in rows if "apparent" in r.detail.lower()] or rows
    head = headline(sorted({r.detail for r in apparent}))
    line = [r for r in apparent if r.detail == head]
    latest = max(r.figure.year or 0 for r in line)
    fig = next(r.figure for r in line if (r.figure.year or 0) == latest)
    return fig, head


def supply_row(cat: Catalog, lm: ListedMineral, iea: dict | None = None) -> SupplyRow:
    """Every figure of one mineral's row, each with its source, edition and flags."""
    from minref.analysis.lines import headline
    from minref.analysis.profile import latest_nir
    from minref.analysis.text import line_label_text

    cid = lm.commodity_id
    sal = cat.us_salient_statistics(cid, ("net_import_reliance", "consumption"))
    nir = latest_nir(sal)
    gaps: list[str] = []
    world_id = lm.world_id or cid
    prod_t = cat.world_production(world_id, type=lm.world_type)
    prod = line_facts(prod_t) if prod_t.rows else None
    if prod is not None and not lm.world_id:
        # A chapter whose lines each name another listed mineral (PGM: palladium,
        # platinum) has no line for the row's own members (iridium, rhodium, ruthenium).
        def names(t: str, minerals) -> bool:
            # "Platinum group metals: Palladium" names palladium.
            return any(m.split(":")[-1].strip().lower() in t.lower() for m in minerals)

        types = prod_t.available_types
        if (
            types
            and all(names(t, lm.others) for t in types)
            and not any(names(t, lm.members) for t in types)
        ):
            gaps.append(
                _(
                    "USGS gives world production only for {lines} (shown on their own rows), "
                    "none for {members}"
                ).format(
                    lines=clauses([line_label_text(t, lower=True) for t in types]),
                    members=members_text(cat, lm.members, lower=True),
                )
            )
            prod = None
    if lm.world_id:
        res = None  # the chapter's reserves are the group's, not this member's
        gaps.append(
            _(
                "world figures from the {chapter} chapter ({line}); reserves are held for the "
                "group only"
            ).format(chapter=cat.commodity_name(world_id), line=line_label_text(lm.world_type))
        )
    else:
        res_t = cat.world_production(world_id, edition=prod_t.edition, measure="reserves")
        if not res_t.rows:
            res_t = cat.world_production(world_id, measure="reserves")
        res = line_facts(res_t) if res_t.rows else None
    ids = {lm.source_id}
    for x in (prod, res):
        if x:
            ids.add(x.source_id)
    if sal.source:
        ids.add(sal.source.source_id)
    # Refining: USGS first; the IEA where USGS gives no refinery line.
    refining, basis = None, ""
    ref_line = _refining_line(cat, world_id, prod_t) if prod is not None else None
    if ref_line is not None:
        refining = _share(ref_line, CHINA)
        basis = f"USGS MCS {ref_line.edition}, {ref_line.type}"
        ids.add(ref_line.source_id)
    elif iea is not None:
        ref = iea_share(iea, "refining", CHINA)
        if ref is not None:
            refining = ref
            basis = _("{citation}, refining, {year} (base case)").format(
                citation=IEA_CITE, year=ref.year
            )
            ids.add(IEA_SOURCE)
    shares = cat.us_import_sources(cid)
    detail, period = "", ""
    if shares:
        detail = headline(sorted({s.detail for s in shares}))
        period = next((s.period for s in shares if s.detail == detail), "")
        ids |= {s.figure.source_id for s in shares}
    cons, cons_basis = _consumption(sal)
    if prod is None and not gaps:
        gaps.append(_("no world production figures held"))
    elif prod is not None and lm.world_type is None:
        # A chapter with one line per member (PGM: palladium, platinum): the row shows the
        # default line only, and says so.
        per_member = [
            t
            for t in prod_t.available_types
            if any(m.split(":")[-1].strip().lower() in t.lower() for m in lm.members)
        ]
        if len(per_member) > 1:
            gaps.append(
                _("the row shows one line ({line}) of several: {lines}").format(
                    line=line_label_text(prod.type),
                    lines=clauses([line_label_text(t) for t in per_member]),
                )
            )
    if res is None and not lm.world_id:
        gaps.append(_("no world reserves held"))
    if nir is None:
        gaps.append(_("no U.S. net import reliance held"))
    if not shares:
        gaps.append(_("USGS publishes no U.S. import-source shares"))
    if prod is not None and CHINA not in prod.figures:
        gaps.append(
            _("{country} is not listed by USGS on the production line").format(
                country=cat.country_name(CHINA)
            )
        )
    if prod is not None:
        for k in USMCA:
            f = prod.figures.get(k)
            if f is not None and f.value is None:
                code = f.raw or _("not stated")
                if k == USA:  # named as in the rest of the row ("EE. UU."), not in full
                    gaps.append(_("U.S. production: {code}").format(code=code))
                else:
                    gaps.append(
                        _("production of {country}: {code}").format(
                            country=prod.names[k], code=code
                        )
                    )
    return SupplyRow(
        cid,
        cat.commodity_name(cid),
        lm.members,
        lm.source_id,
        nir,
        prod,
        res,
        _on_listed_sum(_share(prod, CHINA), prod, CHINA),
        refining,
        basis,
        concentration(prod),
        _on_listed_sum(_share(prod, MEXICO), prod, MEXICO),
        _on_listed_sum(_share(prod, CANADA), prod, CANADA),
        _on_listed_sum(_share(prod, USA), prod, USA),
        _sum_shares(prod, USMCA),
        _share(res, MEXICO),
        _share(res, CANADA),
        _share(res, USA),
        _sum_shares(res, USMCA),
        _import_share(shares, MEXICO, detail),
        _import_share(shares, CANADA, detail),
        _import_share(shares, CHINA, detail),
        detail,
        period,
        bool(shares),
        cons,
        cons_basis,
        tuple(gaps),
        tuple(sorted(ids)),
        tuple(shares),
    )


@record
class SupplyTable:
    critical_list: CriticalList
    rows: list[SupplyRow]
    source_ids: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())


def supply_table(cat: Catalog, list_text: str | None = None) -> SupplyTable:
    """One row per mineral of a critical list (default: the newest U.S. list)."""
    cl = resolve_list(cat, list_text)
    iea = iea_by_commodity(cat)
    rows = [supply_row(cat, lm, iea.get(lm.commodity_id)) for lm in list_minerals(cat, cl)]
    ids = sorted({s for r in rows for s in r.source_ids} | {cl.source_id})
    notes = (
        _(
            "Shares are of USGS's rounded world total, among the countries USGS lists; "
            "a country USGS does not list has no share (not zero)."
        ),
        _(
            "HHI: sum of squared percentage shares of world production ({range}) over the "
            "listed countries with stated figures; USGS's 'Other countries' aggregate is left "
            "out, so it is a lower bound."
        ).format(range=hhi_range()),
        _("USMCA share: {countries}, counting only stated figures.").format(
            countries=" + ".join(cat.country_name(k) for k in USMCA)
        ),
        _("Shares of U.S. imports: USGS MCS import sources, headline product line."),
        _(
            "Refining: USGS refinery or smelter line where MCS has one, else {citation} "
            "(base case). {caveat}"
        ).format(citation=IEA_CITE, caveat=_(IEA_CAVEAT)),
    )
    above = listed_sum_rows(rows)
    if above:
        notes += (listed_sum_note(above),)
    return SupplyTable(cl, rows, tuple(ids), notes)


def listed_sum_rows(rows) -> list[str]:
    """The rows whose listed countries add up to more than USGS's rounded world total."""
    return [r.name for r in rows if r.production is not None and share_total(r.production)[1]]


def listed_sum_note(minerals: list[str]) -> str:
    """Why a country's share differs between the table and the what-if on those rows."""
    return _(
        "Where the listed countries' figures add up to more than USGS's rounded world total "
        "({minerals}), the top-3 share, the HHI and the what-if are shares of their sum, so "
        "that they add up to 100%; a country's share there is lower than in the share "
        "columns, which are of the world total (each figure's note gives both)."
    ).format(minerals=_names(minerals))


# ---------------------------------------------------------------------- what-if
@record
class WhatIfRow:
    commodity_id: str
    name: str
    line: str  # MCS edition, line, year
    unit: str
    removed_share: Figure | None
    result: WithoutResult | None
    hhi_before: Figure | None
    usmca_vs_consumption: Comparison
    source_ids: tuple[str, ...]
    # "" when every share of the row is of USGS's world total (the table's basis, so the
    # share removed is the table's figure); else why not, with the table's figure beside.
    basis: str = ""
    # The removed countries' share of the world total (the table's figure) where ``basis``
    # is not "": what the share removed would be on the table's basis.
    table_share: Figure | None = None


def what_if(table: SupplyTable, removed: set[str], label: str = "") -> list[WhatIfRow]:
    """Per mineral: world production without the removed countries, and whether the USMCA
    countries' production covers U.S. apparent consumption (same unit and basis only)."""
    out = []
    for r in table.rows:
        p = r.production
        basis, table_share = "", None
        if p is None:
            res = None
            line, unit = _("no world production figures held"), ""
            removed_fig = None
        else:
            # One total for the row: USGS's world total (the table's, so the share removed
            # is the table's figure) unless the listed countries add up to more; then their
            # sum, so that removed + left = 100% and no share of what is left tops 100%.
            total, above_world = share_total(p)
            res = without(p.values, total or None, removed, p.names)
            gone = tuple(sorted(k for k in removed if k in p.values))
            both = listed_sum_clause(p, gone)  # the table's share beside this one, or ""
            basis = clauses(x for x in (above_world, both) if x)
            if basis:
                res = dataclasses.replace(res, note=clauses(x for x in (res.note, basis) if x))
            line = line_label(p.edition, p.type, p.year)
            unit = p.unit
            removed_fig = _sum_shares(p, tuple(sorted(removed)), of_listed_sum=True)
            if above_world and gone and removed_fig is not None and removed_fig.value is not None:
                table_share = _sum_shares(p, tuple(sorted(removed)))
                removed_fig = dataclasses.replace(
                    removed_fig,
                    note=clauses(x for x in (removed_fig.note, both) if x),
                )
        usmca_vals = [p.values.get(k) for k in USMCA] if p else []
        stated = [v for v in usmca_vals if v is not None]
        usmca = sum(stated) if stated else None
        cmp = compare_supply(
            usmca,
            p.unit if p else "",
            p.type if p else "",
            r.consumption,
            r.consumption_basis,
        )
        if p is not None and usmca is not None and len(stated) < len(USMCA):
            left = [k for k in USMCA if p.values.get(k) is None]
            cmp = Comparison(
                # A missing partner could only add: "larger" holds, "smaller" may not.
                cmp.verdict
                if cmp.verdict in ("larger", "not comparable", "cannot say")
                else f"{cmp.verdict} (stated figures only)",
                cmp.production,
                cmp.production_unit,
                cmp.production_basis,
                cmp.consumption,
                cmp.consumption_basis,
                cmp.reason,
                _("stated figures only; not stated or not listed: {countries}").format(
                    countries=_names(p.names.get(k, k) for k in left)
                ),
            )
        out.append(
            WhatIfRow(
                r.commodity_id,
                r.name,
                line,
                unit,
                removed_fig,
                res,
                r.concentration.hhi if r.concentration else None,
                cmp,
                r.source_ids,
                basis,
                table_share,
            )
        )
    return out


# ---------------------------------------------------------------------- IEA outlook
@record
class IeaSupply:
    """IEA mining and refining by country (base case) and demand by scenario, one mineral."""

    mineral: str
    commodity_id: str
    supply: dict  # (category, item) -> {year: value}
    demand: dict  # (scenario, item) -> {year: value}; scenario "" = the base year
    source_id: str = IEA_SOURCE
    note: str = ""

    def years(self, category: str) -> list[int]:
        return sorted({y for (c, _), ys in self.supply.items() if c == category for y in ys})


def iea_by_commodity(cat: Catalog) -> dict[str, IeaSupply]:
    """The IEA supply and demand rows held, by commodity id (matched by name)."""
    from minref.catalog.search import fold

    names = {fold(cat.commodity_name(c)): c for c in cat.commodity_ids()}
    names.update({fold(c): c for c in cat.commodity_ids()})
    out: dict[str, dict] = {}
    for r in cat.iea_outlook("supply") + cat.iea_outlook("totalDemand"):
        mineral = r["mineral"] or ""
        cid = IEA_NAMES.get(mineral) or names.get(fold(mineral))
        if not cid:
            continue
        e = out.setdefault(cid, {"mineral": mineral, "supply": {}, "demand": {}, "note": ""})
        if r["dataset"] == "supply":
            e["supply"].setdefault((r["category"], r["item"]), {})[r["year"]] = r["value"]
            if r["note"] and not e["note"]:
                e["note"] = r["note"].split("fraction of the total (0-1).")[-1].strip()
        elif r["category"] == "total":
            e["demand"].setdefault((r["scenario"] or "", r["item"]), {})[r["year"]] = r["value"]
    return {
        cid: IeaSupply(e["mineral"], cid, e["supply"], e["demand"], note=e["note"])
        for cid, e in out.items()
    }


def iea_share(iea: IeaSupply, category: str, country_name_or_iso3: str) -> Figure | None:
    """A country's share of the IEA total (mining or refining), base year of the file."""
    years = iea.years(category)
    if not years:
        return None
    y = years[0]
    total = iea.supply.get((category, "Total"), {}).get(y)
    wanted = {"CHN": "China", "USA": "United States", "CAN": "Canada", "MEX": "Mexico"}.get(
        country_name_or_iso3, country_name_or_iso3
    )
    v = iea.supply.get((category, wanted), {}).get(y)
    if v is None or not total:
        return None
    return Figure(
        share_value(100.0 * v / total),
        share_raw(100.0 * v / total),
        "percent",
        y,
        (),
        IEA_SOURCE,
        note=_(
            "{country} {value} of total {total} ({citation}, {mineral}, {stage}, {year} as "
            "labelled in the file, base case; unit not stated in the file). {caveat}"
        ).format(
            country=wanted,
            value=format_fixed(v, 0),
            total=format_fixed(total, 0),
            citation=IEA_CITE,
            mineral=iea.mineral,
            stage=stage_text(category),
            year=y,
            caveat=_(IEA_CAVEAT),
        ),
    )


@record
class IeaPanel:
    """What a page shows of the IEA outlook for one commodity."""

    mineral: str
    rows: list[tuple[str, str, dict[int, float]]]  # (category, country, {year: share %})
    demand: list[tuple[str, dict[int, float]]]  # (scenario, {year: total demand})
    years: list[int]
    demand_years: list[int]
    citation: str
    caveat: str
    source_id: str
    commodity_id: str = ""


def iea_place(cat: Catalog, item: str) -> str:
    """An IEA row's place in the reader's language: the catalog's country name where the
    IEA's English name is one ("China" -> "China", "United States" -> "Estados Unidos"),
    "Rest of world" translated, anything else as the file has it."""
    if item == "Rest of world":
        return _("Rest of world")
    try:
        return cat.country_name(IEA_PLACES.get(item) or cat.resolve_country(item))
    except LookupError:
        return item


def iea_panel(cat: Catalog, commodity_id: str) -> IeaPanel | None:
    """Mining and refining shares by country (base case, to 2040) and total demand by
    scenario (STEPS, APS, NZE) for a commodity the IEA file covers; None otherwise.
    Commodity pages call this too."""
    iea = iea_by_commodity(cat).get(commodity_id)
    if iea is None:
        return None
    rows = []
    years = sorted({y for ys in iea.supply.values() for y in ys})
    for category in ("mining", "refining"):
        total = iea.supply.get((category, "Total"), {})
        items = [
            i
            for (c, i) in iea.supply
            if c == category and i not in ("Total", "Top 3 countries", "Rest of world")
        ]
        base = min(years) if years else None
        items.sort(key=lambda i: -(iea.supply[(category, i)].get(base) or 0))
        for item in items + ["Rest of world"]:
            ys = iea.supply.get((category, item))
            if not ys:
                continue
            rows.append(
                (
                    category,
                    item,
                    {y: 100.0 * v / total[y] for y, v in ys.items() if total.get(y)},
                )
            )
    demand = []
    dyears = sorted({y for ys in iea.demand.values() for y in ys})
    base = {
        y: v
        for (s, i), ys in iea.demand.items()
        if s == "" and i == "Total demand"
        for y, v in ys.items()
    }
    for scen in ("STEPS", "APS", "NZE"):
        ys = iea.demand.get((scen, "Total demand"))
        if ys:
            demand.append((scen, {**base, **ys}))
    return IeaPanel(
        iea.mineral,
        rows,
        demand,
        years,
        dyears,
        f"{IEA_CITE} (CC BY 4.0)",
        _(IEA_CAVEAT)
        + " "
        + _(
            "Supply is the IEA's base case (operating and announced projects); demand by "
            "scenario: STEPS (stated policies), APS (announced pledges), NZE (net zero by "
            "2050). Units are not stated in the file."
        ),
        IEA_SOURCE,
        commodity_id,
    )


# ---------------------------------------------------------------------- the dependence map
FILL_LEVELS = (
    ("solid", N_("{mexico} + {canada} ≥ {high} of U.S. imports")),
    ("pale", N_("{mexico} + {canada} {low}–{high} of U.S. imports")),
    ("hollow", N_("{mexico} + {canada} < {low} or not on the main line")),
    ("none", N_("no U.S. import sources published")),
)


def fill_level_name(cat: Catalog, key: str) -> str:
    """A marker fill's legend in the reader's language and numbers."""
    template = dict(FILL_LEVELS)[key]
    return _(template).format(
        mexico=cat.country_name(MEXICO),
        canada=cat.country_name(CANADA),
        low=format_percent(10, 0),
        high=format_percent(50, 0),
    )


# Where a label may go, in label heights from just above its mark (0) and just below (-1),
# nearest first.  A label far from its mark misleads more than an overlap: two heights at
# most, unless a leader line joins label and mark (the window's chart draws them).
NEAR_LIFTS = (0, -1, 1, -2, 2)
LEADER_LIFTS = (0, -1, 1, -2, 2, -3, 3, -4, 4, 5, 6)


def label_slots(
    marks: list[tuple[float, float, str]],
    char_w: float,
    line_h: float,
    right_edge: float = 85,
    bottom: float | None = 0.0,
    top: float | None = None,
    widths: Sequence[float] | None = None,
    x_max: float | None = None,
    mark_size: tuple[float, float] | None = None,
    lifts: Sequence[int] = NEAR_LIFTS,
) -> list[tuple[int, int]]:
    """Where each mark's label goes so that labels do not print over each other:
    (side, lift) with side 1 = right of the mark, -1 = left; lift in label heights (0 =
    just above the mark, -1 = just below, then as ``lifts`` lists).  Sizes in data units;
    greedy, from the top mark down (a column of marks at one x stacks its labels in
    order), then each label that still covers another is moved to the best place left
    (a few rounds: in a crowded corner the marks placed last found every place taken); a
    label never reaches below ``bottom`` (the axis) nor above ``top`` (default: the highest
    mark; the legend sits above it on screen) while another place is free; where every
    place is taken, the nearest that covers the least of other labels.  Labels that touch
    by less than a quarter of their height do not count as overlapping.

    A label is ``char_w`` per character wide (and two more for the gap to its mark), or,
    where the caller measured the labels as drawn, ``widths[i]`` wide; with ``x_max`` (the
    plot's right end) a label goes right of its mark only where it ends inside the plot,
    otherwise right of ``right_edge`` it goes left.  With ``mark_size`` (a mark's width and
    height) a label also keeps off the other marks: one that hid cobalt's mark read as
    silver's label."""
    slack = 0.25 * line_h
    mark_boxes = []
    if mark_size is not None:
        mw, mh = mark_size[0] / 2, mark_size[1] / 2
        mark_boxes = [(x - mw, x + mw, y - mh, y + mh) for x, y, _t in marks]
    if top is None and marks:
        top = max(y for _x, y, _t in marks)

    def width(i: int) -> tuple[float, bool]:
        x, _y, text = marks[i]
        if widths is not None:
            return widths[i], x_max is None or x + widths[i] <= x_max
        w = char_w * (max(len(text), 1) + 2)  # the gap to the mark and a character's room
        return w, (x <= right_edge if x_max is None else x + w <= x_max)

    def box(i: int, side: int, lift: int) -> tuple[float, float, float, float]:
        x, y, _text = marks[i]
        w = width(i)[0]
        x0, x1 = (x, x + w) if side == 1 else (x - w, x)
        return x0, x1, y + lift * line_h, y + (lift + 1) * line_h

    def cost(i: int, place: tuple[float, float, float, float], others) -> float:
        """The area of other labels (and marks) this place would cover."""
        x0, x1, y0, y1 = place
        total = 0.0
        for bx0, bx1, by0, by1 in others:
            dx, dy = min(x1, bx1) - max(x0, bx0), min(y1, by1) - max(y0, by0)
            if dx > 0 and dy > slack:
                total += dx * dy
        for k, (bx0, bx1, by0, by1) in enumerate(mark_boxes):
            dx, dy = min(x1, bx1) - max(x0, bx0), min(y1, by1) - max(y0, by0)
            if k != i and dx > 0 and dy > 0:
                total += 2 * dx * dy  # a hidden mark misleads more than a tight label
        if (bottom is not None and y0 < bottom - slack) or (top is not None and y1 > top + slack):
            total += 1e12  # cut by the axis or under the legend: only if nothing else
        return total

    def best_place(i: int, others) -> tuple[tuple[int, int], float]:
        sides = (1, -1) if width(i)[1] else (-1,)  # never off the right edge
        best, best_cost = (sides[0], lifts[0]), None
        for lift in lifts:
            for side in sides:
                c = cost(i, box(i, side, lift), others)
                if best_cost is None or c < best_cost:
                    best, best_cost = (side, lift), c
                if c == 0:
                    return best, 0.0
        return best, best_cost or 0.0

    out: dict[int, tuple[int, int]] = {}
    boxes: dict[int, tuple[float, float, float, float]] = {}
    for i in sorted(range(len(marks)), key=lambda k: (-marks[k][1], marks[k][0])):
        out[i], _c = best_place(i, boxes.values())
        boxes[i] = box(i, *out[i])
    for _round in range(4):
        moved = False
        for i in sorted(out):
            others = [b for k, b in boxes.items() if k != i]
            now = cost(i, boxes[i], others)
            if now == 0:
                continue
            place, c = best_place(i, others)
            if c < now:
                out[i], boxes[i], moved = place, box(i, *place), True
        if not moved:
            break
    return [out[i] for i in range(len(marks))]


def fill_level(row: SupplyRow) -> str:
    if not row.import_sources_held:
        return "none"
    mc = row.mexico_canada_imports
    if mc is None or mc < 10:
        return "hollow"
    return "solid" if mc >= 50 else "pale"


def row_text(row: SupplyRow, cat: Catalog | None = None) -> str:
    """The hover text of a mineral's mark: the row's main figures with their bases."""
    from minref.analysis.text import figure_text

    def f(x: Figure | None, pct: bool = True) -> str:
        if x is None:
            return _("not held")
        t = figure_text(x)
        return f"{t}{percent_sign()}" if pct and x.value is not None else t

    def name(iso3: str) -> str:
        return cat.country_name(iso3) if cat is not None else iso3

    c = row.concentration
    many = len(row.members) > 1
    # the list's own English under its members in the reader's language ("" in English)
    as_listed = members_as_listed(cat, row.members) if many else ""
    lines = [
        row.name + (f" ({members_text(cat, row.members)})" if many else ""),
        *([as_listed] if as_listed else []),
        _("U.S. net import reliance {year}: {figure}").format(
            year=row.nir.year if row.nir else "", figure=f(row.nir)
        ),
        _("{country}'s share of world production: {figure}").format(
            country=name(CHINA), figure=f(row.china_production)
        ),
        (
            _("{country}'s share of refining: {figure} ({basis})")
            if row.refining_basis
            else _("{country}'s share of refining: {figure}")
        ).format(country=name(CHINA), figure=f(row.china_refining), basis=row.refining_basis),
    ]
    if c:
        lines.append(
            _("Top producer: {country} {share}; top 3 {top3}; HHI {hhi}").format(
                country=c.leader,
                share=f(c.leader_share),
                top3=f(c.top3_share),
                hhi=f(c.hhi, False),
            )
        )
    lines.append(
        _(
            "{mexico} {mexico_share}, {canada} {canada_share}, {us} {us_share} of world "
            "production (USMCA {usmca_share})"
        ).format(
            mexico=name(MEXICO),
            mexico_share=f(row.mexico_production),
            canada=name(CANADA),
            canada_share=f(row.canada_production),
            us=name(USA),
            us_share=f(row.us_production),
            usmca_share=f(row.usmca_production),
        )
    )
    if row.import_sources_held:
        lines.append(
            _(
                "Share of U.S. imports ({period}): {mexico} {mexico_share}, {canada} "
                "{canada_share}, {china} {china_share}"
            ).format(
                period=row.import_period,
                mexico=name(MEXICO),
                mexico_share=f(row.mexico_imports),
                canada=name(CANADA),
                canada_share=f(row.canada_imports),
                china=name(CHINA),
                china_share=f(row.china_imports),
            )
        )
    if row.production:
        lines.append(line_label(row.production.edition, row.production.type, row.production.year))
    return "\n".join(lines)


LABEL_CHARS = 22  # the longest mark label the paper chart prints whole


def short_label(name: str) -> str:
    """A mineral's short label on the chart ("Titanium", "Graphite"): the name before a
    parenthesis or an "and" ("y", "et")."""
    label = name.split(" (")[0]
    for word in (" and ", " y ", " et "):
        label = label.split(word)[0]
    return label


def dependence_map(
    cat: Catalog,
    commodity_id: str | None = None,
    *,
    list_id: str | None = None,
    y: str = "china",
    table: SupplyTable | None = None,
):
    """The dependence map: x = U.S. net import reliance, y = China's share of world
    production (or the HHI), one labelled mark per mineral; the marker's fill shows how much
    of U.S. imports Mexico and Canada supply."""
    from minref.analysis.charts import ChartSpec, Point, Series

    table = table or supply_table(cat, list_id)
    groups: dict[str, list] = {k: [] for k, _ in FILL_LEVELS}
    left_out = []
    for r in table.rows:
        yfig = (
            r.china_production
            if y == "china"
            else (r.concentration.hhi if r.concentration else None)
        )
        nir = r.nir
        xv = None
        # A short label on the chart ("Titanium", "Graphite"); the full row on hover.
        label = short_label(r.name)
        if nir is not None:
            xv = (
                nir.value
                if nir.value is not None
                else (nir.low if nir.low is not None else nir.high)
            )
            if nir.value is None and xv is not None:
                if len(label) + len(nir.raw) + 3 > LABEL_CHARS:  # "Magnesio (>75)"
                    label = label.split()[0]
                label = f"{label} ({nir.raw})"
        if xv is None or yfig is None or yfig.value is None:
            left_out.append(r.name)
            continue
        flags = tuple(sorted(set(nir.flags) | set(yfig.flags)))
        groups[fill_level(r)].append(
            Point(float(xv), yfig.value, "", flags, yfig.source_id, row_text(r, cat), label=label)
        )
    series = tuple(
        Series(
            fill_level_name(cat, k),
            tuple(groups[k]),
            unit="percent" if y == "china" else "index",
            fill=k,
        )
        for k, _name in FILL_LEVELS
        if groups[k]
    )
    sources = tuple(
        s
        for s in (cat.source(i) for i in table.source_ids)
        if s and not s.source_id.startswith("iea")
    )
    china = cat.country_name(CHINA)
    list_id = table.critical_list.list_id
    y_label = (
        _("{country}'s share of world production (%)").format(country=china)
        if y == "china"
        else _("HHI of world production ({range})").format(range=hhi_range())
    )
    note = (
        _(
            "{list}. x: U.S. net import reliance, newest year (a bound such as {bound} at its "
            "bound); y: {country}'s share of USGS's rounded world total among listed "
            "countries. Marker fill: {mexico}'s plus {canada}'s share of U.S. imports on each "
            "mineral's main import line (MCS import sources)."
        )
        if y == "china"
        else _(
            "{list}. x: U.S. net import reliance, newest year (a bound such as {bound} at its "
            "bound); y: HHI of listed countries' shares (lower bound). Marker fill: {mexico}'s "
            "plus {canada}'s share of U.S. imports on each mineral's main import line (MCS "
            "import sources)."
        )
    ).format(
        list=list_id,
        bound=">" + format_number(95),
        country=china,
        mexico=cat.country_name(MEXICO),
        canada=cat.country_name(CANADA),
    )
    if left_out:
        note += " " + (
            _(
                "Not drawn (no net import reliance or no figure for {country}; see the "
                "table): {minerals}."
            )
            if y == "china"
            else _("Not drawn (no net import reliance or no HHI; see the table): {minerals}.")
        ).format(country=china, minerals=_names(left_out))
    return ChartSpec(
        "scatter",
        "dependence-map",
        (
            _("U.S. import reliance and {country}'s share of world production, {list}")
            if y == "china"
            else _("U.S. import reliance and concentration of world production, {list}")
        ).format(country=china, list=list_id),
        "percent" if y == "china" else "index",
        series,
        sources,
        x_label=_("U.S. net import reliance (% of apparent consumption)"),
        y_label=y_label,
        note=note,
        log_scale_ok=False,
        empty_reason=""
        if series
        else _("No mineral has both a net import reliance and a share for {country}.").format(
            country=china
        ),
    )


# ---------------------------------------------------------------------- CLI and export
def resolve_without(cat: Catalog, text: str, groups=()) -> tuple[set[str], str]:
    """The countries a what-if removes: a partner group by name, else one country
    (ISO3 or a name in English or Spanish; UnknownName when there is none)."""
    want = " ".join(text.split()).lower()
    for g in groups:
        if g.name.lower() == want:
            return set(g.members), g.name
    iso3 = cat.resolve_country(text)
    return {iso3}, cat.country_name(iso3)


def as_json(cat: Catalog, table: SupplyTable, whatif=None, label: str = "") -> dict:
    """What the page shows, with the source of every figure (``minref supply --json``)."""
    return {
        "list": table.critical_list,
        "basis": SHARE_BASIS,
        "notes": list(table.notes),
        "rows": table.rows,
        "what_if": None if whatif is None else {"without": label, "rows": whatif},
        "sources": [
            {"source_id": s.source_id, "citation": s.citation(), "licence": s.licence}
            for s in (cat.source(i) for i in table.source_ids)
            if s
        ],
    }


def _cell(f: Figure | None, pct_sign: bool = True) -> str:
    from minref.analysis.text import figure_text

    if f is None:
        return ""
    if not pct_sign or f.value is None:
        return figure_text(f)
    return f"{f.display()}{percent_sign()}" + (" e" if f.is_estimated else "")


# Short column titles of the printed table (CLI); translated short in their own context.
TABLE_COLUMNS = (
    NP_("supply table", "Mineral"),
    NP_("supply table", "U.S. NIR"),
    NP_("supply table", "China prod."),
    NP_("supply table", "China refin."),
    NP_("supply table", "Top producer"),
    NP_("supply table", "Top-3"),
    NP_("supply table", "HHI"),
    NP_("supply table", "MX prod."),
    NP_("supply table", "CA prod."),
    NP_("supply table", "US prod."),
    NP_("supply table", "USMCA prod."),
    NP_("supply table", "USMCA res."),
    NP_("supply table", "MX imp."),
    NP_("supply table", "CA imp."),
    NP_("supply table", "CN imp."),
)


def column_titles(columns) -> list[str]:
    """Column titles of TABLE_COLUMNS or WHATIF_COLUMNS in the reader's language."""
    return [pgettext("supply table", c) for c in columns]


def table_cells(r: SupplyRow) -> list[str]:
    """One row of the printed table (CLI, PDF)."""
    c = r.concentration
    return [
        r.name,
        _cell(r.nir),
        _cell(r.china_production),
        _cell(r.china_refining),
        f"{c.leader} {_cell(c.leader_share)}" if c else "",
        _cell(c.top3_share) if c else "",
        _cell(c.hhi, False) if c else "",
        _cell(r.mexico_production),
        _cell(r.canada_production),
        _cell(r.us_production),
        _cell(r.usmca_production),
        _cell(r.usmca_reserves),
        _cell(r.mexico_imports),
        _cell(r.canada_imports),
        _cell(r.china_imports),
    ]


def next_three_text(w: WhatIfRow) -> str:
    """The next three producers and their shares of the world total ("Peru 14.9%, …")."""
    if w.result is None:
        return ""
    return _names(f"{p.name} {format_percent(p.share_pct, 1)}" for p in w.result.next_three)


def whatif_cells(w: WhatIfRow) -> list[str]:
    r = w.result
    verdict = verdict_text(w.usmca_vs_consumption.verdict)
    if r is None:
        return [w.name, "", "", "", "", verdict]
    return [
        w.name,
        _cell(w.removed_share),
        "" if r.share_left_pct is None else format_percent(r.share_left_pct, 1),
        next_three_text(w),
        "" if r.hhi_without is None else format_fixed(r.hhi_without, 0),
        verdict,
    ]


WHATIF_COLUMNS = (
    NP_("supply table", "Mineral"),
    NP_("supply table", "Removed share"),
    NP_("supply table", "Share left"),
    NP_("supply table", "Next three (share of world)"),
    NP_("supply table", "HHI without"),
    NP_("supply table", "USMCA production vs U.S. consumption"),
)


def reason_text(w: WhatIfRow) -> str:
    """Why a mineral's USMCA production is not compared: "Zinc: bases differ: …"."""
    return _("{mineral}: {reason}").format(mineral=w.name, reason=w.usmca_vs_consumption.reason)


def basis_text(w: WhatIfRow) -> str:
    """Why a what-if row's shares are not of the world total: "Bismuth: shares of the
    listed countries' sum (…); China: 87.5% of the world total in the supply table, 86%
    here"; "" when they are."""
    return _("{mineral}: {reason}").format(mineral=w.name, reason=w.basis) if w.basis else ""


# The rest of the supply tables' legend: USGS's other codes, and minref's own mark for a
# share it cannot compute, told apart from them (the mark is a placeholder, so that the
# legend always names the mark the cells show).
CODES_LEGEND = N_(
    "XX = not applicable; {small} = USGS's s (less than ½ unit). W, NA, XX and E are USGS's "
    "codes, as published; '{no_share}' is minref's own mark, not USGS's: no share can be "
    "computed, as the country's figure or the world total is a bound, a word or a code, not "
    "an exact number (hover a figure for both)."
)


# The same on paper, where there is nothing to hover.
CODES_LEGEND_PRINTED = N_(
    "XX = not applicable; {small} = USGS's s (less than ½ unit). W, NA, XX and E are USGS's "
    "codes, as published; '{no_share}' is minref's own mark, not USGS's: no share can be "
    "computed, as the country's figure or the world total is a bound, a word or a code, not "
    "an exact number."
)


def codes_legend(printed: bool = False) -> str:
    """USGS's other codes and minref's "not calculable" mark, told apart (for a legend that
    already says what e, blank, W, NA and E mean: the PDF brief's, ``printed``)."""
    text = CODES_LEGEND_PRINTED if printed else CODES_LEGEND
    return _(text).format(small=_("<½ unit"), no_share=no_share_mark())


def legend() -> str:
    """What the marks and blanks of the supply tables mean."""
    return (
        _(
            "e = estimated; blank = not held or not listed by USGS (not zero); 0 = USGS's dash "
            "(zero); W = withheld; NA = not available; E = net exporter (net import reliance); "
            ">75, <25 = a bound as USGS gives it."
        )
        + " "
        + codes_legend()
    )
