"""The briefing export dialog: language, paper, marking, title, note, contents, progress and
cancel."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QStringListModel, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QVBoxLayout,
)

from minref.i18n import _, ngettext, pgettext

logger = logging.getLogger(__name__)


def applicable_kinds(ids: list[str]) -> list:
    """The brief kinds that can be written from a page: with its commodities, the kinds about
    one (or several) commodities; always the kinds about nothing in particular or a country."""
    from minref.briefing.kinds import BRIEF_KINDS, COMMODITIES, COMMODITY

    out = []
    for k in BRIEF_KINDS.values():
        if k.target == COMMODITY and len(ids) != 1:
            continue
        if k.target == COMMODITIES and not ids:
            continue
        out.append(k)
    return out


class BriefDialog(QDialog):
    """Options for one briefing; ``export()`` writes it with progress and cancel."""

    def __init__(self, catalog, kind: str, ids: list[str] | None = None, parent=None):
        super().__init__(parent)
        self.catalog, self.kind, self.ids = catalog, kind, ids or []
        names = ", ".join(catalog.commodity_name(i) for i in self.ids[:6])
        if len(self.ids) > 6:
            more = len(self.ids) - 6
            names = ngettext("{names} and {n} more", "{names} and {n} more", more).format(
                names=names, n=more
            )
        from minref import i18n
        from minref.briefing.document import MARKING_PRESETS
        from minref.briefing.kinds import get

        self.brief_kind = get(kind)
        self.setWindowTitle(_("Export briefing — {kind}").format(kind=self.brief_kind.title()))
        form = QFormLayout()
        # The brief's language: the app's by default; a Spanish brief from an English app.
        self.language = QComboBox()
        for code in i18n.LANGUAGES:
            self.language.addItem(i18n.LANGUAGE_NAMES[code], code)
        current = i18n.current_language()
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        self.language.setAccessibleName(self.tr("Language of the briefing"))
        self.language.currentIndexChanged.connect(self._language_changed)
        # Every registered kind that can be written for what this page holds.
        self.kind_choice = QComboBox()
        self.kind_choice.setAccessibleName(self.tr("Kind of briefing"))
        for k in applicable_kinds(self.ids):
            self.kind_choice.addItem(k.title(), k.id)
        self.kind_choice.setCurrentIndex(max(0, self.kind_choice.findData(self.brief_kind.id)))
        self.kind_choice.currentIndexChanged.connect(self._kind_changed)
        self.paper = QComboBox()
        self.paper.addItem(_("Letter (U.S.)"), "letter")
        self.paper.addItem(_("A4"), "a4")
        self.paper.setAccessibleName(self.tr("Paper size"))
        # The usual markings offered as completions in the brief's language; any text typed
        # is printed as typed.
        self.marking = QLineEdit()
        self._marking_presets = MARKING_PRESETS
        self._marking_model = QStringListModel(self)
        completer = QCompleter(self._marking_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.marking.setCompleter(completer)
        self._marking_lang = current
        self._fill_markings(current)
        self.marking.setPlaceholderText(self.tr("e.g. For official use only"))
        self.marking.setAccessibleName(self.tr("Marking line"))
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("(default title)"))
        self.title_edit.setAccessibleName(self.tr("Title"))
        self.note = QLineEdit()
        self.note.setAccessibleName(self.tr("Note under the title"))
        self.contents = QCheckBox(self.tr("Contents page"))
        self.contents.setChecked(True)
        # Only a document of several sections has a contents page.
        self.contents.setVisible(self.brief_kind.target == "commodities")
        self.open_when_done = QCheckBox(self.tr("Open when done"))
        self.open_when_done.setChecked(True)
        if names:
            shown = QLineEdit(names, readOnly=True)
            shown.setCursorPosition(0)  # the list from its start, the whole of it on hover
            shown.setToolTip(names)
            shown.setAccessibleName(self.tr("Commodities"))
            form.addRow(self.tr("Commodities:"), shown)
        # "Briefing" and "Note" are one word in French ("Note"): each label has its own
        # translation here.
        form.addRow(pgettext("BriefDialog", "Kind of briefing:"), self.kind_choice)
        form.addRow(self.tr("Language:"), self.language)
        form.addRow(self.tr("Paper:"), self.paper)
        form.addRow(self.tr("Marking:"), self.marking)
        form.addRow(self.tr("Title:"), self.title_edit)
        form.addRow(pgettext("BriefDialog", "Note:"), self.note)
        form.addRow("", self.contents)
        form.addRow("", self.open_when_done)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        self.setMinimumWidth(520)
        lay.addWidget(buttons)
        self.written: Path | None = None

    def _kind_changed(self) -> None:
        from minref.briefing.kinds import get

        self.brief_kind = get(self.kind_choice.currentData())
        self.kind = self.brief_kind.id
        self.setWindowTitle(_("Export briefing — {kind}").format(kind=self.brief_kind.title()))
        self.contents.setVisible(self.brief_kind.target == "commodities")

    def marking_presets(self, lang: str) -> list[str]:
        from minref import i18n

        with i18n.using(lang):
            return [i18n._(m) for m in self._marking_presets]

    def _fill_markings(self, lang: str) -> None:
        before = self.marking_presets(self._marking_lang)
        after = self.marking_presets(lang)
        typed = self.marking.text()
        if typed in before:  # a preset follows the language; text the user typed stays
            self.marking.setText(after[before.index(typed)])
        self._marking_model.setStringList(after)
        self._marking_lang = lang

    def _language_changed(self, _index: int) -> None:
        self._fill_markings(self.language.currentData())

    def default_name(self) -> str:
        """The proposed file name, in the briefing's language ("informe-plata.pdf")."""
        from minref import i18n
        from minref.briefing.kinds import COMMODITIES, COMMODITY

        named = self.brief_kind.target in (COMMODITY, COMMODITIES)
        with i18n.using(self.language.currentData()):
            return self.brief_kind.default_name(
                self.ids or list(self.brief_kind.countries),
                self.catalog.commodity_name if named else None,
            )

    def _save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save briefing"), self.default_name(), self.tr("PDF (*.pdf)")
        )
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        if self.export(path):
            self.accept()

    def options(self):
        from minref.briefing.document import BriefOptions

        return BriefOptions(
            paper=self.paper.currentData(),
            lang=self.language.currentData(),
            marking=self.marking.text(),
            title=self.title_edit.text(),
            note=self.note.text(),
            contents=self.contents.isChecked(),
        )

    def export(self, path: str) -> Path | None:
        """Write the briefing to path; None if cancelled or failed (and nothing written)."""
        from minref.briefing import kinds
        from minref.briefing.document import BriefCancelled, BriefWriteError

        opts = self.options()
        progress = QProgressDialog(
            self.tr("Preparing the briefing…"), self.tr("Cancel"), 0, 100, self
        )
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        self.progress_dialog = progress

        def on_progress(done, total, what):
            progress.setMaximum(max(total, 1))
            progress.setValue(done)
            progress.setLabelText(_("Writing {part}…").format(part=what))
            QApplication.processEvents()

        opts.progress = on_progress
        opts.cancelled = progress.wasCanceled
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            targets = self.ids or list(self.brief_kind.countries)
            out = kinds.write(self.brief_kind.id, self.catalog, targets, path, opts)
        except BriefCancelled:
            logger.info("briefing cancelled; nothing written")
            return None
        except (BriefWriteError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Briefing not saved"), str(exc))
            return None
        finally:
            QApplication.restoreOverrideCursor()
            progress.close()
        self.written = out
        # Said where the official looks next, the window's status line (a save was silent).
        window = self.parentWidget().window() if self.parentWidget() is not None else None
        if window is not None and hasattr(window, "statusBar"):
            window.statusBar().showMessage(_("Briefing saved: {path}").format(path=str(out)), 10000)
        if self.open_when_done.isChecked():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(out)))
        return out
