"""USGS's line labels ("Mine production, manganese content") in Spanish and French.

resources/usgs_line_labels.csv holds one hand-written row per label of the catalog's
world_production table; minref.analysis.text.line_label_text shows it in the reader's
language.  Expected renderings below are written out by hand (es-MX, fr-FR).
"""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from minref import i18n
from minref.paths import resource_dir

LABELS_FILE = resource_dir() / "usgs_line_labels.csv"
NBSP = "\u00a0"  # French: no-break space before a colon


def _rows() -> list[dict]:
    with open(LABELS_FILE, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["en", "es", "fr"]
        return list(reader)


def test_the_file_is_one_sorted_row_per_label():
    rows = _rows()
    english = [r["en"] for r in rows]
    assert english == sorted(english), "keep resources/usgs_line_labels.csv sorted by en"
    assert len(set(english)) == len(english), "a label appears twice"
    for r in rows:
        assert None not in r and all(v is not None for v in r.values()), r
        assert r["en"] == r["en"].strip() and r["en"], r


def test_every_catalog_label_has_a_spanish_and_a_french_rendering(catalog):
    held = {r["en"]: r for r in _rows()}
    labels = {r[0] for r in catalog.conn.execute("SELECT DISTINCT type FROM world_production")}
    missing = sorted(x for x in labels if x not in held)
    assert not missing, (
        f"{len(missing)} USGS line label(s) of the catalog have no Spanish and French "
        f"rendering; add a row (en,es,fr, sorted by en) for each to {LABELS_FILE} "
        "(resources/usgs_line_labels.csv):\n" + "\n".join(missing)
    )
    empty = sorted(x for x in labels if not held[x]["es"].strip() or not held[x]["fr"].strip())
    assert not empty, f"no es or fr text in {LABELS_FILE} for:\n" + "\n".join(empty)


@pytest.mark.parametrize(
    ("label", "es", "fr"),
    [
        ("Mine production", "Producción minera", "Production minière"),
        (
            "Mine production, manganese content",
            "Producción minera, contenido de manganeso",
            "Production minière, teneur en manganèse",
        ),
        ("Refinery production", "Producción de refinería", "Production de raffinerie"),
        ("Smelter production", "Producción de fundición", "Production de fonderie"),
        ("Reserves", "Reservas", "Réserves"),
        ("Clinker capacity", "Capacidad de clínker", "Capacité de clinker"),
        ("Plant production, lime", "Producción de planta, cal", "Production d'usine, chaux"),
        (
            "Mine production, Bentonite",
            "Producción minera, bentonita",
            "Production minière, bentonite",
        ),
        (
            "Iron ore - mine production - iron content - thousand metric tons",
            "Mineral de hierro - producción minera - contenido de hierro - miles de toneladas "
            "métricas",
            "Minerai de fer - production minière - teneur en fer - milliers de tonnes métriques",
        ),
        (
            "Mine production, potassium oxide (K2O) equivalent",
            "Producción minera, equivalente en óxido de potasio (K2O)",
            "Production minière, équivalent oxyde de potassium (K2O)",
        ),
        (
            "Mine production, zirconium, gross weight",
            "Producción minera, circonio, peso bruto",
            "Production minière, zirconium, poids brut",
        ),
        (
            "Mine production: Fuller’s earth",
            "Producción minera: tierra de Fuller",
            f"Production minière{NBSP}: terre à foulon",
        ),
        ("Silicon carbide", "Carburo de silicio", "Carbure de silicium"),
    ],
)
def test_hand_written_renderings(label, es, fr):
    from minref.analysis.text import line_label_text

    with i18n.using("es"):
        assert line_label_text(label) == es
    with i18n.using("fr"):
        assert line_label_text(label) == fr
    with i18n.using("en"):
        assert line_label_text(label) == label


def test_english_and_unknown_labels_stay_as_published():
    from minref.analysis.text import line_label_text

    with i18n.using("es"):
        assert line_label_text("Mine production, unobtainium content") == (
            "Mine production, unobtainium content"
        )
        assert line_label_text("") == ""
        assert line_label_text(None) == ""
        # inside a sentence: a small first letter, a formula that begins the label kept
        assert line_label_text("Mine production", lower=True) == "producción minera"
        assert line_label_text("TiO2 Pigment Capacity", lower=True) == (
            "capacidad de pigmento de TiO2"
        )
    with i18n.using("en"):
        assert line_label_text("TiO2 Pigment Capacity", lower=True) == "TiO2 Pigment Capacity"
        assert line_label_text("Mine production", lower=True) == "mine production"
        assert line_label_text("PGM reserves", lower=True) == "PGM reserves"


def test_the_file_is_not_read_at_import():
    code = (
        "import minref.analysis.text as t, minref.analysis.supply, minref.analysis.profile\n"
        "assert t._line_labels is None\n"
        "from minref import i18n\n"
        "with i18n.using('es'): print(t.line_label_text('Reserves'))\n"
        "assert t._line_labels is not None\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "Reservas"


def test_supply_line_label_in_spanish():
    from minref.analysis.supply import line_label

    with i18n.using("es"):
        assert line_label(2026, "Mine production", 2025) == "MCS 2026, Producción minera, 2025"
        assert line_label(2026, "Mine production", 2025, lower=True) == (
            "MCS 2026, producción minera, 2025"
        )
    with i18n.using("en"):
        assert line_label(2026, "Mine production", 2025) == "MCS 2026, Mine production, 2025"


# ------------------------------------------------------------------ the country page
ENGLISH_WORDS = ("Mine production", "production", "Refinery", "Reserves", "capacity", "content")


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_mexico_country_page_lines_read_in_one_language(window_in, lang):
    win = window_in(lang, (1366, 768))
    win.open("country:MEX")
    page = win.current_page()
    model = page.standing_view.table_model()
    col = next(i for i, c in enumerate(model.columns) if c.title in ("Línea", "Ligne"))
    lines = [model.text(r, col) for r in range(model.rowCount())]
    assert lines
    english = [x for x in lines if any(w in x for w in ENGLISH_WORDS)]
    assert english == [], english
    if lang == "es":
        assert "Reservas: Producción minera, bentonita" in lines
        assert "Capacidad: Carburo de silicio" in lines
        assert "Producción minera, contenido de manganeso" in lines
    else:
        assert f"Réserves{NBSP}: Production minière, bentonite" in lines
        assert f"Capacité{NBSP}: Carbure de silicium" in lines


# ------------------------------------------------------------------ the silver brief
def _pdf_text(path) -> str:
    import shutil

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def test_silver_brief_heading_in_spanish(catalog_path, tmp_path):
    from minref.cli import main

    out = tmp_path / "plata.pdf"
    assert main(["--catalog", str(catalog_path), "--lang", "es", "brief", "commodity",
                 "silver", "--out", str(out)]) == 0  # fmt: skip
    text = _pdf_text(out)
    assert "Producción mundial (producción minera) y reservas, toneladas métricas" in text
    assert "(mine production)" not in text


def test_cli_show_in_french(cat, capsys):
    from minref.cli import main

    assert main([*cat, "--lang", "fr", "show", "silver"]) == 0
    shown = capsys.readouterr().out
    assert "MCS 2026, Production minière, 2025" in shown
    assert "Mine production" not in shown
    assert main([*cat, "--lang", "fr", "show", "silver", "--json"]) == 0
    assert '"production_basis": "MCS 2026, Mine production, 2025"' in capsys.readouterr().out
