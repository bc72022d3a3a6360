"""A figure USGS corrected after its data release carries an inline mark in its table cell,
as an estimate carries "e": Brazil's rare-earth reserves, MCS 2026 (errata, version 1.3 of
2026-05-27: 11,000,000 metric tons, was 21,000,000).  The cell read "11,000,000" alone; only
a line beneath the table named it.  The line now starts with the mark's meaning and the
hover says the correction as minref's record, apart from USGS's own note."""

from __future__ import annotations

import pytest

from minref.catalog.models import Figure
from minref.ui.tables import cell_text

ERRATUM = (
    "USGS, Mineral Commodity Summaries 2026, version 1.3 (2026-05-27), Rare earths, world "
    "mine production and reserves"
)


def test_a_corrected_cell_is_marked_after_any_other_mark():
    plain = Figure(11000000.0, "11,000,000", "metric tons", 2025, ("corrected",), "s")
    assert cell_text(plain) == "11,000,000 c"
    both = Figure(1200.0, "1,200", "metric tons", 2025, ("corrected", "estimated"), "s")
    assert cell_text(both) == "1,200 ec"
    bound = Figure(None, ">75,000,000", "metric tons", 2025, ("corrected", "greater_than"), "s")
    assert cell_text(bound) == ">75,000,000 c"
    assert cell_text(Figure(5.0, "5", "metric tons", 2025, ("estimated",), "s")) == "5 e"


def _cell(view, name: str, column: int):
    from PySide6.QtCore import Qt

    model = view.model()
    r = next(i for i in range(model.rowCount()) if model.data(model.index(i, 1)) == name)
    index = model.index(r, column)
    return model.data(index), model.data(index, Qt.ItemDataRole.ToolTipRole)


def _lines(page) -> list[str]:
    from PySide6.QtWidgets import QLabel

    return [x.text() for x in page.findChildren(QLabel)]


@pytest.mark.parametrize(
    ("lang", "brazil", "cell", "legend", "how"),
    [
        (
            "en",
            "Brazil",
            "11,000,000 c",
            "c = corrected by USGS after the data release. Corrected figures",
            "c = corrected by USGS from 21,000,000 ({erratum}).",
        ),
        (
            "es",
            "Brasil",
            "11,000,000 c",
            "c = corregido por el USGS después de la publicación de los datos. Cifras corregidas",
            "c = corregido por el USGS; antes 21,000,000 ({erratum}).",
        ),
        (
            "fr",
            "Brésil",
            "11\u202f000\u202f000 c",
            "c = corrigé par l'USGS après la publication des données. Chiffres corrigés",
            "c = corrigé par l'USGS, auparavant 21\u202f000\u202f000 ({erratum}).",
        ),
    ],
)
def test_rare_earth_reserves_of_brazil_are_marked_corrected(
    window_in, lang, brazil, cell, legend, how
):
    w = window_in(lang, (1366, 768))
    w.open("commodity:rare-earths")
    page = w.current_page()
    view = page.world_view
    model = view.model()
    reserves = model.columnCount() - 1
    text, tip = _cell(view, brazil, reserves)
    assert text == cell
    joined = " ".join(tip.split("\n"))
    assert how.format(erratum=ERRATUM) in joined
    # the correction is minref's record (the catalog's "Corrected by USGS from …" note),
    # not under the source's "as published" label
    assert "Corrected by USGS" not in tip
    assert any(x.startswith(legend) for x in _lines(page))


def test_the_country_page_marks_and_explains_the_corrected_figure(window_in):
    w = window_in("en", (1366, 768))
    w.open("country:BRA")
    page = w.current_page()
    model = page.standing_view.model()
    texts = [model.data(model.index(r, 3)) for r in range(model.rowCount())]
    assert "11,000,000 c" in texts
    assert any(
        x.startswith("c = corrected by USGS after the data release. Corrected figures")
        and "Rare earths, Reserves: 11,000,000 (corrected by USGS from 21,000,000;" in x
        for x in _lines(page)
    )
