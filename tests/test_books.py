"""Briefing books: the official's own notes, kept, moved between colleagues and printed."""

from __future__ import annotations

import json
import sqlite3
import subprocess

import pytest

from minref.userdata import books as bk
from minref.userdata.store import SCHEMA_VERSION, UserData

TRICKY = "<b>bold?</b> & “quotes” — ñandú, élan, Größe 😀 " + "x" * 300
MARKING_120 = (
    "FOR OFFICIAL USE ONLY - NOT FOR DISTRIBUTION OUTSIDE THE MINISTRY OF ECONOMY AND THE "
    "USMCA DELEGATION (REV. 2026-12) v.2"
)


def store(tmp_path) -> bk.BookStore:
    return bk.BookStore(UserData(tmp_path / "userdata.sqlite"))


def test_the_marking_fixture_is_120_characters():
    assert len(MARKING_120) == 120


def test_notes_and_bookmarks_survive_a_restart(tmp_path):
    s = store(tmp_path)
    s.star("commodity:fluorspar", "Fluorspar")
    s.set_note("commodity:fluorspar", "Ask about Las Cuevas", figure="world:MEX:2025")
    s.user.close()
    s = store(tmp_path)
    assert s.bookmarks() == [("commodity:fluorspar", "Fluorspar")]
    assert s.notes("commodity:fluorspar")[0]["text"] == "Ask about Las Cuevas"
    assert s.search_notes("cuevas")[0]["target"] == "commodity:fluorspar"
    assert s.search_notes("100%") == []  # LIKE wildcards are literal
    s.set_note("commodity:fluorspar", "", figure="world:MEX:2025")  # empty removes it
    assert s.notes("commodity:fluorspar") == []


