"""The Mexico–U.S. brief's trade tables show every year their source holds (2015 was left
out: each table took its source's last six years), and the U.S. net import reliance card and
fact box say what the figure covers (rare earths: 67% for compounds and metals only; USGS
gives mineral concentrates as E, net exporter)."""

from __future__ import annotations

import os
import re
from types import SimpleNamespace

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from minref import i18n  # noqa: E402

# SOURCES.md §12: Mexico→U.S. silver (HS 7106) US$1,812.6 million in 2015, fluorspar-group
# heading 2529 US$59.4 million in 2015; Mexico's HS4 declarations cover 2015–2021.
SILVER_2015 = "1,812.6"
FLUORSPAR_2015 = "59.4"
HS4_YEARS = ["2015", "2016", "2017", "2018", "2019", "2020", "2021"]
HS4_SOURCE = "UN Comtrade: Mexico's declared imports and exports by HS4 heading"
# MCS 2026, rare earths: net import reliance 2025, compounds and metals 67 (estimated);
# mineral concentrates E (estimated, net exporter): both estimated, said once after the year.
REE_SCOPE_EN = "Compounds and metals: 67%; mineral concentrates: net exporter (E)"


def _tables(catalog, monkeypatch, width: float | None = None):
    """The tables the Mexico–U.S. section builds, as (header, body) pairs, and its flowables."""
    import minref.briefing.briefs as b

    tables = []

    def capture(header, body, *a, **k):
        tables.append((list(header), [list(r) for r in body]))
        return SimpleNamespace()

    monkeypatch.setattr(b, "data_table", capture)
    width = width or b.text_width(b.BriefOptions())
    flow = b.mexico_us_flowables(catalog, b.Citations(catalog.sources), b.styles(), width)
    return tables, flow


def _row(body, code):
    return next(r for r in body if str(r[0]).startswith(code + " "))


# ----------------------------------------------------------------- defect 1: the years


def test_the_mexico_us_trade_table_includes_2015_with_silver_as_published(catalog, monkeypatch):
    tables, _flow = _tables(catalog, monkeypatch)
    trade = [(h, body) for h, body in tables if h and h[0] == "HS heading"]
    assert trade, "no trade table built"
    # Mexico's HS4 declarations: the first table, all seven years its source covers
    header, body = trade[0]
    assert header[1:] == HS4_YEARS
    silver = _row(body, "7106")
    assert silver[1] == SILVER_2015
    assert _row(body, "2529")[1] == FLUORSPAR_2015
    # every year every source holds is in some table, none dropped
    shown = {y for h, _b in trade for y in h[1:]}
    assert {str(y) for y in range(2015, 2025)} <= shown


def test_a_source_whose_years_do_not_fit_is_split_and_says_so(catalog, monkeypatch):
    """Ten years (the metal headings, 2015–2024) do not fit across a Letter page beside the
    row labels: two tables, 2015–2019 and 2020–2024, with the same rows, and the line above
    says which years each shows."""
    import minref.briefing.briefs as b

    def row(code, year, usd):
        return SimpleNamespace(hs_code=code, year=year, value_usd=usd, source_id="x")

    rows = [row("7106", y, 2_541_900_000) for y in range(2015, 2025)] + [row("2510", 2015, 18_049)]
    captured = []
    monkeypatch.setattr(
        b, "data_table", lambda h, body, *a, **k: captured.append((h, body)) or SimpleNamespace()
    )
    width = b.text_width(b.BriefOptions())
    flow = b._trade_table(catalog, b.Citations(catalog.sources), b.styles(), width, "x", rows)
    assert [h[1:] for h, _body in captured] == [
        ["2015", "2016", "2017", "2018", "2019"],
        ["2020", "2021", "2022", "2023", "2024"],
    ]
    assert [[r[0] for r in body] for _h, body in captured] == [
        ["7106 Silver (including silver…", "1 other heading, under US$1 million a year"]
    ] * 2
    assert captured[0][1][1][1:] == ["0.018", "", "", "", ""]
    intro = flow[0].text
    assert "Every year the source holds, 2015–2024, is shown" in intro
    assert "2015–2019, 2020–2024" in intro


