"""What changed between two MCS editions (or between the catalogs before and after an install).

Pure: reads the catalog only through its query functions.  A figure is matched across
editions by commodity, measure, the line's wording-independent key (editions word lines
differently), the place (ISO3, or the label for "World total" and "Other countries") and
the year; keys that two lines of one edition share are left out rather than guessed.
Ranks are ranks among the countries USGS lists, in each edition's latest year, on lines
listing at least three countries (as on the commodity pages).  Critical lists compared are,
for each list series (U.S., EU CRM, Canada, ...), the newest final list published before
the edition's year.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field

from minref.analysis.lines import line_key
from minref.catalog.models import Figure, format_number, format_raw
from minref.catalog.queries import MEXICO, Catalog, UnknownName, rank_values
from minref.errors import quoted
from minref.i18n import N_, _, collation_key, format_percent, ngettext, percent_sign
from minref.records import record

logger = logging.getLogger(__name__)

DEFAULT_THRESHOLD_PCT = 1.0


@record
class Revision:
    """One figure held by both editions for the same year whose value moved."""

    table: str  # world_production | us_salient
    commodity_id: str
    commodity: str
    measure: str
    line: str
    country_iso3: str | None
    country: str
    year: int
    unit: str
    old_value: float
    old_raw: str
    old_flags: tuple[str, ...]
    new_value: float
    new_raw: str
    new_flags: tuple[str, ...]
    change_pct: float | None  # None when the old value is 0
    old_source_id: str
    new_source_id: str


@record
class FlagChange:
    table: str
    commodity_id: str
    commodity: str
    measure: str
    line: str
    country_iso3: str | None
    country: str
    year: int
    old_raw: str
    old_flags: tuple[str, ...]
    new_raw: str
    new_flags: tuple[str, ...]
    old_value: float | None = None  # the parsed cells (None for a code: W, NA, E, ...)
    new_value: float | None = None

    @property
    def description(self) -> str:
        """The flags before and after, in the reader's language ("estimated -> reported")."""
        from minref.analysis.text import flag_label

        old = ", ".join(flag_label(f) for f in self.old_flags) or _("reported")
        new = ", ".join(flag_label(f) for f in self.new_flags) or _("reported")
        return _("{old} -> {new}").format(old=old, new=new)


@record
class RankChange:
    commodity_id: str
    commodity: str
    measure: str
    line: str
    country_iso3: str
    country: str
    old_year: int | None
    old_rank: int | None  # None: not ranked (not listed, withheld, bounded)
    new_year: int | None
    new_rank: int | None


@record
class ListChange:
    series: str
    jurisdiction: str
    old_list: str | None
    new_list: str | None
    commodity_id: str | None
    mineral: str  # as the list names it
    change: str  # added | removed
    name: str = ""  # the catalog's name of the commodity, in the language of the diff
    jurisdiction_name: str = ""  # the jurisdiction in the language of the diff


