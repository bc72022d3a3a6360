"""Flags carried by every figure (space-separated, sorted, in the catalog) and their labels.

The shared vocabulary of every layer: the readers in ``minref.ingest`` write these
flags, the catalog stores them, analysis, briefs and the window read them.
"""

from __future__ import annotations

import re

# Flags, as stored in the catalog (space-separated, sorted).
ESTIMATED = "estimated"
WITHHELD = "withheld"
NOT_AVAILABLE = "not_available"
NOT_APPLICABLE = "not_applicable"
ZERO = "zero"
NET_EXPORTER = "net_exporter"
RANGE = "range"
GREATER_THAN = "greater_than"
LESS_THAN = "less_than"
QUALITATIVE = "qualitative"
SMALL = "less_than_half_unit"
UNREADABLE = "unreadable"
REVISED = "revised"
INCLUDED_ELSEWHERE = "included_elsewhere"
CORRECTED = "corrected"
MAIN_PARTNERS_ONLY = "main_partners_only"
# The source says the figure is rounded (MCS 2026 "Mine production: rounded", earlier
# editions' "World total (rounded)"): its qualifier, as a flag, the note left as published.
ROUNDED = "rounded"

FLAG_LABELS = {
    ESTIMATED: "estimated",
    WITHHELD: "withheld to avoid disclosing company proprietary data (W)",
    NOT_AVAILABLE: "not available (NA)",
    NOT_APPLICABLE: "not applicable (XX)",
    ZERO: "zero (—)",
    NET_EXPORTER: "net exporter (E)",
    RANGE: "range",
    GREATER_THAN: "greater than the stated bound",
    LESS_THAN: "less than the stated bound",
    QUALITATIVE: "qualitative (no figure stated)",
    SMALL: "less than ½ unit or included elsewhere (s)",
    UNREADABLE: "source cell unreadable",
    REVISED: "revised",
    INCLUDED_ELSEWHERE: "included in another figure (see note)",
    CORRECTED: "corrected by USGS after the data release (old value in the note)",
    ROUNDED: "rounded by USGS",
    # Trade rows (UN Comtrade, USITC).
    "qty_estimated": "quantity estimated by UN Comtrade",
    "netwgt_estimated": "net weight estimated by UN Comtrade",
    "aggregate": "UN Comtrade total of more detailed lines",
    "not_reported": "derived by UN Comtrade from the reporter's detailed data, not as reported",
    "quantity_mixed_units": "quantity not given: the heading's lines use different units",
    MAIN_PARTNERS_ONLY: "main partners only: a partner not listed was below the cut, not zero",
}


# minref's own words that ingest records in a figure's note, at its head, ahead of the
# source's note as published (which follows unchanged).  Ingest writes them with these
# forms and nothing else; every display separates them with ``split_note`` and shows them
# as minref's, never as the source's.  The first, minref's record of a USGS erratum, heads
# the note of a figure flagged corrected (ingest.errata).
CORRECTED_NOTE = "Corrected by USGS from {old}: {where}."
UNIT_CORRECTED_NOTE = "Unit corrected by minref from {old!r}: {why}."
NOT_RANKED_NOTE = "Not ranked: not the country's own production."
QUALIFIER_NOTE = "USGS qualifier for this country: {qualifier}."
FAMILY_COPY_NOTE = "Also on the platinum-group metals page ({line})."
BLANK_CODE_NOTE = "Value cell blank; the code is USGS's note: "

# kind, and the pattern of its form at the head of a note (the source's note follows after
# " " or "; ").  Fields are minref's own words (a unit erratum's reason holds ". " only
# before a figure, "U.S. 130,000")
# or the source's words minref cites (a qualifier, a line label, a unit).
_NOTE_FORMS = (
    ("corrected", re.compile(r"Corrected by USGS from (?P<old>.+?): (?P<where>.+?)\.(?= |$)")),
    (
        "unit_corrected",
        re.compile(r"Unit corrected by minref from '(?P<old>[^']*)': (?P<why>.+?)\.(?= \D|$)"),
    ),
    ("not_ranked", re.compile(re.escape(NOT_RANKED_NOTE))),
    ("qualifier", re.compile(r"USGS qualifier for this country: (?P<qualifier>.+?)\.(?= |;|$)")),
    ("family_copy", re.compile(r"Also on the platinum-group metals page \((?P<line>[^)]*)\)\.")),
    ("blank_code", re.compile(re.escape(BLANK_CODE_NOTE.rstrip()))),
)


def split_note(note: str) -> tuple[list[tuple[str, dict[str, str]]], str]:
    """(minref's additions at the head of a catalog note, each as (kind, fields); the
    source's note as published), e.g. "USGS qualifier for this country: concentrate.
    Estimated." -> ([("qualifier", {"qualifier": "concentrate"})], "Estimated.")."""
    parts: list[tuple[str, dict[str, str]]] = []
    rest = note or ""
    while rest:
        for kind, form in _NOTE_FORMS:
            m = form.match(rest)
            if m:
                parts.append((kind, m.groupdict()))
                rest = rest[m.end() :].lstrip(";").lstrip(" ")
                if kind == "blank_code":  # the rest is the source's note, whatever it says
                    return parts, rest
                break
        else:
            break
    return parts, rest
