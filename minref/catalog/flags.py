"""Flags carried by every figure (space-separated, sorted, in the catalog) and their labels.

The shared vocabulary of every layer: the readers in ``minref.ingest`` write these
flags, the catalog stores them, analysis, briefs and the window read them.
"""

from __future__ import annotations

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
