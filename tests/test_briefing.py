"""PDF briefings read back as text: figures equal the catalog's, every marker leads to the
annex, pages and outline are right, fonts are embedded, user text prints literally, and a
cancelled or failed export leaves no file."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from minref.analysis.text import figure_text
from minref.briefing import briefs
from minref.briefing.document import BriefCancelled, BriefOptions, BriefWriteError


def text_of(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def outline_titles(path) -> list[str]:
    out = []

    def walk(items):
        for it in items:
            if isinstance(it, list):
                walk(it)
            else:
                out.append(it.title)

    walk(PdfReader(str(path)).outline)
    return out


@pytest.fixture(scope="module")
def silver_pdf(catalog, tmp_path_factory):
    path = tmp_path_factory.mktemp("brief") / "silver.pdf"
    briefs.commodity_brief(catalog, "silver", path, BriefOptions(marking="For official use only"))
    return path


def test_commodity_brief_figures_equal_the_catalog(silver_pdf, catalog):
    text = text_of(silver_pdf)
    table = catalog.world_production("silver")
    for iso3 in ("MEX", "PER", "CHN", "USA"):
        assert figure_text(table.row_for(iso3).figure) in text
    assert "24.2%" in text  # Mexico: 6,300 t of 26,000 t
    nir = [
        r
        for r in catalog.us_salient("silver").series("net_import_reliance")
        if r.figure.year == 2025
    ][0].figure
    assert f"{int(nir.value)}%" in text
    assert "47%" in text  # Mexico's share of U.S. imports, MCS 2026
    assert "US-2025" in text and "7106.91" in text
    assert "What the data does not say" in text


def test_every_marker_leads_to_the_annex(silver_pdf):
    text = text_of(silver_pdf)
    body, annex = text.split("\nSources\n", 1)
    used = {int(n) for group in re.findall(r"\[([\d, ]+)\]", body) for n in group.split(",")}
    listed = {int(n) for n in re.findall(r"^\[(\d+)\]", annex, re.M)}
    assert used and used <= listed
    assert "doi:10.5066/P1WKQ63T" in annex  # MCS 2026 data release
    assert "Public domain" in annex and "Licence" in annex


def test_pages_outline_marking_and_metadata(silver_pdf):
    reader = PdfReader(str(silver_pdf))
    assert 2 <= len(reader.pages) <= 3
    assert outline_titles(silver_pdf) == ["Silver", "Sources"]
    first = reader.pages[0].extract_text()
    assert "For official use only" in first
    # "of y" is a form filled in when the last page is known: pypdf reads it apart
    assert f"Page 1 of {len(reader.pages)}" in " ".join(first.split())
    assert reader.metadata.title == "Silver: briefing"
    w, h = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(w)), round(float(h))) == (612, 792)  # Letter


def test_fonts_are_embedded(silver_pdf):
    reader = PdfReader(str(silver_pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = []
    for ref in fonts.values():
        font = ref.get_object()
        names.append(str(font["/BaseFont"]))
        desc = (
            font.get("/FontDescriptor")
            or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        )
        assert "/FontFile2" in desc.get_object()  # the TrueType program is in the file
    assert any("DejaVuSans" in n for n in names)


def test_user_text_prints_literally(catalog, tmp_path):
    long_word = "Supercalifragilistic" * 15
    opts = BriefOptions(
        paper="a4",
        title='<b>Bold</b> & "quoted" — Ñandú façade',
        marking="<script>alert(1)</script> & FOUO",
        note=f"Note with <tags> & {long_word}",
    )
    path = briefs.commodity_brief(catalog, "fluorspar", tmp_path / "odd name (v2) ñ.pdf", opts)
    text = text_of(path)
    flat = text.replace("\n", "")
    assert '<b>Bold</b> & "quoted" — Ñandú façade' in text
    assert "<script>alert(1)</script> & FOUO" in text
    assert "Note with <tags> &" in text and long_word in flat
    w = PdfReader(str(path)).pages[0].mediabox.width
    assert round(float(w)) == 595  # A4


def test_mexico_us_brief(catalog, tmp_path):
    path = briefs.mexico_us_brief(catalog, tmp_path / "mx.pdf", BriefOptions())
    text = text_of(path)
    latest = catalog.latest_edition
    standing = catalog.country_standing("MEX", latest)
    top = {
        e.commodity_id
        for e in standing.entries
        if e.measure == "production" and e.rank and e.rank <= 10
    }
    flat = text.replace("\n", " ")
    assert (
        f"In MCS {latest}, Mexico ranks among the top 10 of the countries USGS lists in "
        f"{len(top)} commodities" in flat
    )
    assert "Mercury (MCS 2023)" in flat  # listed apart, not added to the count
    # The claim checker's first reading (mine production only) gives 14 in MCS 2026: the
    # brief says which lines its count takes, and that one too (it read 17 beside the
    # card's 14 with no word of why: found in the built app).
    assert "any production line (mine, refinery, smelter or plant)" in flat
    assert "counting mine production only, 14 commodities" in flat
    assert "Silver" in text and "1/14" in text
    # Mexico's silver exports to the U.S. in 2024, US$ million (UN Comtrade).
    v = [f for f in catalog.trade_flows("MEX", "USA", "7106", 2024, "export")][0].value_usd
    assert f"{v / 1e6:,.1f}" in text
    assert "Gaps in the data" in text and "Source: UN Comtrade" in text.replace("\n", " ")
    assert outline_titles(path)[:3] == [
        "Mexico's standing in world production",
        "Trade with the United States by HS heading",
        "Mexico's share of U.S. imports by commodity",
    ]


def test_rare_earths_brief(catalog, tmp_path):
    path = briefs.rare_earths_brief(catalog, tmp_path / "ree.pdf", BriefOptions())
    text = text_of(path)
    for e in catalog.rare_earth_elements():
        assert f"{e.symbol} {e.name_en}" in text
    cn = catalog.world_production("rare-earths").row_for("CHN")
    assert f"{cn.share_pct:.1f}%" in text
    assert "2846.90" in text and "8505.11" in text
    assert "Mexico's position" in text


def test_pack_contents_match_the_pages(catalog, tmp_path):
    ids = ["silver", "fluorspar", "zinc"]
    seen = []
    path = briefs.pack(
        catalog,
        ids,
        tmp_path / "pack.pdf",
        BriefOptions(progress=lambda d, t, w: seen.append((d, t))),
    )
    reader = PdfReader(str(path))
    text = text_of(path)
    assert outline_titles(path) == ["Contents", "Summary", "Silver", "Fluorspar", "Zinc", "Sources"]
    contents_page = reader.pages[0].extract_text()
    for title, dest in zip(outline_titles(path)[1:], reader.outline[1:], strict=False):
        page = reader.get_destination_page_number(dest) + 1
        assert re.search(rf"{title}\s*{page}\b", contents_page), (title, page)
    # one pass: each commodity is reported once, in order
    assert seen[-1] == (3, 3) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    summary = reader.pages[0].extract_text()  # the summary follows the contents on page 1
    mx = catalog.world_production("silver").row_for("MEX")
    assert "Summary" in summary
    assert re.search(rf"Silver\s+{mx.rank}\s+{mx.share_pct:.1f}%( e)?", summary)
    annex = text.split("Each figure's marker [n] refers")
    assert len(annex) == 2  # one annex for the whole pack
    assert len(re.findall(r"^\[1\] ", annex[1], re.M)) == 1


def test_cancelled_pack_leaves_no_file(catalog, tmp_path):
    calls = {"n": 0}

    def cancelled():
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(BriefCancelled):
        briefs.pack(
            catalog,
            ["silver", "zinc", "lead"],
            tmp_path / "p.pdf",
            BriefOptions(cancelled=cancelled),
        )
    assert list(tmp_path.iterdir()) == []


def test_failed_build_leaves_the_old_file(catalog, tmp_path, monkeypatch):
    target = tmp_path / "b.pdf"
    target.write_bytes(b"old")

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(briefs, "commodity_flowables", boom)
    with pytest.raises(RuntimeError):
        briefs.commodity_brief(catalog, "silver", target, BriefOptions())
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["b.pdf"]


def test_missing_folder_is_a_clear_error(catalog, tmp_path):
    with pytest.raises(BriefWriteError, match="does not exist"):
        briefs.commodity_brief(catalog, "silver", tmp_path / "nope" / "b.pdf", BriefOptions())


def test_cli_brief(catalog_path, tmp_path, capsys):
    from minref.cli import main

    base = ["--catalog", str(catalog_path), "brief"]
    out = tmp_path / "c.pdf"
    assert main(base + ["commodity", "plata", "--marking", "A & <B>", "--out", str(out)]) == 0
    assert "A & <B>" in text_of(out)
    assert (
        main(base + ["pack", "silver,fluorita", "--paper", "a4", "--out", str(tmp_path / "p.pdf")])
        == 0
    )
    assert main(base + ["country", "MEX", "--out", str(tmp_path / "m.pdf")]) == 0
    assert main(base + ["rare-earths", "--out", str(tmp_path / "r.pdf")]) == 0
    assert main(base + ["commodity", "silvr", "--out", str(tmp_path / "x.pdf")]) == 2
    assert main(base + ["commodity", "silver", "--out", str(tmp_path / "no" / "x.pdf")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_gui_dialog_exports_and_cancels(qtbot, catalog, tmp_path, monkeypatch):
    from minref.ui.brief_dialog import BriefDialog

    d = BriefDialog(catalog, "pack", ["silver", "zinc"])
    qtbot.addWidget(d)
    d.open_when_done.setChecked(False)
    d.marking.setText("FOUO")
    out = d.export(str(tmp_path / "pack.pdf"))
    assert out and "FOUO" in text_of(out)
    d2 = BriefDialog(catalog, "pack", ["silver", "zinc", "lead"])
    qtbot.addWidget(d2)
    d2.open_when_done.setChecked(False)
    from PySide6.QtWidgets import QProgressDialog

    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    assert d2.export(str(tmp_path / "cancelled.pdf")) is None
    assert not (tmp_path / "cancelled.pdf").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.pdf"]


def test_contents_page_numbers_are_drawn(catalog, tmp_path):
    """The contents' numbers are forms filled in at the end: they must show on the page, not
    only sit in the text layer (a form clips what lies left of its origin)."""
    import subprocess

    path = briefs.pack(catalog, ["silver", "fluorspar"], tmp_path / "pack.pdf", BriefOptions())
    # the right-hand column of the contents, where the numbers stand (Letter at 72 dpi)
    out = subprocess.run(
        ["pdftoppm", "-gray", "-r", "72", "-f", "1", "-l", "1", "-x", "480", "-y", "120",
         "-W", "80", "-H", "120", str(path)],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    header_end = out.index(b"255\n") + 4
    dark = sum(1 for b in out[header_end:] if b < 128)
    assert dark > 20  # the digits' ink


def test_a_pack_computes_each_commodity_once(catalog, tmp_path, monkeypatch):
    """The summary and the sections read one report per commodity (issue 18)."""
    from collections import Counter

    calls = Counter()
    real = briefs.commodity_report

    def counted(cat, cid, **kw):
        calls[cid] += 1
        return real(cat, cid, **kw)

    monkeypatch.setattr(briefs, "commodity_report", counted)
    ids = ["silver", "fluorspar", "zinc"]
    briefs.pack(catalog, ids, tmp_path / "pack.pdf", BriefOptions())
    assert calls == {"silver": 1, "fluorspar": 1, "zinc": 1}


def test_cached_font_faces_measure_like_reportlabs_own(tmp_path):
    """A face loaded from the cache gives the widths reportlab's own parse gives, and a
    damaged cache file is parsed again rather than trusted."""
    from reportlab.pdfbase.ttfonts import TTFont

    from minref.briefing.fonts import ttfont
    from minref.paths import resource_dir

    path = resource_dir() / "fonts" / "DejaVuSans.ttf"
    own = TTFont("check-own", str(path))
    text = "Plata, Fluorita, État, año: 6 300,5 t · “W”"
    first = ttfont("check-first", path, tmp_path)  # parsed, then cached
    (cached,) = tmp_path.glob("DejaVuSans-*.pickle")
    again = ttfont("check-again", path, tmp_path)  # from the cache
    for font in (first, again):
        assert font.stringWidth(text, 10) == own.stringWidth(text, 10)
        assert font.face.charToGlyph == own.face.charToGlyph
        assert font.face.makeSubset([ord(c) for c in "Plata"]) == own.face.makeSubset(
            [ord(c) for c in "Plata"]
        )
    cached.write_bytes(b"not a pickle")
    damaged = ttfont("check-damaged", path, tmp_path)
    assert damaged.stringWidth(text, 10) == own.stringWidth(text, 10)


@pytest.mark.parametrize(("lang", "word"), [("es", "Todos"), ("fr", "Tous")])
def test_import_sources_name_usgs_all_in_the_language(catalog, tmp_path, lang, word):
    """USGS's "All" (every form of the commodity) is a word of the table: the brief's
    import-sources table shows it translated, as the page does."""
    from minref import i18n

    with i18n.using(lang):
        path = briefs.commodity_brief(
            catalog, "barite", tmp_path / f"barite-{lang}.pdf", BriefOptions()
        )
    text = text_of(path)
    # MCS 2026 barite, U.S. import sources 2021-24: China 21 %, Mexico 14 % (all forms)
    assert re.search(rf"\nChin[ae]\n{word}\n\s*21\n", text), text
    assert re.search(rf"\n(?:México|Mexique)\n{word}\n\s*14\n", text)
    assert "\nAll\n" not in text


def test_usd_millions_never_reads_zero_for_a_value():
    # Mexico's HS4 declarations, 2510 to the U.S. in 2019: US$18,049 printed "0.0" before.
    assert briefs.usd_millions(18_049) == "0.018"
    assert briefs.usd_millions(2_589_600_000) == "2,589.6"
    assert briefs.usd_millions(49_999) == "0.050"
    assert briefs.usd_millions(50_000) == "0.1"
    assert briefs.usd_millions(0) == "0.0"


def test_trade_table_takes_its_sources_years_and_sums_the_small_headings(catalog, monkeypatch):
    """Hand-made rows of one source: 2018-2024 held, so the tables show those seven years
    (the brief kept the last six and dropped 2015 from Mexico's 2015-2021 declarations,
    found by QA); 400 points hold four year columns beside the headings, so two tables.
    7106 reaches US$1 million, 2510 and 2601 never do and are summed on one line."""
    from types import SimpleNamespace

    def row(code, year, usd):
        return SimpleNamespace(hs_code=code, year=year, value_usd=usd, source_id="x")

    rows = [row("7106", y, 2e9) for y in range(2018, 2025)] + [
        row("2510", 2019, 18_049),
        row("2601", 2019, 500_000),
        row("2601", 2024, 900_000),
    ]
    captured = []

    def fake_table(header, body, *a, **k):
        captured.append((header, body))
        return SimpleNamespace()

    import minref.briefing.briefs as b

    monkeypatch.setattr(b, "data_table", fake_table)
    b._trade_table(catalog, b.Citations(catalog.sources), b.styles(), 400, "x", rows)
    assert [h[1:] for h, _body in captured] == [
        ["2018", "2019", "2020", "2021"],
        ["2022", "2023", "2024"],
    ]
    (_h1, first), (_h2, second) = captured
    assert first[0][1:] == ["2,000.0"] * 4 and second[0][1:] == ["2,000.0"] * 3
    other = "2 other headings, each under US$1 million a year"
    assert first[-1] == [other, "", "0.5", "", ""]  # 18,049 + 500,000 = 518,049 in 2019
    assert second[-1] == [other, "", "", "0.9"]


def test_the_mexico_us_gaps_say_which_silver_years_carry_a_quantity(catalog):
    """The brief said Mexico reports silver exports without quantity; UN Comtrade's metal
    headings hold 3,385,757.957 kg for 2016 (and kilograms for 2018 and 2020)."""
    from minref.briefing.briefs import silver_quantity_gap

    assert silver_quantity_gap(catalog) == [
        "Mexico's silver exports to the U.S. (HS 7106) carry a quantity for 2016, 2018, "
        "2020 only; 2015, 2017, 2019, 2021, 2022, 2023, 2024 are held as values only."
    ]


def test_spanish_briefs_read_as_sentences(catalog_path, tmp_path):
    """Found in the built app: "270,000 e toneladas métricas" in running text, "EE. UU.. 1
    serie" in a chart caption, "All" in the Mexico–U.S. import-shares table."""
    from pypdf import PdfReader

    from minref.cli import main

    def text(kind: str) -> str:
        out = tmp_path / f"{kind}.pdf"
        assert main(["--catalog", str(catalog_path), "--lang", "es", "brief", kind,
                     "--out", str(out)]) == 0  # fmt: skip
        return " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())

    ree = text("rare-earths")
    assert "(270,000 toneladas métricas (estimado)" in ree  # MCS 2026: China 270,000 e t
    assert " e toneladas" not in ree and "UU.." not in ree
    assert "EE. UU. 1 serie" in ree
    mxus = text("mexico-us")
    assert "Plata Todos 47" in mxus  # silver: Mexico 47% of U.S. imports, all forms
    assert not re.search(r" All \d", mxus)  # USGS's own "All clay types combined" stays


