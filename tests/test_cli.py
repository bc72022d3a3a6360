"""The command line: the same answers as the catalog, as JSON, with clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from minref.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_json_by_spanish_name(capsys, cat, catalog):
    code, out, err = run(capsys, *cat, "show", "plata", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["profile"]["commodity_id"] == "silver"
    mx = data["key_facts"]["mexico_production"]
    table = catalog.world_production("silver")
    assert mx["figure"]["value"] == table.row_for("MEX").figure.value
    assert mx["rank"] == 1 and "estimated" in mx["figure"]["flags"]
    assert data["world_production"]["source"]["source_id"] == "usgs-mcs-2026"
    assert {s["source_id"] for s in data["sources"]} >= {
        "usgs-mcs-2026",
        "minref-commodity-hs-crosswalk",
    }


def test_show_json_parts_each_note_by_whose_words_it_is(capsys, cat):
    # USGS's erratum to MCS 2026 (version 1.3, 2026-05-27): rare-earth world reserves
    # ">85,000,000" became ">75,000,000"; the cell's own note is Appendix C's sentence.
    # Scripts read the source's words and minref's additions apart, as the window shows them.
    code, out, err = run(capsys, *cat, "show", "rare-earths", "--json")
    assert code == 0, err
    total = json.loads(out)["reserves"]["world_total"]
    assert total["raw"] == ">75,000,000"
    assert total["note_as_published"] == (
        "See Appendix C for resource and reserve definitions and information concerning "
        "data sources."
    )
    assert total["minref_notes"] == [
        {
            "kind": "corrected",
            "old": ">85,000,000",
            "where": "USGS, Mineral Commodity Summaries 2026, version 1.3 (2026-05-27), "
            "Rare earths, world mine production and reserves",
        }
    ]
    assert total["note"].startswith("Corrected by USGS from >85,000,000: ")  # as stored
    # MCS 2022 prints "Kazakhstan, concentrate" on the manganese line: minref's qualifier
    # note, and no words of USGS's own.
    code, out, err = run(capsys, *cat, "show", "manganese", "--edition", "2022", "--json")
    assert code == 0, err
    kaz = next(
        r["figure"]
        for r in json.loads(out)["world_production"]["rows"]
        if r["country_iso3"] == "KAZ" and r["figure"]["year"] == 2021
    )
    assert kaz["minref_notes"] == [{"kind": "qualifier", "qualifier": "concentrate"}]
    assert kaz["note_as_published"] == ""
    # A plain figure: its note is the source's alone.
    code, out, _ = run(capsys, *cat, "show", "silver", "--json")
    mexico = json.loads(out)["key_facts"]["mexico_production"]["figure"]
    assert mexico["minref_notes"] == [] and mexico["note_as_published"] == mexico["note"]


def test_show_text(capsys, cat):
    code, out, _ = run(capsys, *cat, "show", "fluorspar")
    assert code == 0
    assert "Mexico" in out and "Sources:" in out and "usgs-mcs-2026" in out


def test_show_older_edition(capsys, cat):
    code, out, _ = run(capsys, *cat, "show", "silver", "--edition", "2024", "--json")
    data = json.loads(out)
    assert data["world_production"]["edition"] == 2024
    assert data["key_facts"]["mexico_production"]["figure"]["value"] == 6400


def test_unknown_commodity_exit_2_with_suggestions(capsys, cat):
    code, out, err = run(capsys, *cat, "show", "silvr")
    assert code == 2
    assert "Silver" in err and "Traceback" not in err and out == ""


def test_country_json(capsys, cat):
    code, out, _ = run(capsys, *cat, "country", "MEX", "--json")
    data = json.loads(out)
    assert code == 0 and data["iso3"] == "MEX" and data["name_es"] == "México"
    first = data["entries"][0]
    assert (first["commodity_id"], first["rank"]) == ("silver", 1)
    assert all(e["figure"]["source_id"].startswith("usgs-mcs-") for e in data["entries"])


def test_country_by_name_and_unknown(capsys, cat):
    assert run(capsys, *cat, "country", "México", "--json")[0] == 0
    code, _, err = run(capsys, *cat, "country", "Atlantis")
    assert code == 2 and "Atlantis" in err


def test_search_json(capsys, cat):
    code, out, _ = run(capsys, *cat, "search", "tierras raras", "--json")
    hits = json.loads(out)["results"]
    assert code == 0 and hits[0]["key"] == "rare-earths"
    code, out, _ = run(capsys, *cat, "search", '"; DROP TABLE x; --(*', "--json")
    assert code == 0 and json.loads(out)["results"] == []


def test_trade_json(capsys, cat):
    code, out, _ = run(
        capsys, *cat, "trade", "--reporter", "MEX", "--partner", "USA", "--hs", "7106", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["rows"]
    years = {r["year"] for r in data["rows"]}
    assert {2015, 2024} <= years
    # both Comtrade sources hold 7106, each row with its own source (values never added)
    assert {r["source_id"] for r in data["rows"]} <= {
        "un-comtrade-metals-exports",
        "un-comtrade-mexico-hs4",
    }
    assert all(s["attribution"] == "Source: UN Comtrade" for s in data["sources"])


def test_catalog_info_and_verify(capsys, cat):
    code, out, _ = run(capsys, *cat, "catalog", "info", "--json")
    info = json.loads(out)
    assert code == 0 and info["editions"] == [
        "MCS 2022",
        "MCS 2023",
        "MCS 2024",
        "MCS 2025",
        "MCS 2026",
    ]
    assert info["row_counts"]["rare_earth_elements"] == 17
    code, out, _ = run(capsys, *cat, "catalog", "verify")
    assert code == 0 and "verified" in out


def test_missing_catalog_message(capsys, tmp_path):
    code, out, err = run(capsys, "--catalog", str(tmp_path / "none.sqlite"), "show", "silver")
    assert code == 3 and "does not exist" in err and "Traceback" not in err


def test_corrupt_catalog_message(capsys, tmp_path):
    bad = tmp_path / "catalog.sqlite"
    bad.write_bytes(b"garbage" * 1000)
    code, _, err = run(capsys, "--catalog", str(bad), "search", "silver")
    assert code == 3 and "not a readable database" in err


def test_whole_process_show(catalog_path):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "minref",
            "--catalog",
            str(catalog_path),
            "show",
            "Terres rares",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["profile"]["name_en"] == "Rare earths"


# ------------------------------------------------------------------ the CLI in every language
@pytest.fixture
def english_after():
    yield
    from minref import i18n

    i18n.set_language("en")


def help_text(capsys, *args) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    assert exit_.value.code == 0
    return capsys.readouterr().out


def test_help_in_spanish(capsys, english_after):
    out = help_text(capsys, "--lang", "es", "--help")
    # argparse's own words and minref's, as the Spanish catalog words them
    assert out.startswith("uso: minref")
    for text in (
        "argumentos posicionales:",
        "opciones:",
        "mostrar este mensaje de ayuda y salir",
        "escribir una nota informativa en PDF",
        "idioma de la aplicación, los mensajes y las notas informativas",
    ):
        assert text in " ".join(out.split()), text
    assert "show this help message" not in out and "write a PDF briefing" not in out


def test_brief_help_in_french(capsys, english_after):
    out = help_text(capsys, "--lang", "fr", "brief", "--help")
    assert out.startswith("utilisation\u00a0: minref brief")
    for text in (
        "écrire une note d'information en PDF",
        "afficher ce message d'aide et quitter",
        "produit (identifiant ou nom), pays (MEX) ou identifiants",
        "Note par produit",  # the brief kinds' own names
    ):
        assert text in " ".join(out.split()), text
    assert "a title of your own" not in out


def test_lang_after_the_subcommand_is_the_books_language(capsys, english_after):
    """``minref book new --lang es`` sets the book's print language, not the CLI's."""
    out = help_text(capsys, "book", "new", "--lang", "es", "--help")
    assert "print language" in out and "idioma de impresión" not in out


def test_unknown_commodity_in_spanish_one_line(catalog_path):
    proc = subprocess.run(
        [sys.executable, "-m", "minref", "--catalog", str(catalog_path), "--lang", "es"]
        + ["show", "silvr"],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
        timeout=60,
    )
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert lines == [
        "minref: No hay ningún producto llamado «silvr» en el catálogo. ¿Quiso decir: Plata?"
    ], proc.stderr


def test_usage_error_in_french(capsys, english_after):
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", "fr", "brief", "commodity", "silver"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert err.strip().splitlines()[-1] == (
        "minref brief\u00a0: erreur\u00a0: les arguments suivants sont obligatoires\u00a0: --out"
    )


def test_a_bad_year_in_spanish(capsys, cat, english_after):
    with pytest.raises(SystemExit):
        main([*cat, "--lang", "es", "show", "silver", "--year", "1500"])
    assert "el año debe estar entre 1800 y 2200, no 1500" in capsys.readouterr().err


def test_json_stays_english_whatever_the_language(capsys, cat, english_after):
    code, out, _ = run(capsys, *cat, "--lang", "es", "show", "silver", "--json")
    assert code == 0 and json.loads(out)["profile"]["name_en"] == "Silver"


def _all_help_commands():
    from minref.cli import SUBCOMMANDS

    nested = {
        "catalog": ["refresh", "build", "verify", "audit", "info"],
        "data": ["keygen", "make-pack", "verify", "install", "rollback", "status", "diff"],
        "book": ["new", "list", "show", "add", "note", "move", "remove", "rename"]
        + ["duplicate", "delete", "undelete", "export", "import"],
    }
    return [[]] + [[c] for c in SUBCOMMANDS] + [[c, a] for c, acts in nested.items() for a in acts]


def test_every_help_in_the_pseudo_locale_has_no_english(capsys, english_after):
    """Outside ⟦…⟧ only code stays: command and option names, registry ids, choices."""
    import re

    from minref.analysis.charts import CHART_KINDS
    from minref.analysis.claims import BASKETS
    from minref.briefing.kinds import names as brief_names
    from minref.userdata.books import SECTION_KINDS

    actions = {a for command in _all_help_commands() for a in command}
    ids = {*CHART_KINDS, *BASKETS, *brief_names(), *SECTION_KINDS, *actions}
    english = re.compile(r"[A-Za-z][a-z]{2,}(?:[ -][a-z]{2,})+")  # as tests/test_pseudo_locale
    found = {}
    for command in _all_help_commands():
        out = help_text(capsys, "--lang", "pseudo", *command, "--help")
        assert "⟦" in out, command
        text = re.sub(r"⟦[^⟦⟧]*⟧", " ", out)
        text = re.sub(r"minref(?: [a-z-]+){0,2}", " ", text)  # the prog: minref book add
        text = re.sub(r"--[a-z-]+", " ", text)
        text = " ".join(w for w in re.split(r"([\s,;:(){}\[\]]+)", text) if w not in ids)
        runs = english.findall(text)
        if runs:
            found[" ".join(command)] = runs
    assert found == {}


def test_help_follows_the_saved_setting_then_the_system_locale(tmp_path):
    """No --lang: the language saved in the app, else LANG, decides --help's language."""

    def minref(*args, lang="C.UTF-8"):
        env = dict(os.environ, MINREF_HOME=str(tmp_path), LANG=lang, PYTHONIOENCODING="utf-8")
        for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
            env.pop(var, None)
        proc = subprocess.run(
            [sys.executable, *args], capture_output=True, text=True, env=env, timeout=60
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    assert minref("-m", "minref", "--help", lang="es_MX.UTF-8").startswith("uso: minref")
    minref("-c", "from minref import i18n; i18n.save_language('fr')")
    assert minref("-m", "minref", "--help", lang="es_MX.UTF-8").startswith("utilisation")
    assert minref("-m", "minref", "--lang", "en", "--help").startswith("usage: minref")


def test_an_edition_is_taken_as_the_catalog_and_the_briefs_name_it(catalog_path, capsys):
    """QA: `--edition "MCS 2025"` was refused ('is not a whole number')."""
    base = ["--catalog", str(catalog_path), "show", "silver", "--json", "--edition"]
    assert main([*base, "2025"]) == 0
    plain = capsys.readouterr().out
    assert '"edition": 2025' in plain
    for spelled in ("MCS 2025", "mcs2025", " MCS-2025 "):
        assert main([*base, spelled]) == 0
        assert capsys.readouterr().out == plain
    with pytest.raises(SystemExit) as exit_:
        main([*base, "MCS x"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "minref show: error: argument --edition: “MCS x” is not an MCS edition "
        "(write MCS 2025, or 2025)"
    )


def test_show_names_an_older_editions_reserves_as_reserves(catalog_path, capsys):
    """QA: MCS 2025's data release labels the reserves column with the production line;
    'show --edition 2025' printed "World reserves, Mine production, silver content"."""
    assert main(["--catalog", str(catalog_path), "show", "silver", "--edition", "2025"]) == 0
    headings = [x for x in capsys.readouterr().out.splitlines() if x.startswith("World ")]
    assert headings == [
        "World production, Mine production, silver content, 2024 (metric tons; MCS 2025)",
        "World reserves, 2024 (metric tons; MCS 2025)",
    ]
