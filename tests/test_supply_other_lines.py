"""What a country's other U.S. import lines add to the line the supply table compares, said
by one function (analysis.supply.import_lines_sentence) in the supply brief, the pack
summary and the supply table's hover: not on the main line (antimony, MCS 2026: 86% of ore
and concentrates), or a larger share on another line than on the main one (copper, MCS
2026, 2021-24: 43% of copper content of scrap against 6% of refined copper; zinc: 33% of
waste and scrap against 15% of the combined total)."""

from __future__ import annotations

import re

import pytest

from minref.analysis import supply as sp
from minref.catalog.models import Figure, ImportSource
from tests.pdftext import pdf_words


def _src(detail: str, value, raw: str, source: str = "mcs-2026", period: str = "2021-24"):
    fig = Figure(value, raw, "percent", None, (), source)
    return ImportSource("MEX", "Mexico", "country", detail, period, fig)


MAIN = _src("Refined copper", 6.0, "6").figure
SCRAP = _src("Copper content of scrap", 43.0, "43")
SMALLER = _src("Blister & anodes", 3.0, "3")


class _Marks:
    """A stand-in for a briefing's Citations: a source's mark as [source]."""

    def sup(self, *ids: str) -> str:
        return "[" + ",".join(ids) + "]"


def test_a_larger_share_on_another_line_is_named_with_its_line_and_period():
    text = sp.import_lines_sentence("Copper", "Refined copper", MAIN, [SCRAP, SMALLER], "Mexico")
    assert text == (
        "Copper: Mexico supplies 43% of Copper content of scrap (2021-24), more than its 6% "
        "of the main import line (Refined copper)."
    )


def test_an_equal_or_smaller_share_elsewhere_adds_nothing():
    equal = _src("Refined metal", 6.0, "6")
    assert (
        sp.import_lines_sentence("Zinc", "Combined total", MAIN, [equal, SMALLER], "Mexico") == ""
    )


def test_a_withheld_main_share_is_not_compared():
    withheld = Figure(None, "W", "percent", None, ("W",), "mcs-2026")
    assert sp.import_lines_sentence("Copper", "Refined copper", withheld, [SCRAP], "Mexico") == ""


def test_not_on_the_main_line_names_every_other_line():
    text = sp.import_lines_sentence(
        "Antimony",
        "Total metal and oxide",
        None,
        [_src("Ore and concentrates", 86.0, "86")],
        "Mexico",
    )
    assert text == (
        "Antimony: not on the main import line (Total metal and oxide); Mexico supplies 86% of "
        "Ore and concentrates (2021-24)."
    )


def test_markup_escapes_the_text_and_marks_each_figure():
    text = sp.import_lines_sentence(
        "<b>Copper</b>",
        "Refined copper",
        MAIN,
        [_src("Scrap & ash", 43.0, "43")],
        "Mexico",
        _Marks(),
    )
    assert text == (
        "<b>Copper</b>: Mexico supplies 43% of Scrap &amp; ash (2021-24)[mcs-2026], more than "
        "its 6% of the main import line (Refined copper)."
    )
    # The main line's figure from another source than the other line's carries its own mark.
    other = _src("Copper content of scrap", 43.0, "43", source="mcs-2025")
    text = sp.import_lines_sentence("Copper", "Refined copper", MAIN, [other], "Mexico", _Marks())
    assert "(2021-24)[mcs-2025], more than its 6%[mcs-2026] of" in text


def test_hover_and_brief_say_the_samepdf_words(catalog):
    """The table's hover (plain) and the briefs' markup are one sentence, marks aside."""
    from minref.briefing.document import Citations
    from minref.briefing.supply import _other_lines_sentence

    table = sp.supply_table(catalog)
    said = 0
    for r in table.rows:
        plain = sp.imports_elsewhere(catalog, r, sp.MEXICO)
        markup = _other_lines_sentence(r, "Mexico", Citations(catalog.sources))
        assert re.sub(r"<super[^>]*>[^<]*</super>", "", markup).replace("&amp;", "&") == plain
        said += bool(plain)
    assert said >= 3  # antimony, copper, zinc at least


