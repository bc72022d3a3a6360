"""A Spanish or French brief prints minref's own words in Spanish or French, its sources
annex too.  The annex printed the register's English as stored: the licence line minref
writes for the critical-mineral lists ("Licencia: Facts compiled for minref from official
publications."), minref's notes on each source ("File as frozen before version 1.3 of the
report … The corrections of v1.3 are applied from minref's errata table …", "Obtained as a
third-party pull … MAIN PARTNERS ONLY: …"), the names of minref's own compilations and its
edition words ("2025 final").  The register stays English (it is the record); the words are
translated when printed (minref.briefing.source_text), and the window's Sources page shows
the same.  What the data owners wrote (USGS's public-domain licence, "Source: UN Comtrade")
is quoted as published.  Expected texts are written out by hand."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.pdftext import pdf_words

REPO = Path(__file__).resolve().parents[1]


def _annex(catalog, tmp_path, kind: str, targets: list[str], lang: str) -> str:
    """The brief's sources annex (its last "Sources"/"Fuentes" heading on), as one line."""
    from minref.briefing import kinds
    from minref.briefing.document import BriefOptions

    path = tmp_path / f"{kind}-{lang}.pdf"
    out = kinds.write(kind, catalog, targets, path, BriefOptions(lang=lang))
    text = pdf_words(out)
    head = {"es": "Fuentes La marca [n]", "fr": "Sources Le repère [n]", "en": "Sources Each"}[lang]
    assert head in text, head
    return text.split(head)[-1]


# Sentences of the register that minref wrote, in English as stored: none may be printed
# in a Spanish or French brief.
ENGLISH = [
    "Facts compiled for minref",
    "Compiled for minref",
    "File as frozen before version 1.3",
    "The corrections of v1.3 are applied from minref's errata table",
    "the report PDF is authoritative",
    "Compiled from the Federal Register notice",
    "the notice text itself was not consulted",
    "minref compilation",
    "Judgement calls should be reviewed",
    "minref (compiled)",
    "Commodity to HS 2022 crosswalk",
    "2025 final",
    "2024 final",
    "in force 2024-05-23",
    "Source titles, notes and descriptions",
]

COPPER = {
    "es": [
        "Licencia: Datos compilados para minref a partir de publicaciones oficiales.",
        "Archivo tal como quedó antes de la versión 1.3 del informe (2026-05-27). Las "
        "correcciones de la v1.3 se aplican desde la tabla de erratas de minref y se marcan "
        "como «corregido» en las cifras afectadas; el PDF del informe es la referencia.",
        "Compilado a partir del aviso del Federal Register del 2025-11-07 según varios "
        "resúmenes publicados independientes; no se consultó el texto del aviso.",
        "2025, versión definitiva.",
        "2023, en vigor desde el 2024-05-23.",
        "[7] minref (compilación propia). Tabla de correspondencia entre productos y el SA "
        "2022. 2026. Licencia: Datos compilados para minref; descripciones del SA bajo "
        "ODC-PDDL. Atribución: Compilación de minref; cada código verificado contra el SA "
        "2022.",
        # the owners' licences and the publications' titles as published
        "Licencia: Public domain (U.S. Government work, 17 U.S.C. §105).",
        "Mineral Commodity Summaries 2026 data release. MCS 2026.",
        "Licencia: ODC Public Domain Dedication and License (PDDL) 1.0.",
    ],
    "fr": [
        "Licence : Faits compilés pour minref à partir de publications officielles.",
        "Fichier tel qu'il était avant la version 1.3 du rapport (2026-05-27). Les "
        "corrections de la v1.3 sont appliquées à partir de la table d'errata de minref et "
        "signalées « corrigé » sur les chiffres concernés ; le PDF du rapport fait foi.",
        "Compilé à partir de l'avis du Federal Register du 2025-11-07 d'après plusieurs "
        "résumés publiés indépendants ; le texte de l'avis lui-même n'a pas été consulté.",
        "2025, version définitive.",
        "2023, en vigueur depuis le 2024-05-23.",
        "[7] minref (compilation propre). Table de correspondance entre produits et SH 2022. "
        "2026. Licence : Faits compilés pour minref ; descriptions du SH sous ODC-PDDL. "
        "Attribution : Compilation de minref ; chaque code vérifié dans le SH 2022.",
        "Licence : Public domain (U.S. Government work, 17 U.S.C. §105).",
        "Mineral Commodity Summaries 2026 data release. MCS 2026.",
        "Licence : ODC Public Domain Dedication and License (PDDL) 1.0.",
    ],
}


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_commodity_brief_sources_annex_is_in_the_briefs_language(catalog, tmp_path, lang):
    annex = _annex(catalog, tmp_path, "commodity", ["copper"], lang)
    for english in ENGLISH:
        assert english not in annex, english
    for expected in COPPER[lang]:
        assert expected in annex, expected


