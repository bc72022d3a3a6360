"""Qt's side of the one message catalog: widgets' ``self.tr()`` strings are looked up in
minref's gettext catalog (minref.i18n), and Qt's own qtbase_es/qtbase_fr translate the
standard dialogs (file dialogs, message-box buttons, context menus)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

from minref import i18n

logger = logging.getLogger(__name__)


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
