"""A world table whose shares add up to more than 100% says why, beneath it, on screen, on
paper and in ``minref show``.

MCS 2026, gallium, primary production 2025 (kilograms, MCS2026_Commodities_Data.csv, typed
by hand): China 900,000 (Estimated.), Russia 6,000 (Estimated.), Japan 3,000 (Estimated.),
United States and Other countries "—", World total "Primary production: rounded" 900,000
(Estimated.).  Shares are of the world total, as USGS prints it: China 100.0%, Russia 0.7%,
Japan 0.3%, which a reader adds up to 101.0% and took for an error."""

from __future__ import annotations

import pytest

from minref import i18n
from minref.analysis.text import shares_over_total_line
from tests.pdftext import pdf_text

GALLIUM = {
    "en": "The shares add up to 101.0%: USGS rounded the world total to 900,000, less than "
    "the 909,000 of the places it lists.",
    "es": "Las participaciones suman 101.0%: el USGS redondeó el total mundial a 900,000, "
    "menos que los 909,000 de los países y grupos que enumera.",
    "fr": "Les parts totalisent 101,0\u00a0%\u00a0: l'USGS a arrondi le total mondial à "
    "900\u202f000, moins que les 909\u202f000 des pays et groupes qu'il liste.",
}


@pytest.fixture
def lang():
    yield i18n.set_language
    i18n.set_language("en")


def test_gallium_shares_over_the_rounded_total_are_explained(catalog, lang):
    table = catalog.world_production("gallium", edition=2026, year=2025)
    shares = {r.country_iso3: r.share_pct for r in table.rows if r.share_pct}
    assert round(shares["CHN"], 1) == 100.0 and round(shares["RUS"], 1) == 0.7
    for code, text in GALLIUM.items():
        lang(code)
        assert shares_over_total_line(table) == text, code


def test_no_line_when_the_places_add_up_to_the_total(catalog):
    # MCS 2026 silver, 2025: the countries and "Other countries" add up to no more than the
    # world total of 26,000: nothing to explain.
    assert shares_over_total_line(catalog.world_production("silver", edition=2026)) == ""


def _flat(text: str) -> str:
    """Text with its no-break spaces as spaces and its line breaks gone (a PDF's lines)."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def test_the_line_is_beneath_the_table_on_screen_and_in_show(window_in, capsys, cat):
    from PySide6.QtWidgets import QLabel

    from minref.cli import main

    w = window_in("es")
    w.open("commodity:gallium")
    assert GALLIUM["es"] in [label.text() for label in w.current_page().findChildren(QLabel)]
    assert main([*cat, "show", "gallium"]) == 0
    assert GALLIUM["en"] in capsys.readouterr().out


def test_the_line_is_in_the_commodity_brief(cat, tmp_path):
    from minref.cli import main

    out = tmp_path / "gallium.pdf"
    assert main([*cat, "--lang", "fr", "brief", "commodity", "gallium", "--out", str(out)]) == 0
    assert _flat(GALLIUM["fr"]) in _flat(pdf_text(out))
