"""``minref data diff``: figures in the reader's conventions, editions as the reader writes
them ("MCS 2025", "mcs2025", "2025"), an edition not held refused in one line, CSV and
JSON locale-free.

Expected values are hand-written from the published cells the catalog holds (db/):
- Cadmium, refinery production, Mexico, 2024: MCS 2025 "1200" (estimated), MCS 2026
  "1,190" (reported); change (1190 - 1200) / 1200 = -0.83 % (shown from --threshold 0.5).
- Iron and steel, pig iron, United States, 2024: MCS 2025 "22" (estimated), MCS 2026
  "20.6" (reported).
- Iron and steel slag, imports for consumption, United States, 2023: MCS 2025 "2.0",
  MCS 2026 "2.5" (estimated): +25.0 %.
- Zeolites, imports for consumption, United States, 2021: "<1,000" in both, MCS 2026
  adding "estimated".
- Antimony, smelter production (primary), United States, 2024: MCS 2025 "W" (estimated,
  withheld), MCS 2026 "588".
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from minref.cli import main

NBSP = "\u00a0"  # French: before ":" and "%"
NNBSP = "\u202f"  # French: the thousands separator (CLDR fr-FR)
HELD = "MCS 2022, MCS 2023, MCS 2024, MCS 2025, MCS 2026"


def _run(cat, capsys, *args, lang="en") -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main([*cat, "--lang", lang, "data", "diff", *args])
    out, err = capsys.readouterr()
    return rc, out, err


def _lines(cat, capsys, lang, *args) -> list[str]:
    rc, out, err = _run(cat, capsys, "--from", "2025", "--to", "2026", *args, lang=lang)
    assert (rc, err) == (0, "")
    return out.splitlines()


# ---------------------------------------------------------------- numbers as the reader writes
def test_french_diff_writes_figures_in_french_conventions(cat, capsys):
    lines = _lines(cat, capsys, "fr", "--limit", "100000")
    assert (
        f"  Cadmium, Refinery production, Mexique, 2024{NBSP}: estimé -> déclaré "
        f"(1{NNBSP}200 -> 1{NNBSP}190)"
    ) in lines
    assert (
        f"  Fer et acier, Pig iron, États-Unis d'Amérique, 2024{NBSP}: estimé -> déclaré "
        "(22 -> 20,6)"
    ) in lines
    # the published "2.0" keeps its decimal: never "2"
    assert (
        f"  Laitiers sidérurgiques, Imports for consumption, États-Unis d'Amérique, "
        f"2023{NBSP}: 2,0 -> 2,5 [estimé] millions de tonnes métriques (+25,0{NBSP}%)"
    ) in lines
    # a bound's number in French; USGS's codes as printed
    assert any(
        line.startswith("  Zéolites (naturelles), Imports for consumption, États-Unis")
        and ", 2021" in line
        and line.endswith(f"(<1{NNBSP}000 -> <1{NNBSP}000)")
        for line in lines
    )
    assert any(
        line.startswith("  Antimoine, Production, Smelter: Primary, États-Unis d'Amérique, 2024")
        and line.endswith("(W -> 588)")
        for line in lines
    )
    # no figure left in machine form ("1200", "1,190", "20.6")
    assert not [line for line in lines if "(1200 " in line or "1,190" in line or "20.6" in line]


def test_spanish_and_english_diff_group_thousands_with_commas(cat, capsys):
    es = _lines(cat, capsys, "es", "--limit", "100000")
    assert (
        "  Cadmio, Refinery production, México, 2024: estimado -> reportado (1,200 -> 1,190)"
    ) in es
    assert (
        "  Escoria de hierro y acero, Imports for consumption, Estados Unidos de América, "
        "2023: 2.0 -> 2.5 [estimado] millones de toneladas métricas (+25.0%)"
    ) in es
    en = _lines(cat, capsys, "en", "--limit", "100000")
    assert (
        "  Cadmium, Refinery production, Mexico, 2024: estimated -> reported (1,200 -> 1,190)" in en
    )


def test_the_threshold_and_counts_are_in_the_readers_conventions(cat, capsys):
    from minref import i18n
    from minref.analysis.diff import EditionDiff, diff_text

    lines = _lines(cat, capsys, "fr", "--threshold", "0.5", "--limit", "1")
    assert lines[0].startswith(
        f"Changements du MCS 2025 au MCS 2026 (chiffres révisés de plus de 0,5{NBSP}%"
    )
    many = EditionDiff(2025, 2026, 1.0, new_countries=[("XXX", "Xland")] * 1234)
    with i18n.using("fr"):
        fr = diff_text(many, limit=40)
    assert f"Nouveaux pays{NBSP}: 1{NNBSP}234" in fr
    assert f"  ... et 1{NNBSP}194 autres (--json pour tout)" in fr
    with i18n.using("es"):
        assert "Países nuevos: 1,234" in diff_text(many, limit=40)


# ---------------------------------------------------------------- editions as the reader writes
@pytest.mark.parametrize("written", ["MCS 2025", "mcs2025", "MCS-2025", " 2025 "])
def test_an_edition_may_be_written_as_mcs_and_its_year(cat, capsys, written):
    plain = _run(cat, capsys, "--from", "2025", "--to", "2026")
    assert plain[0] == 0 and plain[1]
    assert _run(cat, capsys, "--from", written, "--to", "2026") == plain
    assert _run(cat, capsys, "--from", written, "--to", "MCS 2026") == plain


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "1999", "--to", "2026"], f"MCS 1999 is not in the catalog; it holds {HELD}"),
        (
            ["--from", "MCS 2025", "--to", "MCS 2030"],
            f"MCS 2030 is not in the catalog; it holds {HELD}",
        ),
        (
            ["--from", "banana", "--to", "2026"],
            f"--from: “banana” is not an MCS edition; the catalog holds {HELD}",
        ),
        (
            ["--from", "2025", "--to", "MCS 20261"],
            f"--to: “MCS 20261” is not an MCS edition; the catalog holds {HELD}",
        ),
    ],
)
def test_an_edition_not_held_is_refused_in_one_line(cat, capsys, args, message):
    rc, out, err = _run(cat, capsys, *args)
    assert (rc, out) == (2, "")
    assert err == f"minref: {message}\n"  # one line, no traceback


def test_an_edition_not_held_is_refused_as_show_refuses_it(cat, capsys):
    rc, _, err = _run(cat, capsys, "--from", "MCS 1999", "--to", "2026", lang="fr")
    capsys.readouterr()
    assert main([*cat, "--lang", "fr", "show", "silver", "--edition", "1999"]) == rc == 2
    assert capsys.readouterr().err == err  # the same words, whatever their typography
    assert err.startswith("minref: Le MCS 1999 n'est pas dans le catalogue")
    assert err.endswith(f"il contient {HELD}\n") and err.count("\n") == 1


def test_an_edition_not_in_the_old_catalog_names_it(cat, capsys, catalog_path):
    rc, out, err = _run(
        cat, capsys, "--old-catalog", str(catalog_path), "--from", "2021", "--to", "2026"
    )
    assert (rc, out) == (2, "")
    assert err == f"minref: MCS 2021 is not in {catalog_path}; it holds {HELD}\n"


# ---------------------------------------------------------------- CSV and JSON stay plain
def test_json_is_the_same_in_every_language_with_plain_numbers(cat, capsys):
    outs = {}
    for lang in ("en", "es", "fr"):
        rc, out, err = _run(
            cat,
            capsys,
            "--from",
            "MCS 2025",
            "--to",
            "2026",
            "--json",
            "--threshold",
            "0.5",
            lang=lang,
        )
        assert (rc, err) == (0, "")
        outs[lang] = json.loads(out)
    assert outs["en"]["flag_changes"] == outs["fr"]["flag_changes"] == outs["es"]["flag_changes"]
    assert outs["en"]["revisions"] == outs["fr"]["revisions"]
    cadmium = [
        r
        for r in outs["fr"]["mexico"]["flag_changes"]
        if r["commodity_id"] == "cadmium" and r["year"] == 2024
    ]
    assert [
        (r["old_raw"], r["old_value"], r["old_flags"], r["new_raw"], r["new_value"], r["new_flags"])
        for r in cadmium
    ] == [("1200", 1200.0, ["estimated"], "1,190", 1190.0, [])]
    revision = [
        r
        for r in outs["fr"]["mexico"]["revisions"]
        if r["commodity_id"] == "cadmium" and r["year"] == 2024
    ]
    assert [(r["old_value"], r["new_value"]) for r in revision] == [(1200.0, 1190.0)]
    assert NNBSP not in json.dumps(outs["fr"], ensure_ascii=False)


def test_csv_keeps_the_published_cells_and_plain_percentages_in_french(cat, capsys, tmp_path):
    out_csv = tmp_path / "diff.csv"
    rc, out, err = _run(
        cat,
        capsys,
        "--from",
        "2025",
        "--to",
        "2026",
        "--csv",
        str(out_csv),
        "--threshold",
        "0.5",
        lang="fr",
    )
    assert (rc, err) == (0, "")
    text = out_csv.read_text(encoding="utf-8")
    assert NNBSP not in text and NBSP not in text
    rows = [
        r
        for r in csv.DictReader(io.StringIO(text))
        if r["commodity_id"] == "cadmium" and r["country_iso3"] == "MEX" and r["year"] == "2024"
    ]
    got = {
        (r["section"], r["old"], r["old_flags"], r["new"], r["new_flags"], r["change_pct"])
        for r in rows
    }
    assert got == {
        ("revision", "1200", "estimated", "1,190", "", "-0.83"),
        ("flags", "1200", "estimated", "1,190", "", ""),
    }


@pytest.mark.parametrize(
    ("lang", "older", "newer"),
    [
        ("en", "the older edition: MCS YYYY, or the year alone", "the newer edition: MCS YYYY"),
        ("es", "la edición anterior: MCS AAAA, o solo el año", "la edición más reciente: MCS AAAA"),
        (
            "fr",
            f"l'édition la plus ancienne{NBSP}: MCS AAAA",
            f"l'édition la plus récente{NBSP}: MCS",
        ),
    ],
)
def test_help_says_how_an_edition_is_written(cat, capsys, lang, older, newer):
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main([*cat, "--lang", lang, "data", "diff", "--help"])
    assert done.value.code == 0
    flat = " ".join(capsys.readouterr().out.split())  # argparse wraps long help lines
    assert " ".join(older.split()) in flat and " ".join(newer.split()) in flat


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--threshold", "nan"], "argument --threshold: must be a finite number of at least 0"),
        (["--threshold", "-5"], "argument --threshold: must be a finite number of at least 0"),
        (["--limit", "-3"], "argument --limit: the limit must be from 0 to 10000000, not -3"),
    ],
)
def test_a_threshold_or_limit_out_of_range_is_refused_without_a_traceback(
    cat, capsys, args, message
):
    with pytest.raises(SystemExit) as done:
        main([*cat, "data", "diff", "--from", "2025", "--to", "2026", *args])
    err = capsys.readouterr().err
    assert done.value.code == 2
    assert message in err and "Traceback" not in err


def test_renames_are_the_names_each_edition_prints(cat, capsys):
    # MCS 2023's per-commodity world files print no commodity name (the catalog keeps
    # their file code, "bauxi", "wolla"); its salient tables print "Bauxite and Alumina"
    # and "Nitrogen (Fixed)--Ammonia", MCS 2026's "Bauxite" and "Nitrogen (Fixed)—Ammonia".
    # MCS 2026 names some chapters' salient rows by product: titanium's "TiO2 pigment"
    # and "Titanium sponge metal" (both shown), zirconium's "Zirconium" and "Zirconium
    # And Hafnium" (the old name among them: no rename).  Before, the diff listed 26
    # renames, "bauxi" -> "Bauxite" among them, and "titanium -> Titanium sponge metal".
    rc, out, _err = _run(cat, capsys, "--from", "2023", "--to", "2026")
    assert rc == 0
    renamed = out.split("Renamed: ", 1)[1].split("\nNew countries", 1)[0].splitlines()
    assert renamed[0] == "5"
    assert "  bauxite: “Bauxite and Alumina” -> “Bauxite”" in renamed
    assert (
        "  titanium: “Titanium and Titanium Dioxide” -> “TiO2 pigment / Titanium sponge metal”"
        in renamed
    )
    assert not [line for line in renamed if line.startswith(("  zirconium:", "  feldspar:"))]
    assert not [line for line in renamed if "bauxi”" in line or "wolla" in line]
    assert not [line for line in renamed if line.startswith("  nitrogen:")]


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("en", "All: changed flags: "),
        ("es", "Todos: marcas cambiadas: "),
        ("fr", "Tous\u00a0: indicateurs modifiés\u00a0: "),
    ],
)
def test_the_flag_section_says_the_flags_changed(cat, capsys, lang, heading):
    # Its lines are changes ("estimated -> reported"), not flags added: the French read
    # « Tous : nouveaux indicateurs » above « estimé -> déclaré » (QA)
    rc, out, _err = _run(cat, capsys, "--from", "2025", "--to", "2026", lang=lang)
    assert rc == 0
    assert any(line.startswith(heading) for line in out.splitlines())
