"""Defects QA found in the command line under --lang es/fr: false key facts for an edition
without world production, empty "Sources:" headings, tables that cut names and figures,
English left in the output, options without help, messages starting in lower case.

Expected values are written by hand from the catalog's published figures (MCS 2026 world
mine production of silver, the supply table's shares) and from the messages themselves."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from minref.cli import main
from tests.test_cli import run  # the CLI tests' runner (code, stdout, stderr)

FIX = Path(__file__).parent / "fixtures" / "imports"


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("minref: "), err
    assert "Traceback" not in err
    return lines[0]


# ------------------------------------------------------------------ 1. show --edition
def test_edition_without_figures_for_the_commodity_is_refused(capsys, cat):
    """MCS 2022 is held for 12 commodities, silver not among them: no 'USGS does not list
    Mexico' (Mexico is first for silver in every edition), one line naming the editions."""
    code, out, err = run(capsys, *cat, "--lang", "en", "show", "silver", "--edition", "2022")
    assert code == 2 and out == ""
    assert one_line(err) == (
        "minref: MCS 2022 holds no figures on Silver; world production of it is held in "
        "MCS 2023, MCS 2024, MCS 2025, MCS 2026"
    )


@pytest.mark.parametrize("edition", ["2019", "1999"])
def test_edition_outside_the_catalog_is_refused(capsys, cat, edition):
    code, out, err = run(capsys, *cat, "--lang", "es", "show", "plata", "--edition", edition)
    assert code == 2 and out == ""
    assert one_line(err) == (
        f"minref: MCS {edition} no está en el catálogo; contiene "
        "MCS 2022, MCS 2023, MCS 2024, MCS 2025, MCS 2026"
    )


def test_edition_with_other_tables_says_where_world_production_is(capsys, cat):
    """MCS 2025 holds germanium's U.S. statistics but no world table (MCS 2022-2024 do)."""
    code, out, err = run(capsys, *cat, "show", "germanium", "--edition", "2025")
    assert code == 0, err
    assert (
        "  MCS 2025 holds no world production of Germanium; it is held in "
        "MCS 2022, MCS 2023, MCS 2024.\n"
    ) in out
    assert "not listed by USGS" not in out
    assert "U.S. salient statistics (MCS 2025)" in out


def test_commodity_without_world_production_says_so(capsys, cat):
    code, out, err = run(capsys, *cat, "show", "abrasives")
    assert code == 0, err
    assert (
        "  The catalog holds no world production of Abrasives (manufactured) in any MCS edition.\n"
    ) in out
    assert "not listed by USGS" not in out


# ------------------------------------------------------------------ 2. trade, no rows
@pytest.mark.parametrize("year", ["1800", "2099"])
def test_trade_year_outside_the_years_held(capsys, cat, year):
    code, out, err = run(capsys, *cat, "--lang", "en", "trade", "--reporter", "MEX", "--year", year)
    assert code == 2 and out == ""
    assert one_line(err) == (
        f"minref: No trade rows for {year}: the years held for Mexico are 2015–2024."
    )


def test_trade_empty_selection_has_no_dangling_sources_heading(capsys, cat):
    code, out, err = run(
        capsys, *cat, "--lang", "en", "trade", "--reporter", "MEX", "--hs", "99999"
    )
    assert code == 0, err
    assert out == "No trade rows held for that selection.\n"


# ------------------------------------------------------------------ 3. no cut names/figures
def test_supply_keeps_every_figure_and_flag(capsys, cat):
    code, out, err = run(capsys, *cat, "--lang", "es", "supply")
    assert code == 0, err
    lines = {line.split("  ")[0]: line for line in out.splitlines()}
    assert "Estados Unidos de América 53.5% e" in lines["Berilio"]
    assert "Federación de Rusia 44.2% e" in lines["Paladio"]
    assert "Metales del grupo del platino" in lines


def test_show_keeps_whole_country_names_and_translates_other_countries(capsys, cat):
    code, out, err = run(capsys, *cat, "--lang", "es", "show", "plata")
    assert code == 0, err
    # MCS 2026, silver, 2025: Bolivia 1,500 t (estimated), 5.8% of 26,000
    assert "Bolivia (Estado Plurinacional de)" in out
    assert "Otros países" in out and "Other countries" not in out
    # a long salient statistic is shortened with an ellipsis, never cut mid-word
    assert "Net import reliance as a…" in out


def test_country_units_are_not_cut(capsys, cat):
    code, out, err = run(capsys, *cat, "--lang", "es", "country", "MEX")
    assert code == 0, err
    fluorspar = next(line for line in out.splitlines() if line.strip().startswith("Fluorita"))
    assert "1,500 [estimado] miles de toneladas métricas" in fluorspar


# ------------------------------------------------------------------ 4. English left
@pytest.mark.parametrize(
    "lang, heading",
    [
        ("es", "México (MEX) — Mexico / Mexique"),
        ("fr", "Mexique (MEX) — Mexico / México"),
        ("en", "Mexico (MEX) — México / Mexique"),
    ],
)
def test_country_heading_in_the_readers_language(capsys, cat, lang, heading):
    code, out, err = run(capsys, *cat, "--lang", lang, "country", "MEX")
    assert code == 0, err
    assert out.splitlines()[0] == heading


