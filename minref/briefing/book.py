"""A briefing book as a PDF: the official's own note on page 1, a summary of the sections,
the sections with their talking points, and one source annex.

Page 1 reads like a ministry note: title, date, marking, audience, then the purpose, key
messages and talking points the official wrote, then a one-table summary. Everything the
official typed is printed literally (``<b>`` stays ``<b>``); lists typed with ``-``, ``*``
or ``1.`` print as lists.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table, TableStyle

from minref.analysis.text import short_label
from minref.briefing import briefs
from minref.briefing.document import (
    RULE,
    SHADE,
    BriefOptions,
    Citations,
    Heading,
    Paragraph,
    data_table,
    literal,
    source_annex,
    styles,
    write_pdf,
)
from minref.briefing.fonts import BOLD, REGULAR
from minref.i18n import _, clauses, format_date, ngettext

logger = logging.getLogger(__name__)

_BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(.*)$")


def plain_text(text: str, st, style: str = "body") -> list:
    """The official's plain text as paragraphs: blank lines part paragraphs, lines that start
    with "-", "*" or "•" are bullets, "1." or "1)" numbered items; nothing is markup."""
    out: list = []
    para: list[str] = []

    def flush():
        if para:
            out.append(Paragraph(literal(" ".join(para)), st[style]))
            para.clear()

    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            flush()
            continue
        m, n = _BULLET.match(line), _NUMBERED.match(line)
        if m:
            flush()
            out.append(
                Paragraph(literal(m.group(1)), st[style], bulletText="•")
            )  # bulletText is drawn as text, not parsed
        elif n:
            flush()
            out.append(Paragraph(literal(n.group(2)), st[style], bulletText=f"{n.group(1)}."))
        else:
            para.append(line.strip())
    flush()
    for p in out:
        if p.bulletText:
            p.style = _indented(p.style)
    return out


_INDENTED: dict[str, object] = {}


def _indented(style):
    from reportlab.lib.styles import ParagraphStyle

    if style.name not in _INDENTED:
        _INDENTED[style.name] = ParagraphStyle(
            f"{style.name}-list",
            parent=style,
            leftIndent=12,
            bulletIndent=2,
            spaceAfter=1,
            bulletFontName=style.fontName,
            bulletFontSize=style.fontSize,
        )
    return _INDENTED[style.name]


def _official_box(title: str, parts: list[tuple[str, str]], st, width: float) -> list:
    """A shaded box with the official's own purpose, key messages and talking points."""
    cells = []
    for label, text in parts:
        if text.strip():
            cells.append(Paragraph(f"<b>{literal(label)}</b>", st["body"]))
            cells += plain_text(text, st)
            cells.append(Spacer(1, 3))
    if not cells:
        return []
    t = Table([[cells]], colWidths=[width])
    t.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 7),
                ("RIGHTPADDING", (0, 0), (-1, -1), 7),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    t.hAlign = "LEFT"
    return [t, Spacer(1, 6)] if not title else [Paragraph(literal(title), st["h2"]), t]


def _section_parts(s) -> list[tuple[str, str]]:
    return [
        (_("Purpose"), s.purpose),
        (_("Key messages"), s.key_messages),
        (_("Talking points"), s.talking_points),
    ]


def section_title(cat, data, s) -> str:
    """The heading a section prints under: the official's title, or what it is about."""
    if s.title.strip():
        return s.title.strip()
    if s.kind == "commodity":
        return cat.commodity_name(s.target)
    if s.kind == "country":
        return _("Mexico–United States")
    if s.kind == "rare-earths":
        return _("Rare earths")
    if s.kind == "claim":
        from minref.analysis.claims import CLAIMS

        claim = CLAIMS.get(s.target)
        return (
            _("Claim: {statement}").format(statement=claim.statement)
            if claim
            else _("Claim {id}").format(id=s.target)
        )
    if s.kind == "desk":
        return desk_title(cat, s.target, s.options)
    if s.kind == "supply":
        title = _("North American critical-minerals supply")
        return f"{title} ({s.target})" if s.target else title
    return _("Note")


def desk_title(cat, reporter: str, options: dict) -> str:
    """ "Mexico exports to the U.S., HS 26" as a sentence: the desk's own title (a French
    partner named bare takes no article: "Mexique : exportations (destination : Chine)")."""
    from minref.analysis.trade import flow_title

    flow = "import" if options.get("flow") == "import" else "export"
    text = flow_title(reporter, options.get("partner"), flow, cat.country_name)
    if options.get("hs"):
        text = _("{flows}, HS {code}").format(flows=text, code=options["hs"])
    return text


def _empty_commodity(reports: briefs.Reports, cid: str) -> bool:
    """A commodity with nothing to show: no world figures, no U.S. statistics, no sources."""
    r = reports(cid)
    return not (r.world_production.rows or r.reserves.rows or r.us_salient.rows) and not (
        r.us_import_sources
    )


