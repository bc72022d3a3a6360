"""Critical-list members in the reader's language, the lists' own English kept beside them.

A list prints "Zirconium", "Hafnium", "Platinum group metals: Palladium"; a Spanish or
French reader sees the catalog's name of that commodity or element ("Hafnio"), else the
curated db/list_member_names.csv ("Circonio": the catalog's commodity is "Zirconium and
hafnium", which is not what the list names), and the list's words on hover and in an
"As listed" column, because officials quote the list.  A member with a word nobody has
translated stays as published.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

DB_DIR = Path(__file__).resolve().parents[1] / "db"

NBSP = "\u00a0"


def _named(catalog, list_id: str, lang: str) -> dict[str, str]:
    return {m["mineral"]: m["name"] for m in catalog.critical_list_members_named(list_id, lang)}


# ------------------------------------------------------------------ the catalog's answer
def test_us_2025_members_in_spanish(catalog):
    es = _named(catalog, "US-2025", "es")
    assert es["Hafnium"] == "Hafnio"  # the catalog's element name
    assert es["Zirconium"] == "Circonio"  # curated: the commodity is "Circonio y hafnio"
    assert es["Magnesium"] == "Magnesio"  # not the commodity's "Magnesio metálico"
    assert es["Titanium"] == "Titanio"  # not "Titanio y dióxido de titanio"
    assert es["Graphite"] == "Grafito"
    assert es["Niobium"] == "Niobio"
    assert es["Phosphate"] == "Fosfato"
    assert es["Cerium"] == "Cerio"
    assert es["Silver"] == "Plata"
    assert es["Metallurgical coal"] == "Carbón metalúrgico"
    assert es["Tungsten"] == "Wolframio (tungsteno)"


def test_us_2025_members_in_french(catalog):
    fr = _named(catalog, "US-2025", "fr")
    assert fr["Hafnium"] == "Hafnium"
    assert fr["Zirconium"] == "Zirconium"  # not "Zirconium et hafnium"
    assert fr["Magnesium"] == "Magnésium"
    assert fr["Titanium"] == "Titane"
    assert fr["Cerium"] == "Cérium"
    assert fr["Silver"] == "Argent"
    assert fr["Phosphate"] == "Phosphate"


def test_group_members_name_the_group_and_the_element(catalog):
    es = _named(catalog, "CA-2024", "es")
    assert es["Platinum group metals"] == "Metales del grupo del platino"
    assert es["Platinum group metals: Palladium"] == "Metales del grupo del platino: Paladio"
    assert es["Rare earth elements: Cerium"] == "Elementos de tierras raras: Cerio"
    assert es["High-purity iron"] == "Hierro de alta pureza"
    assert es["Phosphorus"] == "Fósforo"  # the element, not the catalog's phosphate rock
    fr = _named(catalog, "CA-2024", "fr")
    assert fr["Platinum group metals: Palladium"] == f"Métaux du groupe du platine{NBSP}: Palladium"
    assert fr["Rare earth elements"] == "Éléments de terres rares"
    assert fr["Silicon metal"] == "Silicium métal"
    srm = _named(catalog, "EU-SRM-2023", "es")
    assert srm["Lithium - battery grade"] == "Litio - grado para baterías"
    assert srm["Boron - metallurgy grade"] == "Boro - grado metalúrgico"
    assert _named(catalog, "AU-CML-2024", "es")["Fluorine"] == "Flúor"  # not "Fluorita"


def test_the_published_name_is_kept(catalog):
    for lang in ("es", "fr"):
        rows = catalog.critical_list_members_named("US-2025", lang)
        zr = next(m for m in rows if m["commodity_id"] == "zirconium")
        assert zr["mineral"] == "Zirconium"  # the list's own word, beside the translation
        assert zr["source_id"] == "critical-list-us-2025"
    assert [m for m, *_ in catalog.critical_list_members("US-2025")] == [
        m["mineral"] for m in catalog.critical_list_members_named("US-2025", "es")
    ]


def test_english_is_the_list_as_published(catalog):
    en = _named(catalog, "US-2025", "en")
    assert en["Zirconium"] == "Zirconium"  # never the commodity's "Zirconium and hafnium"
    assert en["Magnesium"] == "Magnesium"
    assert all(name == mineral for mineral, name in en.items())
    assert catalog.list_member_name("Rare earth elements: Cerium", "pseudo") == (
        "Rare earth elements: Cerium"
    )


def test_an_unknown_word_is_shown_as_published_never_guessed(catalog):
    for lang in ("es", "fr"):
        assert catalog.list_member_name("Unobtainium", lang) == "Unobtainium"
        # one unknown word: the whole member as published, not half translated
        assert catalog.list_member_name("Rare earth elements: Unobtainium", lang) == (
            "Rare earth elements: Unobtainium"
        )
        assert catalog.list_member_name("Mystery metals: Cerium", lang) == (
            "Mystery metals: Cerium"
        )
        assert catalog.list_member_name_sources("Unobtainium", lang) == ()


def test_the_current_language_is_the_default(catalog):
    from minref import i18n

    with i18n.using("es"):
        assert catalog.list_member_name("Zirconium") == "Circonio"
    with i18n.using("fr"):
        assert catalog.list_member_name("Magnesium") == "Magnésium"
    assert catalog.list_member_name("Zirconium") == "Zirconium"


def test_each_name_says_where_it_comes_from(catalog):
    assert catalog.list_member_name_sources("Zirconium", "es") == ("minref-list-member-names",)
    assert catalog.list_member_name_sources("Hafnium", "es") == ("minref-commodity-names",)
    assert catalog.list_member_name_sources("Platinum group metals: Palladium", "fr") == (
        "minref-list-member-names",
        "minref-commodity-names",
    )
    src = catalog.sources["minref-list-member-names"]
    assert src.organisation == "minref (compiled)"
    assert "not an official translation" in src.notes
    assert src.licence and src.attribution


def test_every_member_of_every_list_held_is_named(catalog):
    """Each member of the lists held has a Spanish and a French name from the catalog or
    the curated table (a new list's new words show up here, to be curated)."""
    missing = []
    for lid, _name, _year in catalog.critical_list_ids():
        for mineral, *_ in catalog.critical_list_members(lid):
            for lang in ("es", "fr"):
                if not catalog.list_member_name_sources(mineral, lang):
                    missing.append((lid, mineral, lang))
    assert missing == []


def test_a_catalog_without_the_table_still_names_what_the_catalog_knows(tmp_path):
    from minref.catalog.build import build
    from minref.catalog.queries import Catalog

    path = tmp_path / "old.sqlite"
    build(DB_DIR, path)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE list_member_names")
    cat = Catalog.open(path)
    try:
        assert cat.list_member_name("Hafnium", "es") == "Hafnio"
        assert cat.list_member_name("Zirconium", "es") == "Zirconium"  # as published
    finally:
        cat.close()


# ------------------------------------------------------------------ the curated table
def test_curated_names_are_checked(tmp_path):
    from minref.ingest.member_names import MemberNameError, member_name_rows

    head = "name_en,name_es,name_fr,basis,source_id\n"
    good = "Zirconium,Circonio,Zirconium,element,minref-list-member-names\n"
    commodities = [{"name_en": "Hafnium"}]
    path = tmp_path / "names.csv"
    path.write_text(head + good, encoding="utf-8")
    assert member_name_rows(commodities, [], path)[0]["name_es"] == "Circonio"
    for body, message in (
        (good + good.replace("Circonio", "Zirconio"), "twice"),
        ("Hafnium,Hafnio,Hafnium,element,minref-list-member-names\n", "already names"),
        ("Zirconium,,Zirconium,element,minref-list-member-names\n", "Spanish and French"),
        ("Zirconium,Circonio,Zirconium,guess,minref-list-member-names\n", "basis"),
    ):
        path.write_text(head + body, encoding="utf-8")
        with pytest.raises(MemberNameError, match=message):
            member_name_rows(commodities, [], path)


def test_db_table_is_the_curated_file():
    import csv

    from minref.ingest.member_names import curated_path

    def rows(p):
        with open(p, encoding="utf-8", newline="") as fh:
            return sorted(tuple(r.values()) for r in csv.DictReader(fh))

    assert rows(DB_DIR / "list_member_names.csv") == rows(curated_path())


# ------------------------------------------------------------------ the lists page
def _list_page(window_in, lang: str, list_id: str):
    win = window_in(lang)
    win.open("commodities")
    page = win.current_page()
    page.list_combo.setCurrentIndex(page.list_combo.findData(list_id))
    QApplication.processEvents()
    return page


def _cell(page, cid: str, title: str) -> tuple[str, str | None]:
    model = page.model
    r = next(i for i, s in enumerate(model.rows) if s.commodity_id == cid)
    c = [col.title for col in model.columns].index(title)
    index = model.index(r, c)
    return model.text(r, c), model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_lists_page_in_spanish(window_in):
    page = _list_page(window_in, "es", "US-2025")
    titles = [c.title for c in page.model.columns]
    assert titles[:3] == ["Producto", "Miembros de la lista", "Como se publicó"]
    assert _cell(page, "zirconium", "Producto")[0] == "Circonio y hafnio"
    text, tip = _cell(page, "zirconium", "Miembros de la lista")
    assert text == "Hafnio; Circonio"  # both members that put the row on the list
    assert "Como se publicó: Hafnium; Zirconium" in tip  # the list's own words on hover
    assert "Spanish and French names of critical-mineral list members" in tip  # its source
    assert _cell(page, "zirconium", "Como se publicó")[0] == "Hafnium; Zirconium"
    assert _cell(page, "hafnium", "Miembros de la lista")[0] == "Hafnio"
    assert _cell(page, "hafnium", "Como se publicó")[0] == "Hafnium"
    assert _cell(page, "magnesium", "Miembros de la lista")[0] == "Magnesio"


def test_lists_page_in_french(window_in):
    page = _list_page(window_in, "fr", "US-2025")
    assert _cell(page, "zirconium", "Membres de la liste")[0] == "Hafnium; Zirconium"
    assert _cell(page, "hafnium", "Membres de la liste")[0] == "Hafnium"
    assert _cell(page, "titanium", "Membres de la liste")[0] == "Titane"
    assert _cell(page, "titanium", "Tel que publié")[0] == "Titanium"
    page.list_combo.setCurrentIndex(page.list_combo.findData("CA-2024"))
    assert _cell(page, "palladium", "Membres de la liste")[0] == (
        f"Métaux du groupe du platine{NBSP}: Palladium"
    )
    # the list prints the group only; "Palladium" is minref's split of it
    assert _cell(page, "palladium", "Tel que publié")[0] == "Platinum group metals"


def test_a_member_under_its_parent_commodity_fills_the_parents_row(window_in):
    """EU-CRM-2023 names hafnium only, whose commodity sits under "Zirconium and hafnium":
    that row is on the list because of hafnium, and its cells say so."""
    page = _list_page(window_in, "es", "EU-CRM-2023")
    assert _cell(page, "zirconium", "Producto")[0] == "Circonio y hafnio"
    text, tip = _cell(page, "zirconium", "Miembros de la lista")
    assert text == "Hafnio"
    assert "Como se publicó: Hafnium" in tip
    assert _cell(page, "zirconium", "Como se publicó")[0] == "Hafnium"
    assert _cell(page, "hafnium", "Miembros de la lista")[0] == "Hafnio"
    assert _cell(page, "hafnium", "Como se publicó")[0] == "Hafnium"
    # the groups the EU prints, not minref's seventeen "group: element" rows
    text, tip = _cell(page, "rare-earths", "Miembros de la lista")
    assert text == "Elementos de tierras raras pesadas; Elementos de tierras raras ligeras"
    assert _cell(page, "rare-earths", "Como se publicó")[0] == (
        "Heavy rare earth elements; Light rare earth elements"
    )
    assert "Disprosio" in tip and "Cerio" in tip  # the split, on hover
    assert _cell(page, "cerium", "Miembros de la lista")[0] == (
        "Elementos de tierras raras ligeras: Cerio"
    )
    assert _cell(page, "cerium", "Como se publicó")[0] == "Light rare earth elements"


def test_a_split_group_member_is_listed_as_the_group(catalog):
    """The EU prints "Rare earth elements for permanent magnets (Nd, Pr, Tb, Dy, Gd, Sm,
    Ce)"; "…: Cerium" is minref's split of it, so the list's words are the group's."""
    rows = {m["mineral"]: m for m in catalog.critical_list_members_named("EU-SRM-2023", "es")}
    magnets = "Rare earth elements for permanent magnets (Nd, Pr, Tb, Dy, Gd, Sm, Ce)"
    ce = rows[f"{magnets}: Cerium"]
    assert ce["as_listed"] == magnets
    assert ce["group"] == magnets
    assert ce["name"] == (
        "Elementos de tierras raras para imanes permanentes (Nd, Pr, Tb, Dy, Gd, Sm, Ce): Cerio"
    )
    assert rows[magnets]["as_listed"] == magnets  # the group entry itself
    assert rows[magnets]["group"] == ""
    assert rows["Lithium - battery grade"]["as_listed"] == "Lithium - battery grade"
    assert rows["Lithium - battery grade"]["group"] == ""
    al = rows["Bauxite/alumina/aluminium: Aluminum"]
    assert (al["as_listed"], al["group"]) == ("Bauxite/alumina/aluminium",) * 2


def test_lists_page_shows_a_split_member_as_the_list_prints_it(window_in):
    page = _list_page(window_in, "es", "EU-SRM-2023")
    magnets = "Rare earth elements for permanent magnets (Nd, Pr, Tb, Dy, Gd, Sm, Ce)"
    text, tip = _cell(page, "cerium", "Miembros de la lista")
    assert text == (
        "Elementos de tierras raras para imanes permanentes (Nd, Pr, Tb, Dy, Gd, Sm, Ce): Cerio"
    )
    assert _cell(page, "cerium", "Como se publicó")[0] == magnets
    assert f"Como se publicó: {magnets}" in tip
    assert f"{magnets}: Cerium" not in tip  # minref's split is never shown as the list's
    text, tip = _cell(page, "aluminum", "Miembros de la lista")
    assert text == "Bauxita/alúmina/aluminio: Aluminio"
    assert _cell(page, "aluminum", "Como se publicó")[0] == "Bauxite/alumina/aluminium"
    assert "Como se publicó: Bauxite/alumina/aluminium\n" in tip
    assert "Aluminio" in tip.split("\n")[1]  # the member, named as minref's split
    # the group entry and its split member on one row: the group, once; the split on hover
    assert _cell(page, "bauxite", "Como se publicó")[0] == "Bauxite/alumina/aluminium"
    text, tip = _cell(page, "bauxite", "Miembros de la lista")
    assert text == "Bauxita/alúmina/aluminio"
    assert "Alúmina" in tip.split("\n")[1]
    assert _cell(page, "lithium", "Como se publicó")[0] == "Lithium - battery grade"


def test_lists_page_in_english_says_which_words_are_minrefs(window_in):
    page = _list_page(window_in, "en", "EU-CRM-2023")
    text, tip = _cell(page, "aluminum", "List members")
    assert text == "Bauxite/alumina/aluminium: Aluminum"
    assert tip == (
        "As listed: Bauxite/alumina/aluminium\n"
        "Bauxite/alumina/aluminium: the group as the list prints it; Aluminum: minref's "
        "split of the group into its members, not the list's words"
    )
    assert _cell(page, "zirconium", "List members") == ("Hafnium", None)  # the list's word


def test_lists_page_filter_finds_a_member_by_its_words(window_in):
    page = _list_page(window_in, "es", "EU-SRM-2023")
    page.text.setText("baterías")
    assert {s.commodity_id for s in page.model.rows} >= {"lithium", "nickel", "manganese"}
    page.text.setText("battery grade")  # the list's own English finds them too
    assert {s.commodity_id for s in page.model.rows} >= {"lithium", "nickel", "manganese"}


def test_lists_page_in_english_and_without_a_list(window_in):
    page = _list_page(window_in, "en", "US-2025")
    titles = [c.title for c in page.model.columns]
    assert "List members" in titles and "As listed" not in titles  # one English: the list's
    assert _cell(page, "zirconium", "List members")[0] == "Hafnium; Zirconium"
    page.list_combo.setCurrentIndex(0)  # all commodities: the page's columns as before
    titles = [c.title for c in page.model.columns]
    assert titles[:3] == ["Commodity", "Español", "Français"]
    assert "List members" not in titles
