"""Which line of a USGS table is the headline, and which lines are the same across editions.

Editions word one line differently ("Concentrate", "Mineral concentrates"; "Compounds
Metals", "Compounds and metals"), and a statistic often has several lines (refined zinc and
zinc in ores).  A series must follow one line from edition to edition and never switch.
"""

from __future__ import annotations

import re

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


def headline(details: list[str]) -> str:
    """The headline line among a statistic's lines: a total, then refined or metal, ...,
    else the shortest description."""
    if not details:
        return ""

    def score(d: str):
        key = line_key(d)
        for i, word in enumerate(PREFERRED):
            if word in key:
                return (i, len(key), len(d), d)
        return (len(PREFERRED), len(key), len(d), d)

    return min(details, key=score)
