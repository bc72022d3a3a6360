"""Countries (ISO 3166 / UN M49) and the resolver that maps raw place names onto them.

Sources name places in many ways: USGS writes "Burma", "Congo (Kinshasa)",
"Korea, Republic of", glues footnote markers onto names ("Chinae", "Belgium8",
"Indiae, 4") and adds qualifiers ("Brazil (beneficiated)", "Bolivia, ulexite");
the U.S. Census writes "KOREA, SOUTH" and "MACAU"; USITC writes "Myanmar
(Burma)".  :class:`PlaceResolver` maps each such label to an ISO alpha-3 code
or to an aggregate kind (world, others, group).
"""

from __future__ import annotations

import csv
import logging
import re
import unicodedata
from pathlib import Path

from minref.records import record

logger = logging.getLogger(__name__)

SOURCE_ID = "iso-3166-country-codes"
COUNTRY_CODES_FILE = Path("country_codes") / "country-codes.csv"

COUNTRY = "country"
WORLD = "world"
OTHERS = "others"
GROUP = "group"
UNKNOWN = "unknown"
PLACE_KINDS = (COUNTRY, WORLD, OTHERS, GROUP, UNKNOWN)

# Short English names where the CLDR display name is an abbreviation or a
# "Congo - Kinshasa" style label.
_NAME_EN_OVERRIDES = {
    "USA": "United States",
    "GBR": "United Kingdom",
    "COD": "Congo (Kinshasa)",
    "COG": "Congo (Brazzaville)",
    "BIH": "Bosnia and Herzegovina",
    "UMI": "U.S. Minor Outlying Islands",
}

# Short Spanish and French names where UNTERM has none and the official name is long.
_NAME_ES_FR_OVERRIDES = {
    "HKG": ("Hong Kong", "Hong Kong"),
    "MAC": ("Macao", "Macao"),
}

# Places some sources name that the country-codes file lacks (added only if absent).
_EXTRA_COUNTRIES = [
    {
        "iso3": "XKX",
        "iso2": "XK",
        "m49": None,
        "name_en": "Kosovo",
        "name_es": "Kosovo",
        "name_fr": "Kosovo",
        "region": "Europe",
        "sub_region": "Southern Europe",
    },
    {
        "iso3": "TWN",
        "iso2": "TW",
        "m49": 158,
        "name_en": "Taiwan",
        "name_es": "Taiwán",
        "name_fr": "Taïwan",
        "region": "Asia",
        "sub_region": "Eastern Asia",
    },
]

# Curated spellings used by USGS, the U.S. Census Bureau and USITC (keys are
# folded with :func:`fold`, so case, accents and spacing do not matter).
COUNTRY_ALIASES: dict[str, str] = {
    "burma": "MMR",
    "myanmar (burma)": "MMR",
    "congo (kinshasa)": "COD",
    "congo kinshasa": "COD",
    "dr congo": "COD",
    "democratic republic of congo": "COD",
    "congo, democratic republic of the": "COD",
    "congo (brazzaville)": "COG",
    "congo brazzaville": "COG",
    "republic of the congo": "COG",
    "korea, republic of": "KOR",
    "korea, south": "KOR",
    "korea": "KOR",
    "korea, north": "PRK",
    "korea, democratic people's republic of": "PRK",
    "russia": "RUS",
    "turkey": "TUR",
    "turkiye": "TUR",
    "the bahamas": "BHS",
    "bahamas, the": "BHS",
    "united states": "USA",
    "u.s.": "USA",
    "us": "USA",
    "united states of america": "USA",
    "estados unidos": "USA",
    "eeuu": "USA",
    "ee uu": "USA",
    "united kingdom": "GBR",
    "uk": "GBR",
    "great britain": "GBR",
    "czech republic": "CZE",
    "cote d'ivoire": "CIV",
    "ivory coast": "CIV",
    "laos": "LAO",
    "macau": "MAC",
    "macao": "MAC",
    "macedonia": "MKD",
    "kosovo": "XKX",
    "hong kong": "HKG",
    "vietnam": "VNM",
    "swaziland": "SWZ",
    "cape verde": "CPV",
    "st helena": "SHN",
    "st kitts and nevis": "KNA",
    "st lucia": "LCA",
    "st vincent and the grenadines": "VCT",
    "british indian ocean territories": "IOT",
    "falkland islands (islas malvinas)": "FLK",
    # Census code 5082: part of the State of Palestine in the M49 list.
    "gaza strip administered by israel": "PSE",
    "west bank administered by israel": "PSE",
    "palestine": "PSE",
    "vatican city": "VAT",
    "micronesia": "FSM",
    "micronesia, federated states of": "FSM",
    "new caledonia (overseas territory of france)": "NCL",
    "iran": "IRN",
    "syria": "SYR",
    "brunei": "BRN",
    "moldova": "MDA",
    "tanzania": "TZA",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "taiwan": "TWN",
    "curacao": "CUW",
    "reunion": "REU",
    "sao tome and principe": "STP",
}