@dataclass
class EditionDiff:
    from_edition: int
    to_edition: int
    threshold_pct: float
    new_commodities: list[tuple[str, str]] = field(default_factory=list)
    dropped_commodities: list[tuple[str, str]] = field(default_factory=list)
    renamed_commodities: list[tuple[str, str, str]] = field(default_factory=list)
    new_countries: list[tuple[str, str]] = field(default_factory=list)
    dropped_countries: list[tuple[str, str]] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    rank_changes: list[RankChange] = field(default_factory=list)
    flag_changes: list[FlagChange] = field(default_factory=list)
    list_changes: list[ListChange] = field(default_factory=list)
    unmatched_keys: int = 0
    source_ids: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Nothing changed in what the diff compares."""
        return not any(
            (
                self.new_commodities,
                self.dropped_commodities,
                self.renamed_commodities,
                self.new_countries,
                self.dropped_countries,
                self.revisions,
                self.rank_changes,
                self.flag_changes,
                self.list_changes,
            )
        )

    def mexico(self) -> dict[str, list]:
        """The revisions, rank and flag changes that concern Mexico."""
        return {
            "revisions": [r for r in self.revisions if r.country_iso3 == MEXICO],
            "rank_changes": [r for r in self.rank_changes if r.country_iso3 == MEXICO],
            "flag_changes": [r for r in self.flag_changes if r.country_iso3 == MEXICO],
        }


def _flags(text: str | None) -> tuple[str, ...]:
    return tuple(text.split()) if text else ()


def _place(r: dict) -> str:
    return (
        r["country_iso3"]
        if r.get("place_kind") == "country" and r["country_iso3"]
        else (f"~{r.get('country_label') or r.get('place_kind') or ''}")
    )


def _index(rows: list[dict], table: str) -> tuple[dict[tuple, dict], set[tuple]]:
    """Rows by matching key; keys shared by two rows of the edition are returned apart."""
    out: dict[tuple, dict] = {}
    clashes: set[tuple] = set()
    for r in rows:
        if table == "world_production":
            key = (r["commodity_id"], r["measure"], line_key(r["type"]), _place(r), r["year"])
        else:
            key = (r["commodity_id"], r["statistic"], line_key(r["detail"] or ""), "", r["year"])
        if key in out:
            clashes.add(key)
        out[key] = r
    for key in clashes:
        out.pop(key, None)
    return out, clashes


def _pct(old: float, new: float) -> float | None:
    return None if old == 0 else 100.0 * (new - old) / abs(old)


def _by_name(pair: tuple) -> tuple[str, str]:
    """(id, name) pairs in the reader's alphabetical order of the names."""
    return collation_key(pair[1])


def _mexico_first(iso3: str | None) -> bool:
    return iso3 != MEXICO


