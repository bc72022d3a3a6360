"""A share that cannot be computed (USGS's W or NA, a bound such as ">2,000,000") shows
minref's own mark, "not calculable", everywhere: the commodity page's world table, its
brief, the CLI and the key-fact cards.  It had three: a blank on the page (explained in
the legend), "n/a" on the CLI and cards ("n. d." in Spanish, which reads as USGS's NA),
and "no calculable" on the supply page.  The world total's own row stays blank."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtWidgets import QLabel

from minref.analysis.text import share_text
from minref.catalog.models import Figure

# MCS 2026, antimony, world mine production 2025: the United States "W" (withheld).
MARKS = {"en": "not calculable", "es": "no calculable"}
NOTES = {
    "en": "'not calculable' is minref's own mark, not USGS's: no share can be computed",
    "es": "«no calculable» es la marca propia de minref, no del USGS: no puede calcularse "
    "una participación",
}


def _share_column(rows) -> int:
    return next(c for c, col in enumerate(rows.columns) if col.title.startswith(("Share", "Part")))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_world_table_marks_a_share_it_cannot_compute(window_in, lang):
    w = window_in(lang, (1256, 690))
    w.open("commodity:antimony")
    page = w.current_page()
    rows = page.world_view.table_model()
    share = _share_column(rows)
    names = {rows.text(r, 1): r for r in range(rows.rowCount())}
    us = names["United States" if lang == "en" else "Estados Unidos de América"]
    assert rows.text(us, share) == MARKS[lang]
    china = names["China"]
    assert rows.text(china, share).startswith("36.4")  # 40,000 of 110,000: a share
    total = names["World total" if lang == "en" else "Total mundial"]
    assert rows.text(total, share) == ""  # the world total's own row
    texts = [" ".join(label.text().split()) for label in page.findChildren(QLabel)]
    assert any(NOTES[lang] in t for t in texts)  # the legend says what the mark is


def test_a_legend_without_the_mark_does_not_explain_it(window_in):
    w = window_in("en", (1256, 690))
    w.open("commodity:silver")  # every MCS 2026 silver producer has a number
    texts = [" ".join(label.text().split()) for label in w.current_page().findChildren(QLabel)]
    assert not any("not calculable" in t for t in texts)


def test_share_text_tells_a_code_from_no_figure():
    withheld = Figure(None, "W", "metric tons", 2025, ("W",), "usgs-mcs-2026")
    assert share_text(None, withheld) == "not calculable"
    assert share_text(None, None) == ""  # listed for reserves only: no production figure
    assert share_text(None, withheld, "world") == ""
    assert share_text(36.36, withheld) == "36.4%"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_cli_marks_it_and_says_what_it_is(catalog_path, lang):
    out = subprocess.run(
        [sys.executable, "-m", "minref", "--catalog", str(catalog_path), "--lang", lang]
        + ["show", "antimony"],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert "n. d." not in out and "n/a" not in out
    # The world production table's U.S. row: the code alone, then the mark in the share
    # column; the code named once beneath the table.
    name = "United States" if lang == "en" else "Estados Unidos de América"
    us = next(line for line in out.splitlines() if name in line)  # production comes first
    assert us.split()[-len(MARKS[lang].split()) - 1 :] == ["W", *MARKS[lang].split()]
    assert "W [" not in us
    withheld = {
        "en": "withheld to avoid disclosing company proprietary data (W)",
        "es": "información reservada para no revelar datos confidenciales de empresas (W)",
    }
    assert any(line.strip().endswith(withheld[lang]) for line in out.splitlines())
    assert NOTES[lang] in out


def test_the_country_page_marks_it_and_says_what_it_is(window_in):
    # MCS 2026: Mexico's antimony reserves are 18,000 t of a world total of ">2,000,000" (a
    # bound), and USGS gives NA for Mexico's barite production: no share for either.
    w = window_in("es", (1366, 768))
    w.open("country:MEX")
    page = w.current_page()
    rows = page.standing_view.table_model()
    share = next(c for c, col in enumerate(rows.columns) if col.title.startswith("Partic"))
    marked = {
        (rows.text(r, 0), rows.text(r, share - 2))
        for r in range(rows.rowCount())
        if rows.text(r, share) == MARKS["es"]
    }
    assert ("Antimonio", "18,000") in marked
    assert ("Barita", "NA") in marked
    assert not any(rows.text(r, share) == "n. d." for r in range(rows.rowCount()))
    texts = [" ".join(label.text().split()) for label in page.findChildren(QLabel)]
    assert any(NOTES["es"] in t for t in texts)
