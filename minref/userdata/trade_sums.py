"""Sums over the imported trade rows, computed in SQL: what the claim checker adds up,
without building a record per row (at 50 million rows Mexico alone has about a million).

The rows are read in the layout of :mod:`minref.userdata.trade_store` (integer-coded
reporter, partner, HS key and row kind); this module only reads.
"""

from __future__ import annotations

import logging
import sqlite3

from minref.userdata.trade_store import hs_code, hs_range

logger = logging.getLogger(__name__)

# The columns of every sum, in the order the catalog's Catalog.trade_sums gives them.
SUM_FIELDS = (
    "source_id",
    "flow",
    "heading",
    "hs_len",
    "year",
    "period",
    "partner_kind",
    "to_partner",
    "rows",
    "usable",
    "value_usd",
    "max_usd",
    "min_usd",
)


def trade_sums(
    user,
    reporter: str,
    partner: str,
    *,
    flows: tuple[str, ...] = ("export", "import"),
    hs_len: int | None = None,
    hs_prefixes: tuple[str, ...] = (),
) -> list[dict]:
    """The imported rows of one reporter whose HS code has ``hs_len`` digits or starts with
    one of ``hs_prefixes``, summed by source, flow, heading, code length, year, period,
    partner kind and whether the partner is ``partner`` (the fields of
    :data:`SUM_FIELDS`; ``usable`` counts finite values of at least 0, and the value sums,
    maximum and minimum are over those rows only).  ``user`` is an open
    :class:`~minref.userdata.store.UserData`; a damaged file raises its UserDataError."""
    try:
        return _sums(user.conn, reporter, partner, flows, hs_len, hs_prefixes)
    except sqlite3.DatabaseError as exc:
        raise user._read_error(exc) from None


def _sums(conn, reporter, partner, flows, hs_len, hs_prefixes) -> list[dict]:
    sources = dict(conn.execute("SELECT import_id, source_id FROM imports"))
    if not sources:
        return []
    places = list(conn.execute("SELECT place_id, iso3, kind FROM places"))
    reporters = [pid for pid, iso3, _ in places if iso3 == reporter]
    to_partner = {pid for pid, iso3, _ in places if iso3 == partner}
    place_kind = {pid: kind for pid, _, kind in places}
    kinds = {
        kid: (flow, period)
        for kid, flow, period in conn.execute("SELECT kind_id, flow, period FROM row_kinds")
        if flow in flows
    }
    if not reporters or not kinds:
        return []
    hs_where = []
    params: list = []
    for prefix in hs_prefixes:
        rng = hs_range(prefix)
        if rng is not None:
            hs_where.append("hs_key BETWEEN ? AND ?")
            params += rng
    if hs_len is not None:
        hs_where.append("hs_key % 10 = ?")
        params.append(hs_len)
    if not hs_where:
        return []
    # Grouped by the integer codes (one pass over the reporter's rows through the primary
    # key), then merged here by what the codes stand for; HS keys to the heading: the key
    # is the code padded to six digits, times ten, plus its length.
    sql = (
        "SELECT import_id, kind_id, partner_id, hs_key / 1000 AS head, hs_key % 10 AS len, "
        "year, count(*), sum(usable), total(CASE WHEN usable THEN value_usd END), "
        "max(CASE WHEN usable THEN value_usd END), min(CASE WHEN usable THEN value_usd END) "
        "FROM (SELECT import_id, kind_id, partner_id, hs_key, year, value_usd, "
        "(typeof(value_usd) IN ('integer', 'real') AND value_usd >= 0 "
        "AND value_usd < 9e999) AS usable "
        f"FROM trade_rows WHERE import_id IN ({','.join(str(int(i)) for i in sources)}) "
        f"AND reporter_id IN ({','.join(str(int(p)) for p in reporters)}) "
        f"AND kind_id IN ({','.join(str(int(k)) for k in kinds)}) "
        f"AND ({' OR '.join(hs_where)})) "
        "GROUP BY import_id, kind_id, partner_id, head, len, year"
    )
    out: dict[tuple, dict] = {}
    for imp, kid, pid, head, length, year, n, ok, total, hi, lo in conn.execute(sql, params):
        flow, period = kinds[kid]
        heading = hs_code(head * 1000 + 4)[: min(4, length)]
        key = (
            sources[imp],
            flow,
            heading,
            length,
            year,
            period,
            place_kind[pid],
            int(pid in to_partner),
        )
        s = out.get(key)
        if s is None:
            out[key] = dict(zip(SUM_FIELDS, (*key, n, ok, total, hi, lo), strict=True))
            continue
        s["rows"] += n
        s["usable"] += ok
        s["value_usd"] += total
        if hi is not None:
            s["max_usd"] = hi if s["max_usd"] is None else max(s["max_usd"], hi)
            s["min_usd"] = lo if s["min_usd"] is None else min(s["min_usd"], lo)
    return list(out.values())
