"""Language defects QA found in the French and Spanish texts (every expected string is
written out by hand, in the words a reader should see).

1. A country placeholder after a preposition that needs an article ("exportations vers
   États-Unis d'Amérique", "exportaciones a el Reino Unido"): the partner is named as a
   label, or the short name that carries its own article is used.
2. Names sorted for display by code point put accented initials after "Z" ("Zinc,
   Étain"): they are sorted in the reader's alphabetical order (i18n.collation_key).
3. The rare-earth reliance card said "estimated" twice ("exportateur net (E), estimé ·
   2025 (estimé)"): where every line is estimated the year line says so once; where only
   the headline is, its figure carries the mark and the year line none.
4. English inside French and Spanish messages: a data pack's kind ("paquet … (complete,
   …)") and the terminal's trade rows ("MEX -> World", "HS 2846").
5. zipfile, zlib, sqlite3 and json said why they failed in English inside French and
   Spanish messages ("File is not a zip file", "database disk image is malformed"):
   minref.errors.explain says it in the reader's words, the original in the log.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import subprocess
import zipfile
import zlib
from types import SimpleNamespace

import pytest

from minref import i18n

NBSP = "\u00a0"
NNBSP = "\u202f"


# ------------------------------------------------------------------ 1. articles
@pytest.mark.parametrize(
    ("lang", "partner", "expected"),
    [
        ("en", "USA", "Mexico exports to the U.S., HS 26"),
        ("en", "CHN", "Mexico exports to China, HS 26"),
        ("fr", "USA", f"Mexique{NBSP}: exportations vers les États-Unis, SH 26"),
        ("fr", "CHN", f"Mexique{NBSP}: exportations (destination{NBSP}: Chine), SH 26"),
        ("fr", "GBR", f"Mexique{NBSP}: exportations vers le Royaume-Uni, SH 26"),
        ("es", "USA", "México: exportaciones hacia EE. UU., SA 26"),
        ("es", "GBR", "México: exportaciones hacia el Reino Unido, SA 26"),
        ("es", "KOR", "México: exportaciones (destino: República de Corea), SA 26"),
    ],
)
def test_brief_desk_title_gives_the_partner_its_article(catalog, lang, partner, expected):
    """The briefing book's desk section: it put the catalog's bare name after "vers"
    ("exportations vers États-Unis d'Amérique"); it now says what the desk says."""
    from minref.briefing.book import desk_title

    with i18n.using(lang):
        assert desk_title(catalog, "MEX", {"flow": "export", "partner": partner, "hs": "26"}) == (
            expected
        )


def test_brief_desk_title_imports_name_a_bare_partner_as_a_label(catalog):
    from minref.briefing.book import desk_title

    with i18n.using("fr"):
        assert desk_title(catalog, "USA", {"flow": "import", "partner": "MEX"}) == (
            f"États-Unis{NBSP}: importations (provenance{NBSP}: Mexique)"
        )
    with i18n.using("es"):
        assert desk_title(catalog, "USA", {"flow": "import", "partner": "RUS"}) == (
            "EE. UU.: importaciones (origen: Federación de Rusia)"
        )
        assert desk_title(catalog, "MEX", {"flow": "export"}) == (
            "México: exportaciones a todos los socios"
        )


def test_spanish_desk_title_with_the_uk_has_no_a_el():
    from minref.analysis.trade import flow_title

    with i18n.using("es"):
        assert flow_title("MEX", "GBR", "export", lambda iso3: "México") == (
            "México: exportaciones hacia el Reino Unido"
        )
        assert flow_title(
            "MEX", "NLD", None, lambda iso3: {"MEX": "México"}.get(iso3, "Países Bajos")
        ) == ("México: comercio (socio: Países Bajos)")


def test_cli_trade_years_name_the_partner_without_an_article(catalog):
    from minref.cli import _trade_years_text

    with i18n.using("fr"):
        assert _trade_years_text(catalog, "MEX", "USA", "export", 2030, [2015, 2016, 2017]) == (
            f"Aucune ligne d'échanges pour 2030{NBSP}: les années disponibles sont 2015–2017 "
            f"(Mexique, partenaire{NBSP}: États-Unis d'Amérique, exportations)."
        )


def test_what_if_not_computed_names_the_country_as_a_label():
    from minref.analysis.supply import without

    values = {"CHN": None, "USA": 5.0}
    with i18n.using("fr"):
        note = without(values, 100.0, {"CHN"}, {"CHN": "Chine"}).note
        assert note == f"non calculé{NBSP}: chiffre non déclaré (Chine)"
    with i18n.using("es"):
        note = without(values, 100.0, {"CHN"}, {"CHN": "Federación de Rusia"}).note
        assert note == "no calculado: cifra no declarada (Federación de Rusia)"


def test_french_supply_what_if_paragraph_says_hors_china():
    """The supply brief's what-if paragraph read "sans le chiffre de Chine"."""
    message = (
        "World production without {country}'s figure: the share removed and the "
        "share left, the next three listed producers and their shares, the HHI of "
        "what is left, and whether the USMCA countries' combined production on the "
        "same line is larger or smaller than U.S. apparent consumption. Shares are "
        "of USGS's world total, as in the tables above, except where the listed "
        "countries' figures add up to more than it: there they are of that sum, so "
        "that removed and left add up to 100%, and the rows are named below with "
        "both figures. Production and consumption are compared only when unit and "
        "basis agree; otherwise 'not comparable', with the reason below."
    )
    with i18n.using("fr"):
        text = i18n.gettext(message).format(country="Chine")
    assert text.startswith(
        f"Production mondiale hors Chine{NBSP}: la part retirée et la part restante, "
    )
    assert "de Chine" not in text


