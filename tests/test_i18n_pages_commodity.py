"""The commodity, element, Books and Starred pages in Spanish, French and the pseudo-locale.

Expected texts are written out by hand from the translations a reader sees (es-MX, fr-FR)
and from USGS MCS 2026 (silver, Mexico, 2025: 6,300 t, estimated).  The pseudo-locale run
walks every label, button, check box, combo box and table header of the page and fails on
English words that are neither inside ⟦…⟧ (went through the catalog) nor data (numbers,
names from the catalog, the source's own text).
"""

from __future__ import annotations

import dataclasses
import re

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
)

from minref import i18n  # noqa: E402

NNBSP = "\u202f"  # CLDR's French group separator (narrow no-break space)


@pytest.fixture
def window_in(catalog, qtbot, home):
    """A main window built in a language (translators installed as the app does)."""
    from minref.ui.translators import install_translators

    app = QApplication.instance()
    made = []

    def make(lang: str, size=(1366, 768)):
        install_translators(app, lang)
        from minref.ui.main_window import MainWindow

        win = MainWindow(catalog, None)
        qtbot.addWidget(win)
        win.resize(*size)
        win.show()
        made.append(win)
        return win

    yield make
    install_translators(app, "en")
    i18n.set_language("en")


def _open(win, key):
    win.open(key)
    page = win.current_page()
    page.finish()
    QApplication.processEvents()
    return page


def _labels(page) -> list[str]:
    return [w.text() for w in page.findChildren(QLabel) if w.isVisibleTo(page)]


def _headers(view) -> list[str]:
    model = view.model()
    return [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]


def _mexico_row(view):
    model = view.table_model()
    return next(r for r, x in enumerate(model.rows) if getattr(x, "iso3", None) == "MEX")


# ---------------------------------------------------------------- Spanish and French
def test_silver_page_in_spanish(window_in):
    win = window_in("es")
    page = _open(win, "commodity:silver")
    labels = _labels(page)
    assert "Plata" in labels  # the title: the catalog's Spanish name
    assert "English: Silver · Français: Argent" in labels
    assert "Producción y reservas mundiales" in labels
    assert "Edición:" in labels
    assert "Estadísticas principales de EE. UU. (MCS 2026)" in labels
    view = page.world_view
    assert _headers(view)[:2] == ["Lugar", "País"]
    assert "Part. 2025" in _headers(view) and "Reservas 2025" in _headers(view)
    row = _mexico_row(view)
    model = view.table_model()
    assert model.text(row, 1) == "México"
    assert model.text(row, 3) == "6,300 e"  # MCS 2026: Mexico 2025, 6,300 t estimated
    tip = model.data(model.index(row, 3), Qt.ItemDataRole.ToolTipRole)
    assert "6,300 toneladas métricas" in tip  # the unit in the reader's language
    assert "Año: 2025" in tip and "Marcas: estimado" in tip
    assert "Fuente: U.S. Geological Survey" in tip
    from minref.ui.widgets import Card

    cards = {c.label.text(): c.value.text() for c in page.findChildren(Card)}
    assert cards["Lugar de México"] == "#1"


def test_silver_page_in_french(window_in):
    win = window_in("fr")
    page = _open(win, "commodity:silver")
    labels = _labels(page)
    assert "Argent" in labels
    assert "Production et réserves mondiales" in labels
    view = page.world_view
    headers = _headers(view)
    assert headers[:2] == ["Rang", "Pays"] and "Réserves 2025" in headers
    row = _mexico_row(view)
    model = view.table_model()
    assert model.text(row, 1) == "Mexique"
    assert model.text(row, 3) == f"6{NNBSP}300 e"
    # world total row named in French, USGS's own figure kept
    assert "Total mondial" in [model.text(r, 1) for r in range(model.rowCount())]
    tip = model.data(model.index(row, 3), Qt.ItemDataRole.ToolTipRole)
    assert "Année\u00a0: 2025" in tip and "Indicateurs\u00a0: estimé" in tip


