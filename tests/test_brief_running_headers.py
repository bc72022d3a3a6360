"""Printed briefs and books, page by page (found by QA):

- A number and its unit were parted at a line's end: the French rare-earths brief printed
  "de 14 633 à 304 114" on one line and "$ US par an" on the next. An amount and its unit
  (US$, $ US, %, t, a scale word, a catalog unit) are joined with no-break spaces.
- The running header named the section that starts lower on the page while the page opened
  with the rest of the section before (the French Mexico–U.S. brief's page 7 opened with the
  end of the import-shares table under the list overlap's name): a table's part drawn at the
  top of a page was not counted as drawn. The header names the section the top of the page
  belongs to: the section whose heading opens the page, else the one that runs on from an
  earlier page (on the first page, the first section that starts on it).
- Briefing books were laid out in one pass, so a commodity section could end with its
  HS-codes table alone on a page: books are laid out as packs are (briefs.build_settled)."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from minref import i18n
from minref.briefing import document, kinds
from minref.briefing.document import BriefOptions, unbreakable
from tests.test_brief_layout import HS_HEADING, body_of, page_lines

NB = "\u00a0"


def write(catalog, tmp_path, kind, targets, lang, paper="letter"):
    out = tmp_path / f"{kind}-{'-'.join(targets) or 'brief'}-{lang}-{paper}.pdf"
    kinds.write(kind, catalog, targets, out, BriefOptions(lang=lang, paper=paper))
    return out


# ---- an amount and its unit ------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "joined"),
    [
        # the QA's line, and the other amounts the briefs print, in each language
        ("fr", "de 14\u202f633 à 304\u202f114 $ US par an", f"304{NB}114{NB}${NB}US par an"),
        ("fr", "sous 1 million de $ US par an", f"1{NB}million{NB}de{NB}${NB}US par an"),
        ("fr", "(190 000 kilogrammes) · Spath", f"000{NB}kilogrammes)"),
        ("fr", "(110 000 tonnes métriques) ; Chine", f"000{NB}tonnes{NB}métriques)"),
        ("fr", "Valeur, millions de $ US, selon", f"millions de ${NB}US,"),
        ("es", "por debajo de US$1 millón al año", f"US$1{NB}millón al año"),
        ("es", "US$2.65 mil millones en 2024", f"US$2.65{NB}mil{NB}millones en"),
        ("es", "México, 600 toneladas métricas. [1]", f"600{NB}toneladas{NB}métricas."),
        ("en", "US$1.29 billion in 2021", f"US$1.29{NB}billion in"),
        ("en", "Mexico, 1,500 thousand metric tons. [1]", f"1,500{NB}thousand{NB}metric{NB}tons."),
        ("en", "(16,000 metric tons); China", f"16,000{NB}metric{NB}tons)"),
        ("en", "each under US$1 million a year", f"US$1{NB}million a year"),
        ("en", "Top-3 %", f"Top-3{NB}%"),
        ("en", "beyond US$ 12", f"US${NB}12"),
        ("en", "12 t of ore, 3 kt", f"12{NB}t of ore, 3{NB}kt"),
    ],
)
def test_an_amount_and_its_unit_are_joined(lang, text, joined):
    with i18n.using(lang):
        assert joined in unbreakable(text)


@pytest.mark.parametrize(
    "text",
    [
        "from 2015 to 2019",  # a year is no amount, "to" no unit
        "HS 2846 compounds",
        "in 2020 era, 3 e.g. 5 rows",
        '<super rise="3" size="6">[1]</super>',  # markup is left alone
        "1 million de personnes",  # "de" joins a scale word to a unit only
    ],
)
def test_text_that_is_no_amount_is_left_alone(text):
    with i18n.using("fr"):
        out = unbreakable(text)
    assert out.replace(NB, " ") == text
    if "personnes" in text:
        assert out == f"1{NB}million de personnes"


def test_a_long_unit_keeps_only_its_first_word_with_the_figure():
    with i18n.using("fr"):
        out = unbreakable("12 dollars par unité de tonne métrique sèche")
    assert out == f"12{NB}dollars par unité de tonne métrique sèche"


# The first words a line may not start with after a line that ends in a figure, and the
# marks a line may not end with before the rest of its amount.
UNIT_START = re.compile(
    r"^(\$|US\$|US(?![\w-])|%|t\b|kt\b|kg\b|millions?\b|millón|millones|mil\b|milliards?\b|billion|"
    r"thousand|metric|tonnes?\b|toneladas?\b|kilogram|dollars|dólares|de \$)"
)


def _line_texts(p) -> list[str]:
    lines = getattr(p, "blPara", None)
    if lines is None:
        return []
    if lines.kind == 0:
        return [" ".join(words) for _extra, words in lines.lines]
    return ["".join(getattr(f, "text", "") for f in line.words) for line in lines.lines]


@pytest.fixture
def line_breaks(monkeypatch):
    """Every line break of every paragraph wrapped: (end of a line, start of the next)."""
    seen: list[tuple[str, str]] = []
    wrap = document._Paragraph.wrap

    def recording(self, *args):
        out = wrap(self, *args)
        texts = [t.strip() for t in _line_texts(self)]
        seen.extend(zip(texts, texts[1:], strict=False))
        return out

    monkeypatch.setattr(document._Paragraph, "wrap", recording)
    return seen


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_no_amount_is_parted_from_its_unit_in_the_briefs(
    catalog, tmp_path, line_breaks, lang, paper
):
    for kind, targets in (
        ("rare-earths", []),
        ("mexico-us", []),
        ("pack", ["silver", "fluorspar", "zinc", "antimony", "lithium", "tin"]),
    ):
        write(catalog, tmp_path, kind, targets, lang, paper)
    assert line_breaks  # the paragraphs were seen
    parted = [
        (a[-30:], b[:30])
        for a, b in line_breaks
        if (re.search(r"\d$", a) and UNIT_START.match(b)) or a.endswith("$")
    ]
    assert parted == []


def test_the_qa_line_keeps_its_amount_whole(catalog, tmp_path):
    import subprocess

    path = write(catalog, tmp_path, "rare-earths", [], "fr")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.strip() for line in text.splitlines()]
    assert not any(line.startswith("$ US") for line in lines)
    assert any(re.match(r"^[\d  ]+\$ US par an en 2015–2019", line) for line in lines)


# ---- the running header ----------------------------------------------------------------


def _sections(path) -> list[tuple[str, int]]:
    """The brief's top-level outline: (heading, page number from 1)."""
    reader = PdfReader(str(path))
    return [
        (o.title, reader.get_destination_page_number(o) + 1)
        for o in reader.outline
        if not isinstance(o, list)
    ]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _expected_sections(path, lang) -> list[str]:
    """Each page's section by the rule: the section whose heading opens the page, else the
    one running on from an earlier page, else the first that starts on the page."""
    pages = page_lines(path)
    sections = _sections(path)
    out = []
    for n, page in enumerate(pages, 1):
        body = body_of(page, lang)
        top = _flat(body[0]) if body else ""
        here = [title for title, p in sections if p == n]
        opens = [t for t in here if top and (_flat(t).startswith(top) or top.startswith(t))]
        before = [title for title, p in sections if p < n]
        out.append((opens or before[-1:] or here[:1] or [""])[0])
    return out


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
@pytest.mark.parametrize(
    ("kind", "targets", "paper"),
    [
        ("mexico-us", [], "letter"),
        ("mexico-us", [], "a4"),
        ("rare-earths", [], "letter"),
        # QA: copper's pages 2-3 and rare earths' pages 2-5 read only the brief's title; the
        # section they are in (Copper; Terres rares) is the one the title names, which the
        # header does not repeat ("Cuivre : note d'information", not "… · Cuivre").
        ("commodity", ["copper"], "letter"),
        ("rare-earths", [], "a4"),
        ("supply", [], "letter"),
        ("pack", ["silver", "fluorspar", "chromium", "rare-earths"], "letter"),
    ],
)
def test_the_header_names_the_section_the_top_of_the_page_belongs_to(
    catalog, tmp_path, kind, targets, paper, lang
):
    path = write(catalog, tmp_path, kind, targets, lang, paper)
    pages = page_lines(path)
    for n, (page, section) in enumerate(zip(pages, _expected_sections(path, lang), strict=True), 1):
        head = _flat(page[0])
        assert head.endswith(f"· {_flat(section)}") or _flat(section) in head, (n, head, section)


