"""Plain-text renderings of catalog answers for the terminal, in the reader's language.

Every sentence is one translatable template with named placeholders (minref.i18n);
numbers and percentages follow the language's CLDR conventions. The source's own text
(HS descriptions, citations) is printed as the source gives it; units and USGS's line
labels are shown in the reader's language (:func:`unit_label`, :func:`line_label_text`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from minref.analysis.profile import CommodityReport
from minref.catalog import flags
from minref.catalog.flags import FLAG_LABELS
from minref.catalog.models import CountryStanding, Figure, SourceRef, TradeFlow, format_number
from minref.i18n import (
    N_,
    NP_,
    _,
    clauses,
    current_language,
    format_percent,
    percent_sign,
    pgettext,
)

logger = logging.getLogger(__name__)

# The flag labels of minref.catalog.flags, marked for the translators (shown through
# flag_label(); tests/test_i18n.py checks every FLAG_LABELS value is in this list).
FLAG_LABELS_FOR_TRANSLATION = (
    N_("estimated"),
    N_("withheld to avoid disclosing company proprietary data (W)"),
    N_("not available (NA)"),
    N_("not applicable (XX)"),
    N_("zero (—)"),
    N_("net exporter (E)"),
    N_("range"),
    N_("greater than the stated bound"),
    N_("less than the stated bound"),
    N_("qualitative (no figure stated)"),
    N_("less than ½ unit or included elsewhere (s)"),
    N_("source cell unreadable"),
    N_("revised"),
    N_("included in another figure (see note)"),
    N_("corrected by USGS after the data release (old value in the note)"),
    N_("rounded by USGS"),
    N_("quantity estimated by UN Comtrade"),
    N_("net weight estimated by UN Comtrade"),
    N_("UN Comtrade total of more detailed lines"),
    N_("derived by UN Comtrade from the reporter's detailed data, not as reported"),
    N_("quantity not given: the heading's lines use different units"),
    N_("main partners only: a partner not listed was below the cut, not zero"),
)


# Labels defined as data elsewhere and translated where they are shown (tr(label) in the
# window, _(label) on paper): key-fact labels (analysis.profile.key_facts), navigation
# entries (ui.pages.PAGES), the desk's HS levels and flows, brief kinds registered
# outside briefing.kinds.
UI_TERMS_FOR_TRANSLATION = (
    N_("Mexico's world rank"),
    N_("Mexico's share of world production"),
    N_("Leading producers"),
    N_("U.S. net import reliance"),
    N_("Mexico's share of U.S. imports"),
    N_("Critical lists"),
    N_("Commodities"),
    N_("Rare earth elements"),
    N_("Countries"),
    N_("Trade desk"),
    N_("Claim checker"),
    N_("North American supply"),
    N_("Sources"),
    N_("Chapter (HS 2)"),
    N_("Heading (HS 4)"),
    N_("Subheading (HS 6)"),
    N_("Exports"),
    N_("Imports"),
    N_("Any flow"),
    N_("North American critical-minerals supply"),
    # ui/book_actions.py SHORTCUTS (shown through QCoreApplication.translate)
    N_("Star this page (Starred in the navigation lists it)"),
    N_("Write a note on this page"),
    N_("Add this page to a briefing book"),
)


# Shorter translations where a label must fit a fixed width: the window's navigation
# (200 px) asks with Qt context "MainWindow".
NAVIGATION_LABELS_FOR_TRANSLATION = (
    NP_("MainWindow", "Rare earth elements"),
    NP_("MainWindow", "Claim checker"),
    NP_("MainWindow", "North American supply"),
    NP_("MainWindow", "Commodities"),
    NP_("MainWindow", "Trade desk"),
    # the commodity page's key-fact cards, five abreast at 1366 px
    NP_("CommodityPage", "Mexico's world rank"),
    NP_("CommodityPage", "Mexico's share of world production"),
    NP_("CommodityPage", "U.S. net import reliance"),
    NP_("CommodityPage", "Mexico's share of U.S. imports"),
)


# The words of the curated element table (db/rare_earth_elements.csv), shown translated.
ELEMENT_TERMS = (
    NP_("rare earth element", "light"),
    NP_("rare earth element", "heavy"),
    NP_("rare earth element", "lanthanide"),
    NP_("rare earth element", "group 3"),
    NP_("rare earth element", "yes"),
    NP_("rare earth element", "no"),
    NP_("rare earth element", "scandium (often treated separately)"),
    NP_("rare earth element", "scandium (separate EU CRM entry)"),
    NP_("rare earth element", "radioactive; no natural mining production"),
)
_ELEMENT_TERMS = set(ELEMENT_TERMS)


def element_term(text: str) -> str:
    """A word of the element table in the reader's language (other text as held)."""
    return pgettext("rare earth element", text) if text in _ELEMENT_TERMS else text


def list_status(status: str) -> str:
    """A critical-mineral list's status (db/critical_lists.csv) in the reader's language:
    "final", "in force 2024-05-23", "draft (superseded)"; other text as held."""
    m = re.fullmatch(r"in force (\d{4}-\d\d-\d\d)", status)
    if m:
        return _("in force {date}").format(date=m[1])
    return pgettext("list status", status) if status in _LIST_STATUSES else status


