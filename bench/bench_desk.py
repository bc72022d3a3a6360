"""Trade desk and claim checker benchmarks, on the bundled data and with a synthetic
import of 5 million trade rows in the user's data file.

Run: .venv/bin/python bench/bench_desk.py [--rows 5000000]   (prints figures; never fails)
Budgets (issue 6): a desk query under 200 ms and a claim recomputation under 2 s at that
scale.
"""

from __future__ import annotations

import argparse
import random
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
from minref.userdata.store import UserData  # noqa: E402


def timed(fn, n=5):
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return statistics.median(out), max(out)


def desk_query(data):
    flows = data.flows("MEX", "USA", None, None, "export")
    tr.annual_flows(flows, 4)
    tr.partner_concentration(data.flows("MEX", None, "7106", None, "export"))


def claim_recompute(data):
    claims.claim_us_share(data)
    claims.claim_products(data)


def synthetic_rows(n: int, iso3: list[str]):
    """Comtrade-like rows: ~200 reporters x 200 partners x HS6 lines x 10 years."""
    rnd = random.Random(7)
    codes = [f"{c:04d}{s:02d}" for c in range(2501, 2531) for s in range(10, 100, 10)] + [
        f"{c}{s:02d}"
        for c in (7106, 7108, 7110, 2603, 2608, 2616, 2846, 8111)
        for s in (10, 20, 90)
    ]
    for i in range(n):
        rep = iso3[i % len(iso3)]
        par = iso3[(i // len(iso3)) % len(iso3)]
        yield {
            "reporter_iso3": rep,
            "reporter_label": rep,
            "partner_iso3": par,
            "partner_kind": "country",
            "partner_label": par,
            "flow": "export",
            "hs_code": codes[(i * 7) % len(codes)],
            "hs_level": 6,
            "classification": "H6",
            "year": 2015 + (i // 7) % 10,
            "month": 0,
            "period": "annual",
            "value_usd": float(rnd.randint(1, 10**8)),
            "value_basis": "FOB",
            "quantity": None,
            "quantity_unit": "",
            "net_weight_kg": None,
            "flags": "",
        }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5_000_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cat = Catalog.open(build(REPO / "db", Path(tmp) / "c.sqlite").path)
        data = tr.TradeData(cat)
        m, mx = timed(lambda: desk_query(data))
        print(f"desk query, bundled data: median {m:.1f} ms, max {mx:.1f} ms (budget 200 ms)")
        m, mx = timed(lambda: claim_recompute(data))
        print(f"claim recomputation, bundled data: median {m:.1f} ms, max {mx:.1f} ms (budget 2 s)")
        user = UserData(Path(tmp) / "user.sqlite")
        iso3 = sorted(i for i, *_ in cat.countries_with_data())[:220]
        t0 = time.perf_counter()
        user.commit_import(  # streamed: the rows are never all in memory
            synthetic_rows(args.rows, iso3),
            {
                "label": "synthetic",
                "file_name": "synthetic.csv",
                "file_format": "comtrade",
                "sha256": "",
                "organisation": "benchmark",
                "dataset": "synthetic",
                "licence": "-",
                "attribution": "-",
            },
        )
        print(
            f"synthetic import of {args.rows:,} rows: {time.perf_counter() - t0:.0f} s, "
            f"file {(Path(tmp) / 'user.sqlite').stat().st_size / 1e9:.2f} GB"
        )
        data = tr.TradeData(cat, user)
        m, mx = timed(lambda: desk_query(data))
        print(
            f"desk query with {args.rows:,} imported rows: median {m:.0f} ms, max {mx:.0f} "
            "ms (budget 200 ms)"
        )
        m, mx = timed(lambda: claim_recompute(data), 3)
        print(
            f"claim recomputation with {args.rows:,} imported rows: median {m:.0f} ms, max "
            f"{mx:.0f} ms (budget 2 s)"
        )


if __name__ == "__main__":
    main()
