"""Search across languages: a commodity's name in English, Spanish or French also finds
the HS codes the catalog links to it (HS descriptions are English only), right after the
commodity; a country ranks above HS codes whose description merely holds its name."""

from __future__ import annotations

import json

import pytest

from minref import i18n
from minref.catalog.search import search

# Hand-copied from db/commodity_hs.csv (not recomputed by the code under test).
LITHIUM_HS = ["253090", "280519", "282520", "283691"]
RARE_EARTHS_HS = ["280530", "284610", "284690", "850511"]


def keys(hits):
    return [(h.kind, h.key) for h in hits]


@pytest.mark.parametrize(
    "queries, commodity, linked",
    [
        (["lithium", "litio", "Lithium", "LITIO"], "lithium", LITHIUM_HS),
        (["rare earths", "tierras raras", "terres rares"], "rare-earths", RARE_EARTHS_HS),
    ],
)
@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_a_commodity_name_in_any_language_lists_its_linked_hs_codes_next(
    catalog, queries, commodity, linked, lang
):
    expected = [("commodity", commodity)] + [("hs", code) for code in linked]
    with i18n.using(lang):
        for q in queries:
            hits = catalog.search(q, 20)
            assert keys(hits)[: len(expected)] == expected, (q, keys(hits)[:8])


def test_litio_finds_exactly_lithiums_linked_codes(catalog):
    """No HS code is made up: "litio" is in no HS description, so every HS hit is linked."""
    hs = [h.key for h in catalog.search("litio", 20) if h.kind == "hs"]
    assert hs == LITHIUM_HS
    # The English word still finds the descriptions that hold it, after the linked codes.
    english = [h.key for h in catalog.search("lithium", 20) if h.kind == "hs"]
    assert english[:4] == LITHIUM_HS and {"850760", "850650", "284530"} <= set(english[4:])


def test_linked_hs_hits_read_as_hs_codes_in_the_readers_language(catalog):
    with i18n.using("es"):
        hit = next(h for h in catalog.search("litio", 20) if h.key == "283691")
    assert hit.kind == "hs"
    assert hit.title == "SA 2836.91 Carbonates; lithium carbonate"  # description as published
    assert hit.subtitle == "Subpartida del SA 2022"


def test_typing_a_prefix_lists_the_linked_codes_after_the_names(catalog):
    """ "lit" as the user types: Lithium and Lithuania, then lithium's codes, then the
    descriptions that start with "lit" (lithographs, litres)."""
    found = keys(catalog.search("lit", 20))
    assert found[:2] == [("commodity", "lithium"), ("country", "LTU")]
    assert found[2:6] == [("hs", code) for code in LITHIUM_HS]
    assert found.index(("hs", "9702")) > 5  # "lithographs"


def test_an_hs_code_query_does_not_pull_in_the_codes_of_commodities_it_names(catalog):
    """ "2836" finds lithium and strontium by their HS codes, not by name: their other
    linked codes (lithium's 2530.90) do not crowd out heading 2836's own subheadings."""
    found = keys(catalog.search("2836", 20))
    assert found[0] == ("hs", "2836")
    assert ("hs", "253090") not in found
    assert ("hs", "283691") in found and ("hs", "283692") in found


@pytest.mark.parametrize("query", ["China", "china", "Chine", "chin"])
def test_a_country_ranks_above_hs_codes_whose_description_holds_the_word(catalog, query):
    found = keys(catalog.search(query, 20))
    assert found[0] == ("country", "CHN")
    first_hs = next(i for i, k in enumerate(found) if k[0] == "hs")
    assert all(k[0] != "hs" for k in found[:first_hs])
    if query.lower() == "china":  # porcelain "china" is still listed, not hidden
        assert ("hs", "6911") in found


@pytest.mark.parametrize("query", ["litio", "terres rares", "lit"])
def test_without_fts5_the_linked_codes_come_the_same_way(catalog, query):
    fts = keys(catalog.search(query, 6))
    plain = keys(search(catalog.conn, query, 6, use_fts=False))
    assert fts[:6] == plain[:6]


def test_cli_search_in_spanish_lists_the_linked_codes(catalog_path, capsys):
    from minref.cli import main

    assert main(["--catalog", str(catalog_path), "--lang", "es", "search", "litio"]) == 0
    out = capsys.readouterr().out
    assert "SA 2836.91" in out and "SA 2825.20" in out
    args = ["--catalog", str(catalog_path), "search", "tierras raras", "--json"]
    assert main(args) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert [r["key"] for r in results[:5]] == ["rare-earths", *RARE_EARTHS_HS]


def test_search_box_lists_the_linked_codes_for_a_spanish_name(qtbot, catalog):
    pytest.importorskip("PySide6")
    from minref.ui.main_window import MainWindow

    w = MainWindow(catalog, None)
    qtbot.addWidget(w)
    w.show()
    qtbot.keyClicks(w.search, "litio")
    assert keys(w.search.hits)[:5] == [("commodity", "lithium")] + [
        ("hs", code) for code in LITHIUM_HS
    ]
