"""Mexico's declarations to UN Comtrade by HS4 heading and main partner (2015-2021): the
reader against source cells, the cross-check with the held Comtrade metal file, the
Comtrade budget in the bundled catalog and the claims register."""

from __future__ import annotations

import pytest

from minref.catalog.flags import FLAG_LABELS, MAIN_PARTNERS_ONLY
from minref.ingest import mexico_hs4, trade

COMTRADE_SOURCES = ("un-comtrade-metals-exports", "un-comtrade-us-china", mexico_hs4.SOURCE_ID)


@pytest.fixture(scope="module")
def rows(shared_data):
    return mexico_hs4.mexico_hs4_rows(shared_data)


def _cell(rows, flow, hs, year, iso3):
    (r,) = [
        r
        for r in rows
        if (r["flow"], r["hs_code"], r["year"], r["partner_iso3"]) == (flow, hs, year, iso3)
    ]
    return r


def test_source_cells(rows):
    # original/world_trade.csv: "2021,5,2529,2,842,97502500", "2019,5,2603,2,156,2067770000",
    # "2018,15,7901,2,842,292213000" (year, section, SA_4, imp_exp, partner_code, tradevalue)
    assert _cell(rows, "export", "2529", 2021, "USA")["value_usd"] == 97_502_500
    assert _cell(rows, "export", "2603", 2019, "CHN")["value_usd"] == 2_067_770_000
    assert _cell(rows, "export", "7901", 2018, "USA")["value_usd"] == 292_213_000
    r = _cell(rows, "export", "2529", 2021, "USA")
    assert r["value_basis"] == "FOB" and r["reporter_iso3"] == "MEX"
    assert r["partner_label"] == "United States of America"


def test_every_row_flagged_and_world_kept_apart(rows):
    assert len(rows) == 12_080  # SOURCES.md section 12: the mineral extract has 12,080 rows
    assert {r["flags"] for r in rows} == {MAIN_PARTNERS_ONLY}
    assert "below the cut" in FLAG_LABELS[MAIN_PARTNERS_ONLY]
    world = [r for r in rows if r["partner_kind"] == "world"]
    assert world and all(r["partner_iso3"] == "" for r in world)
    assert {r["hs_code"][:2] for r in rows} <= mexico_hs4.MINERAL_CHAPTERS
    # 490 is Comtrade's "Other Asia, nes", never a country
    others = [r for r in rows if r["partner_label"] == "Other Asia, nes"]
    assert others and all(r["partner_kind"] == "others" for r in others)


def test_derived_extract_agrees(rows, shared_data):
    import csv

    path = shared_data / mexico_hs4.FOLDER / "mexico_reported_trade_hs4_minerals_2015_2021.csv"
    with path.open(encoding="utf-8") as fh:
        extract = {
            (r["flow"], r["hs4"], int(r["year"]), r["partner_code"]): float(r["value_usd"])
            for r in csv.DictReader(fh)
        }
    assert len(extract) == len(rows)
    mine = {
        (r["flow"], r["hs_code"], r["year"], r["partner_iso3"]): r["value_usd"]
        for r in rows
        if r["partner_kind"] == "country"
    }
    assert mine[("export", "2529", 2015, "USA")] == extract[("export", "2529", 2015, "842")]


def test_agrees_with_held_metal_file_within_rounding(rows, shared_data):
    """Silver 7106 and gold 7108 to the U.S.: this source stores ~6 significant digits."""
    metals = {
        (r["hs_code"], r["year"]): r["value_usd"]
        for r in trade.comtrade_metals_rows(shared_data)
        if r["reporter_iso3"] == "MEX" and r["partner_iso3"] == "USA" and r["flow"] == "export"
    }
    pairs = [
        (r["value_usd"], metals[(r["hs_code"], r["year"])])
        for r in rows
        if r["hs_code"] in ("7106", "7108") and r["partner_iso3"] == "USA" and r["flow"] == "export"
    ]
    assert len(pairs) == 14  # 2 headings x 7 years
    for ours, theirs in pairs:
        assert abs(ours - theirs) <= 5e-6 * theirs
    # the held file's cell for silver 2015 (SOURCES.md section 9: US$1.81 bn)
    assert metals[("7106", 2015)] == 1_812_567_885


