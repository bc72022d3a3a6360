"""The briefings: commodity, Mexico-United States, rare earths, and packs of commodities.

Every sentence, heading and table header is one translatable template with named
placeholders (minref.i18n); a brief is written in the language of ``opts.lang`` (kinds.write
sets it). Commodity and country names come from the catalog in that language; the sources'
own text (HS descriptions, claim definitions) stays as published; USGS's line labels and
units are given in the brief's language (minref.analysis.text.line_label_text, unit_label).
"""

from __future__ import annotations

import io
import logging
import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer, Table

from minref.analysis import charts
from minref.analysis.profile import commodity_report, key_facts, salient_lines, world_rows
from minref.analysis.text import (
    SALIENT_WORDS,
    corrected_legend,
    element_term,
    english_words_note,
    figure_text,
    figure_with_unit,
    import_product,
    line_label_text,
    list_status,
    lists_held_text,
    no_share_mark,
    no_share_note,
    pct,
    percent_text,
    place_label,
    salient_label,
    share_text,
    shares_over_total_line,
    short_label,
    unit_label,
    world_rows_corrected_line,
)
from minref.briefing.charts import drawing
from minref.briefing.document import (
    LAST_BLOCK,
    BriefCancelled,
    BriefOptions,
    CarryRows,
    Citations,
    Heading,
    Markup,
    Paragraph,
    build_document,
    build_story,
    contents,
    data_table,
    fact_table,
    literal,
    source_annex,
    styles,
    write_pdf,
)
from minref.catalog.models import Figure
from minref.catalog.queries import MEXICO, Catalog
from minref.catalog.search import hs_dotted
from minref.i18n import (
    N_,
    _,
    clauses,
    current_language,
    format_date,
    format_fixed,
    ngettext,
    pgettext,
    sorted_names,
)

logger = logging.getLogger(__name__)

SALIENT_ORDER = ["production", "imports", "exports", "consumption", "price", "net_import_reliance"]


class Reports:
    """Each commodity's report, computed once per build: a pack's summary, its sections and
    a book's check for empty sections all read the same one."""

    def __init__(self, cat: Catalog):
        self.cat = cat
        self._reports: dict[str, object] = {}

    def __call__(self, cid: str):
        report = self._reports.get(cid)
        if report is None:
            report = self._reports[cid] = commodity_report(self.cat, cid)
        return report


def as_of(cat: Catalog) -> str:
    return _("USGS MCS {edition}; built {date}").format(
        edition=cat.latest_edition, date=format_date(date.today(), "long")
    )


def claim_as_of(sources: dict, result) -> str:
    """A fact card's "Data:" line: the data its result is computed from ("UN Comtrade
    2015-2021; built ..."), not the catalog's latest MCS edition (a trade claim's card
    read "Data: USGS MCS 2026").  minref's own tables (the claims register) are left out:
    they say who made the claim, not what the data holds."""
    names, mcs = [], []
    for sid in result.source_ids:
        ref = sources.get(sid)
        if ref is None or sid.startswith("minref-"):
            continue
        if sid.startswith("usgs-mcs"):
            # The first edition is the one counted in; the others are the readings' and
            # the ranks table's (claim 3), named once after it.
            if not mcs:
                names.append(f"USGS {ref.edition}")
            year = ref.edition.replace("MCS", "").strip()
            if year not in mcs:
                mcs.append(year)
            continue
        head = ref.dataset.split(":")[0].strip() if ":" in ref.dataset else ref.organisation
        name = f"{head} {ref.edition}".strip()
        if name not in names:
            names.append(name)
    if len(mcs) > 1:
        at = names.index(f"USGS MCS {mcs[0]}")
        names[at] = _("{source} (other readings: MCS {editions})").format(
            source=names[at], editions=", ".join(sorted(mcs[1:]))
        )
    if not names:
        return ""
    return _("{sources}; built {date}").format(
        sources=", ".join(names), date=format_date(date.today(), "long")
    )


def _fig(cit: Citations, f: Figure | None, unit: str = "") -> str:
    """A figure for a paragraph: value (or code), unit, its flags in words, marker
    ("270,000 metric tons (estimated)", not "270,000 e metric tons")."""
    if f is None:
        return _("not held")
    return literal(figure_with_unit(f, unit)) + cit.sup(f.source_id)


# The "what the data does not say" sentences, whole for each measure and case.
_MISSING = {
    ("production", "withheld"): N_(
        "Production withheld by USGS to avoid disclosing company data: {countries}."
    ),
    ("reserves", "withheld"): N_(
        "Reserves withheld by USGS to avoid disclosing company data: {countries}."
    ),
    ("production", "not_available"): N_("Production not published for: {countries}."),
    ("reserves", "not_available"): N_("Reserves not published for: {countries}."),
    ("production", "other"): N_("Production stated only as a bound, word or code: {countries}."),
    ("reserves", "other"): N_("Reserves stated only as a bound, word or code: {countries}."),
}


def _missing_notes(report) -> list[str]:
    """The 'what the data does not say' line: withheld, missing and unlisted figures."""
    notes = []
    wp = report.world_production
    for measure, table in (("production", wp), ("reserves", report.reserves)):
        flagged = {"withheld": [], "not_available": [], "other": []}
        for r in table.rows:
            if r.figure.value is None:
                key = (
                    "withheld"
                    if "withheld" in r.figure.flags
                    else "not_available"
                    if "not_available" in r.figure.flags
                    else "other"
                )
                flagged[key].append(f"{place_label(r.country_name)} ({r.figure.raw})")
        for kind in ("withheld", "not_available", "other"):
            if flagged[kind]:
                notes.append(
                    _(_MISSING[measure, kind]).format(
                        countries=", ".join(sorted_names(set(flagged[kind])))
                    )
                )
    if wp.rows and report.key_facts.mexico_production is None:
        notes.append(
            _("USGS lists no production figure for Mexico; its rank is unknown, not zero.")
        )
    if not report.us_import_sources:
        notes.append(_("USGS publishes no U.S. import-source shares for this commodity."))
    elif not report.key_facts.mexico_share_of_us_imports:
        notes.append(_("Mexico is not among the U.S. import sources USGS lists."))
    if wp.rows:
        notes.append(_("Ranks are among the countries USGS lists, not among all producers."))
    return notes


