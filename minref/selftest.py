"""``minref --self-test``: prove that this installation works, frozen or from source.

What officials install is what was tested (issue 12), so the self-test runs what they
use, read from the registries so that a page, command, chart or brief added later is
checked without editing this file:

* the catalog opens, verifies (``minref catalog verify``) and FTS5 search answers;
* the bundled fonts are there; every minref module imports (in a frozen bundle: the list
  of modules it was built with, so a module the spec left out fails here);
* every page kind in :data:`minref.ui.pages.PAGES` opens its sample offscreen and renders
  (counting colours);
* every CLI sub-command runs in-process through :func:`minref.cli.main` on a temporary
  ``MINREF_HOME`` (show, country, search, trade, import of a small bundled Comtrade file
  into a temporary user data file, claims, catalog info, every chart kind in PNG, SVG and
  CSV, every brief kind to PDF, and ``--help`` of a command with no sample here);
* the user data store creates and reopens its file and refuses a newer one unchanged;
* the translations load (when this minref has them), and the window speaks the language
  the system asks for (``LANG=es_MX.UTF-8`` gives Spanish menus and Qt's own Spanish
  buttons); the user's folders are writable.

One line per check (``ok   name (detail)`` or ``FAIL name: reason``), then a summary line;
the exit code is 0 only when every check passed.  A failed check never stops the rest.
Nothing is written outside a temporary folder and a probe file per user folder.
"""

from __future__ import annotations

import io
import json
import logging
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1


class CheckFailed(Exception):
    """A check found something wrong; its message is the whole explanation."""


class SelfTest:
    """Runs checks one by one, printing one line each; a failed check never stops the rest."""

    def __init__(self, out=None):
        self.out = out or sys.stdout
        self.passed = 0
        self.failed: list[str] = []

    def check(self, name: str, fn: Callable[[], str | None]) -> bool:
        t0 = time.perf_counter()
        try:
            detail = fn()
        except Exception as exc:  # noqa: BLE001 (every failure becomes one FAIL line)
            logger.debug("self-test %s failed\n%s", name, traceback.format_exc())
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            if not isinstance(exc, CheckFailed):  # unexpected: say what kind of error
                reason = type(exc).__name__ + (f": {reason}" if reason else "")
            self._line(f"FAIL {name}: {reason}")
            self.failed.append(name)
            return False
        ms = (time.perf_counter() - t0) * 1000
        timing = f"{ms / 1000:.1f} s" if ms >= 1000 else f"{ms:.0f} ms"
        self._line(f"ok   {name} ({detail + ', ' if detail else ''}{timing})")
        self.passed += 1
        return True

    def skip(self, name: str, why: str) -> None:
        """A check that could not run because an earlier one failed: counts as a failure."""
        self._line(f"FAIL {name}: not run, {why}")
        self.failed.append(name)

    def _line(self, text: str) -> None:
        print(text, file=self.out, flush=True)


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def _image_colours(image, step: int = 8) -> int:
    """How many distinct colours a grid of pixels has (a blank render has one or two)."""
    colours = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colours.add(image.pixel(x, y))
            if len(colours) > 64:
                return len(colours)
    return len(colours)


