"""The claim checker in Spanish and French, its pseudo-locale run, and its sums from SQL.

Expected phrases are hand-written (the claim checker's published verdicts in README.md:
52.7-68.0 % on the minero-metallurgical basket, closest 2020; 44-52 headings above
US$1,000,000), the imported-store sums are checked on a hand-made import."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from minref import i18n
from tests.pseudo_text import english_chunks, outside_brackets

REPO = Path(__file__).resolve().parents[1]
OURS = ["minref/analysis/claims.py", "minref/analysis/trade.py"]


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    i18n.set_language("en")


def _plain(text: str) -> str:
    """Text with CLDR's no-break spaces as plain spaces, runs of spaces as one."""
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))


def _claims_out(catalog_path, capsys, *args, after=()) -> str:
    from minref.cli import main

    capsys.readouterr()
    assert main(["--catalog", str(catalog_path), *args, "claims", *after]) == 0
    return capsys.readouterr().out


def test_claims_in_spanish_read_as_written(catalog_path, capsys):
    out = _plain(_claims_out(catalog_path, capsys, "--lang", "es"))
    for phrase in (
        "EE. UU. recibe el 52% de las exportaciones minerales de México.",
        "Respaldada en parte: el 52% está a menos de 1 punto del rango en la canasta "
        "minero-metalúrgica (la unión de las cinco canastas) (52.7–68.0% en 2015–2021; "
        "más cercano 2020: 52.7%)",
        "se reproduce si: a ±1 punto o menos de 52%",
        "oro y plata: incluidos",
        "México exporta 52 productos minerales a EE. UU., incluidas 12 tierras raras.",
        "44–52 partidas (minero-metalúrgica (la unión de las cinco canastas)) con "
        "exportaciones a EE. UU. por encima de US$1,000,000 en 2015–2021",
        "mil millones",  # US$ amounts in Mexican Spanish words
        "México está entre los 10 principales productores mundiales de 16 minerales.",
        "Plata",  # the catalog's Spanish commodity names in claim 3
    ):
        assert phrase in out, phrase
    for english in ("Partly supported", "listed partners", "headings above", "basket"):
        assert english not in out, english


def test_claims_in_french_read_as_written(catalog_path, capsys):
    out = _plain(_claims_out(catalog_path, capsys, "--lang", "fr"))
    for phrase in (
        "Les États-Unis reçoivent 52 % des exportations minérales du Mexique.",
        "Étayée en partie : 52 % se situe à 1 point au plus de la fourchette du panier "
        "minéro-métallurgique (la réunion des cinq paniers) (52,7–68,0 % en 2015–2021 ; "
        "le plus proche, 2020 : 52,7 %)",
        "or et argent : inclus",  # French spacing before the colon (found by QA)
        "Le Mexique exporte 52 produits minéraux vers les États-Unis, dont 12 terres rares.",
        "44–52 positions (minéro-métallurgique (la réunion des cinq paniers)) avec des "
        "exportations vers les États-Unis au-delà de 1 000 000 $ US en 2015–2021",
        "Md$ US",
        "Argent",  # silver, from the catalog's French names
    ):
        assert phrase in out, phrase
    for english in ("Partly supported", "listed partners", "headings above", "basket"):
        assert english not in out, english


def test_claims_json_stays_english(catalog_path, capsys):
    out = json.loads(_claims_out(catalog_path, capsys, "--lang", "fr", after=["--json"]))
    us = next(c for c in out["claims"] if c["claim_id"] == "us-share")
    assert us["claim"] == "The U.S. takes 52% of Mexico's mineral exports."
    assert us["reason"].startswith("Partly supported: 52% lies within 1 point of the range")
    assert "52.7–68.0% in 2015–2021" in us["reason"]
    assert us["definitions"]["gold and silver"] == "included"


def _english_chunks() -> set[str]:
    """Static English parts (four words or more) of every message of our two files."""
    return english_chunks(OURS)


_outside_brackets = outside_brackets


def test_pseudo_claims_show_no_english_from_the_claim_checker(catalog_path, capsys):
    chunks = _english_chunks()
    assert len(chunks) > 60  # the walk found our messages
    out = _claims_out(catalog_path, capsys, "--lang", "pseudo")
    assert "⟦" in out
    plain = _plain(_outside_brackets(out))
    leaked = sorted(c for c in chunks if _plain(c) in plain)
    assert leaked == []
    # short words of ours, too short for the chunks: basket names, definition labels
    for word in ("ores and concentrates", "claimed by", "gold and silver", "strict reading"):
        assert word not in plain, word


