"""Start-up beside its yardstick (issue 18): the app's first paint, whole process, against a
bare PySide6 window that paints and quits, measured in the same run; warm and cold, and
warm in Spanish.

Run: .venv/bin/python bench/bench_startup.py [--runs N]   (offscreen; prints, never fails)
Budget: first paint within 1.6x the bare window.

Both processes count their first frame the same way: the time at which the expose that
shows the window has returned, Qt having painted the window's widgets and handed the frame
to the screen inside it.  A marker queued at the start of that expose runs then; a filter
on the window itself says it was painted (or the marker waits for that paint).  The app's
is minref.ui.app._watch_first_paint, printed with $MINREF_STARTUP_PROBE.  Until
2026-12-02 both took the last paint event's time from a filter on the whole application;
in the app that filter made PySide build every widget class it binds (a filter sees Qt's
private widgets too), 8 ms the bare window never paid.  Runs alternate between the two
so that load from other work on the machine hits both alike; each figure is the median.

Both run with Python's compiled bytecode cached (in a temporary $PYTHONPYCACHEPREFIX,
written by a first unmeasured run), as an installed minref has it: pip compiles on
install, the bundle and the .deb ship compiled modules.  A shell with
PYTHONDONTWRITEBYTECODE=1 and no __pycache__ compiles every module at every start; that
figure is printed too, on its own line (an empty cache folder that is never written).
"Cold" drops the OS file cache before each run (needs root; otherwise it says so).
"""

from __future__ import annotations

import argparse
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
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
w = QLabel("minref")
w.resize(1366, 768)
class FirstFrame(QObject):
    exposed = painted = waiting = False
    def eventFilter(self, obj, event):
        kind = event.type()
        if kind == QEvent.Type.Expose and not self.exposed and obj.isExposed():
            self.exposed = True
            QTimer.singleShot(0, frame_done)
        elif kind == QEvent.Type.Paint and obj is w and not self.painted:
            self.painted = True
            if self.waiting:
                QTimer.singleShot(0, frame_done)
        return False
def frame_done():
    if not watcher.painted:
        watcher.waiting = True
        return
    print("first_paint", f"{time.time():.4f}", flush=True)
    app.quit()
watcher = FirstFrame()
w.installEventFilter(watcher)
w.show()
w.windowHandle().installEventFilter(watcher)
app.exec()
"""


# The same window using one of Qt's own enums, as every real PySide6 window does (an
# alignment, a focus policy, a role in a model): a second yardstick, printed beside the
# first, never the budget's.  PySide 6.10 builds the Qt namespace's 93 enums in Python
# the first time it is used (14 ms here); the bare window above never uses it.
BARE_QT = BARE.replace(
    'w = QLabel("minref")',
    'from PySide6.QtCore import Qt\nw = QLabel("minref")\n'
    "w.setAlignment(Qt.AlignmentFlag.AlignCenter)",
)
assert BARE_QT != BARE


def drop_caches(cold: bool) -> bool:
    if cold:
        try:
            Path("/proc/sys/vm/drop_caches").write_text("3\n")
            return True
        except OSError:
            return False
    return False


def _run(cmd: list[str], env: dict) -> dict[str, float]:
    t0 = time.time()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO, timeout=120).stdout
    vals = dict(line.split() for line in out.splitlines() if line.count(" ") == 1)
    return {k: float(v) - t0 for k, v in vals.items() if k in ("first_paint", "interactive")}


def bare(env: dict, cold: bool, source: str = BARE) -> dict[str, float]:
    drop_caches(cold)
    return _run([sys.executable, "-c", source], env)


def app(catalog: Path, env: dict, cold: bool, lang: str | None = None) -> dict[str, float]:
    drop_caches(cold)
    return _run(
        [sys.executable, "-m", "minref", "--catalog", str(catalog)]
        + (["--lang", lang] if lang else []),
        {**env, "MINREF_STARTUP_PROBE": "1"},
    )


def load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def measure(
    label: str,
    catalog: Path,
    env: dict,
    cold: bool,
    n: int,
    lang: str | None = None,
    with_qt: bool = False,
) -> None:
    b, a, q = [], [], []
    for _ in range(n):  # interleaved, so that load on the machine hits both alike
        b.append(bare(env, cold)["first_paint"])
        a.append(app(catalog, env, cold, lang))
        if with_qt:
            q.append(bare(env, cold, BARE_QT)["first_paint"])
    mb = statistics.median(b)
    ma = statistics.median(x["first_paint"] for x in a)
    mi = statistics.median(x["interactive"] for x in a)
    # Each app run beside the bare run just before it: this machine's speed drifts by a
    # third from one second to the next (CPU time drifts with it), so the ratio within
    # a pair is steadier than the ratio of the two medians.
    paired = sorted(x["first_paint"] / y for x, y in zip(a, b, strict=True))
    print(
        f"start-up {label}: minref first paint {ma:.3f} s, bare PySide6 window {mb:.3f} s, "
        f"ratio {ma / mb:.2f}x (budget 1.6x); run by run {statistics.median(paired):.2f}x "
        f"(quartiles {paired[len(paired) // 4]:.2f}-{paired[(3 * len(paired)) // 4]:.2f}x); "
        f"minref interactive (first page complete) {mi:.3f} s, {mi / mb:.2f}x; "
        f"median of {n}, load average {load()}",
        flush=True,
    )
    if q:
        mq = statistics.median(q)
        paired_q = sorted(x["first_paint"] / y for x, y in zip(a, q, strict=True))
        print(
            f"start-up {label}, second yardstick: bare PySide6 window using the Qt namespace "
            f"(one Qt.AlignmentFlag) {mq:.3f} s, {1000 * (mq - mb):.0f} ms more than the bare "
            f"window; minref {ma / mq:.2f}x of it, run by run "
            f"{statistics.median(paired_q):.2f}x (not the budget's yardstick)",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="warm runs of each (default 11)")
    args = parser.parse_args()
    from minref.catalog.build import build

    with tempfile.TemporaryDirectory() as tmp:
        catalog = Path(tmp) / "catalog.sqlite"
        build(REPO / "db", catalog)
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "MINREF_HOME": tmp,
            "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache"),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        app(catalog, env, False)  # the first run writes the user's folders and the bytecode
        bare(env, False)
        measure("warm", catalog, env, False, args.runs, with_qt=True)
        # Most of minref's readers work in Spanish: the same start in es-MX (its own
        # catalog of messages and Qt's, and the Spanish number conventions).
        app(catalog, env, False, "es")  # compiles the Spanish messages into the cache once
        measure("warm, in Spanish (--lang es)", catalog, env, False, max(3, args.runs // 2), "es")
        if drop_caches(True):
            measure("cold (OS file cache dropped)", catalog, env, True, max(3, args.runs // 3))
        else:
            print("start-up cold: not measured (dropping the OS file cache needs root)")
        # An empty cache folder that is never written: every module compiled at each start,
        # whatever __pycache__ folders lie beside the sources.
        empty = Path(tmp) / "no-pycache"
        empty.mkdir()
        source = {**env, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": str(empty)}
        measure("warm, no bytecode cache", catalog, source, False, max(3, args.runs // 2))


if __name__ == "__main__":
    main()
