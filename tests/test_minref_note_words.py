"""minref's own words recorded in a world figure's note are shown as minref's, never as the
source's: ingest writes them at the head of the note in fixed forms (catalog.flags), and the
hover gives each on a "minref's note" line, the source's note alone on "Note (as
published)".  The hover read "Note (as published): Unit corrected by minref from 'metric
tons': …", "Note (as published): Also on the platinum-group metals page (…).; Estimated.",
"Note (as published): USGS qualifier for this country: concentrate." and "…: Not ranked: not
the country's own production.".

Expected published notes are the Notes cells of the raw files, typed by hand:
  MCS2026_Commodities_Data.csv, VANADIUM, Australia, Reserves, 2025, "10,000", Notes "See
    Appendix C for resource and reserve definitions and information concerning data
    sources. -- For Australia, Joint Ore Reserves Committee-compliant or equivalent reserves
    were 2.3 million tons."  (Unit "metric tons"; the thousand metric tons are minref's erratum)
  MCS2026_Commodities_Data.csv, PLATINUM-GROUP METALS, Palladium, Canada, Production,
    "Mine production: Palladium", 2025, "16,000", Notes "Estimated."; 2024 "17,000", Notes ""
  mcs2022-manga_world.csv, "Kazakhstan, concentrate", 2020, 158: no note
  mcs2023 helium world file, "United States (from Cliffside Field)", 2021, 7: no note
  MCS 2025 world file, antimony, Guatemala, reserves: value cell blank, notes "NA"
"""

from __future__ import annotations

import pytest

from minref.catalog.flags import split_note

AUSTRALIA_VANADIUM = (
    "See Appendix C for resource and reserve definitions and information concerning data"
    " sources. -- For Australia, Joint Ore Reserves Committee-compliant or equivalent reserves"
    " were 2.3 million tons."
)


def _row(table, country, year=None):
    return next(
        r.figure
        for r in table.rows
        if r.country_label == country and (year is None or r.figure.year == year)
    )


def _tip(catalog, fig):
    from minref.ui.tables import figure_tooltip

    return figure_tooltip(fig, catalog.source(fig.source_id))


def _lines(tip: str) -> list[str]:
    # a hover line longer than 100 characters is wrapped: join a line's continuations
    out: list[str] = []
    for line in tip.split("\n"):
        if out and not any(line.startswith(h) for h in HEADS):
            out[-1] += " " + line
        else:
            out.append(line)
    return out


HEADS = ("Note (as published):", "minref's note:", "Source:", "Flags:", "Year:", "doi:")


def test_split_note_keeps_the_sources_note_as_published():
    assert split_note("USGS qualifier for this country: talc (includes steatite). Estimated.") == (
        [("qualifier", {"qualifier": "talc (includes steatite)"})],
        "Estimated.",
    )
    assert split_note(
        "Also on the platinum-group metals page (Mine production: Palladium).; Estimated."
    ) == ([("family_copy", {"line": "Mine production: Palladium"})], "Estimated.")
    assert split_note("Value cell blank; the code is USGS's note: NA") == (
        [("blank_code", {})],
        "NA",
    )
    # a note of the source's alone is left whole
    assert split_note("Estimated. Not ranked.") == ([], "Estimated. Not ranked.")


def test_vanadium_reserves_hover_gives_the_unit_correction_as_minrefs(catalog):
    res = catalog.world_production("vanadium", edition=2026, year=2025, measure="reserves")
    fig = _row(res, "Australia")
    assert fig.unit == "thousand metric tons"
    lines = _lines(_tip(catalog, fig))
    assert f"Note (as published): {AUSTRALIA_VANADIUM}" in lines
    assert (
        "minref's note: Unit corrected from metric tons to thousand metric tons: Same reserves as"
        " MCS 2024 (Reserves_kt) and MCS 2025 ('Reserve data is thousand metric tons'); the"
        " table's unit is the production unit." in lines
    )
    assert not any(x.startswith("Note (as published)") and "minref" in x for x in lines)


def test_pgm_copy_hover_names_the_family_page_as_minrefs(catalog):
    prod = catalog.world_production("palladium", edition=2026, year=2025)
    lines = _lines(_tip(catalog, _row(prod, "Canada", 2025)))
    assert "Note (as published): Estimated." in lines
    assert (
        "minref's note: Also on the platinum-group metals page (Mine production: Palladium)."
        in lines
    )
    prev = catalog.world_production("palladium", edition=2026, year=2024)
    lines24 = _lines(_tip(catalog, _row(prev, "Canada", 2024)))
    assert not any(x.startswith("Note (as published)") for x in lines24)  # USGS's cell is empty


