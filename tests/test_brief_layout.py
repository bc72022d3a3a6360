"""Printed briefs, page by page (found by QA):

- A commodity brief could end on a page that held only its HS-codes table (Spanish and
  French fluorspar, rare earths, titanium on A4...): the section is laid out again so that
  the table fits the page before (a shorter chart, or the table placed earlier), or, where
  nothing fits, it goes over with the end of the block before it; no code is dropped.
- The running header was cut in French and Spanish ("Mexique–Éta… · …"): a header too long
  for one line takes two (title · section across the page, the data's date beneath), and a
  header that must still be shortened is cut at a word's end."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from minref.briefing import kinds
from minref.briefing.document import BriefOptions, header_text

HS_HEADING = {"en": "HS codes", "es": "Códigos SA", "fr": "Codes SH"}
DATA_AS_OF = {"en": "Data as of", "es": "Datos:", "fr": "Données :"}


# A heading's source marker ("Códigos SA[8, 9]") is set higher: pypdf's layout reads it
# as a line of its own, above the heading.
MARKER = re.compile(r"\[[\d, ]+\]")


def page_lines(path) -> list[list[str]]:
    """Each page's lines, top to bottom, without blank ones nor markers' lines."""
    return [
        [
            line.strip()
            for line in page.extract_text(extraction_mode="layout").splitlines()
            if line.strip() and not MARKER.fullmatch(line.strip())
        ]
        for page in PdfReader(str(path)).pages
    ]


def body_of(lines: list[str], lang: str) -> list[str]:
    """A page's lines below its running header (one line, or two: the date beneath)."""
    header = 2 if len(lines) > 1 and lines[1].startswith(DATA_AS_OF[lang]) else 1
    return lines[header:]


def write(catalog, tmp_path, kind, targets, lang, paper="letter"):
    out = tmp_path / f"{kind}-{'-'.join(targets) or 'brief'}-{lang}-{paper}.pdf"
    kinds.write(kind, catalog, targets, out, BriefOptions(lang=lang, paper=paper))
    return out


@pytest.mark.parametrize(
    ("lang", "paper", "cid", "pages", "codes"),
    [
        # each of these ended on a page with the HS codes alone, a page more than here
        ("es", "letter", "fluorspar", 3, ["2529.21", "2529.22"]),
        ("fr", "letter", "fluorspar", 3, ["2529.21", "2529.22"]),
        ("en", "letter", "rare-earths", 3, ["2805.30", "2846.10", "2846.90", "8505.11"]),
        ("fr", "letter", "rare-earths", 3, ["2805.30", "2846.10", "2846.90", "8505.11"]),
        ("es", "a4", "titanium", 3, ["2614.00", "2823.00", "8108.20", "8108.30", "8108.90"]),
        ("en", "a4", "pgm", 2, ["2616.90", "7110.11", "7110.21", "7110.31", "7110.41"]),
    ],
)
def test_the_hs_codes_fit_the_page_before_and_save_a_sheet(
    catalog, tmp_path, lang, paper, cid, pages, codes
):
    pdf = page_lines(write(catalog, tmp_path, "commodity", [cid], lang, paper))
    assert len(pdf) == pages  # the last page is the sources annex
    assert body_of(pdf[-1], lang)[0] == {"en": "Sources", "es": "Fuentes", "fr": "Sources"}[lang]
    at = [i for i, page in enumerate(pdf) if any(x.startswith(HS_HEADING[lang]) for x in page)]
    assert len(at) == 1
    body = body_of(pdf[at[0]], lang)
    assert not body[0].startswith(HS_HEADING[lang])  # the table shares its page
    text = "\n".join("\n".join(page) for page in pdf)
    for code in codes:  # every code is printed, once
        assert text.count(code) == 1, code


