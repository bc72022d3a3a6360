"""The commodity page and the charts in the reader's language, each thing said once.

Found by a review of the Spanish and French window (2026-12-04): the sources listed on a
commodity page printed minref's own register words in English ("Licencia: Facts compiled
for minref from official publications.", "minref (compiled)", "2025 final"), chart source
lines printed "2025 final" and "DS140, through 2020", the line beneath the world table
read "Reservas: Reservas, toneladas métricas.", and building the page's lower part once
more (``finish`` after the event loop had built it) added every section a second time."""

from __future__ import annotations

from minref import i18n


def _texts(page) -> list[str]:
    from PySide6.QtWidgets import QLabel

    return [label.text() for label in page.findChildren(QLabel)]


def test_sources_on_a_spanish_commodity_page_are_in_spanish(window_in):
    w = window_in("es")
    w.open("commodity:silver")
    page = w.current_page()
    page.finish()
    texts = _texts(page)
    joined = "\n".join(texts)
    assert "Facts compiled for minref" not in joined
    assert "minref (compiled)" not in joined and "2025 final" not in joined
    assert any(
        t.startswith("[critical-list-us-2025] ")
        and "2025, versión definitiva" in t
        and "Licencia: Datos compilados para minref a partir de publicaciones oficiales" in t
        for t in texts
    ), joined
    # USGS's own licence stays as worded.
    assert any("Licencia: Public domain (U.S. Government work, 17 U.S.C. §105)" in t for t in texts)


def test_the_world_tables_basis_line_says_each_thing_once(window_in, catalog):
    from minref.analysis.profile import commodity_report
    from minref.analysis.text import world_basis_line

    w = window_in("es")
    w.open("commodity:silver")
    joined = "\n".join(_texts(w.current_page()))
    assert "Reservas: Reservas" not in joined and "Reserves:" not in joined
    assert "Producción minera; toneladas métricas." in joined
    # MCS 2026 iron ore: the reserves line is its own, with its unit in the label.
    i18n.set_language("en")
    iron = commodity_report(catalog, "iron-ore", edition=2026)
    assert world_basis_line(iron.world_production, iron.reserves) == (
        "Mine production: Iron content; thousand metric tons. "
        "Reserves (million metric tons): Crude ore."
    )
    i18n.set_language("fr")
    silver = commodity_report(catalog, "silver", edition=2026)
    assert world_basis_line(silver.world_production, silver.reserves) == (
        "Production minière\u202f; tonnes métriques."
    )


def test_chart_source_lines_translate_minrefs_edition_words(catalog):
    from minref.analysis import charts

    i18n.set_language("es")
    assert "DS140, hasta 2020;" in charts.ree_history(catalog).caption
    caption = charts.build_chart(catalog, "dependence-map").caption
    assert "Federal Register 2025-11-07), 2025, versión definitiva;" in caption
    i18n.set_language("en")
    assert "DS140, through 2020;" in charts.ree_history(catalog).caption


def test_finishing_a_built_page_builds_nothing_twice(window_in):
    from PySide6.QtWidgets import QApplication

    w = window_in("en")
    w.open("commodity:silver")
    page = w.current_page()
    for _ in range(5):  # the event loop builds the lower part
        QApplication.processEvents()
    page.finish()  # a screenshot or a test asking again
    assert _texts(page).count("Sources used on this page") == 1


def test_salient_lines_name_minrefs_statistic_in_the_readers_language():
    # Copper's U.S. statistics in Spanish read "Producción: Copper recovered from old
    # (post-consumer) scrap" beside "Production: Mine, recoverable": where USGS's detail
    # repeats the statistic ahead of a colon, the statistic is minref's word, translated.
    from minref.analysis.text import salient_label

    i18n.set_language("es")
    assert salient_label("production", "Production: Mine, recoverable") == (
        "Producción: Mine, recoverable"
    )
    assert salient_label("production", "Copper recovered from old (post-consumer) scrap") == (
        "Producción: Copper recovered from old (post-consumer) scrap"
    )
    assert salient_label("production", "Production, all forms") == "Production, all forms"
    i18n.set_language("en")
    assert salient_label("production", "Production: Mine, recoverable") == (
        "Production: Mine, recoverable"
    )
