"""minref's own words in the register of sources, in the language they are shown in.

The register (db/sources.csv, the catalog's ``sources`` table) is the record and stays in
English.  Some of its text is the data owner's or the publication's (USGS's "Public domain
(U.S. Government work, 17 U.S.C. §105)", IEA's "CC BY 4.0", Comtrade's "Source: UN
Comtrade", INEGI's "Fuente: INEGI, …", titles and citations of publications): that is
quoted as published.  The rest minref wrote itself (the licence line of its own
compilations, the notes on how a file was obtained and what it holds, the names of its own
compilations, edition words such as "final" or "retrieved"): a Spanish or French brief must
not print it in English.  Each of those texts is listed here once, as stored, and
translated when shown (briefs' source annex, the window's Sources page); a text not listed
(a newer register's) is shown as stored.
"""

from __future__ import annotations

import logging
import re

from minref.i18n import NP_, _, pgettext

logger = logging.getLogger(__name__)

# message contexts (written out in each NP_ below: extraction needs literals)
ORGANISATION = "source organisation"
TITLE = "source title"
LICENCE = "source licence"
ATTRIBUTION = "source attribution"
NOTE = "source note"

# The publisher minref names for its own compilations.
ORGANISATIONS = frozenset({NP_("source organisation", "minref (compiled)")})

# The names of minref's own compilations (the publications' own titles are quoted as
# published and are not listed).
TITLES = frozenset(
    {
        NP_("source title", "The 17 rare earth elements: atomic data and classes"),
        NP_("source title", "Commodity to HS 2022 crosswalk"),
        NP_("source title", "Commodity identifiers and English, Spanish and French names"),
        NP_(
            "source title",
            "Spanish and French names of critical-mineral list members the catalog does not name",
        ),
        NP_(
            "source title",
            "Register of published claims about Mexico's mining (news pages, excerpts only)",
        ),
    }
)

# Licence lines minref wrote (its own compilations; its summary of Comtrade's and INEGI's
# terms).  Public domain, CC BY 4.0 and ODC-PDDL are the owners' licences, as they word them.
LICENCES = frozenset(
    {
        NP_("source licence", "Facts compiled for minref from official publications"),
        NP_("source licence", "Facts compiled for minref; HS descriptions ODC-PDDL"),
        NP_(
            "source licence",
            "Facts compiled for minref; atomic data from the mendeleev 1.3.0 database (MIT)",
        ),
        NP_("source licence", "Facts compiled for minref; each entry names its page and date"),
        NP_("source licence", "Compiled for minref"),
        NP_(
            "source licence",
            "UN Comtrade data, redistributed free of charge within the UN Comtrade policy's "
            "limit of about 100,000 records, with attribution",
        ),
        NP_("source licence", "INEGI Terms of Free Use of Information, with attribution"),
    }
)

# Attribution lines in minref's words.  The owners' own ("Source: UN Comtrade", "Fuente:
# INEGI, …", "IEA (2024), …") and plain citations of a publication are quoted as they are.
ATTRIBUTIONS = frozenset(
    {
        NP_("source attribution", "minref compilation; atomic data from mendeleev 1.3.0"),
        NP_(
            "source attribution",
            "minref compilation; each code checked against HS 2022. Judgement calls should "
            "be reviewed by a trade specialist.",
        ),
        NP_("source attribution", "minref compilation of commodity names across MCS editions"),
        NP_(
            "source attribution", "minref translation; the lists' own English names stay beside it"
        ),
        NP_("source attribution", "minref compilation from the pages named in each entry"),
        NP_(
            "source attribution",
            "USGS final 2025 List of Critical Minerals, Federal Register notice of "
            "2025-11-07: all 50 minerals of the 2022 list retained plus 10 additions",
        ),
        NP_(
            "source attribution",
            "Federal Register 87 FR 10381 (2022-02-24); names taken from USGS MCS 2025 data "
            "release table T4 (doi:10.5066/P13XCP3R)",
        ),
        NP_(
            "source attribution",
            "Natural Resources Canada, Critical Minerals List (first published March 2021, "
            "updated June 2024)",
        ),
        NP_(
            "source attribution",
            "Australian Government, Critical Minerals List and Strategic Materials List "
            "(industry.gov.au/CriticalMineralsList), updated 2024-02-20",
        ),
        NP_(
            "source attribution",
            "Australian Government, Critical Minerals List and Strategic Materials List, "
            "updated 2024-02-20",
        ),
    }
)