_LIST_STATUSES = {NP_("list status", "final"), NP_("list status", "draft (superseded)")}


def flag_label(flag: str) -> str:
    """A flag's label in the reader's language ("estimated" -> "estimado")."""
    return _(FLAG_LABELS.get(flag, flag))


def fig(f: Figure | None, percent: bool = False) -> str:
    """A figure with its flags, as printed in the terminal; ``percent``: a percentage, its
    sign as the reader's language writes it ("77% [estimated]", "77 % [estimé]")."""
    if f is None:
        return _("not held")
    text = percent_text(f) if percent else f.display()
    if f.flags:
        text += " [" + ", ".join(flag_label(x) for x in f.flags) + "]"
    return text


# USGS's codes that stand for a figure (W, NA, XX, —, E): a table shows the code alone and
# names it once beneath ("withheld to avoid disclosing company proprietary data (W)"),
# which beside every row pushed the row's share out of its column.
CODE_FLAGS = frozenset(
    {
        flags.WITHHELD,
        flags.NOT_AVAILABLE,
        flags.NOT_APPLICABLE,
        flags.ZERO,
        flags.NET_EXPORTER,
    }
)


def _table_fig(f: Figure | None, coded: dict[str, None]) -> str:
    """:func:`fig` for a terminal table: a figure that is one of USGS's codes is its code
    alone, the code's flag added to ``coded`` for the line beneath the table."""
    if f is not None and f.flags and set(f.flags) <= CODE_FLAGS:
        coded.update(dict.fromkeys(f.flags))
        return f.display()
    return fig(f)


# The marks printed beside a figure in tables; the legend explains them ("e = estimado").
FLAG_MARKS = {"estimated": "e", "revised": "r"}
SALIENT_LABELS = {
    "production": N_("Production"),
    "imports": N_("Imports"),
    "exports": N_("Exports"),
    "consumption": N_("Consumption"),
    "price": N_("Price"),
    "net_import_reliance": N_("Net import reliance"),
    "stocks": N_("Stocks"),
    "shipments": N_("Shipments"),
    "employment": N_("Employment"),
    "other": N_("Other"),
}
# minref's own verdict words (minref.analysis.claims), for the reader's language.
VERDICTS = {
    "supported": N_("supported"),
    "partly supported": N_("partly supported"),
    "not supported": N_("not supported"),
    "cannot be checked with the data held": N_("cannot be checked with the data held"),
}
FLOWS = {
    "export": N_("export"),
    "import": N_("import"),
    "re_export": N_("re-export"),
    "re_import": N_("re-import"),
}
MEASURES = {
    "production": N_("production"),
    "reserves": N_("reserves"),
    "capacity": N_("capacity"),
}


def lists_held_text(cat) -> str:
    """The critical-mineral lists the catalog holds, from the data: "United States 2022, 2025;
    European Union 2023; …" (drafts left out)."""
    years: dict[str, list[str]] = {}
    for _list_id, jurisdiction, year in cat.final_lists():
        ys = years.setdefault(jurisdiction, [])
        if str(year) not in ys:
            ys.append(str(year))
    return clauses(f"{j} {', '.join(ys)}" for j, ys in years.items())


def import_sources_heading(cat, shares) -> str:
    """The heading of the import-share lines, edition and period taken from the rows."""
    periods = sorted({s.period for _c, _n, s in shares} - {""})
    ids = {s.figure.source_id for _c, _n, s in shares}
    editions = ", ".join(sorted(cat.sources[i].edition for i in ids if i in cat.sources))
    return _("Share of U.S. imports (USGS {editions}, {periods} average):").format(
        editions=editions, periods=", ".join(periods)
    )


def import_product(detail: str) -> str:
    """The product of a U.S. import-sources line: USGS's own words, except its "All" (all
    forms of the commodity; an empty detail means the same), a word of the table shown in
    the reader's language."""
    return pgettext("import product", "All") if detail in ("All", "") else detail


def salient_label(statistic: str, detail: str) -> str:
    """ "Production: Mine", not "Production: Production: Mine" (MCS 2026 repeats it).

    The statistic's name is minref's and translated; the detail is USGS's own wording."""
    english = SALIENT_LABELS.get(statistic, statistic.replace("_", " ").capitalize())
    label = _(english) if statistic in SALIENT_LABELS else english
    if not detail:
        return label
    for prefix in (english, statistic.replace("_", " ")):
        if detail.lower().startswith(prefix.lower()):
            rest = detail[len(prefix) :]
            if rest.startswith(":"):  # "Production: Mine, recoverable": our word, theirs
                return _("{statistic}: {detail}").format(statistic=label, detail=rest[1:].strip())
            return detail  # "Production, all forms": USGS's wording whole
    return _("{statistic}: {detail}").format(statistic=label, detail=detail)


# Said beside a table whose wording is USGS's own, where the reader's language is not English.
SALIENT_WORDS = N_("Statistic names as USGS publishes them, in English.")


def english_words_note(message: str) -> str:
    """``message`` (a note that a table quotes its source's English) in the reader's
    language, or nothing for a reader of English."""
    return "" if current_language() == "en" else _(message)