def test_the_french_mexico_us_page_that_opens_with_the_import_shares_is_named_so(catalog, tmp_path):
    path = write(catalog, tmp_path, "mexico-us", [], "fr")
    pages = page_lines(path)
    overlap = "Recoupement avec la liste des minéraux critiques"
    at = next(n for n, page in enumerate(pages) if any(x.startswith(overlap) for x in page[2:]))
    body = body_of(pages[at], "fr")
    assert not body[0].startswith(overlap)  # the page opens with the end of a table
    assert body[0].startswith("Produit")  # the shares' header row, repeated
    shares = "Part du Mexique dans les importations des États-Unis par produit"
    assert _flat(pages[at][0]).endswith(f"· {shares}")


# ---- briefing books --------------------------------------------------------------------


@pytest.fixture
def book_in(tmp_path, catalog):
    """``book_in(lang, cids, paper)``: a book of those commodity sections, printed."""
    from minref.analysis.trade import TradeData
    from minref.briefing.book import book_pdf
    from minref.userdata import books as bk
    from minref.userdata.store import UserData

    store = bk.BookStore(UserData(tmp_path / "userdata.sqlite"))

    def make(lang: str, cids: list[str], paper: str = "letter", **notes):
        b = store.new(f"Book {lang} {'-'.join(cids)}", lang=lang, paper=paper)
        for cid in cids:
            store.add_section(b.book_id, bk.Section("commodity", cid, **notes))
        out = tmp_path / f"book-{lang}-{paper}-{'-'.join(cids)}.pdf"
        return book_pdf(catalog, TradeData(catalog, store.user), store.get(b.book_id), out)

    return make


