"""North American supply: the table's figures against published MCS cells, the HHI and
what-if arithmetic against hand-computed values on a small fixture, unit and basis
mismatches reported (never summed), partner groups in the user's data folder, the CLI,
the page and the brief."""

from __future__ import annotations

import json

import pytest

from minref.analysis import supply as sp
from minref.catalog.models import Figure
from tests.pseudo_text import english_chunks, outside_brackets

# ---------------------------------------------------------------------- fixture arithmetic
# A line of four listed countries and a world total, in the catalog's shapes.
WORLD = 100.0
VALUES = {"AAA": 60.0, "BBB": 30.0, "CCC": 10.0}


def _fig(v, raw=None, flags=()):
    return Figure(
        v, raw if raw is not None else ("" if v is None else f"{v:g}"), "t", 2025, flags, "fx"
    )


def _line(values=VALUES, world=WORLD, others=False, unit="t", type_="Mine production"):
    figures = {k: _fig(v, "W" if v is None else None) for k, v in values.items()}
    return sp.LineFacts(
        2026,
        type_,
        2025,
        unit,
        "fx",
        _fig(world),
        dict(values),
        figures,
        {k: k for k in values},
        others,
    )


def test_hhi_is_the_sum_of_squared_percentage_shares():
    # 50² + 30² + 20² = 2,500 + 900 + 400
    assert sp.hhi([50, 30, 20]) == 3800
    assert sp.hhi([100]) == 10000
    assert sp.hhi([]) == 0


def test_without_the_leader_hand_computed():
    r = sp.without(VALUES, WORLD, {"AAA"})
    assert r.removed_value == 60
    assert r.share_left_pct == pytest.approx(40.0)
    assert [(p.iso3, p.share_pct) for p in r.next_three] == [("BBB", 30.0), ("CCC", 10.0)]
    # what is left: BBB 30/40 = 75 %, CCC 10/40 = 25 % -> 75² + 25² = 5,625 + 625
    assert [p.share_of_rest_pct for p in r.next_three] == [75.0, 25.0]
    assert r.hhi_without == pytest.approx(6250.0)


def test_without_a_group_and_without_an_unlisted_country():
    r = sp.without(VALUES, WORLD, {"BBB", "CCC"})
    assert r.share_left_pct == pytest.approx(60.0)
    assert r.hhi_without == pytest.approx(10000.0)  # AAA is all that is left
    r = sp.without(VALUES, WORLD, {"ZZZ"})
    assert r.share_left_pct == pytest.approx(100.0)
    assert "not listed" in r.note or "none of the countries" in r.note


def test_without_a_withheld_country_is_not_computed():
    values = dict(VALUES, DDD=None)
    r = sp.without(values, WORLD, {"DDD"})
    assert r.share_left_pct is None and r.hhi_without is None
    assert "not stated" in r.note
    # Removing someone else: the withheld country is named as left out, not counted as 0.
    r = sp.without(values, WORLD, {"AAA"})
    assert r.share_left_pct == pytest.approx(40.0)
    assert "DDD" in r.note


def test_concentration_and_shares_on_the_fixture():
    line = _line(dict(VALUES, DDD=None), others=True)
    c = sp.concentration(line)
    assert c.leader_iso3 == "AAA"
    assert c.leader_share.value == 60.0
    assert c.top3_share.value == 100.0
    assert c.hhi.value == 3600 + 900 + 100
    assert "lower bound" in c.hhi.note and "DDD" in c.hhi.note
    assert sp._share(line, "DDD").value is None  # withheld: missing, never zero
    assert sp._share(line, "EEE") is None  # not listed: not known
    usmca = sp._sum_shares(line, ("AAA", "DDD", "EEE"))
    assert usmca.value == 60.0
    assert "DDD W" in usmca.note and "EEE not listed" in usmca.note


def test_small_shares_keep_two_significant_digits():
    assert sp.share_value(0.0361) == 0.036
    assert sp.share_value(69.2307) == 69.2
    assert sp.share_value(0.0) == 0.0


# ---------------------------------------------------------------------- units and bases
def _cons(v, unit="t", raw=None):
    return Figure(v, raw or ("" if v is None else f"{v:g}"), unit, 2025, (), "fx")


