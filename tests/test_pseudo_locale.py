"""Issue 13: under the pseudo-locale (every translated string wrapped in ⟦…⟧ and made 40 %
longer), every page type, every brief kind and ``minref claims`` show no English of
minref's own.  Text outside the brackets must be data: the catalog's own names and notes
(commodities, countries, HS descriptions, sources, list names, in any of its languages),
numbers, codes and symbols.  The catalog's units are not data here: they are shown in
the reader's language.

What counts as English here: two or more words of three letters or more in a row
("metric tons", "Open the commodity page").  A single stray English word is not caught;
the catalogs' completeness (tests/test_i18n.py) and the page tests cover those.
"""

from __future__ import annotations

import re
import sqlite3

import pytest

from minref import i18n
from tests.pdftext import pdf_text
from tests.pseudo_text import outside_brackets

ENGLISH = re.compile(r"[A-Za-z][a-z]{2,}(?:[ -][a-z]{2,})+")


def english_runs(text: str, data: str = "") -> set[str]:
    """Runs of English words, line by line (a table's cells are lines of their own); a
    whole line that is the catalog's own text (a USGS line label) is data."""
    plain = re.sub(r"<br ?/?>|</p>|</li>|</tr>|</td>", "\n", text)
    plain = re.sub(r"<[^>]+>", " ", plain)  # rich-text labels
    runs = set()
    for line in outside_brackets(plain).splitlines():
        line = re.sub(r"[ \t]+", " ", line).strip()
        if data and len(line.split()) > 4 and line.lower() in data:
            continue
        runs |= {m.group(0) for m in ENGLISH.finditer(line)}
    return runs


@pytest.fixture(scope="module")
def data_text(catalog_path) -> str:
    """Every text cell of the catalog, lower-case, one per line: what may stay untranslated."""
    con = sqlite3.connect(f"file:{catalog_path}?mode=ro", uri=True)
    parts = []
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            if table.startswith("search_fts"):
                continue
            cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
            # units are shown in the reader's language (minref.analysis.text.unit_label)
            cols = [c for c in cols if c not in ("unit", "quantity_unit")]
            for col in cols:
                sql = f'SELECT DISTINCT "{col}" FROM "{table}" WHERE typeof("{col}") = \'text\''
                parts += [v for (v,) in con.execute(sql)]
    finally:
        con.close()
    return "\n".join(parts).lower()


def leaks(text: str, data: str) -> list[str]:
    """English runs in ``text`` (outside ⟦…⟧) that are not the catalog's own text."""
    from minref.analysis.text import UNITS

    # the catalog's units, except those that are names too (the claims register's counts)
    units = {u.lower() for u in UNITS} - {"rare earths", "minerals", "mineral products"}
    out = []
    for run in sorted(english_runs(text, data)):
        if run.lower() in data and run.lower() not in units:
            continue
        out.append(run)
    return out


@pytest.fixture
def pseudo():
    i18n.set_language("pseudo")
    yield
    i18n.set_language("en")


