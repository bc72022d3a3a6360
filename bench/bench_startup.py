"""Start-up beside its yardstick (issue 18): the app's first paint, whole process, against a
bare PySide6 window that paints and quits, measured in the same run; warm and cold.

Run: .venv/bin/python bench/bench_startup.py   (offscreen; prints figures, never fails)
Budget: first paint within 1.6x the bare window.
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

BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
w = QLabel("minref")
w.resize(1366, 768)
def painted():
    print("first_paint", time.time(), flush=True)
    app.quit()
w.show()
QTimer.singleShot(0, painted)  # after the first paint of the shown window
app.exec()
"""


def drop_caches(cold: bool) -> None:
    if cold:
        try:
            Path("/proc/sys/vm/drop_caches").write_text("3\n")
        except OSError:
            pass


def bare(env: dict, cold: bool) -> float:
    drop_caches(cold)
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, "-c", BARE], capture_output=True, text=True, env=env, timeout=60
    ).stdout
    return float(out.split()[1]) - t0


def app(catalog: Path, env: dict, cold: bool) -> float:
    drop_caches(cold)
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, "-m", "minref", "--catalog", str(catalog)],
        capture_output=True,
        text=True,
        env={**env, "MINREF_STARTUP_PROBE": "1"},
        cwd=REPO,
        timeout=120,
    ).stdout
    vals = dict(line.split() for line in out.splitlines() if line.count(" ") == 1)
    return float(vals["first_paint"]) - t0


def main() -> None:
    from minref.catalog.build import build

    with tempfile.TemporaryDirectory() as tmp:
        catalog = Path(tmp) / "catalog.sqlite"
        build(REPO / "db", catalog)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MINREF_HOME": tmp}
        app(catalog, env, False)  # the first run writes the user's folders
        for label, cold, n in (("warm", False, 7), ("cold", True, 3)):
            b, a = [], []
            for _ in range(n):  # interleaved, so that load on the machine hits both alike
                b.append(bare(env, cold))
                a.append(app(catalog, env, cold))
            mb, ma = statistics.median(b), statistics.median(a)
            print(
                f"start-up {label}: minref first paint {ma:.2f} s, bare PySide6 window "
                f"{mb:.2f} s, ratio {ma / mb:.2f}x (budget 1.6x; median of {n})"
            )


if __name__ == "__main__":
    main()
