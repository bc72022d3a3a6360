"""The briefing document: page frame, marking, page x of y, outline, source annex, and an
atomic, cancellable build.

Every figure printed cites a source through a numbered marker ``[n]`` that leads to the
source annex at the end; text a user typed (title, marking, note) is printed literally.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.flowables import _listWrapOn

from minref import __version__, i18n
from minref.briefing.fonts import BOLD, ITALIC, REGULAR, register_fonts
from minref.catalog import source_text
from minref.catalog.models import SourceRef
from minref.i18n import N_, _

logger = logging.getLogger(__name__)

PAPERS = {"letter": LETTER, "a4": A4}
INK = colors.HexColor("#1b1d21")
MUTED = colors.HexColor("#5b6270")
RULE = colors.HexColor("#c9ced6")
SHADE = colors.HexColor("#eef1f5")
MEXICO_SHADE = colors.HexColor("#fff1c2")


class BriefCancelled(Exception):
    """The user cancelled; no file was written."""


class BriefWriteError(Exception):
    """The PDF could not be written where asked; the message says why."""


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle(
        "body",
        fontName=REGULAR,
        bulletFontName=REGULAR,
        fontSize=8.6,
        leading=11,
        textColor=INK,
        alignment=TA_LEFT,
        splitLongWords=1,
    )
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7, leading=8.8, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.4, leading=9),
        "cellr": ParagraphStyle("cellr", parent=base, fontSize=7.4, leading=9, alignment=2),
        "title": ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=17, leading=21, spaceAfter=2
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=base, fontSize=9.5, leading=12, textColor=MUTED, spaceAfter=6
        ),
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=BOLD, fontSize=14, leading=17, spaceBefore=4, spaceAfter=4
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=BOLD, fontSize=10.5, leading=13, spaceBefore=9, spaceAfter=3
        ),
        "fact_label": ParagraphStyle("fl", parent=base, fontSize=7, leading=8.5, textColor=MUTED),
        "fact_value": ParagraphStyle("fv", parent=base, fontName=BOLD, fontSize=12, leading=14),
        "note": ParagraphStyle("note", parent=base, fontName=ITALIC, fontSize=7.8, leading=10),
    }


# reportlab breaks lines at U+202F (it counts it as white space), so a French figure
# ("75 000 000", narrow no-break spaces) could break across lines; in paragraphs it
# prints as a no-break space, at which reportlab never breaks.  A space before ; : ! ? »
# (French "Terres rares ; Affirmation") is made a no-break space too, so that no line
# starts with the mark.
_UNBREAKABLE = str.maketrans({"\u202f": "\u00a0"})
_SPACE_BEFORE_MARK = re.compile(r" (?=[;:!?»])")
# The space between a figure and the flag that qualifies it ("0.097 e", "77% e", "12.5 er",
# "— e", "Chile (23.0 e)", "11,000,000 c": analysis.text.figure_text's marks, and a
# USGS code after a number) is a no-break space too, so that a narrow table cell never
# prints the number on one line and its mark alone on the next; a data table's column is
# then as wide as the joined figure (reportlab's minWidth does not split at U+00A0).  A
# word that only starts like a mark ("e.g.", "era") is left alone.
_SPACE_BEFORE_FLAG = re.compile(r"(?<=[\d%—]) (?=(?:e|r|er|re|ec|rc|erc|c|W|NA|XX)(?!\w|\.\w))")


# An amount and its unit never part at a line's end, in any language: "304 114 $ US",
# "US$1 million", "US$2.65 mil millones", "1 million de $ US", "16,000 metric tons",
# "190 000 kilogrammes", "Top-3 %" (QA: the French rare-earths brief printed "304 114" at
# a line's end and "$ US par an" on the next).  After a figure, its unit is joined to it
# with no-break spaces: a currency or symbol, a scale word, or a unit the catalog's tables
# use (analysis.text.UNITS in the reader's language, up to its first comma or parenthesis;
# one of more than UNIT_BOUND_CHARS characters, "dollars par unité de tonne métrique
# sèche", keeps only its first word with the figure), up to three of them linked by "de"
# or "of" ("1 million de $ US", "1,500 thousand metric tons").  "$ US" is one symbol
# wherever it stands, and "US$" before a figure ("US$ 12") stays with it.
AMOUNT_WORDS = (
    # currencies and symbols
    "US$", "$ US", "$US", "M$ US", "k$ US", "Md$ US", "$", "%", "‰",
    "t", "kt", "Mt", "kg", "g", "oz", "ct",
    # scale words (CLDR's compact forms and the briefs' own templates)
    "thousand", "million", "millions", "billion", "billions", "bn", "M", "k",
    "mil", "millón", "millones", "mil millones",
    "millier", "milliers", "milliard", "milliards", "Md",
)  # fmt: skip
UNIT_BOUND_CHARS = 30
_CURRENCY_SPACE = re.compile(r"(?<=\$) (?=US(?!\w))|(?<=US\$) (?=\d)")
_AMOUNT_UNITS: dict[str, re.Pattern] = {}


def _amount_unit() -> re.Pattern:
    """A figure's last digit and the unit after it (see AMOUNT_WORDS), in the current
    language: compiled once a language."""
    lang = i18n.current_language()
    pattern = _AMOUNT_UNITS.get(lang)
    if pattern is None:
        from minref.analysis.text import UNITS, unit_label

        words = set(AMOUNT_WORDS)
        for unit in UNITS:
            head = re.split(r"\s*[,(]", unit_label(unit))[0].strip()
            words.add(head if len(head) <= UNIT_BOUND_CHARS else head.split(" ")[0])
        space = "[ \u00a0]"
        alternatives = "|".join(
            re.escape(w).replace(r"\ ", space) for w in sorted(words, key=len, reverse=True)
        )
        unit = f"(?:{alternatives})(?![\\w$])"
        pattern = re.compile(f"(?<=\\d){space}{unit}(?:(?: (?:de|of))?{space}{unit}){{0,2}}")
        _AMOUNT_UNITS[lang] = pattern
    return pattern


def _joined(match: re.Match) -> str:
    return match.group(0).replace(" ", "\u00a0")


def unbreakable(text: str) -> str:
    """Paragraph text whose figures (with their flag marks and units) and French
    punctuation never break across lines."""
    text = _SPACE_BEFORE_FLAG.sub("\u00a0", text.translate(_UNBREAKABLE))
    if " " in text:
        text = _CURRENCY_SPACE.sub("\u00a0", text)
        if any(c.isdigit() for c in text):
            text = _amount_unit().sub(_joined, text)
    return _SPACE_BEFORE_MARK.sub("\u00a0", text)


class Paragraph(_Paragraph):
    """reportlab's Paragraph, with figures that never break at their group separator nor
    before their flag mark."""

    def __init__(self, text, style=None, *args, **kwargs):
        if isinstance(text, str):
            text = unbreakable(text)
        super().__init__(text, style, *args, **kwargs)


class Markup(str):
    """Text already in reportlab's paragraph markup (a figure with its source marker)."""