def test_claims_register(shared_data):
    reg = mexico_hs4.claims_register_rows(shared_data)
    assert len(reg) == 14  # SOURCES.md section 13: 14 rows
    first = reg[0]
    assert first["figure"] == "52" and first["date"] == "2025-11-20"
    assert "Camimex" in first["originator"]


def test_bundled_catalog_holds_it_within_the_comtrade_budget(catalog):
    counts = catalog.trade_rows_by_source()
    if mexico_hs4.SOURCE_ID not in counts:
        pytest.skip("db/ not yet refreshed with the Mexico HS4 source")
    assert counts[mexico_hs4.SOURCE_ID] == 12_080  # every Mexico row kept first
    assert sum(counts.get(s, 0) for s in COMTRADE_SOURCES) <= trade.COMTRADE_CAP
    src = catalog.source(mexico_hs4.SOURCE_ID)
    assert src.attribution == "Source: UN Comtrade" and "98 %" in src.notes
    (f,) = [
        f
        for f in catalog.trade_flows("MEX", "USA", "2529", 2021, "export")
        if f.source_id == mexico_hs4.SOURCE_ID
    ]
    assert f.value_usd == 97_502_500 and f.flags == (MAIN_PARTNERS_ONLY,)


# ---------------------------------------------------------------- claims on a fixture


def _f(hs, iso3, value, *, kind="country", year=2019, partner=None, fl="export"):
    from minref.catalog.models import TradeFlow

    return TradeFlow(
        source_id=mexico_hs4.SOURCE_ID,
        reporter_iso3="MEX",
        reporter_label="Mexico",
        partner_iso3=iso3,
        partner_label=partner or (iso3 or "World"),
        partner_kind=kind,
        flow=fl,
        hs_code=hs,
        hs_description="",
        year=year,
        month=0,
        period="annual",
        value_usd=value,
        value_basis="FOB",
        quantity=None,
        quantity_unit="",
        net_weight_kg=None,
        flags=(MAIN_PARTNERS_ONLY,),
    )


FIXTURE = [
    _f("2603", "USA", 10.0),
    _f("2603", "CHN", 90.0),
    _f("2603", None, 1000.0, kind="world"),  # World: never in a listed-partner share
    _f("2603", "JPN", float("nan")),  # refused
    _f("2603", "KOR", -5.0),  # refused
    _f("2529", "USA", 60.0),
    _f("2529", "CAN", 40.0),
    _f("7106", "USA", 95.0),
    _f("7106", "IND", 5.0),
    _f("7108", "USA", 50.0),
    _f("7108", "CHE", 50.0),
    _f("7901", "USA", 30.0),
    _f("7901", "BEL", 10.0),
    _f("7306", "USA", 100.0),  # tubes of steel: not a primary form, in no basket
    _f("8111", "USA", 2.0),
    _f("8111", "IND", 8.0),
    _f("2836", "USA", 20.0),
    _f("2836", "JPN", 20.0),
    _f("2836", None, 10.0, kind="others", partner="Other Asia, nes"),  # a listed partner
]
# By hand: ores 10/100; industrial 60/100; precious (95+50)/200; base (30+2)/(40+10);
# chemicals 20/50; union (10+60+145+32+20)/(100+100+200+50+50) = 267/500.
EXPECTED = {
    "ores": 10.0,
    "industrial": 60.0,
    "precious": 72.5,
    "base": 64.0,
    "chemicals": 40.0,
    "minero-metallurgical": 53.4,
}


class FixtureData:
    """TradeData-shaped: the fixture rows, filtered like the catalog filters them."""

    def __init__(self, catalog, rows):
        self.catalog, self.rows = catalog, rows

    def flows(self, reporter=None, partner=None, hs=None, year=None, flow=None):
        return [
            r
            for r in self.rows
            if (reporter is None or r.reporter_iso3 == reporter)
            and (partner is None or r.partner_iso3 == partner)
            and (hs is None or r.hs_code.startswith(hs))
            and (year is None or r.year == year)
            and (flow is None or r.flow == flow)
        ]

    def sources(self):
        return self.catalog.sources


def test_every_basket_share_by_hand():
    from minref.analysis import claims

    cells = claims.basket_shares(FIXTURE)
    for basket, share in EXPECTED.items():
        assert cells[(basket, 2019)].share_pct == pytest.approx(share), basket
    assert cells[("ores", 2019)].rejected == 2  # the nan and the negative value
    assert cells[("base", 2019)].headings == 2  # 7901, 8111; 7306 is not a primary form


