"""Catalog benchmarks: build time, search latency, whole-process `minref show`.

Run: .venv/bin/python bench/bench_catalog.py   (prints figures; never fails on a budget)
Budgets (issue 2): build < 30 s, search p95 < 30 ms, `minref show` < 300 ms whole process.
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

from minref.catalog.build import build  # noqa: E402
from minref.catalog.queries import Catalog  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def queries(cat: Catalog) -> list[str]:
    """A few hundred real queries, typed keystroke by keystroke: names in three languages,
    countries, element symbols, HS codes with and without dots."""
    words = []
    for en, es, fr in list(cat._commodity_names.values())[:60]:
        words += [en, es, fr]
    words += [
        "Mexico",
        "México",
        "Estados Unidos",
        "China",
        "Canada",
        "Peru",
        "Chile",
        "2846",
        "28.46",
        "7106.91",
        "2616",
        "8505.11",
        "Nd",
        "Dy",
        "neodimio",
        "tierras raras",
        "plata",
        "fluorita",
        "celestite",
        "litio",
    ]
    out = []
    for w in words:
        for i in range(2, len(w) + 1, 2):
            out.append(w[:i])
    return out[:600]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "catalog.sqlite"
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            build(REPO / "db", out)
            times.append(time.perf_counter() - t0)
        print(
            f"catalog build: median {statistics.median(times):.2f} s over 3 builds "
            f"(budget 30 s); file {out.stat().st_size / 1e6:.1f} MB"
        )

        cat = Catalog.open(out)
        qs = queries(cat)
        for q in qs[:20]:
            cat.search(q)  # warm the page cache
        lat = []
        for q in qs:
            t0 = time.perf_counter()
            cat.search(q, 20)
            lat.append((time.perf_counter() - t0) * 1000)
        print(
            f"search: {len(qs)} queries, median {statistics.median(lat):.2f} ms, "
            f"p95 {percentile(lat, 95):.2f} ms, max {max(lat):.2f} ms (budget p95 30 ms)"
        )

        env = dict(os.environ, MINREF_HOME=tmp)
        runs = []
        for _ in range(7):
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "minref", "--catalog", str(out), "show", "silver", "--json"],
                check=True,
                capture_output=True,
                env=env,
                cwd=REPO,
            )
            runs.append((time.perf_counter() - t0) * 1000)
        print(
            f"minref show silver --json (whole process): median "
            f"{statistics.median(runs):.0f} ms, max {max(runs):.0f} ms over 7 runs "
            f"(budget 300 ms)"
        )
        cat.close()


if __name__ == "__main__":
    main()
