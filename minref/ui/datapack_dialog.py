"""File → Install data update… and Roll back data update (signed data packs, minref.datapack).

The install runs in a worker thread behind a busy progress dialog (a full pack takes a few
seconds to build); the window keeps the catalog it opened, and the new one is used from the
next start.  A refused pack gets its one-sentence reason, and nothing changes.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from minref.i18n import _

logger = logging.getLogger(__name__)


def pack_status_text(catalog) -> str:
    """The status-bar mention of the data pack a catalog came from ('' for the shipped one)."""
    import json

    entry = json.loads(catalog.meta.get("data_pack") or "null")
    if not entry:
        return ""
    return _("data pack {pack} from {signer}, since {date}").format(
        pack=entry.get("label") or entry["pack_id"],
        signer=entry["signer_name"],
        date=_day(entry["installed"]),
    )


def _day(stamp: str) -> str:
    """The day of an ISO time stamp as the reader writes dates ('1 déc. 2026')."""
    import datetime

    from minref.i18n import format_date

    try:
        return format_date(datetime.date.fromisoformat(stamp[:10]))
    except ValueError:
        return stamp[:10]


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
    progress.hide()
    # Shown if the work takes longer than 300 ms.  QProgressDialog's own minimumDuration
    # acts only through setValue, which a busy dialog (range 0-0) never gets: QA waited 3 s
    # for an install with no sign that anything was happening.
    show_later = QTimer(progress)
    show_later.setSingleShot(True)
    show_later.timeout.connect(progress.show)
    show_later.start(300)
    thread = threading.Thread(target=work, name="minref-data-pack", daemon=True)
    thread.start()
    while thread.is_alive():
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        thread.join(0.03)
    show_later.stop()
    progress.close()
    return box.get("result"), box.get("error")


def install_data_update(parent, path: str | None = None, confirm: bool = True) -> bool:
    """Ask for a pack, verify it, show what it is and who signed it, and install it once
    the official says so; True when a new catalog was installed."""
    from minref.datapack.install import describe, install
    from minref.datapack.pack import read_pack

    if path is None:
        path, _filter = QFileDialog.getOpenFileName(
            parent, _("Install data update"), "", _("minref data packs (*.minrefpack)")
        )
        if not path:
            return False
    pack, error = _run_in_thread(parent, _("Checking the data update…"), read_pack, path)
    if error is not None:
        return _failed(parent, error)
    if confirm and not _confirm_install(parent, pack):
        return False
    result, error = _run_in_thread(
        parent, _("Installing the data update…"), lambda: install(path, verified=pack)
    )
    if error is not None:
        return _failed(parent, error)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(_("Data update installed"))
    # The window keeps the catalog it opened: the pack is not "in use" in it yet.
    text = _(
        "Installed: {pack}.\n\nThis window keeps the catalog it opened; minref uses the "
        "new one from its next start."
    ).format(pack=describe(result.entry, since=False))
    if result.notes:  # tables of minref's own taken from this minref (an older minref's pack)
        text += "\n\n" + "\n".join(result.notes)
    box.setText(text)
    changes = _what_changed(result)
    if changes:
        box.setDetailedText(changes)
    box.exec()
    return True


def _failed(parent, error: BaseException) -> bool:
    """Say why a pack was refused or its install failed (nothing changed); False."""
    from minref.datapack import PackError

    if isinstance(error, PackError):
        QMessageBox.warning(
            parent,
            _("Data update refused"),
            _("{reason}\n\nNothing was changed; the catalog in use stays as it was.").format(
                reason=error
            ),
        )
        return False
    from minref.errors import explain

    logger.error("data pack install failed", exc_info=error)
    # a library's English text ("[Errno 28] No space left on device") in the reader's words
    QMessageBox.critical(parent, _("Data update failed"), explain(error))
    return False


def _ask(parent, title: str, text: str, *, default_yes: bool) -> bool:
    """A Yes/No question; Enter takes ``default_yes`` (Yes, else No), Escape is No."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, parent)
    box.setDefaultButton(
        QMessageBox.StandardButton.Yes if default_yes else QMessageBox.StandardButton.No
    )
    box.setEscapeButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def _confirm_install(parent, pack) -> bool:
    """What the verified pack is (editions, signer, key) and what stays in use until the
    next start, with Yes to install it; a pack whose content is the catalog's in use
    already says so, and No is then the default."""
    from minref.datapack.install import in_use_description, same_as_in_use

    same = same_as_in_use(pack)
    if same:
        text = _(
            "Verified: {pack}.\n\nIts content is identical to the catalog in use: installing "
            "it changes nothing. In use now: {catalog}.\n\nInstall it anyway?"
        ).format(pack=pack.summary(), catalog=in_use_description())
    else:
        text = _(
            "Verified: {pack}.\n\nInstall it? minref uses it from its next start. In use "
            "now: {catalog}; File > Roll back data update returns to it."
        ).format(pack=pack.summary(), catalog=in_use_description())
    notes = pack.notes()
    if notes:
        text += "\n\n" + "\n".join(notes)
    return _ask(parent, _("Install data update"), text, default_yes=not same)


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
    from minref.datapack.install import in_use_description, previous_description, rollback

    # Undoing an update is the destructive choice: Enter (the default button) keeps it.
    if confirm and not _ask(
        parent,
        _("Roll back data update"),
        _("In use: {catalog}.\n\nReturn to the previous catalog ({previous})?").format(
            catalog=in_use_description(), previous=previous_description()
        ),
        default_yes=False,
    ):
        return False
    try:
        rollback()
    except PackError as exc:
        QMessageBox.information(parent, _("Roll back data update"), str(exc))
        return False
    QMessageBox.information(
        parent,
        _("Roll back data update"),
        _("Now in use: {catalog}.\n\nminref uses it from its next start.").format(
            catalog=in_use_description()
        ),
    )
    return True