def run_self_test(catalog: str | None = None, out=None) -> int:
    """Check this installation; print one line per check and a summary; 0 when all passed."""
    from minref import __version__

    t_start = time.perf_counter()
    st = SelfTest(out)
    st._line(
        f"minref {__version__} self-test ({'frozen bundle' if _frozen() else 'from source'}"
        f", Python {sys.version.split()[0]}, {sys.platform})"
    )
    state: dict = {}

    # --- the catalog ---------------------------------------------------------------
    def catalog_opens():
        from minref.catalog.queries import open_default
        from minref.catalog.store import CatalogError

        try:
            cat = open_default(catalog)
        except CatalogError as exc:
            raise CheckFailed(f"{exc} {exc.advice}".strip()) from None
        state["catalog"] = cat
        n = len(cat.commodity_ids())
        if n == 0:
            raise CheckFailed("the catalog has no commodities")
        editions = ", ".join(str(e) for e in cat.editions)
        return f"{cat.path}; {n} commodities, MCS {editions}"

    st.check("catalog opens", catalog_opens)
    cat = state.get("catalog")

    def catalog_verifies():
        # Through the command itself (`minref catalog verify`): the same check, run once.
        code, out, err = run_cli(["--catalog", str(cat.path), "catalog", "verify"])
        lines = out.strip().splitlines()
        bad = [ln[5:].strip() for ln in lines if ln.startswith("FAIL")]
        if code != 0 or bad:
            why = "; ".join(bad) or (err.strip().splitlines() or [f"exit code {code}"])[-1]
            raise CheckFailed("failed: " + why)
        n = sum(ln.startswith("ok") for ln in lines)
        return f"minref catalog verify: {n} checks: integrity, tables, content hash, search index"

    def fts_search():
        from minref.catalog.search import has_fts5

        if not has_fts5():
            raise CheckFailed("this Python's SQLite has no FTS5")
        if not cat.use_fts:
            raise CheckFailed("the catalog does not use FTS5")
        hits = cat.search("tierras raras")
        keys = [h.key for h in hits]
        if "rare-earths" not in keys:
            raise CheckFailed(f"'tierras raras' did not find rare-earths (got {keys[:5]})")
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}; 'tierras raras' -> rare-earths"

    if cat is None:
        st.skip("catalog verifies", "the catalog did not open")
        st.skip("FTS5 search", "the catalog did not open")
    else:
        st.check("catalog verifies", catalog_verifies)
        st.check("FTS5 search", fts_search)

    # --- fonts, the GUI, a chart -----------------------------------------------------
    def fonts_found():
        from minref.paths import resource_dir

        fonts = resource_dir() / "fonts"
        need = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"]
        missing = [
            f for f in need if not (fonts / f).is_file() or (fonts / f).stat().st_size < 100_000
        ]
        if missing:
            raise CheckFailed(f"missing in {fonts}: {', '.join(missing)}")
        return str(fonts)

    st.check("bundled fonts", fonts_found)

    tmp = tempfile.TemporaryDirectory(prefix="minref-selftest-")
    tmpdir = Path(tmp.name)

    # --- every minref module imports (a bundle missing one fails here) ---------------
    def modules_import():
        import importlib

        names = minref_module_names()
        failed = []
        for name in names:
            try:
                importlib.import_module(name)
            except Exception as exc:  # noqa: BLE001 (each failure is listed)
                failed.append(f"{name} ({type(exc).__name__}: {exc})")
        if failed:
            raise CheckFailed(f"{len(failed)} of {len(names)} do not import: " + "; ".join(failed))
        return f"{len(names)} modules"

    st.check("minref modules import", modules_import)

    # --- every page type, offscreen ------------------------------------------------------
    from minref.ui.pages import PAGES

    page_checks = [f"page {kind.kind}" for kind in PAGES.values()]
    if cat is None:
        for name in page_checks:
            st.skip(name, "the catalog did not open")
    else:
        win = None
        home = _temporary_home(tmpdir / "home")  # pages open the user data file too
        home.__enter__()
        try:
            app, win = _offscreen_window(state, cat)
        except Exception as exc:  # noqa: BLE001
            logger.debug("no window\n%s", traceback.format_exc())
            for name in page_checks:
                st.skip(name, f"Qt could not make a window ({type(exc).__name__}: {exc})")
        if win is not None:
            for kind in PAGES.values():
                st.check(f"page {kind.kind}", lambda k=kind: _render_page(app, win, k.sample_key))
            st.check("interface language", lambda: _interface_language(win))
            win.close()
            win.deleteLater()
            app.processEvents()
        home.__exit__(None, None, None)

    # --- every CLI sub-command, in-process, on a temporary MINREF_HOME -------------------
    if cat is None:
        st.skip("command-line commands", "the catalog did not open")
    else:
        _cli_checks(st, cat.path, tmpdir)

    # --- the user data store: create, reopen, refuse a newer file ------------------------
    st.check("user data store", lambda: _user_data_store(tmpdir))

    # --- translations (when this minref has them) ----------------------------------------
    import importlib.util

    if importlib.util.find_spec("minref.i18n") is not None:
        st.check("translations load", _translations)

    # --- the user's folders ----------------------------------------------------------
    def folders_writable():
        from minref.paths import user_paths

        paths = user_paths()
        done = []
        for label in ("data", "cache", "logs", "config"):
            folder: Path = getattr(paths, label)
            try:
                folder.mkdir(parents=True, exist_ok=True)
                probe = folder / f".minref-selftest-{os.getpid()}"
                probe.write_bytes(b"ok")
                probe.unlink()
            except OSError as exc:
                raise CheckFailed(
                    f"{label} folder {folder} is not writable ({exc.strerror or exc})"
                ) from None
            done.append(str(folder))
        common = os.path.commonpath(done)
        return f"data, cache, logs, config under {common}"

    st.check("user folders writable", folders_writable)

    if cat is not None:
        cat.close()
    tmp.cleanup()
    total = st.passed + len(st.failed)
    seconds = time.perf_counter() - t_start
    if st.failed:
        st._line(
            f"self-test FAILED: {len(st.failed)} of {total} checks failed "
            f"({', '.join(st.failed)}) in {seconds:.1f} s"
        )
        return EXIT_FAILED
    st._line(f"self-test passed: all {total} checks ok in {seconds:.1f} s")
    return EXIT_OK


