"""HS x year table and claim recomputation on the bundled catalog, each beside a yardstick
measured in the same run (a bare SELECT over the same rows).

Run: .venv/bin/python bench/bench_hs_table.py   (prints figures; never fails)
Budgets (issue 15): the HS x year table for Mexico -> U.S., every chapter, within 100 ms;
the claim recomputation (all three claims) within 500 ms.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from minref.analysis import claims  # noqa: E402
from minref.analysis import trade as tr  # noqa: E402
from minref.catalog.build import build  # noqa: E402
from minref.catalog.queries import Catalog  # noqa: E402


def timed(fn, n=7):
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return statistics.median(out), max(out)


def hs_table(data, cat):
    flows, _ = tr.one_source_per_cell(data.flows("MEX", "USA", None, None, "export"))
    return tr.hs_year_table(flows, title="Mexico exports to the U.S.", describe=cat.hs_description)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cat = Catalog.open(build(REPO / "db", Path(tmp) / "c.sqlite").path)
        data = tr.TradeData(cat)
        t = hs_table(data, cat)
        rows = len(cat.trade_flow_values("MEX", "USA", "export"))
        print(
            f"HS x year table, Mexico -> U.S. exports, every chapter: {len(t.rows)} rows x "
            f"{len(t.years)} years from {rows} catalog rows"
        )
        m, mx = timed(lambda: hs_table(data, cat))
        y, ymx = timed(lambda: cat.trade_flow_values("MEX", "USA", "export"))
        print(f"  table:      median {m:.1f} ms, max {mx:.1f} ms (budget 100 ms)")
        print(f"  yardstick:  bare SELECT of the same rows, median {y:.1f} ms, max {ymx:.1f} ms")
        m, mx = timed(lambda: claims.check_claims(data), 5)
        y, ymx = timed(lambda: cat.trade_flow_values("MEX", None, "export"), 5)
        print(f"claim recomputation (3 claims): median {m:.0f} ms, max {mx:.0f} ms (budget 500 ms)")
        print(
            f"  yardstick:  bare SELECT of Mexico's export rows, median {y:.1f} ms, "
            f"max {ymx:.1f} ms"
        )


if __name__ == "__main__":
    main()