def test_us_share_verdict_moves_with_the_definitions(catalog):
    from minref.analysis import claims

    data = FixtureData(catalog, FIXTURE)
    r = claims.claim_us_share(data)  # union 53.4 %, tolerance 1 point: not 52 %
    assert r.verdict == claims.NOT_SUPPORTED and "nan" not in r.value + r.reason
    assert "2 rows with non-finite or negative values were left out" in r.reason
    r2 = claims.claim_us_share(data, tolerance=2.0)
    # 52 is 1.4 points below 53.4: within the tolerance, not within the range, and said so
    assert r2.verdict == claims.PARTLY and "lies within 2 points of the range" in r2.reason
    assert "On ores alone (ch. 26) the U.S. takes 10.0%" in r2.reason
    r3 = claims.claim_us_share(data, basket="ores", tolerance=2.0)
    assert r3.verdict == claims.NOT_SUPPORTED
    # Ores is the basket itself: its share is said once, not again as "on ores alone".
    assert r3.reason.count("10.0%") == 1 and "On ores alone" not in r3.reason
    assert "not of a true world total nor of the year the claim refers to." in r2.reason
    r4 = claims.claim_us_share(data, include_precious=False)
    without = "precious metals in primary forms (7110, 7112; gold and silver left out)"
    assert [row[0] for row in r4.table][2] == without  # it read "(7106, 7108, 7110, 7112)"
    assert r.table[2][0] == "precious metals in primary forms (7106, 7108, 7110, 7112)"
    assert "refined and manufactured" in r.definitions["scope of the 52 %"]
    assert "listed partners" in r.definitions["partners"]
    assert any("Camimex" in c["originator"] for c in r.claimed_by) or not catalog.claims_register()


def test_products_counts_headings_above_the_threshold(catalog):
    from minref.analysis import claims

    data = FixtureData(catalog, FIXTURE)
    # U.S. rows above US$25: 2529 (60), 7106 (95), 7108 (50), 7901 (30) -> 4 in the union
    r = claims.claim_products(data, min_value=25.0)
    assert r.table[-1] == ["minero-metallurgical (the union of the five baskets)", "4"]
    r0 = claims.claim_products(data, min_value=0.0)  # + 2603, 8111, 2836 -> 7
    assert r0.table[-1][1] == "7"
    assert r.verdict == claims.NOT_SUPPORTED  # 4 headings, not 52
    with pytest.raises(ValueError):
        claims.claim_products(data, min_value=float("inf"))


# ---------------------------------------------------------------- claims on the real data


@pytest.fixture(scope="module")
def hs4_data(catalog):
    from minref.analysis import trade as tr

    if mexico_hs4.SOURCE_ID not in catalog.trade_rows_by_source():
        pytest.skip("db/ not yet refreshed with the Mexico HS4 source")
    return tr.TradeData(catalog)


def test_real_shares(hs4_data):
    from minref.analysis import claims

    flows = [f for f in hs4_data.flows("MEX", None, None, 2019, "export") if len(f.hs_code) == 4]
    flows = [f for f in flows if f.source_id == mexico_hs4.SOURCE_ID]
    copper = claims.basket_shares(flows, {"cu": claims.Basket("cu", "", headings=("2603",))})
    # SOURCES.md section 12: 2603 copper ore 2019: 5.9 % U.S. (88.8 % China)
    assert round(copper[("cu", 2019)].share_pct, 1) == 5.9
    cells = claims.basket_shares(flows)
    # Ch. 26 in 2019: US$168.5 M of US$4,283.6 M (sum of the source's 2019 ch. 26 rows).
    assert 3.0 < cells[("ores", 2019)].share_pct < 5.0
    pair = claims.basket_shares(flows, {"p": claims.Basket("p", "", ("25", "26"))})
    # SOURCES.md section 12: ch. 25+26 8-13 % (2015-2021)
    assert 5.0 < pair[("p", 2019)].share_pct < 15.0


