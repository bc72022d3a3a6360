"""The navigation shows every entry whole, in every language, and names the supply page so
that its title is recognised ("Abasto norteamericano" reads as "of the U.S." in Mexico;
"Abasto de América del Norte", the title's words, was cut to "Abasto de América del Nor")."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QStyleOptionViewItem

from minref.ui.main_window import NAV_WIDTH

# The supply page's entry in the navigation and its title, as the translators wrote them.
SUPPLY = {
    "en": ("North American supply", "North American supply"),
    "es": ("Abasto de Norteamérica", "Abasto de América del Norte"),
    "fr": ("Approvisionnement", "Approvisionnement nord-américain"),
}


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_every_navigation_entry_is_whole(window_in, lang):
    w = window_in(lang, (1256, 690))
    nav = w.nav
    for row in range(nav.count()):
        item = nav.item(row)
        index = nav.model().index(row, 0)
        option = QStyleOptionViewItem()
        nav.initViewItemOption(option)
        needed = nav.itemDelegateForIndex(index).sizeHint(option, index).width()
        # The list lays its entries out as wide as the widest; the width it shows is its
        # viewport's (a longer entry ends in "…").
        assert needed <= nav.viewport().width(), item.text()
    # and about the navigation's usual width: a much wider one takes the pages' room at
    # 1366x768 (with "Approvisionnement nord-américain", 279 px, the trade desk's mirror
    # table no longer fitted: tests/test_page_widths.py)
    assert nav.width() <= NAV_WIDTH + 10


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_supply_entry_and_the_supply_pages_title(window_in, lang):
    entry, title = SUPPLY[lang]
    w = window_in(lang, (1256, 690))
    labels = [w.nav.item(r).text() for r in range(w.nav.count())]
    assert entry in labels
    w.open("supply")
    assert w.windowTitle() == f"{title} — minref"
