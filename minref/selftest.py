"""``minref --self-test``: prove that this installation works, frozen or from source.

Checks, in order: the catalog opens, it verifies (integrity, every table against the
hashes recorded at build, search index), FTS5 search answers, the bundled fonts are
there, a page renders offscreen, a chart draws, a commodity brief renders to a temporary
PDF, and the user's folders are writable.  One line per check (``ok   name (detail)`` or
``FAIL name: reason``), then a summary line; the exit code is 0 only when every check
passed.  Nothing is written outside a temporary folder and a probe file per user folder.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
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
        from minref.catalog.verify import verify

        report = verify(cat.conn)
        bad = [f"{n} ({d})" if d else n for n, ok, d in report.checks if not ok]
        if not report.ok or bad:
            raise CheckFailed("failed: " + "; ".join(bad))
        return f"{len(report.checks)} checks: integrity, tables, content hash, search index"

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

    def page_renders():
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is None:
            # No window on screen: the check must pass on a machine with no display too.
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from minref.ui import theme
        from minref.ui.app import make_app
        from minref.ui.main_window import MainWindow

        app = make_app()
        state["app"] = app
        theme.apply(app, "light")
        win = MainWindow(cat, None)
        try:
            win.resize(1366, 768)
            win.open("commodity:silver")
            win.show()
            win.current_page().finish()
            for _ in range(5):
                app.processEvents()
            image = win.grab().toImage()
        finally:
            win.close()
            win.deleteLater()
            app.processEvents()
        if image.isNull() or image.width() < 1000:
            raise CheckFailed(f"the window grabbed as {image.width()}x{image.height()}")
        colours = _image_colours(image)
        if colours < 8:
            raise CheckFailed(f"the page looks blank ({colours} colours)")
        return (
            f"commodity:silver at {image.width()}x{image.height()}, {app.platformName()} platform"
        )

    def chart_draws():
        from minref.analysis.charts import world_ranking
        from minref.ui.charts import ChartView

        app = state["app"]
        spec = world_ranking(cat, "silver")
        if spec.is_empty:
            raise CheckFailed(f"no silver ranking: {spec.empty_reason}")
        view = ChartView(spec, cat.sources)
        try:
            view.resize(1000, 560)
            view.show()
            app.processEvents()
            out = tmpdir / "chart.png"
            view.export(str(out))
        finally:
            view.close()
            view.deleteLater()
            app.processEvents()
        data = out.read_bytes()
        if not data.startswith(b"\x89PNG") or len(data) < 5_000:
            raise CheckFailed(f"the PNG export is not an image ({len(data)} bytes)")
        import numpy
        import pyqtgraph

        return (
            f"silver ranking to PNG, {len(data) // 1024} KB; pyqtgraph "
            f"{pyqtgraph.__version__}, numpy {numpy.__version__}"
        )

    if cat is None:
        st.skip("page renders offscreen", "the catalog did not open")
        st.skip("chart draws", "the catalog did not open")
    else:
        if st.check("page renders offscreen", page_renders):
            st.check("chart draws", chart_draws)
        else:
            st.skip("chart draws", "Qt did not render a page")

    # --- a PDF briefing --------------------------------------------------------------
    def brief_renders():
        from minref.briefing.briefs import commodity_brief
        from minref.briefing.document import BriefOptions

        path = Path(commodity_brief(cat, "silver", tmpdir / "silver.pdf", BriefOptions()))
        data = path.read_bytes()
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
            raise CheckFailed(f"{path} is not a complete PDF")
        if b"DejaVuSans" not in data:
            raise CheckFailed("DejaVu Sans is not embedded in the PDF")
        import re

        pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
        return f"silver, {len(data) // 1024} KB" + (f", {pages} pages" if pages else "")

    if cat is None:
        st.skip("commodity brief to PDF", "the catalog did not open")
    else:
        st.check("commodity brief to PDF", brief_renders)

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
