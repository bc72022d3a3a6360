"""Qt's own words in the reader's language where Qt's catalogs lack them: a Spanish file
dialog's Type column said "Folder" (Qt 6.10's qtbase_es and qtbase_fr have no entries for
QAbstractFileIconProvider, the context Qt 6 moved these words to)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QFileInfo
from PySide6.QtWidgets import QApplication, QFileIconProvider

from minref import i18n
from minref.ui.translators import install_translators


@pytest.fixture
def in_language(qapp):
    def install(lang):
        install_translators(QApplication.instance(), lang)

    yield install
    install_translators(QApplication.instance(), "en")
    i18n.set_language("en")


@pytest.mark.parametrize(
    ("lang", "folder"), [("es", "Carpeta"), ("fr", "Dossier"), ("en", "Folder")]
)
def test_the_file_dialogs_name_a_folder_in_the_language(in_language, tmp_path, lang, folder):
    in_language(lang)
    # What the file dialogs' Type column shows for a folder (Qt's own code path).
    assert QFileIconProvider().type(QFileInfo(str(tmp_path))) == folder


def test_the_file_dialogs_speak_mexicos_spanish(in_language):
    # Qt's own catalog says "Nombre de fichero", "Ficheros de tipo" (Spain's words); the app
    # says "archivo" everywhere else.
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QFileDialog, QLabel

    in_language("es")
    tr = QCoreApplication.translate
    assert tr("QFileDialog", "File &name:") == "&Nombre de archivo:"
    assert tr("QFileDialog", "Files of type:") == "Archivos de tipo:"
    dialog = QFileDialog(None, "Guardar", "", "CSV (*.csv)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert "&Nombre de archivo:" in labels and "Archivos de tipo:" in labels
    dialog.deleteLater()
