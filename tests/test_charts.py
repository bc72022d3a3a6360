"""Charts: the plotted values equal the catalog's, missing values are never zero, exports
are valid, and paper draws the same description as the screen."""

from __future__ import annotations

import csv
import html
import io
import math
import xml.etree.ElementTree as ET

import pytest

from minref.analysis import charts
from minref.analysis.charts import CHART_KINDS, build_chart, chart_csv


def test_ranking_values_equal_the_world_table(catalog):
    spec = charts.world_ranking(catalog, "fluorspar")
    table = catalog.world_production("fluorspar")
    by_name = {r.country_name: r.figure for r in table.rows if r.place_kind == "country"}
    s = spec.series[0]
    assert len(s.points) == len(by_name)
    for p in s.points:
        name = str(p.x).split(". ", 1)[-1]
        assert p.value == by_name[name].value and p.raw == by_name[name].raw
    assert spec.highlight == ("2. Mexico",)  # the highlighted bar
    us = next(p for p in s.points if p.x == "United States")
    assert us.value is None and us.raw == "NA"  # shown as NA, not as a zero bar


def test_production_history_joins_editions(catalog):
    spec = charts.production_history(catalog, "silver")
    mexico = next(s for s in spec.series if s.name == "Mexico")
    assert mexico.highlight
    values = {p.x: p.value for p in mexico.points}
    # 2022 from MCS 2024 (6,195 t), 2025 from MCS 2026 (6,300 t, estimated).
    assert values[2022] == 6195 and values[2025] == 6300
    assert {2023, 2024, 2025, 2026} <= {int(s.source_id[-4:]) for s in spec.sources}


def test_salient_and_nir_series(catalog):
    spec = charts.us_salient(catalog, "silver")
    imports = next(s for s in spec.series if s.name == "Imports")
    assert {p.x: p.value for p in imports.points}[2024] == 4430
    nir = charts.us_nir(catalog, "rare-earths")
    pts = {p.x: p for p in nir.series[0].points}
    assert pts[2021].value is None and pts[2021].raw.startswith(">")  # a bound, not a number


def test_reserves_ratio_is_computed_only_from_exact_figures(catalog):
    spec = charts.reserves_vs_production(catalog, "silver")
    pts = {p.x: p for p in spec.series[0].points}
    assert pts["Mexico"].value == pytest.approx(37000 / 6300)
    assert pts["Kazakhstan"].value is None  # reserves NA


def test_empty_chart_says_why(catalog):
    spec = charts.world_ranking(catalog, "metallurgical-coal")
    assert spec.is_empty and "No world production" in spec.empty_reason
    # permanent magnets (chapter 85) lie outside every trade extract the catalog holds
    spec = charts.mexico_us_trade(catalog, "8505")
    assert spec.is_empty and "8505" in spec.empty_reason


def test_every_kind_builds(catalog):
    for kind in CHART_KINDS:
        spec = build_chart(catalog, kind, "rare-earths")
        assert spec.title and spec.caption.startswith("Source:")


def test_csv_equals_the_plotted_data(catalog):
    spec = charts.world_ranking(catalog, "silver")
    rows = list(csv.reader(io.StringIO(chart_csv(spec))))
    body = [r for r in rows[1:] if len(r) == 8]
    assert [(r[2], r[5], r[6]) for r in body] == [
        (str(p.x), p.raw, " ".join(p.flags)) for p in spec.series[0].points
    ]
    assert rows[-1][0] == spec.caption


# ---------------------------------------------------------------- screen


@pytest.fixture
def view(qtbot, catalog):
    from minref.ui.charts import ChartView

    def make(spec):
        v = ChartView(spec, catalog.sources)
        qtbot.addWidget(v)
        v.resize(900, 520)
        v.show()
        qtbot.waitExposed(v)
        return v

    return make


def test_screen_plots_the_catalog_values(view, catalog):
    spec = charts.production_history(catalog, "silver")
    v = view(spec)
    plotted = {name: (xs, ys) for name, xs, ys in v.plotted()}
    mx = [p for s in spec.series if s.name == "Mexico" for p in s.points]
    xs, ys = plotted["Mexico"]
    assert xs == [float(p.x) for p in mx]
    assert ys == [p.value for p in mx]
    legend_names = [item[1].text for item in v.legend.items]
    assert legend_names == [s.name for s in spec.series]


def test_missing_points_are_gaps_not_zeros(view, catalog):
    spec = charts.us_nir(catalog, "rare-earths")
    v = view(spec)
    _, _, ys = v.plotted()[0]
    pts = spec.series[0].points
    for p, y in zip(pts, ys, strict=False):
        assert math.isnan(y) if p.value is None else y == p.value