# --- helpers of the checks ----------------------------------------------------------------
MODULES_FILE = "bundled_modules.txt"  # written into the bundle by packaging/minref.spec


def minref_module_names() -> list[str]:
    """Every minref module: the list the bundle was built with, or the source tree's."""
    import pkgutil

    import minref

    listed = Path(minref.__file__).resolve().parent / MODULES_FILE
    if listed.is_file():
        names = listed.read_text(encoding="utf-8").split()
    else:
        names = ["minref"] + [
            m.name for m in pkgutil.walk_packages(minref.__path__, "minref.") if m.name
        ]
    # __main__ modules run the app when imported.
    return sorted(n for n in names if not n.endswith("__main__"))


def _offscreen_window(state: dict, cat):
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        # No window on screen: the check must pass on a machine with no display too.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import qInstallMessageHandler

    from minref.ui import theme
    from minref.ui.app import make_app
    from minref.ui.main_window import MainWindow

    def qt_message(_mode, _context, message):  # offscreen's notes, not the self-test's lines
        logger.debug("Qt: %s", message)

    state["qt_messages"] = qt_message
    qInstallMessageHandler(qt_message)
    app = make_app()
    state["app"] = app
    theme.apply(app, "light")
    from minref.ui.translators import install_translators

    install_translators(app)  # as the app does: the language --lang, the setting or LANG chose
    win = MainWindow(cat, None)
    win.resize(1366, 768)
    win.show()
    app.processEvents()
    return app, win


def _render_page(app, win, key: str) -> str:
    win.open(key)
    page = win.current_page()
    if hasattr(page, "finish"):
        page.finish()
    for _ in range(5):
        app.processEvents()
    image = win.grab().toImage()
    if image.isNull() or image.width() < 1000:
        raise CheckFailed(f"{key}: the window grabbed as {image.width()}x{image.height()}")
    colours = _image_colours(image)
    if colours < 8:
        raise CheckFailed(f"{key} looks blank ({colours} colours)")
    return f"{key}, {colours if colours <= 64 else '64+'} colours"


@contextmanager
def _temporary_home(folder: Path):
    """MINREF_HOME set to a fresh folder for the in-process commands, then restored."""
    from minref.paths import HOME_ENV, _paths

    old = os.environ.get(HOME_ENV)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ[HOME_ENV] = str(folder)
    _paths.cache_clear()
    try:
        yield folder
    finally:
        if old is None:
            os.environ.pop(HOME_ENV, None)
        else:
            os.environ[HOME_ENV] = old
        _paths.cache_clear()


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """minref.cli.main(argv) in this process: (exit code, stdout, stderr).

    The commands run in English (the checks read their text), whatever language the
    system asks for; the language in use before is restored after each command."""
    from minref import i18n
    from minref.cli import main

    before = i18n.current_language()
    if "--lang" not in argv:
        argv = ["--lang", "en", *argv]
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            i18n.set_language(before)
    return code, out.getvalue(), err.getvalue()


def _json(out: str):
    try:
        return json.loads(out)
    except ValueError as exc:
        raise CheckFailed(f"the --json output is not JSON ({exc}): {out[:80]!r}") from None


def _file_kind(path: Path, ext: str) -> str:
    if not path.is_file():
        raise CheckFailed(f"{path.name} was not written")
    data = path.read_bytes()
    ok = {
        "png": data.startswith(b"\x89PNG") and len(data) > 2_000,
        "svg": b"<svg" in data[:4096],
        "csv": data.count(b"\n") >= 2,
        "pdf": data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:],
    }[ext]
    if not ok:
        raise CheckFailed(f"{path.name} is not a complete {ext.upper()} ({len(data)} bytes)")
    if ext == "pdf" and b"DejaVuSans" not in data:
        raise CheckFailed(f"{path.name}: DejaVu Sans is not embedded")
    return f"{ext} {max(1, len(data) // 1024)} KB"


