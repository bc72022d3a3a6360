"""Spanish and French: complete catalogs, CLDR numbers on real figures, Spanish briefs with
the catalog's Spanish names, synonyms that find their commodities, charts, search results and
the edition diff in both languages, and a pseudo-locale run with no untranslated string in
the converted parts (CLI text, briefs, claims labels, charts, search, diff)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from minref import i18n
from tests.pdftext import pdf_text
from tests.pseudo_text import english_chunks, outside_brackets

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

NNBSP = "\u202f"  # narrow no-break space: CLDR's French group separator
NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _english_afterwards():
    """main() sets the process's language; leave English for the other tests."""
    yield
    i18n.set_language("en")


def _po(lang):
    from babel.messages.pofile import read_po

    with open(i18n.po_path(lang), "rb") as fh:
        return read_po(fh, locale=lang, domain=i18n.DOMAIN)


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_every_message_is_translated_and_none_is_fuzzy(lang):
    import i18n as tool  # scripts/i18n.py

    assert tool.problems(lang) == []
    assert len(_po(lang)) > 400  # the whole UI, the CLI text and the briefs


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_the_catalogs_hold_every_extracted_message(lang):
    """A new tr()/_() string needs `scripts/i18n.py update` and its ES/FR translations."""
    import i18n as tool

    extracted = {m.id for m in tool.extract() if m.id}
    held = {m.id for m in _po(lang) if m.id}
    assert sorted(extracted - held, key=str) == []


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_translations_keep_their_placeholders(lang):
    for m in _po(lang):
        if not m.id:
            continue
        source = m.id if isinstance(m.id, str) else m.id[0]
        for text in [m.string] if isinstance(m.string, str) else list(m.string):
            assert sorted(re.findall(r"\{[^{}]*\}", text)) == sorted(
                re.findall(r"\{[^{}]*\}", source)
            ), m.id


def test_flag_labels_are_marked_for_translation():
    from minref.analysis.text import FLAG_LABELS_FOR_TRANSLATION
    from minref.catalog.flags import FLAG_LABELS

    assert set(FLAG_LABELS.values()) <= set(FLAG_LABELS_FOR_TRANSLATION)


def test_lookups_in_each_language():
    with i18n.using("es"):
        assert i18n._("Sources") == "Fuentes"
        assert i18n._("estimated") == "estimado"
    with i18n.using("fr"):
        assert i18n._("Sources") == "Sources"
        assert i18n._("Paper:") == "Papier" + NBSP + ":"
    with i18n.using("en"):
        assert i18n._("Sources") == "Sources"
    assert i18n.has_catalog("es") and i18n.has_catalog("fr")


def test_language_from_the_system_setting_and_flag(tmp_path, monkeypatch):
    assert i18n.system_language({"LANG": "es_MX.UTF-8"}) == "es"
    assert i18n.system_language({"LC_ALL": "fr_FR.UTF-8", "LANG": "es_MX.UTF-8"}) == "fr"
    assert i18n.system_language({"LANG": "C.UTF-8"}) == "en"
    assert i18n.system_language({"LANG": "de_DE.UTF-8"}) == "en"
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert i18n.resolve_language(None) == "es"
    i18n.save_language("fr")
    try:
        assert i18n.resolve_language(None) == "fr"  # the app's setting beats the system
        assert i18n.resolve_language("en") == "en"  # --lang beats both
    finally:
        i18n.save_language(None)
    assert i18n.resolve_language(None) == "es"


def test_mo_compiled_into_the_cache(tmp_path):
    mo = tmp_path / "es.mo"
    i18n.compile_po(i18n.po_path("es"), mo)
    import gettext

    with open(mo, "rb") as fh:
        assert gettext.GNUTranslations(fh).gettext("Sources") == "Fuentes"


# ------------------------------------------------------------------ numbers (CLDR)
def test_numbers_on_mexicos_silver(catalog):
    """USGS MCS 2026, silver, Mexico: 6,300 t (estimated), 24.2 % of the world total."""
    from minref.analysis.text import pct
    from minref.catalog.models import format_number

    mexico = catalog.world_production("silver").row_for("MEX")
    assert mexico.figure.raw.replace(",", "") == "6300"
    expected = {
        "en": ("6,300", "24.2%"),
        "es": ("6,300", "24.2%"),
        "fr": (f"6{NNBSP}300", "24,2 %"),
    }
    for lang, (number, share) in expected.items():
        with i18n.using(lang):
            assert mexico.figure.display() == number
            assert pct(mexico.share_pct) == share.replace(" ", NBSP)
    with i18n.using("en"):
        assert format_number(6300.5) == "6,300.5"
    with i18n.using("es"):
        assert format_number(6300.5) == "6,300.5"
    with i18n.using("fr"):
        assert format_number(6300.5) == f"6{NNBSP}300,5"
        assert format_number(1234567.125) == f"1{NNBSP}234{NNBSP}567,125"


