"""Normalise the lines of the USGS world tables: one line per product, qualifiers as notes.

USGS writes a country's own qualifier into the line label ("Mine production: steatite",
"Mine production, talc (includes steatite)", "Soda ash, natural, mine production" for the
one country typed differently), types the world total with different case or wording
("World mine production: Palladium", "Mine production: natural" beside "Natural"), and
sometimes puts the line of a world total in its country label ("World total (ilmenite and
rutile, rounded)").  Read naively, each variant becomes a line of its own: countries drop
out of rankings and shares go blank.

:func:`normalise_world_rows` gives every row the line it belongs to (``type``), keeps
the label as USGS wrote it (``type_raw``) and the per-country part of it
(``qualifier``, also written at the head of the note so that it shows on hover).
Genuinely different lines (mine vs refinery, natural vs synthetic, ilmenite vs rutile)
stay apart: a qualifier is split off only when the bare line exists for other countries,
or for the commodities listed in :data:`SINGLE_LINE`, whose USGS table is one line.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict

from minref.catalog.flags import NOT_RANKED_NOTE, QUALIFIER_NOTE

logger = logging.getLogger(__name__)

# Commodities whose USGS world table is a single line in which each country's label
# names its own form (MCS 2023-2025 per-country files): the form is a qualifier.
SINGLE_LINE = {"talc", "kyanite"}

# Commodities whose per-country forms are not comparable and which USGS does not total
# (boron: borates, ulexite, boric oxide equivalent, refined borates; world total "XX"):
# each form stays a line of its own, unranked.
KEEP_APART = {"boron"}

# Country rows whose label is a combined figure reported on one product's line.
COMBINED_ON_LINE = {
    ("titanium-concentrates", frozenset({"ilmenite", "rutile"})): frozenset({"ilmenite"}),
}

# Known misspellings in USGS labels (the raw label is kept in type_raw).
_TYPOS = {"ilmentite": "ilmenite", "poduction": "production", "benficiated": "beneficiated"}

_STOP = {
    "and",
    "of",
    "the",
    "a",
    "in",
    "estimated",
    "rounded",
    "world",
    "total",
}


def _fix_typos(text: str) -> str:
    for bad, good in _TYPOS.items():
        text = re.sub(bad, good, text, flags=re.I)
    return text


def line_words(label: str, commodity_words: set[str]) -> frozenset[str]:
    """The content words of a line label, lower case, without the commodity's own name."""
    words = re.findall(r"[a-z0-9]+", _fix_typos(label).lower())
    return frozenset(w for w in words if w not in _STOP and w not in commodity_words)


def line_multiset(label: str, commodity_words: set[str]) -> tuple[str, ...]:
    """Like :func:`line_words` but counting repeats: "Sponge ... Pigment Capacity (Pigment)"
    and "Sponge ... Pigment Capacity (Sponge)" are two lines."""
    words = re.findall(r"[a-z0-9]+", _fix_typos(label).lower())
    return tuple(sorted(w for w in words if w not in _STOP and w not in commodity_words))


def _strip_marks(label: str) -> tuple[str, bool]:
    """A label without its 'rounded'/'estimated' marks and world-total prefix."""
    text = _fix_typos(label.strip().rstrip(".").strip())
    estimated = False
    m = re.search(r",\s*estimated$", text, re.I)
    if m:
        text, estimated = text[: m.start()].strip(), True
    text = re.sub(r"\s*\(rounded\)", "", text, flags=re.I)
    text = re.sub(r"[:,]\s*rounded$", "", text, flags=re.I).strip()
    m = re.match(r"^world (?:total )?(mine production)", text, re.I)
    if m:
        text = "Mine production" + text[m.end() :]
    return text, estimated


_SPLIT_RE = (
    re.compile(r"^(?P<base>.+?)\s*(?::|—)\s*(?P<q>.+)$"),
    re.compile(r"^(?P<base>.+?)\s*\((?P<q>[^()]+)\)$"),
)


def _split(label: str) -> list[tuple[str, str]]:
    out = []
    for rx in _SPLIT_RE:
        m = rx.match(label)
        if m:
            out.append((m["base"].strip(" ,"), m["q"].strip()))
    return out


def _world_spec(country_label: str) -> str:
    """The line named in a world total's label: 'World total (ilmenite, rounded)' -> ilmenite."""
    text = re.sub(r"\d+$", "", country_label).strip()
    m = re.match(r"^world total\s*\(([^)]*)\)\s*,?\s*(.*)$", text, re.I)
    parts = []
    if m:
        parts = [m[1], m[2]]
    else:
        m = re.match(r"^world total\s*,\s*(.*)$", text, re.I)
        if m:
            parts = [m[1]]
    spec = " ".join(p for p in parts if p)
    spec = re.sub(r"\brounded\b", "", spec, flags=re.I).strip(" ,.")
    if re.search(r"\b(exclud|includ)", spec, re.I):
        return ""  # a total that leaves a country out is still the line's total
    return spec