# The HS x year table's row labels keep at least this share of the text width; the years
# take the rest, as many of the newest as fit.
DESK_LABEL_SHARE = 0.36


def _year_width(year: int, cells: list[str]) -> float:
    """A year column as wide as its widest cell (the header in bold), with the padding."""
    return (
        max([stringWidth(str(year), BOLD, 7.4)] + [stringWidth(c, REGULAR, 7.4) for c in cells])
        + 10
    )


def _years_that_fit(years: list[int], columns: dict[int, list[str]], width: float) -> list[int]:
    """The newest years whose columns fit beside the row labels."""
    room, shown = width * (1 - DESK_LABEL_SHARE), []
    for y in reversed(years):
        need = _year_width(y, columns[y])
        if need > room:
            break
        room -= need
        shown.insert(0, y)
    return shown


def desk_flowables(cat, data, reporter: str, options: dict, cit: Citations, st, width) -> list:
    """A desk query: the HS x year table (every year held that fits the page; a note names
    the others, which the chart shows) with its chart and sources."""
    from minref.analysis.trade import hs_year_chart, hs_year_table

    flow = options.get("flow", "export")
    hs = str(options["hs"]) if options.get("hs") else None
    flows = data.flows(reporter, options.get("partner"), hs, None, flow)
    table = hs_year_table(
        flows,
        title=desk_title(cat, reporter, options),
        chapters=bool(options.get("chapters", True)),
        describe=cat.hs_description,
    )
    years = table.years
    if options.get("years"):
        lo, hi = options["years"]
        years = [y for y in years if lo <= y <= hi]
    if not years or not table.rows:
        return [Paragraph(literal(_("No flows held for this query.")), st["body"])]
    rows = table.rows[:30] + [table.total]
    cells = {y: [briefs.usd_cell(r.value(y)) for r in rows] for y in years}
    shown = _years_that_fit(years, cells, width)
    body = []
    for i, r in enumerate(rows):
        label = f"{r.code} {r.label}".strip() if r.level else r.label
        body.append(
            ["   " * (r.level == 4) + short_label(label, 60)] + [cells[y][i] for y in shown]
        )
    marks = cit.sup(*table.sources)
    year_w = [_year_width(y, cells[y]) for y in shown]
    if max(year_w) * len(year_w) <= width * (1 - DESK_LABEL_SHARE):  # even columns if they fit
        year_w = [max(year_w)] * len(year_w)
    out = [
        Paragraph(
            literal(_("Value, US$ million, as declared by the reporter")) + marks, st["small"]
        ),
        data_table(
            [_("HS")] + [str(y) for y in shown],
            body,
            st,
            width,
            [width - sum(year_w)] + year_w,
            numeric_from=1,
        ),
    ]
    notes = list(table.notes)
    if any(c == "" for y in shown for c in cells[y]):
        notes.append(briefs.blank_cell_note())
    left_out = [y for y in years if y not in shown]
    if left_out:
        span = (
            f"{left_out[0]}–{left_out[-1]}"
            if left_out == list(range(left_out[0], left_out[-1] + 1)) and len(left_out) > 1
            else ", ".join(map(str, left_out))
        )
        notes.append(
            ngettext(
                "{years} is left out of the table to fit the page; the chart shows it.",
                "{years} are left out of the table to fit the page; the chart shows them.",
                len(left_out),
            ).format(years=span)
        )
    for note in notes:
        out.append(Paragraph(literal(note), st["small"]))
    spec = hs_year_chart(table, sources=cit.sources)
    if not spec.is_empty:
        printed = {f"{r.code} {r.label}".strip() for r in rows if len(f"{r.code} {r.label}") <= 60}
        in_full = briefs.series_in_full(spec, cat.hs_description, printed)
        out += briefs.chart_block(spec, cit, st, width, 230, in_full)
    return out


def _section_flowables(
    cat,
    data,
    s,
    cit,
    st,
    width,
    reports: briefs.Reports,
    tail: briefs.Tail = briefs.NATURAL,
    key: str = "",
) -> list:
    """A section's content under its heading (a commodity's blocks laid out as ``tail``
    says, its last tagged with the section's heading key ``key``: briefs.build_settled)."""
    if s.kind == "commodity":
        flow = briefs.commodity_flowables(
            cat, s.target, cit, st, width, level=1, reports=reports, tail=tail, tail_key=key
        )
        return flow[1:]  # the section's own heading stands above
    if s.kind == "country":
        return briefs.mexico_us_flowables(cat, cit, st, width)
    if s.kind == "rare-earths":
        return briefs.rare_earths_flowables(cat, cit, st, width)
    if s.kind == "claim":
        from minref.analysis.claims import check_claims

        results = check_claims(data, ids=[s.target], **(s.options or {}))
        if not results:
            text = _("No claim {id} in this minref.").format(id=s.target)
            return [Paragraph(literal(text), st["body"])]
        return briefs.claim_flowables(results[0], cit, st, width)
    if s.kind == "desk":
        return desk_flowables(cat, data, s.target, s.options or {}, cit, st, width)
    if s.kind == "supply":
        from minref.briefing.supply import supply_flowables

        return supply_flowables(cat, s.target or None, cit, st, width, level=1)
    return plain_text(s.body, st)


