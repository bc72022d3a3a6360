"""USGS publishes its world totals as rounded: MCS 2026 types them "Mine production: rounded",
MCS 2022-2025 label them "World total (rounded)".  minref wrote its own "Rounded by USGS." into
the 2026 rows' note, which the window then showed as USGS's ("Note (as published): Rounded by
USGS.; Estimated.").  The qualifier is now a flag, "rounded" ("rounded by USGS" in the
reader's language), shown wherever flags are listed, and the note is USGS's cell alone.

Expected notes are the Notes cells of MCS2026_Commodities_Data.csv, typed by hand:
  SILVER, World total, Mine production: rounded, 2025, "26,000", Notes "Estimated."
  SILVER, World total, Reserves: rounded, 2025, "610,000", Notes "See Appendix C for resource
    and reserve definitions and information concerning data sources."
  SILVER, World total, Mine production: rounded, 2024, "25,300", Notes "" (empty)
"""

from __future__ import annotations

import csv

import pytest

from minref.catalog.flags import ROUNDED
from minref.ingest import usgs

APPENDIX_C = (
    "See Appendix C for resource and reserve definitions and information concerning data sources."
)
HEADER = [
    "MCS chapter",
    "Section",
    "Commodity",
    "Country",
    "Statistics",
    "Statistics_detail",
    "Unit",
    "Year",
    "Value",
    "Notes",
    "Is critical mineral 2025",
    "Other notes",
]
WORLD = "World Mine Production and Reserves"
# Hand-copied from the raw file (the "Other notes" column shortened).
RAW_ROWS = [
    ["SILVER", WORLD, "Silver", "Mexico", "Production", "Mine production", "metric tons",
     "2025", "6,300", "Estimated.", "Yes", "(Data in metric tons, silver content)"],
    ["SILVER", WORLD, "Silver", "World total", "Production", "Mine production: rounded",
     "metric tons", "2024", "25,300", "", "Yes", "(Data in metric tons, silver content)"],
    ["SILVER", WORLD, "Silver", "World total", "Production", "Mine production: rounded",
     "metric tons", "2025", "26,000", "Estimated.", "Yes", "(Data in metric tons, silver content)"],
    ["SILVER", WORLD, "Silver", "World total", "Reserves", "Reserves: rounded", "metric tons",
     "2025", "610,000", APPENDIX_C, "Yes", "(Data in metric tons, silver content)"],
]  # fmt: skip


class _Places:
    """The two places of the fixture, as the country table resolves them."""

    def resolve(self, label: str) -> tuple[str | None, str]:
        return {"Mexico": ("MEX", "country"), "World total": (None, "world")}[label]