def test_hover_names_a_product_as_the_briefs_do(catalog):
    """USGS's "All" (every form of the commodity) is a word of the table, in the reader's
    language, in the hover as in the briefs (the hover said "All" in Spanish before)."""
    import dataclasses

    from minref.briefing.document import Citations
    from minref.briefing.supply import _other_lines_sentence
    from minref.i18n import using

    with using("es"):
        row = next(r for r in sp.supply_table(catalog).rows if r.commodity_id == "antimony")
        lines = tuple(
            dataclasses.replace(s, detail="All") if s.detail == "Ore and concentrates" else s
            for s in row.import_lines
        )
        row = dataclasses.replace(row, import_lines=lines)
        plain = sp.imports_elsewhere(catalog, row, sp.MEXICO)
        markup = _other_lines_sentence(row, "México", Citations(catalog.sources))
    assert "México abastece 86% de Todos (2021-24)" in plain
    assert re.sub(r"<super[^>]*>[^<]*</super>", "", markup) == plain


def test_supply_table_hover_names_a_larger_share_on_another_line(supply_page):
    """Copper's "MX imp. %" cell shows 6 (refined copper); its hover adds the 43% of copper
    content of scrap (MCS 2026, 2021-24), after the figure's source."""
    from PySide6.QtCore import Qt

    model = supply_page.model
    cols = [c.title for c in model.columns]
    r = [row.commodity_id for row in model.rows].index("copper")
    mx = model.index(r, cols.index("MX imp. %"))
    assert model.data(mx) == "6"
    tip = model.data(mx, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("6%\n")
    assert " ".join(tip.split("\n\n")[-1].split()) == (
        "Copper: Mexico supplies 43% of Copper content of scrap (2021-24), more than its 6% "
        "of the main import line (Refined copper)."
    )
    assert all(len(line) <= 100 for line in tip.split("\n"))
    z = [row.commodity_id for row in model.rows].index("zinc")
    ztip = model.data(model.index(z, cols.index("MX imp. %")), Qt.ItemDataRole.ToolTipRole)
    assert "Mexico supplies 33% of Waste and scrap (gross weight) (2021-24)" in " ".join(
        ztip.split()
    )
    assert "Refined metal" not in ztip  # 15%, as on the main line: not larger


@pytest.mark.parametrize(
    ("lang", "head", "copper", "zinc"),
    [
        (
            "en",
            ("Copper:", "Zinc:"),
            "Mexico supplies 43% of Copper content of scrap (2021-24)[",
            "Mexico supplies 33% of Waste and scrap (gross weight) (2021-24)[",
        ),
        (
            "es",
            ("Cobre:", "Zinc:"),
            "México abastece 43% de Copper content of scrap (2021-24)[",
            "México abastece 33% de Waste and scrap (gross weight) (2021-24)[",
        ),
        (
            "fr",
            ("Cuivre :", "Zinc :"),
            "Mexique — 43 % de Copper content of scrap (2021-24)[",
            "Mexique — 33 % de Waste and scrap (gross weight) (2021-24)[",
        ),
    ],
)
def test_supply_brief_bullet_names_a_larger_share_on_another_line(
    catalog, tmp_path, lang, head, copper, zinc
):
    """The sentence ends the mineral's own bullet, which names the mineral once: it read
    "• Copper: Mexico produces 5.6% … Copper: Mexico supplies 43% of …" (es "Cobre: …
    Cobre:", fr "Cuivre : … Cuivre :")."""
    from minref.briefing import kinds
    from minref.briefing.document import BriefOptions

    out = kinds.write("supply", catalog, [], tmp_path / "s.pdf", BriefOptions(lang=lang))
    text = pdf_words(out)
    for name, sentence in zip(head, (copper, zinc), strict=True):
        assert text.count(sentence) == 1
        bullet = text.split(sentence)[0].rsplit("•", 1)[1]  # the mineral's own bullet
        assert bullet.startswith(f" {name} ")
        assert bullet.count(name) == 1
        after = text.split(sentence)[1].split("•")[0]
        assert name not in after


def test_french_import_share_description_is_punctuated_as_french(catalog):
    """minref's words on a share (its period and line) are joined as French punctuates
    clauses (it read "moyenne 2021-24 ; Refined copper; …": an English semicolon after a
    French one); the share's note is USGS's alone (tests/test_supply_hover_words.py)."""
    from minref.i18n import using

    with using("fr"):
        row = next(r for r in sp.supply_table(catalog).rows if r.commodity_id == "copper")
        assert sp.import_share_description(row) == "moyenne 2021-24\u202f; Refined copper"
    assert row.mexico_imports.note == (
        "Refined copper accounted for 88% of all unmanufactured copper imports"
    )
