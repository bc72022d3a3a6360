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