def edition_diff(
    old: Catalog,
    from_edition: int,
    to_edition: int,
    new: Catalog | None = None,
    *,
    threshold_pct: float = DEFAULT_THRESHOLD_PCT,
) -> EditionDiff:
    """What changed from one edition to another (in one catalog, or from old to new)."""
    new = new or old
    diff = EditionDiff(from_edition, to_edition, threshold_pct)
    sources: set[str] = set()
    world_old = old.edition_figures(from_edition, "world_production")
    world_new = new.edition_figures(to_edition, "world_production")
    sal_old = old.edition_figures(from_edition, "us_salient")
    sal_new = new.edition_figures(to_edition, "us_salient")

    def cname(cid: str) -> str:
        return new.commodity_name(cid) or old.commodity_name(cid) or cid

    def place_name(r: dict) -> str:
        if r.get("place_kind") == "country" and r.get("country_iso3"):
            return new.country_name(r["country_iso3"]) or r["country_label"]
        return r.get("country_label") or new.country_name("USA")

    # Commodities and countries held.
    held_old = {r["commodity_id"] for r in world_old + sal_old}
    held_new = {r["commodity_id"] for r in world_new + sal_new}
    diff.new_commodities = sorted(((c, cname(c)) for c in held_new - held_old), key=_by_name)
    diff.dropped_commodities = sorted(((c, cname(c)) for c in held_old - held_new), key=_by_name)
    labels_old = _published_labels(world_old, sal_old)
    labels_new = _published_labels(world_new, sal_new)
    diff.renamed_commodities = sorted(
        (c, labels_old[c], labels_new[c])
        for c in held_old & held_new
        if c in labels_old and c in labels_new and not _same_label(labels_old[c], labels_new[c])
    )
    iso_old = {r["country_iso3"] for r in world_old if r["place_kind"] == "country"}
    iso_new = {r["country_iso3"] for r in world_new if r["place_kind"] == "country"}
    iso_old.discard(None)
    iso_new.discard(None)
    diff.new_countries = sorted(
        ((i, new.country_name(i) or i) for i in iso_new - iso_old), key=_by_name
    )
    diff.dropped_countries = sorted(
        ((i, old.country_name(i) or i) for i in iso_old - iso_new), key=_by_name
    )

    # Figures held by both editions for the same year.
    for table, rows_old, rows_new in (
        ("world_production", world_old, world_new),
        ("us_salient", sal_old, sal_new),
    ):
        a, clash_a = _index(rows_old, table)
        b, clash_b = _index(rows_new, table)
        diff.unmatched_keys += len(clash_a | clash_b)
        for key in a.keys() & b.keys():
            ro, rn = a[key], b[key]
            world = table == "world_production"
            common = dict(
                table=table,
                commodity_id=rn["commodity_id"],
                commodity=cname(rn["commodity_id"]),
                measure=rn["measure"] if world else rn["statistic"],
                line=rn["type"] if world else (rn["detail"] or ""),
                country_iso3=rn.get("country_iso3") if world else "USA",
                country=place_name(rn) if world else new.country_name("USA"),
                year=rn["year"],
            )
            fo, fn = _flags(ro["flags"]), _flags(rn["flags"])
            if set(fo) != set(fn):
                diff.flag_changes.append(
                    FlagChange(
                        **common,
                        old_raw=ro["raw"] or "",
                        old_flags=fo,
                        new_raw=rn["raw"] or "",
                        new_flags=fn,
                        old_value=ro["value"],
                        new_value=rn["value"],
                    )
                )
                sources |= {ro["source_id"], rn["source_id"]}
            vo, vn = ro["value"], rn["value"]
            if vo is None or vn is None or vo == vn:
                continue
            pct = _pct(vo, vn)
            if pct is not None and abs(pct) <= threshold_pct:
                continue
            diff.revisions.append(
                Revision(
                    **common,
                    unit=rn["unit"] or "",
                    old_value=vo,
                    old_raw=ro["raw"] or "",
                    old_flags=fo,
                    new_value=vn,
                    new_raw=rn["raw"] or "",
                    new_flags=fn,
                    change_pct=pct,
                    old_source_id=ro["source_id"],
                    new_source_id=rn["source_id"],
                )
            )
            sources |= {ro["source_id"], rn["source_id"]}
    diff.revisions.sort(
        key=lambda r: (
            _mexico_first(r.country_iso3),
            -(abs(r.change_pct) if r.change_pct is not None else float("inf")),
            r.commodity,
            r.measure,
            r.line,
            r.country,
            r.year,
        )
    )
    diff.flag_changes.sort(
        key=lambda r: (
            _mexico_first(r.country_iso3),
            r.commodity,
            r.measure,
            r.line,
            r.country,
            r.year,
        )
    )

    # Ranks in each edition's latest year.
    ranks_old = _ranks(world_old)
    ranks_new = _ranks(world_new)
    for line in ranks_old.keys() | ranks_new.keys():
        yo, ro = ranks_old.get(line, (None, {}, {}))[:2]
        yn, rn = ranks_new.get(line, (None, {}, {}))[:2]
        if not ro or not rn:
            continue  # the line is ranked in one edition only: nothing to compare
        type_name = (ranks_new.get(line) or ranks_old.get(line))[2]
        for iso3 in ro.keys() | rn.keys():
            if ro.get(iso3) != rn.get(iso3):
                diff.rank_changes.append(
                    RankChange(
                        line[0],
                        cname(line[0]),
                        line[1],
                        type_name,
                        iso3,
                        new.country_name(iso3) or iso3,
                        yo,
                        ro.get(iso3),
                        yn,
                        rn.get(iso3),
                    )
                )
    diff.rank_changes.sort(
        key=lambda r: (
            _mexico_first(r.country_iso3),
            r.commodity,
            r.measure,
            r.line,
            r.new_rank or 999,
            r.country,
        )
    )
    if diff.rank_changes:
        sources |= {f"usgs-mcs-{from_edition}", f"usgs-mcs-{to_edition}"} & (
            set(old.sources) | set(new.sources)
        )

    diff.list_changes = _list_changes(old, new, from_edition, to_edition)
    diff.source_ids = sorted(sources)
    return diff