_LITERAL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def literal(text: str) -> str:
    """User or data text made safe inside a reportlab Paragraph: printed exactly as typed.

    (xml.sax.saxutils.escape does the same but imports urllib.request, http and email:
    about 40 ms of every brief's start-up.)"""
    return str(text).translate(_LITERAL)


class Citations:
    """Numbers sources in the order a briefing first cites them: ``[1]``, ``[2]``..."""

    def __init__(self, sources: dict[str, SourceRef]):
        self.sources = sources
        self.order: list[str] = []

    def mark(self, *source_ids: str) -> str:
        """The marker text for one or more sources, e.g. ``[1, 3]``."""
        nums = []
        for sid in source_ids:
            if not sid or sid not in self.sources:
                continue
            if sid not in self.order:
                self.order.append(sid)
            nums.append(self.order.index(sid) + 1)
        return f"[{', '.join(str(n) for n in sorted(set(nums)))}]" if nums else ""

    def copy(self) -> Citations:
        """The numbering so far, to lay out a part of the brief on trial without numbering
        its sources in the brief itself."""
        other = Citations(self.sources)
        other.order = list(self.order)
        return other

    def sup(self, *source_ids: str) -> str:
        m = self.mark(*source_ids)
        return f'<super rise="3" size="6">{m}</super>' if m else ""


# Markings offered in the export dialog (the user may type any other; printed as typed).
MARKING_PRESETS = (
    N_("For official use only"),
    N_("Draft"),
    N_("Not for distribution"),
    N_("Internal working document"),
)
# BCP 47 tags written as the PDF's /Lang.
PDF_LANG = {"en": "en-US", "es": "es-MX", "fr": "fr-FR", "pseudo": "en-US"}