# ------------------------------------------------------------------ 2. alphabetical order
def test_collation_key_puts_accented_initials_among_their_letter():
    names = ["Zinc", "Étain", "Sélénium", "Strontium", "Or", "Œuvre", "argent"]
    assert i18n.sorted_names(names, "fr") == [
        "argent",
        "Étain",
        "Œuvre",
        "Or",
        "Sélénium",
        "Strontium",
        "Zinc",
    ]


def test_spanish_order_has_enye_after_n():
    names = ["Oro", "Ñandú", "Níquel", "Nz", "Estaño", "Estano"]
    assert i18n.sorted_names(names, "es") == ["Estano", "Estaño", "Níquel", "Nz", "Ñandú", "Oro"]
    with i18n.using("es"):
        assert sorted(["Ñu", "Nz"], key=i18n.collation_key) == ["Nz", "Ñu"]


def test_french_top10_names_in_french_order(catalog):
    """The country page's and the Mexico-U.S. brief's top-10 list: "Strontium, Sélénium"."""
    from minref.analysis.claims import top10_count

    with i18n.using("fr"):
        names = top10_count(catalog, edition=catalog.latest_edition)[1]
    at = names.index("Sel")
    assert names[at : at + 4] == ["Sel", "Sélénium", "Spath fluor (fluorine)", "Strontium"]


def test_withheld_countries_in_the_readers_order():
    from minref.analysis.supply import _withheld_note, without

    with i18n.using("fr"):
        note = _withheld_note(
            {"ZMB": None, "EGY": None, "CHN": 1.0}, {"ZMB": "Zambie", "EGY": "Égypte"}
        )
        assert note == f"non déclaré (exclu){NBSP}: Égypte, Zambie"
        result = without(
            {"DEU": None, "ZAF": None},
            10.0,
            {"DEU", "ZAF"},
            {"DEU": "Allemagne", "ZAF": "Afrique du Sud"},
        )
        assert (
            result.note == f"non calculé{NBSP}: chiffres non déclarés (Afrique du Sud, Allemagne)"
        )


def test_french_mexico_us_brief_lists_etain_among_the_e(catalog_path, tmp_path):
    """The critical-list sentence of the Mexico-U.S. brief ended "…, Zinc, Étain."."""
    from minref.cli import main

    out = tmp_path / "mexique.pdf"
    assert main(["--catalog", str(catalog_path), "--lang", "fr", "brief", "mexico-us",
                 "--out", str(out)]) == 0  # fmt: skip
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert (
        "pour 14 produits de cette liste : Antimoine, Argent, Baryte, Chrome, Cuivre, Étain, "
        "Graphite (naturel), Magnésium métal, Manganèse, Nickel, Plomb, Spath fluor (fluorine), "
        "Titane et dioxyde de titane, Zinc."
    ) in text