def commodity_flowables(
    cat: Catalog,
    cid: str,
    cit: Citations,
    st,
    width: float,
    *,
    level: int = 0,
    charts_on: bool = True,
    reports: Reports | None = None,
    tail: Tail | None = None,
    tail_key: str = "",
) -> list:
    """One commodity's section: facts, tables, charts, HS codes, gaps (``reports``: the
    build's reports, so that a commodity's is computed once; ``tail``: how the blocks after
    the world table are laid out; the last is tagged ``tail_key``, by default the section's
    heading key, when the section has HS codes)."""
    tail = tail or NATURAL
    r = (reports or Reports(cat))(cid)
    p = r.profile
    name = cat.commodity_name(cid)
    out: list = [Heading(name, st["title" if level < 0 else "h1"], max(level, 0), f"c-{cid}")]
    # The name in the other two languages (each language's own name for itself).
    names = {
        "en": ("English", p.name_en),
        "es": ("Español", p.name_es),
        "fr": ("Français", p.name_fr),
    }
    others = " · ".join(
        f"{label}: {literal(n)}"
        for lang, (label, n) in names.items()
        if lang != current_language() and n
    )
    if p.parent:
        others += " · " + literal(
            _("part of {parent}").format(parent=cat.commodity_name(p.parent.commodity_id))
        )
    out.append(Paragraph(others, st["subtitle"]))
    lists = {}
    for m in p.critical_lists:
        if "draft" in m.status.lower():
            continue
        lists.setdefault(m.list_id, (m, []))[1].append(m.mineral)
    if lists:
        text = clauses(
            f"<b>{literal(lid)}</b> ({m.list_year}, {literal(list_status(m.status))})"
            + cit.sup(m.source_id)
            for lid, (m, _minerals) in lists.items()
        )
        out.append(Paragraph(_("Critical-mineral lists: {lists}").format(lists=text), st["body"]))
    else:
        out.append(
            Paragraph(
                literal(
                    _("On none of the critical-mineral lists held ({lists}).").format(
                        lists=lists_held_text(cat)
                    )
                ),
                st["body"],
            )
        )
    out.append(Spacer(1, 4))

    wp = r.world_production
    facts = []
    for fact in key_facts(r):
        mark = cit.sup(fact.figure.source_id) if fact.figure is not None else ""
        detail = literal(fact.detail)
        if fact.key == "mexico-share":  # "1,500 thousand metric tons (estimated)[2]"
            detail = literal(fact.detail) + mark
            mark = ""
        facts.append((_(fact.label), literal(fact.value) + mark, detail))
    out.append(fact_table(facts, st, width))
    gaps = _missing_notes(r)
    if gaps:
        out.append(Spacer(1, 3))
        out.append(
            Paragraph(
                "<b>"
                + literal(_("What the data does not say."))
                + "</b> "
                + " ".join(literal(g) for g in gaps),
                st["note"],
            )
        )

    if wp.rows:
        prev = None
        if wp.year and wp.year - 1 in wp.available_years:
            prev = cat.world_production(cid, edition=wp.edition, year=wp.year - 1, type=wp.type)
        rows = world_rows(wp, prev, r.reserves)
        header = (
            [_("Rank"), _("Country")]
            + ([str(prev.year)] if prev else [])
            + [
                str(wp.year),
                _("Share {year}").format(year=wp.year),
                _("Reserves {year}").format(year=r.reserves.year or "").strip()
                + (
                    f" ({unit_label(r.reserves.unit)})"
                    if r.reserves.unit and r.reserves.unit != wp.unit
                    else ""
                ),
            ]
        )
        body, hl = [], set()
        for i, x in enumerate(rows):
            line = [str(x.rank or ""), place_label(x.name)]
            if prev:
                line.append(figure_text(x.previous))
            line += [
                figure_text(x.current),
                share_text(x.share, x.current, x.kind),
                figure_text(x.reserves),
            ]
            body.append(line)
            if x.iso3 == MEXICO:
                hl.add(i)
        n = len(header)
        widths = [0.07 * width, 0.33 * width] + [0.6 * width / (n - 2)] * (n - 2)
        title = Paragraph(
            literal(
                _("World {line} and reserves, {unit}").format(
                    line=line_label_text(wp.type, lower=True), unit=unit_label(wp.unit)
                )
                if not r.reserves.unit or r.reserves.unit == wp.unit
                else _("World {line} ({unit}) and reserves ({reserves_unit})").format(
                    line=line_label_text(wp.type, lower=True),
                    unit=unit_label(wp.unit),
                    reserves_unit=unit_label(r.reserves.unit),
                )
            )
            + cit.sup(wp.source.source_id if wp.source else ""),
            st["h2"],
        )
        out.append(
            KeepTogether(
                [
                    title,
                    data_table(header, body, st, width, widths, numeric_from=2, highlight_rows=hl),
                ]
            )
        )
        out.append(
            Paragraph(
                literal(
                    (
                        _(
                            "MCS {edition}. e = estimated; shares of USGS's rounded world "
                            "total; Mexico shaded."
                        )
                        if hl
                        else _(
                            "MCS {edition}. e = estimated; shares of USGS's rounded world "
                            "total; Mexico is not listed."
                        )
                    ).format(edition=wp.edition)
                    + (
                        " " + no_share_note()
                        if any(line[-2] == no_share_mark() for line in body)
                        else ""
                    )
                    # the shares add up to more than 100%: why (gallium, palladium, ...)
                    + (" " + over if (over := shares_over_total_line(wp)) else "")
                ),
                st["small"],
            )
        )
        corrected = world_rows_corrected_line(rows)
        if corrected:  # the cells carry "c" (analysis.text.figure_text), as on screen
            out.append(Paragraph(literal(corrected_legend() + " " + corrected), st["small"]))
    blocks = {}  # the section's blocks after the world table, each built when placed
    s = r.us_salient
    if s.rows:

        def salient() -> _Block:
            years, chosen = salient_lines(
                s, statistics=SALIENT_ORDER, last_years=5, per_statistic=2
            )
            body = [
                [salient_label(x.statistic, _without_unit(x.detail, x.unit)), unit_label(x.unit)]
                + [figure_text(x.by_year.get(y)) for y in years]
                for x in chosen
            ]
            header = [_("Statistic"), _("Unit")] + [str(y) for y in years]
            widths = [0.36 * width, 0.16 * width] + [0.48 * width / len(years)] * len(years)
            title = Paragraph(
                literal(_("U.S. salient statistics"))
                + cit.sup(s.source.source_id if s.source else ""),
                st["h2"],
            )
            note = Paragraph(
                literal(
                    " ".join(
                        x
                        for x in (
                            _(
                                "MCS {edition}; the latest year is estimated. The main lines "
                                "of each statistic; USGS's full table has more."
                            ).format(edition=s.edition),
                            english_words_note(SALIENT_WORDS),
                        )
                        if x
                    )
                ),
                st["small"],
            )
            return _Block(
                [CondPageBreak(40 * mm)],
                [title, data_table(header, body, st, width, widths, numeric_from=2)],
                [note],
            )

        blocks["salient"] = salient
    if charts_on and wp.rows:

        def chart() -> _Block:
            spec = charts.world_ranking(cat, cid, edition=wp.edition)
            bars = len(spec.series[0].points)
            row = COMPACT_CHART_ROW if tail.compact else CHART_ROW
            height = min(CHART_HEIGHT, 60 + row * bars)
            return _Block(
                [CondPageBreak(75 * mm), Spacer(1, 2 if tail.compact else 6)],
                chart_parts(spec, cit, st, width, height),
            )

        blocks["chart"] = chart
    if r.us_import_sources:

        def imports() -> _Block:
            body, hl = [], set()
            for i, x in enumerate(r.us_import_sources):
                body.append(
                    [
                        cat.country_name(x.country_iso3) or place_label(x.country_label),
                        import_product(x.detail),
                        figure_text(x.figure),
                    ]
                )
                if x.country_iso3 == MEXICO:
                    hl.add(i)
            title = Paragraph(
                literal(
                    _("U.S. import sources, {period} average (%)").format(
                        period=r.us_import_sources[0].period
                    )
                )
                + cit.sup(r.us_import_sources[0].figure.source_id),
                st["h2"],
            )
            table = data_table(
                [_("Country"), _("Product"), _("Share (%)")],
                body,
                st,
                width,
                [0.35 * width, 0.45 * width, 0.2 * width],
                numeric_from=2,
                highlight_rows=hl,
            )
            return _Block([], [title, table])

        blocks["imports"] = imports
    order = list(blocks)
    if p.hs_codes:

        def hs_codes() -> _Block:
            body = [[hs_dotted(h.hs_code), h.description] for h in p.hs_codes]
            title = Paragraph(
                literal(_("HS codes")) + cit.sup(p.hs_codes[0].source_id, "hs-2022"), st["h2"]
            )
            table = data_table(
                [_("HS 2022"), _("Description")],
                body,
                st,
                width,
                [0.15 * width, 0.85 * width],
                numeric_from=9,
            )
            note = []
            if current_language() != "en":  # the nomenclature's own wording, marked as such
                note.append(
                    Paragraph(
                        literal(_("HS descriptions as published, in English (HS 2022).")),
                        st["small"],
                    )
                )
            return _Block([], [title, table], note)

        blocks["hs"] = hs_codes
        at = order.index(tail.hs_before) if tail.hs_before in order else len(order)
        order.insert(at, "hs")
    # Built in the order printed, so that the sources are numbered as they are read.
    placed = [blocks[name]() for name in order]
    if tail.with_previous and len(placed) > 1:
        placed[-2:] = [placed[-2].joined(placed[-1])]
    for i, block in enumerate(placed):
        last = p.hs_codes and i == len(placed) - 1
        out += block.flowables((tail_key or f"c-{cid}") if last else "")
    return out