def test_csv_export_numbers_follow_the_request(window_in, tmp_path):
    """CSV: en-US numbers by default (a file that reads the same everywhere); the reader's
    conventions only when asked for; titles and names in the reader's language."""
    win = window_in("fr")
    view = _open(win, "commodity:silver").world_view
    plain = view.csv_text()
    assert plain.splitlines()[0].startswith("Rang,Pays,")
    assert "Mexique" in plain and '"6,300 e"' in plain and "24.2%" in plain
    shown = view.csv_text(as_shown=True)
    assert f"6{NNBSP}300 e" in shown and "24,2\u00a0%" in shown
    out = view.export_csv(str(tmp_path / "monde.csv"), as_shown=True)
    assert f"6{NNBSP}300 e" in open(out, encoding="utf-8").read()


def test_range_figures_in_french_numbers(window_in):
    """A bound USGS prints as '>76,000,000' (PGM reserves, world) reads in French numbers
    on screen; the tooltip keeps the cell as published."""
    win = window_in("fr")
    view = _open(win, "commodity:pgm").world_view
    model = view.table_model()
    texts = [model.text(r, c) for r in range(model.rowCount()) for c in range(model.columnCount())]
    assert f">76{NNBSP}000{NNBSP}000" in texts


def test_neodymium_page_in_french(window_in):
    win = window_in("fr")
    page = _open(win, "element:Nd")
    labels = _labels(page)
    assert "Néodyme (Nd)" in labels
    assert "Masse atomique\u00a0:" in labels and "144,242" in labels
    assert "légère" in labels and "oui" in labels
    assert "41,5 mg/kg" in labels


def test_books_and_starred_in_spanish(window_in):
    from minref.userdata.books import BookStore, Section
    from minref.userdata.store import UserData, default_path

    store = BookStore(UserData(default_path()))
    book = store.new("Revisión del T-MEC")
    for s in (Section("commodity", "silver"), Section("rare-earths")):
        store.add_section(book.book_id, s)
    store.star("commodity:fluorspar", "Fluorspar")  # starred while the app was in English
    win = window_in("es")
    page = _open(win, "books")
    texts = [page.section_list.item(i).text() for i in range(page.section_list.count())]
    assert texts[1:] == ["Plata", "Tierras raras"]
    page._counted(page._generation, 3)
    assert page.page_count.text() == "3 páginas"
    page._counted(page._generation, 1)
    assert page.page_count.text() == "1 página"
    starred = _open(win, "starred")
    assert starred.starred.item(0).text() == "Fluorita"  # named in the language shown


# ---------------------------------------------------------------- the pseudo-locale
def _strings(obj, out: set, depth=0) -> None:
    """Every string held in a catalog answer (dataclasses, lists, dicts), recursively."""
    if depth > 6 or obj is None:
        return
    if isinstance(obj, str):
        if obj.strip():
            out.add(obj.strip())
        return
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            _strings(getattr(obj, f.name), out, depth + 1)
        return
    if isinstance(obj, dict):
        for k, v in obj.items():
            _strings(k, out, depth + 1)
            _strings(v, out, depth + 1)
        return
    if isinstance(obj, (list, tuple, set, frozenset)):
        for x in obj:
            _strings(x, out, depth + 1)


def _catalog_data(catalog, extra=()) -> list[str]:
    """Names from the catalog and the source's own text the pages may show as they are."""
    data: set[str] = set()
    for r in catalog.conn.execute("SELECT name_en, name_es, name_fr FROM commodities"):
        data.update(x for x in r if x)
    for r in catalog.conn.execute("SELECT name_en, name_es, name_fr FROM countries"):
        data.update(x for x in r if x)
    for e in catalog.rare_earth_elements():
        data.update(x for x in (e.name_en, e.name_es, e.name_fr, e.symbol) if x)
    for s in catalog.sources.values():
        _strings(s, data)
        data.add(s.citation())
    for x in extra:
        _strings(x, data)
    data.update(i18n.LANGUAGE_NAMES.values())
    return sorted(data, key=len, reverse=True)  # longest first: "Mexico City" before "Mexico"


ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
CODES = re.compile(r"\b(MCS|HS|NA|XX|W|E|doi|Z)\b")