# ------------------------------------------------------------------ 3. estimated once
def _nir_detail(catalog, cid):
    from minref.analysis.profile import commodity_report, key_facts

    return next(f for f in key_facts(commodity_report(catalog, cid)) if f.key == "us-nir").detail


def test_rare_earth_card_says_estimated_once_in_french(catalog):
    # MCS 2026, 2025: compounds and metals 67 (e); mineral concentrates E (e, net exporter)
    with i18n.using("fr"):
        detail = _nir_detail(catalog, "rare-earths")
    assert detail == (
        f"Composés et métaux{NBSP}: 67{NBSP}%{NNBSP}; concentrés minéraux{NBSP}: "
        "exportateur net (E) · 2025 (tous les chiffres estimés), MCS 2026"
    )
    assert detail.count("estim") == 1


def test_rare_earth_card_says_estimated_once_in_spanish_and_english(catalog):
    with i18n.using("es"):
        detail = _nir_detail(catalog, "rare-earths")
    assert detail == (
        "Compuestos y metales: 67%; concentrados minerales: exportador neto (E)"
        " · 2025 (todas las cifras estimadas), MCS 2026"
    )
    assert _nir_detail(catalog, "rare-earths") == (
        "Compounds and metals: 67%; mineral concentrates: net exporter (E)"
        " · 2025 (all figures estimated), MCS 2026"
    )


def _salient(*lines):
    from minref.catalog.models import Figure, SalientFigure, SalientTable

    rows = [
        SalientFigure(
            "net_import_reliance",
            f"Net import reliance as a percentage of apparent consumption: {detail}",
            Figure(value, raw, "percent", 2025, flags, "usgs-mcs-2026"),
        )
        for detail, value, raw, flags in lines
    ]
    return SalientTable("rare-earths", 2026, rows, None, [2026])


def test_only_the_estimated_line_is_marked_when_another_is_not():
    from minref.analysis.profile import nir_card_detail

    table = _salient(
        ("Compounds and metals", 67.0, "67", ("estimated",)),
        ("Mineral concentrates", None, "E", ("net_exporter",)),
    )
    assert nir_card_detail(table, "", "Rare earths") == (
        "Compounds and metals: 67% (estimated); mineral concentrates: net exporter (E)"
        " · 2025, MCS 2026"
    )
    table = _salient(
        ("Compounds and metals", 67.0, "67", ()),
        ("Mineral concentrates", None, "E", ("net_exporter", "estimated")),
    )
    with i18n.using("fr"):
        assert nir_card_detail(table, "", "Rare earths") == (
            f"Composés et métaux{NBSP}: 67{NBSP}%{NNBSP}; concentrés minéraux{NBSP}: "
            "exportateur net (E), estimé · 2025, MCS 2026"
        )


# ------------------------------------------------------------------ 4. English left inside
def _pack(kind: str):
    from pathlib import Path

    from minref.datapack.keys import TrustedKey
    from minref.datapack.pack import VerifiedPack

    manifest = {
        "pack_id": "mcs-2026-a1",
        "kind": kind,
        "label": "MCS 2026",
        "created": "2026-07-01T10:00:00Z",
        "editions": [2026],
        "sources": ["usgs-mcs-2026", "critical-list-us-2025"],
        "content_hash": "0123456789abcdef0123",
    }
    key = TrustedKey("a1b2c3d4e5f60718", "test-org", Path("test-org.pub"), None)
    return VerifiedPack(Path("p.minrefpack"), manifest, key, {}, {})


def test_pack_summary_names_its_kind_in_french_and_spanish():
    with i18n.using("fr"):
        assert _pack("complete").summary() == (
            "paquet mcs-2026-a1 (complet, MCS 2026), créé le 2026-07-01T10:00:00Z, signé par "
            f"test-org (clé a1b2c3d4e5f60718){NNBSP}; MCS 2026{NNBSP}; sources{NBSP}: 2{NNBSP}; "
            "contenu 0123456789abcdef"
        )
        assert _pack("update").summary().startswith("paquet mcs-2026-a1 (mise à jour, MCS 2026)")
    with i18n.using("es"):
        assert (
            _pack("update")
            .summary()
            .startswith("paquete mcs-2026-a1 (actualización, MCS 2026), creado el")
        )
    assert _pack("complete").summary().startswith("pack mcs-2026-a1 (complete, MCS 2026)")


