"""The supply table tells USGS's published codes from minref's own "not calculable" mark.

Found in the built app: in Spanish the table's share columns showed "n. d." (minref's
generic "n/a": no share can be computed from a bound such as a world ">2,000,000") beside
"NA" (USGS's "not available"), with nothing telling them apart; and a country whose own
figure USGS printed showed the world total's code ("XX" for U.S. boron reserves of 48,000).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from minref import i18n
from minref.analysis import supply as sp
from minref.catalog.models import Figure
from tests.test_supply import _pdf_words

DISPLAY, TIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole


# ---------------------------------------------------------------------- the analysis
def _fig(value, raw, flags=()):
    return Figure(value, raw, "t", 2025, tuple(flags), "fx")


def _line(world: Figure, figures: dict[str, Figure]) -> sp.LineFacts:
    return sp.LineFacts(
        2026,
        "Reserves",
        2025,
        "metric tons",
        "fx",
        world,
        {k: f.value for k, f in figures.items()},
        figures,
        {k: k.title() for k in figures},
        False,
    )


def test_a_share_shows_the_countrys_own_code_or_minrefs_mark():
    bound_world = _line(
        _fig(None, ">2,000,000", ("greater_than",)),
        {
            "AAA": _fig(78000.0, "78,000"),
            "BBB": _fig(None, "NA", ("not_available",)),
            "CCC": _fig(0.0, "—", ("zero",)),
        },
    )
    assert sp._share(bound_world, "AAA").raw == "not calculable"  # was "n/a"
    assert sp._share(bound_world, "BBB").raw == "NA"  # USGS's own code, as published
    zero = sp._share(bound_world, "CCC")  # USGS's dash: 0% of any total but zero
    assert (zero.value, zero.raw, zero.flags) == (0.0, "0", ("zero",))
    code_world = _line(_fig(None, "XX"), {"USA": _fig(48000.0, "48,000")})
    # The world's "XX" is not the country's code: the U.S. figure is 48,000.
    share = sp._share(code_world, "USA")
    assert share.value is None and share.raw == "not calculable"
    assert share.note == "Usa 48,000; world XX (MCS 2026, Reserves, 2025)"


def test_the_usmca_share_of_a_world_that_is_no_number_is_never_a_blank():
    line = _line(
        _fig(None, ">2,000,000", ("greater_than",)),
        {"MEX": _fig(18000.0, "18,000"), "CAN": _fig(None, "W", ("withheld",))},
    )
    usmca = sp._sum_shares(line, ("MEX", "CAN", "USA"))  # was None: blank = "not listed"
    assert usmca.value is None and usmca.raw == "not calculable"
    assert usmca.flags == ()  # the world's ">" is not the countries' flag
    assert usmca.note == (
        "MEX + CAN + USA 18,000; world >2,000,000 (MCS 2026, Reserves, 2025); "
        "left out (not counted, not zero): Can W, USA not listed"
    )
    unstated = _line(_fig(None, "NA"), {"MEX": _fig(None, "NA", ("not_available",))})
    assert sp._sum_shares(unstated, ("MEX", "CAN")).raw == "not stated"


def test_the_legend_names_usgss_codes_and_minrefs_mark():
    text = sp.legend()
    assert "W = withheld; NA = not available;" in text
    assert "XX = not applicable; <½ unit = USGS's s (less than ½ unit)." in text
    assert "W, NA, XX and E are USGS's codes, as published;" in text
    assert "'not calculable' is minref's own mark, not USGS's: no share can be computed" in text


# ---------------------------------------------------------------------- the page
def _supply(window_in, qtbot, lang):
    w = window_in(lang, (1366, 768))
    w.open("supply")
    page = w.current_page()
    qtbot.waitUntil(page.view.isVisible)
    return page


def _cell(page, commodity_id: str, title: str):
    model = page.model
    r = next(i for i, x in enumerate(model.rows) if x.commodity_id == commodity_id)
    c = next(i for i, col in enumerate(model.columns) if col.title == page.tr(title))
    index = model.index(r, c)
    return model.data(index, DISPLAY), model.data(index, TIP)


def _legend(page) -> str:
    assert page.legend_label.isVisible()
    return page.legend_label.text()


def _gaps_in(catalog, commodity_id: str, lang: str) -> str:
    """The gaps of one mineral's row of the supply table, as ``lang`` words them."""
    with i18n.using(lang):
        row = next(r for r in sp.supply_table(catalog).rows if r.commodity_id == commodity_id)
        return sp.clauses(row.gaps)


