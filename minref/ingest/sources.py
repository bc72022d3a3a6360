"""The register of sources: every catalog row names one of these by ``source_id``."""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

USGS = "U.S. Geological Survey (USGS), National Minerals Information Center"
PUBLIC_DOMAIN = "Public domain (U.S. Government work, 17 U.S.C. §105)"
COMTRADE_ATTR = "Source: UN Comtrade"
COMTRADE_LICENCE = (
    "UN Comtrade data, redistributed free of charge within the UN Comtrade policy's "
    "limit of about 100,000 records, with attribution"
)


def _mcs(year: int, doi: str, files: str, notes: str = "") -> dict:
    return {
        "source_id": f"usgs-mcs-{year}",
        "organisation": USGS,
        "dataset": f"Mineral Commodity Summaries {year} data release",
        "edition": f"MCS {year}",
        "year": year,
        "doi": doi,
        "url": f"https://doi.org/{doi}",
        "licence": PUBLIC_DOMAIN,
        "attribution": f"U.S. Geological Survey, Mineral Commodity Summaries {year} data release",
        "retrieved": "",
        "files": files,
        "notes": notes,
    }


def _src(
    source_id: str,
    organisation: str,
    dataset: str,
    edition: str,
    year: int | str,
    licence: str,
    attribution: str,
    *,
    doi: str = "",
    url: str = "",
    retrieved: str = "",
    files: str = "",
    notes: str = "",
) -> dict:
    return {
        "source_id": source_id,
        "organisation": organisation,
        "dataset": dataset,
        "edition": edition,
        "year": year,
        "doi": doi,
        "url": url,
        "licence": licence,
        "attribution": attribution,
        "retrieved": retrieved,
        "files": files,
        "notes": notes,
    }


