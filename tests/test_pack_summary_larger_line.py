"""The pack summary's note under the table says when Mexico supplies a larger share of U.S.
imports on another line than on the main one its cell gives (MCS 2026, 2021-24: copper 6%
of refined copper, 43% of copper content of scrap; zinc 15% of the combined total, 33% of
waste and scrap), in the supply brief's words (analysis.supply.import_lines_sentence)."""

from __future__ import annotations

import shutil
import subprocess

import pytest


def _page_one(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    out = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, text=True
    ).stdout
    return " ".join(out.split())


@pytest.mark.parametrize(
    ("lang", "copper", "zinc"),
    [
        (
            "en",
            "Copper: Mexico supplies 43% of Copper content of scrap (2021-24)[1], more than its "
            "6% of the main import line (Refined copper).",
            "Zinc: Mexico supplies 33% of Waste and scrap (gross weight) (2021-24)[1], more "
            "than its 15% of the main import line",
        ),
        (
            "fr",
            "Cuivre : Mexique — 43 % de Copper content of scrap (2021-24)[1], contre 6 % de la "
            "ligne d'importation principale (Refined copper).",
            "Zinc : Mexique — 33 % de Waste and scrap (gross weight) (2021-24)[1], contre 15 %",
        ),
    ],
)
def test_pack_summary_notes_a_larger_share_on_another_line(catalog, tmp_path, lang, copper, zinc):
    from minref.briefing import kinds
    from minref.briefing.document import BriefOptions

    ids = ["copper", "zinc", "antimony", "silver"]
    out = kinds.write("pack", catalog, ids, tmp_path / "p.pdf", BriefOptions(lang=lang))
    text = _page_one(out)
    assert copper in text and zinc in text
    assert "Refined metal" not in text  # zinc's 15% there is not larger than on the main line
    assert text.count("Copper content of scrap") == 1  # the cell keeps the main line's 6%