def test_en_table_tells_usgs_codes_from_minrefs_mark(qtbot, window_in):
    page = _supply(window_in, qtbot, "en")
    # MCS 2026 antimony reserves: Canada 78,000 of a world ">2,000,000".
    text, tip = _cell(page, "antimony", "CA res. %")
    assert text == "not calculable"
    assert tip.startswith("'not calculable' is minref's own mark, not USGS's")
    assert "As published" not in tip  # minref's mark is not USGS's
    assert "Canada 78,000; world >2,000,000 (MCS 2026, Reserves, 2025)" in tip
    assert _cell(page, "boron", "US res. %")[0] == "not calculable"  # was the world's "XX"
    assert _cell(page, "tin", "US res. %")[0] == "0"  # U.S. "—" of a world ">6,000,000"
    # USGS's "NA" stays as USGS wrote it, and its hover text says what it is.
    text, tip = _cell(page, "barite", "MX res. %")
    assert text == "NA"
    assert "As published: NA — no exact figure stated" in tip
    assert "Flags: not available (NA)" in tip
    legend = _legend(page)
    assert "NA = not available" in legend
    assert "'not calculable' is minref's own mark, not USGS's" in legend


def test_es_table_keeps_usgs_codes_and_drops_the_n_d(qtbot, window_in):
    page = _supply(window_in, qtbot, "es")
    text, tip = _cell(page, "barite", "MX res. %")
    assert text == "NA"  # USGS's code, never translated
    assert "Tal como se publicó: NA — sin cifra exacta" in tip
    assert "Marcas: no disponible (NA)" in tip
    assert "México NA; mundo NA (MCS 2026, Reservas, 2025)" in tip
    text, tip = _cell(page, "antimony", "CA res. %")
    assert text not in ("n. d.", "NA", "W", "XX", "")  # was "n. d."
    assert "Tal como se publicó" not in tip
    assert "Canadá 78,000; mundo >2,000,000 (MCS 2026, Reservas, 2025)" in tip
    legend = _legend(page)
    assert "NA = no disponible" in legend
    assert text in legend  # the legend names the mark the cells show
    assert text == "no calculable"
    first = tip.split("\n")[0]  # its meaning first, in whatever quotes Spanish gives it
    assert "no calculable" in first[:16]
    assert "es la marca propia de minref, no del USGS" in first


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_row_of_the_supply_table_is_taller_than_four_lines(window_in, qtbot, lang):
    # Found at 1366x768: the rare earths' fifteen list members, wrapped in a 120-px column
    # at the far right, made their row eleven lines tall (metallurgical coal's gaps, six),
    # blank across the columns in view.
    w = window_in(lang, (1256, 690))
    w.open("supply")
    view = w.current_page().view
    qtbot.waitUntil(view.isVisible)
    line = view.fontMetrics().lineSpacing()
    tallest = max(view.rowHeight(r) for r in range(view.model().rowCount()))
    assert tallest <= 4 * line + 12  # four lines and the cell's padding


def test_the_gaps_name_usgs_lines_in_the_readers_language(catalog):
    # Found in Spanish: "el USGS da producción mundial solo para Mine production: Palladium;
    # Mine production: Platinum" (USGS's line names as stored).
    gaps = _gaps_in(catalog, "pgm", "es")
    assert "solo para producción minera: paladio; producción minera: platino" in gaps
    assert "Mine production" not in gaps