def book_pdf(cat, data, book, out: str | Path, opts: BriefOptions | None = None) -> Path:
    """Write a briefing book to a PDF (atomically; progress and cancel through opts)."""
    from minref import i18n

    with i18n.using(book.lang):
        return _book_pdf(cat, data, book, out, opts or BriefOptions())


def _book_pdf(cat, data, book, out, opts: BriefOptions) -> Path:
    opts.paper = book.paper
    opts.marking = book.marking
    opts.lang = book.lang
    opts.title = book.title
    sources = data.sources() if hasattr(data, "sources") else cat.sources
    # Each commodity once; commodity sections with nothing to show collapse into one line
    # (unless the official wrote something for them).
    reports = briefs.Reports(cat)  # each commodity's report once, whatever reads it
    seen, sections, collapsed = set(), [], []
    for s in book.sections:
        key = (s.kind, s.target, repr(sorted((s.options or {}).items())))
        if key in seen and s.kind != "text":
            logger.info("section %s %s appears twice; printed once", s.kind, s.target)
            continue
        seen.add(key)
        own = any(x.strip() for x in (s.purpose, s.key_messages, s.talking_points, s.title))
        if s.kind == "commodity" and not own and _empty_commodity(reports, s.target):
            collapsed.append(cat.commodity_name(s.target))
            continue
        sections.append(s)
    commodity_ids = [s.target for s in sections if s.kind == "commodity"]
    total = len(sections)

    def front(cit: Citations, st, width: float) -> list:
        """Page 1: the title, the official's own note, the summary of the sections."""
        flow: list = [Heading(book.title, st["title"], 0, "book")]
        sub = [format_date(date.today(), "long")]
        if book.audience.strip():
            sub.append(book.audience.strip())
        flow.append(Paragraph(literal(" · ".join(sub)), st["subtitle"]))
        flow += _official_box(
            "",
            [
                (_("Purpose"), book.purpose),
                (_("Key messages"), book.key_messages),
                (_("Talking points"), book.talking_points),
            ],
            st,
            width,
        )
        if commodity_ids:
            flow += briefs.pack_summary(cat, commodity_ids, cit, st, width, reports)
        others = [section_title(cat, data, s) for s in sections if s.kind != "commodity"]
        if others:
            flow.append(
                Paragraph(
                    literal(_("Also in this book: {sections}.").format(sections=clauses(others))),
                    st["small"],
                )
            )
        if collapsed:
            flow.append(
                Paragraph(
                    literal(
                        _("Also checked, no data held: {names}.").format(names=", ".join(collapsed))
                    ),
                    st["small"],
                )
            )
        return flow

    def story(made: briefs.Sections) -> list:
        # Laid out as a pack is (briefs.build_settled): a commodity section whose HS-codes
        # table would open a page alone is laid out again; every other part is made once.
        st = styles()
        cit = Citations(sources)
        width = briefs.text_width(opts)
        flow = made.once("front", cit, lambda cit: front(cit, st, width))
        flow.append(PageBreak())
        for i, s in enumerate(sections):
            title = section_title(cat, data, s)
            briefs.progress(opts, i, total, title)

            def section(cit, tail=briefs.NATURAL, s=s, title=title, key=f"s-{i}") -> list:
                head = [Heading(title, st["h1"], 0, key)]
                head += _official_box("", _section_parts(s), st, width)
                body = _section_flowables(cat, data, s, cit, st, width, reports, tail, key)
                # The heading and the official's notes stay with the first part of the content.
                return [KeepTogether(head + body[:1]), *body[1:]]

            if s.kind == "commodity":
                flow += made.section(f"s-{i}", cit, section)
            else:
                flow += made.once(f"s-{i}", cit, section)
            flow.append(Spacer(1, 8 * mm) if s.kind == "text" else PageBreak())
        flow += made.once("annex", cit, lambda cit: source_annex(cit, st))
        return flow

    def build(tmp):
        opts.extra["pages"] = briefs.build_settled(tmp, book.title, briefs.as_of(cat), opts, story)

    path = write_pdf(out, build)
    briefs.progress(opts, total, total, _("done"))
    return path
