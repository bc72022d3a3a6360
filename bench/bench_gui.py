"""Desktop app benchmarks: start-up (first paint, interactive; cold and warm, whole
process), search latency per keystroke, commodity page open time, idle memory.

Run: .venv/bin/python bench/bench_gui.py   (offscreen; prints figures, never fails)
Budgets (GUIDE.md §6): first paint 0.5 s, interactive 1 s, search 30 ms per keystroke,
commodity page 150 ms, idle memory 250 MB.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from bench_startup import app as app_run
    from bench_startup import bare, load

    from minref.catalog.build import build

    with tempfile.TemporaryDirectory() as tmp:
        catalog = Path(tmp) / "catalog.sqlite"
        build(REPO / "db", catalog)
        # As bench_startup.py: bytecode cached for both, as an installed minref has it.
        env = dict(os.environ, MINREF_HOME=tmp, QT_QPA_PLATFORM="offscreen")
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        app_run(catalog, env, False)  # writes the user's folders and the bytecode
        for label, cold in (("cold", True), ("warm", False)):
            n = 3 if cold else 5
            runs, yard = [], []
            for _ in range(n):  # interleaved with the yardstick
                yard.append(bare(env, cold)["first_paint"])
                runs.append(app_run(catalog, env, cold))
            fp = statistics.median(r["first_paint"] for r in runs)
            it = statistics.median(r["interactive"] for r in runs)
            b = statistics.median(yard)
            print(
                f"start-up {label}: first paint {fp:.2f} s, interactive {it:.2f} s "
                f"(median of {n}; budgets 0.5 s / 1 s); bare PySide6 window {b:.2f} s "
                f"in the same run, ratio {fp / b:.2f}x; load average {load()}"
            )
        rss = _rss_of_started_app(catalog, env)
        print(f"memory once interactive: {rss / 1024:.0f} MB (budget 250 MB idle)")
        in_process(catalog)


def _rss_of_started_app(catalog: Path, env: dict) -> int:
    out = subprocess.run(
        [sys.executable, "-m", "minref", "--catalog", str(catalog)],
        capture_output=True,
        text=True,
        env={**env, "MINREF_STARTUP_PROBE": "1"},
        cwd=REPO,
        timeout=120,
    ).stdout
    vals = dict(line.split() for line in out.splitlines() if line.count(" ") == 1)
    return int(vals.get("rss_kb", 0))


def in_process(catalog: Path) -> None:
    from minref.catalog.queries import Catalog
    from minref.ui import theme
    from minref.ui.app import make_app
    from minref.ui.main_window import MainWindow

    app = make_app()
    theme.apply(app, "light")
    cat = Catalog.open(catalog)
    win = MainWindow(cat, None)
    win.resize(1366, 768)
    win.show()
    win.open("commodity:gold")
    app.processEvents()

    lat = []
    for word in [
        "silver",
        "tierras raras",
        "fluorita",
        "Mexico",
        "28.46",
        "neodimio",
        "lithium",
        "Estados Unidos",
        "7106.91",
        "celestite",
    ]:
        for i in range(1, len(word) + 1):
            t0 = time.perf_counter()
            win.search.run_search(word[:i])
            app.processEvents()
            lat.append((time.perf_counter() - t0) * 1000)
    lat.sort()
    print(
        f"search per keystroke (query + popup update + repaint): median "
        f"{statistics.median(lat):.1f} ms, p95 {lat[int(len(lat) * 0.95)]:.1f} ms, "
        f"max {lat[-1]:.1f} ms over {len(lat)} keystrokes (budget 30 ms)"
    )
    win.search.popup.hide()

    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    first, full = [], []
    for cid in [
        "silver",
        "fluorspar",
        "rare-earths",
        "copper",
        "zinc",
        "lithium",
        "gold",
        "strontium",
        "graphite",
        "cobalt",
        "antimony",
        "molybdenum",
    ]:
        t0 = time.perf_counter()
        win.open(f"commodity:{cid}")
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
        win.repaint()  # the first screen of the page, painted
        first.append((time.perf_counter() - t0) * 1000)
        app.processEvents()  # the rest of the page, built after the first paint
        full.append((time.perf_counter() - t0) * 1000)
    print(
        f"commodity page open: first screen painted in median "
        f"{statistics.median(first):.0f} ms (max {max(first):.0f}); whole page built in "
        f"median {statistics.median(full):.0f} ms (max {max(full):.0f}) over {len(first)} "
        "pages (budget 150 ms)"
    )
    t0 = time.perf_counter()
    win.set_theme("dark")
    app.processEvents()
    print(f"theme switch: {(time.perf_counter() - t0) * 1000:.0f} ms")
    from minref.ui.app import _rss_kb

    print(f"memory after browsing 12 pages: {_rss_kb() / 1024:.0f} MB")
    charts_bench(app, cat)


def charts_bench(app, cat) -> None:
    from minref.analysis import charts
    from minref.ui.charts import ChartView

    for kind, builder in [
        ("ranking", lambda: charts.world_ranking(cat, "silver")),
        ("production-history", lambda: charts.production_history(cat, "silver")),
        ("ree-history (121 + 5 series)", lambda: charts.ree_history(cat)),
        ("trade", lambda: charts.mexico_us_trade(cat)),
    ]:
        t0 = time.perf_counter()
        spec = builder()
        t1 = time.perf_counter()
        view = ChartView(spec, cat.sources)
        view.resize(1000, 560)
        view.show()
        app.processEvents()
        t2 = time.perf_counter()
        redraw = []
        for i in range(10):
            r0 = time.perf_counter()
            view.plot.getViewBox().scaleBy((0.9 if i % 2 else 1 / 0.9, 1))
            view.graphics.repaint()
            redraw.append((time.perf_counter() - r0) * 1000)
        print(
            f"chart {kind}: description {(t1 - t0) * 1000:.0f} ms, widget and first draw "
            f"{(t2 - t1) * 1000:.0f} ms, redraw (zoom) median {statistics.median(redraw):.1f} "
            f"ms, max {max(redraw):.1f} ms (budget 50 ms)"
        )
        view.close()


if __name__ == "__main__":
    main()