def test_unit_mismatch_is_reported_not_summed():
    c = sp.compare_supply(
        500.0,
        "thousand metric tons",
        "Mine production",
        _cons(900.0, "metric tons"),
        "Consumption, apparent",
    )
    assert c.verdict == "not comparable"
    assert "thousand metric tons" in c.reason and "metric tons" in c.reason


def test_basis_mismatch_is_reported():
    c = sp.compare_supply(
        900.0, "t", "Mine production", _cons(800.0), "Consumption, apparent, refined zinc"
    )
    assert c.verdict == "not comparable"
    assert "refined" in c.reason


def test_same_unit_and_basis_compares():
    assert (
        sp.compare_supply(
            900.0, "t", "Mine production", _cons(800.0), "Consumption, apparent"
        ).verdict
        == "larger"
    )
    assert (
        sp.compare_supply(
            700.0, "t", "Mine production", _cons(800.0), "Consumption, apparent"
        ).verdict
        == "smaller"
    )
    c = sp.compare_supply(
        700.0, "t", "Mine production", _cons(None, raw="W"), "Consumption, apparent"
    )
    assert c.verdict == "cannot say" and "W" in c.reason
    assert sp.compare_supply(700.0, "t", "Mine production", None, "").verdict == "cannot say"


def _row(prod: sp.LineFacts, consumption: Figure | None, basis: str) -> sp.SupplyRow:
    blank = {f: None for f in sp.SupplyRow.__dataclass_fields__}
    blank.update(
        commodity_id="fx",
        name="Fixture",
        members=("Fixture",),
        list_source_id="fx",
        production=prod,
        concentration=sp.concentration(prod),
        refining_basis="",
        import_detail="",
        import_period="",
        import_sources_held=False,
        consumption=consumption,
        consumption_basis=basis,
        gaps=(),
        source_ids=("fx",),
    )
    return sp.SupplyRow(**blank)


def test_what_if_on_a_fixture_table():
    # Mexico 20, Canada withheld, U.S. 10 of a world of 100; China 70.
    line = _line({"CHN": 70.0, "MEX": 20.0, "CAN": None, "USA": 10.0})
    cl = sp.CriticalList("FX-2025", "Fixture", "Fixture list", 2025, "final", "fx")
    table = sp.SupplyTable(cl, [_row(line, _cons(50.0), "Consumption, apparent")], ("fx",))
    (w,) = sp.what_if(table, {"CHN"}, "China")
    assert w.removed_share.value == 70.0
    assert w.result.share_left_pct == pytest.approx(30.0)
    assert [p.iso3 for p in w.result.next_three] == ["MEX", "USA"]
    # Left: MEX 20/30, USA 10/30 -> (66.67)² + (33.33)² = 5,555.6
    assert w.result.hhi_without == pytest.approx((200 / 3) ** 2 + (100 / 3) ** 2)
    # USMCA 20 + 10 = 30 < 50 counted from stated figures only; Canada W is named.
    assert w.usmca_vs_consumption.production == 30.0
    assert w.usmca_vs_consumption.verdict == "smaller (stated figures only)"
    assert "CAN" in w.usmca_vs_consumption.partial
    # Another unit: never compared.
    table = sp.SupplyTable(
        cl, [_row(line, _cons(50.0, "kilograms"), "Consumption, apparent")], ("fx",)
    )
    assert sp.what_if(table, {"CHN"})[0].usmca_vs_consumption.verdict == "not comparable"


def test_label_slots_keep_labels_apart():
    slots = sp.label_slots([(10, 10, "aaaa"), (10, 10, "bbbb"), (95, 50, "cccc")], 1.0, 5.0)
    assert slots[0] != slots[1]
    assert slots[2][0] == -1  # near the right edge the label goes to the left


# ---------------------------------------------------------------------- real data
@pytest.fixture(scope="module")
def us_table(catalog):
    return sp.supply_table(catalog)


def _row_of(table, cid):
    return next(r for r in table.rows if r.commodity_id == cid)


def test_default_list_is_the_newest_us_list_from_the_data(catalog, us_table):
    us = [x for x in sp.critical_lists(catalog) if x.jurisdiction == "United States"]
    final = [x for x in us if "draft" not in x.status.lower()]
    assert us_table.critical_list == max(final, key=lambda x: x.year)