# The ranking chart's height: 60 points for its title, caption and axis, and so much a bar
# (a bar a quarter narrower in a compact layout).
CHART_HEIGHT = 260
CHART_ROW, COMPACT_CHART_ROW = 14.0, 10.5


@dataclass(frozen=True)
class Tail:
    """How a commodity section's blocks after its world table are laid out: in the order
    salient statistics, chart, U.S. import sources, HS codes, unless ``hs_before`` names the
    block the HS codes go before; ``compact``: the ranking chart a quarter shorter, less
    space above it; ``with_previous``: the HS codes on one page with the block before them
    (with the end of its table, when it has one long enough to split)."""

    hs_before: str = ""
    compact: bool = False
    with_previous: bool = False


NATURAL = Tail()
# Tried, in this order, on a section whose HS-codes table would have a page of its own; the
# first that ends the section a page earlier, with its last block not alone on a page, is
# taken: the compact chart, then the HS codes before each block in turn.
TAILS = (
    Tail(compact=True),
    Tail(hs_before="imports"),
    Tail(hs_before="chart"),
    Tail(hs_before="salient"),
)
KEEP = Tail(with_previous=True)  # none fits: the HS codes go over with the block before


class _Block:
    """A part of a commodity section: flowables before it (a conditional page break), the
    flowables kept on one page (except the table at ``carry``, see CarryRows), and a note
    after them."""

    def __init__(self, lead: list, body: list, trail: list | None = None, carry=None):
        self.lead, self.body, self.trail, self.carry = lead, body, trail or [], carry

    def joined(self, other: _Block) -> _Block:
        """This block and ``other`` kept on one page, but for the start of this block's
        table (when it has one)."""
        tables = [i for i, f in enumerate(self.body) if isinstance(f, Table)]
        body = self.body + self.trail + other.lead + other.body + other.trail
        return _Block(self.lead, body, carry=tables[-1] if tables else None)

    def flowables(self, tail_key: str = "") -> list:
        if tail_key:
            setattr(self.body[0], LAST_BLOCK, tail_key)
        kept = KeepTogether(self.body) if self.carry is None else CarryRows(self.body, self.carry)
        return [*self.lead, kept, *self.trail]


class Sections:
    """The commodity sections of one build: each laid out as ``tails`` says (by key), offered
    for trials (``makers[key](tail)``), and made once for a numbering of the sources before it
    and a layout: the story made again after a section was laid out otherwise reuses the
    other parts, as reportlab's multiBuild reuses its story."""

    def __init__(self):
        self.tails: dict[str, Tail] = {}
        self.makers: dict[str, Callable[[Tail], list]] = {}
        self._made: dict = {}
        self._asked: Counter = Counter()

    def story(self, story: Callable) -> list:
        """``story(self)``: a run of the story, each of whose parts is used once in it (a
        pack that names a commodity twice prints two sets of flowables, not one twice)."""
        self._asked.clear()
        return story(self)

    def once(self, key, cit: Citations, make: Callable[[Citations], list]) -> list:
        """``make(cit)``, or what it made before from the same sources numbered before it."""
        at = (key, tuple(cit.order))
        self._asked[at] += 1
        at = (*at, self._asked[at])
        made = self._made.get(at)
        if made is None:
            made = self._made[at] = (make(cit), list(cit.order))
        else:
            cit.order[:] = made[1]
        return list(made[0])

    def section(self, key: str, cit: Citations, make: Callable[[Citations, Tail], list]) -> list:
        """The section ``make(cit, tail)`` of heading key ``key``, laid out as ``tails`` says;
        its trials number their sources from where ``cit`` is now, without touching it."""
        start = cit.copy()

        def made(tail: Tail, cit: Citations) -> list:
            return self.once((key, tail), cit, lambda cit: make(cit, tail))

        self.makers[key] = lambda tail: made(tail, start.copy())
        return made(self.tails.get(key, NATURAL), cit)


def build_settled(path, title: str, stamp: str, opts: BriefOptions, story) -> int:
    """Build ``story(sections)`` (its commodity sections made by a :class:`Sections`). The
    story is laid out first without being drawn; a section whose HS-codes table opens a page
    of its own there (a brief's last page held the table and its heading alone) is laid out
    as the first of TAILS that fits, tried on the section alone, and the story made again;
    then the brief is built.  Returns the number of pages."""
    t0 = time.perf_counter()
    sections = Sections()
    flow = sections.story(story)
    doc = build_document(io.BytesIO(), title, stamp, opts, lambda _p: flow[:], draw=False)
    tails = sections.tails
    for key in _alone(doc, tails):
        # (the HS codes open the section's last page: its last page is theirs)
        pages = _pages_of(doc, key, doc.tails[key][0])
        tails[key] = _fitting_tail(key, sections.makers[key], opts, pages)
        logger.info("%s: the HS codes alone on a page; laid out as %s", key, tails[key])
    report = opts.progress
    opts.progress = None  # the story made again is not a second run of the progress bar
    try:
        for attempt in range(3):
            if tails:  # a section laid out otherwise: the story is made again
                flow = sections.story(story)
            doc = build_document(path, title, stamp, opts, lambda _p, f=flow: f[:])
            alone = _alone(doc, tails)
            if not alone or attempt == 2:
                break
            for key in alone:  # the trial did not hold in the brief (its sources' numbers)
                tails[key] = KEEP
    finally:
        opts.progress = report
    logger.info("built %s in %.2f s (%d pages)", path, time.perf_counter() - t0, doc.page)
    return doc.page


