"""Which line of a USGS table is the headline, and which lines are the same across editions.

Editions word one line differently ("Concentrate", "Mineral concentrates"; "Compounds
Metals", "Compounds and metals"), and a statistic often has several lines (refined zinc and
zinc in ores).  A series must follow one line from edition to edition and never switch.
"""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

STOP = {
    "and",
    "of",
    "the",
    "a",
    "as",
    "percentage",
    "apparent",
    "consumption",
    "mineral",
    "content",
    "gross",
    "weight",
    "in",
    "for",
    "net",
    "import",
    "reliance",
    "imports",
    "exports",
    "production",
    "prod",
    "usprod",
    "price",
    "average",
    "stocks",
    "shipments",
    "consump",
    "employment",
    "number",
    "based",
    "on",
    "value",
    "usd",
    "dollars",
    "per",
    "metric",
    "ton",
    "tons",
}
# Words that make a line the headline of its statistic, best first.
PREFERRED = ("total", "all", "refined", "compound", "metal", "primary", "mine", "smelter")


def main_import_line(details: list[str]) -> str:
    """The commodity's main U.S. import line among every country's lines ("Total metal and
    oxide" rather than "Ore and concentrates"), whichever lines Mexico is listed on."""
    return headline(sorted(set(details)))


def line_key(detail: str) -> frozenset[str]:
    """A wording-independent key for a line: its content words, singular, lower case."""
    text = detail.lower()
    text = re.sub(r"\([^)]*\)", " ", text)
    words = re.findall(r"[a-z][a-z0-9]*", text)
    out = set()
    for w in words:
        if w.endswith("s") and len(w) > 3 and not w.endswith("ss"):
            w = w[:-1]
        if w not in STOP:
            out.add(w)
    return frozenset(out)


def product_of(detail: str) -> str:
    """The product a line names before its statistic ("Titanium sponge metal: Net import
    reliance ..." -> "Titanium sponge metal"), or "" for a one-product page."""
    head, sep, rest = detail.partition(": ")
    if not sep or not rest:
        return ""
    return head


def on_basis(details: list[str], basis: str) -> list[str]:
    """The lines whose product shares a content word with the page's basis product."""
    words = line_key(basis)
    if not words:
        return details
    hits = [d for d in details if product_of(d) and line_key(product_of(d)) & words]
    return hits or details


def headline(details: list[str], basis: str = "") -> str:
    """The headline line among a statistic's lines: on the page's basis product when the
    page holds several products (``basis``: the world table's product and line), then a
    total, then refined or metal, ..., else the shortest description."""
    if not details:
        return ""
    if basis:
        details = on_basis(details, basis)

    def score(d: str):
        key = line_key(d)
        for i, word in enumerate(PREFERRED):
            if word in key:
                return (i, len(key), len(d), d)
        return (len(PREFERRED), len(key), len(d), d)

    return min(details, key=score)


def qualifier_of(note: str) -> str:
    """The per-country qualifier USGS wrote into a line label ("steatite"), which the
    readers record at the head of the figure's note (catalog.flags.QUALIFIER_NOTE); ""
    when there is none."""
    from minref.catalog.flags import split_note

    parts, _published = split_note(note)
    return next((f["qualifier"] for kind, f in parts if kind == "qualifier"), "")