def _cli_case(argv: list[str], check=None) -> Callable[[], str]:
    """A check running one command: exit code 0, then check(stdout) gives the detail."""

    def run() -> str:
        code, out, err = run_cli(argv)
        if code != 0:
            failing = [ln for ln in out.splitlines() if ln.startswith("FAIL")]
            why = err.strip().splitlines()[-1:] or failing[:3] or out.strip().splitlines()[-1:]
            raise CheckFailed(f"exit code {code}: {'; '.join(why)}")
        return str(check(out)) if check else ""

    return run


def _cli_checks(st: SelfTest, catalog: Path, tmpdir: Path) -> None:
    """One line per command (per kind for chart and brief), each on the catalog in use."""
    from minref.analysis.charts import CHART_KINDS
    from minref.briefing.kinds import BRIEF_KINDS
    from minref.cli import COMMANDS
    from minref.paths import resource_dir
    from minref.userdata.store import default_path

    base = ["--catalog", str(catalog)]
    out_dir = tmpdir / "out"
    out_dir.mkdir()
    with _temporary_home(tmpdir / "home"):
        data_file = default_path()

        def show(out):
            j = _json(out)
            if j["profile"]["commodity_id"] != "silver":
                raise CheckFailed(f"'show silver' gave {j['profile']['commodity_id']}")
            return "silver"

        def country(out):
            j = _json(out)
            if "MEX" not in json.dumps(j)[:2000]:
                raise CheckFailed("'country MEX' does not name MEX")
            return "MEX"

        def search(out):
            keys = [r["key"] for r in _json(out)["results"]]
            if "silver" not in keys:
                raise CheckFailed(f"'search plata' did not find silver (got {keys[:5]})")
            return "plata -> silver"

        def trade(out):
            rows = _json(out)["rows"]
            if not rows:
                raise CheckFailed("no MEX->USA rows for HS 7106")
            return f"MEX->USA HS 7106, {len(rows)} rows"

        def claims(out):
            n = len(_json(out)["claims"])
            if n == 0:
                raise CheckFailed("no claims checked")
            return f"{n} claims"

        def imported(out):
            if "imported" not in out:
                raise CheckFailed(f"no import reported: {out.strip()[-80:]!r}")
            return out.strip().splitlines()[-1].split(" into ")[0]

        def info(out):
            return f"{len(_json(out)['sources'])} sources"

        fixture = resource_dir() / "selftest" / "comtrade-selftest.csv"
        baci = resource_dir() / "selftest" / "baci-selftest.csv"

        def imported_baci(out):
            # BACI's block reader (numpy), the staging thread and the packed staging
            done = imported(out)
            if not done.startswith("imported 3 rows"):
                raise CheckFailed(f"not the sample's 3 rows: {done!r}")
            return done

        # (command, check name, argv, validator), in the order they run
        cases: list[tuple[str, str, list[str], Callable | None]] = [
            ("show", "cli show", ["show", "silver", "--json"], show),
            ("country", "cli country", ["country", "MEX", "--json"], country),
            ("search", "cli search", ["search", "plata", "--json"], search),
            (
                "trade",
                "cli trade",
                ["trade", "--reporter", "MEX", "--partner", "USA", "--hs", "7106", "--json"],
                trade,
            ),
            (
                "import",
                "cli import",
                ["import", str(fixture), "--data", str(data_file), "--yes"],
                imported,
            ),
            (
                "import",
                "cli import BACI",
                ["import", str(baci), "--data", str(data_file), "--yes"],
                imported_baci,
            ),
            ("claims", "cli claims", ["claims", "--json"], claims),
            ("catalog", "cli catalog info", ["catalog", "info", "--json"], info),
            ("supply", "cli supply", ["supply", "--json"], lambda out: f"{len(_json(out))} keys"),
            ("book", "cli book list", ["book", "list", "--json"], lambda out: _json(out) and "ok"),
            (
                "data",
                "cli data status",
                ["data", "status", "--json"],
                lambda out: f"{len(_json(out))} keys",
            ),
        ]
        for name, label, argv, check in cases:
            if name == "catalog" or name in COMMANDS:
                st.check(label, _cli_case(base + argv, check))
        for kind in CHART_KINDS.values():
            st.check(f"cli chart {kind.id}", lambda k=kind: _chart_formats(base, k, out_dir))
        for kind in BRIEF_KINDS.values():
            out = out_dir / f"{kind.id}.pdf"
            argv = base + ["brief", kind.id, ",".join(kind.sample), "--out", str(out)]
            st.check(
                f"cli brief {kind.id}",
                lambda a=argv, o=out: _cli_case(a, lambda _out: _file_kind(o, "pdf"))(),
            )
        covered = {c[0] for c in cases} | {"chart", "brief"}
        for name in sorted(set(COMMANDS) - covered):
            # A command added without a sample here: at least its parser and help work.
            st.check(
                f"cli {name}",
                lambda n=name: _cli_case(
                    [n, "--help"], lambda _o: "--help only (no sample in minref.selftest)"
                )(),
            )