def _published_labels(world: list[dict], salient: list[dict]) -> dict[str, str]:
    """The name an edition publishes for each commodity: its salient statistics' (every
    MCS chapter has them), the world table's only for a commodity without them.  The
    per-commodity world files of MCS 2022-2024 print no name: their rows hold the file's
    code ("bauxi"), which read as a rename to "Bauxite" in every diff from them; a code
    is no name (wollastonite's MCS 2023 chapter has no salient table)."""
    named = [r for r in world if not _FILE_CODE.fullmatch(r.get("commodity_label") or "")]
    return {**_main_labels(named), **_main_labels(salient)}


# A per-commodity MCS file's code as minref.ingest.usgs.file_code reads it ("feore").
_FILE_CODE = re.compile(r"[a-z0-9-]+")


def _same_label(a: str, b: str) -> bool:
    """Whether two editions print a name in common (each side one name or several joined
    by " / ", _main_labels): a commodity is renamed only when the newer edition prints
    none of the names the older one did ("Zirconium and Hafnium" -> "Zirconium / Zirconium
    And Hafnium" is no rename).  One name printed two ways is the same name: case, or an
    em dash typed "--" (MCS 2023's "Nitrogen (Fixed)--Ammonia", MCS 2026's "—")."""

    def names(side: str) -> set[str]:
        return {n.replace("--", "\u2014").casefold() for n in side.split(" / ")}

    return bool(names(a) & names(b))


def _main_labels(rows: list[dict]) -> dict[str, str]:
    """Each commodity's name in these rows; the names joined by " / " in alphabetical order
    where the edition prints several (MCS 2026's salient tables name titanium's by product,
    "TiO2 pigment" and "Titanium sponge metal": "renamed Titanium sponge metal", the name of
    the most rows, misread that as a rename of the chapter)."""
    names: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if r.get("commodity_label"):
            names[r["commodity_id"]].add(r["commodity_label"])
    return {c: " / ".join(sorted(n, key=str.casefold)) for c, n in names.items()}


def _ranks(rows: list[dict]) -> dict[tuple, tuple[int, dict[str, int], str]]:
    """(commodity, measure, line key) -> (latest year, ranks by ISO3, line name)."""
    lines: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        lines[(r["commodity_id"], r["measure"], line_key(r["type"]))].append(r)
    out = {}
    for line, rs in lines.items():
        year = max(r["year"] for r in rs if r["year"] is not None) if rs else None
        listed = [
            r
            for r in rs
            if r["year"] == year and r["place_kind"] == "country" and r["country_iso3"]
        ]
        if len(listed) < 3 or len({r["country_iso3"] for r in listed}) != len(listed):
            continue
        ranks = rank_values({i: r["value"] for i, r in enumerate(listed)})
        out[line] = (year, {listed[i]["country_iso3"]: k for i, k in ranks.items()}, rs[0]["type"])
    return out


def _series(list_id: str) -> str:
    return re.sub(r"-?\d{4}.*$", "", list_id)


def _lists_in_force(rows: list[dict], edition: int) -> dict[str, tuple[str, str, dict]]:
    """Per series: (list id, jurisdiction, members) of the newest final list before edition."""
    by_list: dict[str, dict] = {}
    for r in rows:
        status = (r["status"] or "").lower()
        if "draft" in status or r["list_year"] is None or r["list_year"] >= edition:
            continue
        entry = by_list.setdefault(
            r["list_id"], {"year": r["list_year"], "jurisdiction": r["jurisdiction"], "m": {}}
        )
        if r["mineral"]:
            entry["m"][r["commodity_id"] or r["mineral"]] = r["mineral"]
    out: dict[str, tuple[str, str, dict]] = {}
    for list_id, e in sorted(by_list.items(), key=lambda kv: (kv[1]["year"], kv[0])):
        out[_series(list_id)] = (list_id, e["jurisdiction"], e["m"])
    return out


# Jurisdictions of critical lists that are not countries (a country is named by the catalog).
JURISDICTIONS = {"European Union": N_("European Union")}