def _pages_of(doc, key: str, end: int) -> int:
    """How many pages the section ``key`` takes in ``doc``, from its heading's page to
    ``end`` (the heading's key is the section's)."""
    start = [page for _level, _text, page, k in doc.headings if k == key]
    return end - (start[0] if start else 1) + 1


def _alone(doc, tails: dict) -> list[str]:
    """The sections whose last block opens a page of its own, but for those laid out so
    that it goes over with the block before."""
    return [
        key
        for key, (_page, alone) in doc.tails.items()
        if alone and not tails.get(key, NATURAL).with_previous
    ]


def _fitting_tail(key: str, make: Callable, opts: BriefOptions, pages: int) -> Tail:
    """The first of TAILS that ends the section (of ``pages`` pages as it is) a page
    earlier without leaving its last block alone on a page, tried on the section alone (it
    starts a page); else KEEP."""

    def trial(tail: Tail) -> tuple[int, bool]:
        doc = build_document(io.BytesIO(), "", "", opts, lambda _p: make(tail), draw=False)
        return _pages_of(doc, key, doc.page), doc.tails.get(key, (0, True))[1]

    for tail in TAILS:
        n, alone = trial(tail)
        if n < pages and not alone:
            return tail
    return KEEP


def _without_unit(detail: str, unit: str) -> str:
    """USGS's line label without the unit it ends with ("Price, bullion, average, dollars
    per troy ounce"): the unit column beside it names the unit in the reader's language."""
    for sep in (", ", " "):
        if unit and detail.lower().endswith(f"{sep}{unit.lower()}"):
            return detail[: -len(sep) - len(unit)]
    return detail


def series_in_full(spec, describe, shown=()) -> list[str]:
    """The HS series of a chart whose names are cut ("7108 Gold (including gold…"), named
    as the nomenclature words them, whole, unless the page prints them so already."""
    out = []
    for s in spec.series:
        code = s.name.split(" ", 1)[0]
        if not code.isdigit():
            continue
        name = f"{code} {' '.join((describe(code) or '').split())}".strip()
        if name != s.name and name not in shown and name not in out:
            out.append(name)
    return out


def chart_parts(
    spec, cit: Citations, st, width: float, height: float, in_full: list[str] = ()
) -> list:
    """A chart with its text alternative beneath: what it shows in one sentence and the
    markers of its sources, so that every annex entry is cited in the text; ``in_full``
    names the series whose legend labels are cut (see :func:`series_in_full`)."""
    marks = cit.sup(*[s.source_id for s in spec.sources])
    # A title that ends in an abbreviation ("EE. UU.") takes the sentence's full stop.
    title = spec.title[:-1] if spec.title.endswith(".") else spec.title
    text = _("Chart: {title}. {summary}").format(title=title, summary=charts.summary_sentence(spec))
    if in_full:
        text += " " + _("Series in full: {names}.").format(names=clauses(in_full))
    alt = Paragraph(literal(text) + marks, st["small"])
    return [drawing(spec, width, height), alt, Spacer(1, 8)]


def chart_block(
    spec, cit: Citations, st, width: float, height: float, in_full: list[str] = ()
) -> list:
    """A chart with its text alternative beneath, kept on one page (see :func:`chart_parts`)."""
    return [KeepTogether(chart_parts(spec, cit, st, width, height, in_full))]


def _front(title: str, subtitle: str, opts: BriefOptions, st) -> list:
    out = [Paragraph(literal(title), st["title"]), Paragraph(literal(subtitle), st["subtitle"])]
    out = [p for p, text in zip(out, (title, subtitle), strict=False) if text]
    if opts.note.strip():
        out.append(Paragraph(literal(opts.note), st["note"]))
        out.append(Spacer(1, 4))
    return out


def progress(opts: BriefOptions, done: int, total: int, what: str) -> None:
    """Report progress through ``opts.progress``; raise BriefCancelled if the user cancelled."""
    if opts.cancelled and opts.cancelled():
        raise BriefCancelled()
    if opts.progress:
        opts.progress(done, total, what)


def commodity_brief(cat: Catalog, cid: str, out: str | Path, opts: BriefOptions) -> Path:
    """One or two pages on a commodity."""
    name = cat.commodity_name(cid)
    title = opts.title or _("{name}: briefing").format(name=name)

    reports = Reports(cat)

    def story(sections: Sections):
        st = styles()
        cit = Citations(cat.sources)
        width = text_width(opts)

        def first_pages(cit: Citations, tail: Tail) -> list:
            # The commodity's name is the page title (level -1: title style, outline level 0).
            return _front(opts.title, "", opts, st) + commodity_flowables(
                cat, cid, cit, st, width, level=-1, reports=reports, tail=tail
            )

        flow = sections.section(f"c-{cid}", cit, first_pages)
        flow.append(PageBreak())
        flow += source_annex(cit, st)
        return flow

    progress(opts, 0, 1, name)
    return write_pdf(out, lambda tmp: build_settled(tmp, title, as_of(cat), opts, story))


# USGS's generic rows, named in the reader's language (a country keeps the catalog's name).
def _element_name(e) -> str:
    """An element's name in the reader's language (the catalog holds EN, ES and FR)."""
    lang = current_language()
    return (getattr(e, f"name_{lang}", "") if lang in ("es", "fr") else "") or e.name_en


def _verdict(verdict: str) -> str:
    from minref.analysis.text import VERDICTS

    return _(VERDICTS[verdict]) if verdict in VERDICTS else verdict


def text_width(opts: BriefOptions) -> float:
    """The width of the text between the margins on the brief's paper, in points."""
    from minref.briefing.document import PAPERS

    return PAPERS[opts.paper.lower()][0] - 36 * mm


def _e(text: str, fig: Figure | None) -> str:
    """A summary cell keeps its figure's estimate flag: "77% e" (the footer explains "e")."""
    return f"{text} e" if fig is not None and fig.is_estimated and text else text


