"""The desk's Chart tab names its series whole (with the desk_chart patch): "7108 Gold
(including…" was cut at 20 characters in the built app.  Expected names are the catalog's
HS descriptions (HS2022) as the legend showed them, written by hand."""

from __future__ import annotations

import pytest

from tests.test_desk_leftovers import _legend_entries

CHART_TAB_NAMES = {
    "7106 Silver (including silver plated with gold or platinum) [un-comtrade-metals-exports]",
    "7308 Structures of iron or steel and parts thereof [un-comtrade-mexico-hs4]",
    "7320 Springs and leaves for springs [un-comtrade-mexico-hs4]",
}


@pytest.mark.parametrize("size", [(1256, 690), (1920, 1080)])
def test_desk_chart_tab_legend_shows_whole_names(window_in, qtbot, size):
    w = window_in("es", size)
    w.open("trade:MEX")
    page = w.current_page()
    page.tabs.setCurrentWidget(page.chart_holder)
    qtbot.wait(20)
    chart = page.chart_view
    entries = _legend_entries(chart)
    names = {text for text, *_rest in entries}
    assert CHART_TAB_NAMES <= names, names
    assert not any("…" in n for n in names), names
    for text, tip, right, _height in entries:
        assert tip == text and right <= chart.graphics.viewport().width(), (text, right)
