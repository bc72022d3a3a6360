"""The trade desk's arithmetic (hand-computed on fixtures), the importers on valid and
broken files, the user data file, the claim verdicts on the bundled catalog, and the
desk and claim pages."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from minref.analysis import claims
from minref.analysis import trade as tr
from minref.catalog.models import TradeFlow
from minref.userdata.importers import ImportFormatError, commit_import, preview_import, read_file
from minref.userdata.store import UserData, UserDataError

FIX = Path(__file__).parent / "fixtures" / "imports"


def flow(
    partner,
    iso3,
    value,
    *,
    kind="country",
    year=2024,
    hs="7106",
    period="annual",
    month=0,
    qty=None,
    unit="",
    source="s1",
    reporter="MEX",
    fl="export",
):
    return TradeFlow.make(
        source_id=source,
        reporter_iso3=reporter,
        reporter_label=reporter,
        partner_iso3=iso3,
        partner_label=partner,
        partner_kind=kind,
        flow=fl,
        hs_code=hs,
        year=year,
        month=month,
        period=period,
        value_usd=value,
        value_basis="FOB",
        quantity=qty,
        quantity_unit=unit,
    )


# ---------------------------------------------------------------- arithmetic


def test_hhi_and_top3_by_hand():
    flows = [
        flow("United States", "USA", 600.0),
        flow("Canada", "CAN", 300.0),
        flow("Japan", "JPN", 100.0),
        flow("World", None, 1000.0, kind="world"),
    ]
    c = tr.partner_concentration(flows)
    # shares 60, 30, 10 -> HHI 3600 + 900 + 100 = 4600; top-3 = 100
    assert [round(s.share_pct, 6) for s in c.shares] == [60.0, 30.0, 10.0]
    assert c.hhi == pytest.approx(4600.0) and c.top3_pct == pytest.approx(100.0)
    assert c.total_usd == 1000.0 and "1 world" in c.note


def test_single_partner_is_fully_concentrated():
    assert tr.partner_concentration([flow("United States", "USA", 5.0)]).hhi == 10000.0


def test_annual_sums_months_and_keeps_quantity_only_with_one_unit():
    flows = [
        flow("United States", "USA", 10.0, period="month", month=m, hs="2529", qty=1.0, unit="kg")
        for m in range(1, 13)
    ]
    flows.append(
        flow("United States", "USA", 5.0, period="month", month=1, hs="2530", qty=2.0, unit="kg")
    )
    flows.append(
        flow(
            "United States", "USA", 7.0, period="month", month=2, hs="2530", qty=3.0, unit="number"
        )
    )
    rows = {r.hs: r for r in tr.annual_flows(flows, 4)}
    assert rows["2529"].value_usd == 120.0 and rows["2529"].months == 12
    assert rows["2529"].quantity == 12.0
    assert rows["2530"].value_usd == 12.0 and rows["2530"].quantity is None  # kg + number


def test_ytd_rows_never_enter_annual_sums():
    rows = tr.annual_flows([flow("United States", "USA", 9.0, period="ytd", month=4)], 4)
    assert rows == []


def test_mirror_by_hand(catalog):
    class Fake(tr.TradeData):
        def flows(self, reporter=None, partner=None, hs=None, year=None, flow_=None, **kw):
            rows = [
                flow("United States", "USA", 100.0, hs="7106", year=2023),
                flow("United States", "USA", 50.0, hs="7108", year=2023),
                flow(
                    "MEXICO",
                    "MEX",
                    180.0,
                    hs="71",
                    year=2023,
                    reporter="USA",
                    fl="import",
                    source="s2",
                ),
            ]
            return [
                r
                for r in rows
                if (reporter is None or r.reporter_iso3 == reporter)
                and (hs is None or r.hs_code.startswith(hs))
                and (year is None or r.year == year)
                and (kw.get("flow", flow_) is None or r.flow == kw.get("flow", flow_))
            ]

    data = Fake(catalog)
    data.flows = lambda reporter=None, partner=None, hs=None, year=None, flow=None: Fake.flows(
        data, reporter, partner, hs, year, flow
    )
    rows = tr.mirror(data, "MEX", "USA")
    assert len(rows) == 1
    m = rows[0]
    assert (m.declared_by_a, m.declared_by_b, m.gap) == (150.0, 180.0, 30.0)
    assert m.gap_pct == pytest.approx(20.0) and m.a_lines == ("7106", "7108")


def test_bundled_desk_figures(catalog):
    data = tr.TradeData(catalog)
    c = tr.partner_concentration(data.flows("MEX", None, "7106", 2024, "export"))
    usa = next(s for s in c.shares if s.partner_iso3 == "USA")
    raw = [
        f.value_usd
        for f in catalog.trade_flows("MEX", None, "7106", 2024, "export")
        if f.partner_kind == "country"
    ]
    assert usa.share_pct == pytest.approx(
        100 * catalog.trade_flows("MEX", "USA", "7106", 2024, "export")[0].value_usd / sum(raw)
    )
    cells = {(c.chapter, c.year): c.held for c in tr.coverage(data)}
    assert cells[("71", 2024)] and not any("MEX exports" in h for h in cells[("26", 2024)])
    assert "MEX exports (HS4, un-comtrade-mexico-hs4)" in cells[("26", 2019)]
    mirror = {(m.year, m.chapter): m for m in tr.mirror_like_with_like(data)}
    m71 = mirror[(2024, "71")]
    assert m71.b_sources == ("census-hs2-general-imports",)
    # three headings on Mexico's side against the U.S. chapter total: no gap is shown
    assert not m71.comparable and m71.gap is None and "3 headings" in m71.note
    m75 = mirror[(2023, "75")]  # 7502 alone against chapter 75: was a 150,276 % gap
    assert m75.gap_pct is None and "not comparable" in m75.note


# ---------------------------------------------------------------- importers


@pytest.mark.parametrize(
    "name, fmt, n, first",
    [
        ("comtrade_export.csv", "comtrade", 4, ("MEX", "USA", "252921", 2023, 30500000.0)),
        ("baci.csv", "baci", 3, ("MEX", "USA", "252921", 2022, 29876500.0)),
        ("census_api.json", "census", 5, ("USA", "MEX", "2529", 2024, 2345678.0)),
        ("usitc_dataweb.csv", "usitc", 5, ("USA", "MEX", "2529", 2022, 180123456.0)),
    ],
)
def test_importers_read_real_shaped_files(catalog, name, fmt, n, first):
    p = read_file(FIX / name, catalog)
    assert p.file_format == fmt and p.rows_read == n
    r = p.sample[0]
    assert (r["reporter_iso3"], r["partner_iso3"], r["hs_code"], r["year"], r["value_usd"]) == first
    assert p.meta["attribution"] and p.meta["licence"]


def test_census_groups_and_totals_are_not_countries(catalog):
    rows = read_file(FIX / "census_api.json", catalog).sample
    kinds = {r["partner_label"]: (r["partner_kind"], r["partner_iso3"]) for r in rows}
    assert kinds["TOTAL FOR ALL COUNTRIES"] == ("world", None)
    assert kinds["USMCA (NAFTA)"] == ("group", None)
    assert kinds["CHINA"] == ("country", "CHN")


def test_comtrade_annual_and_no_quantity(catalog):
    rows = read_file(FIX / "comtrade_export.csv", catalog).sample
    assert all(r["period"] == "annual" and r["month"] == 0 for r in rows)
    ore = next(r for r in rows if r["hs_code"] == "260300")
    assert ore["quantity"] is None  # "N/A" unit: no quantity invented
    world = next(r for r in rows if r["partner_kind"] == "world")
    assert world["partner_iso3"] is None


@pytest.mark.parametrize(
    "name, message",
    [
        ("broken_fields.csv", "line 3: 7 fields"),
        ("broken_number.csv", "line 3: primaryValue is not a number"),
        ("unknown_format.csv", "line 1: not a recognised format"),
        ("broken.json", "not valid JSON"),
    ],
)
def test_broken_files_name_the_line(catalog, name, message):
    with pytest.raises(ImportFormatError, match=message):
        read_file(FIX / name, catalog)


def test_unknown_country_names_the_line(catalog, tmp_path):
    f = tmp_path / "dw.csv"
    f.write_text(
        '"Data Type","HTS Number","Description","Country","2024"\n'
        '"Customs Value","2529","Fluorspar","Atlantis","5"\n'
    )
    with pytest.raises(ImportFormatError, match="line 2: unknown country “Atlantis”"):
        read_file(f, catalog)


def test_import_is_one_transaction_and_separate_from_the_catalog(catalog, catalog_path, tmp_path):
    before = catalog_path.read_bytes()
    user = UserData(tmp_path / "u.sqlite")
    preview = preview_import(FIX / "baci.csv", catalog, user)
    assert preview.new_rows == 3
    rec = commit_import(preview, user)
    assert rec.source_id == "user-import-1" and rec.rows == 3
    assert len(user.trade_flows("MEX")) == 3
    again = preview_import(FIX / "baci.csv", catalog, user)
    assert again.new_rows == 0 and again.warnings
    data = tr.TradeData(catalog, user)
    src = data.source("user-import-1")
    assert src.organisation == "CEPII" and "baci.csv" in src.edition
    assert any(f.source_id == "user-import-1" for f in data.flows("MEX", "USA", "2529"))
    assert catalog_path.read_bytes() == before  # the bundled catalog is never written


def test_failed_commit_writes_nothing(catalog, tmp_path):
    user = UserData(tmp_path / "u.sqlite")
    preview = preview_import(FIX / "baci.csv", catalog, user)
    real = user.conn

    class Failing:  # the first write of a row fails, as a full disk would
        def __getattr__(self, name):
            return getattr(real, name)

        def executemany(self, sql, rows):
            if "trade_rows" in sql:
                raise sqlite3.OperationalError("database or disk is full")
            return real.executemany(sql, rows)

    user.conn = Failing()
    with pytest.raises(UserDataError, match="(?i)nothing was written"):
        commit_import(preview, user)
    user.conn = real
    assert not real.in_transaction
    assert user.imports() == [] and user.trade_flows() == []


def test_user_data_file_versions(tmp_path):
    path = tmp_path / "u.sqlite"
    UserData(path).close()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == 0x4D4E5255
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    data = path.read_bytes()
    with pytest.raises(UserDataError, match="newer minref"):
        UserData(path)
    assert path.read_bytes() == data
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE x (a)").connection.close()
    with pytest.raises(UserDataError, match="not a minref data file"):
        UserData(other)
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"junk" * 100)
    with pytest.raises(UserDataError):
        UserData(bad)


def test_cli_import_and_claims(catalog_path, tmp_path, capsys):
    from minref.cli import main

    data = tmp_path / "mine.sqlite"
    base = ["--catalog", str(catalog_path)]
    assert main(base + ["import", str(FIX / "broken_number.csv"), "--data", str(data)]) == 1
    assert "line 3" in capsys.readouterr().err
    assert (
        main(base + ["import", str(FIX / "comtrade_export.csv"), "--data", str(data), "--yes"]) == 0
    )
    assert "imported 4 rows" in capsys.readouterr().out
    assert main(base + ["claims", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [c["claim_id"] for c in out["claims"]] == ["us-share", "products", "top10"]


# ---------------------------------------------------------------- claims


def test_claim_us_share(catalog):
    data = tr.TradeData(catalog)
    r = claims.claim_us_share(data, year=2019)
    # claim 1 on the metal file alone (HS4 lines held there), 2019, by hand from the rows
    m = claims.claim_us_share(data, year=2019, source="un-comtrade-metals-exports")
    rows = [
        f
        for f in catalog.trade_flows("MEX", None, None, 2019, "export")
        if f.source_id == "un-comtrade-metals-exports"
        and len(f.hs_code) == 4
        and f.partner_kind == "country"
        and claims.BASKETS["minero-metallurgical"].holds(f.hs_code)
    ]
    share = (
        100
        * sum(f.value_usd for f in rows if f.partner_iso3 == "USA")
        / sum(f.value_usd for f in rows)
    )
    assert m.value.endswith(f"{share:.1f}%")
    ex = claims.claim_us_share(data, year=2019, include_precious=False)
    assert ex.definitions["gold and silver"] == "excluded" and ex.value != r.value
    assert any("ores and concentrates" in s.definition for s in r.sensitivity)


def test_claim_products_and_rare_earths(catalog):
    r = claims.claim_products(tr.TradeData(catalog), year=2019)
    assert "rare earths" in r.value and "USGS" in r.reason
    assert r.definitions["threshold"].startswith("exports to the U.S. above US$1,000,000")


def test_a_partner_below_the_sources_cut_is_not_listed_not_zero(catalog):
    # UN Comtrade's Mexico HS4 extract lists heading 2805's exports in 2015 to World,
    # Bolivia, Colombia and Peru only: the U.S. is below the cut, and read "U.S. US$0"
    # (in the fact card "États-Unis : 0 k$"). In 2017 it is listed (US$90 k).
    r = claims.claim_products(tr.TradeData(catalog))
    rows = {s.definition: s.result for s in r.sensitivity}
    y2015 = rows["HS 2805 exports 2015 (all listed partners; of which U.S.)"]
    assert y2015 == "US$11.6 M; U.S. not listed (below the source's cut, not zero)"
    assert rows["HS 2805 exports 2017 (all listed partners; of which U.S.)"].endswith(
        "U.S. US$90 k"
    )


def test_claim_top10_moves_with_definitions(catalog):
    r = claims.claim_top10(catalog, edition=2026, lines="any")
    top = {
        e.commodity_id
        for e in catalog.country_standing("MEX", 2026).entries
        if e.measure == "production" and e.rank and e.rank <= 10
    }
    assert r.value.startswith(f"{len(top)} (MCS 2026")
    results = {s.definition: s.result for s in r.sensitivity}
    assert len(set(results.values())) > 1  # the count depends on the definition
    mine = claims.claim_top10(catalog, edition=2026, lines="mine")
    assert int(mine.value.split(" ")[0]) <= len(top)


# ---------------------------------------------------------------- pages


def test_desk_page(qtbot, catalog, tmp_path, monkeypatch):
    monkeypatch.setenv("MINREF_HOME", str(tmp_path / "home"))
    from minref.paths import _paths

    _paths.cache_clear()
    from minref.ui.main_window import MainWindow

    w = MainWindow(catalog, None)
    qtbot.addWidget(w)
    w.open("trade:MEX")
    page = w.current_page()
    rows = page.flow_model.rows
    assert rows and all(r.reporter == "MEX" and r.partner_iso3 == "USA" for r in rows)
    silver = [r for r in rows if r.hs == "7106" and r.year == 2015]
    assert silver[0].value_usd == 1812567885.0
    assert page.share_model.rows == [] and "Choose a product" in page.share_label.text()
    page.hs.setText("2603")  # a product: every partner's share, whatever partner is chosen
    page.refresh()
    shares = {s.partner_iso3: s.share_pct for s in page.share_model.rows}
    assert len(shares) > 3 and shares["USA"] < 50 and "HHI" in page.share_label.text()
    assert "listed partners" in page.share_label.text()
    # HS x year table: headings as rows, years from the data, a total row
    t = page.hs_table
    assert t.title == "Mexico exports to the U.S." and t.rows[-1].level == 4
    assert page.hs_model.rows[-1] is t.total and 2019 in t.years
    names = [page.reporter.itemText(i) for i in range(page.reporter.count())]
    pos = {n.rsplit(" (", 1)[1][:3]: i for i, n in enumerate(names)}
    # by name, accents ignored: Canada < China < Côte d'Ivoire < Croatia < Mexico < U.S.
    assert pos["CAN"] < pos["CHN"] < pos["CIV"] < pos["HRV"] < pos["MEX"] < pos["USA"]
    page.hs.setText("")
    page.partner.setCurrentIndex(0)  # all partners
    assert page.import_file(str(FIX / "comtrade_export.csv"), confirm=False)
    assert any(i.file_name == "comtrade_export.csv" for i in page.import_model.rows)
    assert (
        not page.import_file(str(FIX / "broken_number.csv"), confirm=False)
        if _patch_box(monkeypatch)
        else False
    )
    _paths.cache_clear()


def _patch_box(monkeypatch) -> bool:
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    return True


def test_claims_page_recompute_and_export(qtbot, catalog, tmp_path):
    from minref.ui.main_window import MainWindow

    w = MainWindow(catalog, None)
    qtbot.addWidget(w)
    w.open("claims")
    page = w.current_page()
    assert [r.claim_id for r in page.results] == ["us-share", "products", "top10"]
    page.precious.setChecked(False)
    page.recompute()
    assert page.results[0].definitions["gold and silver"] == "excluded"
    out = page.export_card(page.results[2], str(tmp_path / "card.pdf"))
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "Mexico is among the world's top 10 producers of 16 minerals" in text
    assert "Verdict" in text and "Sources" in text
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_claims_page_checks_again_when_a_definition_changes(qtbot, catalog):
    # Found in the built app: with the year set to 2019 the page kept the verdict for
    # 2015-2021 ("partly supported") until Recompute was pressed; 2019's is "not supported".
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from minref.ui.main_window import MainWindow

    w = MainWindow(catalog, None)
    qtbot.addWidget(w)
    w.show()
    w.open("claims")
    page = w.current_page()
    assert "2015–2021" in page.results[0].value
    page.year.setFocus()
    i = page.year.findData(2019)
    page.year.setCurrentIndex(i)
    page.year.activated.emit(i)  # what choosing it from the list (or by keyboard) sends
    assert "and 2019;" in page.results[0].value and page.results[0].verdict == "not supported"
    qtbot.wait(10)  # the old cards are deleted when the event loop next runs
    shown = " ".join(lb.text() for lb in page.findChildren(QLabel) if lb.isVisibleTo(page))
    assert "59.0%" in shown and "52.7–68.0%" not in shown  # the cards, not only the data
    # each card's definitions end in one full stop before its sources, never two
    assert ".. " not in shown and "..\n" not in shown
    page.mine_only.setChecked(False)  # a check box too
    assert page.results[2].definitions["lines"] == "any production line"
    qtbot.keyClick(page.year, Qt.Key.Key_Up)  # the keyboard: the next year up the list
    assert page.year.currentData() != 2019
    assert str(page.year.currentData() or "2015–2021") in page.results[0].value


def test_desk_chart_sums_the_table(qtbot, catalog):
    from minref.ui.main_window import MainWindow

    w = MainWindow(catalog, None)
    qtbot.addWidget(w)
    w.open("trade:MEX")
    page = w.current_page()
    page.tabs.setCurrentWidget(page.chart_holder)
    spec = page.chart_view.spec
    silver = next(s for s in spec.series if s.name.startswith("7106"))
    table = {r.year: r.value_usd for r in page.flow_model.rows if r.hs == "7106"}
    assert {p.x: p.value for p in silver.points} == table
    assert spec.caption.startswith("Source: United Nations")


def test_the_desk_cites_the_mirrors_other_side_too(qtbot, catalog, tmp_path, monkeypatch):
    # Found in the built app: with the U.S.'s imports of HS 7106 from Mexico imported from
    # a file, the mirror compared 2019-2021 on them, but the sources line under the tabs
    # named only UN Comtrade's Mexican exports.
    monkeypatch.setenv("MINREF_HOME", str(tmp_path / "home"))
    from minref.paths import _paths

    _paths.cache_clear()
    from minref.ui.main_window import MainWindow

    header = (FIX / "comtrade_export.csv").read_text(encoding="utf-8").splitlines()[0]
    rows = [
        f"C,A,{y}0101,{y},52,{y},842,USA,USA,M,Import,484,MEX,Mexico,0,H5,7106,"
        f'"Silver",kg,1000,1000,{v},,{v}'
        for y, v in ((2019, 1900000000), (2020, 2100000000))
    ]
    path = tmp_path / "usa_silver_imports.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    try:
        w = MainWindow(catalog, None)
        qtbot.addWidget(w)
        w.open("trade:MEX")
        page = w.current_page()
        assert page.import_file(str(path), confirm=False)
        page.hs.setText("7106")
        page.refresh()
        compared = [m for m in page.mirror_model.rows if m.comparable]
        assert {m.year for m in compared} == {2019, 2020}
        imported = {s for m in compared for s in m.b_sources}
        assert imported and all(s.startswith("user-import") for s in imported)
        note = page.note.text()
        for s in imported:
            assert page.data.source(s).citation() in note
        assert "UN Comtrade" in note  # Mexico's side still cited
    finally:
        _paths.cache_clear()