def jurisdiction_name(cat: Catalog, jurisdiction: str) -> str:
    """A critical list's jurisdiction in the reader's language: a country by the catalog's
    name ("United States" -> "États-Unis d'Amérique"), the EU in minref's words; a
    jurisdiction minref cannot name, as the list table holds it."""
    if jurisdiction in JURISDICTIONS:
        return _(JURISDICTIONS[jurisdiction])
    try:
        return cat.country_name(cat.resolve_country(jurisdiction)) or jurisdiction
    except UnknownName:
        return jurisdiction


def _change_name(cat: Catalog, cid: str | None, mineral: str) -> str:
    """A list change's name in the diff's language: the commodity's, else the member's as
    the catalog names it (Catalog.list_member_name: "Osmio" for the list's "Osmium"); ""
    when that is the list's own word (English: the change prints the member as listed)."""
    if cid:
        return cat.commodity_name(cid)
    name = cat.list_member_name(mineral)
    return "" if name == mineral else name


def _list_changes(old: Catalog, new: Catalog, from_edition: int, to_edition: int):
    before = _lists_in_force(old.critical_list_rows(), from_edition)
    after = _lists_in_force(new.critical_list_rows(), to_edition)
    changes = []
    for series in sorted(before.keys() | after.keys()):
        lo, jo, mo = before.get(series, (None, "", {}))
        ln, jn, mn = after.get(series, (None, "", {}))
        if lo == ln and mo == mn:
            continue
        where = jn or jo
        shown = jurisdiction_name(new, where)
        for key in sorted(mn.keys() - mo.keys()):
            cid = key if key in new.commodity_ids() else None
            name = _change_name(new, cid, mn[key])
            changes.append(ListChange(series, where, lo, ln, cid, mn[key], "added", name, shown))
        for key in sorted(mo.keys() - mn.keys()):
            cid = key if key in old.commodity_ids() else None
            name = _change_name(old, cid, mo[key])
            changes.append(ListChange(series, where, lo, ln, cid, mo[key], "removed", name, shown))
    return changes


# The sections of diff_text, in order (English here, translated where printed).
SECTION_TITLES = {
    "new_commodities": N_("New commodities"),
    "dropped_commodities": N_("Dropped commodities"),
    "renamed": N_("Renamed"),
    "new_countries": N_("New countries"),
    "dropped_countries": N_("Dropped countries"),
    "mexico_revisions": N_("Mexico: revised figures"),
    "mexico_ranks": N_("Mexico: rank changes"),
    "mexico_flags": N_("Mexico: changed flags"),
    "revisions": N_("All: revised figures"),
    "ranks": N_("All: rank changes"),
    "flags": N_("All: changed flags"),
    "lists": N_("Critical lists"),
}


def cell_text(value: float | None, raw: str, flags: tuple[str, ...] = ()) -> str:
    """A published cell as the other commands show figures (Figure.display), in the
    reader's conventions: "1,190" / "1 190", "20.6" / "20,6", "2.0" / "2,0" (the source's
    own decimals, never rounded), ">21,000,000" / ">21 000 000"; USGS's codes (W, NA, E,
    s, Small) and ranges as printed; "—" for a zero USGS printed as a dash (``flags``
    holding "zero")."""
    if value is None:
        return format_raw(raw) if raw else _("n/a")
    return Figure(value, raw, "", None, flags, "").display()


def _flagged(value: float, raw: str, flags: tuple[str, ...]) -> str:
    """A revised figure in the reader's conventions with its flags in words: "6,300
    [estimated]", "6 300 [estimé]" (a zero as 0, its flag saying how USGS printed it)."""
    from minref.analysis.text import flag_label

    text = cell_text(value, raw)
    if flags:
        text = _("{value} [{flags}]").format(
            value=text, flags=", ".join(flag_label(f) for f in flags)
        )
    return text


