"""A figure and the mark that qualifies it are never split across lines in a PDF: a narrow
table cell "0.097 e" printed "0.097" on one line and "e" alone on the next (the supply
brief's cobalt and graphite rows, in Spanish).  The number is never split either, nor a
French figure at its narrow no-break spaces; and the column that holds the joined figure
is as wide as it, so the cell does not run into its neighbour."""

from __future__ import annotations

import re
from html import unescape

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import SimpleDocTemplate

from minref.briefing.document import CELL_PADDING, Paragraph, data_table, styles
from minref.briefing.fonts import REGULAR
from minref.cli import main
from tests.pdftext import pdf_text

MARKS = {"e", "r", "er", "re"}  # minref's marks after a number: estimated, revised


def _words(path) -> list[tuple[int, float, float, float, float, str]]:
    """Every word of the PDF as pdftotext -bbox finds it: (page, x0, y0, x1, y1, text)."""
    xml = pdf_text(path, "-bbox")
    out, page = [], 0
    for line in xml.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>',
            line,
        )
        if m:
            x0, y0, x1, y1 = map(float, m.groups()[:4])
            out.append((page, x0, y0, x1, y1, unescape(m[5])))
    return out


def _neighbour(words, w, side: str, gap: float = 3.5):
    """The word just left or right of ``w`` on its line (within a space's width), or None."""
    page, x0, y0, x1, _y1, _t = w
    for o in words:
        if o is w or o[0] != page or abs(o[2] - y0) > 1:
            continue
        if side == "left" and 0 <= x0 - o[3] <= gap:
            return o
        if side == "right" and 0 <= o[1] - x1 <= gap:
            return o
    return None


FIGURE_END = re.compile(r"\d%?$|%$|—$")  # how a figure's last word ends ("0.097", "77%", "—")


def _lone_marks(words) -> list[tuple[int, str, str]]:
    """Marks a line break has cut from their figure: a mark word ("e", "e)", "er,") that
    follows a figure in reading order but not on the figure's line, just after it; or a
    mark with nothing beside it on its line at all (a cell's second line holding "e"
    alone).  A legend's "e = estimated" follows no figure and has a word just right of it."""
    lone = []
    for i, w in enumerate(words):
        if w[5].strip("()[],;.:") not in MARKS:
            continue
        prev = words[i - 1] if i else None
        figure = prev is not None and FIGURE_END.search(prev[5].strip("()"))
        if figure:
            if _neighbour(words, w, "left") is prev:
                continue
        elif _neighbour(words, w, "left") or _neighbour(words, w, "right"):
            continue
        lone.append((w[0], prev[5] if prev else "", w[5]))
    return lone


# Figures as minref prints them in a table: en/es-MX, and fr-FR (narrow no-break spaces
# between thousands, a no-break space before %).
FIGURES = [
    "0.097 e",
    "0.041 e",
    "12.5 er",
    "77% e",
    "1,234.5 e",
    "75\u202f000\u202f000 e",
    "6,1\u00a0% e",
    "— e",
]


def _narrow_table_pdf(path, figure: str) -> list[float]:
    """A real data_table whose figure column is given just the width of the number: the
    figure and its mark fit only on two lines.  Returns the columns' widths as printed."""
    st = styles()
    number = stringWidth(figure.rsplit(" ", 1)[0], REGULAR, 7.4)
    widths = [150.0, number + CELL_PADDING + 1, 60.0]
    rows = [["Cobalto", figure, "NEXT"], ["Grafito (natural)", figure, "NEXT"]]
    table = data_table(["Mineral", "MX", "Other"], rows, st, sum(widths), col_widths=widths)
    doc = SimpleDocTemplate(str(path), leftMargin=36, rightMargin=36, topMargin=36)
    doc.build([Paragraph("Narrow figure column", st["body"]), table])
    return list(table._colWidths)


