"""Start-up of the desktop app, error dialogs, and offscreen screenshots.

Order (../shared/GUIDE.md §4): check the environment (FTS5) -> install the excepthook ->
resolve the user's folders and logging -> open the catalog -> only then import the
window and show it.  A catalog that must first be built gets a splash screen.
"""

from __future__ import annotations

import gc
import logging
import os
import sqlite3
import sys
import time
import traceback
from pathlib import Path

logger = logging.getLogger(__name__)

T0 = time.perf_counter()


def timeline(step: str, at: float | None = None) -> None:
    """One line of the start-up timeline (shown with --debug); ``at``: a perf_counter()
    time when the step happened earlier than now."""
    now = time.perf_counter() if at is None else at
    logger.debug("startup %7.1f ms  %s", (now - T0) * 1000, step)


def setup_logging(debug: bool) -> Path | None:
    """Log to the user log folder (and to stderr with --debug); returns the log file."""
    from minref.paths import user_paths

    root = logging.getLogger()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    if debug and not any(
        isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler)
        for h in root.handlers
    ):
        h = logging.StreamHandler()
        h.setFormatter(fmt)
        root.addHandler(h)
    try:
        logs = user_paths().logs
        logs.mkdir(parents=True, exist_ok=True)
        path = logs / "minref.log"
        fh = logging.FileHandler(path, encoding="utf-8")
        fh.setFormatter(fmt)
        root.addHandler(fh)
        return path
    except OSError as exc:  # a read-only home: keep going, say so in the dialog
        logger.warning("cannot write logs: %s", exc)
        return None


def install_excepthook(log_path: Path | None) -> None:
    """Unexpected errors: logged, shown in a dialog with the log's location; the window lives."""

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        logger.error("unexpected error\n%s", text)
        from PySide6.QtWidgets import QApplication, QMessageBox

        from minref.i18n import _

        if QApplication.instance() is None:
            sys.__excepthook__(exc_type, exc, tb)
            return
        if log_path:
            text = _(
                "Something went wrong: {error}\n\nminref keeps running. Details are in the "
                "log: {log}"
            ).format(error=exc, log=log_path)
        else:
            text = _(
                "Something went wrong: {error}\n\nminref keeps running. The details could "
                "not be logged: the log folder cannot be written."
            ).format(error=exc)
        box = QMessageBox(QMessageBox.Icon.Critical, "minref", text)
        box.setDetailedText(text)
        box.exec()

    sys.excepthook = hook


def settings():
    """The user's settings (theme, window size), kept as an INI file in the config folder."""
    from PySide6.QtCore import QSettings

    from minref.paths import user_paths

    path = user_paths().config / "minref.ini"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    return QSettings(str(path), QSettings.Format.IniFormat)


def catalog_error_dialog(exc, can_rebuild: bool) -> bool:
    """Say what is wrong with the catalog and what to do; True if the user chose rebuild."""
    from PySide6.QtWidgets import QMessageBox

    from minref.i18n import _

    box = QMessageBox(
        QMessageBox.Icon.Critical,
        _("minref — catalog problem"),
        f"{exc}\n\n{exc.advice}",  # both in the reader's language (minref.catalog.store)
    )
    rebuild = (
        box.addButton(_("Rebuild the catalog"), QMessageBox.ButtonRole.AcceptRole)
        if can_rebuild
        else None
    )
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    if os.environ.get(DIALOG_PROBE_ENV):
        print(f"dialog: {box.windowTitle()}: {box.text()}".replace("\n\n", " "), flush=True)
        return False
    box.exec()
    return rebuild is not None and box.clickedButton() is rebuild