def test_english_commodity_brief_keeps_the_register_as_stored(catalog, tmp_path):
    annex = _annex(catalog, tmp_path, "commodity", ["copper"], "en")
    assert "Licence: Facts compiled for minref from official publications." in annex
    assert (
        "The corrections of v1.3 are applied from minref's errata table and flagged "
        "'corrected' on the figures they concern; the report PDF is authoritative." in annex
    )
    assert "2025 final." in annex and "2023 in force 2024-05-23." in annex


COUNTRY = {
    "es": [
        "Licencia: Datos de UN Comtrade, redistribuidos gratuitamente dentro del límite de "
        "unos 100,000 registros que fija la política de UN Comtrade, con atribución.",
        "Atribución: Source: UN Comtrade.",  # Comtrade's own wording, as it asks
        "SOLO SOCIOS PRINCIPALES: el script de descarga conservó los socios principales",
        "El repositorio no tiene archivo de licencia: es una fuente provisional, de contraste.",
    ],
    "fr": [
        "Licence : Données UN Comtrade, redistribuées gratuitement dans la limite d'environ "
        "100 000 enregistrements fixée par la politique d'UN Comtrade, avec attribution.",
        "Attribution : Source: UN Comtrade.",
        "PRINCIPAUX PARTENAIRES SEULEMENT : le script d'extraction n'a gardé que les "
        "principaux partenaires",
        "Le dépôt n'a pas de fichier de licence : source provisoire, de recoupement.",
    ],
}


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_country_brief_sources_annex_is_in_the_briefs_language(catalog, tmp_path, lang):
    annex = _annex(catalog, tmp_path, "country", ["MEX"], lang)
    for english in (
        "MAIN PARTNERS ONLY",
        "Obtained as a third-party",
        "redistributed free of charge",
        "Repository has no licence file",
    ):
        assert english not in annex, english
    for expected in COUNTRY[lang]:
        assert expected in annex, expected


# The register's licence lines that are the data owners' own, quoted as they word them.
OWNERS_LICENCES = {
    "Public domain (U.S. Government work, 17 U.S.C. §105)",
    "ODC Public Domain Dedication and License (PDDL) 1.0",
    "CC BY 4.0",
}


def test_every_note_and_minref_licence_of_the_register_has_its_translation():
    """A source added to db/sources.csv with a note or a licence line of minref's own is
    translated too, not printed in English in a Spanish brief."""
    from minref.catalog import source_text
    from minref.i18n import using

    with (REPO / "db" / "sources.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 29
    for row in rows:
        for field, shown in (("notes", source_text.notes), ("licence", source_text.licence)):
            text = row[field]
            if not text or text in OWNERS_LICENCES or text == "Version 2.0.":
                continue
            for lang in ("es", "fr"):
                with using(lang):
                    assert shown(text) != text, (row["source_id"], field, lang)


def test_sources_page_shows_the_annexs_words(window_in):
    """The window's Sources page and the brief's annex say a source's licence alike."""
    w = window_in("es")
    w.open("sources")
    page = w.current_page()
    model = page.model
    titles = [c.title for c in model.columns]
    rows = [r.source_id for r in model.rows]
    us = rows.index("critical-list-us-2025")
    cell = model.index(us, titles.index("Licencia"))
    assert model.data(cell) == "Datos compilados para minref a partir de publicaciones oficiales"
    assert model.data(model.index(us, titles.index("Edición"))) == "2025, versión definitiva"
    mcs = rows.index("usgs-mcs-2026")
    assert (
        model.data(model.index(mcs, titles.index("Licencia")))
        == "Public domain (U.S. Government work, 17 U.S.C. §105)"
    )
