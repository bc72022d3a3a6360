"""Every page fits the window officials get at 1366x768 (1256x690, the app's default
there): a page wider than its view scrolls sideways and cuts its description, its
filters and its last column at the window's edge (the trade desk did, in every language:
a label of one long line and two country boxes sized to their longest country)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from minref import i18n
from minref.ui import theme

PAGES = (
    "commodity:silver",
    "commodities",
    "element:Nd",
    "countries",
    "country:MEX",
    "trade",
    "claims",
    "supply",
    "books",
    "starred",
    "sources",
    "search:plata",
)


@pytest.mark.parametrize("lang", ["es", "fr", "en"])
def test_no_page_is_wider_than_the_window_at_1366x768(qtbot, catalog, lang):
    from minref.ui.main_window import MainWindow
    from minref.ui.translators import install_translators

    app = QApplication.instance()
    install_translators(app, lang)  # the app's words and its style, as it starts
    theme.apply(app, theme.LIGHT)
    too_wide = []
    try:
        w = MainWindow(catalog, None)
        qtbot.addWidget(w)
        w.resize(1256, 690)
        w.show()
        for key in PAGES:
            w.open(key)
            page = w.current_page()
            if hasattr(page, "finish"):
                page.finish()  # the tabs and charts built after the first paint too
            qtbot.wait(20)
            wanted = page.widget().minimumSizeHint().width()
            if wanted > page.viewport().width():
                too_wide.append((key, wanted, page.viewport().width()))
    finally:
        install_translators(app, "en")
        i18n.set_language("en")
    assert too_wide == []


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_the_dependence_map_keeps_its_right_edge_at_1366x768(qtbot, catalog, lang):
    # In Spanish the legend's three entries on one row made the chart wider than its
    # tab: the marks at 100% import reliance (gallium, graphite, indium ...) fell off.
    from minref.ui.main_window import MainWindow
    from minref.ui.translators import install_translators

    app = QApplication.instance()
    install_translators(app, lang)
    theme.apply(app, theme.LIGHT)
    try:
        w = MainWindow(catalog, None)
        qtbot.addWidget(w)
        w.resize(1256, 690)
        w.show()
        w.open("supply")
        page = w.current_page()
        page.tabs.setCurrentWidget(page.map_holder)
        page.finish()
        chart = page.chart_view
        qtbot.waitUntil(lambda: chart.graphics is not None and chart.graphics.isVisible())
        qtbot.wait(50)
        scene_width = chart.graphics.ci.layout.minimumWidth()
        assert scene_width <= chart.graphics.viewport().width()
        assert chart.width() <= page.map_holder.width()
        assert chart.legend.columnCount < 3  # the entries one under another
    finally:
        install_translators(app, "en")
        i18n.set_language("en")