def test_list_codes_resolve(catalog):
    assert sp.resolve_list(catalog, "EU-2023").list_id.startswith("EU")
    assert sp.resolve_list(catalog, "ca-2024").jurisdiction == "Canada"
    assert sp.resolve_list(catalog, "AU-2024").jurisdiction == "Australia"
    with pytest.raises(sp.UnknownList) as exc:
        sp.resolve_list(catalog, "XX-1999")
    assert "US-2025" in str(exc.value)


def test_every_list_member_is_on_exactly_one_row(catalog, us_table):
    members = [m for m, *_ in catalog.critical_list_members(us_table.critical_list.list_id)]
    on_rows = [m for r in us_table.rows for m in r.members]
    assert sorted(on_rows) == sorted(members)


def test_graphite_china_mcs_2026(us_table):
    # MCS 2026, graphite (natural), mine production 2025: China 1,400,000 t (estimated).
    g = _row_of(us_table, "graphite")
    assert g.production.edition == 2026
    chn = g.production.figures["CHN"]
    assert chn.value == 1_400_000 and chn.raw == "1,400,000" and "estimated" in chn.flags
    assert g.china_production.source_id == "usgs-mcs-2026"
    assert "1,400,000" in g.china_production.note


def test_rare_earths_china_270000_of_390000(us_table):
    r = _row_of(us_table, "rare-earths")
    assert r.production.figures["CHN"].value == 270_000
    assert r.production.world.value == 390_000
    assert r.china_production.value == 69.2  # 270,000 / 390,000 = 69.2 %
    assert f"{r.china_production.value:.0f}" == "69"
    # The list's rare-earth elements are resolved to the rare-earths row.
    assert {"Neodymium", "Dysprosium", "Cerium"} <= set(r.members)


def test_gallium_listed_countries_above_the_rounded_world_total(us_table):
    """MCS 2026, gallium, primary production 2025 (kg, all estimated): China 900,000,
    Russia 6,000, Japan 3,000; world total 900,000 (rounded).  Shares of the world total
    gave a top 3 of 101% and an HHI of 10,001; of the listed sum, 909,000 kg:
    China 99.0099%, Russia 0.6601%, Japan 0.3300%, so top 3 = 100% and
    HHI = 9802.96 + 0.44 + 0.11 = 9803.5 -> 9,804."""
    g = _row_of(us_table, "gallium")
    assert g.production.world.value == 900_000
    assert {k: g.production.values[k] for k in ("CHN", "RUS", "JPN")} == {
        "CHN": 900_000,
        "RUS": 6_000,
        "JPN": 3_000,
    }
    c = g.concentration
    assert c.top3_share.value == 100.0
    assert c.hhi.value == 9804
    assert (
        "listed countries' sum (909,000 kilograms), which exceeds USGS's rounded world total "
        "(900,000 kilograms)"
    ) in c.hhi.note
    assert "of the world total" not in c.hhi.note
    (w,) = [x for x in sp.what_if(us_table, {"CHN"}, "China") if x.commodity_id == "gallium"]
    # 909,000 - 900,000 = 9,000 kg left: 1.0% of the listed sum; Russia 6,000 of 9,000.
    assert round(w.result.share_left_pct, 1) == 1.0
    assert w.removed_share.value == 99.0  # 900,000 of 909,000: with what is left, 100%
    assert [(p.iso3, round(p.share_of_rest_pct, 1)) for p in w.result.next_three] == [
        ("RUS", 66.7),
        ("JPN", 33.3),
    ]
    assert "exceeds USGS's rounded world total" in w.result.note


def test_fluorspar_mexico_64_percent_of_us_imports(us_table):
    f = _row_of(us_table, "fluorspar")
    assert f.mexico_imports.value == 64 and f.mexico_imports.raw == "64"
    assert f.import_period == "2021-24"


def test_missing_is_missing_not_zero(us_table):
    for r in us_table.rows:
        for fig in (r.mexico_production, r.canada_production, r.us_production):
            if fig is not None and fig.value is None:
                assert fig.raw  # a code (W, NA) or "n/a", never an empty zero
    boron = _row_of(us_table, "boron")
    assert boron.us_production is None or boron.us_production.value is None