def _build_with_splash(app, path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QSplashScreen

    from minref.catalog import store
    from minref.catalog.build import build
    from minref.i18n import _

    splash = QSplashScreen()
    splash.resize(480, 120)
    splash.showMessage(
        _("minref — preparing the catalog (first start only)…"), Qt.AlignmentFlag.AlignCenter
    )
    splash.show()
    app.processEvents()
    try:
        build(store.find_db_dir(), path)
        timeline("catalog built")
    finally:
        splash.close()


def open_catalog_for_gui(app, explicit):
    """Locate the catalog (building it behind a splash when needed) and open it read-only.

    A missing, damaged or newer catalog gets a dialog; a catalog minref built itself in
    the user cache can be rebuilt from there.  Returns None when the user quits.
    """
    from minref.catalog import store
    from minref.catalog.queries import Catalog

    for _attempt in range(3):
        target = None
        try:
            try:
                path = store.locate_catalog(explicit, build_if_missing=False)
            except store.CatalogMissing as exc:
                if exc.path is None:
                    raise
                path = target = exc.path
                _build_with_splash(app, path)
            catalog = Catalog.open(path)
            timeline("catalog opened")
            return catalog
        except (store.CatalogError, store.build_error(), OSError) as exc:
            logger.error("catalog problem: %s", exc)
            if isinstance(exc, OSError):  # a read-only cache, or $MINREF_HOME that is a file
                exc = store.cache_unwritable(target or store.cache_catalog_path("x"), exc)
                exc.path = None  # nothing to delete or rebuild from the dialog
            elif not isinstance(exc, store.CatalogError):
                exc = store.CatalogCorrupt(f"The catalog could not be built: {exc}")
            if not catalog_error_dialog(exc, _rebuildable(exc)):
                return None
            Path(exc.path).unlink(missing_ok=True)
    return None


def register_fonts() -> None:
    """Register the bundled DejaVu fonts so text never draws as boxes on a bare system.

    A system that has DejaVu Sans already (fontconfig's default on Debian and Ubuntu)
    does not need them: reading the three files took 5 ms of every start.  Asking
    loads the system's font list, which the first paint would load anyway."""
    from PySide6.QtGui import QFontDatabase

    from minref.paths import resource_dir

    if QFontDatabase.hasFamily("DejaVu Sans"):
        return
    fonts = resource_dir() / "fonts"
    for f in sorted(fonts.glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(f))


class _PySideFeatureDefaults:
    """A finder that finds nothing: it tells PySide, before each module is first
    imported, that the module selects none of PySide's optional ``__feature__`` sets."""

    def __init__(self, known: dict):
        self.known = known

    def find_spec(self, name, path=None, target=None):
        self.known.setdefault(name, 0)
        return None


def spare_pyside_source_scans() -> bool:
    """Spare every module PySide's search of its source for ``from __feature__ import``.

    Once PySide is imported, it reads the whole source of each module that an ``import``
    statement names for the first time (``inspect.getsource``), to learn whether the
    module opts into PySide's ``snake_case``/``true_property`` features; the answer goes
    into its table ``pyside_feature_dict`` (0: none selected).  Before the first paint
    that was 44 modules and 4-6 ms (napari measured the same tax, napari/napari#8584).
    minref selects no feature (tests/test_architecture.py holds that), so each module's
    entry is set to 0 before PySide would look: the modules already imported now, and
    each later one as it is first imported.  The table is PySide's own (private); if a
    PySide release drops or renames it, nothing is changed and PySide scans as before
    (tests/test_startup.py fails then, so the upgrade is noticed)."""
    feature = sys.modules.get("shibokensupport.feature")
    known = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(known, dict):
        return False
    for name in list(sys.modules):
        known.setdefault(name, 0)
    if not any(isinstance(f, _PySideFeatureDefaults) for f in sys.meta_path):
        sys.meta_path.insert(0, _PySideFeatureDefaults(known))
    return True


def make_app(argv: list[str] | None = None):
    from PySide6.QtWidgets import QApplication

    spare_pyside_source_scans()
    app = QApplication.instance()
    if app is None:
        # Qt's own -style option sets Fusion without a Python QStyle: PySide builds the
        # QStyle class, with its 20 enums, on first use (5 ms); no start-up code needs it.
        from minref.ui.theme import STYLE, STYLE_PROPERTY

        app = QApplication([*(argv or sys.argv[:1]), "-style", STYLE])
        app.setProperty(STYLE_PROPERTY, STYLE)
    app.setApplicationName("minref")
    app.setOrganizationName("minref")
    app.setApplicationDisplayName("minref")
    app.setDesktopFileName("minref")  # matches packaging/minref.desktop (docks, Wayland)
    from PySide6.QtGui import QIcon

    from minref.paths import resource_dir

    icon = resource_dir() / "icons" / "minref.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    timeline("QApplication constructed")
    register_fonts()
    timeline("fonts registered")
    from minref.ui.translators import install_translators

    install_translators(app)  # minref's catalog and Qt's qtbase_es/fr, in the current language
    timeline("translators installed")
    return app


def run_gui(catalog_arg: str | None, debug: bool) -> int:
    """``minref`` with no command: the desktop window on the bundled catalog.

    The garbage collector, paused for start-up by :mod:`minref.launch`, is switched on
    when the first page is complete (:func:`_watch_first_paint`), after at most
    :data:`GC_PAUSE_MS` whatever happens on screen, and when this returns."""
    try:
        return _run_gui(catalog_arg, debug)
    finally:
        gc.enable()


# The longest the garbage collector stays paused after the QApplication exists, should the
# window never be painted (a platform that does not expose it, a dialog first).
GC_PAUSE_MS = 3000


def _run_gui(catalog_arg: str | None, debug: bool) -> int:
    from minref.catalog.search import has_fts5

    fts = has_fts5()
    log_path = setup_logging(debug)
    timeline(f"environment checked (FTS5 {'present' if fts else 'missing'})")
    install_excepthook(log_path)
    timeline("excepthook installed, logging to " + str(log_path))
    app = make_app()
    timeline("QApplication created")
    if not gc.isenabled():
        from PySide6.QtCore import QTimer

        QTimer.singleShot(GC_PAUSE_MS, gc.enable)
    s = settings()
    for _attempt in range(3):
        catalog = open_catalog_for_gui(app, catalog_arg)
        if catalog is None:
            return 3
        win = None
        try:
            win = _open_window(
                app, catalog, s, lambda w, p=catalog.path: _watch_first_paint(app, w, p)
            )
            timeline("window shown")
            code = app.exec()
            problem = getattr(win, "startup_error", None)
            if problem is None:
                s.setValue("size", win.size())
                return code
            raise problem
        except sqlite3.DatabaseError as exc:
            # The header was fine but pages are damaged: the same dialog as a corrupt header,
            # never a black screen and an exit with the message on stderr only.
            from minref.catalog.store import CatalogCorrupt
            from minref.errors import explain
            from minref.i18n import _

            logger.error("the catalog %s is damaged: %s", catalog.path, exc)
            if win is not None:
                win.close()
                win.deleteLater()
            problem = CatalogCorrupt(
                _("The catalog file {path} is damaged ({error}).").format(
                    path=catalog.path, error=explain(exc)
                ),
                catalog.path,
            )
            catalog.close()
            if not catalog_error_dialog(problem, _rebuildable(problem)):
                return 3
            Path(problem.path).unlink(missing_ok=True)
    return 3


# The page the window opens on.
FIRST_PAGE = "commodity:silver"


def _open_window(app, catalog, s, on_exposed=None):
    """The main window, shown; its first page is built when the window is first exposed
    (see :func:`_open_first_page_when_exposed`), just after ``on_exposed(window)``."""
    from minref.ui import theme
    from minref.ui.main_window import MainWindow

    timeline("window module imported")
    theme.apply(app, s.value("theme", theme.SYSTEM))
    timeline("theme applied")
    win = MainWindow(catalog, s)
    timeline("window built")
    try:
        saved = s.value("size", None)
        win.resize(fitted_size(saved, app) if saved else _default_size(app))
        win.show()
        timeline("window show() returned")
        _open_first_page_when_exposed(app, win, FIRST_PAGE, on_exposed)
    except BaseException:
        win.close()
        win.deleteLater()
        raise
    return win


def _open_first_page_when_exposed(app, win, key: str, first=None) -> None:
    """Build the first page when the window is first exposed, just before Qt paints it
    (``first(window)`` runs just before: :func:`_watch_first_paint` queues its marker).

    A page builds its first screen at once and queues the part below the fold for the
    event loop's next turn.  Built before ``show()``, that queued part ran before the
    window's first paint (posted events come before the window system's expose), so the
    user waited for the whole page.  Built in the expose, the first screen is painted in
    the same pass and the rest follows.  A damaged catalog (sqlite3.DatabaseError while
    reading the page) ends the event loop and is raised again by :func:`run_gui`."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    def open_page():
        if watcher.done:
            return
        watcher.done = True
        handle.removeEventFilter(watcher)
        timeline("window exposed")
        if first is not None:
            first(win)
        try:
            win.open(key)
            timeline("first page opened")
            # The page was laid out hidden: settle its geometry now, not after the paint.
            for _ in range(3):
                app.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            timeline("first page built")
        except sqlite3.DatabaseError as exc:
            win.startup_error = exc
            QTimer.singleShot(0, app.quit)

    class Exposed(QObject):
        done = False

        def eventFilter(self, obj, event):  # noqa: N802 (Qt override)
            if event.type() == QEvent.Type.Expose and not self.done and obj.isExposed():
                open_page()
            return False

    handle = win.windowHandle()
    watcher = Exposed(win)
    win._first_page_watcher = watcher
    handle.installEventFilter(watcher)
    if handle.isExposed():
        open_page()
    else:  # a platform that never exposes a window (or one shown minimised): open anyway
        QTimer.singleShot(1000, open_page)


def _rebuildable(exc) -> bool:
    """Whether minref built this catalog itself in the user cache (and can build it again)."""
    from minref.catalog import store

    try:
        return (
            exc.path is not None
            and store.find_db_dir() is not None
            and Path(exc.path).parent == store.cache_catalog_path("x").parent
        )
    except OSError:
        return False


def check_content_in_background(win, path) -> None:
    """After the first paint: check the catalog's integrity and content hash in a thread
    (a few seconds; SQLite keeps no checksums, so a changed figure in an otherwise valid
    catalog would be shown silently) and warn in the window when it fails."""
    import threading

    from PySide6.QtCore import QObject, Signal

    class ContentCheck(QObject):
        done = Signal(bool, str)

    check = ContentCheck(win)
    win._content_check = check
    probe = bool(os.environ.get(CONTENT_PROBE_ENV))

    def run():
        from minref.catalog.store import open_catalog
        from minref.catalog.verify import verify

        try:
            conn = open_catalog(path)
            try:
                report = verify(conn)
            finally:
                conn.close()
            bad = [f"{n} ({d})" if d else n for n, ok, d in report.checks if not ok]
            check.done.emit(report.ok, "; ".join(bad))
        except Exception as exc:  # noqa: BLE001 (any failure is a failed check)
            check.done.emit(False, f"{type(exc).__name__}: {exc}")

    def finished(ok: bool, detail: str):
        timeline(f"catalog content check {'passed' if ok else 'FAILED: ' + detail}")
        if ok:
            logger.info("catalog content check passed for %s", path)
        else:
            logger.error("catalog content check failed for %s: %s", path, detail)
            from PySide6.QtWidgets import QMessageBox

            from minref.i18n import _

            box = QMessageBox(
                QMessageBox.Icon.Warning,
                _("minref — catalog check failed"),
                _(
                    "The catalog {path} does not match the content it was built with: "
                    "figures shown may have been changed or damaged.\n\n"
                    "Reinstall minref, or delete the file and run 'minref catalog build' "
                    "(or 'minref data rollback' for an installed data pack). "
                    "'minref catalog verify' shows what differs."
                ).format(path=path),
                parent=win,
            )
            box.setDetailedText(detail)
            win._content_warning = box
            if probe:
                print(f"content_check failed: {detail}", flush=True)
            else:
                box.setWindowModality(Qt.WindowModality.WindowModal)
                box.open()
        if probe:
            if ok:
                print("content_check ok", flush=True)
            win.close()
            QApplication.instance().quit()

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    check.done.connect(finished)
    threading.Thread(target=run, name="minref-content-check", daemon=True).start()


# With this set, the window checks the catalog's content after the first paint, prints the
# result ("content_check ok" / "content_check failed: ...") and quits (tests/test_faults.py).
CONTENT_PROBE_ENV = "MINREF_CONTENT_CHECK_PROBE"
# With this set, dialogs print their text to stdout and answer "Quit" (tests: no modal wait).
DIALOG_PROBE_ENV = "MINREF_DIALOG_PROBE"


def _watch_first_paint(app, win, catalog_path=None) -> None:
    """Log when the window's first frame is complete and when the app is next idle
    (interactive: the first page's deferred part is built by then).

    Called in the expose that shows the window, before the first page is built
    (:func:`_open_first_page_when_exposed`).  Qt paints the window's widgets and hands the
    frame to the screen inside that expose, so a marker queued here runs as soon as the
    frame is out, before the page's queued part below the fold (posted events run in
    order).  An event filter on the window itself says whether it was painted by then;
    on a platform that paints later, the marker waits for that paint.
    bench/bench_startup.py times its bare PySide6 yardstick the same way.  No filter is
    installed on the whole application: one receives every object that gets an event,
    and PySide, to wrap the first object of a class it does not bind (Qt's private
    widgets), builds every widget class it binds with their enums, QWizard's and
    QMdiArea's included (about 70 enums, 8 ms of the first frame).

    With $MINREF_STARTUP_PROBE set, both are printed as wall-clock times with the
    memory in use, and the app quits (bench/bench_gui.py, bench/bench_startup.py)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    probe = bool(os.environ.get("MINREF_STARTUP_PROBE"))

    class Painted(QObject):
        painted = waiting = False

        def eventFilter(self, obj, event):  # noqa: N802 (Qt override)
            if event.type() == QEvent.Type.Paint and not self.painted:
                self.painted = True
                if self.waiting:  # the expose did not paint: the frame ends with this one
                    QTimer.singleShot(0, frame_done)
            return False

    def frame_done():
        if getattr(win, "startup_error", None) is not None:
            return  # the page could not be read: the event loop is ending
        if not watcher.painted:
            watcher.waiting = True
            return
        win.removeEventFilter(watcher)
        timeline("first paint (frame complete)")
        if probe:
            print(f"first_paint {time.time():.4f}", flush=True)
            print(f"gc_enabled_at_first_paint {int(gc.isenabled())}", flush=True)
            # Babel's locale data: not needed for the first page in any language
            print(f"babel_at_first_paint {int('babel.numbers' in sys.modules)}", flush=True)
            # PySide builds every widget class it binds (QWizard's enums and all) the first
            # time it wraps a widget of a class it does not bind, e.g. a scroll area's
            # viewport: 7-8 ms that the first page does not need (tables.viewport_width)
            widgets = sys.modules["PySide6.QtWidgets"]
            print(f"widget_classes_at_first_paint {int('QWizard' in vars(widgets))}", flush=True)
            # The bundle's start-up savings (packaging/start_up.py): PySide's support modules
            # read compiled, not compiled from libshiboken's zip; multiprocessing not loaded
            support = sys.modules.get("shibokensupport")
            zipped = type(getattr(support, "__loader__", None)).__name__ == "EmbeddableZipImporter"
            print(f"pyside_support_compiled {int(not zipped)}", flush=True)
            mp = int("multiprocessing" in sys.modules)
            print(f"multiprocessing_at_first_paint {mp}", flush=True)
        QTimer.singleShot(0, interactive)
        if catalog_path is not None and not probe:
            QTimer.singleShot(0, lambda: check_content_in_background(win, catalog_path))

    def interactive():
        gc.enable()  # paused since start-up (minref.launch)
        timeline("interactive (event loop idle)")
        if probe:
            print(f"interactive {time.time():.4f}", flush=True)
            print(f"gc_enabled {int(gc.isenabled())}", flush=True)
            print(f"rss_kb {_rss_kb()}", flush=True)
            widgets = sys.modules["PySide6.QtWidgets"]  # the whole first page, too
            print(f"widget_classes_interactive {int('QWizard' in vars(widgets))}", flush=True)
            # OpenSSL's hashes (hmac, hashlib: 2.5 ms) serve imports and data packs only
            print(f"openssl_interactive {int('_hashlib' in sys.modules)}", flush=True)
            app.quit()

    watcher = Painted(win)
    win.installEventFilter(watcher)
    win._first_paint_watcher = watcher
    QTimer.singleShot(0, frame_done)


def _rss_kb() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def fitted_size(size, app):
    """A saved window size, made to fit the screen it opens on: a size saved on a 1920x1080
    screen, restored on a 1366x768 laptop, put the status bar and the window's foot off
    the screen (QA)."""
    screen = app.primaryScreen()
    return size.boundedTo(screen.availableGeometry().size()) if screen else size


def _default_size(app):
    from PySide6.QtCore import QSize

    screen = app.primaryScreen().availableGeometry() if app.primaryScreen() else None
    if screen is None:
        return QSize(1280, 760)
    return QSize(min(1440, int(screen.width() * 0.92)), min(900, int(screen.height() * 0.9)))


def screenshot(page: str, size: str, out: str, theme_mode: str, catalog_arg: str | None) -> int:
    """Render one page offscreen to a PNG (``minref screenshot``)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSize

    from minref.catalog.queries import open_default
    from minref.ui import theme
    from minref.ui.main_window import MainWindow

    w, _, h = size.lower().partition("x")
    app = make_app()
    catalog = open_default(catalog_arg)
    theme.apply(app, theme_mode)
    win = MainWindow(catalog, None)
    win.resize(QSize(int(w), int(h)))
    if page.startswith("search:"):
        win.open("commodities")
        win.show()
        win.search.setText(page[7:])
        win.search.run_search(page[7:])
    else:
        win.open(page)
        win.show()
    win.current_page().finish()
    for _ in range(5):
        app.processEvents()
    pixmap = win.grab()
    if page.startswith("search:") and win.search.popup.isVisible():
        from PySide6.QtGui import QPainter

        painter = QPainter(pixmap)
        pos = win.mapFromGlobal(win.search.popup.mapToGlobal(win.search.popup.rect().topLeft()))
        painter.drawPixmap(pos, win.search.popup.grab())
        painter.end()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    from minref.files import atomic_write_bytes

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    from minref.i18n import _

    if pixmap.isNull() or not pixmap.save(buf, "PNG") or data.isEmpty():
        # Never "wrote ..." for an image Qt could not make (out of memory, say).
        print(
            "minref: "
            + _("The page could not be rendered at {width}x{height}; nothing was written.").format(
                width=w, height=h
            ),
            file=sys.stderr,
        )
        return 1
    atomic_write_bytes(out, bytes(data))

    message = {
        "light": _("wrote {file} ({width}x{height}, light theme, page {page})"),
        "dark": _("wrote {file} ({width}x{height}, dark theme, page {page})"),
    }.get(theme_mode, _("wrote {file} ({width}x{height}, system theme, page {page})"))
    print(message.format(file=out, width=w, height=h, page=page))
    return 0
