"""Critical-list members in the reader's language beyond the lists page: the supply table's
"List members" column and its filter, the supply rows' gap note (page and brief), the
dependence map's hover, the commodity page's list badges and the edition diff's list
changes.  A list publishes "Hafnium", "Zirconium", "Iridium"; a Spanish reader reads
"Hafnio", "Circonio", "Iridio" (Catalog.list_member_name), with the list's own English on
hover where an official may quote it.  JSON stays English.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DB_DIR = Path(__file__).resolve().parents[1] / "db"


# ------------------------------------------------------------------ the supply page
def _supply_page(window_in, lang: str, list_id: str = ""):
    from PySide6.QtWidgets import QApplication

    w = window_in(lang, (1366, 768))
    w.open(f"supply:{list_id}" if list_id else "supply")
    page = w.current_page()
    page.finish()
    QApplication.processEvents()
    return page


def _members_cell(page, cid: str, title: str) -> tuple[str, str]:
    from PySide6.QtCore import Qt

    model = page.model
    r = next(i for i, row in enumerate(model.rows) if row.commodity_id == cid)
    c = [col.title for col in model.columns].index(title)
    return model.text(r, c), model.data(model.index(r, c), Qt.ItemDataRole.ToolTipRole)


def test_supply_table_members_in_spanish(window_in):
    page = _supply_page(window_in, "es")
    assert page.table.critical_list.list_id == "US-2025"
    text, tip = _members_cell(page, "zirconium", "Miembros de la lista")
    assert text == "Hafnio, Circonio"  # the list's order (Hafnium, Zirconium), in Spanish
    assert "Como se publicó: Hafnium, Zirconium" in tip  # the list's own words on hover
    text, tip = _members_cell(page, "pgm", "Miembros de la lista")
    assert text == "Iridio, Rodio, Rutenio"
    assert "Como se publicó: Iridium, Rhodium, Ruthenium" in tip
    text, _tip = _members_cell(page, "rare-earths", "Miembros de la lista")
    assert text.startswith("Cerio, Disprosio, Erbio, Europio, Gadolinio")
    assert "Cerium" not in text


def test_supply_table_groups_and_french(window_in):
    page = _supply_page(window_in, "fr", "CA-2024")
    text, tip = _members_cell(page, "pgm", "Membres de la liste")
    assert text.startswith(
        "Métaux du groupe du platine, Métaux du groupe du platine\u00a0: Iridium"
    )
    assert "Ruthénium" in text
    assert "Tel que publié\u00a0: Platinum group metals, Platinum group metals: Iridium" in tip


def test_supply_filter_finds_a_member_by_either_wording(window_in):
    page = _supply_page(window_in, "es")
    for words in ("circonio", "Hafnium", "rutenio", "Ruthenium"):
        page.filter.setText(words)
        shown = {r.commodity_id for r in page.model.rows}
        assert shown == ({"zirconium"} if words in ("circonio", "Hafnium") else {"pgm"}), words


def test_supply_table_in_english_is_the_list_as_published(window_in):
    page = _supply_page(window_in, "en")
    text, tip = _members_cell(page, "zirconium", "List members")
    assert text == "Hafnium, Zirconium"
    assert "As listed" not in (tip or "")  # one English: nothing to repeat


# ------------------------------------------------------------------ the gap note
def _row(catalog, cid: str, lang: str, list_id: str = "US-2025"):
    from minref import i18n
    from minref.analysis import supply as sp

    with i18n.using(lang):
        table = sp.supply_table(catalog, list_id)
    return next(r for r in table.rows if r.commodity_id == cid)


def test_gap_note_names_members_in_spanish(catalog):
    gaps = " ".join(_row(catalog, "pgm", "es").gaps)
    # small first letters inside the sentence, as Spanish writes an element's name
    assert "ninguna para iridio, rodio, rutenio" in gaps
    gaps = " ".join(_row(catalog, "pgm", "es", "CA-2024").gaps)
    assert (
        "ninguna para metales del grupo del platino, metales del grupo del platino: iridio, "
        "metales del grupo del platino: osmio, metales del grupo del platino: rodio, "
        "metales del grupo del platino: rutenio"
    ) in gaps
    gaps = " ".join(_row(catalog, "pgm", "fr").gaps)
    assert "aucune pour iridium, rhodium, ruthénium" in gaps


def test_gap_note_and_json_stay_english_in_english(catalog, catalog_path, capsys):
    assert "none for Iridium, Rhodium, Ruthenium" in " ".join(_row(catalog, "pgm", "en").gaps)
    from minref.cli import main

    assert main(["--catalog", str(catalog_path), "--lang", "es", "supply", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    zr = next(r for r in rows if r["commodity_id"] == "zirconium")
    assert zr["members"] == ["Hafnium", "Zirconium"]
    pgm = next(r for r in rows if r["commodity_id"] == "pgm")
    assert any("none for Iridium, Rhodium, Ruthenium" in g for g in pgm["gaps"])


def test_supply_page_gaps_cell_in_spanish(window_in):
    page = _supply_page(window_in, "es")
    text, _tip = _members_cell(page, "pgm", "Vacíos")
    assert "ninguna para iridio, rodio, rutenio" in text


def test_spanish_supply_brief_gaps_name_members_in_spanish(catalog_path, tmp_path):
    from minref.cli import main
    from tests.test_supply import _pdf_words

    out = tmp_path / "abasto.pdf"
    assert main(["--catalog", str(catalog_path), "--lang", "es", "brief", "supply",
                 "--out", str(out)]) == 0  # fmt: skip
    text = _pdf_words(out)
    gaps = text.split("Vacíos en los datos")[-1]
    assert "Metales del grupo del platino: el USGS da producción mundial solo para" in gaps
    assert "(en sus propias filas), ninguna para iridio, rodio, rutenio;" in gaps
    assert "Iridium" not in gaps and "Ruthenium" not in gaps


# ------------------------------------------------------------------ the dependence map
def test_dependence_map_hover_names_members_in_spanish(catalog):
    from minref import i18n
    from minref.analysis import supply as sp

    row = _row(catalog, "zirconium", "es")
    with i18n.using("es"):
        lines = sp.row_text(row, catalog).splitlines()
        spec = sp.dependence_map(catalog, "US-2025")
    assert lines[0] == "Circonio y hafnio (Hafnio, Circonio)"
    assert lines[1] == "Como se publicó: Hafnium, Zirconium"
    notes = [p.note for s in spec.series for p in s.points]
    assert any(n.startswith("Circonio y hafnio (Hafnio, Circonio)\n") for n in notes)
    en = sp.row_text(_row(catalog, "zirconium", "en"), catalog).splitlines()
    assert en[0] == "Zirconium and hafnium (Hafnium, Zirconium)"
    assert not en[1].startswith("As listed")


# ------------------------------------------------------------------ the commodity page
def _badge_tips(window_in, lang: str, cid: str) -> dict[str, str]:
    from PySide6.QtWidgets import QLabel

    w = window_in(lang, (1256, 690))
    w.open(f"commodity:{cid}")
    page = w.current_page()
    return {b.text(): b.toolTip() for b in page.findChildren(QLabel) if b.objectName() == "badge"}


def test_commodity_list_badges_name_members_in_spanish(window_in):
    tips = _badge_tips(window_in, "es", "zirconium")
    first, *rest = tips["US-2025"].splitlines()
    # the commodity stands for both members (it is "Circonio y hafnio")
    assert first.endswith("(2025, definitiva): Hafnio, Circonio"), first
    assert rest == ["Como se publicó: Hafnium, Zirconium"]
    tips = _badge_tips(window_in, "es", "pgm")
    first, *rest = tips["CA-2024"].splitlines()
    assert first.endswith(
        ": Metales del grupo del platino, Metales del grupo del platino: Iridio, "
        "Metales del grupo del platino: Osmio, Metales del grupo del platino: Paladio, "
        "Metales del grupo del platino: Platino, Metales del grupo del platino: Rodio, "
        "Metales del grupo del platino: Rutenio"
    ), first
    assert rest == [
        "Como se publicó: Platinum group metals, Platinum group metals: Iridium, "
        "Platinum group metals: Osmium, Platinum group metals: Palladium, "
        "Platinum group metals: Platinum, Platinum group metals: Rhodium, "
        "Platinum group metals: Ruthenium"
    ]


def test_commodity_list_badges_in_english(window_in):
    tip = _badge_tips(window_in, "en", "zirconium")["US-2025"]
    assert tip.endswith("(2025, final): Hafnium, Zirconium") and "\n" not in tip


# ------------------------------------------------------------------ the edition diff
@pytest.fixture(scope="module")
def catalog_with_new_members(tmp_path_factory):
    """The catalog with two members of no commodity: one the newer catalog adds to
    US-2025, one the older has and the newer drops."""
    from minref.catalog.build import build
    from minref.catalog.queries import Catalog

    folder = tmp_path_factory.mktemp("diff-members")
    paths = {}
    for which, mineral in (("old", "Rare earth elements: Promethium"), ("new", "Osmium")):
        path = folder / f"{which}.sqlite"
        build(DB_DIR, path)
        with sqlite3.connect(path) as conn:
            conn.execute(
                "INSERT INTO critical_list_members VALUES ('US-2025', ?, NULL, '', "
                "'critical-list-us-2025')",
                (mineral,),
            )
        paths[which] = path
    old, new = Catalog.open(paths["old"]), Catalog.open(paths["new"])
    yield old, new
    old.close()
    new.close()


def _list_changes(old, new, lang: str):
    from minref import i18n
    from minref.analysis.diff import edition_diff, list_change_text

    with i18n.using(lang):
        diff = edition_diff(old, 2026, 2026, new)
        return diff.list_changes, [list_change_text(c) for c in diff.list_changes]


def test_diff_names_a_member_with_no_commodity_in_spanish(catalog_with_new_members):
    old, new = catalog_with_new_members
    changes, texts = _list_changes(old, new, "es")
    assert [(c.mineral, c.change, c.commodity_id) for c in changes] == [
        ("Osmium", "added", None),
        ("Rare earth elements: Promethium", "removed", None),
    ]
    assert texts[0].endswith("alta: Osmio"), texts[0]
    assert texts[1].endswith("baja: Elementos de tierras raras: Prometio"), texts[1]


def test_diff_in_english_is_as_published(catalog_with_new_members):
    old, new = catalog_with_new_members
    changes, texts = _list_changes(old, new, "en")
    assert [c.name for c in changes] == ["", ""]  # the JSON's name: as before
    # Both editions read the same list: its code alone, no "US-2025 -> US-2025"
    assert texts == [
        "United States (US-2025): Osmium added",
        "United States (US-2025): Rare earth elements: Promethium removed",
    ]
