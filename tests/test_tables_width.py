"""Column widths: RecordTableView sizes its columns from the texts its model holds
(size_to_contents) instead of asking Qt, which asks the model for every role of every
cell.  The widths must be the ones Qt's own resizeColumnToContents gives, in each font a
cell can have (plain, bold for a highlighted row, italic for an estimate), with a note's
pencil mark, in each language and in both themes."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from minref import i18n
from minref.catalog.models import Figure
from minref.ui import theme
from minref.ui.main_window import MainWindow
from minref.ui.tables import Column, RecordTableModel, RecordTableView

PAGES = ("commodity:silver", "element:Nd", "country:MEX", "supply", "sources", "trade:MEX")


def qt_widths(view: RecordTableView) -> dict[int, int]:
    """The width Qt itself gives each content-sized column (and then restores ours)."""
    qt = {}
    for c, col in enumerate(view.table_model().columns):
        if col.width:
            continue
        view.resizeColumnToContents(c)
        qt[c] = view.columnWidth(c)
    view._apply_widths()  # ours again (as after a model reset)
    return qt


def content_widths(view: RecordTableView) -> dict[int, int]:
    """Each content-sized column's own width (before any narrowing to fit the view)."""
    natural = getattr(view, "_natural", None)
    return {
        c: natural[c] if natural else view.columnWidth(c)
        for c, col in enumerate(view.table_model().columns)
        if not col.width
    }


def figure(value: float, *, estimated: bool = False) -> Figure:
    flags = ("estimated",) if estimated else ()
    return Figure(value, f"{value:,.0f}", "metric tons", 2023, flags, "s")


def test_a_hand_made_table_is_sized_as_qt_sizes_it(qtbot):
    rows = [
        ("Mexico", figure(6300)),  # highlighted: bold
        ("China", figure(3400, estimated=True)),  # an estimate: italic
        ("United States of America (with a long name)", figure(1000)),
        ("Peru", figure(3100)),
        ("HS 2616.10-00", figure(7)),
    ]
    cols = [
        Column("Country", lambda r: r[0]),
        Column("2023", lambda r: r[1], True),
        Column("A header much wider than its cells", lambda r: ""),
        Column("Code", lambda r: r[0], whole_codes=True),
    ]
    model = RecordTableModel(cols, rows, highlight=lambda r: r[0] == "Mexico")
    view = RecordTableView(model, "hand-made")
    qtbot.addWidget(view)
    ours = content_widths(view)
    assert ours == qt_widths(view)
    model.set_notes({(3, 1): "checked against the USGS table"})
    view.fit_notes()  # the pencil mark widens that column, as Qt would
    assert content_widths(view) == qt_widths(view)
    assert content_widths(view)[1] > ours[1]


def test_an_empty_table_takes_its_header_widths(qtbot):
    view = RecordTableView(
        RecordTableModel([Column("Reporter", lambda r: r), Column("US$", lambda r: r)]), "empty"
    )
    qtbot.addWidget(view)
    assert content_widths(view) == qt_widths(view)
    assert all(w > 0 for w in content_widths(view).values())


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
@pytest.mark.parametrize("mode", [theme.LIGHT, theme.DARK])
def test_page_tables_are_sized_as_qt_sizes_them(qtbot, catalog, lang, mode):
    theme.apply(QApplication.instance(), mode)
    try:
        with i18n.using(lang):
            w = MainWindow(catalog, None)
            qtbot.addWidget(w)
            w.resize(1366, 768)
            w.show()
            checked = 0
            for key in PAGES:
                w.open(key)
                page = w.current_page()
                if hasattr(page, "finish"):
                    page.finish()
                for view in page.findChildren(RecordTableView):
                    if view.table_model().rowCount() > 300:
                        continue  # Qt starts from the rows in view there; ours from the top
                    assert content_widths(view) == qt_widths(view), (key, view.objectName())
                    checked += 1
            assert checked >= 8
    finally:
        theme.apply(QApplication.instance(), theme.LIGHT)