def test_bars_and_hover(view, catalog):
    from pyqtgraph import BarGraphItem, TextItem

    spec = charts.world_ranking(catalog, "fluorspar")
    v = view(spec)
    bars = [i for i in v.items if isinstance(i, BarGraphItem)]
    texts = [i for i in v.items if isinstance(i, TextItem)]
    exact = [p for p in spec.series[0].points if p.value is not None]
    assert len(bars) == len(exact) and len(texts) == 1
    assert sorted(b.opts["width"][0] for b in bars) == sorted(p.value for p in exact)
    n = len(spec.series[0].points)
    mexico_y = n - 1 - [str(p.x) for p in spec.series[0].points].index("2. Mexico")
    tip = v.hover_text(100, mexico_y)
    assert "2. Mexico" in tip and "1,500" in tip and "estimated" in tip
    assert "U.S. Geological Survey" in tip and "MCS 2026" in tip


def test_dependence_map_legend_sits_above_the_plot(view, catalog):
    """The scatter's legend sat inside the plot over its top band, on gallium's mark at
    100% (China 900,000 kg of a 900,000 kg world, MCS 2026): it has a row of its own."""
    from minref.analysis.supply import dependence_map

    spec = dependence_map(catalog)
    v = view(spec)
    legend = v.legend.sceneBoundingRect()
    plot = v.plot.getViewBox().sceneBoundingRect()
    assert legend.bottom() <= plot.top()
    # the legend reads HTML: "< 10%" is given escaped, shown as text
    assert [item[1].text for item in v.legend.items] == [html.escape(s.name) for s in spec.series]
    gallium = [p for s in spec.series for p in s.points if p.label.startswith("Gallium")]
    assert [p.value for p in gallium] == [100.0]
    assert v.plot.getViewBox().viewRange()[1][1] >= 105  # room for its label above


def test_line_legend_sits_above_the_plot_in_french(view, catalog):
    """The legend has a row of its own: it never covers the latest figures, which sit at
    the top right when production grows (Mexico's silver 6,300 t in 2025)."""
    from minref import i18n

    with i18n.using("fr"):
        spec = charts.production_history(catalog, "silver")
    v = view(spec)
    legend = v.legend.sceneBoundingRect()
    plot = v.plot.getViewBox().sceneBoundingRect()
    assert legend.bottom() <= plot.top()
    assert [item[1].text for item in v.legend.items][:2] == ["Mexique", "Pérou"]
    assert legend.width() <= v.graphics.ci.boundingRect().width()


def test_right_click_menu_is_minrefs(view, catalog):
    v = view(charts.us_salient(catalog, "silver"))
    texts = [a.text() for a in v.context_menu().actions()]
    assert texts[:2] == ["Reset zoom", "Log scale"] and "Data as CSV…" in texts
    log = v.context_menu().actions()[1]
    log.setChecked(True)  # the menu's log scale is the tool bar's
    assert v.log_box.isChecked() and v.plot.ctrl.logYCheck.isChecked()


def test_log_scale_and_reset(view, catalog):
    v = view(charts.us_salient(catalog, "silver"))
    v.log_box.setChecked(True)
    assert v.plot.ctrl.logYCheck.isChecked()
    vb = v.plot.getViewBox()
    v.reset()
    before = vb.viewRange()
    vb.scaleBy((0.5, 0.5))
    assert vb.viewRange() != before
    v.reset()
    after = vb.viewRange()
    assert after[0] == pytest.approx(before[0]) and after[1] == pytest.approx(before[1])


def test_exports(view, catalog, tmp_path):
    from PySide6.QtGui import QImage

    spec = charts.world_ranking(catalog, "silver")
    v = view(spec)
    png = v.export(str(tmp_path / "c.png"))
    img = QImage(png)
    assert not img.isNull()
    assert img.width() == int(v.graphics.ci.boundingRect().width() * 2)
    svg = v.export(str(tmp_path / "c.svg"))
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    text = (tmp_path / "c.svg").read_text(encoding="utf-8")
    assert "Silver: world production by country" in text and "Source:" in text
    v.export(str(tmp_path / "c.csv"))
    assert (tmp_path / "c.csv").read_text(encoding="utf-8") == chart_csv(spec)
    with pytest.raises(ValueError):
        v.export(str(tmp_path / "c.gif"))


def test_empty_chart_shows_a_message(view, catalog):
    v = view(charts.world_ranking(catalog, "uranium"))
    assert v.graphics is None and "No world production" in v.message.text()


