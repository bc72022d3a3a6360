"""PDF briefing benchmarks: one commodity brief, and a pack of 60 commodities.

Run: .venv/bin/python bench/bench_briefing.py   (prints figures; never fails)
Budgets (issue 5): commodity brief under 1 s; 60-commodity pack under 30 s.
"""

from __future__ import annotations

import statistics
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


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cat_path = Path(tmp) / "catalog.sqlite"
        build(REPO / "db", cat_path)
        cat = Catalog.open(cat_path)
        times = []
        for cid in ["silver", "fluorspar", "rare-earths", "zinc", "lithium"]:
            t0 = time.perf_counter()
            briefs.commodity_brief(cat, cid, Path(tmp) / f"{cid}.pdf", BriefOptions())
            times.append(time.perf_counter() - t0)
        print(
            f"commodity brief: median {statistics.median(times):.2f} s, max {max(times):.2f} s "
            "over 5 commodities (budget 1 s)"
        )
        ids = [s.commodity_id for s in cat.commodity_index if s.kind == "chapter"][:60]
        t0 = time.perf_counter()
        path = briefs.pack(cat, ids, Path(tmp) / "pack.pdf", BriefOptions(marking="Bench"))
        dt = time.perf_counter() - t0
        from pypdf import PdfReader

        pages = len(PdfReader(str(path)).pages)
        print(
            f"pack of {len(ids)} commodities: {dt:.1f} s, {pages} pages, "
            f"{path.stat().st_size / 1e6:.1f} MB (budget 30 s)"
        )
        for name, fn in (
            ("Mexico-U.S. brief", briefs.mexico_us_brief),
            ("rare earths brief", briefs.rare_earths_brief),
        ):
            t0 = time.perf_counter()
            fn(cat, Path(tmp) / "x.pdf", BriefOptions())
            print(f"{name}: {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
