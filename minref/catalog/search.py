"""Full-text search over commodities, rare earth elements, countries and HS codes.

Accent-insensitive (FTS5 ``remove_diacritics``), prefix matching as you type, HS
codes written with or without dots.  User text never reaches FTS5 syntax: it is
cut into word tokens, each quoted, so quotes, asterisks, parentheses or SQL in a
query can never raise an error.

HS descriptions are published in English only, so a commodity's name in any language
also finds the HS codes the catalog links to that commodity (``commodity_hs``), right
after the commodity's own kind of hit: "litio", "lithium" and "lithium" (fr) list the
same codes in the same order.
"""

from __future__ import annotations

import functools
import logging
import re
import sqlite3
import unicodedata
from collections.abc import Iterator, Mapping

from minref.i18n import N_, _, pgettext
from minref.records import record

logger = logging.getLogger(__name__)

# What a result is, in English (marked for the translators; kind_label() translates).
_KIND_LABELS_EN = {
    "commodity": N_("Commodity"),
    "element": N_("Rare earth element"),
    "country": N_("Country"),
    "hs": N_("HS code"),
    "commodities": N_("Commodity list"),
}


def kind_label(kind: str) -> str:
    """What a search result is, in the reader's language ("Commodity", "Producto")."""
    english = _KIND_LABELS_EN.get(kind)
    return _(english) if english else kind


class _KindLabels(Mapping):
    """The kind labels, translated when read (the window's search list reads them)."""

    def __getitem__(self, kind: str) -> str:
        if kind not in _KIND_LABELS_EN:
            raise KeyError(kind)
        return kind_label(kind)

    def __iter__(self) -> Iterator[str]:
        return iter(_KIND_LABELS_EN)

    def __len__(self) -> int:
        return len(_KIND_LABELS_EN)


KIND_LABELS: Mapping[str, str] = _KindLabels()
# Kinds ranked above HS descriptions when both match ("cinc" is zinc before cinchona).
NAME_KINDS = ("commodity", "element", "country", "commodities", "countries")


@record
class SearchHit:
    """One search result: what it is, the page it opens, its title and subtitle."""

    kind: str
    key: str
    title: str
    subtitle: str


def normalise(text: str) -> str:
    """The one form of user text for search and name resolution (``show``, ``search``,
    the search box): NFKC (full-width ``ｓｉｌｖｅｒ`` -> ``silver``, ligatures, composed
    accents from decomposed NFD input), then accents folded away and case folded
    (``Étain`` -> ``etain``).  FTS5's own ``remove_diacritics`` only knows composed
    letters, so queries reach it in this form too."""
    text = unicodedata.normalize("NFKC", text or "")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text).casefold()


fold = normalise  # the name the catalog's resolve_* functions use


def hs_dotted(code: str) -> str:
    """HS code in its printed form: 2846, 2846.90, 25 (chapter)."""
    return code if len(code) <= 4 else f"{code[:4]}.{code[4:]}"


def query_tokens(text: str) -> list[str]:
    """The search tokens of a user's query; HS codes lose their dots ("28.46" -> "2846")."""
    tokens = []
    for tok in re.findall(r"[\w][\w.\-]*", normalise(text or "")):
        tok = tok.strip(".-")
        if re.fullmatch(r"[\d.]+", tok):
            tok = tok.replace(".", "")
        else:
            tok = re.sub(r"[.]", " ", tok).strip()
        for part in tok.split():
            if part:
                tokens.append(part)
    return tokens[:12]


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression: every token quoted and prefix-matched, all required."""
    tokens = query_tokens(text)
    if not tokens:
        return None
    return " ".join('"' + t.replace('"', "") + '"*' for t in tokens)


@functools.cache
def has_fts5() -> bool:
    """Whether this Python's SQLite has FTS5 (some frozen builds lack it); asked once."""
    try:
        con = sqlite3.connect(":memory:")
        con.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        con.close()
        return True
    except sqlite3.OperationalError:
        return False


