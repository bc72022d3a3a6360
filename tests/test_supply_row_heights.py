"""The supply table's rows are as tall as their text: at 1366x768 metallurgical coal's and
uranium's rows (one-line names) stood half as tall again as their neighbours, for French
gaps wrapped on three lines in a column scrolled out of sight; a wrapping column is now
widened until its texts take two lines, which fit a row of the table's usual height."""

from __future__ import annotations

import pytest


def _heights(window_in, qtbot, lang: str, size: tuple[int, int]) -> dict[str, int]:
    w = window_in(lang, size)
    w.open("supply")
    page = w.current_page()
    qtbot.waitUntil(page.view.isVisible)
    view = page.view
    rows = page.model.rows
    # The frozen names beside the table are the same heights, row by row.
    assert [view.frozen.rowHeight(r) for r in range(len(rows))] == [
        view.rowHeight(r) for r in range(len(rows))
    ]
    # Nothing cut: no cell's text, wrapped at its column's width, is taller than its row
    # (Qt's own measure of the cells).
    assert [
        r.commodity_id for i, r in enumerate(rows) if view.sizeHintForRow(i) > view.rowHeight(i)
    ] == []
    return {row.commodity_id: view.rowHeight(r) for r, row in enumerate(rows)}


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_one_line_rows_are_as_tall_as_their_neighbours(window_in, qtbot, lang, size):
    heights = _heights(window_in, qtbot, lang, size)
    usual = heights["copper"]  # one line in every column
    # Metallurgical coal and uranium: their gaps (no world production, reserves, reliance
    # or import sources held) were three lines at 520 px in French and Spanish.
    assert heights["metallurgical-coal"] == usual
    assert heights["uranium"] == usual
    # Zirconium's production line and the rare earths' fifteen members were four lines.
    assert heights["zirconium"] == usual
    assert heights["rare-earths"] == usual
    # Two wrapped lines fit the usual height: boron's French gaps, arsenic's line.
    assert heights["boron"] == usual and heights["arsenic"] == usual
    taller = {cid for cid, h in heights.items() if h != usual}
    # The platinum-group metals' gaps (four clauses) need a third line in Spanish and
    # French even at the widest a column is made; their name wraps too.
    assert taller <= {"pgm"}
    assert all(h > usual for cid, h in heights.items() if cid in taller)
