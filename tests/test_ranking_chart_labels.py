"""Every bar of the world-ranking chart carries its label ("13. República Democrática
Popular Lao"), in Spanish at 1366x768 and in French at 1920x1080, whole: a name longer
than the axis is wide wraps between words (it was shortened with "…", a cut word in an
exported picture; tests/test_chart_long_names.py).

Found in the built app: on antimony's page the ranking chart drew bar 13 (Laos) without
a label; the PDF printed it.  pyqtgraph's AxisItem silently drops a tick label wider
than the axis (its ``generateDrawSpecs`` skips any text not inside the axis's bounds),
and the axis's width was capped at 240 px while the longest name needed more.
"""

from __future__ import annotations

import pytest

# The window sizes the app opens at on those screens (conftest: 1256x690 at 1366x768).
SCREENS = [("es", (1256, 690), "Lao"), ("fr", (1840, 1000), "lao")]


def _ranking_view(qtbot, w):
    w.open("commodity:antimony")
    page = w.current_page()
    page.finish()
    tabs = page.chart_tabs
    qtbot.waitUntil(page.isVisible)

    def scrolled_to_charts() -> bool:  # as a reader scrolls down to them
        page.ensureWidgetVisible(tabs.tabs.widget(0))
        return 0 in tabs.views

    qtbot.waitUntil(scrolled_to_charts, timeout=5000)
    view = tabs.views[0]
    assert view.spec.chart == "ranking"
    qtbot.waitUntil(lambda: view.graphics is not None and view.graphics.isVisible())
    qtbot.wait(50)  # laid out at its final width
    return view


def _painted_labels(view) -> list[str]:
    """The tick labels the left axis draws when the chart is painted, as drawn."""
    axis = view.plot.getAxis("left")
    drawn: list[list[str]] = []
    original = axis.generateDrawSpecs

    def record(painter):
        specs = original(painter)
        if specs is not None:
            drawn.append([text for _rect, _flags, text in specs[2]])
        return specs

    axis.generateDrawSpecs = record
    try:
        axis.picture = None  # painted afresh, not from its cached picture
        view.graphics.grab()
    finally:
        del axis.generateDrawSpecs
    assert drawn, "the axis was not painted"
    return drawn[-1]


@pytest.mark.parametrize(("lang", "size", "lao"), SCREENS)
def test_every_ranking_bar_has_its_label(qtbot, window_in, lang, size, lao):
    w = window_in(lang, size)
    view = _ranking_view(qtbot, w)
    names = [p.x for p in view.spec.series[0].points]
    assert len(names) >= 13
    labels = _painted_labels(view)
    assert len(labels) == len(names)  # one label per bar, none dropped
    # drawn in rank order, top to bottom: each the bar's whole name (on one line or more)
    for label, name in zip(labels, names, strict=True):
        assert " ".join(label.split()) == name
    # Laos, by hand: its name (or its start and "…") is drawn; hovering its row shows it all
    laos = names[12]
    assert laos.startswith("13. ") and lao in laos
    if lang == "es":
        assert laos == "13. República Democrática Popular Lao"
    assert " ".join(labels[12].split()) == laos
    assert laos in view.hover_text(0, len(names) - 1 - 12)


def test_a_name_too_long_for_the_axis_wraps_whole_not_dropped(qtbot):
    from minref.analysis.charts import ChartSpec, Point, Series
    from minref.ui.charts import BAR_NAMES_MAX_PX, ChartView

    long_name = "3. Reino Unido de Gran Bretaña e Irlanda del Norte (Territorios de Ultramar)"
    names = ("1. China", "2. México", long_name)
    points = tuple(Point(n, v) for n, v in zip(names, (300.0, 200.0, 100.0), strict=True))
    spec = ChartSpec("bars", "ranking", "Test", "t", (Series("Producción", points),), ())
    view = ChartView(spec, {})
    qtbot.addWidget(view)
    view.resize(988, 520)
    view.show()
    qtbot.waitExposed(view)
    labels = _painted_labels(view)
    assert labels[:2] == ["1. China", "2. México"]
    # on two lines or more, between words, every word whole (an exported picture has no
    # hover to read the rest)
    assert "\n" in labels[2] and "…" not in labels[2]
    assert " ".join(labels[2].split()) == long_name
    assert view.plot.getAxis("left").width() <= BAR_NAMES_MAX_PX
    assert long_name in view.hover_text(0, 0)  # the whole name on hover
