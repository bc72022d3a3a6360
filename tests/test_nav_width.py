"""The navigation shows every entry whole, in every language, and names the supply page as
its title does (Spanish showed "Abasto norteamericano", then, once it said what the title
says, "Abasto de América del Nor")."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QStyleOptionViewItem

# The supply page's entry and title, as written by the translators.
SUPPLY = {
    "en": "North American supply",
    "es": "Abasto de América del Norte",
    "fr": "Approvisionnement nord-américain",
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


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_supply_entry_names_the_page_as_its_title_does(window_in, lang):
    w = window_in(lang, (1256, 690))
    labels = [w.nav.item(r).text() for r in range(w.nav.count())]
    assert SUPPLY[lang] in labels
    w.open("supply")
    assert w.windowTitle().startswith(SUPPLY[lang]) or SUPPLY[lang] in w.windowTitle()