def test_the_brief_explains_minrefs_mark_when_a_cell_shows_it(catalog_path, tmp_path, monkeypatch):
    # Its table prints "not calculable" where a share cannot be computed; the legend says
    # what the mark is then (and only then: today's rows have none).
    import dataclasses

    from minref.cli import main

    real = sp.supply_table

    def one_marked(cat, *args, **kwargs):
        table = real(cat, *args, **kwargs)
        row = table.rows[0]
        mark = Figure(None, sp.no_share_mark(), "percent", 2025, (), row.china_production.source_id)
        rows = [dataclasses.replace(row, china_production=mark), *table.rows[1:]]
        return dataclasses.replace(table, rows=rows)

    legend_of = _pdf_words

    plain = tmp_path / "plain.pdf"
    assert main(["--catalog", str(catalog_path), "brief", "supply", "--out", str(plain)]) == 0
    monkeypatch.setattr(sp, "supply_table", one_marked)
    marked = tmp_path / "marked.pdf"
    assert main(["--catalog", str(catalog_path), "brief", "supply", "--out", str(marked)]) == 0
    # the first table's legend, which ends with the IEA's base case
    first = "(base case). XX = not applicable"
    assert first not in legend_of(plain)
    assert first in legend_of(marked)
    assert "'not calculable' is minref's own mark, not USGS's" in legend_of(marked)


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_the_list_box_gives_way_to_the_page_at_1366x768(window_in, qtbot, lang):
    # The box was as wide as its longest list's name (782 px), which made the supply page
    # wider than its view in Spanish and French; it now ends the name in "…" when narrow,
    # whole on hover and in the open list.
    w = window_in(lang, (1256, 690))
    w.open("supply")
    page = w.current_page()
    qtbot.waitUntil(page.view.isVisible)
    box = page.list_box
    assert page.widget().minimumSizeHint().width() <= page.viewport().width()
    assert box.toolTip() == box.currentText()
    assert box.currentText().startswith("US-2025 — 2025 Final List of Critical Minerals")
    assert box.list_width() >= box.fontMetrics().horizontalAdvance(box.currentText())


def test_the_gaps_name_the_rows_lines_in_the_readers_language(catalog):
    # Found in the Spanish brief: "la fila muestra una línea (Ferrosilicon) de varias:
    # Ferrosilicon; Silicon metal".
    gaps = _gaps_in(catalog, "silicon", "es")
    assert "la fila muestra una línea (Ferrosilicio) de varias: Ferrosilicio; Silicio metálico" in (
        gaps
    )


def test_the_spanish_briefs_gaps_end_in_one_full_stop(catalog_path, tmp_path):
    # "... de las importaciones de EE. UU.." (the abbreviation's stop and the sentence's)

    from minref.cli import main

    out = tmp_path / "abasto.pdf"
    assert main(["--catalog", str(catalog_path), "--lang", "es", "brief", "supply",
                 "--out", str(out)]) == 0  # fmt: skip
    text = _pdf_words(out)
    assert (
        "Cesio: no hay cifras de producción mundial en el catálogo; el USGS no publica "
        "participaciones por origen de las importaciones de EE. UU. "
    ) in text
    assert "UU.." not in text


def test_a_share_minref_computed_says_so_on_hover(qtbot, window_in):
    # The hover text of Mexico's share of world silver production said "Note (as
    # published): Mexico 6,300 of world 26,000 ...; computed by minref": minref's note,
    # not USGS's. A code USGS printed in the country's place stays "as published".
    page = _supply(window_in, qtbot, "en")
    text, tip = _cell(page, "silver", "MX prod. %")
    assert text == "24.2 e"
    assert "Note (as published)" not in tip
    assert "minref's note: Mexico 6,300 of world 26,000" in tip
    _text, tip = _cell(page, "barite", "MX res. %")
    assert tip.startswith("As published: NA — no exact figure stated")
    model = page.model
    words = [
        (r, c)
        for r, row in enumerate(model.rows)
        for c, col in enumerate(model.columns)
        if col.title == "USMCA res. %" and row.usmca_reserves is not None
        and row.usmca_reserves.raw == "not stated"
    ]  # fmt: skip
    assert words  # a sum with no stated figure: minref's words, not USGS's
    r, c = words[0]
    tip = model.data(model.index(r, c), TIP)
    assert tip.split("\n")[0] == "not stated"