def test_import_list_counts_rows_in_the_language(capsys, cat, tmp_path):
    data = tmp_path / "mine.sqlite"
    base = [*cat, "import", "--data", str(data)]
    assert main([*base, str(FIX / "baci.csv"), "--yes"]) == 0
    capsys.readouterr()
    code, out, err = run(capsys, *cat, "--lang", "es", "import", "--data", str(data), "--list")
    assert code == 0, err
    assert "3 filas" in out and "rows" not in out


def test_catalog_info_labels_are_translated(capsys, cat):
    """In the pseudo-locale every translated label is bracketed: none is left in English."""
    code, out, err = run(capsys, *cat, "--lang", "pseudo", "catalog", "info")
    assert code == 0, err
    heads = [line.split()[0] for line in out.splitlines() if line and not line.startswith(" ")]
    assert heads and all(h.startswith("⟦") for h in heads), heads
    for english in ("built by", "licence:", "rows:", "sources:"):
        assert english not in out


def test_catalog_info_json_keeps_its_keys(capsys, cat):
    code, out, err = run(capsys, *cat, "catalog", "info", "--json")
    assert code == 0, err
    assert {"path", "schema_version", "editions", "sources"} <= set(json.loads(out))


# ------------------------------------------------------------------ 5. help
@pytest.mark.parametrize(
    "command, text",
    [
        (["trade", "--help"], "one flow (default: every flow; the views: export)"),
        (["brief", "--help"], "paper size (default: letter)"),
        (["brief", "--help"], "the PDF file to write"),
    ],
)
def test_options_have_help(capsys, command, text):
    with pytest.raises(SystemExit):
        main(["--lang", "en", *command])
    assert text in " ".join(capsys.readouterr().out.split())


def _parsers(parser, path=()):
    """Every parser of the command line with its path ("data", "make-pack"), the nested
    sub-commands' included."""
    import argparse

    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


def test_every_argument_of_every_command_says_what_it_is():
    # screenshot --theme/--out, chart --out, claims --paper, data make-pack --out and the
    # packs' FILE printed no line at all in --help (found in the built app).
    from minref.cli import build_parser

    bare = [
        (" ".join(path), action.option_strings[-1] if action.option_strings else action.dest)
        for path, parser in _parsers(build_parser())
        for action in parser._actions
        if not action.help
        and action.dest not in ("help", "version", "command")
        and type(action).__name__ != "_SubParsersAction"
    ]
    assert bare == []


# ------------------------------------------------------------------ 6. capitals
def test_messages_start_with_a_capital(capsys, cat, tmp_path):
    code, _out, err = run(capsys, *cat, "--lang", "en", "import")
    assert code == 2 and one_line(err) == "minref: Import takes one of FILE, --list or --remove ID"
    code, _out, err = run(capsys, *cat, "--lang", "en", "import", "--remove", "0")
    assert code == 2 and one_line(err) == "minref: There is no import 0"
    code, _out, err = run(
        capsys, *cat, "--lang", "en", "chart", "nonsense", "--out", str(tmp_path / "c.png")
    )
    assert code == 2 and one_line(err).startswith("minref: Unknown chart kind “nonsense”")


def test_empty_book_list_starts_with_a_capital(capsys, cat, tmp_path):
    data = tmp_path / "books.sqlite"
    code, out, err = run(capsys, *cat, "--lang", "en", "book", "--data", str(data), "list")
    assert code == 0, err
    assert out == "No briefing books yet: minref book new TITLE\n"


# ------------------------------------------------------------------ 8. a pack's progress line
def test_a_packs_progress_line_keeps_the_whole_name_when_the_terminal_has_room():
    from minref.cli import progress_line

    name = "Rare earths (rare earth elements, compounds and metals)"  # 55 characters
    assert progress_line(3, 60, name, columns=100) == "3/60 " + name.ljust(94)
    # cut only when the terminal is narrower, at a word and with "…" (was name[:40])
    assert progress_line(3, 60, name, columns=40) == "3/60 " + "Rare earths (rare earth…".ljust(34)


# ------------------------------------------------------------------ 9. counts in numbers
@pytest.mark.parametrize("lang, group", [("es", ","), ("fr", "\u202f")])
def test_catalog_info_counts_rows_in_the_readers_numbers(capsys, cat, lang, group):
    # "trade_flows 156055" in Spanish and French; es-MX groups thousands with a comma,
    # fr-FR with a narrow no-break space (CLDR).
    code, out, err = run(capsys, *cat, "--lang", lang, "catalog", "info")
    assert code == 0, err
    lines = out.split("\n")
    start = next(
        i for i, line in enumerate(lines) if line.rstrip(":\u00a0\u202f ") in ("Filas", "Lignes")
    )
    counts = []
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        counts.append(line.split(None, 1)[1].strip())
    assert counts and all(
        re.fullmatch(rf"\d{{1,3}}({re.escape(group)}\d{{3}})*", c) for c in counts
    )
    assert any(group in c for c in counts)  # the trade flows run to six figures