def pack_summary(
    cat: Catalog,
    ids: list[str],
    cit: Citations,
    st,
    width: float,
    reports: Reports | None = None,
) -> list:
    """One line per commodity: Mexico's rank and share, U.S. reliance, Mexico's share of
    U.S. imports and the lists, the page an official reads first."""
    from minref.analysis.profile import main_import_line, mexico_import_share
    from minref.briefing.supply import other_lines_markup

    reports = reports or Reports(cat)
    body, marks, periods, notes = [], set(), set(), []
    for cid in ids:
        r = reports(cid)
        periods |= {s.period for s in r.us_import_sources if s.period}
        k = r.key_facts
        m = k.mexico_production
        nir = k.us_net_import_reliance
        mx = mexico_import_share(r.us_import_sources)
        # Mexico not on the main import line but on another (antimony, MCS 2026: not a
        # source of total metal and oxide, 86% of ore and concentrates): the cell gives that
        # line's figure, product named, as the commodity page does, never a bare "not
        # listed"; a note under the table says which line the column compares.
        # A larger share on another line than on the main one (copper: 43% of scrap, 6% of
        # refined copper) is said in the note too; the cell keeps the main line's figure.
        main = main_import_line(r.us_import_sources)
        lines = [s for s in r.us_import_sources if s.country_iso3 == MEXICO and s.detail != main]
        other = [] if mx else lines
        note = other_lines_markup(
            literal(cat.commodity_name(cid)),
            main,
            lines,
            cat.country_name(MEXICO),
            cit,
            main=mx.figure if mx else None,
        )
        if note:
            notes.append(note)
        mx_cell = _("not listed")
        if mx:
            mx_cell = _e(percent_text(mx.figure), mx.figure)
        elif other:
            mx_cell = clauses(
                _("{share} of {product} ({period})").format(
                    share=_e(percent_text(s.figure), s.figure),
                    product=import_product(s.detail),
                    period=s.period,
                )
                for s in other
            )
        lists = sorted(
            {x.list_id for x in r.profile.critical_lists if "draft" not in x.status.lower()}
        )
        for f in (m.figure if m else None, nir, *(s.figure for s in ([mx] if mx else other))):
            if f is not None:
                marks.add(f.source_id)
        body.append(
            [
                cat.commodity_name(cid),
                f"{m.rank}"
                if m and m.rank
                else (_("listed, not ranked") if m else _("not listed")),
                _e(share_text(m.share_pct, m.figure), m.figure) if m else "",
                _e(percent_text(nir), nir) if nir else _("not held"),
                mx_cell,
                " ".join(lists),
            ]
        )
    editions = ", ".join(s.edition for s in cat.table_sources("us_import_sources"))
    imports_basis = f"{editions}, {', '.join(sorted(periods))}" if periods else editions
    out = [
        Heading(_("Summary"), st["h1"], 0, "summary"),
        Paragraph(
            _(
                "Mexico's rank among the countries USGS lists and share of world "
                "production (newest MCS edition with figures), U.S. net import reliance "
                "(latest year, headline line) and Mexico's share of U.S. imports "
                "({basis}){marks}."
            ).format(basis=literal(imports_basis), marks=cit.sup(*sorted(marks))),
            st["small"],
        ),
        data_table(
            [
                _("Commodity"),
                _("Mexico's rank"),
                _("Mexico's share"),
                _("U.S. import reliance"),
                _("Mexico's share of U.S. imports"),
                _("Critical lists"),
            ],
            body,
            st,
            width,
            [0.2 * width, 0.11 * width, 0.11 * width, 0.13 * width, 0.15 * width, 0.3 * width],
            numeric_from=1,
            left_cols={5},
        ),
    ]
    out.extend(Paragraph(note, st["small"]) for note in notes)
    if any(str(line[2]).startswith(no_share_mark()) for line in body):
        out.append(Paragraph(literal(no_share_note()), st["small"]))
    return out


def pack(cat: Catalog, ids: list[str], out: str | Path, opts: BriefOptions) -> Path:
    """A cover, contents, one section per commodity and one source annex."""
    names = [cat.commodity_name(c) for c in ids]
    title = opts.title or ngettext(
        "Briefing pack: {n} commodity", "Briefing pack: {n} commodities", len(ids)
    ).format(n=len(ids))
    entries = (
        [(0, _("Summary"), "summary")]
        + [(0, n, f"c-{c}") for c, n in zip(ids, names, strict=False)]
        + [(0, _("Sources"), "annex")]
    )

    reports = Reports(cat)  # once for the build, its layouts tried and its rebuild

    def story(sections: Sections):
        st = styles()
        cit = Citations(cat.sources)
        width = text_width(opts)
        subtitle = _("Data as of {as_of}. Commodities: {names}").format(
            as_of=as_of(cat), names=", ".join(names)
        )
        flow = _front(title, subtitle, opts, st)
        flow.append(Spacer(1, 8))
        if opts.contents:
            flow += contents(entries, None, st)
        flow += sections.once(
            "summary", cit, lambda cit: pack_summary(cat, ids, cit, st, width, reports)
        )
        flow.append(PageBreak())
        for i, cid in enumerate(ids):
            progress(opts, i, len(ids), names[i])
            # each section opens a page: it is tried alone
            flow += sections.section(
                f"c-{cid}",
                cit,
                lambda cit, tail, cid=cid: commodity_flowables(
                    cat, cid, cit, st, width, reports=reports, tail=tail
                ),
            )
            flow.append(PageBreak())
        flow += sections.once("annex", cit, lambda cit: source_annex(cit, st))
        return flow

    path = write_pdf(out, lambda tmp: build_settled(tmp, title, as_of(cat), opts, story))
    progress(opts, len(ids), len(ids), _("done"))
    return path


def trade_gaps(cat: Catalog) -> list[str]:
    """What the Mexico–U.S. trade rows held cover, per source, read from the rows: the years
    and the chapters each source holds, so the gaps stated are the gaps there are."""
    by_source: dict[str, tuple[set, set]] = {}
    for reporter, partner, flow in ((MEXICO, "USA", "export"), ("USA", MEXICO, "import")):
        for f in cat.trade_flows(reporter, partner, None, None, flow):
            years, chapters = by_source.setdefault(f.source_id, (set(), set()))
            years.add(f.year)
            chapters.add(f.hs_code[:2])
    out = []
    for sid, (years, chapters) in sorted(by_source.items()):
        src = cat.sources.get(sid)
        name = src.dataset if src else sid
        out.append(
            _(
                "{source}: {first}–{last}, HS chapters {chapters}; other years and chapters "
                "are not held."
            ).format(
                source=name,
                first=min(years),
                last=max(years),
                chapters=", ".join(sorted(chapters)),
            )
        )
    return out


def silver_quantity_gap(cat: Catalog) -> list[str]:
    """Which years of Mexico's silver exports to the U.S. (HS 7106) carry a quantity, read
    from the rows (the brief said none did: UN Comtrade's metal headings hold kilograms for
    2016, 2018 and 2020)."""
    flows = cat.trade_flows(MEXICO, "USA", "7106", None, "export")
    if not flows:
        return []
    weighed = sorted({f.year for f in flows if f.quantity is not None})
    value_only = sorted({f.year for f in flows} - set(weighed))
    if not weighed:
        return [_("Mexico's silver exports to the U.S. (HS 7106) are held as values only.")]
    if not value_only:
        return []
    return [
        _(
            "Mexico's silver exports to the U.S. (HS 7106) carry a quantity for {weighed} "
            "only; {value_only} are held as values only."
        ).format(weighed=", ".join(map(str, weighed)), value_only=", ".join(map(str, value_only)))
    ]


