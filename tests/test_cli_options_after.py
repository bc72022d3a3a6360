"""minref's own --lang, --catalog and --debug after the sub-command too (QA: officials
type ``minref show silver --lang es``; it used to exit 2 with "unrecognized arguments")."""

from __future__ import annotations

import argparse
import json

import pytest

from minref import cli
from minref.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def usage_error(capsys, *args) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.strip().splitlines()[-1]


def test_show_in_spanish_with_lang_after(capsys, cat):
    code, out, err = run(capsys, *cat, "show", "silver", "--lang", "es")
    assert code == 0, err
    assert "\nFuentes:\n" in out and "Sources:" not in out


def test_lang_equals_after_the_command(capsys, cat):
    code, out, err = run(capsys, *cat, "show", "silver", "--lang=es")
    assert code == 0, err
    assert "\nFuentes:\n" in out


def test_brief_in_spanish_with_lang_after(capsys, cat, tmp_path):
    pdf = tmp_path / "x.pdf"
    code, out, err = run(
        capsys, *cat, "brief", "commodity", "silver", "--lang", "es", "--out", str(pdf)
    )
    assert code == 0, err
    assert out.strip() == f"se escribió {pdf}" and pdf.is_file()


def test_the_later_lang_wins(capsys, cat, tmp_path):
    pdf = tmp_path / "x.pdf"
    args = ["--lang", "es", "brief", "commodity", "silver", "--out", str(pdf), "--lang", "en"]
    code, out, err = run(capsys, *cat, *args)
    assert code == 0, err
    assert out.strip() == f"wrote {pdf}"
    code, out, err = run(capsys, *cat, "--lang", "en", "show", "silver", "--lang", "es")
    assert "\nFuentes:\n" in out


def test_trade_in_spanish_with_lang_after(capsys, cat):
    args = ["trade", "--reporter", "MEX", "--hs", "2501", "--year", "2015", "--flow", "export"]
    code, out, err = run(capsys, *cat, *args, "--lang", "es")
    assert code == 0, err
    first = out.splitlines()[0].split()
    assert first[:2] == ["2015", "exportación"]


def test_trade_nothing_held_in_spanish(capsys, cat):
    args = ["trade", "--reporter", "MEX", "--hs", "2616", "--year", "2022", "--lang", "es"]
    code, out, err = run(capsys, *cat, *args)
    assert "No hay registros de comercio para esa selección." in out + err


def test_search_in_spanish_with_lang_after(capsys, cat):
    code, out, err = run(capsys, *cat, "search", "plata", "--lang", "es")
    assert code == 0, err
    assert "SA 2616.10" in out and "HS 2616.10" not in out
    assert out.splitlines()[0].split() == ["commodity", "silver", "Plata"]


def test_catalog_after_the_command_is_used(capsys, cat, tmp_path):
    missing = tmp_path / "nowhere" / "catalog.sqlite"
    # given before (a good one) and after (a missing one): the later wins
    code, out, err = run(capsys, *cat, "show", "silver", "--catalog", str(missing))
    assert code == cli.EXIT_CATALOG and out == ""
    assert err.splitlines()[0] == f"minref: The catalog file {missing} does not exist."
    assert "Traceback" not in err


def test_catalog_after_a_nested_action(capsys, tmp_path):
    missing = tmp_path / "none.sqlite"
    code, _out, err = run(capsys, "catalog", "info", "--catalog", str(missing), "--lang", "es")
    assert code == cli.EXIT_CATALOG
    assert str(missing) in err.splitlines()[0] and "Traceback" not in err


def test_debug_after_the_command():
    args = cli.build_parser().parse_args(["show", "silver", "--debug"])
    assert args.debug is True
    args = cli.build_parser().parse_args(["--debug", "show", "silver"])
    assert args.debug is True and args.catalog is None and args.lang is None


def test_book_new_lang_stays_the_books(capsys, tmp_path):
    data = str(tmp_path / "mine.sqlite")
    # minref's --lang after "book" (before the action), the book's after "new"
    code, out, err = run(capsys, "book", "--data", data, "--lang", "es", "new", "T", "--lang", "fr")
    assert code == 0, err
    assert out.strip() == "carpeta 1: T"
    code, out, err = run(capsys, "book", "--data", data, "show", "T", "--json")
    assert code == 0, err
    assert json.loads(out)["lang"] == "fr"
    args = cli.build_parser().parse_args(["book", "note", "T", "--lang", "es"])
    assert args.book_lang == "es" and args.lang is None


def test_bad_lang_after_the_command_in_spanish(capsys, cat):
    last = usage_error(capsys, *cat, "--lang", "es", "show", "silver", "--lang", "de")
    assert last == (
        "minref show: error: argumento --lang: opción no válida: «de» "
        "(elija entre «en», «es», «fr», «pseudo»)"
    )


def test_bad_lang_after_the_command_in_english(capsys, cat):
    last = usage_error(capsys, *cat, "--lang", "en", "show", "silver", "--lang", "de")
    assert last == (
        "minref show: error: argument --lang: invalid choice: “de” "
        "(choose from “en”, “es”, “fr”, “pseudo”)"
    )


def test_bad_lang_after_the_command_in_french_in_french_quotes(capsys, cat):
    # QA: argparse's repr() quotes ('de') in a French sentence
    last = usage_error(capsys, *cat, "--lang", "fr", "show", "silver", "--lang", "de")
    q = "«\u00a0{}\u00a0»".format
    assert last == (
        "minref show\u00a0: erreur\u00a0: argument --lang\u00a0: choix non valide\u00a0: "
        f"{q('de')} "
        f"(choisir parmi {q('en')}, {q('es')}, {q('fr')}, {q('pseudo')})"
    )


def test_other_errors_follow_the_lang_after(capsys, cat):
    last = usage_error(capsys, *cat, "brief", "commodity", "silver", "--lang", "es")
    assert last == "minref brief: error: faltan los siguientes argumentos obligatorios: --out"


def test_json_stays_english_with_lang_after(capsys, cat):
    code, out, err = run(capsys, *cat, "show", "silver", "--lang", "es", "--json")
    assert code == 0, err
    assert json.loads(out)["profile"]["name_en"] == "Silver"
    code, out, err = run(capsys, *cat, "search", "plata", "--json", "--lang", "fr")
    assert code == 0, err
    assert json.loads(out)["query"] == "plata"


def test_help_after_the_command_lists_the_options_in_its_language(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["show", "--help", "--lang", "es"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("uso: minref show")
    flat = " ".join(out.split())
    assert "--catalog PATH" in flat and "--debug" in flat
    assert "idioma de la aplicación, los mensajes y las notas informativas" in flat


def test_top_help_states_the_rule(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--help"])
    flat = " ".join(capsys.readouterr().out.split())
    assert "may also follow the command" in flat and "book's print language" in flat


def _parsers(p, path=()):
    yield path, p
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


def test_every_parser_takes_minrefs_options_and_the_own_lang_table_holds():
    """Each sub-command and action accepts --catalog, --debug and --lang; those whose
    --lang is their own are exactly the ones _lang_option leaves alone (cli._OWN_LANG)."""
    own = set()
    for path, p in _parsers(cli.build_parser()):
        for option in ("--catalog", "--debug", "--lang"):
            assert option in p._option_string_actions, (path, option)
        if p._option_string_actions["--lang"].dest != "lang":
            own.add(path)
        for option in ("--catalog", "--debug"):
            assert p._option_string_actions[option].dest == option[2:], (path, option)
    assert own == {(c, a) for c, actions in cli._OWN_LANG.items() for a in actions}