def flag_legend() -> str:
    """The footer's legend of flags and codes ("e estimado · W información reservada ...")."""
    return _(
        "Sources [n] in the annex · e estimated · W withheld · NA not available · "
        "XX not applicable · E net exporter · — zero · >95 a bound"
    )


@dataclass
class BriefOptions:
    paper: str = "letter"
    lang: str | None = None  # en, es, fr; None: the current language
    marking: str = ""
    title: str = ""
    note: str = ""
    contents: bool = True
    progress: Callable[[int, int, str], None] | None = None
    cancelled: Callable[[], bool] | None = None
    author: str = "minref"
    extra: dict = field(default_factory=dict)


# The attribute that tags the first flowable of a section's last block with the section's
# key: BriefDocument.tails says where the block landed (a commodity's HS-codes table alone
# on a page is laid out again: briefs.build_settled).
LAST_BLOCK = "minref_last_block"


class Heading(Paragraph):
    """A heading that also becomes a bookmark in the PDF outline (and the contents)."""

    def __init__(self, text: str, style, level: int = 0, key: str = ""):
        super().__init__(literal(text), style)
        self.outline_text = text
        self.level = level
        self.key = key or f"h{id(self)}"


def _no_draw(*_args, **_kwargs) -> None:
    pass


class _LayoutFrame(Frame):
    """A frame that places flowables without drawing them: a layout tried for where its
    parts land (drawing takes most of a build's time)."""

    def _add(self, flowable, canv, trySplit=0):  # noqa: N803 (reportlab API)
        flowable.drawOn = _no_draw
        try:
            return super()._add(flowable, canv, trySplit)
        finally:
            del flowable.drawOn

    add = _add  # as Frame has it: the document calls add