def test_make_pack_says_the_kind_in_french(monkeypatch, tmp_path, capsys):
    import minref.datapack.make as make
    from minref.datapack import commands

    out = tmp_path / "maj.minrefpack"
    out.write_bytes(b"x" * 1234)
    manifest = _pack("update").manifest | {"signer": {"key_id": "a1b2c3d4e5f60718"}}
    monkeypatch.setattr(make, "make_pack", lambda *a, **k: (out, manifest))
    args = SimpleNamespace(
        sources="", out=out, key="k", source=None, from_db="db", update=True, label="",
        min_minref=None,
    )  # fmt: skip
    with i18n.using("fr"):
        assert commands._make(args) == 0
    assert capsys.readouterr().out == (
        f"{out} écrit (1{NNBSP}234 octets){NBSP}: paquet mcs-2026-a1 (mise à jour){NNBSP}; "
        f"MCS 2026{NNBSP}; 2 sources{NNBSP}; contenu 0123456789abcdef{NNBSP}; "
        "signé avec la clé a1b2c3d4e5f60718\n"
    )


def _flow(flow, partner_iso3, partner_kind, partner_label):
    from minref.catalog.models import TradeFlow

    return TradeFlow(
        source_id="un-comtrade-us-china",
        reporter_iso3="USA",
        reporter_label="United States",
        partner_iso3=partner_iso3,
        partner_label=partner_label,
        partner_kind=partner_kind,
        flow=flow,
        hs_code="2846",
        hs_description="",
        year=2024,
        month=0,
        period="annual",
        value_usd=259321793.0,
        value_basis="FOB",
        quantity=None,
        quantity_unit="",
        net_weight_kg=None,
        flags=(),
    )


def test_terminal_trade_rows_name_the_world_and_the_way_in_french(capsys):
    from minref.analysis.text import print_trade

    flows = [
        _flow("export", None, "world", "World"),
        _flow("import", "CHN", "country", "China"),
    ]
    with i18n.using("fr"):
        print_trade(flows, [], {"CHN": "Chine"}.get)
    lines = capsys.readouterr().out.splitlines()
    assert [w for w in lines[0].split(" ") if w] == [
        "2024", "exportation", "USA", "→", "Monde", "SH", "2846", "US$",
        "259\u202f321\u202f793", "(FOB)", "[un-comtrade-us-china]",
    ]  # fmt: skip
    assert "USA ← Chine " in lines[1] and " SH 2846 " in lines[1]
    assert "World" not in lines[0] and "->" not in "".join(lines)


def test_terminal_trade_rows_in_spanish(capsys):
    from minref.analysis.text import print_trade

    with i18n.using("es"):
        print_trade([_flow("export", None, "world", "TOTAL FOR ALL COUNTRIES")], [], None)
    line = capsys.readouterr().out.splitlines()[0]
    assert "exportación   USA → Mundo " in line and " SA 2846 " in line


# ------------------------------------------------------------------ 5. library errors
def _raised(action):
    try:
        action()
    except Exception as exc:  # the library's own exception, as it raises it
        return exc
    raise AssertionError("nothing raised")