def test_every_cell_carries_its_source(catalog, us_table):
    for r in us_table.rows:
        for f in (r.nir, r.china_production, r.mexico_imports, r.usmca_production):
            if f is not None:
                assert f.source_id in catalog.sources


def test_iea_refining_for_graphite_names_the_iea(catalog):
    panel = sp.iea_panel(catalog, "graphite")
    assert panel is not None
    assert "IEA (2024), Critical Minerals Data Explorer" in panel.citation
    assert "third party" in panel.caveat
    assert {s for s, _ in panel.demand} <= {"STEPS", "APS", "NZE"}
    assert sp.iea_panel(catalog, "fluorspar") is None


def test_dependence_map_description(catalog, us_table):
    spec = sp.dependence_map(catalog, table=us_table)
    assert spec.kind == "scatter" and spec.chart == "dependence-map"
    labels = {p.label for s in spec.series for p in s.points}
    assert "Rare earths" in labels
    pts = {p.label: p for s in spec.series for p in s.points}
    assert pts["Rare earths"].value == 69.2
    assert {s.fill for s in spec.series} <= {"solid", "pale", "hollow", "none"}


# ---------------------------------------------------------------------- partner groups
def test_groups_round_trip(tmp_path):
    from minref.userdata import groups

    path = tmp_path / "g.json"
    names = [g.name for g in groups.load_groups(path)]
    assert "USMCA" in names
    groups.save_group("Andes", "per, chl bol", path)
    got = groups.find_group("andes", path)
    assert got.members == ("BOL", "CHL", "PER")
    groups.save_group("USMCA", ["MEX", "CAN"], path)  # the user's version wins
    assert groups.find_group("USMCA", path).members == ("CAN", "MEX")
    groups.delete_group("Japan", path)
    assert groups.find_group("Japan", path) is None
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_groups_bad_input_and_files(tmp_path):
    from minref.userdata import groups

    path = tmp_path / "g.json"
    with pytest.raises(groups.GroupsError, match="alpha-3"):
        groups.save_group("Bad", "MEX, 12", path)
    with pytest.raises(groups.GroupsError, match="name"):
        groups.save_group("  ", "MEX", path)
    assert not path.exists()  # nothing half-written
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(groups.GroupsError, match="cannot be read"):
        groups.load_groups(path)
    path.write_text(json.dumps({"format": groups.FORMAT, "version": 99}), encoding="utf-8")
    with pytest.raises(groups.GroupsError, match="newer"):
        groups.save_group("X", "MEX", path)
    assert json.loads(path.read_text())["version"] == 99  # left untouched


def test_what_if_with_a_group(catalog, us_table):
    removed, label = sp.resolve_without(
        catalog, "usmca", [sp_group("USMCA", ("CAN", "MEX", "USA"))]
    )
    assert removed == {"CAN", "MEX", "USA"} and label == "USMCA"
    rows = {w.commodity_id: w for w in sp.what_if(us_table, removed, label)}
    silver = rows["silver"]
    assert "MEX" not in [p.iso3 for p in silver.result.next_three]


def sp_group(name, members):
    from minref.userdata.groups import PartnerGroup

    return PartnerGroup(name, members)


