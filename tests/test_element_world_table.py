"""The rare-earth elements page's production/reserves table reads as USGS's table does on
the rare-earths commodity page: codes as published and the world total with its flags."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from minref.ui.main_window import MainWindow


@pytest.fixture
def win(qtbot, catalog):
    w = MainWindow(catalog, None)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def cells(view, name: str) -> list[str]:
    m = view.table_model()
    for r in range(m.rowCount()):
        row = [m.data(m.index(r, c), Qt.ItemDataRole.DisplayRole) for c in range(m.columnCount())]
        if row[1] == name:
            return row
    raise AssertionError(f"no row {name!r}")


def test_other_countries_and_world_total_as_published(win):
    win.open("element:")
    view = win.current_page().producers_view
    # MCS2026_Commodities_Data.csv, RARE EARTHS, World Mine Production and Reserves:
    # Other countries, Mine production 2025 "550" Estimated; Reserves 2025 "NA".
    assert cells(view, "Other countries") == ["", "Other countries", "550 e", "0.1%", "NA"]
    # World total, Mine production: rounded 2025 "390,000" Estimated; Reserves: rounded
    # ">85,000,000", corrected in MCS 2026 v1.3 to >75,000,000 (Brazil 21 -> 11 million).
    assert cells(view, "World total") == ["", "World total", "390,000 e", "", ">75,000,000 c"]
    # A country USGS lists with reserves only (Greenland, 1,500,000) is in the table too.
    assert cells(view, "Greenland")[-1] == "1,500,000"


def test_the_same_cells_as_the_commodity_page(win):
    win.open("element:")
    element = win.current_page().producers_view
    win.open("commodity:rare-earths")
    commodity = win.current_page().world_view
    for name in ("Other countries", "World total", "Brazil", "Myanmar"):
        e, c = cells(element, name), cells(commodity, name)
        assert e[-1] == c[-1] and e[2] == c[3]  # reserves; latest year's production