def test_real_claims(hs4_data):
    from minref.analysis import claims

    r = claims.claim_us_share(hs4_data)
    assert r.verdict == claims.PARTLY
    assert "minero-metallurgical" in r.reason and "On ores alone" in r.reason
    assert "Camimex" in r.definitions["claimed by"]
    ores = claims.claim_us_share(hs4_data, basket="ores")
    assert ores.verdict == claims.NOT_SUPPORTED
    p = claims.claim_products(hs4_data)
    assert "no Mexican rare-earth production" in p.reason
    ree = {s.definition: s.result for s in p.sensitivity if s.definition.startswith("HS 2846")}
    # SOURCES.md section 12: 2846 exports US$15 k-304 k a year 2015-2019
    assert ree["HS 2846 exports 2018 (all listed partners; of which U.S.)"].startswith("US$304 k")
    assert ree["HS 2846 exports 2016 (all listed partners; of which U.S.)"].startswith("US$15 k")


def test_top10_strict_reading_first(catalog):
    from minref.analysis import claims

    r = claims.claim_top10(catalog)
    # issue 15 / README: MCS 2026 mine production alone gives 14; MCS 2024 and 2025 give 16
    if catalog.latest_edition == 2026:
        assert r.sensitivity[0].definition.startswith("strict reading: MCS 2026")
        assert r.sensitivity[0].result == "14" and r.verdict == claims.PARTLY
    sens = {s.definition: s.result for s in r.sensitivity}
    assert sens["MCS 2024, commodities, mine production only"] == "16"
    assert sens["MCS 2025, commodities, mine production only"] == "16"
    assert claims.claim_top10(catalog, edition=2025).verdict == claims.SUPPORTED
    assert "MCS 2025, commodities, mine production only" in r.definitions["holds exactly under"]
    assert r.table_header[0] == "Mineral" and r.table[0][0] == "Silver"


# ---------------------------------------------------------------- desk arithmetic


def _g(hs, value, *, year=2019, source="un-comtrade-metals-exports", flags=(), **kw):
    from minref.catalog.models import TradeFlow

    fields = dict(
        source_id=source,
        reporter_iso3="MEX",
        reporter_label="Mexico",
        partner_iso3="USA",
        partner_label="United States",
        partner_kind="country",
        flow="export",
        hs_code=hs,
        year=year,
        period="annual",
        value_usd=value,
        flags=flags,
    )
    fields.update(kw)
    return TradeFlow.make(**fields)


HS4 = dict(source=mexico_hs4.SOURCE_ID, flags=(MAIN_PARTNERS_ONLY,))


def test_hs_year_table_by_hand():
    from minref.analysis import trade as tr

    flows = [
        _g("7106", 100.0),  # every partner: preferred over the main-partners row below
        _g("7106", 99.9, **HS4),
        _g("7108", 50.0, **HS4),
        _g("2603", 10.0, **HS4),
        _g("2603", 20.0, year=2020, **HS4),
        _g("8111", 3.0),
        _g("8111", 5.0, year=2020),
        _g("8105", 4.0, year=2020),
        _g("8105", float("inf"), year=2021),  # refused
        _g("2603", 1000.0, partner_kind="world", partner_iso3=None, **HS4),  # not a partner
    ]
    t = tr.hs_year_table(flows, title="t", describe=lambda c: f"[{c}]")
    rows = {r.code: r for r in t.rows}
    assert t.years == [2019, 2020]  # 2021 holds only the refused value
    assert [r.code for r in t.rows] == ["26", "2603", "71", "7106", "7108", "81", "8105", "8111"]
    assert rows["71"].values == {2019: 150.0, 2020: None}  # 100 (metals) + 50, not + 99.9
    assert rows["71"].label == "[71]"  # the HS4 source declares every heading of ch. 71
    assert rows["81"].label == "sum of the headings held: 1 in 2019; 2 in 2020"
    assert rows["81"].values == {2019: 3.0, 2020: 9.0}
    assert t.total.values == {2019: 163.0, 2020: 29.0}
    assert any("1 row of un-comtrade-mexico-hs4" in n for n in t.notes)
    assert any("1 row with a non-finite" in n for n in t.notes)
    flat = tr.hs_year_table(flows, chapters=False)
    assert [r.level for r in flat.rows] == [4] * 5
    assert flat.total.values == t.total.values


def test_hs_year_chart_of_an_empty_selection_says_so_without_a_row_count():
    from minref.analysis import trade as tr

    spec = tr.hs_year_chart(tr.hs_year_table([], title="t"), sources={})
    assert spec.is_empty
    assert spec.empty_reason == "No flows held for this selection."
    assert "largest" not in spec.note and "0" not in spec.caption
    one = tr.hs_year_chart(tr.hs_year_table([_g("7106", 100.0)], title="t"), sources={})
    assert one.note == "The 1 largest row of the table."


