"""``minref catalog audit``: check the catalog's derived figures against its own rules.

Checks, for every edition and line of the world tables:

* ``ranked-once``: a country row sits on a line of its own only when the line is
  genuinely different; a line with one or two countries beside a ranked line of the same
  measure is a qualifier split off as a line (talc "Mine production: steatite").
* ``world-joined``: every line with countries has its world total joined when the table
  holds a world total that sits on no country line (case or wording differences).
* ``one-world-total``: a line holds at most one world total per year.
* ``unit``: a country's figure for a commodity and measure agrees from edition to
  edition within a factor of 10 (a ×1000 unit slip shows), unless the errata fix it.
* ``cells``: no value cell was dropped: raw non-empty cells per file (codes included),
  counted by the caller from the raw files, against catalog rows.
* ``headline``: the page headline (net import reliance) is on the page's basis product.

Findings listed in db/audit_accepted.csv (with a reason) are accepted; the rest fail.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable

from minref.records import record

logger = logging.getLogger(__name__)


@record
class Finding:
    check: str
    edition: int | None
    commodity_id: str
    subject: str
    message: str
    where: str  # file and row, or table and key

    def key(self) -> tuple[str, int | None, str, str]:
        return (self.check, self.edition, self.commodity_id, self.subject)

    def line(self) -> str:
        ed = f"MCS {self.edition}" if self.edition else "-"
        return (
            f"[{self.check}] {ed} {self.commodity_id}: {self.subject} — {self.message} "
            f"({self.where})"
        )


def _scale(unit: str) -> float | None:
    u = (unit or "").lower()
    if "kilogram" in u:
        return 1e-3
    if u.startswith("million") and "ton" in u:
        return 1e6
    if u.startswith("thousand") and "ton" in u:
        return 1e3
    if "ton" in u:
        return 1.0
    return None


def world_findings(conn: sqlite3.Connection) -> list[Finding]:
    """The ranked-once, world-joined, one-world-total and unit checks over world_production."""
    cols = {r[1] for r in conn.execute("PRAGMA table_info(world_production)")}
    raw_col = "type_raw" if "type_raw" in cols else "type"  # a catalog from before the audit
    rows = conn.execute(
        f"SELECT edition, commodity_id, commodity_label, measure, type, {raw_col}, place_kind, "
        "country_label, country_iso3, year, value, unit FROM world_production"
    ).fetchall()
    out: list[Finding] = []
    groups: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        ed, cid, label, measure, ftype, _raw, kind, country, iso3, year, value, unit = r
        groups[(ed, cid, measure, year)][ftype].append(r)
    for (ed, cid, measure, year), lines in sorted(groups.items(), key=lambda kv: str(kv[0])):
        countries = {t: [r for r in rs if r[6] == "country"] for t, rs in lines.items()}
        worlds = {t: [r for r in rs if r[6] == "world"] for t, rs in lines.items()}
        ranked = [t for t, c in countries.items() if len(c) >= 3]
        where = f"world_production {cid} {measure} MCS {ed} {year}"
        for t, c in countries.items():
            base = next(
                (
                    b
                    for b in countries
                    if b != t and countries[b] and re.match(rf"{re.escape(b)}\s*[:,(—]", t, re.I)
                ),
                None,
            )
            if c and base:
                names = ", ".join(sorted(r[7] for r in c))
                out.append(
                    Finding(
                        "ranked-once",
                        ed,
                        cid,
                        f"{measure}: {t}",
                        f"{len(c)} country row(s) ({names}) on a qualified line of their own "
                        f"beside '{base}'",
                        f"{where}, file {c[0][2]}, type_raw {c[0][5]!r}",
                    )
                )
                continue
            if 0 < len(c) < 3 and ranked:
                names = ", ".join(sorted(r[7] for r in c))
                out.append(
                    Finding(
                        "ranked-once",
                        ed,
                        cid,
                        f"{measure}: {t}",
                        f"{len(c)} country row(s) ({names}) on a line of their own beside "
                        f"'{ranked[0]}'",
                        f"{where}, file {c[0][2]}, type_raw {c[0][5]!r}",
                    )
                )
        for t, c in countries.items():
            iso = [r[8] for r in c if r[8] and r[10] is not None and r[10] > 0]
            twice = sorted({i for i in iso if iso.count(i) > 1})
            if twice and len(c) >= 3:
                out.append(
                    Finding(
                        "ranked-once",
                        ed,
                        cid,
                        f"{measure}: {t}: {', '.join(twice)}",
                        "a country ranked twice on one line: "
                        + ", ".join(repr(r[7]) for r in c if r[8] in twice),
                        where,
                    )
                )
        orphans = [t for t, w in worlds.items() if w and not countries.get(t)]
        for t, c in countries.items():
            if c and not worlds.get(t) and orphans and t in ranked:
                out.append(
                    Finding(
                        "world-joined",
                        ed,
                        cid,
                        f"{measure}: {t}",
                        f"no world total joined, while the table has world totals on "
                        f"{', '.join(repr(o) for o in orphans)}",
                        where,
                    )
                )
            if len(worlds.get(t, [])) > 1:
                out.append(
                    Finding(
                        "one-world-total",
                        ed,
                        cid,
                        f"{measure}: {t}",
                        "several world totals on one line: "
                        + ", ".join(repr(r[7]) for r in worlds[t]),
                        where,
                    )
                )
    out.extend(_unit_findings(rows, conn))
    return out


def _unit_findings(rows: list, conn: sqlite3.Connection) -> list[Finding]:
    try:
        fixed = {
            (r[0], r[1], r[2])
            for r in conn.execute(
                "SELECT commodity_id, edition, measure FROM errata WHERE kind = 'unit'"
            )
        }
    except sqlite3.Error:  # a catalog from before the errata table
        fixed = set()
    series: dict[tuple, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for ed, cid, _l, measure, _t, _r, kind, _c, iso3, _y, value, unit in rows:
        s = _scale(unit)
        if kind != "country" or value is None or value <= 0 or s is None:
            continue
        series[(cid, measure, iso3)][ed].append(value * s)
    out = []
    for (cid, measure, iso3), eds in sorted(series.items()):
        editions = sorted(eds)
        for a, b in zip(editions, editions[1:], strict=False):
            ratio = min(max(x, y) / min(x, y) for x in eds[a] for y in eds[b])
            if ratio > 10:
                odd = b if (cid, b, measure) not in fixed else a
                out.append(
                    Finding(
                        "unit",
                        odd,
                        cid,
                        f"{measure}: {iso3}",
                        f"MCS {a} and MCS {b} differ by ×{ratio:,.0f} at the closest figures",
                        f"world_production {cid} {measure} {iso3}",
                    )
                )
    return out


def cell_findings(
    conn: sqlite3.Connection, raw_counts: dict[tuple[int, str], tuple[int, str]]
) -> list[Finding]:
    """Raw non-empty value cells per file (edition, file label) against catalog rows."""
    held: dict[tuple[int, str], int] = defaultdict(int)
    # A member's copy of its family's line (MCS 2026 platinum, palladium) is one raw cell.
    copies = (
        "SELECT 1 FROM commodities c JOIN world_production p ON p.commodity_id = c.parent_id "
        "AND p.edition = w.edition AND p.measure = w.measure AND p.year = w.year "
        "AND p.country_label = w.country_label AND p.raw = w.raw AND p.type_raw = w.type_raw "
        "WHERE c.commodity_id = w.commodity_id"
    )
    cols = {r[1] for r in conn.execute("PRAGMA table_info(world_production)")}
    where = f"WHERE NOT EXISTS ({copies}) " if "type_raw" in cols else ""
    for ed, label, n in conn.execute(
        "SELECT edition, commodity_label, count(*) FROM world_production w "
        f"{where}GROUP BY edition, commodity_label"
    ):
        key = (ed, label if ed <= 2024 else "")
        held[key] += n
    out = []
    for (ed, label), (n_raw, path) in sorted(raw_counts.items()):
        n = held.get((ed, label), 0)
        if n != n_raw:
            out.append(
                Finding(
                    "cells",
                    ed,
                    label or "*",
                    path,
                    f"{n_raw} non-empty value cells in the file, {n} rows in the catalog",
                    path,
                )
            )
    return out


def basis_of(conn: sqlite3.Connection, cid: str) -> str:
    """The product a commodity page is based on: its world table's label and line, in the
    newest edition (the line the page shows first: a mine line, then the fullest)."""
    row = conn.execute(
        "SELECT commodity_label, type, count(*) AS n, max(lower(type) LIKE '%mine%') AS mine "
        "FROM world_production WHERE commodity_id = ? AND measure = 'production' AND "
        "edition = (SELECT max(edition) FROM world_production WHERE commodity_id = ?) "
        "GROUP BY commodity_label, type ORDER BY mine DESC, n DESC, type LIMIT 1",
        (cid, cid),
    ).fetchone()
    return f"{row[0]} {row[1]}" if row else ""


def headline_findings(
    conn: sqlite3.Connection,
    headline: Callable[..., str],
    basis_of: Callable[[sqlite3.Connection, str], str],
) -> list[Finding]:
    """Where a page holds several products, its NIR headline is on the page's basis product."""
    out = []
    for (cid,) in conn.execute("SELECT DISTINCT commodity_id FROM us_salient ORDER BY 1"):
        details = sorted(
            {
                r[0]
                for r in conn.execute(
                    "SELECT detail FROM us_salient WHERE commodity_id = ? AND statistic = "
                    "'net_import_reliance' AND edition = (SELECT max(edition) FROM us_salient "
                    "WHERE commodity_id = ?)",
                    (cid, cid),
                )
            }
        )
        products = {d.partition(": ")[0] for d in details if ": " in d}
        if len(products) < 2:
            continue
        basis = basis_of(conn, cid)
        chosen = headline(details, basis)
        product = chosen.partition(": ")[0]
        words = set(re.findall(r"[a-z0-9]+", basis.lower())) - {"production", "mine", "and"}
        if not words & set(re.findall(r"[a-z0-9]+", product.lower())):
            out.append(
                Finding(
                    "headline",
                    None,
                    cid,
                    "net import reliance",
                    f"headline line {chosen!r} is not on the page's basis product {basis!r}",
                    f"us_salient {cid}, products {sorted(products)}",
                )
            )
    return out


