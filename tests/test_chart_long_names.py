"""A long country name on a bar chart is drawn whole and inside the chart, on screen, in
an exported picture and on paper.

Found on screen and in briefs in French: "13. République démocratique populaire lao"
(antimony's world ranking, MCS 2026) printed past the PDF chart's left edge into the page
margin (the names' column was 4.6 pt a character, at most 130 pt); on screen a name wider
than the axis was shortened with "…" ("17. Royaume-Uni de Grande-Bretagne et d…", lime),
a cut word in an exported picture, which has no hover.  The catalog holds no short form
of a country's name (ISO 3166's names in EN/ES/FR), so the full name is kept: wrapped
between words on screen, its column as wide as it needs on paper."""

from __future__ import annotations

import pytest
from reportlab.graphics.shapes import Group, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from minref import i18n

# MCS 2026, world mine production: Laos is antimony's 13th producer (200 t e); the United
# Kingdom lime's 17th (tied, "17."), named as ISO 3166 names them in French.
LAOS_FR = "13. République démocratique populaire lao"
UK_FR = "17. Royaume-Uni de Grande-Bretagne et d'Irlande du Nord"


def _strings(node, out=None) -> list[String]:
    out = [] if out is None else out
    for item in getattr(node, "contents", []):
        if isinstance(item, String):
            out.append(item)
        elif isinstance(item, Group):
            assert item.transform == (1, 0, 0, 1, 0, 0)  # positions read as drawn
            _strings(item, out)
    return out


def _extent(s: String) -> tuple[float, float]:
    w = stringWidth(s.text, s.fontName, s.fontSize)
    left = {"end": s.x - w, "middle": s.x - w / 2}.get(s.textAnchor, s.x)
    return left, left + w


@pytest.mark.parametrize(("commodity", "name"), [("antimony", LAOS_FR), ("lime", UK_FR)])
def test_paper_chart_prints_the_whole_name_inside_the_chart(catalog, commodity, name):
    from minref.analysis.charts import build_chart
    from minref.briefing.charts import drawing

    i18n.set_language("fr")
    spec = build_chart(catalog, "ranking", commodity)
    width = 480  # a brief's chart
    d = drawing(spec, width, 260)
    strings = _strings(d)
    assert name in [s.text for s in strings]  # whole, on one line
    for s in strings:
        left, right = _extent(s)
        assert left >= -0.01 and right <= width + 0.01, (s.text, left, right)


def test_paper_name_too_long_for_its_room_wraps_or_shrinks_never_cut():
    from minref.briefing.charts import BAR_NAME_MIN_SIZE, bar_name_lines
    from minref.briefing.fonts import REGULAR, register_fonts

    register_fonts()
    # 90 pt of room: too little for the name at 5.5 pt; a row high enough for two lines
    lines, size = bar_name_lines(UK_FR, REGULAR, 90, 20)
    assert len(lines) >= 2 and size == BAR_NAME_MIN_SIZE
    assert " ".join(lines) == UK_FR
    assert all(stringWidth(t, REGULAR, size) <= 90 for t in lines)
    # a row too low for two lines: one line, as small as it needs
    lines, size = bar_name_lines(UK_FR, REGULAR, 90, 8)
    assert lines == [UK_FR] and stringWidth(UK_FR, REGULAR, size) <= 90.01
    # room enough: as it was, 7 pt
    assert bar_name_lines("1. Chine", REGULAR, 90, 8) == (["1. Chine"], 7)


def _painted(view) -> list[tuple[object, str]]:
    """The left axis's labels as painted: (rect in the axis's coordinates, text)."""
    axis = view.plot.getAxis("left")
    drawn = []
    original = axis.generateDrawSpecs

    def record(painter):
        specs = original(painter)
        if specs is not None:
            drawn.append([(rect, text) for rect, _flags, text in specs[2]])
        return specs

    axis.generateDrawSpecs = record
    try:
        axis.picture = None
        view.graphics.grab()
    finally:
        del axis.generateDrawSpecs
    assert drawn, "the axis was not painted"
    return drawn[-1]


def test_screen_chart_draws_the_whole_name_inside_the_chart(qtbot, catalog):
    from minref.analysis.charts import build_chart
    from minref.ui.charts import BAR_NAMES_MAX_PX, ChartView

    i18n.set_language("fr")
    spec = build_chart(catalog, "ranking", "lime")
    view = ChartView(spec, catalog.sources)
    qtbot.addWidget(view)
    view.resize(900, 620)
    view.show()
    qtbot.waitExposed(view)
    painted = _painted(view)
    names = [p.x for p in spec.series[0].points]
    assert len(painted) == len(names)  # none dropped
    texts = [text for _rect, text in painted]
    assert UK_FR in names
    drawn = texts[names.index(UK_FR)]
    assert "…" not in drawn and " ".join(drawn.split()) == UK_FR  # whole, on two lines
    assert "\n" in drawn
    axis = view.plot.getAxis("left")
    assert axis.width() <= BAR_NAMES_MAX_PX
    bounds = axis.boundingRect()
    scene = view.graphics.sceneRect()
    for rect, text in painted:
        assert bounds.contains(rect), text  # inside the axis, so inside the chart
        assert scene.contains(axis.mapRectToScene(rect)), text
