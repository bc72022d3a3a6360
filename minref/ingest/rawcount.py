"""Count the value cells of the raw USGS world files, for the audit's "no cell dropped" check.

Counted independently of the readers' parsing: a cell counts when its text is not blank
or, in the MCS 2025 world file, when it is blank and its note column holds a code.
"""

from __future__ import annotations

import csv
import logging
import re
from pathlib import Path

logger = logging.getLogger(__name__)

_WIDE_VALUE = re.compile(r"^(Prod|Cap|Reserves)_", re.I)
_NOTE_CODE = re.compile(
    r"^(w|na|xx)( for \d{2,4}(\s*-\s*\d{2,4})?)?$|^less than 1/2 unit$|^large$|^moderate"
    r"( to large)?$|^(very )?small$|^included (in world total|with other countries)",
    re.I,
)


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def raw_world_counts(data_dir: Path) -> dict[tuple[int, str], tuple[int, str]]:
    """{(edition, file label): (value cells, file path)}; file label '' for one-file editions."""
    base = data_dir / "usgs_mcs"
    out: dict[tuple[int, str], tuple[int, str]] = {}
    for edition, folder in [
        (2022, base / "mcs2022_partial"),
        (2023, base / "mcs2023" / "world"),
        (2024, base / "mcs2024" / "world"),
    ]:
        for path in sorted(folder.glob("*_world*.csv")):
            rows = _rows(path)
            if not rows:
                continue
            header = [h.strip() for h in rows[0]]
            cols = [
                j
                for j, h in enumerate(header)
                if _WIDE_VALUE.match(h) and "note" not in h.lower() and h != "Prod_notes"
            ]
            n = 0
            for r in rows[1:]:
                if len(r) < 2 or not r[1].strip():
                    continue
                n += sum(1 for j in cols if j < len(r) and r[j].strip())
            m = re.match(r"mcs\d{4}-?([a-z0-9-]+?)_world", path.name.lower())
            out[(edition, m[1] if m else path.stem)] = (n, str(path.relative_to(data_dir)))
    path = base / "mcs2025" / "world" / "MCS2025_World_Data.csv"
    rows = _rows(path)
    header = [h.strip() for h in rows[0]]
    idx = {h: j for j, h in enumerate(header)}
    pairs = [
        (idx[h], idx[note])
        for h in header
        for prefix, note in (("PROD", "PROD_NOTES"), ("CAP", "CAP_NOTES"), ("RES", "RESERVE_NOTES"))
        if h.startswith(prefix) and "NOTES" not in h
    ]
    n = 0
    for r in rows[1:]:
        if len(r) < 3 or not r[2].strip():
            continue
        for j, k in pairs:
            v = r[j].strip() if j < len(r) else ""
            note = r[k].strip() if k < len(r) else ""
            note = re.sub(r"\s*\(reserve data is [^)]*\)\.?", "", note, flags=re.I).strip(" .")
            if v:
                n += 1
            elif _NOTE_CODE.match(note):
                m = re.search(r"for (\d{2,4})(?:\s*-\s*(\d{2,4}))?", note)
                if m:
                    year = int(re.search(r"(\d{4})", header[j])[1]) % 100
                    lo, hi = int(m[1]) % 100, int(m[2] or m[1]) % 100
                    if not lo <= year <= hi:
                        continue
                n += 1
    out[(2025, "")] = (n, str(path.relative_to(data_dir)))
    path = base / "mcs2026" / "MCS2026_Commodities_Data.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        n = sum(
            1
            for rec in csv.DictReader(fh)
            if rec["Section"].strip().startswith("World") and rec["Value"].strip()
        )
    out[(2026, "")] = (n, str(path.relative_to(data_dir)))
    return out
