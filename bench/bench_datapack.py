"""Data-pack benchmarks: make-pack, verify and install of a full pack; the diff of two editions.

Run: .venv/bin/python bench/bench_datapack.py [--skip-raw]   (prints figures; never fails)
Budgets (issue 17): make-pack 30 s, verify 2 s, install 15 s, diff between two full
editions 1 s.  Each figure is printed beside a yardstick measured in the same run:
make-pack from raw files beside a plain ``catalog refresh`` of the same files, make-pack
from db/ and verify beside a plain sha256 of the same bytes, install beside a plain
``catalog build`` of the same tables, the diff beside the two edition queries it reads.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _time(fn, *args, **kwargs):
    t0 = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - t0, result


def main() -> None:
    skip_raw = "--skip-raw" in sys.argv
    raw = Path(os.environ.get("MINREF_SHARED_DATA") or REPO.parent / "shared" / "data")
    with tempfile.TemporaryDirectory(prefix="minref-bench-pack-") as tmp:
        tmp = Path(tmp)
        os.environ["MINREF_HOME"] = str(tmp / "home")
        os.environ["MINREF_TRUSTED_KEYS"] = str(tmp / "keys")
        os.environ.pop("MINREF_CATALOG", None)
        from minref.catalog.build import build
        from minref.datapack.install import install
        from minref.datapack.keys import keygen
        from minref.datapack.make import make_pack
        from minref.datapack.pack import read_pack

        key, _, _ = keygen(tmp / "keys", "bench")
        db = REPO / "db"
        db_bytes = b"".join((db / p).read_bytes() for p in sorted(os.listdir(db)))
        t_sha_db, _ = _time(hashlib.sha256, db_bytes)

        if not skip_raw and (raw / "SOURCES.md").is_file():
            from minref.ingest.refresh import refresh

            t_refresh, _ = _time(refresh, raw, tmp / "refresh-db")
            t_raw, (raw_pack, _) = _time(
                make_pack, tmp / "raw.minrefpack", key, raw_dir=raw, label="bench raw"
            )
            print(
                f"make-pack --from RAW_DIR: {t_raw:.1f} s (budget 30 s); yardstick: plain "
                f"catalog refresh of the same files {t_refresh:.1f} s"
            )
        else:
            print(f"make-pack --from RAW_DIR: skipped (no raw files at {raw} or --skip-raw)")

        t_make, (pack, manifest) = _time(
            make_pack, tmp / "full.minrefpack", key, db_dir=db, label="bench"
        )
        print(
            f"make-pack --from-db: {t_make:.2f} s for {pack.stat().st_size / 1e6:.1f} MB; "
            f"yardstick: sha256 of the db/ files {t_sha_db:.3f} s"
        )

        pack_bytes = pack.read_bytes()
        t_sha_pack, _ = _time(hashlib.sha256, pack_bytes)
        verify_times = [_time(read_pack, pack)[0] for _ in range(3)]
        print(
            f"verify: {min(verify_times):.2f} s best of 3 (budget 2 s); yardstick: sha256 of "
            f"the same {len(pack_bytes) / 1e6:.1f} MB {t_sha_pack:.3f} s"
        )

        t_build, _ = _time(build, db, tmp / "plain.sqlite")
        t_install, result = _time(install, pack)
        print(
            f"install (verify + stage + build + switch): {t_install:.1f} s (budget 15 s); "
            f"yardstick: plain catalog build {t_build:.1f} s"
        )

        from minref.analysis.diff import edition_diff
        from minref.catalog.queries import Catalog

        cat = Catalog.open(result.path)
        new, old = cat.editions[-1], cat.editions[-2]
        times, yard = [], []
        for _ in range(3):
            t, diff = _time(edition_diff, cat, old, new)
            times.append(t)
            t0 = time.perf_counter()
            for e in (old, new):
                cat.edition_figures(e, "world_production")
                cat.edition_figures(e, "us_salient")
            yard.append(time.perf_counter() - t0)
        print(
            f"diff MCS {old} -> MCS {new}: {min(times):.2f} s best of 3 (budget 1 s; "
            f"{len(diff.revisions)} revisions, {len(diff.rank_changes)} rank changes); "
            f"yardstick: the four edition queries alone {min(yard):.2f} s"
        )
        cat.close()


if __name__ == "__main__":
    main()
