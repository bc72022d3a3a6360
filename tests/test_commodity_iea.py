"""The IEA outlook on the commodity pages of the minerals its explorer covers."""

from __future__ import annotations


def _page(catalog, qtbot, cid):
    from minref.ui.main_window import MainWindow

    win = MainWindow(catalog, None)
    qtbot.addWidget(win)
    win.open(f"commodity:{cid}")
    page = win.current_page()
    page.finish()
    return page


def test_graphite_page_shows_the_iea_outlook_with_its_citation(catalog, qtbot):
    from PySide6.QtWidgets import QLabel

    from minref.ui.tables import RecordTableView

    page = _page(catalog, qtbot, "graphite")
    views = {v.objectName(): v for v in page.findChildren(RecordTableView)}
    shares = views["iea-graphite"].model()
    rows = [(shares.text(r, 0), shares.text(r, 1)) for r in range(shares.rowCount())]
    assert ("mining", "China") in rows  # db/iea_outlook: Graphite, mining, China, 2024: 1580
    texts = " ".join(label.text() for label in page.findChildren(QLabel))
    assert "IEA (2024), Critical Minerals Data Explorer" in texts
    assert "iea-demand-graphite" in views


def test_silver_page_has_no_iea_section(catalog, qtbot):
    from minref.ui.tables import RecordTableView

    page = _page(catalog, qtbot, "silver")
    assert not [v for v in page.findChildren(RecordTableView) if v.objectName().startswith("iea")]
