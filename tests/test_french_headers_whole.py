"""French at 1366x768: text that was cut reads whole (seen in the app).

- The claim checker, claim 3: the published-rank column's title read "ɹ publié (voir
  définiti" (a 150-pixel column under a 211-pixel title): it is on two lines and its
  column as wide as the longer one.
- The trade desk's Coverage tab: each cell read "exportatio…exico-hs4)" (up to four flows
  of some fifty characters in 150 pixels, elided in the middle): a letter per flow in the
  cells, each letter's flow named in full beneath the table, on hover, in copies and CSV.
- The books page without a book: its heading read "Nouveau… en crée u" (one line wider
  than the editor): it wraps."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QPoint, QRect, Qt  # noqa: E402
from PySide6.QtGui import QFont, QFontMetrics  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

HEADER_PADDING = 12  # theme.py: QHeaderView::section { padding: 4px 6px }


def settle(n: int = 5) -> None:
    for _ in range(n):
        QApplication.processEvents()


def header_text_width(view, column: int) -> int:
    """The widest line of a column's title as the header draws it (the theme's semibold)."""
    header = view.horizontalHeader()
    font = QFont(header.font())
    font.setWeight(QFont.Weight.DemiBold)
    title = view.model().headerData(column, Qt.Orientation.Horizontal)
    metrics = QFontMetrics(font)
    return max(metrics.horizontalAdvance(line) for line in title.split("\n")) + HEADER_PADDING


def assert_headers_whole(view) -> None:
    model, header = view.model(), view.horizontalHeader()
    for c in range(model.columnCount()):
        title = model.columns[c].title
        shown = model.headerData(c, Qt.Orientation.Horizontal)
        assert shown.replace("\n", " ") == title
        assert header.sectionSize(c) >= header_text_width(view, c), (title, header.sectionSize(c))
        assert header.sectionSize(c) >= header.sectionSizeHint(c), title
    assert header.height() >= header.sizeHint().height()  # every line of every title


def assert_cells_whole(view) -> None:
    model, header = view.model(), view.horizontalHeader()
    metrics = view.fontMetrics()
    for c in range(model.columnCount()):
        widest = max(
            (metrics.horizontalAdvance(model.display(r, c)) for r in range(model.rowCount())),
            default=0,
        )
        # the item margins (3 px a side) and the grid line, as content_width counts them
        assert widest + 7 <= header.sectionSize(c), (model.columns[c].title, widest)


@pytest.mark.parametrize("lang", ["fr", "es", "en"])
def test_claim_3s_published_rank_title_is_whole(window_in, lang):
    win = window_in(lang, (1366, 768))
    win.open("claims")
    page = win.current_page()
    page.finish()
    settle()
    view = page.findChild(QWidget, "claim-top10-grid")
    assert view is not None
    title = view.model().columns[-1].title
    assert {"fr": "rang publié", "es": "lugar publicado", "en": "published rank"}[lang] in title
    assert_headers_whole(view)
    assert_cells_whole(view)
    # The two-line title: the header is tall enough for both lines.
    header = view.horizontalHeader()
    assert header.height() >= 2 * header.fontMetrics().height()


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_the_coverage_map_reads_whole_in_french(window_in, size):
    win = window_in("fr", size)
    win.open("trade")
    page = win.current_page()
    page.finish()
    page.tabs.setCurrentIndex(page.tabs.indexOf(page.cov_view.parentWidget()))
    settle()
    view, model = page.cov_view, page.cov_model
    assert view.isVisible() and model.rowCount() and model.columnCount() > 1
    assert_headers_whole(view)
    assert_cells_whole(view)
    # Every letter in the cells is named in the legend, with the flow's whole words.
    legend = page.cov_legend.text().split("\n")
    assert legend == [f"{key} = {flow}" for flow, key in model.keys.items()]
    assert any(line.startswith("A = exportations de MEX (SH4, ") for line in legend)
    for r in range(model.rowCount()):
        for c in range(1, model.columnCount()):
            letters = [k for k in model.text(r, c).split(", ") if k != "—"]
            assert all(k in model.keys.values() for k in letters)
    # The legend's lines are whole: wrapped in its width, within the tab's height.
    label = page.cov_legend
    assert label.wordWrap() and label.isVisible()
    need = label.fontMetrics().boundingRect(
        QRect(0, 0, label.contentsRect().width(), 10_000),
        int(Qt.TextFlag.TextWordWrap),
        label.text(),
    )
    assert need.height() <= label.contentsRect().height()
    bottom = label.mapTo(page.tabs, QPoint(0, label.height())).y()
    assert bottom <= page.tabs.height()
    # On hover, in a copy and in a CSV file each cell names its flows in full.
    r = next(r for r in range(model.rowCount()) if len(model.flows_in(r, 1)) >= 2)
    tip = model.data(model.index(r, 1), Qt.ItemDataRole.ToolTipRole)
    for flow in model.flows_in(r, 1):
        assert f"{model.keys[flow]} = {flow}" in tip
    csv_line = view.csv_text().splitlines()[r + 1]
    assert all(flow in csv_line for flow in model.flows_in(r, 1))
    assert "; ".join(model.flows_in(r, 1)) in view.tsv([r])


@pytest.mark.parametrize(
    ("lang", "size"), [("fr", (1366, 768)), ("fr", (1920, 1080)), ("es", (1366, 768))]
)
def test_the_empty_books_pages_heading_is_whole(window_in, home, lang, size):
    win = window_in(lang, size)
    win.open("books")
    page = win.current_page()
    settle()
    label = page.editing
    assert page.book is None
    words = {"fr": "Aucun dossier pour l'instant", "es": "Aún no hay carpetas"}[lang]
    assert label.text().startswith(words)
    rect = label.contentsRect()
    need = label.fontMetrics().boundingRect(
        QRect(0, 0, rect.width(), 10_000), int(Qt.TextFlag.TextWordWrap), label.text()
    )
    assert need.width() <= rect.width() and need.height() <= rect.height(), (need, rect)
    # and within the page as shown, not past its right edge
    right = label.mapTo(page, QPoint(label.width(), 0)).x()
    from minref.ui.tables import viewport_width

    assert right <= viewport_width(page)