def search(
    conn: sqlite3.Connection, text: str, limit: int = 20, *, use_fts: bool = True
) -> list[SearchHit]:
    """Items matching text, best first."""
    tokens = query_tokens(text)
    if not tokens:
        return []
    if use_fts:
        rows = conn.execute(
            "SELECT i.kind, i.key, i.title, i.subtitle, i.names, i.rank_boost, "
            "bm25(search_fts, 10.0, 6.0) - i.rank_boost AS score "
            "FROM search_fts JOIN search_items i ON i.rowid = search_fts.rowid "
            "WHERE search_fts MATCH ? ORDER BY score LIMIT ?",
            (fts_query(text), max(limit * 3, 30)),
        ).fetchall()
    else:
        rows = _scan(conn, tokens, max(limit * 3, 30))
    wanted = fold(text.strip())
    if re.fullmatch(r"[\d.\s]+", wanted):
        wanted = re.sub(r"[.\s]", "", wanted)
    best: dict[tuple[str, str], tuple[tuple, SearchHit]] = {}

    def keep(order: tuple, kind: str, key: str, title: str, subtitle: str, names: str) -> None:
        # An HS code found both by its description and through its commodity keeps
        # the better of its two places.
        held = best.get((kind, key))
        if held is None or order < held[0]:
            hit = SearchHit(kind, key, *_in_language(kind, key, title, subtitle, names))
            best[(kind, key)] = (order, hit)

    named: dict[str, tuple] = {}  # commodities whose names (not codes) the query matches
    for kind, key, title, subtitle, names, boost, score in rows:
        folded = [fold(n.strip()) for n in names.split("|")] + [fold(title)]
        exact = fold(key) == wanted or wanted in folded
        starts = any(n.startswith(wanted) for n in folded)
        # Exact names first, then commodity, element and country names before HS
        # codes (those linked to a matched commodity before those whose description
        # merely holds the word: "china" the country, then porcelain), then names that
        # start with the query (chapters before their members, countries with data
        # before others), then FTS relevance.
        order = (
            not exact,
            _NAME if kind in NAME_KINDS else _DESCRIPTION,
            not starts,
            -boost if starts else 0,
            score,
            title,
        )
        keep(order, kind, key, title, subtitle, names)
        if kind == "commodity" and _names_match(" ".join(folded), tokens):
            named[key] = order
    for cid, code, level, description in _linked_hs(conn, list(named)):
        order = named[cid]
        # Right after the commodity's own tier, in the catalog's code order.
        linked = (order[0], _LINKED, *order[2:], code)
        keep(linked, *_hs_item(code, level, description)[:5])
    hits = sorted(best.values(), key=lambda h: h[0])
    return [h for _, h in hits[:limit]]


# The second sort key of a hit: a name, an HS code linked to a matched commodity, or an
# HS code found by the words of its description.
_NAME, _LINKED, _DESCRIPTION = 0, 1, 2


def _names_match(folded_names: str, tokens: list[str]) -> bool:
    """Whether every query token (already folded) starts a word of a commodity's folded
    names ("litio", "terres rar"), not only of its codes: "2836" finds lithium by an HS
    code, not by name."""
    words = set(re.findall(r"\w+", folded_names)) | set(re.findall(r"\w[\w-]*", folded_names))
    return all(any(w.startswith(t) for w in words) for t in tokens)


def _linked_hs(conn: sqlite3.Connection, commodity_ids: list[str]) -> list[tuple]:
    """The HS codes the catalog links to these commodities, with their level and
    description (codes the nomenclature lacks are left out, never made up)."""
    if not commodity_ids:
        return []
    marks = ",".join("?" * len(commodity_ids))
    return conn.execute(
        "SELECT ch.commodity_id, h.hs_code, h.level, h.description "
        "FROM commodity_hs ch JOIN hs_codes h ON h.hs_code = ch.hs_code "
        f"WHERE ch.commodity_id IN ({marks}) ORDER BY ch.commodity_id, h.hs_code",
        commodity_ids,
    ).fetchall()


