"""The world table's legend says what a blank share means (USGS's W or NA, a bound such as
">2,000,000", or the world total's own row): it said what W, NA and "—" are, and a blank
share beside them was unexplained."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

LEGENDS = {
    "en": "a blank share: none is computed for a code, a bound or the world total itself",
    "es": "una participación en blanco: no se calcula para un código, un límite ni para el "
    "propio total mundial",
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_world_tables_legend_explains_a_blank_share(window_in, lang):
    w = window_in(lang, (1256, 690))
    w.open("commodity:silver")
    page = w.current_page()
    texts = [" ".join(label.text().split()) for label in page.findChildren(QLabel)]
    assert any(LEGENDS[lang] in t for t in texts)
    rows = page.world_view.table_model()
    share = next(c for c, col in enumerate(rows.columns) if col.title.startswith(("Share", "Part")))
    total = next(
        r for r in range(rows.rowCount()) if rows.text(r, 1) in ("World total", "Total mundial")
    )
    assert rows.text(total, share) == ""  # the row the legend's last case speaks of