def test_money_and_dates():
    import datetime

    assert i18n.format_money_compact(2.68e9, "USD", "es") == "US$2.68 mil millones"
    assert i18n.format_money_compact(2.68e9, "USD", "fr") == f"2,68{NBSP}Md{NBSP}$US"
    assert i18n.format_money_compact(2.68e9, "USD", "en") == "US$2.68 billion"
    assert i18n.format_date(datetime.date(2025, 3, 1), "long", "es") == "1 de marzo de 2025"
    assert i18n.format_month(2025, 3, "fr") == "mars 2025"


def test_json_stays_locale_free(catalog_path, capsys):
    import json

    from minref.cli import main

    assert main(["--catalog", str(catalog_path), "--lang", "fr", "show", "silver", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    text = json.dumps(data, ensure_ascii=False)
    assert NNBSP not in text and "Argent" in text  # numbers plain; names as stored


def test_cli_text_in_spanish_and_french(catalog_path, capsys):
    from minref.cli import main

    assert main(["--catalog", str(catalog_path), "--lang", "es", "show", "silver"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Plata")
    assert "Datos clave" in out and "México: 6,300 [estimado]" in out
    assert main(["--catalog", str(catalog_path), "--lang", "fr", "show", "silver"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Argent")
    assert f"Mexique{NBSP}: 6{NNBSP}300 [estimé]" in out


def test_cli_trade_names_partners_as_the_catalog_does(catalog_path, capsys):
    """One name a partner, whichever source holds the row ("United States of America" in
    Mexico's HS4 declarations, "United States" in the metal headings), in the reader's
    language: as the trade desk names them."""
    from minref.cli import main

    base = ["--catalog", str(catalog_path), "--lang", "es", "trade", "--reporter", "MEX"]
    assert main(base + ["--partner", "USA", "--hs", "7106", "--year", "2015"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if "SA 7106" in line]
    assert len(rows) == 3  # exports in two sources, imports in one
    exports = [line for line in rows if "exportación" in line]
    assert len(exports) == 2 and all("MEX → Estados Unidos de América " in x for x in exports)
    assert all("MEX ← Estados Unidos de América " in x for x in rows if x not in exports), rows
    assert main(base + ["--hs", "2603", "--year", "2021", "--shares"]) == 0
    out = capsys.readouterr().out
    assert "  Japón " in out and "Japan" not in out


# ------------------------------------------------------------------ synonyms
@pytest.mark.parametrize(
    "term, commodity",
    [
        ("espato flúor", "fluorspar"),
        ("espato fluor", "fluorspar"),
        ("fluorita", "fluorspar"),
        ("spath fluor", "fluorspar"),
        ("celestina", "strontium"),
        ("célestine", "strontium"),
        ("baritina", "barite"),
        ("barita", "barite"),
        ("cinc", "zinc"),
        ("zinc", "zinc"),
        ("wolframio", "tungsten"),
        ("tungstène", "tungsten"),
        ("minerai d'argent", "silver"),
    ],
)
def test_synonyms_find_their_commodity(catalog, term, commodity):
    hits = catalog.search(term, 5)
    assert (hits[0].kind, hits[0].key) == ("commodity", commodity), hits
    assert catalog.resolve_commodity(term) == commodity


def test_cinc_is_zinc_before_cinchona_and_critical_minerals_open_the_list(catalog):
    hits = catalog.search("cinc", 5)
    assert hits[0].key == "zinc" and all(h.kind == "hs" for h in hits[1:])
    for term in ("minerales críticos", "minerais critiques", "critical minerals"):
        assert catalog.search(term, 3)[0].kind == "commodities"


def test_no_results_line_with_suggestions(catalog_path, capsys):
    from minref.cli import main

    assert main(["--catalog", str(catalog_path), "search", "fluorspr"]) == 0
    assert "Did you mean: Fluorspar" in capsys.readouterr().out
    assert main(["--catalog", str(catalog_path), "--lang", "es", "search", "qqqzzz"]) == 0
    assert capsys.readouterr().out.startswith("Sin resultados para «qqqzzz»")


# ------------------------------------------------------------------ charts
def test_silver_world_ranking_chart_in_spanish_and_french(catalog):
    """USGS MCS 2026, silver, 2025: 14 countries listed, Mexico first at 6,300 t (estimated).
    Titles, notes, units and USGS's line label are in the reader's language."""
    from minref.analysis import charts

    with i18n.using("es"):
        spec = charts.world_ranking(catalog, "silver")
        assert spec.title == "Plata: producción mundial por país, 2025"
        assert spec.x_label == "toneladas métricas"
        assert spec.categories[0] == "1. México" and spec.highlight == ("1. México",)
        assert spec.note == (
            "MCS 2026, Producción minera. Lugar entre los países que lista el USGS; "
            "rayado = estimado; W/NA = sin cifra publicada."
        )
        assert spec.caption.startswith("Fuente: U.S. Geological Survey (USGS)")
        assert charts.summary_sentence(spec) == (
            "14 barras; la mayor, resaltada: 1. México, 6,300 toneladas métricas."
        )
        history = charts.production_history(catalog, "silver")
        assert history.title == "Plata: evolución de la producción por país"
        assert history.x_label == "año"
        assert [s.name for s in history.series][:3] == ["México", "Perú", "China"]
    with i18n.using("fr"):
        spec = charts.world_ranking(catalog, "silver")
        assert spec.title == f"Argent{NBSP}: production mondiale par pays, 2025"
        assert spec.categories[:3] == ("1. Mexique", "2. Pérou", "3. Chine")
        assert spec.caption.startswith(f"Source{NBSP}: U.S. Geological Survey (USGS)")
        assert charts.summary_sentence(spec) == (
            f"14 barres{NNBSP}; la plus grande, en évidence{NBSP}: 1. Mexique, "
            f"6{NNBSP}300 tonnes métriques."
        )
        nir = charts.us_nir(catalog, "silver")
        assert nir.title == f"Argent{NBSP}: dépendance nette des États-Unis aux importations"
        assert nir.y_label == "pour cent de la consommation apparente"
        assert nir.series[0].name == "Dépendance nette aux importations"
        reserves = charts.reserves_vs_production(catalog, "silver")
        mexico = next(p for p in reserves.series[0].points if p.x == "Mexique")
        # MCS 2026: reserves 37,000 t / production 6,300 t = 5.87 years
        assert charts.value_text(mexico.value, "years") == "5,9 ans"
        assert charts.value_text(77, "percent") == f"77{NBSP}%"
    with i18n.using("en"):
        assert charts.world_ranking(catalog, "silver").title == (
            "Silver: world production by country, 2025"
        )


def test_french_numbers_on_the_axis_and_in_the_hover(qtbot, catalog):
    from minref.analysis import charts
    from minref.ui.charts import ChartView, NumberAxis, point_text, tick_text

    with i18n.using("fr"):
        assert tick_text(6300) == f"6{NNBSP}300"
        assert NumberAxis("bottom").tickStrings([0, 3200, 6400], 1, 1600) == [
            "0",
            f"3{NNBSP}200",
            f"6{NNBSP}400",
        ]
        spec = charts.world_ranking(catalog, "silver")
        mexico = spec.series[0].points[0]
        tip = point_text(spec, spec.series[0].name, mexico, catalog.sources)
        assert tip.splitlines()[:3] == [
            "Production minière — 1. Mexique",
            f"6{NNBSP}300 tonnes métriques",
            f"Indicateurs{NBSP}: estimé",  # the tables' word for flags
        ]
        assert f"Source{NBSP}: U.S. Geological Survey (USGS)" in tip
        from minref.ui.app import make_app
        from minref.ui.translators import install_translators

        app = make_app()
        install_translators(app)  # the widgets' tr() asks the same catalog
        try:
            view = ChartView(spec, catalog.sources)
            qtbot.addWidget(view)
            assert view.plot.getAxis("bottom").labelText == "tonnes métriques"
            menu = [a.text() for a in view.context_menu().actions() if a.text()]
            assert menu[:2] == ["Réinitialiser le zoom", "Échelle log."]
            assert "Image PNG (2x)…" in menu
            assert not view.plot.getViewBox().menuEnabled()  # pyqtgraph's English menu: off
        finally:
            install_translators(app, "en")
    with i18n.using("es"):
        assert tick_text(6300) == "6,300" and tick_text(2.5e9) == "2.5 mil M"


# ------------------------------------------------------------------ search and diff
def test_search_results_in_spanish_and_french(catalog):
    from minref.catalog.search import KIND_LABELS, kind_label

    with i18n.using("es"):
        hit = catalog.search("plata", 3)[0]
        assert (hit.title, hit.subtitle) == ("Plata", "Producto · Silver · Argent")
        ore = next(h for h in catalog.search("2616.10", 3) if h.key == "261610")
        assert ore.title == "SA 2616.10 Silver ores and concentrates"  # HS text as published
        assert ore.subtitle == "Subpartida del SA 2022"
        assert kind_label("hs") == "Código SA" and KIND_LABELS["country"] == "País"
    with i18n.using("fr"):
        hit = catalog.search("lanthane", 3)
        element = next(h for h in hit if h.kind == "element")
        assert element.title == "Lanthane (La)"
        assert element.subtitle.startswith("Élément de terres rares · Z=57 · ")
        assert {**KIND_LABELS}["hs"] == "Code SH"
        mexico = next(h for h in catalog.search("mexique", 3) if h.kind == "country")
        assert (mexico.title, mexico.subtitle) == ("Mexique", "Pays · MEX · México")


def test_edition_diff_in_french(catalog):
    """MCS 2025 -> 2026: Mexico's 2024 fluorspar, 1,200 t (estimated) revised to 1,510 t."""
    from minref.analysis.diff import diff_text, edition_diff

    with i18n.using("fr"):
        lines = diff_text(edition_diff(catalog, 2025, 2026), limit=100)
    assert lines[0].startswith("Changements du MCS 2025 au MCS 2026 (chiffres révisés de plus")
    assert (
        f"  Spath fluor (fluorine), Mine production, Mexique, 2024{NBSP}: 1{NNBSP}200 [estimé]"
        f" -> 1{NNBSP}510 milliers de tonnes métriques (+25,8{NBSP}%)"
    ) in lines
    assert f"Mexique{NBSP}: chiffres révisés{NBSP}: 9" in lines


# ------------------------------------------------------------------ briefs
def _pdftotext(path) -> str:
    return pdf_text(path, "-layout")


def test_spanish_commodity_brief(catalog_path, tmp_path):
    from pypdf import PdfReader

    from minref.cli import main

    out = tmp_path / "plata.pdf"
    assert main(["--catalog", str(catalog_path), "--lang", "es", "brief", "commodity", "silver",
                 "--out", str(out)]) == 0  # fmt: skip
    text = _pdftotext(out)
    for heading in (
        "Lugar de México en el mundo",
        "Producción mundial",
        "Estadísticas principales de EE. UU.",
        "Códigos SA",
        "Fuentes",
        "Página 1 de",
    ):
        assert heading in text, heading
    assert "Plata" in text and "México" in text
    assert "e = estimado" in text
    assert PdfReader(str(out)).trailer["/Root"].get("/Lang") == "es-MX"
    fluor = tmp_path / "fluorita.pdf"
    assert main(["--catalog", str(catalog_path), "--lang", "es", "brief", "commodity",
                 "espato flúor", "--out", str(fluor)]) == 0  # fmt: skip
    assert "Fluorita" in _pdftotext(fluor)


def test_french_commodity_brief(catalog_path, tmp_path):
    from minref.cli import main

    out = tmp_path / "argent.pdf"
    assert main(["--catalog", str(catalog_path), "--lang", "fr", "brief", "commodity", "silver",
                 "--out", str(out)]) == 0  # fmt: skip
    text = _pdftotext(out)
    assert "Argent" in text and "Production mondiale" in text and "Page 1 sur" in text
    assert "e = estimé" in text


def test_export_dialog_writes_a_spanish_brief_from_an_english_app(qtbot, catalog, tmp_path):
    from minref.ui.brief_dialog import BriefDialog

    d = BriefDialog(catalog, "commodity", ["fluorspar"])
    qtbot.addWidget(d)
    d.open_when_done.setChecked(False)
    d.marking.setText("For official use only")
    d.language.setCurrentIndex(d.language.findData("es"))
    assert d.marking.text() == "Solo para uso oficial"  # the preset follows the language
    out = d.export(str(tmp_path / "fluorita.pdf"))
    text = _pdftotext(out)
    assert "Fluorita" in text and "Solo para uso oficial" in text and "Página 1 de" in text
    assert i18n.current_language() == "en"  # the app itself stays in English


# ------------------------------------------------------------------ pseudo-locale
def _english_chunks(files: list[str]) -> set[str]:
    return english_chunks(files, strip=" :;,.()[]%")


_outside_brackets = outside_brackets


CONVERTED = [
    "minref/analysis/text.py",
    "minref/briefing/document.py",
    "minref/briefing/briefs.py",
    "minref/analysis/charts.py",
    "minref/analysis/diff.py",
    "minref/catalog/search.py",
]


def _not_converted_text(catalog) -> str:
    """English that is not ours to translate here: the sources' own titles and notes.
    (Chart titles, axes, notes and summaries are converted: a leak from them fails.)"""
    parts = []
    for src in catalog.sources.values():
        parts += [src.organisation, src.dataset, src.edition, src.notes, src.attribution]
    return " ".join(p for p in parts if p)


def test_pseudo_locale_leaves_no_english_in_the_converted_parts(
    catalog, catalog_path, tmp_path, capsys
):
    from minref.cli import main

    others = _not_converted_text(catalog)
    chunks = {c for c in _english_chunks(CONVERTED) if c not in others}
    assert len(chunks) > 30
    assert main(["--catalog", str(catalog_path), "--lang", "pseudo", "show", "silver"]) == 0
    assert main(["--catalog", str(catalog_path), "--lang", "pseudo", "claims"]) == 0
    for args in (["data", "diff", "--from", "2025", "--to", "2026"], ["search", "fluorspr"]):
        assert main(["--catalog", str(catalog_path), "--lang", "pseudo", *args]) == 0
    out = capsys.readouterr().out
    text = ""
    for kind, target in (
        ("commodity", "silver"),
        ("mexico-us", "MEX"),
        ("rare-earths", ""),
        ("pack", "silver,fluorspar"),
    ):
        pdf = tmp_path / f"pseudo-{kind}.pdf"
        args = ["--catalog", str(catalog_path), "--lang", "pseudo", "brief", kind]
        assert main(args + ([target] if target else []) + ["--out", str(pdf)]) == 0
        text += _pdftotext(pdf)
    capsys.readouterr()
    assert "⟦" in out and "⟦" in text
    for name, shown in (("CLI", out), ("brief", text)):
        plain = re.sub(r"\s+", " ", _outside_brackets(shown))
        leaked = sorted(c for c in chunks if c in plain)
        assert leaked == [], f"{name}: {leaked}"
    # short labels of the converted parts (too short for the chunks above)
    for label in ("CLAIM", "VERDICT", "WHY", "cannot be checked", "sources:", "Key facts"):
        assert label not in _outside_brackets(out), label
    for label in ("World total", "Other countries", "Data as of", "Page 1 of", "HS codes"):
        assert label not in _outside_brackets(text), label
    # the charts' short words: axis titles, series names, the source line
    for label in ("Source:", "bars;", "series from", "percent of", "World (USGS"):
        assert label not in _outside_brackets(text), label
    for label in ("New commodities", "rank changes", "revised figures", "Sources:"):
        assert label not in _outside_brackets(out), label


# ------------------------------------------------------------------ Qt
def test_qt_uses_the_same_catalog(qtbot):
    from PySide6.QtCore import QCoreApplication

    from minref.ui.app import make_app
    from minref.ui.translators import install_translators, qt_catalog_loaded

    app = make_app()
    try:
        install_translators(app, "es")
        assert QCoreApplication.translate("TradeDeskPage", "Trade desk") == "Mesa de comercio"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"
        assert qt_catalog_loaded("es") and qt_catalog_loaded("fr")
        install_translators(app, "fr")
        assert QCoreApplication.translate("X", "Search") == "Rechercher"
    finally:
        install_translators(app, "en")
    assert QCoreApplication.translate("X", "Search") == "Search"


def test_language_switch_keeps_the_page_and_persists(qtbot, catalog):
    from minref.ui.app import make_app, settings
    from minref.ui.main_window import MainWindow
    from minref.ui.translators import install_translators, language_menu, switch_language

    app = make_app()
    s = settings()
    win = MainWindow(catalog, s)
    qtbot.addWidget(win)
    win.open("commodity:fluorspar")
    assert [a.text() for a in language_menu(win).actions()][1:] == [
        "English",
        "Español (México)",
        "Français",
    ]
    new = switch_language(win, "fr")
    qtbot.addWidget(new)
    try:
        assert new.history.items[new.history.pos] == "commodity:fluorspar"
        assert new.nav.item(1).text() == "Terres rares"
        assert i18n.saved_language() == "fr"
    finally:
        back = switch_language(new, None)
        qtbot.addWidget(back)
        install_translators(app, "en")
    assert i18n.saved_language() is None


def test_language_switch_keeps_the_claim_checkers_definitions(qtbot, catalog):
    """The claim checker was rebuilt with its defaults: 2017 chosen, "toutes les années
    disponibles" after the switch (found in the built app)."""
    from minref.ui.app import make_app, settings
    from minref.ui.main_window import MainWindow
    from minref.ui.translators import install_translators, switch_language

    app = make_app()
    win = MainWindow(catalog, settings())
    qtbot.addWidget(win)
    win.open("claims")
    page = win.current_page()
    i = page.year.findData(2017)
    page.year.setCurrentIndex(i)
    page.year.activated.emit(i)
    page.precious.setChecked(False)
    new = switch_language(win, "fr")
    qtbot.addWidget(new)
    try:
        p = new.current_page()
        assert p.year.currentData() == 2017 and not p.precious.isChecked()
        assert "2017" in p.results[0].value  # the cards were checked again for 2017
    finally:
        back = switch_language(new, None)
        qtbot.addWidget(back)
        install_translators(app, "en")


def test_language_switch_keeps_the_trade_desk_query(qtbot, catalog):
    """The desk was rebuilt with its defaults: the HS prefix typed, the years picked and
    the tab shown were lost (found in the built app)."""
    from minref.ui.app import make_app, settings
    from minref.ui.main_window import MainWindow
    from minref.ui.translators import install_translators, switch_language

    app = make_app()
    win = MainWindow(catalog, settings())
    qtbot.addWidget(win)
    win.open("trade:MEX")
    desk = win.current_page()
    desk.hs.setText("7106")
    desk.year_from.setValue(2018)
    desk.year_to.setValue(2020)
    desk.flow.setCurrentIndex(desk.flow.findData("import"))
    desk.refresh()
    desk.tabs.setCurrentIndex(1)
    new = switch_language(win, "es")
    qtbot.addWidget(new)
    try:
        d = new.current_page()
        assert d.hs.text() == "7106"
        assert (d.year_from.value(), d.year_to.value()) == (2018, 2020)
        assert d.flow.currentData() == "import" and d.reporter.currentData() == "MEX"
        assert d.tabs.currentIndex() == 1
        assert {r.hs[:4] for r in d.flow_model.rows} == {"7106"}
        assert {r.year for r in d.flow_model.rows} <= {2018, 2019, 2020}
    finally:
        back = switch_language(new, None)
        qtbot.addWidget(back)
        install_translators(app, "en")


def test_english_dates_without_babel_read_as_cldr_writes_them():
    import datetime

    d = datetime.date(2026, 12, 1)
    assert i18n.format_date(d, "medium", lang="en") == "Dec 1, 2026"
    assert i18n.format_date(d, "long", lang="en") == "December 1, 2026"
    assert i18n.format_date(datetime.date(2025, 5, 9), "medium", lang="en") == "May 9, 2025"
    assert i18n.format_date(d, "long", lang="es") == "1 de diciembre de 2026"
    assert i18n.format_date(d, "long", lang="fr") == "1 décembre 2026"


# Spanish and French plain numbers and percentages are written from minref's own table of
# CLDR conventions (i18n.PLAIN_NUMBERS), not by Babel: held here to Babel's data and to
# Babel's output for the same figures (ties, negatives, large and small), as the code
# called Babel before.
PLAIN_FIGURES = [0, 1, -1, 0.5, 0.15, 0.25, 0.05, -0.04, 2.5, -2.5, 1.005, 12.345, 24.2, 99.95,
                 100, 999, 1000, 1000.5, -3.25, 6300, 6300.5, -5300.5, 0.0001, 0.045,
                 1234567.891, 1234567.125, 12345678901234, 2.68e9]  # fmt: skip


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_plain_number_table_is_babels_cldr_data(lang):
    from babel import Locale

    locale = Locale.parse(i18n.LOCALES[lang])
    point, group, suffix = i18n.PLAIN_NUMBERS[i18n.LOCALES[lang]]
    symbols = locale.number_symbols["latn"]
    assert (symbols["decimal"], symbols["group"], symbols["minusSign"]) == (point, group, "-")
    assert locale.decimal_formats[None].pattern == "#,##0.###"  # groups of three
    assert locale.decimal_formats[None].grouping == (3, 3)
    assert locale.percent_formats[None].pattern == "#,##0" + suffix


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_plain_numbers_read_as_babel_writes_them(lang):
    import random
    from decimal import Decimal

    from babel import Locale
    from babel.numbers import format_decimal, format_percent

    locale = Locale.parse(i18n.LOCALES[lang])
    percent = locale.percent_formats[None].pattern
    rng = random.Random(18)
    figures = PLAIN_FIGURES + [round(rng.uniform(-1e7, 1e7), rng.randint(0, 4)) for _ in range(300)]
    figures += [rng.uniform(-100, 100) for _ in range(300)]
    for value in figures:
        digits = str(int(value)) if float(value).is_integer() else repr(float(value))
        babel = format_decimal(Decimal(digits), locale=locale, decimal_quantization=False)
        assert i18n.format_decimal(value, lang) == babel, value
        for decimals in (0, 1, 2):
            fraction = "." + "0" * decimals if decimals else ""
            babel = format_percent(
                Decimal(repr(float(value))) / 100,
                percent.replace("#,##0", "#,##0" + fraction, 1),
                locale=locale,
            )
            assert i18n.format_percent(value, decimals, lang) == babel, (value, decimals)
            babel = format_decimal(value, "#,##0" + fraction, locale=locale)
            assert i18n.format_fixed(value, decimals, lang) == babel, (value, decimals)
    assert i18n.percent_sign(lang) == percent[percent.rfind("0") + 1 :]
    # By hand:
    assert i18n.format_percent(0.15, 1, "es") == "0.2%"  # the decimal 0.15, half to even
    assert i18n.format_fixed(-5300.25, 1, "fr") == f"-5{NNBSP}300,2"


def test_the_language_menu_ticks_the_language_the_window_is_in(qtbot, catalog, monkeypatch):
    """Saved French, started with --lang es: the window is Spanish and its menu ticked
    Français (found in the built app)."""
    from minref.ui.main_window import MainWindow
    from minref.ui.translators import language_menu

    win = MainWindow(catalog, None)
    qtbot.addWidget(win)

    def ticked(saved, running):
        monkeypatch.setattr(i18n, "saved_language", lambda: saved)
        with i18n.using(running):
            return [a.text() for a in language_menu(win).actions() if a.isChecked()]

    monkeypatch.setattr(i18n, "system_language", lambda environ=None: "en")
    assert ticked("fr", "es") == ["Español (México)"]  # --lang es over the saved French
    assert ticked("fr", "fr") == ["Français"]
    assert ticked(None, "en") == ["System language"]  # the system's, as chosen
    assert ticked(None, "es") == ["Español (México)"]  # --lang es, the system English


@pytest.mark.parametrize(
    "term, iso3",
    [
        ("turquía", "TUR"),  # the catalog names it Türkiye in every language
        ("Turquie", "TUR"),
        ("corea del sur", "KOR"),  # the catalog: República de Corea
        ("Corée du Sud", "KOR"),
        ("birmania", "MMR"),
        ("república checa", "CZE"),
        ("costa de marfil", "CIV"),
        ("EE. UU.", "USA"),
        ("EUA", "USA"),
    ],
)
def test_the_names_readers_use_find_their_country(catalog, term, iso3):
    """Found in the built app: "turquía" gave no result, "Turquie" suggested Türkiye."""
    hits = catalog.search(term, 3)
    assert hits and (hits[0].kind, hits[0].key) == ("country", iso3), hits[:1]


def test_a_synonym_names_a_country_by_its_code(tmp_path):
    from minref.ingest.synonyms import SynonymError, synonym_rows

    good = tmp_path / "good.csv"
    good.write_text(
        "term,lang,commodity_id,page,notes\nTurquía,es,,country:TUR,common name\n",
        encoding="utf-8",
    )
    assert synonym_rows(good)[0]["page"] == "country:TUR"
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "term,lang,commodity_id,page,notes\nTurquía,es,,country:turkey,common name\n",
        encoding="utf-8",
    )
    with pytest.raises(SynonymError, match="line 2: unknown page 'country:turkey'"):
        synonym_rows(bad)


def test_percentages_in_spanish_text_are_written_as_es_mx_writes_them(catalog_path, capsys):
    """CLDR es-MX writes "47%"; the terminal printed "77 [estimado] %" and "47 %", and the
    claims "del 52 %" beside "el 52%" (found in the built app). MCS 2026, silver: U.S. net
    import reliance 77 (estimated) for 2025; Mexico 47% of U.S. imports, 2021-24."""
    from minref.cli import main

    assert main(["--catalog", str(catalog_path), "--lang", "es", "show", "plata"]) == 0
    out = capsys.readouterr().out
    assert "Dependencia neta de importaciones de EE. UU. 2025: 77% [estimado]" in out
    assert "(Todos): 47%" in out
    assert main(["--catalog", str(catalog_path), "--lang", "fr", "show", "argent"]) == 0
    assert f"2025{NBSP}: 77{NBSP}% [estimé]" in capsys.readouterr().out
    for entry in i18n.translations("es")._catalog.values():  # noqa: SLF001
        assert not re.search(r"(\d|\})[ \u00a0]%", str(entry)), entry


def test_the_supply_legend_explains_every_mark_it_prints(catalog_path, capsys):
    """The terminal's supply table prints E (net exporter) and bounds (>75, <25) in its
    net import reliance column; its legend did not say what they were."""
    from minref.cli import main

    assert main(["--catalog", str(catalog_path), "--lang", "es", "supply"]) == 0
    out = capsys.readouterr().out
    assert ">75" in out  # MCS 2026: magnesium metal, U.S. net import reliance >75
    legend = next(line for line in out.splitlines() if line.startswith("e = estimado"))
    assert "E = exportador neto" in legend and ">75, <25 = un límite" in legend


# ------------------------------------------------------------------ the claims register's words
def test_the_claims_register_reads_in_the_readers_language(catalog):
    # "Afirmado por: Camimex (letter to USTR, USMCA review consultations) — United States is
    # the main destination of ..." in the Spanish claim checker (found in the built app).
    with i18n.using("es"):
        first = catalog.claims_register()[0]
    assert first["originator"] == "Camimex (carta al USTR, consultas de la revisión del T-MEC)"
    assert first["claim_paraphrased"] == (
        "Estados Unidos es el principal destino de las exportaciones minerales de México"
    )
    assert (first["figure"], first["date"], first["published_by"]) == (
        "52",
        "2025-11-20",
        "opportimes.com",
    )  # the register's own
    with i18n.using("fr"):
        assert catalog.claims_register()[2]["claim_paraphrased"] == (
            "Ces produits comprennent des terres rares"
        )
    with i18n.using("en"):
        assert catalog.claims_register()[0]["claim_paraphrased"] == (
            "United States is the main destination of Mexican mineral exports"
        )


def test_every_register_entry_is_translated_into_spanish_and_french(catalog):
    with i18n.using("en"):
        english = catalog.claims_register()
    for lang in ("es", "fr"):
        with i18n.using(lang):
            shown = catalog.claims_register()
        untranslated = [
            e["entry"]
            for e, s in zip(english, shown, strict=True)
            if s["claim_paraphrased"] == e["claim_paraphrased"]
        ]
        assert untranslated == [], lang


def test_a_register_translation_must_name_an_entry_once(tmp_path):
    from minref.ingest.synonyms import SynonymError, claims_translation_rows

    register = [{"source_id": "minref-claims-register", "entry": "1"}]
    head = "source_id,entry,lang,originator,claim_paraphrased\n"
    good = head + "minref-claims-register,1,es,Camimex,México\n"
    cases = {
        "minref-claims-register,2,es,Camimex,México\n": "line 2: no register entry",
        "minref-claims-register,1,de,Camimex,Mexiko\n": "line 2: language 'de' not es/fr",
        "minref-claims-register,1,es,,México\n": "line 2: an originator and a paraphrase",
        good[len(head) :] + "minref-claims-register,1,es,Camimex,Otra\n": "line 3: entry 1 in es",
    }
    path = tmp_path / "t.csv"
    path.write_text(good, encoding="utf-8")
    assert claims_translation_rows(register, path)[0]["claim_paraphrased"] == "México"
    for body, message in cases.items():
        path.write_text(head + body, encoding="utf-8")
        with pytest.raises(SynonymError, match=message):
            claims_translation_rows(register, path)


def test_french_lists_of_clauses_keep_their_semicolon_with_the_clause_before(catalog, tmp_path):
    # Found in the built app: the French import preview read "7 nouvelles; années
    # 2019–2021" (no space before ";"). French puts a narrow no-break space before it;
    # the preview, tooltips' flags and source lines all join through i18n.clauses.
    from minref.userdata.importers import preview_import
    from minref.userdata.store import UserData

    fixture = Path(__file__).parent / "fixtures" / "imports" / "comtrade_export.csv"
    try:
        i18n.set_language("fr")
        assert i18n.clauses(["a", "b"]) == "a\u202f; b"
        summary = preview_import(fixture, catalog, UserData(tmp_path / "u.sqlite")).summary()
        assert "\u202f; " in summary and re.search(r"\S;", summary) is None, summary
        i18n.set_language("es")
        assert i18n.clauses(["a", "b"]) == "a; b"  # Spanish as English
    finally:
        i18n.set_language("en")
    assert i18n.clauses(["a", "b"]) == "a; b"