# minref's notes on each source: how the file was obtained, what it holds, how it is read.
NOTES = frozenset(
    {
        NP_(
            "source note",
            "Partial: 12 commodities only (salient and world production, no reserves).",
        ),
        NP_(
            "source note",
            "2024 salient files for cobalt, gypsum and kyanite were mislabelled upstream and "
            "are not held.",
        ),
        NP_("source note", "Version 2.0."),
        NP_(
            "source note",
            "File as frozen before version 1.3 of the report (2026-05-27). The corrections of "
            "v1.3 are applied from minref's errata table and flagged 'corrected' on the "
            "figures they concern; the report PDF is authoritative.",
        ),
        NP_(
            "source note",
            "Element names: IUPAC and Real Academia Española names in Spanish (Mexican "
            "usage: Circonio), IUPAC names in French. Grades, groups and forms ('Lithium - "
            "battery grade', 'Platinum group metals'): minref's translation of the list's "
            "English, not an official translation of any list.",
        ),
        NP_("source note", "Obtained as a third-party extract."),
        NP_(
            "source note",
            "Obtained as a third-party extract. Flow X only; primaryValue is FOB US$; no "
            "World-partner rows. Rows trimmed to stay within 100,000 Comtrade records, "
            "Mexico, United States, Canada and China kept first.",
        ),
        NP_(
            "source note",
            "Obtained as a third-party pull. Mexico (484) as reporter; value only (US$; "
            "exports FOB, imports CIF), stored at about 6 significant digits. MAIN PARTNERS "
            "ONLY: the pulling script kept the main partners of each year x heading x flow, "
            "so a partner absent in a year was below the cut, not zero; shares are shares of "
            "the listed partners. World rows exist for every heading only in 2015, where the "
            "listed partners cover a median 98 % (minimum 84 %) of World. Repository has no "
            "licence file: a provisional, cross-check source.",
        ),
        NP_(
            "source note",
            "A register for tracing claims, not a data release. The Camimex letter to USTR "
            "(2025-11-20) and the lists of 52 products and 12 rare earths were not found.",
        ),
        NP_("source note", "Mexico is not among the 18 partners."),
        NP_("source note", "Chapter level only; general imports; value only."),
        NP_(
            "source note",
            "2023 covers ten months; refined silver and gold are booked under manufacturing, "
            "not extractive.",
        ),
        NP_(
            "source note", "Restructured by a third party: cross-check against IEA before quoting."
        ),
        NP_(
            "source note",
            "Members as listed by USGS in the Mineral Commodity Summaries 2025 data table of "
            "the 50 critical minerals (table T4).",
        ),
        NP_(
            "source note",
            "Compiled from the Federal Register notice of 2025-11-07 as summarised by several "
            "independent published summaries; the notice text itself was not consulted.",
        ),
        NP_(
            "source note",
            "Compiled from published summaries of the draft notice (90 FR 41591, 2025-08-26). "
            "Superseded by the final 2025 list.",
        ),
        NP_(
            "source note",
            "Compiled from Regulation (EU) 2024/1252, Annex II, as summarised by Statistics "
            "Netherlands (CBS) and a published summary of the Act.",
        ),
        NP_(
            "source note",
            "Compiled from Regulation (EU) 2024/1252, Annex I, as summarised by a published "
            "summary listing all 17.",
        ),
        NP_(
            "source note",
            "The three 2024 additions are as reported by published summaries of Natural "
            "Resources Canada's 2024 update; the other 31 names are those of the 2021 list "
            "and were not checked against NRCan's own text.",
        ),
        NP_(
            "source note",
            "As listed by the Australian Government in its 2024-02-20 update, checked against "
            "the industry.gov.au page and the IEA policy database.",
        ),
    }
)


def _known(context: str, known: frozenset[str], text: str | None) -> str:
    text = text or ""
    return pgettext(context, text) if text in known else text


def organisation(text: str | None) -> str:
    """A source's organisation as shown ("minref (compiled)" translated; others as published)."""
    return _known(ORGANISATION, ORGANISATIONS, text)


def title(text: str | None) -> str:
    """A source's dataset title as shown (minref's own compilations' names translated)."""
    return _known(TITLE, TITLES, text)


def licence(text: str | None) -> str:
    """A source's licence line as shown (minref's own lines translated; owners' as worded)."""
    return _known(LICENCE, LICENCES, text)


def attribution(text: str | None) -> str:
    """A source's attribution as shown (minref's own wording translated)."""
    return _known(ATTRIBUTION, ATTRIBUTIONS, text)


def notes(text: str | None) -> str:
    """minref's notes on a source, translated (a note not listed here is shown as stored)."""
    return _known(NOTE, NOTES, text)


# Edition words minref writes after a year or date ("2024 final", "retrieved 2026-07-10").
_EDITIONS = (
    (re.compile(r"(?P<year>\d{4}) final"), lambda: _("{year} final")),
    (re.compile(r"(?P<year>\d{4}) draft \(superseded\)"), lambda: _("{year} draft (superseded)")),
    (
        re.compile(r"(?P<year>\d{4}) in force (?P<date>\d{4}-\d{2}-\d{2})"),
        lambda: _("{year} in force {date}"),
    ),
    (re.compile(r"(?P<year>\d{4}) snapshot"), lambda: _("{year} snapshot")),
    (re.compile(r"retrieved (?P<date>\d{4}-\d{2}(?:-\d{2})?)"), lambda: _("retrieved {date}")),
    (
        re.compile(r"(?P<series>DS\d+), through (?P<year>\d{4})"),
        lambda: _("{series}, through {year}"),
    ),
    (
        re.compile(r"(?P<start>\d{4}-\d{2}) to (?P<end>\d{4}-\d{2})"),
        lambda: _("{start} to {end}"),
    ),
)


def edition(text: str | None) -> str:
    """A source's edition as shown: minref's words around the year translated ("2024
    final" -> "2024, versión final"); "MCS 2026", "HS 2022", "2015-2024" as they are."""
    text = text or ""
    for pattern, template in _EDITIONS:
        m = pattern.fullmatch(text)
        if m:
            return template().format(**m.groupdict())
    return text


def citation(source) -> str:
    """:meth:`SourceRef.citation` as shown: organisation, dataset and edition (and DOI or
    address), minref's own words among them in the reader's language."""
    where = f"doi:{source.doi}" if source.doi else source.url
    parts = [organisation(source.organisation), title(source.dataset), edition(source.edition)]
    return ", ".join(p for p in parts if p) + (f" ({where})" if where else "")