def _hs_item(code: str, level: int, description: str) -> tuple:
    """One HS code's search item (kind, key, title, subtitle, names, codes, rank_boost)."""
    return (
        "hs",
        code,
        f"HS {hs_dotted(code)} {description}",
        HS_LEVELS.get(level, HS_LEVELS[6]),
        description,
        code,
        0.5 if level <= 4 else 0.0,
    )


def _scan(conn: sqlite3.Connection, tokens: list[str], limit: int) -> list[tuple]:
    """Plain search without FTS5: every token must start a word of names or codes."""
    folded = [fold(t) for t in tokens]
    out = []
    for kind, key, title, subtitle, names, codes, boost in conn.execute(
        "SELECT kind, key, title, subtitle, names, codes, rank_boost FROM search_items"
    ):
        words = re.findall(r"\w+", fold(names + " " + codes))
        if all(any(w.startswith(t) for w in words) for t in folded):
            out.append((kind, key, title, subtitle, names, boost, -boost))
    out.sort(key=lambda r: r[6])
    return out[:limit]


PAGE_TITLES = {"commodities": N_("Commodities and their critical-list status")}
PAGE_SUBTITLES = {"commodities": N_("Critical-mineral lists, filters")}
HS_LEVELS = {2: N_("HS 2022 chapter"), 4: N_("HS 2022 heading"), 6: N_("HS 2022 subheading")}
# The USGS class of a rare earth element, as the element page translates it.
ELEMENT_CLASSES = {
    "light": "light",
    "heavy": "heavy",
    "scandium (often treated separately)": "scandium (often treated separately)",
}


def _in_language(kind: str, key: str, title: str, subtitle: str, names: str) -> tuple[str, str]:
    """A hit's title and subtitle in the reader's language: names from the catalog's
    English, Spanish and French columns (names: "en | es | fr | aliases…"), minref's own
    words translated, HS descriptions as published.  The index stores the English form;
    this renders it, so one catalog serves every language."""
    from minref.i18n import current_language

    lang = current_language()
    parts = [n.strip() for n in names.split("|")]
    column = {"es": 1, "fr": 2}.get(lang, 0)

    def name(i: int) -> str:
        return (parts[i] if len(parts) > i else "") or parts[0]

    if kind in ("commodity", "country", "element") and len(parts) >= 3:
        shown = name(column)
        if kind == "commodity":
            others = [name(i) for i in range(3) if i != column and name(i) != shown]
            # "Commodity · Plata · Argent": the name in the other two languages
            subtitle = " · ".join([kind_label(kind), *dict.fromkeys(others)])
            title = shown
        elif kind == "country":
            other = name(1) if column != 1 else name(0)
            subtitle = " · ".join([kind_label(kind), key, other])
            title = shown
        else:
            stored = subtitle.split(" · ")
            number = stored[1].removeprefix("Z=") if len(stored) > 1 else ""
            group = stored[2] if len(stored) > 2 else ""
            if group in ELEMENT_CLASSES:
                group = pgettext("rare earth element", ELEMENT_CLASSES[group])
            subtitle = _("Rare earth element · Z={number} · {group}").format(
                number=number, group=group
            )
            title = _("{element} ({symbol})").format(element=shown, symbol=key)
    elif kind == "hs":
        description = title.split(" ", 2)[2] if title.count(" ") >= 2 else ""
        title = _("HS {code} {description}").format(code=hs_dotted(key), description=description)
        level = HS_LEVELS.get(len(key))
        subtitle = _(level) if level else subtitle
    elif kind in PAGE_TITLES:
        title, subtitle = _(PAGE_TITLES[kind]), _(PAGE_SUBTITLES[kind])
    return title, subtitle


def suggestions(conn: sqlite3.Connection, text: str, n: int = 5) -> list[str]:
    """Names close to a query that found nothing ("fluorspr" -> Fluorspar), best first."""
    import difflib

    wanted = fold(text.strip())
    if len(wanted) < 3:
        return []
    by_folded: dict[str, str] = {}
    for kind, title, names in conn.execute(
        "SELECT kind, title, names FROM search_items WHERE kind != 'hs'"
    ):
        for name in names.split("|"):
            name = name.strip()
            if name:
                by_folded.setdefault(fold(name), name if kind == "commodity" else title)
    close = difflib.get_close_matches(wanted, list(by_folded), n=n * 2, cutoff=0.7)
    out: list[str] = []
    for c in close:
        if by_folded[c] not in out:
            out.append(by_folded[c])
    return out[:n]