@pytest.mark.parametrize(
    ("lang", "cid", "before"),
    [
        # nothing fits the page before: the table goes over with what precedes it
        ("fr", "chromium", "Autres pays Total imports"),  # the end of the import sources
        ("en", "pgm", "Platinum-group metals: world production by country, 2025"),  # the chart
        ("en", "boron", "U.S. import sources, 2021-24 average (%)"),  # the whole table
    ],
)
def test_hs_codes_that_cannot_fit_go_over_with_the_block_before(
    catalog, tmp_path, lang, cid, before
):
    pdf = page_lines(write(catalog, tmp_path, "commodity", [cid], lang))
    at = [i for i, page in enumerate(pdf) if any(x.startswith(HS_HEADING[lang]) for x in page)]
    assert len(at) == 1 and at[0] > 0
    body = body_of(pdf[at[0]], lang)
    heading = next(i for i, line in enumerate(body) if line.startswith(HS_HEADING[lang]))
    assert heading > 0  # not alone: something of the section is above it on its page
    above = [" ".join(line.split()) for line in body[:heading]]
    assert any(line.startswith(before) for line in above), above


def test_no_hs_table_opens_a_page_in_a_pack(catalog, tmp_path):
    ids = ["silver", "fluorspar", "chromium", "pgm", "rare-earths", "boron", "zinc"]
    for lang in ("es", "fr"):
        path = write(catalog, tmp_path, "pack", ids, lang)
        pdf = page_lines(path)
        heading = HS_HEADING[lang]
        opened = [n for n, page in enumerate(pdf, 1) if body_of(page, lang)[0].startswith(heading)]
        held = [n for n, page in enumerate(pdf, 1) if any(x.startswith(heading) for x in page)]
        assert opened == [] and len(held) == len(ids)  # one HS table a commodity, none alone


def test_a_header_is_cut_at_a_words_end():
    def width(text: str) -> float:
        return float(len(text))  # one point a character

    title = "Mexique–États-Unis : note d'information sur les minéraux"
    # the QA's "Mexique–Éta…": the cut falls at the end of the compound's first word
    assert header_text(title, "", 12, width) == "Mexique…"
    assert header_text(title, "", 22, width) == "Mexique–États-Unis…"
    assert header_text(title, "", 40, width) == "Mexique–États-Unis : note d'information…"
    # a single word longer than the room is the one case cut inside a word
    assert header_text("Approvisionnement", "", 8, width) == "Approvi…"


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
@pytest.mark.parametrize(
    ("kind", "targets"),
    [
        ("commodity", ["silver"]),
        ("country", ["MEX"]),
        ("mexico-us", []),
        ("rare-earths", []),
        ("supply", []),
    ],
)
def test_running_headers_are_whole(catalog, tmp_path, kind, targets, lang):
    pdf = page_lines(write(catalog, tmp_path, kind, targets, lang))
    for page in pdf:
        lines = page
        head = " ".join(lines[0].split())
        assert "…" not in head, head
        stamp = lines[0] if DATA_AS_OF[lang] in lines[0] else lines[1]
        assert DATA_AS_OF[lang] in stamp and "…" not in stamp


# Sections of the Mexico–U.S. brief that open or run onto a page, as its headers name them,
# whole, in each language (the list overlap starts below the end of the import shares: the
# header of its page names the shares, see tests/test_brief_running_headers.py).
MEXICO_US_SECTIONS = {
    "en": [
        "Mexico's standing in world production",
        "Trade with the United States by HS heading",
        "Mexico's share of U.S. imports by commodity",
    ],
    "es": [
        "Posición de México en la producción mundial",
        "Comercio con Estados Unidos por partida del SA",
        "Participación de México en las importaciones de EE. UU. por producto",
    ],
    "fr": [
        "Place du Mexique dans la production mondiale",
        "Commerce avec les États-Unis par position du SH",
        "Part du Mexique dans les importations des États-Unis par produit",
    ],
}
TITLES = {
    "en": "Mexico–United States: minerals briefing",
    "es": "México–Estados Unidos: nota informativa sobre minerales",
    "fr": "Mexique–États-Unis : note d'information sur les minéraux",
}


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_mexico_us_headers_name_title_and_section_in_full(catalog, tmp_path, lang, paper):
    pdf = page_lines(write(catalog, tmp_path, "mexico-us", [], lang, paper))
    heads = [" ".join(page[0].split()) for page in pdf if page]
    for section in MEXICO_US_SECTIONS[lang]:
        assert f"{TITLES[lang]} · {section}" in heads, (section, heads)
    # the date moves beneath the line that needs the page's width, on every page alike
    for page in pdf:
        assert page[1].startswith(DATA_AS_OF[lang]), page[:2]
