"""The desk's Chart tab names its series whole: "7108 Gold (including…" was cut at 20
characters in the built app, then its first clause alone read "7326 Iron or steel"; its
sources by name and period, not by the catalog's ids ("[un-comtrade-mexico-hs4]").
Expected names are the catalog's HS descriptions (HS2022), written by hand."""

from __future__ import annotations

import pytest

from tests.test_desk_leftovers import _legend_entries

CHART_TAB_NAMES = {
    "7106 Silver (including silver plated with gold or platinum); unwrought or in "
    "semi-manufactured forms, or in powder form [UN Comtrade, 2015-2024]",
    "7308 Structures of iron or steel and parts thereof; plates, rods, angles, shapes, "
    "sections, tubes and the like, prepared for use in structures [UN Comtrade, 2015-2021]",
    "7320 Springs and leaves for springs, of iron or steel [UN Comtrade, 2015-2021]",
    # the description's first clause alone read "7326 Iron or steel"
    "7326 Iron or steel; articles, n.e.c. in chapter 73 [UN Comtrade, 2015-2021]",
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


def test_two_sources_that_would_read_alike_keep_their_ids():
    from minref.analysis.charts import _source_tags
    from minref.catalog.models import SourceRef

    def ref(sid, dataset, edition):
        return SourceRef(sid, "UNSD", dataset, edition, 2024, "", "", "", "")

    sources = {
        "a": ref("a", "UN Comtrade: exports", "2015-2024"),
        "b": ref("b", "UN Comtrade: imports", "2015-2024"),
        "c": ref("c", "Census: imports by HS2", "2023-2024"),
    }
    assert _source_tags({"a", "b", "c", "d"}, sources) == {
        "a": "a",
        "b": "b",
        "c": "Census, 2023-2024",
        "d": "d",
    }