def test_a_cells_hover_text_gives_its_note_whole_on_short_lines(qtbot, window_in):
    # Found in the built app: antimony's "MX prod. %" note ended "... escenario: de la suma
    # de los países li" (cut at 300 characters), and Qt does not wrap a plain tooltip.
    page = _supply(window_in, qtbot, "es")
    row = next(x for x in page.model.rows if x.commodity_id == "antimony")
    note = row.mexico_production.note
    assert len(note) > 300  # the case that was cut
    _text, tip = _cell(page, "antimony", "MX prod. %")
    assert " ".join(tip.split()).endswith(" ".join(note.split()))
    assert max(len(line) for line in tip.split("\n")) <= 100


def test_the_supply_tabs_show_names_whole_where_there_is_room(window_in, qtbot):
    # Found in the built app at 1366x768 (es): "República Demo…tica del Congo" in the IEA
    # tab beside an empty half-page, "In…esia 14.2 (14.3)" in the what-if, and the list's
    # name ending in "…" with the row's right half empty.
    w = window_in("es", (1366, 768))
    w.open("supply")
    page = w.current_page()
    page.finish()
    assert page.list_box.shown_text() == page.list_box.currentText()
    for view in (page.whatif_view, page.iea_supply):
        page.tabs.setCurrentWidget(view.parentWidget())
        qtbot.waitUntil(view.isVisible)
        model, header = view.table_model(), view.horizontalHeader()
        for c, col in enumerate(model.columns):
            if col.title not in ("País", "Siguientes tres, % mundial (% de lo que queda)"):
                continue
            widest = max(
                view.fontMetrics().horizontalAdvance(model.text(r, c))
                for r in range(model.rowCount())
            )
            assert header.sectionSize(c) >= widest, col.title


def test_the_printed_legend_asks_no_one_to_hover():
    # The PDF brief's legend ended "(hover a figure for both)", on paper.
    assert "hover" not in sp.codes_legend(printed=True)
    assert sp.codes_legend(printed=True).endswith("a word or a code, not an exact number.")
    assert "(hover a figure for both)" in sp.codes_legend()


def test_computed_shares_keep_their_one_decimal(qtbot, window_in):
    # Found in the built app: "69" beside "71.8" (Top-3 %), "Bismuto 86 e" beside
    # "restante 14.0": a share minref computes to one decimal shows it, ".0" too.
    page = _supply(window_in, qtbot, "es")
    assert _cell(page, "fluorspar", "China prod. %")[0] == "60.0 e"
    assert _cell(page, "gallium", "China prod. %")[0] == "100.0 e"
    assert _cell(page, "silver", "MX prod. %")[0] == "24.2 e"
    assert _cell(page, "bismuth", "NIR %")[0] == "92 e"  # USGS's own figure, as printed


def test_a_figure_shows_the_decimals_its_source_printed():
    # USGS prints cobalt's price "15.70" and "29.00" (dollars per pound); shown "15.7", "29".
    price = Figure(15.7, "15.70", "dollars per pound", 2024, (), "mcs-2026")
    whole = Figure(29.0, "29.00", "dollars per pound", 2024, (), "mcs-2026")
    tons = Figure(6300.0, "6,300", "metric tons", 2025, ("estimated",), "mcs-2026")
    assert (price.display(), whole.display(), tons.display()) == ("15.70", "29.00", "6,300")
    with i18n.using("fr"):
        assert (price.display(), tons.display()) == ("15,70", "6\u202f300")


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("en", "U.S. production: W"),
        ("es", "producción de EE. UU.: W"),
        ("fr", "production (États-Unis)\u00a0: W"),  # as "production (Canada) : NA"
    ],
)
def test_the_gaps_name_the_us_as_the_rest_of_the_row_does(catalog, lang, expected):
    # Found on the Spanish page: antimony's gaps read "producción de Estados Unidos de
    # América: W" beside "EE. UU." in the other clauses and every column title.
    # MCS 2026 antimony, mine production, United States: "W" (withheld).
    gaps = _gaps_in(catalog, "antimony", lang)
    assert expected in gaps
    assert "Estados Unidos de América" not in gaps and "United States" not in gaps