class BriefDocument(BaseDocTemplate):
    """Page frame with header (title, data-as-of edition, marking) and footer."""

    def __init__(
        self,
        filename,
        *,
        title: str,
        as_of: str,
        options: BriefOptions,
        total_pages: int | None = None,
        draw: bool = True,
        **kw,
    ):
        paper = PAPERS.get(options.paper.lower())
        if paper is None:
            raise ValueError(
                _("paper must be letter or a4, not {paper!r}").format(paper=options.paper)
            )
        marking = " ".join(options.marking.split())
        extra = 0.0
        if marking:  # a marking of several lines pushes the page's body in
            size, lines = marking_lines(marking, paper[0] - 36 * mm)
            extra = (len(lines) - 1) * size * 1.2
        super().__init__(
            filename,
            pagesize=paper,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=22 * mm + extra,
            bottomMargin=20 * mm + extra,
            title=title,
            author=options.author,
            subject=_("minref briefing, data as of {as_of}").format(as_of=as_of),
            creator=f"minref {__version__}",
            keywords=[_("minerals"), _("briefing")],
            lang=PDF_LANG.get(i18n.current_language(), "en-US"),
            initialFontName=REGULAR,
            initialFontSize=8.6,
            **kw,
        )
        self.brief_title = title
        self.as_of = as_of
        self.total_pages = total_pages  # known on the second pass: "page x of y"
        self.options = options
        self.headings: list[tuple[int, str, int, str]] = []  # level, text, page, key
        self.at_top: set[str] = set()  # keys of the headings that open their page
        self._filled_page = 0  # the last page something other than a heading was drawn on
        self._cursor = (0, 0.0)  # the page, and the frame's cursor after the last flowable
        # A section's last block, tagged (see LAST_BLOCK): the page it starts on and whether
        # it opens that page (nothing drawn above it), i.e. holds a page of its own.
        self.tails: dict[str, tuple[int, bool]] = {}
        self.header_lines = 1  # 2: the running header is too long for one line (see build)
        frame = (Frame if draw else _LayoutFrame)(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        # Drawn when the page is done, so that the header can name the section the page
        # belongs to (a continuation page says which commodity its table is about).
        decorate = self._decorate if draw else _no_draw
        self.addPageTemplates([PageTemplate("page", [frame], onPageEnd=decorate)])

    def _decorate(self, canv, doc) -> None:
        w, h = doc.pagesize
        canv.saveState()
        # The marking, whole, at the top and the bottom of every page; the header and the
        # footer move clear of it when it takes more than one line.
        marking = " ".join(self.options.marking.split())
        header_y, rule_y, footer_y, low_rule_y = h - 12 * mm, h - 14 * mm, 11 * mm, 15 * mm
        if marking:
            size, lines = marking_lines(marking, w - 36 * mm)
            lead = size * 1.2
            canv.setFont(BOLD, size)
            canv.setFillColor(INK)
            first = h - 7 * mm
            last = 4.5 * mm
            for i, line in enumerate(lines):
                canv.drawCentredString(w / 2, first - i * lead, line)
                canv.drawCentredString(w / 2, last + (len(lines) - 1 - i) * lead, line)
            extra = (len(lines) - 1) * lead
            header_y, rule_y = header_y - extra, rule_y - extra
            footer_y, low_rule_y = footer_y + extra, low_rule_y + extra
        canv.setFillColor(MUTED)
        as_of = self._as_of_text()
        title = " ".join(self.brief_title.split())
        section = self.section_of_page(canv.getPageNumber())
        if self.header_lines == 1:  # "title · section" on the left, the data's date right
            room = w - 36 * mm - _header_width(as_of) - HEADER_GAP
            canv.setFont(REGULAR, HEADER_SIZE)
            canv.drawString(18 * mm, header_y, header_text(title, section, room, _header_width))
            canv.drawRightString(w - 18 * mm, header_y, as_of)
        else:  # "title · section" across the page, set smaller if need be; the date beneath
            room = w - 36 * mm
            size = HEADER_SIZE
            whole = header_whole(title, section)
            while size > HEADER_MIN_SIZE and _header_width(whole, size) > room:
                size -= 0.25
            text = header_text(title, section, room, lambda t: _header_width(t, size))
            canv.setFont(REGULAR, size)
            canv.drawString(18 * mm, header_y, text)
            canv.setFont(REGULAR, HEADER_SIZE)
            canv.drawRightString(w - 18 * mm, header_y - HEADER_LEAD, as_of)
            rule_y -= HEADER_LEAD
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(18 * mm, rule_y, w - 18 * mm, rule_y)
        canv.line(18 * mm, low_rule_y, w - 18 * mm, low_rule_y)
        legend, size = flag_legend(), 6.5
        room = w - 36 * mm - 24 * mm  # clear of "Page x of y" on the right
        while size > 5 and canv.stringWidth(legend, REGULAR, size) > room:
            size -= 0.25  # a longer translation is set smaller, never over the page number
        canv.setFont(REGULAR, size)
        canv.drawString(18 * mm, footer_y, legend)
        canv.setFont(REGULAR, 7.5)
        page = canv.getPageNumber()
        # "Page x of y" in one pass: y is a form drawn here and defined when the last page
        # is known (see FormCanvas), in a slot as wide as three digits.
        before, _sep, after = (
            _("Page {page} of {pages}").format(page=page, pages="\0").partition("\0")
        )
        slot = canv.stringWidth("999", REGULAR, 7.5)
        right = w - 18 * mm - canv.stringWidth(after, REGULAR, 7.5)
        canv.drawRightString(right - slot, footer_y, before)
        canv.saveState()
        canv.translate(right - slot, footer_y)
        canv.doForm(TOTAL_FORM)
        canv.restoreState()
        if after:
            canv.drawString(right, footer_y, after)
        canv.restoreState()

    def _as_of_text(self) -> str:
        return _("Data as of {as_of}").format(as_of=self.as_of)

    def build(self, flowables, *args, **kwargs):
        """Build the document; the running header takes two lines on every page when any
        page's "title · section" and the data's date do not fit on one (French and Spanish
        section names are long: the header read "Mexique–Éta… · …")."""
        title = " ".join(self.brief_title.split())
        room = self.pagesize[0] - 36 * mm - _header_width(self._as_of_text()) - HEADER_GAP
        sections = {
            f.outline_text for f in _walk(flowables) if isinstance(f, Heading) and f.level == 0
        }
        fits = all(_header_width(header_whole(title, s)) <= room for s in {"", *sections})
        self.header_lines = 1 if fits else 2
        # What the build changes on the flowables (a flowable put over to the next page is
        # marked so) is undone after it, as reportlab's multiBuild does between its passes,
        # so that a story laid out once can be built again.
        edits: list = []
        self._multiBuildEdits = edits.append
        try:
            super().build(flowables, *args, **kwargs)
        finally:
            del self._multiBuildEdits
            for undo, *what in edits:
                with contextlib.suppress(AttributeError):
                    undo(*what)

    def section_of_page(self, page: int) -> str:
        """The top-level section a page is in, the one the top of the page belongs to: the
        one whose heading opens the page (nothing but space above it), else the one that
        runs on from an earlier page (a page that opens with the end of one section, a
        table's last rows included, and starts the next is named after the first), else
        the first that starts on it (the first page, under the brief's title)."""
        top = [
            text
            for level, text, p, key in self.headings
            if level == 0 and p == page and key in self.at_top
        ]
        if top:
            return top[0]
        before = [text for level, text, p, _key in self.headings if level == 0 and p < page]
        if before:
            return before[-1]
        on_page = [text for level, text, p, _key in self.headings if level == 0 and p == page]
        return on_page[0] if on_page else ""

    def _moved_down(self) -> bool:
        """Whether the flowable just placed took room on its page: the frame's cursor is
        lower than after the flowable before it (or than the frame's top, on a new page).
        Every kind of flowable counts so, a table's part as a paragraph (a page that opened
        with the rest of a table held no drawing for the header to see: QA found the French
        Mexico–U.S. brief's page 7 named after the section that started below that table)."""
        frame = getattr(self, "frame", None)
        if frame is None:
            return False
        y = frame._y
        page, before = self._cursor
        if page != self.page:
            before = frame._y2 - frame._topPadding
        self._cursor = (self.page, y)
        return y < before - 0.01

    def afterFlowable(self, flowable) -> None:  # noqa: N802 (reportlab API)
        tail = getattr(flowable, LAST_BLOCK, None)
        if tail:
            self.tails[tail] = (self.page, self._filled_page != self.page)
        moved = self._moved_down()
        if moved and not isinstance(flowable, (Heading, Spacer)):  # CondPageBreak: a Spacer
            self._filled_page = self.page
        if isinstance(flowable, Heading):
            key = flowable.key
            if self._filled_page != self.page:
                self.at_top.add(key)
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(
                flowable.outline_text, key, level=flowable.level, closed=False
            )
            self.headings.append((flowable.level, flowable.outline_text, self.page, key))
        if self.options.cancelled and self.options.cancelled():
            raise BriefCancelled()


HEADER_SIZE, HEADER_MIN_SIZE = 7.5, 6.5  # points: the running header, and its smallest
HEADER_GAP = 6 * mm  # between the header's text and the data's date on one line
HEADER_LEAD = 3 * mm  # the second line of a two-line header (the date) sits this far below


def _header_width(text: str, size: float = HEADER_SIZE) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, REGULAR, size)