# Aggregates that name several countries or a region (no single iso3).
GROUP_LABELS: frozenset[str] = frozenset(
    {
        "africa",
        "asia",
        "europe",
        "oceania",
        "australia and oceania",
        "north america",
        "south america",
        "central america",
        "latin america",
        "middle east",
        "caribbean",
        "european union",
        "eu",
        "eu 27",
        "eu27",
        "euro area",
        "apec",
        "asean",
        "cacm",
        "cafta dr",
        "cafta-dr",
        "lafta",
        "nato",
        "oecd",
        "pacific rim countries",
        "twenty latin american republics",
        "usmca (nafta)",
        "usmca",
        "nafta",
        "commonwealth of independent states",
        "cis",
        "united states and canada",
        "china, germany, and russia",
    }
)

WORLD_LABELS: frozenset[str] = frozenset(
    {
        "world",
        "world total",
        "total",
        "grand total",
        "total for all countries",
        "all countries",
        "total world",
    }
)

OTHERS_LABELS: frozenset[str] = frozenset(
    {
        "other",
        "others",
        "other countries",
        "all other",
        "all others",
        "rest of world",
        "rest of the world",
        "other countries, total",
    }
)

# Labels met in the scanned files that are not places at all, with the reason.
# (None are needed for the files scanned by the tests; kept for new sources.)
NOT_PLACES: dict[str, str] = {}

_ARTICLE_RE = re.compile(r"\s*\((?:the|el|la|los|las|le|les|l'|l’)\)\s*$", re.IGNORECASE)
_STAR_RE = re.compile(r"\s*\*+\s*$")
_FOOTNOTE_RE = re.compile(r"(?:[\s,]*\d{1,2})+$")
_PAREN_RE = re.compile(r"\s*\([^()]*\)\s*$")