def test_mirror_compares_like_with_like(catalog):
    from minref.analysis import trade as tr

    census = [
        _g(
            "75",
            10.0,
            year=2023,
            source="census",
            reporter_iso3="USA",
            partner_iso3="MEX",
            flow="import",
            period="month",
            month=m,
        )
        for m in range(1, 13)
    ]
    a_side = [_g("7502", 100.0, year=2023)]
    data = FixtureData(catalog, a_side + census)
    (m,) = tr.mirror_like_with_like(data)
    # one heading against the chapter total: no gap (was 150,276 % for ch. 75)
    assert not m.comparable and m.gap is None and "not comparable" in m.note
    assert (m.declared_by_a, m.declared_by_b) == (100.0, 120.0)
    b_heading = [
        _g(
            "7502",
            110.0,
            year=2023,
            source="user",
            reporter_iso3="USA",
            partner_iso3="MEX",
            flow="import",
        )
    ]
    (m2,) = tr.mirror_like_with_like(FixtureData(catalog, a_side + census + b_heading))
    assert m2.basis == "headings both hold" and m2.gap == 10.0 and m2.gap_pct == 10.0


def test_titles_read_as_sentences():
    from minref.analysis import trade as tr

    names = {"MEX": "Mexico", "USA": "United States", "CHN": "China"}.get
    assert tr.flow_title("USA", "MEX", "import", names) == "U.S. imports from Mexico"
    assert tr.flow_title("MEX", "USA", "export", names) == "Mexico exports to the U.S."
    assert tr.flow_title("MEX", None, "export", names) == "Mexico exports to all partners"


# ---------------------------------------------------------------- CLI parity


def test_cli_trade_reads_user_data_and_views(catalog_path, tmp_path, capsys):
    import json
    from pathlib import Path

    from minref.cli import main

    fixture = Path(__file__).parent / "fixtures" / "imports" / "comtrade_export.csv"
    data = tmp_path / "mine.sqlite"
    base = ["--catalog", str(catalog_path)]
    assert main(base + ["trade", "--reporter", "MEX", "--data", str(data)]) == 1  # no file
    assert "no data file" in capsys.readouterr().err and not data.exists()
    assert main(base + ["import", str(fixture), "--data", str(data), "--yes"]) == 0
    capsys.readouterr()
    args = ["trade", "--reporter", "MEX", "--partner", "USA", "--hs", "252921", "--json"]
    assert main(base + args + ["--data", str(data)]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    # the fixture's first row: Mexico -> U.S., 2529.21, 2023, US$30,500,000
    assert any(r["year"] == 2023 and r["value_usd"] == 30_500_000 for r in rows)
    table = ["trade", "--reporter", "MEX", "--partner", "USA", "--table", "--json"]
    assert main(base + table + ["--data", str(data)]) == 0
    t = json.loads(capsys.readouterr().out)["table"]
    assert t["title"] == "Mexico exports to the U.S." and t["total"]["level"] == 0
    assert main(base + ["trade", "--reporter", "MEX", "--shares"]) == 2  # no product
    capsys.readouterr()
    mirror = ["trade", "--reporter", "MEX", "--partner", "USA", "--mirror", "--json"]
    assert main(base + mirror) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    (m75,) = [r for r in rows if (r["year"], r["chapter"]) == (2023, "75")]
    assert m75["basis"] == "" and "not comparable" in m75["note"]
    assert main(base + ["claims", "--data", str(data), "--basket", "ores", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [c["claim_id"] for c in out["claims"]] == ["us-share", "products", "top10"]


def test_hs_year_table_chapter_totals_as_declared():
    from minref.analysis import trade as tr

    census = dict(source="census", reporter_iso3="USA", partner_iso3="MEX", flow="import")
    flows = [_g("75", 10.0, year=2023, period="month", month=m, **census) for m in range(1, 13)]
    flows += [_g("75", 7.0, year=2024, period="month", month=m, **census) for m in (1, 2, 3)]
    t = tr.hs_year_table(flows, describe=lambda c: f"[{c}]")
    (row,) = t.rows
    assert row.label == "[75]" and row.values == {2023: 120.0}  # 12 months summed
    assert t.total.values == {2023: 120.0}
    assert any("fewer than 12 months" in n and "ch. 75 2024" in n for n in t.notes)