def accepted(conn: sqlite3.Connection) -> dict[tuple, str]:
    try:
        return {
            (r[0], r[1], r[2], r[3]): r[4]
            for r in conn.execute(
                "SELECT audit_check, edition, commodity_id, subject, reason FROM audit_accepted"
            )
        }
    except sqlite3.Error:
        return {}


def run(
    conn: sqlite3.Connection,
    *,
    raw_counts: dict | None = None,
    headline: Callable[..., str] | None = None,
    basis_of: Callable[[sqlite3.Connection, str], str] = basis_of,
) -> tuple[list[Finding], list[tuple[Finding, str]]]:
    """(unaccepted findings, accepted findings with their reasons)."""
    findings = world_findings(conn)
    if raw_counts is not None:
        findings += cell_findings(conn, raw_counts)
    if headline is not None:
        findings += headline_findings(conn, headline, basis_of)
    ok = accepted(conn)
    bad, fine = [], []
    for f in findings:
        reason = ok.get(f.key())
        if reason:
            fine.append((f, reason))
        else:
            bad.append(f)
    return bad, fine


def curation_notes(conn: sqlite3.Connection) -> dict[str, str]:
    """The project's own curation notes per source (``minref catalog info --verbose``)."""
    try:
        return {
            r[0]: r[1]
            for r in conn.execute(
                "SELECT source_id, curation_notes FROM sources WHERE curation_notes != '' "
                "ORDER BY source_id"
            )
        }
    except sqlite3.Error:  # a catalog from before curation notes were kept apart
        return {}