def test_qualifier_and_not_ranked_are_minrefs_lines(catalog):
    mn = catalog.world_production("manganese", edition=2022, year=2020)
    lines = _lines(_tip(catalog, _row(mn, "Kazakhstan")))
    assert "minref's note: USGS qualifier for this country: concentrate." in lines
    assert not any(x.startswith("Note (as published)") for x in lines)
    he = catalog.world_production("helium", edition=2023, year=2021)
    lines = _lines(_tip(catalog, _row(he, "United States (from Cliffside Field)")))
    assert "minref's note: Not ranked: not the country's own production." in lines
    assert not any(x.startswith("Note (as published)") for x in lines)


def test_blank_value_cell_hover_gives_usgs_note_alone(catalog):
    res = catalog.world_production("antimony", edition=2025, year=2024, measure="reserves")
    lines = _lines(_tip(catalog, _row(res, "Guatemala")))
    assert "Note (as published): NA" in lines
    assert (
        "minref's note: The value cell is blank; the code shown is the one in USGS's note." in lines
    )


def test_profile_still_names_the_qualifier_beside_the_country(catalog):
    from minref.analysis.lines import qualifier_of

    fig = _row(catalog.world_production("manganese", edition=2022, year=2020), "Kazakhstan")
    assert qualifier_of(fig.note) == "concentrate"
    assert qualifier_of("Estimated.") == ""


@pytest.mark.parametrize(
    ("lang", "note_line", "minref_line"),
    [
        (
            "es",
            "Nota (tal como se publicó): Estimated.",
            "Nota de minref: También en la página de los metales del grupo del platino"
            " (Mine production: Palladium).",
        ),
        (
            "fr",
            "Note (telle que publiée)\u00a0: Estimated.",
            "Note de minref\u00a0: Aussi sur la page des métaux du groupe du platine"
            " (Mine production: Palladium).",
        ),
    ],
)
def test_pgm_hover_in_the_readers_language(window_in, catalog, lang, note_line, minref_line):
    from PySide6.QtCore import Qt

    w = window_in(lang, (1366, 768))
    w.open("commodity:palladium")
    model = w.current_page().world_view.model()
    years = {model.headerData(c, Qt.Orientation.Horizontal): c for c in range(model.columnCount())}
    canada = next(
        r for r in range(model.rowCount()) if model.data(model.index(r, 1)) == "Canadá"
        or model.data(model.index(r, 1)) == "Canada"
    )  # fmt: skip
    tip = model.data(model.index(canada, years["2025"]), Qt.ItemDataRole.ToolTipRole)
    joined = tip.replace("\n", " ")
    assert note_line in tip.split("\n")
    assert minref_line in joined


def test_no_committed_note_keeps_minrefs_words_after_the_split():
    import csv
    import gzip
    import re
    from pathlib import Path

    from minref.ingest.errata import UNIT_ERRATA

    whys = {why for *_, why in UNIT_ERRATA}
    # the form's reason ends at ". " before a word ("U.S. 130,000 in 2024: …" is one reason)
    assert not any(re.search(r"\. \D", why) for why in whys)
    words = (
        "by minref",
        "USGS qualifier for this country",
        "Also on the platinum-group metals page",
        "Not ranked: not the country",
        "Value cell blank",
    )
    db = Path(__file__).resolve().parents[1] / "db" / "world_production.csv.gz"
    seen = 0
    with gzip.open(db, "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            parts, published = split_note(row["note"])
            seen += bool(parts)
            assert all(f["why"] in whys for k, f in parts if k == "unit_corrected"), row["note"]
            assert not any(w in published for w in words), row["note"]
    assert seen > 900  # 222 unit, 28 PGM copies, 426 qualifiers, 9 not ranked, 290 blank cells


def test_a_chart_points_hover_labels_minrefs_words_as_the_tables_do(qtbot, catalog):
    # Palladium's world ranking (MCS 2026, 2025): Canada's point carries the catalog note
    # "Also on the platinum-group metals page (Mine production: Palladium).; Estimated.";
    # the hover printed it raw, minref's words and USGS's run together as one line.
    from minref.analysis import charts
    from minref.ui.charts import point_text

    spec = charts.world_ranking(catalog, "palladium")
    canada = next(p for s in spec.series for p in s.points if "Canada" in str(p.x))
    tip = point_text(spec, spec.series[0].name, canada, catalog.sources).splitlines()
    assert (
        "minref's note: Also on the platinum-group metals page (Mine production: Palladium)."
        in (tip)
    )
    assert "Note (as published): Estimated." in tip
    assert not [line for line in tip if ".; Estimated" in line]
