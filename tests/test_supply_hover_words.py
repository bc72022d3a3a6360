"""The supply table's import shares keep minref's words apart from USGS's note: the hover on
copper's "MX imp. %" figure (MCS 2026: 6% of refined copper, 2021-24) said "Note (as
published): 2021-24 average; Refined copper; Refined copper accounted for 88% of all
unmanufactured copper imports", minref's "2021-24 average; Refined copper" labelled as
USGS's.  The supply brief's source mark on that share stood inside the period's brackets
("(2021-24[3])"); it follows the closing bracket as on every other clause of the brief."""

from __future__ import annotations

import re

import pytest

from minref.analysis import supply as sp
from tests.pdftext import pdf_words

# MCS 2026 copper, import sources: USGS's own note on the refined-copper line.
USGS_NOTE = "Refined copper accounted for 88% of all unmanufactured copper imports"


def _copper(catalog, lang):
    from minref.i18n import using

    with using(lang):
        row = next(r for r in sp.supply_table(catalog).rows if r.commodity_id == "copper")
        return row, sp.import_share_description(row)


@pytest.mark.parametrize(
    ("lang", "described"),
    [
        ("en", "2021-24 average; Refined copper"),
        ("es", "promedio 2021-24; Refined copper"),
        ("fr", "moyenne 2021-24\u202f; Refined copper"),
    ],
)
def test_an_import_share_carries_usgs_note_alone(catalog, lang, described):
    row, text = _copper(catalog, lang)
    assert row.mexico_imports.note == USGS_NOTE  # USGS's words, nothing of minref's
    assert text == described


@pytest.mark.parametrize(
    ("lang", "minref_line", "usgs_label"),
    [
        ("en", "Described by minref: 2021-24 average; Refined copper", "Note (as published): "),
        (
            "es",
            "Descripción de minref: promedio 2021-24; Refined copper",
            "Nota (tal como se publicó): ",
        ),
        (
            "fr",
            "Description de minref\u00a0: moyenne 2021-24\u202f; Refined copper",
            "Note (telle que publiée)\u00a0: ",
        ),
    ],
)
def test_supply_hover_labels_minrefs_words_apart_from_usgs_note(
    window_in, qtbot, lang, minref_line, usgs_label
):
    from PySide6.QtCore import Qt

    w = window_in(lang, (1366, 768))
    w.open("supply")
    page = w.current_page()
    model = page.model
    r = [x.commodity_id for x in model.rows].index("copper")
    c = [col.title for col in model.columns].index(page.tr("MX imp. %"))
    tip = model.data(model.index(r, c), Qt.ItemDataRole.ToolTipRole)
    lines = tip.split("\n")
    assert minref_line in lines
    published = next(x for x in lines if x.startswith(usgs_label))
    assert published == usgs_label + USGS_NOTE  # only USGS's words under its label
    assert lines.index(minref_line) < lines.index(published)


@pytest.mark.parametrize(
    ("lang", "before"),
    [
        ("en", "Copper: Mexico supplies 6% of U.S. imports (2021-24)"),
        ("es", "Cobre: México abastece 6% de las importaciones de EE. UU. (2021-24)"),
        ("fr", "Cuivre : Mexique — fournit 6 % des importations des États-Unis (2021-24)"),
    ],
)
def test_supply_brief_marks_the_import_share_after_the_bracket(catalog, tmp_path, lang, before):
    from minref.briefing import kinds
    from minref.briefing.document import BriefOptions

    out = kinds.write("supply", catalog, [], tmp_path / "s.pdf", BriefOptions(lang=lang))
    text = pdf_words(out)
    assert re.search(re.escape(before) + r"\[\d+\]", text), text[:3000]
    assert "(2021-24[" not in text  # never inside the period's brackets