@pytest.mark.parametrize(
    ("lang", "paper", "cid", "pages", "notes"),
    [
        # each of these ended on a page with the HS codes alone, a page more than here
        ("es", "letter", "fluorspar", 4, {}),
        ("fr", "letter", "rare-earths", 4, {}),
        ("en", "a4", "pgm", 3, {}),
        ("en", "letter", "boron", 3, {}),
        ("fr", "letter", "gold", 4, {"talking_points": "- A\n- B\n- C\n- D\n- E\n- F\n- G\n- H"}),
    ],
)
def test_a_books_hs_codes_fit_the_page_before(book_in, lang, paper, cid, pages, notes):
    pdf = page_lines(book_in(lang, [cid], paper, **notes))
    assert len(pdf) == pages  # the summary, the section, the sources
    at = [i for i, page in enumerate(pdf) if any(x.startswith(HS_HEADING[lang]) for x in page)]
    assert len(at) == 1
    assert not body_of(pdf[at[0]], lang)[0].startswith(HS_HEADING[lang])


def test_no_hs_table_opens_a_page_in_a_book(book_in):
    ids = ["silver", "fluorspar", "chromium", "pgm", "rare-earths", "boron", "lead"]
    for lang in ("es", "fr"):
        pdf = page_lines(book_in(lang, ids, talking_points="- Ask about supply"))
        heading = HS_HEADING[lang]
        opened = [n for n, page in enumerate(pdf, 1) if body_of(page, lang)[0].startswith(heading)]
        held = [n for n, page in enumerate(pdf, 1) if any(x.startswith(heading) for x in page)]
        assert opened == [] and len(held) == len(ids)  # one HS table a commodity, none alone


def test_a_book_is_laid_out_as_a_pack_is(book_in, monkeypatch):
    from minref.briefing import briefs

    calls = []
    settled = briefs.build_settled

    def spy(*args, **kwargs):
        calls.append(args[1])
        return settled(*args, **kwargs)

    monkeypatch.setattr(briefs, "build_settled", spy)
    book_in("en", ["fluorspar"])
    assert calls == ["Book en fluorspar"]
