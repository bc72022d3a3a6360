"""A corrected figure's old value is said beneath the world table on screen, as the briefs
say it (found by QA in the built app: Brazil's rare-earth reserves, which USGS corrected
from 21,000,000 to 11,000,000 in MCS 2026 version 1.3, were marked on hover only)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel

from minref.ui import theme
from minref.ui.main_window import MainWindow

BRAZIL = "Brazil, reserves: 11,000,000 (corrected by USGS from 21,000,000; USGS, Mineral"


def _page(qtbot, catalog, key):
    theme.apply(QApplication.instance(), theme.LIGHT)
    w = MainWindow(catalog, None)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.open(key)
    page = w.current_page()
    page.finish()
    QApplication.processEvents()
    return [lab.text() for lab in page.findChildren(QLabel)]


def test_the_rare_earth_overview_says_what_brazils_reserves_were(qtbot, catalog):
    lines = [t for t in _page(qtbot, catalog, "element:") if "Corrected figures" in t]
    assert len(lines) == 1 and BRAZIL in lines[0]


def test_the_rare_earths_page_says_it_beneath_its_world_table(qtbot, catalog):
    lines = [t for t in _page(qtbot, catalog, "commodity:rare-earths") if "Corrected" in t]
    assert len(lines) == 1 and BRAZIL in lines[0]
    # the world total USGS corrected in the same release, a bound
    assert "World total, reserves: >75,000,000 (corrected by USGS from >85,000,000" in lines[0]


def test_a_page_without_corrected_figures_says_nothing_of_them(qtbot, catalog):
    assert not [t for t in _page(qtbot, catalog, "commodity:silver") if "Corrected" in t]