# The mark beside a figure the source corrected after its data release (Brazil's rare-earth
# reserves, MCS 2026 v1.3), as "e" marks an estimate; on screen and on paper, explained
# beneath the table (corrected_legend) and, on screen, on hover.
CORRECTED_MARK = "c"


def corrected_legend() -> str:
    """What the corrected mark means, for the line beneath a table that shows one."""
    return _("{mark} = corrected by USGS after the data release.").format(mark=CORRECTED_MARK)


def figure_text(f: Figure | None) -> str:
    """A figure as shown in tables on screen and paper: the number with "e" for an
    estimate, or the source's own code ("W", "NA", ">95"); "c" after any other mark when
    the source corrected it ("11,000,000 c", ">75,000,000 c", "1,200 ec")."""
    if f is None:
        return ""
    text = f.display()
    marks = "".join(FLAG_MARKS[x] for x in f.flags if x in FLAG_MARKS)
    marked = bool(marks) and f.value is not None
    text = f"{text} {marks}" if marked else text
    if flags.CORRECTED in f.flags:
        text += CORRECTED_MARK if marked else f" {CORRECTED_MARK}"
    return text


# The units the catalog's tables use (world production, U.S. salient statistics, rare-earth
# history, IEA outlook, trade quantities, the claims register), for the reader's language.
# A unit not listed here is shown as the source wrote it.
UNITS = frozenset(
    {
        NP_("unit", "Metric tons, rare-earth oxide equivalent"),
        NP_("unit", "cents per pound"),
        NP_("unit", "cubic meters (as labelled in the source)"),
        NP_("unit", "dollars"),
        NP_("unit", "dollars per 10-grams"),
        NP_("unit", "dollars per 100 mililiters"),
        NP_("unit", "dollars per 100 milliliters"),
        NP_("unit", "dollars per 25 grams"),
        NP_("unit", "dollars per 50 grams"),
        NP_("unit", "dollars per carat"),
        NP_("unit", "dollars per dry metric ton unit"),
        NP_("unit", "dollars per flask"),
        NP_("unit", "dollars per gram"),
        NP_("unit", "dollars per kilogram"),
        NP_("unit", "dollars per metric ton"),
        NP_("unit", "dollars per metric ton or dollars per pound (both used)"),
        NP_("unit", "dollars per pound"),
        NP_("unit", "dollars per short ton"),
        NP_("unit", "dollars per ton"),
        NP_("unit", "dollars per troy ounce"),
        NP_("unit", "grams"),
        NP_("unit", "grams (component content)"),
        NP_("unit", "grams (gold content)"),
        NP_("unit", "index"),
        NP_("unit", "kilograms"),
        NP_("unit", "kilograms (component content)"),
        NP_("unit", "kilograms, rare-earth oxide equivalent"),
        NP_("unit", "metric tons"),
        NP_("unit", "metric tons (t) rare-earth oxide equivalent"),
        NP_("unit", "metric tons, REO equivalent"),
        NP_("unit", "million US$"),
        NP_("unit", "million carats"),
        NP_("unit", "million cubic meters"),
        NP_("unit", "million dollars"),
        NP_("unit", "million liters"),
        NP_("unit", "million metric tons"),
        NP_("unit", "million square feet"),
        NP_("unit", "mineral products"),
        NP_("unit", "minerals"),
        NP_("unit", "number"),
        NP_("unit", "percent"),
        NP_("unit", "percent of Mexican mineral exports"),
        NP_("unit", "rare earths"),
        NP_("unit", "thousand carats"),
        NP_("unit", "thousand metric dry tons"),
        NP_("unit", "thousand metric tons"),
        NP_("unit", "thousands of carats"),
        NP_("unit", "tons"),
    }
)


def unit_label(unit: str | None) -> str:
    """A catalog unit in the reader's language ("metric tons" -> "toneladas métricas");
    a unit the catalog does not list, or a symbol ("$/t"), as the source wrote it."""
    if not unit:
        return ""
    return pgettext("unit", unit) if unit in UNITS else unit


# USGS's line labels ("Mine production, manganese content") in Spanish and French, written
# by hand: resources/usgs_line_labels.csv (en,es,fr), read once, when a label is first shown.
LINE_LABELS_FILE = "usgs_line_labels.csv"
_line_labels: dict[str, dict[str, str]] | None = None