# ---------------------------------------------------------------------- CLI
def test_cli_supply_json(catalog_path, capsys):
    from minref.cli import main

    assert main(["--catalog", str(catalog_path), "supply", "--json", "--without", "CHN"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = {r["commodity_id"]: r for r in data["rows"]}
    assert rows["fluorspar"]["mexico_imports"]["value"] == 64
    assert data["what_if"]["without"] == "China"
    assert any("IEA (2024)" in n for n in data["notes"])


def test_cli_supply_bad_input(catalog_path, capsys):
    from minref.cli import main

    assert main(["--catalog", str(catalog_path), "supply", "--list", "XX-1"]) == 2
    assert "choose from" in capsys.readouterr().err
    assert main(["--catalog", str(catalog_path), "supply", "--without", "Atlantis"]) == 2


# ---------------------------------------------------------------------- brief and page
def test_supply_brief(catalog, tmp_path):
    from pypdf import PdfReader

    from minref.briefing import kinds
    from minref.briefing.document import BriefOptions

    out = kinds.write("supply", catalog, [], tmp_path / "s.pdf", BriefOptions())
    text = " ".join(p.extract_text() for p in PdfReader(str(out)).pages)
    text = " ".join(text.split())
    assert "North American critical-minerals supply" in text
    assert "What if: without China" in text
    assert "IEA (2024), Critical Minerals Data Explorer" in text
    assert "Fluorspar: Mexico supplies 64%" in text


def test_page_sorts_filters_and_exports(supply_page, tmp_path):
    page = supply_page
    assert page.kind == "supply"
    assert page.model.rowCount() == len(page.table.rows)
    col = next(i for i, c in enumerate(page.model.columns) if c.title.startswith("China prod"))
    page._sort(col)  # largest first, missing last
    vals = [r.china_production.value if r.china_production else None for r in page.model.rows]
    stated = [v for v in vals if v is not None]
    assert stated == sorted(stated, reverse=True)
    assert all(v is None for v in vals[len(stated) :])
    page.filter.setText("fluor")
    assert [r.commodity_id for r in page.model.rows] == ["fluorspar"]
    path = page.view.export_csv(str(tmp_path / "t.csv"))
    assert "Fluorspar" in open(path, encoding="utf-8").read()
    assert page.chart_view is not None and page.chart_view.spec.kind == "scatter"
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()  # a queued restyle redraws the chart before it is exported
    page.chart_view.export(str(tmp_path / "map.svg"))
    assert (tmp_path / "map.svg").stat().st_size > 1000
    assert page.whatif_model.rowCount() == len(page.table.rows)


def test_a_blank_import_share_names_the_line_that_lists_the_country(supply_page):
    """QA: antimony's "MX imp. %" is blank (the table compares total metal and oxide,
    where China is 55%) while MCS 2026 lists Mexico at 86% of U.S. imports of ore and
    concentrates (2021-24): the blank cell's hover says so, in the supply brief's words."""
    from PySide6.QtCore import Qt

    model = supply_page.model
    r = [row.commodity_id for row in model.rows].index("antimony")
    cols = [c.title for c in model.columns]
    tip = Qt.ItemDataRole.ToolTipRole
    mx = model.index(r, cols.index("MX imp. %"))
    assert model.data(mx) == ""  # still blank: not listed on the line compared
    assert model.data(mx, tip) == (
        "Mexico's share of U.S. imports, MCS import sources\n\n"
        "Antimony: not on the main import line (Total metal and oxide); Mexico supplies "
        "86% of Ore and\nconcentrates (2021-24)."  # broken at 100 characters, as a figure's
    )
    ca = model.index(r, cols.index("CA imp. %"))  # no line lists Canada
    assert model.data(ca, tip) == "Canada's share of U.S. imports"


def test_cli_brief_takes_a_list(catalog_path, tmp_path, capsys):
    from minref.cli import main

    out = tmp_path / "eu.pdf"
    assert (
        main(["--catalog", str(catalog_path), "brief", "supply", "EU-2023", "--out", str(out)]) == 0
    )
    assert out.stat().st_size > 10_000
    bad = tmp_path / "bad.pdf"
    assert main(["--catalog", str(catalog_path), "brief", "supply", "XX-9", "--out", str(bad)]) != 0
    assert "choose from" in capsys.readouterr().err
    assert not bad.exists()


def test_supply_brief_names_mexicos_other_import_lines(catalog, tmp_path):
    """A mineral whose main import line leaves Mexico out is not reported as 'not among the
    U.S. import sources' when MCS lists Mexico on another line (nickel scrap: 27 %, chromium
    scrap: 45 %, MCS 2026, 2021-24)."""
    import subprocess

    from minref.briefing import kinds
    from minref.briefing.document import BriefOptions

    out = kinds.write("supply", catalog, [], tmp_path / "s.pdf", BriefOptions())
    text = " ".join(
        subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split()
    )
    assert (
        "Nickel: not on the main import line" in text and "27% of Nickel-containing scrap" in text
    )
    assert "45% of Chromium-containing scrap" in text
    tail = text.split("on any product line for:")[1].split(".")[0]
    assert "Nickel" not in tail and "Chromium" not in tail


# ---------------------------------------------------------------------- Spanish, French, pseudo
def _pdf_words(path) -> str:
    """The PDF's text with every run of white space (no-break spaces too) as one space."""
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    out = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(out.split())


def test_spanish_supply_brief(catalog_path, tmp_path):
    from minref.cli import main

    out = tmp_path / "abasto.pdf"
    assert main(["--catalog", str(catalog_path), "--lang", "es", "brief", "supply",
                 "--out", str(out)]) == 0  # fmt: skip
    text = _pdf_words(out)
    for heading in (
        "Abasto de minerales críticos en América del Norte",
        "Dónde depende EE. UU. de una fuente única",
        "Dependencia y concentración de la producción mundial",
        "Lo que produce y posee América del Norte, y de dónde vienen las importaciones de EE. UU.",
        "Escenario: sin China",
        "La aportación de México, mineral por mineral",
        "Perspectivas de la AIE: refinación y demanda",
        "Vacíos en los datos",
        "Fuentes",
        "Página 1 de",
    ):
        assert heading in text, heading
    # Table headers and legends, the catalog's Spanish names, Mexico's 64 % of fluorspar.
    for words in ("DNI EE. UU. %", "Principal productor (%)", "T-MEC prod.", "e = estimado"):
        assert words in text, words
    assert "Fluorita: México abastece 64% de las importaciones de EE. UU. (2021-24" in text
    assert "Tierras raras" in text and "Wolframio (tungsteno)" in text
    assert "IEA (2024), Critical Minerals Data Explorer" in text  # the citation as published
    # The table's and the sentences' USGS lines in Spanish (resources/usgs_line_labels.csv),
    # so no note says they are in English (a basis quoted «as published» stays so).
    assert "MCS 2026, Producción minera, 2025" in text
    assert "MCS 2026, Mine production" not in text
    assert "Etiquetas de línea del USGS tal como se publican, en inglés." not in text
    for english in ("What if", "Gaps in the data", "Where the U.S. depends", "Top producer"):
        assert english not in text, english


def test_french_supply_brief(catalog_path, tmp_path):
    from minref.cli import main

    out = tmp_path / "approvisionnement.pdf"
    assert main(["--catalog", str(catalog_path), "--lang", "fr", "brief", "supply",
                 "--out", str(out)]) == 0  # fmt: skip
    text = _pdf_words(out)
    for heading in (
        "Approvisionnement nord-américain en minéraux critiques",
        "Où les États-Unis dépendent d'une source unique",
        "Dépendance et concentration de la production mondiale",
        "Et si : hors Chine",
        "Mexique : contribution minéral par minéral",
        "Perspectives de l'AIE : raffinage et demande",
        "Lacunes des données",
        "Page 1 sur",
    ):
        assert heading in text, heading
    for words in ("DNI É.\u2011U. %", "Premier producteur (%)", "ACEUM prod.", "e = estimé"):
        assert words in text, words
    # French numbers: 69,2 (rare earths, China) and 64 % with its space.
    assert "Spath fluor (fluorine) : Mexique — fournit 64 % des importations des États-Unis" in text
    assert "Terres rares" in text and "69,2 e" in text
    assert "What if" not in text and "Gaps in the data" not in text


def _supply_english_chunks() -> set[str]:
    """The static English of every message of the supply files."""
    return english_chunks(
        {"minref/analysis/supply.py", "minref/briefing/supply.py", "minref/ui/pages/supply.py"}
    )


def _outside_brackets(text: str) -> str:
    """What the pseudo-locale left unwrapped, its whitespace folded."""
    return " ".join(outside_brackets(text).split())


def test_pseudo_locale_leaves_no_supply_english(catalog, catalog_path, tmp_path, capsys):
    from minref.cli import main

    chunks = _supply_english_chunks()
    assert len(chunks) > 60
    # The sources' own text (titles, notes) is not ours to translate.
    others = " ".join(
        x
        for s in catalog.sources.values()
        for x in (s.organisation, s.dataset, s.edition, s.notes, s.attribution)
        if x
    )
    chunks = {c for c in chunks if c not in others}
    assert main(["--catalog", str(catalog_path), "--lang", "pseudo", "supply",
                 "--without", "CHN"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    pdf = tmp_path / "pseudo-supply.pdf"
    assert main(["--catalog", str(catalog_path), "--lang", "pseudo", "brief", "supply",
                 "--out", str(pdf)]) == 0  # fmt: skip
    capsys.readouterr()
    text = _pdf_words(pdf)
    assert "⟦" in out and "⟦" in text
    for name, shown in (("CLI", out), ("brief", text)):
        plain = _outside_brackets(shown)
        leaked = sorted(c for c in chunks if c in plain)
        assert leaked == [], f"{name}: {leaked}"
    # Short labels, too short for the chunks above.
    short = ("Removed share", "U.S. NIR", "HHI without", "Share left", "not comparable", "Note:")
    for label in short:
        assert label not in _outside_brackets(out), label
    for label in ("What if", "Gaps in the data", "Top producer", "Why not compared"):
        assert label not in _outside_brackets(text), label


def test_cli_supply_in_spanish_and_json_stays_english(catalog_path, capsys):
    from minref.cli import main

    assert main(["--catalog", str(catalog_path), "--lang", "es", "supply",
                 "--without", "CHN"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert out.startswith("Abasto de América del Norte: US-2025")
    assert "Escenario: sin China" in out and "Fluorita" in out and "Tierras raras" in out
    assert "no comparable" in out and "Fuentes:" in out
    assert main(["--catalog", str(catalog_path), "--lang", "es", "supply", "--json",
                 "--without", "CHN"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    rows = {r["commodity_id"]: r for r in data["rows"]}
    assert rows["fluorspar"]["name"] == "Fluorspar"  # locale-free: English names and notes
    assert data["basis"] == "share of USGS's rounded world total, among the countries USGS lists"
    assert {w["usmca_vs_consumption"]["verdict"] for w in data["what_if"]["rows"]} <= set(
        sp.VERDICTS
    )


def test_the_tables_long_text_wraps_whole(supply_page, qtbot):
    # Found in the built app: "producción de Esta…idos de América: W" (the gaps), "Prod…n
    # minera" (the production line), cut in their middle; now on more lines, whole.
    page = supply_page
    view, model = page.view, page.model
    qtbot.waitUntil(view.isVisible)
    gaps = next(i for i, c in enumerate(model.columns) if c.title == "Gaps")
    longest = max(range(model.rowCount()), key=lambda r: len(model.text(r, gaps)))
    text = model.text(longest, gaps)
    assert len(text) > 80  # the longest gaps line, several clauses
    width = view.horizontalHeader().sectionSize(gaps)
    needs = view.fontMetrics().horizontalAdvance(text)
    assert needs > width  # too long for one line ...
    assert view.wordWrap() and view.rowHeight(longest) >= 2 * view.fontMetrics().height()


def test_the_mineral_column_sorts_in_the_readers_alphabetical_order(window_in):
    """QA: in French a click on "Minéral" put "Césium" after "Cuivre" and "Étain" after
    "Zinc" (code-point order)."""
    w = window_in("fr", (1366, 768))
    w.open("supply")
    page = w.current_page()
    page.finish()
    page._sort(0)
    names = [r.name for r in page.model.rows]
    assert names.index("Césium") < names.index("Chrome") < names.index("Cuivre")
    assert names.index("Cuivre") < names.index("Étain") < names.index("Gallium")
    assert names[-1] == "Zirconium et hafnium"


def test_the_dependence_map_says_it_reads_the_main_import_line(catalog):
    """QA: antimony (Mexico 86% of U.S. imports of ore and concentrates, on another line
    than the one compared) is drawn hollow, which read as 'not listed'."""
    spec = sp.dependence_map(catalog, "US-2025")
    names = [s.name for s in spec.series]
    assert "Mexico + Canada < 10% or not on the main line" in names
    hollow = next(s for s in spec.series if s.name.endswith("or not on the main line"))
    assert any(p.label.startswith("Antimony") for p in hollow.points)
    assert "share of U.S. imports on each mineral's main import line (MCS import sources)" in (
        spec.note
    )