def _leftover(text: str, data: list[str]) -> str:
    """What remains of a visible text once translated parts (⟦…⟧), data and numbers are
    taken out; English words left over bypassed the catalog."""
    rest, n = text, 1
    while n:  # innermost first: a translated sentence may hold translated words
        rest, n = re.subn(r"⟦[^⟦⟧]*⟧", " ", rest)
    rest = re.sub(r"<[^>]+>", " ", rest)  # rich text markup
    for d in data:
        if d in rest:
            rest = rest.replace(d, " ")
    rest = CODES.sub(" ", rest)
    return " ".join(ENGLISH_WORD.findall(rest))


def _visible_texts(page) -> list[tuple[str, str]]:
    from minref.ui.chart_tabs import ChartTabs
    from minref.ui.tables import RecordTableView

    charts = page.findChildren(ChartTabs)  # ui/chart_tabs.py: another helper's files

    def in_charts(w) -> bool:
        return any(c is w or c.isAncestorOf(w) for c in charts)

    out = []
    for w in page.findChildren(QLabel):
        if w.isVisibleTo(page) and not in_charts(w):
            out.append((f"label {w.objectName()}", w.text()))
            if w.toolTip():
                out.append(("tooltip", w.toolTip()))
    for w in page.findChildren(QAbstractButton):
        if w.isVisibleTo(page) and not in_charts(w):
            out.append(("button", w.text()))
    for w in page.findChildren(QComboBox):
        if w.isVisibleTo(page) and not in_charts(w):
            out += [("combo item", w.itemText(i)) for i in range(w.count())]
    for v in page.findChildren(RecordTableView):
        out += [(f"header of {v.objectName()}", h or "") for h in _headers(v)]
    return out


def _page_data(catalog, page) -> list:
    from minref.analysis.supply import iea_panel

    extra = []
    report = getattr(page, "report", None)
    if report is not None:
        extra += [report, iea_panel(catalog, page.key)]
    if page.kind == "element":
        extra += [
            catalog.world_production(c, measure=m)
            for c in ("rare-earths", "yttrium", "scandium")
            for m in ("production", "reserves")
        ]
        extra.append(getattr(page, "facts", None))
    return extra


@pytest.mark.parametrize(
    "key",
    [
        "commodity:silver",
        "commodity:fluorspar",
        "commodity:rare-earths",
        "commodity:pgm",
        "element:Nd",
        "element:",
        "books",
        "starred",
    ],
)
def test_pseudo_locale_pages_show_no_english_of_their_own(window_in, catalog, key):
    from minref.userdata.books import BookStore, Section
    from minref.userdata.store import UserData, default_path

    store = BookStore(UserData(default_path()))
    book = store.new("Book")
    store.add_section(book.book_id, Section("commodity", "silver"))
    win = window_in("pseudo")
    page = _open(win, key)
    data = _catalog_data(catalog, _page_data(catalog, page))
    texts = _visible_texts(page)
    assert texts, "the page shows nothing to check"
    assert any("⟦" in t for _w, t in texts)  # the pseudo-locale is in force
    bad = [(w, t, left) for w, t in texts if (left := _leftover(t, data))]
    assert not bad, "\n".join(f"{w}: {t!r} -> {left!r}" for w, t, left in bad[:20])


def test_the_walk_flags_english_that_bypassed_the_catalog():
    """The check itself: an English label is caught, data and translated text pass."""
    data = ["Mexico", "Mine production", "metric tons"]
    assert _leftover("World production and reserves", data) == "World production and reserves"
    assert _leftover("Share 2025", data) == "Share"
    assert _leftover("⟦Wörld ⟦tötàl~⟧~~⟧ Mexico 6,300 e", data) == ""
    assert _leftover("Mine production; metric tons. MCS 2026 (NA)", data) == ""
