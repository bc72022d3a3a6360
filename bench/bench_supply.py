"""North American supply benchmarks: the full table for the newest U.S. list and a what-if.

Run: .venv/bin/python bench/bench_supply.py   (prints figures; never fails)
Budgets (issue 16): full table under 150 ms; a what-if under 100 ms.
Yardstick, measured in the same run: one world_production query for one commodity, times
the number of rows of the table (the least a table that reads each mineral's world line
must spend).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from minref.analysis import supply as sp  # noqa: E402
from minref.catalog.build import build  # noqa: E402
from minref.catalog.queries import Catalog  # noqa: E402


def timed(fn, n: int) -> tuple[float, float]:
    """Median and max wall time of n calls, in ms."""
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(1000 * (time.perf_counter() - t0))
    return statistics.median(out), max(out)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "catalog.sqlite"
        build(REPO / "db", path)
        cat = Catalog.open(path)
        t0 = time.perf_counter()
        table = sp.supply_table(cat)
        first = 1000 * (time.perf_counter() - t0)
        n_rows = len(table.rows)
        med, worst = timed(lambda: sp.supply_table(cat), 15)
        one, _ = timed(lambda: cat.world_production("fluorspar"), 50)
        print(
            f"supply table, {table.critical_list.list_id} ({n_rows} rows): median {med:.1f} ms, "
            f"max {worst:.1f} ms, first call {first:.1f} ms (budget 150 ms)"
        )
        print(
            f"  yardstick: one world_production query {one:.2f} ms x {n_rows} rows = "
            f"{one * n_rows:.1f} ms (table / yardstick = {med / (one * n_rows):.1f})"
        )
        from minref import i18n

        for lang in ("es", "fr"):  # notes and numbers through Babel (CLDR)
            with i18n.using(lang):
                med_l, worst_l = timed(lambda: sp.supply_table(cat), 15)
            print(
                f"  in {lang}: median {med_l:.1f} ms, max {worst_l:.1f} ms "
                f"(English in this run: {med:.1f} ms)"
            )
        med_w, worst_w = timed(lambda: sp.what_if(table, {sp.CHINA}, "China"), 50)
        group = {"CAN", "MEX", "USA"}
        med_g, _ = timed(lambda: sp.what_if(table, group, "USMCA"), 50)
        print(
            f"what-if without China: median {med_w:.2f} ms, max {worst_w:.2f} ms; without "
            f"the USMCA group {med_g:.2f} ms (budget 100 ms)"
        )
        med_m, _ = timed(lambda: sp.dependence_map(cat, table=table), 20)
        print(f"dependence map description from the table: median {med_m:.2f} ms")
        cat.close()


if __name__ == "__main__":
    main()
