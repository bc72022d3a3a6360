"""The import's progress line and preview summary read as a sentence in each language:
one row is "1 row" (not "1 rows"), a single year is "year 2022" (not "years 2022–2022")."""

from __future__ import annotations

import pytest

from minref import i18n
from minref.userdata.importers import ImportPreview, Progress


def progress(rows: int, stage: str = "preview", done: int = 50, elapsed: float = 2.0):
    return Progress(stage, rows, done, 100, elapsed)


def preview(years: list[int], rows: int = 1) -> ImportPreview:
    return ImportPreview(
        path="/data/BACI_HS22_Y2022_V202401.csv",
        file_name="BACI_HS22_Y2022_V202401.csv",
        file_format="baci",
        sha256="0" * 64,
        meta={},
        encoding="utf-8",
        members=[],
        rows_read=rows,
        years=years,
        reporters=["MEX"],
        partners=["USA"],
        sample=[],
        duplicates=0,
        new_rows=rows,
    )


@pytest.mark.parametrize(
    ("lang", "one", "many"),
    [
        (
            "en",
            "reading: 1 row, 0 rows/s, 50%, 2 s left",
            "reading: 2,500 rows, 1,250 rows/s, 50%, 2 s left",
        ),
        (
            "es",
            "lectura: 1 fila, 0 filas/s, 50%, faltan 2 s",
            "lectura: 2,500 filas, 1,250 filas/s, 50%, faltan 2 s",  # es-MX, as CLDR has it
        ),
        (
            "fr",
            "lecture\xa0: 1 ligne, 0 lignes/s, 50\xa0%, 2 s restantes",
            "lecture\xa0: 2\u202f500 lignes, 1\u202f250 lignes/s, 50\xa0%, 2 s restantes",
        ),
    ],
)
def test_the_progress_line_counts_rows_in_the_language(lang, one, many):
    with i18n.using(lang):
        assert progress(1).line() == one
        assert progress(2500).line() == many


def test_each_stage_and_an_unknown_time_left_have_their_line():
    assert progress(1, stage="import").line() == "importing: 1 row, 0 rows/s, 50%, 2 s left"
    assert progress(3, done=0, elapsed=0).line() == "reading: 3 rows, 0 rows/s, 0%"
    assert progress(1, stage="import", done=0).line() == "importing: 1 row, 0 rows/s, 0%"
    with i18n.using("fr"):
        assert progress(1, stage="import", done=0).line().startswith("importation\xa0: 1 ligne,")


@pytest.mark.parametrize(
    ("lang", "single", "span", "sep"),
    [
        ("en", "year 2022", "years 2021–2022", "; "),
        ("es", "año 2022", "años 2021–2022", "; "),
        ("fr", "année 2022", "années 2021–2022", "\u202f; "),  # French: a space before ";"
    ],
)
def test_the_summary_names_a_single_year_as_one(lang, single, span, sep):
    with i18n.using(lang):
        one = preview([2022]).summary()
        two = preview([2021, 2022], rows=2).summary()
    assert f"{sep}{single}{sep}" in one and "2022–2022" not in one
    assert f"{sep}{span}{sep}" in two
    if lang == "en":
        assert one == "baci: 1 row, 1 new; year 2022; 1 reporter (MEX); 1 partner"
