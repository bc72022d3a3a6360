"""PDF briefing benchmarks: `minref brief commodity silver` as a whole process, a pack of 60
commodities, and the other briefs, each beside yardsticks measured in the same run.

Run: .venv/bin/python bench/bench_briefing.py [--runs 9]   (prints figures; never fails)
Budgets (issue 18): the commodity brief within 0.5 s whole process; the 60-commodity pack
within 5 s.

Yardsticks, interleaved with the runs they stand beside (the machine is shared: compare
ratios, not seconds):
  * reportlab alone: a Python process that imports reportlab's canvas and writes a
    one-page PDF;
  * `minref show silver --json`, a whole process that opens the catalog and prints.
The child processes run with bytecode caching on (PYTHONDONTWRITEBYTECODE removed from
their environment, one warm-up run first), as an installed minref runs.
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

from minref.briefing import briefs  # noqa: E402
from minref.briefing.document import BriefOptions  # noqa: E402
from minref.catalog.build import build  # noqa: E402
from minref.catalog.queries import Catalog  # noqa: E402

ONE_PAGE_PDF = (
    "import sys; from reportlab.pdfgen.canvas import Canvas; c = Canvas(sys.argv[1]); "
    "c.drawString(72, 720, 'yardstick'); c.showPage(); c.save()"
)


def _env() -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _wall(cmd: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, cwd=REPO, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def _line(name: str, times: list[float], budget: str = "") -> str:
    return f"{name:44} median {statistics.median(times):5.2f} s, min {min(times):5.2f} s" + (
        f"  ({budget})" if budget else ""
    )


def whole_process(cat_path: Path, tmp: Path, runs: int) -> None:
    """The brief, the reportlab yardstick and `minref show`, interleaved run by run."""
    env = _env()
    py = sys.executable
    brief = [py, "-m", "minref", "--catalog", str(cat_path), "brief", "commodity", "silver"]
    brief += ["--out", str(tmp / "silver.pdf")]
    show = [py, "-m", "minref", "--catalog", str(cat_path), "show", "silver", "--json"]
    yard = [py, "-c", ONE_PAGE_PDF, str(tmp / "one-page.pdf")]
    for cmd in (brief, show, yard):  # warm-up: bytecode written, fonts' faces cached
        _wall(cmd, env)
    t_brief, t_show, t_yard = [], [], []
    for _ in range(runs):
        t_brief.append(_wall(brief, env))
        t_show.append(_wall(show, env))
        t_yard.append(_wall(yard, env))
    print(f"whole process, {runs} runs each, interleaved:")
    print("  " + _line("minref brief commodity silver", t_brief, "budget 0.5 s"))
    print("  " + _line("yardstick: reportlab one-page PDF", t_yard))
    print("  " + _line("yardstick: minref show silver --json", t_show))
    b, y, s = (statistics.median(t) for t in (t_brief, t_yard, t_show))
    print(f"  brief / reportlab one-page PDF: {b / y:.1f}x; brief / show: {b / s:.1f}x")


def in_process(cat: Catalog, tmp: Path) -> None:
    times = []
    for cid in ["silver", "fluorspar", "rare-earths", "zinc", "lithium"]:
        t0 = time.perf_counter()
        briefs.commodity_brief(cat, cid, tmp / f"{cid}.pdf", BriefOptions())
        times.append(time.perf_counter() - t0)
    print(
        f"commodity brief in process: median {statistics.median(times):.2f} s, "
        f"max {max(times):.2f} s over 5 commodities"
    )
    ids = [s.commodity_id for s in cat.commodity_index if s.kind == "chapter"][:60]
    pack_times, yard_times = [], []
    env = _env()
    yard = [sys.executable, "-c", ONE_PAGE_PDF, str(tmp / "one-page.pdf")]
    for _ in range(3):
        t0 = time.perf_counter()
        path = briefs.pack(cat, ids, tmp / "pack.pdf", BriefOptions(marking="Bench"))
        pack_times.append(time.perf_counter() - t0)
        yard_times.append(_wall(yard, env))
    from pypdf import PdfReader

    pages = len(PdfReader(str(path)).pages)
    print(
        _line(f"pack of {len(ids)} commodities (in process)", pack_times, "budget 5 s")
        + f", {pages} pages, {path.stat().st_size / 1e6:.1f} MB"
    )
    print(_line("  yardstick beside it: reportlab one-page PDF", yard_times))
    for name, fn in (
        ("Mexico-U.S. brief", briefs.mexico_us_brief),
        ("rare earths brief", briefs.rare_earths_brief),
    ):
        t0 = time.perf_counter()
        fn(cat, tmp / "x.pdf", BriefOptions())
        print(f"{name}: {time.perf_counter() - t0:.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9, help="whole-process runs of each command")
    args = ap.parse_args()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average at start: {load} (2 cores)")
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        cat_path = tmp / "catalog.sqlite"
        build(REPO / "db", cat_path)
        whole_process(cat_path, tmp, args.runs)
        cat = Catalog.open(cat_path)
        in_process(cat, tmp)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average at end: {load}")


if __name__ == "__main__":
    main()
