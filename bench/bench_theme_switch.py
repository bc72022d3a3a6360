"""Theme switch with every page open (issue 12): how long light -> dark -> light takes.

Run: .venv/bin/python bench/bench_theme_switch.py [CATALOG]   (prints figures; never fails)
Budget: a switch under 0.5 s with every page of the registry open (a click must feel
immediate).  Yardsticks measured in the same run: re-setting the whole style sheet (which
re-polishes every widget of every page, the first fix tried), and one repaint of the
window without any switch.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from minref.catalog.queries import open_default
    from minref.ui import theme
    from minref.ui.main_window import MainWindow
    from minref.ui.pages import PAGES

    catalog = open_default(sys.argv[1] if len(sys.argv) > 1 else None)
    theme.apply(app, theme.LIGHT)
    win = MainWindow(catalog, None)
    win.resize(1366, 768)
    win.show()
    for kind in PAGES.values():
        win.open(kind.sample_key)
        win.current_page().finish()
        app.processEvents()
    win.open("commodity:fluorspar")
    win.current_page().finish()
    win.current_page().chart_tabs.ensure(0)
    for _ in range(5):
        app.processEvents()

    def settle() -> None:
        for _ in range(3):
            app.processEvents()
        win.grab()  # paint everything shown, as the screen would

    def switch_times(step, runs: int = 5) -> float:
        times = []
        for i in range(runs):
            t0 = time.perf_counter()
            step(theme.DARK if i % 2 == 0 else theme.LIGHT)
            settle()
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    full = switch_times(win.set_theme)
    whole_sheet = switch_times(lambda mode: app.setStyleSheet(theme.STYLE_SHEET + f"/*{mode}*/"))
    app.setStyleSheet(theme.STYLE_SHEET)
    repaint = switch_times(lambda mode: None)
    # A page hidden during the switch is re-polished when it is next shown.
    stale, fresh = [], []
    for kind in ("commodity", "trade", "claims"):
        page = win.pages.get(kind)
        if page is None:
            continue
        for bucket in (stale, fresh):
            win.stack.setCurrentWidget(win.pages["sources"])
            settle()
            if bucket is stale:
                win.set_theme(theme.DARK if theme.is_dark() is False else theme.LIGHT)
                settle()
            t0 = time.perf_counter()
            win.stack.setCurrentWidget(page)
            settle()
            bucket.append(time.perf_counter() - t0)
    print(f"pages open: {len(win.pages)}")
    if stale:
        print(
            f"showing a page hidden during a switch: {statistics.median(stale) * 1000:.0f} ms "
            f"(yardstick, showing it again without a switch: "
            f"{statistics.median(fresh) * 1000:.0f} ms)"
        )
    print(f"theme switch (page on screen re-polished, charts redrawn): {full * 1000:.0f} ms")
    print(f"yardstick, re-setting the whole style sheet: {whole_sheet * 1000:.0f} ms")
    print(f"yardstick, one repaint without a switch: {repaint * 1000:.0f} ms")
    print("budget: 500 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
