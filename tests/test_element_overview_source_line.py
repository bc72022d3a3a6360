"""The rare-earth overview's producers table says what its figures are once each: the
reserves line only when it says more than the column's title ("Réserves : Réserves." was
read on screen in French, "Reserves: Reserves." in English, "Reservas: Reservas." in
Spanish), the oxide basis and the unit only when USGS's own label does not name them."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from minref import i18n


def producers_line(page) -> str:
    """The source line beneath the producers table (the next widget in its part)."""
    view = page.producers_view
    lay = view.parentWidget().layout()
    i = lay.indexOf(view)
    return lay.itemAt(i + 1).widget().text()


# MCS 2026 data release, RARE EARTHS: "Mine production" in metric tons, reserves on a line
# of their own, "Reserves"; the oxide basis is in the commodity's notes, not the label.
EXPECTED = {
    "en": "Mine production; metric tons, rare-earth-oxide equivalent.",
    "es": "Producción minera; toneladas métricas, equivalente de óxidos de tierras raras.",
    "fr": "Production minière\u202f; tonnes métriques, équivalent d'oxydes de terres rares.",
}
REPEATED = {
    "en": "Reserves: Reserves",
    "es": "Reservas: Reservas",
    "fr": "Réserves\u00a0: Réserves",
}


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_reserves_basis_not_repeated(window_in, lang):
    w = window_in(lang)
    w.open("element:")
    text = producers_line(w.current_page())
    assert REPEATED[lang] not in text
    assert text.endswith(EXPECTED[lang]), text


class _Page:
    """tr() as a page has it, for the method alone."""

    def tr(self, text):
        return i18n._(text)


def basis(wp_type, res_type, unit="metric tons"):
    from minref.ui.pages.element import ElementPage

    wp = SimpleNamespace(type=wp_type, unit=unit)
    res = SimpleNamespace(type=res_type)
    return ElementPage._producers_basis(_Page(), wp, res)


def test_older_editions_labels_said_once():
    # MCS 2025: the reserves rows carry the production label; the label names the oxide.
    assert (
        basis(
            "Mine production, rare-earth-oxide equivalent",
            "Mine production, rare-earth-oxide equivalent",
        )
        == "Mine production, rare-earth-oxide equivalent; metric tons."
    )
    # MCS 2023 and 2024: the label names the oxide and the unit.
    label = "Rare earths, mine production, rare-earth-oxide equivalent, metric tons"
    assert basis(label, label) == label + "."
    # MCS 2022: no reserves rows held.
    assert (
        basis("Mine production, metric tons of rare-earth-oxide (REO) equivalent", None)
        == "Mine production, metric tons of rare-earth-oxide (REO) equivalent. "
        "Reserves: not held."
    )
    # A reserves line that says something of its own is kept.
    assert basis("Mine production", "Reserves, rare-earth-oxide content") == (
        "Mine production; metric tons, rare-earth-oxide equivalent. "
        "Reserves: Reserves, rare-earth-oxide content."
    )