# ------------------------------------------------------------------ the window
def _widget_texts(root):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QTabBar,
        QTextEdit,
        QWidget,
    )

    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root):
            continue
        texts = [w.toolTip()]
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QTabBar):
            texts += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, (QTextEdit, QPlainTextEdit)):
            texts.append(w.toPlainText())
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            header = getattr(w, "horizontalHeader", None)
            model = w.model()
            for c in range(header().count() if header else 0):
                texts.append(str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                texts.append(str(model.headerData(c, Qt.Orientation.Horizontal, 3) or ""))
            for r in range(min(model.rowCount(), 5)):  # the first rows' tooltips
                for c in range(header().count() if header else 1):
                    texts.append(str(model.index(r, c).data(3) or ""))
        for t in texts:
            if t:
                yield type(w).__name__, t


def test_every_page_in_the_pseudo_locale(qtbot, catalog, data_text, pseudo):
    from PySide6.QtWidgets import QApplication

    from minref.ui.app import make_app
    from minref.ui.main_window import MainWindow
    from minref.ui.pages import PAGES
    from minref.ui.translators import install_translators

    app = make_app()
    install_translators(app, "pseudo")
    try:
        win = MainWindow(catalog, None)
        qtbot.addWidget(win)
        win.resize(1366, 768)
        win.show()
        found = {}
        for kind in PAGES.values():
            win.open(kind.sample_key)
            page = win.current_page()
            if hasattr(page, "finish"):
                page.finish()
            for _ in range(5):
                QApplication.processEvents()
            runs = set()
            bracketed = 0
            for _cls, text in _widget_texts(win):
                bracketed += "⟦" in text
                runs.update(leaks(text, data_text))
            assert bracketed > 5, f"page {kind.kind}: hardly anything translated"
            if runs:
                found[kind.kind] = sorted(runs)
        assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    finally:
        install_translators(app, "en")


# ------------------------------------------------------------------ briefs and the CLI
def _pdftotext(path) -> str:
    return re.sub(r"-\n(?=[a-z])", "", pdf_text(path))  # words hyphenated across lines joined


def test_every_brief_kind_in_the_pseudo_locale(catalog_path, data_text, tmp_path):
    from minref.briefing.kinds import BRIEF_KINDS
    from minref.cli import main

    found = {}
    for kind in BRIEF_KINDS.values():
        pdf = tmp_path / f"pseudo-{kind.id}.pdf"
        args = ["--catalog", str(catalog_path), "--lang", "pseudo", "brief", kind.id]
        target = [",".join(kind.sample)] if kind.sample else []
        assert main(args + target + ["--out", str(pdf)]) == 0, kind.id
        text = _pdftotext(pdf)
        assert "⟦" in text, kind.id
        runs = leaks(text, data_text)
        if runs:
            found[kind.id] = runs
    i18n.set_language("en")
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())


@pytest.mark.parametrize(
    "command",
    [["claims"], ["show", "silver"], ["supply"], ["country", "MEX"], ["search", "qqqzzz"]],
)
def test_cli_commands_in_the_pseudo_locale(catalog_path, data_text, capsys, command):
    from minref.cli import main

    code = main(["--catalog", str(catalog_path), "--lang", "pseudo", *command])
    i18n.set_language("en")
    out = capsys.readouterr().out
    assert code == 0 and "⟦" in out
    assert leaks(out, data_text) == []


def test_the_detector_finds_english_and_passes_data(data_text):
    """The yardstick of the tests above, on hand-written lines."""
    assert leaks("⟦Ŵóŕĺd~~⟧ Open the commodity page", data_text) == ["Open the commodity page"]
    assert leaks("⟦Ŝóúŕćé~~⟧: U.S. Geological Survey, Mineral Commodity Summaries", data_text) == []
    assert leaks("6,300 ⟦ţóńńéś~~⟧ 24.2 % MEX USA 7106.91", data_text) == []
    assert leaks("6,300 thousand metric tons", data_text) == ["thousand metric tons"]
    # a USGS line label, unit and all, is the source's text
    assert leaks("Price, bullion, average, dollars per troy ounce", data_text) == []


# ------------------------------------------------------------------ units
@pytest.mark.parametrize(
    "lang, expected",
    [
        ("en", "6,300 metric tons (estimated)"),
        ("es", "6,300 toneladas métricas (estimado)"),
        ("fr", "6\u202f300 tonnes métriques (estimé)"),
    ],
)
def test_mexicos_silver_with_its_unit_in_each_language(catalog, lang, expected):
    from minref.analysis.profile import commodity_report, key_facts

    with i18n.using(lang):
        facts = {f.key: f for f in key_facts(commodity_report(catalog, "silver"))}
    assert facts["mexico-share"].detail == expected


def test_units_not_listed_stay_as_the_source_wrote_them():
    from minref.analysis.text import unit_label

    with i18n.using("fr"):
        assert unit_label("thousand metric tons") == "milliers de tonnes métriques"
        assert unit_label("$/t") == "$/t"
        assert unit_label("furlongs per fortnight") == "furlongs per fortnight"
        assert unit_label("") == ""