def normalise_world_rows(rows: list[dict], commodity_words: dict[str, set[str]]) -> dict:
    """Give each world row its line; returns counts of what was changed."""
    stats = Counter()
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        r.setdefault("type_raw", r["type"])
        r.setdefault("qualifier", "")
        groups[(r["source_id"], r["commodity_id"], r["measure"])].append(r)
    for (_, cid, _measure), grp in groups.items():
        cwords = commodity_words.get(cid, set())
        _normalise_group(cid, grp, cwords, stats)
    return dict(stats)


def _normalise_group(cid: str, grp: list[dict], cwords: set[str], stats: Counter) -> None:
    # 1. Marks off; "…, estimated" lines flag their figures.
    for r in grp:
        label, est = _strip_marks(r["type_raw"])
        r["type"] = label
        if est and r["measure"] != "reserves":
            flags = set(r["flags"].split())
            if "estimated" not in flags:
                flags.add("estimated")
                r["flags"] = " ".join(sorted(flags))
                stats["estimated_flag_added"] += 1
    country_rows = [r for r in grp if r["place_kind"] != "world"]
    world_rows = [r for r in grp if r["place_kind"] == "world"]
    by_key: dict[frozenset, Counter] = defaultdict(Counter)
    for r in country_rows:
        by_key[line_words(r["type"], cwords)][r["type"]] += 1

    # 2. Qualifiers: "Base: q" / "Base (q)" where Base is a line of other countries.
    base_keys = set(by_key)
    for r in country_rows:
        if cid in KEEP_APART:
            continue
        if cid in SINGLE_LINE:
            m = re.match(r"^(mine production|reserves)\s*[:,—]\s*(.+)$", r["type"], re.I)
            if m:
                _set_qualifier(r, m[1][:1].upper() + m[1][1:].lower(), m[2], stats)
            continue
        own = line_words(r["type"], cwords)
        combined = next((k for (c, k) in COMBINED_ON_LINE if c == cid and k <= own), None)
        if combined:
            target = (own - combined) | COMBINED_ON_LINE[(cid, combined)]
            if target in base_keys:
                _set_qualifier(r, by_key[target].most_common(1)[0][0], r["type"], stats)
                continue
        for base, q in _split(r["type"]):
            key = line_words(base, cwords)
            if key in base_keys and key != line_words(r["type"], cwords):
                _set_qualifier(r, base, q, stats)
                break

    # 3. World totals: the line their own label names, then the wording of the countries'.
    for r in world_rows:
        spec = _world_spec(r["country_label"])
        if spec:
            spec_words = line_words(spec, cwords)
            own = line_words(r["type"], cwords)
            if spec_words and not spec_words <= own:
                swap = own & spec_words
                if len(swap) == 1:
                    word = next(iter(swap))
                    r["type"] = re.sub(rf"\b{word}\b", spec, r["type"], count=1, flags=re.I)
                else:
                    r["type"] = f"{r['type']}: {spec}"
                stats["world_total_line_from_label"] += 1
        if cid in SINGLE_LINE:
            m = re.match(r"^(mine production|reserves)\b", r["type"], re.I)
            if m and r["type"].lower() != m[1].lower():
                r["qualifier"] = r["type"][m.end() :].strip(" ,:")
                r["type"] = m[1][:1].upper() + m[1][1:].lower()

    # 4. One spelling per line: labels with the same content words are one line.
    counts: dict[tuple, Counter] = defaultdict(Counter)
    for r in grp:
        weight = 1 if r["place_kind"] != "world" else 0
        counts[line_multiset(r["type"], cwords)][r["type"]] += weight
    canonical = {
        k: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for k, c in counts.items()
    }
    for r in grp:
        new = canonical[line_multiset(r["type"], cwords)]
        if new != r["type"]:
            if r["place_kind"] == "world":
                stats["world_total_joined"] += 1
            r["type"] = new

    # 4b. A country typed with a less specific label than the table's one ranked line
    # (MCS 2025 cobalt: U.S. "Mine production, estimated" beside "Mine production, cobalt
    # content") is on that line.
    per_line: dict[str, set] = defaultdict(set)
    for r in grp:
        if r["place_kind"] == "country":
            per_line[r["type"]].add(r["country_label"])
    ranked = [t for t, c in per_line.items() if len(c) >= 3]
    if len(ranked) == 1:
        big = line_words(ranked[0], cwords)
        for r in grp:
            t = r["type"]
            if t != ranked[0] and len(per_line.get(t, ())) < 3 and r["place_kind"] != "world":
                small = line_words(t, cwords)
                if small and small < big:
                    r["type"] = ranked[0]
                    stats["less_specific_label_joined"] += 1

    # 5. A world total left alone on a code-typed line ("NA", "XX") in a one-line table.
    lines_with_countries = {r["type"] for r in grp if r["place_kind"] == "country"}
    if len(lines_with_countries) == 1:
        only = next(iter(lines_with_countries))
        for r in world_rows:
            if r["type"] not in lines_with_countries and r["type"].upper() in ("NA", "XX"):
                r["type"] = only
                stats["world_total_joined"] += 1

    # 6. Never two figures for one country and year on a line: undo such a merge.
    seen: dict[tuple, dict] = {}
    for r in grp:
        k = (r["type"], r["country_label"], r["year"])
        if k in seen and r["qualifier"]:
            logger.info("%s: %s kept apart (%s)", cid, r["type_raw"], r["country_label"])
            r["type"], r["qualifier"] = r["type_raw"], ""
            stats["qualifier_merge_undone"] += 1
        seen[(r["type"], r["country_label"], r["year"])] = r

    # Qualifier at the head of the note, so that it shows wherever the note does.
    for r in grp:
        if r["qualifier"] and r["place_kind"] != "world":
            lead = QUALIFIER_NOTE.format(qualifier=r["qualifier"])
            if not r["note"].startswith(lead):
                r["note"] = f"{lead} {r['note']}".strip()


