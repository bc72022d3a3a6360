"""A figure USGS corrected after its data release carries "c" on paper as on screen, and
the line beneath the brief's world table says what "c" means.

Expected values are hand-written from USGS's erratum applied by db/errata.csv: MCS 2026
version 1.3 (2026-05-27) corrected Brazil's rare-earth reserves from 21,000,000 to
11,000,000 metric tons (rare-earth oxide equivalent) and the world total from >85,000,000 to
>75,000,000.
"""

from __future__ import annotations

import pytest

from minref.analysis.text import figure_text
from minref.catalog.models import Figure
from minref.i18n import using
from tests.pdftext import pdf_text
from tests.test_pdf_defects_qa3 import _brief

LEGEND = {
    "en": "c = corrected by USGS after the data release.",
    "es": "c = corregido por el USGS después de la publicación de los datos.",
    "fr": "c = corrigé par l'USGS après la publication des données.",
}
BRAZIL = {"en": "11,000,000 c", "es": "11,000,000 c", "fr": "11 000 000 c"}
WORLD = {"en": ">75,000,000 c", "es": ">75,000,000 c", "fr": ">75 000 000 c"}


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_rare_earths_brief_marks_the_corrected_reserves(catalog_path, tmp_path, lang):
    text = pdf_text(_brief(catalog_path, tmp_path, lang, "commodity", "rare-earths"), "-layout")
    brazil = next(line for line in text.splitlines() if BRAZIL[lang] in line)
    assert brazil.split()[1] in ("Brazil", "Brasil", "Brésil")
    assert WORLD[lang] in text
    flat = " ".join(text.split())
    assert " ".join(LEGEND[lang].split()) in flat


def test_the_mark_follows_any_other_and_stands_alone_after_a_code():
    # a figure published as estimated and then corrected: "1,200 ec", as "e" is written
    def fig(value, raw, *flags):
        return Figure(value, raw, "metric tons", 2025, flags, "usgs-mcs-2026")

    both = fig(1200.0, "1,200", "estimated", "corrected")
    assert figure_text(both) == "1,200 ec"
    bound = fig(None, ">75,000,000", "corrected")
    assert figure_text(bound) == ">75,000,000 c"
    with using("fr"):
        assert figure_text(fig(11e6, "11,000,000", "corrected")) == "11\u202f000\u202f000 c"