@pytest.mark.parametrize("figure", FIGURES)
def test_a_figure_keeps_its_mark_on_its_line_in_a_narrow_column(tmp_path, figure):
    out = tmp_path / "narrow.pdf"
    widths = _narrow_table_pdf(out, figure)
    words = _words(out)
    assert not _lone_marks(words), _lone_marks(words)
    # the number whole (French groups and all), its mark, then the next column: one line
    number, mark = figure.rsplit(" ", 1)
    pieces = number.replace("\u202f", " ").replace("\u00a0", " ").split()
    starts = [w for w in words if w[5] == pieces[0]]
    assert len(starts) == 2, (figure, starts)
    for first in starts:
        line = [w for w in words if w[0] == first[0] and abs(w[2] - first[2]) <= 1]
        line_text = " ".join(w[5] for w in sorted(line, key=lambda w: w[1]))
        assert line_text.endswith(f"{' '.join(pieces)} {mark} NEXT"), (figure, line_text)
    # the column grew to hold the joined figure (room taken from the first column), and
    # the figure does not run into the column to its right
    assert widths[1] >= stringWidth(figure.replace(" ", "\u00a0"), REGULAR, 7.4) + CELL_PADDING
    assert sum(widths) == pytest.approx(150.0 + 60.0 + stringWidth(number, REGULAR, 7.4) + 7)
    for n in (w for w in words if w[5] == "NEXT"):
        left = [w for w in words if w[0] == n[0] and abs(w[2] - n[2]) <= 1 and w[3] <= n[1]]
        assert max(w[3] for w in left) <= n[1] - CELL_PADDING + 0.5


def test_a_mark_after_a_figure_in_running_text_stays_with_it(tmp_path):
    """Prose too: "Bismuto 86.0 e", "Chile (23.0 e)" never end a line at the number."""
    st = styles()
    out = tmp_path / "prose.pdf"
    # every width from a few words a line to the whole sentence: each one would break
    # before some mark if it could
    for room in range(40, 200, 4):
        doc = SimpleDocTemplate(str(out), leftMargin=36, rightMargin=36, topMargin=36)
        doc.build([_Narrow(room, PROSE, st["cell"])])
        words = _words(out)
        assert not _lone_marks(words), (room, _lone_marks(words))


PROSE = "Bismuto 86.0 e, Chile (23.0 e) y Perú 0.097 e; resto 14.0 e; Canadá 12.5 er."


class _Narrow(Paragraph):
    """A paragraph set in a column ``room`` points wide."""

    def __init__(self, room: float, text: str, style):
        super().__init__(text, style)
        self.room = room

    def wrap(self, avail_width, avail_height):
        return super().wrap(self.room, avail_height)


def test_the_spanish_supply_brief_keeps_every_mark_with_its_figure(catalog_path, tmp_path):
    out = tmp_path / "abasto.pdf"
    assert main(["--catalog", str(catalog_path), "--lang", "es", "brief", "supply",
                 "--out", str(out)]) == 0  # fmt: skip
    words = _words(out)
    assert not _lone_marks(words), _lone_marks(words)
    # the figures the QA saw cut ("0.097" / "e", cobalt; "0.041" / "e", graphite)
    for number in ("0.097", "0.041"):
        after = [_neighbour(words, w, "right") for w in words if w[5] == number]
        assert any(r is not None and r[5] == "e" for r in after), (number, after)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_supply_brief_keeps_every_mark_with_its_figure(catalog_path, tmp_path, lang):
    out = tmp_path / f"supply-{lang}.pdf"
    assert main(["--catalog", str(catalog_path), "--lang", lang, "brief", "supply",
                 "--out", str(out)]) == 0  # fmt: skip
    words = _words(out)
    assert not _lone_marks(words), _lone_marks(words)


def test_only_a_mark_after_a_figure_is_joined_to_it():
    from minref.briefing.document import unbreakable

    nb = "\u00a0"
    assert unbreakable("0.097 e") == f"0.097{nb}e"
    assert unbreakable("12.5 er, 77% e; — e") == f"12.5{nb}er, 77%{nb}e; —{nb}e"
    assert unbreakable("Chile (23.0 e)<super>[1]</super>") == f"Chile (23.0{nb}e)<super>[1]</super>"
    assert unbreakable("75\u202f000 e") == f"75{nb}000{nb}e"  # French groups, then the mark
    # words that only start like a mark, and a mark after a word, keep their spaces
    assert unbreakable("in 2020 era, 3 e.g. 5 rows") == "in 2020 era, 3 e.g. 5 rows"
    assert unbreakable("no calculable e") == "no calculable e"