def test_trade_desk_texts_translate():
    from minref.analysis import trade as tr

    with i18n.using("es"):
        assert tr.flow_title("MEX", "USA", "export", lambda iso3: "México") == (
            "México: exportaciones hacia EE. UU."
        )
        assert tr.MIRROR_CAUSES[0].startswith("Base de valoración: las exportaciones")
        conc = tr.partner_concentration([])
        assert conc.note == "No hay valores de socios que repartir."
    with i18n.using("fr"):
        assert "concentration est forte" in tr.partner_concentration([]).scale
    assert tr.MIRROR_CAUSES[0].startswith("Valuation basis:")  # English again outside


def test_the_claims_year_comes_from_the_register(catalog):
    """'the claim (2025)' is the register's date: a register dated 2023 says 2023 and 2022."""
    from minref.analysis import claims
    from minref.analysis import trade as tr

    class Dated:
        def __init__(self, cat):
            self.cat = cat

        def __getattr__(self, name):
            return getattr(self.cat, name)

        def claims_register(self):
            return [
                {**r, "date": "2023-05-04"} if str(r.get("unit")).startswith("percent") else r
                for r in self.cat.claims_register()
            ]

    bundled = claims.claim_us_share(tr.TradeData(catalog))
    assert "the claim (2025) probably refers to 2024 exports." in bundled.gaps[1]
    dated = claims.claim_us_share(tr.TradeData(Dated(catalog)))
    assert "the claim (2023) probably refers to 2022 exports." in dated.gaps[1]


def _import(user, rows):
    return user.commit_import(
        rows,
        {"label": "hand", "file_name": "hand.csv", "file_format": "comtrade", "sha256": "",
         "organisation": "test", "dataset": "hand-made", "licence": "-", "attribution": "-"},
    )  # fmt: skip


def _row(hs, partner, value, kind="country", flow="export", year=2019, **kw):
    return {"reporter_iso3": "MEX", "reporter_label": "Mexico", "partner_iso3": partner,
            "partner_label": partner or "World", "partner_kind": kind, "flow": flow,
            "hs_code": hs, "year": year, "period": "annual", "value_usd": value, **kw}  # fmt: skip


def test_imported_rows_are_summed_in_sql(catalog, tmp_path):
    from minref.analysis import claims
    from minref.analysis import trade as tr
    from minref.userdata.store import UserData

    user = UserData(tmp_path / "u.sqlite")
    rec = _import(
        user,
        [
            _row("2603", "USA", 30.0),
            _row("2603", "CHN", 70.0),
            _row("2603", "JPN", float("nan")),  # refused
            _row("2603", "KOR", -1.0),  # refused
            _row("2603", None, 120.0, kind="world"),
            _row("2529", "USA", 60.0),
            _row("2529", "CAN", 40.0),
            _row("252921", "USA", 5.0),  # HS6: not an HS4 row
            _row("2846", "USA", 2_000.0),
            _row("284610", "USA", 500.0, flow="import"),
            _row("7106", "USA", 5.0, year=2020),
        ],
    )
    sums = tr.TradeData(catalog, user).trade_sums("MEX", "USA", hs_len=4, hs_prefixes=("2846",))
    mine = [s for s in sums if s.source_id == rec.source_id]
    copper = [s for s in mine if s.heading == "2603" and s.partner_kind == "country"]
    # by hand: USA 30 (one row); CHN 70, JPN nan, KOR -1 (three rows, one usable)
    assert sorted((s.to_partner, s.rows, s.usable, s.value_usd) for s in copper) == [
        (False, 3, 1, 70.0),
        (True, 1, 1, 30.0),
    ]
    assert {(s.heading, s.hs_len, s.flow) for s in mine if s.heading == "2846"} == {
        ("2846", 4, "export"),
        ("2846", 6, "import"),
    }
    assert not any(s.hs_len == 6 and s.heading == "2529" for s in mine)  # 252921: not asked
    data = tr.TradeData(catalog, user)
    ores = claims.claim_us_share(data, source=rec.source_id, basket="ores", year=2019)
    # 2603 in 2019: U.S. 30 of the listed 100 = 30.0 %; two refused rows; World 120
    assert ores.table[0] == ["ores and concentrates (ch. 26)", "30.0%"]
    assert "2 rows with non-finite or negative values were left out" in ores.reason
    products = claims.claim_products(data, source=rec.source_id, min_value=25.0, year=2019)
    # U.S. rows above US$25 in 2019: 2603 (30), 2529 (60), 2846 (2,000) -> 3 in the union
    assert products.table[-1] == ["minero-metallurgical (the union of the five baskets)", "3"]
    ree = {s.definition: s.result for s in products.sensitivity if s.definition.startswith("HS")}
    assert ree["HS 2846 exports 2019 (all listed partners; of which U.S.)"] == (
        "US$2 k; U.S. US$2 k"
    )
    assert ree["HS 2846 imports 2019 (all listed partners; of which U.S.)"] == (
        "US$0 k; U.S. US$0 k"
    )
    user.close()