def _chart_formats(base: list[str], kind, out_dir: Path) -> str:
    done = []
    for ext in ("png", "svg", "csv"):
        out = out_dir / f"chart-{kind.id}.{ext}"
        code, _out, err = run_cli(base + ["chart", kind.id, kind.sample, "--out", str(out)])
        if code != 0:
            last = (err.strip().splitlines() or [""])[-1]
            raise CheckFailed(f"{ext}: exit code {code}: {last}")
        done.append(_file_kind(out, ext))
    return f"{kind.sample}: " + ", ".join(done)


# The SQLite file header: user_version at byte 60, application_id at byte 68 (both
# 4-byte big-endian; https://www.sqlite.org/fileformat.html#the_database_header).  Read
# and set here as bytes: SQL text stays in minref/catalog and minref/userdata.
_USER_VERSION_AT, _APPLICATION_ID_AT = 60, 68


def _header_int(path: Path, offset: int) -> int:
    with path.open("rb") as fh:
        fh.seek(offset)
        return int.from_bytes(fh.read(4), "big")


def _user_data_store(tmpdir: Path) -> str:
    """Create a user data file (schema and PRAGMAs), reopen it, and refuse a newer one."""
    from minref.userdata.store import APPLICATION_ID, SCHEMA_VERSION, UserData, UserDataError

    path = tmpdir / "userdata-check.sqlite"
    UserData(path).close()
    app_id = _header_int(path, _APPLICATION_ID_AT)
    version = _header_int(path, _USER_VERSION_AT)
    if (app_id, version) != (APPLICATION_ID, SCHEMA_VERSION):
        raise CheckFailed(f"a new file has application_id {app_id:#x}, schema {version}")
    user = UserData(path)
    imports = user.imports()
    user.close()
    newer = tmpdir / "userdata-newer.sqlite"
    data = bytearray(path.read_bytes())
    data[_USER_VERSION_AT : _USER_VERSION_AT + 4] = (SCHEMA_VERSION + 1).to_bytes(4, "big")
    newer.write_bytes(bytes(data))
    before = newer.read_bytes()
    try:
        UserData(newer).close()
    except UserDataError:
        pass
    else:
        raise CheckFailed("a file of a newer schema was opened")
    if newer.read_bytes() != before:
        raise CheckFailed("a file of a newer schema was changed")
    return (
        f"created at schema {SCHEMA_VERSION}, reopened ({len(imports)} imports), "
        "newer schema refused unchanged"
    )


def _interface_language(win) -> str:
    """The window's language: the one chosen (``--lang``, the saved setting, the system
    locale), its menus and Qt's own dialog buttons in it."""
    from PySide6.QtCore import QCoreApplication

    from minref import i18n
    from minref.ui.pages import PAGES

    lang = i18n.current_language()
    asked = i18n.system_language()
    menus = [a.text().replace("&", "") for a in win.menuBar().actions() if a.text()]
    # Qt's own string (qtbase), not minref's: passed as variables so extraction skips it
    context, button = "QPlatformTheme", "Cancel"
    cancel = QCoreApplication.translate(context, button)
    labels = [k.nav_label for k in PAGES.values() if k.nav_label]
    shown = [QCoreApplication.translate("MainWindow", label) for label in labels]
    if lang in ("es", "fr"):
        if cancel == "Cancel":
            raise CheckFailed(f"{lang}: Qt's own translations (qtbase_{lang}) did not load")
        if shown == labels:
            raise CheckFailed(f"{lang}: the page names are still English ({', '.join(labels)})")
    return (
        f"{lang}: the system asks for {asked}; menus {', '.join(menus)}; "
        f"Qt's Cancel: {cancel}; pages: {', '.join(shown[:3])}"
    )


def _translations() -> str:
    from minref import i18n

    done = []
    for lang in i18n.LANGUAGES:
        if lang == "en":
            continue
        if not i18n.has_catalog(lang):
            raise CheckFailed(f"no message catalog for {lang}")
        catalog = getattr(i18n.translations(lang), "_catalog", {})
        if len(catalog) < 2:
            raise CheckFailed(f"the {lang} catalog has no messages")
        done.append(f"{lang} {len(catalog)} messages")
    number = i18n.format_decimal(1234.5, lang="es")
    return ", ".join(done) + f"; 1234.5 in es: {number}"