SOURCES: list[dict] = [
    _mcs(
        2022,
        "10.5066/P9KKMCP4",
        "usgs_mcs/mcs2022_partial/*.csv",
        "Partial: 12 commodities only (salient and world production, no reserves).",
    ),
    _mcs(2023, "10.5066/P9WCYUI6", "usgs_mcs/mcs2023/{salient,world,industry_trends}/*"),
    _mcs(
        2024,
        "10.5066/P144BA54",
        "usgs_mcs/mcs2024/{salient,world,industry_trends}/*.csv",
        "2024 salient files for cobalt, gypsum and kyanite were mislabelled upstream and "
        "are not held.",
    ),
    _mcs(
        2025,
        "10.5066/P13XCP3R",
        "usgs_mcs/mcs2025/{salient,world,industry_trends}/*.csv",
        "Version 2.0.",
    ),
    _mcs(
        2026,
        "10.5066/P1WKQ63T",
        "usgs_mcs/mcs2026/MCS2026_Commodities_Data.csv",
        "File as frozen before version 1.3 of the report (2026-05-27). The corrections of "
        "v1.3 are applied from minref's errata table and flagged 'corrected' on the figures "
        "they concern; the report PDF is authoritative.",
    ),
    _src(
        "usgs-ds140-rare-earths",
        USGS,
        "Historical Statistics for Mineral and Material Commodities in the United States "
        "(Data Series 140): Rare earths (Kelly & Matos, comps.)",
        "DS140, through 2020",
        2020,
        PUBLIC_DOMAIN,
        "U.S. Geological Survey, Data Series 140, rare earths statistics",
        url="https://www.usgs.gov/media/files/rare-earths-historical-statistics-data-series-140",
        files="usgs_historical/ds140_rare_earths_1900_2020.xlsx",
    ),
    _src(
        "usgs-myb-2022-rare-earths",
        USGS,
        "Minerals Yearbook 2022: Rare Earths (tables)",
        "MYB 2022",
        2022,
        PUBLIC_DOMAIN,
        "U.S. Geological Survey, 2022 Minerals Yearbook, Rare Earths",
        url="https://www.usgs.gov/centers/national-minerals-information-center/rare-earths-statistics-and-information",
        files="usgs_historical/myb2022_rare_earths_tables.xlsx",
    ),
    _src(
        "hs-2022",
        "World Customs Organization; descriptions as published by UN Comtrade",
        "Harmonized System nomenclature (datasets/harmonized-system)",
        "HS 2022",
        2022,
        "ODC Public Domain Dedication and License (PDDL) 1.0",
        "Harmonized System 2022 nomenclature (WCO), via datasets/harmonized-system",
        url="https://github.com/datasets/harmonized-system",
        files="hs_nomenclature/harmonized-system.csv, hs_nomenclature/sections.csv",
    ),
    _src(
        "iso-3166-country-codes",
        "ISO; UN Statistics Division (M49); UNTERM",
        "Country codes (datasets/country-codes)",
        "2024 snapshot",
        2024,
        "ODC Public Domain Dedication and License (PDDL) 1.0",
        "Country and regional codes, via datasets/country-codes",
        url="https://github.com/datasets/country-codes",
        files="country_codes/country-codes.csv",
    ),
    _src(
        "minref-rare-earth-elements",
        "minref (compiled)",
        "The 17 rare earth elements: atomic data and classes",
        "2026",
        2026,
        "Facts compiled for minref; atomic data from the mendeleev 1.3.0 database (MIT)",
        "minref compilation; atomic data from mendeleev 1.3.0",
        files="reference/rare_earth_elements.csv",
    ),
    _src(
        "minref-commodity-hs-crosswalk",
        "minref (compiled)",
        "Commodity to HS 2022 crosswalk",
        "2026",
        2026,
        "Facts compiled for minref; HS descriptions ODC-PDDL",
        "minref compilation; each code checked against HS 2022. Judgement calls should "
        "be reviewed by a trade specialist.",
        files="reference/commodity_hs_crosswalk.csv",
    ),
    _src(
        "minref-commodity-names",
        "minref (compiled)",
        "Commodity identifiers and English, Spanish and French names",
        "2026",
        2026,
        "Compiled for minref",
        "minref compilation of commodity names across MCS editions",
    ),
    _src(
        "minref-list-member-names",
        "minref (compiled)",
        "Spanish and French names of critical-mineral list members the catalog does not name",
        "2026",
        2026,
        "Compiled for minref",
        "minref translation; the lists' own English names stay beside it",
        files="resources/list_member_names.csv",
        notes=(
            "Element names: IUPAC and Real Academia Española names in Spanish (Mexican "
            "usage: Circonio), IUPAC names in French. Grades, groups and forms ('Lithium - "
            "battery grade', 'Platinum group metals'): minref's translation of the list's "
            "English, not an official translation of any list."
        ),
    ),
    _src(
        "un-comtrade-metals-exports",
        "United Nations Statistics Division",
        "UN Comtrade: annual exports of 16 metal headings by reporter and partner",
        "2015-2024",
        2024,
        COMTRADE_LICENCE,
        COMTRADE_ATTR,
        url="https://comtradeplus.un.org/",
        files="trade/un_comtrade_exports_metals_2015_2024.csv",
        notes="Obtained as a third-party extract (rshimizu63/interactive-project @ 0d3dfb15). "
        "Flow X only; primaryValue is FOB US$; no World-partner rows. Rows trimmed "
        "to stay within 100,000 Comtrade records, Mexico, United States, Canada and "
        "China kept first.",
    ),
    _src(
        "un-comtrade-us-china",
        "United Nations Statistics Division",
        "UN Comtrade: U.S.-China critical-mineral trade",
        "2020-2024",
        2024,
        COMTRADE_LICENCE,
        COMTRADE_ATTR,
        url="https://comtradeplus.un.org/",
        files="trade/un_comtrade_us_china_critical_minerals_2020_2024.csv",
        notes="Obtained as a third-party extract (Redliana/cmm-data @ 99a987b).",
    ),
    _src(
        "un-comtrade-mexico-hs4",
        "United Nations Statistics Division",
        "UN Comtrade: Mexico's declared imports and exports by HS4 heading and main partner "
        "(chapters 25, 26, 28, 71, 72-81)",
        "2015-2021",
        2021,
        COMTRADE_LICENCE,
        COMTRADE_ATTR,
        url="https://comtradeplus.un.org/",
        files="trade/mexico/comtrade_mexico_reported_hs4_2015_2021/original/"
        "{world_trade.csv,countries.csv}",
        notes="Obtained as a third-party pull (coderchemivan/Comercio_exterior, app/data/, "
        "commit 661619be, 2022-11-14; world_trade.csv sha256 7c198e25...). Mexico (484) as "
        "reporter; value only (US$; exports FOB, imports CIF), stored at about 6 significant "
        "digits. MAIN PARTNERS ONLY: the pulling script kept the main partners of each year x "
        "heading x flow, so a partner absent in a year was below the cut, not zero; shares "
        "are shares of the listed partners. World rows exist for every heading only in 2015, "
        "where the listed partners cover a median 98 % (minimum 84 %) of World. Repository "
        "has no licence file: a provisional, cross-check source.",
    ),
    _src(
        "minref-claims-register",
        "minref (compiled)",
        "Register of published claims about Mexico's mining (news pages, excerpts only)",
        "2026",
        2026,
        "Facts compiled for minref; each entry names its page and date",
        "minref compilation from the pages named in each entry",
        files="reference/mexico_mining_claims_register.csv",
        notes="A register for tracing claims, not a data release. The Camimex letter to "
        "USTR (2025-11-20) and the lists of 52 products and 12 rare earths were not found.",
    ),
    _src(
        "usitc-dataweb-hts4",
        "U.S. International Trade Commission",
        "USITC DataWeb: U.S. imports for consumption and domestic exports by HTS4, "
        "18 partners (reshaped to long format)",
        "retrieved 2026-07-10",
        2026,
        PUBLIC_DOMAIN,
        "U.S. International Trade Commission, DataWeb",
        url="https://dataweb.usitc.gov/",
        retrieved="2026-07-10",
        files="trade/usitc_dataweb_us_trade_minerals_hts4_18partners_1993_2026.csv",
        notes="Mexico is not among the 18 partners.",
    ),
    _src(
        "census-hs2-general-imports",
        "U.S. Census Bureau",
        "International Trade API: U.S. general imports by HS2 and partner, monthly",
        "2023-2024",
        2024,
        PUBLIC_DOMAIN,
        "U.S. Census Bureau, International Trade data",
        url="https://www.census.gov/data/developers/data-sets/international-trade.html",
        files="trade/mexico/us_census_general_imports_hs2_minerals_by_partner_monthly_2023_2024.csv",
        notes="Obtained via Leakathr1n/US-Census-Trade-Analysis @ 44078db. Chapter level "
        "only; general imports; value only.",
    ),
    _src(
        "inegi-balanza-comercial",
        "Instituto Nacional de Estadística y Geografía (INEGI)",
        "Balanza Comercial de Mercancías de México (national aggregates), monthly",
        "2012-01 to 2023-10",
        2023,
        "INEGI Terms of Free Use of Information, with attribution",
        "Fuente: INEGI, Balanza Comercial de Mercancías de México",
        url="https://en.www.inegi.org.mx/inegi/terminos.html",
        files="trade/mexico/inegi_mexico_trade_balance_monthly_2012_2023.csv",
        notes="2023 covers ten months; refined silver and gold are booked under "
        "manufacturing, not extractive.",
    ),
    _src(
        "iea-critical-minerals-2024",
        "International Energy Agency (IEA)",
        "Critical Minerals Data Explorer (Global Critical Minerals Outlook 2024)",
        "2024",
        2024,
        "CC BY 4.0",
        "IEA (2024), Critical Minerals Data Explorer",
        url="https://www.iea.org/data-and-statistics/data-tools/critical-minerals-data-explorer",
        files="iea/iea_critical_minerals_outlook_2024_restructured.json",
        notes="Restructured by a third party (barrytho/uk-critical-minerals-dashboard @ "
        "fc0f643): cross-check against IEA before quoting.",
    ),
]