@pytest.fixture
def world_rows(tmp_path) -> list[dict]:
    folder = tmp_path / "usgs_mcs" / "mcs2026"
    folder.mkdir(parents=True)
    with (folder / "MCS2026_Commodities_Data.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(RAW_ROWS)
    return usgs.mcs2026_rows(tmp_path, _Places())["world_production"]


def _get(rows, country, measure, year):
    return next(
        r
        for r in rows
        if r["country_label"] == country and r["measure"] == measure and r["year"] == year
    )


def test_mcs2026_world_total_keeps_usgs_note_and_carries_the_rounded_flag(world_rows):
    prod25 = _get(world_rows, "World total", "production", 2025)
    assert prod25["note"] == "Estimated."
    assert prod25["flags"].split() == ["estimated", "rounded"]
    assert prod25["type"] == "Mine production"  # the countries' line, qualifier off
    prod24 = _get(world_rows, "World total", "production", 2024)
    assert prod24["note"] == ""
    assert prod24["flags"].split() == ["rounded"]
    reserves = _get(world_rows, "World total", "reserves", 2025)
    assert reserves["note"] == APPENDIX_C
    assert reserves["flags"].split() == ["rounded"]
    mexico = _get(world_rows, "Mexico", "production", 2025)
    assert mexico["flags"].split() == ["estimated"]  # a country's figure is not rounded
    assert not any("Rounded by USGS" in r["note"] for r in world_rows)


def test_earlier_editions_rounded_labels_flag_their_figures():
    def row(country, type_, flags=""):
        return {"country_label": country, "country_raw": country, "type_raw": type_,
                "flags": flags, "note": ""}  # fmt: skip

    rows = [
        row("World total (rounded)", "Mine production, silver content", "estimated"),
        row("Other countries (rounded)", "Cement production, estimated"),
        row("World total (ilmenite, rounded)", "World total mine production: Ilmenite"),
        row("World total", "Mine production, talc and pyrophyllite (rounded)"),
        row("World total", "Mine production, silver content"),
        row("Mexico", "Mine production, silver content", "estimated"),
    ]
    assert usgs.flag_rounded(rows) == 4
    assert [r["flags"] for r in rows] == [
        "estimated rounded",
        "rounded",
        "rounded",
        "rounded",
        "",
        "estimated",
    ]
    assert all(r["note"] == "" for r in rows)


def test_catalog_world_totals_hold_usgs_note_and_the_flag(catalog):
    silver = catalog.world_production("silver", edition=2026, year=2025)
    assert silver.world_total.note == "Estimated."
    assert set(silver.world_total.flags) == {"estimated", ROUNDED}
    reserves = catalog.world_production("silver", edition=2026, year=2025, measure="reserves")
    assert reserves.world_total.note == APPENDIX_C
    assert reserves.world_total.flags == (ROUNDED,)
    # Rare-earth reserves: USGS's erratum (>85,000,000 -> >75,000,000) keeps the line's flag.
    ree = catalog.world_production("rare-earths", edition=2026, year=2025, measure="reserves")
    assert ree.world_total.raw == ">75,000,000"
    assert {"corrected", ROUNDED} <= set(ree.world_total.flags)
    assert ree.world_total.note.endswith(APPENDIX_C)
    assert "Rounded by USGS" not in ree.world_total.note
    # MCS 2023 prints "World total (rounded)" 26,000e for 2022.
    old = catalog.world_production("silver", edition=2023, year=2022)
    assert set(old.world_total.flags) == {"estimated", ROUNDED}


def test_a_share_of_a_rounded_world_total_is_not_itself_flagged_rounded(catalog):
    from minref.analysis import supply

    line = supply.line_facts(catalog.world_production("silver", edition=2026, year=2025))
    assert ROUNDED in line.world.flags
    share = supply._share(line, "MEX")
    assert share.value is not None and ROUNDED not in share.flags
    assert "estimated" in share.flags  # Mexico's 6,300 is estimated
    usmca = supply._sum_shares(line, ("MEX", "USA", "CAN"))
    assert usmca.value is not None and ROUNDED not in usmca.flags


@pytest.mark.parametrize(
    ("lang", "flags_line", "note_line", "cli"),
    [
        (
            "en",
            "Flags: estimated; rounded by USGS",
            "Note (as published): Estimated.",
            "26,000 [estimated, rounded by USGS]",
        ),
        (
            "es",
            "Marcas: estimado; redondeado por el USGS",
            "Nota (tal como se publicó): Estimated.",
            "26,000 [estimado, redondeado por el USGS]",
        ),
        (
            "fr",
            "Indicateurs\u00a0: estimé\u202f; arrondi par l'USGS",
            "Note (telle que publiée)\u00a0: Estimated.",
            "26\u202f000 [estimé, arrondi par l'USGS]",
        ),
    ],
)
def test_world_total_hover_lists_the_rounded_flag_and_usgs_note(
    window_in, catalog, lang, flags_line, note_line, cli
):
    from PySide6.QtCore import Qt

    from minref.analysis.text import fig

    w = window_in(lang, (1366, 768))
    w.open("commodity:silver")
    page = w.current_page()
    model = page.world_view.model()
    years = {model.headerData(c, Qt.Orientation.Horizontal): c for c in range(model.columnCount())}
    world = model.rowCount() - 1
    assert model.data(model.index(world, 1)) == {"en": "World total", "es": "Total mundial",
                                                 "fr": "Total mondial"}[lang]  # fmt: skip
    tip = model.data(model.index(world, years["2025"]), Qt.ItemDataRole.ToolTipRole)
    lines = tip.split("\n")
    assert flags_line in lines
    assert note_line in lines
    assert "Rounded by USGS" not in tip
    # 2024: USGS's note cell is empty, so no note at all; the flag alone says it is rounded
    tip24 = model.data(model.index(world, years["2024"]), Qt.ItemDataRole.ToolTipRole)
    lines24 = tip24.split("\n")
    assert {"en": "Flags: rounded by USGS", "es": "Marcas: redondeado por el USGS",
            "fr": "Indicateurs\u00a0: arrondi par l'USGS"}[lang] in lines24  # fmt: skip
    assert not any(x.startswith(note_line[:8]) for x in lines24)
    # the terminal's `minref show` prints the world total with the same flag words
    total = catalog.world_production("silver", edition=2026, year=2025).world_total
    assert fig(total) == cli


# MCS2026_Commodities_Data.csv, typed by hand: SULFUR, Salient Statistics—United States,
# Statistics_detail "Production: Total (rounded)", thousand metric tons, 2021 "8,070" (Notes
# empty) ... 2025 "8,100" (Notes "Estimated."). The line's label says USGS rounded it.
SULFUR_ROUNDED = {2021: "8,070", 2022: "8,640", 2023: "8,650", 2024: "8,320", 2025: "8,100"}


def test_a_salient_line_labelled_rounded_carries_the_flag():
    def row(detail, note="", flags=""):
        return {"detail": detail, "note": note, "flags": flags}

    rows = [
        row("Production: Total (rounded)"),
        row("Production: Total (rounded)", "Estimated.", "estimated"),
        # A note that speaks of rounding is shown as published, not made a flag: some
        # are about one year only.
        row("Production: Silicon carbide", "Rounded to the nearest 5,000 tons to avoid ..."),
        row("Production: Ground and crushed"),  # "ground", not "rounded"
    ]
    assert usgs.flag_rounded(rows, lambda r: r["detail"]) == 2
    assert [r["flags"] for r in rows] == ["rounded", "estimated rounded", "", ""]
    assert rows[2]["note"].startswith("Rounded to the nearest")


def test_catalog_sulfur_us_production_is_flagged_rounded(catalog):
    table = catalog.us_salient("sulfur", edition=2026)
    total = {
        f.figure.year: f.figure
        for f in table.rows
        if f.statistic == "production" and f.detail == "Production: Total (rounded)"
    }
    assert {y: f.raw for y, f in total.items()} == SULFUR_ROUNDED
    assert all(ROUNDED in f.flags for f in total.values())
    assert set(total[2025].flags) == {"estimated", ROUNDED}
    assert total[2021].note == ""  # minref adds nothing to USGS's note
    # A line whose label does not say so stays unflagged.
    others = [f for f in table.rows if f.detail != "Production: Total (rounded)"]
    assert others and not any(ROUNDED in f.figure.flags for f in others)