def test_seven_years_fit_in_one_table(catalog, monkeypatch):
    import minref.briefing.briefs as b

    rows = [
        SimpleNamespace(hs_code="7106", year=y, value_usd=1_812_600_000, source_id="x")
        for y in range(2015, 2022)
    ]
    captured = []
    monkeypatch.setattr(
        b, "data_table", lambda h, body, *a, **k: captured.append(h) or SimpleNamespace()
    )
    for paper in ("letter", "a4"):
        captured.clear()
        width = b.text_width(b.BriefOptions(paper=paper))
        b._trade_table(catalog, b.Citations(catalog.sources), b.styles(), width, "x", rows)
        assert captured == [["HS heading"] + HS4_YEARS], paper


def test_year_blocks_are_even_and_in_order():
    from minref.briefing.briefs import year_blocks

    assert year_blocks(list(range(2015, 2025)), 8) == [
        list(range(2015, 2020)),
        list(range(2020, 2025)),
    ]
    assert year_blocks(list(range(2015, 2022)), 8) == [list(range(2015, 2022))]
    assert year_blocks([2015, 2016, 2017], 1) == [[2015], [2016], [2017]]
    assert year_blocks([], 5) == []


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_printed_mexico_us_brief_shows_2015(catalog_path, tmp_path, lang):
    from pypdf import PdfReader

    from minref.cli import main

    out = tmp_path / f"mxus-{lang}.pdf"
    assert main(["--catalog", str(catalog_path), "--lang", lang, "brief", "mexico-us",
                 "--out", str(out)]) == 0  # fmt: skip
    page1 = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert re.search(r"2015 2016 2017 2018 2019 2020 2021", page1), page1
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    # str.split() splits at the French group separator too: "1 812,6"
    silver = {"en": "1,812.6", "es": "1,812.6", "fr": "1 812,6"}[lang]
    assert f"7106 Silver (including silver… {silver}" in text


# ----------------------------------------------------------------- defect 2: NIR scope


def _nir(catalog, cid):
    from minref.analysis.profile import commodity_report, key_facts

    return next(f for f in key_facts(commodity_report(catalog, cid)) if f.key == "us-nir")


def test_the_rare_earth_fact_names_compounds_and_metals(catalog):
    fact = _nir(catalog, "rare-earths")
    assert fact.value == "67%"
    assert fact.detail == REE_SCOPE_EN + " · 2025 (all figures estimated), MCS 2026"
    assert "compounds and metals" in fact.detail.lower()
    # the figure keeps its flags and source
    assert fact.figure.is_estimated and fact.figure.source_id == "usgs-mcs-2026"


@pytest.fixture
def spanish_line_labels(monkeypatch):
    """The two USGS line words of the rare-earth reliance lines in Spanish, as
    resources/usgs_line_labels.csv would give them."""
    from minref.analysis import text

    table = text._load_line_labels()
    monkeypatch.setitem(table["es"], "Compounds and metals", "Compuestos y metales")
    monkeypatch.setitem(table["es"], "Mineral concentrates", "Concentrados minerales")


def test_the_rare_earth_fact_names_compuestos_y_metales_in_spanish(catalog, spanish_line_labels):
    with i18n.using("es"):
        fact = _nir(catalog, "rare-earths")
    assert fact.detail == (
        "Compuestos y metales: 67%; concentrados minerales: exportador neto (E)"
        " · 2025 (todas las cifras estimadas), MCS 2026"
    )


def test_the_shipped_line_labels_give_the_spanish_scope(catalog):
    with i18n.using("es"):
        fact = _nir(catalog, "rare-earths")
    assert "compuestos y metales" in fact.detail.lower()
    assert "concentrados minerales" in fact.detail.lower()


