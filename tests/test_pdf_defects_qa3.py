"""QA round 3 on the PDF briefs: a table cell never splits a word across lines
("no calcu / lable"); the supply brief's second table says what its marks mean; the
running header names the section the page is in, not cut to a few letters; the trade
chart's legend prints the series' names whole."""

from __future__ import annotations

import re

import pytest

from minref.cli import main
from tests.pdftext import pdf_text

BRIEFS = [
    ("supply", None),
    ("commodity", "silver"),
    ("mexico-us", None),
    ("country", "MEX"),
    ("rare-earths", None),
    ("pack", "silver,copper,lithium"),
]


def _pdftotext(path, *args) -> str:
    return pdf_text(path, "-layout", *args)


def _brief(catalog_path, tmp_path, lang, kind, target=None, paper="letter"):
    out = tmp_path / f"{kind}-{lang}.pdf"
    args = ["--catalog", str(catalog_path), "--lang", lang, "brief", kind]
    args += [target] if target else []
    assert main([*args, "--paper", paper, "--out", str(out)]) == 0
    return out


# The marks the tables print, whole, in each language: a line of the PDF's text never holds
# a piece of one (the QA saw "calcu" / "lable", "decla" / "rado", "calc" / "ulable").
WORDS = {
    "en": ["calculable", "stated"],
    "es": ["calculable", "declarado", "unidad"],
    "fr": ["calculable", "déclaré", "unité"],
}


REAL_WORDS = {"declara", "state", "able", "calcul"}  # pieces that are words of their own


def _fragments(word: str) -> set[str]:
    pieces = {word[:k] for k in range(4, len(word))} | {word[k:] for k in range(1, len(word) - 3)}
    return pieces - REAL_WORDS


@pytest.mark.parametrize("lang", ["es", "fr", "en"])
def test_no_table_cell_splits_a_mark_across_lines(catalog_path, tmp_path, lang):
    pieces = set().union(*(_fragments(w) for w in WORDS[lang]))
    for kind, target in BRIEFS:
        text = _pdftotext(_brief(catalog_path, tmp_path, lang, kind, target))
        tokens = set(re.findall(r"\w+", text))
        assert not tokens & pieces, (kind, lang, sorted(tokens & pieces))


def test_the_supply_tables_marks_are_whole_on_a4_too(catalog_path, tmp_path):
    text = _pdftotext(_brief(catalog_path, tmp_path, "fr", "supply", paper="a4"))
    tokens = set(re.findall(r"\w+", text))
    assert not tokens & (_fragments("calculable") | _fragments("déclaré"))


def _legend_of_north_america_table(text: str, start: str) -> str:
    flat = " ".join(text.split())
    at = flat.index(start)
    return flat[at : at + 1400]


def test_the_north_america_tables_legend_says_what_its_marks_mean(catalog_path, tmp_path):
    text = _pdftotext(_brief(catalog_path, tmp_path, "en", "supply"))
    assert "not calculable" in text and "not stated" in text  # the table shows both marks
    legend = _legend_of_north_america_table(text, "Percent. prod./res.:")
    assert "W = withheld. XX = not applicable;" in legend
    assert "'not calculable' is minref's own mark, not USGS's: no share can be computed" in legend
    assert (
        "'not stated' (USMCA): none of the three countries' figures is stated as a number "
        "(withheld, not available or not listed), so there is no sum; it is not zero."
    ) in legend


def test_the_north_america_tables_legend_in_spanish(catalog_path, tmp_path):
    text = _pdftotext(_brief(catalog_path, tmp_path, "es", "supply"))
    legend = _legend_of_north_america_table(text, "Porcentajes. prod./res.:")
    assert "«no calculable» es la marca propia de minref, no del USGS" in legend
    assert "«no declarado» (T-MEC): ninguna de las cifras de los tres países" in legend


def test_the_header_shortens_the_title_before_the_section():
    from minref.briefing.document import header_text

    def width(text: str) -> float:
        return float(len(text))  # one point a character

    title, section = "Mexico–United States minerals brief", "Gaps in the data"
    assert header_text(title, section, 60, width) == f"{title} · {section}"
    assert header_text(title, section, 40, width) == "Mexico–United States… · Gaps in the data"
    assert header_text(title, "", 20, width) == "Mexico–United…"
    assert header_text(title, title, 60, width) == title
    # A commodity brief's first section is the commodity the title names: said once (the
    # header read "Antimonio: nota informativa · Antimonio", found by QA in the built app).
    assert header_text("Antimonio: nota informativa", "Antimonio", 60, width) == (
        "Antimonio: nota informativa"
    )


def _pages(path) -> list[str]:
    return _pdftotext(path).split("\f")


def test_the_header_names_the_section_in_full_in_the_mexico_us_brief(catalog_path, tmp_path):
    heads = [
        p.strip().splitlines()[0]
        for p in _pages(_brief(catalog_path, tmp_path, "es", "mexico-us"))
        if p.strip()
    ]
    assert "· Posición de México en la producción mundial" in heads[0]
    assert any("· Comercio con Estados Unidos por partida del SA" in h for h in heads)
    # the list overlap starts below the end of the import shares' table: the page is named
    # after the section its top belongs to (tests/test_brief_running_headers.py)
    assert any("· Participación de México en las importaciones de EE. UU." in h for h in heads)


def test_a_page_that_opens_inside_a_section_is_named_after_it(catalog_path, tmp_path):
    pages = _pages(_brief(catalog_path, tmp_path, "es", "supply"))
    iea = "Perspectivas de la AIE: refinación y demanda"
    page = next(p for p in pages if iea in "\n".join(p.strip().splitlines()[1:]))
    body = [line for line in page.strip().splitlines()[1:] if line.strip()]
    assert iea not in body[0]  # the page opens with the end of the section before
    assert "· La aportación de México, mineral por mineral" in page.strip().splitlines()[0]
