"""File → Install data update… and Roll back data update (signed data packs, minref.datapack).

The install runs in a worker thread behind a busy progress dialog (a full pack takes a few
seconds to build); the window keeps the catalog it opened, and the new one is used from the
next start.  A refused pack gets its one-sentence reason, and nothing changes.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

logger = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("DataPack", text)


def pack_status_text(catalog) -> str:
    """The status-bar mention of the data pack a catalog came from ('' for the shipped one)."""
    import json

    entry = json.loads(catalog.meta.get("data_pack") or "null")
    if not entry:
        return ""
    return _tr("data pack {0} from {1}, since {2}").format(
        entry.get("label") or entry["pack_id"], entry["signer_name"], entry["installed"][:10]
    )


def _run_in_thread(parent, label: str, fn, *args):
    """Run fn(*args) in a thread behind a busy dialog; returns (result, exception)."""
    box: dict = {}

    def work():
        try:
            box["result"] = fn(*args)
        except BaseException as exc:  # handed back to the GUI thread
            box["error"] = exc

    progress = QProgressDialog(label, "", 0, 0, parent)
    progress.setCancelButton(None)  # an install cannot be stopped half-way: it is atomic
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    thread = threading.Thread(target=work, name="minref-data-pack", daemon=True)
    thread.start()
    while thread.is_alive():
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        thread.join(0.03)
    progress.close()
    return box.get("result"), box.get("error")


def install_data_update(parent, path: str | None = None) -> bool:
    """Ask for a pack, verify and install it; True when a new catalog was installed."""
    from minref.datapack import PackError
    from minref.datapack.install import describe, install

    if path is None:
        path, _ = QFileDialog.getOpenFileName(
            parent, _tr("Install data update"), "", _tr("minref data packs (*.minrefpack)")
        )
        if not path:
            return False
    result, error = _run_in_thread(
        parent, _tr("Checking and installing the data update…"), install, path
    )
    if isinstance(error, PackError):
        QMessageBox.warning(
            parent,
            _tr("Data update refused"),
            _tr("{0}\n\nNothing was changed; the catalog in use stays as it was.").format(error),
        )
        return False
    if error is not None:
        logger.error("data pack install failed", exc_info=error)
        QMessageBox.critical(parent, _tr("Data update failed"), str(error))
        return False
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(_tr("Data update installed"))
    box.setText(
        _tr("Installed {0}.\n\nminref uses the new catalog from its next start.").format(
            describe(result.entry)
        )
    )
    changes = _what_changed(result)
    if changes:
        box.setDetailedText(changes)
    box.exec()
    return True


def _what_changed(result) -> str:
    from minref.analysis.diff import diff_text, edition_diff
    from minref.catalog import store
    from minref.catalog.queries import Catalog

    try:
        if result.previous:
            old_path = store.packs_dir() / result.previous["dir"] / store.PACK_CATALOG_FILE
        else:
            old_path = store.shipped_catalog(build_if_missing=False)
        old, new = Catalog.open(old_path), Catalog.open(result.path)
    except (store.CatalogError, OSError):
        return ""
    try:
        diff = edition_diff(old, old.latest_edition, new.latest_edition, new)
        return "\n".join(diff_text(diff, limit=10))
    finally:
        old.close()
        new.close()


def rollback_data_update(parent, confirm: bool = True) -> bool:
    """Return to the previous catalog after asking; True when the pointer moved."""
    from minref.datapack import PackError
    from minref.datapack.install import in_use_description, rollback

    if confirm:
        answer = QMessageBox.question(
            parent,
            _tr("Roll back data update"),
            _tr("In use: {0}.\n\nReturn to the previous catalog?").format(in_use_description()),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
    try:
        rollback()
    except PackError as exc:
        QMessageBox.information(parent, _tr("Roll back data update"), str(exc))
        return False
    QMessageBox.information(
        parent,
        _tr("Roll back data update"),
        _tr("Now in use: {0}.\n\nminref uses it from its next start.").format(in_use_description()),
    )
    return True