def revision_text(r: Revision) -> str:
    """One revised figure: "Silver, Mine production, Mexico, 2025: 6,300 [estimated] ->
    5,900 metric tons (-6.3%)" (the USGS line and unit as published)."""
    from minref.analysis.text import unit_label

    if r.change_pct is None:
        change = _("from 0")
    else:
        change = ("+" if r.change_pct >= 0 else "") + format_percent(r.change_pct, 1)
    return (
        _("{commodity}, {line}, {country}, {year}: {old} -> {new} {unit} ({change})")
        .format(
            commodity=r.commodity,
            line=r.line,
            country=r.country,
            year=r.year,
            old=_flagged(r.old_value, r.old_raw, r.old_flags),
            new=_flagged(r.new_value, r.new_raw, r.new_flags),
            unit=unit_label(r.unit),
            change=change,
        )
        .replace("  (", " (")
    )


def rank_text(r: RankChange) -> str:
    """One rank change: "Silver, Mine production, Mexico: rank 1 (2024) -> 2 (2025)"."""

    def one(rank: int | None, year: int | None) -> str:
        if rank:
            return _("{rank} ({year})").format(rank=rank, year=year)
        return _("not ranked ({year})").format(year=year)

    return _("{commodity}, {line}, {country}: rank {old} -> {new}").format(
        commodity=r.commodity,
        line=r.line,
        country=r.country,
        old=one(r.old_rank, r.old_year),
        new=one(r.new_rank, r.new_year),
    )


def flag_change_text(r: FlagChange) -> str:
    """One flag change, with the cells as published, their numbers in the reader's
    conventions: "Cadmium, Refinery production, Mexico, 2024: estimated -> reported
    (1,200 -> 1,190)"; "(W -> 588)", "(0 -> —)"."""
    return _("{commodity}, {line}, {country}, {year}: {flags} ({old_raw} -> {new_raw})").format(
        commodity=r.commodity,
        line=r.line,
        country=r.country,
        year=r.year,
        flags=r.description,
        old_raw=cell_text(r.old_value, r.old_raw, r.old_flags),
        new_raw=cell_text(r.new_value, r.new_raw, r.new_flags),
    )


def list_codes_text(old_list: str | None, new_list: str | None) -> str:
    """Which list a change is read from, in the reader's words: "US-2022 -> US-2025" (the
    diff's arrow), "new list AU-CML-2024" (none in force before), "list CA-2024 withdrawn";
    the list's code alone when both editions read the same list."""
    if old_list and new_list and old_list != new_list:
        return _("{old} -> {new}").format(old=old_list, new=new_list)
    if new_list and not old_list:
        return _("new list {code}").format(code=new_list)
    if old_list and not new_list:
        return _("list {code} withdrawn").format(code=old_list)
    return new_list or ""


def list_change_text(c: ListChange) -> str:
    """One critical-list change, the jurisdiction in the reader's language: "United States
    (US-2022 -> US-2025): Copper added", "États-Unis d'Amérique (US-2022 -> US-2025),
    ajout : Cuivre", "Australia (new list AU-CML-2024): Alumina added"."""
    template = (
        _("{jurisdiction} ({lists}): {mineral} added")
        if c.change == "added"
        else _("{jurisdiction} ({lists}): {mineral} removed")
    )
    return template.format(
        jurisdiction=c.jurisdiction_name or c.jurisdiction,
        lists=list_codes_text(c.old_list, c.new_list),
        mineral=c.name or c.mineral,
    )


def renamed_text(commodity_id: str, old_label: str, new_label: str) -> str:
    """A commodity USGS names differently in the newer edition, its two labels as published
    inside the reader's quotation marks: 'bauxite: “Bauxite and Alumina” -> “Bauxite”'
    (« … » in French)."""
    return _("{commodity}: {old} -> {new}").format(
        commodity=commodity_id, old=quoted(old_label), new=quoted(new_label)
    )


