"""Parse one USGS table cell into a number and its flags, keeping the raw text.

USGS tables mix numbers with codes: ``W`` withheld, ``E`` net exporter, ``NA``
not available, ``XX`` not applicable, ``—`` zero, ranges such as ``>95`` or
``<1,000``, and words such as ``Large``.  Nothing is rounded or filled in: a cell
whose number is not stated exactly gets ``value=None`` and the bounds it states.
"""

from __future__ import annotations

import logging
import re

from minref.catalog.flags import (  # noqa: F401 (re-exported for the readers)
    ESTIMATED,
    FLAG_LABELS,
    GREATER_THAN,
    INCLUDED_ELSEWHERE,
    LESS_THAN,
    NET_EXPORTER,
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    QUALITATIVE,
    RANGE,
    REVISED,
    SMALL,
    UNREADABLE,
    WITHHELD,
    ZERO,
)
from minref.records import record

logger = logging.getLogger(__name__)

_DASHES = "\u2014\u2013\u2012\u2212-"
_NUMBER = r"\d[\d,]*(?:\.\d+)?|\.\d+"
_NUM_RE = re.compile(rf"^(?P<sign>[{_DASHES}]?)(?P<num>{_NUMBER})$")
_BOUND_RE = re.compile(rf"^(?P<op>[<>]=?|≤|≥)\s*(?P<num>{_NUMBER})$")
_RANGE_RE = re.compile(rf"^(?P<lo>{_NUMBER})\s*[{_DASHES}]\s*(?P<hi>{_NUMBER})$")
_CODES = {
    "W": (WITHHELD,),
    "NA": (NOT_AVAILABLE,),
    "N/A": (NOT_AVAILABLE,),
    "XX": (NOT_APPLICABLE,),
    "E": (NET_EXPORTER,),
    "S": (SMALL,),
}
_WORDS = {"large", "small", "moderate", "moderate to large", "very small", "very large"}


@record
class Cell:
    """A parsed cell: the exact number if one is stated, bounds, flags and raw text."""

    raw: str
    value: float | None
    low: float | None = None
    high: float | None = None
    flags: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return self.raw == ""

    def _replace_raw(self, raw: str) -> Cell:
        return Cell(raw, self.value, self.low, self.high, self.flags)

    def flag_text(self) -> str:
        return " ".join(self.flags)


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def clean_text(text: str | None) -> str:
    """Strip spaces, including no-break spaces, from a cell."""
    if text is None:
        return ""
    return text.replace("\xa0", " ").replace("\ufeff", "").strip()


def parse_cell(raw: str | float | int | None, *, estimated: bool = False) -> Cell:
    """Parse a USGS cell; ``estimated`` adds the estimate flag carried by a column name."""
    if isinstance(raw, bool):
        raise TypeError("a cell is text or a number, not a bool")
    if isinstance(raw, (int, float)):
        text = repr(raw) if isinstance(raw, float) else str(raw)
        if isinstance(raw, float) and raw.is_integer():
            text = str(int(raw))
        return _with_est(Cell(text, float(raw)), estimated)
    text = clean_text(raw)
    if text == "":
        return Cell("", None)
    upper = text.upper()
    if upper in _CODES:
        return _with_est(Cell(text, None, flags=_CODES[upper]), estimated)
    if text in _DASHES or text in ("--", "---"):
        return _with_est(Cell(text, 0.0, flags=(ZERO,)), estimated)
    if text[:1] == "e" and len(text) > 1 and _NUM_RE.match(text[1:]):
        # A leading "e" is USGS's estimate footnote glued to the number ("e5,000").
        return parse_cell(text[1:], estimated=True)._replace_raw(text)
    if text.endswith("%") and text[:-1].strip():
        return parse_cell(text[:-1].strip(), estimated=estimated)._replace_raw(text)
    m = _NUM_RE.match(text)
    if m:
        value = _num(m["num"])
        if m["sign"]:
            value = -value
        return _with_est(Cell(text, value), estimated)
    m = _BOUND_RE.match(text)
    if m:
        bound = _num(m["num"])
        if m["op"] in (">", ">=", "≥"):
            return _with_est(Cell(text, None, low=bound, flags=(GREATER_THAN,)), estimated)
        return _with_est(Cell(text, None, high=bound, flags=(LESS_THAN,)), estimated)
    m = _RANGE_RE.match(text)
    if m:
        lo, hi = _num(m["lo"]), _num(m["hi"])
        return _with_est(Cell(text, None, low=lo, high=hi, flags=(RANGE,)), estimated)
    low = text.lower()
    if low.startswith("less than") and ("half" in low or "½" in low or "1/2" in low):
        return _with_est(Cell(text, None, flags=(SMALL,)), estimated)
    m = re.match(rf"^less than ({_NUMBER})\b", low)
    if m:
        return _with_est(Cell(text, None, high=_num(m[1]), flags=(LESS_THAN,)), estimated)
    if low.startswith("included "):
        return _with_est(Cell(text, None, flags=(INCLUDED_ELSEWHERE,)), estimated)
    if low in _WORDS or low.startswith("variable") or low.startswith("categorized as"):
        return _with_est(Cell(text, None, flags=(QUALITATIVE,)), estimated)
    return _with_est(Cell(text, None, flags=(UNREADABLE,)), estimated)


def _with_est(cell: Cell, estimated: bool) -> Cell:
    if not estimated:
        return cell
    flags = tuple(sorted(set(cell.flags) | {ESTIMATED}))
    return Cell(cell.raw, cell.value, cell.low, cell.high, flags)


def merge_flags(*groups: tuple[str, ...] | list[str] | str) -> str:
    """Join flag groups into the catalog's sorted, space-separated form."""
    out: set[str] = set()
    for g in groups:
        if isinstance(g, str):
            out.update(g.split())
        else:
            out.update(g)
    return " ".join(sorted(out))