def test_a_schema_2_file_with_real_rows_migrates_after_a_backup(tmp_path):
    """A data file written before books existed: its imports stay, books arrive, a backup
    of the old file is kept."""
    from minref.userdata.store import MIGRATIONS

    path = tmp_path / "userdata.sqlite"
    user = UserData(path)
    user.commit_import(
        [
            {
                "source_id": "x",
                "reporter_iso3": "MEX",
                "reporter_label": "Mexico",
                "partner_iso3": "USA",
                "partner_label": "USA",
                "partner_kind": "country",
                "flow": "export",
                "hs_code": "7106",
                "year": 2023,
                "month": 0,
                "period": "annual",
                "value_usd": 123.0,
                "flags": "",
            }
        ],
        {
            "label": "t",
            "file_name": "t.csv",
            "file_format": "comtrade",
            "sha256": "0",
            "organisation": "UN",
            "dataset": "Comtrade",
            "licence": "",
            "attribution": "",
        },
    )
    user.close()
    # Undo migration 3 by hand, as a minref of schema 2 left the file.
    conn = sqlite3.connect(path)
    for table in ("bookmarks", "notes", "book_sections", "books"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    assert 3 in MIGRATIONS and SCHEMA_VERSION >= 3
    user = UserData(path)
    assert user.row_count() == 1  # the imported row is still there
    s = bk.BookStore(user)
    s.star("claim:us-share", "52 %")
    assert s.bookmarks() == [("claim:us-share", "52 %")]
    assert list(tmp_path.glob("userdata.backup-*.sqlite"))


def test_a_newer_user_file_is_refused(tmp_path):
    from minref.userdata.store import UserDataError

    path = tmp_path / "userdata.sqlite"
    UserData(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(UserDataError, match="newer minref"):
        UserData(path)
    assert path.read_bytes() == before


def test_create_rename_duplicate_reorder_delete_undo(tmp_path):
    s = store(tmp_path)
    b = s.new("USMCA", marking="FOUO")
    for cid in ("silver", "fluorspar", "graphite"):
        s.add_section(b.book_id, bk.Section("commodity", cid))
    s.move_section(b.book_id, 2, 0)
    assert [x.target for x in s.get(b.book_id).sections] == ["graphite", "silver", "fluorspar"]
    s.rename(b.book_id, "USMCA review")
    copy = s.duplicate(b.book_id)
    assert copy.title == "USMCA review (copy)" and len(copy.sections) == 3
    s.delete(b.book_id)
    with pytest.raises(bk.BookError):
        s.get(b.book_id)
    assert s.undelete(b.book_id).title == "USMCA review"
    with pytest.raises(bk.BookError):
        s.move_section(b.book_id, 7, 0)


def test_exchange_round_trip(tmp_path):
    s = store(tmp_path)
    b = s.new("Ministerial", talking_points=TRICKY, lang="es", paper="a4")
    s.add_section(b.book_id, bk.Section("desk", "MEX", {"partner": "USA", "hs": "26"}))
    text = bk.to_exchange(s.get(b.book_id))
    again = bk.from_exchange(text.encode())
    assert again.talking_points == TRICKY and again.lang == "es" and again.paper == "a4"
    assert again.sections[0].options == {"partner": "USA", "hs": "26"}
    other = store(tmp_path / "colleague")
    imported = other.save(again)
    assert other.get(imported.book_id).title == "Ministerial"


@pytest.mark.parametrize(
    "doc, why",
    [
        (b"\xff\xfe junk", "not UTF-8"),
        (b"[1, 2]", "not a minref briefing book"),
        (json.dumps({"format": "minref-briefing-book"}).encode(), "no schema version"),
        (
            json.dumps({"format": "minref-briefing-book", "schema_version": 99}).encode(),
            "newer minref",
        ),
        (
            json.dumps(
                {
                    "format": "minref-briefing-book",
                    "schema_version": 1,
                    "book": {"title": "x", "macro": "rm -rf"},
                    "sections": [],
                }
            ).encode(),
            "does not know",
        ),
        (
            json.dumps(
                {
                    "format": "minref-briefing-book",
                    "schema_version": 1,
                    "book": {"title": "x"},
                    "sections": [{"kind": "python", "target": "os.system"}],
                }
            ).encode(),
            "section kind",
        ),
        (b"[" * 100_000, "not valid JSON"),
    ],
)
def test_bad_book_files_are_refused(doc, why):
    with pytest.raises(bk.BookError, match=why):
        bk.from_exchange(doc)


def test_cli_refuses_a_newer_book_file_and_changes_nothing(tmp_path, cat_args):
    home = tmp_path / "home"
    newer = tmp_path / "newer.json"
    newer.write_text(
        json.dumps({"format": "minref-briefing-book", "schema_version": 2, "book": {}})
    )
    data = tmp_path / "userdata.sqlite"
    run = cat_args(home)
    assert run("book", "--data", str(data), "new", "Mine").returncode == 0
    before = data.read_bytes()
    r = run("book", "--data", str(data), "import", str(newer))
    assert r.returncode == 1 and "newer minref" in r.stderr and "Traceback" not in r.stderr
    assert data.read_bytes() == before


@pytest.fixture
def cat_args(catalog_path):
    import os
    import sys

    def make(home):
        def run(*argv):
            env = {**os.environ, "MINREF_HOME": str(home)}
            return subprocess.run(
                [sys.executable, "-m", "minref", "--catalog", str(catalog_path), *argv],
                capture_output=True,
                text=True,
                env=env,
                timeout=120,
            )

        return run

    return make


def _pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def printed_book(tmp_path_factory, catalog):
    from minref.analysis.trade import TradeData
    from minref.briefing.book import book_pdf

    tmp = tmp_path_factory.mktemp("book")
    s = bk.BookStore(UserData(tmp / "userdata.sqlite"))
    b = s.new(
        "USMCA review: critical minerals",
        marking=MARKING_120,
        audience="Deputy Minister for Trade",
        purpose="Prepare the ministerial on critical minerals.",
        key_messages="- Mexico is a close, reliable supplier\n- Diversify away from single sources",
        talking_points=f"1. First point\n2. {TRICKY}\n3. Third point",
    )
    s.add_section(b.book_id, bk.Section("commodity", "fluorspar", talking_points="- Mexico #2"))
    s.add_section(b.book_id, bk.Section("commodity", "silver"))
    s.add_section(b.book_id, bk.Section("commodity", "silver"))  # a repeat prints once
    s.add_section(b.book_id, bk.Section("claim", "us-share"))
    s.add_section(b.book_id, bk.Section("text", body="Closing remarks."))
    out = book_pdf(catalog, TradeData(catalog, s.user), s.get(b.book_id), tmp / "book.pdf")
    return out


def test_the_book_prints_the_officials_text_literally_and_in_order(printed_book):
    text = _pdf_text(printed_book)
    flat = " ".join(text.split())
    assert "<b>bold?</b> &" in flat  # never read as markup
    assert "ñandú, élan, Größe" in flat
    first, tricky, third = (
        flat.index("First point"),
        flat.index("<b>bold?"),
        flat.index("Third point"),
    )
    assert first < tricky < third  # reading order
    assert flat.index("Purpose") < flat.index("Key messages") < flat.index("Talking points")
    assert "x" * 60 in text.replace("\n", "")  # the long word is printed (split, not dropped)


def test_a_120_character_marking_prints_whole_on_every_page(printed_book):
    from pypdf import PdfReader

    pages = PdfReader(printed_book).pages
    assert len(pages) >= 4
    for page in pages:
        flat = " ".join(page.extract_text().split())
        assert "FOR OFFICIAL USE ONLY - NOT FOR DISTRIBUTION" in flat
        assert "USMCA DELEGATION (REV. 2026-12) v.2" in flat  # the end of the marking, not cut


def test_a_repeated_section_prints_once(printed_book):
    from pypdf import PdfReader

    outline = [o.title for o in PdfReader(printed_book).outline if not isinstance(o, list)]
    assert outline.count("Silver") == 1


def test_every_annex_entry_has_a_marker_in_the_text(printed_book):
    import re

    text = _pdf_text(printed_book)
    body, _, annex = text.rpartition("Sources\n")
    listed = {int(n) for n in re.findall(r"^\s*\[(\d+)\]", annex, re.M)}
    cited = {int(n) for group in re.findall(r"\[([\d, ]+)\]", body) for n in group.split(",")}
    assert listed and listed <= cited


def test_the_summary_keeps_estimate_flags(printed_book, catalog):
    # Silver: U.S. net import reliance 2025 is estimated in MCS 2026 (77 e, README).
    text = _pdf_text(printed_book)
    line = next(x for x in text.splitlines() if x.strip().startswith("Silver") and "%" in x)
    assert "77% e" in line


def test_claim_fact_card_from_the_cli(tmp_path, cat_args):
    from pypdf import PdfReader

    run = cat_args(tmp_path / "home")
    out = tmp_path / "card.pdf"
    r = run("claims", "--card", "us-share", "--out", str(out), "--paper", "a4", "--marking", "FOUO")
    assert r.returncode == 0, r.stderr
    reader = PdfReader(out)
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Claim: The U.S. takes 52% of Mexico's mineral exports" in first
    assert "FOUO" in first
    # the data it is computed from (SOURCES.md §12), not the catalog's latest MCS edition
    assert "Data as of UN Comtrade 2015-2021; built" in first
    assert "USGS MCS" not in first.split("Data as of", 1)[1].split(";", 1)[0]
    width = float(reader.pages[0].mediabox.width)
    assert round(width) == 595  # A4: 210 mm
    r = run("claims", "--card", "us-share")
    assert r.returncode == 2 and "--out" in r.stderr


def test_a_book_computes_each_commodity_once(tmp_path, catalog, monkeypatch):
    """The summary, the empty-section check and the sections share one report each."""
    from collections import Counter

    from minref.analysis.trade import TradeData
    from minref.briefing import briefs
    from minref.briefing.book import book_pdf

    calls = Counter()
    real = briefs.commodity_report
    monkeypatch.setattr(
        briefs, "commodity_report", lambda cat, cid, **kw: calls.update([cid]) or real(cat, cid)
    )
    s = bk.BookStore(UserData(tmp_path / "userdata.sqlite"))
    b = s.new("Two commodities")
    for cid in ("silver", "fluorspar"):
        s.add_section(b.book_id, bk.Section("commodity", cid))
    book_pdf(catalog, TradeData(catalog, s.user), s.get(b.book_id), tmp_path / "book.pdf")
    assert calls == {"silver": 1, "fluorspar": 1}


def test_a_new_book_prints_in_the_language_minref_is_shown_in(tmp_path):
    from minref import i18n

    s = store(tmp_path)
    with i18n.using("fr"):
        assert s.new("Revue de l'ACEUM").lang == "fr"
        assert s.new("Asked for", lang="es").lang == "es"
    with i18n.using("pseudo"):
        assert s.new("Pseudo").lang == "en"  # the pseudo-locale is not a book language
    assert s.new("English").lang == "en"


def test_a_books_progress_ends_in_the_readers_language(tmp_path, catalog):
    # The last step read "done" in a Spanish or French book ("Writing done…" in the
    # window's progress dialog); a brief pack's read "terminado".
    from minref.analysis.trade import TradeData
    from minref.briefing.book import book_pdf
    from minref.briefing.briefs import BriefOptions

    s = bk.BookStore(UserData(tmp_path / "userdata.sqlite"))
    b = s.new("Plata", lang="es")
    s.add_section(b.book_id, bk.Section("commodity", "silver"))
    seen = []
    book_pdf(
        catalog,
        TradeData(catalog, s.user),
        s.get(b.book_id),
        tmp_path / "libro.pdf",
        BriefOptions(progress=lambda done, total, what: seen.append((done, total, what))),
    )
    assert seen[-1] == (1, 1, "terminado")