def _load_line_labels() -> dict[str, dict[str, str]]:
    global _line_labels
    if _line_labels is None:
        import csv
        import time

        from minref.paths import resource_dir

        start = time.perf_counter()
        path = resource_dir() / LINE_LABELS_FILE
        table: dict[str, dict[str, str]] = {"es": {}, "fr": {}}
        try:
            with open(path, encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    en = (row.get("en") or "").strip()
                    for lang in ("es", "fr"):
                        text = (row.get(lang) or "").strip()
                        if en and text:
                            table[lang][en] = text
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            logger.warning("USGS line labels not read from %s: %s", path, exc)
        _line_labels = table
        logger.debug(
            "%d USGS line labels read from %s in %.1f ms",
            len(table["es"]),
            path,
            (time.perf_counter() - start) * 1000,
        )
    return _line_labels


def line_label_text(label: str | None, lower: bool = False) -> str:
    """A USGS line label ("Mine production, manganese content") in the reader's language
    ("Producción minera, contenido de manganeso"), from resources/usgs_line_labels.csv; in
    English, or for a label the file does not hold, the label as USGS published it.
    ``lower``: with a small first letter, for use inside a sentence (a formula or an
    acronym that begins the label is kept: "TiO2 Pigment Capacity")."""
    if not label:
        return label or ""
    lang = current_language()
    text = label
    if lang != "en":
        text = _load_line_labels().get(lang, {}).get(label.strip(), "")
        if not text:
            logger.debug(
                "USGS line label %r has no %s rendering in %s", label, lang, LINE_LABELS_FILE
            )
            text = label
    first = text.split(" ", 1)[0]
    # a formula or an acronym ("TiO2", "PGM") keeps its capitals
    if lower and first[:1].isupper() and not any(c.isupper() or c.isdigit() for c in first[1:]):
        text = text[:1].lower() + text[1:]
    return text


def figure_with_unit(f: Figure | None, unit: str) -> str:
    """A figure with its unit and then its flags in words, for running text and cards:
    "1,500 thousand metric tons (estimated)", never "1,500 e thousand metric tons"."""
    if f is None:
        return ""
    text = f"{f.display()} {unit_label(unit)}".strip() if f.value is not None else f.display()
    words = [flag_label(x) for x in f.flags if x in FLAG_MARKS]
    return f"{text} ({', '.join(words)})" if words and f.value is not None else text


# Groupings that some sources print in capitals and that stay so (the U.S. Census
# partner list: "APEC", "ASEAN", "USMCA (NAFTA)"); every other capitalised name is
# shown in title case ("MEXICO" -> "Mexico", "ANTIGUA AND BARBUDA" -> "Antigua and Barbuda").
KEEP_CAPITALS = {"APEC", "ASEAN", "CAFTA-DR", "EU", "NAFTA", "OECD", "OPEC", "UK", "USMCA", "US"}
_SMALL_WORDS = {"and", "of", "the", "de", "da", "del", "la", "le", "et", "y"}


def display_place(label: str) -> str:
    """A place's label for display: a source's all-capitals name in title case, groupings
    that are acronyms kept.  The raw label stays in the data; only the display changes."""
    if not label or not label.isupper():
        return label
    words = []
    for i, word in enumerate(label.split(" ")):
        bare = word.strip("(),.")
        if bare in KEEP_CAPITALS:
            words.append(word)
        elif i and word.lower() in _SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(words)


def place_name(cat, code_or_label: str | None) -> str:
    """The country table's name for an ISO3 code, else the label shown by display_place."""
    if not code_or_label:
        return ""
    name = cat.country_name(code_or_label) if len(code_or_label) == 3 else ""
    if name and name != code_or_label:
        return name
    return display_place(code_or_label)


def percent_text(fig: Figure) -> str:
    """A percentage figure for a card: '77%', '>95%', or USGS's code ('E', 'W', 'NA')."""
    if fig.value is not None:
        return f"{fig.display()}{percent_sign()}"
    if fig.raw.strip().lower() == "s":
        # USGS's "s": too small to show, or explained in a note; say which, never point to a
        # note that is not there.
        if fig.note.strip():
            return _("s (see note)")
        return _("s (less than ½ unit)")
    if fig.low is not None or fig.high is not None:
        return f"{fig.raw.rstrip('%')}{percent_sign()}"
    return fig.raw or _("n/a")


def members_text(cat, members: Sequence[str], lower: bool = False) -> str:
    """List members (a supply row's, a list badge's) in the reader's language, in the list's
    order ("Hafnio, Circonio" for the list's "Hafnium, Zirconium"); a member the catalog
    (``cat``) cannot name stays as published (Catalog.list_member_name).  Without a
    catalog: as published.
    ``lower``: inside a Spanish or French sentence, each name the catalog gives with a small
    first letter, as those languages write a common noun ("ninguna para iridio, rodio");
    a member shown as published (and English) keeps the list's capitals."""
    if cat is None:
        return ", ".join(members)

    def one(mineral: str) -> str:
        name = cat.list_member_name(mineral)
        if not lower or not cat.list_member_name_sources(mineral):  # as published
            return name
        parts = name.split(": ")  # a group and its member: "Metales del grupo…: Iridio"
        return ": ".join(_small_first(p) for p in parts)

    return ", ".join(one(m) for m in members)


def _small_first(word: str) -> str:
    """A name with a small first letter; a formula or an acronym ("PGM", "TiO2") kept."""
    first = word.split(" ", 1)[0]
    if first[:1].isupper() and not any(c.isupper() or c.isdigit() for c in first[1:]):
        return word[:1].lower() + word[1:]
    return word


def members_as_listed(cat, members: Sequence[str]) -> str:
    """The list's own English for hover text, which officials quote ("Como se publicó:
    Hafnium, Zirconium"); "" where the reader's names are the list's (English)."""
    if not members or members_text(cat, members) == ", ".join(members):
        return ""
    return _("{language}: {name}").format(language=_("As listed"), name=", ".join(members))


# minref's own mark for a share it cannot compute (a bound, a word or a code where a number
# is needed), so that it is never read as one of USGS's codes (W, NA, XX): in Spanish the
# generic "n/a" read "n. d.", USGS's "NA" in other words, in the same column.
# Not "no share", which reads as a share of zero ("Mexico produces no share of ...").
NO_SHARE = NP_("supply share cell", "not calculable")
# What the mark means, where a table or a line shows it.
NO_SHARE_NOTE = N_(
    "'{no_share}' is minref's own mark, not USGS's: no share can be computed, as the "
    "country's figure or the world total is a bound, a word or a code, not an exact number."
)


def no_share_mark() -> str:
    """minref's mark for a share it cannot compute, in the reader's language."""
    return pgettext("supply share cell", NO_SHARE)


def no_share_note() -> str:
    """What :func:`no_share_mark` means (for the legend of a table that shows it)."""
    return _(NO_SHARE_NOTE).format(no_share=no_share_mark())


def share_text(share: float | None, figure: Figure | None, place_kind: str = "country") -> str:
    """A row's share of the world: :func:`pct`; where the row has a figure but no share can
    be computed, minref's mark (:func:`no_share_mark`), never "n/a", which reads as
    USGS's NA; blank where the row has no figure (a country listed for reserves only)
    and on the world total itself."""
    if share is not None:
        return pct(share)
    if figure is None or place_kind == "world":
        return ""
    return no_share_mark()


def pct(value: float | None) -> str:
    """A share for display: one decimal, and "<0.1%" rather than a misleading 0.0%."""
    if value is None:
        return _("n/a")
    # 0.05 itself too: the reader's rounding (half to even, as CLDR's) shows it as 0.0%
    # (Mexico's 10 t of bismuth, 0.05% of the world, read "0.0%": found in the built app).
    if 0 < value <= 0.05:
        return "<" + format_percent(0.1)
    if 99.95 <= value < 100.05 and value != 100:
        return "≈" + format_percent(100, 0)  # a share of a rounded world total
    return format_percent(value)


def no_results_line(query: str, suggestions: list[str]) -> str:
    """The plain line a search that found nothing gets, with the closest names if any."""
    if suggestions:
        return _("No results for “{query}”. Did you mean: {names}?").format(
            query=query, names=", ".join(suggestions)
        )
    return _(
        "No results for “{query}”. Try a commodity, element or country name in English, "
        "Spanish or French, or an HS code (2846, 28.46)."
    ).format(query=query)


def sources_heading() -> str:
    return _("Sources:")


# USGS's aggregate rows of a world table, named in the reader's language as the window and
# the briefs name them (minref.ui.pages.commodity, minref.briefing.briefs).
PLACE_LABELS = {
    "World total": N_("World total"),
    "Other countries": N_("Other countries"),
    "Rest of world": N_("Rest of world"),  # the IEA's
}


def place_label(name: str) -> str:
    return _(PLACE_LABELS[name]) if name in PLACE_LABELS else name


def corrected_figures_line(items) -> str:
    """The line said beneath a world table, on screen and on paper, for each (place, what,
    figure) an erratum corrected, with the old value ("" if none): "Corrected figures
    (shown and ranked as corrected): Brazil, reserves: 11,000,000 (corrected by USGS from
    21,000,000; <erratum>)."  The cell shows the corrected figure alone."""
    from minref.catalog.models import format_raw

    out = []
    for place, what, f in items:
        if f is None or "corrected" not in f.flags:
            continue
        # The catalog's note starts with minref's record of the erratum (flags.CORRECTED_NOTE)
        was = next((x for kind, x in flags.split_note(f.note)[0] if kind == "corrected"), None)
        out.append(
            _("{place}, {what}: {value} ({how}; {where})").format(
                place=place,
                what=what,
                value=f.display(),
                how=_("corrected by USGS from {old}").format(old=format_raw(was["old"]))
                if was
                else f.note,
                where=was["where"] if was else "",
            )
        )
    if not out:
        return ""
    return _("Corrected figures (shown and ranked as corrected): {list}.").format(list=clauses(out))


def world_basis_line(production, reserves) -> str:
    """What a world table's figures are, beneath it: the production line and its unit, and
    the reserves line only where it says more than the reserves column's title.

    MCS 2026 labels the reserves line plain "Reserves" and MCS 2023-2025 repeat the
    production line ("Mine production, silver content"): "Reserves: Reserves, metric
    tons." was read beneath every commodity's table, in every language."""
    text = _("{line}; {unit}.").format(
        line=line_label_text(production.type), unit=unit_label(production.unit)
    )
    kind = (reserves.type or "").strip()
    own_unit = bool(reserves.unit) and reserves.unit != production.unit
    if kind and kind.lower() != "reserves" and kind != (production.type or "").strip():
        line, unit = line_label_text(kind), unit_label(reserves.unit)
        if not kind.lower().startswith("reserves"):
            more = _("Reserves: {reserves_line}, {reserves_unit}.")
        elif reserves.unit and reserves.unit.lower() not in kind.lower():
            more = _("{reserves_line}; {reserves_unit}.")
        else:  # "Reserves (million metric tons): Crude ore": the label says it all
            more = _("{reserves_line}.")
        return text + " " + more.format(reserves_line=line, reserves_unit=unit)
    if own_unit:
        return text + " " + _("Reserves in {unit}.").format(unit=unit_label(reserves.unit))
    return text


def shares_over_total_line(table) -> str:
    """The line said beneath a world table, on screen and on paper, when its shares add up
    to more than 100%: each share is of USGS's world total, which USGS rounds, and here
    the places it lists add up to more (gallium, MCS 2026, 2025: China 900,000 kg of a
    world total of 900,000, beside Russia's 6,000 and Japan's 3,000: 100.0% + 0.7% +
    0.3%).  "" otherwise: nothing is rescaled or filled in."""
    total = table.world_total
    if total is None or total.value is None or total.value <= 0:
        return ""
    rows = [r for r in table.rows if r.place_kind != "world"]
    added = round(sum(r.share_pct for r in rows if r.share_pct is not None), 1)
    exact = [r.figure.value for r in rows if r.figure.value is not None]
    # Not shares that merely round to 100.1% between them: the places' own figures add up
    # to more than the world total.
    if added <= 100.0 or sum(exact) <= total.value:
        return ""
    listed = format_number(round(sum(exact), 6))
    whole = len(exact) == len(rows)
    rounded = flags.ROUNDED in total.flags
    if rounded and whole:
        text = _(
            "The shares add up to {sum}: USGS rounded the world total to {total}, less than "
            "the {listed} of the places it lists."
        )
    elif rounded:
        text = _(
            "The shares add up to {sum}: USGS rounded the world total to {total}, less than "
            "the {listed} of the places with a figure."
        )
    elif whole:
        text = _(
            "The shares add up to {sum}: USGS's world total, {total}, is less than the "
            "{listed} of the places it lists."
        )
    else:
        text = _(
            "The shares add up to {sum}: USGS's world total, {total}, is less than the "
            "{listed} of the places with a figure."
        )
    return text.format(sum=format_percent(added), total=total.display(), listed=listed)


def world_rows_corrected_line(rows) -> str:
    """:func:`corrected_figures_line` for the rows of a commodity's world table
    (``analysis.profile.world_rows``): their production and reserves."""
    return corrected_figures_line(
        (place_label(x.name), what, f)
        for x in rows
        for what, f in ((_("production"), x.current), (_("reserves"), x.reserves))
    )


def column_width(texts, least: int = 0) -> int:
    """The width of a column as wide as its longest text (never narrower than ``least``):
    a terminal table that cuts a country's name or a unit mid-word misleads."""
    return max([least, *(len(t) for t in texts)])


# An edition as the reader writes it: "MCS 2025", "mcs2025", "MCS-2025" or "2025".
_EDITION = re.compile(r"\s*(?:mcs[\s_-]*)?(\d{4})\s*", re.IGNORECASE | re.ASCII)


def parse_edition(text: str) -> int | None:
    """The year of an MCS edition written "MCS 2025", "mcs2025" or "2025"; None if the text
    names no edition."""
    m = _EDITION.fullmatch(text or "")
    return int(m[1]) if m else None


def editions_text(editions) -> str:
    """ "MCS 2023, MCS 2024": the editions named as the catalog names them."""
    return ", ".join(f"MCS {e}" for e in editions)


def print_commodity(r: CommodityReport) -> None:
    from minref import i18n

    p = r.profile
    names = {"en": p.name_en, "es": p.name_es, "fr": p.name_fr}
    lang = i18n.current_language() if i18n.current_language() in names else "en"
    first = names.pop(lang) or p.name_en
    print(
        _("{name}  ({other_names})   id: {id}").format(
            name=first, other_names=" / ".join(n for n in names.values() if n), id=p.commodity_id
        )
    )
    if p.critical_lists:
        print(
            _("Critical lists: {lists}").format(
                lists=", ".join(f"{m.list_id} ({list_status(m.status)})" for m in p.critical_lists)
            )
        )
    k = r.key_facts
    wp = r.world_production
    if wp.year:
        basis = _("MCS {edition}, {type}, {year}").format(
            edition=wp.edition, type=line_label_text(wp.type), year=wp.year
        )
        print(
            "\n" + _("Key facts ({basis}; rank among countries listed by USGS)").format(basis=basis)
        )
    else:  # no world table: nothing says whether USGS lists Mexico (it may rank first)
        print("\n" + _("Key facts"))
        if wp.available_editions:
            line = _(
                "MCS {edition} holds no world production of {name}; it is held in {editions}."
            ).format(edition=wp.edition, name=first, editions=editions_text(wp.available_editions))
        else:
            line = _("The catalog holds no world production of {name} in any MCS edition.").format(
                name=first
            )
        print("  " + line)
    if k.mexico_production:
        m = k.mexico_production
        print(
            "  "
            + _("Mexico: {figure} {unit}, rank {rank}, share of world {share}").format(
                figure=fig(m.figure),
                unit=unit_label(wp.unit),
                rank=m.rank or "—",
                share=share_text(m.share_pct, m.figure),
            )
        )
    elif wp.rows:
        print("  " + _("Mexico: not listed by USGS for this table"))
    if k.leader:
        print(
            "  "
            + _("Leading producer: {country} {figure} ({share})").format(
                country=k.leader.country_name,
                figure=fig(k.leader.figure),
                share=share_text(k.leader.share_pct, k.leader.figure),
            )
        )
    if k.us_net_import_reliance:
        print(
            "  "
            + _("U.S. net import reliance {year}: {figure}").format(
                year=k.us_net_import_reliance.year, figure=fig(k.us_net_import_reliance, True)
            )
        )
    for s in k.mexico_share_of_us_imports:
        print(
            "  "
            + _("Mexico's share of U.S. imports {period} ({detail}): {figure}").format(
                period=s.period, detail=import_product(s.detail), figure=fig(s.figure, True)
            )
        )
    for table in (r.world_production, r.reserves):
        if not table.rows:
            continue
        measure = _(MEASURES[table.measure]) if table.measure in MEASURES else table.measure
        # USGS's data releases before MCS 2026 label the reserves column with the world
        # table's production line ("Mine production, silver content"); MCS 2026 labels it
        # "Reserves", or "Reserves—ulexite": only the latter says more than the measure.
        kind = table.type.strip()
        if table.measure == "reserves" and (
            "reserve" not in kind.lower() or kind.lower() == "reserves"
        ):
            kind = ""
        heading = (
            _("World {measure}, {type}, {year} ({unit}; MCS {edition})")
            if kind
            else _("World {measure}, {year} ({unit}; MCS {edition})")
        )
        print(
            "\n"
            + heading.format(
                measure=measure,
                type=line_label_text(kind),
                year=table.year,
                unit=unit_label(table.unit),
                edition=table.edition,
            )
        )
        names = [place_label(row.country_name) for row in table.rows]
        width = column_width(names + [place_label("World total")], 32)
        shares = [share_text(row.share_pct, row.figure, row.place_kind) for row in table.rows]
        coded: dict[str, None] = {}  # the codes the table shows alone, named once beneath
        for row, name, share in zip(table.rows, names, shares, strict=True):
            print(
                f"  {row.rank or '':>3} {name:{width}} {_table_fig(row.figure, coded):>24} "
                f"{share:>7}"
            )
        if table.world_total:
            print(
                f"      {place_label('World total'):{width}} "
                f"{_table_fig(table.world_total, coded):>24}"
            )
        if coded:
            print("  " + pgettext("clause separator", "; ").join(map(flag_label, coded)))
        if no_share_mark() in shares:
            print("  " + no_share_note())
        over = shares_over_total_line(table)
        if over:
            print("  " + over)
    if r.us_salient.rows:
        print(
            "\n" + _("U.S. salient statistics (MCS {edition})").format(edition=r.us_salient.edition)
        )
        rows = [
            (
                _(SALIENT_LABELS[row.statistic])
                if row.statistic in SALIENT_LABELS
                else row.statistic,
                short_label(import_product(row.detail), 28),
                row,
            )
            for row in r.us_salient.rows
        ]
        name_width = column_width((n for n, _d, _r in rows), 20)
        detail_width = column_width((d for _n, d, _r in rows), 28)
        for name, detail, row in rows:
            print(
                f"  {name:{name_width}} {detail:{detail_width}} {row.figure.year} "
                f"{fig(row.figure):>18} {unit_label(row.figure.unit)}"
            )
    print("\n" + sources_heading())
    for s in r.sources:
        print(f"  [{s.source_id}] {s.citation()}")


def print_country(s: CountryStanding, catalog) -> None:
    # The catalog's name in the reader's language first, then its other names (as the
    # commodity's heading: "Plata  (Silver / Argent)").
    name = catalog.country_name(s.iso3) or s.name_en
    others = []
    for lang in ("en", "es", "fr"):
        n = catalog.country_name(s.iso3, lang)
        if n and n != name and n not in others:
            others.append(n)
    print(
        _("{name} ({iso3}) — {other_name}").format(
            name=name, iso3=s.iso3, other_name=" / ".join(others)
        )
        if others
        else f"{name} ({s.iso3})"
    )
    print(_("Rank among countries listed by USGS, latest edition per commodity:"))
    units = [unit_label(e.unit) for e in s.entries]
    names = [short_label(e.commodity_name, 40) for e in s.entries]
    types = [short_label(line_label_text(e.type), 40) for e in s.entries]
    name_width, type_width = column_width(names, 24), column_width(types, 26)
    unit_width = column_width(units, 20)
    shares = [share_text(e.share_pct, e.figure) for e in s.entries]
    for e, cname, ctype, unit, share in zip(s.entries, names, types, units, shares, strict=True):
        print(
            f"  {cname:{name_width}} {ctype:{type_width}} {str(e.rank or '—'):>3}/"
            f"{e.listed_countries:<3} {fig(e.figure):>20} {unit:{unit_width}} {share:>7}"
            "  " + _("MCS {edition}, {year}").format(edition=e.edition, year=e.year)
        )
    if no_share_mark() in shares:
        print("  " + no_share_note())
    if s.import_shares:
        print(import_sources_heading(catalog, s.import_shares))
        names = [short_label(name, 40) for _cid, name, _src in s.import_shares]
        details = [short_label(src.detail, 40) for _cid, _name, src in s.import_shares]
        name_width, detail_width = column_width(names, 28), column_width(details, 30)
        for name, detail, (_cid, _n, src) in zip(names, details, s.import_shares, strict=True):
            print(f"  {name:{name_width}} {detail:{detail_width}} {fig(src.figure)} %")
    print(sources_heading())
    for src in s.sources:
        print(f"  [{src.source_id}] {src.citation()}")


def print_trade(flows: list[TradeFlow], sources: list[SourceRef], country_name=None) -> None:
    """Trade rows as text; a partner with a country code is named by ``country_name`` (the
    catalog's name in the reader's language), else as its source labels it."""
    if not flows:  # no rows, no sources: no heading left empty under the line
        print(_("No trade rows held for that selection."))
        return
    flow_width = max(len(_(word)) for word in FLOWS.values())  # "exportación", "réexportation"

    def partner_of(f: TradeFlow) -> str:
        if country_name is not None and f.partner_iso3 and f.partner_kind == "country":
            return country_name(f.partner_iso3)
        if f.partner_kind == "world":  # the sources' "World", "TOTAL FOR ALL COUNTRIES"
            return _("World")
        return f.partner_label

    partner_width = column_width((partner_of(f) for f in flows), 30)
    hs = _("HS")  # "SA", "SH"
    for f in flows:
        value = _("n/a") if f.value_usd is None else format_number(f.value_usd)
        when = f"{f.year}" + (
            f"-{f.month:02d}"
            if f.period == "month"
            else f" {f.period}"
            if f.period != "annual"
            else ""
        )
        flow = _(FLOWS[f.flow]) if f.flow in FLOWS else f.flow
        # the goods' way: a reporter's exports go to the partner, its imports come from it
        arrow = "←" if f.flow in ("import", "re_import") else "→"
        print(
            f"{when:10} {flow:{flow_width}} {f.reporter_iso3 or '':3} {arrow} "
            f"{partner_of(f):{partner_width}} "
            f"{hs} {f.hs_code:6} US$ {value:>16} ({f.value_basis})  [{f.source_id}]"
        )
    print(sources_heading())
    for s in sources:
        if s:
            print(f"  [{s.source_id}] {s.citation()} — {s.attribution}")


def print_claims(results) -> None:
    """The claim checker's results (``minref claims``): claim, verdict, value, reason,
    definitions, how the result moves when a definition changes, and the sources.

    The labels and the verdict are translated; the claim's value, reason and definitions
    are built by minref.analysis.claims in English (not yet translated)."""
    for r in results:
        verdict = _(VERDICTS[r.verdict]) if r.verdict in VERDICTS else r.verdict
        print(_("CLAIM  {claim}").format(claim=r.claim))
        print(_("VERDICT {verdict}").format(verdict=verdict))
        print(_("VALUE  {value}").format(value=r.value))
        print(_("WHY    {reason}").format(reason=r.reason))
        for k, v in r.definitions.items():
            print("       " + _("{term}: {meaning}").format(term=k, meaning=v))
        for s in r.sensitivity:
            print(f"         {s.definition:50} {s.result}")
        print("       " + _("sources: {ids}").format(ids=", ".join(r.source_ids)) + "\n")


def short_label(text: str, limit: int) -> str:
    """Text cut to at most ``limit`` characters at a word boundary, with "…" where it was
    cut: "7108 Gold (including gold plated…", never "…gold plated wi"."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:(") + "…"


def print_supply(cat, table, whatif=None, label: str = "") -> None:
    """``minref supply``: the North American supply table (and its what-if) for the
    terminal, each column as wide as its longest cell, so that no name is cut and no
    figure or flag is lost ("Estados Unidos de América 53.5% e")."""
    from minref.analysis import supply

    cl = table.critical_list
    print(_("North American supply: {list} ({name})").format(list=cl.list_id, name=cl.name))
    print()

    def grid(columns, cells) -> None:
        rows = [supply.column_titles(columns)] + cells
        widths = [column_width(x[i] for x in rows) for i in range(len(columns))]
        for x in rows:
            print("  ".join(c.ljust(widths[i]) for i, c in enumerate(x)).rstrip())

    grid(supply.TABLE_COLUMNS, [supply.table_cells(r) for r in table.rows])
    if whatif is not None:
        print()
        print(_("What if: without {country}").format(country=label))
        grid(supply.WHATIF_COLUMNS, [supply.whatif_cells(w) for w in whatif])
        for w in whatif:
            if w.usmca_vs_consumption.reason:
                print("  " + supply.reason_text(w))
        for w in whatif:  # a row whose shares are of another total says so, with both figures
            if w.basis:
                print("  " + supply.basis_text(w))
    print()
    for n in table.notes:
        print(_("Note: {note}").format(note=n))
    print(supply.legend())
    print(sources_heading())
    for sid in table.source_ids:
        s = cat.source(sid)
        if s:
            print(f"  {s.citation()}" + (f" [{s.licence}]" if s.licence else ""))