# ------------------------------------------------------------------ fitting the view
@pytest.mark.parametrize(
    "natural, floors, available, expected",
    [
        ([100, 300, 200], [100, 110, 110], 700, [100, 300, 200]),  # fits: as they are
        ([100, 300, 200], [100, 110, 110], 550, [100, 250, 200]),  # the widest gives 50
        ([100, 300, 280], [100, 110, 110], 580, [100, 240, 240]),  # two cut to one width
        ([100, 300, 280], [100, 260, 110], 580, [100, 260, 220]),  # never below a floor
        ([100, 300, 200], [100, 110, 110], 400, [100, 150, 150]),  # a third: cut, fits
        ([100, 300, 200], [100, 110, 110], 390, [100, 300, 200]),  # more than a third: scrolls
        ([300, 300], [300, 300], 590, [300, 300]),  # nothing may be cut: scrolls
    ],
)
def test_columns_are_fitted_to_the_view_by_cutting_the_widest(natural, floors, available, expected):
    from minref.ui.tables import fit_widths

    assert fit_widths(natural, floors, available) == expected


def test_the_country_tables_last_column_is_whole_at_1366x768(qtbot, window_in):
    # The real default window at 1366x768 is 1256x690: Mexico's standing table ran past
    # the view and its last column read "MCS 2026, 20" (found in the built app).
    from PySide6.QtCore import Qt

    w = window_in("es")  # the headers in Spanish, as the app shows them
    w.open("country:MEX")
    view = w.current_page().standing_view
    qtbot.waitUntil(lambda: bool(view.table_model().narrowed))
    header = view.horizontalHeader()
    widths = [header.sectionSize(i) for i in range(header.count())]
    assert sum(widths) <= view.viewport().width()  # no sideways scrolling
    last = header.count() - 1
    assert widths[last] == view._natural[last]  # "MCS 2026, 2025" whole
    model = view.table_model()
    for c in model.narrowed:  # cut text, not figures, and whole on hover
        assert not model.holds_figures(c) and not model.columns[c].align_right
        assert model.data(model.index(0, c), Qt.ItemDataRole.ToolTipRole) == model.text(0, c)
    w.resize(1900, 1000)  # room again: every column at its own width
    qtbot.waitUntil(lambda: not view.table_model().narrowed)
    assert [header.sectionSize(i) for i in range(header.count())] == view._natural


@pytest.mark.parametrize("rows", [3, 200])  # without and with a vertical scroll bar
@pytest.mark.parametrize("mode", [theme.LIGHT, theme.DARK])
def test_the_view_width_read_without_the_viewport_is_qts_own(qtbot, rows, mode):
    # tables.viewport_width reads the width Qt gives the viewport without asking Qt for
    # the viewport widget (which builds every widget class PySide binds): it must be the
    # width the viewport has, a shown scroll bar taken off, framed or not.
    from PySide6.QtWidgets import QFrame, QLabel, QScrollArea

    from minref.ui.tables import viewport_width

    theme.apply(QApplication.instance(), mode)
    model = RecordTableModel([Column("Name", lambda r: r)], [f"row {i}" for i in range(rows)])
    view = RecordTableView(model, "rows")
    qtbot.addWidget(view)
    view.resize(420, 300)
    view.show()
    qtbot.waitExposed(view)
    assert view.verticalScrollBar().isVisible() == (rows > 100)
    assert viewport_width(view) == view.viewport().width()
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.resize(380, 260)
    qtbot.wait(1)
    assert viewport_width(view) == view.viewport().width()
    # A page's scroll area, as SideBySide measures it: taller content, so a scroll bar.
    area = QScrollArea()
    qtbot.addWidget(area)
    inner = QLabel("tall")
    inner.setMinimumSize(300, 900)
    area.setWidget(inner)
    area.resize(500, 300)
    area.show()
    qtbot.waitExposed(area)
    assert area.verticalScrollBar().isVisible()
    assert viewport_width(area) == area.viewport().width()
