"""Claim recomputation with tens of millions of imported trade rows (issue 18).

Run: .venv/bin/python bench/bench_claims_scale.py [--rows 50000000] [--user PATH] [--catalog PATH]
Prints figures beside their yardsticks; never fails.

* The user file: BACI-like years of 10 million rows (67 countries, every pair, about 2,260
  HS6 products a pair: Mexico has about 149,000 export rows a year, as in bench_scale.py)
  written straight through the store's API (no CSV). ``--user PATH`` keeps the file and
  reuses it on the next run (whatever it holds).
* Figure: claims 1 and 2 (the trade claims; claim 3 reads only the bundled catalog) with
  the user's rows beside the catalog's, median of 3; then every registered claim through
  ``check_claims`` as the CLI and the claim checker page run them.
* Yardsticks, measured in the same run: a bare ``SELECT sum(value_usd)`` over the same
  rows (Mexico's rows in the user file), and the same claims on the bundled catalog alone.
  The row-by-row path the claims took before (one record per Mexican export row) is timed
  once and its results compared with the SQL sums' results.
* Budget (issue 18): claim recomputation <= 2 s at 50 million imported rows.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# Reporters and partners: 67 ISO3 codes, Mexico and the United States among them.
ISO3 = (
    "AFG ALB DZA AGO ARG AUS AUT BGD BEL BOL BRA BGR CAN CHL CHN COL CRI HRV CZE DNK ECU EGY "
    "FIN FRA DEU GRC GTM HKG HUN IND IDN IRN IRL ISR ITA JPN KAZ KEN KOR MYS MEX MAR NLD NZL "
    "NGA NOR PAK PER PHL POL PRT ROU RUS SAU SGP ZAF ESP SWE CHE THA TUR UKR ARE GBR USA URY "
    "VNM"
).split()
ROWS_A_YEAR = 10_000_000


def hs6_codes() -> list[str]:
    """About 5,500 six-digit codes over every chapter (as bench_scale.py)."""
    return [
        f"{ch:02d}{h:02d}{s:02d}" for ch in range(1, 98) if ch != 77 for h in range(1, 20)
        for s in (10, 20, 90)
    ]  # fmt: skip


def fill(user_db: Path, rows: int) -> int:
    """Years of BACI-like export rows written through the store's API, newest year first."""
    from minref.userdata.store import UserData
    from minref.userdata.trade_store import hs_key

    user = UserData(user_db)
    codes = [hs_key(c) for c in hs6_codes()]
    rnd = random.Random(11)
    per_pair = max(1, ROWS_A_YEAR // (len(ISO3) * (len(ISO3) - 1)))
    made = 0
    t0 = time.perf_counter()
    for y in range(-(-rows // ROWS_A_YEAR)):
        year = 2022 - y

        def produce(import_id, coder, year=year):
            nonlocal made
            kind = coder.kind("export", "annual", "FOB (BACI reconciled)", "HS (BACI)", "", "")
            reps = {iso: coder.place(iso, f"Country {iso}", "reporter") for iso in ISO3}
            pars = {iso: coder.place(iso, f"Country {iso}", "country") for iso in ISO3}
            for a in ISO3:
                batch = []
                for b in ISO3:
                    if a == b:
                        continue
                    for c in sorted(rnd.sample(range(len(codes)), per_pair)):
                        value = float(rnd.randrange(1, 10**9))
                        batch.append((import_id, reps[a], pars[b], codes[c], year, 0, kind,
                                      value, None, None))  # fmt: skip
                made += len(batch)
                yield batch
                if made >= rows:
                    return

        meta = {
            "label": f"synthetic {year}",
            "file_name": f"synthetic-{year}",
            "file_format": "baci",
            "sha256": "",
            "organisation": "benchmark",
            "dataset": "synthetic BACI-like year",
            "licence": "-",
            "attribution": "-",
        }
        user.write_import(meta, produce)
        print(f"  wrote {year}: {made:,} rows so far ({time.perf_counter() - t0:.0f} s)")
        if made >= rows:
            break
    user.close()
    return made


def timed(fn, n: int = 3) -> tuple[float, float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return statistics.median(out), max(out)


class RowByRow:
    """The TradeData view the claims read before their sums moved to SQL: rows only (no
    ``trade_sums``), so every Mexican export row becomes a record."""

    def __init__(self, data):
        self.data, self.catalog = data, data.catalog

    def flows(self, *args):
        return self.data.flows(*args)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=50_000_000, help="imported rows in the user file")
    ap.add_argument("--user", help="user data file to build or reuse (default: a temporary one)")
    ap.add_argument("--catalog", help="a built catalog (default: build one from db/)")
    ap.add_argument("--tmp", help="folder for temporary files")
    ap.add_argument("--no-row-by-row", action="store_true", help="skip the old path's check")
    args = ap.parse_args()
    os.environ.setdefault("MINREF_HOME", tempfile.mkdtemp(prefix="minref-bench-home-"))
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        tmp = Path(tmp)
        if args.catalog:
            catalog = Path(args.catalog)
        else:
            from minref.catalog.build import build

            catalog = build(REPO / "db", tmp / "catalog.sqlite").path
        user_db = Path(args.user) if args.user else tmp / "user.sqlite"
        print(
            f"claim recomputation at {args.rows:,} imported rows; load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (a busy machine is slower: "
            "compare with the yardsticks of the same run)"
        )
        from minref.userdata.store import UserData

        held = UserData(user_db).row_count() if user_db.exists() else 0
        if held:
            print(f"reusing {user_db} ({held:,} rows; --rows applies to a new file only)")
        else:
            t0 = time.perf_counter()
            fill(user_db, args.rows)
            print(f"user file written in {time.perf_counter() - t0:.0f} s")
        run(catalog, user_db, not args.no_row_by_row)
        print(f"load average at the end {os.getloadavg()[0]:.1f}")


def run(catalog: Path, user_db: Path, row_by_row: bool) -> None:
    from minref.analysis import claims
    from minref.analysis import trade as tr
    from minref.catalog.queries import Catalog
    from minref.userdata.store import UserData

    cat = Catalog.open(catalog)
    user = UserData(user_db)
    total = user.row_count()
    size = user_db.stat().st_size
    print(f"user file: {total:,} rows, {size / 1e9:.2f} GB")
    data = tr.TradeData(cat, user)
    trade_claims = [claims.claim_us_share, claims.claim_products]

    # yardstick 1: a bare sum over the same rows (Mexico's rows in the user file)
    conn = user.conn
    imports = ",".join(str(i) for (i,) in conn.execute("SELECT import_id FROM imports"))
    mex = ",".join(str(p) for (p,) in conn.execute("SELECT place_id FROM places WHERE iso3='MEX'"))
    bare_sql = (
        f"SELECT count(*), sum(value_usd) FROM trade_rows WHERE import_id IN ({imports}) "
        f"AND reporter_id IN ({mex})"
    )
    n_mex = conn.execute(bare_sql).fetchone()[0]
    bare, bare_max = timed(lambda: conn.execute(bare_sql).fetchone())
    print(
        f"yardstick: bare SELECT count(*), sum(value_usd) over Mexico's {n_mex:,} rows in the "
        f"user file: median {bare * 1000:.0f} ms (max {bare_max * 1000:.0f})"
    )
    # yardstick 2: the same claims on the bundled catalog alone
    alone = tr.TradeData(cat, None)
    m0, mx0 = timed(lambda: [f(alone) for f in trade_claims], 5)
    print(f"yardstick: claims 1 and 2 on the bundled catalog alone: median {m0 * 1000:.0f} ms "
          f"(max {mx0 * 1000:.0f})")  # fmt: skip

    m, mx = timed(lambda: [f(data) for f in trade_claims])
    print(
        f"claim recomputation (claims 1 and 2) at {total:,} imported rows: median "
        f"{m * 1000:.0f} ms (max {mx * 1000:.0f}); {m / bare:.1f}x the bare sum, "
        f"{m / m0:.1f}x the catalog alone; budget 2 s: {'met' if m <= 2 else 'NOT met'}"
    )
    ma, mxa = timed(lambda: claims.check_claims(data))
    print(
        f"every registered claim (check_claims, as 'minref claims' runs them): median "
        f"{ma * 1000:.0f} ms (max {mxa * 1000:.0f})"
    )
    if row_by_row:
        old = RowByRow(data)
        t0 = time.perf_counter()
        before = [f(old).to_dict() for f in trade_claims]
        t_old = time.perf_counter() - t0
        after = [f(data).to_dict() for f in trade_claims]
        print(
            f"the row-by-row path (one record per Mexican export row, as before): "
            f"{t_old:.1f} s once; results identical to the SQL sums': "
            f"{'yes' if before == after else 'NO'}"
        )


if __name__ == "__main__":
    main()
