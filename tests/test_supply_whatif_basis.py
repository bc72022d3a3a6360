"""The supply table's share of a country and the what-if's share removed: one figure on
the whole page.  Where the listed countries add up to more than USGS's rounded world total
both are of their sum, and say so; QA found gallium 100.0 on the table tab beside 99.0 on the
what-if tab (bismuth 87.5 beside 86.0).  Expected values worked by hand from the MCS cells
quoted in each test."""

from __future__ import annotations

import pytest

from minref.analysis import supply as sp
from minref.catalog.models import Figure


def _line(values: dict[str, float], world: float) -> sp.LineFacts:
    fig = lambda v: Figure(v, f"{v:,.0f}", "t", 2025, (), "fx")  # noqa: E731
    return sp.LineFacts(
        2026,
        "Mine production",
        2025,
        "metric tons",
        "fx",
        fig(world),
        dict(values),
        {k: fig(v) for k, v in values.items()},
        {k: k for k in values},
        False,
    )


def _table(line: sp.LineFacts) -> sp.SupplyTable:
    blank = {f: None for f in sp.SupplyRow.__dataclass_fields__}
    blank.update(
        commodity_id="fx",
        name="Fixture",
        members=("Fixture",),
        list_source_id="fx",
        production=line,
        china_production=sp._share(line, "AAA"),
        concentration=sp.concentration(line),
        refining_basis="",
        import_detail="",
        import_period="",
        import_sources_held=False,
        consumption_basis="",
        gaps=(),
        source_ids=("fx",),
    )
    cl = sp.CriticalList("FX-2025", "Fixture", "Fixture list", 2025, "final", "fx")
    return sp.SupplyTable(cl, [sp.SupplyRow(**blank)], ("fx",))


def test_fixture_listed_within_the_world_total_one_figure():
    # 60 + 30 + 10 = 100 of a world of 100: AAA is 60% in the table and removed.
    (w,) = sp.what_if(_table(_line({"AAA": 60.0, "BBB": 30.0, "CCC": 10.0}, 100.0)), {"AAA"})
    assert w.removed_share.value == 60.0
    assert w.basis == ""
    assert "of world 100" in w.removed_share.note


def test_fixture_listed_above_the_world_total_one_figure_named():
    # 60 + 30 + 12 = 102 of a rounded world of 100: AAA is 60 / 102 = 58.82% -> 58.8 in
    # the table and removed, and 42 / 102 = 41.18% -> 41.2 left.
    line = _line({"AAA": 60.0, "BBB": 30.0, "CCC": 12.0}, 100.0)
    table = _table(line)
    assert table.rows[0].china_production.value == 58.8
    assert "listed countries' sum (102 metric tons)" in table.rows[0].china_production.note
    (w,) = sp.what_if(table, {"AAA"})
    assert w.removed_share.value == 58.8
    assert round(w.result.share_left_pct, 1) == 41.2
    assert w.basis == (
        "shares of the listed countries' sum (102 metric tons), which exceeds USGS's rounded "
        "world total (100 metric tons)"
    )
    assert "of world" not in w.removed_share.note  # its total is the listed sum, not 100
    assert w.basis in w.removed_share.note and w.basis in w.result.note


@pytest.fixture(scope="module")
def us_table(catalog):
    return sp.supply_table(catalog)


def _rows(table, cid):
    row = next(r for r in table.rows if r.commodity_id == cid)
    (w,) = [x for x in sp.what_if(table, {"CHN"}, "China") if x.commodity_id == cid]
    return row, w


def test_bismuth_table_and_what_if_one_figure(us_table):
    """MCS 2026, bismuth, refinery production 2025 (metric tons, estimated): China 14,000,
    South Korea 1,000, Japan 500, Laos 500, Kazakhstan 180, Bolivia 50, Bulgaria 50, United
    States — (zero); world total 16,000.  Listed sum: 14,000 + 1,000 + 500 + 500 + 180 + 50
    + 50 = 16,280, above 16,000.  China 14,000 / 16,280 = 85.995% -> 86.0 in the table and
    removed (not 14,000 / 16,000 = 87.5); left 2,280 / 16,280 = 14.005% -> 14.0; South Korea
    1,000 / 16,280 = 6.14% -> 6.1, Japan 500 / 16,280 = 3.07% -> 3.1."""
    row, w = _rows(us_table, "bismuth")
    assert row.production.world.value == 16_000
    assert row.production.values["CHN"] == 14_000
    assert row.china_production.value == 86.0
    assert (
        "(16,280 metric tons), which exceeds USGS's rounded world total (16,000 metric tons)"
    ) in row.china_production.note
    assert row.concentration.leader_share.value == 86.0
    assert w.removed_share.value == 86.0
    assert round(w.result.share_left_pct, 1) == 14.0
    assert [(p.iso3, round(p.share_pct, 1)) for p in w.result.next_three[:2]] == [
        ("KOR", 6.1),
        ("JPN", 3.1),
    ]
    assert w.basis == (
        "shares of the listed countries' sum (16,280 metric tons), which exceeds USGS's "
        "rounded world total (16,000 metric tons)"
    )
    assert sp.basis_text(w).startswith("Bismuth: shares of the listed countries' sum")


def test_gallium_table_and_what_if_one_figure(us_table):
    """MCS 2026, gallium, primary production 2025 (kg, estimated): China 900,000, Russia
    6,000, Japan 3,000; world total 900,000.  Listed sum 909,000: China 900,000 / 909,000 =
    99.0099% -> 99.0 in the table and removed (not 900,000 / 900,000 = 100); left 9,000 /
    909,000 = 0.99% -> 1.0; Russia 6,000 / 909,000 = 0.66% -> 0.7 in the table."""
    row, w = _rows(us_table, "gallium")
    assert row.china_production.value == 99.0
    assert "(909,000 kilograms), which exceeds USGS's" in row.china_production.note
    assert w.removed_share.value == 99.0
    assert round(w.result.share_left_pct, 1) == 1.0
    assert "exceeds USGS's rounded world total (900,000 kilograms)" in w.basis


def test_rare_earths_one_total_one_figure(us_table):
    # MCS 2026, rare earths, mine production 2025: China 270,000 of a world of 390,000 t,
    # the listed countries within it: 69.2% in the table and removed, nothing to explain.
    row, w = _rows(us_table, "rare-earths")
    assert row.china_production.value == 69.2 and w.removed_share.value == 69.2
    assert w.basis == ""
    assert "of world 390,000" in row.china_production.note


def test_the_table_note_names_the_rows_of_the_listed_sum(catalog, us_table):
    note = next(n for n in us_table.notes if n.startswith("Where the listed countries'"))
    assert "Bismuth" in note and "Gallium" in note and "Rare earths" not in note
    assert "table, map and what-if" in note


def test_the_cli_what_if_says_which_rows_are_of_the_listed_sum(catalog_path, capsys):
    from minref.cli import main

    assert main(["--catalog", str(catalog_path), "supply", "--without", "China"]) == 0
    out = capsys.readouterr().out
    # MCS 2026 bismuth: listed 14,000 + 1,000 + 500 + 500 + 180 + 50 + 50 = 16,280 t
    # against a world total of 16,000 t; China 14,000 / 16,280 = 86.0% in both tables
    assert (
        "  Bismuth: shares of the listed countries' sum (16,280 metric tons), which exceeds "
        "USGS's rounded world total (16,000 metric tons)\n"
    ) in out
    assert "87.5" not in out
