"""The 10 M-row BACI year imported by DuckDB, beside the same yardstick (issue 18).

Run: .venv/bin/python bench/bench_duckdb_import.py [--rows 10000000] [--threads 1 2]
Needs ``pip install duckdb`` in the environment; minref does not depend on it.  Prints
figures beside the yardstick measured in the same run; never fails.

What is measured, to compare with ``bench_scale.py``'s two passes: a preview pass (one
scan of the CSV, typed and checked by DuckDB's reader: counts, years, exporters,
importers and the values out of range) and a commit pass (the rows, integer-coded like
minref's ``trade_rows``, written sorted by the key into a DuckDB file).  DuckDB's reader
refuses a malformed field with its line; minref's own checks (country lists, HS codes,
the messages) are not all reproduced, so this is the floor of what DuckDB could do, not
a drop-in store.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from bench_scale import BASELINE, PEAK_MB, run, write_baci  # noqa: E402

DUCKDB = (
    r"""
import json, resource, sys, time
import duckdb
"""
    + PEAK_MB
    + r"""
path, db, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
con = duckdb.connect(db)
con.execute(f"SET threads = {threads}")
con.execute("SET memory_limit = '250MB'")
con.execute("SET preserve_insertion_order = false")
src = (  # q is right-aligned with spaces, NA when missing
    "(SELECT t, i, j, k, v, CAST(nullif(nullif(trim(q), 'NA'), '') AS DOUBLE) AS q "
    "FROM read_csv(?, header = true, auto_detect = false, delim = ',', quote = '\"', "
    "columns = {'t': 'INTEGER', 'i': 'INTEGER', 'j': 'INTEGER', 'k': 'INTEGER', "
    "'v': 'DOUBLE', 'q': 'VARCHAR'}))"
)
t0 = time.perf_counter()
rows, y0, y1, ex, im, bad = con.execute(
    f"SELECT count(*), min(t), max(t), count(DISTINCT i), count(DISTINCT j), "
    f"count(*) FILTER (WHERE NOT (v >= 0 AND v <= 1e12) OR NOT (coalesce(q, 0) >= 0 "
    f"AND coalesce(q, 0) < 1e18) OR t NOT BETWEEN 1962 AND 2027 OR k > 999999) FROM {src}",
    [path],
).fetchone()
t1 = time.perf_counter()
con.execute("BEGIN")
con.execute(
    "CREATE TABLE trade_rows AS SELECT 1 AS import_id, i AS reporter_id, j AS partner_id, "
    "k * 10 + 6 AS hs_key, t AS year, 0 AS month, CASE WHEN q IS NULL THEN 2 ELSE 1 END "
    "AS kind_id, round(v * 1000, 3) AS value_usd, q AS quantity, NULL::DOUBLE AS net_weight_kg "
    f"FROM {src} ORDER BY reporter_id, partner_id, hs_key, year, kind_id",
    [path],
)
con.execute("COMMIT")
con.execute("CHECKPOINT")
t2 = time.perf_counter()
written = con.execute("SELECT count(*) FROM trade_rows").fetchone()[0]
con.close()
print(json.dumps({"rows": rows, "written": written, "bad": bad, "years": [y0, y1],
                  "exporters": ex, "importers": im, "preview_s": t1 - t0,
                  "commit_s": t2 - t1, "peak_mb": peak_mb()}))
"""
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--tmp", help="folder for the files (default: a temporary folder)")
    args = ap.parse_args()
    try:
        import duckdb
    except ImportError:
        sys.exit("duckdb is not installed (pip install duckdb); nothing measured")
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        tmp = Path(tmp)
        print(
            f"DuckDB {duckdb.__version__} on a BACI-format year of {args.rows:,} rows; load "
            f"average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        path = write_baci(tmp, args.rows, 2022)
        base = []
        n, secs, _ = run(BASELINE, str(path), str(tmp / "plain.sqlite")).split()
        base.append(float(secs))
        (tmp / "plain.sqlite").unlink()
        results = []
        for threads in args.threads:
            db = tmp / f"trade-{threads}.duckdb"
            t0 = time.perf_counter()
            res = json.loads(run(DUCKDB, str(path), str(db), str(threads)))
            res["wall_s"] = time.perf_counter() - t0
            res["bytes"] = db.stat().st_size
            results.append((threads, res))
            db.unlink()
        _, secs, _ = run(BASELINE, str(path), str(tmp / "plain.sqlite")).split()
        base.append(float(secs))
        rows = int(n)
        mean = sum(base) / 2
        print(
            f"  yardstick (plain csv -> sqlite3.executemany): {base[0]:.1f} s before, "
            f"{base[1]:.1f} s after, mean {mean:.1f} s = {rows / mean:,.0f} rows/s"
        )
        for threads, res in results:
            both = res["preview_s"] + res["commit_s"]
            print(
                f"  DuckDB, {threads} thread(s): {res['rows']:,} rows read, {res['written']:,} "
                f"written, {res['bad']} out of range; peak {res['peak_mb']} MB; "
                f"{res['bytes'] / res['written']:.0f} bytes a row on disk"
            )
            for what, secs in (
                ("preview pass (scan, types, checks, counts)", res["preview_s"]),
                ("commit pass (coded, sorted, written)", res["commit_s"]),
                ("both passes", both),
            ):
                print(
                    f"    {what}: {secs:.1f} s = {res['rows'] / secs:,.0f} rows/s, "
                    f"{secs / mean:.2f}x the yardstick"
                )
        print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