def test_desk_titles_never_drop_a_french_article(catalog):
    """French needs an article after "depuis"/"vers" that the catalog's bare names lack:
    the bare name is given as a label; the U.S. keeps its own ("les États-Unis")."""
    from minref import i18n
    from minref.analysis.trade import flow_title

    with i18n.using("fr"):
        assert (
            flow_title("USA", "MEX", "import", catalog.country_name)
            == "États-Unis\u00a0: importations (provenance\u00a0: Mexique)"
        )
        assert (
            flow_title("MEX", "USA", "export", catalog.country_name)
            == "Mexique\u00a0: exportations vers les États-Unis"
        )
    with i18n.using("es"):
        assert (
            flow_title("USA", "MEX", "import", catalog.country_name)
            == "EE. UU.: importaciones (origen: México)"
        )
    assert flow_title("USA", "MEX", "import", catalog.country_name) == "U.S. imports from Mexico"


@pytest.mark.parametrize(
    "lang, dates",
    [
        # the register's own words, by hand: its dates stay, the words around them translated
        (
            "es",
            {
                "2025-09 (estudio presentado c. 2025-09-22/23)",
                "c. 2022 (datos de 2021)",
                "página tal como se guardó",
            },
        ),
        (
            "fr",
            {
                "2025-09 (étude présentée vers le 2025-09-22/23)",
                "vers 2022 (données de 2021)",
                "page telle qu’enregistrée",
            },
        ),
        (
            "en",
            {"2025-09 (study presented c. 2025-09-22/23)", "c. 2022 (2021 data)", "page as stored"},
        ),
    ],
)
def test_the_registers_dates_read_in_the_readers_language(catalog, lang, dates):
    # Found in the built app: "(study presented c. 2025-09-22/23)" in the Spanish checker.
    try:
        i18n.set_language(lang)
        held = {r["date"] for r in catalog.claims_register()}
    finally:
        i18n.set_language("en")
    assert dates <= held
    assert "2025-11-20" in held  # a plain date as the register has it


def test_claim_3s_published_ranks_and_dashes_read_in_spanish(catalog):
    # Found in the built app: the Spanish claim checker listed the Secretaría de
    # Economía's ranks as "silver 1; fluorite 2; sodium sulphate 3", and "–" (not in the
    # top 10 that edition) read as the tables' "— = zero".
    from minref.analysis import claims
    from minref.analysis import trade as tr

    data = tr.TradeData(catalog, None)
    try:
        i18n.set_language("es")
        r = claims.check_claims(data)[2]
    finally:
        i18n.set_language("en")
    published = next(v for k, v in r.definitions.items() if k.startswith("lugares publicados"))
    assert published.startswith("Plata 1; Fluorita 2; sulfato de sodio 3")
    ranks = next(v for k, v in r.definitions.items() if k.startswith("lugares por edición"))
    assert ranks.endswith("– = fuera de los 10 primeros en esa edición)")
    english = claims.check_claims(data)[2].definitions
    published_en = next(v for k, v in english.items() if k.startswith("published ranks"))
    assert published_en.startswith("silver 1; fluorite 2; sodium sulphate 3")  # as written


def test_french_claim_definitions_follow_french_punctuation(catalog):
    # "Camimex (lettre à l'USTR) (opportimes.com, 2025-11-20): 16 minéraux; ..." read on the
    # French claim card (a review, 2026-12-04): a no-break space before ":" and a narrow
    # one before ";", as everywhere else in French.
    from minref.analysis import claims

    with i18n.using("fr"):
        r = claims.claim_top10(catalog, edition=2026)
        by, holds = r.definitions["affirmé par"], r.definitions["obtenu exactement avec"]
    assert by.startswith(
        "Camimex (lettre à l'USTR) (opportimes.com, 2025-11-20)\u00a0: 16 minéraux\u202f; "
    )
    assert "; " not in by.replace("\u202f; ", "") and "): " not in by
    assert "\u202f; " in holds and "; " not in holds.replace("\u202f; ", "")