def fold(label: str) -> str:
    """Fold a place label for matching: accents, case and spacing removed."""
    text = unicodedata.normalize("NFKD", label.replace("\xa0", " ").replace("\ufeff", ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("&", " and ")
    text = re.sub(r"\s+", " ", text.lower())
    return text.strip(" .;:")


def clean_un_name(name: str) -> str:
    """Drop UNTERM's trailing article ("México (el)") and footnote stars."""
    name = _STAR_RE.sub("", name.strip())
    return _ARTICLE_RE.sub("", name).strip()


def _int_or_none(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


def _read_codes(data_dir: Path) -> list[dict[str, str]]:
    path = Path(data_dir) / COUNTRY_CODES_FILE
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def country_rows(data_dir: Path) -> list[dict]:
    """Rows of the ``countries`` table from country-codes.csv (plus Kosovo if absent)."""
    rows: list[dict] = []
    for r in _read_codes(data_dir):
        iso3 = r.get("ISO3166-1-Alpha-3", "").strip()
        if not iso3:
            continue
        name_en = _NAME_EN_OVERRIDES.get(iso3) or r.get("CLDR display name", "").strip()
        name_en = name_en.replace(" & ", " and ") or clean_un_name(r.get("official_name_en", ""))
        rows.append(
            {
                "iso3": iso3,
                "iso2": r.get("ISO3166-1-Alpha-2", "").strip(),
                "m49": _int_or_none(r.get("M49", "")),
                "name_en": name_en,
                "name_es": clean_un_name(r.get("UNTERM Spanish Short", ""))
                or r.get("official_name_es", "").strip(),
                "name_fr": clean_un_name(r.get("UNTERM French Short", ""))
                or r.get("official_name_fr", "").strip(),
                "region": r.get("Region Name", "").strip(),
                "sub_region": r.get("Sub-region Name", "").strip(),
                "source_id": SOURCE_ID,
            }
        )
    for row in rows:
        if row["iso3"] in _NAME_ES_FR_OVERRIDES:
            row["name_es"], row["name_fr"] = _NAME_ES_FR_OVERRIDES[row["iso3"]]
    have = {row["iso3"] for row in rows}
    for extra in _EXTRA_COUNTRIES:
        if extra["iso3"] not in have:
            rows.append({**extra, "source_id": SOURCE_ID})
    return rows


@record
class PlaceMatch:
    """How a raw label resolved: the place, plus footnote markers found on it."""

    label: str
    iso3: str | None
    place_kind: str
    estimated: bool = False
    footnotes: tuple[str, ...] = ()


class PlaceResolver:
    """Map raw place labels (any source) to (iso3, place_kind)."""

    def __init__(self, data_dir: Path) -> None:
        # English names and curated aliases are tried before Spanish/French names,
        # so "Thailande" (estimate marker) is Thailand estimated, not French.
        self._english: dict[str, str] = {}
        self._index: dict[str, str] = {}
        self._iso3: set[str] = set()
        self._unknown: set[str] = set()
        self._cache: dict[str, PlaceMatch] = {}
        for row in country_rows(data_dir):
            self._iso3.add(row["iso3"])
        for key, iso3 in COUNTRY_ALIASES.items():
            self._english[fold(key)] = iso3
        english = (
            "CLDR display name",
            "UNTERM English Short",
            "official_name_en",
            "ISO4217-currency_country_name",
        )
        other = (
            "UNTERM Spanish Short",
            "official_name_es",
            "UNTERM French Short",
            "official_name_fr",
        )
        codes = _read_codes(data_dir)
        rows = country_rows(data_dir)
        for index, columns, own in (
            (self._english, english, ("name_en",)),
            (self._index, other, ("name_es", "name_fr")),
        ):
            for r in codes:
                iso3 = r.get("ISO3166-1-Alpha-3", "").strip()
                for col in columns if iso3 else ():
                    name = clean_un_name(r.get(col, "") or "")
                    if name:
                        index.setdefault(fold(name), iso3)
            for row in rows:
                for col in own:
                    if row[col]:
                        index.setdefault(fold(row[col]), row["iso3"])
        for key, iso3 in self._english.items():
            self._index[key] = iso3
        for key in GROUP_LABELS | WORLD_LABELS | OTHERS_LABELS:
            self._index.pop(key, None)
            self._english.pop(key, None)

    def resolve(self, label: str) -> tuple[str | None, str]:
        """Return (iso3, place_kind) for a raw label; place_kind ``unknown`` if unmatched."""
        m = self.match(label)
        return m.iso3, m.place_kind

    def match(self, label: str) -> PlaceMatch:
        """Resolve a label and report the footnote markers glued to it."""
        if label in self._cache:
            return self._cache[label]
        result = self._match(label)
        if result.place_kind == UNKNOWN and fold(label) and label not in NOT_PLACES:
            self._unknown.add(label)
            logger.debug("unresolved place label %r", label)
        self._cache[label] = result
        return result

    def unknown_labels(self) -> set[str]:
        """Labels seen so far that resolved to ``unknown``."""
        return set(self._unknown)

    def _lookup(self, key: str, index: dict[str, str]) -> tuple[str | None, str] | None:
        if not key:
            return None
        if key in WORLD_LABELS or re.search(r"\bworld\b.*\btotal\b|\btotal\b.*\bworld\b", key):
            return None, WORLD
        if key in OTHERS_LABELS or key.startswith("other countries"):
            return None, OTHERS
        if key in GROUP_LABELS:
            return None, GROUP
        if key in index:
            return index[key], COUNTRY
        return None

    def _match(self, label: str) -> PlaceMatch:
        stripped = label.strip()
        if re.fullmatch(r"[A-Z]{3}", stripped) and stripped in self._iso3:
            return PlaceMatch(label, stripped, COUNTRY)
        first = self._match_in(label, self._english)
        return first if first.place_kind != UNKNOWN else self._match_in(label, self._index)

    def _match_in(self, label: str, index: dict[str, str]) -> PlaceMatch:
        raw = label
        key = fold(label)
        if not key:
            return PlaceMatch(raw, None, UNKNOWN)
        found = self._lookup(key, index)
        if found:
            return PlaceMatch(raw, *found)
        # Footnote numbers glued on or after a comma: "Belgium8", "Indiae, 4".
        footnotes: tuple[str, ...] = ()
        m = _FOOTNOTE_RE.search(key)
        if m and m.start() > 0:
            footnotes = tuple(re.findall(r"\d+", m.group(0)))
            key = key[: m.start()].strip(" ,")
        # A trailing "e" marks an estimate: "Chinae", "Korea, Republic ofe".
        candidates = [(key, False)] + ([(key[:-1].strip(), True)] if key.endswith("e") else [])
        for candidate, estimated in candidates:
            found = self._lookup(candidate, index) or self._by_parts(candidate, index)
            if found:
                return PlaceMatch(raw, *found, estimated=estimated, footnotes=footnotes)
        # Qualifiers: "Brazil (beneficiated)", "Bolivia, ulexite", "Peru (exports)".
        for candidate, estimated in candidates:
            base = _PAREN_RE.sub("", candidate).strip(" ,")
            if base != candidate:
                found = self._lookup(base, index) or self._qualified(base, index)
                if found:
                    return PlaceMatch(raw, *found, estimated=estimated, footnotes=footnotes)
            found = self._qualified(candidate, index)
            if found:
                return PlaceMatch(raw, *found, estimated=estimated, footnotes=footnotes)
        return PlaceMatch(raw, None, UNKNOWN, footnotes=footnotes)

    def _qualified(self, key: str, index: dict[str, str]) -> tuple[str | None, str] | None:
        """Match the text before a comma qualifier: "Turkey, refined borates"."""
        if "," not in key:
            return None
        head = key.split(",")[0].strip()
        found = self._lookup(head, index)
        if found and found[1] in (COUNTRY, WORLD, OTHERS):
            return found
        return None

    def _by_parts(self, key: str, index: dict[str, str]) -> tuple[str | None, str] | None:
        """A list of countries ("China, Germany, and Russia") is a group."""
        parts = [p.strip() for p in re.split(r",|\band\b", key) if p.strip()]
        if len(parts) < 2:
            return None
        if all(index.get(p) for p in parts):
            return None, GROUP
        return None
