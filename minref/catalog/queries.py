"""The catalog's questions and answers.  The only place that writes SQL for the app."""

from __future__ import annotations

import dataclasses
import json
import logging
import sqlite3
from functools import cached_property
from pathlib import Path

from . import search as search_mod
from .models import (
    CommodityProfile,
    CommodityRef,
    CommoditySummary,
    CountryFigure,
    CountryStanding,
    ElementFacts,
    EndUse,
    Figure,
    HSLine,
    ImportReliance,
    ImportSource,
    ListMembership,
    SalientFigure,
    SalientTable,
    SourceRef,
    StandingEntry,
    TradeFlow,
    WorldTable,
)
from .store import open_catalog

logger = logging.getLogger(__name__)

MEXICO = "MEX"
USA = "USA"


class UnknownName(LookupError):
    """A commodity, element or country the catalog does not know; carries close matches."""

    def __init__(self, kind: str, name: str, suggestions: list[str]):
        self.kind, self.name, self.suggestions = kind, name, suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"No {kind} called {name!r} in the catalog.{hint}")


def _flags(text: str | None) -> tuple[str, ...]:
    return tuple(text.split()) if text else ()


class Catalog:
    """A read-only catalog and the queries the CLI and the GUI share."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None):
        self.conn = conn
        self.path = path
        self.use_fts = search_mod.has_fts5()

    @classmethod
    def open(cls, path: str | Path) -> Catalog:
        return cls(open_catalog(path), Path(path))

    def close(self) -> None:
        self.conn.close()

    def _all(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        cur = self.conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=False)) for row in cur.fetchall()]

    # ------------------------------------------------------------------ metadata
    @cached_property
    def meta(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, value FROM meta"))

    @cached_property
    def sources(self) -> dict[str, SourceRef]:
        return {
            r["source_id"]: SourceRef(
                r["source_id"],
                r["organisation"] or "",
                r["dataset"] or "",
                r["edition"] or "",
                r["year"],
                r["doi"] or "",
                r["url"] or "",
                r["licence"] or "",
                r["attribution"] or "",
                r["notes"] or "",
            )
            for r in self._all("SELECT * FROM sources")
        }

    def source(self, source_id: str) -> SourceRef | None:
        return self.sources.get(source_id)

    @cached_property
    def editions(self) -> list[int]:
        return json.loads(self.meta.get("editions", "[]"))

    @property
    def latest_edition(self) -> int:
        return max(self.editions)

    def info(self) -> dict:
        """Editions, row counts and sources, as ``minref catalog info`` prints them."""
        return {
            "path": str(self.path) if self.path else None,
            "schema_version": int(self.meta["schema_version"]),
            "content_hash": self.meta["content_hash"],
            "built_by": self.meta["minref_version"],
            "editions": [f"MCS {e}" for e in self.editions],
            "row_counts": json.loads(self.meta["row_counts"]),
            "sources": [
                {
                    "source_id": s.source_id,
                    "citation": s.citation(),
                    "licence": s.licence,
                    "attribution": s.attribution,
                }
                for s in sorted(self.sources.values(), key=lambda s: s.source_id)
            ],
        }

    # ------------------------------------------------------------------ names
    @cached_property
    def _commodity_names(self) -> dict[str, tuple[str, str, str]]:
        return {
            r["commodity_id"]: (r["name_en"], r["name_es"], r["name_fr"])
            for r in self._all("SELECT commodity_id, name_en, name_es, name_fr FROM commodities")
        }

    @cached_property
    def _country_names(self) -> dict[str, tuple[str, str, str]]:
        return {
            r["iso3"]: (r["name_en"], r["name_es"] or "", r["name_fr"] or "")
            for r in self._all("SELECT iso3, name_en, name_es, name_fr FROM countries")
        }

    @staticmethod
    def _name_in(names: tuple[str, ...], lang: str | None) -> str:
        """The name in ``lang`` (default: the current language), else the English one."""
        from minref import i18n

        column = {"en": 0, "es": 1, "fr": 2}.get(lang or i18n.current_language(), 0)
        return (names[column] if column < len(names) else "") or names[0]

    def commodity_name(self, commodity_id: str, lang: str | None = None) -> str:
        """The commodity's name in ``lang`` (en, es, fr; default: the current language)."""
        return self._name_in(self._commodity_names.get(commodity_id, (commodity_id,)), lang)

    def country_name(self, iso3: str | None, lang: str | None = None) -> str:
        """The country's name in ``lang`` (en, es, fr; default: the current language)."""
        if not iso3:
            return ""
        return self._name_in(self._country_names.get(iso3, (iso3,)), lang)

    def resolve_commodity(self, text: str) -> str:
        """A commodity id from an id or a name in English, Spanish or French (any accents)."""
        wanted = search_mod.fold(text.strip())
        if not wanted:
            raise UnknownName("commodity", text, [])
        if wanted in self._commodity_names:
            return wanted
        for cid, names in self._commodity_names.items():
            if wanted in (search_mod.fold(n) for n in names if n):
                return cid
        for alias, cid in self.conn.execute(
            "SELECT alias, commodity_id FROM commodity_aliases UNION ALL "
            "SELECT term, commodity_id FROM search_synonyms WHERE commodity_id IS NOT NULL"
        ):
            if search_mod.fold(alias.strip()) == wanted:
                return cid
        hits = [h for h in self.search(text, 5) if h.kind == "commodity"]
        if len(hits) == 1 and search_mod.fold(hits[0].title).startswith(wanted):
            return hits[0].key
        raise UnknownName(
            "commodity",
            text,
            self._suggest(
                text,
                {
                    search_mod.fold(n): names[0]
                    for names in self._commodity_names.values()
                    for n in names
                    if n
                },
                [h.title for h in hits],
            ),
        )

    def resolve_country(self, text: str) -> str:
        """An ISO3 code from a code or a name in English or Spanish."""
        wanted = search_mod.fold(text.strip())
        upper = text.strip().upper()
        if upper in self._country_names:
            return upper
        for iso3, names in self._country_names.items():
            if wanted in (search_mod.fold(n) for n in names if n):
                return iso3
        for alias, iso3 in self.conn.execute(
            "SELECT alias, iso3 FROM country_aliases WHERE iso3 IS NOT NULL"
        ):
            if search_mod.fold(alias) == wanted:
                return iso3
        hits = [h for h in self.search(text, 5) if h.kind == "country"]
        raise UnknownName(
            "country",
            text,
            self._suggest(
                text,
                {
                    search_mod.fold(n): f"{names[0]} ({iso3})"
                    for iso3, names in self._country_names.items()
                    for n in names
                    if n
                },
                [h.title for h in hits],
            ),
        )

    @staticmethod
    def _suggest(text: str, folded_to_name: dict[str, str], extra: list[str]) -> list[str]:
        import difflib  # only when a name is not found

        close = difflib.get_close_matches(
            search_mod.fold(text), list(folded_to_name), n=5, cutoff=0.6
        )
        out: list[str] = []
        for name in [folded_to_name[c] for c in close] + extra:
            if name not in out:
                out.append(name)
        return out[:5]

    # ------------------------------------------------------------------ search
    def search(self, text: str, limit: int = 20) -> list[search_mod.SearchHit]:
        return search_mod.search(self.conn, text, limit, use_fts=self.use_fts)

    def search_suggestions(self, text: str, n: int = 5) -> list[str]:
        """Names close to a query that found nothing, for a "did you mean" line."""
        return search_mod.suggestions(self.conn, text, n)

    # ------------------------------------------------------------------ commodity
    def commodity_ids(self) -> list[str]:
        return sorted(self._commodity_names)

    @cached_property
    def commodity_index(self) -> list[CommoditySummary]:
        """Every commodity with its list badges, HS chapters and Mexico's production rank.

        Mexico's rank is its best rank among listed countries in the newest edition that
        has production figures for the commodity (latest year of that edition).
        """
        lists: dict[str, set[str]] = {}
        for cid, list_id in self.conn.execute(
            "SELECT commodity_id, list_id FROM critical_list_members"
        ):
            lists.setdefault(cid, set()).add(list_id)
        chapters: dict[str, set[str]] = {}
        for cid, code in self.conn.execute("SELECT commodity_id, hs_code FROM commodity_hs"):
            chapters.setdefault(cid, set()).add(code[:2])
        latest = dict(
            self.conn.execute(
                "SELECT commodity_id, max(edition) FROM world_production "
                "WHERE measure = 'production' GROUP BY commodity_id"
            )
        )
        groups: dict[tuple, dict[int, float | None]] = {}
        years: dict[tuple, int] = {}
        for cid, ed, ftype, year, iso3, kind, value in self.conn.execute(
            "SELECT commodity_id, edition, type, year, country_iso3, place_kind, value "
            "FROM world_production WHERE measure = 'production'"
        ):
            if latest.get(cid) != ed or kind != "country":
                continue
            key = (cid, ftype)
            if year < years.get(key, 0):
                continue
            if year > years.get(key, 0):
                years[key] = year
                groups[key] = {}
            groups[key][iso3] = value
        best: dict[str, tuple[int, str]] = {}
        for (cid, ftype), values in groups.items():
            rank = rank_values(values).get(MEXICO)
            if rank is not None and (cid not in best or rank < best[cid][0]):
                best[cid] = (rank, f"MCS {latest[cid]}, {ftype}, {years[(cid, ftype)]}")
        out = []
        for r in self._all("SELECT * FROM commodities ORDER BY name_en"):
            cid = r["commodity_id"]
            member_lists = set(lists.get(cid, ()))
            for d in self.descendants(cid):
                member_lists |= lists.get(d, set())
            rank, basis = best.get(cid, (None, ""))
            out.append(
                CommoditySummary(
                    cid,
                    r["name_en"],
                    r["name_es"] or "",
                    r["name_fr"] or "",
                    r["kind"],
                    r["parent_id"] or "",
                    bool(r["is_rare_earth"]),
                    tuple(sorted(member_lists)),
                    tuple(sorted(chapters.get(cid, ()))),
                    rank,
                    basis,
                )
            )
        return out

    def critical_list_ids(self) -> list[tuple[str, str, int]]:
        """(list_id, list name, year) of every critical-mineral list, newest first."""
        return [
            (r["list_id"], r["list_name"], r["list_year"])
            for r in self._all(
                "SELECT list_id, list_name, list_year FROM critical_lists "
                "ORDER BY list_year DESC, list_id"
            )
        ]

    def countries_with_data(self) -> list[tuple[str, str, str, int]]:
        """(iso3, English name, Spanish name, number of production/reserve lines) per country."""
        return [
            (r["iso3"], r["name_en"], r["name_es"] or "", r["n"])
            for r in self._all(
                "SELECT c.iso3, c.name_en, c.name_es, count(w.country_iso3) AS n FROM countries c "
                "LEFT JOIN world_production w ON w.country_iso3 = c.iso3 "
                "GROUP BY c.iso3 ORDER BY n = 0, c.name_en"
            )
        ]

    def trade_summary(self, iso3: str, limit: int = 300) -> list[dict]:
        """Which trade flows the catalog holds with a country as reporter or partner."""
        return self._all(
            "SELECT source_id, coalesce(reporter_iso3, reporter_label) AS reporter, "
            "coalesce(partner_iso3, partner_label) AS partner, flow, "
            "count(DISTINCT hs_code) AS hs_codes, min(year) AS first_year, "
            "max(year) AS last_year, count(*) AS rows FROM trade_flows "
            "WHERE reporter_iso3 = ? OR partner_iso3 = ? "
            "GROUP BY source_id, reporter, partner, flow ORDER BY rows DESC, source_id, partner "
            f"LIMIT {int(limit)}",
            (iso3, iso3),
        )

    def trade_reporters(self) -> list[tuple[str, str, int]]:
        """(ISO3, name, rows) of every reporter in the trade table, most rows first."""
        return [
            (r["reporter_iso3"], self.country_name(r["reporter_iso3"]), r["n"])
            for r in self._all(
                "SELECT reporter_iso3, count(*) AS n FROM trade_flows "
                "WHERE reporter_iso3 IS NOT NULL GROUP BY reporter_iso3 "
                "ORDER BY n DESC"
            )
        ]

    def commodity_for_hs(self, code: str) -> str | None:
        """The commodity an HS code (or a heading or chapter of one) is mapped to, if any."""
        code = code.replace(".", "")
        for c in (code, code[:6], code[:4]):
            if not c:
                continue
            row = self.conn.execute(
                "SELECT commodity_id FROM commodity_hs WHERE hs_code = ? OR hs_code LIKE ? "
                "ORDER BY hs_code = ? DESC, hs_code LIMIT 1",
                (c, c + "%", c),
            ).fetchone()
            if row:
                return row[0]
        return None

    def ree_series(
        self, statistic: str, source_id: str = "usgs-ds140-rare-earths"
    ) -> list[tuple[int, float | None, str, tuple[str, ...], str]]:
        """A historical rare-earth series (year, value, raw, flags, source) from DS140."""
        return [
            (r["year"], r["value"], r["raw"] or "", _flags(r["flags"]), r["source_id"])
            for r in self._all(
                "SELECT year, value, raw, flags, source_id FROM ree_history "
                "WHERE statistic = ? AND source_id = ? ORDER BY year",
                (statistic, source_id),
            )
        ]

    def m49_to_iso3(self) -> dict[int, str]:
        """UN M49 numeric codes (as UN Comtrade and BACI use them) to ISO3."""
        return {
            r[0]: r[1]
            for r in self.conn.execute("SELECT m49, iso3 FROM countries WHERE m49 IS NOT NULL")
        }

    def hs_description(self, code: str) -> str:
        row = self.conn.execute(
            "SELECT description FROM hs_codes WHERE hs_code = ?", (code,)
        ).fetchone()
        return row[0] if row else ""

    def commodity_profile(self, commodity_id: str) -> CommodityProfile:
        rows = self._all("SELECT * FROM commodities WHERE commodity_id = ?", (commodity_id,))
        if not rows:
            raise UnknownName("commodity", commodity_id, [])
        c = rows[0]
        parent = (
            CommodityRef(c["parent_id"], self.commodity_name(c["parent_id"]))
            if c["parent_id"]
            else None
        )
        children = [
            CommodityRef(r["commodity_id"], r["name_en"])
            for r in self._all(
                "SELECT commodity_id, name_en FROM commodities WHERE parent_id = ? "
                "ORDER BY name_en",
                (commodity_id,),
            )
        ]
        lists = self.critical_lists_for(commodity_id)
        hs = [
            HSLine(r["hs_code"], r["hs_level"], r["description"] or "", r["source_id"])
            for r in self._all(
                "SELECT ch.hs_code, ch.hs_level, h.description, ch.source_id "
                "FROM commodity_hs ch LEFT JOIN hs_codes h ON h.hs_code = ch.hs_code "
                "WHERE ch.commodity_id = ? ORDER BY ch.hs_code",
                (commodity_id,),
            )
        ]
        uses = [
            EndUse(r["edition"], r["applications"], r["source_id"])
            for r in self._all(
                "SELECT edition, applications, source_id FROM end_uses WHERE commodity_id = ? "
                "ORDER BY edition DESC",
                (commodity_id,),
            )
        ]
        editions = sorted(
            {
                r[0]
                for r in self.conn.execute(
                    "SELECT edition FROM world_production WHERE commodity_id = ? UNION "
                    "SELECT edition FROM us_salient WHERE commodity_id = ?",
                    (commodity_id, commodity_id),
                )
            }
        )
        units = self._all(
            "SELECT measure, type, unit, count(*) AS n FROM world_production "
            "WHERE commodity_id = ? AND edition = (SELECT max(edition) FROM world_production "
            "WHERE commodity_id = ?) GROUP BY measure, type, unit ORDER BY measure, n DESC",
            (commodity_id, commodity_id),
        )
        source_ids = (
            {m.source_id for m in lists}
            | {h.source_id for h in hs}
            | {u.source_id for u in uses}
            | {f"usgs-mcs-{e}" for e in editions}
            | {"minref-commodity-names"}
        )
        return CommodityProfile(
            commodity_id,
            c["name_en"],
            c["name_es"] or "",
            c["name_fr"] or "",
            c["kind"],
            parent,
            children,
            c["mcs_chapter"] or "",
            c["symbols"] or "",
            bool(c["is_rare_earth"]),
            [{k: u[k] for k in ("measure", "type", "unit")} for u in units],
            lists,
            hs,
            uses,
            editions,
            [self.sources[s] for s in sorted(source_ids) if s in self.sources],
        )

    def descendants(self, commodity_id: str) -> list[str]:
        """Member commodities of a chapter, at any depth (rare earths -> heavy -> Dy)."""
        out, todo = [], [commodity_id]
        while todo:
            kids = [
                r[0]
                for r in self.conn.execute(
                    "SELECT commodity_id FROM commodities WHERE parent_id = ?", (todo.pop(),)
                )
            ]
            out.extend(kids)
            todo.extend(kids)
        return out

    def critical_lists_for(
        self, commodity_id: str, *, include_members: bool = True
    ) -> list[ListMembership]:
        """List memberships of a commodity and, for a chapter, of its members.

        The U.S. lists name rare earths and platinum-group metals element by element; the
        rare-earths chapter then shows those memberships with the element named.
        """
        ids = [commodity_id] + (self.descendants(commodity_id) if include_members else [])
        marks = ",".join("?" * len(ids))
        return [
            ListMembership(
                r["list_id"],
                r["jurisdiction"],
                r["list_name"],
                r["list_year"],
                r["status"],
                r["mineral"],
                r["category"] or "",
                r["source_id"],
            )
            for r in self._all(
                "SELECT m.list_id, l.jurisdiction, l.list_name, l.list_year, l.status, "
                "m.mineral, m.category, m.source_id FROM critical_list_members m "
                "JOIN critical_lists l ON l.list_id = m.list_id "
                f"WHERE m.commodity_id IN ({marks}) "
                "ORDER BY l.list_year DESC, m.list_id, m.mineral",
                tuple(ids),
            )
        ]

    # ------------------------------------------------------------------ world production
    def _figure(self, r: dict, value_key: str = "value") -> Figure:
        return Figure(
            r[value_key],
            r["raw"] or "",
            r.get("unit") or "",
            r.get("year"),
            _flags(r["flags"]),
            r["source_id"],
            r.get("low"),
            r.get("high"),
            r.get("note") or "",
        )

    def world_production(
        self,
        commodity_id: str,
        *,
        edition: int | None = None,
        year: int | None = None,
        measure: str = "production",
        type: str | None = None,
    ) -> WorldTable:
        """A ranked world table; rank is among the countries USGS lists, share of world total."""
        editions = [
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT edition FROM world_production WHERE commodity_id = ? AND "
                "measure = ? ORDER BY edition",
                (commodity_id, measure),
            )
        ]
        if edition is None:
            edition = editions[-1] if editions else self.latest_edition
        types = self._all(
            "SELECT type, count(*) AS n, max(lower(type) LIKE '%mine%') AS mine "
            "FROM world_production WHERE commodity_id = ? AND measure = ? AND edition = ? "
            "GROUP BY type ORDER BY mine DESC, n DESC, type",
            (commodity_id, measure, edition),
        )
        type_names = [t["type"] for t in types]
        if type is None:
            type = type_names[0] if type_names else ""
        years = [
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT year FROM world_production WHERE commodity_id = ? AND measure = ? "
                "AND edition = ? AND type = ? ORDER BY year",
                (commodity_id, measure, edition, type),
            )
        ]
        if year is None:
            year = years[-1] if years else None
        rows = self._all(
            "SELECT * FROM world_production WHERE commodity_id = ? AND measure = ? AND "
            "edition = ? AND type = ? AND year = ?",
            (commodity_id, measure, edition, type, year),
        )
        source = self.source(f"usgs-mcs-{edition}")
        world = next((self._figure(r) for r in rows if r["place_kind"] == "world"), None)
        countries = [r for r in rows if r["place_kind"] != "world"]
        # A line on which fewer than three countries are listed (each reporting its own
        # form, as for boron or kyanite) is not a ranking: no ranks are given.
        listed = [i for i, r in enumerate(countries) if r["place_kind"] == "country"]
        ranks = rank_values({i: countries[i]["value"] for i in listed}) if len(listed) >= 3 else {}
        out = []
        for i, r in enumerate(countries):
            fig = self._figure(r)
            share = (
                100.0 * fig.value / world.value
                if world and world.value and fig.value is not None
                else None
            )
            out.append(
                CountryFigure(
                    r["country_iso3"],
                    r["country_label"],
                    self.country_name(r["country_iso3"]) or r["country_label"],
                    r["place_kind"],
                    fig,
                    ranks.get(i),
                    share,
                )
            )
        out.sort(
            key=lambda cf: (
                cf.place_kind != "country",
                cf.rank is None,
                cf.rank or 0,
                cf.country_name,
            )
        )
        unit = rows[0]["unit"] if rows else ""
        return WorldTable(
            commodity_id,
            edition,
            measure,
            type,
            year,
            unit,
            out,
            world,
            source,
            editions,
            years,
            type_names,
        )

    def production_history(
        self, commodity_id: str, country_iso3: str, measure: str = "production"
    ) -> list[tuple[int, str, Figure]]:
        """Every edition's figures for one country: how a figure was revised edition to edition."""
        return [
            (r["edition"], r["type"], self._figure(r))
            for r in self._all(
                "SELECT * FROM world_production WHERE commodity_id = ? AND country_iso3 = ? AND "
                "measure = ? ORDER BY type, year, edition",
                (commodity_id, country_iso3, measure),
            )
        ]

    # ------------------------------------------------------------------ U.S. statistics
    def us_salient(self, commodity_id: str, edition: int | None = None) -> SalientTable:
        editions = [
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT edition FROM us_salient WHERE commodity_id = ? ORDER BY edition",
                (commodity_id,),
            )
        ]
        if edition is None:
            edition = editions[-1] if editions else self.latest_edition
        rows = self._all(
            "SELECT * FROM us_salient WHERE commodity_id = ? AND edition = ? "
            "ORDER BY statistic, detail, year",
            (commodity_id, edition),
        )
        return SalientTable(
            commodity_id,
            edition,
            [SalientFigure(r["statistic"], r["detail"] or "", self._figure(r)) for r in rows],
            self.source(f"usgs-mcs-{edition}"),
            editions,
        )

    def us_import_sources(self, commodity_id: str) -> list[ImportSource]:
        rows = self._all(
            "SELECT * FROM us_import_sources WHERE commodity_id = ? "
            # Largest first, a bound (>99) at its bound, "Other countries" always last.
            "ORDER BY detail, place_kind != 'country', coalesce(share_pct, low, high, -1) DESC, "
            "country_label",
            (commodity_id,),
        )
        return [_import_source(r) for r in rows]

    def us_import_reliance(self, commodity_id: str) -> list[ImportReliance]:
        rows = self._all(
            "SELECT * FROM us_import_reliance WHERE commodity_id = ? "
            "ORDER BY edition DESC, commodity_label",
            (commodity_id,),
        )
        return [
            ImportReliance(
                r["edition"],
                r["commodity_label"],
                Figure(
                    r["value"],
                    r["raw"] or "",
                    "percent",
                    r["year"],
                    _flags(r["flags"]),
                    r["source_id"],
                    r["low"],
                    r["high"],
                    r["note"] or "",
                ),
                [s.strip() for s in (r["major_import_sources"] or "").split(",") if s.strip()],
                r["sources_period"] or "",
            )
            for r in rows
        ]

    # ------------------------------------------------------------------ rare earths
    def rare_earth_elements(self) -> list[ElementFacts]:
        return [
            self.rare_earth_element(r[0])
            for r in self.conn.execute(
                "SELECT symbol FROM rare_earth_elements ORDER BY atomic_number"
            )
        ]

    def rare_earth_element(self, symbol: str) -> ElementFacts:
        rows = self._all(
            "SELECT * FROM rare_earth_elements WHERE lower(symbol) = lower(?) "
            "OR lower(name_en) = lower(?)",
            (symbol, symbol),
        )
        if not rows:
            names = {
                r[0]: r[1]
                for r in self.conn.execute("SELECT lower(name_en), symbol FROM rare_earth_elements")
            }
            import difflib

            close = difflib.get_close_matches(symbol.lower(), list(names), n=3, cutoff=0.6)
            raise UnknownName("rare earth element", symbol, [names[c] for c in close])
        e = rows[0]
        cid = e["name_en"].lower()
        holdings = {}
        for table in ("world_production", "us_salient", "us_import_sources", "end_uses"):
            holdings[table] = self.conn.execute(
                f"SELECT count(*) FROM {table} WHERE commodity_id = ?", (cid,)
            ).fetchone()[0]
        return ElementFacts(
            e["atomic_number"],
            e["symbol"],
            e["name_en"],
            e["name_es"] or "",
            e["name_fr"] or "",
            e["atomic_weight"],
            e["crust_abundance_mg_per_kg"],
            e["element_group"] or "",
            e["class_usgs"] or "",
            e["class_eu"] or "",
            e["on_us_2022_list"] or "",
            e["eu_magnet_ree"] or "",
            e["note"] or "",
            self.critical_lists_for(cid, include_members=False),
            holdings,
            self.source(e["source_id"]),
        )

    # ------------------------------------------------------------------ countries
    def country_standing(self, iso3: str, edition: int | None = None) -> CountryStanding:
        """A country's rank and share for every commodity it appears in (latest year each)."""
        iso3 = iso3.upper()
        if iso3 not in self._country_names:
            raise UnknownName("country", iso3, [])
        entries: list[StandingEntry] = []
        keys = self._all(
            "SELECT DISTINCT commodity_id, measure, type, edition FROM world_production "
            "WHERE country_iso3 = ?" + (" AND edition = ?" if edition else ""),
            (iso3, edition) if edition else (iso3,),
        )
        # The newest edition that lists the country, per commodity and measure; within it,
        # every line (mine, refinery, ...) the country appears in.
        latest: dict[tuple, int] = {}
        for k in keys:
            key = (k["commodity_id"], k["measure"])
            latest[key] = max(latest.get(key, 0), k["edition"])
        lines = sorted(
            {
                (k["commodity_id"], k["measure"], k["type"], k["edition"])
                for k in keys
                if k["edition"] == latest[(k["commodity_id"], k["measure"])]
            }
        )
        for cid, measure, ftype, ed in lines:
            table = self.world_production(cid, edition=ed, measure=measure, type=ftype)
            row = table.row_for(iso3)
            if row is None:
                continue
            listed = sum(1 for r in table.rows if r.place_kind == "country")
            entries.append(
                StandingEntry(
                    cid,
                    self.commodity_name(cid),
                    measure,
                    ftype,
                    ed,
                    table.year,
                    table.unit,
                    row.figure,
                    row.rank,
                    listed,
                    row.share_pct,
                )
            )
        entries.sort(
            key=lambda e: (e.measure != "production", e.rank is None, e.rank or 0, e.commodity_name)
        )
        shares = [
            (
                r["commodity_id"],
                self.commodity_name(r["commodity_id"]),
                _import_source(r),
            )
            for r in self._all(
                "SELECT * FROM us_import_sources WHERE country_iso3 = ? "
                "ORDER BY coalesce(share_pct, low, high, -1) DESC, "
                "commodity_id",
                (iso3,),
            )
        ]
        source_ids = {e.figure.source_id for e in entries} | {s[2].figure.source_id for s in shares}
        en, es = self._country_names[iso3][:2]
        return CountryStanding(
            iso3, en, es, entries, shares, [self.sources[s] for s in sorted(source_ids)]
        )

    # ------------------------------------------------------------------ trade
    def trade_flows(
        self,
        reporter: str | None = None,
        partner: str | None = None,
        hs: str | None = None,
        year: int | None = None,
        flow: str | None = None,
        *,
        period: str | None = None,
        limit: int | None = None,
    ) -> list[TradeFlow]:
        """Trade rows filtered by reporter, partner, HS code (prefix) and year and flow."""
        where, params = [], []
        for col, val in (
            ("t.reporter_iso3", reporter),
            ("t.partner_iso3", partner),
            ("t.year", year),
            ("t.flow", flow),
            ("t.period", period),
        ):
            if val is not None:
                where.append(f"{col} = ?")
                params.append(val.upper() if isinstance(val, str) and "iso3" in col else val)
        if hs:
            code = hs.replace(".", "").strip()
            where.append("t.hs_code LIKE ? ESCAPE '\\'")
            params.append(code.replace("%", r"\%").replace("_", r"\_") + "%")
        sql = (
            "SELECT t.*, h.description AS hs_description FROM trade_flows t "
            "LEFT JOIN hs_codes h ON h.hs_code = t.hs_code"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += (
            " ORDER BY t.year, t.month, t.hs_code, t.flow, t.value_usd IS NULL, "
            "t.value_usd DESC, t.partner_label"
        )
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [
            TradeFlow.make(**{k: r[k] for k in TRADE_FLOW_FIELDS})
            for r in self._all(sql, tuple(params))
        ]

    def trade_sums(
        self,
        reporter: str,
        partner: str,
        *,
        flows: tuple[str, ...] = ("export", "import"),
        hs_len: int | None = None,
        hs_prefixes: tuple[str, ...] = (),
    ) -> list[dict]:
        """One reporter's trade rows summed in SQL (the claims' arithmetic, no record per
        row): rows whose HS code has ``hs_len`` digits or starts with one of
        ``hs_prefixes``, grouped by source, flow, heading (the code's first four digits),
        code length, year, period, partner kind and whether the partner is ``partner``.
        ``usable`` counts rows with a finite value of at least 0; ``value_usd``, ``max_usd``
        and ``min_usd`` are over those rows only."""
        where = ["hs_code LIKE ? ESCAPE '\\'" for _ in hs_prefixes]
        params: list = [partner.upper(), reporter.upper(), *flows]
        params += [p.replace("%", r"\%").replace("_", r"\_") + "%" for p in hs_prefixes]
        if hs_len is not None:
            where.append("length(hs_code) = ?")
            params.append(hs_len)
        if not where:
            return []
        sql = (
            "SELECT source_id, flow, substr(hs_code, 1, 4) AS heading, length(hs_code) AS hs_len, "
            "year, period, partner_kind, to_partner, count(*) AS rows, sum(usable) AS usable, "
            "total(CASE WHEN usable THEN value_usd END) AS value_usd, "
            "max(CASE WHEN usable THEN value_usd END) AS max_usd, "
            "min(CASE WHEN usable THEN value_usd END) AS min_usd FROM ("
            "SELECT *, coalesce(partner_iso3 = ?, 0) AS to_partner, "
            "(typeof(value_usd) IN ('integer', 'real') AND value_usd >= 0 "
            "AND value_usd < 9e999) AS usable FROM trade_flows "
            f"WHERE reporter_iso3 = ? AND flow IN ({','.join('?' * len(flows))}) "
            f"AND ({' OR '.join(where)})) "
            "GROUP BY source_id, flow, heading, hs_len, year, period, partner_kind, to_partner"
        )
        return self._all(sql, tuple(params))

    def trade_held(self, reporter: str, partner: str, flow: str) -> list[tuple[str, int, str]]:
        """(source, year, HS chapter) of every reporter -> partner row held, once each: what
        the trade rows cover, without reading them (the Mexico brief's gaps)."""
        return [
            tuple(r)
            for r in self.conn.execute(
                "SELECT DISTINCT source_id, year, substr(hs_code, 1, 2) FROM trade_flows "
                "WHERE reporter_iso3 = ? AND partner_iso3 = ? AND flow = ? ORDER BY 1, 2, 3",
                (reporter.upper(), partner.upper(), flow),
            )
        ]

    # ------------------------------------------------------------------ data packs, diffs
    def table_rows(self, name: str) -> list[dict]:
        """Every row of one curated table in its db/ columns (data-pack updates merge these)."""
        from .tables import TABLES

        table = TABLES[name]
        return self._all(f"SELECT {', '.join(table.columns)} FROM {table.name}")

    def edition_figures(self, edition: int, table: str = "world_production") -> list[dict]:
        """Every world-production (or U.S. salient) row of one MCS edition, for edition diffs."""
        if table not in ("world_production", "us_salient"):
            raise ValueError(f"no edition figures in {table}")
        return self._all(f"SELECT * FROM {table} WHERE edition = ?", (edition,))

    def critical_list_rows(self) -> list[dict]:
        """Every critical-mineral list joined with its members (one row per member)."""
        return self._all(
            "SELECT l.list_id, l.jurisdiction, l.list_name, l.list_year, l.status, "
            "m.mineral, m.commodity_id FROM critical_lists l "
            "LEFT JOIN critical_list_members m ON m.list_id = l.list_id "
            "ORDER BY l.list_year, l.list_id, m.mineral"
        )

    # ------------------------------------------------------------------ what the data holds
    def table_sources(self, name: str) -> list[SourceRef]:
        """The sources a curated table's rows come from (e.g. the MCS edition of the import
        sources), so that nothing names an edition by hand."""
        from .tables import TABLES

        if name not in TABLES or "source_id" not in TABLES[name].columns:
            raise ValueError(f"{name!r} is not a curated table with sources")
        ids = [r["source_id"] for r in self._all(f"SELECT DISTINCT source_id FROM {name}")]
        return [self.sources[i] for i in sorted(ids) if i in self.sources]

    @cached_property
    def full_editions(self) -> list[int]:
        """The MCS editions held whole: those with world figures for at least half as many
        commodities as the fullest edition (MCS 2022 is held for 12 commodities only)."""
        counts = {
            r["edition"]: r["n"]
            for r in self._all(
                "SELECT edition, count(DISTINCT commodity_id) AS n FROM world_production "
                "GROUP BY edition"
            )
        }
        most = max(counts.values(), default=0)
        return sorted(e for e, n in counts.items() if n * 2 >= most)

    def final_lists(self) -> list[tuple[str, str, int]]:
        """(list_id, jurisdiction, year) of every list in force (no drafts), oldest first."""
        return [
            (r["list_id"], r["jurisdiction"], r["list_year"])
            for r in self._all(
                "SELECT list_id, jurisdiction, list_year FROM critical_lists "
                "WHERE status NOT LIKE '%draft%' ORDER BY jurisdiction, list_year, list_id"
            )
        ]

    def newest_list(self, jurisdiction: str) -> tuple[str, int, str] | None:
        """(list_id, year, source_id) of a jurisdiction's newest list in force, if held."""
        rows = self._all(
            "SELECT list_id, list_year, source_id FROM critical_lists WHERE jurisdiction = ? "
            "AND status NOT LIKE '%draft%' ORDER BY list_year DESC, list_id LIMIT 1",
            (jurisdiction,),
        )
        return (rows[0]["list_id"], rows[0]["list_year"], rows[0]["source_id"]) if rows else None

    # ------------------------------------------------------------------ Mexico HS4, claims
    def trade_rows_by_source(self) -> dict[str, int]:
        """Number of trade_flows rows per source (the Comtrade record budget is checked on it)."""
        return {
            r["source_id"]: r["n"]
            for r in self._all(
                "SELECT source_id, count(*) AS n FROM trade_flows GROUP BY source_id"
            )
        }

    def claims_register(self) -> list[dict]:
        """The register of published claims (who made them, where and when), in file order;
        its paraphrase and originator in the reader's language where translated, and the
        words of its dates (:func:`register_date`); the figures, units, dates themselves
        and publishers are the register's own."""
        try:
            rows = self._all("SELECT * FROM claims_register ORDER BY source_id, entry")
        except sqlite3.OperationalError:  # a catalog built before the register existed
            return []
        from minref import i18n

        lang = i18n.current_language()
        if lang not in ("es", "fr"):
            return rows
        try:
            words = {
                (t["source_id"], t["entry"]): t
                for t in self._all(
                    "SELECT * FROM claims_register_translations WHERE lang = ?", (lang,)
                )
            }
        except sqlite3.OperationalError:  # a catalog (or pack) from before the translations
            return rows
        out = []
        for r in rows:
            t = words.get((r["source_id"], r["entry"]))
            if t is not None:
                r = {
                    **dict(r),
                    "originator": t["originator"],
                    "claim_paraphrased": t["claim_paraphrased"],
                }
            out.append({**dict(r), "date": register_date(r["date"])})
        return out

    def trade_flow_values(
        self, reporter: str, partner: str | None, flow: str
    ) -> list[tuple[str, int, float | None]]:
        """(hs_code, year, value) of annual rows for a reporter/partner/flow: a bare yardstick
        for the HS x year table's benchmark."""
        sql = (
            "SELECT hs_code, year, value_usd FROM trade_flows WHERE reporter_iso3 = ? "
            "AND flow = ? AND period = 'annual'"
        )
        params: list = [reporter, flow]
        if partner:
            sql += " AND partner_iso3 = ?"
            params.append(partner)
        return [tuple(r) for r in self.conn.execute(sql, params)]

    # ------------------------------------------------------------------ North American supply
    def critical_lists_meta(self) -> list[dict]:
        """Every critical-mineral list: id, jurisdiction, name, year, status, source."""
        return self._all(
            "SELECT list_id, jurisdiction, list_name, list_year, status, source_id "
            "FROM critical_lists ORDER BY list_year DESC, list_id"
        )

    def critical_list_members(self, list_id: str) -> list[tuple[str, str, str, str]]:
        """(mineral, commodity_id, category, source_id) of every member of one list."""
        return [
            (r["mineral"], r["commodity_id"] or "", r["category"] or "", r["source_id"])
            for r in self._all(
                "SELECT mineral, commodity_id, category, source_id FROM critical_list_members "
                "WHERE list_id = ? ORDER BY mineral",
                (list_id,),
            )
        ]

    @cached_property
    def _member_words(self) -> dict[str, dict[str, tuple[str, str]]]:
        """English name (casefolded) -> {language: (name, source_id)}: the words a list
        member's published name is translated through.  The catalog's commodity and element
        names come first; the curated list_member_names (db/) covers the list wording they
        do not name."""
        try:
            curated = self._all(
                "SELECT name_en, name_es, name_fr, source_id FROM list_member_names"
            )
        except sqlite3.OperationalError:  # a catalog (or pack) from before the table
            curated = []
        commodities = [
            {**r, "source_id": "minref-commodity-names"}
            for r in self._all("SELECT name_en, name_es, name_fr FROM commodities")
        ]
        elements = self._all("SELECT name_en, name_es, name_fr, source_id FROM rare_earth_elements")
        words: dict[str, dict[str, tuple[str, str]]] = {}
        for r in (*commodities, *elements, *curated):  # the first name given wins
            if not r["name_en"]:
                continue
            word = words.setdefault(r["name_en"].strip().casefold(), {})
            for lang in ("es", "fr"):
                if r[f"name_{lang}"] and lang not in word:
                    word[lang] = (r[f"name_{lang}"], r["source_id"] or "")
        return words

    def list_member_name_sources(self, mineral: str, lang: str | None = None) -> tuple[str, ...]:
        """The sources of a list member's name in ``lang`` (its words' translations); ()
        when the name is shown as the list publishes it."""
        return self._member_name(mineral, lang)[1]

    def list_member_name(self, mineral: str, lang: str | None = None) -> str:
        """A critical-list member's name in ``lang`` (default: the current language).

        ``mineral`` is the member as the list publishes it ("Zirconium", "Rare earth
        elements: Cerium"); each of its words (a group, then its member) is named by the
        catalog's commodity or element of that English name, else by the curated
        list_member_names.  A member with any word unknown is returned as published, never
        partly translated or guessed; so is every member in English."""
        return self._member_name(mineral, lang)[0]

    def _member_name(self, mineral: str, lang: str | None) -> tuple[str, tuple[str, ...]]:
        from minref import i18n

        lang = lang or i18n.current_language()
        if lang not in ("es", "fr") or not mineral:
            return mineral, ()
        names, sources = [], []
        for part in mineral.split(":"):
            word = self._member_words.get(part.strip().casefold(), {}).get(lang)
            if not word:
                return mineral, ()
            names.append(word[0])
            sources.append(word[1])
        # French sets a colon off with a no-break space: "Terres rares : Cérium"
        joiner = "\u00a0: " if lang == "fr" else ": "
        return joiner.join(names), tuple(dict.fromkeys(s for s in sources if s))

    def critical_list_members_named(self, list_id: str, lang: str | None = None) -> list[dict]:
        """Every member of one list, in the list's order, with its name in ``lang``
        (default: the current language): ``mineral`` as the catalog holds it, ``name``
        (:meth:`list_member_name`), ``name_sources`` (where that name comes from; () when
        shown as published), ``as_listed`` (the words the list prints), ``group`` (for a
        member minref split out of a group the list prints, that group's text; else ""),
        ``commodity_id``, ``category`` and the list's ``source_id``.

        A group entry ("Bauxite/alumina/aluminium") is held once as the list prints it and
        once for each of its members as "group: member" ("Bauxite/alumina/aluminium:
        Aluminum", ingest.reference.group_member_rows); the member after the colon is
        minref's reading of the group, not the list's words, so ``as_listed`` is the group's
        text alone."""
        out = []
        for mineral, cid, category, sid in self.critical_list_members(list_id):
            group = self._listed_group(mineral, category)
            out.append(
                {
                    "mineral": mineral,
                    "name": self.list_member_name(mineral, lang),
                    "name_sources": self.list_member_name_sources(mineral, lang),
                    "as_listed": group or mineral,
                    "group": group,
                    "commodity_id": cid,
                    "category": category,
                    "source_id": sid,
                }
            )
        return out

    @staticmethod
    def _listed_group(mineral: str, category: str) -> str:
        """The group a list prints, for a member minref split out of it ("Bauxite/alumina/
        aluminium" for "Bauxite/alumina/aluminium: Aluminum", whose category
        ingest.reference.group_member_rows wrote as "member of the listed group
        'Bauxite/alumina/aluminium'"); "" for a member the list names itself."""
        import re

        m = re.fullmatch(r"member of the listed group '(?P<group>.+)'", category or "")
        if m and mineral.startswith(m["group"] + ":"):
            return m["group"]
        return ""

    def commodity_parents(self) -> dict[str, str]:
        """Each commodity's parent (rare earths -> heavy -> Dy; PGM -> Ir); "" at the top."""
        return {
            r[0]: r[1] or ""
            for r in self.conn.execute("SELECT commodity_id, parent_id FROM commodities")
        }

    def world_figure_editions(self) -> dict[str, int]:
        """The newest MCS edition with world production or reserves rows, per commodity."""
        return dict(
            self.conn.execute(
                "SELECT commodity_id, max(edition) FROM world_production GROUP BY commodity_id"
            )
        )

    def iea_outlook(self, dataset: str | None = None, mineral: str | None = None) -> list[dict]:
        """IEA Critical Minerals Outlook rows (a third party's restructuring of the explorer)."""
        where, params = [], []
        for col, val in (("dataset", dataset), ("mineral", mineral)):
            if val is not None:
                where.append(f"{col} = ?")
                params.append(val)
        return self._all(
            "SELECT source_id, dataset, mineral, scenario, category, item, year, value, unit, "
            "note FROM iea_outlook"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY dataset, mineral, category, item, scenario, year",
            tuple(params),
        )

    def us_salient_statistics(self, commodity_id: str, statistics: tuple[str, ...]) -> SalientTable:
        """The newest edition's U.S. salient statistics of some kinds only (the supply
        table needs net import reliance and consumption, not every line)."""
        row = self.conn.execute(
            "SELECT max(edition) FROM us_salient WHERE commodity_id = ?", (commodity_id,)
        ).fetchone()
        edition = row[0] if row and row[0] is not None else self.latest_edition
        marks = ",".join("?" * len(statistics))
        rows = self._all(
            "SELECT * FROM us_salient WHERE commodity_id = ? AND edition = ? "
            f"AND statistic IN ({marks}) ORDER BY statistic, detail, year",
            (commodity_id, edition, *statistics),
        )
        return SalientTable(
            commodity_id,
            edition,
            [SalientFigure(r["statistic"], r["detail"] or "", self._figure(r)) for r in rows],
            self.source(f"usgs-mcs-{edition}"),
            [edition],
        )

    def trade_years(self) -> list[int]:
        """Every year the trade table holds (for the desk's year selectors)."""
        return [r[0] for r in self.conn.execute("SELECT DISTINCT year FROM trade_flows ORDER BY 1")]


TRADE_FLOW_FIELDS = tuple(f.name for f in dataclasses.fields(TradeFlow))


def _import_source(r) -> ImportSource:
    """One row of us_import_sources as the record pages and briefs read."""
    return ImportSource(
        r["country_iso3"],
        r["country_label"],
        r["place_kind"],
        r["detail"] or "",
        r["period"] or "",
        Figure(
            r["share_pct"],
            r["raw"] or "",
            "percent",
            None,
            _flags(r["flags"]),
            r["source_id"],
            r["low"],
            r["high"],
            r["note"] or "",
        ),
    )


def rank_values(values: dict[int, float | None]) -> dict[int, int]:
    """Competition ranks ("1224") of the exact positive values, largest first.

    Withheld, missing, bounded and zero figures get no rank: a country that produced
    nothing is not "7th".
    """
    exact = sorted(
        ((v, k) for k, v in values.items() if v is not None and v > 0), key=lambda x: -x[0]
    )
    ranks: dict[int, int] = {}
    prev, prev_rank = None, 0
    for i, (v, k) in enumerate(exact, start=1):
        rank = prev_rank if v == prev else i
        ranks[k] = rank
        prev, prev_rank = v, rank
    return ranks


def open_default(explicit: str | Path | None = None) -> Catalog:
    """The catalog the app uses: located (built on first use if needed) and opened read-only."""
    from .store import locate_catalog

    return Catalog.open(locate_catalog(explicit))


def register_date(text: str) -> str:
    """A claims-register date in the reader's language where it holds words: "2025-09
    (study presented c. 2025-09-22/23)", "c. 2022 (2021 data)", "page as stored" (the
    Spanish checker showed them in English); the dates themselves as the register has them,
    any other text unchanged."""
    import re

    from minref.i18n import N_, _

    forms = (
        (
            r"(?P<date>\S+) \(study presented c\. (?P<when>[^)]+)\)",
            N_("{date} (study presented c. {when})"),
        ),
        (r"c\. (?P<year>\d{4}) \((?P<data>\d{4}) data\)", N_("c. {year} ({data} data)")),
        (r"page as stored", N_("page as stored")),
    )
    for pattern, words in forms:
        m = re.fullmatch(pattern, text or "")
        if m:
            return _(words).format(**m.groupdict())
    return text