def test_the_rare_earths_brief_fact_box_names_the_scope(catalog_path, tmp_path):
    from pypdf import PdfReader

    from minref.cli import main

    out = tmp_path / "ree.pdf"
    assert main(["--catalog", str(catalog_path), "--lang", "en", "brief", "rare-earths",
                 "--out", str(out)]) == 0  # fmt: skip
    page1 = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "U.S. net import reliance 67%[8] " + REE_SCOPE_EN in page1, page1
    assert "2025 (all figures estimated), MCS 2026" in page1


def test_the_rare_earths_brief_fact_box_in_spanish(catalog_path, tmp_path, spanish_line_labels):
    from pypdf import PdfReader

    from minref.cli import main

    out = tmp_path / "ree-es.pdf"
    assert main(["--catalog", str(catalog_path), "--lang", "es", "brief", "rare-earths",
                 "--out", str(out)]) == 0  # fmt: skip
    page1 = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "67%[8] Compuestos y metales: 67%; concentrados minerales: exportador neto (E)" in page1


def _element_nir_card(window):
    from minref.ui.widgets import Card

    window.open("element:")
    page = window.current_page()
    page.finish()
    cards = [c for c in page.findChildren(Card) if c.value.text().startswith("67")]
    assert len(cards) == 1, [c.label.text() for c in cards]
    return cards[0]


def test_the_rare_earth_page_card_names_compounds_and_metals(window_in):
    card = _element_nir_card(window_in("en"))
    assert card.label.text() == "U.S. net import reliance"
    assert card.value.text() == "67%"
    assert card.detail.text() == REE_SCOPE_EN + " · 2025 (all figures estimated), MCS 2026"
    assert "usgs" in card.toolTip().lower()


def test_the_rare_earth_page_card_in_spanish(window_in, spanish_line_labels):
    card = _element_nir_card(window_in("es"))
    assert card.value.text() == "67%"
    assert card.detail.text().startswith("Compuestos y metales: 67%; concentrados minerales: ")
    assert "2025 (todas las cifras estimadas), MCS 2026" in card.detail.text()


@pytest.mark.parametrize(
    ("cid", "detail"),
    [
        # MCS 2026 2025: refined zinc 73 e; ores and concentrates E
        (
            "zinc",
            "Refined zinc: 73%; ores and concentrates: net exporter (E)"
            " · 2025 (all figures estimated), MCS 2026",
        ),
        # titanium sponge metal 100 e; TiO2 pigment E
        (
            "titanium",
            "Titanium sponge metal: 100%; TiO2 pigment: net exporter (E)"
            " · 2025 (all figures estimated), MCS 2026",
        ),
        ("lead", "Refined metal: 33% · 2025 (estimated), MCS 2026"),  # one line, refined metal
        ("silver", "2025 (estimated), MCS 2026"),  # the whole commodity: nothing to add
    ],
)
def test_commodity_cards_name_a_line_that_is_not_the_whole_commodity(catalog, cid, detail):
    assert _nir(catalog, cid).detail == detail


def test_the_product_a_reliance_line_covers():
    from minref.analysis.profile import nir_line_product

    stat = "Net import reliance as a percentage of apparent consumption"
    assert nir_line_product(f"{stat}: Compounds and metals") == "Compounds and metals"
    assert nir_line_product(f"TiO2 pigment: {stat}") == "TiO2 pigment"
    assert nir_line_product(f"{stat}, refined metal") == "refined metal"
    assert nir_line_product(f"Zirconium: {stat}: Zirconium ores and concentrates") == (
        "Zirconium ores and concentrates"
    )
    assert nir_line_product("Compounds Metals") == "Compounds Metals"  # MCS 2022-2025
    assert nir_line_product(stat) == ""
    assert nir_line_product("Net import relianceas a percentage of apparent consumption") == ""
