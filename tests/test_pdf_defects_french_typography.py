"""French typography in PDFs: a figure never breaks at its group separator (reportlab
breaks at U+202F), no line starts with ";" or ":", and clauses are joined with the
translated separator ("Terres rares ; Affirmation")."""

from __future__ import annotations

from minref import i18n

NNBSP, NBSP = "\u202f", "\u00a0"


def _lines(text: str, width: float) -> list[str]:
    from minref.briefing.document import Paragraph, styles

    p = Paragraph(text, styles()["small"])
    p.wrap(width, 1000)
    out = []
    for line in p.blPara.lines:
        words = line[1] if isinstance(line, tuple) else [w.text for w in line.words]
        out.append(" ".join(words))
    return out


TEXT = (
    (
        "Chiffres corrigés (affichés et classés corrigés) : Brésil, réserves : 11 000 000 "
        "(corrigé par l'USGS, auparavant 21 000 000 ; USGS) ; Total mondial, réserves : "
        f">75{NNBSP}000{NNBSP}000 (corrigé par l'USGS, auparavant >85{NNBSP}000{NNBSP}000)."
    )
    .replace("11 000 000", f"11{NNBSP}000{NNBSP}000")
    .replace("21 000 000", f"21{NNBSP}000{NNBSP}000")
)


def test_a_french_figure_never_breaks_across_lines():
    for width in range(120, 500, 7):
        lines = _lines(TEXT, width)
        for line in lines:
            first = line.split()[0] if line.split() else ""
            assert not first.startswith("000"), (width, lines)
            assert not line.rstrip().endswith((">75", ">85", " 11", " 21")), (width, lines)
    joined = " ".join(_lines(TEXT, 250))
    assert f">75{NBSP}000{NBSP}000" in joined


def test_no_line_starts_with_a_semicolon_or_colon():
    for width in range(120, 500, 7):
        for line in _lines(TEXT, width):
            assert not line.lstrip().startswith((";", ":")), (width, line)


def test_sections_of_a_french_book_are_joined_with_the_translated_separator():
    from minref.i18n import clauses

    with i18n.using("fr"):
        # a narrow no-break space before the semicolon (the PDFs print it unbreakable)
        assert clauses(["Terres rares", "Affirmation"]) == "Terres rares\u202f; Affirmation"
    with i18n.using("en"):
        assert clauses(["Rare earths", "Claim"]) == "Rare earths; Claim"


def test_the_book_summary_line_in_french(tmp_path, catalog):
    from pypdf import PdfReader

    from minref.analysis.trade import TradeData
    from minref.briefing.book import book_pdf
    from minref.userdata import books as bk
    from minref.userdata.store import UserData

    s = bk.BookStore(UserData(tmp_path / "userdata.sqlite"))
    b = s.new("Réunion", lang="fr")
    s.add_section(b.book_id, bk.Section("rare-earths", ""))
    s.add_section(b.book_id, bk.Section("claim", "top10"))
    out = book_pdf(catalog, TradeData(catalog, s.user), s.get(b.book_id), tmp_path / "b.pdf")
    first = PdfReader(out).pages[0].extract_text().replace(NBSP, " ")
    assert "Terres rares ; Affirmation" in " ".join(first.split())
