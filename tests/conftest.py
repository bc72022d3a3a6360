"""Shared test set-up: offscreen Qt, a private MINREF_HOME, the raw data and a built catalog."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
DB_DIR = REPO / "db"


def shared_data_dir() -> Path:
    """The raw source files: $MINREF_SHARED_DATA, or ../shared/data beside the checkout."""
    env = os.environ.get("MINREF_SHARED_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


@pytest.fixture(scope="session", autouse=True)
def _private_home(tmp_path_factory):
    """Every path the app writes goes to a temporary folder, never the tester's own."""
    home = tmp_path_factory.mktemp("minref-home")
    old = os.environ.get("MINREF_HOME")
    os.environ["MINREF_HOME"] = str(home)
    from minref.paths import _paths

    _paths.cache_clear()
    yield home
    if old is None:
        os.environ.pop("MINREF_HOME", None)
    else:
        os.environ["MINREF_HOME"] = old
    _paths.cache_clear()


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A user folder of the test's own (a fresh data file: no book or star of another
    test); a test file may define its own ``home``."""
    from minref.paths import _paths

    monkeypatch.setenv("MINREF_HOME", str(tmp_path))
    _paths.cache_clear()
    yield tmp_path
    _paths.cache_clear()


@pytest.fixture
def cat(catalog_path):
    """The CLI's --catalog option for the test catalog: main([*cat, "show", "silver"])."""
    return ["--catalog", str(catalog_path)]


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A command run in-process with --lang sets the process's language; the next test
    starts in English whatever the last one chose."""
    yield
    from minref import i18n

    i18n.set_language("en")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    d = shared_data_dir()
    if not (d / "SOURCES.md").is_file():
        message = f"raw source files not found at {d} (set MINREF_SHARED_DATA)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must have them beside the clone")
        pytest.skip(message)
    return d


@pytest.fixture(scope="session")
def catalog_path(tmp_path_factory) -> Path:
    """A catalog built once per session from the committed db/ tables."""
    from minref.catalog.build import build

    out = tmp_path_factory.mktemp("catalog") / "catalog.sqlite"
    build(DB_DIR, out)
    out.chmod(0o444)  # the app must never need to write to it
    return out


@pytest.fixture(scope="session")
def catalog(catalog_path):
    from minref.catalog.queries import Catalog

    cat = Catalog.open(catalog_path)
    yield cat
    cat.close()


@pytest.fixture
def window_in(qtbot, catalog):
    """``window_in(lang)``: the main window as the app starts in ``lang`` (its words, Qt's
    and the light theme), 1256x690 (the app's default at 1366x768), shown; the language
    and the translators go back to English after the test."""
    from PySide6.QtWidgets import QApplication

    from minref import i18n
    from minref.ui import theme
    from minref.ui.main_window import MainWindow
    from minref.ui.translators import install_translators

    app = QApplication.instance()

    def make(lang: str, size: tuple[int, int] = (1256, 690)):
        install_translators(app, lang)
        theme.apply(app, theme.LIGHT)
        w = MainWindow(catalog, None)
        qtbot.addWidget(w)
        w.resize(*size)
        w.show()
        return w

    yield make
    install_translators(app, "en")
    i18n.set_language("en")


@pytest.fixture
def supply_es(window_in):
    """The supply page in Spanish, the window at 1366x768, the table shown (its part
    below the fold built, the events it queued run)."""
    w = window_in("es", (1366, 768))
    w.open("supply")
    page = w.current_page()
    page.finish()
    from PySide6.QtWidgets import QApplication

    for _ in range(5):
        QApplication.processEvents()
    return page


@pytest.fixture
def supply_page(qtbot, catalog):
    """The supply page, complete, in an English window of 1366x768."""
    from minref.ui.main_window import MainWindow

    w = MainWindow(catalog, None)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.open("supply")
    page = w.current_page()
    page.finish()
    return page
