"""Names cited in messages sit inside the reader's quotation marks (“…” en, «…» es, « … » fr
with no-break spaces), never Python's repr() quotes; the data diff names critical-list
jurisdictions in the reader's language; the developer commands (catalog build, refresh,
data make-pack) say why they failed in the reader's language.

Expected values are hand-written: the critical lists are the published ones (db/): the
U.S. 2025 final list adds copper to the 2022 one; Australia's Critical Minerals List of
2024 (AU-CML-2024) names antimony and is the first Australian list the catalog holds.
USGS's commodity labels are MCS 2025's "Diamond (Industrial)" and MCS 2026's "Diamond
(Stones, natural and synthetic)".
"""

from __future__ import annotations

import zipfile

import pytest

from minref.cli import main

NBSP = "\u00a0"  # French: inside « » and before ":"


def _run(args, capsys, lang):
    capsys.readouterr()
    code = main(["--lang", lang, *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "“../../evil.txt”"),
        ("es", "«../../evil.txt»"),
        ("fr", f"«{NBSP}../../evil.txt{NBSP}»"),
    ],
)
def test_quoted_uses_the_readers_quotation_marks(lang, expected):
    from minref import i18n
    from minref.errors import quoted

    with i18n.using(lang):
        assert quoted("../../evil.txt") == expected


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "  United States (US-2022 -> US-2025): Copper added"),
        ("es", "  Estados Unidos de América (US-2022 -> US-2025), alta: Cobre"),
        ("fr", f"  États-Unis d'Amérique (US-2022 -> US-2025), ajout{NBSP}: Cuivre"),
    ],
)
def test_diff_names_the_lists_jurisdiction_in_the_readers_language(cat, capsys, lang, line):
    code, out, err = _run(
        [*cat, "data", "diff", "--from", "2025", "--to", "2026", "--limit", "500"], capsys, lang
    )
    assert (code, err) == (0, "")
    assert line in out.splitlines()
    assert "United States (" not in out or lang == "en"


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "  Australia (new list AU-CML-2024): Antimony added"),
        ("es", "  Australia (nueva lista AU-CML-2024), alta: Antimonio"),
        ("fr", f"  Australie (nouvelle liste AU-CML-2024), ajout{NBSP}: Antimoine"),
    ],
)
def test_diff_says_a_list_with_no_predecessor_is_new(cat, capsys, lang, line):
    code, out, err = _run(
        [*cat, "data", "diff", "--from", "2024", "--to", "2025", "--limit", "500"], capsys, lang
    )
    assert (code, err) == (0, "")
    assert line in out.splitlines()
    assert "- ->" not in out


# MCS 2026 names industrial diamond's salient rows by product: both names, as printed
DIAMONDS = (
    "Diamond (Bort, grit, and dust and powder; natural and synthetic) / "
    "Diamond (Stones, natural and synthetic)"
)


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        (
            "en",
            f"  diamond-industrial: “Diamond (Industrial)” -> “{DIAMONDS}”",
        ),
        (
            "es",
            f"  diamond-industrial: «Diamond (Industrial)» -> «{DIAMONDS}»",
        ),
        (
            "fr",
            f"  diamond-industrial{NBSP}: «{NBSP}Diamond (Industrial){NBSP}» -> "
            f"«{NBSP}{DIAMONDS}{NBSP}»",
        ),
    ],
)
def test_diff_renamed_labels_sit_in_the_readers_quotation_marks(cat, capsys, lang, line):
    code, out, err = _run([*cat, "data", "diff", "--from", "2025", "--to", "2026"], capsys, lang)
    assert (code, err) == (0, "")
    assert line in out.splitlines()
    assert "'Diamond" not in out


@pytest.mark.parametrize(
    ("lang", "reason"),
    [
        ("en", "the archive entry “../../evil.txt” escapes its folder"),
        ("es", "la entrada «../../evil.txt» del archivo sale de su carpeta"),
        ("fr", f"l'entrée «{NBSP}../../evil.txt{NBSP}» de l'archive sort de son dossier"),
    ],
)
def test_pack_refusal_quotes_the_entry_in_the_readers_marks(tmp_path, capsys, lang, reason):
    pack = tmp_path / "evil.minrefpack"
    with zipfile.ZipFile(pack, "w") as z:
        z.writestr("../../evil.txt", b"x")
    code, _out, err = _run(["data", "verify", str(pack)], capsys, lang)
    assert code == 1
    assert reason in err and "'../../evil.txt'" not in err


def test_unknown_name_in_spanish_uses_spanish_quotes(cat, capsys):
    code, _out, err = _run([*cat, "show", "silvr"], capsys, "es")
    assert code == 2
    assert err.startswith("minref: No hay ningún producto llamado «silvr» en el catálogo.")


# ------------------------------------------------------------------ developer commands
def test_build_without_a_db_folder_says_so_in_french(tmp_path, capsys):
    code, _out, err = _run(
        ["catalog", "build", "--db", str(tmp_path / "nowhere"), "--out", str(tmp_path / "c")],
        capsys,
        "fr",
    )
    assert code == 3
    assert err == (
        f"minref: pas de MANIFEST.json dans {tmp_path / 'nowhere'}{NBSP}: ce n'est pas un "
        "dossier db/ de minref\n"
    )


def test_build_names_the_cell_that_is_not_a_number_in_spanish():
    import sqlite3

    from minref import i18n
    from minref.catalog.build import CatalogBuildError, load_table
    from minref.catalog.tables import TABLES

    text = (
        "list_id,jurisdiction,list_name,list_year,status,authority,verification,source_id\n"
        "US-2025,United States,2025 Final List,2O25,final,USGS,,critical-list-us-2025\n"
    )
    with i18n.using("es"), pytest.raises(CatalogBuildError) as err:
        load_table(sqlite3.connect(":memory:"), TABLES["critical_lists"], text)
    assert str(err.value) == "critical_lists.csv, línea 2: list_year es «2O25», no un número"


def test_refresh_of_an_incomplete_raw_folder_says_which_file_in_french(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    code, _out, err = _run(
        ["catalog", "refresh", "--from", str(raw), "--db", str(tmp_path / "db")], capsys, "fr"
    )
    assert code == 1
    assert err.startswith("minref: La mise à jour a échoué")
    assert f"{raw}/" in err and f"{NBSP}: fichier ou dossier introuvable\n" in err
    assert "No such file" not in err and "[Errno" not in err


def test_refresh_of_no_folder_at_all_in_spanish(tmp_path, capsys):
    code, _out, err = _run(
        ["catalog", "refresh", "--from", str(tmp_path / "none"), "--db", str(tmp_path / "db")],
        capsys,
        "es",
    )
    assert code == 1
    assert err.endswith(f"no hay ninguna carpeta de datos brutos en {tmp_path / 'none'}\n")


def test_make_pack_with_both_sources_says_so_in_french(tmp_path, capsys):
    from minref.datapack.keys import keygen

    private, _public, _kid = keygen(tmp_path, "org")
    code, _out, err = _run(
        [
            "data",
            "make-pack",
            "--key",
            str(private),
            "--out",
            str(tmp_path / "p.minrefpack"),
            "--from",
            str(tmp_path),
            "--from-db",
            str(tmp_path),
        ],
        capsys,
        "fr",
    )
    assert code == 1
    assert err == (
        "minref: indiquez soit le dossier de données brutes (--from), soit un dossier db/ "
        "(--from-db)\n"
    )
