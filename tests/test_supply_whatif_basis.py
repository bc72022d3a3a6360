"""The supply table's share of a country and the what-if's share removed: one figure
where they have one total (USGS's world total), and where the what-if must use another
(the listed countries add up to more than the rounded world total), both say so with
both figures.  Expected values worked by hand from the MCS cells quoted in each test."""

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
    assert w.basis == "" and w.table_share is None
    assert "of world 100" in w.removed_share.note


def test_fixture_listed_above_the_world_total_both_figures():
    # 60 + 30 + 12 = 102 of a rounded world of 100: the table's AAA is 60 / 100 = 60%;
    # the what-if's is 60 / 102 = 58.82% -> 58.8, and 42 / 102 = 41.18% -> 41.2 left.
    line = _line({"AAA": 60.0, "BBB": 30.0, "CCC": 12.0}, 100.0)
    table = _table(line)
    assert table.rows[0].china_production.value == 60.0
    (w,) = sp.what_if(table, {"AAA"})
    assert w.removed_share.value == 58.8
    assert round(w.result.share_left_pct, 1) == 41.2
    assert w.table_share.value == 60.0
    assert "AAA: 60% of the world total in the supply table, 58.8% here" in w.basis
    assert "listed countries' sum (102 metric tons)" in w.basis
    assert "of world" not in w.removed_share.note  # its total is the listed sum, not 100
    assert "58.8% here" in w.removed_share.note and w.basis in w.result.note


@pytest.fixture(scope="module")
def us_table(catalog):
    return sp.supply_table(catalog)


def _rows(table, cid):
    row = next(r for r in table.rows if r.commodity_id == cid)
    (w,) = [x for x in sp.what_if(table, {"CHN"}, "China") if x.commodity_id == cid]
    return row, w


def test_bismuth_table_and_what_if(us_table):
    """MCS 2026, bismuth, refinery production 2025 (metric tons, estimated): China 14,000,
    South Korea 1,000, Japan 500, Laos 500, Kazakhstan 180, Bolivia 50, Bulgaria 50, United
    States — (zero); world total 16,000.  Listed sum: 14,000 + 1,000 + 500 + 500 + 180 + 50
    + 50 = 16,280, above 16,000.  Table: 14,000 / 16,000 = 87.5%.  What-if (of 16,280):
    removed 14,000 / 16,280 = 85.995% -> 86.0; left 2,280 / 16,280 = 14.005% -> 14.0;
    South Korea 1,000 / 16,280 = 6.14% -> 6.1, Japan 500 / 16,280 = 3.07% -> 3.1."""
    row, w = _rows(us_table, "bismuth")
    assert row.production.world.value == 16_000
    assert row.production.values["CHN"] == 14_000
    assert row.china_production.value == 87.5
    assert "China 86% of that sum" in row.china_production.note
    assert "(16,280 metric tons), which exceeds this world total" in row.china_production.note
    assert w.removed_share.value == 86.0
    assert round(w.result.share_left_pct, 1) == 14.0
    assert [(p.iso3, round(p.share_pct, 1)) for p in w.result.next_three[:2]] == [
        ("KOR", 6.1),
        ("JPN", 3.1),
    ]
    assert w.table_share.value == 87.5
    assert w.basis == (
        "shares of the listed countries' sum (16,280 metric tons), which exceeds USGS's "
        "rounded world total (16,000 metric tons); China: 87.5% of the world total in the "
        "supply table, 86% here"
    )
    assert sp.basis_text(w).startswith("Bismuth: shares of the listed countries' sum")


def test_gallium_table_and_what_if(us_table):
    """MCS 2026, gallium, primary production 2025 (kg, estimated): China 900,000, Russia
    6,000, Japan 3,000; world total 900,000.  Table: 900,000 / 900,000 = 100%.  What-if (of
    the listed 909,000): removed 900,000 / 909,000 = 99.0099% -> 99.0, left 9,000 / 909,000
    = 0.99% -> 1.0."""
    row, w = _rows(us_table, "gallium")
    assert row.china_production.value == 100.0
    assert "China 99% of that sum" in row.china_production.note
    assert w.removed_share.value == 99.0 and w.table_share.value == 100.0
    assert round(w.result.share_left_pct, 1) == 1.0
    assert "China: 100% of the world total in the supply table, 99% here" in w.basis
    assert "China: 100% of the world total in the supply table, 99% here" in w.result.note


def test_rare_earths_one_total_one_figure(us_table):
    # MCS 2026, rare earths, mine production 2025: China 270,000 of a world of 390,000 t,
    # the listed countries within it: 69.2% in the table and removed, nothing to explain.
    row, w = _rows(us_table, "rare-earths")
    assert row.china_production.value == 69.2 and w.removed_share.value == 69.2
    assert w.basis == "" and w.table_share is None
    assert "of that sum" not in row.china_production.note


def test_the_table_note_names_the_rows_of_the_listed_sum(catalog, us_table):
    note = next(n for n in us_table.notes if n.startswith("Where the listed countries'"))
    assert "Bismuth" in note and "Gallium" in note and "Rare earths" not in note


def test_the_cli_what_if_says_why_its_share_differs_from_the_table(catalog_path, capsys):
    from minref.cli import main

    assert main(["--catalog", str(catalog_path), "supply", "--without", "China"]) == 0
    out = capsys.readouterr().out
    # MCS 2026 bismuth: listed 14,000 + 1,000 + 500 + 500 + 180 + 50 + 50 = 16,280 t
    # against a world total of 16,000 t; China 14,000 / 16,000 = 87.5%, / 16,280 = 86%
    assert (
        "  Bismuth: shares of the listed countries' sum (16,280 metric tons), which exceeds "
        "USGS's rounded world total (16,000 metric tons); China: 87.5% of the world total in "
        "the supply table, 86% here"
    ) in out
