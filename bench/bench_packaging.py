"""Packaging benchmarks: start-up of the frozen bundle against start-up from source, and
the sizes of the Linux artifacts.

Run after packaging/build-linux.sh:  .venv/bin/python bench/bench_packaging.py [--dist dist]
Both start the window offscreen with MINREF_STARTUP_PROBE=1 (the app prints
``first_paint <unix time>`` and ``interactive <unix time>``, then quits; see bench_gui.py)
on the same catalog file, alternating frozen and source runs.  Budgets (issue 7): frozen
start-up within 20% of start-up from source; the .deb under 100 MB.  Prints figures,
never fails.
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
STARTUP_BUDGET = 1.20  # frozen / source
DEB_BUDGET_MB = 100


def start(cmd: list[str], catalog: Path, home: str, cold: bool) -> tuple[float, float, int]:
    """(first paint, interactive) in seconds after launch, and memory in kB once interactive."""
    env = dict(os.environ, MINREF_STARTUP_PROBE="1", MINREF_HOME=home, QT_QPA_PLATFORM="offscreen")
    env.pop("MINREF_CATALOG", None)
    if cold:  # the OS file cache no longer holds Python, Qt or the catalog
        try:
            subprocess.run(["sync"], check=False)
            Path("/proc/sys/vm/drop_caches").write_text("3\n")
        except OSError:
            pass
    t0 = time.time()
    proc = subprocess.run(
        [*cmd, "--catalog", str(catalog)],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    vals = dict(line.split(maxsplit=1) for line in proc.stdout.splitlines() if line.count(" ") == 1)
    if "interactive" not in vals:
        raise RuntimeError(
            f"{cmd[0]} printed no start-up probe (exit {proc.returncode}): "
            f"{proc.stderr.strip()[-400:]}"
        )
    return (
        float(vals["first_paint"]) - t0,
        float(vals["interactive"]) - t0,
        int(vals.get("rss_kb", 0)),
    )


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def mb(n: float) -> str:
    return f"{n / 1048576:.1f} MB"


def sizes(dist: Path, bundle: Path) -> None:
    total = folder_size(bundle)
    internal = bundle / "_internal"
    parts = {
        "Qt (PySide6)": internal / "PySide6",
        "catalog": internal / "minref" / "data",
        "numpy + OpenBLAS": [internal / "numpy", internal / "numpy.libs"],
        "Python (libpython, stdlib)": [internal / "python3.11", internal / "base_library.zip"]
        + list(internal.glob("libpython3*.so*")),
    }
    detail = []
    for label, paths in parts.items():
        paths = paths if isinstance(paths, list) else [paths]
        n = sum(folder_size(p) if p.is_dir() else p.stat().st_size for p in paths if p.exists())
        detail.append(f"{label} {mb(n)}")
    print(f"bundle {bundle}: {mb(total)} unpacked ({', '.join(detail)})")
    debs = sorted(dist.glob("minref_*.deb"))
    for deb in debs:
        size = deb.stat().st_size
        verdict = "within" if size < DEB_BUDGET_MB * 1048576 else "OVER"
        print(f".deb {deb.name}: {mb(size)} ({verdict} the {DEB_BUDGET_MB} MB budget)")
    for tgz in sorted(dist.glob("minref-*.tar.gz")):
        print(f".tar.gz {tgz.name}: {mb(tgz.stat().st_size)}")
    if not debs:
        print(".deb: none in dist/ (packaging/build-linux.sh makes it)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dist", default=str(REPO / "dist"), help="build-linux.sh's output folder")
    ap.add_argument("--runs", type=int, default=7, help="warm runs of each (default 7)")
    ap.add_argument(
        "--cold",
        type=int,
        default=3,
        help="cold runs of each, OS caches dropped first (root only; default 3)",
    )
    args = ap.parse_args()
    dist = Path(args.dist)
    bundle = dist / "minref"
    frozen = bundle / ("minref.exe" if sys.platform == "win32" else "minref")
    if not frozen.is_file():
        print(f"no frozen bundle at {bundle}: run packaging/build-linux.sh first")
        return 0
    sizes(dist, bundle)
    catalog = bundle / "_internal" / "minref" / "data" / "catalog.sqlite"
    commands = {"source": [sys.executable, "-m", "minref"], "frozen": [str(frozen)]}
    can_drop = os.access("/proc/sys/vm/drop_caches", os.W_OK)
    with tempfile.TemporaryDirectory() as home:
        for cmd in commands.values():  # first launches: fill caches, make the user folders
            start(cmd, catalog, home, cold=False)
        plans = [("warm", False, args.runs)]
        if can_drop and args.cold:
            plans.append(("cold", True, args.cold))
        elif args.cold:
            print("cold start-up: skipped (dropping the OS caches needs root)")
        for label, cold, n in plans:
            runs: dict[str, list] = {k: [] for k in commands}
            for _ in range(n):
                for name, cmd in commands.items():  # alternate, so drift hits both alike
                    runs[name].append(start(cmd, catalog, home, cold))
            med = {
                k: (
                    statistics.median(r[0] for r in v),
                    statistics.median(r[1] for r in v),
                    statistics.median(r[2] for r in v),
                )
                for k, v in runs.items()
            }
            for name in commands:
                fp, it, rss = med[name]
                best = min(r[1] for r in runs[name])
                print(
                    f"start-up {label}, {name:6}: first paint {fp:.2f} s, interactive "
                    f"{it:.2f} s (median of {n}, best {best:.2f} s), {rss / 1024:.0f} MB"
                )
            ratio = med["frozen"][1] / med["source"][1]
            verdict = "within" if ratio <= STARTUP_BUDGET else "OVER"
            print(
                f"start-up {label}: frozen/source interactive = {ratio:.2f} "
                f"({verdict} the {STARTUP_BUDGET:.2f} budget); first paint = "
                f"{med['frozen'][0] / med['source'][0]:.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