def test_commodity_page_has_chart_tabs(qtbot, catalog):
    from minref.ui.main_window import MainWindow

    w = MainWindow(catalog, None)
    qtbot.addWidget(w)
    w.open("commodity:silver")
    page = w.current_page()
    page.finish()
    tabs = page.chart_tabs
    assert tabs.tabs.count() == 6
    assert tabs.views == {}  # nothing drawn before the charts are scrolled into view
    w.resize(1366, 768)
    w.show()
    page.ensureWidgetVisible(tabs)
    qtbot.waitUntil(lambda: 0 in tabs.views, timeout=3000)
    first = tabs.views[0]
    assert first.spec.chart == "ranking" and first.spec.series[0].points[0].x == "1. Mexico"
    tabs.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: 2 in tabs.views, timeout=3000)
    assert tabs.views[2].spec.chart == "us-salient"


# ---------------------------------------------------------------- paper


def _pdf_text(drawing) -> str:
    from pypdf import PdfReader
    from reportlab.graphics import renderPDF

    data = renderPDF.drawToString(drawing)
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_paper_draws_the_same_description(catalog):
    from minref.briefing.charts import drawing

    spec = charts.world_ranking(catalog, "fluorspar")
    text = _pdf_text(drawing(spec, 480, 260))
    assert "Fluorspar: world production by country" in text
    assert "2. Mexico" in text and "1,500" in text and "NA" in text
    assert "Source: U.S. Geological Survey" in text
    lines = _pdf_text(drawing(charts.production_history(catalog, "silver"), 480, 260))
    assert "Mexico" in lines and "Source:" in lines
    empty = _pdf_text(drawing(charts.world_ranking(catalog, "uranium"), 480, 200))
    assert "No world production" in empty


def test_cli_chart(catalog_path, tmp_path, capsys):
    from minref.cli import main

    base = ["--catalog", str(catalog_path), "chart"]
    assert main(base + ["ranking", "plata", "--out", str(tmp_path / "r.png")]) == 0
    assert (tmp_path / "r.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(base + ["ree-history", "--out", str(tmp_path / "h.svg")]) == 0
    ET.parse(tmp_path / "h.svg")
    assert main(base + ["trade", "--hs", "7106", "--out", str(tmp_path / "t.csv")]) == 0
    assert "7106" in (tmp_path / "t.csv").read_text()
    assert main(base + ["pie", "silver", "--out", str(tmp_path / "x.png")]) == 2
    assert main(base + ["ranking", "uranium", "--out", str(tmp_path / "u.png")]) == 1
    assert "No world production" in capsys.readouterr().err


def test_caption_keeps_the_dates_in_a_dataset_name():
    """The US 2025 list's dataset is "2025 Final List of Critical Minerals (USGS, Federal
    Register 2025-11-07)": the caption drops the leading year (the edition says it) and
    keeps the notice's date whole."""
    from minref.analysis.charts import ChartSpec
    from minref.catalog.models import SourceRef

    def src(sid, dataset, edition):
        return SourceRef(
            sid, "U.S. Department of the Interior / USGS", dataset, edition, 2025, "", "", "", ""
        )

    spec = ChartSpec(
        "scatter",
        "dependence",
        "t",
        "",
        (),
        (
            src(
                "a",
                "2025 Final List of Critical Minerals (USGS, Federal Register 2025-11-07)",
                "2025 final",
            ),
            src(
                "b",
                "2025 Draft List of Critical Minerals (USGS, FR Doc 2025-16311, 2025-08-26)",
                "2025 draft",
            ),
        ),
    )
    assert spec.caption == (
        "Source: U.S. Department of the Interior / USGS, Final List of Critical Minerals "
        "(USGS, Federal Register 2025-11-07), 2025 final; U.S. Department of the Interior / "
        "USGS, Draft List of Critical Minerals (USGS, FR Doc 2025-16311, 2025-08-26), 2025 draft."
    )


def test_an_amounts_line_chart_starts_at_zero_unless_on_a_log_scale(qtbot, window_in):
    # Found in the built app: the desk's chart of Mexico's exports to the U.S. started its
    # scale at US$1.7 bn, so a 10% change read as a fall to nothing.
    w = window_in("en")
    w.open("trade:MEX")
    page = w.current_page()
    page.hs.setText("7106")
    page.refresh()
    page.tabs.setCurrentWidget(page.chart_holder)
    view = page.chart_view
    qtbot.waitUntil(lambda: view.graphics is not None and view.graphics.isVisible())
    (y0, y1), top = view.plot.getViewBox().viewRange()[1], 2_679_280_469  # 2023, by hand
    assert y0 == 0 and top < y1 < 1.2 * top
    view.log_box.setChecked(True)  # a log scale has no zero
    assert view.plot.getViewBox().viewRange()[1][0] > 0
    view.log_box.setChecked(False)
    view.reset()
    assert view.plot.getViewBox().viewRange()[1][0] == 0
