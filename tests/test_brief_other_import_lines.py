"""The PDFs name Mexico's share of U.S. imports on another line where MCS does not list
Mexico on the main one (MCS 2026, 2021-24: antimony, 86% of ore and concentrates, not a
source of total metal and oxide; tin, 6% of waste and scrap, not a source of refined tin),
as the window's supply table does: never a bare "not listed", and said once per mineral."""

from __future__ import annotations

from tests.pdftext import pdf_words

PACK = ["silver", "fluorspar", "antimony", "tin", "graphite"]


def _words(path, first: int | None = None, last: int | None = None, raw: bool = False) -> str:
    """The PDF's text (pages ``first``..``last``; ``raw``: in the order it is drawn, a
    table cell's lines together) with every run of white space, no-break spaces too, as
    one space."""
    pages = ["-raw"] if raw else []
    if first is not None:
        pages += ["-f", str(first)]
    if last is not None:
        pages += ["-l", str(last)]
    return pdf_words(path, *pages)


def _pack_summary(catalog, tmp_path, lang: str) -> tuple[str, str]:
    """Page 1 of the pack (its summary): as drawn (the table's rows) and as laid out."""
    from minref.briefing import kinds
    from minref.briefing.document import BriefOptions

    out = kinds.write("pack", catalog, PACK, tmp_path / f"pack-{lang}.pdf", BriefOptions(lang=lang))
    return _words(out, 1, 1, raw=True), _words(out, 1, 1)


def test_pack_summary_gives_mexicos_share_on_another_import_line(catalog, tmp_path):
    table, text = _pack_summary(catalog, tmp_path, "en")
    row = table.split("Antimony 10 ")[1].split("Tin ")[0]
    assert "86% of Ore and concentrates (2021-24)" in row
    assert "not listed" not in row
    tin = table.split("Tin not listed ")[1].split("Graphite")[0]  # Mexico's rank: not listed
    assert "6% of Waste and scrap (2021-24)" in tin and "not listed" not in tin
    # Under the table, which line the column compares, each figure with its source mark.
    assert (
        "Antimony: not on the main import line (Total metal and oxide); Mexico supplies 86% "
        "of Ore and concentrates (2021-24)[1]." in text
    )
    assert (
        "Tin: not on the main import line (Refined tin); Mexico supplies 6% of Waste and "
        "scrap (2021-24)[1]." in text
    )
    # A line on which Mexico is listed keeps its figure alone.
    assert "Silver 1 24.2% e 77% e 47% US-2025" in table


def test_french_pack_summary_gives_mexicos_share_on_another_import_line(catalog, tmp_path):
    table, text = _pack_summary(catalog, tmp_path, "fr")
    row = table.split("Antimoine 10 ")[1].split("Étain ")[0]
    assert "86 % de Ore and concentrates (2021-24)" in row and "non listé" not in row
    assert (
        "Antimoine : absent de la ligne d'importation principale (Total metal and oxide) ; "
        "Mexique — 86 % de Ore and concentrates (2021-24)[1]." in text
    )


def test_supply_brief_mexico_bullet_names_its_other_import_line(catalog, tmp_path):
    from minref.briefing import kinds
    from minref.briefing.document import BriefOptions

    out = kinds.write("supply", catalog, [], tmp_path / "supply.pdf", BriefOptions(lang="en"))
    text = _words(out)
    section = text.split("Mexico's contribution, mineral by mineral")[1].split("Off the")[0]
    bullet = section.split("• Antimony: Mexico produces ")[1].split("•")[0]
    assert "0.5% (estimated) of the world total" in bullet
    # The bullet is headed "Antimony:" already: the import sentence does not name it again
    # (it read "… 17 listed countries)[3]. Antimony: not on the main import line …").
    assert (
        "Mexico is not on the main import line (Total metal and oxide) but supplies 86% "
        "of Ore and concentrates (2021-24)[" in bullet
    )
    assert "Antimony" not in bullet
    # Once: the mineral gets no second, import-only bullet.
    assert section.count("86% of Ore and concentrates") == 1
    assert "Antimony: not on the main import line" not in section
    # Tin (no production bullet) keeps its own.
    assert (
        "• Tin: not on the main import line (Refined tin); Mexico supplies 6% of Waste" in section
    )