_FOOTNOTE = re.compile(r"\s*\d+$")


def display_place(label: str, kind: str) -> tuple[str, str]:
    """(label without USGS footnote marks, qualifier found in it).

    "World total (rounded) 10" -> "World total (rounded)"; "Other countriese" -> "Other
    countries"; "Denmark (processed)5" -> ("Denmark", "processed"); "Bolivia, ulexite" ->
    ("Bolivia", "ulexite").  Country names are shown from the country table; the label is
    what shows for aggregates, and the raw label stays in ``country_raw``.
    """
    text = _FOOTNOTE.sub("", label.strip())
    if kind == "others" and text.lower().endswith("countriese"):
        text = text[:-1]
    if kind != "country":
        return text, ""
    m = re.match(r"^(?P<name>[^(]+?)\s*\((?P<q>[a-z][^)]*)\)$", text)
    if m:
        return m["name"], m["q"]
    m = re.match(r"^(?P<name>[^,]+),\s*(?P<q>[a-z].*)$", text)
    if m:
        return m["name"], m["q"]
    return text, ""


# A country's second row on a line that is not its production: shown, not ranked.
# (Helium: "United States (from Cliffside Field)" is the sale of crude helium stored in the
# Federal Helium Reserve, listed beside "United States (extracted from natural gas)".)
NOT_RANKED_QUALIFIERS = ("from cliffside field",)


def clean_place_labels(rows: list[dict]) -> int:
    """Footnote marks off the place labels (raw kept in ``country_raw``); returns rows changed."""
    n = 0
    cleaned: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        raw = r.setdefault("country_raw", r["country_label"])
        key = (r["source_id"], r["commodity_id"], r["measure"], r["type"], r["year"])
        cleaned[key + (display_place(raw, r["place_kind"])[0],)].append(r)
    # Two rows that would share a label ("United States (from Cliffside Field)" and
    # "United States (extracted from natural gas)") keep their raw labels.
    clash = {id(r) for group in cleaned.values() if len(group) > 1 for r in group}
    for r in rows:
        raw = r["country_raw"]
        if id(r) in clash:
            continue
        label, q = display_place(raw, r["place_kind"])
        if q and not r.get("qualifier"):
            r["qualifier"] = q
            lead = QUALIFIER_NOTE.format(qualifier=q)
            r["note"] = f"{lead} {r['note']}".strip()
        if label != r["country_label"]:
            r["country_label"] = label
            n += 1
    for r in rows:
        raw = r["country_raw"].lower()
        if r["place_kind"] == "country" and any(q in raw for q in NOT_RANKED_QUALIFIERS):
            r["place_kind"], r["country_iso3"] = "group", None
            r["note"] = f"{NOT_RANKED_NOTE} {r['note']}".strip()
    return n


def _set_qualifier(r: dict, line: str, qualifier: str, stats: Counter) -> None:
    r["type"], r["qualifier"] = line, qualifier
    stats["qualifier_rows"] += 1