def test_mexico_us_trade_rows_never_read_alike(catalog):
    """7208-7215 all read "Iron or non-alloy steel" and 2817 "Zinc" (it is zinc oxide)."""
    from minref.briefing.briefs import _heading_labels

    codes = ["2817", "7208", "7209", "7210", "7403", "7404"]
    labels = _heading_labels(catalog, codes)
    assert labels["2817"] == "2817 Zinc; oxide and peroxide"
    assert labels["7404"] == "7404 Copper; waste and scrap"
    assert labels["7210"] == (
        "7210 Iron or non-alloy steel; flat-rolled products, width 600mm or more, clad, "
        "plated or coated"
    )
    assert len(set(labels.values())) == len(codes)
    assert len({label.rstrip("…") for label in labels.values()}) == len(codes)


@pytest.mark.parametrize(
    "lang, note",
    [
        ("es", "Nombres de las estadísticas como los publica el USGS, en inglés."),
        ("fr", "Noms des statistiques tels que l’USGS les publie, en anglais."),
    ],
)
def test_a_brief_says_its_salient_statistics_are_usgss_english(catalog, tmp_path, lang, note):
    # Found in the built app: "Production: Mine", "Imports for consumption" in a Spanish
    # brief, with nothing to say they are USGS's own words.
    from minref import i18n

    try:
        i18n.set_language(lang)
        path = briefs.commodity_brief(catalog, "silver", tmp_path / "b.pdf", BriefOptions())
    finally:
        i18n.set_language("en")
    flat = " ".join(text_of(path).split())
    assert note in flat and "Imports for consumption" in flat
    english = briefs.commodity_brief(catalog, "silver", tmp_path / "en.pdf", BriefOptions())
    assert "in English" not in " ".join(text_of(english).split())


def test_a_saved_briefing_says_so_in_the_windows_status_line(qtbot, catalog, tmp_path):
    # Found in the built app: saving a brief from its dialog said nothing at all.
    from minref.ui.brief_dialog import BriefDialog
    from minref.ui.main_window import MainWindow

    w = MainWindow(catalog, None)
    qtbot.addWidget(w)
    d = BriefDialog(catalog, "commodity", ["silver"], w)
    qtbot.addWidget(d)
    d.open_when_done.setChecked(False)
    out = d.export(str(tmp_path / "silver brief.pdf"))
    assert out is not None and out.exists()
    assert w.statusBar().currentMessage() == f"Briefing saved: {out}"