def populate_search(conn: sqlite3.Connection) -> int:
    """Fill search_items and its FTS index from the catalog's tables."""
    items: list[tuple] = []
    aliases: dict[str, set[str]] = {}
    for alias, cid in conn.execute("SELECT alias, commodity_id FROM commodity_aliases"):
        aliases.setdefault(cid, set()).add(alias)
    # Curated synonyms per language (db/search_synonyms.csv): commodity terms join the
    # commodity's names; page terms ("minerales críticos") become items of their own.
    page_terms: dict[str, set[str]] = {}
    country_alias: dict[str, set[str]] = {}  # and country terms join the country's names
    for term, cid, page in conn.execute(
        "SELECT term, commodity_id, page FROM search_synonyms ORDER BY term"
    ):
        if cid:
            aliases.setdefault(cid, set()).add(term)
        elif page and page.startswith("country:"):
            country_alias.setdefault(page.split(":", 1)[1], set()).add(term)
        elif page:
            page_terms.setdefault(page, set()).add(term)
    for page, terms in sorted(page_terms.items()):
        items.append(
            (
                page.rstrip(":"),
                "",
                PAGE_TITLES.get(page, page),
                PAGE_SUBTITLES.get(page, ""),
                " | ".join(sorted(terms)),
                "",
                2.0,
            )
        )
    hs_by_commodity: dict[str, set[str]] = {}
    for cid, code in conn.execute("SELECT commodity_id, hs_code FROM commodity_hs"):
        hs_by_commodity.setdefault(cid, set()).update({code, code[:4]})
    for cid, en, es, fr, kind, symbols, codes, _parent in conn.execute(
        "SELECT commodity_id, name_en, name_es, name_fr, kind, symbols, mcs_codes, "
        "parent_id FROM commodities"
    ):
        names = " | ".join([en, es or "", fr or "", *sorted(aliases.get(cid, ()))])
        code_text = " ".join(
            filter(None, [cid, symbols, codes, *sorted(hs_by_commodity.get(cid, ()))])
        )
        subtitle = f"Commodity · {es} · {fr}"
        boost = {"chapter": 3.0, "member": 2.0}.get(kind, 1.0)
        items.append(("commodity", cid, en, subtitle, names, code_text, boost))
    for symbol, en, es, fr, number, cls in conn.execute(
        "SELECT symbol, name_en, name_es, name_fr, atomic_number, class_usgs "
        "FROM rare_earth_elements"
    ):
        items.append(
            (
                "element",
                symbol,
                f"{en} ({symbol})",
                f"Rare earth element · Z={number} · {cls}",
                f"{en} | {es} | {fr}",
                f"{symbol} {number}",
                2.5,
            )
        )
    for alias, iso3 in conn.execute(
        "SELECT alias, iso3 FROM country_aliases WHERE iso3 IS NOT NULL"
    ):
        country_alias.setdefault(iso3, set()).add(alias)
    with_data = {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT country_iso3 FROM world_production WHERE country_iso3 IS NOT NULL"
        )
    }
    for iso3, iso2, en, es, fr in conn.execute(
        "SELECT iso3, iso2, name_en, name_es, name_fr FROM countries"
    ):
        names = " | ".join([en, es or "", fr or "", *sorted(country_alias.get(iso3, ()))])
        items.append(
            (
                "country",
                iso3,
                en,
                f"Country · {iso3} · {es}",
                names,
                f"{iso3} {iso2 or ''}",
                2.0 if iso3 in with_data else 1.0,
            )
        )
    for code, level, desc in conn.execute("SELECT hs_code, level, description FROM hs_codes"):
        items.append(_hs_item(code, level, desc))
    conn.executemany(
        "INSERT INTO search_items (kind, key, title, subtitle, names, codes, rank_boost) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        items,
    )
    conn.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    return len(items)