def _crc_broken_zip(path):
    """A zip whose one stored member has a byte changed after it was written."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("data.csv", "a,b\n1,2\n" * 50)
    raw = bytearray(path.read_bytes())
    at = raw.index(b"a,b")
    raw[at] = ord("x")
    path.write_bytes(bytes(raw))
    return path


def _damaged_database(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (a)")
    conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 50)
    conn.commit()
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 't'").fetchone()[0]
    conn.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xa5" * page_size)
    return path


def _query(path, sql="SELECT count(*) FROM t"):
    conn = sqlite3.connect(path)
    try:
        conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_library_errors_in_the_readers_words(tmp_path, caplog):
    import json

    from minref.errors import explain

    caplog.set_level(logging.INFO)
    not_zip = tmp_path / "a.zip"
    not_zip.write_bytes(b"hello" * 40)
    crc = _crc_broken_zip(tmp_path / "b.zip")
    not_db = tmp_path / "c.sqlite"
    not_db.write_bytes(b"this is not a database\n" * 200)
    damaged = _damaged_database(tmp_path / "d.sqlite")

    errors = {
        "zip": _raised(lambda: zipfile.ZipFile(not_zip)),
        "crc": _raised(lambda: zipfile.ZipFile(crc).read("data.csv")),
        "zlib": _raised(lambda: zlib.decompress(b"not compressed at all")),
        "not_db": _raised(lambda: _query(not_db)),
        "malformed": _raised(lambda: _query(damaged)),
        "json": _raised(lambda: json.loads('{"a": ')),
        "missing": _raised(lambda: (tmp_path / "none" / "x.csv").open()),
    }
    with i18n.using("fr"):
        said = {k: explain(e) for k, e in errors.items()}
    assert said == {
        "zip": "ce n'est pas un fichier zip",
        "crc": f"la somme de contrôle (CRC-32) ne correspond pas{NBSP}: les données sont "
        "endommagées",
        "zlib": "les données compressées sont endommagées",
        "not_db": "ce n'est pas une base de données SQLite",
        "malformed": "le fichier de base de données est endommagé",
        "json": "ligne 1, colonne 7",
        "missing": "fichier ou dossier introuvable",
    }
    with i18n.using("es"):
        assert explain(errors["malformed"]) == "el archivo de base de datos está dañado"
        assert explain(errors["crc"]) == (
            "la suma de verificación (CRC-32) no coincide: los datos están dañados"
        )
    # the library's own words are kept for the log, not lost
    assert "database disk image is malformed" in caplog.text
    assert "File is not a zip file" in caplog.text


def test_library_text_follows_the_phrase_with_debug_only(tmp_path, caplog):
    from minref.errors import explain

    not_zip = tmp_path / "a.zip"
    not_zip.write_bytes(b"hello" * 40)
    exc = _raised(lambda: zipfile.ZipFile(not_zip))
    caplog.set_level(logging.WARNING)
    with i18n.using("fr"):
        assert explain(exc) == "ce n'est pas un fichier zip"
        caplog.set_level(logging.DEBUG)
        assert explain(exc) == "ce n'est pas un fichier zip [BadZipFile: File is not a zip file]"


def test_an_error_minref_has_no_phrase_for_is_said_as_is():
    from minref.errors import explain

    with i18n.using("fr"):
        assert explain(ValueError("le paquet n'est pas signé")) == "le paquet n'est pas signé"


def test_data_pack_that_is_not_a_zip_is_refused_in_french(tmp_path, caplog):
    from minref.datapack import PackRefused
    from minref.datapack.pack import read_pack

    caplog.set_level(logging.WARNING)
    pack = tmp_path / "maj.minrefpack"
    pack.write_bytes(b"hello" * 100)
    with i18n.using("fr"), pytest.raises(PackRefused) as refused:
        read_pack(pack)
    assert str(refused.value) == (
        "maj.minrefpack\u00a0: le fichier est tronqué ou corrompu (ce n'est pas un fichier zip)"
    )
    crc = _crc_broken_zip(tmp_path / "crc.minrefpack")
    with i18n.using("es"), pytest.raises(PackRefused) as refused:
        read_pack(crc)
    assert "Bad CRC" not in str(refused.value)


def test_user_data_file_that_is_not_a_database_in_french(tmp_path, caplog):
    from minref.userdata.store import UserData, UserDataError

    caplog.set_level(logging.WARNING)
    bad = tmp_path / "userdata.sqlite"
    bad.write_bytes(b"this is not a database\n" * 200)
    with i18n.using("fr"), pytest.raises(UserDataError) as error:
        UserData(bad)
    assert str(error.value).startswith(
        f"Votre fichier de données {bad} n'est pas une base de données lisible (ce n'est pas "
        "une base de données SQLite)"
    )
    assert "file is not a database" not in str(error.value)


def test_cli_damaged_catalog_in_french(catalog_path, tmp_path, capsys, caplog):
    from minref.cli import main

    caplog.set_level(logging.WARNING)
    damaged = tmp_path / "catalog.sqlite"
    shutil.copyfile(catalog_path, damaged)
    conn = sqlite3.connect(damaged)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'world_production'"
    ).fetchone()[0]
    conn.close()
    with damaged.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xa5" * page_size)
    assert main(["--catalog", str(damaged), "--lang", "fr", "show", "silver"]) == 3
    err = capsys.readouterr().err
    assert err.startswith(
        "minref: Le catalogue est endommagé (le fichier de base de données est endommagé).\n"
    )
    assert "malformed" not in err
