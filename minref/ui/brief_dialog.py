"""The briefing export dialog: paper, marking, title, note, contents, progress and cancel."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QVBoxLayout,
)

logger = logging.getLogger(__name__)


class BriefDialog(QDialog):
    """Options for one briefing; ``export()`` writes it with progress and cancel."""

    def __init__(self, catalog, kind: str, ids: list[str] | None = None, parent=None):
        super().__init__(parent)
        self.catalog, self.kind, self.ids = catalog, kind, ids or []
        names = ", ".join(catalog.commodity_name(i) for i in self.ids[:6])
        if len(self.ids) > 6:
            names += f" and {len(self.ids) - 6} more"
        from minref.briefing.kinds import get

        self.brief_kind = get(kind)
        self.setWindowTitle(self.tr("Export briefing — {0}").format(self.brief_kind.label))
        form = QFormLayout()
        self.paper = QComboBox()
        self.paper.addItem("Letter", "letter")
        self.paper.addItem("A4", "a4")
        self.paper.setAccessibleName(self.tr("Paper size"))
        self.marking = QLineEdit()
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
            form.addRow(self.tr("Commodities:"), QLineEdit(names, readOnly=True))
        form.addRow(self.tr("Paper:"), self.paper)
        form.addRow(self.tr("Marking:"), self.marking)
        form.addRow(self.tr("Title:"), self.title_edit)
        form.addRow(self.tr("Note:"), self.note)
        form.addRow("", self.contents)
        form.addRow("", self.open_when_done)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.written: Path | None = None

    def default_name(self) -> str:
        return self.brief_kind.default_name(self.ids or list(self.brief_kind.countries))

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
            progress.setLabelText(self.tr("Writing {0}…").format(what))
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
        if self.open_when_done.isChecked():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(out)))
        return out