def diff_text(diff: EditionDiff, limit: int = 40) -> list[str]:
    """The diff as lines of text (Mexico first, then all), as ``minref data diff`` prints
    it, in the reader's language."""
    threshold = f"{format_number(diff.threshold_pct)}{percent_sign()}"
    out = [
        _(
            "What changed from MCS {old} to MCS {new} (figures revised by more than "
            "{threshold}; ranks among listed countries)"
        ).format(old=diff.from_edition, new=diff.to_edition, threshold=threshold)
    ]

    def section(key: str, items: list[str]) -> None:
        n = format_number(len(items))
        out.append(_("{section}: {n}").format(section=_(SECTION_TITLES[key]), n=n))
        out.extend(f"  {s}" for s in items[:limit])
        if len(items) > limit:
            more = len(items) - limit
            out.append(
                "  "
                + ngettext(
                    "... and {n} more (--json for all)", "... and {n} more (--json for all)", more
                ).format(n=format_number(more))
            )

    section("new_commodities", [f"{n} ({c})" for c, n in diff.new_commodities])
    section("dropped_commodities", [f"{n} ({c})" for c, n in diff.dropped_commodities])
    section("renamed", [renamed_text(c, a, b) for c, a, b in diff.renamed_commodities])
    section("new_countries", [f"{n} ({i})" for i, n in diff.new_countries])
    section("dropped_countries", [f"{n} ({i})" for i, n in diff.dropped_countries])
    mx = diff.mexico()
    section("mexico_revisions", [revision_text(r) for r in mx["revisions"]])
    section("mexico_ranks", [rank_text(r) for r in mx["rank_changes"]])
    section("mexico_flags", [flag_change_text(r) for r in mx["flag_changes"]])
    section("revisions", [revision_text(r) for r in diff.revisions])
    section("ranks", [rank_text(r) for r in diff.rank_changes])
    section("flags", [flag_change_text(r) for r in diff.flag_changes])
    section("lists", [list_change_text(c) for c in diff.list_changes])
    if diff.source_ids:
        out.append(_("Sources: {ids}").format(ids=", ".join(diff.source_ids)))
    return out


CSV_COLUMNS = (
    "section",
    "commodity_id",
    "commodity",
    "measure",
    "line",
    "country_iso3",
    "country",
    "year",
    "old",
    "old_flags",
    "new",
    "new_flags",
    "change_pct",
    "unit",
    "sources",
)


def diff_csv(diff: EditionDiff) -> str:
    """Revisions, rank changes and flag changes as one CSV (Mexico first in each section)."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for r in diff.revisions:
        pct = "" if r.change_pct is None else f"{r.change_pct:.2f}"
        w.writerow(
            [
                "revision",
                r.commodity_id,
                r.commodity,
                r.measure,
                r.line,
                r.country_iso3 or "",
                r.country,
                r.year,
                r.old_raw,
                " ".join(r.old_flags),
                r.new_raw,
                " ".join(r.new_flags),
                pct,
                r.unit,
                f"{r.old_source_id} {r.new_source_id}",
            ]
        )
    for k in diff.rank_changes:
        w.writerow(
            [
                "rank",
                k.commodity_id,
                k.commodity,
                k.measure,
                k.line,
                k.country_iso3,
                k.country,
                k.new_year or "",
                "" if k.old_rank is None else f"{k.old_rank} ({k.old_year})",
                "",
                "" if k.new_rank is None else f"{k.new_rank} ({k.new_year})",
                "",
                "",
                "rank among listed countries",
                "",
            ]
        )
    for f in diff.flag_changes:
        w.writerow(
            [
                "flags",
                f.commodity_id,
                f.commodity,
                f.measure,
                f.line,
                f.country_iso3 or "",
                f.country,
                f.year,
                f.old_raw,
                " ".join(f.old_flags),
                f.new_raw,
                " ".join(f.new_flags),
                "",
                "",
                "",
            ]
        )
    for c in diff.list_changes:
        w.writerow(
            [
                "critical list",
                c.commodity_id or "",
                c.mineral,
                c.series,
                f"{c.old_list or ''} -> {c.new_list or ''}",
                "",
                c.jurisdiction,
                "",
                "",
                "",
                c.change,
                "",
                "",
                "",
                "",
            ]
        )
    return buf.getvalue()