def split_notes(text: str) -> tuple[str, str]:
    """(what users are told about the source, the project's own curation notes).

    Repository names and commits, "verify" reminders and the researcher's working notes
    stay in db/ (``curation_notes``, shown by ``minref catalog info --verbose``); the rest
    is shown with the source.
    """
    curation: list[str] = []

    def keep(m: re.Match) -> str:
        curation.append(m.group(0).strip(" ()"))
        return ""

    shown = re.sub(r"\s*\([^()]*(?: @ |commit|sha256)[^()]*\)", keep, text or "")
    shown = re.sub(r"\bObtained via [\w.-]+/[\w.-]+ @ \w+\.?", keep, shown)
    sentences = re.split(r"(?<=[.;])\s+", shown.strip())
    out = []
    for sent in sentences:
        if re.search(r"\bverify\b|researcher", sent, re.I):
            curation.append(sent)
        elif sent:
            out.append(sent)
    return " ".join(out).strip(), "; ".join(c for c in curation if c)


for _s in SOURCES:
    _s["notes"], _s["curation_notes"] = split_notes(_s["notes"])

SOURCE_IDS = {s["source_id"] for s in SOURCES}


def critical_list_source_id(list_id: str) -> str:
    """The source id of one critical-mineral list, e.g. ``critical-list-us-2025``."""
    return "critical-list-" + list_id.lower()