def mexico_us_flowables(cat: Catalog, cit: Citations, st, width: float) -> list:
    """The Mexico–United States section: standing, trade, import shares, list overlap, gaps."""
    flow: list = []
    from minref.analysis.claims import older_top10, top10_count

    standing = cat.country_standing(MEXICO)
    latest = cat.latest_edition
    top = [
        e
        for e in standing.entries
        if e.measure == "production" and e.rank and e.rank <= 10 and e.edition == latest
    ]
    n_top, _lines, _others = top10_count(cat, edition=latest)
    top_ids = sorted({e.commodity_id for e in top})
    older = older_top10(cat)
    flow.append(Heading(_("Mexico's standing in world production"), st["h1"], 0, "standing"))
    text = ngettext(
        "In MCS {edition}, Mexico ranks among the top 10 of the countries USGS lists in "
        "<b>{n}</b> commodity ({lines} production lines). USGS lists only the main producers, "
        "so these are ranks among listed countries.",
        "In MCS {edition}, Mexico ranks among the top 10 of the countries USGS lists in "
        "<b>{n}</b> commodities ({lines} production lines). USGS lists only the main producers, "
        "so these are ranks among listed countries.",
        n_top,
    ).format(edition=latest, n=n_top, lines=len(top))
    if older:
        text += " " + literal(
            _("Top 10 only in an older edition: {commodities}.").format(
                commodities=", ".join(older)
            )
        )
    # The claim checker's first reading counts mine production only: say both counts, so
    # the brief's 17 and the fact card's 14 are not read as two answers to one question.
    n_mine, _names, _src = top10_count(cat, edition=latest, lines="mine")
    text += " " + literal(
        ngettext(
            "These count any production line (mine, refinery, smelter or plant); counting "
            "mine production only, {n} commodity.",
            "These count any production line (mine, refinery, smelter or plant); counting "
            "mine production only, {n} commodities.",
            n_mine,
        ).format(n=n_mine)
    )
    flow.append(Paragraph(text, st["body"]))
    body = [
        [
            cat.commodity_name(e.commodity_id),
            line_label_text(e.type),
            f"{e.rank}/{e.listed_countries}",
            Markup(literal(figure_text(e.figure)) + cit.sup(e.figure.source_id)),
            unit_label(e.unit),
            share_text(e.share_pct, e.figure),
            _("MCS {edition}, {year}").format(edition=e.edition, year=e.year),
        ]
        for e in top
    ]
    flow.append(
        data_table(
            [
                _("Commodity"),
                _("Line"),
                _("Rank"),
                _("Figure"),
                _("Unit"),
                _("Share"),
                _("Edition"),
            ],
            body,
            st,
            width,
            # The share column fits "Participación" / "Part du monde" on one line.
            [
                0.17 * width,
                0.20 * width,
                0.07 * width,
                0.13 * width,
                0.16 * width,
                0.12 * width,
                0.15 * width,
            ],
            numeric_from=2,
        )
    )
    flow.append(Heading(_("Trade with the United States by HS heading"), st["h1"], 0, "trade"))
    spec = charts.mexico_us_trade(cat)
    flows = [
        f for f in cat.trade_flows(MEXICO, "USA", None, None, "export") if f.period == "annual"
    ]
    # One table per source, each with the years that source holds: Mexico's HS4 declarations
    # end in 2021 and the metal headings in 2024, and a heading both hold (7106) differs
    # between them; one grid of all sources showed 2022-2024 blank for nearly every row
    # and kept whichever row came last.
    by_source: dict[str, list] = {}
    for f in flows:
        by_source.setdefault(f.source_id, []).append(f)
    for sid, rows in sorted(by_source.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        flow += _trade_table(cat, cit, st, width, sid, rows)
    flow.append(CondPageBreak(80 * mm))
    flow += chart_block(spec, cit, st, width, 250, series_in_full(spec, cat.hs_description))
    flow.append(Heading(_("Mexico's share of U.S. imports by commodity"), st["h1"], 0, "shares"))
    body = [
        [
            name,
            import_product(src.detail),  # "All" in the reader's language, as elsewhere
            Markup(literal(figure_text(src.figure)) + cit.sup(src.figure.source_id)),
            src.period,
        ]
        for _cid, name, src in standing.import_shares
    ]
    flow.append(
        data_table(
            # The product as USGS names it among the import sources, apart from the
            # commodity ("Producto | Producto" in Spanish before).
            [_("Commodity"), pgettext("import product", "Product"), _("Share (%)"), _("Period")],
            body,
            st,
            width,
            [0.3 * width, 0.4 * width, 0.15 * width, 0.15 * width],
            numeric_from=2,
        )
    )
    us_list = cat.newest_list("United States")
    list_id, list_year, list_source = us_list or ("", "", "")
    flow.append(
        Heading(
            _("Overlap with the U.S. {year} critical-minerals list").format(year=list_year),
            st["h1"],
            0,
            "overlap",
        )
    )
    us25 = {s.commodity_id for s in cat.commodity_index if list_id in s.lists}
    overlap = sorted_names(cat.commodity_name(c) for c in top_ids if c in us25)
    shares = [name for cid, name, _src in standing.import_shares if cid in us25]
    flow.append(
        Paragraph(
            _(
                "Of the {n} commodities where Mexico ranks in the top 10, <b>{listed}</b> are on "
                "the U.S. {year} list{marks}: {names}. Mexico supplies a listed share of U.S. "
                "imports for {supplied} commodities on that list: {supplied_names}."
            ).format(
                n=len(top_ids),
                listed=len(overlap),
                year=list_year,
                marks=cit.sup(list_source),
                names=literal(", ".join(overlap) or _("none")),
                supplied=len(set(shares)),
                supplied_names=literal(", ".join(sorted_names(set(shares))) or _("none")),
            ),
            st["body"],
        )
    )
    flow.append(Heading(_("Gaps in the data"), st["h1"], 0, "gaps"))
    gaps = trade_gaps(cat) + [
        *silver_quantity_gap(cat),
        _("USGS ranks are among listed countries; a country USGS does not list has no rank."),
    ]
    for g in gaps:
        flow.append(Paragraph("• " + literal(g), st["body"]))
    return flow


def mexico_us_brief(cat: Catalog, out: str | Path, opts: BriefOptions) -> Path:
    """Mexico's standing, its trade with the U.S., its share of U.S. imports, list overlap,
    and the gaps in the data."""
    title = opts.title or _("Mexico–United States: minerals briefing")

    def story(_pages):
        st = styles()
        cit = Citations(cat.sources)
        width = text_width(opts)
        flow = _front(title, _("Data as of {as_of}").format(as_of=as_of(cat)), opts, st)
        flow += mexico_us_flowables(cat, cit, st, width)
        flow.append(PageBreak())
        flow += source_annex(cit, st)
        return flow

    return write_pdf(out, lambda tmp: build_story(tmp, title, as_of(cat), opts, story))


def usd_millions(v: float) -> str:
    """A US$ amount as millions in the reader's conventions: one decimal ("1,234.5"), and
    two significant digits below US$50,000 (18,049 -> "0.018"), so that no value reads 0."""
    m = v / 1e6
    if m == 0 or abs(m) >= 0.05:
        return format_fixed(m, 1)
    return format_fixed(m, 1 - math.floor(math.log10(abs(m))))


def usd_cell(v: float | None) -> str:
    """A US$ million table cell: blank where no row is held (missing, never zero), "—" for
    a declared zero (as the page's legend reads), else :func:`usd_millions`."""
    if v is None:
        return ""
    if v == 0:
        return "—"
    return usd_millions(v)


def blank_cell_note() -> str:
    """What a blank cell of a US$ table means (the tables printed with :func:`usd_cell`)."""
    return _("A blank cell: no row held for that year.")


# A heading of the trade table: shown when it reaches US$1 million in a year shown; the
# smaller ones are summed on one line.
TRADE_TABLE_FLOOR_USD = 1e6


def _heading_labels(cat, codes: list[str]) -> dict[str, str]:
    """The row labels of HS headings: code and description, cut at a word; longer (on two
    or three lines) where another heading's label would read the same, so that no two rows
    read alike ("7208 Iron or non-alloy steel; flat-rolled products, width 600mm or
    more, hot-rolled…" beside 7209's; "2817 Zinc" was zinc oxide)."""
    desc = {c: cat.hs_description(c) for c in codes}
    # the words the short label keeps after the code, and how many headings share them
    words = {c: short_label(desc[c], 36 - len(c) - 1) for c in codes}
    count = Counter(words.values())
    return {c: short_label(f"{c} {desc[c]}", 100 if count[words[c]] > 1 else 36) for c in codes}


# A year column of the trade table: its widest figure with the cell's padding, and a few
# points more so that two neighbouring figures never read as one.
YEAR_COLUMN_SLACK = 3.0
# The row labels' share of the trade table's width (HS code and description).
TRADE_LABEL_SHARE = 0.34


def year_blocks(years: list[int], fit: int) -> list[list[int]]:
    """``years`` in as few runs of consecutive columns as hold at most ``fit`` each, the
    runs as even as they can be (ten years, eight to a table: 2015-2019 and 2020-2024)."""
    if not years:
        return []
    fit = max(fit, 1)
    n = math.ceil(len(years) / fit)
    size = math.ceil(len(years) / n)
    return [years[i : i + size] for i in range(0, len(years), size)]


def _year_columns_that_fit(st, width: float, header: list[str], body: list[list[str]]) -> int:
    """How many year columns fit beside the row labels: each as wide as the widest figure
    or year printed in it (in the cell's font, with its padding)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from minref.briefing.document import CELL_PADDING, unbreakable

    style = st["cellr"]
    texts = header + [c for line in body for c in line]
    widest = max(
        (stringWidth(unbreakable(t), style.fontName, style.fontSize) for t in texts if t),
        default=0.0,
    )
    need = widest + CELL_PADDING + 0.5 + YEAR_COLUMN_SLACK
    return max(int(width * (1 - TRADE_LABEL_SHARE) // need), 1)


def _trade_table(cat, cit, st, width: float, sid: str, rows: list) -> list:
    """Mexico's exports to the U.S. from one source: HS headings by every year the source
    holds, headings under US$1 million in every year summed on one line. Where the page
    cannot hold every year side by side, the years are split over consecutive tables with
    the same rows, and the line above says which years each shows."""
    years = sorted({f.year for f in rows})
    grid: dict[tuple[str, int], float] = {}
    for f in rows:
        if f.value_usd is not None:
            grid[f.hs_code, f.year] = grid.get((f.hs_code, f.year), 0.0) + f.value_usd
    codes = sorted({code for code, _y in grid})
    shown = [c for c in codes if any(grid.get((c, y), 0) >= TRADE_TABLE_FLOOR_USD for y in years)]
    small = [c for c in codes if c not in shown]
    labels = _heading_labels(cat, shown)
    body = [[labels[code]] + [usd_cell(grid.get((code, y))) for y in years] for code in shown]
    if small:
        body.append(
            [
                ngettext(
                    "{n} other heading, under US$1 million a year",
                    "{n} other headings, each under US$1 million a year",
                    len(small),
                ).format(n=len(small))
            ]
            + [
                usd_cell(
                    sum(grid[c, y] for c in small if (c, y) in grid)
                    if any((c, y) in grid for c in small)
                    else None
                )
                for y in years
            ]
        )
    header = [str(y) for y in years]
    blocks = year_blocks(years, _year_columns_that_fit(st, width, header, [r[1:] for r in body]))
    source = cat.sources.get(sid)
    intro = _(
        "Mexico's exports to the U.S., US$ million, FOB, as reported by Mexico{marks}. "
        "Source: {source}."
    ).format(
        marks=cit.sup(sid),
        source=literal(source.dataset if source else sid),
    )
    if len(blocks) > 1:
        # Said at once, so that no reader takes the first table's years for all of them.
        intro += " " + literal(
            _(
                "Every year the source holds, {first}–{last}, is shown: too many years for one "
                "table across the page, so they are split over {n} tables ({blocks}), each "
                "with the same headings."
            ).format(
                first=years[0],
                last=years[-1],
                n=len(blocks),
                blocks=", ".join(_year_span(b) for b in blocks),
            )
        )
    out = [Paragraph(intro + " " + literal(blank_cell_note()), st["small"])]
    label_width = TRADE_LABEL_SHARE * width
    for i, block in enumerate(blocks):
        cols = [years.index(y) + 1 for y in block]
        if i:
            out.append(
                Paragraph(
                    literal(
                        _("Mexico's exports to the U.S., US$ million, continued: {years}.").format(
                            years=_year_span(block)
                        )
                    )
                    + cit.sup(sid),
                    st["small"],
                )
            )
        out += [
            data_table(
                [_("HS heading")] + [str(y) for y in block],
                [[line[0]] + [line[c] for c in cols] for line in body],
                st,
                width,
                [label_width] + [(width - label_width) / len(block)] * len(block),
            ),
            Spacer(1, 3 * mm),
        ]
    return out


def _year_span(years: list[int]) -> str:
    """ "2015–2019", or "2024" for one year."""
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def rare_earths_flowables(cat: Catalog, cit: Citations, st, width: float) -> list:
    """The rare-earths section: the elements, production, China's share, U.S. reliance, Mexico."""
    flow: list = []
    flow.append(Heading(_("The 17 rare earth elements"), st["h1"], 0, "elements"))
    els = cat.rare_earth_elements()
    body = [
        [
            f"{e.symbol} {_element_name(e)}",
            str(e.atomic_number),
            element_term(e.class_usgs),
            element_term(e.class_eu),
            element_term(e.on_us_2022_list),
            element_term(e.eu_magnet_ree),
        ]
        for e in els
    ]
    flow.append(
        Paragraph(
            literal(_("Atomic data and classes")) + cit.sup(els[0].source.source_id), st["small"]
        )
    )
    flow.append(
        data_table(
            [
                _("Element"),
                _("Z"),
                _("Class (USGS)"),
                _("Class (EU CRM)"),
                _("US 2022 list"),
                _("EU magnet REE"),
            ],
            body,
            st,
            width,
            [0.22 * width, 0.08 * width, 0.2 * width, 0.2 * width, 0.15 * width, 0.15 * width],
            numeric_from=9,
        )
    )
    flow += commodity_flowables(cat, "rare-earths", cit, st, width, level=0)
    prod = cat.world_production("rare-earths")
    cn = prod.row_for("CHN")
    if cn:
        flow.append(
            Paragraph(
                _(
                    "China's share of world mine production in {year}: <b>{share}</b> ({figure})."
                ).format(
                    year=prod.year, share=pct(cn.share_pct), figure=_fig(cit, cn.figure, prod.unit)
                ),
                st["body"],
            )
        )
    spec = charts.ree_history(cat, countries=False)
    flow.append(CondPageBreak(80 * mm))
    flow += chart_block(spec, cit, st, width, 220)
    flow += chart_block(charts.production_history(cat, "rare-earths"), cit, st, width, 220)
    nir = charts.us_nir(cat, "rare-earths")
    flow += chart_block(nir, cit, st, width, 200)
    flow.append(Heading(_("Mexico's position"), st["h1"], 0, "mexico"))
    standing = [e for e in cat.country_standing(MEXICO).entries if e.commodity_id == "rare-earths"]
    listed = (
        _("USGS lists rare-earth figures for Mexico.")
        if standing
        else _(
            "USGS lists no rare-earth mine production or reserves for Mexico in any edition held."
        )
    )
    flow.append(Paragraph(literal(listed), st["body"]))
    # What Mexico declares of rare-earth trade with the U.S. (HS 2846 compounds, 2805.30
    # metals), from the rows held: the sentence follows the data, never a fixed text.
    lines = []
    sentences = {
        ("2846", "export"): N_(
            "Mexico declares exports to the U.S. of rare-earth compounds (HS 2846): "
            "US${low} to US${high} a year in {first}–{last}{marks}."
        ),
        ("2846", "import"): N_(
            "Mexico declares imports from the U.S. of rare-earth compounds (HS 2846): "
            "US${low} to US${high} a year in {first}–{last}{marks}."
        ),
        ("280530", "export"): N_(
            "Mexico declares exports to the U.S. of rare-earth metals (HS 2805.30): "
            "US${low} to US${high} a year in {first}–{last}{marks}."
        ),
        ("280530", "import"): N_(
            "Mexico declares imports from the U.S. of rare-earth metals (HS 2805.30): "
            "US${low} to US${high} a year in {first}–{last}{marks}."
        ),
    }
    for code in ("2846", "280530"):
        for flow_kind in ("export", "import"):
            rows = [
                f
                for f in cat.trade_flows(MEXICO, "USA", code, None, flow_kind)
                if f.period == "annual" and f.value_usd is not None
            ]
            if rows:
                years = sorted({f.year for f in rows})
                total = {y: sum(f.value_usd for f in rows if f.year == y) for y in years}
                lo, hi = min(total.values()), max(total.values())
                lines.append(
                    _(sentences[code, flow_kind]).format(
                        low=format_fixed(lo, 0),
                        high=format_fixed(hi, 0),
                        first=years[0],
                        last=years[-1],
                        marks=cit.sup(*sorted({f.source_id for f in rows})),
                    )
                )
    if not lines:
        lines.append(literal(_("The catalog holds no Mexico–U.S. trade in HS 2805.30 or 2846.")))
    for line in lines:
        flow.append(Paragraph(line, st["body"]))
    flow.append(
        Paragraph(
            literal(
                _(
                    "Trade in rare-earth compounds does not show that Mexico produces rare "
                    "earths: it may be re-export or processing of imported material."
                )
            ),
            st["note"],
        )
    )
    return flow


def rare_earths_brief(cat: Catalog, out: str | Path, opts: BriefOptions) -> Path:
    """The 17 elements, production and reserves, China's share, U.S. reliance and sources,
    HS lines, and Mexico's position."""
    title = opts.title or _("Rare earths: briefing")

    def story(_pages):
        st = styles()
        cit = Citations(cat.sources)
        width = text_width(opts)
        flow = _front(title, _("Data as of {as_of}").format(as_of=as_of(cat)), opts, st)
        flow += rare_earths_flowables(cat, cit, st, width)
        flow.append(PageBreak())
        flow += source_annex(cit, st)
        return flow

    return write_pdf(out, lambda tmp: build_story(tmp, title, as_of(cat), opts, story))


def claim_flowables(result, cit: Citations, st, width: float) -> list:
    """One claim's fact card: claim, verdict, what the data says, definitions, sensitivity."""
    flow: list = []
    marks = cit.sup(*result.source_ids)
    flow.append(
        Paragraph(
            "<b>"
            + literal(_("Claim."))
            + "</b> "
            + literal(_("“{claim}”").format(claim=result.claim)),
            st["h2"],
        )
    )
    flow.append(
        fact_table(
            [
                (_("Verdict"), literal(_verdict(result.verdict).capitalize()), ""),
                (_("What the data held says"), literal(result.value) + marks, ""),
            ],
            st,
            width,
        )
    )
    flow.append(
        Paragraph("<b>" + literal(_("Why.")) + "</b> " + literal(result.reason), st["body"])
    )
    flow.append(Paragraph(literal(_("Definitions used")), st["h2"]))
    flow.append(
        data_table(
            [_("Definition"), _("Value")],
            [[k, str(v)] for k, v in result.definitions.items()],
            st,
            width,
            [0.28 * width, 0.72 * width],
            numeric_from=9,
        )
    )
    flow.append(Paragraph(literal(_("How the result moves when a definition changes")), st["h2"]))
    flow.append(
        data_table(
            [_("Definition"), _("Result")],
            [[s.definition, s.result] for s in result.sensitivity],
            st,
            width,
            [0.75 * width, 0.25 * width],
        )
    )
    if result.gaps:
        flow.append(Paragraph(literal(_("What the data does not say")), st["h2"]))
        for g in result.gaps:
            flow.append(Paragraph("• " + literal(g), st["note"]))
    return flow


def claim_card(data, result, out: str | Path, opts: BriefOptions) -> Path:
    """One claim as a fact card: the claim, verdict, what the data says, definitions,
    sensitivity, gaps, and the source annex."""
    # the card carries the claim's own title
    title = opts.title or _("Claim: {claim}").format(claim=result.claim)
    sources = data.sources()
    stamp = claim_as_of(sources, result) or as_of(data.catalog)

    def story(_pages):
        st = styles()
        cit = Citations(sources)
        width = text_width(opts)
        flow = [
            Heading(title, st["title"], 0, "claim"),
            Paragraph(literal(_("Data as of {as_of}").format(as_of=stamp)), st["subtitle"]),
        ]
        if opts.note.strip():
            flow.append(Paragraph(literal(opts.note), st["note"]))
        flow += claim_flowables(result, cit, st, width)
        # A card is one or two pages: its sources follow on the same page where they fit.
        flow += [Spacer(1, 4 * mm), CondPageBreak(50 * mm)]
        flow += source_annex(cit, st)
        return flow

    return write_pdf(out, lambda tmp: build_story(tmp, title, stamp, opts, story))
