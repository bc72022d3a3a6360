"""DejaVu Sans for PDFs: Spanish and French accents and symbols print correctly."""

from __future__ import annotations

import logging
from functools import cache

logger = logging.getLogger(__name__)

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"


@cache
def register_fonts() -> None:
    """Register the bundled TTFs with reportlab once (they are embedded in every PDF)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from minref.paths import resource_dir

    fonts = resource_dir() / "fonts"
    for name, file in (
        (REGULAR, "DejaVuSans.ttf"),
        (BOLD, "DejaVuSans-Bold.ttf"),
        (ITALIC, "DejaVuSans-Oblique.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(fonts / file)))
    # Drawings start from reportlab's default state (Helvetica), which would put an
    # unembedded base-14 font into every PDF with a chart; start them in DejaVu instead.
    from reportlab.graphics import shapes

    shapes.STATE_DEFAULTS["fontName"] = REGULAR
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD)