def _walk(flowables):
    """Every flowable of a story, those inside KeepTogether included."""
    for f in flowables:
        if isinstance(f, (list, tuple)):
            yield from _walk(f)
            continue
        yield f
        inner = getattr(f, "_content", None)
        if isinstance(inner, (list, tuple)):
            yield from _walk(inner)


# Where a header may be cut: before a space, or after a dash inside a compound
# ("Mexique–États-Unis"): never inside a word while a word's end is there to cut at.
_WORD_END = re.compile(r"(?= )|(?<=[–-])")


def _cut(text: str, room: float, width: Callable[[str], float]) -> str:
    """``text`` cut to ``room`` with "…", at a word's end (inside a word only when its first
    word alone does not fit)."""
    if width(text) <= room:
        return text
    for m in reversed(list(_WORD_END.finditer(text))):
        cut = text[: m.start()].rstrip(" ·,;:–-")
        if cut and width(cut + "…") <= room:
            return cut + "…"
    cut = text
    while cut and width(cut + "…") > room:
        cut = cut[:-1]
    return cut.rstrip(" ·,;:–-") + "…"


def header_whole(title: str, section: str) -> str:
    """The running header's "title · section" before any shortening; a section the title
    already names (a commodity brief's first section is the commodity) is not repeated."""
    if not section or section in title:  # "Antimonio: nota informativa", not "… · Antimonio"
        return title
    return f"{title} · {section}"


def header_text(title: str, section: str, room: float, width: Callable[[str], float]) -> str:
    """The running header's "title · section" in ``room``: the title is shortened first so
    that the section's name is read whole; the section is cut only if it alone leaves the
    title less than a fifth of the line.  A section the title already names (a commodity
    brief's first section is the commodity) is not repeated."""
    whole = header_whole(title, section)
    if whole == title:
        return _cut(title, room, width)
    if width(whole) <= room:
        return whole
    sep = " · "
    title_room = max(room - width(sep + section), room / 5)
    head = _cut(title, title_room, width)
    return _cut(head + sep + section, room, width)


