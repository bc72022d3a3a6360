"""The key-fact card "Mexico's share of U.S. imports" for a commodity whose main import line
does not list Mexico but another line does: antimony, MCS 2026, U.S. import sources
2021-24, Mexico 86% of "Ore and concentrates" and no share of "Total metal and oxide".
The card read "not listed" over Mexico, the main supplier of ore (found in the built app);
the CLI said 86%."""

from __future__ import annotations

import pytest

from minref import i18n
from minref.analysis.profile import commodity_report, key_facts


def _card(catalog, commodity_id: str, lang: str):
    with i18n.using(lang):
        return next(
            f
            for f in key_facts(commodity_report(catalog, commodity_id))
            if f.key == "mexico-us-imports"
        )


@pytest.mark.parametrize(
    "lang, detail",
    [
        ("en", "Ore and concentrates, 2021-24 average · Mexico is not a listed source of Total"),
        ("es", "Ore and concentrates, promedio 2021-24 · México no es un origen listado de Total"),
    ],
)
def test_the_card_gives_mexicos_share_on_the_line_it_is_listed_on(catalog, lang, detail):
    card = _card(catalog, "antimony", lang)
    assert card.value.replace("\u00a0", " ").startswith("86")
    assert card.detail.startswith(detail)
    assert card.figure is not None and card.figure.value == 86


def test_a_commodity_mexico_is_listed_for_on_its_main_line_is_as_before(catalog):
    card = _card(catalog, "silver", "en")  # MCS 2026: Mexico 47% of U.S. silver imports
    assert (card.value, card.detail) == ("47%", "2021-24 average")


def test_a_commodity_without_mexico_still_says_so(catalog):
    card = _card(catalog, "lithium", "en")
    assert card.value == "not listed"
    assert card.detail == "Mexico is not among the U.S. import sources USGS lists"
