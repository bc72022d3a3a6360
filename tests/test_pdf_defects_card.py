"""A table split across pages keeps at least three rows on each page, and a claim's fact
card (with its sources) is one or two pages, not three with an orphan row."""

from __future__ import annotations

import subprocess
import sys


def _table(n: int):
    from minref.briefing.document import data_table, styles

    rows = [[f"basket {i}", f"{50 + i}.0%"] for i in range(n)]
    return data_table(["Definition", "Result"], rows, styles(), 400)


def _body_rows(part) -> int:
    return len(part._cellvalues) - 1  # the header repeats on each part


def test_a_split_leaves_no_orphan_row_on_the_next_page():
    t = _table(10)
    t.wrap(400, 10_000)
    nine = sum(t._rowHeights[:10]) + 0.5  # room for the header and 9 of the 10 rows
    first, second = t.split(400, nine)
    assert (_body_rows(first), _body_rows(second)) == (7, 3)
    # and the part on the next page is not split again into 1 + 2 rows
    second.wrap(400, 10_000)
    assert second.split(400, sum(second._rowHeights[:2]) + 0.5) == []


def test_a_split_leaves_no_widow_row_at_the_foot_of_a_page():
    t = _table(10)
    t.wrap(400, 10_000)
    two = sum(t._rowHeights[:3]) + 0.5  # room for the header and 2 rows only
    assert t.split(400, two) == []  # the table starts on the next page
    four = sum(t._rowHeights[:5]) + 0.5
    assert [_body_rows(p) for p in t.split(400, four)] == [4, 6]


def test_a_short_table_moves_whole():
    t = _table(5)
    t.wrap(400, 10_000)
    assert t.split(400, sum(t._rowHeights[:5]) + 0.5) == []


def test_the_us_share_card_in_spanish_is_two_pages(tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "card.pdf"
    env_home = tmp_path / "home"
    r = subprocess.run(
        [sys.executable, "-m", "minref", "--lang", "es", "claims", "--card", "us-share"]
        + ["--out", str(out)],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "MINREF_HOME": str(env_home)},
    )
    assert r.returncode == 0, r.stderr
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(out).pages]
    assert len(pages) == 2
    assert "Fuentes" in pages[1]  # the sources follow the card on its second page
