"""A re-import's "new rows" and overlap note go by what the rows are (reporter ISO3, flow,
year), not by how the file spells the reporter: UN Comtrade writes "México" in one
download and "Mexico" in another for the same code 484 / MEX."""

from __future__ import annotations

from pathlib import Path

import pytest

from minref.userdata.importers import commit_import, preview_import
from minref.userdata.store import UserData

FIX = Path(__file__).parent / "fixtures" / "imports"
COMTRADE = FIX / "comtrade_export.csv"  # 4 rows: MEX exports of 2023, reporterDesc "Mexico"


def _respelled(tmp_path: Path, old: str, new: str, name: str = "again.csv") -> Path:
    text = COMTRADE.read_text(encoding="utf-8")
    assert text.count(old) == 4  # the reporter columns of the 4 kept rows (and the World row)
    out = tmp_path / name
    out.write_text(text.replace(old, new), encoding="utf-8")
    return out


@pytest.fixture
def user(catalog, tmp_path):
    """A user data file holding the fixture's 4 rows as import 1."""
    u = UserData(tmp_path / "u.sqlite")
    commit_import(preview_import(COMTRADE, catalog, u), u)
    yield u
    u.close()


@pytest.mark.parametrize("spelling", ["México", "MEXICO", "Mexico (United Mexican States)"])
def test_same_reporter_code_spelled_otherwise_is_not_new(catalog, tmp_path, user, spelling):
    again = _respelled(tmp_path, "484,MEX,Mexico,", f'484,MEX,"{spelling}",')
    p = preview_import(again, catalog, user)
    assert p.rows_read == 4 and p.new_rows == 0, p.summary()
    assert "4 rows, 0 new" in p.summary()
    notes = [w for w in p.warnings if "already in your data from import 1" in w]
    assert len(notes) == 1 and notes[0].startswith("4 rows are for reporters, flows and years")
    # the file's own bytes differ: it is not "already imported", only overlapping
    assert not any("already imported as import" in w for w in p.warnings)


def test_the_same_spelling_gives_the_same_answer(catalog, tmp_path, user):
    """The spelling that always worked: 0 new and the note, as with "México"."""
    same = _respelled(tmp_path, "484,MEX,Mexico,", "484,MEX,Mexico,", "same.csv")
    p = preview_import(same, catalog, user)
    assert p.new_rows == 0
    assert any("already in your data from import 1" in w for w in p.warnings)


def test_another_reporter_with_the_same_name_is_new(catalog, tmp_path, user):
    """The code decides, not the name: rows declared by code 124 (Canada) that a file
    labels "Mexico" are not Mexico's rows held already."""
    other = _respelled(tmp_path, "484,MEX,Mexico,", "124,CAN,Mexico,", "canada.csv")
    p = preview_import(other, catalog, user)
    assert p.new_rows == 4
    assert not any("already in your data" in w for w in p.warnings)


def test_cli_preview_of_a_respelled_reimport(cat, tmp_path, capsys):
    from minref.cli import main

    data = tmp_path / "mine.sqlite"
    assert main([*cat, "import", str(COMTRADE), "--data", str(data), "--yes"]) == 0
    capsys.readouterr()
    again = _respelled(tmp_path, "484,MEX,Mexico,", "484,MEX,México,")
    assert main([*cat, "import", str(again), "--data", str(data)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "comtrade: 4 rows, 0 new; year 2023; 1 reporter (MEX); 3 partners"
    assert out[1].startswith("  note: 4 rows are for reporters, flows and years already in your")
    assert "import 1 (comtrade_export.csv)" in out[1]
