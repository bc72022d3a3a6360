"""Qt's side of the one message catalog: widgets' ``self.tr()`` strings are looked up in
minref's gettext catalog (minref.i18n), and Qt's own qtbase_es/qtbase_fr translate the
standard dialogs (file dialogs, message-box buttons, context menus)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

from minref import i18n
from minref.i18n import NP_

logger = logging.getLogger(__name__)

# Qt's own words that its qtbase_es and qtbase_fr catalogs (Qt 6.10) do not translate,
# answered from minref's catalog in Qt's context: the file dialogs' Type column said
# "Folder" in a Spanish dialog (Qt 6 moved these words to a context, "QAbstractFile-
# IconProvider", that its Spanish and French catalogs have no entries for).
QT_WORDS_MISSING = (
    NP_("QAbstractFileIconProvider", "Folder"),
    NP_("QAbstractFileIconProvider", "Drive"),
    NP_("QAbstractFileIconProvider", "Shortcut"),
    NP_("QAbstractFileIconProvider", "File"),
    NP_("QAbstractFileIconProvider", "Unknown"),
)
# And Qt's words that its catalog words as Spain does ("Nombre de fichero", "Ficheros de
# tipo") where the app, in Mexico's Spanish, says "archivo".
QT_WORDS_MEXICO = (
    NP_("QFileDialog", "File &name:"),
    NP_("QFileDialog", "Files of type:"),
    NP_("QFileDialog", "%1 already exists.\nDo you want to replace it?"),
)


class GettextTranslator(QTranslator):
    """A QTranslator that answers from minref's .po catalogs (no .qm files needed).

    The context (the class name) is ignored: one English text has one translation in
    minref's catalog whatever widget shows it.  No answer (None: a null QString, not an
    empty one, which Qt would show as blank text) lets Qt ask the next translator (Qt's
    own qtbase catalog) and then show the source text.
    """

    def translate(self, context, source_text, disambiguation=None, n=-1):
        if not source_text:
            return None
        return i18n.lookup(source_text, n if n is not None else -1, context or None)

    def isEmpty(self) -> bool:  # noqa: N802 (Qt override)
        return False


def install_translators(app, lang: str | None = None) -> list[QTranslator]:
    """Install Qt's own translations and minref's for ``lang`` (default: the current one)."""
    if lang:
        i18n.set_language(lang)
    lang = i18n.current_language()
    for old in getattr(app, "_minref_translators", []):
        app.removeTranslator(old)
    installed: list[QTranslator] = []
    if lang in ("es", "fr"):
        qt = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(f"qtbase_{lang}", folder):
            app.installTranslator(qt)
            installed.append(qt)
        else:
            logger.warning("Qt's own qtbase_%s translations not found in %s", lang, folder)
        QLocale.setDefault(QLocale(i18n.LOCALES[lang]))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    ours = GettextTranslator(app)
    app.installTranslator(ours)  # installed last: asked first
    installed.append(ours)
    app._minref_translators = installed
    logger.debug("translators installed for %s", lang)
    return installed


def qt_catalog_loaded(lang: str) -> bool:
    """True if Qt's own catalog for ``lang`` loads (the self-test asks)."""
    t = QTranslator()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return bool(t.load(f"qtbase_{lang}", folder))


def switch_language(window, lang: str | None):
    """Apply a language now and keep it (None: follow the system again): the setting is
    saved, the translators reinstalled and the window rebuilt on the same page, with its
    history, size and scroll position, so the user keeps their place."""
    from PySide6.QtWidgets import QApplication

    from minref.ui.main_window import MainWindow

    settings = getattr(window, "settings", None)
    if settings is not None:  # the window's own QSettings on minref.ini: one writer
        if lang:
            settings.setValue(i18n.SETTING_KEY, lang)
        else:
            settings.remove(i18n.SETTING_KEY)
        settings.sync()
    else:
        i18n.save_language(lang)
    i18n.set_language(lang or i18n.resolve_language(None))
    app = QApplication.instance()
    install_translators(app)
    history = window.history
    key = history.items[history.pos] if 0 <= history.pos < len(history.items) else ""
    page = window.current_page() if hasattr(window, "current_page") else None
    scroll = page.verticalScrollBar().value() if hasattr(page, "verticalScrollBar") else 0
    state = page.carry_state() if hasattr(page, "carry_state") else {}
    new = MainWindow(window.catalog, window.settings)
    new.setGeometry(window.geometry())
    if key:
        new.open(key, record=True)
        if state and hasattr(new.current_page(), "take_state"):
            new.current_page().take_state(state)
    new.history = history
    history.remember_scroll(scroll)
    if hasattr(new, "_update_history_buttons"):
        new._update_history_buttons()
    new.show()
    target = new.current_page()
    if hasattr(target, "verticalScrollBar"):
        target.verticalScrollBar().setValue(scroll)
    app._minref_window = new  # keep the new window alive; the old one closes
    window.close()
    logger.info("language switched to %s on %s", i18n.current_language(), key)
    return new


def language_menu(window, lazy: bool = False):
    """A "Language" menu (System, English, Español, Français) for the window's menu bar:
    ``window.menuBar().addMenu(language_menu(window))``.  ``lazy``: its choices are made
    when it is first opened (the window's start-up does not read the saved setting)."""
    from PySide6.QtWidgets import QMenu

    menu = QMenu(window.tr("&Language"), window)
    if lazy:

        def fill():
            menu.aboutToShow.disconnect(fill)
            _fill_language_menu(window, menu)

        menu.aboutToShow.connect(fill)
    else:
        _fill_language_menu(window, menu)
    return menu


def _fill_language_menu(window, menu) -> None:
    from PySide6.QtGui import QAction, QActionGroup

    group = QActionGroup(menu)
    # The language the window is in: the saved choice, unless --lang chose another for
    # this run (then that one, or "minref --lang es" showed Français ticked).
    saved = i18n.saved_language()
    running = i18n.current_language()
    if saved != running and not (saved is None and running == i18n.system_language()):
        saved = running
    choices = [(None, window.tr("System language"))] + [
        (code, i18n.LANGUAGE_NAMES[code]) for code in i18n.LANGUAGES
    ]
    for code, label in choices:
        action = QAction(label, menu, checkable=True)
        action.setChecked(code == saved)
        action.triggered.connect(lambda _checked=False, c=code: switch_language(window, c))
        group.addAction(action)
        menu.addAction(action)