MARKING_SIZES = (8.5, 7.5, 6.5)  # points; a long marking is set smaller before it wraps more


def marking_lines(marking: str, width: float) -> tuple[float, list[str]]:
    """A marking wrapped to the page width, whole: (font size, lines). One or two lines at
    8.5 pt; longer markings get a smaller size and up to four lines."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    for size in MARKING_SIZES:
        lines, line = [], ""
        for word in marking.split():
            trial = f"{line} {word}".strip()
            if stringWidth(trial, BOLD, size) <= width:
                line = trial
                continue
            if line:
                lines.append(line)
            while stringWidth(word, BOLD, size) > width:  # one very long word: cut it
                cut = len(word)
                while cut > 1 and stringWidth(word[:cut], BOLD, size) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        if line:
            lines.append(line)
        if len(lines) <= (2 if size == MARKING_SIZES[0] else 4):
            return size, lines
    logger.warning("a marking of %d characters takes %d lines", len(marking), len(lines))
    return MARKING_SIZES[-1], lines[:4]


def fact_table(facts: list[tuple[str, str, str]], st, width: float) -> Table:
    """The key-facts box: label, value (with source marker) and a detail line per cell."""
    cells = [
        [
            Paragraph(literal(label), st["fact_label"]),
            Paragraph(value, st["fact_value"]),
            Paragraph(detail, st["small"]),
        ]
        for label, value, detail in facts
    ]
    per_row = 3 if len(cells) > 4 else len(cells) or 1
    rows, row = [], []
    for c in cells:
        row.append(c)
        if len(row) == per_row:
            rows.append(row)
            row = []
    if row:
        rows.append(row + [""] * (per_row - len(row)))
    t = Table(rows, colWidths=[width / per_row] * per_row)
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.4, RULE),
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return t


# A data table split across pages keeps at least this many rows on each page (an orphan
# row on a page of its own read as a table of its own: the claim card's last year).
KEPT_ROWS = 3


def _kept_rows(rows: int) -> tuple[int, int]:
    """reportlab's rowSplitRange for a table of ``rows`` rows (header included): the first
    row after a split is at least the header and KEPT_ROWS rows in and leaves KEPT_ROWS
    rows behind; a table too short for both moves whole to the next page."""
    if rows - 1 < 2 * KEPT_ROWS:
        return rows + 1, rows + 1
    return 1 + KEPT_ROWS, rows - KEPT_ROWS


class KeptRowsTable(Table):
    """A table that splits across pages only where each page keeps KEPT_ROWS rows or more
    (each part of a split table checks its own rows again)."""

    def split(self, availWidth, availHeight):
        self._rowSplitRange = _kept_rows(len(self._cellvalues))
        return super().split(availWidth, availHeight)


class CarryRows(KeepTogether):
    """Flowables kept on one page, except that the table at ``table_at`` may split so that
    its last KEPT_ROWS rows or more go over with what follows it: a short table that would
    open a page alone (a commodity's HS codes) takes the end of the long table before it
    along, not the whole of it."""

    def __init__(self, flowables: list, table_at: int):
        super().__init__(flowables)
        self._table_at = table_at

    def split(self, availWidth, availHeight):  # noqa: N803 (reportlab API)
        if getattr(self, "_wrapInfo", None) != (availWidth, availHeight):
            self.wrap(availWidth, availHeight)
        content = self._content
        table = content[self._table_at] if self._table_at < len(content) else None
        if self._H <= availHeight or not isinstance(table, Table):
            return super().split(availWidth, availHeight)
        head, rest = content[: self._table_at], content[self._table_at + 1 :]
        head_h = _listWrapOn(head, availWidth, self.canv)[1] if head else 0.0
        table.wrapOn(self.canv, availWidth, availHeight)
        kept = sum(table._rowHeights[-KEPT_ROWS:])
        # the title's space after it and the table's before it, and a point to spare
        spaces = (head[-1].getSpaceAfter() if head else 0) + table.getSpaceBefore() + 1
        room = min(availHeight - head_h - spaces, table._height - kept)
        parts = table.split(availWidth, room) if room > 0 else []
        if len(parts) != 2:  # too short to split, or nothing of it fits: all go over
            return super().split(availWidth, availHeight)
        return [*head, parts[0], KeepTogether([parts[1], *rest])]


CELL_PADDING = 6  # a data table's left and right padding together (3 + 3)


def word_widths(body: list[list[Paragraph]], widths: list[float]) -> list[float]:
    """``widths`` with every column at least as wide as its longest word, in the font it
    is printed in (bold headers and highlighted rows included), so that reportlab never
    splits a word across lines ("no calcu / lable"); the room is taken from the columns
    that have more than they need, in proportion to what they can spare. A table whose
    words cannot all fit keeps the widths it was given."""
    need = [
        max((cell.minWidth() for row in body for cell in row[i : i + 1]), default=0)
        + CELL_PADDING
        + 0.5
        for i in range(len(widths))
    ]
    short = sum(max(n - w, 0) for w, n in zip(widths, need, strict=True))
    if not short:
        return list(widths)
    spare = sum(max(w - n, 0) for w, n in zip(widths, need, strict=True))
    if spare < short:
        return list(widths)
    return [n if w <= n else w - (w - n) * short / spare for w, n in zip(widths, need, strict=True)]


def data_table(
    header: list[str],
    rows: list[list[str]],
    st,
    width: float,
    col_widths: list[float] | None = None,
    numeric_from: int = 1,
    highlight_rows: set[int] | None = None,
    left_cols: set[int] | None = None,
) -> Table:
    """A data table whose rows never split across pages, nor leave fewer than KEPT_ROWS
    rows on a page; header repeats on each page."""
    body = [
        [
            Paragraph(
                literal(h),
                st["cellr"] if i >= numeric_from and i not in (left_cols or ()) else st["cell"],
            )
            for i, h in enumerate(header)
        ]
    ]
    marked = highlight_rows or set()
    for n, r in enumerate(rows):
        cells = []
        for i, c in enumerate(r):
            text = c if isinstance(c, Markup) else literal(c)
            if n in marked:  # bold as well as shaded: the row still stands out in grey print
                text = f"<b>{text}</b>"
            right = i >= numeric_from and i not in (left_cols or ())
            cells.append(Paragraph(text, st["cellr"] if right else st["cell"]))
        body.append(cells)
    if col_widths is None:
        first = width * 0.3
        rest = (width - first) / max(len(header) - 1, 1)
        col_widths = [first] + [rest] * (len(header) - 1)
    col_widths = word_widths(body, col_widths)
    t = KeptRowsTable(body, colWidths=col_widths, repeatRows=1, splitByRow=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for i in highlight_rows or ():
        style.append(("BACKGROUND", (0, i + 1), (-1, i + 1), MEXICO_SHADE))
    t.setStyle(TableStyle(style))
    return t


def source_annex(cit: Citations, st) -> list[Flowable]:
    """Numbered sources: organisation, dataset, edition, DOI or address, licence, attribution."""
    out: list[Flowable] = [Heading(_("Sources"), st["h1"], 0, "annex")]
    intro = _(
        "Each figure's marker [n] refers to the source below. Figures are "
        "printed as published: a withheld (W), not available (NA) or bounded "
        "(>95) value is shown as such, never as zero or an estimate of our "
        "own. Ranks are among the countries the source lists."
    )
    if i18n.current_language() != "en":
        # minref's own notes, licence lines and edition words are translated
        # (briefing.source_text); what the sources publish is quoted as published.
        intro += " " + _(
            "Source titles, citations, data owners' licences and descriptions are quoted as "
            "published, in their original language."
        )
    out.append(Paragraph(literal(intro), st["small"]))
    out.append(Spacer(1, 4))
    for i, sid in enumerate(cit.order, start=1):
        s = cit.sources[sid]
        where = f"doi:{s.doi}" if s.doi else s.url
        notes = source_text.notes(s.notes)
        text = (
            f"<b>[{i}]</b> {literal(source_text.organisation(s.organisation))}. "
            f"<i>{literal(source_text.title(s.dataset))}</i>. "
            f"{literal(source_text.edition(s.edition))}."
            + (f" {literal(where)}." if where else "")
            + " "
            + literal(
                _("Licence: {licence}.").format(licence=source_text.licence(s.licence).rstrip("."))
            )
            + " "
            + literal(
                _("Attribution: {attribution}.").format(
                    attribution=source_text.attribution(s.attribution).rstrip(".")
                )
            )
            + (f" {literal(notes)}" if notes else "")
        )
        out.append(Paragraph(text, st["body"]))
        out.append(Spacer(1, 2))
    return out


TOTAL_FORM = "minref-total-pages"


def page_form(key: str) -> str:
    """The name of the form that prints the page a heading landed on."""
    return "minref-page-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in key)


FORM_RIGHT = 40.0  # points: room for a page number inside its form


class PageRef(Flowable):
    """A heading's page number in the contents, printed once the page is known."""

    def __init__(self, key: str, width: float, height: float = 9):
        super().__init__()
        self.key, self.width, self.height = key, width, height

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        self.canv.saveState()
        # The form's box starts at its origin and clips what lies left of it: the number is
        # drawn right-aligned at FORM_RIGHT inside the form, so the form starts that far left.
        self.canv.translate(self.width - FORM_RIGHT, 1.5)
        self.canv.doForm(page_form(self.key))
        self.canv.restoreState()


class FormCanvas(Canvas):
    """A canvas that defines, when the document is done, the forms the pages refer to: the
    total page count and the page of every heading (so a brief is built in one pass)."""

    def __init__(self, doc: BriefDocument, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._minref_doc = doc
        self._minref_forms: set[str] = set()

    def doForm(self, name):  # noqa: N802 (reportlab API)
        self._minref_forms.add(name)
        super().doForm(name)

    def _define(self, name: str, text: str, right: bool) -> None:
        self.beginForm(name)
        self.setFont(REGULAR, 7.4 if right else 7.5)
        self.setFillColor(INK if right else MUTED)
        if right:
            self.drawRightString(FORM_RIGHT, 0, text)
        else:
            self.drawString(0, 0, text)
        self.endForm()

    def save(self):
        doc = self._minref_doc
        pages = {page_form(key): page for _level, _text, page, key in doc.headings}
        self._define(TOTAL_FORM, str(doc.page), right=False)
        for name in sorted(self._minref_forms - {TOTAL_FORM}):
            self._define(name, str(pages.get(name, "")), right=True)
        super().save()


def contents(
    entries: list[tuple[int, str, str]], pages: dict[str, int] | None, st
) -> list[Flowable]:
    """A contents page from the headings the brief will hold (level, text, key).

    The page numbers are forms defined when the document is done (:class:`FormCanvas`),
    so the contents is right after a single pass.
    """
    rows = [
        [
            Paragraph(("&nbsp;" * 4 * level) + literal(text), st["cell"]),
            PageRef(key, 18 * mm),
        ]
        for level, text, key in entries
        if level <= 1
    ]
    t = Table(rows, colWidths=[140 * mm, 20 * mm], splitByRow=1)
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return [Heading(_("Contents"), st["h1"], 0, "contents"), t, Spacer(1, 10)]


def write_pdf(out: str | Path, build: Callable[[str], None]) -> Path:
    """Run ``build(tmp_path)`` and move the result to ``out``; leave nothing on failure.

    Through minref.files (the path check, fsync before and after the rename, and removal
    of the temporary files a killed build left), with the same messages as every writer.
    """
    from minref.files import OutputError, write_via_temp

    try:
        return write_via_temp(out, build)
    except OutputError as exc:
        raise BriefWriteError(str(exc)) from None


def build_document(
    path, title: str, as_of: str, opts: BriefOptions, story_fn, draw: bool = True
) -> BriefDocument:
    """Build the document in one pass and return it (its pages, headings and tails);
    ``path`` may be a file's path or a binary stream; ``draw`` False: the flowables are laid
    out, not drawn (a layout tried for where its parts land, then thrown away)."""
    t0 = time.perf_counter()
    doc = BriefDocument(path, title=title, as_of=as_of, options=opts, draw=draw)
    doc.build(story_fn(None), canvasmaker=lambda *a, **k: FormCanvas(doc, *a, **k))
    logger.debug("built %s in %.2f s (%d pages)", path, time.perf_counter() - t0, doc.page)
    return doc


def build_story(path: str, title: str, as_of: str, opts: BriefOptions, story_fn) -> int:
    """Build the document in one pass; "page x of y" and the contents' page numbers are
    forms filled in when the last page is known.

    ``story_fn(pages)`` returns the flowables (``pages`` is None: kept for the story
    functions that once took the pages of a first pass).  Returns the number of pages.
    """
    t0 = time.perf_counter()
    doc = build_document(path, title, as_of, opts, story_fn)
    logger.info("built %s in %.2f s (%d pages)", path, time.perf_counter() - t0, doc.page)
    return doc.page
